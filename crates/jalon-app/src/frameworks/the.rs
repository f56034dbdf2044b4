//! The THE Impact evidence bank: per indicator and year, the institution's answer — a figure
//! (typed, or taken from a plan indicator's stored value of that year) or, for evidence
//! indicators, "yes / no" with evidence items — and the three-point self-score, the year-window
//! check of each item, completeness and an estimated score per SDG, the overall estimate, and
//! the submission pack (one sheet per SDG, with URLs).

use crate::ErrorCode;
use jalon_core::message::Message;
use std::collections::{BTreeMap, HashMap};

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::framework::the_evidence::{
    self, IndicatorAnswer, SdgEstimate, SelfScore, self_score,
};
use jalon_core::framework::the_impact::{self, IndicatorKind, OverallScore, TheSdg, overall_score};
use jalon_core::plan::PlanDocument;
use jalon_core::status::series;
use jalon_io::Problem;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_store::audit::Change;
use jalon_store::frameworks::{self as repo, AnswerFields, AnswerRow, kinds};
use serde::{Deserialize, Serialize};

use super::{EvidenceView, evidence_view, facts};
use crate::report::t;
use crate::{Actor, App, AppError, AppResult, check_year};

/// Name of the catalogue shipped with Jalon.
pub const SHIPPED_EDITION: &str = "2024-2025 (Jalon)";

/// An answer as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// For evidence indicators: does the policy or initiative exist?
    pub exists: Option<bool>,
    /// For portal indicators: the figure (ignored when `plan_indicator` gives it).
    pub value: Option<f64>,
    /// Code of the plan indicator whose stored value of the year is the figure.
    pub plan_indicator: Option<String>,
    pub note: Option<String>,
}

/// One THE indicator with the institution's answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TheIndicatorView {
    pub id: String,
    pub name: String,
    /// `bibliometric`, `portal` or `evidence`.
    pub kind: String,
    pub exists: Option<bool>,
    /// The figure: from the plan indicator when linked, else as typed.
    pub value: Option<f64>,
    pub plan_indicator: Option<String>,
    /// The plan indicator has no stored value for the year.
    pub plan_value_missing: bool,
    pub note: Option<String>,
    pub evidence: Vec<EvidenceView>,
    /// 0–3 (evidence indicators).
    pub points: u8,
    pub score: SelfScore,
}

/// A metric and its indicators.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TheMetricView {
    pub id: String,
    pub name: String,
    pub weight: Option<f64>,
    pub indicators: Vec<TheIndicatorView>,
}

/// An SDG of the bank.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TheSdgView {
    pub goal: u8,
    pub name: String,
    pub metrics: Vec<TheMetricView>,
    pub answerable: usize,
    pub answered: usize,
    /// 0–100.
    pub completeness: f64,
    /// 0–100: estimate over what the institution controls.
    pub estimated_score: f64,
}

/// The bank for one year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TheBank {
    pub year: i32,
    pub edition: String,
    pub sdgs: Vec<TheSdgView>,
    /// SDG 17 at 22 % + the best three others at 26 % each, from the estimates.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub overall: Option<OverallScore>,
}

impl TheBank {
    /// One indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&TheIndicatorView> {
        self.sdgs
            .iter()
            .flat_map(|s| &s.metrics)
            .flat_map(|m| &m.indicators)
            .find(|i| i.id == id)
    }
}

/// The per-SDG sheets of a pack ([`App::the_pack`]) as one table, the header once: the sheet of
/// SDG `n` for `Some(n)`, all of them for `None`; `None` when `n` is not 1–17.
pub fn pack_table(pack: &[Sheet], sdg: Option<u8>) -> Option<Sheet> {
    let per_sdg = pack.get(1..).unwrap_or_default();
    let chosen: Vec<&Sheet> = match sdg {
        Some(n) if (1..=17).contains(&n) => vec![per_sdg.get(usize::from(n) - 1)?],
        Some(_) => return None,
        None => per_sdg.iter().collect(),
    };
    Some(Sheet {
        name: "THE".into(),
        header: chosen.first().map(|s| s.header.clone()).unwrap_or_default(),
        rows: chosen.iter().flat_map(|s| s.rows.clone()).collect(),
        widths: Vec::new(),
    })
}

/// The value of a plan indicator in `year` (the latest stored value of that year).
pub(crate) fn plan_value(doc: &PlanDocument, code: &str, year: i32) -> Option<f64> {
    let i = doc.indicator(code)?;
    series(i)
        .iter()
        .rev()
        .find(|p| p.year == year)
        .map(|p| p.value)
}

impl App {
    /// The catalogue in use: the institution's latest imported edition, else the shipped one.
    pub async fn the_catalogue(&self, actor: &Actor) -> AppResult<(String, Vec<TheSdg>)> {
        actor.require(Operation::View)?;
        let editions = repo::editions(self.store.db(), actor.institution_id).await?;
        if let Some(e) = editions.first()
            && let Ok(c) = the_impact::parse_catalogue(&e.source)
        {
            return Ok((e.name.clone(), c));
        }
        Ok((SHIPPED_EDITION.to_string(), the_impact::shipped()))
    }

    /// Imports an edition of the catalogue (the Markdown list format of the shipped one);
    /// a bad line refuses the whole file (locations worded in `lang`).
    pub async fn import_the_edition(
        &self,
        actor: &Actor,
        name: &str,
        file_name: &str,
        text: &str,
        lang: Lang,
    ) -> AppResult<usize> {
        actor.require(Operation::EditReports)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", ErrorCode::Required, ""));
        }
        let sdgs = the_impact::parse_catalogue(text).map_err(|errors| {
            AppError::ImportRefused(
                errors
                    .into_iter()
                    .map(|e| Problem {
                        row: Some(e.line),
                        ..Problem::file(file_name, lang, e.message)
                    })
                    .collect(),
            )
        })?;
        if sdgs.is_empty() {
            return Err(AppError::ImportRefused(vec![Problem::file(
                file_name,
                lang,
                "no \"## SDG N\" section".into(),
            )]));
        }
        let metrics = sdgs.iter().map(|s| s.metrics.len()).sum();
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::save_edition(&txn, actor.institution_id, name, text, now).await?;
        self.finish(
            txn,
            actor.change(
                "the_edition",
                Some(row.id),
                "import",
                Message::new("journal-the-edition")
                    .with("name", name)
                    .with("count", metrics),
            ),
            now,
        )
        .await?;
        Ok(metrics)
    }

    /// The bank of `year`: every indicator with its answer, evidence and self-score.
    pub async fn the_bank(&self, actor: &Actor, year: i32) -> AppResult<TheBank> {
        actor.require(Operation::View)?;
        check_year("year", year)?;
        let (edition, catalogue) = self.the_catalogue(actor).await?;
        let db = self.store.db();
        let answers: HashMap<String, AnswerRow> = repo::answers(db, actor.institution_id, year)
            .await?
            .into_iter()
            .map(|a| (a.indicator_code.clone(), a))
            .collect();
        let items: HashMap<i64, _> = repo::evidence_items(db, actor.institution_id)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let used = self.evidence_use(actor.institution_id).await?;
        let view = self.view_for(actor).await?;
        let doc = view.doc();
        let today = self.now().date_naive();
        let mut estimates: BTreeMap<u8, f64> = BTreeMap::new();
        let sdgs = catalogue
            .iter()
            .map(|s| {
                let metrics: Vec<TheMetricView> = s
                    .metrics
                    .iter()
                    .map(|m| TheMetricView {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        weight: m.weight,
                        indicators: m
                            .indicators
                            .iter()
                            .map(|i| {
                                let a = answers.get(&i.id);
                                let rows: Vec<_> = a
                                    .and_then(|a| used.by_answer.get(&a.id))
                                    .into_iter()
                                    .flatten()
                                    .filter_map(|id| items.get(id))
                                    .collect();
                                let exists = a.and_then(|a| a.exists_answer);
                                let score = if i.kind == IndicatorKind::Evidence {
                                    self_score(
                                        year,
                                        exists,
                                        &rows.iter().map(|e| facts(e)).collect::<Vec<_>>(),
                                    )
                                } else {
                                    SelfScore::default()
                                };
                                let plan_indicator = a.and_then(|a| a.plan_indicator.clone());
                                let from_plan = plan_indicator
                                    .as_deref()
                                    .and_then(|c| plan_value(doc, c, year));
                                TheIndicatorView {
                                    id: i.id.clone(),
                                    name: i.name.clone(),
                                    kind: i.kind.as_str().to_string(),
                                    exists,
                                    value: from_plan.or_else(|| {
                                        if plan_indicator.is_some() {
                                            None
                                        } else {
                                            a.and_then(|a| a.value)
                                        }
                                    }),
                                    plan_value_missing: plan_indicator.is_some()
                                        && from_plan.is_none(),
                                    plan_indicator,
                                    note: a.and_then(|a| a.note.clone()),
                                    evidence: rows
                                        .iter()
                                        .map(|e| evidence_view(e, year, today, used.uses(e.id)))
                                        .collect(),
                                    points: score.points(),
                                    score,
                                }
                            })
                            .collect(),
                    })
                    .collect();
                let by_id: HashMap<&str, &TheIndicatorView> = metrics
                    .iter()
                    .flat_map(|m| &m.indicators)
                    .map(|i| (i.id.as_str(), i))
                    .collect();
                let e: SdgEstimate = the_evidence::estimate(s, |id| {
                    by_id
                        .get(id)
                        .map(|i| IndicatorAnswer {
                            value_given: i.value.is_some(),
                            exists: i.exists,
                            score: i.score,
                        })
                        .unwrap_or_default()
                });
                estimates.insert(s.goal, e.score);
                TheSdgView {
                    goal: s.goal,
                    name: s.name.clone(),
                    metrics,
                    answerable: e.answerable,
                    answered: e.answered,
                    completeness: e.completeness(),
                    estimated_score: e.score,
                }
            })
            .collect();
        Ok(TheBank {
            year,
            edition,
            sdgs,
            overall: overall_score(&estimates),
        })
    }

    /// Records the answer to THE indicator `indicator` for `year`.
    pub async fn save_the_answer(
        &self,
        actor: &Actor,
        year: i32,
        indicator: &str,
        input: &AnswerInput,
    ) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        check_year("year", year)?;
        let (_, catalogue) = self.the_catalogue(actor).await?;
        let kind = the_impact::indicator(&catalogue, indicator)
            .map(|i| i.kind)
            .ok_or_else(|| {
                AppError::invalid("indicator", ErrorCode::UnknownTheIndicator, indicator)
            })?;
        let plan_indicator = input
            .plan_indicator
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        match kind {
            IndicatorKind::Bibliometric => {
                return Err(AppError::invalid(
                    "indicator",
                    ErrorCode::ComputedByThe,
                    indicator,
                ));
            }
            IndicatorKind::Portal if input.exists.is_some() => {
                return Err(AppError::invalid(
                    "exists",
                    ErrorCode::NotAnEvidenceIndicator,
                    indicator,
                ));
            }
            IndicatorKind::Evidence if input.value.is_some() || plan_indicator.is_some() => {
                return Err(AppError::invalid(
                    "value",
                    ErrorCode::NotAPortalIndicator,
                    indicator,
                ));
            }
            _ => {}
        }
        if let Some(v) = input.value
            && !v.is_finite()
        {
            return Err(AppError::invalid(
                "value",
                ErrorCode::InvalidNumber,
                v.to_string(),
            ));
        }
        if let Some(code) = &plan_indicator {
            let view = self.view_for(actor).await?;
            if view.doc().indicator(code).is_none() {
                return Err(AppError::invalid(
                    "plan_indicator",
                    ErrorCode::UnknownIndicator,
                    code.clone(),
                ));
            }
        }
        let fields = AnswerFields {
            exists: input.exists,
            value: if plan_indicator.is_some() {
                None
            } else {
                input.value
            },
            plan_indicator,
            note: input
                .note
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let (before, after) = repo::save_answer(
            &txn,
            actor.institution_id,
            year,
            indicator,
            &fields,
            actor.user_id,
            now,
        )
        .await?;
        let show = |a: &AnswerRow| {
            serde_json::json!({
                "exists": a.exists_answer, "value": a.value,
                "plan_indicator": a.plan_indicator, "note": a.note,
            })
        };
        self.finish(
            txn,
            Change {
                before: before.as_ref().map(show),
                after: Some(show(&after)),
                ..actor.change(
                    kinds::THE_ANSWER,
                    Some(after.id),
                    if before.is_some() { "update" } else { "create" },
                    answer_saved(indicator, year),
                )
            },
            now,
        )
        .await
    }

    /// Links (or unlinks) an evidence item to the answer of `indicator` for `year`; an
    /// answer is created when there is none yet.
    pub async fn link_the_evidence(
        &self,
        actor: &Actor,
        year: i32,
        indicator: &str,
        evidence_id: i64,
        link: bool,
    ) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        check_year("year", year)?;
        let (_, catalogue) = self.the_catalogue(actor).await?;
        let evidence_kind = the_impact::indicator(&catalogue, indicator)
            .is_some_and(|i| i.kind == IndicatorKind::Evidence);
        if !evidence_kind {
            return Err(AppError::invalid(
                "indicator",
                ErrorCode::NotAnEvidenceIndicator,
                indicator,
            ));
        }
        let db = self.store.db();
        let item = repo::evidence_item(db, actor.institution_id, evidence_id)
            .await
            .map_err(|_| AppError::NotFound("evidence"))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let answer = match repo::answers(&txn, actor.institution_id, year)
            .await?
            .into_iter()
            .find(|a| a.indicator_code == indicator)
        {
            Some(a) => a,
            None => {
                repo::save_answer(
                    &txn,
                    actor.institution_id,
                    year,
                    indicator,
                    &AnswerFields::default(),
                    actor.user_id,
                    now,
                )
                .await?
                .1
            }
        };
        self.finish_evidence_link(
            actor,
            txn,
            kinds::THE_ANSWER,
            answer.id,
            evidence_id,
            link,
            Message::new("journal-evidence-the")
                .with("metric", indicator)
                .with("year", year)
                .with("title", item.title),
            now,
        )
        .await
    }

    /// The submission pack of `year`: a summary sheet, then one sheet per SDG listing every
    /// metric and indicator with its answer, evidence (with URLs) and self-score.
    pub async fn the_pack(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<Vec<Sheet>> {
        let bank = self.the_bank(actor, year).await?;
        let fr = lang == Lang::Fr;
        let num = |v: f64| (v * 10.0).round() / 10.0;
        let mut summary = Sheet {
            name: t(lang, "rpt-summary").into(),
            header: vec![
                t(lang, "rpt-sdg-2").into(),
                t(lang, "rpt-name-the").into(),
                t(lang, "rpt-indicators-to-answer").into(),
                t(lang, "rpt-answered").into(),
                t(lang, "rpt-completeness").into(),
                t(lang, "rpt-estimated-score-0-100").into(),
            ],
            rows: Vec::new(),
            widths: vec![8.0, 40.0, 16.0, 12.0, 14.0, 18.0],
        };
        let mut sheets = Vec::new();
        for s in &bank.sdgs {
            summary.rows.push(vec![
                SheetCell::Number(f64::from(s.goal)),
                s.name.as_str().into(),
                SheetCell::Number(s.answerable as f64),
                SheetCell::Number(s.answered as f64),
                SheetCell::Number(num(s.completeness)),
                SheetCell::Number(num(s.estimated_score)),
            ]);
            let mut sheet = Sheet {
                name: format!("{} {}", t(lang, "rpt-sdg-2"), s.goal),
                header: vec![
                    t(lang, "rpt-metric").into(),
                    t(lang, "rpt-metric-name").into(),
                    t(lang, "rpt-weight-2").into(),
                    t(lang, "rpt-indicator").into(),
                    t(lang, "rpt-indicator-name").into(),
                    t(lang, "rpt-kind").into(),
                    t(lang, "rpt-answer").into(),
                    t(lang, "rpt-value").into(),
                    t(lang, "rpt-plan-indicator").into(),
                    t(lang, "rpt-self-score-0-3").into(),
                    t(lang, "rpt-evidence-3").into(),
                    t(lang, "rpt-urls").into(),
                    t(lang, "rpt-checks").into(),
                    t(lang, "rpt-note").into(),
                ],
                rows: Vec::new(),
                widths: vec![
                    9.0, 36.0, 9.0, 10.0, 44.0, 12.0, 14.0, 12.0, 14.0, 12.0, 44.0, 44.0, 30.0,
                    30.0,
                ],
            };
            for m in &s.metrics {
                for i in &m.indicators {
                    let (answer, score) = match i.kind.as_str() {
                        "bibliometric" => (
                            t(lang, "rpt-computed-by-the-scopus").to_string(),
                            SheetCell::Empty,
                        ),
                        "portal" => (
                            if i.value.is_some() {
                                t(lang, "rpt-figure-given")
                            } else {
                                t(lang, "rpt-to-answer")
                            }
                            .to_string(),
                            SheetCell::Empty,
                        ),
                        _ => (
                            match i.exists {
                                Some(true) => t(lang, "rpt-yes"),
                                Some(false) => t(lang, "rpt-no"),
                                None => t(lang, "rpt-to-answer"),
                            }
                            .to_string(),
                            SheetCell::Number(f64::from(i.points)),
                        ),
                    };
                    let mut checks: Vec<String> = Vec::new();
                    if i.plan_value_missing {
                        checks.push(format!(
                            "{} {year}",
                            t(lang, "rpt-plan-indicator-has-no-value-in")
                        ));
                    }
                    for e in &i.evidence {
                        use jalon_core::framework::the_evidence::Window;
                        let w = match e.window {
                            Window::AdoptedAfter => Some(t(lang, "rpt-adopted-after-the-year")),
                            Window::Expired => Some(t(lang, "rpt-expired-before-the-year")),
                            Window::Undated => Some(t(lang, "rpt-no-adoption-date")),
                            Window::InWindow => None,
                        };
                        if let Some(w) = w {
                            checks.push(format!(
                                "{}{} {w}",
                                jalon_i18n::quoted(lang, &e.title),
                                jalon_i18n::colon(lang)
                            ));
                        }
                    }
                    if i.kind == "evidence" && i.exists == Some(true) && i.evidence.is_empty() {
                        checks.push(t(lang, "rpt-no-evidence").into());
                    }
                    sheet.rows.push(vec![
                        m.id.as_str().into(),
                        m.name.as_str().into(),
                        m.weight.into(),
                        i.id.as_str().into(),
                        i.name.as_str().into(),
                        match i.kind.as_str() {
                            "bibliometric" => t(lang, "rpt-bibliometric"),
                            "portal" => t(lang, "rpt-figure"),
                            _ => t(lang, "rpt-evidence"),
                        }
                        .into(),
                        answer.into(),
                        i.value.into(),
                        i.plan_indicator.clone().into(),
                        score,
                        i.evidence
                            .iter()
                            .map(|e| {
                                let mut s = e.title.clone();
                                if let Some(d) = e.adopted_on {
                                    s.push_str(&format!(
                                        " ({} {})",
                                        t(lang, "rpt-adopted"),
                                        if fr {
                                            d.format("%d/%m/%Y").to_string()
                                        } else {
                                            d.to_string()
                                        }
                                    ));
                                }
                                if !e.public {
                                    s.push_str(t(lang, "rpt-internal"));
                                }
                                s
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                            .into(),
                        {
                            let urls: Vec<String> =
                                i.evidence.iter().filter_map(|e| e.url.clone()).collect();
                            if urls.len() == 1 {
                                SheetCell::Link(urls[0].clone())
                            } else {
                                urls.join("\n").into()
                            }
                        },
                        checks.join("\n").into(),
                        i.note.clone().into(),
                    ]);
                }
            }
            sheets.push(sheet);
        }
        if let Some(o) = &bank.overall {
            summary.rows.push(vec![
                SheetCell::Empty,
                t(lang, "rpt-estimated-overall-score-sdg-17-22").into(),
                SheetCell::Empty,
                SheetCell::Empty,
                SheetCell::Empty,
                SheetCell::Number(num(o.total)),
            ]);
        }
        summary.rows.push(vec![
            SheetCell::Empty,
            format!(
                "{} {} ({} {year}). {}",
                t(lang, "rpt-catalogue-edition"),
                bank.edition,
                t(lang, "rpt-answers-of"),
                t(lang, "rpt-the-estimated-score-covers-only-what")
            )
            .into(),
        ]);
        sheets.insert(0, summary);
        Ok(sheets)
    }
}

/// The journal's words for a THE answer saved.
fn answer_saved(indicator: &str, year: i32) -> Message {
    Message::new("journal-the-answer")
        .with("metric", indicator)
        .with("year", year)
}
