//! A resident's request, as the office knows it (Open311 GeoReport v2 request plus the 12345 steps).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::draft::IdempotencyKey;
use super::question::Answers;
use super::rating::Rating;
use super::sla::{self, SlaState};
use super::status::Status;
use super::text::Text;
use super::timeline::{Step, TimelineStep};

/// The tracking number (Open311 `service_request_id`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub String);

impl RequestId {
    /// A tracking number as a resident may type it: trimmed, inner spaces removed.
    pub fn parse(input: &str) -> Option<Self> {
        let id: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        (!id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then_some(RequestId(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point from the phone's geolocation (WGS 84).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub long: f64,
}

/// Where the problem is: free text first, then community / building / unit, then GPS.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub address: String,
    pub community: Option<String>,
    pub building: Option<String>,
    pub unit: Option<String>,
    pub point: Option<GeoPoint>,
}

impl Place {
    /// One line a clerk can read: address, then community, building and unit where given.
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.address.clone()];
        parts.extend(
            [&self.community, &self.building, &self.unit]
                .into_iter()
                .flatten()
                .cloned(),
        );
        parts.join(" ")
    }
}

/// Who to call back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

/// A validated request ready to send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    pub idempotency_key: IdempotencyKey,
    pub category_code: String,
    pub description: String,
    pub place: Place,
    pub contact: Contact,
    /// Keep the request out of any public listing.
    pub private: bool,
    /// Answers to the category's extra questions, by question code.
    pub answers: Answers,
}

/// The request is not in a state that allows this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotNow;

/// A request as the backend reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub status: Status,
    pub status_notes: Option<Text>,
    pub category_code: String,
    pub category_name: Text,
    pub description: String,
    pub place: Place,
    pub private: bool,
    pub requested_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When feedback is due (Open311 `expected_datetime`).
    pub expected_at: Option<DateTime<Utc>>,
    pub agency_responsible: Option<Text>,
    pub timeline: Vec<TimelineStep>,
    pub rating: Option<Rating>,
}

impl Request {
    /// The resident may rate a request once the office has answered it.
    pub fn can_rate(&self) -> bool {
        self.status == Status::Resolved
    }

    /// The resident may send it back after rating it unsolved or dissatisfied.
    pub fn can_reopen(&self) -> bool {
        self.status == Status::Closed && self.rating.as_ref().is_some_and(Rating::allows_reopen)
    }

    /// When the office last answered (办结), if it has since the last reopen.
    pub fn answered_at(&self) -> Option<DateTime<Utc>> {
        if self.status.is_open() {
            return None;
        }
        self.timeline.iter().rev().find(|s| s.step == Step::Resolved).map(|s| s.at)
    }

    /// Where the request stands against its feedback deadline, if it has one.
    pub fn sla(&self, now: DateTime<Utc>) -> Option<SlaState> {
        self.expected_at.map(|due| sla::sla_state(due, self.answered_at(), now))
    }

    /// Records the resident's rating of an answered request (status becomes `Closed`).
    pub fn record_rating(&mut self, rating: &Rating, now: DateTime<Utc>) -> Result<(), NotNow> {
        if !self.can_rate() {
            return Err(NotNow);
        }
        self.status = Status::Closed;
        self.rating = Some(rating.clone());
        self.updated_at = now;
        self.timeline.push(TimelineStep {
            step: Step::Rated { solved: rating.solved, satisfaction: rating.satisfaction },
            at: now,
            note: rating.comment.clone().map(Text::Plain),
        });
        Ok(())
    }

    /// Sends a rated, unsolved or unsatisfying request back (重办); feedback is due
    /// `feedback_hours` from now.
    pub fn reopen(&mut self, reason: &str, feedback_hours: u32, now: DateTime<Utc>) -> Result<(), NotNow> {
        if !self.can_reopen() {
            return Err(NotNow);
        }
        self.status = Status::Reopened;
        self.updated_at = now;
        self.status_notes = Some(Text::plain(reason));
        self.expected_at = Some(sla::deadline(now, feedback_hours));
        self.timeline.push(TimelineStep { step: Step::Reopened, at: now, note: Some(Text::plain(reason)) });
        Ok(())
    }

    /// The time of the newest step, or the last update.
    pub fn last_update(&self) -> DateTime<Utc> {
        self.timeline.last().map(|s| s.at).unwrap_or(self.updated_at).max(self.updated_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_numbers_are_normalised_or_refused() {
        assert_eq!(RequestId::parse(" DS-2026 1128-0001 "), Some(RequestId("DS-20261128-0001".into())));
        assert_eq!(RequestId::parse("   "), None);
        assert_eq!(RequestId::parse("a/b"), None);
        assert_eq!(RequestId::parse("<script>"), None);
    }

    #[test]
    fn place_reads_as_one_line() {
        let place = Place {
            address: "太华路社区 中铁二十局小区".into(),
            community: None,
            building: Some("9号楼".into()),
            unit: Some("2单元".into()),
            point: None,
        };
        assert_eq!(place.one_line(), "太华路社区 中铁二十局小区 9号楼 2单元");
    }
}
