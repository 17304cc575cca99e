//! The call-back questions on the request page: solved or not, and how satisfied, with an
//! optional comment. A backend that cannot take ratings gets them kept on the phone instead.

use leptos::prelude::*;

use crate::backend::{use_backend, Backend, BackendError, Capability};
use crate::components::{BackendCall, ChoiceGroup, ErrorNotice, SubmitButton, TextField, Tried};
use crate::i18n::{self, tr, Key};
use crate::model::validation::{validate_rating, COMMENT_MAX};
use crate::model::{Field, Rating, Request, RequestId, Satisfaction};
use crate::store;

#[component]
pub fn RatingForm(
    id: RequestId,
    /// The request's read key, where the office gave one.
    key: Option<String>,
    /// How many steps the request has taken (a new rating after a reopening is another one).
    round: usize,
    #[prop(into)] on_done: Callback<Request>,
    /// The backend cannot take ratings: the rating was kept on the phone instead.
    #[prop(into)]
    on_kept: Callback<Rating>,
) -> impl IntoView {
    let backend = use_backend();
    let online = backend.takes(Capability::Rate);
    let solved = RwSignal::new(None::<bool>);
    let satisfaction = RwSignal::new(None::<Satisfaction>);
    let comment = RwSignal::new(String::new());
    let tried = Tried::new();
    let call = BackendCall::new();
    // One rating, sent again after a lost answer (or from a reloaded page), counts once: its
    // idempotency key names the request's round (its steps so far), the same until it changes.
    let once = crate::model::IdempotencyKey::for_change("rating", round);
    let check = move || validate_rating(solved.get(), satisfaction.get(), &comment.get());
    let problem_of =
        move |field: Field| tried.message(move || check().err().and_then(|e| e.into_iter().find(|(f, _)| *f == field)).map(|(_, p)| p));

    let send = move || {
        let Some(rating) = tried.attempt(|| {
            validate_rating(solved.get_untracked(), satisfaction.get_untracked(), &comment.get_untracked())
        }) else {
            return;
        };
        let (backend, id, key, once) = (backend.clone(), id.clone(), key.clone(), once.clone());
        call.start(
            async move {
                match backend.rate(&id, key.as_deref(), &once, &rating).await {
                    Ok(request) => Ok(Ok(request)),
                    // The backend cannot take it: keep it here and say so, never pretend.
                    Err(BackendError::Unsupported(Capability::Rate)) => {
                        store::unsent::keep_rating(&id, &rating)?;
                        Ok(Err(rating))
                    }
                    Err(e) => Err(e),
                }
            },
            move |outcome| match outcome {
                // The page may be gone by the answer (its callbacks with it).
                Ok(request) => {
                    on_done.try_run(request);
                }
                Err(kept) => {
                    on_kept.try_run(kept);
                }
            },
        );
    };

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
            <h2 id="rate-title">{tr(Key::RateTitle)}</h2>
            <p>{tr(Key::RateIntro)}</p>
            {(!online).then(|| view! { <p class="notice warn">{tr(Key::RatingOffline)}</p> })}
            <ChoiceGroup
                legend=Key::SolvedQuestion
                name="solved"
                options=vec![(true, Key::Solved), (false, Key::NotSolved)]
                selected=solved
                error=problem_of(Field::Solved)
            />
            <ChoiceGroup
                legend=Key::SatisfactionQuestion
                name="satisfaction"
                options=Satisfaction::ALL.into_iter().map(|s| (s, i18n::satisfaction(s))).collect()
                selected=satisfaction
                error=problem_of(Field::Satisfaction)
            />
            <TextField
                id="f-comment"
                label=Key::Comment
                multiline=true
                value=comment
                on_input=move |v| comment.set(v)
                on_blur=move |_| {}
                error=problem_of(Field::Comment)
                counter_max=Some(COMMENT_MAX)
            />
            {move || call.failure.get().map(|e| view! { <ErrorNotice error=e words_kept=true /> })}
            <SubmitButton call idle=Key::SendRating busy=Key::SendingRating />
        </form>
    }
}
