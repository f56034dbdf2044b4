//! The annual SDG report, in the structure of the THE Impact Rankings: a foreword, one chapter
//! per SDG (the UN goal sentence, a banner of the year's key figures, then what the institution
//! does for it — strategy, actions, research, teaching — and the THE metrics of that SDG), the
//! year's principal actions, and an annex of the sources of every figure.

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::action::ActionStatus;
use jalon_core::number::format_number;
use jalon_core::plan::{Indicator, MeasurementState, Objective, PlanDocument};
use jalon_core::status::series;
use jalon_report::figure::{comparison_as, is_share};
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};
use jalon_store::inventories::PublicationFilter;

use super::content::{BlockView, HighlightInput};
use super::{action_status, pick, t};
use crate::frameworks::EvidenceView;
use crate::frameworks::the::{TheBank, TheMetricView, TheSdgView};
use crate::sdg::goal::{confirmed_for, names_goal};
use crate::sdg::research::{ProjectView, PublicationView};
use crate::sdg::teaching::{Focus, TeachingView};
use crate::view::PlanView;
use crate::{Actor, App, AppResult};

/// Key figures in a chapter's banner, at most.
const KEY_FIGURES: usize = 3;

/// How a key figure is compared: with which year (`None`: the latest earlier value, or the
/// baseline) and how (`auto` by unit, `relative`, `points`).
#[derive(Debug, Clone, Copy)]
struct Compare<'a> {
    year: Option<i32>,
    mode: &'a str,
}

const AUTO: Compare<'static> = Compare {
    year: None,
    mode: "auto",
};

/// A figure of `year` from an indicator's stored values, compared as `compare` says.
fn key_figure(
    i: &Indicator,
    id: Option<i64>,
    year: i32,
    lang: Lang,
    links: &str,
    compare: Compare<'_>,
) -> Option<(KeyFigure, bool)> {
    let points = series(i);
    let point = points.iter().rev().find(|p| p.year == year)?;
    let baseline = i.baseline.as_ref().map(|b| (b.year, b.value));
    let earlier = match compare.year {
        Some(cy) => points
            .iter()
            .rev()
            .find(|p| p.year == cy)
            .map(|p| (p.year, p.value))
            .or(baseline.filter(|(y, _)| *y == cy)),
        None => points
            .iter()
            .rev()
            .find(|p| p.year < year)
            .map(|p| (p.year, p.value))
            .or(baseline.filter(|(y, _)| *y < year)),
    };
    let unit = i.unit.clone().unwrap_or_default();
    let in_points = match compare.mode {
        "points" => true,
        "relative" => false,
        _ => is_share(&unit),
    };
    let fr = lang == Lang::Fr;
    Some((
        KeyFigure {
            value: format_number(point.value, 2, fr),
            unit: unit.clone(),
            label: pick(lang, &i.name, &i.name_en).to_string(),
            period: point.period.clone(),
            comparison: earlier
                .and_then(|(y, v)| comparison_as(point.value, v, y, in_points, lang)),
            source: id.map(|id| format!("{links}/indicators/{id}")),
        },
        point.illustrative || point.state != MeasurementState::Validated,
    ))
}

/// Block kinds in words.
fn block_kind(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "policy" => t(lang, "rpt-policy"),
        "programme" => t(lang, "rpt-programme"),
        "event" => t(lang, "rpt-event"),
        "partnership" => t(lang, "rpt-partnership"),
        _ => t(lang, "rpt-text"),
    }
}

/// A content block as a report item.
fn block_item(lang: Lang, b: &BlockView) -> Item {
    Item {
        title: pick(lang, &b.title, &b.title_en).to_string(),
        detail: dotted([
            Some(block_kind(lang, &b.kind).to_string()),
            b.year.map(|y| y.to_string()),
        ]),
        text: Some(pick(lang, &b.body, &b.body_en).to_string()).filter(|t| !t.trim().is_empty()),
        link: b.url.clone(),
        tags: Vec::new(),
    }
}

/// What the institution declared for a THE metric: its figures (linked to the plan's stored
/// value when they come from one) and its public evidence of the year, each item once.
fn the_answers(
    lang: Lang,
    m: &TheMetricView,
    indicator_link: impl Fn(&str) -> Option<String>,
) -> Vec<Item> {
    let fr = lang == Lang::Fr;
    let mut out = Vec::new();
    let mut evidence: Vec<(&EvidenceView, Vec<&str>)> = Vec::new();
    for i in &m.indicators {
        if let Some(v) = i.value {
            out.push(Item {
                title: format!("{} {}", i.id, i.name),
                detail: format!(
                    "{}{}",
                    t(lang, "rpt-figure-submitted"),
                    format_number(v, 2, fr)
                ),
                link: i.plan_indicator.as_deref().and_then(&indicator_link),
                ..Default::default()
            });
        }
        if i.exists == Some(true) {
            for e in i.evidence.iter().filter(|e| e.public && e.window.counts()) {
                match evidence.iter_mut().find(|(x, _)| x.id == e.id) {
                    Some((_, ids)) => ids.push(&i.id),
                    None => evidence.push((e, vec![&i.id])),
                }
            }
        }
    }
    for (e, ids) in evidence {
        out.push(Item {
            title: e.title.clone(),
            detail: dotted([
                Some(format!("THE {}", ids.join(", "))),
                e.issuer.clone(),
                e.adopted_on.map(|d| {
                    format!(
                        "{} {}",
                        t(lang, "rpt-adopted"),
                        if fr {
                            d.format("%d/%m/%Y").to_string()
                        } else {
                            d.to_string()
                        }
                    )
                }),
                e.adopted_by.clone(),
            ]),
            link: e.url.clone(),
            ..Default::default()
        });
    }
    out
}

fn the_section(lang: Lang, sdg: &TheSdgView, edition: &str) -> Section {
    let kind = |k: &str| match k {
        "bibliometric" => t(lang, "rpt-bibliometric"),
        "portal" => t(lang, "rpt-portal-figure"),
        _ => t(lang, "rpt-evidence"),
    };
    let rows = sdg
        .metrics
        .iter()
        .map(|m| {
            let mut kinds: Vec<&str> = Vec::new();
            for i in &m.indicators {
                if !kinds.contains(&kind(&i.kind)) {
                    kinds.push(kind(&i.kind));
                }
            }
            vec![
                m.id.clone(),
                m.name.clone(),
                m.weight
                    .map(|w| format!("{} %", format_number(w, 1, lang == Lang::Fr)))
                    .unwrap_or_else(|| "–".into()),
                m.indicators.len().to_string(),
                kinds.join(", "),
            ]
        })
        .collect();
    Section {
        title: t(lang, "rpt-the-impact-rankings-metrics").into(),
        blocks: vec![
            Block::Table(Table {
                caption: format!("{} {}", t(lang, "rpt-the-impact-metrics-of-sdg"), sdg.goal),
                header: vec![
                    t(lang, "rpt-metric").into(),
                    t(lang, "rpt-name-the").into(),
                    t(lang, "rpt-weight").into(),
                    t(lang, "rpt-indicators").into(),
                    t(lang, "rpt-kind").into(),
                ],
                numeric: vec![false, false, true, true, false],
                rows,
            }),
            Block::Note(format!(
                "{} {edition}.",
                t(lang, "rpt-names-and-methodology-times-higher-education")
            )),
        ],
    }
}

/// What a goal's chapter is built from: the year's data, read once for the 17 chapters.
struct GoalInputs<'a> {
    view: &'a PlanView,
    projects: &'a [ProjectView],
    publications: &'a [PublicationView],
    teaching: &'a TeachingView,
    bank: &'a TheBank,
    blocks: &'a [BlockView],
    highlights: &'a [(u8, HighlightInput)],
    year: i32,
    lang: Lang,
    links: &'a str,
}

/// What the chapters gather for the whole report: whether any item shown is illustrative, and
/// the source of every key figure (the annex).
#[derive(Default)]
struct Provenance {
    illustrative: bool,
    sources: Vec<Vec<String>>,
}

/// The chapter of goal `n`, and whether anything of the year carries the goal.
fn goal_chapter(d: &GoalInputs<'_>, n: u8, p: &mut Provenance) -> Option<(Chapter, bool)> {
    let goal = jalon_sdg::goal(n)?;
    let lang = d.lang;
    let sdg_lang = match lang {
        Lang::Fr => jalon_sdg::Lang::Fr,
        Lang::En => jalon_sdg::Lang::En,
    };
    let objectives: Vec<&Objective> = d
        .view
        .doc()
        .axes
        .iter()
        .flat_map(|a| &a.objectives)
        .filter(|o| names_goal(&o.sdgs, n))
        .collect();
    let figures = goal_figures(d, n, &objectives, p);
    let mut sections = metric_sections(d, n, p);
    sections.extend(strategy_section(d, &objectives));
    sections.extend(actions_section(d, n));
    sections.extend(research_section(d, n, p));
    sections.extend(teaching_section(d, n, p));
    let carried = !sections.is_empty() || !figures.is_empty();
    if sections.is_empty() {
        sections.push(Section {
            title: t(lang, "rpt-this-year").into(),
            blocks: vec![Block::Note(format!(
                "{} {}.",
                t(lang, "rpt-nothing-is-mapped-to-this-goal"),
                d.year
            ))],
        });
    }
    if let Some(s) = d.bank.sdgs.iter().find(|s| s.goal == n) {
        sections.push(the_section(lang, s, &d.bank.edition));
    }
    let chapter = Chapter {
        slug: format!("{}-{n}", t(lang, "rpt-sdg")),
        number: Some(format!("{} {n}", t(lang, "rpt-sdg-2"))),
        title: goal.short(sdg_lang).to_string(),
        lead: Some(goal.title(sdg_lang).to_string()),
        colour: Some(goal.colour.to_string()),
        key_figures: figures,
        sections,
    };
    Some((chapter, carried))
}

/// The banner's key figures: the highlights people chose for the goal, else the indicators
/// of the objectives naming it; each figure's source goes to the annex.
fn goal_figures(
    d: &GoalInputs<'_>,
    n: u8,
    objectives: &[&Objective],
    p: &mut Provenance,
) -> Vec<KeyFigure> {
    let doc = d.view.doc();
    let chosen: Vec<(&Indicator, Compare<'_>)> = d
        .highlights
        .iter()
        .filter(|(g, _)| *g == n)
        .filter_map(|(_, h)| {
            doc.indicator(&h.indicator_code).map(|i| {
                (
                    i,
                    Compare {
                        year: h.compare_year,
                        mode: h.comparison.as_str(),
                    },
                )
            })
        })
        .collect();
    let candidates: Vec<(&Indicator, Compare<'_>)> = if chosen.is_empty() {
        objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .map(|i| (i, AUTO))
            .collect()
    } else {
        chosen
    };
    let mut figures = Vec::new();
    for (i, compare) in candidates {
        if figures.len() == KEY_FIGURES {
            break;
        }
        let id = d.view.indicator_id(&i.code);
        if let Some((f, flagged)) = key_figure(i, id, d.year, d.lang, d.links, compare) {
            p.illustrative |= flagged;
            p.sources.push(vec![
                i.code.clone(),
                pick(d.lang, &i.name, &i.name_en).to_string(),
                f.period.clone(),
                format!("{} {}", f.value, f.unit).trim().to_string(),
                i.source_system.clone().unwrap_or_else(|| "–".into()),
            ]);
            figures.push(f);
        }
    }
    figures
}

/// One section per THE metric of the goal with what answers it (report blocks linked to the
/// metric, the bank's answers), then the goal's other initiatives and commitments.
fn metric_sections(d: &GoalInputs<'_>, n: u8, p: &mut Provenance) -> Vec<Section> {
    let lang = d.lang;
    let links = d.links;
    let mut sections = Vec::new();
    let goal_blocks: Vec<&BlockView> = d.blocks.iter().filter(|b| b.sdgs.contains(&n)).collect();
    if let Some(sdg) = d.bank.sdgs.iter().find(|s| s.goal == n) {
        for m in &sdg.metrics {
            let mut items: Vec<Item> = goal_blocks
                .iter()
                .filter(|b| b.metrics.contains(&m.id))
                .map(|b| {
                    p.illustrative |= b.illustrative;
                    block_item(lang, b)
                })
                .collect();
            items.extend(the_answers(lang, m, |code| {
                d.view
                    .indicator_id(code)
                    .map(|id| format!("{links}/indicators/{id}"))
            }));
            if !items.is_empty() {
                sections.push(Section {
                    title: format!("{} {}", m.id, m.name),
                    blocks: vec![Block::Items(items)],
                });
            }
        }
    }
    let other: Vec<Item> = goal_blocks
        .iter()
        .filter(|b| {
            !b.metrics
                .iter()
                .any(|m| m.split('.').next() == Some(&n.to_string()))
        })
        .map(|b| {
            p.illustrative |= b.illustrative;
            block_item(lang, b)
        })
        .collect();
    if !other.is_empty() {
        sections.push(Section {
            title: t(lang, "rpt-initiatives-and-commitments").into(),
            blocks: vec![Block::Items(other)],
        });
    }
    sections
}

/// The objectives of the strategy that name the goal.
fn strategy_section(d: &GoalInputs<'_>, objectives: &[&Objective]) -> Option<Section> {
    let lang = d.lang;
    let links = d.links;
    (!objectives.is_empty()).then(|| Section {
        title: t(lang, "rpt-in-the-strategy").into(),
        blocks: vec![Block::Items(
            objectives
                .iter()
                .map(|o| Item {
                    title: format!("{} {}", o.code, pick(lang, &o.title, &o.title_en)),
                    detail: format!(
                        "{} {} · {} {}",
                        o.targets.len(),
                        t(lang, "rpt-target-s"),
                        o.actions.len(),
                        t(lang, "rpt-action-s")
                    ),
                    link: d
                        .view
                        .objective_id(&o.code)
                        .map(|id| format!("{links}/objectives/{id}")),
                    ..Default::default()
                })
                .collect(),
        )],
    })
}

/// The actions of the plan that name the goal, with their status, progress and pilot.
fn actions_section(d: &GoalInputs<'_>, n: u8) -> Option<Section> {
    let lang = d.lang;
    let links = d.links;
    let actions: Vec<Item> = d
        .view
        .doc()
        .actions()
        .filter(|(_, a)| names_goal(&a.sdgs, n))
        .map(|(_, a)| Item {
            title: format!("{} {}", a.code, pick(lang, &a.title, &a.title_en)),
            detail: dotted([
                Some(action_status(lang, a.status).to_string()),
                a.progress.map(|p| format!("{p} %")),
                a.pilot.clone(),
            ]),
            link: d
                .view
                .action_id(&a.code)
                .map(|id| format!("{links}/actions/{id}")),
            ..Default::default()
        })
        .collect();
    (!actions.is_empty()).then(|| Section {
        title: t(lang, "rpt-actions").into(),
        blocks: vec![Block::Items(actions)],
    })
}

/// The parts of an item's detail that are there, joined with a middle dot.
fn dotted(parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// A list under its label (`Publications of 2024:`), when it has items.
fn labelled_list(blocks: &mut Vec<Block>, lang: Lang, label: &str, year: i32, items: Vec<Item>) {
    if !items.is_empty() {
        blocks.push(Block::Paragraph(format!(
            "{} {year}{}",
            t(lang, label),
            jalon_i18n::colon(lang)
        )));
        blocks.push(Block::Items(items));
    }
}

/// The research of the year that carries the goal: running projects and publications whose
/// tag for it a person confirmed.
fn research_section(d: &GoalInputs<'_>, n: u8, prov: &mut Provenance) -> Option<Section> {
    let (lang, year) = (d.lang, d.year);
    let mut illustrative = false;
    let section = {
        let mut research = Vec::new();
        let running: Vec<Item> = d
            .projects
            .iter()
            .filter(|p| confirmed_for(&p.tags, n))
            .filter(|p| {
                p.start_year.is_none_or(|s| s <= year) && p.end_year.is_none_or(|e| e >= year)
            })
            .map(|p| {
                illustrative |= p.illustrative;
                Item {
                    title: match &p.acronym {
                        Some(a) => format!("{a} — {}", p.title),
                        None => p.title.clone(),
                    },
                    detail: dotted([
                        p.lab.clone(),
                        match (p.start_year, p.end_year) {
                            (Some(s), Some(e)) => Some(format!("{s}–{e}")),
                            (Some(s), None) => Some(format!("{s}–")),
                            _ => None,
                        },
                        p.funding.clone(),
                        p.partners.clone(),
                    ]),
                    ..Default::default()
                }
            })
            .collect();
        labelled_list(
            &mut research,
            lang,
            "rpt-research-projects-running-in",
            year,
            running,
        );
        let pubs: Vec<Item> = d
            .publications
            .iter()
            .filter(|p| confirmed_for(&p.tags, n))
            .map(|p| {
                illustrative |= p.illustrative;
                Item {
                    title: p.title.clone(),
                    detail: dotted([
                        (!p.authors.is_empty()).then(|| p.authors.join(", ")),
                        p.venue.clone(),
                        p.year.map(|y| y.to_string()),
                        p.doi.as_ref().map(|d| format!("doi:{d}")),
                    ]),
                    link: p.doi.as_ref().map(|d| format!("https://doi.org/{d}")),
                    ..Default::default()
                }
            })
            .collect();
        labelled_list(&mut research, lang, "rpt-publications-of", year, pubs);
        (!research.is_empty()).then(|| Section {
            title: t(lang, "rpt-research").into(),
            blocks: research,
        })
    };
    prov.illustrative |= illustrative;
    section
}

/// The courses whose tag for the goal a person confirmed, with their programme and focus.
fn teaching_section(d: &GoalInputs<'_>, n: u8, prov: &mut Provenance) -> Option<Section> {
    let lang = d.lang;
    let mut illustrative = false;
    let section = {
        let courses: Vec<Item> = d
            .teaching
            .programmes
            .iter()
            .flat_map(|p| p.courses.iter().map(move |c| (p, c)))
            .filter(|(_, c)| confirmed_for(&c.tags, n))
            .map(|(p, c)| {
                illustrative |= c.illustrative;
                Item {
                    title: c.title.clone(),
                    detail: dotted([
                        Some(p.name.clone()),
                        c.code.clone(),
                        Some(
                            match c.focus {
                                Focus::Focused => t(lang, "rpt-sustainability-focused"),
                                Focus::Inclusive => t(lang, "rpt-sustainability-inclusive"),
                                Focus::None => t(lang, "rpt-other"),
                            }
                            .to_string(),
                        ),
                    ]),
                    ..Default::default()
                }
            })
            .collect();
        (!courses.is_empty()).then(|| Section {
            title: t(lang, "rpt-teaching").into(),
            blocks: vec![Block::Items(courses)],
        })
    };
    prov.illustrative |= illustrative;
    section
}

/// The year's principal actions: done in the year, or under way.
fn principal_actions_chapter(doc: &PlanDocument, year: i32, lang: Lang) -> Chapter {
    let mut principal: Vec<Vec<String>> = doc
        .actions()
        .filter(|(_, a)| match a.status {
            ActionStatus::Done => a.end.is_none_or(|e| chrono::Datelike::year(&e) == year),
            ActionStatus::InProgress | ActionStatus::Recurring => true,
            _ => false,
        })
        .map(|(_, a)| {
            vec![
                a.code.clone(),
                pick(lang, &a.title, &a.title_en).to_string(),
                action_status(lang, a.status).to_string(),
                a.progress
                    .map(|p| format!("{p} %"))
                    .unwrap_or_else(|| "–".into()),
                a.sdgs.join(", "),
            ]
        })
        .collect();
    principal.sort_by(|a, b| a[2].cmp(&b[2]).then(a[0].cmp(&b[0])));
    Chapter {
        slug: t(lang, "rpt-actions-of-the-year").into(),
        number: None,
        title: format!("{} {year}", t(lang, "rpt-principal-actions-of")),
        lead: None,
        colour: None,
        key_figures: Vec::new(),
        sections: vec![Section {
            title: t(lang, "rpt-actions-done-or-under-way").into(),
            blocks: vec![Block::Table(Table {
                caption: format!("{} {year}", t(lang, "rpt-actions-of")),
                header: vec![
                    t(lang, "rpt-code").into(),
                    t(lang, "rpt-action").into(),
                    t(lang, "rpt-status").into(),
                    t(lang, "rpt-progress").into(),
                    t(lang, "rpt-sdgs").into(),
                ],
                numeric: vec![false, false, false, true, false],
                rows: principal,
            })],
        }],
    }
}

/// The annex: the source of every key figure, and the public evidence the THE answers cite.
fn annex_chapter(bank: &TheBank, mut sources: Vec<Vec<String>>, lang: Lang) -> Chapter {
    sources.sort();
    sources.dedup();
    let mut cited: Vec<(&EvidenceView, Vec<&str>)> = Vec::new();
    for i in bank
        .sdgs
        .iter()
        .flat_map(|s| &s.metrics)
        .flat_map(|m| &m.indicators)
    {
        if i.exists != Some(true) {
            continue;
        }
        for e in i.evidence.iter().filter(|e| e.public && e.window.counts()) {
            match cited.iter_mut().find(|(x, _)| x.id == e.id) {
                Some((_, ids)) => ids.push(&i.id),
                None => cited.push((e, vec![&i.id])),
            }
        }
    }
    cited.sort_by(|a, b| a.0.title.cmp(&b.0.title));
    let evidence_rows: Vec<Vec<String>> = cited
        .iter()
        .map(|(e, ids)| {
            vec![
                e.title.clone(),
                e.issuer.clone().unwrap_or_else(|| "–".into()),
                e.adopted_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "–".into()),
                ids.join(", "),
                e.url.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Chapter {
        slug: t(lang, "rpt-sources").into(),
        number: None,
        title: t(lang, "rpt-annex-sources-of-the-figures-and").into(),
        lead: None,
        colour: None,
        key_figures: Vec::new(),
        sections: vec![Section {
            title: t(lang, "rpt-indicators-cited").into(),
            blocks: vec![
                Block::Table(Table {
                    caption: t(lang, "rpt-key-figures-and-their-source").into(),
                    header: vec![
                        t(lang, "rpt-indicator").into(),
                        t(lang, "rpt-name").into(),
                        t(lang, "rpt-period").into(),
                        t(lang, "rpt-value").into(),
                        t(lang, "rpt-source").into(),
                    ],
                    numeric: vec![false, false, false, true, false],
                    rows: sources,
                }),
                Block::Table(Table {
                    caption: t(lang, "rpt-public-evidence-cited-the-impact-rankings").into(),
                    header: vec![
                        t(lang, "rpt-evidence-2").into(),
                        t(lang, "rpt-issuer").into(),
                        t(lang, "rpt-adopted-2").into(),
                        t(lang, "rpt-the-indicators").into(),
                        t(lang, "rpt-address").into(),
                    ],
                    numeric: vec![false; 5],
                    rows: evidence_rows,
                }),
                Block::Note(t(lang, "rpt-every-figure-is-a-value-stored").into()),
            ],
        }],
    }
}

impl App {
    /// The annual SDG report of `year` in `lang`; `links` prefixes the links back to the
    /// application (empty for links relative to the server).
    pub async fn sdg_report(
        &self,
        actor: &Actor,
        year: i32,
        lang: Lang,
        links: &str,
    ) -> AppResult<Report> {
        actor.require(Operation::View)?;
        crate::check_year("year", year)?;
        let view = self.view_for(actor).await?;
        let doc = view.doc();
        let projects = self.projects(actor, None).await?;
        let publications = self
            .publications(
                actor,
                &PublicationFilter {
                    year: Some(year),
                    ..Default::default()
                },
                0,
                100_000,
            )
            .await?
            .publications;
        let teaching = self.teaching(actor).await?;
        let bank = self.the_bank(actor, year).await?;
        let blocks: Vec<BlockView> = self
            .report_blocks(actor)
            .await?
            .into_iter()
            .filter(|b| b.in_year(year))
            .collect();
        let highlights = self.report_highlights(actor).await?;

        let inputs = GoalInputs {
            view: &view,
            projects: &projects,
            publications: &publications,
            teaching: &teaching,
            bank: &bank,
            blocks: &blocks,
            highlights: &highlights,
            year,
            lang,
            links,
        };
        let mut provenance = Provenance::default();
        let mut chapters = Vec::with_capacity(19);
        let mut mapped = 0;
        for n in 1..=17u8 {
            if let Some((chapter, carried)) = goal_chapter(&inputs, n, &mut provenance) {
                mapped += usize::from(carried);
                chapters.push(chapter);
            }
        }
        let Provenance {
            mut illustrative,
            sources,
        } = provenance;

        chapters.push(principal_actions_chapter(doc, year, lang));
        chapters.push(annex_chapter(&bank, sources, lang));

        // The foreword: what people wrote for it (paragraphs split at blank lines), then the
        // report's own presentation.
        let mut written_foreword = Vec::new();
        for b in blocks
            .iter()
            .filter(|b| b.kind == crate::report::content::FOREWORD)
        {
            illustrative |= b.illustrative;
            written_foreword.extend(
                pick(lang, &b.body, &b.body_en)
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Block::Paragraph(p.to_string())),
            );
        }
        let strategy = pick(lang, &doc.strategy.title, &doc.strategy.title_en);
        Ok(Report {
            lang,
            title: t(lang, "rpt-sdg-report").into(),
            subtitle: format!(
                "{} {year} — {}",
                t(lang, "rpt-our-contributions-to-the-sustainable-development"),
                strategy
            ),
            institution: doc.institution.name.clone(),
            year,
            notice: illustrative.then(|| t(lang, "rpt-demo-data-some-of-the-figures").to_string()),
            foreword: written_foreword
                .into_iter()
                .chain([
                    Block::Paragraph(format!(
                        "{} {} {} {year}{}",
                        t(lang, "rpt-this-report-presents-what"),
                        doc.institution.name,
                        t(lang, "rpt-does-for-the-17-sustainable-development"),
                        t(lang, "rpt-goal-by-goal-in-the-structure")
                    )),
                    Block::Paragraph(format!(
                        "{} {mapped} {}",
                        t(lang, "rpt-this-year-2"),
                        t(lang, "rpt-goals-out-of-17-are-carried")
                    )),
                    Block::Note(t(lang, "rpt-every-figure-links-to-its-stored").into()),
                ])
                .collect(),
            chapters,
        })
    }
}
