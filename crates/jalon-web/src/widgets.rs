//! Page elements built from domain values: status badges (icon and words, never colour alone),
//! SDG badges, trajectory and bar charts with their data tables, file downloads.

use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jalon_app::carbon::inventory::Kg;
use jalon_app::report::trajectory::TrajectorySeries;
use jalon_chart::{Bar, HorizontalBars, Labels, Trajectory};
use jalon_core::plan::{Indicator, MeasurementState, Target};
use jalon_core::progress::{Status, StatusCounts};
use jalon_core::status::TargetStatus;
use jalon_i18n::Tr;

/// SDG badges (goal colours come from the style sheet: the CSP allows no inline style).
pub(crate) fn sdg_badges(sdgs: &[String]) -> String {
    sdgs.iter()
        .map(|s| {
            let goal: usize = s
                .split('.')
                .next()
                .and_then(|g| g.parse().ok())
                .unwrap_or(0);
            let class = if (1..=17).contains(&goal) {
                format!("sdg sdg-{goal}")
            } else {
                "sdg".to_string()
            };
            format!(
                r#"<span class="{class}" title="ODD/SDG {}">{}</span>"#,
                escape(s),
                escape(s)
            )
        })
        .collect::<Vec<_>>()
        .join("")
}

pub(crate) fn counts_bar(tr: &Tr, counts: &StatusCounts, title: &str) -> String {
    let segments: Vec<(String, u32, &str)> = Status::ALL
        .iter()
        .map(|s| {
            (
                tr.of("status", s.as_str()),
                counts.get(*s),
                status_colour(*s),
            )
        })
        .collect();
    jalon_chart::stacked_bar(&segments, title)
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    jalon_chart::escape(s)
}

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Achieved => "✓",
        Status::OnTrack => "↗",
        Status::AtRisk => "!",
        Status::OffTrack => "↘",
        Status::Deteriorating => "↓",
        Status::Missed => "✗",
        Status::NoData => "–",
    }
}

/// Fill colour of a status (charts and bars; always paired with words).
pub fn status_colour(s: Status) -> &'static str {
    match s {
        Status::Achieved => "#166534",
        Status::OnTrack => "#15803d",
        Status::AtRisk => "#b45309",
        Status::OffTrack => "#c2410c",
        Status::Deteriorating => "#b91c1c",
        Status::Missed => "#7f1d1d",
        Status::NoData => "#9ca3af",
    }
}

/// A status badge as HTML.
pub fn badge(tr: &Tr, s: Status) -> String {
    format!(
        r#"<span class="badge st-{}"><span aria-hidden="true">{}</span> {}</span>"#,
        s.as_str(),
        status_icon(s),
        escape(&tr.of("status", s.as_str()))
    )
}

/// A row of the data table beside a trajectory chart.
#[derive(Debug, Clone)]
pub struct ChartRow {
    pub year: i32,
    pub expected: Option<f64>,
    pub measured: Option<String>,
    pub provisional: bool,
}

/// A target's trajectory chart (SVG) and its data table, when the target is quantified.
pub fn trajectory(
    tr: &Tr,
    target: &Target,
    status: &TargetStatus,
    indicator: Option<&Indicator>,
) -> Option<(String, Vec<ChartRow>)> {
    let spec = status.spec?;
    let series = TrajectorySeries::new(spec, indicator);
    let unit = target
        .unit
        .clone()
        .or_else(|| indicator.and_then(|i| i.unit.clone()))
        .unwrap_or_default();
    let description = tr.args(
        "chart-description",
        &[
            ("baseline", &tr.num(spec.baseline_value)),
            ("baseline_year", &spec.baseline_year.to_string()),
            ("target", &tr.num(spec.target_value)),
            ("target_year", &spec.target_year.to_string()),
            ("unit", &unit),
            (
                "latest",
                &series
                    .points
                    .last()
                    .map(|p| format!("{} ({})", tr.num(p.value), p.year))
                    .unwrap_or_else(|| "–".to_string()),
            ),
        ],
    );
    let chart = Trajectory {
        title: tr.t1("chart-title", "code", &target.code),
        description,
        unit: unit.clone(),
        baseline: Some((spec.baseline_year, spec.baseline_value)),
        target: Some((spec.target_year, spec.target_value)),
        expected: series.expected.clone(),
        measured: series.measured(),
        labels: Labels {
            measured: tr.t("chart-measured"),
            expected: tr.t("chart-expected"),
            target: tr.t("chart-target"),
            baseline: tr.t("chart-baseline"),
            provisional: tr.t("chart-provisional"),
        },
        french: tr.fr(),
    };
    let rows = series
        .years()
        .map(|y| {
            let m = series.measured_in(y);
            ChartRow {
                year: y,
                expected: series.expected_in(y),
                measured: m.map(|p| match (p.low, p.high) {
                    (Some(l), Some(h)) => {
                        format!("{} ({}–{})", tr.num(p.value), tr.num(l), tr.num(h))
                    }
                    _ => tr.num(p.value),
                }),
                provisional: m.is_some_and(|p| p.state != MeasurementState::Validated),
            }
        })
        .collect();
    Some((chart.to_svg(), rows))
}

pub(crate) fn bars_of(tr: &Tr, title: &str, description: &str, items: Vec<(String, Kg)>) -> String {
    HorizontalBars {
        title: title.to_string(),
        description: description.to_string(),
        unit: "tCO2e".to_string(),
        bars: items
            .into_iter()
            .map(|(label, k)| {
                let t = |kg: f64| (kg / 100.0).round() / 10.0;
                Bar {
                    label,
                    value: t(k.kg),
                    low: Some(t(k.low)),
                    high: Some(t(k.high)),
                }
            })
            .collect(),
        french: tr.fr(),
    }
    .to_svg()
}

pub(crate) fn attachment(bytes: Vec<u8>, name: &str, mime: &'static str) -> Response {
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    resp
}
