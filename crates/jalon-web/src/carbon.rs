//! Carbon pages: the footprint (trend against the −5 %/year trajectory, posts, scopes, labs at
//! their shares), inventories and their activity lines, emission factors, missions with their
//! computation, places to fix, the compensation fund, the what-if simulation and the trip
//! calculator. Like the other pages, each handler calls use cases of `jalon-app` and forms post
//! back and redirect with a confirmation.

use askama::Template;
use axum::extract::{Multipart, Path, Query, RawForm, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jalon_app::AppError;
use jalon_app::ErrorCode;
use jalon_app::carbon::fund::{FundView, LevyRuleInput, ReinvestmentInput};
use jalon_app::carbon::inventory::{
    ActivityInput, Footprint, InventorySummary, InventoryView, Kg, TrendPoint,
};
use jalon_app::carbon::steering::{CarbonMetric, IndicatorLink};
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, PlaceFixInput, TripFootprint, TripImportReport, TripInput,
    TripView, UnresolvedPlace,
};
use jalon_app::carbon::{FactorSearch, FactorSetInfo, TravelSettings};
use jalon_carbon::{ColumnProfile, Scenario, TravelMode, WhatIf};
use jalon_chart::{Bar, Columns, HorizontalBars, Labels};
use jalon_core::access::{Operation, allowed};
use jalon_core::plan::OrgUnitKind;
use jalon_io::Problem;
use jalon_store::carbon::{TripBatchRow, TripFilter};
use serde::Deserialize;

use crate::AppState;
use crate::auth::User;
use crate::error::WebError;
use crate::pages::{
    FormData, PageResult, page, parse_f64, parse_i32, read_multipart, relink, render,
    render_status, see_other,
};
use crate::views::Page;
use jalon_i18n::Tr;

/// Trips shown per page of the missions list.
const TRIPS_PER_PAGE: u64 = 100;

/// Query of pages that pick a year.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
    pub done: Option<String>,
}

fn chart_labels(tr: &Tr) -> Labels {
    Labels {
        measured: tr.t("carbon-chart-inventory"),
        expected: tr.t("carbon-chart-trajectory"),
        target: tr.t("chart-target"),
        baseline: tr.t("chart-baseline"),
        provisional: tr.t("chart-provisional"),
    }
}

fn bars_of(tr: &Tr, title: &str, description: &str, items: Vec<(String, Kg)>) -> String {
    HorizontalBars {
        title: title.to_string(),
        description: description.to_string(),
        unit: "tCO2e".to_string(),
        bars: items
            .into_iter()
            .map(|(label, k)| {
                let t = |kg: f64| (kg / 100.0).round() / 10.0;
                Bar {
                    label,
                    value: t(k.kg),
                    low: Some(t(k.low)),
                    high: Some(t(k.high)),
                }
            })
            .collect(),
        french: tr.fr(),
    }
    .to_svg()
}

fn attachment(bytes: Vec<u8>, name: &str, mime: &'static str) -> Response {
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    resp
}

/// A data quality as stored (`measured`… or a fraction such as `0.2`), in words.
fn quality_text(tr: &Tr, q: &str) -> String {
    match q.parse::<f64>() {
        Ok(v) => tr.t1("carbon-quality-custom", "percent", &tr.share(v)),
        Err(_) => tr.of("carbon-quality", q),
    }
}

/// Units of the plan for selects: (code, name, is a lab).
fn unit_options(view: &jalon_app::PlanView) -> Vec<(String, String, bool)> {
    let mut units: Vec<(String, String, bool)> = view
        .doc()
        .org_units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone(), u.kind == OrgUnitKind::Lab))
        .collect();
    units.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    units
}

fn can_edit_carbon(user: &User) -> bool {
    allowed(
        user.actor().role,
        Operation::EditCarbon { unit_member: true },
    )
}

fn can_manage_fund(user: &User) -> bool {
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
    sub: &'static str,
    unresolved: usize,
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

fn metric_key(m: &CarbonMetric) -> &'static str {
    match m {
        CarbonMetric::TotalTonnes => "total_tonnes",
        CarbonMetric::FossilMwh => "fossil_mwh",
        CarbonMetric::FossilIndex { .. } => "fossil_index",
        CarbonMetric::LabsTonnes => "labs_tonnes",
        CarbonMetric::BusinessTravelTonnes => "business_travel_tonnes",
    }
}

fn metric_label(tr: &Tr, m: &CarbonMetric) -> String {
    match m {
        CarbonMetric::FossilIndex { reference_year } => tr.t1(
            "carbon-metric-fossil_index",
            "year",
            &reference_year.to_string(),
        ),
        other => tr.of("carbon-metric", metric_key(other)),
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

async fn unresolved_count(state: &AppState, user: &User) -> usize {
    state
        .app
        .unresolved_places(user.actor())
        .await
        .map(|p| p.len())
        .unwrap_or(0)
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
pub async fn overview(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let tr = user.tr();
    let actor = user.actor();
    let trend = state.app.footprint_trend(actor).await?;
    let years: Vec<i32> = trend.iter().map(|p| p.year).collect();
    let year = q
        .year
        .filter(|y| years.contains(y))
        .or_else(|| years.last().copied());
    let footprint = match year {
        Some(y) => Some(state.app.footprint(actor, y).await?),
        None => None,
    };
    let trend_chart = (!trend.is_empty()).then(|| {
        Columns {
            title: tr.t("carbon-trend-title"),
            description: tr.t("carbon-trend-description"),
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
            labels: chart_labels(&tr),
            french: tr.fr(),
        }
        .to_svg()
    });
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
    let links = state.app.indicator_links(actor.institution_id).await?;
    let view = state.app.view_for(actor).await?;
    let link_rows = links
        .iter()
        .filter_map(|l| {
            let id = view.indicator_id(&l.indicator_code)?;
            let (_, ind) = view.indicator(id)?;
            Some(LinkRow {
                indicator_id: id,
                code: l.indicator_code.clone(),
                name: ind.name.clone(),
                metric: metric_label(&tr, &l.metric),
            })
        })
        .collect();
    let indicators = view
        .doc()
        .axes
        .iter()
        .flat_map(|a| a.objectives.iter())
        .flat_map(|o| o.indicators.iter())
        .map(|i| (i.code.clone(), format!("{} — {}", i.code, i.name)))
        .collect();
    let metrics = [
        CarbonMetric::TotalTonnes,
        CarbonMetric::FossilMwh,
        CarbonMetric::FossilIndex {
            reference_year: years.first().copied().unwrap_or(2022),
        },
        CarbonMetric::LabsTonnes,
        CarbonMetric::BusinessTravelTonnes,
    ]
    .iter()
    .map(|m| {
        (
            metric_key(m).to_string(),
            tr.of("carbon-metric-name", metric_key(m)),
        )
    })
    .collect();
    render(&OverviewPage {
        page: page(&user, "/carbon", "carbon", q.done.as_deref()),
        sub: "overview",
        unresolved: unresolved_count(&state, &user).await,
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
pub async fn links_save(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let actor = user.actor();
    let links = relink(
        state.app.indicator_links(actor.institution_id).await?,
        &f,
        |l| &l.indicator_code,
        |indicator_code| {
            let metric = match f.get("metric").unwrap_or_default() {
                "total_tonnes" => CarbonMetric::TotalTonnes,
                "fossil_mwh" => CarbonMetric::FossilMwh,
                "fossil_index" => CarbonMetric::FossilIndex {
                    reference_year: parse_i32("reference_year", f.get("reference_year"))?
                        .ok_or_else(|| {
                            AppError::invalid("reference_year", ErrorCode::Required, "")
                        })?,
                },
                "labs_tonnes" => CarbonMetric::LabsTonnes,
                "business_travel_tonnes" => CarbonMetric::BusinessTravelTonnes,
                other => return Err(AppError::invalid("metric", ErrorCode::InvalidMetric, other)),
            };
            Ok(IndicatorLink {
                indicator_code,
                metric,
            })
        },
    )?;
    state.app.set_indicator_links(actor, &links).await?;
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
    sub: &'static str,
    unresolved: usize,
    rows: Vec<InventoryRow>,
    sets: Vec<FactorSetInfo>,
    units: Vec<(String, String, bool)>,
    can_edit: bool,
    can_manage: bool,
    error: Option<String>,
    problems: Vec<Problem>,
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
        page: page(user, "/carbon/inventories", "carbon", done),
        sub: "inventories",
        unresolved: unresolved_count(state, user).await,
        rows: inventory_rows(&tr, &list),
        sets: state.app.factor_sets(user.actor()).await?,
        units: unit_options(&view),
        can_edit: can_edit_carbon(user),
        can_manage: can_manage_fund(user),
        error,
        problems,
    })
}

/// `GET /carbon/inventories`.
pub async fn inventories(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<YearQuery>,
) -> PageResult {
    render(&inventories_view(&state, &user, q.done.as_deref(), None, Vec::new()).await?)
}

/// `POST /carbon/inventories`: a new inventory.
pub async fn inventory_create(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let year = parse_i32("year", f.get("year"))?
        .ok_or_else(|| AppError::invalid("year", ErrorCode::Required, ""))?;
    let created = state
        .app
        .create_inventory(
            user.actor(),
            year,
            f.get("unit"),
            f.get("factor_version"),
            f.get("notes"),
            false,
        )
        .await?;
    Ok(see_other(&format!(
        "/carbon/inventories/{}?done=inventory_created",
        created.id
    )))
}

/// `POST /carbon/factors`: imports a Base Empreinte export as a new factor version.
pub async fn factors_import(
    State(state): State<AppState>,
    user: User,
    multipart: Multipart,
) -> PageResult {
    let (fields, file) = read_multipart(multipart).await?;
    let tr = user.tr();
    let Some((name, bytes)) = file else {
        return render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &inventories_view(
                &state,
                &user,
                None,
                Some(tr.t("import-no-file")),
                Vec::new(),
            )
            .await?,
        );
    };
    match state
        .app
        .import_factors(user.actor(), &bytes, &name, &fields.text("version"))
        .await
    {
        Ok(set) => Ok(see_other(&format!(
            "/carbon/factors?version={}&done=factors_imported",
            crate::auth::percent_encode(&set.version)
        ))),
        Err(AppError::ImportRefused(problems)) => render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &inventories_view(
                &state,
                &user,
                None,
                Some(tr.t1("import-refused", "file", &name)),
                problems,
            )
            .await?,
        ),
        Err(e) => Err(WebError(e)),
    }
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
    sub: &'static str,
    unresolved: usize,
    sets: Vec<FactorSetInfo>,
    version: String,
    query: String,
    search: FactorSearch,
}

/// `GET /carbon/factors`: the factors of a version, searchable.
pub async fn factors(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<FactorQuery>,
) -> PageResult {
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
        page: page(&user, "/carbon/factors", "carbon", q.done.as_deref()),
        sub: "factors",
        unresolved: unresolved_count(&state, &user).await,
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
    sub: &'static str,
    unresolved: usize,
    inv: InventoryView,
    title: String,
    total: String,
    interval: String,
    posts_chart: Option<String>,
    posts: Vec<GroupRow>,
    scopes: Vec<GroupRow>,
    activities: Vec<ActivityRow>,
    can_edit: bool,
    form: FormData,
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
    form: FormData,
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
        page: page(user, &format!("/carbon/inventories/{id}"), "carbon", done),
        sub: "inventories",
        unresolved: unresolved_count(state, user).await,
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
                label: a.label.clone(),
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
        form,
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
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    render(
        &inventory_page(
            &state,
            &user,
            id,
            q.done.as_deref(),
            FormData::default(),
            None,
            Vec::new(),
        )
        .await?,
    )
}

/// `POST /carbon/inventories/{id}/activities`: a line of activity data.
pub async fn activity_add(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let tr = user.tr();
    let quantity = match parse_f64("quantity", f.get("quantity")) {
        Ok(Some(q)) => q,
        Ok(None) => {
            let e = AppError::invalid("quantity", ErrorCode::Required, "");
            let msg = crate::error::message(&tr, &e);
            return render_status(
                crate::error::status_of(&e),
                &inventory_page(&state, &user, id, None, f, Some(msg), Vec::new()).await?,
            );
        }
        Err(e) => {
            let msg = crate::error::message(&tr, &e);
            return render_status(
                crate::error::status_of(&e),
                &inventory_page(&state, &user, id, None, f, Some(msg), Vec::new()).await?,
            );
        }
    };
    let input = ActivityInput {
        post: f.text("post"),
        label: f.text("label"),
        quantity,
        unit: f.text("unit"),
        factor_id: f.text("factor_id"),
        quality: f.get("quality").map(str::to_string),
        source: f.get("source").map(str::to_string),
        comment: f.get("comment").map(str::to_string),
    };
    match state.app.add_activity(user.actor(), id, &input).await {
        Ok(()) => Ok(see_other(&format!(
            "/carbon/inventories/{id}?done=activity_added#lines"
        ))),
        Err(e @ AppError::Invalid { .. }) => {
            let msg = crate::error::message(&tr, &e);
            render_status(
                crate::error::status_of(&e),
                &inventory_page(&state, &user, id, None, f, Some(msg), Vec::new()).await?,
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `POST /carbon/inventories/{id}/activities/{activity}/delete`.
pub async fn activity_delete(
    State(state): State<AppState>,
    user: User,
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
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult {
    let (fields, file) = read_multipart(multipart).await?;
    let tr = user.tr();
    let Some((name, bytes)) = file else {
        return render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &inventory_page(
                &state,
                &user,
                id,
                None,
                FormData::default(),
                Some(tr.t("import-no-file")),
                Vec::new(),
            )
            .await?,
        );
    };
    let replace = fields.get("replace") == Some("1");
    match state
        .app
        .import_activities(user.actor(), id, &bytes, &name, replace, user.lang)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/carbon/inventories/{id}?done=activities_imported#lines"
        ))),
        Err(AppError::ImportRefused(problems)) => render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &inventory_page(
                &state,
                &user,
                id,
                None,
                FormData::default(),
                Some(tr.t1("import-refused", "file", &name)),
                problems,
            )
            .await?,
        ),
        Err(e) => Err(WebError(e)),
    }
}

/// `GET /carbon/inventories/{id}/activities.csv`.
pub async fn activities_export(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
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
pub async fn inventory_travel(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.travel_into_inventory(user.actor(), id).await?;
    Ok(see_other(&format!(
        "/carbon/inventories/{id}?done=travel_computed#lines"
    )))
}

// ---------------------------------------------------------------------------------------
// Missions

/// Filters of the missions list.
#[derive(Debug, Default, Deserialize)]
pub struct TripQuery {
    pub year: Option<i32>,
    pub unit: Option<String>,
    pub mode: Option<String>,
    pub status: Option<String>,
    pub flagged: Option<String>,
    pub batch: Option<i64>,
    pub page: Option<u64>,
    pub done: Option<String>,
}

impl TripQuery {
    fn filter(&self) -> TripFilter {
        let some = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        TripFilter {
            year: self.year,
            org_unit: some(&self.unit),
            mode: some(&self.mode),
            status: some(&self.status),
            batch_id: self.batch,
            flagged: self.flagged.as_deref() == Some("1"),
        }
    }

    fn query_string(&self, page: u64) -> String {
        let mut parts = Vec::new();
        if let Some(y) = self.year {
            parts.push(format!("year={y}"));
        }
        for (k, v) in [
            ("unit", &self.unit),
            ("mode", &self.mode),
            ("status", &self.status),
            ("flagged", &self.flagged),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", crate::auth::percent_encode(v)));
            }
        }
        if let Some(b) = self.batch {
            parts.push(format!("batch={b}"));
        }
        parts.push(format!("page={page}"));
        parts.join("&")
    }
}

struct TripRowView {
    date: String,
    mission: String,
    traveller: String,
    unit: String,
    route: String,
    mode: String,
    distance: String,
    emissions: String,
    interval: String,
    factor: String,
    formula: String,
    levy: String,
    flags: Vec<String>,
    unresolved: bool,
    problem: String,
}

struct BatchRow {
    id: i64,
    file: String,
    format: String,
    unit: String,
    rows: i32,
    duplicates: i32,
    imported: String,
    illustrative: bool,
}

#[derive(Template)]
#[template(path = "carbon_missions.html")]
struct MissionsPage {
    page: Page,
    sub: &'static str,
    unresolved: usize,
    q: TripQuery,
    years: Vec<(i32, bool)>,
    units: Vec<(String, String, bool)>,
    modes: Vec<(String, String)>,
    total: u64,
    trips: Vec<TripRowView>,
    prev: Option<String>,
    next: Option<String>,
    batches: Vec<BatchRow>,
    profiles: Vec<String>,
    can_edit: bool,
    report: Option<TripImportReport>,
    report_text: String,
    error: Option<String>,
    problems: Vec<Problem>,
    export_query: String,
}

/// The name of a mode in the page's language.
fn mode_name(tr: &Tr, m: TravelMode) -> String {
    let key = match m {
        TravelMode::Plane => "plane",
        TravelMode::Train => "train",
        TravelMode::Car => "car",
        TravelMode::Bus => "bus",
        TravelMode::Taxi => "taxi",
        TravelMode::Rer => "rer",
        TravelMode::Metro => "metro",
        TravelMode::Tram => "tram",
        TravelMode::Ferry => "ferry",
    };
    tr.of("carbon-mode", key)
}

/// The name of a mode written as stored (`avion`, `train`…), or the text itself.
fn mode_text(tr: &Tr, text: &str) -> String {
    TravelMode::parse(text).map_or_else(|| text.to_string(), |m| mode_name(tr, m))
}

fn mode_options(tr: &Tr) -> Vec<(String, String)> {
    TravelMode::ALL
        .iter()
        .map(|m| (m.ges1point5_label().to_string(), mode_name(tr, *m)))
        .collect()
}

fn flag_text(tr: &Tr, f: &jalon_app::carbon::travel::FlagOut) -> String {
    tr.t1(&format!("carbon-flag-{}", f.code), "value", &f.value)
}

fn trip_row(tr: &Tr, t: &TripView) -> TripRowView {
    TripRowView {
        date: tr.date(&t.date),
        mission: t.mission.clone(),
        traveller: t.traveller.clone().unwrap_or_default(),
        unit: t.org_unit.clone().unwrap_or_default(),
        route: format!(
            "{} → {}{}",
            t.from_name.clone().unwrap_or_else(|| t.origin.clone()),
            t.to_name.clone().unwrap_or_else(|| t.destination.clone()),
            if t.round_trip { " ⇄" } else { "" }
        ),
        mode: mode_text(tr, &t.mode),
        distance: t.distance_km.map_or_else(
            || "–".into(),
            |d| {
                format!(
                    "{}\u{a0}km",
                    jalon_core::number::format_number(d, 0, tr.fr())
                )
            },
        ),
        emissions: t.emissions.map_or_else(|| "–".into(), |e| tr.kg(e.kg)),
        interval: t
            .emissions
            .map(|e| tr.kg_interval(e.low, e.high))
            .unwrap_or_default(),
        factor: t.factor_id.clone().unwrap_or_default(),
        formula: t.formula.clone().unwrap_or_default(),
        levy: tr.money(&t.levy_cents),
        flags: t.flags.iter().map(|f| flag_text(tr, f)).collect(),
        unresolved: t.status == "unresolved",
        problem: t.problem.clone().unwrap_or_default(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn missions_page(
    state: &AppState,
    user: &User,
    q: TripQuery,
    report: Option<TripImportReport>,
    error: Option<String>,
    problems: Vec<Problem>,
) -> Result<MissionsPage, WebError> {
    let tr = user.tr();
    let actor = user.actor();
    let page_no = q.page.unwrap_or(0);
    let trips = state
        .app
        .trips(actor, &q.filter(), page_no * TRIPS_PER_PAGE, TRIPS_PER_PAGE)
        .await?;
    let view = state.app.view_for(actor).await?;
    let batches: Vec<TripBatchRow> = state.app.trip_batches(actor).await?;
    let report_text = report
        .as_ref()
        .map(|r| {
            tr.args(
                "carbon-import-report",
                &[
                    ("rows", &r.rows.to_string()),
                    ("computed", &r.computed.to_string()),
                    ("unresolved", &r.unresolved.to_string()),
                    ("duplicates", &r.duplicates.len().to_string()),
                    ("total", &tr.tonnes(r.emissions.kg)),
                    ("levy", &tr.money(&Some(r.levy_cents))),
                    ("flagged", &r.flagged.to_string()),
                ],
            )
        })
        .unwrap_or_default();
    Ok(MissionsPage {
        page: page(user, "/carbon/missions", "carbon", q.done.as_deref()),
        sub: "missions",
        unresolved: unresolved_count(state, user).await,
        years: state
            .app
            .trip_years(actor)
            .await?
            .into_iter()
            .map(|y| (y, q.year == Some(y)))
            .collect(),
        units: unit_options(&view),
        modes: mode_options(&tr),
        total: trips.total,
        trips: trips.trips.iter().map(|t| trip_row(&tr, t)).collect(),
        prev: (page_no > 0).then(|| q.query_string(page_no - 1)),
        next: ((page_no + 1) * TRIPS_PER_PAGE < trips.total).then(|| q.query_string(page_no + 1)),
        batches: batches
            .iter()
            .map(|b| BatchRow {
                id: b.id,
                file: b.file_name.clone(),
                format: b.format.clone(),
                unit: b.org_unit.clone().unwrap_or_default(),
                rows: b.rows,
                duplicates: b.duplicates,
                imported: tr.datetime(&b.imported_at),
                illustrative: b.illustrative,
            })
            .collect(),
        profiles: state
            .app
            .mapping_profiles(actor)
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect(),
        can_edit: can_edit_carbon(user),
        report,
        report_text,
        error,
        problems,
        export_query: {
            let mut s = q.query_string(0);
            if let Some(i) = s.find("&page=").or_else(|| s.find("page=")) {
                s.truncate(i);
            }
            s
        },
        q,
    })
}

/// `GET /carbon/missions`.
pub async fn missions(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<TripQuery>,
) -> PageResult {
    render(&missions_page(&state, &user, q, None, None, Vec::new()).await?)
}

/// `POST /carbon/missions/import`: a GES 1point5 file or an expense export read through a
/// saved column mapping.
pub async fn missions_import(
    State(state): State<AppState>,
    user: User,
    multipart: Multipart,
) -> PageResult {
    let (fields, file) = read_multipart(multipart).await?;
    let tr = user.tr();
    let Some((name, bytes)) = file else {
        return render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &missions_page(
                &state,
                &user,
                TripQuery::default(),
                None,
                Some(tr.t("import-no-file")),
                Vec::new(),
            )
            .await?,
        );
    };
    let format = match fields.get("format").unwrap_or("ges1point5") {
        "ges1point5" => MissionFormat::Ges1point5,
        profile => MissionFormat::Table(Box::new(
            state
                .app
                .mapping_profile(
                    user.actor(),
                    profile.strip_prefix("profile:").unwrap_or(profile),
                )
                .await?,
        )),
    };
    let file = MissionFile {
        bytes: &bytes,
        file_name: &name,
        format: &format,
        org_unit: fields.get("unit"),
        illustrative: false,
    };
    match state.app.import_trips(user.actor(), &file, user.lang).await {
        Ok(report) => {
            let q = TripQuery {
                batch: Some(report.batch_id),
                ..Default::default()
            };
            render(&missions_page(&state, &user, q, Some(report), None, Vec::new()).await?)
        }
        Err(AppError::ImportRefused(problems)) => render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &missions_page(
                &state,
                &user,
                TripQuery::default(),
                None,
                Some(tr.t1("import-refused", "file", &name)),
                problems,
            )
            .await?,
        ),
        Err(e @ AppError::Invalid { .. }) => {
            let msg = crate::error::message(&tr, &e);
            render_status(
                crate::error::status_of(&e),
                &missions_page(
                    &state,
                    &user,
                    TripQuery::default(),
                    None,
                    Some(msg),
                    Vec::new(),
                )
                .await?,
            )
        }
        Err(e) => Err(WebError(e)),
    }
}

/// `GET /carbon/missions/export`: the listed trips as a GES 1point5 file.
pub async fn missions_export(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<TripQuery>,
) -> PageResult {
    let bytes = state
        .app
        .export_trips_ges1point5(user.actor(), &q.filter())
        .await?;
    let name = match q.year {
        Some(y) => format!("missions-{y}.tsv"),
        None => "missions.tsv".to_string(),
    };
    Ok(attachment(
        bytes,
        &name,
        "text/tab-separated-values; charset=utf-8",
    ))
}

/// `POST /carbon/missions/batches/{id}/delete`.
pub async fn batch_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.delete_trip_batch(user.actor(), id).await?;
    Ok(see_other("/carbon/missions?done=import_deleted#imports"))
}

/// `POST /carbon/mappings`: saves a column mapping of an expense export.
pub async fn mapping_save(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let opt = |k: &str| f.get(k).map(str::to_string);
    let mut aliases = std::collections::BTreeMap::new();
    for line in f.text("mode_aliases").lines() {
        if let Some((text, mode)) = line.split_once('=') {
            let mode = TravelMode::parse(mode.trim()).ok_or_else(|| {
                AppError::invalid("mode_aliases", ErrorCode::InvalidMode, mode.trim())
            })?;
            aliases.insert(text.trim().to_string(), mode);
        }
    }
    let profile = ColumnProfile {
        date: f.text("date"),
        traveller: f.text("traveller"),
        unit: f.text("unit"),
        origin: f.text("origin"),
        origin_country: opt("origin_country"),
        destination: f.text("destination"),
        destination_country: opt("destination_country"),
        mode: f.text("mode"),
        round_trip: opt("round_trip"),
        amount_paid: opt("amount_paid"),
        mission_id: opt("mission_id"),
        occupants: opt("occupants"),
        budget_line: opt("budget_line"),
        mode_aliases: aliases,
    };
    state
        .app
        .save_mapping_profile(user.actor(), &f.text("name"), &profile)
        .await?;
    Ok(see_other("/carbon/missions?done=mapping_saved#import"))
}

// ---------------------------------------------------------------------------------------
// Places

struct FixRow {
    id: i64,
    text: String,
    country: String,
    resolves_to: String,
}

#[derive(Template)]
#[template(path = "carbon_places.html")]
struct PlacesPage {
    page: Page,
    sub: &'static str,
    unresolved: usize,
    places: Vec<UnresolvedPlace>,
    fixes: Vec<FixRow>,
    can_fix: bool,
    can_delete: bool,
}

/// `GET /carbon/places`: places not found, with suggestions; the fixes kept.
pub async fn places(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let places = state.app.unresolved_places(user.actor()).await?;
    let fixes = state.app.place_fixes(user.actor()).await?;
    render(&PlacesPage {
        page: page(&user, "/carbon/places", "carbon", q.done.as_deref()),
        sub: "places",
        unresolved: places.len(),
        places,
        fixes: fixes
            .into_iter()
            .map(|f| FixRow {
                id: f.id,
                text: f.text,
                country: f.country,
                resolves_to: f.resolves_to,
            })
            .collect(),
        can_fix: can_edit_carbon(&user),
        can_delete: can_manage_fund(&user),
    })
}

/// `POST /carbon/places/fix`: says where a place is (a suggestion, an IATA code or
/// coordinates); the waiting trips are computed.
pub async fn place_fix(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let input = if let Some(id) = f.get("geonameid") {
        PlaceFixInput::Geoname {
            geonameid: id
                .parse()
                .map_err(|_| AppError::invalid("fix", ErrorCode::InvalidFix, id))?,
        }
    } else if let Some(code) = f.get("iata") {
        PlaceFixInput::Iata {
            code: code.to_string(),
        }
    } else {
        PlaceFixInput::Coordinates {
            name: f.get("name").unwrap_or(f.text("text").as_str()).to_string(),
            country: f.text("place_country"),
            lat: parse_f64("coordinates", f.get("lat"))?
                .ok_or_else(|| AppError::invalid("coordinates", ErrorCode::Required, ""))?,
            lon: parse_f64("coordinates", f.get("lon"))?
                .ok_or_else(|| AppError::invalid("coordinates", ErrorCode::Required, ""))?,
        }
    };
    state
        .app
        .fix_place(user.actor(), &f.text("text"), &f.text("country"), &input)
        .await?;
    Ok(see_other("/carbon/places?done=place_fixed"))
}

/// `POST /carbon/places/fixes/{id}/delete`.
pub async fn place_fix_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.delete_place_fix(user.actor(), id).await?;
    Ok(see_other("/carbon/places?done=fix_deleted#fixes"))
}

// ---------------------------------------------------------------------------------------
// Fund, settings, simulation

struct FundYearRow {
    year: i32,
    current: bool,
    rule: String,
    opening: String,
    levied: String,
    reinvested: String,
    closing: String,
    reduction: String,
}

struct LedgerRow {
    id: i64,
    year: i32,
    date: String,
    kind: String,
    reinvestment: bool,
    unit: String,
    budget_line: String,
    amount: String,
    description: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "carbon_fund.html")]
struct FundPage {
    page: Page,
    sub: &'static str,
    unresolved: usize,
    years: Vec<FundYearRow>,
    by_unit: Vec<(String, String)>,
    year: Option<i32>,
    entries: Vec<LedgerRow>,
    can_manage: bool,
    settings: TravelSettings,
    this_year: i32,
}

fn rule_text(tr: &Tr, rule: &Option<LevyRuleInput>) -> String {
    match rule {
        None => tr.t("carbon-rule-none"),
        Some(LevyRuleInput::CarbonPrice { eur_per_tonne }) => {
            tr.t1("carbon-rule-price", "price", &tr.num(*eur_per_tonne))
        }
        Some(LevyRuleInput::TicketShare { percent, modes }) => tr.args(
            "carbon-rule-share",
            &[
                ("percent", &tr.num(*percent)),
                (
                    "modes",
                    &if modes.is_empty() {
                        tr.t("carbon-all-modes")
                    } else {
                        modes
                            .iter()
                            .map(|m| mode_text(tr, m))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                ),
            ],
        ),
    }
}

fn fund_rows(tr: &Tr, fund: &FundView, year: Option<i32>) -> Vec<FundYearRow> {
    fund.years
        .iter()
        .map(|y| FundYearRow {
            year: y.year,
            current: Some(y.year) == year,
            rule: rule_text(tr, &y.rule),
            opening: tr.money(&Some(y.opening_cents)),
            levied: tr.money(&Some(y.levied_cents)),
            reinvested: tr.money(&Some(y.reinvested_cents)),
            closing: tr.money(&Some(y.closing_cents)),
            reduction: tr.tonnes(y.expected_reduction_kg),
        })
        .collect()
}

/// `GET /carbon/fund`: balances, levies by unit, movements, rules and travel settings.
pub async fn fund(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let tr = user.tr();
    let fund = state.app.fund(user.actor()).await?;
    let year = q.year.or_else(|| fund.years.last().map(|y| y.year));
    let by_unit = fund
        .years
        .iter()
        .find(|y| Some(y.year) == year)
        .map(|y| {
            y.levied_by_unit
                .iter()
                .map(|(u, c)| (u.clone(), tr.money(&Some(*c))))
                .collect()
        })
        .unwrap_or_default();
    let entries = fund
        .entries
        .iter()
        .rev()
        .map(|e| LedgerRow {
            id: e.id,
            year: e.year,
            date: tr.opt_date(&e.date),
            kind: tr.of("carbon-ledger", &e.kind),
            reinvestment: e.kind == "reinvestment",
            unit: e.unit.clone(),
            budget_line: e.budget_line.clone().unwrap_or_default(),
            amount: tr.money(&Some(e.amount_cents)),
            description: e.description.clone(),
            detail: match (e.kg, e.expected_reduction_kg) {
                (Some(kg), _) => tr.tonnes(kg),
                (None, Some(r)) => tr.t1("carbon-expected-reduction", "tonnes", &tr.tonnes(r)),
                _ => String::new(),
            },
        })
        .collect();
    render(&FundPage {
        page: page(&user, "/carbon/fund", "carbon", q.done.as_deref()),
        sub: "fund",
        unresolved: unresolved_count(&state, &user).await,
        years: fund_rows(&tr, &fund, year),
        by_unit,
        year,
        entries,
        can_manage: can_manage_fund(&user),
        settings: state
            .app
            .travel_settings(user.actor().institution_id)
            .await?,
        this_year: state.app.current_year(),
    })
}

/// `POST /carbon/fund/rules`: a year's levy rule.
pub async fn rule_save(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let year = parse_i32("year", f.get("year"))?
        .ok_or_else(|| AppError::invalid("year", ErrorCode::Required, ""))?;
    let rule = match f.get("kind").unwrap_or("none") {
        "carbon_price" => Some(LevyRuleInput::CarbonPrice {
            eur_per_tonne: parse_f64("eur_per_tonne", f.get("eur_per_tonne"))?
                .ok_or_else(|| AppError::invalid("eur_per_tonne", ErrorCode::Required, ""))?,
        }),
        "ticket_share" => Some(LevyRuleInput::TicketShare {
            percent: parse_f64("percent", f.get("percent"))?
                .ok_or_else(|| AppError::invalid("percent", ErrorCode::Required, ""))?,
            modes: f.all("modes"),
        }),
        _ => None,
    };
    state
        .app
        .set_levy_rule(user.actor(), year, rule.as_ref())
        .await?;
    Ok(see_other(&format!(
        "/carbon/fund?year={year}&done=rule_saved"
    )))
}

/// `POST /carbon/fund/reinvestments`.
pub async fn reinvestment_add(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let year = parse_i32("year", f.get("year"))?
        .ok_or_else(|| AppError::invalid("year", ErrorCode::Required, ""))?;
    let amount_cents = jalon_core::number::parse_money_cents(&f.text("amount"))
        .map_err(|_| AppError::invalid("amount", ErrorCode::InvalidAmount, f.text("amount")))?;
    let date = match f.get("date") {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("date", ErrorCode::InvalidDate, d))?,
        ),
        None => None,
    };
    let input = ReinvestmentInput {
        year,
        date,
        unit: f.text("unit"),
        budget_line: f.get("budget_line").map(str::to_string),
        amount_cents,
        description: f.text("description"),
        expected_reduction_kg: parse_f64("expected_reduction", f.get("expected_reduction_t"))?
            .map(|t| t * 1000.0),
    };
    state.app.add_reinvestment(user.actor(), &input).await?;
    Ok(see_other(&format!(
        "/carbon/fund?year={year}&done=reinvestment_added#ledger"
    )))
}

/// `POST /carbon/fund/reinvestments/{id}/delete`.
pub async fn reinvestment_delete(
    State(state): State<AppState>,
    user: User,
    Path(id): Path<i64>,
) -> PageResult {
    state.app.delete_reinvestment(user.actor(), id).await?;
    Ok(see_other("/carbon/fund?done=reinvestment_deleted#ledger"))
}

/// `POST /carbon/settings`: contrails and the travel-policy rules.
pub async fn settings_save(
    State(state): State<AppState>,
    user: User,
    RawForm(body): RawForm,
) -> PageResult {
    let f = FormData::parse(&body);
    let settings = TravelSettings {
        contrails: f.get("contrails") == Some("1"),
        train_max_hours: parse_f64("train_max_hours", f.get("train_max_hours"))?,
        min_flight_km: parse_f64("min_flight_km", f.get("min_flight_km"))?,
        flag_domestic: f.get("flag_domestic") == Some("1"),
    };
    state
        .app
        .set_travel_settings(user.actor(), &settings)
        .await?;
    Ok(see_other("/carbon/fund?done=settings_saved#settings"))
}

/// Query of the simulation page.
#[derive(Debug, Default, Deserialize)]
pub struct SimulationQuery {
    pub year: Option<i32>,
    pub km: Option<f64>,
    pub replacement: Option<String>,
    pub from_mode: Option<String>,
    pub scenario: Option<String>,
}

#[derive(Template)]
#[template(path = "carbon_simulation.html")]
struct SimulationPage {
    page: Page,
    sub: &'static str,
    unresolved: usize,
    years: Vec<(i32, bool)>,
    scenario: String,
    km: String,
    /// (value, label, selected as the mode replaced, selected as the replacement)
    modes: Vec<(String, String, bool, bool)>,
    result: Option<WhatIf>,
    rows: Vec<(String, String, String, String)>,
    error: Option<String>,
}

/// `GET /carbon/simulation`: emissions and levy before and after a scenario.
pub async fn simulation(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<SimulationQuery>,
) -> PageResult {
    let tr = user.tr();
    let years = state.app.trip_years(user.actor()).await?;
    let year = q.year.or_else(|| years.last().copied());
    let km = q.km.unwrap_or(700.0);
    let replacement = q.replacement.clone().unwrap_or_else(|| "train".into());
    let from_mode = q.from_mode.clone().unwrap_or_else(|| "avion".into());
    let scenario_key = q
        .scenario
        .clone()
        .unwrap_or_else(|| "no_flights_under".into());
    let parse_mode = |m: &str| {
        TravelMode::parse(m).ok_or_else(|| AppError::invalid("mode", ErrorCode::InvalidMode, m))
    };
    let mut error = None;
    let mut result = None;
    if let Some(y) = year {
        let scenario = match scenario_key.as_str() {
            "replace_mode" => parse_mode(&from_mode).and_then(|from| {
                Ok(Scenario::ReplaceMode {
                    from,
                    to: parse_mode(&replacement)?,
                })
            }),
            _ => parse_mode(&replacement).map(|r| Scenario::NoFlightsUnder { km, replacement: r }),
        };
        match scenario {
            Ok(s) => match state.app.simulate_trips(user.actor(), y, &s).await {
                Ok(w) => result = Some(w),
                Err(AppError::NotFound(_)) => error = Some(tr.t("carbon-simulation-no-trips")),
                Err(e) => return Err(WebError(e)),
            },
            Err(e) => error = Some(crate::error::message(&tr, &e)),
        }
    }
    let rows = result
        .as_ref()
        .map(|w| {
            let delta = |a: f64, b: f64| {
                if a > 0.0 {
                    tr.change((b - a) / a)
                } else {
                    "–".into()
                }
            };
            vec![
                (
                    tr.t("carbon-emissions"),
                    tr.tonnes(w.before_kg),
                    tr.tonnes(w.after_kg),
                    delta(w.before_kg, w.after_kg),
                ),
                (
                    tr.t("carbon-levy"),
                    tr.money(&Some(w.before_levy_cents)),
                    tr.money(&Some(w.after_levy_cents)),
                    delta(w.before_levy_cents as f64, w.after_levy_cents as f64),
                ),
            ]
        })
        .unwrap_or_default();
    render(&SimulationPage {
        page: page(&user, "/carbon/simulation", "carbon", None),
        sub: "simulation",
        unresolved: unresolved_count(&state, &user).await,
        years: years.iter().map(|y| (*y, Some(*y) == year)).collect(),
        scenario: scenario_key,
        km: tr.num(km),
        modes: mode_options(&tr)
            .into_iter()
            .map(|(value, label)| {
                let from = TravelMode::parse(&value) == TravelMode::parse(&from_mode);
                let to = TravelMode::parse(&value) == TravelMode::parse(&replacement);
                (value, label, from, to)
            })
            .collect(),
        result,
        rows,
        error,
    })
}

// ---------------------------------------------------------------------------------------
// Calculator

/// Query of the calculator (a GET form: a result can be linked to).
#[derive(Debug, Default, Deserialize)]
pub struct CalculatorQuery {
    pub from: Option<String>,
    pub from_country: Option<String>,
    pub to: Option<String>,
    pub to_country: Option<String>,
    pub mode: Option<String>,
    pub occupants: Option<String>,
    pub round_trip: Option<String>,
    pub date: Option<String>,
    pub ticket: Option<String>,
}

#[derive(Template)]
#[template(path = "carbon_calculator.html")]
struct CalculatorPage {
    page: Page,
    sub: &'static str,
    unresolved: usize,
    q: CalculatorQuery,
    modes: Vec<(String, String)>,
    result: Option<TripFootprint>,
    emissions: String,
    interval: String,
    levy: String,
    flags: Vec<String>,
    error: Option<String>,
}

/// `GET /carbon/calculator`: the footprint of one trip, explained.
pub async fn calculator(
    State(state): State<AppState>,
    user: User,
    Query(q): Query<CalculatorQuery>,
) -> PageResult {
    let tr = user.tr();
    let mut result = None;
    let mut error = None;
    if q.from.as_deref().is_some_and(|s| !s.trim().is_empty())
        && q.to.as_deref().is_some_and(|s| !s.trim().is_empty())
    {
        let input = (|| -> Result<TripInput, AppError> {
            Ok(TripInput {
                from: q.from.clone().unwrap_or_default(),
                from_country: q.from_country.clone().filter(|s| !s.trim().is_empty()),
                to: q.to.clone().unwrap_or_default(),
                to_country: q.to_country.clone().filter(|s| !s.trim().is_empty()),
                mode: q.mode.clone().unwrap_or_else(|| "train".into()),
                occupants: match q
                    .occupants
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    Some(o) => Some(o.parse().map_err(|_| {
                        AppError::invalid("occupants", ErrorCode::InvalidOccupants, o)
                    })?),
                    None => None,
                },
                round_trip: q.round_trip.as_deref() == Some("1"),
                date: match q.date.as_deref().filter(|s| !s.is_empty()) {
                    Some(d) => Some(
                        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                            .map_err(|_| AppError::invalid("date", ErrorCode::InvalidDate, d))?,
                    ),
                    None => None,
                },
                ticket_cents: match q.ticket.as_deref().filter(|s| !s.trim().is_empty()) {
                    Some(t) => Some(jalon_core::number::parse_money_cents(t).map_err(|_| {
                        AppError::invalid("ticket_cents", ErrorCode::InvalidAmount, t)
                    })?),
                    None => None,
                },
            })
        })();
        match input {
            Ok(i) => match state.app.trip_footprint(user.actor(), &i).await {
                Ok(f) => result = Some(f),
                Err(e @ AppError::Invalid { .. }) => error = Some(crate::error::message(&tr, &e)),
                Err(e) => return Err(WebError(e)),
            },
            Err(e) => error = Some(crate::error::message(&tr, &e)),
        }
    }
    let (emissions, interval, levy, flags) = match &result {
        Some(f) => (
            tr.kg(f.emissions.kg),
            tr.kg_interval(f.emissions.low, f.emissions.high),
            match (&f.levy_cents, &f.levy_note) {
                (Some(c), _) => tr.money(&Some(*c)),
                (None, Some(n)) => format!("– ({})", tr.of("carbon-levy-none", n)),
                _ => "–".into(),
            },
            f.flags.iter().map(|x| flag_text(&tr, x)).collect(),
        ),
        None => Default::default(),
    };
    render(&CalculatorPage {
        page: page(&user, "/carbon/calculator", "carbon", None),
        sub: "calculator",
        unresolved: unresolved_count(&state, &user).await,
        q,
        modes: mode_options(&tr),
        result,
        emissions,
        interval,
        levy,
        flags,
        error,
    })
}
