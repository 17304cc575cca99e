//! A request on its way to the office. Its first send is frozen (the exact bytes and the time)
//! so that every retry sends the same thing under the same idempotency key, and an edit after an
//! uncertain failure becomes a new submission only once the office is known not to have it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::request::NewRequest;

/// What went over the wire the first time, as the adapter encoded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wire {
    /// The body exactly as first sent (JSON, a form, or what the adapter needs to send again).
    pub body: String,
    /// When it was first sent: part of the body, and the centre of any search for it later.
    pub first_sent_at: DateTime<Utc>,
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
}

/// What to do when the resident sends the draft.
#[derive(Clone, Debug, PartialEq)]
pub enum NextSend {
    /// Nothing was sent before under this key: encode and send.
    Fresh,
    /// The same request again: send the very same bytes.
    Same(Outgoing),
    /// The resident changed it after a send whose outcome is unknown: ask the office whether the
    /// earlier one arrived before sending anything.
    AskFirst(Outgoing),
}

/// Decides how `new` goes out, given what was sent before under the draft's key.
pub fn next_send(previous: Option<&Outgoing>, new: &NewRequest) -> NextSend {
    match previous {
        Some(p) if p.request.idempotency_key != new.idempotency_key => NextSend::Fresh,
        Some(p) if p.request == *new => NextSend::Same(p.clone()),
        Some(p) => NextSend::AskFirst(p.clone()),
        None => NextSend::Fresh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, IdempotencyKey, Place};
    use chrono::TimeZone;

    fn new_request(key: u8, description: &str) -> NewRequest {
        NewRequest {
            idempotency_key: IdempotencyKey::from_random_bytes([key; 16]),
            category_code: "lighting".into(),
            description: description.into(),
            place: Place { address: "太华路社区".into(), ..Place::default() },
            contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
            private: false,
            answers: Default::default(),
        }
    }

    fn sent(new: &NewRequest) -> Outgoing {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
        Outgoing { request: new.clone(), wire: Wire { body: "{…}".into(), first_sent_at: at }, attempts: 1 }
    }

    #[test]
    fn a_retry_sends_the_same_bytes_and_an_edit_asks_first() {
        let first = new_request(1, "楼道灯不亮已经三天了");
        assert_eq!(next_send(None, &first), NextSend::Fresh);
        let outgoing = sent(&first);
        assert_eq!(next_send(Some(&outgoing), &first), NextSend::Same(outgoing.clone()));
        let edited = new_request(1, "楼道灯不亮已经四天了");
        assert_eq!(next_send(Some(&outgoing), &edited), NextSend::AskFirst(outgoing.clone()));
        let other = new_request(2, "楼道灯不亮已经四天了");
        assert_eq!(next_send(Some(&outgoing), &other), NextSend::Fresh);
    }
}
