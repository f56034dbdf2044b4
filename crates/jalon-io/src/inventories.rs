//! The research and teaching inventories from files: research projects and courses from
//! CSV/XLSX tables (French or English headers), publications from HAL exports (CSV or JSON,
//! with HAL's field names) and BibTeX. Each record is checked; a bad record is reported with
//! its place (row, line and key, or document number and HAL id) and the caller decides to
//! refuse the file or to keep the valid records — never a half-read record.

use std::collections::HashMap;

use jalon_core::Lang;
use jalon_core::number::parse_number;
use jalon_i18n::Tr;
use serde_json::Value;

use crate::bibtex::parse_bibtex;
use crate::problem::{Problem, header_name};
use crate::table::{RawTable, decode_text, read_table};

/// Records read from a file, and the records that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    /// One or more problems per rejected record, located.
    pub problems: Vec<Problem>,
    /// Records rejected.
    pub rejected: usize,
}

/// A research project.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRecord {
    pub row: usize,
    pub reference: Option<String>,
    pub acronym: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub lab: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub partners: Option<String>,
    pub funding: Option<String>,
}

/// A publication.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicationRecord {
    /// Where it was in the file, as people read it (`ligne 12`, `document 3`, `@article{key}`).
    pub position: String,
    pub hal_id: Option<String>,
    pub doi: Option<String>,
    pub title: String,
    pub abstract_text: Option<String>,
    pub keywords: Vec<String>,
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub lab: Option<String>,
    pub doc_type: Option<String>,
    pub venue: Option<String>,
}

/// A course of a programme.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRecord {
    pub row: usize,
    pub programme: String,
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub ects: Option<f64>,
    pub hours: Option<f64>,
    /// `Some(true)` mandatory, `Some(false)` elective.
    pub mandatory: Option<bool>,
}

/// Publication file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicationFormat {
    HalCsv,
    HalJson,
    Bibtex,
}

impl PublicationFormat {
    /// Guesses the format from the name, then the content.
    pub fn detect(bytes: &[u8], file_name: &str) -> PublicationFormat {
        let name = file_name.to_ascii_lowercase();
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
        let head = start.trim_start_matches('\u{feff}').trim_start();
        if name.ends_with(".bib") || head.starts_with('@') || head.starts_with('%') {
            PublicationFormat::Bibtex
        } else if name.ends_with(".json") || head.starts_with('{') || head.starts_with('[') {
            PublicationFormat::HalJson
        } else {
            PublicationFormat::HalCsv
        }
    }

    /// Parses `hal-csv`, `hal-json`, `bibtex`.
    pub fn parse(s: &str) -> Option<PublicationFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hal-csv" | "csv" => Some(PublicationFormat::HalCsv),
            "hal-json" | "json" => Some(PublicationFormat::HalJson),
            "bibtex" | "bib" => Some(PublicationFormat::Bibtex),
            _ => None,
        }
    }
}

/// Columns of the projects table: (key, headers accepted, required).
pub const PROJECT_COLUMNS: &[(&str, &[&str], bool)] = &[
    (
        "reference",
        &["Référence", "Reference", "Code", "Id"],
        false,
    ),
    ("acronym", &["Acronyme", "Acronym"], false),
    ("title", &["Titre", "Title", "Intitulé"], true),
    (
        "summary",
        &["Résumé", "Summary", "Description", "Abstract"],
        false,
    ),
    ("lab", &["Laboratoire", "Lab", "Unité", "Unit"], false),
    (
        "start",
        &["Début", "Start", "Année de début", "Start year"],
        false,
    ),
    ("end", &["Fin", "End", "Année de fin", "End year"], false),
    ("partners", &["Partenaires", "Partners"], false),
    (
        "funding",
        &["Financement", "Funding", "Financeur", "Funder"],
        false,
    ),
];

/// Columns of the courses table.
pub const COURSE_COLUMNS: &[(&str, &[&str], bool)] = &[
    (
        "programme",
        &["Formation", "Programme", "Program", "Diplôme"],
        true,
    ),
    ("code", &["Code", "Code du cours", "Course code"], false),
    (
        "title",
        &["Cours", "Course", "Enseignement", "Intitulé", "Title"],
        true,
    ),
    (
        "description",
        &["Description", "Contenu", "Content", "Résumé"],
        false,
    ),
    ("ects", &["ECTS", "Crédits", "Credits"], false),
    ("hours", &["Heures", "Hours", "Volume horaire"], false),
    (
        "mandatory",
        &["Obligatoire", "Mandatory", "Nature", "Type"],
        false,
    ),
];

fn columns(
    table: &RawTable,
    spec: &[(&'static str, &[&str], bool)],
    file_name: &str,
    lang: Lang,
) -> Result<HashMap<&'static str, usize>, Vec<Problem>> {
    let mut idx = HashMap::new();
    let mut missing = Vec::new();
    for (key, names, required) in spec {
        match table.column(names) {
            Some(i) => {
                idx.insert(*key, i);
            }
            None if *required => missing.push(Problem {
                file: file_name.to_string(),
                sheet: table.sheet.clone(),
                row: Some(1),
                column: None,
                element: None,
                message: Tr::new(lang).t1(
                    "import-column-missing",
                    "column",
                    header_name(names, lang),
                ),
                lang,
            }),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(idx)
    } else {
        Err(missing)
    }
}

/// A year from `2021`, `2021-09-01` or `01/09/2021`.
fn year_of(s: &str) -> Option<i32> {
    let s = s.trim();
    let y: i32 = if s.len() == 4 {
        s.parse().ok()?
    } else if let Some(y) = s.get(..4).filter(|_| s.as_bytes().get(4) == Some(&b'-')) {
        y.parse().ok()?
    } else {
        s.rsplit('/').next()?.parse().ok()?
    };
    (1900..=2100).contains(&y).then_some(y)
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Reads research projects from a CSV or XLSX table.
pub fn read_projects(
    bytes: &[u8],
    file_name: &str,
    lang: Lang,
) -> Result<Parsed<ProjectRecord>, Vec<Problem>> {
    let table = read_table(bytes, file_name, lang)?;
    let idx = columns(&table, PROJECT_COLUMNS, file_name, lang)?;
    let tr = Tr::new(lang);
    let mut out = Parsed {
        records: Vec::new(),
        problems: Vec::new(),
        rejected: 0,
    };
    for (row, cells) in &table.rows {
        let cell = |k: &str| {
            idx.get(k)
                .and_then(|i| cells.get(*i))
                .map(|s| s.trim())
                .unwrap_or_default()
        };
        let col = |k: &str| idx.get(k).map(|i| table.header[*i].clone());
        let mut problems = Vec::new();
        let mut bad = |k: &str, message: String| {
            problems.push(Problem {
                file: file_name.to_string(),
                sheet: table.sheet.clone(),
                row: Some(*row),
                column: col(k),
                element: None,
                message,
                lang,
            })
        };
        let title = cell("title").to_string();
        if title.is_empty() {
            bad("title", tr.t("import-title-missing"));
        }
        let mut year = |k: &str| match cell(k) {
            "" => None,
            v => {
                let y = year_of(v);
                if y.is_none() {
                    bad(k, tr.t1("import-not-a-year-formats", "value", v));
                }
                y
            }
        };
        let start_year = year("start");
        let end_year = year("end");
        if let (Some(s), Some(e)) = (start_year, end_year)
            && e < s
        {
            bad(
                "end",
                tr.args(
                    "import-end-before-start",
                    &[("end", &e.to_string()), ("start", &s.to_string())],
                ),
            );
        }
        if problems.is_empty() {
            out.records.push(ProjectRecord {
                row: *row,
                reference: opt(cell("reference")),
                acronym: opt(cell("acronym")),
                title,
                summary: opt(cell("summary")),
                lab: opt(cell("lab")),
                start_year,
                end_year,
                partners: opt(cell("partners")),
                funding: opt(cell("funding")),
            });
        } else {
            out.rejected += 1;
            out.problems.extend(problems);
        }
    }
    Ok(out)
}

/// Reads programmes' courses from a CSV or XLSX table.
pub fn read_courses(
    bytes: &[u8],
    file_name: &str,
    lang: Lang,
) -> Result<Parsed<CourseRecord>, Vec<Problem>> {
    let table = read_table(bytes, file_name, lang)?;
    let idx = columns(&table, COURSE_COLUMNS, file_name, lang)?;
    let tr = Tr::new(lang);
    let mut out = Parsed {
        records: Vec::new(),
        problems: Vec::new(),
        rejected: 0,
    };
    for (row, cells) in &table.rows {
        let cell = |k: &str| {
            idx.get(k)
                .and_then(|i| cells.get(*i))
                .map(|s| s.trim())
                .unwrap_or_default()
        };
        let col = |k: &str| idx.get(k).map(|i| table.header[*i].clone());
        let mut problems = Vec::new();
        let mut bad = |k: &str, message: String| {
            problems.push(Problem {
                file: file_name.to_string(),
                sheet: table.sheet.clone(),
                row: Some(*row),
                column: col(k),
                element: None,
                message,
                lang,
            })
        };
        for (k, key) in [
            ("programme", "import-programme-missing"),
            ("title", "import-course-title-missing"),
        ] {
            if cell(k).is_empty() {
                bad(k, tr.t(key));
            }
        }
        let mut number = |k: &str| match cell(k) {
            "" => None,
            v => match parse_number(v) {
                Ok(n) if (0.0..=10_000.0).contains(&n) => Some(n),
                _ => {
                    bad(k, tr.t1("import-not-a-positive-number", "value", v));
                    None
                }
            },
        };
        let ects = number("ects");
        let hours = number("hours");
        let mandatory = match crate::schema::fold_key(cell("mandatory")).as_str() {
            "" => None,
            "oui" | "yes" | "obligatoire" | "mandatory" | "compulsory" | "tronc commun"
            | "core" | "1" | "true" | "vrai" => Some(true),
            "non" | "no" | "optionnel" | "option" | "electif" | "elective" | "optional"
            | "au choix" | "0" | "false" | "faux" => Some(false),
            v => {
                bad(
                    "mandatory",
                    tr.t1("import-not-mandatory-or-elective", "value", v),
                );
                None
            }
        };
        if problems.is_empty() {
            out.records.push(CourseRecord {
                row: *row,
                programme: cell("programme").to_string(),
                code: opt(cell("code")),
                title: cell("title").to_string(),
                description: opt(cell("description")),
                ects,
                hours,
                mandatory,
            });
        } else {
            out.rejected += 1;
            out.problems.extend(problems);
        }
    }
    Ok(out)
}

/// Splits a HAL multi-valued cell (`;`, `,` between values in CSV exports, or a JSON array).
fn values_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) => opt(s),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => opt(s).into_iter().collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// The values of a field of a record, by field name (HAL or BibTeX), whatever the source.
type FieldValues<'a> = Box<dyn Fn(&str) -> Vec<String> + 'a>;

/// The fields of a publication, whatever the source, then checked.
struct RawPublication<'a> {
    position: String,
    row: Option<usize>,
    element: Option<String>,
    get: FieldValues<'a>,
}

fn publication_of(
    raw: RawPublication<'_>,
    file_name: &str,
    lang: Lang,
) -> Result<PublicationRecord, Vec<Problem>> {
    let get = &raw.get;
    let first = |names: &[&str]| names.iter().find_map(|n| get(n).into_iter().next());
    let tr = Tr::new(lang);
    let mut problems = Vec::new();
    let problem = |column: &str, message: String| Problem {
        file: file_name.to_string(),
        sheet: None,
        row: raw.row,
        column: Some(column.to_string()),
        element: raw.element.clone(),
        message,
        lang,
    };
    let title = first(&["title_s", "title", "en_title_s", "fr_title_s"]).unwrap_or_default();
    if title.is_empty() {
        problems.push(problem("title_s", tr.t("import-title-missing")));
    }
    let year = match first(&[
        "producedDateY_i",
        "year",
        "publicationDateY_i",
        "producedDate_s",
        "date",
    ]) {
        None => None,
        Some(v) => match year_of(&v) {
            Some(y) => Some(y),
            None => {
                problems.push(problem(
                    "producedDateY_i",
                    tr.t1("import-not-a-year", "value", &v),
                ));
                None
            }
        },
    };
    let doi = first(&["doiId_s", "doi"]).map(|d| {
        d.trim()
            .trim_start_matches("https://doi.org/")
            .trim_start_matches("doi:")
            .to_string()
    });
    if let Some(d) = &doi
        && !d.starts_with("10.")
    {
        problems.push(problem("doiId_s", tr.t1("import-not-a-doi", "value", d)));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let split_list = |v: Vec<String>, bibtex_and: bool| -> Vec<String> {
        v.into_iter()
            .flat_map(|s| {
                let parts: Vec<String> = if bibtex_and {
                    s.split(" and ").map(str::to_string).collect()
                } else {
                    s.split([';', ',']).map(str::to_string).collect()
                };
                parts
            })
            .filter_map(|s| opt(&s))
            .collect()
    };
    let authors_raw = get("authFullName_s");
    let authors = if authors_raw.is_empty() {
        let bib = get("author");
        split_list(bib, true)
            .into_iter()
            .map(|a| match a.split_once(", ") {
                Some((last, first)) => format!("{first} {last}"),
                None => a,
            })
            .collect()
    } else if authors_raw.len() == 1 {
        split_list(authors_raw, false)
    } else {
        authors_raw
    };
    let keywords_raw = {
        let k = get("keyword_s");
        if k.is_empty() { get("keywords") } else { k }
    };
    let keywords = if keywords_raw.len() == 1 {
        split_list(keywords_raw, false)
    } else {
        keywords_raw
    };
    Ok(PublicationRecord {
        position: raw.position.clone(),
        hal_id: first(&["halId_s", "hal_id"]),
        doi,
        title,
        abstract_text: first(&["abstract_s", "abstract", "en_abstract_s", "fr_abstract_s"]),
        keywords,
        authors,
        year,
        lab: first(&["labStructAcronym_s", "lab"]),
        doc_type: first(&["docType_s"]),
        venue: first(&[
            "journalTitle_s",
            "conferenceTitle_s",
            "journal",
            "booktitle",
        ]),
    })
}

/// Reads publications from a HAL CSV or JSON export or a BibTeX file.
pub fn read_publications(
    bytes: &[u8],
    file_name: &str,
    format: PublicationFormat,
    lang: Lang,
) -> Result<Parsed<PublicationRecord>, Vec<Problem>> {
    let tr = Tr::new(lang);
    let mut out = Parsed {
        records: Vec::new(),
        problems: Vec::new(),
        rejected: 0,
    };
    let mut push = |r: Result<PublicationRecord, Vec<Problem>>| match r {
        Ok(p) => out.records.push(p),
        Err(ps) => {
            out.rejected += 1;
            out.problems.extend(ps);
        }
    };
    match format {
        PublicationFormat::HalCsv => {
            let table = read_table(bytes, file_name, lang)?;
            if table.column(&["title_s", "title"]).is_none() {
                return Err(vec![Problem {
                    file: file_name.to_string(),
                    sheet: table.sheet.clone(),
                    row: Some(1),
                    column: None,
                    element: None,
                    message: tr.t("import-hal-csv-title-missing"),
                    lang,
                }]);
            }
            let header = table.header.clone();
            for (row, cells) in &table.rows {
                let cells = cells.clone();
                let header = header.clone();
                let get = move |name: &str| -> Vec<String> {
                    header
                        .iter()
                        .position(|h| h == name)
                        .and_then(|i| cells.get(i))
                        .and_then(|s| opt(s))
                        .into_iter()
                        .collect()
                };
                push(publication_of(
                    RawPublication {
                        position: tr.t1("import-where-row", "row", &row.to_string()),
                        row: Some(*row),
                        element: None,
                        get: Box::new(get),
                    },
                    file_name,
                    lang,
                ));
            }
        }
        PublicationFormat::HalJson => {
            let text = decode_text(bytes);
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                vec![Problem {
                    file: file_name.to_string(),
                    sheet: None,
                    row: Some(e.line()),
                    column: None,
                    element: None,
                    message: tr.t1("import-unreadable-json", "error", &e.to_string()),
                    lang,
                }]
            })?;
            let docs = value
                .pointer("/response/docs")
                .or_else(|| value.get("docs"))
                .unwrap_or(&value);
            let Some(docs) = docs.as_array() else {
                return Err(vec![Problem::file(
                    file_name,
                    lang,
                    tr.t("import-hal-json-no-docs"),
                )]);
            };
            for (i, doc) in docs.iter().enumerate() {
                let n = i + 1;
                let id = doc
                    .get("halId_s")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let number = n.to_string();
                let element = Some(match &id {
                    Some(h) => tr.args(
                        "import-where-document-id",
                        &[("number", &number), ("id", h)],
                    ),
                    None => tr.t1("import-where-document", "number", &number),
                });
                let Some(obj) = doc.as_object() else {
                    push(Err(vec![Problem {
                        file: file_name.to_string(),
                        sheet: None,
                        row: None,
                        column: None,
                        element,
                        message: tr.t("import-not-a-json-object"),
                        lang,
                    }]));
                    continue;
                };
                let obj = obj.clone();
                push(publication_of(
                    RawPublication {
                        position: element.clone().unwrap_or_default(),
                        row: None,
                        element,
                        get: Box::new(move |name| values_of(obj.get(name))),
                    },
                    file_name,
                    lang,
                ));
            }
        }
        PublicationFormat::Bibtex => {
            let text = decode_text(bytes);
            let (entries, errors) = parse_bibtex(&text);
            if entries.is_empty() && errors.is_empty() {
                return Err(vec![Problem::file(
                    file_name,
                    lang,
                    tr.t("import-no-bibtex-entry"),
                )]);
            }
            for e in errors {
                push(Err(vec![Problem {
                    file: file_name.to_string(),
                    sheet: None,
                    row: Some(e.line),
                    column: None,
                    element: e.key.map(|k| format!("@{k}")),
                    message: e.message,
                    lang,
                }]));
            }
            for entry in entries {
                let e = entry.clone();
                push(publication_of(
                    RawPublication {
                        position: tr.args(
                            "import-where-bibtex",
                            &[("line", &e.line.to_string()), ("key", &e.key)],
                        ),
                        row: Some(e.line),
                        element: Some(format!("@{}", e.key)),
                        get: Box::new(move |name| {
                            e.field(name).and_then(opt).into_iter().collect()
                        }),
                    },
                    file_name,
                    lang,
                ));
            }
        }
    }
    if out.records.is_empty() && out.problems.is_empty() {
        return Err(vec![Problem::file(
            file_name,
            lang,
            tr.t("import-no-publication"),
        )]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hal_json_with_arrays_and_a_bad_document() {
        let json = r#"{"response":{"numFound":3,"docs":[
          {"halId_s":"hal-01","title_s":["Eau potable et assainissement"],"abstract_s":["Accès à l'eau"],"keyword_s":["eau","assainissement"],"authFullName_s":["Marie Dupont","Paul Martin"],"producedDateY_i":2022,"doiId_s":"10.1000/abc","labStructAcronym_s":["HSM"],"docType_s":"ART"},
          {"halId_s":"hal-02","producedDateY_i":2023},
          {"halId_s":"hal-03","title_s":"Énergie","producedDateY_i":"vingt"}
        ]}}"#;
        let p = read_publications(
            json.as_bytes(),
            "hal.json",
            PublicationFormat::HalJson,
            Lang::En,
        )
        .expect("read");
        assert_eq!(p.records.len(), 1);
        assert_eq!(p.rejected, 2);
        let r = &p.records[0];
        assert_eq!(r.title, "Eau potable et assainissement");
        assert_eq!(r.authors, vec!["Marie Dupont", "Paul Martin"]);
        assert_eq!(r.year, Some(2022));
        assert_eq!(r.lab.as_deref(), Some("HSM"));
        assert!(
            p.problems
                .iter()
                .any(|x| x.element.as_deref() == Some("document 2 (hal-02)"))
        );
        assert!(
            p.problems
                .iter()
                .any(|x| x.element.as_deref() == Some("document 3 (hal-03)")
                    && x.message.contains("vingt"))
        );
    }

    #[test]
    fn hal_csv_rows_are_located() {
        let csv = "halId_s,title_s,abstract_s,authFullName_s,producedDateY_i,doiId_s\nhal-1,Titre,Résumé,\"A, B\",2021,10.1/x\nhal-2,,x,,2021,\nhal-3,Titre 3,,,2021,not-a-doi\n";
        let p = read_publications(
            csv.as_bytes(),
            "hal.csv",
            PublicationFormat::HalCsv,
            Lang::Fr,
        )
        .expect("read");
        assert_eq!(p.records.len(), 1);
        assert_eq!(p.records[0].authors, vec!["A", "B"]);
        let rows: Vec<Option<usize>> = p.problems.iter().map(|x| x.row).collect();
        assert!(
            rows.contains(&Some(3)) && rows.contains(&Some(4)),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn projects_and_courses_tables() {
        let csv = "Acronyme;Titre;Résumé;Laboratoire;Début;Fin\nEAU;Eau et villes;Gestion de l'eau;HSM;2021;2024\n;;x;HSM;2021;2022\nX;Y;Z;HSM;2024;2021\n";
        let p = read_projects(csv.as_bytes(), "p.csv", Lang::Fr).expect("read");
        assert_eq!(p.records.len(), 1);
        assert_eq!(p.rejected, 2);
        assert_eq!(p.records[0].start_year, Some(2021));
        let csv = "Formation;Cours;Description;ECTS;Obligatoire\nIngénieur;Énergie;Transition;3;oui\nIngénieur;Maths;;deux;non\n";
        let c = read_courses(csv.as_bytes(), "c.csv", Lang::En).expect("read");
        assert_eq!(c.records.len(), 1);
        assert_eq!(c.records[0].mandatory, Some(true));
        assert_eq!(c.problems[0].row, Some(3));
        assert!(
            read_courses(b"Cours\nx\n", "c.csv", Lang::En).is_err(),
            "programme column required"
        );
    }

    #[test]
    fn formats_are_detected() {
        assert_eq!(
            PublicationFormat::detect(b"@article{x,", "a.txt"),
            PublicationFormat::Bibtex
        );
        assert_eq!(
            PublicationFormat::detect(b"{\"response\":", "a"),
            PublicationFormat::HalJson
        );
        assert_eq!(
            PublicationFormat::detect(b"halId_s,title_s", "a.csv"),
            PublicationFormat::HalCsv
        );
    }
}
