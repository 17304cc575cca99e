//! Where the embedded demo office keeps its ledger.

use super::local;
use crate::backend::demo::Ledger;
use crate::backend::BackendError;

const KEY: &str = "demo.ledger";

pub fn load() -> Result<Ledger, BackendError> {
    local::read(KEY).map(Option::unwrap_or_default).map_err(BackendError::Storage)
}

pub fn save(ledger: &Ledger) -> Result<(), BackendError> {
    local::write(KEY, ledger).map_err(BackendError::Storage)
}
