//! "My requests": everything filed from this phone, refreshed from the backend, shown from the
//! phone's saved copies when the backend cannot be reached or cannot read some of them.

use leptos::prelude::*;

use crate::backend::{use_backend, Backend};
use crate::components::{local, BackendCall, ErrorNotice, Link, RefreshButton, Route, StatusBadge};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::Request;
use crate::store;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let requests = RwSignal::new(store::my_requests::saved());
    let unreadable = RwSignal::new(0usize);
    let call = BackendCall::new();

    let refresh = Callback::new(move |_: ()| {
        let ids = store::my_requests::ids();
        if ids.is_empty() {
            return;
        }
        let backend = backend.clone();
        call.start(async move { backend.requests(&ids).await }, move |listed| {
            let _ = store::my_requests::refresh(&listed.requests);
            unreadable.try_set(listed.unreadable);
            requests.try_set(store::my_requests::saved());
        });
    });
    refresh.run(());

    view! {
        <div class="page-head">
            <h1>{tr(Key::MineTitle)}</h1>
            <RefreshButton call on_refresh=refresh />
        </div>
        <p class="intro">{tr(Key::MineIntro)}</p>
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
                view! {
                    <ul class="request-list">
                        {list.into_iter().map(|r| view! { <RequestItem request=r /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn RequestItem(request: Request) -> impl IntoView {
    let i = use_i18n();
    let updated = local(request.last_update());
    let name = request.category_name.clone();
    let summary: String = request.description.chars().take(60).collect();
    view! {
        <li>
            <Link route=Route::Request(request.id.clone()) class="request-item">
                <span class="item-head">
                    <span class="item-category">{move || i18n::text(i.lang.get(), &name)}</span>
                    <StatusBadge status=request.status />
                </span>
                <span class="item-summary">{summary}</span>
                <span class="item-meta">
                    <span class="item-id">{request.id.to_string()}</span>
                    <span>{move || i.say(Msg::UpdatedAt { time: &i18n::time(i.lang.get(), &updated) })}</span>
                </span>
            </Link>
        </li>
    }
}
