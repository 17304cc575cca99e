//! The shell: configuration, language, header and navigation, and the routes. It wires the
//! providers (language, backend, the demo office's shelf) and nothing else.

use std::rc::Rc;

use leptos::prelude::*;

use crate::backend::demo::Shelf;
use crate::backend::{fetch_config, Adapter, AnyBackend, ConfigError};
use crate::components::{
    register_service_worker, reload_to_update, take_over_after_render, Following, Link, Nav, Outbox, Route, Tab,
};
use crate::i18n::{self, tr, use_i18n, I18n, Key, Lang};
use crate::pages::{
    LookupPage, MyRequestsPage, NewRequestPage, NotFoundPage, PeoplePage, RequestPage, SettingsPage, SubmittedPage,
};
use crate::model::RequestId;
use crate::store;

// The pages a first visit does not show are loaded when first opened (Leptos's WASM splitting:
// `scripts/post-build.sh` splits the wasm at each of these): the first load carries the shell,
// the new-request form and the outbox only. (The browser tests build with `--cfg
// doorstep_unsplit`: their runner cannot serve the split modules.)
lazy! {
    fn submitted_page(id: RequestId) -> AnyView {
        view! { <SubmittedPage id /> }.into_any()
    }
}

lazy! {
    fn my_requests_page() -> AnyView {
        view! { <MyRequestsPage /> }.into_any()
    }
}

lazy! {
    fn request_page(id: RequestId) -> AnyView {
        view! { <RequestPage id /> }.into_any()
    }
}

lazy! {
    fn lookup_page() -> AnyView {
        view! { <LookupPage /> }.into_any()
    }
}

lazy! {
    fn settings_page() -> AnyView {
        view! { <SettingsPage /> }.into_any()
    }
}

lazy! {
    fn people_page(retention_days: u32) -> AnyView {
        view! { <PeoplePage retention_days /> }.into_any()
    }
}

/// A page of a module of its own, with "loading" meanwhile, and a word and a retry if it does
/// not arrive (`components::later`).
fn page(load: crate::components::Load) -> AnyView {
    crate::components::later(|| view! { <p class="loading">{tr(Key::Loading)}</p> }.into_any(), false, load)
}

/// `?lang=` wins, then the remembered choice, then the browser's languages, then Simplified
/// Chinese. The page before the app (src/bin/prerender) applies the same rule before its first
/// paint, from the same table of tags.
fn initial_lang() -> Lang {
    let w = window();
    let from_query = w.location().search().ok().and_then(|q| {
        q.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("lang=")).and_then(Lang::from_tag)
    });
    let from_browser = || {
        w.navigator().languages().iter().filter_map(|l| l.as_string()).find_map(|tag| Lang::from_tag(&tag))
    };
    from_query
        .or_else(|| store::settings::language().and_then(|t| Lang::from_tag(&t)))
        .or_else(from_browser)
        .unwrap_or_default()
}

/// Where the demo office keeps its ledger on this phone.
fn demo_shelf() -> Shelf {
    Shelf { load: store::demo_office::load, save: store::demo_office::save }
}

/// Elder mode: `?mode=elder` (a link a volunteer sends) or `?mode=standard`, else as remembered.
fn initial_elder() -> bool {
    let query = window().location().search().unwrap_or_default();
    match query.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("mode=")) {
        Some("elder") => true,
        Some("standard") => false,
        _ => store::settings::elder(),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    let elder = RwSignal::new(initial_elder());
    provide_context(I18n { lang, elder });
    Effect::new(move |_| {
        let on = elder.get();
        if let Some(html) = document().document_element() {
            let _ = if on { html.set_attribute("data-mode", "elder") } else { html.remove_attribute("data-mode") };
        }
        let _ = store::settings::set_elder(on);
    });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        if i18n::table::has(lang) {
            document().set_title(i18n::t(lang, Key::AppName));
        }
        let _ = store::settings::set_language(lang.tag());
    });
    // A new era of the phone's clock; the config's answer tells the office's (its `Date`).
    crate::backend::clock::start(store::clock::next_era());
    // The language's words and the config, both asked for by the page already; then the adapter
    // the config names (its module: one adapter per deployment).
    let start = lang.get_untracked();
    let started = LocalResource::new(move || async move {
        if !i18n::load(start).await {
            return Start::WordsMissing;
        }
        let config = match fetch_config().await {
            Ok(config) => config,
            Err(e) => return Start::Config(e),
        };
        let adapter = Adapter::from_config(&config, demo_shelf());
        match crate::components::retrying(move || adapter.clone().load()).await {
            Ok(backend) => Start::Ready(backend, config.neighbour_retention_days),
            Err(_) => Start::NotLoaded,
        }
    });
    let retry = Callback::new(move |_| started.refetch());
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr(Key::Loading)}</p> }>
            {move || {
                started
                    .get()
                    .map(|start| match start {
                        Start::Ready(backend, retention_days) => view! { <Shell backend retention_days /> }.into_any(),
                        Start::WordsMissing => view! { <WordsMissing retry=move || retry.run(()) /> }.into_any(),
                        Start::Config(error) => view! { <ConfigErrorPage error retry=move || retry.run(()) /> }.into_any(),
                        Start::NotLoaded => view! { <NotLoadedPage retry=move || retry.run(()) /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// How the start went.
#[derive(Clone)]
enum Start {
    Ready(AnyBackend, u32),
    WordsMissing,
    Config(ConfigError),
    /// The adapter's module did not arrive, after a few tries.
    NotLoaded,
}

/// The adapter's module did not arrive (a weak network): said, with a way to try again.
#[component]
fn NotLoadedPage(retry: impl Fn() + 'static) -> impl IntoView {
    take_over_after_render();
    view! {
        <main class="page config-error" role="alert">
            <h1>{tr(Key::AppName)}</h1>
            <p>{tr(Key::AppNotLoaded)}</p>
            <button type="button" class="secondary" on:click=move |_| retry()>{tr(Key::Retry)}</button>
        </main>
    }
}

// An address that is no page: loaded when needed. (The screens of a start that went wrong are
// in the main module: they are needed exactly when modules may not arrive.)
lazy! {
    fn not_found_page() -> AnyView {
        view! { <NotFoundPage /> }.into_any()
    }
}

/// The app could not have its words (the network broke between the app and its words file): the
/// one screen with words of its own, in both first languages.
#[component]
fn WordsMissing(retry: impl Fn() + 'static) -> impl IntoView {
    take_over_after_render();
    view! {
        <main class="page config-error" role="alert">
            <p>"文字没有加载出来，请检查网络后重试。"</p>
            <p lang="en">"The app's words did not load. Check the connection and try again."</p>
            <button type="button" class="secondary" on:click=move |_| retry()>"重试 · Try again"</button>
        </main>
    }
}

#[component]
fn ConfigErrorPage(error: ConfigError, retry: impl Fn() + 'static) -> impl IntoView {
    take_over_after_render();
    view! {
        <main class="page config-error" role="alert">
            <h1>{tr(Key::ConfigErrorTitle)}</h1>
            <p>{tr(Key::ConfigErrorBody)}</p>
            <p><code>{error.to_string()}</code></p>
            <button type="button" class="secondary" on:click=move |_| retry()>{tr(Key::ConfigRetry)}</button>
        </main>
    }
}

#[component]
fn Shell(backend: AnyBackend, retention_days: u32) -> impl IntoView {
    // The demo office lives in the page: an office that forgot to name its own in `config.json`
    // must not have residents believe something was sent.
    let demo = !backend.needs_network();
    let office = backend.clone();
    provide_context(backend);
    if store::volunteer::has_neighbours() {
        leptos::task::spawn_local(async move {
            // Forgets the neighbours whose last request was closed more than that many days ago.
            // Not loaded (a weak network): done at the next start.
            let _ = when_loaded!(crate::components::neighbours_job(crate::components::NeighboursJob::ForgetExpired(retention_days))).await;
        });
    }

    let nav = Nav::start();
    let outbox = Outbox::start();
    Following::start().begin(office);
    let update = RwSignal::new(false);
    let workers = RwSignal::new(true);
    register_service_worker(update, workers);
    take_over_after_render();
    view! {
            <header class="topbar">
                <div class="brand">
                    <span class="brand-name">{tr(Key::AppName)}</span>
                    <span class="brand-tagline">{tr(Key::AppTagline)}</span>
                </div>
                <div class="topbar-tools">
                    <ElderSwitch />
                    <Link route=Route::Settings class="settings-link">{tr(Key::NavSettings)}</Link>
                    <LanguageSwitch />
                </div>
            </header>
            {demo.then(|| view! { <p class="banner demo" role="note">{tr(Key::DemoOffice)}</p> })}
            {move || (!outbox.online.get()).then(|| view! { <p class="banner offline" role="status">{tr(Key::Offline)}</p> })}
            {move || (!workers.get()).then(|| view! { <p class="banner no-worker" role="note">{tr(Key::NoServiceWorker)}</p> })}
            {move || {
                update
                    .get()
                    .then(|| {
                        view! {
                            <p class="banner update" role="status">
                                {tr(Key::NewVersion)}
                                <button type="button" class="secondary" on:click=move |_| reload_to_update()>
                                    {tr(Key::ConfigRetry)}
                                </button>
                            </p>
                        }
                    })
            }}
            <nav class="tabs" aria-label=tr(Key::MainNav)>
                <Tab route=Route::NewRequest>{tr(Key::NavNew)}</Tab>
                // How many followed requests have news is set on it by `components::follow`.
                <Tab route=Route::MyRequests>{tr(Key::NavMine)}</Tab>
                <Tab route=Route::Lookup>{tr(Key::NavLookup)}</Tab>
                {move || nav.people.get().then(|| view! { <Tab route=Route::People>{tr(Key::NavPeople)}</Tab> })}
            </nav>
            <main class="page">
                {move || match nav.current() {
                    Route::NewRequest => view! { <NewRequestPage /> }.into_any(),
                    Route::Submitted(id) => page(Rc::new(move || Box::pin(when_loaded!(submitted_page(id.clone()))))),
                    Route::MyRequests => page(Rc::new(|| Box::pin(when_loaded!(my_requests_page())))),
                    Route::Request(id) => page(Rc::new(move || Box::pin(when_loaded!(request_page(id.clone()))))),
                    Route::Lookup => page(Rc::new(|| Box::pin(when_loaded!(lookup_page())))),
                    Route::Settings => page(Rc::new(|| Box::pin(when_loaded!(settings_page())))),
                    Route::People => page(Rc::new(move || Box::pin(when_loaded!(people_page(retention_days))))),
                    Route::NotFound => page(Rc::new(|| Box::pin(when_loaded!(not_found_page())))),
                }}
            </main>
    }
}

/// The elder-mode switch, on every page from the first.
#[component]
fn ElderSwitch() -> impl IntoView {
    let i = use_i18n();
    view! {
        <button
            type="button"
            class="elder-switch"
            aria-pressed=move || if i.elder.get() { "true" } else { "false" }
            on:click=move |_| i.elder.update(|on| *on = !*on)
        >
            {tr(Key::ElderMode)}
        </button>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="lang-switch">
            <label for="lang">{tr(Key::Language)}</label>
            <select
                id="lang"
                on:change=move |ev| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                        i18n::switch_to(i, lang);
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
