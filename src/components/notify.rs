//! Being told when a followed request changes, with the app closed: the resident asks (never on
//! load: after a request is sent, or in Settings), the browser's permission is asked then, and the
//! service worker is given a watch (`model::follow::Watch`) it carries out on a periodic
//! background sync where the browser has one (an installed app on Chromium). Where there is none,
//! or the browser refuses, the app says plainly that changes show when it is opened.

use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::backend::{AnyBackend, Backend};
use crate::components::ReadAloud;
use crate::i18n::{self, tr, use_i18n, Key, Lang};
use crate::model::{follow, Request, RequestId, Status};
use super::outbox::method;
use crate::store;

/// The periodic sync's tag, as `public/sw.js` listens for it.
const TAG: &str = "follow";
/// How many requests the worker checks (one call).
const WATCH_MAX: usize = 100;

/// Where notifications stand on this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notifying {
    Off,
    /// On, and the browser checks in the background.
    Background,
    /// On, but the browser does not check this site in the background: changes show when the app
    /// is opened.
    WhenOpened,
    /// The resident or the browser refused notifications for this site.
    Blocked,
    /// This browser shows no notifications.
    Unsupported,
}

impl Notifying {
    fn key(self) -> Key {
        match self {
            Notifying::Off => Key::NotifyOff,
            Notifying::Background => Key::NotifyBackground,
            Notifying::WhenOpened => Key::NotifyWhenOpened,
            Notifying::Blocked => Key::NotifyBlocked,
            Notifying::Unsupported => Key::NotifyUnsupported,
        }
    }

    fn on(self) -> bool {
        matches!(self, Notifying::Background | Notifying::WhenOpened)
    }
}

/// `target.name(args…)`'s promise, awaited; `None` if there is no such method or it failed.
async fn call(target: &JsValue, name: &str, args: &js_sys::Array) -> Option<JsValue> {
    let f = method(target, name)?;
    let promise = f.apply(target, args).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

fn notification_class() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"Notification".into()).ok().filter(JsValue::is_function)
}

/// The browser's answer so far ("granted", "denied", "default"); `None`: no notifications at all.
fn permission() -> Option<String> {
    Reflect::get(&notification_class()?, &"permission".into()).ok()?.as_string()
}

/// The periodic sync manager of this app's service worker, if the browser has one.
async fn periodic_sync() -> Option<JsValue> {
    let container = Reflect::get(&window().navigator(), &"serviceWorker".into()).ok().filter(|c| !c.is_undefined())?;
    let registration = call(&container, "getRegistration", &js_sys::Array::new()).await.filter(|r| !r.is_undefined())?;
    Reflect::get(&registration, &"periodicSync".into()).ok().filter(|s| !s.is_undefined())
}

/// Whether the browser checks this site in the background for us now.
async fn background() -> bool {
    let Some(sync) = periodic_sync().await else { return false };
    let tags = call(&sync, "getTags", &js_sys::Array::new()).await;
    tags.is_some_and(|t| js_sys::Array::from(&t).includes(&TAG.into(), 0))
}

/// Where notifications stand now, asking nothing.
async fn state() -> Notifying {
    match permission().as_deref() {
        None => Notifying::Unsupported,
        Some("denied") => Notifying::Blocked,
        Some("granted") if store::settings::notify() => {
            if background().await {
                Notifying::Background
            } else {
                Notifying::WhenOpened
            }
        }
        _ => Notifying::Off,
    }
}

/// Asks the browser's permission (the resident asked), keeps the watch for the service worker and
/// asks the browser to check in the background.
async fn turn_on(office: AnyBackend, lang: Lang) -> Notifying {
    let Some(class) = notification_class() else { return Notifying::Unsupported };
    if call(&class, "requestPermission", &js_sys::Array::new()).await.and_then(|a| a.as_string()).as_deref() != Some("granted") {
        return Notifying::Blocked;
    }
    if store::settings::set_notify(true).is_err() {
        return Notifying::Off;
    }
    keep_watch(&office, lang).await;
    // The demo office lives in the page: nothing to check with the app closed.
    if !office.needs_network() {
        return Notifying::WhenOpened;
    }
    let Some(sync) = periodic_sync().await else { return Notifying::WhenOpened };
    let options = js_sys::Object::new();
    let every = f64::from(crate::backend::config::check_every_seconds()) * 1000.0;
    let _ = Reflect::set(&options, &"minInterval".into(), &every.into());
    // Refused where the app is not installed (Chromium): changes show when it is opened.
    match call(&sync, "register", &js_sys::Array::of2(&TAG.into(), &options)).await {
        Some(_) => Notifying::Background,
        None => Notifying::WhenOpened,
    }
}

/// No more notifications: the watch goes, and the background checks.
async fn turn_off() -> Notifying {
    let _ = store::settings::set_notify(false);
    let _ = store::watch::stop().await;
    if let Some(sync) = periodic_sync().await {
        let _ = call(&sync, "unregister", &js_sys::Array::of1(&TAG.into())).await;
    }
    Notifying::Off
}

/// Keeps the watch again after the phone's copies changed (a refresh, the resident's own rating
/// or reopening): what the phone knows is no news to tell.
pub fn rewatch(office: &AnyBackend, lang: Lang) {
    if store::settings::notify() {
        let office = office.clone();
        spawn_local(async move { keep_watch(&office, lang).await });
    }
}

/// Keeps the watch of the requests this phone follows (the newest hundred not closed) for the
/// service worker, in `lang`, if the resident asked to be told and the browser allows it.
pub async fn keep_watch(office: &AnyBackend, lang: Lang) {
    if !store::settings::notify() || permission().as_deref() != Some("granted") {
        return;
    }
    let saved: Vec<Request> = store::my_requests::saved().into_iter().filter(|r| r.status != Status::Closed).take(WATCH_MAX).collect();
    let mine: Vec<(RequestId, Option<String>)> = saved.iter().map(|r| (r.id.clone(), r.read_key.clone())).collect();
    let Some(call) = office.watch_call(&mine) else { return };
    let followed: Vec<(&Request, String)> = saved.iter().map(|r| (r, i18n::text(lang, &r.category_name))).collect();
    // The phone's time zone, and its minutes ahead of UTC now (JavaScript gives minutes behind).
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let zone = Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string()).unwrap_or_default();
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let say = |s: Status| i18n::status(s).text(lang).to_string();
    let watch = follow::watch(call, &followed, say, Key::NotifyBody.text(lang).into(), lang.tag(), (zone, offset));
    let _ = store::watch::keep(watch.to_json()).await;
}

/// The switch, and where notifications stand: in Settings, and offered after a request is sent
/// (`offer`: with how to turn it off and a read-aloud button; not where notifications are on
/// already, nor with the demo office, which lives in the page: nothing could be told with the app
/// closed). Asking for the browser's permission happens only when the resident turns it on.
#[component]
pub fn Notifications(#[prop(optional)] offer: bool) -> impl IntoView {
    let i = use_i18n();
    let office = StoredValue::new(crate::backend::use_backend());
    let already = store::settings::notify() && permission().as_deref() == Some("granted");
    if offer && (already || !office.with_value(|o| o.needs_network())) {
        return None;
    }
    if offer && permission().is_none() {
        // No notifications in this browser (Safari in a tab, some in-app browsers): said plainly.
        return Some(view! { <p class="hint notify">{tr(Key::NotifyUnsupported)}</p> }.into_any());
    }
    let now = RwSignal::new(None::<Notifying>);
    if !offer {
        spawn_local(async move {
            let s = state().await;
            now.try_set(Some(s));
        });
    }
    let change = move |ev| {
        let want = event_target_checked(&ev);
        spawn_local(async move {
            let s = if want { turn_on(office.get_value(), i.lang.get_untracked()).await } else { turn_off().await };
            now.try_set(Some(s));
        });
    };
    Some(view! {
        <section class="card notify" aria-labelledby="notify-title">
            <h2 id="notify-title">{tr(Key::NotifyTitle)}</h2>
            // Offered, what it says is read as plainly as the rest of the page; in Settings, a hint.
            <p class:hint=!offer>{tr(Key::NotifyWhat)}</p>
            {offer.then(|| view! { <p>{tr(Key::NotifyTurnOff)}</p> })}
            {offer.then(|| view! {
                <ReadAloud text=Signal::derive(move || format!("{} {} {}", i.t(Key::NotifyTitle), i.t(Key::NotifyWhat), i.t(Key::NotifyTurnOff))) />
            })}
            <label class="check">
                <input
                    type="checkbox"
                    id="s-notify"
                    prop:checked=move || now.get().is_some_and(Notifying::on)
                    disabled=move || now.get() == Some(Notifying::Unsupported)
                    on:change=change
                />
                <span>{tr(Key::NotifySwitch)}</span>
            </label>
            <p role="status">{move || now.get().filter(|s| *s != Notifying::Off).map(|s| i.t(s.key()))}</p>
        </section>
    }
    .into_any())
}
