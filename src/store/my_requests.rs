//! The requests filed from this phone, newest first, with their last known state so the list
//! shows even when the backend cannot be reached.

use super::local;
use crate::model::{Request, RequestId, StorageError};

const KEY: &str = "mine";

/// Last known copies, newest first.
pub fn saved() -> Vec<Request> {
    local::read(KEY).ok().flatten().unwrap_or_default()
}

pub fn ids() -> Vec<RequestId> {
    saved().into_iter().map(|r| r.id).collect()
}

pub fn find(id: &RequestId) -> Option<Request> {
    saved().into_iter().find(|r| r.id == *id)
}

/// Adds a request filed here, or refreshes its saved copy.
pub fn remember(request: &Request) -> Result<(), StorageError> {
    let mut all = saved();
    match all.iter_mut().find(|r| r.id == request.id) {
        Some(r) => *r = request.clone(),
        None => all.insert(0, request.clone()),
    }
    local::write(KEY, &all)
}

/// Refreshes the saved copies of those requests that were filed here.
pub fn refresh(fresh: &[Request]) -> Result<(), StorageError> {
    let mut all = saved();
    for r in &mut all {
        if let Some(f) = fresh.iter().find(|f| f.id == r.id) {
            *r = f.clone();
        }
    }
    local::write(KEY, &all)
}
