//! A report or a framework export as a file to hand over: which formats each one has, its
//! file name in each language, its media type and its bytes. The pages' download links and
//! the command line both ask for documents here, so a format or a name is decided once.

use jalon_core::Lang;
use jalon_io::workbook::Sheet;
use jalon_report::Report;

use crate::{Actor, App, AppError, AppResult, ErrorCode};

/// The documents Jalon produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The annual SDG report (THE Impact structure).
    Sdg,
    /// The steering committee's report.
    Steering,
    /// The carbon report.
    Carbon,
    /// The regulatory BEGES table.
    Beges,
    /// The THE Impact submission pack.
    ThePack,
    /// The CGE-CPU DD&RS self-assessment.
    Ddrs,
}

/// The form of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    /// One standalone HTML page.
    Page,
    Pdf,
    Xlsx,
    Csv,
}

impl DocumentFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Page => "html",
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Xlsx => "xlsx",
            DocumentFormat::Csv => "csv",
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentFormat::Page => "text/html; charset=utf-8",
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

impl ReportKind {
    /// The formats this document has.
    pub fn formats(self) -> &'static [DocumentFormat] {
        use DocumentFormat::*;
        match self {
            ReportKind::Sdg | ReportKind::Carbon => &[Page, Pdf],
            ReportKind::Steering => &[Page, Pdf, Xlsx],
            ReportKind::Beges => &[Xlsx],
            ReportKind::ThePack | ReportKind::Ddrs => &[Xlsx, Csv],
        }
    }

    /// The file name's stem in each language.
    fn stem(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportKind::Sdg, Lang::Fr) => "rapport-odd",
            (ReportKind::Sdg, Lang::En) => "sdg-report",
            (ReportKind::Steering, Lang::Fr) => "rapport-pilotage",
            (ReportKind::Steering, Lang::En) => "steering-report",
            (ReportKind::Carbon, Lang::Fr) => "rapport-carbone",
            (ReportKind::Carbon, Lang::En) => "carbon-report",
            (ReportKind::Beges, _) => "beges",
            (ReportKind::ThePack, Lang::Fr) => "the-impact-preuves",
            (ReportKind::ThePack, Lang::En) => "the-impact-pack",
            (ReportKind::Ddrs, Lang::Fr) => "autoevaluation-ddrs",
            (ReportKind::Ddrs, Lang::En) => "ddrs-self-assessment",
        }
    }
}

/// What is asked for.
#[derive(Debug, Clone)]
pub struct DocumentRequest {
    pub kind: ReportKind,
    pub format: DocumentFormat,
    pub year: i32,
    pub lang: Lang,
    /// Prefix of the links back to the application (`https://…`), empty for relative links.
    pub links: String,
    /// One SDG only (the THE pack as CSV).
    pub sdg: Option<u8>,
}

/// A document ready to hand over.
#[derive(Debug, Clone)]
pub struct Document {
    /// `rapport-pilotage-2024-fr.pdf`, `steering-report-2024-en.pdf`…
    pub file_name: String,
    pub format: DocumentFormat,
    pub bytes: Vec<u8>,
    /// Sheets and rows of a workbook or table, for a summary.
    pub sheets: usize,
    pub rows: usize,
}

enum Content {
    Report(Report),
    Sheets(Vec<Sheet>),
}

impl App {
    /// The document of `request`, or why it cannot be made (a format the document does not
    /// have, an SDG out of 1–17, a year out of range, no right to read).
    pub async fn report_document(
        &self,
        actor: &Actor,
        request: &DocumentRequest,
    ) -> AppResult<Document> {
        let DocumentRequest {
            kind,
            format,
            year,
            lang,
            ..
        } = *request;
        if !kind.formats().contains(&format) {
            return Err(AppError::invalid(
                "format",
                ErrorCode::InvalidFormat,
                format.extension(),
            ));
        }
        let links = request.links.trim_end_matches('/');
        let content = match kind {
            ReportKind::Sdg => Content::Report(self.sdg_report(actor, year, lang, links).await?),
            ReportKind::Steering => {
                let s = self.steering_report(actor, year, lang, links).await?;
                match format {
                    DocumentFormat::Xlsx => Content::Sheets(s.sheets),
                    _ => Content::Report(s.report),
                }
            }
            ReportKind::Carbon => Content::Report(self.carbon_report(actor, year, lang).await?),
            ReportKind::Beges => Content::Sheets(self.beges_table(actor, year, lang).await?),
            ReportKind::ThePack => {
                let pack = self.the_pack(actor, year, lang).await?;
                match format {
                    DocumentFormat::Csv => {
                        let one = crate::frameworks::the::pack_table(&pack, request.sdg)
                            .ok_or_else(|| {
                                AppError::invalid(
                                    "sdg",
                                    ErrorCode::InvalidSdg,
                                    request.sdg.unwrap_or_default().to_string(),
                                )
                            })?;
                        Content::Sheets(vec![one])
                    }
                    _ => Content::Sheets(pack),
                }
            }
            ReportKind::Ddrs => Content::Sheets(vec![self.ddrs_sheet(actor, year, lang).await?]),
        };
        let suffix = match (kind, format, request.sdg) {
            (ReportKind::ThePack, DocumentFormat::Csv, Some(n)) => format!("-{n}"),
            _ => String::new(),
        };
        let file_name = format!(
            "{}{suffix}-{year}-{}.{}",
            kind.stem(lang),
            lang.as_str(),
            format.extension()
        );
        let (bytes, sheets, rows) = match content {
            Content::Report(report) => {
                let bytes = match format {
                    DocumentFormat::Pdf => {
                        // Typesetting takes a while: off the async workers.
                        tokio::task::spawn_blocking(move || jalon_report::pdf::render(&report))
                            .await
                            .map_err(|e| AppError::Internal(e.to_string()))?
                            .map_err(|e| AppError::Internal(e.to_string()))?
                    }
                    _ => jalon_report::html::page(&report).into_bytes(),
                };
                (bytes, 0, 0)
            }
            Content::Sheets(sheets) => {
                let rows = sheets.iter().map(|s| s.rows.len()).sum();
                let bytes = match (format, sheets.as_slice()) {
                    (DocumentFormat::Csv, [one]) => jalon_io::workbook::write_sheet_csv(one),
                    _ => jalon_io::workbook::write_workbook(&sheets)
                        .map_err(|e| AppError::Internal(e.to_string()))?,
                };
                (bytes, sheets.len(), rows)
            }
        };
        Ok(Document {
            file_name,
            format,
            bytes,
            sheets,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_has_a_format_and_names_in_both_languages() {
        for kind in [
            ReportKind::Sdg,
            ReportKind::Steering,
            ReportKind::Carbon,
            ReportKind::Beges,
            ReportKind::ThePack,
            ReportKind::Ddrs,
        ] {
            assert!(!kind.formats().is_empty());
            assert!(!kind.stem(Lang::Fr).is_empty() && !kind.stem(Lang::En).is_empty());
        }
        assert!(!ReportKind::Sdg.formats().contains(&DocumentFormat::Xlsx));
    }
}
