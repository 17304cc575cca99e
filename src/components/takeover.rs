//! The app takes over the page the browser showed before it started (`#shell` in index.html,
//! rendered at build time by `src/bin/prerender`): what the resident typed goes into the app's
//! own fields through their own input handlers, focus and caret move across, a "send" pressed
//! early is pressed again, and the static page goes — all in one task, so nothing typed in
//! between is lost and nothing flashes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventInit, FocusOptions, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

/// Where the focus was, with the caret, and how far down the screen.
struct Focus {
    id: String,
    selection: Option<(u32, u32)>,
    top: f64,
}

fn selection(el: &Element) -> Option<(u32, u32)> {
    if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        return Some((t.selection_start().ok()??, t.selection_end().ok()??));
    }
    let i = el.dyn_ref::<HtmlInputElement>()?;
    Some((i.selection_start().ok()??, i.selection_end().ok()??))
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = web_sys::Event::new_with_event_init_dict(kind, &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// Carries one field's state into the app's field with the same id.
fn carry(from: &Element, to: &Element) {
    if let (Some(a), Some(b)) = (from.dyn_ref::<HtmlTextAreaElement>(), to.dyn_ref::<HtmlTextAreaElement>()) {
        if a.value() != b.value() {
            b.set_value(&a.value());
            fire(to, "input");
        }
    } else if let (Some(a), Some(b)) = (from.dyn_ref::<HtmlInputElement>(), to.dyn_ref::<HtmlInputElement>()) {
        if a.type_() == "checkbox" {
            if a.checked() != b.checked() {
                b.set_checked(a.checked());
                fire(to, "change");
            }
        } else if a.value() != b.value() {
            b.set_value(&a.value());
            fire(to, "input");
        }
    } else if from.tag_name() == "SELECT" && to.tag_name() == "SELECT" {
        // The language chosen on the page before the app, after the app had read the old one.
        let value = |e: &Element| js_sys::Reflect::get(e, &"value".into()).ok().and_then(|v| v.as_string());
        if let Some(v) = value(from).filter(|v| Some(v) != value(to).as_ref()) {
            let _ = js_sys::Reflect::set(to, &"value".into(), &v.into());
            fire(to, "change");
        }
    }
}

/// Replaces the page before the app with the app (`#app`), keeping what the resident did there.
pub fn take_over() {
    let doc = document();
    let Some(app) = doc.get_element_by_id("app") else { return };
    let Some(shell) = doc.get_element_by_id("shell") else {
        let _ = app.remove_attribute("hidden");
        return;
    };
    let focus = doc.active_element().filter(|e| shell.contains(Some(e))).map(|e| Focus {
        id: e.id(),
        selection: selection(&e),
        top: e.get_bounding_client_rect().top(),
    });
    if let Ok(fields) = shell.query_selector_all("input[id], textarea[id], select[id]") {
        for n in 0..fields.length() {
            let Some(from) = fields.item(n).and_then(|f| f.dyn_into::<Element>().ok()) else { continue };
            if let Ok(Some(to)) = app.query_selector(&format!("#{}", from.id())) {
                carry(&from, &to);
            }
        }
    }
    let send = shell.has_attribute("data-send");
    shell.remove();
    let _ = app.remove_attribute("hidden");
    if let Some(f) = focus.filter(|f| !f.id.is_empty()) {
        if let Some(el) = doc.get_element_by_id(&f.id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
            if let Some((start, end)) = f.selection {
                if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
                    let _ = t.set_selection_range(start, end);
                } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                    let _ = i.set_selection_range(start, end);
                }
            }
            // The field stays where the resident's eyes are.
            window().scroll_by_with_x_and_y(0.0, el.get_bounding_client_rect().top() - f.top);
        }
    }
    if send {
        if let Ok(Some(form)) = doc.query_selector("#app form.request-form") {
            if let Ok(form) = form.dyn_into::<HtmlFormElement>() {
                let _ = form.request_submit();
            }
        }
    }
}

/// Takes over once the app's first screen is in the document (before the next paint).
pub fn take_over_after_render() {
    request_animation_frame(take_over);
}
