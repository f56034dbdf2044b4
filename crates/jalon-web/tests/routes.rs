//! Every route × every role: allowed or refused, as the route's declaration says (its least
//! role, in `jalon_web::routes::table()`), or stricter where the use case also checks
//! ownership (`.only(…)`: the contributor is refused on an action she does not pilot).
//! Anonymous requests get the login page (pages) or 401 (API). A test also checks that this
//! matrix covers the whole route table, so a new route cannot be added without a case.

mod common;

use jalon_core::tag::TagState;
use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::{Session, TestApp};
use jalon_app::measurements::MeasurementInput;
use jalon_core::access::Role;
use jalon_web::routes::{Access, RouteInfo, table};

const ROLES: [&str; 4] = ["admin", "editeur", "contributeur", "lecteur"];

/// Expected outcome per role, in the order of [`ROLES`].
#[derive(Clone, Copy, Debug, PartialEq)]
enum E {
    Allow,
    Refuse,
}
use E::*;

const EDITORS: [E; 4] = [Allow, Allow, Refuse, Refuse];

#[derive(Clone, Debug)]
enum Body {
    None,
    Form(String),
    Json(String),
    Upload(&'static str, Vec<u8>),
    /// A file with text fields beside it.
    UploadWith(
        &'static [(&'static str, &'static str)],
        &'static str,
        Vec<u8>,
    ),
    Raw(Vec<u8>),
}

#[derive(Clone, Debug)]
struct Case {
    method: Method,
    /// Route template as in the table.
    route: &'static str,
    path: String,
    body: Body,
    /// Stricter than the declaration, where the use case checks ownership.
    only: Option<[E; 4]>,
}

/// A case of `method` on `route`, sent to the route's path itself without a body; the
/// builders below fill its parameters, add a query, a body or a stricter expectation.
fn case(method: Method, route: &'static str) -> Case {
    Case {
        method,
        route,
        path: route.to_string(),
        body: Body::None,
        only: None,
    }
}

fn get(route: &'static str) -> Case {
    case(Method::GET, route)
}

fn post(route: &'static str) -> Case {
    case(Method::POST, route)
}

fn put(route: &'static str) -> Case {
    case(Method::PUT, route)
}

fn patch(route: &'static str) -> Case {
    case(Method::PATCH, route)
}

fn delete(route: &'static str) -> Case {
    case(Method::DELETE, route)
}

impl Case {
    /// The route's parameters (`{id}`), in order.
    fn fill<T: std::fmt::Display, const N: usize>(mut self, values: [T; N]) -> Case {
        let mut values = values.iter();
        let segments: Vec<String> = self
            .path
            .split('/')
            .map(|s| match s.starts_with('{') {
                true => values.next().expect("a value per parameter").to_string(),
                false => s.to_string(),
            })
            .collect();
        assert!(
            values.next().is_none(),
            "{}: more values than parameters",
            self.route
        );
        self.path = segments.join("/");
        self
    }

    fn query(mut self, query: impl std::fmt::Display) -> Case {
        self.path = format!("{}?{query}", self.path);
        self
    }

    fn form(mut self, form: impl Into<String>) -> Case {
        self.body = Body::Form(form.into());
        self
    }

    fn json(mut self, json: impl Into<String>) -> Case {
        self.body = Body::Json(json.into());
        self
    }

    fn upload(mut self, file_name: &'static str, bytes: impl AsRef<[u8]>) -> Case {
        self.body = Body::Upload(file_name, bytes.as_ref().to_vec());
        self
    }

    /// A file with text fields beside it.
    fn upload_with(
        mut self,
        fields: &'static [(&'static str, &'static str)],
        file_name: &'static str,
        bytes: impl AsRef<[u8]>,
    ) -> Case {
        self.body = Body::UploadWith(fields, file_name, bytes.as_ref().to_vec());
        self
    }

    fn raw(mut self, bytes: impl AsRef<[u8]>) -> Case {
        self.body = Body::Raw(bytes.as_ref().to_vec());
        self
    }

    /// This case is refused to more roles than the route's declaration (ownership).
    fn only(mut self, expect: [E; 4]) -> Case {
        self.only = Some(expect);
        self
    }

    /// The declared route of this case.
    fn declared(&self, routes: &[RouteInfo]) -> Access {
        routes
            .iter()
            .find(|r| r.method == self.method && r.path == self.route)
            .map(|r| r.access)
            .unwrap_or_else(|| panic!("{} {} is not declared", self.method, self.route))
    }

    /// Allowed or refused for each role of [`ROLES`].
    fn expect(&self, routes: &[RouteInfo]) -> [E; 4] {
        self.only
            .unwrap_or_else(|| declared_expectation(self.declared(routes)))
    }
}

/// The roles of [`ROLES`], in order.
const ROLE_OF: [Role; 4] = [Role::Admin, Role::Editor, Role::Contributor, Role::Viewer];

fn declared_expectation(access: Access) -> [E; 4] {
    ROLE_OF.map(|r| {
        if access.admits(Some(r)) {
            Allow
        } else {
            Refuse
        }
    })
}

/// Ids found in the demo, and fresh values the cases may change or delete.
struct Fixture {
    objective: i64,
    mine_action: i64,
    other_action: i64,
    mine_indicator: i64,
    other_indicator: i64,
    to_validate: i64,
    draft_page: i64,
    draft_api: i64,
    /// Drafts of the contributor's indicator that the cases submit (page, API).
    submit_page: i64,
    submit_api: i64,
    /// A mission import of the contributor's unit (PATRI) the cases delete.
    unit_trip_batch: i64,
    /// Suggestions on actions the contributor pilots (confirm, reject, API decision).
    mine_proposed: [i64; 3],
    import_token: String,
    api_token_id: i64,
    page_token_id: i64,
    carbon: CarbonFixture,
    sdg: SdgFixture,
    reports: ReportsFixture,
    campaign: CampaignFixture,
}

/// The 2040 campaign and its items: the contributor's value and action, another's value
/// (submitted by the editor, to validate) and another's action.
struct CampaignFixture {
    id: i64,
    mine_value: i64,
    other_value: i64,
    mine_action: i64,
    other_action: i64,
}

async fn campaign_fixture(t: &TestApp, editor: &jalon_app::Actor) -> CampaignFixture {
    use jalon_core::campaign::{CampaignItemKind, CampaignScope};
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("day");
    let campaign = t
        .app
        .open_campaign(
            editor,
            &jalon_app::campaigns::CampaignInput {
                year: 2040,
                label: None,
                opens_on: day(11, 1),
                deadline: day(12, 15),
                scope: CampaignScope::ALL.to_vec(),
            },
        )
        .await
        .expect("campaign");
    let items = t
        .app
        .campaign_progress(editor, campaign.id)
        .await
        .expect("progress")
        .items;
    let view = t.view().await;
    let contributor = t.actor("contributeur").await;
    let find = |kind: CampaignItemKind, mine: bool| {
        items
            .iter()
            .find(|i| {
                i.kind == kind
                    && match kind {
                        CampaignItemKind::IndicatorValue => view
                            .indicator(i.entity_id)
                            .map(|(_, x)| view.owns(&contributor, x)),
                        CampaignItemKind::ActionStatus => view
                            .action(i.entity_id)
                            .map(|(_, a)| view.pilots(&contributor, a)),
                    } == Some(mine)
            })
            .map(|i| i.id)
            .expect("an item")
    };
    let other_value = find(CampaignItemKind::IndicatorValue, false);
    t.app
        .submit_item_value(editor, other_value, "3", None, None, None)
        .await
        .expect("submitted");
    CampaignFixture {
        id: campaign.id,
        mine_value: find(CampaignItemKind::IndicatorValue, true),
        other_value,
        mine_action: find(CampaignItemKind::ActionStatus, true),
        other_action: find(CampaignItemKind::ActionStatus, false),
    }
}

/// Ids of the report-editor cases: evidence items, a DD&RS item, report blocks.
struct ReportsFixture {
    /// Linked and edited by the cases; the two others are deleted (page, API).
    evidence: i64,
    evidence_page_delete: i64,
    evidence_api_delete: i64,
    ddrs_item: i64,
    block: i64,
    block_page_delete: i64,
    block_api_delete: i64,
}

const DDRS_CSV: &str = "axe;code;intitulé\nstratégie;T-SG-1;Stratégie adoptée par le conseil\n";

async fn reports_fixture(t: &TestApp, editor: &jalon_app::Actor) -> ReportsFixture {
    use jalon_app::frameworks::EvidenceInput;
    use jalon_app::report::content::BlockInput;
    let evidence = |title: &str| EvidenceInput {
        title: title.into(),
        kind: "policy".into(),
        adopted_on: Some("2023-05-01".into()),
        url: Some("https://example.org/politique".into()),
        public: true,
        ..Default::default()
    };
    let mut ids = Vec::new();
    for title in ["Politique test", "À supprimer (page)", "À supprimer (API)"] {
        ids.push(
            t.app
                .save_evidence(editor, None, &evidence(title))
                .await
                .expect("evidence"),
        );
    }
    t.app
        .import_ddrs_items(
            editor,
            DDRS_CSV.as_bytes(),
            "items.csv",
            jalon_core::Lang::Fr,
        )
        .await
        .expect("DD&RS items");
    let ddrs_item = t
        .app
        .ddrs(editor, 2024, jalon_core::Lang::Fr)
        .await
        .expect("DD&RS")
        .axes
        .iter()
        .flat_map(|a| &a.items)
        .find(|i| i.code == "T-SG-1")
        .expect("item")
        .id;
    t.app
        .assess_ddrs_item(
            editor,
            ddrs_item,
            2024,
            &jalon_app::frameworks::ddrs::AssessmentInput {
                level: 3,
                justification: "Adoptée en 2023.".into(),
                ..Default::default()
            },
        )
        .await
        .expect("assessment");
    let block = |title: &str| BlockInput {
        kind: "text".into(),
        title: title.into(),
        body: "Texte.".into(),
        sdgs: "13".into(),
        ..Default::default()
    };
    let mut blocks = Vec::new();
    for title in [
        "Bloc test",
        "Bloc à supprimer (page)",
        "Bloc à supprimer (API)",
    ] {
        blocks.push(
            t.app
                .save_report_block(editor, None, &block(title))
                .await
                .expect("block"),
        );
    }
    ReportsFixture {
        evidence: ids[0],
        evidence_page_delete: ids[1],
        evidence_api_delete: ids[2],
        ddrs_item,
        block: blocks[0],
        block_page_delete: blocks[1],
        block_api_delete: blocks[2],
    }
}

/// Ids of the SDG cases: suggestions to decide, tags to remove, a course, an import.
struct SdgFixture {
    /// A lab's project (the contributor is not a member) and three suggestions on research.
    project: i64,
    proposed: [i64; 3],
    /// A confirmed project tag, and a tag added by hand on the contributor's action.
    confirmed: i64,
    mine_action_tag: i64,
    course: i64,
    /// An import of one project the cases delete.
    inventory_import: i64,
}

const PROJECT_CSV: &str = "Référence;Titre;Résumé;Laboratoire;Début;Fin\nT-1;Eau potable et sécheresse;Gestion de la ressource en eau et adaptation au changement climatique.;HSM;2024;2026\n";
const PATRI_PROJECT_CSV: &str = "Référence;Titre;Résumé;Laboratoire;Début;Fin\nT-2;Rénovation énergétique des bâtiments;Efficacité énergétique et énergies renouvelables sur le campus.;PATRI;2025;2026\n";
/// A HAL export of one publication of the contributor's unit.
const PATRI_HAL_CSV: &str = "halId_s;title_s;producedDateY_i;labStructAcronym_s\nhal-patri-1;Rénovation thermique des bâtiments du campus;2025;PATRI\n";
const BIBTEX: &str = "@article{k1,\n  title = {Flood forecasting and climate change adaptation},\n  author = {Martin, Anne},\n  year = {2025},\n  doi = {10.1000/test.k1}\n}\n";
const COURSES_CSV: &str = "Formation;Code;Cours;Description;ECTS;Heures;Obligatoire\nMaster test;MT1;Climat et énergie;Changement climatique et transition énergétique.;3;30;obligatoire\n";

async fn sdg_fixture(t: &TestApp, editor: &jalon_app::Actor, mine_action: i64) -> SdgFixture {
    use jalon_app::sdg::research::InventoryFile;
    use jalon_app::sdg::tags::TaggedKind;
    let projects = t.app.projects(editor, None).await.expect("projects");
    let proposed: Vec<(i64, i64)> = projects
        .iter()
        .flat_map(|p| p.tags.iter().map(move |t| (p.id, t)))
        .filter(|(_, t)| t.state == TagState::Proposed)
        .map(|(p, t)| (p, t.id))
        .collect();
    assert!(!proposed.is_empty(), "a project suggestion in the demo");
    let publications = t
        .app
        .publications(editor, &Default::default(), 0, 500)
        .await
        .expect("publications");
    let mut proposed_publications = publications
        .publications
        .iter()
        .flat_map(|p| &p.tags)
        .filter(|t| t.state == TagState::Proposed)
        .map(|t| t.id);
    let mut next_proposed = proposed.iter().skip(1).map(|(_, t)| *t);
    let mut another = || {
        next_proposed
            .next()
            .or_else(|| proposed_publications.next())
            .expect("enough suggestions in the demo")
    };
    let second = another();
    let third = another();
    let confirmed = projects
        .iter()
        .flat_map(|p| &p.tags)
        .find(|t| t.state == TagState::Confirmed)
        .expect("a confirmed project tag")
        .id;
    t.app
        .add_tag(editor, TaggedKind::Action, mine_action, "17.17")
        .await
        .expect("tag");
    let mine_action_tag = t
        .app
        .entity_tags(editor, TaggedKind::Action, mine_action)
        .await
        .expect("tags")
        .into_iter()
        .find(|t| t.target.as_deref() == Some("17.17"))
        .expect("the added tag")
        .id;
    let course = t.app.teaching(editor).await.expect("teaching").programmes[0].courses[0].id;
    let projects = InventoryFile {
        bytes: PROJECT_CSV.as_bytes(),
        file_name: "p.csv",
        skip_invalid: false,
        illustrative: false,
    };
    let imported = t
        .app
        .import_projects(editor, &projects, jalon_core::Lang::Fr);
    let inventory_import = imported.await.expect("import").import_id;
    SdgFixture {
        project: proposed[0].0,
        proposed: [proposed[0].1, second, third],
        confirmed,
        mine_action_tag,
        course,
        inventory_import,
    }
}

const GES_FILE: &str = "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)\n1\t02/04/2025\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n";
const ACTIVITY_CSV: &str =
    "Poste;Libellé;Quantité;Unité;Facteur\n2.1;Électricité;1000;kWh;elec-fr-mix-moyen\n";

/// A GES 1point5 mission file imported by `editor` for the unit `org_unit` (none: the
/// institution's); its batch.
async fn import_missions(
    t: &TestApp,
    editor: &jalon_app::Actor,
    bytes: &[u8],
    file_name: &str,
    org_unit: Option<&str>,
) -> i64 {
    use jalon_app::carbon::travel::{MissionFile, MissionFormat};
    let file = MissionFile {
        bytes,
        file_name,
        format: &MissionFormat::Ges1point5,
        org_unit,
        illustrative: false,
    };
    let imported = t.app.import_trips(editor, &file, jalon_core::Lang::Fr);
    imported.await.expect("missions").batch_id
}

/// Ids of the carbon cases.
struct CarbonFixture {
    /// The institution's 2025 inventory, and one of the contributor's unit (PATRI).
    inventory: i64,
    unit_inventory: i64,
    /// Lines the cases delete, in those two inventories.
    activity: i64,
    unit_activity: i64,
    /// A mission import without a unit, a place fix and a reinvestment the cases delete.
    trip_batch: i64,
    place_fix: i64,
    reinvestment: i64,
}

async fn carbon_fixture(t: &TestApp, editor: &jalon_app::Actor) -> CarbonFixture {
    use jalon_app::carbon::inventory::ActivityInput;
    use jalon_app::carbon::travel::PlaceFixInput;
    let inventory = t
        .app
        .inventories(editor)
        .await
        .expect("inventories")
        .into_iter()
        .find(|i| i.year == 2025 && i.unit.is_none())
        .expect("2025")
        .id;
    let unit_inventory = t
        .app
        .create_inventory(editor, 2025, Some("PATRI"), None, None, false)
        .await
        .expect("unit inventory")
        .id;
    let line = ActivityInput {
        post: "2.1".into(),
        label: "Électricité".into(),
        quantity: 1000.0,
        unit: "kWh".into(),
        factor_id: "elec-fr-mix-moyen".into(),
        ..Default::default()
    };
    let last_line = |v: jalon_app::carbon::inventory::InventoryView| {
        v.activities.iter().map(|a| a.id).max().expect("a line")
    };
    t.app
        .add_activity(editor, inventory, &line)
        .await
        .expect("line");
    let activity = last_line(t.app.inventory(editor, inventory).await.expect("inventory"));
    t.app
        .add_activity(editor, unit_inventory, &line)
        .await
        .expect("line");
    let unit_activity = last_line(
        t.app
            .inventory(editor, unit_inventory)
            .await
            .expect("inventory"),
    );
    let trip_batch = import_missions(t, editor, GES_FILE.as_bytes(), "m.tsv", None).await;
    t.app
        .fix_place(
            editor,
            "Aéroport du Nord",
            "",
            &PlaceFixInput::Iata { code: "LIL".into() },
        )
        .await
        .expect("fix");
    let place_fix = t
        .app
        .place_fixes(editor)
        .await
        .expect("fixes")
        .into_iter()
        .find(|f| f.text == "Aéroport du Nord")
        .expect("fix")
        .id;
    let reinvestment = t
        .app
        .add_reinvestment(
            editor,
            &jalon_app::carbon::fund::ReinvestmentInput {
                year: 2025,
                unit: "VE".into(),
                amount_cents: 1000,
                description: "Test".into(),
                ..Default::default()
            },
        )
        .await
        .expect("reinvestment");
    CarbonFixture {
        inventory,
        unit_inventory,
        activity,
        unit_activity,
        trip_batch,
        place_fix,
        reinvestment,
    }
}

async fn fixture(t: &TestApp, role: &str) -> Fixture {
    let view = t.view().await;
    let contributor = t.actor("contributeur").await;
    let editor = t.actor("editeur").await;
    let mut mine_action = None;
    let mut other_action = None;
    for (_, a) in view.doc().actions() {
        let id = view.action_id(&a.code).expect("id");
        if view.pilots(&contributor, a) {
            mine_action.get_or_insert(id);
        } else {
            other_action.get_or_insert(id);
        }
    }
    let mine_indicator = view.indicator_id("C3.O3.I1").expect("water indicator");
    let other_indicator = view.indicator_id("C2.O2.I1").expect("teaching indicator");
    let draft = |period: &str| MeasurementInput {
        period: period.into(),
        value: "10".into(),
        ..Default::default()
    };
    let mut values = Vec::new();
    for (who, indicator, period) in [
        (&editor, other_indicator, "2030"),
        (&contributor, mine_indicator, "2031"),
        (&contributor, mine_indicator, "2032"),
        (&contributor, mine_indicator, "2033"),
        (&contributor, mine_indicator, "2034"),
    ] {
        let value = draft(period);
        let saved = t.app.record_measurement(who, indicator, &value).await;
        values.push(saved.expect("value").id);
    }
    let [to_validate, draft_page, draft_api, submit_page, submit_api] = values[..] else {
        panic!("five values")
    };
    let patri = unique_missions(GES_FILE.as_bytes());
    let unit_trip_batch = import_missions(t, &editor, &patri, "patri.tsv", Some("PATRI")).await;
    t.app.suggest_plan_sdgs(&editor).await.expect("suggestions");
    let mut mine_proposed = Vec::new();
    for (_, a) in view
        .doc()
        .actions()
        .filter(|(_, a)| view.pilots(&contributor, a))
    {
        let id = view.action_id(&a.code).expect("id");
        let tags = t
            .app
            .entity_tags(&editor, jalon_app::sdg::tags::TaggedKind::Action, id)
            .await
            .expect("tags");
        mine_proposed.extend(
            tags.iter()
                .filter(|t| t.state == TagState::Proposed)
                .map(|t| t.id),
        );
    }
    let mine_proposed: [i64; 3] = mine_proposed[..3]
        .try_into()
        .expect("three suggestions on the contributor's actions");
    let (yaml, _) = t
        .app
        .export_plan(&editor, jalon_io::Format::Yaml)
        .await
        .expect("export");
    let import_token = t
        .app
        .preview_import(&editor, &yaml, "plan.yaml", jalon_core::Lang::Fr)
        .await
        .expect("preview")
        .token;
    let me = t.actor(role).await;
    let api_token_id = t
        .app
        .create_token(&me, &jalon_app::auth::TokenRequest::named("api case"))
        .await
        .expect("token")
        .id;
    let page_token_id = t
        .app
        .create_token(&me, &jalon_app::auth::TokenRequest::named("page case"))
        .await
        .expect("token")
        .id;
    let carbon = carbon_fixture(t, &editor).await;
    let mine_action = mine_action.expect("an action piloted by the contributor");
    let sdg = sdg_fixture(t, &editor, mine_action).await;
    let reports = reports_fixture(t, &editor).await;
    let campaign = campaign_fixture(t, &editor).await;
    Fixture {
        campaign,
        carbon,
        sdg,
        reports,
        objective: view.objective_id("C1.O1").expect("objective"),
        mine_action,
        other_action: other_action.expect("another action"),
        mine_indicator,
        other_indicator,
        to_validate,
        draft_page,
        draft_api,
        submit_page,
        submit_api,
        unit_trip_batch,
        mine_proposed,
        import_token,
        api_token_id,
        page_token_id,
    }
}

fn cases(f: &Fixture, plan_yaml: &[u8]) -> Vec<Case> {
    // Full sheets: they keep the contributor as pilot, or the next cases would lose access.
    let action_form = "title=Titre+modifi%C3%A9&status=in_progress&progress=40&pilot=R%C3%A9f%C3%A9rent%C2%B7e+Ressources";
    let action_json = r#"{"title":"Titre modifié","status":"in_progress","progress":40,"pilot":"Référent·e Ressources"}"#;
    let value_form = "period=2029&value=12%2C5&submit=1";
    let value_json = r#"{"period":"2029","value":"12,5","submit":true}"#;
    let user_form = "username=nouveau&display_name=Nouveau&password=un-mot-de-passe&role=viewer";
    let user_json = r#"{"username":"nouveau2","password":"un-mot-de-passe","role":"viewer"}"#;
    vec![
        get("/health"),
        get("/ready"),
        get("/healthz"),
        get("/static/{file}").fill(["jalon.css"]),
        get("/login"),
        get("/lang/{lang}").fill(["en"]).query("next=/strategy"),
        get("/"),
        get("/strategy"),
        get("/objectives/{id}").fill([f.objective]),
        get("/actions").query("late=1"),
        get("/actions/{id}").fill([f.other_action]),
        get("/reports"),
        get("/reports/sdg").query("year=2024&lang=en&format=pdf"),
        get("/reports/sdg/{year}").fill([2024]).query("lang=fr"),
        get("/reports/sdg/{year}/pdf").fill([2024]).query("lang=en"),
        get("/reports/steering/{year}").fill([2024]).query("lang=fr"),
        get("/reports/steering/{year}/pdf").fill([2024]).query("lang=en"),
        get("/reports/steering/{year}/xlsx").fill([2024]),
        get("/reports/carbon/{year}").fill([2024]).query("lang=en"),
        get("/reports/carbon/{year}/pdf").fill([2024]),
        get("/reports/carbon/{year}/beges").fill([2024]),
        get("/reports/the/{year}/xlsx").fill([2024]),
        get("/reports/the/{year}/csv").fill([2024]).query("sdg=17"),
        get("/reports/ddrs/{year}/xlsx").fill([2024]),
        // Report editors: THE bank, evidence, DD&RS, chapter content.
        get("/reports/the").query("year=2024&sdg=1"),
        post("/reports/the/{year}/answers/{indicator}").fill(["2024", "1.3.1"]).form("exists=yes&note=Adopt%C3%A9e&sdg=1"),
        post("/reports/the/{year}/answers/{indicator}/evidence").fill(["2024", "1.3.1"]).form(format!("evidence_id={}&link=1&sdg=1", f.reports.evidence)),
        post("/reports/the/edition").upload("edition.md", b"## SDG 1 No poverty\n- 1.1 Research\n"),
        get("/reports/evidence").query("year=2024"),
        post("/reports/evidence").form("title=Charte&kind=document&year=2024"),
        post("/reports/evidence/{id}").fill([f.reports.evidence]).form("title=Politique+test&kind=policy&adopted_on=2023-05-01&url=https%3A%2F%2Fexample.org%2Fp&public=1"),
        post("/reports/evidence/{id}/delete").fill([f.reports.evidence_page_delete]),
        get("/reports/ddrs").query("year=2024"),
        post("/reports/ddrs/{year}/items/{id}").fill([2024, f.reports.ddrs_item]).form("level=4&justification=Revue+en+conseil"),
        post("/reports/ddrs/{year}/items/{id}/evidence").fill([2024, f.reports.ddrs_item]).form(format!("evidence_id={}&link=1", f.reports.evidence)),
        post("/reports/ddrs/import").upload("items.csv", DDRS_CSV),
        get("/reports/content").query("sdg=13"),
        post("/reports/content/blocks").form("kind=event&title=Semaine+du+climat&sdgs=13&chapter=13"),
        post("/reports/content/blocks/{id}").fill([f.reports.block]).form("kind=text&title=Bloc+modifi%C3%A9&sdgs=13+7&chapter=13"),
        post("/reports/content/blocks/{id}/delete").fill([f.reports.block_page_delete]).form("chapter=13"),
        post("/reports/content/highlights/{goal}").fill([6]).form("indicator_code=C3.O3.I1&compare_year=2022&comparison=relative&indicator_code=&compare_year=&comparison=auto"),
        get("/api/v1/the/{year}").fill([2024]),
        put("/api/v1/the/{year}/answers/{indicator}").fill(["2024", "1.2.1"]).json(r#"{"value":12.5,"note":"API"}"#),
        post("/api/v1/the/{year}/answers/{indicator}/evidence").fill(["2024", "1.3.1"]).json(format!(r#"{{"evidence_id":{}}}"#, f.reports.evidence)),
        get("/api/v1/evidence").query("year=2024"),
        post("/api/v1/evidence").json(r#"{"title":"Rapport social","kind":"document"}"#),
        put("/api/v1/evidence/{id}").fill([f.reports.evidence]).json(r#"{"title":"Politique test","kind":"policy","adopted_on":"2023-05-01","url":"https://example.org/p","public":true}"#),
        delete("/api/v1/evidence/{id}").fill([f.reports.evidence_api_delete]),
        get("/api/v1/ddrs/{year}").fill([2024]),
        put("/api/v1/ddrs/{year}/items/{id}").fill([2024, f.reports.ddrs_item]).json(r#"{"level":4,"justification":"Revue en conseil"}"#),
        get("/api/v1/report/blocks"),
        post("/api/v1/report/blocks").json(r#"{"kind":"partnership","title":"Accord","body":"","sdgs":"17"}"#),
        put("/api/v1/report/blocks/{id}").fill([f.reports.block]).json(r#"{"kind":"text","title":"Bloc test","body":"Texte.","sdgs":"13"}"#),
        delete("/api/v1/report/blocks/{id}").fill([f.reports.block_api_delete]),
        get("/api/v1/report/highlights"),
        put("/api/v1/report/highlights/{goal}").fill([6]).json(r#"[{"indicator_code":"C3.O3.I1","compare_year":2022}]"#),
        // SDGs: before the action sheets are saved, which replace the actions' SDGs.
        get("/sdg"),
        post("/sdg/links").form("indicator=C2.O4.I1&metric=sdg_publications"),
        get("/sdg/goals/{n}").fill([13]),
        get("/sdg/classify"),
        post("/sdg/classify").form("text=Adaptation+au+changement+climatique&lang=auto"),
        get("/sdg/suggestions"),
        post("/sdg/suggest"),
        post("/sdg/tags").form(format!("kind=action&entity_id={}&sdg=4&next=/actions/{}", f.mine_action, f.mine_action)),
        post("/sdg/tags").form(format!("kind=action&entity_id={}&sdg=4", f.other_action)).only(EDITORS),
        post("/sdg/tags").form(format!("kind=objective&entity_id={}&sdg=4", f.objective)).only(EDITORS),
        post("/sdg/tags/{id}/confirm").fill([f.sdg.proposed[0]]).form("next=/research").only(EDITORS),
        post("/sdg/tags/{id}/reject").fill([f.sdg.proposed[1]]).only(EDITORS),
        // Suggestions on an action the contributor pilots: hers to decide.
        post("/sdg/tags/{id}/confirm").fill([f.mine_proposed[0]]),
        post("/sdg/tags/{id}/reject").fill([f.mine_proposed[1]]),
        post("/api/v1/sdg/tags/{id}/decision").fill([f.mine_proposed[2]]).json(r#"{"confirm":false}"#),
        post("/sdg/tags/{id}/delete").fill([f.sdg.confirmed]).only(EDITORS),
        post("/sdg/tags/{id}/delete").fill([f.sdg.mine_action_tag]),
        get("/research").query("lab=HSM"),
        get("/research/publications").query("year=2024&page=1"),
        post("/research/import").upload("p.bib", BIBTEX).only(EDITORS),
        post("/research/import").upload_with(&[("kind", "projects")], "patri.csv", PATRI_PROJECT_CSV.replace("T-2", "T-3")),
        get("/teaching"),
        post("/teaching/import").upload("cours.csv", COURSES_CSV),
        post("/teaching/courses/{id}/focus").fill([f.sdg.course]).form("focus=inclusive"),
        post("/api/v1/sdg/classify").json(r#"{"text":"Flood risk and climate adaptation","lang":"en"}"#),
        get("/api/v1/sdg/goals"),
        get("/api/v1/sdg/summary"),
        get("/api/v1/sdg/tags").query(format!("kind=project&entity={}", f.sdg.project)),
        post("/api/v1/sdg/tags").json(format!(r#"{{"kind":"project","entity":{},"sdg":"6.4"}}"#, f.sdg.project)).only(EDITORS),
        post("/api/v1/sdg/tags").json(format!(r#"{{"kind":"action","entity":{},"sdg":"12"}}"#, f.mine_action)),
        post("/api/v1/sdg/tags/{id}/decision").fill([f.sdg.proposed[2]]).json(r#"{"confirm":true}"#).only(EDITORS),
        get("/api/v1/research/projects").query("lab=HSM"),
        post("/api/v1/research/projects").query("file_name=p.csv").raw(PROJECT_CSV).only(EDITORS),
        post("/api/v1/research/projects").query("file_name=patri.csv").raw(PATRI_PROJECT_CSV),
        get("/api/v1/research/publications").query("year=2024&limit=5"),
        post("/api/v1/research/publications").query("file_name=p.bib&format=bibtex").raw(BIBTEX).only(EDITORS),
        post("/api/v1/research/publications").query("file_name=patri.csv&format=hal-csv").raw(PATRI_HAL_CSV),
        get("/api/v1/research/years"),
        get("/api/v1/teaching"),
        post("/api/v1/teaching/courses").query("file_name=c.csv").raw(COURSES_CSV),
        post("/inventories/imports/{id}/delete").fill([f.sdg.inventory_import]).form("next=/research"),
        get("/actions/{id}/edit").fill([f.mine_action]),
        get("/actions/{id}/edit").fill([f.other_action]).only(EDITORS),
        post("/actions/{id}").fill([f.mine_action]).form(action_form),
        post("/actions/{id}").fill([f.other_action]).form(action_form).only(EDITORS),
        post("/actions/{id}/progress").fill([f.mine_action]).form("status=in_progress&progress=55"),
        post("/actions/{id}/progress").fill([f.other_action]).form("status=done&progress=100").only(EDITORS),
        post("/actions/{id}/comments").fill([f.other_action]).form("text=Point+d%27%C3%A9tape"),
        get("/indicators").query("missing=1"),
        get("/indicators/{id}").fill([f.mine_indicator]),
        post("/indicators/{id}/measurements").fill([f.mine_indicator]).form(value_form),
        post("/indicators/{id}/measurements").fill([f.other_indicator]).form(value_form).only(EDITORS),
        post("/measurements/{id}/state").fill([f.to_validate]).form("state=validated").only(EDITORS),
        post("/measurements/{id}/state").fill([f.submit_page]).form("state=submitted"),
        post("/measurements/{id}/delete").fill([f.draft_page]),
        get("/import"),
        post("/import").upload("plan.yaml", plan_yaml),
        get("/export/{format}").fill(["xlsx"]),
        get("/template/{format}").fill(["csv"]),
        get("/check").query("severity=warning"),
        // The campaign: submissions first, then decisions, then closing and reopening.
        get("/campaigns"),
        post("/campaigns").form("year=2041&opens_on=2026-11-01&deadline=2026-12-15&scope=indicator_values"),
        get("/campaigns/{id}").fill([f.campaign.id]),
        get("/todo"),
        post("/campaigns/items/{id}/value").fill([f.campaign.mine_value]).form("value=12&source=Compteurs"),
        post("/campaigns/items/{id}/value").fill([f.campaign.other_value]).form("value=4").only(EDITORS),
        post("/campaigns/items/{id}/action").fill([f.campaign.mine_action]).form("status=in_progress&progress=50&note=Avanc%C3%A9"),
        post("/campaigns/items/{id}/action").fill([f.campaign.other_action]).form("status=in_progress").only(EDITORS),
        get("/campaigns/{id}/mine.xlsx").fill([f.campaign.id]),
        post("/campaigns/{id}/mine").fill([f.campaign.id]).upload("valeurs.csv", format!("N°;Valeur\n{};21\n", f.campaign.mine_value)),
        post("/api/v1/campaign-items/{id}/value").fill([f.campaign.mine_value]).json(r#"{"value":"13","source":"API"}"#),
        post("/api/v1/campaign-items/{id}/value").fill([f.campaign.other_value]).json(r#"{"value":"5"}"#).only(EDITORS),
        post("/api/v1/campaign-items/{id}/action").fill([f.campaign.mine_action]).json(r#"{"status":"in_progress","progress":55}"#),
        post("/api/v1/campaign-items/{id}/action").fill([f.campaign.other_action]).json(r#"{"status":"planned"}"#).only(EDITORS),
        post("/campaigns/items/{id}/validate").fill([f.campaign.other_value]).form("back=campaign"),
        post("/campaigns/items/{id}/return").fill([f.campaign.mine_action]).form("reason=Pr%C3%A9ciser&back=todo"),
        post("/api/v1/campaign-items/{id}/decision").fill([f.campaign.mine_value]).json(r#"{"decision":"return","reason":"Unité ?"}"#),
        get("/api/v1/campaigns"),
        post("/api/v1/campaigns").json(r#"{"year":2042,"opens_on":"2026-11-01","deadline":"2026-12-15","scope":["action_statuses"]}"#),
        get("/api/v1/campaigns/{id}").fill([f.campaign.id]),
        get("/api/v1/todo"),
        post("/campaigns/{id}/close").fill([f.campaign.id]),
        post("/campaigns/{id}/reopen").fill([f.campaign.id]),
        put("/api/v1/campaigns/{id}/state").fill([f.campaign.id]).json(r#"{"state":"closed"}"#),
        put("/api/v1/campaigns/{id}/state").fill([f.campaign.id]).json(r#"{"state":"open"}"#),
        // Notifications: each person's own (someone else's id changes nothing).
        get("/notifications"),
        post("/notifications/{id}/open").fill(["1"]),
        post("/notifications/read"),
        post("/notifications/settings").form("language=en&frequency=weekly"),
        get("/mail"),
        get("/api/v1/notifications"),
        post("/api/v1/notifications/read").json(r#"{"ids":[1]}"#),
        put("/api/v1/notifications/settings").json(r#"{"language":"fr","frequency":"daily"}"#),
        get("/plan/versions").query("from=current&to=current"),
        post("/plan/versions").form("label=Plan+adopt%C3%A9&adopted_on=2025-06-30&adopted_by=CA"),
        get("/journal").query("kind=action&from=2026-01-01&to="),
        get("/journal/csv").query("user=editeur"),
        get("/users"),
        post("/users").form(user_form),
        post("/users/{username}").fill(["lecteur"]).form("op=role&role=contributor"),
        post("/users/{username}").fill(["lecteur"]).form("op=domain&domain=C2"),
        put("/api/v1/users/{username}/domain").fill(["lecteur"]).json(r#"{"domain":null}"#),
        get("/account"),
        // A wrong current password is refused as invalid input (422), not as a permission.
        post("/account/password").form("current=faux&new_password=abcdefghijkl&confirm=abcdefghijkl"),
        post("/account/tokens").form("name=script"),
        post("/account/tokens/{id}/revoke").fill([f.page_token_id]),
        post("/account/sessions/{key}/end").fill(["0123456789abcdef"]),
        post("/account/sessions/end-others"),
        get("/about"),
        get("/carbon").query("year=2024"),
        post("/carbon/links").form("indicator=C3.O1.I2&metric=total_tonnes"),
        get("/carbon/inventories"),
        post("/carbon/inventories").form("year=2026").only(EDITORS),
        post("/carbon/inventories").form("year=2027&unit=PATRI"),
        get("/carbon/inventories/{id}").fill([f.carbon.inventory]),
        post("/carbon/inventories/{id}/activities").fill([f.carbon.inventory]).form("post=1.1&label=Gaz&quantity=10&unit=MWh&factor_id=gaz-naturel-fr").only(EDITORS),
        post("/carbon/inventories/{id}/activities").fill([f.carbon.unit_inventory]).form("post=1.1&label=Gaz&quantity=10&unit=MWh&factor_id=gaz-naturel-fr"),
        post("/carbon/inventories/{id}/activities/{activity}/delete").fill([f.carbon.inventory, f.carbon.activity]).only(EDITORS),
        post("/carbon/inventories/{id}/activities/{activity}/delete").fill([f.carbon.unit_inventory, f.carbon.unit_activity]),
        post("/carbon/inventories/{id}/import").fill([f.carbon.unit_inventory]).upload("lignes.csv", ACTIVITY_CSV),
        get("/carbon/inventories/{id}/activities.csv").fill([f.carbon.inventory]),
        post("/carbon/inventories/{id}/travel").fill([f.carbon.inventory]).only(EDITORS),
        post("/carbon/inventories/{id}/travel").fill([f.carbon.unit_inventory]),
        get("/carbon/factors").query("q=avion"),
        post("/carbon/factors").upload("base.csv", b"x"),
        get("/carbon/missions").query("year=2025&mode=avion"),
        post("/carbon/missions/import").upload("missions.tsv", GES_FILE).only(EDITORS),
        post("/carbon/missions/import").upload_with(&[("unit", "PATRI")], "missions.tsv", GES_FILE),
        get("/carbon/missions/export").query("year=2025"),
        post("/carbon/missions/batches/{id}/delete").fill([f.carbon.trip_batch]).only(EDITORS),
        post("/carbon/missions/batches/{id}/delete").fill([f.unit_trip_batch]),
        post("/carbon/mappings").form("name=Export&date=Date&traveller=Agent&unit=Service&origin=D%C3%A9part&destination=Arriv%C3%A9e&mode=Mode"),
        get("/carbon/places"),
        post("/carbon/places/fix").form("text=Gare+du+Sud&country=&iata=MRS"),
        post("/carbon/places/fixes/{id}/delete").fill([f.carbon.place_fix]),
        get("/carbon/fund").query("year=2025"),
        post("/carbon/fund/rules").form("year=2024&kind=carbon_price&eur_per_tonne=80"),
        post("/carbon/fund/reinvestments").form("year=2025&unit=VE&amount=1200&description=V%C3%A9los"),
        post("/carbon/fund/reinvestments/{id}/delete").fill([f.carbon.reinvestment]),
        post("/carbon/settings").form("contrails=1&train_max_hours=4&min_flight_km=700&flag_domestic=1"),
        get("/carbon/simulation").query("year=2025&km=700&replacement=train"),
        get("/carbon/calculator").query("from=Paris&to=Toulouse&mode=avion&round_trip=1"),
        get("/api/docs"),
        get("/api/docs/"),
        get("/api/docs/{*file}").fill(["swagger-initializer.js"]),
        get("/api/v1/openapi.json"),
        get("/api/v1/me"),
        get("/api/v1/strategy"),
        get("/api/v1/dashboard"),
        get("/api/v1/objectives/{id}").fill([f.objective]),
        get("/api/v1/targets"),
        get("/api/v1/indicators"),
        get("/api/v1/indicators/{id}").fill([f.other_indicator]),
        post("/api/v1/indicators/{id}/measurements").fill([f.mine_indicator]).json(value_json),
        post("/api/v1/indicators/{id}/measurements").fill([f.other_indicator]).json(value_json).only(EDITORS),
        post("/api/v1/measurements/{id}/state").fill([f.to_validate]).json(r#"{"state":"submitted"}"#).only(EDITORS),
        post("/api/v1/measurements/{id}/state").fill([f.submit_api]).json(r#"{"state":"submitted"}"#),
        delete("/api/v1/measurements/{id}").fill([f.draft_api]),
        get("/api/v1/actions").query("late=true"),
        get("/api/v1/actions/{id}").fill([f.mine_action]),
        put("/api/v1/actions/{id}").fill([f.mine_action]).json(action_json),
        put("/api/v1/actions/{id}").fill([f.other_action]).json(action_json).only(EDITORS),
        patch("/api/v1/actions/{id}/progress").fill([f.mine_action]).json(r#"{"status":"in_progress","progress":60}"#),
        patch("/api/v1/actions/{id}/progress").fill([f.other_action]).json(r#"{"status":"in_progress","progress":60}"#).only(EDITORS),
        post("/api/v1/actions/{id}/comments").fill([f.mine_action]).json(r#"{"text":"ok"}"#),
        get("/api/v1/check").query("lang=en"),
        get("/api/v1/plan").query("format=yaml"),
        get("/api/v1/journal").query("kind=indicator&lang=en"),
        get("/api/v1/plan/versions"),
        post("/api/v1/plan/versions").json(r#"{"label":"Plan","adopted_on":"2025-06-30","adopted_by":"CA"}"#),
        get("/api/v1/plan/versions/diff").query("from=current&to=current"),
        get("/api/v1/users"),
        post("/api/v1/users").json(user_json),
        get("/api/v1/tokens"),
        post("/api/v1/tokens").json(r#"{"name":"ci"}"#),
        delete("/api/v1/tokens/{id}").fill([f.api_token_id]),
        post("/api/v1/travel/footprint").json(r#"{"from":"Paris","to":"Lyon","mode":"train","round_trip":true}"#),
        get("/api/v1/carbon/footprint/{year}").fill([2025]),
        get("/api/v1/carbon/trend"),
        get("/api/v1/carbon/inventories"),
        get("/api/v1/carbon/inventories/{id}").fill([f.carbon.inventory]),
        post("/api/v1/carbon/inventories/{id}/activities").fill([f.carbon.inventory]).json(r#"{"post":"2.1","label":"Électricité","quantity":10,"unit":"MWh","factor_id":"elec-fr-mix-moyen"}"#).only(EDITORS),
        post("/api/v1/carbon/inventories/{id}/activities").fill([f.carbon.unit_inventory]).json(r#"{"post":"2.1","label":"Électricité","quantity":10,"unit":"MWh","factor_id":"elec-fr-mix-moyen"}"#),
        get("/api/v1/carbon/factors").query("q=tgv"),
        get("/api/v1/carbon/trips").query("year=2025&limit=5"),
        post("/api/v1/carbon/trips").query("unit=PATRI").raw(GES_FILE),
        get("/api/v1/carbon/places/unresolved"),
        post("/api/v1/carbon/places/fixes").json(r#"{"text":"Gare du Nord","country":"","fix":{"kind":"iata","code":"LIL"}}"#),
        get("/api/v1/carbon/fund"),
        post("/api/v1/carbon/simulation").json(r#"{"year":2025,"scenario":{"kind":"no_flights_under","km":700,"replacement":"train"}}"#),
        // Imports replace the plan (and its ids): after every case using ids.
        post("/import/{token}").fill([&f.import_token]),
        post("/api/v1/plan").query("format=yaml").raw(plan_yaml),
        // Last: it ends the session.
        post("/logout"),
    ]
}

/// A mission file made different from every other one sent (a mission added), since the
/// same file is refused when imported twice; other bodies as they are.
fn unique_missions(bytes: &[u8]) -> Vec<u8> {
    static SENT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let mut out = bytes.to_vec();
    if bytes.starts_with(b"# mission") {
        let n = SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        out.extend_from_slice(
            format!("U{n}\t03/04/2025\tParis\tFR\tLyon\tFR\ttrain\t\tOUI\t\t\n").as_bytes(),
        );
    }
    out
}

async fn send(t: &TestApp, c: &Case, session: Option<&Session>) -> common::Reply {
    match &c.body {
        Body::None if c.method == Method::GET => t.get(&c.path, session).await,
        Body::None | Body::Form(_) if !c.path.starts_with("/api/") => {
            let form = match &c.body {
                Body::Form(f) => f.as_str(),
                _ => "",
            };
            t.post_form(&c.path, session, form).await
        }
        Body::None => t.json(c.method.clone(), &c.path, session, "").await,
        Body::Form(f) => t.post_form(&c.path, session, f).await,
        Body::Json(j) => t.json(c.method.clone(), &c.path, session, j).await,
        Body::Upload(name, bytes) => match session {
            Some(s) => t.upload(&c.path, s, name, &unique_missions(bytes)).await,
            None => t.post_form(&c.path, None, "").await,
        },
        Body::UploadWith(fields, name, bytes) => match session {
            Some(s) => {
                let bytes = unique_missions(bytes);
                t.upload_with(&c.path, s, fields, name, &bytes).await
            }
            None => t.post_form(&c.path, None, "").await,
        },
        Body::Raw(bytes) => {
            let body = String::from_utf8_lossy(&unique_missions(bytes)).into_owned();
            t.json(c.method.clone(), &c.path, session, &body).await
        }
    }
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// The demo with the cases' ids, for `role`.
async fn demo_with_fixture(role: &str) -> (TestApp, Fixture) {
    let t = TestApp::demo().await;
    let f = fixture(&t, role).await;
    (t, f)
}

fn refused(status: StatusCode) -> bool {
    status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED
}

#[tokio::test]
async fn every_route_for_every_role() {
    for (ri, role) in ROLES.iter().enumerate() {
        let (t, f) = demo_with_fixture(role).await;
        let editor = t.actor("editeur").await;
        let (yaml, _) = t
            .app
            .export_plan(&editor, jalon_io::Format::Yaml)
            .await
            .expect("export");
        let session = t.login(role).await;
        let routes = table();
        for c in cases(&f, &yaml) {
            let r = send(&t, &c, Some(&session)).await;
            let expected = c.expect(&routes)[ri];
            let got_refused = refused(r.status);
            assert!(
                !r.status.is_server_error(),
                "{role}: {c} → {} {}",
                r.status,
                r.body.chars().take(300).collect::<String>()
            );
            match expected {
                Allow => assert!(
                    !got_refused && r.status != StatusCode::NOT_FOUND,
                    "{role} should be allowed {c} but got {} {}",
                    r.status,
                    r.body.chars().take(300).collect::<String>()
                ),
                Refuse => assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{role} should be refused {c} but got {}",
                    r.status
                ),
            }
        }
    }
}

#[tokio::test]
async fn anonymous_requests_see_only_the_login_page() {
    let (t, f) = demo_with_fixture("lecteur").await;
    let routes = table();
    for c in cases(&f, b"") {
        let r = send(&t, &c, None).await;
        match c.declared(&routes) {
            Access::Public => assert!(
                r.status.is_success() || r.status.is_redirection(),
                "{c} → {}",
                r.status
            ),
            Access::AtLeast(_) if c.path.starts_with("/api/") => {
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{c}");
                assert_eq!(r.json()["error"]["code"], "unauthenticated");
            }
            Access::AtLeast(_) if c.method == Method::GET => {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{c}");
                let loc = r.location.clone().unwrap_or_default();
                assert!(loc.starts_with("/login?next="), "{c} → {loc}");
            }
            Access::AtLeast(_) => {
                assert!(
                    r.status == StatusCode::SEE_OTHER && r.location.as_deref() == Some("/login"),
                    "{c} → {} {:?}",
                    r.status,
                    r.location
                );
            }
        }
    }
}

#[tokio::test]
async fn the_matrix_covers_every_route() {
    let (_app, f) = demo_with_fixture("lecteur").await;
    let covered: BTreeSet<(String, &str)> = cases(&f, b"")
        .iter()
        .map(|c| (c.method.to_string(), c.route))
        .collect();
    let routes = table();
    for r in &routes {
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/login") => continue,  // the login form has its own tests
            ("GET", "/metrics") => continue, // the scraper's token, not a role: operations.rs
            _ => {}
        }
        assert!(
            covered.contains(&(r.method.to_string(), r.path.as_str())),
            "route {} {} has no case in the matrix",
            r.method,
            r.path
        );
    }
    for (m, p) in &covered {
        assert!(
            routes
                .iter()
                .any(|r| r.method.as_str() == m && r.path == *p),
            "case for unknown route {m} {p}"
        );
    }
}

/// Cases stricter than their route (`.only`) never allow a role the route refuses, and the
/// least role a route declares is allowed by at least one of its cases: the declaration is
/// neither looser nor stricter than what the use cases do.
#[tokio::test]
async fn declarations_and_cases_agree() {
    let (_app, f) = demo_with_fixture("lecteur").await;
    let routes = table();
    let all = cases(&f, b"");
    let mut unproven = Vec::new();
    for r in &routes {
        let Access::AtLeast(least) = r.access else {
            continue;
        };
        let mine: Vec<&Case> = all
            .iter()
            .filter(|c| c.method == r.method && c.route == r.path)
            .collect();
        let declared = declared_expectation(r.access);
        for c in &mine {
            let got = c.expect(&routes);
            for i in 0..4 {
                assert!(
                    !(got[i] == Allow && declared[i] == Refuse),
                    "{} {} allows {} but the route refuses it",
                    r.method,
                    r.path,
                    ROLES[i]
                );
            }
        }
        let least_index = ROLE_OF.iter().position(|x| *x == least).expect("role");
        if !mine.iter().any(|c| c.expect(&routes)[least_index] == Allow) {
            unproven.push(format!("{} {} ({least})", r.method, r.path));
        }
    }
    assert!(
        unproven.is_empty(),
        "routes whose declared least role no case allows: {unproven:?}"
    );
}

#[tokio::test]
async fn writes_without_the_csrf_token_are_refused() {
    let (t, f) = demo_with_fixture("editeur").await;
    let s = t.login("editeur").await;
    let no_token = Session {
        csrf: "0".repeat(64),
        ..s.clone()
    };
    // Form without the right token.
    let r = t
        .post_form(
            &format!("/actions/{}/progress", f.mine_action),
            Some(&no_token),
            "status=done&progress=99",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("expiré"), "{}", r.body);
    // JSON without the header.
    let req = axum::http::Request::builder()
        .uri(format!("/api/v1/actions/{}/progress", f.mine_action))
        .method(Method::PATCH)
        .header("cookie", &s.cookie)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"status":"done","progress":99}"#))
        .expect("request");
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["error"]["code"], "csrf_failed");
    // Nothing changed.
    let view = t.view().await;
    let (_, a) = view.action(f.mine_action).expect("action");
    assert_ne!(a.progress, Some(99));
    // Login form without its double-submit cookie.
    let r = t
        .post_form(
            "/login",
            None,
            "username=editeur&password=jalon-editeur&_csrf=abc",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A username that cannot be one is neither tried nor echoed back.
    let huge = "u".repeat(200_000);
    let r = t
        .post_form(
            "/login",
            None,
            &format!("username={huge}&password=x&_csrf=abc"),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(!r.body.contains(&huge[..200]), "the name is not echoed");
    assert!(r.body.len() < 50_000, "{} bytes", r.body.len());
    assert_eq!(
        t.app
            .login(&huge, "x")
            .await
            .err()
            .map(|e| e.code().as_str()),
        Some("bad_credentials")
    );
}

#[tokio::test]
async fn bearer_tokens_need_no_csrf_and_can_be_revoked() {
    let (t, f) = demo_with_fixture("contributeur").await;
    let actor = t.actor("contributeur").await;
    let token = t
        .app
        .create_token(&actor, &jalon_app::auth::TokenRequest::named("script"))
        .await
        .expect("token");
    let r = t
        .bearer(
            Method::POST,
            &format!("/api/v1/indicators/{}/measurements", f.mine_indicator),
            &token.token,
            Some(r#"{"period":"2028","value":"> 80","submit":true}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["numeric"], 80.0);
    let r = t
        .bearer(Method::GET, "/api/v1/me", &token.token, None)
        .await;
    assert_eq!(r.json()["role"], "contributor");
    t.app.revoke_token(&actor, token.id).await.expect("revoke");
    let r = t
        .bearer(Method::GET, "/api/v1/me", &token.token, None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = t
        .bearer(Method::GET, "/api/v1/me", "jalon_not-a-token", None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
