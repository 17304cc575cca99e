//! A waiting request's photos, uploaded one at a time before its bytes are frozen (their addresses
//! are part of them), each address written down as soon as it is known, so a retry never uploads a
//! photo twice. Outside the outbox's lock, under the photos' own: the resident watches the progress
//! of an upload, and nothing else waits for it. Loaded the first time a request with photos is
//! sent (Leptos's WASM splitting), not on the first visit.

use chrono::Utc;
use leptos::prelude::*;

use super::{lock, Outbox};
use crate::backend::{photo_worker, BackendError, PhotoDesk};
use crate::model::outbox::Step;
use crate::store;

lazy! {
    /// Uploads every photo that is due, one at a time. True if any upload's outcome was written down.
    pub fn upload_photos(outbox: Outbox) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool>>> {
        Box::pin(upload_now(outbox))
    }
}

async fn upload_now(outbox: Outbox) -> bool {
    lock::locked(lock::PHOTOS, async move {
        let mut moved = false;
        while let Some((key, local)) = next(outbox).await {
            let backend = outbox.backend.get_value();
            let blob = store::photos::get(&local).await.ok().flatten();
            let result = match (backend.photo_desk(), blob) {
                // The office takes none (its configuration changed), or the phone lost the photo:
                // the words go without it.
                (PhotoDesk::Closed, _) | (_, None) => Err(BackendError::Cancelled),
                (_, Some(blob)) => {
                    let job = photo_worker::new_job();
                    outbox.upload_job.set_value(Some((local.clone(), job)));
                    outbox.uploading.set(Some((local.clone(), 0.0)));
                    let (shown, id) = (outbox.uploading, local.clone());
                    let sent = backend.upload_photo(&local, &blob, job, move |share| {
                        shown.try_set(Some((id.clone(), share)));
                    });
                    let result = sent.await;
                    outbox.uploading.set(None);
                    outbox.upload_job.set_value(None);
                    result
                }
            };
            // The outcome, written down on the request as kept now (the resident may have taken
            // the photo off, or withdrawn the request, meanwhile).
            let done = lock::locked(lock::OUTBOX, async move {
                let Some(mut entry) = outbox.fresh(&key).await else { return false };
                match result {
                    Ok(url) => entry.photo_uploaded(&local, url),
                    Err(BackendError::Cancelled) => {
                        entry.photo_gone(&local);
                    }
                    Err(e) => {
                        entry.failed(e, Utc::now(), js_sys::Math::random());
                        let _ = outbox.keep(entry, false).await;
                        return false;
                    }
                }
                outbox.keep(entry, false).await.is_ok()
            })
            .await;
            outbox.refresh().await;
            moved |= done;
            if !done {
                break;
            }
        }
        moved
    })
    .await
}

/// The next photo due to be uploaded, and its request.
async fn next(outbox: Outbox) -> Option<(crate::model::IdempotencyKey, String)> {
    if store::halted() {
        return None;
    }
    let online = window().navigator().on_line();
    outbox.fresh_all().await.into_iter().find_map(|e| match e.next_step(Utc::now(), online, false) {
        Step::UploadPhoto(local) => Some((e.key().clone(), local)),
        _ => None,
    })
}
