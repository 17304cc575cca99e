//! One of a category's extra questions (Open311 attributes), as the field its kind calls for.

use leptos::prelude::*;

use super::TextField;
use crate::i18n::{use_i18n, Key};
use crate::model::{AnswerKind, Question};

#[component]
pub fn QuestionField(
    /// Position among the category's questions (for ids).
    index: usize,
    question: Question,
    #[prop(into)] values: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = format!("q-{index}");
    let prompt = question.prompt.clone();
    let required = question.required;
    let label = move || if required { prompt.clone() } else { format!("{}{}", prompt, i.t(Key::OptionalSuffix)) };
    let first = Signal::derive(move || values.get().into_iter().next().unwrap_or_default());
    let one = Callback::new(move |v: String| on_change.run(vec![v]));
    match question.kind {
        AnswerKind::String | AnswerKind::Text | AnswerKind::Number | AnswerKind::Datetime => {
            let (input_type, inputmode) = match question.kind {
                AnswerKind::Number => ("text", Some("decimal")),
                AnswerKind::Datetime => ("datetime-local", None),
                _ => ("text", None),
            };
            view! {
                <TextField
                    id=id
                    label=Signal::derive(label)
                    hint=question.hint.clone()
                    multiline=question.kind == AnswerKind::Text
                    required=required
                    input_type=input_type
                    inputmode=inputmode
                    value=first
                    on_input=one
                    on_blur=on_blur
                    error=error
                />
            }
            .into_any()
        }
        AnswerKind::SingleValueList | AnswerKind::MultiValueList => {
            let multi = question.kind == AnswerKind::MultiValueList;
            let msg_id = format!("{id}-msg");
            let hint = question.hint.clone();
            view! {
                <fieldset
                    class="field"
                    class:has-error=move || error.get().is_some()
                    id=id.clone()
                    tabindex="-1"
                    aria-describedby=move || error.get().map(|_| msg_id.clone())
                >
                    <legend>{label}</legend>
                    {hint.map(|h| view! { <p class="hint">{h}</p> })}
                    {move || error.get().map(|m| view! { <p class="field-error" id=format!("q-{index}-msg")>{m}</p> })}
                    <div class="pills">
                        {question
                            .choices
                            .iter()
                            .map(|c| {
                                let key = c.key.clone();
                                let key_for_check = c.key.clone();
                                view! {
                                    <label class="pill">
                                        <input
                                            type=if multi { "checkbox" } else { "radio" }
                                            name=format!("q-{index}")
                                            prop:checked=move || values.get().contains(&key_for_check)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let mut now: Vec<String> = if multi { values.get_untracked() } else { Vec::new() };
                                                now.retain(|k| *k != key);
                                                if on {
                                                    now.push(key.clone());
                                                }
                                                on_change.run(now);
                                            }
                                        />
                                        <span>{c.name.clone()}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
            .into_any()
        }
    }
}
