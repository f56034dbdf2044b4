//! `jalon carbon …`: compute a mission file (no database), import emission factors, activity
//! data and missions, and print a year's footprint.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jalon_app::carbon::travel::{MissionFile, MissionFormat};
use jalon_app::carbon::trips_file::{
    TripsFileFormat, TripsFileOptions, TripsStage, compute_trips_file,
};
use jalon_carbon::ColumnProfile;

use crate::settings::Settings;
use crate::words::{num, tr, w};
use crate::{LangArg, TextOrJson, explain, open};

#[derive(Debug, Subcommand)]
pub enum CarbonCommand {
    /// Compute the footprint of every trip of a mission file (no database): one CSV row per
    /// line with distance, kgCO2e and its 95 % interval, factor and formula.
    Trips {
        /// The mission file.
        #[arg(long)]
        input: PathBuf,
        /// `ges1point5` (TSV, 11 columns) or `csv` (a CSV/XLSX table: columns `date`, `from`,
        /// `to`, `mode`, and optionally `id`, `from_country`, `to_country`, `occupants`,
        /// `round_trip`, `traveller`, `unit`, `amount_paid`; or see `--mapping`).
        #[arg(long, value_enum, default_value_t = TripsFormatArg::Ges1point5)]
        format: TripsFormatArg,
        /// A column mapping (JSON) for `--format csv` exports with other headers.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Count the warming effect of contrails for planes.
        #[arg(long, value_enum, default_value_t = YesNo::Yes)]
        contrails: YesNo,
        /// Internal carbon price in euros per tCO2e: adds `levy_eur`.
        #[arg(long)]
        price: Option<f64>,
        /// Output CSV (written only when the input is accepted).
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Emission factor sets.
    Factors {
        #[command(subcommand)]
        action: FactorsAction,
    },
    /// Import activity data (CSV or XLSX) into a year's inventory, created when missing.
    Activities {
        /// The activity file.
        file: PathBuf,
        #[arg(long)]
        year: i32,
        /// Org unit (a lab); the institution's own inventory when absent.
        #[arg(long)]
        unit: Option<String>,
        /// Replace the inventory's lines.
        #[arg(long)]
        replace: bool,
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Import missions into the database (a GES 1point5 file or an export read through a
    /// saved column mapping); unknown places wait in the "places to fix" list.
    Missions {
        /// The mission file.
        file: PathBuf,
        /// Name of a saved column mapping (default: the file is GES 1point5).
        #[arg(long)]
        mapping: Option<String>,
        /// Unit charged when the file does not say.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Print a year's footprint: by BEGES category, scope and post, labs at their shares.
    Inventory {
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

#[derive(Debug, Subcommand)]
pub enum FactorsAction {
    /// Import an ADEME Base Empreinte CSV export as a new factor version.
    Import {
        file: PathBuf,
        /// Version label, e.g. `23.6`.
        #[arg(long)]
        version: String,
    },
    /// List the factor sets, or search the factors of one.
    List {
        /// Search this version (default: list the sets).
        #[arg(long)]
        version: Option<String>,
        /// Words to find in ids and names.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TripsFormatArg {
    Ges1point5,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum YesNo {
    Yes,
    No,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| w!("cli-reading", path = path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned())
}

/// A progress bar on standard error, drawn only on a terminal.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{msg:<28}} [{{bar:30}}] {{pos}}/{{len}} {} ({{elapsed}})",
            w!("cli-lines")
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// Runs a `jalon carbon` command.
pub async fn run(settings: &Settings, command: CarbonCommand) -> Result<()> {
    match command {
        CarbonCommand::Trips {
            input,
            format,
            mapping,
            contrails,
            price,
            output,
        } => trips(
            &input,
            format,
            mapping.as_deref(),
            contrails,
            price,
            &output,
        ),
        CarbonCommand::Factors { action } => factors(settings, action).await,
        CarbonCommand::Activities {
            file,
            year,
            unit,
            replace,
            lang,
        } => {
            let app = open(settings, true).await?;
            let actor = app.system_actor().await.map_err(explain)?;
            let bytes = read(&file)?;
            let existing = app
                .inventories(&actor)
                .await
                .map_err(explain)?
                .into_iter()
                .find(|i| {
                    i.year == year && i.unit.as_ref().map(|u| u.code.as_str()) == unit.as_deref()
                });
            let id = match existing {
                Some(i) => i.id,
                None => {
                    app.create_inventory(&actor, year, unit.as_deref(), None, None, false)
                        .await
                        .map_err(explain)?
                        .id
                }
            };
            let n = app
                .import_activities(&actor, id, &bytes, &file_name(&file), replace, lang.into())
                .await
                .map_err(explain)?;
            let inv = app.inventory(&actor, id).await.map_err(explain)?;
            let of = match unit.as_deref() {
                Some(u) => u.to_string(),
                None => w!("cli-the-institution"),
            };
            out!(
                "{}",
                w!(
                    "cli-activities-imported",
                    count = n,
                    year = year,
                    unit = of,
                    total = num(inv.total.kg / 1000.0, 1),
                    low = num(inv.total.low / 1000.0, 1),
                    high = num(inv.total.high / 1000.0, 1)
                )
            );
            Ok(())
        }
        CarbonCommand::Missions {
            file,
            mapping,
            unit,
            lang,
        } => {
            let app = open(settings, true).await?;
            let actor = app.system_actor().await.map_err(explain)?;
            let bytes = read(&file)?;
            let format = match mapping {
                Some(name) => MissionFormat::Table(Box::new(
                    app.mapping_profile(&actor, &name).await.map_err(explain)?,
                )),
                None => MissionFormat::Ges1point5,
            };
            let name = file_name(&file);
            let r = app
                .import_trips(
                    &actor,
                    &MissionFile {
                        bytes: &bytes,
                        file_name: &name,
                        format: &format,
                        org_unit: unit.as_deref(),
                        illustrative: false,
                    },
                    lang.into(),
                )
                .await
                .map_err(explain)?;
            out!(
                "{}",
                w!(
                    "cli-missions-imported",
                    file = name,
                    rows = r.rows,
                    computed = r.computed,
                    unresolved = r.unresolved,
                    duplicates = r.duplicates.len(),
                    total = num(r.emissions.kg / 1000.0, 1),
                    levy = num(r.levy_cents as f64 / 100.0, 2),
                    flagged = r.flagged
                )
            );
            if r.unresolved > 0 {
                out!("{}", w!("cli-places-to-fix"));
            }
            Ok(())
        }
        CarbonCommand::Inventory { year, format } => {
            let app = open(settings, false).await?;
            let actor = app.system_actor().await.map_err(explain)?;
            let f = app.footprint(&actor, year).await.map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&f)?),
                TextOrJson::Text => print_footprint(&f),
            }
            Ok(())
        }
    }
}

fn print_footprint(f: &jalon_app::carbon::inventory::Footprint) {
    let t = |kg: f64| kg / 1000.0;
    let fr = crate::words::lang() == jalon_core::Lang::Fr;
    let name = |fr_name: &str, en_name: &str| if fr { fr_name } else { en_name }.to_string();
    out!(
        "{}",
        w!(
            "cli-footprint",
            year = f.year,
            total = num(t(f.total.kg), 1),
            low = num(t(f.total.low), 1),
            high = num(t(f.total.high), 1),
            factors = f.factor_version
        )
    );
    if f.illustrative {
        out!("{}", w!("cli-illustrative"));
    }
    out!("\n{}", w!("cli-by-category"));
    for c in &f.categories {
        out!(
            "  {:<3} {:<60} {:>10.1}  [{:.1}–{:.1}]",
            c.key,
            name(&c.name_fr, &c.name_en),
            t(c.emissions.kg),
            t(c.emissions.low),
            t(c.emissions.high)
        );
    }
    out!("\n{}", w!("cli-by-scope"));
    for s in &f.scopes {
        out!(
            "  {:<64} {:>10.1}",
            name(&s.name_fr, &s.name_en),
            t(s.emissions.kg)
        );
    }
    out!("\n{}", w!("cli-by-post"));
    for p in f.posts.iter().filter(|p| p.emissions.kg > 0.0) {
        out!(
            "  {:<4} {:<59} {:>10.1}",
            p.code,
            name(&p.name_fr, &p.name_en),
            t(p.emissions.kg)
        );
    }
    out!("\n{}", w!("cli-perimeter"));
    for p in &f.parts {
        let part = match &p.unit {
            Some(u) => u.code.clone(),
            None => w!("cli-institution"),
        };
        out!(
            "  {:<40} {}",
            part,
            w!(
                "cli-part",
                // Padded as columns.
                share = format!("{:>5}", num(p.share * 100.0, 1)),
                own = format!("{:>9}", num(t(p.own.kg), 1)),
                counted = format!("{:>9}", num(t(p.counted.kg), 1))
            )
        );
    }
    out!("\n{}", w!("cli-fossil", mwh = num(f.fossil_mwh, 0)));
    for warning in &f.warnings {
        out!("{}", w!("cli-warning", text = tr().msg(warning)));
    }
}

fn trips(
    input: &Path,
    format: TripsFormatArg,
    mapping: Option<&Path>,
    contrails: YesNo,
    price: Option<f64>,
    output: &Path,
) -> Result<()> {
    let bytes = read(input)?;
    let format = match (format, mapping) {
        (TripsFormatArg::Ges1point5, None) => TripsFileFormat::Ges1point5,
        (TripsFormatArg::Ges1point5, Some(_)) => {
            bail!(w!("cli-mapping-needs-csv"))
        }
        (TripsFormatArg::Csv, None) => TripsFileFormat::Table(Box::default()),
        (TripsFormatArg::Csv, Some(m)) => {
            let profile: ColumnProfile = serde_json::from_slice(&read(m)?)
                .with_context(|| w!("cli-not-a-mapping", path = m.display()))?;
            TripsFileFormat::Table(Box::new(profile))
        }
    };
    let price_cents_per_tonne = match price {
        Some(p) if p.is_finite() && p >= 0.0 => Some((p * 100.0).round() as i64),
        Some(p) => bail!(w!("cli-bad-price", price = p)),
        None => None,
    };
    let options = TripsFileOptions {
        contrails: contrails == YesNo::Yes,
        price_cents_per_tonne,
        format,
        file_name: file_name(input),
    };
    let mut writer = crate::buffered_beside(output)?;
    let bar = progress_bar();
    bar.set_message(w!("cli-stage-reading"));
    let report = |stage: TripsStage, done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        bar.set_message(match stage {
            TripsStage::Read => w!("cli-stage-computing"),
            TripsStage::Computed | TripsStage::Writing => w!("cli-stage-writing"),
        });
    };
    let result = compute_trips_file(&bytes, &options, &mut writer, &report);
    bar.finish_and_clear();
    let summary = match result {
        Ok(s) => s,
        Err(problems) => {
            let mut msg = w!("cli-refused", count = problems.len());
            for p in problems.iter().take(50) {
                msg.push_str(&format!("\n  - {p}"));
            }
            if problems.len() > 50 {
                msg.push_str(&format!(
                    "\n  {}",
                    w!("cli-and-more", count = problems.len() - 50)
                ));
            }
            return Err(anyhow!(msg));
        }
    };
    crate::persist_buffered(writer, output)?;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "{}",
        w!(
            "cli-trips-computed",
            file = output.display(),
            rows = summary.rows,
            computed = summary.computed,
            unresolved = summary.unresolved,
            duplicates = summary.duplicates,
            total = num(summary.total_kg / 1000.0, 1)
        )
    )?;
    for (place, n) in summary.unresolved_places.iter().take(20) {
        writeln!(
            err,
            "  {}",
            w!("cli-unresolved-place", count = n, place = place)
        )?;
    }
    if summary.unresolved_places.len() > 20 {
        writeln!(
            err,
            "  {}",
            w!(
                "cli-more-unresolved",
                count = summary.unresolved_places.len() - 20
            )
        )?;
    }
    Ok(())
}

async fn factors(settings: &Settings, action: FactorsAction) -> Result<()> {
    let app = open(settings, true).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    match action {
        FactorsAction::Import { file, version } => {
            let bytes = read(&file)?;
            let set = app
                .import_factors(&actor, &bytes, &file_name(&file), &version)
                .await
                .map_err(explain)?;
            out!(
                "{}",
                w!(
                    "cli-factors-imported",
                    count = set.factor_count,
                    version = set.version,
                    source = set.source
                )
            );
        }
        FactorsAction::List {
            version: None,
            format,
            ..
        } => {
            let sets = app.factor_sets(&actor).await.map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&sets)?),
                TextOrJson::Text => {
                    for s in sets {
                        out!(
                            "{:<24} {:>6} {}  {}",
                            s.version,
                            s.factor_count,
                            w!("cli-factors"),
                            s.source
                        );
                    }
                }
            }
        }
        FactorsAction::List {
            version: Some(version),
            search,
            format,
        } => {
            let found = app
                .search_factors(
                    &actor,
                    &version,
                    search.as_deref().unwrap_or_default(),
                    10_000,
                )
                .await
                .map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&found)?),
                TextOrJson::Text => {
                    for f in &found.factors {
                        out!(
                            "{:<40} {:>12} kgCO2e/{:<14} {}",
                            f.id,
                            f.value,
                            f.unit,
                            if crate::words::lang() == jalon_core::Lang::Fr {
                                &f.name_fr
                            } else {
                                &f.name_en
                            }
                        );
                    }
                    out!("{}", w!("cli-factor-count", count = found.total));
                }
            }
        }
    }
    Ok(())
}
