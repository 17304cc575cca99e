//! The steps a request went through, with times and the office's notes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::Satisfaction;
use super::text::Text;

/// One kind of step on a request's timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Received,
    Dispatched,
    InProgress,
    Resolved,
    Rated { solved: bool, satisfaction: Satisfaction },
    Reopened,
}

/// A step with when it happened and what the office (or the resident) said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub step: Step,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<Text>,
}
