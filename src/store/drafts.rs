//! The draft of the new-request form, kept as it is typed so nothing is lost to a reload, and
//! its first send while the office has not confirmed it (so a retry sends the same bytes).

use super::local;
use crate::model::{Draft, IdempotencyKey, Outgoing, StorageError};

const KEY: &str = "draft";
const OUTGOING: &str = "draft.outgoing";

/// A fresh idempotency key from the platform's random source.
pub fn new_key() -> IdempotencyKey {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto: fall back to Math.random, still unique enough for an idempotency key.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    IdempotencyKey::from_random_bytes(bytes)
}

/// The saved draft, or a fresh one with a new key; and whether the phone refused to give it back.
pub fn load() -> (Draft, Option<StorageError>) {
    match local::read::<Draft>(KEY) {
        Ok(Some(d)) => (d, None),
        Ok(None) => (Draft::new(new_key()), None),
        Err(e) => (Draft::new(new_key()), Some(e)),
    }
}

pub fn save(draft: &Draft) -> Result<(), StorageError> {
    local::write(KEY, draft)
}

/// The first send of the draft, if one went out without a definite answer.
pub fn outgoing() -> Option<Outgoing> {
    local::read(OUTGOING).ok().flatten()
}

pub fn set_outgoing(outgoing: &Outgoing) -> Result<(), StorageError> {
    local::write(OUTGOING, outgoing)
}

/// The request was filed (or abandoned): forget the draft, its send, and its copy for the page
/// before the app.
pub fn clear() {
    local::remove(KEY);
    local::remove(OUTGOING);
    super::boot::clear();
}
