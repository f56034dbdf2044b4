//! Radar (spider) chart: a few axes scored on the same scale, one polygon per series — the
//! DD&RS maturity by axis, this year against the year before.
//!
//! Series are told apart by line (solid, dashed), by marker (disc, square) and by colour; a
//! missing value is never drawn as 0: the outline only joins neighbouring axes that both have
//! a value.

use std::fmt::Write;

use crate::{escape, f, fmt_value};

/// One series: a label and one value per axis (`None`: not assessed).
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSeries {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// What a radar chart shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Radar {
    /// Accessible title.
    pub title: String,
    /// Accessible description (the figures in one sentence).
    pub description: String,
    /// Axis labels, clockwise from the top.
    pub axes: Vec<String>,
    /// Lowest and highest value of the scale (a maturity scale: 1 to 5); rings at each whole
    /// step.
    pub min: f64,
    pub max: f64,
    /// At most a few series; the first is drawn on top, solid.
    pub series: Vec<RadarSeries>,
    /// Decimal comma.
    pub french: bool,
}

const WIDTH: f64 = 640.0;
const CX: f64 = 320.0;
const CY: f64 = 225.0;
const R: f64 = 165.0;
/// Top of the legend.
const LEGEND: f64 = CY + R + 52.0;
/// (stroke, fill, dash) per series.
const STYLES: [(&str, &str, &str); 3] = [
    ("#1f4e79", "#1f4e79", ""),
    ("#b45309", "none", "6 4"),
    ("#4b5563", "none", "2 3"),
];

/// Position on axis `i` of `n` at `share` of the radius (1: the outer ring).
fn at(i: usize, n: usize, share: f64) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
    (CX + R * share * angle.cos(), CY + R * share * angle.sin())
}

impl Radar {
    /// Position of `value` on axis `i` of `n`.
    fn point(&self, i: usize, n: usize, value: f64) -> (f64, f64) {
        let span = (self.max - self.min).max(1e-9);
        at(i, n, ((value - self.min) / span).clamp(0.0, 1.0))
    }

    fn ring(&self, n: usize, value: f64) -> String {
        (0..n)
            .map(|i| {
                let (x, y) = self.point(i, n, value);
                format!("{},{}", f(x), f(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Draws the chart as an SVG element.
    pub fn to_svg(&self) -> String {
        let n = self.axes.len();
        let height = LEGEND + 22.0 * self.series.len() as f64;
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="radar-title radar-desc" class="chart radar" font-family="sans-serif" font-size="12"><title id="radar-title">{}</title><desc id="radar-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description),
            w = f(WIDTH),
            h = f(height)
        );
        let scale_ok = self.min.is_finite() && self.max.is_finite() && self.max > self.min;
        if n < 3 || !scale_ok {
            s.push_str("</svg>");
            return s;
        }
        // Rings at each whole step of the scale above its lowest value, with their value on the first axis.
        let mut level = self.min.ceil();
        if level <= self.min {
            level += 1.0;
        }
        while level <= self.max + 1e-9 {
            let _ = write!(
                s,
                r##"<polygon points="{}" fill="none" stroke="#d0d4da"/>"##,
                self.ring(n, level)
            );
            let (x, y) = self.point(0, n, level);
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" fill="#555" font-size="10">{}</text>"##,
                f(x + 4.0),
                f(y + 4.0),
                escape(&fmt_value(level, self.french))
            );
            level += 1.0;
        }
        for (i, label) in self.axes.iter().enumerate() {
            let (x, y) = self.point(i, n, self.max);
            let _ = write!(
                s,
                r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa1ab"/>"##,
                f(CX),
                f(CY),
                f(x),
                f(y)
            );
            let (lx, ly) = at(i, n, 1.1);
            // Labels above the centre are lifted clear of the outer ring.
            let ly = if ly < CY - 1.0 { ly - 8.0 } else { ly + 6.0 };
            let anchor = if (lx - CX).abs() < 1.0 {
                "middle"
            } else if lx > CX {
                "start"
            } else {
                "end"
            };
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="{anchor}" fill="#111">"##,
                f(lx),
                f(ly + 4.0)
            );
            // Long labels on two lines, split at the space nearest the middle.
            let words: Vec<&str> = label.split(' ').collect();
            if label.chars().count() > 22 && words.len() > 1 {
                let half = label.chars().count() / 2;
                let mut cut = 1;
                let mut best = usize::MAX;
                let mut pos = 0;
                for (k, w) in words.iter().enumerate().take(words.len() - 1) {
                    pos += w.chars().count() + 1;
                    let d = pos.abs_diff(half);
                    if d < best {
                        best = d;
                        cut = k + 1;
                    }
                }
                let _ = write!(
                    s,
                    r#"<tspan x="{x}" dy="-7">{}</tspan><tspan x="{x}" dy="14">{}</tspan>"#,
                    escape(&words[..cut].join(" ")),
                    escape(&words[cut..].join(" ")),
                    x = f(lx)
                );
            } else {
                s.push_str(&escape(label));
            }
            s.push_str("</text>");
        }
        // The first series last, so that it is drawn on top.
        for (k, series) in self.series.iter().enumerate().rev() {
            let (stroke, fill, dash) = STYLES[k.min(STYLES.len() - 1)];
            let points: Vec<(f64, f64, f64, usize)> = series
                .values
                .iter()
                .take(n)
                .enumerate()
                .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
                .map(|(i, v)| {
                    let (x, y) = self.point(i, n, v);
                    (x, y, v, i)
                })
                .collect();
            let dash_attr = if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            };
            let fill_attr = if fill == "none" {
                r#" fill="none""#.to_string()
            } else {
                format!(r#" fill="{fill}" fill-opacity="0.15""#)
            };
            // The outline joins neighbouring axes that both have a value; a gap stays a gap.
            let at = |i: usize| points.iter().find(|p| p.3 == i);
            let mut d = String::new();
            for i in 0..n {
                if let (Some(a), Some(b)) = (at(i), at((i + 1) % n))
                    && n > 1
                {
                    let _ = write!(d, "M{},{}L{},{}", f(a.0), f(a.1), f(b.0), f(b.1));
                }
            }
            if points.len() == n {
                let list = points
                    .iter()
                    .map(|(x, y, _, _)| format!("{},{}", f(*x), f(*y)))
                    .collect::<Vec<_>>()
                    .join(" ");
                let _ = write!(
                    s,
                    r#"<polygon class="series-{k}" points="{list}" stroke="{stroke}" stroke-width="2"{fill_attr}{dash_attr}/>"#
                );
            } else if !d.is_empty() {
                let _ = write!(
                    s,
                    r#"<path class="series-{k}" d="{d}" stroke="{stroke}" stroke-width="2" fill="none"{dash_attr}/>"#
                );
            }
            for (x, y, v, i) in &points {
                let tip = format!(
                    "{} — {}: {}",
                    series.label,
                    self.axes[*i],
                    fmt_value(*v, self.french)
                );
                if k == 0 {
                    let _ = write!(
                        s,
                        r#"<circle cx="{}" cy="{}" r="4" fill="{stroke}"><title>{}</title></circle>"#,
                        f(*x),
                        f(*y),
                        escape(&tip)
                    );
                } else {
                    let _ = write!(
                        s,
                        r#"<rect x="{}" y="{}" width="7" height="7" fill="{stroke}"><title>{}</title></rect>"#,
                        f(x - 3.5),
                        f(y - 3.5),
                        escape(&tip)
                    );
                }
            }
        }
        for (k, series) in self.series.iter().enumerate() {
            let (stroke, _, dash) = STYLES[k.min(STYLES.len() - 1)];
            let y = LEGEND + 22.0 * k as f64 - 4.0;
            let dash_attr = if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            };
            let marker = if k == 0 {
                format!(r#"<circle cx="42" cy="{}" r="4" fill="{stroke}"/>"#, f(y))
            } else {
                format!(
                    r#"<rect x="38.5" y="{}" width="7" height="7" fill="{stroke}"/>"#,
                    f(y - 3.5)
                )
            };
            let _ = write!(
                s,
                r##"<g class="legend"><line x1="24" y1="{y}" x2="60" y2="{y}" stroke="{stroke}" stroke-width="2"{dash_attr}/>{marker}<text x="68" y="{ty}" fill="#111">{}</text></g>"##,
                escape(&series.label),
                y = f(y),
                ty = f(y + 4.0)
            );
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ddrs() -> Radar {
        Radar {
            title: "Maturité DD&RS par axe".into(),
            description: "2024 : 3,2 ; 2023 : 2,8".into(),
            axes: vec![
                "Stratégie & gouvernance".into(),
                "Enseignement & formation".into(),
                "Recherche & innovation".into(),
                "Gestion environnementale".into(),
                "Politique sociale & ancrage territorial".into(),
            ],
            min: 0.0,
            max: 5.0,
            series: vec![
                RadarSeries {
                    label: "2024".into(),
                    values: vec![Some(3.5), Some(3.0), Some(2.5), Some(4.0), Some(3.0)],
                },
                RadarSeries {
                    label: "2023".into(),
                    values: vec![Some(3.0), Some(2.5), None, Some(3.5), Some(2.0)],
                },
            ],
            french: true,
        }
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(ddrs().to_svg());
    }

    #[test]
    fn series_are_told_apart_without_colour_and_missing_values_are_left_out() {
        let svg = ddrs().to_svg();
        assert!(svg.contains(r#"role="img""#) && svg.contains("&amp; gouvernance"));
        // Five rings (1..=5); none at 0, the centre.
        assert_eq!(svg.matches(r##"stroke="#d0d4da""##).count(), 5);
        // The current year: five discs; the year before: four squares (one axis not assessed).
        assert_eq!(svg.matches("<circle").count(), 5 + 1);
        assert_eq!(svg.matches("<rect").count(), 4 + 1);
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert!(svg.contains("2023 — Gestion environnementale: 3,5"));
        assert!(!svg.contains("2023 — Recherche & innovation"));
        // The year before is not closed across its gap: two of five sides are missing.
        let d = svg
            .split(r#"class="series-1" d=""#)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default();
        assert_eq!(d.matches('M').count(), 3, "{d}");
        // The first series is drawn last (on top).
        let first = svg.find("series-0").unwrap_or_default();
        let second = svg.find("series-1").unwrap_or_default();
        assert!(second < first);
    }

    #[test]
    fn maximum_lies_on_the_outer_ring_and_top_axis_points_up() {
        let r = ddrs();
        let (x, y) = r.point(0, 5, 5.0);
        assert!((x - CX).abs() < 1e-9 && (y - (CY - R)).abs() < 1e-9);
        let (x, y) = r.point(3, 5, 0.0);
        assert!((x - CX).abs() < 1e-9 && (y - CY).abs() < 1e-9);
        // Out-of-scale values are held on the scale.
        assert_eq!(r.point(1, 5, 9.0), r.point(1, 5, 5.0));
    }

    #[test]
    fn too_few_axes_draw_an_empty_chart() {
        let r = Radar {
            axes: vec!["a".into(), "b".into()],
            max: 5.0,
            ..Default::default()
        };
        let svg = r.to_svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && !svg.contains("polygon"));
    }

    proptest! {
        #[test]
        fn never_panics_nor_writes_nan(
            values in proptest::collection::vec(proptest::option::of(-10f64..10.0), 0..8),
            axes in 0usize..8,
        ) {
            let r = Radar {
                axes: (0..axes).map(|i| format!("axe {i}")).collect(),
                min: 0.0,
                max: 5.0,
                series: vec![RadarSeries { label: "x".into(), values }],
                ..Default::default()
            };
            let svg = r.to_svg();
            prop_assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }
}
