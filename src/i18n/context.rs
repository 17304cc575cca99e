//! The current language for every view, and the one helper views use to show a word: `tr(key)`
//! is the same closure type wherever it is used, so its rendering code is compiled once rather
//! than once per word (the wasm is a byte budget).

use leptos::prelude::*;

use super::{Key, Lang, Msg};

/// The current language, provided by the shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text of `key` in the current language (tracked).
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    /// A message with its values, in the current language (tracked).
    pub fn say(&self, msg: Msg) -> String {
        msg.text(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The words of `key`, following the language (as a view or an attribute value).
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i = use_i18n();
    move || i.t(key)
}
