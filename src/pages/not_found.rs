use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr, Key};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>{tr(Key::NotFoundTitle)}</h1>
        <p><A href="/">{tr(Key::BackHome)}</A></p>
    }
}
