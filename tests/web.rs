//! Components in a real browser (headless Chromium through wasm-bindgen-test): mounted, clicked,
//! and checked in the DOM, in both languages.
#![cfg(target_arch = "wasm32")]

use chrono::{Duration, Utc};
use doorstep::backend::{BackendError, Capability};
use doorstep::components::{
    backend_error_words, CategoryPicker, ErrorNotice, Route, SlaClock, StatusBadge, TextField, Timeline,
};
use doorstep::i18n::{I18n, Key, Lang};
use doorstep::model::{
    Category, NoteKind, Phrase, Place, Request, RequestId, StandardCategory, Status, Step, StorageError, Text,
    TimelineStep,
};
use doorstep::store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `f` in a fresh element with the language context, returning the element and the language signal.
fn mount<V: IntoView + 'static>(lang: Lang, f: impl FnOnce() -> V + 'static) -> (web_sys::HtmlElement, RwSignal<Lang>) {
    let host = document().create_element("div").unwrap().unchecked_into::<web_sys::HtmlElement>();
    document().body().unwrap().append_child(&host).unwrap();
    let signal = RwSignal::new(lang);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(I18n { lang: signal, elder: RwSignal::new(false) });
        f()
    });
    std::mem::forget(handle);
    (host, signal)
}

async fn tick() {
    leptos::task::tick().await;
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector).unwrap().map(|e| e.text_content().unwrap_or_default()).unwrap_or_default()
}

fn request(status: Status, timeline: Vec<TimelineStep>, expected_at: Option<chrono::DateTime<Utc>>) -> Request {
    let now = Utc::now();
    Request {
        id: RequestId("DS-20261128-0001".into()),
        status,
        status_notes: None,
        category_code: "heating".into(),
        category_name: Text::Builtin(Phrase::CategoryName(StandardCategory::Heating)),
        description: "暖气不热".into(),
        place: Place { address: "太华路社区".into(), ..Place::default() },
        private: false,
        requested_at: now,
        updated_at: now,
        expected_at,
        agency_responsible: None,
        timeline,
        rating: None,
        notice: None,
        copies: Vec::new(),
        photos: Vec::new(),
        filed_by: None,
        read_key: None,
        public: false,
    }
}

#[wasm_bindgen_test]
async fn text_field_shows_its_message_next_to_it_and_links_it() {
    let error = RwSignal::new(None::<String>);
    let value = RwSignal::new(String::new());
    let (host, lang) = mount(Lang::ZhHans, move || {
        view! {
            <TextField
                id="t-phone"
                label=Key::FieldPhone
                hint=Key::PhoneHint
                value=value
                on_input=move |v| value.set(v)
                on_blur=move |_| {}
                error=error
            />
        }
    });
    tick().await;
    assert_eq!(text(&host, "label[for=t-phone]"), "手机号码");
    let input = host.query_selector("#t-phone").unwrap().unwrap();
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("t-phone-hint"));
    assert!(input.get_attribute("aria-invalid").is_none());

    error.set(Some("请填 11 位手机号码，以 1 开头".into()));
    tick().await;
    assert_eq!(text(&host, "#t-phone-msg"), "请填 11 位手机号码，以 1 开头");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("t-phone-hint t-phone-msg"));

    // Typing reaches the signal.
    let el = input.unchecked_into::<web_sys::HtmlInputElement>();
    el.set_value("13800138000");
    el.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    assert_eq!(value.get_untracked(), "13800138000");

    lang.set(Lang::En);
    tick().await;
    assert_eq!(text(&host, "label[for=t-phone]"), "Mobile number");
}

#[wasm_bindgen_test]
async fn status_badge_follows_the_language() {
    let (host, lang) = mount(Lang::ZhHans, || view! { <StatusBadge status=Status::Resolved /> });
    tick().await;
    assert_eq!(text(&host, ".badge"), "已办结，请评价");
    assert!(host.query_selector(".status-resolved").unwrap().is_some());
    lang.set(Lang::En);
    tick().await;
    assert_eq!(text(&host, ".badge"), "Resolved – please rate");
}

#[wasm_bindgen_test]
async fn timeline_lists_steps_in_order_with_translated_notes() {
    let at = Utc::now();
    let steps = vec![
        TimelineStep { step: Step::Received, at, note: Some(Text::Builtin(Phrase::OfficeNote(NoteKind::Received, StandardCategory::Heating))) },
        TimelineStep { step: Step::Dispatched, at, note: None },
        TimelineStep { step: Step::Reopened, at, note: Some(Text::plain("<b>还是不热</b>")) },
    ];
    let (host, lang) = mount(Lang::ZhHans, move || view! { <Timeline steps=steps /> });
    tick().await;
    let items = host.query_selector_all(".timeline-step").unwrap();
    assert_eq!(items.length(), 3);
    assert_eq!(text(&host, ".timeline-step:nth-child(1) .step-title"), "受理");
    assert_eq!(text(&host, ".timeline-step:nth-child(1) .step-note"), "已受理，工单已生成。");
    assert_eq!(text(&host, ".timeline-step:nth-child(3) .step-title"), "申请重办");
    // Backend text is text, never markup.
    assert_eq!(text(&host, ".timeline-step:nth-child(3) .step-note"), "<b>还是不热</b>");
    assert!(host.query_selector(".step-note b").unwrap().is_none());
    lang.set(Lang::En);
    tick().await;
    assert_eq!(text(&host, ".timeline-step:nth-child(1) .step-note"), "Accepted; a ticket has been opened.");
}

#[wasm_bindgen_test]
async fn sla_clock_says_due_or_overdue() {
    let due_soon = request(Status::InProgress, vec![], Some(Utc::now() + Duration::hours(5)));
    let (host, _) = mount(Lang::ZhHans, move || view! { <SlaClock request=due_soon /> });
    tick().await;
    assert!(text(&host, ".sla.due").starts_with("应在 "), "{}", text(&host, ".sla"));

    let late = request(Status::Dispatched, vec![], Some(Utc::now() - Duration::hours(3)));
    let (host, _) = mount(Lang::En, move || view! { <SlaClock request=late /> });
    tick().await;
    assert!(text(&host, ".sla.overdue").starts_with("Overdue by 3 h"), "{}", text(&host, ".sla"));

    let none = request(Status::Received, vec![], None);
    let (host, _) = mount(Lang::En, move || view! { <SlaClock request=none /> });
    tick().await;
    assert!(host.query_selector(".sla").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn category_picker_reports_the_choice() {
    let selected = RwSignal::new(String::new());
    let categories: Vec<Category> = StandardCategory::ALL.into_iter().map(Category::standard).collect();
    let (host, _) = mount(Lang::ZhHans, move || {
        view! {
            <CategoryPicker
                categories=categories
                selected=selected
                on_select=move |c| selected.set(c)
                error=Signal::derive(|| None::<String>)
            />
        }
    });
    tick().await;
    assert_eq!(host.query_selector_all("input[type=radio]").unwrap().length(), 11);
    assert_eq!(text(&host, "#cat-heating-name"), "供暖");
    assert_eq!(text(&host, "#cat-heating-hint"), "家里不热、停暖、暖气漏水");
    host.query_selector("#cat-heating").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    assert_eq!(selected.get_untracked(), "heating");
}

#[wasm_bindgen_test]
async fn error_notice_explains_and_retries() {
    let retried = RwSignal::new(0);
    let (host, _) = mount(Lang::ZhHans, move || {
        view! { <ErrorNotice error=BackendError::Server(503) retry=move |_| retried.update(|n| *n += 1) words_kept=true /> }
    });
    tick().await;
    assert!(text(&host, "[role=alert]").contains("服务器出错了（代码 503）"));
    assert!(text(&host, "[role=alert]").contains("您填写的内容还在"));
    host.query_selector("button").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    assert_eq!(retried.get_untracked(), 1);

    let (host, _) = mount(Lang::En, || view! { <ErrorNotice error=BackendError::Unsupported(Capability::Rate) /> });
    tick().await;
    assert!(text(&host, "[role=alert]").contains("cannot take ratings online"));
    assert!(host.query_selector("button").unwrap().is_none());
}

#[wasm_bindgen_test]
fn every_backend_error_has_its_own_message_in_every_language() {
    let errors = [
        BackendError::NotFound,
        BackendError::Unreachable,
        BackendError::Interrupted,
        BackendError::Timeout(15),
        BackendError::Rejected { status: 422, message: Some("bad".into()) },
        BackendError::Rejected { status: 403, message: None },
        BackendError::Server(503),
        BackendError::Busy { status: 429, retry_after: Some(3) },
        BackendError::Pending("12345".into()),
        BackendError::NotJson,
        BackendError::MalformedJson,
        BackendError::Shape("x".into()),
        BackendError::TooLarge(2_000_000),
        BackendError::Unsupported(Capability::Rate),
        BackendError::Unsupported(Capability::Reopen),
        BackendError::Unsupported(Capability::KeepPrivate),
        BackendError::NotNow,
        BackendError::Storage(StorageError::Unavailable),
        BackendError::Storage(StorageError::Full),
        BackendError::Storage(StorageError::Unreadable),
    ];
    for lang in Lang::ALL {
        let mut all: Vec<String> = errors.iter().map(|e| backend_error_words(lang, e)).collect();
        assert!(all.iter().all(|m| !m.is_empty()), "{lang:?}");
        assert!(all[3].contains("15") && all[6].contains("503"), "{lang:?}");
        all.sort();
        all.dedup();
        assert_eq!(all.len(), errors.len(), "{lang:?}: each failure has its own message");
    }
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Fills localStorage until it refuses, returning the keys used (so the test can clean up).
fn fill_storage() -> Vec<String> {
    let s = local_storage();
    let mut keys = Vec::new();
    // Ever smaller pieces, until not even one character fits.
    let mut size = 512 * 1024;
    while size > 0 {
        let key = format!("f{}", keys.len());
        if s.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    keys
}

#[wasm_bindgen_test]
fn a_corrupt_value_that_cannot_be_backed_up_is_never_deleted() {
    let s = local_storage();
    s.clear().unwrap();
    s.set_item("doorstep.mine", "{corrupt").unwrap();
    let fillers = fill_storage();
    // Unreadable, and there is no room to move it aside: it must stay where it is.
    assert!(store::my_requests::saved().is_empty());
    assert_eq!(s.get_item("doorstep.mine").unwrap().as_deref(), Some("{corrupt"));
    assert_eq!(s.get_item("doorstep.mine.unreadable").unwrap(), None);
    for k in &fillers {
        s.remove_item(k).unwrap();
    }
    // With room, it is moved aside (not deleted) and reported.
    assert_eq!(store::local::read::<Vec<Request>>("mine"), Err(StorageError::Unreadable));
    assert_eq!(s.get_item("doorstep.mine.unreadable").unwrap().as_deref(), Some("{corrupt"));
    assert_eq!(s.get_item("doorstep.mine").unwrap(), None);
    s.clear().unwrap();
}

#[wasm_bindgen_test]
fn a_full_phone_is_reported_as_full() {
    let s = local_storage();
    s.clear().unwrap();
    let fillers = fill_storage();
    let big = "z".repeat(4096);
    assert_eq!(store::local::write("probe", &big), Err(StorageError::Full));
    for k in &fillers {
        s.remove_item(k).unwrap();
    }
    assert_eq!(store::local::write("probe", &big), Ok(()));
    s.clear().unwrap();
}

#[wasm_bindgen_test]
fn what_the_first_release_stored_is_read_by_this_one() {
    let s = local_storage();
    s.clear().unwrap();
    s.set_item("doorstep.mine", include_str!("fixtures/stored-v0/mine.json").trim()).unwrap();
    s.set_item("doorstep.draft", include_str!("fixtures/stored-v0/draft.json").trim()).unwrap();
    s.set_item("doorstep.lang", include_str!("fixtures/stored-v0/lang.json").trim()).unwrap();
    let mine = store::my_requests::saved();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id.as_str(), "DS-20261129-0001");
    let (draft, refused) = store::drafts::load();
    assert_eq!(refused, None);
    assert!(draft.description.starts_with("另一个问题"));
    assert_eq!(store::settings::language().as_deref(), Some("en"));
    // Written back, it is in the versioned envelope and still reads.
    store::my_requests::remember(&mine[0]).unwrap();
    assert!(s.get_item("doorstep.mine").unwrap().unwrap().starts_with(r#"{"v":1,"value":["#));
    assert_eq!(store::my_requests::saved(), mine);
    s.clear().unwrap();
}

#[wasm_bindgen_test]
fn routes_round_trip_whatever_a_backend_calls_a_request() {
    for id in ["DS-20261128-0001", "638344", "R/638344/../x?y#z", "工单 7", "100%"] {
        let route = Route::Request(RequestId(id.into()));
        assert_eq!(Route::parse(&route.path()), route, "{id}");
        let route = Route::Submitted(RequestId(id.into()));
        assert_eq!(Route::parse(&route.path()), route, "{id}");
    }
    assert_eq!(Route::parse("/"), Route::NewRequest);
    assert_eq!(Route::parse("/requests/"), Route::MyRequests);
    assert_eq!(Route::parse("/lookup"), Route::Lookup);
    assert_eq!(Route::parse("/requests/a/b"), Route::NotFound);
    assert_eq!(Route::parse("/requests/%FF"), Route::NotFound);
    assert_eq!(Route::parse("/nowhere"), Route::NotFound);
}

#[wasm_bindgen_test]
async fn an_outbox_kept_by_an_earlier_shape_is_read() {
    use doorstep::store::{idb, outbox};
    let s = local_storage();
    s.clear().unwrap();
    // The send the review step kept beside its draft moves into the outbox, answers and all.
    s.set_item("doorstep.draft.outgoing", include_str!("fixtures/stored-v1/draft-outgoing.json").trim()).unwrap();
    let previous = outbox::previous_release().expect("read");
    outbox::put(&previous, None, false).await.unwrap();
    outbox::forget_previous_release();
    assert_eq!(s.get_item("doorstep.draft.outgoing").unwrap(), None);
    // An entry written before tokens, copies and delivery plans existed.
    idb::put(idb::OUTBOX, "8b2d4f60-1a3c-4e5f-9a7b-0c1d2e3f4a5b", include_str!("fixtures/stored-v1/outbox-entry.json").trim())
        .await
        .unwrap();
    let all = outbox::all().await.unwrap();
    let adopted = all.iter().find(|e| e.key().as_str() == "3f6a0c52-9b1e-4d7a-8c2f-5e6d7a8b9c01").expect("adopted");
    assert_eq!(adopted.tries.len(), 1);
    assert!(adopted.may_have_arrived(), "its earlier send may have reached the office");
    assert!(matches!(adopted.stage, doorstep::model::outbox::Stage::Ready), "its bytes were frozen");
    assert_eq!(adopted.request.answers.iter().count(), 1);
    assert_eq!(adopted.wire.as_ref().map(|w| w.body.as_str()), Some("api_key=test-key&service_code=POTHOLE&attribute%5BSIZE%5D=2"));
    let old = all.iter().find(|e| e.key().as_str() == "8b2d4f60-1a3c-4e5f-9a7b-0c1d2e3f4a5b").expect("read");
    assert_eq!((old.tries.len(), old.failures, old.last_error.clone()), (2, 2, Some(BackendError::Unreachable)));
    assert!(old.token.is_none());
    for e in &all {
        outbox::remove(e.key()).await.unwrap();
    }
    assert!(outbox::all().await.unwrap().is_empty());
}
