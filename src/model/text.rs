//! Text a resident reads that did not come from the resident: a backend's own words, or a
//! phrase of the built-in catalogue (the demo office's categories and notes) that the view translates.

use serde::{Deserialize, Serialize};

use super::catalogue::Phrase;

/// Words to show: as the backend wrote them, or a built-in phrase translated at display time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Text {
    Plain(String),
    Builtin(Phrase),
}

impl Text {
    pub fn plain(s: impl Into<String>) -> Self {
        Text::Plain(s.into())
    }
}
