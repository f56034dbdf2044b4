//! Report content written by people: text blocks in French and English (a text, a policy, a
//! programme, an event, a partnership) tagged with the SDGs and THE metrics they illustrate,
//! and the key figures flagged as highlights of an SDG chapter (a stored indicator, with the
//! year it is compared with and whether the change is stated relatively or in points). The
//! SDG report places each block in the section of its THE metric.

use crate::ErrorCode;
use jalon_core::message::Message;
use std::collections::BTreeSet;

use jalon_core::access::Operation;
use jalon_store::frameworks::{
    self as repo, BlockFields, HighlightFields, HighlightRow, ReportBlockRow,
};
use serde::{Deserialize, Serialize};

use crate::frameworks::web_url;
use crate::versions::{Versioned, claim_version};
use crate::{Actor, App, AppError, AppResult, check_year, not_found};

/// Kinds of blocks; a `foreword` block opens the report (no SDG), the others go in the
/// chapters of their SDGs.
pub const BLOCK_KINDS: [&str; 6] = [
    "text",
    "policy",
    "programme",
    "event",
    "partnership",
    "foreword",
];

/// The kind of the blocks that make the report's foreword.
pub const FOREWORD: &str = "foreword";

/// How a highlighted figure is compared.
pub const COMPARISONS: [&str; 3] = ["auto", "relative", "points"];

/// A block as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockInput {
    pub kind: String,
    /// The year it belongs to (`None`: every year).
    pub year: Option<i32>,
    pub title: String,
    pub title_en: Option<String>,
    pub body: String,
    pub body_en: Option<String>,
    pub url: Option<String>,
    /// Goal numbers, separated by spaces or commas.
    pub sdgs: String,
    /// THE metric ids (`4.3`), separated by spaces or commas.
    #[serde(default)]
    pub metrics: String,
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub position: i32,
    /// The version of the block this change is based on: the save is refused (409
    /// `edited_meanwhile`) when someone saved the block since. Without it, not checked.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A block as stored.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockView {
    pub id: i64,
    pub kind: String,
    pub year: Option<i32>,
    pub title: String,
    pub title_en: Option<String>,
    pub body: String,
    pub body_en: Option<String>,
    pub url: Option<String>,
    pub sdgs: Vec<u8>,
    pub metrics: Vec<String>,
    pub illustrative: bool,
    pub position: i32,
    /// To send back with a change (see [`BlockInput::version`]).
    pub version: i64,
}

impl BlockView {
    /// True when the block shows in the report of `year`.
    pub fn in_year(&self, year: i32) -> bool {
        self.year.is_none_or(|y| y == year)
    }
}

/// A highlighted key figure of a chapter.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HighlightInput {
    pub indicator_code: String,
    /// Compared with this year (`None`: the latest earlier value).
    pub compare_year: Option<i32>,
    /// `auto` (by unit), `relative` or `points`.
    #[serde(default = "auto")]
    pub comparison: String,
}

fn auto() -> String {
    "auto".into()
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', ',', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

fn view(b: ReportBlockRow) -> BlockView {
    BlockView {
        sdgs: split(&b.sdgs).filter_map(|g| g.parse().ok()).collect(),
        metrics: split(&b.metrics).map(str::to_string).collect(),
        id: b.id,
        kind: b.kind,
        year: b.year,
        title: b.title,
        title_en: b.title_en,
        body: b.body,
        body_en: b.body_en,
        url: b.url,
        illustrative: b.illustrative,
        position: b.position,
        version: b.version,
    }
}

/// Highlight rows as inputs.
pub fn highlight_input(h: &HighlightRow) -> HighlightInput {
    HighlightInput {
        indicator_code: h.indicator_code.clone(),
        compare_year: h.compare_year,
        comparison: h.comparison.clone(),
    }
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl App {
    /// Every block, in position order.
    pub async fn report_blocks(&self, actor: &Actor) -> AppResult<Vec<BlockView>> {
        actor.require(Operation::View)?;
        Ok(repo::report_blocks(self.store.db(), actor.institution_id)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// The highlighted figures of every chapter: (goal, figure) in order.
    pub async fn report_highlights(&self, actor: &Actor) -> AppResult<Vec<(u8, HighlightInput)>> {
        actor.require(Operation::View)?;
        Ok(repo::highlights(self.store.db(), actor.institution_id)
            .await?
            .iter()
            .filter_map(|h| u8::try_from(h.goal).ok().map(|g| (g, highlight_input(h))))
            .collect())
    }

    async fn block_fields(&self, actor: &Actor, input: &BlockInput) -> AppResult<BlockFields> {
        if !BLOCK_KINDS.contains(&input.kind.as_str()) {
            return Err(AppError::invalid(
                "kind",
                ErrorCode::InvalidBlockKind,
                input.kind.clone(),
            ));
        }
        if let Some(y) = input.year {
            check_year("year", y)?;
        }
        let title = input.title.trim();
        if title.is_empty() {
            return Err(AppError::invalid("title", ErrorCode::Required, ""));
        }
        let mut sdgs = BTreeSet::new();
        for g in split(&input.sdgs) {
            match g.parse::<u8>() {
                Ok(n) if (1..=17).contains(&n) => {
                    sdgs.insert(n);
                }
                _ => return Err(AppError::invalid("sdgs", ErrorCode::InvalidSdg, g)),
            }
        }
        let foreword = input.kind == FOREWORD;
        if sdgs.is_empty() && !foreword {
            return Err(AppError::invalid("sdgs", ErrorCode::SdgRequired, ""));
        }
        let (_, catalogue) = self.the_catalogue(actor).await?;
        let mut metrics = Vec::new();
        for m in split(&input.metrics) {
            if foreword {
                return Err(AppError::invalid(
                    "metrics",
                    ErrorCode::ForewordHasNoMetric,
                    m,
                ));
            }
            let found = catalogue.iter().flat_map(|s| &s.metrics).any(|x| x.id == m);
            if !found {
                return Err(AppError::invalid("metrics", ErrorCode::UnknownTheMetric, m));
            }
            let goal = m.split('.').next().and_then(|g| g.parse::<u8>().ok());
            if let Some(g) = goal {
                sdgs.insert(g);
            }
            if !metrics.contains(&m.to_string()) {
                metrics.push(m.to_string());
            }
        }
        Ok(BlockFields {
            kind: input.kind.clone(),
            year: input.year,
            title: title.to_string(),
            title_en: opt(&input.title_en),
            // Browsers send CRLF from text areas; paragraphs are split at blank lines.
            body: input.body.trim().replace("\r\n", "\n"),
            body_en: opt(&input.body_en).map(|b| b.replace("\r\n", "\n")),
            url: web_url("url", &input.url)?,
            sdgs: sdgs.iter().map(u8::to_string).collect::<Vec<_>>().join(" "),
            metrics: metrics.join(" "),
            illustrative: input.illustrative,
            position: input.position,
        })
    }

    /// Creates (`id: None`) or updates a block; returns its id.
    pub async fn save_report_block(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: &BlockInput,
    ) -> AppResult<i64> {
        actor.require(Operation::EditReports)?;
        let fields = self.block_fields(actor, input).await?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::save_report_block(&txn, actor.institution_id, id, &fields, now)
            .await
            .map_err(not_found("report_block"))?;
        if id.is_some() {
            claim_version(&txn, Versioned::ReportBlock, row.id, input.version).await?;
        }
        self.finish(
            txn,
            actor.change(
                "report_block",
                Some(row.id),
                if id.is_some() { "update" } else { "create" },
                Message::new(if id.is_some() {
                    "journal-block-updated"
                } else {
                    "journal-block-created"
                })
                .with("title", &row.title),
            ),
            now,
        )
        .await?;
        Ok(row.id)
    }

    /// Deletes a block.
    pub async fn delete_report_block(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::delete_report_block(&txn, actor.institution_id, id)
            .await
            .map_err(not_found("report_block"))?;
        self.finish(
            txn,
            actor.change(
                "report_block",
                Some(id),
                "delete",
                Message::new("journal-block-deleted").with("title", row.title),
            ),
            now,
        )
        .await
    }

    /// Replaces the highlighted figures of the chapter of `goal`.
    pub async fn set_report_highlights(
        &self,
        actor: &Actor,
        goal: u8,
        figures: &[HighlightInput],
    ) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        if !(1..=17).contains(&goal) {
            return Err(AppError::invalid(
                "goal",
                ErrorCode::InvalidSdg,
                goal.to_string(),
            ));
        }
        let view = self.view_for(actor).await?;
        let mut fields = Vec::new();
        for f in figures {
            let code = f.indicator_code.trim();
            if view.doc().indicator(code).is_none() {
                return Err(AppError::invalid(
                    "indicator_code",
                    ErrorCode::UnknownIndicator,
                    code,
                ));
            }
            if !COMPARISONS.contains(&f.comparison.as_str()) {
                return Err(AppError::invalid(
                    "comparison",
                    ErrorCode::InvalidComparison,
                    f.comparison.clone(),
                ));
            }
            if let Some(y) = f.compare_year {
                check_year("compare_year", y)?;
            }
            if fields
                .iter()
                .any(|x: &HighlightFields| x.indicator_code == code)
            {
                continue;
            }
            fields.push(HighlightFields {
                indicator_code: code.to_string(),
                compare_year: f.compare_year,
                comparison: f.comparison.clone(),
            });
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::replace_highlights(&txn, actor.institution_id, i32::from(goal), &fields).await?;
        self.finish(
            txn,
            actor.change(
                "report_highlight",
                None,
                "update",
                Message::new("journal-highlights")
                    .with("goal", u32::from(goal))
                    .with(
                        "codes",
                        fields
                            .iter()
                            .map(|f| f.indicator_code.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            ),
            now,
        )
        .await
    }
}
