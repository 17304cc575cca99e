//! Raising a request: the form (one `DraftForm`), kept as typed on the phone, validated field by
//! field, and sent so that a retry sends the same bytes and an edit after an uncertain failure is
//! checked against the office first. `fields` is also compiled for the host, where the page the
//! browser shows before the app starts is rendered from it.

pub mod fields;
#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
pub use page::NewRequestPage;

/// Keeps `draft` on the phone as the form does: the draft itself, and its text fields where the
/// page before the app (index.html) finds them — which, at the next start, win over the draft as
/// text typed before the app ran. So a draft put back from elsewhere (a waiting request taken back
/// to be changed) must be kept here, or the page before the app's older copy would empty it.
#[cfg(target_arch = "wasm32")]
pub fn keep_draft(draft: &crate::model::Draft) -> Result<(), crate::model::StorageError> {
    use fields::{dom_id, TEXT_FIELDS};
    if crate::store::drafts::was_sent(&draft.idempotency_key) {
        return Ok(());
    }
    let _ = crate::store::boot::save(TEXT_FIELDS.iter().map(|f| (dom_id(*f), draft.text(*f).to_string())).collect());
    crate::store::drafts::save(draft)
}
