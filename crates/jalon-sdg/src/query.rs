//! Parser for the Scopus query syntax used by the Aurora Universities SDG
//! queries: `TITLE-ABS-KEY(...)`, `AND`, `OR`, `AND NOT`, parentheses,
//! quoted loose phrases, `{...}` exact phrases, `*`/`?` wildcards and the
//! `W/n` / `PRE/n` proximity operators (between words, phrases or whole
//! sub-expressions).
//!
//! It exists so that the queries can be run on local text without Scopus.
//! Operator precedence follows Scopus: `OR` binds tightest, then `W/n`,
//! `PRE/n`, `AND`, and `AND NOT` last. Adjacent terms without an operator
//! are combined with `AND`, as Scopus does. The parser never panics: any
//! input gives either an expression or a [`QueryParseError`] located by
//! byte offset, line and column.

use crate::error::QueryParseError;
use crate::text::fold;

/// One word of a phrase, folded (lowercase, no accents).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WordPat {
    /// A plain word; also matches its regular plural ("gas" → "gases").
    Exact(String),
    /// A word with a single trailing `*`: any word starting with the prefix.
    Prefix(String),
    /// A word with `*` (any run) or `?` (one character) inside.
    Glob(String),
    /// A word inside `{...}`: matched literally, no plural.
    Literal(String),
}

impl WordPat {
    /// Whether the folded word `w` matches this pattern.
    pub fn matches(&self, w: &str) -> bool {
        match self {
            WordPat::Exact(e) => w == e || plural_of(e, w),
            WordPat::Prefix(p) => w.starts_with(p.as_str()),
            WordPat::Glob(g) => glob_match(g.as_bytes(), w.as_bytes()),
            WordPat::Literal(l) => w == l,
        }
    }
}

/// Whether `w` is a regular English plural of `e`.
fn plural_of(e: &str, w: &str) -> bool {
    if let Some(stem) = w.strip_suffix("ies")
        && let Some(es) = e.strip_suffix('y')
    {
        return stem == es;
    }
    if w.strip_suffix("es") == Some(e) {
        return true;
    }
    w.strip_suffix('s') == Some(e)
}

/// Candidate singulars of `w` (itself first), for exact-word lookup.
pub(crate) fn singular_candidates(w: &str, out: &mut Vec<String>) {
    out.clear();
    out.push(w.to_string());
    if let Some(s) = w.strip_suffix('s') {
        if !s.is_empty() {
            out.push(s.to_string());
        }
        if let Some(s2) = w.strip_suffix("es")
            && !s2.is_empty()
        {
            out.push(s2.to_string());
        }
        if let Some(s3) = w.strip_suffix("ies")
            && !s3.is_empty()
        {
            out.push(format!("{s3}y"));
        }
    }
}

/// Glob match of ASCII-or-UTF-8 bytes with `*` (any run) and `?` (one char).
pub(crate) fn glob_match(p: &[u8], w: &[u8]) -> bool {
    // Iterative matcher with single backtrack point; `?` consumes one UTF-8
    // character.
    let (mut pi, mut wi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    let char_len = |b: u8| -> usize {
        if b < 0x80 {
            1
        } else if b >= 0xF0 {
            4
        } else if b >= 0xE0 {
            3
        } else {
            2
        }
    };
    while wi < w.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, wi));
            pi += 1;
        } else if pi < p.len() && p[pi] == b'?' {
            pi += 1;
            wi += char_len(w[wi]);
        } else if pi < p.len() && p[pi] == w[wi] {
            pi += 1;
            wi += 1;
        } else if let Some((sp, sw)) = star {
            let nw = sw + char_len(w[sw]);
            star = Some((sp, nw));
            pi = sp + 1;
            wi = nw;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len() && wi <= w.len()
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A word or a phrase: consecutive words.
    Phrase(Vec<WordPat>),
    /// Any of the operands.
    Or(Vec<Expr>),
    /// All of the operands (anywhere in the text).
    And(Vec<Expr>),
    /// The left operand and not the right one.
    AndNot(Box<Expr>, Box<Expr>),
    /// Both operands with at most `n` words between them; `ordered` for
    /// `PRE/n` (left before right), unordered for `W/n`.
    Near {
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
        /// Maximum number of words between the operands.
        n: u32,
        /// True for `PRE/n`.
        ordered: bool,
    },
}

impl Expr {
    /// Visits every word pattern of the expression.
    pub fn for_each_word<'a>(&'a self, f: &mut impl FnMut(&'a WordPat)) {
        match self {
            Expr::Phrase(ws) => ws.iter().for_each(f),
            Expr::Or(v) | Expr::And(v) => v.iter().for_each(|e| e.for_each_word(f)),
            Expr::AndNot(a, b) => {
                a.for_each_word(f);
                b.for_each_word(f);
            }
            Expr::Near { left, right, .. } => {
                left.for_each_word(f);
                right.for_each_word(f);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    LParen,
    RParen,
    Phrase(String, bool),
    Word(String),
    Field(String),
    And,
    Or,
    Not,
    Near(u32, bool),
}

/// Fields of a Scopus query that search the text itself.
const TEXT_FIELDS: &[&str] = &[
    "TITLE-ABS-KEY",
    "TITLE-ABS-KEY-AUTH",
    "TITLE-ABS",
    "TITLE",
    "ABS",
    "KEY",
    "AUTHKEY",
    "INDEXTERMS",
    "ALL",
];

/// Maximum nesting depth accepted (guards the recursion).
const MAX_DEPTH: usize = 200;

struct Lexer<'a> {
    src: &'a str,
    toks: Vec<(Tok, usize)>,
}

impl<'a> Lexer<'a> {
    fn err(&self, off: usize, msg: impl Into<String>) -> QueryParseError {
        QueryParseError::at(self.src, off, msg)
    }

    fn run(mut self) -> Result<Vec<(Tok, usize)>, QueryParseError> {
        let s = self.src;
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if c >= 0x80
                && let Some(ch) = s[i..].chars().next().filter(|ch| ch.is_whitespace())
            {
                i += ch.len_utf8();
                continue;
            }
            match c {
                b'(' => {
                    self.toks.push((Tok::LParen, i));
                    i += 1;
                }
                b')' => {
                    self.toks.push((Tok::RParen, i));
                    i += 1;
                }
                b'"' | b'{' => {
                    let close = if c == b'"' { '"' } else { '}' };
                    let start = i;
                    let rest = &s[i + 1..];
                    let end = rest
                        .find(close)
                        .ok_or_else(|| self.err(start, format!("unclosed {}", c as char)))?;
                    self.toks
                        .push((Tok::Phrase(rest[..end].to_string(), c == b'{'), start));
                    i += 1 + end + 1;
                }
                b'}' => return Err(self.err(i, "unexpected '}'")),
                _ => {
                    let start = i;
                    let rest = &s[i..];
                    let len = rest
                        .char_indices()
                        .find(|&(_, ch)| {
                            ch.is_whitespace() || matches!(ch, '(' | ')' | '"' | '{' | '}')
                        })
                        .map_or(rest.len(), |(k, _)| k)
                        .max(rest.chars().next().map_or(1, char::len_utf8));
                    let word = &rest[..len];
                    i += len;
                    let upper = word.to_ascii_uppercase();
                    let tok = match upper.as_str() {
                        "AND" => Tok::And,
                        "OR" => Tok::Or,
                        "NOT" => Tok::Not,
                        _ => {
                            if let Some((op, n)) = upper.split_once('/')
                                && (op == "W" || op == "PRE")
                            {
                                let n: u32 = n.parse().map_err(|_| {
                                    self.err(start, format!("bad distance in {word:?}"))
                                })?;
                                if n > 1000 {
                                    return Err(self.err(start, "distance too large"));
                                }
                                self.toks.push((Tok::Near(n, op == "PRE"), start));
                                continue;
                            }
                            // A field name is followed by '(' (spaces allowed).
                            let next = s[i..].trim_start();
                            let is_field_shape = !word.is_empty()
                                && word.bytes().all(|ch| ch.is_ascii_uppercase() || ch == b'-')
                                && word.len() > 1;
                            if next.starts_with('(') && is_field_shape {
                                if TEXT_FIELDS.contains(&word) {
                                    Tok::Field(word.to_string())
                                } else {
                                    return Err(
                                        self.err(start, format!("unsupported field {word}"))
                                    );
                                }
                            } else {
                                Tok::Word(word.to_string())
                            }
                        }
                    };
                    self.toks.push((tok, start));
                }
            }
        }
        Ok(self.toks)
    }
}

/// Splits a phrase or bare word into folded word patterns.
fn words_of(raw: &str, literal: bool) -> Vec<WordPat> {
    let folded = fold(raw);
    let mut out = Vec::new();
    for w in folded.split(|c: char| !(c.is_alphanumeric() || (!literal && (c == '*' || c == '?'))))
    {
        if w.is_empty() {
            continue;
        }
        if literal {
            out.push(WordPat::Literal(w.to_string()));
            continue;
        }
        let stars = w.bytes().filter(|&c| c == b'*').count();
        let q = w.contains('?');
        let pat = if stars == 0 && !q {
            WordPat::Exact(w.to_string())
        } else if stars == 1 && !q && w.ends_with('*') {
            WordPat::Prefix(w[..w.len() - 1].to_string())
        } else {
            WordPat::Glob(w.to_string())
        };
        // A lone wildcard would match every word: drop it.
        if w.bytes().all(|c| c == b'*' || c == b'?') {
            continue;
        }
        out.push(pat);
    }
    out
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }
    fn peek2(&self) -> Option<&Tok> {
        self.toks.get(self.pos + 1).map(|(t, _)| t)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.src.len(), |(_, o)| *o)
    }
    fn err(&self, msg: impl Into<String>) -> QueryParseError {
        QueryParseError::at(self.src, self.offset(), msg)
    }

    fn enter(&mut self) -> Result<(), QueryParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("query nested too deeply"));
        }
        Ok(())
    }

    /// andnot := and (AND NOT and)*
    fn parse_andnot(&mut self) -> Result<Expr, QueryParseError> {
        self.enter()?;
        let mut left = self.parse_and()?;
        while self.peek() == Some(&Tok::And) && self.peek2() == Some(&Tok::Not) {
            self.pos += 2;
            let right = self.parse_and()?;
            left = Expr::AndNot(Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn starts_primary(t: Option<&Tok>) -> bool {
        matches!(
            t,
            Some(Tok::LParen | Tok::Phrase(..) | Tok::Word(_) | Tok::Field(_))
        )
    }

    /// and := pre ((AND | juxtaposition) pre)*
    fn parse_and(&mut self) -> Result<Expr, QueryParseError> {
        let mut items = vec![self.parse_pre()?];
        loop {
            if self.peek() == Some(&Tok::And) && self.peek2() != Some(&Tok::Not) {
                self.pos += 1;
                items.push(self.parse_pre()?);
            } else if Self::starts_primary(self.peek()) {
                items.push(self.parse_pre()?);
            } else {
                break;
            }
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Expr::Or(Vec::new()))
        } else {
            Expr::And(items)
        })
    }

    /// pre := w (PRE/n w)*
    fn parse_pre(&mut self) -> Result<Expr, QueryParseError> {
        let mut left = self.parse_w()?;
        while let Some(&Tok::Near(n, true)) = self.peek() {
            self.pos += 1;
            let right = self.parse_w()?;
            left = Expr::Near {
                left: Box::new(left),
                right: Box::new(right),
                n,
                ordered: true,
            };
        }
        Ok(left)
    }

    /// w := or (W/n or)*
    fn parse_w(&mut self) -> Result<Expr, QueryParseError> {
        let mut left = self.parse_or()?;
        while let Some(&Tok::Near(n, false)) = self.peek() {
            self.pos += 1;
            let right = self.parse_or()?;
            left = Expr::Near {
                left: Box::new(left),
                right: Box::new(right),
                n,
                ordered: false,
            };
        }
        Ok(left)
    }

    /// or := primary (OR primary)*
    fn parse_or(&mut self) -> Result<Expr, QueryParseError> {
        let mut items = vec![self.parse_primary()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            items.push(self.parse_primary()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Expr::Or(Vec::new()))
        } else {
            Expr::Or(items)
        })
    }

    fn parse_group(&mut self) -> Result<Expr, QueryParseError> {
        // Current token is '('.
        let open = self.offset();
        self.pos += 1;
        let e = self.parse_andnot()?;
        if self.peek() == Some(&Tok::RParen) {
            self.pos += 1;
            Ok(e)
        } else if self.peek().is_none() {
            Err(QueryParseError::at(self.src, open, "unclosed '('"))
        } else {
            Err(self.err("expected ')'"))
        }
    }

    fn parse_primary(&mut self) -> Result<Expr, QueryParseError> {
        let off = self.offset();
        match self.peek().cloned() {
            Some(Tok::LParen) => self.parse_group(),
            Some(Tok::Field(_)) => {
                self.pos += 1;
                if self.peek() != Some(&Tok::LParen) {
                    return Err(self.err("expected '(' after field name"));
                }
                self.parse_group()
            }
            Some(Tok::Phrase(p, literal)) => {
                self.pos += 1;
                let words = words_of(&p, literal);
                if words.is_empty() {
                    return Err(QueryParseError::at(self.src, off, "empty phrase"));
                }
                Ok(Expr::Phrase(words))
            }
            Some(Tok::Word(w)) => {
                self.pos += 1;
                let words = words_of(&w, false);
                if words.is_empty() {
                    return Err(QueryParseError::at(
                        self.src,
                        off,
                        format!("no searchable word in {w:?}"),
                    ));
                }
                Ok(Expr::Phrase(words))
            }
            Some(Tok::RParen) => Err(self.err("unexpected ')'")),
            Some(Tok::And | Tok::Or | Tok::Not | Tok::Near(..)) => {
                Err(self.err("operator without left operand"))
            }
            None => Err(self.err("unexpected end of query")),
        }
    }
}

/// Parses a Scopus query string.
pub fn parse_query(src: &str) -> Result<Expr, QueryParseError> {
    let toks = Lexer {
        src,
        toks: Vec::new(),
    }
    .run()?;
    if toks.is_empty() {
        return Err(QueryParseError::at(src, 0, "empty query"));
    }
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        depth: 0,
    };
    let e = p.parse_andnot()?;
    if p.pos < p.toks.len() {
        return Err(p.err("unexpected token"));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(w: &str) -> WordPat {
        WordPat::Exact(w.into())
    }

    #[test]
    fn parses_aurora_shapes() {
        let e = parse_query(r#"( "poverty" ) W/3 ( "eradicat*" OR "end" )"#);
        assert_eq!(
            e,
            Ok(Expr::Near {
                left: Box::new(Expr::Phrase(vec![ex("poverty")])),
                right: Box::new(Expr::Or(vec![
                    Expr::Phrase(vec![WordPat::Prefix("eradicat".into())]),
                    Expr::Phrase(vec![ex("end")]),
                ])),
                n: 3,
                ordered: false,
            })
        );
        let e = parse_query(r#"TITLE-ABS-KEY("sea level*" AND NOT {PM2.5})"#);
        assert!(matches!(e, Ok(Expr::AndNot(..))), "{e:?}");
        let e = parse_query(r#""a" PRE/2 "b" W/1 "c""#);
        // W binds tighter than PRE.
        assert!(
            matches!(&e, Ok(Expr::Near { ordered: true, right, .. }) if matches!(**right, Expr::Near { ordered: false, .. })),
            "{e:?}"
        );
        let e = parse_query("heart attack");
        assert!(matches!(e, Ok(Expr::And(ref v)) if v.len() == 2));
        assert!(parse_query(r#""wom?n" OR "behavio*r""#).is_ok());
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let e = parse_query(r#""a" OR "b" AND "c""#);
        assert!(matches!(e, Ok(Expr::And(ref v)) if matches!(v[0], Expr::Or(_))));
    }

    #[test]
    fn errors_are_located() {
        let e = parse_query("(\"a\" OR\n \"b\"");
        assert!(
            e.as_ref().is_err_and(|e| e.offset == 0 && e.line == 1),
            "{e:?}"
        );
        let e = parse_query("\"a\" OR\n  )");
        assert!(
            e.as_ref().is_err_and(|e| e.line == 2 && e.column == 3),
            "{e:?}"
        );
        assert!(parse_query("AF-ID(123)").is_err());
        assert!(parse_query("\"a\" W/x \"b\"").is_err());
        assert!(parse_query("").is_err());
        assert!(parse_query("\"\"").is_err());
        assert!(parse_query("\"unclosed").is_err());
    }

    #[test]
    fn word_patterns() {
        assert!(WordPat::Exact("gas".into()).matches("gases"));
        assert!(WordPat::Exact("policy".into()).matches("policies"));
        assert!(!WordPat::Exact("gas".into()).matches("gasoline"));
        assert!(WordPat::Prefix("climat".into()).matches("climatic"));
        assert!(WordPat::Glob("wom*n".into()).matches("women"));
        assert!(WordPat::Glob("wom?n".into()).matches("woman"));
        assert!(!WordPat::Glob("wom?n".into()).matches("wooman"));
        assert!(WordPat::Glob("*ization".into()).matches("urbanization"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = "(".repeat(5000) + "\"a\"" + &")".repeat(5000);
        assert!(parse_query(&s).is_err());
        assert!(parse_query("\u{2003}\"a\"\u{3000}").is_ok());
    }
}
