//! The yearly data-collection campaigns and their items. A campaign's items are written
//! when it opens, one per indicator value and per action its scope covers, so that what
//! each owner owes is fixed for the year even when the plan is revised meanwhile.

use chrono::{DateTime, NaiveDate, Utc};
use jalon_core::campaign::{CampaignItemKind, CampaignState, ItemState};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::entity::{campaign, campaign_item};
use crate::{Result, StoreError};

pub use campaign::Model as CampaignRow;
pub use campaign_item::Model as ItemRow;

/// A campaign to open.
#[derive(Debug, Clone)]
pub struct NewCampaign<'a> {
    pub institution_id: i64,
    pub year: i32,
    pub label: &'a str,
    pub opens_on: NaiveDate,
    pub deadline: NaiveDate,
    /// Stable scope names separated by commas.
    pub scope: String,
    pub opened_by: Option<i64>,
}

/// An item of a campaign to open (it starts pending).
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub kind: CampaignItemKind,
    pub entity_id: i64,
    pub owner: Option<String>,
}

/// Opens a campaign with its items.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewCampaign<'_>,
    items: &[NewItem],
    now: DateTime<Utc>,
) -> Result<CampaignRow> {
    let row = campaign::ActiveModel {
        institution_id: Set(new.institution_id),
        year: Set(new.year),
        label: Set(new.label.to_string()),
        opens_on: Set(new.opens_on),
        deadline: Set(new.deadline),
        scope: Set(new.scope),
        state: Set(CampaignState::Open),
        opened_by: Set(new.opened_by),
        opened_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    for chunk in items.chunks(200) {
        let models = chunk.iter().map(|i| campaign_item::ActiveModel {
            campaign_id: Set(row.id),
            kind: Set(i.kind),
            entity_id: Set(i.entity_id),
            owner: Set(i.owner.clone()),
            state: Set(ItemState::Pending),
            ..Default::default()
        });
        campaign_item::Entity::insert_many(models)
            .exec(conn)
            .await?;
    }
    Ok(row)
}

/// The institution's campaigns, latest year first.
pub async fn list<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<CampaignRow>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::InstitutionId.eq(institution_id))
        .order_by_desc(campaign::Column::Year)
        .all(conn)
        .await?)
}

/// One campaign of the institution.
pub async fn get<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<CampaignRow> {
    campaign::Entity::find_by_id(id)
        .filter(campaign::Column::InstitutionId.eq(institution_id))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: "campaign",
            key: id.to_string(),
        })
}

/// The institution's campaign for `year`, if any.
pub async fn of_year<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    year: i32,
) -> Result<Option<CampaignRow>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::InstitutionId.eq(institution_id))
        .filter(campaign::Column::Year.eq(year))
        .one(conn)
        .await?)
}

/// Closes or reopens a campaign.
pub async fn set_state<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    state: CampaignState,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<CampaignRow> {
    let closed = state == CampaignState::Closed;
    Ok(campaign::ActiveModel {
        id: Set(id),
        state: Set(state),
        closed_by: Set(if closed { user_id } else { None }),
        closed_at: Set(closed.then_some(now)),
        ..Default::default()
    }
    .update(conn)
    .await?)
}

/// The items of a campaign, in the order they were written.
pub async fn items<C: ConnectionTrait>(conn: &C, campaign_id: i64) -> Result<Vec<ItemRow>> {
    Ok(campaign_item::Entity::find()
        .filter(campaign_item::Column::CampaignId.eq(campaign_id))
        .order_by_asc(campaign_item::Column::Id)
        .all(conn)
        .await?)
}

/// One item.
pub async fn item<C: ConnectionTrait>(conn: &C, id: i64) -> Result<ItemRow> {
    campaign_item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: "campaign_item",
            key: id.to_string(),
        })
}

/// What a decision on an item changes.
#[derive(Debug, Clone)]
pub enum ItemChange<'a> {
    /// Returned by an editor with a reason.
    Returned { reason: &'a str },
    /// Submitted by its owner (for an action, with the pilot's note).
    Submitted { note: Option<&'a str> },
    /// Validated by an editor.
    Validated,
}

/// Records a decision on an item by `user_id`; returns the item before and after.
pub async fn change_item<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    change: ItemChange<'_>,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(ItemRow, ItemRow)> {
    let before = item(conn, id).await?;
    let mut model = campaign_item::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    match change {
        ItemChange::Returned { reason } => {
            model.state = Set(ItemState::Returned);
            model.reason = Set(Some(reason.to_string()));
            model.returned_by = Set(user_id);
            model.returned_at = Set(Some(now));
        }
        ItemChange::Submitted { note } => {
            model.state = Set(match before.kind {
                CampaignItemKind::ActionStatus => ItemState::Submitted,
                // A value's state is its own; submitting answers a return.
                CampaignItemKind::IndicatorValue => ItemState::Pending,
            });
            model.note = Set(note.map(str::to_string));
            model.submitted_by = Set(user_id);
            model.submitted_at = Set(Some(now));
        }
        ItemChange::Validated => {
            model.state = Set(match before.kind {
                CampaignItemKind::ActionStatus => ItemState::Validated,
                CampaignItemKind::IndicatorValue => ItemState::Pending,
            });
            model.validated_by = Set(user_id);
            model.validated_at = Set(Some(now));
        }
    }
    let after = model.update(conn).await?;
    Ok((before, after))
}

/// A value of `indicator_id` for `year` was submitted outside the to-do page: the return of
/// its item in that year's open campaign, if any, is answered.
pub async fn value_submitted<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    indicator_id: i64,
    year: i32,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(c) = of_year(conn, institution_id, year).await? else {
        return Ok(());
    };
    campaign_item::Entity::update_many()
        .col_expr(
            campaign_item::Column::State,
            Expr::value(ItemState::Pending),
        )
        .col_expr(campaign_item::Column::SubmittedBy, Expr::value(user_id))
        .col_expr(campaign_item::Column::SubmittedAt, Expr::value(Some(now)))
        .filter(campaign_item::Column::CampaignId.eq(c.id))
        .filter(campaign_item::Column::Kind.eq(CampaignItemKind::IndicatorValue))
        .filter(campaign_item::Column::EntityId.eq(indicator_id))
        .exec(conn)
        .await?;
    Ok(())
}
