//! What lives on the phone: the draft being typed (and its first send, while unconfirmed), the
//! requests filed from here, answers a backend could not take, settings, and the shelf the demo
//! office keeps its ledger on. `local` is the one place that touches the browser's storage;
//! `codec` is how values are written there, versioned.

pub mod codec;

#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod demo_office;
#[cfg(target_arch = "wasm32")]
pub mod drafts;
#[cfg(target_arch = "wasm32")]
pub mod local;
#[cfg(target_arch = "wasm32")]
pub mod my_requests;
#[cfg(target_arch = "wasm32")]
pub mod settings;
#[cfg(target_arch = "wasm32")]
pub mod unsent;
