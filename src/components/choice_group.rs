//! A question answered by tapping one of a few large choices, with its message under the question.

use leptos::prelude::*;

use crate::i18n::{tr, Key};

#[component]
pub fn ChoiceGroup<T>(
    legend: Key,
    /// The radio group's name.
    name: &'static str,
    options: Vec<(T, Key)>,
    selected: RwSignal<Option<T>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <fieldset class="field" class:has-error=move || error.get().is_some()>
            <legend>{tr(legend)}</legend>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="pills">
                {options
                    .into_iter()
                    .map(|(value, key)| {
                        view! {
                            <label class="pill">
                                <input
                                    type="radio"
                                    name=name
                                    prop:checked=move || selected.get() == Some(value)
                                    on:change=move |_| selected.set(Some(value))
                                />
                                <span>{tr(key)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
