//! Looking a request up by its tracking number.

use leptos::prelude::*;

use crate::components::{use_nav, Route, TextField, Tried};
use crate::i18n::{tr, Key};
use crate::model::validation::validate_tracking_number;

#[component]
pub fn LookupPage() -> impl IntoView {
    let nav = use_nav();
    let number = RwSignal::new(String::new());
    let tried = Tried::new();
    let error = tried.message(move || validate_tracking_number(&number.get()).err());
    view! {
        <h1>{tr(Key::LookupTitle)}</h1>
        <p class="intro">{tr(Key::LookupIntro)}</p>
        <form
            novalidate=true
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                if let Some(id) = tried.attempt(|| validate_tracking_number(&number.get_untracked())) {
                    nav.go(Route::Request(id));
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
            <button type="submit" class="primary">{tr(Key::LookupSubmit)}</button>
        </form>
    }
}
