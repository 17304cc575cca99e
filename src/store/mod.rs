//! What lives on the phone: the draft being typed, the outbox of requests sent but not yet
//! confirmed, the requests filed from here, answers a backend could not take, settings, and the
//! shelf the demo office keeps its ledger on. `local` (localStorage) and `idb` (IndexedDB) are the
//! only places that touch the browser's storage; `codec` is how values are written, versioned.

pub mod codec;
pub mod outbox;

#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
pub mod catalogue;
#[cfg(target_arch = "wasm32")]
pub mod demo_office;
#[cfg(target_arch = "wasm32")]
pub mod drafts;
#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod local;
#[cfg(target_arch = "wasm32")]
pub mod my_requests;
#[cfg(target_arch = "wasm32")]
pub mod photos;
#[cfg(target_arch = "wasm32")]
pub mod settings;
#[cfg(target_arch = "wasm32")]
pub mod unsent;
#[cfg(target_arch = "wasm32")]
pub mod erase;
#[cfg(target_arch = "wasm32")]
pub mod volunteer;
#[cfg(target_arch = "wasm32")]
pub mod watch;
#[cfg(target_arch = "wasm32")]
pub mod clock;

#[cfg(target_arch = "wasm32")]
thread_local!(static HALTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });

/// Stops every write to the phone's storage from this page, for good (before "erase everything":
/// nothing still running — the outbox, a draft being typed — can bring anything back).
#[cfg(target_arch = "wasm32")]
pub fn halt() {
    HALTED.with(|h| h.set(true));
}

/// Whether writes have been stopped (`halt`).
#[cfg(target_arch = "wasm32")]
pub fn halted() -> bool {
    HALTED.with(std::cell::Cell::get)
}
