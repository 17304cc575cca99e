//! "Erase everything from this phone": every storage the app uses, for a volunteer handing a
//! shared phone on. localStorage and sessionStorage (drafts, my requests, neighbours, settings,
//! the demo office's ledger), the IndexedDB database (the durable draft, the outbox, the service
//! worker's deliveries, photos) and the service worker's caches.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Erases everything; the page should be reloaded afterwards (nothing is left in memory to
/// write back). True if every part went.
pub async fn everything() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let mut all = true;
    for storage in [w.local_storage(), w.session_storage()] {
        match storage {
            Ok(Some(s)) => all &= s.clear().is_ok(),
            _ => all = false,
        }
    }
    all &= super::idb::delete_database().await;
    // The caches through `window.caches`, where the browser has them.
    if let Ok(caches) = Reflect::get(&w, &"caches".into()) {
        if !caches.is_undefined() {
            all &= clear_caches(&caches).await.is_ok();
        }
    }
    all
}

/// Set in sessionStorage across the reload that follows an erase, to say it was done.
const ERASED: &str = "doorstep.erased";

/// Notes, after everything was erased, that it was (for the page after the reload).
pub fn mark_erased() {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.session_storage()) {
        let _ = s.set_item(ERASED, "1");
    }
}

/// Whether the last reload followed an erase (told once).
pub fn just_erased() -> bool {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .is_some_and(|s| s.get_item(ERASED).ok().flatten().is_some() && s.remove_item(ERASED).is_ok())
}

async fn call(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let promise: Promise = f.apply(target, args)?.dyn_into()?;
    JsFuture::from(promise).await
}

async fn clear_caches(caches: &JsValue) -> Result<(), JsValue> {
    let names: Array = call(caches, "keys", &Array::new()).await?.dyn_into()?;
    for name in names.iter() {
        call(caches, "delete", &Array::of1(&name)).await?;
    }
    Ok(())
}
