//! The outbox protocol, in one place: a request on its way to the office as a pure state machine.
//! The page (`components::outbox`) and the service worker (`public/sw.js`) only carry out what it
//! says; neither decides anything of its own.
//!
//! ```text
//!            photos uploaded          begin try (kept on the phone before anything is sent)
//!  Queued ─────────────────▶ Ready ◀───────────────┐
//!    │      bytes frozen       │  │ failed, worth    │ back-off (Retry-After honoured)
//!    │                         │  └─ another try ────┘
//!    │                         ├──▶ Filed { request, also } ──▶ remembered in "my requests" ──▶ gone
//!    │                         └──▶ Refused(office's words) ──▶ back to its form (new key)
//!    └── withdraw / change (a try may have arrived: the office is asked first) ──▶ Withdrawn ──▶ gone
//! ```
//!
//! Its rules: a request is tried by one holder at a time (the Web Lock `doorstep-outbox`), every
//! try is written down — who, when, which bytes — before it is sent, and after any try the office
//! is searched before the next one (`Outgoing::look_first`). A request's bytes are frozen once, so
//! every try sends the same thing under the same idempotency key; a change makes a new request with
//! a new key. The service worker may carry a request out only where the office keys its requests or
//! no try has been made yet (`Entry::worker_plan`): where a search needs judgement, it waits for the
//! page. Back-off waits are bounded by their own length, so a phone clock set back never stalls the
//! queue.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::category::Category;
use super::request::{IdempotencyKey, NewRequest, Request, RequestId};

/// What went over the wire the first time, as the adapter encoded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wire {
    /// The body exactly as first sent (JSON, a form, or what the adapter needs to send again).
    pub body: String,
    /// When it was first prepared, by the office's clock where known: part of the body.
    #[serde(with = "crate::model::time::utc")]
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

/// A send as plain HTTP calls: look for an earlier one first (where the office can say exactly),
/// and post only if there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub lookup: Option<Lookup>,
    pub post: HttpCall,
}

/// The version of the plans written for the service worker. A worker meeting another version
/// leaves the plan alone (the page writes it again in its own version).
pub const PLAN_VERSION: u32 = 2;

/// What the service worker is asked to carry out for one request, exactly as it reads it
/// (`public/sw.js`). Every judgement is already made here: which answers mean "try again later"
/// (`retry_on`), whether it may try again after a try whose answer it never got (`repeatable`),
/// and not before when (`not_before`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub v: u32,
    pub lookup: Option<Lookup>,
    pub post: HttpCall,
    pub repeatable: bool,
    /// HTTP statuses, as inclusive ranges, after which the request is still waiting.
    pub retry_on: Vec<(u16, u16)>,
    /// Milliseconds since 1970 by the phone's clock.
    pub not_before: i64,
    /// Where the office can only be searched, what requests saying exactly the same share: the
    /// worker tries no plan while another of the same `alike` has a try it got no answer to, or any
    /// answer but a filing — a refusal too, until the page has searched (two alike requests are
    /// never in doubt at once). Such a plan stays until the page has judged its answer.
    pub alike: Option<u32>,
    /// When the resident sent it (ms since 1970): the worker tries requests in the order they
    /// were sent, as the page does.
    #[serde(default)]
    pub queued: i64,
}

/// One try by the service worker, as it wrote it down: begun at `at` (ms since 1970, the phone's
/// clock) — `office_at` by the office's, where the worker had just asked the app's origin the time
/// (a `Date` header) — and what came back, if anything did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerTry {
    pub at: i64,
    #[serde(default)]
    pub office_at: Option<i64>,
    #[serde(default)]
    pub answer: Option<Delivered>,
}

/// What the service worker got from a plan: the item its look-up found, or the answer to its
/// post. The adapter reads it (`Backend::accept`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivered {
    /// The look-up found an earlier send (`body` is that item), or the post was answered.
    pub found: bool,
    pub status: u16,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub retry_after: Option<String>,
    pub body: String,
}

/// The service worker's record of one request: version 2 lists its tries; the first release wrote
/// one answer as the record itself (read as one try of unknown time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerRecord {
    #[serde(default)]
    pub v: u32,
    #[serde(default)]
    pub tries: Vec<WorkerTry>,
    // The first release's record: one answer.
    #[serde(default)]
    found: Option<bool>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

impl WorkerRecord {
    /// The tries it holds, whichever release wrote it (`then` stands in for an unknown time).
    pub fn tries(self, then: DateTime<Utc>) -> Vec<WorkerTry> {
        match (self.v, self.found, self.status, self.body) {
            (PLAN_VERSION, ..) => self.tries,
            (0, Some(found), Some(status), Some(body)) => {
                let answer = Delivered { found, status, content_type: self.content_type, retry_after: None, body };
                vec![WorkerTry { at: then.timestamp_millis(), office_at: None, answer: Some(answer) }]
            }
            _ => Vec::new(),
        }
    }
}

/// How an office tells a repeated send from a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dedup {
    /// By the idempotency key (REST): a repeated send is answered with the first one's result.
    Keyed,
    /// Only by searching its list for what was sent (Open311): a repeated post files twice.
    Search,
    /// In the page, under the key (the demo office).
    Local,
}

/// Whether a failure is worth another try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// The office refused it: trying again would change nothing.
    Never,
    /// As the back-off schedule says.
    Soon,
    /// Not before this many seconds (the server's `Retry-After`).
    After(u32),
}

/// What the outbox needs to know of a failure (the backend's typed error implements it).
pub trait Verdict {
    fn retry(&self) -> Retry;
    /// A batch server's token for a post it accepted: followed, never posted again.
    fn token(&self) -> Option<&str> {
        None
    }
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

/// Who carried out a try.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Holder {
    Page,
    Worker,
}

/// One try, written down before it was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub by: Holder,
    /// When it began, by the phone's clock.
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    /// The same moment by the office's clock, where the phone knew the difference.
    #[serde(default, with = "crate::model::time::utc_opt")]
    pub office_at: Option<DateTime<Utc>>,
    /// The phone clock's era then (see `Clock`): a difference learnt later in the same era applies.
    #[serde(default)]
    pub era: u32,
    /// Which bytes went: a hash of the frozen body.
    #[serde(default)]
    pub bytes: u32,
    /// Whether an answer came back (if not, the office may or may not have it).
    #[serde(default)]
    pub answered: bool,
}

/// Where a request stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stage<E> {
    /// Its photos are being uploaded; its bytes are not frozen yet.
    Queued,
    /// Its bytes are frozen: sent when due.
    Ready,
    /// The office has it (kept until "my requests" has it, so its number is never lost), and any
    /// other copy of it the office turned out to have.
    Filed { request: Request, also: Vec<RequestId> },
    /// The office refused it: it goes back to its form with the office's words.
    Refused(E),
    /// The resident took it back; gone once its storage is cleared.
    Withdrawn,
}

/// The back-off after a failed try: not before `until`, a wait of `wait_ms` from when it was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backoff {
    #[serde(with = "crate::model::time::utc")]
    pub until: DateTime<Utc>,
    pub wait_ms: i64,
}

/// A request in the outbox, and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "E: Deserialize<'de>"))]
pub struct Entry<E> {
    pub request: NewRequest,
    #[serde(with = "crate::model::time::utc")]
    pub queued_at: DateTime<Utc>,
    /// The category as the form listed it when the resident sent it.
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default = "queued")]
    pub stage: Stage<E>,
    /// The frozen first send, once prepared.
    #[serde(default)]
    pub wire: Option<Wire>,
    /// Every try, in order.
    #[serde(default)]
    pub tries: Vec<Attempt>,
    /// Failed tries in a row (for the back-off).
    #[serde(default)]
    pub failures: u32,
    #[serde(default)]
    pub backoff: Option<Backoff>,
    /// Why the last try failed.
    #[serde(default)]
    pub last_error: Option<E>,
    /// A batch server's token for a post it accepted (Open311): followed, never posted again.
    #[serde(default)]
    pub token: Option<String>,
    /// What the first release kept (read, never written): tries as a count, refusal and next try
    /// beside the state.
    #[serde(default, skip_serializing)]
    attempts: u32,
    #[serde(default, skip_serializing)]
    refused: Option<E>,
}

fn queued<E>() -> Stage<E> {
    Stage::Queued
}

/// A send as the adapter sees it: the request, its frozen bytes, and what the outbox knows.
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub request: NewRequest,
    pub wire: Wire,
    /// Every try so far (this one last, when a try is under way).
    pub tries: Vec<Attempt>,
    /// An earlier try may have reached the office: search for it before posting again.
    pub look_first: bool,
    pub token: Option<String>,
    /// Numbers this phone already holds for its other requests: never this one's.
    pub known: Vec<RequestId>,
}

/// What the phone knows of its clock: its era — a new one at each start and whenever the clock
/// is seen to jump (wall time against the page's monotonic clock) — and how far the office's clock
/// is ahead of it, once an answer has said (a `Date` header, the time the office stamped a filing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub era: u32,
    pub offset_ms: Option<i64>,
}

impl Clock {
    pub fn offset(&self) -> Option<Duration> {
        self.offset_ms.map(Duration::milliseconds)
    }

    /// `at` (by the phone's clock, in `era`) by the office's clock, if known.
    pub fn office_time(&self, at: DateTime<Utc>, era: u32) -> Option<DateTime<Utc>> {
        (era == self.era).then_some(())?;
        at.checked_add_signed(self.offset()?)
    }
}

/// The moments the office may have received a request tried at `tries`, by the office's clock:
/// each try from just before its start to `slack` after it (a try lasts at most the time-out). Where
/// the difference of the clocks was not known at the try, it is taken from `clock` if learnt in the
/// same era since, or else the window is widened by `skew` either way.
pub fn windows(tries: &[Attempt], clock: Clock, slack: Duration, skew: Duration) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    tries
        .iter()
        .map(|t| match t.office_at.or_else(|| clock.office_time(t.at, t.era)) {
            Some(at) => (at - Duration::seconds(2), at + slack),
            None => (t.at - skew, t.at + slack + skew),
        })
        .collect()
}

/// A request the office has filed, and any other copy of it the office turned out to have (a
/// browser re-sending a post by itself can leave two on a server without idempotency keys: the
/// resident is told both numbers, so the office can merge them).
#[derive(Clone, Debug, PartialEq)]
pub struct Filed {
    pub request: Request,
    pub also: Vec<RequestId>,
}

impl From<Request> for Filed {
    fn from(request: Request) -> Self {
        Filed { request, also: Vec::new() }
    }
}

/// What the holder of the outbox does next with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing now; look again at this time (`None`: when something changes).
    Idle(Option<DateTime<Utc>>),
    /// Upload this photo (the one kept on the phone under this id) — outside the outbox's lock.
    UploadPhoto(String),
    /// Freeze its bytes.
    Prepare,
    /// Try to send it: `begin`, keep, send, `answered`.
    Send,
    /// Keep the filed request in "my requests", then forget the entry.
    Remember,
    /// Clear it from the phone.
    Forget,
}

/// What a resident can ask of a waiting request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    SendNow,
    Withdraw,
    /// Take it back to the form (it returns with a new key).
    Change,
    /// Leave out a photo not yet uploaded.
    DropPhoto,
}

/// Whether a resident's act can be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum May {
    Now,
    /// Only once the office has said it does not have it (a try may have reached it).
    AskOfficeFirst,
    No,
}

/// A 32-bit FNV-1a hash: which bytes a try sent.
pub fn fingerprint(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

impl<E: Verdict + Clone> Entry<E> {
    pub fn new(request: NewRequest, category: Option<Category>, now: DateTime<Utc>) -> Self {
        Entry {
            request,
            queued_at: now,
            category,
            stage: Stage::Queued,
            wire: None,
            tries: Vec::new(),
            failures: 0,
            backoff: None,
            last_error: None,
            token: None,
            attempts: 0,
            refused: None,
        }
    }

    pub fn key(&self) -> &IdempotencyKey {
        &self.request.idempotency_key
    }

    /// An entry the first release kept, in this release's terms (its tries as many of unknown
    /// outcome at the time it was queued); an entry of this release, as it is.
    pub fn upgraded(mut self) -> Self {
        for _ in self.tries.len() as u32..self.attempts {
            self.tries.push(Attempt { by: Holder::Page, at: self.queued_at, office_at: None, era: u32::MAX, bytes: 0, answered: false });
        }
        self.attempts = 0;
        if let Some(e) = self.refused.take() {
            self.stage = Stage::Refused(e);
        } else if matches!(self.stage, Stage::Queued) && self.wire.is_some() {
            self.stage = Stage::Ready;
        }
        self
    }

    /// Whether an earlier try may have reached the office.
    pub fn may_have_arrived(&self) -> bool {
        !self.tries.is_empty() || self.token.is_some()
    }

    /// Whether a try may have reached the office without this phone hearing so: one whose answer
    /// never came, or a token given (an answered try was filed or refused, as its answer said).
    pub fn landed_unanswered(&self) -> bool {
        self.token.is_some() || self.tries.iter().any(|t| !t.answered)
    }

    /// Whether it was tried and is still waiting: the office may or may not have it.
    pub fn in_doubt(&self) -> bool {
        self.waiting() && self.may_have_arrived()
    }

    /// Whether it is still on its way (neither filed, refused nor withdrawn).
    pub fn waiting(&self) -> bool {
        matches!(self.stage, Stage::Queued | Stage::Ready)
    }

    pub fn refusal(&self) -> Option<&E> {
        match &self.stage {
            Stage::Refused(e) => Some(e),
            _ => None,
        }
    }

    /// Not to be tried before this time, if it is waiting out a back-off at `now`. A wait that
    /// would end further off than its own length means the phone's clock went back: it is over.
    pub fn waits_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let b = self.backoff?;
        let left = b.until.signed_duration_since(now).num_milliseconds();
        (left > 0 && left <= b.wait_ms).then_some(b.until)
    }

    /// What to do next at `now` (`online`: whether the office can be reached; `alike_ahead`: it
    /// waits for another request saying the same to settle first — see `alike_ahead`).
    pub fn next_step(&self, now: DateTime<Utc>, online: bool, alike_ahead: bool) -> Step {
        match &self.stage {
            Stage::Withdrawn => Step::Forget,
            Stage::Filed { .. } => Step::Remember,
            Stage::Refused(_) => Step::Idle(None),
            Stage::Queued => match self.request.photos.iter().find(|p| p.url.is_none()) {
                Some(_) if !online => Step::Idle(None),
                Some(p) => match self.waits_until(now) {
                    Some(at) => Step::Idle(Some(at)),
                    None => Step::UploadPhoto(p.local.clone()),
                },
                // Prepared even with no network, so the service worker has a plan to carry out.
                None => Step::Prepare,
            },
            Stage::Ready => match self.waits_until(now) {
                Some(at) => Step::Idle(Some(at)),
                None if !online || alike_ahead => Step::Idle(None),
                None => Step::Send,
            },
        }
    }

    /// A photo reached the office at `url` (ignored once the bytes are frozen, or if the resident
    /// took it off meanwhile).
    pub fn photo_uploaded(&mut self, local: &str, url: String) {
        if matches!(self.stage, Stage::Queued) {
            if let Some(p) = self.request.photos.iter_mut().find(|p| p.local == local) {
                p.url = Some(url);
                self.failures = 0;
                self.backoff = None;
                self.last_error = None;
            }
        }
    }

    /// A photo left the request: taken off by the resident, gone from the phone, or the office
    /// takes none. Only before the bytes are frozen.
    pub fn photo_gone(&mut self, local: &str) -> bool {
        let before = self.request.photos.len();
        if matches!(self.stage, Stage::Queued) {
            self.request.photos.retain(|p| p.local != local);
        }
        self.request.photos.len() < before
    }

    /// Its bytes are frozen: every try sends these.
    pub fn prepared(&mut self, wire: Wire) {
        if matches!(self.stage, Stage::Queued) && self.request.photos.iter().all(|p| p.url.is_some()) {
            self.wire = Some(wire);
            self.stage = Stage::Ready;
        }
    }

    /// A try begins at `now` by `by`: written down (and to be kept on the phone) before anything
    /// is sent. `None` unless it is ready to send.
    pub fn begin(&mut self, by: Holder, now: DateTime<Utc>, clock: Clock) -> Option<Outgoing> {
        if !matches!(self.stage, Stage::Ready) {
            return None;
        }
        let wire = self.wire.clone()?;
        let look_first = self.may_have_arrived();
        self.tries.push(Attempt {
            by,
            at: now,
            office_at: clock.office_time(now, clock.era),
            era: clock.era,
            bytes: fingerprint(&wire.body),
            answered: false,
        });
        Some(self.outgoing(wire, look_first))
    }

    fn outgoing(&self, wire: Wire, look_first: bool) -> Outgoing {
        Outgoing {
            request: self.request.clone(),
            wire,
            tries: self.tries.clone(),
            look_first,
            token: self.token.clone(),
            known: Vec::new(),
        }
    }

    /// The send as the adapter sees it, for a search without a new try (before a withdraw or a
    /// change, or to judge what the service worker got back).
    pub fn as_sent(&self) -> Option<Outgoing> {
        Some(self.outgoing(self.wire.clone()?, true))
    }

    /// The latest try's outcome, at `now` (`random` in [0, 1) for the jitter). `answered`: an
    /// answer came back (a transport failure leaves the try's outcome open).
    pub fn answered(&mut self, outcome: Result<Filed, E>, answered: bool, now: DateTime<Utc>, random: f64) {
        if let Some(t) = self.tries.last_mut() {
            t.answered |= answered;
        }
        // Refused, yet found at the office (an earlier try had reached it; asked before a
        // withdraw or a change): the office has it, and it is filed like any other.
        let found_after_refusal = matches!(self.stage, Stage::Refused(_)) && outcome.is_ok() && self.landed_unanswered();
        if !self.waiting() && !found_after_refusal {
            return;
        }
        match outcome {
            Ok(Filed { request, also }) => {
                self.stage = Stage::Filed { request, also };
                self.backoff = None;
            }
            Err(e) => self.failed(e, now, random),
        }
    }

    /// A failed step (a try, an upload, a preparation): refused for good, or waiting out the
    /// back-off. A token the server gave is kept.
    pub fn failed(&mut self, error: E, now: DateTime<Utc>, random: f64) {
        if let Some(token) = error.token() {
            self.token = Some(token.to_string());
        }
        match error.retry() {
            Retry::Never => {
                self.stage = Stage::Refused(error);
                self.backoff = None;
            }
            retry => {
                let asked = match retry {
                    Retry::After(s) => Some(s),
                    _ => None,
                };
                self.failures = self.failures.saturating_add(1);
                let wait = retry_delay(self.failures, asked, random);
                self.backoff = now.checked_add_signed(wait).map(|until| Backoff { until, wait_ms: wait.num_milliseconds() });
                self.last_error = Some(error);
            }
        }
    }

    /// What the resident may do with it now.
    pub fn may(&self, act: Act) -> May {
        match (&self.stage, act) {
            (Stage::Queued | Stage::Ready, Act::SendNow) => May::Now,
            (Stage::Queued, Act::DropPhoto) => May::Now,
            (Stage::Queued | Stage::Ready | Stage::Refused(_), Act::Withdraw | Act::Change) => {
                // Refused: only a try whose answer never came (before the refusal) may be there.
                let maybe = match self.stage {
                    Stage::Refused(_) => self.landed_unanswered(),
                    _ => self.may_have_arrived(),
                };
                if maybe {
                    May::AskOfficeFirst
                } else {
                    May::Now
                }
            }
            _ => May::No,
        }
    }

    /// The resident asked to send it now: no waiting.
    pub fn send_now(&mut self) {
        if self.waiting() {
            self.backoff = None;
        }
    }

    /// Withdrawn (or taken back to be changed), once `may` allows it: its request, for a form.
    pub fn withdraw(&mut self) -> Option<NewRequest> {
        (self.may(Act::Withdraw) != May::No).then(|| {
            self.stage = Stage::Withdrawn;
            self.request.clone()
        })
    }

    /// The service worker's tries, as it wrote them down, joined to this entry's (each once): the
    /// last answer it got, to be judged. A try it began whose answer it never got counts as a try.
    pub fn worker_tries(&mut self, tries: Vec<WorkerTry>, clock: Clock) -> Option<Delivered> {
        let bytes = self.wire.as_ref().map_or(0, |w| fingerprint(&w.body));
        let mut last = None;
        for t in tries {
            let Some(at) = DateTime::from_timestamp_millis(t.at) else { continue };
            if !self.tries.iter().any(|seen| seen.by == Holder::Worker && seen.at == at) {
                // As the worker knew the office's clock; else the page's now, the worker's clock
                // being the phone's (taken to be in the page's era: a clock set since cannot be seen).
                let office_at = t.office_at.and_then(DateTime::from_timestamp_millis).or_else(|| clock.office_time(at, clock.era));
                self.tries.push(Attempt { by: Holder::Worker, at, office_at, era: clock.era, bytes, answered: t.answer.is_some() });
            }
            last = t.answer;
        }
        crate::model::sort_few(&mut self.tries, |t| t.at);
        last
    }

    /// What the service worker may send for it while no page is open, if anything, for an office
    /// that tells copies apart by `dedup`: only a request ready to go, with no token to follow,
    /// and — where the office can only be searched — never tried before, with no request alike in
    /// doubt (`alike_ahead`).
    pub fn worker_plan(&self, dedup: Dedup, retry_on: &[(u16, u16)], alike_ahead: bool) -> Option<Plan> {
        if !matches!(self.stage, Stage::Ready) || self.token.is_some() {
            return None;
        }
        let repeatable = dedup == Dedup::Keyed;
        if !repeatable && (self.may_have_arrived() || alike_ahead) {
            return None;
        }
        let delivery = self.wire.as_ref()?.delivery.clone()?;
        Some(Plan {
            v: PLAN_VERSION,
            lookup: delivery.lookup,
            post: delivery.post,
            repeatable,
            retry_on: retry_on.to_vec(),
            not_before: self.backoff.map_or(0, |b| b.until.timestamp_millis()),
            alike: (!repeatable).then(|| alike_mark(&self.request)),
            queued: self.queued_at.timestamp_millis(),
        })
    }
}

/// Among the office's `candidates` — copies of exactly what `outgoing` sent, each with when the
/// office received it by its clock — which one is this request's, and which are further copies of
/// it (a browser re-sending a post by itself: the resident is told, and the office merges them). A
/// copy received during none of this request's tries is someone else's, and a number this phone
/// holds for another request is never taken. (Two of this phone's requests alike are never in
/// doubt at once: `alike_ahead`.) `clock`, `slack`, `skew`: see `windows`.
pub fn adopt(
    mut candidates: Vec<(DateTime<Utc>, Request)>,
    outgoing: &Outgoing,
    clock: Clock,
    slack: Duration,
    skew: Duration,
) -> Option<Filed> {
    let mine = windows(&outgoing.tries, clock, slack, skew);
    candidates.retain(|(at, r)| !outgoing.known.contains(&r.id) && mine.iter().any(|(a, b)| (a..=b).contains(&at)));
    super::sort_few(&mut candidates, |(at, _)| *at);
    let mut copies = candidates.into_iter().map(|(_, r)| r);
    let mut found = copies.next()?;
    let also: Vec<RequestId> = copies.map(|r| r.id).collect();
    found.copies = also.clone();
    Some(Filed { request: found, also })
}

/// Whether `entry` must wait for another waiting request in `all` that says exactly the same, at
/// an office that can only be searched (which cannot tell such copies apart by what they say): one
/// in doubt (or refused after a try whose answer never came: the office may have that one), and — if `entry` was tried too — tried first (first tries, then keys, make the order).
/// So a request is never first tried while another alike is in doubt, and of those in doubt the
/// first tried settles first; the office's copies can always be told apart.
pub fn alike_ahead<'a, E: Verdict + Clone + 'a>(entry: &Entry<E>, all: impl IntoIterator<Item = &'a Entry<E>>) -> bool {
    let order = |e: &Entry<E>| (e.tries.first().map(|t| t.at), e.key().as_str().to_string());
    let mine = order(entry);
    all.into_iter().any(|other| {
        other.key() != entry.key()
            && (other.in_doubt() || (matches!(other.stage, Stage::Refused(_)) && other.landed_unanswered()))
            && alike(&other.request, &entry.request)
            && (mine.0.is_none() || order(other) < mine)
    })
}

/// What requests saying exactly the same (`alike`) have in common, as a number.
pub fn alike_mark(r: &NewRequest) -> u32 {
    let line = r.filed_by.as_ref().map_or("", |f| f.line.as_str());
    let place = serde_json::to_string(&r.place).unwrap_or_default();
    fingerprint(&format!("{}\u{1f}{}\u{1f}{place}\u{1f}{line}", r.category_code, r.description.trim()))
}

/// Whether two requests say exactly the same to an office that can only be searched (Open311
/// shows no name): the same kind, words, place and volunteer's line.
pub fn alike(a: &NewRequest, b: &NewRequest) -> bool {
    let line = |r: &NewRequest| r.filed_by.as_ref().map(|f| f.line.clone());
    a.category_code == b.category_code && a.description.trim() == b.description.trim() && a.place == b.place && line(a) == line(b)
}

/// The HTTP statuses after which a send is still worth another try, as ranges, by `retry` (the one
/// rule the page uses too, given each status).
pub fn retry_statuses(retry: impl Fn(u16) -> Retry) -> Vec<(u16, u16)> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for status in 100..600u16 {
        if retry(status) == Retry::Never || (200..300).contains(&status) {
            continue;
        }
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == status => *end = status,
            _ => ranges.push((status, status)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests;
