//! What a survey file holds, column by column, and a survey table to start its configuration
//! from: `cxreport columns FILE`.
//!
//! Every record is read (with the format preset's header rows, names and date format) and each
//! column's filled fields are summed up: whole numbers and their range, dates and their span,
//! how many different values (up to [`MAX_DISTINCT`]) and how many words. From that, each column
//! gets what it looks like (a 0-10 score, 1-5 answers, dates, an id, comments, a segment), and
//! the likeliest of each gets its place in the suggested `[[survey]]` table. The file's values
//! are shown only for segments (their most frequent values): a column of e-mail addresses or
//! names is described, never quoted.

use std::fmt::Write;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate};
use csv::StringRecord;

use crate::config::{Kind, PeriodKind, Survey};
use crate::error::{Error, Result};
use crate::ingest::{self, Format};
use crate::text::{Slugger, slug};

/// Different values counted per column; past this a column has "many".
pub const MAX_DISTINCT: usize = 1000;

/// Values at most of a column of text of several words that is read as a segment (answer
/// options) rather than as comments, when each is given again and again.
const MAX_OPTIONS: usize = 100;

/// Said beside `--format qualtrics` when a file looks like a Qualtrics export: the older
/// layout has one header row fewer.
const LEGACY: &str = " (qualtrics-legacy for one from before 2017, whose third row holds answers)";

/// How the file is to be read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The survey tool it comes from.
    pub format: Option<Format>,
    /// The workbook's sheet (default: the first).
    pub sheet: Option<String>,
    /// Whether `format` was recognised from the file rather than given.
    pub recognised: bool,
}

impl Options {
    /// These options, with the format of the tool whose export `path` is when none is given and
    /// its first rows confirm it ([`Format::confirm`]).
    pub fn recognising(mut self, path: &Path) -> Options {
        if self.format.is_none() {
            self.format = Format::confirm(&ingest::first_rows(path, &reading(&self), 3));
            self.recognised = self.format.is_some();
        }
        self
    }

    /// What the file was read as, when its format was recognised rather than given: "as an
    /// export from Qualtrics, as its header says (format = "qualtrics")".
    pub fn recognition(&self) -> Option<String> {
        let format = self.format.filter(|_| self.recognised)?;
        Some(format!(
            "as an export from {}, as its header says (format = \"{}\")",
            format.tool(),
            format.name()
        ))
    }
}

/// What a column's filled fields look like.
#[derive(Debug, Clone, PartialEq)]
pub enum Looks {
    /// No field is filled.
    Empty,
    /// Whole numbers from 0 to 10, some 9 or 10: an NPS or eNPS score.
    Scores0To10 {
        /// The smallest.
        low: i64,
        /// The largest.
        high: i64,
        /// How they are written: numbers, or numbers before labels.
        written: Written,
    },
    /// Answers from 1 to 5, three points apart or more: a CSAT score, or a question asked
    /// beside the score.
    Answers1To5 {
        /// The smallest.
        low: i64,
        /// The largest.
        high: i64,
        /// How they are written: numbers, numbers before labels, or labels alone.
        written: Written,
    },
    /// Answers from 1 to 7, some 6 or 7: a CSAT score on a 1-7 scale (`scale = 7`).
    Answers1To7 {
        /// The smallest.
        low: i64,
        /// The largest.
        high: i64,
        /// How they are written: numbers, or numbers before labels.
        written: Written,
    },
    /// Other whole numbers.
    Numbers {
        /// The smallest.
        low: i64,
        /// The largest.
        high: i64,
    },
    /// Dates.
    Dates {
        /// The first day.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
        /// Every one a time with its zone or offset (`2024-03-05T14:22:10Z`).
        zoned: bool,
        /// How they are written, when a survey needs it set (`date_format`): not ISO and not
        /// as the format preset writes them.
        format: Option<&'static str>,
        /// Another way that reads every one of them (day and month swapped, when no day is
        /// past the 12th).
        or: Option<&'static str>,
        /// The rounds the answers came in, when they came in rounds months apart (a pulse
        /// survey) rather than day after day.
        rounds: Option<Rounds>,
    },
    /// Text of a word or so, each field different: an id, a name or an address.
    Unique,
    /// Text of a word or so with more than [`MAX_DISTINCT`] different values.
    Many,
    /// Text of several words: comments.
    Comments {
        /// Words per field, on average.
        words: f64,
    },
    /// A few values, each given many times: a segment.
    Values {
        /// The values, most frequent first.
        values: Vec<(String, u64)>,
    },
}

/// How a column's scores or answers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Whole numbers.
    Numbers,
    /// Whole numbers before labels, some of them (`10 - Extremely likely`): read with
    /// `score_text = "leading-number"`.
    NumbersBeforeLabels,
    /// The texts of one of [`LABELLED_SCALES`] (its index): read with `score_labels` or
    /// `driver_labels`.
    Labels(usize),
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name, as a survey's `columns`, `dimensions` and `drivers` name it (untrusted).
    pub name: String,
    /// Its question's text, when the export has a row of them beside the names (Qualtrics:
    /// `Q1` asks "How likely are you to recommend us?"; untrusted).
    pub question: Option<String>,
    /// Its statement, when the export names a matrix question's statements in a row of their
    /// own (SurveyMonkey: `Price` under "How would you rate our:"; untrusted).
    pub statement: Option<String>,
    /// Fields filled.
    pub filled: u64,
    /// The first filled field, cut at 40 characters (untrusted).
    pub first: Option<String>,
    /// The texts among its fields that say the question was not answered, such as "Don't
    /// know", each once as first written (untrusted).
    pub no_answer: Vec<String>,
    /// What they look like.
    pub looks: Looks,
}

/// The longest example of a column's fields shown.
const EXAMPLE_CHARS: usize = 40;

impl Column {
    /// Its question's text where the export has it, its name otherwise: a dimension's title.
    fn question_words(&self) -> &str {
        self.question.as_deref().unwrap_or(&self.name)
    }

    /// Its statement's own words: a driver's title.
    fn statement_words(&self) -> &str {
        (self.statement.as_deref()).unwrap_or_else(|| statement(self.question_words()))
    }
}

/// A file described column by column.
#[derive(Debug, Clone)]
pub struct Description {
    /// How the file was read.
    pub table: ingest::Table,
    /// Its columns, in the file's order.
    pub columns: Vec<Column>,
}

/// Sums of one column's filled fields, gathered record by record.
#[derive(Debug, Default)]
struct Tally {
    filled: u64,
    /// Fields that are whole numbers, and their range.
    numbers: u64,
    /// Of those, the ones written before a label (`10 - Extremely likely`).
    before_labels: u64,
    low: i64,
    high: i64,
    /// The ways of writing dates that read every field so far (none once a field reads as no
    /// date), with the span each gives; the survey's own way (ISO, or the preset's) first.
    readings: Vec<Reading>,
    words: u64,
    /// Fields that are times with their zone or offset (`2024-03-05T14:22:10Z`).
    zoned: u64,
    /// Each value's count, while there are at most `MAX_DISTINCT`.
    values: foldhash::HashMap<String, u64>,
    /// More values than `MAX_DISTINCT`.
    many: bool,
    /// The first filled field, to show as an example.
    first: Option<String>,
    /// Fields that say the question was not answered ([`NO_ANSWER`]), and those texts as
    /// written, each once.
    no_answers: u64,
    no_answer: Vec<String>,
}

impl Tally {
    fn add(&mut self, field: &str, date_format: Option<&str>) {
        let field = field.trim();
        if field.is_empty() {
            return;
        }
        self.filled += 1;
        if self.filled == 1 {
            self.first = Some(field.chars().take(EXAMPLE_CHARS).collect());
            self.readings = (std::iter::once(None))
                .chain(DATE_FORMATS.iter().copied().map(Some))
                .map(|format| Reading {
                    format,
                    days: Days::default(),
                })
                .collect();
        }
        if is_no_answer_text(field) {
            self.no_answers += 1;
            if !self.no_answer.iter().any(|t| t.eq_ignore_ascii_case(field)) {
                self.no_answer.push(field.to_owned());
            }
        }
        // A label has a letter: `1-2` is a range, not a number before its label.
        let before_label = || {
            let digits = ingest::number_before_label(field)?;
            field[digits.len()..]
                .contains(char::is_alphabetic)
                .then(|| digits.parse().ok())?
        };
        let number = whole_number(field).map(|n| (n, false));
        if let Some((n, labelled)) = number.or_else(|| before_label().map(|n| (n, true))) {
            (self.low, self.high) = match self.numbers {
                0 => (n, n),
                _ => (self.low.min(n), self.high.max(n)),
            };
            self.numbers += 1;
            self.before_labels += u64::from(labelled);
        }
        // Numbers too: Delighted writes its dates as seconds since 1970. A day before 1990 is
        // a misreading (`%Y` reads `24` as the year 24, seconds read a score as 1970).
        self.readings.retain_mut(|reading| {
            let day = ingest::parse_date(field, reading.format.or(date_format));
            let day = day.filter(|day| day.year() >= 1990);
            day.map(|day| reading.days.insert(day)).is_some()
        });
        if !self.readings.is_empty() && DateTime::parse_from_rfc3339(field).is_ok() {
            self.zoned += 1;
        }
        // ASCII spaces only: decoding every character of every field took a tenth of the time.
        self.words += field.split_ascii_whitespace().count() as u64;
        if !self.many {
            if let Some(count) = self.values.get_mut(field) {
                *count += 1;
            } else if self.values.len() < MAX_DISTINCT {
                self.values.insert(field.to_owned(), 1);
            } else {
                self.many = true;
            }
        }
    }

    fn looks(self) -> Looks {
        if self.filled == 0 {
            return Looks::Empty;
        }
        if let [reading, rest @ ..] = &self.readings[..]
            && let (Some(first), Some(last)) = (reading.days.iter().next(), reading.days.last())
        {
            return Looks::Dates {
                first,
                last,
                rounds: Rounds::of(reading.days.iter().map(|day| (day, day))),
                zoned: self.zoned == self.filled,
                format: reading.format,
                or: rest
                    .first()
                    .and_then(|r| r.format)
                    .filter(|_| reading.format.is_some()),
            };
        }
        // Scores and answers may have "Don't know" among them.
        if self.numbers > 0 && self.numbers + self.no_answers == self.filled {
            let written = match self.before_labels {
                0 => Written::Numbers,
                _ => Written::NumbersBeforeLabels,
            };
            match (self.low, self.high) {
                // Some 9s or 10s: a 1-7 or 0-6 scale is not NPS.
                (low @ 0.., high @ 9..=10) => return Looks::Scores0To10 { low, high, written },
                // At least three points of the scale: a yes/no or a constant is not one.
                (low @ 1.., high @ ..=5) if high - low >= 2 => {
                    return Looks::Answers1To5 { low, high, written };
                }
                (low @ 1..=3, high @ 6..=7) => return Looks::Answers1To7 { low, high, written },
                (low, high) if written == Written::Numbers => return Looks::Numbers { low, high },
                // Numbered labels of another scale: text.
                _ => {}
            }
        }
        if let Some((scale, low, high)) = self.labelled_scale() {
            return Looks::Answers1To5 {
                low,
                high,
                written: Written::Labels(scale),
            };
        }
        let words = self.words as f64 / self.filled as f64;
        // Comments run to several words; a few different values given again and again are
        // segments, however many words each has.
        let repeated = !self.many && self.values.len() <= MAX_OPTIONS;
        let few = repeated && (self.values.len() as u64) * 2 <= self.filled;
        let different = self.many || self.unique();
        if words >= 5.0 || words >= 3.0 && !few || words >= 2.0 && different && self.filled >= 3 {
            return Looks::Comments { words };
        }
        if self.many {
            return Looks::Many;
        }
        if self.unique() {
            return Looks::Unique;
        }
        let mut values: Vec<(String, u64)> = self.values.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Looks::Values { values }
    }

    /// The scale of [`LABELLED_SCALES`] whose texts every value is (in any case), with the
    /// lowest and highest points given, when they are three points apart or more.
    fn labelled_scale(&self) -> Option<(usize, i64, i64)> {
        if self.many || self.values.is_empty() {
            return None;
        }
        LABELLED_SCALES.iter().enumerate().find_map(|(i, scale)| {
            let points: Option<Vec<i64>> = (self.values.keys())
                .filter(|value| !is_no_answer_text(value))
                .map(|value| label_point(scale, value))
                .collect();
            let points = points?;
            let (low, high) = (*points.iter().min()?, *points.iter().max()?);
            (high - low >= 2).then_some((i, low, high))
        })
    }

    /// Every filled field different from the others, and more than one of them.
    fn unique(&self) -> bool {
        self.filled > 1 && !self.many && self.values.len() as u64 == self.filled
    }
}

/// Answer texts of 1–5 scales as survey tools write them in exports of choice texts, point by
/// point from 1, each point's usual spellings. Satisfaction and agreement in English,
/// Norwegian, Swedish and Danish.
pub const LABELLED_SCALES: [[&[&str]; 5]; 6] = [
    [
        &["Very dissatisfied", "Extremely dissatisfied"],
        &["Dissatisfied", "Somewhat dissatisfied"],
        &["Neither satisfied nor dissatisfied", "Neutral"],
        &["Satisfied", "Somewhat satisfied"],
        &["Very satisfied", "Extremely satisfied"],
    ],
    [
        &["Strongly disagree"],
        &["Disagree", "Somewhat disagree"],
        &["Neither agree nor disagree", "Neutral"],
        &["Agree", "Somewhat agree"],
        &["Strongly agree"],
    ],
    [
        &["Svært misfornøyd", "Veldig misfornøyd"],
        &["Misfornøyd"],
        &["Verken fornøyd eller misfornøyd", "Nøytral"],
        &["Fornøyd"],
        &["Svært fornøyd", "Veldig fornøyd"],
    ],
    [
        &["Mycket missnöjd"],
        &["Missnöjd", "Ganska missnöjd"],
        &["Varken nöjd eller missnöjd", "Neutral"],
        &["Nöjd", "Ganska nöjd"],
        &["Mycket nöjd"],
    ],
    [
        &["Meget utilfreds"],
        &["Utilfreds"],
        &["Hverken tilfreds eller utilfreds", "Neutral"],
        &["Tilfreds"],
        &["Meget tilfreds"],
    ],
    // Norwegian and Danish agree in all but the middle.
    [
        &["Helt uenig"],
        &["Uenig", "Delvis uenig"],
        &[
            "Verken enig eller uenig",
            "Hverken enig eller uenig",
            "Nøytral",
            "Neutral",
        ],
        &["Enig", "Delvis enig"],
        &["Helt enig"],
    ],
];

/// Answers that say the question was not answered, as survey tools and spreadsheets write them:
/// a score or answer column may have them among its numbers or labels (read with `no_answer`).
const NO_ANSWER: [&str; 13] = [
    "Don't know",
    "Do not know",
    "N/A",
    "NA",
    "Not applicable",
    "Prefer not to say",
    "Vet ikke",
    "Ikke relevant",
    "Ikke aktuelt",
    "Vet ej",
    "Ej aktuellt",
    "Vet inte",
    "Ved ikke",
];

/// Whether `field` is one of [`NO_ANSWER`], as the reader tells a `no_answer` text.
fn is_no_answer_text(field: &str) -> bool {
    ingest::is_one_of(field, NO_ANSWER)
}

/// The point (1–5) of `value` on `scale`, matched as the reader matches `score_labels` (in
/// any ASCII case), so that a scale found here is one the suggested labels read.
fn label_point(scale: &[&[&str]; 5], value: &str) -> Option<i64> {
    let value = value.trim();
    (1..).zip(scale).find_map(|(point, spellings)| {
        (spellings.iter())
            .any(|s| s.eq_ignore_ascii_case(value))
            .then_some(point)
    })
}

/// A whole number, also as Excel in a Nordic locale writes it (`9,0`) or as `9.0`.
fn whole_number(field: &str) -> Option<i64> {
    let whole = (field.strip_suffix(",0"))
        .or_else(|| field.strip_suffix(".0"))
        .unwrap_or(field);
    whole.parse().ok()
}

/// Ways of writing dates other than ISO that exports write (Google Forms and Excel in a
/// user's locale, US tools): tried on a column whose fields are not ISO dates; ISO last, for a
/// preset that writes dates its own way.
const DATE_FORMATS: [&str; 16] = [
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%d-%m-%Y",
    "iso",
];

/// A way of writing dates, and the days it read.
#[derive(Debug)]
struct Reading {
    /// `None`: as the survey reads them unset (ISO, or the format preset's way).
    format: Option<&'static str>,
    days: Days,
}

/// The days with an answer: a bit a day from 1 January 1990, as no earlier day is taken for a
/// date (1.6 KiB for the years to 2025). A set of days would cost a search per field.
#[derive(Debug, Default)]
struct Days(Vec<u64>);

impl Days {
    const FIRST: NaiveDate = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();

    fn insert(&mut self, day: NaiveDate) {
        let Ok(i) = usize::try_from((day - Self::FIRST).num_days()) else {
            return;
        };
        if i / 64 >= self.0.len() {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// The days, in order.
    fn iter(&self) -> impl DoubleEndedIterator<Item = NaiveDate> + '_ {
        (self.0.iter().enumerate())
            .flat_map(|(word, &bits)| {
                (0..64)
                    .filter(move |bit| bits & 1 << bit != 0)
                    .map(move |bit| word * 64 + bit)
            })
            .map(|i| Self::FIRST + chrono::Days::new(i as u64))
    }

    fn last(&self) -> Option<NaiveDate> {
        self.iter().next_back()
    }
}

/// Answers that came in rounds, each a few weeks long, months apart: a pulse survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounds {
    /// How many.
    pub count: usize,
    /// Days from one round's first day to the next one's, the median.
    pub apart: i64,
    /// Rounds that run across two of the periods [`Rounds::period`] gives, and so count in
    /// both.
    pub across: usize,
}

impl Rounds {
    /// Days in a row without an answer that end a round.
    pub const QUIET_DAYS: i64 = 21;
    /// The longest a round lasts, first day to last.
    pub const LONGEST_DAYS: i64 = 45;
    /// The fewest days between rounds' first days, the median: monthly and two-monthly rounds
    /// are read by month (a quarter would hold two of the latter now and then).
    pub const FEWEST_DAYS_APART: i64 = 75;

    /// The rounds that `spans` of days with answers (first and last day, in order) fall in,
    /// when they fall in rounds: at least two, none longer than [`Self::LONGEST_DAYS`], at
    /// least [`Self::FEWEST_DAYS_APART`] apart. A span is a day, or a period with answers; a
    /// round of periods may last one period longer, as one across two months spans both.
    pub fn of(spans: impl IntoIterator<Item = (NaiveDate, NaiveDate)>) -> Option<Rounds> {
        // Each round's first and last day, and the longest span's length, 0 for days.
        let mut rounds: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        let mut longest_span = 0;
        for (first, last) in spans {
            longest_span = longest_span.max((last - first).num_days());
            match rounds.last_mut() {
                // The days between them are quiet.
                Some((_, end)) if (first - *end).num_days() - 1 < Self::QUIET_DAYS => *end = last,
                _ => rounds.push((first, last)),
            }
        }
        let short = |&(first, last): &(NaiveDate, NaiveDate)| {
            (last - first).num_days() < Self::LONGEST_DAYS + longest_span
        };
        if rounds.len() < 2 || !rounds.iter().all(short) {
            return None;
        }
        let mut apart: Vec<i64> = (rounds.windows(2))
            .map(|pair| (pair[1].0 - pair[0].0).num_days())
            .collect();
        apart.sort_unstable();
        let apart = apart[apart.len() / 2];
        if apart < Self::FEWEST_DAYS_APART {
            return None;
        }
        let mut found = Rounds {
            count: rounds.len(),
            apart,
            across: 0,
        };
        let period = |day| crate::period::Period::of(day, found.period());
        found.across = (rounds.iter())
            .filter(|&&(first, last)| period(first) != period(last))
            .count();
        Some(found)
    }

    /// The period that holds one round: a quarter for rounds a quarter or half a year apart, a
    /// year for yearly ones.
    pub fn period(&self) -> PeriodKind {
        match self.apart {
            ..300 => PeriodKind::Quarter,
            _ => PeriodKind::Year,
        }
    }

    /// "about 3 months apart".
    pub fn apart_words(&self) -> String {
        let months = (self.apart as f64 / (365.25 / 12.0)).round() as i64;
        format!("about {months} months apart")
    }

    /// "12 rounds about 3 months apart".
    fn words(&self) -> String {
        format!("{} rounds {}", self.count, self.apart_words())
    }
}

/// Reads `path` and describes its columns, reporting the progress of reading a large file.
pub fn describe(
    path: &Path,
    options: &Options,
    progress: Option<&dyn ingest::Progress>,
) -> Result<Description> {
    let survey = reading(options);
    let date_format = survey.date_format.as_deref();
    let mut tallies: Vec<Tally> = Vec::new();
    let table = ingest::read_table(path, &survey, progress, |record: &StringRecord| {
        if tallies.len() < record.len() {
            tallies.resize_with(record.len(), Tally::default);
        }
        for (tally, field) in tallies.iter_mut().zip(record) {
            tally.add(field, date_format);
        }
    })
    .map_err(Error::Input)?;
    tallies.resize_with(table.names.len().max(tallies.len()), Tally::default);
    let columns = (tallies.into_iter().enumerate())
        .map(|(i, mut tally)| Column {
            name: ingest::header_name(table.names.get(i).unwrap_or("")).to_owned(),
            question: (table.questions.as_ref())
                .and_then(|q| q.get(i))
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned),
            statement: (table.statements.as_ref())
                .and_then(|row| ingest::statement(row.get(i)?))
                .map(str::to_owned),
            filled: tally.filled,
            first: tally.first.take(),
            no_answer: std::mem::take(&mut tally.no_answer),
            looks: tally.looks(),
        })
        .collect();
    Ok(Description { table, columns })
}

/// A survey that reads a file as `options` say, for its reading settings only.
fn reading(options: &Options) -> Survey {
    let mut table = toml::Table::new();
    for (key, value) in [("id", "file"), ("title", "File"), ("kind", "nps")] {
        table.insert(key.into(), value.into());
    }
    table.insert("files".into(), toml::Value::Array(Vec::new()));
    let mut columns = toml::Table::new();
    columns.insert("score".into(), "".into());
    columns.insert("date".into(), "".into());
    table.insert("columns".into(), columns.into());
    if let Some(format) = options.format {
        table.insert("format".into(), format.name().into());
        // As loading a configuration does: the preset's date format unless one is set.
        if let Some(date_format) = format.preset().date_format {
            table.insert("date_format".into(), date_format.into());
        }
    }
    if let Some(sheet) = &options.sheet {
        table.insert("sheet".into(), sheet.as_str().into());
    }
    table
        .try_into()
        .expect("the reading settings make a valid survey")
}

impl Description {
    /// The file and its columns in words, then the suggested survey table; `shown` is the
    /// file's path as the user wrote it, which the table's `files` repeats.
    pub fn text(&self, shown: &Path, options: &Options) -> String {
        let mut out = String::new();
        let texts = crate::locale::Locale::En.texts();
        let _ = writeln!(
            out,
            "{}: {}, {} header row{}, {} record{}\n",
            shown.display(),
            crate::report::SourceReport::from(&self.table.source),
            self.table.header_rows,
            plural(self.table.header_rows as u64),
            texts.count(self.table.records),
            plural(self.table.records),
        );
        match (
            options.recognition(),
            options.format,
            Format::recognise(&self.table.names),
        ) {
            (Some(recognition), _, _) => {
                let _ = writeln!(
                    out,
                    "Read {recognition}: its header rows, columns and dates as that tool writes \
                     them; --format reads it as another tool's.\n"
                );
            }
            (None, None, Some(format)) => {
                let legacy = match format {
                    Format::Qualtrics => LEGACY,
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "This looks like an export from {}: with --format {}{legacy} its header \
                     rows, columns and dates are read as that tool writes them.\n",
                    format.tool(),
                    format.name()
                );
            }
            _ => {}
        }
        let width = self.columns.len().to_string().len();
        for (i, column) in self.columns.iter().enumerate() {
            let unmappable = match self.sharing_name(column) {
                0 => " (no name: name it in the file to map it)".to_string(),
                1 => String::new(),
                n => format!(" (the name of {n} columns: rename them in the file to map one)"),
            };
            let question = match &column.question {
                Some(question) if *question != column.name => {
                    format!(" (\"{}\")", question.escape_debug())
                }
                _ => String::new(),
            };
            let no_answer = match &column.no_answer[..] {
                texts @ [_, ..] if column.looks.written().is_some() => {
                    let texts: Vec<String> = (texts.iter())
                        // Escaped as Rust's `Debug` escapes text: "Don't" keeps its quote.
                        .map(|t| format!("{t:?}"))
                        .collect();
                    format!(" (and {} for no answer)", texts.join(" or "))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{:>width$}  \"{}\"{question}: {} filled, {}{no_answer}{unmappable}",
                i + 1,
                column.name.escape_debug(),
                texts.count(column.filled),
                looks_words(&column.looks),
            );
        }
        if let Some(ingest::Ragged {
            records: n,
            first_line: line,
        }) = self.table.ragged
        {
            let (records, have) = match n {
                1 => ("1 record".to_string(), "has"),
                n => (format!("{} records", texts.count(n)), "have"),
            };
            let _ = writeln!(
                out,
                "\n{records} (the first on line {line}) {have} more or fewer fields than the \
                 header's {}: a delimiter or a line break inside a field without quotes around \
                 it? `cxreport check` lists each.",
                self.table.names.len()
            );
        }
        if let Some(note) = self.personal_note() {
            let _ = writeln!(out, "\n{note}");
        }
        let _ = writeln!(
            out,
            "\nA survey to start from (check the kind, the titles and the dimensions; \
             `cxreport check` then reads the file with it):\n"
        );
        out.push_str(&self.suggestion(shown, options));
        out
    }

    /// What to know about the file's personal data, if it has columns of it.
    pub fn personal_note(&self) -> Option<String> {
        let personal = self.personal();
        if personal.is_empty() {
            return None;
        }
        let names: Vec<String> = (personal.iter())
            .map(|name| format!("\"{}\"", name.escape_debug()))
            .collect();
        Some(format!(
            "Personal data: {} {} filled. The survey below never reads {}, but keep the file \
             itself out of public places (a public repository, the published site).",
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" },
            if names.len() == 1 { "it" } else { "them" },
        ))
    }

    /// The filled columns whose names say they hold personal data (e-mail addresses, names,
    /// IP addresses, phone numbers), which no survey table here maps.
    pub fn personal(&self) -> Vec<&str> {
        (self.columns.iter())
            .filter(|c| c.filled > 0 && names_personal_data(&c.name))
            .map(|c| c.name.as_str())
            .collect()
    }

    /// How many columns have `column`'s name; 0 when it has none.
    fn sharing_name(&self, column: &Column) -> usize {
        if column.name.is_empty() {
            return 0;
        }
        (self.columns.iter())
            .filter(|c| c.name == column.name)
            .count()
    }

    /// A `[[survey]]` table that reads the file from where `shown` says it is.
    pub fn suggestion(&self, shown: &Path, options: &Options) -> String {
        let stem = shown.file_stem().map(|s| s.to_string_lossy().into_owned());
        let files = shown.to_string_lossy();
        (self.mapping(options)).table(&stem.unwrap_or_default(), &files, options)
    }

    /// The likeliest score, date, comment and id columns, segments as dimensions, and 1-5
    /// answers beside a 0-10 score as drivers.
    pub fn mapping(&self, options: &Options) -> Mapping<'_> {
        let preset = options.format.map(Format::preset);
        // A column without a name, or whose name others have too, cannot be mapped; personal
        // data is never mapped.
        let columns: Vec<&Column> = (self.columns.iter())
            .filter(|c| self.sharing_name(c) == 1 && !names_personal_data(&c.name))
            .collect();
        let columns = || columns.iter().copied();
        let named = |name: Option<&str>, fits: fn(&Looks) -> bool| {
            let name = name?;
            columns().find(|c| c.name == name && fits(&c.looks))
        };
        let first = |fits: fn(&Looks) -> bool| columns().find(|c| fits(&c.looks));
        // The question that asks about recommending, if one of several does.
        let nps = (columns())
            .find(|c| c.looks.is_score() && mentions_recommending(&c.name))
            .or_else(|| first(Looks::is_score));
        let (kind, score) = match nps {
            Some(column) if asks_employees(&column.name) => (Kind::Enps, Some(column)),
            Some(column) => (Kind::Nps, Some(column)),
            // 1-5 or 1-7 answers are a CSAT score; with no score at all, NPS is the likeliest
            // survey.
            None => match (first(Looks::is_answers), first(Looks::is_seven_point)) {
                (Some(column), _) => (Kind::CSAT, Some(column)),
                (None, Some(column)) => (Kind::Csat { points: 7 }, Some(column)),
                (None, None) => (Kind::Nps, None),
            },
        };
        let is_date = |l: &Looks| matches!(l, Looks::Dates { .. });
        // The tool's own date column, even written in a way no format here reads (Google
        // Forms' depends on the form owner's locale): it is the date, and never a comment.
        let date = named(preset.and_then(|p| p.date), is_date)
            .or_else(|| named(preset.and_then(|p| p.date), |l| *l != Looks::Empty))
            .or_else(|| first(is_date));
        // A tallied export: each row stands for its count's answers, and has no comment or id.
        let count = columns()
            .find(|c| matches!(c.looks, Looks::Numbers { low: 0.., .. }) && names_a_count(&c.name));
        let is_id = |l: &Looks| matches!(l, Looks::Unique | Looks::Many | Looks::Numbers { .. });
        let response_id = named(preset.and_then(|p| p.response_id), is_id)
            .or_else(|| columns().find(|c| is_id(&c.looks) && names_an_id(&c.name)))
            .filter(|_| count.is_none());
        let comment = columns()
            .filter(|c| matches!(c.looks, Looks::Comments { .. }))
            .filter(|c| !date.is_some_and(|d| std::ptr::eq(*c, d)))
            .max_by_key(|c| c.filled)
            .filter(|_| count.is_none());
        let leave_out = columns().find_map(not_answers);
        let only = columns().find_map(finished);
        let used = |c: &Column| {
            let filters = [leave_out.as_ref(), only.as_ref()].map(|f| f.map(|f| f.column));
            ([score, date, response_id, comment, count]
                .iter()
                .chain(&filters))
            .any(|u| u.is_some_and(|u| std::ptr::eq(u, c)))
        };
        let dimensions: Vec<&Column> = columns()
            .filter(|c| !used(c))
            // Values given again and again (an agent's id too), not one each.
            .filter(|c| match &c.looks {
                Looks::Values { values } => {
                    values.len() >= 2 && values.len() as u64 * 2 <= c.filled
                }
                _ => false,
            })
            .collect();
        // Qualtrics' NPS group (1-3) is the score again, not a question.
        let drivers: Vec<&Column> = columns()
            .filter(|c| !used(c) && c.looks.is_answers())
            .filter(|c| !c.name.ends_with("_NPS_GROUP"))
            .take(crate::config::MAX_DRIVERS)
            .filter(|_| !kind.is_share())
            .collect();
        Mapping {
            kind,
            score,
            date,
            response_id,
            comment,
            count,
            dimensions,
            drivers,
            leave_out,
            only,
        }
    }
}

/// A filter `columns` suggests: a column, the values named, and the rows they leave out.
#[derive(Debug)]
pub struct Filter<'a> {
    column: &'a Column,
    values: Vec<&'a str>,
    rows: u64,
}

/// Qualtrics' `Status` of a response that is not an answer: a test from the survey's preview,
/// or one Qualtrics flagged as spam.
const NOT_ANSWERS: [&str; 2] = ["Survey Preview", "Spam"];

/// A `leave_out` filter for a Qualtrics `Status` column holding previews or spam.
fn not_answers(column: &Column) -> Option<Filter<'_>> {
    let Looks::Values { values } = &column.looks else {
        return None;
    };
    let named: Vec<&(String, u64)> = (values.iter())
        .filter(|(value, _)| NOT_ANSWERS.iter().any(|n| n.eq_ignore_ascii_case(value)))
        .collect();
    (column.name == "Status" && !named.is_empty()).then(|| Filter {
        column,
        values: named.iter().map(|(value, _)| value.as_str()).collect(),
        rows: named.iter().map(|(_, n)| n).sum(),
    })
}

/// An `only` filter for a `Finished` column (Qualtrics, Formbricks) with unfinished responses:
/// `True`/`False`, `Yes`/`No`, or the numeric download's 1 and 0.
fn finished(column: &Column) -> Option<Filter<'_>> {
    if column.name != "Finished" {
        return None;
    }
    let is = |words: [&str; 2], value: &str| words.iter().any(|w| w.eq_ignore_ascii_case(value));
    match &column.looks {
        Looks::Values { values } => {
            let unfinished: u64 = (values.iter())
                .filter(|(value, _)| is(["False", "No"], value))
                .map(|(_, n)| n)
                .sum();
            let finished: Vec<&str> = (values.iter())
                .filter(|(value, _)| is(["True", "Yes"], value))
                .map(|(value, _)| value.as_str())
                .collect();
            (unfinished > 0 && !finished.is_empty()).then_some(Filter {
                column,
                values: finished,
                rows: unfinished,
            })
        }
        // Both 0 and 1 occur; how many are 0 is not kept.
        Looks::Numbers { low: 0, high: 1 } => Some(Filter {
            column,
            values: vec!["1"],
            rows: 0,
        }),
        _ => None,
    }
}

/// The columns a survey reading the file would map, as [`Description::mapping`] guesses them.
#[derive(Debug)]
pub struct Mapping<'a> {
    /// The survey's kind, by its score's scale and the question's words.
    pub kind: Kind,
    score: Option<&'a Column>,
    date: Option<&'a Column>,
    response_id: Option<&'a Column>,
    comment: Option<&'a Column>,
    count: Option<&'a Column>,
    dimensions: Vec<&'a Column>,
    drivers: Vec<&'a Column>,
    leave_out: Option<Filter<'a>>,
    only: Option<Filter<'a>>,
}

impl Mapping<'_> {
    /// What no column looks like, of the score and the date a survey must read: `None` when
    /// both were found, so the survey reads the file as it is.
    pub fn missing(&self) -> Option<&'static str> {
        match (self.score, self.date) {
            (Some(_), Some(_)) => None,
            (None, Some(_)) => Some("the score"),
            (Some(_), None) => Some("the date"),
            (None, None) => Some("the score or the date"),
        }
    }

    /// The date column, when it holds dates written in a way no format here reads: the survey
    /// then needs its `date_format` set by hand.
    pub fn unread_date(&self) -> Option<&Column> {
        self.date
            .filter(|c| !matches!(c.looks, Looks::Dates { .. }))
    }

    /// The survey's id for a file named `name` (its stem).
    pub fn id(name: &str) -> String {
        slug(name)
    }

    /// The `[[survey]]` table, for a file named `name` (its stem) and found at `files` from
    /// the configuration.
    pub fn table(&self, name: &str, files: &str, options: &Options) -> String {
        let Mapping {
            kind,
            score,
            date,
            response_id,
            comment,
            count,
            ref dimensions,
            ref drivers,
            ref leave_out,
            ref only,
        } = *self;
        let mut notes: Vec<String> = Vec::new();
        let mut out = String::from("[[survey]]\n");
        let mut line = |key: &str, value: String| {
            let _ = writeln!(out, "{key} = {value}");
        };
        line("id", quoted(&Mapping::id(name)));
        line("title", quoted(&title(name)));
        // The configuration's word for it: nps, enps, csat.
        line("kind", quoted(&kind.metric().to_lowercase()));
        if kind == (Kind::Csat { points: 7 }) {
            line("scale", "7".into());
        }
        // `files` is a pattern: a name with `[`, `*` or `?` in it is matched as written.
        line("files", quoted(&glob::Pattern::escape(files)));
        if let Some(format) = options.format {
            line("format", quoted(format.name()));
        }
        if let Some(sheet) = &options.sheet {
            line("sheet", quoted(sheet));
        }
        let mut columns = vec![
            format!("score = {}", quoted(score.map_or("?", |c| &c.name))),
            format!("date = {}", quoted(date.map_or("?", |c| &c.name))),
        ];
        let mapped = [
            ("comment", comment),
            ("response_id", response_id),
            ("count", count),
        ];
        for (key, column) in mapped {
            if let Some(column) = column {
                columns.push(format!("{key} = {}", quoted(&column.name)));
            }
        }
        line("columns", format!("{{ {} }}", columns.join(", ")));
        // Answers written as labels: the score's and the drivers' (whose labels are one table).
        let written = |c: &&Column| c.looks.written();
        let answers = || score.iter().chain(drivers);
        if answers().any(|c| written(c) == Some(Written::NumbersBeforeLabels)) {
            line("score_text", quoted("leading-number"));
        }
        if let Some(Written::Labels(scale)) = score.as_ref().and_then(written) {
            line("score_labels", labels_table(&[scale]));
        }
        let scales: Vec<usize> = (drivers.iter())
            .filter_map(|c| match written(c) {
                Some(Written::Labels(scale)) => Some(scale),
                _ => None,
            })
            .collect();
        if !scales.is_empty() {
            line("driver_labels", labels_table(&scales));
        }
        let mut no_answer: Vec<&str> = Vec::new();
        for text in answers().flat_map(|c| &c.no_answer) {
            if !no_answer.iter().any(|t| t.eq_ignore_ascii_case(text)) {
                no_answer.push(text);
            }
        }
        if !no_answer.is_empty() {
            let texts: Vec<String> = no_answer.iter().map(|t| quoted(t)).collect();
            line("no_answer", format!("[{}]", texts.join(", ")));
        }
        if let Some(date) = self.unread_date() {
            line("date_format", quoted("?"));
            notes.push(format!(
                "# The dates in \"{}\"{} are not written in a way cxreport reads unset: where \
                 the \"?\" is, write how they are written as a chrono format, such as \
                 \"%d.%m.%Y %H:%M:%S\" or \"%m/%d/%Y %I:%M:%S %p\" (docs/formats.md, Dates).",
                // Escaped as the example is: a line break would end the comment.
                date.name.escape_debug(),
                date.first.as_ref().map_or(String::new(), |first| format!(
                    ", such as \"{}\",",
                    first.escape_debug()
                ))
            ));
        }
        if let Some(Looks::Dates {
            format, or, zoned, ..
        }) = date.map(|c| &c.looks)
        {
            if let Some(format) = format {
                line("date_format", quoted(format));
            }
            // Times that name their moment: counted on the day they are written in (UTC) until
            // the report has a time zone of its own.
            let preset_unix = options.format.and_then(|f| f.preset().date_format) == Some("unix");
            let in_utc = date.is_some_and(|c| c.name.contains("(UTC)"));
            if *zoned || preset_unix || in_utc {
                notes.push(
                    "# The dates are times in UTC or with their offset: timezone = \"Europe/Oslo\" \
                     (your zone) at the top of the configuration counts each answer on its day \
                     there."
                        .into(),
                );
            }
            if let Some(or) = or {
                notes.push(format!(
                    "# date_format could be {} too: no day in the file is past the 12th, so \
                     either reads it; check which your tool writes.",
                    quoted(or)
                ));
            }
        }
        if let (
            Some(score),
            Some(Looks::Dates {
                first,
                last,
                rounds,
                ..
            }),
            None,
        ) = (score, date.map(|c| &c.looks), count)
            && let Some((period, note)) =
                suggested_period(kind, score.filled, (*first, *last), *rounds)
        {
            line("period", quoted(period.name()));
            notes.push(note);
        }
        if let Some(filter) = leave_out {
            line("leave_out", filter.table());
            notes.push(format!(
                "# leave_out: {} marks {} as {}, which are not answers.",
                filter.column.name,
                rows(filter.rows),
                filter.values.join(" or ")
            ));
        }
        if let Some(filter) = only {
            line("only", filter.table());
            let (unfinished, their) = match filter.rows {
                0 => ("some responses are".to_string(), "their scores"),
                1 => ("1 row is".to_string(), "its score"),
                n => (format!("{n} rows are"), "their scores"),
            };
            notes.push(format!(
                "# only: {unfinished} unfinished ({} is not {}); delete the line to count \
                 {their} too.",
                filter.column.name,
                filter.values.join(" or ")
            ));
        }
        let list = |columns: &[&Column], words: fn(&Column) -> &str| {
            let mut ids = Slugger::new();
            let items: String = (columns.iter())
                .map(|c| {
                    let title = title(words(c));
                    // The title's slug is the id (left to the configuration to make) unless
                    // another title has it already.
                    let id = ids.unique(&title);
                    let id = if id == slug(&title) {
                        String::new()
                    } else {
                        format!("id = {}, ", quoted(&id))
                    };
                    format!(
                        "  {{ {id}title = {}, column = {} }},\n",
                        quoted(&title),
                        quoted(&c.name)
                    )
                })
                .collect();
            format!("[\n{items}]")
        };
        if !dimensions.is_empty() {
            line("dimensions", list(dimensions, Column::question_words));
        }
        if !drivers.is_empty() {
            line("drivers", list(drivers, Column::statement_words));
        }
        // What a score looks like, beside its name: the note is read when none was found.
        const SCORE: &str = "the score (whole numbers 0-10, 1-5 or 1-7, or a 1-5 scale's labels)";
        let missing = match (score, date) {
            (None, None) => Some(format!(
                "{SCORE} or the date: write their names where the \"?\" are"
            )),
            (None, Some(_)) => Some(format!("{SCORE}: write its name where the \"?\" is")),
            (Some(_), None) => Some("the date: write its name where the \"?\" is".into()),
            (Some(_), Some(_)) => None,
        };
        if let Some(missing) = missing {
            notes.push(format!("# No column looks like {missing}."));
        }
        for note in notes {
            out.push_str(&note);
            out.push('\n');
        }
        out
    }
}

/// The period to read `answers` of `kind` over `span` (first and last day) by, when it is not
/// months (the default), and why: quarters or years for answers that came in `rounds` that
/// far apart (each round is then one point, where months would leave gaps between them);
/// weeks for a span of under half a year with a score's worth of answers each week (months
/// would be a handful of points); quarters, or years, when a month, or a quarter, has fewer
/// answers on average than a score needs (`min_n`'s default).
fn suggested_period(
    kind: Kind,
    answers: u64,
    (first, last): (NaiveDate, NaiveDate),
    rounds: Option<Rounds>,
) -> Option<(PeriodKind, String)> {
    let needed = crate::config::default_min_n(kind == Kind::Enps);
    let days = (last - first).num_days() + 1;
    if answers == 0 || days < 28 {
        return None;
    }
    // Average answers in a period of so many days.
    let per = |period_days: f64| (answers as f64 * period_days / days as f64).round() as u64;
    let (week, month, quarter) = (per(7.0), per(365.25 / 12.0), per(365.25 / 4.0));
    if rounds.is_none() && days <= 183 && week >= needed {
        let weeks = (days + 6) / 7;
        let months =
            (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32 + 1;
        return Some((
            PeriodKind::Week,
            format!(
                "# period: the answers span {weeks} weeks, about {week} a week; by month they \
                 would make {months} points."
            ),
        ));
    }
    let few = |per_period: u64, what: &str| {
        format!("about {per_period} answers a {what}, fewer than the {needed} a score needs")
    };
    let by_answers = if month >= needed {
        None
    } else if quarter >= needed {
        let why = few(month, "month");
        Some((
            PeriodKind::Quarter,
            format!("# period: {why}; about {quarter} a quarter."),
        ))
    } else {
        let why = few(quarter, "quarter");
        Some((PeriodKind::Year, format!("# period: {why}.")))
    };
    let by_rounds = rounds.map(|rounds| {
        let period = rounds.period();
        let but = match rounds.across {
            0 => String::new(),
            n => format!(
                ", but for {n} that run across two {}s and count in both",
                period.name()
            ),
        };
        let note = format!(
            "# period: the answers came in {} (a pulse survey); a {} holds one round{but}.",
            rounds.words(),
            period.name()
        );
        (period, note)
    });
    // The longer period of the two: rounds of a few answers still need years.
    match (by_rounds, by_answers) {
        (Some(r), Some(a)) => Some(if a.0 > r.0 { a } else { r }),
        (r, a) => r.or(a),
    }
}

impl Filter<'_> {
    /// The filter as a TOML inline table: `{ Status = ["Survey Preview"] }`.
    fn table(&self) -> String {
        let values: Vec<String> = self.values.iter().map(|v| quoted(v)).collect();
        format!("{{ {} = [{}] }}", key(&self.column.name), values.join(", "))
    }
}

/// "1 row", "12 rows".
fn rows(n: u64) -> String {
    format!("{n} row{}", plural(n))
}

/// `name` as a TOML key: bare when it can be, quoted otherwise.
fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && (name.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { name.to_string() } else { quoted(name) }
}

/// A column's or file's name as a title: `customer_segment` → `Customer segment`; text with
/// spaces keeps its `_` and `-` (`Speed - delivery`), and a name of nothing but them stays as
/// it is.
fn title(name: &str) -> String {
    let words = if name.trim().contains(' ') {
        name.to_owned()
    } else {
        name.replace(['_', '-'], " ")
    };
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.trim().to_owned(),
    }
}

/// `text` as a TOML string, escaped as TOML escapes it.
fn quoted(text: &str) -> String {
    toml::Value::from(text).to_string()
}

/// A matrix statement's own words in a question's text (`Rate us - Speed` → `Speed`, as
/// Qualtrics writes it), as a driver's title; the whole text otherwise.
fn statement(name: &str) -> &str {
    name.rsplit_once(" - ")
        .map_or(name, |(_, statement)| statement)
}

/// Whether a column's name asks how likely one is to recommend: the NPS question.
fn mentions_recommending(name: &str) -> bool {
    let name = name.to_lowercase();
    ["recommend", "anbefale", "rekommendera", "nps"]
        .iter()
        .any(|word| name.contains(word))
}

/// Whether a column's name says it holds personal data: an e-mail address, a person's name,
/// an IP address or a phone number.
fn names_personal_data(name: &str) -> bool {
    let name = name.to_lowercase();
    let name = name.trim();
    // Whole phrases, so that "Did you get our email?" or "Phone support" stay questions.
    let within = [
        "email address",
        "e-mail address",
        "e-postadresse",
        "e-postadress",
        "ip address",
        "ipaddress",
        "phone number",
        "telephone",
        "mobile number",
        "telefonnummer",
        "mobilnummer",
        "first name",
        "last name",
        "full name",
        "firstname",
        "lastname",
        "fornavn",
        "etternavn",
        "förnamn",
        "efternamn",
    ];
    let whole = [
        "email", "e-mail", "e-post", "epost", "name", "navn", "namn", "phone",
    ];
    within.iter().any(|phrase| name.contains(phrase)) || whole.contains(&name)
}

/// Whether a column's name says it holds how many answers a row stands for.
fn names_a_count(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "n",
        "count",
        "answers",
        "responses",
        "respondents",
        "number of answers",
        "antall",
        "antall svar",
        "antal",
        "antal svar",
    ]
    .contains(&name.trim())
}

/// Whether a column's name asks about a place to work: an eNPS question.
fn asks_employees(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "enps",
        "place to work",
        "workplace",
        "employer",
        "arbeidsplass",
        "arbetsplats",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// Whether a column's name says it holds an id (`response_id`, `Respondent ID`, `ResponseId`).
fn names_an_id(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower == "#"
        || lower == "id"
        || lower.ends_with("_id")
        || lower.ends_with(" id")
        || name.ends_with("Id")
        || name.ends_with("ID")
}

impl Looks {
    /// Whole numbers that look like a 0-10 score.
    pub fn is_score(&self) -> bool {
        matches!(self, Looks::Scores0To10 { .. })
    }

    /// Whole numbers that look like answers on a 1-5 scale.
    pub fn is_answers(&self) -> bool {
        matches!(self, Looks::Answers1To5 { .. })
    }

    /// Whole numbers that look like answers on a 1-7 scale.
    pub fn is_seven_point(&self) -> bool {
        matches!(self, Looks::Answers1To7 { .. })
    }

    /// How a score's or answers' column is written; `None` for any other column.
    fn written(&self) -> Option<Written> {
        match self {
            Looks::Scores0To10 { written, .. }
            | Looks::Answers1To5 { written, .. }
            | Looks::Answers1To7 { written, .. } => Some(*written),
            _ => None,
        }
    }
}

/// The labels of `scales` (indexes into [`LABELLED_SCALES`]) and their points, as a TOML inline
/// table: each spelling once, as a label that two scales share means the same point in both.
fn labels_table(scales: &[usize]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for &scale in scales {
        for (point, spellings) in (1..).zip(LABELLED_SCALES[scale]) {
            for &label in spellings.iter() {
                if !seen.contains(&label) {
                    seen.push(label);
                    items.push(format!("{} = {point}", quoted(label)));
                }
            }
        }
    }
    format!("{{ {} }}", items.join(", "))
}

/// " (of 0 to 10)" after a range narrower than its scale, as ranges of answers often are
/// (nobody answered 0 or 1); nothing when it spans the scale.
fn of(low: i64, high: i64, start: i64, end: i64) -> String {
    if low > start || high < end {
        format!(" (of {start} to {end})")
    } else {
        String::new()
    }
}

/// How answers are written, in words, before their range.
fn written_words(written: Written) -> &'static str {
    match written {
        Written::Numbers => "whole numbers",
        Written::NumbersBeforeLabels => "whole numbers, some before a label,",
        Written::Labels(_) => "answer texts read as",
    }
}

/// What a column looks like, in words.
fn looks_words(looks: &Looks) -> String {
    match looks {
        Looks::Empty => "empty".into(),
        Looks::Scores0To10 { low, high, written } => {
            format!(
                "{} {low} to {high}{}: an NPS or eNPS score",
                written_words(*written),
                of(*low, *high, 0, 10)
            )
        }
        Looks::Answers1To5 { low, high, written } => format!(
            "{} {low} to {high}{}: a CSAT score, or a question asked beside the score",
            written_words(*written),
            of(*low, *high, 1, 5)
        ),
        Looks::Answers1To7 { low, high, written } => format!(
            "{} {low} to {high}{}: a CSAT score on a 1-7 scale (scale = 7)",
            written_words(*written),
            of(*low, *high, 1, 7)
        ),
        Looks::Numbers { low, high } if low == high => format!("the whole number {low} in each"),
        Looks::Numbers { low, high } => format!("whole numbers {low} to {high}"),
        Looks::Dates {
            first,
            last,
            format,
            or,
            zoned,
            rounds,
        } => {
            let mut words = format!("dates from {first} to {last}");
            if let Some(rounds) = rounds {
                words.push_str(&format!(" in {}", rounds.words()));
            }
            if *zoned {
                words.push_str(", times in UTC or with their offset");
            }
            if let Some(format) = format {
                words.push_str(&format!(", written {format}"));
            }
            if let Some(or) = or {
                words.push_str(&format!(" or {or} (no day is past the 12th)"));
            }
            words
        }
        Looks::Unique => "all different: an id, a name or an address".into(),
        Looks::Many => format!(
            "more than {} different values: an id, a name or an address",
            crate::locale::Locale::En.texts().count(MAX_DISTINCT as u64)
        ),
        Looks::Comments { words } => format!("text of {words:.0} words on average: comments"),
        Looks::Values { values } => {
            let shown: Vec<String> = (values.iter().take(5))
                .map(|(value, _)| format!("\"{}\"", value.escape_debug()))
                .collect();
            let more = if values.len() > 5 { ", …" } else { "" };
            format!(
                "{} value{} ({}{more})",
                values.len(),
                plural(values.len() as u64),
                shown.join(", ")
            )
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn looks(fields: &[&str]) -> Looks {
        let mut tally = Tally::default();
        for field in fields {
            tally.add(field, None);
        }
        tally.looks()
    }

    #[test]
    fn whole_numbers_are_told_apart_by_their_range() {
        assert_eq!(
            looks(&["0", "10", "7", " 9 ", ""]),
            Looks::Scores0To10 {
                low: 0,
                high: 10,
                written: Written::Numbers
            }
        );
        assert_eq!(
            looks(&["1", "5", "3", "3"]),
            Looks::Answers1To5 {
                low: 1,
                high: 5,
                written: Written::Numbers
            }
        );
        assert_eq!(
            looks(&["2", "4", "3"]),
            Looks::Answers1To5 {
                low: 2,
                high: 4,
                written: Written::Numbers
            }
        );
        // A 1-7 scale is not NPS, but may be CSAT; 0-5 is neither, nor 5-7.
        assert_eq!(
            looks(&["1", "7", "7", "2"]),
            Looks::Answers1To7 {
                low: 1,
                high: 7,
                written: Written::Numbers
            }
        );
        assert_eq!(
            looks(&["5", "7", "7", "6"]),
            Looks::Numbers { low: 5, high: 7 }
        );
        assert_eq!(
            looks(&["0", "5", "5", "0"]),
            Looks::Numbers { low: 0, high: 5 }
        );
        // Numbers each different are still numbers (ids, or a tally's counts).
        assert_eq!(
            looks(&["11400", "11401", "11402"]),
            Looks::Numbers {
                low: 11400,
                high: 11402
            }
        );
        // Excel's decimal comma.
        assert_eq!(
            looks(&["10,0", "3,0", "9.0"]),
            Looks::Scores0To10 {
                low: 3,
                high: 10,
                written: Written::Numbers
            }
        );
        // Too narrow for a scale: Qualtrics' `Finished` (always 1), a yes/no.
        assert_eq!(looks(&["1", "1", "1"]), Looks::Numbers { low: 1, high: 1 });
        assert_eq!(looks(&["1", "2", "2"]), Looks::Numbers { low: 1, high: 2 });
        // One field that is not a number (nor says no answer) makes the column text.
        assert!(matches!(
            looks(&["9", "10", "unsure", "unsure"]),
            Looks::Values { .. }
        ));
        assert_eq!(looks(&["", "  "]), Looks::Empty);
    }

    #[test]
    fn answers_written_as_labels_are_told_by_their_scale() {
        let labels = |scale, low, high| Looks::Answers1To5 {
            low,
            high,
            written: Written::Labels(scale),
        };
        // Agreement (the second scale), in any case, each point spelt either way.
        assert_eq!(
            looks(&[
                "Strongly agree",
                "agree",
                " Somewhat disagree",
                "Strongly agree"
            ]),
            labels(1, 2, 5)
        );
        assert_eq!(
            looks(&["Svært fornøyd", "Nøytral", "Fornøyd"]),
            labels(2, 3, 5)
        );
        assert_eq!(looks(&["Mycket nöjd", "Missnöjd", "Nöjd"]), labels(3, 2, 5));
        // Two scales mixed, two points only, or a text outside the scale: not a scale.
        for fields in [
            &["Very satisfied", "Strongly agree", "Disagree"][..],
            &["Agree", "Strongly agree", "Agree"],
            &["Agree", "Strongly agree", "Disagree", "Unsure"],
        ] {
            let looks = looks(fields);
            assert!(
                !looks.is_answers() && !looks.is_score(),
                "{fields:?}: {looks:?}"
            );
        }
        // Numbers before labels, on the ends as Qualtrics writes them.
        assert_eq!(
            looks(&["10 - Extremely likely", "9", "0 Not at all likely", "7"]),
            Looks::Scores0To10 {
                low: 0,
                high: 10,
                written: Written::NumbersBeforeLabels
            }
        );
        // "Don't know" among numbers or labels, in any case, leaves them scores and answers.
        assert!(looks(&["10", "n/a", "0", "9", "N/A"]).is_score());
        assert_eq!(
            looks(&[
                "Agree",
                "Don't know",
                "Strongly agree",
                "Disagree",
                "don't know"
            ]),
            labels(1, 2, 5)
        );
        assert!(!looks(&["N/A", "n/a"]).is_score());
        // Ranges are not numbers before labels.
        assert!(!looks(&["1-2", "3-4", "9-10", "9-10"]).is_score());
        // Numbered labels of a 1-7 scale are answers on it (score_text = "leading-number");
        // of a 0-6 one, neither a score nor numbers.
        assert_eq!(
            looks(&["1 - Never", "7 - Always", "4", "4", "4"]),
            Looks::Answers1To7 {
                low: 1,
                high: 7,
                written: Written::NumbersBeforeLabels
            }
        );
        assert!(matches!(
            looks(&["0 - Never", "6 - Always", "4", "4", "4"]),
            Looks::Values { .. }
        ));
    }

    #[test]
    fn dates_are_dates_only_when_every_field_is_one() {
        let first = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
        let last = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(
            looks(&["2024-03-01 10:00:00", "2024-01-05", "2024-02-29T08:00:00Z"]),
            Looks::Dates {
                first,
                last,
                format: None,
                or: None,
                zoned: false,
                rounds: None,
            }
        );
        assert!(!matches!(
            looks(&["2024-03-01", "2024-01-05", "yesterday", "yesterday"]),
            Looks::Dates { .. }
        ));
    }

    #[test]
    fn dates_written_another_way_are_read_and_said_how() {
        let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        // Google Forms in Norway; the 13th tells day and month apart.
        assert_eq!(
            looks(&["05.03.2024 14:22:10", "13.03.2024 09:00:00"]),
            Looks::Dates {
                first: day(3, 5),
                last: day(3, 13),
                format: Some("%d.%m.%Y %H:%M:%S"),
                or: None,
                zoned: false,
                rounds: None,
            }
        );
        // No day past the 12th: either way reads them, and both are said.
        assert_eq!(
            looks(&["05/03/2024", "06/03/2024"]),
            Looks::Dates {
                first: day(3, 5),
                last: day(3, 6),
                format: Some("%d/%m/%Y"),
                or: Some("%m/%d/%Y"),
                zoned: false,
                rounds: None,
            }
        );
        // US short dates with a two-digit year are not the year 24.
        assert_eq!(
            looks(&["3/5/24 9:22:10", "3/13/24 10:00:00"]),
            Looks::Dates {
                first: day(3, 5),
                last: day(3, 13),
                format: Some("%m/%d/%y %H:%M:%S"),
                or: None,
                zoned: false,
                rounds: None,
            }
        );
        // Every one a time with its zone or offset: said, for `timezone`.
        assert_eq!(
            looks(&["2024-03-05T10:00:00+01:00", "2024-03-13T10:00:00Z"]),
            Looks::Dates {
                first: day(3, 5),
                last: day(3, 13),
                format: None,
                or: None,
                zoned: true,
                rounds: None,
            }
        );
        // ISO needs no setting.
        assert_eq!(
            looks(&["2024-03-05", "2024-03-13T10:00:00Z"]),
            Looks::Dates {
                first: day(3, 5),
                last: day(3, 13),
                format: None,
                or: None,
                zoned: false,
                rounds: None,
            }
        );
    }

    #[test]
    fn comments_are_told_from_answer_options_and_ids() {
        // Different texts of several words: comments, however few.
        assert!(matches!(
            looks(&["Fast and kind", "Too slow", "Price was fine"]),
            Looks::Comments { .. }
        ));
        // Options of three words given again and again: a segment.
        let options = ["Less than a year", "One to three years"];
        let fields: Vec<&str> = options.iter().cycle().take(10).copied().collect();
        assert_eq!(
            looks(&fields),
            Looks::Values {
                values: vec![
                    ("Less than a year".into(), 5),
                    ("One to three years".into(), 5)
                ]
            }
        );
        // Long texts are comments even when repeated.
        let long = "The delivery came late and nobody told me why";
        assert!(matches!(looks(&[long, long, long]), Looks::Comments { .. }));
        // One word each, all different: an id or an address.
        assert_eq!(looks(&["a@example.com", "b@example.com"]), Looks::Unique);
    }

    #[test]
    fn past_the_limit_a_column_has_many_values() {
        let fields: Vec<String> = (0..=MAX_DISTINCT).map(|i| format!("R{i}")).collect();
        let mut tally = Tally::default();
        for field in fields.iter().chain(&fields) {
            tally.add(field, None);
        }
        assert!(tally.many);
        assert_eq!(tally.values.len(), MAX_DISTINCT);
        assert_eq!(tally.looks(), Looks::Many);
    }

    #[test]
    fn personal_data_is_told_by_whole_names_and_phrases() {
        for name in [
            "Email Address",
            "email",
            "First Name",
            "IPAddress",
            "Telefonnummer",
            "Navn",
        ] {
            assert!(names_personal_data(name), "{name}");
        }
        for name in [
            "Did you get our email?",
            "Phone support",
            "Channel",
            "Team name?",
        ] {
            assert!(!names_personal_data(name), "{name}");
        }
    }

    #[test]
    fn titles_and_statements_read_as_words() {
        assert_eq!(title("customer_segment"), "Customer segment");
        assert_eq!(title("employees-enps"), "Employees enps");
        assert_eq!(title(""), "");
        assert_eq!(title("_"), "_");
        assert_eq!(title("Speed - delivery"), "Speed - delivery");
        assert_eq!(statement("How would you rate our: - Price"), "Price");
        assert_eq!(statement("Region"), "Region");
        assert!(names_an_id("Respondent ID") && names_an_id("ResponseId"));
        assert!(names_an_id("response_id") && !names_an_id("Paid"));
    }

    #[test]
    fn days_come_out_in_order_once_each() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // 1 January 1990 is bit 0; 5 and 6 March 1990 are days 63 and 64, the first word's
        // last bit and the second's first.
        let mut days = Days::default();
        for d in [
            day(2025, 6, 1),
            day(1990, 3, 6),
            day(1990, 1, 1),
            day(1990, 3, 5),
        ] {
            days.insert(d);
            days.insert(d);
        }
        let all: Vec<NaiveDate> = days.iter().collect();
        assert_eq!(
            all,
            [
                day(1990, 1, 1),
                day(1990, 3, 5),
                day(1990, 3, 6),
                day(2025, 6, 1)
            ]
        );
        assert_eq!(days.last(), Some(day(2025, 6, 1)));
        assert_eq!(Days::default().last(), None);
    }

    #[test]
    fn answers_in_rounds_months_apart_are_rounds() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Every day from `first` for `len` days.
        let run = |first: NaiveDate, len: u64| (0..len).map(move |i| first + chrono::Days::new(i));
        let rounds = |runs: &[(NaiveDate, u64)]| {
            let mut days = Days::default();
            for &(first, len) in runs {
                run(first, len).for_each(|day| days.insert(day));
            }
            Rounds::of(days.iter().map(|day| (day, day)))
        };
        // Three weeks each February, May and August: 1 Feb to 1 May is 28 + 31 + 30 = 89 days,
        // 1 May to 1 Aug 31 + 30 + 31 = 92; the median of two is the later.
        let quarterly = [
            (day(2025, 2, 1), 21),
            (day(2025, 5, 1), 21),
            (day(2025, 8, 1), 21),
        ];
        assert_eq!(
            rounds(&quarterly),
            Some(Rounds {
                count: 3,
                apart: 92,
                across: 0
            })
        );
        // The middle round moved to 20 June to 10 July runs across two quarters.
        let moved = [quarterly[0], (day(2025, 6, 20), 21), quarterly[2]];
        assert_eq!(rounds(&moved).map(|r| (r.count, r.across)), Some((3, 1)));
        assert_eq!(
            rounds(&quarterly).unwrap().words(),
            "3 rounds about 3 months apart"
        );
        // Once a year, a week each.
        let yearly = [
            (day(2023, 3, 6), 7),
            (day(2024, 3, 4), 7),
            (day(2025, 3, 3), 7),
        ];
        assert_eq!(rounds(&yearly).map(|r| r.apart), Some(364));
        // Every day of a year; the same with a quiet summer; a week each month: no rounds.
        assert_eq!(rounds(&[(day(2025, 1, 1), 365)]), None);
        assert_eq!(
            rounds(&[(day(2025, 1, 1), 181), (day(2025, 8, 1), 153)]),
            None
        );
        let monthly: Vec<(NaiveDate, u64)> = (1..=12).map(|m| (day(2025, m, 1), 7)).collect();
        assert_eq!(rounds(&monthly), None);
        // Every other month (59 to 62 days apart) stays by month too: a quarter would now and
        // then hold two rounds.
        let two_monthly: Vec<(NaiveDate, u64)> =
            (1..=12).step_by(2).map(|m| (day(2025, m, 1), 7)).collect();
        assert_eq!(rounds(&two_monthly), None);
        // One round is not a rhythm; a round of 45 days or more is not a round.
        assert_eq!(rounds(&[(day(2025, 2, 1), 21)]), None);
        assert_eq!(rounds(&[(day(2025, 2, 1), 46), (day(2025, 8, 1), 7)]), None);
        assert!(rounds(&[(day(2025, 2, 1), 45), (day(2025, 8, 1), 7)]).is_some());
        // 20 quiet days go on with the round (2 to 21 January, between answers on the 1st and
        // the 22nd); 21 end it (2 to 22 January).
        let days = |list: &[NaiveDate]| Rounds::of(list.iter().map(|&day| (day, day)));
        let later = day(2025, 6, 1);
        assert_eq!(
            days(&[day(2025, 1, 1), day(2025, 1, 22), later])
                .unwrap()
                .count,
            2
        );
        assert_eq!(
            days(&[day(2025, 1, 1), day(2025, 1, 23), later])
                .unwrap()
                .count,
            3
        );
    }

    #[test]
    fn answers_in_rounds_are_suggested_a_period_per_round() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let span = (day(2023, 2, 1), day(2025, 11, 28));
        let rounds = |count, apart, across| {
            Some(Rounds {
                count,
                apart,
                across,
            })
        };
        let quarterly = rounds(12, 92, 0);
        // 1,784 eNPS answers: 52 a month are plenty, but they came in rounds.
        assert_eq!(
            suggested_period(Kind::Enps, 1784, span, quarterly),
            Some((
                PeriodKind::Quarter,
                "# period: the answers came in 12 rounds about 3 months apart (a pulse survey); a \
                 quarter holds one round."
                    .to_string()
            ))
        );
        // Rounds that run across two quarters are said to count in both.
        let across = rounds(12, 92, 2);
        assert_eq!(
            suggested_period(Kind::Enps, 1784, span, across).map(|s| s.1),
            Some(
                "# period: the answers came in 12 rounds about 3 months apart (a pulse survey); a \
                 quarter holds one round, but for 2 that run across two quarters and count in \
                 both."
                    .to_string()
            )
        );
        // Rounds half a year apart are read by quarter too; rounds a year apart, by year.
        let period =
            |apart| suggested_period(Kind::Enps, 1784, span, rounds(3, apart, 0)).map(|s| s.0);
        assert_eq!(period(183), Some(PeriodKind::Quarter));
        assert_eq!(period(299), Some(PeriodKind::Quarter));
        assert_eq!(period(300), Some(PeriodKind::Year));
        assert_eq!(period(364), Some(PeriodKind::Year));
        // 60 NPS answers in quarterly rounds are 5 a quarter: too few, so years, as without
        // rounds.
        assert_eq!(
            suggested_period(Kind::Nps, 60, span, quarterly),
            suggested_period(Kind::Nps, 60, span, None)
        );
        assert_eq!(
            suggested_period(Kind::Nps, 60, span, quarterly).map(|s| s.0),
            Some(PeriodKind::Year)
        );
        // Two busy rounds three months apart span under half a year: not weeks.
        let spring = (day(2025, 1, 6), day(2025, 4, 25));
        let two = rounds(2, 88, 0);
        assert_eq!(
            suggested_period(Kind::CSAT, 5000, spring, None).map(|s| s.0),
            Some(PeriodKind::Week)
        );
        assert_eq!(
            suggested_period(Kind::CSAT, 5000, spring, two).map(|s| s.0),
            Some(PeriodKind::Quarter)
        );
    }

    #[test]
    fn periods_are_suggested_by_the_answers_a_period_would_have() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let suggest =
            |kind, answers, first, last| suggested_period(kind, answers, (first, last), None);
        // 12 weeks (84 days) of 1,300 answers: 1,300 × 7 / 84 = 108 a week.
        let (twelve_weeks, three_years) = (
            (day(2025, 1, 6), day(2025, 3, 30)),
            (day(2023, 1, 1), day(2025, 12, 31)),
        );
        assert_eq!(
            suggest(Kind::CSAT, 1300, twelve_weeks.0, twelve_weeks.1),
            Some((
                PeriodKind::Week,
                "# period: the answers span 12 weeks, about 108 a week; by month they would \
                 make 3 points."
                    .to_string()
            ))
        );
        // 200 answers: 17 a week are too few, 72 a month are enough.
        assert_eq!(
            suggest(Kind::CSAT, 200, twelve_weeks.0, twelve_weeks.1),
            None
        );
        // Three years (1,096 days) of 600 answers: 600 × 30.44 / 1,096 = 17 a month, 50 a
        // quarter.
        assert_eq!(
            suggest(Kind::Nps, 600, three_years.0, three_years.1),
            Some((
                PeriodKind::Quarter,
                "# period: about 17 answers a month, fewer than the 30 a score needs; about 50 a \
                 quarter."
                    .to_string()
            ))
        );
        // 90 answers: 7 a quarter; for eNPS, whose groups need 5, quarters will do.
        assert_eq!(
            suggest(Kind::Nps, 90, three_years.0, three_years.1),
            Some((
                PeriodKind::Year,
                "# period: about 7 answers a quarter, fewer than the 30 a score needs.".to_string()
            ))
        );
        assert_eq!(
            suggest(Kind::Enps, 90, three_years.0, three_years.1).map(|s| s.0),
            Some(PeriodKind::Quarter)
        );
        // Half a year and a day of busy weeks is read by month; under four weeks, or no answers,
        // nothing is said.
        assert_eq!(
            suggest(Kind::CSAT, 100_000, day(2025, 1, 1), day(2025, 7, 3)),
            None
        );
        assert_eq!(
            suggest(Kind::CSAT, 1300, day(2025, 1, 1), day(2025, 1, 27)),
            None
        );
        assert_eq!(suggest(Kind::CSAT, 0, three_years.0, three_years.1), None);
    }
}
