//! The service worker (public/sw.js): registered once the app has started, so the app opens with
//! no network and the outbox is delivered by Background Sync. A new deployment waits until the
//! resident chooses to reload (never in the middle of a form: the banner only offers it); the app
//! asks for one whenever it is shown again. Once registered, the worker is told the page's address
//! (it keeps the page from the HTTP cache: nothing is downloaded twice) and, unless the resident
//! asked the browser to save data, to keep the rest for offline use. Where the browser
//! offers no service worker (some in-app browsers and private modes), the app carries on without
//! one and says what then does not work offline (`available`).

use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// Whether the browser has service workers at all.
fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = window().navigator();
    let found = Reflect::get(&navigator, &"serviceWorker".into()).ok().filter(|c| c.is_object())?;
    Some(found.unchecked_into())
}

/// Registers the service worker; `update` turns true when a new version is installed and waiting,
/// `available` false when the browser will not run one. In a task of its own after the first
/// render, so the app's start is not one long task.
pub fn register(update: RwSignal<bool>, available: RwSignal<bool>) {
    super::in_next_task(Box::new(move || register_now(update, available, 0)));
}

fn register_now(update: RwSignal<bool>, available: RwSignal<bool>, tries: u32) {
    let Some(workers) = container() else {
        available.set(false);
        return;
    };
    let promise = workers.register("/sw.js");
    spawn_local(async move {
        let registration = wasm_bindgen_futures::JsFuture::from(promise).await.ok().filter(|r| r.is_object());
        let Some(registration) = registration else {
            // Refused (blocked, a private mode) or its script did not arrive (a weak network):
            // said, and tried again a few times, so one failed fetch does not cost the session.
            available.set(false);
            if tries < 4 {
                leptos::prelude::set_timeout(move || register_now(update, available, tries + 1), std::time::Duration::from_secs(20));
            }
            return;
        };
        available.set(true);
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A new version only matters once a current one controls the page.
        let controlled = || container().and_then(|c| c.controller()).is_some();
        if registration.waiting().is_some() && controlled() {
            update.set(true);
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = watched.installing() else { return };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && controlled() {
                    update.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // Shown again: has a new version been deployed meanwhile?
        let checked = registration.clone();
        let on_shown = Closure::<dyn Fn()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                let _ = checked.update();
            }
        });
        let _ = document().add_event_listener_with_callback("visibilitychange", on_shown.as_ref().unchecked_ref());
        on_shown.forget();
        keep_what_was_used();
    });
}

/// Tells the worker (once it is active) the page's own address, to keep the page under it (the
/// HTTP cache's copy, revalidated, not downloaded again), and, unless the resident asked the
/// browser to save data, to keep the rest for offline use. (What the first load used needs no
/// list: those files are named by their content and cached for good, so the worker's copies come
/// from the HTTP cache.)
fn keep_what_was_used() {
    let Some(ready) = container().and_then(|c| c.ready().ok()) else { return };
    spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let Some(active) = Reflect::get(&registration, &"active".into()).ok().filter(|a| a.is_object()) else { return };
        let active: web_sys::ServiceWorker = active.unchecked_into();
        let connection = Reflect::get(&window().navigator(), &"connection".into()).ok().filter(|c| c.is_object());
        let save_data = connection.and_then(|c| Reflect::get(&c, &"saveData".into()).ok()).and_then(|s| s.as_bool()).unwrap_or(false);
        let message = js_sys::Object::new();
        let _ = Reflect::set(&message, &"page".into(), &window().location().pathname().unwrap_or_default().into());
        let _ = Reflect::set(&message, &"warm".into(), &JsValue::from_bool(!save_data));
        let _ = active.post_message(&message);
    });
}

/// Lets the waiting version take over, and reloads into it (what is typed is kept: every
/// keystroke is on the phone already).
pub fn reload_to_update() {
    let Some(container) = container() else {
        let _ = window().location().reload();
        return;
    };
    let reload = Closure::once_into_js(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    let Ok(ready) = container.ready() else {
        let _ = window().location().reload();
        return;
    };
    spawn_local(async move {
        let registration = wasm_bindgen_futures::JsFuture::from(ready).await.ok().filter(|r| r.is_object());
        match registration.map(|r| r.unchecked_into::<ServiceWorkerRegistration>()).and_then(|r| r.waiting()) {
            Some(waiting) => {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
