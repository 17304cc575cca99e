//! Property tests: any answer a server can send — arbitrary JSON, plausible-looking JSON with
//! the right keys and wrong values, arbitrary bytes under any status — decodes to a value or a
//! typed error, and never panics.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::http::{json, Reply};
use super::{open311, rest, BackendError};

/// Keys the decoders look for, so generated objects reach deep into them.
const KEYS: &[&str] = &[
    "id", "code", "name", "hint", "group", "feedback_hours", "status", "status_notes", "category", "category_name",
    "description", "address", "community", "building", "unit", "lat", "long", "private", "requested_at", "updated_at",
    "expected_at", "agency_responsible", "timeline", "step", "at", "note", "solved", "satisfaction", "rating", "comment",
    "service_code", "service_name", "metadata", "attributes", "variable", "datatype", "required", "order", "values",
    "key", "service_request_id", "token", "requested_datetime", "updated_datetime", "expected_datetime", "message",
    "error",
];

/// Strings that are almost right: statuses, dates, numbers-as-text.
const WORDS: &[&str] = &[
    "received", "in_progress", "resolved", "rated", "closed", "open", "FIXED", "satisfied", "dissatisfied",
    "singlevaluelist", "number", "2026-11-28T09:00:00Z", "2026-13-45T99:00:00Z", "1e999", "-0", "", "<html>", "true",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS).prop_map(String::from), inner.clone()), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every decoder; each must return, whatever text it is fed.
fn decode_text(text: &str) {
    let key = crate::model::IdempotencyKey("k".into());
    let _ = rest::decode_categories(text);
    let _ = rest::decode_category(text);
    let _ = rest::decode_request(text);
    let _ = rest::decode_requests(text);
    let _ = rest::decode_filed_with_key(text, &key);
    let _ = open311::decode_services(text);
    let _ = open311::decode_definition(text);
    let _ = open311::decode_posted(text);
    let _ = open311::decode_token(text);
    let _ = open311::decode_request(text);
    let _ = open311::decode_requests(text);
    let _ = super::http::error_message(text);
}

fn decode_everything(v: &Value) {
    decode_text(&v.to_string());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_any_json(v in any_json()) {
        decode_everything(&v);
        // The same value wrapped the ways servers wrap answers.
        decode_everything(&Value::Array(vec![v.clone()]));
    }

    #[test]
    fn any_body_under_any_status_is_a_value_or_a_typed_error(
        status in 100u16..600,
        content_type in prop::sample::select(&["application/json", "text/html; charset=utf-8", "text/plain", ""][..]),
        body in prop_oneof![".{0,80}", any_json().prop_map(|v| v.to_string()), any_json().prop_map(|v| { let s = v.to_string(); s.chars().take(s.chars().count() / 2).collect::<String>() })],
    ) {
        let reply = Reply { status, content_type: Some(content_type.to_string()), retry_after: None, body };
        match json(&reply) {
            Ok(text) => {
                prop_assert!((200..300).contains(&status));
                decode_text(text);
            }
            Err(BackendError::NotFound) => prop_assert!(status == 404 || status == 410),
            Err(BackendError::Rejected { status: s, message }) => {
                prop_assert_eq!(s, status);
                prop_assert!((400..500).contains(&status));
                prop_assert!(message.map_or(true, |m| m.chars().count() <= 201));
            }
            Err(BackendError::Server(s)) => prop_assert_eq!(s, status),
            Err(BackendError::Busy { status: s, .. }) => prop_assert!(s == status && (s == 429 || s == 503)),
            Err(BackendError::NotJson) => prop_assert!((200..300).contains(&status)),
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }
}
