//! The current language for every view, and the one helper views use to show a word: `tr(key)`
//! is the same closure type wherever it is used, so its rendering code is compiled once rather
//! than once per word (the wasm is a byte budget).

use leptos::prelude::*;

use super::{Key, Lang, Msg};

/// The current language, provided by the shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
    /// Elder mode (长辈版): larger text and targets, slower speech.
    pub elder: RwSignal<bool>,
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

/// Makes `lang`'s words available: at once if they are here (or built in, in the browser tests),
/// else from the words file the build wrote for it, whose address the page's loader names
/// (`window.doorstepWords`; it has already asked for the page language's file). False when the
/// file could not be had: the caller keeps what is on screen and may try again.
pub async fn load(lang: Lang) -> bool {
    use super::table;
    if table::has(lang) {
        return true;
    }
    let url = js_sys::Reflect::get(&window(), &"doorstepWords".into())
        .and_then(|urls| js_sys::Reflect::get(&urls, &lang.tag().into()))
        .ok()
        .and_then(|u| u.as_string());
    let Some(url) = url else { return false };
    for _ in 0..3 {
        if let Ok(text) = crate::backend::fetch_words(&url, table::MAX_BYTES as u32).await {
            return table::accept(lang, text).is_ok();
        }
    }
    false
}

/// Switches to `lang` once its words are here.
pub fn switch_to(i: I18n, lang: Lang) {
    leptos::task::spawn_local(async move {
        if load(lang).await {
            i.lang.set(lang);
        }
    });
}
