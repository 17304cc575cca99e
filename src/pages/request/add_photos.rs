//! More photos for a request still open (or sent back to be handled again), on its page: picked
//! and shrunk as on the form, uploaded one by one with their progress, then added to the request.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backend::{photo_worker, use_backend, Backend, BackendError, PhotoDesk};
use crate::components::{ErrorNotice, PhotoPicker, UploadProgress};
use crate::i18n::{tr, use_i18n, Key};
use crate::model::{Request, RequestId};
use crate::store;

#[component]
pub fn AddPhotos(id: RequestId, key: Option<String>, left: usize, #[prop(into)] on_done: Callback<Request>) -> impl IntoView {
    let i = use_i18n();
    let backend = use_backend();
    let photos = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(None::<(usize, f64)>);
    let failure = RwSignal::new(None::<BackendError>);
    let sent = RwSignal::new(false);
    let keep = Callback::new(move |list: Vec<String>| photos.set(list.into_iter().take(left).collect()));
    let nowhere = Signal::stored(None);
    let send = move |_| {
        let list = photos.get_untracked();
        if list.is_empty() || sending.get_untracked().is_some() {
            return;
        }
        let (backend, id, key) = (backend.clone(), id.clone(), key.clone());
        failure.set(None);
        sent.set(false);
        spawn_local(async move {
            let mut urls = Vec::new();
            let mut result = Ok(());
            for (n, local) in list.iter().enumerate() {
                sending.set(Some((n, 0.0)));
                let Ok(Some(blob)) = store::photos::get(local).await else { continue };
                let shown = move |share| {
                    sending.try_set(Some((n, share)));
                };
                match backend.upload_photo(local, &blob, photo_worker::new_job(), shown).await {
                    Ok(url) => urls.push(url),
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            let result = match result {
                Ok(()) => backend.add_photos(&id, key.as_deref(), &urls).await,
                Err(e) => Err(e),
            };
            sending.try_set(None);
            match result {
                Ok(request) => {
                    // The office has them now (the demo office keeps its own on the phone).
                    if matches!(backend.photo_desk(), PhotoDesk::Upload { .. }) {
                        for local in &list {
                            let _ = store::photos::delete(local).await;
                        }
                    }
                    photos.try_set(Vec::new());
                    sent.try_set(true);
                    on_done.run(request);
                }
                // The photos stay picked, to try again.
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="card add-photos" aria-labelledby="add-photos-title">
            <h2 id="add-photos-title">{tr(Key::AddPhotosTitle)}</h2>
            <p>{tr(Key::AddPhotosIntro)}</p>
            <PhotoPicker
                photos=photos
                on_change=keep
                point=nowhere
                on_place=move |_| {}
            />
            {move || {
                sending.get().map(|(n, share)| {
                    view! {
                        <p class="photo-upload" role="status">
                            <UploadProgress n=n + 1 total=photos.with(Vec::len) share />
                        </p>
                    }
                })
            }}
            {move || failure.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || sent.get().then(|| view! { <p class="notice info" role="status">{tr(Key::PhotosSent)}</p> })}
            <button
                type="button"
                class="primary"
                disabled=move || sending.get().is_some() || photos.with(Vec::is_empty)
                on:click=send
            >
                {move || if sending.get().is_some() { i.t(Key::SendingPhotos) } else { i.t(Key::SendPhotos) }}
            </button>
        </section>
    }
}
