//! A plain table from an uploaded CSV or XLSX file: a header and rows of text, each row with
//! the line (or spreadsheet row) users see. Used for expense and mission exports and for
//! activity data, whose columns are mapped by the caller.
//!
//! CSV files may be UTF-8 (with or without BOM) or Windows-1252, as French spreadsheet
//! software writes them; the separator (`;`, `,`, tab) is detected. In a workbook the first
//! sheet that is not a read-me sheet is read; dates become `YYYY-MM-DD`.

use crate::xlsx;
use calamine::{Data, Reader};
use jalon_core::Lang;
use jalon_i18n::Tr;

use crate::problem::Problem;
use crate::tabular::format_f64;

/// A table read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// Sheet name (XLSX) or `None` (CSV).
    pub sheet: Option<String>,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// (row number as users see it, cells) for every non-empty row after the header.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl RawTable {
    /// Index of the column whose header matches one of `names` (folded comparison).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| crate::schema::fold_key(n)).collect();
        self.header
            .iter()
            .position(|h| wanted.contains(&crate::schema::fold_key(h)))
    }
}

/// Decodes CSV bytes: UTF-8 (BOM stripped), else Windows-1252.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Reads the table of a CSV or XLSX file (by name, else by content).
pub fn read_table(bytes: &[u8], file_name: &str, lang: Lang) -> Result<RawTable, Vec<Problem>> {
    let is_xlsx =
        file_name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    if is_xlsx {
        read_xlsx_table(bytes, file_name, lang)
    } else {
        read_csv_table(bytes, file_name, lang)
    }
}

fn read_csv_table(bytes: &[u8], file_name: &str, lang: Lang) -> Result<RawTable, Vec<Problem>> {
    let text = decode_text(bytes);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.matches(char::from(*d)).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header = None;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 1;
        match rec {
            Ok(r) => {
                let cells: Vec<String> = r
                    .iter()
                    .map(|c| crate::csv_cell::unprotect(c.trim()).to_string())
                    .collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                if header.is_none() {
                    header = Some(cells);
                } else {
                    rows.push((line, cells));
                }
            }
            Err(e) => problems.push(Problem {
                row: Some(line),
                ..Problem::file(file_name, lang, e.to_string())
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let header = header.ok_or_else(|| {
        vec![Problem::file(
            file_name,
            lang,
            Tr::new(lang).t("import-empty-file"),
        )]
    })?;
    Ok(RawTable {
        sheet: None,
        header,
        rows,
    })
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format_f64(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|v| v.date().to_string())
            .unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx_table(bytes: &[u8], file_name: &str, lang: Lang) -> Result<RawTable, Vec<Problem>> {
    let tr = Tr::new(lang);
    let refused = |message: String| vec![Problem::file(file_name, lang, message)];
    let mut wb = xlsx::open(bytes, xlsx::LIMITS).map_err(|e| refused(e.message(&tr)))?;
    let name = wb
        .sheet_names()
        .into_iter()
        .find(|n| !n.starts_with('_') && !crate::schema::README_SHEETS.contains(&n.as_str()))
        .ok_or_else(|| refused(tr.t("import-no-sheet")))?;
    let read = xlsx::read_sheet(&mut wb, &name, xlsx::LIMITS).map_err(|e| {
        vec![Problem {
            sheet: Some(name.clone()),
            ..Problem::file(file_name, lang, e.message(&tr))
        }]
    })?;
    let mut header = None;
    let mut rows = Vec::new();
    for (line, r) in read.rows {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if header.is_none() {
            header = Some(cells);
        } else {
            rows.push((line, cells));
        }
    }
    let header = header.ok_or_else(|| {
        vec![Problem {
            sheet: Some(name.clone()),
            ..Problem::file(file_name, lang, tr.t("import-empty-sheet"))
        }]
    })?;
    Ok(RawTable {
        sheet: Some(name),
        header,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_csv_with_semicolons() {
        let bytes: Vec<u8> =
            b"Date;Ville de d\xe9part;Montant\n12/03/2025;Saint-\xc9tienne;120,50\n\n".to_vec();
        let t = read_table(&bytes, "frais.csv", Lang::Fr).expect("reads");
        assert_eq!(t.header, ["Date", "Ville de départ", "Montant"]);
        assert_eq!(
            t.rows,
            vec![(
                2,
                vec![
                    "12/03/2025".to_string(),
                    "Saint-Étienne".into(),
                    "120,50".into()
                ]
            )]
        );
        assert_eq!(t.column(&["ville de depart"]), Some(1));
    }

    #[test]
    fn workbook_first_sheet() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Poste").expect("write");
        ws.write_string(0, 1, "Quantité").expect("write");
        ws.write_string(1, 0, "2.1").expect("write");
        ws.write_number(1, 1, 1250.5).expect("write");
        let bytes = wb.save_to_buffer().expect("save");
        let t = read_table(&bytes, "activites.xlsx", Lang::Fr).expect("reads");
        assert_eq!(t.rows, vec![(2, vec!["2.1".to_string(), "1250.5".into()])]);
        assert!(read_table(b"PK\x03\x04broken", "x.xlsx", Lang::En).is_err());
    }
}
