//! The draft of the new-request form, kept as it is typed so nothing is lost to a reload, and
//! its first send while the office has not confirmed it (so a retry sends the same bytes).

use super::{codec, idb, local};
use crate::model::{Draft, IdempotencyKey, StorageError};

const KEY: &str = "draft";
/// The draft's key in IndexedDB (one draft at a time).
const KEPT: &str = "current";

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

/// Keeps the draft in localStorage: at once, and readable before the first render. A draft
/// already sent (a stale copy in another tab) is not kept again.
pub fn save(draft: &Draft) -> Result<(), StorageError> {
    if was_sent(&draft.idempotency_key) {
        return Ok(());
    }
    local::write(KEY, draft)
}

/// Keeps the draft in IndexedDB too: the durable copy, which outlasts a full localStorage and
/// will hold its photos.
pub async fn keep(draft: &Draft) -> Result<(), StorageError> {
    if was_sent(&draft.idempotency_key) {
        return Ok(());
    }
    idb::put(idb::DRAFTS, KEPT, &codec::encode(draft).ok_or(StorageError::Unreadable)?).await
}

/// The durable copy, if any.
pub async fn load_kept() -> Option<Draft> {
    idb::get(idb::DRAFTS, KEPT).await.ok().flatten().and_then(|text| codec::decode(&text))
}

/// The keys of the drafts sent from this phone lately (a draft another tab still shows, or a
/// restored copy of it, must not be sent again under the same key).
const SENT: &str = "draft.sent";
const SENT_MAX: usize = 50;

/// Notes that the draft under `key` has been sent.
pub fn mark_sent(key: &IdempotencyKey) {
    let mut sent: Vec<String> = local::read(SENT).ok().flatten().unwrap_or_default();
    if !sent.iter().any(|k| k == key.as_str()) {
        sent.push(key.as_str().to_string());
    }
    let excess = sent.len().saturating_sub(SENT_MAX);
    sent.drain(..excess);
    let _ = local::write(SENT, &sent);
}

/// Whether the draft under `key` has been sent already.
pub fn was_sent(key: &IdempotencyKey) -> bool {
    local::read::<Vec<String>>(SENT).ok().flatten().unwrap_or_default().iter().any(|k| k == key.as_str())
}

/// The request was sent (or abandoned): forget the draft, its durable copy, and its copy for the
/// page before the app.
pub fn clear() {
    local::remove(KEY);
    super::boot::clear();
    leptos::task::spawn_local(async {
        let _ = idb::delete(&[idb::DRAFTS], KEPT).await;
    });
}
