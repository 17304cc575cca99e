//! The browser's fetch, with a time limit and a cap on what is read, turned into a `Reply` or a
//! transport failure. Only the HTTP adapters and the config loader use it; what an answer means
//! is decided in `http`.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCache, RequestInit, Response};

use super::config::Http;
use super::http::Reply;
use super::BackendError;

/// A request body.
pub enum Body {
    Json(String),
    Form(String),
}

/// One HTTP call.
pub struct Call {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Body>,
    pub no_cache: bool,
}

impl Call {
    pub fn get(url: String) -> Self {
        Call { method: "GET", url, headers: Vec::new(), body: None, no_cache: false }
    }

    pub fn with_body(method: &'static str, url: String, body: Body) -> Self {
        Call { method, url, headers: Vec::new(), body: Some(body), no_cache: false }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Always asks the server, never the HTTP cache.
    pub fn no_cache(mut self) -> Self {
        self.no_cache = true;
        self
    }
}

/// Aborts the fetch when the time limit passes, remembering that it did.
struct Deadline {
    fired: Rc<Cell<bool>>,
    timer: Option<i32>,
}

impl Deadline {
    fn start(controller: &AbortController, seconds: u32) -> Self {
        let fired = Rc::new(Cell::new(false));
        let (flag, controller) = (fired.clone(), controller.clone());
        let on_time_up = Closure::once_into_js(move || {
            flag.set(true);
            controller.abort();
        });
        let ms = i32::try_from(seconds.clamp(1, 600) * 1000).unwrap_or(i32::MAX);
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(on_time_up.unchecked_ref(), ms).ok()
        });
        Deadline { fired, timer }
    }

    /// The failure to report for a transport error: a time-out, or `otherwise`.
    fn failure(&self, seconds: u32, otherwise: BackendError) -> BackendError {
        if self.fired.get() {
            BackendError::Timeout(seconds)
        } else {
            otherwise
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(w), Some(t)) = (web_sys::window(), self.timer) {
            w.clear_timeout_with_handle(t);
        }
    }
}

fn request(call: Call, controller: &AbortController) -> Result<web_sys::Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(call.method);
    init.set_signal(Some(&controller.signal()));
    if call.no_cache {
        init.set_cache(RequestCache::NoCache);
    }
    let headers = Headers::new()?;
    for (name, value) in &call.headers {
        headers.set(name, value)?;
    }
    match call.body {
        Some(Body::Json(s)) => {
            headers.set("Content-Type", "application/json")?;
            init.set_body(&JsValue::from_str(&s));
        }
        Some(Body::Form(s)) => {
            headers.set("Content-Type", "application/x-www-form-urlencoded")?;
            init.set_body(&JsValue::from_str(&s));
        }
        None => {}
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&call.url, &init)
}

/// Reads the body chunk by chunk, stopping as soon as it passes `max` bytes.
async fn read_capped(response: &Response, max: u32, controller: &AbortController) -> Result<Vec<u8>, ReadFailure> {
    let Some(stream) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| ReadFailure::Broken)?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(bytes);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).map_err(|_| ReadFailure::Broken)?.unchecked_into();
        let start = bytes.len();
        let len = value.length() as usize;
        if start + len > max as usize {
            controller.abort();
            return Err(ReadFailure::TooLarge);
        }
        bytes.resize(start + len, 0);
        value.copy_to(&mut bytes[start..]);
    }
}

enum ReadFailure {
    Broken,
    TooLarge,
}

/// Sends `call`, giving up after `http.timeout_seconds` (for the whole answer, body included)
/// and refusing to read more than `http.max_answer_bytes`.
pub async fn send(call: Call, http: Http) -> Result<Reply, BackendError> {
    let seconds = http.timeout_seconds;
    let controller = AbortController::new().map_err(|_| BackendError::Unreachable)?;
    let deadline = Deadline::start(&controller, seconds);
    let request = request(call, &controller).map_err(|_| BackendError::Unreachable)?;
    let window = web_sys::window().ok_or(BackendError::Unreachable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| deadline.failure(seconds, BackendError::Unreachable))?
        .unchecked_into();
    let headers = response.headers();
    // The office's clock, unless the service worker answered from its cache.
    if headers.get("x-doorstep-cache").ok().flatten().is_none() {
        if let Some(date) = headers.get("date").ok().flatten() {
            super::clock::observe(&date);
        }
    }
    let declared = headers.get("content-length").ok().flatten().and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > u64::from(http.max_answer_bytes)) {
        controller.abort();
        return Err(BackendError::TooLarge(http.max_answer_bytes));
    }
    let body = read_capped(&response, http.max_answer_bytes, &controller).await.map_err(|f| match f {
        // A connection reset halfway through the body fails here.
        ReadFailure::Broken => deadline.failure(seconds, BackendError::Interrupted),
        ReadFailure::TooLarge => BackendError::TooLarge(http.max_answer_bytes),
    })?;
    Ok(Reply {
        status: response.status(),
        content_type: headers.get("content-type").ok().flatten(),
        retry_after: headers.get("retry-after").ok().flatten().and_then(|h| super::http::retry_after(&h, chrono::Utc::now())),
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
