//! Voice in and out, where the browser has them: a microphone button beside a field (the browser's
//! speech recognition; what was heard is shown before it goes into the field) and "read aloud"
//! (speech synthesis in the current language, slower in elder mode).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::{tr, use_i18n, Key, Lang, Msg};

/// The language tag speech services know for `lang`.
fn voice_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhHans => "zh-CN",
        Lang::ZhHant => "zh-TW",
        Lang::En => "en-GB",
    }
}

/// What became of listening.
#[derive(Clone, Debug, PartialEq)]
enum Heard {
    Listening,
    Words(String),
    Problem(Key),
}

/// A microphone button for the field `label` names; `on_heard` gets the words once the resident
/// chose to use them. Its workings are a module of their own: until it has loaded, the button is
/// drawn as the page before the app draws it (disabled), so nothing moves.
#[component]
pub fn VoiceInput(label: Key, #[prop(into)] on_heard: Callback<String>) -> impl IntoView {
    fn waiting() -> AnyView {
        view! {
            <div class="voice">
                <button type="button" class="secondary voice-button" disabled=true>"🎤 "{tr(Key::Speak)}</button>
            </div>
        }
        .into_any()
    }
    super::later(waiting, true, std::rc::Rc::new(move || Box::pin(when_loaded!(voice_input(label, on_heard)))))
}

lazy! {
    fn voice_input(label: Key, on_heard: Callback<String>) -> AnyView {
        view! { <LiveVoiceInput label on_heard /> }.into_any()
    }
}

#[component]
fn LiveVoiceInput(label: Key, on_heard: Callback<String>) -> impl IntoView {
    let i = use_i18n();
    let state = RwSignal::new(None::<Heard>);
    let listen_now = move |_| {
        state.set(Some(Heard::Listening));
        let tag = voice_tag(i.lang.get_untracked());
        leptos::task::spawn_local(async move {
            let result = listen(tag).await;
            state.try_set(Some(match result {
                Ok(words) if !words.trim().is_empty() => Heard::Words(words.trim().to_string()),
                Ok(_) => Heard::Problem(Key::VoiceFailed),
                Err(problem) => Heard::Problem(problem),
            }));
        });
    };
    let name = move || format!("{} · {}", i.t(Key::Speak), i.t(label));
    view! {
        <div class="voice">
            <button
                type="button"
                class="secondary voice-button"
                aria-label=name
                disabled=move || state.get() == Some(Heard::Listening)
                // The field keeps the focus: leaving it would show its message and move this button
                // from under the finger before the tap lands.
                on:mousedown=|ev| ev.prevent_default()
                on:click=listen_now
            >
                "🎤 "
                {tr(Key::Speak)}
            </button>
            {move || {
                state
                    .get()
                    .map(|s| match s {
                        Heard::Listening => view! { <p class="hint" role="status">{tr(Key::Listening)}</p> }.into_any(),
                        Heard::Problem(k) => view! { <p class="notice warn" role="status">{tr(k)}</p> }.into_any(),
                        Heard::Words(words) => {
                            let shown = words.clone();
                            view! {
                                <div class="heard" role="status">
                                    <p>{move || i.say(Msg::Heard { text: &shown })}</p>
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:mousedown=|ev| ev.prevent_default()
                                        on:click=move |_| {
                                            on_heard.run(words.clone());
                                            state.set(None);
                                        }
                                    >
                                        {tr(Key::UseHeard)}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

/// Listens once in `tag`'s language: the words heard, or why not. (In the voice module.)
async fn listen(tag: &'static str) -> Result<String, Key> {
    use js_sys::{Promise, Reflect};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let w = window();
    let ctor = ["SpeechRecognition", "webkitSpeechRecognition"]
        .into_iter()
        .filter_map(|name| Reflect::get(&w, &name.into()).ok())
        .find_map(|c| c.dyn_into::<js_sys::Function>().ok())
        .ok_or(Key::VoiceUnsupported)?;
    let recognition = Reflect::construct(&ctor, &js_sys::Array::new()).map_err(|_| Key::VoiceUnsupported)?;
    let set = |name: &str, value: &JsValue| {
        let _ = Reflect::set(&recognition, &name.into(), value);
    };
    set("lang", &tag.into());
    set("interimResults", &false.into());
    set("maxAlternatives", &1.into());
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = resolve.clone();
        let on_result = Closure::once_into_js(move |event: JsValue| {
            // event.results[0][0].transcript
            let words = Reflect::get(&event, &"results".into())
                .and_then(|r| Reflect::get_u32(&r, 0))
                .and_then(|r| Reflect::get_u32(&r, 0))
                .and_then(|a| Reflect::get(&a, &"transcript".into()))
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let _ = ok.call1(&JsValue::NULL, &words.into());
        });
        let on_error = Closure::once_into_js(move |event: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &Reflect::get(&event, &"error".into()).unwrap_or(JsValue::NULL));
        });
        // Ended without words: nothing heard.
        let on_end = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &"".into());
        });
        set("onresult", &on_result);
        set("onerror", &on_error);
        set("onend", &on_end);
    });
    let start = Reflect::get(&recognition, &"start".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    start.and_then(|f| f.call0(&recognition).ok()).ok_or(Key::VoiceUnsupported)?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(words) => Ok(words.as_string().unwrap_or_default()),
        Err(e) if e.as_string().is_some_and(|e| e == "not-allowed" || e == "service-not-allowed") => Err(Key::VoiceNotAllowed),
        Err(_) => Err(Key::VoiceFailed),
    }
}

/// Reads `text` aloud in the current language (slower in elder mode); again to stop. No button
/// where the browser cannot speak.
#[component]
pub fn ReadAloud(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let i = use_i18n();
    let speaking = RwSignal::new(false);
    window().speech_synthesis().ok().map(|synth| {
        let toggle = move |_| {
            synth.cancel();
            if speaking.get_untracked() {
                speaking.set(false);
                return;
            }
            let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&text.get_untracked()) else { return };
            utterance.set_lang(voice_tag(i.lang.get_untracked()));
            utterance.set_rate(if i.elder.get_untracked() { 0.75 } else { 1.0 });
            let done = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                speaking.try_set(false);
            });
            utterance.set_onend(Some(wasm_bindgen::JsCast::unchecked_ref(done.as_ref())));
            done.forget();
            synth.speak(&utterance);
            speaking.set(true);
        };
        view! {
            <button type="button" class="secondary read-aloud" on:click=toggle>
                "🔊 "
                {move || i.t(if speaking.get() { Key::StopReading } else { Key::ReadAloud })}
            </button>
        }
    })
}
