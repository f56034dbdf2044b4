//! The campaign offline: an owner downloads a workbook of exactly the values they still owe
//! in a campaign, fills it where they have the figures (away from Jalon, or passing it to a
//! colleague), and uploads it back. Every row is checked first: a value that does not read,
//! an item that is not theirs, a text too long are refused with their row and column, and
//! nothing is written; otherwise every filled value is submitted in one transaction. Rows
//! left blank change nothing.

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::campaign::{CampaignItemKind, CampaignState, ItemState};
use jalon_core::message::Message;
use jalon_core::number::{MeasuredValue, parse_measured};
use jalon_core::period::Period;
use jalon_core::plan::{Measurement, MeasurementState};
use jalon_i18n::Tr;
use jalon_io::Problem;
use jalon_io::problem::column_letter;
use jalon_io::table::RawTable;
use jalon_io::workbook::{Sheet, SheetCell, write_workbook};

use crate::campaigns::Campaign;
use crate::campaigns::CampaignItem;
use crate::measurements::{ValueWrite, in_campaign};
use crate::{Actor, App, AppError, AppResult, ErrorCode};

/// The workbook's columns: the key of each header, in order. The item's number identifies
/// the row; value, source and comment are read back; the rest says what the row is.
const COLUMNS: [&str; 9] = [
    "sheet-col-item",
    "sheet-col-code",
    "sheet-col-indicator",
    "sheet-col-unit",
    "sheet-col-now",
    "sheet-col-reason",
    "sheet-col-value",
    "sheet-col-source",
    "sheet-col-comment",
];

/// What an uploaded workbook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetOutcome {
    /// Values submitted.
    pub submitted: usize,
    /// Rows left blank, or with the value already submitted.
    pub unchanged: usize,
}

/// A value read from a row, checked.
struct Filled {
    item: CampaignItem,
    value: String,
    /// `value`, read.
    measured: MeasuredValue,
    source: Option<String>,
    comment: Option<String>,
}

/// The column of `key` in `table`, by its header in either language.
fn column(table: &RawTable, key: &str) -> Option<usize> {
    let fr = Tr::new(Lang::Fr).t(key);
    let en = Tr::new(Lang::En).t(key);
    table.column(&[fr.as_str(), en.as_str()])
}

impl App {
    /// A campaign, and the actor's value items in it they may still supply from a workbook
    /// (their values not yet validated; none once the campaign is closed).
    async fn my_open_values(
        &self,
        actor: &Actor,
        campaign_id: i64,
    ) -> AppResult<(Campaign, Vec<CampaignItem>)> {
        let progress = self.campaign_progress(actor, campaign_id).await?;
        let view = self.view_for(actor).await?;
        let open = progress.campaign.state != CampaignState::Closed;
        let mine = (progress.items.into_iter())
            .filter(|i| {
                open && i.kind == CampaignItemKind::IndicatorValue
                    && i.state != ItemState::Validated
                    && crate::campaigns::owes(&view, actor.person_id, actor.domain.as_deref(), i)
            })
            .collect();
        Ok((progress.campaign, mine))
    }

    /// A workbook of the values the actor still owes in a campaign, to fill offline.
    pub async fn my_items_workbook(
        &self,
        actor: &Actor,
        campaign_id: i64,
        lang: Lang,
    ) -> AppResult<Vec<u8>> {
        let (campaign, mine) = self.my_open_values(actor, campaign_id).await?;
        let tr = Tr::new(lang);
        let rows = (mine.iter())
            .map(|i| {
                let now = i.value.as_ref().map(|v| {
                    let state = tr.t(&format!("state-{}", v.state.as_str()));
                    format!("{} ({state})", v.value)
                });
                vec![
                    SheetCell::Number(i.id as f64),
                    i.code.as_str().into(),
                    i.title.as_str().into(),
                    i.unit.clone().into(),
                    now.into(),
                    i.reason.clone().into(),
                    SheetCell::Empty,
                    SheetCell::Empty,
                    SheetCell::Empty,
                ]
            })
            .collect();
        let sheet = Sheet {
            name: tr.t1("sheet-name", "year", &campaign.year.to_string()),
            header: COLUMNS.iter().map(|k| tr.t(k)).collect(),
            rows,
            widths: vec![8.0, 12.0, 48.0, 12.0, 20.0, 40.0, 16.0, 24.0, 40.0],
        };
        write_workbook(&[sheet]).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Reads a filled workbook back: every row checked first (located problems, nothing
    /// written), then every filled value submitted for the campaign year in one transaction.
    pub async fn submit_items_workbook(
        &self,
        actor: &Actor,
        campaign_id: i64,
        bytes: &[u8],
        file_name: &str,
        lang: Lang,
    ) -> AppResult<SheetOutcome> {
        actor.require(Operation::EnterMeasurement { is_owner: true })?;
        let (campaign, mine) = self.my_open_values(actor, campaign_id).await?;
        if campaign.state == CampaignState::Closed {
            return Err(AppError::Conflict(ErrorCode::CampaignClosed));
        }
        let table = self
            .read_file(bytes, file_name, move |b, name| {
                jalon_io::table::read_table(b, name, lang)
            })
            .await?;
        let (filled, unchanged) = read_rows(&table, &mine, file_name, lang)?;
        if filled.is_empty() {
            // Nothing to write, nothing to journal.
            return Ok(SheetOutcome {
                submitted: 0,
                unchanged,
            });
        }
        let view = self.view_for(actor).await?;
        let period = Period::Year {
            year: campaign.year,
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        for f in &filled {
            let (_, indicator) = view
                .indicator(f.item.entity_id)
                .ok_or(AppError::NotFound("indicator"))?;
            let measurement = Measurement {
                period: period.label(),
                value: f.value.clone(),
                state: MeasurementState::Submitted,
                source: f.source.clone(),
                comment: f.comment.clone(),
                evidence_url: None,
                illustrative: false,
            };
            let written = ValueWrite {
                indicator_id: f.item.entity_id,
                code: &indicator.code,
                period: &period,
                measurement: &measurement,
                value: &f.measured,
            };
            let (before, _, change) = written.write(&txn, actor, now).await?;
            if before.is_some_and(|b| b.state == MeasurementState::Validated) {
                return Err(AppError::Conflict(ErrorCode::MeasurementLocked));
            }
            in_campaign(&txn, actor, f.item.entity_id, campaign.year, true, now).await?;
            // The value's own history, on its indicator.
            jalon_store::audit::record(&txn, change, now).await?;
        }
        let outcome = SheetOutcome {
            submitted: filled.len(),
            unchanged,
        };
        let message = Message::new("journal-campaign-sheet")
            .with("year", campaign.year)
            .with("count", filled.len())
            .with("file", file_name);
        let change = actor.change("campaign", Some(campaign_id), "sheet", message);
        self.finish(txn, change, now).await?;
        Ok(outcome)
    }
}

/// The filled rows of `table`, checked against the owner's items `mine`, and how many rows
/// change nothing; or every problem, located.
fn read_rows(
    table: &RawTable,
    mine: &[CampaignItem],
    file_name: &str,
    lang: Lang,
) -> AppResult<(Vec<Filled>, usize)> {
    let tr = Tr::new(lang);
    let at = |row: usize, col: usize, message: String| Problem {
        sheet: table.sheet.clone(),
        row: Some(row),
        column: Some(format!(
            "{} ({})",
            column_letter(col),
            table.header.get(col).cloned().unwrap_or_default()
        )),
        ..Problem::file(file_name, lang, message)
    };
    let (Some(item_col), Some(value_col)) = (
        column(table, "sheet-col-item"),
        column(table, "sheet-col-value"),
    ) else {
        let expected = [tr.t("sheet-col-item"), tr.t("sheet-col-value")].join(", ");
        let message = tr.t1("sheet-missing-columns", "columns", &expected);
        return Err(AppError::ImportRefused(vec![Problem::file(
            file_name, lang, message,
        )]));
    };
    let columns = Columns {
        item: item_col,
        value: value_col,
        source: column(table, "sheet-col-source"),
        comment: column(table, "sheet-col-comment"),
    };
    let mut problems = Vec::new();
    let mut filled: Vec<Filled> = Vec::new();
    let mut unchanged = 0;
    for (row, cells) in &table.rows {
        match read_row(cells, &columns, mine, &filled, &tr) {
            Row::Unchanged => unchanged += 1,
            Row::Filled(f) => filled.push(*f),
            Row::Refused(found) => {
                problems.extend(found.into_iter().map(|(col, m)| at(*row, col, m)));
            }
        }
    }
    if problems.is_empty() {
        Ok((filled, unchanged))
    } else {
        Err(AppError::ImportRefused(problems))
    }
}

/// Where the columns read back are.
struct Columns {
    item: usize,
    value: usize,
    source: Option<usize>,
    comment: Option<usize>,
}

/// What a row says.
enum Row {
    /// Blank, or the value already submitted.
    Unchanged,
    Filled(Box<Filled>),
    /// Its problems: column and message.
    Refused(Vec<(usize, String)>),
}

/// A cell's text, trimmed; `None` when blank or missing.
fn cell(cells: &[String], col: Option<usize>) -> Option<String> {
    col.and_then(|c| cells.get(c))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Reads one row against the owner's items `mine` and the rows already `filled`.
fn read_row(
    cells: &[String],
    cols: &Columns,
    mine: &[CampaignItem],
    filled: &[Filled],
    tr: &Tr,
) -> Row {
    let Some(value) = cell(cells, Some(cols.value)) else {
        return Row::Unchanged;
    };
    let number = cell(cells, Some(cols.item)).unwrap_or_default();
    let item = (number.trim_end_matches(".0").parse::<i64>().ok())
        .and_then(|id| mine.iter().find(|i| i.id == id));
    let Some(item) = item else {
        return Row::Refused(vec![(cols.item, tr.t1("sheet-not-yours", "item", &number))]);
    };
    if filled.iter().any(|f| f.item.id == item.id) {
        return Row::Refused(vec![(cols.item, tr.t1("sheet-twice", "item", &number))]);
    }
    let measured = match parse_measured(&value) {
        Ok(m) if value.chars().count() <= 100 => m,
        _ => {
            let message = tr.t1("sheet-bad-value", "value", &value);
            return Row::Refused(vec![(cols.value, message)]);
        }
    };
    let source = cell(cells, cols.source);
    let comment = cell(cells, cols.comment);
    let too_long: Vec<(usize, String)> =
        [(&source, cols.source, 500), (&comment, cols.comment, 4000)]
            .into_iter()
            .filter(|(text, _, longest)| {
                text.as_ref().is_some_and(|t| t.chars().count() > *longest)
            })
            .map(|(_, col, longest)| {
                let message = tr.t1("sheet-too-long", "max", &longest.to_string());
                (col.unwrap_or_default(), message)
            })
            .collect();
    if !too_long.is_empty() {
        return Row::Refused(too_long);
    }
    if item.state == ItemState::Submitted && item.value.as_ref().is_some_and(|v| v.value == value) {
        return Row::Unchanged;
    }
    Row::Filled(Box::new(Filled {
        item: item.clone(),
        value,
        measured,
        source,
        comment,
    }))
}
