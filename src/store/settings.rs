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

/// The office's number for this phone's Web Push subscription, while it has one.
pub fn push_id() -> Option<String> {
    local::read_raw(PUSH).ok().flatten().filter(|id| !id.is_empty())
}

pub fn set_push_id(id: Option<&str>) -> Result<(), StorageError> {
    match id {
        Some(id) => local::write_raw(PUSH, id),
        None => {
            local::remove(PUSH);
            Ok(())
        }
    }
}
