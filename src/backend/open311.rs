//! Open311 GeoReport v2 (JSON): services as categories, service definitions as extra questions,
//! requests filed form-encoded (following a `token` until an id arrives), `open`/`closed` and the
//! FixMyStreet extended statuses mapped onto the 12345 steps. GeoReport has no ratings or
//! reopening: those calls say so instead of pretending.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::http::{decode, loose_bool, loose_f64, opt_string_or_number, string_or_number};
use super::BackendError;
use crate::model::{
    sla, AnswerKind, Category, Choice, GeoPoint, NewRequest, Place, Question, Request, RequestId, Status, Step, Text,
    TimelineStep,
};

#[derive(Deserialize)]
struct WireService {
    #[serde(deserialize_with = "string_or_number")]
    service_code: String,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    service_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, deserialize_with = "loose_bool")]
    metadata: bool,
    #[serde(default)]
    group: Option<String>,
}

/// `GET services.json`.
pub fn decode_services(body: Value) -> Result<Vec<Category>, BackendError> {
    let list: Vec<WireService> = decode(body)?;
    Ok(list
        .into_iter()
        .map(|s| Category {
            name: Text::Plain(s.service_name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| s.service_code.clone())),
            code: s.service_code,
            hint: s.description.filter(|d| !d.trim().is_empty()).map(Text::Plain),
            group: s.group.filter(|g| !g.trim().is_empty()).map(Text::Plain),
            feedback_hours: sla::SlaClass::General.hours(),
            has_questions: s.metadata,
        })
        .collect())
}

#[derive(Deserialize)]
struct WireValue {
    #[serde(deserialize_with = "string_or_number")]
    key: String,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    name: Option<String>,
}

#[derive(Deserialize)]
struct WireAttribute {
    #[serde(default = "yes", deserialize_with = "loose_bool")]
    variable: bool,
    #[serde(deserialize_with = "string_or_number")]
    code: String,
    #[serde(default)]
    datatype: Option<String>,
    #[serde(default, deserialize_with = "loose_bool")]
    required: bool,
    #[serde(default)]
    datatype_description: Option<String>,
    #[serde(default, deserialize_with = "loose_f64")]
    order: Option<f64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    values: Option<Vec<WireValue>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct WireDefinition {
    #[serde(default)]
    attributes: Vec<WireAttribute>,
}

/// `GET services/{code}.json`: the questions a resident answers (non-variable attributes are
/// informational and left out), in the server's order.
pub fn decode_definition(body: Value) -> Result<Vec<Question>, BackendError> {
    let def: WireDefinition = decode(body)?;
    let mut attrs: Vec<WireAttribute> = def.attributes.into_iter().filter(|a| a.variable).collect();
    attrs.sort_by(|a, b| a.order.unwrap_or(f64::MAX).total_cmp(&b.order.unwrap_or(f64::MAX)));
    Ok(attrs
        .into_iter()
        .map(|a| {
            let kind = match a.datatype.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("number") => AnswerKind::Number,
                Some("datetime") => AnswerKind::Datetime,
                Some("text") => AnswerKind::Text,
                Some("singlevaluelist") => AnswerKind::SingleValueList,
                Some("multivaluelist") => AnswerKind::MultiValueList,
                _ => AnswerKind::String,
            };
            let choices = a
                .values
                .unwrap_or_default()
                .into_iter()
                .map(|v| Choice { name: v.name.unwrap_or_else(|| v.key.clone()), key: v.key })
                .collect();
            Question {
                prompt: a.description.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| a.code.clone()),
                code: a.code,
                hint: a.datatype_description.filter(|d| !d.trim().is_empty()),
                kind,
                required: a.required,
                choices,
            }
        })
        .collect())
}

/// What `POST requests.json` answered: an id at once, or a token to follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filed {
    Id(String),
    Token(String),
}

#[derive(Deserialize)]
struct WireFiled {
    #[serde(default, deserialize_with = "opt_string_or_number")]
    service_request_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    token: Option<String>,
}

/// The first element of an array answer, or the answer itself.
fn first(body: Value) -> Result<Value, BackendError> {
    match body {
        Value::Array(mut items) if !items.is_empty() => Ok(items.swap_remove(0)),
        Value::Array(_) => Err(BackendError::NotFound),
        Value::Object(_) => Ok(body),
        other => Err(BackendError::Shape(format!("expected an array or object, got {other}"))),
    }
}

/// The answer to `POST requests.json`.
pub fn decode_filed(body: Value) -> Result<Filed, BackendError> {
    let filed: WireFiled = decode(first(body).map_err(|_| BackendError::Shape("empty answer".into()))?)?;
    match (filed.service_request_id, filed.token) {
        (Some(id), _) => Ok(Filed::Id(id)),
        (None, Some(token)) => Ok(Filed::Token(token)),
        (None, None) => Err(BackendError::Shape("neither service_request_id nor token".into())),
    }
}

/// `GET tokens/{token}.json`: the id once it has arrived.
pub fn decode_token(body: Value) -> Result<Option<String>, BackendError> {
    match first(body) {
        Err(BackendError::NotFound) => Ok(None),
        other => Ok(decode::<WireFiled>(other?)?.service_request_id),
    }
}

#[derive(Deserialize)]
struct WireRequest {
    #[serde(deserialize_with = "string_or_number")]
    service_request_id: String,
    status: String,
    #[serde(default)]
    status_notes: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    service_name: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    service_code: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    agency_responsible: Option<String>,
    #[serde(default)]
    requested_datetime: Option<DateTime<Utc>>,
    #[serde(default)]
    updated_datetime: Option<DateTime<Utc>>,
    #[serde(default)]
    expected_datetime: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    address: Option<String>,
    #[serde(default, deserialize_with = "loose_f64")]
    lat: Option<f64>,
    #[serde(default, deserialize_with = "loose_f64")]
    long: Option<f64>,
}

/// GeoReport's `open`/`closed` and FixMyStreet's extended statuses as 12345 steps.
pub fn status_of(word: &str, has_agency: bool) -> Status {
    let w = word.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    match w.as_str() {
        "in_progress" | "investigating" | "action_scheduled" => Status::InProgress,
        "closed" | "fixed" | "duplicate" | "not_councils_responsibility" | "unable_to_fix" | "internal_referral"
        | "no_further_action" | "not_responsible" | "resolved" => Status::Resolved,
        "reopened" | "reopen" => Status::Reopened,
        _ if has_agency => Status::Dispatched,
        _ => Status::Received,
    }
}

fn request_from_wire(w: WireRequest) -> Result<Request, BackendError> {
    let requested = w
        .requested_datetime
        .or(w.updated_datetime)
        .ok_or_else(|| BackendError::Shape("request without requested_datetime".into()))?;
    let updated = w.updated_datetime.unwrap_or(requested).max(requested);
    let agency = w.agency_responsible.filter(|a| !a.trim().is_empty());
    let status = status_of(&w.status, agency.is_some());
    let notes = w.status_notes.filter(|n| !n.trim().is_empty()).map(Text::Plain);
    let mut timeline = vec![TimelineStep { step: Step::Received, at: requested, note: None }];
    let step = match status {
        Status::Received => None,
        Status::Dispatched => Some(Step::Dispatched),
        Status::InProgress => Some(Step::InProgress),
        Status::Resolved | Status::Closed => Some(Step::Resolved),
        Status::Reopened => Some(Step::Reopened),
    };
    match step {
        Some(step) => timeline.push(TimelineStep { step, at: updated, note: notes.clone() }),
        None => timeline[0].note = notes.clone(),
    }
    let code = w.service_code.unwrap_or_default();
    let point = match (w.lat, w.long) {
        (Some(lat), Some(long)) => Some(GeoPoint { lat, long }),
        _ => None,
    };
    Ok(Request {
        id: RequestId(w.service_request_id),
        status,
        status_notes: notes,
        category_name: Text::Plain(w.service_name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| code.clone())),
        category_code: code,
        description: w.description.unwrap_or_default(),
        place: Place { address: w.address.unwrap_or_default(), point, ..Place::default() },
        private: false,
        requested_at: requested,
        updated_at: updated,
        expected_at: w.expected_datetime,
        agency_responsible: agency.map(Text::Plain),
        timeline,
        rating: None,
    })
}

/// `GET requests/{id}.json` (an array of one).
pub fn decode_request(body: Value) -> Result<Request, BackendError> {
    request_from_wire(decode(first(body)?)?)
}

/// `GET requests.json?service_request_id=a,b`.
pub fn decode_requests(body: Value) -> Result<Vec<Request>, BackendError> {
    let list: Vec<WireRequest> = decode(body)?;
    list.into_iter().map(request_from_wire).collect()
}

/// `application/x-www-form-urlencoded` encoding of one value.
fn form_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The form body of `POST requests.json`.
pub fn encode_new_request(new: &NewRequest, api_key: &str, jurisdiction_id: Option<&str>) -> String {
    let mut fields: Vec<(String, String)> = vec![("api_key".into(), api_key.into())];
    if let Some(j) = jurisdiction_id {
        fields.push(("jurisdiction_id".into(), j.into()));
    }
    fields.push(("service_code".into(), new.category_code.clone()));
    fields.push(("address_string".into(), new.place.one_line()));
    if let Some(p) = new.place.point {
        fields.push(("lat".into(), p.lat.to_string()));
        fields.push(("long".into(), p.long.to_string()));
    }
    for (code, values) in &new.answers {
        if let [one] = values.as_slice() {
            fields.push((format!("attribute[{code}]"), one.clone()));
        } else {
            fields.extend(values.iter().map(|v| (format!("attribute[{code}][]"), v.clone())));
        }
    }
    fields.push(("description".into(), new.description.clone()));
    fields.push(("first_name".into(), new.contact.name.clone()));
    fields.push(("phone".into(), new.contact.phone.clone()));
    fields.iter().map(|(k, v)| format!("{}={}", form_value(k), form_value(v))).collect::<Vec<_>>().join("&")
}

/// The adapter's settings.
#[derive(Clone, Debug)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Open311Backend {
    base_url: String,
    api_key: String,
    jurisdiction_id: Option<String>,
    timeout_seconds: u32,
}

impl Open311Backend {
    pub fn new(base_url: &str, api_key: &str, jurisdiction_id: Option<String>, timeout_seconds: u32) -> Self {
        Open311Backend {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            jurisdiction_id,
            timeout_seconds,
        }
    }

    /// `path` under the endpoint, with `jurisdiction_id` added to the query where set.
    pub fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        let mut q: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", form_value(k), form_value(v))).collect();
        if let Some(j) = &self.jurisdiction_id {
            q.push(format!("jurisdiction_id={}", form_value(j)));
        }
        if q.is_empty() {
            format!("{}/{}", self.base_url, path)
        } else {
            format!("{}/{}?{}", self.base_url, path, q.join("&"))
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use chrono::Utc;
    use gloo_net::http::Method;

    use super::*;
    use crate::backend::http::json;
    use crate::backend::rest::segment;
    use crate::backend::transport::{send, sleep, Body, Call};
    use crate::backend::{Backend, Capability};
    use crate::model::Rating;

    /// How often, and how far apart, a token is asked for its id.
    const TOKEN_TRIES: u32 = 10;
    const TOKEN_WAIT_MS: i32 = 1000;

    impl Open311Backend {
        async fn get(&self, url: String) -> Result<Value, BackendError> {
            json(&send(Call::get(url).header("Accept", "application/json"), self.timeout_seconds).await?)
        }

        async fn follow_token(&self, token: &str) -> Result<String, BackendError> {
            for _ in 0..TOKEN_TRIES {
                if let Some(id) = decode_token(self.get(self.url(&format!("tokens/{}.json", segment(token)), &[])).await?)? {
                    return Ok(id);
                }
                sleep(TOKEN_WAIT_MS).await;
            }
            Err(BackendError::Timeout(TOKEN_TRIES * TOKEN_WAIT_MS as u32 / 1000))
        }
    }

    impl Backend for Open311Backend {
        async fn categories(&self) -> Result<Vec<Category>, BackendError> {
            decode_services(self.get(self.url("services.json", &[])).await?)
        }

        async fn questions(&self, code: &str) -> Result<Vec<Question>, BackendError> {
            decode_definition(self.get(self.url(&format!("services/{}.json", segment(code)), &[])).await?)
        }

        async fn submit_request(&self, new: &NewRequest) -> Result<Request, BackendError> {
            let call = Call {
                method: Method::POST,
                url: self.url("requests.json", &[]),
                headers: vec![("Accept", "application/json".into())],
                body: Some(Body::Form(encode_new_request(new, &self.api_key, self.jurisdiction_id.as_deref()))),
            };
            let id = match decode_filed(json(&send(call, self.timeout_seconds).await?)?)? {
                Filed::Id(id) => id,
                Filed::Token(token) => self.follow_token(&token).await?,
            };
            match self.request(&RequestId(id.clone())).await {
                Ok(r) => Ok(r),
                // Filed, but not listed yet: show what was sent under its new number.
                Err(BackendError::NotFound) => {
                    let now = Utc::now();
                    Ok(Request {
                        id: RequestId(id),
                        status: Status::Received,
                        status_notes: None,
                        category_code: new.category_code.clone(),
                        category_name: Text::Plain(new.category_code.clone()),
                        description: new.description.clone(),
                        place: new.place.clone(),
                        private: new.private,
                        requested_at: now,
                        updated_at: now,
                        expected_at: None,
                        agency_responsible: None,
                        timeline: vec![TimelineStep { step: Step::Received, at: now, note: None }],
                        rating: None,
                    })
                }
                Err(e) => Err(e),
            }
        }

        async fn request(&self, id: &RequestId) -> Result<Request, BackendError> {
            decode_request(self.get(self.url(&format!("requests/{}.json", segment(id.as_str())), &[])).await?)
        }

        async fn requests(&self, ids: &[RequestId]) -> Result<Vec<Request>, BackendError> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list: Vec<&str> = ids.iter().map(RequestId::as_str).collect();
            decode_requests(self.get(self.url("requests.json", &[("service_request_id", &list.join(","))])).await?)
        }

        async fn rate(&self, _: &RequestId, _: &Rating) -> Result<Request, BackendError> {
            Err(BackendError::Unsupported(Capability::Rate))
        }

        async fn reopen(&self, _: &RequestId, _: &str) -> Result<Request, BackendError> {
            Err(BackendError::Unsupported(Capability::Reopen))
        }
    }
}

#[cfg(test)]
mod tests;
