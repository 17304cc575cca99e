//! Why the phone would not keep something. The store reports it; the demo office (which keeps
//! its ledger on the phone) passes it on; the view tells the resident in their language.

/// The phone refused to keep or give back something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StorageError {
    /// No storage at all (some private modes, storage switched off).
    #[error("storage is not available")]
    Unavailable,
    /// Storage is full (quota reached).
    #[error("storage is full")]
    Full,
    /// A stored value could not be read back (it was moved aside, not deleted).
    #[error("a stored value could not be read")]
    Unreadable,
}
