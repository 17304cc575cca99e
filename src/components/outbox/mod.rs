//! The outbox at work, whatever page is shown. It carries out the outbox protocol
//! (`model::outbox`) and decides nothing of its own: holding the Web Lock the service worker also
//! takes, it reads each request afresh from the phone, asks the model what comes next, does it,
//! and writes the outcome down — every try before it is sent. It runs when the app starts, when the
//! phone comes back online, when the page is shown again, when another tab or the service worker
//! says something changed, when a back-off ends, and when the resident asks. Photos are uploaded
//! outside the outbox's lock (`uploads`), one at a time for the phone.

mod later;
mod lock;
mod run;
mod uploads;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast};

use crate::backend::{use_backend, AnyBackend, BackendError};
use crate::model::outbox::{Act, May};
use crate::model::{Category, IdempotencyKey, NewRequest, Request, StorageError};
use crate::store::outbox::{self, Entry, Kept};

/// The outbox's state for every view, provided by the shell.
#[derive(Clone, Copy)]
pub struct Outbox {
    /// What is waiting (and what was filed and is not yet in "my requests"), oldest first, as kept.
    pub entries: RwSignal<Vec<Entry>>,
    /// The request this page is sending right now.
    pub sending: RwSignal<Option<IdempotencyKey>>,
    /// Requests filed since the app started (by this tab, another, or the service worker), for a
    /// page waiting on one.
    pub filed: RwSignal<Vec<(IdempotencyKey, Request)>>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// Why the outbox could not be kept where the service worker can send it (it is then kept in
    /// localStorage and sent while the app is open, or, failing that, lives in this page only).
    pub not_kept: RwSignal<Option<StorageError>>,
    /// The outbox is kept in localStorage only (IndexedDB cannot be had): the service worker cannot
    /// send it, so it goes while the app is open.
    pub page_only: RwSignal<bool>,
    /// A filed request whose number could not be kept in "my requests" (it stays in the outbox
    /// meanwhile, and is tried again).
    pub not_remembered: RwSignal<Option<StorageError>>,
    /// The photo being uploaded (its id on the phone) and the share of it sent.
    pub uploading: RwSignal<Option<(String, f64)>>,
    upload_job: StoredValue<Option<(String, u32)>>,
    backend: StoredValue<AnyBackend>,
    running: RwSignal<bool>,
    again: RwSignal<bool>,
    timer: StoredValue<Option<i32>>,
}

thread_local! {
    /// Reads of the outbox begun, and the latest one shown: an older read that ends after a newer
    /// one is not shown (it could hold a request another tab has since filed).
    static READS: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
    /// The requests this page holds that the phone could not keep (they live in `entries` only).
    static IN_PAGE_ONLY: std::cell::RefCell<Vec<IdempotencyKey>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Requests another tab said it filed, whose number this page cannot read yet: that tab's
    /// write to "my requests" reaches this one on its own time, which may be after its message.
    static HEARD: std::cell::RefCell<Vec<(IdempotencyKey, crate::model::RequestId)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How many such requests are waited for at once (a bound on what other tabs can make this hold).
const HEARD_MAX: usize = 32;

/// Notes whether `key` lives in this page only (`true`) or is kept on the phone.
fn in_page_only(key: &IdempotencyKey, only: bool) {
    IN_PAGE_ONLY.with(|k| {
        let mut k = k.borrow_mut();
        k.retain(|x| x != key);
        if only {
            k.push(key.clone());
        }
    });
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

pub(super) use lock::method;

pub(super) fn listen(target: &web_sys::EventTarget, event: &str, f: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn()>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// What became of a resident's "withdraw" or "change".
pub enum TakenBack {
    /// Out of the outbox: the request as it was (for its form, or its photos to go).
    Withdrawn(NewRequest),
    /// The office had it already: it cannot be taken back.
    AlreadyFiled(Request),
}

impl Outbox {
    /// Starts the outbox for this page: reads what is waiting (and what the first release or the
    /// service worker left), sends what is due, and keeps watching.
    pub fn start() -> Outbox {
        let outbox = Outbox {
            entries: RwSignal::new(Vec::new()),
            sending: RwSignal::new(None),
            filed: RwSignal::new(Vec::new()),
            online: RwSignal::new(window().navigator().on_line()),
            not_kept: RwSignal::new(None),
            page_only: RwSignal::new(false),
            not_remembered: RwSignal::new(None),
            uploading: RwSignal::new(None),
            upload_job: StoredValue::new(None),
            backend: StoredValue::new(use_backend()),
            running: RwSignal::new(false),
            again: RwSignal::new(false),
            timer: StoredValue::new(None),
        };
        provide_context(outbox);
        lock::hold_alive();
        // Read in a task of its own after the first render, so the app's start is not one long task.
        super::in_next_task(Box::new(move || {
            spawn_local(async move {
                // What the first release left (rare: its module is loaded only then; not loaded, at
                // the next start).
                if outbox::has_previous_release() {
                    if let Ok(adopting) = when_loaded!(later::adopt_previous_release(outbox)).await {
                        adopting.await;
                    }
                }
                outbox.refresh().await;
                outbox.pump();
            })
        }));
        let w: web_sys::EventTarget = window().into();
        listen(&w, "online", move || {
            outbox.online.set(true);
            outbox.pump();
        });
        listen(&w, "offline", move || outbox.online.set(false));
        // Another tab wrote to localStorage: a request it said it filed may be readable now.
        listen(&w, "storage", move || outbox.look_for_heard());
        listen(&document().into(), "visibilitychange", move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                outbox.pump();
            }
        });
        // The service worker says when it has carried something out.
        if let Ok(container) = js_sys::Reflect::get(&window().navigator(), &"serviceWorker".into()) {
            if let Ok(target) = container.dyn_into::<web_sys::EventTarget>() {
                listen(&target, "message", move || outbox.pump());
            }
        }
        // Another tab changed the outbox, filed a request, or is erasing everything.
        lock::hear_tabs(move |message| match message.split_once(' ') {
            Some(("filed", rest)) => {
                if let Some((key, id)) = rest.split_once(' ') {
                    outbox.heard_filed(IdempotencyKey(key.into()), id);
                }
            }
            _ if message == "erasing" => {
                crate::store::halt();
                lock::let_go();
            }
            _ if message == "erased" => {
                let _ = window().location().reload();
            }
            _ => spawn_local(async move {
                outbox.refresh().await;
                outbox.schedule();
            }),
        });
        outbox
    }

    /// Puts `new` into the outbox, committed on the phone before it returns (then the form may
    /// forget its draft), and sends it. `category` is the category as the form listed it. Where the
    /// phone keeps nothing, it is sent from this page alone and the error says so.
    pub async fn queue(self, new: NewRequest, category: Option<Category>) -> Result<Kept, StorageError> {
        let mut entry = Entry::new(new, category, Utc::now());
        // Its bytes frozen at once where they can be (no photos to upload first), so the service
        // worker can send it from the moment it is kept, even if the page closes right after.
        if entry.next_step(Utc::now(), false, false) == crate::model::outbox::Step::Prepare {
            let backend = self.backend.get_value();
            let now = crate::backend::clock::office_now();
            if let Ok(wire) = crate::backend::Backend::prepare(&backend, &entry.request, entry.category.as_ref(), now).await {
                entry.prepared(wire);
            }
        }
        // Kept at once — the resident sees it waiting the moment "send" is pressed, even while
        // another request is being sent: with its plan for the service worker where the outbox's
        // lock is free now, else without one (the run that holds the lock writes it next).
        let key = entry.key().clone();
        let existing = self.fresh(&key).await;
        let kept = match existing {
            // Already there (sent twice from a form restored before its draft was forgotten): the
            // entry as kept, with its tries, stands.
            Some(_) => Ok(Kept::Durably),
            None => match lock::locked_if_free(lock::OUTBOX, self.keep(entry.clone(), false)).await {
                Some(kept) => kept,
                None => {
                    let kept = outbox::put(&entry, None, false).await;
                    match kept {
                        Ok(Kept::InPageOnly) => self.page_only.set(true),
                        // Its plan for the service worker is written once the lock is free (a run
                        // that holds it may find nothing to do with it offline, and write none):
                        // else the worker, waking first, sends those queued after it before it.
                        Ok(Kept::Durably) => {
                            let key = key.clone();
                            spawn_local(async move {
                                lock::locked(lock::OUTBOX, async move {
                                    if let Some(e) = self.fresh(&key).await {
                                        let _ = self.keep(e, false).await;
                                    }
                                })
                                .await;
                            });
                        }
                        Err(e) => {
                            self.not_kept.set(Some(e));
                            in_page_only(&key, true);
                            self.entries.update(|list| list.push(entry));
                        }
                    }
                    kept
                }
            },
        };
        self.refresh().await;
        persist_storage();
        self.pump();
        kept
    }

    /// Sends everything waiting, now.
    pub fn send_now(self) {
        self.send_now_one(None);
    }

    /// Sends `key` (or everything waiting) now, without waiting out its back-off.
    pub fn send_now_one(self, key: Option<IdempotencyKey>) {
        spawn_local(async move {
            lock::locked(lock::OUTBOX, async move {
                for mut e in self.fresh_all().await {
                    if key.as_ref().is_none_or(|k| k == e.key()) && e.may(Act::SendNow) == May::Now {
                        e.send_now();
                        let _ = self.keep(e, false).await;
                    }
                }
            })
            .await;
            self.pump();
        });
    }

    /// Sends what is due (one run at a time; a call during a run asks for another).
    pub fn pump(self) {
        if crate::store::halted() {
            return;
        }
        if self.running.get_untracked() {
            self.again.set(true);
            return;
        }
        self.running.set(true);
        spawn_local(async move {
            loop {
                self.again.set(false);
                let uploads = self.run().await;
                self.refresh().await;
                // Photos are uploaded outside the lock; the request goes on once they are.
                let uploaded = match uploads && !crate::store::halted() {
                    true => match when_loaded!(uploads::upload_photos(self)).await {
                        Ok(uploading) => uploading.await,
                        Err(_) => false,
                    },
                    false => false,
                };
                if uploaded {
                    continue;
                }
                if !self.again.get_untracked() {
                    break;
                }
            }
            self.running.set(false);
            self.schedule();
        });
    }

    /// Wakes the outbox when the next waiting request is due.
    fn schedule(self) {
        if let Some(t) = self.timer.get_value() {
            window().clear_timeout_with_handle(t);
        }
        let now = Utc::now();
        let next = self.entries.with_untracked(|all| all.iter().filter_map(|e| e.waits_until(now)).min());
        let Some(at) = next else { return };
        let ms = at.signed_duration_since(now).num_milliseconds().clamp(0, i64::from(i32::MAX));
        let wake = Closure::once_into_js(move || self.pump());
        let handle = window().set_timeout_with_callback_and_timeout_and_arguments_0(wake.unchecked_ref(), ms as i32).ok();
        self.timer.set_value(handle);
    }

    /// Reads the outbox as kept into `entries` (what lives in this page only stays).
    async fn refresh(self) {
        let read = READS.get().0 + 1;
        READS.set((read, READS.get().1));
        let kept = outbox::all().await;
        if READS.get().1 > read {
            return;
        }
        READS.set((READS.get().0, read));
        match kept {
            Ok(list) => {
                // Entries only this page holds (the phone kept nothing) are not in storage.
                let memory: Vec<Entry> = if self.not_kept.get_untracked().is_some() {
                    self.entries.with_untracked(|all| {
                        all.iter().filter(|e| !list.iter().any(|k| k.key() == e.key())).cloned().collect()
                    })
                } else {
                    Vec::new()
                };
                self.entries.set(list.into_iter().chain(memory).collect());
            }
            Err(e) => {
                self.not_kept.set(Some(e));
            }
        }
    }

    /// Every entry as kept now, or this page's copies where the phone keeps nothing.
    async fn fresh_all(self) -> Vec<Entry> {
        match outbox::all().await {
            Ok(list) if self.not_kept.get_untracked() != Some(StorageError::Unavailable) || !list.is_empty() => list,
            _ => self.entries.get_untracked(),
        }
    }

    /// The entry `key` as kept now (this page's copy where the phone keeps nothing). Gone from a
    /// phone that keeps the outbox is gone: another tab or the service worker filed or withdrew
    /// it, and this page's older copy must never bring it back.
    async fn fresh(self, key: &IdempotencyKey) -> Option<Entry> {
        match outbox::get(key).await {
            Ok(Some(e)) => Some(e),
            Ok(None) if !IN_PAGE_ONLY.with(|k| k.borrow().contains(key)) => None,
            _ => self.entries.with_untracked(|all| all.iter().find(|e| e.key() == key).cloned()),
        }
    }

    /// Keeps `entry` with its plan for the service worker; where the office can only be searched,
    /// the plans of requests saying the same are written again (one in doubt holds the others).
    /// Held under the outbox's lock by the caller. `judged`: the worker's record of it is read.
    async fn keep(self, entry: Entry, judged: bool) -> Result<Kept, StorageError> {
        let backend = self.backend.get_value();
        let all = self.fresh_all().await;
        let kept = self.keep_one(&backend, &entry, &all, judged).await;
        if backend.dedup() == crate::model::outbox::Dedup::Search {
            let mut all = all;
            all.retain(|e| e.key() != entry.key());
            all.push(entry.clone());
            for other in all.iter().filter(|o| o.key() != entry.key() && crate::model::outbox::alike(&o.request, &entry.request)) {
                let _ = self.keep_one(&backend, other, &all, false).await;
            }
        }
        in_page_only(entry.key(), kept.is_err());
        match &kept {
            Ok(Kept::Durably) => {}
            Ok(Kept::InPageOnly) => self.page_only.set(true),
            Err(e) => {
                self.not_kept.set(Some(*e));
                // Kept in this page only: sent while it stays open.
                self.entries.update(|list| match list.iter_mut().find(|e| e.key() == entry.key()) {
                    Some(e) => *e = entry.clone(),
                    None => list.push(entry.clone()),
                });
            }
        }
        kept
    }

    async fn keep_one(self, backend: &AnyBackend, entry: &Entry, all: &[Entry], judged: bool) -> Result<Kept, StorageError> {
        let ahead = backend.dedup() == crate::model::outbox::Dedup::Search && crate::model::outbox::alike_ahead(entry, all);
        let plan = entry.worker_plan(backend.dedup(), &crate::backend::retry_on(), ahead);
        outbox::put(entry, plan.as_ref(), judged).await
    }

    /// Forgets `key` everywhere on the phone, and in this page.
    async fn forget(self, key: &IdempotencyKey) {
        in_page_only(key, false);
        let _ = outbox::remove(key).await;
        self.entries.update(|all| all.retain(|e| e.key() != key));
    }

    /// A request another tab filed (`id`), looked for in "my requests" now and, until found, each
    /// time another tab writes there.
    fn heard_filed(self, key: IdempotencyKey, id: &str) {
        HEARD.with(|h| {
            let mut h = h.borrow_mut();
            if h.len() >= HEARD_MAX {
                h.remove(0);
            }
            h.push((key, crate::model::RequestId(id.to_string())));
        });
        self.look_for_heard();
        spawn_local(async move { self.refresh().await });
    }

    /// Those requests other tabs said they filed that "my requests" now holds, told as filed.
    fn look_for_heard(self) {
        let mut found = Vec::new();
        HEARD.with(|h| {
            h.borrow_mut().retain(|(key, id)| match crate::store::my_requests::find(id) {
                Some(request) => {
                    found.push((key.clone(), request));
                    false
                }
                None => true,
            })
        });
        if !found.is_empty() {
            self.filed.update(|f| f.extend(found));
        }
    }

    /// Takes a request out of the outbox, to withdraw it or to change it (`act`). If a try may
    /// have reached the office, the office is asked first: if it has it, it is filed and cannot be
    /// taken back. Done holding the outbox's lock, on the request as kept now.
    pub async fn take_back(self, key: &IdempotencyKey, act: Act) -> Result<TakenBack, BackendError> {
        let key = key.clone();
        let result = lock::locked(lock::OUTBOX, async move {
            match when_loaded!(later::take_back(self, key, act)).await {
                Ok(taking) => taking.await,
                // Its code did not arrive (a weak network): nothing was taken back; said as such.
                Err(_) => Err(BackendError::Unreachable),
            }
        })
        .await;
        self.refresh().await;
        lock::tell_tabs("changed");
        self.pump();
        result
    }

    /// Takes photo `local` off the waiting request `key` (only before its bytes are frozen): an
    /// upload under way is stopped, and the photo leaves the phone.
    pub fn drop_photo(self, key: &IdempotencyKey, local: &str) {
        if let Some((_, job)) = self.upload_job.get_value().filter(|(l, _)| l == local) {
            crate::backend::photo_worker::cancel(job);
        }
        let (key, local) = (key.clone(), local.to_string());
        spawn_local(async move {
            lock::locked(lock::OUTBOX, async move {
                if let Some(mut e) = self.fresh(&key).await.filter(|e| e.may(Act::DropPhoto) == May::Now) {
                    if e.photo_gone(&local) {
                        let _ = self.keep(e, false).await;
                        let _ = crate::store::photos::delete(&local).await;
                    }
                }
            })
            .await;
            self.refresh().await;
        });
    }

    /// Before "erase everything": nothing of this page or any other tab writes to the phone again,
    /// and what is being sent right now has finished (the lock is held while erasing).
    pub async fn erase_everything(self) -> bool {
        crate::store::halt();
        lock::let_go();
        lock::tell_tabs("erasing");
        // Every other tab has stopped writing (told, and let go of its share of the app).
        lock::others_let_go(3000).await;
        if let Some(t) = self.timer.get_value() {
            window().clear_timeout_with_handle(t);
        }
        let done = lock::locked(lock::OUTBOX, crate::store::erase::everything()).await;
        lock::tell_tabs("erased");
        done
    }
}

/// Asks the browser to keep this site's storage even when the phone runs short (Safari otherwise
/// clears it after seven days without a visit).
fn persist_storage() {
    let storage = window().navigator().storage();
    if let Ok(p) = storage.persist() {
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}
