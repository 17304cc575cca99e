//! The draft form's one home: the draft (kept on the phone at every keystroke), which fields the
//! resident has visited, whether they tried to send, and the chosen category's questions. It
//! knows each field's element id, message and edit, so the page is a list of fields and a new
//! field or step is one line.

use chrono::Local;
use leptos::prelude::*;
use wasm_bindgen::JsCast;


use crate::i18n::{self, use_i18n};
use crate::model::validation::{check_answer, check_draft_field, validate_draft};
use crate::model::{Draft, Field, FieldErrors, NewRequest, Problem, Question, StorageError};
use crate::store;

pub fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focuses `id` once it is drawn (a view in a module still loading), trying for about 2 s.
fn focus_when_drawn(id: &'static str, tries: u32) {
    if document().get_element_by_id(id).is_some() {
        focus(id);
    } else if tries > 0 {
        set_timeout(move || focus_when_drawn(id, tries - 1), std::time::Duration::from_millis(50));
    }
}

/// The new-request form's state.
#[derive(Clone, Copy)]
pub struct DraftForm {
    pub draft: RwSignal<Draft>,
    /// Fields the resident has left with something typed (a handful: a list is enough).
    visited: RwSignal<Vec<Field>>,
    tried: RwSignal<bool>,
    /// The chosen category's questions; `None` while it has some that have not loaded.
    questions: Signal<Option<Vec<Question>>>,
    /// Why the phone would not keep the draft, if it would not.
    pub not_kept: RwSignal<Option<StorageError>>,
}

impl DraftForm {
    /// The saved draft, kept on the phone again at every change.
    pub fn new(draft: RwSignal<Draft>, questions: Signal<Option<Vec<Question>>>) -> Self {
        let not_kept = RwSignal::new(None);
        Effect::new(move |_| {
            let current = draft.get();
            let quick = super::super::keep_draft(&current);
            leptos::task::spawn_local(async move {
                // Told only if neither copy could be kept.
                let durable = store::drafts::keep(&current).await;
                not_kept.try_set(quick.err().and(durable.err()));
            });
        });
        DraftForm { draft, visited: RwSignal::new(Vec::new()), tried: RwSignal::new(false), questions, not_kept }
    }

    /// What is wrong with `field` now, if anything (tracked).
    pub fn problem(self, field: Field) -> Option<Problem> {
        match field {
            Field::Question(n) => self.questions.with(|qs| {
                let q = qs.as_ref()?.get(usize::from(n))?;
                self.draft.with(|d| check_answer(q, &d.answers, &Local).err())
            }),
            Field::Questions => self.questions.with(|qs| qs.is_none().then_some(Problem::NotLoaded)),
            f => self.draft.with(|d| check_draft_field(d, f)),
        }
    }

    /// The message shown under `field`: once the resident has left it with something typed, or
    /// tried to send.
    pub fn message(self, field: Field) -> Signal<Option<String>> {
        let i = use_i18n();
        Signal::derive(move || {
            let shown = self.tried.get() || self.visited.with(|v| v.contains(&field));
            shown.then(|| self.problem(field)).flatten().map(|p| i18n::problem(i.lang.get(), p))
        })
    }

    /// What is typed in a text field (tracked).
    pub fn value(self, field: Field) -> Signal<String> {
        Signal::derive(move || self.draft.with(|d| d.text(field).to_string()))
    }

    /// Replaces what is typed in a text field.
    pub fn edit(self, field: Field) -> Callback<String> {
        Callback::new(move |v: String| self.draft.update(|d| d.set_text(field, v)))
    }

    /// Shows `field`'s problem from now on, even if it is only empty (a step that was not answered).
    pub fn insist(self, field: Field) {
        self.visited.update(|v| {
            if !v.contains(&field) {
                v.push(field);
            }
        });
    }

    /// The resident left `field`: from now on its problem shows, unless it is only empty.
    pub fn leave(self, field: Field) -> Callback<()> {
        Callback::new(move |_: ()| {
            if !matches!(self.problem(field), Some(Problem::Required | Problem::Unchosen)) {
                self.visited.update(|v| {
                    if !v.contains(&field) {
                        v.push(field);
                    }
                });
            }
        })
    }

    fn check(self) -> Result<NewRequest, FieldErrors> {
        let draft = self.draft.get_untracked();
        self.questions.with_untracked(|qs| validate_draft(&draft, qs.as_deref(), &Local))
    }

    /// The request to send, or every problem shown with focus on the first.
    pub fn validate(self) -> Option<NewRequest> {
        self.tried.set(true);
        match self.check() {
            Ok(new) => Some(new),
            Err(_) => {
                // The error summary at the top takes the focus once it is drawn (GOV.UK's pattern).
                request_animation_frame(|| focus_when_drawn("error-summary", 40));
                None
            }
        }
    }

    /// The fields that need correcting, once the resident has tried to send (tracked).
    pub fn errors(self) -> FieldErrors {
        if !self.tried.get() {
            return FieldErrors::new();
        }
        let draft = self.draft.get();
        self.questions.with(|qs| validate_draft(&draft, qs.as_deref(), &Local).err().unwrap_or_default())
    }
}
