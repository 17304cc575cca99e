//! The new-request page.

mod form;
mod questions;

use chrono::Utc;
use leptos::prelude::*;

use crate::backend::{use_backend, AnyBackend, Backend, BackendError, Capability};
use crate::components::{
    use_nav, BackendCall, CategoryPicker, ErrorNotice, Link, LocationButton, Route, SubmitButton, TextField,
};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::outbox::next_send;
use crate::model::{Category, Draft, Field, NewRequest, NextSend, Outgoing, Request};
use crate::store;

use super::fields::{dom_id, spec, TEXT_FIELDS};
pub use form::DraftForm;
use questions::Questions;

/// How a send ended.
enum Sent {
    /// The office filed it (now, or on an earlier send it found).
    Filed(Request),
    /// An earlier send arrived before the resident edited the draft.
    EarlierArrived(Request),
}

/// Freezes the first send of `new`, remembered with the draft.
async fn prepare(backend: &AnyBackend, new: NewRequest) -> Result<Outgoing, BackendError> {
    let wire = backend.prepare(&new, Utc::now()).await?;
    Ok(Outgoing { request: new, wire, attempts: 0 })
}

/// Sends `new` as `next_send` decides: the same bytes again, a fresh request, or, after an edit,
/// only once the office is known not to have the earlier one.
async fn send_draft(backend: AnyBackend, new: NewRequest, draft: RwSignal<Draft>) -> Result<Sent, BackendError> {
    let mut outgoing = match next_send(store::drafts::outgoing().as_ref(), &new) {
        NextSend::Same(o) => o,
        NextSend::Fresh => prepare(&backend, new).await?,
        NextSend::AskFirst(earlier) => {
            if let Some(r) = backend.find_filed(&earlier).await? {
                return Ok(Sent::EarlierArrived(r));
            }
            // The office does not have it: what the resident has now is a new request, under a new key.
            let key = store::drafts::new_key();
            draft.try_update(|d| d.idempotency_key = key.clone());
            prepare(&backend, NewRequest { idempotency_key: key, ..new }).await?
        }
    };
    outgoing.attempts += 1;
    // Remembered before it goes, so a retry after a reload sends these bytes again.
    let _ = store::drafts::set_outgoing(&outgoing);
    backend.submit(&outgoing).await.map(Sent::Filed)
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let nav = use_nav();
    let (mut saved, refused) = store::drafts::load();
    // Text typed into the page before the app started (and not yet in the draft) wins.
    for (id, text) in store::boot::load() {
        if let Some(field) = TEXT_FIELDS.iter().find(|f| dom_id(**f) == id) {
            saved.set_text(*field, text);
        }
    }
    let draft = RwSignal::new(saved);

    let categories = LocalResource::new({
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move { backend.categories().await }
        }
    });
    let chosen = Memo::new(move |_| {
        let code = draft.with(|d| d.category_code.clone());
        categories.get().and_then(|r| r.ok()).and_then(|list| list.into_iter().find(|c: &Category| c.code == code))
    });
    // The chosen category's questions, tagged with its code so an answer for the previous choice
    // is never taken for this one.
    let questions = LocalResource::new({
        let backend = backend.clone();
        move || {
            let (backend, category) = (backend.clone(), chosen.get());
            async move {
                match category {
                    Some(c) if c.has_questions => (c.code.clone(), backend.questions(&c.code).await),
                    Some(c) => (c.code, Ok(Vec::new())),
                    None => (String::new(), Ok(Vec::new())),
                }
            }
        }
    });
    let question_list = Signal::derive(move || match chosen.get() {
        Some(c) if c.has_questions => questions.get().and_then(|(code, r)| (code == c.code).then_some(r).and_then(Result::ok)),
        _ => Some(Vec::new()),
    });
    let form = DraftForm::new(draft, question_list);
    if let Some(e) = refused {
        form.not_kept.set(Some(e));
    }

    let call = BackendCall::new();
    let earlier = RwSignal::new(None::<Request>);
    let send = Callback::new(move |_: ()| {
        let Some(new) = form.validate() else { return };
        let backend = backend.clone();
        earlier.set(None);
        call.start(send_draft(backend, new, draft), move |sent| match sent {
            Sent::Filed(request) => {
                let _ = store::my_requests::remember(&request);
                store::drafts::clear();
                nav.go(Route::Submitted(request.id));
            }
            Sent::EarlierArrived(request) => {
                let _ = store::my_requests::remember(&request);
                store::drafts::clear();
                draft.update(|d| d.idempotency_key = store::drafts::new_key());
                earlier.set(Some(request));
            }
        });
    });
    let keeps_private = use_backend().takes(Capability::KeepPrivate);

    view! {
        <h1>{tr(Key::NewTitle)}</h1>
        <p class="intro">{tr(Key::NewIntro)}</p>
        {move || {
            form.not_kept.get().map(|e| {
                view! {
                    <div class="notice warn" role="alert">
                        <p>{tr(Key::DraftNotKept)}</p>
                        <p>{tr(i18n::storage_error(e))}</p>
                    </div>
                }
            })
        }}
        {move || {
            earlier.get().map(|r| {
                let id = r.id.to_string();
                view! {
                    <div class="notice warn" role="alert">
                        <p>{move || i.say(Msg::EarlierArrived { id: &id })}</p>
                        <p class="actions">
                            <Link route=Route::Request(r.id.clone()) class="button secondary">{tr(Key::FollowThis)}</Link>
                            <button
                                type="button"
                                class="secondary"
                                on:click=move |_| {
                                    draft.set(Draft::new(store::drafts::new_key()));
                                    earlier.set(None);
                                }
                            >
                                {tr(Key::Discard)}
                            </button>
                        </p>
                    </div>
                }
            })
        }}
        <form
            class="request-form"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                send.run(());
            }
        >
            <section aria-labelledby="sec-problem">
                <h2 id="sec-problem">{tr(Key::SectionProblem)}</h2>
                <DraftText form field=Field::Description />
                <Suspense fallback=move || view! { <p class="loading">{tr(Key::Loading)}</p> }>
                    {move || {
                        categories
                            .get()
                            .map(|result| match result {
                                Ok(list) => {
                                    view! {
                                        <CategoryPicker
                                            categories=list
                                            selected=form.value(Field::Category)
                                            on_select=form.edit(Field::Category)
                                            error=form.message(Field::Category)
                                        />
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <p class="field-error" id=dom_id(Field::Category) tabindex="-1">
                                            {tr(Key::CategoriesFailed)}
                                        </p>
                                        <ErrorNotice error=e retry=move |_| categories.refetch() />
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <Questions form questions=questions chosen />
            </section>
            <section aria-labelledby="sec-place">
                <h2 id="sec-place">{tr(Key::SectionPlace)}</h2>
                <DraftText form field=Field::Address />
                <DraftText form field=Field::Community />
                <div class="row">
                    <DraftText form field=Field::Building />
                    <DraftText form field=Field::Unit />
                </div>
                <LocationButton
                    point=Signal::derive(move || draft.with(|d| d.point))
                    on_change=move |p| draft.update(|d| d.point = p)
                />
            </section>
            <section aria-labelledby="sec-contact">
                <h2 id="sec-contact">{tr(Key::SectionContact)}</h2>
                <DraftText form field=Field::Name />
                <DraftText form field=Field::Phone />
                {if keeps_private {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                id="f-private"
                                prop:checked=move || draft.with(|d| d.private)
                                on:change=move |ev| draft.update(|d| d.private = event_target_checked(&ev))
                            />
                            <span>{tr(Key::FieldPrivate)}</span>
                        </label>
                    }
                        .into_any()
                } else {
                    view! { <p class="notice warn">{tr(Key::PrivateNotPossible)}</p> }.into_any()
                }}
            </section>
            {move || {
                let n = form.error_count();
                (n > 0).then(|| {
                    view! {
                        <p class="notice error" role="alert">
                            {move || i.say(Msg::FormHasErrors { n: &n.to_string() })}
                        </p>
                    }
                })
            }}
            {move || {
                call.failure
                    .get()
                    .map(|e| {
                        view! {
                            <div class="send-failed">
                                <p class="notice-title">{tr(Key::SendFailed)}</p>
                                <ErrorNotice error=e words_kept=true retry=send />
                            </div>
                        }
                    })
            }}
            <SubmitButton call idle=Key::Submit busy=Key::Submitting />
            <p class="hint">{tr(Key::DraftKept)}</p>
        </form>
    }
}

/// One text field of the draft, as `spec` describes it.
#[component]
fn DraftText(form: DraftForm, field: Field) -> impl IntoView {
    let s = spec(field);
    view! {
        <TextField
            id=dom_id(field)
            label=s.label
            hint=s.hint
            multiline=s.multiline
            required=s.required
            input_type=s.input_type
            inputmode=s.inputmode
            autocomplete=s.autocomplete
            counter_max=s.counter_max
            value=form.value(field)
            on_input=form.edit(field)
            on_blur=form.leave(field)
            error=form.message(field)
        />
    }
}
