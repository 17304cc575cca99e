//! Extra questions a category may ask (Open311 service definitions' attributes), the answers as
//! typed, and the answers once checked.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// What kind of answer a question takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// One line of text.
    String,
    /// Several lines of text.
    Text,
    Number,
    /// A date and time (the browser's `datetime-local` value, `YYYY-MM-DDTHH:MM`).
    Datetime,
    /// Exactly one of `choices`.
    SingleValueList,
    /// Any of `choices`.
    MultiValueList,
}

/// One of a list question's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub name: String,
}

/// A question the backend asks for a category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub code: String,
    /// The question as the backend words it.
    pub prompt: String,
    /// The backend's description of what to enter, if any.
    pub hint: Option<String>,
    pub kind: AnswerKind,
    pub required: bool,
    pub choices: Vec<Choice>,
}

/// Answers as typed, by question code; a list question may have several values.
pub type Answers = BTreeMap<String, Vec<String>>;

/// An answer once checked against its question, typed by the question's kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    /// A finite number, as the resident wrote it.
    Number(String),
    /// A local date and time with the phone's UTC offset at that moment.
    Datetime(DateTime<FixedOffset>),
    /// The key of the one choice of a single-value list.
    Choice(String),
    /// The keys chosen in a multi-value list (one or more).
    Choices(Vec<String>),
}

impl Answer {
    /// The values as they go on the wire (a datetime in RFC 3339 with its offset).
    pub fn values(&self) -> Vec<String> {
        match self {
            Answer::Text(s) | Answer::Number(s) | Answer::Choice(s) => vec![s.clone()],
            Answer::Datetime(at) => vec![at.to_rfc3339()],
            Answer::Choices(keys) => keys.clone(),
        }
    }
}

/// Checked answers, by question code.
pub type ValidAnswers = BTreeMap<String, Answer>;

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional), if it is one.
pub fn parse_datetime_local(value: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}
