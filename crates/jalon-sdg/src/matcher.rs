//! Fast evaluation of many parsed queries over one text.
//!
//! All the words of all the queries are compiled once into lookup tables
//! (exact words with their plurals, prefixes, globs). A text is tokenised
//! and folded once; each distinct token is looked up once (callers may cache
//! the result per token) to get the query words it matches; only the
//! queries whose words occur are then evaluated, first with a cheap
//! presence test, then with word positions for phrases and proximity.

use std::collections::HashMap;

use crate::query::{Expr, WordPat, glob_match, singular_candidates};
use crate::text::{fold_into, tokenize_into};

/// Inclusive range of token positions.
pub type TokSpan = (u32, u32);

/// Maximum spans kept per node (bounds the cost of proximity tests).
const MAX_SPANS: usize = 64;

#[derive(Debug, Clone)]
enum CExpr {
    Phrase(Vec<u32>),
    Or(Vec<CExpr>),
    And(Vec<CExpr>),
    AndNot(Box<CExpr>, Box<CExpr>),
    Near {
        left: Box<CExpr>,
        right: Box<CExpr>,
        n: u32,
        ordered: bool,
    },
}

/// A compiled set of queries.
#[derive(Debug, Clone, Default)]
pub struct QuerySet {
    atoms: Vec<WordPat>,
    /// Exact word → (atom, plural allowed).
    exact: HashMap<String, Vec<(u32, bool)>>,
    prefix: HashMap<String, Vec<u32>>,
    prefix_lens: Vec<usize>,
    globs: Vec<u32>,
    n_queries: usize,
    /// Top-level alternatives of every query: (query index, clause).
    clauses: Vec<(u32, CExpr)>,
    /// Clauses to try when an atom occurs (each clause is indexed under a
    /// few of its rarest necessary atoms only).
    atom_clauses: Vec<Vec<u32>>,
}

/// Per-text match state, reusable across texts (see [`QuerySet::new_hits`]).
#[derive(Debug, Clone, Default)]
pub struct Hits {
    tok_atoms: Vec<(u32, u32)>,
    flat: Vec<u32>,
    pos: Vec<Vec<u32>>,
    touched: Vec<u32>,
    mark: Vec<u32>,
    generation: u32,
    candidates: Vec<u32>,
}

impl Hits {
    /// Forgets the previous text.
    pub fn reset(&mut self) {
        for &a in &self.touched {
            if let Some(p) = self.pos.get_mut(a as usize) {
                p.clear();
            }
        }
        self.touched.clear();
        self.tok_atoms.clear();
        self.flat.clear();
    }

    /// Appends the next token of the text with the atoms it matches.
    pub fn push_token(&mut self, atoms: &[u32]) {
        let p = self.tok_atoms.len() as u32;
        let start = self.flat.len() as u32;
        self.flat.extend_from_slice(atoms);
        self.tok_atoms.push((start, atoms.len() as u32));
        for &a in atoms {
            if let Some(v) = self.pos.get_mut(a as usize) {
                if v.is_empty() {
                    self.touched.push(a);
                }
                if v.last() != Some(&p) {
                    v.push(p);
                }
            }
        }
    }

    /// Number of tokens pushed since the last reset.
    pub fn len(&self) -> usize {
        self.tok_atoms.len()
    }

    /// Whether no token was pushed.
    pub fn is_empty(&self) -> bool {
        self.tok_atoms.is_empty()
    }

    fn token_has(&self, p: u32, atom: u32) -> bool {
        self.tok_atoms.get(p as usize).is_some_and(|&(s, l)| {
            self.flat
                .get(s as usize..(s + l) as usize)
                .is_some_and(|sl| sl.contains(&atom))
        })
    }

    fn present(&self, atom: u32) -> bool {
        self.pos.get(atom as usize).is_some_and(|v| !v.is_empty())
    }
}

/// A query that matched a text, with byte spans of its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryMatch {
    /// Index of the query in the set.
    pub query: usize,
    /// Byte ranges `(start, end)` in the text of the matched words/phrases.
    pub spans: Vec<(usize, usize)>,
}

impl QuerySet {
    /// Compiles `exprs`; query `i` of the set is `exprs[i]`.
    pub fn new(exprs: &[Expr]) -> Self {
        let mut s = QuerySet::default();
        let mut index: HashMap<WordPat, u32> = HashMap::new();
        for (qi, e) in exprs.iter().enumerate() {
            let c = s.compile(e, &mut index);
            let mut alts = Vec::new();
            flatten_or(c, &mut alts);
            s.clauses.extend(alts.into_iter().map(|a| (qi as u32, a)));
        }
        s.n_queries = exprs.len();
        // How many clauses use each atom: a proxy for how common it is.
        let mut freq = vec![0u32; s.atoms.len()];
        for (_, c) in &s.clauses {
            let mut atoms = Vec::new();
            collect_atoms(c, &mut atoms);
            atoms.sort_unstable();
            atoms.dedup();
            for a in atoms {
                freq[a as usize] += 1;
            }
        }
        s.atom_clauses = vec![Vec::new(); s.atoms.len()];
        for (ci, (_, c)) in s.clauses.iter().enumerate() {
            let mut t = triggers(c, &freq);
            t.sort_unstable();
            t.dedup();
            for a in t {
                s.atom_clauses[a as usize].push(ci as u32);
            }
        }
        s.prefix_lens.sort_unstable();
        s.prefix_lens.dedup();
        s
    }

    fn compile(&mut self, e: &Expr, index: &mut HashMap<WordPat, u32>) -> CExpr {
        match e {
            Expr::Phrase(ws) => CExpr::Phrase(ws.iter().map(|w| self.atom(w, index)).collect()),
            Expr::Or(v) => CExpr::Or(v.iter().map(|x| self.compile(x, index)).collect()),
            Expr::And(v) => CExpr::And(v.iter().map(|x| self.compile(x, index)).collect()),
            Expr::AndNot(a, b) => CExpr::AndNot(
                Box::new(self.compile(a, index)),
                Box::new(self.compile(b, index)),
            ),
            Expr::Near {
                left,
                right,
                n,
                ordered,
            } => CExpr::Near {
                left: Box::new(self.compile(left, index)),
                right: Box::new(self.compile(right, index)),
                n: *n,
                ordered: *ordered,
            },
        }
    }

    fn atom(&mut self, w: &WordPat, index: &mut HashMap<WordPat, u32>) -> u32 {
        if let Some(&i) = index.get(w) {
            return i;
        }
        let i = self.atoms.len() as u32;
        self.atoms.push(w.clone());
        index.insert(w.clone(), i);
        match w {
            WordPat::Exact(x) => self.exact.entry(x.clone()).or_default().push((i, true)),
            WordPat::Literal(x) => self.exact.entry(x.clone()).or_default().push((i, false)),
            WordPat::Prefix(p) => {
                self.prefix.entry(p.clone()).or_default().push(i);
                self.prefix_lens.push(p.len());
            }
            WordPat::Glob(_) => self.globs.push(i),
        }
        i
    }

    /// Number of queries.
    pub fn len(&self) -> usize {
        self.n_queries
    }

    /// Whether the set has no query.
    pub fn is_empty(&self) -> bool {
        self.n_queries == 0
    }

    /// Number of distinct word patterns.
    pub fn atom_count(&self) -> usize {
        self.atoms.len()
    }

    /// Fresh per-text state sized for this set.
    pub fn new_hits(&self) -> Hits {
        Hits {
            pos: vec![Vec::new(); self.atoms.len()],
            mark: vec![0; self.clauses.len()],
            ..Hits::default()
        }
    }

    /// Appends to `out` the patterns matched by one folded word (sorted,
    /// without duplicates). `tmp` is scratch space.
    pub fn atoms_of(&self, folded: &str, tmp: &mut Vec<String>, out: &mut Vec<u32>) {
        let start = out.len();
        singular_candidates(folded, tmp);
        for (k, c) in tmp.iter().enumerate() {
            if let Some(v) = self.exact.get(c.as_str()) {
                for &(a, plural_ok) in v {
                    if k == 0 || (plural_ok && self.atoms[a as usize].matches(folded)) {
                        out.push(a);
                    }
                }
            }
        }
        for &l in &self.prefix_lens {
            if l > folded.len() {
                break;
            }
            if let Some(p) = folded.get(..l)
                && let Some(v) = self.prefix.get(p)
            {
                out.extend_from_slice(v);
            }
        }
        for &g in &self.globs {
            if let WordPat::Glob(p) = &self.atoms[g as usize]
                && glob_match(p.as_bytes(), folded.as_bytes())
            {
                out.push(g);
            }
        }
        out[start..].sort_unstable();
        let mut w = start;
        for r in start..out.len() {
            if r == start || out[r] != out[w - 1] {
                out[w] = out[r];
                w += 1;
            }
        }
        out.truncate(w);
    }

    /// Evaluates the queries that may match the tokens pushed into `hits`
    /// and appends `(query index, token spans)` for those that match.
    pub fn eval_hits(&self, hits: &mut Hits, out: &mut Vec<(u32, Vec<TokSpan>)>) {
        if hits.mark.len() != self.clauses.len() {
            hits.mark = vec![0; self.clauses.len()];
            hits.generation = 0;
        }
        hits.generation = hits.generation.wrapping_add(1);
        if hits.generation == 0 {
            hits.mark.iter_mut().for_each(|m| *m = 0);
            hits.generation = 1;
        }
        let mut cands = std::mem::take(&mut hits.candidates);
        cands.clear();
        for &a in &hits.touched {
            for &c in &self.atom_clauses[a as usize] {
                let m = &mut hits.mark[c as usize];
                if *m != hits.generation {
                    *m = hits.generation;
                    cands.push(c);
                }
            }
        }
        cands.sort_unstable();
        for &c in &cands {
            let (q, e) = &self.clauses[c as usize];
            if !possible(e, hits) {
                continue;
            }
            let spans = eval(e, hits);
            if spans.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some((lq, ls)) if lq == q => {
                    ls.extend(spans);
                    ls.sort_unstable();
                    ls.dedup();
                    ls.truncate(MAX_SPANS);
                }
                _ => out.push((*q, spans)),
            }
        }
        hits.candidates = cands;
    }

    /// Convenience: all queries matching `text`, with byte spans.
    pub fn find(&self, text: &str) -> Vec<QueryMatch> {
        let mut toks = Vec::new();
        tokenize_into(text, &mut toks);
        let mut hits = self.new_hits();
        let (mut buf, mut tmp, mut atoms) = (String::new(), Vec::new(), Vec::new());
        for t in &toks {
            fold_into(t.as_str(text), &mut buf);
            atoms.clear();
            self.atoms_of(&buf, &mut tmp, &mut atoms);
            hits.push_token(&atoms);
        }
        let mut out = Vec::new();
        self.eval_hits(&mut hits, &mut out);
        out.into_iter()
            .map(|(q, spans)| QueryMatch {
                query: q as usize,
                spans: spans
                    .iter()
                    .filter_map(|&(a, b)| {
                        Some((toks.get(a as usize)?.start, toks.get(b as usize)?.end))
                    })
                    .collect(),
            })
            .collect()
    }
}

fn collect_atoms(e: &CExpr, out: &mut Vec<u32>) {
    match e {
        CExpr::Phrase(v) => out.extend_from_slice(v),
        CExpr::Or(v) | CExpr::And(v) => v.iter().for_each(|x| collect_atoms(x, out)),
        CExpr::AndNot(a, _) => collect_atoms(a, out),
        CExpr::Near { left, right, .. } => {
            collect_atoms(left, out);
            collect_atoms(right, out);
        }
    }
}

/// Splits nested top-level `OR`s into alternatives.
fn flatten_or(e: CExpr, out: &mut Vec<CExpr>) {
    match e {
        CExpr::Or(v) => v.into_iter().for_each(|x| flatten_or(x, out)),
        other => out.push(other),
    }
}

/// Atoms at least one of which must occur for `e` to match, chosen among
/// the rarest (by `freq`) so that few clauses are tried per text.
fn triggers(e: &CExpr, freq: &[u32]) -> Vec<u32> {
    let cost = |t: &[u32]| t.iter().map(|&a| u64::from(freq[a as usize])).sum::<u64>();
    match e {
        CExpr::Phrase(v) => v
            .iter()
            .copied()
            .min_by_key(|&a| freq[a as usize])
            .into_iter()
            .collect(),
        CExpr::Or(v) => v.iter().flat_map(|x| triggers(x, freq)).collect(),
        CExpr::And(v) => v
            .iter()
            .map(|x| triggers(x, freq))
            .min_by_key(|t| cost(t))
            .unwrap_or_default(),
        CExpr::AndNot(a, _) => triggers(a, freq),
        CExpr::Near { left, right, .. } => {
            let (l, r) = (triggers(left, freq), triggers(right, freq));
            if cost(&l) <= cost(&r) { l } else { r }
        }
    }
}

/// Cheap necessary condition: the words needed are present somewhere.
fn possible(e: &CExpr, h: &Hits) -> bool {
    match e {
        CExpr::Phrase(v) => v.iter().all(|&a| h.present(a)),
        CExpr::Or(v) => v.iter().any(|x| possible(x, h)),
        CExpr::And(v) => v.iter().all(|x| possible(x, h)),
        CExpr::AndNot(a, _) => possible(a, h),
        CExpr::Near { left, right, .. } => possible(left, h) && possible(right, h),
    }
}

/// Spans where `e` matches (empty when it does not).
fn eval(e: &CExpr, h: &Hits) -> Vec<TokSpan> {
    match e {
        CExpr::Phrase(v) => {
            let mut out = Vec::new();
            let Some((&first, rest)) = v.split_first() else {
                return out;
            };
            if let Some(starts) = h.pos.get(first as usize) {
                for &p in starts {
                    let ok = rest
                        .iter()
                        .enumerate()
                        .all(|(i, &a)| h.token_has(p + 1 + i as u32, a));
                    if ok {
                        out.push((p, p + rest.len() as u32));
                        if out.len() >= MAX_SPANS {
                            break;
                        }
                    }
                }
            }
            out
        }
        CExpr::Or(v) => {
            let mut out = Vec::new();
            for x in v {
                if out.len() >= MAX_SPANS {
                    break;
                }
                if possible(x, h) {
                    out.extend(eval(x, h));
                }
            }
            out.sort_unstable();
            out.dedup();
            out.truncate(MAX_SPANS);
            out
        }
        CExpr::And(v) => {
            let mut out = Vec::new();
            for x in v {
                let s = eval(x, h);
                if s.is_empty() {
                    return Vec::new();
                }
                out.extend(s);
            }
            out.sort_unstable();
            out.dedup();
            out.truncate(MAX_SPANS);
            out
        }
        CExpr::AndNot(a, b) => {
            if possible(b, h) && !eval(b, h).is_empty() {
                Vec::new()
            } else {
                eval(a, h)
            }
        }
        CExpr::Near {
            left,
            right,
            n,
            ordered,
        } => {
            let l = eval(left, h);
            if l.is_empty() {
                return l;
            }
            let r = eval(right, h);
            let mut out = Vec::new();
            for &(ls, le) in &l {
                for &(rs, re) in &r {
                    let ok = if rs > le {
                        rs - le - 1 <= *n
                    } else if !*ordered && ls > re {
                        ls - re - 1 <= *n
                    } else {
                        false
                    };
                    if ok {
                        out.push((ls.min(rs), le.max(re)));
                        if out.len() >= MAX_SPANS {
                            break;
                        }
                    }
                }
                if out.len() >= MAX_SPANS {
                    break;
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_query;

    fn set(qs: &[&str]) -> QuerySet {
        let exprs: Vec<Expr> = qs.iter().filter_map(|q| parse_query(q).ok()).collect();
        assert_eq!(exprs.len(), qs.len());
        QuerySet::new(&exprs)
    }

    fn matched(s: &QuerySet, text: &str) -> Vec<usize> {
        s.find(text).into_iter().map(|m| m.query).collect()
    }

    #[test]
    fn phrases_wildcards_and_plurals() {
        let s = set(&[
            r#""greenhouse gas*""#,
            r#""poverty line""#,
            r#""wom*n's right*""#,
            r#""climate-driven""#,
        ]);
        assert_eq!(matched(&s, "Greenhouse-gases rose."), [0]);
        assert_eq!(matched(&s, "below the poverty lines"), [1]);
        assert_eq!(matched(&s, "the Women’s rights movement"), [2]);
        assert_eq!(matched(&s, "climate driven migration"), [3]);
        assert!(matched(&s, "poverty is not a line").is_empty());
    }

    #[test]
    fn proximity_between_words_and_subexpressions() {
        let s = set(&[
            r#""climat*" W/3 "change*""#,
            r#""disaster*" PRE/2 "risk reduction""#,
            r#"("poverty" OR "income") W/3 ("inequalit*") W/5 ("rural")"#,
        ]);
        assert_eq!(matched(&s, "changes in the climate"), [0]);
        assert_eq!(matched(&s, "climate change"), [0]);
        assert!(matched(&s, "climate is a thing that will change").is_empty());
        assert_eq!(matched(&s, "disaster and risk reduction"), [1]);
        assert!(matched(&s, "risk reduction of disaster").is_empty());
        assert_eq!(matched(&s, "income inequality in rural areas"), [2]);
        assert!(matched(&s, "income inequality in the big cities and in other rural").is_empty());
    }

    #[test]
    fn boolean_structure() {
        let s = set(&[
            r#"("sea level*") AND ("chang*" OR "rising")"#,
            r#""fish*" AND NOT "fishing rod""#,
        ]);
        assert_eq!(matched(&s, "Rising seas and sea levels."), [0]);
        assert!(matched(&s, "sea level").is_empty());
        assert_eq!(matched(&s, "fisheries"), [1]);
        assert!(matched(&s, "a fishing rod").is_empty());
    }

    #[test]
    fn byte_spans_point_into_text() {
        let s = set(&[r#""sécurité alimentaire""#]);
        let t = "La Sécurité alimentaire est un enjeu.";
        let m = s.find(t);
        assert_eq!(m.len(), 1);
        let (a, b) = m[0].spans[0];
        assert_eq!(&t[a..b], "Sécurité alimentaire");
    }
}
