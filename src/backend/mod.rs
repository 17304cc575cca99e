//! The one boundary to the outside: the `Backend` trait every adapter implements, its typed
//! errors, and the choice of adapter from the runtime config. Nothing outside this module
//! knows a JSON shape of a backend, and no adapter imports another.

pub mod config;
pub mod demo;
pub mod http;
pub mod open311;
pub mod rest;
#[cfg(target_arch = "wasm32")]
pub mod clock;
#[cfg(target_arch = "wasm32")]
pub mod photo_worker;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(test)]
mod hostile_answers;
mod error_text;

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use crate::model::outbox::{Dedup, Verdict};
use crate::model::{
    Category, Community, Delivered, HttpCall, IdempotencyKey, NewRequest, Outgoing, Proof, Question, Rating, Request, RequestId, StorageError,
    Wire,
};

pub use crate::model::outbox::{Filed, Retry};

pub use config::{BackendConfig, Config, ConfigError};
#[cfg(target_arch = "wasm32")]
pub use config::{fetch_config, fetch_words};
#[cfg(target_arch = "wasm32")]
pub use transport::sleep;

/// Something a backend may be unable to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Capability {
    Rate,
    Reopen,
    /// Keep a request out of public listings (GeoReport has no such field).
    KeepPrivate,
    /// Take photos (GeoReport only through an upload service of the deployment's own).
    Photos,
    /// Take more photos for a request already filed (GeoReport has no way to change a request).
    PhotosLater,
    /// Show a request whole only with a proof: the read key it gave this phone, or the last four
    /// digits of the contact's phone; changes need the key (the REST contract; GeoReport shows
    /// everyone the same, and the demo office is on this phone).
    PrivateView,
}

/// Why a call to the backend failed, in terms a resident's message can be chosen from. Kept with
/// a request waiting in the outbox, so it can be shown after a reload (as one short text:
/// `error_text`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    #[error("request not found")]
    NotFound,
    #[error("backend unreachable")]
    Unreachable,
    #[error("no answer within {0} s")]
    Timeout(u32),
    #[error("refused with HTTP {status}: {message:?}")]
    Rejected { status: u16, message: Option<String> },
    #[error("server error HTTP {0}")]
    Server(u16),
    /// Too many requests, or unavailable for now (429, 503), perhaps with a `Retry-After`.
    #[error("server busy (HTTP {status}), retry after {retry_after:?} s")]
    Busy { status: u16, retry_after: Option<u32> },
    /// Filed, but the office's number is still to come: this token will become it (Open311).
    #[error("filed; waiting for the number behind token {0}")]
    Pending(String),
    #[error("answer is not JSON")]
    NotJson,
    #[error("answer has an unexpected shape: {0}")]
    Shape(String),
    #[error("backend cannot {0:?}")]
    Unsupported(Capability),
    /// The request is not in a state that allows this (e.g. rating before it is resolved).
    #[error("not allowed in the request's current state")]
    NotNow,
    #[error("storage on this phone failed: {0}")]
    Storage(StorageError),
    /// The connection broke while the answer was arriving.
    #[error("connection broken mid-answer")]
    Interrupted,
    /// The answer claimed to be JSON but is broken or cut short.
    #[error("answer is malformed JSON")]
    MalformedJson,
    /// The answer was longer than the app reads (`max_answer_bytes`).
    #[error("answer longer than {0} bytes")]
    TooLarge(u32),
    /// The resident stopped it (an upload).
    #[error("cancelled")]
    Cancelled,
}

impl Verdict for BackendError {
    /// What a failed send means for the outbox: the network, a time-out, a broken or strange
    /// answer and a server in trouble are worth another try (the request may even have arrived:
    /// the next try looks for it first); a refusal is not.
    fn retry(&self) -> Retry {
        match self {
            BackendError::Busy { retry_after: Some(s), .. } => Retry::After(*s),
            BackendError::Rejected { status: 408 | 409 | 425, .. } => Retry::Soon,
            BackendError::Rejected { .. }
            | BackendError::NotFound
            | BackendError::Unsupported(_)
            | BackendError::NotNow => Retry::Never,
            _ => Retry::Soon,
        }
    }

    fn token(&self) -> Option<&str> {
        match self {
            BackendError::Pending(token) => Some(token),
            _ => None,
        }
    }
}

impl BackendError {
    /// Whether the office answered at all (a transport failure, or an answer too broken or too
    /// long to read, leaves a try's outcome open).
    pub fn answered(&self) -> bool {
        !matches!(
            self,
            BackendError::Unreachable
                | BackendError::Timeout(_)
                | BackendError::Interrupted
                | BackendError::MalformedJson
                | BackendError::TooLarge(_)
        )
    }
}

/// The HTTP statuses after which a send is still waiting, by the same rule the page applies
/// (`http::json`, then `Verdict::retry`): written into the service worker's plans.
pub fn retry_on() -> Vec<(u16, u16)> {
    crate::model::outbox::retry_statuses(|status| {
        let reply = http::Reply { status, ..http::Reply::default() };
        http::json(&reply).err().map_or(Retry::Never, |e| e.retry())
    })
}

impl From<crate::model::NotNow> for BackendError {
    fn from(_: crate::model::NotNow) -> Self {
        BackendError::NotNow
    }
}

impl From<StorageError> for BackendError {
    fn from(e: StorageError) -> Self {
        BackendError::Storage(e)
    }
}

/// Where a request's photos go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoDesk {
    /// This office takes no photos.
    Closed,
    /// They stay in this browser (the demo office lives in the page).
    OnPhone,
    /// Uploaded one at a time before the request is filed: the photo as the multipart field
    /// `field` of `call` (a POST); the answer names the photo's address (`http::decode_uploaded`).
    /// `keyed`: the server honours `Idempotency-Key` (the photo's id on the phone), so an upload
    /// retried after a lost answer is kept once.
    Upload { call: HttpCall, field: &'static str, http: config::Http, keyed: bool },
}

/// A list of requests as read, with how many records in it could not be read (they are left out,
/// not allowed to spoil the rest).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listed {
    pub requests: Vec<Request>,
    pub unreadable: usize,
}

/// What the app needs from a street office's system. Every adapter implements it.
#[allow(async_fn_in_trait)]
pub trait Backend {
    /// The kinds of request the office takes.
    async fn categories(&self) -> Result<Vec<Category>, BackendError>;
    /// The extra questions of a category that has them.
    async fn questions(&self, _category_code: &str) -> Result<Vec<Question>, BackendError> {
        Ok(Vec::new())
    }
    /// Freezes the first send of `new` at `now`: the exact bytes every retry will send.
    /// `category` is the category as the form listed it, when known (then no network is needed).
    async fn prepare(&self, new: &NewRequest, category: Option<&Category>, now: DateTime<Utc>) -> Result<Wire, BackendError>;
    /// Files a prepared request; the same idempotency key never files two.
    async fn submit(&self, outgoing: &Outgoing) -> Result<Filed, BackendError>;
    /// Reads what the service worker brought back from the request's `Delivery`.
    async fn accept(&self, outgoing: &Outgoing, delivered: &Delivered) -> Result<Filed, BackendError>;
    /// The request an earlier send of `outgoing` filed, if the office has it (and any other copy).
    async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError>;
    /// One request by tracking number: whole with a `proof` the office accepts, else as it shows
    /// anyone (an office without public views shows it whole to anyone; see `Request::public`).
    async fn request(&self, id: &RequestId, proof: Option<&Proof>) -> Result<Request, BackendError>;
    /// Several requests at once (those this phone follows, each with the read key it holds);
    /// unknown ids are left out.
    async fn requests(&self, mine: &[(RequestId, Option<String>)]) -> Result<Listed, BackendError>;
    /// The resident's call-back answer (`key`: the request's read key, where the phone has one;
    /// `once`: the same for a retry of the same answer, so it counts once).
    async fn rate(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, rating: &Rating) -> Result<Request, BackendError>;
    /// Sends a request back to be handled again (重办).
    async fn reopen(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, reason: &str) -> Result<Request, BackendError>;
    /// Adds the resident's photos (uploaded already: their addresses) to a request still open.
    async fn add_photos(&self, _id: &RequestId, _key: Option<&str>, _urls: &[String]) -> Result<Request, BackendError> {
        Err(BackendError::Unsupported(Capability::PhotosLater))
    }
    /// The communities (and their buildings) the office lists, for the place pickers; none if
    /// it lists none (the resident types the place).
    async fn places(&self) -> Result<Vec<Community>, BackendError> {
        Ok(Vec::new())
    }
    /// How the service worker can ask where `mine` stand with no page open; none where it cannot
    /// (the demo office lives in the page).
    fn watch_call(&self, _mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall> {
        None
    }
}

/// The adapter chosen by `config.json`, as the app knows it before its module is loaded: what it
/// can do, where its photos go, how it tells copies apart. Its code — the decoding of its answers,
/// its calls — is a module of its own (`office`), so a deployment loads one adapter, not three.
#[derive(Clone, Debug)]
pub enum Adapter {
    Demo(demo::DemoBackend),
    Rest(rest::RestBackend),
    Open311(open311::Open311Backend),
}

impl Adapter {
    /// The adapter `config` names; the demo office keeps its ledger on `shelf`.
    pub fn from_config(config: &Config, shelf: demo::Shelf) -> Self {
        match &config.backend {
            BackendConfig::Demo { step_seconds } => Adapter::Demo(demo::DemoBackend::new(*step_seconds, shelf)),
            BackendConfig::Rest { base_url, token, push_public_key, .. } => Adapter::Rest(
                rest::RestBackend::new(base_url, token.clone(), config.backend.http()).with_push_key(push_public_key.clone()),
            ),
            BackendConfig::Open311 { base_url, api_key, jurisdiction_id, media_upload_url, .. } => Adapter::Open311(
                open311::Open311Backend::new(base_url, api_key, jurisdiction_id.clone(), config.backend.http())
                    .with_media_upload(media_upload_url.clone()),
            ),
        }
    }

    /// The office's VAPID public key, where it sends Web Push messages (REST only).
    pub fn push_key(&self) -> Option<&str> {
        match self {
            Adapter::Rest(r) => r.push_key(),
            _ => None,
        }
    }

    /// Whether the backend can do `what` online (GeoReport v2 has no ratings, reopening or privacy).
    pub fn takes(&self, what: Capability) -> bool {
        match what {
            Capability::Photos => self.photo_desk() != PhotoDesk::Closed,
            Capability::PhotosLater => !matches!(self, Adapter::Open311(_)) && self.photo_desk() != PhotoDesk::Closed,
            Capability::Rate | Capability::Reopen | Capability::KeepPrivate => !matches!(self, Adapter::Open311(_)),
            Capability::PrivateView => matches!(self, Adapter::Rest(_)),
        }
    }

    /// Where photos go.
    pub fn photo_desk(&self) -> PhotoDesk {
        match self {
            Adapter::Demo(_) => PhotoDesk::OnPhone,
            Adapter::Rest(b) => b.photo_desk(),
            Adapter::Open311(b) => b.photo_desk(),
        }
    }

    /// Whether filing needs the network (the demo office lives in the page).
    pub fn needs_network(&self) -> bool {
        !matches!(self, Adapter::Demo(_))
    }

    /// How the office tells a repeated send from a new one.
    pub fn dedup(&self) -> Dedup {
        match self {
            Adapter::Demo(_) => Dedup::Local,
            Adapter::Rest(_) => Dedup::Keyed,
            Adapter::Open311(_) => Dedup::Search,
        }
    }

    /// Seconds between automatic refreshes of an open request.
    pub fn refresh_seconds(&self) -> u32 {
        match self {
            Adapter::Demo(d) => d.step_seconds().clamp(1, 30),
            Adapter::Rest(_) | Adapter::Open311(_) => 30,
        }
    }
}

/// A module that did not arrive (a weak network, a deploy): what was asked of it cannot be done
/// now, and the app says so instead of stopping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

#[cfg(target_arch = "wasm32")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// An adapter's answer to come.
#[cfg(target_arch = "wasm32")]
pub type Answer<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, BackendError>> + 'a>>;

/// What an adapter does, as one object behind its module (its futures boxed): `Backend`, callable
/// through a pointer.
#[cfg(target_arch = "wasm32")]
pub trait Office {
    fn categories(&self) -> Answer<'_, Vec<Category>>;
    fn questions<'a>(&'a self, code: &'a str) -> Answer<'a, Vec<Question>>;
    fn prepare<'a>(&'a self, new: &'a NewRequest, category: Option<&'a Category>, now: DateTime<Utc>) -> Answer<'a, Wire>;
    fn submit<'a>(&'a self, outgoing: &'a Outgoing) -> Answer<'a, Filed>;
    fn accept<'a>(&'a self, outgoing: &'a Outgoing, delivered: &'a Delivered) -> Answer<'a, Filed>;
    fn find_filed<'a>(&'a self, outgoing: &'a Outgoing) -> Answer<'a, Option<Filed>>;
    fn request<'a>(&'a self, id: &'a RequestId, proof: Option<&'a Proof>) -> Answer<'a, Request>;
    fn requests<'a>(&'a self, mine: &'a [(RequestId, Option<String>)]) -> Answer<'a, Listed>;
    fn rate<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, once: &'a IdempotencyKey, rating: &'a Rating) -> Answer<'a, Request>;
    fn reopen<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, once: &'a IdempotencyKey, reason: &'a str) -> Answer<'a, Request>;
    fn add_photos<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, urls: &'a [String]) -> Answer<'a, Request>;
    fn places(&self) -> Answer<'_, Vec<Community>>;
    fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall>;
}

#[cfg(target_arch = "wasm32")]
impl<T: Backend> Office for T {
    fn categories(&self) -> Answer<'_, Vec<Category>> {
        Box::pin(Backend::categories(self))
    }
    fn questions<'a>(&'a self, code: &'a str) -> Answer<'a, Vec<Question>> {
        Box::pin(Backend::questions(self, code))
    }
    fn prepare<'a>(&'a self, new: &'a NewRequest, category: Option<&'a Category>, now: DateTime<Utc>) -> Answer<'a, Wire> {
        Box::pin(Backend::prepare(self, new, category, now))
    }
    fn submit<'a>(&'a self, outgoing: &'a Outgoing) -> Answer<'a, Filed> {
        Box::pin(Backend::submit(self, outgoing))
    }
    fn accept<'a>(&'a self, outgoing: &'a Outgoing, delivered: &'a Delivered) -> Answer<'a, Filed> {
        Box::pin(Backend::accept(self, outgoing, delivered))
    }
    fn find_filed<'a>(&'a self, outgoing: &'a Outgoing) -> Answer<'a, Option<Filed>> {
        Box::pin(Backend::find_filed(self, outgoing))
    }
    fn request<'a>(&'a self, id: &'a RequestId, proof: Option<&'a Proof>) -> Answer<'a, Request> {
        Box::pin(Backend::request(self, id, proof))
    }
    fn requests<'a>(&'a self, mine: &'a [(RequestId, Option<String>)]) -> Answer<'a, Listed> {
        Box::pin(Backend::requests(self, mine))
    }
    fn rate<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, once: &'a IdempotencyKey, rating: &'a Rating) -> Answer<'a, Request> {
        Box::pin(Backend::rate(self, id, key, once, rating))
    }
    fn reopen<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, once: &'a IdempotencyKey, reason: &'a str) -> Answer<'a, Request> {
        Box::pin(Backend::reopen(self, id, key, once, reason))
    }
    fn add_photos<'a>(&'a self, id: &'a RequestId, key: Option<&'a str>, urls: &'a [String]) -> Answer<'a, Request> {
        Box::pin(Backend::add_photos(self, id, key, urls))
    }
    fn places(&self) -> Answer<'_, Vec<Community>> {
        Box::pin(Backend::places(self))
    }
    fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall> {
        Backend::watch_call(self, mine)
    }
}

/// The adapter chosen, its module loaded.
#[cfg(target_arch = "wasm32")]
#[derive(Clone)]
pub struct AnyBackend {
    pub adapter: Adapter,
    office: std::sync::Arc<dyn Office + Send + Sync>,
}

#[cfg(target_arch = "wasm32")]
impl std::ops::Deref for AnyBackend {
    type Target = Adapter;
    fn deref(&self) -> &Adapter {
        &self.adapter
    }
}

#[cfg(target_arch = "wasm32")]
impl Adapter {
    /// Loads the adapter's module (once; later calls are answered at once).
    pub async fn load(self) -> Result<AnyBackend, NotLoaded> {
        let office = match &self {
            Adapter::Demo(d) => when_loaded!(demo::demo_office(d.clone())).await?,
            Adapter::Rest(b) => when_loaded!(rest::rest_office(b.clone())).await?,
            Adapter::Open311(b) => when_loaded!(open311::open311_office(b.clone())).await?,
        };
        Ok(AnyBackend { adapter: self, office })
    }
}

/// Web Push, where the office sends messages (the REST contract's `/push-subscriptions`). Not part
/// of `Office`: called only where notifications are turned on, so its code loads with that part
/// and never with the first page.
#[cfg(target_arch = "wasm32")]
impl Adapter {
    /// Asks the office to send `sub` a message when one of `mine` changes (again with the same
    /// subscription: these requests replace the last); the office's number for it, or `None`
    /// where the office sends no messages.
    pub async fn subscribe(&self, sub: &crate::model::follow::Subscription, mine: &[(RequestId, Option<String>)]) -> Result<Option<String>, BackendError> {
        match self {
            Adapter::Rest(rest) if rest.push_key().is_some() => rest.subscribe(sub, mine).await.map(Some),
            _ => Ok(None),
        }
    }

    /// No more messages for the subscription the office numbered `id`.
    pub async fn unsubscribe(&self, id: &str) -> Result<(), BackendError> {
        match self {
            Adapter::Rest(rest) => rest.unsubscribe(id).await,
            _ => Ok(()),
        }
    }
}

/// The backend chosen for this app, for every view (provided by the shell).
#[cfg(target_arch = "wasm32")]
pub fn use_backend() -> AnyBackend {
    leptos::prelude::expect_context::<AnyBackend>()
}

#[cfg(target_arch = "wasm32")]
impl AnyBackend {
    /// Sends the photo kept on this phone as `local` where this office takes photos, telling
    /// `progress` the share sent; its address at the office. `job` is what `photo_worker::cancel` stops.
    pub async fn upload_photo(&self, local: &str, blob: &web_sys::Blob, job: u32, progress: impl Fn(f64) + 'static) -> Result<String, BackendError> {
        match self.photo_desk() {
            PhotoDesk::OnPhone => Ok(format!("{}{local}", crate::model::photo::ON_PHONE)),
            PhotoDesk::Closed => Err(BackendError::Unsupported(Capability::Photos)),
            PhotoDesk::Upload { mut call, field, http, keyed } => {
                if keyed {
                    call.headers.push(("Idempotency-Key".into(), format!("\"{local}\"")));
                }
                http::decode_uploaded(&photo_worker::upload(job, blob, &call, field, http, progress).await?)
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Backend for AnyBackend {
    async fn categories(&self) -> Result<Vec<Category>, BackendError> {
        self.office.categories().await
    }
    async fn questions(&self, code: &str) -> Result<Vec<Question>, BackendError> {
        self.office.questions(code).await
    }
    async fn prepare(&self, new: &NewRequest, category: Option<&Category>, now: DateTime<Utc>) -> Result<Wire, BackendError> {
        self.office.prepare(new, category, now).await
    }
    async fn submit(&self, outgoing: &Outgoing) -> Result<Filed, BackendError> {
        self.office.submit(outgoing).await
    }
    async fn accept(&self, outgoing: &Outgoing, delivered: &Delivered) -> Result<Filed, BackendError> {
        self.office.accept(outgoing, delivered).await
    }
    async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError> {
        self.office.find_filed(outgoing).await
    }
    async fn request(&self, id: &RequestId, proof: Option<&Proof>) -> Result<Request, BackendError> {
        self.office.request(id, proof).await
    }
    async fn requests(&self, mine: &[(RequestId, Option<String>)]) -> Result<Listed, BackendError> {
        self.office.requests(mine).await
    }
    async fn rate(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, rating: &Rating) -> Result<Request, BackendError> {
        self.office.rate(id, key, once, rating).await
    }
    async fn reopen(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, reason: &str) -> Result<Request, BackendError> {
        self.office.reopen(id, key, once, reason).await
    }
    async fn places(&self) -> Result<Vec<Community>, BackendError> {
        self.office.places().await
    }
    async fn add_photos(&self, id: &RequestId, key: Option<&str>, urls: &[String]) -> Result<Request, BackendError> {
        self.office.add_photos(id, key, urls).await
    }
    fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall> {
        self.office.watch_call(mine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_worth_another_try_are_told_from_refusals() {
        for soon in [
            BackendError::Unreachable,
            BackendError::Timeout(15),
            BackendError::Interrupted,
            BackendError::Server(500),
            BackendError::Busy { status: 503, retry_after: None },
            BackendError::NotJson,
            BackendError::MalformedJson,
            BackendError::Shape("x".into()),
            BackendError::TooLarge(1),
            BackendError::Rejected { status: 409, message: None },
            BackendError::Pending("t".into()),
            BackendError::Storage(StorageError::Full),
        ] {
            assert_eq!(soon.retry(), Retry::Soon, "{soon:?}");
        }
        assert_eq!(BackendError::Busy { status: 429, retry_after: Some(7) }.retry(), Retry::After(7));
        for never in [
            BackendError::Rejected { status: 422, message: Some("描述太短".into()) },
            BackendError::Rejected { status: 400, message: None },
            BackendError::NotFound,
            BackendError::Unsupported(Capability::Rate),
        ] {
            assert_eq!(never.retry(), Retry::Never, "{never:?}");
        }
        // Kept with the request, it reads back the same.
        let e = BackendError::Busy { status: 503, retry_after: Some(2) };
        assert_eq!(serde_json::from_str::<BackendError>(&serde_json::to_string(&e).unwrap()).unwrap(), e);
    }

    #[test]
    fn the_service_worker_waits_after_the_same_answers_as_the_page() {
        // 408, 409, 425 and 429 are worth another try; other refusals are not; every 5xx is.
        assert_eq!(retry_on(), vec![(100, 199), (300, 399), (408, 409), (425, 425), (429, 429), (500, 599)]);
    }

    #[test]
    fn open311_cannot_rate_reopen_or_keep_private() {
        let http = config::Http::default();
        let open311 = Adapter::Open311(open311::Open311Backend::new("https://x.example", "k", None, http));
        let rest = Adapter::Rest(rest::RestBackend::new("https://x.example", None, http));
        for what in [Capability::Rate, Capability::Reopen, Capability::KeepPrivate] {
            assert!(!open311.takes(what), "{what:?}");
            assert!(rest.takes(what), "{what:?}");
        }
    }
}
