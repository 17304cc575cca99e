//! Words for the model's values: statuses, steps, problems, storage failures, times.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike};

use super::{Key, Lang, Msg};
use crate::model::follow::{Change, Due};
use crate::model::{Problem, Satisfaction, SlaState, Status, Step, StorageError};

pub fn status(s: Status) -> Key {
    match s {
        Status::Received => Key::StatusReceived,
        Status::Dispatched => Key::StatusDispatched,
        Status::InProgress => Key::StatusInProgress,
        Status::Resolved => Key::StatusResolved,
        Status::Closed => Key::StatusClosed,
        Status::Reopened => Key::StatusReopened,
    }
}

/// What changed in a request since the resident last looked, as one line of words.
pub fn change(lang: Lang, c: &Change) -> String {
    let mut parts: Vec<&str> = Vec::new();
    match c.status {
        Some(s) => parts.push(status(s).text(lang)),
        None if c.new_steps > 0 => parts.push(Key::ChangedNewStep.text(lang)),
        None => {}
    }
    if c.note {
        parts.push(Key::ChangedNote.text(lang));
    }
    if c.photo {
        parts.push(Key::ChangedPhoto.text(lang));
    }
    match c.due {
        Some(Due::Soon) => parts.push(Key::ChangedDueSoon.text(lang)),
        Some(Due::Overdue) => parts.push(Key::ChangedOverdue.text(lang)),
        None => {}
    }
    parts.join(Key::ChangeSeparator.text(lang))
}

pub fn satisfaction(s: Satisfaction) -> Key {
    match s {
        Satisfaction::Satisfied => Key::Satisfied,
        Satisfaction::BasicallySatisfied => Key::BasicallySatisfied,
        Satisfaction::Dissatisfied => Key::Dissatisfied,
    }
}

pub fn solved(solved: bool) -> Key {
    if solved {
        Key::Solved
    } else {
        Key::NotSolved
    }
}

/// The heading of a timeline step.
pub fn step(lang: Lang, s: Step) -> String {
    let key = match s {
        Step::Received => Key::StepReceived,
        Step::Dispatched => Key::StepDispatched,
        Step::InProgress => Key::StepInProgress,
        Step::Resolved => Key::StepResolved,
        Step::Reopened => Key::StepReopened,
        Step::Rated { solved: yes, satisfaction: sat } => {
            return Msg::StepRated { solved: solved(yes).text(lang), satisfaction: satisfaction(sat).text(lang) }
                .text(lang);
        }
    };
    key.text(lang).to_string()
}

/// The message shown next to a field with this problem.
pub fn problem(lang: Lang, p: Problem) -> String {
    let key = match p {
        Problem::Unchosen => Key::ProblemChoose,
        Problem::Required => Key::ProblemRequired,
        Problem::TooShort { min } => return Msg::ProblemTooShort { min: &min.to_string() }.text(lang),
        Problem::TooLong { max } => return Msg::ProblemTooLong { max: &max.to_string() }.text(lang),
        Problem::Phone => Key::ProblemPhone,
        Problem::TrackingNumber => Key::ProblemTrackingNumber,
        Problem::PhoneDigits => Key::ProblemPhoneDigits,
        Problem::NotANumber => Key::ProblemNumber,
        Problem::NotADatetime => Key::ProblemDatetime,
        Problem::NotAChoice => Key::ProblemChoice,
        Problem::NotLoaded => Key::QuestionsNotLoaded,
        Problem::NoConsent => Key::ProblemConsent,
    };
    key.text(lang).to_string()
}

/// Why the phone would not keep something.
pub fn storage_error(e: StorageError) -> Key {
    match e {
        StorageError::Unavailable => Key::ErrStorageUnavailable,
        StorageError::Full => Key::ErrStorageFull,
        StorageError::Unreadable => Key::ErrStorageUnreadable,
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A time as a resident reads it, in the time zone it is given in.
pub fn time<Tz: TimeZone>(lang: Lang, at: &DateTime<Tz>) -> String {
    let (y, m, d, h, min) = (at.year(), at.month(), at.day(), at.hour(), at.minute());
    match lang {
        Lang::ZhHans | Lang::ZhHant => format!("{y}年{m}月{d}日 {h:02}:{min:02}"),
        Lang::En => format!("{d} {} {y}, {h:02}:{min:02}", MONTHS[(m as usize + 11) % 12]),
    }
}

/// A length of time, rounded to its largest unit.
pub fn duration(lang: Lang, d: Duration) -> String {
    let mins = d.num_minutes().max(1);
    let n = |v: i64| v.to_string();
    if mins < 60 {
        Msg::Minutes { n: &n(mins) }.text(lang)
    } else if mins < 48 * 60 {
        Msg::Hours { n: &n(mins / 60) }.text(lang)
    } else {
        Msg::Days { n: &n(mins / (24 * 60)) }.text(lang)
    }
}

/// The SLA clock's sentence; `local` puts a UTC time into the resident's time zone.
pub fn sla<Tz: TimeZone>(lang: Lang, state: SlaState, local: impl Fn(DateTime<chrono::Utc>) -> DateTime<Tz>) -> String {
    match state {
        SlaState::DueBy(due) => Msg::SlaDueBy { time: &time(lang, &local(due)) }.text(lang),
        SlaState::Overdue { due, by } => {
            Msg::SlaOverdue { dur: &duration(lang, by), time: &time(lang, &local(due)) }.text(lang)
        }
        SlaState::AnsweredInTime => Key::SlaInTime.text(lang).to_string(),
        SlaState::AnsweredLate => Key::SlaLate.text(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};
    use proptest::prelude::*;

    #[test]
    fn durations_round_to_their_largest_unit() {
        assert_eq!(duration(Lang::En, Duration::seconds(20)), "1 min");
        assert_eq!(duration(Lang::En, Duration::minutes(59)), "59 min");
        assert_eq!(duration(Lang::ZhHans, Duration::minutes(90)), "1 小时");
        assert_eq!(duration(Lang::En, Duration::hours(47)), "47 h");
        assert_eq!(duration(Lang::En, Duration::days(3)), "3 days");
    }

    #[test]
    fn times_read_naturally() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 9, 5, 0).unwrap();
        assert_eq!(time(Lang::ZhHans, &at), "2026年11月28日 09:05");
        assert_eq!(time(Lang::En, &at), "28 Nov 2026, 09:05");
        let at = Utc.with_ymd_and_hms(2027, 1, 2, 23, 59, 0).unwrap();
        assert_eq!(time(Lang::En, &at), "2 Jan 2027, 23:59");
    }

    #[test]
    fn sla_sentences() {
        let due = Utc.with_ymd_and_hms(2026, 11, 28, 11, 0, 0).unwrap();
        let s = sla(Lang::En, SlaState::Overdue { due, by: Duration::hours(3) }, |t| t);
        assert_eq!(s, "Overdue by 3 h (was due by 28 Nov 2026, 11:00)");
        assert_eq!(sla(Lang::ZhHans, SlaState::DueBy(due), |t| t), "应在 2026年11月28日 11:00 前答复");
    }

    #[test]
    fn choices_say_choose_and_texts_say_fill_in() {
        assert_eq!(problem(Lang::En, Problem::Unchosen), "Please choose one");
        assert_eq!(problem(Lang::En, Problem::Required), "Please fill this in");
        assert_eq!(problem(Lang::ZhHans, Problem::TooShort { min: 10 }), "至少写 10 个字");
    }

    proptest! {
        #[test]
        fn any_time_a_backend_sends_can_be_shown(secs in any::<i64>(), offset in -86_399i32..86_399) {
            let at = DateTime::<Utc>::from_timestamp(secs % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
            let zone = FixedOffset::east_opt(offset).unwrap();
            for lang in Lang::ALL {
                let _ = time(lang, &at.with_timezone(&zone));
                let _ = sla(lang, SlaState::Overdue { due: at, by: Utc::now().signed_duration_since(at) }, |t| t.with_timezone(&zone));
            }
        }
    }
}
