//! Frameworks the institution answers to, and the evidence behind its answers: the evidence
//! bank (policies, programmes, web pages, documents — each item reusable across THE indicators
//! and DD&RS items), the THE Impact evidence bank (`the`) and the DD&RS self-assessment
//! (`ddrs`).

pub mod ddrs;
pub mod the;

use crate::ErrorCode;
use jalon_core::message::Message;
use std::collections::HashMap;

use chrono::NaiveDate;
use jalon_core::access::Operation;
use jalon_core::framework::the_evidence::{EvidenceFacts, Window, window};
use jalon_store::frameworks::{self as repo, EvidenceFields, EvidenceRow};
use serde::{Deserialize, Serialize};

use crate::{Actor, App, AppError, AppResult, not_found};

/// Kinds of evidence items.
pub const EVIDENCE_KINDS: [&str; 4] = ["policy", "programme", "web_page", "document"];

/// An evidence item as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    pub title: String,
    /// `policy`, `programme`, `web_page` or `document`.
    pub kind: String,
    pub issuer: Option<String>,
    /// `YYYY-MM-DD`.
    pub adopted_on: Option<String>,
    /// The body that adopted it (board, council).
    pub adopted_by: Option<String>,
    pub valid_until: Option<String>,
    pub next_review: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub public: bool,
}

/// An evidence item as shown, with its standing for a year.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub issuer: Option<String>,
    pub adopted_on: Option<NaiveDate>,
    pub adopted_by: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub url: Option<String>,
    pub public: bool,
    /// Where the item stands for the year asked.
    pub window: Window,
    /// The next review date has passed.
    pub review_overdue: bool,
    /// How many answers and assessments use it.
    pub uses: usize,
}

pub(crate) fn facts(e: &EvidenceRow) -> EvidenceFacts {
    EvidenceFacts {
        adopted_on: e.adopted_on,
        valid_until: e.valid_until,
        public: e.public,
        has_url: e.url.as_deref().is_some_and(|u| !u.trim().is_empty()),
    }
}

pub(crate) fn evidence_view(
    e: &EvidenceRow,
    year: i32,
    today: NaiveDate,
    uses: usize,
) -> EvidenceView {
    let w: Window = window(year, &facts(e));
    EvidenceView {
        id: e.id,
        title: e.title.clone(),
        kind: e.kind.clone(),
        issuer: e.issuer.clone(),
        adopted_on: e.adopted_on,
        adopted_by: e.adopted_by.clone(),
        valid_until: e.valid_until,
        next_review: e.next_review,
        url: e.url.clone(),
        public: e.public,
        window: w,
        review_overdue: e.next_review.is_some_and(|d| d < today),
        uses,
    }
}

fn date(field: &'static str, v: &Option<String>) -> AppResult<Option<NaiveDate>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, ErrorCode::InvalidDate, s)),
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A web address users may follow: `http(s)://` only.
pub(crate) fn web_url(field: &'static str, v: &Option<String>) -> AppResult<Option<String>> {
    match text(v) {
        None => Ok(None),
        Some(u)
            if (u.starts_with("https://") || u.starts_with("http://"))
                && !u.contains(char::is_whitespace) =>
        {
            Ok(Some(u))
        }
        Some(u) => Err(AppError::invalid(field, ErrorCode::InvalidUrl, u)),
    }
}

fn evidence_fields(input: &EvidenceInput) -> AppResult<EvidenceFields> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(AppError::invalid("title", ErrorCode::Required, ""));
    }
    if !EVIDENCE_KINDS.contains(&input.kind.as_str()) {
        return Err(AppError::invalid(
            "kind",
            ErrorCode::InvalidEvidenceKind,
            input.kind.clone(),
        ));
    }
    let adopted_on = date("adopted_on", &input.adopted_on)?;
    let valid_until = date("valid_until", &input.valid_until)?;
    let next_review = date("next_review", &input.next_review)?;
    if let (Some(a), Some(v)) = (adopted_on, valid_until)
        && v < a
    {
        return Err(AppError::invalid(
            "valid_until",
            ErrorCode::EndsBeforeStart,
            v.to_string(),
        ));
    }
    let url = web_url("url", &input.url)?;
    if input.public && url.is_none() {
        return Err(AppError::invalid("url", ErrorCode::PublicNeedsUrl, ""));
    }
    Ok(EvidenceFields {
        title: title.to_string(),
        kind: input.kind.clone(),
        issuer: text(&input.issuer),
        adopted_on,
        adopted_by: text(&input.adopted_by),
        valid_until,
        next_review,
        url,
        public: input.public,
    })
}

/// How the bank's items are used: the items of each THE answer, and how many answers and
/// DD&RS assessments use each item.
pub(crate) struct EvidenceUse {
    /// Evidence ids by THE answer id.
    pub by_answer: HashMap<i64, Vec<i64>>,
    /// Number of links by evidence id.
    pub uses: HashMap<i64, usize>,
}

impl EvidenceUse {
    /// How many answers and assessments use item `id`.
    pub fn uses(&self, id: i64) -> usize {
        self.uses.get(&id).copied().unwrap_or(0)
    }
}

impl App {
    /// The links of the institution's evidence items to THE answers and DD&RS assessments.
    pub(crate) async fn evidence_use(&self, institution_id: i64) -> AppResult<EvidenceUse> {
        let db = self.store.db();
        let mut out = EvidenceUse {
            by_answer: HashMap::new(),
            uses: HashMap::new(),
        };
        for kind in [repo::kinds::THE_ANSWER, repo::kinds::DDRS_ASSESSMENT] {
            for l in repo::evidence_links(db, institution_id, kind).await? {
                *out.uses.entry(l.evidence_id).or_default() += 1;
                if kind == repo::kinds::THE_ANSWER {
                    out.by_answer
                        .entry(l.entity_id)
                        .or_default()
                        .push(l.evidence_id);
                }
            }
        }
        Ok(out)
    }

    /// Links (or unlinks) item `evidence_id` to the entity `(kind, entity_id)` within `txn`
    /// and commits it with its audit entry; when there is nothing to change, nothing is
    /// written (the transaction is dropped).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn finish_evidence_link(
        &self,
        actor: &Actor,
        txn: jalon_store::DatabaseTransaction,
        kind: &'static str,
        entity_id: i64,
        evidence_id: i64,
        link: bool,
        message: Message,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        let changed = if link {
            repo::link_evidence(&txn, evidence_id, kind, entity_id).await?
        } else {
            repo::unlink_evidence(&txn, evidence_id, kind, entity_id).await?
        };
        if !changed {
            return Ok(());
        }
        self.finish(
            txn,
            actor.change(
                kind,
                Some(entity_id),
                if link { "link" } else { "unlink" },
                message.word(
                    "linked",
                    if link {
                        "journal-evidence-linked"
                    } else {
                        "journal-evidence-unlinked"
                    },
                ),
            ),
            now,
        )
        .await
    }

    /// The evidence bank, each item checked against `year`.
    pub async fn evidence_bank(&self, actor: &Actor, year: i32) -> AppResult<Vec<EvidenceView>> {
        actor.require(Operation::View)?;
        let items = repo::evidence_items(self.store.db(), actor.institution_id).await?;
        let used = self.evidence_use(actor.institution_id).await?;
        let today = self.now().date_naive();
        Ok(items
            .iter()
            .map(|e| evidence_view(e, year, today, used.uses(e.id)))
            .collect())
    }

    /// Creates (`id: None`) or updates an evidence item; returns its id.
    pub async fn save_evidence(
        &self,
        actor: &Actor,
        id: Option<i64>,
        input: &EvidenceInput,
    ) -> AppResult<i64> {
        actor.require(Operation::EditReports)?;
        let fields = evidence_fields(input)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::save_evidence(&txn, actor.institution_id, id, &fields, now)
            .await
            .map_err(not_found("evidence"))?;
        self.finish(
            txn,
            actor.change(
                "evidence",
                Some(row.id),
                if id.is_some() { "update" } else { "create" },
                Message::new(if id.is_some() {
                    "journal-evidence-updated"
                } else {
                    "journal-evidence-created"
                })
                .with("title", &row.title),
            ),
            now,
        )
        .await?;
        Ok(row.id)
    }

    /// Deletes an evidence item and its links.
    pub async fn delete_evidence(&self, actor: &Actor, id: i64) -> AppResult<()> {
        actor.require(Operation::EditReports)?;
        let now = self.now();
        let txn = self.store.begin_write().await?;
        let row = repo::delete_evidence(&txn, actor.institution_id, id)
            .await
            .map_err(not_found("evidence"))?;
        self.finish(
            txn,
            actor.change(
                "evidence",
                Some(id),
                "delete",
                Message::new("journal-evidence-deleted").with("title", row.title),
            ),
            now,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_input_is_checked_field_by_field() {
        let ok = EvidenceInput {
            title: " Charte ".into(),
            kind: "policy".into(),
            adopted_on: Some("2021-06-01".into()),
            url: Some("https://example.org/charte.pdf".into()),
            public: true,
            ..Default::default()
        };
        assert_eq!(
            evidence_fields(&ok).map(|f| f.title).ok(),
            Some("Charte".into())
        );
        let code = |i: EvidenceInput| evidence_fields(&i).err().map(|e| e.code().as_str());
        assert_eq!(
            code(EvidenceInput {
                title: " ".into(),
                ..ok.clone()
            }),
            Some("required")
        );
        assert_eq!(
            code(EvidenceInput {
                kind: "rumour".into(),
                ..ok.clone()
            }),
            Some("invalid_evidence_kind")
        );
        assert_eq!(
            code(EvidenceInput {
                adopted_on: Some("01/06/2021".into()),
                ..ok.clone()
            }),
            Some("invalid_date")
        );
        assert_eq!(
            code(EvidenceInput {
                url: Some("javascript:alert(1)".into()),
                ..ok.clone()
            }),
            Some("invalid_url")
        );
        assert_eq!(
            code(EvidenceInput {
                url: None,
                ..ok.clone()
            }),
            Some("public_needs_url")
        );
        assert_eq!(
            code(EvidenceInput {
                valid_until: Some("2020-01-01".into()),
                ..ok
            }),
            Some("ends_before_start")
        );
    }
}
