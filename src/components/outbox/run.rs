//! One run of the outbox, holding its lock: for each request, read afresh, what the service
//! worker wrote down is joined and judged, then the model's next step is carried out and its
//! outcome written down, until the request has nothing more to do now.

use chrono::Utc;
use leptos::prelude::*;

use super::{lock, Outbox, TakenBack};
use crate::backend::{clock, Backend, BackendError, PhotoDesk};
use crate::model::outbox::{alike_ahead, Act, Dedup, Holder, May, Outgoing, Stage, Step};
use crate::model::{IdempotencyKey, RequestId};
use crate::store;
use crate::store::outbox::{self, Entry};

/// How many steps one request may take in one run (a request filed takes four: prepare, send,
/// remember, forget); a bound, so that no answer can keep a run going.
const STEPS_MAX: usize = 8;

impl Outbox {
    /// One run over every request. True when a photo is waiting to be uploaded (done next,
    /// outside the lock).
    pub(super) async fn run(self) -> bool {
        let mut uploads = false;
        let keys: Vec<IdempotencyKey> = self.fresh_all().await.iter().map(|e| e.key().clone()).collect();
        let online = !self.backend.get_value().needs_network() || window().navigator().on_line();
        // The office's clock is known before anything is tried, and everything the service worker
        // did is joined and judged before anything is searched for.
        if online {
            clock::ask_the_time().await;
        }
        self.settle_all().await;
        for key in keys {
            for _ in 0..STEPS_MAX {
                if store::halted() {
                    return false;
                }
                match self.step(&key).await {
                    Some(Step::UploadPhoto(_)) => {
                        uploads = true;
                        break;
                    }
                    Some(Step::Idle(_)) | None => break,
                    Some(_) => {}
                }
            }
        }
        self.sending.set(None);
        let waiting = self.entries.with_untracked(|all| all.iter().any(Entry::waiting));
        if waiting {
            lock::ask_for_background_sync();
        }
        uploads
    }

    /// The numbers this phone holds for its requests (never taken for another one's).
    fn known() -> Vec<RequestId> {
        store::my_requests::saved().into_iter().map(|r| r.id).collect()
    }

    /// `outgoing` with what the phone knows, for an office that can only be searched.
    fn with_known(self, mut outgoing: Outgoing) -> Outgoing {
        if outgoing.look_first && self.backend.get_value().dedup() == Dedup::Search {
            outgoing.known = Self::known();
            for e in self.entries.get_untracked() {
                if let Stage::Filed { request, .. } = e.stage {
                    outgoing.known.push(request.id);
                }
            }
        }
        outgoing
    }

    /// `settle` for every request.
    async fn settle_all(self) {
        for e in self.fresh_all().await {
            self.settle(e).await;
        }
    }

    /// Joins what the service worker wrote down of `entry`'s tries, and judges its last answer.
    async fn settle(self, mut entry: Entry) -> Entry {
        let Some(record) = outbox::worker_record(entry.key()).await else { return entry };
        let answer = entry.worker_tries(record.tries(entry.queued_at), clock::current());
        // Its tries are written down before anything is judged: a page closed meanwhile leaves them
        // counted, and the record is read again next time.
        let _ = self.keep(entry.clone(), answer.is_none()).await;
        if let (Some(delivered), Some(sent)) = (answer, entry.as_sent()) {
            let result = self.backend.get_value().accept(&self.with_known(sent), &delivered).await;
            let answered = result.as_ref().map_or_else(BackendError::answered, |_| true);
            entry.answered(result, answered, Utc::now(), js_sys::Math::random());
            let _ = self.keep(entry.clone(), true).await;
        }
        entry
    }

    /// Carries out the next step of `key`; what it was (`None`: it is gone).
    async fn step(self, key: &IdempotencyKey) -> Option<Step> {
        let backend = self.backend.get_value();
        let mut entry = self.fresh(key).await?;
        let online = !backend.needs_network() || window().navigator().on_line();
        let ahead = self.alike_ahead(&entry).await;
        let step = entry.next_step(Utc::now(), online, ahead);
        match &step {
            Step::Idle(_) | Step::UploadPhoto(_) => {}
            Step::Prepare => match backend.prepare(&entry.request, entry.category.as_ref(), Utc::now()).await {
                Ok(wire) => {
                    entry.prepared(wire);
                    let _ = self.keep(entry, false).await;
                }
                // With no network, a failure to prepare is not a failed try: it waits.
                Err(_) if !window().navigator().on_line() => return Some(Step::Idle(None)),
                Err(e) => {
                    entry.failed(e, Utc::now(), js_sys::Math::random());
                    let _ = self.keep(entry, false).await;
                    return Some(Step::Idle(None));
                }
            },
            Step::Send => {
                let outgoing = entry.begin(Holder::Page, Utc::now(), clock::current())?;
                // Written down before it goes: a send cut short is known to have been tried (where
                // the phone keeps nothing, this page's copy knows it, and the page sends it alone).
                let _ = self.keep(entry.clone(), false).await;
                self.sending.set(Some(key.clone()));
                let result = backend.submit(&self.with_known(outgoing)).await;
                let answered = result.as_ref().map_or_else(BackendError::answered, |_| true);
                entry.answered(result, answered, Utc::now(), js_sys::Math::random());
                let _ = self.keep(entry, false).await;
                self.sending.set(None);
            }
            Step::Remember => {
                self.remember(entry).await?;
            }
            Step::Forget => self.forget(key).await,
        }
        Some(step)
    }

    /// Whether `entry` waits for another request saying the same (an office that can only be
    /// searched: `model::outbox::alike_ahead`).
    async fn alike_ahead(self, entry: &Entry) -> bool {
        self.backend.get_value().dedup() == Dedup::Search && alike_ahead(entry, &self.fresh_all().await)
    }

    /// Keeps a filed request in "my requests", and only then forgets it from the outbox (a number
    /// the phone could not keep stays here, and is tried again). `None` if it could not be kept.
    async fn remember(self, entry: Entry) -> Option<()> {
        let Stage::Filed { mut request, also } = entry.stage.clone() else { return Some(()) };
        request.copies = also;
        if entry.request.filed_by.is_some() {
            // Filed for a neighbour: who filed it stays with this phone's copy (GeoReport does not
            // give it back), and the neighbour joins "people I help".
            request.filed_by = request.filed_by.or_else(|| entry.request.filed_by.clone());
            when_loaded!(crate::components::neighbours_job(crate::components::NeighboursJob::Remember(
                entry.request.clone(),
                request.id.clone()
            )))
            .await;
        }
        if let Err(e) = store::my_requests::remember(&request) {
            self.not_remembered.set(Some(e));
            return None;
        }
        self.not_remembered.set(None);
        // The office has the photos now (the demo office keeps its own here).
        if matches!(self.backend.get_value().photo_desk(), PhotoDesk::Upload { .. }) {
            for p in &entry.request.photos {
                let _ = store::photos::delete(&p.local).await;
            }
        }
        let key = entry.key().clone();
        self.forget(&key).await;
        lock::tell_tabs(&format!("filed {} {}", key.as_str(), request.id.as_str()));
        self.filed.update(|f| f.push((key, request)));
        Some(())
    }

    /// `take_back`, holding the lock.
    pub(super) async fn take_back_locked(self, key: &IdempotencyKey, act: Act) -> Result<TakenBack, BackendError> {
        clock::ask_the_time().await;
        self.settle_all().await;
        let mut entry = self.fresh(key).await.ok_or(BackendError::NotFound)?;
        match entry.may(act) {
            May::No => {
                return match entry.stage {
                    Stage::Filed { request, .. } => Ok(TakenBack::AlreadyFiled(request)),
                    _ => Err(BackendError::NotNow),
                }
            }
            // Another request saying the same is in doubt and settles first: not yet.
            May::AskOfficeFirst if self.alike_ahead(&entry).await => return Err(BackendError::NotNow),
            May::AskOfficeFirst => {
                let sent = entry.as_sent().ok_or(BackendError::NotNow)?;
                if let Some(filed) = self.backend.get_value().find_filed(&self.with_known(sent)).await? {
                    let request = filed.request.clone();
                    entry.answered(Ok(filed), true, Utc::now(), 0.0);
                    let _ = self.keep(entry.clone(), false).await;
                    let _ = self.remember(entry).await;
                    return Ok(TakenBack::AlreadyFiled(request));
                }
            }
            May::Now => {}
        }
        let request = entry.withdraw().ok_or(BackendError::NotNow)?;
        // Written down as withdrawn first: whatever happens next, it is never sent again.
        let _ = self.keep(entry, false).await;
        self.forget(key).await;
        Ok(TakenBack::Withdrawn(request))
    }
}
