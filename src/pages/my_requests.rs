//! "My requests": everything filed from this phone, refreshed from the backend, shown from the
//! phone's saved copies when the backend cannot be reached or cannot read some of them.

use leptos::prelude::*;

use crate::backend::{use_backend, Backend};
use crate::components::{
    local, show_count, use_following, use_nav, use_outbox, BackendCall, ErrorNotice, Link, OutboxList, RefreshButton, Route,
    StatusBadge,
};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::follow::Change;
use crate::model::Request;
use crate::store;

/// How many requests the list shows at first, and more at each "show more": a phone's screen
/// shows a few; a volunteer's year of a thousand is not built all at once.
const PAGE: usize = 30;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let shown = RwSignal::new(PAGE);
    let (first, saved_in_all) = store::my_requests::newest(PAGE);
    let requests = RwSignal::new(first);
    let total = RwSignal::new(saved_in_all);
    let unreadable = RwSignal::new(0usize);
    let checked = RwSignal::new(store::my_requests::checked());
    // What changed in each since the resident last looked at it.
    let changes = RwSignal::new(store::my_requests::changes(chrono::Utc::now()));
    let following = use_following();
    following.begin(backend.clone());
    let call = BackendCall::new();
    let nav = use_nav();
    // A request the outbox files (or the service worker did) joins the list as it happens.
    let outbox = use_outbox();
    Effect::new(move |seen: Option<usize>| {
        let filed = outbox.filed.with(Vec::len);
        if seen.is_some_and(|n| n != filed) {
            let (first, in_all) = store::my_requests::newest(shown.get_untracked());
            requests.set(first);
            total.set(in_all);
            checked.set(store::my_requests::checked());
        }
        filed
    });
    // The saved copies were refreshed by a check of the requests this phone follows.
    Effect::new(move |seen: Option<usize>| {
        let checks = following.refreshed.get();
        if seen.is_some_and(|n| n != checks) {
            let (first, _) = store::my_requests::newest(shown.get_untracked());
            requests.set(first);
            checked.set(store::my_requests::checked());
            changes.set(store::my_requests::changes(chrono::Utc::now()));
        }
        checks
    });
    // A waiting request taken back to change goes into the form (which holds one at a time).
    let change = Callback::new(move |draft: crate::model::Draft| {
        let _ = super::new_request::keep_draft(&draft);
        nav.go(Route::NewRequest);
    });

    // What is on screen is asked for again; the rest when it is shown.
    let refresh = Callback::new(move |_: ()| {
        let mine: Vec<_> = requests.with_untracked(|all| all.iter().map(|r| (r.id.clone(), r.read_key.clone())).collect());
        if mine.is_empty() {
            return;
        }
        let (backend, office) = (backend.clone(), backend.clone());
        call.start(async move { backend.requests(&mine).await }, move |listed| {
            let _ = store::my_requests::refresh(&listed.requests);
            crate::components::rewatch(&office, i.lang.get_untracked());
            let now = store::my_requests::changes(chrono::Utc::now());
            show_count(now.len());
            changes.try_set(now);
            unreadable.try_set(listed.unreadable);
            checked.try_set(store::my_requests::checked());
            requests.try_update(|all| {
                for r in all.iter_mut() {
                    if let Some(fresh) = listed.requests.iter().find(|f| f.id == r.id) {
                        *r = r.refreshed_by(fresh);
                    }
                }
            });
        });
    });
    // The saved list shows first; the backend is asked once it has.
    // Not if the page is gone by the next frame (a quick tap elsewhere): its values went with it.
    request_animation_frame(move || {
        refresh.try_run(());
    });

    view! {
        <div class="page-head">
            <h1>{tr(Key::MineTitle)}</h1>
            <RefreshButton call on_refresh=refresh />
        </div>
        <p class="intro">{tr(Key::MineIntro)}</p>
        {move || {
            let n = changes.with(Vec::len);
            (n > 0).then(|| view! { <p class="notice info news" role="status">{move || i.say(Msg::ChangedCount { n: &n.to_string() })}</p> })
        }}
        <OutboxList on_change=change />
        {move || {
            call.failure
                .get()
                .map(|e| {
                    view! {
                        <p class="notice warn">{tr(Key::ShowingSaved)}</p>
                        <ErrorNotice error=e retry=refresh />
                    }
                })
        }}
        {move || {
            let n = unreadable.get();
            (n > 0).then(|| view! { <p class="notice warn" role="status">{move || i.say(Msg::SomeUnreadable { n: &n.to_string() })}</p> })
        }}
        {move || {
            let list = requests.get();
            if list.is_empty() {
                view! {
                    <p class="empty">{tr(Key::MineEmpty)}</p>
                    <p><Link route=Route::NewRequest class="button primary">{tr(Key::NavNew)}</Link></p>
                }
                    .into_any()
            } else {
                let more = total.get().saturating_sub(list.len());
                view! {
                    <ul class="request-list">
                        {list
                            .into_iter()
                            .map(|r| {
                                let at = checked.with_untracked(|c| c.get(r.id.as_str()).copied());
                                let change = changes.with(|all| all.iter().find(|(id, _)| *id == r.id).map(|(_, c)| c.clone()));
                                view! { <RequestItem request=r checked=at change /> }
                            })
                            .collect_view()}
                    </ul>
                    {(more > 0)
                        .then(|| {
                            let show_more = move |_| {
                                shown.update(|n| *n += PAGE);
                                let (next, in_all) = store::my_requests::newest(shown.get_untracked());
                                requests.set(next);
                                total.set(in_all);
                                refresh.run(());
                            };
                            view! {
                                <button type="button" class="secondary more" on:click=show_more>
                                    {move || i.say(Msg::ShowMore { n: &PAGE.min(more).to_string(), left: &more.to_string() })}
                                </button>
                            }
                        })}
                }
                    .into_any()
            }
        }}
    }
}

/// A saved copy older than this is labelled as possibly out of date.
const STALE_AFTER_MINUTES: i64 = 60;

#[component]
fn RequestItem(request: Request, checked: Option<chrono::DateTime<chrono::Utc>>, change: Option<Change>) -> impl IntoView {
    let i = use_i18n();
    let updated = local(request.last_update());
    let stale = checked.is_none_or(|at| chrono::Utc::now().signed_duration_since(at).num_minutes() >= STALE_AFTER_MINUTES);
    let checked = checked.map(local);
    let name = request.category_name.clone();
    let summary: String = request.description.chars().take(60).collect();
    let news = change.is_some();
    view! {
        <li class:changed=news>
            <Link route=Route::Request(request.id.clone()) class="request-item">
                {change.map(|c| view! { <span class="item-change">{move || i.say(Msg::Changed { what: &i18n::change(i.lang.get(), &c) })}</span> })}
                <span class="item-head">
                    <span class="item-category">{move || i18n::text(i.lang.get(), &name)}</span>
                    <StatusBadge status=request.status />
                </span>
                <span class="item-summary">{summary}</span>
                <span class="item-meta">
                    <span class="item-id">{request.id.to_string()}</span>
                    <span>{move || i.say(Msg::UpdatedAt { time: &i18n::time(i.lang.get(), &updated) })}</span>
                </span>
                <span class="item-meta checked" class:stale=stale>
                    {move || checked.map(|at| i.say(Msg::CheckedAt { time: &i18n::time(i.lang.get(), &at) }))}
                    {stale.then(|| tr(Key::MaybeOutOfDate))}
                </span>
            </Link>
        </li>
    }
}
