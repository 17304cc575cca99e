//! Extra questions a category may ask (Open311 service definitions' attributes), the answers as
//! typed, and the answers once checked.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
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

/// An answer once checked against its question, typed by the question's kind. Kept as
/// `{"kind": …, "value": …}`, read as a plain record and its value after (an adjacently tagged
/// enum's decoder costs the first load kilobytes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "AnswerRecord", try_from = "AnswerRecord")]
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

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AnswerKind2 {
    Text,
    Number,
    Datetime,
    Choice,
    Choices,
}

#[derive(Serialize, Deserialize)]
struct AnswerRecord {
    kind: AnswerKind2,
    value: Box<serde_json::value::RawValue>,
}

impl From<Answer> for AnswerRecord {
    fn from(answer: Answer) -> Self {
        use serde_json::value::to_raw_value as raw;
        let (kind, value) = match &answer {
            Answer::Text(s) => (AnswerKind2::Text, raw(s)),
            Answer::Number(s) => (AnswerKind2::Number, raw(s)),
            Answer::Datetime(at) => (AnswerKind2::Datetime, raw(&crate::model::time::format_with_offset(*at))),
            Answer::Choice(s) => (AnswerKind2::Choice, raw(s)),
            Answer::Choices(keys) => (AnswerKind2::Choices, raw(keys)),
        };
        AnswerRecord { kind, value: value.unwrap_or_default() }
    }
}

impl TryFrom<AnswerRecord> for Answer {
    type Error = serde_json::Error;
    fn try_from(r: AnswerRecord) -> Result<Self, Self::Error> {
        let text = || serde_json::from_str::<String>(r.value.get());
        Ok(match r.kind {
            AnswerKind2::Text => Answer::Text(text()?),
            AnswerKind2::Number => Answer::Number(text()?),
            AnswerKind2::Datetime => Answer::Datetime(
                crate::model::time::parse(&text()?).ok_or_else(|| <serde_json::Error as serde::de::Error>::custom("not an RFC 3339 time"))?,
            ),
            AnswerKind2::Choice => Answer::Choice(text()?),
            AnswerKind2::Choices => Answer::Choices(serde_json::from_str(r.value.get())?),
        })
    }
}

impl Answer {
    /// The values as they go on the wire (a datetime in RFC 3339 with its offset).
    pub fn values(&self) -> Vec<String> {
        match self {
            Answer::Text(s) | Answer::Number(s) | Answer::Choice(s) => vec![s.clone()],
            Answer::Datetime(at) => vec![crate::model::time::format_with_offset(*at)],
            Answer::Choices(keys) => keys.clone(),
        }
    }
}

/// Checked answers, by question code, in the order of the questions. Written as a list of pairs;
/// read from that or from the map an earlier release wrote.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidAnswers(pub Vec<(String, Answer)>);

impl ValidAnswers {
    pub fn new() -> Self {
        ValidAnswers(Vec::new())
    }

    pub fn push(&mut self, answer: (String, Answer)) {
        self.0.push(answer);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (String, Answer)> {
        self.0.iter()
    }
}

impl<const N: usize> From<[(String, Answer); N]> for ValidAnswers {
    fn from(pairs: [(String, Answer); N]) -> Self {
        ValidAnswers(pairs.into())
    }
}

impl<'a> IntoIterator for &'a ValidAnswers {
    type Item = &'a (String, Answer);
    type IntoIter = std::slice::Iter<'a, (String, Answer)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for ValidAnswers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = ValidAnswers;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("answers as a list of pairs or a map")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ValidAnswers, A::Error> {
                let mut all = Vec::new();
                while let Some(pair) = seq.next_element()? {
                    all.push(pair);
                }
                Ok(ValidAnswers(all))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ValidAnswers, A::Error> {
                let mut all = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    all.push(pair);
                }
                Ok(ValidAnswers(all))
            }
        }
        d.deserialize_any(Either)
    }
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional), if it is one.
pub fn parse_datetime_local(value: &str) -> Option<NaiveDateTime> {
    let b = value.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits.iter().all(u8::is_ascii_digit).then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let shape = |at: usize, c: u8| b.get(at) == Some(&c);
    if !(shape(4, b'-') && shape(7, b'-') && shape(10, b'T') && shape(13, b':')) {
        return None;
    }
    let seconds = match b.len() {
        16 => 0,
        19 if shape(16, b':') => num(17, 2)?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?.and_hms_opt(num(11, 2)?, num(14, 2)?, seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_from_either_shape() {
        let list: ValidAnswers = serde_json::from_str(r#"[["floor",{"kind":"number","value":"3"}]]"#).unwrap();
        let map: ValidAnswers = serde_json::from_str(r#"{"floor":{"kind":"number","value":"3"}}"#).unwrap();
        assert_eq!(list, map);
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"[["floor",{"kind":"number","value":"3"}]]"#);
        assert_eq!(serde_json::from_str::<ValidAnswers>("{}").unwrap(), ValidAnswers::new());
    }

    #[test]
    fn datetime_local_values_are_read() {
        let at = parse_datetime_local("2026-11-27T21:30").unwrap();
        assert_eq!(at.to_string(), "2026-11-27 21:30:00");
        assert_eq!(parse_datetime_local("2026-11-27T21:30:05").unwrap().to_string(), "2026-11-27 21:30:05");
        for bad in ["", "yesterday", "2026-11-27", "2026-13-01T00:00", "2026-02-30T10:00", "2026-11-27T24:00", "2026-11-27 21:30", "２０２６-11-27T21:30", "2026-11-27T21:30:5"] {
            assert_eq!(parse_datetime_local(bad), None, "{bad}");
        }
    }
}
