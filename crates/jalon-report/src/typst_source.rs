//! The typst source of a report: a fixed template (page, cover, contents, chapter banner, key
//! figures, item lists, tables) applied to the report given as typst data. All text goes in as
//! string literals, never as markup, so nothing a user typed can change the document's
//! structure.

use std::fmt::Write;

use crate::html::light_colour;
use crate::{Block, Chapter, Item, KeyFigure, Report, Section, Table};

/// The template; `DATA` is bound before it.
const TEMPLATE: &str = r##"
#set document(title: data.title + " " + str(data.year), author: data.institution)
#set text(font: "Liberation Sans", size: 10pt, lang: data.lang)
#set par(justify: false, leading: 0.6em)
#set page(
  paper: "a4",
  margin: (x: 2cm, top: 2cm, bottom: 2.2cm),
  footer: context {
    set text(size: 8pt, fill: luma(90))
    data.institution + " — " + data.title + " " + str(data.year)
    h(1fr)
    counter(page).display()
  },
)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading: set block(above: 1.2em, below: 0.6em)
#show link: set text(fill: rgb("#1d4ed8"))

#let muted(body) = text(size: 8.5pt, fill: luma(80), body)

#let data-table(t) = figure(
  kind: table,
  caption: t.caption,
  table(
    columns: t.header.len(),
    align: t.numeric.map(n => if n { right } else { left }),
    stroke: (x: none, y: 0.4pt + luma(200)),
    inset: 4pt,
    table.header(..t.header.map(h => strong(h))),
    ..t.rows.flatten(),
  ),
)

#let render-item(i) = {
  if i.link != none { link(i.link, strong(i.title)) } else { strong(i.title) }
  if i.tags.len() > 0 { " (" + i.tags.join(", ") + ")" }
  if i.detail != "" { linebreak(); muted(i.detail) }
  if i.text != none { linebreak(); i.text }
}

#let render-blocks(blocks) = for b in blocks {
  if b.kind == "p" { par(b.text) }
  else if b.kind == "note" { par(muted(b.text)) }
  else if b.kind == "items" { list(..b.items.map(render-item)) }
  else if b.kind == "table" { data-table(b.table) }
  else if b.kind == "chart" {
    figure(image(b.file, alt: b.table.caption, width: 100%), caption: b.table.caption)
    data-table(b.table)
  }
}

#let render-figures(figures) = if figures.len() > 0 {
  grid(
    columns: (1fr,) * figures.len(),
    gutter: 8pt,
    ..figures.map(f => block(stroke: 0.5pt + luma(200), inset: 8pt, radius: 4pt, width: 100%, {
      text(size: 15pt, weight: "bold", f.value + if f.unit != "" { " " + f.unit } else { "" })
      linebreak()
      f.label
      linebreak()
      muted(f.period + if f.comparison != none { " · " + f.comparison } else { "" })
    })),
  )
}

#let render-chapter(c) = {
  pagebreak(weak: true)
  block(fill: rgb(c.colour), inset: 12pt, radius: 4pt, width: 100%, {
    set text(fill: if c.light { rgb("#1a1f29") } else { white })
    heading(level: 1, if c.number != none { c.number + " · " + c.title } else { c.title })
    if c.lead != none { par(c.lead) }
  })
  v(6pt)
  render-figures(c.figures)
  for s in c.sections {
    heading(level: 2, s.title)
    render-blocks(s.blocks)
  }
}

// Cover
#v(4cm)
#text(size: 10pt, fill: luma(80), upper(data.institution))
#v(6pt)
#text(size: 28pt, weight: "bold", data.title + " " + str(data.year))
#v(4pt)
#text(size: 13pt, data.subtitle)
#if data.notice != none {
  v(1cm)
  block(stroke: (paint: rgb("#b45309"), dash: "dashed"), inset: 8pt, radius: 4pt, text(fill: rgb("#7c2d12"), data.notice))
}
#pagebreak()
#outline(title: data.contents, depth: 1)
#pagebreak()
#render-blocks(data.foreword)
#for c in data.chapters { render-chapter(c) }
"##;

/// A typst string literal.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "none".to_string(), lit)
}

/// A typst array (a trailing comma keeps one-element arrays arrays).
fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut s = String::from("(");
    for i in items {
        s.push_str(&i);
        s.push_str(", ");
    }
    s.push(')');
    s
}

fn table(t: &Table) -> String {
    let columns = t.header.len().max(1);
    let header = if t.header.is_empty() {
        vec![String::new()]
    } else {
        t.header.clone()
    };
    let numeric = (0..columns).map(|i| {
        if t.numeric.get(i).copied().unwrap_or(false) {
            "true".to_string()
        } else {
            "false".to_string()
        }
    });
    let rows = t
        .rows
        .iter()
        .map(|r| array((0..columns).map(|i| lit(r.get(i).map(String::as_str).unwrap_or("")))));
    format!(
        "(caption: {}, header: {}, numeric: {}, rows: {})",
        lit(&t.caption),
        array(header.iter().map(|h| lit(h))),
        array(numeric),
        array(rows)
    )
}

fn item(i: &Item) -> String {
    format!(
        "(title: {}, detail: {}, text: {}, link: {}, tags: {})",
        lit(&i.title),
        lit(&i.detail),
        opt(i.text.as_deref()),
        opt(i.link.as_deref().filter(|l| l.contains("://"))),
        array(i.tags.iter().map(|t| lit(t)))
    )
}

fn blocks(blocks: &[Block], files: &mut Vec<(String, Vec<u8>)>) -> String {
    array(blocks.iter().map(|b| match b {
        Block::Paragraph(p) => format!("(kind: \"p\", text: {})", lit(p)),
        Block::Note(p) => format!("(kind: \"note\", text: {})", lit(p)),
        Block::Items(items) => format!(
            "(kind: \"items\", items: {})",
            array(items.iter().map(item))
        ),
        Block::Table(t) => format!("(kind: \"table\", table: {})", table(t)),
        Block::Chart { svg, table: t } => {
            let name = format!("chart-{}.svg", files.len() + 1);
            files.push((name.clone(), svg.clone().into_bytes()));
            format!(
                "(kind: \"chart\", file: {}, table: {})",
                lit(&name),
                table(t)
            )
        }
    }))
}

fn figure(f: &KeyFigure) -> String {
    format!(
        "(value: {}, unit: {}, label: {}, period: {}, comparison: {})",
        lit(&f.value),
        lit(&f.unit),
        lit(&f.label),
        lit(&f.period),
        opt(f.comparison.as_deref())
    )
}

fn section(s: &Section, files: &mut Vec<(String, Vec<u8>)>) -> String {
    format!(
        "(title: {}, blocks: {})",
        lit(&s.title),
        blocks(&s.blocks, files)
    )
}

fn chapter(c: &Chapter, files: &mut Vec<(String, Vec<u8>)>) -> String {
    let colour = c
        .colour
        .as_deref()
        .filter(|c| {
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
        })
        .unwrap_or("#1f4e79");
    let sections: Vec<String> = c.sections.iter().map(|s| section(s, files)).collect();
    format!(
        "(number: {}, title: {}, lead: {}, colour: {}, light: {}, figures: {}, sections: {})",
        opt(c.number.as_deref()),
        lit(&c.title),
        opt(c.lead.as_deref()),
        lit(colour),
        light_colour(colour),
        array(c.key_figures.iter().map(figure)),
        array(sections)
    )
}

/// The typst source of a report and the files it uses (charts).
pub fn source(r: &Report) -> (String, Vec<(String, Vec<u8>)>) {
    let mut files = Vec::new();
    let foreword = blocks(&r.foreword, &mut files);
    let chapters: Vec<String> = r.chapters.iter().map(|c| chapter(c, &mut files)).collect();
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        "#let data = (lang: {}, title: {}, subtitle: {}, institution: {}, year: {}, notice: {}, contents: {}, foreword: {}, chapters: {})",
        lit(r.lang.as_str()),
        lit(&r.title),
        lit(&r.subtitle),
        lit(&r.institution),
        r.year,
        opt(r.notice.as_deref()),
        lit(r.word("rpt-contents")),
        foreword,
        array(chapters)
    );
    s.push_str(TEMPLATE);
    (s, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_escape_its_string() {
        assert_eq!(lit(r#"a "b" \ #c"#), r#""a \"b\" \\ #c""#);
        assert_eq!(lit("l1\nl2\r"), r#""l1\nl2""#);
        assert_eq!(array(["1".to_string()]), "(1, )");
    }
}
