//! Pieces the pages are built from, one per file. Each takes data and callbacks. Two are services
//! rather than pieces of a page, because they must run whatever page is shown: the outbox, which
//! sends on its own, and the service worker's registration.

mod call;
mod category_picker;
mod choice_group;
mod copies;
mod error_notice;
mod field;
mod follow;
mod location;
mod nav;
mod notify;
mod neighbours;
mod outbox;
mod outbox_card;
mod photos;
mod qr;
mod service_worker;
mod question_field;
mod sla_clock;
mod speech;
mod status_badge;
mod takeover;
mod timeline;
mod tried;

pub use call::{BackendCall, RefreshButton, SubmitButton};
pub use category_picker::CategoryPicker;
pub use choice_group::ChoiceGroup;
pub use copies::Copies;
pub use error_notice::{backend_error_words, ErrorNotice};
pub use field::{TextField, Words};
pub use follow::{recount, show_count, use_following, Following};
pub use location::LocationButton;
pub use nav::{use_nav, Link, Nav, Route, Tab};
pub use notify::{keep_watch, rewatch, turn_off as stop_notifications, Notifications};
pub use neighbours::{neighbours_job, NeighboursJob};
pub use outbox::{use_outbox, Outbox, TakenBack};
pub use outbox_card::{OutboxCards, OutboxList};
pub use photos::{PhotoGallery, PhotoImage, PhotoPicker, UploadProgress};
pub use qr::QrCode;
pub use service_worker::{register as register_service_worker, reload_to_update};
pub use question_field::QuestionField;
pub use sla_clock::SlaClock;
pub use speech::{ReadAloud, VoiceInput};
pub use status_badge::StatusBadge;
pub use takeover::take_over_after_render;
pub use timeline::Timeline;
pub use tried::Tried;

use chrono::{DateTime, Local, Utc};

/// A view from a module loaded when first needed (`lazy!`), with `waiting` drawn until then. One
/// boxed future type and a plain function for the waiting view: the suspense code is compiled once
/// for all of them.
fn lazily(
    waiting: fn() -> leptos::prelude::AnyView,
    view: std::pin::Pin<Box<dyn std::future::Future<Output = leptos::prelude::AnyView> + Send>>,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    view! { <Suspense fallback=waiting>{Suspend::new(view)}</Suspense> }.into_any()
}

/// How a view of a module of its own is loaded: `lazy!`'s function, called through `when_loaded!`.
pub type Load = std::rc::Rc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<leptos::prelude::AnyView, crate::backend::NotLoaded>>>>,
>;

/// A part of a page whose code is a module of its own: `waiting` until it arrives (tried again a
/// few times on a weak network), then the part — or, if it does not arrive, a plain word that it
/// could not be loaded with a way to try again, while everything else keeps working. `small`: a
/// part inside a form (a button): "not available right now" in a line.
pub fn later(waiting: fn() -> leptos::prelude::AnyView, small: bool, load: Load) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let tries = RwSignal::new(0u32);
    // (A view is shared as if across threads; this app has one.)
    let load = send_wrapper::SendWrapper::new(load);
    (move || {
        tries.track();
        let load = (*load).clone();
        let part = async move {
            match retrying(|| load()).await {
                Ok(view) => view,
                Err(_) => view! { <NotLoadedPart small retry=move || tries.update(|n| *n += 1) /> }.into_any(),
            }
        };
        lazily(waiting, Box::pin(send_wrapper::SendWrapper::new(part)))
    })
    .into_any()
}

/// Said where a part of a page did not arrive.
#[leptos::prelude::component]
fn NotLoadedPart(small: bool, retry: impl Fn() + 'static) -> impl leptos::prelude::IntoView {
    use crate::i18n::{tr, Key};
    use leptos::prelude::*;
    let words = if small { Key::NotAvailableNow } else { Key::PartNotLoaded };
    view! {
        <p class=if small { "notice warn not-loaded small" } else { "notice warn not-loaded" } role="status">
            {tr(words)} " "
            <button type="button" class="secondary" on:click=move |_| retry()>{tr(Key::Retry)}</button>
        </p>
    }
}

/// A UTC time in the phone's time zone.
pub fn local(at: DateTime<Utc>) -> DateTime<Local> {
    at.with_timezone(&Local)
}

/// Runs `work` in a task of its own, after the current one (the first render, say), so the app's
/// start is not one long task that holds up the resident's first tap. (Not generic: one copy.)
pub fn in_next_task(work: Box<dyn FnOnce()>) {
    leptos::prelude::set_timeout(work, std::time::Duration::ZERO);
}

/// Runs `load` (a module to fetch) until it succeeds, up to three times, waiting a little longer
/// after each failure (a weak network often lets the second try through); the last failure
/// otherwise.
pub async fn retrying<T, E, F: std::future::Future<Output = Result<T, E>>>(load: impl Fn() -> F) -> Result<T, E> {
    let mut wait = 400;
    loop {
        match load().await {
            Err(_) if wait <= 1600 => {
                crate::backend::sleep(wait).await;
                wait *= 2;
            }
            done => return done,
        }
    }
}
