//! The outbox protocol's tests: the back-off, every stage against every event and act, the rules
//! for the service worker and for telling copies apart, and a simulated phone and office driven
//! by random schedules (thousands of seeds) against the promise: each request filed at most once,
//! and every request not withdrawn filed once the office answers.

use super::*;
use crate::model::{Attached, Contact, Place};
use chrono::TimeZone;
use std::collections::BTreeMap;

fn t(ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap() + Duration::milliseconds(ms)
}

/// A failure as the backend reports it, reduced to what the outbox needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Fail {
    /// No answer (the network, a time-out, a broken answer).
    Lost,
    /// 429/503, perhaps with `Retry-After`.
    Busy(Option<u32>),
    /// A 4xx: the office will not take it.
    Refused,
    /// Accepted; its number is to come (a batch server's token).
    Token(String),
}

impl Verdict for Fail {
    fn retry(&self) -> Retry {
        match self {
            Fail::Busy(Some(s)) => Retry::After(*s),
            Fail::Refused => Retry::Never,
            _ => Retry::Soon,
        }
    }
    fn token(&self) -> Option<&str> {
        match self {
            Fail::Token(t) => Some(t),
            _ => None,
        }
    }
}

fn new_request(key: &str, words: &str, photos: usize) -> NewRequest {
    NewRequest {
        idempotency_key: IdempotencyKey(key.into()),
        category_code: "lighting".into(),
        description: words.into(),
        place: Place { address: "太华路社区 9号楼".into(), ..Place::default() },
        contact: Contact { name: format!("居民{key}"), phone: "13800138000".into() },
        private: false,
        answers: Default::default(),
        photos: (0..photos).map(|n| Attached { local: format!("p{n}"), url: None }).collect(),
        filed_by: None,
    }
}

fn request(id: &str, at: DateTime<Utc>) -> Request {
    let at = crate::model::time::format(at);
    serde_json::from_value(serde_json::json!({"id": id, "status": "received", "requested_at": at, "updated_at": at})).unwrap()
}

fn wire(body: &str) -> Wire {
    let post = HttpCall { method: "POST".into(), url: "https://x/requests".into(), headers: vec![], body: Some(body.into()) };
    Wire { body: body.into(), first_sent_at: t(0), delivery: Some(Delivery { lookup: None, post }) }
}

#[test]
fn retries_back_off_with_full_jitter_up_to_the_cap() {
    // The ceiling doubles from one second and stops at five minutes.
    let ceiling = |failures| retry_delay(failures, None, 0.999_999).num_milliseconds();
    assert_eq!([ceiling(1), ceiling(2), ceiling(3), ceiling(4)], [999, 1999, 3999, 7999]);
    assert_eq!(ceiling(9), 255_999);
    assert_eq!(ceiling(10), 299_999);
    assert_eq!(ceiling(1000), 299_999);
    // Full jitter: anywhere from nothing to the ceiling.
    assert_eq!(retry_delay(5, None, 0.0), Duration::zero());
    assert_eq!(retry_delay(5, None, 0.5), Duration::seconds(8));
    // A server's Retry-After is a floor, within reason.
    assert_eq!(retry_delay(1, Some(30), 0.2), Duration::seconds(30));
    assert_eq!(retry_delay(12, Some(2), 0.9), Duration::milliseconds(270_000));
    assert_eq!(retry_delay(1, Some(u32::MAX), 0.0), Duration::hours(1));
    // Nonsense randomness is bounded too.
    assert_eq!(retry_delay(3, None, 7.0), Duration::seconds(4));
    assert_eq!(retry_delay(3, None, f64::NAN), Duration::zero());
}

/// The stages an entry can be in, built the way the outbox gets there.
fn in_stage(name: &str) -> Entry<Fail> {
    let photos = usize::from(name == "queued-photo");
    let mut e = Entry::new(new_request("k", "楼道灯不亮", photos), None, t(0));
    match name {
        "queued-photo" | "queued" => {}
        "ready" => e.prepared(wire("{}")),
        "tried" | "token" | "filed" | "refused-tried" => {
            e.prepared(wire("{}"));
            e.begin(Holder::Page, t(1), Clock::default()).unwrap();
            match name {
                "token" => e.answered(Err(Fail::Token("T1".into())), true, t(2), 0.0),
                "filed" => e.answered(Ok(request("7", t(1)).into()), true, t(2), 0.0),
                "refused-tried" => e.answered(Err(Fail::Refused), true, t(2), 0.0),
                _ => e.answered(Err(Fail::Lost), false, t(2), 0.0),
            }
        }
        "refused" => {
            // Refused before any try reached the office (a preparation the office refused).
            e.failed(Fail::Refused, t(1), 0.0);
        }
        "withdrawn" => {
            e.withdraw().unwrap();
        }
        _ => unreachable!("{name}"),
    }
    e
}

const STAGES: [&str; 9] = ["queued-photo", "queued", "ready", "tried", "token", "filed", "refused", "refused-tried", "withdrawn"];

fn stage_name(e: &Entry<Fail>) -> &'static str {
    match &e.stage {
        Stage::Queued => "Queued",
        Stage::Ready => "Ready",
        Stage::Filed { .. } => "Filed",
        Stage::Refused(_) => "Refused",
        Stage::Withdrawn => "Withdrawn",
    }
}

#[test]
fn every_stage_meets_every_event_as_the_table_says() {
    // (event, the stage each of STAGES is in after it)
    type Event = fn(&mut Entry<Fail>);
    let events: [(&str, Event, [&str; 9]); 10] = [
        ("photo uploaded", |e| e.photo_uploaded("p0", "https://x/p0.jpg".into()),
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("photo gone", |e| { e.photo_gone("p0"); },
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("prepared", |e| e.prepared(wire("{\"b\":1}")),
            // A photo not yet uploaded keeps it queued: its address is part of the bytes.
            ["Queued", "Ready", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("begin", |e| { e.begin(Holder::Page, t(10), Clock::default()); },
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        // A refused request is filed only if a try whose answer never came preceded the refusal
        // (`refused_after_a_lost_answer_and_found_is_filed`); here every try was answered.
        ("filed", |e| e.answered(Ok(request("9", t(10)).into()), true, t(11), 0.5),
            ["Filed", "Filed", "Filed", "Filed", "Filed", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("failed, worth another try", |e| e.answered(Err(Fail::Busy(Some(3))), true, t(11), 0.5),
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("refused", |e| e.answered(Err(Fail::Refused), true, t(11), 0.5),
            ["Refused", "Refused", "Refused", "Refused", "Refused", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("token", |e| e.answered(Err(Fail::Token("T2".into())), true, t(11), 0.5),
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("send now", |e| e.send_now(),
            ["Queued", "Queued", "Ready", "Ready", "Ready", "Filed", "Refused", "Refused", "Withdrawn"]),
        ("withdraw", |e| { e.withdraw(); },
            ["Withdrawn", "Withdrawn", "Withdrawn", "Withdrawn", "Withdrawn", "Filed", "Withdrawn", "Withdrawn", "Withdrawn"]),
    ];
    for (event, apply, expected) in events {
        for (stage, want) in STAGES.iter().zip(expected) {
            let mut e = in_stage(stage);
            apply(&mut e);
            assert_eq!(stage_name(&e), want, "{stage} + {event}");
        }
    }
    // A filed request keeps its number whatever comes after.
    let mut e = in_stage("filed");
    e.answered(Err(Fail::Refused), true, t(20), 0.0);
    e.withdraw();
    assert!(matches!(&e.stage, Stage::Filed { request, .. } if request.id.as_str() == "7"));
}

#[test]
fn refused_after_a_lost_answer_and_found_is_filed() {
    // The first try's answer is lost (the office filed it); the second is refused. Taken back,
    // the office is asked first, has it, and it is filed: never back in the form, never lost.
    let mut e = in_stage("ready");
    e.begin(Holder::Page, t(1), Clock::default()).unwrap();
    e.answered(Err(Fail::Lost), false, t(2), 0.0);
    e.begin(Holder::Page, t(60_000), Clock::default()).unwrap();
    e.answered(Err(Fail::Refused), true, t(60_001), 0.0);
    assert!(e.refusal().is_some());
    assert_eq!(e.may(Act::Withdraw), May::AskOfficeFirst);
    e.answered(Ok(request("9", t(1)).into()), true, t(60_002), 0.0);
    assert!(matches!(&e.stage, Stage::Filed { request, .. } if request.id.as_str() == "9"));
}

#[test]
fn what_the_resident_may_do_in_every_stage() {
    use May::*;
    let expected: [(Act, [May; 9]); 4] = [
        (Act::SendNow, [Now, Now, Now, Now, Now, No, No, No, No]),
        // Once a try may have reached the office (a try made, a token given), it is asked first.
        // Refused after a try answered (refused-tried), nothing of it can be there.
        (Act::Withdraw, [Now, Now, Now, AskOfficeFirst, AskOfficeFirst, No, Now, Now, No]),
        (Act::Change, [Now, Now, Now, AskOfficeFirst, AskOfficeFirst, No, Now, Now, No]),
        (Act::DropPhoto, [Now, Now, No, No, No, No, No, No, No]),
    ];
    for (act, mays) in expected {
        for (stage, want) in STAGES.iter().zip(mays) {
            assert_eq!(in_stage(stage).may(act), want, "{stage}: {act:?}");
        }
    }
}

#[test]
fn the_next_step_in_every_stage() {
    let steps: Vec<Step> = STAGES.iter().map(|s| in_stage(s).next_step(t(60_000), true, false)).collect();
    assert_eq!(
        steps,
        [
            Step::UploadPhoto("p0".into()),
            Step::Prepare,
            Step::Send,
            Step::Send,
            Step::Send,
            Step::Remember,
            Step::Idle(None),
            Step::Idle(None),
            Step::Forget,
        ]
    );
    // Offline: nothing is sent or uploaded, but the bytes are frozen for the service worker, and
    // what is filed or withdrawn is still cleared up.
    let offline: Vec<Step> = STAGES.iter().map(|s| in_stage(s).next_step(t(60_000), false, false)).collect();
    assert_eq!(offline[0], Step::Idle(None));
    assert_eq!(offline[1], Step::Prepare);
    assert_eq!(offline[2], Step::Idle(None));
    assert_eq!((offline[5].clone(), offline[8].clone()), (Step::Remember, Step::Forget));
}

#[test]
fn every_try_is_written_down_before_it_goes_and_the_next_one_looks_first() {
    let mut e = in_stage("ready");
    let first = e.begin(Holder::Page, t(1000), Clock { era: 4, offset_ms: Some(3 * 3_600_000) }).unwrap();
    assert!(!first.look_first, "nothing can have arrived before the first try");
    assert_eq!(e.tries.len(), 1);
    assert_eq!(e.tries[0].office_at, Some(t(1000) + Duration::hours(3)));
    assert_eq!(e.tries[0].bytes, fingerprint("{}"));
    assert!(!e.tries[0].answered);
    e.answered(Err(Fail::Lost), false, t(3000), 0.0);
    // A service worker's try counts just the same.
    let mut w = in_stage("ready");
    assert_eq!(w.worker_tries(vec![WorkerTry { at: t(500).timestamp_millis(), office_at: None, answer: None }], Clock::default()), None);
    for entry in [&mut e, &mut w] {
        let next = entry.begin(Holder::Page, t(5000), Clock::default()).unwrap();
        assert!(next.look_first);
    }
    assert_eq!(w.tries.iter().map(|t| t.by).collect::<Vec<_>>(), [Holder::Worker, Holder::Page]);
}

#[test]
fn the_service_workers_tries_are_joined_once() {
    let mut e = in_stage("ready");
    let answer = Delivered { found: false, status: 201, content_type: None, retry_after: None, body: "{}".into() };
    let tries = vec![
        WorkerTry { at: t(100).timestamp_millis(), office_at: None, answer: None },
        WorkerTry { at: t(200).timestamp_millis(), office_at: None, answer: Some(answer.clone()) },
    ];
    assert_eq!(e.worker_tries(tries.clone(), Clock::default()), Some(answer.clone()));
    // Read again (the page closed before it could judge them): the same two, not four.
    assert_eq!(e.worker_tries(tries, Clock::default()), Some(answer));
    assert_eq!(e.tries.len(), 2);
    assert_eq!((e.tries[0].answered, e.tries[1].answered), (false, true));
    // The first release's record: one answer of unknown time.
    let old: WorkerRecord = serde_json::from_str(r#"{"found":false,"status":201,"content_type":"application/json","body":"{}"}"#).unwrap();
    assert_eq!(old.tries(t(7)).len(), 1);
    let new: WorkerRecord = serde_json::from_str(r#"{"v":2,"tries":[{"at":1}]}"#).unwrap();
    assert_eq!(new.tries(t(7)), vec![WorkerTry { at: 1, office_at: None, answer: None }]);
    let unknown: WorkerRecord = serde_json::from_str(r#"{"v":3,"whatever":true}"#).unwrap();
    assert!(unknown.tries(t(7)).is_empty(), "a record of a newer release is left for it, never misread");
}

#[test]
fn the_service_worker_is_given_only_what_it_can_carry_out_without_judgement() {
    let retry_on = [(500, 599)];
    for stage in ["queued", "queued-photo", "filed", "refused", "withdrawn", "token"] {
        assert_eq!(in_stage(stage).worker_plan(Dedup::Keyed, &retry_on, false), None, "{stage}");
    }
    // A keyed office answers a repeated send with the first one's result: always.
    let plan = in_stage("tried").worker_plan(Dedup::Keyed, &retry_on, false).unwrap();
    assert_eq!((plan.v, plan.repeatable, plan.retry_on.clone()), (PLAN_VERSION, true, vec![(500, 599)]));
    // An office that can only be searched: a first try only, once.
    let plan = in_stage("ready").worker_plan(Dedup::Search, &retry_on, false).unwrap();
    assert!(!plan.repeatable);
    assert_eq!(in_stage("tried").worker_plan(Dedup::Search, &retry_on, false), None);
    // Nor while another request saying the same is in doubt (the copies could not be told apart).
    assert_eq!(in_stage("ready").worker_plan(Dedup::Search, &retry_on, true), None);
    // The back-off holds for the worker too.
    let mut e = in_stage("tried");
    e.failed(Fail::Busy(Some(30)), t(5000), 0.0);
    assert_eq!(e.worker_plan(Dedup::Keyed, &retry_on, false).unwrap().not_before, t(35_000).timestamp_millis());
    // Stored and read back the way the worker reads it.
    let text = serde_json::to_string(&plan).unwrap();
    assert!(text.starts_with("{\"v\":2,"), "{text}");
    assert_eq!(serde_json::from_str::<Plan>(&text).unwrap(), plan);
}

#[test]
fn a_clock_set_back_never_stalls_the_queue() {
    let mut e = in_stage("tried");
    e.failed(Fail::Busy(Some(60)), t(0), 0.0);
    assert_eq!(e.next_step(t(30_000), true, false), Step::Idle(Some(t(60_000))));
    assert_eq!(e.next_step(t(60_000), true, false), Step::Send);
    // Three hours back: the wait would be three hours and a minute, longer than itself: it is over.
    assert_eq!(e.next_step(t(-3 * 3_600_000), true, false), Step::Send);
    // Forward: over too.
    assert_eq!(e.next_step(t(3 * 3_600_000), true, false), Step::Send);
    // A failed upload waits its turn as well.
    let mut p = in_stage("queued-photo");
    p.failed(Fail::Lost, t(0), 0.999);
    assert_eq!(p.next_step(t(10), true, false), Step::Idle(Some(t(999))));
    p.photo_uploaded("p0", "https://x/p0.jpg".into());
    assert_eq!(p.next_step(t(10), true, false), Step::Prepare);
}

#[test]
fn an_entry_of_the_first_release_reads_as_this_releases() {
    let old = r#"{"request":{"idempotency_key":"k","category_code":"lighting","description":"灯","place":{"address":"a"},"contact":{"name":"王","phone":"1"}},
        "queued_at":"2026-11-28T09:00:00Z","wire":{"body":"{}","first_sent_at":"2026-11-28T09:00:00Z"},"attempts":2,"failures":1,
        "next_try":"2026-11-28T09:01:00Z","last_error":"Lost","refused":null,"token":null,"also":[]}"#;
    let e: Entry<Fail> = serde_json::from_str::<Entry<Fail>>(old).unwrap().upgraded();
    assert_eq!(stage_name(&e), "Ready");
    assert_eq!(e.tries.len(), 2);
    assert!(e.may_have_arrived());
    let refused = old.replace("\"refused\":null", "\"refused\":\"Refused\"");
    assert_eq!(stage_name(&serde_json::from_str::<Entry<Fail>>(&refused).unwrap().upgraded()), "Refused");
    // And this release's reads back as written.
    let mut e = in_stage("tried");
    e.failed(Fail::Busy(None), t(9), 0.3);
    let text = serde_json::to_string(&e).unwrap();
    assert!(!text.contains("\"attempts\"") && !text.contains("\"refused\""));
    assert_eq!(serde_json::from_str::<Entry<Fail>>(&text).unwrap().upgraded(), e);
}

#[test]
fn statuses_worth_another_try_are_written_as_ranges() {
    let retry = |s: u16| match s {
        408 | 409 | 425 | 429 => Retry::Soon,
        400..=499 => Retry::Never,
        _ => Retry::Soon,
    };
    assert_eq!(retry_statuses(retry), vec![(100, 199), (300, 399), (408, 409), (425, 425), (429, 429), (500, 599)]);
}

fn attempt(ms: i64, office_skew: Option<i64>) -> Attempt {
    Attempt { by: Holder::Page, at: t(ms), office_at: office_skew.map(|s| t(ms + s)), era: 1, bytes: 0, answered: false }
}

fn outgoing(tries: Vec<Attempt>, known: &[&str]) -> Outgoing {
    Outgoing {
        request: new_request("k", "楼道灯不亮", 0),
        wire: wire("{}"),
        tries,
        look_first: true,
        token: None,
        known: known.iter().map(|k| RequestId((*k).into())).collect(),
    }
}

#[test]
fn copies_are_told_apart_by_when_each_was_sent() {
    let (slack, skew) = (Duration::seconds(20), Duration::minutes(10));
    let hour = 3_600_000;
    // The office's clock is an hour ahead; the phone knew it at the try, or learnt it since.
    let at = |ms: i64| t(ms + hour);
    let found = |c: Vec<(i64, &str)>, o: &Outgoing, clock: Clock| {
        adopt(c.into_iter().map(|(ms, id)| (at(ms), request(id, at(ms)))).collect(), o, clock, slack, skew).map(|f| (f.request.id.0, f.also))
    };
    let unknown = Clock { era: 1, offset_ms: None };
    let me = outgoing(vec![attempt(100_000, Some(hour))], &[]);
    // Someone else's identical words, received a minute before this phone sent: not this one's.
    assert_eq!(found(vec![(40_000, "A")], &me, unknown), None);
    // Received during the try: this one's; a second copy then (a browser's own re-send) is told.
    assert_eq!(found(vec![(100_300, "B")], &me, unknown), Some(("B".into(), vec![])));
    assert_eq!(found(vec![(100_300, "B"), (100_900, "C")], &me, unknown), Some(("B".into(), vec![RequestId("C".into())])));
    // A number this phone holds for another request is never taken.
    let knows_b = outgoing(vec![attempt(100_000, Some(hour))], &["B"]);
    assert_eq!(found(vec![(100_300, "B")], &knows_b, unknown), None);
    // Not known at the try, learnt since in the same era: as good.
    let later = outgoing(vec![attempt(100_000, None)], &[]);
    assert_eq!(found(vec![(40_000, "A"), (100_300, "B")], &later, Clock { era: 1, offset_ms: Some(hour) }).map(|f| f.0), Some("B".into()));
    // Learnt in another era (the clock may have jumped between): the window is widened instead.
    assert_eq!(found(vec![(100_300, "B")], &later, Clock { era: 2, offset_ms: Some(hour) }), None);
    let near = |ms| outgoing(vec![attempt(ms, None)], &[]);
    assert_eq!(found(vec![(100_300 - hour, "B")], &near(100_000), Clock { era: 2, offset_ms: Some(0) }).map(|f| f.0), Some("B".into()));
}

#[test]
fn alike_requests_are_never_in_doubt_at_once() {
    let mut a = in_stage("tried");
    let mut b = Entry::<Fail>::new(new_request("k2", "楼道灯不亮", 0), None, t(0));
    b.prepared(wire("{}"));
    let all = vec![a.clone(), b.clone()];
    assert!(alike_ahead(&b, &all));
    assert!(!alike_ahead(&a, &all), "b has not been tried");
    assert_eq!(b.next_step(t(10), true, alike_ahead(&b, &all)), Step::Idle(None));
    // Other words are another request.
    let mut c = Entry::<Fail>::new(new_request("k3", "路灯不亮", 0), None, t(0));
    c.prepared(wire("{}"));
    assert!(!alike_ahead(&c, &[a.clone(), c.clone()]));
    // Once the first is settled, the second goes.
    a.answered(Ok(request("1", t(5)).into()), true, t(5), 0.0);
    assert!(!alike_ahead(&b, &[a, b.clone()]));
    b.begin(Holder::Page, t(6), Clock::default()).unwrap();
}

// ---------------------------------------------------------------------------------------------
// The simulation: one phone (its storage, a page and its service worker) and one office, driven
// by a random schedule. The holders take turns (the Web Lock); a page may die between writing a
// try down and sending it; answers are lost; the phone's clock jumps; the resident withdraws and
// changes requests at any moment; a volunteer files the same words for different neighbours.

/// A small, seedable random source (xorshift64*), so a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the office keeps of a request: its number, key, words, whose it is (the office sees the
/// name; a search result does not show it), and when it was received by the office's clock.
#[derive(Clone, Debug)]
struct Record {
    id: String,
    key: String,
    words: String,
    who: u32,
    at: DateTime<Utc>,
}

struct Office {
    dedup: Dedup,
    records: Vec<Record>,
    tokens: BTreeMap<String, Option<String>>,
}

/// What became of a call.
enum Net {
    /// It never reached the office.
    Dropped,
    /// The office did it; the answer was lost.
    Lost,
    Answered,
}

struct Sim {
    rng: Rng,
    office: Office,
    /// The phone's clock, and how far the office's is ahead of it.
    phone_ms: i64,
    skew_ms: i64,
    /// What the phone knows of its clock.
    clock: Clock,
    /// The phone's storage: the outbox, the worker's plans and records, "my requests".
    store: BTreeMap<String, Entry<Fail>>,
    plans: BTreeMap<String, Plan>,
    worker: BTreeMap<String, Vec<WorkerTry>>,
    mine: Vec<(u32, String)>,
    withdrawn: Vec<u32>,
    next_key: u32,
    log: Vec<String>,
}

impl Sim {
    fn new(seed: u64, dedup: Dedup) -> Self {
        let mut rng = Rng::new(seed);
        let skew_ms = rng.below(6 * 3_600_000) as i64 - 3 * 3_600_000;
        let clock = Clock { era: 1, offset_ms: rng.chance(70).then_some(skew_ms) };
        Sim {
            rng,
            office: Office { dedup, records: Vec::new(), tokens: BTreeMap::new() },
            phone_ms: 0,
            skew_ms,
            clock,
            store: BTreeMap::new(),
            plans: BTreeMap::new(),
            worker: BTreeMap::new(),
            mine: Vec::new(),
            withdrawn: Vec::new(),
            next_key: 0,
            log: Vec::new(),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        t(self.phone_ms)
    }
    fn office_now(&self) -> DateTime<Utc> {
        t(self.phone_ms + self.skew_ms)
    }
    /// An answer came: the phone learns the office's clock (its `Date`).
    fn learn(&mut self) {
        self.clock.offset_ms = Some(self.skew_ms);
    }

    fn alike_ahead(&self, e: &Entry<Fail>) -> bool {
        self.office.dedup == Dedup::Search && alike_ahead(e, self.store.values())
    }

    /// Before anything that searches or tries, the page knows the office's clock in this era (it
    /// asks its own origin for the time where no answer has told it yet); false if it could not.
    fn knows_clock(&mut self) -> bool {
        if self.clock.offset_ms.is_none() {
            if !matches!(self.net(), Net::Answered) {
                return false;
            }
            self.learn();
        }
        true
    }

    /// Keeps an entry, and every entry's plan for the worker (or none), as the store does.
    fn save(&mut self, e: Entry<Fail>) {
        self.store.insert(e.key().0.clone(), e);
        for e in self.store.values() {
            let key = e.key().0.clone();
            match e.worker_plan(self.office.dedup, &[(500, 599)], self.alike_ahead(e)) {
                Some(plan) => self.plans.insert(key, plan),
                None => self.plans.remove(&key),
            };
        }
    }

    fn remove(&mut self, key: &str) {
        self.store.remove(key);
        self.plans.remove(key);
        self.worker.remove(key);
    }

    fn who(e: &Entry<Fail>) -> u32 {
        e.request.contact.name.trim_start_matches("居民").parse().unwrap()
    }

    fn queue(&mut self) {
        let who = self.next_key;
        self.next_key += 1;
        // Few distinct words, so identical requests from one phone are common.
        let words = format!("楼道灯不亮 {}", self.rng.below(3));
        let photos = usize::from(self.rng.chance(25));
        let mut r = new_request(&format!("{who}"), &words, photos);
        r.idempotency_key = IdempotencyKey(format!("key-{who}"));
        self.log.push(format!("queue {who} '{words}' photos={photos}"));
        let e = Entry::new(r, None, self.now());
        self.save(e);
    }

    fn net(&mut self) -> Net {
        match self.rng.below(100) {
            0..=14 => Net::Dropped,
            15..=29 => Net::Lost,
            _ => Net::Answered,
        }
    }

    /// The office files `e` (or, keyed, answers a repeated key with the first result).
    fn file(&mut self, e: &Entry<Fail>) -> Record {
        let r = self.file_inner(e);
        self.log.push(format!("office filed {} for {} at {}", r.id, r.key, r.at));
        r
    }

    fn file_inner(&mut self, e: &Entry<Fail>) -> Record {
        if self.office.dedup == Dedup::Keyed {
            if let Some(r) = self.office.records.iter().find(|r| r.key == e.key().0) {
                return r.clone();
            }
        }
        let record = Record {
            id: format!("R{}", self.office.records.len() + 1),
            key: e.key().0.clone(),
            words: e.request.description.clone(),
            who: Self::who(e),
            at: self.office_now(),
        };
        self.office.records.push(record.clone());
        record
    }

    fn filed(&mut self, record: &Record) -> Filed {
        self.learn();
        request(&record.id, record.at).into()
    }

    /// The adapter's search for an earlier copy of `out`: by key, or by the words and the times.
    fn search(&mut self, out: &Outgoing) -> Result<Option<Filed>, Fail> {
        if matches!(self.net(), Net::Dropped | Net::Lost) {
            return Err(Fail::Lost);
        }
        self.learn();
        Ok(match self.office.dedup {
            Dedup::Keyed => self.office.records.iter().find(|r| r.key == out.request.idempotency_key.0).map(|r| request(&r.id, r.at).into()),
            _ => {
                let copies: Vec<_> = self
                    .office
                    .records
                    .iter()
                    .filter(|r| r.words == out.request.description)
                    .map(|r| (r.at, request(&r.id, r.at)))
                    .collect();
                adopt(copies, out, self.clock, Duration::seconds(20), Duration::minutes(10))
            }
        })
    }

    /// What the phone knows that the adapter is given: its other numbers.
    fn context(&self, mut out: Outgoing) -> Outgoing {
        out.known = self.mine.iter().map(|(_, id)| RequestId(id.clone())).collect();
        for e in self.store.values() {
            if let Stage::Filed { request, .. } = &e.stage {
                out.known.push(request.id.clone());
            }
        }
        out
    }

    /// The adapter's send: follow a token, or search first where told, then post.
    fn submit(&mut self, key: &str, out: Outgoing) -> (Result<Filed, Fail>, bool) {
        if let Some(token) = &out.token {
            return match self.office.tokens.get(token).cloned().flatten() {
                Some(id) if self.rng.chance(80) => {
                    let r = self.office.records.iter().find(|r| r.id == id).unwrap().clone();
                    (Ok(self.filed(&r)), true)
                }
                _ => (Err(Fail::Token(token.clone())), true),
            };
        }
        if out.look_first {
            match self.search(&self.context(out.clone())) {
                Err(e) => return (Err(e), false),
                Ok(Some(found)) => return (Ok(found), true),
                Ok(None) => {}
            }
        }
        let e = self.store[key].clone();
        match self.rng.below(100) {
            // The office is busy and files nothing; or, rarely, refuses it (a keyed office answers
            // a key it filed with the first answer instead).
            0..=9 => return (Err(Fail::Busy(self.rng.chance(50).then_some(2))), true),
            10 if self.office.dedup == Dedup::Search || self.office.records.iter().all(|r| r.key != key) => {
                return self.refused(out)
            }
            _ => {}
        }
        match self.net() {
            Net::Dropped => (Err(Fail::Lost), false),
            net => {
                let record = self.file(&e);
                if self.office.dedup == Dedup::Search && matches!(net, Net::Lost) && self.rng.chance(30) {
                    // The connection broke after the office filed it: the browser re-sent the post
                    // by itself, and the office refused the copy.
                    self.log.push(format!("browser re-sent {key}: refused"));
                    return self.refused(out);
                }
                if self.office.dedup == Dedup::Search && self.rng.chance(20) {
                    let token = format!("T{}", self.office.tokens.len());
                    self.office.tokens.insert(token.clone(), Some(record.id.clone()));
                    return match net {
                        Net::Lost => (Err(Fail::Lost), false),
                        _ => (Err(Fail::Token(token)), true),
                    };
                }
                match net {
                    Net::Lost => (Err(Fail::Lost), false),
                    _ => (Ok(self.filed(&record)), true),
                }
            }
        }
    }

    /// The adapter's reading of a refusal: at an office that can only be searched, it stands once
    /// the office is seen not to have the request (a browser's re-send may have been refused after
    /// the first copy was filed); a failed search leaves the try open.
    fn refused(&mut self, out: Outgoing) -> (Result<Filed, Fail>, bool) {
        if self.office.dedup != Dedup::Search {
            return (Err(Fail::Refused), true);
        }
        match self.search(&self.context(out)) {
            Ok(Some(found)) => (Ok(found), true),
            Ok(None) => (Err(Fail::Refused), true),
            Err(e) => (Err(e), false),
        }
    }

    /// Every record the worker wrote, joined and judged before the page searches for anything.
    fn settle_all(&mut self) {
        for key in self.store.keys().cloned().collect::<Vec<_>>() {
            self.settle(&key);
        }
    }

    /// The page joins what the worker wrote down, and judges its last answer.
    fn settle(&mut self, key: &str) {
        let Some(tries) = self.worker.get(key).cloned() else { return };
        let mut e = self.store[key].clone();
        let answer = e.worker_tries(tries, self.clock);
        self.save(e.clone());
        if let Some(a) = answer {
            let (outcome, answered) = if a.status == 503 {
                (Err(Fail::Busy(None)), true)
            } else if a.status == 400 {
                let out = e.as_sent().unwrap();
                self.refused(out)
            } else {
                let r = self.office.records.iter().find(|r| r.id == a.body).unwrap().clone();
                (Ok(self.filed(&r)), true)
            };
            let judged = outcome.as_ref().map(|f| f.request.id.0.clone());
            self.log.push(format!("page judged the worker's answer {} for {key}: {judged:?}", a.status));
            e.answered(outcome, answered, self.now(), self.rng.unit());
        }
        // Judged: the record goes with the entry's new state, in one transaction.
        self.worker.remove(key);
        self.save(e);
    }

    /// One step of the page for `key`, holding the lock. `die`: the page is closed right after
    /// writing a try down.
    fn page_step(&mut self, key: &str, online: bool, die: bool) {
        if !self.store.contains_key(key) || !self.knows_clock() {
            return;
        }
        self.settle_all();
        if !self.store.contains_key(key) {
            return;
        }
        let mut e = self.store[key].clone();
        let in_doubt = self.alike_ahead(&e);
        match e.next_step(self.now(), online, in_doubt) {
            Step::Idle(_) => {}
            Step::UploadPhoto(local) => {
                if self.rng.chance(70) {
                    e.photo_uploaded(&local, format!("https://x/{key}/{local}"));
                } else {
                    e.failed(Fail::Lost, self.now(), self.rng.unit());
                }
                self.save(e);
            }
            Step::Prepare => {
                let body = format!("{}|{}", e.request.description, key);
                e.prepared(wire(&body));
                self.save(e);
            }
            Step::Send => {
                let out = e.begin(Holder::Page, self.now(), self.clock).unwrap();
                self.save(e.clone());
                if die {
                    self.log.push(format!("page died sending {key}"));
                    return;
                }
                let (outcome, answered) = self.submit(key, out);
                let said = match &outcome {
                    Ok(f) => format!("filed as {}", f.request.id.0),
                    Err(e) => format!("{e:?}"),
                };
                self.log.push(format!("page sent {key} (look first: {}): {said}", e.may_have_arrived()));
                let mut e = self.store[key].clone();
                e.answered(outcome, answered, self.now(), self.rng.unit());
                self.save(e);
            }
            Step::Remember => {
                if let Stage::Filed { request, .. } = &e.stage {
                    // "My requests" may refuse to keep it: the entry then stays.
                    if self.rng.chance(90) {
                        self.log.push(format!("remembered {key} as {}", request.id.0));
                        self.mine.push((Self::who(&e), request.id.0.clone()));
                        self.remove(key);
                    }
                }
            }
            Step::Forget => self.remove(key),
        }
    }

    /// Whether the worker's record of `key` leaves it in doubt (as `public/sw.js` reads it).
    fn worker_in_doubt(&self, key: &str) -> bool {
        self.worker.get(key).and_then(|t| t.last()).is_some_and(|t| match &t.answer {
            None => true,
            // Any answer but a filing: a refusal stays in doubt until the page has searched.
            Some(a) => !(a.found || (200..300).contains(&a.status)),
        })
    }

    /// One run of the service worker (no page open), holding the lock.
    fn worker_run(&mut self, die: bool) {
        for (key, plan) in self.plans.clone() {
            if plan.not_before > self.now().timestamp_millis() {
                continue;
            }
            let tries = self.worker.get(&key).cloned().unwrap_or_default();
            if !tries.is_empty() && !plan.repeatable {
                continue;
            }
            // Another plan saying the same is in doubt: this one waits for the page.
            let plans = self.plans.clone();
            let alike_waiting = plan.alike.is_some()
                && plans.iter().any(|(k, p)| *k != key && p.alike == plan.alike && self.worker_in_doubt(k));
            if alike_waiting {
                continue;
            }
            // Written down before it is sent.
            let at = self.now().timestamp_millis() + tries.len() as i64;
            let mut tries = tries;
            // The worker asked the app's origin the time first: it knows the office's clock.
            let office_at = Some(self.office_now().timestamp_millis() + tries.len() as i64);
            tries.push(WorkerTry { at, office_at, answer: None });
            self.worker.insert(key.clone(), tries.clone());
            if die {
                return;
            }
            let e = self.store[&key].clone();
            if let (Dedup::Keyed, Some(r)) = (self.office.dedup, self.office.records.iter().find(|r| r.key == key)) {
                if self.rng.chance(50) {
                    let answer = Delivered { found: true, status: 200, content_type: None, retry_after: None, body: r.id.clone() };
                    tries.last_mut().unwrap().answer = Some(answer);
                    self.worker.insert(key.clone(), tries);
                    if plan.repeatable {
                        self.plans.remove(&key);
                    }
                    continue;
                }
            }
            if self.rng.chance(10) {
                let busy = Delivered { found: false, status: 503, content_type: None, retry_after: None, body: String::new() };
                tries.last_mut().unwrap().answer = Some(busy);
                self.worker.insert(key.clone(), tries);
                continue;
            }
            if self.rng.chance(3) && self.office.dedup == Dedup::Search {
                // A rare refusal (an answer, not a doubt): the plan is done with.
                let refused = Delivered { found: false, status: 400, content_type: None, retry_after: None, body: String::new() };
                tries.last_mut().unwrap().answer = Some(refused);
                self.worker.insert(key.clone(), tries);
                if plan.repeatable {
                    self.plans.remove(&key);
                }
                continue;
            }
            match self.net() {
                Net::Dropped => {}
                net => {
                    let record = self.file(&e);
                    if self.office.dedup == Dedup::Search && matches!(net, Net::Lost) && self.rng.chance(30) {
                        // The browser re-sent the post by itself; the office refused the copy.
                        let refused = Delivered { found: false, status: 400, content_type: None, retry_after: None, body: String::new() };
                        tries.last_mut().unwrap().answer = Some(refused);
                        self.worker.insert(key.clone(), tries);
                        self.log.push(format!("worker sent {key}: the browser re-sent it, refused"));
                        continue;
                    }
                    if let Net::Answered = net {
                        let answer = Delivered { found: false, status: 201, content_type: None, retry_after: None, body: record.id };
                        tries.last_mut().unwrap().answer = Some(answer);
                        self.worker.insert(key.clone(), tries);
                        if plan.repeatable {
                            self.plans.remove(&key);
                        }
                    }
                }
            }
            self.log.push(format!("worker sent {key}"));
        }
    }

    /// The resident withdraws (or changes) `key`, through the page, holding the lock.
    fn take_back(&mut self, key: &str, change: bool) {
        if !self.store.contains_key(key) || !self.knows_clock() {
            return;
        }
        self.settle_all();
        let mut e = self.store[key].clone();
        match e.may(Act::Withdraw) {
            May::No => return,
            // Another request saying the same settles first.
            May::AskOfficeFirst if self.alike_ahead(&e) => return,
            May::AskOfficeFirst => {
                let Some(out) = e.as_sent() else {
                    // Never frozen, yet it has a try: cannot be (a try needs frozen bytes).
                    unreachable!("a try without bytes");
                };
                match self.search(&self.context(out)) {
                    Err(_) => return,
                    Ok(Some(found)) => {
                        self.log.push(format!("take back {key}: the office has it"));
                        e.answered(Ok(found), true, self.now(), 0.0);
                        self.save(e);
                        return;
                    }
                    Ok(None) => {}
                }
            }
            May::Now => {}
        }
        let request = e.withdraw().unwrap();
        self.log.push(format!("withdrawn {key} (change: {change})"));
        self.withdrawn.push(Self::who(&e));
        self.remove(key);
        if change {
            // Back in the form, changed, and sent again: a new request under a new key.
            let who = self.next_key;
            self.next_key += 1;
            let mut r = request;
            r.idempotency_key = IdempotencyKey(format!("key-{who}"));
            r.contact.name = format!("居民{who}");
            r.photos.iter_mut().for_each(|p| p.url = None);
            self.save(Entry::new(r, None, self.now()));
        }
    }

    fn check_at_most_once(&self) {
        let mut seen = BTreeMap::new();
        for r in &self.office.records {
            *seen.entry(r.who).or_insert(0) += 1;
        }
        for (who, n) in seen {
            assert!(n <= 1, "request {who} filed {n} times\n{}", self.log.join("\n"));
        }
    }

    fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            let keys: Vec<String> = self.store.keys().cloned().collect();
            let pick = |rng: &mut Rng| (!keys.is_empty()).then(|| keys[rng.below(keys.len() as u64) as usize].clone());
            match self.rng.below(100) {
                0..=14 => self.queue(),
                15..=54 => {
                    if let Some(k) = pick(&mut self.rng) {
                        let (online, die) = (self.rng.chance(85), self.rng.chance(10));
                        self.page_step(&k, online, die);
                    }
                }
                55..=69 => {
                    let die = self.rng.chance(10);
                    self.worker_run(die);
                }
                70..=74 => {
                    if let Some(k) = pick(&mut self.rng) {
                        let change = self.rng.chance(50);
                        self.take_back(&k, change);
                    }
                }
                75..=77 => {
                    if let Some(k) = pick(&mut self.rng) {
                        let mut e = self.store[&k].clone();
                        e.send_now();
                        self.save(e);
                    }
                }
                78..=79 => {
                    // The phone's clock is set (the page sees it jump against its monotonic clock,
                    // or it is a new start): a new era, the difference unknown until an answer.
                    let jump = self.rng.below(6 * 3_600_000) as i64 - 3 * 3_600_000;
                    self.phone_ms += jump;
                    self.skew_ms -= jump;
                    self.clock = Clock { era: self.clock.era + 1, offset_ms: None };
                    self.log.push(format!("clock moved {jump} ms"));
                }
                _ => self.phone_ms += self.rng.below(8000) as i64,
            }
            self.check_at_most_once();
        }
    }

    /// The network is good again and the resident keeps the app open: everything settles.
    fn drain(&mut self) {
        for _ in 0..500 {
            if self.store.is_empty() {
                break;
            }
            self.phone_ms += 400_000; // past any back-off
            for k in self.store.keys().cloned().collect::<Vec<_>>() {
                let refused = self.store.get(&k).is_some_and(|e| e.refusal().is_some());
                if refused {
                    // Back in its form: the resident withdraws it.
                    self.take_back(&k, false);
                } else {
                    self.page_step(&k, true, false);
                }
            }
            self.check_at_most_once();
        }
        assert!(self.store.is_empty(), "still waiting: {:?}\n{}", self.store.keys(), self.log.join("\n"));
    }
}

fn simulate(seed: u64, dedup: Dedup) {
    let mut sim = Sim::new(seed, dedup);
    // A faulty network throughout; the drain keeps the app open until everything has settled.
    sim.run(250);
    sim.drain();
    // Every request not withdrawn is at the office exactly once, and "my requests" holds its number.
    for who in 0..sim.next_key {
        let copies: Vec<&Record> = sim.office.records.iter().filter(|r| r.who == who).collect();
        let withdrawn = sim.withdrawn.contains(&who);
        let shown = sim.mine.iter().filter(|(w, _)| *w == who).collect::<Vec<_>>();
        let log = || sim.log.join("\n");
        if withdrawn {
            assert!(copies.is_empty(), "seed {seed}: withdrawn {who} is at the office\n{}", log());
            assert!(shown.is_empty(), "seed {seed}: withdrawn {who} is in my requests");
        } else {
            assert_eq!(copies.len(), 1, "seed {seed}: request {who}\n{}", log());
            assert_eq!(shown.len(), 1, "seed {seed}: request {who} in my requests {:?}\n{}", shown, log());
            assert_eq!(shown[0].1, copies[0].id, "seed {seed}: request {who} was shown another's number\n{}", log());
        }
    }
}

/// How many schedules each office is put through: `OUTBOX_SEEDS` (e.g. 20000) for a longer run;
/// `OUTBOX_SEED` replays one.
fn seeds() -> std::ops::Range<u64> {
    let env = |k| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    match (env("OUTBOX_SEED"), env("OUTBOX_SEEDS")) {
        (Some(one), _) => one..one + 1,
        (None, n) => 0..n.unwrap_or(400),
    }
}

#[test]
fn exactly_once_on_a_keyed_office_whatever_the_schedule() {
    for seed in seeds() {
        simulate(seed, Dedup::Keyed);
    }
}

#[test]
fn exactly_once_on_an_office_that_can_only_be_searched_whatever_the_schedule() {
    for seed in seeds() {
        simulate(seed, Dedup::Search);
    }
}
