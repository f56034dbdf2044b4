//! The carbon report of a year: the institution's footprint by BEGES category, post and scope
//! with its 95 % intervals and the trend against the −5 %/year trajectory, the business-travel
//! figures computed from the missions, and the compensation fund's ledger; and the regulatory
//! BEGES table (6 categories, 22 posts) as a workbook.

use std::collections::BTreeMap;

use jalon_chart::{Bar, Columns, HorizontalBars, Labels};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::number::format_number;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};
use jalon_store::carbon::TripFilter;

use super::{euros, t};
use crate::carbon::inventory::Kg;
use crate::{Actor, App, AppResult};

fn tonnes(kg: f64, fr: bool) -> String {
    format_number(kg / 1000.0, 1, fr)
}

fn interval(k: &Kg, fr: bool) -> String {
    format!("{} – {}", tonnes(k.low, fr), tonnes(k.high, fr))
}

impl App {
    /// The carbon report of `year`.
    pub async fn carbon_report(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<Report> {
        actor.require(Operation::View)?;
        crate::check_year("year", year)?;
        let fr = lang == Lang::Fr;
        let name = |f: &str, e: &str| if fr { f.to_string() } else { e.to_string() };
        let footprint = self.footprint(actor, year).await?;
        let trend = self.footprint_trend(actor).await?;
        let fund = self.fund(actor).await?;
        let view = self.view_for(actor).await?;
        let doc = view.doc();
        let illustrative = footprint.illustrative;
        let previous = trend.iter().rev().find(|p| p.year < year);

        // The inventory.
        let total = &footprint.total;
        let mut figures = vec![KeyFigure {
            value: tonnes(total.kg, fr),
            unit: "tCO2e".into(),
            label: t(
                lang,
                "émissions de l'établissement (consolidées)",
                "the institution's emissions (consolidated)",
            )
            .into(),
            period: year.to_string(),
            comparison: previous.filter(|p| p.total.kg > 0.0).map(|p| {
                jalon_report::figure::comparison_as(total.kg, p.total.kg, p.year, false, lang)
                    .unwrap_or_default()
            }),
            source: None,
        }];
        figures.push(KeyFigure {
            value: interval(total, fr),
            unit: "tCO2e".into(),
            label: t(
                lang,
                "intervalle de confiance à 95 %",
                "95 % confidence interval",
            )
            .into(),
            period: year.to_string(),
            comparison: None,
            source: None,
        });
        let categories = Table {
            caption: format!(
                "{} {year}",
                t(
                    lang,
                    "Émissions par catégorie BEGES",
                    "Emissions by BEGES category"
                )
            ),
            header: vec![
                t(lang, "Catégorie", "Category").into(),
                "tCO2e".into(),
                t(lang, "Intervalle à 95 %", "95 % interval").into(),
                t(lang, "Part", "Share").into(),
            ],
            numeric: vec![false, true, true, true],
            rows: footprint
                .categories
                .iter()
                .map(|c| {
                    vec![
                        format!("{} {}", c.key, name(&c.name_fr, &c.name_en)),
                        tonnes(c.emissions.kg, fr),
                        interval(&c.emissions, fr),
                        if total.kg > 0.0 {
                            format!(
                                "{} %",
                                format_number(100.0 * c.emissions.kg / total.kg, 1, fr)
                            )
                        } else {
                            "–".into()
                        },
                    ]
                })
                .collect(),
        };
        let scopes = Table {
            caption: format!(
                "{} {year}",
                t(
                    lang,
                    "Émissions par scope (GHG Protocol)",
                    "Emissions by scope (GHG Protocol)"
                )
            ),
            header: vec![
                "Scope".into(),
                "tCO2e".into(),
                t(lang, "Intervalle à 95 %", "95 % interval").into(),
            ],
            numeric: vec![false, true, true],
            rows: footprint
                .scopes
                .iter()
                .map(|s| {
                    vec![
                        name(&s.name_fr, &s.name_en),
                        tonnes(s.emissions.kg, fr),
                        interval(&s.emissions, fr),
                    ]
                })
                .collect(),
        };
        let posts: Vec<_> = footprint
            .posts
            .iter()
            .filter(|p| p.emissions.kg > 0.0)
            .collect();
        let bars = HorizontalBars {
            title: t(lang, "Émissions par poste", "Emissions by post").into(),
            description: t(
                lang,
                "tCO2e par poste BEGES, avec l'intervalle à 95 %",
                "tCO2e per BEGES post, with the 95 % interval",
            )
            .into(),
            unit: "tCO2e".into(),
            bars: posts
                .iter()
                .map(|p| Bar {
                    label: format!("{} {}", p.code, name(&p.name_fr, &p.name_en)),
                    value: p.emissions.kg / 1000.0,
                    low: Some(p.emissions.low / 1000.0),
                    high: Some(p.emissions.high / 1000.0),
                })
                .collect(),
            french: fr,
        };
        let post_table = Table {
            caption: t(
                lang,
                "Données du graphique : émissions par poste",
                "Chart data: emissions by post",
            )
            .into(),
            header: vec![
                t(lang, "Poste", "Post").into(),
                "Scope".into(),
                "tCO2e".into(),
                t(lang, "Intervalle à 95 %", "95 % interval").into(),
            ],
            numeric: vec![false, false, true, true],
            rows: posts
                .iter()
                .map(|p| {
                    vec![
                        format!("{} {}", p.code, name(&p.name_fr, &p.name_en)),
                        p.scope.to_string(),
                        tonnes(p.emissions.kg, fr),
                        interval(&p.emissions, fr),
                    ]
                })
                .collect(),
        };
        let columns = Columns {
            title: t(lang, "Évolution des émissions", "Emissions over the years").into(),
            description: t(
                lang,
                "tCO2e par année et trajectoire de −5 % par an depuis la première année",
                "tCO2e per year and the −5 % per year trajectory from the first year",
            )
            .into(),
            unit: "tCO2e".into(),
            columns: trend
                .iter()
                .map(|p| {
                    (
                        p.year,
                        p.total.kg / 1000.0,
                        Some(p.total.low / 1000.0),
                        Some(p.total.high / 1000.0),
                    )
                })
                .collect(),
            expected: trend
                .iter()
                .map(|p| (p.year, p.expected_kg / 1000.0))
                .collect(),
            labels: Labels {
                measured: t(lang, "Émissions", "Emissions").into(),
                expected: t(lang, "Trajectoire −5 %/an", "−5 %/year trajectory").into(),
                target: t(lang, "Cible", "Target").into(),
                baseline: t(lang, "Référence", "Baseline").into(),
                provisional: t(lang, "provisoire", "provisional").into(),
            },
            french: fr,
        };
        let trend_table = Table {
            caption: t(
                lang,
                "Données du graphique : évolution",
                "Chart data: trend",
            )
            .into(),
            header: vec![
                t(lang, "Année", "Year").into(),
                "tCO2e".into(),
                t(lang, "Intervalle à 95 %", "95 % interval").into(),
                t(lang, "Trajectoire", "Trajectory").into(),
                t(lang, "Évolution", "Change").into(),
            ],
            numeric: vec![false, true, true, true, true],
            rows: trend
                .iter()
                .map(|p| {
                    vec![
                        p.year.to_string(),
                        tonnes(p.total.kg, fr),
                        interval(&p.total, fr),
                        tonnes(p.expected_kg, fr),
                        p.change
                            .map(|c| {
                                format!(
                                    "{}{} %",
                                    if c > 0.0 { "+" } else { "" },
                                    format_number(100.0 * c, 1, fr)
                                )
                            })
                            .unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect(),
        };
        let mut inventory_blocks = vec![Block::Table(categories), Block::Table(scopes)];
        if !posts.is_empty() {
            inventory_blocks.push(Block::Chart {
                svg: bars.to_svg(),
                table: post_table,
            });
        }
        let mut method = vec![Block::Paragraph(format!(
            "{} {}. {}",
            t(
                lang,
                "Facteurs d'émission : Base Empreinte (ADEME), version",
                "Emission factors: Base Empreinte (ADEME), version"
            ),
            footprint.factor_version,
            t(
                lang,
                "Incertitudes combinées en loi log-normale (facteur et qualité de la donnée), intervalle à 95 %. Les laboratoires comptent à la part de l'établissement.",
                "Uncertainties combined as lognormal (factor and data quality), 95 % interval. Labs count at the institution's share.",
            )
        ))];
        if !footprint.parts.is_empty() {
            method.push(Block::Table(Table {
                caption: t(lang, "Périmètre consolidé", "Consolidated perimeter").into(),
                header: vec![
                    t(lang, "Entité", "Unit").into(),
                    t(lang, "Part", "Share").into(),
                    t(lang, "Émissions propres (tCO2e)", "Own emissions (tCO2e)").into(),
                    t(lang, "Comptées (tCO2e)", "Counted (tCO2e)").into(),
                ],
                numeric: vec![false, true, true, true],
                rows: footprint
                    .parts
                    .iter()
                    .map(|p| {
                        vec![
                            p.unit
                                .as_ref()
                                .map(|u| format!("{} {}", u.code, u.name))
                                .unwrap_or_else(|| doc.institution.name.clone()),
                            format!("{} %", format_number(100.0 * p.share, 0, fr)),
                            tonnes(p.own.kg, fr),
                            tonnes(p.counted.kg, fr),
                        ]
                    })
                    .collect(),
            }));
        }
        for w in &footprint.warnings {
            method.push(Block::Note(w.clone()));
        }
        let mut chapters = vec![Chapter {
            slug: t(lang, "inventaire", "inventory").into(),
            number: None,
            title: format!(
                "{} {year}",
                t(lang, "Bilan des émissions", "Greenhouse gas inventory")
            ),
            lead: None,
            colour: None,
            key_figures: figures,
            sections: vec![
                Section {
                    title: t(
                        lang,
                        "Par catégorie, scope et poste",
                        "By category, scope and post",
                    )
                    .into(),
                    blocks: inventory_blocks,
                },
                Section {
                    title: t(lang, "Tendance", "Trend").into(),
                    blocks: if trend.is_empty() {
                        vec![Block::Note(
                            t(lang, "Aucun inventaire.", "No inventory.").into(),
                        )]
                    } else {
                        vec![Block::Chart {
                            svg: columns.to_svg(),
                            table: trend_table,
                        }]
                    },
                },
                Section {
                    title: t(lang, "Méthode et périmètre", "Method and perimeter").into(),
                    blocks: method,
                },
            ],
        }];

        // Business travel.
        let trips = self
            .trips(
                actor,
                &TripFilter {
                    year: Some(year),
                    ..Default::default()
                },
                0,
                1000,
            )
            .await?;
        let mut all = trips.trips;
        let mut offset = all.len() as u64;
        while offset < trips.total {
            let more = self
                .trips(
                    actor,
                    &TripFilter {
                        year: Some(year),
                        ..Default::default()
                    },
                    offset,
                    1000,
                )
                .await?
                .trips;
            if more.is_empty() {
                break;
            }
            offset += more.len() as u64;
            all.extend(more);
        }
        let mut by_mode: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
        let mut unresolved = 0;
        let mut levy = 0i64;
        for tr in &all {
            match &tr.emissions {
                Some(k) => {
                    let e = by_mode.entry(tr.mode.clone()).or_default();
                    e.0 += 1;
                    e.1 += tr.distance_km.unwrap_or(0.0);
                    e.2 += k.kg;
                }
                None => unresolved += 1,
            }
            levy += tr.levy_cents.unwrap_or(0);
        }
        let travel_kg: f64 = by_mode.values().map(|v| v.2).sum();
        chapters.push(Chapter {
            slug: t(lang, "deplacements", "travel").into(),
            number: None,
            title: t(lang, "Déplacements professionnels", "Business travel").into(),
            lead: None,
            colour: None,
            key_figures: vec![
                KeyFigure {
                    value: tonnes(travel_kg, fr),
                    unit: "tCO2e".into(),
                    label: t(
                        lang,
                        "émissions des missions calculées",
                        "emissions of the computed missions",
                    )
                    .into(),
                    period: year.to_string(),
                    comparison: None,
                    source: None,
                },
                KeyFigure {
                    value: all.len().to_string(),
                    unit: String::new(),
                    label: t(lang, "trajets enregistrés", "trips recorded").into(),
                    period: year.to_string(),
                    comparison: None,
                    source: None,
                },
            ],
            sections: vec![Section {
                title: t(lang, "Par mode de transport", "By mode of transport").into(),
                blocks: vec![
                    Block::Table(Table {
                        caption: format!(
                            "{} {year}",
                            t(lang, "Missions par mode", "Missions by mode")
                        ),
                        header: vec![
                            t(lang, "Mode", "Mode").into(),
                            t(lang, "Trajets", "Trips").into(),
                            "km".into(),
                            "tCO2e".into(),
                        ],
                        numeric: vec![false, true, true, true],
                        rows: by_mode
                            .iter()
                            .map(|(m, (n, km, kg))| {
                                vec![
                                    m.clone(),
                                    n.to_string(),
                                    format_number(*km, 0, fr),
                                    tonnes(*kg, fr),
                                ]
                            })
                            .collect(),
                    }),
                    Block::Note(format!(
                        "{} {unresolved}. {} {}.",
                        t(
                            lang,
                            "Trajets non calculés (lieu inconnu, mode manquant) :",
                            "Trips not computed (unknown place, missing mode):"
                        ),
                        t(
                            lang,
                            "Contribution au fonds carbone de l'année :",
                            "Levy to the carbon fund this year:"
                        ),
                        euros(levy, fr)
                    )),
                ],
            }],
        });

        // The fund.
        let fund_rows: Vec<Vec<String>> = fund
            .years
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    euros(y.opening_cents, fr),
                    euros(y.levied_cents, fr),
                    euros(y.reinvested_cents, fr),
                    euros(y.closing_cents, fr),
                ]
            })
            .collect();
        let entries: Vec<Item> = fund
            .entries
            .iter()
            .filter(|e| e.year == year)
            .map(|e| Item {
                title: format!(
                    "{} {}",
                    if e.kind == "levy" {
                        t(lang, "Contribution", "Levy")
                    } else {
                        t(lang, "Réinvestissement", "Reinvestment")
                    },
                    euros(e.amount_cents, fr)
                ),
                detail: [
                    e.date.map(|d| d.to_string()),
                    Some(e.unit.clone()),
                    e.budget_line.clone(),
                    e.kg.map(|k| format!("{} tCO2e", tonnes(k, fr))),
                    e.expected_reduction_kg.map(|k| {
                        format!(
                            "{} {} tCO2e/{}",
                            t(lang, "réduction attendue", "expected reduction"),
                            tonnes(k, fr),
                            t(lang, "an", "year")
                        )
                    }),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
                text: Some(e.description.clone()).filter(|d| !d.is_empty()),
                ..Default::default()
            })
            .collect();
        let mut fund_blocks = vec![Block::Table(Table {
            caption: t(lang, "Le fonds année par année", "The fund year by year").into(),
            header: vec![
                t(lang, "Année", "Year").into(),
                t(lang, "Solde d'ouverture", "Opening").into(),
                t(lang, "Contributions", "Levies").into(),
                t(lang, "Réinvestissements", "Reinvestments").into(),
                t(lang, "Solde de clôture", "Closing").into(),
            ],
            numeric: vec![false, true, true, true, true],
            rows: fund_rows,
        })];
        if !entries.is_empty() {
            fund_blocks.push(Block::Paragraph(format!(
                "{} {year} :",
                t(lang, "Mouvements de", "Movements of")
            )));
            fund_blocks.push(Block::Items(entries));
        }
        chapters.push(Chapter {
            slug: t(lang, "fonds-carbone", "carbon-fund").into(),
            number: None,
            title: t(
                lang,
                "Fonds de compensation carbone",
                "Carbon compensation fund",
            )
            .into(),
            lead: None,
            colour: None,
            key_figures: Vec::new(),
            sections: vec![Section {
                title: t(lang, "Registre", "Ledger").into(),
                blocks: fund_blocks,
            }],
        });
        Ok(Report {
            lang,
            title: t(lang, "Rapport carbone", "Carbon report").into(),
            subtitle: format!("{} {year}", t(lang, "Émissions de gaz à effet de serre et fonds carbone —", "Greenhouse gas emissions and carbon fund —")),
            institution: doc.institution.name.clone(),
            year,
            notice: illustrative.then(|| t(lang, "Données de démonstration : les activités et les missions sont illustratives.", "Demo data: the activities and missions are illustrative.").to_string()),
            foreword: vec![Block::Paragraph(t(
                lang,
                "Ce rapport présente le bilan des émissions de gaz à effet de serre de l'établissement selon la méthode réglementaire (BEGES), son évolution, les déplacements professionnels calculés à partir des missions et le registre du fonds de compensation alimenté par le prix interne du carbone.",
                "This report presents the institution's greenhouse gas inventory under the regulatory method (BEGES), its trend, business travel computed from the missions, and the ledger of the compensation fund fed by the internal carbon price.",
            ).into())],
            chapters,
        })
    }

    /// The regulatory BEGES table of `year`: the 22 posts in their 6 categories, with scopes,
    /// emissions and 95 % intervals in tCO2e, and category totals.
    pub async fn beges_table(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<Vec<Sheet>> {
        actor.require(Operation::View)?;
        let f = self.footprint(actor, year).await?;
        let fr = lang == Lang::Fr;
        let round = |kg: f64| (kg / 1000.0 * 10.0).round() / 10.0;
        let mut rows = Vec::new();
        for c in &f.categories {
            for p in f.posts.iter().filter(|p| p.category.to_string() == c.key) {
                rows.push(vec![
                    SheetCell::Number(f64::from(p.category)),
                    p.code.as_str().into(),
                    if fr {
                        p.name_fr.as_str()
                    } else {
                        p.name_en.as_str()
                    }
                    .into(),
                    SheetCell::Number(f64::from(p.scope)),
                    SheetCell::Number(round(p.emissions.kg)),
                    SheetCell::Number(round(p.emissions.low)),
                    SheetCell::Number(round(p.emissions.high)),
                ]);
            }
            rows.push(vec![
                c.key.as_str().into(),
                SheetCell::Empty,
                format!(
                    "{} — {}",
                    t(lang, "Total catégorie", "Category total"),
                    if fr { &c.name_fr } else { &c.name_en }
                )
                .into(),
                SheetCell::Empty,
                SheetCell::Number(round(c.emissions.kg)),
                SheetCell::Number(round(c.emissions.low)),
                SheetCell::Number(round(c.emissions.high)),
            ]);
        }
        rows.push(vec![
            SheetCell::Empty,
            SheetCell::Empty,
            t(lang, "Total", "Total").into(),
            SheetCell::Empty,
            SheetCell::Number(round(f.total.kg)),
            SheetCell::Number(round(f.total.low)),
            SheetCell::Number(round(f.total.high)),
        ]);
        Ok(vec![Sheet {
            name: format!("BEGES {year}"),
            header: vec![
                t(lang, "Catégorie", "Category").into(),
                t(lang, "Poste", "Post").into(),
                t(lang, "Intitulé", "Name").into(),
                "Scope".into(),
                "tCO2e".into(),
                t(lang, "Borne basse (95 %)", "Low (95 %)").into(),
                t(lang, "Borne haute (95 %)", "High (95 %)").into(),
            ],
            rows,
            widths: vec![10.0, 8.0, 60.0, 8.0, 12.0, 16.0, 16.0],
        }])
    }
}
