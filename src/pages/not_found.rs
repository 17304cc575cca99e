use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::use_i18n;
use crate::i18n::Key;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i = use_i18n();
    view! {
        <h1>{move || i.t(Key::NotFoundTitle)}</h1>
        <p><A href="/">{move || i.t(Key::BackHome)}</A></p>
    }
}
