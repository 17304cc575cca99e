//! The one boundary to the outside: the `Backend` trait every adapter implements, its typed
//! errors, and the choice of adapter from the runtime config. Nothing outside this module
//! knows a JSON shape of a backend.

pub mod config;
pub mod demo;
pub mod http;
pub mod open311;
pub mod rest;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(test)]
mod hostile_answers;

use crate::model::{Category, NewRequest, Question, Rating, Request, RequestId};

pub use config::{BackendConfig, Config, ConfigError};
#[cfg(target_arch = "wasm32")]
pub use config::fetch_config;

/// Something a backend may be unable to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    Rate,
    Reopen,
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
    Storage(String),
    /// The connection broke while the answer was arriving.
    #[error("connection broken mid-answer")]
    Interrupted,
    /// The answer claimed to be JSON but is broken or cut short.
    #[error("answer is malformed JSON")]
    MalformedJson,
}

impl From<crate::model::NotNow> for BackendError {
    fn from(_: crate::model::NotNow) -> Self {
        BackendError::NotNow
    }
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
    /// Files a new request; the same idempotency key never files two.
    async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError>;
    /// One request by tracking number.
    async fn request(&self, id: &RequestId) -> Result<Request, BackendError>;
    /// Several requests at once (those filed from this phone); unknown ids are left out.
    async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError>;
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
    pub fn from_config(config: &Config) -> Self {
        match &config.backend {
            BackendConfig::Demo { step_seconds } => AnyBackend::Demo(demo::DemoBackend::new(*step_seconds)),
            BackendConfig::Rest { base_url, token, timeout_seconds } => {
                AnyBackend::Rest(rest::RestBackend::new(base_url, token.clone(), *timeout_seconds))
            }
            BackendConfig::Open311 { base_url, api_key, jurisdiction_id, timeout_seconds } => AnyBackend::Open311(
                open311::Open311Backend::new(base_url, api_key, jurisdiction_id.clone(), *timeout_seconds),
            ),
        }
    }

    /// Whether the backend can take `what` online (GeoReport v2 has no ratings or reopening).
    pub fn takes(&self, what: Capability) -> bool {
        match (self, what) {
            (AnyBackend::Open311(_), Capability::Rate | Capability::Reopen) => false,
            _ => true,
        }
    }

    /// Seconds between automatic refreshes of an open request.
    pub fn refresh_seconds(&self) -> u32 {
        match self {
            AnyBackend::Demo(d) => d.step_seconds().clamp(1, 30),
            AnyBackend::Rest(_) | AnyBackend::Open311(_) => 30,
        }
    }
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
    async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError> {
        each!(self, b => b.submit_request(new).await)
    }
    async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
        each!(self, b => b.request(id).await)
    }
    async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError> {
        each!(self, b => b.requests(ids).await)
    }
    async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
        each!(self, b => b.rate(id, rating).await)
    }
    async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
        each!(self, b => b.reopen(id, reason).await)
    }
}
