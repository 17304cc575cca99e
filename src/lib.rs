//! Doorstep: raise a request to the street office, follow it, rate it.
//!
//! `model`, `i18n` and `backend`'s rules and mappings are plain Rust (host-tested); the rest
//! runs in the browser.

pub mod backend;
pub mod i18n;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod store;
