//! A labelled text field with its hint and its validation message right beneath it.

use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n, Key, Msg};

/// A label or hint: from the translation table, or words a backend supplied; or nothing.
#[derive(Clone, Default)]
pub enum Words {
    #[default]
    None,
    Key(Key),
    Text(Signal<String>),
}

impl From<Key> for Words {
    fn from(k: Key) -> Self {
        Words::Key(k)
    }
}

impl From<Option<Key>> for Words {
    fn from(k: Option<Key>) -> Self {
        k.map_or(Words::None, Words::Key)
    }
}

impl From<String> for Words {
    fn from(s: String) -> Self {
        // Backend words that are blank are no words at all.
        if s.trim().is_empty() {
            Words::None
        } else {
            Words::Text(Signal::stored(s))
        }
    }
}

impl From<Option<String>> for Words {
    fn from(s: Option<String>) -> Self {
        s.map_or(Words::None, Words::from)
    }
}

impl From<Signal<String>> for Words {
    fn from(s: Signal<String>) -> Self {
        Words::Text(s)
    }
}

impl Words {
    fn is_some(&self) -> bool {
        !matches!(self, Words::None)
    }

    /// The words in the current language (tracked).
    fn read(&self, i: I18n) -> String {
        match self {
            Words::None => String::new(),
            Words::Key(k) => i.t(*k).to_string(),
            Words::Text(s) => s.get(),
        }
    }
}

/// One text input (or textarea) with a visible label, an optional hint, an optional live
/// character counter, and the message for its current problem.
#[component]
pub fn TextField(
    /// Element id; the hint and message ids derive from it.
    #[prop(into)]
    id: String,
    #[prop(into)] label: Words,
    #[prop(optional, into)] hint: Words,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] on_blur: Callback<()>,
    /// The message to show, already translated; `None` when the value is fine.
    #[prop(into)]
    error: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = None)] inputmode: Option<&'static str>,
    /// Shows "n / max characters" under the field.
    #[prop(default = None)]
    counter_max: Option<usize>,
    /// Values to pick from as the resident types (a `<datalist>`); any text is still taken.
    #[prop(default = None)]
    suggestions: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let i = use_i18n();
    let hint_id = format!("{id}-hint");
    let list_id = format!("{id}-list");
    let msg_id = format!("{id}-msg");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, msg_id) = (hint_id.clone(), msg_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(msg_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let input = move |ev: leptos::ev::Event| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="5"
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=input
                on:blur=move |_| on_blur.run(())
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                list=suggestions.map(|_| list_id.clone())
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                aria-required=required.then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=input
                on:blur=move |_| on_blur.run(())
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{move || label.read(i)}</label>
            {has_hint.then(|| view! { <p class="hint" id=hint_id.clone()>{move || hint.read(i)}</p> })}
            {control}
            {suggestions.map(|list| {
                view! {
                    <datalist id=list_id.clone()>
                        {move || list.get().into_iter().map(|v| view! { <option value=v></option> }).collect_view()}
                    </datalist>
                }
            })}
            {counter_max.map(|max| {
                view! {
                    <p class="counter" aria-live="polite">
                        {move || {
                            let n = crate::model::validation::char_count(&value.get());
                            i.say(Msg::CharCount { n: &n.to_string(), max: &max.to_string() })
                        }}
                    </p>
                }
            })}
            {move || error.get().map(|m| view! { <p class="field-error" id=msg_id.clone()>{m}</p> })}
        </div>
    }
}
