//! The one boundary to the outside: the `Backend` trait every adapter implements, its typed
//! errors, and the choice of adapter from the runtime config. Nothing outside this module
//! knows a JSON shape of a backend, and no adapter imports another.

pub mod config;
pub mod demo;
pub mod http;
pub mod open311;
pub mod rest;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(test)]
mod hostile_answers;

use chrono::{DateTime, Utc};

use crate::model::{Category, NewRequest, Outgoing, Question, Rating, Request, RequestId, StorageError, Wire};

pub use config::{BackendConfig, Config, ConfigError};
#[cfg(target_arch = "wasm32")]
pub use config::fetch_config;

/// Something a backend may be unable to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    Rate,
    Reopen,
    /// Keep a request out of public listings (GeoReport has no such field).
    KeepPrivate,
}

/// Why a call to the backend failed, in terms a resident's message can be chosen from.
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
    async fn prepare(&self, new: &NewRequest, now: DateTime<Utc>) -> Result<Wire, BackendError>;
    /// Files a prepared request; the same idempotency key never files two.
    async fn submit(&self, outgoing: &Outgoing) -> Result<Request, BackendError>;
    /// The request an earlier send of `outgoing` filed, if the office has it.
    async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Request>, BackendError>;
    /// One request by tracking number.
    async fn request(&self, id: &RequestId) -> Result<Request, BackendError>;
    /// Several requests at once (those filed from this phone); unknown ids are left out.
    async fn requests(&self, ids: &[RequestId]) -> Result<Listed, BackendError>;
    /// The resident's call-back answer.
    async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError>;
    /// Sends a request back to be handled again (重办).
    async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError>;
}

/// The adapter chosen by `config.json`.
#[derive(Clone, Debug)]
pub enum AnyBackend {
    Demo(demo::DemoBackend),
    Rest(rest::RestBackend),
    Open311(open311::Open311Backend),
}

impl AnyBackend {
    /// The adapter `config` names; the demo office keeps its ledger on `shelf`.
    pub fn from_config(config: &Config, shelf: demo::Shelf) -> Self {
        match &config.backend {
            BackendConfig::Demo { step_seconds } => AnyBackend::Demo(demo::DemoBackend::new(*step_seconds, shelf)),
            BackendConfig::Rest { base_url, token, .. } => {
                AnyBackend::Rest(rest::RestBackend::new(base_url, token.clone(), config.backend.http()))
            }
            BackendConfig::Open311 { base_url, api_key, jurisdiction_id, .. } => AnyBackend::Open311(
                open311::Open311Backend::new(base_url, api_key, jurisdiction_id.clone(), config.backend.http()),
            ),
        }
    }

    /// Whether the backend can do `what` online (GeoReport v2 has no ratings, reopening or privacy).
    pub fn takes(&self, what: Capability) -> bool {
        !matches!(self, AnyBackend::Open311(_))
            || !matches!(what, Capability::Rate | Capability::Reopen | Capability::KeepPrivate)
    }

    /// Seconds between automatic refreshes of an open request.
    pub fn refresh_seconds(&self) -> u32 {
        match self {
            AnyBackend::Demo(d) => d.step_seconds().clamp(1, 30),
            AnyBackend::Rest(_) | AnyBackend::Open311(_) => 30,
        }
    }
}

/// The backend chosen for this app, for every view (provided by the shell).
#[cfg(target_arch = "wasm32")]
pub fn use_backend() -> AnyBackend {
    leptos::prelude::expect_context::<AnyBackend>()
}

/// Calls the chosen adapter.
#[cfg(target_arch = "wasm32")]
macro_rules! each {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            AnyBackend::Demo($b) => $call,
            AnyBackend::Rest($b) => $call,
            AnyBackend::Open311($b) => $call,
        }
    };
}

#[cfg(target_arch = "wasm32")]
impl Backend for AnyBackend {
    async fn categories(&self) -> Result<Vec<Category>, BackendError> {
        each!(self, b => b.categories().await)
    }
    async fn questions(&self, code: &str) -> Result<Vec<Question>, BackendError> {
        each!(self, b => b.questions(code).await)
    }
    async fn prepare(&self, new: &NewRequest, now: DateTime<Utc>) -> Result<Wire, BackendError> {
        each!(self, b => b.prepare(new, now).await)
    }
    async fn submit(&self, outgoing: &Outgoing) -> Result<Request, BackendError> {
        each!(self, b => b.submit(outgoing).await)
    }
    async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Request>, BackendError> {
        each!(self, b => b.find_filed(outgoing).await)
    }
    async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
        each!(self, b => b.request(id).await)
    }
    async fn requests(&self, ids: &[RequestId]) -> Result<Listed, BackendError> {
        each!(self, b => b.requests(ids).await)
    }
    async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
        each!(self, b => b.rate(id, rating).await)
    }
    async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
        each!(self, b => b.reopen(id, reason).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open311_cannot_rate_reopen_or_keep_private() {
        let http = config::Http::default();
        let open311 = AnyBackend::Open311(open311::Open311Backend::new("https://x.example", "k", None, http));
        let rest = AnyBackend::Rest(rest::RestBackend::new("https://x.example", None, http));
        for what in [Capability::Rate, Capability::Reopen, Capability::KeepPrivate] {
            assert!(!open311.takes(what), "{what:?}");
            assert!(rest.takes(what), "{what:?}");
        }
    }
}
