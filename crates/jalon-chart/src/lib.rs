//! Hand-written SVG charts, the same in web pages and in PDF reports.
//!
//! Charts are drawn from numbers and labels only (no domain types), with a `<title>` and a
//! `<desc>` for screen readers, shapes and dash patterns as well as colours so nothing is
//! told by colour alone, and a stable output so that pages can be snapshot-tested. Pages show
//! the chart's data in a table beside it.

use std::fmt::Write;

mod radar;

pub use radar::{Radar, RadarSeries};

/// One measured value on a trajectory chart.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredPoint {
    pub year: i32,
    pub value: f64,
    /// Range of the value, when given as one.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Not yet validated: drawn hollow.
    pub provisional: bool,
}

/// What a trajectory chart shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trajectory {
    /// Accessible title.
    pub title: String,
    /// Accessible description (one sentence with the key figures).
    pub description: String,
    /// Unit shown on the value axis.
    pub unit: String,
    /// (year, value) of the baseline.
    pub baseline: Option<(i32, f64)>,
    /// (year, value) of the target.
    pub target: Option<(i32, f64)>,
    /// The expected path, one point per year from baseline to target.
    pub expected: Vec<(i32, f64)>,
    pub measured: Vec<MeasuredPoint>,
    /// Legend labels, in the page's language: measured, expected, target, baseline.
    pub labels: Labels,
    /// Decimal comma.
    pub french: bool,
}

/// Legend words.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    pub measured: String,
    pub expected: String,
    pub target: String,
    pub baseline: String,
    pub provisional: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            measured: "Measured".into(),
            expected: "Expected path".into(),
            target: "Target".into(),
            baseline: "Baseline".into(),
            provisional: "not validated".into(),
        }
    }
}

const W: f64 = 640.0;
const H: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 64.0;

/// Escapes text for SVG.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A "nice" step for about `target` ticks over `span` (1, 2, 2.5 or 5 × 10ⁿ).
pub fn nice_step(span: f64, target: usize) -> f64 {
    if !span.is_finite() || span <= 0.0 {
        return 1.0;
    }
    let raw = span / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Formats a tick or value label.
pub fn fmt_value(v: f64, french: bool) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let s = s.replace('-', "−");
    if french { s.replace('.', ",") } else { s }
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

impl Trajectory {
    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.baseline
            .iter()
            .chain(self.target.iter())
            .chain(self.expected.iter())
            .map(|(_, v)| *v)
            .chain(
                self.measured
                    .iter()
                    .flat_map(|m| [Some(m.value), m.low, m.high].into_iter().flatten()),
            )
            .filter(|v| v.is_finite())
    }

    fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.baseline
            .iter()
            .chain(self.target.iter())
            .chain(self.expected.iter())
            .map(|(y, _)| *y)
            .chain(self.measured.iter().map(|m| m.year))
    }

    /// True when there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.values().next().is_none()
    }

    /// Draws the chart as an SVG element.
    pub fn to_svg(&self) -> String {
        let (mut lo, mut hi) = self
            .values()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        if !lo.is_finite() {
            lo = 0.0;
            hi = 1.0;
        }
        // Start at zero for positive series, so changes are not exaggerated.
        if lo > 0.0 {
            lo = 0.0;
        }
        if hi < 0.0 {
            hi = 0.0;
        }
        if (hi - lo).abs() < 1e-12 {
            hi = lo + 1.0;
        }
        let step = nice_step(hi - lo, 5);
        let lo = (lo / step).floor() * step;
        let hi = (hi / step).ceil() * step;
        let (y0, y1) = {
            let mut ys = self.years();
            let first = ys.next().unwrap_or(2020);
            ys.fold((first, first), |(a, b), y| (a.min(y), b.max(y)))
        };
        let (y0, y1) = if y0 == y1 { (y0 - 1, y1 + 1) } else { (y0, y1) };
        let px = |year: i32| LEFT + (W - LEFT - RIGHT) * f64::from(year - y0) / f64::from(y1 - y0);
        let py = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));

        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="chart-title chart-desc" class="chart" font-family="sans-serif" font-size="12">"#
        );
        let _ = write!(
            s,
            r#"<title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description)
        );
        // Grid and value axis.
        let mut v = lo;
        while v <= hi + step / 2.0 {
            let y = py(v);
            let _ = write!(
                s,
                r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d4da" stroke-width="1"/><text x="{}" y="{}" text-anchor="end" fill="#333">{}</text>"##,
                f(LEFT),
                f(y),
                f(W - RIGHT),
                f(y),
                f(LEFT - 6.0),
                f(y + 4.0),
                escape(&fmt_value(v, self.french))
            );
            v += step;
        }
        if !self.unit.is_empty() {
            let _ = write!(
                s,
                r##"<text x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle" fill="#333">{}</text>"##,
                f((TOP + H - BOTTOM) / 2.0),
                f((TOP + H - BOTTOM) / 2.0),
                escape(&self.unit)
            );
        }
        // Year axis.
        let year_step = ((y1 - y0) / 8).max(1);
        let mut year = y0;
        while year <= y1 {
            let x = px(year);
            let _ = write!(
                s,
                r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333" stroke-width="1"/><text x="{}" y="{}" text-anchor="middle" fill="#333">{year}</text>"##,
                f(x),
                f(H - BOTTOM),
                f(x),
                f(H - BOTTOM + 5.0),
                f(x),
                f(H - BOTTOM + 18.0)
            );
            year += year_step;
        }
        let _ = write!(
            s,
            r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333" stroke-width="1"/>"##,
            f(LEFT),
            f(H - BOTTOM),
            f(W - RIGHT),
            f(H - BOTTOM)
        );
        // Expected path: dashed grey line.
        if self.expected.len() >= 2 {
            let pts: Vec<String> = self
                .expected
                .iter()
                .map(|(y, v)| format!("{},{}", f(px(*y)), f(py(*v))))
                .collect();
            let _ = write!(
                s,
                r##"<polyline class="expected" points="{}" fill="none" stroke="#6b7280" stroke-width="2" stroke-dasharray="6 4"/>"##,
                pts.join(" ")
            );
        }
        // Baseline: grey square; target: dark ring with a cross.
        if let Some((y, v)) = self.baseline {
            let _ = write!(
                s,
                r##"<rect class="baseline" x="{}" y="{}" width="10" height="10" fill="#6b7280"><title>{} {y}: {}</title></rect>"##,
                f(px(y) - 5.0),
                f(py(v) - 5.0),
                escape(&self.labels.baseline),
                escape(&fmt_value(v, self.french))
            );
        }
        if let Some((y, v)) = self.target {
            let (x, yy) = (px(y), py(v));
            let _ = write!(
                s,
                r##"<g class="target"><circle cx="{}" cy="{}" r="7" fill="none" stroke="#111827" stroke-width="2"/><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#111827" stroke-width="2"/><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#111827" stroke-width="2"/><title>{} {y}: {}</title></g>"##,
                f(x),
                f(yy),
                f(x - 4.0),
                f(yy),
                f(x + 4.0),
                f(yy),
                f(x),
                f(yy - 4.0),
                f(x),
                f(yy + 4.0),
                escape(&self.labels.target),
                escape(&fmt_value(v, self.french))
            );
        }
        // Measured values: solid blue line, filled circles (hollow when not validated),
        // vertical bars for ranges.
        if self.measured.len() >= 2 {
            let pts: Vec<String> = self
                .measured
                .iter()
                .map(|m| format!("{},{}", f(px(m.year)), f(py(m.value))))
                .collect();
            let _ = write!(
                s,
                r##"<polyline class="measured" points="{}" fill="none" stroke="#1d4ed8" stroke-width="2.5"/>"##,
                pts.join(" ")
            );
        }
        for m in &self.measured {
            let (x, y) = (px(m.year), py(m.value));
            if let (Some(l), Some(h)) = (m.low, m.high) {
                let _ = write!(
                    s,
                    r##"<line class="range" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d4ed8" stroke-width="1.5"/>"##,
                    f(x),
                    f(py(l)),
                    f(x),
                    f(py(h))
                );
            }
            let fill = if m.provisional { "#ffffff" } else { "#1d4ed8" };
            let note = if m.provisional {
                format!(" ({})", escape(&self.labels.provisional))
            } else {
                String::new()
            };
            let _ = write!(
                s,
                r##"<circle class="point" cx="{}" cy="{}" r="5" fill="{fill}" stroke="#1d4ed8" stroke-width="2"><title>{} {}: {}{note}</title></circle>"##,
                f(x),
                f(y),
                escape(&self.labels.measured),
                m.year,
                escape(&fmt_value(m.value, self.french))
            );
        }
        // Legend (shapes and dashes, not colour alone).
        let ly = H - 20.0;
        let _ = write!(
            s,
            r##"<g class="legend" fill="#333"><line x1="{l0}" y1="{ly}" x2="{l1}" y2="{ly}" stroke="#1d4ed8" stroke-width="2.5"/><circle cx="{lc}" cy="{ly}" r="4" fill="#1d4ed8"/><text x="{lt}" y="{lyt}">{m}</text><line x1="{e0}" y1="{ly}" x2="{e1}" y2="{ly}" stroke="#6b7280" stroke-width="2" stroke-dasharray="6 4"/><text x="{et}" y="{lyt}">{e}</text><circle cx="{tc}" cy="{ly}" r="6" fill="none" stroke="#111827" stroke-width="2"/><text x="{tt}" y="{lyt}">{t}</text><rect x="{bc}" y="{bby}" width="10" height="10" fill="#6b7280"/><text x="{bt}" y="{lyt}">{b}</text></g>"##,
            l0 = f(LEFT),
            l1 = f(LEFT + 28.0),
            lc = f(LEFT + 14.0),
            lt = f(LEFT + 34.0),
            e0 = f(LEFT + 150.0),
            e1 = f(LEFT + 178.0),
            et = f(LEFT + 184.0),
            tc = f(LEFT + 330.0),
            tt = f(LEFT + 342.0),
            bc = f(LEFT + 430.0),
            bby = f(ly - 5.0),
            bt = f(LEFT + 446.0),
            lyt = f(ly + 4.0),
            m = escape(&self.labels.measured),
            e = escape(&self.labels.expected),
            t = escape(&self.labels.target),
            b = escape(&self.labels.baseline),
        );
        s.push_str("</svg>");
        s
    }
}

/// One bar: a value and its 95 % interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Horizontal bars with interval whiskers (emissions by post, category or scope).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HorizontalBars {
    pub title: String,
    pub description: String,
    pub unit: String,
    pub bars: Vec<Bar>,
    pub french: bool,
}

impl HorizontalBars {
    /// Draws the chart; labels on the left, values at the end of each bar.
    pub fn to_svg(&self) -> String {
        let label_w = 260.0;
        let row_h = 26.0;
        let width = 720.0;
        let right = 90.0;
        let top = 8.0;
        let height = top + row_h * self.bars.len().max(1) as f64 + 30.0;
        let max = self
            .bars
            .iter()
            .flat_map(|b| [Some(b.value), b.high].into_iter().flatten())
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let step = nice_step(max.max(1e-9), 4);
        let max = (max / step).ceil().max(1.0) * step;
        let px = |v: f64| label_w + (width - label_w - right) * (v.max(0.0) / max);
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" role="img" aria-labelledby="hb-title hb-desc" class="chart" font-family="sans-serif" font-size="12"><title id="hb-title">{}</title><desc id="hb-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description),
            h = f(height)
        );
        let mut v = 0.0;
        while v <= max + step / 2.0 {
            let x = px(v);
            let _ = write!(
                s,
                r##"<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="#d0d4da"/><text x="{x}" y="{ty}" text-anchor="middle" fill="#333">{}</text>"##,
                escape(&fmt_value(v, self.french)),
                x = f(x),
                t = f(top),
                b = f(height - 24.0),
                ty = f(height - 10.0)
            );
            v += step;
        }
        for (i, b) in self.bars.iter().enumerate() {
            let y = top + row_h * i as f64;
            let label: String = if b.label.chars().count() > 38 {
                let mut l: String = b.label.chars().take(37).collect();
                l.push('…');
                l
            } else {
                b.label.clone()
            };
            let _ = write!(
                s,
                r##"<text x="{lx}" y="{ty}" text-anchor="end" fill="#333">{}</text><rect x="{x0}" y="{ry}" width="{w}" height="{rh}" fill="#1f4e79"><title>{}: {}</title></rect>"##,
                escape(&label),
                escape(&b.label),
                escape(&fmt_value(b.value, self.french)),
                lx = f(label_w - 8.0),
                ty = f(y + row_h * 0.65),
                x0 = f(label_w),
                ry = f(y + 5.0),
                w = f((px(b.value) - label_w).max(0.0)),
                rh = f(row_h - 10.0)
            );
            if let (Some(lo), Some(hi)) = (b.low, b.high) {
                let cy = y + row_h / 2.0;
                let _ = write!(
                    s,
                    r##"<g class="interval" stroke="#111827" stroke-width="1.5"><line x1="{a}" y1="{cy}" x2="{b}" y2="{cy}"/><line x1="{a}" y1="{y1}" x2="{a}" y2="{y2}"/><line x1="{b}" y1="{y1}" x2="{b}" y2="{y2}"/></g>"##,
                    a = f(px(lo)),
                    b = f(px(hi)),
                    cy = f(cy),
                    y1 = f(cy - 5.0),
                    y2 = f(cy + 5.0)
                );
            }
            let end = b.high.unwrap_or(b.value);
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" fill="#333">{}</text>"##,
                f(px(end) + 6.0),
                f(y + row_h * 0.65),
                escape(&fmt_value(b.value, self.french))
            );
        }
        if !self.unit.is_empty() {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end" fill="#333">{}</text>"##,
                f(width - 4.0),
                f(height - 10.0),
                escape(&self.unit)
            );
        }
        s.push_str("</svg>");
        s
    }
}

/// Yearly columns with intervals and an expected path drawn as a dashed line (footprint
/// trend against a −5 %/year trajectory).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    pub title: String,
    pub description: String,
    pub unit: String,
    /// (year, value, low, high)
    pub columns: Vec<(i32, f64, Option<f64>, Option<f64>)>,
    /// Expected value per year, drawn as a dashed line.
    pub expected: Vec<(i32, f64)>,
    pub labels: Labels,
    pub french: bool,
}

impl Columns {
    /// Draws the chart.
    pub fn to_svg(&self) -> String {
        let (w, h) = (640.0, 300.0);
        let (left, right, top, bottom) = (64.0, 16.0, 16.0, 56.0);
        let max = self
            .columns
            .iter()
            .flat_map(|(_, v, _, hi)| [Some(*v), *hi].into_iter().flatten())
            .chain(self.expected.iter().map(|(_, v)| *v))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let step = nice_step(max.max(1e-9), 5);
        let max = (max / step).ceil().max(1.0) * step;
        let years: Vec<i32> = {
            let mut y: Vec<i32> = self
                .columns
                .iter()
                .map(|c| c.0)
                .chain(self.expected.iter().map(|e| e.0))
                .collect();
            y.sort_unstable();
            y.dedup();
            y
        };
        let n = years.len().max(1) as f64;
        let slot = (w - left - right) / n;
        let cx = |year: i32| {
            left + slot * (years.iter().position(|y| *y == year).unwrap_or(0) as f64 + 0.5)
        };
        let py = |v: f64| top + (h - top - bottom) * (1.0 - v.max(0.0) / max);
        let mut s = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="col-title col-desc" class="chart" font-family="sans-serif" font-size="12"><title id="col-title">{}</title><desc id="col-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description)
        );
        let mut v = 0.0;
        while v <= max + step / 2.0 {
            let y = py(v);
            let _ = write!(
                s,
                r##"<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="#d0d4da"/><text x="{tx}" y="{ty}" text-anchor="end" fill="#333">{}</text>"##,
                escape(&fmt_value(v, self.french)),
                l = f(left),
                r = f(w - right),
                y = f(y),
                tx = f(left - 6.0),
                ty = f(y + 4.0)
            );
            v += step;
        }
        for year in &years {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#333">{year}</text>"##,
                f(cx(*year)),
                f(h - bottom + 16.0)
            );
        }
        let bw = (slot * 0.5).min(60.0);
        for (year, value, lo, hi) in &self.columns {
            let x = cx(*year);
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#1f4e79"><title>{year}: {}</title></rect>"##,
                f(x - bw / 2.0),
                f(py(*value)),
                f(bw),
                f((py(0.0) - py(*value)).max(0.0)),
                escape(&fmt_value(*value, self.french))
            );
            if let (Some(lo), Some(hi)) = (lo, hi) {
                let _ = write!(
                    s,
                    r##"<g class="interval" stroke="#111827" stroke-width="1.5"><line x1="{x}" y1="{a}" x2="{x}" y2="{b}"/><line x1="{x1}" y1="{a}" x2="{x2}" y2="{a}"/><line x1="{x1}" y1="{b}" x2="{x2}" y2="{b}"/></g>"##,
                    x = f(x),
                    a = f(py(*hi)),
                    b = f(py(*lo)),
                    x1 = f(x - 6.0),
                    x2 = f(x + 6.0)
                );
            }
        }
        if self.expected.len() >= 2 {
            let pts: Vec<String> = self
                .expected
                .iter()
                .map(|(y, v)| format!("{},{}", f(cx(*y)), f(py(*v))))
                .collect();
            let _ = write!(
                s,
                r##"<polyline class="expected" points="{}" fill="none" stroke="#b45309" stroke-width="2" stroke-dasharray="6 4"/>"##,
                pts.join(" ")
            );
        }
        let ly = h - 16.0;
        let _ = write!(
            s,
            r##"<g class="legend" fill="#333"><rect x="{}" y="{}" width="14" height="10" fill="#1f4e79"/><text x="{}" y="{}">{}</text><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b45309" stroke-width="2" stroke-dasharray="6 4"/><text x="{}" y="{}">{}</text>{}</g>"##,
            f(left),
            f(ly - 9.0),
            f(left + 20.0),
            f(ly),
            escape(&self.labels.measured),
            f(left + 180.0),
            f(ly - 4.0),
            f(left + 208.0),
            f(ly - 4.0),
            f(left + 214.0),
            f(ly),
            escape(&self.labels.expected),
            if self.unit.is_empty() {
                String::new()
            } else {
                format!(
                    r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
                    f(w - right),
                    f(ly),
                    escape(&self.unit)
                )
            }
        );
        s.push_str("</svg>");
        s
    }
}

/// A horizontal stacked bar of counts (status breakdown), with a text label per segment.
pub fn stacked_bar(segments: &[(String, u32, &str)], title: &str) -> String {
    let total: u32 = segments.iter().map(|(_, n, _)| *n).sum();
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 24" role="img" aria-label="{}" class="statusbar" preserveAspectRatio="none">"#,
        escape(title)
    );
    if total > 0 {
        let mut x = 0.0;
        for (label, n, colour) in segments.iter().filter(|(_, n, _)| *n > 0) {
            let w = 400.0 * f64::from(*n) / f64::from(total);
            let _ = write!(
                s,
                r#"<rect x="{}" y="0" width="{}" height="24" fill="{}"><title>{}: {n}</title></rect>"#,
                f(x),
                f(w),
                escape(colour),
                escape(label)
            );
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Trajectory {
        Trajectory {
            title: "C3.O3.T1 — eau".into(),
            description: "Référence 24 000 m³ en 2022, cible 12 000 m³ en 2027.".into(),
            unit: "m³".into(),
            baseline: Some((2022, 24000.0)),
            target: Some((2027, 12000.0)),
            expected: (2022..=2027)
                .map(|y| (y, 24000.0 - 2400.0 * f64::from(y - 2022)))
                .collect(),
            measured: vec![
                MeasuredPoint {
                    year: 2023,
                    value: 22000.0,
                    low: None,
                    high: None,
                    provisional: false,
                },
                MeasuredPoint {
                    year: 2025,
                    value: 17000.0,
                    low: Some(16000.0),
                    high: Some(18000.0),
                    provisional: true,
                },
            ],
            labels: Labels::default(),
            french: true,
        }
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(sample().to_svg());
    }

    #[test]
    fn accessible_and_escaped() {
        let mut t = sample();
        t.title = "<script>".into();
        let svg = t.to_svg();
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("stroke-dasharray"), "expected path is dashed");
    }

    #[test]
    fn steps_are_nice() {
        assert_eq!(nice_step(24000.0, 5), 5000.0);
        assert_eq!(nice_step(1.0, 5), 0.2);
        assert_eq!(nice_step(100.0, 4), 25.0);
        assert_eq!(fmt_value(-2.5, true), "−2,5");
    }

    #[test]
    fn bars_and_columns_are_accessible() {
        let bars = HorizontalBars {
            title: "Émissions par poste".into(),
            description: "2.1 Électricité : 234 t".into(),
            unit: "tCO2e".into(),
            bars: vec![Bar {
                label: "2.1 Électricité".into(),
                value: 234.0,
                low: Some(180.0),
                high: Some(300.0),
            }],
            french: true,
        };
        let svg = bars.to_svg();
        assert!(
            svg.contains("role=\"img\"")
                && svg.contains("<title id=\"hb-title\">Émissions par poste</title>")
        );
        assert!(svg.contains("class=\"interval\""));
        let cols = Columns {
            title: "Tendance".into(),
            columns: vec![
                (2022, 1000.0, Some(900.0), Some(1100.0)),
                (2023, 950.0, None, None),
            ],
            expected: vec![(2022, 1000.0), (2023, 950.0), (2024, 902.5)],
            ..Default::default()
        };
        let svg = cols.to_svg();
        assert!(svg.contains("2024") && svg.contains("stroke-dasharray"));
        assert!(!svg.contains("NaN"));
        assert!(HorizontalBars::default().to_svg().ends_with("</svg>"));
    }

    proptest! {
        #[test]
        fn never_panics_and_stays_in_the_box(
            v0 in -1e6f64..1e6, vt in -1e6f64..1e6, vals in proptest::collection::vec((2000i32..2040, -1e6f64..1e6), 0..8)
        ) {
            let t = Trajectory {
                baseline: Some((2020, v0)),
                target: Some((2030, vt)),
                expected: vec![(2020, v0), (2030, vt)],
                measured: vals.iter().map(|(y, v)| MeasuredPoint { year: *y, value: *v, low: None, high: None, provisional: false }).collect(),
                ..Default::default()
            };
            let svg = t.to_svg();
            prop_assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }
}
