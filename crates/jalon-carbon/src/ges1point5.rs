//! The GES 1point5 missions file (labos1point5's travel import/export): tab-separated, 11
//! columns, one leg per line, legs of a multi-leg mission sharing the mission number.
//!
//! Reading validates every field and reports errors with line and column; writing a file that
//! was read gives back the same bytes (BOM, line endings, final newline, original spellings of
//! dates, modes and yes/no are kept when the values were not changed).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::normalize::fold;
use crate::travel::TravelMode;

/// Canonical header of the GES 1point5 missions file.
pub const HEADER: [&str; 11] = [
    "# mission",
    "Date de départ",
    "Ville de départ",
    "Pays de départ",
    "Ville de destination",
    "Pays de destination",
    "Mode de déplacement",
    "Nb de personnes dans la voiture",
    "Aller Retour (OUI si identiques, NON si différents)",
    "Motif du déplacement (optionnel)",
    "Statut de l'agent (optionnel)",
];

/// Largest number of people accepted in a car.
pub const MAX_OCCUPANTS: u32 = 9;

/// A located error in a GES 1point5 file.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
#[error("line {line}, column {column} ({column_name}): {message}")]
pub struct Ges1p5Error {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (0 for the whole line).
    pub column: usize,
    /// Column header.
    pub column_name: String,
    /// What is wrong.
    pub message: String,
}

impl Ges1p5Error {
    fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        let column_name = if column >= 1 {
            HEADER.get(column - 1).copied().unwrap_or("").to_string()
        } else {
            String::new()
        };
        Ges1p5Error {
            line,
            column,
            column_name,
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Raw {
    date: String,
    date_value: NaiveDate,
    mode: String,
    mode_value: TravelMode,
    occupants: String,
    occupants_value: Option<u32>,
    round_trip: String,
    round_trip_value: bool,
}

/// One line (leg) of the missions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ges1p5Row {
    /// 1-based line in the source (0 for rows built in code).
    pub line: usize,
    /// Mission number.
    pub mission: String,
    /// Departure date.
    pub date: NaiveDate,
    /// Departure city.
    pub from_city: Arc<str>,
    /// Departure country.
    pub from_country: Arc<str>,
    /// Destination city.
    pub to_city: Arc<str>,
    /// Destination country.
    pub to_country: Arc<str>,
    /// Mode.
    pub mode: TravelMode,
    /// People in the car (cars and taxis).
    pub occupants: Option<u32>,
    /// Round trip on the same path.
    pub round_trip: bool,
    /// Purpose (optional).
    pub purpose: Arc<str>,
    /// Traveller's status (optional).
    pub status: Arc<str>,
    /// Number of fields in the source line (9 to 11); 11 for rows built in code.
    pub field_count: u8,
    raw: Option<Box<Raw>>,
}

impl Ges1p5Row {
    /// A row built in code (written with canonical spellings).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        mission: impl Into<String>,
        date: NaiveDate,
        from: (&str, &str),
        to: (&str, &str),
        mode: TravelMode,
        occupants: Option<u32>,
        round_trip: bool,
    ) -> Self {
        Ges1p5Row {
            line: 0,
            mission: mission.into(),
            date,
            from_city: from.0.into(),
            from_country: from.1.into(),
            to_city: to.0.into(),
            to_country: to.1.into(),
            mode,
            occupants,
            round_trip,
            purpose: Arc::from(""),
            status: Arc::from(""),
            field_count: 11,
            raw: None,
        }
    }

    fn write_into(&self, out: &mut String) {
        let raw = self.raw.as_deref();
        let date = match raw {
            Some(r) if r.date_value == self.date => r.date.clone(),
            _ => format!(
                "{:02}/{:02}/{:04}",
                self.date.day(),
                self.date.month(),
                self.date.year()
            ),
        };
        let mode = match raw {
            Some(r) if r.mode_value == self.mode => r.mode.clone(),
            _ => self.mode.ges1point5_label().to_string(),
        };
        let occ = match raw {
            Some(r) if r.occupants_value == self.occupants => r.occupants.clone(),
            _ => self.occupants.map(|n| n.to_string()).unwrap_or_default(),
        };
        let rt = match raw {
            Some(r) if r.round_trip_value == self.round_trip => r.round_trip.clone(),
            _ => (if self.round_trip { "OUI" } else { "NON" }).to_string(),
        };
        let fields: [&str; 11] = [
            &self.mission,
            &date,
            &self.from_city,
            &self.from_country,
            &self.to_city,
            &self.to_country,
            &mode,
            &occ,
            &rt,
            &self.purpose,
            &self.status,
        ];
        let n = usize::from(self.field_count).clamp(9, 11);
        for (i, f) in fields[..n].iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(f);
        }
    }
}

/// A whole missions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ges1p5File {
    /// Header line as read (or the canonical one).
    pub header: String,
    /// Rows.
    pub rows: Vec<Ges1p5Row>,
    /// Line ending (`"\n"` or `"\r\n"`).
    pub line_ending: String,
    /// Whether the last line ends with a line ending.
    pub final_newline: bool,
    /// Whether the file starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// True when the source was Windows-1252 (re-encoded so on write).
    pub windows_1252: bool,
}

impl Ges1p5File {
    /// A file with the canonical header around `rows`.
    pub fn new(rows: Vec<Ges1p5Row>) -> Self {
        Ges1p5File {
            header: HEADER.join("\t"),
            rows,
            line_ending: "\n".into(),
            final_newline: true,
            bom: false,
            windows_1252: false,
        }
    }
}

/// Strict `DD/MM/YYYY` (the canonical spelling), without allocation.
fn fast_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(6..10)?).ok()?, num(3..5)?, num(0..2)?)
}

fn fast_mode(s: &str) -> Option<TravelMode> {
    TravelMode::ALL
        .into_iter()
        .find(|m| m.ges1point5_label() == s)
}

fn fast_yes_no(s: &str) -> Option<&'static str> {
    match s {
        "OUI" => Some("oui"),
        "NON" => Some("non"),
        _ => None,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<i64> = parts
        .iter()
        .map(|p| p.trim().parse::<i64>().ok())
        .collect::<Option<Vec<_>>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else {
        (n[2], n[1], n[0])
    };
    let y = if (0..100).contains(&y) && parts[2].len() == 2 {
        2000 + y
    } else {
        y
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// Shares repeated text (city and country names) between rows parsed by one worker.
#[derive(Default)]
struct Interner {
    map: HashMap<Box<str>, Arc<str>>,
}

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.map.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        if self.map.len() < 100_000 {
            self.map.insert(s.into(), a.clone());
        }
        a
    }
}

fn parse_line(
    interner: &mut Interner,
    line_no: usize,
    line: &str,
) -> Result<Ges1p5Row, Vec<Ges1p5Error>> {
    let mut fields: [&str; 11] = [""; 11];
    let mut count = 0usize;
    for f in line.split('\t') {
        if count < 11 {
            fields[count] = f;
        }
        count += 1;
    }
    if !(9..=11).contains(&count) {
        return Err(vec![Ges1p5Error::new(
            line_no,
            0,
            format!("expected 11 tab-separated columns, found {count}"),
        )]);
    }
    let mut errs = Vec::new();
    let mission = fields[0];
    if mission.trim().is_empty() {
        errs.push(Ges1p5Error::new(line_no, 1, "empty mission number"));
    }
    let date = match fast_date(fields[1]).or_else(|| parse_date(fields[1])) {
        Some(d) if (1990..=2100).contains(&d.year()) => Some(d),
        Some(d) => {
            errs.push(Ges1p5Error::new(
                line_no,
                2,
                format!("implausible year {} in \"{}\"", d.year(), fields[1]),
            ));
            None
        }
        None => {
            errs.push(Ges1p5Error::new(
                line_no,
                2,
                format!(
                    "\"{}\" is not a valid date (expected DD/MM/YYYY)",
                    fields[1]
                ),
            ));
            None
        }
    };
    for (c, what) in [(2usize, "departure city"), (4, "destination city")] {
        if fields[c].trim().is_empty() {
            errs.push(Ges1p5Error::new(line_no, c + 1, format!("empty {what}")));
        }
    }
    let mode = fast_mode(fields[6]).or_else(|| TravelMode::parse(fields[6]));
    if mode.is_none() {
        errs.push(Ges1p5Error::new(
            line_no,
            7,
            format!("unknown mode \"{}\" (expected avion, train, voiture, bus, taxi, RER, métro, tramway, ferry)", fields[6]),
        ));
    }
    let occ_text = fields[7].trim();
    let occupants = if occ_text.is_empty() {
        None
    } else {
        match occ_text.parse::<i64>() {
            Ok(n) if (1..=i64::from(MAX_OCCUPANTS)).contains(&n) => Some(n as u32),
            Ok(n) => {
                errs.push(Ges1p5Error::new(
                    line_no,
                    8,
                    format!("{n} people in the car is not plausible (1 to {MAX_OCCUPANTS})"),
                ));
                None
            }
            Err(_) => {
                errs.push(Ges1p5Error::new(
                    line_no,
                    8,
                    format!("\"{occ_text}\" is not a number of people"),
                ));
                None
            }
        }
    };
    let rt = match fast_yes_no(fields[8])
        .map_or_else(|| fold(fields[8]), str::to_string)
        .as_str()
    {
        "oui" | "o" | "yes" | "y" => Some(true),
        "non" | "n" | "no" => Some(false),
        _ => {
            errs.push(Ges1p5Error::new(
                line_no,
                9,
                format!("\"{}\" is not OUI or NON", fields[8]),
            ));
            None
        }
    };
    let (Some(date), Some(mode), Some(round_trip)) = (date, mode, rt) else {
        return Err(errs);
    };
    if !errs.is_empty() {
        return Err(errs);
    }
    let rt_canonical = if round_trip { "OUI" } else { "NON" };
    let occ_canonical = match occupants {
        None => fields[7].is_empty(),
        Some(n) => {
            n < 10
                && fields[7].len() == 1
                && u32::from(fields[7].as_bytes()[0]) == u32::from(b'0') + n
        }
    };
    let raw = if fast_date(fields[1]) != Some(date)
        || fields[6] != mode.ges1point5_label()
        || !occ_canonical
        || fields[8] != rt_canonical
    {
        Some(Box::new(Raw {
            date: fields[1].to_string(),
            date_value: date,
            mode: fields[6].to_string(),
            mode_value: mode,
            occupants: fields[7].to_string(),
            occupants_value: occupants,
            round_trip: fields[8].to_string(),
            round_trip_value: round_trip,
        }))
    } else {
        None
    };
    Ok(Ges1p5Row {
        line: line_no,
        mission: mission.to_string(),
        date,
        from_city: interner.get(fields[2]),
        from_country: interner.get(fields[3]),
        to_city: interner.get(fields[4]),
        to_country: interner.get(fields[5]),
        mode,
        occupants,
        round_trip,
        purpose: interner.get(fields[9]),
        status: interner.get(fields[10]),
        field_count: count as u8,
        raw,
    })
}

/// Reads a GES 1point5 missions file (UTF-8, with or without BOM; Windows-1252 accepted).
/// All errors are returned, each with its line and column.
pub fn read_ges1point5(bytes: &[u8]) -> Result<Ges1p5File, Vec<Ges1p5Error>> {
    let (bom, body) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]) {
        return Err(vec![Ges1p5Error::new(
            1,
            0,
            "the file is UTF-16; save it as UTF-8 tab-separated text",
        )]);
    }
    let decoded;
    let (text, windows_1252) = match std::str::from_utf8(body) {
        Ok(t) => (t, false),
        Err(_) => {
            decoded = encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(body)
                .0
                .into_owned();
            (decoded.as_str(), true)
        }
    };
    let mut starts = vec![0usize];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    let final_newline = text.ends_with('\n');
    if final_newline {
        starts.pop();
    }
    let line_at = |i: usize| -> &str {
        let s = starts[i];
        let end_of_text = if final_newline {
            text.len() - 1
        } else {
            text.len()
        };
        let e = starts.get(i + 1).map_or(end_of_text, |&n| n - 1);
        let l = &text[s..e.max(s)];
        l.strip_suffix('\r').unwrap_or(l)
    };
    if text.is_empty() || starts.is_empty() {
        return Err(vec![Ges1p5Error::new(1, 0, "empty file")]);
    }
    let header = line_at(0);
    let crlf = text.as_bytes().get(header.len()) == Some(&b'\r');
    let first = header.split('\t').next().unwrap_or("");
    if fold(first) != "mission" {
        let hint = if header.contains(';') || header.contains(',') && !header.contains('\t') {
            " (the file does not look tab-separated)"
        } else {
            ""
        };
        return Err(vec![Ges1p5Error::new(
            1,
            1,
            format!("expected the header \"# mission\tDate de départ\t...\"{hint}"),
        )]);
    }
    // parse in chunks, one interner per chunk, then move the rows into one vector
    let n = starts.len();
    let chunk = 16_384;
    let chunks: Vec<(Vec<Ges1p5Row>, Vec<Ges1p5Error>)> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let mut interner = Interner::default();
            let mut rows = Vec::with_capacity(chunk);
            let mut errors = Vec::new();
            for i in (c * chunk).max(1)..((c + 1) * chunk).min(n) {
                let l = line_at(i);
                if l.trim().is_empty() {
                    continue;
                }
                match parse_line(&mut interner, i + 1, l) {
                    Ok(row) => rows.push(row),
                    Err(e) => errors.extend(e),
                }
            }
            (rows, errors)
        })
        .collect();
    let mut rows = Vec::with_capacity(chunks.iter().map(|c| c.0.len()).sum());
    let mut errors = Vec::new();
    for (r, e) in chunks {
        rows.extend(r);
        errors.extend(e);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Ges1p5File {
        header: header.to_string(),
        rows,
        line_ending: if crlf { "\r\n".into() } else { "\n".into() },
        final_newline,
        bom,
        windows_1252,
    })
}

/// Writes a missions file; a file read by [`read_ges1point5`] and not modified comes back
/// byte-identical.
pub fn write_ges1point5(file: &Ges1p5File) -> Vec<u8> {
    let mut out = String::with_capacity(64 + file.rows.len() * 96);
    out.push_str(&file.header);
    for row in &file.rows {
        out.push_str(&file.line_ending);
        row.write_into(&mut out);
    }
    if file.final_newline {
        out.push_str(&file.line_ending);
    }
    let mut bytes = Vec::with_capacity(out.len() + 3);
    if file.bom {
        bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
    }
    if file.windows_1252 {
        bytes.extend_from_slice(&encoding_rs::WINDOWS_1252.encode(&out).0);
    } else {
        bytes.extend_from_slice(out.as_bytes());
    }
    bytes
}

/// Emissions per mission (legs sharing a mission number), in kgCO2e with intervals.
pub fn mission_totals(
    file: &Ges1p5File,
    batch: &crate::travel::TripBatch,
) -> std::collections::BTreeMap<String, crate::uncertainty::Estimate> {
    batch.totals_by(|l| {
        file.rows
            .get(l.index)
            .map(|r| r.mission.clone())
            .unwrap_or_default()
    })
}
