//! Every route is declared once, in its feature's `routes()`: the declaration gives the
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
    AppState, accounts, actions, auth, carbon, error, frameworks, fund, indicators, plan, reports,
    research, sdg, system, travel,
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

    /// Adds another feature's routes.
    pub(crate) fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
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

/// Every feature's routes.
fn all() -> Routes {
    Routes::new()
        .merge(system::routes())
        .merge(accounts::routes())
        .merge(plan::routes())
        .merge(actions::routes())
        .merge(indicators::routes())
        .merge(carbon::routes())
        .merge(travel::routes())
        .merge(fund::routes())
        .merge(sdg::routes())
        .merge(research::routes())
        .merge(reports::routes())
        .merge(frameworks::routes())
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
/// security headers.
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
                        "/healthz",
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
