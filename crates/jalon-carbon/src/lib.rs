//! Jalon's carbon accounting core: emission factors, GHG inventories by BEGES v5 post and GHG
//! Protocol scope with uncertainty, business-travel footprints (place resolution, distances,
//! modes), the GES 1point5 missions format, generic mission tables and the internal compensation
//! fund.
//!
//! The crate is pure: no database, network, clock or file-system access at run time. Reference
//! data (factors, cities, airports, countries) is embedded in the binary and parsed lazily on
//! first use. Years and dates are always arguments.
//!
//! Entry points:
//! * factors — [`bundled_factor_set`], [`FactorSet`], [`FactorCatalog`], [`parse_base_empreinte`];
//! * inventories — [`compute_inventory`], [`Inventory::by_post`], [`Inventory::by_scope`],
//!   [`consolidate`], [`Inventory::compare`], [`Target`], [`fossil_mwh`];
//! * travel — [`Resolver`], [`TransportFactors`], [`compute_legs`], [`compute_ges1point5`],
//!   [`read_ges1point5`], [`write_ges1point5`], [`map_table`];
//! * fund — [`LevySchedule`], [`Ledger`], [`levy_entries`], [`flag_batch`], [`simulate`].
//!
//! ```
//! use jalon_carbon::{LegInput, Resolver, TransportFactors, TravelMode, TravelOptions, bundled_factor_set};
//!
//! let factors = TransportFactors::new(bundled_factor_set()?, &TravelOptions::default())?;
//! let places = Resolver::bundled(None);
//! let paris = places.resolve("Paris", Some("FR"))?;
//! let toulouse = places.resolve("Toulouse", Some("France"))?;
//! let leg = factors.leg(&paris.place, &toulouse.place, LegInput { mode: TravelMode::Plane, occupants: None, round_trip: true })?;
//! assert_eq!(leg.formula(), "2 × (588 km + 95 km) × 0.2246 kgCO2e/p.km = 306.7 kgCO2e");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod base_empreinte;
pub mod factor;
pub mod fund;
pub mod geo;
pub mod ges1point5;
pub mod inventory;
pub mod mapping;
pub mod normalize;
pub mod travel;
pub mod uncertainty;
pub mod units;

pub use base_empreinte::{
    BaseEmpreinteError, BaseEmpreinteImport, ImportOptions, parse_base_empreinte,
};
pub use factor::{
    BUNDLED_VERSION, EmissionFactor, FactorCatalog, FactorError, FactorPart, FactorSet, IdStatus,
    bundled_factor_set,
};
pub use fund::{
    Balance, FlaggedTrip, FundError, Ledger, LedgerEntry, LedgerKind, LevyRule, LevySchedule,
    PolicyFlag, PolicyRules, Scenario, WhatIf, flag_batch, levy_entries, policy_flags, simulate,
};
pub use geo::{
    Country, Gazetteer, MatchKind, Place, PlaceFix, PlaceKind, Resolution, ResolveError, Resolver,
    Suggestion, UserFixes,
};
pub use ges1point5::{
    Ges1p5Error, Ges1p5File, Ges1p5Row, mission_totals, read_ges1point5, write_ges1point5,
};
pub use inventory::{
    ActivityData, BegesCategory, BegesPost, Comparison, Consolidated, ConsolidationError,
    DataQuality, EmissionLine, Inventory, InventoryError, Perimeter, Scope, Scope3Category, Target,
    TargetKind, TrajectoryPoint, compute_inventory, consolidate, fossil_mwh,
};
pub use mapping::{ColumnProfile, MappedTable, MappingError, MissionRecord, map_table};
pub use travel::{
    ComputedLeg, Correction, LegFootprint, LegInput, LegRequest, TransportFactors, TravelError,
    TravelMode, TravelOptions, TripBatch, TripError, compute_ges1point5, compute_legs,
    compute_legs_with, great_circle_km, leg_footprint,
};
pub use uncertainty::Estimate;
pub use units::{ActivityUnit, FactorUnit, UnitError};
