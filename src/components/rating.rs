//! The call-back questions: solved or not, and how satisfied, with an optional comment.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ErrorNotice, TextField};
use crate::app::{use_backend, use_i18n};
use crate::backend::{Backend, BackendError, Capability};
use crate::i18n::{self, Key};
use crate::model::validation::{validate_rating, COMMENT_MAX};
use crate::model::{Field, Rating, Request, RequestId, Satisfaction};
use crate::store;

#[component]
pub fn RatingForm(
    id: RequestId,
    #[prop(into)] on_done: Callback<Request>,
    /// The backend cannot take ratings: the rating was kept on the phone instead.
    #[prop(into)]
    on_kept: Callback<Rating>,
) -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let solved = RwSignal::new(None::<bool>);
    let satisfaction = RwSignal::new(None::<Satisfaction>);
    let comment = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);

    let problem_of = move |field: Field| {
        move || {
            if !tried.get() {
                return None;
            }
            validate_rating(solved.get(), satisfaction.get(), &comment.get())
                .err()
                .and_then(|errs| errs.into_iter().find(|(f, _)| *f == field))
                .map(|(_, p)| i18n::problem(i.lang.get(), p))
        }
    };

    let send = move || {
        tried.set(true);
        if sending.get_untracked() {
            return;
        }
        let Ok(rating) = validate_rating(solved.get_untracked(), satisfaction.get_untracked(), &comment.get_untracked())
        else {
            return;
        };
        sending.set(true);
        failure.set(None);
        let (backend, id) = (backend.clone(), id.clone());
        spawn_local(async move {
            match backend.rate(&id, &rating).await {
                Ok(request) => on_done.run(request),
                Err(BackendError::Unsupported(Capability::Rate)) => {
                    store::unsent::keep_rating(&id, &rating);
                    on_kept.run(rating);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
            sending.try_set(false);
        });
    };

    let solved_error = problem_of(Field::Solved);
    let satisfaction_error = problem_of(Field::Satisfaction);
    view! {
        <form
            class="card rating"
            aria-labelledby="rate-title"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <h2 id="rate-title">{move || i.t(Key::RateTitle)}</h2>
            <p>{move || i.t(Key::RateIntro)}</p>
            <fieldset class="field" class:has-error=move || solved_error().is_some()>
                <legend>{move || i.t(Key::SolvedQuestion)}</legend>
                {move || solved_error().map(|m| view! { <p class="field-error">{m}</p> })}
                <div class="pills">
                    {[(true, Key::Solved), (false, Key::NotSolved)]
                        .into_iter()
                        .map(|(value, key)| {
                            view! {
                                <label class="pill">
                                    <input
                                        type="radio"
                                        name="solved"
                                        prop:checked=move || solved.get() == Some(value)
                                        on:change=move |_| solved.set(Some(value))
                                    />
                                    <span>{move || i.t(key)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <fieldset class="field" class:has-error=move || satisfaction_error().is_some()>
                <legend>{move || i.t(Key::SatisfactionQuestion)}</legend>
                {move || satisfaction_error().map(|m| view! { <p class="field-error">{m}</p> })}
                <div class="pills">
                    {Satisfaction::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <label class="pill">
                                    <input
                                        type="radio"
                                        name="satisfaction"
                                        prop:checked=move || satisfaction.get() == Some(s)
                                        on:change=move |_| satisfaction.set(Some(s))
                                    />
                                    <span>{move || i.t(i18n::satisfaction(s))}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <TextField
                id="f-comment"
                label=Key::Comment
                multiline=true
                value=comment
                on_input=move |v| comment.set(v)
                on_blur=move |_| {}
                error=Signal::derive(problem_of(Field::Comment))
                counter_max=COMMENT_MAX
            />
            {move || failure.get().map(|e| view! { <ErrorNotice error=e words_kept=true /> })}
            <button type="submit" class="primary" disabled=move || sending.get()>
                {move || if sending.get() { i.t(Key::SendingRating) } else { i.t(Key::SendRating) }}
            </button>
        </form>
    }
}
