//! Error types of the crate, in one place so that callers (CLI, web) can
//! report every failure with its location (file, line, column, row).

use thiserror::Error;

/// A located error in a Scopus/Aurora query string.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message} at offset {offset} (line {line}, column {column})")]
pub struct QueryParseError {
    /// What went wrong.
    pub message: String,
    /// Byte offset in the query string.
    pub offset: usize,
    /// 1-based line in the query string (or in its source file when known).
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
}

impl QueryParseError {
    /// Builds an error at `offset` of `src`, computing line and column.
    pub fn at(src: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(src, offset);
        Self {
            message: message.into(),
            offset,
            line,
            column,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(src.len());
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Errors raised while reading Aurora query files.
#[derive(Debug, Error)]
pub enum AuroraError {
    /// The XML itself is malformed.
    #[error("{file}: XML error at line {line}, column {column}: {message}")]
    Xml {
        /// Name of the file (as given by the caller).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Parser message.
        message: String,
    },
    /// A query line does not parse.
    #[error("{file}: query error at line {line}, column {column}: {message}")]
    Query {
        /// Name of the file.
        file: String,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column in the file.
        column: usize,
        /// Parser message.
        message: String,
    },
    /// The file has no SDG identifier or an invalid one.
    #[error("{file}: {message}")]
    Structure {
        /// Name of the file.
        file: String,
        /// What is missing or wrong.
        message: String,
    },
    /// Reading the input failed.
    #[error("{file}: {source}")]
    Io {
        /// Name of the file.
        file: String,
        /// Underlying I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Errors raised while loading the catalogue data.
#[derive(Debug, Error)]
pub enum CatalogueError {
    /// A YAML file does not parse.
    #[error("{file}: {message}")]
    Yaml {
        /// Which embedded file.
        file: String,
        /// Parser message (with its location).
        message: String,
    },
    /// A key or value is not what the format promises.
    #[error("{file}: key {key:?}: {message}")]
    Key {
        /// Which embedded file.
        file: String,
        /// Offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// Errors raised while loading a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    /// Name of the file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Errors raised while reading a benchmark CSV.
#[derive(Debug, Error)]
pub enum EvalError {
    /// The CSV is malformed.
    #[error("benchmark CSV, line {line}: {message}")]
    Csv {
        /// 1-based line of the record (0 when unknown).
        line: u64,
        /// Parser message.
        message: String,
    },
    /// A row has an invalid value.
    #[error("benchmark CSV, line {line} (id {id:?}): {message}")]
    Row {
        /// 1-based line of the record.
        line: u64,
        /// Row id as read.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The header lacks a required column.
    #[error("benchmark CSV: missing column {0:?}")]
    MissingColumn(String),
}
