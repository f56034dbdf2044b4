//! `jalon campaign …`: the yearly data-collection campaign from the command line: list the
//! campaigns, open one, show its progress by owner with what is overdue, close and reopen.

use anyhow::Result;
use clap::Subcommand;
use jalon_app::campaigns::CampaignInput;
use jalon_core::campaign::CampaignScope;
use jalon_core::message::Message;
use jalon_i18n::Tr;

use crate::settings::Settings;
use crate::words::{self, w};
use crate::{TextOrJson, explain, open};

#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// List the campaigns, latest year first, with what is supplied and overdue.
    List {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Open the campaign of a year: each indicator value and action under way becomes an
    /// item owed by the owner or pilot the plan names.
    Open {
        /// The year whose values are collected.
        year: i32,
        /// The day owners are asked to start (YYYY-MM-DD).
        #[arg(long)]
        opens_on: chrono::NaiveDate,
        /// The day everything is due (YYYY-MM-DD).
        #[arg(long)]
        deadline: chrono::NaiveDate,
        /// What it collects (default: everything).
        #[arg(long, value_delimiter = ',')]
        scope: Vec<String>,
        /// Its name.
        #[arg(long)]
        label: Option<String>,
    },
    /// Where a campaign stands: by owner, and the items overdue.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Close a campaign: the values of its year are locked until it is reopened.
    Close { id: i64 },
    /// Reopen a closed campaign.
    Reopen { id: i64 },
}

fn scopes(names: &[String]) -> Result<Vec<CampaignScope>> {
    if names.is_empty() {
        return Ok(CampaignScope::ALL.to_vec());
    }
    names
        .iter()
        .map(|n| {
            CampaignScope::parse(n).ok_or_else(|| {
                let known: Vec<&str> = CampaignScope::ALL.iter().map(|s| s.as_str()).collect();
                anyhow::anyhow!(w!(
                    "cli-campaign-scope",
                    value = n,
                    known = known.join(", ")
                ))
            })
        })
        .collect()
}

fn tally_line(tr: &Tr, t: &jalon_core::campaign::Tally) -> String {
    tr.msg(
        &Message::new("cli-campaign-tally")
            .with("total", t.total)
            .with("pending", t.pending)
            .with("returned", t.returned)
            .with("submitted", t.submitted)
            .with("validated", t.validated)
            .with("overdue", t.overdue),
    )
}

/// A campaign's tally, by owner, and what is overdue, one line each.
fn show(tr: &Tr, p: &jalon_app::campaigns::CampaignProgress) {
    out!("{}", tally_line(tr, &p.campaign.tally));
    for o in &p.by_owner {
        let owner = o.owner.clone().unwrap_or_else(|| tr.t("campaign-no-owner"));
        out!("  {owner}: {}", tally_line(tr, &o.tally));
    }
    for item in p.overdue() {
        let owner = item.owner.clone().unwrap_or_default();
        out!(
            "  {}",
            w!("cli-campaign-overdue", code = item.code, owner = owner)
        );
    }
}

pub async fn run(settings: &Settings, command: CampaignCommand) -> Result<()> {
    let app = open(settings, false).await?;
    let actor = app.system_actor().await.map_err(explain)?;
    let tr = Tr::new(words::lang());
    match command {
        CampaignCommand::List { format } => {
            let campaigns = app.campaigns(&actor).await.map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&campaigns)?),
                TextOrJson::Text => {
                    for c in &campaigns {
                        out!(
                            "{:>4}  {}  {} → {}  {}  {}",
                            c.id,
                            c.year,
                            c.opens_on,
                            c.deadline,
                            c.state.as_str(),
                            tally_line(&tr, &c.tally)
                        );
                    }
                }
            }
        }
        CampaignCommand::Open {
            year,
            opens_on,
            deadline,
            scope,
            label,
        } => {
            let input = CampaignInput {
                year,
                label,
                opens_on,
                deadline,
                scope: scopes(&scope)?,
            };
            let c = app.open_campaign(&actor, &input).await.map_err(explain)?;
            out!(
                "{}",
                w!(
                    "cli-campaign-opened",
                    id = c.id,
                    year = c.year,
                    count = c.tally.total
                )
            );
        }
        CampaignCommand::Show { id, format } => {
            let p = app.campaign_progress(&actor, id).await.map_err(explain)?;
            match format {
                TextOrJson::Json => out!("{}", serde_json::to_string_pretty(&p)?),
                TextOrJson::Text => show(&tr, &p),
            }
        }
        CampaignCommand::Close { id } => {
            let c = app.close_campaign(&actor, id).await.map_err(explain)?;
            out!("{}", w!("cli-campaign-closed", year = c.year));
        }
        CampaignCommand::Reopen { id } => {
            let c = app.reopen_campaign(&actor, id).await.map_err(explain)?;
            out!("{}", w!("cli-campaign-reopened", year = c.year));
        }
    }
    Ok(())
}
