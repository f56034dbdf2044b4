//! `jalon report …`: the reports (SDG, steering, carbon), written as a static HTML site, one
//! HTML page, a PDF or a workbook; and the framework exports (THE submission pack, DD&RS
//! self-assessment) as XLSX or CSV.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use jalon_app::report::document::{DocumentFormat, DocumentRequest, ReportKind};
use jalon_report::Report;

use crate::settings::Settings;
use crate::words::w;
use crate::{LangArg, explain, open};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The annual SDG report: one chapter per SDG in the THE Impact structure.
    Sdg(ReportArgs),
    /// The steering committee's report: targets, trajectories, late actions, budget, missing
    /// values (`--format xlsx` for the workbook).
    Steering(ReportArgs),
    /// The carbon report: inventory, trend, travel, fund (`--format xlsx`: the BEGES table).
    Carbon(ReportArgs),
    /// The THE Impact submission pack: every metric and indicator with its answer, evidence
    /// and self-score (`--format xlsx`, or `csv` for one SDG with `--sdg` or all of them).
    ThePack(TableArgs),
    /// The DD&RS self-assessment of a year (`--format xlsx|csv`).
    Ddrs(TableArgs),
}

#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// The year.
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t = LangArg::Fr)]
    lang: LangArg,
    #[arg(long, value_enum, default_value_t = TableFormat::Xlsx)]
    format: TableFormat,
    /// Only this SDG (THE pack as CSV).
    #[arg(long)]
    sdg: Option<u8>,
    /// The file to write.
    #[arg(long, short)]
    output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The year reported.
    #[arg(long)]
    year: i32,
    #[arg(long, value_enum, default_value_t = LangArg::Fr)]
    lang: LangArg,
    /// `html`: a static site in the directory `--output`; `page`: one HTML file; `pdf`.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// Where to write (a directory for `html`, a file otherwise).
    #[arg(long, short)]
    output: PathBuf,
    /// Prefix of the links back to the application (e.g. `https://jalon.example.org`).
    #[arg(long, default_value = "")]
    base_url: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Html,
    Page,
    Pdf,
    /// The report's tables as a workbook (steering: its sheets; carbon: the BEGES table).
    Xlsx,
}

/// Runs a `jalon report` command.
pub async fn run(settings: &Settings, command: ReportCommand) -> Result<()> {
    let app = open(settings, true).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let asked = match command {
        ReportCommand::Sdg(a) => report_args(ReportKind::Sdg, a)?,
        ReportCommand::Steering(a) => report_args(ReportKind::Steering, a)?,
        ReportCommand::Carbon(a) => report_args(ReportKind::Carbon, a)?,
        ReportCommand::ThePack(a) => table_args(ReportKind::ThePack, a)?,
        ReportCommand::Ddrs(a) => table_args(ReportKind::Ddrs, a)?,
    };
    let Asked {
        request,
        output,
        site,
    } = asked;
    let (kind, format) = (request.kind, request.format);
    if site {
        // A static site: the report model itself, written page by page.
        let (year, lang, links) = (request.year, request.lang, request.links.as_str());
        let report = match kind {
            ReportKind::Steering => app
                .steering_report(&actor, year, lang, links)
                .await
                .map(|s| s.report),
            ReportKind::Carbon => app.carbon_report(&actor, year, lang).await,
            _ => app.sdg_report(&actor, year, lang, links).await,
        }
        .map_err(explain)?;
        return write_site(&report, &output);
    }
    let doc = app
        .report_document(&actor, &request)
        .await
        .map_err(explain)?;
    crate::write_output(Some(&output), &doc.bytes)?;
    match (kind, format) {
        (_, DocumentFormat::Page) => out!("{}", output.display()),
        (_, DocumentFormat::Pdf) => out!(
            "{}",
            w!(
                "cli-written-pdf",
                file = output.display(),
                kb = doc.bytes.len() / 1024
            )
        ),
        (ReportKind::ThePack, DocumentFormat::Csv) => out!(
            "{}",
            w!(
                "cli-written-indicators",
                file = output.display(),
                rows = doc.rows
            )
        ),
        (_, DocumentFormat::Csv) => out!(
            "{}",
            w!("cli-written-rows", file = output.display(), rows = doc.rows)
        ),
        (_, DocumentFormat::Xlsx) => out!(
            "{}",
            w!(
                "cli-written-sheets",
                file = output.display(),
                sheets = doc.sheets,
                rows = doc.rows
            )
        ),
    }
    Ok(())
}

/// A document asked for on the command line and where it goes.
struct Asked {
    request: DocumentRequest,
    output: PathBuf,
    /// A static site into the directory `output` rather than one file.
    site: bool,
}

fn report_args(kind: ReportKind, a: ReportArgs) -> Result<Asked> {
    let (kind, format) = match (kind, a.format) {
        (ReportKind::Sdg, ReportFormat::Xlsx) => bail!(w!("cli-sdg-no-workbook")),
        (ReportKind::Carbon, ReportFormat::Xlsx) => (ReportKind::Beges, DocumentFormat::Xlsx),
        (kind, ReportFormat::Html | ReportFormat::Page) => (kind, DocumentFormat::Page),
        (kind, ReportFormat::Pdf) => (kind, DocumentFormat::Pdf),
        (kind, ReportFormat::Xlsx) => (kind, DocumentFormat::Xlsx),
    };
    Ok(Asked {
        request: DocumentRequest {
            kind,
            format,
            year: a.year,
            lang: a.lang.into(),
            links: a.base_url.trim_end_matches('/').to_string(),
            sdg: None,
        },
        output: a.output,
        site: matches!(a.format, ReportFormat::Html),
    })
}

fn table_args(kind: ReportKind, a: TableArgs) -> Result<Asked> {
    if let Some(n) = a.sdg.filter(|n| !(1..=17).contains(n)) {
        bail!(w!("cli-bad-sdg", sdg = n));
    }
    let format = match a.format {
        TableFormat::Xlsx => DocumentFormat::Xlsx,
        TableFormat::Csv => DocumentFormat::Csv,
    };
    Ok(Asked {
        request: DocumentRequest {
            kind,
            format,
            year: a.year,
            lang: a.lang.into(),
            links: String::new(),
            sdg: a.sdg,
        },
        output: a.output,
        site: false,
    })
}

fn write_site(report: &Report, output: &Path) -> Result<()> {
    if output.is_file() {
        bail!(w!("cli-site-needs-directory", path = output.display()));
    }
    std::fs::create_dir_all(output).with_context(|| w!("cli-creating", path = output.display()))?;
    let files = jalon_report::html::site(report);
    for (name, content) in &files {
        let path = output.join(name);
        std::fs::write(&path, content).with_context(|| w!("cli-writing", path = path.display()))?;
    }
    out!(
        "{}",
        w!(
            "cli-written-site",
            file = output.join("index.html").display(),
            pages = files.len() - 1,
            chapters = report.chapters.len()
        )
    );
    Ok(())
}
