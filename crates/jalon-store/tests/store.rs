//! Repository tests, run on SQLite and, with `JALON_TEST_DATABASE_URL`, on PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use jalon_core::action::ActionStatus;
use jalon_core::number::parse_measured;
use jalon_core::period::Period;
use jalon_core::plan::*;
use jalon_core::progress::{Direction, Trajectory};
use jalon_store::accounts::{self, NewUser};
use jalon_store::{TransactionTrait, institutions, plan, testing, updates};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0)
        .single()
        .expect("valid time")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// A small plan exercising every field.
fn sample() -> PlanDocument {
    PlanDocument {
        format: FORMAT_VERSION.into(),
        notes: Some("Jeu d'essai".into()),
        institution: InstitutionInfo {
            name: "École d'essai".into(),
            short_name: Some("EE".into()),
        },
        strategy: StrategyInfo {
            title: "Stratégie RES".into(),
            title_en: Some("ESR strategy".into()),
            start_year: 2023,
            end_year: 2027,
            description: Some("Intro".into()),
            source: Some("Conseil d'administration".into()),
            stated_objective_count: Some(3),
            stated_action_count: Some(2),
            campaign_year: Some(2025),
        },
        org_units: vec![
            OrgUnitDoc {
                code: "DIR".into(),
                name: "Direction".into(),
                kind: OrgUnitKind::Service,
                parent: None,
                share: None,
            },
            OrgUnitDoc {
                code: "PATRI".into(),
                name: "Patrimoine".into(),
                kind: OrgUnitKind::Lab,
                parent: Some("DIR".into()),
                share: Some(0.5),
            },
        ],
        people: vec![
            PersonDoc {
                name: "Référent·e Ressources".into(),
                email: Some("res@example.org".into()),
                unit: Some("PATRI".into()),
                title: Some("Référent".into()),
            },
            PersonDoc {
                name: "Chargée de mission".into(),
                email: None,
                unit: None,
                title: None,
            },
        ],
        axes: vec![Axis {
            code: "C3".into(),
            title: "Structure".into(),
            title_en: Some("Estate".into()),
            description: None,
            objectives: vec![Objective {
                code: "C3.O1".into(),
                title: "Climat/Énergie".into(),
                title_en: None,
                description: Some("Réduire".into()),
                sdgs: vec!["7".into(), "13.2".into()],
                targets: vec![
                    Target {
                        code: "C3.O1.T1".into(),
                        text: Some("diminution de 20% de consommation d'origine fossile".into()),
                        plan_table_text: Some("diminution de 20%".into()),
                        kind: ValueKind::Numeric,
                        direction: Direction::Decrease,
                        unit: Some("% de la consommation fossile".into()),
                        baseline: Some(YearValue {
                            year: 2022,
                            value: 100.0,
                        }),
                        target_year: Some(2027),
                        change_percent: Some(-20.0),
                        indicators: vec!["C3.O1.I1".into()],
                        illustrative: true,
                        ..Default::default()
                    },
                    Target {
                        code: "C3.O1.T2".into(),
                        text: Some("-5 %/an des GES".into()),
                        trajectory: Trajectory::AnnualRate { percent: -5.0 },
                        direction: Direction::Decrease,
                        target_value: Some(0.1 + 0.2),
                        note: Some("float value kept exactly".into()),
                        ..Default::default()
                    },
                ],
                indicators: vec![Indicator {
                    code: "C3.O1.I1".into(),
                    name: "MWh fossile n / ref".into(),
                    unit: Some("%".into()),
                    formula: FormulaKind::ChangeVsReference,
                    owner: Some("Référent·e Ressources".into()),
                    baseline: Some(YearValue {
                        year: 2022,
                        value: 100.0,
                    }),
                    measurements: vec![
                        Measurement {
                            period: "2023".into(),
                            value: "97".into(),
                            state: MeasurementState::Validated,
                            illustrative: true,
                            ..Default::default()
                        },
                        Measurement {
                            period: "2024".into(),
                            value: "93,5".into(),
                            state: MeasurementState::Submitted,
                            source: Some("factures".into()),
                            comment: Some("ok".into()),
                            evidence_url: Some("https://example.org/f".into()),
                            ..Default::default()
                        },
                        Measurement {
                            period: "2025".into(),
                            value: "88-92".into(),
                            ..Default::default()
                        },
                    ],
                    ..Default::default()
                }],
                actions: vec![
                    Action {
                        code: "C3.O1.A1".into(),
                        title: "Chaudières biomasse".into(),
                        pilot: Some("Référent·e Ressources".into()),
                        contributors: vec!["Chargée de mission".into()],
                        contributor_units: vec!["PATRI".into()],
                        start: Some(d(2023, 9, 1)),
                        end: Some(d(2026, 6, 30)),
                        milestones: vec![Milestone {
                            title: "Marché".into(),
                            due: Some(d(2024, 3, 1)),
                            done_on: Some(d(2024, 2, 20)),
                        }],
                        budget: Budget {
                            planned_cents: Some(180_000_000),
                            committed_cents: Some(1),
                            spent_cents: None,
                        },
                        status: ActionStatus::InProgress,
                        progress: Some(40),
                        indicators: vec!["C3.O1.I1".into()],
                        sdgs: vec!["7.2".into(), "13".into()],
                        evidence: vec![EvidenceLink {
                            title: "Délibération".into(),
                            url: Some("https://example.org/d".into()),
                        }],
                        comments: vec![Comment {
                            author: "Chargée de mission".into(),
                            date: d(2025, 1, 10),
                            text: "Retard fournisseur".into(),
                        }],
                        illustrative: true,
                        note: Some("split".into()),
                        ..Default::default()
                    },
                    Action {
                        code: "C3.O1.A2".into(),
                        title: "Sans rien".into(),
                        ..Default::default()
                    },
                ],
            }],
        }],
    }
}

#[tokio::test]
async fn plan_round_trips_and_replaces() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        let doc = sample();
        let txn = conn.begin().await.expect("begin");
        plan::replace(&txn, inst.id, &doc, None, now())
            .await
            .expect("replace");
        txn.commit().await.expect("commit");
        let stored = plan::load(conn, inst.id)
            .await
            .expect("load")
            .expect("a plan");
        assert_eq!(stored.doc, doc, "round trip on {}", db.label);
        assert_eq!(
            stored
                .ids
                .actions
                .code(stored.ids.actions.id("C3.O1.A1").expect("id")),
            Some("C3.O1.A1")
        );
        assert_eq!(
            stored.meta("C3.O1.I1", 2).map(|m| m.validated_at.is_none()),
            Some(true)
        );

        // Replacing keeps people (by name) and drops the old tree.
        let mut second = doc.clone();
        second.axes[0].objectives[0].actions.truncate(1);
        second.axes[0].objectives[0].actions[0].title = "Chaudières bois".into();
        let txn = conn.begin().await.expect("begin");
        plan::replace(&txn, inst.id, &second, None, now())
            .await
            .expect("replace again");
        txn.commit().await.expect("commit");
        let stored2 = plan::load(conn, inst.id)
            .await
            .expect("load")
            .expect("a plan");
        assert_eq!(stored2.doc, second, "second round trip on {}", db.label);
        assert_eq!(
            stored2.ids.people.id("Chargée de mission"),
            stored.ids.people.id("Chargée de mission")
        );
    }
}

#[tokio::test]
async fn failed_replace_writes_nothing() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        let txn = conn.begin().await.expect("begin");
        plan::replace(&txn, inst.id, &sample(), None, now())
            .await
            .expect("replace");
        txn.commit().await.expect("commit");
        let mut broken = sample();
        broken.axes[0].objectives[0].actions[0].pilot = Some("Personne inconnue".into());
        broken.axes[0].title = "Changed".into();
        let txn = conn.begin().await.expect("begin");
        let err = plan::replace(&txn, inst.id, &broken, None, now())
            .await
            .expect_err("unknown pilot");
        assert!(err.to_string().contains("Personne inconnue"), "{err}");
        txn.rollback().await.expect("rollback");
        let stored = plan::load(conn, inst.id)
            .await
            .expect("load")
            .expect("plan");
        assert_eq!(stored.doc, sample(), "nothing changed on {}", db.label);
    }
}

#[tokio::test]
async fn codes_are_unique_per_strategy() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        let mut doc = sample();
        let dup = doc.axes[0].objectives[0].actions[0].clone();
        doc.axes[0].objectives[0].actions.push(dup);
        let txn = conn.begin().await.expect("begin");
        let err = plan::replace(&txn, inst.id, &doc, None, now())
            .await
            .expect_err("duplicate code");
        assert!(err.is_unique_violation(), "{err} on {}", db.label);
    }
}

#[tokio::test]
async fn measurements_upsert_and_validate() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        plan::replace(conn, inst.id, &sample(), None, now())
            .await
            .expect("replace");
        let stored = plan::load(conn, inst.id)
            .await
            .expect("load")
            .expect("plan");
        let ind = stored.ids.indicators.id("C3.O1.I1").expect("indicator id");
        let period = Period::parse("2026").expect("period");
        let input = Measurement {
            period: "2026".into(),
            value: "85".into(),
            ..Default::default()
        };
        let (before, after) = updates::upsert_measurement(
            conn,
            ind,
            &period,
            &input,
            &parse_measured("85").expect("v"),
            None,
            now(),
        )
        .await
        .expect("insert");
        assert!(before.is_none());
        assert_eq!((after.value, after.position), (Some(85.0), 3));
        let input = Measurement {
            value: "84".into(),
            ..input
        };
        let (before, after2) = updates::upsert_measurement(
            conn,
            ind,
            &period,
            &input,
            &parse_measured("84").expect("v"),
            None,
            now(),
        )
        .await
        .expect("update");
        assert_eq!(before.map(|b| b.id), Some(after.id));
        assert_eq!(after2.value_text, "84");
        let (_, v) = updates::set_measurement_state(
            conn,
            after.id,
            MeasurementState::Validated,
            None,
            now(),
        )
        .await
        .expect("validate");
        assert_eq!(v.state, jalon_core::plan::MeasurementState::Validated);
        assert!(v.validated_at.is_some());
        let stored = plan::load(conn, inst.id)
            .await
            .expect("load")
            .expect("plan");
        let ms = &stored
            .doc
            .indicator("C3.O1.I1")
            .expect("indicator")
            .measurements;
        assert_eq!(ms.len(), 4, "on {}", db.label);
        assert_eq!(ms[3].state, MeasurementState::Validated);
    }
}

#[tokio::test]
async fn accounts_sessions_tokens() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        let user = accounts::create_user(
            conn,
            NewUser {
                institution_id: inst.id,
                username: "ana",
                display_name: "Ana",
                password_hash: "$argon2id$x",
                role: jalon_core::access::Role::Editor,
                person_id: None,
            },
            now(),
        )
        .await
        .expect("user");
        let dup = accounts::create_user(
            conn,
            NewUser {
                institution_id: inst.id,
                username: "ana",
                display_name: "Ana 2",
                password_hash: "h",
                role: jalon_core::access::Role::Viewer,
                person_id: None,
            },
            now(),
        )
        .await
        .expect_err("taken");
        assert!(matches!(dup, jalon_store::StoreError::Conflict(_)));
        accounts::create_session(
            conn,
            "hash1",
            user.id,
            "csrf",
            now(),
            chrono::Duration::hours(8),
        )
        .await
        .expect("session");
        let (s, u) = accounts::find_session(conn, "hash1", now())
            .await
            .expect("find")
            .expect("live");
        assert_eq!(
            (s.csrf_token.as_str(), u.username.as_str()),
            ("csrf", "ana")
        );
        assert!(
            accounts::find_session(conn, "hash1", now() + chrono::Duration::hours(9))
                .await
                .expect("find")
                .is_none()
        );
        assert_eq!(
            accounts::purge_expired_sessions(conn, now() + chrono::Duration::hours(9))
                .await
                .expect("purge"),
            1
        );
        let t = accounts::create_token(
            conn,
            user.id,
            accounts::NewTokenRow {
                name: "script",
                hash: "thash",
                prefix: "jalon_ab",
                expires_at: None,
                read_only: false,
            },
            now(),
        )
        .await
        .expect("token");
        assert!(
            accounts::find_token(conn, "thash")
                .await
                .expect("find")
                .is_some()
        );
        accounts::revoke_token(conn, user.id, t.id, now())
            .await
            .expect("revoke");
        assert!(
            accounts::find_token(conn, "thash")
                .await
                .expect("find")
                .is_none()
        );
        // Deactivated accounts have no sessions.
        accounts::create_session(
            conn,
            "hash2",
            user.id,
            "c",
            now(),
            chrono::Duration::hours(8),
        )
        .await
        .expect("session");
        accounts::update_user(
            conn,
            user.id,
            accounts::UserChange {
                active: Some(false),
                ..Default::default()
            },
        )
        .await
        .expect("deactivate");
        assert!(
            accounts::find_session(conn, "hash2", now())
                .await
                .expect("find")
                .is_none(),
            "on {}",
            db.label
        );
    }
}

#[tokio::test]
async fn revision_moves_on_bump() {
    for db in testing::all().await {
        let conn = db.store.db();
        let inst = institutions::create(conn, "École d'essai", Some("EE"), now())
            .await
            .expect("institution");
        let r0 = institutions::revision(conn, inst.id).await.expect("rev");
        institutions::bump_revision(conn, inst.id)
            .await
            .expect("bump");
        assert_eq!(
            institutions::revision(conn, inst.id).await.expect("rev"),
            r0 + 1
        );
        assert_eq!(db.store.pending_migrations().await.expect("status"), 0);
    }
}

/// A state column accepts only the stable names of its state, whatever writes to it: the
/// database refuses the rest (a CHECK on PostgreSQL, triggers on SQLite), on insert and on
/// update, and accepts every name the domain has.
#[tokio::test]
async fn the_database_checks_states() {
    use jalon_store::ConnectionTrait;
    for db in testing::all().await {
        let conn = db.store.db();
        let institution =
            jalon_store::institutions::create(conn, "École", None, chrono::Utc::now())
                .await
                .expect("institution");
        let insert = |role: &str| {
            format!(
                "INSERT INTO user_account (institution_id, username, display_name, password_hash, role, active, created_at) \
                 VALUES ({}, 'u-{role}', 'U', 'h', '{role}', true, CURRENT_TIMESTAMP)",
                institution.id
            )
        };
        for role in jalon_core::access::Role::ALL {
            conn.execute_unprepared(&insert(role.as_str()))
                .await
                .unwrap_or_else(|e| panic!("{}: {role} refused: {e}", db.label));
        }
        let refused = conn.execute_unprepared(&insert("superuser")).await;
        assert!(refused.is_err(), "{}: an unknown role is refused", db.label);
        let update = conn
            .execute_unprepared("UPDATE user_account SET role = 'chef' WHERE username = 'u-admin'")
            .await;
        assert!(
            update.is_err(),
            "{}: an update to an unknown role is refused",
            db.label
        );
        let tag = |state: &str| {
            format!(
                "INSERT INTO sdg_tag (institution_id, entity_kind, entity_id, goal, origin, state, created_at, position) \
                 VALUES ({}, 'action', 1, 13, 'suggested', '{state}', CURRENT_TIMESTAMP, 0)",
                institution.id
            )
        };
        assert!(
            conn.execute_unprepared(&tag("proposed")).await.is_ok(),
            "{}",
            db.label
        );
        assert!(
            conn.execute_unprepared(&tag("maybe")).await.is_err(),
            "{}",
            db.label
        );
    }
}

/// Sentences stored before migrations 6 and 7 become their parts (file and trips, factor and
/// trips) and provenance codes (a computed value's source); other descriptions, labels and
/// sources are left as they are.
#[tokio::test]
async fn generated_sentences_stored_before_become_codes_and_numbers() {
    use jalon_store::ConnectionTrait;
    use jalon_store::carbon::{activities, ledger};
    for db in testing::all().await {
        let conn = db.store.db();
        let institution =
            jalon_store::institutions::create(conn, "École", None, chrono::Utc::now())
                .await
                .expect("institution");
        plan::replace(conn, institution.id, &sample(), None, now())
            .await
            .expect("plan");
        let stored = plan::load(conn, institution.id)
            .await
            .expect("load")
            .expect("plan");
        let indicator = stored.ids.indicators.id("C3.O1.I1").expect("indicator id");
        // Back to before migration 6 (6 to 15 are re-applied below).
        testing::roll_back(&db.store, 10).await;
        let id = institution.id;
        for sql in [
            format!(
                "INSERT INTO trip_batch (institution_id, file_name, format, rows, duplicates, contrails, illustrative, imported_at) \
                 VALUES ({id}, 'missions.csv', 'ges1point5', 3, 0, false, false, CURRENT_TIMESTAMP)"
            ),
            format!(
                "INSERT INTO ledger_entry (institution_id, year, kind, unit, amount_cents, description, batch_id, created_at) \
                 VALUES ({id}, 2025, 'levy', 'DRI', 1200, '3 déplacement(s) — missions.csv', \
                 (SELECT MAX(id) FROM trip_batch), CURRENT_TIMESTAMP)"
            ),
            format!(
                "INSERT INTO ledger_entry (institution_id, year, kind, unit, amount_cents, description, created_at) \
                 VALUES ({id}, 2025, 'reinvestment', 'DRI', 500, '2 déplacement(s) — vélos', CURRENT_TIMESTAMP)"
            ),
            format!(
                "INSERT INTO inventory (institution_id, year, factor_version, illustrative, created_at, updated_at) \
                 VALUES ({id}, 2025, 'v23', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            "INSERT INTO activity (inventory_id, post, label, quantity, unit, factor_id, quality, position) \
             VALUES ((SELECT MAX(id) FROM inventory), '3.5', 'Avion court-courrier — 7 déplacement(s)', 1200.0, 'passenger.km', 'f1', 'calculated', 0)"
                .to_string(),
            "INSERT INTO activity (inventory_id, post, label, quantity, unit, factor_id, quality, position) \
             VALUES ((SELECT MAX(id) FROM inventory), '1.1', 'Chaufferie — site nord', 10.0, 'kWh', 'f2', 'measured', 1)"
                .to_string(),
            format!(
                "UPDATE measurement SET source = 'Inventaire carbone 2024 (facteurs Base Empreinte 23.0)', \
                 comment = 'Calculé par Jalon depuis les inventaires carbone' \
                 WHERE indicator_id = {indicator} AND period = '2023'"
            ),
            format!(
                "UPDATE measurement SET source = 'Inventaire du patrimoine', comment = 'Relevé' \
                 WHERE indicator_id = {indicator} AND period = '2024'"
            ),
        ] {
            conn.execute_unprepared(&sql)
                .await
                .unwrap_or_else(|e| panic!("{}: {sql}: {e}", db.label));
        }
        assert_eq!(
            db.store.migrate().await.expect("migrate"),
            10,
            "{}",
            db.label
        );
        let entries = ledger(conn, id).await.expect("ledger");
        let levy = entries
            .iter()
            .find(|e| e.kind == jalon_core::fund::MovementKind::Levy)
            .expect("levy");
        assert_eq!(
            (levy.description.as_str(), levy.trips),
            ("missions.csv", Some(3)),
            "{}",
            db.label
        );
        let other = entries
            .iter()
            .find(|e| e.kind != jalon_core::fund::MovementKind::Levy)
            .expect("reinvestment");
        assert_eq!(
            (other.description.as_str(), other.trips),
            ("2 déplacement(s) — vélos", None),
            "{}: only levies of an import are read",
            db.label
        );
        let inventory_id = jalon_store::carbon::inventories(conn, id)
            .await
            .expect("inventories")
            .first()
            .expect("inventory")
            .id;
        let lines = activities(conn, inventory_id).await.expect("activities");
        let labels: Vec<(&str, Option<i64>)> =
            lines.iter().map(|l| (l.label.as_str(), l.trips)).collect();
        assert_eq!(
            labels,
            vec![
                ("Avion court-courrier", Some(7)),
                ("Chaufferie — site nord", None)
            ],
            "{}",
            db.label
        );
        let measured = plan::load(conn, id)
            .await
            .expect("load")
            .expect("plan")
            .doc
            .indicator("C3.O1.I1")
            .expect("indicator")
            .measurements
            .clone();
        let sources: Vec<(Option<&str>, Option<&str>)> = measured
            .iter()
            .take(2)
            .map(|m| (m.source.as_deref(), m.comment.as_deref()))
            .collect();
        assert_eq!(
            sources,
            vec![
                (
                    Some("jalon:carbon-inventory?year=2024&factors=Base Empreinte 23.0"),
                    None
                ),
                (Some("Inventaire du patrimoine"), Some("Relevé")),
            ],
            "{}",
            db.label
        );
    }
}
