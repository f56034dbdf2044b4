//! Reader for the Aurora Universities SDG query files (v5, XML, Scopus
//! syntax, CC-BY 4.0; see `data/aurora/LICENSE.md`).
//!
//! Each `aqd:query-definition` is one sub-query for one UN target; its
//! `aqd:query-line` elements (field `TITLE-ABS-KEY`) are alternatives. Every
//! query line becomes one [`AuroraQuery`] keeping its SDG, its target code
//! and its location in the file, so that a match can be explained and a
//! parse error reported at file, line and column. The 17 files are embedded
//! and parsed once on first use.

use std::io::Read;
use std::sync::OnceLock;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::error::{AuroraError, line_col};
use crate::query::{Expr, parse_query};

/// One Aurora query line, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuroraQuery {
    /// SDG of the file (1–17).
    pub sdg: u8,
    /// UN target code from the sub-query ("13.2", "1.a"); "13.0" for the
    /// goal-level sub-query.
    pub target: String,
    /// Sub-query identifier as written ("2", "a").
    pub subquery: String,
    /// Index of the line within its sub-query (0-based).
    pub line_index: usize,
    /// File the query comes from.
    pub file: String,
    /// 1-based line in the file where the query text starts.
    pub file_line: usize,
    /// The query text, trimmed.
    pub text: String,
    /// The parsed query.
    pub expr: Expr,
}

impl AuroraQuery {
    /// Short identifier: "aurora:13.2#0".
    pub fn id(&self) -> String {
        format!("aurora:{}#{}", self.target, self.line_index)
    }
}

fn xml_err(file: &str, src: &str, pos: u64, e: impl std::fmt::Display) -> AuroraError {
    let (line, column) = line_col(src, usize::try_from(pos).unwrap_or(usize::MAX));
    AuroraError::Xml {
        file: file.to_string(),
        line,
        column,
        message: e.to_string(),
    }
}

fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[derive(Default)]
struct Def {
    subquery: String,
    target: String,
    lines: Vec<(String, usize, String)>,
}

/// Parses one Aurora XML file. `file` names it in errors.
pub fn parse_aurora_xml(file: &str, xml: &str) -> Result<Vec<AuroraQuery>, AuroraError> {
    let body = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let bom = xml.len() - body.len();
    let mut reader = Reader::from_str(body);
    let mut stack: Vec<String> = Vec::new();
    let mut sdg: Option<u8> = None;
    let mut defs: Vec<Def> = Vec::new();
    let mut text = String::new();
    let mut text_start: Option<usize> = None;
    let mut cur_field = String::new();
    let mut id_type = String::new();
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let ev = reader
            .read_event()
            .map_err(|e| xml_err(file, xml, reader.error_position() + bom as u64, e))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                text.clear();
                text_start = None;
                let attr = |key: &str| -> Result<Option<String>, AuroraError> {
                    for a in e.attributes() {
                        let a = a.map_err(|er| xml_err(file, xml, (before + bom) as u64, er))?;
                        if a.key.local_name().as_ref() == key {
                            let v = a
                                .normalized_value(XmlVersion::Explicit1_0)
                                .map_err(|er| xml_err(file, xml, (before + bom) as u64, er))?;
                            return Ok(Some(v.into_owned()));
                        }
                    }
                    Ok(None)
                };
                match name.as_str() {
                    "query-definition" => defs.push(Def::default()),
                    "query-line" => cur_field = attr("field")?.unwrap_or_default(),
                    "identifier" => id_type = attr("type")?.unwrap_or_default(),
                    _ => {}
                }
                stack.push(name);
            }
            Event::Text(t) => {
                if text_start.is_none() {
                    text_start = Some(before + bom);
                }
                text.push_str(&t.xml10_content());
            }
            Event::CData(t) => {
                if text_start.is_none() {
                    text_start = Some(before + bom + "<![CDATA[".len());
                }
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                match entity(&name) {
                    Some(c) => text.push(c),
                    None => {
                        return Err(xml_err(
                            file,
                            xml,
                            (before + bom) as u64,
                            format!("unknown entity &{name};"),
                        ));
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(String::as_str).unwrap_or("");
                match name.as_str() {
                    "identifier" if parent == "query" && id_type == "sdg" => {
                        let n: u8 = text.trim().parse().map_err(|_| AuroraError::Structure {
                            file: file.to_string(),
                            message: format!("invalid SDG identifier {:?}", text.trim()),
                        })?;
                        if !(1..=17).contains(&n) {
                            return Err(AuroraError::Structure {
                                file: file.to_string(),
                                message: format!("SDG identifier {n} out of range"),
                            });
                        }
                        sdg = Some(n);
                    }
                    "identifier" if parent == "query-definition" && id_type == "uri" => {
                        if let Some(d) = defs.last_mut() {
                            let t = text.trim();
                            d.target = t.rsplit('/').next().unwrap_or(t).to_string();
                        }
                    }
                    "subquery-identifier" => {
                        if let Some(d) = defs.last_mut() {
                            d.subquery = text.trim().to_string();
                        }
                    }
                    "query-line" => {
                        let start = text_start.unwrap_or(before + bom);
                        if let Some(d) = defs.last_mut() {
                            d.lines
                                .push((std::mem::take(&mut cur_field), start, text.clone()));
                        }
                    }
                    _ => {}
                }
                text.clear();
                text_start = None;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let sdg = sdg.ok_or_else(|| AuroraError::Structure {
        file: file.to_string(),
        message: "no <dc:identifier type=\"sdg\">".to_string(),
    })?;
    let mut out = Vec::new();
    for d in defs {
        let target = if d.target.contains('.') {
            d.target.clone()
        } else {
            format!("{sdg}.{}", d.subquery)
        };
        for (i, (field, start, raw)) in d.lines.into_iter().enumerate() {
            if !field.is_empty() && field != "TITLE-ABS-KEY" {
                continue;
            }
            let expr = parse_query(&raw).map_err(|e| {
                let (line, column) = line_col(xml, start + e.offset);
                AuroraError::Query {
                    file: file.to_string(),
                    line,
                    column,
                    message: e.message.clone(),
                }
            })?;
            let lead = raw.len() - raw.trim_start().len();
            out.push(AuroraQuery {
                sdg,
                target: target.clone(),
                subquery: d.subquery.clone(),
                line_index: i,
                file: file.to_string(),
                file_line: line_col(xml, start + lead).0,
                text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
                expr,
            });
        }
    }
    Ok(out)
}

/// Reads and parses one Aurora XML file from a reader.
pub fn read_aurora_xml(file: &str, mut r: impl Read) -> Result<Vec<AuroraQuery>, AuroraError> {
    let mut s = String::new();
    r.read_to_string(&mut s).map_err(|source| AuroraError::Io {
        file: file.to_string(),
        source,
    })?;
    parse_aurora_xml(file, &s)
}

macro_rules! embedded {
    ($($n:literal),*) => {
        [$((concat!("query_SDG", $n, ".xml"), include_str!(concat!("../data/aurora/query_SDG", $n, ".xml")))),*]
    };
}

/// The 17 embedded Aurora files: (file name, content).
pub const EMBEDDED_FILES: [(&str, &str); 17] = embedded!(
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17"
);

/// Parses the embedded Aurora files.
pub fn parse_embedded() -> Result<Vec<AuroraQuery>, AuroraError> {
    let mut all = Vec::new();
    for (name, xml) in EMBEDDED_FILES {
        all.extend(parse_aurora_xml(name, xml)?);
    }
    Ok(all)
}

/// All embedded Aurora query lines, parsed on first use.
///
/// The embedded files are checked by the crate's tests, so this cannot fail
/// at run time; should it ever, it panics with the located error.
pub fn aurora_queries() -> &'static [AuroraQuery] {
    static Q: OnceLock<Vec<AuroraQuery>> = OnceLock::new();
    Q.get_or_init(|| {
        #[allow(clippy::expect_used)]
        parse_embedded().expect("embedded Aurora queries parse (tested)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let q = parse_embedded();
        assert!(q.is_ok(), "{:?}", q.err());
        let q = aurora_queries();
        assert!(q.len() > 350, "{}", q.len());
        for n in 1..=17u8 {
            assert!(q.iter().any(|x| x.sdg == n), "SDG {n}");
        }
        let mut targets: Vec<&str> = q.iter().map(|x| x.target.as_str()).collect();
        targets.sort_unstable();
        targets.dedup();
        assert!(targets.len() >= 165, "{}", targets.len());
        assert!(
            q.iter()
                .all(|x| x.target.starts_with(&format!("{}.", x.sdg)))
        );
        let first = q.iter().find(|x| x.target == "1.1");
        assert!(first.is_some_and(|f| f.file == "query_SDG1.xml" && f.file_line == 51));
    }

    #[test]
    fn query_errors_are_located_in_the_file() {
        let xml = "<aqd:query xmlns:aqd=\"x\" xmlns:dc=\"y\">\n<dc:identifier type=\"sdg\">3</dc:identifier>\n<aqd:query-definition><aqd:subquery-identifier>1</aqd:subquery-identifier>\n<aqd:query-line field=\"TITLE-ABS-KEY\">\n  (\"a\" OR )\n</aqd:query-line></aqd:query-definition></aqd:query>";
        match parse_aurora_xml("t.xml", xml) {
            Err(AuroraError::Query { line, column, .. }) => {
                assert_eq!((line, column), (5, 11));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_aurora_xml("t.xml", "<a><b></a>"),
            Err(AuroraError::Xml { .. })
        ));
        assert!(matches!(
            parse_aurora_xml("t.xml", "<a/>"),
            Err(AuroraError::Structure { .. })
        ));
    }
}
