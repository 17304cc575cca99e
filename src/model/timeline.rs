//! The steps a request went through, with times and the office's notes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::Satisfaction;
use super::text::Text;

/// One kind of step on a request's timeline. Kept as `{"step": "rated", "solved": …,
/// "satisfaction": …}` (a plain record, read without buffering: an internally tagged enum's
/// decoder costs the first load kilobytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "StepRecord", try_from = "StepRecord")]
pub enum Step {
    Received,
    Dispatched,
    InProgress,
    Resolved,
    Rated { solved: bool, satisfaction: Satisfaction },
    Reopened,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum StepKind {
    Received,
    Dispatched,
    InProgress,
    Resolved,
    Rated,
    Reopened,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
struct StepRecord {
    step: StepKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    solved: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    satisfaction: Option<Satisfaction>,
}

impl From<Step> for StepRecord {
    fn from(step: Step) -> Self {
        let (kind, solved, satisfaction) = match step {
            Step::Received => (StepKind::Received, None, None),
            Step::Dispatched => (StepKind::Dispatched, None, None),
            Step::InProgress => (StepKind::InProgress, None, None),
            Step::Resolved => (StepKind::Resolved, None, None),
            Step::Rated { solved, satisfaction } => (StepKind::Rated, Some(solved), Some(satisfaction)),
            Step::Reopened => (StepKind::Reopened, None, None),
        };
        StepRecord { step: kind, solved, satisfaction }
    }
}

impl TryFrom<StepRecord> for Step {
    type Error = &'static str;
    fn try_from(r: StepRecord) -> Result<Self, Self::Error> {
        Ok(match r.step {
            StepKind::Received => Step::Received,
            StepKind::Dispatched => Step::Dispatched,
            StepKind::InProgress => Step::InProgress,
            StepKind::Resolved => Step::Resolved,
            StepKind::Rated => Step::Rated { solved: r.solved.ok_or("rated without solved")?, satisfaction: r.satisfaction.ok_or("rated without satisfaction")? },
            StepKind::Reopened => Step::Reopened,
        })
    }
}

/// A step with when it happened and what the office (or the resident) said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub step: Step,
    #[serde(with = "crate::model::time::utc")]
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<Text>,
}
