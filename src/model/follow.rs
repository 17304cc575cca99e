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

/// The version of the watch the page writes for the service worker (`public/sw.js` reads only
/// its own).
pub const WATCH_VERSION: u32 = 1;

/// Quiet hours by the phone's clock: no notification from `QUIET_FROM`:00 to `QUIET_TO`:00.
pub const QUIET_FROM: u32 = 22;
pub const QUIET_TO: u32 = 7;

/// How an office can be asked, with no page open, where the requests this phone follows stand:
/// one call for all of them, and where an item of its answer (a JSON array) names its request and
/// status. Only the adapter knows this; it names each of the office's statuses it can read alone
/// (GeoReport's "open" says nothing new on its own, and is not named).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchCall {
    pub call: super::HttpCall,
    pub id_field: &'static str,
    pub status_field: &'static str,
    pub statuses: Vec<(&'static str, Status)>,
    /// A status that says more with an agency responsible (GeoReport's "open" held by one is
    /// dispatched): the status, the agency's field, and what it then is.
    pub held: Option<(&'static str, &'static str, Status)>,
}

/// One followed request as the service worker checks it: its number, what to call it (its kind,
/// in the resident's language: never a name, phone or address, a lock screen is public), and what
/// the phone already knows of its status (the words it would say).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Watched {
    pub id: String,
    pub title: String,
    pub known: String,
}

/// What the service worker is asked to check while no page is open (`public/sw.js`, on a periodic
/// background sync), exactly as it reads it: every judgement is made here. For each item of the
/// call's answer it reads the status, normalised as `normal` does, and finds its words in `says`; a
/// request whose words are neither `known` nor the last it told of is told once (a notification
/// per request, replacing its last), outside the quiet hours (local time: UTC plus
/// `utc_offset_minutes`, the phone's offset when this was written).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Watch {
    pub v: u32,
    pub call: super::HttpCall,
    pub id_field: String,
    pub status_field: String,
    pub says: Vec<(String, String)>,
    /// `WatchCall::held`, in words: the status (normalised), the agency's field, what to say.
    pub held: Option<(String, String, String)>,
    pub requests: Vec<Watched>,
    /// What a notification says under its title ("tap to see it"), and in which language.
    pub body: String,
    pub lang: String,
    pub quiet_from: u32,
    pub quiet_to: u32,
    /// The phone's time zone by name (the hour is worked out in it, across a change of clocks);
    /// its offset when this was written, where the name is unknown.
    pub time_zone: String,
    pub utc_offset_minutes: i32,
}

impl Watch {
    /// As the worker reads it: JSON, written by hand (a serializer derived for it would cost the
    /// modules that write it several kilobytes).
    pub fn to_json(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
        let pairs = |list: &[(String, String)]| list.iter().map(|(a, b)| format!("[{},{}]", q(a), q(b))).collect::<Vec<_>>().join(",");
        let body = self.call.body.as_deref().map_or("null".to_string(), q);
        let held = self.held.as_ref().map_or("null".to_string(), |(a, b, c)| format!("[{},{},{}]", q(a), q(b), q(c)));
        let call = format!("{{\"method\":{},\"url\":{},\"headers\":[{}],\"body\":{body}}}", q(&self.call.method), q(&self.call.url), pairs(&self.call.headers));
        let requests = self
            .requests
            .iter()
            .map(|r| format!("{{\"id\":{},\"title\":{},\"known\":{}}}", q(&r.id), q(&r.title), q(&r.known)))
            .collect::<Vec<_>>()
            .join(",");
        format!(
            "{{\"v\":{},\"call\":{call},\"id_field\":{},\"status_field\":{},\"says\":[{}],\"held\":{held},\"requests\":[{requests}],\"body\":{},\"lang\":{},\"quiet_from\":{},\"quiet_to\":{},\"time_zone\":{},\"utc_offset_minutes\":{}}}",
            self.v,
            q(&self.id_field),
            q(&self.status_field),
            pairs(&self.says),
            q(&self.body),
            q(&self.lang),
            self.quiet_from,
            self.quiet_to,
            q(&self.time_zone),
            self.utc_offset_minutes
        )
    }
}

/// An office's status as the worker compares it: trimmed, lower case, spaces and dashes as `_`.
pub fn normal(status: &str) -> String {
    // ASCII only: an office's status words are (and Unicode's case tables would cost a module 12 KB).
    status.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// The watch for `followed` (each request with what to call it), by `call`, in words `say` gives
/// for each status.
pub fn watch(
    call: WatchCall,
    followed: &[(&Request, String)],
    say: impl Fn(Status) -> String,
    body: String,
    lang: &str,
    (time_zone, utc_offset_minutes): (String, i32),
) -> Watch {
    Watch {
        v: WATCH_VERSION,
        says: call.statuses.iter().map(|(raw, s)| (normal(raw), say(*s))).collect(),
        held: call.held.map(|(raw, field, s)| (normal(raw), field.into(), say(s))),
        requests: followed
            .iter()
            .map(|(r, title)| Watched { id: r.id.as_str().to_string(), title: title.clone(), known: say(r.status) })
            .collect(),
        call: call.call,
        id_field: call.id_field.into(),
        status_field: call.status_field.into(),
        body,
        lang: lang.into(),
        quiet_from: QUIET_FROM,
        quiet_to: QUIET_TO,
        time_zone: time_zone.chars().take(64).collect(),
        utc_offset_minutes: utc_offset_minutes.clamp(-14 * 60, 14 * 60),
    }
}

/// A browser's Web Push subscription, as the office needs it to send this phone a message (RFC
/// 8030 and 8291): where to send, and the keys to encrypt for. Read from the browser, so bounded
/// and checked like anything from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

impl Subscription {
    /// A push service's address is https and at most 2,000 characters; the keys are base64url
    /// (a P-256 point of 65 bytes, 87 characters; a secret of 16 bytes, 22).
    pub fn new(endpoint: &str, p256dh: &str, auth: &str) -> Option<Subscription> {
        let b64 = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let endpoint_ok = endpoint.len() <= 2000 && endpoint.starts_with("https://") && endpoint.bytes().all(|b| b.is_ascii_graphic());
        (endpoint_ok && b64(p256dh, 87) && b64(auth, 22)).then(|| Subscription { endpoint: endpoint.into(), p256dh: p256dh.into(), auth: auth.into() })
    }
}

/// Whether `key` can be an office's VAPID public key (RFC 8292): a P-256 point, base64url.
pub fn push_key_ok(key: &str) -> bool {
    key.len() == 87 && key.starts_with('B') && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

    #[test]
    fn the_watch_says_each_status_in_words_and_what_the_phone_knows() {
        let mut r = request();
        r.status = Status::Dispatched;
        let call = WatchCall {
            call: crate::model::HttpCall { method: "GET".into(), url: "https://office.example/requests.json?service_request_id=R-1".into(), headers: Vec::new(), body: None },
            id_field: "service_request_id",
            status_field: "status",
            statuses: vec![("In Progress", Status::InProgress), ("closed", Status::Resolved), ("fixed", Status::Resolved)],
            held: Some(("open", "agency_responsible", Status::Dispatched)),
        };
        let say = |s: Status| format!("<{}>", s.code());
        let w = watch(call, &[(&r, "公共照明".into())], say, "点按查看".into(), "zh-CN", ("Asia/Shanghai".into(), 20 * 60));
        assert_eq!(w.says, vec![("in_progress".into(), "<in_progress>".into()), ("closed".into(), "<resolved>".into()), ("fixed".into(), "<resolved>".into())]);
        assert_eq!(w.held, Some(("open".into(), "agency_responsible".into(), "<dispatched>".into())));
        assert_eq!(w.requests, vec![Watched { id: "R-1".into(), title: "公共照明".into(), known: "<dispatched>".into() }]);
        assert_eq!((w.v, w.quiet_from, w.quiet_to, w.utc_offset_minutes), (WATCH_VERSION, 22, 7, 14 * 60));
        assert_eq!(normal(" Action-Scheduled "), "action_scheduled");
        // Nothing personal goes to the worker: only numbers, kinds and statuses.
        let text = w.to_json();
        assert!(!text.contains("楼道灯") && !text.contains("description"));
        // Written by hand, it reads as a derived serializer writes it.
        let by_hand: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(by_hand, serde_json::to_value(&w).unwrap());
        let mut quoted = w.clone();
        quoted.requests[0].title = "引号\"与\\反斜杠\n".into();
        let by_hand: serde_json::Value = serde_json::from_str(&quoted.to_json()).unwrap();
        assert_eq!(by_hand, serde_json::to_value(&quoted).unwrap());
    }

    const KEY: &str = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";

    #[test]
    fn a_push_subscription_is_taken_only_as_a_push_service_gives_it() {
        let auth = "tBHItJI5svbpez7KI4CCXg";
        let ok = Subscription::new("https://fcm.googleapis.com/fcm/send/abc:def", KEY, auth).unwrap();
        assert_eq!(ok.auth, auth);
        for (endpoint, p256dh, auth) in [
            ("http://push.example/abc", KEY, auth),
            ("https://push.example/a b", KEY, auth),
            ("javascript:alert(1)", KEY, auth),
            ("https://push.example/abc", &KEY[1..], auth),
            ("https://push.example/abc", KEY, "tBHItJI5svbpez7KI4CCX="),
        ] {
            assert!(Subscription::new(endpoint, p256dh, auth).is_none(), "{endpoint} {p256dh} {auth}");
        }
        let long = format!("https://push.example/{}", "a".repeat(2000));
        assert!(Subscription::new(&long, KEY, auth).is_none());
    }

    #[test]
    fn an_office_push_key_is_a_base64url_p256_point() {
        assert!(push_key_ok(KEY));
        assert!(!push_key_ok(&KEY.replace('B', "A")));
        assert!(!push_key_ok(&KEY[..86]));
        assert!(!push_key_ok(&format!("{}=", &KEY[..86])));
    }
}
