//! The outbox: requests the resident has sent that the office has not yet confirmed, kept in
//! IndexedDB so they outlive a closed tab, a crash or a flat battery. "Send" puts a request here
//! first, then sends it. Each entry keeps its idempotency key and, from its first send on, the
//! exact bytes of that send. Entries with a `Delivery` are also written to `deliveries`, where
//! the service worker can carry them out while no page is open; what it gets back lands in
//! `delivered`, and the app reads it there.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::backend::{BackendError, Retry};
use crate::model::outbox::retry_delay;
use crate::model::{Category, IdempotencyKey, NewRequest, Outgoing, RequestId, Wire};

/// A request in the outbox, and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub request: NewRequest,
    pub queued_at: DateTime<Utc>,
    /// The category as the form listed it when the resident sent it.
    #[serde(default)]
    pub category: Option<Category>,
    /// The frozen first send, once it has been prepared.
    #[serde(default)]
    pub wire: Option<Wire>,
    /// Sends begun.
    #[serde(default)]
    pub attempts: u32,
    /// Failed tries in a row (for the back-off).
    #[serde(default)]
    pub failures: u32,
    /// Not to be tried before this (none: as soon as possible).
    #[serde(default)]
    pub next_try: Option<DateTime<Utc>>,
    /// Why the last try failed.
    #[serde(default)]
    pub last_error: Option<BackendError>,
    /// The office refused it: it goes back to its form with the office's words.
    #[serde(default)]
    pub refused: Option<BackendError>,
    /// A batch server's token for a post it accepted (Open311): followed, not posted again.
    #[serde(default)]
    pub token: Option<String>,
    /// Another copy of it the office also filed, once known (told to the resident).
    #[serde(default)]
    pub also: Vec<RequestId>,
}

impl Entry {
    pub fn new(request: NewRequest, now: DateTime<Utc>) -> Self {
        Entry {
            request,
            queued_at: now,
            category: None,
            wire: None,
            attempts: 0,
            failures: 0,
            next_try: None,
            last_error: None,
            refused: None,
            token: None,
            also: Vec::new(),
        }
    }

    pub fn key(&self) -> &IdempotencyKey {
        &self.request.idempotency_key
    }

    /// Whether to try it at `now` (a refused one waits for the resident).
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.refused.is_none() && self.next_try.is_none_or(|at| at <= now)
    }

    /// Whether an earlier send may have reached the office (so an edit must ask it first).
    pub fn may_have_arrived(&self) -> bool {
        self.attempts > 0
    }

    /// The send as the adapter sees it, once prepared: this try counted.
    pub fn next_send(&mut self) -> Option<Outgoing> {
        let wire = self.wire.clone()?;
        self.attempts += 1;
        Some(Outgoing { request: self.request.clone(), wire, attempts: self.attempts, token: self.token.clone() })
    }

    /// After a failed try at `now`: refused for good, or waiting for the back-off (`random` in
    /// [0, 1) for the jitter). A token the server gave is kept.
    pub fn failed(&mut self, error: BackendError, now: DateTime<Utc>, random: f64) {
        if let BackendError::Pending(token) = &error {
            self.token = Some(token.clone());
        }
        match error.retry() {
            Retry::Never => {
                self.refused = Some(error);
                self.next_try = None;
            }
            Retry::Soon | Retry::After(_) => {
                let asked = match error.retry() {
                    Retry::After(s) => Some(s),
                    _ => None,
                };
                self.failures = self.failures.saturating_add(1);
                self.next_try = now.checked_add_signed(retry_delay(self.failures, asked, random));
                self.last_error = Some(error);
            }
        }
    }

    /// The resident asked to send it now: no waiting.
    pub fn send_now(&mut self) {
        self.next_try = None;
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::model::{Delivered, StorageError};
    use crate::store::{codec, idb, local};

    /// Every entry in the outbox, oldest first.
    pub async fn all() -> Result<Vec<Entry>, StorageError> {
        let mut entries: Vec<Entry> =
            idb::all(idb::OUTBOX).await?.into_iter().filter_map(|(_, text)| codec::decode(&text)).collect();
        crate::model::sort_few(&mut entries, |e| e.queued_at);
        Ok(entries)
    }

    /// Keeps `entry` (committed before it returns), and its delivery plan for the service worker.
    pub async fn put(entry: &Entry) -> Result<(), StorageError> {
        let key = entry.key().as_str();
        idb::put(idb::OUTBOX, key, &codec::encode(entry).ok_or(StorageError::Unreadable)?).await?;
        match entry.wire.as_ref().and_then(|w| w.delivery.as_ref()).filter(|_| entry.refused.is_none()) {
            Some(plan) => idb::put(idb::DELIVERIES, key, &serde_json::to_string(plan).unwrap_or_default()).await,
            None => idb::delete(&[idb::DELIVERIES], key).await,
        }
    }

    /// Takes `key` out of the outbox (filed, withdrawn, or back in its form).
    pub async fn remove(key: &IdempotencyKey) -> Result<(), StorageError> {
        idb::delete(&[idb::OUTBOX, idb::DELIVERIES, idb::DELIVERED], key.as_str()).await
    }

    /// What the service worker brought back, by key.
    pub async fn delivered() -> Result<Vec<(String, Delivered)>, StorageError> {
        Ok(idb::all(idb::DELIVERED)
            .await?
            .into_iter()
            .filter_map(|(key, text)| Some((key, serde_json::from_str(&text).ok()?)))
            .collect())
    }

    /// Forgets a service worker's result once it has been read.
    pub async fn forget_delivered(key: &str) -> Result<(), StorageError> {
        idb::delete(&[idb::DELIVERED], key).await
    }

    /// A send the previous release left beside its draft (`draft.outgoing` in localStorage),
    /// moved into the outbox so it is neither lost nor sent with other bytes.
    pub async fn adopt_previous_release() -> Result<(), StorageError> {
        const OLD: &str = "draft.outgoing";
        let Ok(Some(old)) = local::read::<Outgoing>(OLD) else { return Ok(()) };
        let mut entry = Entry::new(old.request, old.wire.first_sent_at);
        entry.wire = Some(old.wire);
        entry.attempts = old.attempts;
        entry.token = old.token;
        put(&entry).await?;
        local::remove(OLD);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Place};
    use chrono::{Duration, TimeZone};

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap() + Duration::seconds(s)
    }

    fn entry() -> Entry {
        let request = NewRequest {
            idempotency_key: IdempotencyKey::from_random_bytes([3; 16]),
            category_code: "lighting".into(),
            description: "楼道灯不亮已经三天了".into(),
            place: Place { address: "太华路社区".into(), ..Place::default() },
            contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
            private: false,
            answers: Default::default(),
            photos: Vec::new(),
            filed_by: None,
        };
        Entry::new(request, t(0))
    }

    #[test]
    fn a_failed_try_waits_its_turn_and_a_refusal_waits_for_the_resident() {
        let mut e = entry();
        assert!(e.is_due(t(0)));
        assert_eq!(e.next_send(), None, "not prepared yet");
        e.wire = Some(Wire { body: "{}".into(), first_sent_at: t(0), delivery: None });
        assert_eq!(e.next_send().map(|o| o.attempts), Some(1));
        e.failed(BackendError::Unreachable, t(1), 0.5);
        assert_eq!(e.next_try, Some(t(1) + Duration::milliseconds(500)));
        assert!(!e.is_due(t(1)));
        assert!(e.is_due(t(2)));
        e.failed(BackendError::Busy { status: 503, retry_after: Some(30) }, t(2), 0.5);
        assert_eq!((e.failures, e.next_try), (2, Some(t(32))));
        e.send_now();
        assert!(e.is_due(t(3)));
        e.failed(BackendError::Pending("12345".into()), t(3), 0.0);
        assert_eq!(e.token.as_deref(), Some("12345"));
        assert_eq!(e.next_send().map(|o| o.token), Some(Some("12345".into())));
        e.failed(BackendError::Rejected { status: 422, message: Some("描述太短".into()) }, t(4), 0.5);
        assert!(e.refused.is_some());
        assert!(!e.is_due(t(999)));
        assert!(e.may_have_arrived());
    }

    #[test]
    fn an_entry_reads_back_as_it_was_kept() {
        let mut e = entry();
        e.failed(BackendError::Timeout(15), t(1), 0.3);
        let text = crate::store::codec::encode(&e).unwrap();
        assert_eq!(crate::store::codec::decode::<Entry>(&text), Some(e));
    }
}
