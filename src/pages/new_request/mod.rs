//! Raising a request: the form (one `DraftForm`), kept as typed on the phone, validated field by
//! field, and sent so that a retry sends the same bytes and an edit after an uncertain failure is
//! checked against the office first. `fields` is also compiled for the host, where the page the
//! browser shows before the app starts is rendered from it.

pub mod fields;
#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
pub use page::NewRequestPage;
