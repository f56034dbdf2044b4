//! `jalon sdg classify`: a CSV of texts in, one row per text out with its SDGs, scores and
//! evidence. Streamed in blocks (a publication repository does not fit twice in memory),
//! each block classified on all cores. A malformed row stops the run with its line; the
//! caller writes the output to a temporary file so nothing half-done is left behind.

use std::io::{BufRead, BufReader, Read, Write};

use jalon_sdg::{Classification, Classifier, LangHint};

/// Rows classified per block.
const BLOCK: usize = 4096;

/// How the input is read.
#[derive(Debug, Clone)]
pub struct ClassifyOptions {
    pub text_column: String,
    /// Column of the ids (default: the row number).
    pub id_column: Option<String>,
    pub hint: LangHint,
    /// Name of the input, for error messages.
    pub file_name: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassifySummary {
    pub rows: usize,
    /// Rows with at least one SDG.
    pub with_sdg: usize,
    /// Rows per SDG (index 0 = SDG 1).
    pub per_goal: [usize; 17],
}

/// Output columns.
pub const OUTPUT_HEADER: [&str; 4] = ["id", "sdgs", "scores", "evidence"];

/// The separator of a CSV header line: the most frequent of `;`, tab and `,`.
fn delimiter_of(header: &[u8]) -> u8 {
    let line = header.split(|b| *b == b'\n').next().unwrap_or(header);
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

/// The three columns written for one classification.
pub fn output_cells(c: &Classification) -> [String; 3] {
    let sdgs = c
        .sdgs
        .iter()
        .map(|s| s.sdg.to_string())
        .collect::<Vec<_>>()
        .join(";");
    let scores = c
        .sdgs
        .iter()
        .map(|s| format!("{:.2}", s.score))
        .collect::<Vec<_>>()
        .join(";");
    let evidence = c
        .sdgs
        .iter()
        .map(|s| {
            let mut terms: Vec<&str> = Vec::new();
            for e in &s.evidence {
                if !terms.contains(&e.matched.as_str()) {
                    terms.push(&e.matched);
                }
                if terms.len() == 3 {
                    break;
                }
            }
            format!("{}: {}", s.sdg, terms.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" | ");
    [sdgs, scores, evidence]
}

/// Classifies the texts of a CSV (`,`, `;` or tab separated, UTF-8 with or without BOM) into
/// `out`. `progress` receives the rows done.
pub fn classify_csv(
    input: impl Read,
    out: &mut dyn Write,
    options: &ClassifyOptions,
    progress: &dyn Fn(usize),
) -> Result<ClassifySummary, String> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let head = reader
        .fill_buf()
        .map_err(|e| format!("{}: {e}", options.file_name))?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let delimiter = delimiter_of(if bom { &head[3..] } else { head });
    if bom {
        reader.consume(3);
    }
    let mut csv_in = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(reader);
    let header: Vec<String> = csv_in
        .headers()
        .map_err(|e| format!("{}: header: {e}", options.file_name))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let text_at = find(&options.text_column).ok_or_else(|| {
        format!(
            "{}: no column \"{}\" (columns: {})",
            options.file_name,
            options.text_column,
            header.join(", ")
        )
    })?;
    let id_at = match &options.id_column {
        Some(c) => Some(find(c).ok_or_else(|| {
            format!(
                "{}: no column \"{c}\" (columns: {})",
                options.file_name,
                header.join(", ")
            )
        })?),
        None => None,
    };
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(1 << 20)
        .from_writer(out);
    w.write_record(OUTPUT_HEADER).map_err(|e| e.to_string())?;
    let classifier = Classifier::shared();
    let mut summary = ClassifySummary::default();
    let mut ids: Vec<String> = Vec::with_capacity(BLOCK);
    let mut texts: Vec<String> = Vec::with_capacity(BLOCK);
    let mut records = csv_in.records();
    loop {
        ids.clear();
        texts.clear();
        for record in records.by_ref().take(BLOCK) {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                format!("{}: line {line}: {e}", options.file_name)
            })?;
            let n = summary.rows + ids.len() + 1;
            ids.push(match id_at {
                Some(i) => record.get(i).unwrap_or_default().to_string(),
                None => n.to_string(),
            });
            texts.push(record.get(text_at).unwrap_or_default().to_string());
        }
        if texts.is_empty() {
            break;
        }
        let classified = classifier.classify_batch(&texts, options.hint);
        for (id, c) in ids.iter().zip(&classified) {
            let [sdgs, scores, evidence] = output_cells(c);
            w.write_record([id.as_str(), &sdgs, &scores, &evidence].map(jalon_io::csv_cell::cell))
                .map_err(|e| e.to_string())?;
            if !c.sdgs.is_empty() {
                summary.with_sdg += 1;
            }
            for s in &c.sdgs {
                if let Some(n) = summary.per_goal.get_mut(usize::from(s.sdg).wrapping_sub(1)) {
                    *n += 1;
                }
            }
        }
        summary.rows += texts.len();
        progress(summary.rows);
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, text: &str, id: Option<&str>) -> Result<(String, ClassifySummary), String> {
        let mut out = Vec::new();
        let s = classify_csv(
            input.as_bytes(),
            &mut out,
            &ClassifyOptions {
                text_column: text.into(),
                id_column: id.map(str::to_string),
                hint: LangHint::Auto,
                file_name: "in.csv".into(),
            },
            &|_| {},
        )?;
        Ok((String::from_utf8(out).expect("utf8"), s))
    }

    #[test]
    fn one_row_per_text_with_ranked_sdgs() {
        let input = "ref;texte\nA1;Réduire les émissions de gaz à effet de serre du campus\nA2;Une recette de tarte aux pommes\n";
        let (out, s) = run(input, "texte", Some("ref")).expect("runs");
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "A1");
        assert!(rows[0][1].split(';').next() == Some("13"), "{:?}", rows[0]);
        assert_eq!(rows[0][1].split(';').count(), rows[0][2].split(';').count());
        assert!(rows[0][3].starts_with("13: "));
        assert_eq!(&rows[1][1], "", "nothing for a recipe");
        assert_eq!(s.rows, 2);
        assert_eq!(s.with_sdg, 1);
    }

    #[test]
    fn a_missing_column_or_a_broken_row_is_located() {
        let e = run("id,text\n1,x\n", "abstract", None).expect_err("no column");
        assert!(e.contains("abstract") && e.contains("id, text"), "{e}");
        let e = run("id,text\n1,ok\n2,y,z\n", "text", None).expect_err("broken");
        assert!(e.contains("line"), "{e}");
    }
}
