//! The photo worker (`public/photo.js`), started the first time a photo is picked: it shrinks a
//! chosen photo with the browser's own decoders, off the page's thread, and uploads one with
//! progress. Nothing of it is fetched or run on the first load.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

use super::config::Http;
use super::http::Reply;
use super::BackendError;
use crate::model::photo::{self, PhotoProblem};
use crate::model::{GeoPoint, HttpCall};

type Progress = Rc<dyn Fn(f64)>;

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static WAITING: RefCell<Vec<(u32, Function, Option<Progress>)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u32> = const { Cell::new(1) };
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Ends every job waiting on the worker with `word` (the page's own answer: nothing came from the
/// worker), and drops the worker, so the next job starts a new one.
fn fail_all(word: &str) {
    if let Some(w) = WORKER.with(|w| w.borrow_mut().take()) {
        w.terminate();
    }
    let waiting: Vec<_> = WAITING.with(|all| all.borrow_mut().drain(..).collect());
    for (id, resolve, _) in waiting {
        let _ = resolve.call1(&JsValue::NULL, &answer_word(id, word));
    }
}

/// An answer `{id, error: word}`, as the worker would give it.
fn answer_word(id: u32, word: &str) -> JsValue {
    let answer = Object::new();
    let _ = Reflect::set(&answer, &"id".into(), &id.into());
    let _ = Reflect::set(&answer, &"error".into(), &word.into());
    answer.into()
}

/// Ends job `id` with `word` if it is still waiting (a job the worker took too long over: the
/// worker is dropped with it, and every other job waiting on it fails too — it may be stuck).
fn give_up(id: u32, word: &str) {
    if WAITING.with(|all| all.borrow().iter().any(|(i, ..)| *i == id)) {
        fail_all(word);
    }
}

/// The worker, started on first use. A worker that fails (its script did not load, it crashed, a
/// message could not be read) ends every job waiting on it, and is started again next time.
fn worker() -> Option<Worker> {
    WORKER.with(|w| {
        if w.borrow().is_none() {
            // Named by its content after the build (`scripts/post-build.sh` writes the name into
            // this text, of the same length): a page of one build never starts another's worker.
            let worker = Worker::new("/photo-____________.js").ok()?;
            let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
                let data = event.data();
                let id = get(&data, "id").as_f64().unwrap_or(0.0) as u32;
                if let Some(share) = get(&data, "progress").as_f64() {
                    let progress = WAITING.with(|all| all.borrow().iter().find(|(i, ..)| *i == id).and_then(|(.., p)| p.clone()));
                    if let Some(p) = progress {
                        p(share.clamp(0.0, 1.0));
                    }
                    return;
                }
                let resolve = WAITING.with(|all| {
                    let mut all = all.borrow_mut();
                    let at = all.iter().position(|(i, ..)| *i == id)?;
                    Some(all.swap_remove(at).1)
                });
                if let Some(resolve) = resolve {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let on_error = Closure::<dyn Fn()>::new(|| fail_all("failed"));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            *w.borrow_mut() = Some(worker);
        }
        w.borrow().clone()
    })
}

/// A number for one piece of work (to cancel it by).
pub fn new_job() -> u32 {
    NEXT.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    })
}

/// Asks the worker to do `op` with `fields` as job `id`; the answer's `ok`, or its error word. If
/// the worker says nothing for `patience_ms` (a progress report counts), the job ends with
/// "timeout".
async fn ask(id: u32, op: &str, fields: &[(&str, JsValue)], progress: Option<Progress>, patience_ms: u32) -> Result<JsValue, String> {
    let worker = worker().ok_or_else(|| "unavailable".to_string())?;
    let message = Object::new();
    let _ = Reflect::set(&message, &"id".into(), &id.into());
    let _ = Reflect::set(&message, &"op".into(), &op.into());
    for (k, v) in fields {
        let _ = Reflect::set(&message, &(*k).into(), v);
    }
    // A watchdog, fed by every word from the worker about this job.
    let heard = Rc::new(Cell::new(0u32));
    let fed = heard.clone();
    let progress = progress.map(|p| -> Progress {
        Rc::new(move |share| {
            fed.set(fed.get().wrapping_add(1));
            p(share)
        })
    });
    let answer = Promise::new(&mut |resolve, _| WAITING.with(|all| all.borrow_mut().push((id, resolve, progress.clone()))));
    if worker.post_message(&message).is_err() {
        give_up(id, "unavailable");
    }
    watch(id, heard, patience_ms);
    let data = JsFuture::from(answer).await.unwrap_or(JsValue::UNDEFINED);
    match get(&data, "error").as_string() {
        Some(word) => Err(word),
        None => Ok(get(&data, "ok")),
    }
}

/// Gives job `id` up if nothing was heard of it (`heard` unchanged) for `patience_ms`.
fn watch(id: u32, heard: Rc<Cell<u32>>, patience_ms: u32) {
    let before = heard.get();
    let check = Closure::once_into_js(move || {
        if heard.get() == before {
            give_up(id, "timeout");
        } else if WAITING.with(|all| all.borrow().iter().any(|(i, ..)| *i == id)) {
            watch(id, heard, patience_ms);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), patience_ms.min(i32::MAX as u32) as i32);
    }
}

/// A photo as it will be uploaded.
pub struct Shrunk {
    pub blob: Blob,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
    /// Where the original says it was taken (offered to the resident, never sent unasked).
    pub gps: Option<GeoPoint>,
}

/// Reads a chosen file, refuses what is not a photo, and re-encodes it within the size rules.
pub async fn shrink(file: &Blob) -> Result<Shrunk, PhotoProblem> {
    let job = new_job();
    let limits = [
        ("file", JsValue::from(file)),
        ("maxFileBytes", photo::MAX_FILE_BYTES.into()),
        ("maxPixels", (photo::MAX_PIXELS as f64).into()),
        ("longestSide", photo::LONGEST_SIDE.into()),
    ];
    let patience = photo::PREPARE_SECONDS * 1000;
    let opened = ask(job, "open", &limits, None, patience).await.map_err(|w| PhotoProblem::from_worker(&w))?;
    let number = |v: &JsValue, k: &str| get(v, k).as_f64().unwrap_or(0.0);
    let (width, height) = photo::fitted(number(&opened, "width") as u32, number(&opened, "height") as u32);
    let gps = get(&opened, "gps");
    let gps = if gps.is_object() { GeoPoint::new(number(&gps, "lat"), number(&gps, "long")) } else { None };
    let qualities: Array = photo::QUALITIES.iter().map(|q| JsValue::from(*q)).collect();
    let sizes = [
        ("job", JsValue::from(job)),
        ("width", width.into()),
        ("height", height.into()),
        ("qualities", qualities.into()),
        ("maxBytes", photo::TARGET_BYTES.into()),
    ];
    let encoded = ask(new_job(), "encode", &sizes, None, patience).await.map_err(|w| PhotoProblem::from_worker(&w))?;
    let blob: Blob = get(&encoded, "blob").dyn_into().map_err(|_| PhotoProblem::Unreadable)?;
    Ok(Shrunk { bytes: blob.size() as u32, blob, width, height, gps })
}

/// Uploads `blob` as the multipart field `field` of `call`, telling `progress` the share sent.
/// `job` (from `new_job`) is what `cancel` stops.
pub async fn upload(job: u32, blob: &Blob, call: &HttpCall, field: &str, http: Http, progress: impl Fn(f64) + 'static) -> Result<Reply, BackendError> {
    let headers: Array = call.headers.iter().map(|(k, v)| JsValue::from(Array::of2(&k.into(), &v.into()))).collect();
    let fields = [
        ("blob", JsValue::from(blob)),
        ("url", call.url.as_str().into()),
        ("field", field.into()),
        ("headers", headers.into()),
        ("timeoutMs", (f64::from(http.timeout_seconds) * 1000.0).into()),
        ("maxAnswerBytes", http.max_answer_bytes.into()),
    ];
    // The worker gives up on a stalled upload itself; this is for a worker that says nothing at all.
    let patience = http.timeout_seconds.saturating_mul(1000).saturating_add(5000);
    let answer = ask(job, "upload", &fields, Some(Rc::new(progress)), patience).await.map_err(|word| match word.as_str() {
        "timeout" => BackendError::Timeout(http.timeout_seconds),
        "too-large" => BackendError::TooLarge(http.max_answer_bytes),
        "cancelled" => BackendError::Cancelled,
        _ => BackendError::Unreachable,
    })?;
    Ok(Reply {
        status: get(&answer, "status").as_f64().unwrap_or(0.0) as u16,
        content_type: get(&answer, "type").as_string(),
        retry_after: get(&answer, "retryAfter").as_string().and_then(|h| super::http::retry_after(&h, chrono::Utc::now())),
        body: get(&answer, "body").as_string().unwrap_or_default(),
    })
}

/// Stops upload `job` (it then fails with `BackendError::Cancelled`).
pub fn cancel(job: u32) {
    if let Some(worker) = WORKER.with(|w| w.borrow().clone()) {
        let message = Object::new();
        let _ = Reflect::set(&message, &"op".into(), &"cancel".into());
        let _ = Reflect::set(&message, &"job".into(), &job.into());
        let _ = worker.post_message(&message);
    }
}
