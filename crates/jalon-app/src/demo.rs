//! The demo institution: IMT Mines Alès's *Stratégie RES 2023-2027*, shipped as a plan file
//! in the repository (`demo/`), and one account per role.

use jalon_core::Lang;
use jalon_core::access::Role;
use jalon_io::Format;
use serde::Serialize;

use crate::auth::NewUserInput;
use crate::plan::ImportReport;
use crate::{Actor, App, AppResult};

/// The demo plan file.
pub const DEMO_PLAN: &[u8] = include_bytes!("../../../demo/imt-mines-ales-res-2023-2027.yaml");

/// File name of the demo plan.
pub const DEMO_PLAN_NAME: &str = "imt-mines-ales-res-2023-2027.yaml";

/// A demo account.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub display_name: &'static str,
    /// The person of the plan the account stands for.
    pub person: Option<&'static str>,
}

/// One account per role. The contributor is the facilities lead, who owns the estate
/// indicators (energy, water, waste) and pilots most estate actions.
pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        username: "admin",
        password: "jalon-admin",
        role: Role::Admin,
        display_name: "Administration (démo)",
        person: None,
    },
    DemoAccount {
        username: "editeur",
        password: "jalon-editeur",
        role: Role::Editor,
        display_name: "Chargée de mission RES",
        person: Some("Chargée de mission RES"),
    },
    DemoAccount {
        username: "contributeur",
        password: "jalon-contributeur",
        role: Role::Contributor,
        display_name: "Référent·e Ressources",
        person: Some("Référent·e Ressources"),
    },
    DemoAccount {
        username: "lecteur",
        password: "jalon-lecteur",
        role: Role::Viewer,
        display_name: "Membre du COPIL",
        person: None,
    },
];

impl App {
    /// Loads the demo plan into an empty database and creates the demo accounts.
    pub async fn load_demo(&self) -> AppResult<ImportReport> {
        let report = self
            .import_plan_cli(DEMO_PLAN, DEMO_PLAN_NAME, Some(Format::Yaml), Lang::Fr)
            .await?;
        let admin = Actor::system(report.institution_id);
        for account in DEMO_ACCOUNTS {
            self.add_user(
                &admin,
                NewUserInput {
                    username: account.username.to_string(),
                    display_name: account.display_name.to_string(),
                    password: account.password.to_string(),
                    role: account.role,
                    person: account.person.map(str::to_string),
                },
            )
            .await?;
        }
        Ok(report)
    }
}
