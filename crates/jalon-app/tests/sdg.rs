//! SDG use cases on the demo institution (research and teaching inventories, suggestions and
//! decisions, indicators computed from them), on SQLite and (with `JALON_TEST_DATABASE_URL`)
//! PostgreSQL.

mod common;

use common::{app, signed_in};
use jalon_core::tag::TagState;

use jalon_app::sdg::research::InventoryFile;
use jalon_app::sdg::tags::TaggedKind;
use jalon_app::sdg::teaching::Focus;
use jalon_app::{App, AppError};
use jalon_core::Lang;
use jalon_io::inventories::PublicationFormat;
use jalon_store::testing;

fn file<'a>(bytes: &'a [u8], name: &'a str, skip_invalid: bool) -> InventoryFile<'a> {
    InventoryFile {
        bytes,
        file_name: name,
        skip_invalid,
        illustrative: false,
    }
}

/// The value of an indicator for a year, as stored.
async fn indicator_value(app: &App, institution_id: i64, code: &str, year: i32) -> Option<f64> {
    let view = app.plan_view(institution_id).await.expect("view");
    let id = view.indicator_id(code).expect("indicator");
    let (_, indicator) = view.indicator(id).expect("indicator");
    indicator
        .measurements
        .iter()
        .find(|m| m.period == year.to_string())
        .and_then(|m| m.value.parse().ok())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.051
}

#[tokio::test]
async fn demo_inventories_feed_the_sdg_indicators() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo");
        let viewer = signed_in(&app, "lecteur").await;
        let projects = app.projects(&viewer, None).await.expect("projects");
        assert_eq!(projects.len(), 21, "{}", db.label);
        let publications = app
            .publications(&viewer, &Default::default(), 0, 1000)
            .await
            .expect("publications");
        assert_eq!(publications.total, 27, "HAL CSV 24 + BibTeX 3");
        let teaching = app.teaching(&viewer).await.expect("teaching");
        assert_eq!(teaching.courses, 33);
        assert_eq!(teaching.programmes.len(), 4);

        // Suggestions carry their evidence; only confirmed tags count.
        let suggested = projects
            .iter()
            .flat_map(|p| &p.tags)
            .find(|t| t.state == TagState::Proposed)
            .expect("a suggestion");
        assert!(!suggested.evidence.is_empty(), "evidence kept");
        assert!(suggested.score.is_some_and(|s| s > 0.0));
        let years = app.research_years(&viewer).await.expect("years");
        let y2024 = years.iter().find(|y| y.year == 2024).expect("2024");
        let running_2024: Vec<_> = projects
            .iter()
            .filter(|p| {
                p.start_year.is_some_and(|s| s <= 2024) && p.end_year.is_none_or(|e| e >= 2024)
            })
            .collect();
        assert_eq!(y2024.projects, running_2024.len());
        let with_sdg = running_2024
            .iter()
            .filter(|p| p.tags.iter().any(|t| t.state == TagState::Confirmed))
            .count();
        assert_eq!(y2024.projects_with_sdg, with_sdg);

        // The plan indicators linked to the inventories carry the computed values.
        let share = y2024.share.expect("share");
        let stored = indicator_value(&app, report.institution_id, "C2.O4.I1", 2024).await;
        assert!(
            stored.is_some_and(|v| close(v, share)),
            "C2.O4.I1 2024: {stored:?} vs {share}"
        );
        // The teaching inventory describes the campaign year (the one being reported).
        let campaign = app
            .plan_view(report.institution_id)
            .await
            .expect("view")
            .campaign_year();
        let course_share = teaching.course_share.expect("course share");
        let stored = indicator_value(&app, report.institution_id, "C2.O2.I1", campaign).await;
        assert!(
            stored.is_some_and(|v| close(v, course_share)),
            "C2.O2.I1 {campaign}: {stored:?} vs {course_share}"
        );

        // Confirming a 2024 suggestion moves the indicator.
        let editor = signed_in(&app, "editeur").await;
        let unconfirmed = running_2024
            .iter()
            .find(|p| {
                !p.tags.iter().any(|t| t.state == TagState::Confirmed)
                    && p.tags.iter().any(|t| t.state == TagState::Proposed)
            })
            .copied();
        if let Some(p) = unconfirmed {
            let tag = p
                .tags
                .iter()
                .find(|t| t.state == TagState::Proposed)
                .expect("tag");
            app.decide_tag(&editor, tag.id, true)
                .await
                .expect("confirm");
            let after = indicator_value(&app, report.institution_id, "C2.O4.I1", 2024)
                .await
                .expect("value");
            let expected = (with_sdg + 1) as f64 * 100.0 / y2024.projects as f64;
            assert!(close(after, expected), "{after} vs {expected}");
        } else {
            // Every 2024 project has an SDG: removing one moves the share down.
            let p = running_2024[0];
            for t in p.tags.iter().filter(|t| t.state == TagState::Confirmed) {
                app.remove_tag(&editor, t.id).await.expect("remove");
            }
            let after = indicator_value(&app, report.institution_id, "C2.O4.I1", 2024)
                .await
                .expect("value");
            let expected = (with_sdg - 1) as f64 * 100.0 / y2024.projects as f64;
            assert!(close(after, expected), "{after} vs {expected}");
        }
    }
}

#[tokio::test]
async fn decisions_stick_and_rejected_sdgs_are_not_suggested_again() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        let report = app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let pending = app
            .pending_plan_suggestions(&editor)
            .await
            .expect("pending");
        let action = pending
            .iter()
            .find(|p| p.kind == TaggedKind::Action)
            .expect("an action with suggestions");
        let mut proposed = action.tags.iter().filter(|t| t.state == TagState::Proposed);
        let first = proposed.next().expect("a suggestion");
        let (kind, entity) = app
            .decide_tag(&editor, first.id, false)
            .await
            .expect("reject");
        assert_eq!((kind, entity), (TaggedKind::Action, action.entity_id));
        // Suggesting again keeps the rejection.
        app.suggest_plan_sdgs(&editor).await.expect("suggest");
        let tags = app
            .entity_tags(&editor, TaggedKind::Action, action.entity_id)
            .await
            .expect("tags");
        let same: Vec<_> = tags.iter().filter(|t| t.goal == first.goal).collect();
        assert!(
            same.iter().all(|t| t.state == TagState::Rejected),
            "{} stays rejected: {same:?}",
            first.goal
        );

        // A confirmed suggestion becomes one of the action's SDGs in the plan.
        let goal = if let Some(second) = proposed.next() {
            app.decide_tag(&editor, second.id, true)
                .await
                .expect("confirm");
            second.goal
        } else {
            app.add_tag(&editor, TaggedKind::Action, action.entity_id, "14.1")
                .await
                .expect("add");
            14
        };
        let view = app.plan_view(report.institution_id).await.expect("view");
        let (_, a) = view.action(action.entity_id).expect("action");
        assert!(
            a.sdgs
                .iter()
                .any(|s| s.split('.').next() == Some(goal.to_string().as_str())),
            "{goal} in {:?}",
            a.sdgs
        );

        // Hand tags are checked.
        let bad = app
            .add_tag(&editor, TaggedKind::Action, action.entity_id, "18")
            .await;
        assert!(matches!(bad, Err(AppError::Invalid { .. })), "{bad:?}");
        let bad = app
            .add_tag(&editor, TaggedKind::Action, action.entity_id, "13.9")
            .await;
        assert!(matches!(bad, Err(AppError::Invalid { .. })), "{bad:?}");

        // A viewer decides nothing; a contributor only on the actions they pilot.
        let viewer = signed_in(&app, "lecteur").await;
        let tag = tags
            .iter()
            .find(|t| t.state != TagState::Rejected)
            .map(|t| t.id);
        if let Some(tag) = tag {
            assert!(matches!(
                app.decide_tag(&viewer, tag, true).await,
                Err(AppError::Forbidden)
            ));
        }
        let contributor = signed_in(&app, "contributeur").await;
        let objective = pending
            .iter()
            .find(|p| p.kind == TaggedKind::Objective)
            .and_then(|p| p.tags.first());
        if let Some(t) = objective {
            assert!(matches!(
                app.decide_tag(&contributor, t.id, true).await,
                Err(AppError::Forbidden)
            ));
        }
    }
}

const PROJECTS_WITH_ERRORS: &str = "Référence;Titre;Résumé;Laboratoire;Début;Fin
P-1;Hydrologie des bassins versants;Sécheresses et ressource en eau potable.;HSM;2024;2026
P-2;;Sans titre;HSM;2024;2025
P-3;Matériaux recyclés;Recyclage des plastiques et économie circulaire.;PCH;deux mille;2025
P-4;Mobilité douce;Vélo et transports en commun pour réduire les émissions.;HSM;2026;2024
";

#[tokio::test]
async fn broken_inventory_files_are_refused_whole_or_filtered_on_request() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let editor = signed_in(&app, "editeur").await;
    let before = app.projects(&editor, None).await.expect("projects").len();

    let refused = app
        .import_projects(
            &editor,
            &file(PROJECTS_WITH_ERRORS.as_bytes(), "projets.csv", false),
            Lang::Fr,
        )
        .await;
    let Err(AppError::ImportRefused(problems)) = refused else {
        panic!("refused expected: {refused:?}");
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
    let rows: Vec<_> = problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [Some(3), Some(4), Some(5)], "rows located");
    assert!(
        problems[1].message.contains("deux mille"),
        "{}",
        problems[1].message
    );
    assert_eq!(problems[2].column.as_deref(), Some("Fin"));
    assert_eq!(
        app.projects(&editor, None).await.expect("projects").len(),
        before,
        "nothing written"
    );

    let r = app
        .import_projects(
            &editor,
            &file(PROJECTS_WITH_ERRORS.as_bytes(), "projets.csv", true),
            Lang::Fr,
        )
        .await
        .expect("valid records imported");
    assert_eq!((r.records, r.rejected), (1, 3));
    assert_eq!(r.problems.len(), 3);
    let projects = app.projects(&editor, None).await.expect("projects");
    assert_eq!(projects.len(), before + 1);
    let p = projects
        .iter()
        .find(|p| p.reference.as_deref() == Some("P-1"))
        .expect("P-1");
    assert!(
        p.tags
            .iter()
            .any(|t| t.goal == 6 && t.state == TagState::Proposed),
        "water suggested: {:?}",
        p.tags
    );

    // Deleting the import removes its project and its tags.
    app.delete_inventory_import(&editor, r.import_id)
        .await
        .expect("delete");
    assert_eq!(
        app.projects(&editor, None).await.expect("projects").len(),
        before
    );

    // Not a table at all.
    let bad = app
        .import_courses(
            &editor,
            &file(b"\x00\x01garbage", "cours.xlsx", false),
            Lang::En,
        )
        .await;
    assert!(
        matches!(
            bad,
            Err(AppError::ImportRefused(_)) | Err(AppError::Invalid { .. })
        ),
        "{bad:?}"
    );
}

const HAL_CSV: &str = "halId_s,doiId_s,title_s,abstract_s,keyword_s,authFullName_s,publicationDateY_i,docType_s,journalTitle_s,labStructAcronym_s
hal-09000001,10.1000/jalon.1,Drought and groundwater depletion in karst aquifers,We study groundwater depletion under drought and the safe drinking water supply.,water;drought,Anne Martin,2025,ART,Journal of Hydrology,HSM
hal-09000002,,Plastic waste recycling,Chemical recycling of plastic waste for a circular economy.,recycling,Paul Durand,2025,ART,Waste Management,PCH
";

const HAL_JSON: &str = r#"{"response":{"numFound":2,"docs":[
 {"halId_s":"hal-09000002","title_s":["Plastic waste recycling"],"publicationDateY_i":2025,"labStructAcronym_s":["PCH"]},
 {"halId_s":"hal-09000003","doiId_s":"10.1000/jalon.3","title_s":["Flood early warning and climate adaptation"],"abstract_s":["Early warning of flash floods reduces disaster losses in a changing climate."],"publicationDateY_i":2025,"authFullName_s":["Léa Petit"],"labStructAcronym_s":["HSM"]}
]}}"#;

const BIBTEX: &str = r#"@article{martin2025,
  title = {Groundwater depletion and drought in {K}arst aquifers},
  author = {Martin, Anne and Petit, L{\'e}a},
  year = {2025},
  doi = {10.1000/JALON.1},
  journal = {Journal of Hydrology}
}
@inproceedings{new2025,
  title = {Energy efficiency of university buildings},
  author = {Durand, Paul},
  year = 2025,
  abstract = {Renewable energy and energy efficiency retrofits of campus buildings.}
}
"#;

#[tokio::test]
async fn publications_from_hal_and_bibtex_are_deduplicated() {
    for db in testing::all().await {
        let app = app(db.store.clone());
        app.load_demo().await.expect("demo");
        let editor = signed_in(&app, "editeur").await;
        let total = |app: &App| {
            let app = app.clone();
            let editor = editor.clone();
            async move {
                app.publications(&editor, &Default::default(), 0, 1)
                    .await
                    .expect("publications")
                    .total
            }
        };
        let before = total(&app).await;
        let r = app
            .import_publications(
                &editor,
                &file(HAL_CSV.as_bytes(), "hal.csv", false),
                None,
                Lang::En,
            )
            .await
            .expect("HAL CSV");
        assert_eq!((r.records, r.duplicates), (2, 0), "{}", db.label);
        assert!(r.suggested >= 2, "both get SDGs: {r:?}");
        // The JSON export repeats one record (same HAL id).
        let r = app
            .import_publications(
                &editor,
                &file(HAL_JSON.as_bytes(), "hal.json", false),
                Some(PublicationFormat::HalJson),
                Lang::En,
            )
            .await
            .expect("HAL JSON");
        assert_eq!((r.records, r.duplicates), (1, 1));
        // BibTeX repeats a DOI in another case.
        let r = app
            .import_publications(
                &editor,
                &file(BIBTEX.as_bytes(), "refs.bib", false),
                None,
                Lang::En,
            )
            .await
            .expect("BibTeX");
        assert_eq!((r.records, r.duplicates), (1, 1));
        assert_eq!(total(&app).await, before + 4);
        let page = app
            .publications(&editor, &Default::default(), 0, 1000)
            .await
            .expect("publications");
        let flood = page
            .publications
            .iter()
            .find(|p| p.hal_id.as_deref() == Some("hal-09000003"))
            .expect("flood paper");
        assert_eq!(flood.authors, ["Léa Petit"]);
        assert!(
            flood.tags.iter().any(|t| t.goal == 13 || t.goal == 11),
            "{:?}",
            flood.tags
        );
        // A contributor outside HSM may not import HSM's publications.
        let contributor = signed_in(&app, "contributeur").await;
        let r = app
            .import_publications(
                &contributor,
                &file(HAL_CSV.as_bytes(), "hal.csv", false),
                None,
                Lang::En,
            )
            .await;
        assert!(matches!(r, Err(AppError::Forbidden)), "{r:?}");
    }
}

const COURSES: &str = "Formation;Code;Cours;Description;ECTS;Heures;Obligatoire
Master Énergie;ME1;Transition énergétique et climat;Changement climatique, énergies renouvelables et sobriété énergétique.;5;40;obligatoire
Master Énergie;ME2;Mécanique des fluides;Écoulements, turbulence et pertes de charge dans les réseaux.;5;40;obligatoire
Master Énergie;ME3;Gestion de projet;Planification et budget, un cas porte sur la réduction des émissions de gaz à effet de serre d'un site industriel.;2;20;optionnel
";

#[tokio::test]
async fn courses_get_a_focus_proposal_that_people_confirm() {
    let db = testing::sqlite().await;
    let app = app(db.store.clone());
    app.load_demo().await.expect("demo");
    let editor = signed_in(&app, "editeur").await;
    let before = app.teaching(&editor).await.expect("teaching");
    let r = app
        .import_courses(
            &editor,
            &file(COURSES.as_bytes(), "master.csv", false),
            Lang::Fr,
        )
        .await
        .expect("courses");
    assert_eq!(r.records, 3);
    let after = app.teaching(&editor).await.expect("teaching");
    assert_eq!(after.courses, before.courses + 3);
    assert_eq!(after.programmes.len(), before.programmes.len() + 1);
    let master = after
        .programmes
        .iter()
        .find(|p| p.name == "Master Énergie")
        .expect("programme");
    let by_code = |code: &str| {
        master
            .courses
            .iter()
            .find(|c| c.code.as_deref() == Some(code))
            .expect("course")
    };
    assert_eq!(by_code("ME1").focus, Focus::Focused, "title about climate");
    assert_eq!(by_code("ME2").focus, Focus::None);
    assert!(!by_code("ME1").focus_confirmed, "a proposal to confirm");
    assert!(master.addresses, "a mandatory focused course");
    assert!(
        master.share.is_some_and(|s| s > 30.0 && s < 70.0),
        "{:?}",
        master.share
    );

    // A person overrides the proposal; the shares follow.
    let me2 = by_code("ME2").id;
    app.set_course_focus(&editor, me2, Focus::Inclusive)
        .await
        .expect("focus");
    let again = app.teaching(&editor).await.expect("teaching");
    let c = again
        .programmes
        .iter()
        .flat_map(|p| &p.courses)
        .find(|c| c.id == me2)
        .expect("course");
    assert_eq!(c.focus, Focus::Inclusive);
    assert!(c.focus_confirmed);
    assert_eq!(again.courses_addressing, after.courses_addressing + 1);

    let contributor = signed_in(&app, "contributeur").await;
    assert!(matches!(
        app.set_course_focus(&contributor, me2, Focus::None).await,
        Err(AppError::Forbidden)
    ));
}
