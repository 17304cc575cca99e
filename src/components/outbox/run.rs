//! One run of the outbox, holding its lock: for each request, read afresh, what the service
//! worker wrote down is joined and judged, then the model's next step is carried out and its
//! outcome written down, until the request has nothing more to do now.

use chrono::Utc;
use leptos::prelude::*;

use super::{lock, Outbox};
use crate::backend::{clock, Backend, BackendError, PhotoDesk};
use crate::model::outbox::{alike_ahead, Dedup, Holder, Outgoing, Stage, Step};
use crate::model::{IdempotencyKey, RequestId};
use crate::store;
use crate::store::outbox::{self, Entry};

/// How many steps one request may take in one run (a request filed takes four: prepare, send,
/// remember, forget); a bound, so that no answer can keep a run going.
const STEPS_MAX: usize = 8;

impl Outbox {
    /// One run over every request, each request's steps holding the outbox's lock (so a
    /// resident's withdraw or change waiting for it comes in between, on the request as kept then).
    /// True when a photo is waiting to be uploaded (done next, outside the lock).
    pub(super) async fn run(self) -> bool {
        let mut uploads = false;
        let keys: Vec<IdempotencyKey> = self.fresh_all().await.iter().map(|e| e.key().clone()).collect();
        let online = !self.backend.get_value().needs_network() || window().navigator().on_line();
        // The office's clock is known before anything is tried, and everything the service worker
        // did is joined and judged before anything is searched for.
        if online {
            clock::ask_the_time().await;
        }
        lock::locked(lock::OUTBOX, self.settle_all()).await;
        for key in keys {
            if store::halted() {
                return false;
            }
            uploads |= lock::locked(lock::OUTBOX, async move {
                // What the service worker did meanwhile (it holds the same lock while it sends) is
                // joined first: a try it made is known before this page decides to send.
                if let Some(entry) = self.fresh(&key).await {
                    self.settle(entry).await;
                }
                for _ in 0..STEPS_MAX {
                    match self.step(&key).await {
                        Some(Step::UploadPhoto(_)) => return true,
                        Some(Step::Idle(_)) | None => return false,
                        Some(_) if store::halted() => return false,
                        Some(_) => {}
                    }
                }
                false
            })
            .await;
        }
        self.sending.set(None);
        let waiting = self.entries.with_untracked(|all| all.iter().any(Entry::waiting));
        if waiting {
            lock::ask_for_background_sync();
        }
        uploads
    }

    /// The numbers this phone holds for its requests (never taken for another one's).
    pub(super) fn known() -> Vec<RequestId> {
        store::my_requests::saved().into_iter().map(|r| r.id).collect()
    }

    /// `outgoing` with what the phone knows, for an office that can only be searched (a first try
    /// too: a refusal is confirmed by a search).
    pub(super) fn with_known(self, mut outgoing: Outgoing) -> Outgoing {
        if self.backend.get_value().dedup() == Dedup::Search {
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
    pub(super) async fn settle_all(self) {
        for e in self.fresh_all().await {
            self.settle(e).await;
        }
    }

    /// Joins what the service worker wrote down of `entry`'s tries, and judges its last answer
    /// (in a module of its own, loaded only when the worker has done something).
    pub(super) async fn settle(self, entry: Entry) -> Entry {
        match outbox::worker_record(entry.key()).await {
            // Not loaded (a weak network): judged next time; the record stays.
            Some(record) => match when_loaded!(super::later::judge(self, entry.clone(), record)).await {
                Ok(judging) => judging.await,
                Err(_) => entry,
            },
            None => entry,
        }
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
            // Sent with the office's time (a hint: the office stamps its own).
            Step::Prepare => match backend.prepare(&entry.request, entry.category.as_ref(), clock::office_now()).await {
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
    pub(super) async fn alike_ahead(self, entry: &Entry) -> bool {
        self.backend.get_value().dedup() == Dedup::Search && alike_ahead(entry, &self.fresh_all().await)
    }

    /// Keeps a filed request in "my requests", and only then forgets it from the outbox (a number
    /// the phone could not keep stays here, and is tried again). `None` if it could not be kept.
    pub(super) async fn remember(self, entry: Entry) -> Option<()> {
        let Stage::Filed { mut request, also } = entry.stage.clone() else { return Some(()) };
        request.copies = also;
        if entry.request.filed_by.is_some() {
            // Filed for a neighbour: who filed it stays with this phone's copy (GeoReport does not
            // give it back), and the neighbour joins "people I help".
            request.filed_by = request.filed_by.or_else(|| entry.request.filed_by.clone());
            // Not loaded (a weak network): the neighbour is not listed yet; the request is kept all the same.
            let _ = when_loaded!(crate::components::neighbours_job(crate::components::NeighboursJob::Remember(
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
}
