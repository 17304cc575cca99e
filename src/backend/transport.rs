//! The browser's fetch, with a time limit, turned into a `Reply` or a transport failure.
//! Only the HTTP adapters use it; what an answer means is decided in `http`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use wasm_bindgen::{closure::Closure, JsCast};

use super::http::Reply;
use super::BackendError;

/// A request body.
pub enum Body {
    Json(String),
    Form(String),
}

/// One HTTP call.
pub struct Call {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Body>,
}

impl Call {
    pub fn get(url: String) -> Self {
        Call { method: Method::GET, url, headers: Vec::new(), body: None }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Aborts the fetch when the time limit passes, remembering that it did.
struct Deadline {
    fired: Rc<Cell<bool>>,
    timer: Option<i32>,
}

impl Deadline {
    fn start(controller: &web_sys::AbortController, seconds: u32) -> Self {
        let fired = Rc::new(Cell::new(false));
        let (flag, controller) = (fired.clone(), controller.clone());
        let on_time_up = Closure::once_into_js(move || {
            flag.set(true);
            controller.abort();
        });
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_time_up.unchecked_ref(),
                (seconds.max(1) * 1000) as i32,
            )
            .ok()
        });
        Deadline { fired, timer }
    }

    /// The failure to report for a transport error.
    fn failure(&self, seconds: u32) -> BackendError {
        if self.fired.get() {
            BackendError::Timeout(seconds)
        } else {
            BackendError::Unreachable
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

/// Sends `call`, giving up after `timeout_seconds` (for the whole answer, body included).
pub async fn send(call: Call, timeout_seconds: u32) -> Result<Reply, BackendError> {
    let controller = web_sys::AbortController::new().map_err(|_| BackendError::Unreachable)?;
    let deadline = Deadline::start(&controller, timeout_seconds);
    let signal = controller.signal();
    let mut builder = RequestBuilder::new(&call.url).method(call.method).abort_signal(Some(&signal));
    for (name, value) in &call.headers {
        builder = builder.header(name, value);
    }
    let request = match call.body {
        None => builder.build(),
        Some(Body::Json(s)) => builder.header("Content-Type", "application/json").body(s),
        Some(Body::Form(s)) => builder.header("Content-Type", "application/x-www-form-urlencoded").body(s),
    }
    .map_err(|_| BackendError::Unreachable)?;
    let response = request.send().await.map_err(|_| deadline.failure(timeout_seconds))?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    // A connection reset halfway through the body fails here.
    let body = response.text().await.map_err(|_| match deadline.failure(timeout_seconds) {
        BackendError::Unreachable => BackendError::Interrupted,
        timeout => timeout,
    })?;
    Ok(Reply { status, content_type, body })
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
