//! Asking for an unsolved or unsatisfying request to be handled again (重办), on its page.

use leptos::prelude::*;

use crate::backend::{use_backend, Backend, BackendError, Capability};
use crate::components::{BackendCall, ErrorNotice, SubmitButton, TextField, Tried};
use crate::i18n::{tr, Key};
use crate::model::validation::{validate_reopen_reason, REASON_MAX};
use crate::model::{Request, RequestId};
use crate::store;

#[component]
pub fn ReopenForm(id: RequestId, key: Option<String>, round: usize, #[prop(into)] on_done: Callback<Request>) -> impl IntoView {
    let backend = use_backend();
    // A reason the backend could not take earlier comes back as it was typed.
    let reason = RwSignal::new(store::unsent::reopen_reason(&id).unwrap_or_default());
    let tried = Tried::new();
    let call = BackendCall::new();
    // One reopening, sent again after a lost answer (or from a reloaded page), counts once: its
    // idempotency key names the request's round (its steps so far).
    let once = crate::model::IdempotencyKey::for_change("reopen", round);
    let error = tried.message(move || validate_reopen_reason(&reason.get()).err());
    view! {
        <form
            class="card reopen"
            aria-labelledby="reopen-title"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                let Some(text) = tried.attempt(|| validate_reopen_reason(&reason.get_untracked())) else { return };
                let (backend, id, key, once) = (backend.clone(), id.clone(), key.clone(), once.clone());
                call.start(
                    async move {
                        let result = backend.reopen(&id, key.as_deref(), &once, &text).await;
                        if let Err(BackendError::Unsupported(Capability::Reopen)) = result {
                            store::unsent::keep_reopen_reason(&id, &text)?;
                        }
                        result
                    },
                    // The page may be gone by the answer (its callbacks with it).
                    move |request| {
                        on_done.try_run(request);
                    },
                );
            }
        >
            <h2 id="reopen-title">{tr(Key::ReopenTitle)}</h2>
            <p>{tr(Key::ReopenIntro)}</p>
            <TextField
                id="f-reason"
                label=Key::ReopenReason
                multiline=true
                required=true
                value=reason
                on_input=move |v| reason.set(v)
                on_blur=move |_| {}
                error=error
                counter_max=Some(REASON_MAX)
            />
            {move || call.failure.get().map(|e| view! { <ErrorNotice error=e words_kept=true /> })}
            <SubmitButton call idle=Key::Reopen busy=Key::Reopening />
        </form>
    }
}
