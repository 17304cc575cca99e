//! Feedback time limits ("SLA clock"): when the office owes the resident an answer.

use std::ops::RangeInclusive;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Feedback limits a backend may state, in hours: from one hour to a (leap) year.
pub const FEEDBACK_HOURS: RangeInclusive<u64> = 1..=366 * 24;

/// Beijing 12345 draft service standard (2021) feedback classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaClass {
    /// Emergencies and risks to life or property: 2 hours.
    Emergency,
    /// Water, power, gas, heating: 24 hours.
    Utilities,
    /// General requests: 7 days.
    General,
    /// Complex requests: 15 days.
    Complex,
}

impl SlaClass {
    pub fn hours(self) -> u32 {
        match self {
            SlaClass::Emergency => 2,
            SlaClass::Utilities => 24,
            SlaClass::General => 7 * 24,
            SlaClass::Complex => 15 * 24,
        }
    }
}

/// Where a request stands against its feedback deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaState {
    /// Still open and within the limit.
    DueBy(DateTime<Utc>),
    /// Still open and past the limit.
    Overdue { due: DateTime<Utc>, by: Duration },
    /// The office answered before the deadline.
    AnsweredInTime,
    /// The office answered after the deadline.
    AnsweredLate,
}

/// The deadline `hours` after `from`; `None` when that is past the end of the calendar (a
/// tampered ledger or a hostile backend), never a panic.
pub fn deadline(from: DateTime<Utc>, hours: u32) -> Option<DateTime<Utc>> {
    from.checked_add_signed(Duration::try_hours(i64::from(hours))?)
}

/// The SLA state of a request due at `due`, answered at `answered_at` if it was, seen at `now`.
pub fn sla_state(due: DateTime<Utc>, answered_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> SlaState {
    match answered_at {
        Some(at) if at <= due => SlaState::AnsweredInTime,
        Some(_) => SlaState::AnsweredLate,
        None if now <= due => SlaState::DueBy(due),
        None => SlaState::Overdue { due, by: now.signed_duration_since(due) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, h, m, 0).unwrap()
    }

    #[test]
    fn open_request_is_due_then_overdue() {
        let due = deadline(t(9, 0), 2).unwrap();
        assert_eq!(due, t(11, 0));
        assert_eq!(sla_state(due, None, t(10, 59)), SlaState::DueBy(due));
        assert_eq!(sla_state(due, None, t(11, 0)), SlaState::DueBy(due));
        assert_eq!(sla_state(due, None, t(11, 30)), SlaState::Overdue { due, by: Duration::minutes(30) });
    }

    #[test]
    fn answered_request_is_in_time_or_late() {
        let due = t(11, 0);
        assert_eq!(sla_state(due, Some(t(10, 0)), t(12, 0)), SlaState::AnsweredInTime);
        assert_eq!(sla_state(due, Some(t(11, 1)), t(12, 0)), SlaState::AnsweredLate);
    }

    #[test]
    fn class_hours() {
        assert_eq!(SlaClass::Emergency.hours(), 2);
        assert_eq!(SlaClass::Utilities.hours(), 24);
        assert_eq!(SlaClass::General.hours(), 168);
        assert_eq!(SlaClass::Complex.hours(), 360);
    }

    #[test]
    fn a_deadline_past_the_calendar_is_none() {
        // 2.3 billion hours is about 262,000 years: past chrono's last day.
        assert_eq!(deadline(t(9, 0), 2_300_000_000), None);
        assert_eq!(deadline(DateTime::<Utc>::MAX_UTC, 1), None);
    }

    proptest! {
        #[test]
        fn any_hours_from_any_time_never_panic(hours in any::<u32>(), secs in any::<i64>(), now_secs in any::<i64>()) {
            let from = DateTime::<Utc>::from_timestamp(secs % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
            let now = DateTime::<Utc>::from_timestamp(now_secs % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
            if let Some(due) = deadline(from, hours) {
                prop_assert!(due >= from);
                let _ = sla_state(due, None, now);
                let _ = sla_state(due, Some(now), now);
            }
        }
    }
}
