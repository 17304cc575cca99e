//! Decimal numbers read by hand from their text (`-12.5`, `3`, `.5`, `1e3`): coordinates, a
//! category's hours, an answer that must be a number. The standard float parser (and serde_json's
//! use of it) costs the first load kilobytes; these numbers need none of its generality.

/// The finite number `text` spells (optional sign, digits with an optional fraction, an optional
/// exponent), as Rust's own parser reads the same text — to within the last bit of a number
/// with more than 17 significant digits. `None` for anything else (spaces, `inf`, `NaN`, hex).
pub fn decimal(text: &str) -> Option<f64> {
    let s = text.as_bytes();
    let mut i = 0;
    let negative = match s.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    // Up to 19 significant digits are kept (more cannot change a double by more than its last bit).
    let (mut mantissa, mut kept, mut exponent, mut digits) = (0u64, 0u32, 0i64, 0u32);
    let mut digit = |b: u8, after_point: bool, mantissa: &mut u64, exponent: &mut i64| {
        if kept < 19 {
            if *mantissa > 0 || b != b'0' {
                kept += 1;
            }
            *mantissa = *mantissa * 10 + u64::from(b - b'0');
            if after_point {
                *exponent -= 1;
            }
        } else if !after_point {
            *exponent += 1;
        }
    };
    while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
        digit(b, false, &mut mantissa, &mut exponent);
        digits += 1;
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
            digit(b, true, &mut mantissa, &mut exponent);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match s.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&b) = s.get(i).filter(|b| b.is_ascii_digit()) {
            e = (e * 10 + i64::from(b - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += sign * e;
    }
    if i != s.len() {
        return None;
    }
    let value = scale(mantissa, exponent);
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

/// `mantissa · 10^exponent`, by exact powers of ten where it can be (each step correctly rounded).
fn scale(mantissa: u64, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let mut value = mantissa as f64;
    let mut e = exponent;
    // 10^22 is the largest power of ten a double holds exactly.
    while e > 0 {
        let step = e.min(22);
        value *= 10f64.powi(step as i32);
        e -= step;
        if value.is_infinite() {
            return value;
        }
    }
    while e < 0 {
        let step = (-e).min(22);
        value /= 10f64.powi(step as i32);
        e += step;
        if value == 0.0 {
            return value;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_rust_reads_them() {
        for text in ["0", "-0", "3", "+3", "-12.5", ".5", "5.", "34.290000", "-122.460000", "1e3", "2.5E-3", "0.000001", "180", "90.0000001",
            "123456789012345678", "0.1", "37.76", "108.95", "1e-320", "17"] {
            let want: f64 = text.parse().unwrap();
            assert_eq!(decimal(text), Some(want), "{text}");
        }
        for bad in ["", "-", "+", ".", "e3", "1e", "1e+", "inf", "-inf", "NaN", " 3", "3 ", "0x10", "1,5", "１", "1.2.3", "--1", "1e999"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_as_rust_reads_it(text in "[-+]?[0-9]{0,20}(\\.[0-9]{0,20})?([eE][-+]?[0-9]{0,3})?") {
            let want = text.parse::<f64>().ok().filter(|f| f.is_finite());
            let got = decimal(&text);
            match (want, got) {
                (Some(w), Some(g)) => proptest::prop_assert!((w - g).abs() <= w.abs() * 4.0 * f64::EPSILON, "{} → {} vs {}", text, g, w),
                (w, g) => proptest::prop_assert_eq!(w, g, "{}", text),
            }
        }

        #[test]
        fn coordinates_read_exactly(micro in -180_000_000i64..=180_000_000i64) {
            let text = crate::model::place::coordinate_text(micro as f64 / 1e6, 6);
            proptest::prop_assert_eq!(decimal(&text), text.parse::<f64>().ok());
        }
    }
}
