//! What a pure rule says to a person, as a catalogue key and its arguments.
//!
//! Pure crates decide *what* to say (the plan check's findings, for instance); the words, in
//! French or English, belong to the one message catalogue (`jalon-i18n`), so the same thing
//! reads the same in the pages, the reports and the command line, and nothing stores a
//! sentence in one language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A value given to a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// Text shown as is (a code, a title, a name).
    Text(String),
    /// A whole number (counts select the plural form).
    Int(i64),
    /// A measure, written with the reader's typography (`4 061,3` or `4,061.3`).
    Num(f64),
    /// A day, written the reader's way (`30/06/2025` or `30 June 2025`).
    Date {
        /// The day.
        date: chrono::NaiveDate,
    },
    /// Another message of the catalogue, by key, said in the reader's language (a state such
    /// as `action-status-done`): the same state has the same words everywhere.
    Word {
        /// Key of the word in the catalogue.
        word: String,
    },
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<f64> for Arg {
    fn from(x: f64) -> Self {
        Arg::Num(x)
    }
}

impl From<chrono::NaiveDate> for Arg {
    fn from(date: chrono::NaiveDate) -> Self {
        Arg::Date { date }
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Int(n) => write!(f, "{n}"),
            Arg::Num(x) => write!(f, "{x}"),
            Arg::Word { word } => f.write_str(word),
            Arg::Date { date } => write!(f, "{date}"),
        }
    }
}

/// A catalogue key with its arguments, e.g. `check-duplicate_code` with `code = C1.O2`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// Key of the message in the catalogue.
    pub key: &'static str,
    /// Named arguments, in the order the rule gave them.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// A message without arguments.
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// Adds the argument `name`: the catalogue's word `key`, in the reader's language.
    pub fn word(mut self, name: &'static str, key: impl Into<String>) -> Message {
        self.args.push((name, Arg::Word { word: key.into() }));
        self
    }

    /// The value of argument `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// A message as it is stored (in the journal) and read back: its key and named arguments,
/// owned, so that the words are chosen when it is read, in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMessage {
    /// Key of the message in the catalogue.
    pub key: String,
    /// Named arguments.
    #[serde(default)]
    pub args: BTreeMap<String, Arg>,
}

impl From<&Message> for StoredMessage {
    fn from(m: &Message) -> StoredMessage {
        StoredMessage {
            key: m.key.to_string(),
            args: (m.args.iter())
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_their_kind_and_order() {
        let m = Message::new("check-duplicate_code")
            .with("code", "C1.O2")
            .with("count", 3usize);
        assert_eq!(m.arg("code"), Some(&Arg::Text("C1.O2".into())));
        assert_eq!(m.arg("count"), Some(&Arg::Int(3)));
        assert_eq!(m.arg("other"), None);
        assert_eq!(m.args[0].0, "code");
    }

    #[test]
    fn a_stored_message_reads_back_with_its_arguments_kinds() {
        let m = Message::new("journal-value-added")
            .with("code", "C1.O2.I1")
            .with("count", 3usize)
            .word("state", "state-validated")
            .with("day", chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
        let json = serde_json::to_string(&StoredMessage::from(&m)).unwrap();
        let back: StoredMessage = serde_json::from_str(&json).unwrap();
        assert_eq!(back.key, "journal-value-added");
        assert_eq!(back.args["code"], Arg::Text("C1.O2.I1".into()));
        assert_eq!(back.args["count"], Arg::Int(3));
        assert_eq!(
            back.args["day"],
            Arg::Date {
                date: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
            }
        );
        assert_eq!(
            back.args["state"],
            Arg::Word {
                word: "state-validated".into()
            }
        );
    }
}
