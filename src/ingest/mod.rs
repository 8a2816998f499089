//! Survey files into typed rows, streamed.
//!
//! Input: a [`Survey`] from the configuration. Output: each valid answer as a [`Row`], handed to a
//! callback one at a time, so memory never holds more than one record per file. Each file's
//! encoding, delimiter and line endings are detected (or configured), or it is a workbook whose
//! sheet is streamed with calamine (`workbook`); its header rows are skipped (a `format` preset
//! knows how many), and every problem (missing file or column, a score out of range, a date that
//! does not parse, a broken record) is collected with its file, line and column. In the default
//! strict mode a survey with any problem yields an error listing them all; with
//! `on_invalid = "skip"` bad rows are skipped and counted by reason instead.

mod chunks;
pub mod detect;
mod filters;
mod format;
mod ids;
pub mod invitations;
mod parallel;
mod records;
mod values;
mod workbook;

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use csv::StringRecord;
use encoding_rs::UTF_8;
use encoding_rs_io::DecodeReaderBytesBuilder;
use ids::Ids;
use records::RecordReader;

pub use detect::Detected;
pub use format::{Format, Preset, statement};
pub use parallel::{fold_survey, fold_survey_with};
pub use values::{
    CountError, Score, ScoreError, is_one_of, number_before_label, parse_date, parse_score,
};

use crate::config::{Kind, MAX_DRIVERS, OnInvalid, Survey, Window};
use crate::error::{Error, Place, Problem, Result};
use crate::period::{Period, YEARS};

/// The value of a row whose segment field is empty, so segment counts still add up to the total;
/// reported in the report's language (`group.not_stated`, by an implicit `recode`).
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
    /// How many answers the row stands for: 1, or its count in a tallied export (never 0).
    pub count: u32,
    /// The answer to each of the survey's drivers, 1 to 5, or 0 where the question was skipped.
    pub drivers: [u8; MAX_DRIVERS],
    record: Fields<'r>,
    segment_fields: &'r [usize],
}

impl Row<'_> {
    /// The value of the survey's `i`-th dimension, or [`NOT_STATED`] when empty.
    pub fn segment(&self, i: usize) -> &str {
        match self.record.get(self.segment_fields[i]).map(values::trim) {
            Some(value) if !value.is_empty() => value,
            _ => NOT_STATED,
        }
    }
}

/// A record's fields as text. The record is checked as UTF-8 once, as a whole (with SIMD:
/// checking with `std` was 8 % of reading a large file), and cut at its field bounds, each
/// checked to fall between characters, instead of field by field: a seventh of all the work of
/// reading a large file went into checking fields one by one.
#[derive(Debug, Clone, Copy)]
struct Fields<'r> {
    text: &'r str,
    record: &'r simd_csv::ByteRecord,
}

impl<'r> Fields<'r> {
    /// The record as text, or the index of its first field that is not valid UTF-8.
    fn new(record: &'r simd_csv::ByteRecord) -> Result<Self, usize> {
        let first_invalid = || {
            record
                .iter()
                .position(|field| std::str::from_utf8(field).is_err())
                .unwrap_or(0)
        };
        let text = simdutf8::basic::from_utf8(record.as_slice()).map_err(|_| first_invalid())?;
        // Valid as a whole, the record may still have a field that ends mid-character and a
        // next one that holds the rest. Fields lie end to end, so it is enough to check where
        // each starts.
        let bytes = text.as_bytes();
        let cut = (1..record.len()).any(|i| {
            Self::range(record, i)
                .is_some_and(|r| bytes.get(r.start).is_some_and(|&b| b & 0xc0 == 0x80))
        });
        if cut {
            return Err(first_invalid());
        }
        Ok(Fields { text, record })
    }

    /// Where field `i` lies in the record's bytes, of which simd-csv gives it as a slice.
    fn range(record: &simd_csv::ByteRecord, i: usize) -> Option<std::ops::Range<usize>> {
        let field = record.get(i)?;
        let start = field.as_ptr().addr() - record.as_slice().as_ptr().addr();
        Some(start..start + field.len())
    }

    fn get(&self, i: usize) -> Option<&'r str> {
        Self::range(self.record, i).and_then(|r| self.text.get(r))
    }

    fn len(&self) -> usize {
        self.record.len()
    }

    fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Why a row was skipped (lenient mode), or counted but not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// The score is outside the scale.
    ScoreOutOfRange,
    /// The score is not a whole number or a known label.
    ScoreNotANumber,
    /// The date does not parse.
    BadDate,
    /// The record has more or fewer fields than the header.
    FieldCount,
    /// The record is not valid text in the file's encoding.
    Encoding,
    /// The response id was seen before (in strict mode too: counted once, reported).
    Duplicate,
    /// The answer is dated before the survey's `from` or after its `until` (always left out).
    OutsideWindow,
    /// The row is left out by the survey's `only` or `leave_out` (a preview, a test, spam).
    LeftOut,
    /// The row's count (a tallied export) is not a whole number.
    BadCount,
    /// A driver's answer is not a whole number from 1 to 5.
    BadDriver,
}

impl Skip {
    /// Every reason, in the order reports list them.
    pub const ALL: [Skip; 10] = [
        Skip::ScoreOutOfRange,
        Skip::ScoreNotANumber,
        Skip::BadDate,
        Skip::FieldCount,
        Skip::Encoding,
        Skip::Duplicate,
        Skip::OutsideWindow,
        Skip::LeftOut,
        Skip::BadCount,
        Skip::BadDriver,
    ];

    /// A stable key for `metrics.json`.
    pub fn key(self) -> &'static str {
        match self {
            Skip::ScoreOutOfRange => "score_out_of_range",
            Skip::ScoreNotANumber => "score_not_a_number",
            Skip::BadDate => "bad_date",
            Skip::FieldCount => "field_count",
            Skip::Encoding => "encoding",
            Skip::Duplicate => "duplicate_response_id",
            Skip::OutsideWindow => "outside_window",
            Skip::LeftOut => "left_out",
            Skip::BadCount => "bad_count",
            Skip::BadDriver => "bad_driver",
        }
    }

    /// The reason in words.
    pub fn words(self) -> &'static str {
        match self {
            Skip::ScoreOutOfRange => "score outside the scale",
            Skip::ScoreNotANumber => "score not a number",
            Skip::BadDate => "date does not parse",
            Skip::FieldCount => "wrong number of fields",
            Skip::Encoding => "not valid text",
            Skip::Duplicate => "response id seen before",
            Skip::OutsideWindow => "dated outside the periods reported",
            Skip::LeftOut => "left out by a filter",
            Skip::BadCount => "count not a whole number",
            Skip::BadDriver => "a driver's answer not a whole number from 1 to 5",
        }
    }
}

/// What a file's records were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Delimited text, with the encoding, delimiter and line endings found or configured.
    Text(Detected),
    /// A workbook's sheet, by name.
    Sheet(String),
}

/// What was read from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// Text with its layout, or a workbook's sheet.
    pub source: Source,
    /// Header rows skipped (the first names the columns).
    pub header_rows: usize,
    /// Records read after the header (answers and skipped ones).
    pub records: u64,
    /// Records whose score field was empty: the question was skipped.
    pub empty_scores: u64,
    /// Records not used, by reason.
    pub skipped: BTreeMap<Skip, u64>,
}

/// Reads every file of `survey` (paths relative to `root`), calling `sink` for each valid answer,
/// in order on this thread. With `response_id` mapped it keeps every id read in a set (60–70
/// bytes a row): [`fold_survey`] gives the same in parallel and in bounded memory; this is the
/// plain reading it is tested against.
pub fn read_survey(
    root: &Path,
    survey: &Survey,
    mut sink: impl FnMut(Row<'_>),
) -> Result<Vec<FileSummary>> {
    read_survey_with(root, survey, None, &mut sink)
}

/// Told how far the reading of each file has got, for a progress bar.
pub trait Progress {
    /// A file of `size` bytes is being read; the returned function is called with the bytes read
    /// since its last call, and once with 0 when the file is done.
    fn file(&self, path: &Path, size: u64) -> Box<dyn FnMut(u64) + '_>;

    /// The same, for a file read again because some response ids repeat.
    fn again(&self, path: &Path, size: u64) -> Box<dyn FnMut(u64) + '_> {
        self.file(path, size)
    }
}

/// [`read_survey`], reporting progress.
pub fn read_survey_with(
    root: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    mut sink: impl FnMut(Row<'_>),
) -> Result<Vec<FileSummary>> {
    let (files, mut problems) = resolve_files(root, survey);
    let mut summaries = Vec::new();
    // Response ids seen in any of the survey's files, when the survey maps them.
    let mut seen = survey.columns.response_id.as_ref().map(|_| HashSet::new());
    for file in files {
        match read_file(&file, survey, progress, seen.as_mut(), &mut sink) {
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

/// Bytes per chunk of records handed to a worker: large enough that handing out is rare, small
/// enough that a few in flight per worker keep memory low.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Expands the survey's file patterns, sorted, each file once. Its invitations file is left
/// out: `files = "data/*.csv"` beside `invitations = "data/invitations.csv"` means the answers.
fn resolve_files(root: &Path, survey: &Survey) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let invitations =
        (survey.invitations.as_deref()).and_then(|file| shown_path(root, file).canonicalize().ok());
    let is_invitations =
        |path: &Path| invitations.is_some() && path.canonicalize().ok() == invitations;
    for pattern in &survey.files {
        let full = shown_path(root, pattern);
        let pattern_text = full.to_string_lossy();
        let matched: Vec<PathBuf> = match glob::glob(&pattern_text) {
            Ok(paths) => paths
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file() && !is_invitations(p))
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
                .hint(if is_invitations(&full) {
                    "it is the survey's invitations file; name the files of its answers".to_string()
                } else if full.is_dir() {
                    format!(
                        "it is a folder: name the files in it, e.g. files = \"{}/*.csv\"",
                        pattern.trim_end_matches(['/', '\\'])
                    )
                } else {
                    "paths are relative to the configuration file; check the name and folder"
                        .to_string()
                }),
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
    response_id: Option<usize>,
    count: Option<usize>,
    segments: Vec<usize>,
    drivers: Vec<usize>,
    /// `only` and `leave_out`, which rows are read at all.
    filters: Vec<filters::Filter>,
    /// The zone the date column's times without one are written in: the survey's
    /// `date_zone`, or UTC when the column's name says so (Typeform's `Submit Date (UTC)`).
    written_in: Option<chrono_tz::Tz>,
    headers: StringRecord,
}

impl Layout {
    /// The day of a row's date field, as the survey reads dates: in the report's time zone
    /// when it has one.
    fn day(&self, survey: &Survey, field: &str) -> Option<NaiveDate> {
        let format = survey.date_format.as_deref();
        match survey.zone {
            None => parse_date(field, format),
            Some(zone) => values::parse_date_in(field, format, zone, self.written_in),
        }
    }
}

/// Bytes as UTF-8 text, decoding other encodings on the fly.
fn decoded<'a>(inner: impl Read + 'a, detected: &Detected) -> Box<dyn Read + 'a> {
    if detected.encoding == UTF_8 {
        // csv validates UTF-8 itself; a BOM is removed from the first header.
        Box::new(inner)
    } else {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(detected.encoding))
                .bom_override(true)
                .build(inner),
        )
    }
}

/// Reads a whole file's bytes already in memory, as [`read_survey`] reads each file (without
/// the check for response ids seen in other files). For tests and fuzzing.
pub fn read_bytes(
    name: &Path,
    bytes: &[u8],
    survey: &Survey,
    mut sink: impl FnMut(Row<'_>),
) -> Result<FileSummary, Vec<Problem>> {
    let head = &bytes[..bytes.len().min(detect::HEAD)];
    let detected = detect::detect(head, survey.encoding(), survey.delimiter());
    read_records(
        name,
        survey,
        detected,
        decoded(bytes, &detected),
        None,
        &mut sink,
    )
}

/// Reads the first bytes of a file and works out its layout.
pub fn detect_file(path: &Path, survey: &Survey) -> std::io::Result<Detected> {
    let head = read_head(path)?;
    Ok(detect::detect(&head, survey.encoding(), survey.delimiter()))
}

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(detect::HEAD);
    File::open(path)?
        .take(detect::HEAD as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

fn read_file(
    path: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    seen: Option<&mut HashSet<Box<str>>>,
    sink: &mut impl FnMut(Row<'_>),
) -> Result<FileSummary, Vec<Problem>> {
    if workbook::is_workbook(path) {
        let mut ids = seen.map_or(Ids::Off, Ids::InOrder);
        let (sheet, tallied) = read_workbook(path, survey, progress, &mut ids, sink)?;
        return tallied.summary(path, sheet, survey.header_rows());
    }
    let (detected, reader) = open_file(path, survey, progress)?;
    read_records(path, survey, detected, reader, seen, sink)
}

/// The survey's files whose header looks like an export of a tool the survey sets no `format`
/// for, with that tool: said beside the problems of a survey that fails to read, whose cause
/// is then often the missing preset (header rows read as answers, dates in the tool's way).
pub fn unset_formats(root: &Path, survey: &Survey) -> Vec<(PathBuf, Format)> {
    if survey.format.is_some() {
        return Vec::new();
    }
    let (files, _) = resolve_files(root, survey);
    (files.into_iter())
        .filter_map(|path| Some((path.clone(), Format::recognise(&first_row(&path, survey)?)?)))
        .collect()
}

/// The length of the `sep=;` line Excel writes before the header to name the delimiter, or 0.
fn sep_line(head: &[u8], detected: &Detected) -> usize {
    if detected.sep_line {
        detect::sep_line_len(head)
    } else {
        0
    }
}

/// A file's first row (its header), or `None` if it cannot be read.
fn first_row(path: &Path, survey: &Survey) -> Option<StringRecord> {
    first_rows(path, survey, 1).into_iter().next()
}

/// Up to a file's first `n` rows (fewer if it has fewer, or one cannot be read), from at most
/// the first 8 MiB of its text (the longest a record may be): a header row of long question
/// texts can run past the block the layout is detected from, and a quote never closed must not
/// read the whole file.
pub fn first_rows(path: &Path, survey: &Survey, n: usize) -> Vec<StringRecord> {
    let mut rows = Vec::new();
    if workbook::is_workbook(path) {
        let _ = workbook::read(path, survey.sheet.as_deref(), None, |_, record| {
            rows.push(record.iter().map(String::from_utf8_lossy).collect());
            match rows.len() < n {
                true => ControlFlow::Continue(()),
                false => ControlFlow::Break(()),
            }
        });
        return rows;
    }
    let Ok((detected, text)) = open_file(path, survey, None) else {
        return rows;
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detected.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.take(chunks::MAX_RECORD_BYTES as u64));
    let mut record = StringRecord::new();
    // Excel's `sep=;` line, read as a record of its own, comes before the header.
    let skip = usize::from(detected.sep_line);
    while rows.len() < n + skip && reader.read_record(&mut record).unwrap_or(false) {
        rows.push(record.clone());
    }
    rows.drain(..skip.min(rows.len()));
    rows
}

/// A file read as a table of text, for describing its columns: how it was read, the columns'
/// names (as a survey reading it with `survey`'s settings names them), and the records after
/// its header rows, as text. Nothing is parsed but the layout.
#[derive(Debug, Clone)]
pub struct Table {
    /// Text with its layout, or a workbook's sheet.
    pub source: Source,
    /// Header rows (the first names the columns).
    pub header_rows: usize,
    /// The columns' names.
    pub names: StringRecord,
    /// The columns' question texts, when the format has a row of them (Qualtrics).
    pub questions: Option<StringRecord>,
    /// The columns' statements, when the format has a row of them (SurveyMonkey).
    pub statements: Option<StringRecord>,
    /// Records after the header rows.
    pub records: u64,
    /// Records of a text file with more or fewer fields than its header, when there are any:
    /// a survey reading the file reports each.
    pub ragged: Option<Ragged>,
}

/// Records with more or fewer fields than the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ragged {
    /// How many.
    pub records: u64,
    /// The file line the first starts on.
    pub first_line: u64,
}

/// Reads `path` with `survey`'s settings (format, header rows, encoding, delimiter, sheet),
/// calling `each` with every record after the header rows.
pub fn read_table(
    path: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    mut each: impl FnMut(&StringRecord),
) -> Result<Table, Vec<Problem>> {
    let mut rows: Vec<StringRecord> = Vec::new();
    let mut records = 0;
    let mut ragged: Option<Ragged> = None;
    let mut take = |record: &StringRecord| {
        if rows.len() < survey.header_rows() {
            rows.push(record.clone());
        } else {
            records += 1;
            // A workbook's rows end at their last filled cell: only a text file's are ragged.
            if let Some(position) = record.position()
                && rows
                    .first()
                    .is_some_and(|header| header.len() != record.len())
            {
                ragged
                    .get_or_insert(Ragged {
                        records: 0,
                        first_line: position.line(),
                    })
                    .records += 1;
            }
            each(record);
        }
    };
    let source = if workbook::is_workbook(path) {
        let sheet = workbook::read(
            path,
            survey.sheet.as_deref(),
            survey.date_format.as_deref(),
            |_, record| {
                take(&record.iter().map(String::from_utf8_lossy).collect());
                ControlFlow::Continue(())
            },
        )
        .map_err(|p| vec![*p])?;
        Source::Sheet(sheet)
    } else {
        let (detected, text) = open_file(path, survey, progress)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detected.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut record = StringRecord::new();
        // Excel's `sep=;` line names the delimiter; the header follows it.
        let mut on_sep_line = detected.sep_line;
        while reader
            .read_record(&mut record)
            .map_err(|e| vec![csv_problem(path, &e)])?
        {
            if !std::mem::take(&mut on_sep_line) {
                take(&record);
            }
        }
        Source::Text(detected)
    };
    let header_rows = rows.len();
    let questions_row = survey.format.is_some_and(|f| f.preset().questions_row);
    let questions = rows.get(1).filter(|_| questions_row).cloned();
    let statements = rows.get(1).filter(|_| survey.statements_row()).cloned();
    if header_rows == 0 {
        return Err(vec![
            Problem::new("the file has no header row")
                .at(Place::file(path))
                .hint("its first row names the columns"),
        ]);
    }
    Ok(Table {
        source,
        header_rows,
        names: column_names(survey, rows),
        questions,
        statements,
        records,
        ragged,
    })
}

/// Reads the records of a workbook's sheet into rows, in order: the sheet, and what was counted.
fn read_workbook(
    path: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    ids: &mut Ids<'_>,
    sink: &mut impl FnMut(Row<'_>),
) -> Result<(Source, Tallied), Vec<Problem>> {
    // The sheet is read whole: progress jumps from nothing to all of the file.
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut tick = progress.map(|p| p.file(path, size));
    let read = read_sheet(path, survey, ids, sink);
    if let Some(tick) = tick.as_mut() {
        tick(size);
        tick(0);
    }
    read
}

fn read_sheet(
    path: &Path,
    survey: &Survey,
    ids: &mut Ids<'_>,
    sink: &mut impl FnMut(Row<'_>),
) -> Result<(Source, Tallied), Vec<Problem>> {
    let mut layout = None;
    let mut header_problems = Vec::new();
    // The header rows read so far, and the line of the first.
    let mut header_rows = Vec::new();
    let mut header_line = 0;
    let mut tallied = Tallied::default();
    let window = survey.window();
    let sheet = workbook::read(
        path,
        survey.sheet.as_deref(),
        survey.date_format.as_deref(),
        |line, record| {
            let Some(layout) = &layout else {
                if header_rows.is_empty() {
                    header_line = line;
                }
                header_rows.push(record.iter().map(String::from_utf8_lossy).collect());
                if header_rows.len() < survey.header_rows() {
                    return ControlFlow::Continue(());
                }
                let headers = column_names(survey, std::mem::take(&mut header_rows));
                match self::layout(path, survey, headers, header_line, None) {
                    Ok(found) => layout = Some(found),
                    Err(problems) => {
                        header_problems = problems;
                        return ControlFlow::Break(());
                    }
                }
                return ControlFlow::Continue(());
            };
            let parser = Parser {
                path,
                survey,
                layout,
                window,
            };
            parser.record(record, || line, &mut tallied, ids, sink);
            ControlFlow::Continue(())
        },
    )
    .map_err(|p| vec![*p])?;
    if !header_problems.is_empty() {
        return Err(header_problems);
    }
    // A sheet that ends within its header rows has columns and no answers.
    if layout.is_none() && !header_rows.is_empty() {
        let headers = column_names(survey, header_rows);
        layout = Some(self::layout(path, survey, headers, header_line, None)?);
    }
    if layout.is_none() {
        return Err(vec![
            Problem::new(format!("the sheet \"{}\" is empty", sheet.escape_debug()))
                .at(Place::file(path))
                .hint("the first row of the sheet names the columns; set sheet = \"...\" to read another sheet"),
        ]);
    }
    Ok((Source::Sheet(sheet), tallied))
}

/// Opens a file: its detected layout and its text as UTF-8, reporting progress as it is read.
fn open_file<'p>(
    path: &Path,
    survey: &Survey,
    progress: Option<&'p dyn Progress>,
) -> Result<(Detected, Box<dyn Read + 'p>), Vec<Problem>> {
    let head = read_head(path).map_err(|e| cannot_read(path, e))?;
    if workbook::is_workbook_signature(&head) {
        return Err(vec![
            Problem::new("this file is a workbook, not delimited text")
                .at(Place::file(path))
                .hint("name it .xlsx (or .xls, .ods) to have its sheet read, or save it as \"CSV UTF-8\""),
        ]);
    }
    let detected = detect::detect(&head, survey.encoding(), survey.delimiter());
    let file = File::open(path).map_err(|e| cannot_read(path, e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let reader: Box<dyn Read + 'p> = match progress {
        Some(progress) => Box::new(Counting {
            inner: file,
            tick: progress.file(path, size),
        }),
        None => Box::new(file),
    };
    Ok((detected, decoded(reader, &detected)))
}

/// A reader that reports the bytes it reads, and 0 when it is dropped (the file is done).
struct Counting<'a, R> {
    inner: R,
    tick: Box<dyn FnMut(u64) + 'a>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.tick)(n as u64);
        Ok(n)
    }
}

impl<R> Drop for Counting<'_, R> {
    fn drop(&mut self) {
        (self.tick)(0);
    }
}

/// Reads the records of one file (already decoded to UTF-8) into rows, in order.
fn read_records(
    path: &Path,
    survey: &Survey,
    detected: Detected,
    reader: Box<dyn Read + '_>,
    seen: Option<&mut HashSet<Box<str>>>,
    sink: &mut impl FnMut(Row<'_>),
) -> Result<FileSummary, Vec<Problem>> {
    let mut ids = seen.map_or(Ids::Off, Ids::InOrder);
    let (layout, mut chunker) = open_records(path, survey, &detected, reader, CHUNK_BYTES)?;
    let parser = Parser {
        path,
        survey,
        layout: &layout,
        window: survey.window(),
    };
    let mut tallied = Tallied::default();
    let mut records = RecordReader::default();
    let mut buffer = Vec::new();
    while let Some(chunk) = chunker
        .next_chunk(buffer)
        .map_err(|e| cannot_read(path, e))?
    {
        parser.chunk(
            &chunk,
            detected.delimiter,
            &mut records,
            &mut tallied,
            &mut ids,
            sink,
        );
        buffer = chunk.bytes;
    }
    tallied.summary(path, Source::Text(detected), survey.header_rows())
}

fn cannot_read(path: &Path, e: std::io::Error) -> Vec<Problem> {
    vec![Problem::new(format!("cannot read the file: {e}")).at(Place::file(path))]
}

/// Reads a file's header rows from its first block and returns its layout and its records, in
/// chunks.
fn open_records<'r>(
    path: &Path,
    survey: &Survey,
    detected: &Detected,
    mut text: Box<dyn Read + 'r>,
    chunk_bytes: usize,
) -> Result<(Layout, chunks::Chunker<impl Read + use<'r>>), Vec<Problem>> {
    let mut head = Vec::new();
    (&mut text)
        .take(chunk_bytes.max(1 << 20) as u64)
        .read_to_end(&mut head)
        .map_err(|e| cannot_read(path, e))?;
    let skip = sep_line(&head, detected);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detected.delimiter)
        .flexible(true)
        .from_reader(&head[skip..]);
    let mut header_rows = vec![
        reader
            .headers()
            .map_err(|e| vec![csv_problem(path, &e)])?
            .clone(),
    ];
    for _ in 1..survey.header_rows() {
        let mut record = StringRecord::new();
        if let Err(e) = reader.read_record(&mut record) {
            return Err(vec![csv_problem(path, &e)]);
        }
        header_rows.push(record);
    }
    // The header's line in the file: csv skips blank lines before it.
    let blank = head[skip..]
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .count();
    let header_line =
        1 + u64::from(detected.sep_line) + line_breaks(&head[skip..skip + blank]) as u64;
    if header_rows[0].is_empty() {
        // Else each column the survey reads is "not in the header", which says nothing useful.
        return Err(vec![
            Problem::new("the file is empty: it has no header row")
                .at(Place::at(path, header_line, 1))
                .hint(
                    "an export with no answers still has its header row; export the file \
                     again, or leave it out of files",
                ),
        ]);
    }
    let headers = column_names(survey, header_rows);
    let layout = layout(path, survey, headers, header_line, Some(detected.delimiter))?;
    let mut start = skip + reader.position().byte() as usize;
    // csv may stop between the CR and the LF of a CRLF: the LF ends the header too.
    if head[..start].ends_with(b"\r") && head.get(start) == Some(&b'\n') {
        start += 1;
    }
    // Lines end at `\r` in old Mac files, where the chunker also cuts.
    let newline = match detected.line_ending {
        detect::LineEnding::Cr => b'\r',
        detect::LineEnding::Lf | detect::LineEnding::CrLf => b'\n',
    };
    // The line the records start on, counted here: csv's own count lags behind a CRLF, and
    // a header may end with another line break than the records.
    let first_line = 1 + line_breaks(&head[..start]) as u64;
    head.drain(..start);
    let rest = std::io::Cursor::new(head).chain(text);
    let chunker = chunks::Chunker::new(rest, detected.delimiter, newline, chunk_bytes, first_line)
        .starting_at(start as u64);
    Ok((layout, chunker))
}

/// Counts and problems of a run of records. Runs of one file add up to the file's summary.
#[derive(Debug, Default)]
struct Tallied {
    records: u64,
    empty_scores: u64,
    skipped: BTreeMap<Skip, u64>,
    problems: Vec<Problem>,
    more_problems: u64,
}

impl Tallied {
    fn merge(&mut self, other: Tallied) {
        self.records += other.records;
        self.empty_scores += other.empty_scores;
        for (skip, n) in other.skipped {
            *self.skipped.entry(skip).or_default() += n;
        }
        self.problems.extend(other.problems);
        self.more_problems += other.more_problems;
    }

    /// The file's summary, or its first problems in file order.
    fn summary(
        mut self,
        path: &Path,
        source: Source,
        header_rows: usize,
    ) -> Result<FileSummary, Vec<Problem>> {
        if self.problems.is_empty() {
            return Ok(FileSummary {
                path: path.to_path_buf(),
                source,
                header_rows,
                records: self.records,
                empty_scores: self.empty_scores,
                skipped: self.skipped,
            });
        }
        // Runs read in parallel report out of order: keep the first ones, as a reader would. A
        // stable sort by line is file order: each run lists its problems in file order, and the
        // records that start on one line (a lone carriage return ends a record) are in one run.
        // Sorting by column too put a record without one first on its line.
        self.problems
            .sort_by_key(|p| p.place.as_ref().and_then(|p| p.line));
        let extra = self.problems.len().saturating_sub(MAX_PROBLEMS_PER_FILE) as u64;
        self.problems.truncate(MAX_PROBLEMS_PER_FILE);
        let more = self.more_problems + extra;
        if more > 0 {
            self.problems.push(
                Problem::new(format!(
                    "… and {more} more problem{} in this file",
                    if more == 1 { "" } else { "s" }
                ))
                .at(Place::file(path)),
            );
        }
        Err(self.problems)
    }
}

/// Turns records of one file into rows, counting and reporting what it cannot use.
struct Parser<'a> {
    path: &'a Path,
    survey: &'a Survey,
    layout: &'a Layout,
    /// The survey's periods reported.
    window: Window,
}

impl Parser<'_> {
    fn lenient(&self) -> bool {
        self.survey.on_invalid == OnInvalid::Skip
    }

    /// A bad row standing for `answers` answers: skipped and counted in lenient mode.
    fn report(&self, skip: Skip, answers: u32, problem: Problem, tallied: &mut Tallied) {
        if self.lenient() {
            *tallied.skipped.entry(skip).or_default() += u64::from(answers);
        } else {
            Self::fail(problem, tallied);
        }
    }

    /// Whether a record whose score is empty is dated outside the window, so that it counts
    /// there rather than as a skipped question (a date that does not parse counts as inside:
    /// an empty score's date is not otherwise checked).
    fn outside_window(&self, record: Fields<'_>, layout: &Layout) -> bool {
        self.window != Window::default()
            && record
                .get(layout.date)
                .and_then(|raw| layout.day(self.survey, raw))
                .is_some_and(|date| !self.window.contains(Period::of(date, self.survey.period)))
    }

    /// A problem that fails the file in lenient mode too.
    fn fail(problem: Problem, tallied: &mut Tallied) {
        if tallied.problems.len() < MAX_PROBLEMS_PER_FILE {
            tallied.problems.push(problem);
        } else {
            tallied.more_problems += 1;
        }
    }

    /// Reads a chunk of records in order.
    fn chunk(
        &self,
        chunk: &chunks::Chunk,
        delimiter: u8,
        records: &mut RecordReader,
        tallied: &mut Tallied,
        ids: &mut Ids<'_>,
        sink: &mut impl FnMut(Row<'_>),
    ) {
        let mut lines = chunks::Lines::new(chunk);
        let read = records.read(chunk, delimiter, |record, start| {
            // Counted only for a record with a problem: most have none.
            let line = || lines.of(start);
            self.record(record, line, tallied, ids, sink);
        });
        if let Err(e) = read {
            let line = e.position().map(|p| lines.of(p.byte() as usize));
            self.bad_record(&e, line, tallied);
        }
        if let Some(runaway) = &chunk.runaway {
            self.runaway(runaway, tallied);
        }
    }

    /// A record that runs on to the end of the file or past the longest a record may be. An
    /// error in lenient mode too: skipping it would drop every row it swallowed.
    fn runaway(&self, runaway: &chunks::Runaway, tallied: &mut Tallied) {
        tallied.records += 1;
        let swallowed = match runaway.lines {
            0 => String::new(),
            1 => ", so the 1 line after its opening quote would be read as one field".to_string(),
            n => format!(", so the {n} lines after its opening quote would be read as one field"),
        };
        let limit = chunks::MAX_RECORD_BYTES >> 20;
        let (message, hint) = match (runaway.field, runaway.ends_file) {
            (Some(_), true) => (
                "this quoted field is never closed".to_string(),
                format!(
                    "the file ends inside it{swallowed}; add the closing quote (a quote inside a \
                     quoted field is written twice: \"\")"
                ),
            ),
            (Some(_), false) => (
                format!("this quoted field runs on for more than {limit} MiB"),
                format!(
                    "its closing quote is probably missing, so the lines after it would be read \
                     as one field; add it (a quote inside a quoted field is written twice: \"\"). \
                     A record may be at most {limit} MiB"
                ),
            ),
            (None, _) => (
                format!("this record runs on for more than {limit} MiB without a line break"),
                format!(
                    "records end at a line break (LF, CRLF or CR): is this a CSV file? A record \
                     may be at most {limit} MiB"
                ),
            ),
        };
        let place = match runaway.field {
            Some(field) => field_place(self.path, &self.layout.headers, runaway.line, field),
            None => Place {
                line: Some(runaway.line),
                ..Place::file(self.path)
            },
        };
        Self::fail(Problem::new(message).at(place).hint(hint), tallied);
    }

    /// A record the CSV reader could not read (reading a chunk of bytes, it finds none): the
    /// rest of the chunk is not read.
    fn bad_record(&self, error: &csv::Error, line: Option<u64>, tallied: &mut Tallied) {
        let mut problem = csv_problem(self.path, error);
        if let Some(place) = problem.place.as_mut() {
            place.line = line;
        }
        self.report(Skip::Encoding, 1, problem, tallied);
    }

    /// One record; `line` tells the line of the file it starts on.
    fn record(
        &self,
        record: &simd_csv::ByteRecord,
        line: impl FnOnce() -> u64,
        tallied: &mut Tallied,
        ids: &mut Ids<'_>,
        sink: &mut impl FnMut(Row<'_>),
    ) {
        let record = match Fields::new(record) {
            Ok(fields) => fields,
            Err(field) => {
                tallied.records += 1;
                let problem = Problem::new("this record is not valid UTF-8")
                    .at(field_place(self.path, &self.layout.headers, line(), field))
                    .hint(NOT_UTF8_HINT);
                self.report(Skip::Encoding, 1, problem, tallied);
                return;
            }
        };
        if record.iter().all(|f| values::trim(f).is_empty()) {
            // Trailing blank lines, as Excel leaves them.
            return;
        }
        tallied.records += 1;
        let layout = self.layout;
        if record.len() != layout.headers.len() {
            let breaks = line_breaks(record.text.as_bytes());
            let problem = Problem::new(format!(
                "this record has {} fields where the header has {}",
                record.len(),
                layout.headers.len()
            ))
            .at(Place {
                line: Some(line()),
                ..Place::file(self.path)
            })
            .hint(field_count_hint(breaks));
            if breaks == 0 {
                self.report(Skip::FieldCount, 1, problem, tallied);
            } else {
                // A quote out of place read several rows as one: skipping it would drop them.
                Self::fail(problem, tallied);
            }
            return;
        }
        // A row with a bad count is skipped as one answer: how many it stands for is unknown.
        let count = match layout.count.map(|i| (i, record.get(i).unwrap_or(""))) {
            None => 1,
            Some((i, raw)) => match values::parse_count(raw) {
                // Stands for no answers: nothing to count, not even a period.
                Ok(0) => return,
                Ok(count) => count,
                Err(error) => {
                    let place = field_place(self.path, &layout.headers, line(), i);
                    self.report(Skip::BadCount, 1, bad_count(raw, error).at(place), tallied);
                    return;
                }
            },
        };
        let answers = u64::from(count);
        let field = |i: usize| record.get(i).unwrap_or("");
        if !(layout.filters.iter()).all(|filter| filter.reads(field(filter.column))) {
            *tallied.skipped.entry(Skip::LeftOut).or_default() += answers;
            return;
        }
        // After the filters: a preview's id is not an answer's.
        if let Some(i) = layout.response_id {
            match ids.check(values::trim(field(i))) {
                ids::Verdict::Count => {}
                ids::Verdict::Repeat => {
                    *tallied.skipped.entry(Skip::Duplicate).or_default() += 1;
                    return;
                }
                ids::Verdict::Done => return,
            }
        }
        match parse_row(self.path, self.survey, layout, record, count, line) {
            Ok(Some(row)) if !self.window.contains(row.period) => {
                *tallied.skipped.entry(Skip::OutsideWindow).or_default() += answers;
            }
            Ok(Some(row)) => sink(row),
            Ok(None) if self.outside_window(record, layout) => {
                *tallied.skipped.entry(Skip::OutsideWindow).or_default() += answers;
            }
            Ok(None) => tallied.empty_scores += answers,
            Err((skip, problem)) => self.report(skip, count, *problem, tallied),
        }
    }
}

/// The line breaks in `bytes`: LF, CRLF or a lone CR.
fn line_breaks(bytes: &[u8]) -> usize {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&at| !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')))
        .count()
}

/// What to do about a record of the wrong width whose fields hold `breaks` line breaks. One that
/// runs over several lines has most likely lost a closing quote, which a later quote closed.
fn field_count_hint(breaks: usize) -> String {
    let plain = "a field with the delimiter or a line break must be in double quotes";
    if breaks == 0 {
        return plain.to_string();
    }
    format!(
        "it runs over {} lines: a quoted field in it is probably missing its closing quote, so \
         the lines after it were read into it up to the next quote; else {plain}",
        breaks + 1
    )
}

/// Where the survey's columns are among `headers` (on line `header_line`); `delimiter` is a text
/// file's, which a header of one column may be wrong about.
fn layout(
    path: &Path,
    survey: &Survey,
    headers: StringRecord,
    header_line: u64,
    delimiter: Option<u8>,
) -> Result<Layout, Vec<Problem>> {
    let mut problems = Vec::new();
    // `setting` is where the survey's table names the column, for the hint.
    let mut find = |name: &str, role: &str, setting: &str| -> Option<usize> {
        let named: Vec<usize> = (headers.iter().enumerate())
            .filter(|(_, h)| header_name(h) == name)
            .map(|(i, _)| i)
            .collect();
        if let [first, second, ..] = named[..] {
            // Taking the first would read the wrong column without a word half the time.
            problems.push(
                Problem::new(format!(
                    "the {role} column \"{name}\" is in the file's header {} times",
                    named.len()
                ))
                .at(Place::at(path, header_line, second as u64 + 1))
                .hint(format!(
                    "columns {} and {} have that name; rename one in the file so that it is \
                     clear which to read",
                    first + 1,
                    second + 1
                )),
            );
            return None;
        }
        let found = named.first().copied();
        if found.is_none() {
            // Header names are the file's text: escaped, so control characters reach no terminal.
            let known: Vec<String> = headers
                .iter()
                .map(|h| format!("\"{}\"", h.escape_debug()))
                .collect();
            let mut hint = format!(
                "the header has {}; fix the name in the survey's `{setting}` or in the file",
                known.join(", ")
            );
            match nearest(name, &headers) {
                Some((0, near)) => {
                    hint = format!(
                        "the header has \"{}\": names are matched exactly, case included; write \
                         it so in the survey's `{setting}`",
                        near.escape_debug()
                    );
                }
                Some((_, near)) => {
                    hint = format!("did you mean \"{}\"? {hint}", near.escape_debug());
                }
                None => {}
            }
            // A matrix question's text names none of its columns on its own.
            let prefix = format!("{} - ", name.trim());
            let statements: Vec<String> = (headers.iter().map(header_name))
                .filter(|h| h.starts_with(&prefix))
                .map(|h| format!("\"{}\"", h.escape_debug()))
                .collect();
            if !statements.is_empty() {
                hint = format!(
                    "the question's columns are named with their statements: {}; map the \
                     one you mean (a driver each, for a matrix question)",
                    statements.join(", ")
                );
            }
            if let (1, Some(delimiter)) = (headers.len(), delimiter) {
                hint = format!(
                    "the header has one column only: is the delimiter {} right? Set delimiter = \"...\"",
                    detect::delimiter_name(delimiter)
                );
            }
            problems.push(
                Problem::new(format!(
                    "the {role} column \"{name}\" is not in the file's header"
                ))
                .at(Place::at(path, header_line, 1))
                .hint(hint),
            );
        }
        found
    };
    let score = find(&survey.columns.score, "score", "columns");
    let date = find(&survey.columns.date, "date", "columns");
    let comment = survey
        .columns
        .comment
        .as_deref()
        .map(|c| find(c, "comment", "columns"));
    let response_id = survey
        .columns
        .response_id
        .as_deref()
        .map(|c| find(c, "response id", "columns"));
    let count = (survey.columns.count.as_ref()).map(|c| find(c.get_ref(), "count", "columns"));
    let segments: Vec<Option<usize>> = survey
        .dimensions
        .iter()
        .map(|d| {
            find(
                &d.column,
                &format!("\"{}\" dimension", d.title),
                "dimensions",
            )
        })
        .collect();
    let drivers: Vec<Option<usize>> = (survey.drivers.iter())
        .map(|d| find(&d.column, &format!("\"{}\" driver", d.title), "drivers"))
        .collect();
    let filters: Vec<Option<filters::Filter>> = filters::configured(survey)
        .map(|(column, values, keep)| {
            let setting = if keep { "only" } else { "leave_out" };
            find(column, filters::role(keep), setting)
                .map(|at| filters::Filter::new(at, values, keep))
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Layout {
        score: score.unwrap_or_default(),
        date: date.unwrap_or_default(),
        comment: comment.flatten(),
        response_id: response_id.flatten(),
        count: count.flatten(),
        segments: segments.into_iter().flatten().collect(),
        drivers: drivers.into_iter().flatten().collect(),
        filters: filters.into_iter().flatten().collect(),
        written_in: survey.date_zone().or_else(|| {
            let name = header_name(headers.get(date.unwrap_or_default())?);
            name.contains("(UTC)").then_some(chrono_tz::UTC)
        }),
        headers,
    })
}

/// The header name nearest to `name`, a column not in the header, as edits of letters in any
/// case, with their number: 0 when only case or spaces around it differ, at most a third of its
/// letters (at least one) otherwise, as rustc suggests a name.
fn nearest<'h>(name: &str, headers: &'h StringRecord) -> Option<(usize, &'h str)> {
    let name = name.trim().to_lowercase();
    let most = (name.chars().count() / 3).max(1);
    (headers.iter().map(header_name))
        .filter(|h| !h.is_empty())
        .map(|h| (strsim::levenshtein(&h.to_lowercase(), &name), h))
        .filter(|&(edits, _)| edits <= most)
        .min_by_key(|&(edits, _)| edits)
}

/// A header's name as written, without a byte-order mark or spaces around it: the name a
/// survey's configuration matches.
pub(crate) fn header_name(h: &str) -> &str {
    h.trim_start_matches('\u{feff}').trim()
}

/// The columns' names from the file's header rows: the first row, or with a statements row
/// (SurveyMonkey) the first two together.
fn column_names(survey: &Survey, mut header_rows: Vec<StringRecord>) -> StringRecord {
    match &header_rows[..] {
        [questions, statements, ..] if survey.statements_row() => {
            format::statement_names(questions, statements)
        }
        _ => header_rows.swap_remove(0),
    }
}

/// Parses one record; `Ok(None)` when the score is empty.
fn parse_row<'r>(
    path: &Path,
    survey: &Survey,
    layout: &'r Layout,
    record: Fields<'r>,
    count: u32,
    line: impl FnOnce() -> u64,
) -> Result<Option<Row<'r>>, (Skip, Box<Problem>)> {
    let place = |field: usize| field_place(path, &layout.headers, line(), field);
    let raw_score = record.get(layout.score).unwrap_or("");
    let score = match values::parse_score_text(raw_score, survey) {
        Ok(Some(score)) => score,
        Ok(None) => return Ok(None),
        Err(e) => {
            let (low, high) = survey.kind.range();
            let (skip, message) = match e {
                ScoreError::NotANumber => (
                    Skip::ScoreNotANumber,
                    format!(
                        "score \"{}\" is not a whole number",
                        raw_score.escape_debug()
                    ),
                ),
                ScoreError::OutOfRange(v) => (
                    Skip::ScoreOutOfRange,
                    format!(
                        "score {v} is outside the {} scale {low}-{high}",
                        survey.kind
                    ),
                ),
            };
            // A 6 or a 7 in a CSAT survey read on 1-5 is most likely a 1-7 scale's.
            let seven = matches!(e, ScoreError::OutOfRange(6 | 7)) && survey.kind == Kind::CSAT;
            let problem = Problem::new(message).at(place(layout.score)).hint(format!(
                "{}{} scores are whole numbers from {low} to {high}; an empty field counts as \
                 skipped, and so do the texts no_answer lists (\"Don't know\"); labelled answers \
                 need score_text = \"leading-number\" or score_labels; on_invalid = \"skip\" \
                 skips bad rows",
                if seven {
                    "answers from 1 to 7 need scale = 7 in the survey; "
                } else {
                    ""
                },
                survey.kind
            ));
            return Err((skip, Box::new(problem)));
        }
    };
    let raw_date = record.get(layout.date).unwrap_or("");
    let Some(date) = layout.day(survey, raw_date) else {
        let expected = match survey.date_format.as_deref() {
            None | Some("iso") => "ISO 8601, e.g. 2024-03-05 or 2024-03-05 14:22:10",
            Some("unix") => "seconds since 1970 (Unix time)",
            Some(other) => other,
        };
        let problem = Problem::new(format!(
            "date \"{}\" does not parse",
            raw_date.escape_debug()
        ))
        .at(place(layout.date))
        .hint(format!(
            "expected {expected}; set date_format (e.g. \"%d.%m.%Y\" or \"%m/%d/%Y %I:%M:%S %p\") for other layouts"
        ));
        return Err((Skip::BadDate, Box::new(problem)));
    };
    // Periods are counted, named and written (`2025-03`) within four-digit years.
    if !YEARS.contains(&date.year()) {
        let problem = Problem::new(format!(
            "date \"{}\" is in the year {}, outside {} to {}",
            raw_date.escape_debug(),
            date.year(),
            YEARS.start(),
            YEARS.end()
        ))
        .at(place(layout.date))
        .hint("a year this far off is a mistyped date or a date_format that does not fit the file");
        return Err((Skip::BadDate, Box::new(problem)));
    }
    let mut drivers = [0; MAX_DRIVERS];
    for (k, &field) in layout.drivers.iter().enumerate() {
        let raw = record.get(field).unwrap_or("");
        match values::parse_driver_text(raw, survey) {
            Ok(answer) => {
                let answer = answer.map_or(0, Score::get);
                drivers[k] = match survey.drivers[k].reverse && answer > 0 {
                    true => 6 - answer,
                    false => answer,
                };
            }
            Err(_) => {
                let problem = Problem::new(format!(
                    "the answer \"{}\" to driver \"{}\" is not a whole number from 1 to 5",
                    raw.escape_debug(),
                    survey.drivers[k].title
                ))
                .at(place(field))
                .hint(
                    "drivers are answered on a 1-5 scale; an empty field counts as skipped, and \
                     so do the texts no_answer lists (\"Don't know\"); answers written as text \
                     need driver_labels = { \"Strongly agree\" = 5, … } or score_text = \
                     \"leading-number\"; on_invalid = \"skip\" skips bad rows",
                );
                return Err((Skip::BadDriver, Box::new(problem)));
            }
        }
    }
    let comment = layout
        .comment
        .and_then(|i| record.get(i))
        .map(values::trim)
        .filter(|c| !c.is_empty());
    Ok(Some(Row {
        score,
        date,
        period: Period::of(date, survey.period),
        comment,
        count,
        drivers,
        record,
        segment_fields: &layout.segments,
    }))
}

/// What is wrong with a count [`values::parse_count`] refused.
fn bad_count(field: &str, error: CountError) -> Problem {
    let text = values::trim(field);
    let message = match error {
        CountError::Empty => "the count is empty".to_string(),
        CountError::TooLarge => format!(
            "count {text} is more than a row can stand for ({})",
            u32::MAX
        ),
        CountError::NotDigits => format!(
            "count \"{}\" is not a whole number in digits",
            text.escape_debug()
        ),
    };
    Problem::new(message).hint(format!(
        "each row of a tallied export stands for the number of answers in its count column, \
         written in digits only (no separators), from 0 to {}; on_invalid = \"skip\" skips bad \
         rows",
        u32::MAX
    ))
}

/// Field `field` (0-based) of the record on `line`, named by the file's header.
pub(crate) fn field_place(path: &Path, headers: &StringRecord, line: u64, field: usize) -> Place {
    Place {
        line: Some(line),
        column: Some(field as u64 + 1),
        field: headers.get(field).map(str::to_string),
        ..Place::file(path)
    }
}

const NOT_UTF8_HINT: &str =
    "save the file as \"CSV UTF-8\" from Excel, or set encoding = \"windows-1252\"";

pub(crate) fn csv_problem(path: &Path, error: &csv::Error) -> Problem {
    let line = error.position().map(|p| p.line());
    let place = Place {
        line,
        ..Place::file(path)
    };
    let (message, hint) = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            ("this record is not valid UTF-8".to_string(), NOT_UTF8_HINT)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&[u8]]) -> simd_csv::ByteRecord {
        fields.iter().collect()
    }

    #[test]
    fn fields_are_text_when_each_is_valid_utf8() {
        let r = record(&[b"Tr\xc3\xb8ndelag", b"", b"9"]);
        let fields = Fields::new(&r).unwrap();
        assert_eq!(fields.iter().collect::<Vec<_>>(), ["Trøndelag", "", "9"]);
        assert_eq!(fields.get(3), None);
    }

    #[test]
    fn a_record_of_the_wrong_width_over_several_lines_is_said_to_miss_a_quote() {
        let plain = field_count_hint(line_breaks(b"a"));
        assert!(!plain.contains("lines"), "{plain}");
        for text in ["a\nb\nc", "a\r\nb\r\nc", "a\rb\r\nc"] {
            let hint = field_count_hint(line_breaks(text.as_bytes()));
            assert!(
                hint.starts_with("it runs over 3 lines: a quoted field in it is probably missing"),
                "{text:?}: {hint}"
            );
        }
    }

    #[test]
    fn a_field_that_is_not_utf8_is_named() {
        assert_eq!(
            Fields::new(&record(&[b"a", b"b", b"caf\xe9"])).unwrap_err(),
            2
        );
        // Valid when joined ("aø b"), but the first field ends in half a character.
        assert_eq!(Fields::new(&record(&[b"a\xc3", b"\xb8 b"])).unwrap_err(), 0);
        assert_eq!(
            Fields::new(&record(&[b"a\xc3", b"", b"\xb8"])).unwrap_err(),
            0
        );
    }

    proptest::proptest! {
        /// Checking the record as a whole and its field starts finds what checking each field
        /// finds: the first field that is not UTF-8.
        #[test]
        fn fields_are_checked_as_if_one_by_one(
            fields in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(
                    vec![b'a', 0xc3, 0xb8, 0xe2, 0x82, 0xac, 0xff],
                ), 0..5),
                1..5,
            ),
        ) {
            let fields: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
            let first_invalid = fields.iter().position(|f| std::str::from_utf8(f).is_err());
            let r = record(&fields);
            match Fields::new(&r) {
                Ok(text) => {
                    proptest::prop_assert_eq!(first_invalid, None);
                    let read: Vec<&[u8]> = text.iter().map(str::as_bytes).collect();
                    proptest::prop_assert_eq!(read, fields);
                }
                Err(i) => proptest::prop_assert_eq!(Some(i), first_invalid),
            }
        }
    }

    #[test]
    fn a_record_that_is_not_utf8_is_reported_with_its_line_and_column() {
        let config = crate::config::parse(
            Path::new("cxreport.toml"),
            "title = \"T\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
             files = \"s.csv\"\non_invalid = \"skip\"\nencoding = \"utf-8\"\n\
             columns = { score = \"score\", date = \"date\", comment = \"comment\" }\n",
        )
        .unwrap();
        let mut survey = config.surveys[0].clone();
        let bytes = b"score,date,comment\n9,2024-01-02,ok\n7,2024-01-03,caf\xe9\n8,2024-01-04,\n";
        let mut rows = 0;
        let summary = read_bytes(Path::new("s.csv"), bytes, &survey, |_| rows += 1).unwrap();
        assert_eq!((rows, summary.records), (2, 3));
        assert_eq!(summary.skipped.get(&Skip::Encoding), Some(&1));
        survey.on_invalid = OnInvalid::Fail;
        let problems = read_bytes(Path::new("s.csv"), bytes, &survey, |_| {}).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let place = problems[0].place.as_ref().unwrap();
        assert_eq!((place.line, place.column), (Some(3), Some(3)));
        assert_eq!(place.field.as_deref(), Some("comment"));
    }
}
