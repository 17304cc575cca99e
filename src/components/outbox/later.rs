//! The outbox's rarer steps, in a module loaded when first needed (Leptos's WASM splitting): the
//! service worker's tries judged, and a request taken back by the resident. They carry the
//! adapters' reading of a worker's answer and their searches, which a first visit does not need.

use chrono::Utc;
use leptos::prelude::GetValue;

use super::{Outbox, TakenBack};
use crate::backend::{clock, Backend, BackendError};
use crate::model::outbox::{Act, May, Stage, WorkerRecord};
use crate::model::IdempotencyKey;
use crate::store::outbox::Entry;

type Later<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

lazy! {
    /// Joins what the service worker wrote down of `entry`'s tries (`record`), and judges its last
    /// answer. The tries are written down before anything is judged: a page closed meanwhile leaves
    /// them counted, and the record is read again next time.
    pub fn judge(outbox: Outbox, entry: Entry, record: WorkerRecord) -> Later<Entry> {
        Box::pin(judge_now(outbox, entry, record))
    }
}

async fn judge_now(outbox: Outbox, mut entry: Entry, record: WorkerRecord) -> Entry {
    let answer = entry.worker_tries(record.tries(entry.queued_at), clock::current());
    let _ = outbox.keep(entry.clone(), answer.is_none()).await;
    if let (Some(delivered), Some(sent)) = (answer, entry.as_sent()) {
        let result = outbox.backend.get_value().accept(&outbox.with_known(sent), &delivered).await;
        let answered = result.as_ref().map_or_else(BackendError::answered, |_| true);
        entry.answered(result, answered, Utc::now(), js_sys::Math::random());
        let _ = outbox.keep(entry.clone(), true).await;
    }
    entry
}

lazy! {
    /// Keeps the send the first release left beside its draft as an entry of this one, then
    /// forgets it there.
    pub fn adopt_previous_release(outbox: Outbox) -> Later<()> {
        Box::pin(async move {
            if let Some(old) = crate::store::outbox::previous_release() {
                if super::lock::locked(super::lock::OUTBOX, outbox.keep(old, false)).await.is_ok() {
                    crate::store::outbox::forget_previous_release();
                }
            }
        })
    }
}

lazy! {
    /// `Outbox::take_back`, holding the lock.
    pub fn take_back(outbox: Outbox, key: IdempotencyKey, act: Act) -> Later<Result<TakenBack, BackendError>> {
        Box::pin(take_back_now(outbox, key, act))
    }
}

async fn take_back_now(outbox: Outbox, key: IdempotencyKey, act: Act) -> Result<TakenBack, BackendError> {
    clock::ask_the_time().await;
    outbox.settle_all().await;
    let mut entry = outbox.fresh(&key).await.ok_or(BackendError::NotFound)?;
    match entry.may(act) {
        May::No => {
            return match entry.stage {
                Stage::Filed { request, .. } => Ok(TakenBack::AlreadyFiled(request)),
                _ => Err(BackendError::NotNow),
            }
        }
        // Another request saying the same is in doubt and settles first: not yet.
        May::AskOfficeFirst if outbox.alike_ahead(&entry).await => return Err(BackendError::NotNow),
        May::AskOfficeFirst => {
            let sent = entry.as_sent().ok_or(BackendError::NotNow)?;
            if let Some(filed) = outbox.backend.get_value().find_filed(&outbox.with_known(sent)).await? {
                let request = filed.request.clone();
                entry.answered(Ok(filed), true, Utc::now(), 0.0);
                let _ = outbox.keep(entry.clone(), false).await;
                let _ = outbox.remember(entry).await;
                return Ok(TakenBack::AlreadyFiled(request));
            }
        }
        May::Now => {}
    }
    let request = entry.withdraw().ok_or(BackendError::NotNow)?;
    // Written down as withdrawn first: whatever happens next, it is never sent again.
    let _ = outbox.keep(entry, false).await;
    outbox.forget(&key).await;
    Ok(TakenBack::Withdrawn(request))
}
