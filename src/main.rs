//! Mounts the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
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
