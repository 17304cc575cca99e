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
