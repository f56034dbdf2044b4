//! File formats of Jalon: plans in and out as XLSX, CSV, YAML and JSON.
//!
//! Reading never half-succeeds: a file is either turned into a complete
//! [`jalon_core::PlanDocument`] or refused with every problem located at file, sheet, row and
//! column (or element code for YAML/JSON), in French or English: the words are the catalogue's
//! (`import-…` keys of `jalon-i18n`). Writing produces files that read back to the same plan.
//! The spreadsheet layout is defined once in [`schema`].

pub mod activities;
pub mod bibtex;
pub mod csv_cell;
pub mod inventories;
pub mod problem;
pub mod schema;
pub mod table;
pub mod tabular;
pub mod workbook;
pub mod xlsx;

use jalon_core::check::{check_plan, is_blocking};
use jalon_core::{Lang, PlanDocument};

pub use problem::Problem;
pub use tabular::SourceMap;

/// A plan file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xlsx,
    Csv,
    Yaml,
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Xlsx, Format::Csv, Format::Yaml, Format::Json];

    /// `xlsx`, `csv`, `yaml` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }

    /// Parses a format name (`yml` is YAML).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The format a file name's extension says, if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        name.rsplit_once('.')
            .and_then(|(_, ext)| Format::parse(ext))
    }

    /// Guesses the format from the content: ZIP magic is XLSX, `{` is JSON, a YAML key is YAML.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"PK\x03\x04") {
            return Some(Format::Xlsx);
        }
        let text = std::str::from_utf8(bytes.get(..bytes.len().min(4096))?).ok()?;
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('{') {
            return Some(Format::Json);
        }
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))?;
        if first.starts_with("format:") || first.starts_with("institution:") || first == "---" {
            return Some(Format::Yaml);
        }
        if first.contains(';') || first.contains(',') || first.contains('\t') {
            return Some(Format::Csv);
        }
        None
    }

    /// MIME type for downloads.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Yaml => "application/yaml; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// A plan read from a file, with where each element came from.
#[derive(Debug, Clone)]
pub struct ReadPlan {
    pub doc: PlanDocument,
    pub format: Format,
    pub sources: SourceMap,
}

/// Reads a plan file. The format comes from `format`, else the file name, else the content.
///
/// On success the plan is structurally sound: every reference resolves, codes are unique and
/// values parse (the plan check may still have warnings). On failure every problem found is
/// returned, located.
pub fn read_plan(
    bytes: &[u8],
    file_name: &str,
    format: Option<Format>,
    lang: Lang,
) -> Result<ReadPlan, Vec<Problem>> {
    let format = format
        .or_else(|| Format::from_file_name(file_name))
        .or_else(|| Format::sniff(bytes))
        .ok_or_else(|| {
            vec![Problem::file(
                file_name,
                lang,
                jalon_i18n::Tr::new(lang).t("import-unknown-format"),
            )]
        })?;
    let (doc, sources) = match format {
        Format::Xlsx => {
            let tables = tabular::read_xlsx(bytes, file_name, lang)?;
            tabular::build_plan(&tables, file_name, lang)?
        }
        Format::Csv => {
            let tables = tabular::read_csv(bytes, file_name, lang)?;
            tabular::build_plan(&tables, file_name, lang)?
        }
        Format::Yaml => (read_yaml(bytes, file_name, lang)?, SourceMap::new()),
        Format::Json => (read_json(bytes, file_name, lang)?, SourceMap::new()),
    };
    // Structural rules that the readers above do not all enforce (YAML/JSON).
    let tr = jalon_i18n::Tr::new(lang);
    let problems: Vec<Problem> = check_plan(&doc)
        .into_iter()
        .filter(|f| is_blocking(f.code))
        .map(|f| {
            let (sheet, row) = sources
                .get(&f.location)
                .map_or((None, None), |(s, r)| (Some(s.clone()), Some(*r)));
            Problem {
                file: file_name.to_string(),
                sheet,
                row,
                column: None,
                element: Some(f.location),
                message: tr.msg(&f.message),
                lang,
            }
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ReadPlan {
        doc,
        format,
        sources,
    })
}

fn read_yaml(bytes: &[u8], file: &str, lang: Lang) -> Result<PlanDocument, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![Problem::file(
            file,
            lang,
            jalon_i18n::Tr::new(lang).t1("import-not-utf8", "offset", &e.valid_up_to().to_string()),
        )]
    })?;
    serde_norway::from_str::<PlanDocument>(text).map_err(|e| {
        let mut p = Problem::file(file, lang, e.to_string());
        if let Some(loc) = e.location() {
            p.row = Some(loc.line());
            p.column = Some(loc.column().to_string());
        }
        vec![p]
    })
}

fn read_json(bytes: &[u8], file: &str, lang: Lang) -> Result<PlanDocument, Vec<Problem>> {
    serde_json::from_slice::<PlanDocument>(bytes).map_err(|e| {
        let mut p = Problem::file(file, lang, e.to_string());
        if e.line() > 0 {
            p.row = Some(e.line());
            p.column = Some(e.column().to_string());
        }
        vec![p]
    })
}

/// Error while writing a plan.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Xlsx(#[from] tabular::WriteError),
    #[error("cannot serialise the plan: {0}")]
    Serialise(String),
}

/// Writes a plan in `format`.
pub fn write_plan(doc: &PlanDocument, format: Format) -> Result<Vec<u8>, WriteError> {
    match format {
        Format::Xlsx => Ok(tabular::write_xlsx(Some(doc))?),
        Format::Csv => Ok(tabular::write_csv(Some(doc))),
        Format::Yaml => serde_norway::to_string(doc)
            .map(String::into_bytes)
            .map_err(|e| WriteError::Serialise(e.to_string())),
        Format::Json => {
            serde_json::to_vec_pretty(doc).map_err(|e| WriteError::Serialise(e.to_string()))
        }
    }
}

/// An empty template to fill in (XLSX with a read-me sheet, or a CSV header).
pub fn template(format: Format) -> Result<Vec<u8>, WriteError> {
    match format {
        Format::Xlsx => Ok(tabular::write_xlsx(None)?),
        Format::Csv => Ok(tabular::write_csv(None)),
        Format::Yaml | Format::Json => {
            let doc = PlanDocument {
                format: jalon_core::plan::FORMAT_VERSION.to_string(),
                ..Default::default()
            };
            write_plan(&doc, format)
        }
    }
}
