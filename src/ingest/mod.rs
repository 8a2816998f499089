//! Survey files into typed rows, streamed.
//!
//! Input: a [`Survey`] from the configuration. Output: each valid answer as a [`Row`], handed to a
//! callback one at a time, so memory never holds more than one record per file. Every problem
//! (missing file or column, a score out of range, a date that does not parse) is collected with
//! its file, line and column; a survey with any problem yields an error listing them all.

pub mod invitations;
mod values;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csv::StringRecord;

pub use values::{Score, ScoreError, parse_date, parse_score};

use crate::config::Survey;
use crate::error::{Error, Place, Problem, Result};
use crate::period::Period;

/// Shown for a row whose segment field is empty, so segment counts still add up to the total.
pub const NOT_STATED: &str = "Not stated";

/// Problems listed per file before the rest are only counted.
const MAX_PROBLEMS_PER_FILE: usize = 20;

/// One valid answer. Borrowed from the reader's reused record: copy what you keep.
#[derive(Debug)]
pub struct Row<'r> {
    /// The score.
    pub score: Score,
    /// The day the answer was given.
    pub date: NaiveDate,
    /// The period the day falls in.
    pub period: Period,
    /// The free-text comment, if any.
    pub comment: Option<&'r str>,
    record: &'r StringRecord,
    segment_fields: &'r [usize],
}

impl Row<'_> {
    /// The value of the survey's `i`-th dimension, or [`NOT_STATED`] when empty.
    pub fn segment(&self, i: usize) -> &str {
        match self.record.get(self.segment_fields[i]).map(str::trim) {
            Some(value) if !value.is_empty() => value,
            _ => NOT_STATED,
        }
    }
}

/// What was read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// The field delimiter found.
    pub delimiter: u8,
    /// Records read (answers and skipped ones).
    pub records: u64,
    /// Records whose score field was empty: the question was skipped.
    pub empty_scores: u64,
}

/// Reads every file of `survey` (paths relative to `root`), calling `sink` for each valid answer.
pub fn read_survey(
    root: &Path,
    survey: &Survey,
    mut sink: impl FnMut(Row<'_>),
) -> Result<Vec<FileSummary>> {
    let (files, mut problems) = resolve_files(root, survey);
    let mut summaries = Vec::new();
    for file in files {
        match read_file(&file, survey, &mut sink) {
            Ok(summary) => summaries.push(summary),
            Err(mut file_problems) => problems.append(&mut file_problems),
        }
    }
    if problems.is_empty() {
        Ok(summaries)
    } else {
        Err(Error::Input(problems))
    }
}

/// Expands the survey's file patterns, sorted, each file once.
fn resolve_files(root: &Path, survey: &Survey) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for pattern in &survey.files {
        let full = shown_path(root, pattern);
        let pattern_text = full.to_string_lossy();
        let matched: Vec<PathBuf> = match glob::glob(&pattern_text) {
            Ok(paths) => paths
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect(),
            Err(e) => {
                problems.push(
                    Problem::new(format!("invalid file pattern \"{pattern}\": {e}"))
                        .hint("patterns use *, ? and [..] as in a shell"),
                );
                continue;
            }
        };
        if matched.is_empty() {
            problems.push(
                Problem::new(format!(
                    "survey \"{}\": no file matches \"{}\"",
                    survey.id,
                    full.display()
                ))
                .at(Place::file(&full))
                .hint("paths are relative to the configuration file; check the name and folder"),
            );
        }
        files.extend(matched);
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// `root/relative`, without a leading `./` so messages show the path the user wrote.
pub(crate) fn shown_path(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// Which fields of a file hold what.
struct Layout {
    score: usize,
    date: usize,
    comment: Option<usize>,
    segments: Vec<usize>,
    headers: StringRecord,
}

fn read_file(
    path: &Path,
    survey: &Survey,
    sink: &mut impl FnMut(Row<'_>),
) -> Result<FileSummary, Vec<Problem>> {
    let cannot_read = |e: std::io::Error| {
        vec![Problem::new(format!("cannot read the file: {e}")).at(Place::file(path))]
    };
    let mut file = File::open(path).map_err(cannot_read)?;
    let mut head = [0u8; 8192];
    let head_len = file.read(&mut head).map_err(cannot_read)?;
    let head = strip_bom(&head[..head_len]);
    let delimiter = sniff_delimiter(head);
    let file = File::open(path).map_err(cannot_read)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let layout = layout(path, survey, &mut reader)?;

    let mut summary = FileSummary {
        path: path.to_path_buf(),
        delimiter,
        records: 0,
        empty_scores: 0,
    };
    let mut problems = Vec::new();
    let mut more_problems = 0u64;
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(csv_problem(path, &e));
                // A broken encoding or field count is rarely a one-off: stop at the first.
                break;
            }
        }
        summary.records += 1;
        match parse_row(path, survey, &layout, &record) {
            Ok(Some(row)) => sink(row),
            Ok(None) => summary.empty_scores += 1,
            Err(problem) if problems.len() < MAX_PROBLEMS_PER_FILE => problems.push(*problem),
            Err(_) => more_problems += 1,
        }
    }
    if more_problems > 0 {
        problems.push(
            Problem::new(format!("… and {more_problems} more problems in this file"))
                .at(Place::file(path)),
        );
    }
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(problems)
    }
}

fn layout(
    path: &Path,
    survey: &Survey,
    reader: &mut csv::Reader<BufReader<File>>,
) -> Result<Layout, Vec<Problem>> {
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_problem(path, &e)])?
        .clone();
    let mut problems = Vec::new();
    let mut find = |name: &str, role: &str| -> Option<usize> {
        let found = headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name);
        if found.is_none() {
            let known: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
            problems.push(
                Problem::new(format!(
                    "the {role} column \"{name}\" is not in the file's header"
                ))
                .at(Place::at(path, 1, 1))
                .hint(format!(
                    "the header has {}; fix the name in [survey.columns] or the file",
                    known.join(", ")
                )),
            );
        }
        found
    };
    let score = find(&survey.columns.score, "score");
    let date = find(&survey.columns.date, "date");
    let comment = survey
        .columns
        .comment
        .as_deref()
        .map(|c| find(c, "comment"));
    let segments: Vec<Option<usize>> = survey
        .dimensions
        .iter()
        .map(|d| find(&d.column, &format!("\"{}\" dimension", d.title)))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Layout {
        score: score.unwrap_or_default(),
        date: date.unwrap_or_default(),
        comment: comment.flatten(),
        segments: segments.into_iter().flatten().collect(),
        headers,
    })
}

/// Parses one record; `Ok(None)` when the score is empty.
fn parse_row<'r>(
    path: &Path,
    survey: &Survey,
    layout: &'r Layout,
    record: &'r StringRecord,
) -> Result<Option<Row<'r>>, Box<Problem>> {
    let line = record.position().map_or(0, |p| p.line());
    let place = |field: usize| Place {
        file: path.to_path_buf(),
        line: Some(line),
        column: Some(field as u64 + 1),
        field: layout.headers.get(field).map(str::to_string),
    };
    let raw_score = record.get(layout.score).unwrap_or("");
    let score = match parse_score(raw_score, survey.kind) {
        Ok(Some(score)) => score,
        Ok(None) => return Ok(None),
        Err(e) => {
            let (low, high) = survey.kind.range();
            let message = match e {
                ScoreError::NotANumber => {
                    format!(
                        "score \"{}\" is not a whole number",
                        raw_score.escape_debug()
                    )
                }
                ScoreError::OutOfRange(v) => {
                    format!(
                        "score {v} is outside the {} scale {low}-{high}",
                        survey.kind
                    )
                }
            };
            return Err(Box::new(Problem::new(message)
                .at(place(layout.score))
                .hint(format!(
                    "{} scores are whole numbers from {low} to {high}; an empty field counts as skipped",
                    survey.kind
                ))));
        }
    };
    let raw_date = record.get(layout.date).unwrap_or("");
    let Some(date) = parse_date(raw_date, survey.date_format.as_deref()) else {
        let expected = survey
            .date_format
            .as_deref()
            .unwrap_or("ISO 8601, e.g. 2024-03-05");
        return Err(Box::new(
            Problem::new(format!(
                "date \"{}\" does not parse",
                raw_date.escape_debug()
            ))
            .at(place(layout.date))
            .hint(format!(
                "expected {expected}; set date_format in the survey for other layouts"
            )),
        ));
    };
    let comment = layout
        .comment
        .and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|c| !c.is_empty());
    Ok(Some(Row {
        score,
        date,
        period: Period::of(date, survey.period),
        comment,
        record,
        segment_fields: &layout.segments,
    }))
}

pub(crate) fn csv_problem(path: &Path, error: &csv::Error) -> Problem {
    let line = error.position().map(|p| p.line());
    let place = Place {
        line,
        ..Place::file(path)
    };
    let (message, hint) = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => (
            "the file is not valid UTF-8".to_string(),
            "save it as \"CSV UTF-8\" from Excel",
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("this record has {len} fields where the header has {expected_len}"),
            "a field with the delimiter or a line break must be in double quotes",
        ),
        _ => (
            format!("cannot read the CSV: {error}"),
            "check that the file is a CSV export",
        ),
    };
    Problem::new(message).at(place).hint(hint)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The delimiter of the header line: the most frequent of `,` `;` tab `|` outside quotes.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_header_delimiter_ignoring_quoted_text() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b"), b'|');
        assert_eq!(sniff_delimiter(b"score"), b',');
    }
}
