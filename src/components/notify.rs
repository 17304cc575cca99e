//! Being told when a followed request changes, with the app closed: the resident asks (never on
//! load: after a request is sent, or in Settings), the browser's permission is asked then, and the
//! service worker is given a watch (`model::follow::Watch`) it carries out on a periodic
//! background sync where the browser has one (an installed app on Chromium). Where the office sends
//! Web Push messages (`push_public_key` in config.json), the browser is signed up for them and the
//! office told which requests this phone follows; a message makes the worker check at once. Where
//! there is neither, or the browser refuses, the app says plainly that changes show when it is
//! opened.

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
/// How long the browser may take to sign up with its push service.
const SUBSCRIBE_MS: i32 = 10_000;

/// Where notifications stand on this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notifying {
    Off,
    /// On, and the office sends a message as soon as a request changes (Web Push).
    Pushed,
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
            Notifying::Pushed => Key::NotifyPushed,
            Notifying::Background => Key::NotifyBackground,
            Notifying::WhenOpened => Key::NotifyWhenOpened,
            Notifying::Blocked => Key::NotifyBlocked,
            Notifying::Unsupported => Key::NotifyUnsupported,
        }
    }

    fn on(self) -> bool {
        matches!(self, Notifying::Pushed | Notifying::Background | Notifying::WhenOpened)
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

/// `what` of this app's service worker registration (its `periodicSync`, its `pushManager`), if
/// the browser has it.
async fn worker_part(what: &str) -> Option<JsValue> {
    let container = Reflect::get(&window().navigator(), &"serviceWorker".into()).ok().filter(|c| !c.is_undefined())?;
    let registration = call(&container, "getRegistration", &js_sys::Array::new()).await.filter(|r| !r.is_undefined())?;
    Reflect::get(&registration, &what.into()).ok().filter(|s| !s.is_undefined() && !s.is_null())
}

/// The periodic sync manager of this app's service worker, if the browser has one.
async fn periodic_sync() -> Option<JsValue> {
    worker_part("periodicSync").await
}

/// This browser's push subscription (signed up now with the office's `key`, if `key` is given;
/// a push service that does not answer in time counts as a refusal).
async fn push_subscription(key: Option<&str>) -> Option<JsValue> {
    let manager = worker_part("pushManager").await?;
    let Some(key) = key else {
        return call(&manager, "getSubscription", &js_sys::Array::new()).await.filter(|s| !s.is_null() && !s.is_undefined());
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"userVisibleOnly".into(), &true.into());
    let _ = Reflect::set(&options, &"applicationServerKey".into(), &key.into());
    let signing_up = method(&manager, "subscribe")?.call1(&manager, &options).ok()?.dyn_into::<Promise>().ok()?;
    let too_late = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, SUBSCRIBE_MS);
    });
    let first = JsFuture::from(Promise::race(&js_sys::Array::of2(&signing_up, &too_late))).await.ok()?;
    (!first.is_undefined() && !first.is_null()).then_some(first)
}

/// Signs this browser up for the office's messages about `mine`, or tells the office again which
/// requests they are where they changed since it was last told: whether the office now sends them.
/// Turned off meanwhile, nothing is kept.
async fn subscribe(office: &AnyBackend, mine: &[(RequestId, Option<String>)], sign_up: bool) -> bool {
    let Some(key) = office.push_key() else { return false };
    let Some(browser) = push_subscription(sign_up.then_some(key)).await else { return false };
    let Some(json) = method(&browser, "toJSON").and_then(|f| f.call0(&browser).ok()) else { return false };
    let field = |from: &JsValue, name: &str| Reflect::get(from, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let keys = Reflect::get(&json, &"keys".into()).unwrap_or(JsValue::UNDEFINED);
    let Some(sub) = follow::Subscription::new(&field(&json, "endpoint"), &field(&keys, "p256dh"), &field(&keys, "auth")) else { return false };
    // What the office was last told, as a mark: not told again for nothing at every refresh.
    let told: String = mine.iter().map(|(id, k)| format!("{}\u{1f}{}\u{1e}", id.as_str(), k.as_deref().unwrap_or(""))).collect();
    let mark = crate::model::outbox::fingerprint(&format!("{}\u{1d}{key}\u{1d}{told}", sub.endpoint)).to_string();
    if !sign_up && store::settings::push_id().is_some() && store::settings::push_told().as_deref() == Some(mark.as_str()) {
        return true;
    }
    match office.adapter.subscribe(&sub, mine).await {
        Ok(Some(id)) if store::settings::notify() => store::settings::set_push_id(Some((&id, &mark))).is_ok(),
        _ => false,
    }
}

/// The requests this phone follows (the newest hundred not closed nor stopped).
fn followed() -> Vec<Request> {
    store::my_requests::followed(WATCH_MAX)
}

fn numbers(saved: &[Request]) -> Vec<(RequestId, Option<String>)> {
    saved.iter().map(|r| (r.id.clone(), r.read_key.clone())).collect()
}

/// Whether the browser checks this site in the background for us now.
async fn background() -> bool {
    let Some(sync) = periodic_sync().await else { return false };
    let tags = call(&sync, "getTags", &js_sys::Array::new()).await;
    tags.is_some_and(|t| js_sys::Array::from(&t).includes(&TAG.into(), 0))
}

/// Where notifications stand now, asking nothing.
async fn state(office: &AnyBackend) -> Notifying {
    match permission().as_deref() {
        None => Notifying::Unsupported,
        Some("denied") => Notifying::Blocked,
        Some("granted") if store::settings::notify() => {
            // Only while this office still sends messages (its key may have been taken out).
            if office.push_key().is_some() && store::settings::push_id().is_some() && push_subscription(None).await.is_some() {
                Notifying::Pushed
            } else if background().await {
                Notifying::Background
            } else {
                Notifying::WhenOpened
            }
        }
        _ => Notifying::Off,
    }
}

/// Asks the browser's permission (the resident asked), keeps the watch for the service worker,
/// signs up for the office's messages where it sends them, and asks the browser to check in the
/// background as well; and whether signing up for the office's messages failed.
async fn turn_on(office: AnyBackend, lang: Lang) -> (Notifying, bool) {
    let Some(class) = notification_class() else { return (Notifying::Unsupported, false) };
    if call(&class, "requestPermission", &js_sys::Array::new()).await.and_then(|a| a.as_string()).as_deref() != Some("granted") {
        return (Notifying::Blocked, false);
    }
    if store::settings::set_notify(true).is_err() {
        return (Notifying::Off, false);
    }
    keep_watch(&office, lang).await;
    // The demo office lives in the page: nothing to check with the app closed.
    if !office.needs_network() {
        return (Notifying::WhenOpened, false);
    }
    let pushed = office.push_key().is_some() && subscribe(&office, &numbers(&followed()), true).await;
    let checks = periodic_checks().await;
    match (office.push_key(), pushed) {
        (_, true) => (Notifying::Pushed, false),
        (Some(_), false) => (checks, true),
        (None, _) => (checks, false),
    }
}

/// Asks the browser to check in the background: where it will.
async fn periodic_checks() -> Notifying {
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

/// No more notifications: the watch goes, the browser's push subscription (its push service then
/// refuses the office's messages, and the contract has the office drop it), the office is told
/// (bounded by the office's time-out), and the background checks. Also before "erase everything".
pub async fn turn_off(office: AnyBackend) -> Notifying {
    let _ = store::settings::set_notify(false);
    let _ = store::watch::stop().await;
    let id = store::settings::push_id();
    let _ = store::settings::set_push_id(None);
    if let Some(browser) = push_subscription(None).await {
        let _ = call(&browser, "unsubscribe", &js_sys::Array::new()).await;
    }
    if let Some(sync) = periodic_sync().await {
        let _ = call(&sync, "unregister", &js_sys::Array::of1(&TAG.into())).await;
    }
    if let Some(id) = id {
        let _ = office.adapter.unsubscribe(&id).await;
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
    let saved = followed();
    let mine = numbers(&saved);
    let Some(call) = office.watch_call(&mine) else { return };
    let followed: Vec<(&Request, String)> = saved.iter().map(|r| (r, i18n::text(lang, &r.category_name))).collect();
    // The phone's time zone, and its minutes ahead of UTC now (JavaScript gives minutes behind).
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let zone = Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string()).unwrap_or_default();
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let say = |s: Status| i18n::status(s).text(lang).to_string();
    let watch = follow::watch(call, &followed, say, Key::NotifyBody.text(lang).into(), lang.tag(), (zone, offset));
    let _ = store::watch::keep(watch.to_json()).await;
    // The office is told which requests its messages are about now (after the watch is kept: a
    // message that comes meanwhile is checked against what the phone knows now).
    if store::settings::push_id().is_some() {
        subscribe(office, &mine, false).await;
    }
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
    // Signing up for the office's messages failed: said before where notifications stand.
    let push_failed = RwSignal::new(false);
    if !offer {
        spawn_local(async move {
            let s = state(&office.get_value()).await;
            now.try_set(Some(s));
        });
    }
    // Turning on can take a while (the push service, the office): no second tap meanwhile.
    let busy = RwSignal::new(false);
    let change = move |ev| {
        let want = event_target_checked(&ev);
        busy.set(true);
        spawn_local(async move {
            let (s, failed) = if want { turn_on(office.get_value(), i.lang.get_untracked()).await } else { (turn_off(office.get_value()).await, false) };
            push_failed.try_set(failed);
            now.try_set(Some(s));
            busy.try_set(false);
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
                    disabled=move || busy.get() || now.get() == Some(Notifying::Unsupported)
                    aria-busy=move || busy.get().then_some("true")
                    on:change=change
                />
                <span>{tr(Key::NotifySwitch)}</span>
            </label>
            <p role="status">
                {move || push_failed.get().then(|| i.t(Key::NotifyPushFailed))}
                {move || now.get().filter(|s| *s != Notifying::Off).map(|s| i.t(s.key()))}
            </p>
        </section>
    }
    .into_any())
}
