//! Open311 GeoReport v2 (JSON): services as categories, service definitions as extra questions,
//! requests filed form-encoded (following a `token` until an id arrives), `open`/`closed` and the
//! FixMyStreet extended statuses mapped onto the 12345 steps. GeoReport has no ratings, reopening,
//! privacy or idempotency key: the first three are said to the resident instead of pretended, and
//! an earlier send is looked for on the server before anything is sent again.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::config::Http;
use super::http::{
    cap, cap_opt, decode, decode_list, form, form_value, items, loose_bool, loose_f64, opt_string_or_number,
    string_or_number, NAME_MAX, TEXT_MAX,
};
use super::{BackendError, Listed, PhotoDesk};
use crate::model::place::coordinate_text;
use crate::model::{
    photo, sla, Photo, Answer, AnswerKind, Category, Choice, Delivery, GeoPoint, HttpCall, NewRequest, Place, Question,
    Request, RequestId, Status, Step, Text, TimelineStep,
};

/// The most questions, and choices per question, read from one service definition.
const QUESTIONS_MAX: usize = 50;
const CHOICES_MAX: usize = 100;

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
pub fn decode_services(json: &str) -> Result<Vec<Category>, BackendError> {
    let list: Vec<WireService> = decode(json)?;
    Ok(list
        .into_iter()
        .map(|s| Category {
            name: Text::Plain(cap_opt(s.service_name, NAME_MAX).unwrap_or_else(|| cap(s.service_code.clone(), NAME_MAX))),
            code: s.service_code,
            hint: cap_opt(s.description, NAME_MAX).map(Text::Plain),
            group: cap_opt(s.group, NAME_MAX).map(Text::Plain),
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
pub fn decode_definition(json: &str) -> Result<Vec<Question>, BackendError> {
    let def: WireDefinition = decode(json)?;
    let mut attrs: Vec<WireAttribute> = def.attributes.into_iter().filter(|a| a.variable).take(QUESTIONS_MAX).collect();
    // In the server's `order`; those without one last, in the order given.
    crate::model::sort_few(&mut attrs, |a| a.order.filter(|o| o.is_finite()).map_or(i64::MAX, |o| (o * 1000.0) as i64));
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
                .take(CHOICES_MAX)
                .map(|v| Choice { name: cap_opt(v.name, NAME_MAX).unwrap_or_else(|| cap(v.key.clone(), NAME_MAX)), key: v.key })
                .collect();
            Question {
                prompt: cap_opt(a.description, NAME_MAX).unwrap_or_else(|| cap(a.code.clone(), NAME_MAX)),
                code: a.code,
                hint: cap_opt(a.datatype_description, NAME_MAX),
                kind,
                required: a.required,
                choices,
            }
        })
        .collect())
}

/// What `POST requests.json` answered: an id at once, or a token to follow, and any notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posted {
    pub receipt: Receipt,
    /// `service_notice`: what the office wants the resident to know (shown on the confirmation).
    pub notice: Option<String>,
}

/// An id at once, or a token that becomes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Receipt {
    Id(String),
    Token(String),
}

#[derive(Deserialize)]
struct WireFiled {
    #[serde(default, deserialize_with = "opt_string_or_number")]
    service_request_id: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    token: Option<String>,
    #[serde(default)]
    service_notice: Option<String>,
}

/// The first element of an array answer, or the answer itself (GeoReport servers wrap single
/// answers in an array, or not).
fn first(json: &str) -> Result<&str, BackendError> {
    match json.trim_start().as_bytes().first() {
        Some(b'[') => items(json)?.into_iter().next().ok_or(BackendError::NotFound),
        Some(b'{') => Ok(json),
        _ => decode::<serde::de::IgnoredAny>(json).and(Err(BackendError::Shape("expected an array or object".into()))),
    }
}

/// The answer to `POST requests.json`.
pub fn decode_posted(json: &str) -> Result<Posted, BackendError> {
    let filed: WireFiled = decode(first(json).map_err(|e| match e {
        BackendError::MalformedJson => e,
        _ => BackendError::Shape("empty answer".into()),
    })?)?;
    let notice = cap_opt(filed.service_notice, TEXT_MAX);
    let receipt = match (filed.service_request_id, filed.token) {
        (Some(id), _) => Receipt::Id(id),
        (None, Some(token)) => Receipt::Token(token),
        (None, None) => return Err(BackendError::Shape("neither service_request_id nor token".into())),
    };
    Ok(Posted { receipt, notice })
}

/// `GET tokens/{token}.json`: the id once it has arrived.
pub fn decode_token(json: &str) -> Result<Option<String>, BackendError> {
    match first(json) {
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
    service_notice: Option<String>,
    #[serde(default, with = "crate::model::time::utc_opt")]
    requested_datetime: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::model::time::utc_opt")]
    updated_datetime: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::model::time::utc_opt")]
    expected_datetime: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    address: Option<String>,
    #[serde(default, deserialize_with = "loose_f64")]
    lat: Option<f64>,
    #[serde(default, deserialize_with = "loose_f64")]
    long: Option<f64>,
    #[serde(default)]
    media_url: Option<String>,
}

/// GeoReport takes one `media_url`: the first photo goes there, and every photo's address is
/// also written on the description's last line after this mark, which is read back off it.
const PHOTOS_LINE: &str = "\n\n📷 ";

/// The description as the office reads it: the resident's words and, for a request a volunteer
/// filed for a neighbour (who is the requester, in the name and phone fields), the volunteer's
/// line in their language (`Msg::FiledByLine`: who and their team, and that the neighbour agreed —
/// never their phone: a description is public), GeoReport having no field for it.
pub fn read_description(new: &NewRequest) -> String {
    match &new.filed_by {
        Some(f) if !f.line.is_empty() => format!("{}\n\n{}", new.description, f.line),
        _ => new.description.clone(),
    }
}

/// The description as sent: as read, then the photos' addresses when more than one.
pub fn sent_description(new: &NewRequest) -> String {
    let urls: Vec<&str> = new.photos.iter().filter_map(|p| p.url.as_deref()).collect();
    if urls.len() < 2 {
        return read_description(new);
    }
    format!("{}{PHOTOS_LINE}{}", read_description(new), urls.join(" "))
}

/// A description as read: the resident's words, and the photos written on its last line.
fn description_and_photos(description: String, media_url: Option<String>) -> (String, Vec<Photo>) {
    let (words, line) = match description.rsplit_once(PHOTOS_LINE) {
        Some((words, line)) if !line.contains('\n') => (words.to_string(), Some(line.to_string())),
        _ => (description, None),
    };
    let mut photos: Vec<Photo> = Vec::new();
    for url in media_url.iter().map(String::as_str).chain(line.iter().flat_map(|l| l.split(' '))) {
        if let Some(p) = Photo::from_backend(url, false).filter(|p| p.on_phone().is_none()) {
            if photos.len() < photo::READ_MAX && !photos.contains(&p) {
                photos.push(p);
            }
        }
    }
    (words, photos)
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
    let id = RequestId::from_backend(w.service_request_id)
        .ok_or_else(|| BackendError::Shape("request without a usable service_request_id".into()))?;
    let requested = w
        .requested_datetime
        .or(w.updated_datetime)
        .ok_or_else(|| BackendError::Shape("request without requested_datetime".into()))?;
    let updated = w.updated_datetime.unwrap_or(requested).max(requested);
    let agency = cap_opt(w.agency_responsible, NAME_MAX);
    let status = status_of(&w.status, agency.is_some());
    let notes = cap_opt(w.status_notes, TEXT_MAX).map(Text::Plain);
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
        (Some(lat), Some(long)) => GeoPoint::new(lat, long),
        _ => None,
    };
    let (description, photos) = description_and_photos(w.description.unwrap_or_default(), w.media_url);
    Ok(Request {
        id,
        status,
        status_notes: notes,
        category_name: Text::Plain(cap_opt(w.service_name, NAME_MAX).unwrap_or_else(|| cap(code.clone(), NAME_MAX))),
        category_code: code,
        description: cap(description, TEXT_MAX),
        place: Place { address: cap(w.address.unwrap_or_default(), TEXT_MAX), point, ..Place::default() },
        private: false,
        requested_at: requested,
        updated_at: updated,
        expected_at: w.expected_datetime,
        agency_responsible: agency.map(Text::Plain),
        timeline,
        rating: None,
        notice: cap_opt(w.service_notice, TEXT_MAX).map(Text::Plain),
        copies: Vec::new(),
        photos,
        filed_by: None,
        read_key: None,
        public: false,
    })
}

/// `GET requests/{id}.json` (an array of one).
pub fn decode_request(json: &str) -> Result<Request, BackendError> {
    request_from_wire(decode(first(json)?)?)
}

/// `GET requests.json?service_request_id=a,b`: the requests that read, and how many did not.
pub fn decode_requests(json: &str) -> Result<Listed, BackendError> {
    decode_list(json, request_from_wire)
}

/// The form body of `POST requests.json`. The name goes out as `last_name` (family name) and
/// `first_name` (given name), split by `Contact::family_and_given`; the place most specific
/// first; a multi-value answer always as `attribute[code][]`, even with one value; a datetime
/// with its UTC offset. `jurisdiction_id` goes in the body only. GeoReport has no privacy flag,
/// so none is sent.
pub fn encode_new_request(new: &NewRequest, api_key: &str, jurisdiction_id: Option<&str>) -> String {
    let mut fields: Vec<(String, String)> = vec![("api_key".into(), api_key.into())];
    if let Some(j) = jurisdiction_id {
        fields.push(("jurisdiction_id".into(), j.into()));
    }
    fields.push(("service_code".into(), new.category_code.clone()));
    fields.push(("address_string".into(), new.place.most_specific_first()));
    if let Some(p) = new.place.point {
        // Six decimal places: about 10 cm, more than any phone knows.
        fields.push(("lat".into(), coordinate_text(p.lat, 6)));
        fields.push(("long".into(), coordinate_text(p.long, 6)));
    }
    for (code, answer) in &new.answers {
        let name = match answer {
            Answer::Choices(_) => format!("attribute[{code}][]"),
            _ => format!("attribute[{code}]"),
        };
        fields.extend(answer.values().into_iter().map(|v| (name.clone(), v)));
    }
    fields.push(("description".into(), sent_description(new)));
    if let Some(url) = new.photos.iter().find_map(|p| p.url.clone()) {
        fields.push(("media_url".into(), url));
    }
    let (family, given) = new.contact.family_and_given();
    fields.push(("first_name".into(), given));
    fields.push(("last_name".into(), family));
    // GeoReport keeps contact fields private (a description is public): the requester's number,
    // or the volunteer's where the neighbour gave none (`validate_draft` makes it the contact).
    fields.push(("phone".into(), new.contact.phone.clone()));
    form(&fields)
}

/// How long after a try began the office may still have received it: the time-out, and a little.
pub fn slack(http: Http) -> Duration {
    Duration::seconds(i64::from(http.timeout_seconds) + 5)
}

/// How far either way a try is searched for when the phone did not know the office's clock.
pub const SKEW: Duration = Duration::minutes(10);

/// The dates searched (`start_date`, `end_date`) for copies of a send tried in `windows`: a server
/// may ignore them, so they are checked again here (`adopt`).
pub fn search_dates(windows: &[(DateTime<Utc>, DateTime<Utc>)]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = windows.iter().map(|w| w.0).min()?;
    let end = windows.iter().map(|w| w.1).max()?;
    Some((start, end))
}

/// The requests among `listed` that say exactly what `new` was sent with — same service, same
/// description (the volunteer's line included), same place, and where both have a position, the
/// same to about 10 m — each with when the office received it. A server that gives back no
/// description or address cannot be matched: the request is then sent again rather than risk
/// taking someone else's for it (the resident is shown both numbers where the office has two).
pub fn same_as_sent(listed: Listed, new: &NewRequest) -> Vec<(DateTime<Utc>, Request)> {
    let near = |a: GeoPoint, b: GeoPoint| (a.lat - b.lat).abs() < 0.0001 && (a.long - b.long).abs() < 0.0001;
    let (description, address) = (read_description(new), new.place.most_specific_first());
    listed
        .requests
        .into_iter()
        .filter(|r| r.category_code.is_empty() || r.category_code == new.category_code)
        .filter(|r| r.description.trim() == description.trim())
        .filter(|r| r.place.address.trim() == address.trim())
        .filter(|r| match (r.place.point, new.place.point) {
            (Some(a), Some(b)) => near(a, b),
            _ => true,
        })
        .map(|r| (r.requested_at, r))
        .collect()
}

/// The send as a plain HTTP call for the service worker: the post alone (it is given only a first
/// try, which needs no search: `Entry::worker_plan`).
pub fn delivery(backend: &Open311Backend, body: &str) -> Delivery {
    let accept = ("Accept".to_string(), "application/json".to_string());
    Delivery {
        lookup: None,
        post: HttpCall {
            method: "POST".into(),
            url: backend.post_url(),
            headers: vec![accept, ("Content-Type".into(), "application/x-www-form-urlencoded".into())],
            body: Some(body.into()),
        },
    }
}

/// The adapter's settings.
#[derive(Clone, Debug)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Open311Backend {
    base_url: String,
    api_key: String,
    jurisdiction_id: Option<String>,
    media_upload: Option<String>,
    http: Http,
}

impl Open311Backend {
    pub fn new(base_url: &str, api_key: &str, jurisdiction_id: Option<String>, http: Http) -> Self {
        Open311Backend {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            jurisdiction_id,
            media_upload: None,
            http,
        }
    }

    /// Photos are uploaded to `url` (the deployment's own service; GeoReport has none).
    pub fn with_media_upload(self, url: Option<String>) -> Self {
        Open311Backend { media_upload: url, ..self }
    }

    /// Photos go to the configured upload endpoint as the multipart field `media`, or nowhere.
    pub fn photo_desk(&self) -> PhotoDesk {
        match &self.media_upload {
            Some(url) => PhotoDesk::Upload {
                call: HttpCall {
                    method: "POST".into(),
                    url: url.clone(),
                    headers: vec![("Accept".into(), "application/json".into())],
                    body: None,
                },
                field: "media",
                http: self.http,
                keyed: false,
            },
            None => PhotoDesk::Closed,
        }
    }

    /// `path` under the endpoint, with `jurisdiction_id` added to the query where set (reads
    /// only: a POST carries it in its body).
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

    /// How the service worker asks where followed requests stand: `requests.json` with their
    /// numbers, one call; each of GeoReport's statuses that `status_of` reads alone, and "open" with
    /// an agency responsible (dispatched: without one, received, which the phone knew at filing).
    pub fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> crate::model::follow::WatchCall {
        let list: Vec<&str> = mine.iter().map(|(id, _)| id.as_str()).collect();
        let statuses = [
            ("in_progress", Status::InProgress),
            ("investigating", Status::InProgress),
            ("action_scheduled", Status::InProgress),
            ("closed", Status::Resolved),
            ("fixed", Status::Resolved),
            ("resolved", Status::Resolved),
            ("duplicate", Status::Resolved),
            ("unable_to_fix", Status::Resolved),
            ("not_councils_responsibility", Status::Resolved),
            ("internal_referral", Status::Resolved),
            ("not_responsible", Status::Resolved),
            ("no_further_action", Status::Resolved),
            ("reopened", Status::Reopened),
            ("reopen", Status::Reopened),
        ];
        crate::model::follow::WatchCall {
            call: HttpCall {
                method: "GET".into(),
                url: self.url("requests.json", &[("service_request_id", &list.join(","))]),
                headers: vec![("Accept".into(), "application/json".into())],
                body: None,
            },
            id_field: "service_request_id",
            status_field: "status",
            statuses: statuses.into_iter().filter(|(w, s)| status_of(w, false) == *s).collect(),
            held: Some(("open", "agency_responsible", Status::Dispatched)),
        }
    }

    /// Where requests are filed: no query at all.
    pub fn post_url(&self) -> String {
        format!("{}/requests.json", self.base_url)
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use crate::backend::http::{json, segment, Reply};
    use crate::backend::transport::{send, sleep, Body, Call};
    use crate::backend::{clock, Backend, Capability, Filed};
    use crate::model::outbox::{adopt, windows};
    use crate::model::{Delivered, Outgoing, Rating, Wire};

    /// How often, and how far apart, a token is asked for its id.
    const TOKEN_TRIES: u32 = 10;
    const TOKEN_WAIT_MS: i32 = 1000;

    impl Open311Backend {
        /// The answer's JSON text, or the failure it stands for.
        async fn get(&self, url: String) -> Result<String, BackendError> {
            // A status is news: never an HTTP cache's guess at it.
            let reply = send(Call::get(url).header("Accept", "application/json").no_cache(), self.http).await?;
            json(&reply).map(str::to_string)
        }

        /// The number a token became. Whatever goes wrong meanwhile, the post was accepted: the
        /// token is kept (`Pending`) and followed next time, never posted again.
        async fn follow_token(&self, token: &str) -> Result<String, BackendError> {
            let pending = || BackendError::Pending(token.to_string());
            for _ in 0..TOKEN_TRIES {
                let answer = self.get(self.url(&format!("tokens/{}.json", segment(token)), &[])).await.map_err(|_| pending())?;
                if let Some(id) = decode_token(&answer).map_err(|_| pending())? {
                    return Ok(id);
                }
                sleep(TOKEN_WAIT_MS).await;
            }
            Err(pending())
        }

        /// The office's copies of this send: this one's and any further copy, if it has one.
        async fn copies(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError> {
            let windows = windows(&outgoing.tries, clock::current(), slack(self.http), SKEW);
            let Some((start, end)) = search_dates(&windows) else { return Ok(None) };
            let (start, end) = (crate::model::time::format(start), crate::model::time::format(end));
            let query = [
                ("service_code", outgoing.request.category_code.as_str()),
                ("start_date", start.as_str()),
                ("end_date", end.as_str()),
            ];
            let listed = decode_requests(&self.get(self.url("requests.json", &query)).await?)?;
            // Asked after the search's answer: its `Date` may have taught the office's clock.
            Ok(adopt(same_as_sent(listed, &outgoing.request), outgoing, clock::current(), slack(self.http), SKEW))
        }

        /// `request`, with any other copy the office lists (a browser's own re-send of a post can
        /// leave two, which no client can prevent on GeoReport: the resident is told both numbers).
        async fn with_copies(&self, request: Request, outgoing: &Outgoing) -> Filed {
            let mut known = outgoing.clone();
            known.known.push(request.id.clone());
            // Asked again after a failure: a second copy the resident is not told of is one the
            // office may never merge.
            let mut also = Vec::new();
            for wait in [0, 500, 1500] {
                sleep(wait).await;
                match self.copies(&known).await {
                    Ok(Some(copies)) => {
                        also = std::iter::once(copies.request.id).chain(copies.also).collect();
                        break;
                    }
                    Ok(None) => break,
                    Err(_) => {}
                }
            }
            let mut request = request;
            request.copies = also.clone();
            Filed { request, also }
        }

        /// A failed post's answer, once the office has been searched where it is a refusal: a
        /// browser re-sends a post by itself when its connection breaks, and the office may refuse
        /// the re-send after filing the first (seen in the chaos run). A refusal stands only once
        /// the office is seen not to have the request, asked again after a while (a batch server
        /// lists what it filed later); if a search fails, however it fails, the try's outcome stays
        /// open (`Interrupted`: not answered, worth another try, which searches first).
        async fn confirmed(&self, failure: BackendError, outgoing: &Outgoing) -> Result<Filed, BackendError> {
            use crate::model::outbox::{Retry, Verdict};
            if failure.retry() != Retry::Never {
                return Err(failure);
            }
            for wait in [0, 500, 1500] {
                sleep(wait).await;
                match self.copies(outgoing).await {
                    Ok(Some(found)) => return Ok(found),
                    Ok(None) => {}
                    Err(_) => return Err(BackendError::Interrupted),
                }
            }
            Err(failure)
        }

        /// What an accepted post's answer leads to: the request under its number.
        async fn receipt(&self, posted: Posted, outgoing: &Outgoing) -> Result<Filed, BackendError> {
            let id = match posted.receipt {
                Receipt::Id(id) => id,
                Receipt::Token(token) => self.follow_token(&token).await?,
            };
            let request = self.filed(id, &outgoing.request, posted.notice).await?;
            Ok(self.with_copies(request, outgoing).await)
        }

        /// The request as the server lists it, or what was sent under its new number when the
        /// server does not list it yet.
        async fn filed(&self, id: String, new: &NewRequest, notice: Option<String>) -> Result<Request, BackendError> {
            let id = RequestId::from_backend(id).ok_or_else(|| BackendError::Shape("unusable service_request_id".into()))?;
            let mut request = match self.request(&id, None).await {
                Ok(r) => r,
                Err(BackendError::NotFound) => {
                    let now = Utc::now();
                    Request {
                        id,
                        status: Status::Received,
                        status_notes: None,
                        category_code: new.category_code.clone(),
                        category_name: Text::Plain(new.category_code.clone()),
                        description: new.description.clone(),
                        place: new.place.clone(),
                        private: false,
                        requested_at: now,
                        updated_at: now,
                        expected_at: None,
                        agency_responsible: None,
                        timeline: vec![TimelineStep { step: Step::Received, at: now, note: None }],
                        rating: None,
                        notice: None,
                        copies: Vec::new(),
                        photos: new.photos.iter().filter_map(|p| Photo::from_backend(p.url.as_deref()?, false)).collect(),
                        filed_by: new.filed_by.clone(),
                        read_key: None,
                        public: false,
                    }
                }
                Err(e) => return Err(e),
            };
            if let Some(n) = notice {
                request.notice = Some(Text::Plain(n));
            }
            Ok(request)
        }
    }

    impl Backend for Open311Backend {
        fn watch_call(&self, mine: &[(RequestId, Option<String>)]) -> Option<crate::model::follow::WatchCall> {
            Some(Open311Backend::watch_call(self, mine))
        }

        async fn categories(&self) -> Result<Vec<Category>, BackendError> {
            decode_services(&self.get(self.url("services.json", &[])).await?)
        }

        async fn questions(&self, code: &str) -> Result<Vec<Question>, BackendError> {
            decode_definition(&self.get(self.url(&format!("services/{}.json", segment(code)), &[])).await?)
        }

        async fn prepare(&self, new: &NewRequest, _: Option<&Category>, now: DateTime<Utc>) -> Result<Wire, BackendError> {
            let body = encode_new_request(new, &self.api_key, self.jurisdiction_id.as_deref());
            let delivery = delivery(self, &body);
            Ok(Wire { body, first_sent_at: now, delivery: Some(delivery) })
        }

        async fn submit(&self, outgoing: &Outgoing) -> Result<Filed, BackendError> {
            // An accepted post's token is followed, never posted again.
            if let Some(token) = &outgoing.token {
                let posted = Posted { receipt: Receipt::Token(token.clone()), notice: None };
                return self.receipt(posted, outgoing).await;
            }
            // No idempotency key in GeoReport: after any earlier try, search before posting again.
            if outgoing.look_first {
                if let Some(found) = self.copies(outgoing).await? {
                    return Ok(found);
                }
            }
            let call = Call::with_body("POST", self.post_url(), Body::Form(outgoing.wire.body.clone()))
                .header("Accept", "application/json");
            let reply = send(call, self.http).await?;
            match json(&reply).and_then(decode_posted) {
                Ok(posted) => self.receipt(posted, outgoing).await,
                Err(refusal) => self.confirmed(refusal, outgoing).await,
            }
        }

        async fn accept(&self, outgoing: &Outgoing, delivered: &Delivered) -> Result<Filed, BackendError> {
            if delivered.found {
                let request = decode_request(&delivered.body)?;
                return Ok(self.with_copies(request, outgoing).await);
            }
            match json(&Reply::delivered(delivered)).and_then(decode_posted) {
                Ok(posted) => self.receipt(posted, outgoing).await,
                Err(refusal) => self.confirmed(refusal, outgoing).await,
            }
        }

        async fn find_filed(&self, outgoing: &Outgoing) -> Result<Option<Filed>, BackendError> {
            self.copies(outgoing).await
        }

        // GeoReport has one view, public: a proof changes nothing.
        async fn request(&self, id: &RequestId, _: Option<&crate::model::Proof>) -> Result<Request, BackendError> {
            decode_request(&self.get(self.url(&format!("requests/{}.json", segment(id.as_str())), &[])).await?)
        }

        async fn requests(&self, mine: &[(RequestId, Option<String>)]) -> Result<Listed, BackendError> {
            if mine.is_empty() {
                return Ok(Listed::default());
            }
            let list: Vec<&str> = mine.iter().map(|(id, _)| id.as_str()).collect();
            decode_requests(&self.get(self.url("requests.json", &[("service_request_id", &list.join(","))])).await?)
        }

        async fn rate(&self, _: &RequestId, _: Option<&str>, _: &crate::model::IdempotencyKey, _: &Rating) -> Result<Request, BackendError> {
            Err(BackendError::Unsupported(Capability::Rate))
        }

        async fn reopen(&self, _: &RequestId, _: Option<&str>, _: &crate::model::IdempotencyKey, _: &str) -> Result<Request, BackendError> {
            Err(BackendError::Unsupported(Capability::Reopen))
        }
    }
}

#[cfg(target_arch = "wasm32")]
lazy! {
    /// The adapter as one object, in a module of its own (loaded when `config.json` names it).
    pub fn open311_office(adapter: Open311Backend) -> std::sync::Arc<dyn super::Office + Send + Sync> {
        std::sync::Arc::new(adapter)
    }
}

#[cfg(test)]
mod tests;
