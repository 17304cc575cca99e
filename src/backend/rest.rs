//! The project's own JSON REST contract (`docs/openapi.yaml`), shaped so that a generic JSON
//! server such as json-server can host it:
//! `GET /categories`, `GET /categories/{id}`, `GET /requests?id=…`, `GET /requests/{id}`,
//! `GET /requests?idempotency_key=…`, `POST /requests` (with a quoted `Idempotency-Key`),
//! `PATCH /requests/{id}` for ratings and reopening, `POST /photos` (multipart) for photos and
//! `GET /places` for the communities the office lists.

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
    photo, sla, Category, Community, Delivery, FiledBy, Photo, GeoPoint, HttpCall, IdempotencyKey, Lookup, NewRequest, Place, Rating, Request, RequestId,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<String>,
    status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_notes: Option<String>,
    #[serde(deserialize_with = "string_or_number")]
    category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category_name: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::model::time::utc_opt")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::model::time::utc_opt")]
    expected_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    agency_responsible: Option<String>,
    #[serde(default)]
    timeline: Vec<WireStep>,
    #[serde(default)]
    rating: Option<WireRating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

fn step_to_wire(s: &TimelineStep) -> WireStep {
    let (name, solved, satisfaction) = match s.step {
        Step::Received => ("received", None, None),
        Step::Dispatched => ("dispatched", None, None),
        Step::InProgress => ("in_progress", None, None),
        Step::Resolved => ("resolved", None, None),
        Step::Reopened => ("reopened", None, None),
        Step::Rated { solved, satisfaction } => ("rated", Some(solved), Some(satisfaction)),
    };
    let note = match &s.note {
        Some(Text::Plain(n)) => Some(n.clone()),
        _ => None,
    };
    WireStep { step: name.into(), at: s.at, note, solved, satisfaction }
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
    })
}

/// `GET /requests/{id}` or the answer to `POST /requests`.
pub fn decode_request(json: &str) -> Result<Request, BackendError> {
    request_from_wire(decode(json)?)
}

/// `GET /requests?id=…`: the requests that read, and how many did not.
pub fn decode_requests(json: &str) -> Result<Listed, BackendError> {
    decode_list(json, request_from_wire)
}

/// `GET /requests?idempotency_key=…`: the request filed under `key`, if any. Only a record that
/// carries this very key counts, so a server that ignores the filter cannot pass off someone
/// else's request as this one.
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
        updated_at: Some(now),
        expected_at: sla::deadline(now, hours),
        agency_responsible: None,
        timeline: vec![step_to_wire(&TimelineStep { step: Step::Received, at: now, note: None })],
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

/// The body of `PATCH /requests/{id}` after a rating or a reopen: the fields that changed.
#[derive(Serialize)]
struct WireChange<'a> {
    status: Status,
    status_notes: Option<&'a str>,
    #[serde(with = "crate::model::time::utc")]
    updated_at: DateTime<Utc>,
    #[serde(default, with = "crate::model::time::utc_opt")]
    expected_at: Option<DateTime<Utc>>,
    rating: Option<WireRating>,
    timeline: Vec<WireStep>,
}

pub fn encode_change(request: &Request) -> String {
    let change = WireChange {
        status: request.status,
        status_notes: match &request.status_notes {
            Some(Text::Plain(n)) => Some(n),
            _ => None,
        },
        updated_at: request.updated_at,
        expected_at: request.expected_at,
        rating: request.rating.as_ref().map(|r| WireRating {
            solved: r.solved,
            satisfaction: r.satisfaction,
            comment: r.comment.clone(),
        }),
        timeline: request.timeline.iter().map(step_to_wire).collect(),
    };
    serde_json::to_string(&change).unwrap_or_default()
}

/// The body of `PATCH /requests/{id}` after photos were added: the whole list, and when.
pub fn encode_photos(request: &Request) -> String {
    #[derive(Serialize)]
    struct WirePhotos {
        photos: Vec<WirePhoto>,
        #[serde(with = "crate::model::time::utc")]
        updated_at: DateTime<Utc>,
    }
    let photos = request
        .photos
        .iter()
        .map(|p| WirePhoto { url: p.url.clone(), by: Some(if p.by_office { "office" } else { "resident" }.into()) })
        .collect();
    serde_json::to_string(&WirePhotos { photos, updated_at: request.updated_at }).unwrap_or_default()
}

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
    Delivery {
        lookup: Some(Lookup {
            call: HttpCall {
                method: "GET".into(),
                url: backend.url(&format!("/requests?idempotency_key={}", super::http::segment(key.as_str()))),
                headers,
                body: None,
            },
            fields: vec![("idempotency_key".into(), key.as_str().into())],
        }),
        post: HttpCall { method: "POST".into(), url: backend.url("/requests"), headers: post_headers, body: Some(body.into()) },
    }
}

/// The adapter's settings.
#[derive(Clone, Debug)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct RestBackend {
    base_url: String,
    token: Option<String>,
    http: Http,
}

impl RestBackend {
    pub fn new(base_url: &str, token: Option<String>, http: Http) -> Self {
        RestBackend { base_url: base_url.trim_end_matches('/').to_string(), token, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
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

        async fn patch(&self, request: &Request) -> Result<Request, BackendError> {
            self.patch_with(request, encode_change(request)).await
        }

        async fn patch_with(&self, request: &Request, body: String) -> Result<Request, BackendError> {
            let url = self.url(&format!("/requests/{}", segment(request.id.as_str())));
            decode_request(&self.call(Call::with_body("PATCH", url, Body::Json(body))).await?)
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
            let found = self.call(Call::get(self.url(&format!("/requests?idempotency_key={}", segment(key.as_str()))))).await?;
            Ok(decode_filed_with_key(&found, key)?.map(Filed::from))
        }

        async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
            decode_request(&self.call(Call::get(self.url(&format!("/requests/{}", segment(id.as_str()))))).await?)
        }

        async fn requests(&self, ids: &[RequestId]) -> Result<Listed, BackendError> {
            if ids.is_empty() {
                return Ok(Listed::default());
            }
            let query: Vec<String> = ids.iter().map(|id| format!("id={}", segment(id.as_str()))).collect();
            decode_requests(&self.call(Call::get(self.url(&format!("/requests?{}", query.join("&"))))).await?)
        }

        async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
            let mut request = self.request(id).await?;
            request.record_rating(rating, Utc::now())?;
            self.patch(&request).await
        }

        async fn add_photos(&self, id: &RequestId, urls: &[String]) -> Result<Request, BackendError> {
            let mut request = self.request(id).await?;
            request.add_photos(urls, Utc::now())?;
            self.patch_with(&request, encode_photos(&request)).await
        }

        async fn places(&self) -> Result<Vec<Community>, BackendError> {
            match self.call(Call::get(self.url("/places"))).await {
                Ok(body) => decode_places(&body),
                // A server without a list of places: the resident types the place.
                Err(BackendError::NotFound) => Ok(Vec::new()),
                Err(e) => Err(e),
            }
        }

        async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
            let mut request = self.request(id).await?;
            // The category's limit as the server states it now, never what this tab happened to see.
            let hours = self.category(&request.category_code).await?.map_or(sla::SlaClass::General.hours(), |c| c.feedback_hours);
            request.reopen(reason, hours, Utc::now())?;
            self.patch(&request).await
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
        let mut body = wire(&new, None);
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
        assert_eq!(body["expected_at"], "2026-11-29T09:00:00Z");
        assert_eq!(body["timeline"][0]["step"], "received");
        // json-server stores it and adds a numeric id.
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
        let mut body = wire(&new, None);
        assert_eq!(body["photos"], json!([{"url": "https://x.example/photos/a.jpg", "by": "resident"}]));
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
    fn added_photos_patch_the_whole_list() {
        let mut r = decode_request(&j(json!({"id": 3, "status": "in_progress", "category": "lighting", "description": "灯不亮",
            "requested_at": "2026-11-28T09:00:00Z", "photos": [{"url": "https://x/a.jpg", "by": "resident"}, {"url": "https://x/o.jpg", "by": "office"}]}))).unwrap();
        r.add_photos(&["https://x/b.jpg".into()], now()).unwrap();
        let body: Value = serde_json::from_str(&encode_photos(&r)).unwrap();
        assert_eq!(body["photos"], json!([{"url": "https://x/a.jpg", "by": "resident"}, {"url": "https://x/o.jpg", "by": "office"}, {"url": "https://x/b.jpg", "by": "resident"}]));
        assert_eq!(body["updated_at"], json!(crate::model::time::format(now())));
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
    fn rating_and_reopening_patch_the_whole_timeline() {
        let mut body = wire(&new_request(), None);
        body["id"] = json!("DS-1");
        body["status"] = json!("resolved");
        body["timeline"] = json!([
            {"step": "received", "at": "2026-11-28T09:00:00Z"},
            {"step": "resolved", "at": "2026-11-28T10:00:00+08:00", "note": "已修好"},
            {"step": "inspected_by_drone", "at": "2026-11-28T10:00:00Z"}
        ]);
        let mut r = decode_request(&j(body)).unwrap();
        assert_eq!(r.timeline.len(), 2, "unknown steps are left out");
        let rating = Rating { solved: false, satisfaction: Satisfaction::Dissatisfied, comment: Some("没修好".into()) };
        r.record_rating(&rating, now()).unwrap();
        r.reopen("三楼还是黑的", 168, now()).unwrap();
        let patch: Value = serde_json::from_str(&encode_change(&r)).unwrap();
        assert_eq!(patch["status"], "reopened");
        assert_eq!(patch["rating"]["satisfaction"], "dissatisfied");
        assert_eq!(patch["timeline"][2]["step"], "rated");
        assert_eq!(patch["timeline"][2]["solved"], false);
        assert_eq!(patch["timeline"][3]["note"], "三楼还是黑的");
        // Applied by a JSON server and read back, it is the same request.
        let mut stored = wire(&new_request(), None);
        stored["id"] = json!("DS-1");
        for (k, v) in patch.as_object().unwrap() {
            stored[k] = v.clone();
        }
        let back = decode_request(&j(stored)).unwrap();
        assert_eq!(back.timeline, r.timeline);
        assert_eq!(back.rating, r.rating);
        assert_eq!(back.status, Status::Reopened);
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
        let mut mine = wire(&new_request(), None);
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
        let mut good = wire(&new_request(), None);
        good["id"] = json!(1);
        let listed = decode_requests(&j(json!([good.clone(), {"id": 2, "status": "teleported"}, 42, good]))).unwrap();
        assert_eq!(listed.requests.len(), 2);
        assert_eq!(listed.unreadable, 2);
        assert!(matches!(decode_requests(&j(json!({"id": 1}))), Err(BackendError::Shape(_))));
    }
}
