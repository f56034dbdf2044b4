//! `GET /plan/versions`: the adopted versions, the form to record one (editors) and the
//! comparison of two (`?from=…&to=…`, a version's id or `current`); `POST /plan/versions`.

use super::forms::PlanVersionForm;
use crate::AppState;
use crate::auth::{Cx, User};
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::forms::Refused;
use crate::page::{Page, PageResult, page, page_views, render, saved_or_again, see_other};
use askama::Template;
use jalon_app::plan::{change_lines, change_summary};
use jalon_app::plan_versions::{PlanVersion, VersionRef};
use jalon_core::access::{Operation, allowed};
use jalon_i18n::Tr;
use serde::Deserialize;

/// The comparison asked for, and the confirmation after a save.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VersionsQuery {
    /// A version's id or `current`.
    pub from: Option<String>,
    /// A version's id or `current`.
    pub to: Option<String>,
    pub done: Option<String>,
}

/// A version as the list shows it.
struct VersionRow {
    label: String,
    adopted: String,
    recorded: String,
    counts: String,
    note: Option<String>,
}

/// What changed from one side to the other.
struct Compared {
    title: String,
    summary: String,
    lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "plan_versions.html")]
struct VersionsView {
    page: Page,
    versions: Vec<VersionRow>,
    can_record: bool,
    form: PlanVersionForm,
    /// The sides a comparison can take: (value, words).
    sides: Vec<(String, String)>,
    from: String,
    to: String,
    compared: Option<Compared>,
}

fn row(tr: &Tr, v: &PlanVersion) -> VersionRow {
    let c = &v.counts;
    VersionRow {
        label: v.label.clone(),
        adopted: tr.args(
            "versions-adopted",
            &[("date", &tr.date(&v.adopted_on)), ("body", &v.adopted_by)],
        ),
        recorded: tr.args(
            "versions-recorded",
            &[
                ("who", v.recorded_by.as_deref().unwrap_or("jalon")),
                ("when", &tr.datetime(&v.recorded_at)),
            ],
        ),
        counts: tr.args(
            "versions-counts",
            &[
                ("axes", &c.axes.to_string()),
                ("objectives", &c.objectives.to_string()),
                ("targets", &c.targets.to_string()),
                ("indicators", &c.indicators.to_string()),
                ("actions", &c.actions.to_string()),
            ],
        ),
        note: v.note.clone(),
    }
}

/// The side `value` in words: a version's label or the plan in place.
fn side_words(tr: &Tr, versions: &[PlanVersion], side: VersionRef) -> String {
    match side {
        VersionRef::Current => tr.t("versions-current"),
        VersionRef::Version(id) => (versions.iter())
            .find(|v| v.id == id)
            .map_or_else(|| id.to_string(), |v| v.label.clone()),
    }
}

async fn versions_view(
    state: &AppState,
    user: &User,
    q: &VersionsQuery,
    form: PlanVersionForm,
) -> Result<VersionsView, WebError> {
    let actor = user.actor();
    let tr = user.tr();
    let versions = state.app.plan_versions(actor).await?;
    // By default, the latest version against the plan in place.
    let latest = versions
        .last()
        .map(|v| v.id.to_string())
        .unwrap_or_default();
    let from = q.from.clone().unwrap_or(latest);
    let to = q.to.clone().unwrap_or_else(|| "current".to_string());
    let compared = match (VersionRef::parse(&from), VersionRef::parse(&to)) {
        (Some(f), Some(t)) => {
            let changes = state.app.plan_version_diff(actor, f, t).await?;
            Some(Compared {
                title: tr.args(
                    "versions-compared",
                    &[
                        ("from", &side_words(&tr, &versions, f)),
                        ("to", &side_words(&tr, &versions, t)),
                    ],
                ),
                summary: change_summary(&tr, &changes),
                lines: change_lines(&tr, &changes),
            })
        }
        _ => None,
    };
    let sides = (versions.iter().rev())
        .map(|v| (v.id.to_string(), v.label.clone()))
        .chain([("current".to_string(), tr.t("versions-current"))])
        .collect();
    Ok(VersionsView {
        page: page(user, "/plan/versions", "strategy", q.done.as_deref()).titled("versions-title"),
        versions: versions.iter().rev().map(|v| row(&tr, v)).collect(),
        can_record: allowed(actor.role, Operation::EditPlan),
        form,
        sides,
        from,
        to,
        compared,
    })
}

/// `GET /plan/versions`.
pub async fn versions(Cx { state, user }: Cx, Query(q): Query<VersionsQuery>) -> PageResult {
    let view = versions_view(&state, &user, &q, PlanVersionForm::default()).await?;
    render(&view)
}

/// `POST /plan/versions`: records the plan in place as an adopted version.
pub async fn version_add(Cx { state, user }: Cx, Form(form): Form<PlanVersionForm>) -> PageResult {
    let saved: Result<PlanVersion, Refused> = async {
        let input = form.input()?;
        Ok(state.app.record_plan_version(user.actor(), &input).await?)
    }
    .await;
    saved_or_again(
        saved,
        |_| see_other("/plan/versions?done=plan_version_recorded"),
        versions_view(&state, &user, &VersionsQuery::default(), form),
    )
    .await
}

page_views!(VersionsView);
