//! What lives on the phone: the draft being typed, the requests filed from here, settings, and
//! the demo office's ledger. Everything goes through `local`, the one place that touches storage.

pub mod demo_ledger;
pub mod drafts;
mod local;
pub mod my_requests;
pub mod settings;
pub mod unsent;
