//! How a key figure compares with an earlier year: a relative change (`+21 % vs 2022`) for
//! quantities, a change in points (`+3 points vs 2022`) for shares in %, as the institution's
//! reports state them. Pure, so every report says it the same way.

use jalon_core::Lang;
use jalon_core::number::format_number;

/// True when a unit is a percentage (then changes are in points).
pub fn is_share(unit: &str) -> bool {
    let u = unit.trim();
    u == "%" || u.starts_with("% ") || u.starts_with("%(")
}

/// The comparison of `value` with `previous` (of `previous_year`); `None` when the previous
/// value is zero for a relative change (undefined).
pub fn comparison(
    value: f64,
    previous: f64,
    previous_year: i32,
    unit: &str,
    lang: Lang,
) -> Option<String> {
    comparison_as(value, previous, previous_year, is_share(unit), lang)
}

/// The comparison stated in points (`in_points`) or as a relative change, whatever the unit.
pub fn comparison_as(
    value: f64,
    previous: f64,
    previous_year: i32,
    in_points: bool,
    lang: Lang,
) -> Option<String> {
    let fr = lang == Lang::Fr;
    let sign = |d: f64| {
        if d > 0.0 {
            "+"
        } else if d < 0.0 {
            "−"
        } else {
            "±"
        }
    };
    let vs = jalon_i18n::word(lang, "rpt-compared-with");
    if in_points {
        let d = value - previous;
        let points = format_number(d.abs(), 1, fr);
        let one = (d.abs() - 1.0).abs() < 1e-9;
        let word = jalon_i18n::word(lang, if one { "rpt-point" } else { "rpt-points" });
        return Some(format!("{}{points} {word} {vs} {previous_year}", sign(d)));
    }
    if previous == 0.0 || !previous.is_finite() || !value.is_finite() {
        return None;
    }
    let d = (value - previous) / previous.abs() * 100.0;
    let pct = format_number(d.abs(), if d.abs() < 10.0 { 1 } else { 0 }, fr);
    // French puts a narrow no-break space before the percent sign, English none.
    let nbsp = if fr { "\u{202f}" } else { "" };
    Some(format!("{}{pct}{nbsp}% {vs} {previous_year}", sign(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_for_quantities_points_for_shares() {
        assert_eq!(
            comparison(121.0, 100.0, 2022, "kWh", Lang::En).as_deref(),
            Some("+21% vs 2022")
        );
        assert_eq!(
            comparison(3.09, 3.65, 2022, "€", Lang::Fr).as_deref(),
            Some("−15\u{202f}% par rapport à 2022")
        );
        assert_eq!(
            comparison(45.0, 42.0, 2023, "%", Lang::Fr).as_deref(),
            Some("+3 points par rapport à 2023")
        );
        assert_eq!(
            comparison(41.0, 42.0, 2023, "%", Lang::En).as_deref(),
            Some("−1 point vs 2023")
        );
        assert_eq!(comparison(5.0, 0.0, 2023, "t", Lang::En), None);
        assert_eq!(
            comparison(10.0, 10.0, 2023, "t", Lang::En).as_deref(),
            Some("±0% vs 2023")
        );
    }
}
