//! Every route is declared once, in `all()`: the declaration gives the
//! router its handler, the OpenAPI document its operation (API routes take method and path
//! from the handler's `#[utoipa::path]`), and the route table its row — method, path and the
//! least role that may reach it.
//!
//! The role is checked here, before the handler reads anything of the request (a viewer's
//! upload is refused before it is parsed); the use cases check again, with ownership (the
//! pilot of an action, the owner of an indicator, a member of a lab). The tests walk
//! [`table`] for every role.

use crate::auth::Auth;
use crate::error::WebError;
use crate::{
    AppState, accounts, actions, assets, auth, campaigns, carbon, error, frameworks, fund,
    indicators, journal, notifications, plan, reports, research, sdg, system, travel, versions,
};
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use jalon_app::AppError;
use jalon_core::access::Role;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

/// Who may reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (sign-in page, static files, health check, the API's description).
    Public,
    /// Signed in (session or token) with at least this role.
    AtLeast(Role),
}

/// Any signed-in user.
pub const VIEWER: Access = Access::AtLeast(Role::Viewer);
/// Contributors and up; the use case checks what the contributor owns.
pub const CONTRIBUTOR: Access = Access::AtLeast(Role::Contributor);
/// Editors and administrators.
pub const EDITOR: Access = Access::AtLeast(Role::Editor);
/// Administrators only.
pub const ADMIN: Access = Access::AtLeast(Role::Admin);
/// Anyone.
pub const PUBLIC: Access = Access::Public;

impl Access {
    /// True when a caller of `role` (or nobody, `None`) passes this route's check.
    pub fn admits(self, role: Option<Role>) -> bool {
        match self {
            Access::Public => true,
            Access::AtLeast(least) => role.is_some_and(|r| r >= least),
        }
    }
}

/// One route as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    /// Path template, as axum and OpenAPI write it (`/actions/{id}`).
    pub path: String,
    pub access: Access,
    /// True for the JSON API (documented in the OpenAPI document).
    pub api: bool,
}

/// The routes of a feature, or of the whole application.
pub(crate) struct Routes {
    router: OpenApiRouter<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    pub(crate) fn new() -> Routes {
        Routes {
            router: OpenApiRouter::default(),
            table: Vec::new(),
        }
    }

    /// A page (or file) route: method, path, who may reach it, handler.
    pub(crate) fn page<H, T>(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: H,
    ) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        let route = on(filter, handler).layer(from_fn_with_state(access, require));
        self.router = self.router.route(path, route);
        self.table.push(RouteInfo {
            method,
            path: path.to_string(),
            access,
            api: false,
        });
        self
    }

    /// An API route: method, path and documentation come from the handler's
    /// `#[utoipa::path]` (give [`utoipa_axum::routes!`] one handler).
    pub(crate) fn api(mut self, access: Access, route: UtoipaMethodRouter<AppState>) -> Routes {
        let (schemas, mut paths, method_router) = route;
        for (path, item) in paths.paths.iter_mut() {
            for (method, operation) in operations(item) {
                if let Access::AtLeast(role) = access {
                    let note = format!("Requires the `{role}` role or above.");
                    operation.description = Some(match operation.description.take() {
                        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
                        _ => note,
                    });
                }
                self.table.push(RouteInfo {
                    method,
                    path: path.clone(),
                    access,
                    api: true,
                });
            }
        }
        let method_router = method_router.layer(from_fn_with_state(access, require));
        self.router = self.router.routes((schemas, paths, method_router));
        self
    }
}

/// The operations of a path item with their methods.
fn operations(
    item: &mut utoipa::openapi::PathItem,
) -> Vec<(Method, &mut utoipa::openapi::path::Operation)> {
    [
        (Method::GET, item.get.as_mut()),
        (Method::POST, item.post.as_mut()),
        (Method::PUT, item.put.as_mut()),
        (Method::PATCH, item.patch.as_mut()),
        (Method::DELETE, item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(m, o)| o.map(|o| (m, o)))
    .collect()
}

/// Refuses a caller whose role the route does not admit, before the handler runs.
async fn require(State(access): State<Access>, req: Request, next: Next) -> Response {
    if let Access::AtLeast(_) = access {
        match req.extensions().get::<Auth>() {
            None => return WebError(AppError::Unauthenticated).into_response(),
            Some(a) if !access.admits(Some(a.actor.role)) => {
                return WebError(AppError::Forbidden).into_response();
            }
            Some(_) => {}
        }
    }
    next.run(req).await
}

/// Every route of the application, grouped by feature: method, path, the least role that
/// may reach it, and the handler (API handlers carry their method and path in their
/// `#[utoipa::path]`).
// Long: the one table of routes, read as a whole (who may reach what) and kept in one place.
fn all() -> Routes {
    Routes::new()
        // The application around the features
        .page(Method::GET, "/health", PUBLIC, system::pages::health)
        .page(Method::GET, "/ready", PUBLIC, system::pages::ready)
        .page(Method::GET, "/healthz", PUBLIC, system::pages::ready)
        .page(Method::GET, "/metrics", PUBLIC, system::metrics::metrics)
        .page(Method::GET, "/static/{file}", PUBLIC, assets::serve)
        .page(Method::GET, "/about", VIEWER, system::pages::about)
        .page(Method::GET, "/api/docs", VIEWER, system::api::docs_page)
        .page(Method::GET, "/api/docs/", VIEWER, system::api::docs_index)
        .page(
            Method::GET,
            "/api/docs/{*file}",
            VIEWER,
            system::api::docs_page,
        )
        .page(
            Method::GET,
            "/api/v1/openapi.json",
            PUBLIC,
            system::api::openapi_json,
        )
        // Accounts, sign-in, language
        .page(Method::GET, "/login", PUBLIC, accounts::pages::login_page)
        .page(Method::POST, "/login", PUBLIC, accounts::pages::login)
        .page(
            Method::GET,
            "/lang/{lang}",
            PUBLIC,
            accounts::pages::set_lang,
        )
        .page(Method::POST, "/logout", VIEWER, accounts::pages::logout)
        .page(Method::GET, "/users", ADMIN, accounts::pages::users)
        .page(Method::POST, "/users", ADMIN, accounts::pages::user_add)
        .page(
            Method::POST,
            "/users/{username}",
            ADMIN,
            accounts::pages::user_update,
        )
        .page(Method::GET, "/account", VIEWER, accounts::pages::account)
        .page(
            Method::POST,
            "/account/password",
            VIEWER,
            accounts::pages::account_password,
        )
        .page(
            Method::POST,
            "/account/tokens",
            VIEWER,
            accounts::pages::token_create,
        )
        .page(
            Method::POST,
            "/account/tokens/{id}/revoke",
            VIEWER,
            accounts::pages::token_revoke,
        )
        .page(
            Method::POST,
            "/account/sessions/{key}/end",
            VIEWER,
            accounts::pages::session_end,
        )
        .page(
            Method::POST,
            "/account/sessions/end-others",
            VIEWER,
            accounts::pages::sessions_end_others,
        )
        .api(VIEWER, routes!(accounts::api::me))
        .api(ADMIN, routes!(accounts::api::users))
        .api(ADMIN, routes!(accounts::api::user_create))
        .api(ADMIN, routes!(accounts::api::user_domain))
        .api(VIEWER, routes!(accounts::api::tokens))
        .api(VIEWER, routes!(accounts::api::token_create))
        .api(VIEWER, routes!(accounts::api::token_revoke))
        // Plan versions
        .page(
            Method::GET,
            "/plan/versions",
            VIEWER,
            versions::pages::versions,
        )
        .page(
            Method::POST,
            "/plan/versions",
            EDITOR,
            versions::pages::version_add,
        )
        .api(VIEWER, routes!(versions::api::versions))
        .api(EDITOR, routes!(versions::api::version_create))
        .api(VIEWER, routes!(versions::api::version_diff))
        // The yearly campaign
        .page(
            Method::GET,
            "/campaigns",
            VIEWER,
            campaigns::pages::campaigns,
        )
        .page(
            Method::POST,
            "/campaigns",
            EDITOR,
            campaigns::pages::campaign_open,
        )
        .page(
            Method::GET,
            "/campaigns/{id}",
            VIEWER,
            campaigns::pages::campaign,
        )
        .page(
            Method::POST,
            "/campaigns/{id}/close",
            EDITOR,
            campaigns::pages::campaign_close,
        )
        .page(
            Method::POST,
            "/campaigns/{id}/reopen",
            EDITOR,
            campaigns::pages::campaign_reopen,
        )
        .page(Method::GET, "/todo", VIEWER, campaigns::pages::todo)
        .page(
            Method::GET,
            "/campaigns/{id}/mine.xlsx",
            CONTRIBUTOR,
            campaigns::pages::my_sheet,
        )
        .page(
            Method::POST,
            "/campaigns/{id}/mine",
            CONTRIBUTOR,
            campaigns::pages::my_sheet_upload,
        )
        .page(
            Method::POST,
            "/campaigns/items/{id}/value",
            CONTRIBUTOR,
            campaigns::pages::item_value,
        )
        .page(
            Method::POST,
            "/campaigns/items/{id}/action",
            CONTRIBUTOR,
            campaigns::pages::item_action,
        )
        .page(
            Method::POST,
            "/campaigns/items/{id}/validate",
            EDITOR,
            campaigns::pages::item_validate,
        )
        .page(
            Method::POST,
            "/campaigns/items/{id}/return",
            EDITOR,
            campaigns::pages::item_return,
        )
        .api(VIEWER, routes!(campaigns::api::campaigns))
        .api(EDITOR, routes!(campaigns::api::campaign_open))
        .api(VIEWER, routes!(campaigns::api::campaign))
        .api(EDITOR, routes!(campaigns::api::campaign_state))
        .api(VIEWER, routes!(campaigns::api::todo))
        .api(CONTRIBUTOR, routes!(campaigns::api::item_value))
        .api(CONTRIBUTOR, routes!(campaigns::api::item_action))
        .api(EDITOR, routes!(campaigns::api::item_decision))
        // Notifications
        .page(
            Method::GET,
            "/notifications",
            VIEWER,
            notifications::pages::notifications,
        )
        .page(
            Method::POST,
            "/notifications/read",
            VIEWER,
            notifications::pages::read_all,
        )
        .page(
            Method::POST,
            "/notifications/settings",
            VIEWER,
            notifications::pages::settings,
        )
        .page(
            Method::POST,
            "/notifications/{id}/open",
            VIEWER,
            notifications::pages::open,
        )
        .page(
            Method::GET,
            "/mail",
            ADMIN,
            notifications::pages::mail_queue,
        )
        .api(VIEWER, routes!(notifications::api::notifications))
        .api(VIEWER, routes!(notifications::api::read))
        .api(VIEWER, routes!(notifications::api::settings))
        // The journal of changes
        .page(Method::GET, "/journal", EDITOR, journal::pages::journal)
        .page(
            Method::GET,
            "/journal/csv",
            EDITOR,
            journal::pages::journal_csv,
        )
        .api(EDITOR, routes!(journal::api::journal))
        // The plan: dashboard, strategy, objectives, check, import and export
        .page(Method::GET, "/", VIEWER, plan::pages::dashboard)
        .page(Method::GET, "/strategy", VIEWER, plan::pages::strategy)
        .page(
            Method::GET,
            "/objectives/{id}",
            VIEWER,
            plan::pages::objective,
        )
        .page(Method::GET, "/import", VIEWER, plan::pages::import_page)
        .page(Method::POST, "/import", EDITOR, plan::pages::import_upload)
        .page(
            Method::POST,
            "/import/{token}",
            EDITOR,
            plan::pages::import_commit,
        )
        .page(Method::GET, "/export/{format}", VIEWER, plan::pages::export)
        .page(
            Method::GET,
            "/template/{format}",
            VIEWER,
            plan::pages::template,
        )
        .page(Method::GET, "/check", VIEWER, plan::pages::check)
        .api(VIEWER, routes!(plan::api::strategy))
        .api(VIEWER, routes!(plan::api::dashboard))
        .api(VIEWER, routes!(plan::api::objective))
        .api(VIEWER, routes!(plan::api::targets))
        .api(VIEWER, routes!(plan::api::check))
        .api(VIEWER, routes!(plan::api::plan_export))
        .api(EDITOR, routes!(plan::api::plan_import))
        // Action sheets
        .page(Method::GET, "/actions", VIEWER, actions::pages::actions)
        .page(Method::GET, "/actions/{id}", VIEWER, actions::pages::action)
        .page(
            Method::POST,
            "/actions/{id}",
            CONTRIBUTOR,
            actions::pages::action_save,
        )
        .page(
            Method::GET,
            "/actions/{id}/edit",
            CONTRIBUTOR,
            actions::pages::action_edit,
        )
        .page(
            Method::POST,
            "/actions/{id}/progress",
            CONTRIBUTOR,
            actions::pages::action_progress,
        )
        .page(
            Method::POST,
            "/actions/{id}/comments",
            CONTRIBUTOR,
            actions::pages::action_comment,
        )
        .api(VIEWER, routes!(actions::api::actions))
        .api(VIEWER, routes!(actions::api::action))
        .api(CONTRIBUTOR, routes!(actions::api::action_update))
        .api(CONTRIBUTOR, routes!(actions::api::action_progress))
        // Indicators and their values
        .api(CONTRIBUTOR, routes!(actions::api::action_comment))
        .page(
            Method::GET,
            "/indicators",
            VIEWER,
            indicators::pages::indicators,
        )
        .page(
            Method::GET,
            "/indicators/{id}",
            VIEWER,
            indicators::pages::indicator,
        )
        .page(
            Method::POST,
            "/indicators/{id}/measurements",
            CONTRIBUTOR,
            indicators::pages::measurement_save,
        )
        .page(
            Method::POST,
            "/measurements/{id}/state",
            CONTRIBUTOR,
            indicators::pages::measurement_state,
        )
        .page(
            Method::POST,
            "/measurements/{id}/delete",
            CONTRIBUTOR,
            indicators::pages::measurement_delete,
        )
        .api(VIEWER, routes!(indicators::api::indicators))
        .api(VIEWER, routes!(indicators::api::indicator))
        .api(CONTRIBUTOR, routes!(indicators::api::measurement_create))
        .api(CONTRIBUTOR, routes!(indicators::api::measurement_state))
        // Carbon inventories and factors
        .api(CONTRIBUTOR, routes!(indicators::api::measurement_delete))
        .page(Method::GET, "/carbon", VIEWER, carbon::pages::overview)
        .page(
            Method::POST,
            "/carbon/links",
            EDITOR,
            carbon::pages::links_save,
        )
        .page(
            Method::GET,
            "/carbon/inventories",
            VIEWER,
            carbon::pages::inventories,
        )
        .page(
            Method::POST,
            "/carbon/inventories",
            CONTRIBUTOR,
            carbon::pages::inventory_create,
        )
        .page(
            Method::GET,
            "/carbon/inventories/{id}",
            VIEWER,
            carbon::pages::inventory,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/activities",
            CONTRIBUTOR,
            carbon::pages::activity_add,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/activities/{activity}/delete",
            CONTRIBUTOR,
            carbon::pages::activity_delete,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/import",
            CONTRIBUTOR,
            carbon::pages::activities_import,
        )
        .page(
            Method::GET,
            "/carbon/inventories/{id}/activities.csv",
            VIEWER,
            carbon::pages::activities_export,
        )
        .page(
            Method::POST,
            "/carbon/inventories/{id}/travel",
            CONTRIBUTOR,
            carbon::pages::inventory_travel,
        )
        .page(
            Method::GET,
            "/carbon/factors",
            VIEWER,
            carbon::pages::factors,
        )
        .page(
            Method::POST,
            "/carbon/factors",
            EDITOR,
            carbon::pages::factors_import,
        )
        .api(VIEWER, routes!(carbon::api::footprint))
        .api(VIEWER, routes!(carbon::api::trend))
        .api(VIEWER, routes!(carbon::api::inventories))
        .api(VIEWER, routes!(carbon::api::inventory))
        .api(CONTRIBUTOR, routes!(carbon::api::activity_create))
        .api(VIEWER, routes!(carbon::api::factors))
        // Business travel
        .page(
            Method::GET,
            "/carbon/missions",
            VIEWER,
            travel::pages::missions,
        )
        .page(
            Method::POST,
            "/carbon/missions/import",
            CONTRIBUTOR,
            travel::pages::missions_import,
        )
        .page(
            Method::GET,
            "/carbon/missions/export",
            VIEWER,
            travel::pages::missions_export,
        )
        .page(
            Method::POST,
            "/carbon/missions/batches/{id}/delete",
            CONTRIBUTOR,
            travel::pages::batch_delete,
        )
        .page(
            Method::POST,
            "/carbon/mappings",
            CONTRIBUTOR,
            travel::pages::mapping_save,
        )
        .page(Method::GET, "/carbon/places", VIEWER, travel::pages::places)
        .page(
            Method::POST,
            "/carbon/places/fix",
            CONTRIBUTOR,
            travel::pages::place_fix,
        )
        .page(
            Method::POST,
            "/carbon/places/fixes/{id}/delete",
            EDITOR,
            travel::pages::place_fix_delete,
        )
        .page(
            Method::GET,
            "/carbon/calculator",
            VIEWER,
            travel::pages::calculator,
        )
        .api(VIEWER, routes!(travel::api::travel_footprint))
        .api(VIEWER, routes!(travel::api::trips))
        .api(CONTRIBUTOR, routes!(travel::api::trips_import))
        .api(VIEWER, routes!(travel::api::unresolved_places))
        .api(CONTRIBUTOR, routes!(travel::api::place_fix))
        // The compensation fund
        .page(Method::GET, "/carbon/fund", VIEWER, fund::pages::fund)
        .page(
            Method::POST,
            "/carbon/fund/rules",
            EDITOR,
            fund::pages::rule_save,
        )
        .page(
            Method::POST,
            "/carbon/fund/reinvestments",
            EDITOR,
            fund::pages::reinvestment_add,
        )
        .page(
            Method::POST,
            "/carbon/fund/reinvestments/{id}/delete",
            EDITOR,
            fund::pages::reinvestment_delete,
        )
        .page(
            Method::POST,
            "/carbon/settings",
            EDITOR,
            fund::pages::settings_save,
        )
        .page(
            Method::GET,
            "/carbon/simulation",
            VIEWER,
            fund::pages::simulation,
        )
        .api(VIEWER, routes!(fund::api::fund))
        .api(VIEWER, routes!(fund::api::simulation))
        // SDGs
        .page(Method::GET, "/sdg", VIEWER, sdg::pages::overview)
        .page(Method::POST, "/sdg/links", EDITOR, sdg::pages::links_save)
        .page(Method::GET, "/sdg/goals/{n}", VIEWER, sdg::pages::goal)
        .page(
            Method::GET,
            "/sdg/classify",
            VIEWER,
            sdg::pages::classify_page,
        )
        .page(Method::POST, "/sdg/classify", VIEWER, sdg::pages::classify)
        .page(
            Method::GET,
            "/sdg/suggestions",
            VIEWER,
            sdg::pages::suggestions,
        )
        .page(Method::POST, "/sdg/suggest", EDITOR, sdg::pages::suggest)
        .page(Method::POST, "/sdg/tags", CONTRIBUTOR, sdg::pages::tag_add)
        .page(
            Method::POST,
            "/sdg/tags/{id}/confirm",
            CONTRIBUTOR,
            sdg::pages::tag_confirm,
        )
        .page(
            Method::POST,
            "/sdg/tags/{id}/reject",
            CONTRIBUTOR,
            sdg::pages::tag_reject,
        )
        .page(
            Method::POST,
            "/sdg/tags/{id}/delete",
            CONTRIBUTOR,
            sdg::pages::tag_delete,
        )
        .api(VIEWER, routes!(sdg::api::classify))
        .api(VIEWER, routes!(sdg::api::goals))
        .api(VIEWER, routes!(sdg::api::summary))
        .api(VIEWER, routes!(sdg::api::tags))
        .api(CONTRIBUTOR, routes!(sdg::api::tag_add))
        .api(CONTRIBUTOR, routes!(sdg::api::decision))
        // Research and teaching inventories
        .page(Method::GET, "/research", VIEWER, research::pages::research)
        .page(
            Method::GET,
            "/research/publications",
            VIEWER,
            research::pages::publications,
        )
        .page(
            Method::POST,
            "/research/import",
            CONTRIBUTOR,
            research::pages::research_import,
        )
        .page(
            Method::POST,
            "/inventories/imports/{id}/delete",
            EDITOR,
            research::pages::import_delete,
        )
        .page(Method::GET, "/teaching", VIEWER, research::pages::teaching)
        .page(
            Method::POST,
            "/teaching/import",
            EDITOR,
            research::pages::teaching_import,
        )
        .page(
            Method::POST,
            "/teaching/courses/{id}/focus",
            EDITOR,
            research::pages::course_focus,
        )
        .api(VIEWER, routes!(research::api::projects))
        .api(CONTRIBUTOR, routes!(research::api::projects_import))
        .api(VIEWER, routes!(research::api::publications))
        .api(CONTRIBUTOR, routes!(research::api::publications_import))
        .api(VIEWER, routes!(research::api::research_years))
        .api(VIEWER, routes!(research::api::teaching))
        .api(EDITOR, routes!(research::api::courses_import))
        // Reports
        .page(Method::GET, "/reports", VIEWER, reports::pages::index)
        .page(
            Method::GET,
            "/reports/sdg",
            VIEWER,
            reports::pages::sdg_open,
        )
        .page(
            Method::GET,
            "/reports/sdg/{year}",
            VIEWER,
            reports::pages::sdg_html,
        )
        .page(
            Method::GET,
            "/reports/sdg/{year}/pdf",
            VIEWER,
            reports::pages::sdg_pdf,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}",
            VIEWER,
            reports::pages::steering_html,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}/pdf",
            VIEWER,
            reports::pages::steering_pdf,
        )
        .page(
            Method::GET,
            "/reports/steering/{year}/xlsx",
            VIEWER,
            reports::pages::steering_xlsx,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}",
            VIEWER,
            reports::pages::carbon_html,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}/pdf",
            VIEWER,
            reports::pages::carbon_pdf,
        )
        .page(
            Method::GET,
            "/reports/carbon/{year}/beges",
            VIEWER,
            reports::pages::carbon_beges,
        )
        .page(
            Method::GET,
            "/reports/the/{year}/xlsx",
            VIEWER,
            reports::pages::the_pack_xlsx,
        )
        .page(
            Method::GET,
            "/reports/the/{year}/csv",
            VIEWER,
            reports::pages::the_pack_csv,
        )
        .page(
            Method::GET,
            "/reports/ddrs/{year}/xlsx",
            VIEWER,
            reports::pages::ddrs_xlsx,
        )
        // Report editors: THE bank, evidence, DD&RS, content
        .page(
            Method::GET,
            "/reports/the",
            VIEWER,
            frameworks::pages::the_bank,
        )
        .page(
            Method::POST,
            "/reports/the/{year}/answers/{indicator}",
            EDITOR,
            frameworks::pages::the_answer_save,
        )
        .page(
            Method::POST,
            "/reports/the/{year}/answers/{indicator}/evidence",
            EDITOR,
            frameworks::pages::the_evidence_link,
        )
        .page(
            Method::POST,
            "/reports/the/edition",
            EDITOR,
            frameworks::pages::the_edition_import,
        )
        .page(
            Method::GET,
            "/reports/evidence",
            VIEWER,
            frameworks::pages::evidence,
        )
        .page(
            Method::POST,
            "/reports/evidence",
            EDITOR,
            frameworks::pages::evidence_create,
        )
        .page(
            Method::POST,
            "/reports/evidence/{id}",
            EDITOR,
            frameworks::pages::evidence_update,
        )
        .page(
            Method::POST,
            "/reports/evidence/{id}/delete",
            EDITOR,
            frameworks::pages::evidence_delete,
        )
        .page(
            Method::GET,
            "/reports/ddrs",
            VIEWER,
            frameworks::pages::ddrs,
        )
        .page(
            Method::POST,
            "/reports/ddrs/{year}/items/{id}",
            EDITOR,
            frameworks::pages::ddrs_assess,
        )
        .page(
            Method::POST,
            "/reports/ddrs/{year}/items/{id}/evidence",
            EDITOR,
            frameworks::pages::ddrs_evidence_link,
        )
        .page(
            Method::POST,
            "/reports/ddrs/import",
            EDITOR,
            frameworks::pages::ddrs_import,
        )
        .page(
            Method::GET,
            "/reports/content",
            VIEWER,
            frameworks::pages::content,
        )
        .page(
            Method::POST,
            "/reports/content/blocks",
            EDITOR,
            frameworks::pages::block_create,
        )
        .page(
            Method::POST,
            "/reports/content/blocks/{id}",
            EDITOR,
            frameworks::pages::block_update,
        )
        .page(
            Method::POST,
            "/reports/content/blocks/{id}/delete",
            EDITOR,
            frameworks::pages::block_delete,
        )
        .page(
            Method::POST,
            "/reports/content/highlights/{goal}",
            EDITOR,
            frameworks::pages::highlights_save,
        )
        .api(VIEWER, routes!(frameworks::api::the_bank))
        .api(EDITOR, routes!(frameworks::api::the_answer))
        .api(EDITOR, routes!(frameworks::api::the_evidence_link))
        .api(VIEWER, routes!(frameworks::api::evidence))
        .api(EDITOR, routes!(frameworks::api::evidence_create))
        .api(EDITOR, routes!(frameworks::api::evidence_update))
        .api(EDITOR, routes!(frameworks::api::evidence_delete))
        .api(VIEWER, routes!(frameworks::api::ddrs))
        .api(EDITOR, routes!(frameworks::api::ddrs_assess))
        .api(VIEWER, routes!(frameworks::api::blocks))
        .api(EDITOR, routes!(frameworks::api::block_create))
        .api(EDITOR, routes!(frameworks::api::block_update))
        .api(EDITOR, routes!(frameworks::api::block_delete))
        .api(VIEWER, routes!(frameworks::api::highlights))
        .api(EDITOR, routes!(frameworks::api::highlights_set))
}

/// The route table: every route with its method, path and access.
pub fn table() -> Vec<RouteInfo> {
    all().table
}

/// The API's OpenAPI document: the operations of the declared routes.
pub(crate) fn openapi() -> OpenApi {
    let (_, doc) = all().router.split_for_parts();
    doc
}

/// Builds the router with its layers: authentication, CSRF, error pages and envelopes,
/// security headers, the request log.
pub fn build(state: AppState) -> axum::Router {
    let (router, _) = all().router.split_for_parts();
    router
        .fallback(system::pages::not_found)
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
        .layer(from_fn_with_state(
            state.clone(),
            system::requests::log_request,
        ))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn each_route_is_declared_once() {
        let mut seen = BTreeSet::new();
        for r in table() {
            assert!(
                seen.insert((r.method.to_string(), r.path.clone())),
                "{} {} declared twice",
                r.method,
                r.path
            );
        }
        assert!(seen.len() > 150, "{}", seen.len());
    }

    #[test]
    fn the_openapi_document_describes_every_api_route_and_only_those() {
        let doc: serde_json::Value =
            serde_json::from_str(crate::system::api::openapi_document()).expect("valid JSON");
        let paths = doc["paths"].as_object().expect("paths");
        let mut documented = BTreeSet::new();
        for (path, item) in paths {
            for method in item.as_object().expect("path item").keys() {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
        let routed: BTreeSet<(String, String)> = table()
            .into_iter()
            .filter(|r| r.api)
            .map(|r| (r.method.to_string(), r.path))
            .collect();
        assert_eq!(documented, routed);
        assert!(routed.iter().all(|(_, p)| p.starts_with("/api/v1/")));
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        let put_evidence = &doc["paths"]["/api/v1/evidence/{id}"]["put"]["description"];
        assert!(
            put_evidence
                .as_str()
                .is_some_and(|d| d.contains("`editor` role")),
            "{put_evidence}"
        );
    }

    /// Every `$ref` of the document names a schema it defines.
    #[test]
    fn the_openapi_document_defines_every_schema_it_refers_to() {
        fn refs(v: &serde_json::Value, out: &mut BTreeSet<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                        out.insert(r.to_string());
                    }
                    m.values().for_each(|v| refs(v, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let doc: serde_json::Value =
            serde_json::from_str(crate::system::api::openapi_document()).expect("valid JSON");
        let mut found = BTreeSet::new();
        refs(&doc, &mut found);
        assert!(found.contains("#/components/schemas/StrategyTree"));
        for r in found {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "{r} is not defined"
            );
        }
    }

    #[test]
    fn pages_outside_the_api_are_not_documented_and_writes_need_a_role() {
        for r in table() {
            assert_eq!(
                r.api,
                r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json"
            );
            if r.access == Access::Public {
                assert!(
                    [
                        "/health",
                        "/ready",
                        "/healthz",
                        "/metrics",
                        "/static/{file}",
                        "/login",
                        "/lang/{lang}",
                        "/api/v1/openapi.json"
                    ]
                    .contains(&r.path.as_str()),
                    "{} {} is public",
                    r.method,
                    r.path
                );
            }
        }
    }
}
