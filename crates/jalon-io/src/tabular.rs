//! The spreadsheet formats of a plan: an XLSX workbook with one sheet per record type, or a
//! single CSV file with a `Type` column. Both are read into [`Table`]s, then built into a
//! [`PlanDocument`] while every cell is validated; both are written from the same rows.

use std::collections::{HashMap, HashSet};

use crate::xlsx;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use jalon_core::Lang;
use jalon_core::action::ActionStatus;
use jalon_core::number::{
    cents_to_decimal_string, parse_measured, parse_money_cents, parse_number,
};
use jalon_core::period::Period;
use jalon_core::plan::*;
use jalon_core::progress::{Direction, Trajectory};
use jalon_i18n::Tr;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::problem::{Problem, column_letter};
use crate::schema::{
    self, Column, Labelled, Record, Sheet, TrajectoryKind, find_column, find_sheet,
};

/// The most problems reported for one file; past it, reading stops.
pub const MAX_PROBLEMS: usize = 200;

/// A cell as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// The rows of one record type, with where each came from.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: &'static Sheet,
    /// Sheet name as found in the file (or the CSV `Type` value).
    pub found_as: String,
    /// For each column of the file: which schema column it is, and its letter or header.
    pub columns: Vec<(Option<&'static Column>, String)>,
    /// (row number as shown to users, cells)
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Where each element of a built plan came from, to locate later findings.
pub type SourceMap = HashMap<String, (String, usize)>;

struct Ctx<'a> {
    file: &'a str,
    lang: Lang,
    tr: Tr,
    problems: Vec<Problem>,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, lang: Lang) -> Self {
        Ctx {
            file,
            lang,
            tr: Tr::new(lang),
            problems: Vec::new(),
        }
    }

    /// A problem in the catalogue's words: message `key` with its arguments.
    fn say(
        &mut self,
        sheet: Option<&str>,
        row: Option<usize>,
        column: Option<String>,
        key: &str,
        args: &[(&str, &str)],
    ) {
        let message = self.tr.args(key, args);
        self.push(sheet, row, column, message);
    }

    fn push(
        &mut self,
        sheet: Option<&str>,
        row: Option<usize>,
        column: Option<String>,
        message: String,
    ) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                file: self.file.to_string(),
                sheet: sheet.map(str::to_string),
                row,
                column,
                element: None,
                message,
                lang: self.lang,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading files into tables

/// Reads the sheets of an XLSX workbook.
pub fn read_xlsx(bytes: &[u8], file: &str, lang: Lang) -> Result<Vec<Table>, Vec<Problem>> {
    let mut ctx = Ctx::new(file, lang);
    let mut workbook = match xlsx::open(bytes, xlsx::LIMITS) {
        Ok(w) => w,
        Err(e) => return Err(vec![Problem::file(file, lang, e.message(&ctx.tr))]),
    };
    let mut tables = Vec::new();
    let mut seen = HashSet::new();
    for name in workbook.sheet_names() {
        if name.starts_with('_')
            || schema::README_SHEETS
                .iter()
                .any(|r| schema::fold_key(r) == schema::fold_key(&name))
        {
            continue;
        }
        let Some(sheet) = find_sheet(&name) else {
            let expected = schema::SHEETS
                .iter()
                .map(|s| s.fr)
                .collect::<Vec<_>>()
                .join(", ");
            ctx.say(
                Some(&name),
                None,
                None,
                "import-unknown-sheet",
                &[("sheet", &name), ("expected", &expected)],
            );
            continue;
        };
        if !seen.insert(sheet.record) {
            ctx.say(Some(&name), None, None, "import-sheet-twice", &[]);
            continue;
        }
        let read = match xlsx::read_sheet(&mut workbook, &name, xlsx::LIMITS) {
            Ok(r) => r,
            Err(e) => {
                let message = e.message(&ctx.tr);
                ctx.push(Some(&name), None, None, message);
                continue;
            }
        };
        let start_col = read.start_column;
        let mut rows = read
            .rows
            .into_iter()
            .map(|(line, r)| (line, r.iter().map(cell_from_data).collect::<Vec<_>>()));
        // The header is the first non-empty row.
        let header = rows
            .by_ref()
            .find(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
        let Some((header_row, header_cells)) = header else {
            tables.push(Table {
                sheet,
                found_as: name.clone(),
                columns: Vec::new(),
                rows: Vec::new(),
            });
            continue;
        };
        let letters: Vec<String> = (0..header_cells.len())
            .map(|i| column_letter(start_col as usize + i))
            .collect();
        let columns = map_header(&mut ctx, sheet, &name, header_row, &header_cells, &letters);
        let data = rows
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
            .collect();
        tables.push(Table {
            sheet,
            found_as: name.clone(),
            columns,
            rows: data,
        });
    }
    for s in schema::SHEETS.iter().filter(|s| s.required) {
        if !seen.contains(&s.record) {
            let sheet = sheet_label(s, lang);
            ctx.say(
                None,
                None,
                None,
                "import-required-sheet-missing",
                &[("sheet", sheet)],
            );
        }
    }
    if ctx.problems.is_empty() {
        Ok(tables)
    } else {
        Err(ctx.problems)
    }
}

fn cell_from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(v) => Cell::Date(v.date()),
            None => Cell::Text(dt.to_string()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Maps header cells to schema columns; unknown, duplicate and missing columns are problems.
fn map_header(
    ctx: &mut Ctx<'_>,
    sheet: &'static Sheet,
    sheet_name: &str,
    header_row: usize,
    header: &[Cell],
    letters: &[String],
) -> Vec<(Option<&'static Column>, String)> {
    let lang = ctx.lang;
    let mut out = Vec::with_capacity(header.len());
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, cell) in header.iter().enumerate() {
        let letter = letters.get(i).cloned().unwrap_or_default();
        let text = cell_text(cell).unwrap_or_default();
        if text.is_empty() {
            out.push((None, letter));
            continue;
        }
        match find_column(sheet, &text) {
            Some(c) => {
                if !seen.insert(c.key) {
                    ctx.say(
                        Some(sheet_name),
                        Some(header_row),
                        Some(format!("{letter} ({text})")),
                        "import-duplicate-column",
                        &[],
                    );
                }
                out.push((Some(c), format!("{letter} ({})", label(c, lang))));
            }
            None => {
                let expected = sheet
                    .columns
                    .iter()
                    .map(|c| label(c, lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                ctx.say(
                    Some(sheet_name),
                    Some(header_row),
                    Some(format!("{letter} ({text})")),
                    "import-unknown-column-expected",
                    &[("column", &text), ("expected", &expected)],
                );
                out.push((None, letter));
            }
        }
    }
    for c in sheet.columns.iter().filter(|c| c.required) {
        if !seen.contains(c.key) {
            ctx.say(
                Some(sheet_name),
                Some(header_row),
                None,
                "import-required-column-missing",
                &[("column", label(c, lang))],
            );
        }
    }
    out
}

fn label(c: &Column, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => c.fr,
        Lang::En => c.en,
    }
}

/// The name of a sheet (a record type) in `lang`.
fn sheet_label(s: &Sheet, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => s.fr,
        Lang::En => s.en,
    }
}

/// Reads a single-file CSV plan (UTF-8, `;`, `,` or tab separated, `Type` column first).
pub fn read_csv(bytes: &[u8], file: &str, lang: Lang) -> Result<Vec<Table>, Vec<Problem>> {
    let mut ctx = Ctx::new(file, lang);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(vec![Problem::file(
                file,
                lang,
                ctx.tr.t1(
                    "import-csv-not-utf8",
                    "offset",
                    &e.valid_up_to().to_string(),
                ),
            )]);
        }
    };
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![Problem::file(file, lang, e.to_string())]),
        None => {
            return Err(vec![Problem::file(
                file,
                lang,
                ctx.tr.t("import-empty-file"),
            )]);
        }
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let type_idx = headers.iter().position(|h| {
        let k = schema::fold_key(h);
        k == "type" || k == "record"
    });
    let Some(type_idx) = type_idx else {
        return Err(vec![Problem {
            row: Some(1),
            ..Problem::file(file, lang, ctx.tr.t("import-csv-type-missing"))
        }]);
    };
    // Columns known to any sheet.
    let union = schema::union_columns();
    let mut col_keys: Vec<Option<&'static Column>> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if i == type_idx || h.is_empty() {
            col_keys.push(None);
            continue;
        }
        let k = schema::fold_key(h);
        let found = union
            .iter()
            .find(|c| {
                schema::fold_key(c.fr) == k
                    || schema::fold_key(c.en) == k
                    || schema::fold_key(c.key) == k
            })
            .copied();
        if found.is_none() {
            ctx.say(
                None,
                Some(1),
                Some(h.clone()),
                "import-unknown-column",
                &[("column", h)],
            );
        }
        col_keys.push(found);
    }
    let mut tables: Vec<Table> = Vec::new();
    for (i, rec) in records.enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                ctx.push(None, Some(line), None, e.to_string());
                continue;
            }
        };
        let cells: Vec<&str> = rec.iter().collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() > headers.len() {
            ctx.say(
                None,
                Some(line),
                None,
                "import-csv-too-many-values",
                &[
                    ("values", &cells.len().to_string()),
                    ("columns", &headers.len().to_string()),
                ],
            );
            continue;
        }
        let ty = cells.get(type_idx).map(|s| s.trim()).unwrap_or_default();
        let Some(sheet) = find_sheet(ty) else {
            let expected = schema::SHEETS
                .iter()
                .map(|s| s.fr)
                .collect::<Vec<_>>()
                .join(", ");
            ctx.say(
                None,
                Some(line),
                Some("Type".into()),
                "import-csv-unknown-type",
                &[("type", ty), ("expected", &expected)],
            );
            continue;
        };
        let idx = match tables.iter().position(|t| t.sheet.record == sheet.record) {
            Some(i) => i,
            None => {
                let columns = headers
                    .iter()
                    .zip(&col_keys)
                    .map(|(h, c)| {
                        let c = c.filter(|c| sheet.columns.iter().any(|s| s.key == c.key));
                        (c, h.clone())
                    })
                    .collect();
                tables.push(Table {
                    sheet,
                    found_as: ty.to_string(),
                    columns,
                    rows: Vec::new(),
                });
                tables.len() - 1
            }
        };
        let mut row_cells = Vec::with_capacity(headers.len());
        for (ci, value) in cells.iter().enumerate() {
            let applies =
                col_keys[ci].is_some_and(|c| sheet.columns.iter().any(|s| s.key == c.key));
            if ci != type_idx && !value.trim().is_empty() && !applies && col_keys[ci].is_some() {
                ctx.say(
                    Some(sheet.fr),
                    Some(line),
                    Some(headers[ci].clone()),
                    "import-csv-column-not-for-type",
                    &[("type", sheet_label(sheet, lang))],
                );
            }
            row_cells.push(if value.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(crate::csv_cell::unprotect(value).to_string())
            });
        }
        tables[idx].rows.push((line, row_cells));
    }
    for s in schema::SHEETS
        .iter()
        .filter(|s| s.required && s.record == Record::Strategy)
    {
        if !tables.iter().any(|t| t.sheet.record == s.record) {
            ctx.say(
                None,
                None,
                None,
                "import-csv-no-row-of-type",
                &[("type", sheet_label(s, lang))],
            );
        }
    }
    if ctx.problems.is_empty() {
        Ok(tables)
    } else {
        Err(ctx.problems)
    }
}

/// Picks the delimiter that splits the header line into the most fields.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let count = |d: char| {
        let mut n = 0;
        let mut quoted = false;
        for c in first.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if c == d && !quoted {
                n += 1;
            }
        }
        n
    };
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| count(char::from(*d)))
        .unwrap_or(b';')
}

// ---------------------------------------------------------------------------------------
// Building a plan from tables

fn cell_text(c: &Cell) -> Option<String> {
    match c {
        Cell::Empty => None,
        Cell::Text(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Cell::Number(f) => Some(format_f64(*f)),
        Cell::Bool(b) => Some(if *b { "oui" } else { "non" }.to_string()),
        Cell::Date(d) => Some(d.to_string()),
    }
}

/// Shortest text of a number that reads back to the same value.
pub fn format_f64(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// One row being read, with its cells by column key.
struct Row<'t> {
    table: &'t Table,
    line: usize,
    cells: HashMap<&'static str, (&'t Cell, &'t str)>,
}

impl<'t> Row<'t> {
    fn new(table: &'t Table, line: usize, cells: &'t [Cell]) -> Self {
        let mut map = HashMap::new();
        for (i, cell) in cells.iter().enumerate() {
            if let Some((Some(col), letter)) = table.columns.get(i) {
                map.insert(col.key, (cell, letter.as_str()));
            }
        }
        Row {
            table,
            line,
            cells: map,
        }
    }

    fn where_(&self, key: &str) -> String {
        match self.cells.get(key) {
            Some((_, letter)) => (*letter).to_string(),
            None => schema::SHEETS
                .iter()
                .flat_map(|s| s.columns)
                .find(|c| c.key == key)
                .map_or(key.to_string(), |c| c.fr.to_string()),
        }
    }

    /// A problem about the cell of column `key`.
    fn problem(&self, ctx: &mut Ctx<'_>, key: &str, message: String) {
        let column = self.where_(key);
        ctx.push(
            Some(&self.table.found_as),
            Some(self.line),
            Some(column),
            message,
        );
    }

    /// A problem about the cell of column `key`, in the catalogue's words: message
    /// `message_key` with its arguments.
    fn say(&self, ctx: &mut Ctx<'_>, key: &str, message_key: &str, args: &[(&str, &str)]) {
        let message = ctx.tr.args(message_key, args);
        self.problem(ctx, key, message);
    }

    fn cell(&self, key: &str) -> Option<&'t Cell> {
        self.cells
            .get(key)
            .map(|(c, _)| *c)
            .filter(|c| !c.is_empty())
    }

    fn text(&self, key: &str) -> Option<String> {
        self.cell(key).and_then(cell_text)
    }

    fn required(&self, ctx: &mut Ctx<'_>, key: &str) -> String {
        match self.text(key) {
            Some(t) => t,
            None => {
                self.say(ctx, key, "import-required-value", &[]);
                String::new()
            }
        }
    }

    fn number(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<f64> {
        match self.cell(key)? {
            Cell::Number(f) => Some(*f),
            c => {
                let t = cell_text(c)?;
                match parse_number(&t) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        self.say(ctx, key, "import-not-a-number", &[("value", &t)]);
                        None
                    }
                }
            }
        }
    }

    fn year(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<i32> {
        let v = self.number(ctx, key)?;
        if v.fract() != 0.0 || !(1900.0..=2200.0).contains(&v) {
            let value = format_f64(v);
            self.say(ctx, key, "import-not-a-year-example", &[("value", &value)]);
            return None;
        }
        Some(v as i32)
    }

    fn count(&self, ctx: &mut Ctx<'_>, key: &str, max: f64) -> Option<f64> {
        let v = self.number(ctx, key)?;
        if v.fract() != 0.0 || v < 0.0 || v > max {
            let (value, max) = (format_f64(v), max.to_string());
            self.say(
                ctx,
                key,
                "import-not-a-count",
                &[("value", &value), ("max", &max)],
            );
            return None;
        }
        Some(v)
    }

    fn money(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<i64> {
        let t = match self.cell(key)? {
            Cell::Number(f) => {
                let cents = (f * 100.0).round();
                if (f * 100.0 - cents).abs() > 1e-6 || cents.abs() > 9.0e15 {
                    let value = f.to_string();
                    self.say(ctx, key, "import-amount-decimals", &[("value", &value)]);
                    return None;
                }
                return Some(cents as i64);
            }
            c => cell_text(c)?,
        };
        match parse_money_cents(&t) {
            Ok(v) => Some(v),
            Err(e) => {
                let error = e.to_string();
                self.say(
                    ctx,
                    key,
                    "import-not-an-amount",
                    &[("value", &t), ("error", &error)],
                );
                None
            }
        }
    }

    fn date(&self, ctx: &mut Ctx<'_>, key: &str) -> Option<NaiveDate> {
        match self.cell(key)? {
            Cell::Date(d) => Some(*d),
            c => {
                let t = cell_text(c)?;
                let parsed = NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(&t, "%d/%m/%Y"));
                match parsed {
                    Ok(d) => Some(d),
                    Err(_) => {
                        self.say(ctx, key, "import-not-a-date", &[("value", &t)]);
                        None
                    }
                }
            }
        }
    }

    fn boolean(&self, ctx: &mut Ctx<'_>, key: &str) -> bool {
        match self.cell(key) {
            None => false,
            Some(Cell::Bool(b)) => *b,
            Some(Cell::Number(f)) => *f != 0.0,
            Some(c) => {
                let t = cell_text(c).unwrap_or_default();
                match schema::fold_key(&t).as_str() {
                    "oui" | "yes" | "vrai" | "true" | "x" | "1" => true,
                    "non" | "no" | "faux" | "false" | "0" => false,
                    _ => {
                        self.say(ctx, key, "import-not-yes-or-no", &[("value", &t)]);
                        false
                    }
                }
            }
        }
    }

    fn label<T: Labelled + PartialEq + Default>(&self, ctx: &mut Ctx<'_>, key: &str) -> T {
        let Some(t) = self.text(key) else {
            return T::default();
        };
        match T::parse_label(&t) {
            Some(v) => v,
            None => {
                let expected = T::expected();
                self.say(
                    ctx,
                    key,
                    "import-not-an-allowed-value",
                    &[("value", &t), ("expected", &expected)],
                );
                T::default()
            }
        }
    }

    /// The baseline (year and value) of a target or indicator row; both or neither.
    fn baseline(&self, ctx: &mut Ctx<'_>) -> Option<YearValue> {
        match (
            self.year(ctx, "baseline_year"),
            self.number(ctx, "baseline_value"),
        ) {
            (Some(year), Some(value)) => Some(YearValue { year, value }),
            (None, None) => None,
            _ => {
                self.say(ctx, "baseline_value", "import-baseline-incomplete", &[]);
                None
            }
        }
    }

    fn list(&self, key: &str) -> Vec<String> {
        self.text(key)
            .map(|t| {
                t.split([';', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Builds a plan from tables; every problem is reported with its location.
pub fn build_plan(
    tables: &[Table],
    file: &str,
    lang: Lang,
) -> Result<(PlanDocument, SourceMap), Vec<Problem>> {
    let mut b = PlanBuilder {
        tables,
        ctx: Ctx::new(file, lang),
        doc: PlanDocument {
            format: FORMAT_VERSION.to_string(),
            ..Default::default()
        },
        sources: HashMap::new(),
        unit_codes: HashSet::new(),
        person_names: HashSet::new(),
        codes: HashMap::new(),
        objective_index: HashMap::new(),
        indicator_index: HashMap::new(),
        action_index: HashMap::new(),
    };
    // Each record in the order its references need: units before people, axes before
    // objectives, objectives before indicators, targets and actions.
    b.strategy();
    b.units();
    b.people();
    b.axes();
    b.objectives();
    b.indicators();
    b.targets();
    b.actions();
    b.objective_sdgs();
    b.attachments();
    b.measurements();
    if b.ctx.problems.is_empty() {
        Ok((b.doc, b.sources))
    } else {
        Err(b.ctx.problems)
    }
}

/// The rows of the table of record `r`, if the file has one.
fn rows(tables: &[Table], r: Record) -> impl Iterator<Item = Row<'_>> {
    tables
        .iter()
        .find(|t| t.sheet.record == r)
        .into_iter()
        .flat_map(|t| {
            t.rows
                .iter()
                .map(move |(line, cells)| Row::new(t, *line, cells))
        })
}

/// A plan being built from tables: the document so far, where each code was found, and the
/// codes already seen, to check references and duplicates.
struct PlanBuilder<'t, 'f> {
    tables: &'t [Table],
    ctx: Ctx<'f>,
    doc: PlanDocument,
    sources: SourceMap,
    unit_codes: HashSet<String>,
    person_names: HashSet<String>,
    /// Every code of the strategy, for duplicates: code in capitals → (sheet, row).
    codes: HashMap<String, (String, usize)>,
    /// Objective code → (axis, objective) positions.
    objective_index: HashMap<String, (usize, usize)>,
    /// Indicator code → (axis, objective, indicator) positions.
    indicator_index: HashMap<String, (usize, usize, usize)>,
    /// Action code → (axis, objective, action) positions.
    action_index: HashMap<String, (usize, usize, usize)>,
}

impl PlanBuilder<'_, '_> {
    /// The strategy: exactly one row.
    fn strategy(&mut self) {
        // Strategy: exactly one row.
        let strategy_rows: Vec<_> = rows(self.tables, Record::Strategy).collect();
        match strategy_rows.as_slice() {
            [] => self.ctx.say(
                Some(schema::sheet(Record::Strategy).fr),
                None,
                None,
                "import-strategy-missing",
                &[],
            ),
            [r, rest @ ..] => {
                for extra in rest {
                    self.ctx.say(
                        Some(&extra.table.found_as),
                        Some(extra.line),
                        None,
                        "import-strategy-twice",
                        &[],
                    );
                }
                self.doc.institution.name = r.required(&mut self.ctx, "institution");
                self.doc.institution.short_name = r.text("institution_short");
                self.doc.strategy.title = r.required(&mut self.ctx, "title");
                self.doc.strategy.title_en = r.text("title_en");
                let start = r.year(&mut self.ctx, "start_year");
                let end = r.year(&mut self.ctx, "end_year");
                if start.is_none() && r.cell("start_year").is_none() {
                    r.required(&mut self.ctx, "start_year");
                }
                if end.is_none() && r.cell("end_year").is_none() {
                    r.required(&mut self.ctx, "end_year");
                }
                self.doc.strategy.start_year = start.unwrap_or_default();
                self.doc.strategy.end_year = end.unwrap_or_default();
                if let (Some(s), Some(e)) = (start, end)
                    && e < s
                {
                    r.say(
                        &mut self.ctx,
                        "end_year",
                        "import-period-reversed",
                        &[("end", &e.to_string()), ("start", &s.to_string())],
                    );
                }
                self.doc.strategy.description = r.text("description");
                self.doc.strategy.source = r.text("source");
                self.doc.strategy.stated_objective_count = r
                    .count(&mut self.ctx, "stated_objective_count", 10_000.0)
                    .map(|v| v as u32);
                self.doc.strategy.stated_action_count = r
                    .count(&mut self.ctx, "stated_action_count", 100_000.0)
                    .map(|v| v as u32);
                self.doc.strategy.campaign_year = r.year(&mut self.ctx, "campaign_year");
                self.doc.notes = r.text("notes");
            }
        }
    }

    /// The organisational units, with their shares.
    fn units(&mut self) {
        for r in rows(self.tables, Record::Unit) {
            let code = r.required(&mut self.ctx, "code");
            if !code.is_empty() && !self.unit_codes.insert(code.clone()) {
                r.say(
                    &mut self.ctx,
                    "code",
                    "import-duplicate-unit-code",
                    &[("code", &code)],
                );
            }
            let share = match r.number(&mut self.ctx, "share") {
                Some(v) if v > 0.0 && v <= 1.0 => Some(v),
                Some(v) => {
                    r.say(
                        &mut self.ctx,
                        "share",
                        "import-not-a-share",
                        &[("value", &format_f64(v))],
                    );
                    None
                }
                None => None,
            };
            self.doc.org_units.push(OrgUnitDoc {
                name: r.required(&mut self.ctx, "name"),
                kind: r.label(&mut self.ctx, "unit_kind"),
                parent: r.text("parent"),
                share,
                code,
            });
        }
        for (u, r) in self
            .doc
            .org_units
            .iter()
            .zip(rows(self.tables, Record::Unit))
        {
            if let Some(p) = u
                .parent
                .as_deref()
                .filter(|p| !self.unit_codes.contains(*p))
            {
                r.say(
                    &mut self.ctx,
                    "parent",
                    "import-unknown-parent-unit",
                    &[("unit", p)],
                );
            }
        }
    }

    /// The people, each in a known unit.
    fn people(&mut self) {
        for r in rows(self.tables, Record::Person) {
            let name = r.required(&mut self.ctx, "name");
            if !name.is_empty() && !self.person_names.insert(name.clone()) {
                r.say(
                    &mut self.ctx,
                    "name",
                    "import-duplicate-person",
                    &[("name", &name)],
                );
            }
            let unit = r.text("org_unit");
            if let Some(u) = unit.as_deref().filter(|u| !self.unit_codes.contains(*u)) {
                r.say(
                    &mut self.ctx,
                    "org_unit",
                    "import-unknown-unit",
                    &[("unit", u)],
                );
            }
            self.doc.people.push(PersonDoc {
                name,
                email: r.text("email"),
                unit,
                title: r.text("job_title"),
            });
        }
    }

    /// The axes (chantiers).
    fn axes(&mut self) {
        for r in rows(self.tables, Record::Axis) {
            let code = r.required(&mut self.ctx, "code");
            self.claim(&r, &code);
            self.doc.axes.push(Axis {
                code,
                title: r.required(&mut self.ctx, "title"),
                title_en: r.text("title_en"),
                description: r.text("description"),
                objectives: Vec::new(),
            });
        }
    }

    /// The objectives, each under a known axis.
    fn objectives(&mut self) {
        let axis_index: HashMap<String, usize> = self
            .doc
            .axes
            .iter()
            .enumerate()
            .map(|(i, a)| (a.code.clone(), i))
            .collect();
        for r in rows(self.tables, Record::Objective) {
            let code = r.required(&mut self.ctx, "code");
            let fresh = self.claim(&r, &code);
            let axis = r.required(&mut self.ctx, "axis");
            let objective = Objective {
                title: r.required(&mut self.ctx, "title"),
                title_en: r.text("title_en"),
                description: r.text("description"),
                sdgs: r.list("sdgs"),
                code: code.clone(),
                ..Default::default()
            };
            match axis_index.get(&axis) {
                Some(&ai) => {
                    if fresh {
                        self.objective_index
                            .insert(code, (ai, self.doc.axes[ai].objectives.len()));
                    }
                    self.doc.axes[ai].objectives.push(objective);
                }
                None if axis.is_empty() => {}
                None => r.say(
                    &mut self.ctx,
                    "axis",
                    "import-unknown-axis",
                    &[("axis", &axis)],
                ),
            }
        }
    }

    /// The indicators, each under a known objective.
    fn indicators(&mut self) {
        for r in rows(self.tables, Record::Indicator) {
            let code = r.required(&mut self.ctx, "code");
            let fresh = self.claim(&r, &code);
            let baseline = r.baseline(&mut self.ctx);
            let owner = r.text("owner");
            if let Some(o) = owner
                .as_deref()
                .filter(|o| !self.person_names.contains(*o) && !self.unit_codes.contains(*o))
            {
                r.say(
                    &mut self.ctx,
                    "owner",
                    "import-unknown-owner",
                    &[("owner", o)],
                );
            }
            let ind = Indicator {
                name: r.required(&mut self.ctx, "name"),
                name_en: r.text("name_en"),
                unit: r.text("unit"),
                kind: r.label(&mut self.ctx, "value_kind"),
                definition: r.text("definition"),
                formula: r.label(&mut self.ctx, "formula"),
                formula_detail: r.text("formula_detail"),
                frequency: r.text("frequency"),
                owner,
                source_system: r.text("source_system"),
                baseline,
                code: code.clone(),
                measurements: Vec::new(),
            };
            if let Some((ai, oi)) = self.objective_of(&r) {
                let list = &mut self.doc.axes[ai].objectives[oi].indicators;
                if fresh {
                    self.indicator_index.insert(code, (ai, oi, list.len()));
                }
                list.push(ind);
            }
        }
    }

    /// The targets, each under a known objective and measured by known indicators.
    fn targets(&mut self) {
        for r in rows(self.tables, Record::Target) {
            let code = r.required(&mut self.ctx, "code");
            self.claim(&r, &code);
            let baseline = r.baseline(&mut self.ctx);
            let kind: TrajectoryKind = r.label(&mut self.ctx, "trajectory");
            let rate = r.number(&mut self.ctx, "annual_rate_percent");
            let trajectory = match (kind, rate) {
                (TrajectoryKind::Linear, None) => Trajectory::Linear,
                (TrajectoryKind::AnnualRate, Some(percent)) => Trajectory::AnnualRate { percent },
                (TrajectoryKind::AnnualRate, None) => {
                    r.say(
                        &mut self.ctx,
                        "annual_rate_percent",
                        "import-rate-missing",
                        &[],
                    );
                    Trajectory::Linear
                }
                (TrajectoryKind::Linear, Some(_)) => {
                    r.say(
                        &mut self.ctx,
                        "trajectory",
                        "import-rate-without-trajectory",
                        &[],
                    );
                    Trajectory::Linear
                }
            };
            let indicators = r.list("indicators");
            self.check_indicators(&r, &indicators);
            let t = Target {
                code,
                text: r.text("text"),
                text_en: r.text("text_en"),
                plan_table_text: r.text("plan_table_text"),
                kind: r.label(&mut self.ctx, "value_kind"),
                direction: r.label::<Direction>(&mut self.ctx, "direction"),
                unit: r.text("unit"),
                baseline,
                target_year: r.year(&mut self.ctx, "target_year"),
                target_value: r.number(&mut self.ctx, "target_value"),
                change_percent: r.number(&mut self.ctx, "change_percent"),
                trajectory,
                indicators,
                illustrative: r.boolean(&mut self.ctx, "illustrative"),
                note: r.text("note"),
            };
            if let Some((ai, oi)) = self.objective_of(&r) {
                self.doc.axes[ai].objectives[oi].targets.push(t);
            }
        }
    }

    /// The actions, each under a known objective.
    fn actions(&mut self) {
        for r in rows(self.tables, Record::Action) {
            let code = r.required(&mut self.ctx, "code");
            let fresh = self.claim(&r, &code);
            let pilot = r.text("pilot");
            let contributors = r.list("contributors");
            for name in pilot.iter().chain(contributors.iter()) {
                if !self.person_names.contains(name) {
                    let key = if Some(name) == pilot.as_ref() {
                        "pilot"
                    } else {
                        "contributors"
                    };
                    r.say(
                        &mut self.ctx,
                        key,
                        "import-unknown-person",
                        &[("name", name)],
                    );
                }
            }
            let contributor_units = r.list("contributor_units");
            for u in contributor_units
                .iter()
                .filter(|u| !self.unit_codes.contains(*u))
            {
                r.say(
                    &mut self.ctx,
                    "contributor_units",
                    "import-unknown-unit",
                    &[("unit", u)],
                );
            }
            let indicators = r.list("indicators");
            self.check_indicators(&r, &indicators);
            let sdgs = r.list("sdgs");
            for s in &sdgs {
                if !valid_sdg(s) {
                    r.say(&mut self.ctx, "sdgs", "import-not-an-sdg", &[("value", s)]);
                }
            }
            let progress = r.count(&mut self.ctx, "progress", 100.0).map(|v| v as u8);
            let action = Action {
                title: r.required(&mut self.ctx, "title"),
                title_en: r.text("title_en"),
                description: r.text("description"),
                pilot,
                contributors,
                contributor_units,
                start: r.date(&mut self.ctx, "start"),
                end: r.date(&mut self.ctx, "end"),
                budget: Budget {
                    planned_cents: r.money(&mut self.ctx, "budget_planned"),
                    committed_cents: r.money(&mut self.ctx, "budget_committed"),
                    spent_cents: r.money(&mut self.ctx, "budget_spent"),
                },
                status: r.label::<ActionStatus>(&mut self.ctx, "status"),
                progress,
                indicators,
                sdgs,
                illustrative: r.boolean(&mut self.ctx, "illustrative"),
                note: r.text("note"),
                code: code.clone(),
                ..Default::default()
            };
            if let Some((ai, oi)) = self.objective_of(&r) {
                let list = &mut self.doc.axes[ai].objectives[oi].actions;
                if fresh {
                    self.action_index.insert(code, (ai, oi, list.len()));
                }
                list.push(action);
            }
        }
    }

    /// The SDGs given to objectives, each an SDG or an SDG target.
    fn objective_sdgs(&mut self) {
        for r in rows(self.tables, Record::Objective) {
            for s in r.list("sdgs").iter().filter(|s| !valid_sdg(s)) {
                r.say(&mut self.ctx, "sdgs", "import-not-an-sdg", &[("value", s)]);
            }
        }
    }

    /// The milestones, evidence and comments of actions.
    fn attachments(&mut self) {
        for r in rows(self.tables, Record::Milestone) {
            let m = Milestone {
                title: r.required(&mut self.ctx, "title"),
                due: r.date(&mut self.ctx, "due"),
                done_on: r.date(&mut self.ctx, "done_on"),
            };
            if let Some((ai, oi, ci)) = self.action_of(&r) {
                self.doc.axes[ai].objectives[oi].actions[ci]
                    .milestones
                    .push(m);
            }
        }
        for r in rows(self.tables, Record::Evidence) {
            let e = EvidenceLink {
                title: r.required(&mut self.ctx, "title"),
                url: r.text("url"),
            };
            if let Some((ai, oi, ci)) = self.action_of(&r) {
                self.doc.axes[ai].objectives[oi].actions[ci]
                    .evidence
                    .push(e);
            }
        }
        for r in rows(self.tables, Record::Comment) {
            let author = r.required(&mut self.ctx, "author");
            let date = r.date(&mut self.ctx, "date");
            if date.is_none() && r.cell("date").is_none() {
                r.required(&mut self.ctx, "date");
            }
            let c = Comment {
                author,
                date: date.unwrap_or_default(),
                text: r.required(&mut self.ctx, "text"),
            };
            if let Some((ai, oi, ci)) = self.action_of(&r) {
                self.doc.axes[ai].objectives[oi].actions[ci]
                    .comments
                    .push(c);
            }
        }
    }

    /// The values of indicators, one per indicator and period.
    fn measurements(&mut self) {
        let mut periods: HashSet<(String, Period)> = HashSet::new();
        for r in rows(self.tables, Record::Measurement) {
            let ind = r.required(&mut self.ctx, "indicator");
            let period_text = r.required(&mut self.ctx, "period");
            let value = r.required(&mut self.ctx, "value");
            let period = if period_text.is_empty() {
                None
            } else {
                match Period::parse(&period_text) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        r.problem(&mut self.ctx, "period", e.to_string());
                        None
                    }
                }
            };
            if !value.is_empty()
                && let Err(e) = parse_measured(&value)
            {
                r.say(
                    &mut self.ctx,
                    "value",
                    "import-not-a-value",
                    &[("value", &value), ("error", &e.to_string())],
                );
            }
            if let Some(p) = period
                && !periods.insert((ind.clone(), p))
            {
                r.say(
                    &mut self.ctx,
                    "period",
                    "import-value-twice",
                    &[("indicator", &ind), ("period", &p.to_string())],
                );
            }
            let m = Measurement {
                period: period_text,
                value,
                state: r.label(&mut self.ctx, "state"),
                source: r.text("source"),
                comment: r.text("comment"),
                evidence_url: r.text("evidence_url"),
                illustrative: r.boolean(&mut self.ctx, "illustrative"),
            };
            if ind.is_empty() {
                continue;
            }
            match self.indicator_index.get(&ind) {
                Some(&(ai, oi, ii)) => self.doc.axes[ai].objectives[oi].indicators[ii]
                    .measurements
                    .push(m),
                None => r.say(
                    &mut self.ctx,
                    "indicator",
                    "import-unknown-indicator",
                    &[("indicator", &ind)],
                ),
            }
        }
    }

    /// Records `code` as found on row `r`; false (and a problem) when it is empty or already
    /// used.
    fn claim(&mut self, r: &Row<'_>, code: &str) -> bool {
        if code.is_empty() {
            return false;
        }
        let key = code.to_uppercase();
        if let Some((sheet, line)) = self.codes.get(&key) {
            r.say(
                &mut self.ctx,
                "code",
                "import-code-used",
                &[("code", code), ("sheet", sheet), ("row", &line.to_string())],
            );
            return false;
        }
        self.codes.insert(key, (r.table.found_as.clone(), r.line));
        self.sources
            .insert(code.to_string(), (r.table.found_as.clone(), r.line));
        true
    }

    /// The objective row `r` belongs to (a problem when unknown).
    fn objective_of(&mut self, r: &Row<'_>) -> Option<(usize, usize)> {
        let o = r.required(&mut self.ctx, "objective");
        if o.is_empty() {
            return None;
        }
        let found = self.objective_index.get(&o).copied();
        if found.is_none() {
            r.say(
                &mut self.ctx,
                "objective",
                "import-unknown-objective",
                &[("objective", &o)],
            );
        }
        found
    }

    /// A problem for each code of `list` that names no indicator.
    fn check_indicators(&mut self, r: &Row<'_>, list: &[String]) {
        for code in list
            .iter()
            .filter(|c| !self.indicator_index.contains_key(*c))
        {
            r.say(
                &mut self.ctx,
                "indicators",
                "import-unknown-indicator",
                &[("indicator", code)],
            );
        }
    }

    /// The action row `r` belongs to (a problem when unknown).
    fn action_of(&mut self, r: &Row<'_>) -> Option<(usize, usize, usize)> {
        let a = r.required(&mut self.ctx, "action");
        if a.is_empty() {
            return None;
        }
        let found = self.action_index.get(&a).copied();
        if found.is_none() {
            r.say(
                &mut self.ctx,
                "action",
                "import-unknown-action",
                &[("action", &a)],
            );
        }
        found
    }
}

/// True for `1`–`17` or a target code such as `13.2` or `17.a`.
pub fn valid_sdg(s: &str) -> bool {
    let (goal, target) = match s.split_once('.') {
        Some((g, t)) => (g, Some(t)),
        None => (s, None),
    };
    goal.parse::<u8>().is_ok_and(|g| (1..=17).contains(&g))
        && target.is_none_or(|t| {
            !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

// ---------------------------------------------------------------------------------------
// Writing

/// A value to write in a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Money(i64),
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Empty, Value::Text)
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: &Option<String>) -> Value {
    s.clone().into()
}

fn opt_num(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, Value::Number)
}

fn list(v: &[String]) -> Value {
    if v.is_empty() {
        Value::Empty
    } else {
        Value::Text(v.join("; "))
    }
}

fn flag(b: bool) -> Value {
    if b { text("oui") } else { Value::Empty }
}

/// The rows of every record type of a plan, in document order.
pub fn rows_of(doc: &PlanDocument) -> Vec<(Record, Vec<(&'static str, Value)>)> {
    let mut out = Vec::new();
    let s = &doc.strategy;
    out.push((
        Record::Strategy,
        vec![
            ("institution", text(&doc.institution.name)),
            ("institution_short", opt_text(&doc.institution.short_name)),
            ("title", text(&s.title)),
            ("title_en", opt_text(&s.title_en)),
            ("start_year", Value::Number(f64::from(s.start_year))),
            ("end_year", Value::Number(f64::from(s.end_year))),
            ("description", opt_text(&s.description)),
            ("source", opt_text(&s.source)),
            (
                "stated_objective_count",
                opt_num(s.stated_objective_count.map(f64::from)),
            ),
            (
                "stated_action_count",
                opt_num(s.stated_action_count.map(f64::from)),
            ),
            ("campaign_year", opt_num(s.campaign_year.map(f64::from))),
            ("notes", opt_text(&doc.notes)),
        ],
    ));
    for u in &doc.org_units {
        out.push((
            Record::Unit,
            vec![
                ("code", text(&u.code)),
                ("name", text(&u.name)),
                ("unit_kind", text(u.kind.label_fr())),
                ("parent", opt_text(&u.parent)),
                ("share", opt_num(u.share)),
            ],
        ));
    }
    for p in &doc.people {
        out.push((
            Record::Person,
            vec![
                ("name", text(&p.name)),
                ("email", opt_text(&p.email)),
                ("org_unit", opt_text(&p.unit)),
                ("job_title", opt_text(&p.title)),
            ],
        ));
    }
    for a in &doc.axes {
        out.push((
            Record::Axis,
            vec![
                ("code", text(&a.code)),
                ("title", text(&a.title)),
                ("title_en", opt_text(&a.title_en)),
                ("description", opt_text(&a.description)),
            ],
        ));
    }
    for (a, o) in doc.objectives() {
        out.push((
            Record::Objective,
            vec![
                ("code", text(&o.code)),
                ("axis", text(&a.code)),
                ("title", text(&o.title)),
                ("title_en", opt_text(&o.title_en)),
                ("description", opt_text(&o.description)),
                ("sdgs", list(&o.sdgs)),
            ],
        ));
    }
    for (o, t) in doc.targets() {
        let (traj, rate) = match t.trajectory {
            Trajectory::Linear => (TrajectoryKind::Linear, None),
            Trajectory::AnnualRate { percent } => (TrajectoryKind::AnnualRate, Some(percent)),
        };
        out.push((
            Record::Target,
            vec![
                ("code", text(&t.code)),
                ("objective", text(&o.code)),
                ("text", opt_text(&t.text)),
                ("text_en", opt_text(&t.text_en)),
                ("plan_table_text", opt_text(&t.plan_table_text)),
                ("value_kind", text(t.kind.label_fr())),
                ("direction", text(t.direction.label_fr())),
                ("unit", opt_text(&t.unit)),
                (
                    "baseline_year",
                    opt_num(t.baseline.map(|b| f64::from(b.year))),
                ),
                ("baseline_value", opt_num(t.baseline.map(|b| b.value))),
                ("target_year", opt_num(t.target_year.map(f64::from))),
                ("target_value", opt_num(t.target_value)),
                ("change_percent", opt_num(t.change_percent)),
                ("trajectory", text(traj.label_fr())),
                ("annual_rate_percent", opt_num(rate)),
                ("indicators", list(&t.indicators)),
                ("illustrative", flag(t.illustrative)),
                ("note", opt_text(&t.note)),
            ],
        ));
    }
    for (o, i) in doc.indicators() {
        out.push((
            Record::Indicator,
            vec![
                ("code", text(&i.code)),
                ("objective", text(&o.code)),
                ("name", text(&i.name)),
                ("name_en", opt_text(&i.name_en)),
                ("unit", opt_text(&i.unit)),
                ("value_kind", text(i.kind.label_fr())),
                ("definition", opt_text(&i.definition)),
                ("formula", text(i.formula.label_fr())),
                ("formula_detail", opt_text(&i.formula_detail)),
                ("frequency", opt_text(&i.frequency)),
                ("owner", opt_text(&i.owner)),
                ("source_system", opt_text(&i.source_system)),
                (
                    "baseline_year",
                    opt_num(i.baseline.map(|b| f64::from(b.year))),
                ),
                ("baseline_value", opt_num(i.baseline.map(|b| b.value))),
            ],
        ));
    }
    for (o, a) in doc.actions() {
        out.push((
            Record::Action,
            vec![
                ("code", text(&a.code)),
                ("objective", text(&o.code)),
                ("title", text(&a.title)),
                ("title_en", opt_text(&a.title_en)),
                ("description", opt_text(&a.description)),
                ("pilot", opt_text(&a.pilot)),
                ("contributors", list(&a.contributors)),
                ("contributor_units", list(&a.contributor_units)),
                ("start", a.start.map_or(Value::Empty, Value::Date)),
                ("end", a.end.map_or(Value::Empty, Value::Date)),
                ("status", text(a.status.label_fr())),
                ("progress", opt_num(a.progress.map(f64::from))),
                (
                    "budget_planned",
                    a.budget.planned_cents.map_or(Value::Empty, Value::Money),
                ),
                (
                    "budget_committed",
                    a.budget.committed_cents.map_or(Value::Empty, Value::Money),
                ),
                (
                    "budget_spent",
                    a.budget.spent_cents.map_or(Value::Empty, Value::Money),
                ),
                ("indicators", list(&a.indicators)),
                ("sdgs", list(&a.sdgs)),
                ("illustrative", flag(a.illustrative)),
                ("note", opt_text(&a.note)),
            ],
        ));
    }
    for (_, a) in doc.actions() {
        for m in &a.milestones {
            out.push((
                Record::Milestone,
                vec![
                    ("action", text(&a.code)),
                    ("title", text(&m.title)),
                    ("due", m.due.map_or(Value::Empty, Value::Date)),
                    ("done_on", m.done_on.map_or(Value::Empty, Value::Date)),
                ],
            ));
        }
    }
    for (_, a) in doc.actions() {
        for e in &a.evidence {
            out.push((
                Record::Evidence,
                vec![
                    ("action", text(&a.code)),
                    ("title", text(&e.title)),
                    ("url", opt_text(&e.url)),
                ],
            ));
        }
    }
    for (_, a) in doc.actions() {
        for c in &a.comments {
            out.push((
                Record::Comment,
                vec![
                    ("action", text(&a.code)),
                    ("author", text(&c.author)),
                    ("date", Value::Date(c.date)),
                    ("text", text(&c.text)),
                ],
            ));
        }
    }
    for (_, i) in doc.indicators() {
        for m in &i.measurements {
            out.push((
                Record::Measurement,
                vec![
                    ("indicator", text(&i.code)),
                    ("period", text(&m.period)),
                    ("value", text(&m.value)),
                    ("state", text(m.state.label_fr())),
                    ("source", opt_text(&m.source)),
                    ("comment", opt_text(&m.comment)),
                    ("evidence_url", opt_text(&m.evidence_url)),
                    ("illustrative", flag(m.illustrative)),
                ],
            ));
        }
    }
    out
}

/// Error while producing a workbook.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct WriteError(#[from] XlsxError);

/// Writes a plan as an XLSX workbook (a read-me sheet, then one sheet per record type).
pub fn write_xlsx(doc: Option<&PlanDocument>) -> Result<Vec<u8>, WriteError> {
    let rows = doc.map(rows_of).unwrap_or_default();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DCE6F1");
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let money_fmt = Format::new().set_num_format("#,##0.00");
    let wrap = Format::new().set_text_wrap();
    {
        let ws = wb.add_worksheet();
        ws.set_name(schema::README_SHEETS[0])?;
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 28)?;
        ws.set_column_width(2, 90)?;
        ws.write_string_with_format(0, 0, "Feuille", &bold)?;
        ws.write_string_with_format(0, 1, "Colonne", &bold)?;
        ws.write_string_with_format(0, 2, "Contenu", &bold)?;
        let mut r = 1u32;
        ws.write_string(r, 2, "Plan Jalon : une feuille par type d'élément. Les en-têtes peuvent être en français ou en anglais. Les feuilles dont le nom commence par _ sont ignorées. Obligatoire : Stratégie, Axes, Objectifs.")?;
        r += 1;
        for s in schema::SHEETS {
            for c in s.columns {
                ws.write_string(r, 0, s.fr)?;
                ws.write_string(r, 1, c.fr)?;
                let help = if c.required {
                    format!("{} (obligatoire)", c.help_fr)
                } else {
                    c.help_fr.to_string()
                };
                ws.write_string_with_format(r, 2, help.trim(), &wrap)?;
                r += 1;
            }
        }
    }
    for s in schema::SHEETS {
        let ws = wb.add_worksheet();
        ws.set_name(s.fr)?;
        for (ci, c) in s.columns.iter().enumerate() {
            let ci = ci as u16;
            ws.write_string_with_format(0, ci, c.fr, &bold)?;
            ws.set_column_width(
                ci,
                if matches!(
                    c.key,
                    "title" | "text" | "description" | "name" | "plan_table_text"
                ) {
                    50
                } else {
                    16
                },
            )?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, (_, values)) in (1u32..).zip(rows.iter().filter(|(rec, _)| *rec == s.record)) {
            for (ci, c) in s.columns.iter().enumerate() {
                let ci = ci as u16;
                let v = values.iter().find(|(k, _)| *k == c.key).map(|(_, v)| v);
                match v {
                    None | Some(Value::Empty) => {}
                    Some(Value::Text(t)) => {
                        ws.write_string(r, ci, t)?;
                    }
                    Some(Value::Number(n)) => {
                        ws.write_number(r, ci, *n)?;
                    }
                    Some(Value::Date(d)) => {
                        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            u16::try_from(chrono::Datelike::year(d)).unwrap_or(1900),
                            chrono::Datelike::month(d) as u8,
                            chrono::Datelike::day(d) as u8,
                        )?;
                        ws.write_datetime_with_format(r, ci, &dt, &date_fmt)?;
                    }
                    Some(Value::Money(c)) => {
                        ws.write_number_with_format(r, ci, *c as f64 / 100.0, &money_fmt)?;
                    }
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Writes a plan as one CSV file (`;`-separated, UTF-8 with BOM, decimal comma).
pub fn write_csv(doc: Option<&PlanDocument>) -> Vec<u8> {
    let columns = schema::union_columns();
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        let mut header = vec!["Type".to_string()];
        header.extend(columns.iter().map(|c| c.fr.to_string()));
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&header);
        for (record, values) in doc.map(rows_of).unwrap_or_default() {
            let mut row = vec![schema::sheet(record).fr.to_string()];
            for c in &columns {
                let v = values.iter().find(|(k, _)| *k == c.key).map(|(_, v)| v);
                row.push(match v {
                    None | Some(Value::Empty) => String::new(),
                    Some(Value::Text(t)) => crate::csv_cell::protect(t).into_owned(),
                    Some(Value::Number(n)) => format_f64(*n).replace('.', ","),
                    Some(Value::Date(d)) => d.to_string(),
                    Some(Value::Money(c)) => cents_to_decimal_string(*c).replace('.', ","),
                });
            }
            let _ = w.write_record(&row);
        }
        let _ = w.flush();
    }
    out
}
