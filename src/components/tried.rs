//! "Tried → validate → show message → send", the way every form here behaves: no message until
//! the resident tries to send, then each field's message follows what they type.

use leptos::prelude::*;

use crate::i18n::{self, use_i18n};
use crate::model::Problem;

/// Whether the resident has tried to send the form.
#[derive(Clone, Copy)]
pub struct Tried(RwSignal<bool>);

impl Tried {
    pub fn new() -> Self {
        Tried(RwSignal::new(false))
    }

    /// Whether the resident has tried (tracked).
    pub fn get(self) -> bool {
        self.0.get()
    }

    /// The message for what `check` finds wrong, in the resident's language, once they have tried.
    pub fn message(self, check: impl Fn() -> Option<Problem> + Send + Sync + 'static) -> Signal<Option<String>> {
        let i = use_i18n();
        Signal::derive(move || if self.0.get() { check().map(|p| i18n::problem(i.lang.get(), p)) } else { None })
    }

    /// Marks the form tried and returns what `validate` accepts, if it does.
    pub fn attempt<T, E>(self, validate: impl FnOnce() -> Result<T, E>) -> Option<T> {
        self.0.set(true);
        validate().ok()
    }
}

impl Default for Tried {
    fn default() -> Self {
        Self::new()
    }
}
