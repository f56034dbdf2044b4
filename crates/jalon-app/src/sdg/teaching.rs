//! The teaching inventory: programmes and their courses (from a CSV/XLSX table), each course
//! classified with its SDGs and as sustainability-*focused*, -*inclusive* or neither — the
//! distinction of STARS AC 1 and THE 17.4.2 — then confirmed by a person; the share of
//! courses and of programmes addressing sustainability.
//!
//! The proposal rule, documented here and on the page: a course is **focused** when its title
//! alone is about an SDG (the classifier suggests one from the title) or when its strongest
//! SDG scores at least twice its threshold on title and description; **inclusive** when it
//! gets at least one SDG otherwise; **neither** without SDG. A programme **addresses**
//! sustainability when at least one of its mandatory courses (or, when none is marked
//! mandatory, one of its courses) is focused.

use crate::ErrorCode;
use crate::computed::Feed;
use jalon_core::message::Message;
use jalon_core::tag::{TagState, TaggedKind};
use std::collections::BTreeMap;

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_io::inventories::read_courses;
use jalon_sdg::{Classification, Classifier, LangHint};
use jalon_store::ConnectionTrait;
use jalon_store::Set;
use jalon_store::audit::Change;
use jalon_store::inventories::{self as repo, CourseActiveModel, NewImport, kinds};
use serde::{Deserialize, Serialize};

use super::research::{HeatMap, InventoryFile, InventoryImportReport, heatmap};
use super::tags::{TagView, tags_by_entity};
use crate::{Actor, App, AppError, AppResult};

/// How much a course is about sustainability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    /// Sustainability is what the course is about.
    Focused,
    /// The course includes sustainability among other subjects.
    Inclusive,
    /// Neither.
    None,
}

impl Focus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Focus::Focused => "focused",
            Focus::Inclusive => "inclusive",
            Focus::None => "none",
        }
    }

    /// From the stored name.
    pub fn parse(s: &str) -> Option<Focus> {
        [Focus::Focused, Focus::Inclusive, Focus::None]
            .into_iter()
            .find(|f| f.as_str() == s)
    }

    /// Focused or inclusive.
    pub fn addresses(self) -> bool {
        self != Focus::None
    }
}

/// The proposal rule of the module doc, from the classifications of the title alone and of
/// title and description.
pub fn propose_focus(title: &Classification, full: &Classification) -> Focus {
    let strong = full
        .sdgs
        .first()
        .is_some_and(|s| s.score >= 2.0 * s.threshold);
    if !title.sdgs.is_empty() || strong {
        Focus::Focused
    } else if !full.sdgs.is_empty() {
        Focus::Inclusive
    } else {
        Focus::None
    }
}

/// A course as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseView {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub ects: Option<f64>,
    pub hours: Option<f64>,
    pub mandatory: Option<bool>,
    pub focus: Focus,
    /// False while the focus is the classifier's proposal.
    pub focus_confirmed: bool,
    pub illustrative: bool,
    pub tags: Vec<TagView>,
}

/// A programme with its courses and shares.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    pub id: i64,
    pub name: String,
    pub courses: Vec<CourseView>,
    /// Courses focused on or including sustainability.
    pub addressing: usize,
    /// `addressing / courses × 100`.
    pub share: Option<f64>,
    /// The programme addresses sustainability (module doc).
    pub addresses: bool,
}

/// The teaching inventory.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeachingView {
    pub programmes: Vec<ProgrammeView>,
    pub courses: usize,
    pub courses_addressing: usize,
    /// Share of courses addressing sustainability, %.
    pub course_share: Option<f64>,
    pub programmes_addressing: usize,
    /// Share of programmes addressing sustainability, %.
    pub programme_share: Option<f64>,
}

fn addresses(courses: &[CourseView]) -> bool {
    let any_mandatory = courses.iter().any(|c| c.mandatory == Some(true));
    courses
        .iter()
        .filter(|c| !any_mandatory || c.mandatory == Some(true))
        .any(|c| c.focus == Focus::Focused)
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

impl App {
    /// Imports programmes and courses (CSV/XLSX), suggests their SDGs and proposes their
    /// focus. Editors.
    pub async fn import_courses(
        &self,
        actor: &Actor,
        file: &InventoryFile<'_>,
        lang: Lang,
    ) -> AppResult<InventoryImportReport> {
        actor.require(Operation::EditInventory { unit_member: false })?;
        let read = move |b: &[u8], n: &str| read_courses(b, n, lang);
        let parsed = self.read_file(file.bytes, file.file_name, read).await?;
        if !parsed.problems.is_empty() && !file.skip_invalid {
            return Err(AppError::ImportRefused(parsed.problems));
        }
        if parsed.records.is_empty() {
            return Err(AppError::invalid("file", ErrorCode::NoRows, file.file_name));
        }
        let classifier = Classifier::shared();
        let titles: Vec<&str> = parsed.records.iter().map(|r| r.title.as_str()).collect();
        let fulls: Vec<String> = parsed
            .records
            .iter()
            .map(|r| match &r.description {
                Some(d) => format!("{}. {d}", r.title),
                None => r.title.clone(),
            })
            .collect();
        let by_title = classifier.classify_batch(&titles, LangHint::Auto);
        let by_full = classifier.classify_batch(&fulls, LangHint::Auto);
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let import = repo::insert_import(
            &txn,
            NewImport {
                institution_id: actor.institution_id,
                kind: "courses",
                file_name: file.file_name,
                format: "table",
                records: parsed.records.len(),
                rejected: parsed.rejected,
                illustrative: file.illustrative,
                imported_by: actor.user_id,
            },
            now,
        )
        .await?;
        let mut programmes: BTreeMap<String, i64> = BTreeMap::new();
        let mut models = Vec::with_capacity(parsed.records.len());
        for (i, r) in parsed.records.iter().enumerate() {
            let programme_id = match programmes.get(&r.programme) {
                Some(id) => *id,
                None => {
                    let p = repo::programme_named(
                        &txn,
                        actor.institution_id,
                        &r.programme,
                        file.illustrative,
                    )
                    .await?;
                    programmes.insert(r.programme.clone(), p.id);
                    p.id
                }
            };
            models.push(CourseActiveModel {
                institution_id: Set(actor.institution_id),
                import_id: Set(Some(import.id)),
                programme_id: Set(programme_id),
                code: Set(r.code.clone()),
                title: Set(r.title.clone()),
                description: Set(r.description.clone()),
                ects: Set(r.ects),
                hours: Set(r.hours),
                mandatory: Set(r.mandatory),
                focus: Set(propose_focus(&by_title[i], &by_full[i])
                    .as_str()
                    .to_string()),
                focus_state: Set(TagState::Proposed),
                illustrative: Set(file.illustrative),
                ..Default::default()
            });
        }
        repo::insert_records(&txn, models).await?;
        let stored: Vec<_> = repo::courses(&txn, actor.institution_id)
            .await?
            .into_iter()
            .filter(|c| c.import_id == Some(import.id))
            .collect();
        let items = stored.iter().map(|c| {
            (
                c.id,
                match &c.description {
                    Some(d) => format!("{}. {d}", c.title),
                    None => c.title.clone(),
                },
            )
        });
        let suggested = self
            .store_suggestions(&txn, actor.institution_id, TaggedKind::Course, items, now)
            .await?;
        let report = InventoryImportReport {
            import_id: import.id,
            records: parsed.records.len(),
            rejected: parsed.rejected,
            duplicates: 0,
            suggested,
            problems: parsed.problems,
        };
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory_import",
                entity_id: Some(import.id),
                operation: "import",
                message: Message::new("journal-courses-imported")
                    .with("count", report.records)
                    .with("programmes", programmes.len())
                    .with("file", file.file_name),
                before: None,
                after: None,
            },
            now,
            Feed::Sdg,
        )
        .await?;
        Ok(report)
    }

    /// Confirms (or corrects) a course's focus. Editors.
    pub async fn set_course_focus(
        &self,
        actor: &Actor,
        course_id: i64,
        focus: Focus,
    ) -> AppResult<()> {
        actor.require(Operation::EditInventory { unit_member: false })?;
        let course = repo::course(self.store.db(), actor.institution_id, course_id)
            .await
            .map_err(|_| AppError::NotFound("course"))?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        repo::set_course_focus(&txn, course_id, focus.as_str(), TagState::Confirmed).await?;
        self.finish_feeding(
            txn,
            actor.change(
                kinds::COURSE,
                Some(course_id),
                "focus",
                Message::new("journal-course-focus")
                    .with("title", &course.title)
                    .word("before", format!("teaching-focus-{}", course.focus))
                    .word("after", format!("teaching-focus-{}", focus.as_str())),
            ),
            now,
            Feed::Sdg,
        )
        .await
    }

    /// Programmes, courses, their SDGs and the shares addressing sustainability.
    pub async fn teaching(&self, actor: &Actor) -> AppResult<TeachingView> {
        self.teaching_on(self.store.db(), actor).await
    }

    /// [`App::teaching`] as `db` sees the inventories (a transaction not yet committed).
    pub(crate) async fn teaching_on<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
    ) -> AppResult<TeachingView> {
        actor.require(Operation::View)?;
        let programmes = repo::programmes(db, actor.institution_id).await?;
        let courses = repo::courses(db, actor.institution_id).await?;
        let mut tags =
            tags_by_entity(&repo::tags(db, actor.institution_id, TaggedKind::Course, None).await?);
        let mut by_programme: BTreeMap<i64, Vec<CourseView>> = BTreeMap::new();
        for c in courses {
            by_programme
                .entry(c.programme_id)
                .or_default()
                .push(CourseView {
                    tags: tags.remove(&c.id).unwrap_or_default(),
                    id: c.id,
                    code: c.code,
                    title: c.title,
                    description: c.description,
                    ects: c.ects,
                    hours: c.hours,
                    mandatory: c.mandatory,
                    focus: Focus::parse(&c.focus).unwrap_or(Focus::None),
                    focus_confirmed: c.focus_state == TagState::Confirmed,
                    illustrative: c.illustrative,
                });
        }
        let programmes: Vec<ProgrammeView> = programmes
            .into_iter()
            .map(|p| {
                let courses = by_programme.remove(&p.id).unwrap_or_default();
                let addressing = courses.iter().filter(|c| c.focus.addresses()).count();
                ProgrammeView {
                    id: p.id,
                    name: p.name,
                    share: share(addressing, courses.len()),
                    addresses: addresses(&courses),
                    addressing,
                    courses,
                }
            })
            .collect();
        let n_courses = programmes.iter().map(|p| p.courses.len()).sum();
        let n_addressing = programmes.iter().map(|p| p.addressing).sum();
        let n_programmes = programmes.iter().filter(|p| p.addresses).count();
        Ok(TeachingView {
            courses: n_courses,
            courses_addressing: n_addressing,
            course_share: share(n_addressing, n_courses),
            programmes_addressing: n_programmes,
            programme_share: share(n_programmes, programmes.len()),
            programmes,
        })
    }

    /// SDGs by programme: courses carrying each goal.
    pub async fn teaching_heatmap(&self, actor: &Actor, with_proposed: bool) -> AppResult<HeatMap> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        let names: BTreeMap<i64, String> = repo::programmes(db, actor.institution_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let items: Vec<(i64, String)> = repo::courses(db, actor.institution_id)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    names.get(&c.programme_id).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let tags = repo::tags(db, actor.institution_id, TaggedKind::Course, None).await?;
        Ok(heatmap(&items, &tags, with_proposed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn focus(title: &str, description: &str) -> Focus {
        let c = Classifier::shared();
        propose_focus(
            &c.classify(title, LangHint::Auto),
            &c.classify(&format!("{title}. {description}"), LangHint::Auto),
        )
    }

    #[test]
    fn courses_about_sustainability_are_focused_others_inclusive_or_neither() {
        assert_eq!(
            focus(
                "Transition énergétique et changement climatique",
                "Énergies renouvelables, émissions de gaz à effet de serre, scénarios de décarbonation."
            ),
            Focus::Focused
        );
        assert_eq!(
            focus(
                "Gestion de projet",
                "Planification, budget, conduite d'équipe ; un cas d'étude porte sur la réduction des émissions de gaz à effet de serre d'un site industriel."
            ),
            Focus::Inclusive
        );
        assert_eq!(
            focus(
                "Analyse numérique",
                "Méthodes de Newton, interpolation polynomiale, intégration numérique."
            ),
            Focus::None
        );
    }
}
