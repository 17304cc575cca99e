//! The shell: configuration, language, header and navigation, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::backend::{fetch_config, AnyBackend, ConfigError};
use crate::i18n::{self, Key, Lang};
use crate::pages::{LookupPage, MyRequestsPage, NewRequestPage, NotFoundPage, RequestPage, SubmittedPage};
use crate::store;

/// The current language, for every view.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text of `key` in the current language (tracked).
    pub fn t(&self, key: Key) -> &'static str {
        i18n::t(self.lang.get(), key)
    }

    /// The text of `key` with placeholders filled (tracked).
    pub fn tf(&self, key: Key, args: &[(&str, &str)]) -> String {
        i18n::tf(self.lang.get(), key, args)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

pub fn use_backend() -> AnyBackend {
    expect_context::<AnyBackend>()
}

/// `?lang=` wins, then the remembered choice, then Simplified Chinese.
fn initial_lang() -> Lang {
    let from_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("lang=").map(str::to_string))
        })
        .and_then(|tag| Lang::from_tag(&tag));
    from_query.or_else(store::settings::language).unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    provide_context(I18n { lang });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(i18n::t(lang, Key::AppName));
        store::settings::set_language(lang);
    });
    let config = LocalResource::new(fetch_config);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n::t(lang.get_untracked(), Key::Loading)}</p> }>
            {move || {
                config
                    .get()
                    .map(|result| match result {
                        Ok(config) => view! { <Shell backend=AnyBackend::from_config(&config) /> }.into_any(),
                        Err(error) => view! { <ConfigErrorPage error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    let i = use_i18n();
    view! {
        <main class="page config-error" role="alert">
            <h1>{move || i.t(Key::ConfigErrorTitle)}</h1>
            <p>{move || i.t(Key::ConfigErrorBody)}</p>
            <p><code>{error.to_string()}</code></p>
        </main>
    }
}

#[component]
fn Shell(backend: AnyBackend) -> impl IntoView {
    provide_context(backend);
    let i = use_i18n();
    view! {
        <Router>
            <header class="topbar">
                <div class="brand">
                    <span class="brand-name">{move || i.t(Key::AppName)}</span>
                    <span class="brand-tagline">{move || i.t(Key::AppTagline)}</span>
                </div>
                <LanguageSwitch />
            </header>
            <nav class="tabs" aria-label=move || i.t(Key::MainNav)>
                <A href="/" exact=true>{move || i.t(Key::NavNew)}</A>
                <A href="/requests">{move || i.t(Key::NavMine)}</A>
                <A href="/lookup">{move || i.t(Key::NavLookup)}</A>
            </nav>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=NewRequestPage />
                    <Route path=path!("/submitted/:id") view=SubmittedPage />
                    <Route path=path!("/requests") view=MyRequestsPage />
                    <Route path=path!("/requests/:id") view=RequestPage />
                    <Route path=path!("/lookup") view=LookupPage />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="lang-switch">
            <label for="lang">{move || i.t(Key::Language)}</label>
            <select
                id="lang"
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        i.lang.set(lang);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.tag() lang=l.tag() selected=move || i.lang.get() == l>
                                {l.own_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
