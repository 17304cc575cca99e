//! What every HTTP adapter does with an answer, whatever its JSON: sort failures into
//! `BackendError`s and find the server's own words in an error body. Pure, so host tests feed it
//! every hostile answer there is.

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::{BackendError, Listed};
use crate::model::Request;

/// An HTTP answer as it arrived: status, content type, `Retry-After` (in seconds) and body text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<u32>,
    pub body: String,
}

impl Reply {
    /// What the service worker got back, as the page would have had it.
    pub fn delivered(d: &crate::model::Delivered) -> Self {
        Reply {
            status: d.status,
            content_type: d.content_type.clone(),
            retry_after: d.retry_after.as_deref().and_then(|h| retry_after(h, chrono::Utc::now())),
            body: d.body.clone(),
        }
    }
}

/// A `Retry-After` header in seconds from `now`: delay-seconds, or an HTTP date.
pub fn retry_after(header: &str, now: chrono::DateTime<chrono::Utc>) -> Option<u32> {
    let header = header.trim();
    if let Ok(seconds) = header.parse::<u64>() {
        return Some(u32::try_from(seconds).unwrap_or(u32::MAX));
    }
    let at = crate::model::time::parse_http_date(header)?;
    let seconds = at.signed_duration_since(now).num_seconds().max(0);
    Some(u32::try_from(seconds).unwrap_or(u32::MAX))
}

/// The longest server message shown to a resident.
const MESSAGE_MAX: usize = NAME_MAX;

fn looks_like_html(reply: &Reply) -> bool {
    reply.content_type.as_deref().is_some_and(|t| t.to_ascii_lowercase().contains("html"))
        || reply.body.trim_start().starts_with('<')
}

/// The JSON text of a successful answer, or the failure it stands for. An empty 2xx body is `null`.
/// The text is decoded straight into the adapter's types (`decode`), never through a generic
/// JSON value: one decoding path for every type keeps the wasm small.
pub fn json(reply: &Reply) -> Result<&str, BackendError> {
    match reply.status {
        200..=299 => {
            if reply.body.trim().is_empty() {
                return Ok("null");
            }
            if looks_like_html(reply) {
                return Err(BackendError::NotJson);
            }
            Ok(&reply.body)
        }
        404 | 410 => Err(BackendError::NotFound),
        429 | 503 => Err(BackendError::Busy { status: reply.status, retry_after: reply.retry_after }),
        400..=499 => Err(BackendError::Rejected { status: reply.status, message: error_message(&reply.body) }),
        _ => Err(BackendError::Server(reply.status)),
    }
}

/// The server's explanation in an error body: Open311's `[{"code", "description"}]`, or
/// `{"message"}`, `{"error": "…"}`, `{"error": {"message"}}`, `{"description"}`. Read through raw
/// pieces, never a generic JSON value (its decoder costs the first load kilobytes).
pub fn error_message(body: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Said<'a> {
        #[serde(default, borrow)]
        description: Option<&'a RawValue>,
        #[serde(default, borrow)]
        message: Option<&'a RawValue>,
        #[serde(default, borrow)]
        error: Option<&'a RawValue>,
    }
    fn text(raw: Option<&RawValue>) -> Option<String> {
        let s: String = serde_json::from_str(raw?.get()).ok()?;
        Some(s.trim().to_string()).filter(|s| !s.is_empty())
    }
    fn find(raw: &str, depth: u8) -> Option<String> {
        if depth > 4 {
            return None;
        }
        match raw.trim_start().as_bytes().first() {
            Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(raw).ok()?.into_iter().find_map(|item| find(item.get(), depth + 1)),
            Some(b'{') => {
                let said: Said = serde_json::from_str(raw).ok()?;
                text(said.description)
                    .or_else(|| text(said.message))
                    .or_else(|| text(said.error).or_else(|| find(said.error?.get(), depth + 1)))
            }
            _ => None,
        }
    }
    Some(cap(find(body, 0)?, MESSAGE_MAX))
}

/// Decodes JSON text as `T`: broken or cut-short JSON is `MalformedJson`, JSON of another shape
/// is a `Shape` error.
pub fn decode<'a, T: Deserialize<'a>>(json: &'a str) -> Result<T, BackendError> {
    serde_json::from_str(json).map_err(|e| {
        if e.is_data() {
            BackendError::Shape(e.to_string())
        } else {
            BackendError::MalformedJson
        }
    })
}

/// The photo's address in the answer to an upload (`{"url": "https://…"}`), or the failure the
/// answer stands for. Only an absolute `http(s)` address is taken.
pub fn decode_uploaded(reply: &Reply) -> Result<String, BackendError> {
    #[derive(Deserialize)]
    struct Uploaded {
        url: String,
    }
    let url = decode::<Uploaded>(json(reply)?)?.url;
    crate::model::Photo::from_backend(&url, false)
        .filter(|p| p.on_phone().is_none())
        .map(|p| p.url)
        .ok_or_else(|| BackendError::Shape("upload answer without a usable url".into()))
}

/// The records of a JSON array, each as its own text.
pub fn items(json: &str) -> Result<Vec<&str>, BackendError> {
    Ok(decode::<Vec<&RawValue>>(json)?.into_iter().map(RawValue::get).collect())
}

/// Decodes a JSON array of requests one record at a time: a record that does not read is counted
/// and left out, so one bad record never hides the others. Anything but an array is a shape error.
pub fn decode_list<W: serde::de::DeserializeOwned>(
    json: &str,
    convert: impl Fn(W) -> Result<Request, BackendError>,
) -> Result<Listed, BackendError> {
    let mut listed = Listed::default();
    for item in items(json)? {
        match decode::<W>(item).and_then(&convert) {
            Ok(r) => listed.requests.push(r),
            Err(_) => listed.unreadable += 1,
        }
    }
    Ok(listed)
}

/// Text from a backend cut to `max` characters, so a hostile or broken server cannot fill the
/// phone's screen or memory with one field.
pub fn cap(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Optional backend text: blank is none, long is cut.
pub fn cap_opt(text: Option<String>, max: usize) -> Option<String> {
    text.filter(|t| !t.trim().is_empty()).map(|t| cap(t, max))
}

/// The longest name, hint, group, agency or answer choice shown from a backend.
pub const NAME_MAX: usize = 200;
/// The longest description, note or address shown from a backend.
pub const TEXT_MAX: usize = 4000;

/// A path segment or query value with everything but unreserved characters percent-encoded
/// (RFC 3986), so an id with `/`, `?`, `#` or `..` stays one segment.
pub fn segment(s: &str) -> String {
    encode(s, false)
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
pub fn form_value(s: &str) -> String {
    encode(s, true)
}

fn encode(s: &str, form: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b'~' if !form => out.push('~'),
            b'*' if form => out.push('*'),
            b' ' if form => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0x0f)] as char);
            }
        }
    }
    out
}

/// The text a percent-encoded path segment stands for; `None` if it is not valid UTF-8. A `%`
/// not followed by two hex digits stands for itself.
pub fn decode_segment(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A form body from name/value pairs.
pub fn form(fields: &[(String, String)]) -> String {
    fields.iter().map(|(k, v)| format!("{}={}", form_value(k), form_value(v))).collect::<Vec<_>>().join("&")
}

/// An id or code that servers send as a string or as a number (a number is kept as it was
/// written). Read as raw text: an untagged enum's decoder costs the first load kilobytes.
pub fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    let raw = <Box<RawValue>>::deserialize(d)?;
    let text = raw.get().trim();
    if text.starts_with('"') {
        return serde_json::from_str::<String>(text).map_err(D::Error::custom);
    }
    match crate::model::number::decimal(text) {
        Some(_) => Ok(text.to_string()),
        None => Err(D::Error::custom("expected a string or a number")),
    }
}

/// Like `string_or_number`, for optional fields (absent or null is `None`).
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "string_or_number")] String);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0).filter(|s| !s.is_empty()))
}

/// A flag that servers send as `true`, `"true"` or `1`.
pub fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let Some(raw) = Option::<Box<RawValue>>::deserialize(d)? else { return Ok(false) };
    let text = raw.get().trim();
    Ok(match text {
        "true" => true,
        "false" | "null" => false,
        _ if text.starts_with('"') => serde_json::from_str::<String>(text)
            .is_ok_and(|s| matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")),
        _ => crate::model::number::decimal(text).is_some_and(|n| n != 0.0),
    })
}

/// A number that servers send as a number or a numeric string.
pub fn loose_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    // Read as its raw text and parsed by hand (`model::number`): no float parser in the wasm.
    let raw = Option::<Box<RawValue>>::deserialize(d)?;
    Ok(raw.and_then(|raw| {
        let text = raw.get().trim();
        match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => crate::model::number::decimal(inner.trim()),
            None => crate::model::number::decimal(text),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reply(status: u16, content_type: &str, body: &str) -> Reply {
        Reply { status, content_type: Some(content_type.into()), retry_after: None, body: body.into() }
    }

    #[test]
    fn an_upload_answer_names_an_absolute_photo_address() {
        let ok = reply(201, "application/json", r#"{"id":"p1","url":"https://office.example/photos/p1.jpg"}"#);
        assert_eq!(decode_uploaded(&ok).as_deref(), Ok("https://office.example/photos/p1.jpg"));
        for bad in [r#"{"url":"javascript:alert(1)"}"#, r#"{"url":"phone:abc"}"#, r#"{"url":"/p1.jpg"}"#, r#"{"id":1}"#] {
            assert!(matches!(decode_uploaded(&reply(201, "application/json", bad)), Err(BackendError::Shape(_))), "{bad}");
        }
        assert_eq!(decode_uploaded(&reply(413, "text/plain", "too big")), Err(BackendError::Rejected { status: 413, message: None }));
        assert_eq!(decode_uploaded(&reply(503, "text/plain", "")), Err(BackendError::Busy { status: 503, retry_after: None }));
    }

    #[test]
    fn busy_servers_say_when_to_come_back() {
        let now = crate::model::time::parse_utc("2026-11-28T09:00:00Z").unwrap();
        assert_eq!(retry_after("120", now), Some(120));
        assert_eq!(retry_after(" 0 ", now), Some(0));
        assert_eq!(retry_after("Sat, 28 Nov 2026 09:01:30 GMT", now), Some(90));
        assert_eq!(retry_after("Sat, 28 Nov 2026 08:00:00 GMT", now), Some(0));
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("99999999999", now), Some(u32::MAX));
        let busy = Reply { status: 503, content_type: None, retry_after: Some(2), body: String::new() };
        assert_eq!(json(&busy), Err(BackendError::Busy { status: 503, retry_after: Some(2) }));
        assert_eq!(json(&reply(429, "text/plain", "")), Err(BackendError::Busy { status: 429, retry_after: None }));
    }

    #[test]
    fn answers_are_sorted_into_failures() {
        assert_eq!(json(&reply(200, "application/json", r#"{"a":1}"#)), Ok(r#"{"a":1}"#));
        assert_eq!(json(&reply(204, "", "")), Ok("null"));
        assert_eq!(json(&reply(200, "text/html", "<html><body>Login</body></html>")), Err(BackendError::NotJson));
        assert_eq!(json(&reply(200, "application/json", "<!doctype html>")), Err(BackendError::NotJson));
        assert_eq!(decode::<serde_json::Value>(r#"{"id": 1, "status": "#), Err(BackendError::MalformedJson));
        assert_eq!(decode::<serde_json::Value>("nope"), Err(BackendError::MalformedJson));
        assert!(matches!(decode::<Vec<u8>>(r#"{"id": 1}"#), Err(BackendError::Shape(_))));
        assert_eq!(items(r#"[1, {"a": [2]}, "x"]"#), Ok(vec!["1", r#"{"a": [2]}"#, r#""x""#]));
        assert_eq!(json(&reply(404, "application/json", "[]")), Err(BackendError::NotFound));
        assert_eq!(json(&reply(502, "text/html", "<h1>Bad gateway</h1>")), Err(BackendError::Server(502)));
        assert_eq!(
            json(&reply(422, "application/json", r#"{"message":"描述太短"}"#)),
            Err(BackendError::Rejected { status: 422, message: Some("描述太短".into()) })
        );
        assert_eq!(
            json(&reply(403, "text/plain", "Forbidden")),
            Err(BackendError::Rejected { status: 403, message: None })
        );
    }

    #[test]
    fn open311_error_bodies_give_their_description_even_when_codes_differ() {
        let body = r#"[{"code":403,"description":"Invalid api_key received -- can't proceed with create_request."}]"#;
        assert_eq!(
            json(&reply(400, "application/json", body)),
            Err(BackendError::Rejected {
                status: 400,
                message: Some("Invalid api_key received -- can't proceed with create_request.".into())
            })
        );
    }

    #[test]
    fn error_messages_are_found_in_common_shapes_and_cut_short() {
        let message = |v: serde_json::Value| error_message(&v.to_string());
        assert_eq!(message(json!({"error": "bad"})).as_deref(), Some("bad"));
        assert_eq!(message(json!({"error": {"message": "worse"}})).as_deref(), Some("worse"));
        assert_eq!(message(json!({"error": {"code": 1}})), None);
        assert_eq!(message(json!(["x", {"description": "  "}])), None);
        assert_eq!(message(json!(42)), None);
        assert_eq!(error_message("Forbidden"), None);
        let long = message(json!({"message": "长".repeat(500)})).unwrap();
        assert_eq!(long.chars().count(), MESSAGE_MAX + 1);
    }

    #[test]
    fn urls_and_forms_are_encoded() {
        assert_eq!(segment("DS-2026_1.a~"), "DS-2026_1.a~");
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment(".."), "..");
        assert_eq!(segment("工单"), "%E5%B7%A5%E5%8D%95");
        assert_eq!(form_value("a b&c=d*~"), "a+b%26c%3Dd*%7E");
        assert_eq!(form(&[("attribute[x][]".into(), "1".into())]), "attribute%5Bx%5D%5B%5D=1");
        for id in ["R/638344/../x?y#z", "工单 1", "100%", "a%2Fb"] {
            assert_eq!(decode_segment(&segment(id)).as_deref(), Some(id));
        }
        assert_eq!(decode_segment("%E5%B7%A5").as_deref(), Some("工"));
        assert_eq!(decode_segment("50%").as_deref(), Some("50%"));
        assert_eq!(decode_segment("%FF"), None);
    }

    #[test]
    fn backend_text_is_capped() {
        assert_eq!(cap("短".into(), 3), "短");
        assert_eq!(cap("长长长长".into(), 3), "长长长…");
        assert_eq!(cap_opt(Some("  ".into()), 3), None);
    }

    #[test]
    fn loose_values() {
        #[derive(Deserialize)]
        struct T {
            #[serde(deserialize_with = "string_or_number")]
            id: String,
            #[serde(default, deserialize_with = "opt_string_or_number")]
            other: Option<String>,
            #[serde(default, deserialize_with = "loose_bool")]
            flag: bool,
            #[serde(default, deserialize_with = "loose_f64")]
            lat: Option<f64>,
        }
        let t: T = serde_json::from_value(json!({"id": 638344, "other": null, "flag": "true", "lat": "34.5"})).unwrap();
        assert_eq!((t.id.as_str(), t.other, t.flag, t.lat), ("638344", None, true, Some(34.5)));
        let t: T = serde_json::from_value(json!({"id": "a1", "other": 2.5, "flag": 0})).unwrap();
        assert_eq!((t.id.as_str(), t.other.as_deref(), t.flag, t.lat), ("a1", Some("2.5"), false, None));
        assert!(serde_json::from_value::<T>(json!({"id": true})).is_err());
    }
}
