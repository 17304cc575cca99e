//! A backend failure told plainly, with a way to try again.

use leptos::prelude::*;

use crate::app::use_i18n;
use crate::backend::BackendError;
use crate::i18n::{self, Key};

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
            <p>{move || i18n::backend_error(i.lang.get(), &error)}</p>
            {words_kept.then(|| view! { <p>{move || i.t(Key::YourWordsKept)}</p> })}
            {retry.map(|r| {
                view! {
                    <button type="button" class="secondary" on:click=move |_| r.run(())>
                        {move || i.t(Key::Retry)}
                    </button>
                }
            })}
        </div>
    }
}
