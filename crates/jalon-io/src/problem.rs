//! A located problem in an imported file: which file, sheet, row and column, and what is
//! expected there. Messages are written in French or English.

use std::fmt;

use jalon_core::Lang;
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
        let fr = self.lang == Lang::Fr;
        let mut parts = vec![self.file.clone()];
        if let Some(s) = &self.sheet {
            parts.push(if fr {
                format!("feuille {s}")
            } else {
                format!("sheet {s}")
            });
        }
        if let Some(r) = self.row {
            parts.push(if fr {
                format!("ligne {r}")
            } else {
                format!("row {r}")
            });
        }
        if let Some(c) = &self.column {
            parts.push(if fr {
                format!("colonne {c}")
            } else {
                format!("column {c}")
            });
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

/// Picks the message in the problem's language.
pub(crate) fn tr(lang: Lang, fr: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Fr => fr.into(),
        Lang::En => en.into(),
    }
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
    }
}
