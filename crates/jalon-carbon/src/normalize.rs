//! Text normalisation shared by place, country, header and mode matching: what expense systems
//! type varies in case, accents, hyphens, apostrophes and "Saint"/"St" abbreviations, and all of
//! those must compare equal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `s` to a comparison key: lowercase, accents removed, ligatures expanded, punctuation
/// turned into single spaces, and the abbreviations `st`/`ste`/`sts`/`stes`/`mt`/`ft` expanded
/// (`"St-Étienne"` and `"Saint Etienne"` both give `"saint etienne"`).
pub fn fold(s: &str) -> String {
    let mut flat = String::with_capacity(s.len());
    let mut ascii = true;
    for c in s.chars() {
        if !c.is_ascii() {
            ascii = false;
            break;
        }
    }
    if ascii {
        for c in s.chars() {
            push_folded(&mut flat, c);
        }
    } else {
        for c in s.nfkd() {
            if is_combining_mark(c) {
                continue;
            }
            match c {
                'œ' | 'Œ' => flat.push_str("oe"),
                'æ' | 'Æ' => flat.push_str("ae"),
                'ß' => flat.push_str("ss"),
                'ø' | 'Ø' => flat.push('o'),
                'ł' | 'Ł' => flat.push('l'),
                'đ' | 'Đ' => flat.push('d'),
                'ı' => flat.push('i'),
                _ => push_folded(&mut flat, c),
            }
        }
    }
    let mut out = String::with_capacity(flat.len());
    for tok in flat.split(' ').filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(match tok {
            "st" => "saint",
            "ste" => "sainte",
            "sts" => "saints",
            "stes" => "saintes",
            "mt" => "mount",
            "ft" => "fort",
            other => other,
        });
    }
    out
}

fn push_folded(out: &mut String, c: char) {
    if c.is_alphanumeric() {
        for l in c.to_lowercase() {
            out.push(l);
        }
    } else {
        // hyphens, apostrophes, dots, commas, slashes, brackets, spaces...
        out.push(' ');
    }
}

/// Like [`fold`] but also drops all spaces: used for header names and unit strings where
/// `"Nom base français"` and `"Nom_base_francais"` must match.
pub fn fold_compact(s: &str) -> String {
    fold(s).replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saint_variants_fold_together() {
        assert_eq!(fold("Saint-Étienne"), "saint etienne");
        assert_eq!(fold("St Etienne"), "saint etienne");
        assert_eq!(fold("ST-ETIENNE"), "saint etienne");
        assert_eq!(fold("St. Étienne"), "saint etienne");
    }

    #[test]
    fn ligatures_and_apostrophes() {
        assert_eq!(fold("Cœur d’Alène"), "coeur d alene");
        assert_eq!(fold("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(
            fold_compact("Identifiant_de_l'élément"),
            "identifiantdelelement"
        );
    }
}
