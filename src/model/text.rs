//! Text a resident reads that did not come from the resident: a backend's own words, or a
//! phrase of the built-in catalogue (the demo office's categories and notes) that the view translates.

use serde::{Deserialize, Serialize};

use super::catalogue::Phrase;

/// Words to show: as the backend wrote them, or a built-in phrase translated at display time.
/// Kept as `{"kind": "plain" | "builtin", "value": …}`, read as a plain record and its value after
/// (an adjacently tagged enum's decoder costs the first load kilobytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "TextRecord", try_from = "TextRecord")]
pub enum Text {
    Plain(String),
    Builtin(Phrase),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum TextKind {
    Plain,
    Builtin,
}

#[derive(Serialize, Deserialize)]
struct TextRecord {
    kind: TextKind,
    value: Box<serde_json::value::RawValue>,
}

impl From<Text> for TextRecord {
    fn from(text: Text) -> Self {
        let (kind, value) = match &text {
            Text::Plain(s) => (TextKind::Plain, serde_json::value::to_raw_value(s)),
            Text::Builtin(p) => (TextKind::Builtin, serde_json::value::to_raw_value(p)),
        };
        let empty = || serde_json::value::RawValue::from_string("null".into()).unwrap_or_default();
        TextRecord { kind, value: value.unwrap_or_else(|_| empty()) }
    }
}

impl TryFrom<TextRecord> for Text {
    type Error = serde_json::Error;
    fn try_from(r: TextRecord) -> Result<Self, Self::Error> {
        Ok(match r.kind {
            TextKind::Plain => Text::Plain(serde_json::from_str(r.value.get())?),
            TextKind::Builtin => Text::Builtin(serde_json::from_str(r.value.get())?),
        })
    }
}

impl Text {
    pub fn plain(s: impl Into<String>) -> Self {
        Text::Plain(s.into())
    }
}
