//! The internal compensation fund (*caisse interne de compensation*): a levy on each trip —
//! an internal carbon price per year (€/tCO2e) or a share of the ticket price, as Université de
//! Neuchâtel levies 5-10 % of flight tickets — charged to the trip's unit or budget line; a
//! ledger of levies and reinvestments with yearly balances; travel-policy flags; and what-if
//! simulations (e.g. no flights under 700 km) with emissions and levies before and after.
//! Money is integer euro cents.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::geo::Place;
use crate::mapping::MappedTable;
use crate::travel::{LegFootprint, LegInput, TransportFactors, TravelMode, TripBatch};

/// Errors of the fund.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FundError {
    /// No levy rule for the year.
    #[error("no levy rule for {0}")]
    NoRule(i32),
    /// A ticket-share levy needs the ticket price.
    #[error("the levy is a share of the ticket price but no price was given")]
    MissingTicketPrice,
    /// Invalid parameter.
    #[error("{0}")]
    Invalid(String),
}

/// How the levy is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LevyRule {
    /// Internal carbon price in cents per tonne of CO2e.
    CarbonPrice {
        /// Cents per tCO2e (e.g. 10000 = 100 €/t).
        cents_per_tonne: i64,
    },
    /// Share of the ticket price for some modes (all modes when the list is empty).
    TicketShare {
        /// Fraction (0.05 = 5 %).
        share: f64,
        /// Modes levied.
        modes: Vec<TravelMode>,
    },
}

impl LevyRule {
    /// Levy in cents for a trip of `kg` CO2e by `mode`, with its ticket price when known.
    /// Rounded to the nearest cent.
    pub fn levy(
        &self,
        kg: f64,
        mode: TravelMode,
        ticket_cents: Option<i64>,
    ) -> Result<i64, FundError> {
        match self {
            LevyRule::CarbonPrice { cents_per_tonne } => {
                if *cents_per_tonne < 0 || !kg.is_finite() || kg < 0.0 {
                    return Err(FundError::Invalid(
                        "negative carbon price or emissions".into(),
                    ));
                }
                Ok((kg / 1000.0 * *cents_per_tonne as f64).round() as i64)
            }
            LevyRule::TicketShare { share, modes } => {
                if !(0.0..=1.0).contains(share) {
                    return Err(FundError::Invalid(format!(
                        "ticket share {share} outside [0, 1]"
                    )));
                }
                if !modes.is_empty() && !modes.contains(&mode) {
                    return Ok(0);
                }
                let t = ticket_cents.ok_or(FundError::MissingTicketPrice)?;
                if t < 0 {
                    return Err(FundError::Invalid("negative ticket price".into()));
                }
                Ok((t as f64 * share).round() as i64)
            }
        }
    }
}

/// Levy rules per year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LevySchedule {
    /// Year → rule.
    pub by_year: BTreeMap<i32, LevyRule>,
}

impl LevySchedule {
    /// Adds a year's rule.
    pub fn with(mut self, year: i32, rule: LevyRule) -> Self {
        self.by_year.insert(year, rule);
        self
    }

    /// Levy for a trip of `year`.
    pub fn levy(
        &self,
        year: i32,
        kg: f64,
        mode: TravelMode,
        ticket_cents: Option<i64>,
    ) -> Result<i64, FundError> {
        self.by_year
            .get(&year)
            .ok_or(FundError::NoRule(year))?
            .levy(kg, mode, ticket_cents)
    }
}

/// What a ledger entry records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LedgerKind {
    /// A levy on a trip.
    Levy {
        /// Reference of the trip (mission id, claim number).
        trip_ref: String,
        /// Emissions levied on, kgCO2e.
        kg: f64,
    },
    /// Money spent on a reduction project.
    Reinvestment {
        /// What it funds.
        description: String,
        /// Expected reduction, kgCO2e per year.
        expected_reduction_kg_per_year: f64,
    },
}

/// A ledger entry. `amount_cents` is always positive: levies add to the fund, reinvestments
/// take from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Accounting year.
    pub year: i32,
    /// Date, if known.
    pub date: Option<NaiveDate>,
    /// Org unit charged (levy) or benefiting (reinvestment).
    pub unit: String,
    /// Budget line.
    pub budget_line: Option<String>,
    /// Amount, cents (> 0 for reinvestments, ≥ 0 for levies).
    pub amount_cents: i64,
    /// Kind.
    pub kind: LedgerKind,
}

/// Yearly balance of the fund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Year.
    pub year: i32,
    /// Carried over from earlier years.
    pub opening_cents: i64,
    /// Levied during the year.
    pub levied_cents: i64,
    /// Reinvested during the year.
    pub reinvested_cents: i64,
    /// `opening + levied − reinvested`.
    pub closing_cents: i64,
}

/// The fund's ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    entries: Vec<LedgerEntry>,
}

impl Ledger {
    /// Empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an entry after checking its amount.
    pub fn record(&mut self, entry: LedgerEntry) -> Result<(), FundError> {
        match &entry.kind {
            LedgerKind::Levy { .. } if entry.amount_cents < 0 => {
                return Err(FundError::Invalid("a levy cannot be negative".into()));
            }
            LedgerKind::Reinvestment { description, .. }
                if entry.amount_cents <= 0 || description.trim().is_empty() =>
            {
                return Err(FundError::Invalid(
                    "a reinvestment needs a positive amount and a description".into(),
                ));
            }
            _ => {}
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Entries, in recording order.
    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    /// Balance of `year`, with what earlier years carried over.
    pub fn balance(&self, year: i32) -> Balance {
        let mut b = Balance {
            year,
            opening_cents: 0,
            levied_cents: 0,
            reinvested_cents: 0,
            closing_cents: 0,
        };
        for e in &self.entries {
            let signed = match e.kind {
                LedgerKind::Levy { .. } => e.amount_cents,
                LedgerKind::Reinvestment { .. } => -e.amount_cents,
            };
            if e.year < year {
                b.opening_cents += signed;
            } else if e.year == year {
                match e.kind {
                    LedgerKind::Levy { .. } => b.levied_cents += e.amount_cents,
                    LedgerKind::Reinvestment { .. } => b.reinvested_cents += e.amount_cents,
                }
            }
        }
        b.closing_cents = b.opening_cents + b.levied_cents - b.reinvested_cents;
        b
    }

    /// Levies of `year` per org unit.
    pub fn levied_by_unit(&self, year: i32) -> BTreeMap<String, i64> {
        let mut m = BTreeMap::new();
        for e in self.entries.iter().filter(|e| e.year == year) {
            if let LedgerKind::Levy { .. } = e.kind {
                *m.entry(e.unit.clone()).or_insert(0) += e.amount_cents;
            }
        }
        m
    }

    /// Expected yearly reduction funded up to `year`, kgCO2e/year.
    pub fn expected_reduction_kg_per_year(&self, year: i32) -> f64 {
        self.entries
            .iter()
            .filter(|e| e.year <= year)
            .filter_map(|e| match &e.kind {
                LedgerKind::Reinvestment {
                    expected_reduction_kg_per_year,
                    ..
                } => Some(*expected_reduction_kg_per_year),
                LedgerKind::Levy { .. } => None,
            })
            .sum()
    }
}

/// Travel-policy rules. The train time is an estimate — no timetable data: rail distance
/// (great circle × 1.2) at `train_speed_kmh` plus `train_overhead_hours`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyRules {
    /// Flag flights where the train would take less than this many hours.
    pub train_max_hours: Option<f64>,
    /// Flag flights shorter than this great-circle distance, km.
    pub min_flight_km: Option<f64>,
    /// Flag domestic flights (same country).
    pub flag_domestic: bool,
    /// Average door-to-door train speed used for the estimate (default 150 km/h).
    pub train_speed_kmh: f64,
    /// Fixed time added to train trips (default 0.5 h).
    pub train_overhead_hours: f64,
}

impl Default for PolicyRules {
    fn default() -> Self {
        PolicyRules {
            train_max_hours: Some(4.0),
            min_flight_km: Some(700.0),
            flag_domestic: true,
            train_speed_kmh: 150.0,
            train_overhead_hours: 0.5,
        }
    }
}

/// A policy flag on a flight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PolicyFlag {
    /// The train would take about `hours`.
    TrainUnder {
        /// Estimated train time, hours.
        hours: f64,
    },
    /// Great-circle distance under the threshold.
    ShortFlight {
        /// Distance, km.
        km: f64,
    },
    /// Both ends in the same country.
    Domestic {
        /// Country code.
        country: String,
    },
}

fn same_continent(a: &Place, b: &Place) -> bool {
    if a.country == b.country {
        return true;
    }
    let g = crate::geo::Gazetteer::bundled();
    match (g.country(&a.country), g.country(&b.country)) {
        (Some(x), Some(y)) => x.continent == y.continent,
        _ => false,
    }
}

/// Flags of one leg (flights only). The train-time flag needs both ends on one continent.
pub fn policy_flags(
    from: &Place,
    to: &Place,
    leg: &LegFootprint,
    rules: &PolicyRules,
) -> Vec<PolicyFlag> {
    let mut flags = Vec::new();
    if leg.mode != TravelMode::Plane {
        return flags;
    }
    let gc = leg.great_circle_km;
    if let Some(max) = rules.train_max_hours {
        let hours = gc * 1.2 / rules.train_speed_kmh.max(1.0) + rules.train_overhead_hours;
        // a train is only an option on one continent (GeoNames continent codes) and over
        // distances rail actually covers
        if hours < max && gc < 2500.0 && same_continent(from, to) {
            flags.push(PolicyFlag::TrainUnder { hours });
        }
    }
    if let Some(min) = rules.min_flight_km
        && gc < min
    {
        flags.push(PolicyFlag::ShortFlight { km: gc });
    }
    if rules.flag_domestic && from.country == to.country {
        flags.push(PolicyFlag::Domestic {
            country: from.country.clone(),
        });
    }
    flags
}

/// A flagged leg of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedTrip {
    /// Index of the leg in [`TripBatch::legs`].
    pub leg: usize,
    /// Source line.
    pub line: usize,
    /// Flags.
    pub flags: Vec<PolicyFlag>,
}

/// Flags every flight of a batch.
pub fn flag_batch(batch: &TripBatch, rules: &PolicyRules) -> Vec<FlaggedTrip> {
    batch
        .legs
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let from = &batch.places[l.from as usize].2.place;
            let to = &batch.places[l.to as usize].2.place;
            let flags = policy_flags(from, to, &l.footprint, rules);
            (!flags.is_empty()).then_some(FlaggedTrip {
                leg: i,
                line: l.line,
                flags,
            })
        })
        .collect()
}

/// A what-if scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Scenario {
    /// Flights under `km` (great circle) are replaced by `replacement` (usually train).
    NoFlightsUnder {
        /// Threshold, km.
        km: f64,
        /// Mode used instead.
        replacement: TravelMode,
    },
    /// Every leg of mode `from` is done by `to`.
    ReplaceMode {
        /// Mode replaced.
        from: TravelMode,
        /// Replacement.
        to: TravelMode,
    },
}

/// Result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Emissions before, kgCO2e.
    pub before_kg: f64,
    /// Emissions after, kgCO2e.
    pub after_kg: f64,
    /// Levy before, cents.
    pub before_levy_cents: i64,
    /// Levy after, cents.
    pub after_levy_cents: i64,
    /// Legs switched.
    pub switched: usize,
    /// Legs whose levy could not be computed (ticket price missing).
    pub missing_ticket_prices: usize,
}

/// Runs a scenario over a batch. `ticket_cents`, when given, is aligned with `batch.legs`;
/// switched legs have no known ticket price (a ticket-share levy on them counts 0 and is
/// reported in `missing_ticket_prices` when their mode is levied).
pub fn simulate(
    batch: &TripBatch,
    factors: &TransportFactors,
    scenario: &Scenario,
    levy: Option<&LevyRule>,
    ticket_cents: Option<&[Option<i64>]>,
) -> Result<WhatIf, FundError> {
    let mut w = WhatIf {
        before_kg: 0.0,
        after_kg: 0.0,
        before_levy_cents: 0,
        after_levy_cents: 0,
        switched: 0,
        missing_ticket_prices: 0,
    };
    let rail = factors.options().rail_country.clone();
    for (i, l) in batch.legs.iter().enumerate() {
        let f = &l.footprint;
        let ticket = ticket_cents.and_then(|t| t.get(i).copied().flatten());
        let switch_to = match scenario {
            Scenario::NoFlightsUnder { km, replacement }
                if f.mode == TravelMode::Plane && f.great_circle_km < *km =>
            {
                Some(*replacement)
            }
            Scenario::ReplaceMode { from, to } if f.mode == *from => Some(*to),
            _ => None,
        };
        let after = match switch_to {
            Some(mode) => {
                let from = &batch.places[l.from as usize].2.place;
                let to = &batch.places[l.to as usize].2.place;
                let domestic = from.country == rail && to.country == rail;
                let input = LegInput {
                    mode,
                    occupants: Some(f.occupants),
                    round_trip: f.trips == 2,
                };
                w.switched += 1;
                factors
                    .leg_from_distance(f.great_circle_km, domestic, input)
                    .map_err(|e| FundError::Invalid(e.to_string()))?
            }
            None => f.clone(),
        };
        w.before_kg += f.kg();
        w.after_kg += after.kg();
        if let Some(rule) = levy {
            let mut one = |kg: f64, mode: TravelMode, t: Option<i64>| -> Result<i64, FundError> {
                match rule.levy(kg, mode, t) {
                    Err(FundError::MissingTicketPrice) => {
                        w.missing_ticket_prices += 1;
                        Ok(0)
                    }
                    other => other,
                }
            };
            let b = one(f.kg(), f.mode, ticket)?;
            let a = one(
                after.kg(),
                after.mode,
                if switch_to.is_some() { None } else { ticket },
            )?;
            w.before_levy_cents += b;
            w.after_levy_cents += a;
        }
    }
    Ok(w)
}

/// Levy ledger entries for the trips of a mapped table (one entry per computed record), charged
/// to the record's unit and budget line; the ticket price is the record's amount paid. The year
/// is the trip's year.
pub fn levy_entries(
    table: &MappedTable,
    batch: &TripBatch,
    schedule: &LevySchedule,
) -> Result<Vec<LedgerEntry>, FundError> {
    use chrono::Datelike;
    let mut out = Vec::with_capacity(batch.legs.len());
    for l in &batch.legs {
        let Some(r) = table.records.get(l.index) else {
            continue;
        };
        let year = r.date.year();
        let kg = l.footprint.kg();
        let amount = schedule.levy(year, kg, l.footprint.mode, r.amount_cents)?;
        out.push(LedgerEntry {
            year,
            date: Some(r.date),
            unit: r.unit.clone(),
            budget_line: r.budget_line.clone(),
            amount_cents: amount,
            kind: LedgerKind::Levy {
                trip_ref: r.mission_id.clone(),
                kg,
            },
        });
    }
    Ok(out)
}
