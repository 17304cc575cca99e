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
}

fn default_step_seconds() -> u32 {
    20
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

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_str(text).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        match &config.backend {
            BackendConfig::Demo { step_seconds: 0 } => {
                Err(ConfigError::Invalid("backend.step_seconds must be at least 1".into()))
            }
            _ => Ok(config),
        }
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
    fn bad_configs_name_the_problem() {
        for bad in ["", "{}", r#"{"backend":{"kind":"nope"}}"#, r#"{"backend":{"kind":"demo","step_seconds":0}}"#, "<html>"] {
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
