//! The embedded demo backend: a street office that lives in the browser. It keeps its ledger
//! on the phone (so it survives a reload) and plays the office: a request is received at once,
//! dispatched, handled and answered, one step every `step_seconds`. Steps are worked out from
//! the clock whenever the ledger is read, so no timer has to stay alive and a reload loses nothing.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Backend, BackendError};
use crate::model::{
    sla, Category, NewRequest, NoteKind, Phrase, Rating, Request, RequestId, StandardCategory, Status, Step, Text,
    TimelineStep,
};
use crate::model::draft::IdempotencyKey;

/// Everything the demo office remembers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub requests: Vec<Request>,
    /// Which request each idempotency key created.
    pub keys: Vec<(IdempotencyKey, RequestId)>,
    /// Last sequence number handed out.
    pub seq: u32,
}

impl Ledger {
    /// Files a request, or returns the one this idempotency key already filed.
    pub fn submit(&mut self, new: &NewRequest, now: DateTime<Utc>) -> Result<Request, BackendError> {
        if let Some((_, id)) = self.keys.iter().find(|(k, _)| *k == new.idempotency_key) {
            let id = id.clone();
            return self.find(&id).cloned().ok_or(BackendError::NotFound);
        }
        let category = StandardCategory::from_code(&new.category_code).ok_or_else(|| BackendError::Rejected {
            status: 400,
            message: Some(format!("unknown category {}", new.category_code)),
        })?;
        self.seq += 1;
        let id = RequestId(format!("DS-{}-{:04}", now.format("%Y%m%d"), self.seq));
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
            expected_at: Some(sla::deadline(now, category.sla_class().hours())),
            agency_responsible: None,
            timeline: vec![TimelineStep { step: Step::Received, at: now, note: Some(note(NoteKind::Received, category)) }],
            rating: None,
        };
        self.keys.push((new.idempotency_key.clone(), id));
        self.requests.push(request.clone());
        Ok(request)
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

    /// Sends a rated, unsolved or unsatisfying request round again.
    pub fn reopen(&mut self, id: &RequestId, reason: &str, now: DateTime<Utc>) -> Result<Request, BackendError> {
        let r = self.find_mut(id)?;
        let category = StandardCategory::from_code(&r.category_code).unwrap_or(StandardCategory::Other);
        r.reopen(reason, category.sla_class().hours(), now)?;
        Ok(r.clone())
    }
}

fn note(kind: NoteKind, category: StandardCategory) -> Text {
    Text::Builtin(Phrase::OfficeNote(kind, category))
}

/// Moves one request along the office's steps that are due by `now`; true if it moved.
pub fn advance(r: &mut Request, now: DateTime<Utc>, step: Duration) -> bool {
    let category = StandardCategory::from_code(&r.category_code).unwrap_or(StandardCategory::Other);
    let mut moved = false;
    loop {
        let last = r.timeline.last().map(|s| s.at).unwrap_or(r.requested_at);
        let at = last + step;
        if at > now {
            break;
        }
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
        moved = true;
    }
    moved
}

/// The demo office as a `Backend`.
#[derive(Clone, Debug)]
pub struct DemoBackend {
    step_seconds: u32,
}

impl DemoBackend {
    pub fn new(step_seconds: u32) -> Self {
        DemoBackend { step_seconds: step_seconds.max(1) }
    }

    pub fn step_seconds(&self) -> u32 {
        self.step_seconds
    }

    /// Loads the ledger, plays the office up to now, runs `f`, and saves what changed.
    fn with_ledger<T>(
        &self,
        f: impl FnOnce(&mut Ledger, DateTime<Utc>) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let now = Utc::now();
        let mut ledger = persist::load()?;
        ledger.advance_all(now, Duration::seconds(i64::from(self.step_seconds)));
        let out = f(&mut ledger, now)?;
        persist::save(&ledger)?;
        Ok(out)
    }
}

impl Backend for DemoBackend {
    async fn categories(&self) -> Result<Vec<Category>, BackendError> {
        Ok(StandardCategory::ALL.into_iter().map(Category::standard).collect())
    }

    async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError> {
        self.with_ledger(|l, now| l.submit(new, now))
    }

    async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
        self.with_ledger(|l, _| l.find(id).cloned().ok_or(BackendError::NotFound))
    }

    async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError> {
        self.with_ledger(|l, _| Ok(ids.iter().filter_map(|id| l.find(id).cloned()).collect()))
    }

    async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
        self.with_ledger(|l, now| l.rate(id, rating, now))
    }

    async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
        self.with_ledger(|l, now| l.reopen(id, reason, now))
    }
}

#[cfg(target_arch = "wasm32")]
use crate::store::demo_ledger as persist;

/// On the host (unit tests) the ledger lives in memory, one per thread.
#[cfg(not(target_arch = "wasm32"))]
mod persist {
    use super::{BackendError, Ledger};
    use std::cell::RefCell;

    thread_local!(static LEDGER: RefCell<Ledger> = RefCell::new(Ledger::default()));

    pub fn load() -> Result<Ledger, BackendError> {
        Ok(LEDGER.with(|l| l.borrow().clone()))
    }

    pub fn save(ledger: &Ledger) -> Result<(), BackendError> {
        LEDGER.with(|l| *l.borrow_mut() = ledger.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Place, Satisfaction};
    use chrono::TimeZone;

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
    fn unknown_ids_are_not_found() {
        let mut l = Ledger::default();
        let id = RequestId("DS-0".into());
        let rating = Rating { solved: true, satisfaction: Satisfaction::Satisfied, comment: None };
        assert_eq!(l.rate(&id, &rating, t0()), Err(BackendError::NotFound));
        assert_eq!(l.reopen(&id, "reason", t0()), Err(BackendError::NotFound));
    }
}
