//! `jalon sdg …`: classify a CSV of texts, evaluate the classifier on a benchmark, import the
//! research and teaching inventories, and suggest SDGs for the plan.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jalon_app::sdg::classify_file::{ClassifyOptions, classify_csv};
use jalon_app::sdg::research::{InventoryFile, InventoryImportReport};
use jalon_io::inventories::PublicationFormat;
use jalon_sdg::LangHint;

use crate::settings::Settings;
use crate::words::w;
use crate::{LangArg, explain, open};

#[derive(Debug, Subcommand)]
pub enum SdgCommand {
    /// Suggest the SDGs of every text of a CSV: writes `id,sdgs,scores,evidence` (`sdgs`:
    /// ranked goal numbers separated by `;`, empty when none).
    Classify {
        /// The CSV of texts (`,`, `;` or tab separated).
        #[arg(long)]
        input: PathBuf,
        /// Column holding the text.
        #[arg(long, default_value = "text")]
        text_column: String,
        /// Column holding the ids (default: the row number).
        #[arg(long)]
        id_column: Option<String>,
        /// Language of the texts.
        #[arg(long, value_enum, default_value_t = HintArg::Auto)]
        lang: HintArg,
        /// Output CSV (written only when the whole input was read).
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Evaluate the classifier on a benchmark CSV (`text,sdg,label`, as the SDG
    /// Classification Benchmark): per-SDG accuracy, precision, recall, F1, mean accuracy.
    Eval {
        /// The benchmark CSV (`crates/jalon-sdg/tests/data/benchmark-dev.csv` in the source tree).
        #[arg(long)]
        benchmark: PathBuf,
    },
    /// Import research projects, publications or courses, classified on the way.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Suggest SDGs for every objective and action of the plan (people confirm them).
    Suggest,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Research projects from a CSV/XLSX table.
    Projects {
        /// Columns: Référence, Acronyme, Titre, Résumé, Laboratoire, Début, Fin, Partenaires,
        /// Financement (French or English names; docs/SDG.md).
        file: PathBuf,
        /// Import the valid records and report the others (default: refuse the file).
        #[arg(long)]
        skip_invalid: bool,
        /// Language of the messages about the file.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Publications from a HAL export (CSV or JSON) or a BibTeX file.
    Publications {
        /// A HAL export (`.csv`, `.json`) or a BibTeX file (`.bib`).
        file: PathBuf,
        /// Default: from the file name and content.
        #[arg(long, value_enum)]
        format: Option<PublicationFormatArg>,
        /// Import the valid records and report the others (default: refuse the file).
        #[arg(long)]
        skip_invalid: bool,
        /// Language of the messages about the file.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Programmes and courses from a CSV/XLSX table.
    Courses {
        /// Columns: Formation, Code, Cours, Description, ECTS, Heures, Obligatoire (docs/SDG.md).
        file: PathBuf,
        /// Import the valid records and report the others (default: refuse the file).
        #[arg(long)]
        skip_invalid: bool,
        /// Language of the messages about the file.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HintArg {
    Auto,
    Fr,
    En,
}

impl From<HintArg> for LangHint {
    fn from(h: HintArg) -> LangHint {
        match h {
            HintArg::Auto => LangHint::Auto,
            HintArg::Fr => LangHint::Fr,
            HintArg::En => LangHint::En,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PublicationFormatArg {
    HalCsv,
    HalJson,
    Bibtex,
}

impl From<PublicationFormatArg> for PublicationFormat {
    fn from(f: PublicationFormatArg) -> PublicationFormat {
        match f {
            PublicationFormatArg::HalCsv => PublicationFormat::HalCsv,
            PublicationFormatArg::HalJson => PublicationFormat::HalJson,
            PublicationFormatArg::Bibtex => PublicationFormat::Bibtex,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned())
}

/// What an inventory import brought in: `kind` is `projects`, `publications` or `courses`.
fn print_report(kind: &str, r: &InventoryImportReport) {
    out!(
        "{}",
        w!(
            "cli-inventory-imported",
            count = r.records,
            kind = kind,
            rejected = r.rejected,
            duplicates = r.duplicates,
            suggested = r.suggested
        )
    );
    for p in &r.problems {
        out!("  {}", w!("cli-left-out", problem = p));
    }
}

/// Runs a `jalon sdg` command.
pub async fn run(settings: &Settings, command: SdgCommand) -> Result<()> {
    match command {
        SdgCommand::Classify {
            input,
            text_column,
            id_column,
            lang,
            output,
        } => classify(&input, text_column, id_column, lang.into(), &output),
        SdgCommand::Eval { benchmark } => {
            let f = std::fs::File::open(&benchmark)
                .with_context(|| w!("cli-reading", path = benchmark.display()))?;
            let rows = jalon_sdg::read_benchmark(f)
                .map_err(|e| anyhow!("{}: {e}", benchmark.display()))?;
            if rows.is_empty() {
                bail!(w!("cli-no-rows", path = benchmark.display()));
            }
            let report = jalon_sdg::run_benchmark(jalon_sdg::Classifier::shared(), &rows);
            out!("{}", jalon_sdg::format_report(&report));
            Ok(())
        }
        SdgCommand::Import { what } => {
            let app = open(settings, true).await?;
            let actor = app.system_actor().await.map_err(explain)?;
            let (path, skip_invalid) = match &what {
                ImportWhat::Projects {
                    file, skip_invalid, ..
                }
                | ImportWhat::Publications {
                    file, skip_invalid, ..
                }
                | ImportWhat::Courses {
                    file, skip_invalid, ..
                } => (file.clone(), *skip_invalid),
            };
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            let name = file_name(&path);
            let file = InventoryFile {
                bytes: &bytes,
                file_name: &name,
                skip_invalid,
                illustrative: false,
            };
            match what {
                ImportWhat::Projects { lang, .. } => {
                    let r = app
                        .import_projects(&actor, &file, lang.into())
                        .await
                        .map_err(explain)?;
                    print_report("projects", &r);
                }
                ImportWhat::Publications { format, lang, .. } => {
                    let r = app
                        .import_publications(&actor, &file, format.map(Into::into), lang.into())
                        .await
                        .map_err(explain)?;
                    print_report("publications", &r);
                }
                ImportWhat::Courses { lang, .. } => {
                    let r = app
                        .import_courses(&actor, &file, lang.into())
                        .await
                        .map_err(explain)?;
                    print_report("courses", &r);
                }
            }
            Ok(())
        }
        SdgCommand::Suggest => {
            let app = open(settings, true).await?;
            let actor = app.system_actor().await.map_err(explain)?;
            let n = app.suggest_plan_sdgs(&actor).await.map_err(explain)?;
            out!("{}", w!("cli-sdg-suggested", count = n));
            Ok(())
        }
    }
}

fn classify(
    input: &Path,
    text_column: String,
    id_column: Option<String>,
    hint: LangHint,
    output: &Path,
) -> Result<()> {
    let reader =
        std::fs::File::open(input).with_context(|| w!("cli-reading", path = input.display()))?;
    let mut writer = crate::buffered_beside(output)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{pos}} {} ({{per_sec}}, {{elapsed}})",
            w!("cli-texts-classified")
        ))
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let options = ClassifyOptions {
        text_column,
        id_column,
        hint,
        file_name: file_name(input),
    };
    let result = classify_csv(reader, &mut writer, &options, &|n| {
        bar.set_position(n as u64)
    });
    bar.finish_and_clear();
    let summary = result.map_err(|e| anyhow!("{e}; {}", w!("cli-nothing-written")))?;
    crate::persist_buffered(writer, output)?;
    let top: Vec<String> = {
        let mut g: Vec<(usize, usize)> = summary
            .per_goal
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, n)| *n > 0)
            .collect();
        g.sort_by_key(|x| std::cmp::Reverse(x.1));
        g.iter()
            .take(5)
            .map(|(i, n)| format!("{} {} ({n})", w!("cli-sdg"), i + 1))
            .collect()
    };
    eprintln!(
        "{}",
        w!(
            "cli-classified",
            file = output.display(),
            rows = summary.rows,
            with_sdg = summary.with_sdg
        )
    );
    if !top.is_empty() {
        eprintln!("  {}", w!("cli-most-frequent", goals = top.join(", ")));
    }
    Ok(())
}
