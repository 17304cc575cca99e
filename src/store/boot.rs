//! The text fields of the draft, by element id, for the page the browser shows before the app
//! starts (`index.html`, rendered by `src/bin/prerender`). Its small script is the one other
//! reader and writer of this key: it fills the fields from it before the first paint, and saves
//! what the resident types before the app has started. The app writes it with every change of the
//! draft and reads it once at start, so text typed before the app ran is never lost.

use super::local;
use crate::model::StorageError;

const KEY: &str = "boot";

/// The text of each field, by element id.
pub fn load() -> Vec<(String, String)> {
    local::read::<std::collections::BTreeMap<String, String>>(KEY)
        .ok()
        .flatten()
        .map(|m| m.into_iter().collect())
        .unwrap_or_default()
}

pub fn save(fields: Vec<(String, String)>) -> Result<(), StorageError> {
    let mut map = std::collections::BTreeMap::new();
    for (id, text) in fields {
        map.insert(id, text);
    }
    local::write(KEY, &map)
}

pub fn clear() {
    local::remove(KEY);
}
