//! Business travel: the footprint of a trip at claim time (calculator, API), imports of
//! mission files (GES 1point5, or an expense export read through a saved column mapping),
//! places that could not be resolved and the user's fixes (kept and applied to every later
//! import), the levy charged to each trip, policy flags, export and what-if simulation.
//!
//! A malformed file is refused whole, every problem located. A place Jalon cannot find is not
//! guessed: its trips are kept as *unresolved*, listed with suggestions, and computed as soon
//! as someone says where the place is.

use crate::ErrorCode;
use crate::computed::Feed;
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use jalon_carbon::{
    ColumnProfile, ComputedLeg, Ges1p5File, Ges1p5Row, LegInput, LegRequest, LevyRule,
    LevySchedule, PlaceFix, PolicyFlag, ResolveError, Resolver, Scenario, TransportFactors,
    TravelMode, TravelOptions, TripBatch, UserFixes, WhatIf, bundled_factor_set, compute_legs,
    map_table, policy_flags, read_ges1point5, simulate, write_ges1point5,
};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::message::Message;
use jalon_core::trip::TripStatus;
use jalon_io::Problem;
use jalon_io::table::read_table;
use jalon_store::Set;
use jalon_store::audit::Change;
use jalon_store::carbon::{
    self as repo, NewActivity, NewLedgerEntry, TripActiveModel, TripBatchActiveModel, TripFilter,
    TripRow,
};
use serde::{Deserialize, Serialize};

use super::TravelSettings;
use super::inventory::Kg;
use crate::{Actor, App, AppError, AppResult};

/// A trip as an expense system or the calculator sends it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TripInput {
    /// Departure: a city ("Saint-Étienne", "Londres"), or an IATA code ("CDG").
    pub from: String,
    /// Country of departure (ISO code, English or French name); helps with homonyms.
    #[serde(default)]
    pub from_country: Option<String>,
    pub to: String,
    #[serde(default)]
    pub to_country: Option<String>,
    /// `avion`/`plane`, `train`, `voiture`/`car`, `bus`, `taxi`, `RER`, `métro`, `tramway`, `ferry`.
    pub mode: String,
    /// People in the car (cars and taxis).
    #[serde(default)]
    pub occupants: Option<u32>,
    /// Return trip on the same path.
    #[serde(default)]
    pub round_trip: bool,
    /// Date of the trip (its year picks the carbon price); today when absent.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Ticket price in euro cents (for a levy set as a share of the ticket).
    #[serde(default)]
    pub ticket_cents: Option<i64>,
}

/// A resolved place.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceOut {
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// True when several places matched and the most populous was taken.
    pub ambiguous: bool,
}

/// A policy flag raised by a trip.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagOut {
    /// `train_alternative`, `short_flight` or `domestic_flight`.
    pub code: String,
    /// Hours by train, great-circle km or country, as relevant.
    pub value: String,
}

fn flag_out(f: &PolicyFlag) -> FlagOut {
    match f {
        PolicyFlag::TrainUnder { hours } => FlagOut {
            code: "train_alternative".into(),
            value: format!("{hours:.1}"),
        },
        PolicyFlag::ShortFlight { km } => FlagOut {
            code: "short_flight".into(),
            value: format!("{km:.0}"),
        },
        PolicyFlag::Domestic { country } => FlagOut {
            code: "domestic_flight".into(),
            value: country.clone(),
        },
    }
}

/// The footprint of one trip, with how it was computed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripFootprint {
    pub from: PlaceOut,
    pub to: PlaceOut,
    pub mode: String,
    /// Great-circle distance, one way, km.
    pub great_circle_km: f64,
    /// Distance counted (corrected, and doubled for a return trip), km.
    pub distance_km: f64,
    pub emissions: Kg,
    pub factor_id: String,
    pub factor_version: String,
    pub factor_value: f64,
    pub factor_unit: String,
    /// The computation, e.g. `2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e`.
    pub formula: String,
    pub contrails: bool,
    /// Levy for the internal compensation fund, euro cents (none when no rule applies).
    pub levy_cents: Option<i64>,
    /// Why there is no levy, when there is none: `no_rule`, `ticket_price_unknown`, `invalid`.
    pub levy_note: Option<String>,
    pub flags: Vec<FlagOut>,
}

/// A place that could not be resolved, with the trips waiting for it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnresolvedPlace {
    pub text: String,
    pub country: String,
    pub trips: usize,
    pub message: String,
    pub suggestions: Vec<SuggestionOut>,
}

/// A candidate place.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionOut {
    pub name: String,
    pub country: String,
    pub geonameid: u32,
    pub population: u64,
}

/// How a user says where a place is.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PlaceFixInput {
    /// A GeoNames city (from the suggestions).
    Geoname { geonameid: u32 },
    /// An airport or metro-area IATA code.
    Iata { code: String },
    /// Explicit coordinates.
    Coordinates {
        name: String,
        country: String,
        lat: f64,
        lon: f64,
    },
}

/// A saved place fix.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceFixOut {
    pub id: i64,
    pub text: String,
    pub country: String,
    pub resolves_to: String,
}

/// The format of a mission file.
#[derive(Debug, Clone, PartialEq)]
pub enum MissionFormat {
    /// GES 1point5's missions export (tab-separated, 11 columns).
    Ges1point5,
    /// A CSV or XLSX expense/mission export read through a column mapping.
    Table(Box<ColumnProfile>),
}

/// A mission file to import.
#[derive(Debug, Clone, Copy)]
pub struct MissionFile<'a> {
    pub bytes: &'a [u8],
    pub file_name: &'a str,
    pub format: &'a MissionFormat,
    /// Unit charged when the file does not say (GES 1point5 files never do).
    pub org_unit: Option<&'a str>,
    /// Demo or example data, marked as such wherever shown.
    pub illustrative: bool,
}

/// A problem that refuses a file: line, column, message.
type RowProblem = (usize, Option<String>, String);

/// The levies of an import's trips of one year, unit and budget line.
#[derive(Debug, Default)]
struct LevyGroup {
    cents: i64,
    kg: f64,
    trips: usize,
}

/// Levies of an import grouped by (year, unit, budget line); a trip without a unit counts
/// under "—".
#[derive(Debug, Default)]
struct LevyGroups(BTreeMap<(i32, String, Option<String>), LevyGroup>);

impl LevyGroups {
    /// Adds a trip's levy to its group.
    fn add(
        &mut self,
        year: i32,
        unit: Option<&str>,
        budget_line: Option<&str>,
        cents: i64,
        kg: f64,
    ) {
        let g = self
            .0
            .entry((
                year,
                unit.unwrap_or("—").to_string(),
                budget_line.map(str::to_string),
            ))
            .or_default();
        g.cents += cents;
        g.kg += kg;
        g.trips += 1;
    }
}

/// A problem of a refused mission file, located in it.
fn file_problem(file_name: &str, lang: Lang, (line, column, message): RowProblem) -> Problem {
    Problem {
        file: file_name.to_string(),
        sheet: None,
        row: Some(line),
        column,
        element: None,
        message,
        lang,
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripImportReport {
    pub batch_id: i64,
    pub rows: usize,
    pub computed: usize,
    pub unresolved: usize,
    /// Repeated lines skipped (same traveller, date, places, mode): (line, first line).
    pub duplicates: Vec<(usize, usize)>,
    pub emissions: Kg,
    pub levy_cents: i64,
    pub flagged: usize,
}

/// A stored trip as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripView {
    pub id: i64,
    pub batch_id: i64,
    pub line: i32,
    pub mission: String,
    pub date: NaiveDate,
    pub traveller: Option<String>,
    pub org_unit: Option<String>,
    pub budget_line: Option<String>,
    pub origin: String,
    pub destination: String,
    pub mode: String,
    pub round_trip: bool,
    pub status: TripStatus,
    pub from_name: Option<String>,
    pub to_name: Option<String>,
    pub great_circle_km: Option<f64>,
    pub distance_km: Option<f64>,
    pub emissions: Option<Kg>,
    pub factor_id: Option<String>,
    pub formula: Option<String>,
    pub levy_cents: Option<i64>,
    pub flags: Vec<FlagOut>,
    /// Why the trip is not computed (a place Jalon could not find), as a code and arguments.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub problem: Option<TripProblem>,
}

/// Why a trip could not be computed, stored as a code and its arguments (JSON) and said in
/// the reader's language through the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TripProblem {
    /// A place of the trip is not found, or its country is unknown.
    Place(ResolveError),
    /// The trip was left out of the computation without a reason of its own.
    NotComputed,
    /// A problem written as text before problems were stored as codes.
    Text(String),
}

impl TripProblem {
    /// The problem a stored `trip.problem` holds (text stored before codes reads as text).
    pub fn from_stored(stored: &str) -> TripProblem {
        serde_json::from_str(stored).unwrap_or_else(|_| TripProblem::Text(stored.to_string()))
    }

    /// What is stored in `trip.problem`.
    pub fn stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// What the problem says, as a catalogue message.
    pub fn message(&self) -> Message {
        // The catalogue selects on "none" to leave a part out.
        let names = |s: Vec<String>| {
            if s.is_empty() {
                "none".to_string()
            } else {
                s.join(", ")
            }
        };
        match self {
            TripProblem::Place(ResolveError::Empty) => Message::new("trip-problem-empty"),
            TripProblem::Place(ResolveError::UnknownCountry {
                country,
                suggestions,
            }) => Message::new("trip-problem-unknown-country")
                .with("country", country.as_str())
                .with("suggestions", names(suggestions.clone())),
            TripProblem::Place(ResolveError::NotFound {
                text,
                country,
                suggestions,
            }) => Message::new("trip-problem-not-found")
                .with("place", text.as_str())
                .with("country", country.clone().unwrap_or_else(|| "none".into()))
                .with(
                    "suggestions",
                    names(
                        suggestions
                            .iter()
                            .map(|s| format!("{} ({})", s.name, s.country))
                            .collect(),
                    ),
                ),
            TripProblem::Place(ResolveError::BadFix { text, target }) => {
                Message::new("trip-problem-bad-fix")
                    .with("place", text.as_str())
                    .with("target", target.as_str())
            }
            TripProblem::NotComputed => Message::new("trip-problem-not-computed"),
            TripProblem::Text(text) => {
                Message::new("trip-problem-text").with("text", text.as_str())
            }
        }
    }
}

fn trip_view(r: &TripRow) -> TripView {
    TripView {
        id: r.id,
        batch_id: r.batch_id,
        line: r.line,
        mission: r.mission.clone(),
        date: r.date,
        traveller: r.traveller.clone(),
        org_unit: r.org_unit.clone(),
        budget_line: r.budget_line.clone(),
        origin: r.origin.clone(),
        destination: r.destination.clone(),
        mode: r.mode.clone(),
        round_trip: r.round_trip,
        status: r.status,
        from_name: r.from_name.clone(),
        to_name: r.to_name.clone(),
        great_circle_km: r.great_circle_km,
        distance_km: r.corrected_km,
        emissions: match (r.kg, r.kg_low, r.kg_high) {
            (Some(kg), Some(low), Some(high)) => Some(Kg { kg, low, high }),
            _ => None,
        },
        factor_id: r.factor_id.clone(),
        formula: r.formula.clone(),
        levy_cents: r.levy_cents,
        flags: r
            .flags
            .as_deref()
            .and_then(|f| serde_json::from_str(f).ok())
            .unwrap_or_default(),
        problem: r.problem.as_deref().map(TripProblem::from_stored),
    }
}

/// A page of trips.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripPage {
    pub total: u64,
    pub trips: Vec<TripView>,
}

pub(crate) fn transport_factors(contrails: bool) -> AppResult<TransportFactors> {
    let set = bundled_factor_set().map_err(|e| AppError::Internal(e.to_string()))?;
    TransportFactors::new(
        set,
        &TravelOptions {
            contrails,
            ..TravelOptions::default()
        },
    )
    .map_err(|e| AppError::Internal(e.to_string()))
}

fn fix_of(input: &PlaceFixInput) -> PlaceFix {
    match input {
        PlaceFixInput::Geoname { geonameid } => PlaceFix::Geoname(*geonameid),
        PlaceFixInput::Iata { code } => PlaceFix::Iata(code.trim().to_uppercase()),
        PlaceFixInput::Coordinates {
            name,
            country,
            lat,
            lon,
        } => PlaceFix::Coordinates {
            name: name.trim().to_string(),
            country: country.trim().to_uppercase(),
            lat: *lat,
            lon: *lon,
        },
    }
}

fn place_out(r: &jalon_carbon::Resolution) -> PlaceOut {
    PlaceOut {
        name: r.place.name.clone(),
        country: r.place.country.clone(),
        lat: r.place.lat,
        lon: r.place.lon,
        ambiguous: r.ambiguous,
    }
}

fn resolve_error(field: &'static str, e: &ResolveError) -> AppError {
    let detail = match e {
        ResolveError::NotFound {
            text, suggestions, ..
        } => {
            let s: Vec<String> = suggestions
                .iter()
                .take(5)
                .map(|s| format!("{} ({})", s.name, s.country))
                .collect();
            if s.is_empty() {
                text.clone()
            } else {
                format!("{text} — {}", s.join(", "))
            }
        }
        other => other.to_string(),
    };
    AppError::invalid(field, ErrorCode::UnknownPlace, detail)
}

/// The levy of a trip under the year's rule, or why there is none: `no_rule` (no price set
/// for the year), `ticket_price_unknown` (a share of a ticket whose price is not known) or
/// `invalid` (the rule cannot apply).
fn levy_for(
    schedule: &LevySchedule,
    year: i32,
    kg: f64,
    mode: TravelMode,
    ticket: Option<i64>,
) -> (Option<i64>, Option<String>) {
    match schedule.levy(year, kg, mode, ticket) {
        Ok(c) => (Some(c), None),
        Err(jalon_carbon::FundError::NoRule(_)) => (None, Some("no_rule".into())),
        Err(jalon_carbon::FundError::MissingTicketPrice) => {
            (None, Some("ticket_price_unknown".into()))
        }
        Err(_) => (None, Some("invalid".into())),
    }
}

/// Source of the inventory lines computed from the missions of `year`.
pub fn travel_source(year: i32) -> String {
    format!("Missions {year} (Jalon)")
}

/// One input row of a mission file, as the trips table stores it. Places, purposes and
/// statuses repeat from row to row: they are shared (a GES 1point5 file's reader gives each
/// distinct text once), not copied into every row.
struct InputRow {
    line: usize,
    mission: String,
    date: NaiveDate,
    traveller: Option<String>,
    org_unit: Option<Arc<str>>,
    budget_line: Option<String>,
    origin: Arc<str>,
    origin_country: Arc<str>,
    destination: Arc<str>,
    destination_country: Arc<str>,
    mode: TravelMode,
    occupants: Option<u32>,
    round_trip: bool,
    amount_cents: Option<i64>,
    purpose: Option<Arc<str>>,
    agent_status: Option<Arc<str>>,
}

impl App {
    pub(crate) async fn user_fixes(&self, institution_id: i64) -> AppResult<UserFixes> {
        let mut fixes = UserFixes::new();
        for f in repo::place_fixes(self.store.db(), institution_id).await? {
            if let Ok(fix) = serde_json::from_str::<PlaceFix>(&f.fix) {
                fixes.add(
                    &f.text,
                    Some(&f.country)
                        .filter(|c| !c.is_empty())
                        .map(String::as_str),
                    fix,
                );
            }
        }
        Ok(fixes)
    }

    pub(crate) async fn levy_schedule(&self, institution_id: i64) -> AppResult<LevySchedule> {
        levy_schedule_in(self.store.db(), institution_id).await
    }

    /// The footprint of one trip, its levy and its policy flags (anyone signed in).
    pub async fn trip_footprint(
        &self,
        actor: &Actor,
        input: &TripInput,
    ) -> AppResult<TripFootprint> {
        actor.require(Operation::View)?;
        let mode = TravelMode::parse(&input.mode)
            .ok_or_else(|| AppError::invalid("mode", ErrorCode::InvalidMode, input.mode.clone()))?;
        if input.occupants == Some(0) || input.occupants.is_some_and(|o| o > 100) {
            return Err(AppError::invalid(
                "occupants",
                ErrorCode::InvalidOccupants,
                input.occupants.unwrap_or(0).to_string(),
            ));
        }
        if input.ticket_cents.is_some_and(|t| t < 0) {
            return Err(AppError::invalid(
                "ticket_cents",
                ErrorCode::NegativeAmount,
                "",
            ));
        }
        let settings = self.travel_settings(actor.institution_id).await?;
        let fixes = self.user_fixes(actor.institution_id).await?;
        let resolver = Resolver::bundled(Some(&fixes));
        let country = |c: &Option<String>| {
            c.as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
        };
        let from = resolver
            .resolve(&input.from, country(&input.from_country).as_deref())
            .map_err(|e| resolve_error("from", &e))?;
        let to = resolver
            .resolve(&input.to, country(&input.to_country).as_deref())
            .map_err(|e| resolve_error("to", &e))?;
        let factors = transport_factors(settings.contrails)?;
        let leg = factors
            .leg(
                &from.place,
                &to.place,
                LegInput {
                    mode,
                    occupants: input.occupants,
                    round_trip: input.round_trip,
                },
            )
            .map_err(|e| AppError::invalid("mode", ErrorCode::InvalidTrip, e.to_string()))?;
        let year = input.date.map_or_else(|| self.current_year(), |d| d.year());
        let schedule = self.levy_schedule(actor.institution_id).await?;
        let (levy_cents, levy_note) = levy_for(&schedule, year, leg.kg(), mode, input.ticket_cents);
        let flags = policy_flags(&from.place, &to.place, &leg, &settings.policy())
            .iter()
            .map(flag_out)
            .collect();
        Ok(TripFootprint {
            from: place_out(&from),
            to: place_out(&to),
            mode: mode.ges1point5_label().to_string(),
            great_circle_km: leg.great_circle_km,
            distance_km: leg.total_km(),
            emissions: leg.estimate.into(),
            factor_id: leg.factor_id.to_string(),
            factor_version: leg.factor_version.to_string(),
            factor_value: leg.factor_value,
            factor_unit: format!("kgCO2e/{}", leg.factor_unit.short_label()),
            formula: leg.formula(),
            contrails: settings.contrails,
            levy_cents,
            levy_note,
            flags,
        })
    }

    /// Imports a mission file, all or nothing. Unresolved places are kept, not guessed.
    ///
    /// The work grows linearly with the file: the rows are read and computed once, the trips
    /// are built one multi-row insert at a time as they are written, and the levies are summed
    /// from the rows instead of read back.
    pub async fn import_trips(
        &self,
        actor: &Actor,
        file: &MissionFile<'_>,
        lang: Lang,
    ) -> AppResult<TripImportReport> {
        let org_unit = self.import_unit(actor, file.org_unit).await?;
        let shared_unit = org_unit.as_deref().map(Arc::from);
        let content_hash = self.not_imported_yet(actor, file.bytes).await?;
        let (rows, duplicates, fmt) = self.mission_rows(file, shared_unit.as_ref(), lang).await?;
        if rows.is_empty() {
            return Err(AppError::invalid("file", ErrorCode::NoRows, file.file_name));
        }
        let settings = self.travel_settings(actor.institution_id).await?;
        let legs = self
            .compute_rows(actor.institution_id, &rows, &settings)
            .await?;
        let (computed, problems) = outcomes(&rows, &legs);
        if !problems.is_empty() {
            return Err(AppError::ImportRefused(
                problems
                    .into_iter()
                    .map(|p| file_problem(file.file_name, lang, p))
                    .collect(),
            ));
        }
        let schedule = self.levy_schedule(actor.institution_id).await?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let batch = repo::insert_trip_batch(
            &txn,
            TripBatchActiveModel {
                institution_id: Set(actor.institution_id),
                file_name: Set(file.file_name.to_string()),
                format: Set(fmt.to_string()),
                org_unit: Set(org_unit),
                rows: Set(rows.len() as i32),
                duplicates: Set(duplicates.len() as i32),
                contrails: Set(settings.contrails),
                illustrative: Set(file.illustrative),
                imported_at: Set(now),
                imported_by: Set(actor.user_id),
                content_hash: Set(Some(content_hash)),
                ..Default::default()
            },
        )
        .await?;
        // The trips are built as they are written, one statement's worth at a time.
        let mut tally = ImportTally::default();
        let per_insert = repo::trips_per_insert(&txn);
        for (rows, outcomes) in rows.chunks(per_insert).zip(computed.chunks(per_insert)) {
            let mut trips = Vec::with_capacity(rows.len());
            for (row, outcome) in rows.iter().zip(outcomes) {
                let mut m = base_model(actor.institution_id, batch.id, row);
                let applied = apply_outcome(&mut m, row, outcome, &schedule, &settings);
                tally.add(row, applied);
                trips.push(m);
            }
            repo::insert_trips(&txn, trips).await?;
        }
        let levies = tally.levy_groups(&rows);
        let levy_cents = self
            .write_batch_levies(&txn, actor, batch.id, file.file_name, &levies)
            .await?;
        let report = tally.report(batch.id, rows.len(), duplicates, levy_cents);
        self.finish(txn, import_change(actor, &report, file.file_name), now)
            .await?;
        Ok(report)
    }

    /// The unit a mission file is charged to when it does not say, once the actor is known
    /// to be allowed to import for it.
    async fn import_unit(
        &self,
        actor: &Actor,
        org_unit: Option<&str>,
    ) -> AppResult<Option<String>> {
        let org_unit = org_unit
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        let member = self.member_of(actor, org_unit.as_deref()).await?;
        actor.require(Operation::EditCarbon {
            unit_member: member,
        })?;
        if let Some(u) = &org_unit {
            let view = self.view_for(actor).await?;
            if view.stored.ids.units.id(u).is_none() {
                return Err(AppError::invalid("unit", ErrorCode::UnknownUnit, u.clone()));
            }
        }
        Ok(org_unit)
    }

    /// The SHA-256 of a mission file, unless the institution imported the same file before:
    /// the same file twice would count its trips, and their levy, twice.
    async fn not_imported_yet(&self, actor: &Actor, bytes: &[u8]) -> AppResult<String> {
        let content_hash = crate::auth::sha256_bytes_hex(bytes);
        if let Some(earlier) =
            repo::trip_batch_by_content(self.store.db(), actor.institution_id, &content_hash)
                .await?
        {
            return Err(AppError::invalid(
                "file",
                ErrorCode::AlreadyImported,
                format!(
                    "{} ({})",
                    earlier.file_name,
                    earlier.imported_at.date_naive()
                ),
            ));
        }
        Ok(content_hash)
    }

    /// The rows of a mission file, the repeated lines skipped (line, first line) and the
    /// format's name; a file that cannot be read is refused with every problem located.
    async fn mission_rows(
        &self,
        file: &MissionFile<'_>,
        org_unit: Option<&Arc<str>>,
        lang: Lang,
    ) -> AppResult<(Vec<InputRow>, Vec<(usize, usize)>, &'static str)> {
        match file.format {
            MissionFormat::Ges1point5 => {
                let read = self.parse_off_thread(file.bytes, read_ges1point5).await?;
                let ges = read.map_err(|errs| {
                    AppError::ImportRefused(
                        errs.iter()
                            .map(|e| {
                                let at = (e.line, Some(e.column_name.clone()), e.message.clone());
                                file_problem(file.file_name, lang, at)
                            })
                            .collect(),
                    )
                })?;
                let rows = ges
                    .rows
                    .into_iter()
                    .map(|r| ges1point5_row(r, org_unit))
                    .collect();
                Ok((rows, Vec::new(), "ges1point5"))
            }
            MissionFormat::Table(profile) => {
                let (rows, duplicates) = self.table_rows(file, profile, org_unit, lang).await?;
                Ok((rows, duplicates, "table"))
            }
        }
    }

    /// The rows of an expense export read through a column mapping, and its duplicates.
    async fn table_rows(
        &self,
        file: &MissionFile<'_>,
        profile: &ColumnProfile,
        org_unit: Option<&Arc<str>>,
        lang: Lang,
    ) -> AppResult<(Vec<InputRow>, Vec<(usize, usize)>)> {
        let read = move |b: &[u8], n: &str| read_table(b, n, lang);
        let table = self.read_file(file.bytes, file.file_name, read).await?;
        let cells: Vec<Vec<String>> = table.rows.iter().map(|(_, c)| c.clone()).collect();
        let lines: Vec<usize> = table.rows.iter().map(|(l, _)| *l).collect();
        // The mapper numbers rows from 2 (after the header); give users the file's lines.
        let line_of = |row: usize| lines.get(row.saturating_sub(2)).copied().unwrap_or(row);
        let mapped = map_table(&table.header, &cells, profile).map_err(|errs| {
            AppError::ImportRefused(
                errs.iter()
                    .map(|e| match e {
                        jalon_carbon::MappingError::MissingColumn(c) => {
                            file_problem(file.file_name, lang, (1, Some(c.clone()), e.to_string()))
                        }
                        jalon_carbon::MappingError::Cell {
                            row,
                            column_name,
                            message,
                            ..
                        } => file_problem(
                            file.file_name,
                            lang,
                            (line_of(*row), Some(column_name.clone()), message.clone()),
                        ),
                    })
                    .collect(),
            )
        })?;
        let rows = mapped
            .records
            .iter()
            .map(|r| InputRow {
                line: line_of(r.row),
                mission: r.mission_id.clone(),
                date: r.date,
                traveller: Some(r.traveller.clone()).filter(|s| !s.is_empty()),
                org_unit: Some(r.unit.as_str())
                    .filter(|s| !s.is_empty())
                    .map(Arc::from)
                    .or_else(|| org_unit.cloned()),
                budget_line: r.budget_line.clone(),
                origin: r.origin.as_str().into(),
                origin_country: r.origin_country.as_str().into(),
                destination: r.destination.as_str().into(),
                destination_country: r.destination_country.as_str().into(),
                mode: r.mode,
                occupants: r.occupants,
                round_trip: r.round_trip,
                amount_cents: r.amount_cents,
                purpose: None,
                agent_status: None,
            })
            .collect();
        let duplicates = mapped
            .duplicates
            .iter()
            .map(|(a, b)| (line_of(*a), line_of(*b)))
            .collect();
        Ok((rows, duplicates))
    }

    /// Resolves and computes rows: the legs computed (the outcome of each row borrows from
    /// them, see [`outcomes`]) and the errors.
    async fn compute_rows(
        &self,
        institution_id: i64,
        rows: &[InputRow],
        settings: &TravelSettings,
    ) -> AppResult<TripBatch> {
        let fixes = self.user_fixes(institution_id).await?;
        let resolver = Resolver::bundled(Some(&fixes));
        let factors = transport_factors(settings.contrails)?;
        let requests = leg_requests(rows);
        Ok(compute_legs(&requests, &resolver, &factors))
    }

    /// Rewrites the levies of an import from its computed trips as stored (after their levy
    /// or their place changed): one ledger entry per year, unit and budget line. Returns the
    /// total levied.
    async fn rewrite_batch_levies<C: jalon_store::ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        batch_id: i64,
        file_name: &str,
        _now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<i64> {
        let mut groups = LevyGroups::default();
        for (year, unit, budget_line, cents, kg) in
            repo::batch_trip_levies(conn, actor.institution_id, batch_id).await?
        {
            groups.add(year, unit.as_deref(), budget_line.as_deref(), cents, kg);
        }
        self.write_batch_levies(conn, actor, batch_id, file_name, &groups)
            .await
    }

    /// Replaces the ledger entries of an import by its levies, one entry per group with
    /// something levied. Returns the total levied.
    async fn write_batch_levies<C: jalon_store::ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        batch_id: i64,
        file_name: &str,
        groups: &LevyGroups,
    ) -> AppResult<i64> {
        repo::delete_batch_levies(conn, batch_id).await?;
        let entries: Vec<NewLedgerEntry> = groups
            .0
            .iter()
            .filter(|(_, g)| g.cents > 0)
            .map(|((year, unit, budget_line), g)| NewLedgerEntry {
                year: *year,
                date: None,
                kind: jalon_core::fund::MovementKind::Levy,
                unit: unit.clone(),
                budget_line: budget_line.clone(),
                amount_cents: g.cents,
                description: file_name.to_string(),
                kg: Some(g.kg),
                expected_reduction_kg: None,
                batch_id: Some(batch_id),
                trips: Some(g.trips as i64),
            })
            .collect();
        repo::add_ledger_entries(
            conn,
            actor.institution_id,
            &entries,
            actor.user_id,
            self.now(),
        )
        .await?;
        Ok(groups.0.values().map(|g| g.cents).sum())
    }

    /// Trips, filtered and paged.
    pub async fn trips(
        &self,
        actor: &Actor,
        filter: &TripFilter,
        offset: u64,
        limit: u64,
    ) -> AppResult<TripPage> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        // Who travelled is personal data: only those who manage the missions see it.
        let see_travellers = actor
            .require(Operation::EditCarbon { unit_member: false })
            .is_ok();
        Ok(TripPage {
            total: repo::count_trips(db, actor.institution_id, filter).await?,
            trips: repo::trips(db, actor.institution_id, filter, offset, limit.min(1000))
                .await?
                .iter()
                .map(trip_view)
                .map(|mut t| {
                    if !see_travellers {
                        t.traveller = None;
                    }
                    t
                })
                .collect(),
        })
    }

    /// Years with trips.
    pub async fn trip_years(&self, actor: &Actor) -> AppResult<Vec<i32>> {
        actor.require(Operation::View)?;
        Ok(repo::trip_years(self.store.db(), actor.institution_id).await?)
    }

    /// Places waiting for a fix, with suggestions, most frequent first.
    pub async fn unresolved_places(&self, actor: &Actor) -> AppResult<Vec<UnresolvedPlace>> {
        actor.require(Operation::View)?;
        let trips = repo::trips(
            self.store.db(),
            actor.institution_id,
            &TripFilter {
                status: Some(TripStatus::Unresolved),
                ..Default::default()
            },
            0,
            u64::MAX,
        )
        .await?;
        let fixes = self.user_fixes(actor.institution_id).await?;
        let resolver = Resolver::bundled(Some(&fixes));
        let mut places: BTreeMap<(String, String), (usize, Option<ResolveError>)> = BTreeMap::new();
        for t in &trips {
            for (text, country) in [
                (&t.origin, &t.origin_country),
                (&t.destination, &t.destination_country),
            ] {
                let c = Some(country.as_str()).filter(|c| !c.is_empty());
                if let Err(e) = resolver.resolve(text, c) {
                    let entry = places
                        .entry((text.clone(), country.clone()))
                        .or_insert((0, None));
                    entry.0 += 1;
                    entry.1 = Some(e);
                }
            }
        }
        let mut out: Vec<UnresolvedPlace> = places
            .into_iter()
            .map(|((text, country), (n, e))| UnresolvedPlace {
                message: e.as_ref().map(ToString::to_string).unwrap_or_default(),
                suggestions: match e {
                    Some(ResolveError::NotFound { suggestions, .. }) => suggestions
                        .iter()
                        .take(6)
                        .map(|s| SuggestionOut {
                            name: s.name.clone(),
                            country: s.country.clone(),
                            geonameid: s.geonameid,
                            population: s.population,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                text,
                country,
                trips: n,
            })
            .collect();
        out.sort_by(|a, b| b.trips.cmp(&a.trips).then_with(|| a.text.cmp(&b.text)));
        Ok(out)
    }

    /// The institution's place fixes.
    pub async fn place_fixes(&self, actor: &Actor) -> AppResult<Vec<PlaceFixOut>> {
        actor.require(Operation::View)?;
        Ok(repo::place_fixes(self.store.db(), actor.institution_id)
            .await?
            .into_iter()
            .map(|f| PlaceFixOut {
                id: f.id,
                text: f.text,
                country: f.country,
                resolves_to: f.label,
            })
            .collect())
    }

    /// Says where a place is; every trip waiting for it is computed. Returns how many.
    pub async fn fix_place(
        &self,
        actor: &Actor,
        text: &str,
        country: &str,
        input: &PlaceFixInput,
    ) -> AppResult<usize> {
        actor
            .require(Operation::EditCarbon { unit_member: false })
            .or_else(|_| {
                // Contributors may fix places too: a place name is not a unit's data.
                actor.require(Operation::EditCarbon { unit_member: true })
            })?;
        let text = text.trim();
        let country = country.trim();
        if text.is_empty() {
            return Err(AppError::invalid("text", ErrorCode::Required, ""));
        }
        let fix = fix_of(input);
        if let PlaceFix::Coordinates { lat, lon, .. } = &fix
            && (!(-90.0..=90.0).contains(lat) || !(-180.0..=180.0).contains(lon))
        {
            return Err(AppError::invalid(
                "coordinates",
                ErrorCode::InvalidCoordinates,
                format!("{lat}, {lon}"),
            ));
        }
        let mut single = UserFixes::new();
        single.add(text, Some(country).filter(|c| !c.is_empty()), fix.clone());
        let resolved = Resolver::bundled(Some(&single))
            .resolve(text, Some(country).filter(|c| !c.is_empty()))
            .map_err(|e| AppError::invalid("fix", ErrorCode::InvalidFix, e.to_string()))?;
        let label = format!("{} ({})", resolved.place.name, resolved.place.country);
        let json = serde_json::to_string(&fix).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let new = repo::NewPlaceFix {
            institution_id: actor.institution_id,
            text,
            country,
            fix_json: &json,
            label: &label,
            user_id: actor.user_id,
        };
        repo::upsert_place_fix(&txn, new, now).await?;
        self.finish(
            txn,
            actor.change(
                "place_fix",
                None,
                "update",
                Message::new("journal-place-fixed")
                    .with("text", text)
                    .with("country", country)
                    .with("place", label),
            ),
            now,
        )
        .await?;
        self.recompute_unresolved(actor).await
    }

    /// Deletes a place fix (trips already computed keep their place).
    pub async fn delete_place_fix(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Operation::ManageFund)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::delete_place_fix(&txn, actor.institution_id, id)
            .await
            .map_err(|_| AppError::NotFound("place_fix"))?;
        self.finish(
            txn,
            actor.change(
                "place_fix",
                Some(id),
                "delete",
                Message::new("journal-place-fix-deleted"),
            ),
            now,
        )
        .await
    }

    /// Computes the trips that were waiting for places now known. Returns how many.
    async fn recompute_unresolved(&self, actor: &Actor) -> AppResult<usize> {
        let db = self.store.db();
        let pending = repo::trips(
            db,
            actor.institution_id,
            &TripFilter {
                status: Some(TripStatus::Unresolved),
                ..Default::default()
            },
            0,
            u64::MAX,
        )
        .await?;
        if pending.is_empty() {
            return Ok(0);
        }
        let settings = self.travel_settings(actor.institution_id).await?;
        let rows: Vec<InputRow> = pending.iter().filter_map(input_of).collect();
        let legs = self
            .compute_rows(actor.institution_id, &rows, &settings)
            .await?;
        let (outcomes, _) = outcomes(&rows, &legs);
        let schedule = self.levy_schedule(actor.institution_id).await?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let mut fixed = 0;
        let mut batches = BTreeMap::new();
        for ((trip, row), outcome) in pending.iter().zip(&rows).zip(&outcomes) {
            if let Outcome::Computed { .. } = outcome {
                let mut m: TripActiveModel = trip.clone().into();
                apply_outcome(&mut m, row, outcome, &schedule, &settings);
                repo::update_trip(&txn, m).await?;
                fixed += 1;
                batches.insert(trip.batch_id, ());
            }
        }
        for batch_id in batches.keys() {
            let file = repo::trip_batch(&txn, actor.institution_id, *batch_id)
                .await?
                .file_name;
            self.rewrite_batch_levies(&txn, actor, *batch_id, &file, now)
                .await?;
        }
        self.finish(
            txn,
            actor.change(
                "trip_batch",
                None,
                "recompute",
                Message::new("journal-trips-recomputed").with("count", fixed),
            ),
            now,
        )
        .await?;
        Ok(fixed)
    }

    /// Recomputes the levies of every trip of `year` within the caller's transaction (after
    /// the year's rule changed); the caller commits.
    pub(crate) async fn recompute_levies<C: jalon_store::ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        year: i32,
    ) -> AppResult<()> {
        let trips = repo::trips(
            conn,
            actor.institution_id,
            &TripFilter {
                year: Some(year),
                status: Some(TripStatus::Computed),
                ..Default::default()
            },
            0,
            u64::MAX,
        )
        .await?;
        let schedule = levy_schedule_in(conn, actor.institution_id).await?;
        let now = self.now();
        let mut batches = BTreeMap::new();
        for t in &trips {
            let Some(mode) = TravelMode::parse(&t.mode) else {
                continue;
            };
            let (levy, _) = levy_for(&schedule, year, t.kg.unwrap_or(0.0), mode, t.amount_cents);
            if levy != t.levy_cents {
                let mut m: TripActiveModel = t.clone().into();
                m.levy_cents = Set(levy);
                repo::update_trip(conn, m).await?;
            }
            batches.insert(t.batch_id, ());
        }
        for batch_id in batches.keys() {
            let file = repo::trip_batch(conn, actor.institution_id, *batch_id)
                .await?
                .file_name;
            self.rewrite_batch_levies(conn, actor, *batch_id, &file, now)
                .await?;
        }
        Ok(())
    }

    /// Deletes a mission import with its trips and levies.
    pub async fn delete_trip_batch(&self, actor: &Actor, batch_id: i64) -> AppResult<()> {
        let batch = repo::trip_batch(self.store.db(), actor.institution_id, batch_id)
            .await
            .map_err(|_| AppError::NotFound("trip_import"))?;
        let member = self.member_of(actor, batch.org_unit.as_deref()).await?;
        actor.require(Operation::EditCarbon {
            unit_member: member,
        })?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::delete_trip_batch(&txn, batch_id).await?;
        self.finish(
            txn,
            actor.change(
                "trip_batch",
                Some(batch_id),
                "delete",
                Message::new("journal-missions-deleted").with("file", &batch.file_name),
            ),
            now,
        )
        .await
    }

    /// The institution's mission imports.
    pub async fn trip_batches(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<jalon_store::carbon::TripBatchRow>> {
        actor.require(Operation::View)?;
        Ok(repo::trip_batches(self.store.db(), actor.institution_id).await?)
    }

    /// The trips of a year (or an import) as a GES 1point5 missions file.
    pub async fn export_trips_ges1point5(
        &self,
        actor: &Actor,
        filter: &TripFilter,
    ) -> AppResult<Vec<u8>> {
        actor.require(Operation::View)?;
        let trips = repo::trips(self.store.db(), actor.institution_id, filter, 0, u64::MAX).await?;
        let rows = trips
            .iter()
            .filter_map(|t| {
                let mode = TravelMode::parse(&t.mode)?;
                let occupants = t.occupants.and_then(|o| u32::try_from(o).ok());
                let mut row = Ges1p5Row::new(
                    t.mission.clone(),
                    t.date,
                    (&t.origin, &t.origin_country),
                    (&t.destination, &t.destination_country),
                    mode,
                    occupants,
                    t.round_trip,
                );
                row.purpose = Arc::from(t.purpose.clone().unwrap_or_default().as_str());
                row.status = Arc::from(t.agent_status.clone().unwrap_or_default().as_str());
                Some(row)
            })
            .collect();
        Ok(write_ges1point5(&Ges1p5File::new(rows)))
    }

    /// Replaces an inventory's business-travel lines computed from missions by the current
    /// trips of its year: one line per emission factor (passenger.km, or vehicle.km shares for
    /// cars), so the inventory and the missions never disagree. A lab's inventory takes the
    /// trips charged to the lab; the institution's takes every other trip. Returns the lines.
    pub async fn travel_into_inventory(
        &self,
        actor: &Actor,
        inventory_id: i64,
    ) -> AppResult<usize> {
        let (row, unit) = self.inventory_for_edit(actor, inventory_id).await?;
        let factors = self
            .factor_set(actor.institution_id, &row.factor_version)
            .await?;
        let db = self.store.db();
        let with_inventory: Vec<String> = {
            let view = self.view_for(actor).await?;
            let ids: Vec<i64> = repo::inventories(db, actor.institution_id)
                .await?
                .iter()
                .filter(|i| i.year == row.year)
                .filter_map(|i| i.org_unit_id)
                .collect();
            view.doc()
                .org_units
                .iter()
                .filter(|u| {
                    view.stored
                        .ids
                        .units
                        .id(&u.code)
                        .is_some_and(|id| ids.contains(&id))
                })
                .map(|u| u.code.clone())
                .collect()
        };
        let trips = repo::trips(
            db,
            actor.institution_id,
            &TripFilter {
                year: Some(row.year),
                status: Some(TripStatus::Computed),
                ..Default::default()
            },
            0,
            u64::MAX,
        )
        .await?;
        let mine = |t: &&TripRow| match (&unit, &t.org_unit) {
            (Some(u), Some(code)) => *code == u.code,
            (Some(_), None) => false,
            (None, Some(code)) => !with_inventory.contains(code),
            (None, None) => true,
        };
        let mut acc: BTreeMap<String, (f64, usize)> = BTreeMap::new();
        for t in trips.iter().filter(mine) {
            let (Some(factor_id), Some(km)) = (&t.factor_id, t.corrected_km) else {
                continue;
            };
            let occupants = f64::from(t.occupants.unwrap_or(1).max(1));
            let e = acc.entry(factor_id.clone()).or_default();
            e.0 += km / occupants;
            e.1 += 1;
        }
        let source = travel_source(row.year);
        let mut lines = Vec::with_capacity(acc.len());
        for (factor_id, (quantity, n)) in &acc {
            let factor = factors.get(factor_id).ok_or_else(|| {
                AppError::invalid(
                    "factor_id",
                    ErrorCode::UnknownFactor,
                    format!("{factor_id} ({})", row.factor_version),
                )
            })?;
            lines.push(NewActivity {
                post: jalon_carbon::BegesPost::BusinessTravel.code().to_string(),
                label: factor.name_fr.clone(),
                quantity: (quantity * 10.0).round() / 10.0,
                unit: factor.unit.per.label().to_string(),
                factor_id: factor_id.clone(),
                quality: "calculated".into(),
                source: Some(source.clone()),
                comment: None,
                trips: Some(*n as i64),
            });
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::delete_activities_from(&txn, inventory_id, &source).await?;
        repo::add_activities(&txn, inventory_id, &lines, now).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory",
                entity_id: Some(inventory_id),
                operation: "travel",
                message: Message::new("journal-travel-lines")
                    .with("count", lines.len())
                    .with("year", row.year),
                before: None,
                after: None,
            },
            now,
            Feed::Carbon,
        )
        .await?;
        Ok(lines.len())
    }

    /// What-if: the trips of `year` under a scenario (e.g. no flights under 700 km).
    pub async fn simulate_trips(
        &self,
        actor: &Actor,
        year: i32,
        scenario: &Scenario,
    ) -> AppResult<WhatIf> {
        actor.require(Operation::View)?;
        let trips = repo::trips(
            self.store.db(),
            actor.institution_id,
            &TripFilter {
                year: Some(year),
                status: Some(TripStatus::Computed),
                ..Default::default()
            },
            0,
            u64::MAX,
        )
        .await?;
        if trips.is_empty() {
            return Err(AppError::NotFound("trip"));
        }
        let settings = self.travel_settings(actor.institution_id).await?;
        let fixes = self.user_fixes(actor.institution_id).await?;
        let resolver = Resolver::bundled(Some(&fixes));
        let factors = transport_factors(settings.contrails)?;
        let rows: Vec<InputRow> = trips.iter().filter_map(input_of).collect();
        let requests = leg_requests(&rows);
        let batch = compute_legs(&requests, &resolver, &factors);
        let tickets: Vec<Option<i64>> = batch
            .legs
            .iter()
            .map(|l| rows.get(l.line).and_then(|r| r.amount_cents))
            .collect();
        let schedule = self.levy_schedule(actor.institution_id).await?;
        simulate(
            &batch,
            &factors,
            scenario,
            schedule.by_year.get(&year),
            Some(&tickets),
        )
        .map_err(|e| AppError::Internal(e.to_string()))
    }
}

/// The legs of rows to compute, numbered by their index so results map back exactly.
fn leg_requests(rows: &[InputRow]) -> Vec<LegRequest<'_>> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| LegRequest {
            line: i,
            mission: &r.mission,
            from: &r.origin,
            from_country: &r.origin_country,
            to: &r.destination,
            to_country: &r.destination_country,
            input: LegInput {
                mode: r.mode,
                occupants: r.occupants,
                round_trip: r.round_trip,
            },
            from_column: 0,
            to_column: 0,
        })
        .collect()
}

/// What became of one row: its footprint and places, borrowed from the computed batch (not
/// copied: a file may hold a million rows), or why it has none.
enum Outcome<'a> {
    Computed {
        leg: &'a jalon_carbon::LegFootprint,
        from: &'a jalon_carbon::Place,
        to: &'a jalon_carbon::Place,
    },
    Unresolved(Box<TripProblem>),
}

/// Splits a computed batch into per-row outcomes and file-refusing problems.
fn outcomes<'a>(rows: &[InputRow], batch: &'a TripBatch) -> (Vec<Outcome<'a>>, Vec<RowProblem>) {
    let mut out: Vec<Option<Outcome<'a>>> = (0..rows.len()).map(|_| None).collect();
    let mut problems = Vec::new();
    for ComputedLeg {
        line,
        from,
        to,
        footprint,
        ..
    } in &batch.legs
    {
        if let Some(slot) = out.get_mut(*line) {
            *slot = Some(Outcome::Computed {
                leg: footprint,
                from: &batch.places[*from as usize].2.place,
                to: &batch.places[*to as usize].2.place,
            });
        }
    }
    for e in &batch.errors {
        let row_line = rows.get(e.line).map_or(e.line, |r| r.line);
        match &e.resolve {
            Some(r) => {
                if let Some(slot) = out.get_mut(e.line) {
                    *slot = Some(Outcome::Unresolved(Box::new(TripProblem::Place(r.clone()))));
                }
            }
            None => problems.push((row_line, None, e.message.clone())),
        }
    }
    let outcomes = out
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Unresolved(Box::new(TripProblem::NotComputed))))
        .collect();
    (outcomes, problems)
}

fn base_model(institution_id: i64, batch_id: i64, r: &InputRow) -> TripActiveModel {
    TripActiveModel {
        institution_id: Set(institution_id),
        batch_id: Set(batch_id),
        line: Set(r.line as i32),
        mission: Set(r.mission.clone()),
        date: Set(r.date),
        year: Set(r.date.year()),
        traveller: Set(r.traveller.clone()),
        org_unit: Set(r.org_unit.as_deref().map(str::to_string)),
        budget_line: Set(r.budget_line.clone()),
        origin: Set(r.origin.to_string()),
        origin_country: Set(r.origin_country.to_string()),
        destination: Set(r.destination.to_string()),
        destination_country: Set(r.destination_country.to_string()),
        mode: Set(r.mode.ges1point5_label().to_string()),
        occupants: Set(r.occupants.and_then(|o| i32::try_from(o).ok())),
        round_trip: Set(r.round_trip),
        amount_cents: Set(r.amount_cents),
        purpose: Set(r.purpose.as_deref().map(str::to_string)),
        agent_status: Set(r.agent_status.as_deref().map(str::to_string)),
        ..Default::default()
    }
}

/// What a row's outcome adds to an import's report.
#[derive(Debug, Clone, Copy)]
enum Applied {
    Computed {
        estimate: jalon_carbon::Estimate,
        /// The trip raised a policy flag.
        flagged: bool,
        levy_cents: Option<i64>,
    },
    Unresolved,
}

/// Writes what became of a row into its model.
fn apply_outcome(
    m: &mut TripActiveModel,
    row: &InputRow,
    outcome: &Outcome<'_>,
    schedule: &LevySchedule,
    settings: &TravelSettings,
) -> Applied {
    match outcome {
        Outcome::Computed { leg, from, to } => {
            let flags: Vec<FlagOut> = policy_flags(from, to, leg, &settings.policy())
                .iter()
                .map(flag_out)
                .collect();
            let (levy, _) = levy_for(
                schedule,
                row.date.year(),
                leg.kg(),
                row.mode,
                row.amount_cents,
            );
            m.status = Set(TripStatus::Computed);
            m.from_name = Set(Some(from.name.clone()));
            m.from_country_code = Set(Some(from.country.clone()));
            m.to_name = Set(Some(to.name.clone()));
            m.to_country_code = Set(Some(to.country.clone()));
            m.great_circle_km = Set(Some(leg.great_circle_km));
            m.corrected_km = Set(Some(leg.total_km()));
            m.kg = Set(Some(leg.kg()));
            m.kg_low = Set(Some(leg.estimate.low()));
            m.kg_high = Set(Some(leg.estimate.high()));
            m.factor_id = Set(Some(leg.factor_id.to_string()));
            m.factor_version = Set(Some(leg.factor_version.to_string()));
            m.factor_value = Set(Some(leg.factor_value));
            m.formula = Set(Some(leg.formula()));
            m.levy_cents = Set(levy);
            m.flags =
                Set((!flags.is_empty()).then(|| serde_json::to_string(&flags).unwrap_or_default()));
            m.problem = Set(None);
            Applied::Computed {
                estimate: leg.estimate,
                flagged: !flags.is_empty(),
                levy_cents: levy,
            }
        }
        Outcome::Unresolved(problem) => {
            m.status = Set(TripStatus::Unresolved);
            m.problem = Set(Some(problem.stored()));
            m.flags = Set(None);
            Applied::Unresolved
        }
    }
}

/// What an import's rows add up to, gathered as their trips are written (in row order).
#[derive(Debug, Default)]
struct ImportTally {
    computed: usize,
    unresolved: usize,
    flagged: usize,
    /// The computed trips' estimates, in row order.
    estimates: Vec<jalon_carbon::Estimate>,
    /// (date, row, levy in cents, kgCO2e) of each computed trip with a levy, in row order.
    levies: Vec<(NaiveDate, usize, i64, f64)>,
}

impl ImportTally {
    /// Counts the next row.
    fn add(&mut self, row: &InputRow, applied: Applied) {
        let index = self.computed + self.unresolved;
        match applied {
            Applied::Computed {
                estimate,
                flagged,
                levy_cents,
            } => {
                self.computed += 1;
                self.flagged += usize::from(flagged);
                self.estimates.push(estimate);
                if let Some(cents) = levy_cents {
                    self.levies.push((row.date, index, cents, estimate.kg));
                }
            }
            Applied::Unresolved => self.unresolved += 1,
        }
    }

    /// The levies grouped for the ledger, summed in the order the stored trips are listed
    /// (date, then id: ids follow the rows' order), as [`App::rewrite_batch_levies`] sums them
    /// from the database, so that both give the same figures to the last bit.
    fn levy_groups(&mut self, rows: &[InputRow]) -> LevyGroups {
        // A stable sort: the rows of one date keep their order.
        self.levies.sort_by_key(|l| l.0);
        let mut groups = LevyGroups::default();
        for &(_, index, cents, kg) in &self.levies {
            let r = &rows[index];
            let (unit, budget_line) = (r.org_unit.as_deref(), r.budget_line.as_deref());
            groups.add(r.date.year(), unit, budget_line, cents, kg);
        }
        groups
    }

    /// The report of the import.
    fn report(
        &self,
        batch_id: i64,
        rows: usize,
        duplicates: Vec<(usize, usize)>,
        levy_cents: i64,
    ) -> TripImportReport {
        TripImportReport {
            batch_id,
            rows,
            computed: self.computed,
            unresolved: self.unresolved,
            duplicates,
            emissions: jalon_carbon::Estimate::sum(self.estimates.iter()).into(),
            levy_cents,
            flagged: self.flagged,
        }
    }
}

/// The audit entry of an import: what it did, not what the file holds.
fn import_change<'a>(actor: &Actor, report: &TripImportReport, file_name: &str) -> Change<'a> {
    Change {
        institution_id: actor.institution_id,
        user_id: actor.user_id,
        entity_kind: "trip_batch",
        entity_id: Some(report.batch_id),
        operation: "import",
        message: Message::new("journal-missions-imported")
            .with("count", report.rows)
            .with("file", file_name)
            .with("computed", report.computed)
            .with("unresolved", report.unresolved)
            .with("tonnes", report.emissions.kg / 1000.0),
        before: None,
        after: None,
    }
}

/// A row of a GES 1point5 file as the trips table stores it (GES 1point5 files name no unit:
/// the import's is used).
fn ges1point5_row(r: Ges1p5Row, org_unit: Option<&Arc<str>>) -> InputRow {
    InputRow {
        line: r.line,
        mission: r.mission,
        date: r.date,
        traveller: None,
        org_unit: org_unit.cloned(),
        budget_line: None,
        origin: r.from_city,
        origin_country: r.from_country,
        destination: r.to_city,
        destination_country: r.to_country,
        mode: r.mode,
        occupants: r.occupants,
        round_trip: r.round_trip,
        amount_cents: None,
        purpose: Some(r.purpose).filter(|s| !s.is_empty()),
        agent_status: Some(r.status).filter(|s| !s.is_empty()),
    }
}

fn input_of(t: &TripRow) -> Option<InputRow> {
    Some(InputRow {
        line: usize::try_from(t.line).unwrap_or(0),
        mission: t.mission.clone(),
        date: t.date,
        traveller: t.traveller.clone(),
        org_unit: t.org_unit.as_deref().map(Arc::from),
        budget_line: t.budget_line.clone(),
        origin: t.origin.as_str().into(),
        origin_country: t.origin_country.as_str().into(),
        destination: t.destination.as_str().into(),
        destination_country: t.destination_country.as_str().into(),
        mode: TravelMode::parse(&t.mode)?,
        occupants: t.occupants.and_then(|o| u32::try_from(o).ok()),
        round_trip: t.round_trip,
        amount_cents: t.amount_cents,
        purpose: t.purpose.as_deref().map(Arc::from),
        agent_status: t.agent_status.as_deref().map(Arc::from),
    })
}

/// The levy rules of every year, as stored (read within the caller's transaction when there
/// is one, so that a rule just written counts).
async fn levy_schedule_in<C: jalon_store::ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> AppResult<LevySchedule> {
    let mut schedule = LevySchedule::default();
    for r in repo::levy_rules(conn, institution_id).await? {
        let rule: LevyRule =
            serde_json::from_str(&r.rule).map_err(|e| AppError::Internal(e.to_string()))?;
        schedule = schedule.with(r.year, rule);
    }
    Ok(schedule)
}
