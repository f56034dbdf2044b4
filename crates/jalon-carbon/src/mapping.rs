//! Generic mission and expense tables (travel-office exports, expense systems) read through a
//! column-mapping profile. Rows arrive as `Vec<Vec<String>>` plus a header so the caller can
//! feed CSV or XLSX alike; repeated lines (same traveller, date, origin, destination and mode)
//! are de-duplicated and reported. Every error names its row (1-based, header on row 1) and
//! column.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::normalize::{fold, fold_compact};
use crate::travel::{LegInput, LegRequest, TravelMode};

/// Which column holds what. Column names are matched ignoring case, accents, spaces and
/// punctuation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Departure date.
    pub date: String,
    /// Traveller (name or id); empty when the export has no such column (then repeated
    /// lines cannot be told from colleagues travelling together and are all kept).
    pub traveller: String,
    /// Org unit charged; empty when the export has no such column.
    pub unit: String,
    /// Origin place.
    pub origin: String,
    /// Origin country (optional).
    pub origin_country: Option<String>,
    /// Destination place.
    pub destination: String,
    /// Destination country (optional).
    pub destination_country: Option<String>,
    /// Mode.
    pub mode: String,
    /// Round trip yes/no (optional; absent = one way).
    pub round_trip: Option<String>,
    /// Amount paid in euros (optional).
    pub amount_paid: Option<String>,
    /// Mission id grouping legs (optional; each row is its own mission otherwise).
    pub mission_id: Option<String>,
    /// People in the car (optional).
    pub occupants: Option<String>,
    /// Budget line (optional).
    pub budget_line: Option<String>,
    /// Extra spellings of modes used by this source (e.g. `"Car"` → bus when the export is
    /// French, `"Vol"` → plane); keys are matched folded.
    pub mode_aliases: BTreeMap<String, TravelMode>,
}

/// A located error in a mapped table.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum MappingError {
    /// A column named by the profile is not in the header.
    #[error("row 1: column \"{0}\" named by the profile is not in the header")]
    MissingColumn(String),
    /// A cell cannot be read.
    #[error("row {row}, column {column} ({column_name}): {message}")]
    Cell {
        /// 1-based row (header = row 1).
        row: usize,
        /// 1-based column.
        column: usize,
        /// Header of the column.
        column_name: String,
        /// What is wrong.
        message: String,
    },
}

/// One mission leg read from a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissionRecord {
    /// 1-based row.
    pub row: usize,
    /// Mission id (the profile's column, or `row-N`).
    pub mission_id: String,
    /// Date.
    pub date: NaiveDate,
    /// Traveller.
    pub traveller: String,
    /// Org unit.
    pub unit: String,
    /// Origin text.
    pub origin: String,
    /// Origin country text (may be empty).
    pub origin_country: String,
    /// Destination text.
    pub destination: String,
    /// Destination country text (may be empty).
    pub destination_country: String,
    /// Mode.
    pub mode: TravelMode,
    /// Round trip.
    pub round_trip: bool,
    /// Amount paid, euro cents.
    pub amount_cents: Option<i64>,
    /// People in the car.
    pub occupants: Option<u32>,
    /// Budget line.
    pub budget_line: Option<String>,
}

/// The records of a table, with duplicates removed and reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappedTable {
    /// Records kept.
    pub records: Vec<MissionRecord>,
    /// (duplicate row, row it repeats).
    pub duplicates: Vec<(usize, usize)>,
    /// 1-based columns of origin and destination (for error locations downstream).
    pub origin_column: usize,
    /// See `origin_column`.
    pub destination_column: usize,
}

impl MappedTable {
    /// Leg requests for [`crate::travel::compute_legs`].
    pub fn requests(&self) -> Vec<LegRequest<'_>> {
        self.records
            .iter()
            .map(|r| LegRequest {
                line: r.row,
                mission: &r.mission_id,
                from: &r.origin,
                from_country: &r.origin_country,
                to: &r.destination,
                to_country: &r.destination_country,
                input: LegInput {
                    mode: r.mode,
                    occupants: r.occupants,
                    round_trip: r.round_trip,
                },
                from_column: self.origin_column,
                to_column: self.destination_column,
            })
            .collect()
    }
}

/// Parses a date as found in exports: `DD/MM/YYYY`, `YYYY-MM-DD`, `DD.MM.YYYY`, or an Excel
/// serial day number.
pub fn parse_table_date(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if let Ok(serial) = t.parse::<f64>() {
        if (20_000.0..80_000.0).contains(&serial) {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            return base.checked_add_days(chrono::Days::new(serial.trunc() as u64));
        }
        return None;
    }
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<_>>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else {
        (n[2], n[1], n[0])
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    (1990..=2100).contains(&date.year()).then_some(date)
}

/// Parses an amount in euros (`1 234,56 €`, `1234.56`, `1,234.56`) into cents.
pub fn parse_amount_cents(s: &str) -> Option<i64> {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
        .collect();
    if t.is_empty() {
        return None;
    }
    let normalized = match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (Some(_), None) => t.replace(',', "."),
        _ => t,
    };
    let v: f64 = normalized.parse().ok()?;
    v.is_finite().then(|| (v * 100.0).round() as i64)
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match fold(s).as_str() {
        "" | "non" | "n" | "no" | "false" | "0" | "aller simple" | "aller" | "one way"
        | "simple" => Some(false),
        "oui" | "o" | "yes" | "y" | "true" | "1" | "a r" | "ar" | "aller retour" | "round trip"
        | "return" => Some(true),
        _ => None,
    }
}

/// Reads a table through a profile. All cell errors are collected.
pub fn map_table(
    header: &[String],
    rows: &[Vec<String>],
    profile: &ColumnProfile,
) -> Result<MappedTable, Vec<MappingError>> {
    let folded: Vec<String> = header.iter().map(|h| fold_compact(h)).collect();
    let mut missing = Vec::new();
    let mut col = |name: &str| -> Option<usize> {
        let k = fold_compact(name);
        let found = folded.iter().position(|h| *h == k);
        if found.is_none() {
            missing.push(MappingError::MissingColumn(name.to_string()));
        }
        found
    };
    let c_date = col(&profile.date);
    let c_trav = (!profile.traveller.trim().is_empty()).then(|| col(&profile.traveller));
    let c_unit = (!profile.unit.trim().is_empty()).then(|| col(&profile.unit));
    let c_orig = col(&profile.origin);
    let c_dest = col(&profile.destination);
    let c_mode = col(&profile.mode);
    let c_oc = profile.origin_country.as_deref().map(&mut col);
    let c_dc = profile.destination_country.as_deref().map(&mut col);
    let c_rt = profile.round_trip.as_deref().map(&mut col);
    let c_amt = profile.amount_paid.as_deref().map(&mut col);
    let c_mis = profile.mission_id.as_deref().map(&mut col);
    let c_occ = profile.occupants.as_deref().map(&mut col);
    let c_bud = profile.budget_line.as_deref().map(&mut col);
    if !missing.is_empty() {
        return Err(missing);
    }
    let (Some(c_date), Some(c_orig), Some(c_dest), Some(c_mode)) = (c_date, c_orig, c_dest, c_mode)
    else {
        return Err(vec![MappingError::MissingColumn("?".into())]);
    };
    let aliases: HashMap<String, TravelMode> = profile
        .mode_aliases
        .iter()
        .map(|(k, v)| (fold(k), *v))
        .collect();
    let mut errors = Vec::new();
    let mut records = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, NaiveDate, String, String, TravelMode), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        let row = i + 2;
        let cell = |c: usize| cells.get(c).map(|s| s.trim()).unwrap_or("");
        let opt = |c: Option<Option<usize>>| c.flatten().map(cell).unwrap_or("");
        let err = |c: usize, message: String| MappingError::Cell {
            row,
            column: c + 1,
            column_name: header.get(c).cloned().unwrap_or_default(),
            message,
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let date = parse_table_date(cell(c_date));
        if date.is_none() {
            errors.push(err(
                c_date,
                format!("\"{}\" is not a valid date", cell(c_date)),
            ));
        }
        for (c, what) in [
            (c_trav.flatten(), "traveller"),
            (c_unit.flatten(), "unit"),
            (Some(c_orig), "origin"),
            (Some(c_dest), "destination"),
        ] {
            let Some(c) = c else {
                continue;
            };
            if cell(c).is_empty() {
                errors.push(err(c, format!("empty {what}")));
            }
        }
        let mode_text = cell(c_mode);
        let mode = aliases
            .get(&fold(mode_text))
            .copied()
            .or_else(|| TravelMode::parse(mode_text));
        if mode.is_none() {
            errors.push(err(
                c_mode,
                format!("unknown mode \"{mode_text}\"; add it to the profile's mode aliases"),
            ));
        }
        let round_trip = match c_rt.flatten() {
            None => Some(false),
            Some(c) => {
                let v = parse_yes_no(cell(c));
                if v.is_none() {
                    errors.push(err(c, format!("\"{}\" is not yes/no", cell(c))));
                }
                v
            }
        };
        let amount_cents = match c_amt.flatten() {
            Some(c) if !cell(c).is_empty() => match parse_amount_cents(cell(c)) {
                Some(v) if v >= 0 => Some(v),
                _ => {
                    errors.push(err(
                        c,
                        format!("\"{}\" is not a non-negative amount", cell(c)),
                    ));
                    None
                }
            },
            _ => None,
        };
        let occupants = match c_occ.flatten() {
            Some(c) if !cell(c).is_empty() => match cell(c).parse::<u32>() {
                Ok(n) if (1..=9).contains(&n) => Some(n),
                _ => {
                    errors.push(err(
                        c,
                        format!("\"{}\" is not a number of people between 1 and 9", cell(c)),
                    ));
                    None
                }
            },
            _ => None,
        };
        if errors.len() > before {
            continue;
        }
        let (Some(date), Some(mode), Some(round_trip)) = (date, mode, round_trip) else {
            continue;
        };
        if let Some(c_trav) = c_trav.flatten() {
            let key = (
                fold(cell(c_trav)),
                date,
                fold(cell(c_orig)),
                fold(cell(c_dest)),
                mode,
            );
            if let Some(&first) = seen.get(&key) {
                duplicates.push((row, first));
                continue;
            }
            seen.insert(key, row);
        }
        let mission = opt(c_mis);
        records.push(MissionRecord {
            row,
            mission_id: if mission.is_empty() {
                format!("row-{row}")
            } else {
                mission.to_string()
            },
            date,
            traveller: opt(c_trav).to_string(),
            unit: opt(c_unit).to_string(),
            origin: cell(c_orig).to_string(),
            origin_country: opt(c_oc).to_string(),
            destination: cell(c_dest).to_string(),
            destination_country: opt(c_dc).to_string(),
            mode,
            round_trip,
            amount_cents,
            occupants,
            budget_line: Some(opt(c_bud))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        });
    }
    if errors.is_empty() {
        Ok(MappedTable {
            records,
            duplicates,
            origin_column: c_orig + 1,
            destination_column: c_dest + 1,
        })
    } else {
        Err(errors)
    }
}
