//! Moving between pages without reloading: the routes, the current one as a signal, links and
//! tabs that change it, and the browser's back and forward buttons. A dozen lines of History API
//! instead of a router crate: it paid for itself in bytes (see the README's Performance).

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::backend::http::{decode_segment, segment};
use crate::model::RequestId;

/// A page of the app, with what it needs to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    NewRequest,
    /// The confirmation after filing this request.
    Submitted(RequestId),
    MyRequests,
    Request(RequestId),
    Lookup,
    Settings,
    /// A volunteer's neighbours and their requests.
    People,
    NotFound,
}

impl Route {
    /// The route a path (as the browser gives it, percent-encoded) stands for.
    pub fn parse(path: &str) -> Route {
        let path = path.trim_end_matches('/');
        // One segment, decoded once: an id may contain `/` only as `%2F`.
        let id = |rest: &str| decode_segment(rest).filter(|s| !s.is_empty()).map(RequestId);
        match path {
            "" => Route::NewRequest,
            "/requests" => Route::MyRequests,
            "/lookup" => Route::Lookup,
            "/settings" => Route::Settings,
            "/people" => Route::People,
            _ => {
                if let Some(rest) = path.strip_prefix("/requests/").filter(|r| !r.contains('/')) {
                    id(rest).map_or(Route::NotFound, Route::Request)
                } else if let Some(rest) = path.strip_prefix("/submitted/").filter(|r| !r.contains('/')) {
                    id(rest).map_or(Route::NotFound, Route::Submitted)
                } else {
                    Route::NotFound
                }
            }
        }
    }

    /// The route's address; an id is encoded so that whatever a backend calls it, it comes back whole.
    pub fn path(&self) -> String {
        match self {
            Route::NewRequest | Route::NotFound => "/".into(),
            Route::Submitted(id) => format!("/submitted/{}", segment(id.as_str())),
            Route::MyRequests => "/requests".into(),
            Route::Request(id) => format!("/requests/{}", segment(id.as_str())),
            Route::Lookup => "/lookup".into(),
            Route::Settings => "/settings".into(),
            Route::People => "/people".into(),
        }
    }

    /// Which tab of the main navigation the route belongs to.
    fn tab(&self) -> Option<Route> {
        match self {
            Route::NewRequest | Route::Submitted(_) => Some(Route::NewRequest),
            Route::MyRequests | Route::Request(_) => Some(Route::MyRequests),
            Route::Lookup => Some(Route::Lookup),
            Route::Settings => Some(Route::Settings),
            Route::People => Some(Route::People),
            Route::NotFound => None,
        }
    }
}

/// The current route, provided by the shell.
#[derive(Clone, Copy)]
pub struct Nav {
    route: RwSignal<Route>,
    /// Whether the navigation offers "people I help" (filing for neighbours is on).
    pub people: RwSignal<bool>,
}

fn location_route() -> Route {
    Route::parse(&window().location().pathname().unwrap_or_default())
}

impl Nav {
    /// Starts following the address bar (and back/forward) for as long as the app runs.
    pub fn start() -> Nav {
        let route = RwSignal::new(location_route());
        let on_pop = Closure::<dyn Fn()>::new(move || route.set(location_route()));
        let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        on_pop.forget();
        let nav = Nav { route, people: RwSignal::new(crate::store::volunteer::is_on()) };
        provide_context(nav);
        nav
    }

    /// The current route (tracked).
    pub fn current(self) -> Route {
        self.route.get()
    }

    /// Goes to `route`: a new history entry, the top of the page.
    pub fn go(self, route: Route) {
        let _ = window().history().and_then(|h| h.push_state_with_url(&JsValue::NULL, "", Some(&route.path())));
        window().scroll_to_with_x_and_y(0.0, 0.0);
        self.route.set(route);
    }
}

pub fn use_nav() -> Nav {
    expect_context::<Nav>()
}

/// A link's click: a plain left click goes to `route` in the app; anything else (a new tab, a
/// download) is the browser's.
fn follow(route: Route) -> impl Fn(MouseEvent) + 'static {
    let nav = use_nav();
    move |ev: MouseEvent| {
        if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
            ev.prevent_default();
            nav.go(route.clone());
        }
    }
}

/// A link to another page of the app.
#[component]
pub fn Link(route: Route, #[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    let href = route.path();
    view! {
        <a
            href=href
            class=class
            on:click=follow(route)
        >
            {children()}
        </a>
    }
}

/// A tab of the main navigation, marked as the current page while it is.
#[component]
pub fn Tab(route: Route, children: Children) -> impl IntoView {
    let nav = use_nav();
    let href = route.path();
    let this = route.tab();
    let current = move || (nav.current().tab() == this).then_some("page");
    view! {
        <a
            href=href
            aria-current=current
            on:click=follow(route)
        >
            {children()}
        </a>
    }
}
