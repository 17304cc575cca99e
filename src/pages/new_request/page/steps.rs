//! Elder mode's new-request form: one question at a time, then "check your answers" (GOV.UK's
//! pattern), on the same draft and the same send as the whole form. The stylesheet shows only the
//! fields of the current step (`data-step` against the form's `data-current`); this module adds
//! "continue" and "back", and the check page with a "change" for each answer.

use leptos::prelude::*;

use super::form::{focus, DraftForm};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::{Category, Field, Problem};
use crate::pages::new_request::fields::{dom_id, spec};

/// The questions, one step each (7: photos, optional); step 8 is the check.
const STEPS: [&[Field]; 7] = [
    &[Field::Description],
    &[Field::Category, Field::Questions],
    &[Field::Address],
    &[Field::Community, Field::Building, Field::Unit],
    &[Field::Name],
    &[Field::Phone],
    &[],
];
const CHECK: u8 = STEPS.len() as u8 + 1;

/// The steps of `form`, at `step`; `chosen` is the category picked, for the check.
pub fn one_at_a_time(form: DraftForm, step: RwSignal<u8>, chosen: Signal<Option<Category>>) -> AnyView {
    view! { <Steps form step chosen /> }.into_any()
}

#[component]
fn Steps(form: DraftForm, step: RwSignal<u8>, chosen: Signal<Option<Category>>) -> impl IntoView {
    let i = use_i18n();
    // Back to the check after a "change".
    let returning = RwSignal::new(false);
    let go = move |n: u8| {
        step.set(n);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        // The question's own field takes the focus.
        let first = STEPS.get(usize::from(n).wrapping_sub(1)).and_then(|f| f.first()).copied();
        request_animation_frame(move || match first {
            Some(f) => focus(&dom_id(f)),
            None => focus("check-title"),
        });
    };
    let next = move |_| {
        let n = step.get_untracked();
        let fields = STEPS.get(usize::from(n) - 1).copied().unwrap_or(&[]);
        // Questions still loading or unanswered keep the step, with the message beside them.
        let mut wrong = fields.iter().copied().filter(|f| form.problem(*f).is_some()).collect::<Vec<_>>();
        if n == 2 {
            wrong.extend((0..20u16).map(Field::Question).filter(|f| form.problem(*f).is_some_and(|p| p != Problem::NotLoaded)));
        }
        if let Some(first) = wrong.first() {
            wrong.iter().for_each(|f| form.insist(*f));
            focus(&dom_id(*first));
            return;
        }
        go(if returning.get_untracked() { CHECK } else { n + 1 });
    };
    view! {
        {move || {
            let n = step.get();
            (n < CHECK)
                .then(|| {
                    view! {
                        <p class="step-of">{move || i.say(Msg::StepOf { n: &n.to_string(), total: &STEPS.len().to_string() })}</p>
                        <p class="actions">
                            <button type="button" class="primary" on:click=next>{tr(Key::Continue)}</button>
                            {(n > 1).then(|| view! { <button type="button" class="secondary" on:click=move |_| go(n - 1)>{tr(Key::Back)}</button> })}
                        </p>
                    }
                })
        }}
        {move || (step.get() == CHECK).then(|| view! { <CheckAnswers form chosen go=Callback::new(move |n| { returning.set(true); go(n) }) /> })}
    }
}

/// Every answer with a "change" that goes back to its question.
#[component]
fn CheckAnswers(form: DraftForm, chosen: Signal<Option<Category>>, go: Callback<u8>) -> impl IntoView {
    let i = use_i18n();
    let rows: [(u8, Key, Vec<Field>); 6] = [
        (1, Key::FieldDescription, vec![Field::Description]),
        (2, Key::FieldCategory, vec![Field::Category]),
        (3, Key::FieldAddress, vec![Field::Address]),
        (4, Key::SectionPlace, vec![Field::Community, Field::Building, Field::Unit]),
        (5, spec(Field::Name).label, vec![Field::Name]),
        (6, spec(Field::Phone).label, vec![Field::Phone]),
    ];
    view! {
        <section class="check-answers" aria-labelledby="check-title">
            <h2 id="check-title" tabindex="-1">{tr(Key::CheckAnswers)}</h2>
            <dl>
                {rows
                    .into_iter()
                    .map(|(n, label, fields)| {
                        let value = move || {
                            let text = form.draft.with(|d| {
                                fields
                                    .iter()
                                    .map(|f| match f {
                                        // The category by its name, in the current language.
                                        Field::Category => chosen
                                            .with(|c| c.as_ref().map(|c| i18n::text(i.lang.get(), &c.name)))
                                            .unwrap_or_default(),
                                        f => d.text(*f).trim().to_string(),
                                    })
                                    .filter(|t| !t.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            });
                            if text.is_empty() { i.t(Key::NotGiven).to_string() } else { text }
                        };
                        view! {
                            <div class="answer">
                                <dt>{tr(label)}</dt>
                                <dd>{value}</dd>
                                <dd>
                                    <button
                                        type="button"
                                        class="secondary"
                                        aria-label=move || i.say(Msg::ChangeWhat { what: i.t(label) })
                                        on:click=move |_| go.run(n)
                                    >
                                        {tr(Key::Change)}
                                    </button>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}
