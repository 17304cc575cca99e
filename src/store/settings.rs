//! The resident's settings, stored as plain values (the language as its BCP 47 tag).

use super::local;
use crate::model::StorageError;

const LANG: &str = "lang";

/// The language tag the resident chose, if any.
pub fn language() -> Option<String> {
    local::read(LANG).ok().flatten()
}

pub fn set_language(tag: &str) -> Result<(), StorageError> {
    local::write(LANG, &tag)
}

const MODE: &str = "mode";

/// Whether elder mode was chosen (read raw: the page before the app reads the same key).
pub fn elder() -> bool {
    local::read_raw(MODE).ok().flatten().is_some_and(|v| v == "elder")
}

pub fn set_elder(on: bool) -> Result<(), StorageError> {
    local::write_raw(MODE, if on { "elder" } else { "standard" })
}

const NOTIFY: &str = "notify";

/// Whether the resident asked to be told when a followed request changes.
pub fn notify() -> bool {
    local::read_raw(NOTIFY).ok().flatten().is_some_and(|v| v == "on")
}

pub fn set_notify(on: bool) -> Result<(), StorageError> {
    local::write_raw(NOTIFY, if on { "on" } else { "off" })
}

const PUSH: &str = "push";

/// The office's number for this phone's Web Push subscription, while it has one, and a mark of
/// what the office was last told (kept as `id` and mark between a tab).
fn push() -> Option<(String, String)> {
    let kept = local::read_raw(PUSH).ok().flatten()?;
    let (id, told) = kept.split_once('\t').unwrap_or((&kept, ""));
    (!id.is_empty()).then(|| (id.to_string(), told.to_string()))
}

pub fn push_id() -> Option<String> {
    push().map(|(id, _)| id)
}

pub fn push_told() -> Option<String> {
    push().map(|(_, told)| told)
}

pub fn set_push_id(id: Option<(&str, &str)>) -> Result<(), StorageError> {
    match id {
        Some((id, told)) => local::write_raw(PUSH, &format!("{id}\t{told}")),
        None => {
            local::remove(PUSH);
            Ok(())
        }
    }
}
