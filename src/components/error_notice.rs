//! A backend failure told plainly, with a way to try again. The words for each failure live here,
//! where failures are shown.

use leptos::prelude::*;

use crate::backend::{BackendError, Capability};
use crate::i18n::{self, tr, use_i18n, Key, Lang, Msg};

/// What went wrong talking to the backend, and what the resident can do.
pub fn backend_error_words(lang: Lang, e: &BackendError) -> String {
    let key = match e {
        BackendError::NotFound => Key::ErrNotFound,
        BackendError::Unreachable => Key::ErrUnreachable,
        BackendError::Interrupted => Key::ErrInterrupted,
        BackendError::Timeout(n) => return Msg::ErrTimeout { n: &n.to_string() }.text(lang),
        BackendError::Rejected { message: Some(m), .. } => return Msg::ErrRejected { message: m }.text(lang),
        BackendError::Rejected { status, message: None } => {
            return Msg::ErrRejectedNoMessage { status: &status.to_string() }.text(lang)
        }
        BackendError::Server(status) => return Msg::ErrServer { status: &status.to_string() }.text(lang),
        BackendError::Busy { status, .. } => return Msg::ErrBusy { status: &status.to_string() }.text(lang),
        BackendError::Pending(_) => Key::ErrPending,
        BackendError::NotJson => Key::ErrNotJson,
        BackendError::MalformedJson => Key::ErrMalformedJson,
        BackendError::Shape(_) => Key::ErrShape,
        BackendError::TooLarge(_) => Key::ErrTooLarge,
        BackendError::Unsupported(Capability::Rate) => Key::ErrUnsupportedRate,
        BackendError::Unsupported(Capability::Reopen) => Key::ErrUnsupportedReopen,
        BackendError::Unsupported(Capability::KeepPrivate) => Key::PrivateNotPossible,
        BackendError::Unsupported(Capability::Photos | Capability::PhotosLater) => Key::ErrUnsupportedPhotos,
        BackendError::Cancelled => Key::Cancelled,
        BackendError::NotNow | BackendError::Unsupported(Capability::PrivateView) => Key::ErrNotNow,
        BackendError::Storage(s) => i18n::storage_error(*s),
    };
    key.text(lang).to_string()
}

#[component]
pub fn ErrorNotice(
    error: BackendError,
    /// What to do on "try again"; no button when absent.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
    /// Adds "what you typed is still here".
    #[prop(optional)]
    words_kept: bool,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="notice error" role="alert">
            <p>{move || backend_error_words(i.lang.get(), &error)}</p>
            {words_kept.then(|| view! { <p>{tr(Key::YourWordsKept)}</p> })}
            {retry.map(|r| {
                view! {
                    <button type="button" class="secondary" on:click=move |_| r.run(())>
                        {tr(Key::Retry)}
                    </button>
                }
            })}
        </div>
    }
}
