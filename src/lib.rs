//! Doorstep: raise a request to the street office, follow it, rate it.
//!
//! `model`, `backend`'s rules and mappings, `store`'s codec and `i18n` are plain Rust
//! (host-tested); the rest runs in the browser. Dependencies point one way:
//! model ← backend ← store ← i18n ← components ← pages ← app (checked by `layers`).

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
