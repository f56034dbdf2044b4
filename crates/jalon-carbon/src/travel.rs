//! Business-travel footprints: the distance method shared by GES 1point5 (labos1point5), EPFL
//! and others, with ADEME Impact CO2 factors.
//!
//! For each leg: great-circle distance between the resolved places (haversine, 6371 km sphere),
//! corrected for the real path — plane **+95 km** (take-off, landing and detours: the DGAC/ADEME
//! convention that GES 1point5 applies), train and RER **×1.2**, car and taxi **×1.3**,
//! bus/coach **×1.5**, metro **×1.7**, tram **×1.5** (coefficients of the GES 1point5 / labos1point5
//! travel method, Mariette et al. 2022, *Environ. Res.: Infrastruct. Sustain.* 2 035008, also used
//! by EPFL); ferry ×1.0 (no published coefficient: doubtful). Then the factor:
//!
//! * plane: by band of corrected distance — ≤ 1000 km short haul, ≤ 2000 km medium, ≤ 5000 km
//!   medium-long, beyond long haul (Impact CO2 bands) — **with or without contrails**
//!   ([`TravelOptions::contrails`]);
//! * train: TGV when both ends are in France and the corrected distance is ≥ 200 km, TER below;
//!   Intercités as a proxy outside France (no international rail factor in Impact CO2);
//! * bus: coach (*autocar*) from 20 km corrected, city bus below;
//! * car and taxi: factor per vehicle.km divided by the occupants;
//! * round trips count twice.
//!
//! Every leg carries its explanation ([`LegFootprint::formula`]), e.g.
//! `2 × (677 km + 95 km) × 0.2246 kgCO2e/p.km = 346.7 kgCO2e`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::factor::{FactorError, FactorSet};
use crate::geo::{Place, Resolution, ResolveError, Resolver};
use crate::ges1point5::Ges1p5File;
use crate::inventory::{ActivityData, BegesPost, DataQuality};
use crate::normalize::fold;
use crate::uncertainty::{Estimate, Term, aggregate, sigma_from_relative};
use crate::units::ActivityUnit;

pub use crate::geo::great_circle_km;

/// Modes of transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// Plane.
    Plane,
    /// Train (TGV, TER, Intercités).
    Train,
    /// Car (driven, rented, personal).
    Car,
    /// Bus or coach.
    Bus,
    /// Taxi.
    Taxi,
    /// RER / Transilien.
    Rer,
    /// Metro.
    Metro,
    /// Tram.
    Tram,
    /// Ferry.
    Ferry,
}

impl TravelMode {
    /// All modes.
    pub const ALL: [TravelMode; 9] = [
        TravelMode::Plane,
        TravelMode::Train,
        TravelMode::Car,
        TravelMode::Bus,
        TravelMode::Taxi,
        TravelMode::Rer,
        TravelMode::Metro,
        TravelMode::Tram,
        TravelMode::Ferry,
    ];

    /// Label used in the GES 1point5 file.
    pub fn ges1point5_label(self) -> &'static str {
        match self {
            TravelMode::Plane => "avion",
            TravelMode::Train => "train",
            TravelMode::Car => "voiture",
            TravelMode::Bus => "bus",
            TravelMode::Taxi => "taxi",
            TravelMode::Rer => "RER",
            TravelMode::Metro => "métro",
            TravelMode::Tram => "tramway",
            TravelMode::Ferry => "ferry",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            TravelMode::Plane => "plane",
            TravelMode::Train => "train",
            TravelMode::Car => "car",
            TravelMode::Bus => "bus",
            TravelMode::Taxi => "taxi",
            TravelMode::Rer => "suburban train",
            TravelMode::Metro => "metro",
            TravelMode::Tram => "tram",
            TravelMode::Ferry => "ferry",
        }
    }

    /// Parses a mode as written in GES 1point5 files or expense systems (French or English).
    /// In English "car" is a car; the French *car* (coach) should be mapped by a column profile.
    pub fn parse(text: &str) -> Option<TravelMode> {
        let k = fold(text);
        Some(match k.as_str() {
            "avion" | "plane" | "flight" | "vol" | "air" | "aerien" | "airplane" | "aeroplane" => {
                TravelMode::Plane
            }
            "train" | "tgv" | "ter" | "intercites" | "rail" | "sncf" | "ferroviaire"
            | "eurostar" | "ice" | "ave" => TravelMode::Train,
            "voiture"
            | "car"
            | "auto"
            | "automobile"
            | "vehicule"
            | "vehicule personnel"
            | "voiture personnelle"
            | "location"
            | "location voiture"
            | "voiture de location"
            | "vehicule de service"
            | "rental car" => TravelMode::Car,
            "bus" | "autocar" | "coach" | "navette" | "shuttle" => TravelMode::Bus,
            "taxi" | "vtc" | "uber" => TravelMode::Taxi,
            "rer" | "transilien" => TravelMode::Rer,
            "metro" | "subway" | "underground" | "tube" => TravelMode::Metro,
            "tramway" | "tram" => TravelMode::Tram,
            "ferry" | "bateau" | "boat" | "traversier" => TravelMode::Ferry,
            _ => return None,
        })
    }

    /// Path correction applied to the great-circle distance.
    pub fn correction(self) -> Correction {
        match self {
            TravelMode::Plane => Correction::Add(95.0),
            TravelMode::Train | TravelMode::Rer => Correction::Multiply(1.2),
            TravelMode::Car | TravelMode::Taxi => Correction::Multiply(1.3),
            TravelMode::Bus | TravelMode::Tram => Correction::Multiply(1.5),
            TravelMode::Metro => Correction::Multiply(1.7),
            TravelMode::Ferry => Correction::Multiply(1.0),
        }
    }

    /// True for modes whose factor is per vehicle.km (shared by occupants).
    pub fn per_vehicle(self) -> bool {
        matches!(self, TravelMode::Car | TravelMode::Taxi)
    }
}

impl fmt::Display for TravelMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ges1point5_label())
    }
}

/// Correction from great-circle to travelled distance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Correction {
    /// Add a fixed number of km.
    Add(f64),
    /// Multiply by a coefficient.
    Multiply(f64),
}

impl Correction {
    /// Applies the correction.
    pub fn apply(self, km: f64) -> f64 {
        match self {
            Correction::Add(a) => km + a,
            Correction::Multiply(m) => km * m,
        }
    }
}

/// Options of the travel computation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TravelOptions {
    /// Count contrails (non-CO2 radiative forcing) for planes. Default `true`.
    pub contrails: bool,
    /// Factor for cars and taxis (per vehicle.km). Default `voiturethermique`.
    pub car_factor_id: String,
    /// Factor for trains outside France. Default `intercites` (proxy, see module docs).
    pub international_train_factor_id: String,
    /// Country whose rail factors (TGV/TER) apply. Default `FR`.
    pub rail_country: String,
    /// Relative 95 % uncertainty of the distance method (default 0.10).
    pub distance_uncertainty: f64,
}

impl Default for TravelOptions {
    fn default() -> Self {
        TravelOptions {
            contrails: true,
            car_factor_id: "voiturethermique".into(),
            international_train_factor_id: "intercites".into(),
            rail_country: "FR".into(),
            distance_uncertainty: 0.10,
        }
    }
}

/// Errors of the travel computation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TravelError {
    /// A transport factor is missing from the set.
    #[error(transparent)]
    Factor(#[from] FactorError),
    /// Non-positive occupants.
    #[error("number of people in the car must be at least 1, got {0}")]
    Occupants(u32),
}

#[derive(Debug, Clone)]
struct TF {
    id: Arc<str>,
    value: f64,
    unit: ActivityUnit,
    uncertainty: f64,
}

/// The transport factors of a set, looked up once for a whole batch.
#[derive(Debug, Clone)]
pub struct TransportFactors {
    version: String,
    plane: [TF; 4],
    tgv: TF,
    ter: TF,
    intl_train: TF,
    rer: TF,
    metro: TF,
    tram: TF,
    bus: TF,
    coach: TF,
    car: TF,
    ferry: TF,
    options: TravelOptions,
}

impl TransportFactors {
    /// Looks up every factor the options need.
    pub fn new(set: &FactorSet, options: &TravelOptions) -> Result<Self, TravelError> {
        let tf = |id: &str| -> Result<TF, TravelError> {
            let f = set.require(id)?;
            Ok(TF {
                id: Arc::from(f.id.as_str()),
                value: f.value,
                unit: f.unit.per,
                uncertainty: f.uncertainty.unwrap_or(0.0),
            })
        };
        let sfx = if options.contrails {
            ""
        } else {
            "-sans-trainees"
        };
        Ok(TransportFactors {
            version: set.version.clone(),
            plane: [
                tf(&format!("avion-courtcourrier{sfx}"))?,
                tf(&format!("avion-moyencourrier{sfx}"))?,
                tf(&format!("avion-moyenlongcourrier{sfx}"))?,
                tf(&format!("avion-longcourrier{sfx}"))?,
            ],
            tgv: tf("tgv")?,
            ter: tf("ter")?,
            intl_train: tf(&options.international_train_factor_id)?,
            rer: tf("rer")?,
            metro: tf("metro")?,
            tram: tf("tramway")?,
            bus: tf("busthermique")?,
            coach: tf("autocar")?,
            car: tf(&options.car_factor_id)?,
            ferry: tf("ferry-pieton")?,
            options: options.clone(),
        })
    }

    /// Factor-set version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Options in force.
    pub fn options(&self) -> &TravelOptions {
        &self.options
    }

    fn pick(&self, mode: TravelMode, corrected_km: f64, domestic_rail: bool) -> &TF {
        match mode {
            TravelMode::Plane => {
                let band = if corrected_km <= 1000.0 {
                    0
                } else if corrected_km <= 2000.0 {
                    1
                } else if corrected_km <= 5000.0 {
                    2
                } else {
                    3
                };
                &self.plane[band]
            }
            TravelMode::Train if domestic_rail => {
                if corrected_km >= 200.0 {
                    &self.tgv
                } else {
                    &self.ter
                }
            }
            TravelMode::Train => &self.intl_train,
            TravelMode::Rer => &self.rer,
            TravelMode::Metro => &self.metro,
            TravelMode::Tram => &self.tram,
            TravelMode::Bus if corrected_km >= 20.0 => &self.coach,
            TravelMode::Bus => &self.bus,
            TravelMode::Car | TravelMode::Taxi => &self.car,
            TravelMode::Ferry => &self.ferry,
        }
    }

    /// Footprint of one leg between two places.
    pub fn leg(
        &self,
        from: &Place,
        to: &Place,
        input: LegInput,
    ) -> Result<LegFootprint, TravelError> {
        let gc = from.distance_km(to);
        let domestic_rail =
            from.country == self.options.rail_country && to.country == self.options.rail_country;
        self.leg_from_distance(gc, domestic_rail, input)
    }

    /// Footprint of a leg whose occupants were already checked (0 is read as 1).
    fn leg_checked(&self, from: &Place, to: &Place, mut input: LegInput) -> LegFootprint {
        if input.occupants == Some(0) {
            input.occupants = Some(1);
        }
        let gc = from.distance_km(to);
        let domestic_rail =
            from.country == self.options.rail_country && to.country == self.options.rail_country;
        self.compute(gc, domestic_rail, input)
    }

    /// Footprint of one leg from its great-circle distance.
    pub fn leg_from_distance(
        &self,
        great_circle_km: f64,
        domestic_rail: bool,
        input: LegInput,
    ) -> Result<LegFootprint, TravelError> {
        if input.mode.per_vehicle() && input.occupants == Some(0) {
            return Err(TravelError::Occupants(0));
        }
        Ok(self.compute(great_circle_km, domestic_rail, input))
    }

    fn compute(&self, great_circle_km: f64, domestic_rail: bool, input: LegInput) -> LegFootprint {
        let occupants = if input.mode.per_vehicle() {
            input.occupants.unwrap_or(1).max(1)
        } else {
            1
        };
        let correction = input.mode.correction();
        let corrected = correction.apply(great_circle_km);
        let f = self.pick(input.mode, corrected, domestic_rail);
        let trips: u8 = if input.round_trip { 2 } else { 1 };
        let kg = f64::from(trips) * corrected * f.value / f64::from(occupants);
        LegFootprint {
            mode: input.mode,
            great_circle_km,
            corrected_km: corrected,
            correction,
            trips,
            occupants,
            factor_id: f.id.clone(),
            factor_version: Arc::from(self.version.as_str()),
            factor_value: f.value,
            factor_unit: f.unit,
            estimate: Estimate::product(kg, self.options.distance_uncertainty, f.uncertainty),
            sigma_distance: sigma_from_relative(self.options.distance_uncertainty),
            sigma_factor: sigma_from_relative(f.uncertainty),
        }
    }
}

/// What a leg needs besides its places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegInput {
    /// Mode.
    pub mode: TravelMode,
    /// People in the car (cars and taxis; default 1).
    pub occupants: Option<u32>,
    /// Round trip on the same path (counts twice).
    pub round_trip: bool,
}

/// Footprint of one leg with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegFootprint {
    /// Mode.
    pub mode: TravelMode,
    /// Great-circle distance one way, km.
    pub great_circle_km: f64,
    /// Corrected distance one way, km.
    pub corrected_km: f64,
    /// Correction applied.
    pub correction: Correction,
    /// 1, or 2 for a round trip.
    pub trips: u8,
    /// Occupants sharing a car (1 otherwise).
    pub occupants: u32,
    /// Factor id.
    pub factor_id: Arc<str>,
    /// Factor-set version.
    pub factor_version: Arc<str>,
    /// Factor value, kgCO2e per unit.
    pub factor_value: f64,
    /// Unit the factor is per (passenger.km or vehicle.km).
    pub factor_unit: ActivityUnit,
    /// Emissions, kgCO2e, with uncertainty.
    pub estimate: Estimate,
    /// Log-sd of the distance method (independent between legs).
    pub sigma_distance: f64,
    /// Log-sd of the factor (shared by the legs using the same factor).
    pub sigma_factor: f64,
}

/// Formats with up to 4 significant digits, no trailing zeros.
fn sig4(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let mag = x.abs().log10().floor() as i32;
    let decimals = (3 - mag).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

impl LegFootprint {
    fn term(&self) -> Term<'_> {
        Term {
            shared_key: &self.factor_id,
            kg: self.estimate.kg,
            sigma_independent: self.sigma_distance,
            sigma_shared: self.sigma_factor,
        }
    }

    /// Emissions, kgCO2e.
    pub fn kg(&self) -> f64 {
        self.estimate.kg
    }

    /// Total distance travelled (corrected × trips), km.
    pub fn total_km(&self) -> f64 {
        self.corrected_km * f64::from(self.trips)
    }

    /// The computation as a string, e.g. `2 × (677 km + 95 km) × 0.2246 kgCO2e/p.km = 346.7 kgCO2e`.
    pub fn formula(&self) -> String {
        let gc = format!("{:.0} km", self.great_circle_km);
        let dist = match self.correction {
            Correction::Add(a) => format!("({gc} + {a:.0} km)"),
            Correction::Multiply(m) if (m - 1.0).abs() < 1e-12 => gc,
            Correction::Multiply(m) => format!("({gc} × {m})"),
        };
        let trips = if self.trips > 1 {
            format!("{} × ", self.trips)
        } else {
            String::new()
        };
        let share = if self.occupants > 1 {
            format!(" ÷ {} occupants", self.occupants)
        } else {
            String::new()
        };
        format!(
            "{trips}{dist} × {} kgCO2e/{}{share} = {:.1} kgCO2e",
            sig4(self.factor_value),
            self.factor_unit.short_label(),
            self.estimate.kg
        )
    }
}

/// Computes one leg with the factors of `set` (convenience over [`TransportFactors`]).
pub fn leg_footprint(
    from: &Place,
    to: &Place,
    input: LegInput,
    set: &FactorSet,
    options: &TravelOptions,
) -> Result<LegFootprint, TravelError> {
    TransportFactors::new(set, options)?.leg(from, to, input)
}

/// One leg to compute in a batch, borrowing its text from the caller's rows.
#[derive(Debug, Clone, Copy)]
pub struct LegRequest<'a> {
    /// 1-based line or row of the source.
    pub line: usize,
    /// Mission id (legs of one mission share it).
    pub mission: &'a str,
    /// Origin text.
    pub from: &'a str,
    /// Origin country text (may be empty).
    pub from_country: &'a str,
    /// Destination text.
    pub to: &'a str,
    /// Destination country text (may be empty).
    pub to_country: &'a str,
    /// Mode, occupants, round trip.
    pub input: LegInput,
    /// Column (1-based) of the origin in the source, for error locations.
    pub from_column: usize,
    /// Column (1-based) of the destination.
    pub to_column: usize,
}

/// An error on one leg, located.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("line {line}, column {column}: {message}")]
pub struct TripError {
    /// 1-based line or row.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Message.
    pub message: String,
    /// Place-resolution detail (suggestions), when that is the cause.
    pub resolve: Option<ResolveError>,
}

/// A computed leg of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedLeg {
    /// Index of the request in the input.
    pub index: usize,
    /// 1-based line or row.
    pub line: usize,
    /// Index of the origin in [`TripBatch::places`].
    pub from: u32,
    /// Index of the destination in [`TripBatch::places`].
    pub to: u32,
    /// Footprint.
    pub footprint: LegFootprint,
}

/// The result of a batch: computed legs, located errors and the distinct places resolved.
#[derive(Debug, Clone)]
pub struct TripBatch {
    /// Legs computed, in input order.
    pub legs: Vec<ComputedLeg>,
    /// Errors, in input order.
    pub errors: Vec<TripError>,
    /// Distinct places resolved (text, country, resolution).
    pub places: Vec<(String, String, Resolution)>,
}

impl TripBatch {
    /// Total emissions, kgCO2e.
    pub fn total_kg(&self) -> f64 {
        self.legs.iter().map(|l| l.footprint.kg()).sum()
    }

    /// Total with its 95 % interval (factor errors shared by the legs of one factor).
    pub fn total(&self) -> Estimate {
        aggregate(self.legs.iter().map(|l| l.footprint.term()))
    }

    /// Totals grouped by a key of the leg (mission id, unit...), with their intervals.
    pub fn totals_by<K: Ord>(
        &self,
        key: impl Fn(&ComputedLeg) -> K,
    ) -> std::collections::BTreeMap<K, Estimate> {
        let mut groups: std::collections::BTreeMap<K, Vec<&LegFootprint>> =
            std::collections::BTreeMap::new();
        for l in &self.legs {
            groups.entry(key(l)).or_default().push(&l.footprint);
        }
        groups
            .into_iter()
            .map(|(k, v)| (k, aggregate(v.into_iter().map(LegFootprint::term))))
            .collect()
    }

    /// CSV export, one row per leg: `id,line,mode,from,from_country,to,to_country,great_circle_km,
    /// distance_km,trips,occupants,kg_co2e,factor_id,factor_version,formula`; `id` comes from
    /// `id_of(leg)` (e.g. the mission number).
    pub fn to_csv(&self, id_of: impl Fn(&ComputedLeg) -> String) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(self.legs.len() * 160));
        w.write_record([
            "id",
            "line",
            "mode",
            "from",
            "from_country",
            "to",
            "to_country",
            "great_circle_km",
            "distance_km",
            "trips",
            "occupants",
            "kg_co2e",
            "factor_id",
            "factor_version",
            "formula",
        ])?;
        for l in &self.legs {
            let f = &l.footprint;
            let from = &self.places[l.from as usize].2.place;
            let to = &self.places[l.to as usize].2.place;
            w.write_record([
                id_of(l),
                l.line.to_string(),
                f.mode.ges1point5_label().to_string(),
                from.name.clone(),
                from.country.clone(),
                to.name.clone(),
                to.country.clone(),
                format!("{:.1}", f.great_circle_km),
                format!("{:.1}", f.total_km()),
                f.trips.to_string(),
                f.occupants.to_string(),
                format!("{:.3}", f.kg()),
                f.factor_id.to_string(),
                f.factor_version.to_string(),
                f.formula(),
            ])?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }

    /// Places resolved with an ambiguity flag.
    pub fn ambiguous_places(&self) -> impl Iterator<Item = &(String, String, Resolution)> {
        self.places.iter().filter(|p| p.2.ambiguous)
    }

    /// Aggregates the legs into inventory activity data (post 3.5), one line per factor:
    /// passenger.km for passenger modes, vehicle.km shares for cars.
    pub fn activity_data(&self, org_unit: &str, year: i32) -> Vec<ActivityData> {
        let mut acc: HashMap<(Arc<str>, ActivityUnit), f64> = HashMap::new();
        for l in &self.legs {
            let f = &l.footprint;
            *acc.entry((f.factor_id.clone(), f.factor_unit)).or_default() +=
                f.total_km() / f64::from(f.occupants);
        }
        let mut out: Vec<ActivityData> = acc
            .into_iter()
            .map(|((id, unit), q)| ActivityData {
                id: format!("travel:{id}"),
                post: BegesPost::BusinessTravel,
                quantity: q,
                unit,
                factor_id: id.to_string(),
                quality: DataQuality::Calculated,
                org_unit: org_unit.to_string(),
                year,
                label: format!("Business travel ({id})"),
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }
}

/// Computes a batch of legs: resolves each distinct (text, country) once, then computes the legs
/// in parallel.
pub fn compute_legs(
    requests: &[LegRequest<'_>],
    resolver: &Resolver<'_>,
    factors: &TransportFactors,
) -> TripBatch {
    compute_legs_with(requests, |r| *r, resolver, factors)
}

/// Like [`compute_legs`], reading each leg from the caller's own rows through `get` (no
/// intermediate copy of the requests: this is what keeps a million-line batch small).
pub fn compute_legs_with<'a, T: Sync>(
    items: &'a [T],
    get: impl Fn(&'a T) -> LegRequest<'a> + Sync,
    resolver: &Resolver<'_>,
    factors: &TransportFactors,
) -> TripBatch {
    let mut index: HashMap<(&'a str, &'a str), u32> = HashMap::new();
    let mut keys: Vec<(&'a str, &'a str)> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(items.len());
    for item in items {
        let r = get(item);
        let mut ids = [0u32; 2];
        for (j, key) in [(r.from, r.from_country), (r.to, r.to_country)]
            .into_iter()
            .enumerate()
        {
            ids[j] = match index.get(&key) {
                Some(&i) => i,
                None => {
                    let i = keys.len() as u32;
                    keys.push(key);
                    index.insert(key, i);
                    i
                }
            };
        }
        pairs.push((ids[0], ids[1]));
    }
    drop(index);
    let resolved: Vec<Result<Resolution, ResolveError>> = keys
        .par_iter()
        .map(|(t, c)| resolver.resolve(t, Some(*c).filter(|c| !c.trim().is_empty())))
        .collect();
    let mut place_of: Vec<Option<u32>> = Vec::with_capacity(resolved.len());
    let mut places = Vec::new();
    for (k, r) in keys.iter().zip(&resolved) {
        match r {
            Ok(res) => {
                place_of.push(Some(places.len() as u32));
                places.push((k.0.to_string(), k.1.to_string(), res.clone()));
            }
            Err(_) => place_of.push(None),
        }
    }
    // errors first (unresolved places, impossible occupants), so that the legs can then be
    // computed straight into their final vector
    let mut errors = Vec::new();
    let mut ok = vec![true; items.len()];
    for (i, item) in items.iter().enumerate() {
        let (a, b) = pairs[i];
        if place_of[a as usize].is_some()
            && place_of[b as usize].is_some()
            && item_occupants_ok(&get(item))
        {
            continue;
        }
        ok[i] = false;
        let r = get(item);
        for (key, col) in [(a, r.from_column), (b, r.to_column)] {
            if let Err(e) = &resolved[key as usize] {
                errors.push(TripError {
                    line: r.line,
                    column: col,
                    message: e.to_string(),
                    resolve: Some(e.clone()),
                });
            }
        }
        if !item_occupants_ok(&r) {
            errors.push(TripError {
                line: r.line,
                column: 0,
                message: TravelError::Occupants(0).to_string(),
                resolve: None,
            });
        }
    }
    let compute = |i: usize| -> ComputedLeg {
        let r = get(&items[i]);
        let (a, b) = pairs[i];
        let pa = place_of[a as usize].unwrap_or(0);
        let pb = place_of[b as usize].unwrap_or(0);
        let from = &places[pa as usize].2.place;
        let to = &places[pb as usize].2.place;
        let footprint = factors.leg_checked(from, to, r.input);
        ComputedLeg {
            index: i,
            line: r.line,
            from: pa,
            to: pb,
            footprint,
        }
    };
    let legs: Vec<ComputedLeg> = if errors.is_empty() {
        (0..items.len()).into_par_iter().map(compute).collect()
    } else {
        (0..items.len())
            .into_par_iter()
            .filter(|&i| ok[i])
            .map(compute)
            .collect()
    };
    TripBatch {
        legs,
        errors,
        places,
    }
}

fn item_occupants_ok(r: &LegRequest<'_>) -> bool {
    !(r.input.mode.per_vehicle() && r.input.occupants == Some(0))
}

/// Computes every row of a parsed GES 1point5 file.
pub fn compute_ges1point5(
    file: &Ges1p5File,
    resolver: &Resolver<'_>,
    factors: &TransportFactors,
) -> TripBatch {
    compute_legs_with(
        &file.rows,
        |r| LegRequest {
            line: r.line,
            mission: &r.mission,
            from: &r.from_city,
            from_country: &r.from_country,
            to: &r.to_city,
            to_country: &r.to_country,
            input: LegInput {
                mode: r.mode,
                occupants: r.occupants,
                round_trip: r.round_trip,
            },
            from_column: 3,
            to_column: 5,
        },
        resolver,
        factors,
    )
}
