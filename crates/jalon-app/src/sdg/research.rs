//! The research inventory: projects (from a CSV/XLSX table) and publications (HAL CSV or
//! JSON, BibTeX), each classified on import so people only confirm; the SDG × lab heat map;
//! and the figures the strategy follows (share of projects with a confirmed SDG, SDG
//! publications per year).
//!
//! An import is all or nothing: a file with bad records is refused with each record
//! located, unless the user asks to import the valid ones (`skip_invalid`); either way no
//! record is half-written.

use crate::ErrorCode;
use crate::computed::Feed;
use jalon_core::message::Message;
use jalon_core::tag::{TagState, TaggedKind};
use std::collections::{BTreeMap, BTreeSet, HashSet};

use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_io::Problem;
use jalon_io::inventories::{PublicationFormat, read_projects, read_publications};
use jalon_store::ConnectionTrait;
use jalon_store::Set;
use jalon_store::audit::Change;
use jalon_store::inventories::{
    self as repo, ImportRow, NewImport, ProjectActiveModel, PublicationActiveModel, Tagged,
};
use serde::Serialize;

use super::tags::{TagView, tags_by_entity};
use crate::{Actor, App, AppError, AppResult};

/// The filters of the publication list.
pub use jalon_store::inventories::PublicationFilter;

/// A file of inventory records to import.
#[derive(Debug, Clone, Copy)]
pub struct InventoryFile<'a> {
    pub bytes: &'a [u8],
    pub file_name: &'a str,
    /// Import the valid records and report the others, instead of refusing the file.
    pub skip_invalid: bool,
    /// Demo or example data.
    pub illustrative: bool,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryImportReport {
    pub import_id: i64,
    pub records: usize,
    /// Bad records left out (with `skip_invalid`), each in `problems`.
    pub rejected: usize,
    /// Records already stored (same HAL id or DOI) left out.
    pub duplicates: usize,
    /// Records that received at least one SDG suggestion.
    pub suggested: usize,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub problems: Vec<Problem>,
}

/// A project as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectView {
    pub id: i64,
    pub reference: Option<String>,
    pub acronym: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub lab: Option<String>,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub partners: Option<String>,
    pub funding: Option<String>,
    pub illustrative: bool,
    pub tags: Vec<TagView>,
}

/// A publication as listed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationView {
    pub id: i64,
    pub hal_id: Option<String>,
    pub doi: Option<String>,
    pub title: String,
    pub abstract_text: Option<String>,
    pub keywords: Vec<String>,
    pub authors: Vec<String>,
    pub year: Option<i32>,
    pub lab: Option<String>,
    pub doc_type: Option<String>,
    pub venue: Option<String>,
    pub illustrative: bool,
    pub tags: Vec<TagView>,
}

/// A page of publications.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicationPage {
    pub total: u64,
    pub publications: Vec<PublicationView>,
}

/// Counts per row (a lab, a programme) and SDG.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeatMap {
    /// Row labels.
    pub rows: Vec<String>,
    /// `counts[row][goal − 1]`.
    pub counts: Vec<[usize; 17]>,
    /// Items per row (the denominator).
    pub totals: Vec<usize>,
}

/// One year of the research figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResearchYear {
    pub year: i32,
    /// Projects running that year.
    pub projects: usize,
    /// Of which with at least one confirmed SDG.
    pub projects_with_sdg: usize,
    /// `projects_with_sdg / projects × 100`.
    pub share: Option<f64>,
    /// Per lab: (projects, with a confirmed SDG).
    pub by_lab: BTreeMap<String, (usize, usize)>,
    pub publications: usize,
    /// Publications with at least one confirmed SDG.
    pub sdg_publications: usize,
}

fn joined(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join("; "))
}

fn split(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .map(|s| {
            s.split("; ")
                .map(str::to_string)
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The text of a project that is classified.
pub(crate) fn project_text(acronym: Option<&str>, title: &str, summary: Option<&str>) -> String {
    [acronym, Some(title), summary]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// The text of a publication that is classified.
pub(crate) fn publication_text(
    title: &str,
    abstract_text: Option<&str>,
    keywords: &[String],
) -> String {
    let mut t = title.to_string();
    if let Some(a) = abstract_text.filter(|a| !a.trim().is_empty()) {
        t.push_str(". ");
        t.push_str(a);
    }
    if !keywords.is_empty() {
        t.push_str(". ");
        t.push_str(&keywords.join(", "));
    }
    t
}

/// Refuses a file with bad records unless the valid ones are to be kept.
fn check_rejected(problems: &[Problem], skip_invalid: bool) -> AppResult<()> {
    if !problems.is_empty() && !skip_invalid {
        return Err(AppError::ImportRefused(problems.to_vec()));
    }
    Ok(())
}

impl App {
    /// The records of a file belong to the actor's unit when every one names it: then a
    /// contributor of that unit may import them.
    async fn inventory_member(
        &self,
        actor: &Actor,
        labs: impl Iterator<Item = Option<String>>,
    ) -> AppResult<bool> {
        let view = self.view_for(actor).await?;
        let Some(unit) = view.person_unit(actor.person_id) else {
            return Ok(false);
        };
        let mut any = false;
        for lab in labs {
            any = true;
            if lab.as_deref() != Some(unit) {
                return Ok(false);
            }
        }
        Ok(any)
    }

    /// Imports research projects (CSV/XLSX) and suggests their SDGs.
    pub async fn import_projects(
        &self,
        actor: &Actor,
        file: &InventoryFile<'_>,
        lang: Lang,
    ) -> AppResult<InventoryImportReport> {
        actor.require(Operation::View)?;
        let read = move |b: &[u8], n: &str| read_projects(b, n, lang);
        let parsed = self.read_file(file.bytes, file.file_name, read).await?;
        let member = self
            .inventory_member(actor, parsed.records.iter().map(|r| r.lab.clone()))
            .await?;
        actor.require(Operation::EditInventory {
            unit_member: member,
        })?;
        check_rejected(&parsed.problems, file.skip_invalid)?;
        if parsed.records.is_empty() {
            return Err(AppError::invalid("file", ErrorCode::NoRows, file.file_name));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let import = repo::insert_import(
            &txn,
            NewImport {
                institution_id: actor.institution_id,
                kind: "projects",
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
        let models = parsed
            .records
            .iter()
            .map(|r| ProjectActiveModel {
                institution_id: Set(actor.institution_id),
                import_id: Set(Some(import.id)),
                reference: Set(r.reference.clone()),
                acronym: Set(r.acronym.clone()),
                title: Set(r.title.clone()),
                summary: Set(r.summary.clone()),
                lab: Set(r.lab.clone()),
                start_year: Set(r.start_year),
                end_year: Set(r.end_year),
                partners: Set(r.partners.clone()),
                funding: Set(r.funding.clone()),
                illustrative: Set(file.illustrative),
                ..Default::default()
            })
            .collect();
        repo::insert_records(&txn, models).await?;
        let stored: Vec<_> = repo::projects(&txn, actor.institution_id)
            .await?
            .into_iter()
            .filter(|p| p.import_id == Some(import.id))
            .collect();
        let texts: Vec<String> = stored
            .iter()
            .map(|p| project_text(p.acronym.as_deref(), &p.title, p.summary.as_deref()))
            .collect();
        let suggested = self
            .store_suggestions(
                &txn,
                actor.institution_id,
                TaggedKind::Project,
                stored.iter().map(|p| p.id).zip(texts),
                now,
            )
            .await?;
        let report = InventoryImportReport {
            import_id: import.id,
            records: parsed.records.len(),
            rejected: parsed.rejected,
            duplicates: 0,
            suggested,
            problems: parsed.problems,
        };
        self.finish_import(txn, actor, &import, &report, now)
            .await?;
        Ok(report)
    }

    /// Imports publications (HAL CSV or JSON, BibTeX), skipping those already stored (same
    /// HAL id or DOI), and suggests their SDGs.
    pub async fn import_publications(
        &self,
        actor: &Actor,
        file: &InventoryFile<'_>,
        format: Option<PublicationFormat>,
        lang: Lang,
    ) -> AppResult<InventoryImportReport> {
        actor.require(Operation::View)?;
        let format =
            format.unwrap_or_else(|| PublicationFormat::detect(file.bytes, file.file_name));
        let read = move |b: &[u8], n: &str| read_publications(b, n, format, lang);
        let parsed = self.read_file(file.bytes, file.file_name, read).await?;
        let member = self
            .inventory_member(actor, parsed.records.iter().map(|r| r.lab.clone()))
            .await?;
        actor.require(Operation::EditInventory {
            unit_member: member,
        })?;
        check_rejected(&parsed.problems, file.skip_invalid)?;
        let known = repo::publication_keys(self.store.db(), actor.institution_id).await?;
        let mut hal: HashSet<String> = known.iter().filter_map(|(h, _)| h.clone()).collect();
        let mut doi: HashSet<String> = known
            .iter()
            .filter_map(|(_, d)| d.as_ref().map(|d| d.to_lowercase()))
            .collect();
        let mut fresh = Vec::new();
        let mut duplicates = 0;
        for r in &parsed.records {
            let dup = r.hal_id.as_ref().is_some_and(|h| hal.contains(h))
                || r.doi
                    .as_ref()
                    .is_some_and(|d| doi.contains(&d.to_lowercase()));
            if dup {
                duplicates += 1;
                continue;
            }
            if let Some(h) = &r.hal_id {
                hal.insert(h.clone());
            }
            if let Some(d) = &r.doi {
                doi.insert(d.to_lowercase());
            }
            fresh.push(r);
        }
        if fresh.is_empty() && duplicates == 0 {
            return Err(AppError::invalid("file", ErrorCode::NoRows, file.file_name));
        }
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let import = repo::insert_import(
            &txn,
            NewImport {
                institution_id: actor.institution_id,
                kind: "publications",
                file_name: file.file_name,
                format: match format {
                    PublicationFormat::HalCsv => "hal-csv",
                    PublicationFormat::HalJson => "hal-json",
                    PublicationFormat::Bibtex => "bibtex",
                },
                records: fresh.len(),
                rejected: parsed.rejected,
                illustrative: file.illustrative,
                imported_by: actor.user_id,
            },
            now,
        )
        .await?;
        let models = fresh
            .iter()
            .map(|r| PublicationActiveModel {
                institution_id: Set(actor.institution_id),
                import_id: Set(Some(import.id)),
                hal_id: Set(r.hal_id.clone()),
                doi: Set(r.doi.clone()),
                title: Set(r.title.clone()),
                abstract_text: Set(r.abstract_text.clone()),
                keywords: Set(joined(&r.keywords)),
                authors: Set(joined(&r.authors)),
                year: Set(r.year),
                lab: Set(r.lab.clone()),
                doc_type: Set(r.doc_type.clone()),
                venue: Set(r.venue.clone()),
                illustrative: Set(file.illustrative),
                ..Default::default()
            })
            .collect();
        repo::insert_records(&txn, models).await?;
        let stored = repo::publications(
            &txn,
            actor.institution_id,
            &PublicationFilter {
                import_id: Some(import.id),
                ..Default::default()
            },
            0,
            0,
        )
        .await?;
        let items: Vec<(i64, String)> = stored
            .iter()
            .map(|p| {
                (
                    p.id,
                    publication_text(&p.title, p.abstract_text.as_deref(), &split(&p.keywords)),
                )
            })
            .collect();
        let suggested = self
            .store_suggestions(
                &txn,
                actor.institution_id,
                TaggedKind::Publication,
                items.into_iter(),
                now,
            )
            .await?;
        let report = InventoryImportReport {
            import_id: import.id,
            records: fresh.len(),
            rejected: parsed.rejected,
            duplicates,
            suggested,
            problems: parsed.problems,
        };
        self.finish_import(txn, actor, &import, &report, now)
            .await?;
        Ok(report)
    }

    /// Classifies texts on all cores and stores their suggestions. Returns how many got one.
    pub(crate) async fn store_suggestions<C: jalon_store::ConnectionTrait>(
        &self,
        conn: &C,
        institution_id: i64,
        kind: TaggedKind,
        items: impl Iterator<Item = (i64, String)>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<usize> {
        let items: Vec<(i64, String)> = items.collect();
        let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
        let classified =
            jalon_sdg::Classifier::shared().classify_batch(&texts, jalon_sdg::LangHint::Auto);
        let mut with = 0;
        for ((id, _), c) in items.iter().zip(&classified) {
            let s: Vec<_> = super::suggestions_of(c, 8)
                .into_iter()
                .map(|s| jalon_store::inventories::NewSuggestion {
                    goal: i32::from(s.goal),
                    score: (s.score * 1000.0).round() / 1000.0,
                    evidence: super::tags::evidence_json(&s.evidence),
                })
                .collect();
            if !s.is_empty() {
                with += 1;
            }
            repo::replace_suggestions(
                conn,
                Tagged {
                    institution_id,
                    kind,
                    entity_id: *id,
                },
                &s,
                now,
            )
            .await?;
        }
        Ok(with)
    }

    async fn finish_import(
        &self,
        txn: jalon_store::DatabaseTransaction,
        actor: &Actor,
        import: &ImportRow,
        report: &InventoryImportReport,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory_import",
                entity_id: Some(import.id),
                operation: "import",
                message: Message::new("journal-inventory-imported")
                    .word("kind", format!("sdg-import-kind-{}", import.kind))
                    .with("count", report.records)
                    .with("file", &import.file_name)
                    .with("rejected", report.rejected)
                    .with("duplicates", report.duplicates)
                    .with("suggested", report.suggested),
                before: None,
                after: None,
            },
            now,
            Feed::Sdg,
        )
        .await
    }

    /// The imports of a kind (`projects`, `publications`, `courses`).
    pub async fn inventory_imports(&self, actor: &Actor, kind: &str) -> AppResult<Vec<ImportRow>> {
        actor.require(Operation::View)?;
        Ok(repo::imports(self.store.db(), actor.institution_id, kind).await?)
    }

    /// Deletes an import with its records and their tags (editors).
    pub async fn delete_inventory_import(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Operation::EditInventory { unit_member: false })?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::delete_import(&txn, actor.institution_id, id)
            .await
            .map_err(|_| AppError::NotFound("inventory_import"))?;
        self.finish_feeding(
            txn,
            Change {
                institution_id: actor.institution_id,
                user_id: actor.user_id,
                entity_kind: "inventory_import",
                entity_id: Some(id),
                operation: "delete",
                message: Message::new("journal-inventory-deleted")
                    .word("kind", format!("sdg-import-kind-{}", row.kind))
                    .with("count", row.records)
                    .with("file", &row.file_name),
                before: None,
                after: None,
            },
            now,
            Feed::Sdg,
        )
        .await
    }

    /// The research projects with their tags; `lab` filters.
    pub async fn projects(&self, actor: &Actor, lab: Option<&str>) -> AppResult<Vec<ProjectView>> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        let rows: Vec<_> = repo::projects(db, actor.institution_id)
            .await?
            .into_iter()
            .filter(|p| lab.is_none_or(|l| p.lab.as_deref() == Some(l)))
            .collect();
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        let mut tags = tags_by_entity(
            &repo::tags(db, actor.institution_id, TaggedKind::Project, Some(&ids)).await?,
        );
        Ok(rows
            .into_iter()
            .map(|p| ProjectView {
                tags: tags.remove(&p.id).unwrap_or_default(),
                id: p.id,
                reference: p.reference,
                acronym: p.acronym,
                title: p.title,
                summary: p.summary,
                lab: p.lab,
                start_year: p.start_year,
                end_year: p.end_year,
                partners: p.partners,
                funding: p.funding,
                illustrative: p.illustrative,
            })
            .collect())
    }

    /// Publications with their tags, filtered and paged.
    pub async fn publications(
        &self,
        actor: &Actor,
        filter: &PublicationFilter,
        offset: u64,
        limit: u64,
    ) -> AppResult<PublicationPage> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        let rows = repo::publications(
            db,
            actor.institution_id,
            filter,
            offset,
            limit.clamp(1, 1000),
        )
        .await?;
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        let mut tags = tags_by_entity(
            &repo::tags(
                db,
                actor.institution_id,
                TaggedKind::Publication,
                Some(&ids),
            )
            .await?,
        );
        Ok(PublicationPage {
            total: repo::count_publications(db, actor.institution_id, filter).await?,
            publications: rows
                .into_iter()
                .map(|p| PublicationView {
                    tags: tags.remove(&p.id).unwrap_or_default(),
                    keywords: split(&p.keywords),
                    authors: split(&p.authors),
                    id: p.id,
                    hal_id: p.hal_id,
                    doi: p.doi,
                    title: p.title,
                    abstract_text: p.abstract_text,
                    year: p.year,
                    lab: p.lab,
                    doc_type: p.doc_type,
                    venue: p.venue,
                    illustrative: p.illustrative,
                })
                .collect(),
        })
    }

    /// SDGs by lab: projects (`publications` false) or publications carrying each goal,
    /// counting confirmed tags, and suggestions too when `with_proposed`.
    pub async fn research_heatmap(
        &self,
        actor: &Actor,
        publications: bool,
        with_proposed: bool,
    ) -> AppResult<HeatMap> {
        actor.require(Operation::View)?;
        let db = self.store.db();
        let (kind, labs): (TaggedKind, Vec<(i64, String)>) = if publications {
            (
                TaggedKind::Publication,
                repo::publications(db, actor.institution_id, &Default::default(), 0, 0)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.lab.unwrap_or_else(|| "—".into())))
                    .collect(),
            )
        } else {
            (
                TaggedKind::Project,
                repo::projects(db, actor.institution_id)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p.lab.unwrap_or_else(|| "—".into())))
                    .collect(),
            )
        };
        let tags = repo::tags(db, actor.institution_id, kind, None).await?;
        Ok(heatmap(&labs, &tags, with_proposed))
    }

    /// The research figures of every year with projects or publications.
    pub async fn research_years(&self, actor: &Actor) -> AppResult<Vec<ResearchYear>> {
        self.research_years_on(self.store.db(), actor).await
    }

    /// [`App::research_years`] as `db` sees the inventories (a transaction not yet committed).
    pub(crate) async fn research_years_on<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
    ) -> AppResult<Vec<ResearchYear>> {
        actor.require(Operation::View)?;
        let projects = repo::projects(db, actor.institution_id).await?;
        let pubs = repo::publications(db, actor.institution_id, &Default::default(), 0, 0).await?;
        let confirmed =
            |kind: TaggedKind, rows: Vec<jalon_store::inventories::TagRow>| -> BTreeSet<i64> {
                rows.into_iter()
                    .filter(|t| t.state == TagState::Confirmed && t.entity_kind == kind)
                    .map(|t| t.entity_id)
                    .collect()
            };
        let p_tagged = confirmed(
            TaggedKind::Project,
            repo::tags(db, actor.institution_id, TaggedKind::Project, None).await?,
        );
        let pub_tagged = confirmed(
            TaggedKind::Publication,
            repo::tags(db, actor.institution_id, TaggedKind::Publication, None).await?,
        );
        let mut years: BTreeSet<i32> = pubs.iter().filter_map(|p| p.year).collect();
        for p in &projects {
            if let (Some(s), Some(e)) = (p.start_year, p.end_year.or(p.start_year)) {
                years.extend(s..=e.min(s + 50));
            }
        }
        Ok(years
            .into_iter()
            .map(|year| {
                let active: Vec<_> = projects
                    .iter()
                    .filter(|p| match (p.start_year, p.end_year) {
                        (Some(s), Some(e)) => s <= year && year <= e,
                        (Some(s), None) => s <= year,
                        _ => false,
                    })
                    .collect();
                let mut by_lab: BTreeMap<String, (usize, usize)> = BTreeMap::new();
                for p in &active {
                    let e = by_lab
                        .entry(p.lab.clone().unwrap_or_else(|| "—".into()))
                        .or_default();
                    e.0 += 1;
                    e.1 += usize::from(p_tagged.contains(&p.id));
                }
                let with = active.iter().filter(|p| p_tagged.contains(&p.id)).count();
                let year_pubs: Vec<_> = pubs.iter().filter(|p| p.year == Some(year)).collect();
                ResearchYear {
                    year,
                    projects: active.len(),
                    projects_with_sdg: with,
                    share: (!active.is_empty()).then(|| with as f64 / active.len() as f64 * 100.0),
                    by_lab,
                    publications: year_pubs.len(),
                    sdg_publications: year_pubs
                        .iter()
                        .filter(|p| pub_tagged.contains(&p.id))
                        .count(),
                }
            })
            .collect())
    }
}

/// Counts per row label and goal of the items carrying each goal (confirmed, and proposed
/// when asked); rows sorted by label.
pub(crate) fn heatmap(
    items: &[(i64, String)],
    tags: &[jalon_store::inventories::TagRow],
    with_proposed: bool,
) -> HeatMap {
    let mut goals_of: BTreeMap<i64, BTreeSet<u8>> = BTreeMap::new();
    for t in tags {
        if (t.state == TagState::Confirmed || (with_proposed && t.state == TagState::Proposed))
            && let Ok(g) = u8::try_from(t.goal)
        {
            goals_of.entry(t.entity_id).or_default().insert(g);
        }
    }
    let mut rows: BTreeMap<&str, ([usize; 17], usize)> = BTreeMap::new();
    for (id, label) in items {
        let r = rows.entry(label.as_str()).or_insert(([0; 17], 0));
        r.1 += 1;
        for g in goals_of.get(id).into_iter().flatten() {
            if let Some(c) = r.0.get_mut(usize::from(*g).wrapping_sub(1)) {
                *c += 1;
            }
        }
    }
    HeatMap {
        rows: rows.keys().map(|k| k.to_string()).collect(),
        counts: rows.values().map(|v| v.0).collect(),
        totals: rows.values().map(|v| v.1).collect(),
    }
}
