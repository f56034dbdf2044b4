//! What every page template receives ([`Page`]) and the helpers that turn domain values into
//! page elements: status badges (icon and words, not colour alone) and trajectory charts with
//! their data tables.

use jalon_chart::{Labels, MeasuredPoint, Trajectory};
use jalon_core::Lang;
use jalon_core::access::{Operation, Role, allowed};
use jalon_core::plan::{Indicator, MeasurementState, Target};
use jalon_core::progress::Status;
use jalon_core::status::{TargetStatus, series};

use crate::auth::{Auth, Via};
use jalon_i18n::Tr;

/// The signed-in user as the layout shows it.
#[derive(Debug, Clone)]
pub struct PageUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// The context of every page: language, user, CSRF token, current section, flash message.
#[derive(Debug, Clone)]
pub struct Page {
    pub tr: Tr,
    pub user: Option<PageUser>,
    /// Token to put in forms (`_csrf`) and in htmx headers.
    pub csrf: String,
    /// Current path, for the language switch and the active link.
    pub path: String,
    /// Navigation section: `dashboard`, `strategy`, `actions`, `indicators`, …
    pub nav: &'static str,
    /// Translated confirmation of the last action.
    pub flash: Option<String>,
    pub can_edit: bool,
    pub is_admin: bool,
}

impl Page {
    /// A page for `auth` (signed in or not) in `lang`.
    pub fn new(auth: Option<&Auth>, lang: Lang, path: &str, nav: &'static str) -> Page {
        let role = auth.map(|a| a.actor.role);
        Page {
            tr: Tr::new(lang),
            user: auth.map(|a| PageUser {
                username: a.actor.username.clone(),
                display_name: a.actor.display_name.clone(),
                role: a.actor.role,
            }),
            csrf: auth
                .filter(|a| a.via == Via::Session)
                .map(|a| a.csrf.clone())
                .unwrap_or_default(),
            path: path.to_string(),
            nav,
            flash: None,
            can_edit: role.is_some_and(|r| allowed(r, Operation::EditPlan)),
            is_admin: role.is_some_and(|r| allowed(r, Operation::ManageUsers)),
        }
    }

    /// Adds the confirmation message `flash-{key}` when `key` is a known one.
    pub fn with_flash(mut self, key: Option<&str>) -> Page {
        self.flash = key
            .map(|k| format!("flash-{k}"))
            .filter(|k| self.tr.has(k))
            .map(|k| self.tr.t(&k));
        self
    }

    /// The role's label.
    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.tr.of("role", u.role.as_str()))
            .unwrap_or_default()
    }

    /// Path of this page in the other language (`/lang/en?next=…`).
    pub fn other_lang_href(&self) -> String {
        let other = if self.tr.fr() { "en" } else { "fr" };
        format!(
            "/lang/{other}?next={}",
            crate::auth::percent_encode(&self.path)
        )
    }

    /// A status badge: icon, words and class (HTML, escaped).
    pub fn badge(&self, status: &Status) -> String {
        badge(&self.tr, *status)
    }

    /// The badge of a target's computed status, with the uncertainty note when it applies.
    pub fn target_badge(&self, s: &TargetStatus) -> String {
        let mut html = badge(&self.tr, s.status());
        if let Some((a, b)) = s.assessment.uncertain_between {
            html.push_str(&format!(
                r#" <span class="note">{}</span>"#,
                escape(&self.tr.args(
                    "status-uncertain",
                    &[
                        ("best", &self.tr.of("status", a.as_str())),
                        ("worst", &self.tr.of("status", b.as_str()))
                    ]
                ))
            ));
        }
        if let Some(r) = s.reason {
            html.push_str(&format!(
                r#" <span class="note">{}</span>"#,
                escape(&self.tr.of("reason", r.as_str()))
            ));
        }
        html
    }

    /// `aria-current="page"` for the active navigation link.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav {
            r#"aria-current="page""#
        } else {
            ""
        }
    }
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
    let expected: Vec<(i32, f64)> = (spec.baseline_year..=spec.target_year)
        .map(|y| (y, spec.expected_at(y)))
        .collect();
    let points = indicator.map(series).unwrap_or_default();
    let measured: Vec<MeasuredPoint> = points
        .iter()
        .map(|p| MeasuredPoint {
            year: p.year,
            value: p.value,
            low: p.low,
            high: p.high,
            provisional: p.state != MeasurementState::Validated,
        })
        .collect();
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
                &points
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
        expected: expected.clone(),
        measured,
        labels: Labels {
            measured: tr.t("chart-measured"),
            expected: tr.t("chart-expected"),
            target: tr.t("chart-target"),
            baseline: tr.t("chart-baseline"),
            provisional: tr.t("chart-provisional"),
        },
        french: tr.fr(),
    };
    let first = spec
        .baseline_year
        .min(points.first().map_or(i32::MAX, |p| p.year));
    let last = spec
        .target_year
        .max(points.last().map_or(i32::MIN, |p| p.year));
    let rows = (first..=last)
        .map(|y| {
            let m = points.iter().rev().find(|p| p.year == y);
            ChartRow {
                year: y,
                expected: expected.iter().find(|(ey, _)| *ey == y).map(|(_, v)| *v),
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
