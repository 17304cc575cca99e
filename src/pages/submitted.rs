//! The confirmation after sending: the tracking number, what happens next, and when to expect an answer.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::app::use_i18n;
use crate::components::local;
use crate::i18n::{self, Key};
use crate::model::RequestId;
use crate::store;

#[component]
pub fn SubmittedPage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = move || RequestId(params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        {move || {
            let id = id();
            let request = store::my_requests::find(&id);
            let follow = format!("/requests/{id}");
            view! {
                <section class="card success" aria-labelledby="done-title">
                    <h1 id="done-title">{move || i.t(Key::SubmittedTitle)}</h1>
                    <p class="label">{move || i.t(Key::TrackingNumber)}</p>
                    <p class="tracking-number">{id.to_string()}</p>
                    <p>{move || i.t(Key::KeepNumber)}</p>
                    {request
                        .and_then(|r| r.expected_at)
                        .map(|due| {
                            let due = local(due);
                            view! {
                                <p class="sla due">
                                    {move || i.tf(Key::FeedbackBy, &[("time", &i18n::time(i.lang.get(), &due))])}
                                </p>
                            }
                        })}
                </section>
                <section aria-labelledby="next-title">
                    <h2 id="next-title">{move || i.t(Key::WhatNext)}</h2>
                    <ol class="next-steps">
                        <li>{move || i.t(Key::NextDispatch)}</li>
                        <li>{move || i.t(Key::NextContact)}</li>
                        <li>{move || i.t(Key::NextRate)}</li>
                    </ol>
                </section>
                <p class="actions">
                    <A href=follow attr:class="button primary">{move || i.t(Key::FollowThis)}</A>
                    <A href="/" attr:class="button secondary">{move || i.t(Key::NewAnother)}</A>
                </p>
            }
        }}
    }
}
