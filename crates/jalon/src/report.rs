//! `jalon report …`: the reports (SDG, steering, carbon), written as a static HTML site, one
//! HTML page, a PDF or a workbook; and the framework exports (THE submission pack, DD&RS
//! self-assessment) as XLSX or CSV.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use jalon_app::frameworks::the::pack_table;
use jalon_io::workbook::Sheet;
use jalon_report::Report;

use crate::settings::Settings;
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
    match command {
        ReportCommand::Sdg(args) => {
            if matches!(args.format, ReportFormat::Xlsx) {
                bail!(
                    "the SDG report has no workbook: use --format html, page or pdf (the THE pack is `jalon report the-pack`)"
                );
            }
            let report = app
                .sdg_report(
                    &actor,
                    args.year,
                    args.lang.into(),
                    args.base_url.trim_end_matches('/'),
                )
                .await
                .map_err(explain)?;
            write(&report, args.format, &args.output)
        }
        ReportCommand::Steering(args) => {
            let s = app
                .steering_report(
                    &actor,
                    args.year,
                    args.lang.into(),
                    args.base_url.trim_end_matches('/'),
                )
                .await
                .map_err(explain)?;
            if matches!(args.format, ReportFormat::Xlsx) {
                write_sheets(&s.sheets, &args.output)
            } else {
                write(&s.report, args.format, &args.output)
            }
        }
        ReportCommand::Carbon(args) => {
            if matches!(args.format, ReportFormat::Xlsx) {
                let sheets = app
                    .beges_table(&actor, args.year, args.lang.into())
                    .await
                    .map_err(explain)?;
                return write_sheets(&sheets, &args.output);
            }
            let report = app
                .carbon_report(&actor, args.year, args.lang.into())
                .await
                .map_err(explain)?;
            write(&report, args.format, &args.output)
        }
        ReportCommand::ThePack(args) => {
            let sheets = app
                .the_pack(&actor, args.year, args.lang.into())
                .await
                .map_err(explain)?;
            match args.format {
                TableFormat::Xlsx => write_sheets(&sheets, &args.output),
                TableFormat::Csv => {
                    let Some(merged) = pack_table(&sheets, args.sdg) else {
                        bail!("--sdg {}: expected 1 to 17", args.sdg.unwrap_or_default());
                    };
                    crate::write_output(
                        Some(&args.output),
                        &jalon_io::workbook::write_sheet_csv(&merged),
                    )?;
                    out!(
                        "{} ({} indicators)",
                        args.output.display(),
                        merged.rows.len()
                    );
                    Ok(())
                }
            }
        }
        ReportCommand::Ddrs(args) => {
            let sheet = app
                .ddrs_sheet(&actor, args.year, args.lang.into())
                .await
                .map_err(explain)?;
            match args.format {
                TableFormat::Xlsx => write_sheets(std::slice::from_ref(&sheet), &args.output),
                TableFormat::Csv => {
                    crate::write_output(
                        Some(&args.output),
                        &jalon_io::workbook::write_sheet_csv(&sheet),
                    )?;
                    out!("{} ({} rows)", args.output.display(), sheet.rows.len());
                    Ok(())
                }
            }
        }
    }
}

fn write_sheets(sheets: &[Sheet], output: &Path) -> Result<()> {
    let bytes = jalon_io::workbook::write_workbook(sheets)?;
    crate::write_output(Some(output), &bytes)?;
    out!(
        "{} ({} sheet(s), {} rows)",
        output.display(),
        sheets.len(),
        sheets.iter().map(|s| s.rows.len()).sum::<usize>()
    );
    Ok(())
}

fn write(report: &Report, format: ReportFormat, output: &Path) -> Result<()> {
    match format {
        ReportFormat::Html => {
            if output.is_file() {
                bail!(
                    "{} is a file: --format html writes a site into a directory",
                    output.display()
                );
            }
            std::fs::create_dir_all(output)
                .with_context(|| format!("creating {}", output.display()))?;
            let files = jalon_report::html::site(report);
            for (name, content) in &files {
                let path = output.join(name);
                std::fs::write(&path, content)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            out!(
                "{}: {} pages ({} chapters)",
                output.join("index.html").display(),
                files.len() - 1,
                report.chapters.len()
            );
        }
        ReportFormat::Page => {
            crate::write_output(Some(output), jalon_report::html::page(report).as_bytes())?;
            out!("{}", output.display());
        }
        ReportFormat::Xlsx => bail!("this report has no workbook"),
        ReportFormat::Pdf => {
            let pdf = jalon_report::pdf::render(report)?;
            crate::write_output(Some(output), &pdf)?;
            out!("{} ({} kB)", output.display(), pdf.len() / 1024);
        }
    }
    Ok(())
}
