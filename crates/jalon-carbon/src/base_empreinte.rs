//! Import of ADEME's Base Empreinte (Base Carbone) CSV export.
//!
//! The export is `;`-separated and Windows-1252 encoded; element rows (`Type Ligne` =
//! `Elément`) carry a factor's total in `Total poste non décomposé`, and *poste* rows (`Poste`)
//! break the same element down (combustion, upstream...). We keep element totals as factors and,
//! optionally, attach the post breakdown. Files that are UTF-16 or comma/tab separated are
//! rejected with a message that says so; every other error carries its line and column.

use std::collections::HashMap;

use thiserror::Error;

use crate::factor::{EmissionFactor, FactorError, FactorPart, FactorSet, IdStatus};
use crate::normalize::fold_compact;
use crate::units::{FactorUnit, UnitError};

/// Errors while importing a Base Empreinte export.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BaseEmpreinteError {
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// UTF-16 (or another wide encoding) instead of Windows-1252.
    #[error(
        "the file looks UTF-16 encoded ({0}); export it as Windows-1252 (or UTF-8) CSV with ';' separators"
    )]
    Utf16(&'static str),
    /// The header is not `;`-separated.
    #[error(
        "line 1: the header is not ';'-separated (found '{found}' as separator); export the Base Empreinte CSV with ';'"
    )]
    WrongSeparator {
        /// Separator apparently used.
        found: char,
    },
    /// A required column is missing from the header.
    #[error("line 1: required column \"{0}\" not found in the header")]
    MissingColumn(&'static str),
    /// A field could not be read.
    #[error("line {line}, column {column} ({column_name}): {message}")]
    Field {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Header name of the column.
        column_name: String,
        /// What is wrong.
        message: String,
    },
    /// Two element rows share an id.
    #[error("line {line}: element id {id} appears twice")]
    DuplicateId {
        /// 1-based line.
        line: usize,
        /// Element id.
        id: String,
    },
    /// Building the factor set failed.
    #[error(transparent)]
    Set(#[from] FactorError),
}

/// Options of the import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Version label given to the resulting set (e.g. `base-empreinte-23.6`).
    pub version: String,
    /// Keep archived elements (`Statut de l'élément` starting with `Archiv`).
    pub include_archived: bool,
    /// Attach the *poste* breakdown to each factor.
    pub with_breakdown: bool,
    /// Prefix of the Jalon id (`be:` gives `be:15591`).
    pub id_prefix: String,
}

impl ImportOptions {
    /// Defaults: archived elements skipped, breakdown kept, ids `be:<id>`.
    pub fn new(version: impl Into<String>) -> Self {
        ImportOptions {
            version: version.into(),
            include_archived: false,
            with_breakdown: true,
            id_prefix: "be:".into(),
        }
    }
}

/// Result of an import.
#[derive(Debug, Clone)]
pub struct BaseEmpreinteImport {
    /// The factors, as a versioned set.
    pub set: FactorSet,
    /// Encoding the bytes were decoded from (`windows-1252` or `UTF-8`).
    pub encoding: &'static str,
    /// Element rows skipped because archived.
    pub archived_skipped: usize,
    /// Element rows skipped because their unit is not a CO2e-per-unit form this crate knows,
    /// with line and unit text.
    pub unit_skipped: Vec<(usize, String)>,
}

const COL_TYPE: &str = "Type Ligne";
const COL_ID: &str = "Identifiant de l'élément";
const COL_STATUS: &str = "Statut de l'élément";
const COL_NAME: &str = "Nom base français";
const COL_TOTAL: &str = "Total poste non décomposé";
const COL_UNIT: &str = "Unité français";

/// Decodes bytes as the export's text, detecting UTF-16 and UTF-8.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), BaseEmpreinteError> {
    if bytes.is_empty() {
        return Err(BaseEmpreinteError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(BaseEmpreinteError::Utf16("little-endian byte-order mark"));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(BaseEmpreinteError::Utf16("big-endian byte-order mark"));
    }
    let head = &bytes[..bytes.len().min(512)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if nuls * 4 >= head.len() {
        return Err(BaseEmpreinteError::Utf16("NUL bytes between characters"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return Ok((text.into_owned(), "UTF-8"));
    }
    if !bytes.is_ascii()
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok((text.into_owned(), "windows-1252"))
}

/// Splits one `;` line honouring double quotes (`""` escapes a quote).
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => fields.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

/// Splits text into logical lines (a quoted field may hold a newline), with their 1-based
/// starting line numbers.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 1;
    let mut quotes = 0usize;
    for (lineno, raw) in (1..).zip(text.split('\n')) {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if cur.is_empty() && quotes.is_multiple_of(2) {
            start = lineno;
        } else {
            cur.push('\n');
        }
        quotes += raw.matches('"').count();
        cur.push_str(raw);
        if quotes.is_multiple_of(2) {
            out.push((start, std::mem::take(&mut cur)));
            quotes = 0;
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

/// Parses a decimal that may use a comma (`0,0520`), a space as thousands separator, or be
/// empty.
fn parse_decimal(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if t.is_empty() {
        return None;
    }
    t.replace(',', ".").parse().ok()
}

/// Last run of four digits in `s`, read as a year.
fn last_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let mut i = b.len();
    while i >= 4 {
        let w = &b[i - 4..i];
        let before_ok = i == 4 || !b[i - 5].is_ascii_digit();
        let after_ok = i == b.len() || !b[i].is_ascii_digit();
        if w.iter().all(u8::is_ascii_digit) && before_ok && after_ok {
            return std::str::from_utf8(w).ok()?.parse().ok();
        }
        i -= 1;
    }
    None
}

/// Imports a Base Empreinte export from raw bytes.
pub fn parse_base_empreinte(
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<BaseEmpreinteImport, BaseEmpreinteError> {
    let (text, encoding) = decode(bytes)?;
    let lines = logical_lines(&text);
    let Some((_, header_line)) = lines.first() else {
        return Err(BaseEmpreinteError::Empty);
    };
    if !header_line.contains(';') {
        let found = [',', '\t', '|']
            .into_iter()
            .max_by_key(|c| header_line.matches(*c).count())
            .unwrap_or(',');
        return Err(BaseEmpreinteError::WrongSeparator { found });
    }
    let header = split_fields(header_line);
    let folded: Vec<String> = header.iter().map(|h| fold_compact(h)).collect();
    let find = |name: &'static str| -> Option<usize> {
        let key = fold_compact(name);
        folded.iter().position(|h| *h == key)
    };
    let req = |name: &'static str| find(name).ok_or(BaseEmpreinteError::MissingColumn(name));
    let c_type = req(COL_TYPE)?;
    let c_id = req(COL_ID)?;
    let c_name = req(COL_NAME)?;
    let c_total = req(COL_TOTAL)?;
    let c_unit = req(COL_UNIT)?;
    let c_status = find(COL_STATUS);
    let c_attr = find("Nom attribut français");
    let c_frontier = find("Nom frontière français");
    let c_name_en = find("Nom base anglais");
    let c_attr_en = find("Nom attribut anglais");
    let c_uncert = find("Incertitude");
    let c_post_name = find("Type poste").or_else(|| find("Nom poste français"));
    let c_source = find("Source");
    let c_date = find("Date de modification").or_else(|| find("Date de création"));
    let c_validity = find("Période de validité");

    let mut factors: Vec<EmissionFactor> = Vec::new();
    let mut by_id: HashMap<String, (usize, f64)> = HashMap::new();
    let mut archived_skipped = 0;
    let mut unit_skipped = Vec::new();
    let mut pending_parts: Vec<(String, FactorPart)> = Vec::new();

    for (line, raw) in lines.iter().skip(1) {
        if raw.trim().is_empty() {
            continue;
        }
        let fields = split_fields(raw);
        let get = |c: usize| fields.get(c).map(|s| s.trim()).unwrap_or("");
        let field_err = |c: usize, message: String| BaseEmpreinteError::Field {
            line: *line,
            column: c + 1,
            column_name: header.get(c).cloned().unwrap_or_default(),
            message,
        };
        let kind = fold_compact(get(c_type));
        let id = get(c_id).to_string();
        if id.is_empty() {
            return Err(field_err(c_id, "empty element id".into()));
        }
        let total_text = get(c_total);
        if kind.starts_with("poste") {
            if !options.with_breakdown {
                continue;
            }
            let Some(value) = parse_decimal(total_text) else {
                return Err(field_err(
                    c_total,
                    format!("\"{total_text}\" is not a number"),
                ));
            };
            let name = c_post_name.map(get).unwrap_or("").to_string();
            pending_parts.push((id, FactorPart { name, value }));
            continue;
        }
        if !kind.starts_with("element") {
            return Err(field_err(
                c_type,
                format!(
                    "unknown line type \"{}\" (expected Elément or Poste)",
                    get(c_type)
                ),
            ));
        }
        let status = c_status.map(get).unwrap_or("");
        if !options.include_archived && fold_compact(status).starts_with("archiv") {
            archived_skipped += 1;
            continue;
        }
        let Some(value) = parse_decimal(total_text) else {
            return Err(field_err(
                c_total,
                format!("\"{total_text}\" is not a number"),
            ));
        };
        let unit_text = get(c_unit);
        let (unit, scale) = match FactorUnit::parse(unit_text) {
            Ok(u) => u,
            Err(UnitError::Unknown(_)) | Err(UnitError::NotAFactorUnit(_)) => {
                unit_skipped.push((*line, unit_text.to_string()));
                continue;
            }
            Err(e) => return Err(field_err(c_unit, e.to_string())),
        };
        let uncertainty = match c_uncert.map(get) {
            None | Some("") => None,
            Some(t) => match parse_decimal(t) {
                Some(p) if p >= 0.0 => Some(p / 100.0),
                _ => {
                    return Err(field_err(
                        c_uncert.unwrap_or(0),
                        format!("uncertainty \"{t}\" is not a percentage"),
                    ));
                }
            },
        };
        let join = |parts: &[Option<usize>]| -> String {
            parts
                .iter()
                .flatten()
                .map(|&c| get(c))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" - ")
        };
        let name_fr = join(&[Some(c_name), c_attr, c_frontier]);
        let name_en = join(&[c_name_en, c_attr_en]);
        let year = c_validity
            .map(get)
            .and_then(last_year)
            .or_else(|| c_date.map(get).and_then(last_year));
        if by_id.contains_key(&id) {
            return Err(BaseEmpreinteError::DuplicateId { line: *line, id });
        }
        by_id.insert(id.clone(), (factors.len(), scale));
        factors.push(EmissionFactor {
            id: format!("{}{}", options.id_prefix, id),
            source: c_source.map(get).filter(|s| !s.is_empty()).map_or_else(
                || "ADEME Base Empreinte".to_string(),
                |s| format!("ADEME Base Empreinte ({s})"),
            ),
            source_id: Some(id),
            id_status: IdStatus::Confirmed,
            version: options.version.clone(),
            year,
            name_fr,
            name_en,
            unit,
            value: value * scale,
            uncertainty,
            energy: None,
            kwh_per_unit: None,
            notes: status.to_string(),
            parts: Vec::new(),
        });
    }
    for (id, mut part) in pending_parts {
        if let Some(&(i, scale)) = by_id.get(&id) {
            // parts are in the element's unit: rescale like its total
            part.value *= scale;
            factors[i].parts.push(part);
        }
    }
    let set = FactorSet::new(options.version.clone(), factors)?;
    Ok(BaseEmpreinteImport {
        set,
        encoding,
        archived_skipped,
        unit_skipped,
    })
}
