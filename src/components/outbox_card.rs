//! A request waiting in the outbox, as the resident sees it: what it is, where it stands (being
//! sent, waiting for the network or for its next try, or refused), and what they can do: send it
//! now, change it, or withdraw it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{backend_error_words, local, use_outbox, TakenBack, UploadProgress};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::outbox::{Act, May, Stage};
use crate::model::{Draft, IdempotencyKey};
use crate::store;
use crate::store::outbox::Entry;

/// One waiting request. `on_change` gets it back as a draft to edit; `on_send` hears of a "send now".
/// The cards of the requests `keys`. In the first load: a request that must wait because the
/// phone went offline is shown at once, even before the service worker has kept any module.
#[component]
pub fn OutboxCards(
    keys: Vec<IdempotencyKey>,
    #[prop(into)] on_change: Callback<Draft>,
    #[prop(default = None)] on_send: Option<Callback<IdempotencyKey>>,
) -> impl IntoView {
    keys.into_iter().map(|key| view! { <OutboxCard key on_change on_send /> }).collect_view()
}

#[component]
fn OutboxCard(
    key: IdempotencyKey,
    #[prop(into)] on_change: Callback<Draft>,
    #[prop(default = None)] on_send: Option<Callback<IdempotencyKey>>,
) -> impl IntoView {
    let i = use_i18n();
    let outbox = use_outbox();
    let entry = {
        let key = key.clone();
        Memo::new(move |_| outbox.entries.with(|all| all.iter().find(|e| *e.key() == key).cloned()))
    };
    let sending = {
        let key = key.clone();
        Memo::new(move |_| outbox.sending.with(|s| s.as_ref() == Some(&key)))
    };
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let take_back = move |act: Act| {
        let key = key.clone();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let lang = i.lang.get_untracked();
            match outbox.take_back(&key, act).await {
                // Back to its form under a new key: the office may know the old one.
                Ok(TakenBack::Withdrawn(request)) if act == Act::Change => {
                    on_change.run(Draft::from_request(&request, store::drafts::new_key()))
                }
                Ok(TakenBack::Withdrawn(request)) => {
                    // Withdrawn: its photos leave the phone with it.
                    for p in &request.photos {
                        let _ = store::photos::delete(&p.local).await;
                    }
                }
                Ok(TakenBack::AlreadyFiled(filed)) => {
                    problem.try_set(Some(Msg::AlreadyFiled { id: filed.id.as_str() }.text(lang)));
                }
                Err(e) => {
                    problem.try_set(Some(backend_error_words(lang, &e)));
                }
            }
            busy.try_set(false);
        });
    };
    let change = {
        let take_back = take_back.clone();
        move |_| {
            // The form holds one request: the one being written is never overwritten.
            if !store::drafts::load().0.is_empty() {
                problem.set(Some(i.t(Key::FinishDraftFirst).into()));
                return;
            }
            take_back(Act::Change)
        }
    };
    let status = move || {
        let e: Entry = entry.get()?;
        let line = if sending.get() {
            i.t(Key::Submitting).to_string()
        } else if let Stage::Filed { request, .. } = &e.stage {
            // Filed, its number not yet kept in "my requests" (tried again).
            i.say(Msg::AlreadyFiled { id: request.id.as_str() })
        } else if let Some(refused) = e.refusal() {
            format!("{} {}", i.t(Key::OutboxRefused), backend_error_words(i.lang.get(), refused))
        } else if outbox.page_only.get() {
            // Kept where only the app can reach it: said plainly, whatever else is true.
            let why = e.last_error.as_ref().map(|err| backend_error_words(i.lang.get(), err)).unwrap_or_default();
            format!("{why} {}", i.t(Key::OutboxPageOnly)).trim().to_string()
        } else if !outbox.online.get() {
            i.t(Key::OutboxOffline).to_string()
        } else {
            let why = e.last_error.as_ref().map(|err| backend_error_words(i.lang.get(), err)).unwrap_or_default();
            let when = e
                .waits_until(chrono::Utc::now())
                .map(|at| {
                    let secs = at.signed_duration_since(chrono::Utc::now()).num_seconds();
                    if secs < 60 {
                        i.say(Msg::NextTryIn { n: &secs.max(1).to_string() })
                    } else {
                        i.say(Msg::NextTry { time: &i18n::time(i.lang.get(), &local(at)) })
                    }
                })
                .unwrap_or_default();
            format!("{why} {when} {}", i.t(Key::OutboxKept)).trim().to_string()
        };
        Some(line)
    };
    let summary = move || entry.with(|e| e.as_ref().map(|e| e.request.description.chars().take(60).collect::<String>()));
    // On a volunteer's phone, whom each waiting request is for (their words may be the same).
    let for_whom = move || {
        entry.with(|e| {
            e.as_ref().filter(|e| e.request.filed_by.is_some()).map(|e| i.say(Msg::HandoverFor { name: &e.request.contact.name }))
        })
    };
    let refused = move || entry.with(|e| e.as_ref().is_some_and(|e| e.refusal().is_some()));
    let may = move |act: Act| entry.with(|e| e.as_ref().is_some_and(|e| e.may(act) != May::No));
    view! {
        <li class="card outbox-entry" class:refused=refused>
            <p class="item-summary">{summary}</p>
            {move || for_whom().map(|who| view! { <p class="item-meta">{who}</p> })}
            <p class="outbox-status" role="status">{status}</p>
            {move || {
                entry
                    .with(|e| e.as_ref().is_some_and(|e| !e.request.photos.is_empty()))
                    .then(|| super::later(|| ().into_any(), true, std::rc::Rc::new(move || Box::pin(when_loaded!(photo_uploads(entry))))))
            }}
            {move || problem.get().map(|p| view! { <p class="notice warn" role="alert">{p}</p> })}
            <p class="actions row3">
                <button
                    type="button"
                    class="secondary"
                    disabled=move || sending.get() || busy.get() || !may(Act::SendNow)
                    on:click={
                        let key = entry.get_untracked().map(|e| e.key().clone());
                        move |_| {
                            if let Some(k) = &key {
                                outbox.send_now_one(Some(k.clone()));
                                if let Some(f) = on_send {
                                    f.run(k.clone());
                                }
                            }
                        }
                    }
                >
                    {tr(Key::SendNow)}
                </button>
                <button type="button" class="secondary" disabled=move || sending.get() || busy.get() || !may(Act::Change) on:click=change>
                    {tr(Key::Change)}
                </button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || sending.get() || busy.get() || !may(Act::Withdraw)
                    on:click=move |_| take_back(Act::Withdraw)
                >
                    {tr(Key::Withdraw)}
                </button>
            </p>
        </li>
    }
}

lazy! {
    /// Where each photo of a waiting request stands (loaded with the first request that has photos).
    fn photo_uploads(entry: Memo<Option<Entry>>) -> AnyView {
        view! { <PhotoUploads entry /> }.into_any()
    }
}

/// Where each photo of a waiting request stands: uploaded, being uploaded (with its progress and
/// a way to leave it out), or waiting.
#[component]
fn PhotoUploads(entry: Memo<Option<Entry>>) -> impl IntoView {
    let i = use_i18n();
    let outbox = use_outbox();
    move || {
        let e = entry.get()?;
        let total = e.request.photos.len();
        let open = e.may(Act::DropPhoto) == May::Now;
        let key = e.key().clone();
        (total > 0).then(|| {
            view! {
                <ul class="photo-uploads">
                    {e.request.photos.into_iter().enumerate().map(|(at, p)| {
                        let (n, local) = ((at + 1).to_string(), p.local.clone());
                        let share = {
                            let local = local.clone();
                            move || outbox.uploading.with(|u| u.as_ref().filter(|(l, _)| *l == local).map(|(_, s)| *s))
                        };
                        let drop = {
                            let (key, local) = (key.clone(), local.clone());
                            move |_| outbox.drop_photo(&key, &local)
                        };
                        let (nn, uploaded) = (n.clone(), p.url.is_some());
                        view! {
                            <li class="photo-upload">
                                {move || match (uploaded, share()) {
                                    (true, _) => i.say(Msg::PhotoStatus { n: &nn, state: i.t(Key::PhotoUploaded) }).into_any(),
                                    (false, Some(share)) => view! { <UploadProgress n=at + 1 total share /> }.into_any(),
                                    (false, None) => i.say(Msg::PhotoStatus { n: &nn, state: i.t(Key::PhotoWaiting) }).into_any(),
                                }}
                                {(open && !uploaded).then(|| {
                                    let n = n.clone();
                                    view! { <button type="button" class="secondary" on:click=drop>{move || i.say(Msg::CancelPhoto { n: &n })}</button> }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    }
}

/// Everything waiting to send, with a way to send it all now.
#[component]
pub fn OutboxList(
    #[prop(into)] on_change: Callback<Draft>,
    #[prop(default = None)] on_send: Option<Callback<IdempotencyKey>>,
) -> impl IntoView {
    let i = use_i18n();
    let outbox = use_outbox();
    let keys = Memo::new(move |_| outbox.entries.with(|all| all.iter().map(|e| e.key().clone()).collect::<Vec<_>>()));
    move || {
        let keys = keys.get();
        (!keys.is_empty()).then(|| {
            let n = keys.len().to_string();
            view! {
                <section class="outbox" aria-labelledby="outbox-title">
                    <div class="page-head">
                        <h2 id="outbox-title">{move || i.say(Msg::WaitingToSend { n: &n })}</h2>
                        <button type="button" class="secondary" on:click=move |_| outbox.send_now()>{tr(Key::SendNow)}</button>
                    </div>
                    {move || outbox.not_kept.get().map(|_| view! { <p class="notice warn" role="alert">{tr(Key::OutboxNotKept)}</p> })}
                    <ul class="request-list">
                        <OutboxCards keys on_change on_send />
                    </ul>
                </section>
            }
        })
    }
}
