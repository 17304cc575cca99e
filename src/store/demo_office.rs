//! The shelf the demo office keeps its ledger on: raw text under one key. The office owns the
//! ledger's shape; the store only keeps the text.

use super::local;
use crate::model::StorageError;

const KEY: &str = "demo.ledger";

pub fn load() -> Result<Option<String>, StorageError> {
    local::read_raw(KEY)
}

pub fn save(text: &str) -> Result<(), StorageError> {
    local::write_raw(KEY, text)
}
