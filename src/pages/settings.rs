//! Settings: filing for neighbours (the volunteer's own details, entered once) and erasing
//! everything this app keeps on the phone.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::{use_nav, use_outbox, Notifications, TextField};
use crate::i18n::{self, tr, use_i18n, Key, Msg};
use crate::model::volunteer::{Volunteer, VolunteerField};
use crate::store;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>{tr(Key::SettingsTitle)}</h1>
        <ElderSetting />
        <Notifications />
        <VolunteerSettings />
        <EraseEverything />
        <Version />
    }
}

/// Which build this is, for a resident telling the office's helpdesk. (A second build made for the
/// deployment tests, `DOORSTEP_VARIANT=b`, differs here in code, not only in words.)
#[component]
fn Version() -> impl IntoView {
    let version = env!("CARGO_PKG_VERSION");
    if option_env!("DOORSTEP_VARIANT").is_some() {
        view! { <p class="hint version">{tr(Key::Version)} " " <span>{version}</span> " b"</p> }.into_any()
    } else {
        view! { <p class="hint version">{tr(Key::Version)} " " {version}</p> }.into_any()
    }
}

#[component]
fn ElderSetting() -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="card" aria-labelledby="elder-title">
            <h2 id="elder-title">{tr(Key::ElderMode)}</h2>
            <label class="check">
                <input
                    type="checkbox"
                    id="s-elder"
                    prop:checked=move || i.elder.get()
                    on:change=move |ev| i.elder.set(event_target_checked(&ev))
                />
                <span>{tr(Key::ElderModeSwitch)}</span>
            </label>
        </section>
    }
}

#[component]
fn VolunteerSettings() -> impl IntoView {
    let i = use_i18n();
    let nav = use_nav();
    let me = store::volunteer::profile().unwrap_or_default();
    let on = RwSignal::new(store::volunteer::is_on());
    let (name, phone, team) = (RwSignal::new(me.name), RwSignal::new(me.phone), RwSignal::new(me.team));
    let errors = RwSignal::new(Vec::<(VolunteerField, crate::model::Problem)>::new());
    let said = RwSignal::new(None::<Key>);
    let message = move |f: VolunteerField| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, p)| i18n::problem(i.lang.get(), *p)))
        })
    };
    let save = move || {
        said.set(None);
        if !on.get_untracked() {
            errors.set(Vec::new());
            let _ = store::volunteer::set_on(false);
            nav.people.set(false);
            said.set(Some(Key::VolunteerOff));
            return;
        }
        match Volunteer::checked(&name.get_untracked(), &phone.get_untracked(), &team.get_untracked()) {
            Ok(v) => {
                errors.set(Vec::new());
                let kept = store::volunteer::save_profile(&v).and_then(|_| store::volunteer::set_on(true));
                match kept {
                    Ok(()) => {
                        phone.set(v.phone);
                        nav.people.set(true);
                        said.set(Some(Key::VolunteerSaved));
                    }
                    Err(e) => said.set(Some(i18n::storage_error(e))),
                }
            }
            Err(e) => {
                let first = match e[0].0 {
                    VolunteerField::Name => "v-name",
                    VolunteerField::Phone => "v-phone",
                    VolunteerField::Team => "v-team",
                };
                errors.set(e);
                if let Some(el) = document().get_element_by_id(first) {
                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                }
            }
        }
    };
    view! {
        <section class="card" aria-labelledby="volunteer-title">
            <h2 id="volunteer-title">{tr(Key::VolunteerSection)}</h2>
            <p class="hint">{tr(Key::VolunteerIntro)}</p>
            <form
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <label class="check">
                    <input
                        type="checkbox"
                        id="v-on"
                        prop:checked=move || on.get()
                        on:change=move |ev| on.set(event_target_checked(&ev))
                    />
                    <span>{tr(Key::VolunteerSwitch)}</span>
                </label>
                <div hidden=move || !on.get()>
                    <TextField
                        id="v-name"
                        label=Key::VolunteerName
                        required=true
                        autocomplete="name"
                        value=name
                        on_input=move |v| name.set(v)
                        on_blur=|_| ()
                        error=message(VolunteerField::Name)
                    />
                    <TextField
                        id="v-phone"
                        label=Key::VolunteerPhone
                        required=true
                        input_type="tel"
                        inputmode=Some("tel")
                        autocomplete="tel"
                        value=phone
                        on_input=move |v| phone.set(v)
                        on_blur=|_| ()
                        error=message(VolunteerField::Phone)
                    />
                    <TextField
                        id="v-team"
                        label=Key::VolunteerTeam
                        value=team
                        on_input=move |v| team.set(v)
                        on_blur=|_| ()
                        error=message(VolunteerField::Team)
                    />
                </div>
                <button type="submit" class="primary">{tr(Key::SaveVolunteer)}</button>
                <p role="status">{move || said.get().map(|k| i.t(k))}</p>
            </form>
        </section>
    }
}

#[component]
fn EraseEverything() -> impl IntoView {
    let i = use_i18n();
    let outbox = use_outbox();
    let asking = RwSignal::new(false);
    let erased = store::erase::just_erased();
    let unsent = move || outbox.entries.with(Vec::len);
    let office = StoredValue::new(crate::backend::use_backend());
    let erase = move |_| {
        spawn_local(async move {
            // Nothing more is told to this phone (the office given back its subscription and read
            // keys, where it sends messages), then every writer stops (this tab's and the others'),
            // then everything goes.
            if store::settings::notify() || store::settings::push_id().is_some() {
                crate::components::stop_notifications(office.get_value()).await;
            }
            outbox.erase_everything().await;
            store::erase::mark_erased();
            let _ = window().location().reload();
        });
    };
    view! {
        <section class="card" aria-labelledby="erase-title">
            <h2 id="erase-title">{tr(Key::EraseSection)}</h2>
            <p class="hint">{tr(Key::EraseIntro)}</p>
            {erased.then(|| view! { <p class="notice info" role="status">{tr(Key::Erased)}</p> })}
            <button type="button" class="secondary danger" hidden=move || asking.get() on:click=move |_| asking.set(true)>
                {tr(Key::EraseButton)}
            </button>
            {move || {
                asking.get().then(|| {
                    view! {
                        <div class="notice warn" role="alert">
                            {move || {
                                let n = unsent();
                                (n > 0).then(|| {
                                    view! {
                                        <p>{move || i.say(Msg::EraseUnsent { n: &n.to_string() })}</p>
                                        <button type="button" class="secondary" on:click=move |_| outbox.send_now()>
                                            {tr(Key::SendFirst)}
                                        </button>
                                    }
                                })
                            }}
                            <p>{tr(Key::EraseSure)}</p>
                            <p class="actions">
                                <button type="button" class="primary danger" on:click=erase>{tr(Key::EraseConfirm)}</button>
                                <button type="button" class="secondary" on:click=move |_| asking.set(false)>
                                    {tr(Key::EraseCancel)}
                                </button>
                            </p>
                        </div>
                    }
                })
            }}
        </section>
    }
}
