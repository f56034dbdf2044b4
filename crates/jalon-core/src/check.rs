//! The plan check: what a careful reviewer would flag in a strategy and its action plan.
//!
//! Each finding has a stable `code` (for filtering and translation), a severity, the code of
//! the element it is about, and a message in French or English. The same check runs on a
//! file before it is imported (the import preview) and on the stored plan (`jalon check`, the
//! web page, the API).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::Lang;
use crate::action::ActionStatus;
use crate::number::{parse_measured, parse_number};
use crate::period::Period;
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
    pub message: String,
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

struct Collector {
    lang: Lang,
    findings: Vec<Finding>,
}

impl Collector {
    fn add(
        &mut self,
        code: &'static str,
        entity: &'static str,
        location: &str,
        fr: String,
        en: String,
    ) {
        self.findings.push(Finding {
            code,
            severity: severity_of(code),
            entity,
            location: if location.is_empty() {
                "?".to_string()
            } else {
                location.to_string()
            },
            message: match self.lang {
                Lang::Fr => fr,
                Lang::En => en,
            },
        });
    }
}

/// Runs every rule on the plan and returns the findings, errors first, in plan order.
pub fn check_plan(doc: &PlanDocument, lang: Lang) -> Vec<Finding> {
    let mut c = Collector {
        lang,
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
                    format!(
                        "Un élément ({entity}) « {} » n'a pas de code.",
                        short(title)
                    ),
                    format!("An element ({entity}) \"{}\" has no code.", short(title)),
                );
                return;
            }
            if let Some(prev) = seen.insert(code_key(code), entity) {
                c.add(
                    "duplicate_code",
                    entity,
                    code,
                    format!("Le code {code} est utilisé deux fois ({prev} et {entity})."),
                    format!("Code {code} is used twice ({prev} and {entity})."),
                );
            }
            if let Some(parent) = parent.filter(|p| !p.is_empty())
                && !code.starts_with(&format!("{parent}."))
            {
                c.add(
                    "code_outside_parent",
                    entity,
                    code,
                    format!("Le code {code} ne commence pas par celui de son parent {parent}."),
                    format!("Code {code} does not start with its parent's code {parent}."),
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
            format!(
                "Le texte annonce {stated} objectifs, le plan en contient {}.",
                counts.objectives
            ),
            format!(
                "The text announces {stated} objectives; the plan holds {}.",
                counts.objectives
            ),
        );
    }
    if let Some(stated) = doc.strategy.stated_action_count
        && stated as usize != counts.actions
    {
        c.add(
            "stated_count_mismatch",
            "strategy",
            "strategy",
            format!(
                "Le texte annonce {stated} actions, le plan en contient {}.",
                counts.actions
            ),
            format!(
                "The text announces {stated} actions; the plan holds {}.",
                counts.actions
            ),
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
                format!("{} appartient à l'unité {u}, qui n'existe pas.", p.name),
                format!("{} belongs to unit {u}, which does not exist.", p.name),
            );
        }
    }
    for u in &doc.org_units {
        if let Some(share) = u.share.filter(|s| !(*s > 0.0 && *s <= 1.0)) {
            c.add(
                "invalid_share",
                "unit",
                &u.code,
                format!("L'unité {} a une part détenue de {share} : attendu une fraction entre 0 et 1 (ex. 0,5).", u.code),
                format!("Unit {} has an owned share of {share}: expected a fraction between 0 and 1 (e.g. 0.5).", u.code),
            );
        }
        if let Some(parent) = u.parent.as_deref().filter(|p| !units.contains(p)) {
            c.add(
                "unknown_unit",
                "unit",
                &u.code,
                format!(
                    "L'unité {} a pour parent {parent}, qui n'existe pas.",
                    u.code
                ),
                format!("Unit {} has parent {parent}, which does not exist.", u.code),
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
                    format!("Le responsable « {owner} » de l'indicateur {} n'est ni une personne ni une unité connue.", i.code),
                    format!("Owner \"{owner}\" of indicator {} is neither a known person nor a known unit.", i.code),
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
                    format!(
                        "« {name} » (action {}) n'est pas une personne connue.",
                        a.code
                    ),
                    format!("\"{name}\" (action {}) is not a known person.", a.code),
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
                format!("L'unité « {u} » (action {}) n'existe pas.", a.code),
                format!("Unit \"{u}\" (action {}) does not exist.", a.code),
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
                format!("« {s} » n'est pas un ODD (1 à 17) ni une cible ODD (13.2)."),
                format!("\"{s}\" is not an SDG (1 to 17) nor an SDG target (13.2)."),
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
                format!("L'objectif {} n'a aucune cible.", o.code),
                format!("Objective {} has no target.", o.code),
            );
        }
        if o.actions.is_empty() {
            c.add(
                "objective_without_action",
                "objective",
                &o.code,
                format!("L'objectif {} n'a aucune action.", o.code),
                format!("Objective {} has no action.", o.code),
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
                format!(
                    "La cible {} « {label} » n'est mesurée par aucun indicateur.",
                    t.code
                ),
                format!("Target {} \"{label}\" is measured by no indicator.", t.code),
            );
        }
        for code in &t.indicators {
            match doc.indicator(code) {
                None => c.add(
                    "unknown_indicator",
                    "target",
                    &t.code,
                    format!(
                        "La cible {} renvoie à l'indicateur {code}, qui n'existe pas.",
                        t.code
                    ),
                    format!(
                        "Target {} refers to indicator {code}, which does not exist.",
                        t.code
                    ),
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
                                format!(
                                    "La cible {} est exprimée en « {} » mais son indicateur {} « {} » se mesure en « {} » : il ne peut pas la mesurer.",
                                    t.code,
                                    t.unit.as_deref().unwrap_or_default(),
                                    ind.code,
                                    short(&ind.name),
                                    ind.unit.as_deref().unwrap_or_default()
                                ),
                                format!(
                                    "Target {} is expressed in \"{}\" but its indicator {} \"{}\" is measured in \"{}\": it cannot measure it.",
                                    t.code,
                                    t.unit.as_deref().unwrap_or_default(),
                                    ind.code,
                                    short(&ind.name),
                                    ind.unit.as_deref().unwrap_or_default()
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
                format!(
                    "La cible {} « {label} » n'a pas de valeur chiffrée à atteindre.",
                    t.code
                ),
                format!(
                    "Target {} \"{label}\" has no quantified value to reach.",
                    t.code
                ),
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
                format!(
                    "La cible {} est une évolution relative (en % ou par an) sans année ni valeur de référence.",
                    t.code
                ),
                format!(
                    "Target {} is a relative change (in % or per year) with no reference year or value.",
                    t.code
                ),
            );
        }
        if let Some(year) = t.target_year.filter(|y| *y < y0 || *y > y1) {
            c.add(
                "target_year_outside_period",
                "target",
                &t.code,
                format!(
                    "L'échéance {year} de la cible {} est hors de la période {y0}-{y1}.",
                    t.code
                ),
                format!(
                    "Deadline {year} of target {} is outside the period {y0}-{y1}.",
                    t.code
                ),
            );
        }
        if let (Some(b), Some(ty)) = (t.baseline, t.target_year) {
            if b.year >= ty {
                c.add(
                    "baseline_not_before_target",
                    "target",
                    &t.code,
                    format!("La référence ({}) de la cible {} n'est pas antérieure à l'échéance ({ty}).", b.year, t.code),
                    format!("The baseline ({}) of target {} is not before its deadline ({ty}).", b.year, t.code),
                );
            }
            if let Some(v) = t.target_value {
                let contradicts = match t.direction {
                    Direction::Increase => v < b.value,
                    Direction::Decrease => v > b.value,
                    Direction::Maintain => false,
                };
                if contradicts {
                    c.add(
                        "direction_contradicts_values",
                        "target",
                        &t.code,
                        format!(
                            "La cible {} doit {} mais sa valeur cible ({v}) est {} sa référence ({}).",
                            t.code,
                            if t.direction == Direction::Increase { "augmenter" } else { "baisser" },
                            if t.direction == Direction::Increase { "inférieure à" } else { "supérieure à" },
                            b.value
                        ),
                        format!(
                            "Target {} must {} but its target value ({v}) is {} its baseline ({}).",
                            t.code,
                            if t.direction == Direction::Increase { "increase" } else { "decrease" },
                            if t.direction == Direction::Increase { "below" } else { "above" },
                            b.value
                        ),
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
                        format!(
                            "Le texte et le tableau du plan ne donnent pas les mêmes chiffres pour la cible {} : « {} » / « {} ».",
                            t.code,
                            short(body),
                            short(table)
                        ),
                        format!(
                            "The text and the plan table give different figures for target {}: \"{}\" / \"{}\".",
                            t.code,
                            short(body),
                            short(table)
                        ),
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
                            format!(
                                "La cible {} est formulée différemment dans le texte (« {} ») et dans le tableau du plan (« {} »).",
                                t.code,
                                short(body),
                                short(table)
                            ),
                            format!(
                                "Target {} is worded differently in the text (\"{}\") and in the plan table (\"{}\").",
                                t.code,
                                short(body),
                                short(table)
                            ),
                        );
                    }
                }
            }
            (Some(body), None) if has_plan_table => c.add(
                "target_missing_from_plan_table",
                "target",
                &t.code,
                format!(
                    "La cible {} « {} » figure dans le texte mais pas dans le tableau du plan d'actions.",
                    t.code,
                    short(body)
                ),
                format!(
                    "Target {} \"{}\" is in the text but missing from the action-plan table.",
                    t.code,
                    short(body)
                ),
            ),
            (None, Some(table)) => c.add(
                "target_missing_from_body",
                "target",
                &t.code,
                format!(
                    "La cible {} « {} » figure dans le tableau du plan mais pas dans le texte.",
                    t.code,
                    short(table)
                ),
                format!(
                    "Target {} \"{}\" is in the plan table but not in the text.",
                    t.code,
                    short(table)
                ),
            ),
            _ => {}
        }
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
        if i.unit.as_deref().is_none_or(|u| u.trim().is_empty()) {
            c.add(
                "indicator_without_unit",
                "indicator",
                &i.code,
                format!("L'indicateur {} « {name} » n'a pas d'unité.", i.code),
                format!("Indicator {} \"{name}\" has no unit.", i.code),
            );
        }
        if i.baseline.is_none() && !target_baselines.contains(i.code.as_str()) {
            c.add(
                "indicator_without_baseline",
                "indicator",
                &i.code,
                format!(
                    "L'indicateur {} « {name} » n'a pas de valeur de référence.",
                    i.code
                ),
                format!("Indicator {} \"{name}\" has no baseline.", i.code),
            );
        }
        if i.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            c.add(
                "indicator_without_owner",
                "indicator",
                &i.code,
                format!(
                    "L'indicateur {} « {name} » n'a pas de responsable de la donnée.",
                    i.code
                ),
                format!("Indicator {} \"{name}\" has no data owner.", i.code),
            );
        }
        if !used.contains(i.code.as_str()) {
            c.add(
                "indicator_unused",
                "indicator",
                &i.code,
                format!(
                    "L'indicateur {} « {name} » ne mesure aucune cible ni action.",
                    i.code
                ),
                format!(
                    "Indicator {} \"{name}\" measures no target and no action.",
                    i.code
                ),
            );
        }
        let mut periods = HashSet::new();
        for m in &i.measurements {
            match Period::parse(&m.period) {
                Err(e) => c.add(
                    "invalid_measurement",
                    "measurement",
                    &i.code,
                    format!("Indicateur {} : période invalide : {e}", i.code),
                    format!("Indicator {}: invalid period: {e}", i.code),
                ),
                Ok(p) => {
                    if !periods.insert(p) {
                        c.add(
                            "duplicate_measurement",
                            "measurement",
                            &i.code,
                            format!("Indicateur {} : deux valeurs pour la période {p}.", i.code),
                            format!("Indicator {}: two values for period {p}.", i.code),
                        );
                    }
                }
            }
            if let Err(e) = parse_measured(&m.value) {
                c.add(
                    "invalid_measurement",
                    "measurement",
                    &i.code,
                    format!("Indicateur {}, période {} : {e}", i.code, m.period),
                    format!("Indicator {}, period {}: {e}", i.code, m.period),
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
                format!("L'action {} « {title} » n'a pas de pilote.", a.code),
                format!("Action {} \"{title}\" has no pilot.", a.code),
            );
        }
        if a.status != ActionStatus::Recurring && (a.start.is_none() || a.end.is_none()) {
            c.add(
                "action_without_dates",
                "action",
                &a.code,
                format!(
                    "L'action {} « {title} » n'a pas de date de début ou de fin.",
                    a.code
                ),
                format!("Action {} \"{title}\" has no start or end date.", a.code),
            );
        }
        if let (Some(s), Some(e)) = (a.start, a.end)
            && e < s
        {
            c.add(
                "action_dates_reversed",
                "action",
                &a.code,
                format!("L'action {} finit ({e}) avant de commencer ({s}).", a.code),
                format!("Action {} ends ({e}) before it starts ({s}).", a.code),
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
                format!(
                    "Les dates de l'action {} sortent de la période {y0}-{y1}.",
                    a.code
                ),
                format!(
                    "The dates of action {} fall outside the period {y0}-{y1}.",
                    a.code
                ),
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
                format!(
                    "L'action {} est « {} » avec un avancement de {progress} %.",
                    a.code,
                    a.status.as_str()
                ),
                format!(
                    "Action {} is \"{}\" with {progress} % progress.",
                    a.code,
                    a.status.as_str()
                ),
            );
        }
        if let (Some(p), Some(s)) = (a.budget.planned_cents, a.budget.spent_cents)
            && s > p
        {
            c.add(
                "budget_overspent",
                "action",
                &a.code,
                format!("L'action {} a dépensé plus que son budget prévu.", a.code),
                format!("Action {} spent more than its planned budget.", a.code),
            );
        }
        for code in a.indicators.iter().filter(|i| doc.indicator(i).is_none()) {
            c.add(
                "unknown_indicator",
                "action",
                &a.code,
                format!(
                    "L'action {} renvoie à l'indicateur {code}, qui n'existe pas.",
                    a.code
                ),
                format!(
                    "Action {} refers to indicator {code}, which does not exist.",
                    a.code
                ),
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
        check_plan(doc, Lang::En)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn a_clean_plan_has_no_findings() {
        assert_eq!(check_plan(&base(), Lang::Fr), vec![]);
    }

    #[test]
    fn unmeasurable_targets() {
        let mut doc = base();
        let ind = &mut doc.axes[0].objectives[0].indicators[0];
        ind.name = "Nombre de formations".into();
        ind.unit = Some("nombre de formations".into());
        assert!(codes(&doc).contains(&"target_unmeasurable"));
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
        let found = check_plan(&doc, Lang::Fr);
        let f = found
            .iter()
            .find(|f| f.code == "target_missing_from_plan_table")
            .expect("finding");
        assert_eq!(f.location, "C1.O1.T2");
        assert!(f.message.contains("5 %/an"), "{}", f.message);
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
        let all = check_plan(&doc, Lang::En);
        assert_eq!(all[0].severity, Severity::Error);
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
