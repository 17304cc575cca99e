//! Raising a request: the form, kept as typed on the phone, validated field by field.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::app::{use_backend, use_i18n};
use crate::backend::{Backend, BackendError};
use crate::components::{BackendCall, CategoryPicker, ErrorNotice, LocationButton, QuestionField, SubmitButton, TextField};
use crate::i18n::{self, Key};
use crate::model::validation::{check_answer, check_draft_field, validate_draft, DESCRIPTION_MAX};
use crate::model::{Category, Draft, Field, Problem, Question};
use crate::store;

/// The element a field's problem sends focus to.
fn element_id(field: Field) -> String {
    match field {
        Field::Description => "f-description".into(),
        Field::Address => "f-address".into(),
        Field::Community => "f-community".into(),
        Field::Building => "f-building".into(),
        Field::Unit => "f-unit".into(),
        Field::Name => "f-name".into(),
        Field::Phone => "f-phone".into(),
        Field::Question(i) => format!("q-{i}"),
        _ => "f-category".into(),
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let navigate = use_navigate();

    let draft = RwSignal::new(store::drafts::load());
    // Every keystroke is kept on the phone.
    Effect::new(move |_| draft.with(|d| store::drafts::save(d)));

    let categories = LocalResource::new({
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move { backend.categories().await }
        }
    });
    // The chosen category's extra questions, when the backend has some.
    let chosen = Memo::new(move |_| {
        let code = draft.with(|d| d.category_code.clone());
        categories.get().and_then(|r| r.ok()).and_then(|list| list.into_iter().find(|c: &Category| c.code == code))
    });
    let questions = LocalResource::new({
        let backend = backend.clone();
        move || {
            let (backend, category) = (backend.clone(), chosen.get());
            async move {
                match category {
                    Some(c) if c.has_questions => backend.questions(&c.code).await,
                    _ => Ok(Vec::new()),
                }
            }
        }
    });
    let question_list = Signal::derive(move || questions.get().and_then(|r| r.ok()).unwrap_or_default());

    // A field shows its problem once the resident has left it with something typed, or tried to send.
    let tried = RwSignal::new(false);
    let visited = RwSignal::new(BTreeSet::<Field>::new());
    let problem_of = move |field: Field| match field {
        Field::Question(n) => {
            question_list.with(|qs| qs.get(n as usize).and_then(|q| draft.with(|d| check_answer(q, &d.answers))))
        }
        f => draft.with(|d| check_draft_field(d, f)),
    };
    let message = move |field: Field| {
        Signal::derive(move || {
            let shown = tried.get() || visited.with(|v| v.contains(&field));
            shown.then(|| problem_of(field)).flatten().map(|p| i18n::problem(i.lang.get(), p))
        })
    };
    let error_count = move || question_list.with(|qs| draft.with(|d| validate_draft(d, qs).err().map_or(0, |e| e.len())));
    let edit = move |apply: fn(&mut Draft, String)| Callback::new(move |v: String| draft.update(|d| apply(d, v)));
    let leave = move |field: Field| {
        Callback::new(move |_: ()| {
            if !matches!(problem_of(field), Some(Problem::Required | Problem::Unchosen)) {
                visited.update(|v| {
                    v.insert(field);
                });
            }
        })
    };

    let call = BackendCall::new();
    let send = Callback::new(move |_: ()| {
        tried.set(true);
        let new = match question_list.with_untracked(|qs| validate_draft(&draft.get_untracked(), qs)) {
            Ok(new) => new,
            Err(errors) => {
                focus(&element_id(errors[0].0));
                return;
            }
        };
        let (backend, navigate) = (backend.clone(), navigate.clone());
        call.start(async move { backend.submit_request(&new).await }, move |request| {
            store::my_requests::remember(&request);
            store::drafts::clear();
            navigate(&format!("/submitted/{}", request.id), Default::default());
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.run(());
    };

    view! {
        <h1>{move || i.t(Key::NewTitle)}</h1>
        <p class="intro">{move || i.t(Key::NewIntro)}</p>
        <form class="request-form" novalidate=true on:submit=submit>
            <section aria-labelledby="sec-problem">
                <h2 id="sec-problem">{move || i.t(Key::SectionProblem)}</h2>
                <Suspense fallback=move || view! { <p class="loading">{move || i.t(Key::Loading)}</p> }>
                    {move || {
                        categories
                            .get()
                            .map(|result| match result {
                                Ok(list) => {
                                    view! {
                                        <CategoryPicker
                                            categories=list
                                            selected=Signal::derive(move || draft.with(|d| d.category_code.clone()))
                                            on_select=edit(|d, v| d.category_code = v)
                                            error=message(Field::Category)
                                        />
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <p class="field-error" id="f-category" tabindex="-1">{move || i.t(Key::CategoriesFailed)}</p>
                                        <ErrorNotice error=e retry=move |_| categories.refetch() />
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <TextField
                    id="f-description"
                    label=Key::FieldDescription
                    hint=Key::DescriptionHint
                    multiline=true
                    required=true
                    value=Signal::derive(move || draft.with(|d| d.description.clone()))
                    on_input=edit(|d, v| d.description = v)
                    on_blur=leave(Field::Description)
                    error=message(Field::Description)
                    counter_max=DESCRIPTION_MAX
                />
                <Questions questions draft message leave />
            </section>
            <section aria-labelledby="sec-place">
                <h2 id="sec-place">{move || i.t(Key::SectionPlace)}</h2>
                <TextField
                    id="f-address"
                    label=Key::FieldAddress
                    hint=Key::AddressHint
                    required=true
                    autocomplete="street-address"
                    value=Signal::derive(move || draft.with(|d| d.address.clone()))
                    on_input=edit(|d, v| d.address = v)
                    on_blur=leave(Field::Address)
                    error=message(Field::Address)
                />
                <TextField
                    id="f-community"
                    label=Key::FieldCommunity
                    value=Signal::derive(move || draft.with(|d| d.community.clone()))
                    on_input=edit(|d, v| d.community = v)
                    on_blur=leave(Field::Community)
                    error=message(Field::Community)
                />
                <div class="row">
                    <TextField
                        id="f-building"
                        label=Key::FieldBuilding
                        value=Signal::derive(move || draft.with(|d| d.building.clone()))
                        on_input=edit(|d, v| d.building = v)
                        on_blur=leave(Field::Building)
                        error=message(Field::Building)
                    />
                    <TextField
                        id="f-unit"
                        label=Key::FieldUnit
                        value=Signal::derive(move || draft.with(|d| d.unit.clone()))
                        on_input=edit(|d, v| d.unit = v)
                        on_blur=leave(Field::Unit)
                        error=message(Field::Unit)
                    />
                </div>
                <LocationButton
                    point=Signal::derive(move || draft.with(|d| d.point))
                    on_change=move |p| draft.update(|d| d.point = p)
                />
            </section>
            <section aria-labelledby="sec-contact">
                <h2 id="sec-contact">{move || i.t(Key::SectionContact)}</h2>
                <TextField
                    id="f-name"
                    label=Key::FieldName
                    required=true
                    autocomplete="name"
                    value=Signal::derive(move || draft.with(|d| d.name.clone()))
                    on_input=edit(|d, v| d.name = v)
                    on_blur=leave(Field::Name)
                    error=message(Field::Name)
                />
                <TextField
                    id="f-phone"
                    label=Key::FieldPhone
                    hint=Key::PhoneHint
                    required=true
                    input_type="tel"
                    inputmode="tel"
                    autocomplete="tel"
                    value=Signal::derive(move || draft.with(|d| d.phone.clone()))
                    on_input=edit(|d, v| d.phone = v)
                    on_blur=leave(Field::Phone)
                    error=message(Field::Phone)
                />
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.private)
                        on:change=move |ev| draft.update(|d| d.private = event_target_checked(&ev))
                    />
                    <span>{move || i.t(Key::FieldPrivate)}</span>
                </label>
            </section>
            {move || {
                (tried.get() && error_count() > 0)
                    .then(|| {
                        view! {
                            <p class="notice error" role="alert">
                                {i.tf(Key::FormHasErrors, &[("n", &error_count().to_string())])}
                            </p>
                        }
                    })
            }}
            {move || {
                call.failure
                    .get()
                    .map(|e| {
                        view! {
                            <div class="send-failed">
                                <p class="notice-title">{move || i.t(Key::SendFailed)}</p>
                                <ErrorNotice error=e words_kept=true retry=send />
                            </div>
                        }
                    })
            }}
            <SubmitButton call idle=Key::Submit busy=Key::Submitting />
            <p class="hint">{move || i.t(Key::DraftKept)}</p>
        </form>
    }
}

/// The chosen category's extra questions, or why they could not be loaded.
#[component]
fn Questions<M, L>(
    questions: LocalResource<Result<Vec<Question>, BackendError>>,
    draft: RwSignal<Draft>,
    message: M,
    leave: L,
) -> impl IntoView
where
    M: Fn(Field) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
    L: Fn(Field) -> Callback<()> + Copy + Send + Sync + 'static,
{
    let i = use_i18n();
    move || {
        questions.get().map(|result| match result {
            Ok(list) => list
                .into_iter()
                .enumerate()
                .map(|(n, q)| {
                    let field = Field::Question(n as u16);
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
                            values=Signal::derive(move || draft.with(|d| d.answers.get(&code_for_values).cloned().unwrap_or_default()))
                            on_change=answer
                            on_blur=leave(field)
                            error=message(field)
                        />
                    }
                })
                .collect_view()
                .into_any(),
            Err(e) => view! {
                <p class="field-error">{move || i.t(Key::QuestionsFailed)}</p>
                <ErrorNotice error=e retry=move |_| questions.refetch() />
            }
            .into_any(),
        })
    }
}
