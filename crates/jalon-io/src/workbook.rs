//! Tabular exports of reports and frameworks (THE submission pack, DD&RS self-assessment,
//! steering report, BEGES table): named sheets of text, numbers and links, written as one XLSX
//! workbook or as a CSV file per sheet (`;`-separated, UTF-8 with BOM, decimal comma, as
//! French spreadsheet software reads them).

use rust_xlsxwriter::{Format, Url, Workbook};

pub use crate::tabular::WriteError;

/// A cell of an exported sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    Empty,
    Text(String),
    Number(f64),
    /// A web address, written as a hyperlink.
    Link(String),
}

impl From<&str> for SheetCell {
    fn from(s: &str) -> Self {
        SheetCell::Text(s.to_string())
    }
}

impl From<String> for SheetCell {
    fn from(s: String) -> Self {
        SheetCell::Text(s)
    }
}

impl From<f64> for SheetCell {
    fn from(n: f64) -> Self {
        SheetCell::Number(n)
    }
}

impl<T: Into<SheetCell>> From<Option<T>> for SheetCell {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(SheetCell::Empty)
    }
}

/// A named sheet: a header row, then rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// At most 31 characters, none of `[]:*?/\` (cut and replaced when written).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<SheetCell>>,
    /// Column widths in characters (missing: 16).
    pub widths: Vec<f64>,
}

/// A sheet name Excel accepts.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let cut: String = clean.chars().take(31).collect();
    if cut.trim().is_empty() {
        "Sheet".into()
    } else {
        cut
    }
}

/// Writes the sheets as one workbook (bold frozen header, links clickable).
pub fn write_workbook(sheets: &[Sheet]) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DCE6F1");
    let wrap = Format::new().set_text_wrap();
    let mut used: Vec<String> = Vec::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        let mut name = sheet_name(&s.name);
        let mut n = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            let suffix = format!(" ({n})");
            name = format!(
                "{}{suffix}",
                sheet_name(&s.name)
                    .chars()
                    .take(31 - suffix.chars().count())
                    .collect::<String>()
            );
            n += 1;
        }
        ws.set_name(&name)?;
        used.push(name);
        for (c, h) in s.header.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, c, h, &bold)?;
            ws.set_column_width(c, s.widths.get(usize::from(c)).copied().unwrap_or(16.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (r, row) in (1u32..).zip(&s.rows) {
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    SheetCell::Empty => {}
                    SheetCell::Text(t) => {
                        ws.write_string_with_format(r, c, t, &wrap)?;
                    }
                    SheetCell::Number(v) if v.is_finite() => {
                        ws.write_number(r, c, *v)?;
                    }
                    SheetCell::Number(_) => {}
                    SheetCell::Link(u) if u.starts_with("http://") || u.starts_with("https://") => {
                        ws.write_url(r, c, Url::new(u.as_str()))?;
                    }
                    SheetCell::Link(u) => {
                        ws.write_string(r, c, u)?;
                    }
                }
            }
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Writes one sheet as CSV.
pub fn write_sheet_csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&sheet.header);
        for row in &sheet.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    SheetCell::Empty => String::new(),
                    SheetCell::Text(t) | SheetCell::Link(t) => {
                        crate::csv_cell::protect(t).into_owned()
                    }
                    SheetCell::Number(n) => crate::tabular::format_f64(*n).replace('.', ","),
                })
                .collect();
            let _ = w.write_record(&cells);
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str) -> Sheet {
        Sheet {
            name: name.into(),
            header: vec!["Indicateur".into(), "Valeur".into(), "URL".into()],
            rows: vec![
                vec![
                    "1.2.1".into(),
                    12.5.into(),
                    SheetCell::Link("https://example.org/a".into()),
                ],
                vec![
                    "=cmd|' /C calc'!A0".into(),
                    SheetCell::Empty,
                    SheetCell::Link("javascript:x".into()),
                ],
            ],
            widths: vec![],
        }
    }

    #[test]
    fn a_workbook_reads_back_with_its_sheets_values_and_links() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = write_workbook(&[
            sheet("ODD 1: Pas de pauvreté [THE]"),
            sheet("ODD 1: Pas de pauvreté [THE]"),
        ])
        .expect("workbook");
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("reads");
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2);
        assert!(names[0].len() <= 31 && !names[0].contains(':') && !names[0].contains('['));
        assert_ne!(names[0], names[1]);
        let range = wb.worksheet_range(&names[0]).expect("sheet");
        assert_eq!(range.get((1, 1)), Some(&Data::Float(12.5)));
        assert_eq!(
            range.get((1, 2)),
            Some(&Data::String("https://example.org/a".into()))
        );
        // Text that looks like a formula stays text.
        assert_eq!(
            range.get((2, 0)),
            Some(&Data::String("=cmd|' /C calc'!A0".into()))
        );
    }

    #[test]
    fn csv_uses_semicolons_and_decimal_commas() {
        let text = String::from_utf8(write_sheet_csv(&sheet("x"))).expect("utf-8");
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "Indicateur;Valeur;URL");
        assert_eq!(lines[1], "1.2.1;12,5;https://example.org/a");
    }
}
