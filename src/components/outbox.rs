//! The outbox at work, whatever page is shown: it sends what is waiting, one request at a time,
//! under a Web Lock the service worker also takes (so the two never send the same request at
//! once); backs off with jitter after a failure; tries again at once when the phone comes back
//! online, when the page is shown again, and when the resident asks; and reads back what the
//! service worker delivered while no page was open. Where the browser has Background Sync, it
//! asks for a sync whenever something is left waiting. A request's photos are uploaded first, one
//! at a time with their progress shown, each kept on the phone until the office has it; the
//! request's bytes are frozen only once every photo has its address at the office.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::backend::{photo_worker, use_backend, AnyBackend, Backend, BackendError, Filed, PhotoDesk};
use crate::model::{Category, Draft, IdempotencyKey, NewRequest, Request, StorageError};
use crate::store::outbox::{self, Entry};
use crate::store;

/// The outbox's state for every view, provided by the shell.
#[derive(Clone, Copy)]
pub struct Outbox {
    /// What is waiting, oldest first.
    pub entries: RwSignal<Vec<Entry>>,
    /// The request this page is sending right now.
    pub sending: RwSignal<Option<IdempotencyKey>>,
    /// Requests filed since the app started, for a page waiting on one.
    pub filed: RwSignal<Vec<(IdempotencyKey, Request)>>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// Why the outbox could not be kept on the phone (it then lives in this page only).
    pub not_kept: RwSignal<Option<StorageError>>,
    /// The photo being uploaded (its id on the phone) and the share of it sent.
    pub uploading: RwSignal<Option<(String, f64)>>,
    upload_job: StoredValue<Option<(String, u32)>>,
    backend: StoredValue<AnyBackend>,
    running: RwSignal<bool>,
    again: RwSignal<bool>,
    timer: StoredValue<Option<i32>>,
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

fn listen(target: &web_sys::EventTarget, event: &str, f: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn()>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Runs `work` holding the outbox lock shared with the service worker (or without one where the
/// browser has no Web Locks).
async fn locked(work: impl std::future::Future<Output = ()> + 'static) {
    use js_sys::{Function, Promise, Reflect};
    let locks = Reflect::get(&window().navigator(), &"locks".into()).ok().filter(|l| !l.is_undefined());
    let request = locks.as_ref().and_then(|l| Reflect::get(l, &"request".into()).ok()).and_then(|f| f.dyn_into::<Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        work.await;
        return;
    };
    let held = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            work.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    if let Ok(promise) = request.call2(&locks, &"doorstep-outbox".into(), &held) {
        let _ = wasm_bindgen_futures::JsFuture::from(Promise::from(promise)).await;
    }
}

/// Asks the service worker to deliver what is waiting once the network is back, even if no page
/// is open then (Background Sync; where a browser has none, the next start sends it).
fn ask_for_background_sync() {
    use js_sys::{Function, Promise, Reflect};
    let Ok(container) = Reflect::get(&window().navigator(), &"serviceWorker".into()) else { return };
    let Ok(ready) = Reflect::get(&container, &"ready".into()) else { return };
    let Ok(ready) = ready.dyn_into::<Promise>() else { return };
    spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let sync = Reflect::get(&registration, &"sync".into()).ok().filter(|s| !s.is_undefined());
        let register = sync.as_ref().and_then(|s| Reflect::get(s, &"register".into()).ok()).and_then(|f| f.dyn_into::<Function>().ok());
        if let (Some(sync), Some(register)) = (sync, register) {
            if let Ok(p) = register.call1(&sync, &"outbox".into()) {
                let _ = wasm_bindgen_futures::JsFuture::from(Promise::from(p)).await;
            }
        }
    });
}

impl Outbox {
    /// Starts the outbox for this page: reads what is waiting (and what the previous release or
    /// the service worker left), sends what is due, and keeps watching.
    pub fn start() -> Outbox {
        let outbox = Outbox {
            entries: RwSignal::new(Vec::new()),
            sending: RwSignal::new(None),
            filed: RwSignal::new(Vec::new()),
            online: RwSignal::new(window().navigator().on_line()),
            not_kept: RwSignal::new(None),
            uploading: RwSignal::new(None),
            upload_job: StoredValue::new(None),
            backend: StoredValue::new(use_backend()),
            running: RwSignal::new(false),
            again: RwSignal::new(false),
            timer: StoredValue::new(None),
        };
        provide_context(outbox);
        // Read in a task of its own after the first render, so the app's start is not one long task.
        super::in_next_task(Box::new(move || {
            spawn_local(async move {
                let _ = outbox::adopt_previous_release().await;
                match outbox::all().await {
                    Ok(entries) => outbox.entries.set(entries),
                    Err(e) => outbox.not_kept.set(Some(e)),
                }
                outbox.pump();
            })
        }));
        let w: web_sys::EventTarget = window().into();
        listen(&w, "online", move || {
            outbox.online.set(true);
            outbox.pump();
        });
        listen(&w, "offline", move || outbox.online.set(false));
        listen(&document().into(), "visibilitychange", move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                outbox.pump();
            }
        });
        // The service worker says when it has delivered something.
        if let Ok(container) = js_sys::Reflect::get(&window().navigator(), &"serviceWorker".into()) {
            if let Ok(target) = container.dyn_into::<web_sys::EventTarget>() {
                listen(&target, "message", move || outbox.pump());
            }
        }
        outbox
    }

    /// Puts `new` into the outbox (on the phone before anything is sent), then sends it.
    /// `category` is the category as the form listed it.
    pub fn queue(self, new: NewRequest, category: Option<Category>) -> IdempotencyKey {
        let key = new.idempotency_key.clone();
        let mut entry = Entry::new(new, Utc::now());
        entry.category = category;
        self.entries.update(|all| all.push(entry.clone()));
        spawn_local(async move {
            if let Err(e) = outbox::put(&entry).await {
                // Not kept on the phone: it is still sent from this page, and the resident is told.
                self.not_kept.set(Some(e));
            }
            persist_storage();
            self.pump();
        });
        key
    }

    /// Sends everything due, now.
    pub fn send_now(self) {
        self.entries.update(|all| all.iter_mut().for_each(Entry::send_now));
        self.pump();
    }

    /// Sends what is due (one run at a time; a call during a run asks for another).
    pub fn pump(self) {
        if self.running.get_untracked() {
            self.again.set(true);
            return;
        }
        self.running.set(true);
        spawn_local(async move {
            loop {
                self.again.set(false);
                locked(async move { self.run().await }).await;
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
        let next = self.entries.with_untracked(|all| {
            all.iter().filter(|e| e.refused.is_none()).filter_map(|e| e.next_try).min()
        });
        let Some(at) = next else { return };
        let ms = at.signed_duration_since(now).num_milliseconds().clamp(0, i64::from(i32::MAX));
        let wake = Closure::once_into_js(move || self.pump());
        let handle = window().set_timeout_with_callback_and_timeout_and_arguments_0(wake.unchecked_ref(), ms as i32).ok();
        self.timer.set_value(handle);
    }

    /// One run, holding the lock.
    async fn run(self) {
        let backend = self.backend.get_value();
        // What the service worker delivered while the app was away.
        if let Ok(results) = outbox::delivered().await {
            for (key, delivered) in results {
                let entry = self.entries.with_untracked(|all| all.iter().find(|e| e.key().as_str() == key).cloned());
                let _ = outbox::forget_delivered(&key).await;
                let Some(mut entry) = entry else { continue };
                let Some(outgoing) = entry.next_send() else { continue };
                match backend.accept(&outgoing, &delivered).await {
                    Ok(filed) => self.complete(entry, filed).await,
                    Err(e) => self.keep(entry, e).await,
                }
            }
        }
        let offline = backend.needs_network() && !window().navigator().on_line();
        let due: Vec<Entry> = self.entries.with_untracked(|all| all.iter().filter(|e| e.is_due(Utc::now())).cloned().collect());
        for mut entry in due {
            // Photos first: the request's bytes name their addresses at the office.
            if entry.wire.is_none() && entry.request.photos.iter().any(|p| p.url.is_none()) {
                if offline {
                    continue;
                }
                self.sending.set(Some(entry.key().clone()));
                let (back, uploaded) = upload_photos(self, backend.clone(), entry).await;
                entry = back;
                if let Err(e) = uploaded {
                    self.keep(entry, e).await;
                    continue;
                }
            }
            // Prepared even with no network, so the service worker has a plan to carry out.
            if entry.wire.is_none() {
                match backend.prepare(&entry.request, entry.category.as_ref(), Utc::now()).await {
                    Ok(wire) => {
                        entry.wire = Some(wire);
                        self.save(&entry).await;
                    }
                    // With no network, a failure to prepare is not a failed try: it waits.
                    Err(_) if offline => continue,
                    Err(e) => {
                        self.keep(entry, e).await;
                        continue;
                    }
                }
            }
            if offline {
                continue;
            }
            self.sending.set(Some(entry.key().clone()));
            let Some(outgoing) = entry.next_send() else { continue };
            // Counted on the phone before it goes: a send cut short is known to have been tried.
            self.save(&entry).await;
            match backend.submit(&outgoing).await {
                Ok(filed) => self.complete(entry, filed).await,
                Err(e) => self.keep(entry, e).await,
            }
        }
        self.sending.set(None);
        if offline || self.entries.with_untracked(|all| all.iter().any(|e| e.refused.is_none())) {
            ask_for_background_sync();
        }
    }

    /// Leaves out of `entry` the photos the resident has taken off it meanwhile.
    fn keep_only_photos_left(self, entry: &mut Entry) {
        let left = self.entries.with_untracked(|all| {
            all.iter().find(|e| e.key() == entry.key()).map(|e| e.request.photos.iter().map(|p| p.local.clone()).collect::<Vec<_>>())
        });
        entry.request.photos.retain(|p| left.as_ref().is_none_or(|l| l.contains(&p.local)));
    }

    /// Takes photo `local` off the waiting request `key` (only before its bytes are frozen): an
    /// upload under way is stopped, and the photo leaves the phone.
    pub fn drop_photo(self, key: &IdempotencyKey, local: &str) {
        if let Some((_, job)) = self.upload_job.get_value().filter(|(l, _)| l == local) {
            photo_worker::cancel(job);
        }
        let mut changed = None;
        self.entries.update(|all| {
            if let Some(e) = all.iter_mut().find(|e| e.key() == key && e.wire.is_none()) {
                e.request.photos.retain(|p| p.local != local);
                changed = Some(e.clone());
            }
        });
        let local = local.to_string();
        spawn_local(async move {
            if let Some(entry) = changed {
                let _ = outbox::put(&entry).await;
            }
            let _ = store::photos::delete(&local).await;
        });
    }

    async fn save(self, entry: &Entry) {
        if let Err(e) = outbox::put(entry).await {
            self.not_kept.set(Some(e));
        }
        let entry = entry.clone();
        self.entries.update(|all| {
            if let Some(e) = all.iter_mut().find(|e| e.key() == entry.key()) {
                *e = entry;
            }
        });
    }

    /// A failed try: kept, with when to try again (or refused, for the resident to see).
    async fn keep(self, mut entry: Entry, error: BackendError) {
        entry.failed(error, Utc::now(), js_sys::Math::random());
        self.save(&entry).await;
    }

    /// Filed: out of the outbox, into "my requests".
    async fn complete(self, entry: Entry, filed: Filed) {
        let Filed { mut request, also } = filed;
        request.copies = also;
        if entry.request.filed_by.is_some() {
            // Filed for a neighbour: who filed it stays with this phone's copy (GeoReport does not
            // give it back), and the neighbour joins "people I help".
            request.filed_by = request.filed_by.or_else(|| entry.request.filed_by.clone());
            when_loaded!(neighbours_job(NeighboursJob::Remember(entry.request.clone(), request.id.clone()))).await;
        }
        let _ = store::my_requests::remember(&request);
        let _ = outbox::remove(entry.key()).await;
        // The office has the photos now (the demo office keeps its own here).
        if matches!(self.backend.get_value().photo_desk(), PhotoDesk::Upload { .. }) {
            for p in &entry.request.photos {
                let _ = store::photos::delete(&p.local).await;
            }
        }
        let key = entry.key().clone();
        self.entries.update(|all| all.retain(|e| *e.key() != key));
        self.filed.update(|f| f.push((key, request)));
    }

    /// Takes a request out of the outbox to change it. If an earlier send may have reached the
    /// office, the office is asked first: if it has it, it is filed and cannot be changed
    /// (`Ok(Err(request))`); if not, it comes back as a draft under a new key, since the old key
    /// may be known to the office with the old words.
    pub async fn take_back(self, key: &IdempotencyKey) -> Result<Result<Draft, Request>, BackendError> {
        let Some(entry) = self.entries.with_untracked(|all| all.iter().find(|e| e.key() == key).cloned()) else {
            return Err(BackendError::NotFound);
        };
        let mut draft_key = entry.key().clone();
        if entry.may_have_arrived() {
            let mut asked = entry.clone();
            if let Some(outgoing) = asked.next_send() {
                if let Some(request) = self.backend.get_value().find_filed(&outgoing).await? {
                    self.complete(entry, request.clone().into()).await;
                    return Ok(Err(request));
                }
            }
            draft_key = store::drafts::new_key();
        }
        let _ = outbox::remove(entry.key()).await;
        self.entries.update(|all| all.retain(|e| e.key() != key));
        Ok(Ok(Draft::from_request(&entry.request, draft_key)))
    }
}

/// Uploads the photos of `entry` the office does not have yet, one at a time, saving each
/// address as it comes. A photo the resident took off the request, or the phone no longer has, is
/// left out; the first failure stops the run (the entry then waits its turn). Loaded the first
/// time a request with photos is sent (Leptos's WASM splitting), not on the first visit.
/// What a volunteer's phone does with its neighbours, outside their pages.
pub enum NeighboursJob {
    /// Note the neighbour a request was filed for.
    Remember(NewRequest, crate::model::RequestId),
    /// Forget those whose last request was closed more than this many days ago.
    ForgetExpired(u32),
}

/// Loaded on a volunteer's phone only.
#[cfg_attr(not(doorstep_unsplit), leptos::lazy)]
pub fn neighbours_job(job: NeighboursJob) {
    match job {
        NeighboursJob::Remember(new, id) => {
            let _ = store::volunteer::remember(&new, &id);
        }
        NeighboursJob::ForgetExpired(days) => store::volunteer::forget_expired(days, Utc::now()),
    }
}

#[cfg_attr(not(doorstep_unsplit), leptos::lazy)]
async fn upload_photos(outbox: Outbox, backend: AnyBackend, mut entry: Entry) -> (Entry, Result<(), BackendError>) {
    if backend.photo_desk() == PhotoDesk::Closed {
        // The office takes none (its configuration changed): the words go without them.
        entry.request.photos.clear();
        outbox.save(&entry).await;
        return (entry, Ok(()));
    }
    loop {
        outbox.keep_only_photos_left(&mut entry);
        let Some(local) = entry.request.photos.iter().find(|p| p.url.is_none()).map(|p| p.local.clone()) else {
            outbox.save(&entry).await;
            return (entry, Ok(()));
        };
        let Ok(Some(blob)) = store::photos::get(&local).await else {
            entry.request.photos.retain(|p| p.local != local);
            continue;
        };
        let job = photo_worker::new_job();
        outbox.upload_job.set_value(Some((local.clone(), job)));
        outbox.uploading.set(Some((local.clone(), 0.0)));
        let (shown, id) = (outbox.uploading, local.clone());
        let sent = backend.upload_photo(&local, &blob, job, move |share| {
            shown.try_set(Some((id.clone(), share)));
        });
        let result = sent.await;
        outbox.uploading.set(None);
        outbox.upload_job.set_value(None);
        match result {
            Ok(url) => {
                if let Some(p) = entry.request.photos.iter_mut().find(|p| p.local == local) {
                    p.url = Some(url);
                }
                outbox.keep_only_photos_left(&mut entry);
                outbox.save(&entry).await;
            }
            Err(BackendError::Cancelled) => entry.request.photos.retain(|p| p.local != local),
            Err(e) => return (entry, Err(e)),
        }
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
