//! Cells written to CSV files are protected against formula injection: a spreadsheet opening
//! an export must not run `=HYPERLINK(…)` or `=1+1` typed into a title. Following OWASP's
//! rule, text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with
//! a leading `'`, which spreadsheets show as text; numbers (`-5`, `+3,5`) are left as they are.
//! Jalon's CSV readers remove that `'` again, so an export imports back unchanged.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn is_number(cell: &str) -> bool {
    let t = cell.trim().replace(',', ".");
    !t.is_empty() && t.parse::<f64>().is_ok_and(f64::is_finite)
}

/// True when a spreadsheet would read `cell` as a formula, or when it already starts with
/// quotes before such text (so that a quote a person typed survives the round trip).
fn needs_quote(cell: &str) -> bool {
    match cell.chars().next() {
        Some('\'') => needs_quote(&cell[1..]),
        Some(c) if TRIGGERS.contains(&c) => !is_number(cell),
        _ => false,
    }
}

/// The cell as written to a CSV file: prefixed with `'` when a spreadsheet would read it as
/// a formula.
pub fn protect(cell: &str) -> Cow<'_, str> {
    if needs_quote(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as read from a CSV file: the `'` that [`protect`] added is removed.
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// A cell ready for a CSV writer (`csv::Writer::write_record` takes any `AsRef<[u8]>`).
#[derive(Debug)]
pub struct Protected<'a>(Cow<'a, str>);

impl AsRef<[u8]> for Protected<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// `cell` protected for a CSV writer: `w.write_record(["=1+1", "ok"].map(csv_cell::cell))`.
pub fn cell(cell: &str) -> Protected<'_> {
    Protected(protect(cell))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, written) in [
            ("=1+1", "'=1+1"),
            (
                "=HYPERLINK(\"http://x\";\"clic\")",
                "'=HYPERLINK(\"http://x\";\"clic\")",
            ),
            ("+33 1 23", "'+33 1 23"),
            ("-moins", "'-moins"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-5", "-5"),
            ("+3,5", "+3,5"),
            ("-1.25e3", "-1.25e3"),
            ("Réduire de 20 %", "Réduire de 20 %"),
            ("", ""),
        ] {
            assert_eq!(protect(cell), written, "{cell:?}");
            assert_eq!(unprotect(&protect(cell)), cell, "{cell:?}");
        }
        // A quote typed by a person stays, before ordinary text or before a formula.
        assert_eq!(unprotect("'Tis"), "'Tis");
        assert_eq!(protect("'=x"), "''=x");
        assert_eq!(unprotect(&protect("'=x")), "'=x");
    }

    proptest! {
        #[test]
        fn every_cell_reads_back(cell in ".{0,12}") {
            let written = protect(&cell);
            prop_assert_eq!(unprotect(&written), cell.as_str());
        }
    }
}
