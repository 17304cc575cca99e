//! "The office received this twice": both numbers, so the resident can tell the staff.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Key, Msg};
use crate::model::RequestId;

#[component]
pub fn Copies(id: RequestId, copies: Vec<RequestId>) -> impl IntoView {
    let i = use_i18n();
    (!copies.is_empty()).then(|| {
        let ids: Vec<String> = std::iter::once(id).chain(copies).map(|c| c.0).collect();
        view! { <p class="notice warn" role="status">{move || i.say(Msg::Copies { ids: &ids.join(i.t(Key::ListSeparator)) })}</p> }
    })
}
