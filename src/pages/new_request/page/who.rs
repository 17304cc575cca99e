//! "Who is it for": the first section of a volunteer's form (loaded only on a volunteer's phone).
//! The neighbour's name and phone (optional: without one, the volunteer is the contact), a
//! neighbour helped before picked from a short list, and the neighbour's consent, whose exact
//! words go with the request.

use leptos::prelude::*;

use super::DraftForm;
use crate::components::{Link, Route, TextField, Words};
use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::model::{Draft, Field, Volunteer};
use crate::pages::new_request::fields::dom_id;
use crate::store;

pub fn who_is_it_for(form: DraftForm) -> AnyView {
    match store::volunteer::profile() {
        Some(me) => view! { <WhoIsItFor form me /> }.into_any(),
        None => view! {
            <div class="notice warn" role="alert">
                <p>{tr(Key::VolunteerProfileNeeded)}</p>
                <Link route=Route::Settings class="button secondary">{tr(Key::NavSettings)}</Link>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn WhoIsItFor(form: DraftForm, me: Volunteer) -> impl IntoView {
    let i = use_i18n();
    let draft = form.draft;
    // The draft says who files it, with the consent in the words shown (the language's).
    {
        let me = me.clone();
        Effect::new(move |_| {
            let lang = i.lang.get();
            let mut filing = me.filing(Key::ConsentWords.text(lang).to_string(), String::new());
            filing.line = Msg::FiledByLine { who: &filing.who() }.text(lang);
            if draft.with(|d| d.filed_by.as_ref() != Some(&filing)) {
                draft.update(|d| d.filed_by = Some(filing));
            }
        });
    }
    let neighbours = StoredValue::new(store::volunteer::neighbours());
    let picked = RwSignal::new(false);
    let phone_hint = Signal::derive(move || i.t(if picked.get() { Key::PickedNeighbourPhone } else { Key::NeighbourPhoneHint }).to_string());
    let pick = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|k| neighbours.with_value(|l| l.get(k).cloned()));
        if let Some(n) = chosen {
            draft.update(|d: &mut Draft| {
                d.name = n.name;
                d.phone.clear();
                d.community = n.community;
                d.building = n.building;
                d.unit = n.unit;
            });
            picked.set(true);
        }
    };
    let consent_error = form.message(Field::Consent);
    let name = me.name.clone();
    view! {
        <section aria-labelledby="sec-who" class="who">
            <h2 id="sec-who">{tr(Key::SectionWho)}</h2>
            <p class="hint">
                {move || i.say(Msg::FiledByYou { name: &name })} " "
                <Link route=Route::Settings>{tr(Key::NavSettings)}</Link>
            </p>
            {(!neighbours.with_value(Vec::is_empty)).then(|| {
                view! {
                    <div class="field">
                        <label for="f-neighbour">{tr(Key::PickNeighbour)}</label>
                        <select id="f-neighbour" on:change=pick>
                            <option value="">{tr(Key::PickNeighbourNew)}</option>
                            {neighbours
                                .get_value()
                                .into_iter()
                                .enumerate()
                                .map(|(k, n)| {
                                    let home = [n.building, n.unit].join(" ");
                                    view! { <option value=k.to_string()>{format!("{} · {}", n.name, home.trim())}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
            })}
            <TextField
                id=dom_id(Field::Name)
                label=Key::NeighbourName
                required=true
                value=form.value(Field::Name)
                on_input=form.edit(Field::Name)
                on_blur=form.leave(Field::Name)
                error=form.message(Field::Name)
            />
            <TextField
                id=dom_id(Field::Phone)
                label=Key::NeighbourPhone
                hint=Words::Text(phone_hint)
                input_type="tel"
                inputmode=Some("tel")
                value=form.value(Field::Phone)
                on_input=form.edit(Field::Phone)
                on_blur=form.leave(Field::Phone)
                error=form.message(Field::Phone)
            />
            <div class="field" class:has-error=move || consent_error.get().is_some()>
                <label class="check">
                    <input
                        type="checkbox"
                        id=dom_id(Field::Consent)
                        aria-invalid=move || consent_error.get().is_some().then_some("true")
                        aria-describedby=move || consent_error.get().is_some().then_some("f-consent-msg")
                        prop:checked=move || draft.with(|d| d.consent)
                        on:change=move |ev| draft.update(|d| d.consent = event_target_checked(&ev))
                    />
                    <span>{tr(Key::ConsentWords)}</span>
                </label>
                {move || consent_error.get().map(|m| view! { <p class="field-error" id="f-consent-msg">{m}</p> })}
            </div>
        </section>
    }
}
