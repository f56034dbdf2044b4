//! A located problem in an imported file: which file, sheet, row and column, and what is
//! expected there. The words, in French or English, are the catalogue's (`jalon-i18n`,
//! `imports.ftl`, keys `import-…`).

use std::fmt;

use jalon_core::Lang;
use jalon_i18n::Tr;
use serde::Serialize;

/// One problem found while reading a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// File name as given by the user.
    pub file: String,
    /// Sheet (XLSX) or record type (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Row (1-based, as a spreadsheet shows it) or line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column letter and header, e.g. `F (Début)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Element code when the problem is about an element (YAML/JSON), e.g. `C2.O4.A1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    pub message: String,
    #[serde(skip)]
    pub lang: Lang,
}

impl Problem {
    /// A problem about the whole file.
    pub fn file(file: &str, lang: Lang, message: String) -> Self {
        Problem {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
            element: None,
            message,
            lang,
        }
    }

    /// Where the problem is, as one phrase.
    pub fn location(&self) -> String {
        let tr = Tr::new(self.lang);
        let mut parts = vec![self.file.clone()];
        if let Some(s) = &self.sheet {
            parts.push(tr.t1("import-where-sheet", "sheet", s));
        }
        if let Some(r) = self.row {
            parts.push(tr.t1("import-where-row", "row", &r.to_string()));
        }
        if let Some(c) = &self.column {
            parts.push(tr.t1("import-where-column", "column", c));
        }
        if let Some(e) = &self.element {
            parts.push(e.clone());
        }
        parts.join(", ")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// The header that names a column in `lang`, from the headers it accepts (French first, then
/// English).
pub(crate) fn header_name<'a>(names: &[&'a str], lang: Lang) -> &'a str {
    let i = match lang {
        Lang::Fr => 0,
        Lang::En => 1,
    };
    names.get(i).or(names.first()).copied().unwrap_or_default()
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn display() {
        let p = Problem {
            file: "plan.xlsx".into(),
            sheet: Some("Actions".into()),
            row: Some(12),
            column: Some("J (Fin)".into()),
            element: None,
            message: "« 32/13/2024 » n'est pas une date".into(),
            lang: Lang::Fr,
        };
        assert_eq!(
            p.to_string(),
            "plan.xlsx, feuille Actions, ligne 12, colonne J (Fin): « 32/13/2024 » n'est pas une date"
        );
        let en = Problem {
            lang: Lang::En,
            element: Some("C1.O2".into()),
            ..p
        };
        assert_eq!(
            en.location(),
            "plan.xlsx, sheet Actions, row 12, column J (Fin), C1.O2"
        );
    }
}
