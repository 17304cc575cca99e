//! A request's status as a coloured word.

use leptos::prelude::*;

use crate::app::use_i18n;
use crate::i18n;
use crate::model::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let i = use_i18n();
    let class = format!("badge status-{}", status.code());
    view! { <span class=class>{move || i.t(i18n::status(status))}</span> }
}
