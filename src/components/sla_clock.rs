//! "Feedback due by …" / "overdue by …", ticking while the page is open.

use std::time::Duration;

use leptos::prelude::*;

use super::local;
use crate::i18n::{self, use_i18n};
use crate::model::{Request, SlaState};

#[component]
pub fn SlaClock(request: Request) -> impl IntoView {
    let i = use_i18n();
    let now = RwSignal::new(crate::backend::clock::office_now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(crate::backend::clock::office_now()), Duration::from_secs(30)) {
        on_cleanup(move || handle.clear());
    }
    let state = move || request.sla(now.get());
    view! {
        {move || {
            state()
                .map(|s| {
                    let class = match s {
                        SlaState::DueBy(_) => "sla due",
                        SlaState::Overdue { .. } => "sla overdue",
                        SlaState::AnsweredInTime => "sla met",
                        SlaState::AnsweredLate => "sla late",
                    };
                    view! { <p class=class>{i18n::sla(i.lang.get(), s, local)}</p> }
                })
        }}
    }
}
