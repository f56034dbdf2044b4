//! A BibTeX reader for publication lists (HAL, Zotero and JabRef exports): `@type{key,
//! field = {value} or "value" or 2021, …}` entries, nested braces, `#` concatenation,
//! `@string` abbreviations; `@comment` and `@preamble` are skipped. A malformed entry is
//! reported with its line and key and does not stop the entries after it.

use std::collections::HashMap;

/// One entry as read: type, key, fields (lower-case names, values with braces removed).
#[derive(Debug, Clone, PartialEq)]
pub struct BibEntry {
    /// 1-based line of the `@`.
    pub line: usize,
    /// Entry type, lower case (`article`, `inproceedings`…).
    pub kind: String,
    pub key: String,
    pub fields: Vec<(String, String)>,
}

impl BibEntry {
    /// The value of a field (lower-case name).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A malformed entry: where, which key when known, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BibError {
    pub line: usize,
    pub key: Option<String>,
    pub message: String,
}

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
    line: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.bump();
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| !c.is_ascii_whitespace() && !b"{}(),=#\"@".contains(&c))
        {
            self.bump();
        }
        String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()
    }

    /// Skips to just after the closing brace of the current entry (error recovery).
    fn recover(&mut self, mut depth: usize) {
        while let Some(c) = self.bump() {
            match c {
                b'{' | b'(' => depth += 1,
                b'}' | b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'@' if depth <= 1 && self.line_start_before() => {
                    // A new entry starts: the current one was never closed.
                    self.pos -= 1;
                    return;
                }
                _ => {}
            }
        }
    }

    /// True when the next line starts a new entry (`@word{` or `@word(`): a value left
    /// open stops there rather than swallowing the rest of the file.
    fn entry_starts_next_line(&self) -> bool {
        let rest = &self.s[self.pos..];
        let rest = rest
            .iter()
            .position(|c| *c != b' ' && *c != b'\t')
            .map_or(&rest[rest.len()..], |i| &rest[i..]);
        if rest.first() != Some(&b'@') {
            return false;
        }
        let word: Vec<u8> = rest[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .copied()
            .collect();
        !word.is_empty() && matches!(rest.get(1 + word.len()), Some(b'{') | Some(b'('))
    }

    fn line_start_before(&self) -> bool {
        let before = &self.s[..self.pos.saturating_sub(1)];
        before
            .iter()
            .rev()
            .take_while(|c| **c != b'\n')
            .all(|c| c.is_ascii_whitespace())
    }

    /// A braced value, the opening brace consumed; returns the content without the
    /// outer braces (inner braces kept out).
    fn braced(&mut self) -> Result<String, String> {
        let mut depth = 1usize;
        let mut out = Vec::new();
        while let Some(c) = self.bump() {
            if c == b'\n' && self.entry_starts_next_line() {
                return Err("unclosed brace".into());
            }
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(String::from_utf8_lossy(&out).into_owned());
                    }
                }
                b'\\' => {
                    out.push(c);
                    if let Some(n) = self.bump() {
                        out.push(n);
                    }
                    continue;
                }
                _ => out.push(c),
            }
        }
        Err("unclosed brace".into())
    }

    fn quoted(&mut self) -> Result<String, String> {
        let mut depth = 0usize;
        let mut out = Vec::new();
        while let Some(c) = self.bump() {
            if c == b'\n' && self.entry_starts_next_line() {
                return Err("unclosed quote".into());
            }
            match c {
                b'"' if depth == 0 => return Ok(String::from_utf8_lossy(&out).into_owned()),
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'\\' => {
                    out.push(c);
                    if let Some(n) = self.bump() {
                        out.push(n);
                    }
                    continue;
                }
                _ => out.push(c),
            }
        }
        Err("unclosed quote".into())
    }
}

/// Turns LaTeX accents and escapes of titles and names into text: `{\'e}` → é, `\&` → &.
pub fn latex_to_text(s: &str) -> String {
    const ACCENTS: [(&str, char, &str); 40] = [
        ("'", 'e', "é"),
        ("'", 'E', "É"),
        ("`", 'e', "è"),
        ("`", 'a', "à"),
        ("^", 'e', "ê"),
        ("^", 'a', "â"),
        ("^", 'i', "î"),
        ("^", 'o', "ô"),
        ("^", 'u', "û"),
        ("\"", 'e', "ë"),
        ("\"", 'i', "ï"),
        ("\"", 'o', "ö"),
        ("\"", 'u', "ü"),
        ("\"", 'a', "ä"),
        ("c", 'c', "ç"),
        ("c", 'C', "Ç"),
        ("'", 'a', "á"),
        ("'", 'i', "í"),
        ("'", 'o', "ó"),
        ("'", 'u', "ú"),
        ("~", 'n', "ñ"),
        ("~", 'a', "ã"),
        ("~", 'o', "õ"),
        ("`", 'u', "ù"),
        ("`", 'E', "È"),
        ("'", 'A', "Á"),
        ("`", 'A', "À"),
        ("^", 'E', "Ê"),
        ("\"", 'O', "Ö"),
        ("\"", 'U', "Ü"),
        ("'", 'y', "ý"),
        ("'", 'c', "ć"),
        ("v", 'c', "č"),
        ("v", 's', "š"),
        ("v", 'z', "ž"),
        ("'", 'n', "ń"),
        ("'", 's', "ś"),
        ("`", 'o', "ò"),
        ("`", 'i', "ì"),
        ("\"", 'A', "Ä"),
    ];
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let cmd = chars[i + 1];
            // \'e, \'{e}, \c{c}, \c c
            let accent: String = cmd.to_string();
            let mut j = i + 2;
            if j < chars.len() && chars[j] == ' ' && cmd.is_ascii_alphabetic() {
                j += 1;
            }
            let braced = j < chars.len() && chars[j] == '{';
            let letter_at = if braced { j + 1 } else { j };
            if let Some(&letter) = chars.get(letter_at)
                && let Some((_, _, rep)) = ACCENTS
                    .iter()
                    .find(|(a, l, _)| *a == accent && *l == letter)
            {
                out.push_str(rep);
                i = letter_at + 1;
                if braced && chars.get(i) == Some(&'}') {
                    i += 1;
                }
                continue;
            }
            if matches!(cmd, '&' | '%' | '$' | '#' | '_' | '{' | '}') {
                out.push(cmd);
                i += 2;
                continue;
            }
            // Other commands (\textit, \emph…): drop the command, keep its argument.
            let mut k = i + 1;
            while k < chars.len() && chars[k].is_ascii_alphabetic() {
                k += 1;
            }
            i = k.max(i + 2);
            continue;
        }
        if c != '{' && c != '}' {
            out.push(c);
        }
        i += 1;
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads every entry of a BibTeX text. Entries that cannot be read are returned as errors
/// with their line; the others are read.
pub fn parse_bibtex(text: &str) -> (Vec<BibEntry>, Vec<BibError>) {
    let mut c = Cursor {
        s: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut strings: HashMap<String, String> = [
        ("jan", "January"),
        ("feb", "February"),
        ("mar", "March"),
        ("apr", "April"),
        ("may", "May"),
        ("jun", "June"),
        ("jul", "July"),
        ("aug", "August"),
        ("sep", "September"),
        ("oct", "October"),
        ("nov", "November"),
        ("dec", "December"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    loop {
        // Text outside entries is a comment in BibTeX.
        while c.peek().is_some_and(|ch| ch != b'@') {
            c.bump();
        }
        if c.bump().is_none() {
            break;
        }
        let line = c.line;
        c.skip_ws();
        let kind = c.ident().to_lowercase();
        c.skip_ws();
        let close = match c.bump() {
            Some(b'{') => b'}',
            Some(b'(') => b')',
            _ => {
                errors.push(BibError {
                    line,
                    key: None,
                    message: format!("\"@{kind}\" is not followed by {{"),
                });
                continue;
            }
        };
        if kind == "comment" || kind == "preamble" {
            c.recover(1);
            continue;
        }
        let result = (|| -> Result<Option<BibEntry>, (Option<String>, String)> {
            let mut fields = Vec::new();
            let mut key = None;
            if kind != "string" {
                c.skip_ws();
                let k = c.ident();
                c.skip_ws();
                if c.bump() != Some(b',') {
                    return Err((Some(k), "the key must be followed by a comma".into()));
                }
                if k.is_empty() {
                    return Err((None, "entry without a key".into()));
                }
                key = Some(k);
            }
            loop {
                c.skip_ws();
                match c.peek() {
                    Some(ch) if ch == close => {
                        c.bump();
                        break;
                    }
                    None => return Err((key.clone(), "entry not closed".into())),
                    _ => {}
                }
                let name = c.ident().to_lowercase();
                if name.is_empty() {
                    return Err((
                        key.clone(),
                        format!(
                            "unexpected character '{}' where a field name was expected",
                            c.peek().map(char::from).unwrap_or(' ')
                        ),
                    ));
                }
                c.skip_ws();
                if c.bump() != Some(b'=') {
                    return Err((key.clone(), format!("field \"{name}\" has no '='")));
                }
                let mut value = String::new();
                loop {
                    c.skip_ws();
                    match c.bump() {
                        Some(b'{') => value.push_str(
                            &c.braced()
                                .map_err(|m| (key.clone(), format!("{name}: {m}")))?,
                        ),
                        Some(b'"') => value.push_str(
                            &c.quoted()
                                .map_err(|m| (key.clone(), format!("{name}: {m}")))?,
                        ),
                        Some(ch) if ch.is_ascii_alphanumeric() => {
                            c.pos -= 1;
                            let word = c.ident();
                            if word.chars().all(|d| d.is_ascii_digit()) {
                                value.push_str(&word);
                            } else {
                                value.push_str(
                                    strings
                                        .get(&word.to_lowercase())
                                        .map_or(word.as_str(), |s| s.as_str()),
                                );
                            }
                        }
                        _ => return Err((key.clone(), format!("field \"{name}\" has no value"))),
                    }
                    c.skip_ws();
                    if c.peek() == Some(b'#') {
                        c.bump();
                        continue;
                    }
                    break;
                }
                c.skip_ws();
                match c.peek() {
                    Some(b',') => {
                        c.bump();
                    }
                    Some(ch) if ch == close => {}
                    _ => {
                        return Err((
                            key.clone(),
                            format!("a comma is missing after field \"{name}\""),
                        ));
                    }
                }
                if kind == "string" {
                    strings.insert(name, value);
                } else {
                    fields.push((name, latex_to_text(&value)));
                }
            }
            Ok(key.map(|key| BibEntry {
                line,
                kind: kind.clone(),
                key,
                fields,
            }))
        })();
        match result {
            Ok(Some(e)) => entries.push(e),
            Ok(None) => {}
            Err((key, message)) => {
                errors.push(BibError { line, key, message });
                c.recover(1);
            }
        }
    }
    (entries, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_with_braces_quotes_strings_and_accents() {
        let text = r#"
@string{ieee = "IEEE Transactions"}
% a comment line
@article{dupont2021,
  title = {Réduction des {\'e}missions de {CO2} dans l'{\'e}cole},
  author = "Dupont, Marie and Martin, Paul",
  journal = ieee # " on Energy",
  year = 2021,
  month = jan,
  doi = {10.1000/xyz}
}
@comment{ignored}
@InProceedings{ lee22 ,
  title = "Water \& sanitation",
  year = {2022},
}
"#;
        let (entries, errors) = parse_bibtex(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(entries.len(), 2);
        let a = &entries[0];
        assert_eq!(a.key, "dupont2021");
        assert_eq!(a.kind, "article");
        assert_eq!(a.line, 4);
        assert_eq!(
            a.field("title"),
            Some("Réduction des émissions de CO2 dans l'école")
        );
        assert_eq!(a.field("journal"), Some("IEEE Transactions on Energy"));
        assert_eq!(a.field("year"), Some("2021"));
        assert_eq!(a.field("month"), Some("January"));
        assert_eq!(entries[1].key, "lee22");
        assert_eq!(entries[1].field("title"), Some("Water & sanitation"));
    }

    #[test]
    fn a_broken_entry_is_located_and_the_next_ones_read() {
        let text = "@article{a1,\n  title = {Fine},\n  year = 2020\n}\n@article{b2,\n  title = {Unclosed,\n  year = 2021\n\n@article{c3,\n  title {no equals}\n}\n@article{d4, title = {Last}}\n";
        let (entries, errors) = parse_bibtex(text);
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert!(
            keys.contains(&"a1") && keys.contains(&"d4"),
            "{keys:?} {errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.line == 5 && e.key.as_deref() == Some("b2")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.key.as_deref() == Some("c3") && e.message.contains("'='")),
            "{errors:?}"
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        for text in [
            "@",
            "@{",
            "@article{",
            "@article{k,",
            "@article{k, t = {",
            "@string{",
            "}}}{{{@@",
            "@article(k, t = \"x\")",
        ] {
            let _ = parse_bibtex(text);
        }
    }
}
