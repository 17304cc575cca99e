//! One request: status, SLA clock, timeline, and the rating or reopening it is waiting for (its
//! two sections live beside it). Refreshes itself while open.

mod add_photos;
mod rating;
mod reopen;

use std::time::Duration;

use leptos::prelude::*;

use crate::backend::{use_backend, Backend, BackendError, Capability};
use crate::components::{
    local, recount, BackendCall, Copies, ErrorNotice, PhotoGallery, ReadAloud, RefreshButton, SlaClock,
    StatusBadge, Timeline,
};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::{Proof, Rating, Request, RequestId};
use crate::store;

thread_local! {
    /// The last four digits of a phone, typed on the look-up page for the request it opens (kept in
    /// this page's memory only: never in a URL or on the phone), until the office refuses them.
    static DIGITS: std::cell::RefCell<Option<(RequestId, String)>> = const { std::cell::RefCell::new(None) };
}

/// Opens `id`'s page with `digits` as its proof (the look-up page).
pub fn shown_with_digits(id: &RequestId, digits: String) {
    DIGITS.with(|d| *d.borrow_mut() = Some((id.clone(), digits)));
}

/// The digits typed for `id`, as a proof.
fn digits_for(id: &RequestId) -> Option<Proof> {
    DIGITS.with(|d| d.borrow().as_ref().filter(|(for_id, _)| for_id == id).map(|(_, d)| Proof::PhoneDigits(d.clone())))
}

/// The read key that proves this phone may see `id` whole and change it: the one the office gave
/// it when it was filed here, or the one in the address's fragment (`#k=…`, a hand-over card's QR
/// code: browsers never send a fragment).
fn key_for(id: &RequestId) -> Option<String> {
    let fragment = window().location().hash().ok().and_then(|h| h.strip_prefix("#k=").map(str::to_string)).filter(|k| crate::model::is_read_key(k));
    store::my_requests::read_key(id).or(fragment)
}

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
    // Changes need the read key where the office keeps requests private (the REST contract).
    let key = key_for(&id);
    let may_change = key.is_some() || !backend.takes(Capability::PrivateView);

    let office = StoredValue::new(backend.clone());
    let accept = move |r: Request| {
        let _ = store::my_requests::refresh(std::slice::from_ref(&r));
        // What the phone now knows (the resident's own rating or reopening too) is no news to tell.
        office.try_with_value(|o| crate::components::rewatch(o, i.lang.get_untracked()));
        // What only the phone knows (other copies at the office, who filed it) stays on screen.
        let r = store::my_requests::find(&r.id).map(|kept| kept.refreshed_by(&r)).unwrap_or(r);
        request.try_set(Some(r));
    };
    let refresh = Callback::new({
        let (backend, id) = (backend.clone(), id.clone());
        let key = key.clone();
        move |_: ()| {
            let (backend, id) = (backend.clone(), id.clone());
            let proof = key.clone().map(Proof::Key).or_else(|| digits_for(&id));
            call.start(
                async move {
                    let answer = backend.request(&id, proof.as_ref()).await;
                    // Digits the office refused are not sent again with every refresh (each would
                    // count as a wrong try, and ten lock the request for an hour): the public view then.
                    if matches!(answer, Err(BackendError::Rejected { status: 403, .. } | BackendError::Busy { status: 429, .. }))
                        && matches!(proof, Some(Proof::PhoneDigits(_)))
                    {
                        DIGITS.with(|d| *d.borrow_mut() = None);
                    }
                    answer
                },
                accept,
            );
        }
    });
    refresh.run(());
    let every = backend.refresh_seconds();
    // Never while the page is hidden: what a hidden tab picks up, no one has seen (the worker
    // would not tell it).
    let shown = || document().visibility_state() == web_sys::VisibilityState::Visible;
    if let Ok(handle) = set_interval_with_handle(move || if shown() { refresh.run(()) }, Duration::from_secs(every.into())) {
        on_cleanup(move || handle.clear());
    }

    // Parts re-render only when what they show changes, so a half-typed rating survives refreshes.
    let current = Memo::new(move |_| request.get());
    // Only the resident (who holds its key) changes a request, and never from its public view.
    let mine = move |r: &Option<Request>| may_change && r.as_ref().is_some_and(|r| !r.public);
    let can_rate = Memo::new(move |_| current.with(|r| mine(r) && r.as_ref().is_some_and(Request::can_rate)));
    let can_reopen = Memo::new(move |_| current.with(|r| mine(r) && r.as_ref().is_some_and(Request::can_reopen)));
    // More photos while it is open, where the office takes them.
    let photos_left = Memo::new(move |_| current.with(|r| if mine(r) { r.as_ref().map_or(0, Request::photos_left) } else { 0 }));
    let takes_photos_later = backend.takes(Capability::PhotosLater);
    let steps = Memo::new(move |_| current.with(|r| r.as_ref().map(|r| r.timeline.clone()).unwrap_or_default()));
    // What the resident had seen of it before opening the page: what is new since is marked for
    // this visit, and, shown, is seen (counted again for the tab).
    let before = StoredValue::new(store::my_requests::seen(&id));
    let look = move || {
        current.try_with_untracked(|r| {
            if let Some(r) = r.as_ref().filter(|r| !r.public) {
                if document().visibility_state() == web_sys::VisibilityState::Visible {
                    store::my_requests::looked_at(r, chrono::Utc::now());
                    recount();
                }
            }
        });
    };
    Effect::new(move |_| {
        current.track();
        look();
    });
    // What came while the page was hidden (the phone locked, another tab) is seen once shown.
    let shown = window_event_listener(leptos::ev::visibilitychange, move |_| look());
    on_cleanup(move || shown.remove());
    // What the resident did here (a rating, a reopening, photos) is no news to them.
    let done = move |r: Request| {
        // (The page may be gone by the time the office answers: then nothing is set.)
        before.try_set_value(Some(crate::model::follow::Seen::of(&r, chrono::Utc::now())));
        accept(r);
    };
    let news = Memo::new(move |_| current.with(|r| before.with_value(|b| b.as_ref()?.change(r.as_ref()?, chrono::Utc::now()))));
    let new_from = move || news.with(|n| n.as_ref().map(|_| before.with_value(|b| b.as_ref().map_or(0, |b| b.steps as usize))));
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
        {move || {
            news.get().map(|c| {
                view! {
                    <p class="notice info news" role="status">
                        {move || i.say(Msg::ChangedSinceLooked { what: &i18n::change(i.lang.get(), &c) })}
                    </p>
                }
            })
        }}
        {move || current.get().map(|r| view! { <Summary request=r /> })}
        {move || (!steps.get().is_empty()).then(|| view! { <Timeline steps=steps.get() new_from=new_from() /> })}
        {store::my_requests::find(&id).is_some().then(|| view! { <FollowSwitch id=id.clone() office /> })}
        {
            let (id, key) = (id.clone(), key.clone());
            move || {
                match (can_rate.get(), kept.get()) {
                    (_, Some(r)) => Some(view! { <KeptRating rating=r /> }.into_any()),
                    (true, None) => {
                        Some(
                            view! { <RatingForm id=id.clone() key=key.clone() round=steps.with_untracked(Vec::len) on_done=done on_kept=move |r| kept.set(Some(r)) /> }
                                .into_any(),
                        )
                    }
                    (false, None) => None,
                }
            }
        }
        {
            let (id, key) = (id.clone(), key.clone());
            move || can_reopen.get().then(|| view! { <ReopenForm id=id.clone() key=key.clone() round=steps.with_untracked(Vec::len) on_done=done /> })
        }
        {
            let id = id.clone();
            move || {
                let left = photos_left.get();
                (takes_photos_later && left > 0).then(|| view! { <AddPhotos id=id.clone() key=key.clone() left on_done=done /> })
            }
        }
    }
}

/// "Stop following" a request kept on this phone (or follow it again): a request not followed stays
/// in "my requests", but is neither checked nor told of, with the app open or closed.
#[component]
fn FollowSwitch(id: RequestId, office: StoredValue<crate::backend::AnyBackend>) -> impl IntoView {
    let i = use_i18n();
    let following = RwSignal::new(store::my_requests::follows(&id));
    let toggle = move |_| {
        let on = !following.get_untracked();
        if store::my_requests::set_following(&id, on).is_ok() {
            following.set(on);
            crate::components::recount();
            // The watch and the office's messages leave it out, or take it back.
            office.try_with_value(|o| crate::components::rewatch(o, i.lang.get_untracked()));
        }
    };
    view! {
        <section class="card follow-switch">
            <p role="status">{move || (!following.get()).then(|| i.t(Key::NotFollowed))}</p>
            <button type="button" class="secondary" on:click=toggle>
                {move || i.t(if following.get() { Key::StopFollowing } else { Key::FollowAgain })}
            </button>
        </section>
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
            {request.public.then(|| view! { <p class="notice info" role="note">{tr(Key::PublicView)}</p> })}
            <dl class="facts">
                <dt>{tr(Key::TrackingNumber)}</dt>
                <dd class="tracking-number">{request.id.to_string()}</dd>
                {(!request.public).then(|| view! {
                    <dt>{tr(Key::LabelDescription)}</dt>
                    <dd class="description">{request.description.clone()}</dd>
                })}
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
