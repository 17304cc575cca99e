//! JSON values in the browser's localStorage, under keys prefixed `doorstep.`.

use serde::{de::DeserializeOwned, Serialize};

const PREFIX: &str = "doorstep.";

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "localStorage refused".to_string())?
        .ok_or_else(|| "no localStorage".to_string())
}

/// The value under `key`; `Ok(None)` when there is none. An unreadable value is moved aside
/// (to `key.unreadable`) rather than thrown away, and reported.
pub fn read<T: DeserializeOwned>(key: &str) -> Result<Option<T>, String> {
    let s = storage()?;
    let full = format!("{PREFIX}{key}");
    let Some(raw) = s.get_item(&full).map_err(|_| "read refused".to_string())? else {
        return Ok(None);
    };
    serde_json::from_str(&raw).map(Some).map_err(|e| {
        let _ = s.set_item(&format!("{full}.unreadable"), &raw);
        let _ = s.remove_item(&full);
        format!("stored {key} was unreadable: {e}")
    })
}

pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    let raw = serde_json::to_string(value).map_err(|e| e.to_string())?;
    storage()?
        .set_item(&format!("{PREFIX}{key}"), &raw)
        .map_err(|_| "the phone's storage is full or refused".to_string())
}

pub fn remove(key: &str) {
    if let Ok(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}
