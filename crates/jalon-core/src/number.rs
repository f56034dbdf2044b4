//! Numbers as people type them in French and English spreadsheets and forms.
//!
//! `12,5 %`, `12.5`, `1 234,5`, `1,234.5`, `−3` and `12 500 €` are all numbers; `douze` is not.
//! Values of indicators may also be qualified (`> 80`), given as a range (`10–12`), or be a
//! yes/no answer; [`parse_measured`] understands those. Money is parsed to integer cents
//! without going through floating point.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumberError {
    #[error("empty value where a number is expected")]
    Empty,
    #[error("\"{0}\" is not a number (expected digits such as 12,5 or 12.5)")]
    NotANumber(String),
    #[error("\"{0}\" has more than two decimals for an amount in euros")]
    TooManyDecimals(String),
    #[error("\"{0}\" is too large")]
    TooLarge(String),
}

/// Strips the unit marks a number may carry: a trailing `%`, `€` or `EUR`, spaces.
fn strip_marks(input: &str) -> &str {
    let mut s = input.trim();
    for suffix in ["%", "€", "EUR", "eur"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim_end();
            break;
        }
    }
    s
}

/// Normalises digits, signs and separators to a plain `-1234.5` form.
fn normalise(input: &str) -> Result<String, NumberError> {
    let s = strip_marks(input);
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let not_a_number = || NumberError::NotANumber(input.trim().to_string());
    let mut body = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    // Sign
    match chars.peek() {
        Some('-' | '−' | '–') => {
            body.push('-');
            chars.next();
        }
        Some('+') => {
            chars.next();
        }
        _ => {}
    }
    let rest: String = chars
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if rest.is_empty()
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not_a_number());
    }
    if !rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not_a_number());
    }
    let commas = rest.matches(',').count();
    let dots = rest.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0) => rest,
        // "12,5" (French decimal comma)
        (1, 0) => rest.replace(',', "."),
        (0, 1) => rest,
        // "1,234.5": commas group thousands
        (_, 1) if rest.rfind(',') < rest.rfind('.') => {
            check_groups(&rest[..rest.rfind('.').unwrap_or(rest.len())], ',')
                .then(|| rest.replace(',', ""))
                .ok_or_else(not_a_number)?
        }
        // "1.234,5": dots group thousands
        (1, _) if rest.rfind('.') < rest.rfind(',') => {
            check_groups(&rest[..rest.rfind(',').unwrap_or(rest.len())], '.')
                .then(|| rest.replace('.', "").replace(',', "."))
                .ok_or_else(not_a_number)?
        }
        // "1.234.567" or "1,234,567"
        (0, _) if check_groups(&rest, '.') => rest.replace('.', ""),
        (_, 0) if check_groups(&rest, ',') => rest.replace(',', ""),
        _ => return Err(not_a_number()),
    };
    if plain.starts_with('.') || plain.ends_with('.') {
        return Err(not_a_number());
    }
    body.push_str(&plain);
    Ok(body)
}

/// True when `s` is digits grouped by threes with `sep` (`1.234.567`).
fn check_groups(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    first_ok && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Parses a number written the French or English way.
pub fn parse_number(input: &str) -> Result<f64, NumberError> {
    let plain = normalise(input)?;
    let v: f64 = plain
        .parse()
        .map_err(|_| NumberError::NotANumber(input.trim().to_string()))?;
    if !v.is_finite() {
        return Err(NumberError::TooLarge(input.trim().to_string()));
    }
    Ok(v)
}

/// Parses an amount in euros to integer cents, exactly (`12 000,50 €` → 1 200 050).
pub fn parse_money_cents(input: &str) -> Result<i64, NumberError> {
    let plain = normalise(input)?;
    let (neg, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let (units, cents) = match digits.split_once('.') {
        Some((u, c)) => (u, c),
        None => (digits, ""),
    };
    if cents.len() > 2 {
        return Err(NumberError::TooManyDecimals(input.trim().to_string()));
    }
    let too_large = || NumberError::TooLarge(input.trim().to_string());
    let units: i64 = if units.is_empty() {
        0
    } else {
        units.parse().map_err(|_| too_large())?
    };
    let cents_val: i64 = match cents.len() {
        0 => 0,
        1 => cents.parse::<i64>().map_err(|_| too_large())? * 10,
        _ => cents.parse().map_err(|_| too_large())?,
    };
    let total = units
        .checked_mul(100)
        .and_then(|u| u.checked_add(cents_val))
        .ok_or_else(too_large)?;
    Ok(if neg { -total } else { total })
}

/// Writes cents as euros with two decimals, `1200050` → `12000.50`.
pub fn cents_to_decimal_string(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// How a measured value relates to the number given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// `> 80`
    GreaterThan,
    /// `< 5`
    LessThan,
    /// `≈ 40`, `~40`, `env. 40`
    About,
}

/// A value as an indicator owner may give it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasuredValue {
    /// The value used for progress (middle of a range; the bound of a qualified value).
    pub value: f64,
    /// Lower end when given as a range.
    pub low: Option<f64>,
    /// Upper end when given as a range.
    pub high: Option<f64>,
    pub qualifier: Option<Qualifier>,
}

/// Parses `12,5`, `> 80`, `≈ 40`, `10–12`, `oui`/`non`/`yes`/`no`.
pub fn parse_measured(input: &str) -> Result<MeasuredValue, NumberError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let lower = s.to_lowercase();
    match lower.as_str() {
        "oui" | "yes" | "vrai" | "true" => return Ok(exact(1.0)),
        "non" | "no" | "faux" | "false" => return Ok(exact(0.0)),
        _ => {}
    }
    for (prefix, q) in [
        (">=", Qualifier::GreaterThan),
        ("≥", Qualifier::GreaterThan),
        (">", Qualifier::GreaterThan),
        ("<=", Qualifier::LessThan),
        ("≤", Qualifier::LessThan),
        ("<", Qualifier::LessThan),
        ("≈", Qualifier::About),
        ("~", Qualifier::About),
        ("env.", Qualifier::About),
        ("environ", Qualifier::About),
        ("about", Qualifier::About),
    ] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let v = parse_number(rest)?;
            return Ok(MeasuredValue {
                value: v,
                low: None,
                high: None,
                qualifier: Some(q),
            });
        }
    }
    // Range "10–12", "10 - 12", "10 à 12", "10 to 12"; a leading sign is not a range.
    for sep in ["–", " - ", " à ", " to ", "..", "-"] {
        if let Some(idx) = s.find(sep).filter(|&i| i > 0) {
            let (a, b) = (&s[..idx], &s[idx + sep.len()..]);
            if let (Ok(lo), Ok(hi)) = (parse_number(a), parse_number(b)) {
                let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
                return Ok(MeasuredValue {
                    value: (lo + hi) / 2.0,
                    low: Some(lo),
                    high: Some(hi),
                    qualifier: None,
                });
            }
        }
    }
    parse_number(s).map(exact)
}

fn exact(v: f64) -> MeasuredValue {
    MeasuredValue {
        value: v,
        low: None,
        high: None,
        qualifier: None,
    }
}

/// Formats a number for display: French uses a decimal comma and a narrow space between
/// thousands; trailing zeros are dropped, at most `decimals` decimals are kept.
pub fn format_number(value: f64, decimals: usize, french: bool) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c != '0' && c != '.') => (true, rest.to_string()),
        Some(rest) => (false, rest.to_string()),
        None => (false, s),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let group = if french { '\u{202f}' } else { ',' };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if neg {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(if french { ',' } else { '.' });
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn french_and_english_numbers() {
        assert_eq!(parse_number("12,5 %"), Ok(12.5));
        assert_eq!(parse_number("12.5"), Ok(12.5));
        assert_eq!(parse_number("1 234,5"), Ok(1234.5));
        assert_eq!(parse_number("1\u{202f}234,5"), Ok(1234.5));
        assert_eq!(parse_number("1,234.5"), Ok(1234.5));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number("1.234.567"), Ok(1234567.0));
        assert_eq!(parse_number("−3"), Ok(-3.0));
        assert_eq!(parse_number("+7"), Ok(7.0));
        assert_eq!(parse_number("12 500 €"), Ok(12500.0));
        assert_eq!(parse_number("0,05"), Ok(0.05));
    }

    #[test]
    fn words_are_not_numbers() {
        assert!(matches!(
            parse_number("douze"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("12 km"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("1,2,3.4.5"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_number("12."),
            Err(NumberError::NotANumber(_))
        ));
        assert_eq!(parse_number("  "), Err(NumberError::Empty));
        assert_eq!(parse_number("%"), Err(NumberError::Empty));
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(parse_money_cents("12 000,50 €"), Ok(1_200_050));
        assert_eq!(parse_money_cents("0,1"), Ok(10));
        assert_eq!(parse_money_cents("-5"), Ok(-500));
        // A comma is a decimal comma: "1,234" has three decimals, not a thousands separator.
        assert!(matches!(
            parse_money_cents("1,234"),
            Err(NumberError::TooManyDecimals(_))
        ));
        assert!(matches!(
            parse_money_cents("1,505"),
            Err(NumberError::TooManyDecimals(_))
        ));
        assert_eq!(cents_to_decimal_string(1_200_050), "12000.50");
        assert_eq!(cents_to_decimal_string(-5), "-0.05");
    }

    #[test]
    fn measured_values() {
        let v = parse_measured("> 80").expect("qualified");
        assert_eq!((v.value, v.qualifier), (80.0, Some(Qualifier::GreaterThan)));
        let v = parse_measured("10–12").expect("range");
        assert_eq!((v.value, v.low, v.high), (11.0, Some(10.0), Some(12.0)));
        let v = parse_measured("10 à 12,5").expect("range");
        assert_eq!((v.low, v.high), (Some(10.0), Some(12.5)));
        assert_eq!(parse_measured("oui").map(|v| v.value), Ok(1.0));
        assert_eq!(parse_measured("-4").map(|v| v.value), Ok(-4.0));
        assert!(parse_measured("douze").is_err());
    }

    #[test]
    fn display() {
        assert_eq!(format_number(1234.5, 1, true), "1\u{202f}234,5");
        assert_eq!(format_number(1234.5, 1, false), "1,234.5");
        assert_eq!(format_number(-0.001, 1, false), "0");
        assert_eq!(format_number(-12.0, 0, true), "−12");
        assert_eq!(format_number(75.0, 2, true), "75");
    }

    proptest! {
        #[test]
        fn formatted_numbers_parse_back(v in -1.0e9f64..1.0e9, french: bool) {
            let text = format_number(v, 3, french);
            let back = parse_number(&text).expect("formatted number parses");
            prop_assert!((back - v).abs() <= 0.0005 + 1e-9 * v.abs(), "{v} → {text} → {back}");
        }

        #[test]
        fn cents_round_trip(c in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(parse_money_cents(&cents_to_decimal_string(c)), Ok(c));
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = parse_number(&s);
            let _ = parse_measured(&s);
            let _ = parse_money_cents(&s);
        }
    }
}
