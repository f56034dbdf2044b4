//! The business-travel pages: missions with each trip's distance, factor, formula and levy,
//! imports with a saved column mapping, places to fix, and the trip calculator.

use crate::AppState;
use crate::auth::User;
use crate::carbon::pages::{
    YearQuery, can_edit_carbon, can_manage_fund, unit_options, unresolved_count,
};
use crate::error::WebError;
use crate::extract::{FormData, Path, Query, parse_f64, read_multipart};
use crate::page::{Page, PageResult, page, render, render_status, see_other};
use crate::widgets::attachment;
use askama::Template;
use axum::extract::{Multipart, RawForm, State};
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, PlaceFixInput, TripFootprint, TripImportReport, TripInput,
    TripView, UnresolvedPlace,
};
use jalon_app::{AppError, ErrorCode};
use jalon_carbon::{ColumnProfile, TravelMode};
use jalon_i18n::Tr;
use jalon_io::Problem;
use jalon_store::carbon::{TripBatchRow, TripFilter};
use serde::Deserialize;

/// Trips shown per page of the missions list.
const TRIPS_PER_PAGE: u64 = 100;

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
pub(crate) fn mode_text(tr: &Tr, text: &str) -> String {
    TravelMode::parse(text).map_or_else(|| text.to_string(), |m| mode_name(tr, m))
}

pub(crate) fn mode_options(tr: &Tr) -> Vec<(String, String)> {
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
