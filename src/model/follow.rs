//! Following a request: what the resident last saw of it, and what has changed since — a new
//! step, a new word from the office, an "after" photo, a feedback deadline near or passed. The
//! phone's saved copy, refreshed from the office, is compared with what was seen; looking at the
//! request's page makes what it shows seen.

use chrono::{DateTime, Duration, Utc};

use super::{Request, SlaState, Status, Text};

/// A feedback deadline, as it concerns the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// Due within a day.
    Soon,
    /// Past, and the office has not answered.
    Overdue,
}

/// How near a deadline must be to count as "soon".
const SOON_HOURS: i64 = 24;

/// What the resident last saw of a request: kept as a short line of text (`encode`), since a
/// volunteer follows hundreds, and a decoder would cost every page that reads it kilobytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub status: Status,
    /// How many steps its timeline had.
    pub steps: u32,
    /// A mark of the office's note then (0: none; the note itself is not kept twice).
    pub note: u32,
    /// How many photos the office had added.
    pub office_photos: u32,
    pub due: Option<Due>,
}

const STATUSES: [Status; 6] = [Status::Received, Status::Dispatched, Status::InProgress, Status::Resolved, Status::Closed, Status::Reopened];

/// A mark of the office's note (FNV-1a of its words; 0 for none, never for a note).
fn note_mark(note: &Option<Text>) -> u32 {
    let words = match note {
        None => return 0,
        Some(Text::Plain(s)) => s.clone(),
        Some(Text::Builtin(p)) => serde_json::to_string(p).unwrap_or_default(),
    };
    let mut h: u32 = 0x811c_9dc5;
    for b in words.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h.max(1)
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
            note: note_mark(&request.status_notes),
            office_photos: office_photos(request),
            due: due(request, now),
        }
    }

    /// As kept: `status/steps/note mark/office photos/due` (`-`, `soon`, `overdue`).
    pub fn encode(&self) -> String {
        let due = match self.due {
            None => "-",
            Some(Due::Soon) => "soon",
            Some(Due::Overdue) => "overdue",
        };
        format!("{}/{}/{}/{}/{due}", self.status.code(), self.steps, self.note, self.office_photos)
    }

    /// What `encode` wrote; `None` for anything else (then nothing of it counts as seen).
    pub fn decode(text: &str) -> Option<Seen> {
        let mut parts = text.split('/');
        let status = parts.next().and_then(|code| STATUSES.into_iter().find(|s| s.code() == code))?;
        let mut number = || parts.next()?.parse::<u32>().ok();
        let (steps, note, office_photos) = (number()?, number()?, number()?);
        let due = match parts.next()? {
            "-" => None,
            "soon" => Some(Due::Soon),
            "overdue" => Some(Due::Overdue),
            _ => return None,
        };
        parts.next().is_none().then_some(Seen { status, steps, note, office_photos, due })
    }

    /// What is new in `request` at `now` since it was seen as `self`; `None`: nothing.
    pub fn change(&self, request: &Request, now: DateTime<Utc>) -> Option<Change> {
        let status = (request.status != self.status).then_some(request.status);
        let new_steps = request.timeline.len().saturating_sub(self.steps as usize);
        let note = request.status_notes.is_some() && note_mark(&request.status_notes) != self.note;
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
    fn what_was_seen_reads_back_as_kept_and_nothing_else_does() {
        let mut r = request();
        r.status_notes = Some(Text::Plain("已派单".into()));
        for now in [t(1), t(50), t(80)] {
            let seen = Seen::of(&r, now);
            assert_eq!(Seen::decode(&seen.encode()), Some(seen));
        }
        assert_ne!(Seen::of(&r, t(1)).note, 0);
        for bad in ["", "received", "received/1/0/0", "received/1/0/0/-/x", "lost/1/0/0/-", "received/-1/0/0/-", "received/1/0/0/later", "received/99999999999/0/0/-"] {
            assert_eq!(Seen::decode(bad), None, "{bad}");
        }
    }
}
