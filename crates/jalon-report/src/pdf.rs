//! The PDF rendering: the report's typst source compiled in memory — fonts compiled into the
//! binary, charts as virtual files, no package, no file or network access — and exported as a
//! tagged PDF/UA-1 document (headings, tables, figures with their alternative text).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::Report;

/// Why a report could not be made into a PDF.
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be made: {}", .0.join("; "))]
pub struct PdfError(pub Vec<String>);

const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
];

static FONTS: LazyLock<FontStore> = LazyLock::new(|| {
    let mut store = FontStore::new();
    store.extend(typst_kit::fonts::embedded());
    for data in FONT_FILES {
        store.extend(Font::iter(Bytes::new(data)).map(|f| {
            let info = f.info().clone();
            (f, info)
        }));
    }
    store
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// typst keeps a process-wide cache; one render at a time keeps its size in check.
static RENDER: Mutex<()> = Mutex::new(());

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|p| RootedPath::new(VirtualRoot::Project, p).intern())
}

/// A world of one source and a few files, all in memory.
struct MemoryWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for MemoryWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        FONTS.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = bytes.as_str().map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| match id.root() {
            VirtualRoot::Package(p) => {
                FileError::Other(Some(format!("packages are not available ({p})").into()))
            }
            VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().into()),
        })
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn diagnostics(world: &dyn World, diags: &[SourceDiagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let at = d
                .span
                .id()
                .and_then(|id| {
                    let range = world.range(d.span)?;
                    let (line, col) = world
                        .source(id)
                        .ok()?
                        .lines()
                        .byte_to_line_column(range.start)?;
                    Some(format!("{}:{}: ", line + 1, col + 1))
                })
                .unwrap_or_default();
            let hints: String = d.hints.iter().map(|h| format!(" ({})", h.v)).collect();
            format!("{severity}: {at}{}{hints}", d.message)
        })
        .collect()
}

/// Compiles a typst source with its files into a tagged PDF/UA-1 document. Warnings are
/// errors: an unknown font or a missing alternative text must not pass unnoticed.
pub fn compile(
    source: String,
    files: Vec<(String, Vec<u8>)>,
    date: (i32, u8, u8),
) -> Result<Vec<u8>, PdfError> {
    let main = file_id("/main.typ").ok_or_else(|| PdfError(vec!["bad main path".into()]))?;
    let mut virtual_files = HashMap::new();
    for (path, bytes) in files {
        let id = file_id(&format!("/{path}"))
            .ok_or_else(|| PdfError(vec![format!("bad file name {path}")]))?;
        virtual_files.insert(id, Bytes::new(bytes));
    }
    let world = MemoryWorld {
        main: Source::new(main, source),
        files: virtual_files,
        today: Datetime::from_ymd(date.0, date.1, date.2)
            .ok_or_else(|| PdfError(vec!["bad date".into()]))?,
    };
    let _one_at_a_time = RENDER.lock().unwrap_or_else(|e| e.into_inner());
    let result = typst::compile::<PagedDocument>(&world);
    let warnings = diagnostics(&world, &result.warnings);
    let document = result.output.map_err(|errors| {
        let mut all = diagnostics(&world, &errors);
        all.extend(warnings.iter().cloned());
        PdfError(all)
    })?;
    if !warnings.is_empty() {
        return Err(PdfError(warnings));
    }
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| PdfError(vec![e.message().to_string()]))?;
    let options = PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some("Jalon".into())),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|e| PdfError(diagnostics(&world, &e)))?;
    typst::comemo::evict(10);
    Ok(pdf)
}

/// The report as a PDF.
pub fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let (source, files) = crate::typst_source::source(report);
    compile(source, files, (report.year + 1, 1, 1))
}
