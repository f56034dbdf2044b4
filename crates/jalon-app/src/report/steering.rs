//! The steering committee's report: per axis and objective, each target with its status and
//! trajectory chart, the late actions, the budget (planned, committed, spent) and the values
//! still missing for the year; the same content as a workbook.

use jalon_chart::{Labels, MeasuredPoint, Trajectory};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::action::Lateness;
use jalon_core::number::format_number;
use jalon_core::plan::MeasurementState;
use jalon_core::progress::Status;
use jalon_core::status::series;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};

use super::{action_status, euros, pick, t};
use crate::{Actor, App, AppResult};

/// A status in words.
pub(crate) fn status_word(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Achieved => t(lang, "Atteinte", "Achieved"),
        Status::OnTrack => t(lang, "En bonne voie", "On track"),
        Status::AtRisk => t(lang, "À surveiller", "At risk"),
        Status::OffTrack => t(lang, "En retard", "Off track"),
        Status::Deteriorating => t(lang, "Se dégrade", "Deteriorating"),
        Status::Missed => t(lang, "Manquée", "Missed"),
        Status::NoData => t(lang, "Pas de données", "No data"),
    }
}

fn lateness_word(lang: Lang, l: Lateness) -> &'static str {
    match l {
        Lateness::Overdue => t(lang, "échéance dépassée", "past its end date"),
        Lateness::MilestoneOverdue => t(lang, "jalon en retard", "milestone overdue"),
        Lateness::StartOverdue => t(lang, "pas encore lancée", "not started yet"),
    }
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
        let fr = lang == Lang::Fr;
        let statuses = jalon_core::status::plan_status(doc, year, &self.config.thresholds);
        let mut target_rows: Vec<Vec<SheetCell>> = Vec::new();
        let mut late_rows: Vec<Vec<SheetCell>> = Vec::new();
        let mut budget_rows: Vec<Vec<SheetCell>> = Vec::new();
        let mut missing_rows: Vec<Vec<SheetCell>> = Vec::new();
        let mut illustrative = false;
        let mut chapters = Vec::new();
        for axis in &doc.axes {
            let counts = statuses.axes.get(&axis.code).copied().unwrap_or_default();
            let mut sections = Vec::new();
            let (mut planned, mut committed, mut spent) = (0i64, 0i64, 0i64);
            for o in &axis.objectives {
                let mut blocks = Vec::new();
                let mut rows = Vec::new();
                for target in &o.targets {
                    let Some(st) = statuses.targets.get(&target.code) else {
                        continue;
                    };
                    let indicator = st.indicator_code.as_deref().and_then(|c| doc.indicator(c));
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
                    rows.push(vec![
                        target.code.clone(),
                        text.clone(),
                        latest.clone().unwrap_or_else(|| "–".into()),
                        status_word(lang, st.status()).to_string(),
                    ]);
                    target_rows.push(vec![
                        axis.code.as_str().into(),
                        o.code.as_str().into(),
                        target.code.as_str().into(),
                        text.into(),
                        st.indicator_code.clone().into(),
                        st.latest.as_ref().map(|p| p.value).into(),
                        st.latest.as_ref().map(|p| p.period.clone()).into(),
                        st.spec.map(|s| s.target_value).into(),
                        st.spec.map(|s| f64::from(s.target_year)).into(),
                        status_word(lang, st.status()).into(),
                    ]);
                    if let (Some(spec), Some(i)) = (st.spec, indicator) {
                        let points = series(i);
                        illustrative |= points.iter().any(|p| p.illustrative);
                        let expected: Vec<(i32, f64)> = (spec.baseline_year..=spec.target_year)
                            .map(|y| (y, spec.expected_at(y)))
                            .collect();
                        let unit = target
                            .unit
                            .clone()
                            .or_else(|| i.unit.clone())
                            .unwrap_or_default();
                        let chart = Trajectory {
                            title: format!("{} — {}", target.code, status_word(lang, st.status())),
                            description: format!(
                                "{} {} {} ({}) → {} {} ({})",
                                t(lang, "Trajectoire de", "Trajectory of"),
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
                            expected: expected.clone(),
                            measured: points
                                .iter()
                                .map(|p| MeasuredPoint {
                                    year: p.year,
                                    value: p.value,
                                    low: p.low,
                                    high: p.high,
                                    provisional: p.state != MeasurementState::Validated,
                                })
                                .collect(),
                            labels: Labels {
                                measured: t(lang, "Mesuré", "Measured").into(),
                                expected: t(lang, "Trajectoire", "Trajectory").into(),
                                target: t(lang, "Cible", "Target").into(),
                                baseline: t(lang, "Référence", "Baseline").into(),
                                provisional: t(lang, "provisoire", "provisional").into(),
                            },
                            french: fr,
                        };
                        let first = spec
                            .baseline_year
                            .min(points.first().map_or(i32::MAX, |p| p.year));
                        let last = spec
                            .target_year
                            .max(points.last().map_or(i32::MIN, |p| p.year));
                        blocks.push(Block::Chart {
                            svg: chart.to_svg(),
                            table: Table {
                                caption: format!(
                                    "{} {}",
                                    t(lang, "Données du graphique", "Chart data"),
                                    target.code
                                ),
                                header: vec![
                                    t(lang, "Année", "Year").into(),
                                    t(lang, "Trajectoire", "Trajectory").into(),
                                    t(lang, "Mesuré", "Measured").into(),
                                ],
                                numeric: vec![false, true, true],
                                rows: (first..=last)
                                    .map(|y| {
                                        vec![
                                            y.to_string(),
                                            expected
                                                .iter()
                                                .find(|(e, _)| *e == y)
                                                .map(|(_, v)| format_number(*v, 2, fr))
                                                .unwrap_or_else(|| "–".into()),
                                            points
                                                .iter()
                                                .rev()
                                                .find(|p| p.year == y)
                                                .map(|p| format_number(p.value, 2, fr))
                                                .unwrap_or_else(|| "–".into()),
                                        ]
                                    })
                                    .collect(),
                            },
                        });
                    }
                }
                if !rows.is_empty() {
                    blocks.insert(
                        0,
                        Block::Table(Table {
                            caption: format!("{} {}", t(lang, "Cibles de", "Targets of"), o.code),
                            header: vec![
                                t(lang, "Cible", "Target").into(),
                                t(lang, "Énoncé", "Statement").into(),
                                t(lang, "Dernière valeur", "Latest value").into(),
                                t(lang, "Statut", "Status").into(),
                            ],
                            numeric: vec![false, false, true, false],
                            rows,
                        }),
                    );
                }
                let late: Vec<Item> = o
                    .actions
                    .iter()
                    .filter_map(|a| view.lateness(a).map(|l| (a, l)))
                    .map(|(a, l)| {
                        late_rows.push(vec![
                            axis.code.as_str().into(),
                            a.code.as_str().into(),
                            a.title.as_str().into(),
                            a.pilot.clone().into(),
                            a.end.map(|d| d.to_string()).into(),
                            lateness_word(lang, l).into(),
                            a.progress.map(f64::from).into(),
                        ]);
                        Item {
                            title: format!("{} {}", a.code, pick(lang, &a.title, &a.title_en)),
                            detail: [
                                Some(lateness_word(lang, l).to_string()),
                                a.end.map(|d| format!("{} {d}", t(lang, "échéance", "due"))),
                                a.pilot.clone(),
                                a.progress.map(|p| format!("{p} %")),
                            ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" · "),
                            link: view
                                .action_id(&a.code)
                                .map(|id| format!("{links}/actions/{id}")),
                            ..Default::default()
                        }
                    })
                    .collect();
                if !late.is_empty() {
                    blocks.push(Block::Paragraph(
                        t(lang, "Actions en retard :", "Late actions:").into(),
                    ));
                    blocks.push(Block::Items(late));
                }
                for a in &o.actions {
                    let b = &a.budget;
                    if b.is_empty() {
                        continue;
                    }
                    planned += b.planned_cents.unwrap_or(0);
                    committed += b.committed_cents.unwrap_or(0);
                    spent += b.spent_cents.unwrap_or(0);
                    budget_rows.push(vec![
                        axis.code.as_str().into(),
                        a.code.as_str().into(),
                        a.title.as_str().into(),
                        action_status(lang, a.status).into(),
                        b.planned_cents.map(|c| c as f64 / 100.0).into(),
                        b.committed_cents.map(|c| c as f64 / 100.0).into(),
                        b.spent_cents.map(|c| c as f64 / 100.0).into(),
                    ]);
                }
                let missing: Vec<String> = o
                    .indicators
                    .iter()
                    .filter(|i| !series(i).iter().any(|p| p.year == year))
                    .map(|i| {
                        missing_rows.push(vec![
                            axis.code.as_str().into(),
                            i.code.as_str().into(),
                            i.name.as_str().into(),
                            i.owner.clone().into(),
                        ]);
                        format!(
                            "{} {}{}",
                            i.code,
                            pick(lang, &i.name, &i.name_en),
                            i.owner
                                .as_ref()
                                .map(|o| format!(" ({o})"))
                                .unwrap_or_default()
                        )
                    })
                    .collect();
                if !missing.is_empty() {
                    blocks.push(Block::Note(format!(
                        "{} {year} : {}",
                        t(lang, "Valeurs manquantes pour", "Values missing for"),
                        missing.join(" ; ")
                    )));
                }
                if !blocks.is_empty() {
                    sections.push(Section {
                        title: format!("{} {}", o.code, pick(lang, &o.title, &o.title_en)),
                        blocks,
                    });
                }
            }
            if planned + committed + spent > 0 {
                sections.push(Section {
                    title: t(lang, "Budget des actions", "Budget of the actions").into(),
                    blocks: vec![Block::Table(Table {
                        caption: format!(
                            "{} {}",
                            t(lang, "Budget de l'axe", "Budget of axis"),
                            axis.code
                        ),
                        header: vec![
                            t(lang, "Prévu", "Planned").into(),
                            t(lang, "Engagé", "Committed").into(),
                            t(lang, "Dépensé", "Spent").into(),
                        ],
                        numeric: vec![true, true, true],
                        rows: vec![vec![
                            euros(planned, fr),
                            euros(committed, fr),
                            euros(spent, fr),
                        ]],
                    })],
                });
            }
            let on = counts.achieved + counts.on_track;
            chapters.push(Chapter {
                slug: axis.code.to_lowercase(),
                number: Some(axis.code.clone()),
                title: pick(lang, &axis.title, &axis.title_en).to_string(),
                lead: None,
                colour: None,
                key_figures: vec![
                    KeyFigure {
                        value: format!("{on} / {}", counts.total()),
                        unit: String::new(),
                        label: t(
                            lang,
                            "cibles atteintes ou en bonne voie",
                            "targets achieved or on track",
                        )
                        .into(),
                        period: year.to_string(),
                        comparison: None,
                        source: None,
                    },
                    KeyFigure {
                        value: (counts.off_track + counts.deteriorating + counts.missed)
                            .to_string(),
                        unit: String::new(),
                        label: t(
                            lang,
                            "cibles en retard, en dégradation ou manquées",
                            "targets off track, deteriorating or missed",
                        )
                        .into(),
                        period: year.to_string(),
                        comparison: None,
                        source: None,
                    },
                ],
                sections,
            });
        }
        let total = statuses.total;
        let report = Report {
            lang,
            title: t(lang, "Rapport de pilotage", "Steering report").into(),
            subtitle: format!(
                "{} — {year}",
                pick(lang, &doc.strategy.title, &doc.strategy.title_en)
            ),
            institution: doc.institution.name.clone(),
            year,
            notice: illustrative.then(|| {
                t(lang, "Données de démonstration : une partie des valeurs est illustrative.", "Demo data: some values are illustrative.").to_string()
            }),
            foreword: vec![
                Block::Paragraph(format!(
                    "{} {year} : {} {} · {} {} · {} {} · {} {} · {} {} · {} {} · {} {}.",
                    t(lang, "Statut des cibles en", "Status of the targets in"),
                    total.achieved, status_word(lang, Status::Achieved),
                    total.on_track, status_word(lang, Status::OnTrack),
                    total.at_risk, status_word(lang, Status::AtRisk),
                    total.off_track, status_word(lang, Status::OffTrack),
                    total.deteriorating, status_word(lang, Status::Deteriorating),
                    total.missed, status_word(lang, Status::Missed),
                    total.no_data, status_word(lang, Status::NoData),
                )),
                Block::Note(t(
                    lang,
                    "Statuts calculés d'après la trajectoire de chaque cible (de la référence à la valeur visée) et la dernière valeur enregistrée ; les valeurs non validées sont provisoires.",
                    "Statuses computed from each target's trajectory (baseline to target value) and the latest stored value; values not yet validated are provisional.",
                ).into()),
            ],
            chapters,
        };
        let header = |cols: &[(&'static str, &'static str)]| -> Vec<String> {
            cols.iter()
                .map(|(f, e)| t(lang, f, e).to_string())
                .collect()
        };
        let sheets = vec![
            Sheet {
                name: t(lang, "Cibles", "Targets").into(),
                header: header(&[
                    ("Axe", "Axis"),
                    ("Objectif", "Objective"),
                    ("Cible", "Target"),
                    ("Énoncé", "Statement"),
                    ("Indicateur", "Indicator"),
                    ("Dernière valeur", "Latest value"),
                    ("Période", "Period"),
                    ("Valeur visée", "Target value"),
                    ("Échéance", "Target year"),
                    ("Statut", "Status"),
                ]),
                rows: target_rows,
                widths: vec![8.0, 10.0, 12.0, 60.0, 12.0, 14.0, 12.0, 14.0, 10.0, 16.0],
            },
            Sheet {
                name: t(lang, "Actions en retard", "Late actions").into(),
                header: header(&[
                    ("Axe", "Axis"),
                    ("Action", "Action"),
                    ("Intitulé", "Title"),
                    ("Pilote", "Pilot"),
                    ("Échéance", "End"),
                    ("Retard", "Lateness"),
                    ("Avancement (%)", "Progress (%)"),
                ]),
                rows: late_rows,
                widths: vec![8.0, 12.0, 60.0, 24.0, 12.0, 20.0, 14.0],
            },
            Sheet {
                name: t(lang, "Budget", "Budget").into(),
                header: header(&[
                    ("Axe", "Axis"),
                    ("Action", "Action"),
                    ("Intitulé", "Title"),
                    ("Statut", "Status"),
                    ("Prévu (€)", "Planned (€)"),
                    ("Engagé (€)", "Committed (€)"),
                    ("Dépensé (€)", "Spent (€)"),
                ]),
                rows: budget_rows,
                widths: vec![8.0, 12.0, 60.0, 14.0, 14.0, 14.0, 14.0],
            },
            Sheet {
                name: t(lang, "Valeurs manquantes", "Missing values").into(),
                header: header(&[
                    ("Axe", "Axis"),
                    ("Indicateur", "Indicator"),
                    ("Intitulé", "Name"),
                    ("Responsable", "Owner"),
                ]),
                rows: missing_rows,
                widths: vec![8.0, 12.0, 60.0, 24.0],
            },
        ];
        Ok(SteeringReport { report, sheets })
    }
}
