//! Words for the model's values: statuses, steps, problems, errors, times.

use chrono::{DateTime, Duration, TimeZone};

use super::{fill, Key, Lang};
use crate::backend::{BackendError, Capability};
use crate::model::{Problem, Satisfaction, SlaState, Status, Step};

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

pub fn satisfaction(s: Satisfaction) -> Key {
    match s {
        Satisfaction::Satisfied => Key::Satisfied,
        Satisfaction::BasicallySatisfied => Key::BasicallySatisfied,
        Satisfaction::Dissatisfied => Key::Dissatisfied,
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
        Step::Rated { solved, satisfaction: sat } => {
            let solved = if solved { Key::Solved } else { Key::NotSolved };
            return fill(
                Key::StepRated.text(lang),
                &[("solved", solved.text(lang)), ("satisfaction", satisfaction(sat).text(lang))],
            );
        }
    };
    key.text(lang).to_string()
}

/// The message shown next to a field with this problem.
pub fn problem(lang: Lang, p: Problem) -> String {
    match p {
        Problem::Unchosen => Key::ProblemChoose.text(lang).to_string(),
        Problem::Required => Key::ProblemRequired.text(lang).to_string(),
        Problem::TooShort { min } => fill(Key::ProblemTooShort.text(lang), &[("min", &min.to_string())]),
        Problem::TooLong { max } => fill(Key::ProblemTooLong.text(lang), &[("max", &max.to_string())]),
        Problem::Phone => Key::ProblemPhone.text(lang).to_string(),
        Problem::TrackingNumber => Key::ProblemTrackingNumber.text(lang).to_string(),
        Problem::NotANumber => Key::ProblemNumber.text(lang).to_string(),
        Problem::NotADatetime => Key::ProblemDatetime.text(lang).to_string(),
        Problem::NotAChoice => Key::ProblemChoice.text(lang).to_string(),
    }
}

/// What went wrong talking to the backend, and what the resident can do.
pub fn backend_error(lang: Lang, e: &BackendError) -> String {
    let k = |key: Key| key.text(lang).to_string();
    match e {
        BackendError::NotFound => k(Key::ErrNotFound),
        BackendError::Unreachable => k(Key::ErrUnreachable),
        BackendError::Interrupted => k(Key::ErrInterrupted),
        BackendError::Timeout(n) => fill(Key::ErrTimeout.text(lang), &[("n", &n.to_string())]),
        BackendError::Rejected { message: Some(m), .. } => fill(Key::ErrRejected.text(lang), &[("message", m)]),
        BackendError::Rejected { status, message: None } => {
            fill(Key::ErrRejectedNoMessage.text(lang), &[("status", &status.to_string())])
        }
        BackendError::Server(status) => fill(Key::ErrServer.text(lang), &[("status", &status.to_string())]),
        BackendError::NotJson => k(Key::ErrNotJson),
        BackendError::MalformedJson => k(Key::ErrMalformedJson),
        BackendError::Shape(_) => k(Key::ErrShape),
        BackendError::Unsupported(Capability::Rate) => k(Key::ErrUnsupportedRate),
        BackendError::Unsupported(Capability::Reopen) => k(Key::ErrUnsupportedReopen),
        BackendError::NotNow => k(Key::ErrNotNow),
        BackendError::Storage(m) => fill(Key::ErrStorage.text(lang), &[("message", m)]),
    }
}

/// A time as a resident reads it, in the time zone it is given in.
pub fn time<Tz: TimeZone>(lang: Lang, at: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match lang {
        Lang::ZhHans => at.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Lang::En => at.format("%-d %b %Y, %H:%M").to_string(),
    }
}

/// A length of time, rounded to its largest unit.
pub fn duration(lang: Lang, d: Duration) -> String {
    let mins = d.num_minutes().max(1);
    let (key, n) = if mins < 60 {
        (Key::Minutes, mins)
    } else if mins < 48 * 60 {
        (Key::Hours, mins / 60)
    } else {
        (Key::Days, mins / (24 * 60))
    };
    fill(key.text(lang), &[("n", &n.to_string())])
}

/// The SLA clock's sentence; `local` puts a UTC time into the resident's time zone.
pub fn sla<Tz: TimeZone>(lang: Lang, state: SlaState, local: impl Fn(DateTime<chrono::Utc>) -> DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match state {
        SlaState::DueBy(due) => fill(Key::SlaDueBy.text(lang), &[("time", &time(lang, &local(due)))]),
        SlaState::Overdue { due, by } => fill(
            Key::SlaOverdue.text(lang),
            &[("dur", &duration(lang, by)), ("time", &time(lang, &local(due)))],
        ),
        SlaState::AnsweredInTime => Key::SlaInTime.text(lang).to_string(),
        SlaState::AnsweredLate => Key::SlaLate.text(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

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

    #[test]
    fn every_backend_error_has_a_message() {
        let errors = [
            BackendError::NotFound,
            BackendError::Unreachable,
            BackendError::Interrupted,
            BackendError::Timeout(15),
            BackendError::Rejected { status: 422, message: Some("bad".into()) },
            BackendError::Rejected { status: 403, message: None },
            BackendError::Server(503),
            BackendError::NotJson,
            BackendError::MalformedJson,
            BackendError::Shape("x".into()),
            BackendError::Unsupported(Capability::Rate),
            BackendError::Unsupported(Capability::Reopen),
            BackendError::NotNow,
            BackendError::Storage("quota".into()),
        ];
        for e in &errors {
            for lang in Lang::ALL {
                let m = backend_error(lang, e);
                assert!(!m.is_empty() && !m.contains('{'), "{e:?}: {m}");
            }
        }
        assert!(backend_error(Lang::En, &errors[3]).contains("15"));
        assert!(backend_error(Lang::En, &errors[6]).contains("503"));
        let mut all: Vec<String> = errors.iter().map(|e| backend_error(Lang::ZhHans, e)).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), errors.len(), "each failure has its own message");
    }
}
