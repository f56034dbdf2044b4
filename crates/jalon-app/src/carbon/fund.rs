//! The internal compensation fund: the levy rule of each year (an internal carbon price or a
//! share of the ticket price), the ledger of levies and reinvestments with yearly balances,
//! and the saved column mappings of expense exports. Changing a year's rule recomputes the
//! levies of that year's trips and their ledger lines in the same step.

use crate::ErrorCode;
use jalon_core::fund::MovementKind;
use jalon_core::message::Message;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use jalon_carbon::ColumnProfile;
use jalon_carbon::{Balance, Ledger, LedgerEntry, LedgerKind, LevyRule, TravelMode};
use jalon_core::access::Operation;
use jalon_store::audit::Change;
use jalon_store::carbon::{self as repo, LedgerRow, NewLedgerEntry};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, check_len, clean};

/// A year's levy rule as users state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LevyRuleInput {
    /// An internal carbon price, euros per tonne of CO2e.
    CarbonPrice { eur_per_tonne: f64 },
    /// A share of the ticket price, in percent, for some modes (all when empty).
    TicketShare {
        percent: f64,
        #[serde(default)]
        modes: Vec<String>,
    },
}

impl LevyRuleInput {
    /// The rule, checked.
    pub fn to_rule(&self) -> AppResult<LevyRule> {
        match self {
            LevyRuleInput::CarbonPrice { eur_per_tonne } => {
                if !(eur_per_tonne.is_finite() && (0.0..=100_000.0).contains(eur_per_tonne)) {
                    return Err(AppError::invalid(
                        "eur_per_tonne",
                        ErrorCode::InvalidPrice,
                        eur_per_tonne.to_string(),
                    ));
                }
                Ok(LevyRule::CarbonPrice {
                    cents_per_tonne: (eur_per_tonne * 100.0).round() as i64,
                })
            }
            LevyRuleInput::TicketShare { percent, modes } => {
                if !(percent.is_finite() && (0.0..=100.0).contains(percent)) {
                    return Err(AppError::invalid(
                        "percent",
                        ErrorCode::InvalidShare,
                        percent.to_string(),
                    ));
                }
                let modes = modes
                    .iter()
                    .map(|m| {
                        TravelMode::parse(m).ok_or_else(|| {
                            AppError::invalid("modes", ErrorCode::InvalidMode, m.clone())
                        })
                    })
                    .collect::<AppResult<Vec<_>>>()?;
                Ok(LevyRule::TicketShare {
                    share: percent / 100.0,
                    modes,
                })
            }
        }
    }

    /// The input of a stored rule.
    pub fn of_rule(rule: &LevyRule) -> LevyRuleInput {
        match rule {
            LevyRule::CarbonPrice { cents_per_tonne } => LevyRuleInput::CarbonPrice {
                eur_per_tonne: *cents_per_tonne as f64 / 100.0,
            },
            LevyRule::TicketShare { share, modes } => LevyRuleInput::TicketShare {
                percent: share * 100.0,
                modes: modes
                    .iter()
                    .map(|m| m.ges1point5_label().to_string())
                    .collect(),
            },
        }
    }
}

/// A year's rule as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevyRuleView {
    pub year: i32,
    pub rule: LevyRuleInput,
}

/// A movement of the fund.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntryView {
    pub id: i64,
    pub year: i32,
    pub date: Option<NaiveDate>,
    /// Levy (in) or reinvestment (out).
    pub kind: MovementKind,
    pub unit: String,
    pub budget_line: Option<String>,
    pub amount_cents: i64,
    pub description: String,
    /// Emissions levied on (levies), kgCO2e.
    pub kg: Option<f64>,
    /// Expected reduction (reinvestments), kgCO2e per year.
    pub expected_reduction_kg: Option<f64>,
    /// The mission import a levy comes from.
    pub batch_id: Option<i64>,
    /// Trips a levy of a mission import is made of; its description is then the file's name.
    pub trips: Option<i64>,
}

impl LedgerEntryView {
    /// The movement's description in `lang`: a levy of a mission import says how many trips
    /// of which file it is made of.
    pub fn description_in(&self, lang: jalon_core::Lang) -> String {
        match self.trips {
            Some(n) => jalon_i18n::Tr::new(lang).args(
                "carbon-levy-of-import",
                &[("trips", &n.to_string()), ("file", &self.description)],
            ),
            None => self.description.clone(),
        }
    }
}

/// A year of the fund.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FundYear {
    pub year: i32,
    pub opening_cents: i64,
    pub levied_cents: i64,
    pub reinvested_cents: i64,
    pub closing_cents: i64,
    /// Levies of the year per unit charged.
    pub levied_by_unit: BTreeMap<String, i64>,
    /// Expected yearly reduction funded up to this year, kgCO2e/year.
    pub expected_reduction_kg: f64,
    pub rule: Option<LevyRuleInput>,
}

/// The fund: its years and movements.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FundView {
    pub years: Vec<FundYear>,
    pub entries: Vec<LedgerEntryView>,
}

/// A reinvestment in a reduction project.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReinvestmentInput {
    pub year: i32,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Unit or place that benefits.
    pub unit: String,
    #[serde(default)]
    pub budget_line: Option<String>,
    /// Amount in euro cents (> 0).
    pub amount_cents: i64,
    pub description: String,
    /// Expected reduction, kgCO2e per year.
    #[serde(default)]
    pub expected_reduction_kg: Option<f64>,
}

/// A saved column mapping.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MappingProfileView {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub profile: ColumnProfile,
}

fn entry_view(r: &LedgerRow) -> LedgerEntryView {
    LedgerEntryView {
        id: r.id,
        year: r.year,
        date: r.date,
        kind: r.kind,
        unit: r.unit.clone(),
        budget_line: r.budget_line.clone(),
        amount_cents: r.amount_cents,
        description: r.description.clone(),
        kg: r.kg,
        expected_reduction_kg: r.expected_reduction_kg,
        batch_id: r.batch_id,
        trips: r.trips,
    }
}

fn ledger_of(rows: &[LedgerRow]) -> Ledger {
    let mut ledger = Ledger::new();
    for r in rows {
        let kind = if r.kind == MovementKind::Reinvestment {
            LedgerKind::Reinvestment {
                description: r.description.clone(),
                expected_reduction_kg_per_year: r.expected_reduction_kg.unwrap_or(0.0),
            }
        } else {
            LedgerKind::Levy {
                trip_ref: r.description.clone(),
                kg: r.kg.unwrap_or(0.0),
            }
        };
        // Stored rows were checked when written; a row that no longer passes is skipped
        // rather than hiding the whole ledger.
        let _ = ledger.record(LedgerEntry {
            year: r.year,
            date: r.date,
            unit: r.unit.clone(),
            budget_line: r.budget_line.clone(),
            amount_cents: r.amount_cents,
            kind,
        });
    }
    ledger
}

impl App {
    /// The levy rule of every year that has one.
    pub async fn levy_rules(&self, actor: &Actor) -> AppResult<Vec<LevyRuleView>> {
        actor.require(Operation::View)?;
        let schedule = self.levy_schedule(actor.institution_id).await?;
        Ok(schedule
            .by_year
            .iter()
            .map(|(year, rule)| LevyRuleView {
                year: *year,
                rule: LevyRuleInput::of_rule(rule),
            })
            .collect())
    }

    /// Sets (or removes) a year's levy rule, then recomputes the levies of that year's trips.
    pub async fn set_levy_rule(
        &self,
        actor: &Actor,
        year: i32,
        rule: Option<&LevyRuleInput>,
    ) -> AppResult<()> {
        actor.require(Operation::ManageFund)?;
        crate::check_year("year", year)?;
        let json = match rule {
            Some(r) => Some(
                serde_json::to_string(&r.to_rule()?)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            ),
            None => None,
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::set_levy_rule(&txn, actor.institution_id, year, json.as_deref()).await?;
        // The year's levies follow the rule in the same transaction: the ledger is never
        // left out of date by a failure between the two.
        self.recompute_levies(&txn, actor, year).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "levy_rule",
                entity_id: None,
                operation: if rule.is_some() { "update" } else { "delete" },
                message: match rule {
                    Some(LevyRuleInput::CarbonPrice { eur_per_tonne }) => {
                        Message::new("journal-levy-price").with("price", *eur_per_tonne)
                    }
                    Some(LevyRuleInput::TicketShare { percent, .. }) => {
                        Message::new("journal-levy-share").with("percent", *percent)
                    }
                    None => Message::new("journal-levy-none"),
                }
                .with("year", year),
                before: None,
                after: rule.and_then(|r| serde_json::to_value(r).ok()),
            },
            now,
        )
        .await
    }

    /// The fund: balances per year (with what earlier years carried over) and every movement.
    pub async fn fund(&self, actor: &Actor) -> AppResult<FundView> {
        actor.require(Operation::View)?;
        let rows = repo::ledger(self.store.db(), actor.institution_id).await?;
        let ledger = ledger_of(&rows);
        let schedule = self.levy_schedule(actor.institution_id).await?;
        let mut years: Vec<i32> = rows
            .iter()
            .map(|r| r.year)
            .chain(schedule.by_year.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        Ok(FundView {
            years: years
                .into_iter()
                .map(|year| {
                    let Balance {
                        opening_cents,
                        levied_cents,
                        reinvested_cents,
                        closing_cents,
                        ..
                    } = ledger.balance(year);
                    FundYear {
                        year,
                        opening_cents,
                        levied_cents,
                        reinvested_cents,
                        closing_cents,
                        levied_by_unit: ledger.levied_by_unit(year),
                        expected_reduction_kg: ledger.expected_reduction_kg_per_year(year),
                        rule: schedule.by_year.get(&year).map(LevyRuleInput::of_rule),
                    }
                })
                .collect(),
            entries: rows.iter().map(entry_view).collect(),
        })
    }

    /// Records money spent from the fund on a reduction project.
    pub async fn add_reinvestment(
        &self,
        actor: &Actor,
        input: &ReinvestmentInput,
    ) -> AppResult<i64> {
        actor.require(Operation::ManageFund)?;
        crate::check_year("year", input.year)?;
        let description = input.description.trim();
        if description.is_empty() {
            return Err(AppError::invalid("description", ErrorCode::Required, ""));
        }
        check_len("description", description, 2000)?;
        let unit = input.unit.trim();
        if unit.is_empty() {
            return Err(AppError::invalid("unit", ErrorCode::Required, ""));
        }
        check_len("unit", unit, 200)?;
        if input.amount_cents <= 0 {
            return Err(AppError::invalid(
                "amount",
                ErrorCode::InvalidAmount,
                (input.amount_cents as f64 / 100.0).to_string(),
            ));
        }
        if input
            .expected_reduction_kg
            .is_some_and(|k| !(k.is_finite() && k >= 0.0))
        {
            return Err(AppError::invalid(
                "expected_reduction",
                ErrorCode::InvalidNumber,
                "",
            ));
        }
        let entry = NewLedgerEntry {
            year: input.year,
            date: input.date,
            kind: MovementKind::Reinvestment,
            unit: unit.to_string(),
            budget_line: clean(input.budget_line.as_deref()),
            amount_cents: input.amount_cents,
            description: description.to_string(),
            kg: None,
            expected_reduction_kg: input.expected_reduction_kg,
            batch_id: None,
            trips: None,
        };
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::add_ledger_entries(
            &txn,
            actor.institution_id,
            std::slice::from_ref(&entry),
            actor.user_id,
            now,
        )
        .await?;
        let id = repo::ledger(&txn, actor.institution_id)
            .await?
            .iter()
            .filter(|r| r.kind == MovementKind::Reinvestment)
            .map(|r| r.id)
            .max()
            .unwrap_or(0);
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "ledger_entry",
                entity_id: Some(id),
                operation: "create",
                message: Message::new("journal-reinvestment")
                    .with("year", input.year)
                    .with("description", description)
                    .with("amount", input.amount_cents as f64 / 100.0),
                before: None,
                after: None,
            },
            now,
        )
        .await?;
        Ok(id)
    }

    /// Deletes a reinvestment entered by mistake (levies follow their trips and cannot be deleted).
    pub async fn delete_reinvestment(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Operation::ManageFund)?;
        let rows = repo::ledger(self.store.db(), actor.institution_id).await?;
        let row = rows
            .iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound("ledger_entry"))?;
        if row.kind != MovementKind::Reinvestment {
            return Err(AppError::Conflict(ErrorCode::LevyNotDeletable));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let gone = repo::delete_ledger_entry(&txn, actor.institution_id, id).await?;
        self.finish(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "ledger_entry",
                entity_id: Some(id),
                operation: "delete",
                message: Message::new("journal-reinvestment-deleted")
                    .with("description", &gone.description),
                before: serde_json::to_value(entry_view(&gone)).ok(),
                after: None,
            },
            now,
        )
        .await
    }

    /// The saved column mappings of expense exports.
    pub async fn mapping_profiles(&self, actor: &Actor) -> AppResult<Vec<MappingProfileView>> {
        actor.require(Operation::View)?;
        Ok(
            repo::mapping_profiles(self.store.db(), actor.institution_id)
                .await?
                .into_iter()
                .filter_map(|r| {
                    Some(MappingProfileView {
                        profile: serde_json::from_str(&r.profile).ok()?,
                        name: r.name,
                    })
                })
                .collect(),
        )
    }

    /// Saves a column mapping under a name (replacing one of the same name).
    pub async fn save_mapping_profile(
        &self,
        actor: &Actor,
        name: &str,
        profile: &ColumnProfile,
    ) -> AppResult<()> {
        actor.require(Operation::EditCarbon { unit_member: true })?;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", ErrorCode::Required, ""));
        }
        check_len("name", name, 200)?;
        for (field, column) in [
            ("date", &profile.date),
            ("origin", &profile.origin),
            ("destination", &profile.destination),
            ("mode", &profile.mode),
        ] {
            if column.trim().is_empty() {
                return Err(AppError::invalid(field, ErrorCode::Required, ""));
            }
        }
        let json = serde_json::to_string(profile).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::save_mapping_profile(&txn, actor.institution_id, name, &json, now).await?;
        self.finish(
            txn,
            actor.change(
                "mapping_profile",
                None,
                "update",
                Message::new("journal-mapping-saved").with("name", name),
            ),
            now,
        )
        .await
    }

    /// A saved column mapping by name.
    pub async fn mapping_profile(&self, actor: &Actor, name: &str) -> AppResult<ColumnProfile> {
        self.mapping_profiles(actor)
            .await?
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| p.profile)
            .ok_or(AppError::NotFound("mapping_profile"))
    }
}
