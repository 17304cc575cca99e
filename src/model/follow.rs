//! Following a request: what the resident last saw of it, and what has changed since — a new
//! step, a new word from the office, an "after" photo, a feedback deadline near or passed. The
//! phone's saved copy, refreshed from the office, is compared with what was seen; looking at the
//! request's page makes what it shows seen.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Request, SlaState, Status, Text};

/// A feedback deadline, as it concerns the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Due within a day.
    Soon,
    /// Past, and the office has not answered.
    Overdue,
}

/// How near a deadline must be to count as "soon".
const SOON_HOURS: i64 = 24;

/// What the resident last saw of a request (kept short: a volunteer follows hundreds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    #[serde(rename = "s")]
    pub status: Status,
    /// How many steps its timeline had.
    #[serde(rename = "n")]
    pub steps: u32,
    /// The office's note then.
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// How many photos the office had added.
    #[serde(rename = "p", default)]
    pub office_photos: u32,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
}

/// What changed since the resident last looked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The status now, if it moved.
    pub status: Option<Status>,
    /// How many of the timeline's last steps are new.
    pub new_steps: usize,
    /// The office wrote something new.
    pub note: bool,
    /// The office added a photo (an "after" photo).
    pub photo: bool,
    /// A feedback deadline is newly near, or newly passed.
    pub due: Option<Due>,
}

/// Where `request` stands against its feedback deadline at `now`, if that concerns the resident.
pub fn due(request: &Request, now: DateTime<Utc>) -> Option<Due> {
    match request.sla(now)? {
        SlaState::Overdue { .. } => Some(Due::Overdue),
        SlaState::DueBy(at) if at.signed_duration_since(now) <= Duration::hours(SOON_HOURS) => Some(Due::Soon),
        _ => None,
    }
}

fn office_photos(request: &Request) -> u32 {
    request.photos.iter().filter(|p| p.by_office).count().min(u32::MAX as usize) as u32
}

impl Seen {
    /// `request` as the resident sees it at `now`.
    pub fn of(request: &Request, now: DateTime<Utc>) -> Seen {
        Seen {
            status: request.status,
            steps: request.timeline.len().min(u32::MAX as usize) as u32,
            note: request.status_notes.clone(),
            office_photos: office_photos(request),
            due: due(request, now),
        }
    }

    /// What is new in `request` at `now` since it was seen as `self`; `None`: nothing.
    pub fn change(&self, request: &Request, now: DateTime<Utc>) -> Option<Change> {
        let status = (request.status != self.status).then_some(request.status);
        let new_steps = request.timeline.len().saturating_sub(self.steps as usize);
        let note = request.status_notes.is_some() && request.status_notes != self.note;
        let photo = office_photos(request) > self.office_photos;
        // A deadline counts once when it comes near and once when it passes; not once answered.
        let due = due(request, now).filter(|d| self.due.is_none_or(|seen| *d > seen));
        let change = Change { status, new_steps, note, photo, due };
        (change.status.is_some() || new_steps > 0 || note || photo || due.is_some()).then_some(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Photo, RequestId, Step, TimelineStep};
    use chrono::TimeZone;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap() + Duration::hours(h)
    }

    fn request() -> Request {
        Request {
            id: RequestId("R-1".into()),
            status: Status::Received,
            status_notes: None,
            category_code: "lighting".into(),
            category_name: Text::Plain("公共照明".into()),
            description: "楼道灯不亮".into(),
            place: Default::default(),
            private: false,
            requested_at: t(0),
            updated_at: t(0),
            expected_at: Some(t(72)),
            agency_responsible: None,
            timeline: vec![TimelineStep { step: Step::Received, at: t(0), note: None }],
            rating: None,
            notice: None,
            copies: Vec::new(),
            photos: Vec::new(),
            filed_by: None,
            read_key: None,
            public: false,
        }
    }

    fn moved(r: &mut Request, status: Status, step: Step, at: DateTime<Utc>) {
        r.status = status;
        r.timeline.push(TimelineStep { step, at, note: None });
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let r = request();
        assert_eq!(Seen::of(&r, t(1)).change(&r, t(2)), None);
    }

    #[test]
    fn a_new_step_is_a_change_until_it_is_seen() {
        let mut r = request();
        let seen = Seen::of(&r, t(1));
        moved(&mut r, Status::Dispatched, Step::Dispatched, t(2));
        moved(&mut r, Status::InProgress, Step::InProgress, t(3));
        let change = seen.change(&r, t(4)).unwrap();
        assert_eq!(change.status, Some(Status::InProgress));
        assert_eq!(change.new_steps, 2);
        assert!(!change.note && !change.photo && change.due.is_none());
        assert_eq!(Seen::of(&r, t(4)).change(&r, t(5)), None);
    }

    #[test]
    fn the_offices_new_words_and_after_photo_are_changes() {
        let mut r = request();
        let seen = Seen::of(&r, t(1));
        r.status_notes = Some(Text::Plain("电工明天上门".into()));
        let change = seen.change(&r, t(2)).unwrap();
        assert!(change.note && change.status.is_none() && change.new_steps == 0);
        let seen = Seen::of(&r, t(2));
        r.photos.push(Photo { url: "https://office.example/after.jpg".into(), by_office: true });
        assert!(seen.change(&r, t(3)).unwrap().photo);
        // The resident's own photo is no news to them.
        let seen = Seen::of(&r, t(3));
        r.photos.push(Photo { url: "https://office.example/mine.jpg".into(), by_office: false });
        assert_eq!(seen.change(&r, t(4)), None);
        // Words taken away are not news either.
        r.status_notes = None;
        assert_eq!(seen.change(&r, t(4)), None);
    }

    #[test]
    fn a_deadline_counts_once_when_near_and_once_when_passed_never_once_answered() {
        let r = request();
        let seen = Seen::of(&r, t(1));
        assert_eq!(seen.change(&r, t(47)), None);
        assert_eq!(seen.change(&r, t(48)).unwrap().due, Some(Due::Soon));
        let seen = Seen::of(&r, t(50));
        assert_eq!(seen.change(&r, t(60)), None);
        assert_eq!(seen.change(&r, t(73)).unwrap().due, Some(Due::Overdue));
        let seen = Seen::of(&r, t(73));
        assert_eq!(seen.change(&r, t(90)), None);
        // Answered in time: no deadline to warn of.
        let mut answered = request();
        let seen = Seen::of(&answered, t(1));
        moved(&mut answered, Status::Resolved, Step::Resolved, t(10));
        assert_eq!(seen.change(&answered, t(80)).unwrap().due, None);
    }

    #[test]
    fn what_was_seen_reads_back_as_kept() {
        let mut r = request();
        r.status_notes = Some(Text::Plain("已派单".into()));
        let seen = Seen::of(&r, t(50));
        let text = serde_json::to_string(&seen).unwrap();
        assert_eq!(serde_json::from_str::<Seen>(&text).unwrap(), seen);
        // A record of an older release, or cut short, reads as "nothing of it seen".
        assert!(serde_json::from_str::<Seen>(r#"{"s":"received","n":1}"#).is_ok());
    }
}
