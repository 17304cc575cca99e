//! The draft of the new-request form, kept as it is typed so nothing is lost to a reload.

use super::local;
use crate::model::{Draft, IdempotencyKey};

const KEY: &str = "draft";

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

/// The saved draft, or a fresh one with a new key.
pub fn load() -> Draft {
    local::read::<Draft>(KEY).ok().flatten().unwrap_or_else(|| Draft::new(new_key()))
}

pub fn save(draft: &Draft) -> Result<(), String> {
    local::write(KEY, draft)
}

/// The request was filed: forget the draft (its key goes with it).
pub fn clear() {
    local::remove(KEY);
}
