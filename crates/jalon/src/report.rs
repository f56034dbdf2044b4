//! `jalon report …`: the reports, written as a static HTML site, one HTML page or a PDF.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use jalon_report::Report;

use crate::settings::Settings;
use crate::{LangArg, explain, open};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The annual SDG report: one chapter per SDG in the THE Impact structure.
    Sdg(ReportArgs),
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
}

/// Runs a `jalon report` command.
pub async fn run(settings: &Settings, command: ReportCommand) -> Result<()> {
    let ReportCommand::Sdg(args) = command;
    let app = open(settings, true).await?;
    let actor = app.system_actor().await.map_err(explain)?;
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
            println!(
                "{}: {} pages ({} chapters)",
                output.join("index.html").display(),
                files.len() - 1,
                report.chapters.len()
            );
        }
        ReportFormat::Page => {
            crate::write_output(Some(output), jalon_report::html::page(report).as_bytes())?;
            println!("{}", output.display());
        }
        ReportFormat::Pdf => {
            let pdf = jalon_report::pdf::render(report)?;
            crate::write_output(Some(output), &pdf)?;
            println!("{} ({} kB)", output.display(), pdf.len() / 1024);
        }
    }
    Ok(())
}
