//! One request: status, SLA clock, timeline, and the rating or reopening it is waiting for (its
//! two sections live beside it). Refreshes itself while open.

mod add_photos;
mod rating;
mod reopen;

use std::time::Duration;

use leptos::prelude::*;

use crate::backend::{use_backend, Backend, BackendError, Capability};
use crate::components::{
    local, BackendCall, Copies, ErrorNotice, PhotoGallery, ReadAloud, RefreshButton, SlaClock, StatusBadge, Timeline,
};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::{Rating, Request, RequestId};
use crate::store;

use add_photos::AddPhotos;
use rating::RatingForm;
use reopen::ReopenForm;

#[component]
pub fn RequestPage(id: RequestId) -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let request = RwSignal::new(store::my_requests::find(&id));
    // A rating the backend could not take, kept on this phone.
    let kept = RwSignal::new(store::unsent::rating(&id));
    let call = BackendCall::new();

    let accept = move |r: Request| {
        let _ = store::my_requests::refresh(std::slice::from_ref(&r));
        // What only the phone knows (other copies at the office, who filed it) stays on screen.
        let r = store::my_requests::find(&r.id).map(|kept| kept.refreshed_by(&r)).unwrap_or(r);
        request.try_set(Some(r));
    };
    let refresh = Callback::new({
        let (backend, id) = (backend.clone(), id.clone());
        move |_: ()| {
            let (backend, id) = (backend.clone(), id.clone());
            call.start(async move { backend.request(&id).await }, accept);
        }
    });
    refresh.run(());
    let every = backend.refresh_seconds();
    if let Ok(handle) = set_interval_with_handle(move || refresh.run(()), Duration::from_secs(every.into())) {
        on_cleanup(move || handle.clear());
    }

    // Parts re-render only when what they show changes, so a half-typed rating survives refreshes.
    let current = Memo::new(move |_| request.get());
    let can_rate = Memo::new(move |_| current.with(|r| r.as_ref().is_some_and(Request::can_rate)));
    let can_reopen = Memo::new(move |_| current.with(|r| r.as_ref().is_some_and(Request::can_reopen)));
    // More photos while it is open, where the office takes them.
    let photos_left = Memo::new(move |_| current.with(|r| r.as_ref().map_or(0, Request::photos_left)));
    let takes_photos_later = backend.takes(Capability::PhotosLater);
    let steps = Memo::new(move |_| current.with(|r| r.as_ref().map(|r| r.timeline.clone()).unwrap_or_default()));
    let not_found = move || call.failure.get() == Some(BackendError::NotFound) && current.with(Option::is_none);
    let id_text = id.to_string();

    view! {
        <div class="page-head">
            <h1>{tr(Key::DetailTitle)}</h1>
            <RefreshButton call on_refresh=refresh />
        </div>
        <p class="hint">{move || i.say(Msg::AutoRefresh { n: &every.to_string() })}</p>
        {move || {
            if not_found() {
                Some(view! { <p class="notice error" role="alert">{i.say(Msg::NotFound { id: &id_text })}</p> }.into_any())
            } else {
                call.failure.get().map(|e| {
                    // What is shown is the saved copy: said so, with when it was last checked.
                    let checked = store::my_requests::checked().get(id_text.as_str()).copied().map(local);
                    view! {
                        <ErrorNotice error=e retry=refresh />
                        {checked.map(|at| {
                            view! {
                                <p class="notice warn">
                                    {move || i.say(Msg::CheckedAt { time: &i18n::time(i.lang.get(), &at) })}
                                    {tr(Key::MaybeOutOfDate)}
                                </p>
                            }
                        })}
                    }
                        .into_any()
                })
            }
        }}
        {move || current.get().map(|r| view! { <Summary request=r /> })}
        {move || (!steps.get().is_empty()).then(|| view! { <Timeline steps=steps.get() /> })}
        {
            let id = id.clone();
            move || {
                match (can_rate.get(), kept.get()) {
                    (_, Some(r)) => Some(view! { <KeptRating rating=r /> }.into_any()),
                    (true, None) => {
                        Some(
                            view! { <RatingForm id=id.clone() on_done=accept on_kept=move |r| kept.set(Some(r)) /> }
                                .into_any(),
                        )
                    }
                    (false, None) => None,
                }
            }
        }
        {
            let id = id.clone();
            move || can_reopen.get().then(|| view! { <ReopenForm id=id.clone() on_done=accept /> })
        }
        {
            let id = id.clone();
            move || {
                let left = photos_left.get();
                (takes_photos_later && left > 0).then(|| view! { <AddPhotos id=id.clone() left on_done=accept /> })
            }
        }
    }
}

/// The request's headline facts.
#[component]
fn Summary(request: Request) -> impl IntoView {
    let i = use_i18n();
    let name = request.category_name.clone();
    let agency = request.agency_responsible.clone();
    let sent = local(request.requested_at);
    let rating = request.rating.clone();
    // Filed by a volunteer: who for (as this phone knows them) and who filed it (as the office has it).
    let neighbour = request.filed_by.as_ref().and_then(|_| {
        store::volunteer::neighbours().into_iter().find(|n| n.requests.iter().any(|h| h.id == request.id)).map(|n| n.name)
    });
    let filed_by = request.filed_by.clone().map(|f| {
        let who = f.who();
        view! {
            {neighbour.map(|name| view! { <p class="handover-for">{move || i.say(Msg::HandoverFor { name: &name })}</p> })}
            <p class="filed-by">{move || i.say(Msg::FiledBy { name: &who })}</p>
            {(!f.consent.is_empty()).then(|| view! { <p class="hint">{tr(Key::ConsentLabel)} ": " {f.consent}</p> })}
        }
    });
    view! {
        <section class="card summary" aria-labelledby="req-title">
            <div class="item-head">
                <h2 id="req-title">{move || i18n::text(i.lang.get(), &name)}</h2>
                <StatusBadge status=request.status />
            </div>
            <SlaClock request=request.clone() />
            <ReadAloud text=Signal::derive({
                let (name, status, sla, notes) = (request.category_name.clone(), request.status, request.sla(crate::backend::clock::office_now()), request.status_notes.clone());
                move || {
                    let lang = i.lang.get();
                    let sla = sla.map(|s| i18n::sla(lang, s, local)).unwrap_or_default();
                    let notes = notes.as_ref().map(|n| i18n::text(lang, n)).unwrap_or_default();
                    format!("{}：{}。{sla}。{notes}", i18n::text(lang, &name), i.t(i18n::status(status)))
                }
            }) />
            <Copies id=request.id.clone() copies=request.copies.clone() />
            {filed_by}
            <dl class="facts">
                <dt>{tr(Key::TrackingNumber)}</dt>
                <dd class="tracking-number">{request.id.to_string()}</dd>
                <dt>{tr(Key::LabelDescription)}</dt>
                <dd class="description">{request.description.clone()}</dd>
                <dt>{tr(Key::LabelPlace)}</dt>
                <dd>{request.place.one_line()}</dd>
                {agency
                    .map(|a| {
                        view! {
                            <dt>{tr(Key::LabelAgency)}</dt>
                            <dd>{move || i18n::text(i.lang.get(), &a)}</dd>
                        }
                    })}
                <dt>{tr(Key::LabelSent)}</dt>
                <dd>{move || i18n::time(i.lang.get(), &sent)}</dd>
                {rating
                    .map(|r| {
                        let comment = r.comment.clone();
                        view! {
                            <dt>{tr(Key::YourRating)}</dt>
                            <dd>
                                <RatingWords rating=r />
                                {comment.map(|c| view! { <br /> {c} })}
                            </dd>
                        }
                    })}
            </dl>
            {request.private.then(|| view! { <p class="badge private">{tr(Key::Private)}</p> })}
            <PhotoGallery photos=request.photos.clone() />
        </section>
    }
}

/// "Solved, satisfied", in the current language.
#[component]
fn RatingWords(rating: Rating) -> impl IntoView {
    let i = use_i18n();
    move || {
        i.say(Msg::RatingSummary {
            solved: i.t(i18n::solved(rating.solved)),
            satisfaction: i.t(i18n::satisfaction(rating.satisfaction)),
        })
    }
}

/// A rating the backend could not take, said plainly to be on this phone only.
#[component]
fn KeptRating(rating: Rating) -> impl IntoView {
    let comment = rating.comment.clone();
    view! {
        <section class="card kept" aria-labelledby="kept-title">
            <h2 id="kept-title">{tr(Key::YourRating)}</h2>
            <p><RatingWords rating /></p>
            {comment.map(|c| view! { <p>{c}</p> })}
            <p class="notice warn" role="status">{tr(Key::RatingKeptHere)}</p>
        </section>
    }
}
