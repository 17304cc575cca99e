//! Mounts the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(any(debug_assertions, feature = "panic-hook"))]
    console_error_panic_hook::set_once();
    // A release build stops at a panic (`panic = "abort"`): it says where first, so a trap seen
    // once on a phone or in CI can be found (the place in the code and its message, never data).
    #[cfg(not(any(debug_assertions, feature = "panic-hook")))]
    std::panic::set_hook(Box::new(|info| {
        // The place alone (and a plain message): formatting the message would cost every visit.
        let (file, line) = info.location().map_or(("", 0), |l| (l.file(), l.line()));
        let what = info.payload().downcast_ref::<&str>().copied().unwrap_or("");
        web_sys::console::error_4(&"doorstep stopped at".into(), &file.into(), &line.into(), &what.into());
    }));
    // Into `#app`, hidden behind the page the browser showed before the app started, until the
    // app's first screen takes over from it.
    use wasm_bindgen::JsCast;
    match leptos::prelude::document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(root) => leptos::mount::mount_to(root, doorstep::app::App).forget(),
        None => leptos::mount::mount_to_body(doorstep::app::App),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Doorstep is a browser app: build it with `make serve` (trunk).");
}
