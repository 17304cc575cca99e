//! Asking for an unsolved or unsatisfying request to be handled again (重办).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ErrorNotice, TextField};
use crate::app::{use_backend, use_i18n};
use crate::backend::{Backend, BackendError, Capability};
use crate::i18n::{self, Key};
use crate::model::validation::{validate_reopen_reason, REASON_MAX};
use crate::model::{Request, RequestId};
use crate::store;

#[component]
pub fn ReopenForm(id: RequestId, #[prop(into)] on_done: Callback<Request>) -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);
    let error = Signal::derive(move || {
        tried
            .get()
            .then(|| validate_reopen_reason(&reason.get()).err())
            .flatten()
            .map(|p| i18n::problem(i.lang.get(), p))
    });
    view! {
        <form
            class="card reopen"
            aria-labelledby="reopen-title"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if sending.get_untracked() {
                    return;
                }
                let Ok(text) = validate_reopen_reason(&reason.get_untracked()) else { return };
                sending.set(true);
                failure.set(None);
                let (backend, id) = (backend.clone(), id.clone());
                spawn_local(async move {
                    match backend.reopen(&id, &text).await {
                        Ok(request) => on_done.run(request),
                        Err(e @ BackendError::Unsupported(Capability::Reopen)) => {
                            store::unsent::keep_reopen_reason(&id, &text);
                            failure.try_set(Some(e));
                        }
                        Err(e) => {
                            failure.try_set(Some(e));
                        }
                    }
                    sending.try_set(false);
                });
            }
        >
            <h2 id="reopen-title">{move || i.t(Key::ReopenTitle)}</h2>
            <p>{move || i.t(Key::ReopenIntro)}</p>
            <TextField
                id="f-reason"
                label=Key::ReopenReason
                multiline=true
                required=true
                value=reason
                on_input=move |v| reason.set(v)
                on_blur=move |_| {}
                error=error
                counter_max=REASON_MAX
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e words_kept=true /> })}
            <button type="submit" class="primary" disabled=move || sending.get()>
                {move || if sending.get() { i.t(Key::Reopening) } else { i.t(Key::Reopen) }}
            </button>
        </form>
    }
}
