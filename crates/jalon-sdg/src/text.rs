//! Text normalisation shared by the lexicons, the query evaluator and the
//! classifier: lowercasing and accent folding, tokenisation with byte
//! offsets into the original text (so that evidence can be highlighted),
//! Snowball stemming in French and English, and a stop-word based language
//! detector.
//!
//! Everything here is deterministic and allocation-light: the tokeniser
//! fills a caller-provided buffer and folding writes into a reusable
//! `String`.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A language the crate handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Both languages, French first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses "fr"/"en" (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" | "french" | "français" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Language of a text as told by the caller, or `Auto` to detect it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LangHint {
    /// Detect from the text (falls back to both languages when unsure).
    #[default]
    Auto,
    /// The text is French.
    Fr,
    /// The text is English.
    En,
}

impl From<Lang> for LangHint {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Fr => LangHint::Fr,
            Lang::En => LangHint::En,
        }
    }
}

/// A token: byte range `start..end` in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text in `text` (the string it was cut from).
    pub fn as_str<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Splits `text` into word tokens (maximal runs of letters, digits and
/// combining marks), appending them to `out` (which is cleared first).
/// Apostrophes, hyphens and other punctuation separate tokens, so "l'eau"
/// gives "l", "eau" and "climate-driven" gives "climate", "driven".
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_word_char(c), c.len_utf8())
        };
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token { start: s, end: i });
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push(Token {
            start: s,
            end: bytes.len(),
        });
    }
}

/// Word tokens of `text` (see [`tokenize_into`]).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut v = Vec::new();
    tokenize_into(text, &mut v);
    v
}

/// Appends the folded form of one character to `out`: lowercase,
/// compatibility decomposition, marks stripped, ligatures expanded,
/// typographic punctuation mapped to ASCII.
fn fold_char(c: char, out: &mut String) {
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ı' => out.push('i'),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => out.push(' '),
        '\u{2026}' => out.push_str("..."),
        _ => {
            for l in c.to_lowercase() {
                for d in std::iter::once(l).nfkd() {
                    if is_combining_mark(d) {
                        continue;
                    }
                    match d {
                        'œ' => out.push_str("oe"),
                        'æ' => out.push_str("ae"),
                        _ => {
                            for dl in d.to_lowercase() {
                                out.push(dl);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Writes the folded form of `s` into `out` (cleared first): lowercase,
/// accents removed (NFKD, marks stripped), "œ" → "oe", "æ" → "ae",
/// ligatures ("ﬁ") and super/subscripts ("CO₂") expanded, typographic
/// apostrophes, quotes, dashes and spaces mapped to ASCII.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            fold_char(c, out);
        }
    }
}

/// The folded form of `s` (see [`fold_into`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Writes `s` lowercased (accents kept, composed to NFC) into `out`.
pub fn lower_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    if s.chars().any(is_combining_mark) {
        for c in s.nfc() {
            out.extend(c.to_lowercase());
        }
    } else {
        for c in s.chars() {
            match c {
                'Œ' => out.push('œ'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

fn stemmer(lang: Lang) -> &'static Stemmer {
    static FR: OnceLock<Stemmer> = OnceLock::new();
    static EN: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        Lang::Fr => FR.get_or_init(|| Stemmer::create(Algorithm::French)),
        Lang::En => EN.get_or_init(|| Stemmer::create(Algorithm::English)),
    }
}

/// Snowball stem of one lowercased word, then folded: "énergétiques" →
/// "energet", "emissions" → "emiss". Stemming runs before folding because
/// the French Snowball rules rely on accents.
pub fn stem(lang: Lang, lower_word: &str) -> String {
    let st: Cow<'_, str> = stemmer(lang).stem(lower_word);
    fold(&st)
}

/// Stem of an already folded word (used to also accept unaccented French).
pub fn stem_folded(lang: Lang, folded_word: &str) -> String {
    stemmer(lang).stem(folded_word).into_owned()
}

/// Function words ignored by lexicon matching (folded forms).
const STOP_EN: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "its", "it", "this", "that", "these", "those",
    "their", "s", "into", "than", "such", "which", "who", "whom", "has", "have", "had", "do",
    "does", "did", "our", "we", "they", "them", "his", "her", "he", "she", "i", "you", "your",
    "my", "me", "us", "there", "here", "also", "can", "may", "will", "would", "should", "could",
    "not", "no", "more", "most", "other", "some", "all", "any", "each", "both", "between",
    "within", "about", "over", "under", "through", "while", "if", "but", "so", "then", "very",
    "per",
];

const STOP_FR: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle",
    "elles", "en", "est", "et", "etre", "il", "ils", "j", "je", "l", "la", "le", "les", "leur",
    "leurs", "lui", "m", "ma", "mais", "me", "mes", "meme", "n", "ne", "nos", "notre", "nous",
    "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son",
    "sont", "sur", "t", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
    "c", "plus", "tres", "ainsi", "afin", "entre", "dont", "chez", "lors", "ete", "sera", "seront",
    "fait", "faire", "tout", "tous", "toute", "toutes", "aussi",
];

/// Whether the folded word is a function word in `lang`.
pub fn is_stop_word(lang: Lang, folded: &str) -> bool {
    match lang {
        Lang::Fr => STOP_FR.contains(&folded),
        Lang::En => STOP_EN.contains(&folded),
    }
}

/// Words that are frequent in one language and rare in the other.
const DETECT_EN: &[&str] = &[
    "the", "of", "and", "to", "is", "are", "was", "were", "with", "for", "that", "this", "which",
    "from", "by", "be", "have", "has", "it", "its", "their", "these", "been", "or", "at", "as",
    "an", "into", "our", "we", "will", "students", "research", "in", "on",
];
const DETECT_FR: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "de",
    "et",
    "est",
    "sont",
    "une",
    "pour",
    "dans",
    "sur",
    "par",
    "avec",
    "que",
    "qui",
    "aux",
    "au",
    "ces",
    "cette",
    "nous",
    "leur",
    "ou",
    "d",
    "l",
    "qu",
    "pas",
    "ne",
    "il",
    "en",
    "notre",
    "nos",
    "etudiants",
    "recherche",
    "se",
    "un",
];

/// Result of language detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    /// The more likely language.
    pub lang: Lang,
    /// False when the evidence is thin or balanced (short or mixed text).
    pub confident: bool,
}

/// Counts French and English marker words among folded tokens.
pub fn detect_counts<'a>(folded_tokens: impl Iterator<Item = &'a str>) -> (u32, u32) {
    let (mut fr, mut en) = (0u32, 0u32);
    for t in folded_tokens {
        if t.len() > 10 {
            continue;
        }
        if DETECT_FR.contains(&t) {
            fr += 1;
        }
        if DETECT_EN.contains(&t) {
            en += 1;
        }
    }
    (fr, en)
}

/// Turns marker counts into a detection (ties and empty texts: French,
/// not confident).
pub fn detection_from_counts(fr: u32, en: u32, has_accents: bool) -> Detection {
    let fr = fr + u32::from(has_accents);
    let lang = if en > fr { Lang::En } else { Lang::Fr };
    let (hi, lo) = if en > fr { (en, fr) } else { (fr, en) };
    Detection {
        lang,
        confident: hi >= 2 && hi >= 2 * lo,
    }
}

/// Detects whether `text` is French or English from its function words.
pub fn detect_lang(text: &str) -> Detection {
    let toks = tokenize(text);
    let mut buf = String::new();
    let folded: Vec<String> = toks
        .iter()
        .take(400)
        .map(|t| {
            fold_into(t.as_str(text), &mut buf);
            buf.clone()
        })
        .collect();
    let (fr, en) = detect_counts(folded.iter().map(String::as_str));
    let accents = text
        .chars()
        .any(|c| matches!(c, 'é' | 'è' | 'ê' | 'à' | 'ç' | 'ù' | 'ô' | 'î' | 'œ'));
    detection_from_counts(fr, en, accents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Égalité Femmes–Hommes"), "egalite femmes-hommes");
        assert_eq!(fold("œuvre Cœur ÆTHER"), "oeuvre coeur aether");
        assert_eq!(fold("l’eau «potable»"), "l'eau \"potable\"");
        assert_eq!(fold("ﬁnance CO₂ m²"), "finance co2 m2");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    }

    #[test]
    fn tokens_have_byte_offsets() {
        let t = "L’accès à l'eau potable, CO₂-neutre!";
        let toks = tokenize(t);
        let words: Vec<&str> = toks.iter().map(|k| k.as_str(t)).collect();
        assert_eq!(
            words,
            ["L", "accès", "à", "l", "eau", "potable", "CO₂", "neutre"]
        );
        assert_eq!(&t[toks[1].start..toks[1].end], "accès");
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ,;- ").is_empty());
    }

    #[test]
    fn stems_conflate_inflections() {
        assert_eq!(stem(Lang::En, "emissions"), stem(Lang::En, "emission"));
        assert_eq!(
            stem(Lang::Fr, "énergétiques"),
            stem(Lang::Fr, "énergétique")
        );
        assert_eq!(stem(Lang::Fr, "déchets"), "dechet");
        assert!(!stem(Lang::Fr, "biodiversité").contains('é'));
    }

    #[test]
    fn detects_languages() {
        let fr = detect_lang("Nous réduisons les émissions de gaz à effet de serre du campus.");
        assert_eq!(fr.lang, Lang::Fr);
        assert!(fr.confident);
        let en = detect_lang("We reduce the greenhouse gas emissions of the campus by half.");
        assert_eq!(en.lang, Lang::En);
        assert!(en.confident);
        assert!(!detect_lang("Bilan carbone").confident);
    }
}
