//! Bilingual (French/English) SDG lexicons written for Jalon: terms and
//! short phrases per UN target, with weights, plus co-occurrence rules for
//! terms that are ambiguous alone.
//!
//! The lexicons are plain text files (`data/lexicon/sdgNN.txt`, format in
//! `data/lexicon/README.md`) so that sustainability officers can review
//! them. At load time every word is folded and stemmed in the entry's
//! language and function words are dropped, so an entry is a sequence of
//! word ids in a per-language vocabulary; matching a text is then a matter
//! of integer comparisons (see [`crate::classifier`]).

use std::collections::HashMap;

use crate::catalogue::catalogue;
use crate::error::LexiconError;
use crate::text::{Lang, fold, is_stop_word, lower_into, stem, stem_folded, tokenize};

macro_rules! embedded_lexicons {
    ($($n:literal),*) => {
        [$((concat!("sdg", $n, ".txt"), include_str!(concat!("../data/lexicon/sdg", $n, ".txt")))),*]
    };
}

/// The embedded lexicon files: (file name, content).
pub const EMBEDDED_LEXICONS: [(&str, &str); 17] = embedded_lexicons!(
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17"
);

/// How the phrases of an entry combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// One phrase.
    Phrase(u32),
    /// Two phrases with at most `n` content words between them.
    Near(u32, u32, u32),
    /// Two phrases anywhere in the same text.
    Both(u32, u32),
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Goal (1–17).
    pub sdg: u8,
    /// Target code of the section ("13.2"), or the goal number ("13").
    pub target: String,
    /// Language of the entry.
    pub lang: Lang,
    /// Weight (negative weights lower the goal's score).
    pub weight: f32,
    /// The entry as written in the file.
    pub source: String,
    /// File and 1-based line of the entry.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Compiled rule.
    pub rule: Rule,
}

/// One compiled phrase: word ids in the language's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Language.
    pub lang: Lang,
    /// Word ids (stem ids or exact-word ids).
    pub words: Vec<u32>,
}

/// Vocabulary of one language: keys are `s:<stem>` or `w:<folded word>`.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    map: HashMap<String, u32>,
    next: u32,
}

impl Vocab {
    fn intern(&mut self, key: String) -> u32 {
        let next = &mut self.next;
        *self.map.entry(key).or_insert_with(|| {
            let id = *next;
            *next += 1;
            id
        })
    }

    /// Adds `alias` for an existing id unless the alias is already taken.
    fn alias(&mut self, alias: String, id: u32) {
        self.map.entry(alias).or_insert(id);
    }

    /// Id of a stem (folded), if any entry uses it.
    pub fn stem_id(&self, stem: &str) -> Option<u32> {
        self.lookup('s', stem)
    }

    /// Id of an exact folded word, if any entry uses it.
    pub fn word_id(&self, word: &str) -> Option<u32> {
        self.lookup('w', word)
    }

    fn lookup(&self, kind: char, s: &str) -> Option<u32> {
        let mut k = String::with_capacity(s.len() + 2);
        k.push(kind);
        k.push(':');
        k.push_str(s);
        self.map.get(&k).copied()
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.next as usize
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.next == 0
    }
}

/// A compiled set of lexicon entries in both languages.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// All entries.
    pub entries: Vec<Entry>,
    /// All phrases (shared by entries).
    pub phrases: Vec<Phrase>,
    /// Entries using each phrase.
    pub phrase_entries: Vec<Vec<u32>>,
    vocab: [Vocab; 2],
    phrase_index: HashMap<(Lang, Vec<u32>), u32>,
    /// Phrases by first word id (dense ids), per language.
    first: [Vec<Vec<u32>>; 2],
}

fn li(l: Lang) -> usize {
    match l {
        Lang::Fr => 0,
        Lang::En => 1,
    }
}

impl Lexicon {
    /// Parses and compiles the lexicons embedded in the crate.
    pub fn embedded() -> Result<Self, LexiconError> {
        let mut lx = Lexicon::default();
        for (name, src) in EMBEDDED_LEXICONS {
            lx.add_file(name, src)?;
        }
        Ok(lx)
    }

    /// Parses one lexicon file and adds its entries.
    pub fn add_file(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        let err = |line: usize, message: String| LexiconError {
            file: file.to_string(),
            line,
            message,
        };
        let mut section: Option<(u8, String)> = None;
        for (i, raw) in src.lines().enumerate() {
            let lineno = i + 1;
            let line = raw.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(code) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let code = code.trim();
                let goal: u8 = code
                    .split('.')
                    .next()
                    .and_then(|g| g.parse().ok())
                    .filter(|g| (1..=17).contains(g))
                    .ok_or_else(|| err(lineno, format!("invalid section [{code}]")))?;
                if code.contains('.') && catalogue().target(code).is_none() {
                    return Err(err(lineno, format!("unknown UN target [{code}]")));
                }
                section = Some((goal, code.to_string()));
                continue;
            }
            let (goal, target) = section
                .clone()
                .ok_or_else(|| err(lineno, "entry before any [target] section".into()))?;
            let mut parts = line.splitn(3, char::is_whitespace);
            let lang = parts
                .next()
                .and_then(Lang::from_code)
                .ok_or_else(|| err(lineno, "expected language fr or en".into()))?;
            let weight: f32 = parts
                .next()
                .and_then(|w| w.parse().ok())
                .filter(|w: &f32| w.is_finite() && w.abs() <= 100.0)
                .ok_or_else(|| err(lineno, "expected a weight (number)".into()))?;
            let expr = parts.next().unwrap_or("").trim();
            if expr.is_empty() {
                return Err(err(lineno, "missing term".into()));
            }
            let rule = self.compile_rule(lang, expr).map_err(|m| err(lineno, m))?;
            // The same stemmed entry twice in a goal ("partnership",
            // "partnerships") counts once, with the larger weight.
            if let Some(prev) = self
                .entries
                .iter_mut()
                .find(|e| e.sdg == goal && e.lang == lang && e.rule == rule)
            {
                if weight > prev.weight {
                    prev.weight = weight;
                    prev.target = target;
                    prev.source = expr.to_string();
                }
                continue;
            }
            let idx = self.entries.len() as u32;
            for p in rule_phrases(rule) {
                self.phrase_entries[p as usize].push(idx);
            }
            self.entries.push(Entry {
                sdg: goal,
                target,
                lang,
                weight,
                source: expr.to_string(),
                file: file.to_string(),
                line: lineno,
                rule,
            });
        }
        Ok(())
    }

    fn compile_rule(&mut self, lang: Lang, expr: &str) -> Result<Rule, String> {
        // "A ~n B" or "A & B" (operators surrounded by spaces).
        let words: Vec<&str> = expr.split_whitespace().collect();
        if let Some(k) = words.iter().position(|w| *w == "&") {
            let a = self.compile_phrase(lang, &words[..k].join(" "))?;
            let b = self.compile_phrase(lang, &words[k + 1..].join(" "))?;
            return Ok(Rule::Both(a, b));
        }
        if let Some(k) = words
            .iter()
            .position(|w| w.starts_with('~') && w[1..].parse::<u32>().is_ok())
        {
            let n: u32 = words[k][1..]
                .parse()
                .map_err(|_| "bad distance".to_string())?;
            let a = self.compile_phrase(lang, &words[..k].join(" "))?;
            let b = self.compile_phrase(lang, &words[k + 1..].join(" "))?;
            return Ok(Rule::Near(a, b, n));
        }
        Ok(Rule::Phrase(self.compile_phrase(lang, expr)?))
    }

    fn compile_phrase(&mut self, lang: Lang, text: &str) -> Result<u32, String> {
        let mut ids = Vec::new();
        let mut lower = String::new();
        for tok in tokenize(text) {
            let raw = tok.as_str(text);
            let exact = text[..tok.start].ends_with('=');
            let folded = fold(raw);
            if is_stop_word(lang, &folded) {
                continue;
            }
            let v = &mut self.vocab[li(lang)];
            if exact {
                ids.push(v.intern(format!("w:{folded}")));
            } else {
                lower_into(raw, &mut lower);
                let st = stem(lang, &lower);
                let id = v.intern(format!("s:{st}"));
                // Also accept the word written without accents.
                v.alias(format!("s:{}", stem_folded(lang, &folded)), id);
                ids.push(id);
            }
        }
        if ids.is_empty() {
            return Err(format!("no content word in {text:?}"));
        }
        let key = (lang, ids.clone());
        if let Some(&p) = self.phrase_index.get(&key) {
            return Ok(p);
        }
        let p = self.phrases.len() as u32;
        let first = &mut self.first[li(lang)];
        let i0 = ids[0] as usize;
        if first.len() <= i0 {
            first.resize(i0 + 1, Vec::new());
        }
        first[i0].push(p);
        self.phrases.push(Phrase { lang, words: ids });
        self.phrase_entries.push(Vec::new());
        self.phrase_index.insert(key, p);
        Ok(p)
    }

    /// Vocabulary of `lang`.
    pub fn vocab(&self, lang: Lang) -> &Vocab {
        &self.vocab[li(lang)]
    }

    /// Phrases of `lang` whose first word is `id`.
    pub fn phrases_starting_with(&self, lang: Lang, id: u32) -> &[u32] {
        self.first[li(lang)]
            .get(id as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Number of entries per goal and language: `[goal-1][0=fr,1=en]`.
    pub fn counts(&self) -> [[usize; 2]; 17] {
        let mut c = [[0usize; 2]; 17];
        for e in &self.entries {
            c[usize::from(e.sdg - 1)][li(e.lang)] += 1;
        }
        c
    }
}

/// Phrases used by a rule.
pub fn rule_phrases(r: Rule) -> impl Iterator<Item = u32> {
    let (a, b) = match r {
        Rule::Phrase(a) => (a, None),
        Rule::Near(a, b, _) | Rule::Both(a, b) => (a, Some(b)),
    };
    std::iter::once(a).chain(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load_with_both_languages_for_every_goal() {
        let lx = Lexicon::embedded();
        assert!(lx.is_ok(), "{:?}", lx.err());
        let lx = lx.unwrap_or_default();
        for (g, c) in lx.counts().iter().enumerate() {
            assert!(c[0] >= 40 && c[1] >= 40, "goal {}: {c:?}", g + 1);
        }
    }

    #[test]
    fn stems_and_stop_words() {
        let mut lx = Lexicon::default();
        let r = lx.add_file(
            "t.txt",
            "[13.2]\nfr 3 émissions de gaz à effet de serre\nen 2 climate ~3 change\nen 1 carbon & tax\nen 3 =aids",
        );
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(lx.entries.len(), 4);
        assert_eq!(lx.phrases[0].words.len(), 4);
        assert!(matches!(lx.entries[1].rule, Rule::Near(_, _, 3)));
        assert!(matches!(lx.entries[2].rule, Rule::Both(..)));
        assert!(lx.vocab(Lang::En).word_id("aids").is_some());
        // Unaccented spelling reaches the same stem.
        let v = lx.vocab(Lang::Fr);
        assert_eq!(
            v.stem_id(&stem(Lang::Fr, "émission")),
            v.stem_id(&stem_folded(Lang::Fr, "emission"))
        );
    }

    #[test]
    fn errors_are_located() {
        let mut lx = Lexicon::default();
        let e = lx.add_file("t.txt", "[13.2]\nfr 3 climat\nde 3 klima");
        assert_eq!(e.map_err(|e| e.line), Err(3));
        let e = lx.add_file("t.txt", "fr 3 climat");
        assert!(e.is_err());
        let e = lx.add_file("t.txt", "[13.9]\nfr 3 climat");
        assert!(e.is_err());
        let e = lx.add_file("t.txt", "[13]\nfr x climat");
        assert!(e.is_err());
        let e = lx.add_file("t.txt", "[13]\nfr 1 de la");
        assert!(e.is_err());
    }
}
