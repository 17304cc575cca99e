//! The confirmation after sending: the tracking number, what the office said, what happens next,
//! and when to expect an answer; for a request a volunteer filed for a neighbour, the hand-over
//! card too (the number in large digits, what next, the deadline, a QR code of the request's status
//! page that carries nothing but the number), printable on A6.

use leptos::prelude::*;

use crate::components::{local, Copies, Link, Notifications, QrCode, ReadAloud, Route};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::RequestId;
use crate::store;

#[component]
pub fn SubmittedPage(id: RequestId) -> impl IntoView {
    let i = use_i18n();
    // Filed: its progress is followed from now on (the first request begins the checks), by the
    // service worker too where the resident asked to be told.
    crate::components::use_following().begin(crate::backend::use_backend());
    {
        let (office, lang) = (crate::backend::use_backend(), i.lang.get_untracked());
        leptos::task::spawn_local(async move { crate::components::keep_watch(&office, lang).await });
    }
    {
        let request = store::my_requests::find(&id);
        let follow = Route::Request(id.clone());
        let due = request.as_ref().and_then(|r| r.expected_at).map(local);
        let copies = request.as_ref().map(|r| r.copies.clone()).unwrap_or_default();
        let handover = request.as_ref().filter(|r| r.filed_by.is_some()).map(|r| {
            let key = r.read_key.clone();
            let neighbour = store::volunteer::neighbours()
                .into_iter()
                .find(|n| n.requests.iter().any(|h| h.id == id))
                .map(|n| n.name)
                .unwrap_or_default();
            view! { <HandoverCard id=id.clone() key neighbour due /> }
        });
        let notice = request.and_then(|r| r.notice);
        view! {
            <section class="card success" aria-labelledby="done-title">
                <h1 id="done-title">{tr(Key::SubmittedTitle)}</h1>
                <p class="label">{tr(Key::TrackingNumber)}</p>
                <p class="tracking-number">{id.to_string()}</p>
                <p>{tr(Key::KeepNumber)}</p>
                <ReadAloud text=Signal::derive({
                    let id = id.clone();
                    move || {
                        let lang = i.lang.get();
                        let due = due.map(|d| format!(" {}", Msg::FeedbackBy { time: &i18n::time(lang, &d) }.text(lang))).unwrap_or_default();
                        format!("{} {} {}。{}{due}", i.t(Key::SubmittedTitle), i.t(Key::TrackingNumber), spaced(id.as_str()), i.t(Key::KeepNumber))
                    }
                }) />
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
            {handover}
            <Notifications offer=true />
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

/// What a volunteer shows (or prints for) the neighbour: the number, what happens next, by when,
/// and a QR code any phone can open the request's status page with — whole, where the office gave
/// a read key: it rides in the link's fragment, which browsers never send to a server.
#[component]
fn HandoverCard(id: RequestId, key: Option<String>, neighbour: String, due: Option<chrono::DateTime<chrono::Local>>) -> impl IntoView {
    let i = use_i18n();
    let origin = window().location().origin().unwrap_or_default();
    let whole = key.is_some();
    let fragment = key.map(|k| format!("#k={k}")).unwrap_or_default();
    let link = format!("{origin}{}{fragment}", Route::Request(id.clone()).path());
    let said = neighbour.clone();
    view! {
        <section class="card handover" aria-labelledby="handover-title">
            <h2 id="handover-title">{tr(Key::HandoverTitle)}</h2>
            {(!neighbour.is_empty()).then(|| {
                view! { <p class="handover-for">{move || i.say(Msg::HandoverFor { name: &neighbour })}</p> }
            })}
            <p class="label">{tr(Key::HandoverNumber)}</p>
            <p class="tracking-number handover-number">{id.to_string()}</p>
            <p>{tr(Key::HandoverNext)}</p>
            {due.map(|due| {
                view! { <p class="sla due">{move || i.say(Msg::FeedbackBy { time: &i18n::time(i.lang.get(), &due) })}</p> }
            })}
            <ReadAloud text=Signal::derive({
                let (id, neighbour) = (id.clone(), said);
                move || {
                    let lang = i.lang.get();
                    let due = due.map(|d| Msg::FeedbackBy { time: &i18n::time(lang, &d) }.text(lang)).unwrap_or_default();
                    let whom = if neighbour.is_empty() { String::new() } else { Msg::HandoverFor { name: &neighbour }.text(lang) };
                    format!("{whom}。{} {}。{} {due}", i.t(Key::HandoverNumber), spaced(id.as_str()), i.t(Key::HandoverNext))
                }
            }) />
            <QrCode text=link label=Signal::derive(move || i.t(Key::HandoverQr).to_string()) />
            <p class="qr-caption" aria-hidden="true">{tr(Key::HandoverQr)}</p>
            {whole.then(|| view! { <p class="hint">{tr(Key::HandoverQrWhole)}</p> })}
            <button type="button" class="secondary no-print" on:click=move |_| {
                let _ = window().print();
            }>{tr(Key::Print)}</button>
        </section>
    }
}

/// A tracking number read out one character at a time ("D S 2 0 2 6 …"), not as a large number.
fn spaced(id: &str) -> String {
    id.chars().filter(|c| *c != '-').map(String::from).collect::<Vec<_>>().join(" ")
}
