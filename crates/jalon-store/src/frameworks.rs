//! Repository of the frameworks and the report content: the evidence bank (items reusable
//! across THE answers and DD&RS assessments), THE editions and answers, DD&RS items and their
//! yearly assessments, report text blocks and the key figures highlighted in SDG chapters.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TryIntoModel,
};

use crate::Result;
use crate::entity::{
    ddrs_assessment, ddrs_item, evidence, evidence_link, report_block, report_highlight,
    the_answer, the_edition,
};
use crate::owned;

pub use ddrs_assessment::Model as DdrsAssessmentRow;
pub use ddrs_item::Model as DdrsItemRow;
pub use evidence::Model as EvidenceRow;
pub use evidence_link::Model as EvidenceLinkRow;
pub use report_block::Model as ReportBlockRow;
pub use report_highlight::Model as HighlightRow;
pub use the_answer::Model as AnswerRow;
pub use the_edition::Model as EditionRow;

/// Entity kinds of evidence links made here.
pub mod kinds {
    pub const THE_ANSWER: &str = "the_answer";
    pub const DDRS_ASSESSMENT: &str = "ddrs_assessment";
}

// ---------------------------------------------------------------------------------------
// Evidence bank

/// The fields of an evidence item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvidenceFields {
    pub title: String,
    /// `policy`, `programme`, `web_page`, `document`.
    pub kind: String,
    pub issuer: Option<String>,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_by: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub url: Option<String>,
    pub public: bool,
}

/// The bank's items (not the plan's action links), by title.
pub async fn evidence_items<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<EvidenceRow>> {
    Ok(evidence::Entity::find()
        .filter(evidence::Column::InstitutionId.eq(institution_id))
        .filter(evidence::Column::Kind.ne("link"))
        .order_by_asc(evidence::Column::Title)
        .order_by_asc(evidence::Column::Id)
        .all(conn)
        .await?)
}

/// One item of the institution.
pub async fn evidence_item<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<EvidenceRow> {
    owned::<evidence::Entity, _>(conn, id, "evidence", |r| r.institution_id == institution_id).await
}

/// Creates (`id: None`) or updates an item.
pub async fn save_evidence<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: Option<i64>,
    f: &EvidenceFields,
    now: DateTime<Utc>,
) -> Result<EvidenceRow> {
    let mut m: evidence::ActiveModel = match id {
        Some(id) => evidence_item(conn, institution_id, id).await?.into(),
        None => evidence::ActiveModel {
            institution_id: Set(institution_id),
            created_at: Set(now),
            ..Default::default()
        },
    };
    m.title = Set(f.title.clone());
    m.kind = Set(f.kind.clone());
    m.issuer = Set(f.issuer.clone());
    m.adopted_on = Set(f.adopted_on);
    m.adopted_by = Set(f.adopted_by.clone());
    m.valid_until = Set(f.valid_until);
    m.next_review = Set(f.next_review);
    m.url = Set(f.url.clone());
    m.public = Set(f.public);
    Ok(m.save(conn).await?.try_into_model()?)
}

/// Deletes an item with its links.
pub async fn delete_evidence<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<EvidenceRow> {
    let row = evidence_item(conn, institution_id, id).await?;
    evidence_link::Entity::delete_many()
        .filter(evidence_link::Column::EvidenceId.eq(id))
        .exec(conn)
        .await?;
    evidence::Entity::delete_by_id(id).exec(conn).await?;
    Ok(row)
}

/// Every link of the institution's items to entities of `kind`.
pub async fn evidence_links<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kind: &str,
) -> Result<Vec<EvidenceLinkRow>> {
    use sea_orm::sea_query::Query;
    Ok(evidence_link::Entity::find()
        .filter(evidence_link::Column::EntityKind.eq(kind))
        .filter(
            evidence_link::Column::EvidenceId.in_subquery(
                Query::select()
                    .column(evidence::Column::Id)
                    .from(evidence::Entity)
                    .and_where(evidence::Column::InstitutionId.eq(institution_id))
                    .to_owned(),
            ),
        )
        .order_by_asc(evidence_link::Column::EntityId)
        .order_by_asc(evidence_link::Column::Position)
        .all(conn)
        .await?)
}

/// Links an item to an entity (once); returns false when it already was.
pub async fn link_evidence<C: ConnectionTrait>(
    conn: &C,
    evidence_id: i64,
    kind: &str,
    entity_id: i64,
) -> Result<bool> {
    let existing = evidence_link::Entity::find()
        .filter(evidence_link::Column::EntityKind.eq(kind))
        .filter(evidence_link::Column::EntityId.eq(entity_id))
        .all(conn)
        .await?;
    if existing.iter().any(|l| l.evidence_id == evidence_id) {
        return Ok(false);
    }
    evidence_link::ActiveModel {
        evidence_id: Set(evidence_id),
        entity_kind: Set(kind.to_string()),
        entity_id: Set(entity_id),
        position: Set(i32::try_from(existing.len()).unwrap_or(i32::MAX)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(true)
}

/// Removes a link; returns false when there was none.
pub async fn unlink_evidence<C: ConnectionTrait>(
    conn: &C,
    evidence_id: i64,
    kind: &str,
    entity_id: i64,
) -> Result<bool> {
    let r = evidence_link::Entity::delete_many()
        .filter(evidence_link::Column::EvidenceId.eq(evidence_id))
        .filter(evidence_link::Column::EntityKind.eq(kind))
        .filter(evidence_link::Column::EntityId.eq(entity_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected > 0)
}

// ---------------------------------------------------------------------------------------
// THE editions and answers

/// The institution's editions, newest import first.
pub async fn editions<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<EditionRow>> {
    Ok(the_edition::Entity::find()
        .filter(the_edition::Column::InstitutionId.eq(institution_id))
        .order_by_desc(the_edition::Column::ImportedAt)
        .order_by_desc(the_edition::Column::Id)
        .all(conn)
        .await?)
}

/// Stores an edition, replacing one of the same name.
pub async fn save_edition<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    name: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<EditionRow> {
    the_edition::Entity::delete_many()
        .filter(the_edition::Column::InstitutionId.eq(institution_id))
        .filter(the_edition::Column::Name.eq(name))
        .exec(conn)
        .await?;
    Ok(the_edition::ActiveModel {
        institution_id: Set(institution_id),
        name: Set(name.to_string()),
        source: Set(source.to_string()),
        imported_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The answers of one year.
pub async fn answers<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    year: i32,
) -> Result<Vec<AnswerRow>> {
    Ok(the_answer::Entity::find()
        .filter(the_answer::Column::InstitutionId.eq(institution_id))
        .filter(the_answer::Column::Year.eq(year))
        .order_by_asc(the_answer::Column::IndicatorCode)
        .all(conn)
        .await?)
}

/// What an answer says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerFields {
    pub exists: Option<bool>,
    pub value: Option<f64>,
    pub plan_indicator: Option<String>,
    pub note: Option<String>,
}

/// Creates or replaces the answer to `indicator_code` for `year`; returns (before, after).
pub async fn save_answer<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    year: i32,
    indicator_code: &str,
    f: &AnswerFields,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(Option<AnswerRow>, AnswerRow)> {
    let before = the_answer::Entity::find()
        .filter(the_answer::Column::InstitutionId.eq(institution_id))
        .filter(the_answer::Column::Year.eq(year))
        .filter(the_answer::Column::IndicatorCode.eq(indicator_code))
        .one(conn)
        .await?;
    let mut m: the_answer::ActiveModel = match &before {
        Some(b) => b.clone().into(),
        None => the_answer::ActiveModel {
            institution_id: Set(institution_id),
            year: Set(year),
            indicator_code: Set(indicator_code.to_string()),
            ..Default::default()
        },
    };
    m.exists_answer = Set(f.exists);
    m.value = Set(f.value);
    m.plan_indicator = Set(f.plan_indicator.clone());
    m.note = Set(f.note.clone());
    m.updated_at = Set(now);
    m.updated_by = Set(by);
    let after = m.save(conn).await?.try_into_model()?;
    Ok((before, after))
}

// ---------------------------------------------------------------------------------------
// DD&RS

/// The items, in axis and position order.
pub async fn ddrs_items<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<DdrsItemRow>> {
    Ok(ddrs_item::Entity::find()
        .filter(ddrs_item::Column::InstitutionId.eq(institution_id))
        .order_by_asc(ddrs_item::Column::Position)
        .order_by_asc(ddrs_item::Column::Id)
        .all(conn)
        .await?)
}

/// An item to create or update (matched by code).
#[derive(Debug, Clone, PartialEq)]
pub struct DdrsItemFields {
    pub axis: String,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub position: i32,
}

/// Creates or updates the item with this code; true when it was created.
pub async fn save_ddrs_item<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    f: &DdrsItemFields,
) -> Result<bool> {
    let existing = ddrs_item::Entity::find()
        .filter(ddrs_item::Column::InstitutionId.eq(institution_id))
        .filter(ddrs_item::Column::Code.eq(&f.code))
        .one(conn)
        .await?;
    let created = existing.is_none();
    let mut m: ddrs_item::ActiveModel = match existing {
        Some(e) => e.into(),
        None => ddrs_item::ActiveModel {
            institution_id: Set(institution_id),
            code: Set(f.code.clone()),
            ..Default::default()
        },
    };
    m.axis = Set(f.axis.clone());
    m.title = Set(f.title.clone());
    m.title_en = Set(f.title_en.clone());
    m.description = Set(f.description.clone());
    m.position = Set(f.position);
    m.save(conn).await?;
    Ok(created)
}

/// Every assessment of the institution (all years).
pub async fn ddrs_assessments<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<DdrsAssessmentRow>> {
    Ok(ddrs_assessment::Entity::find()
        .filter(ddrs_assessment::Column::InstitutionId.eq(institution_id))
        .order_by_asc(ddrs_assessment::Column::Year)
        .order_by_asc(ddrs_assessment::Column::ItemId)
        .all(conn)
        .await?)
}

/// A year's assessment of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentFields {
    pub level: i32,
    pub justification: String,
    /// Action codes, space-separated.
    pub actions: String,
    /// Indicator codes, space-separated.
    pub indicators: String,
}

/// Creates or replaces the assessment of `item_id` in `year`.
#[allow(clippy::too_many_arguments)]
pub async fn save_ddrs_assessment<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    item_id: i64,
    year: i32,
    f: &AssessmentFields,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> Result<DdrsAssessmentRow> {
    owned::<ddrs_item::Entity, _>(conn, item_id, "ddrs_item", |r| {
        r.institution_id == institution_id
    })
    .await?;
    let existing = ddrs_assessment::Entity::find()
        .filter(ddrs_assessment::Column::ItemId.eq(item_id))
        .filter(ddrs_assessment::Column::Year.eq(year))
        .one(conn)
        .await?;
    let mut m: ddrs_assessment::ActiveModel = match existing {
        Some(e) => e.into(),
        None => ddrs_assessment::ActiveModel {
            institution_id: Set(institution_id),
            item_id: Set(item_id),
            year: Set(year),
            ..Default::default()
        },
    };
    m.level = Set(f.level);
    m.justification = Set(f.justification.clone());
    m.actions = Set(f.actions.clone());
    m.indicators = Set(f.indicators.clone());
    m.updated_at = Set(now);
    m.updated_by = Set(by);
    Ok(m.save(conn).await?.try_into_model()?)
}

// ---------------------------------------------------------------------------------------
// Report content

/// The institution's blocks, in position order.
pub async fn report_blocks<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<ReportBlockRow>> {
    Ok(report_block::Entity::find()
        .filter(report_block::Column::InstitutionId.eq(institution_id))
        .order_by_asc(report_block::Column::Position)
        .order_by_asc(report_block::Column::Id)
        .all(conn)
        .await?)
}

/// The fields of a block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockFields {
    pub kind: String,
    pub year: Option<i32>,
    pub title: String,
    pub title_en: Option<String>,
    pub body: String,
    pub body_en: Option<String>,
    pub url: Option<String>,
    /// Goal numbers, space-separated.
    pub sdgs: String,
    /// THE metric ids, space-separated.
    pub metrics: String,
    pub illustrative: bool,
    pub position: i32,
}

/// One block of the institution.
async fn report_block_row<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<ReportBlockRow> {
    owned::<report_block::Entity, _>(conn, id, "report_block", |r| {
        r.institution_id == institution_id
    })
    .await
}

/// Creates (`id: None`) or updates a block.
pub async fn save_report_block<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: Option<i64>,
    f: &BlockFields,
    now: DateTime<Utc>,
) -> Result<ReportBlockRow> {
    let mut m: report_block::ActiveModel = match id {
        Some(id) => report_block_row(conn, institution_id, id).await?.into(),
        None => report_block::ActiveModel {
            institution_id: Set(institution_id),
            ..Default::default()
        },
    };
    m.kind = Set(f.kind.clone());
    m.year = Set(f.year);
    m.title = Set(f.title.clone());
    m.title_en = Set(f.title_en.clone());
    m.body = Set(f.body.clone());
    m.body_en = Set(f.body_en.clone());
    m.url = Set(f.url.clone());
    m.sdgs = Set(f.sdgs.clone());
    m.metrics = Set(f.metrics.clone());
    m.illustrative = Set(f.illustrative);
    m.position = Set(f.position);
    m.updated_at = Set(now);
    Ok(m.save(conn).await?.try_into_model()?)
}

/// Deletes a block.
pub async fn delete_report_block<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<ReportBlockRow> {
    let row = report_block_row(conn, institution_id, id).await?;
    report_block::Entity::delete_by_id(id).exec(conn).await?;
    Ok(row)
}

/// Every highlighted figure, by goal and position.
pub async fn highlights<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<HighlightRow>> {
    Ok(report_highlight::Entity::find()
        .filter(report_highlight::Column::InstitutionId.eq(institution_id))
        .order_by_asc(report_highlight::Column::Goal)
        .order_by_asc(report_highlight::Column::Position)
        .all(conn)
        .await?)
}

/// A highlighted figure of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct HighlightFields {
    pub indicator_code: String,
    pub compare_year: Option<i32>,
    /// `auto`, `relative` or `points`.
    pub comparison: String,
}

/// Replaces the highlighted figures of `goal` (in this order).
pub async fn replace_highlights<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    goal: i32,
    figures: &[HighlightFields],
) -> Result<()> {
    report_highlight::Entity::delete_many()
        .filter(report_highlight::Column::InstitutionId.eq(institution_id))
        .filter(report_highlight::Column::Goal.eq(goal))
        .exec(conn)
        .await?;
    for (i, f) in figures.iter().enumerate() {
        report_highlight::ActiveModel {
            institution_id: Set(institution_id),
            goal: Set(goal),
            indicator_code: Set(f.indicator_code.clone()),
            compare_year: Set(f.compare_year),
            comparison: Set(f.comparison.clone()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
