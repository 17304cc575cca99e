//! Categories of request a backend accepts, with their feedback limits.

use serde::{Deserialize, Serialize};

use super::catalogue::{Phrase, StandardCategory};
use super::sla::{self, SlaClass};
use super::text::Text;

/// A kind of request a backend accepts (Open311: a service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(default)]
    pub group: Option<Text>,
    /// Hours within which the office must give feedback (always within `sla::FEEDBACK_HOURS`).
    pub feedback_hours: u32,
    /// The backend has extra questions for this category (fetched when it is chosen).
    #[serde(default)]
    pub has_questions: bool,
}

impl Category {
    /// The category as the standard catalogue describes it.
    pub fn standard(std: StandardCategory) -> Self {
        Category {
            code: std.code().to_string(),
            name: Text::Builtin(Phrase::CategoryName(std)),
            hint: Some(Text::Builtin(Phrase::CategoryHint(std))),
            group: None,
            feedback_hours: std.sla_class().hours(),
            has_questions: false,
        }
    }
}

/// The feedback limit a backend states, kept within what a street office can mean: a missing,
/// zero or absurd figure (a typo, or 2.3 billion hours) becomes the general 7 days.
pub fn feedback_hours(stated: Option<u64>) -> u32 {
    stated
        .filter(|h| sla::FEEDBACK_HOURS.contains(h))
        .and_then(|h| u32::try_from(h).ok())
        .unwrap_or(SlaClass::General.hours())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_limits_follow_the_beijing_standard() {
        assert_eq!(Category::standard(StandardCategory::FacadeAndSafetyHazard).feedback_hours, 2);
        assert_eq!(Category::standard(StandardCategory::Heating).feedback_hours, 24);
        assert_eq!(Category::standard(StandardCategory::SewerAndWaterLeak).feedback_hours, 24);
        assert_eq!(Category::standard(StandardCategory::Noise).feedback_hours, 7 * 24);
        assert_eq!(Category::standard(StandardCategory::IllegalConstruction).feedback_hours, 15 * 24);
    }

    #[test]
    fn stated_limits_are_bounded() {
        assert_eq!(feedback_hours(Some(24)), 24);
        assert_eq!(feedback_hours(None), 168);
        assert_eq!(feedback_hours(Some(0)), 168);
        assert_eq!(feedback_hours(Some(2_300_000_000)), 168);
        assert_eq!(feedback_hours(Some(u64::MAX)), 168);
    }
}
