//! The office's clock as this page knows it: how far it is ahead of the phone's, learnt from the
//! `Date` header of every answer (the app's own origin's at start, the office's after), and the
//! phone clock's era — a new one at each start (the caller's) and whenever the phone's clock is seen
//! to jump against the page's monotonic clock. The outbox writes each try down with both, so an
//! office that can only be searched is searched around the right moments whatever the phone says
//! the time is.

use std::cell::Cell;

use chrono::Utc;

use wasm_bindgen::JsCast;

use crate::model::outbox::Clock;

/// How far the wall clock may drift from the monotonic one before it counts as set.
const JUMP_MS: f64 = 2000.0;

thread_local! {
    static CLOCK: Cell<Clock> = const { Cell::new(Clock { era: 0, offset_ms: None }) };
    /// Wall time minus monotonic time when the era began.
    static BASE: Cell<Option<f64>> = const { Cell::new(None) };
}

fn wall_minus_monotonic() -> Option<f64> {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()?;
    let now = js_sys::Reflect::get(&performance, &"now".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let mono = now.call0(&performance).ok()?.as_f64()?;
    Some(js_sys::Date::now() - mono)
}

/// Starts this page's first era (`era`: one more than the last start's, kept by the caller).
pub fn start(era: u32) {
    CLOCK.with(|c| c.set(Clock { era, offset_ms: None }));
    BASE.with(|b| b.set(wall_minus_monotonic()));
}

/// What the page knows of its clock now (a jump seen since the last look begins a new era).
pub fn current() -> Clock {
    if let (Some(base), Some(now)) = (BASE.with(Cell::get), wall_minus_monotonic()) {
        if (now - base).abs() > JUMP_MS {
            BASE.with(|b| b.set(Some(now)));
            CLOCK.with(|c| c.set(Clock { era: c.get().era.wrapping_add(1), offset_ms: None }));
        }
    }
    CLOCK.with(Cell::get)
}

/// The time now by the office's clock, as well as the page knows it (the phone's where it does
/// not): deadlines and the times a request is sent with are the office's.
pub fn office_now() -> chrono::DateTime<Utc> {
    let now = Utc::now();
    current().offset().and_then(|o| now.checked_add_signed(o)).unwrap_or(now)
}

/// An answer's `Date` header, received now: the office's clock (to the second).
pub fn observe(date: &str) {
    let Some(at) = crate::model::time::parse_http_date(date) else { return };
    let offset = at.signed_duration_since(Utc::now()).num_milliseconds();
    let clock = current();
    // A header says whole seconds: a difference already known to within them stands.
    if clock.offset_ms.is_none_or(|known| (known - offset).abs() > 1500) {
        CLOCK.with(|c| c.set(Clock { offset_ms: Some(offset), ..clock }));
    }
}

/// Where this era's difference is not known yet, asks the app's own origin for the time (its
/// `Date`; a `HEAD` of `config.json`, never answered from the service worker's cache).
pub async fn ask_the_time() {
    if current().offset_ms.is_some() {
        return;
    }
    let call = super::transport::Call { method: "HEAD", url: "/config.json".into(), headers: Vec::new(), body: None, no_cache: true };
    let _ = super::transport::send(call, super::config::Http { timeout_seconds: 4, ..super::config::Http::default() }).await;
}
