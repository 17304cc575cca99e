//! Mounts the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(doorstep::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Doorstep is a browser app: build it with `make serve` (trunk).");
}
