//! Mappings checked against the GeoReport v2 specification's own examples (numeric ids included)
//! and the quirks real servers have.

use super::*;
use crate::backend::config::Http;
use crate::model::{Answer, Contact, IdempotencyKey, ValidAnswers};
use chrono::TimeZone;
use serde_json::{json, Value};

fn j(v: Value) -> String {
    v.to_string()
}

fn spec_services() -> Value {
    json!([
        {
            "service_code": 1,
            "service_name": "Cans left out 24x7",
            "description": "Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.",
            "metadata": true,
            "type": "realtime",
            "keywords": "lorem, ipsum, dolor",
            "group": "sanitation"
        },
        {
            "service_code": "002",
            "metadata": "false",
            "type": "realtime",
            "keywords": "lorem, ipsum, dolor",
            "group": "street",
            "service_name": "Construction plate shifted",
            "description": "Metal construction plate covering the street or sidewalk has been moved."
        }
    ])
}

#[test]
fn services_become_categories_with_groups() {
    let list = decode_services(&j(spec_services())).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].code, "1");
    assert_eq!(list[0].name, Text::plain("Cans left out 24x7"));
    assert_eq!(list[0].group, Some(Text::plain("sanitation")));
    assert!(list[0].has_questions);
    assert_eq!(list[1].code, "002");
    assert!(!list[1].has_questions);
    assert_eq!(list[1].feedback_hours, 168);
}

#[test]
fn a_service_definition_becomes_ordered_questions() {
    let body = json!({
        "service_code": "DMV66",
        "attributes": [
            {"variable": true, "code": "NOTE", "datatype": "text", "required": false, "order": 3, "description": "Anything else?"},
            {"variable": false, "code": "INFO", "datatype": "string", "required": false, "order": 0, "description": "Information only"},
            {
                "variable": true, "code": "WHISHETN", "datatype": "singlevaluelist", "required": true,
                "datatype_description": null, "order": 1, "description": "What is the ticket/tag/DL number?",
                "values": [{"key": 123, "name": "Ford"}, {"key": 124, "name": "Chrysler"}]
            },
            {"code": 77, "datatype": "number", "required": "true", "order": "2", "description": "How many?"}
        ]
    });
    let qs = decode_definition(&j(body)).unwrap();
    let codes: Vec<&str> = qs.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(codes, ["WHISHETN", "77", "NOTE"]);
    assert_eq!(qs[0].kind, AnswerKind::SingleValueList);
    assert!(qs[0].required);
    assert_eq!(qs[0].choices, vec![Choice { key: "123".into(), name: "Ford".into() }, Choice { key: "124".into(), name: "Chrysler".into() }]);
    assert_eq!(qs[0].prompt, "What is the ticket/tag/DL number?");
    assert_eq!(qs[1].kind, AnswerKind::Number);
    assert!(qs[1].required);
    assert_eq!(qs[2].kind, AnswerKind::Text);
    assert_eq!(decode_definition(&j(json!({"service_code": "X"}))).unwrap(), vec![]);
}

#[test]
fn filing_answers_an_id_or_a_token() {
    let spec = json!([{"service_request_id": 293944, "service_notice": "The City will inspect and require the responsible party to correct within 24 hours", "account_id": null}]);
    let filed = decode_posted(&j(spec)).unwrap();
    assert_eq!(filed.receipt, Receipt::Id("293944".into()));
    assert_eq!(
        filed.notice.as_deref(),
        Some("The City will inspect and require the responsible party to correct within 24 hours")
    );
    assert_eq!(decode_posted(&j(json!([{"token": "12345"}]))).map(|f| f.receipt), Ok(Receipt::Token("12345".into())));
    assert_eq!(decode_posted(&j(json!({"token": 12345}))).map(|f| f.receipt), Ok(Receipt::Token("12345".into())));
    assert!(matches!(decode_posted(&j(json!([{}]))), Err(BackendError::Shape(_))));
    assert!(matches!(decode_posted(&j(json!([]))), Err(BackendError::Shape(_))));
    assert_eq!(decode_token(&j(json!([{"service_request_id": 638344, "token": 12345}]))), Ok(Some("638344".into())));
    assert_eq!(decode_token(&j(json!([{"service_request_id": null, "token": "12345"}]))), Ok(None));
    assert_eq!(decode_token(&j(json!([]))), Ok(None));
}

fn spec_request() -> Value {
    json!([{
        "service_request_id": 638344,
        "status": "closed",
        "status_notes": "Duplicate request.",
        "service_name": "Sidewalk and Curb Issues",
        "service_code": 6,
        "description": null,
        "agency_responsible": null,
        "service_notice": null,
        "requested_datetime": "2010-04-14T06:37:38-08:00",
        "updated_datetime": "2010-04-14T06:37:38-08:00",
        "expected_datetime": "2010-04-15T06:37:38-08:00",
        "address": "8TH AVE and JUDAH ST",
        "address_id": 545483,
        "zipcode": 94122,
        "lat": 37.762221815,
        "long": -122.4651145,
        "media_url": "http://city.gov.s3.amazonaws.com/requests/media/638344.jpg"
    }])
}

#[test]
fn the_spec_request_maps_onto_the_timeline() {
    let r = decode_request(&j(spec_request())).unwrap();
    assert_eq!(r.id.as_str(), "638344");
    assert_eq!(r.status, Status::Resolved);
    assert!(r.can_rate());
    assert_eq!(r.category_code, "6");
    assert_eq!(r.category_name, Text::plain("Sidewalk and Curb Issues"));
    assert_eq!(r.description, "");
    assert_eq!(r.place.address, "8TH AVE and JUDAH ST");
    assert_eq!(r.place.point, Some(GeoPoint::new(37.762221815, -122.4651145).unwrap()));
    assert_eq!(r.requested_at.to_rfc3339(), "2010-04-14T14:37:38+00:00");
    assert_eq!(r.expected_at.map(|t| t.to_rfc3339()).as_deref(), Some("2010-04-15T14:37:38+00:00"));
    let steps: Vec<Step> = r.timeline.iter().map(|s| s.step).collect();
    assert_eq!(steps, [Step::Received, Step::Resolved]);
    assert_eq!(r.timeline[1].note, Some(Text::plain("Duplicate request.")));
}

#[test]
fn open_and_extended_statuses() {
    assert_eq!(status_of("open", false), Status::Received);
    assert_eq!(status_of("open", true), Status::Dispatched);
    assert_eq!(status_of("OPEN", false), Status::Received);
    assert_eq!(status_of("IN_PROGRESS", false), Status::InProgress);
    assert_eq!(status_of("in progress", true), Status::InProgress);
    assert_eq!(status_of("ACTION_SCHEDULED", false), Status::InProgress);
    assert_eq!(status_of("investigating", false), Status::InProgress);
    assert_eq!(status_of("FIXED", false), Status::Resolved);
    assert_eq!(status_of("DUPLICATE", false), Status::Resolved);
    assert_eq!(status_of("NOT_COUNCILS_RESPONSIBILITY", false), Status::Resolved);
    assert_eq!(status_of("unable-to-fix", false), Status::Resolved);
    assert_eq!(status_of("closed", false), Status::Resolved);
    assert_eq!(status_of("something new", false), Status::Received);
}

#[test]
fn an_open_request_with_notes_keeps_them_on_the_received_step() {
    let r = decode_request(&j(json!({
        "service_request_id": "A-1", "status": "open", "status_notes": "Queued",
        "requested_datetime": "2026-11-28T09:00:00+08:00"
    })))
    .unwrap();
    assert_eq!(r.status, Status::Received);
    assert_eq!(r.timeline.len(), 1);
    assert_eq!(r.timeline[0].note, Some(Text::plain("Queued")));
    assert_eq!(r.updated_at, r.requested_at);
}

#[test]
fn missing_and_odd_fields_are_tolerated_or_named() {
    let listed = decode_requests(&j(json!([
        {"service_request_id": 1, "status": "open", "requested_datetime": "2026-11-28T09:00:00Z", "lat": "34.1", "long": null},
        {"service_request_id": 2, "status": "in_progress", "updated_datetime": "2026-11-28T09:00:00Z", "agency_responsible": "Roads"},
        {"service_request_id": 3, "status": "open"},
        {"service_request_id": 4, "status": "open", "requested_datetime": "2026-11-28T09:00:00Z", "lat": 91, "long": 0}
    ])))
    .unwrap();
    // One record without a time is left out and counted; an impossible position is dropped.
    assert_eq!(listed.unreadable, 1);
    let list = listed.requests;
    assert_eq!(list.len(), 3);
    assert_eq!(list[2].place.point, None);
    assert_eq!(list[0].place.point, None);
    assert_eq!(list[1].status, Status::InProgress);
    assert_eq!(list[1].agency_responsible, Some(Text::plain("Roads")));
    assert!(matches!(decode_request(&j(json!([{"service_request_id": 1, "status": "open"}]))), Err(BackendError::Shape(_))));
    assert!(matches!(decode_request(&j(json!([{"status": "open", "requested_datetime": "2026-11-28T09:00:00Z"}]))), Err(BackendError::Shape(_))));
    assert_eq!(decode_request(&j(json!([]))), Err(BackendError::NotFound));
    assert!(matches!(decode_request(&j(json!("nope"))), Err(BackendError::Shape(_))));
}

fn pothole_report() -> NewRequest {
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    NewRequest {
        idempotency_key: IdempotencyKey("k".into()),
        category_code: "001".into(),
        description: "Lights out & dark".into(),
        place: Place {
            address: "8TH AVE and JUDAH ST".into(),
            building: Some("9号楼".into()),
            unit: Some("2单元".into()),
            point: Some(GeoPoint::new(37.76, -122.46).unwrap()),
            ..Place::default()
        },
        contact: Contact { name: "王阿姨".into(), phone: "13800138000".into() },
        private: true,
        answers: ValidAnswers::from([
            ("WHISHETN".to_string(), Answer::Choice("123".into())),
            ("colours".to_string(), Answer::Choices(vec!["red".into(), "blue green".into()])),
            ("lanes".to_string(), Answer::Choices(vec!["walk".into()])),
            ("since".to_string(), Answer::Datetime(beijing.with_ymd_and_hms(2026, 11, 27, 21, 30, 0).unwrap())),
        ]),
        photos: Vec::new(),
        filed_by: None,
    }
}

#[test]
fn a_volunteer_is_named_on_the_description_s_last_line_and_the_neighbour_is_the_requester() {
    let mut new = pothole_report();
    new.filed_by = Some(crate::model::FiledBy {
        name: "王芳".into(),
        phone: "13900001111".into(),
        team: "幸福里志愿队".into(),
        consent: "本人已同意".into(),
        line: "【代办】由王芳 · 幸福里志愿队代为反映，本人已同意。".into(),
    });
    let body = encode_new_request(&new, "xyz", None);
    let text = form_value(&body, "description");
    assert_eq!(text, "Lights out & dark\n\n【代办】由王芳 · 幸福里志愿队代为反映，本人已同意。");
    // A GeoReport description is public: the volunteer's number is never in it, only in the
    // private contact fields, and only where the neighbour gave none of their own.
    assert!(!body.contains("13900001111"), "{body}");
    assert_eq!(form_value(&body, "last_name"), "王");
    assert_eq!(form_value(&body, "phone"), "13800138000");
    // A neighbour without a number of their own: the volunteer's is the contact (as
    // `validate_draft` makes it), in the private field only.
    let mut no_phone = new.clone();
    no_phone.contact.phone = "13900001111".into();
    let body = encode_new_request(&no_phone, "xyz", None);
    assert_eq!(form_value(&body, "phone"), "13900001111");
    assert!(!form_value(&body, "description").contains("13900001111"));
    // Read back, it is the same request (an earlier send is found by it).
    let at = Utc.with_ymd_and_hms(2026, 11, 28, 9, 5, 0).unwrap();
    let listed = decode_requests(&j(json!([{"service_request_id": "3", "status": "open", "service_code": "001",
        "description": text, "address": new.place.most_specific_first(), "lat": 37.76, "long": -122.46, "requested_datetime": at.to_rfc3339()}])))
    .unwrap();
    assert_eq!(same_as_sent(listed, &new).len(), 1);
}

/// A form field's value, decoded.
fn form_value(body: &str, name: &str) -> String {
    let raw = body.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or_default();
    let bytes = raw.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn new_requests_are_form_encoded_as_the_spec_means() {
    let body = encode_new_request(&pothole_report(), "xyz", Some("city.gov"));
    assert_eq!(
        body,
        "api_key=xyz&jurisdiction_id=city.gov&service_code=001\
         &address_string=2%E5%8D%95%E5%85%83%2C+9%E5%8F%B7%E6%A5%BC%2C+8TH+AVE+and+JUDAH+ST\
         &lat=37.760000&long=-122.460000&attribute%5BWHISHETN%5D=123&attribute%5Bcolours%5D%5B%5D=red\
         &attribute%5Bcolours%5D%5B%5D=blue+green&attribute%5Blanes%5D%5B%5D=walk\
         &attribute%5Bsince%5D=2026-11-27T21%3A30%3A00%2B08%3A00&description=Lights+out+%26+dark\
         &first_name=%E9%98%BF%E5%A7%A8&last_name=%E7%8E%8B&phone=13800138000"
    );
    assert!(!body.contains("private"), "GeoReport has no privacy flag");
}

#[test]
fn an_earlier_send_is_found_only_by_everything_it_said() {
    let new = pothole_report();
    let address = new.place.most_specific_first();
    let at = |m: u32| Utc.with_ymd_and_hms(2026, 11, 28, 9, m, 0).unwrap();
    let wire = |id: &str, description: &str, address: Option<&str>, lat: f64| {
        json!({"service_request_id": id, "status": "open", "service_code": "001", "description": description,
               "address": address, "lat": lat, "long": -122.46, "requested_datetime": at(5).to_rfc3339()})
    };
    let listed = decode_requests(&j(json!([
        wire("9", "Lights out & dark", Some(&address), 37.76),
        wire("7", "Something else", Some(&address), 37.76),
        wire("6", "Lights out & dark", Some(&address), 37.80),
        // A neighbour in another unit of the same building, the same words.
        wire("5", "Lights out & dark", Some("3单元, 9号楼, 8TH AVE and JUDAH ST"), 37.76),
        // A server that gives back no address: too little to be sure it is this one.
        wire("4", "Lights out & dark", None, 37.76),
    ])))
    .unwrap();
    let found: Vec<String> = same_as_sent(listed, &new).into_iter().map(|(_, r)| r.id.0).collect();
    assert_eq!(found, ["9"]);
    // Searched over the moments the tries may have reached the office.
    let w = [(at(1), at(2)), (at(7), at(8))];
    assert_eq!(search_dates(&w), Some((at(1), at(8))));
    assert_eq!(search_dates(&[]), None);
}

#[test]
fn urls_carry_the_jurisdiction() {
    let b = Open311Backend::new("https://city.gov/open311/v2/", "k", Some("city.gov".into()), Http::default());
    assert_eq!(b.url("services.json", &[]), "https://city.gov/open311/v2/services.json?jurisdiction_id=city.gov");
    assert_eq!(
        b.url("requests.json", &[("service_request_id", "1,2")]),
        "https://city.gov/open311/v2/requests.json?service_request_id=1%2C2&jurisdiction_id=city.gov"
    );
    // A POST carries the jurisdiction in its body, not twice.
    assert_eq!(b.post_url(), "https://city.gov/open311/v2/requests.json");
    let b = Open311Backend::new("http://localhost:9000", "k", None, Http::default());
    assert_eq!(b.url("services.json", &[]), "http://localhost:9000/services.json");
}

#[test]
fn photos_go_as_media_url_and_on_the_last_line_and_read_back() {
    use crate::model::Attached;
    let mut new = pothole_report();
    let urls = ["https://media.example/1.jpg", "https://media.example/2.jpg", "https://media.example/3.jpg"];
    new.photos = urls.iter().enumerate().map(|(i, u)| Attached { local: i.to_string(), url: Some((*u).into()) }).collect();
    let body = encode_new_request(&new, "k", None);
    assert!(body.contains("media_url=https%3A%2F%2Fmedia.example%2F1.jpg"), "{body}");
    assert_eq!(sent_description(&new), format!("Lights out & dark\n\n📷 {}", urls.join(" ")));
    let answer = j(json!([{
        "service_request_id": "9", "status": "open", "requested_datetime": "2026-11-28T09:00:00Z",
        "description": sent_description(&new), "media_url": urls[0]
    }]));
    let r = decode_request(&answer).unwrap();
    assert_eq!(r.description, "Lights out & dark");
    assert_eq!(r.photos.iter().map(|p| p.url.as_str()).collect::<Vec<_>>(), urls);
    // One photo: media_url only, the description untouched; a hostile line is filtered.
    new.photos.truncate(1);
    assert_eq!(sent_description(&new), "Lights out & dark");
    let hostile = j(json!([{ "service_request_id": "9", "status": "open", "requested_datetime": "2026-11-28T09:00:00Z",
        "description": "x\n\n📷 javascript:alert(1) phone:abc https://ok.example/a.jpg", "media_url": "data:x" }]));
    let r = decode_request(&hostile).unwrap();
    assert_eq!(r.photos.iter().map(|p| p.url.as_str()).collect::<Vec<_>>(), ["https://ok.example/a.jpg"]);
    // Without an upload endpoint this office takes no photos.
    let b = Open311Backend::new("https://x.example", "k", None, Default::default());
    assert_eq!(b.photo_desk(), PhotoDesk::Closed);
    assert!(matches!(b.with_media_upload(Some("https://m.example/up".into())).photo_desk(), PhotoDesk::Upload { field: "media", .. }));
}

#[test]
fn the_workers_watch_asks_for_every_followed_request_in_one_call_and_names_only_what_says_something() {
    let b = Open311Backend::new("https://city.gov/open311/v2", "k", None, Http::default());
    let w = b.watch_call(&[(RequestId("101".into()), None), (RequestId("102".into()), None)]);
    assert_eq!(w.call.url, "https://city.gov/open311/v2/requests.json?service_request_id=101%2C102");
    assert_eq!((w.call.method.as_str(), w.call.body), ("GET", None));
    assert_eq!((w.id_field, w.status_field), ("service_request_id", "status"));
    // Each named status reads as the page reads it; "open" (received or dispatched) is not named.
    for (word, s) in &w.statuses {
        assert_eq!(status_of(word, false), *s);
        assert_eq!(status_of(word, true), *s);
    }
    assert!(!w.statuses.iter().any(|(word, _)| *word == "open"));
    // Every word `status_of` reads alone is named (FixMyStreet's extended statuses too).
    for word in ["in_progress", "investigating", "action_scheduled", "closed", "fixed", "duplicate", "not_councils_responsibility", "unable_to_fix", "internal_referral", "no_further_action", "not_responsible", "resolved", "reopened", "reopen"] {
        assert!(w.statuses.iter().any(|(named, _)| *named == word), "{word} is named");
    }
    // "open" held by an agency is dispatched, as the page reads it.
    assert_eq!(w.held, Some(("open", "agency_responsible", Status::Dispatched)));
    assert_eq!(status_of("open", true), Status::Dispatched);
}
