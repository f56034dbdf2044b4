//! The HTML rendering: one self-contained page (for previews and downloads) or a static site
//! (an index with the foreword and the contents, one page per chapter, one style sheet). Plain
//! HTML and CSS, no script: a screen reader gets headings, landmarks, tables with captions, and
//! every chart's data as a table.

use std::fmt::Write;

use crate::{Block, Chapter, Item, KeyFigure, Report, Table};

/// The style sheet of the site and of the single page.
pub const STYLE: &str = r#"
:root { --ink: #1a1f29; --muted: #4b5563; --line: #d0d4da; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Noto Sans", sans-serif; color: var(--ink); line-height: 1.55; margin: 0; }
main, header.cover, nav.toc, footer { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
header.cover { padding-top: 3rem; }
header.cover .institution { color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.notice { border: 1px dashed #b45309; color: #7c2d12; padding: .5rem .8rem; border-radius: .4rem; }
a { color: #1d4ed8; }
.banner { border-radius: .5rem; padding: 1rem 1.2rem; color: #fff; background: var(--accent); }
.banner h2 { margin: 0; font-size: 1.6rem; }
.banner .lead { margin: .4rem 0 0; }
.banner.dark-ink { color: #1a1f29; }
ul.figures { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
ul.figures li { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; min-width: 12rem; flex: 1; }
ul.figures .value { font-size: 1.6rem; font-weight: 700; display: block; }
ul.figures .meta { color: var(--muted); font-size: .85rem; }
ul.items { padding-left: 1.1rem; }
ul.items li { margin-bottom: .5rem; }
.detail, .note { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; font-size: .75rem; border: 1px solid var(--line); border-radius: .3rem; padding: 0 .3rem; margin-left: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0 0 1rem; }
figure svg { max-width: 100%; height: auto; }
nav.toc ol { columns: 2; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); margin-top: 2rem; }
@media print { .banner { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
"#;

/// Escapes text for HTML (the same rules as the charts' SVG).
pub use jalon_chart::escape;

/// True when a theme colour is light enough to need dark text.
pub fn light_colour(hex: &str) -> bool {
    let h = hex.trim_start_matches('#');
    let channel = |i: usize| {
        h.get(i..i + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
            .map_or(0.0, |v| {
                let c = f64::from(v) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            })
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Contrast with white below 4.5:1.
    (1.05 / (l + 0.05)) < 4.5
}

fn lang_code(r: &Report) -> &'static str {
    r.lang.as_str()
}

fn head(r: &Report, title: &str, style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n{}\n</head>\n<body>\n",
        lang_code(r),
        escape(title),
        style
    )
}

fn footer(r: &Report) -> String {
    format!(
        "<footer><p>{} — {} {}</p></footer>\n</body>\n</html>\n",
        escape(&r.institution),
        escape(&r.title),
        r.year
    )
}

fn cover(r: &Report) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<header class=\"cover\">\n<p class=\"institution\">{}</p>\n<h1>{}</h1>\n<p>{}</p>\n",
        escape(&r.institution),
        escape(&r.title),
        escape(&r.subtitle)
    );
    if let Some(n) = &r.notice {
        let _ = writeln!(s, "<p class=\"notice\">{}</p>", escape(n));
    }
    s.push_str("</header>\n");
    s
}

fn toc(r: &Report, href: impl Fn(&Chapter) -> String) -> String {
    let mut s = format!(
        "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">{}</h2>\n<ol>\n",
        r.word("rpt-contents")
    );
    for c in &r.chapters {
        let _ = writeln!(
            s,
            "<li><a href=\"{}\">{}{}</a></li>",
            href(c),
            c.number
                .as_ref()
                .map(|n| format!("{} ", escape(n)))
                .unwrap_or_default(),
            escape(&c.title)
        );
    }
    s.push_str("</ol>\n</nav>\n");
    s
}

fn figures(r: &Report, figures: &[KeyFigure]) -> String {
    if figures.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<ul class=\"figures\" aria-label=\"{}\">\n",
        r.word("rpt-key-figures")
    );
    for f in figures {
        let _ = write!(
            s,
            "<li><span class=\"value\">{}{}</span> {}<span class=\"meta\"> ({})",
            escape(&f.value),
            if f.unit.is_empty() {
                String::new()
            } else {
                format!("&#8239;{}", escape(&f.unit))
            },
            escape(&f.label),
            escape(&f.period)
        );
        if let Some(c) = &f.comparison {
            let _ = write!(s, " · {}", escape(c));
        }
        s.push_str("</span>");
        if let Some(src) = &f.source {
            let _ = write!(
                s,
                " <a href=\"{}\" class=\"note\">{}</a>",
                escape(src),
                r.word("rpt-source-link")
            );
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n");
    s
}

fn table(t: &Table) -> String {
    let mut s = String::from("<table>\n");
    if !t.caption.is_empty() {
        let _ = writeln!(s, "<caption>{}</caption>", escape(&t.caption));
    }
    let num = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    s.push_str("<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        let _ = write!(
            s,
            "<th scope=\"col\"{}>{}</th>",
            if num(i) { " class=\"num\"" } else { "" },
            escape(h)
        );
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        s.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(s, "<th scope=\"row\">{}</th>", escape(cell));
            } else {
                let _ = write!(
                    s,
                    "<td{}>{}</td>",
                    if num(i) { " class=\"num\"" } else { "" },
                    escape(cell)
                );
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

fn item(i: &Item) -> String {
    let title = match &i.link {
        Some(l) => format!("<a href=\"{}\">{}</a>", escape(l), escape(&i.title)),
        None => escape(&i.title),
    };
    let tags: String = i
        .tags
        .iter()
        .map(|t| format!("<span class=\"tag\">{}</span>", escape(t)))
        .collect();
    let mut s = format!("<li><strong>{title}</strong>{tags}");
    if !i.detail.is_empty() {
        let _ = write!(s, "<br><span class=\"detail\">{}</span>", escape(&i.detail));
    }
    if let Some(t) = &i.text {
        let _ = write!(s, "<br>{}", escape(t));
    }
    s.push_str("</li>\n");
    s
}

fn blocks(blocks: &[crate::Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                let _ = writeln!(s, "<p>{}</p>", escape(p));
            }
            Block::Note(p) => {
                let _ = writeln!(s, "<p class=\"note\">{}</p>", escape(p));
            }
            Block::Items(items) => {
                s.push_str("<ul class=\"items\">\n");
                for i in items {
                    s.push_str(&item(i));
                }
                s.push_str("</ul>\n");
            }
            Block::Table(t) => s.push_str(&table(t)),
            Block::Chart { svg, table: t } => {
                let _ = write!(
                    s,
                    "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n<details><summary>{}</summary>\n{}</details>\n",
                    escape(&t.caption),
                    escape(&t.caption),
                    table(t)
                );
            }
        }
    }
    s
}

/// A chapter as a `<section>` (headings start at `h2`).
fn chapter(r: &Report, c: &Chapter) -> String {
    let colour = c.colour.as_deref().unwrap_or("#1f4e79");
    let ink = if light_colour(colour) {
        " dark-ink"
    } else {
        ""
    };
    let mut s = format!(
        "<section id=\"{}\" aria-labelledby=\"{}-title\">\n<div class=\"banner{ink}\" style=\"background:{}\">\n<h2 id=\"{}-title\">{}{}</h2>\n",
        escape(&c.slug),
        escape(&c.slug),
        escape(colour),
        escape(&c.slug),
        c.number
            .as_ref()
            .map(|n| format!("{} · ", escape(n)))
            .unwrap_or_default(),
        escape(&c.title)
    );
    if let Some(l) = &c.lead {
        let _ = writeln!(s, "<p class=\"lead\">{}</p>", escape(l));
    }
    s.push_str("</div>\n");
    s.push_str(&figures(r, &c.key_figures));
    for sec in &c.sections {
        let _ = writeln!(s, "<h3>{}</h3>", escape(&sec.title));
        s.push_str(&blocks(&sec.blocks));
    }
    s.push_str("</section>\n");
    s
}

/// The whole report as one HTML page with its style sheet inline.
pub fn page(r: &Report) -> String {
    let mut s = head(
        r,
        &format!("{} {}", r.title, r.year),
        &format!("<style>{STYLE}</style>"),
    );
    s.push_str(&cover(r));
    s.push_str(&toc(r, |c| format!("#{}", escape(&c.slug))));
    s.push_str("<main>\n");
    s.push_str(&blocks(&r.foreword));
    for c in &r.chapters {
        s.push_str(&chapter(r, c));
    }
    s.push_str("</main>\n");
    s.push_str(&footer(r));
    s
}

/// The report as a static site: `(path, content)` for `index.html`, `style.css` and one page
/// per chapter (`odd-13.html`).
pub fn site(r: &Report) -> Vec<(String, String)> {
    let link = "<link rel=\"stylesheet\" href=\"style.css\">";
    let mut files = Vec::with_capacity(r.chapters.len() + 2);
    let mut index = head(r, &format!("{} {}", r.title, r.year), link);
    index.push_str(&cover(r));
    index.push_str("<main>\n");
    index.push_str(&blocks(&r.foreword));
    index.push_str("</main>\n");
    index.push_str(&toc(r, |c| format!("{}.html", escape(&c.slug))));
    index.push_str(&footer(r));
    files.push(("index.html".to_string(), index));
    for (k, c) in r.chapters.iter().enumerate() {
        let mut p = head(r, &format!("{} — {} {}", c.title, r.title, r.year), link);
        let nav = |target: Option<&Chapter>, rel: &str, label: &str| {
            target
                .map(|t| {
                    format!(
                        "<a rel=\"{rel}\" href=\"{}.html\">{label}{} {}</a>",
                        escape(&t.slug),
                        jalon_i18n::colon(r.lang),
                        escape(&t.title)
                    )
                })
                .unwrap_or_default()
        };
        let _ = write!(
            p,
            "<nav class=\"toc\" aria-label=\"{}\"><a href=\"index.html\">{}</a> · {} · {}</nav>\n<main>\n",
            r.word("rpt-navigation"),
            r.word("rpt-contents"),
            nav(
                k.checked_sub(1).and_then(|i| r.chapters.get(i)),
                "prev",
                r.word("rpt-previous")
            ),
            nav(r.chapters.get(k + 1), "next", r.word("rpt-next"))
        );
        p.push_str(
            &chapter(r, c)
                .replacen("<section", "<article", 1)
                .replace("</section>\n", "</article>\n"),
        );
        p.push_str("</main>\n");
        p.push_str(&footer(r));
        files.push((format!("{}.html", c.slug), p));
    }
    files.push(("style.css".to_string(), STYLE.trim_start().to_string()));
    files
}
