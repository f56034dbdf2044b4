//! Every route in one place, with the layers that wrap them all.
//!
//! [`ROUTES`] lists each method and path with who may reach it; [`build`] registers exactly
//! those routes (a test checks that the two agree) and the tests walk the table for every
//! role. Role-specific refusals (403) come from the use cases, not from this table: here
//! `SignedIn` only means that a session or token is required.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{
    AppState, api, api_carbon, api_reports, api_sdg, assets, auth, carbon, error, frameworks,
    pages, reports, sdg,
};

/// Who may reach a route before use-case permissions apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (login page, static files, health check, API description).
    Public,
    /// A session (pages) or a session or bearer token (API).
    SignedIn,
}

/// (method, path, access) of every route.
pub const ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Access::Public),
    ("GET", "/static/{file}", Access::Public),
    ("GET", "/login", Access::Public),
    ("POST", "/login", Access::Public),
    ("GET", "/lang/{lang}", Access::Public),
    ("POST", "/logout", Access::SignedIn),
    ("GET", "/", Access::SignedIn),
    ("GET", "/strategy", Access::SignedIn),
    ("GET", "/objectives/{id}", Access::SignedIn),
    ("GET", "/actions", Access::SignedIn),
    ("GET", "/actions/{id}", Access::SignedIn),
    ("GET", "/actions/{id}/edit", Access::SignedIn),
    ("POST", "/actions/{id}", Access::SignedIn),
    ("POST", "/actions/{id}/progress", Access::SignedIn),
    ("POST", "/actions/{id}/comments", Access::SignedIn),
    ("GET", "/indicators", Access::SignedIn),
    ("GET", "/indicators/{id}", Access::SignedIn),
    ("POST", "/indicators/{id}/measurements", Access::SignedIn),
    ("POST", "/measurements/{id}/state", Access::SignedIn),
    ("POST", "/measurements/{id}/delete", Access::SignedIn),
    ("GET", "/import", Access::SignedIn),
    ("POST", "/import", Access::SignedIn),
    ("POST", "/import/{token}", Access::SignedIn),
    ("GET", "/export/{format}", Access::SignedIn),
    ("GET", "/template/{format}", Access::SignedIn),
    ("GET", "/check", Access::SignedIn),
    ("GET", "/users", Access::SignedIn),
    ("POST", "/users", Access::SignedIn),
    ("POST", "/users/{username}", Access::SignedIn),
    ("GET", "/account", Access::SignedIn),
    ("POST", "/account/password", Access::SignedIn),
    ("POST", "/account/tokens", Access::SignedIn),
    ("POST", "/account/tokens/{id}/revoke", Access::SignedIn),
    ("GET", "/about", Access::SignedIn),
    ("GET", "/reports", Access::SignedIn),
    ("GET", "/reports/sdg", Access::SignedIn),
    ("GET", "/reports/sdg/{year}", Access::SignedIn),
    ("GET", "/reports/sdg/{year}/pdf", Access::SignedIn),
    ("GET", "/reports/steering/{year}", Access::SignedIn),
    ("GET", "/reports/steering/{year}/pdf", Access::SignedIn),
    ("GET", "/reports/steering/{year}/xlsx", Access::SignedIn),
    ("GET", "/reports/carbon/{year}", Access::SignedIn),
    ("GET", "/reports/carbon/{year}/pdf", Access::SignedIn),
    ("GET", "/reports/carbon/{year}/beges", Access::SignedIn),
    ("GET", "/reports/the/{year}/xlsx", Access::SignedIn),
    ("GET", "/reports/the/{year}/csv", Access::SignedIn),
    ("GET", "/reports/ddrs/{year}/xlsx", Access::SignedIn),
    ("GET", "/reports/the", Access::SignedIn),
    (
        "POST",
        "/reports/the/{year}/answers/{indicator}",
        Access::SignedIn,
    ),
    (
        "POST",
        "/reports/the/{year}/answers/{indicator}/evidence",
        Access::SignedIn,
    ),
    ("POST", "/reports/the/edition", Access::SignedIn),
    ("GET", "/reports/evidence", Access::SignedIn),
    ("POST", "/reports/evidence", Access::SignedIn),
    ("POST", "/reports/evidence/{id}", Access::SignedIn),
    ("POST", "/reports/evidence/{id}/delete", Access::SignedIn),
    ("GET", "/reports/ddrs", Access::SignedIn),
    ("POST", "/reports/ddrs/{year}/items/{id}", Access::SignedIn),
    (
        "POST",
        "/reports/ddrs/{year}/items/{id}/evidence",
        Access::SignedIn,
    ),
    ("POST", "/reports/ddrs/import", Access::SignedIn),
    ("GET", "/reports/content", Access::SignedIn),
    ("POST", "/reports/content/blocks", Access::SignedIn),
    ("POST", "/reports/content/blocks/{id}", Access::SignedIn),
    (
        "POST",
        "/reports/content/blocks/{id}/delete",
        Access::SignedIn,
    ),
    (
        "POST",
        "/reports/content/highlights/{goal}",
        Access::SignedIn,
    ),
    ("GET", "/sdg", Access::SignedIn),
    ("POST", "/sdg/links", Access::SignedIn),
    ("GET", "/sdg/goals/{n}", Access::SignedIn),
    ("GET", "/sdg/classify", Access::SignedIn),
    ("POST", "/sdg/classify", Access::SignedIn),
    ("GET", "/sdg/suggestions", Access::SignedIn),
    ("POST", "/sdg/suggest", Access::SignedIn),
    ("POST", "/sdg/tags", Access::SignedIn),
    ("POST", "/sdg/tags/{id}/confirm", Access::SignedIn),
    ("POST", "/sdg/tags/{id}/reject", Access::SignedIn),
    ("POST", "/sdg/tags/{id}/delete", Access::SignedIn),
    ("GET", "/research", Access::SignedIn),
    ("GET", "/research/publications", Access::SignedIn),
    ("POST", "/research/import", Access::SignedIn),
    ("POST", "/inventories/imports/{id}/delete", Access::SignedIn),
    ("GET", "/teaching", Access::SignedIn),
    ("POST", "/teaching/import", Access::SignedIn),
    ("POST", "/teaching/courses/{id}/focus", Access::SignedIn),
    ("GET", "/carbon", Access::SignedIn),
    ("POST", "/carbon/links", Access::SignedIn),
    ("GET", "/carbon/inventories", Access::SignedIn),
    ("POST", "/carbon/inventories", Access::SignedIn),
    ("GET", "/carbon/inventories/{id}", Access::SignedIn),
    (
        "POST",
        "/carbon/inventories/{id}/activities",
        Access::SignedIn,
    ),
    (
        "POST",
        "/carbon/inventories/{id}/activities/{activity}/delete",
        Access::SignedIn,
    ),
    ("POST", "/carbon/inventories/{id}/import", Access::SignedIn),
    (
        "GET",
        "/carbon/inventories/{id}/activities.csv",
        Access::SignedIn,
    ),
    ("POST", "/carbon/inventories/{id}/travel", Access::SignedIn),
    ("GET", "/carbon/factors", Access::SignedIn),
    ("POST", "/carbon/factors", Access::SignedIn),
    ("GET", "/carbon/missions", Access::SignedIn),
    ("POST", "/carbon/missions/import", Access::SignedIn),
    ("GET", "/carbon/missions/export", Access::SignedIn),
    (
        "POST",
        "/carbon/missions/batches/{id}/delete",
        Access::SignedIn,
    ),
    ("POST", "/carbon/mappings", Access::SignedIn),
    ("GET", "/carbon/places", Access::SignedIn),
    ("POST", "/carbon/places/fix", Access::SignedIn),
    ("POST", "/carbon/places/fixes/{id}/delete", Access::SignedIn),
    ("GET", "/carbon/fund", Access::SignedIn),
    ("POST", "/carbon/fund/rules", Access::SignedIn),
    ("POST", "/carbon/fund/reinvestments", Access::SignedIn),
    (
        "POST",
        "/carbon/fund/reinvestments/{id}/delete",
        Access::SignedIn,
    ),
    ("POST", "/carbon/settings", Access::SignedIn),
    ("GET", "/carbon/simulation", Access::SignedIn),
    ("GET", "/carbon/calculator", Access::SignedIn),
    ("GET", "/api/docs", Access::SignedIn),
    ("GET", "/api/docs/", Access::SignedIn),
    ("GET", "/api/docs/{*file}", Access::SignedIn),
    ("GET", "/api/v1/openapi.json", Access::Public),
    ("GET", "/api/v1/me", Access::SignedIn),
    ("GET", "/api/v1/strategy", Access::SignedIn),
    ("GET", "/api/v1/dashboard", Access::SignedIn),
    ("GET", "/api/v1/objectives/{id}", Access::SignedIn),
    ("GET", "/api/v1/targets", Access::SignedIn),
    ("GET", "/api/v1/indicators", Access::SignedIn),
    ("GET", "/api/v1/indicators/{id}", Access::SignedIn),
    (
        "POST",
        "/api/v1/indicators/{id}/measurements",
        Access::SignedIn,
    ),
    ("POST", "/api/v1/measurements/{id}/state", Access::SignedIn),
    ("DELETE", "/api/v1/measurements/{id}", Access::SignedIn),
    ("GET", "/api/v1/actions", Access::SignedIn),
    ("GET", "/api/v1/actions/{id}", Access::SignedIn),
    ("PUT", "/api/v1/actions/{id}", Access::SignedIn),
    ("PATCH", "/api/v1/actions/{id}/progress", Access::SignedIn),
    ("POST", "/api/v1/actions/{id}/comments", Access::SignedIn),
    ("GET", "/api/v1/check", Access::SignedIn),
    ("GET", "/api/v1/plan", Access::SignedIn),
    ("POST", "/api/v1/plan", Access::SignedIn),
    ("GET", "/api/v1/users", Access::SignedIn),
    ("POST", "/api/v1/users", Access::SignedIn),
    ("GET", "/api/v1/tokens", Access::SignedIn),
    ("POST", "/api/v1/tokens", Access::SignedIn),
    ("DELETE", "/api/v1/tokens/{id}", Access::SignedIn),
    ("POST", "/api/v1/sdg/classify", Access::SignedIn),
    ("GET", "/api/v1/sdg/goals", Access::SignedIn),
    ("GET", "/api/v1/sdg/summary", Access::SignedIn),
    ("GET", "/api/v1/sdg/tags", Access::SignedIn),
    ("POST", "/api/v1/sdg/tags", Access::SignedIn),
    ("POST", "/api/v1/sdg/tags/{id}/decision", Access::SignedIn),
    ("GET", "/api/v1/research/projects", Access::SignedIn),
    ("POST", "/api/v1/research/projects", Access::SignedIn),
    ("GET", "/api/v1/research/publications", Access::SignedIn),
    ("POST", "/api/v1/research/publications", Access::SignedIn),
    ("GET", "/api/v1/research/years", Access::SignedIn),
    ("GET", "/api/v1/teaching", Access::SignedIn),
    ("POST", "/api/v1/teaching/courses", Access::SignedIn),
    ("POST", "/api/v1/travel/footprint", Access::SignedIn),
    ("GET", "/api/v1/carbon/footprint/{year}", Access::SignedIn),
    ("GET", "/api/v1/carbon/trend", Access::SignedIn),
    ("GET", "/api/v1/carbon/inventories", Access::SignedIn),
    ("GET", "/api/v1/carbon/inventories/{id}", Access::SignedIn),
    (
        "POST",
        "/api/v1/carbon/inventories/{id}/activities",
        Access::SignedIn,
    ),
    ("GET", "/api/v1/carbon/factors", Access::SignedIn),
    ("GET", "/api/v1/carbon/trips", Access::SignedIn),
    ("POST", "/api/v1/carbon/trips", Access::SignedIn),
    ("GET", "/api/v1/carbon/places/unresolved", Access::SignedIn),
    ("POST", "/api/v1/carbon/places/fixes", Access::SignedIn),
    ("GET", "/api/v1/carbon/fund", Access::SignedIn),
    ("POST", "/api/v1/carbon/simulation", Access::SignedIn),
    ("GET", "/api/v1/the/{year}", Access::SignedIn),
    (
        "PUT",
        "/api/v1/the/{year}/answers/{indicator}",
        Access::SignedIn,
    ),
    (
        "POST",
        "/api/v1/the/{year}/answers/{indicator}/evidence",
        Access::SignedIn,
    ),
    ("GET", "/api/v1/evidence", Access::SignedIn),
    ("POST", "/api/v1/evidence", Access::SignedIn),
    ("PUT", "/api/v1/evidence/{id}", Access::SignedIn),
    ("DELETE", "/api/v1/evidence/{id}", Access::SignedIn),
    ("GET", "/api/v1/ddrs/{year}", Access::SignedIn),
    ("PUT", "/api/v1/ddrs/{year}/items/{id}", Access::SignedIn),
    ("GET", "/api/v1/report/blocks", Access::SignedIn),
    ("POST", "/api/v1/report/blocks", Access::SignedIn),
    ("PUT", "/api/v1/report/blocks/{id}", Access::SignedIn),
    ("DELETE", "/api/v1/report/blocks/{id}", Access::SignedIn),
    ("GET", "/api/v1/report/highlights", Access::SignedIn),
    ("PUT", "/api/v1/report/highlights/{goal}", Access::SignedIn),
];

/// The handler of each route of [`ROUTES`].
fn handlers() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(pages::healthz)),
        ("/static/{file}", get(assets::serve)),
        ("/login", get(pages::login_page).post(pages::login)),
        ("/lang/{lang}", get(pages::set_lang)),
        ("/logout", post(pages::logout)),
        ("/", get(pages::dashboard)),
        ("/strategy", get(pages::strategy)),
        ("/objectives/{id}", get(pages::objective)),
        ("/actions", get(pages::actions)),
        ("/actions/{id}", get(pages::action).post(pages::action_save)),
        ("/actions/{id}/edit", get(pages::action_edit)),
        ("/actions/{id}/progress", post(pages::action_progress)),
        ("/actions/{id}/comments", post(pages::action_comment)),
        ("/indicators", get(pages::indicators)),
        ("/indicators/{id}", get(pages::indicator)),
        (
            "/indicators/{id}/measurements",
            post(pages::measurement_save),
        ),
        ("/measurements/{id}/state", post(pages::measurement_state)),
        ("/measurements/{id}/delete", post(pages::measurement_delete)),
        (
            "/import",
            get(pages::import_page).post(pages::import_upload),
        ),
        ("/import/{token}", post(pages::import_commit)),
        ("/export/{format}", get(pages::export)),
        ("/template/{format}", get(pages::template)),
        ("/check", get(pages::check)),
        ("/users", get(pages::users).post(pages::user_add)),
        ("/users/{username}", post(pages::user_update)),
        ("/account", get(pages::account)),
        ("/account/password", post(pages::account_password)),
        ("/account/tokens", post(pages::token_create)),
        ("/account/tokens/{id}/revoke", post(pages::token_revoke)),
        ("/about", get(pages::about)),
        ("/reports", get(reports::index)),
        ("/reports/sdg", get(reports::sdg_open)),
        ("/reports/sdg/{year}", get(reports::sdg_html)),
        ("/reports/sdg/{year}/pdf", get(reports::sdg_pdf)),
        ("/reports/steering/{year}", get(reports::steering_html)),
        ("/reports/steering/{year}/pdf", get(reports::steering_pdf)),
        ("/reports/steering/{year}/xlsx", get(reports::steering_xlsx)),
        ("/reports/carbon/{year}", get(reports::carbon_html)),
        ("/reports/carbon/{year}/pdf", get(reports::carbon_pdf)),
        ("/reports/carbon/{year}/beges", get(reports::carbon_beges)),
        ("/reports/the/{year}/xlsx", get(reports::the_pack_xlsx)),
        ("/reports/the/{year}/csv", get(reports::the_pack_csv)),
        ("/reports/ddrs/{year}/xlsx", get(reports::ddrs_xlsx)),
        ("/reports/the", get(frameworks::the_bank)),
        (
            "/reports/the/{year}/answers/{indicator}",
            post(frameworks::the_answer_save),
        ),
        (
            "/reports/the/{year}/answers/{indicator}/evidence",
            post(frameworks::the_evidence_link),
        ),
        ("/reports/the/edition", post(frameworks::the_edition_import)),
        (
            "/reports/evidence",
            get(frameworks::evidence).post(frameworks::evidence_create),
        ),
        ("/reports/evidence/{id}", post(frameworks::evidence_update)),
        (
            "/reports/evidence/{id}/delete",
            post(frameworks::evidence_delete),
        ),
        ("/reports/ddrs", get(frameworks::ddrs)),
        (
            "/reports/ddrs/{year}/items/{id}",
            post(frameworks::ddrs_assess),
        ),
        (
            "/reports/ddrs/{year}/items/{id}/evidence",
            post(frameworks::ddrs_evidence_link),
        ),
        ("/reports/ddrs/import", post(frameworks::ddrs_import)),
        ("/reports/content", get(frameworks::content)),
        ("/reports/content/blocks", post(frameworks::block_create)),
        (
            "/reports/content/blocks/{id}",
            post(frameworks::block_update),
        ),
        (
            "/reports/content/blocks/{id}/delete",
            post(frameworks::block_delete),
        ),
        (
            "/reports/content/highlights/{goal}",
            post(frameworks::highlights_save),
        ),
        ("/sdg", get(sdg::overview)),
        ("/sdg/links", post(sdg::links_save)),
        ("/sdg/goals/{n}", get(sdg::goal)),
        ("/sdg/classify", get(sdg::classify_page).post(sdg::classify)),
        ("/sdg/suggestions", get(sdg::suggestions)),
        ("/sdg/suggest", post(sdg::suggest)),
        ("/sdg/tags", post(sdg::tag_add)),
        ("/sdg/tags/{id}/confirm", post(sdg::tag_confirm)),
        ("/sdg/tags/{id}/reject", post(sdg::tag_reject)),
        ("/sdg/tags/{id}/delete", post(sdg::tag_delete)),
        ("/research", get(sdg::research)),
        ("/research/publications", get(sdg::publications)),
        ("/research/import", post(sdg::research_import)),
        ("/inventories/imports/{id}/delete", post(sdg::import_delete)),
        ("/teaching", get(sdg::teaching)),
        ("/teaching/import", post(sdg::teaching_import)),
        ("/teaching/courses/{id}/focus", post(sdg::course_focus)),
        ("/carbon", get(carbon::overview)),
        ("/carbon/links", post(carbon::links_save)),
        (
            "/carbon/inventories",
            get(carbon::inventories).post(carbon::inventory_create),
        ),
        ("/carbon/inventories/{id}", get(carbon::inventory)),
        (
            "/carbon/inventories/{id}/activities",
            post(carbon::activity_add),
        ),
        (
            "/carbon/inventories/{id}/activities/{activity}/delete",
            post(carbon::activity_delete),
        ),
        (
            "/carbon/inventories/{id}/import",
            post(carbon::activities_import),
        ),
        (
            "/carbon/inventories/{id}/activities.csv",
            get(carbon::activities_export),
        ),
        (
            "/carbon/inventories/{id}/travel",
            post(carbon::inventory_travel),
        ),
        (
            "/carbon/factors",
            get(carbon::factors).post(carbon::factors_import),
        ),
        ("/carbon/missions", get(carbon::missions)),
        ("/carbon/missions/import", post(carbon::missions_import)),
        ("/carbon/missions/export", get(carbon::missions_export)),
        (
            "/carbon/missions/batches/{id}/delete",
            post(carbon::batch_delete),
        ),
        ("/carbon/mappings", post(carbon::mapping_save)),
        ("/carbon/places", get(carbon::places)),
        ("/carbon/places/fix", post(carbon::place_fix)),
        (
            "/carbon/places/fixes/{id}/delete",
            post(carbon::place_fix_delete),
        ),
        ("/carbon/fund", get(carbon::fund)),
        ("/carbon/fund/rules", post(carbon::rule_save)),
        ("/carbon/fund/reinvestments", post(carbon::reinvestment_add)),
        (
            "/carbon/fund/reinvestments/{id}/delete",
            post(carbon::reinvestment_delete),
        ),
        ("/carbon/settings", post(carbon::settings_save)),
        ("/carbon/simulation", get(carbon::simulation)),
        ("/carbon/calculator", get(carbon::calculator)),
        ("/api/docs", get(api::docs_page)),
        ("/api/docs/", get(api::docs_index)),
        ("/api/docs/{*file}", get(api::docs_page)),
        ("/api/v1/openapi.json", get(api::openapi_json)),
        ("/api/v1/me", get(api::me)),
        ("/api/v1/strategy", get(api::strategy)),
        ("/api/v1/dashboard", get(api::dashboard)),
        ("/api/v1/objectives/{id}", get(api::objective)),
        ("/api/v1/targets", get(api::targets)),
        ("/api/v1/indicators", get(api::indicators)),
        ("/api/v1/indicators/{id}", get(api::indicator)),
        (
            "/api/v1/indicators/{id}/measurements",
            post(api::measurement_create),
        ),
        (
            "/api/v1/measurements/{id}/state",
            post(api::measurement_state),
        ),
        ("/api/v1/measurements/{id}", delete(api::measurement_delete)),
        ("/api/v1/actions", get(api::actions)),
        (
            "/api/v1/actions/{id}",
            get(api::action).put(api::action_update),
        ),
        ("/api/v1/actions/{id}/progress", patch(api::action_progress)),
        ("/api/v1/actions/{id}/comments", post(api::action_comment)),
        ("/api/v1/check", get(api::check)),
        ("/api/v1/plan", get(api::plan_export).post(api::plan_import)),
        ("/api/v1/users", get(api::users).post(api::user_create)),
        ("/api/v1/tokens", get(api::tokens).post(api::token_create)),
        ("/api/v1/tokens/{id}", delete(api::token_revoke)),
        ("/api/v1/sdg/classify", post(api_sdg::classify)),
        ("/api/v1/sdg/goals", get(api_sdg::goals)),
        ("/api/v1/sdg/summary", get(api_sdg::summary)),
        (
            "/api/v1/sdg/tags",
            get(api_sdg::tags).post(api_sdg::tag_add),
        ),
        ("/api/v1/sdg/tags/{id}/decision", post(api_sdg::decision)),
        (
            "/api/v1/research/projects",
            get(api_sdg::projects).post(api_sdg::projects_import),
        ),
        (
            "/api/v1/research/publications",
            get(api_sdg::publications).post(api_sdg::publications_import),
        ),
        ("/api/v1/research/years", get(api_sdg::research_years)),
        ("/api/v1/teaching", get(api_sdg::teaching)),
        ("/api/v1/teaching/courses", post(api_sdg::courses_import)),
        (
            "/api/v1/travel/footprint",
            post(api_carbon::travel_footprint),
        ),
        (
            "/api/v1/carbon/footprint/{year}",
            get(api_carbon::footprint),
        ),
        ("/api/v1/carbon/trend", get(api_carbon::trend)),
        ("/api/v1/carbon/inventories", get(api_carbon::inventories)),
        (
            "/api/v1/carbon/inventories/{id}",
            get(api_carbon::inventory),
        ),
        (
            "/api/v1/carbon/inventories/{id}/activities",
            post(api_carbon::activity_create),
        ),
        ("/api/v1/carbon/factors", get(api_carbon::factors)),
        (
            "/api/v1/carbon/trips",
            get(api_carbon::trips).post(api_carbon::trips_import),
        ),
        (
            "/api/v1/carbon/places/unresolved",
            get(api_carbon::unresolved_places),
        ),
        ("/api/v1/carbon/places/fixes", post(api_carbon::place_fix)),
        ("/api/v1/carbon/fund", get(api_carbon::fund)),
        ("/api/v1/carbon/simulation", post(api_carbon::simulation)),
        ("/api/v1/the/{year}", get(api_reports::the_bank)),
        (
            "/api/v1/the/{year}/answers/{indicator}",
            put(api_reports::the_answer),
        ),
        (
            "/api/v1/the/{year}/answers/{indicator}/evidence",
            post(api_reports::the_evidence_link),
        ),
        (
            "/api/v1/evidence",
            get(api_reports::evidence).post(api_reports::evidence_create),
        ),
        (
            "/api/v1/evidence/{id}",
            put(api_reports::evidence_update).delete(api_reports::evidence_delete),
        ),
        ("/api/v1/ddrs/{year}", get(api_reports::ddrs)),
        (
            "/api/v1/ddrs/{year}/items/{id}",
            put(api_reports::ddrs_assess),
        ),
        (
            "/api/v1/report/blocks",
            get(api_reports::blocks).post(api_reports::block_create),
        ),
        (
            "/api/v1/report/blocks/{id}",
            put(api_reports::block_update).delete(api_reports::block_delete),
        ),
        ("/api/v1/report/highlights", get(api_reports::highlights)),
        (
            "/api/v1/report/highlights/{goal}",
            put(api_reports::highlights_set),
        ),
    ]
}

/// Paths registered by [`build`] (for the agreement test).
pub fn registered_paths() -> Vec<&'static str> {
    handlers().into_iter().map(|(p, _)| p).collect()
}

/// Builds the router with its layers: authentication, CSRF, error pages, security headers.
pub fn build(state: AppState) -> Router {
    let mut router = Router::new();
    for (path, handler) in handlers() {
        router = router.route(path, handler);
    }
    router
        .fallback(pages::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(
            state.config.max_upload_bytes,
        ))
        .layer(from_fn_with_state(state.clone(), auth::csrf))
        .layer(from_fn(error::render_errors))
        .layer(from_fn_with_state(state.clone(), auth::authenticate))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_router_agree() {
        let mut table: Vec<&str> = ROUTES.iter().map(|(_, p, _)| *p).collect();
        table.dedup();
        let mut registered = registered_paths();
        registered.sort_unstable();
        registered.dedup();
        table.sort_unstable();
        table.dedup();
        assert_eq!(table, registered);
    }

    #[test]
    fn the_openapi_document_describes_every_api_route() {
        let doc: serde_json::Value =
            serde_json::from_str(crate::api::openapi_document()).expect("valid JSON");
        let paths = doc["paths"].as_object().expect("paths");
        let mut documented = Vec::new();
        for (path, item) in paths {
            for method in item.as_object().expect("path item").keys() {
                documented.push((method.to_uppercase(), path.clone()));
            }
        }
        let mut routed: Vec<(String, String)> = ROUTES
            .iter()
            .filter(|(_, p, _)| p.starts_with("/api/v1/") && *p != "/api/v1/openapi.json")
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed);
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }
}
