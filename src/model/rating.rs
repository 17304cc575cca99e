//! The resident's call-back answer (回访): solved or not, and how satisfied.

use serde::{Deserialize, Serialize};

/// 满意 / 基本满意 / 不满意.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] =
        [Satisfaction::Satisfied, Satisfaction::BasicallySatisfied, Satisfaction::Dissatisfied];

    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::BasicallySatisfied => "basically_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }
}

/// A resident's rating of how a request was handled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub solved: bool,
    pub satisfaction: Satisfaction,
    #[serde(default)]
    pub comment: Option<String>,
}

impl Rating {
    /// "Not solved" or "dissatisfied" entitles the resident to send the request back (重办).
    pub fn allows_reopen(&self) -> bool {
        !self.solved || self.satisfaction == Satisfaction::Dissatisfied
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(solved: bool, satisfaction: Satisfaction) -> Rating {
        Rating { solved, satisfaction, comment: None }
    }

    #[test]
    fn reopen_only_when_unsolved_or_dissatisfied() {
        assert!(!rating(true, Satisfaction::Satisfied).allows_reopen());
        assert!(!rating(true, Satisfaction::BasicallySatisfied).allows_reopen());
        assert!(rating(true, Satisfaction::Dissatisfied).allows_reopen());
        assert!(rating(false, Satisfaction::Satisfied).allows_reopen());
        assert!(rating(false, Satisfaction::BasicallySatisfied).allows_reopen());
    }
}
