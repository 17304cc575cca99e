//! Looking a request up by its tracking number.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::app::use_i18n;
use crate::components::TextField;
use crate::i18n::{self, Key};
use crate::model::validation::validate_tracking_number;

#[component]
pub fn LookupPage() -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let number = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let error = Signal::derive(move || {
        tried
            .get()
            .then(|| validate_tracking_number(&number.get()).err())
            .flatten()
            .map(|p| i18n::problem(i.lang.get(), p))
    });
    view! {
        <h1>{move || i.t(Key::LookupTitle)}</h1>
        <p class="intro">{move || i.t(Key::LookupIntro)}</p>
        <form
            novalidate=true
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if let Ok(id) = validate_tracking_number(&number.get_untracked()) {
                    navigate(&format!("/requests/{id}"), Default::default());
                }
            }
        >
            <TextField
                id="f-tracking"
                label=Key::TrackingNumber
                hint=Key::LookupHint
                required=true
                value=number
                on_input=move |v| number.set(v)
                on_blur=move |_| {}
                error=error
            />
            <button type="submit" class="primary">{move || i.t(Key::LookupSubmit)}</button>
        </form>
    }
}
