//! Values in the browser's localStorage, under keys prefixed `doorstep.`, written through the
//! versioned `codec`. Failures are typed, so the view can tell the resident what happened.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

use super::codec;
use crate::model::StorageError;

const PREFIX: &str = "doorstep.";

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .map_err(|_| StorageError::Unavailable)?
        .ok_or(StorageError::Unavailable)
}

/// A refused write: the quota is full, or storage is switched off.
fn write_failure(e: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name.contains("Quota") {
        StorageError::Full
    } else {
        StorageError::Unavailable
    }
}

/// The text stored under `key` (full key, prefix included).
pub fn read_raw(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(&format!("{PREFIX}{key}")).map_err(|_| StorageError::Unavailable)
}

/// Stores `text` under `key` (never once writes have stopped: `store::halt`).
pub fn write_raw(key: &str, text: &str) -> Result<(), StorageError> {
    if super::halted() {
        return Err(StorageError::Unavailable);
    }
    storage()?.set_item(&format!("{PREFIX}{key}"), text).map_err(write_failure)
}

/// Every (key, text) whose key starts with `prefix` (prefix and all).
pub fn with_prefix(prefix: &str) -> Vec<(String, String)> {
    let Ok(s) = storage() else { return Vec::new() };
    let full = format!("{PREFIX}{prefix}");
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(&full))
        .filter_map(|k| Some((k.trim_start_matches(PREFIX).to_string(), s.get_item(&k).ok().flatten()?)))
        .collect()
}

/// The value under `key`; `Ok(None)` when there is none. A value that does not read is moved
/// aside to `key.unreadable` and reported; if it cannot be moved aside it stays where it is:
/// nothing is ever deleted that could not be backed up.
pub fn read<T: DeserializeOwned>(key: &str) -> Result<Option<T>, StorageError> {
    let Some(raw) = read_raw(key)? else {
        return Ok(None);
    };
    if let Some(value) = codec::decode(&raw) {
        return Ok(Some(value));
    }
    let s = storage()?;
    let full = format!("{PREFIX}{key}");
    if s.set_item(&format!("{full}.unreadable"), &raw).is_ok() {
        let _ = s.remove_item(&full);
    }
    Err(StorageError::Unreadable)
}

/// Stores `value` under `key`.
pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    let text = codec::encode(value).ok_or(StorageError::Unreadable)?;
    write_raw(key, &text)
}

pub fn remove(key: &str) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}
