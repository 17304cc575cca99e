//! Photos kept on the phone: attached to a draft, or to a request waiting to be sent (and, for
//! the demo office, for good). Each is the shrunk JPEG as the browser's `Blob`, in IndexedDB under
//! an id of its own, so it outlives a reload, a crash or a closed tab like the words do.

use wasm_bindgen::JsCast;
use web_sys::Blob;

use super::idb;
use crate::model::StorageError;

/// A new id for a photo (random, so two phones' photos never share one).
pub fn new_id() -> String {
    super::drafts::new_key().0
}

/// Keeps `blob` as photo `id`, committed before it returns.
pub async fn put(id: &str, blob: &Blob) -> Result<(), StorageError> {
    idb::put_value(idb::PHOTOS, id, blob).await
}

/// Photo `id`, if this phone still has it.
pub async fn get(id: &str) -> Result<Option<Blob>, StorageError> {
    Ok(idb::get_value(idb::PHOTOS, id).await?.dyn_into::<Blob>().ok())
}

/// Forgets photo `id` (removed from its draft, or the office has it).
pub async fn delete(id: &str) -> Result<(), StorageError> {
    idb::delete(&[idb::PHOTOS], id).await
}
