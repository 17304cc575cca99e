//! What the outbox's holders share with each other: the Web Locks they take turns by, the
//! channel tabs tell each other of changes on, and the Background Sync the service worker is
//! woken by.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::window;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The lock the page and the service worker send under (`public/sw.js` takes it too).
pub const OUTBOX: &str = "doorstep-outbox";
/// The lock photo uploads go under: one at a time for the phone, and never the outbox's lock
/// (an upload the resident watches must not hold up every other request).
pub const PHOTOS: &str = "doorstep-photos";
/// The channel the app's tabs tell each other on.
const CHANNEL: &str = "doorstep-outbox";

/// `target[name]`, if it is a function.
pub(crate) fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

/// Runs `work` holding the Web Lock `name` (or without one where the browser has no Web Locks, or
/// refuses the lock), and gives back what it returned.
pub async fn locked<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
    let job = Rc::new(RefCell::new(Some(work)));
    let locks = Reflect::get(&window().navigator(), &"locks".into()).ok().filter(|l| !l.is_undefined());
    if let Some((locks, request)) = locks.and_then(|l| Some((l.clone(), method(&l, "request")?))) {
        let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
        let (slot, inside) = (out.clone(), job.clone());
        let held = Closure::once_into_js(move |_lock: JsValue| -> Promise {
            wasm_bindgen_futures::future_to_promise(async move {
                let work = inside.borrow_mut().take();
                if let Some(work) = work {
                    *slot.borrow_mut() = Some(work.await);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        if let Ok(promise) = request.call2(&locks, &name.into(), &held) {
            let _ = JsFuture::from(Promise::from(promise)).await;
        }
        let value = out.borrow_mut().take();
        if let Some(value) = value {
            return value;
        }
    }
    let work = job.borrow_mut().take();
    match work {
        Some(work) => work.await,
        // Run under the lock, yet gave nothing back: it cannot be (a panic aborts the page).
        None => unreachable!(),
    }
}

/// Runs `work` holding the Web Lock `name` if it is free now; `None` (and `work` not run) if
/// another holder has it. Where the browser has no Web Locks, runs it.
pub async fn locked_if_free<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> Option<T> {
    let locks = Reflect::get(&window().navigator(), &"locks".into()).ok().filter(|l| !l.is_undefined());
    let Some((locks, request)) = locks.and_then(|l| Some((l.clone(), method(&l, "request")?))) else {
        return Some(work.await);
    };
    let out: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let slot = out.clone();
    let held = Closure::once_into_js(move |lock: JsValue| -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            if !lock.is_null() {
                *slot.borrow_mut() = Some(work.await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    if let Ok(promise) = request.call3(&locks, &name.into(), &options, &held) {
        let _ = JsFuture::from(Promise::from(promise)).await;
    }
    let value = out.borrow_mut().take();
    value
}

/// Tells the app's other tabs `message`.
pub fn tell_tabs(message: &str) {
    let Some(channel) = channel() else { return };
    if let Some(post) = method(&channel, "postMessage") {
        let _ = post.call1(&channel, &message.into());
    }
}

fn channel() -> Option<JsValue> {
    thread_local!(static CHANNEL_OBJECT: RefCell<Option<JsValue>> = const { RefCell::new(None) });
    CHANNEL_OBJECT.with(|c| {
        if c.borrow().is_none() {
            let class = Reflect::get(&js_sys::global(), &"BroadcastChannel".into()).ok().filter(|c| c.is_function())?;
            let made = Reflect::construct(class.unchecked_ref::<Function>(), &js_sys::Array::of1(&CHANNEL.into())).ok()?;
            *c.borrow_mut() = Some(made);
        }
        c.borrow().clone()
    })
}

/// Hears what the other tabs tell (`on_message` gets the text).
pub fn hear_tabs(on_message: impl Fn(String) + 'static) {
    let Some(channel) = channel() else { return };
    let closure = Closure::<dyn Fn(JsValue)>::new(move |event: JsValue| {
        if let Some(text) = Reflect::get(&event, &"data".into()).ok().and_then(|d| d.as_string()) {
            on_message(text);
        }
    });
    let _ = Reflect::set(&channel, &"onmessage".into(), closure.as_ref());
    closure.forget();
}

/// Asks the service worker to carry out the plans once the network is back, even if no page is
/// open then (Background Sync; where a browser has none, the next start sends them).
pub fn ask_for_background_sync() {
    let Ok(container) = Reflect::get(&window().navigator(), &"serviceWorker".into()) else { return };
    if container.is_undefined() {
        return;
    }
    let Ok(ready) = Reflect::get(&container, &"ready".into()) else { return };
    let Ok(ready) = ready.dyn_into::<Promise>() else { return };
    spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else { return };
        let sync = Reflect::get(&registration, &"sync".into()).ok().filter(|s| !s.is_undefined());
        if let Some((sync, register)) = sync.and_then(|s| Some((s.clone(), method(&s, "register")?))) {
            if let Ok(p) = register.call1(&sync, &"outbox".into()) {
                let _ = JsFuture::from(Promise::from(p)).await;
            }
        }
    });
}

/// The lock every running page of the app holds, shared, until it stops writing (`let_go`):
/// "erase everything" takes it alone, so it erases only once every other tab has stopped.
const ALIVE: &str = "doorstep-alive";

thread_local!(static LET_GO: RefCell<Option<Function>> = const { RefCell::new(None) });

/// Holds this page's share of the `ALIVE` lock until `let_go`.
pub fn hold_alive() {
    let Some((locks, request)) = Reflect::get(&window().navigator(), &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined())
        .and_then(|l| Some((l.clone(), method(&l, "request")?)))
    else {
        return;
    };
    let held = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        Promise::new(&mut |resolve, _| LET_GO.with(|g| *g.borrow_mut() = Some(resolve)))
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"mode".into(), &"shared".into());
    let _ = request.call3(&locks, &ALIVE.into(), &options, &held);
}

/// Lets go of this page's share of the `ALIVE` lock (it writes nothing more).
pub fn let_go() {
    if let Some(resolve) = LET_GO.with(|g| g.borrow_mut().take()) {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Waits until every other page has let go of `ALIVE` (or `ms` have passed: a page frozen in the
/// background writes nothing while frozen, and is told again when it wakes).
pub async fn others_let_go(ms: u32) {
    let Some((locks, request)) = Reflect::get(&window().navigator(), &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined())
        .and_then(|l| Some((l.clone(), method(&l, "request")?)))
    else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"mode".into(), &"exclusive".into());
    if let Some(signal) = Reflect::get(&js_sys::global(), &"AbortSignal".into())
        .ok()
        .and_then(|a| Some((a.clone(), method(&a, "timeout")?)))
        .and_then(|(a, timeout)| timeout.call1(&a, &ms.into()).ok())
    {
        let _ = Reflect::set(&options, &"signal".into(), &signal);
    }
    let granted = Closure::once_into_js(move |_lock: JsValue| -> Promise { Promise::resolve(&JsValue::UNDEFINED) });
    if let Ok(promise) = request.call3(&locks, &ALIVE.into(), &options, &granted) {
        let _ = JsFuture::from(Promise::from(promise)).await;
    }
}
