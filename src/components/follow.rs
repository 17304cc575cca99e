//! Following the requests this phone filed, whatever page is shown: checked with the office when
//! the app starts, when it is shown again, and every few minutes while it is shown — never while
//! hidden, never more often than `config.json` allows, never before a `Retry-After` has passed —
//! in one call for the newest hundred not yet closed. What changed since the resident last looked
//! (`model::follow`) is counted for the navigation. The check is in a module of its own, loaded
//! only on a phone that follows something.

use std::cell::Cell;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::backend::{AnyBackend, Backend, BackendError};
use crate::store;

/// How many requests one check asks about (one call: the REST contract's and a GeoReport
/// server's batch); a volunteer's older ones are refreshed when their list is shown.
const FOLLOW_MAX: usize = 100;

/// The requests this phone follows, as the shell provides them to every page.
#[derive(Clone, Copy)]
pub struct Following {
    /// Counts the checks that refreshed the saved copies (a page showing them reads them again).
    pub refreshed: RwSignal<usize>,
    /// The resident's language (what the service worker's watch says is in it).
    lang: RwSignal<crate::i18n::Lang>,
}

thread_local! {
    /// Whether the checks have begun; whether one is under way; not before when the next may be
    /// (milliseconds since the epoch: the configured pause, or the office's `Retry-After`); the
    /// office they ask.
    static BEGUN: Cell<bool> = const { Cell::new(false) };
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static NOT_BEFORE: Cell<f64> = const { Cell::new(0.0) };
    static OFFICE: std::cell::RefCell<Option<AnyBackend>> = const { std::cell::RefCell::new(None) };
}

pub fn use_following() -> Following {
    expect_context::<Following>()
}

impl Following {
    /// Provided by the shell, which begins the checks (`begin`) if the phone follows something.
    pub fn start() -> Following {
        let f = Following { refreshed: RwSignal::new(0), lang: crate::i18n::use_i18n().lang };
        provide_context(f);
        f
    }

    /// Begins checking with `office` once this phone follows something (called at the start, and
    /// when a request has been filed); once.
    pub fn begin(self, office: AnyBackend) {
        if BEGUN.get() || !store::my_requests::any() {
            return;
        }
        BEGUN.set(true);
        spawn_local(async move {
            // Not loaded (a weak network): tried again at the next filing or start.
            if when_loaded!(follow_begin(self, office)).await.is_err() {
                BEGUN.set(false);
            }
        });
    }
}

lazy! {
    /// Checks now, when the page is shown again, and every few minutes.
    pub fn follow_begin(f: Following, office: AnyBackend) -> () {
        OFFICE.with(|o| *o.borrow_mut() = Some(office));
        super::outbox::listen(&document().into(), "visibilitychange", move || check(f));
        let every = Duration::from_secs(crate::backend::config::check_every_seconds().into());
        let _ = set_interval_with_handle(move || check(f), every);
        check(f);
        // Another language: the watch is written again in it (what the worker tells is in it).
        Effect::new(move |before: Option<crate::i18n::Lang>| {
            let lang = f.lang.get();
            if before.is_some_and(|b| b != lang) {
                if let Some(office) = OFFICE.with(|o| o.borrow().clone()) {
                    super::notify::rewatch(&office, lang);
                }
            }
            lang
        });
    }
}

/// Checks with the office now, if it is time to and the page is shown.
fn check(f: Following) {
    // The tab's count, from what the phone keeps, even when no check is made now.
    recount();
    if document().visibility_state() != web_sys::VisibilityState::Visible
        || store::halted()
        || BUSY.get()
        || js_sys::Date::now() < NOT_BEFORE.get().max(store::my_requests::checks_paused_until())
    {
        return;
    }
    BUSY.set(true);
    spawn_local(async move {
        check_now(f).await;
        BUSY.set(false);
    });
}

async fn check_now(f: Following) {
    let started = js_sys::Date::now();
    NOT_BEFORE.set(started + f64::from(crate::backend::config::check_every_seconds()) * 1000.0);
    let mine: Vec<_> = store::my_requests::followed(FOLLOW_MAX).into_iter().map(|r| (r.id, r.read_key)).collect();
    if !mine.is_empty() {
        let Some(office) = OFFICE.with(|o| o.borrow().clone()) else { return };
        match office.requests(&mine).await {
            Ok(listed) => {
                let _ = store::my_requests::refresh(&listed.requests);
                f.refreshed.update(|n| *n = n.wrapping_add(1));
                // What the service worker checks with the app closed: what the phone knows now.
                super::notify::keep_watch(&office, f.lang.get_untracked()).await;
            }
            // The office asks for a pause: none sooner, from any tab or start (bounded: a day at most).
            Err(BackendError::Busy { retry_after: Some(s), .. }) => {
                store::my_requests::pause_checks_until(started + f64::from(s.min(86_400)) * 1000.0);
            }
            Err(_) => {}
        }
    }
    recount();
}

/// Counts again what changed since the resident last looked (after a check, or a look), and
/// shows the count on the tab.
pub fn recount() {
    show_count(store::my_requests::changes(Utc::now()).len());
}

/// Sets `n`, how many followed requests have news, on the "my requests" tab (`data-count`, drawn
/// by the style sheet beside its name and left out of its accessible name: the page says it). Set
/// here rather than bound in the shell, so that the first load carries none of this.
pub fn show_count(n: usize) {
    if let Ok(tabs) = document().query_selector_all("nav a[href=\"/requests\"]") {
        for i in 0..tabs.length() {
            if let Some(tab) = tabs.item(i).and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = if n > 0 { tab.set_attribute("data-count", &n.to_string()) } else { tab.remove_attribute("data-count") };
            }
        }
    }
}
