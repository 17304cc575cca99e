//! The new-request page.

mod form;
mod questions;
mod steps;
mod who;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{use_backend, Backend, BackendError, Capability};
use crate::components::{
    use_nav, use_outbox, CategoryPicker, ErrorNotice, LocationButton, OutboxCards, OutboxList, PhotoPicker, Route,
    TakenBack, TextField, VoiceInput,
};
use crate::model::outbox::Act;
use crate::i18n::{self, tr, use_i18n, Key};
use crate::model::{Category, Draft, Field, IdempotencyKey};
use crate::store;

use super::fields::{dom_id, spec, TEXT_FIELDS};
pub use form::DraftForm;
use questions::Questions;

#[component]
pub fn NewRequestPage() -> impl IntoView {
    let backend = use_backend();
    let nav = use_nav();
    let outbox = use_outbox();
    let (mut saved, refused) = store::drafts::load();
    // A draft from an earlier visit is said to be kept, with a way to discard it.
    let restored = RwSignal::new(!saved.is_empty());
    // Text typed into the page before the app started (and not yet in the draft) wins.
    for (id, text) in store::boot::load() {
        if let Some(field) = TEXT_FIELDS.iter().find(|f| dom_id(**f) == id) {
            saved.set_text(*field, text);
        }
    }
    // A volunteer's phone files for neighbours: "who is it for" comes first (its own module).
    let for_neighbour = store::volunteer::is_on();
    if !for_neighbour {
        saved.filed_by = None;
    }
    let draft = RwSignal::new(saved);
    // Elder mode's step (1–7 a question each, 8 "check your answers").
    let step = RwSignal::new(1u8);
    let i = use_i18n();

    // From the office, or as last had from it when it cannot be reached (offline, the form still works).
    let categories = LocalResource::new({
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move {
                match backend.categories().await {
                    Ok(list) => {
                        store::catalogue::save_categories(&list);
                        Ok(list)
                    }
                    Err(e) => store::catalogue::categories().filter(|l| !l.is_empty()).ok_or(e),
                }
            }
        }
    });
    let chosen = Memo::new(move |_| {
        let code = draft.with(|d| d.category_code.clone());
        categories.get().and_then(|r| r.ok()).and_then(|list| list.into_iter().find(|c: &Category| c.code == code))
    });
    // The chosen category's questions, tagged with its code so an answer for the previous choice
    // is never taken for this one.
    let questions = LocalResource::new({
        let backend = backend.clone();
        move || {
            let (backend, category) = (backend.clone(), chosen.get());
            async move {
                match category {
                    Some(c) if c.has_questions => {
                        let answer = match backend.questions(&c.code).await {
                            Ok(list) => {
                                store::catalogue::save_questions(&c.code, &list);
                                Ok(list)
                            }
                            Err(e) => store::catalogue::questions(&c.code).ok_or(e),
                        };
                        (c.code.clone(), answer)
                    }
                    Some(c) => (c.code, Ok(Vec::new())),
                    None => (String::new(), Ok(Vec::new())),
                }
            }
        }
    });
    // The communities, buildings and units the office lists, to pick from (any text is still taken).
    let places = RwSignal::new(Vec::new());
    {
        let backend = backend.clone();
        spawn_local(async move {
            if let Ok(list) = backend.places().await {
                places.try_set(list);
            }
        });
    }
    let picks = move |field: Field| {
        Signal::derive(move || {
            let list = places.get();
            let community = draft.with(|d| d.community.trim().to_string());
            let here = || list.iter().find(|c| c.name == community);
            match field {
                Field::Community => list.iter().map(|c| c.name.clone()).collect(),
                Field::Building => here().map(|c| c.buildings.clone()).unwrap_or_default(),
                _ => here().map(|c| c.units.clone()).unwrap_or_default(),
            }
        })
    };
    let takes_photos = backend.takes(Capability::Photos);
    let question_list = Signal::derive(move || match chosen.get() {
        Some(c) if c.has_questions => questions.get().and_then(|(code, r)| (code == c.code).then_some(r).and_then(Result::ok)),
        _ => Some(Vec::new()),
    });
    let form = DraftForm::new(draft, question_list);
    if let Some(e) = refused {
        form.not_kept.set(Some(e));
    }
    spawn_local(async move {
        // The durable copy: a draft the quick copy lost comes back; a phone that keeps nothing is said at once.
        if let Err(e) = store::idb::available().await {
            form.not_kept.try_set(Some(e));
        } else if draft.with_untracked(Draft::is_empty) {
            // Only if nothing has been typed meanwhile: the resident's words always win.
            if let Some(kept) = store::drafts::load_kept().await.filter(|d| !d.is_empty()) {
                if draft.try_with_untracked(Draft::is_empty) == Some(true) {
                    draft.try_set(kept);
                    restored.try_set(true);
                }
            }
        }
    });

    // The request sent from this page, watched until the office has it or refuses it.
    let watching = RwSignal::new(None::<IdempotencyKey>);
    let returned = RwSignal::new(None::<BackendError>);
    Effect::new(move |_| {
        let Some(key) = watching.get() else { return };
        if let Some(request) = outbox.filed.with(|f| f.iter().find(|(k, _)| *k == key).map(|(_, r)| r.clone())) {
            nav.go(Route::Submitted(request.id));
            return;
        }
        let refusal = outbox.entries.with(|all| all.iter().find(|e| *e.key() == key).and_then(|e| e.refusal().cloned()));
        if let Some(refusal) = refusal {
            // The office will not take it as it is: back into the form (under a new key), with its words.
            spawn_local(async move {
                if let Ok(TakenBack::Withdrawn(request)) = outbox.take_back(&key, Act::Change).await {
                    draft.try_set(Draft::from_request(&request, store::drafts::new_key()));
                    returned.try_set(Some(refusal));
                    watching.try_set(None);
                }
            });
        }
    });

    let already_sent = RwSignal::new(false);
    let send = Callback::new(move |_: ()| {
        let Some(new) = form.validate() else { return };
        returned.set(None);
        restored.set(false);
        let key = new.idempotency_key.clone();
        step.set(1);
        already_sent.set(false);
        // A copy of a draft already sent (another tab showed it too): said, never sent twice.
        if store::drafts::was_sent(&key) {
            already_sent.set(true);
            draft.set(Draft::new(store::drafts::new_key()));
            return;
        }
        watching.set(Some(key.clone()));
        let category = chosen.get_untracked();
        spawn_local(async move {
            // The draft is forgotten only once the request is kept in the outbox; where the phone
            // keeps nothing at all, it stays too (the request is sent from this page meanwhile).
            if outbox.queue(new, category).await.is_ok() {
                store::drafts::mark_sent(&key);
                store::drafts::clear();
            }
            draft.try_set(Draft::new(store::drafts::new_key()));
        });
    });
    let keeps_private = use_backend().takes(Capability::KeepPrivate);
    let change = Callback::new(move |back: Draft| {
        draft.set(back);
        watching.set(None);
    });

    view! {
        <h1>{tr(Key::NewTitle)}</h1>
        <p class="intro">{tr(Key::NewIntro)}</p>
        {move || {
            form.not_kept.get().map(|e| {
                view! {
                    <div class="notice warn" role="alert">
                        <p>{tr(Key::DraftNotKept)}</p>
                        <p>{tr(i18n::storage_error(e))}</p>
                    </div>
                }
            })
        }}
        {move || {
            restored.get().then(|| {
                view! {
                    <div class="notice info" role="status">
                        <p>{tr(Key::DraftRestored)}</p>
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| {
                                // Discarded: its photos leave the phone too.
                                for id in draft.with_untracked(|d| d.photos.clone()) {
                                    spawn_local(async move {
                                        let _ = store::photos::delete(&id).await;
                                    });
                                }
                                store::drafts::clear();
                                draft.set(Draft::new(store::drafts::new_key()));
                                restored.set(false);
                            }
                        >
                            {tr(Key::Discard)}
                        </button>
                    </div>
                }
            })
        }}
        {move || {
            watching.get().map(|key| {
                view! {
                    <section class="card sending" aria-labelledby="sending-title">
                        <h2 id="sending-title">{tr(Key::OutboxTitle)}</h2>
                        <ul class="request-list">
                            <OutboxCards keys=vec![key] on_change=change />
                        </ul>
                        <p class="actions">
                            <button type="button" class="secondary" on:click=move |_| watching.set(None)>
                                {tr(Key::NewAnother)}
                            </button>
                        </p>
                    </section>
                }
            })
        }}
        // Anything else still waiting (after a reload, say) is listed too.
        {move || {
            watching.get().is_none().then(|| view! { <OutboxList on_change=change on_send=Some(Callback::new(move |key| watching.set(Some(key)))) /> })
        }}
        {move || returned.get().map(|e| view! { <ErrorNotice error=e words_kept=true /> })}
        {move || already_sent.get().then(|| view! { <p class="notice info" role="status">{tr(Key::AlreadySent)}</p> })}
        <ErrorSummary form />
        <form
            class="request-form"
            data-current=move || step.get().to_string()
            hidden=move || watching.get().is_some()
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                send.run(());
            }
        >
            {for_neighbour
                .then(|| crate::components::later(|| ().into_any(), false, std::rc::Rc::new(move || Box::pin(when_loaded!(form_part(Part::Who(form)))))))}
            <section aria-labelledby="sec-problem">
                <h2 id="sec-problem">{tr(Key::SectionProblem)}</h2>
                <DraftText form field=Field::Description />
                <VoiceInput label=Key::FieldDescription on_heard=move |words| draft.update(|d| add_words(&mut d.description, words)) />
                <Suspense fallback=move || view! { <p class="loading">{tr(Key::Loading)}</p> }>
                    {move || {
                        categories
                            .get()
                            .map(|result| match result {
                                Ok(list) => {
                                    view! {
                                        <CategoryPicker
                                            categories=list
                                            selected=form.value(Field::Category)
                                            on_select=form.edit(Field::Category)
                                            error=form.message(Field::Category)
                                        />
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <p class="field-error" id=dom_id(Field::Category) tabindex="-1">
                                            {tr(Key::CategoriesFailed)}
                                        </p>
                                        <ErrorNotice error=e retry=move |_| categories.refetch() />
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <Questions form questions=questions chosen />
                {if takes_photos {
                    view! {
                        <PhotoPicker
                            photos=Signal::derive(move || draft.with(|d| d.photos.clone()))
                            on_change=move |list| draft.update(|d| d.photos = list)
                            point=Signal::derive(move || draft.with(|d| d.point))
                            on_place=move |p| draft.update(|d| d.point = Some(p))
                        />
                    }
                        .into_any()
                } else {
                    view! { <p class="notice info">{tr(Key::PhotosClosed)}</p> }.into_any()
                }}
            </section>
            <section aria-labelledby="sec-place">
                <h2 id="sec-place">{tr(Key::SectionPlace)}</h2>
                <DraftText form field=Field::Address />
                <VoiceInput label=Key::FieldAddress on_heard=move |words| draft.update(|d| add_words(&mut d.address, words)) />
                <DraftText form field=Field::Community suggestions=picks(Field::Community) />
                <div class="row">
                    <DraftText form field=Field::Building suggestions=picks(Field::Building) />
                    <DraftText form field=Field::Unit suggestions=picks(Field::Unit) />
                </div>
                <LocationButton
                    point=Signal::derive(move || draft.with(|d| d.point))
                    on_change=move |p| draft.update(|d| d.point = p)
                />
            </section>
            <section aria-labelledby="sec-contact">
                <h2 id="sec-contact">{tr(if for_neighbour { Key::SectionPrivacy } else { Key::SectionContact })}</h2>
                {(!for_neighbour).then(|| view! {
                    <DraftText form field=Field::Name />
                    <DraftText form field=Field::Phone />
                })}
                {if keeps_private {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                id="f-private"
                                prop:checked=move || draft.with(|d| d.private)
                                on:change=move |ev| draft.update(|d| d.private = event_target_checked(&ev))
                            />
                            <span>{tr(Key::FieldPrivate)}</span>
                        </label>
                    }
                        .into_any()
                } else {
                    view! { <p class="notice warn">{tr(Key::PrivateNotPossible)}</p> }.into_any()
                }}
            </section>
            // Elder mode: one question at a time (the stylesheet shows the step in data-current;
            // the buttons and "check your answers" are a module of their own).
            {move || {
                (i.elder.get() && !for_neighbour)
                    .then(|| crate::components::later(|| ().into_any(), false, std::rc::Rc::new(move || Box::pin(when_loaded!(form_part(Part::Steps(form, step, chosen.into())))))))
            }}
            <button type="submit" class="primary">{tr(Key::Submit)}</button>
            <p class="hint">{tr(Key::DraftKept)}</p>
        </form>
    }
}

/// One text field of the draft, as `spec` describes it.
#[component]
fn DraftText(form: DraftForm, field: Field, #[prop(optional, into)] suggestions: Option<Signal<Vec<String>>>) -> impl IntoView {
    let s = spec(field);
    view! {
        <TextField
            id=dom_id(field)
            label=s.label
            hint=s.hint
            multiline=s.multiline
            required=s.required
            input_type=s.input_type
            inputmode=s.inputmode
            autocomplete=s.autocomplete
            counter_max=s.counter_max
            value=form.value(field)
            on_input=form.edit(field)
            on_blur=form.leave(field)
            error=form.message(field)
            suggestions
        />
    }
}

/// Words heard go after what is typed already.
fn add_words(field: &mut String, words: String) {
    if !field.trim().is_empty() {
        field.push(' ');
    }
    field.push_str(&words);
}

/// GOV.UK's error summary: at the top, focused when sending fails, a link to each field with its
/// message; the page title says "Error:" meanwhile. (Drawn by a module of its own, loaded with the
/// first failed send.)
#[component]
fn ErrorSummary(form: DraftForm) -> impl IntoView {
    let i = use_i18n();
    let errors = Memo::new(move |_| form.errors());
    Effect::new(move |_| {
        let name = i.t(Key::AppName);
        let title = if errors.with(Vec::is_empty) { name.to_string() } else { format!("{}{name}", i.t(Key::ErrorTitlePrefix)) };
        document().set_title(&title);
    });
    on_cleanup(move || document().set_title(i.t(Key::AppName)));
    move || {
        let list = errors.get();
        (!list.is_empty())
            .then(|| crate::components::later(|| ().into_any(), true, std::rc::Rc::new(move || Box::pin(when_loaded!(form_part(Part::Errors(list.clone())))))))
    }
}

/// The parts of the form only some residents see: a volunteer's "who is it for", elder mode's steps,
/// the error summary after a failed send. One module for the three (each module costs the first
/// load its loader and its line in the service worker's list).
enum Part {
    Who(DraftForm),
    Steps(DraftForm, RwSignal<u8>, Signal<Option<Category>>),
    Errors(crate::model::FieldErrors),
}

lazy! {
    fn form_part(part: Part) -> AnyView {
        match part {
            Part::Who(form) => who::who_is_it_for(form),
            Part::Steps(form, step, chosen) => steps::one_at_a_time(form, step, chosen),
            Part::Errors(list) => error_summary(list),
        }
    }
}

fn error_summary(list: crate::model::FieldErrors) -> AnyView {
    let i = use_i18n();
    {
        {
            view! {
                <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{tr(Key::ErrorSummary)}</h2>
                    <ul>
                        {list
                            .into_iter()
                            .map(|(field, problem)| {
                                let id = dom_id(field);
                                let href = format!("#{id}");
                                view! {
                                    <li>
                                        <a
                                            href=href
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                form::focus(&id);
                                            }
                                        >
                                            {move || i18n::problem(i.lang.get(), problem)}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
    }
}
