//! Doorstep: raise a request to the street office, follow it, rate it.
//!
//! `model`, `backend`'s rules and mappings, `store`'s codec and `i18n` are plain Rust
//! (host-tested); the rest runs in the browser. Dependencies point one way:
//! model ← backend ← store ← i18n ← components ← pages ← app (checked by `layers`).

/// A function whose code is a module of its own, fetched the first time it is called (Leptos's
/// WASM splitting; `scripts/post-build.sh` splits the wasm at each): it answers
/// `Err(NotLoaded)` when its module does not arrive — a weak network, a deployment — never a trap
/// of the whole app. The one way this app spells a lazily loaded part; call it with `when_loaded!`
/// (a view, with `components::later`, which retries and says when it cannot).
#[allow(unused_macros)] // (the host build compiles no lazily loaded part)
macro_rules! lazy {
    ($(#[$m:meta])* $vis:vis fn $name:ident ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$m])*
        #[cfg_attr(
            not(doorstep_unsplit),
            ::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::backend::NotLoaded> {
            ::core::result::Result::Ok($body)
        }
    };
}

/// Calls a function of `lazy!` as a future: split, it loads its module first; unsplit (the
/// browser tests), it is ready at once.
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
