//! The carbon report of a year: the institution's footprint by BEGES category, post and scope
//! with its 95 % intervals and the trend against the −5 %/year trajectory, the business-travel
//! figures computed from the missions, and the compensation fund's ledger; and the regulatory
//! BEGES table (6 categories, 22 posts) as a workbook.

use std::collections::BTreeMap;

use jalon_chart::{Bar, HorizontalBars};
use jalon_core::Lang;
use jalon_core::access::Operation;
use jalon_core::number::format_number;
use jalon_io::workbook::{Sheet, SheetCell};
use jalon_report::{Block, Chapter, Item, KeyFigure, Report, Section, Table};
use jalon_store::carbon::TripFilter;

use super::{euros, t};
use crate::carbon::fund::FundView;
use crate::carbon::inventory::{Footprint, Kg, TrendPoint};
use crate::carbon::travel::TripView;
use crate::{Actor, App, AppResult};

fn tonnes(kg: f64, fr: bool) -> String {
    format_number(kg / 1000.0, 1, fr)
}

fn interval(k: &Kg, fr: bool) -> String {
    format!("{} – {}", tonnes(k.low, fr), tonnes(k.high, fr))
}

impl App {
    /// The carbon report of `year`: the inventory, business travel and the fund, a chapter each.
    pub async fn carbon_report(&self, actor: &Actor, year: i32, lang: Lang) -> AppResult<Report> {
        actor.require(Operation::View)?;
        crate::check_year("year", year)?;
        let footprint = self.footprint(actor, year).await?;
        let trend = self.footprint_trend(actor).await?;
        let fund = self.fund(actor).await?;
        let view = self.view_for(actor).await?;
        let institution = view.doc().institution.name.clone();
        let trips = self.trips_of_year(actor, year).await?;
        Ok(Report {
            lang,
            title: t(lang, "rpt-carbon-report").into(),
            subtitle: format!(
                "{} {year}",
                t(lang, "rpt-greenhouse-gas-emissions-and-carbon-fund")
            ),
            notice: footprint
                .illustrative
                .then(|| t(lang, "rpt-demo-data-the-activities-and-missions").to_string()),
            foreword: vec![Block::Paragraph(
                t(lang, "rpt-this-report-presents-the-institution-s").into(),
            )],
            chapters: vec![
                inventory_chapter(&footprint, &trend, &institution, year, lang),
                travel_chapter(&trips, year, lang),
                fund_chapter(&fund, year, lang),
            ],
            institution,
            year,
        })
    }

    /// Every trip of `year`, read page by page.
    async fn trips_of_year(&self, actor: &Actor, year: i32) -> AppResult<Vec<TripView>> {
        let filter = TripFilter {
            year: Some(year),
            ..Default::default()
        };
        let first = self.trips(actor, &filter, 0, 1000).await?;
        let mut all = first.trips;
        while (all.len() as u64) < first.total {
            let more = self
                .trips(actor, &filter, all.len() as u64, 1000)
                .await?
                .trips;
            if more.is_empty() {
                break;
            }
            all.extend(more);
        }
        Ok(all)
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
                    t(lang, "rpt-category-total"),
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
            t(lang, "rpt-total").into(),
            SheetCell::Empty,
            SheetCell::Number(round(f.total.kg)),
            SheetCell::Number(round(f.total.low)),
            SheetCell::Number(round(f.total.high)),
        ]);
        Ok(vec![Sheet {
            name: format!("BEGES {year}"),
            header: vec![
                t(lang, "rpt-category").into(),
                t(lang, "rpt-post").into(),
                t(lang, "rpt-name").into(),
                "Scope".into(),
                "tCO2e".into(),
                t(lang, "rpt-low-95").into(),
                t(lang, "rpt-high-95").into(),
            ],
            rows,
            widths: vec![10.0, 8.0, 60.0, 8.0, 12.0, 16.0, 16.0],
        }])
    }
}

/// The greenhouse-gas inventory's chapter: key figures, the emissions by category, scope and
/// post, the trend against the trajectory, the method and the consolidated perimeter.
fn inventory_chapter(
    footprint: &Footprint,
    trend: &[TrendPoint],
    institution: &str,
    year: i32,
    lang: Lang,
) -> Chapter {
    let fr = lang == Lang::Fr;
    let previous = trend.iter().rev().find(|p| p.year < year);
    let total = &footprint.total;
    let mut key_figures = vec![KeyFigure {
        value: tonnes(total.kg, fr),
        unit: "tCO2e".into(),
        label: t(lang, "rpt-the-institution-s-emissions-consolidated").into(),
        period: year.to_string(),
        comparison: previous.filter(|p| p.total.kg > 0.0).map(|p| {
            jalon_report::figure::comparison_as(total.kg, p.total.kg, p.year, false, lang)
                .unwrap_or_default()
        }),
        source: None,
    }];
    key_figures.push(KeyFigure {
        value: interval(total, fr),
        unit: "tCO2e".into(),
        label: t(lang, "rpt-95-confidence-interval").into(),
        period: year.to_string(),
        comparison: None,
        source: None,
    });
    Chapter {
        slug: t(lang, "rpt-inventory").into(),
        number: None,
        title: format!("{} {year}", t(lang, "rpt-greenhouse-gas-inventory")),
        lead: None,
        colour: None,
        key_figures,
        sections: vec![
            Section {
                title: t(lang, "rpt-by-category-scope-and-post").into(),
                blocks: breakdown_blocks(footprint, year, lang),
            },
            Section {
                title: t(lang, "rpt-trend").into(),
                blocks: trend_blocks(trend, lang),
            },
            Section {
                title: t(lang, "rpt-method-and-perimeter").into(),
                blocks: method_blocks(footprint, institution, lang),
            },
        ],
    }
}

/// The emissions by BEGES category, by scope and by post (a chart with its data table).
fn breakdown_blocks(footprint: &Footprint, year: i32, lang: Lang) -> Vec<Block> {
    let fr = lang == Lang::Fr;
    let name = |f: &str, e: &str| if fr { f.to_string() } else { e.to_string() };
    let total = &footprint.total;
    let categories = Table {
        caption: format!("{} {year}", t(lang, "rpt-emissions-by-beges-category")),
        header: vec![
            t(lang, "rpt-category").into(),
            "tCO2e".into(),
            t(lang, "rpt-95-interval").into(),
            t(lang, "rpt-share").into(),
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
        caption: format!("{} {year}", t(lang, "rpt-emissions-by-scope-ghg-protocol")),
        header: vec![
            "Scope".into(),
            "tCO2e".into(),
            t(lang, "rpt-95-interval").into(),
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
        title: t(lang, "rpt-emissions-by-post").into(),
        description: t(lang, "rpt-tco2e-per-beges-post-with-the").into(),
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
        caption: t(lang, "rpt-chart-data-emissions-by-post").into(),
        header: vec![
            t(lang, "rpt-post").into(),
            "Scope".into(),
            "tCO2e".into(),
            t(lang, "rpt-95-interval").into(),
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
    let mut blocks = vec![Block::Table(categories), Block::Table(scopes)];
    if !posts.is_empty() {
        blocks.push(Block::Chart {
            svg: bars.to_svg(),
            table: post_table,
        });
    }
    blocks
}

/// The trend of the footprint against the trajectory: a chart with its data table.
fn trend_blocks(trend: &[TrendPoint], lang: Lang) -> Vec<Block> {
    let fr = lang == Lang::Fr;
    if trend.is_empty() {
        return vec![Block::Note(t(lang, "rpt-no-inventory").into())];
    }
    let columns = crate::carbon::inventory::trend_chart(trend, lang);
    let trend_table = Table {
        caption: t(lang, "rpt-chart-data-trend").into(),
        header: vec![
            t(lang, "rpt-year").into(),
            "tCO2e".into(),
            t(lang, "rpt-95-interval").into(),
            t(lang, "rpt-trajectory").into(),
            t(lang, "rpt-change").into(),
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
    vec![Block::Chart {
        svg: columns.to_svg(),
        table: trend_table,
    }]
}

/// The method (factors, uncertainty), the consolidated perimeter and the inventory's warnings.
fn method_blocks(footprint: &Footprint, institution: &str, lang: Lang) -> Vec<Block> {
    let fr = lang == Lang::Fr;
    let mut method = vec![Block::Paragraph(format!(
        "{} {}. {}",
        t(lang, "rpt-emission-factors-base-empreinte-ademe-version"),
        footprint.factor_version,
        t(lang, "rpt-uncertainties-combined-as-lognormal-factor-and")
    ))];
    if !footprint.parts.is_empty() {
        method.push(Block::Table(Table {
            caption: t(lang, "rpt-consolidated-perimeter").into(),
            header: vec![
                t(lang, "rpt-unit").into(),
                t(lang, "rpt-share").into(),
                t(lang, "rpt-own-emissions-tco2e").into(),
                t(lang, "rpt-counted-tco2e").into(),
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
                            .unwrap_or_else(|| institution.to_string()),
                        format!("{} %", format_number(100.0 * p.share, 0, fr)),
                        tonnes(p.own.kg, fr),
                        tonnes(p.counted.kg, fr),
                    ]
                })
                .collect(),
        }));
    }
    for w in &footprint.warnings {
        method.push(Block::Note(jalon_i18n::Tr::new(lang).msg(w)));
    }
    method
}

/// The business-travel chapter: the computed missions' emissions and their count, by mode,
/// with the trips left uncomputed and the levy.
fn travel_chapter(all: &[TripView], year: i32, lang: Lang) -> Chapter {
    let fr = lang == Lang::Fr;
    let mut by_mode: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
    let mut unresolved = 0;
    let mut levy = 0i64;
    for tr in all {
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
    Chapter {
        slug: t(lang, "rpt-travel").into(),
        number: None,
        title: t(lang, "rpt-business-travel").into(),
        lead: None,
        colour: None,
        key_figures: vec![
            KeyFigure {
                value: tonnes(travel_kg, fr),
                unit: "tCO2e".into(),
                label: t(lang, "rpt-emissions-of-the-computed-missions").into(),
                period: year.to_string(),
                comparison: None,
                source: None,
            },
            KeyFigure {
                value: all.len().to_string(),
                unit: String::new(),
                label: t(lang, "rpt-trips-recorded").into(),
                period: year.to_string(),
                comparison: None,
                source: None,
            },
        ],
        sections: vec![Section {
            title: t(lang, "rpt-by-mode-of-transport").into(),
            blocks: vec![
                Block::Table(Table {
                    caption: format!("{} {year}", t(lang, "rpt-missions-by-mode")),
                    header: vec![
                        t(lang, "rpt-mode").into(),
                        t(lang, "rpt-trips").into(),
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
                    t(lang, "rpt-trips-not-computed-unknown-place-missing"),
                    t(lang, "rpt-levy-to-the-carbon-fund-this"),
                    euros(levy, fr)
                )),
            ],
        }],
    }
}

/// The compensation fund's chapter: the fund year by year and the movements of `year`.
fn fund_chapter(fund: &FundView, year: i32, lang: Lang) -> Chapter {
    let fr = lang == Lang::Fr;
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
                if e.kind == jalon_core::fund::MovementKind::Levy {
                    t(lang, "rpt-levy")
                } else {
                    t(lang, "rpt-reinvestment")
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
                        t(lang, "rpt-expected-reduction"),
                        tonnes(k, fr),
                        t(lang, "rpt-year-2")
                    )
                }),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
            text: Some(e.description_in(lang)).filter(|d| !d.is_empty()),
            ..Default::default()
        })
        .collect();
    let mut fund_blocks = vec![Block::Table(Table {
        caption: t(lang, "rpt-the-fund-year-by-year").into(),
        header: vec![
            t(lang, "rpt-year").into(),
            t(lang, "rpt-opening").into(),
            t(lang, "rpt-levies").into(),
            t(lang, "rpt-reinvestments").into(),
            t(lang, "rpt-closing").into(),
        ],
        numeric: vec![false, true, true, true, true],
        rows: fund_rows,
    })];
    if !entries.is_empty() {
        fund_blocks.push(Block::Paragraph(format!(
            "{} {year}{}",
            t(lang, "rpt-movements-of"),
            jalon_i18n::colon(lang)
        )));
        fund_blocks.push(Block::Items(entries));
    }
    Chapter {
        slug: t(lang, "rpt-carbon-fund").into(),
        number: None,
        title: t(lang, "rpt-carbon-compensation-fund").into(),
        lead: None,
        colour: None,
        key_figures: Vec::new(),
        sections: vec![Section {
            title: t(lang, "rpt-ledger").into(),
            blocks: fund_blocks,
        }],
    }
}
