//! The confirmation after sending: the tracking number, what the office said, what happens next,
//! and when to expect an answer.

use leptos::prelude::*;

use crate::components::{local, Copies, Link, Route};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::RequestId;
use crate::store;

#[component]
pub fn SubmittedPage(id: RequestId) -> impl IntoView {
    let i = use_i18n();
    {
        let request = store::my_requests::find(&id);
        let follow = Route::Request(id.clone());
        let due = request.as_ref().and_then(|r| r.expected_at).map(local);
        let copies = request.as_ref().map(|r| r.copies.clone()).unwrap_or_default();
        let notice = request.and_then(|r| r.notice);
        view! {
            <section class="card success" aria-labelledby="done-title">
                <h1 id="done-title">{tr(Key::SubmittedTitle)}</h1>
                <p class="label">{tr(Key::TrackingNumber)}</p>
                <p class="tracking-number">{id.to_string()}</p>
                <p>{tr(Key::KeepNumber)}</p>
                {due.map(|due| {
                    view! {
                        <p class="sla due">
                            {move || i.say(Msg::FeedbackBy { time: &i18n::time(i.lang.get(), &due) })}
                        </p>
                    }
                })}
                <Copies id=id.clone() copies />
                {notice.map(|n| {
                    view! {
                        <div class="office-notice">
                            <p class="label">{tr(Key::OfficeNotice)}</p>
                            <p>{move || i18n::text(i.lang.get(), &n)}</p>
                        </div>
                    }
                })}
            </section>
            <section aria-labelledby="next-title">
                <h2 id="next-title">{tr(Key::WhatNext)}</h2>
                <ol class="next-steps">
                    <li>{tr(Key::NextDispatch)}</li>
                    <li>{tr(Key::NextContact)}</li>
                    <li>{tr(Key::NextRate)}</li>
                </ol>
            </section>
            <p class="actions">
                <Link route=follow class="button primary">{tr(Key::FollowThis)}</Link>
                <Link route=Route::NewRequest class="button secondary">{tr(Key::NewAnother)}</Link>
            </p>
        }
    }
}
