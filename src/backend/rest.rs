//! The project's own JSON REST contract (`docs/openapi.yaml`), shaped so that a generic JSON
//! server such as json-server can host it:
//! `GET /categories`, `GET /requests?id=…`, `GET /requests/{id}`, `POST /requests`
//! (with `Idempotency-Key`), `PATCH /requests/{id}` for ratings and reopening.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::http::{decode, loose_f64, opt_string_or_number, string_or_number};
use super::BackendError;
use crate::model::{
    sla, Answers, Category, GeoPoint, NewRequest, Place, Rating, Request, RequestId, Satisfaction, Status, Step, Text,
    TimelineStep,
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
    #[serde(default)]
    feedback_hours: Option<u32>,
}

/// `GET /categories`.
pub fn decode_categories(body: Value) -> Result<Vec<Category>, BackendError> {
    let list: Vec<WireCategory> = decode(body)?;
    Ok(list
        .into_iter()
        .map(|c| Category {
            code: c.id,
            name: Text::Plain(c.name),
            hint: c.hint.filter(|h| !h.trim().is_empty()).map(Text::Plain),
            group: c.group.filter(|g| !g.trim().is_empty()).map(Text::Plain),
            feedback_hours: c.feedback_hours.filter(|h| *h > 0).unwrap_or(sla::SlaClass::General.hours()),
            has_questions: false,
        })
        .collect())
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
    #[serde(default, skip_serializing_if = "Answers::is_empty", skip_deserializing)]
    answers: Answers,
    requested_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    agency_responsible: Option<String>,
    #[serde(default)]
    timeline: Vec<WireStep>,
    #[serde(default)]
    rating: Option<WireRating>,
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
    Some(TimelineStep { step, at: s.at, note: s.note.filter(|n| !n.trim().is_empty()).map(Text::Plain) })
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

fn request_from_wire(w: WireRequest) -> Result<Request, BackendError> {
    let id = w.id.ok_or_else(|| BackendError::Shape("request without id".into()))?;
    let mut timeline: Vec<TimelineStep> = w.timeline.into_iter().filter_map(step_from_wire).collect();
    if timeline.is_empty() {
        timeline.push(TimelineStep { step: Step::Received, at: w.requested_at, note: None });
    }
    let point = match (w.lat, w.long) {
        (Some(lat), Some(long)) => Some(GeoPoint { lat, long }),
        _ => None,
    };
    let name = w.category_name.clone().unwrap_or_else(|| w.category.clone());
    Ok(Request {
        id: RequestId(id),
        status: w.status,
        status_notes: w.status_notes.filter(|n| !n.trim().is_empty()).map(Text::Plain),
        category_code: w.category,
        category_name: Text::Plain(name),
        description: w.description,
        place: Place { address: w.address, community: w.community, building: w.building, unit: w.unit, point },
        private: w.private,
        requested_at: w.requested_at,
        updated_at: w.updated_at.unwrap_or(w.requested_at),
        expected_at: w.expected_at,
        agency_responsible: w.agency_responsible.filter(|a| !a.trim().is_empty()).map(Text::Plain),
        timeline,
        rating: w.rating.map(|r| Rating { solved: r.solved, satisfaction: r.satisfaction, comment: r.comment }),
    })
}

/// `GET /requests/{id}` or the answer to `POST /requests`.
pub fn decode_request(body: Value) -> Result<Request, BackendError> {
    request_from_wire(decode(body)?)
}

/// `GET /requests?id=…`: a list (requests that do not decode are an error, not skipped silently).
pub fn decode_requests(body: Value) -> Result<Vec<Request>, BackendError> {
    let list: Vec<WireRequest> = decode(body)?;
    list.into_iter().map(request_from_wire).collect()
}

/// The body of `POST /requests`: the request as received now. A server that runs its own
/// workflow may overwrite status, times and timeline; a generic JSON server stores it as sent.
pub fn encode_new_request(new: &NewRequest, category: Option<&Category>, now: DateTime<Utc>) -> Value {
    let feedback_hours = category.map_or(sla::SlaClass::General.hours(), |c| c.feedback_hours);
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
        answers: new.answers.clone(),
        requested_at: now,
        updated_at: Some(now),
        expected_at: Some(sla::deadline(now, feedback_hours)),
        agency_responsible: None,
        timeline: vec![step_to_wire(&TimelineStep { step: Step::Received, at: now, note: None })],
        rating: None,
    };
    serde_json::to_value(wire).unwrap_or(Value::Null)
}

/// The body of `PATCH /requests/{id}` after a rating or a reopen: the fields that changed.
pub fn encode_change(request: &Request) -> Value {
    let note = |t: &Option<Text>| match t {
        Some(Text::Plain(n)) => Value::String(n.clone()),
        _ => Value::Null,
    };
    serde_json::json!({
        "status": request.status,
        "status_notes": note(&request.status_notes),
        "updated_at": request.updated_at,
        "expected_at": request.expected_at,
        "rating": request.rating.as_ref().map(|r| WireRating { solved: r.solved, satisfaction: r.satisfaction, comment: r.comment.clone() }),
        "timeline": request.timeline.iter().map(step_to_wire).collect::<Vec<_>>(),
    })
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The adapter's settings.
#[derive(Clone, Debug)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct RestBackend {
    base_url: String,
    token: Option<String>,
    timeout_seconds: u32,
    /// Categories from the last `categories()`, for names and feedback limits when filing.
    categories: std::sync::Arc<std::sync::Mutex<Vec<Category>>>,
}

impl RestBackend {
    pub fn new(base_url: &str, token: Option<String>, timeout_seconds: u32) -> Self {
        RestBackend {
            base_url: base_url.trim_end_matches('/').to_string(),
            token,
            timeout_seconds,
            categories: Default::default(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn known_category(&self, code: &str) -> Option<Category> {
        self.categories.lock().ok()?.iter().find(|c| c.code == code).cloned()
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use chrono::Utc;
    use gloo_net::http::Method;
    use serde_json::Value;

    use super::*;
    use crate::backend::http::json;
    use crate::backend::transport::{send, Body, Call};
    use crate::backend::Backend;

    impl RestBackend {
        async fn call(&self, mut call: Call) -> Result<Value, BackendError> {
            call = call.header("Accept", "application/json");
            if let Some(t) = &self.token {
                call = call.header("Authorization", format!("Bearer {t}"));
            }
            json(&send(call, self.timeout_seconds).await?)
        }

        async fn patch(&self, request: &Request) -> Result<Request, BackendError> {
            let call = Call {
                method: Method::PATCH,
                url: self.url(&format!("/requests/{}", segment(request.id.as_str()))),
                headers: Vec::new(),
                body: Some(Body::Json(encode_change(request).to_string())),
            };
            decode_request(self.call(call).await?)
        }
    }

    impl Backend for RestBackend {
        async fn categories(&self) -> Result<Vec<Category>, BackendError> {
            let list = decode_categories(self.call(Call::get(self.url("/categories"))).await?)?;
            if let Ok(mut cache) = self.categories.lock() {
                *cache = list.clone();
            }
            Ok(list)
        }

        async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError> {
            // A send that failed half-way may have filed it: look for its key first, so that
            // even a server that ignores Idempotency-Key never gets it twice.
            let key = &new.idempotency_key.0;
            let found = self.call(Call::get(self.url(&format!("/requests?idempotency_key={}", segment(key))))).await?;
            if let Some(existing) = decode_requests(found)?.into_iter().next() {
                return Ok(existing);
            }
            let category = self.known_category(&new.category_code);
            let call = Call {
                method: Method::POST,
                url: self.url("/requests"),
                headers: vec![("Idempotency-Key", key.clone())],
                body: Some(Body::Json(encode_new_request(new, category.as_ref(), Utc::now()).to_string())),
            };
            decode_request(self.call(call).await?)
        }

        async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
            decode_request(self.call(Call::get(self.url(&format!("/requests/{}", segment(id.as_str()))))).await?)
        }

        async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let query: Vec<String> = ids.iter().map(|id| format!("id={}", segment(id.as_str()))).collect();
            decode_requests(self.call(Call::get(self.url(&format!("/requests?{}", query.join("&"))))).await?)
        }

        async fn rate(&self, id: &RequestId, rating: &Rating) -> Result<Request, BackendError> {
            let mut request = self.request(id).await?;
            request.record_rating(rating, Utc::now())?;
            self.patch(&request).await
        }

        async fn reopen(&self, id: &RequestId, reason: &str) -> Result<Request, BackendError> {
            let mut request = self.request(id).await?;
            let hours = self.known_category(&request.category_code).map_or(sla::SlaClass::General.hours(), |c| c.feedback_hours);
            request.reopen(reason, hours, Utc::now())?;
            self.patch(&request).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, IdempotencyKey};
    use chrono::TimeZone;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
    }

    #[test]
    fn categories_decode_with_defaults() {
        let list = decode_categories(json!([
            {"id": "lighting", "name": "公共照明", "hint": "楼道灯、路灯不亮", "feedback_hours": 24},
            {"id": 7, "name": "其他"}
        ]))
        .unwrap();
        assert_eq!(list[0].code, "lighting");
        assert_eq!(list[0].feedback_hours, 24);
        assert_eq!(list[1].code, "7");
        assert_eq!(list[1].hint, None);
        assert_eq!(list[1].feedback_hours, 168);
        assert!(matches!(decode_categories(json!({"id": 1})), Err(BackendError::Shape(_))));
        assert!(matches!(decode_categories(json!([{"name": "no id"}])), Err(BackendError::Shape(_))));
    }

    fn new_request() -> NewRequest {
        NewRequest {
            idempotency_key: IdempotencyKey("6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69".into()),
            category_code: "lighting".into(),
            description: "两盏楼道灯不亮".into(),
            place: Place {
                address: "太华路社区".into(),
                building: Some("9号楼".into()),
                point: Some(GeoPoint { lat: 34.29, long: 108.95 }),
                ..Place::default()
            },
            contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
            private: true,
            answers: Answers::new(),
        }
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
        let mut body = encode_new_request(&new_request(), Some(&category), now());
        assert_eq!(body["idempotency_key"], "6f1c1f5e-4c3b-4a43-9a55-1f2d3c4b5a69");
        assert_eq!(body["contact"]["phone"], "13800138000");
        assert_eq!(body["expected_at"], "2026-11-29T09:00:00Z");
        assert_eq!(body["timeline"][0]["step"], "received");
        // json-server stores it and adds a numeric id.
        body["id"] = json!(1);
        let r = decode_request(body).unwrap();
        assert_eq!(r.id.as_str(), "1");
        assert_eq!(r.status, Status::Received);
        assert_eq!(r.category_name, Text::plain("公共照明"));
        assert_eq!(r.place.point, Some(GeoPoint { lat: 34.29, long: 108.95 }));
        assert!(r.private);
        assert_eq!(r.timeline.len(), 1);
    }

    #[test]
    fn rating_and_reopening_patch_the_whole_timeline() {
        let mut body = encode_new_request(&new_request(), None, now());
        body["id"] = json!("DS-1");
        body["status"] = json!("resolved");
        body["timeline"] = json!([
            {"step": "received", "at": "2026-11-28T09:00:00Z"},
            {"step": "resolved", "at": "2026-11-28T10:00:00+08:00", "note": "已修好"},
            {"step": "inspected_by_drone", "at": "2026-11-28T10:00:00Z"}
        ]);
        let mut r = decode_request(body).unwrap();
        assert_eq!(r.timeline.len(), 2, "unknown steps are left out");
        let rating = Rating { solved: false, satisfaction: Satisfaction::Dissatisfied, comment: Some("没修好".into()) };
        r.record_rating(&rating, now()).unwrap();
        r.reopen("三楼还是黑的", 168, now()).unwrap();
        let patch = encode_change(&r);
        assert_eq!(patch["status"], "reopened");
        assert_eq!(patch["rating"]["satisfaction"], "dissatisfied");
        assert_eq!(patch["timeline"][2]["step"], "rated");
        assert_eq!(patch["timeline"][2]["solved"], false);
        assert_eq!(patch["timeline"][3]["note"], "三楼还是黑的");
        // Applied by a JSON server and read back, it is the same request.
        let mut stored = encode_new_request(&new_request(), None, now());
        stored["id"] = json!("DS-1");
        for (k, v) in patch.as_object().unwrap() {
            stored[k] = v.clone();
        }
        let back = decode_request(stored).unwrap();
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
            assert!(matches!(decode_request(bad.clone()), Err(BackendError::Shape(_))), "{bad}");
        }
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment("DS-2026_1.a~"), "DS-2026_1.a~");
        assert_eq!(segment("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(segment("工单"), "%E5%B7%A5%E5%8D%95");
    }
}
