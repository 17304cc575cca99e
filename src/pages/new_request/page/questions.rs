//! The chosen category's extra questions on the draft form, or why they are not there yet.

use leptos::prelude::*;

use super::form::DraftForm;
use crate::pages::new_request::fields::dom_id;
use crate::backend::BackendError;
use crate::components::{ErrorNotice, QuestionField};
use crate::i18n::{tr, Key};
use crate::model::{Category, Field, Question};

#[component]
pub fn Questions(
    form: DraftForm,
    /// The questions of the category with this code.
    questions: LocalResource<(String, Result<Vec<Question>, BackendError>)>,
    chosen: Memo<Option<Category>>,
) -> impl IntoView {
    let draft = form.draft;
    move || {
        let category = chosen.get().filter(|c| c.has_questions)?;
        let loaded = questions.get().filter(|(code, _)| *code == category.code);
        Some(match loaded {
            None => view! {
                <p class="loading" id=dom_id(Field::Questions) tabindex="-1">{tr(Key::Loading)}</p>
                {move || form.message(Field::Questions).get().map(|m| view! { <p class="field-error">{m}</p> })}
            }
            .into_any(),
            Some((_, Ok(list))) => list
                .into_iter()
                .enumerate()
                .map(|(n, q)| {
                    let field = Field::Question(u16::try_from(n).unwrap_or(u16::MAX));
                    let code = q.code.clone();
                    let code_for_values = q.code.clone();
                    let answer = Callback::new(move |values: Vec<String>| {
                        draft.update(|d| {
                            d.answers.insert(code.clone(), values);
                        })
                    });
                    view! {
                        <QuestionField
                            index=n
                            question=q
                            values=Signal::derive(move || {
                                draft.with(|d| d.answers.get(&code_for_values).cloned().unwrap_or_default())
                            })
                            on_change=answer
                            on_blur=form.leave(field)
                            error=form.message(field)
                        />
                    }
                })
                .collect_view()
                .into_any(),
            Some((_, Err(e))) => view! {
                <p class="field-error" id=dom_id(Field::Questions) tabindex="-1">{tr(Key::QuestionsFailed)}</p>
                {move || form.message(Field::Questions).get().map(|m| view! { <p class="field-error">{m}</p> })}
                <ErrorNotice error=e retry=move |_| questions.refetch() />
            }
            .into_any(),
        })
    }
}
