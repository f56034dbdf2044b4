//! The carbon pages: the footprint of a year against the trajectory, inventories and their lines
//! (entry, import, export, business travel), emission factors, and the plan indicators the
//! inventories feed.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::carbon::forms::{ActivitiesFile, ActivityForm, FactorsFile, InventoryForm, LinkForm};
use crate::error::WebError;
use crate::extract::{Form, Path, Query, Upload};
use crate::forms::{Refused, text};
use crate::page::{
    Page, PageResult, imported_or_refused, page, page_views, render, see_other, shown_again,
};
use crate::widgets::{attachment, bars_of};
use askama::Template;
use jalon_app::carbon::inventory::{Footprint, InventorySummary, InventoryView, Kg, TrendPoint};
use jalon_app::carbon::overview::CarbonOverview;
use jalon_app::carbon::steering::CarbonMetric;
use jalon_app::carbon::{FactorSearch, FactorSetInfo};
use jalon_core::access::{Operation, allowed};
use jalon_core::plan::OrgUnitKind;
use jalon_i18n::Tr;
use jalon_io::Problem;
use serde::Deserialize;

/// Query of pages that pick a year.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
    pub done: Option<String>,
}

/// A data quality as stored (`measured`… or a fraction such as `0.2`), in words.
fn quality_text(tr: &Tr, q: &str) -> String {
    match q.parse::<f64>() {
        Ok(v) => tr.t1("carbon-quality-custom", "percent", &tr.share(v)),
        Err(_) => tr.of("carbon-quality", q),
    }
}

/// Units of the plan for selects: (code, name, is a lab).
pub(crate) fn unit_options(view: &jalon_app::PlanView) -> Vec<(String, String, bool)> {
    let mut units: Vec<(String, String, bool)> = view
        .doc()
        .org_units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone(), u.kind == OrgUnitKind::Lab))
        .collect();
    units.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    units
}

pub(crate) fn can_edit_carbon(user: &User) -> bool {
    allowed(
        user.actor().role,
        Operation::EditCarbon { unit_member: true },
    )
}

pub(crate) fn can_manage_fund(user: &User) -> bool {
    allowed(user.actor().role, Operation::ManageFund)
}

// ---------------------------------------------------------------------------------------
// Overview

struct TrendRow {
    year: i32,
    current: bool,
    total: String,
    interval: String,
    expected: String,
    change: String,
    on_track: bool,
    fossil: String,
    fossil_index: String,
}

struct GroupRow {
    label: String,
    total: String,
    interval: String,
    share: String,
}

struct PartRow {
    name: String,
    inventory_id: i64,
    share: String,
    own: String,
    counted: String,
}

struct LinkRow {
    indicator_id: i64,
    code: String,
    name: String,
    metric: String,
}

#[derive(Template)]
#[template(path = "carbon_overview.html")]
struct OverviewPage {
    page: Page,
    trend: Vec<TrendRow>,
    trend_chart: Option<String>,
    years: Vec<i32>,
    footprint: Option<Footprint>,
    total: String,
    interval: String,
    categories_chart: Option<String>,
    categories: Vec<GroupRow>,
    scopes: Vec<GroupRow>,
    scope3: Vec<GroupRow>,
    posts: Vec<GroupRow>,
    parts: Vec<PartRow>,
    links: Vec<LinkRow>,
    can_link: bool,
    indicators: Vec<(String, String)>,
    metrics: Vec<(String, String)>,
}

fn metric_label(tr: &Tr, m: &CarbonMetric) -> String {
    match m {
        CarbonMetric::FossilIndex { reference_year } => tr.t1(
            "carbon-metric-fossil_index",
            "year",
            &reference_year.to_string(),
        ),
        other => tr.of("carbon-metric", other.key()),
    }
}

fn group_rows(tr: &Tr, total: f64, items: impl Iterator<Item = (String, Kg)>) -> Vec<GroupRow> {
    items
        .map(|(label, k)| GroupRow {
            label,
            total: tr.tonnes(k.kg),
            interval: tr.tonnes_interval(k.low, k.high),
            share: if total > 0.0 {
                tr.share(k.kg / total)
            } else {
                "–".into()
            },
        })
        .collect()
}

impl Page {
    /// The page under the carbon section's tab `tab`, with the count of places to fix beside
    /// "Places".
    pub(crate) async fn in_carbon_tab(
        self,
        tab: &'static str,
        state: &AppState,
        user: &User,
    ) -> Page {
        let places = state
            .app
            .unresolved_places(user.actor())
            .await
            .map(|p| p.len())
            .unwrap_or(0);
        self.with_sub(tab).with_places_to_fix(places)
    }
}

fn trend_rows(tr: &Tr, trend: &[TrendPoint], year: Option<i32>) -> Vec<TrendRow> {
    trend
        .iter()
        .map(|p| TrendRow {
            year: p.year,
            current: Some(p.year) == year,
            total: tr.tonnes(p.total.kg),
            interval: tr.tonnes_interval(p.total.low, p.total.high),
            expected: tr.tonnes(p.expected_kg),
            change: p.change.map_or_else(|| "–".into(), |c| tr.change(c)),
            on_track: p.on_track,
            fossil: format!(
                "{}\u{a0}MWh",
                jalon_core::number::format_number(p.fossil_mwh, 0, tr.fr())
            ),
            fossil_index: p.fossil_index.map_or_else(|| "–".into(), |i| tr.num(i)),
        })
        .collect()
}

/// `GET /carbon`: the footprint of a year and the trend.
pub async fn overview(Cx { state, user }: Cx, Query(q): Query<YearQuery>) -> PageResult {
    let tr = user.tr();
    let actor = user.actor();
    let o = state.app.carbon_overview(actor, q.year).await?;
    let years = o.years();
    let CarbonOverview {
        trend,
        year,
        footprint,
        links,
        indicators,
        metrics,
        unresolved_places,
    } = o;
    let trend_chart = (!trend.is_empty())
        .then(|| jalon_app::carbon::inventory::trend_chart(&trend, tr.lang).to_svg());
    let (mut total, mut interval) = (String::new(), String::new());
    let (mut categories, mut scopes, mut scope3, mut posts, mut parts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut categories_chart = None;
    if let Some(f) = &footprint {
        total = tr.tonnes(f.total.kg);
        interval = tr.tonnes_interval(f.total.low, f.total.high);
        let name = |fr: &str, en: &str| {
            if tr.fr() {
                fr.to_string()
            } else {
                en.to_string()
            }
        };
        let cats: Vec<(String, Kg)> = f
            .categories
            .iter()
            .map(|c| {
                (
                    format!("{}. {}", c.key, name(&c.name_fr, &c.name_en)),
                    c.emissions,
                )
            })
            .collect();
        categories_chart = Some(bars_of(
            &tr,
            &tr.t("carbon-by-category"),
            &tr.t("carbon-bars-description"),
            cats.clone(),
        ));
        categories = group_rows(&tr, f.total.kg, cats.into_iter());
        scopes = group_rows(
            &tr,
            f.total.kg,
            f.scopes
                .iter()
                .map(|s| (name(&s.name_fr, &s.name_en), s.emissions)),
        );
        scope3 = group_rows(
            &tr,
            f.total.kg,
            f.scope3
                .iter()
                .filter(|s| s.emissions.kg > 0.0)
                .map(|s| (name(&s.name_fr, &s.name_en), s.emissions)),
        );
        posts = group_rows(
            &tr,
            f.total.kg,
            f.posts.iter().map(|p| {
                (
                    format!("{} {}", p.code, name(&p.name_fr, &p.name_en)),
                    p.emissions,
                )
            }),
        );
        parts = f
            .parts
            .iter()
            .map(|p| PartRow {
                name: p.unit.as_ref().map_or_else(
                    || tr.t("carbon-institution"),
                    |u| format!("{} — {}", u.code, u.name),
                ),
                inventory_id: p.inventory_id,
                share: tr.share(p.share),
                own: tr.tonnes(p.own.kg),
                counted: tr.tonnes(p.counted.kg),
            })
            .collect();
    }
    let link_rows = links
        .iter()
        .map(|l| LinkRow {
            indicator_id: l.indicator_id,
            code: l.code.clone(),
            name: l.name.clone(),
            metric: metric_label(&tr, &l.metric),
        })
        .collect();
    let indicators = indicators
        .iter()
        .map(|(code, name)| (code.clone(), format!("{code} — {name}")))
        .collect();
    let metrics = metrics
        .iter()
        .map(|m| (m.key().to_string(), tr.of("carbon-metric-name", m.key())))
        .collect();
    render(&OverviewPage {
        page: page(&user, "/carbon", "carbon", q.done.as_deref())
            .with_sub("overview")
            .with_places_to_fix(unresolved_places)
            .titled("carbon-title"),
        trend: trend_rows(&tr, &trend, year),
        trend_chart,
        years,
        footprint,
        total,
        interval,
        categories_chart,
        categories,
        scopes,
        scope3,
        posts,
        parts,
        links: link_rows,
        can_link: allowed(actor.role, Operation::EditPlan),
        indicators,
        metrics,
    })
}

/// `POST /carbon/links`: links an indicator to a carbon metric, or removes the link.
pub async fn links_save(Cx { state, user }: Cx, Form(form): Form<LinkForm>) -> PageResult {
    let metric = form.metric()?;
    state
        .app
        .link_carbon_indicator(user.actor(), form.indicator.trim(), metric)
        .await?;
    Ok(see_other("/carbon?done=links_saved#links"))
}

// ---------------------------------------------------------------------------------------
// Inventories and factors

struct InventoryRow {
    id: i64,
    year: i32,
    unit: String,
    share: String,
    version: String,
    lines: usize,
    total: String,
    interval: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "carbon_inventories.html")]
struct InventoriesPage {
    page: Page,
    rows: Vec<InventoryRow>,
    sets: Vec<FactorSetInfo>,
    units: Vec<(String, String, bool)>,
    can_edit: bool,
    can_manage: bool,
    error: Option<String>,
    problems: Vec<Problem>,
    form: InventoryForm,
}

fn inventory_rows(tr: &Tr, list: &[InventorySummary]) -> Vec<InventoryRow> {
    list.iter()
        .map(|i| InventoryRow {
            id: i.id,
            year: i.year,
            unit: i.unit.as_ref().map_or_else(
                || tr.t("carbon-institution"),
                |u| format!("{} — {}", u.code, u.name),
            ),
            share: i
                .unit
                .as_ref()
                .map_or_else(|| tr.share(1.0), |u| tr.share(u.share)),
            version: i.factor_version.clone(),
            lines: i.lines,
            total: tr.tonnes(i.total.kg),
            interval: tr.tonnes_interval(i.total.low, i.total.high),
            illustrative: i.illustrative,
        })
        .collect()
}

async fn inventories_view(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<InventoriesPage, WebError> {
    let tr = user.tr();
    let list = state.app.inventories(user.actor()).await?;
    let view = state.app.view_for(user.actor()).await?;
    Ok(InventoriesPage {
        page: page(user, "/carbon/inventories", "carbon", done)
            .in_carbon_tab("inventories", state, user)
            .await
            .titled("carbon-nav-inventories"),
        rows: inventory_rows(&tr, &list),
        sets: state.app.factor_sets(user.actor()).await?,
        units: unit_options(&view),
        can_edit: can_edit_carbon(user),
        can_manage: can_manage_fund(user),
        error,
        problems,
        form: InventoryForm::default(),
    })
}

/// `GET /carbon/inventories`.
pub async fn inventories(Cx { state, user }: Cx, Query(q): Query<YearQuery>) -> PageResult {
    render(&inventories_view(&state, &user, q.done.as_deref(), None, Vec::new()).await?)
}

/// `POST /carbon/inventories`: a new inventory, or the page again with the form's errors.
pub async fn inventory_create(
    Cx { state, user }: Cx,
    Form(form): Form<InventoryForm>,
) -> PageResult {
    let created: Result<_, Refused> = async {
        let year = form.year()?;
        Ok(state
            .app
            .create_inventory(
                user.actor(),
                year,
                text(&form.unit).as_deref(),
                text(&form.factor_version).as_deref(),
                text(&form.notes).as_deref(),
                false,
            )
            .await?)
    }
    .await;
    match created {
        Ok(created) => Ok(see_other(&format!(
            "/carbon/inventories/{}?done=inventory_created",
            created.id
        ))),
        Err(refused) => {
            let errors = refused.fields()?;
            let view = inventories_view(&state, &user, None, None, Vec::new()).await?;
            shown_again(InventoriesPage { form, ..view }, &errors)
        }
    }
}

/// `POST /carbon/factors`: imports a Base Empreinte export as a new factor version.
pub async fn factors_import(Cx { state, user }: Cx, upload: Upload<FactorsFile>) -> PageResult {
    let version = upload.fields.version.as_str();
    imported_or_refused(
        &user,
        upload.file,
        async |f| {
            let app = &state.app;
            app.import_factors(user.actor(), &f.bytes, &f.name, version)
                .await
        },
        |set| {
            let version = crate::auth::percent_encode(&set.version);
            format!("/carbon/factors?version={version}&done=factors_imported")
        },
        async |(message, problems)| {
            inventories_view(&state, &user, None, Some(message), problems).await
        },
    )
    .await
}

/// Query of the factors page.
#[derive(Debug, Default, Deserialize)]
pub struct FactorQuery {
    pub version: Option<String>,
    pub q: Option<String>,
    pub done: Option<String>,
}

#[derive(Template)]
#[template(path = "carbon_factors.html")]
struct FactorsPage {
    page: Page,
    sets: Vec<FactorSetInfo>,
    version: String,
    query: String,
    search: FactorSearch,
}

/// `GET /carbon/factors`: the factors of a version, searchable.
pub async fn factors(Cx { state, user }: Cx, Query(q): Query<FactorQuery>) -> PageResult {
    let version = q
        .version
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| jalon_carbon::BUNDLED_VERSION.to_string());
    let query = q.q.clone().unwrap_or_default();
    let search = state
        .app
        .search_factors(user.actor(), &version, &query, 200)
        .await?;
    render(&FactorsPage {
        page: page(&user, "/carbon/factors", "carbon", q.done.as_deref())
            .in_carbon_tab("factors", &state, &user)
            .await
            .titled("carbon-nav-factors"),
        sets: state.app.factor_sets(user.actor()).await?,
        version,
        query,
        search,
    })
}

struct ActivityRow {
    id: i64,
    post: String,
    label: String,
    quantity: String,
    unit: String,
    factor_id: String,
    factor: String,
    quality: String,
    source: String,
    emissions: String,
    interval: String,
    from_missions: bool,
}

#[derive(Template)]
#[template(path = "carbon_inventory.html")]
struct InventoryPage {
    page: Page,
    inv: InventoryView,
    title: String,
    total: String,
    interval: String,
    posts_chart: Option<String>,
    posts: Vec<GroupRow>,
    scopes: Vec<GroupRow>,
    activities: Vec<ActivityRow>,
    can_edit: bool,
    form: ActivityForm,
    error: Option<String>,
    problems: Vec<Problem>,
    post_options: Vec<(String, String)>,
    factor_options: Vec<(String, String)>,
    quality_options: Vec<(String, String)>,
}

async fn inventory_page(
    state: &AppState,
    user: &User,
    id: i64,
    done: Option<&str>,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<InventoryPage, WebError> {
    let tr = user.tr();
    let inv = state.app.inventory(user.actor(), id).await?;
    let name = |fr: &str, en: &str| {
        if tr.fr() {
            fr.to_string()
        } else {
            en.to_string()
        }
    };
    let travel_source = jalon_app::carbon::travel::travel_source(inv.year);
    let nonzero: Vec<(String, Kg)> = inv
        .posts
        .iter()
        .filter(|p| p.emissions.kg > 0.0)
        .map(|p| {
            (
                format!("{} {}", p.code, name(&p.name_fr, &p.name_en)),
                p.emissions,
            )
        })
        .collect();
    let posts_chart = (!nonzero.is_empty()).then(|| {
        bars_of(
            &tr,
            &tr.t("carbon-by-post"),
            &tr.t("carbon-bars-description"),
            nonzero.clone(),
        )
    });
    let factors = state
        .app
        .search_factors(user.actor(), &inv.factor_version, "", 400)
        .await?;
    let title = match &inv.unit {
        Some(u) => tr.args(
            "carbon-inventory-of-unit",
            &[("year", &inv.year.to_string()), ("unit", &u.name)],
        ),
        None => tr.t1("carbon-inventory-of", "year", &inv.year.to_string()),
    };
    let member = match &inv.unit {
        Some(u) => {
            state
                .app
                .view_for(user.actor())
                .await?
                .person_unit(user.actor().person_id)
                == Some(u.code.as_str())
        }
        None => false,
    };
    Ok(InventoryPage {
        page: page(user, &format!("/carbon/inventories/{id}"), "carbon", done)
            .in_carbon_tab("inventories", state, user)
            .await,
        title,
        total: tr.tonnes(inv.total.kg),
        interval: tr.tonnes_interval(inv.total.low, inv.total.high),
        posts_chart,
        posts: group_rows(&tr, inv.total.kg, nonzero.into_iter()),
        scopes: group_rows(
            &tr,
            inv.total.kg,
            inv.scopes
                .iter()
                .map(|s| (name(&s.name_fr, &s.name_en), s.emissions)),
        ),
        activities: inv
            .activities
            .iter()
            .map(|a| ActivityRow {
                id: a.id,
                post: a.post.clone(),
                label: a.label_in(tr.lang),
                quantity: tr.num(a.quantity),
                unit: a.unit.clone(),
                factor_id: a.factor_id.clone(),
                factor: match (&a.factor_name, a.factor_value, &a.factor_unit) {
                    (Some(n), Some(v), Some(u)) => format!("{n} — {} {u}", tr.precise(v)),
                    _ => tr.t("carbon-factor-missing"),
                },
                quality: quality_text(&tr, &a.quality),
                source: a.source.clone().unwrap_or_default(),
                emissions: a.emissions.map_or_else(|| "–".into(), |e| tr.kg(e.kg)),
                interval: a
                    .emissions
                    .map(|e| tr.kg_interval(e.low, e.high))
                    .unwrap_or_default(),
                from_missions: a.source.as_deref() == Some(travel_source.as_str()),
            })
            .collect(),
        can_edit: allowed(
            user.actor().role,
            Operation::EditCarbon {
                unit_member: member,
            },
        ),
        form: ActivityForm::default(),
        error,
        problems,
        post_options: jalon_carbon::BegesPost::ALL
            .iter()
            .map(|p| {
                (
                    p.code().to_string(),
                    format!(
                        "{} {}",
                        p.code(),
                        if tr.fr() { p.name_fr() } else { p.name_en() }
                    ),
                )
            })
            .collect(),
        factor_options: factors
            .factors
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    format!(
                        "{} ({} kgCO2e/{})",
                        if tr.fr() { &f.name_fr } else { &f.name_en },
                        tr.precise(f.value),
                        f.unit
                    ),
                )
            })
            .collect(),
        quality_options: ["measured", "calculated", "estimated", "extrapolated"]
            .iter()
            .map(|q| (q.to_string(), tr.of("carbon-quality", q)))
            .collect(),
        inv,
    })
}

/// `GET /carbon/inventories/{id}`.
pub async fn inventory(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let page = inventory_page(&state, &user, id, q.done.as_deref(), None, Vec::new()).await?;
    render(&page)
}

/// `POST /carbon/inventories/{id}/activities`: a line of activity data, or the page again
/// with the line's errors.
pub async fn activity_add(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    Form(form): Form<ActivityForm>,
) -> PageResult {
    let added: Result<_, Refused> = async {
        let input = form.input()?;
        Ok(state.app.add_activity(user.actor(), id, &input).await?)
    }
    .await;
    match added {
        Ok(()) => Ok(see_other(&format!(
            "/carbon/inventories/{id}?done=activity_added#lines"
        ))),
        Err(refused) => {
            let errors = refused.fields()?;
            let view = inventory_page(&state, &user, id, None, None, Vec::new()).await?;
            shown_again(InventoryPage { form, ..view }, &errors)
        }
    }
}

/// `POST /carbon/inventories/{id}/activities/{activity}/delete`.
pub async fn activity_delete(
    Cx { state, user }: Cx,
    Path((id, activity)): Path<(i64, i64)>,
) -> PageResult {
    state
        .app
        .delete_activity(user.actor(), id, activity)
        .await?;
    Ok(see_other(&format!(
        "/carbon/inventories/{id}?done=activity_deleted#lines"
    )))
}

/// `POST /carbon/inventories/{id}/import`: activity lines from a CSV or XLSX file.
pub async fn activities_import(
    Cx { state, user }: Cx,
    Path(id): Path<i64>,
    upload: Upload<ActivitiesFile>,
) -> PageResult {
    let replace = upload.fields.replace == "1";
    imported_or_refused(
        &user,
        upload.file,
        async |f| {
            let app = &state.app;
            app.import_activities(user.actor(), id, &f.bytes, &f.name, replace, user.lang)
                .await
        },
        |_| format!("/carbon/inventories/{id}?done=activities_imported#lines"),
        async |(message, problems)| {
            inventory_page(&state, &user, id, None, Some(message), problems).await
        },
    )
    .await
}

/// `GET /carbon/inventories/{id}/activities.csv`.
pub async fn activities_export(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    let inv = state.app.inventory(user.actor(), id).await?;
    let bytes = state.app.export_activities(user.actor(), id).await?;
    let unit = inv
        .unit
        .as_ref()
        .map_or("etablissement", |u| u.code.as_str());
    Ok(attachment(
        bytes,
        &format!("inventaire-{}-{}.csv", inv.year, unit.to_lowercase()),
        "text/csv; charset=utf-8",
    ))
}

/// `POST /carbon/inventories/{id}/travel`: business-travel lines from the missions.
pub async fn inventory_travel(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.travel_into_inventory(user.actor(), id).await?;
    Ok(see_other(&format!(
        "/carbon/inventories/{id}?done=travel_computed#lines"
    )))
}
page_views!(InventoriesPage, InventoryPage);
