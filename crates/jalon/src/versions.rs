//! `jalon plan …`: the adopted versions of the plan: list them, record the plan in place as
//! a new one, and say what changed from one version to another or to the plan in place.

use anyhow::{Result, anyhow};
use clap::Subcommand;
use jalon_app::plan::{change_lines, change_summary};
use jalon_app::plan_versions::{PlanVersionInput, VersionRef};
use jalon_i18n::Tr;

use crate::settings::Settings;
use crate::words::{self, w};
use crate::{TextOrJson, explain, open};

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// List the adopted versions, oldest adoption first.
    Versions {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Record the plan in place as a version adopted on a day by a body.
    Adopt {
        /// What the version is called.
        #[arg(long)]
        label: String,
        /// The day it was adopted (YYYY-MM-DD).
        #[arg(long)]
        adopted_on: chrono::NaiveDate,
        /// The body that adopted it ("Conseil d'administration").
        #[arg(long = "by")]
        adopted_by: String,
        /// What the revision was about.
        #[arg(long)]
        note: Option<String>,
    },
    /// What changed from one version to another: a version's id, or `current` for the plan
    /// in place.
    Diff {
        from: String,
        to: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

fn side(s: &str) -> Result<VersionRef> {
    VersionRef::parse(s).ok_or_else(|| anyhow!(w!("cli-version-ref", value = s)))
}

pub async fn run(settings: &Settings, command: PlanCommand) -> Result<()> {
    let app = open(settings, false).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let tr = Tr::new(words::lang());
    match command {
        PlanCommand::Versions { format } => {
            let versions = app.plan_versions(&actor).await.map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&versions)?),
                TextOrJson::Text => {
                    for v in &versions {
                        out!(
                            "{:>4}  {}  {}  {}",
                            v.id,
                            v.adopted_on,
                            v.label,
                            v.adopted_by
                        );
                    }
                }
            }
        }
        PlanCommand::Adopt {
            label,
            adopted_on,
            adopted_by,
            note,
        } => {
            let input = PlanVersionInput {
                label,
                adopted_on,
                adopted_by,
                note,
            };
            let v = app
                .record_plan_version(&actor, &input)
                .await
                .map_err(explain)?;
            out!("{}", w!("cli-version-recorded", id = v.id, label = v.label));
        }
        PlanCommand::Diff { from, to, format } => {
            let changes = app
                .plan_version_diff(&actor, side(&from)?, side(&to)?)
                .await
                .map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&changes)?),
                TextOrJson::Text => {
                    out!("{}", change_summary(&tr, &changes));
                    for line in change_lines(&tr, &changes) {
                        out!("  {line}");
                    }
                }
            }
        }
    }
    Ok(())
}
