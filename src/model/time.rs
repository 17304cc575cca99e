//! Times as the app writes and reads them: RFC 3339 (`2026-11-28T09:00:00.603Z`, or with an
//! offset, `…+08:00`) in what it keeps and sends, and HTTP's date (`Sun, 06 Nov 1994 08:49:37
//! GMT`) in `Date` and `Retry-After`. By hand: chrono keeps the arithmetic, but its general
//! formatting and parsing machinery costs the first load kilobytes. The text is the same as
//! chrono's own (`SecondsFormat::AutoSi`, `Z` for UTC), so what earlier releases kept reads back.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};

fn two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `at` in RFC 3339 (with `Z` for UTC where `z`), with as many fractional digits as it needs (none,
/// 3, 6 or 9).
fn write(at: DateTime<FixedOffset>, z: bool) -> String {
    let mut out = String::with_capacity(32);
    // Years 0–9999: all RFC 3339 has (others are clamped, never met in practice).
    let year = at.year().clamp(0, 9999) as u32;
    two(&mut out, year / 100);
    two(&mut out, year % 100);
    for (sep, n) in [('-', at.month()), ('-', at.day()), ('T', at.hour()), (':', at.minute()), (':', at.second())] {
        out.push(sep);
        two(&mut out, n);
    }
    let nanos = at.nanosecond() % 1_000_000_000;
    let (digits, value) = match nanos {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (3, n / 1_000_000),
        n if n % 1_000 == 0 => (6, n / 1_000),
        n => (9, n),
    };
    if digits > 0 {
        out.push('.');
        let text = value.to_string();
        out.extend(std::iter::repeat_n('0', digits - text.len()));
        out.push_str(&text);
    }
    let offset = at.offset().local_minus_utc();
    if offset == 0 && z {
        out.push('Z');
    } else {
        out.push(if offset < 0 { '-' } else { '+' });
        let minutes = offset.unsigned_abs() / 60;
        two(&mut out, minutes / 60);
        out.push(':');
        two(&mut out, minutes % 60);
    }
    out
}

/// `at` in RFC 3339, UTC (`Z`).
pub fn format(at: DateTime<Utc>) -> String {
    write(at.fixed_offset(), true)
}

/// `at` in RFC 3339 with its own offset (`+08:00`; `+00:00` for none).
pub fn format_with_offset(at: DateTime<FixedOffset>) -> String {
    write(at, false)
}

/// Reads `digits` ASCII digits of `s` at `at`.
fn number(s: &[u8], at: usize, digits: usize) -> Option<u32> {
    let part = s.get(at..at + digits)?;
    part.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// An RFC 3339 time: `YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or `±HH:MM` (a space
/// for the `T` and a lower-case `t`/`z` are taken too, as RFC 3339 allows).
pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    let s = text.trim().as_bytes();
    let sep = |at: usize, ok: &[u8]| s.get(at).is_some_and(|b| ok.contains(b));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (number(s, 0, 4)?, number(s, 5, 2)?, number(s, 8, 2)?);
    let (hour, minute, second) = (number(s, 11, 2)?, number(s, 14, 2)?, number(s, 17, 2)?);
    let mut at = 19;
    let mut nanos = 0u32;
    if s.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while s.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(s[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        for _ in (at - start).min(9)..9 {
            nanos *= 10;
        }
    }
    let offset = match s.get(at)? {
        b'Z' | b'z' if s.len() == at + 1 => 0,
        sign @ (b'+' | b'-') if s.len() == at + 6 && sep(at + 3, b":") => {
            let minutes = (number(s, at + 1, 2)? * 60 + number(s, at + 4, 2)?) as i32;
            if *sign == b'-' {
                -minutes * 60
            } else {
                minutes * 60
            }
        }
        _ => return None,
    };
    // A leap second (60) reads as the last one of its minute, as chrono keeps it.
    let (second, nanos) = if second == 60 { (59, nanos + 1_000_000_000) } else { (second, nanos) };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let local = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    FixedOffset::east_opt(offset)?.from_local_datetime(&local).single()
}

/// An RFC 3339 time, in UTC.
pub fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    parse(text).map(|t| t.with_timezone(&Utc))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// HTTP's date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's IMF-fixdate; the weekday is not checked).
pub fn parse_http_date(text: &str) -> Option<DateTime<Utc>> {
    let mut words = text.trim().split_ascii_whitespace();
    let _weekday = words.next()?;
    let day: u32 = words.next()?.parse().ok()?;
    let month = MONTHS.iter().position(|m| Some(*m) == words.clone().next())? as u32 + 1;
    words.next();
    let year: i32 = words.next()?.parse().ok()?;
    let time = words.next()?.as_bytes();
    if words.next()? != "GMT" || time.len() != 8 || time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (h, m, s) = (number(time, 0, 2)?, number(time, 3, 2)?, number(time, 6, 2)?);
    Some(NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, m, s)?.and_utc())
}

/// A `DateTime<Utc>` kept as RFC 3339, where a field attribute cannot go (a map's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Stamp(#[serde(with = "utc")] pub DateTime<Utc>);

/// `#[serde(with = "crate::model::time::utc")]` for a `DateTime<Utc>`.
pub mod utc {
    use super::*;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<str>>::deserialize(d)?;
        parse_utc(&text).ok_or_else(|| D::Error::custom("not an RFC 3339 time"))
    }
}

/// `#[serde(default, with = "crate::model::time::utc_opt")]` for an `Option<DateTime<Utc>>`.
pub mod utc_opt {
    use super::*;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_some(&format(*at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match <Option<std::borrow::Cow<str>>>::deserialize(d)? {
            Some(text) => parse_utc(&text).map(Some).ok_or_else(|| D::Error::custom("not an RFC 3339 time")),
            None => Ok(None),
        }
    }
}

/// `#[serde(with = "crate::model::time::offset")]` for a `DateTime<FixedOffset>`.
pub mod offset {
    use super::*;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_with_offset(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = <std::borrow::Cow<str>>::deserialize(d)?;
        parse(&text).ok_or_else(|| D::Error::custom("not an RFC 3339 time"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, SecondsFormat};

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let base = Utc.with_ymd_and_hms(2026, 11, 28, 9, 5, 7).unwrap();
        for nanos in [0, 603_000_000, 1_000, 123_456, 999_999_999, 5] {
            let at = base + Duration::nanoseconds(nanos);
            assert_eq!(format(at), at.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            assert_eq!(parse_utc(&format(at)), Some(at));
        }
        let east = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2026, 11, 27, 21, 30, 0).unwrap();
        assert_eq!(format_with_offset(east), east.to_rfc3339());
        let utc = base.fixed_offset();
        assert_eq!(format_with_offset(utc), utc.to_rfc3339());
        let west = FixedOffset::west_opt(5 * 3600 + 1800).unwrap().with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(format_with_offset(west), west.to_rfc3339());
        assert_eq!(parse(&format_with_offset(west)), Some(west));
    }

    #[test]
    fn rfc3339_is_read_as_chrono_reads_it() {
        for text in [
            "2026-11-28T09:00:00Z",
            "2026-11-28T17:00:00+08:00",
            "2010-04-14T06:37:38-08:00",
            "2026-11-28t09:00:00.5z",
            "2026-11-28 09:00:00.123456789+00:00",
            "2026-12-31T23:59:60Z",
            "2026-11-28T09:00:00.1234567891Z",
        ] {
            assert_eq!(parse(text), DateTime::parse_from_rfc3339(text).ok(), "{text}");
        }
        for bad in ["", "yesterday", "2026-11-28", "2026-11-28T09:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-11-28T24:00:00Z", "2026-11-28T09:00:00+0800", "2026-11-28T09:00:00.Z", "２０２６-11-28T09:00:00Z", "2026-11-28T09:00:00Zx"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_are_read() {
        let at = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 37).unwrap());
        assert_eq!(parse_http_date("Sat, 28 Nov 2026 09:00:00 GMT"), Some(Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()));
        for bad in ["", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 1994 08:49:37 GMT", "06 Nov 1994", "Sun, 06 Nov 1994 8:49:37 GMT"] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panic(text in ".{0,40}") {
            let _ = parse(&text);
            let _ = parse_http_date(&text);
        }

        #[test]
        fn any_time_round_trips(secs in -62_000_000_000i64..253_000_000_000i64, nanos in 0u32..1_000_000_000u32) {
            let at = DateTime::from_timestamp(secs, nanos).unwrap();
            proptest::prop_assert_eq!(format(at), at.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            proptest::prop_assert_eq!(parse_utc(&format(at)), Some(at));
        }
    }
}
