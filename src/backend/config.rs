//! The runtime configuration (`config.json` beside `index.html`): which backend to talk to.
//! Everything in it is public: anyone who opens the app can read it.

use serde::Deserialize;

use crate::model::volunteer::{RETENTION_DAYS, RETENTION_RANGE};

/// The whole of `config.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub backend: BackendConfig,
    /// Days a volunteer's phone keeps a neighbour's details after their last request is closed.
    pub neighbour_retention_days: u32,
    /// At least this many seconds between two checks of the requests a phone follows.
    pub check_every_seconds: u32,
}

/// Which adapter, with its settings.
#[derive(Clone, Debug, PartialEq)]
pub enum BackendConfig {
    /// The in-browser street office; `step_seconds` between its steps (default 20: a minute end to end).
    Demo { step_seconds: u32 },
    /// The project's own REST contract (docs/openapi.yaml).
    /// `push_public_key`: the office's VAPID public key, where it sends Web Push messages.
    Rest { base_url: String, token: Option<String>, timeout_seconds: u32, max_answer_bytes: u32, push_public_key: Option<String> },
    /// Open311 GeoReport v2.
    Open311 {
        base_url: String,
        /// Identifies this app to the server; visible to anyone, so never a secret.
        api_key: String,
        jurisdiction_id: Option<String>,
        /// Where photos are uploaded (GeoReport takes only a `media_url`); none: no photos.
        media_upload_url: Option<String>,
        timeout_seconds: u32,
        max_answer_bytes: u32,
    },
}

/// `config.json` as written: one flat set of settings (a tagged enum would cost the wasm a
/// generic buffer and a second decoder); which of them apply is checked per kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    backend: WrittenBackend,
    neighbour_retention_days: Option<u32>,
    check_every_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenBackend {
    kind: String,
    step_seconds: Option<u32>,
    base_url: Option<String>,
    token: Option<String>,
    api_key: Option<String>,
    jurisdiction_id: Option<String>,
    media_upload_url: Option<String>,
    timeout_seconds: Option<u32>,
    max_answer_bytes: Option<u32>,
    push_public_key: Option<String>,
}

impl WrittenBackend {
    /// The settings of `kind`, refusing any that belong to another kind.
    fn into_config(self) -> Result<BackendConfig, ConfigError> {
        let stray = |name: &str, present: bool| {
            if present {
                Err(ConfigError::Invalid(format!("backend.{name} is not a setting of kind \"{}\"", self.kind)))
            } else {
                Ok(())
            }
        };
        let required = |name: &str, value: Option<String>| {
            value.ok_or_else(|| ConfigError::Invalid(format!("backend.{name} is required for kind \"{}\"", self.kind)))
        };
        let timeout_seconds = self.timeout_seconds.unwrap_or_else(default_timeout_seconds);
        let max_answer_bytes = self.max_answer_bytes.unwrap_or_else(default_max_answer_bytes);
        match self.kind.as_str() {
            "demo" => {
                stray("base_url", self.base_url.is_some())?;
                stray("token", self.token.is_some())?;
                stray("api_key", self.api_key.is_some())?;
                stray("jurisdiction_id", self.jurisdiction_id.is_some())?;
                stray("media_upload_url", self.media_upload_url.is_some())?;
                stray("timeout_seconds", self.timeout_seconds.is_some())?;
                stray("max_answer_bytes", self.max_answer_bytes.is_some())?;
                stray("push_public_key", self.push_public_key.is_some())?;
                Ok(BackendConfig::Demo { step_seconds: self.step_seconds.unwrap_or_else(default_step_seconds) })
            }
            "rest" => {
                stray("step_seconds", self.step_seconds.is_some())?;
                stray("api_key", self.api_key.is_some())?;
                stray("jurisdiction_id", self.jurisdiction_id.is_some())?;
                stray("media_upload_url", self.media_upload_url.is_some())?;
                let base_url = required("base_url", self.base_url.clone())?;
                let push_public_key = self.push_public_key.clone();
                Ok(BackendConfig::Rest { base_url, token: self.token.clone(), timeout_seconds, max_answer_bytes, push_public_key })
            }
            "open311" => {
                stray("step_seconds", self.step_seconds.is_some())?;
                stray("token", self.token.is_some())?;
                stray("push_public_key", self.push_public_key.is_some())?;
                let base_url = required("base_url", self.base_url.clone())?;
                let api_key = required("api_key", self.api_key.clone())?;
                Ok(BackendConfig::Open311 {
                    base_url,
                    api_key,
                    jurisdiction_id: self.jurisdiction_id.clone(),
                    media_upload_url: self.media_upload_url.clone(),
                    timeout_seconds,
                    max_answer_bytes,
                })
            }
            other => Err(ConfigError::Invalid(format!("backend.kind \"{other}\" is not demo, rest or open311"))),
        }
    }
}

/// How an HTTP adapter treats every answer: how long it waits and how much it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Http {
    pub timeout_seconds: u32,
    pub max_answer_bytes: u32,
}

impl Default for Http {
    fn default() -> Self {
        Http { timeout_seconds: default_timeout_seconds(), max_answer_bytes: default_max_answer_bytes() }
    }
}

impl BackendConfig {
    /// The HTTP settings (the demo office has none; it gets the defaults).
    pub fn http(&self) -> Http {
        match self {
            BackendConfig::Demo { .. } => Http::default(),
            BackendConfig::Rest { timeout_seconds, max_answer_bytes, .. }
            | BackendConfig::Open311 { timeout_seconds, max_answer_bytes, .. } => {
                Http { timeout_seconds: *timeout_seconds, max_answer_bytes: *max_answer_bytes }
            }
        }
    }
}

fn default_step_seconds() -> u32 {
    20
}

/// How long a resident waits for a backend before being told it is not answering.
fn default_timeout_seconds() -> u32 {
    15
}

/// The most of one answer the app reads (a phone's memory is small; no answer of ours is near this).
fn default_max_answer_bytes() -> u32 {
    2_000_000
}

/// How long the app waits for `config.json` itself before saying it did not come.
pub const CONFIG_TIMEOUT_SECONDS: u32 = 8;

/// The most of `config.json` the app reads.
pub const CONFIG_MAX_BYTES: u32 = 64 * 1024;

/// A backend address must be https, except on this machine (development and tests).
fn check_base_url(url: &str) -> Result<(), ConfigError> {
    let invalid = |why: &str| Err(ConfigError::Invalid(format!("backend.base_url \"{url}\" {why}")));
    if url.len() > 2000 || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return invalid("is not a plain URL");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return invalid("is not an absolute URL");
    };
    // Read as strictly as a browser could read it otherwise: a browser takes `\` for `/` and the
    // last `@` as the end of a user name, so `http://evil.example\@127.0.0.1` is evil.example to
    // it. Anything a URL parser could read two ways is refused rather than guessed at.
    if url.contains('\\') {
        return invalid("is not a plain URL");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return invalid("must not carry a user name or password");
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return invalid("has no host");
    }
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':')) {
        return invalid("has a host that is not a plain name or address");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if matches!(host.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1") => Ok(()),
        "http" => invalid("must use https (plain http is allowed only for localhost)"),
        _ => invalid("must be an https URL"),
    }
}

/// Five minutes between checks of the requests a phone follows, unless the office says otherwise.
const CHECK_EVERY: u32 = 300;

impl Default for Config {
    fn default() -> Self {
        Config { backend: BackendConfig::Demo { step_seconds: default_step_seconds() }, neighbour_retention_days: RETENTION_DAYS, check_every_seconds: CHECK_EVERY }
    }
}

/// Why the configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json could not be fetched: {0}")]
    Unreadable(String),
    #[error("config.json did not arrive within {0} s")]
    Timeout(u32),
    #[error("config.json is not valid: {0}")]
    Invalid(String),
}

fn check_http(http: Http) -> Result<(), ConfigError> {
    if !(1..=120).contains(&http.timeout_seconds) {
        return Err(ConfigError::Invalid("backend.timeout_seconds must be between 1 and 120".into()));
    }
    if !(10_000..=50_000_000).contains(&http.max_answer_bytes) {
        return Err(ConfigError::Invalid("backend.max_answer_bytes must be between 10000 and 50000000".into()));
    }
    Ok(())
}

fn check_text(name: &str, value: &str) -> Result<(), ConfigError> {
    if value.trim().is_empty() || value.len() > 500 || value.chars().any(char::is_control) {
        return Err(ConfigError::Invalid(format!("backend.{name} must be 1 to 500 plain characters")));
    }
    Ok(())
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let written: Written = serde_json::from_str(text).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let days = written.neighbour_retention_days.unwrap_or(RETENTION_DAYS);
        if !RETENTION_RANGE.contains(&days) {
            return Err(ConfigError::Invalid("neighbour_retention_days must be between 1 and 365".into()));
        }
        let every = written.check_every_seconds.unwrap_or(CHECK_EVERY);
        if !(5..=86_400).contains(&every) {
            return Err(ConfigError::Invalid("check_every_seconds must be between 5 and 86400".into()));
        }
        let config = Config { backend: written.backend.into_config()?, neighbour_retention_days: days, check_every_seconds: every };
        match &config.backend {
            BackendConfig::Demo { step_seconds } => {
                if !(1..=86_400).contains(step_seconds) {
                    return Err(ConfigError::Invalid("backend.step_seconds must be between 1 and 86400".into()));
                }
            }
            BackendConfig::Rest { base_url, token, push_public_key, .. } => {
                check_base_url(base_url)?;
                check_http(config.backend.http())?;
                if let Some(t) = token {
                    check_text("token", t)?;
                }
                if push_public_key.as_deref().is_some_and(|k| !crate::model::follow::push_key_ok(k)) {
                    return Err(ConfigError::Invalid("backend.push_public_key must be a VAPID public key: 87 base64url characters".into()));
                }
            }
            BackendConfig::Open311 { base_url, api_key, jurisdiction_id, media_upload_url, .. } => {
                check_base_url(base_url)?;
                if let Some(url) = media_upload_url {
                    check_base_url(url)?;
                }
                check_http(config.backend.http())?;
                check_text("api_key", api_key)?;
                if let Some(j) = jurisdiction_id {
                    check_text("jurisdiction_id", j)?;
                }
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_parsed_with_its_default_pace() {
        assert_eq!(Config::parse(r#"{"backend":{"kind":"demo"}}"#).unwrap(), Config::default());
        assert_eq!(
            Config::parse(r#"{"backend":{"kind":"demo","step_seconds":2}}"#).unwrap().backend,
            BackendConfig::Demo { step_seconds: 2 }
        );
    }

    #[test]
    fn how_often_followed_requests_are_checked_is_bounded() {
        assert_eq!(Config::default().check_every_seconds, 300);
        let every = |n: i64| Config::parse(&format!(r#"{{"backend":{{"kind":"demo"}},"check_every_seconds":{n}}}"#));
        assert_eq!(every(60).unwrap().check_every_seconds, 60);
        for bad in [0, 4, 86_401, -1, 5_000_000_000] {
            assert!(every(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn how_long_neighbours_are_kept_is_bounded() {
        assert_eq!(Config::default().neighbour_retention_days, 30);
        let days = |n: i64| Config::parse(&format!(r#"{{"backend":{{"kind":"demo"}},"neighbour_retention_days":{n}}}"#));
        assert_eq!(days(7).unwrap().neighbour_retention_days, 7);
        for bad in [0, 366, -1, 5_000_000_000] {
            assert!(days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn http_backends_are_parsed() {
        let c = Config::parse(r#"{"backend":{"kind":"rest","base_url":"https://api.street.example/v1","token":"t"}}"#).unwrap();
        assert_eq!(
            c.backend,
            BackendConfig::Rest {
                base_url: "https://api.street.example/v1".into(),
                token: Some("t".into()),
                timeout_seconds: 15,
                max_answer_bytes: 2_000_000,
                push_public_key: None
            }
        );
        let key = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
        let c = Config::parse(&format!(r#"{{"backend":{{"kind":"rest","base_url":"https://a.example","push_public_key":"{key}"}}}}"#)).unwrap();
        assert!(matches!(c.backend, BackendConfig::Rest { push_public_key: Some(k), .. } if k == key));
        for bad in [&key[1..], "BAD KEY"] {
            let err = Config::parse(&format!(r#"{{"backend":{{"kind":"rest","base_url":"https://a.example","push_public_key":"{bad}"}}}}"#)).unwrap_err();
            assert!(err.to_string().contains("push_public_key"), "{err}");
        }
        for kind in [r#""kind":"demo""#, r#""kind":"open311","base_url":"https://a.example","api_key":"k""#] {
            let err = Config::parse(&format!(r#"{{"backend":{{{kind},"push_public_key":"{key}"}}}}"#)).unwrap_err();
            assert!(err.to_string().contains("push_public_key is not a setting"), "{err}");
        }
        let c = Config::parse(
            r#"{"backend":{"kind":"open311","base_url":"http://127.0.0.1:9311/","api_key":"k","jurisdiction_id":"city","timeout_seconds":3,"max_answer_bytes":20000}}"#,
        )
        .unwrap();
        assert_eq!(c.backend.http(), Http { timeout_seconds: 3, max_answer_bytes: 20_000 });
        let c = Config::parse(r#"{"backend":{"kind":"open311","base_url":"https://a.example","api_key":"k","media_upload_url":"https://a.example/media"}}"#).unwrap();
        assert!(matches!(c.backend, BackendConfig::Open311 { media_upload_url: Some(u), .. } if u == "https://a.example/media"));
        let err = Config::parse(r#"{"backend":{"kind":"open311","base_url":"https://a.example","api_key":"k","media_upload_url":"http://evil.example"}}"#).unwrap_err();
        assert!(err.to_string().contains("must use https"), "{err}");
    }

    #[test]
    fn plain_http_is_refused_except_on_this_machine() {
        for ok in ["https://x.example", "http://localhost:3000", "http://127.0.0.1:1/api", "http://[::1]:8080", "HTTPS://X.EXAMPLE/a"] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://api.street.example",
            "http://192.168.1.5:3000",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost@evil.example",
            "http://evil.example\\@127.0.0.1:8080",
            "http://evil.example\\@localhost",
            "https://user:pw@a.example",
            "http://%6cocalhost.evil.example",
            "https://a.example%2f@b.example",
            "http://127.0.0.1\\.evil.example",
            "ftp://localhost",
            "api.street.example",
            "https://",
            "https://a.example/\n",
            "javascript:alert(1)",
        ] {
            assert!(matches!(check_base_url(bad), Err(ConfigError::Invalid(_))), "{bad}");
        }
        let err = Config::parse(r#"{"backend":{"kind":"rest","base_url":"http://api.example"}}"#).unwrap_err();
        assert!(err.to_string().contains("must use https"), "{err}");
        let err = Config::parse(r#"{"backend":{"kind":"demo","base_url":"https://a.example"}}"#).unwrap_err();
        assert!(err.to_string().contains("backend.base_url is not a setting of kind \"demo\""), "{err}");
    }

    #[test]
    fn bad_configs_name_the_problem() {
        for bad in [
            "",
            "{}",
            r#"{"backend":{"kind":"nope"}}"#,
            r#"{"backend":{"kind":"demo","step_seconds":0}}"#,
            r#"{"backend":{"kind":"demo","step_seconds":4294967295}}"#,
            "<html>",
            r#"{"backend":{"kind":"rest"}}"#,
            r#"{"backend":{"kind":"rest","base_url":"https://a.example","timeout_seconds":0}}"#,
            r#"{"backend":{"kind":"rest","base_url":"https://a.example","max_answer_bytes":5}}"#,
            r#"{"backend":{"kind":"rest","base_url":"https://a.example","token":""}}"#,
            r#"{"backend":{"kind":"open311","base_url":"https://a.example","api_key":" "}}"#,
            r#"{"backend":{"kind":"open311","base_url":"https://a.example"}}"#,
            r#"{"backend":{"kind":"demo","base_url":"https://a.example"}}"#,
        ] {
            assert!(matches!(Config::parse(bad), Err(ConfigError::Invalid(_))), "{bad}");
        }
    }
}

/// Fetches and checks `config.json` from the app's own origin, giving up after
/// `CONFIG_TIMEOUT_SECONDS` so a hung server is reported instead of "loading" forever.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_config() -> Result<Config, ConfigError> {
    use super::transport::{send, Call};
    use super::BackendError;
    let limits = Http { timeout_seconds: CONFIG_TIMEOUT_SECONDS, max_answer_bytes: CONFIG_MAX_BYTES };
    // The default cache mode, so the copy index.html preloads is the one used; config.json is
    // served `no-cache` (see docs/deploy.md), so a changed file is still seen at once.
    let reply = send(Call::get("/config.json".into()), limits).await.map_err(|e| match e {
        BackendError::Timeout(n) => ConfigError::Timeout(n),
        other => ConfigError::Unreadable(other.to_string()),
    })?;
    if !(200..300).contains(&reply.status) {
        return Err(ConfigError::Unreadable(format!("HTTP {}", reply.status)));
    }
    let config = Config::parse(&reply.body)?;
    CHECK_EVERY_NOW.set(config.check_every_seconds);
    Ok(config)
}

thread_local!(static CHECK_EVERY_NOW: std::cell::Cell<u32> = const { std::cell::Cell::new(CHECK_EVERY) });

/// The least time between two checks of the requests a phone follows (seconds), as this
/// deployment's config.json says.
pub fn check_every_seconds() -> u32 {
    CHECK_EVERY_NOW.get()
}

/// The words file at `path` (one language's words, written by the build beside the app), as text.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_words(path: &str, max_bytes: u32) -> Result<String, super::BackendError> {
    use super::transport::{send, Call};
    let limits = Http { timeout_seconds: CONFIG_TIMEOUT_SECONDS, max_answer_bytes: max_bytes };
    let reply = send(Call::get(path.into()), limits).await?;
    match reply.status {
        200..=299 => Ok(reply.body),
        status => Err(super::BackendError::Server(status)),
    }
}
