//! Repository of the research and teaching inventories (imports, projects, publications,
//! programmes, courses) and of SDG tags on any entity: manual tags, suggestions with their
//! score and evidence, and people's decisions on them.

use chrono::{DateTime, Utc};
use jalon_core::tag::{TagOrigin, TagState, TaggedKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::Result;
use crate::entity::{course, inventory_import, programme, publication, research_project, sdg_tag};
use crate::owned;

pub use course::Model as CourseRow;
pub use inventory_import::Model as ImportRow;
pub use programme::Model as ProgrammeRow;
pub use publication::Model as PublicationRow;
pub use research_project::Model as ProjectRow;
pub use sdg_tag::Model as TagRow;

pub use course::ActiveModel as CourseActiveModel;
pub use publication::ActiveModel as PublicationActiveModel;
pub use research_project::ActiveModel as ProjectActiveModel;

/// Entity kinds of the inventories, as `sdg_tag.entity_kind`.
pub mod kinds {
    pub const PROJECT: &str = "project";
    pub const PUBLICATION: &str = "publication";
    pub const COURSE: &str = "course";
}

/// What an import was.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub institution_id: i64,
    /// `projects`, `publications` or `courses`.
    pub kind: &'a str,
    pub file_name: &'a str,
    pub format: &'a str,
    pub records: usize,
    pub rejected: usize,
    pub illustrative: bool,
    pub imported_by: Option<i64>,
}

/// Records an import.
pub async fn insert_import<C: ConnectionTrait>(
    conn: &C,
    new: NewImport<'_>,
    now: DateTime<Utc>,
) -> Result<ImportRow> {
    Ok(inventory_import::ActiveModel {
        institution_id: Set(new.institution_id),
        kind: Set(new.kind.to_string()),
        file_name: Set(new.file_name.to_string()),
        format: Set(new.format.to_string()),
        records: Set(i32::try_from(new.records).unwrap_or(i32::MAX)),
        rejected: Set(i32::try_from(new.rejected).unwrap_or(i32::MAX)),
        illustrative: Set(new.illustrative),
        imported_at: Set(now),
        imported_by: Set(new.imported_by),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The institution's imports of one kind, newest first.
pub async fn imports<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kind: &str,
) -> Result<Vec<ImportRow>> {
    Ok(inventory_import::Entity::find()
        .filter(inventory_import::Column::InstitutionId.eq(institution_id))
        .filter(inventory_import::Column::Kind.eq(kind))
        .order_by_desc(inventory_import::Column::Id)
        .all(conn)
        .await?)
}

/// Deletes an import with its records and their SDG tags.
pub async fn delete_import<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<ImportRow> {
    let row = owned::<inventory_import::Entity, _>(conn, id, "import", |r| {
        r.institution_id == institution_id
    })
    .await?;
    let (kind, ids): (&str, Vec<i64>) = match row.kind.as_str() {
        "projects" => (
            kinds::PROJECT,
            research_project::Entity::find()
                .filter(research_project::Column::ImportId.eq(id))
                .select_only()
                .column(research_project::Column::Id)
                .into_tuple()
                .all(conn)
                .await?,
        ),
        "publications" => (
            kinds::PUBLICATION,
            publication::Entity::find()
                .filter(publication::Column::ImportId.eq(id))
                .select_only()
                .column(publication::Column::Id)
                .into_tuple()
                .all(conn)
                .await?,
        ),
        _ => (
            kinds::COURSE,
            course::Entity::find()
                .filter(course::Column::ImportId.eq(id))
                .select_only()
                .column(course::Column::Id)
                .into_tuple()
                .all(conn)
                .await?,
        ),
    };
    for chunk in ids.chunks(500) {
        sdg_tag::Entity::delete_many()
            .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
            .filter(sdg_tag::Column::EntityKind.eq(kind))
            .filter(sdg_tag::Column::EntityId.is_in(chunk.to_vec()))
            .exec(conn)
            .await?;
    }
    inventory_import::Entity::delete_by_id(id)
        .exec(conn)
        .await?;
    if kind == kinds::COURSE {
        // Programmes left without courses go too.
        let used: Vec<i64> = course::Entity::find()
            .filter(course::Column::InstitutionId.eq(institution_id))
            .select_only()
            .column(course::Column::ProgrammeId)
            .into_tuple()
            .all(conn)
            .await?;
        programme::Entity::delete_many()
            .filter(programme::Column::InstitutionId.eq(institution_id))
            .filter(programme::Column::Id.is_not_in(used))
            .exec(conn)
            .await?;
    }
    Ok(row)
}

/// Stores inventory records (projects, publications, courses) in chunks small enough for the
/// bind-parameter limits of SQLite and PostgreSQL.
pub async fn insert_records<C, A>(conn: &C, rows: Vec<A>) -> Result<()>
where
    C: ConnectionTrait,
    A: ActiveModelTrait + Send,
{
    for chunk in rows.chunks(300) {
        A::Entity::insert_many(chunk.to_vec()).exec(conn).await?;
    }
    Ok(())
}

/// The institution's research projects.
pub async fn projects<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<ProjectRow>> {
    Ok(research_project::Entity::find()
        .filter(research_project::Column::InstitutionId.eq(institution_id))
        .order_by_asc(research_project::Column::Id)
        .all(conn)
        .await?)
}

/// One project.
pub async fn project<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<ProjectRow> {
    owned::<research_project::Entity, _>(conn, id, "project", |r| {
        r.institution_id == institution_id
    })
    .await
}

/// Filters of the publication list.
#[derive(Debug, Clone, Default)]
pub struct PublicationFilter {
    pub year: Option<i32>,
    pub lab: Option<String>,
    pub import_id: Option<i64>,
}

fn publication_query(
    institution_id: i64,
    f: &PublicationFilter,
) -> sea_orm::Select<publication::Entity> {
    let mut q =
        publication::Entity::find().filter(publication::Column::InstitutionId.eq(institution_id));
    if let Some(y) = f.year {
        q = q.filter(publication::Column::Year.eq(y));
    }
    if let Some(l) = &f.lab {
        q = q.filter(publication::Column::Lab.eq(l.clone()));
    }
    if let Some(i) = f.import_id {
        q = q.filter(publication::Column::ImportId.eq(i));
    }
    q
}

/// Publications, filtered and paged (newest first); `limit` 0 means all.
pub async fn publications<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    filter: &PublicationFilter,
    offset: u64,
    limit: u64,
) -> Result<Vec<PublicationRow>> {
    let q = publication_query(institution_id, filter)
        .order_by_desc(publication::Column::Year)
        .order_by_asc(publication::Column::Id)
        .offset((offset > 0).then_some(offset));
    let q = if limit == 0 { q } else { q.limit(limit) };
    Ok(q.all(conn).await?)
}

/// Number of publications matching a filter.
pub async fn count_publications<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    filter: &PublicationFilter,
) -> Result<u64> {
    Ok(publication_query(institution_id, filter)
        .count(conn)
        .await?)
}

/// One publication.
pub async fn publication<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<PublicationRow> {
    owned::<publication::Entity, _>(conn, id, "publication", |r| {
        r.institution_id == institution_id
    })
    .await
}

/// Keys of the publications already stored (HAL id, DOI), to skip them on a new import.
pub async fn publication_keys<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<(Option<String>, Option<String>)>> {
    Ok(publication::Entity::find()
        .filter(publication::Column::InstitutionId.eq(institution_id))
        .select_only()
        .column(publication::Column::HalId)
        .column(publication::Column::Doi)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The institution's programmes.
pub async fn programmes<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
) -> Result<Vec<ProgrammeRow>> {
    Ok(programme::Entity::find()
        .filter(programme::Column::InstitutionId.eq(institution_id))
        .order_by_asc(programme::Column::Name)
        .all(conn)
        .await?)
}

/// The programme of that name, created when missing.
pub async fn programme_named<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    name: &str,
    illustrative: bool,
) -> Result<ProgrammeRow> {
    if let Some(p) = programme::Entity::find()
        .filter(programme::Column::InstitutionId.eq(institution_id))
        .filter(programme::Column::Name.eq(name))
        .one(conn)
        .await?
    {
        return Ok(p);
    }
    Ok(programme::ActiveModel {
        institution_id: Set(institution_id),
        name: Set(name.to_string()),
        illustrative: Set(illustrative),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// The institution's courses.
pub async fn courses<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<CourseRow>> {
    Ok(course::Entity::find()
        .filter(course::Column::InstitutionId.eq(institution_id))
        .order_by_asc(course::Column::ProgrammeId)
        .order_by_asc(course::Column::Id)
        .all(conn)
        .await?)
}

/// One course.
pub async fn course<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    id: i64,
) -> Result<CourseRow> {
    owned::<course::Entity, _>(conn, id, "course", |r| r.institution_id == institution_id).await
}

/// Sets a course's sustainability focus and whether a person confirmed it.
pub async fn set_course_focus<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    focus: &str,
    state: TagState,
) -> Result<()> {
    course::ActiveModel {
        id: Set(id),
        focus: Set(focus.to_string()),
        focus_state: Set(state),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// SDG tags

/// The tags of some entities of a kind (all of the kind when `ids` is `None`).
pub async fn tags<C: ConnectionTrait>(
    conn: &C,
    institution_id: i64,
    kind: TaggedKind,
    ids: Option<&[i64]>,
) -> Result<Vec<TagRow>> {
    let base = || {
        sdg_tag::Entity::find()
            .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
            .filter(sdg_tag::Column::EntityKind.eq(kind))
            .order_by_asc(sdg_tag::Column::EntityId)
            .order_by_asc(sdg_tag::Column::Position)
            .order_by_asc(sdg_tag::Column::Id)
    };
    match ids {
        None => Ok(base().all(conn).await?),
        Some(ids) => {
            let mut out = Vec::new();
            for chunk in ids.chunks(500) {
                out.extend(
                    base()
                        .filter(sdg_tag::Column::EntityId.is_in(chunk.to_vec()))
                        .all(conn)
                        .await?,
                );
            }
            Ok(out)
        }
    }
}

/// One tag.
pub async fn tag<C: ConnectionTrait>(conn: &C, institution_id: i64, id: i64) -> Result<TagRow> {
    owned::<sdg_tag::Entity, _>(conn, id, "tag", |r| r.institution_id == institution_id).await
}

/// The entity a tag is on.
#[derive(Debug, Clone, Copy)]
pub struct Tagged {
    pub institution_id: i64,
    pub kind: TaggedKind,
    pub entity_id: i64,
}

/// A suggestion to store: goal, normalised score, evidence as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSuggestion {
    pub goal: i32,
    pub score: f64,
    pub evidence: String,
}

/// Stores the classifier's suggestions for an entity: a goal already tagged (by hand, or a
/// suggestion confirmed or rejected) is left alone; a pending suggestion gets the new score
/// and evidence; a pending suggestion the classifier no longer makes is removed. Returns
/// the number of new suggestions.
pub async fn replace_suggestions<C: ConnectionTrait>(
    conn: &C,
    entity: Tagged,
    suggestions: &[NewSuggestion],
    now: DateTime<Utc>,
) -> Result<usize> {
    let Tagged {
        institution_id,
        kind,
        entity_id,
    } = entity;
    let existing = sdg_tag::Entity::find()
        .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
        .filter(sdg_tag::Column::EntityKind.eq(kind))
        .filter(sdg_tag::Column::EntityId.eq(entity_id))
        .all(conn)
        .await?;
    let mut added = 0;
    for t in existing.iter().filter(|t| t.state == TagState::Proposed) {
        if !suggestions.iter().any(|s| s.goal == t.goal) {
            sdg_tag::Entity::delete_by_id(t.id).exec(conn).await?;
        }
    }
    for (pos, s) in suggestions.iter().enumerate() {
        match existing
            .iter()
            .find(|t| t.goal == s.goal && t.target.is_none())
            .or_else(|| existing.iter().find(|t| t.goal == s.goal))
        {
            Some(t) if t.state == TagState::Proposed => {
                let mut m: sdg_tag::ActiveModel = t.clone().into();
                m.score = Set(Some(s.score));
                m.evidence = Set(Some(s.evidence.clone()));
                m.position = Set(pos as i32);
                m.update(conn).await?;
            }
            Some(_) => {}
            None => {
                sdg_tag::ActiveModel {
                    institution_id: Set(institution_id),
                    entity_kind: Set(kind),
                    entity_id: Set(entity_id),
                    goal: Set(s.goal),
                    target: Set(None),
                    origin: Set(TagOrigin::Suggested),
                    state: Set(TagState::Proposed),
                    score: Set(Some(s.score)),
                    evidence: Set(Some(s.evidence.clone())),
                    created_by: Set(None),
                    created_at: Set(now),
                    position: Set(pos as i32),
                    ..Default::default()
                }
                .insert(conn)
                .await?;
                added += 1;
            }
        }
    }
    Ok(added)
}

/// Records a person's decision on a tag (`confirmed` or `rejected`).
pub async fn decide_tag<C: ConnectionTrait>(
    conn: &C,
    tag: TagRow,
    state: TagState,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<TagRow> {
    let mut m: sdg_tag::ActiveModel = tag.into();
    m.state = Set(state);
    m.created_by = Set(user_id);
    m.created_at = Set(now);
    Ok(m.update(conn).await?)
}

/// Adds a manual, confirmed tag (a goal, or a target such as `13.2`) unless it exists;
/// an existing suggestion for it is confirmed instead.
pub async fn add_manual_tag<C: ConnectionTrait>(
    conn: &C,
    entity: Tagged,
    goal: i32,
    target: Option<&str>,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let Tagged {
        institution_id,
        kind,
        entity_id,
    } = entity;
    let existing = sdg_tag::Entity::find()
        .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
        .filter(sdg_tag::Column::EntityKind.eq(kind))
        .filter(sdg_tag::Column::EntityId.eq(entity_id))
        .filter(sdg_tag::Column::Goal.eq(goal))
        .all(conn)
        .await?;
    if let Some(t) = existing.iter().find(|t| t.target.as_deref() == target) {
        if t.state != TagState::Confirmed {
            decide_tag(conn, t.clone(), TagState::Confirmed, user_id, now).await?;
        }
        return Ok(());
    }
    sdg_tag::ActiveModel {
        institution_id: Set(institution_id),
        entity_kind: Set(kind),
        entity_id: Set(entity_id),
        goal: Set(goal),
        target: Set(target.map(str::to_string)),
        origin: Set(TagOrigin::Manual),
        state: Set(TagState::Confirmed),
        score: Set(None),
        evidence: Set(None),
        created_by: Set(user_id),
        created_at: Set(now),
        position: Set(100),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Removes a manual tag (suggestions are rejected, not removed, so they do not come back).
pub async fn delete_tag<C: ConnectionTrait>(conn: &C, id: i64) -> Result<()> {
    sdg_tag::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// Every tag of the institution that is not rejected (for counts by SDG).
pub async fn live_tags<C: ConnectionTrait>(conn: &C, institution_id: i64) -> Result<Vec<TagRow>> {
    Ok(sdg_tag::Entity::find()
        .filter(sdg_tag::Column::InstitutionId.eq(institution_id))
        .filter(sdg_tag::Column::State.ne(TagState::Rejected))
        .all(conn)
        .await?)
}
