//! GHG inventories: activity data × emission factors, aggregated by BEGES v5 category and post
//! (the French regulatory method, 6 categories and 22 posts aligned with ISO 14064-1) and by GHG
//! Protocol scope and Scope 3 category, each figure with its factor id and version and a 95 %
//! interval (see [`crate::uncertainty`]). Also: consolidation of lab inventories into the
//! institution by ownership share, year-on-year comparison and trajectories against targets.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::factor::{FactorError, FactorSet};
use crate::uncertainty::{Estimate, Term, aggregate, sigma_from_relative};
use crate::units::{ActivityUnit, UnitError};

/// The 6 BEGES v5 categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BegesCategory {
    /// 1 — direct emissions.
    Direct = 1,
    /// 2 — indirect emissions from energy.
    Energy = 2,
    /// 3 — indirect emissions from transport.
    Transport = 3,
    /// 4 — indirect emissions from products bought.
    ProductsBought = 4,
    /// 5 — indirect emissions from products sold.
    ProductsSold = 5,
    /// 6 — other indirect emissions.
    Other = 6,
}

impl BegesCategory {
    /// All categories in order.
    pub const ALL: [BegesCategory; 6] = [
        BegesCategory::Direct,
        BegesCategory::Energy,
        BegesCategory::Transport,
        BegesCategory::ProductsBought,
        BegesCategory::ProductsSold,
        BegesCategory::Other,
    ];

    /// Category number 1-6.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// French name.
    pub fn name_fr(self) -> &'static str {
        match self {
            BegesCategory::Direct => "Émissions directes de GES",
            BegesCategory::Energy => "Émissions indirectes associées à l'énergie",
            BegesCategory::Transport => "Émissions indirectes associées au transport",
            BegesCategory::ProductsBought => "Émissions indirectes associées aux produits achetés",
            BegesCategory::ProductsSold => "Émissions indirectes associées aux produits vendus",
            BegesCategory::Other => "Autres émissions indirectes",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            BegesCategory::Direct => "Direct GHG emissions",
            BegesCategory::Energy => "Indirect emissions from energy",
            BegesCategory::Transport => "Indirect emissions from transport",
            BegesCategory::ProductsBought => "Indirect emissions from products bought",
            BegesCategory::ProductsSold => "Indirect emissions from products sold",
            BegesCategory::Other => "Other indirect emissions",
        }
    }
}

/// GHG Protocol scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Scope 1 — direct.
    S1 = 1,
    /// Scope 2 — purchased energy.
    S2 = 2,
    /// Scope 3 — value chain.
    S3 = 3,
}

/// GHG Protocol Scope 3 category (1-15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Scope3Category(pub u8);

impl Scope3Category {
    /// English name of the category (GHG Protocol Corporate Value Chain Standard).
    pub fn name_en(self) -> &'static str {
        match self.0 {
            1 => "Purchased goods and services",
            2 => "Capital goods",
            3 => "Fuel- and energy-related activities",
            4 => "Upstream transportation and distribution",
            5 => "Waste generated in operations",
            6 => "Business travel",
            7 => "Employee commuting",
            8 => "Upstream leased assets",
            9 => "Downstream transportation and distribution",
            10 => "Processing of sold products",
            11 => "Use of sold products",
            12 => "End-of-life treatment of sold products",
            13 => "Downstream leased assets",
            14 => "Franchises",
            15 => "Investments",
            _ => "Unknown category",
        }
    }

    /// French name of the category.
    pub fn name_fr(self) -> &'static str {
        match self.0 {
            1 => "Biens et services achetés",
            2 => "Biens immobilisés",
            3 => "Activités liées aux combustibles et à l'énergie",
            4 => "Transport et distribution amont",
            5 => "Déchets générés par les activités",
            6 => "Déplacements professionnels",
            7 => "Déplacements domicile-travail",
            8 => "Actifs loués en amont",
            9 => "Transport et distribution aval",
            10 => "Transformation des produits vendus",
            11 => "Utilisation des produits vendus",
            12 => "Fin de vie des produits vendus",
            13 => "Actifs loués en aval",
            14 => "Franchises",
            15 => "Investissements",
            _ => "Catégorie inconnue",
        }
    }
}

macro_rules! posts {
    ($( $v:ident = $code:literal, $cat:ident, $fr:literal, $en:literal, $scope:ident, $s3:expr; )*) => {
        /// The 22 BEGES v5 posts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum BegesPost { $( #[doc = $en] $v, )* }

        impl BegesPost {
            /// All posts in regulatory order.
            pub const ALL: [BegesPost; 22] = [ $( BegesPost::$v, )* ];

            /// Code such as `"3.5"`.
            pub fn code(self) -> &'static str { match self { $( BegesPost::$v => $code, )* } }

            /// Category the post belongs to.
            pub fn category(self) -> BegesCategory { match self { $( BegesPost::$v => BegesCategory::$cat, )* } }

            /// French name.
            pub fn name_fr(self) -> &'static str { match self { $( BegesPost::$v => $fr, )* } }

            /// English name.
            pub fn name_en(self) -> &'static str { match self { $( BegesPost::$v => $en, )* } }

            /// GHG Protocol scope of the post.
            pub fn scope(self) -> Scope { match self { $( BegesPost::$v => Scope::$scope, )* } }

            /// Scope 3 category of the post; `None` for scopes 1-2 and for posts with no GHG
            /// Protocol category (3.4 visitors, 6.1 other), reported as "other".
            pub fn scope3_category(self) -> Option<Scope3Category> {
                match self { $( BegesPost::$v => $s3.map(Scope3Category), )* }
            }
        }
    };
}

posts! {
    DirectStationary = "1.1", Direct, "Émissions directes des sources fixes de combustion", "Direct emissions from stationary combustion sources", S1, None::<u8>;
    DirectMobile = "1.2", Direct, "Émissions directes des sources mobiles de combustion", "Direct emissions from mobile combustion sources", S1, None::<u8>;
    DirectProcess = "1.3", Direct, "Émissions directes des procédés hors énergie", "Direct process emissions (non-energy)", S1, None::<u8>;
    DirectFugitive = "1.4", Direct, "Émissions directes fugitives", "Direct fugitive emissions", S1, None::<u8>;
    DirectBiomass = "1.5", Direct, "Émissions issues de la biomasse (sols et forêts)", "Emissions from biomass (soils and forests)", S1, None::<u8>;
    Electricity = "2.1", Energy, "Émissions indirectes liées à la consommation d'électricité", "Indirect emissions from electricity consumption", S2, None::<u8>;
    OtherEnergy = "2.2", Energy, "Émissions indirectes liées à la consommation d'énergie autre que l'électricité", "Indirect emissions from energy other than electricity", S2, None::<u8>;
    UpstreamFreight = "3.1", Transport, "Transport de marchandise amont", "Upstream freight transport", S3, Some(4u8);
    DownstreamFreight = "3.2", Transport, "Transport de marchandise aval", "Downstream freight transport", S3, Some(9u8);
    Commuting = "3.3", Transport, "Déplacements domicile-travail", "Employee commuting", S3, Some(7u8);
    VisitorTravel = "3.4", Transport, "Déplacements des visiteurs et des clients", "Visitor and customer travel", S3, None::<u8>;
    BusinessTravel = "3.5", Transport, "Déplacements professionnels", "Business travel", S3, Some(6u8);
    PurchasedGoods = "4.1", ProductsBought, "Achats de biens", "Purchased goods", S3, Some(1u8);
    CapitalGoods = "4.2", ProductsBought, "Immobilisations de biens", "Capital goods", S3, Some(2u8);
    Waste = "4.3", ProductsBought, "Gestion des déchets", "Waste management", S3, Some(5u8);
    UpstreamLeased = "4.4", ProductsBought, "Actifs en leasing amont", "Upstream leased assets", S3, Some(8u8);
    PurchasedServices = "4.5", ProductsBought, "Achats de services", "Purchased services", S3, Some(1u8);
    UseOfSold = "5.1", ProductsSold, "Utilisation des produits vendus", "Use of products sold", S3, Some(11u8);
    DownstreamLeased = "5.2", ProductsSold, "Actifs en leasing aval", "Downstream leased assets", S3, Some(13u8);
    EndOfLifeSold = "5.3", ProductsSold, "Fin de vie des produits vendus", "End of life of products sold", S3, Some(12u8);
    Investments = "5.4", ProductsSold, "Investissements", "Investments", S3, Some(15u8);
    OtherIndirect = "6.1", Other, "Autres émissions indirectes", "Other indirect emissions", S3, None::<u8>;
}

impl BegesPost {
    /// Post from its code (`"3.5"`).
    pub fn from_code(code: &str) -> Option<BegesPost> {
        BegesPost::ALL.into_iter().find(|p| p.code() == code.trim())
    }
}

impl fmt::Display for BegesPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name_fr())
    }
}

/// Quality of activity data, mapped to a relative 95 % uncertainty. The default levels are
/// Jalon's conventions (close to the Bilan Carbone practice of 5/15/30/50 %); `Custom` takes
/// any fraction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataQuality {
    /// Metered or invoiced data (5 %).
    Measured,
    /// Calculated from reliable data (15 %).
    Calculated,
    /// Estimated (30 %).
    Estimated,
    /// Rough extrapolation (50 %).
    Extrapolated,
    /// Explicit relative uncertainty (fraction).
    Custom(f64),
}

impl DataQuality {
    /// Relative 95 % uncertainty as a fraction.
    pub fn relative(self) -> f64 {
        match self {
            DataQuality::Measured => 0.05,
            DataQuality::Calculated => 0.15,
            DataQuality::Estimated => 0.30,
            DataQuality::Extrapolated => 0.50,
            DataQuality::Custom(u) => u,
        }
    }
}

/// One line of activity data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityData {
    /// Stable id of the line (unique within an org unit and year).
    pub id: String,
    /// BEGES post the line is reported under.
    pub post: BegesPost,
    /// Quantity.
    pub quantity: f64,
    /// Unit of the quantity.
    pub unit: ActivityUnit,
    /// Emission factor id.
    pub factor_id: String,
    /// Data quality / uncertainty.
    pub quality: DataQuality,
    /// Org unit (service, lab) the line belongs to.
    pub org_unit: String,
    /// Inventory year.
    pub year: i32,
    /// Free label.
    pub label: String,
}

/// Errors of an inventory computation, each naming the activity line.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum InventoryError {
    /// The factor does not exist in the frozen set.
    #[error("activity \"{activity}\": {source}")]
    Factor {
        /// Activity id.
        activity: String,
        /// Factor problem.
        source: FactorError,
    },
    /// Activity unit and factor unit do not match.
    #[error("activity \"{activity}\" (factor {factor_id}): {source}")]
    Unit {
        /// Activity id.
        activity: String,
        /// Factor id.
        factor_id: String,
        /// Unit problem.
        source: UnitError,
    },
    /// The activity belongs to another year.
    #[error("activity \"{activity}\" is for {found}, the inventory is for {expected}")]
    WrongYear {
        /// Activity id.
        activity: String,
        /// Inventory year.
        expected: i32,
        /// Activity year.
        found: i32,
    },
    /// Negative or non-finite quantity.
    #[error("activity \"{activity}\": quantity {quantity} is not a finite non-negative number")]
    BadQuantity {
        /// Activity id.
        activity: String,
        /// Quantity given.
        quantity: f64,
    },
    /// The same (org unit, activity id) appears twice.
    #[error("activity \"{activity}\" of unit \"{org_unit}\" appears twice")]
    Duplicate {
        /// Activity id.
        activity: String,
        /// Org unit.
        org_unit: String,
    },
}

/// One computed line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmissionLine {
    /// Activity id.
    pub activity_id: String,
    /// Org unit.
    pub org_unit: String,
    /// BEGES post.
    pub post: BegesPost,
    /// GHG Protocol scope.
    pub scope: Scope,
    /// Scope 3 category, if any.
    pub scope3_category: Option<Scope3Category>,
    /// Factor id.
    pub factor_id: String,
    /// Version of the factor set used.
    pub factor_version: String,
    /// Factor value, kgCO2e per factor unit.
    pub factor_value: f64,
    /// Quantity converted into the factor's unit.
    pub quantity_in_factor_unit: f64,
    /// Emissions with uncertainty.
    pub estimate: Estimate,
    /// Log-sd of the activity data (independent between lines).
    pub sigma_activity: f64,
    /// Log-sd of the factor (shared by the lines using the same factor).
    pub sigma_factor: f64,
}

impl EmissionLine {
    fn term(&self) -> Term<'_> {
        Term {
            shared_key: &self.factor_id,
            kg: self.estimate.kg,
            sigma_independent: self.sigma_activity,
            sigma_shared: self.sigma_factor,
        }
    }
}

/// An inventory for one year, frozen on one factor-set version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// Year.
    pub year: i32,
    /// Factor-set version used.
    pub factor_version: String,
    /// Lines.
    pub lines: Vec<EmissionLine>,
}

/// Computes an inventory; all errors are collected (an import is all-or-nothing).
pub fn compute_inventory(
    year: i32,
    activities: &[ActivityData],
    factors: &FactorSet,
) -> Result<Inventory, Vec<InventoryError>> {
    let mut errors = Vec::new();
    let mut lines = Vec::with_capacity(activities.len());
    let mut seen = HashSet::new();
    for a in activities {
        if a.year != year {
            errors.push(InventoryError::WrongYear {
                activity: a.id.clone(),
                expected: year,
                found: a.year,
            });
            continue;
        }
        if !seen.insert((a.org_unit.as_str(), a.id.as_str())) {
            errors.push(InventoryError::Duplicate {
                activity: a.id.clone(),
                org_unit: a.org_unit.clone(),
            });
            continue;
        }
        if !a.quantity.is_finite() || a.quantity < 0.0 {
            errors.push(InventoryError::BadQuantity {
                activity: a.id.clone(),
                quantity: a.quantity,
            });
            continue;
        }
        let f = match factors.require(&a.factor_id) {
            Ok(f) => f,
            Err(e) => {
                errors.push(InventoryError::Factor {
                    activity: a.id.clone(),
                    source: e,
                });
                continue;
            }
        };
        let q = match a.unit.convert(a.quantity, f.unit.per) {
            Ok(q) => q,
            Err(e) => {
                errors.push(InventoryError::Unit {
                    activity: a.id.clone(),
                    factor_id: f.id.clone(),
                    source: e,
                });
                continue;
            }
        };
        let kg = q * f.value;
        lines.push(EmissionLine {
            activity_id: a.id.clone(),
            org_unit: a.org_unit.clone(),
            post: a.post,
            scope: a.post.scope(),
            scope3_category: a.post.scope3_category(),
            factor_id: f.id.clone(),
            factor_version: factors.version.clone(),
            factor_value: f.value,
            quantity_in_factor_unit: q,
            estimate: Estimate::product(kg, a.quality.relative(), f.uncertainty.unwrap_or(0.0)),
            sigma_activity: sigma_from_relative(a.quality.relative()),
            sigma_factor: sigma_from_relative(f.uncertainty.unwrap_or(0.0)),
        });
    }
    if errors.is_empty() {
        Ok(Inventory {
            year,
            factor_version: factors.version.clone(),
            lines,
        })
    } else {
        Err(errors)
    }
}

impl Inventory {
    fn group<K: Ord>(&self, key: impl Fn(&EmissionLine) -> K) -> BTreeMap<K, Estimate> {
        let mut groups: BTreeMap<K, Vec<&EmissionLine>> = BTreeMap::new();
        for l in &self.lines {
            groups.entry(key(l)).or_default().push(l);
        }
        groups
            .into_iter()
            .map(|(k, v)| (k, aggregate(v.into_iter().map(EmissionLine::term))))
            .collect()
    }

    /// Total with its 95 % interval (factor errors shared by the lines of one factor, see
    /// [`crate::uncertainty`]).
    pub fn total(&self) -> Estimate {
        aggregate(self.lines.iter().map(EmissionLine::term))
    }

    /// Totals per BEGES post (posts without lines omitted).
    pub fn by_post(&self) -> BTreeMap<BegesPost, Estimate> {
        self.group(|l| l.post)
    }

    /// Totals per BEGES category.
    pub fn by_category(&self) -> BTreeMap<BegesCategory, Estimate> {
        self.group(|l| l.post.category())
    }

    /// Totals per GHG Protocol scope.
    pub fn by_scope(&self) -> BTreeMap<Scope, Estimate> {
        self.group(|l| l.scope)
    }

    /// Scope 3 totals per category (`None` = outside the 15 categories).
    pub fn by_scope3_category(&self) -> BTreeMap<Option<Scope3Category>, Estimate> {
        let s3 = Inventory {
            year: self.year,
            factor_version: self.factor_version.clone(),
            lines: self
                .lines
                .iter()
                .filter(|l| l.scope == Scope::S3)
                .cloned()
                .collect(),
        };
        s3.group(|l| l.scope3_category)
    }

    /// Totals per org unit.
    pub fn by_org_unit(&self) -> BTreeMap<String, Estimate> {
        self.group(|l| l.org_unit.clone())
    }

    /// Year-on-year comparison with an earlier inventory, post by post.
    pub fn compare(&self, previous: &Inventory) -> Comparison {
        let now = self.by_post();
        let before = previous.by_post();
        let mut posts: Vec<BegesPost> = now.keys().chain(before.keys()).copied().collect();
        posts.sort();
        posts.dedup();
        let rows = posts
            .into_iter()
            .map(|p| {
                let a = before.get(&p).map_or(0.0, |e| e.kg);
                let b = now.get(&p).map_or(0.0, |e| e.kg);
                (p, a, b)
            })
            .collect();
        Comparison {
            previous_year: previous.year,
            year: self.year,
            previous_total_kg: previous.total().kg,
            total_kg: self.total().kg,
            factor_versions_differ: previous.factor_version != self.factor_version,
            posts: rows,
        }
    }
}

/// Year-on-year comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Earlier year.
    pub previous_year: i32,
    /// Later year.
    pub year: i32,
    /// Earlier total, kgCO2e.
    pub previous_total_kg: f64,
    /// Later total, kgCO2e.
    pub total_kg: f64,
    /// True when the two years used different factor-set versions: part of the change then
    /// comes from the factors, not from the activity.
    pub factor_versions_differ: bool,
    /// Per post: (post, earlier kg, later kg).
    pub posts: Vec<(BegesPost, f64, f64)>,
}

impl Comparison {
    /// Change of the total in kgCO2e.
    pub fn delta_kg(&self) -> f64 {
        self.total_kg - self.previous_total_kg
    }

    /// Relative change of the total (`None` when the earlier total is zero).
    pub fn delta_relative(&self) -> Option<f64> {
        (self.previous_total_kg != 0.0).then(|| self.delta_kg() / self.previous_total_kg)
    }
}

/// Ownership shares of org units within the reporting institution (a lab with two parent
/// bodies at 50/50 has share 0.5). Units absent from the perimeter are excluded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Perimeter {
    /// Org unit → share in [0, 1].
    pub shares: BTreeMap<String, f64>,
}

impl Perimeter {
    /// Adds a unit with its share.
    pub fn with(mut self, unit: impl Into<String>, share: f64) -> Self {
        self.shares.insert(unit.into(), share);
        self
    }
}

/// Result of a consolidation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consolidated {
    /// The consolidated inventory (lines scaled by share).
    pub inventory: Inventory,
    /// (org unit, activity id) pairs seen more than once across the inputs and counted once.
    pub duplicates_skipped: Vec<(String, String)>,
    /// Org units present in the inputs but outside the perimeter.
    pub excluded_units: Vec<String>,
}

/// Why a consolidation was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConsolidationError {
    /// No inventory given.
    #[error("nothing to consolidate")]
    Empty,
    /// A share outside [0, 1].
    #[error("share of \"{unit}\" is {share}, expected a value between 0 and 1")]
    BadShare {
        /// Org unit.
        unit: String,
        /// Share given.
        share: f64,
    },
    /// Inventories of different years.
    #[error("cannot consolidate {0} with {1}")]
    MixedYears(i32, i32),
    /// Inventories computed on different factor-set versions.
    #[error("cannot consolidate factor versions {0} and {1}: recompute on one version")]
    MixedVersions(String, String),
}

/// Consolidates several inventories of one year (the institution's own, each lab's) into the
/// institution: every (org unit, activity) is counted once even if it appears in several inputs,
/// and each line is multiplied by its unit's share. Errors on mixed years, mixed factor
/// versions or shares outside [0, 1].
pub fn consolidate(
    inventories: &[Inventory],
    perimeter: &Perimeter,
) -> Result<Consolidated, ConsolidationError> {
    let Some(first) = inventories.first() else {
        return Err(ConsolidationError::Empty);
    };
    for (unit, &share) in &perimeter.shares {
        if !(0.0..=1.0).contains(&share) || !share.is_finite() {
            return Err(ConsolidationError::BadShare {
                unit: unit.clone(),
                share,
            });
        }
    }
    let mut seen = HashSet::new();
    let mut lines = Vec::new();
    let mut duplicates = Vec::new();
    let mut excluded = Vec::new();
    for inv in inventories {
        if inv.year != first.year {
            return Err(ConsolidationError::MixedYears(first.year, inv.year));
        }
        if inv.factor_version != first.factor_version {
            return Err(ConsolidationError::MixedVersions(
                first.factor_version.clone(),
                inv.factor_version.clone(),
            ));
        }
        for l in &inv.lines {
            let Some(&share) = perimeter.shares.get(&l.org_unit) else {
                if !excluded.contains(&l.org_unit) {
                    excluded.push(l.org_unit.clone());
                }
                continue;
            };
            if !seen.insert((l.org_unit.clone(), l.activity_id.clone())) {
                duplicates.push((l.org_unit.clone(), l.activity_id.clone()));
                continue;
            }
            let mut scaled = l.clone();
            scaled.estimate = l.estimate.scale(share);
            scaled.quantity_in_factor_unit *= share;
            lines.push(scaled);
        }
    }
    Ok(Consolidated {
        inventory: Inventory {
            year: first.year,
            factor_version: first.factor_version.clone(),
            lines,
        },
        duplicates_skipped: duplicates,
        excluded_units: excluded,
    })
}

/// Fossil final energy in MWh of a set of activities (factors whose `energy` class is
/// `fossil`; litres converted with the factor's `kwh_per_unit`; kWh PCS counted as invoiced).
/// Activities whose factor is unknown or not fossil are ignored.
pub fn fossil_mwh(activities: &[ActivityData], factors: &FactorSet) -> f64 {
    let mut kwh = 0.0;
    for a in activities {
        let Some(f) = factors.get(&a.factor_id) else {
            continue;
        };
        if f.energy.as_deref() != Some("fossil") {
            continue;
        }
        if let Ok(k) = a.unit.convert(a.quantity, ActivityUnit::Kwh) {
            kwh += k;
        } else if let Ok(k) = a.unit.convert(a.quantity, ActivityUnit::KwhPcs) {
            kwh += k;
        } else if let (Some(per), Ok(q)) = (f.kwh_per_unit, a.unit.convert(a.quantity, f.unit.per))
        {
            kwh += q * per;
        }
    }
    kwh / 1000.0
}

/// How a target's expected path is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum TargetKind {
    /// Constant annual rate `r` (−0.05 = −5 %/year, compounding: −22.6 % over five years).
    AnnualRate(f64),
    /// Straight line from the reference value to `reference × (1 + change)` at `target_year`
    /// (−0.20 = −20 %).
    LinearTo {
        /// Relative change at the target year.
        change: f64,
        /// Target year.
        target_year: i32,
    },
}

/// A reduction target against a reference year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Reference year.
    pub reference_year: i32,
    /// Value in the reference year (tCO2e, MWh...).
    pub reference_value: f64,
    /// Shape of the path.
    pub kind: TargetKind,
}

/// One year of a trajectory check.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryPoint {
    /// Year.
    pub year: i32,
    /// Value expected on the path.
    pub expected: f64,
    /// Value measured.
    pub actual: f64,
    /// `actual − expected` (negative = ahead of the path for a reduction target).
    pub gap: f64,
    /// True when `actual ≤ expected`.
    pub on_track: bool,
}

impl Target {
    /// Expected value at `year`.
    pub fn expected(&self, year: i32) -> f64 {
        let dy = f64::from(year - self.reference_year);
        match self.kind {
            TargetKind::AnnualRate(r) => self.reference_value * (1.0 + r).powf(dy),
            TargetKind::LinearTo {
                change,
                target_year,
            } => {
                let span = f64::from(target_year - self.reference_year);
                if span <= 0.0 {
                    return self.reference_value * (1.0 + change);
                }
                let t = (dy / span).clamp(0.0, 1.0);
                self.reference_value * (1.0 + change * t)
            }
        }
    }

    /// Compares measured values (year, value) with the path.
    pub fn check(&self, actual: &[(i32, f64)]) -> Vec<TrajectoryPoint> {
        actual
            .iter()
            .map(|&(year, value)| {
                let expected = self.expected(year);
                TrajectoryPoint {
                    year,
                    expected,
                    actual: value,
                    gap: value - expected,
                    on_track: value <= expected + 1e-9,
                }
            })
            .collect()
    }
}
