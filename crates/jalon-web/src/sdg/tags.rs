//! The SDG block every tagged element shows (actions, objectives, projects, publications,
//! courses): its SDGs, the suggestions with their evidence to confirm or reject, and the field to
//! add one.

use jalon_app::sdg::tags::{TagView, TaggedKind};
use jalon_core::tag::TagState;
use jalon_i18n::Tr;

/// A tag as a chip: goal colour, state, evidence.
pub(crate) struct TagChip {
    pub id: i64,
    pub goal: u8,
    pub label: String,
    /// Score of a suggestion, shown beside it.
    pub score: String,
    /// The matched words, for people to judge.
    pub evidence: String,
}

/// The SDG block of an entity page: confirmed tags, suggestions to decide, the add form.
pub(crate) struct SdgBlock {
    pub kind: &'static str,
    pub entity_id: i64,
    /// Where decisions come back to.
    pub next: String,
    pub confirmed: Vec<TagChip>,
    pub proposed: Vec<TagChip>,
    pub can_tag: bool,
}

fn chip(tr: &Tr, t: &TagView) -> TagChip {
    let mut terms: Vec<&str> = Vec::new();
    for e in &t.evidence {
        if !terms.contains(&e.matched.as_str()) {
            terms.push(&e.matched);
        }
    }
    TagChip {
        id: t.id,
        goal: t.goal,
        label: t.target.clone().unwrap_or_else(|| t.goal.to_string()),
        score: t.score.map(|s| tr.num(s)).unwrap_or_default(),
        evidence: terms.into_iter().take(6).collect::<Vec<_>>().join(", "),
    }
}

/// The SDG block of an entity from its tags.
pub(crate) fn sdg_block(
    tr: &Tr,
    kind: TaggedKind,
    entity_id: i64,
    next: &str,
    tags: &[TagView],
    can_tag: bool,
) -> SdgBlock {
    SdgBlock {
        kind: kind.as_str(),
        entity_id,
        next: next.to_string(),
        confirmed: tags
            .iter()
            .filter(|t| t.state == TagState::Confirmed)
            .map(|t| chip(tr, t))
            .collect(),
        proposed: tags
            .iter()
            .filter(|t| t.state == TagState::Proposed)
            .map(|t| chip(tr, t))
            .collect(),
        can_tag,
    }
}

/// The short name of a goal in the page's language.
pub(crate) fn goal_short(tr: &Tr, n: u8) -> String {
    jalon_sdg::goal(n)
        .map(|g| {
            g.short(if tr.fr() {
                jalon_sdg::Lang::Fr
            } else {
                jalon_sdg::Lang::En
            })
            .to_string()
        })
        .unwrap_or_default()
}

pub(crate) fn sdg_lang(tr: &Tr) -> jalon_sdg::Lang {
    if tr.fr() {
        jalon_sdg::Lang::Fr
    } else {
        jalon_sdg::Lang::En
    }
}
