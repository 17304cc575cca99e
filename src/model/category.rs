//! Categories of request, and the standard street-office catalogue with its feedback limits.

use serde::{Deserialize, Serialize};

use super::sla::SlaClass;
use super::text::{Phrase, Text};

/// A kind of request a backend accepts (Open311: a service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub name: Text,
    pub hint: Option<Text>,
    pub group: Option<Text>,
    /// Hours within which the office must give feedback; the backend may override the default.
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

/// What residents ask a street office about (from street-office reports), in the order a resident scans them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardCategory {
    PropertyManagement,
    OldBuildingRepair,
    SewerAndWaterLeak,
    Heating,
    PublicLighting,
    ParkingAndEbikes,
    RubbishAndEnvironment,
    IllegalConstruction,
    FacadeAndSafetyHazard,
    Noise,
    Other,
}

impl StandardCategory {
    pub const ALL: [StandardCategory; 11] = [
        StandardCategory::PropertyManagement,
        StandardCategory::OldBuildingRepair,
        StandardCategory::SewerAndWaterLeak,
        StandardCategory::Heating,
        StandardCategory::PublicLighting,
        StandardCategory::ParkingAndEbikes,
        StandardCategory::RubbishAndEnvironment,
        StandardCategory::IllegalConstruction,
        StandardCategory::FacadeAndSafetyHazard,
        StandardCategory::Noise,
        StandardCategory::Other,
    ];

    /// Stable code used on the wire and in storage.
    pub fn code(self) -> &'static str {
        match self {
            StandardCategory::PropertyManagement => "property",
            StandardCategory::OldBuildingRepair => "old-building",
            StandardCategory::SewerAndWaterLeak => "sewer-water",
            StandardCategory::Heating => "heating",
            StandardCategory::PublicLighting => "lighting",
            StandardCategory::ParkingAndEbikes => "parking",
            StandardCategory::RubbishAndEnvironment => "environment",
            StandardCategory::IllegalConstruction => "illegal-construction",
            StandardCategory::FacadeAndSafetyHazard => "safety-hazard",
            StandardCategory::Noise => "noise",
            StandardCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Feedback limit class under the Beijing 12345 draft service standard (2021).
    pub fn sla_class(self) -> SlaClass {
        match self {
            StandardCategory::FacadeAndSafetyHazard => SlaClass::Emergency,
            StandardCategory::SewerAndWaterLeak | StandardCategory::Heating => SlaClass::Utilities,
            StandardCategory::IllegalConstruction | StandardCategory::OldBuildingRepair => SlaClass::Complex,
            _ => SlaClass::General,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for c in StandardCategory::ALL {
            assert_eq!(StandardCategory::from_code(c.code()), Some(c));
        }
        let mut codes: Vec<_> = StandardCategory::ALL.iter().map(|c| c.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), StandardCategory::ALL.len());
        assert_eq!(StandardCategory::from_code("nope"), None);
    }

    #[test]
    fn feedback_limits_follow_the_beijing_standard() {
        assert_eq!(Category::standard(StandardCategory::FacadeAndSafetyHazard).feedback_hours, 2);
        assert_eq!(Category::standard(StandardCategory::Heating).feedback_hours, 24);
        assert_eq!(Category::standard(StandardCategory::SewerAndWaterLeak).feedback_hours, 24);
        assert_eq!(Category::standard(StandardCategory::Noise).feedback_hours, 7 * 24);
        assert_eq!(Category::standard(StandardCategory::IllegalConstruction).feedback_hours, 15 * 24);
    }
}
