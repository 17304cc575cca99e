//! How a `BackendError` is kept on the phone: one short text ("Timeout 15", "Rejected 422 描述太短"),
//! read and written by hand — a derived decoder for an enum of this many shapes costs the first
//! load kilobytes. What the first release kept (serde's own shapes: "Unreachable",
//! {"Timeout": 15}, {"Rejected": {…}}) still reads, as the same kind of failure.

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{BackendError, Capability};
use crate::model::StorageError;

fn capability(word: &str) -> Option<Capability> {
    Some(match word {
        "Rate" => Capability::Rate,
        "Reopen" => Capability::Reopen,
        "KeepPrivate" => Capability::KeepPrivate,
        "Photos" => Capability::Photos,
        "PhotosLater" => Capability::PhotosLater,
        "PrivateView" => Capability::PrivateView,
        _ => return None,
    })
}

fn capability_word(c: Capability) -> &'static str {
    match c {
        Capability::Rate => "Rate",
        Capability::Reopen => "Reopen",
        Capability::KeepPrivate => "KeepPrivate",
        Capability::Photos => "Photos",
        Capability::PhotosLater => "PhotosLater",
        Capability::PrivateView => "PrivateView",
    }
}

fn storage_word(e: StorageError) -> &'static str {
    match e {
        StorageError::Unavailable => "Unavailable",
        StorageError::Full => "Full",
        StorageError::Unreadable => "Unreadable",
    }
}

fn storage(word: &str) -> StorageError {
    match word {
        "Full" => StorageError::Full,
        "Unreadable" => StorageError::Unreadable,
        _ => StorageError::Unavailable,
    }
}

impl BackendError {
    /// The error as one short text.
    pub fn to_text(&self) -> String {
        let n = |n: &dyn std::fmt::Display| n.to_string();
        match self {
            BackendError::NotFound => "NotFound".into(),
            BackendError::Unreachable => "Unreachable".into(),
            BackendError::Timeout(s) => format!("Timeout {}", n(s)),
            BackendError::Rejected { status, message } => format!("Rejected {} {}", n(status), message.as_deref().unwrap_or("")).trim_end().into(),
            BackendError::Server(status) => format!("Server {}", n(status)),
            BackendError::Busy { status, retry_after } => {
                format!("Busy {} {}", n(status), retry_after.map_or_else(String::new, |s| n(&s))).trim_end().into()
            }
            BackendError::Pending(token) => format!("Pending {token}"),
            BackendError::NotJson => "NotJson".into(),
            BackendError::Shape(what) => format!("Shape {what}"),
            BackendError::Unsupported(c) => format!("Unsupported {}", capability_word(*c)),
            BackendError::NotNow => "NotNow".into(),
            BackendError::Storage(e) => format!("Storage {}", storage_word(*e)),
            BackendError::Interrupted => "Interrupted".into(),
            BackendError::MalformedJson => "MalformedJson".into(),
            BackendError::TooLarge(max) => format!("TooLarge {}", n(max)),
            BackendError::Cancelled => "Cancelled".into(),
        }
    }

    /// The error a text of `to_text` stands for (a text it cannot read: the network failed).
    pub fn from_text(text: &str) -> BackendError {
        let (kind, rest) = text.split_once(' ').unwrap_or((text, ""));
        let mut words = rest.splitn(2, ' ');
        let (first, second) = (words.next().unwrap_or(""), words.next());
        let number = |w: &str| w.parse::<u32>().unwrap_or(0);
        let status = |w: &str| w.parse::<u16>().unwrap_or(0);
        match kind {
            "NotFound" => BackendError::NotFound,
            "Timeout" => BackendError::Timeout(number(first)),
            "Rejected" => BackendError::Rejected { status: status(first), message: second.map(str::to_string) },
            "Server" => BackendError::Server(status(first)),
            "Busy" => BackendError::Busy { status: status(first), retry_after: second.and_then(|s| s.parse().ok()) },
            "Pending" => BackendError::Pending(rest.into()),
            "NotJson" => BackendError::NotJson,
            "Shape" => BackendError::Shape(rest.into()),
            "Unsupported" => capability(first).map_or(BackendError::NotNow, BackendError::Unsupported),
            "NotNow" => BackendError::NotNow,
            "Storage" => BackendError::Storage(storage(first)),
            "Interrupted" => BackendError::Interrupted,
            "MalformedJson" => BackendError::MalformedJson,
            "TooLarge" => BackendError::TooLarge(number(first)),
            "Cancelled" => BackendError::Cancelled,
            _ => BackendError::Unreachable,
        }
    }
}

impl Serialize for BackendError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

struct ErrorVisitor;

impl<'de> Visitor<'de> for ErrorVisitor {
    type Value = BackendError;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a failure")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<BackendError, E> {
        Ok(BackendError::from_text(text))
    }

    /// The first release's shape for a failure with values: its kind, with the values it needs
    /// most (a refusal stays a refusal).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BackendError, A::Error> {
        let kind: String = map.next_key()?.unwrap_or_default();
        map.next_value::<IgnoredAny>()?;
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(match kind.as_str() {
            "Rejected" => BackendError::Rejected { status: 400, message: None },
            "Unsupported" => BackendError::NotNow,
            "Storage" => BackendError::Storage(StorageError::Unavailable),
            other => BackendError::from_text(other),
        })
    }
}

impl<'de> Deserialize<'de> for BackendError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ErrorVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_reads_back_as_it_was_kept() {
        for e in [
            BackendError::NotFound,
            BackendError::Unreachable,
            BackendError::Timeout(15),
            BackendError::Rejected { status: 422, message: Some("描述太短 请 补充".into()) },
            BackendError::Rejected { status: 403, message: None },
            BackendError::Server(500),
            BackendError::Busy { status: 503, retry_after: Some(2) },
            BackendError::Busy { status: 429, retry_after: None },
            BackendError::Pending("12 345".into()),
            BackendError::NotJson,
            BackendError::Shape("expected an array".into()),
            BackendError::Unsupported(Capability::PhotosLater),
            BackendError::NotNow,
            BackendError::Storage(StorageError::Full),
            BackendError::Interrupted,
            BackendError::MalformedJson,
            BackendError::TooLarge(2_000_000),
            BackendError::Cancelled,
        ] {
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<BackendError>(&text).unwrap(), e, "{text}");
        }
    }

    #[test]
    fn what_the_first_release_kept_still_reads() {
        let read = |json: &str| serde_json::from_str::<BackendError>(json).unwrap();
        assert_eq!(read(r#""Unreachable""#), BackendError::Unreachable);
        assert_eq!(read(r#"{"Timeout": 15}"#), BackendError::Timeout(0));
        assert_eq!(read(r#"{"Rejected": {"status": 422, "message": "x"}}"#), BackendError::Rejected { status: 400, message: None });
        assert_eq!(read(r#"{"Busy": {"status": 503, "retry_after": 2}}"#), BackendError::Busy { status: 0, retry_after: None });
        assert_eq!(read(r#"{"Storage": "Full"}"#), BackendError::Storage(StorageError::Unavailable));
        // Nonsense is a failure of the network, never a crash.
        assert_eq!(read(r#""teleported""#), BackendError::Unreachable);
        assert!(serde_json::from_str::<BackendError>("42").is_err());
    }
}
