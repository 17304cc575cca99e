//! Extra questions a category may ask (Open311 service definitions' attributes), and their answers.

use std::collections::BTreeMap;

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

/// Answers by question code; a list question may have several values.
pub type Answers = BTreeMap<String, Vec<String>>;

/// Whether `value` is a `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional).
pub fn is_datetime_local(value: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").is_ok()
        || chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S").is_ok()
}
