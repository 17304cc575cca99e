//! The one boundary to the outside: the `Backend` trait every adapter implements, its typed
//! errors, and the choice of adapter from the runtime config. Nothing outside this module
//! knows a JSON shape of a backend.

pub mod config;
pub mod demo;

use crate::model::{Category, NewRequest, Rating, Request, RequestId};

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
}

/// What the app needs from a street office's system. Every adapter implements it.
#[allow(async_fn_in_trait)]
pub trait Backend {
    /// The kinds of request the office takes.
    async fn categories(&self) -> Result<Vec<Category>, BackendError>;
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
}

impl AnyBackend {
    pub fn from_config(config: &Config) -> Self {
        match &config.backend {
            BackendConfig::Demo { step_seconds } => AnyBackend::Demo(demo::DemoBackend::new(*step_seconds)),
        }
    }

    /// Seconds between automatic refreshes of an open request.
    pub fn refresh_seconds(&self) -> u32 {
        match self {
            AnyBackend::Demo(d) => d.step_seconds().clamp(1, 30),
        }
    }
}

impl Backend for AnyBackend {
    async fn categories(&self) -> Result<Vec<Category>, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.categories().await,
        }
    }
    async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.submit_request(new).await,
        }
    }
    async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.request(id).await,
        }
    }
    async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.requests(ids).await,
        }
    }
    async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.rate(id, rating).await,
        }
    }
    async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
        match self {
            AnyBackend::Demo(b) => b.reopen(id, reason).await,
        }
    }
}
