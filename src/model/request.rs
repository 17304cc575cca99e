//! A resident's request: the new one being sent (with its idempotency key) and the one the office
//! reports (Open311 GeoReport v2 request plus the 12345 steps).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::photo::{Attached, Photo};
use super::place::Place;
use super::question::ValidAnswers;
use super::rating::Rating;
use super::sla::{self, SlaState};
use super::status::Status;
use super::text::Text;
use super::timeline::{Step, TimelineStep};

/// The tracking number (Open311 `service_request_id`). Whatever a backend sends is kept as it is
/// (and encoded wherever it goes into a URL); `parse` is for what a resident types.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub String);

/// The longest tracking number accepted from a backend or a resident.
pub const REQUEST_ID_MAX: usize = 64;

impl RequestId {
    /// A tracking number as a resident may type it: trimmed, inner spaces removed.
    pub fn parse(input: &str) -> Option<Self> {
        let id: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        (!id.is_empty()
            && id.len() <= REQUEST_ID_MAX
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then_some(RequestId(id))
    }

    /// An id as a backend sent it: anything printable up to the length limit, except the dot
    /// segments `.` and `..` (no encoding keeps a browser from resolving those in a URL).
    pub fn from_backend(raw: String) -> Option<Self> {
        let ok = !raw.trim().is_empty()
            && raw.chars().count() <= REQUEST_ID_MAX
            && !raw.chars().any(char::is_control)
            && raw != "."
            && raw != "..";
        ok.then_some(RequestId(raw))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A UUID v4 created with the draft and sent with it as `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdempotencyKey(pub String);

impl IdempotencyKey {
    /// The key of the resident's change `what` ("rating", "reopen") to a request that has taken
    /// `round` steps: the same for every retry of it (a lost answer, a reloaded page), another once
    /// the request has moved on (a rating after a reopening is a new one).
    pub fn for_change(what: &str, round: usize) -> Self {
        IdempotencyKey(format!("{what}-{round}"))
    }

    /// Formats 16 random bytes (from the platform's random source) as a UUID v4.
    pub fn from_random_bytes(mut b: [u8; 16]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let mut s = String::with_capacity(36);
        for (i, x) in b.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                s.push('-');
            }
            s.push(HEX[usize::from(x >> 4)] as char);
            s.push(HEX[usize::from(x & 0x0f)] as char);
        }
        IdempotencyKey(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who filed a request for someone else, and the neighbour's consent in the exact words the
/// volunteer confirmed; `line` is the same in one sentence of the volunteer's language (an office
/// without a field for it, GeoReport v2, gets it as the description's last line).
/// Stored as a list of its five texts (a struct's own decoder would cost the wasm kilobytes for
/// each place a request is read from).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "Vec<String>", from = "Vec<String>")]
pub struct FiledBy {
    pub name: String,
    pub phone: String,
    pub team: String,
    pub consent: String,
    pub line: String,
}

impl From<FiledBy> for Vec<String> {
    fn from(f: FiledBy) -> Self {
        vec![f.name, f.phone, f.team, f.consent, f.line]
    }
}

impl From<Vec<String>> for FiledBy {
    fn from(v: Vec<String>) -> Self {
        let mut parts = v.into_iter();
        let mut next = || parts.next().unwrap_or_default();
        FiledBy { name: next(), phone: next(), team: next(), consent: next(), line: next() }
    }
}

impl FiledBy {
    /// "王芳 · 幸福里志愿队", or the name alone: how a volunteer is named to the office and the neighbour.
    pub fn who(&self) -> String {
        if self.team.is_empty() {
            self.name.clone()
        } else {
            format!("{} · {}", self.name, self.team)
        }
    }

    pub fn new(name: &str, phone: &str, team: &str, consent: String, line: String) -> Self {
        FiledBy { name: name.into(), phone: phone.into(), team: team.into(), consent, line }
    }
}

/// Who to call back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

/// Two-character family names (复姓) that a Chinese name may begin with.
const COMPOUND_FAMILY_NAMES: [&str; 20] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "夏侯", "轩辕", "令狐", "宇文",
    "司徒", "司空", "端木", "独孤", "南宫", "西门",
];

impl Contact {
    /// The name as (family name, given name). A name with spaces is read in Western order (the
    /// last word is the family name); a name without spaces in Chinese order (the first character,
    /// or a known two-character family name, then the rest: 王阿姨 → 王 + 阿姨, 欧阳修 → 欧阳 + 修).
    pub fn family_and_given(&self) -> (String, String) {
        let name = self.name.trim();
        if let Some((given, family)) = name.rsplit_once(char::is_whitespace) {
            return (family.trim().to_string(), given.trim().to_string());
        }
        let family_len = COMPOUND_FAMILY_NAMES
            .iter()
            .find(|f| name.starts_with(*f) && name.chars().count() > 2)
            .map_or(1, |f| f.chars().count());
        let split = name.char_indices().nth(family_len).map_or(name.len(), |(i, _)| i);
        (name[..split].to_string(), name[split..].to_string())
    }
}

/// A validated request ready to send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub idempotency_key: IdempotencyKey,
    pub category_code: String,
    pub description: String,
    pub place: Place,
    pub contact: Contact,
    /// Keep the request out of any public listing (only sent to backends that can).
    #[serde(default)]
    pub private: bool,
    /// Answers to the category's extra questions, by question code.
    #[serde(default)]
    pub answers: ValidAnswers,
    /// The photos, in the resident's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Attached>,
    /// Filed by a volunteer for the neighbour in `contact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<FiledBy>,
}

/// The request is not in a state that allows this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotNow;

/// A request as the backend reports it. Everything but the id, status and times may be missing
/// from what a backend sent or an older release stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub status: Status,
    #[serde(default)]
    pub status_notes: Option<Text>,
    #[serde(default)]
    pub category_code: String,
    #[serde(default = "no_category")]
    pub category_name: Text,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: Place,
    #[serde(default)]
    pub private: bool,
    #[serde(with = "crate::model::time::utc")]
    pub requested_at: DateTime<Utc>,
    #[serde(with = "crate::model::time::utc")]
    pub updated_at: DateTime<Utc>,
    /// When feedback is due (Open311 `expected_datetime`).
    #[serde(default, with = "crate::model::time::utc_opt")]
    pub expected_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub agency_responsible: Option<Text>,
    #[serde(default)]
    pub timeline: Vec<TimelineStep>,
    #[serde(default)]
    pub rating: Option<Rating>,
    /// What the office said when it took the request (Open311 `service_notice`).
    #[serde(default)]
    pub notice: Option<Text>,
    /// Other numbers the office filed this same request under (a browser's own re-send can leave
    /// two on a server without idempotency keys): the resident is told, so the office can merge them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<RequestId>,
    /// The resident's photos and the office's ("after").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    /// The volunteer who filed it for the requester, as the office has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<FiledBy>,
    /// The key the office gave this phone when it was filed: with it, the office shows the request
    /// whole (without it, only its public view). Kept on the phone, never put in a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_key: Option<String>,
    /// The office's public view: what anyone with the number may see (no description, address,
    /// contact, photos or comments). Never kept: the phone keeps only the requests it filed, whole.
    #[serde(skip)]
    pub public: bool,
}

/// Whether `key` looks like a read key the REST contract gives (base64url, 22 to 128 characters):
/// anything else from outside (an answer, a scanned link) is not kept nor sent.
pub fn is_read_key(key: &str) -> bool {
    (22..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What proves to an office that this phone may see a request whole: the key it gave when the
/// request was filed, or the last four digits of the contact's phone (as 12345 services ask).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proof {
    Key(String),
    PhoneDigits(String),
}

fn no_category() -> Text {
    Text::Plain(String::new())
}

impl Request {
    /// The office's fresh copy of this request, with what only the phone knows kept: the other
    /// numbers the office filed it under (GeoReport knows nothing of them) and who filed it, where
    /// the office gives neither back. A refresh never forgets what the resident was told.
    /// The key the office gave stays with the phone's copy, and where the office answered only its
    /// public view, what the phone was shown whole (the words, the place, the photos, the rating's
    /// comment) stays as it was: the public view has no say on them.
    pub fn refreshed_by(&self, office: &Request) -> Request {
        let mut fresh = office.clone();
        if fresh.copies.is_empty() {
            fresh.copies = self.copies.clone();
        }
        if fresh.filed_by.is_none() {
            fresh.filed_by = self.filed_by.clone();
        }
        if fresh.read_key.is_none() {
            fresh.read_key = self.read_key.clone();
        }
        if fresh.public && !self.public {
            fresh.public = false;
            fresh.description = self.description.clone();
            fresh.place = Place { community: fresh.place.community.or_else(|| self.place.community.clone()), building: fresh.place.building.or_else(|| self.place.building.clone()), ..self.place.clone() };
            fresh.photos = self.photos.clone();
            fresh.private = self.private;
            if let (Some(mine), Some(theirs)) = (&self.rating, &mut fresh.rating) {
                theirs.comment = theirs.comment.take().or_else(|| mine.comment.clone());
            } else if fresh.rating.is_none() {
                fresh.rating = self.rating.clone();
            }
            // The public view leaves out the resident's words on their own steps (a rating's
            // comment, a reason to reopen) and the office's notice: the phone's stay.
            for step in fresh.timeline.iter_mut().filter(|s| s.note.is_none()) {
                step.note = self.timeline.iter().find(|k| k.step == step.step && k.at == step.at).and_then(|k| k.note.clone());
            }
            if fresh.notice.is_none() {
                fresh.notice = self.notice.clone();
            }
        }
        fresh
    }

    /// The resident may rate a request once the office has answered it.
    pub fn can_rate(&self) -> bool {
        self.status == Status::Resolved
    }

    /// The resident may send it back after rating it unsolved or dissatisfied.
    pub fn can_reopen(&self) -> bool {
        self.status == Status::Closed && self.rating.as_ref().is_some_and(Rating::allows_reopen)
    }

    /// When the office last answered (办结), if it has since the last reopen.
    pub fn answered_at(&self) -> Option<DateTime<Utc>> {
        if self.status.is_open() {
            return None;
        }
        self.timeline.iter().rev().find(|s| s.step == Step::Resolved).map(|s| s.at)
    }

    /// Where the request stands against its feedback deadline, if it has one.
    pub fn sla(&self, now: DateTime<Utc>) -> Option<SlaState> {
        self.expected_at.map(|due| sla::sla_state(due, self.answered_at(), now))
    }

    /// Records the resident's rating of an answered request (status becomes `Closed`).
    pub fn record_rating(&mut self, rating: &Rating, now: DateTime<Utc>) -> Result<(), NotNow> {
        if !self.can_rate() {
            return Err(NotNow);
        }
        self.status = Status::Closed;
        self.rating = Some(rating.clone());
        self.updated_at = now;
        self.timeline.push(TimelineStep {
            step: Step::Rated { solved: rating.solved, satisfaction: rating.satisfaction },
            at: now,
            note: rating.comment.clone().map(Text::Plain),
        });
        Ok(())
    }

    /// Sends a rated, unsolved or unsatisfying request back (重办); feedback is due
    /// `feedback_hours` from now.
    pub fn reopen(&mut self, reason: &str, feedback_hours: u32, now: DateTime<Utc>) -> Result<(), NotNow> {
        if !self.can_reopen() {
            return Err(NotNow);
        }
        self.status = Status::Reopened;
        self.updated_at = now;
        self.status_notes = Some(Text::plain(reason));
        self.expected_at = sla::deadline(now, feedback_hours);
        self.timeline.push(TimelineStep { step: Step::Reopened, at: now, note: Some(Text::plain(reason)) });
        Ok(())
    }

    /// Adds the resident's photos (their addresses at the office) to a request still open, up to
    /// `MAX_PHOTOS` of the resident's in all.
    pub fn add_photos(&mut self, urls: &[String], now: DateTime<Utc>) -> Result<(), NotNow> {
        let theirs = self.photos.iter().filter(|p| !p.by_office).count();
        if !self.status.is_open() || urls.is_empty() || theirs + urls.len() > super::photo::MAX_PHOTOS {
            return Err(NotNow);
        }
        self.photos.extend(urls.iter().map(|url| Photo { url: url.clone(), by_office: false }));
        self.updated_at = now;
        Ok(())
    }

    /// How many more photos the resident may add.
    pub fn photos_left(&self) -> usize {
        if !self.status.is_open() {
            return 0;
        }
        super::photo::MAX_PHOTOS.saturating_sub(self.photos.iter().filter(|p| !p.by_office).count())
    }

    /// The time of the newest step, or the last update.
    pub fn last_update(&self) -> DateTime<Utc> {
        self.timeline.last().map(|s| s.at).unwrap_or(self.updated_at).max(self.updated_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_keeps_the_copies_the_resident_was_told_and_who_filed_it() {
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 9, 0, 0).unwrap();
        let office = Request {
            id: RequestId("638354".into()),
            status: Status::InProgress,
            status_notes: None,
            category_code: "1".into(),
            category_name: Text::Plain("路灯".into()),
            description: "楼道灯不亮".into(),
            place: Place::default(),
            private: false,
            requested_at: at,
            updated_at: at,
            expected_at: None,
            agency_responsible: None,
            timeline: Vec::new(),
            rating: None,
            notice: None,
            copies: Vec::new(),
            photos: Vec::new(),
            filed_by: None,
            read_key: None,
            public: false,
        };
        let mut kept = office.clone();
        kept.status = Status::Received;
        kept.copies = vec![RequestId("638355".into())];
        kept.filed_by = Some(FiledBy::new("王芳", "13900001111", "幸福里志愿队", "同意".into(), String::new()));
        let fresh = kept.refreshed_by(&office);
        assert_eq!(fresh.status, Status::InProgress, "the office's news");
        assert_eq!(fresh.copies, kept.copies, "the other number the resident was told");
        assert_eq!(fresh.filed_by, kept.filed_by);
        // Where the office does say (REST gives `filed_by` back), the office's stands.
        let mut told = office.clone();
        told.copies = vec![RequestId("9".into())];
        assert_eq!(kept.refreshed_by(&told).copies, vec![RequestId("9".into())]);
    }

    #[test]
    fn a_change_is_keyed_by_its_round() {
        assert_eq!(IdempotencyKey::for_change("rating", 3), IdempotencyKey::for_change("rating", 3), "a retry is the same change");
        assert_ne!(IdempotencyKey::for_change("rating", 3), IdempotencyKey::for_change("rating", 5), "after a reopening, a new one");
        assert_eq!(IdempotencyKey::for_change("reopen", 4).as_str(), "reopen-4");
    }

    #[test]
    fn a_refresh_keeps_the_read_key_and_a_public_view_forgets_nothing() {
        let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 7, 9, 0, 0).unwrap();
        let mut kept: Request = serde_json::from_value(serde_json::json!({
            "id": "R-7KQ2M4XHWTBD", "status": "received", "description": "楼道灯不亮", "requested_at": "2026-12-07T09:00:00Z",
            "updated_at": "2026-12-07T09:00:00Z", "read_key": "Zk3q9mV0bq1xN8yT2wLr5A"
        }))
        .unwrap();
        kept.place = Place { address: "太华路 9 号楼".into(), building: Some("9号楼".into()), ..Place::default() };
        kept.rating = Some(Rating { solved: false, satisfaction: crate::model::Satisfaction::Dissatisfied, comment: Some("没修好".into()) });
        // The private view (no key in it: the office gives the key once).
        let mut private = kept.clone();
        private.read_key = None;
        private.status = Status::Dispatched;
        assert_eq!(kept.refreshed_by(&private).read_key, kept.read_key);
        // The public view: its news taken, the words the phone was shown whole kept.
        let mut public = private.clone();
        public.public = true;
        public.description = String::new();
        public.place = Place { community: Some("太华路社区".into()), ..Place::default() };
        public.rating = None;
        public.updated_at = at;
        kept.notice = Some(Text::Plain("街道将在 7 天内答复。".into()));
        kept.timeline = vec![
            TimelineStep { step: crate::model::Step::Received, at, note: None },
            TimelineStep { step: crate::model::Step::Reopened, at, note: Some(Text::Plain("三楼的灯还是不亮".into())) },
        ];
        public.timeline = vec![
            TimelineStep { step: crate::model::Step::Received, at, note: None },
            TimelineStep { step: crate::model::Step::Reopened, at, note: None },
            TimelineStep { step: crate::model::Step::Dispatched, at, note: Some(Text::Plain("已派单".into())) },
        ];
        let fresh = kept.refreshed_by(&public);
        assert_eq!((fresh.status, fresh.public), (Status::Dispatched, false));
        assert_eq!(fresh.description, "楼道灯不亮");
        assert_eq!((fresh.place.address.as_str(), fresh.place.community.as_deref()), ("太华路 9 号楼", Some("太华路社区")));
        assert_eq!(fresh.rating, kept.rating);
        assert_eq!(fresh.notice, kept.notice, "the office's notice");
        let notes: Vec<_> = fresh.timeline.iter().map(|s| s.note.clone()).collect();
        assert_eq!(notes, [None, Some(Text::Plain("三楼的灯还是不亮".into())), Some(Text::Plain("已派单".into()))], "the resident's reason, and the office's news");
        // A copy that was public to begin with stays public.
        assert!(public.refreshed_by(&public).public);
    }

    #[test]
    fn tracking_numbers_are_normalised_or_refused() {
        assert_eq!(RequestId::parse(" DS-2026 1128-0001 "), Some(RequestId("DS-20261128-0001".into())));
        assert_eq!(RequestId::parse("   "), None);
        assert_eq!(RequestId::parse("a/b"), None);
        assert_eq!(RequestId::parse("<script>"), None);
    }

    #[test]
    fn backend_ids_are_kept_as_sent_within_bounds() {
        assert_eq!(RequestId::from_backend("a/b?c#d".into()), Some(RequestId("a/b?c#d".into())));
        assert_eq!(RequestId::from_backend(" ".into()), None);
        assert_eq!(RequestId::from_backend("x".repeat(65)), None);
        assert_eq!(RequestId::from_backend("a\nb".into()), None);
        assert_eq!(RequestId::from_backend("..".into()), None);
        assert_eq!(RequestId::from_backend("../x".into()), Some(RequestId("../x".into())));
    }

    #[test]
    fn key_is_a_uuid_v4() {
        let key = IdempotencyKey::from_random_bytes([0xff; 16]);
        assert_eq!(key.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let key = IdempotencyKey::from_random_bytes([0; 16]);
        assert_eq!(key.as_str(), "00000000-0000-4000-8000-000000000000");
        let key = IdempotencyKey::from_random_bytes([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(key.as_str(), "12345678-9abc-4ef0-8102-030405060708");
    }

    #[test]
    fn names_split_into_family_and_given() {
        let split = |n: &str| Contact { name: n.into(), phone: String::new() }.family_and_given();
        assert_eq!(split("王阿姨"), ("王".into(), "阿姨".into()));
        assert_eq!(split(" 李师傅 "), ("李".into(), "师傅".into()));
        assert_eq!(split("欧阳修"), ("欧阳".into(), "修".into()));
        assert_eq!(split("欧阳"), ("欧".into(), "阳".into()));
        assert_eq!(split("Mary Ann Smith"), ("Smith".into(), "Mary Ann".into()));
        assert_eq!(split("王"), ("王".into(), String::new()));
    }

    #[test]
    fn photos_are_added_only_to_an_open_request_and_up_to_the_limit() {
        let at = "2026-11-28T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let mut r: Request = serde_json::from_str(r#"{"id":"7","status":"in_progress","requested_at":"2026-11-28T09:00:00Z","updated_at":"2026-11-28T09:00:00Z"}"#).unwrap();
        r.photos.push(Photo { url: "https://x/after.jpg".into(), by_office: true });
        assert_eq!(r.photos_left(), 4);
        let urls: Vec<String> = (0..3).map(|n| format!("https://x/{n}.jpg")).collect();
        assert_eq!(r.add_photos(&urls, at), Ok(()));
        assert_eq!((r.photos.len(), r.photos_left(), r.updated_at), (4, 1, at));
        assert_eq!(r.add_photos(&urls[..2], at), Err(NotNow), "five of the resident's");
        assert_eq!(r.add_photos(&[], at), Err(NotNow));
        r.status = Status::Closed;
        assert_eq!(r.photos_left(), 0);
        assert_eq!(r.add_photos(&urls[..1], at), Err(NotNow));
    }

    #[test]
    fn a_request_stored_by_the_first_release_still_reads() {
        // The shape the first release wrote to "my requests" (no `notice`, every field present).
        let v0 = r#"{"id":"DS-20261128-0001","status":"received","status_notes":null,"category_code":"heating",
            "category_name":{"kind":"builtin","value":{"category_name":"heating"}},"description":"暖气不热",
            "place":{"address":"太华路社区","community":null,"building":"9号楼","unit":null,"point":null},"private":false,
            "requested_at":"2026-11-28T09:00:00Z","updated_at":"2026-11-28T09:00:00Z","expected_at":"2026-11-29T09:00:00Z",
            "agency_responsible":null,"timeline":[{"step":{"step":"received"},"at":"2026-11-28T09:00:00Z","note":null}],"rating":null}"#;
        let r: Request = serde_json::from_str(v0).unwrap();
        assert_eq!(r.place.building.as_deref(), Some("9号楼"));
        assert_eq!(r.notice, None);
        // And a sparse one, as a future release might trim it.
        let sparse = r#"{"id":"7","status":"resolved","requested_at":"2026-11-28T09:00:00Z","updated_at":"2026-11-28T09:00:00Z"}"#;
        let r: Request = serde_json::from_str(sparse).unwrap();
        assert!(r.timeline.is_empty() && r.description.is_empty());
    }
}
