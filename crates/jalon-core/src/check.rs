//! The plan check: what a careful reviewer would flag in a strategy and its action plan.
//!
//! Each finding has a stable `code` (for filtering and translation), a severity, the code of
//! the element it is about, and a [`Message`]: a catalogue key (`check-<code>` or
//! `check-<code>-<variant>`) with named arguments, which the message catalogue (`jalon-i18n`)
//! says in French or English. The same check runs on a file before it is imported (the import
//! preview) and on the stored plan (`jalon check`, the web page, the API).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::action::ActionStatus;
use crate::message::Message;
use crate::number::{NumberError, parse_measured, parse_number};
use crate::period::{Period, PeriodError};
use crate::plan::{PlanDocument, Target, ValueKind};
use crate::progress::Direction;
use crate::units::{self, can_measure, classify};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan is wrong or cannot be followed as it stands.
    Error,
    /// Probably a mistake or a gap to fill.
    Warning,
    /// Worth a look.
    Info,
}

impl Severity {
    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing the check flags.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// Stable snake_case code of the rule, e.g. `target_without_indicator`.
    pub code: &'static str,
    pub severity: Severity,
    /// What the finding is about: `strategy`, `axis`, `objective`, `target`, `indicator`,
    /// `action`, `measurement`, `person`.
    pub entity: &'static str,
    /// Code of the element (`C2.O4.T1`), or `strategy`.
    pub location: String,
    /// What the finding says, as a catalogue key (`check-<code>` or `check-<code>-<variant>`)
    /// and its named arguments; `jalon_i18n::Tr::msg` renders it in French or English.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub message: Message,
}

/// Every rule code the check can emit, with its severity, for documentation and filters.
pub const RULES: &[(&str, Severity)] = &[
    ("missing_code", Severity::Error),
    ("duplicate_code", Severity::Error),
    ("code_outside_parent", Severity::Warning),
    ("stated_count_mismatch", Severity::Warning),
    ("objective_without_target", Severity::Warning),
    ("objective_without_action", Severity::Info),
    ("target_without_indicator", Severity::Warning),
    ("unknown_indicator", Severity::Error),
    ("target_not_quantified", Severity::Warning),
    ("target_unmeasurable", Severity::Warning),
    ("target_year_outside_period", Severity::Warning),
    ("baseline_not_before_target", Severity::Error),
    ("direction_contradicts_values", Severity::Warning),
    ("plan_table_disagrees", Severity::Warning),
    ("target_missing_from_plan_table", Severity::Warning),
    ("target_missing_from_body", Severity::Info),
    ("plan_table_worded_differently", Severity::Info),
    ("indicator_without_unit", Severity::Warning),
    ("indicator_without_baseline", Severity::Warning),
    ("indicator_without_owner", Severity::Warning),
    ("indicator_unused", Severity::Info),
    ("invalid_measurement", Severity::Error),
    ("duplicate_measurement", Severity::Error),
    ("action_without_pilot", Severity::Warning),
    ("action_without_dates", Severity::Warning),
    ("action_dates_reversed", Severity::Error),
    ("action_outside_period", Severity::Warning),
    ("action_status_contradicts_progress", Severity::Warning),
    ("budget_overspent", Severity::Warning),
    ("unknown_person", Severity::Error),
    ("unknown_unit", Severity::Error),
    ("invalid_sdg", Severity::Error),
    ("invalid_share", Severity::Error),
];

/// Rules whose findings make a plan impossible to store as it is (unknown references,
/// duplicate or missing codes, unreadable values): an import refuses the file.
pub const BLOCKING: &[&str] = &[
    "missing_code",
    "duplicate_code",
    "unknown_indicator",
    "unknown_person",
    "unknown_unit",
    "invalid_sdg",
    "invalid_share",
    "invalid_measurement",
    "duplicate_measurement",
];

/// True when findings of rule `code` block an import.
pub fn is_blocking(code: &str) -> bool {
    BLOCKING.contains(&code)
}

fn severity_of(code: &str) -> Severity {
    RULES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Severity::Warning, |(_, s)| *s)
}

/// Gathers the findings; it knows no language: each finding carries a [`Message`].
struct Collector {
    findings: Vec<Finding>,
}

impl Collector {
    fn add(&mut self, code: &'static str, entity: &'static str, location: &str, message: Message) {
        debug_assert!(
            key_names_rule(message.key, code),
            "{} is not a key of rule {code}",
            message.key
        );
        self.findings.push(Finding {
            code,
            severity: severity_of(code),
            entity,
            location: if location.is_empty() {
                "?".to_string()
            } else {
                location.to_string()
            },
            message,
        });
    }
}

/// True when `key` is `check-<code>` or `check-<code>-<variant>`.
fn key_names_rule(key: &str, code: &str) -> bool {
    key.strip_prefix("check-")
        .and_then(|k| k.strip_prefix(code))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// Runs every rule on the plan and returns the findings, errors first, in plan order.
pub fn check_plan(doc: &PlanDocument) -> Vec<Finding> {
    let mut c = Collector {
        findings: Vec::new(),
    };
    check_codes(doc, &mut c);
    check_counts(doc, &mut c);
    check_references(doc, &mut c);
    check_objectives(doc, &mut c);
    check_targets(doc, &mut c);
    check_indicators(doc, &mut c);
    check_actions(doc, &mut c);
    // Stable sort keeps plan order within a severity.
    c.findings.sort_by_key(|f| f.severity);
    c.findings
}

fn check_codes(doc: &PlanDocument, c: &mut Collector) {
    let mut seen: HashMap<String, &'static str> = HashMap::new();
    let mut visit =
        |c: &mut Collector, code: &str, entity: &'static str, parent: Option<&str>, title: &str| {
            if code.trim().is_empty() {
                c.add(
                    "missing_code",
                    entity,
                    parent.unwrap_or("strategy"),
                    Message::new("check-missing_code")
                        .with("entity", entity)
                        .with("title", short(title)),
                );
                return;
            }
            if let Some(prev) = seen.insert(code_key(code), entity) {
                c.add(
                    "duplicate_code",
                    entity,
                    code,
                    Message::new("check-duplicate_code")
                        .with("code", code)
                        .with("first", prev)
                        .with("second", entity),
                );
            }
            if let Some(parent) = parent.filter(|p| !p.is_empty())
                && !code.starts_with(&format!("{parent}."))
            {
                c.add(
                    "code_outside_parent",
                    entity,
                    code,
                    Message::new("check-code_outside_parent")
                        .with("code", code)
                        .with("parent", parent),
                );
            }
        };
    for axis in &doc.axes {
        visit(c, &axis.code, "axis", None, &axis.title);
        for o in &axis.objectives {
            visit(c, &o.code, "objective", Some(&axis.code), &o.title);
            for t in &o.targets {
                visit(
                    c,
                    &t.code,
                    "target",
                    Some(&o.code),
                    t.text.as_deref().unwrap_or(""),
                );
            }
            for i in &o.indicators {
                visit(c, &i.code, "indicator", Some(&o.code), &i.name);
            }
            for a in &o.actions {
                visit(c, &a.code, "action", Some(&o.code), &a.title);
            }
        }
    }
}

/// Codes are compared without case or surrounding spaces: `c1.o2` and `C1.O2` collide.
fn code_key(code: &str) -> String {
    code.trim().to_uppercase()
}

fn check_counts(doc: &PlanDocument, c: &mut Collector) {
    let counts = doc.counts();
    if let Some(stated) = doc.strategy.stated_objective_count
        && stated as usize != counts.objectives
    {
        c.add(
            "stated_count_mismatch",
            "strategy",
            "strategy",
            Message::new("check-stated_count_mismatch-objectives")
                .with("stated", stated)
                .with("actual", counts.objectives),
        );
    }
    if let Some(stated) = doc.strategy.stated_action_count
        && stated as usize != counts.actions
    {
        c.add(
            "stated_count_mismatch",
            "strategy",
            "strategy",
            Message::new("check-stated_count_mismatch-actions")
                .with("stated", stated)
                .with("actual", counts.actions),
        );
    }
}

fn check_references(doc: &PlanDocument, c: &mut Collector) {
    let people: HashSet<&str> = doc.people.iter().map(|p| p.name.as_str()).collect();
    let units: HashSet<&str> = doc.org_units.iter().map(|u| u.code.as_str()).collect();
    for p in &doc.people {
        if let Some(u) = p.unit.as_deref().filter(|u| !units.contains(u)) {
            c.add(
                "unknown_unit",
                "person",
                &p.name,
                Message::new("check-unknown_unit-person")
                    .with("person", &p.name)
                    .with("unit", u),
            );
        }
    }
    for u in &doc.org_units {
        if let Some(share) = u.share.filter(|s| !(*s > 0.0 && *s <= 1.0)) {
            c.add(
                "invalid_share",
                "unit",
                &u.code,
                Message::new("check-invalid_share")
                    .with("code", &u.code)
                    .with("share", share.to_string()),
            );
        }
        if let Some(parent) = u.parent.as_deref().filter(|p| !units.contains(p)) {
            c.add(
                "unknown_unit",
                "unit",
                &u.code,
                Message::new("check-unknown_unit-parent")
                    .with("code", &u.code)
                    .with("parent", parent),
            );
        }
    }
    for (_, i) in doc.indicators() {
        if let Some(owner) = i.owner.as_deref()
            && !people.contains(owner)
            && !units.contains(owner)
        {
            c.add(
                "unknown_person",
                "indicator",
                &i.code,
                Message::new("check-unknown_person-owner")
                    .with("owner", owner)
                    .with("code", &i.code),
            );
        }
    }
    for (_, a) in doc.actions() {
        for name in a.pilot.iter().chain(a.contributors.iter()) {
            if !people.contains(name.as_str()) {
                c.add(
                    "unknown_person",
                    "action",
                    &a.code,
                    Message::new("check-unknown_person-action")
                        .with("person", name)
                        .with("code", &a.code),
                );
            }
        }
        for u in a
            .contributor_units
            .iter()
            .filter(|u| !units.contains(u.as_str()))
        {
            c.add(
                "unknown_unit",
                "action",
                &a.code,
                Message::new("check-unknown_unit-action")
                    .with("unit", u)
                    .with("code", &a.code),
            );
        }
    }
    let sdg_ok = |s: &str| {
        let mut parts = s.splitn(2, '.');
        let goal_ok = parts
            .next()
            .and_then(|g| g.parse::<u8>().ok())
            .is_some_and(|g| (1..=17).contains(&g));
        let target_ok = parts.next().is_none_or(|t| {
            !t.is_empty() && t.len() <= 2 && t.chars().all(|ch| ch.is_ascii_alphanumeric())
        });
        goal_ok && target_ok
    };
    let sdg_check = |c: &mut Collector, entity: &'static str, code: &str, sdgs: &[String]| {
        for s in sdgs.iter().filter(|s| !sdg_ok(s)) {
            c.add(
                "invalid_sdg",
                entity,
                code,
                Message::new("check-invalid_sdg").with("sdg", s),
            );
        }
    };
    for (_, o) in doc.objectives() {
        sdg_check(c, "objective", &o.code, &o.sdgs);
    }
    for (_, a) in doc.actions() {
        sdg_check(c, "action", &a.code, &a.sdgs);
    }
}

fn check_objectives(doc: &PlanDocument, c: &mut Collector) {
    for (_, o) in doc.objectives() {
        if o.targets.is_empty() {
            c.add(
                "objective_without_target",
                "objective",
                &o.code,
                Message::new("check-objective_without_target").with("code", &o.code),
            );
        }
        if o.actions.is_empty() {
            c.add(
                "objective_without_action",
                "objective",
                &o.code,
                Message::new("check-objective_without_action").with("code", &o.code),
            );
        }
    }
}

/// Numbers in a target text that are not years: "1 ODD minimum" → [1], "−5 %/an" → [-5].
fn numbers_in(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == '.')
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            let raw = raw.trim_end_matches([',', '.']);
            let negative = start > 0 && matches!(chars[start - 1], '-' | '−');
            if let Ok(v) = parse_number(raw) {
                let is_year = raw.len() == 4 && (1990.0..=2100.0).contains(&v);
                if !is_year {
                    out.push(if negative { -v } else { v });
                }
            }
        } else {
            i += 1;
        }
    }
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// Content words of a text, folded, for comparing wordings.
fn content_words(text: &str) -> HashSet<String> {
    units::fold(text)
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .map(|w| w.trim_end_matches('s').to_string())
        .collect()
}

fn target_label(t: &Target) -> String {
    t.text
        .as_deref()
        .or(t.plan_table_text.as_deref())
        .map(short)
        .unwrap_or_default()
}

fn check_targets(doc: &PlanDocument, c: &mut Collector) {
    let (y0, y1) = (doc.strategy.start_year, doc.strategy.end_year);
    let has_plan_table = doc.targets().any(|(_, t)| t.plan_table_text.is_some());
    for (_, t) in doc.targets() {
        let label = target_label(t);
        if t.indicators.is_empty() {
            c.add(
                "target_without_indicator",
                "target",
                &t.code,
                Message::new("check-target_without_indicator")
                    .with("code", &t.code)
                    .with("text", &label),
            );
        }
        for code in &t.indicators {
            match doc.indicator(code) {
                None => c.add(
                    "unknown_indicator",
                    "target",
                    &t.code,
                    Message::new("check-unknown_indicator-target")
                        .with("code", &t.code)
                        .with("indicator", code),
                ),
                Some(ind) => {
                    let tu = t.unit.as_deref().and_then(classify);
                    let iu = ind.unit.as_deref().and_then(classify);
                    if let (Some(tu), Some(iu)) = (tu, iu) {
                        let kinds_clash = !can_measure(&tu, &iu);
                        if kinds_clash {
                            c.add(
                                "target_unmeasurable",
                                "target",
                                &t.code,
                                Message::new("check-target_unmeasurable")
                                    .with("code", &t.code)
                                    .with("unit", t.unit.as_deref().unwrap_or_default())
                                    .with("indicator", &ind.code)
                                    .with("name", short(&ind.name))
                                    .with(
                                        "indicator_unit",
                                        ind.unit.as_deref().unwrap_or_default(),
                                    ),
                            );
                        }
                    }
                }
            }
        }
        let annual_rate = matches!(t.trajectory, crate::progress::Trajectory::AnnualRate { .. });
        let quantified = t.target_value.is_some() || t.change_percent.is_some() || annual_rate;
        let needs_number = matches!(
            t.kind,
            ValueKind::Numeric | ValueKind::Count | ValueKind::Rank
        );
        if needs_number && !quantified {
            c.add(
                "target_not_quantified",
                "target",
                &t.code,
                Message::new("check-target_not_quantified-value")
                    .with("code", &t.code)
                    .with("text", &label),
            );
        }
        let relative = t.change_percent.is_some() || annual_rate;
        let has_reference = t.baseline.is_some()
            || t.indicators
                .iter()
                .filter_map(|code| doc.indicator(code))
                .any(|i| i.baseline.is_some());
        if needs_number && relative && t.target_value.is_none() && !has_reference {
            c.add(
                "target_not_quantified",
                "target",
                &t.code,
                Message::new("check-target_not_quantified-relative").with("code", &t.code),
            );
        }
        if let Some(year) = t.target_year.filter(|y| *y < y0 || *y > y1) {
            c.add(
                "target_year_outside_period",
                "target",
                &t.code,
                Message::new("check-target_year_outside_period")
                    .with("year", year)
                    .with("code", &t.code)
                    .with("start", y0)
                    .with("end", y1),
            );
        }
        if let (Some(b), Some(ty)) = (t.baseline, t.target_year) {
            if b.year >= ty {
                c.add(
                    "baseline_not_before_target",
                    "target",
                    &t.code,
                    Message::new("check-baseline_not_before_target")
                        .with("baseline", b.year)
                        .with("code", &t.code)
                        .with("deadline", ty),
                );
            }
            if let Some(v) = t.target_value {
                let contradicts = match t.direction {
                    Direction::Increase => v < b.value,
                    Direction::Decrease => v > b.value,
                    Direction::Maintain => false,
                };
                if contradicts {
                    let key = if t.direction == Direction::Increase {
                        "check-direction_contradicts_values-increase"
                    } else {
                        "check-direction_contradicts_values-decrease"
                    };
                    c.add(
                        "direction_contradicts_values",
                        "target",
                        &t.code,
                        Message::new(key)
                            .with("code", &t.code)
                            .with("value", v.to_string())
                            .with("baseline", b.value.to_string()),
                    );
                }
            }
        }
        match (t.text.as_deref(), t.plan_table_text.as_deref()) {
            (Some(body), Some(table)) => {
                let (nb, nt) = (numbers_in(body), numbers_in(table));
                if nb != nt && !(nb.is_empty() || nt.is_empty()) {
                    c.add(
                        "plan_table_disagrees",
                        "target",
                        &t.code,
                        Message::new("check-plan_table_disagrees")
                            .with("code", &t.code)
                            .with("text", short(body))
                            .with("table", short(table)),
                    );
                } else {
                    let (wb, wt) = (content_words(body), content_words(table));
                    let common = wb.intersection(&wt).count();
                    // Shared words over the longer wording: a truncated cell ("Maintien des"
                    // for "Maintien des classements") or a cell that adds scope both show.
                    let larger = wb.len().max(wt.len()).max(1);
                    if (common as f64) / (larger as f64) <= 0.5 {
                        c.add(
                            "plan_table_worded_differently",
                            "target",
                            &t.code,
                            Message::new("check-plan_table_worded_differently")
                                .with("code", &t.code)
                                .with("text", short(body))
                                .with("table", short(table)),
                        );
                    }
                }
            }
            (Some(body), None) if has_plan_table => c.add(
                "target_missing_from_plan_table",
                "target",
                &t.code,
                Message::new("check-target_missing_from_plan_table")
                    .with("code", &t.code)
                    .with("text", short(body)),
            ),
            (None, Some(table)) => c.add(
                "target_missing_from_body",
                "target",
                &t.code,
                Message::new("check-target_missing_from_body")
                    .with("code", &t.code)
                    .with("table", short(table)),
            ),
            _ => {}
        }
    }
}

/// Why a measured period is unreadable, for the catalogue's selector.
fn period_error(e: &PeriodError) -> (&'static str, &str) {
    match e {
        PeriodError::Invalid(s) => ("invalid", s),
        PeriodError::NotConsecutive(s) => ("not_consecutive", s),
        PeriodError::Reversed(s) => ("reversed", s),
        PeriodError::OutOfRange(s) => ("out_of_range", s),
    }
}

/// Why a measured value is unreadable, for the catalogue's selector.
fn number_error(e: &NumberError) -> (&'static str, &str) {
    match e {
        NumberError::Empty => ("empty", ""),
        NumberError::NotANumber(s) => ("not_a_number", s),
        NumberError::TooManyDecimals(s) => ("too_many_decimals", s),
        NumberError::TooLarge(s) => ("too_large", s),
    }
}

fn check_indicators(doc: &PlanDocument, c: &mut Collector) {
    let mut used: HashSet<&str> = HashSet::new();
    let mut target_baselines: HashSet<&str> = HashSet::new();
    for (_, t) in doc.targets() {
        for i in &t.indicators {
            used.insert(i.as_str());
            if t.baseline.is_some() {
                target_baselines.insert(i.as_str());
            }
        }
    }
    for (_, a) in doc.actions() {
        for i in &a.indicators {
            used.insert(i.as_str());
        }
    }
    for (_, i) in doc.indicators() {
        let name = short(&i.name);
        let about = |key: &'static str| Message::new(key).with("code", &i.code).with("name", &name);
        if i.unit.as_deref().is_none_or(|u| u.trim().is_empty()) {
            c.add(
                "indicator_without_unit",
                "indicator",
                &i.code,
                about("check-indicator_without_unit"),
            );
        }
        if i.baseline.is_none() && !target_baselines.contains(i.code.as_str()) {
            c.add(
                "indicator_without_baseline",
                "indicator",
                &i.code,
                about("check-indicator_without_baseline"),
            );
        }
        if i.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            c.add(
                "indicator_without_owner",
                "indicator",
                &i.code,
                about("check-indicator_without_owner"),
            );
        }
        if !used.contains(i.code.as_str()) {
            c.add(
                "indicator_unused",
                "indicator",
                &i.code,
                about("check-indicator_unused"),
            );
        }
        let mut periods = HashSet::new();
        for m in &i.measurements {
            match Period::parse(&m.period) {
                Err(e) => {
                    let (reason, period) = period_error(&e);
                    c.add(
                        "invalid_measurement",
                        "measurement",
                        &i.code,
                        Message::new("check-invalid_measurement-period")
                            .with("code", &i.code)
                            .with("reason", reason)
                            .with("period", period),
                    );
                }
                Ok(p) => {
                    if !periods.insert(p) {
                        c.add(
                            "duplicate_measurement",
                            "measurement",
                            &i.code,
                            Message::new("check-duplicate_measurement")
                                .with("code", &i.code)
                                .with("period", p.to_string()),
                        );
                    }
                }
            }
            if let Err(e) = parse_measured(&m.value) {
                let (reason, value) = number_error(&e);
                c.add(
                    "invalid_measurement",
                    "measurement",
                    &i.code,
                    Message::new("check-invalid_measurement-value")
                        .with("code", &i.code)
                        .with("period", &m.period)
                        .with("reason", reason)
                        .with("value", value),
                );
            }
        }
    }
}

fn check_actions(doc: &PlanDocument, c: &mut Collector) {
    let (y0, y1) = (doc.strategy.start_year, doc.strategy.end_year);
    for (_, a) in doc.actions() {
        let title = short(&a.title);
        if a.pilot.as_deref().is_none_or(|p| p.trim().is_empty()) {
            c.add(
                "action_without_pilot",
                "action",
                &a.code,
                Message::new("check-action_without_pilot")
                    .with("code", &a.code)
                    .with("title", &title),
            );
        }
        if a.status != ActionStatus::Recurring && (a.start.is_none() || a.end.is_none()) {
            c.add(
                "action_without_dates",
                "action",
                &a.code,
                Message::new("check-action_without_dates")
                    .with("code", &a.code)
                    .with("title", &title),
            );
        }
        if let (Some(s), Some(e)) = (a.start, a.end)
            && e < s
        {
            c.add(
                "action_dates_reversed",
                "action",
                &a.code,
                Message::new("check-action_dates_reversed")
                    .with("code", &a.code)
                    .with("end", e.to_string())
                    .with("start", s.to_string()),
            );
        }
        use chrono::Datelike;
        let outside =
            a.end.is_some_and(|e| e.year() > y1) || a.start.is_some_and(|s| s.year() < y0 - 1);
        if outside {
            c.add(
                "action_outside_period",
                "action",
                &a.code,
                Message::new("check-action_outside_period")
                    .with("code", &a.code)
                    .with("start", y0)
                    .with("end", y1),
            );
        }
        let progress = a.progress.unwrap_or(0);
        let contradiction = match a.status {
            ActionStatus::Done => a.progress.is_some_and(|p| p < 100),
            ActionStatus::Planned => progress > 0,
            _ => false,
        } || progress > 100;
        if contradiction {
            c.add(
                "action_status_contradicts_progress",
                "action",
                &a.code,
                Message::new("check-action_status_contradicts_progress")
                    .with("code", &a.code)
                    .with("status", a.status.as_str())
                    .with("progress", u32::from(progress)),
            );
        }
        if let (Some(p), Some(s)) = (a.budget.planned_cents, a.budget.spent_cents)
            && s > p
        {
            c.add(
                "budget_overspent",
                "action",
                &a.code,
                Message::new("check-budget_overspent").with("code", &a.code),
            );
        }
        for code in a.indicators.iter().filter(|i| doc.indicator(i).is_none()) {
            c.add(
                "unknown_indicator",
                "action",
                &a.code,
                Message::new("check-unknown_indicator-action")
                    .with("code", &a.code)
                    .with("indicator", code),
            );
        }
    }
}

/// First 80 characters of a text, on one line.
fn short(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(80) {
        Some((idx, _)) => format!("{}…", &one_line[..idx]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Arg;
    use crate::plan::*;

    fn base() -> PlanDocument {
        PlanDocument {
            format: FORMAT_VERSION.into(),
            institution: InstitutionInfo {
                name: "École".into(),
                short_name: None,
            },
            strategy: StrategyInfo {
                title: "Stratégie".into(),
                start_year: 2023,
                end_year: 2027,
                ..Default::default()
            },
            people: vec![PersonDoc {
                name: "Ana".into(),
                ..Default::default()
            }],
            axes: vec![Axis {
                code: "C1".into(),
                title: "Axe".into(),
                objectives: vec![Objective {
                    code: "C1.O1".into(),
                    title: "Objectif".into(),
                    targets: vec![Target {
                        code: "C1.O1.T1".into(),
                        text: Some("100 % du personnel formé".into()),
                        unit: Some("% du personnel".into()),
                        kind: ValueKind::Numeric,
                        target_value: Some(100.0),
                        target_year: Some(2027),
                        baseline: Some(YearValue {
                            year: 2022,
                            value: 10.0,
                        }),
                        indicators: vec!["C1.O1.I1".into()],
                        ..Default::default()
                    }],
                    indicators: vec![Indicator {
                        code: "C1.O1.I1".into(),
                        name: "Part du personnel formé".into(),
                        unit: Some("% du personnel".into()),
                        owner: Some("Ana".into()),
                        ..Default::default()
                    }],
                    actions: vec![Action {
                        code: "C1.O1.A1".into(),
                        title: "Former".into(),
                        pilot: Some("Ana".into()),
                        start: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
                        end: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn codes(doc: &PlanDocument) -> Vec<&'static str> {
        check_plan(doc).into_iter().map(|f| f.code).collect()
    }

    /// The finding of rule `code` (the first one).
    fn finding<'a>(found: &'a [Finding], code: &str) -> &'a Finding {
        found
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code} in {found:?}"))
    }

    fn assert_arg(f: &Finding, name: &str, value: impl Into<Arg>) {
        assert_eq!(
            f.message.arg(name),
            Some(&value.into()),
            "argument {name} of {:?}",
            f.message
        );
    }

    #[test]
    fn a_clean_plan_has_no_findings() {
        assert_eq!(check_plan(&base()), vec![]);
    }

    #[test]
    fn unmeasurable_targets() {
        let mut doc = base();
        let ind = &mut doc.axes[0].objectives[0].indicators[0];
        ind.name = "Nombre de formations".into();
        ind.unit = Some("nombre de formations".into());
        let found = check_plan(&doc);
        let f = finding(&found, "target_unmeasurable");
        assert_eq!(f.message.key, "check-target_unmeasurable");
        assert_arg(f, "code", "C1.O1.T1");
        assert_arg(f, "unit", "% du personnel");
        assert_arg(f, "indicator", "C1.O1.I1");
        assert_arg(f, "name", "Nombre de formations");
        assert_arg(f, "indicator_unit", "nombre de formations");
        let ind = &mut doc.axes[0].objectives[0].indicators[0];
        ind.unit = Some("jours d'arrêt maladie".into());
        assert!(codes(&doc).contains(&"target_unmeasurable"));
    }

    #[test]
    fn body_and_table_disagree() {
        let mut doc = base();
        let t = &mut doc.axes[0].objectives[0].targets[0];
        t.text = Some("1 ODD minimum pour chaque projet de recherche".into());
        t.plan_table_text = Some("3 ODD minimum pour chaque projet de recherche".into());
        assert!(codes(&doc).contains(&"plan_table_disagrees"));
        let t = &mut doc.axes[0].objectives[0].targets[0];
        t.plan_table_text = Some("1 ODD minimum pour chaque projet de recherche".into());
        assert!(!codes(&doc).contains(&"plan_table_disagrees"));
        // Years are not figures to compare.
        let t = &mut doc.axes[0].objectives[0].targets[0];
        t.text = Some("100% des politiques écrites à horizon 2024".into());
        t.plan_table_text = Some("100% des politiques écrites".into());
        assert!(!codes(&doc).contains(&"plan_table_disagrees"));
    }

    #[test]
    fn truncated_table_cell_is_flagged() {
        let mut doc = base();
        let t = &mut doc.axes[0].objectives[0].targets[0];
        t.text = Some("Maintien des classements".into());
        t.plan_table_text = Some("Maintien des".into());
        assert!(codes(&doc).contains(&"plan_table_worded_differently"));
        let t = &mut doc.axes[0].objectives[0].targets[0];
        t.plan_table_text = Some("Maintien des classements".into());
        assert!(!codes(&doc).contains(&"plan_table_worded_differently"));
    }

    #[test]
    fn body_target_missing_from_table() {
        let mut doc = base();
        let o = &mut doc.axes[0].objectives[0];
        o.targets[0].plan_table_text = Some("100 % du personnel formé".into());
        let mut t2 = o.targets[0].clone();
        t2.code = "C1.O1.T2".into();
        t2.text = Some("Diminution de 5 %/an des GES".into());
        t2.plan_table_text = None;
        o.targets.push(t2);
        let found = check_plan(&doc);
        let f = finding(&found, "target_missing_from_plan_table");
        assert_eq!(f.location, "C1.O1.T2");
        assert_eq!(f.message.key, "check-target_missing_from_plan_table");
        assert_arg(f, "code", "C1.O1.T2");
        assert_arg(f, "text", "Diminution de 5 %/an des GES");
    }

    #[test]
    fn codes_and_gaps() {
        let mut doc = base();
        let o = &mut doc.axes[0].objectives[0];
        o.actions.push(Action {
            code: "C1.O1.A1".into(),
            title: "Doublon".into(),
            ..Default::default()
        });
        o.indicators[0].owner = None;
        o.indicators[0].unit = None;
        o.targets[0].baseline = None;
        o.targets[0].target_year = Some(2030);
        doc.strategy.stated_objective_count = Some(15);
        let found = codes(&doc);
        for code in [
            "duplicate_code",
            "action_without_pilot",
            "action_without_dates",
            "indicator_without_owner",
            "indicator_without_unit",
            "indicator_without_baseline",
            "target_year_outside_period",
            "stated_count_mismatch",
        ] {
            assert!(found.contains(&code), "{code} missing from {found:?}");
        }
        // Errors come first.
        let all = check_plan(&doc);
        assert_eq!(all[0].severity, Severity::Error);
        let f = finding(&all, "duplicate_code");
        assert_eq!(f.message.key, "check-duplicate_code");
        assert_arg(f, "code", "C1.O1.A1");
        assert_arg(f, "first", "action");
        assert_arg(f, "second", "action");
        // Counts are numbers, so that the catalogue can choose the plural.
        let f = finding(&all, "stated_count_mismatch");
        assert_eq!(f.message.key, "check-stated_count_mismatch-objectives");
        assert_arg(f, "stated", 15);
        assert_arg(f, "actual", 1);
        let f = finding(&all, "target_year_outside_period");
        assert_eq!(f.message.key, "check-target_year_outside_period");
        assert_arg(f, "year", 2030);
        assert_arg(f, "start", 2023);
        assert_arg(f, "end", 2027);
        let f = finding(&all, "action_without_pilot");
        assert_eq!(f.message.key, "check-action_without_pilot");
        assert_arg(f, "title", "Doublon");
        let f = finding(&all, "indicator_without_unit");
        assert_eq!(f.message.key, "check-indicator_without_unit");
        assert_arg(f, "name", "Part du personnel formé");
    }

    #[test]
    fn references() {
        let mut doc = base();
        let o = &mut doc.axes[0].objectives[0];
        o.targets[0].indicators = vec!["C9.O9.I9".into()];
        o.actions[0].pilot = Some("Nobody".into());
        o.actions[0].sdgs = vec!["18".into(), "13.2".into()];
        let found = codes(&doc);
        assert!(found.contains(&"unknown_indicator"));
        assert!(found.contains(&"unknown_person"));
        assert_eq!(found.iter().filter(|c| **c == "invalid_sdg").count(), 1);
        let all = check_plan(&doc);
        let f = finding(&all, "unknown_indicator");
        assert_eq!(f.message.key, "check-unknown_indicator-target");
        assert_arg(f, "code", "C1.O1.T1");
        assert_arg(f, "indicator", "C9.O9.I9");
        let f = finding(&all, "unknown_person");
        assert_eq!(f.message.key, "check-unknown_person-action");
        assert_arg(f, "person", "Nobody");
        assert_arg(f, "code", "C1.O1.A1");
        let f = finding(&all, "invalid_sdg");
        assert_eq!(f.message.key, "check-invalid_sdg");
        assert_arg(f, "sdg", "18");
    }

    #[test]
    fn unreadable_measurements_say_why() {
        let mut doc = base();
        let i = &mut doc.axes[0].objectives[0].indicators[0];
        i.measurements = vec![
            Measurement {
                period: "2025-2023".into(),
                value: "12".into(),
                ..Default::default()
            },
            Measurement {
                period: "2024".into(),
                value: "douze".into(),
                ..Default::default()
            },
            Measurement {
                period: "2024".into(),
                value: "".into(),
                ..Default::default()
            },
        ];
        let found = check_plan(&doc);
        let messages: Vec<&Message> = found
            .iter()
            .filter(|f| f.location == "C1.O1.I1")
            .map(|f| &f.message)
            .collect();
        let period = messages
            .iter()
            .find(|m| m.key == "check-invalid_measurement-period")
            .expect("invalid period");
        assert_eq!(period.arg("reason"), Some(&Arg::from("not_consecutive")));
        assert_eq!(period.arg("period"), Some(&Arg::from("2025-2023")));
        let values: Vec<_> = messages
            .iter()
            .filter(|m| m.key == "check-invalid_measurement-value")
            .map(|m| (m.arg("reason").cloned(), m.arg("value").cloned()))
            .collect();
        assert_eq!(
            values,
            vec![
                (Some(Arg::from("not_a_number")), Some(Arg::from("douze"))),
                (Some(Arg::from("empty")), Some(Arg::from(""))),
            ]
        );
        let f = finding(&found, "duplicate_measurement");
        assert_eq!(f.message.key, "check-duplicate_measurement");
        assert_arg(f, "period", "2024");
    }

    #[test]
    fn direction_and_progress_contradictions() {
        let mut doc = base();
        let o = &mut doc.axes[0].objectives[0];
        o.targets[0].target_value = Some(5.0);
        o.targets[0].direction = Direction::Increase;
        o.actions[0].status = ActionStatus::Done;
        o.actions[0].progress = Some(40);
        let found = check_plan(&doc);
        let f = finding(&found, "direction_contradicts_values");
        assert_eq!(f.message.key, "check-direction_contradicts_values-increase");
        assert_arg(f, "value", "5");
        assert_arg(f, "baseline", "10");
        let f = finding(&found, "action_status_contradicts_progress");
        assert_eq!(f.message.key, "check-action_status_contradicts_progress");
        assert_arg(f, "status", ActionStatus::Done.as_str());
        assert_arg(f, "progress", 40);
        doc.axes[0].objectives[0].targets[0].direction = Direction::Decrease;
        doc.axes[0].objectives[0].targets[0].target_value = Some(50.0);
        let found = check_plan(&doc);
        let f = finding(&found, "direction_contradicts_values");
        assert_eq!(f.message.key, "check-direction_contradicts_values-decrease");
        assert_arg(f, "value", "50");
    }

    #[test]
    fn keys_name_their_rule() {
        assert!(key_names_rule("check-duplicate_code", "duplicate_code"));
        assert!(key_names_rule("check-unknown_unit-action", "unknown_unit"));
        assert!(!key_names_rule("check-unknown_unit", "unknown_indicator"));
        assert!(!key_names_rule(
            "check-target_missing_from_body",
            "target_missing"
        ));
        assert!(!key_names_rule("duplicate_code", "duplicate_code"));
    }

    #[test]
    fn numbers_skip_years() {
        assert_eq!(
            numbers_in("diminution de 20% et -5 %/an d'ici 2027"),
            vec![-5.0, 20.0]
        );
        assert_eq!(numbers_in(">75 % de satisfaction"), vec![75.0]);
    }

    #[test]
    fn every_rule_has_a_severity() {
        let codes: HashSet<_> = RULES.iter().map(|(c, _)| c).collect();
        assert_eq!(codes.len(), RULES.len());
    }
}
