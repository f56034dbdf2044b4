//! What a new plan file changes in the current plan, element by element, before anything is
//! written: the preview of an import and its report.
//!
//! Elements are matched by code. An import keeps what a person recorded in the application
//! and the file does not carry, so what the file leaves out of a kept element is not a
//! change: a value whose period is missing stays, and so do comments and evidence links the
//! file does not list. The diff follows the same rule, so an unchanged export reads back as
//! no change at all.

use serde::Serialize;

use crate::plan::{Action, Axis, Indicator, Objective, PlanDocument};

/// The level of an element of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    /// The strategy itself: its title, years, institution, people and units.
    Strategy,
    Axis,
    Objective,
    Target,
    Indicator,
    Action,
}

impl ElementKind {
    /// Stable name, the suffix of its catalogue key `plan-element-…`.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Strategy => "strategy",
            ElementKind::Axis => "axis",
            ElementKind::Objective => "objective",
            ElementKind::Target => "target",
            ElementKind::Indicator => "indicator",
            ElementKind::Action => "action",
        }
    }
}

/// What happens to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// New in the file.
    Added,
    /// Same code and parent, other content.
    Changed,
    /// Under another parent (and maybe changed too).
    Moved,
    /// The order of its children changed.
    Reordered,
    /// In the plan, not in the file: removed with what is attached to it.
    Removed,
}

impl ChangeKind {
    /// Every change, in the order a summary lists them.
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::Added,
        ChangeKind::Changed,
        ChangeKind::Moved,
        ChangeKind::Reordered,
        ChangeKind::Removed,
    ];

    /// Stable name, the suffix of its catalogue key `plan-change-…`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
            ChangeKind::Reordered => "reordered",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One element's change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElementChange {
    pub kind: ElementKind,
    /// The element's code (empty for the strategy).
    pub code: String,
    pub change: ChangeKind,
}

/// Every change a file makes, in the order of the plan (file order, removals last).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDiff {
    pub changes: Vec<ElementChange>,
}

impl PlanDiff {
    /// True when the file changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are of `change`.
    pub fn count(&self, change: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == change).count()
    }

    fn push(&mut self, kind: ElementKind, code: &str, change: ChangeKind) {
        self.changes.push(ElementChange {
            kind,
            code: code.to_string(),
            change,
        });
    }
}

/// The changes that writing `new` over `current` makes.
pub fn diff(current: &PlanDocument, new: &PlanDocument) -> PlanDiff {
    let mut d = PlanDiff::default();
    if strategy_part(current) != strategy_part(new) {
        d.push(ElementKind::Strategy, "", ChangeKind::Changed);
    }
    compare(
        &mut d,
        ElementKind::Axis,
        &axes_of(current),
        &axes_of(new),
        |a, b| strip_axis(a) == strip_axis(b),
    );
    compare(
        &mut d,
        ElementKind::Objective,
        &objectives_of(current),
        &objectives_of(new),
        |a, b| strip_objective(a) == strip_objective(b),
    );
    compare(
        &mut d,
        ElementKind::Target,
        &per_objective(current, |o| &o.targets, |t| &t.code),
        &per_objective(new, |o| &o.targets, |t| &t.code),
        |a, b| a == b,
    );
    compare(
        &mut d,
        ElementKind::Indicator,
        &per_objective(current, |o| &o.indicators, |i| &i.code),
        &per_objective(new, |o| &o.indicators, |i| &i.code),
        same_indicator,
    );
    compare(
        &mut d,
        ElementKind::Action,
        &per_objective(current, |o| &o.actions, |a| &a.code),
        &per_objective(new, |o| &o.actions, |a| &a.code),
        same_action,
    );
    d
}

/// Elements grouped by parent code, in order.
type Grouped<'a, T> = Vec<(String, Vec<(String, &'a T)>)>;

fn axes_of(doc: &PlanDocument) -> Grouped<'_, Axis> {
    let axes = doc.axes.iter().map(|a| (a.code.clone(), a)).collect();
    vec![(String::new(), axes)]
}

fn objectives_of(doc: &PlanDocument) -> Grouped<'_, Objective> {
    (doc.axes.iter())
        .map(|a| {
            let list = a.objectives.iter().map(|o| (o.code.clone(), o)).collect();
            (a.code.clone(), list)
        })
        .collect()
}

fn per_objective<'a, T>(
    doc: &'a PlanDocument,
    list: impl Fn(&'a Objective) -> &'a Vec<T>,
    code: impl Fn(&T) -> &String,
) -> Grouped<'a, T> {
    doc.objectives()
        .map(|(_, o)| {
            let items = list(o).iter().map(|t| (code(t).clone(), t)).collect();
            (o.code.clone(), items)
        })
        .collect()
}

/// Compares one level: added, moved, changed and removed elements, and parents whose kept
/// children are in another order.
fn compare<T>(
    d: &mut PlanDiff,
    kind: ElementKind,
    current: &Grouped<'_, T>,
    new: &Grouped<'_, T>,
    same: impl Fn(&T, &T) -> bool,
) {
    use std::collections::HashMap;
    let before: HashMap<&str, (&str, &T)> = (current.iter())
        .flat_map(|(p, items)| {
            items
                .iter()
                .map(move |(c, t)| (c.as_str(), (p.as_str(), *t)))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for (parent, items) in new {
        for (code, t) in items {
            seen.insert(code.as_str());
            match before.get(code.as_str()) {
                None => d.push(kind, code, ChangeKind::Added),
                Some((p, _)) if *p != parent.as_str() => d.push(kind, code, ChangeKind::Moved),
                Some((_, old)) if !same(old, t) => d.push(kind, code, ChangeKind::Changed),
                Some(_) => {}
            }
        }
        let kept_new: Vec<&str> = (items.iter())
            .map(|(c, _)| c.as_str())
            .filter(|c| before.get(c).is_some_and(|(p, _)| *p == parent.as_str()))
            .collect();
        let kept_old: Vec<&str> = (current.iter())
            .filter(|(p, _)| p == parent)
            .flat_map(|(_, items)| items.iter().map(|(c, _)| c.as_str()))
            .filter(|c| kept_new.contains(c))
            .collect();
        if kept_new != kept_old {
            let parent_kind = match kind {
                ElementKind::Axis => ElementKind::Strategy,
                ElementKind::Objective => ElementKind::Axis,
                _ => ElementKind::Objective,
            };
            d.push(parent_kind, parent, ChangeKind::Reordered);
        }
    }
    for (_, items) in current {
        for (code, _) in items {
            if !seen.contains(code.as_str()) {
                d.push(kind, code, ChangeKind::Removed);
            }
        }
    }
}

/// The strategy as adopted, without what is followed up day by day: values, comments and
/// evidence links, actions' status and progress, milestones' completion. Two snapshots differ
/// only where the strategy itself was revised, so the diff of two plan versions says what a
/// revision changed, not how the year went.
pub fn strategy_snapshot(doc: &PlanDocument) -> PlanDocument {
    let mut doc = doc.clone();
    for axis in &mut doc.axes {
        for objective in &mut axis.objectives {
            for indicator in &mut objective.indicators {
                indicator.measurements.clear();
            }
            for action in &mut objective.actions {
                action.status = Default::default();
                action.progress = None;
                action.comments.clear();
                action.evidence.clear();
                for milestone in &mut action.milestones {
                    milestone.done_on = None;
                }
            }
        }
    }
    doc
}

fn strategy_part(doc: &PlanDocument) -> PlanDocument {
    PlanDocument {
        axes: Vec::new(),
        format: String::new(),
        ..doc.clone()
    }
}

fn strip_axis(a: &Axis) -> Axis {
    Axis {
        objectives: Vec::new(),
        ..a.clone()
    }
}

fn strip_objective(o: &Objective) -> Objective {
    Objective {
        targets: Vec::new(),
        indicators: Vec::new(),
        actions: Vec::new(),
        ..o.clone()
    }
}

/// Same indicator: same fields, and each value of the file is already there as it is.
fn same_indicator(old: &Indicator, new: &Indicator) -> bool {
    let strip = |i: &Indicator| Indicator {
        measurements: Vec::new(),
        ..i.clone()
    };
    strip(old) == strip(new)
        && (new.measurements.iter()).all(|m| old.measurements.iter().any(|o| o == m))
}

/// Same action: same fields, and each comment and evidence link of the file is already there.
fn same_action(old: &Action, new: &Action) -> bool {
    let strip = |a: &Action| Action {
        comments: Vec::new(),
        evidence: Vec::new(),
        ..a.clone()
    };
    strip(old) == strip(new)
        && (new.comments.iter()).all(|c| old.comments.contains(c))
        && (new.evidence.iter()).all(|e| old.evidence.contains(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Comment, Measurement};

    fn plan() -> PlanDocument {
        let action = |code: &str| Action {
            code: code.into(),
            title: format!("Action {code}"),
            ..Default::default()
        };
        PlanDocument {
            axes: vec![Axis {
                code: "A".into(),
                title: "Axe".into(),
                objectives: vec![
                    Objective {
                        code: "A.1".into(),
                        title: "Un".into(),
                        indicators: vec![Indicator {
                            code: "I1".into(),
                            name: "Déchets".into(),
                            measurements: vec![Measurement {
                                period: "2023".into(),
                                value: "12".into(),
                                ..Default::default()
                            }],
                            ..Default::default()
                        }],
                        actions: vec![action("A.1.1"), action("A.1.2")],
                        ..Default::default()
                    },
                    Objective {
                        code: "A.2".into(),
                        title: "Deux".into(),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn changes(d: &PlanDiff) -> Vec<(ElementKind, &str, ChangeKind)> {
        (d.changes.iter())
            .map(|c| (c.kind, c.code.as_str(), c.change))
            .collect()
    }

    #[test]
    fn the_same_plan_changes_nothing() {
        assert!(diff(&plan(), &plan()).is_empty());
    }

    #[test]
    fn added_changed_moved_reordered_and_removed_elements_are_told_apart() {
        let mut new = plan();
        let objectives = &mut new.axes[0].objectives;
        let moved = objectives[0].actions.remove(1);
        objectives[1].actions.push(moved);
        objectives[0].actions[0].title = "Autre titre".into();
        objectives[0].actions.push(Action {
            code: "A.1.3".into(),
            title: "Nouvelle".into(),
            ..Default::default()
        });
        objectives.swap(0, 1);
        new.axes[0].objectives[0].title = "Deux bis".into();
        new.axes[0].objectives[1].indicators.clear();
        let d = diff(&plan(), &new);
        assert_eq!(
            changes(&d),
            vec![
                (ElementKind::Objective, "A.2", ChangeKind::Changed),
                (ElementKind::Axis, "A", ChangeKind::Reordered),
                (ElementKind::Indicator, "I1", ChangeKind::Removed),
                (ElementKind::Action, "A.1.2", ChangeKind::Moved),
                (ElementKind::Action, "A.1.1", ChangeKind::Changed),
                (ElementKind::Action, "A.1.3", ChangeKind::Added),
            ]
        );
        assert_eq!(d.count(ChangeKind::Moved), 1);
    }

    #[test]
    fn snapshots_differ_where_the_strategy_was_revised_not_where_the_year_went() {
        let adopted = plan();
        let mut followed = adopted.clone();
        let o = &mut followed.axes[0].objectives[0];
        o.indicators[0].measurements[0].value = "99".into();
        o.actions[0].progress = Some(80);
        o.actions[0].status = crate::action::ActionStatus::InProgress;
        assert!(!diff(&adopted, &followed).is_empty());
        assert!(diff(&strategy_snapshot(&adopted), &strategy_snapshot(&followed)).is_empty());
        followed.axes[0].objectives[0].actions[0].title = "Revu".into();
        assert_eq!(
            changes(&diff(
                &strategy_snapshot(&adopted),
                &strategy_snapshot(&followed)
            )),
            [(ElementKind::Action, "A.1.1", ChangeKind::Changed)]
        );
    }

    #[test]
    fn what_the_file_leaves_out_of_a_kept_element_is_no_change() {
        let mut current = plan();
        let o = &mut current.axes[0].objectives[0];
        o.actions[0].comments.push(Comment {
            author: "Camille".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default(),
            text: "Devis reçu".into(),
        });
        o.indicators[0].measurements.push(Measurement {
            period: "2024".into(),
            value: "10".into(),
            ..Default::default()
        });
        assert!(diff(&current, &plan()).is_empty());
        let mut new = plan();
        new.axes[0].objectives[0].indicators[0].measurements[0].value = "13".into();
        assert_eq!(
            changes(&diff(&current, &new)),
            vec![(ElementKind::Indicator, "I1", ChangeKind::Changed)]
        );
    }
}
