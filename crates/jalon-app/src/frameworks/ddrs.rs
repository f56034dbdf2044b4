//! The DD&RS self-assessment: the institution's items of the CGE-CPU référentiel (entered or
//! imported from a table), and per item and year a 1–5 maturity level with its "comply or
//! explain" justification, evidence items and the plan's actions and indicators that support
//! it; per axis the mean level, year against year, drawn as a radar chart.

use crate::ErrorCode;
use jalon_core::message::Message;
use std::collections::{BTreeSet, HashMap};

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::framework::ddrs::{DdrsAxis, LEVELS, axis_means, level_label};
use jalon_io::Problem;
use jalon_io::table::read_table;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_store::frameworks::{self as repo, AssessmentFields, DdrsItemFields, kinds};
use serde::{Deserialize, Serialize};

use super::{EvidenceView, evidence_view};
use crate::report::t;
use crate::{Actor, App, AppError, AppResult};

/// An item with its assessments of the year asked and of the year before.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DdrsItemView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub level: Option<u8>,
    pub previous_level: Option<u8>,
    pub justification: String,
    pub actions: Vec<String>,
    pub indicators: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    /// Id of this year's assessment (evidence links attach to it).
    pub assessment_id: Option<i64>,
}

/// An axis with its items and mean levels.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DdrsAxisView {
    pub code: String,
    pub name: String,
    pub items: Vec<DdrsItemView>,
    pub mean: Option<f64>,
    pub previous_mean: Option<f64>,
}

/// The self-assessment of one year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DdrsView {
    pub year: i32,
    pub previous_year: i32,
    pub axes: Vec<DdrsAxisView>,
    /// Years with at least one assessment.
    pub years: Vec<i32>,
    pub assessed: usize,
    pub items: usize,
}

/// A year's assessment as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub level: u8,
    pub justification: String,
    /// Action codes, separated by spaces or commas.
    #[serde(default)]
    pub actions: String,
    /// Indicator codes, separated by spaces or commas.
    #[serde(default)]
    pub indicators: String,
}

fn codes(s: &str) -> Vec<String> {
    s.split([' ', ',', ';', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn level(v: i32) -> Option<u8> {
    u8::try_from(v).ok().filter(|l| LEVELS.contains(l))
}

impl App {
    /// The self-assessment of `year` against the year before.
    pub async fn ddrs(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<DdrsView> {
        actor.require(Operation::View)?;
        crate::check_year("year", year)?;
        let db = self.store.db();
        let items = repo::ddrs_items(db, actor.institution_id).await?;
        let assessments = repo::ddrs_assessments(db, actor.institution_id).await?;
        let years: Vec<i32> = assessments
            .iter()
            .map(|a| a.year)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let previous_year = years
            .iter()
            .rev()
            .find(|y| **y < year)
            .copied()
            .unwrap_or(year - 1);
        let of = |item: i64, y: i32| {
            assessments
                .iter()
                .find(|a| a.item_id == item && a.year == y)
        };
        let evidence: HashMap<i64, _> = repo::evidence_items(db, actor.institution_id)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let mut linked: HashMap<i64, Vec<i64>> = HashMap::new();
        for l in repo::evidence_links(db, actor.institution_id, kinds::DDRS_ASSESSMENT).await? {
            linked.entry(l.entity_id).or_default().push(l.evidence_id);
        }
        let today = self.now().date_naive();
        let mut now_levels = Vec::new();
        let mut before_levels = Vec::new();
        let mut axes: Vec<DdrsAxisView> = DdrsAxis::ALL
            .iter()
            .map(|a| DdrsAxisView {
                code: a.code().into(),
                name: if lang == Lang::Fr {
                    a.name_fr()
                } else {
                    a.name_en()
                }
                .into(),
                items: Vec::new(),
                mean: None,
                previous_mean: None,
            })
            .collect();
        let mut assessed = 0;
        for it in &items {
            let Some(axis) = DdrsAxis::parse(&it.axis) else {
                continue;
            };
            let current = of(it.id, year);
            let before = of(it.id, previous_year);
            if let Some(l) = current.and_then(|a| level(a.level)) {
                now_levels.push((axis, l));
                assessed += 1;
            }
            if let Some(l) = before.and_then(|a| level(a.level)) {
                before_levels.push((axis, l));
            }
            let slot = DdrsAxis::ALL.iter().position(|a| *a == axis).unwrap_or(0);
            axes[slot].items.push(DdrsItemView {
                id: it.id,
                code: it.code.clone(),
                title: it.title.clone(),
                title_en: it.title_en.clone(),
                description: it.description.clone(),
                level: current.and_then(|a| level(a.level)),
                previous_level: before.and_then(|a| level(a.level)),
                justification: current.map(|a| a.justification.clone()).unwrap_or_default(),
                actions: current.map(|a| codes(&a.actions)).unwrap_or_default(),
                indicators: current.map(|a| codes(&a.indicators)).unwrap_or_default(),
                evidence: current
                    .and_then(|a| linked.get(&a.id))
                    .into_iter()
                    .flatten()
                    .filter_map(|id| evidence.get(id))
                    .map(|e| evidence_view(e, year, today, 0))
                    .collect(),
                assessment_id: current.map(|a| a.id),
            });
        }
        let means = axis_means(&now_levels);
        let before_means = axis_means(&before_levels);
        for (i, a) in axes.iter_mut().enumerate() {
            a.mean = means[i];
            a.previous_mean = before_means[i];
        }
        Ok(DdrsView {
            year,
            previous_year,
            axes,
            years,
            assessed,
            items: items.len(),
        })
    }

    /// Imports items from a CSV/XLSX table (`axe`, `code`, `intitulé`, optional `title_en`,
    /// `description`); items are matched by code, so a second import updates them. A bad row
    /// refuses the whole file.
    pub async fn import_ddrs_items(
        &self,
        actor: &Actor,
        bytes: &[u8],
        file_name: &str,
        lang: Lang,
    ) -> AppResult<(usize, usize)> {
        actor.require(Operation::EditReports)?;
        let read = move |b: &[u8], n: &str| read_table(b, n, lang);
        let table = self.read_file(bytes, file_name, read).await?;
        let col = |names: &[&str]| table.column(names);
        let missing = t(lang, "rpt-expected-columns-axis-code-title-and").to_string();
        let (Some(ax), Some(code), Some(title)) = (
            col(&["axe", "axis"]),
            col(&["code", "item", "critère", "criterion"]),
            col(&["intitulé", "intitule", "titre", "title"]),
        ) else {
            return Err(AppError::ImportRefused(vec![Problem::file(
                file_name, lang, missing,
            )]));
        };
        let en = col(&["title_en", "intitulé (en)", "english title"]);
        let desc = col(&["description"]);
        let mut problems = Vec::new();
        let mut fields = Vec::new();
        let mut seen = BTreeSet::new();
        let tr = jalon_i18n::Tr::new(lang);
        for (i, (row, cells)) in table.rows.iter().enumerate() {
            let cell = |c: Option<usize>| {
                c.and_then(|c| cells.get(c))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let mut bad = |column: usize, key: &str, value: &str| {
                problems.push(Problem {
                    sheet: table.sheet.clone(),
                    row: Some(*row),
                    column: table.header.get(column).cloned(),
                    ..Problem::file(file_name, lang, tr.t1(key, "value", value))
                })
            };
            let axis_text = cell(Some(ax)).unwrap_or_default();
            let axis = DdrsAxis::parse(&axis_text);
            if axis.is_none() {
                bad(ax, "ddrs-import-unknown-axis", &axis_text);
            }
            let c = cell(Some(code)).unwrap_or_default();
            if c.is_empty() {
                bad(code, "ddrs-import-no-code", "");
            } else if !seen.insert(c.clone()) {
                bad(code, "ddrs-import-duplicate-code", &c);
            }
            let tt = cell(Some(title)).unwrap_or_default();
            if tt.is_empty() {
                bad(title, "ddrs-import-no-title", "");
            }
            if let Some(axis) = axis {
                fields.push(DdrsItemFields {
                    axis: axis.code().into(),
                    code: c,
                    title: tt,
                    title_en: cell(en),
                    description: cell(desc),
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                });
            }
        }
        if !problems.is_empty() {
            return Err(AppError::ImportRefused(problems));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let mut created = 0;
        for f in &fields {
            if repo::save_ddrs_item(&txn, actor.institution_id, f).await? {
                created += 1;
            }
        }
        self.finish(
            txn,
            actor.change(
                "ddrs_item",
                None,
                "import",
                items_imported(file_name, fields.len(), created),
            ),
            now,
        )
        .await?;
        Ok((fields.len(), created))
    }

    /// Records the level of item `item_id` in `year`.
    pub async fn assess_ddrs_item(
        &self,
        actor: &Actor,
        item_id: i64,
        year: i32,
        input: &AssessmentInput,
    ) -> AppResult<i64> {
        actor.require(Operation::EditReports)?;
        crate::check_year("year", year)?;
        if !LEVELS.contains(&input.level) {
            return Err(AppError::invalid(
                "level",
                ErrorCode::InvalidLevel,
                input.level.to_string(),
            ));
        }
        let justification = input.justification.trim();
        if justification.is_empty() {
            return Err(AppError::invalid(
                "justification",
                ErrorCode::JustificationRequired,
                "",
            ));
        }
        let actions = codes(&input.actions);
        let indicators = codes(&input.indicators);
        let view = self.view_for(actor).await?;
        if let Some(c) = actions.iter().find(|c| view.action_id(c).is_none()) {
            return Err(AppError::invalid(
                "actions",
                ErrorCode::UnknownAction,
                c.clone(),
            ));
        }
        if let Some(c) = indicators.iter().find(|c| view.indicator_id(c).is_none()) {
            return Err(AppError::invalid(
                "indicators",
                ErrorCode::UnknownIndicator,
                c.clone(),
            ));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::save_ddrs_assessment(
            &txn,
            actor.institution_id,
            item_id,
            year,
            &AssessmentFields {
                level: i32::from(input.level),
                justification: justification.to_string(),
                actions: actions.join(" "),
                indicators: indicators.join(" "),
            },
            actor.user_id,
            now,
        )
        .await
        .map_err(crate::not_found("ddrs_item"))?;
        self.finish(
            txn,
            actor.change(
                kinds::DDRS_ASSESSMENT,
                Some(row.id),
                "assess",
                Message::new("journal-ddrs-assessed")
                    .with("item", item_id)
                    .with("year", year)
                    .with("level", u32::from(input.level)),
            ),
            now,
        )
        .await?;
        Ok(row.id)
    }

    /// Links (or unlinks) an evidence item to the assessment of `item_id` in `year` (which
    /// must exist).
    pub async fn link_ddrs_evidence(
        &self,
        actor: &Actor,
        item_id: i64,
        year: i32,
        evidence_id: i64,
        link: bool,
    ) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        let db = self.store.db();
        let assessment = repo::ddrs_assessments(db, actor.institution_id)
            .await?
            .into_iter()
            .find(|a| a.item_id == item_id && a.year == year)
            .ok_or(AppError::NotFound("ddrs_assessment"))?;
        let item = repo::evidence_item(db, actor.institution_id, evidence_id)
            .await
            .map_err(|_| AppError::NotFound("evidence"))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        self.finish_evidence_link(
            actor,
            txn,
            kinds::DDRS_ASSESSMENT,
            assessment.id,
            evidence_id,
            link,
            Message::new("journal-evidence-ddrs")
                .with("item", item_id)
                .with("year", year)
                .with("title", item.title),
            now,
        )
        .await
    }

    /// The self-assessment of `year` as a sheet (one row per item).
    pub async fn ddrs_sheet(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<Sheet> {
        let view = self.ddrs(actor, year, lang).await?;
        let fr = lang == Lang::Fr;
        let mut sheet = Sheet {
            name: format!("{} {year}", t(lang, "rpt-dd-rs-self-assessment")),
            header: vec![
                t(lang, "rpt-axis").into(),
                t(lang, "rpt-code").into(),
                t(lang, "rpt-title").into(),
                format!("{} {year}", t(lang, "rpt-level")),
                format!("{} {}", t(lang, "rpt-level"), view.previous_year),
                t(lang, "rpt-justification").into(),
                t(lang, "rpt-linked-actions").into(),
                t(lang, "rpt-linked-indicators").into(),
                t(lang, "rpt-evidence-3").into(),
                t(lang, "rpt-urls").into(),
            ],
            rows: Vec::new(),
            widths: vec![28.0, 10.0, 50.0, 12.0, 12.0, 60.0, 20.0, 20.0, 40.0, 40.0],
        };
        for a in &view.axes {
            for i in &a.items {
                sheet.rows.push(vec![
                    a.name.as_str().into(),
                    i.code.as_str().into(),
                    if fr {
                        i.title.clone()
                    } else {
                        i.title_en.clone().unwrap_or_else(|| i.title.clone())
                    }
                    .into(),
                    i.level
                        .map(|l| format!("{l} ({})", level_label(l, fr)))
                        .into(),
                    i.previous_level.map(f64::from).into(),
                    i.justification.as_str().into(),
                    i.actions.join(" ").into(),
                    i.indicators.join(" ").into(),
                    i.evidence
                        .iter()
                        .map(|e| e.title.clone())
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into(),
                    i.evidence
                        .iter()
                        .filter_map(|e| e.url.clone())
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into(),
                ]);
            }
            sheet.rows.push(vec![
                a.name.as_str().into(),
                SheetCell::Empty,
                t(lang, "rpt-axis-mean").into(),
                a.mean.map(|m| (m * 10.0).round() / 10.0).into(),
                a.previous_mean.map(|m| (m * 10.0).round() / 10.0).into(),
            ]);
        }
        Ok(sheet)
    }
}

/// The journal's words for an import of DD&RS items: how many, how many new.
fn items_imported(file_name: &str, count: usize, created: usize) -> Message {
    Message::new("journal-ddrs-imported")
        .with("file", file_name)
        .with("count", count)
        .with("created", created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_are_split_deduplicated_and_sorted() {
        assert_eq!(codes(" A2, A1;A2\nI3 "), vec!["A1", "A2", "I3"]);
        assert!(codes("  ").is_empty());
    }
}
