//! The demo institution: IMT Mines Alès's *Stratégie RES 2023-2027*, shipped as a plan file
//! in the repository (`demo/`), and one account per role.

use crate::campaigns::{ActionReportInput, CampaignInput};
use crate::plan_versions::PlanVersionInput;
use jalon_core::Lang;
use jalon_core::access::Role;
use jalon_core::campaign::{CampaignItemKind, CampaignScope, ItemState};
use jalon_core::plan_diff::strategy_snapshot;
use jalon_core::tag::TagState;
use jalon_io::Format;
use serde::{Deserialize, Serialize};

use crate::auth::NewUserInput;
use crate::carbon::fund::{LevyRuleInput, ReinvestmentInput};
use crate::carbon::steering::{CarbonMetric, IndicatorLink};
use crate::carbon::travel::{MissionFile, MissionFormat};
use crate::frameworks::EvidenceInput;
use crate::frameworks::ddrs::AssessmentInput;
use crate::frameworks::the::AnswerInput;
use crate::plan::ImportReport;
use crate::report::content::{BlockInput, HighlightInput};
use crate::{Actor, App, AppError, AppResult};

/// The demo plan file.
pub const DEMO_PLAN: &[u8] = include_bytes!("../../../demo/imt-mines-ales-res-2023-2027.yaml");

/// File name of the demo plan.
pub const DEMO_PLAN_NAME: &str = "imt-mines-ales-res-2023-2027.yaml";

/// The demo's carbon inventories: (year, lab code or none for the institution, activity file).
pub const DEMO_INVENTORIES: [(i32, Option<&str>, &str, &[u8]); 16] = [
    (
        2022,
        None,
        "2022-etablissement.csv",
        include_bytes!("../../../demo/carbon/inventaires/2022-etablissement.csv"),
    ),
    (
        2023,
        None,
        "2023-etablissement.csv",
        include_bytes!("../../../demo/carbon/inventaires/2023-etablissement.csv"),
    ),
    (
        2024,
        None,
        "2024-etablissement.csv",
        include_bytes!("../../../demo/carbon/inventaires/2024-etablissement.csv"),
    ),
    (
        2025,
        None,
        "2025-etablissement.csv",
        include_bytes!("../../../demo/carbon/inventaires/2025-etablissement.csv"),
    ),
    (
        2022,
        Some("EUROMOV"),
        "2022-euromov.csv",
        include_bytes!("../../../demo/carbon/inventaires/2022-euromov.csv"),
    ),
    (
        2023,
        Some("EUROMOV"),
        "2023-euromov.csv",
        include_bytes!("../../../demo/carbon/inventaires/2023-euromov.csv"),
    ),
    (
        2024,
        Some("EUROMOV"),
        "2024-euromov.csv",
        include_bytes!("../../../demo/carbon/inventaires/2024-euromov.csv"),
    ),
    (
        2025,
        Some("EUROMOV"),
        "2025-euromov.csv",
        include_bytes!("../../../demo/carbon/inventaires/2025-euromov.csv"),
    ),
    (
        2022,
        Some("HSM"),
        "2022-hsm.csv",
        include_bytes!("../../../demo/carbon/inventaires/2022-hsm.csv"),
    ),
    (
        2023,
        Some("HSM"),
        "2023-hsm.csv",
        include_bytes!("../../../demo/carbon/inventaires/2023-hsm.csv"),
    ),
    (
        2024,
        Some("HSM"),
        "2024-hsm.csv",
        include_bytes!("../../../demo/carbon/inventaires/2024-hsm.csv"),
    ),
    (
        2025,
        Some("HSM"),
        "2025-hsm.csv",
        include_bytes!("../../../demo/carbon/inventaires/2025-hsm.csv"),
    ),
    (
        2022,
        Some("PCH"),
        "2022-pch.csv",
        include_bytes!("../../../demo/carbon/inventaires/2022-pch.csv"),
    ),
    (
        2023,
        Some("PCH"),
        "2023-pch.csv",
        include_bytes!("../../../demo/carbon/inventaires/2023-pch.csv"),
    ),
    (
        2024,
        Some("PCH"),
        "2024-pch.csv",
        include_bytes!("../../../demo/carbon/inventaires/2024-pch.csv"),
    ),
    (
        2025,
        Some("PCH"),
        "2025-pch.csv",
        include_bytes!("../../../demo/carbon/inventaires/2025-pch.csv"),
    ),
];

/// The institution's 2025 missions, as its expense system exports them.
pub const DEMO_MISSIONS: &[u8] =
    include_bytes!("../../../demo/carbon/missions-2025-etablissement.csv");
/// File name of the institution's missions.
pub const DEMO_MISSIONS_NAME: &str = "missions-2025-etablissement.csv";
/// A lab's 2025 missions in GES 1point5 format.
pub const DEMO_LAB_MISSIONS: &[u8] =
    include_bytes!("../../../demo/carbon/missions-2025-euromov.tsv");
/// File name of the lab's missions.
pub const DEMO_LAB_MISSIONS_NAME: &str = "missions-2025-euromov.tsv";
/// Name of the demo's saved column mapping.
pub const DEMO_MAPPING: &str = "Export des ordres de mission";

/// The column mapping of the demo's expense export.
pub fn demo_mapping() -> jalon_carbon::ColumnProfile {
    jalon_carbon::ColumnProfile {
        date: "Date départ".into(),
        traveller: "Missionnaire".into(),
        unit: "Code service".into(),
        origin: "Lieu de départ".into(),
        origin_country: Some("Pays départ".into()),
        destination: "Lieu d'arrivée".into(),
        destination_country: Some("Pays arrivée".into()),
        mode: "Moyen de transport".into(),
        round_trip: Some("Aller-retour".into()),
        amount_paid: Some("Montant TTC (€)".into()),
        mission_id: Some("N° ordre de mission".into()),
        occupants: Some("Nb passagers".into()),
        budget_line: Some("Ligne budgétaire".into()),
        mode_aliases: [
            (
                "Véhicule personnel".to_string(),
                jalon_carbon::TravelMode::Car,
            ),
            ("Car".to_string(), jalon_carbon::TravelMode::Bus),
        ]
        .into_iter()
        .collect(),
    }
}

/// The demo's research and teaching inventories (illustrative).
pub const DEMO_PROJECTS: &[u8] = include_bytes!("../../../demo/sdg/projets-recherche.csv");
/// Publications as HAL exports them (CSV).
pub const DEMO_PUBLICATIONS_HAL: &[u8] = include_bytes!("../../../demo/sdg/publications-hal.csv");
/// Publications in BibTeX.
pub const DEMO_PUBLICATIONS_BIB: &[u8] = include_bytes!("../../../demo/sdg/publications.bib");
/// Programmes and courses.
pub const DEMO_COURSES: &[u8] = include_bytes!("../../../demo/sdg/formations.csv");

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
    /// The workstream the account leads as its référent.
    pub domain: Option<&'static str>,
}

/// One account per role, and a référent per workstream. The contributor is the facilities
/// lead, who owns the estate indicators (energy, water, waste) and pilots most estate
/// actions; each référent keeps the actions and values of one chantier up to date.
pub const DEMO_ACCOUNTS: [DemoAccount; 8] = [
    DemoAccount {
        username: "admin",
        password: "jalon-admin",
        role: Role::Admin,
        display_name: "Administration (démo)",
        person: None,
        domain: None,
    },
    DemoAccount {
        username: "editeur",
        password: "jalon-editeur",
        role: Role::Editor,
        display_name: "Chargée de mission RES",
        person: Some("Chargée de mission RES"),
        domain: None,
    },
    DemoAccount {
        username: "contributeur",
        password: "jalon-contributeur",
        role: Role::Contributor,
        display_name: "Référent·e Ressources",
        person: Some("Référent·e Ressources"),
        domain: None,
    },
    DemoAccount {
        username: "lecteur",
        password: "jalon-lecteur",
        role: Role::Viewer,
        display_name: "Membre du COPIL",
        person: None,
        domain: None,
    },
    referent("referent-c1", "Responsable RH", "C1"),
    referent("referent-c2", "Référent·e Formation", "C2"),
    referent("referent-c3", "Responsable achats", "C3"),
    referent("referent-c4", "Responsable vie étudiante", "C4"),
];

/// The demo's référent of a workstream: a contributor who stands for `person`.
const fn referent(
    username: &'static str,
    person: &'static str,
    domain: &'static str,
) -> DemoAccount {
    DemoAccount {
        username,
        password: "jalon-referent",
        role: Role::Contributor,
        display_name: person,
        person: Some(person),
        domain: Some(domain),
    }
}

impl App {
    /// Loads the demo plan into an empty database and creates the demo accounts.
    pub async fn load_demo(&self) -> AppResult<ImportReport> {
        let report = self
            .import_plan_cli(
                DEMO_PLAN,
                DEMO_PLAN_NAME,
                Some(Format::Yaml),
                Lang::Fr,
                false,
            )
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
            if let Some(domain) = account.domain {
                self.set_domain(&admin, account.username, Some(domain))
                    .await?;
            }
        }
        self.load_demo_carbon(&admin).await?;
        self.load_demo_sdg(&admin).await?;
        self.load_demo_reports(&admin).await?;
        self.load_demo_versions(&admin).await?;
        self.load_demo_campaign(report.institution_id).await?;
        // The campaign's owners find its notices under the bell at once.
        self.run_notifications().await?;
        Ok(report)
    }

    /// A demo account acting (without signing in, which would write to the journal).
    async fn demo_actor(&self, username: &str) -> AppResult<Actor> {
        let account = jalon_store::accounts::find_by_username(self.store.db(), username)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        crate::auth::actor_of(&account)
    }

    /// The campaign of the demo's campaign year, a few days past its deadline: the
    /// contributor submitted the values they still owed and an action's status, the editor
    /// returned the first value with a reason (the contributor's to-do shows it first), and
    /// what is still owed is overdue.
    async fn load_demo_campaign(&self, institution_id: i64) -> AppResult<()> {
        let editor = self.demo_actor("editeur").await?;
        let contributor = self.demo_actor("contributeur").await?;
        let view = self.plan_view(institution_id).await?;
        let today = self.today();
        let campaign = self
            .open_campaign(
                &editor,
                &CampaignInput {
                    year: view.campaign_year(),
                    label: None,
                    opens_on: today - chrono::Duration::days(45),
                    deadline: today - chrono::Duration::days(3),
                    scope: vec![
                        CampaignScope::IndicatorValues,
                        CampaignScope::ActionStatuses,
                    ],
                },
            )
            .await?;
        let mine = view.person_name(contributor.person_id).map(str::to_string);
        let items_in = async |state: ItemState, kind: CampaignItemKind| {
            let items = self.campaign_progress(&editor, campaign.id).await?.items;
            AppResult::Ok(
                items
                    .into_iter()
                    .filter(|i| i.kind == kind && i.state == state && i.owner == mine)
                    .collect::<Vec<_>>(),
            )
        };
        let demo_values = ["12", "48", "3"];
        let owed = items_in(ItemState::Pending, CampaignItemKind::IndicatorValue).await?;
        for (item, value) in owed.iter().zip(demo_values) {
            let source = Some("Relevé des services (illustratif)");
            self.submit_item_value(&contributor, item.id, value, source, None, None)
                .await?;
        }
        // The pilot confirms where an action stands, with a word on the year.
        let actions = items_in(ItemState::Pending, CampaignItemKind::ActionStatus).await?;
        if let Some(action) = actions.first() {
            let report = ActionReportInput {
                status: action.action_status.unwrap_or_default(),
                progress: action.progress,
                note: Some(
                    "Deux bâtiments sur trois équipés ; le troisième en 2026 (illustratif).".into(),
                ),
            };
            self.submit_action_report(&contributor, action.id, &report)
                .await?;
        }
        // The editor returns the first value the contributor supplied, with a reason.
        if let Some(item) = owed.first() {
            self.return_item(
                &editor,
                item.id,
                "Le relevé compte aussi les espèces plantées en 2024 : merci de ne garder que celles de 2025 (illustratif).",
            )
            .await?;
        }
        Ok(())
    }

    /// The demo's two adopted versions: the plan of 2023, and the mid-term revision of 2025
    /// (the plan in place), which added an action and reworded another.
    async fn load_demo_versions(&self, admin: &Actor) -> AppResult<()> {
        let current = strategy_snapshot(self.plan_view(admin.institution_id).await?.doc());
        let mut first = current.clone();
        if let Some(objective) = (first.axes.iter_mut())
            .flat_map(|a| a.objectives.iter_mut())
            .find(|o| o.actions.len() > 1)
        {
            objective.actions.pop();
            objective.actions[0].title =
                format!("{} (rédaction de 2023)", objective.actions[0].title);
        }
        let board = "Conseil d'administration";
        let versions = [
            (
                first,
                "Plan RES 2023–2027",
                (2023, 6, 29),
                "Première adoption du plan (illustratif).",
            ),
            (
                current,
                "Révision à mi-parcours",
                (2025, 7, 3),
                "Revue du COPIL de juin 2025 : une action ajoutée, une autre reformulée (illustratif).",
            ),
        ];
        for (doc, label, (y, m, d), note) in versions {
            let input = PlanVersionInput {
                label: label.to_string(),
                adopted_on: chrono::NaiveDate::from_ymd_opt(y, m, d)
                    .ok_or_else(|| AppError::Internal("demo date".into()))?,
                adopted_by: board.to_string(),
                note: Some(note.to_string()),
            };
            self.record_version_of(admin, &input, doc).await?;
        }
        Ok(())
    }

    /// The demo's carbon data: inventories 2022–2025 of the institution and three labs, the
    /// 2025 missions (an expense export and a lab's GES 1point5 file), a 100 €/t internal
    /// carbon price in 2025, a reinvestment, and the indicators fed by the inventories.
    async fn load_demo_carbon(&self, admin: &Actor) -> AppResult<()> {
        let mut inventory_2025 = Vec::new();
        for (year, unit, name, bytes) in DEMO_INVENTORIES {
            let inv = self
                .create_inventory(admin, year, unit, None, None, true)
                .await?;
            self.import_activities(admin, inv.id, bytes, name, false, Lang::Fr)
                .await?;
            if year == 2025 && matches!(unit, None | Some("EUROMOV")) {
                inventory_2025.push(inv.id);
            }
        }
        self.set_levy_rule(
            admin,
            2025,
            Some(&LevyRuleInput::CarbonPrice {
                eur_per_tonne: 100.0,
            }),
        )
        .await?;
        let profile = demo_mapping();
        self.save_mapping_profile(admin, DEMO_MAPPING, &profile)
            .await?;
        self.import_trips(
            admin,
            &MissionFile {
                bytes: DEMO_MISSIONS,
                file_name: DEMO_MISSIONS_NAME,
                format: &MissionFormat::Table(Box::new(profile)),
                org_unit: None,
                illustrative: true,
            },
            Lang::Fr,
        )
        .await?;
        self.import_trips(
            admin,
            &MissionFile {
                bytes: DEMO_LAB_MISSIONS,
                file_name: DEMO_LAB_MISSIONS_NAME,
                format: &MissionFormat::Ges1point5,
                org_unit: Some("EUROMOV"),
                illustrative: true,
            },
            Lang::Fr,
        )
        .await?;
        for id in inventory_2025 {
            self.travel_into_inventory(admin, id).await?;
        }
        self.add_reinvestment(
            admin,
            &ReinvestmentInput {
                year: 2025,
                date: chrono::NaiveDate::from_ymd_opt(2025, 10, 15),
                unit: "PATRI".into(),
                budget_line: Some("Fonds de compensation carbone".into()),
                amount_cents: 650_000,
                description: "Abris à vélos sécurisés et bornes de recharge, campus de Clavières (illustratif)".into(),
                expected_reduction_kg: Some(9_000.0),
            },
        )
        .await?;
        self.set_indicator_links(
            admin,
            &[
                IndicatorLink {
                    indicator_code: "C3.O1.I1".into(),
                    metric: CarbonMetric::FossilIndex {
                        reference_year: 2022,
                    },
                },
                IndicatorLink {
                    indicator_code: "C3.O1.I2".into(),
                    metric: CarbonMetric::TotalTonnes,
                },
                IndicatorLink {
                    indicator_code: "C2.O4.I2".into(),
                    metric: CarbonMetric::LabsTonnes,
                },
            ],
        )
        .await
    }

    /// The demo's SDG data: research projects, publications (HAL CSV and BibTeX) and courses,
    /// classified on import; the suggestions on projects and publications before 2025 and on
    /// the engineering programmes' courses confirmed, as their owners would have done, the
    /// rest left to review; suggestions on the plan's objectives and actions; the research
    /// and teaching indicators of the plan fed by the inventories.
    async fn load_demo_sdg(&self, admin: &Actor) -> AppResult<()> {
        use crate::sdg::research::InventoryFile;
        use crate::sdg::steering::{SdgIndicatorLink, SdgMetric};
        let file = |bytes: &'static [u8], file_name: &'static str| InventoryFile {
            bytes,
            file_name,
            skip_invalid: false,
            illustrative: true,
        };
        self.import_projects(
            admin,
            &file(DEMO_PROJECTS, "projets-recherche.csv"),
            Lang::Fr,
        )
        .await?;
        self.import_publications(
            admin,
            &file(DEMO_PUBLICATIONS_HAL, "publications-hal.csv"),
            None,
            Lang::Fr,
        )
        .await?;
        self.import_publications(
            admin,
            &file(DEMO_PUBLICATIONS_BIB, "publications.bib"),
            None,
            Lang::Fr,
        )
        .await?;
        self.import_courses(admin, &file(DEMO_COURSES, "formations.csv"), Lang::Fr)
            .await?;
        let mut to_confirm = Vec::new();
        for p in self.projects(admin, None).await? {
            if p.start_year.is_some_and(|y| y < 2025) {
                to_confirm.extend(
                    p.tags
                        .iter()
                        .filter(|t| t.state == TagState::Proposed)
                        .map(|t| t.id),
                );
            }
        }
        let pubs = self
            .publications(admin, &Default::default(), 0, 1000)
            .await?;
        for p in pubs.publications {
            if p.year.is_some_and(|y| y < 2025) {
                to_confirm.extend(
                    p.tags
                        .iter()
                        .filter(|t| t.state == TagState::Proposed)
                        .map(|t| t.id),
                );
            }
        }
        let teaching = self.teaching(admin).await?;
        for programme in &teaching.programmes {
            let engineering = programme.name.starts_with("Ingénieur");
            for c in &programme.courses {
                self.set_course_focus(admin, c.id, c.focus).await?;
                if engineering {
                    to_confirm.extend(
                        c.tags
                            .iter()
                            .filter(|t| t.state == TagState::Proposed)
                            .map(|t| t.id),
                    );
                }
            }
        }
        for id in to_confirm {
            self.decide_tag(admin, id, true).await?;
        }
        self.suggest_plan_sdgs(admin).await?;
        self.set_sdg_indicator_links(
            admin,
            &[
                SdgIndicatorLink {
                    indicator_code: "C2.O4.I1".into(),
                    metric: SdgMetric::ProjectsWithSdgShare,
                },
                SdgIndicatorLink {
                    indicator_code: "C2.O2.I1".into(),
                    metric: SdgMetric::CoursesAddressingShare,
                },
            ],
        )
        .await?;
        Ok(())
    }
}

/// The demo's report content file.
pub const DEMO_REPORT_CONTENT: &str = include_str!("../../../demo/reports/contenu-rapports.yaml");

#[derive(Deserialize)]
struct DemoEvidence {
    key: String,
    #[serde(flatten)]
    input: EvidenceInput,
}

#[derive(Deserialize)]
struct DemoAnswer {
    year: i32,
    indicator: String,
    exists: Option<bool>,
    value: Option<f64>,
    plan: Option<String>,
    note: Option<String>,
    #[serde(default)]
    evidence: Vec<String>,
}

#[derive(Deserialize)]
struct DemoDdrsItem {
    axis: String,
    code: String,
    title: String,
    title_en: Option<String>,
}

#[derive(Deserialize)]
struct DemoAssessment {
    year: i32,
    code: String,
    level: u8,
    justification: String,
    #[serde(default)]
    actions: String,
    #[serde(default)]
    indicators: String,
    #[serde(default)]
    evidence: Vec<String>,
}

#[derive(Deserialize)]
struct DemoHighlight {
    goal: u8,
    #[serde(flatten)]
    figure: HighlightInput,
}

#[derive(Deserialize)]
struct DemoReportContent {
    evidence: Vec<DemoEvidence>,
    the_answers: Vec<DemoAnswer>,
    ddrs_items: Vec<DemoDdrsItem>,
    ddrs_assessments: Vec<DemoAssessment>,
    blocks: Vec<BlockInput>,
    highlights: Vec<DemoHighlight>,
}

impl App {
    /// The demo's illustrative report content: evidence items, THE answers of 2024, DD&RS
    /// items assessed in 2023 and 2024, one or more text blocks per SDG and highlighted
    /// figures — entered through the same use cases as people do.
    async fn load_demo_reports(&self, admin: &Actor) -> AppResult<()> {
        let content: DemoReportContent = serde_norway::from_str(DEMO_REPORT_CONTENT)
            .map_err(|e| AppError::Internal(format!("demo report content: {e}")))?;
        let mut ids = std::collections::HashMap::new();
        for e in &content.evidence {
            ids.insert(
                e.key.as_str(),
                self.save_evidence(admin, None, &e.input).await?,
            );
        }
        let evidence = |key: &str| {
            ids.get(key)
                .copied()
                .ok_or_else(|| AppError::Internal(format!("demo evidence {key} is not defined")))
        };
        for a in &content.the_answers {
            self.save_the_answer(
                admin,
                a.year,
                &a.indicator,
                &AnswerInput {
                    exists: a.exists,
                    value: a.value,
                    plan_indicator: a.plan.clone(),
                    note: a.note.clone(),
                },
            )
            .await?;
            for key in &a.evidence {
                self.link_the_evidence(admin, a.year, &a.indicator, evidence(key)?, true)
                    .await?;
            }
        }
        let mut table = String::from("axe;code;intitulé;title_en\n");
        for i in &content.ddrs_items {
            table.push_str(&format!(
                "{};{};{};{}\n",
                i.axis,
                i.code,
                i.title,
                i.title_en.as_deref().unwrap_or_default()
            ));
        }
        self.import_ddrs_items(admin, table.as_bytes(), "referentiel-ddrs.csv", Lang::Fr)
            .await?;
        let items = self.ddrs(admin, 2024, Lang::Fr).await?;
        let item_id = |code: &str| {
            items
                .axes
                .iter()
                .flat_map(|a| &a.items)
                .find(|i| i.code == code)
                .map(|i| i.id)
                .ok_or_else(|| AppError::Internal(format!("demo DD&RS item {code} is not defined")))
        };
        for a in &content.ddrs_assessments {
            let id = item_id(&a.code)?;
            self.assess_ddrs_item(
                admin,
                id,
                a.year,
                &AssessmentInput {
                    level: a.level,
                    justification: a.justification.clone(),
                    actions: a.actions.clone(),
                    indicators: a.indicators.clone(),
                },
            )
            .await?;
            for key in &a.evidence {
                self.link_ddrs_evidence(admin, id, a.year, evidence(key)?, true)
                    .await?;
            }
        }
        for (i, b) in content.blocks.iter().enumerate() {
            let input = BlockInput {
                illustrative: true,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                ..b.clone()
            };
            self.save_report_block(admin, None, &input).await?;
        }
        let mut by_goal: std::collections::BTreeMap<u8, Vec<HighlightInput>> = Default::default();
        for h in content.highlights {
            by_goal.entry(h.goal).or_default().push(h.figure);
        }
        for (goal, figures) in by_goal {
            self.set_report_highlights(admin, goal, &figures).await?;
        }
        Ok(())
    }
}
