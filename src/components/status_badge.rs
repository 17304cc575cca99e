//! A request's status as a coloured word.

use leptos::prelude::*;

use crate::i18n::{self, tr};
use crate::model::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let class = format!("badge status-{}", status.code());
    view! { <span class=class>{tr(i18n::status(status))}</span> }
}
