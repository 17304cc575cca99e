//! Photos on the page: the picker of the new-request form (camera or gallery, shrunk on the phone,
//! thumbnails to reorder and remove, a clear word for every file that is not taken), and a
//! request's photos as the office reports them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::backend::photo_worker;
use crate::i18n::{tr, use_i18n, Key, Msg};
use crate::model::photo::{self, PhotoProblem, ON_PHONE};
use crate::model::{GeoPoint, Photo};
use crate::store;

/// One photo: from the office's address, or from this phone (`phone:<id>`, read out of IndexedDB).
/// `on_size` hears its width, height and bytes once known (bytes only for a photo on the phone).
#[component]
pub fn PhotoImage(
    #[prop(into)] url: String,
    alt: String,
    #[prop(optional)] on_size: Option<Callback<(u32, u32, u32)>>,
) -> impl IntoView {
    let src = RwSignal::new(None::<String>);
    let bytes = StoredValue::new(0u32);
    match url.strip_prefix(ON_PHONE) {
        Some(id) => {
            let id = id.to_string();
            spawn_local(async move {
                if let Ok(Some(blob)) = store::photos::get(&id).await {
                    bytes.set_value(blob.size() as u32);
                    if let Ok(object_url) = web_sys::Url::create_object_url_with_blob(&blob) {
                        if src.try_set(Some(object_url.clone())).is_some() {
                            // The view went before the photo was read.
                            let _ = web_sys::Url::revoke_object_url(&object_url);
                        }
                    }
                }
            });
            on_cleanup(move || {
                if let Some(u) = src.try_get_untracked().flatten() {
                    let _ = web_sys::Url::revoke_object_url(&u);
                }
            });
        }
        None => src.set(Some(url)),
    }
    let loaded = move |ev: leptos::ev::Event| {
        let Some(on_size) = on_size else { return };
        let Some(img) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let size = |k: &str| js_sys::Reflect::get(&img, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        on_size.run((size("naturalWidth"), size("naturalHeight"), bytes.get_value()));
    };
    view! { <img src=move || src.get() alt=alt decoding="async" on:load=loaded /> }
}

/// A request's photos as the office reports them: the resident's, then the office's "after".
#[component]
pub fn PhotoGallery(photos: Vec<Photo>) -> impl IntoView {
    let i = use_i18n();
    let (office, resident): (Vec<Photo>, Vec<Photo>) = photos.into_iter().partition(|p| p.by_office);
    // Rebuilt when the language changes (the words are read inside).
    let group = move |title: Key, list: Vec<Photo>, by_office: bool| {
        (!list.is_empty()).then(|| {
            move || {
                let photos = list.iter().enumerate().map(|(n, p)| {
                    let n = (n + 1).to_string();
                    let alt = if by_office { i.say(Msg::OfficePhotoAlt { n: &n }) } else { i.say(Msg::PhotoAlt { n: &n }) };
                    view! { <li><PhotoImage url=p.url.clone() alt /></li> }
                });
                view! {
                    <section class="photos-shown">
                        <h3>{i.t(title)}</h3>
                        <ul class="photo-list">{photos.collect_view()}</ul>
                    </section>
                }
            }
        })
    };
    view! {
        {group(Key::PhotosByResident, resident, false)}
        {group(Key::PhotosByOffice, office, true)}
    }
}

/// "Uploading photo n of total — 45%" with its progress bar, for the photo `n` (counted from 1)
/// whose `share` (0 to 1) has been sent.
#[component]
pub fn UploadProgress(n: usize, total: usize, share: f64) -> impl IntoView {
    let i = use_i18n();
    // Whole percents, written as integers (no float formatting in the wasm).
    let percent = ((share.clamp(0.0, 1.0) * 100.0).round() as u32).to_string();
    let label = i.say(Msg::PhotoUploading { n: &n.to_string(), total: &total.to_string() });
    view! {
        <span>{label.clone()} " " {percent.clone()} "%"</span>
        <progress max="100" value=percent aria-label=label></progress>
    }
}

/// The words for a file that was not taken.
fn problem_words(i: crate::i18n::I18n, problem: PhotoProblem) -> String {
    let key = match problem {
        PhotoProblem::NotImage => Key::PhotoNotImage,
        PhotoProblem::Unreadable => Key::PhotoUnreadable,
        PhotoProblem::Heic => Key::PhotoHeic,
        PhotoProblem::TooManyPixels => Key::PhotoTooManyPixels,
        PhotoProblem::StillTooLarge => Key::PhotoStillTooLarge,
        PhotoProblem::TooSlow => Key::PhotoTooSlow,
        PhotoProblem::Failed => Key::PhotoFailed,
        PhotoProblem::NotKept => Key::PhotoNotKept,
        PhotoProblem::FileTooLarge => {
            return i.say(Msg::PhotoFileTooLarge { mb: &(photo::MAX_FILE_BYTES / 1_000_000).to_string() })
        }
        PhotoProblem::TooMany => return i.say(Msg::PhotoTooMany { max: &photo::MAX_PHOTOS.to_string() }),
    };
    i.t(key).to_string()
}

/// What picking photos did: the photos kept (in order), the problems with the others, and where
/// the last photo that knew it was taken.
struct Taken {
    kept: Vec<String>,
    problems: Vec<(String, PhotoProblem)>,
    place: Option<GeoPoint>,
}

lazy! {
    /// Shrinks each of `files` and keeps it on the phone, after `already` photos; loaded the first
    /// time a resident picks a photo (Leptos's WASM splitting), not on the first visit.
    fn take_photos(files: Vec<web_sys::File>, already: usize) -> std::pin::Pin<Box<dyn std::future::Future<Output = Taken>>> {
        Box::pin(take_now(files, already))
    }
}

async fn take_now(files: Vec<web_sys::File>, already: usize) -> Taken {
    let mut taken = Taken { kept: Vec::new(), problems: Vec::new(), place: None };
    for file in files {
        let name: String = file.name().chars().take(60).collect();
        if already + taken.kept.len() >= photo::MAX_PHOTOS {
            taken.problems.push((name, PhotoProblem::TooMany));
            continue;
        }
        let shrunk = match photo_worker::shrink(&file).await {
            Ok(s) => s,
            Err(problem) => {
                taken.problems.push((name, problem));
                continue;
            }
        };
        let id = store::photos::new_id();
        if store::photos::put(&id, &shrunk.blob).await.is_err() {
            taken.problems.push((name, PhotoProblem::NotKept));
            continue;
        }
        taken.kept.push(id);
        taken.place = shrunk.gps.or(taken.place);
    }
    taken
}

lazy! {
    /// The thumbnails of a draft's photos, to reorder and remove; loaded when the draft first has a photo.
    fn thumbnails(photos: Signal<Vec<String>>, on_change: Callback<Vec<String>>) -> AnyView {
        let i = use_i18n();
        let remove = move |n: usize| {
            let mut list = photos.get_untracked();
            if n < list.len() {
                let id = list.remove(n);
                on_change.run(list);
                spawn_local(async move {
                    let _ = store::photos::delete(&id).await;
                });
            }
        };
        let shift = move |n: usize, earlier: bool| {
            let mut list = photos.get_untracked();
            photo::move_photo(&mut list, n, earlier);
            on_change.run(list);
        };
        // Rebuilt when the photos or the language change (the words are read inside).
        let list = move || {
            let list = photos.get();
            let last = list.len().saturating_sub(1);
            list.into_iter()
                .enumerate()
                .map(|(n, id)| {
                    let size = RwSignal::new(None::<(u32, u32, u32)>);
                    let k = (n + 1).to_string();
                    view! {
                        <li class="photo-thumb">
                            <PhotoImage
                                url=format!("{ON_PHONE}{id}")
                                alt=i.say(Msg::PhotoAlt { n: &k })
                                on_size=Callback::new(move |s| size.set(Some(s)))
                            />
                            <p class="photo-size">
                                {move || size.get().map(|(w, h, b)| {
                                    i.say(Msg::PhotoSize { w: &w.to_string(), h: &h.to_string(), kb: &b.div_ceil(1000).to_string() })
                                })}
                            </p>
                            <p class="photo-actions">
                                <button type="button" class="icon" disabled=n == 0 aria-label=i.say(Msg::MovePhotoEarlier { n: &k }) on:click=move |_| shift(n, true)>"←"</button>
                                <button type="button" class="icon" disabled=n == last aria-label=i.say(Msg::MovePhotoLater { n: &k }) on:click=move |_| shift(n, false)>"→"</button>
                                <button type="button" class="icon" aria-label=i.say(Msg::RemovePhoto { n: &k }) on:click=move |_| remove(n)>"✕"</button>
                            </p>
                        </li>
                    }
                })
                .collect_view()
        };
        view! { <ul class="photo-list">{list}</ul> }.into_any()
    }
}

/// The photos of a draft: their ids on the phone, in order. New ones are shrunk and kept on the
/// phone before `on_change` hears of them; a removed one leaves the phone. A photo that knows
/// where it was taken offers that place (`on_place`) while the draft has none (`point`). Only the
/// picker's outline is in the first load (drawn as it will look, disabled): its workings are a
/// module loaded as the app starts, the thumbnails and the shrinking come with the first photo.
#[component]
pub fn PhotoPicker(
    #[prop(into)] photos: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
    #[prop(into)] point: Signal<Option<GeoPoint>>,
    #[prop(into)] on_place: Callback<GeoPoint>,
) -> impl IntoView {
    fn waiting() -> AnyView {
        view! {
            <div class="field photos">
                <h3 class="label">{tr(Key::PhotosTitle)}</h3>
                <p class="hint">{tr(Key::Loading)}</p>
                <div class="photo-pick">
                    <span class="button secondary disabled">{tr(Key::TakePhoto)}</span>
                    <span class="button secondary disabled">{tr(Key::ChoosePhotos)}</span>
                </div>
            </div>
        }
        .into_any()
    }
    super::later(waiting, true, std::rc::Rc::new(move || Box::pin(when_loaded!(photo_picker(photos, on_change, point, on_place)))))
}

lazy! {
    fn photo_picker(
        photos: Signal<Vec<String>>,
        on_change: Callback<Vec<String>>,
        point: Signal<Option<GeoPoint>>,
        on_place: Callback<GeoPoint>,
    ) -> AnyView {
        view! { <LivePhotoPicker photos on_change point on_place /> }.into_any()
    }
}

#[component]
fn LivePhotoPicker(
    photos: Signal<Vec<String>>,
    on_change: Callback<Vec<String>>,
    point: Signal<Option<GeoPoint>>,
    on_place: Callback<GeoPoint>,
) -> impl IntoView {
    let i = use_i18n();
    let busy = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<(String, PhotoProblem)>::new());
    let offered = RwSignal::new(None::<GeoPoint>);
    let full = move || photos.with(|p| p.len() >= photo::MAX_PHOTOS);
    let any = Memo::new(move |_| photos.with(|p| !p.is_empty()));

    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files: Vec<web_sys::File> =
            input.files().map(|list| (0..list.length()).filter_map(|n| list.get(n)).collect()).unwrap_or_default();
        // The same file may be picked again.
        input.set_value("");
        problems.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            let names: Vec<String> = files.iter().map(|f| f.name().chars().take(60).collect()).collect();
            let taken = match when_loaded!(take_photos(files, photos.get_untracked().len())).await {
                Ok(taking) => taking.await,
                // The photo code did not arrive (a weak network): each photo is said not added.
                Err(_) => Taken { kept: Vec::new(), problems: names.into_iter().map(|n| (n, PhotoProblem::Failed)).collect(), place: None },
            };
            if !taken.kept.is_empty() {
                let mut list = photos.get_untracked();
                list.extend(taken.kept);
                on_change.run(list);
            }
            if taken.place.is_some() && point.get_untracked().is_none() {
                offered.set(taken.place);
            }
            problems.set(taken.problems);
            busy.set(false);
        });
    };

    view! {
        <div class="field photos" id="f-photos">
            <h3 class="label">{tr(Key::PhotosTitle)}</h3>
            <p class="hint">{move || i.say(Msg::PhotosHint { max: &photo::MAX_PHOTOS.to_string() })}</p>
            {move || any.get().then(|| super::later(|| ().into_any(), true, std::rc::Rc::new(move || Box::pin(when_loaded!(thumbnails(photos, on_change))))))}
            <div class="photo-pick">
                <input type="file" id="f-photo-camera" class="file-input" accept="image/*" capture="environment" disabled=full on:change=pick />
                <label for="f-photo-camera" class="button secondary" class:disabled=full>{tr(Key::TakePhoto)}</label>
                <input type="file" id="f-photo-gallery" class="file-input" accept="image/*" multiple=true disabled=full on:change=pick />
                <label for="f-photo-gallery" class="button secondary" class:disabled=full>{tr(Key::ChoosePhotos)}</label>
            </div>
            {move || busy.get().then(|| view! { <p class="loading" role="status">{tr(Key::PhotoPreparing)}</p> })}
            {move || full().then(|| view! { <p class="hint">{move || i.say(Msg::PhotoTooMany { max: &photo::MAX_PHOTOS.to_string() })}</p> })}
            <ul class="field-error photo-problems" role="alert">
                {move || {
                    problems
                        .get()
                        .into_iter()
                        .map(|(name, p)| view! { <li>{move || i.say(Msg::PhotoProblem { name: &name, why: &problem_words(i, p) })}</li> })
                        .collect_view()
                }}
            </ul>
            {move || {
                offered.get().filter(|_| point.get().is_none()).map(|p| {
                    view! {
                        <p class="notice info">
                            {tr(Key::PhotoHasPlace)} " "
                            <button type="button" class="secondary" on:click=move |_| {
                                on_place.run(p);
                                offered.set(None);
                            }>{tr(Key::UsePhotoPlace)}</button>
                        </p>
                    }
                })
            }}
        </div>
    }
}
