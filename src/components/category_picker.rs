//! The backend's categories as a list of large radio choices, each with its one-line hint.

use leptos::prelude::*;

use crate::i18n::{self, tr, use_i18n, Key};
use crate::model::Category;

#[component]
pub fn CategoryPicker(
    categories: Vec<Category>,
    #[prop(into)] selected: Signal<String>,
    #[prop(into)] on_select: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <fieldset
            class="field categories"
            class:has-error=move || error.get().is_some()
            id="f-category"
            tabindex="-1"
            aria-describedby=move || error.get().map(|_| "f-category-msg")
        >
            <legend>{tr(Key::FieldCategory)}</legend>
            {move || error.get().map(|m| view! { <p class="field-error" id="f-category-msg">{m}</p> })}
            <div class="choices" role="radiogroup" aria-label=tr(Key::FieldCategory)>
                {categories
                    .iter()
                    .enumerate()
                    .map(|(n, c)| {
                        // A heading where the backend's group changes (Open311 `group`).
                        let heading = c
                            .group
                            .clone()
                            .filter(|g| n == 0 || categories[n - 1].group.as_ref() != Some(g))
                            .map(|g| view! { <p class="choice-group">{move || i18n::text(i.lang.get(), &g)}</p> });
                        let input_id = format!("cat-{}", c.code);
                        let name_id = format!("cat-{}-name", c.code);
                        let hint_id = format!("cat-{}-hint", c.code);
                        let code = c.code.clone();
                        let label_for = input_id.clone();
                        let code_for_check = c.code.clone();
                        let name = c.name.clone();
                        let hint = c.hint.clone();
                        view! {
                            {heading}
                            <label class="choice" for=label_for>
                                <input
                                    type="radio"
                                    name="category"
                                    id=input_id
                                    value=code.clone()
                                    aria-labelledby=name_id.clone()
                                    aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                                    prop:checked=move || selected.get() == code_for_check
                                    on:change=move |_| on_select.run(code.clone())
                                />
                                <span class="choice-text">
                                    <span class="choice-name" id=name_id>
                                        {move || i18n::text(i.lang.get(), &name)}
                                    </span>
                                    {hint
                                        .map(|h| {
                                            view! {
                                                <span class="choice-hint" id=hint_id>
                                                    {move || i18n::text(i.lang.get(), &h)}
                                                </span>
                                            }
                                        })}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
