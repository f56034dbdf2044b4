//! Activity data of a GHG inventory from a CSV or XLSX file: one line per consumption or
//! purchase (post, label, quantity, unit, emission factor, data quality), every cell checked
//! against the factor set the inventory uses, every problem located.

use jalon_carbon::{ActivityUnit, BegesPost, DataQuality, FactorSet};
use jalon_core::Lang;
use jalon_core::number::parse_number;
use jalon_i18n::Tr;

use crate::problem::{Problem, header_name};
use crate::table::{RawTable, read_table};

/// One line of activity data read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityLine {
    /// Row in the file.
    pub line: usize,
    pub post: BegesPost,
    pub label: String,
    pub quantity: f64,
    pub unit: ActivityUnit,
    pub factor_id: String,
    pub quality: DataQuality,
    pub source: Option<String>,
    pub comment: Option<String>,
}

/// The columns, with the headers accepted for each (French, English, key).
pub const COLUMNS: &[(&str, &[&str], bool)] = &[
    ("post", &["Poste", "Post", "Poste BEGES"], true),
    ("label", &["Libellé", "Label", "Description"], true),
    ("quantity", &["Quantité", "Quantity"], true),
    ("unit", &["Unité", "Unit"], true),
    (
        "factor",
        &[
            "Facteur",
            "Factor",
            "Facteur d'émission",
            "Emission factor",
            "factor_id",
        ],
        true,
    ),
    (
        "quality",
        &["Qualité", "Quality", "Qualité de la donnée", "Data quality"],
        false,
    ),
    ("source", &["Source"], false),
    ("comment", &["Commentaire", "Comment"], false),
];

/// Writes a quality as stored: `measured`… or the fraction.
pub fn quality_key(q: DataQuality) -> String {
    match q {
        DataQuality::Measured => "measured".into(),
        DataQuality::Calculated => "calculated".into(),
        DataQuality::Estimated => "estimated".into(),
        DataQuality::Extrapolated => "extrapolated".into(),
        DataQuality::Custom(u) => format!("{u}"),
    }
}

/// Reads a quality: `mesurée`/`measured`, `calculée`, `estimée`, `extrapolée`, or an
/// uncertainty in percent (`20 %`) or as a fraction (`0.2`).
pub fn parse_quality(s: &str) -> Option<DataQuality> {
    let k = crate::schema::fold_key(s);
    match k.as_str() {
        "" => Some(DataQuality::Estimated),
        "measured" | "mesuree" | "mesure" | "facture" | "releve" => Some(DataQuality::Measured),
        "calculated" | "calculee" | "calcule" => Some(DataQuality::Calculated),
        "estimated" | "estimee" | "estime" => Some(DataQuality::Estimated),
        "extrapolated" | "extrapolee" | "extrapole" => Some(DataQuality::Extrapolated),
        _ => {
            let v = parse_number(s).ok()?;
            let fraction = if s.contains('%') || v > 1.0 {
                v / 100.0
            } else {
                v
            };
            (fraction > 0.0 && fraction <= 10.0).then_some(DataQuality::Custom(fraction))
        }
    }
}

/// Reads activity lines from a file, checking them against `factors`.
pub fn read_activities(
    bytes: &[u8],
    file_name: &str,
    factors: &FactorSet,
    lang: Lang,
) -> Result<Vec<ActivityLine>, Vec<Problem>> {
    let table = read_table(bytes, file_name, lang)?;
    activities_from_table(&table, file_name, factors, lang)
}

/// Reads activity lines from an already read table.
pub fn activities_from_table(
    table: &RawTable,
    file_name: &str,
    factors: &FactorSet,
    lang: Lang,
) -> Result<Vec<ActivityLine>, Vec<Problem>> {
    let tr = Tr::new(lang);
    let mut problems = Vec::new();
    let problem = |row: Option<usize>, column: Option<String>, message: String| Problem {
        file: file_name.to_string(),
        sheet: table.sheet.clone(),
        row,
        column,
        element: None,
        message,
        lang,
    };
    let mut idx = std::collections::HashMap::new();
    for (key, names, required) in COLUMNS {
        match table.column(names) {
            Some(i) => {
                idx.insert(*key, i);
            }
            None if *required => problems.push(problem(
                Some(1),
                None,
                tr.t1("import-column-missing", "column", header_name(names, lang)),
            )),
            None => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for (line, cells) in &table.rows {
        let cell = |key: &str| {
            idx.get(key)
                .and_then(|i| cells.get(*i))
                .map(|s| s.trim())
                .unwrap_or_default()
        };
        let col = |key: &str| idx.get(key).map(|i| table.header[*i].clone());
        let mut bad =
            |key: &str, message: String| problems.push(problem(Some(*line), col(key), message));
        let post = match BegesPost::from_code(cell("post")) {
            Some(p) => Some(p),
            None => {
                bad(
                    "post",
                    tr.t1("import-not-a-beges-post", "value", cell("post")),
                );
                None
            }
        };
        let quantity = match parse_number(cell("quantity")) {
            Ok(q) if q >= 0.0 => Some(q),
            Ok(q) => {
                bad(
                    "quantity",
                    tr.t1("import-negative-quantity", "value", &q.to_string()),
                );
                None
            }
            Err(_) => {
                bad(
                    "quantity",
                    tr.t1("import-not-a-quantity", "value", cell("quantity")),
                );
                None
            }
        };
        let unit = match ActivityUnit::parse(cell("unit")) {
            Ok(u) => Some(u),
            Err(_) => {
                bad(
                    "unit",
                    tr.t1("import-unknown-activity-unit", "unit", cell("unit")),
                );
                None
            }
        };
        let factor_id = cell("factor").to_string();
        match (factors.get(&factor_id), unit) {
            (None, _) => bad(
                "factor",
                tr.args(
                    "import-unknown-factor",
                    &[("factor", &factor_id), ("set", &factors.version)],
                ),
            ),
            (Some(f), Some(u)) => {
                if let Err(e) = u.convert(1.0, f.unit.per) {
                    bad(
                        "unit",
                        tr.args(
                            "import-unit-mismatch",
                            &[("factor", &factor_id), ("error", &e.to_string())],
                        ),
                    );
                }
            }
            _ => {}
        }
        let quality = match parse_quality(cell("quality")) {
            Some(q) => Some(q),
            None => {
                bad(
                    "quality",
                    tr.t1("import-unknown-quality", "value", cell("quality")),
                );
                None
            }
        };
        let label = cell("label").to_string();
        if label.is_empty() {
            bad("label", tr.t("import-label-missing"));
        }
        if let (Some(post), Some(quantity), Some(unit), Some(quality)) =
            (post, quantity, unit, quality)
        {
            let opt = |k: &str| Some(cell(k).to_string()).filter(|s| !s.is_empty());
            out.push(ActivityLine {
                line: *line,
                post,
                label,
                quantity,
                unit,
                factor_id,
                quality,
                source: opt("source"),
                comment: opt("comment"),
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Writes activity lines as a CSV in the layout [`read_activities`] reads.
pub fn write_activities_csv(lines: &[ActivityLine]) -> Vec<u8> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(COLUMNS.iter().map(|(_, names, _)| names[0]));
        for a in lines {
            let _ = w.write_record(
                [
                    a.post.code(),
                    a.label.as_str(),
                    &crate::tabular::format_f64(a.quantity).replace('.', ","),
                    a.unit.label(),
                    a.factor_id.as_str(),
                    &quality_key(a.quality).replace('.', ","),
                    a.source.as_deref().unwrap_or_default(),
                    a.comment.as_deref().unwrap_or_default(),
                ]
                .map(crate::csv_cell::cell),
            );
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factors() -> &'static FactorSet {
        jalon_carbon::bundled_factor_set().expect("bundled factors")
    }

    #[test]
    fn good_and_bad_lines() {
        let ids: Vec<&str> = factors().factors().iter().map(|f| f.id.as_str()).collect();
        let elec = ids
            .iter()
            .find(|i| i.contains("elec"))
            .expect("an electricity factor");
        let csv = format!(
            "Poste;Libellé;Quantité;Unité;Facteur;Qualité\n2.1;Électricité campus;1 250 000;kWh;{elec};mesurée\n2.1;Électricité labo;douze;kWh;{elec};20 %\n9.9;?;1;kWh;{elec};\n2.1;Élec;1;litre;{elec};\n2.1;Élec;1;kWh;inconnu;\n"
        );
        let err =
            read_activities(csv.as_bytes(), "a.csv", factors(), Lang::Fr).expect_err("bad lines");
        let text: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("ligne 3") && t.contains("douze")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("ligne 4") && t.contains("poste BEGES")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("ligne 5") && t.contains("ne correspond pas")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("ligne 6") && t.contains("inconnu")),
            "{text:?}"
        );
        let good = format!(
            "Poste;Libellé;Quantité;Unité;Facteur;Qualité\n2.1;Électricité campus;1 250 000;kWh;{elec};mesurée\n"
        );
        let lines = read_activities(good.as_bytes(), "a.csv", factors(), Lang::Fr).expect("good");
        assert_eq!(lines[0].quantity, 1_250_000.0);
        assert_eq!(lines[0].quality, DataQuality::Measured);
        // What is written reads back the same.
        let back = read_activities(&write_activities_csv(&lines), "b.csv", factors(), Lang::Fr)
            .expect("round trip");
        assert_eq!(back, lines);
    }

    #[test]
    fn qualities() {
        assert_eq!(parse_quality("Estimée"), Some(DataQuality::Estimated));
        assert_eq!(parse_quality("20 %"), Some(DataQuality::Custom(0.2)));
        assert_eq!(parse_quality("0,1"), Some(DataQuality::Custom(0.1)));
        assert_eq!(parse_quality("beaucoup"), None);
        for q in [
            DataQuality::Measured,
            DataQuality::Calculated,
            DataQuality::Estimated,
            DataQuality::Extrapolated,
            DataQuality::Custom(0.25),
        ] {
            assert_eq!(parse_quality(&quality_key(q)), Some(q));
        }
    }
}
