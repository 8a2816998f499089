//! Errors for the user: what went wrong, where (file, line, column) and a hint.
//!
//! Every stage reports bad input as [`Problem`]s so that one run lists them all, the way `cargo`
//! lists every compile error. `main` turns an [`Error`] into an exit code: input problems are 1.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file a problem is: 1-based line and column, both optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The file, as the user named it (relative to the project where possible).
    pub file: PathBuf,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column. For CSV files this is the field number, and `field` names it.
    pub column: Option<u64>,
    /// The CSV column's header, when the place is a field.
    pub field: Option<String>,
}

impl Place {
    /// A whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Place {
            file: file.into(),
            ..Place::default()
        }
    }

    /// A line and column in a text file.
    pub fn at(file: impl Into<PathBuf>, line: u64, column: u64) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            field: None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, " (column \"{}\")", field.escape_debug())?;
        }
        Ok(())
    }
}

/// One thing wrong with the input, reported like a compiler diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// One line saying what is wrong.
    pub message: String,
    /// Where, when it is known.
    pub place: Option<Place>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            place: None,
            hint: None,
        }
    }

    /// Adds where the problem is.
    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(place) = &self.place {
            write!(f, "\n  --> {place}")?;
        }
        write!(f, "{}", hint_line(&self.hint))
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration or the data is wrong; every problem found is listed.
    #[error("{}", list(.0))]
    Input(Vec<Problem>),
    /// Reading or writing a file failed for a reason outside the input's content.
    #[error("error: {action} {}: {source}{}", .path.display(), hint_line(.hint))]
    Io {
        /// What was being done ("reading", "writing", ...).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
        /// What to do about it, when the cause is known.
        hint: Option<String>,
    },
}

impl Error {
    /// A single input problem.
    pub fn problem(problem: Problem) -> Self {
        Error::Input(vec![problem])
    }

    /// Wraps an I/O error with what was done to which path.
    pub fn io<'p>(
        action: &'static str,
        path: &'p Path,
    ) -> impl FnOnce(std::io::Error) -> Error + 'p {
        move |source| Error::Io {
            action,
            path: path.to_path_buf(),
            source,
            hint: None,
        }
    }
}

/// A hint on its own line, as a [`Problem`] and an [`Error::Io`] show it.
fn hint_line(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|hint| format!("\n  = hint: {hint}"))
        .unwrap_or_default()
}

fn list(problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, problem) in problems.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&problem.to_string());
    }
    let n = problems.len();
    out.push_str(&format!(
        "\n\n{n} problem{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    ));
    out
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a byte offset in `text` into a 1-based (line, column), counting columns in characters.
pub fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u64 + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_and_in_characters() {
        let text = "a = 1\nbø = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // 'ø' is two bytes but one column.
        assert_eq!(line_column(text, "a = 1\nbø".len()), (2, 3));
    }

    #[test]
    fn problem_reads_like_a_compiler_diagnostic() {
        let mut place = Place::at("data/x.csv", 14, 3);
        place.field = Some("score".into());
        let text = Problem::new("score 11 is out of range")
            .at(place)
            .hint("use 0 to 10")
            .to_string();
        assert_eq!(
            text,
            "error: score 11 is out of range\n  --> data/x.csv:14:3 (column \"score\")\n  = hint: use 0 to 10"
        );
    }

    #[test]
    fn an_io_error_shows_its_hint_as_a_problem_does() {
        let failed = |hint: Option<&str>| {
            Error::Io {
                action: "listening on",
                path: "127.0.0.1:80".into(),
                source: std::io::Error::other("in use"),
                hint: hint.map(String::from),
            }
            .to_string()
        };
        assert_eq!(failed(None), "error: listening on 127.0.0.1:80: in use");
        assert_eq!(
            failed(Some("choose another port")),
            "error: listening on 127.0.0.1:80: in use\n  = hint: choose another port"
        );
    }
}
