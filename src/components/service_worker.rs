//! The service worker (public/sw.js): registered once the app has started, so the app opens with
//! no network and the outbox is delivered by Background Sync. A new deployment waits until the
//! resident chooses to reload (never in the middle of a form: the banner only offers it).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// Registers the service worker; `update` turns true when a new version is installed and waiting.
/// In a task of its own after the first render, so the app's start is not one long task.
pub fn register(update: RwSignal<bool>) {
    super::in_next_task(Box::new(move || register_now(update)));
}

fn register_now(update: RwSignal<bool>) {
    let container = window().navigator().service_worker();
    if !js_sys::Reflect::has(&window().navigator(), &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let promise = container.register("/sw.js");
    spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A new version only matters once a current one controls the page.
        let controlled = || window().navigator().service_worker().controller().is_some();
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
    });
}

/// Lets the waiting version take over, and reloads into it (what is typed is kept: every
/// keystroke is on the phone already).
pub fn reload_to_update() {
    let container = window().navigator().service_worker();
    let reload = Closure::once_into_js(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(container.ready().unwrap_or_else(|_| js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL))).await else { return };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        match registration.waiting() {
            Some(waiting) => {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
