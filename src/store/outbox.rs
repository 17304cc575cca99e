//! Where the outbox lives on the phone: each request (`model::outbox::Entry`) in IndexedDB's
//! `outbox`, kept with its plan for the service worker (`plans`) in one transaction, so the two can
//! never disagree; what the worker wrote down of its tries in `delivered`. Where IndexedDB cannot
//! be had (some private modes), requests are kept in localStorage instead — the service worker
//! cannot reach them there, so they go only while the app is open, and the resident is told.
//! Nothing here decides anything: the rules are the model's.

use crate::backend::BackendError;

/// A request in the outbox, with the backend's errors.
pub type Entry = crate::model::outbox::Entry<BackendError>;

#[cfg(target_arch = "wasm32")]
pub use browser::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::model::outbox::{Plan, WorkerRecord};
    use crate::model::{IdempotencyKey, StorageError};
    use crate::store::idb::{self, Op};
    use crate::store::{codec, local};

    /// Where an entry was kept.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kept {
        /// In IndexedDB, with its plan: the service worker can send it with no page open.
        Durably,
        /// In localStorage only (IndexedDB unavailable): sent while the app is open.
        InPageOnly,
    }

    const LOCAL: &str = "outbox.";

    fn decode(text: &str) -> Option<Entry> {
        codec::decode::<Entry>(text).map(Entry::upgraded)
    }

    /// Every entry, oldest first: IndexedDB's, and any kept in localStorage.
    pub async fn all() -> Result<Vec<Entry>, StorageError> {
        let durable = idb::all(idb::OUTBOX).await;
        let mut entries: Vec<Entry> = durable.as_ref().map(|all| all.iter().filter_map(|(_, t)| decode(t)).collect()).unwrap_or_default();
        for (_, text) in local::with_prefix(LOCAL) {
            if let Some(e) = decode(&text) {
                if !entries.iter().any(|d| d.key() == e.key()) {
                    entries.push(e);
                }
            }
        }
        crate::model::sort_few(&mut entries, |e| e.queued_at);
        match durable {
            Err(e) if entries.is_empty() => Err(e),
            _ => Ok(entries),
        }
    }

    /// The entry under `key`, as kept now.
    pub async fn get(key: &IdempotencyKey) -> Result<Option<Entry>, StorageError> {
        let local = local::read_raw(&format!("{LOCAL}{}", key.as_str())).ok().flatten().and_then(|t| decode(&t));
        match idb::get(idb::OUTBOX, key.as_str()).await {
            Ok(Some(text)) => Ok(decode(&text).or(local)),
            Ok(None) => Ok(local),
            Err(e) => local.map(Some).ok_or(e),
        }
    }

    /// Keeps `entry` with its plan for the service worker (none: the worker must leave it alone),
    /// committed before it returns; `judged`: the worker's record of it has been read and goes.
    pub async fn put(entry: &Entry, plan: Option<&Plan>, judged: bool) -> Result<Kept, StorageError> {
        let key = entry.key().as_str();
        let text = codec::encode(entry).ok_or(StorageError::Unreadable)?;
        let mut ops = vec![Op::Put(idb::OUTBOX, key, text.clone())];
        match plan.and_then(|p| serde_json::to_string(p).ok()) {
            Some(plan) => ops.push(Op::Put(idb::PLANS, key, plan)),
            None => ops.push(Op::Delete(idb::PLANS, key)),
        }
        if judged {
            ops.push(Op::Delete(idb::DELIVERED, key));
        }
        match idb::apply(&ops).await {
            Ok(()) => {
                local::remove(&format!("{LOCAL}{key}"));
                Ok(Kept::Durably)
            }
            Err(_) if !crate::store::halted() => {
                local::write_raw(&format!("{LOCAL}{key}"), &text)?;
                Ok(Kept::InPageOnly)
            }
            Err(e) => Err(e),
        }
    }

    /// Takes `key` out of the outbox everywhere (filed and remembered, or withdrawn).
    pub async fn remove(key: &IdempotencyKey) -> Result<(), StorageError> {
        local::remove(&format!("{LOCAL}{}", key.as_str()));
        let k = key.as_str();
        match idb::apply(&[Op::Delete(idb::OUTBOX, k), Op::Delete(idb::PLANS, k), Op::Delete(idb::DELIVERED, k)]).await {
            // Nothing can be in IndexedDB where it cannot be opened.
            Err(StorageError::Unavailable) => Ok(()),
            other => other,
        }
    }

    const PREVIOUS: &str = "draft.outgoing";

    /// Whether the first release left a send beside its draft (read without decoding it).
    pub fn has_previous_release() -> bool {
        local::read_raw(PREVIOUS).ok().flatten().is_some()
    }

    /// Forgets the first release's send, once it is kept as an entry of this one.
    pub fn forget_previous_release() {
        local::remove(PREVIOUS);
    }

    /// A send the first release left beside its draft (`draft.outgoing` in localStorage), as an
    /// entry of this one, so it is neither lost nor sent with other bytes.
    pub fn previous_release() -> Option<Entry> {
        use crate::model::outbox::{Attempt, Holder, Wire};
        use crate::model::NewRequest;
        #[derive(serde::Deserialize)]
        struct Old {
            request: NewRequest,
            wire: Wire,
            #[serde(default)]
            attempts: u32,
            #[serde(default)]
            token: Option<String>,
        }
        let old = local::read::<Old>(PREVIOUS).ok().flatten()?;
        let at = old.wire.first_sent_at;
        let mut entry = Entry::new(old.request, None, at);
        entry.prepared(old.wire);
        entry.token = old.token;
        for _ in 0..old.attempts {
            entry.tries.push(Attempt { by: Holder::Page, at, office_at: None, era: u32::MAX, bytes: 0, answered: false });
        }
        Some(entry)
    }

    /// What the service worker wrote down of its tries for `key`, if anything.
    pub async fn worker_record(key: &IdempotencyKey) -> Option<WorkerRecord> {
        let text = idb::get(idb::DELIVERED, key.as_str()).await.ok().flatten()?;
        serde_json::from_str(&text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outbox::{Clock, Holder, Stage, Wire};
    use crate::model::{Contact, IdempotencyKey, NewRequest, Place};
    use chrono::{DateTime, Duration, TimeZone, Utc};

    fn t(s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap() + Duration::seconds(s)
    }

    #[test]
    fn an_entry_reads_back_as_it_was_kept() {
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
        let mut e = Entry::new(request, None, t(0));
        e.prepared(Wire { body: "{}".into(), first_sent_at: t(0), delivery: None });
        e.begin(Holder::Page, t(1), Clock::default()).unwrap();
        e.answered(Err(BackendError::Timeout(15)), false, t(16), 0.3);
        let text = crate::store::codec::encode(&e).unwrap();
        assert_eq!(crate::store::codec::decode::<Entry>(&text).map(Entry::upgraded), Some(e.clone()));
        e.answered(Err(BackendError::Rejected { status: 422, message: Some("描述太短".into()) }), true, t(20), 0.0);
        assert!(matches!(e.stage, Stage::Refused(_)));
        let text = crate::store::codec::encode(&e).unwrap();
        assert_eq!(crate::store::codec::decode::<Entry>(&text).map(Entry::upgraded), Some(e));
    }
}
