//! Doorstep: raise a request to the street office, follow it, rate it.
//!
//! `model`, `backend`'s rules and mappings, `store`'s codec and `i18n` are plain Rust
//! (host-tested); the rest runs in the browser. Dependencies point one way:
//! model ← backend ← store ← i18n ← components ← pages ← app (checked by `layers`).

/// Calls a view function marked `#[cfg_attr(not(doorstep_unsplit), leptos::lazy)]` as a future:
/// split, it loads its module first; unsplit (the browser tests), it is ready at once.
#[cfg(all(target_arch = "wasm32", not(doorstep_unsplit)))]
macro_rules! when_loaded {
    ($call:expr) => {
        $call
    };
}
#[cfg(all(target_arch = "wasm32", doorstep_unsplit))]
macro_rules! when_loaded {
    ($call:expr) => {
        std::future::ready($call)
    };
}

pub mod backend;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;

#[cfg(test)]
mod layers;
