//! What carries one SDG in the institution: the objectives and actions of the plan that name
//! it (goal or one of its targets), and the research projects and courses whose tag for it
//! was confirmed by a person. The goal page and the SDG report select with the same rules,
//! written here once.

use jalon_core::access::Operation;
use jalon_core::tag::{SdgRef, TagState, TaggedKind};

use super::research::ProjectView;
use super::tags::TagView;
use super::teaching::CourseView;
use crate::{Actor, App, AppResult};

/// True when one of a plan item's SDG references (`13`, `13.2`) is of goal `n`.
pub fn names_goal(sdgs: &[String], n: u8) -> bool {
    sdgs.iter().any(|s| SdgRef::goal_of(s) == Some(n))
}

/// True when a person confirmed goal `n` among these tags (suggestions do not count).
pub fn confirmed_for(tags: &[TagView], n: u8) -> bool {
    tags.iter()
        .any(|t| t.goal == n && t.state == TagState::Confirmed)
}

/// An objective or action of the plan, enough to name and link it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItemRef {
    /// Objective or action.
    pub kind: TaggedKind,
    /// The item's id (links), `None` for an item of a plan not stored yet.
    pub id: Option<i64>,
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
}

/// A course and the programme it belongs to.
#[derive(Debug, Clone)]
pub struct ProgrammeCourse {
    pub programme: String,
    pub course: CourseView,
}

/// What carries one SDG.
#[derive(Debug, Clone)]
pub struct GoalContributions {
    /// The goal, 1 to 17.
    pub goal: u8,
    /// Objectives and actions, in the plan's order (an objective, then its actions).
    pub plan: Vec<PlanItemRef>,
    pub projects: Vec<ProjectView>,
    pub courses: Vec<ProgrammeCourse>,
}

impl App {
    /// What carries goal `n` (1–17): plan items naming it, and confirmed projects and courses.
    pub async fn goal_contributions(&self, actor: &Actor, n: u8) -> AppResult<GoalContributions> {
        actor.require(Operation::View)?;
        if !(1..=17).contains(&n) {
            return Err(crate::AppError::NotFound("page"));
        }
        let view = self.view_for(actor).await?;
        let mut plan = Vec::new();
        for o in view.doc().axes.iter().flat_map(|a| &a.objectives) {
            if names_goal(&o.sdgs, n) {
                plan.push(PlanItemRef {
                    kind: TaggedKind::Objective,
                    id: view.objective_id(&o.code),
                    code: o.code.clone(),
                    title: o.title.clone(),
                    title_en: o.title_en.clone(),
                });
            }
            for a in o.actions.iter().filter(|a| names_goal(&a.sdgs, n)) {
                plan.push(PlanItemRef {
                    kind: TaggedKind::Action,
                    id: view.action_id(&a.code),
                    code: a.code.clone(),
                    title: a.title.clone(),
                    title_en: a.title_en.clone(),
                });
            }
        }
        let projects = self
            .projects(actor, None)
            .await?
            .into_iter()
            .filter(|p| confirmed_for(&p.tags, n))
            .collect();
        let courses = self
            .teaching(actor)
            .await?
            .programmes
            .into_iter()
            .flat_map(|p| {
                let programme = p.name;
                p.courses
                    .into_iter()
                    .filter(|c| confirmed_for(&c.tags, n))
                    .map(move |course| ProgrammeCourse {
                        programme: programme.clone(),
                        course,
                    })
            })
            .collect();
        Ok(GoalContributions {
            goal: n,
            plan,
            projects,
            courses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_names_its_goal_and_only_its_goal() {
        let sdgs = vec![
            "13.2".to_string(),
            "4".to_string(),
            "not an sdg".to_string(),
        ];
        assert!(names_goal(&sdgs, 13));
        assert!(names_goal(&sdgs, 4));
        assert!(!names_goal(&sdgs, 1), "13.2 is not goal 1");
        assert!(!names_goal(&sdgs, 3));
    }
}
