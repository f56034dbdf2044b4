//! `jalon carbon trips`: a mission file computed outside the database, with the bundled
//! factors and no saved place fixes, into one CSV row per input line. The input is a GES
//! 1point5 missions file or a CSV/XLSX table read through a column mapping; the output is
//! streamed (a million lines must not be held twice in memory). Malformed input is refused
//! before anything is written; unknown places are written as `unresolved` rows with the
//! reason and counted, never guessed.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use jalon_carbon::{
    ColumnProfile, ComputedLeg, LevyRule, Resolver, TravelMode, TripBatch, TripError,
    compute_ges1point5, compute_legs, map_table, read_ges1point5,
};
use jalon_core::Lang;
use jalon_io::table::read_table;

use super::travel::transport_factors;

/// The format of the input.
#[derive(Debug, Clone, PartialEq)]
pub enum TripsFileFormat {
    /// GES 1point5 missions (tab-separated, 11 columns).
    Ges1point5,
    /// A CSV or XLSX table read through a column mapping.
    Table(Box<ColumnProfile>),
}

/// How a file is computed.
#[derive(Debug, Clone)]
pub struct TripsFileOptions {
    pub contrails: bool,
    /// Internal carbon price, cents per tCO2e (adds `levy_eur`).
    pub price_cents_per_tonne: Option<i64>,
    pub format: TripsFileFormat,
    /// Name of the input, for error locations.
    pub file_name: String,
}

/// What a computation did.
#[derive(Debug, Clone, Default)]
pub struct TripsFileSummary {
    pub rows: usize,
    pub computed: usize,
    pub unresolved: usize,
    /// Repeated lines skipped (tables with a traveller column).
    pub duplicates: usize,
    pub total_kg: f64,
    /// Unresolved places with suggestions, with the number of lines, most frequent first.
    pub unresolved_places: Vec<(String, usize)>,
}

/// Where a computation is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TripsStage {
    /// The input is read and checked (`total` rows).
    Read,
    /// Places resolved and footprints computed.
    Computed,
    /// `done` of `total` rows written.
    Writing,
}

/// The standard table layout of `--format csv` when no mapping is given: the columns present
/// among `id`, `date`, `traveller`, `unit`, `from`, `from_country`, `to`, `to_country`,
/// `mode`, `occupants`, `round_trip`, `amount_paid`, `budget_line` (French headers too).
pub fn standard_profile(header: &[String]) -> ColumnProfile {
    let folded: Vec<String> = header
        .iter()
        .map(|h| jalon_carbon::normalize::fold_compact(h))
        .collect();
    let find = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            let k = jalon_carbon::normalize::fold_compact(n);
            folded
                .iter()
                .position(|h| *h == k)
                .and_then(|i| header.get(i).cloned())
        })
    };
    ColumnProfile {
        date: find(&["date", "date de depart", "departure date"]).unwrap_or_else(|| "date".into()),
        traveller: find(&["traveller", "traveler", "voyageur", "missionnaire", "agent"])
            .unwrap_or_default(),
        unit: find(&["unit", "unite", "service", "laboratoire"]).unwrap_or_default(),
        origin: find(&[
            "from",
            "origin",
            "depart",
            "ville de depart",
            "lieu de depart",
        ])
        .unwrap_or_else(|| "from".into()),
        origin_country: find(&["from_country", "origin_country", "pays de depart"]),
        destination: find(&[
            "to",
            "destination",
            "arrivee",
            "ville de destination",
            "lieu d'arrivee",
        ])
        .unwrap_or_else(|| "to".into()),
        destination_country: find(&[
            "to_country",
            "destination_country",
            "pays de destination",
            "pays d'arrivee",
        ]),
        mode: find(&["mode", "mode de deplacement", "transport"]).unwrap_or_else(|| "mode".into()),
        round_trip: find(&["round_trip", "aller retour", "aller-retour", "return"]),
        amount_paid: find(&["amount_paid", "amount", "montant"]),
        mission_id: find(&["id", "mission", "mission_id", "# mission"]),
        occupants: find(&[
            "occupants",
            "passengers",
            "nb de personnes dans la voiture",
            "passagers",
        ]),
        budget_line: find(&["budget_line", "ligne budgetaire"]),
        mode_aliases: BTreeMap::new(),
    }
}

/// Output columns.
pub const OUTPUT_HEADER: [&str; 19] = [
    "id",
    "line",
    "mission",
    "status",
    "mode",
    "from",
    "from_country",
    "to",
    "to_country",
    "great_circle_km",
    "distance_km",
    "kg_co2e",
    "kg_co2e_low",
    "kg_co2e_high",
    "factor_id",
    "factor_version",
    "levy_eur",
    "formula",
    "message",
];

/// One input line as written out.
struct Line<'a> {
    id: String,
    line: usize,
    mission: &'a str,
    mode: TravelMode,
    from: &'a str,
    from_country: &'a str,
    to: &'a str,
    to_country: &'a str,
}

/// Computes a mission file into `out`. `Err` holds the located problems of a refused input;
/// nothing is written then.
pub fn compute_trips_file(
    bytes: &[u8],
    options: &TripsFileOptions,
    out: &mut dyn Write,
    progress: &dyn Fn(TripsStage, usize, usize),
) -> Result<TripsFileSummary, Vec<String>> {
    let factors = transport_factors(options.contrails).map_err(|e| vec![e.to_string()])?;
    let resolver = Resolver::bundled(None);
    let locate = |e: &TripError| format!("{}: {e}", options.file_name);
    match &options.format {
        TripsFileFormat::Ges1point5 => {
            let file = read_ges1point5(bytes).map_err(|errs| {
                errs.iter()
                    .map(|e| format!("{}: {e}", options.file_name))
                    .collect::<Vec<_>>()
            })?;
            progress(TripsStage::Read, file.rows.len(), file.rows.len());
            let batch = compute_ges1point5(&file, &resolver, &factors);
            refuse_other_errors(&batch, &locate)?;
            progress(TripsStage::Computed, file.rows.len(), file.rows.len());
            let lines = file.rows.iter().enumerate().map(|(n, r)| Line {
                id: format!("{}-{}", r.mission, n + 1),
                line: r.line,
                mission: &r.mission,
                mode: r.mode,
                from: &r.from_city,
                from_country: &r.from_country,
                to: &r.to_city,
                to_country: &r.to_country,
            });
            write_rows(lines, file.rows.len(), &batch, options, out, progress, 0)
        }
        TripsFileFormat::Table(profile) => {
            let table = read_table(bytes, &options.file_name, Lang::En)
                .map_err(|ps| ps.iter().map(ToString::to_string).collect::<Vec<_>>())?;
            let cells: Vec<Vec<String>> = table.rows.iter().map(|(_, c)| c.clone()).collect();
            let line_of: Vec<usize> = table.rows.iter().map(|(l, _)| *l).collect();
            let file_line = |row: usize| line_of.get(row.saturating_sub(2)).copied().unwrap_or(row);
            let profile = if profile.date.is_empty() {
                standard_profile(&table.header)
            } else {
                (**profile).clone()
            };
            let mapped = map_table(&table.header, &cells, &profile).map_err(|errs| {
                errs.iter()
                    .map(|e| match e {
                        jalon_carbon::MappingError::Cell {
                            row,
                            column_name,
                            message,
                            ..
                        } => format!(
                            "{}: line {}, column {column_name}: {message}",
                            options.file_name,
                            file_line(*row)
                        ),
                        other => format!("{}: {other}", options.file_name),
                    })
                    .collect::<Vec<_>>()
            })?;
            progress(TripsStage::Read, mapped.records.len(), mapped.records.len());
            let requests = mapped.requests();
            let batch = compute_legs(&requests, &resolver, &factors);
            refuse_other_errors(&batch, &locate)?;
            progress(
                TripsStage::Computed,
                mapped.records.len(),
                mapped.records.len(),
            );
            let lines = mapped.records.iter().map(|r| Line {
                id: r.mission_id.clone(),
                line: r.row,
                mission: &r.mission_id,
                mode: r.mode,
                from: &r.origin,
                from_country: &r.origin_country,
                to: &r.destination,
                to_country: &r.destination_country,
            });
            let mut summary = write_rows(
                lines,
                mapped.records.len(),
                &batch,
                options,
                out,
                progress,
                mapped.duplicates.len(),
            )?;
            summary.duplicates = mapped.duplicates.len();
            Ok(summary)
        }
    }
}

/// Errors other than unknown places (impossible trips) refuse the file.
fn refuse_other_errors(
    batch: &TripBatch,
    locate: &dyn Fn(&TripError) -> String,
) -> Result<(), Vec<String>> {
    let other: Vec<String> = batch
        .errors
        .iter()
        .filter(|e| e.resolve.is_none())
        .map(locate)
        .collect();
    if other.is_empty() { Ok(()) } else { Err(other) }
}

/// The output row of a line that could not be computed: the input and why.
fn unresolved_row<'b>(line: &'b Line<'_>, n: &'b str, message: &'b str) -> [&'b str; 19] {
    [
        line.id.as_str(),
        n,
        line.mission,
        "unresolved",
        line.mode.ges1point5_label(),
        line.from,
        line.from_country,
        line.to,
        line.to_country,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        message,
    ]
}

#[allow(clippy::too_many_arguments)]
fn write_rows<'a>(
    lines: impl Iterator<Item = Line<'a>>,
    total: usize,
    batch: &TripBatch,
    options: &TripsFileOptions,
    out: &mut dyn Write,
    progress: &dyn Fn(TripsStage, usize, usize),
    duplicates: usize,
) -> Result<TripsFileSummary, Vec<String>> {
    let by_line: HashMap<usize, &ComputedLeg> = batch.legs.iter().map(|l| (l.line, l)).collect();
    let errors: HashMap<usize, &TripError> = batch.errors.iter().map(|e| (e.line, e)).collect();
    let rule = options
        .price_cents_per_tonne
        .map(|c| LevyRule::CarbonPrice { cents_per_tonne: c });
    let mut summary = TripsFileSummary {
        rows: total + duplicates,
        ..Default::default()
    };
    let io = |e: csv::Error| vec![format!("writing the output: {e}")];
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(1 << 20)
        .from_writer(out);
    w.write_record(OUTPUT_HEADER).map_err(io)?;
    let mut unresolved: HashMap<String, usize> = HashMap::new();
    let km = |v: f64| format!("{v:.1}");
    for (n, line) in lines.enumerate() {
        let n_str = line.line.to_string();
        if let Some(l) = by_line.get(&line.line) {
            let f = &l.footprint;
            let from = &batch.places[l.from as usize].2.place;
            let to = &batch.places[l.to as usize].2.place;
            summary.computed += 1;
            summary.total_kg += f.kg();
            let levy = rule
                .as_ref()
                .and_then(|r| r.levy(f.kg(), f.mode, None).ok())
                .map(|c| format!("{}.{:02}", c / 100, c % 100))
                .unwrap_or_default();
            w.write_record(
                [
                    line.id.as_str(),
                    &n_str,
                    line.mission,
                    "computed",
                    f.mode.ges1point5_label(),
                    from.name.as_str(),
                    from.country.as_str(),
                    to.name.as_str(),
                    to.country.as_str(),
                    &km(f.great_circle_km),
                    &km(f.total_km()),
                    &format!("{:.3}", f.kg()),
                    &format!("{:.3}", f.estimate.low()),
                    &format!("{:.3}", f.estimate.high()),
                    &f.factor_id,
                    &f.factor_version,
                    &levy,
                    &f.formula(),
                    "",
                ]
                .map(jalon_io::csv_cell::cell),
            )
            .map_err(io)?;
        } else {
            let message = errors
                .get(&line.line)
                .map_or_else(|| "not computed".to_string(), |e| e.message.clone());
            summary.unresolved += 1;
            *unresolved.entry(message.clone()).or_insert(0) += 1;
            w.write_record(unresolved_row(&line, &n_str, &message).map(jalon_io::csv_cell::cell))
                .map_err(io)?;
        }
        if (n + 1) % 50_000 == 0 {
            progress(TripsStage::Writing, n + 1, total);
        }
    }
    w.flush()
        .map_err(|e| vec![format!("writing the output: {e}")])?;
    progress(TripsStage::Writing, total, total);
    let mut places: Vec<(String, usize)> = unresolved.into_iter().collect();
    places.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    summary.unresolved_places = places;
    Ok(summary)
}
