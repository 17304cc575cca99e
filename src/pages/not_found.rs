use leptos::prelude::*;

use crate::components::{Link, Route};
use crate::i18n::{tr, Key};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>{tr(Key::NotFoundTitle)}</h1>
        <p><Link route=Route::NewRequest>{tr(Key::BackHome)}</Link></p>
    }
}
