//! What every page template receives ([`Page`]: language, user, CSRF token, section,
//! confirmation) and the few helpers every page handler uses: render a template, redirect after a
//! post.

use crate::auth::{Auth, User, Via};
use crate::error::WebError;
use crate::forms::FormErrors;
use crate::widgets::{badge, escape};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jalon_app::AppError;
use jalon_core::Lang;
use jalon_core::access::{Operation, Role, allowed};
use jalon_core::progress::Status;
use jalon_core::status::TargetStatus;
use jalon_i18n::Tr;
use serde::Deserialize;

pub(crate) type PageResult = Result<Response, WebError>;

/// Renders a template as an HTML response.
pub fn render<T: Template>(t: &T) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

pub(crate) fn render_status<T: Template>(status: StatusCode, t: &T) -> PageResult {
    Ok((status, Html(t.render()?)).into_response())
}

/// A page template that holds its [`Page`], so that a refused form can show it again.
pub(crate) trait PageView: Template {
    /// The page's context.
    fn page_mut(&mut self) -> &mut Page;
}

/// Declares templates whose `page` field is their [`Page`] as [`PageView`]s.
macro_rules! page_views {
    ($($view:ty),+ $(,)?) => {
        $(impl $crate::page::PageView for $view {
            fn page_mut(&mut self) -> &mut $crate::page::Page {
                &mut self.page
            }
        })+
    };
}
pub(crate) use page_views;

/// A page shown again after a refused form: each error beside its field, with the status of
/// the first error (422 for invalid fields).
pub(crate) fn shown_again<P: PageView>(mut view: P, errors: &FormErrors) -> PageResult {
    view.page_mut().set_errors(errors);
    render_status(errors.status(), &view)
}

/// Where a form's save leads: `done` (a redirect) when the use case took it, else the form's
/// page built by `again`, shown again with each error beside its field. An error that is not
/// the form's goes to the error page.
pub(crate) async fn saved_or_again<T, P: PageView>(
    saved: Result<T, crate::forms::Refused>,
    done: impl FnOnce(T) -> Response,
    again: impl Future<Output = Result<P, WebError>>,
) -> PageResult {
    match saved {
        Ok(v) => Ok(done(v)),
        Err(refused) => {
            let errors = refused.fields()?;
            shown_again(again.await?, &errors)
        }
    }
}

/// What a page shows of a refused upload: the message and the file's problems.
pub(crate) type Refusal = (String, Vec<jalon_io::Problem>);

/// After an upload: the redirect to `done(outcome)` when `import` (the use case run on the
/// file) went through; else the upload's page built by `again`, status 422, with the refusal
/// (the message and the file's problems; nothing was written). Other errors pass on.
pub(crate) async fn imported_or_refused<T, P: Template>(
    user: &User,
    file: Option<crate::extract::UploadedFile>,
    import: impl AsyncFnOnce(&crate::extract::UploadedFile) -> Result<T, AppError>,
    done: impl FnOnce(T) -> String,
    again: impl AsyncFnOnce(Refusal) -> Result<P, WebError>,
) -> PageResult {
    let refusal = match file {
        None => (user.tr().t("import-no-file"), Vec::new()),
        Some(file) => match import(&file).await {
            Ok(outcome) => return Ok(see_other(&done(outcome))),
            Err(AppError::ImportRefused(problems)) => {
                (user.tr().t1("import-refused", "file", &file.name), problems)
            }
            Err(e) => return Err(WebError(e)),
        },
    };
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &again(refusal).await?)
}

/// Query parameters shared by pages.
#[derive(Debug, Default, Deserialize)]
pub struct Common {
    /// Confirmation key after a redirect.
    pub done: Option<String>,
}

pub(crate) fn page(user: &User, path: &str, nav: &'static str, done: Option<&str>) -> Page {
    Page::new(Some(&user.auth), user.lang, path, nav).with_flash(done)
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The signed-in user as the layout shows it.
#[derive(Debug, Clone)]
pub struct PageUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// The context of every page: language, user, CSRF token, current section, flash message.
#[derive(Debug, Clone)]
pub struct Page {
    pub tr: Tr,
    pub user: Option<PageUser>,
    /// Token to put in forms (`_csrf`) and in htmx headers.
    pub csrf: String,
    /// Current path, for the language switch and the active link.
    pub path: String,
    /// Navigation section: `dashboard`, `strategy`, `actions`, `indicators`, …
    pub nav: &'static str,
    /// Translated confirmation of the last action.
    pub flash: Option<String>,
    pub can_edit: bool,
    pub is_admin: bool,
    /// May read the journal of changes.
    pub can_read_journal: bool,
    /// The errors of the form shown again: field and message, in the form's order.
    pub errors: Vec<(String, String)>,
    /// The current tab of the section's sub-navigation (carbon, SDG, reports), or empty for a
    /// page without one.
    pub sub: &'static str,
    /// The message key of the page's title and heading, for a page whose heading is a fixed
    /// phrase; empty when the template writes its own (`{% block title %}`, `{% block heading %}`).
    pub title: &'static str,
    /// Places that need a fix: the count the carbon tabs show beside "Places".
    pub places_to_fix: usize,
    /// Notifications not read: the number beside the bell.
    pub unread: u64,
}

/// One tab of a section's sub-navigation: its address, its name in `Page::sub` and the key
/// of its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    pub href: &'static str,
    pub sub: &'static str,
    pub label: &'static str,
}

const fn tab(href: &'static str, sub: &'static str, label: &'static str) -> Tab {
    Tab { href, sub, label }
}

/// The sections that have tabs: the section (`Page::nav`), the key of the tabs' accessible
/// name, and the tabs in order.
const SECTION_TABS: [(&str, &str, &[Tab]); 3] = [
    (
        "carbon",
        "carbon-nav-label",
        &[
            tab("/carbon", "overview", "carbon-nav-overview"),
            tab(
                "/carbon/inventories",
                "inventories",
                "carbon-nav-inventories",
            ),
            tab("/carbon/missions", "missions", "carbon-nav-missions"),
            tab("/carbon/places", "places", "carbon-nav-places"),
            tab("/carbon/fund", "fund", "carbon-nav-fund"),
            tab("/carbon/simulation", "simulation", "carbon-nav-simulation"),
            tab("/carbon/calculator", "calculator", "carbon-nav-calculator"),
            tab("/carbon/factors", "factors", "carbon-nav-factors"),
        ],
    ),
    (
        "sdg",
        "sdg-nav-label",
        &[
            tab("/sdg", "overview", "sdg-nav-overview"),
            tab("/sdg/suggestions", "suggestions", "sdg-nav-suggestions"),
            tab("/sdg/classify", "classify", "sdg-nav-classify"),
            tab("/research", "research", "sdg-nav-research"),
            tab(
                "/research/publications",
                "publications",
                "sdg-nav-publications",
            ),
            tab("/teaching", "teaching", "sdg-nav-teaching"),
        ],
    ),
    (
        "reports",
        "reports-nav-label",
        &[
            tab("/reports", "reports", "reports-nav-reports"),
            tab("/reports/content", "content", "reports-nav-content"),
            tab("/reports/the", "the", "reports-nav-the"),
            tab("/reports/evidence", "evidence", "reports-nav-evidence"),
            tab("/reports/ddrs", "ddrs", "reports-nav-ddrs"),
        ],
    ),
];

impl Page {
    /// A page for `auth` (signed in or not) in `lang`.
    pub fn new(auth: Option<&Auth>, lang: Lang, path: &str, nav: &'static str) -> Page {
        let role = auth.map(|a| a.actor.role);
        Page {
            tr: Tr::new(lang),
            user: auth.map(|a| PageUser {
                username: a.actor.username.clone(),
                display_name: a.actor.display_name.clone(),
                role: a.actor.role,
            }),
            csrf: auth
                .filter(|a| a.via == Via::Session)
                .map(|a| a.csrf.clone())
                .unwrap_or_default(),
            path: path.to_string(),
            nav,
            flash: None,
            can_edit: role.is_some_and(|r| allowed(r, Operation::EditPlan)),
            is_admin: role.is_some_and(|r| allowed(r, Operation::ManageUsers)),
            can_read_journal: role.is_some_and(|r| allowed(r, Operation::ReadJournal)),
            errors: Vec::new(),
            sub: "",
            title: "",
            places_to_fix: 0,
            unread: auth.map_or(0, |a| a.unread),
        }
    }

    /// The tabs of the page's section and the key of their accessible name, when the
    /// section has tabs.
    pub fn tabs(&self) -> Option<(&'static str, &'static [Tab])> {
        SECTION_TABS
            .iter()
            .find(|(nav, _, _)| *nav == self.nav)
            .map(|(_, label, tabs)| (*label, *tabs))
    }

    /// The count shown beside a tab: places to fix beside the carbon tab "Places".
    pub fn tab_count(&self, tab: &Tab) -> usize {
        if self.nav == "carbon" && tab.sub == "places" {
            self.places_to_fix
        } else {
            0
        }
    }

    /// The page whose title and heading are the message `key`.
    pub fn titled(mut self, key: &'static str) -> Page {
        self.title = key;
        self
    }

    /// The page shown under the tab `sub` of its section's sub-navigation.
    pub fn with_sub(mut self, sub: &'static str) -> Page {
        self.sub = sub;
        self
    }

    /// The count of places to fix shown beside the carbon tab "Places".
    pub fn with_places_to_fix(mut self, count: usize) -> Page {
        self.places_to_fix = count;
        self
    }

    /// The page showing a form again with its errors.
    pub fn with_errors(mut self, errors: &FormErrors) -> Page {
        self.set_errors(errors);
        self
    }

    /// Puts the errors of a refused form on the page.
    pub fn set_errors(&mut self, errors: &FormErrors) {
        self.errors = errors
            .errors()
            .iter()
            .map(|e| {
                let field = match e {
                    AppError::Invalid { field, .. } => (*field).to_string(),
                    _ => String::new(),
                };
                (field, crate::error::message(&self.tr, e))
            })
            .collect();
    }

    /// The message of the error on `field`, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// True when `field` has an error (for `aria-invalid`).
    pub fn invalid(&self, field: &str) -> bool {
        self.error(field).is_some()
    }

    /// Adds the confirmation message `flash-{key}` when `key` is a known one.
    pub fn with_flash(mut self, key: Option<&str>) -> Page {
        self.flash = key
            .map(|k| format!("flash-{k}"))
            .filter(|k| self.tr.has(k))
            .map(|k| self.tr.t(&k));
        self
    }

    /// "3 unread", beside the bell.
    pub fn unread_label(&self) -> String {
        self.tr.msg(
            &jalon_core::message::Message::new("nav-notifications-unread")
                .with("count", usize::try_from(self.unread).unwrap_or(usize::MAX)),
        )
    }

    /// The role's label.
    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.tr.of("role", u.role.as_str()))
            .unwrap_or_default()
    }

    /// Path of this page in the other language (`/lang/en?next=…`).
    pub fn other_lang_href(&self) -> String {
        let other = if self.tr.fr() { "en" } else { "fr" };
        format!(
            "/lang/{other}?next={}",
            crate::auth::percent_encode(&self.path)
        )
    }

    /// A status badge: icon, words and class (HTML, escaped).
    pub fn badge(&self, status: &Status) -> String {
        badge(&self.tr, *status)
    }

    /// The badge of a target's computed status, with the uncertainty note when it applies.
    pub fn target_badge(&self, s: &TargetStatus) -> String {
        let mut html = badge(&self.tr, s.status());
        if let Some((a, b)) = s.assessment.uncertain_between {
            html.push_str(&format!(
                r#" <span class="note">{}</span>"#,
                escape(&self.tr.args(
                    "status-uncertain",
                    &[
                        ("best", &self.tr.of("status", a.as_str())),
                        ("worst", &self.tr.of("status", b.as_str()))
                    ]
                ))
            ));
        }
        if let Some(r) = s.reason {
            html.push_str(&format!(
                r#" <span class="note">{}</span>"#,
                escape(&self.tr.of("reason", r.as_str()))
            ));
        }
        html
    }

    /// `aria-current="page"` for the active navigation link.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav {
            r#"aria-current="page""#
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_has_its_words_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let tr = Tr::new(lang);
            for (nav, label, tabs) in SECTION_TABS {
                assert!(tr.has(label), "{nav}: {label}");
                for tab in tabs {
                    assert!(tr.has(tab.label), "{nav}: {}", tab.label);
                    assert!(tab.href.starts_with('/'), "{}", tab.href);
                }
            }
        }
        let page = Page::new(None, Lang::En, "/carbon/places", "carbon")
            .with_sub("places")
            .with_places_to_fix(3);
        let (_, tabs) = page.tabs().expect("carbon has tabs");
        let counts: Vec<usize> = tabs.iter().map(|t| page.tab_count(t)).collect();
        assert_eq!(counts.iter().sum::<usize>(), 3);
        assert!(Page::new(None, Lang::En, "/", "dashboard").tabs().is_none());
    }
}
