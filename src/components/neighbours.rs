//! What a volunteer's phone does with its neighbours, outside their pages: notes the neighbour a
//! request was filed for, and forgets those whose last request was closed long enough ago.
//! Loaded on a volunteer's phone only.

use chrono::Utc;

use crate::model::{NewRequest, RequestId};
use crate::store;

/// What a volunteer's phone does with its neighbours.
pub enum NeighboursJob {
    /// Note the neighbour a request was filed for.
    Remember(NewRequest, RequestId),
    /// Forget those whose last request was closed more than this many days ago.
    ForgetExpired(u32),
}

lazy! {
    /// Loaded on a volunteer's phone only.
    pub fn neighbours_job(job: NeighboursJob) -> () {
        match job {
            NeighboursJob::Remember(new, id) => {
                let _ = store::volunteer::remember(&new, &id);
            }
            NeighboursJob::ForgetExpired(days) => store::volunteer::forget_expired(days, Utc::now()),
        }
    }
}
