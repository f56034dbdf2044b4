//! The business-travel pages: missions with each trip's distance, factor, formula and levy,
//! imports with a saved column mapping, places to fix, and the trip calculator.

use crate::AppState;
use crate::auth::{Cx, User};
use crate::carbon::pages::{YearQuery, can_edit_carbon, can_manage_fund, unit_options};
use crate::error::WebError;
use crate::extract::{Form, Path, Query, Upload};
use crate::forms::{FormErrors, Refused, text};
use crate::page::{
    Page, PageResult, page, page_views, render, render_status, see_other, shown_again,
};
use crate::travel::forms::{MappingForm, MissionsFile, PlaceFixForm};
use crate::widgets::attachment;
use askama::Template;
use jalon_app::carbon::travel::{
    MissionFile, MissionFormat, TripFootprint, TripImportReport, TripInput, TripView,
    UnresolvedPlace,
};
use jalon_app::carbon::{TripBatchRow, TripFilter};
use jalon_app::{AppError, ErrorCode};
use jalon_carbon::TravelMode;
use jalon_core::trip::TripStatus;
use jalon_i18n::Tr;
use jalon_io::Problem;
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
    #[serde(default, deserialize_with = "crate::forms::blank_as_none")]
    pub status: Option<TripStatus>,
    pub flagged: Option<String>,
    pub batch: Option<i64>,
    pub page: Option<u64>,
    pub done: Option<String>,
}

impl TripQuery {
    /// The trip states as options of the filter: identifier, message key, selected.
    fn status_options(&self) -> Vec<(&'static str, String, bool)> {
        TripStatus::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    format!("carbon-status-{}", s.as_str()),
                    self.status == Some(*s),
                )
            })
            .collect()
    }

    fn filter(&self) -> TripFilter {
        let some = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
        TripFilter {
            year: self.year,
            org_unit: some(&self.unit),
            mode: some(&self.mode),
            status: self.status,
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
            ("status", &self.status.map(|s| s.as_str().to_string())),
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
    /// What was typed in a refused column mapping.
    mapping: MappingForm,
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
        unresolved: t.status == TripStatus::Unresolved,
        problem: t
            .problem
            .as_ref()
            .map(|p| tr.msg(&p.message()))
            .unwrap_or_default(),
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
        page: page(user, "/carbon/missions", "carbon", q.done.as_deref())
            .in_carbon_tab("missions", state, user)
            .await
            .titled("carbon-nav-missions"),
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
        mapping: MappingForm::default(),
    })
}

/// `GET /carbon/missions`.
pub async fn missions(Cx { state, user }: Cx, Query(q): Query<TripQuery>) -> PageResult {
    render(&missions_page(&state, &user, q, None, None, Vec::new()).await?)
}

/// `POST /carbon/missions/import`: a GES 1point5 file or an expense export read through a
/// `POST /carbon/missions/import`: a file of missions, computed and levied; the import's
/// report, or the page again with the refused file's problems.
pub async fn missions_import(Cx { state, user }: Cx, upload: Upload<MissionsFile>) -> PageResult {
    let tr = user.tr();
    let again = async |error: String, problems: Vec<Problem>, errors: &FormErrors| {
        let page = missions_page(
            &state,
            &user,
            TripQuery::default(),
            None,
            Some(error),
            problems,
        )
        .await?;
        shown_again(page, errors)
    };
    let Some(file) = upload.file else {
        return again(tr.t("import-no-file"), Vec::new(), &FormErrors::none()).await;
    };
    let format = match upload.fields.profile() {
        None => MissionFormat::Ges1point5,
        Some(profile) => MissionFormat::Table(Box::new(
            state.app.mapping_profile(user.actor(), profile).await?,
        )),
    };
    let unit = text(&upload.fields.unit);
    let missions = MissionFile {
        bytes: &file.bytes,
        file_name: &file.name,
        format: &format,
        org_unit: unit.as_deref(),
        illustrative: false,
    };
    match state
        .app
        .import_trips(user.actor(), &missions, user.lang)
        .await
    {
        Ok(report) => {
            let q = TripQuery {
                batch: Some(report.batch_id),
                ..Default::default()
            };
            render(&missions_page(&state, &user, q, Some(report), None, Vec::new()).await?)
        }
        Err(AppError::ImportRefused(problems)) => {
            let headline = tr.t1("import-refused", "file", &file.name);
            again(headline, problems, &FormErrors::none()).await
        }
        Err(e) => {
            let errors = Refused::from(e).fields()?;
            again(
                tr.t1("import-refused", "file", &file.name),
                Vec::new(),
                &errors,
            )
            .await
        }
    }
}

/// `GET /carbon/missions/export`: the listed trips as a GES 1point5 file.
pub async fn missions_export(Cx { state, user }: Cx, Query(q): Query<TripQuery>) -> PageResult {
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
pub async fn batch_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
    state.app.delete_trip_batch(user.actor(), id).await?;
    Ok(see_other("/carbon/missions?done=import_deleted#imports"))
}

/// `POST /carbon/mappings`: saves a column mapping of expense exports.
pub async fn mapping_save(Cx { state, user }: Cx, Form(form): Form<MappingForm>) -> PageResult {
    let saved: Result<(), Refused> = async {
        let profile = form.profile()?;
        Ok(state
            .app
            .save_mapping_profile(user.actor(), form.name.trim(), &profile)
            .await?)
    }
    .await;
    match saved {
        Ok(()) => Ok(see_other("/carbon/missions?done=mapping_saved#import")),
        Err(refused) => {
            let errors = refused.fields()?;
            let page =
                missions_page(&state, &user, TripQuery::default(), None, None, Vec::new()).await?;
            shown_again(
                MissionsPage {
                    mapping: form,
                    ..page
                },
                &errors,
            )
        }
    }
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
    places: Vec<UnresolvedPlace>,
    fixes: Vec<FixRow>,
    can_fix: bool,
    can_delete: bool,
}

/// `GET /carbon/places`: the places the missions name that could not be found.
pub async fn places(Cx { state, user }: Cx, Query(q): Query<YearQuery>) -> PageResult {
    render(&places_page(&state, &user, q.done.as_deref(), &FormErrors::none()).await?)
}

async fn places_page(
    state: &AppState,
    user: &User,
    done: Option<&str>,
    errors: &FormErrors,
) -> Result<PlacesPage, WebError> {
    let places = state.app.unresolved_places(user.actor()).await?;
    let fixes = state.app.place_fixes(user.actor()).await?;
    Ok(PlacesPage {
        page: page(user, "/carbon/places", "carbon", done)
            .with_errors(errors)
            .with_sub("places")
            .with_places_to_fix(places.len())
            .titled("carbon-nav-places"),
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
        can_fix: can_edit_carbon(user),
        can_delete: can_manage_fund(user),
    })
}

/// `POST /carbon/places/fix`: says where a place is (a suggestion, an IATA code or
/// `POST /carbon/places/fix`: says where a place is (a suggestion, an IATA code or
/// coordinates); the trips that name it are computed again.
pub async fn place_fix(Cx { state, user }: Cx, Form(form): Form<PlaceFixForm>) -> PageResult {
    let fixed: Result<_, Refused> = async {
        let input = form.input()?;
        Ok(state
            .app
            .fix_place(user.actor(), form.text.trim(), form.country.trim(), &input)
            .await?)
    }
    .await;
    match fixed {
        Ok(_) => Ok(see_other("/carbon/places?done=place_fixed")),
        Err(refused) => {
            let errors = refused.fields()?;
            render_status(
                errors.status(),
                &places_page(&state, &user, None, &errors).await?,
            )
        }
    }
}

/// `POST /carbon/places/fixes/{id}/delete`.
pub async fn place_fix_delete(Cx { state, user }: Cx, Path(id): Path<i64>) -> PageResult {
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
pub async fn calculator(Cx { state, user }: Cx, Query(q): Query<CalculatorQuery>) -> PageResult {
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
        page: page(&user, "/carbon/calculator", "carbon", None)
            .in_carbon_tab("calculator", &state, &user)
            .await
            .titled("carbon-nav-calculator"),
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
page_views!(MissionsPage);
