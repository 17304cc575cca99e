//! Looking a request up by its tracking number.

use leptos::prelude::*;

use crate::backend::{use_backend, Capability};
use crate::components::{use_nav, Route, TextField, Tried};
use crate::i18n::{tr, Key};
use crate::model::validation::{validate_phone_digits, validate_tracking_number};

#[component]
pub fn LookupPage() -> impl IntoView {
    let nav = use_nav();
    let number = RwSignal::new(String::new());
    let tried = Tried::new();
    let error = tried.message(move || validate_tracking_number(&number.get()).err());
    // Where the office shows a request whole only with a proof: the phone's last four digits.
    let digits = RwSignal::new(String::new());
    let by_phone = use_backend().takes(Capability::PrivateView);
    let digits_error = tried.message(move || validate_phone_digits(&digits.get()).err());
    view! {
        <h1>{tr(Key::LookupTitle)}</h1>
        <p class="intro">{tr(Key::LookupIntro)}</p>
        <form
            novalidate=true
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                let valid = tried.attempt(|| {
                    let id = validate_tracking_number(&number.get_untracked());
                    let digits = validate_phone_digits(&digits.get_untracked());
                    id.and_then(|id| digits.map(|d| (id, d)))
                });
                if let Some((id, digits)) = valid {
                    if let Some(d) = digits.filter(|_| by_phone) {
                        super::request::shown_with_digits(&id, d);
                    }
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
            {by_phone.then(|| view! {
                <TextField
                    id="f-digits"
                    label=Key::PhoneDigits
                    hint=Key::PhoneDigitsHint
                    value=digits
                    on_input=move |v| digits.set(v)
                    on_blur=move |_| {}
                    error=digits_error
                    inputmode=Some("numeric")
                />
            })}
            <button type="submit" class="primary">{tr(Key::LookupSubmit)}</button>
        </form>
    }
}
