//! Inventories: activity data per year and unit, computed into emissions by BEGES post and
//! GHG Protocol scope with 95 % intervals; consolidated per year with each lab counted at the
//! share the institution owns; compared year on year and against the −5 %/year trajectory.

use crate::ErrorCode;
use crate::computed::Feed;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jalon_carbon::{
    ActivityData, ActivityUnit, BUNDLED_VERSION, BegesCategory, BegesPost, DataQuality, Estimate,
    FactorSet, Inventory, Perimeter, Scope, Target as CarbonTarget, TargetKind, compute_inventory,
    consolidate, fossil_mwh,
};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::message::Message;
use jalon_io::activities::{ActivityLine, parse_quality, quality_key, read_activities};
use jalon_store::ConnectionTrait;
use jalon_store::StoreError;
use jalon_store::audit::Change;
use jalon_store::carbon::{self as repo, ActivityRow, InventoryRow, NewActivity};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, check_len};

/// (post, factor, quantity when comparing copied lines) → units reporting it.
type DoubleCountKeys = BTreeMap<(String, String, Option<String>), Vec<String>>;

/// Key of the institution's own activities in a consolidation.
pub const INSTITUTION_KEY: &str = "institution";

/// The unit an inventory belongs to.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub code: String,
    pub name: String,
    /// Share the institution owns (1 when not set).
    pub share: f64,
}

/// An interval as shown: central value and 95 % bounds, in kgCO2e.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kg {
    pub kg: f64,
    pub low: f64,
    pub high: f64,
}

impl From<Estimate> for Kg {
    fn from(e: Estimate) -> Kg {
        Kg {
            kg: e.kg,
            low: e.low(),
            high: e.high(),
        }
    }
}

/// One activity line with what it emits.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityView {
    pub id: i64,
    pub post: String,
    pub label: String,
    pub quantity: f64,
    pub unit: String,
    pub factor_id: String,
    pub factor_name: Option<String>,
    pub factor_value: Option<f64>,
    pub factor_unit: Option<String>,
    pub quality: String,
    pub source: Option<String>,
    pub comment: Option<String>,
    pub emissions: Option<Kg>,
    /// Trips a travel line adds up (the label is then the factor's name).
    pub trips: Option<i64>,
}

impl ActivityView {
    /// The line's label in `lang`: a travel line says how many trips it adds up.
    pub fn label_in(&self, lang: jalon_core::Lang) -> String {
        match self.trips {
            Some(n) => jalon_i18n::Tr::new(lang).args(
                "carbon-travel-line",
                &[("factor", &self.label), ("trips", &n.to_string())],
            ),
            None => self.label.clone(),
        }
    }
}

/// Emissions of one BEGES post (all 22 are listed, zero when empty).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostTotal {
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub category: u8,
    pub scope: u8,
    pub emissions: Kg,
}

/// Emissions of a group (category, scope, Scope 3 category).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupTotal {
    pub key: String,
    pub name_fr: String,
    pub name_en: String,
    pub emissions: Kg,
}

/// An inventory computed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryView {
    pub id: i64,
    pub year: i32,
    /// `None`: the institution's own activities.
    pub unit: Option<UnitRef>,
    pub factor_version: String,
    pub notes: Option<String>,
    pub illustrative: bool,
    pub activities: Vec<ActivityView>,
    pub total: Kg,
    pub posts: Vec<PostTotal>,
    pub categories: Vec<GroupTotal>,
    pub scopes: Vec<GroupTotal>,
    pub scope3: Vec<GroupTotal>,
    /// Fossil energy used, MWh.
    pub fossil_mwh: f64,
    /// Why some lines could not be computed: a catalogue key with its arguments each.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub problems: Vec<Message>,
}

/// An inventory in lists.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventorySummary {
    pub id: i64,
    pub year: i32,
    pub unit: Option<UnitRef>,
    pub factor_version: String,
    pub lines: usize,
    pub total: Kg,
    pub illustrative: bool,
}

/// The institution's footprint of one year: its own inventory and its labs at their shares.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Footprint {
    pub year: i32,
    pub factor_version: String,
    pub total: Kg,
    pub posts: Vec<PostTotal>,
    pub categories: Vec<GroupTotal>,
    pub scopes: Vec<GroupTotal>,
    pub scope3: Vec<GroupTotal>,
    /// Each part: the institution or a lab, with its share and what it adds.
    pub parts: Vec<FootprintPart>,
    pub fossil_mwh: f64,
    /// Warnings: possible double counts, mixed factor versions, lines that failed; each a
    /// catalogue key with its arguments.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub warnings: Vec<Message>,
    pub illustrative: bool,
}

/// A part of a consolidated footprint.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FootprintPart {
    pub inventory_id: i64,
    pub unit: Option<UnitRef>,
    pub share: f64,
    /// The unit's whole footprint.
    pub own: Kg,
    /// What it adds to the institution (own × share).
    pub counted: Kg,
}

/// A year of the trend, with the trajectory.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub year: i32,
    pub total: Kg,
    /// Expected by the −5 %/year trajectory from the first year.
    pub expected_kg: f64,
    pub on_track: bool,
    /// Change versus the previous year, relative.
    pub change: Option<f64>,
    pub fossil_mwh: f64,
    /// Fossil MWh as a percentage of the first year's.
    pub fossil_index: Option<f64>,
}

/// A line of activity data as entered.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// BEGES post code, e.g. `2.1`.
    pub post: String,
    pub label: String,
    pub quantity: f64,
    /// `kWh`, `MWh`, `litre`, `m3`, `kg`, `t`, `passenger.km`, `vehicle.km`, `€`, `k€`, `unit`…
    pub unit: String,
    pub factor_id: String,
    /// `measured`, `calculated`, `estimated`, `extrapolated`, or a relative uncertainty.
    #[serde(default)]
    pub quality: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// Fossil energy burnt to heat and run the buildings (post 1.1, stationary combustion), MWh:
/// the quantity of the "−20 % fossil energy" targets. Fleet fuels are transport, not estate.
fn building_fossil_mwh(data: &[ActivityData], factors: &FactorSet) -> f64 {
    let stationary: Vec<ActivityData> = data
        .iter()
        .filter(|a| a.post == BegesPost::DirectStationary)
        .cloned()
        .collect();
    fossil_mwh(&stationary, factors)
}

/// The possible double counts of a consolidation: a post and factor reported by the
/// institution and a lab (energy, housed in the institution's buildings), or a line copied
/// with the same quantity.
fn double_counts(by_factor: DoubleCountKeys) -> Vec<Message> {
    let mut out = Vec::new();
    for ((post, factor, quantity), who) in by_factor {
        let mut units_with: Vec<&String> = who.iter().collect();
        units_with.sort();
        units_with.dedup();
        let energy =
            BegesPost::from_code(&post).is_some_and(|p| matches!(p.scope(), Scope::S1 | Scope::S2));
        if units_with.len() > 1
            && units_with.iter().any(|u| *u == INSTITUTION_KEY)
            && (energy || quantity.is_some())
        {
            out.push(
                Message::new("carbon-warning-double-count")
                    .with("post", post.as_str())
                    .with("factor", factor.as_str())
                    .with("quantity", quantity.unwrap_or_else(|| "none".into()))
                    .with(
                        "units",
                        units_with
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            );
        }
    }
    out
}

fn unit_key(unit: Option<&UnitRef>) -> String {
    unit.map_or_else(|| INSTITUTION_KEY.to_string(), |u| u.code.clone())
}

/// The activity data of stored rows, for the carbon crate.
fn activity_data(rows: &[ActivityRow], year: i32, unit: &str) -> (Vec<ActivityData>, Vec<Message>) {
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for r in rows {
        let post = BegesPost::from_code(&r.post);
        let unit_parsed = ActivityUnit::parse(&r.unit).ok();
        let quality = parse_quality(&r.quality);
        match (post, unit_parsed, quality) {
            (Some(post), Some(u), Some(quality)) => out.push(ActivityData {
                id: r.id.to_string(),
                post,
                quantity: r.quantity,
                unit: u,
                factor_id: r.factor_id.clone(),
                quality,
                org_unit: unit.to_string(),
                year,
                label: r.label.clone(),
            }),
            _ => problems.push(
                Message::new("carbon-line-unreadable")
                    .with("line", r.label.as_str())
                    .with("post", r.post.as_str())
                    .with("unit", r.unit.as_str()),
            ),
        }
    }
    (out, problems)
}

/// Why a line could not be computed, naming the line by its label.
fn line_problem(e: &jalon_carbon::InventoryError, data: &[ActivityData]) -> Message {
    use jalon_carbon::{FactorError, InventoryError, UnitError};
    let label = |id: &str| {
        data.iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.label.clone())
    };
    match e {
        InventoryError::Factor {
            activity,
            source: FactorError::NotFound { id, version },
        } => Message::new("carbon-line-unknown-factor")
            .with("line", label(activity))
            .with("factor", id.as_str())
            .with("version", version.as_str()),
        InventoryError::Factor { activity, source } => Message::new("carbon-line-factor")
            .with("line", label(activity))
            .with("detail", source.to_string()),
        InventoryError::Unit {
            activity,
            factor_id,
            source:
                UnitError::Incompatible {
                    activity: unit,
                    factor: per,
                    ..
                },
        } => Message::new("carbon-line-unit-incompatible")
            .with("line", label(activity))
            .with("unit", unit.label())
            .with("factor", factor_id.as_str())
            .with("per", per.label()),
        InventoryError::Unit {
            activity, source, ..
        } => Message::new("carbon-line-factor")
            .with("line", label(activity))
            .with("detail", source.to_string()),
        InventoryError::WrongYear {
            activity,
            expected,
            found,
        } => Message::new("carbon-line-wrong-year")
            .with("line", label(activity))
            .with("found", found.to_string())
            .with("expected", expected.to_string()),
        InventoryError::BadQuantity { activity, quantity } => {
            Message::new("carbon-line-bad-quantity")
                .with("line", label(activity))
                .with("quantity", quantity.to_string())
        }
        InventoryError::Duplicate { activity, .. } => {
            Message::new("carbon-line-duplicate").with("line", label(activity))
        }
    }
}

/// Computes what can be computed; failing lines are reported, the others counted.
fn compute(
    year: i32,
    data: &[ActivityData],
    factors: &FactorSet,
    problems: &mut Vec<Message>,
) -> Inventory {
    match compute_inventory(year, data, factors) {
        Ok(inv) => inv,
        Err(errors) => {
            let failing: Vec<String> = errors
                .iter()
                .map(|e| {
                    problems.push(line_problem(e, data));
                    match e {
                        jalon_carbon::InventoryError::Factor { activity, .. }
                        | jalon_carbon::InventoryError::Unit { activity, .. }
                        | jalon_carbon::InventoryError::BadQuantity { activity, .. }
                        | jalon_carbon::InventoryError::WrongYear { activity, .. } => {
                            activity.clone()
                        }
                        jalon_carbon::InventoryError::Duplicate { activity, .. } => {
                            activity.clone()
                        }
                    }
                })
                .collect();
            let ok: Vec<ActivityData> = data
                .iter()
                .filter(|a| !failing.contains(&a.id))
                .cloned()
                .collect();
            compute_inventory(year, &ok, factors).unwrap_or(Inventory {
                year,
                factor_version: factors.version.clone(),
                lines: Vec::new(),
            })
        }
    }
}

fn posts_of(inv: &Inventory) -> Vec<PostTotal> {
    let by_post = inv.by_post();
    BegesPost::ALL
        .iter()
        .map(|p| PostTotal {
            code: p.code().to_string(),
            name_fr: p.name_fr().to_string(),
            name_en: p.name_en().to_string(),
            category: p.category().number(),
            scope: match p.scope() {
                Scope::S1 => 1,
                Scope::S2 => 2,
                Scope::S3 => 3,
            },
            emissions: by_post.get(p).copied().unwrap_or(Estimate::ZERO).into(),
        })
        .collect()
}

fn categories_of(inv: &Inventory) -> Vec<GroupTotal> {
    let by = inv.by_category();
    [
        BegesCategory::Direct,
        BegesCategory::Energy,
        BegesCategory::Transport,
        BegesCategory::ProductsBought,
        BegesCategory::ProductsSold,
        BegesCategory::Other,
    ]
    .iter()
    .map(|c| GroupTotal {
        key: c.number().to_string(),
        name_fr: c.name_fr().to_string(),
        name_en: c.name_en().to_string(),
        emissions: by.get(c).copied().unwrap_or(Estimate::ZERO).into(),
    })
    .collect()
}

fn scopes_of(inv: &Inventory) -> Vec<GroupTotal> {
    let by = inv.by_scope();
    [
        (
            Scope::S1,
            "1",
            "Scope 1 : émissions directes",
            "Scope 1: direct emissions",
        ),
        (
            Scope::S2,
            "2",
            "Scope 2 : énergie achetée",
            "Scope 2: purchased energy",
        ),
        (
            Scope::S3,
            "3",
            "Scope 3 : autres émissions indirectes",
            "Scope 3: other indirect emissions",
        ),
    ]
    .iter()
    .map(|(s, k, fr, en)| GroupTotal {
        key: (*k).to_string(),
        name_fr: (*fr).to_string(),
        name_en: (*en).to_string(),
        emissions: by.get(s).copied().unwrap_or(Estimate::ZERO).into(),
    })
    .collect()
}

fn scope3_of(inv: &Inventory) -> Vec<GroupTotal> {
    inv.by_scope3_category()
        .into_iter()
        .map(|(c, e)| match c {
            Some(c) => GroupTotal {
                key: c.0.to_string(),
                name_fr: c.name_fr().to_string(),
                name_en: c.name_en().to_string(),
                emissions: e.into(),
            },
            None => GroupTotal {
                key: "other".into(),
                name_fr: "Scopes 1 et 2, et postes sans catégorie GHG Protocol (3.4, 6.1)".into(),
                name_en: "Scopes 1 and 2, and posts without a GHG Protocol category (3.4, 6.1)"
                    .into(),
                emissions: e.into(),
            },
        })
        .collect()
}

/// An inventory computed: the inventory, its lines, its factors, the problems of its lines
/// and the fossil energy of its buildings (MWh).
type Computed = (
    Inventory,
    Vec<ActivityRow>,
    Arc<FactorSet>,
    Vec<Message>,
    f64,
);

impl App {
    async fn unit_refs(&self, actor: &Actor) -> AppResult<HashMap<i64, UnitRef>> {
        let view = self.view_for(actor).await?;
        Ok(view
            .doc()
            .org_units
            .iter()
            .filter_map(|u| {
                view.stored.ids.units.id(&u.code).map(|id| {
                    (
                        id,
                        UnitRef {
                            code: u.code.clone(),
                            name: u.name.clone(),
                            share: u.share.unwrap_or(1.0),
                        },
                    )
                })
            })
            .collect())
    }

    async fn computed(&self, row: &InventoryRow, unit: Option<&UnitRef>) -> AppResult<Computed> {
        self.computed_on(self.store.db(), row, unit).await
    }

    /// An inventory computed from its lines as `conn` sees them.
    async fn computed_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        row: &InventoryRow,
        unit: Option<&UnitRef>,
    ) -> AppResult<Computed> {
        let factors = self
            .factor_set(row.institution_id, &row.factor_version)
            .await?;
        let rows = repo::activities(conn, row.id).await?;
        let (data, mut problems) = activity_data(&rows, row.year, &unit_key(unit));
        let inv = compute(row.year, &data, &factors, &mut problems);
        let fossil = building_fossil_mwh(&data, &factors);
        Ok((inv, rows, factors, problems, fossil))
    }

    /// Every inventory of the institution, computed.
    pub async fn inventories(&self, actor: &Actor) -> AppResult<Vec<InventorySummary>> {
        actor.require(Operation::View)?;
        let units = self.unit_refs(actor).await?;
        let mut out = Vec::new();
        for row in repo::inventories(self.store.db(), actor.institution_id).await? {
            let unit = row.org_unit_id.and_then(|u| units.get(&u).cloned());
            let (inv, rows, ..) = self.computed(&row, unit.as_ref()).await?;
            out.push(InventorySummary {
                id: row.id,
                year: row.year,
                unit,
                factor_version: row.factor_version.clone(),
                lines: rows.len(),
                total: inv.total().into(),
                illustrative: row.illustrative,
            });
        }
        Ok(out)
    }

    /// One inventory, computed line by line.
    pub async fn inventory(&self, actor: &Actor, id: i64) -> AppResult<InventoryView> {
        actor.require(Operation::View)?;
        let row = repo::inventory(self.store.db(), actor.institution_id, id)
            .await
            .map_err(|_| AppError::NotFound("inventory"))?;
        let units = self.unit_refs(actor).await?;
        let unit = row.org_unit_id.and_then(|u| units.get(&u).cloned());
        let (inv, rows, factors, problems, fossil) = self.computed(&row, unit.as_ref()).await?;
        let lines: HashMap<&str, &jalon_carbon::EmissionLine> = inv
            .lines
            .iter()
            .map(|l| (l.activity_id.as_str(), l))
            .collect();
        let activities = rows
            .iter()
            .map(|r| {
                let f = factors.get(&r.factor_id);
                ActivityView {
                    id: r.id,
                    post: r.post.clone(),
                    label: r.label.clone(),
                    quantity: r.quantity,
                    unit: r.unit.clone(),
                    factor_id: r.factor_id.clone(),
                    factor_name: f.map(|f| f.name_fr.clone()),
                    factor_value: f.map(|f| f.value),
                    factor_unit: f.map(|f| format!("kgCO2e/{}", f.unit.per.label())),
                    quality: r.quality.clone(),
                    source: r.source.clone(),
                    comment: r.comment.clone(),
                    emissions: lines
                        .get(r.id.to_string().as_str())
                        .map(|l| l.estimate.into()),
                    trips: r.trips,
                }
            })
            .collect();
        Ok(InventoryView {
            id: row.id,
            year: row.year,
            unit,
            factor_version: row.factor_version.clone(),
            notes: row.notes.clone(),
            illustrative: row.illustrative,
            activities,
            total: inv.total().into(),
            posts: posts_of(&inv),
            categories: categories_of(&inv),
            scopes: scopes_of(&inv),
            scope3: scope3_of(&inv),
            fossil_mwh: fossil,
            problems,
        })
    }

    pub(crate) async fn inventory_for_edit(
        &self,
        actor: &Actor,
        id: i64,
    ) -> AppResult<(InventoryRow, Option<UnitRef>)> {
        let row = repo::inventory(self.store.db(), actor.institution_id, id)
            .await
            .map_err(|_| AppError::NotFound("inventory"))?;
        let units = self.unit_refs(actor).await?;
        let unit = row.org_unit_id.and_then(|u| units.get(&u).cloned());
        let member = self
            .member_of(actor, unit.as_ref().map(|u| u.code.as_str()))
            .await?;
        actor.require(Operation::EditCarbon {
            unit_member: member,
        })?;
        Ok((row, unit))
    }

    /// Creates an inventory of `year` for the institution (`unit` none) or one of its units.
    /// The factor set defaults to the institution's inventory of that year, else the bundled.
    pub async fn create_inventory(
        &self,
        actor: &Actor,
        year: i32,
        unit_code: Option<&str>,
        factor_version: Option<&str>,
        notes: Option<&str>,
        illustrative: bool,
    ) -> AppResult<InventorySummary> {
        crate::check_year("year", year)?;
        let unit_code = unit_code.map(str::trim).filter(|u| !u.is_empty());
        let member = self.member_of(actor, unit_code).await?;
        actor.require(Operation::EditCarbon {
            unit_member: member,
        })?;
        let view = self.view_for(actor).await?;
        let unit_id = match unit_code {
            Some(code) => Some(
                view.stored
                    .ids
                    .units
                    .id(code)
                    .ok_or_else(|| AppError::invalid("unit", ErrorCode::UnknownUnit, code))?,
            ),
            None => None,
        };
        let existing = repo::inventories(self.store.db(), actor.institution_id).await?;
        let version = match factor_version.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => v.to_string(),
            None => existing
                .iter()
                .find(|i| i.year == year && i.org_unit_id.is_none())
                .map_or_else(|| BUNDLED_VERSION.to_string(), |i| i.factor_version.clone()),
        };
        self.factor_set(actor.institution_id, &version)
            .await
            .map_err(|_| {
                AppError::invalid(
                    "factor_version",
                    ErrorCode::UnknownFactorSet,
                    version.clone(),
                )
            })?;
        if let Some(n) = notes {
            check_len("notes", n, 4000)?;
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let new = repo::NewInventory {
            institution_id: actor.institution_id,
            org_unit_id: unit_id,
            year,
            factor_version: version.clone(),
            notes: notes.map(str::to_string),
            illustrative,
        };
        let row = repo::create_inventory(&txn, new, now)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::Conflict(ErrorCode::InventoryExists),
                e => e.into(),
            })?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory",
                entity_id: Some(row.id),
                operation: "create",
                message: inventory_created(unit_code, year, &version),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        let units = self.unit_refs(actor).await?;
        Ok(InventorySummary {
            id: row.id,
            year,
            unit: unit_id.and_then(|u| units.get(&u).cloned()),
            factor_version: version,
            lines: 0,
            total: Estimate::ZERO.into(),
            illustrative,
        })
    }

    fn new_activity(input: &ActivityInput, factors: &FactorSet) -> AppResult<NewActivity> {
        let post = BegesPost::from_code(&input.post)
            .ok_or_else(|| AppError::invalid("post", ErrorCode::InvalidPost, input.post.clone()))?;
        let label = input.label.trim();
        if label.is_empty() {
            return Err(AppError::invalid("label", ErrorCode::Required, ""));
        }
        check_len("label", label, 500)?;
        if !(input.quantity.is_finite() && input.quantity >= 0.0) {
            return Err(AppError::invalid(
                "quantity",
                ErrorCode::InvalidQuantity,
                input.quantity.to_string(),
            ));
        }
        let unit = ActivityUnit::parse(&input.unit)
            .map_err(|_| AppError::invalid("unit", ErrorCode::InvalidUnit, input.unit.clone()))?;
        let factor = factors.get(input.factor_id.trim()).ok_or_else(|| {
            AppError::invalid(
                "factor_id",
                ErrorCode::UnknownFactor,
                input.factor_id.clone(),
            )
        })?;
        unit.convert(1.0, factor.unit.per)
            .map_err(|e| AppError::invalid("unit", ErrorCode::UnitMismatch, e.to_string()))?;
        let quality = match input
            .quality
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            None => DataQuality::Estimated,
            Some(q) => parse_quality(q)
                .ok_or_else(|| AppError::invalid("quality", ErrorCode::InvalidQuality, q))?,
        };
        Ok(NewActivity {
            post: post.code().to_string(),
            label: label.to_string(),
            quantity: input.quantity,
            unit: unit.label().to_string(),
            factor_id: factor.id.clone(),
            quality: quality_key(quality),
            source: crate::clean(input.source.as_deref()),
            comment: crate::clean(input.comment.as_deref()),
            trips: None,
        })
    }

    /// Adds a line of activity data.
    pub async fn add_activity(
        &self,
        actor: &Actor,
        inventory_id: i64,
        input: &ActivityInput,
    ) -> AppResult<()> {
        let (row, _) = self.inventory_for_edit(actor, inventory_id).await?;
        let factors = self
            .factor_set(actor.institution_id, &row.factor_version)
            .await?;
        let line = Self::new_activity(input, &factors)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::add_activities(&txn, inventory_id, std::slice::from_ref(&line), now).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory",
                entity_id: Some(inventory_id),
                operation: "add_activity",
                message: Message::new("journal-activity-added")
                    .with("year", row.year)
                    .with("post", &line.post)
                    .with("quantity", line.quantity)
                    .with("unit", &line.unit)
                    .with("label", &line.label),
                before: None,
                after: None,
            },
            now,
            Feed::Carbon,
        )
        .await
    }

    /// Removes a line of activity data.
    pub async fn delete_activity(
        &self,
        actor: &Actor,
        inventory_id: i64,
        activity_id: i64,
    ) -> AppResult<()> {
        let (row, _) = self.inventory_for_edit(actor, inventory_id).await?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let gone = repo::delete_activity(&txn, inventory_id, activity_id, now)
            .await
            .map_err(|_| AppError::NotFound("activity"))?;
        self.finish_feeding(
            txn,
            actor.change(
                "inventory",
                Some(inventory_id),
                "delete_activity",
                Message::new("journal-activity-removed")
                    .with("year", row.year)
                    .with("post", &gone.post)
                    .with("label", &gone.label),
            ),
            now,
            Feed::Carbon,
        )
        .await
    }

    /// Imports activity lines from a CSV or XLSX file, all or nothing; `replace` clears the
    /// inventory's lines first.
    pub async fn import_activities(
        &self,
        actor: &Actor,
        inventory_id: i64,
        bytes: &[u8],
        file_name: &str,
        replace: bool,
        lang: Lang,
    ) -> AppResult<usize> {
        let (row, _) = self.inventory_for_edit(actor, inventory_id).await?;
        let factors = self
            .factor_set(actor.institution_id, &row.factor_version)
            .await?;
        let read = move |b: &[u8], n: &str| read_activities(b, n, &factors, lang);
        let lines = self.read_file(bytes, file_name, read).await?;
        let new: Vec<NewActivity> = lines.iter().map(to_new_activity).collect();
        let now = self.now();
        let txn = self.store.begin_write().await?;
        if replace {
            repo::clear_activities(&txn, inventory_id).await?;
        }
        repo::add_activities(&txn, inventory_id, &new, now).await?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory",
                entity_id: Some(inventory_id),
                operation: "import",
                message: Message::new("journal-activities-imported")
                    .with("count", new.len())
                    .with("year", row.year)
                    .with("file", file_name),
                before: None,
                after: None,
            },
            now,
            Feed::Carbon,
        )
        .await?;
        Ok(new.len())
    }

    /// The activity lines of an inventory as a CSV (the import layout).
    pub async fn export_activities(&self, actor: &Actor, inventory_id: i64) -> AppResult<Vec<u8>> {
        actor.require(Operation::View)?;
        let row = repo::inventory(self.store.db(), actor.institution_id, inventory_id)
            .await
            .map_err(|_| AppError::NotFound("inventory"))?;
        let rows = repo::activities(self.store.db(), row.id).await?;
        let lines: Vec<ActivityLine> = rows
            .iter()
            .filter_map(|r| {
                Some(ActivityLine {
                    line: 0,
                    post: BegesPost::from_code(&r.post)?,
                    label: r.label.clone(),
                    quantity: r.quantity,
                    unit: ActivityUnit::parse(&r.unit).ok()?,
                    factor_id: r.factor_id.clone(),
                    quality: parse_quality(&r.quality)?,
                    source: r.source.clone(),
                    comment: r.comment.clone(),
                })
            })
            .collect();
        Ok(jalon_io::activities::write_activities_csv(&lines))
    }

    /// The institution's footprint of a year: its inventory plus each lab's at its share.
    pub async fn footprint(&self, actor: &Actor, year: i32) -> AppResult<Footprint> {
        self.footprint_on(self.store.db(), actor, year).await
    }

    /// [`App::footprint`] as `conn` sees the inventories (a transaction not yet committed).
    pub(crate) async fn footprint_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        year: i32,
    ) -> AppResult<Footprint> {
        actor.require(Operation::View)?;
        let units = self.unit_refs(actor).await?;
        let rows: Vec<InventoryRow> = repo::inventories(conn, actor.institution_id)
            .await?
            .into_iter()
            .filter(|i| i.year == year)
            .collect();
        if rows.is_empty() {
            return Err(AppError::NotFound("inventory"));
        }
        let mut warnings = Vec::new();
        let mut inventories = Vec::new();
        let mut parts = Vec::new();
        let mut perimeter = Perimeter::default();
        let mut fossil = 0.0;
        let mut by_factor: DoubleCountKeys = BTreeMap::new();
        let version = rows
            .iter()
            .find(|r| r.org_unit_id.is_none())
            .unwrap_or(&rows[0])
            .factor_version
            .clone();
        for row in &rows {
            let unit = row.org_unit_id.and_then(|u| units.get(&u).cloned());
            if row.factor_version != version {
                warnings.push(
                    Message::new("carbon-warning-factor-set")
                        .with("unit", unit_key(unit.as_ref()))
                        .with("used", row.factor_version.as_str())
                        .with("version", version.as_str()),
                );
                continue;
            }
            let (inv, act_rows, _, problems, f) =
                self.computed_on(conn, row, unit.as_ref()).await?;
            warnings.extend(problems);
            let share = unit.as_ref().map_or(1.0, |u| u.share);
            fossil += f * share;
            perimeter = perimeter.with(unit_key(unit.as_ref()), share);
            // Energy posts reported by a lab and the institution (labs housed in the
            // institution's buildings), or a line copied with the same quantity.
            for a in &act_rows {
                for quantity in [None, Some(a.quantity.to_string())] {
                    by_factor
                        .entry((a.post.clone(), a.factor_id.clone(), quantity))
                        .or_default()
                        .push(unit_key(unit.as_ref()));
                }
            }
            parts.push(FootprintPart {
                inventory_id: row.id,
                unit: unit.clone(),
                share,
                own: inv.total().into(),
                counted: inv.total().scale(share).into(),
            });
            inventories.push(inv);
        }
        warnings.extend(double_counts(by_factor));
        let consolidated =
            consolidate(&inventories, &perimeter).map_err(|e| AppError::Internal(e.to_string()))?;
        let inv = consolidated.inventory;
        Ok(Footprint {
            year,
            factor_version: version,
            total: inv.total().into(),
            posts: posts_of(&inv),
            categories: categories_of(&inv),
            scopes: scopes_of(&inv),
            scope3: scope3_of(&inv),
            parts,
            fossil_mwh: fossil,
            warnings,
            illustrative: rows.iter().any(|r| r.illustrative),
        })
    }

    /// Every year's footprint with the −5 %/year trajectory from the first year.
    pub async fn footprint_trend(&self, actor: &Actor) -> AppResult<Vec<TrendPoint>> {
        self.footprint_trend_on(self.store.db(), actor).await
    }

    /// [`App::footprint_trend`] as `conn` sees the inventories.
    pub(crate) async fn footprint_trend_on<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
    ) -> AppResult<Vec<TrendPoint>> {
        actor.require(Operation::View)?;
        let mut years: Vec<i32> = repo::inventories(conn, actor.institution_id)
            .await?
            .iter()
            .map(|i| i.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let mut points: Vec<TrendPoint> = Vec::new();
        let mut target: Option<CarbonTarget> = None;
        let mut first_fossil = None;
        for year in years {
            let f = self.footprint_on(conn, actor, year).await?;
            let t = target.get_or_insert(CarbonTarget {
                reference_year: year,
                reference_value: f.total.kg,
                kind: TargetKind::AnnualRate(-0.05),
            });
            let expected = t.expected(year);
            let change = points
                .last()
                .filter(|p| p.total.kg > 0.0)
                .map(|p| (f.total.kg - p.total.kg) / p.total.kg);
            let first = *first_fossil.get_or_insert(f.fossil_mwh);
            points.push(TrendPoint {
                year,
                total: f.total,
                expected_kg: expected,
                on_track: f.total.kg <= expected * 1.0001,
                change,
                fossil_mwh: f.fossil_mwh,
                fossil_index: (first > 0.0).then(|| f.fossil_mwh / first * 100.0),
            });
        }
        Ok(points)
    }
}

fn to_new_activity(l: &ActivityLine) -> NewActivity {
    NewActivity {
        post: l.post.code().to_string(),
        label: l.label.clone(),
        quantity: l.quantity,
        unit: l.unit.label().to_string(),
        factor_id: l.factor_id.clone(),
        quality: quality_key(l.quality),
        source: l.source.clone(),
        comment: l.comment.clone(),
        trips: None,
    }
}

/// The chart of the footprint over the years (tCO2e with the 95 % interval, and the −5 %/year
/// trajectory), the same on the carbon page and in the carbon report.
pub fn trend_chart(trend: &[TrendPoint], lang: jalon_core::Lang) -> jalon_chart::Columns {
    let w = |key: &str| jalon_i18n::word(lang, key).to_string();
    jalon_chart::Columns {
        title: w("carbon-trend-title"),
        description: w("carbon-trend-description"),
        unit: "tCO2e".into(),
        columns: trend
            .iter()
            .map(|p| {
                (
                    p.year,
                    p.total.kg / 1000.0,
                    Some(p.total.low / 1000.0),
                    Some(p.total.high / 1000.0),
                )
            })
            .collect(),
        expected: trend
            .iter()
            .map(|p| (p.year, p.expected_kg / 1000.0))
            .collect(),
        labels: jalon_chart::Labels {
            measured: w("carbon-chart-inventory"),
            expected: w("carbon-chart-trajectory"),
            target: w("chart-target"),
            baseline: w("chart-baseline"),
            provisional: w("chart-provisional"),
        },
        french: lang == jalon_core::Lang::Fr,
    }
}

/// The journal's words for an inventory created, of a unit (a lab) or of the institution.
fn inventory_created(unit_code: Option<&str>, year: i32, version: &str) -> Message {
    match unit_code {
        Some(unit) => Message::new("journal-inventory-created-unit").with("unit", unit),
        None => Message::new("journal-inventory-created"),
    }
    .with("year", year)
    .with("version", version)
}
