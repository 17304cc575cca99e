//! "Use my location": asks the browser once, and says plainly why when it cannot.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::model::place::coordinate_text;
use crate::model::GeoPoint;

#[derive(Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed(Key),
}

fn failure_key(code: u16) -> Key {
    match code {
        1 => Key::LocationDenied,
        3 => Key::LocationTimeout,
        _ => Key::LocationUnavailable,
    }
}

/// "Use my location", or the place attached with a way to remove it. Its workings are a module of
/// their own; until it has loaded the button is drawn as the page before the app draws it.
#[component]
pub fn LocationButton(
    #[prop(into)] point: Signal<Option<GeoPoint>>,
    #[prop(into)] on_change: Callback<Option<GeoPoint>>,
) -> impl IntoView {
    fn waiting() -> AnyView {
        view! {
            <div class="location">
                <button type="button" class="secondary" disabled=true>{tr(Key::UseMyLocation)}</button>
            </div>
        }
        .into_any()
    }
    super::later(waiting, true, std::rc::Rc::new(move || Box::pin(when_loaded!(location_button(point, on_change)))))
}

lazy! {
    fn location_button(point: Signal<Option<GeoPoint>>, on_change: Callback<Option<GeoPoint>>) -> AnyView {
        view! { <LiveLocation point on_change /> }.into_any()
    }
}

#[component]
fn LiveLocation(point: Signal<Option<GeoPoint>>, on_change: Callback<Option<GeoPoint>>) -> impl IntoView {
    let i = use_i18n();
    let state = RwSignal::new(Locating::Idle);
    let locate = move |_| {
        let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
            state.set(Locating::Failed(Key::LocationUnsupported));
            return;
        };
        state.set(Locating::Busy);
        let success = Closure::once_into_js(move |pos: JsValue| {
            let coords = pos.unchecked_into::<web_sys::Position>().coords();
            on_change.run(GeoPoint::new(coords.latitude(), coords.longitude()).map(|p| p.with_accuracy(coords.accuracy())));
            state.try_set(Locating::Idle);
        });
        let failure = Closure::once_into_js(move |err: JsValue| {
            let code = err.unchecked_into::<web_sys::PositionError>().code();
            state.try_set(Locating::Failed(failure_key(code)));
        });
        let options = web_sys::PositionOptions::new();
        options.set_timeout(15_000);
        options.set_maximum_age(60_000);
        if geo
            .get_current_position_with_error_callback_and_options(
                success.unchecked_ref(),
                Some(failure.unchecked_ref()),
                &options,
            )
            .is_err()
        {
            state.set(Locating::Failed(Key::LocationUnsupported));
        }
    };
    view! {
        <div class="location">
            {move || match point.get() {
                Some(p) => {
                    view! {
                        <p class="location-added" role="status">
                            {i.say(Msg::LocationAdded { lat: &coordinate_text(p.lat, 5), long: &coordinate_text(p.long, 5) })}
                            {p.accuracy_m.map(|m| format!(" {}", i.say(Msg::LocationAccuracy { m: &m.to_string() })))}
                        </p>
                        <button type="button" class="secondary" on:click=move |_| on_change.run(None)>
                            {tr(Key::RemoveLocation)}
                        </button>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <button
                            type="button"
                            class="secondary"
                            on:click=locate
                            disabled=move || state.get() == Locating::Busy
                        >
                            {move || if state.get() == Locating::Busy { i.t(Key::Locating) } else { i.t(Key::UseMyLocation) }}
                        </button>
                    }
                        .into_any()
                }
            }}
            {move || match state.get() {
                Locating::Failed(key) if point.get().is_none() => {
                    Some(view! { <p class="notice warn" role="alert">{i.t(key)}</p> })
                }
                _ => None,
            }}
        </div>
    }
}
