//! The requests filed from this phone, newest first, with their last known state so the list
//! shows even when the backend cannot be reached.

use super::local;
use crate::model::{Request, RequestId, StorageError};

const KEY: &str = "mine";

/// Last known copies, newest first.
pub fn saved() -> Vec<Request> {
    local::read(KEY).ok().flatten().unwrap_or_default()
}

/// The newest `n` saved copies, and how many are saved in all (the others are not decoded).
pub fn newest(n: usize) -> (Vec<Request>, usize) {
    match local::read_raw(KEY).ok().flatten().and_then(|raw| super::codec::decode_first(&raw, n)) {
        Some(found) => found,
        // Unreadable as a list: read it the careful way (moved aside, reported).
        None => {
            let all = saved();
            let total = all.len();
            (all.into_iter().take(n).collect(), total)
        }
    }
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

/// Refreshes the saved copies of those requests that were filed here (written only if one changed:
/// a volunteer's list of a thousand is not rewritten for nothing).
pub fn refresh(fresh: &[Request]) -> Result<(), StorageError> {
    if fresh.is_empty() {
        return Ok(());
    }
    let mut all = saved();
    let mut changed = false;
    for r in &mut all {
        if let Some(f) = fresh.iter().find(|f| f.id == r.id).filter(|f| *f != r) {
            *r = f.clone();
            changed = true;
        }
    }
    if changed {
        local::write(KEY, &all)
    } else {
        Ok(())
    }
}
