//! Filing for a neighbour: the volunteer (a building leader, a community worker) who files, the
//! record of who filed and with what consent, and the least a volunteer's phone keeps about each
//! neighbour helped, with when it must be forgotten.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::request::{Request, RequestId};
pub use super::request::FiledBy;
use super::validation::{normalise_phone, Problem, NAME_MAX};

/// The longest team name kept.
pub const TEAM_MAX: usize = 60;
/// How many days after a neighbour's last request is closed their details are forgotten, unless
/// `config.json` says otherwise (`neighbour_retention_days`), and the range it may say.
pub const RETENTION_DAYS: u32 = 30;
pub const RETENTION_RANGE: std::ops::RangeInclusive<u32> = 1..=365;

/// The volunteer's own details, entered once in settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteer {
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub team: String,
}

/// Which of the volunteer's details is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VolunteerField {
    Name,
    Phone,
    Team,
}

impl Volunteer {
    /// The details as typed, checked; the phone normalised.
    pub fn checked(name: &str, phone: &str, team: &str) -> Result<Volunteer, Vec<(VolunteerField, Problem)>> {
        let mut errors = Vec::new();
        let name = name.trim();
        if name.is_empty() {
            errors.push((VolunteerField::Name, Problem::Required));
        } else if name.chars().count() > NAME_MAX {
            errors.push((VolunteerField::Name, Problem::TooLong { max: NAME_MAX }));
        }
        let normal = normalise_phone(phone);
        if phone.trim().is_empty() {
            errors.push((VolunteerField::Phone, Problem::Required));
        } else if normal.is_none() {
            errors.push((VolunteerField::Phone, Problem::Phone));
        }
        if team.trim().chars().count() > TEAM_MAX {
            errors.push((VolunteerField::Team, Problem::TooLong { max: TEAM_MAX }));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Volunteer { name: name.into(), phone: normal.unwrap_or_default(), team: team.trim().into() })
    }

    /// The record of this volunteer filing with the neighbour's consent in `consent`'s words.
    pub fn filing(&self, consent: String, line: String) -> FiledBy {
        FiledBy::new(&self.name, &self.phone, &self.team, consent, line)
    }
}

/// A phone number as lists show it: the first three and last four digits (138****5678).
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> =
        normalise_phone(phone).unwrap_or_else(|| phone.chars().filter(char::is_ascii_digit).collect()).chars().collect();
    if digits.len() < 8 {
        return "*".repeat(digits.len().min(11));
    }
    let (head, tail) = (&digits[..3], &digits[digits.len() - 4..]);
    format!("{}****{}", head.iter().collect::<String>(), tail.iter().collect::<String>())
}

/// One of a neighbour's requests, and when it was seen closed (办结 and rated), if it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helped {
    pub id: RequestId,
    #[serde(default, with = "crate::model::time::utc_opt")]
    pub closed_at: Option<DateTime<Utc>>,
}

/// What the volunteer's phone keeps about a neighbour: no more than it needs to file again and to
/// follow their requests. The phone only masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    pub name: String,
    #[serde(default)]
    pub phone_masked: String,
    #[serde(default)]
    pub community: String,
    #[serde(default)]
    pub building: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub requests: Vec<Helped>,
}

impl Neighbour {
    /// The same person as `other` (by name and home), so a second request joins the first.
    pub fn same_as(&self, name: &str, building: &str, unit: &str) -> bool {
        self.name == name.trim() && self.building == building.trim() && self.unit == unit.trim()
    }

    /// When the neighbour's details must be gone: `days` after their last request was closed,
    /// once all are closed; never while one is open (or never seen closed).
    pub fn forget_after(&self, days: u32) -> Option<DateTime<Utc>> {
        let mut last: Option<DateTime<Utc>> = None;
        for r in &self.requests {
            let at = r.closed_at?;
            last = Some(last.map_or(at, |l| l.max(at)));
        }
        last?.checked_add_signed(Duration::days(i64::from(days)))
    }

    /// Notes the current state of those of `fresh` that are this neighbour's; true if it changed.
    pub fn note(&mut self, fresh: &[Request]) -> bool {
        let mut changed = false;
        for h in &mut self.requests {
            if let Some(r) = fresh.iter().find(|r| r.id == h.id) {
                let closed = (r.status == super::Status::Closed).then_some(h.closed_at.unwrap_or(r.updated_at));
                if closed != h.closed_at {
                    h.closed_at = closed;
                    changed = true;
                }
            }
        }
        changed
    }
}

/// The neighbours whose details may still be kept at `now`, and those whose time is up.
pub fn keep_current(neighbours: Vec<Neighbour>, days: u32, now: DateTime<Utc>) -> (Vec<Neighbour>, Vec<Neighbour>) {
    neighbours.into_iter().partition(|n| n.forget_after(days).is_none_or(|t| now < t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
    }

    fn neighbour(closed: &[Option<u32>]) -> Neighbour {
        Neighbour {
            name: "李秀英".into(),
            phone_masked: mask_phone("13800005678"),
            community: String::new(),
            building: "3号楼".into(),
            unit: "2单元".into(),
            requests: closed
                .iter()
                .enumerate()
                .map(|(i, c)| Helped { id: RequestId(format!("DS-{i}")), closed_at: c.map(at) })
                .collect(),
        }
    }

    #[test]
    fn phones_are_masked_in_lists() {
        assert_eq!(mask_phone("13800005678"), "138****5678");
        assert_eq!(mask_phone("+86 138-0000-5678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn a_neighbour_is_forgotten_days_after_the_last_request_closes_never_while_one_is_open() {
        assert_eq!(neighbour(&[Some(1), None]).forget_after(30), None);
        assert_eq!(neighbour(&[]).forget_after(30), None);
        let n = neighbour(&[Some(1), Some(5)]);
        assert_eq!(n.forget_after(10), Some(at(15)));
        let (kept, gone) = keep_current(vec![n.clone()], 10, at(14));
        assert_eq!((kept.len(), gone.len()), (1, 0));
        let (kept, gone) = keep_current(vec![n.clone(), neighbour(&[None])], 10, at(15));
        assert_eq!((kept.len(), gone), (1, vec![n]));
    }

    #[test]
    fn the_volunteer_must_give_a_name_and_a_mobile_number() {
        let v = Volunteer::checked(" 王芳 ", "138 0000 1111", " 幸福里志愿队 ").unwrap();
        assert_eq!(v, Volunteer { name: "王芳".into(), phone: "13800001111".into(), team: "幸福里志愿队".into() });
        let e = Volunteer::checked("", "12", &"x".repeat(61)).unwrap_err();
        assert_eq!(
            e,
            vec![
                (VolunteerField::Name, Problem::Required),
                (VolunteerField::Phone, Problem::Phone),
                (VolunteerField::Team, Problem::TooLong { max: TEAM_MAX })
            ]
        );
    }
}
