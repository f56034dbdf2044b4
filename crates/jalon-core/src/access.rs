//! Who may do what: the four roles and the one function that decides.
//!
//! Web pages, the JSON API and the command line all ask [`allowed`]; none of them decides on
//! its own. Ownership (the contributor is the indicator's owner, or the action's pilot) is
//! established by the caller from stored data and passed in as part of the operation.

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
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
pub enum Role {
    /// Reads everything.
    Viewer,
    /// Enters values for the indicators they own and updates the actions they pilot.
    Contributor,
    /// Maintains the plan: strategy tree, actions, imports, validation of values.
    Editor,
    /// Everything, including accounts.
    Admin,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Contributor, Role::Viewer];

    /// Stable identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Contributor => "contributor",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Parses the stable identifier.
    pub fn parse(s: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a user wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Read the plan, dashboards, checks, exports.
    View,
    /// Change the strategy tree (axes, objectives, targets, indicators, any action).
    EditPlan,
    /// Replace the plan from a file.
    ImportPlan,
    /// Update an action sheet; `is_pilot` when the user pilots it.
    UpdateAction { is_pilot: bool },
    /// Comment on an action sheet.
    Comment,
    /// Enter or change a value; `is_owner` when the user owns the indicator.
    EnterMeasurement { is_owner: bool },
    /// Validate (or reopen) a value.
    ValidateMeasurement,
    /// Create accounts, change roles and passwords of others.
    ManageUsers,
    /// Create and revoke one's own API tokens, change one's own password.
    ManageOwnAccount,
    /// Enter carbon activity data or import missions; `unit_member` when the data is a unit's
    /// (a lab's) and the user belongs to that unit.
    EditCarbon { unit_member: bool },
    /// Set the internal carbon price, record reinvestments, import emission factors.
    ManageFund,
    /// Import research projects, publications or courses, and confirm or reject their SDGs;
    /// `unit_member` when the records are a unit's (a lab's) and the user belongs to it.
    EditInventory { unit_member: bool },
    /// Answer framework questions (THE evidence bank, DD&RS self-assessment), manage evidence
    /// items and write report content.
    EditReports,
    /// Open, close and reopen the yearly campaign; validate or return what owners supplied.
    RunCampaign,
    /// Read the journal of every change (editors; account entries to administrators only,
    /// which the use case filters).
    ReadJournal,
}

/// True when `role` may perform `op`.
pub fn allowed(role: Role, op: Operation) -> bool {
    use Operation::*;
    match op {
        View | ManageOwnAccount => true,
        EditPlan | ImportPlan | ValidateMeasurement => role >= Role::Editor,
        ManageUsers => role == Role::Admin,
        Comment => role >= Role::Contributor,
        UpdateAction { is_pilot } => {
            role >= Role::Editor || (role == Role::Contributor && is_pilot)
        }
        EnterMeasurement { is_owner } => {
            role >= Role::Editor || (role == Role::Contributor && is_owner)
        }
        EditCarbon { unit_member } => {
            role >= Role::Editor || (role == Role::Contributor && unit_member)
        }
        ManageFund | EditReports | ReadJournal | RunCampaign => role >= Role::Editor,
        EditInventory { unit_member } => {
            role >= Role::Editor || (role == Role::Contributor && unit_member)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Operation::*;

    #[test]
    fn matrix() {
        let cases: &[(Operation, [bool; 4])] = &[
            // admin, editor, contributor, viewer
            (View, [true, true, true, true]),
            (EditPlan, [true, true, false, false]),
            (ImportPlan, [true, true, false, false]),
            (UpdateAction { is_pilot: true }, [true, true, true, false]),
            (UpdateAction { is_pilot: false }, [true, true, false, false]),
            (Comment, [true, true, true, false]),
            (
                EnterMeasurement { is_owner: true },
                [true, true, true, false],
            ),
            (
                EnterMeasurement { is_owner: false },
                [true, true, false, false],
            ),
            (ValidateMeasurement, [true, true, false, false]),
            (ManageUsers, [true, false, false, false]),
            (ManageOwnAccount, [true, true, true, true]),
            (EditCarbon { unit_member: true }, [true, true, true, false]),
            (
                EditCarbon { unit_member: false },
                [true, true, false, false],
            ),
            (ManageFund, [true, true, false, false]),
            (EditReports, [true, true, false, false]),
            (ReadJournal, [true, true, false, false]),
            (RunCampaign, [true, true, false, false]),
            (
                EditInventory { unit_member: true },
                [true, true, true, false],
            ),
            (
                EditInventory { unit_member: false },
                [true, true, false, false],
            ),
        ];
        for (op, expected) in cases {
            for (role, want) in Role::ALL.iter().zip(expected) {
                assert_eq!(allowed(*role, *op), *want, "{role} {op:?}");
            }
        }
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
