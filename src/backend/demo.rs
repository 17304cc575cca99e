//! The embedded demo backend: a street office that lives in the browser. It keeps its ledger
//! on the phone (through the `Shelf` the shell hands it, so it survives a reload) and plays the
//! office: a request is received at once, dispatched, handled and answered, one step every
//! `step_seconds`. Steps are worked out from the clock whenever the ledger is read, so no timer
//! has to stay alive and a reload loses nothing.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Backend, BackendError, Filed, Listed};
use crate::model::photo::ON_PHONE;
use crate::model::{
    sla, Category, Community, Photo, Delivered, IdempotencyKey, NewRequest, NoteKind, Outgoing, Phrase, Proof, Rating, Request, RequestId,
    StandardCategory, Status, Step, StorageError, Text, TimelineStep, Wire,
};

/// Everything the demo office remembers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    #[serde(default)]
    pub requests: Vec<Request>,
    /// Which request each idempotency key created.
    #[serde(default)]
    pub keys: Vec<(IdempotencyKey, RequestId)>,
    /// Last sequence number handed out.
    #[serde(default)]
    pub seq: u32,
}

impl Ledger {
    /// Files a request, or returns the one this idempotency key already filed.
    pub fn submit(&mut self, new: &NewRequest, now: DateTime<Utc>) -> Result<Request, BackendError> {
        if let Some(found) = self.filed_with(&new.idempotency_key) {
            return Ok(found);
        }
        let category = StandardCategory::from_code(&new.category_code).ok_or_else(|| BackendError::Rejected {
            status: 400,
            message: Some(format!("unknown category {}", new.category_code)),
        })?;
        self.seq = self.seq.checked_add(1).ok_or(BackendError::Server(507))?;
        let id = RequestId(format!("DS-{:04}{:02}{:02}-{:04}", now.year(), now.month(), now.day(), self.seq));
        let request = Request {
            id: id.clone(),
            status: Status::Received,
            status_notes: Some(note(NoteKind::Received, category)),
            category_code: new.category_code.clone(),
            category_name: Text::Builtin(Phrase::CategoryName(category)),
            description: new.description.clone(),
            place: new.place.clone(),
            private: new.private,
            requested_at: now,
            updated_at: now,
            expected_at: sla::deadline(now, category.sla_class().hours()),
            agency_responsible: None,
            timeline: vec![TimelineStep { step: Step::Received, at: now, note: Some(note(NoteKind::Received, category)) }],
            rating: None,
            notice: None,
            copies: Vec::new(),
            photos: new.photos.iter().filter_map(|p| Photo::from_backend(&format!("{ON_PHONE}{}", p.local), false)).collect(),
            filed_by: new.filed_by.clone(),
            read_key: None,
            public: false,
        };
        self.keys.push((new.idempotency_key.clone(), id));
        self.requests.push(request.clone());
        Ok(request)
    }

    /// The request filed under `key`, if any.
    pub fn filed_with(&self, key: &IdempotencyKey) -> Option<Request> {
        let (_, id) = self.keys.iter().find(|(k, _)| k == key)?;
        self.find(id).cloned()
    }

    pub fn find(&self, id: &RequestId) -> Option<&Request> {
        self.requests.iter().find(|r| r.id == *id)
    }

    fn find_mut(&mut self, id: &RequestId) -> Result<&mut Request, BackendError> {
        self.requests.iter_mut().find(|r| r.id == *id).ok_or(BackendError::NotFound)
    }

    /// Plays the office up to `now`; true if anything moved.
    pub fn advance_all(&mut self, now: DateTime<Utc>, step: Duration) -> bool {
        let mut moved = false;
        for r in &mut self.requests {
            moved |= advance(r, now, step);
        }
        moved
    }

    /// Records the resident's rating of an answered request.
    pub fn rate(&mut self, id: &RequestId, rating: &Rating, now: DateTime<Utc>) -> Result<Request, BackendError> {
        let r = self.find_mut(id)?;
        r.record_rating(rating, now)?;
        Ok(r.clone())
    }

    /// Adds the resident's photos to a request still open.
    pub fn add_photos(&mut self, id: &RequestId, urls: &[String], now: DateTime<Utc>) -> Result<Request, BackendError> {
        let r = self.find_mut(id)?;
        r.add_photos(urls, now)?;
        Ok(r.clone())
    }

    /// Sends a rated, unsolved or unsatisfying request round again.
    pub fn reopen(&mut self, id: &RequestId, reason: &str, now: DateTime<Utc>) -> Result<Request, BackendError> {
        let r = self.find_mut(id)?;
        let category = StandardCategory::from_code(&r.category_code).unwrap_or(StandardCategory::Other);
        r.reopen(reason, category.sla_class().hours(), now)?;
        Ok(r.clone())
    }
}

/// The demo office's "after" picture (a file of this site, fetched only when shown).
pub const AFTER_PHOTO: &str = "/demo-after.svg";

fn note(kind: NoteKind, category: StandardCategory) -> Text {
    Text::Builtin(Phrase::OfficeNote(kind, category))
}

/// Moves one request along the office's steps that are due by `now`; true if it moved. Times
/// come from storage a resident could edit, so every addition is checked.
pub fn advance(r: &mut Request, now: DateTime<Utc>, step: Duration) -> bool {
    let category = StandardCategory::from_code(&r.category_code).unwrap_or(StandardCategory::Other);
    let mut moved = false;
    loop {
        let last = r.timeline.last().map(|s| s.at).unwrap_or(r.requested_at);
        let Some(at) = last.checked_add_signed(step).filter(|at| *at <= now) else {
            break;
        };
        let (next_step, status, kind) = match r.status {
            Status::Received | Status::Reopened => (Step::Dispatched, Status::Dispatched, NoteKind::Dispatched),
            Status::Dispatched => (Step::InProgress, Status::InProgress, NoteKind::InProgress),
            Status::InProgress => (Step::Resolved, Status::Resolved, NoteKind::Resolved),
            Status::Resolved | Status::Closed => break,
        };
        if next_step == Step::Dispatched {
            r.agency_responsible = Some(Text::Builtin(Phrase::Agency(category)));
        }
        r.status = status;
        r.status_notes = Some(note(kind, category));
        r.updated_at = at;
        r.timeline.push(TimelineStep { step: next_step, at, note: Some(note(kind, category)) });
        if next_step == Step::Resolved && !r.photos.iter().any(|p| p.by_office) {
            // The office shows its work: an "after" picture with its answer.
            r.photos.push(Photo { url: AFTER_PHOTO.into(), by_office: true });
        }
        moved = true;
    }
    moved
}

/// Where the demo office keeps its ledger: the port the store provides, wired by the shell, so
/// the office owns its persistence without knowing how the phone stores things.
#[derive(Clone, Copy, Debug)]
pub struct Shelf {
    pub load: fn() -> Result<Option<String>, StorageError>,
    pub save: fn(&str) -> Result<(), StorageError>,
}

impl Shelf {
    /// A shelf in memory, one per thread (for host tests).
    pub fn in_memory() -> Self {
        use std::cell::RefCell;
        thread_local!(static SHELF: RefCell<Option<String>> = const { RefCell::new(None) });
        Shelf {
            load: || Ok(SHELF.with(|s| s.borrow().clone())),
            save: |text| {
                SHELF.with(|s| *s.borrow_mut() = Some(text.to_string()));
                Ok(())
            },
        }
    }

    fn load_ledger(&self) -> Result<Ledger, BackendError> {
        match (self.load)()? {
            None => Ok(Ledger::default()),
            Some(text) => serde_json::from_str(&text).map_err(|_| BackendError::Storage(StorageError::Unreadable)),
        }
    }

    fn save_ledger(&self, ledger: &Ledger) -> Result<(), BackendError> {
        let text = serde_json::to_string(ledger).map_err(|_| BackendError::Storage(StorageError::Unreadable))?;
        Ok((self.save)(&text)?)
    }
}

/// The demo office as a `Backend`.
#[derive(Clone, Debug)]
pub struct DemoBackend {
    step_seconds: u32,
    shelf: Shelf,
}

impl DemoBackend {
    pub fn new(step_seconds: u32, shelf: Shelf) -> Self {
        DemoBackend { step_seconds: step_seconds.max(1), shelf }
    }

    pub fn step_seconds(&self) -> u32 {
        self.step_seconds
    }

    /// Loads the ledger, plays the office up to `now`, runs `f`, and saves what changed.
    fn with_ledger<T>(
        &self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Ledger, DateTime<Utc>) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let mut ledger = self.shelf.load_ledger()?;
        ledger.advance_all(now, Duration::seconds(i64::from(self.step_seconds)));
        let out = f(&mut ledger, now)?;
        self.shelf.save_ledger(&ledger)?;
        Ok(out)
    }
}

impl Backend for DemoBackend {
    async fn categories(&self) -> Result<Vec<Category>, BackendError> {
        Ok(StandardCategory::ALL.into_iter().map(Category::standard).collect())
    }

    /// The demo office reads the request itself; only the time of the first send is frozen. It
    /// lives in the page, so there is nothing for a service worker to deliver.
    async fn prepare(&self, _: &NewRequest, _: Option<&Category>, now: DateTime<Utc>) -> Result<Wire, BackendError> {
        Ok(Wire { body: String::new(), first_sent_at: now, delivery: None })
    }

    async fn submit(&self, outgoing: &Outgoing) -> Result<Filed, BackendError> {
        self.with_ledger(Utc::now(), |l, now| l.submit(&outgoing.request, now)).map(Filed::from)
    }

    async fn accept(&self, outgoing: &Outgoing, _: &Delivered) -> Result<Filed, BackendError> {
        self.submit(outgoing).await
    }

    async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError> {
        self.with_ledger(Utc::now(), |l, _| Ok(l.filed_with(&outgoing.request.idempotency_key).map(Filed::from)))
    }

    // The demo office's ledger is on this very phone: it shows every request whole, proof or not.
    async fn request(&self, id: &RequestId, _: Option<&Proof>) -> Result<Request, BackendError> {
        self.with_ledger(Utc::now(), |l, _| l.find(id).cloned().ok_or(BackendError::NotFound))
    }

    async fn requests(&self, mine: &[(RequestId, Option<String>)]) -> Result<Listed, BackendError> {
        self.with_ledger(Utc::now(), |l, _| {
            Ok(Listed { requests: mine.iter().filter_map(|(id, _)| l.find(id).cloned()).collect(), unreadable: 0 })
        })
    }

    async fn rate(&self, id: &RequestId, _: Option<&str>, _: &IdempotencyKey, rating: &Rating) -> Result<Request, BackendError> {
        self.with_ledger(Utc::now(), |l, now| l.rate(id, rating, now))
    }

    async fn reopen(&self, id: &RequestId, _: Option<&str>, _: &IdempotencyKey, reason: &str) -> Result<Request, BackendError> {
        self.with_ledger(Utc::now(), |l, now| l.reopen(id, reason, now))
    }

    async fn places(&self) -> Result<Vec<Community>, BackendError> {
        Ok(communities())
    }

    async fn add_photos(&self, id: &RequestId, _: Option<&str>, urls: &[String]) -> Result<Request, BackendError> {
        self.with_ledger(Utc::now(), |l, now| l.add_photos(id, urls, now))
    }
}

/// The communities of the demo's street (a Beijing street office has about seventeen), each with
/// its numbered buildings.
pub fn communities() -> Vec<Community> {
    const NAMES: [(&str, u8); 17] = [
        ("马家堡东里社区", 14),
        ("马家堡西里第一社区", 12),
        ("马家堡西里第二社区", 10),
        ("马家堡西里第三社区", 9),
        ("角门东里东社区", 16),
        ("角门东里西社区", 13),
        ("角门北路社区", 8),
        ("嘉园一里社区", 11),
        ("嘉园二里社区", 12),
        ("嘉园三里社区", 10),
        ("洋桥北里社区", 15),
        ("晨宇社区", 7),
        ("富卓苑社区", 6),
        ("康泽园社区", 9),
        ("星河苑社区", 8),
        ("城市印象社区", 6),
        ("欣汇社区", 5),
    ];
    NAMES
        .iter()
        .map(|(name, n)| Community {
            name: (*name).into(),
            buildings: (1..=*n).map(|b| format!("{b}号楼")).collect(),
            units: (1..=6).map(|u| format!("{u}单元")).collect(),
        })
        .collect()
}

#[cfg(target_arch = "wasm32")]
lazy! {
    /// The adapter as one object, in a module of its own (loaded when `config.json` names it).
    pub fn demo_office(adapter: DemoBackend) -> std::sync::Arc<dyn super::Office + Send + Sync> {
        std::sync::Arc::new(adapter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Place, Satisfaction};
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
    }

    fn new_request(key: u8, category: &str) -> NewRequest {
        NewRequest {
            idempotency_key: IdempotencyKey::from_random_bytes([key; 16]),
            category_code: category.into(),
            description: "两盏楼道灯不亮，晚上上下楼看不见".into(),
            place: Place { address: "太华路社区 9号楼".into(), ..Place::default() },
            contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
            private: false,
            answers: Default::default(),
            photos: Vec::new(),
            filed_by: None,
        }
    }

    fn steps(r: &Request) -> Vec<Step> {
        r.timeline.iter().map(|s| s.step).collect()
    }

    #[test]
    fn a_request_is_received_at_once_with_a_tracking_number_and_deadline() {
        let mut l = Ledger::default();
        let r = l.submit(&new_request(1, "heating"), t0()).unwrap();
        assert_eq!(r.id.as_str(), "DS-20261128-0001");
        assert_eq!(r.status, Status::Received);
        assert_eq!(r.expected_at, Some(t0() + Duration::hours(24)));
        assert_eq!(steps(&r), vec![Step::Received]);
    }

    #[test]
    fn a_tampered_ledger_never_panics() {
        // Times at the end of the calendar, a sequence at its limit: an error or a no-op, never a panic.
        let mut l = Ledger::default();
        let r = l.submit(&new_request(1, "heating"), t0()).unwrap();
        let mut end = r.clone();
        end.requested_at = DateTime::<Utc>::MAX_UTC;
        end.timeline[0].at = DateTime::<Utc>::MAX_UTC;
        l.requests.push(end);
        assert!(l.advance_all(DateTime::<Utc>::MAX_UTC, Duration::seconds(20)));
        l.seq = u32::MAX;
        assert_eq!(l.submit(&new_request(2, "heating"), t0()), Err(BackendError::Server(507)));
        let late = l.submit(&new_request(3, "heating"), DateTime::<Utc>::MAX_UTC);
        assert!(late.is_err());
    }

    proptest! {
        #[test]
        fn any_stored_times_and_any_step_never_panic(
            requested in any::<i64>(), last in any::<i64>(), now in any::<i64>(), step in 1u32..=u32::MAX
        ) {
            let time = |s: i64| DateTime::<Utc>::from_timestamp(s % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
            let mut l = Ledger::default();
            let mut r = l.submit(&new_request(1, "noise"), t0()).unwrap();
            r.requested_at = time(requested);
            r.timeline[0].at = time(last);
            l.requests = vec![r];
            l.advance_all(time(now), Duration::seconds(i64::from(step)));
        }
    }

    #[test]
    fn the_same_idempotency_key_never_files_twice() {
        let mut l = Ledger::default();
        let a = l.submit(&new_request(1, "noise"), t0()).unwrap();
        let b = l.submit(&new_request(1, "noise"), t0() + Duration::seconds(5)).unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(l.requests.len(), 1);
        let c = l.submit(&new_request(2, "noise"), t0()).unwrap();
        assert_ne!(a.id, c.id);
    }

    #[test]
    fn unknown_categories_are_refused() {
        let mut l = Ledger::default();
        assert!(matches!(l.submit(&new_request(1, "x"), t0()), Err(BackendError::Rejected { status: 400, .. })));
        assert!(l.requests.is_empty());
    }

    #[test]
    fn the_office_moves_one_step_per_interval_and_stops_at_resolved() {
        let step = Duration::seconds(20);
        let mut l = Ledger::default();
        let id = l.submit(&new_request(1, "lighting"), t0()).unwrap().id;
        assert!(!l.advance_all(t0() + Duration::seconds(19), step));
        assert!(l.advance_all(t0() + Duration::seconds(20), step));
        assert_eq!(l.find(&id).unwrap().status, Status::Dispatched);
        assert!(l.find(&id).unwrap().agency_responsible.is_some());
        // A long absence catches up every step, each at its own time.
        assert!(l.advance_all(t0() + Duration::hours(3), step));
        let r = l.find(&id).unwrap();
        assert_eq!(r.status, Status::Resolved);
        assert_eq!(steps(r), vec![Step::Received, Step::Dispatched, Step::InProgress, Step::Resolved]);
        assert_eq!(r.timeline[3].at, t0() + Duration::seconds(60));
        assert_eq!(r.answered_at(), Some(t0() + Duration::seconds(60)));
        assert!(!l.advance_all(t0() + Duration::hours(4), step));
    }

    #[test]
    fn the_residents_photos_stay_on_the_phone_and_the_answer_brings_an_after_photo() {
        let mut l = Ledger::default();
        let mut new = new_request(1, "lighting");
        new.photos = vec![crate::model::Attached { local: "p1".into(), url: None }];
        let id = l.submit(&new, t0()).unwrap().id;
        assert_eq!(l.find(&id).unwrap().photos, vec![Photo { url: "phone:p1".into(), by_office: false }]);
        l.advance_all(t0() + Duration::hours(1), Duration::seconds(20));
        let r = l.find(&id).unwrap();
        assert_eq!(r.status, Status::Resolved);
        assert_eq!(r.photos.iter().filter(|p| p.by_office).count(), 1);
        assert_eq!(r.photos[1].url, AFTER_PHOTO);
        assert_eq!(communities().len(), 17);
        assert!(communities().iter().all(|c| !c.buildings.is_empty() && c.units.len() == 6));
    }

    #[test]
    fn rating_needs_an_answer_and_reopening_needs_an_unhappy_rating() {
        let step = Duration::seconds(1);
        let mut l = Ledger::default();
        let id = l.submit(&new_request(1, "sewer-water"), t0()).unwrap().id;
        let happy = Rating { solved: true, satisfaction: Satisfaction::Satisfied, comment: None };
        assert_eq!(l.rate(&id, &happy, t0()), Err(BackendError::NotNow));
        l.advance_all(t0() + Duration::seconds(3), step);
        let rated = l.rate(&id, &happy, t0() + Duration::seconds(4)).unwrap();
        assert_eq!(rated.status, Status::Closed);
        assert_eq!(l.reopen(&id, "还是漏水没修好", t0() + Duration::seconds(5)), Err(BackendError::NotNow));
        assert_eq!(l.rate(&id, &happy, t0() + Duration::seconds(5)), Err(BackendError::NotNow));
    }

    #[test]
    fn a_reopened_request_goes_round_again() {
        let step = Duration::seconds(1);
        let mut l = Ledger::default();
        let id = l.submit(&new_request(1, "sewer-water"), t0()).unwrap().id;
        l.advance_all(t0() + Duration::seconds(3), step);
        let unhappy = Rating { solved: false, satisfaction: Satisfaction::Dissatisfied, comment: Some("没修好".into()) };
        l.rate(&id, &unhappy, t0() + Duration::seconds(10)).unwrap();
        let r = l.reopen(&id, "下水道还是堵的", t0() + Duration::seconds(11)).unwrap();
        assert_eq!(r.status, Status::Reopened);
        assert_eq!(r.expected_at, Some(t0() + Duration::seconds(11) + Duration::hours(24)));
        assert_eq!(r.sla(t0() + Duration::seconds(12)), Some(sla::SlaState::DueBy(r.expected_at.unwrap())));
        l.advance_all(t0() + Duration::seconds(20), step);
        let r = l.find(&id).unwrap();
        assert_eq!(r.status, Status::Resolved);
        assert_eq!(
            steps(r)[4..],
            [
                Step::Rated { solved: false, satisfaction: Satisfaction::Dissatisfied },
                Step::Reopened,
                Step::Dispatched,
                Step::InProgress,
                Step::Resolved
            ]
        );
        assert!(r.can_rate());
    }

    #[test]
    fn the_ledger_lives_on_its_shelf() {
        let office = DemoBackend::new(20, Shelf::in_memory());
        let new = new_request(9, "noise");
        let wire = Wire { body: String::new(), first_sent_at: t0(), delivery: None };
        let outgoing = Outgoing { request: new.clone(), wire, tries: vec![], look_first: false, token: None, known: vec![] };
        let filed = futures_lite(office.submit(&outgoing)).unwrap().request;
        assert_eq!(futures_lite(office.find_filed(&outgoing)).unwrap().map(|f| f.request.id), Some(filed.id.clone()));
        let again = DemoBackend::new(20, Shelf::in_memory());
        assert_eq!(futures_lite(again.request(&filed.id, None)).unwrap().id, filed.id);
        // A shelf that gives back garbage is a storage error, not a panic.
        let broken = Shelf { load: || Ok(Some("{not json".into())), save: |_| Ok(()) };
        assert_eq!(
            futures_lite(DemoBackend::new(20, broken).request(&filed.id, None)),
            Err(BackendError::Storage(StorageError::Unreadable))
        );
        let full = Shelf { load: || Ok(None), save: |_| Err(StorageError::Full) };
        assert_eq!(
            futures_lite(DemoBackend::new(20, full).submit(&outgoing)).map(|f| f.request.id),
            Err(BackendError::Storage(StorageError::Full))
        );
    }

    /// Runs a future that never waits (the demo office is synchronous underneath).
    fn futures_lite<F: std::future::Future>(f: F) -> F::Output {
        use std::task::{Context, Poll, Waker};
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the demo office never waits"),
        }
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let mut l = Ledger::default();
        let id = RequestId("DS-0".into());
        let rating = Rating { solved: true, satisfaction: Satisfaction::Satisfied, comment: None };
        assert_eq!(l.rate(&id, &rating, t0()), Err(BackendError::NotFound));
        assert_eq!(l.reopen(&id, "reason", t0()), Err(BackendError::NotFound));
    }
}
