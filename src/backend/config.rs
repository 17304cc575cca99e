//! The runtime configuration (`config.json` beside `index.html`): which backend to talk to.

use serde::Deserialize;

/// The whole of `config.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub backend: BackendConfig,
}

/// Which adapter, with its settings.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BackendConfig {
    /// The in-browser street office; `step_seconds` between its steps (default 20: a minute end to end).
    Demo {
        #[serde(default = "default_step_seconds")]
        step_seconds: u32,
    },
    /// The project's own REST contract (docs/openapi.yaml).
    Rest {
        base_url: String,
        #[serde(default)]
        token: Option<String>,
        #[serde(default = "default_timeout_seconds")]
        timeout_seconds: u32,
    },
    /// Open311 GeoReport v2.
    Open311 {
        base_url: String,
        api_key: String,
        #[serde(default)]
        jurisdiction_id: Option<String>,
        #[serde(default = "default_timeout_seconds")]
        timeout_seconds: u32,
    },
}

fn default_step_seconds() -> u32 {
    20
}

/// How long a resident waits for a backend before being told it is not answering.
fn default_timeout_seconds() -> u32 {
    15
}

/// A backend address must be https, except on this machine (development and tests).
fn check_base_url(url: &str) -> Result<(), ConfigError> {
    let invalid = |why: &str| Err(ConfigError::Invalid(format!("backend.base_url {url:?} {why}")));
    let Some((scheme, rest)) = url.split_once("://") else {
        return invalid("is not an absolute URL");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return invalid("has no host");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if matches!(host.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1") => Ok(()),
        "http" => invalid("must use https (plain http is allowed only for localhost)"),
        _ => invalid("must be an https URL"),
    }
}

impl Default for Config {
    fn default() -> Self {
        Config { backend: BackendConfig::Demo { step_seconds: default_step_seconds() } }
    }
}

/// Why the configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json could not be fetched: {0}")]
    Unreadable(String),
    #[error("config.json is not valid: {0}")]
    Invalid(String),
}

fn check_timeout(seconds: u32) -> Result<(), ConfigError> {
    if (1..=120).contains(&seconds) {
        Ok(())
    } else {
        Err(ConfigError::Invalid("backend.timeout_seconds must be between 1 and 120".into()))
    }
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        match &config.backend {
            BackendConfig::Demo { step_seconds: 0 } => {
                return Err(ConfigError::Invalid("backend.step_seconds must be at least 1".into()))
            }
            BackendConfig::Demo { .. } => {}
            BackendConfig::Rest { base_url, timeout_seconds, .. } => {
                check_base_url(base_url)?;
                check_timeout(*timeout_seconds)?;
            }
            BackendConfig::Open311 { base_url, api_key, timeout_seconds, .. } => {
                check_base_url(base_url)?;
                check_timeout(*timeout_seconds)?;
                if api_key.trim().is_empty() {
                    return Err(ConfigError::Invalid("backend.api_key is empty".into()));
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
    fn http_backends_are_parsed() {
        let c = Config::parse(r#"{"backend":{"kind":"rest","base_url":"https://api.street.example/v1","token":"t"}}"#).unwrap();
        assert_eq!(
            c.backend,
            BackendConfig::Rest { base_url: "https://api.street.example/v1".into(), token: Some("t".into()), timeout_seconds: 15 }
        );
        let c = Config::parse(
            r#"{"backend":{"kind":"open311","base_url":"http://127.0.0.1:9311/","api_key":"k","jurisdiction_id":"city","timeout_seconds":3}}"#,
        )
        .unwrap();
        assert_eq!(
            c.backend,
            BackendConfig::Open311 {
                base_url: "http://127.0.0.1:9311/".into(),
                api_key: "k".into(),
                jurisdiction_id: Some("city".into()),
                timeout_seconds: 3
            }
        );
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
            "ftp://localhost",
            "api.street.example",
            "https://",
        ] {
            assert!(matches!(check_base_url(bad), Err(ConfigError::Invalid(_))), "{bad}");
        }
        let err = Config::parse(r#"{"backend":{"kind":"rest","base_url":"http://api.example"}}"#).unwrap_err();
        assert!(err.to_string().contains("must use https"), "{err}");
    }

    #[test]
    fn bad_configs_name_the_problem() {
        for bad in [
            "",
            "{}",
            r#"{"backend":{"kind":"nope"}}"#,
            r#"{"backend":{"kind":"demo","step_seconds":0}}"#,
            "<html>",
            r#"{"backend":{"kind":"rest"}}"#,
            r#"{"backend":{"kind":"rest","base_url":"https://a.example","timeout_seconds":0}}"#,
            r#"{"backend":{"kind":"open311","base_url":"https://a.example","api_key":" "}}"#,
            r#"{"backend":{"kind":"open311","base_url":"https://a.example"}}"#,
            r#"{"backend":{"kind":"demo","base_url":"https://a.example"}}"#,
        ] {
            assert!(matches!(Config::parse(bad), Err(ConfigError::Invalid(_))), "{bad}");
        }
    }
}

/// Fetches and checks `config.json` from the app's own origin.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_config() -> Result<Config, ConfigError> {
    use gloo_net::http::Request;
    let response = Request::get("/config.json")
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| ConfigError::Unreadable(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigError::Unreadable(format!("HTTP {}", response.status())));
    }
    let text = response.text().await.map_err(|e| ConfigError::Unreadable(e.to_string()))?;
    Config::parse(&text)
}
