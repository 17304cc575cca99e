//! The project's own JSON REST contract, version 2 (`docs/openapi.yaml`): `GET /categories`,
//! `GET /categories/{id}`, `POST /requests` (with a quoted `Idempotency-Key`; the answer carries
//! the request's read key, kept on the phone), `POST /requests/lookup` (the key in the body) after
//! a lost answer, `GET /requests/{id}` (the public view, for anyone with the number),
//! `POST /requests/{id}/read` (the private view, for the read key or the phone's last four digits),
//! `POST /requests/read` ("my requests" in one call), `POST /requests/{id}/rating` and
//! `/reopen` (the office changes the status itself), `PATCH /requests/{id}` (photos only),
//! `POST /photos` (multipart) and `GET /places`.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::Http;
use super::http::{
    cap, cap_opt, decode, decode_list, items, loose_f64, opt_string_or_number, string_or_number, NAME_MAX, TEXT_MAX,
};
use super::{BackendError, Listed, PhotoDesk};
use crate::model::category::feedback_hours;
use crate::model::{
    photo, sla, Category, Community, Delivery, FiledBy, Photo, GeoPoint, HttpCall, IdempotencyKey, Lookup, NewRequest, Place, Proof, Rating, Request, RequestId,
    Satisfaction, Status, Step, Text, TimelineStep,
};

/// A category on the wire.
#[derive(Deserialize)]
struct WireCategory {
    #[serde(alias = "code", deserialize_with = "string_or_number")]
    id: String,
    name: String,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default, deserialize_with = "loose_f64")]
    feedback_hours: Option<f64>,
}

fn category_from_wire(c: WireCategory) -> Category {
    Category {
        name: Text::Plain(cap(c.name, NAME_MAX)),
        code: c.id,
        hint: cap_opt(c.hint, NAME_MAX).map(Text::Plain),
        group: cap_opt(c.group, NAME_MAX).map(Text::Plain),
        // Whole hours only; anything else from outside is bounded in `feedback_hours`.
        feedback_hours: feedback_hours(c.feedback_hours.filter(|h| h.fract() == 0.0 && *h >= 0.0 && *h < 1e12).map(|h| h as u64)),
        has_questions: false,
    }
}

/// `GET /categories`.
pub fn decode_categories(json: &str) -> Result<Vec<Category>, BackendError> {
    let list: Vec<WireCategory> = decode(json)?;
    Ok(list.into_iter().map(category_from_wire).collect())
}

/// `GET /categories/{id}`.
pub fn decode_category(json: &str) -> Result<Category, BackendError> {
    decode(json).map(category_from_wire)
}

#[derive(Serialize, Deserialize)]
struct WireContact {
    name: String,
    phone: String,
}

#[derive(Serialize, Deserialize)]
struct WireRating {
    solved: bool,
    satisfaction: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireStep {
    step: String,
    #[serde(with = "crate::model::time::utc")]
    at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    solved: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    satisfaction: Option<Satisfaction>,
}

/// A request on the wire. Everything but the id, status, category, description and
/// `requested_at` may be absent.
#[derive(Serialize, Deserialize)]
struct WireRequest {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "opt_string_or_number")]
    id: Option<String>,
    /// `public` for the view anyone with the number gets.
    #[serde(default, skip_serializing)]
    view: Option<String>,
    /// Given once, when it is filed (and by the look-up by idempotency key).
    #[serde(default, skip_serializing)]
    read_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<String>,
    #[serde(skip_serializing)]
    status: Status,
    #[serde(default, skip_serializing)]
    status_notes: Option<String>,
    #[serde(deserialize_with = "string_or_number")]
    category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category_name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    community: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    building: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "loose_f64")]
    lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "loose_f64")]
    long: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", skip_deserializing)]
    contact: Option<WireContact>,
    #[serde(default)]
    private: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", skip_deserializing)]
    answers: BTreeMap<String, WireAnswer>,
    #[serde(with = "crate::model::time::utc")]
    requested_at: DateTime<Utc>,
    #[serde(default, skip_serializing, with = "crate::model::time::utc_opt")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::model::time::utc_opt")]
    expected_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing)]
    agency_responsible: Option<String>,
    #[serde(default, skip_serializing)]
    timeline: Vec<WireStep>,
    #[serde(default, skip_serializing)]
    rating: Option<WireRating>,
    #[serde(default, skip_serializing)]
    notice: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    photos: Vec<WirePhoto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    filed_by: Option<WireFiledBy>,
}

/// The volunteer who filed a request for the requester (`contact`), and the consent they
/// confirmed, in its exact words.
#[derive(Serialize, Deserialize)]
struct WireFiledBy {
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    team: String,
    #[serde(default)]
    consent: String,
}

/// A photo on the wire: its address, and who took it (`"office"` for the office's own).
#[derive(Serialize, Deserialize)]
struct WirePhoto {
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<String>,
}

/// Photos read from a server: absolute addresses only, at most `READ_MAX`.
fn photos_from_wire(photos: Vec<WirePhoto>) -> Vec<Photo> {
    photos
        .into_iter()
        .filter_map(|p| Photo::from_backend(&p.url, p.by.as_deref() == Some("office")))
        .filter(|p| p.on_phone().is_none())
        .take(photo::READ_MAX)
        .collect()
}

/// `GET /places`: the communities and their buildings, bounded.
pub fn decode_places(json: &str) -> Result<Vec<Community>, BackendError> {
    let mut list: Vec<Community> = decode(json)?;
    list.truncate(PLACES_MAX);
    for c in &mut list {
        c.name = cap(std::mem::take(&mut c.name), NAME_MAX);
        for list in [&mut c.buildings, &mut c.units] {
            list.truncate(PLACES_MAX);
            for b in list.iter_mut() {
                *b = cap(std::mem::take(b), NAME_MAX);
            }
        }
    }
    list.retain(|c| !c.name.trim().is_empty());
    Ok(list)
}

/// The most communities, and buildings in one, read from a server.
const PLACES_MAX: usize = 300;

/// An answer on the wire: one value, or the keys chosen in a multi-value list.
#[derive(Serialize)]
#[serde(untagged)]
enum WireAnswer {
    One(String),
    Many(Vec<String>),
}

fn step_from_wire(s: WireStep) -> Option<TimelineStep> {
    let step = match s.step.as_str() {
        "received" => Step::Received,
        "dispatched" => Step::Dispatched,
        "in_progress" => Step::InProgress,
        "resolved" => Step::Resolved,
        "reopened" => Step::Reopened,
        "rated" => Step::Rated { solved: s.solved?, satisfaction: s.satisfaction? },
        _ => return None, // a step this app does not know is left out, not fatal
    };
    Some(TimelineStep { step, at: s.at, note: cap_opt(s.note, TEXT_MAX).map(Text::Plain) })
}

/// The longest timeline read from a backend (a request goes round a few times at most).
const TIMELINE_MAX: usize = 100;

fn request_from_wire(w: WireRequest) -> Result<Request, BackendError> {
    let id = w.id.and_then(RequestId::from_backend).ok_or_else(|| BackendError::Shape("request without a usable id".into()))?;
    let mut timeline: Vec<TimelineStep> = w.timeline.into_iter().filter_map(step_from_wire).collect();
    timeline.truncate(TIMELINE_MAX);
    if timeline.is_empty() {
        timeline.push(TimelineStep { step: Step::Received, at: w.requested_at, note: None });
    }
    let point = match (w.lat, w.long) {
        (Some(lat), Some(long)) => GeoPoint::new(lat, long),
        _ => None,
    };
    let name = cap_opt(w.category_name, NAME_MAX).unwrap_or_else(|| cap(w.category.clone(), NAME_MAX));
    Ok(Request {
        id,
        status: w.status,
        status_notes: cap_opt(w.status_notes, TEXT_MAX).map(Text::Plain),
        category_code: w.category,
        category_name: Text::Plain(name),
        description: cap(w.description, TEXT_MAX),
        place: Place {
            address: cap(w.address, TEXT_MAX),
            community: cap_opt(w.community, NAME_MAX),
            building: cap_opt(w.building, NAME_MAX),
            unit: cap_opt(w.unit, NAME_MAX),
            point,
        },
        private: w.private,
        requested_at: w.requested_at,
        updated_at: w.updated_at.unwrap_or(w.requested_at),
        expected_at: w.expected_at,
        agency_responsible: cap_opt(w.agency_responsible, NAME_MAX).map(Text::Plain),
        timeline,
        rating: w.rating.map(|r| Rating { solved: r.solved, satisfaction: r.satisfaction, comment: cap_opt(r.comment, TEXT_MAX) }),
        notice: cap_opt(w.notice, TEXT_MAX).map(Text::Plain),
        copies: Vec::new(),
        photos: photos_from_wire(w.photos),
        filed_by: w.filed_by.map(|f| FiledBy {
            name: cap(f.name, NAME_MAX),
            phone: cap(f.phone, NAME_MAX),
            team: cap(f.team, NAME_MAX),
            consent: cap(f.consent, TEXT_MAX),
            line: String::new(),
        }),
        // A read key is plain base64url of a sane length; anything else is not kept.
        read_key: w.read_key.filter(|k| crate::model::is_read_key(k)),
        public: w.view.as_deref() == Some("public"),
    })
}

/// `GET /requests/{id}`, `POST /requests/{id}/read` or the answer to `POST /requests`.
pub fn decode_request(json: &str) -> Result<Request, BackendError> {
    request_from_wire(decode(json)?)
}

/// `POST /requests/read`: the requests that read, and how many did not.
pub fn decode_requests(json: &str) -> Result<Listed, BackendError> {
    decode_list(json, request_from_wire)
}

/// `POST /requests/lookup`: the request filed under `key`, if any. Only a record that carries this
/// very key counts, so a server that answers something else cannot pass off someone else's
/// request as this one.
pub fn decode_filed_with_key(json: &str, key: &IdempotencyKey) -> Result<Option<Request>, BackendError> {
    #[derive(Deserialize)]
    struct Keyed {
        #[serde(default)]
        idempotency_key: Option<String>,
    }
    Ok(items(json)?
        .into_iter()
        .filter(|item| decode::<Keyed>(item).is_ok_and(|k| k.idempotency_key.as_deref() == Some(key.as_str())))
        .find_map(|item| decode_request(item).ok()))
}

/// The body of `POST /requests`: the request as received at `now`. A server that runs its own
/// workflow may overwrite status, times and timeline; a generic JSON server stores it as sent.
/// Encoded once per request: every retry sends these bytes.
pub fn encode_new_request(new: &NewRequest, category: Option<&Category>, now: DateTime<Utc>) -> String {
    let hours = category.map_or(sla::SlaClass::General.hours(), |c| c.feedback_hours);
    let category_name = category.and_then(|c| match &c.name {
        Text::Plain(n) => Some(n.clone()),
        Text::Builtin(_) => None,
    });
    let wire = WireRequest {
        id: None,
        view: None,
        read_key: None,
        idempotency_key: Some(new.idempotency_key.0.clone()),
        status: Status::Received,
        status_notes: None,
        category: new.category_code.clone(),
        category_name,
        description: new.description.clone(),
        address: new.place.address.clone(),
        community: new.place.community.clone(),
        building: new.place.building.clone(),
        unit: new.place.unit.clone(),
        lat: new.place.point.map(|p| p.lat),
        long: new.place.point.map(|p| p.long),
        contact: Some(WireContact { name: new.contact.name.clone(), phone: new.contact.phone.clone() }),
        private: new.private,
        answers: {
            // Inserted one by one: collecting into a map sorts first, and the sort costs bytes.
            let mut answers = BTreeMap::new();
            for (code, a) in &new.answers {
                let values = a.values();
                let value = match a {
                    crate::model::Answer::Choices(_) => WireAnswer::Many(values),
                    _ => WireAnswer::One(values.into_iter().next().unwrap_or_default()),
                };
                answers.insert(code.clone(), value);
            }
            answers
        },
        requested_at: now,
        updated_at: None,
        expected_at: sla::deadline(now, hours),
        agency_responsible: None,
        // The office writes status, timeline and the times it keeps (contract v2): not sent.
        timeline: Vec::new(),
        rating: None,
        notice: None,
        photos: new
            .photos
            .iter()
            .filter_map(|p| p.url.clone())
            .map(|url| WirePhoto { url, by: Some("resident".into()) })
            .collect(),
        filed_by: new.filed_by.as_ref().map(|f| WireFiledBy {
            name: f.name.clone(),
            phone: f.phone.clone(),
            team: f.team.clone(),
            consent: f.consent.clone(),
        }),
    };
    serde_json::to_string(&wire).unwrap_or_default()
}

/// The body of `POST /requests/{id}/rating`.
pub fn encode_rating(rating: &Rating) -> String {
    serde_json::to_string(&WireRating { solved: rating.solved, satisfaction: rating.satisfaction, comment: rating.comment.clone() })
        .unwrap_or_default()
}

/// The body of `POST /requests/{id}/reopen`.
pub fn encode_reopen(reason: &str) -> String {
    #[derive(Serialize)]
    struct WireReopen<'a> {
        reason: &'a str,
    }
    serde_json::to_string(&WireReopen { reason }).unwrap_or_default()
}

/// One request asked for, with its read key where the phone has one (`POST /requests/{id}/read`
/// takes the key alone, or the phone's last four digits instead).
#[derive(Serialize, Default)]
struct WireAsk<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_last4: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<&'a str>,
}

/// The body of `POST /requests/{id}/read`: the proof, the read key or the phone's last four digits.
pub fn encode_proof(proof: &Proof) -> String {
    let ask = match proof {
        Proof::Key(k) => WireAsk { read_key: Some(k), ..WireAsk::default() },
        Proof::PhoneDigits(d) => WireAsk { phone_last4: Some(d), ..WireAsk::default() },
    };
    serde_json::to_string(&ask).unwrap_or_default()
}

/// The body of `POST /requests/read`: each id, with its read key where the phone has one.
pub fn encode_read_many(mine: &[(RequestId, Option<String>)]) -> String {
    #[derive(Serialize)]
    struct WireMany<'a> {
        requests: Vec<WireAsk<'a>>,
    }
    let requests = mine.iter().map(|(id, key)| WireAsk { id: Some(id.as_str()), read_key: key.as_deref(), ..WireAsk::default() }).collect();
    serde_json::to_string(&WireMany { requests }).unwrap_or_default()
}

/// The body of `POST /push-subscriptions`: where the office sends this phone's messages, and the
/// requests it follows with their read keys (the newest hundred). Written by hand: it loads with
/// the notifications' code, and a serializer shared with the rest of the adapter would move the
/// adapter's code into a chunk the first page loads as well.
pub fn encode_subscription(sub: &crate::model::follow::Subscription, mine: &[(RequestId, Option<String>)]) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let requests = mine[..mine.len().min(READ_MANY_MAX)]
        .iter()
        .map(|(id, key)| match key {
            Some(k) => format!("{{\"id\":{},\"read_key\":{}}}", q(id.as_str()), q(k)),
            None => format!("{{\"id\":{}}}", q(id.as_str())),
        })
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "{{\"endpoint\":{},\"keys\":{{\"p256dh\":{},\"auth\":{}}},\"requests\":[{requests}]}}",
        q(&sub.endpoint),
        q(&sub.p256dh),
        q(&sub.auth)
    )
}

/// The office's number for a subscription (`201 {"id": …}`), bounded like any id.
pub fn decode_subscribed(json: &str) -> Result<String, BackendError> {
    #[derive(Deserialize)]
    struct WireSubscribed {
        id: String,
    }
    let answer: WireSubscribed = serde_json::from_str(json).map_err(|_| BackendError::Shape("unreadable subscription".into()))?;
    // Bounded like any id from outside (checked here, not by `RequestId`'s rule: see `encode_subscription`).
    let ok = !answer.id.trim().is_empty() && answer.id.len() <= 64 && !answer.id.chars().any(char::is_control);
    ok.then_some(answer.id).ok_or_else(|| BackendError::Shape("unusable subscription id".into()))
}

/// The body of `PATCH /requests/{id}` after photos were added: the resident's whole list, in order
/// (the office keeps its own).
pub fn encode_photos(request: &Request) -> String {
    #[derive(Serialize)]
    struct WirePhotos {
        photos: Vec<WirePhoto>,
    }
    let photos = request
        .photos
        .iter()
        .filter(|p| !p.by_office)
        .map(|p| WirePhoto { url: p.url.clone(), by: Some("resident".into()) })
        .collect();
    serde_json::to_string(&WirePhotos { photos }).unwrap_or_default()
}

/// The most requests one `POST /requests/read` asks for.
pub const READ_MANY_MAX: usize = 100;

/// The `Idempotency-Key` header's value: a quoted string, as the IETF draft's grammar requires.
pub fn idempotency_header(key: &IdempotencyKey) -> String {
    format!("\"{}\"", key.as_str())
}

/// The send as plain HTTP calls for the service worker: look the key up, post only if absent.
pub fn delivery(backend: &RestBackend, key: &IdempotencyKey, body: &str) -> Delivery {
    let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
    if let Some(t) = &backend.token {
        headers.push(("Authorization".into(), format!("Bearer {t}")));
    }
    let mut post_headers = headers.clone();
    post_headers.push(("Content-Type".into(), "application/json".into()));
    post_headers.push(("Idempotency-Key".into(), idempotency_header(key)));
    let mut lookup_headers = headers.clone();
    lookup_headers.push(("Content-Type".into(), "application/json".into()));
    Delivery {
        lookup: Some(Lookup {
            call: HttpCall {
                method: "POST".into(),
                url: backend.url("/requests/lookup"),
                headers: lookup_headers,
                body: Some(lookup_body(key)),
            },
            fields: vec![("idempotency_key".into(), key.as_str().into())],
        }),
        post: HttpCall { method: "POST".into(), url: backend.url("/requests"), headers: post_headers, body: Some(body.into()) },
    }
}

/// The body of `POST /requests/lookup`: the key, never in a URL (URLs are logged).
pub fn lookup_body(key: &IdempotencyKey) -> String {
    serde_json::to_string(&WireAsk { idempotency_key: Some(key.as_str()), ..WireAsk::default() }).unwrap_or_default()
}

/// The adapter's settings.
#[derive(Clone, Debug)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct RestBackend {
    base_url: String,
    token: Option<String>,
    http: Http,
    push_key: Option<String>,
}

impl RestBackend {
    pub fn new(base_url: &str, token: Option<String>, http: Http) -> Self {
        RestBackend { base_url: base_url.trim_end_matches('/').to_string(), token, http, push_key: None }
    }

    /// The office sends Web Push messages, signed with the key whose public half is `key`.
    pub fn with_push_key(mut self, key: Option<String>) -> Self {
        self.push_key = key;
        self
    }

    pub fn push_key(&self) -> Option<&str> {
        self.push_key.as_deref()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// How the service worker asks where followed requests stand: `POST /requests/read` with
    /// their numbers and read keys (the newest hundred), answered with a list whose items carry
    /// `id` and `status` in this contract's words.
    pub fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> crate::model::follow::WatchCall {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string()), ("Content-Type".into(), "application/json".into())];
        if let Some(t) = &self.token {
            headers.push(("Authorization".into(), format!("Bearer {t}")));
        }
        let some = &mine[..mine.len().min(READ_MANY_MAX)];
        let statuses = [Status::Received, Status::Dispatched, Status::InProgress, Status::Resolved, Status::Closed, Status::Reopened];
        crate::model::follow::WatchCall {
            call: HttpCall { method: "POST".into(), url: self.url("/requests/read"), headers, body: Some(encode_read_many(some)) },
            id_field: "id",
            status_field: "status",
            statuses: statuses.into_iter().map(|s| (s.code(), s)).collect(),
            held: None,
        }
    }

    /// Photos go to `POST /photos` as the multipart field `photo`.
    pub fn photo_desk(&self) -> PhotoDesk {
        let mut headers = vec![("Accept".to_string(), "application/json".to_string())];
        if let Some(t) = &self.token {
            headers.push(("Authorization".into(), format!("Bearer {t}")));
        }
        let call = HttpCall { method: "POST".into(), url: self.url("/photos"), headers, body: None };
        PhotoDesk::Upload { call, field: "photo", http: self.http, keyed: true }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::backend::http::{json, segment, Reply};
    use crate::backend::transport::{send, Body, Call};
    use crate::backend::{Backend, Filed};
    use crate::model::{Delivered, Outgoing, Wire};

    impl RestBackend {
        /// The answer's JSON text, or the failure it stands for.
        async fn call(&self, mut call: Call) -> Result<String, BackendError> {
            // A status is news: never an HTTP cache's guess at it.
            call = call.header("Accept", "application/json").no_cache();
            if let Some(t) = &self.token {
                call = call.header("Authorization", format!("Bearer {t}"));
            }
            let reply = send(call, self.http).await?;
            json(&reply).map(str::to_string)
        }

        /// A JSON body posted to `path`, with the request's read key and, for a change, its
        /// idempotency key (a change is made once even if its answer is lost and it is sent again).
        async fn post(&self, path: &str, body: String, key: Option<&str>, once: Option<&IdempotencyKey>) -> Result<String, BackendError> {
            self.send("POST", path, body, key, once).await
        }

        /// `post`, by `method`.
        async fn send(&self, method: &'static str, path: &str, body: String, key: Option<&str>, once: Option<&IdempotencyKey>) -> Result<String, BackendError> {
            let mut call = Call::with_body(method, self.url(path), Body::Json(body));
            if let Some(k) = key {
                call = call.header("Read-Key", k);
            }
            if let Some(once) = once {
                call = call.header("Idempotency-Key", idempotency_header(once));
            }
            self.call(call).await
        }
        /// A call of Web Push's own, sharing none of the adapter's other calls (see
        /// `encode_subscription`).
        async fn push_call(&self, method: &'static str, path: &str, body: Option<String>) -> Result<String, BackendError> {
            let mut headers = vec![("Accept", "application/json".to_string())];
            if let Some(t) = &self.token {
                headers.push(("Authorization", format!("Bearer {t}")));
            }
            let call = Call { method, url: self.url(path), headers, body: body.map(Body::Json), no_cache: true };
            json(&send(call, self.http).await?).map(str::to_string)
        }

        /// See `Adapter::subscribe`.
        pub async fn subscribe(&self, sub: &crate::model::follow::Subscription, mine: &[(RequestId, Option<String>)]) -> Result<String, BackendError> {
            decode_subscribed(&self.push_call("POST", "/push-subscriptions", Some(encode_subscription(sub, mine))).await?)
        }

        pub async fn unsubscribe(&self, id: &str) -> Result<(), BackendError> {
            self.push_call("DELETE", &format!("/push-subscriptions/{}", segment(id)), None).await.map(drop)
        }

        /// The category as the server describes it now; `None` when it no longer knows it.
        async fn category(&self, code: &str) -> Result<Option<Category>, BackendError> {
            match self.call(Call::get(self.url(&format!("/categories/{}", segment(code))))).await {
                Ok(body) => decode_category(&body).map(Some),
                Err(BackendError::NotFound) => Ok(None),
                Err(e) => Err(e),
            }
        }
    }

    impl Backend for RestBackend {
        fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall> {
            Some(RestBackend::watch_call(self, mine))
        }

        async fn categories(&self) -> Result<Vec<Category>, BackendError> {
            decode_categories(&self.call(Call::get(self.url("/categories"))).await?)
        }

        async fn prepare(&self, new: &NewRequest, listed: Option<&Category>, now: DateTime<Utc>) -> Result<Wire, BackendError> {
            // The category as the form listed it; asked for only when that is not known.
            let category = match listed.filter(|c| c.code == new.category_code) {
                Some(c) => Some(c.clone()),
                None => self.category(&new.category_code).await?,
            };
            let body = encode_new_request(new, category.as_ref(), now);
            let delivery = delivery(self, &new.idempotency_key, &body);
            Ok(Wire { body, first_sent_at: now, delivery: Some(delivery) })
        }

        async fn submit(&self, outgoing: &Outgoing) -> Result<Filed, BackendError> {
            // After a try that may have filed it, its key is looked up first, so that even a
            // server that ignores Idempotency-Key never gets it twice.
            if outgoing.look_first {
                if let Some(existing) = self.find_filed(outgoing).await? {
                    return Ok(existing);
                }
            }
            let key = &outgoing.request.idempotency_key;
            let call = Call::with_body("POST", self.url("/requests"), Body::Json(outgoing.wire.body.clone()))
                .header("Idempotency-Key", idempotency_header(key));
            decode_request(&self.call(call).await?).map(Filed::from)
        }

        async fn accept(&self, _: &Outgoing, delivered: &Delivered) -> Result<Filed, BackendError> {
            decode_request(json(&Reply::delivered(delivered))?).map(Filed::from)
        }

        async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError> {
            let key = &outgoing.request.idempotency_key;
            let found = self.post("/requests/lookup", lookup_body(key), None, None).await?;
            Ok(decode_filed_with_key(&found, key)?.map(Filed::from))
        }

        async fn request(&self, id: &RequestId, proof: Option<&Proof>) -> Result<Request, BackendError> {
            let path = format!("/requests/{}", segment(id.as_str()));
            match proof {
                // With its key, as "my requests" are read: that call has no limit of wrong tries, so
                // someone guessing this request's digits never locks its own phone out. A key the
                // office does not take gives the public view.
                Some(Proof::Key(k)) => {
                    let mine = [(id.clone(), Some(k.clone()))];
                    let listed = decode_requests(&self.post("/requests/read", encode_read_many(&mine), None, None).await?)?;
                    listed.requests.into_iter().find(|r| &r.id == id).ok_or(BackendError::NotFound)
                }
                Some(digits) => decode_request(&self.post(&format!("{path}/read"), encode_proof(digits), None, None).await?),
                None => decode_request(&self.call(Call::get(self.url(&path))).await?),
            }
        }

        async fn requests(&self, mine: &[(RequestId, Option<String>)]) -> Result<Listed, BackendError> {
            let mut listed = Listed::default();
            for some in mine.chunks(READ_MANY_MAX) {
                let part = decode_requests(&self.post("/requests/read", encode_read_many(some), None, None).await?)?;
                listed.requests.extend(part.requests);
                listed.unreadable += part.unreadable;
            }
            Ok(listed)
        }

        async fn rate(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, rating: &Rating) -> Result<Request, BackendError> {
            let path = format!("/requests/{}/rating", segment(id.as_str()));
            decode_request(&self.post(&path, encode_rating(rating), key, Some(once)).await?)
        }

        async fn add_photos(&self, id: &RequestId, key: Option<&str>, urls: &[String]) -> Result<Request, BackendError> {
            // The resident's whole list goes: the request as the office has it now, with these added.
            let mut request = self.request(id, key.map(|k| Proof::Key(k.into())).as_ref()).await?;
            request.add_photos(urls, Utc::now())?;
            decode_request(&self.send("PATCH", &format!("/requests/{}", segment(id.as_str())), encode_photos(&request), key, None).await?)
        }

        async fn places(&self) -> Result<Vec<Community>, BackendError> {
            match self.call(Call::get(self.url("/places"))).await {
                Ok(body) => decode_places(&body),
                // A server without a list of places: the resident types the place.
                Err(BackendError::NotFound) => Ok(Vec::new()),
                Err(e) => Err(e),
            }
        }

        async fn reopen(&self, id: &RequestId, key: Option<&str>, once: &IdempotencyKey, reason: &str) -> Result<Request, BackendError> {
            let path = format!("/requests/{}/reopen", segment(id.as_str()));
            decode_request(&self.post(&path, encode_reopen(reason), key, Some(once)).await?)
        }
    }
}

#[cfg(target_arch = "wasm32")]
lazy! {
    /// The adapter as one object, in a module of its own (loaded when `config.json` names it).
    pub fn rest_office(adapter: RestBackend) -> std::sync::Arc<dyn super::Office + Send + Sync> {
        std::sync::Arc::new(adapter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Contact, ValidAnswers};
    use chrono::TimeZone;
    use serde_json::{json, Value};

    fn j(v: Value) -> String {
        v.to_string()
    }

    fn wire(new: &NewRequest, category: Option<&Category>) -> Value {
        serde_json::from_str(&encode_new_request(new, category, now())).unwrap()
    }

    /// What an office of the contract (v2) answers when it files `new`: the body as sent, with what
    /// the office writes itself (its number, status, first step, times, version and read key).
    fn filed(new: &NewRequest, category: Option<&Category>) -> Value {
        let mut v = wire(new, category);
        let at = v["requested_at"].clone();
        for (k, x) in [
            ("id", json!("R-7KQ2M4XHWTBD")),
            ("view", json!("private")),
            ("version", json!(1)),
            ("status", json!("received")),
            ("updated_at", at.clone()),
            ("timeline", json!([{"step": "received", "at": at}])),
            ("read_key", json!("Zk3q9mV0bq1xN8yT2wLr5A")),
            ("supporters", json!(1)),
        ] {
            v[k] = x;
        }
        v
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
    }

    #[test]
    fn categories_decode_with_defaults() {
        let list = decode_categories(&j(json!([
            {"id": "lighting", "name": "公共照明", "hint": "楼道灯、路灯不亮", "feedback_hours": 24},
            {"id": 7, "name": "其他"}
        ])))
        .unwrap();
        assert_eq!(list[0].code, "lighting");
        assert_eq!(list[0].feedback_hours, 24);
        assert_eq!(list[1].code, "7");
        assert_eq!(list[1].hint, None);
        assert_eq!(list[1].feedback_hours, 168);
        assert!(matches!(decode_categories(&j(json!({"id": 1}))), Err(BackendError::Shape(_))));
        assert!(matches!(decode_categories(&j(json!([{"name": "no id"}]))), Err(BackendError::Shape(_))));
    }

    #[test]
    fn absurd_feedback_limits_are_bounded() {
        for absurd in [json!(2_300_000_000u64), json!(-5), json!(1.5), json!(1e300), json!("9999999999"), json!(0)] {
            let c = decode_category(&j(json!({"id": "x", "name": "x", "feedback_hours": absurd}))).unwrap();
            assert_eq!(c.feedback_hours, 168, "{absurd}");
        }
        // And the deadline made from it never panics: every u32 is tried in model::sla.
        let c = decode_category(&j(json!({"id": "x", "name": "x", "feedback_hours": "24"}))).unwrap();
        assert_eq!(c.feedback_hours, 24);
    }

    fn new_request() -> NewRequest {
        NewRequest {
            idempotency_key: IdempotencyKey("6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69".into()),
            category_code: "lighting".into(),
            description: "两盏楼道灯不亮".into(),
            place: Place {
                address: "太华路社区".into(),
                building: Some("9号楼".into()),
                point: Some(GeoPoint::new(34.29, 108.95).unwrap()),
                ..Place::default()
            },
            contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
            private: true,
            answers: ValidAnswers::from([
                ("floor".to_string(), Answer::Number("3".into())),
                ("lanes".to_string(), Answer::Choices(vec!["walk".into()])),
            ]),
            photos: Vec::new(),
            filed_by: None,
        }
    }

    #[test]
    fn a_request_filed_for_a_neighbour_names_the_volunteer_and_the_consent() {
        let mut new = new_request();
        new.filed_by = Some(FiledBy {
            name: "王芳".into(),
            phone: "13900001111".into(),
            team: "幸福里志愿队".into(),
            consent: "本人已同意由我代为反映".into(),
            line: "代办：王芳".into(),
        });
        let mut body = filed(&new, None);
        assert_eq!(body["contact"]["name"], "王阿姨");
        assert_eq!(
            body["filed_by"],
            json!({"name": "王芳", "phone": "13900001111", "team": "幸福里志愿队", "consent": "本人已同意由我代为反映"})
        );
        body["id"] = json!(5);
        let r = decode_request(&body.to_string()).unwrap();
        let f = r.filed_by.unwrap();
        assert_eq!((f.name.as_str(), f.team.as_str(), f.consent.as_str()), ("王芳", "幸福里志愿队", "本人已同意由我代为反映"));
        assert!(wire(&new_request(), None).get("filed_by").is_none());
    }

    #[test]
    fn a_new_request_round_trips_through_a_json_server() {
        let category = Category {
            code: "lighting".into(),
            name: Text::plain("公共照明"),
            hint: None,
            group: None,
            feedback_hours: 24,
            has_questions: false,
        };
        let mut body = wire(&new_request(), Some(&category));
        assert_eq!(body["idempotency_key"], "6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69");
        assert_eq!(body["answers"], json!({"floor": "3", "lanes": ["walk"]}));
        assert_eq!(body["contact"]["phone"], "13800138000");
        assert_eq!(body["expected_at"], "2026-11-29T09:00:00Z", "a hint: the office counts from its own time");
        // The office writes the workflow (contract v2): none of it is sent.
        for office in ["status", "status_notes", "timeline", "rating", "updated_at", "notice", "agency_responsible"] {
            assert!(body.get(office).is_none(), "{office} is not sent");
        }
        // The office answers with its number (json-server's reference backend, or a numeric one).
        body = filed(&new_request(), Some(&category));
        body["id"] = json!(1);
        let r = decode_request(&j(body)).unwrap();
        assert_eq!(r.id.as_str(), "1");
        assert_eq!(r.status, Status::Received);
        assert_eq!(r.category_name, Text::plain("公共照明"));
        assert_eq!(r.place.point, Some(GeoPoint::new(34.29, 108.95).unwrap()));
        assert!(r.private);
        assert_eq!(r.timeline.len(), 1);
    }

    #[test]
    fn photos_go_by_address_and_come_back_with_who_took_them() {
        let mut new = new_request();
        new.photos = vec![crate::model::Attached { local: "a".into(), url: Some("https://x.example/photos/a.jpg".into()) }];
        assert_eq!(wire(&new, None)["photos"], json!([{"url": "https://x.example/photos/a.jpg", "by": "resident"}]));
        let mut body = filed(&new, None);
        body["id"] = json!(1);
        body["photos"].as_array_mut().unwrap().extend([
            json!({"url": "https://x.example/after.jpg", "by": "office"}),
            json!({"url": "javascript:alert(1)"}),
            json!({"url": "phone:a"}),
        ]);
        let r = decode_request(&j(body)).unwrap();
        assert_eq!(
            r.photos,
            vec![
                Photo { url: "https://x.example/photos/a.jpg".into(), by_office: false },
                Photo { url: "https://x.example/after.jpg".into(), by_office: true },
            ]
        );
        let b = RestBackend::new("https://x.example/v1/", Some("t".into()), Http::default());
        let PhotoDesk::Upload { call, field, keyed, .. } = b.photo_desk() else { panic!("REST takes photos") };
        assert_eq!((call.url.as_str(), field), ("https://x.example/v1/photos", "photo"));
        assert!(call.headers.contains(&("Authorization".into(), "Bearer t".into())));
        assert!(keyed, "REST honours Idempotency-Key on uploads");
    }

    #[test]
    fn the_workers_watch_asks_for_every_followed_request_in_one_read() {
        let b = RestBackend::new("https://x.example/v1", Some("t".into()), Http::default());
        let mine = [(RequestId("R-7KQ2".into()), Some("k1".into())), (RequestId("R-9XW3".into()), None)];
        let w = b.watch_call(&mine);
        assert_eq!((w.call.method.as_str(), w.call.url.as_str()), ("POST", "https://x.example/v1/requests/read"));
        assert!(w.call.headers.contains(&("Authorization".into(), "Bearer t".into())));
        let body: Value = serde_json::from_str(w.call.body.as_deref().unwrap()).unwrap();
        assert_eq!(body, json!({"requests": [{"id": "R-7KQ2", "read_key": "k1"}, {"id": "R-9XW3"}]}));
        assert_eq!((w.id_field, w.status_field), ("id", "status"));
        // Every status of the contract, in its own words.
        assert!(w.statuses.iter().all(|(word, s)| *word == s.code()));
        assert_eq!(w.statuses.len(), 6);
    }

    #[test]
    fn a_push_subscription_names_the_followed_requests_with_their_keys() {
        let key = "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U";
        let sub = crate::model::follow::Subscription::new("https://push.example/abc", key, "tBHItJI5svbpez7KI4CCXg").unwrap();
        let mine = [(RequestId("R-7KQ2".into()), Some("k1".into())), (RequestId("R-9XW3".into()), None)];
        let body: Value = serde_json::from_str(&encode_subscription(&sub, &mine)).unwrap();
        assert_eq!(
            body,
            json!({"endpoint": "https://push.example/abc", "keys": {"p256dh": key, "auth": "tBHItJI5svbpez7KI4CCXg"},
                "requests": [{"id": "R-7KQ2", "read_key": "k1"}, {"id": "R-9XW3"}]})
        );
        let many: Vec<_> = (0..150).map(|n| (RequestId(format!("R-{n}")), None)).collect();
        let body: Value = serde_json::from_str(&encode_subscription(&sub, &many)).unwrap();
        assert_eq!(body["requests"].as_array().unwrap().len(), 100, "the contract's most");
        assert_eq!(decode_subscribed(r#"{"id": "P-4MZQ", "followed": 1}"#).unwrap(), "P-4MZQ");
        for bad in [r#"{"followed": 1}"#, r#"{"id": ""}"#, r#"{"id": 7}"#, "<html>"] {
            assert!(decode_subscribed(bad).is_err(), "{bad}");
        }
        let b = RestBackend::new("https://x.example", None, Http::default());
        assert_eq!(b.push_key(), None);
        assert_eq!(b.with_push_key(Some(key.into())).push_key(), Some(key));
    }

    #[test]
    fn added_photos_patch_the_whole_list() {
        let mut r = decode_request(&j(json!({"id": 3, "status": "in_progress", "category": "lighting", "description": "灯不亮",
            "requested_at": "2026-11-28T09:00:00Z", "photos": [{"url": "https://x/a.jpg", "by": "resident"}, {"url": "https://x/o.jpg", "by": "office"}]}))).unwrap();
        r.add_photos(&["https://x/b.jpg".into()], now()).unwrap();
        // The resident's whole list, and nothing else (the office keeps its own photos).
        let body: Value = serde_json::from_str(&encode_photos(&r)).unwrap();
        assert_eq!(body, json!({"photos": [{"url": "https://x/a.jpg", "by": "resident"}, {"url": "https://x/b.jpg", "by": "resident"}]}));
    }

    #[test]
    fn places_are_read_within_bounds() {
        let many: Vec<Value> = (0..400).map(|i| json!({"name": format!("社区{i}"), "buildings": ["1号楼"]})).collect();
        let list = decode_places(&j(json!(many))).unwrap();
        assert_eq!(list.len(), 300);
        assert_eq!(list[0].buildings, ["1号楼"]);
        let list = decode_places(&j(json!([{"name": " "}, {"name": "太华路社区"}]))).unwrap();
        assert_eq!(list, vec![Community { name: "太华路社区".into(), buildings: vec![], units: vec![] }]);
        assert!(decode_places(&j(json!({"name": "x"}))).is_err());
    }

    #[test]
    fn ratings_and_reopening_send_only_the_residents_words() {
        // The office writes status, timeline and deadlines itself (contract v2): none of them goes.
        let rating = Rating { solved: false, satisfaction: Satisfaction::Dissatisfied, comment: Some("没修好".into()) };
        assert_eq!(serde_json::from_str::<Value>(&encode_rating(&rating)).unwrap(), json!({"solved": false, "satisfaction": "dissatisfied", "comment": "没修好"}));
        let plain = Rating { solved: true, satisfaction: Satisfaction::Satisfied, comment: None };
        assert_eq!(serde_json::from_str::<Value>(&encode_rating(&plain)).unwrap(), json!({"solved": true, "satisfaction": "satisfied"}));
        assert_eq!(serde_json::from_str::<Value>(&encode_reopen("三楼还是黑的")).unwrap(), json!({"reason": "三楼还是黑的"}));
    }

    #[test]
    fn proofs_and_lookups_go_in_bodies() {
        let key = IdempotencyKey("6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69".into());
        assert_eq!(serde_json::from_str::<Value>(&lookup_body(&key)).unwrap(), json!({"idempotency_key": key.as_str()}));
        assert_eq!(serde_json::from_str::<Value>(&encode_proof(&Proof::Key("Zk3q9mV0bq1xN8yT2wLr5A".into()))).unwrap(), json!({"read_key": "Zk3q9mV0bq1xN8yT2wLr5A"}));
        assert_eq!(serde_json::from_str::<Value>(&encode_proof(&Proof::PhoneDigits("8000".into()))).unwrap(), json!({"phone_last4": "8000"}));
        let mine = [(RequestId("R-7KQ2M4XHWTBD".into()), Some("Zk3q9mV0bq1xN8yT2wLr5A".into())), (RequestId("R-Q4ZC7T2LMN5P".into()), None)];
        assert_eq!(
            serde_json::from_str::<Value>(&encode_read_many(&mine)).unwrap(),
            json!({"requests": [{"id": "R-7KQ2M4XHWTBD", "read_key": "Zk3q9mV0bq1xN8yT2wLr5A"}, {"id": "R-Q4ZC7T2LMN5P"}]})
        );
        // The service worker's look-up is the same call, never a URL with the key in it.
        let b = RestBackend::new("https://x.example/v1", None, Http::default());
        let lookup = delivery(&b, &key, "{}").lookup.unwrap().call;
        assert_eq!((lookup.method.as_str(), lookup.url.as_str()), ("POST", "https://x.example/v1/requests/lookup"));
        assert_eq!(lookup.body.as_deref(), Some(lookup_body(&key).as_str()));
        assert!(!lookup.url.contains(key.as_str()));
    }

    #[test]
    fn the_filed_answer_gives_the_read_key_and_the_public_view_says_so() {
        let mut answer = filed(&new_request(), None);
        answer["id"] = json!("R-7KQ2M4XHWTBD");
        answer["view"] = json!("private");
        answer["read_key"] = json!("Zk3q9mV0bq1xN8yT2wLr5A");
        let r = decode_request(&j(answer.clone())).unwrap();
        assert_eq!(r.read_key.as_deref(), Some("Zk3q9mV0bq1xN8yT2wLr5A"));
        assert!(!r.public);
        // A key that is not a plain base64url token of a sane length is not kept.
        for odd in [json!("short"), json!("x".repeat(300)), json!("Zk3q9mV0bq1xN8yT2wLr5A/../")] {
            answer["read_key"] = odd.clone();
            assert_eq!(decode_request(&j(answer.clone())).unwrap().read_key, None, "{odd}");
        }
        // The public view: no description, address or contact, and marked as such.
        let public = decode_request(&j(json!({"id": "R-7KQ2M4XHWTBD", "view": "public", "status": "in_progress", "category": "lighting",
            "category_name": "公共照明", "community": "太华路社区", "requested_at": "2026-11-28T01:00:00Z", "updated_at": "2026-11-28T01:30:00Z",
            "timeline": [{"step": "received", "at": "2026-11-28T01:00:00Z"}], "supporters": 2})))
        .unwrap();
        assert!(public.public);
        assert_eq!((public.description.as_str(), public.read_key.as_deref()), ("", None));
        assert_eq!(public.place.community.as_deref(), Some("太华路社区"));
    }

    #[test]
    fn bad_requests_are_shape_errors() {
        for bad in [
            json!(null),
            json!([]),
            json!({"id": 1}),
            json!({"id": 1, "status": "teleported", "category": "x", "description": "d", "requested_at": "2026-11-28T09:00:00Z"}),
            json!({"id": 1, "status": "received", "category": "x", "description": "d", "requested_at": "yesterday"}),
            json!({"status": "received", "category": "x", "description": "d", "requested_at": "2026-11-28T09:00:00Z"}),
        ] {
            assert!(matches!(decode_request(&j(bad.clone())), Err(BackendError::Shape(_))), "{bad}");
        }
    }

    #[test]
    fn the_same_request_encodes_to_the_same_bytes() {
        let a = encode_new_request(&new_request(), None, now());
        assert_eq!(a, encode_new_request(&new_request(), None, now()));
        assert_ne!(a, encode_new_request(&new_request(), None, now() + chrono::Duration::seconds(1)));
    }

    #[test]
    fn the_idempotency_key_is_sent_quoted() {
        assert_eq!(idempotency_header(&new_request().idempotency_key), "\"6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69\"");
    }

    #[test]
    fn only_a_record_with_this_key_counts_as_filed() {
        let key = new_request().idempotency_key;
        let mut mine = filed(&new_request(), None);
        mine["id"] = json!(12);
        let mut someone_else = mine.clone();
        someone_else["id"] = json!(3);
        someone_else["idempotency_key"] = json!("0000-other");
        let mut keyless = mine.clone();
        keyless["id"] = json!(4);
        keyless.as_object_mut().unwrap().remove("idempotency_key");
        // A server that ignores the filter answers with everything it has.
        let found = decode_filed_with_key(&j(json!([someone_else.clone(), keyless.clone(), mine])), &key).unwrap();
        assert_eq!(found.map(|r| r.id.0), Some("12".to_string()));
        assert_eq!(decode_filed_with_key(&j(json!([someone_else, keyless])), &key).unwrap(), None);
        assert_eq!(decode_filed_with_key(&j(json!([])), &key).unwrap(), None);
    }

    #[test]
    fn one_bad_record_does_not_hide_the_others() {
        let mut good = filed(&new_request(), None);
        good["id"] = json!(1);
        let listed = decode_requests(&j(json!([good.clone(), {"id": 2, "status": "teleported"}, 42, good]))).unwrap();
        assert_eq!(listed.requests.len(), 2);
        assert_eq!(listed.unreadable, 2);
        assert!(matches!(decode_requests(&j(json!({"id": 1}))), Err(BackendError::Shape(_))));
    }
}
