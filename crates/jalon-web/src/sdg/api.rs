//! SDGs in the JSON API: the classifier, the goals, the summary, an element's tags, adding a tag
//! and deciding on a suggestion.

use crate::AppState;
use crate::auth::Cx;
use crate::auth::User;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query, created};
use axum::extract::State;
use axum::response::Response;
use jalon_app::sdg::tags::{SdgSummary, TagView, TaggedKind};
use jalon_app::sdg::{TextClassification, lang_hint};
use jalon_app::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A text to classify.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyIn {
    pub text: String,
    /// `auto` (default), `fr` or `en`.
    pub lang: Option<String>,
}

/// The SDGs of a text, each with its score and evidence (matched words or Aurora query),
/// and the text cut at the evidence.
#[utoipa::path(post, path = "/api/v1/sdg/classify", tag = "sdg", request_body = ClassifyIn,
    responses((status = 200, body = TextClassification), (status = 422, body = ErrorBody)))]
pub async fn classify(
    Cx { state, user }: Cx,
    Json(input): Json<ClassifyIn>,
) -> ApiResult<Json<TextClassification>> {
    let lang = input.lang.unwrap_or_default();
    let hint = lang_hint(&lang)
        .ok_or_else(|| AppError::invalid("lang", ErrorCode::InvalidLang, lang.clone()))?;
    Ok(Json(state.app.classify_text(
        user.actor(),
        &input.text,
        hint,
    )?))
}

/// A UN target.
#[derive(Debug, Serialize, ToSchema)]
pub struct SdgTargetOut {
    pub code: String,
    pub title_fr: String,
    pub title_en: String,
}

/// A goal with its targets.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalOut {
    pub number: u8,
    pub short_fr: String,
    pub short_en: String,
    pub title_fr: String,
    pub title_en: String,
    /// Official colour, `#RRGGBB`.
    pub colour: String,
    pub targets: Vec<SdgTargetOut>,
}

/// The 17 goals and their targets, in French and English.
#[utoipa::path(get, path = "/api/v1/sdg/goals", tag = "sdg", responses((status = 200, body = Vec<GoalOut>)))]
pub async fn goals(user: User) -> ApiResult<Json<Vec<GoalOut>>> {
    let _ = user;
    use jalon_sdg::Lang::{En, Fr};
    let cat = jalon_sdg::catalogue();
    Ok(Json(
        cat.goals()
            .iter()
            .map(|g| {
                let (r, gr, b) = g.rgb();
                GoalOut {
                    number: g.number,
                    short_fr: g.short(Fr).to_string(),
                    short_en: g.short(En).to_string(),
                    title_fr: g.title(Fr).to_string(),
                    title_en: g.title(En).to_string(),
                    colour: format!("#{r:02X}{gr:02X}{b:02X}"),
                    targets: cat
                        .targets_of(g.number)
                        .map(|t| SdgTargetOut {
                            code: t.code.clone(),
                            title_fr: t.title(Fr).to_string(),
                            title_en: t.title(En).to_string(),
                        })
                        .collect(),
                }
            })
            .collect(),
    ))
}

/// Counts by SDG of everything tagged, and the suggestions waiting.
#[utoipa::path(get, path = "/api/v1/sdg/summary", tag = "sdg", responses((status = 200, body = SdgSummary)))]
pub async fn summary(State(state): State<AppState>, user: User) -> ApiResult<Json<SdgSummary>> {
    Ok(Json(state.app.sdg_summary(user.actor()).await?))
}

/// Which entity.
#[derive(Debug, Deserialize, IntoParams)]
pub struct EntityQuery {
    /// `objective`, `action`, `project`, `publication` or `course`.
    pub kind: String,
    /// Its id.
    pub entity: i64,
}

fn kind_of(s: &str) -> Result<TaggedKind, AppError> {
    TaggedKind::parse(s).ok_or_else(|| AppError::invalid("kind", ErrorCode::InvalidKind, s))
}

/// The tags of an entity: confirmed, suggested (with score and evidence), rejected.
#[utoipa::path(get, path = "/api/v1/sdg/tags", tag = "sdg", params(EntityQuery), responses((status = 200, body = Vec<TagView>)))]
pub async fn tags(
    Cx { state, user }: Cx,
    Query(q): Query<EntityQuery>,
) -> ApiResult<Json<Vec<TagView>>> {
    Ok(Json(
        state
            .app
            .entity_tags(user.actor(), kind_of(&q.kind)?, q.entity)
            .await?,
    ))
}

/// A tag added by hand.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagIn {
    pub kind: String,
    pub entity: i64,
    /// A goal (`13`) or a target (`13.2`).
    pub sdg: String,
}

/// Tags an entity by hand; returns its tags.
#[utoipa::path(post, path = "/api/v1/sdg/tags", tag = "sdg", request_body = TagIn,
    responses((status = 201, body = Vec<TagView>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn tag_add(Cx { state, user }: Cx, Json(input): Json<TagIn>) -> ApiResult<Response> {
    let kind = kind_of(&input.kind)?;
    state
        .app
        .add_tag(user.actor(), kind, input.entity, &input.sdg)
        .await?;
    created(
        state
            .app
            .entity_tags(user.actor(), kind, input.entity)
            .await?,
    )
}

/// A decision on a suggestion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// True to confirm, false to reject.
    pub confirm: bool,
}

/// Confirms or rejects a tag; returns the entity's tags.
#[utoipa::path(post, path = "/api/v1/sdg/tags/{id}/decision", tag = "sdg", params(("id" = i64, Path)), request_body = DecisionIn,
    responses((status = 200, body = Vec<TagView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn decision(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Json(input): Json<DecisionIn>,
) -> ApiResult<Json<Vec<TagView>>> {
    let (kind, entity) = state
        .app
        .decide_tag(user.actor(), id, input.confirm)
        .await?;
    Ok(Json(
        state.app.entity_tags(user.actor(), kind, entity).await?,
    ))
}
