//! "People I help": a volunteer's neighbours, each with their requests' status and deadline,
//! those with an overdue request first; the phone masked; "forget this neighbour".

use chrono::Utc;
use leptos::prelude::*;

use crate::backend::{use_backend, Backend};
use crate::components::{BackendCall, Link, RefreshButton, Route, SlaClock, StatusBadge};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::{sort_few, Neighbour, Request, SlaState};
use crate::store;

/// A neighbour with what is known of their requests.
#[derive(Clone)]
struct Helping {
    /// Their place in the stored list (what "forget" removes).
    index: usize,
    neighbour: Neighbour,
    requests: Vec<Request>,
}

/// Neighbours with an overdue request first, then by their soonest deadline.
fn in_order(neighbours: Vec<Neighbour>, now: chrono::DateTime<Utc>) -> Vec<Helping> {
    let mut list: Vec<Helping> = neighbours
        .into_iter()
        .enumerate()
        .map(|(index, neighbour)| {
            let requests = neighbour.requests.iter().filter_map(|h| store::my_requests::find(&h.id)).collect();
            Helping { index, neighbour, requests }
        })
        .collect();
    sort_few(&mut list, |h| {
        let overdue = h.requests.iter().any(|r| matches!(r.sla(now), Some(SlaState::Overdue { .. })));
        let due = h.requests.iter().filter(|r| r.status.is_open()).filter_map(|r| r.expected_at).min();
        (!overdue, due.is_none(), due)
    });
    list
}

#[component]
pub fn PeoplePage(retention_days: u32) -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let people = RwSignal::new(in_order(store::volunteer::neighbours(), crate::backend::clock::office_now()));
    let forgotten = RwSignal::new(None::<String>);
    let call = BackendCall::new();
    let refresh = Callback::new(move |_: ()| {
        // Each with the key the office gave when it was filed here (the saved list read once).
        let saved = store::my_requests::saved();
        let key = |id: &crate::model::RequestId| saved.iter().find(|r| &r.id == id).and_then(|r| r.read_key.clone());
        let mine: Vec<_> =
            people.with_untracked(|p| p.iter().flat_map(|h| h.neighbour.requests.iter().map(|r| (r.id.clone(), key(&r.id)))).collect());
        if mine.is_empty() {
            return;
        }
        let (backend, office) = (backend.clone(), backend.clone());
        call.start(async move { backend.requests(&mine).await }, move |listed| {
            let _ = store::my_requests::refresh(&listed.requests);
            crate::components::rewatch(&office, i.lang.get_untracked());
            store::volunteer::note(&listed.requests);
            people.try_set(in_order(store::volunteer::neighbours(), crate::backend::clock::office_now()));
        });
    });
    // Not if the page is gone by the next frame (a quick tap elsewhere): its values went with it.
    request_animation_frame(move || {
        refresh.try_run(());
    });
    let forget = Callback::new(move |(index, name): (usize, String)| {
        let _ = store::volunteer::forget(index);
        people.set(in_order(store::volunteer::neighbours(), crate::backend::clock::office_now()));
        forgotten.set(Some(name));
    });
    view! {
        <div class="page-head">
            <h1>{tr(Key::PeopleTitle)}</h1>
            <RefreshButton call on_refresh=refresh />
        </div>
        <p class="intro">{move || i.say(Msg::Retention { n: &retention_days.to_string() })}</p>
        {move || forgotten.get().map(|name| view! { <p class="notice info" role="status">{move || i.say(Msg::Forgotten { name: &name })}</p> })}
        {move || call.failure.get().map(|_| view! { <p class="notice warn">{tr(Key::ShowingSaved)}</p> })}
        {move || {
            let list = people.get();
            if list.is_empty() {
                view! { <p class="empty">{tr(Key::PeopleEmpty)}</p> }.into_any()
            } else {
                view! { <ul class="people">{list.into_iter().map(|h| view! { <Person helping=h forget /> }).collect_view()}</ul> }
                    .into_any()
            }
        }}
    }
}

#[component]
fn Person(helping: Helping, forget: Callback<(usize, String)>) -> impl IntoView {
    let i = use_i18n();
    let asking = RwSignal::new(false);
    let Helping { index, neighbour, requests } = helping;
    let home = [neighbour.community.as_str(), neighbour.building.as_str(), neighbour.unit.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let name = neighbour.name.clone();
    let (labelled_by, heading_id) = (format!("person-{index}"), format!("person-{index}"));
    let n = requests.len();
    view! {
        <li class="card person" aria-labelledby=labelled_by>
            <h2 id=heading_id>{neighbour.name.clone()}</h2>
            <p class="person-meta">
                {(!neighbour.phone_masked.is_empty()).then(|| view! { <span class="masked-phone">{neighbour.phone_masked.clone()}</span> })}
                <span>{home}</span>
                <span>{move || i.say(Msg::NeighbourRequests { n: &n.to_string() })}</span>
            </p>
            <ul class="request-list">
                {requests
                    .into_iter()
                    .map(|r| {
                        let category = r.category_name.clone();
                        view! {
                            <li>
                                <Link route=Route::Request(r.id.clone()) class="request-item">
                                    <span class="item-head">
                                        <span class="item-category">{move || i18n::text(i.lang.get(), &category)}</span>
                                        <StatusBadge status=r.status />
                                    </span>
                                    <span class="item-meta"><span class="item-id">{r.id.to_string()}</span></span>
                                    <SlaClock request=r />
                                </Link>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button type="button" class="secondary" hidden=move || asking.get() on:click=move |_| asking.set(true)>
                {tr(Key::Forget)}
            </button>
            {move || {
                let name = name.clone();
                asking.get().then(|| {
                    let shown = name.clone();
                    view! {
                        <div class="notice warn" role="alert">
                            <p>{move || i.say(Msg::ForgetSure { name: &shown })}</p>
                            <p class="actions">
                                <button type="button" class="primary danger" on:click=move |_| forget.run((index, name.clone()))>
                                    {tr(Key::ForgetConfirm)}
                                </button>
                                <button type="button" class="secondary" on:click=move |_| asking.set(false)>
                                    {tr(Key::EraseCancel)}
                                </button>
                            </p>
                        </div>
                    }
                })
            }}
        </li>
    }
}
