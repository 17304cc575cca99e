//! The steps of a request, newest last, each with its time and note.

use leptos::prelude::*;

use super::local;
use crate::i18n::{self, tr, use_i18n, Key};
use crate::model::TimelineStep;

#[component]
pub fn Timeline(
    steps: Vec<TimelineStep>,
    /// The first step that is new since the resident last looked (marked as such), if any is.
    #[prop(default = None)]
    new_from: Option<usize>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="timeline-section" aria-labelledby="progress-title">
            <h2 id="progress-title">{tr(Key::Progress)}</h2>
            <ol class="timeline">
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(n, s)| {
                        let new = new_from.is_some_and(|from| n >= from);
                        let step = s.step;
                        let at = local(s.at);
                        let note = s.note.clone();
                        view! {
                            <li class="timeline-step" class:new=new>
                                <p class="step-title">
                                    {new.then(|| view! { <span class="new-mark">{tr(Key::NewStep)}</span> " " })}
                                    {move || i18n::step(i.lang.get(), step)}
                                </p>
                                <p class="step-time">
                                    <time datetime=crate::model::time::format(s.at)>{move || i18n::time(i.lang.get(), &at)}</time>
                                </p>
                                {note
                                    .map(|n| {
                                        view! { <p class="step-note">{move || i18n::text(i.lang.get(), &n)}</p> }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
