//! Opening an XLSX workbook someone sent, with bounds, so that no file can take the server's
//! memory: a workbook is a zip archive whose parts may expand a thousandfold (a "bomb"), and a
//! sheet may name two cells millions of rows and thousands of columns apart, which a dense
//! grid would allocate in full.
//!
//! [`open`] first streams every part of the archive through its decompressor into nothing,
//! counting the bytes it expands to, and refuses the file past [`Limits::expanded_bytes`];
//! only then does calamine read it. [`read_sheet`] reads a sheet cell by cell and keeps the
//! non-empty rows only, refusing a sheet past [`Limits::cells`] cells or
//! [`Limits::columns`] columns.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Read};

use calamine::{Data, Reader, Xlsx};

/// How much a workbook may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The parts of the archive, once expanded, in bytes.
    pub expanded_bytes: u64,
    /// Parts in the archive.
    pub entries: usize,
    /// Cells of a sheet, counting the empty ones inside a row up to its last cell.
    pub cells: usize,
    /// Columns of a sheet.
    pub columns: u32,
}

/// The bounds every import uses: far above what a plan, an inventory or a year of missions
/// holds, far below what would trouble a small server.
pub const LIMITS: Limits = Limits {
    expanded_bytes: 200 * 1024 * 1024,
    entries: 10_000,
    cells: 5_000_000,
    columns: 1_000,
};

/// Why a workbook was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsxRefusal {
    /// Not a zip archive, or not a workbook calamine can read.
    #[error("not a readable XLSX workbook ({0})")]
    NotAWorkbook(String),
    /// The archive expands past the limit (in MB).
    #[error("the workbook expands to more than {0} MB")]
    TooLarge(u64),
    /// The archive holds too many parts.
    #[error("the workbook holds more than {0} parts")]
    TooManyParts(usize),
    /// A sheet holds too many cells.
    #[error("the sheet holds more than {0} cells")]
    TooManyCells(usize),
    /// A sheet uses a column past the limit.
    #[error("the sheet uses more than {0} columns")]
    TooManyColumns(u32),
    /// The sheet could not be read.
    #[error("unreadable sheet ({0})")]
    UnreadableSheet(String),
}

impl XlsxRefusal {
    /// The refusal in the reader's language.
    pub fn message(&self, tr: &jalon_i18n::Tr) -> String {
        match self {
            XlsxRefusal::NotAWorkbook(e) => tr.t1("import-not-a-workbook", "error", e),
            XlsxRefusal::UnreadableSheet(e) => tr.t1("import-unreadable-sheet", "error", e),
            XlsxRefusal::TooLarge(mb) => {
                tr.t1("import-workbook-too-large", "limit", &mb.to_string())
            }
            XlsxRefusal::TooManyParts(n) => {
                tr.t1("import-workbook-too-many-parts", "limit", &n.to_string())
            }
            XlsxRefusal::TooManyCells(n) => {
                tr.t1("import-sheet-too-many-cells", "limit", &n.to_string())
            }
            XlsxRefusal::TooManyColumns(n) => {
                tr.t1("import-sheet-too-many-columns", "limit", &n.to_string())
            }
        }
    }
}

/// A workbook read from memory.
pub type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Checks the archive within `limits`, then opens it.
pub fn open(bytes: &[u8], limits: Limits) -> Result<Workbook<'_>, XlsxRefusal> {
    check_archive(bytes, limits)?;
    Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxRefusal::NotAWorkbook(e.to_string()))
}

/// Expands every part into nothing, counting, and refuses past the limits.
fn check_archive(bytes: &[u8], limits: Limits) -> Result<(), XlsxRefusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| XlsxRefusal::NotAWorkbook(e.to_string()))?;
    if archive.len() > limits.entries {
        return Err(XlsxRefusal::TooManyParts(limits.entries));
    }
    let too_large = XlsxRefusal::TooLarge(limits.expanded_bytes / (1024 * 1024));
    let mut expanded = 0u64;
    for i in 0..archive.len() {
        let part = archive
            .by_index(i)
            .map_err(|e| XlsxRefusal::NotAWorkbook(e.to_string()))?;
        let left = limits.expanded_bytes.saturating_sub(expanded);
        // One byte more than is left tells a part that goes past the limit.
        let read = io::copy(&mut part.take(left + 1), &mut io::sink())
            .map_err(|e| XlsxRefusal::NotAWorkbook(e.to_string()))?;
        if read > left {
            return Err(too_large);
        }
        expanded += read;
    }
    Ok(())
}

/// The non-empty rows of a sheet, as a spreadsheet numbers them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetRows {
    /// The first column holding a value anywhere in the sheet (0 for A).
    pub start_column: u32,
    /// Each non-empty row: its number (1-based) and its cells from `start_column`, all rows
    /// as wide as the widest.
    pub rows: Vec<(usize, Vec<Data>)>,
}

/// Reads the sheet `name` cell by cell within `limits`.
pub fn read_sheet(
    workbook: &mut Workbook<'_>,
    name: &str,
    limits: Limits,
) -> Result<SheetRows, XlsxRefusal> {
    let unreadable = |e: calamine::XlsxError| XlsxRefusal::UnreadableSheet(e.to_string());
    let mut reader = workbook.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut by_row: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    let mut kept = 0usize;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        if column >= limits.columns {
            return Err(XlsxRefusal::TooManyColumns(limits.columns));
        }
        kept += 1;
        if kept > limits.cells {
            return Err(XlsxRefusal::TooManyCells(limits.cells));
        }
        by_row.entry(row).or_default().push((column, value));
    }
    // The columns the kept cells span, in one pass over them.
    let (start_column, end_column) = by_row
        .values()
        .flatten()
        .map(|(c, _)| *c)
        .fold(None, |span, c| match span {
            None => Some((c, c)),
            Some((lo, hi)) => Some((c.min(lo), c.max(hi))),
        })
        .unwrap_or((0, 0));
    let width = (end_column - start_column + 1) as usize;
    if width.saturating_mul(by_row.len()) > limits.cells {
        return Err(XlsxRefusal::TooManyCells(limits.cells));
    }
    let rows = by_row
        .into_iter()
        .map(|(row, cells)| {
            let mut dense = vec![Data::Empty; width];
            for (column, value) in cells {
                dense[(column - start_column) as usize] = value;
            }
            (row as usize + 1, dense)
        })
        .collect();
    Ok(SheetRows { start_column, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook as Writer;
    use std::io::Write;

    fn workbook(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut w = Writer::new();
        fill(w.add_worksheet().set_name("Feuille").expect("name"));
        w.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn a_sheet_reads_as_its_non_empty_rows() {
        let bytes = workbook(|s| {
            s.write_string(1, 2, "Ville").expect("cell");
            s.write_string(1, 3, "Montant").expect("cell");
            s.write_string(4, 2, "Lyon").expect("cell");
            s.write_number(4, 4, 12.5).expect("cell");
        });
        let mut wb = open(&bytes, LIMITS).expect("opens");
        let sheet = read_sheet(&mut wb, "Feuille", LIMITS).expect("reads");
        assert_eq!(sheet.start_column, 2);
        assert_eq!(
            sheet.rows,
            vec![
                (
                    2,
                    vec![Data::String("Ville".into()), "Montant".into(), Data::Empty]
                ),
                (5, vec!["Lyon".into(), Data::Empty, Data::Float(12.5)]),
            ]
        );
    }

    #[test]
    fn cells_far_apart_are_read_without_the_grid_between() {
        let bytes = workbook(|s| {
            s.write_string(0, 0, "a").expect("cell");
            s.write_string(1_048_575, 900, "z").expect("cell");
        });
        let mut wb = open(&bytes, LIMITS).expect("opens");
        // Two rows of 901 cells, not a million rows.
        let sheet = read_sheet(&mut wb, "Feuille", LIMITS).expect("reads");
        let shape: Vec<(usize, usize)> = sheet.rows.iter().map(|(n, c)| (*n, c.len())).collect();
        assert_eq!(shape, [(1, 901), (1_048_576, 901)]);
    }

    #[test]
    fn sheets_past_the_limits_are_refused() {
        let bytes = workbook(|s| {
            for row in 0..20 {
                s.write_number(row, 0, 1.0).expect("cell");
                s.write_number(row, 10, 2.0).expect("cell");
            }
        });
        let mut wb = open(&bytes, LIMITS).expect("opens");
        let limits = Limits {
            cells: 100,
            ..LIMITS
        };
        // 40 values, but 20 rows of 11 cells once laid out.
        assert_eq!(
            read_sheet(&mut wb, "Feuille", limits),
            Err(XlsxRefusal::TooManyCells(100))
        );
        let bytes = workbook(|s| {
            s.write_string(0, 16_000, "far right").expect("cell");
        });
        let mut wb = open(&bytes, LIMITS).expect("opens");
        assert_eq!(
            read_sheet(&mut wb, "Feuille", LIMITS),
            Err(XlsxRefusal::TooManyColumns(1_000))
        );
    }

    /// A zip whose one part expands from a few kilobytes to `size` bytes of zeros.
    fn bomb(size: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("part");
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..size / zeros.len() {
            zip.write_all(&zeros).expect("write");
        }
        zip.finish().expect("zip");
        out.into_inner()
    }

    #[test]
    fn an_archive_that_expands_too_far_is_refused() {
        let bytes = bomb(8 * 1024 * 1024);
        assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
        let limits = Limits {
            expanded_bytes: 4 * 1024 * 1024,
            ..LIMITS
        };
        assert_eq!(open(&bytes, limits).err(), Some(XlsxRefusal::TooLarge(4)));
        // Within the limit, the same archive is looked at by calamine, which finds no workbook.
        assert!(matches!(
            open(&bytes, LIMITS).err(),
            Some(XlsxRefusal::NotAWorkbook(_))
        ));
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_not_a_workbook() {
        assert!(matches!(
            open(b"hello", LIMITS).err(),
            Some(XlsxRefusal::NotAWorkbook(_))
        ));
    }
}
