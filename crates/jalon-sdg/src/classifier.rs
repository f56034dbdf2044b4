//! The SDG classifier: combines Aurora query hits (high-precision English
//! evidence) and lexicon matches (French and English) into one score per
//! SDG, keeps the SDGs above their calibrated thresholds and explains each
//! with its evidence (terms or query ids, byte spans, target codes).
//!
//! Hot path: a text is tokenised once; each distinct token is resolved once
//! per thread (a per-thread cache maps the lowercased token to its stems,
//! exact-word ids, Aurora word patterns and language markers), so the rest
//! is integer work. Only the Aurora queries whose words occur are evaluated.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::aurora::{AuroraQuery, aurora_queries};
use crate::lexicon::{Lexicon, Rule};
use crate::matcher::{Hits, QuerySet, TokSpan};
use crate::text::{
    Lang, LangHint, Token, detect_counts, detection_from_counts, fold_into, is_stop_word,
    lower_into, stem, tokenize_into,
};

const CALIBRATION: &str = include_str!("../data/calibration.tsv");

/// Tunable scoring parameters (see `data/calibration.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Minimum score per SDG (index 0 = SDG 1).
    pub thresholds: [f32; 17],
    /// Score added per UN target whose Aurora sub-query matches.
    pub aurora_weight: f32,
    /// Term-frequency damping: an entry matched `tf` times counts
    /// `weight × (1 + tf_damping × ln tf)`.
    pub tf_damping: f32,
    /// Texts longer than this many tokens have their score divided by
    /// `sqrt(tokens / length_ref)`.
    pub length_ref: f32,
    /// An SDG is kept only if its score is at least this share of the best
    /// SDG's score (0 disables).
    pub dominance: f32,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            thresholds: [3.0; 17],
            aurora_weight: 3.0,
            tf_damping: 0.5,
            length_ref: 120.0,
            dominance: 0.0,
        }
    }
}

impl Params {
    /// The calibrated parameters embedded in the crate.
    pub fn embedded() -> Self {
        Self::parse(CALIBRATION).unwrap_or_default()
    }

    /// Parses a calibration file: lines `name<TAB>value` or
    /// `threshold<TAB>sdg<TAB>value`; `#` comments.
    pub fn parse(src: &str) -> Result<Self, String> {
        let mut p = Params::default();
        for (i, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let num = |s: &str| -> Result<f32, String> {
                s.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("line {}: bad number {s:?}", i + 1))
            };
            match f.as_slice() {
                ["threshold", sdg, v] => {
                    let s: usize = sdg
                        .parse()
                        .ok()
                        .filter(|s| (1..=17).contains(s))
                        .ok_or_else(|| format!("line {}: bad SDG {sdg:?}", i + 1))?;
                    p.thresholds[s - 1] = num(v)?;
                }
                ["aurora_weight", v] => p.aurora_weight = num(v)?,
                ["tf_damping", v] => p.tf_damping = num(v)?,
                ["length_ref", v] => p.length_ref = num(v)?.max(1.0),
                ["dominance", v] => p.dominance = num(v)?,
                _ => return Err(format!("line {}: unknown setting {line:?}", i + 1)),
            }
        }
        Ok(p)
    }

    /// Writes the parameters in the format read by [`Params::parse`].
    pub fn to_tsv(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!("aurora_weight\t{}\n", self.aurora_weight));
        s.push_str(&format!("tf_damping\t{}\n", self.tf_damping));
        s.push_str(&format!("length_ref\t{}\n", self.length_ref));
        s.push_str(&format!("dominance\t{}\n", self.dominance));
        for (i, t) in self.thresholds.iter().enumerate() {
            s.push_str(&format!("threshold\t{}\t{t}\n", i + 1));
        }
        s
    }
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A lexicon entry, with its language.
    Lexicon(Lang),
    /// An Aurora query line ("aurora:13.2#0").
    Aurora,
}

/// One piece of evidence for an SDG.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Lexicon or Aurora query.
    pub source: Source,
    /// The lexicon term as written, or the Aurora query id.
    pub matched: String,
    /// UN target code ("13.2"), or the goal number for goal-level terms.
    pub target: String,
    /// Contribution to the (unnormalised) score.
    pub weight: f32,
    /// Byte ranges in the input text.
    pub spans: Vec<(usize, usize)>,
}

/// One SDG retained for a text.
#[derive(Debug, Clone, PartialEq)]
pub struct SdgScore {
    /// Goal number, 1–17.
    pub sdg: u8,
    /// Normalised score.
    pub score: f32,
    /// Calibrated threshold it passed.
    pub threshold: f32,
    /// Evidence, strongest first.
    pub evidence: Vec<Evidence>,
}

/// Result of classifying one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// Language used for the lexicons (given or detected).
    pub lang: Lang,
    /// False when detection was unsure and both lexicons were applied.
    pub lang_confident: bool,
    /// SDGs above threshold, best first (empty for unrelated text).
    pub sdgs: Vec<SdgScore>,
    /// Normalised score of every SDG (index 0 = SDG 1).
    pub scores: [f32; 17],
}

impl Classification {
    /// Goal numbers retained, best first.
    pub fn goals(&self) -> Vec<u8> {
        self.sdgs.iter().map(|s| s.sdg).collect()
    }
}

/// Per-token facts resolved once and cached.
#[derive(Debug, Clone, Copy)]
struct TokInfo {
    /// `[lang][0 = stem id, 1 = exact word id]`, `NONE` when absent.
    ids: [[u32; 2]; 2],
    /// Range in `Scratch::atom_flat`.
    atoms: (u32, u32),
    /// Bit 0: FR stop word, 1: EN stop word, 2: FR marker, 3: EN marker,
    /// 4: accented letter.
    flags: u8,
}

const NONE: u32 = u32::MAX;

/// Fast non-cryptographic hasher for the token cache.
#[derive(Default, Clone, Copy)]
struct FxBuild;

struct Fx(u64);

impl BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Whether a phrase match nested in a longer phrase match of another SDG
/// is dropped too ("food waste" for SDG 12 hides "food" for SDG 2).
const CROSS_SDG_NESTING: bool = true;

/// Maximum cached tokens per thread before the cache is reset.
const CACHE_LIMIT: usize = 300_000;

/// A phrase occurrence: content positions and token positions (inclusive).
#[derive(Debug, Clone, Copy)]
struct Occ {
    cs: u32,
    ce: u32,
    ts: u32,
    te: u32,
}

/// Reusable per-thread buffers.
#[derive(Default)]
struct Scratch {
    owner: u64,
    cache: HashMap<Box<str>, u32, FxBuild>,
    infos: Vec<TokInfo>,
    atom_flat: Vec<u32>,
    toks: Vec<Token>,
    tok_info: Vec<u32>,
    lower: String,
    folded: String,
    tmp_words: Vec<String>,
    tmp_atoms: Vec<u32>,
    hits: Hits,
    query_hits: Vec<(u32, Vec<TokSpan>)>,
    content: Vec<(u32, u32, u32)>,
    occ: Vec<Vec<Occ>>,
    touched: Vec<u32>,
    entry_mark: Vec<u32>,
    generation: u32,
    matched: Vec<Matched>,
}

/// A matched lexicon entry in the current text.
#[derive(Debug, Clone)]
struct Matched {
    entry: u32,
    lang: Lang,
    tf: u32,
    spans: Vec<TokSpan>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The SDG classifier. Build once ([`Classifier::new`] or
/// [`Classifier::shared`]) and share: it is `Send + Sync`.
#[derive(Debug)]
pub struct Classifier {
    id: u64,
    lexicon: Lexicon,
    queries: &'static [AuroraQuery],
    query_set: QuerySet,
    params: Params,
}

/// Raw per-SDG signals of one text (for calibration and diagnostics).
#[derive(Debug, Clone, PartialEq)]
pub struct Signals {
    /// Language used.
    pub lang: Lang,
    /// Whether detection was confident.
    pub lang_confident: bool,
    /// Number of tokens.
    pub tokens: usize,
    /// Lexicon score per SDG (best language, before normalisation).
    pub lexicon: [f32; 17],
    /// Number of distinct UN targets whose Aurora sub-queries matched.
    pub aurora_targets: [u32; 17],
}

impl Default for Classifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Classifier {
    /// Builds the classifier from the embedded lexicons, Aurora queries and
    /// calibrated parameters.
    ///
    /// The embedded data are checked by the crate's tests; should they ever
    /// fail to load this panics with the located error.
    pub fn new() -> Self {
        Self::with_params(Params::embedded())
    }

    /// Same as [`Classifier::new`] with explicit parameters.
    pub fn with_params(params: Params) -> Self {
        #[allow(clippy::expect_used)]
        let lexicon = Lexicon::embedded().expect("embedded lexicons are valid (tested)");
        Self::from_parts(lexicon, aurora_queries(), params)
    }

    /// Builds a classifier from a lexicon and queries of your own.
    pub fn from_parts(lexicon: Lexicon, queries: &'static [AuroraQuery], params: Params) -> Self {
        let exprs: Vec<_> = queries.iter().map(|q| q.expr.clone()).collect();
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            lexicon,
            queries,
            query_set: QuerySet::new(&exprs),
            params,
        }
    }

    /// A process-wide classifier built on first use.
    pub fn shared() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(Classifier::new)
    }

    /// The scoring parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The Aurora queries in use.
    pub fn queries(&self) -> &[AuroraQuery] {
        self.queries
    }

    /// Classifies one text.
    pub fn classify(&self, text: &str, hint: LangHint) -> Classification {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let sig = self.analyse(&mut s, text, hint);
            self.decide(&s, &sig)
        })
    }

    /// Raw signals of one text (no thresholds applied).
    pub fn signals(&self, text: &str, hint: LangHint) -> Signals {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            self.analyse(&mut s, text, hint)
        })
    }

    /// Normalised per-SDG scores from signals, with the given parameters
    /// (only `aurora_weight` and `length_ref` are used).
    pub fn scores_from(signals: &Signals, params: &Params) -> [f32; 17] {
        let norm = (signals.tokens as f32 / params.length_ref).max(1.0).sqrt();
        let mut out = [0f32; 17];
        for (g, o) in out.iter_mut().enumerate() {
            let raw = signals.lexicon[g] + params.aurora_weight * signals.aurora_targets[g] as f32;
            *o = raw.max(0.0) / norm;
        }
        out
    }

    /// SDGs retained for given scores, best first.
    pub fn select(scores: &[f32; 17], params: &Params) -> Vec<u8> {
        let max = scores.iter().copied().fold(0f32, f32::max);
        let mut v: Vec<u8> = (0..17u8)
            .filter(|&g| {
                let s = scores[usize::from(g)];
                s > 0.0 && s >= params.thresholds[usize::from(g)] && s >= params.dominance * max
            })
            .map(|g| g + 1)
            .collect();
        v.sort_by(|a, b| {
            scores[usize::from(*b - 1)]
                .total_cmp(&scores[usize::from(*a - 1)])
                .then(a.cmp(b))
        });
        v
    }

    /// Classifies many texts on all cores (rayon), preserving order.
    pub fn classify_batch<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        hint: LangHint,
    ) -> Vec<Classification> {
        texts
            .par_iter()
            .map(|t| self.classify(t.as_ref(), hint))
            .collect()
    }

    fn resolve(&self, s: &mut Scratch, text: &str) {
        if s.owner != self.id || s.infos.len() > CACHE_LIMIT {
            s.cache.clear();
            s.infos.clear();
            s.atom_flat.clear();
            s.hits = self.query_set.new_hits();
            s.owner = self.id;
            s.occ = vec![Vec::new(); self.lexicon.phrases.len()];
            s.touched.clear();
            s.entry_mark = vec![0; self.lexicon.entries.len()];
            s.generation = 0;
        }
        let mut toks = std::mem::take(&mut s.toks);
        tokenize_into(text, &mut toks);
        s.tok_info.clear();
        let mut lower = std::mem::take(&mut s.lower);
        for t in &toks {
            lower_into(t.as_str(text), &mut lower);
            let idx = match s.cache.get(lower.as_str()) {
                Some(&i) => i,
                None => {
                    let info = self.token_info(s, &lower);
                    let i = s.infos.len() as u32;
                    s.infos.push(info);
                    s.cache.insert(lower.as_str().into(), i);
                    i
                }
            };
            s.tok_info.push(idx);
        }
        s.lower = lower;
        s.toks = toks;
    }

    fn token_info(&self, s: &mut Scratch, lower: &str) -> TokInfo {
        let mut folded = std::mem::take(&mut s.folded);
        fold_into(lower, &mut folded);
        let start = s.atom_flat.len() as u32;
        s.tmp_atoms.clear();
        self.query_set
            .atoms_of(&folded, &mut s.tmp_words, &mut s.tmp_atoms);
        s.atom_flat.extend_from_slice(&s.tmp_atoms);
        let mut ids = [[NONE; 2]; 2];
        let mut flags = 0u8;
        let accented = !lower.is_ascii();
        for (li, lang) in Lang::ALL.into_iter().enumerate() {
            // English entries never match accented (foreign) words: "râpé"
            // is not "rape".
            if lang == Lang::En && accented {
                if is_stop_word(lang, &folded) {
                    flags |= 1 << li;
                }
                continue;
            }
            let v = self.lexicon.vocab(lang);
            ids[li][0] = v.stem_id(&stem(lang, lower)).unwrap_or(NONE);
            ids[li][1] = v.word_id(&folded).unwrap_or(NONE);
            if is_stop_word(lang, &folded) {
                flags |= 1 << li;
            }
        }
        let (fr, en) = detect_counts(std::iter::once(folded.as_str()));
        if fr > 0 {
            flags |= 4;
        }
        if en > 0 {
            flags |= 8;
        }
        if lower.chars().any(|c| {
            matches!(
                c,
                'é' | 'è' | 'ê' | 'à' | 'ç' | 'ù' | 'ô' | 'î' | 'œ' | 'â' | 'û'
            )
        }) {
            flags |= 16;
        }
        s.folded = folded;
        TokInfo {
            ids,
            atoms: (start, s.tmp_atoms.len() as u32),
            flags,
        }
    }

    fn analyse(&self, s: &mut Scratch, text: &str, hint: LangHint) -> Signals {
        self.resolve(s, text);
        let ntok = s.toks.len();

        // Language.
        let (lang, confident) = match hint {
            LangHint::Fr => (Lang::Fr, true),
            LangHint::En => (Lang::En, true),
            LangHint::Auto => {
                let (mut fr, mut en, mut acc) = (0u32, 0u32, 0u32);
                for &i in s.tok_info.iter().take(400) {
                    let f = s.infos[i as usize].flags;
                    fr += u32::from(f & 4 != 0);
                    en += u32::from(f & 8 != 0);
                    acc += u32::from(f & 16 != 0);
                }
                let d = detection_from_counts(fr, en, acc > 0);
                (d.lang, d.confident)
            }
        };

        // Aurora queries.
        s.hits.reset();
        for &i in &s.tok_info {
            let (a, l) = s.infos[i as usize].atoms;
            let atoms = &s.atom_flat[a as usize..(a + l) as usize];
            s.hits.push_token(atoms);
        }
        s.query_hits.clear();
        let mut qh = std::mem::take(&mut s.query_hits);
        self.query_set.eval_hits(&mut s.hits, &mut qh);
        s.query_hits = qh;
        let mut aurora_targets = [0u32; 17];
        {
            let mut seen: Vec<&str> = Vec::new();
            for (q, _) in &s.query_hits {
                let aq = &self.queries[*q as usize];
                if !seen.contains(&aq.target.as_str()) {
                    seen.push(&aq.target);
                    aurora_targets[usize::from(aq.sdg - 1)] += 1;
                }
            }
        }

        // Lexicons.
        s.matched.clear();
        let mut lexicon = [0f32; 17];
        let langs: &[Lang] = if confident {
            if lang == Lang::Fr {
                &[Lang::Fr]
            } else {
                &[Lang::En]
            }
        } else {
            &Lang::ALL
        };
        for (k, &l) in langs.iter().enumerate() {
            let before = s.matched.len();
            self.match_lexicon(s, l);
            let mut per = [0f32; 17];
            for m in &s.matched[before..] {
                let e = &self.lexicon.entries[m.entry as usize];
                per[usize::from(e.sdg - 1)] +=
                    e.weight * (1.0 + self.params.tf_damping * (m.tf as f32).ln());
            }
            for g in 0..17 {
                lexicon[g] = if k == 0 {
                    per[g]
                } else {
                    lexicon[g].max(per[g])
                };
            }
        }
        Signals {
            lang,
            lang_confident: confident,
            tokens: ntok,
            lexicon,
            aurora_targets,
        }
    }

    fn match_lexicon(&self, s: &mut Scratch, lang: Lang) {
        let li = match lang {
            Lang::Fr => 0,
            Lang::En => 1,
        };
        let stop_bit = 1u8 << li;
        // Content tokens: (token index, stem id, word id).
        s.content.clear();
        for (ti, &i) in s.tok_info.iter().enumerate() {
            let info = &s.infos[i as usize];
            if info.flags & stop_bit != 0 {
                continue;
            }
            s.content
                .push((ti as u32, info.ids[li][0], info.ids[li][1]));
        }
        for &p in &s.touched {
            s.occ[p as usize].clear();
        }
        s.touched.clear();
        let has = |c: &(u32, u32, u32), id: u32| c.1 == id || c.2 == id;
        for ci in 0..s.content.len() {
            let c = s.content[ci];
            for id in [c.1, c.2] {
                if id == NONE || (id == c.2 && c.1 == c.2) {
                    continue;
                }
                for &p in self.lexicon.phrases_starting_with(lang, id) {
                    let words = &self.lexicon.phrases[p as usize].words;
                    let ok = words
                        .iter()
                        .enumerate()
                        .skip(1)
                        .all(|(k, &w)| s.content.get(ci + k).is_some_and(|cc| has(cc, w)));
                    if ok {
                        let ce = ci + words.len() - 1;
                        let o = Occ {
                            cs: ci as u32,
                            ce: ce as u32,
                            ts: c.0,
                            te: s.content[ce].0,
                        };
                        let v = &mut s.occ[p as usize];
                        if v.is_empty() {
                            s.touched.push(p);
                        }
                        if v.last().is_none_or(|l| l.cs != o.cs) {
                            v.push(o);
                        }
                    }
                }
            }
        }
        // Entries.
        s.generation = s.generation.wrapping_add(1);
        if s.generation == 0 {
            s.entry_mark.iter_mut().for_each(|m| *m = 0);
            s.generation = 1;
        }
        let start = s.matched.len();
        for ti in 0..s.touched.len() {
            let p = s.touched[ti];
            for &e in &self.lexicon.phrase_entries[p as usize] {
                if s.entry_mark[e as usize] == s.generation {
                    continue;
                }
                s.entry_mark[e as usize] = s.generation;
                let entry = &self.lexicon.entries[e as usize];
                if entry.lang != lang {
                    continue;
                }
                if let Some(m) = eval_rule(entry.rule, &s.occ, e, lang) {
                    s.matched.push(m);
                }
            }
        }
        self.suppress_nested(s, start);
    }

    /// Resolves nested phrase matches ("extreme poverty" contains
    /// "poverty"): a match covered by a longer one is dropped when the
    /// longer entry weighs at least as much, or is a neutraliser (weight
    /// ≤ 0, e.g. "transition écologique" for SDG 15); otherwise the longer
    /// match is dropped. Across SDGs too when [`CROSS_SDG_NESTING`] is set
    /// ("food waste" for SDG 12 hides "food" for SDG 2).
    fn suppress_nested(&self, s: &mut Scratch, start: usize) {
        let entries = &self.lexicon.entries;
        let phrases = &self.lexicon.phrases;
        let len_of = |m: &Matched| match entries[m.entry as usize].rule {
            Rule::Phrase(p) => phrases[p as usize].words.len(),
            _ => 0,
        };
        let slice = &mut s.matched[start..];
        if slice.len() < 2 {
            return;
        }
        // Per (match, span): alive flag.
        let n = slice.len();
        let mut alive: Vec<Vec<bool>> = slice.iter().map(|m| vec![true; m.spans.len()]).collect();
        for i in 0..n {
            let li = len_of(&slice[i]);
            if li == 0 {
                continue;
            }
            let ei = &entries[slice[i].entry as usize];
            for j in 0..n {
                let lj = len_of(&slice[j]);
                if lj <= li {
                    continue;
                }
                let ej = &entries[slice[j].entry as usize];
                if !CROSS_SDG_NESTING && ej.sdg != ei.sdg {
                    continue;
                }
                let longer_wins = ej.weight <= 0.0 || ej.weight >= ei.weight;
                for (a, sa) in slice[i].spans.iter().enumerate() {
                    for (b, sb) in slice[j].spans.iter().enumerate() {
                        if sb.0 <= sa.0 && sa.1 <= sb.1 {
                            if longer_wins {
                                alive[i][a] = false;
                            } else {
                                alive[j][b] = false;
                            }
                        }
                    }
                }
            }
        }
        let mut keep: Vec<Matched> = Vec::with_capacity(n);
        for (m, al) in slice.iter().zip(&alive) {
            if al.iter().all(|&x| x) {
                keep.push(m.clone());
                continue;
            }
            let spans: Vec<TokSpan> = m
                .spans
                .iter()
                .zip(al)
                .filter(|(_, a)| **a)
                .map(|(sp, _)| *sp)
                .collect();
            if !spans.is_empty() {
                keep.push(Matched {
                    entry: m.entry,
                    lang: m.lang,
                    tf: spans.len() as u32,
                    spans,
                });
            }
        }
        s.matched.truncate(start);
        s.matched.extend(keep);
    }

    fn decide(&self, s: &Scratch, sig: &Signals) -> Classification {
        let scores = Self::scores_from(sig, &self.params);
        let goals = Self::select(&scores, &self.params);
        let tok_span = |(a, b): TokSpan| -> Option<(usize, usize)> {
            Some((s.toks.get(a as usize)?.start, s.toks.get(b as usize)?.end))
        };
        let sdgs = goals
            .into_iter()
            .map(|g| {
                let mut ev: Vec<Evidence> = Vec::new();
                let used_lang = if sig.lang_confident {
                    Some(sig.lang)
                } else {
                    None
                };
                for m in &s.matched {
                    let e = &self.lexicon.entries[m.entry as usize];
                    if e.sdg != g || e.weight == 0.0 || used_lang.is_some_and(|l| l != m.lang) {
                        continue;
                    }
                    ev.push(Evidence {
                        source: Source::Lexicon(m.lang),
                        matched: e.source.clone(),
                        target: e.target.clone(),
                        weight: e.weight * (1.0 + self.params.tf_damping * (m.tf as f32).ln()),
                        spans: m.spans.iter().filter_map(|&sp| tok_span(sp)).collect(),
                    });
                }
                for (q, spans) in &s.query_hits {
                    let aq = &self.queries[*q as usize];
                    if aq.sdg != g {
                        continue;
                    }
                    ev.push(Evidence {
                        source: Source::Aurora,
                        matched: aq.id(),
                        target: aq.target.clone(),
                        weight: self.params.aurora_weight,
                        spans: spans.iter().filter_map(|&sp| tok_span(sp)).collect(),
                    });
                }
                ev.sort_by(|a, b| b.weight.total_cmp(&a.weight));
                SdgScore {
                    sdg: g,
                    score: scores[usize::from(g - 1)],
                    threshold: self.params.thresholds[usize::from(g - 1)],
                    evidence: ev,
                }
            })
            .collect();
        Classification {
            lang: sig.lang,
            lang_confident: sig.lang_confident,
            sdgs,
            scores,
        }
    }
}

/// Evaluates one rule over the phrase occurrences of the current text.
fn eval_rule(rule: Rule, occ: &[Vec<Occ>], entry: u32, lang: Lang) -> Option<Matched> {
    let get = |p: u32| occ.get(p as usize).map_or(&[][..], Vec::as_slice);
    let span = |o: &Occ| (o.ts, o.te);
    match rule {
        Rule::Phrase(p) => {
            let o = get(p);
            if o.is_empty() {
                return None;
            }
            Some(Matched {
                entry,
                lang,
                tf: o.len() as u32,
                spans: o.iter().map(span).collect(),
            })
        }
        Rule::Near(a, b, n) => {
            let (oa, ob) = (get(a), get(b));
            let mut spans = Vec::new();
            let mut tf = 0;
            for x in oa {
                let near = ob.iter().find(|y| {
                    if y.cs > x.ce {
                        y.cs - x.ce - 1 <= n
                    } else if x.cs > y.ce {
                        x.cs - y.ce - 1 <= n
                    } else {
                        false
                    }
                });
                if let Some(y) = near {
                    tf += 1;
                    spans.push(span(x));
                    spans.push(span(y));
                }
            }
            if tf == 0 {
                return None;
            }
            spans.sort_unstable();
            spans.dedup();
            Some(Matched {
                entry,
                lang,
                tf,
                spans,
            })
        }
        Rule::Both(a, b) => {
            let (oa, ob) = (get(a), get(b));
            let (x, y) = (oa.first()?, ob.first()?);
            Some(Matched {
                entry,
                lang,
                tf: 1,
                spans: vec![span(x), span(y)],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send_sync<T: Send + Sync>() {}

    #[test]
    fn classifier_is_send_sync() {
        is_send_sync::<Classifier>();
    }

    #[test]
    fn embedded_calibration_parses() {
        let p = Params::parse(CALIBRATION);
        assert!(p.is_ok(), "{p:?}");
        assert!(p.is_ok_and(|p| p.thresholds.iter().all(|t| *t > 0.0)));
    }

    #[test]
    fn params_round_trip() {
        let p = Params::embedded();
        assert_eq!(Params::parse(&p.to_tsv()), Ok(p));
        assert!(Params::parse("threshold\t18\t1").is_err());
        assert!(Params::parse("nonsense\t1").is_err());
    }

    #[test]
    fn evidence_spans_point_into_the_text() {
        let c = Classifier::shared();
        let t = "Réduire les émissions de gaz à effet de serre du campus grâce au bilan carbone.";
        let r = c.classify(t, LangHint::Auto);
        assert_eq!(r.lang, Lang::Fr);
        let g13 = r.sdgs.iter().find(|s| s.sdg == 13);
        assert!(g13.is_some(), "{r:?}");
        for e in g13.map(|g| g.evidence.as_slice()).unwrap_or(&[]) {
            for &(a, b) in &e.spans {
                assert!(t.get(a..b).is_some());
            }
        }
        let has_bilan = g13.is_some_and(|g| {
            g.evidence
                .iter()
                .any(|e| e.spans.iter().any(|&(a, b)| &t[a..b] == "bilan carbone"))
        });
        assert!(has_bilan, "{g13:?}");
    }
}
