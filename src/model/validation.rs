//! The rules every field must meet, with a problem named per field so the view can
//! show its message right next to it.

use chrono::TimeZone;

use super::draft::Draft;
use super::field::Field;
use super::place::Place;
use super::question::{parse_datetime_local, Answer, AnswerKind, Answers, Question, ValidAnswers};
use super::rating::{Rating, Satisfaction};
use super::request::{Contact, NewRequest, RequestId};

/// What is wrong with a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing typed where something must be.
    Required,
    /// Nothing chosen where a choice must be made.
    Unchosen,
    TooShort { min: usize },
    TooLong { max: usize },
    /// Not a mainland mobile number (11 digits starting with 1).
    Phone,
    /// Not a tracking number's characters.
    TrackingNumber,
    /// Not the last four digits of a phone number.
    PhoneDigits,
    NotANumber,
    NotADatetime,
    /// A value that is not one of the question's choices.
    NotAChoice,
    /// The category's extra questions could not be loaded, so the request cannot be checked yet.
    NotLoaded,
    /// Filed for a neighbour without confirming they agreed.
    NoConsent,
}

/// Problems found, in the order of the form's fields.
pub type FieldErrors = Vec<(Field, Problem)>;

pub const DESCRIPTION_MIN: usize = 10;
pub const DESCRIPTION_MAX: usize = 1000;
pub const ADDRESS_MAX: usize = 200;
pub const PLACE_PART_MAX: usize = 40;
pub const NAME_MAX: usize = 40;
pub const COMMENT_MAX: usize = 500;
pub const REASON_MIN: usize = 5;
pub const REASON_MAX: usize = 500;

/// Characters as a resident counts them (a Chinese character is one).
pub fn char_count(s: &str) -> usize {
    s.trim().chars().count()
}

fn text_rule(value: &str, required: bool, min: usize, max: usize) -> Option<Problem> {
    let n = char_count(value);
    if n == 0 {
        return required.then_some(Problem::Required);
    }
    if n < min {
        Some(Problem::TooShort { min })
    } else if n > max {
        Some(Problem::TooLong { max })
    } else {
        None
    }
}

/// A mainland mobile number with spaces and dashes removed, if it is one.
pub fn normalise_phone(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits).to_string();
    (digits.len() == 11 && digits.starts_with('1') && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Checks one field of a draft; `None` when it is fine.
pub fn check_draft_field(draft: &Draft, field: Field) -> Option<Problem> {
    match field {
        Field::Category => draft.category_code.trim().is_empty().then_some(Problem::Unchosen),
        Field::Description => text_rule(&draft.description, true, DESCRIPTION_MIN, DESCRIPTION_MAX),
        Field::Address => text_rule(&draft.address, true, 1, ADDRESS_MAX),
        Field::Community => text_rule(&draft.community, false, 1, PLACE_PART_MAX),
        Field::Building => text_rule(&draft.building, false, 1, PLACE_PART_MAX),
        Field::Unit => text_rule(&draft.unit, false, 1, PLACE_PART_MAX),
        Field::Name => text_rule(&draft.name, true, 1, NAME_MAX),
        // For a neighbour without a phone, the volunteer is the contact.
        Field::Phone if draft.filed_by.is_some() && draft.phone.trim().is_empty() => None,
        Field::Consent => (draft.filed_by.is_some() && !draft.consent).then_some(Problem::NoConsent),
        Field::Phone => {
            if draft.phone.trim().is_empty() {
                Some(Problem::Required)
            } else {
                normalise_phone(&draft.phone).is_none().then_some(Problem::Phone)
            }
        }
        _ => None,
    }
}

/// The answer to one extra question, checked and typed (`None` when an optional one is left
/// empty). A datetime takes the UTC offset `tz` has at that local time.
pub fn check_answer<Tz: TimeZone>(question: &Question, answers: &Answers, tz: &Tz) -> Result<Option<Answer>, Problem> {
    let values: Vec<String> = answers
        .get(&question.code)
        .map(|v| v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default();
    let Some(one) = values.first().cloned() else {
        let list = matches!(question.kind, AnswerKind::SingleValueList | AnswerKind::MultiValueList);
        return match question.required {
            true if list => Err(Problem::Unchosen),
            true => Err(Problem::Required),
            false => Ok(None),
        };
    };
    let known = |v: &String| question.choices.iter().any(|c| c.key == *v);
    let answer = match question.kind {
        AnswerKind::String | AnswerKind::Text => match text_rule(&one, question.required, 1, DESCRIPTION_MAX) {
            Some(p) => return Err(p),
            None => Answer::Text(one),
        },
        AnswerKind::Number => match crate::model::number::decimal(&one) {
            Some(_) => Answer::Number(one),
            None => return Err(Problem::NotANumber),
        },
        AnswerKind::Datetime => {
            let at = parse_datetime_local(&one).and_then(|naive| tz.from_local_datetime(&naive).earliest());
            Answer::Datetime(at.ok_or(Problem::NotADatetime)?.fixed_offset())
        }
        AnswerKind::SingleValueList if values.len() == 1 && known(&one) => Answer::Choice(one),
        AnswerKind::MultiValueList if values.iter().all(known) => Answer::Choices(values),
        AnswerKind::SingleValueList | AnswerKind::MultiValueList => return Err(Problem::NotAChoice),
    };
    Ok(Some(answer))
}

/// The new-request form's own fields (the extra questions come after the category).
pub const DRAFT_FIELDS: [Field; 9] = [
    Field::Description,
    Field::Category,
    Field::Address,
    Field::Community,
    Field::Building,
    Field::Unit,
    Field::Name,
    Field::Phone,
    Field::Consent,
];

/// Who a request filed for a neighbour is for: asked first on the volunteer's form.
pub const NEIGHBOUR_FIELDS: [Field; 3] = [Field::Name, Field::Phone, Field::Consent];

/// Turns a draft into a request ready to send, or names every problem in the form's order.
/// `questions` are the chosen category's extra questions, or `None` when it has some that have
/// not loaded (the request must not go without them); answers to any other question are left out.
pub fn validate_draft<Tz: TimeZone>(
    draft: &Draft,
    questions: Option<&[Question]>,
    tz: &Tz,
) -> Result<NewRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut check = |f: Field| {
        if let Some(p) = check_draft_field(draft, f) {
            errors.push((f, p));
        }
    };
    // In the form's order: (for a neighbour: who it is for,) what is wrong, which kind, the
    // kind's questions, then the rest.
    let for_neighbour = draft.filed_by.is_some();
    if for_neighbour {
        NEIGHBOUR_FIELDS.into_iter().for_each(&mut check);
    }
    check(Field::Description);
    check(Field::Category);
    let mut answers = ValidAnswers::new();
    match questions {
        None => errors.push((Field::Questions, Problem::NotLoaded)),
        Some(questions) => {
            for (i, q) in questions.iter().enumerate() {
                match check_answer(q, &draft.answers, tz) {
                    Ok(Some(a)) => answers.push((q.code.clone(), a)),
                    Ok(None) => {}
                    Err(p) => errors.push((Field::Question(u16::try_from(i).unwrap_or(u16::MAX)), p)),
                }
            }
        }
    }
    for f in &DRAFT_FIELDS[2..] {
        if for_neighbour && NEIGHBOUR_FIELDS.contains(f) {
            continue;
        }
        if let Some(p) = check_draft_field(draft, *f) {
            errors.push((*f, p));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewRequest {
        idempotency_key: draft.idempotency_key.clone(),
        category_code: draft.category_code.trim().to_string(),
        description: draft.description.trim().to_string(),
        place: Place {
            address: draft.address.trim().to_string(),
            community: optional(&draft.community),
            building: optional(&draft.building),
            unit: optional(&draft.unit),
            point: draft.point,
        },
        contact: Contact {
            name: draft.name.trim().to_string(),
            phone: normalise_phone(&draft.phone)
                .or_else(|| draft.filed_by.as_ref().map(|f| f.phone.clone()))
                .unwrap_or_default(),
        },
        filed_by: draft.filed_by.clone(),
        private: draft.private,
        answers,
        photos: draft
            .photos
            .iter()
            .take(super::photo::MAX_PHOTOS)
            .map(|local| super::photo::Attached { local: local.clone(), url: None })
            .collect(),
    })
}

/// Checks a rating as answered on the form.
pub fn validate_rating(
    solved: Option<bool>,
    satisfaction: Option<Satisfaction>,
    comment: &str,
) -> Result<Rating, FieldErrors> {
    let mut errors = FieldErrors::new();
    if solved.is_none() {
        errors.push((Field::Solved, Problem::Unchosen));
    }
    if satisfaction.is_none() {
        errors.push((Field::Satisfaction, Problem::Unchosen));
    }
    if let Some(p) = text_rule(comment, false, 1, COMMENT_MAX) {
        errors.push((Field::Comment, p));
    }
    match (solved, satisfaction) {
        (Some(solved), Some(satisfaction)) if errors.is_empty() => {
            Ok(Rating { solved, satisfaction, comment: optional(comment) })
        }
        _ => Err(errors),
    }
}

/// Checks a tracking number as a resident typed it.
pub fn validate_tracking_number(input: &str) -> Result<RequestId, Problem> {
    if input.trim().is_empty() {
        return Err(Problem::Required);
    }
    RequestId::parse(input).ok_or(Problem::TrackingNumber)
}

/// Checks the last four digits of the contact's phone, typed to see a request whole: none (the
/// request's public view), or exactly four digits (full-width ones as typed on a Chinese keyboard).
pub fn validate_phone_digits(input: &str) -> Result<Option<String>, Problem> {
    let half = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    };
    let digits: String = input.trim().chars().map(half).collect();
    match digits.len() {
        0 => Ok(None),
        4 if digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(digits)),
        _ => Err(Problem::PhoneDigits),
    }
}

/// Checks the reason a resident gives for sending a request back.
pub fn validate_reopen_reason(reason: &str) -> Result<String, Problem> {
    match text_rule(reason, true, REASON_MIN, REASON_MAX) {
        Some(p) => Err(p),
        None => Ok(reason.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::request::{FiledBy, IdempotencyKey};
    use chrono::FixedOffset;

    #[test]
    fn phone_digits_are_four_or_none() {
        assert_eq!(validate_phone_digits(""), Ok(None));
        assert_eq!(validate_phone_digits("  "), Ok(None));
        assert_eq!(validate_phone_digits(" 8000 "), Ok(Some("8000".into())));
        assert_eq!(validate_phone_digits("８０００"), Ok(Some("8000".into())), "full-width digits");
        for wrong in ["800", "80000", "80a0", "13800138000", "٨٠٠٠"] {
            assert_eq!(validate_phone_digits(wrong), Err(Problem::PhoneDigits), "{wrong}");
        }
    }

    fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn validate(d: &Draft, qs: &[Question]) -> Result<NewRequest, FieldErrors> {
        validate_draft(d, Some(qs), &beijing())
    }

    fn good_draft() -> Draft {
        let mut d = Draft::new(IdempotencyKey::from_random_bytes([7; 16]));
        d.category_code = "lighting".into();
        d.description = "9号楼2单元楼道灯不亮已经三天了".into();
        d.address = "太华路社区 中铁二十局小区".into();
        d.building = " 9号楼 ".into();
        d.name = "王阿姨".into();
        d.phone = "138 0013 8000".into();
        d
    }

    fn problems(d: &Draft) -> FieldErrors {
        validate(d, &[]).unwrap_err()
    }

    #[test]
    fn for_a_neighbour_consent_is_asked_first_and_a_missing_phone_is_the_volunteer_s() {
        let mut d = good_draft();
        d.filed_by = Some(FiledBy::new("王芳", "13900001111", "", "本人已同意".into(), "【代办】".into()));
        d.phone.clear();
        d.description.clear();
        assert_eq!(problems(&d), vec![(Field::Consent, Problem::NoConsent), (Field::Description, Problem::Required)]);
        d.description = "楼道灯不亮已经三天了".into();
        d.consent = true;
        let r = validate(&d, &[]).unwrap();
        assert_eq!((r.contact.name.as_str(), r.contact.phone.as_str()), ("王阿姨", "13900001111"));
        assert_eq!(r.filed_by.unwrap().consent, "本人已同意");
        // A neighbour's own number, when given, is the one called.
        d.phone = "13800138000".into();
        assert_eq!(validate(&d, &[]).unwrap().contact.phone, "13800138000");
        // Not for a neighbour: no consent asked, the phone required.
        let mut own = good_draft();
        own.phone.clear();
        assert_eq!(problems(&own), vec![(Field::Phone, Problem::Required)]);
    }

    #[test]
    fn a_complete_draft_becomes_a_request() {
        let r = validate(&good_draft(), &[]).unwrap();
        assert_eq!(r.contact.phone, "13800138000");
        assert_eq!(r.place.building.as_deref(), Some("9号楼"));
        assert_eq!(r.place.community, None);
        assert_eq!(r.idempotency_key, good_draft().idempotency_key);
    }

    #[test]
    fn an_empty_draft_names_every_required_field() {
        let d = Draft::new(IdempotencyKey::from_random_bytes([0; 16]));
        assert_eq!(
            problems(&d),
            vec![
                (Field::Description, Problem::Required),
                (Field::Category, Problem::Unchosen),
                (Field::Address, Problem::Required),
                (Field::Name, Problem::Required),
                (Field::Phone, Problem::Required)
            ]
        );
    }

    #[test]
    fn description_counts_characters_not_bytes() {
        let mut d = good_draft();
        d.description = "楼道灯不亮了好几天".into(); // 9 characters, 27 bytes
        assert_eq!(problems(&d), vec![(Field::Description, Problem::TooShort { min: 10 })]);
        d.description = "楼道灯不亮了好几天了".into(); // 10
        assert!(validate(&d, &[]).is_ok());
        d.description = "漏".repeat(1001);
        assert_eq!(problems(&d), vec![(Field::Description, Problem::TooLong { max: 1000 })]);
        d.description = format!("  {}  ", "漏".repeat(1000));
        assert!(validate(&d, &[]).is_ok());
    }

    #[test]
    fn phone_must_be_a_mainland_mobile() {
        for ok in ["13800138000", "138-0013-8000", "+86 138 0013 8000", "19912345678"] {
            assert_eq!(normalise_phone(ok).as_deref().map(str::len), Some(11), "{ok}");
        }
        for bad in ["1380013800", "138001380001", "23800138000", "1380013800a", "010-12345678", "１３８００１３８０００"] {
            assert_eq!(normalise_phone(bad), None, "{bad}");
        }
        let mut d = good_draft();
        d.phone = "12345".into();
        assert_eq!(problems(&d), vec![(Field::Phone, Problem::Phone)]);
    }

    #[test]
    fn optional_place_parts_have_a_limit() {
        let mut d = good_draft();
        d.unit = "单".repeat(41);
        assert_eq!(problems(&d), vec![(Field::Unit, Problem::TooLong { max: 40 })]);
    }

    fn questions() -> Vec<Question> {
        use crate::model::question::Choice;
        let q = |code: &str, kind, required, choices: &[&str]| Question {
            code: code.into(),
            prompt: code.into(),
            hint: None,
            kind,
            required,
            choices: choices.iter().map(|k| Choice { key: k.to_string(), name: k.to_string() }).collect(),
        };
        vec![
            q("floor", AnswerKind::Number, true, &[]),
            q("since", AnswerKind::Datetime, false, &[]),
            q("kind", AnswerKind::SingleValueList, true, &["pothole", "crack"]),
            q("extra", AnswerKind::MultiValueList, false, &["a", "b"]),
        ]
    }

    #[test]
    fn extra_questions_are_checked_in_form_order() {
        let qs = questions();
        let mut d = good_draft();
        d.description = "短".into();
        assert_eq!(
            validate(&d, &qs).unwrap_err(),
            vec![
                (Field::Description, Problem::TooShort { min: 10 }),
                (Field::Question(0), Problem::Required),
                (Field::Question(2), Problem::Unchosen),
            ]
        );
        let mut d = good_draft();
        d.answers.insert("floor".into(), vec!["三".into()]);
        d.answers.insert("since".into(), vec!["yesterday".into()]);
        d.answers.insert("kind".into(), vec!["pothole".into(), "crack".into()]);
        d.answers.insert("extra".into(), vec!["z".into()]);
        assert_eq!(
            validate(&d, &qs).unwrap_err(),
            vec![
                (Field::Question(0), Problem::NotANumber),
                (Field::Question(1), Problem::NotADatetime),
                (Field::Question(2), Problem::NotAChoice),
                (Field::Question(3), Problem::NotAChoice),
            ]
        );
        let mut d = good_draft();
        d.answers.insert("floor".into(), vec![" 3 ".into()]);
        d.answers.insert("since".into(), vec!["2026-11-27T21:30".into()]);
        d.answers.insert("kind".into(), vec!["crack".into()]);
        d.answers.insert("extra".into(), vec!["a".into(), "b".into()]);
        d.answers.insert("stale".into(), vec!["from another category".into()]);
        let r = validate(&d, &qs).unwrap();
        let get = |r: &NewRequest, code: &str| r.answers.iter().find(|(c, _)| c == code).map(|(_, a)| a.clone());
        assert_eq!(get(&r, "floor"), Some(Answer::Number("3".into())));
        assert_eq!(get(&r, "kind"), Some(Answer::Choice("crack".into())));
        assert_eq!(get(&r, "extra"), Some(Answer::Choices(vec!["a".into(), "b".into()])));
        assert_eq!(get(&r, "stale"), None);
        // A datetime goes out with the phone's UTC offset.
        assert_eq!(get(&r, "since").unwrap().values(), vec!["2026-11-27T21:30:00+08:00".to_string()]);
        // One value of a multi-value list is still a list.
        d.answers.insert("extra".into(), vec!["b".into()]);
        assert_eq!(get(&validate(&d, &qs).unwrap(), "extra"), Some(Answer::Choices(vec!["b".into()])));
    }

    #[test]
    fn a_category_whose_questions_did_not_load_cannot_be_sent() {
        let errors = validate_draft(&good_draft(), None, &beijing()).unwrap_err();
        assert_eq!(errors, vec![(Field::Questions, Problem::NotLoaded)]);
        // A required question that never loaded is never skipped: the same draft with the
        // questions loaded names it.
        let errors = validate(&good_draft(), &questions()).unwrap_err();
        assert_eq!(errors, vec![(Field::Question(0), Problem::Required), (Field::Question(2), Problem::Unchosen)]);
    }

    #[test]
    fn rating_needs_both_answers() {
        assert_eq!(
            validate_rating(None, None, "").unwrap_err(),
            vec![(Field::Solved, Problem::Unchosen), (Field::Satisfaction, Problem::Unchosen)]
        );
        let r = validate_rating(Some(false), Some(Satisfaction::Dissatisfied), " 还是漏 ").unwrap();
        assert_eq!(r.comment.as_deref(), Some("还是漏"));
        assert!(r.allows_reopen());
        assert_eq!(
            validate_rating(Some(true), Some(Satisfaction::Satisfied), &"好".repeat(501)).unwrap_err(),
            vec![(Field::Comment, Problem::TooLong { max: 500 })]
        );
    }

    #[test]
    fn tracking_numbers_are_required_and_plain() {
        assert_eq!(validate_tracking_number("  "), Err(Problem::Required));
        assert_eq!(validate_tracking_number("<script>"), Err(Problem::TrackingNumber));
        assert_eq!(validate_tracking_number(" DS-1 ").map(|id| id.0), Ok("DS-1".to_string()));
    }

    #[test]
    fn reopen_needs_a_reason() {
        assert_eq!(validate_reopen_reason("  "), Err(Problem::Required));
        assert_eq!(validate_reopen_reason("还漏"), Err(Problem::TooShort { min: 5 }));
        assert_eq!(validate_reopen_reason(" 屋顶还在漏水 ").as_deref(), Ok("屋顶还在漏水"));
    }
}
