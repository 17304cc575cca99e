//! The watch the service worker carries out while no page is open (`model::follow::Watch`): kept
//! beside the outbox's plans, under a key no request can have, and what the worker last told
//! beside its records of tries. Whether the resident asked to be told is a setting
//! (`settings::notify`).

use super::idb::{self, Op};
use crate::model::StorageError;

/// The key of the watch among the plans, and of what the worker told among its records (an
/// idempotency key is 22 characters of base64: never this).
const FOLLOW: &str = "follow";

/// Keeps `watch` (its JSON text) for the service worker, committed before it returns.
pub async fn keep(watch: String) -> Result<(), StorageError> {
    idb::apply(&[Op::Put(idb::PLANS, FOLLOW, watch)]).await
}

/// The worker checks nothing more, and forgets what it told.
pub async fn stop() -> Result<(), StorageError> {
    idb::apply(&[Op::Delete(idb::PLANS, FOLLOW), Op::Delete(idb::DELIVERED, FOLLOW)]).await
}
