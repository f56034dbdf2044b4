//! SDG tags: what is tagged, where a tag comes from, where its review stands, and the SDG
//! reference it names.
//!
//! A suggestion of the classifier is *proposed*, then *confirmed* or *rejected* by a person;
//! a rejected SDG is not suggested again; only confirmed SDGs count. A reference is a goal
//! (`13`) or a UN target (`13.2`, `4.a`), parsed once here.

use serde::{Deserialize, Serialize};

/// Where a tag's review stands (also the state of a course's focus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum TagState {
    /// Suggested, waiting for a person.
    Proposed,
    Confirmed,
    Rejected,
}

/// Who put a tag there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum TagOrigin {
    /// Added by a person (confirmed from the start).
    Manual,
    /// Suggested by the classifier.
    Suggested,
}

/// What can carry SDG tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum TaggedKind {
    Objective,
    Action,
    Project,
    Publication,
    Course,
}

names!(TagState {
    Proposed = "proposed",
    Confirmed = "confirmed",
    Rejected = "rejected",
});
names!(TagOrigin {
    Manual = "manual",
    Suggested = "suggested",
});
names!(TaggedKind {
    Objective = "objective",
    Action = "action",
    Project = "project",
    Publication = "publication",
    Course = "course",
});

/// A reference to an SDG: a goal (`13`), or one of its UN targets (`13.2`, `4.a`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdgRef {
    /// The goal, 1 to 17.
    pub goal: u8,
    /// The target's part after the goal (`2` of `13.2`, `a` of `4.a`), if any.
    pub target: Option<String>,
}

impl SdgRef {
    /// Parses `13`, `13.2`, `4.a` (spaces and a leading `ODD`/`SDG` allowed); `None` when it
    /// is not a goal 1–17 or a well-formed target of one.
    pub fn parse(s: &str) -> Option<SdgRef> {
        let s = s.trim();
        let s = ["ODD", "SDG", "odd", "sdg"]
            .iter()
            .find_map(|p| s.strip_prefix(p))
            .unwrap_or(s)
            .trim();
        let (goal, target) = match s.split_once('.') {
            Some((g, t)) => (g, Some(t)),
            None => (s, None),
        };
        let goal: u8 = goal.trim().parse().ok().filter(|g| (1..=17).contains(g))?;
        let target = match target.map(str::trim) {
            None => None,
            Some(t)
                if !t.is_empty()
                    && t.len() <= 2
                    && t.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                Some(t.to_ascii_lowercase())
            }
            Some(_) => return None,
        };
        Some(SdgRef { goal, target })
    }

    /// The goal of a reference, or `None` when it is not one (for lists of stored references).
    pub fn goal_of(s: &str) -> Option<u8> {
        SdgRef::parse(s).map(|r| r.goal)
    }

    /// The UN target code (`13.2`), when the reference names one.
    pub fn target_code(&self) -> Option<String> {
        self.target.as_ref().map(|t| format!("{}.{t}", self.goal))
    }
}

impl std::fmt::Display for SdgRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            Some(t) => write!(f, "{}.{t}", self.goal),
            None => write!(f, "{}", self.goal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_goals_or_targets() {
        assert_eq!(
            SdgRef::parse("13.2"),
            Some(SdgRef {
                goal: 13,
                target: Some("2".into())
            })
        );
        assert_eq!(
            SdgRef::parse(" ODD 4.A ").map(|r| r.to_string()),
            Some("4.a".into())
        );
        assert_eq!(SdgRef::parse("17").and_then(|r| r.target_code()), None);
        assert_eq!(SdgRef::goal_of("6.b"), Some(6));
        for bad in ["0", "18", "", "13.", "13.2.1", "treize", "13.abc"] {
            assert_eq!(SdgRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn states_have_stable_names() {
        for s in TagState::ALL {
            assert_eq!(TagState::parse(s.as_str()), Some(*s));
            let json = serde_json::to_string(s).expect("json");
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(
            TaggedKind::parse("publication"),
            Some(TaggedKind::Publication)
        );
        assert_eq!(TagOrigin::parse("robot"), None);
    }
}
