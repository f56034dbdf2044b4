//! The steering committee's report: per axis and objective, each target with its status and
//! trajectory chart, the late actions, the budget (planned, committed, spent) and the values
//! still missing for the year; the same content as a workbook.

use jalon_chart::{Labels, Trajectory};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::action::Lateness;
use jalon_core::number::format_number;
use jalon_core::plan::{Axis, Indicator, Objective, PlanDocument, Target};
use jalon_core::progress::Status;
use jalon_core::progress::{StatusCounts, TargetSpec};
use jalon_core::status::{PlanStatus, TargetStatus, series};
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};

use super::trajectory::TrajectorySeries;
use super::{action_status, euros, pick, t};
use crate::{Actor, App, AppResult, PlanView};

/// A status in words (the pages' words).
pub(crate) fn status_word(lang: Lang, s: Status) -> &'static str {
    t(lang, &format!("status-{}", s.as_str()))
}

fn lateness_word(lang: Lang, l: Lateness) -> &'static str {
    t(lang, &format!("lateness-{}", l.as_str()))
}

/// The steering report and its workbook.
pub struct SteeringReport {
    pub report: Report,
    pub sheets: Vec<Sheet>,
}

impl App {
    /// The steering report of `year`; `links` prefixes links back to the application.
    pub async fn steering_report(
        &self,
        actor: &Actor,
        year: i32,
        lang: Lang,
        links: &str,
    ) -> AppResult<SteeringReport> {
        actor.require(Operation::View)?;
        crate::check_year("year", year)?;
        let view = self.view_for(actor).await?;
        // The plan as it stood at the end of the year: later values are left out.
        let mut as_of = view.doc().clone();
        for axis in &mut as_of.axes {
            for o in &mut axis.objectives {
                for i in &mut o.indicators {
                    i.measurements
                        .retain(|m| jalon_core::status::point(m).is_none_or(|p| p.year <= year));
                }
            }
        }
        let doc = &as_of;
        let statuses = jalon_core::status::plan_status(doc, year, &self.config.thresholds);
        let mut walk = Walk {
            lang,
            year,
            doc,
            view: &view,
            statuses: &statuses,
            links,
            rows: Rows::default(),
            illustrative: false,
        };
        let chapters = doc
            .axes
            .iter()
            .map(|axis| walk.axis_chapter(axis))
            .collect();
        let total = statuses.total;
        let report = Report {
            lang,
            title: t(lang, "rpt-steering-report").into(),
            subtitle: format!(
                "{} — {year}",
                pick(lang, &doc.strategy.title, &doc.strategy.title_en)
            ),
            institution: doc.institution.name.clone(),
            year,
            notice: walk
                .illustrative
                .then(|| t(lang, "rpt-demo-data-some-values-are-illustrative").to_string()),
            foreword: vec![
                Block::Paragraph(format!(
                    "{} {year}{} {}.",
                    t(lang, "rpt-status-of-the-targets-in"),
                    jalon_i18n::colon(lang),
                    Status::ALL
                        .map(|st| format!("{} {}", total.get(st), status_word(lang, st)))
                        .join(" · "),
                )),
                Block::Note(t(lang, "rpt-statuses-computed-from-each-target-s").into()),
            ],
            chapters,
        };
        Ok(SteeringReport {
            report,
            sheets: walk.rows.sheets(lang),
        })
    }
}

/// The rows of the steering workbook, gathered while the report is built.
#[derive(Default)]
struct Rows {
    targets: Vec<Vec<SheetCell>>,
    late: Vec<Vec<SheetCell>>,
    budget: Vec<Vec<SheetCell>>,
    missing: Vec<Vec<SheetCell>>,
}

/// The walk over the plan that builds the report's chapters and gathers the workbook's rows.
struct Walk<'a> {
    lang: Lang,
    year: i32,
    /// The plan as it stood at the end of the year.
    doc: &'a PlanDocument,
    view: &'a PlanView,
    statuses: &'a PlanStatus,
    links: &'a str,
    rows: Rows,
    /// Whether a charted value is illustrative (the report then says so).
    illustrative: bool,
}

impl Walk<'_> {
    /// An axis's chapter: its key figures, a section per objective, the budget of its actions.
    fn axis_chapter(&mut self, axis: &Axis) -> Chapter {
        let lang = self.lang;
        let mut sections: Vec<Section> = axis
            .objectives
            .iter()
            .filter_map(|o| self.objective_section(&axis.code, o))
            .collect();
        let mut budget = [0i64; 3];
        for a in axis.objectives.iter().flat_map(|o| &o.actions) {
            if a.budget.is_empty() {
                continue;
            }
            let b = &a.budget;
            budget[0] += b.planned_cents.unwrap_or(0);
            budget[1] += b.committed_cents.unwrap_or(0);
            budget[2] += b.spent_cents.unwrap_or(0);
            self.rows.budget.push(vec![
                axis.code.as_str().into(),
                a.code.as_str().into(),
                a.title.as_str().into(),
                action_status(lang, a.status).into(),
                b.planned_cents.map(|c| c as f64 / 100.0).into(),
                b.committed_cents.map(|c| c as f64 / 100.0).into(),
                b.spent_cents.map(|c| c as f64 / 100.0).into(),
            ]);
        }
        if budget.iter().sum::<i64>() > 0 {
            sections.push(budget_section(&axis.code, budget, lang));
        }
        let counts = self
            .statuses
            .axes
            .get(&axis.code)
            .copied()
            .unwrap_or_default();
        Chapter {
            slug: axis.code.to_lowercase(),
            number: Some(axis.code.clone()),
            title: pick(lang, &axis.title, &axis.title_en).to_string(),
            lead: None,
            colour: None,
            key_figures: axis_figures(&counts, self.year, lang),
            sections,
        }
    }

    /// An objective's section: its targets (table and trajectory charts), its late actions and
    /// the values still missing for the year; `None` when there is nothing to say.
    fn objective_section(&mut self, axis: &str, o: &Objective) -> Option<Section> {
        let lang = self.lang;
        let mut blocks = Vec::new();
        let mut rows = Vec::new();
        for target in &o.targets {
            let Some(st) = self.statuses.targets.get(&target.code) else {
                continue;
            };
            rows.push(self.target_row(axis, o, target, st));
            let indicator = st
                .indicator_code
                .as_deref()
                .and_then(|c| self.doc.indicator(c));
            if let (Some(spec), Some(i)) = (st.spec, indicator) {
                blocks.push(self.trajectory(target, st, &spec, i));
            }
        }
        if !rows.is_empty() {
            blocks.insert(
                0,
                Block::Table(Table {
                    caption: format!("{} {}", t(lang, "rpt-targets-of"), o.code),
                    header: vec![
                        t(lang, "rpt-target").into(),
                        t(lang, "rpt-statement").into(),
                        t(lang, "rpt-latest-value").into(),
                        t(lang, "rpt-status").into(),
                    ],
                    numeric: vec![false, false, true, false],
                    rows,
                }),
            );
        }
        let late = self.late_actions(axis, o);
        if !late.is_empty() {
            blocks.push(Block::Paragraph(t(lang, "rpt-late-actions").into()));
            blocks.push(Block::Items(late));
        }
        let missing = self.missing_values(axis, o);
        if !missing.is_empty() {
            blocks.push(Block::Note(format!(
                "{} {}{} {}",
                t(lang, "rpt-values-missing-for"),
                self.year,
                jalon_i18n::colon(lang),
                missing.join(jalon_i18n::semicolon(lang))
            )));
        }
        (!blocks.is_empty()).then(|| Section {
            title: format!("{} {}", o.code, pick(lang, &o.title, &o.title_en)),
            blocks,
        })
    }

    /// A target's row in its objective's table (and in the workbook).
    fn target_row(
        &mut self,
        axis: &str,
        o: &Objective,
        target: &Target,
        st: &TargetStatus,
    ) -> Vec<String> {
        let lang = self.lang;
        let fr = lang == Lang::Fr;
        let indicator = st
            .indicator_code
            .as_deref()
            .and_then(|c| self.doc.indicator(c));
        let latest = st.latest.as_ref().map(|p| {
            format!(
                "{} {} ({})",
                format_number(p.value, 2, fr),
                target
                    .unit
                    .clone()
                    .or_else(|| indicator.and_then(|i| i.unit.clone()))
                    .unwrap_or_default(),
                p.period
            )
        });
        let text = target
            .text
            .as_deref()
            .map(|x| pick(lang, x, &target.text_en).to_string())
            .unwrap_or_else(|| target.code.clone());
        self.rows.targets.push(vec![
            axis.into(),
            o.code.as_str().into(),
            target.code.as_str().into(),
            text.as_str().into(),
            st.indicator_code.clone().into(),
            st.latest.as_ref().map(|p| p.value).into(),
            st.latest.as_ref().map(|p| p.period.clone()).into(),
            st.spec.map(|s| s.target_value).into(),
            st.spec.map(|s| f64::from(s.target_year)).into(),
            status_word(lang, st.status()).into(),
        ]);
        vec![
            target.code.clone(),
            text,
            latest.unwrap_or_else(|| "–".into()),
            status_word(lang, st.status()).to_string(),
        ]
    }

    /// A target's trajectory chart, with its data table.
    fn trajectory(
        &mut self,
        target: &Target,
        st: &TargetStatus,
        spec: &TargetSpec,
        i: &Indicator,
    ) -> Block {
        let lang = self.lang;
        let fr = lang == Lang::Fr;
        let series = TrajectorySeries::new(*spec, Some(i));
        self.illustrative |= series.points.iter().any(|p| p.illustrative);
        let unit = target
            .unit
            .clone()
            .or_else(|| i.unit.clone())
            .unwrap_or_default();
        let chart = Trajectory {
            title: format!("{} — {}", target.code, status_word(lang, st.status())),
            description: format!(
                "{} {} {} ({}) → {} {} ({})",
                t(lang, "rpt-trajectory-of"),
                target.code,
                format_number(spec.baseline_value, 2, fr),
                spec.baseline_year,
                format_number(spec.target_value, 2, fr),
                unit,
                spec.target_year
            ),
            unit: unit.clone(),
            baseline: Some((spec.baseline_year, spec.baseline_value)),
            target: Some((spec.target_year, spec.target_value)),
            expected: series.expected.clone(),
            measured: series.measured(),
            labels: Labels {
                measured: t(lang, "rpt-measured").into(),
                expected: t(lang, "rpt-trajectory").into(),
                target: t(lang, "rpt-target").into(),
                baseline: t(lang, "rpt-baseline").into(),
                provisional: t(lang, "rpt-provisional").into(),
            },
            french: fr,
        };
        let cell = |v: Option<f64>| v.map_or_else(|| "–".into(), |v| format_number(v, 2, fr));
        Block::Chart {
            svg: chart.to_svg(),
            table: Table {
                caption: format!("{} {}", t(lang, "rpt-chart-data"), target.code),
                header: vec![
                    t(lang, "rpt-year").into(),
                    t(lang, "rpt-trajectory").into(),
                    t(lang, "rpt-measured").into(),
                ],
                numeric: vec![false, true, true],
                rows: series
                    .years()
                    .map(|y| {
                        vec![
                            y.to_string(),
                            cell(series.expected_in(y)),
                            cell(series.measured_in(y).map(|p| p.value)),
                        ]
                    })
                    .collect(),
            },
        }
    }

    /// The objective's late actions, linked back to their sheets.
    fn late_actions(&mut self, axis: &str, o: &Objective) -> Vec<Item> {
        let lang = self.lang;
        let mut items = Vec::new();
        for a in &o.actions {
            let Some(l) = self.view.lateness(a) else {
                continue;
            };
            self.rows.late.push(vec![
                axis.into(),
                a.code.as_str().into(),
                a.title.as_str().into(),
                a.pilot.clone().into(),
                a.end.map(|d| d.to_string()).into(),
                lateness_word(lang, l).into(),
                a.progress.map(f64::from).into(),
            ]);
            items.push(Item {
                title: format!("{} {}", a.code, pick(lang, &a.title, &a.title_en)),
                detail: [
                    Some(lateness_word(lang, l).to_string()),
                    a.end.map(|d| format!("{} {d}", t(lang, "rpt-due"))),
                    a.pilot.clone(),
                    a.progress.map(|p| format!("{p} %")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
                link: self
                    .view
                    .action_id(&a.code)
                    .map(|id| format!("{}/actions/{id}", self.links)),
                ..Default::default()
            });
        }
        items
    }

    /// The objective's indicators without a value for the year, with their owners.
    fn missing_values(&mut self, axis: &str, o: &Objective) -> Vec<String> {
        let lang = self.lang;
        let mut missing = Vec::new();
        for i in &o.indicators {
            if series(i).iter().any(|p| p.year == self.year) {
                continue;
            }
            self.rows.missing.push(vec![
                axis.into(),
                i.code.as_str().into(),
                i.name.as_str().into(),
                i.owner.clone().into(),
            ]);
            missing.push(format!(
                "{} {}{}",
                i.code,
                pick(lang, &i.name, &i.name_en),
                i.owner
                    .as_ref()
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default()
            ));
        }
        missing
    }
}

/// The budget of an axis's actions: planned, committed and spent.
fn budget_section(axis: &str, [planned, committed, spent]: [i64; 3], lang: Lang) -> Section {
    let fr = lang == Lang::Fr;
    Section {
        title: t(lang, "rpt-budget-of-the-actions").into(),
        blocks: vec![Block::Table(Table {
            caption: format!("{} {axis}", t(lang, "rpt-budget-of-axis")),
            header: vec![
                t(lang, "rpt-planned-2").into(),
                t(lang, "rpt-committed").into(),
                t(lang, "rpt-spent").into(),
            ],
            numeric: vec![true, true, true],
            rows: vec![vec![
                euros(planned, fr),
                euros(committed, fr),
                euros(spent, fr),
            ]],
        })],
    }
}

/// An axis's key figures: targets achieved or on track, and those in trouble.
fn axis_figures(counts: &StatusCounts, year: i32, lang: Lang) -> Vec<KeyFigure> {
    let on = counts.achieved + counts.on_track;
    vec![
        KeyFigure {
            value: format!("{on} / {}", counts.total()),
            unit: String::new(),
            label: t(lang, "rpt-targets-achieved-or-on-track").into(),
            period: year.to_string(),
            comparison: None,
            source: None,
        },
        KeyFigure {
            value: (counts.off_track + counts.deteriorating + counts.missed).to_string(),
            unit: String::new(),
            label: t(lang, "rpt-targets-off-track-deteriorating-or-missed").into(),
            period: year.to_string(),
            comparison: None,
            source: None,
        },
    ]
}

impl Rows {
    /// The workbook: targets, late actions, budget, missing values.
    fn sheets(self, lang: Lang) -> Vec<Sheet> {
        let header = |cols: &[&'static str]| -> Vec<String> {
            cols.iter().map(|k| t(lang, k).to_string()).collect()
        };
        vec![
            Sheet {
                name: t(lang, "rpt-targets").into(),
                header: header(&[
                    "rpt-axis",
                    "rpt-objective",
                    "rpt-target",
                    "rpt-statement",
                    "rpt-indicator",
                    "rpt-latest-value",
                    "rpt-period",
                    "rpt-target-value",
                    "rpt-target-year",
                    "rpt-status",
                ]),
                rows: self.targets,
                widths: vec![8.0, 10.0, 12.0, 60.0, 12.0, 14.0, 12.0, 14.0, 10.0, 16.0],
            },
            Sheet {
                name: t(lang, "rpt-late-actions-2").into(),
                header: header(&[
                    "rpt-axis",
                    "rpt-action",
                    "rpt-title",
                    "rpt-pilot",
                    "rpt-end",
                    "rpt-lateness",
                    "rpt-progress-2",
                ]),
                rows: self.late,
                widths: vec![8.0, 12.0, 60.0, 24.0, 12.0, 20.0, 14.0],
            },
            Sheet {
                name: t(lang, "rpt-budget").into(),
                header: header(&[
                    "rpt-axis",
                    "rpt-action",
                    "rpt-title",
                    "rpt-status",
                    "rpt-planned-3",
                    "rpt-committed-2",
                    "rpt-spent-2",
                ]),
                rows: self.budget,
                widths: vec![8.0, 12.0, 60.0, 14.0, 14.0, 14.0, 14.0],
            },
            Sheet {
                name: t(lang, "rpt-missing-values").into(),
                header: header(&["rpt-axis", "rpt-indicator", "rpt-name", "rpt-owner"]),
                rows: self.missing,
                widths: vec![8.0, 12.0, 60.0, 24.0],
            },
        ]
    }
}
