//! A request on its way to the office. Its first send is frozen (the exact bytes and the time)
//! so that every retry sends the same thing under the same idempotency key, and an edit after an
//! uncertain failure becomes a new submission only once the office is known not to have it. The
//! adapter also spells the send out as plain HTTP calls (`Delivery`), so the service worker can
//! make them while no page is open; and failed tries are spaced by `retry_delay`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::request::NewRequest;

/// What went over the wire the first time, as the adapter encoded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wire {
    /// The body exactly as first sent (JSON, a form, or what the adapter needs to send again).
    pub body: String,
    /// When it was first sent: part of the body, and the centre of any search for it later.
    pub first_sent_at: DateTime<Utc>,
    /// The same send as plain HTTP calls, for the service worker (none for the demo office, which
    /// lives in the page).
    #[serde(default)]
    pub delivery: Option<Delivery>,
}

/// One HTTP call, spelled out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpCall {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: Option<String>,
}

/// How to find an earlier send: GET `call`; an item of the answer (a list, or one object) whose
/// `fields` all equal the given values (compared as trimmed text) is that send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    pub call: HttpCall,
    pub fields: Vec<(String, String)>,
}

/// A send as plain HTTP calls: look for an earlier one first, and post only if there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub lookup: Option<Lookup>,
    pub post: HttpCall,
}

/// What the service worker got from a `Delivery`: the item its look-up found, or the answer to its
/// post. The adapter reads it (`Backend::accept`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    /// The look-up found an earlier send (`body` is that item), or the post was answered.
    pub found: bool,
    pub status: u16,
    #[serde(default)]
    pub content_type: Option<String>,
    pub body: String,
}

/// A request that has been sent at least once without a definite answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub request: NewRequest,
    pub wire: Wire,
    /// How many sends have begun, the current one included (an adapter without idempotency keys
    /// looks for an earlier one before any but the first).
    #[serde(default)]
    pub attempts: u32,
    /// A batch server's token for the post it accepted (Open311): followed, never posted again.
    #[serde(default)]
    pub token: Option<String>,
}

/// The first wait after a failed try, and the longest.
pub const RETRY_BASE: Duration = Duration::seconds(1);
pub const RETRY_CAP: Duration = Duration::minutes(5);
/// The longest `Retry-After` honoured (a server asking for a day is asked again sooner).
pub const RETRY_AFTER_MAX_SECONDS: u32 = 3600;

/// How long to wait after `failures` failed tries in a row: "full jitter" — a random time between
/// nothing and `RETRY_BASE · 2^(failures-1)`, capped at `RETRY_CAP` — but never sooner than a
/// server's `Retry-After`. `random` is in [0, 1).
pub fn retry_delay(failures: u32, retry_after_seconds: Option<u32>, random: f64) -> Duration {
    let ceiling_ms = RETRY_BASE
        .num_milliseconds()
        .saturating_mul(1i64 << failures.saturating_sub(1).min(30))
        .min(RETRY_CAP.num_milliseconds());
    let jittered = (random.clamp(0.0, 1.0) * ceiling_ms as f64) as i64;
    let asked = i64::from(retry_after_seconds.unwrap_or(0).min(RETRY_AFTER_MAX_SECONDS)) * 1000;
    Duration::milliseconds(jittered.max(asked))
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_with_full_jitter_up_to_the_cap() {
        // The ceiling doubles from one second and stops at five minutes.
        let ceiling = |failures| retry_delay(failures, None, 0.999_999).num_milliseconds();
        assert_eq!([ceiling(1), ceiling(2), ceiling(3), ceiling(4)], [999, 1999, 3999, 7999]);
        assert_eq!(ceiling(9), 255_999);
        assert_eq!(ceiling(10), 299_999);
        assert_eq!(ceiling(1000), 299_999);
        // Full jitter: anywhere from nothing to the ceiling.
        assert_eq!(retry_delay(5, None, 0.0), Duration::zero());
        assert_eq!(retry_delay(5, None, 0.5), Duration::seconds(8));
        // A server's Retry-After is a floor, within reason.
        assert_eq!(retry_delay(1, Some(30), 0.2), Duration::seconds(30));
        assert_eq!(retry_delay(12, Some(2), 0.9), Duration::milliseconds(270_000));
        assert_eq!(retry_delay(1, Some(u32::MAX), 0.0), Duration::hours(1));
        // Nonsense randomness is bounded too.
        assert_eq!(retry_delay(3, None, 7.0), Duration::seconds(4));
        assert_eq!(retry_delay(3, None, f64::NAN), Duration::zero());
    }

    #[test]
    fn a_delivery_plan_survives_storage() {
        let plan = Delivery {
            lookup: Some(Lookup {
                call: HttpCall { method: "GET".into(), url: "https://x/requests?idempotency_key=k".into(), headers: vec![], body: None },
                fields: vec![("idempotency_key".into(), "k".into())],
            }),
            post: HttpCall { method: "POST".into(), url: "https://x/requests".into(), headers: vec![("Idempotency-Key".into(), "\"k\"".into())], body: Some("{}".into()) },
        };
        let text = serde_json::to_string(&plan).unwrap();
        assert_eq!(serde_json::from_str::<Delivery>(&text).unwrap(), plan);
        // A wire stored before plans existed still reads.
        let old: Wire = serde_json::from_str(r#"{"body":"{}","first_sent_at":"2026-11-28T09:00:00Z"}"#).unwrap();
        assert_eq!(old.delivery, None);
    }

}
