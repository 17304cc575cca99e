//! Where a problem is: the address as a resident writes it, community / building / unit, and a
//! position from the phone.

use serde::{Deserialize, Serialize};

/// A point from the phone's geolocation (WGS 84). Kept as `{"lat": 34.290000, "long": …}`, written
/// and read by hand to the micro-degree (about 10 cm, more than any phone knows): the float
/// formatting and parsing machinery costs the first load kilobytes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "PointRecord", try_from = "PointRecord")]
pub struct GeoPoint {
    pub lat: f64,
    pub long: f64,
    /// How far off the phone says it may be, in metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy_m: Option<u32>,
}

impl GeoPoint {
    /// A position only if it is one on Earth (anything from outside is checked with this).
    pub fn new(lat: f64, long: f64) -> Option<Self> {
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long)).then_some(GeoPoint { lat, long, accuracy_m: None })
    }

    /// The same point with the phone's accuracy (metres; anything not a sane distance is dropped).
    pub fn with_accuracy(self, metres: f64) -> Self {
        let accuracy_m = (metres.is_finite() && (0.0..=100_000.0).contains(&metres)).then(|| metres.round() as u32);
        GeoPoint { accuracy_m, ..self }
    }
}

#[derive(Serialize, Deserialize)]
struct PointRecord {
    lat: Box<serde_json::value::RawValue>,
    long: Box<serde_json::value::RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    accuracy_m: Option<u32>,
}

impl From<GeoPoint> for PointRecord {
    fn from(p: GeoPoint) -> Self {
        let raw = |v: f64| serde_json::value::RawValue::from_string(coordinate_text(v, 6)).unwrap_or_default();
        PointRecord { lat: raw(p.lat), long: raw(p.long), accuracy_m: p.accuracy_m }
    }
}

impl TryFrom<PointRecord> for GeoPoint {
    type Error = &'static str;
    fn try_from(r: PointRecord) -> Result<Self, Self::Error> {
        let read = |raw: &serde_json::value::RawValue| super::number::decimal(raw.get().trim()).ok_or("not a coordinate");
        let point = GeoPoint::new(read(&r.lat)?, read(&r.long)?).ok_or("not a place on Earth")?;
        Ok(GeoPoint { accuracy_m: r.accuracy_m, ..point })
    }
}

/// A coordinate with `decimals` places (at most 7: about a centimetre), written with integer
/// arithmetic: the float formatting machinery costs the wasm 10 KB.
pub fn coordinate_text(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(7);
    let scale = 10i64.pow(decimals);
    let scaled = (value.clamp(-180.0, 180.0) * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, fraction) = (scaled.abs() / scale, scaled.abs() % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = decimals as usize)
    }
}

/// A community the office lists, with its buildings, for the place pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Community {
    pub name: String,
    #[serde(default)]
    pub buildings: Vec<String>,
    #[serde(default)]
    pub units: Vec<String>,
}

/// Where the problem is: free text first, then community / building / unit, then GPS.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub community: Option<String>,
    #[serde(default)]
    pub building: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub point: Option<GeoPoint>,
}

impl Place {
    fn parts(&self) -> impl DoubleEndedIterator<Item = &str> {
        std::iter::once(self.address.as_str())
            .chain([&self.community, &self.building, &self.unit].into_iter().flatten().map(String::as_str))
            .filter(|s| !s.trim().is_empty())
    }

    /// One line as a Chinese clerk reads it, general to specific: address, community, building, unit.
    pub fn one_line(&self) -> String {
        self.parts().collect::<Vec<_>>().join(" ")
    }

    /// The same parts from the most specific to the most general (unit first), as GeoReport's
    /// `address_string` asks.
    pub fn most_specific_first(&self) -> String {
        self.parts().rev().collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place {
            address: "太华路社区 中铁二十局小区".into(),
            community: None,
            building: Some("9号楼".into()),
            unit: Some("2单元".into()),
            point: None,
        }
    }

    #[test]
    fn place_reads_as_one_line() {
        assert_eq!(place().one_line(), "太华路社区 中铁二十局小区 9号楼 2单元");
    }

    #[test]
    fn most_specific_first_starts_with_the_unit() {
        assert_eq!(place().most_specific_first(), "2单元, 9号楼, 太华路社区 中铁二十局小区");
        let bare = Place { address: "革新南路南侧".into(), ..Place::default() };
        assert_eq!(bare.most_specific_first(), "革新南路南侧");
    }

    #[test]
    fn coordinates_are_written_to_the_places_asked() {
        assert_eq!(coordinate_text(34.2931, 5), "34.29310");
        assert_eq!(coordinate_text(-122.4651145, 6), "-122.465115");
        assert_eq!(coordinate_text(-0.000001, 5), "0.00000");
        assert_eq!(coordinate_text(-0.5, 0), "-1");
        assert_eq!(coordinate_text(108.95, 0), "109");
        assert_eq!(coordinate_text(f64::NAN, 3), "0.000");
    }

    #[test]
    fn positions_off_the_earth_are_refused() {
        assert!(GeoPoint::new(34.29, 108.95).is_some());
        assert!(GeoPoint::new(91.0, 0.0).is_none());
        assert!(GeoPoint::new(0.0, -180.5).is_none());
        assert!(GeoPoint::new(f64::NAN, 0.0).is_none());
        let p = GeoPoint::new(34.29, 108.95).unwrap();
        assert_eq!(p.with_accuracy(34.6).accuracy_m, Some(35));
        assert_eq!(p.with_accuracy(f64::INFINITY).accuracy_m, None);
        assert_eq!(p.with_accuracy(-1.0).accuracy_m, None);
    }
}
