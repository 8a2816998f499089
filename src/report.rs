//! The `Report`: the one contract between computing and showing.
//!
//! `analyse` builds it from tallies, `privacy` removes what must not be shown, and charts,
//! templates and `metrics.json` all read it; nothing downstream recomputes a figure. A figure that
//! must not be shown is [`Figure::Suppressed`], which carries no number at all, so no later stage
//! can print one by mistake. `metrics.json` is this model serialised (comments left out).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::benchmarks::{Benchmark, Verdict};
use crate::config::{Kind, Locale, PeriodKind};
use crate::period::Period;
use crate::stats::{Anova, Correlation, Estimate};

/// Version of the `metrics.json` layout; raised on any change that is not an addition.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the site shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Version of this layout in `metrics.json`.
    pub schema_version: u32,
    /// The report's title.
    pub title: String,
    /// The organisation it is about.
    pub organisation: String,
    /// The report's language.
    pub locale: Locale,
    /// Confidence level of every interval.
    pub confidence: f64,
    /// The date the data runs up to (or `SOURCE_DATE_EPOCH`), ISO 8601.
    pub data_until: Option<String>,
    /// The time zone answers' days are counted in (`timezone`), when the configuration sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// A change is called significant when its p-value is below this.
    pub significance: f64,
    /// Whether comments are shown with their contact details taken out (`redact`).
    #[serde(skip)]
    pub redact: bool,
    /// Segment values whose latest change stays significant after adjusting for testing every
    /// segment at once, largest change first.
    pub key_movers: Vec<Mover>,
    /// One entry per survey, in configuration order.
    pub surveys: Vec<SurveyReport>,
    /// Customer and employee surveys read side by side.
    pub comparisons: Vec<Comparison>,
    /// The comment themes' names, in configuration order (each survey's counts are in its
    /// `text`, for the themes it counts: [`SurveyReport::themes`]).
    #[serde(skip)]
    pub themes: Vec<String>,
    /// The configured events that no chart shows, though a survey they are marked on has
    /// answers: none of their days is in its periods (a mistyped year, most often). Their day
    /// and label, for a warning.
    #[serde(skip)]
    pub unshown_events: Vec<(chrono::NaiveDate, String)>,
}

impl Report {
    /// Whether a survey asks questions beside its score: only then does the site have their
    /// figures.
    pub fn has_drivers(&self) -> bool {
        self.surveys.iter().any(|survey| !survey.drivers.is_empty())
    }
}

/// A customer survey and an employee survey side by side.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The customer survey's id.
    pub customers: String,
    /// The employee survey's id.
    pub employees: String,
    /// The periods compared (the coarser of the two surveys').
    pub period_kind: PeriodKind,
    /// Both scores per shared period.
    pub over_time: Paired,
    /// Both scores per shared value of each compared dimension pair.
    pub dimensions: Vec<PairedDimension>,
    /// The events of either survey within the shared periods, marked in those periods.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventReport>,
    /// Why nothing could be compared, when so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A compared pair of dimensions.
#[derive(Debug, Clone, Serialize)]
pub struct PairedDimension {
    /// The customer survey's dimension id.
    pub customers: String,
    /// The employee survey's dimension id.
    pub employees: String,
    /// Both scores per value found in both, with enough answers on both sides.
    pub paired: Paired,
}

/// Paired scores and their correlation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Paired {
    /// The points.
    pub points: Vec<PairedPoint>,
    /// Pearson's r over the points (from 3 points on).
    pub correlation: Option<Correlation>,
}

/// One point: the customer and the employee score of the same period or segment value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedPoint {
    /// A period's id (`2024-Q1`) or a value's name.
    pub key: String,
    /// The customer score.
    pub customers: f64,
    /// The employee score.
    pub employees: f64,
}

/// A file read, and what was found about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Relative to the project, with `/`.
    pub path: String,
    /// Its text layout, or the workbook sheet read.
    #[serde(flatten)]
    pub source: SourceReport,
    /// Header rows skipped.
    pub header_rows: usize,
    /// Records read after the header.
    pub records: u64,
}

/// What a file's records were read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SourceReport {
    /// Delimited text.
    Text {
        /// Its text encoding, e.g. `UTF-8` or `windows-1252`.
        encoding: String,
        /// Whether it starts with a byte-order mark.
        bom: bool,
        /// Its delimiter: `,`, `;`, `tab` or `|`.
        delimiter: String,
        /// `LF`, `CRLF` or `CR`.
        line_endings: String,
        /// Whether an Excel `sep=` first line named the delimiter (the header is then line 2).
        sep_line: bool,
    },
    /// A workbook.
    Sheet {
        /// The sheet's name.
        sheet: String,
    },
}

impl From<&crate::ingest::Source> for SourceReport {
    fn from(source: &crate::ingest::Source) -> Self {
        match source {
            crate::ingest::Source::Text(detected) => SourceReport::Text {
                encoding: detected.encoding.name().to_string(),
                bom: detected.bom,
                delimiter: crate::ingest::detect::delimiter_name(detected.delimiter)
                    .trim_matches('"')
                    .to_string(),
                line_endings: detected.line_ending.to_string(),
                sep_line: detected.sep_line,
            },
            crate::ingest::Source::Sheet(name) => SourceReport::Sheet {
                sheet: name.clone(),
            },
        }
    }
}

/// "UTF-8 with BOM, delimiter \",\", CRLF line endings", or "sheet \"Form1\"", as `check -v`
/// describes a file.
impl std::fmt::Display for SourceReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceReport::Text {
                encoding,
                bom,
                delimiter,
                line_endings,
                sep_line,
            } => {
                write!(f, "{encoding}")?;
                if *bom {
                    write!(f, " with BOM")?;
                }
                match delimiter.as_str() {
                    "tab" => write!(f, ", delimiter tab")?,
                    other => write!(f, ", delimiter \"{other}\"")?,
                }
                if *sep_line {
                    write!(f, " (named by its sep= line)")?;
                }
                write!(f, ", {line_endings} line endings")
            }
            SourceReport::Sheet { sheet } => write!(f, "sheet \"{}\"", sheet.escape_debug()),
        }
    }
}

/// One survey's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyReport {
    /// The survey's id (a slug).
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it measures.
    pub kind: Kind,
    /// The lowest and the highest score, `kind`'s range: written for readers of
    /// `metrics.json`, for whom `kind` does not tell a CSAT survey's scale.
    pub scale: [u8; 2],
    /// How periods are cut.
    pub period_kind: PeriodKind,
    /// A sentence about the survey, from the configuration.
    pub description: Option<String>,
    /// Below this many answers no score is shown.
    pub min_n: u64,
    /// Whether anonymity rules apply (employee surveys).
    pub confidential: bool,
    /// In a confidential survey, the one dimension whose values' pages show comments
    /// ([`crate::config::Survey::comment_dimension`]); `None` when every dimension's do.
    #[serde(skip)]
    pub comment_dimension: Option<usize>,
    /// How many of the comments shown had contact details taken out ([`crate::redact`]).
    #[serde(skip)]
    pub redacted: usize,
    /// What to do with unreadable rows: `fail` or `skip`.
    pub on_invalid: crate::config::OnInvalid,
    /// The files read.
    pub files: Vec<FileReport>,
    /// The column whose number of answers each row stands for, in a tallied export. The
    /// counts below are then answers (a row's count), except that a row skipped before its
    /// count was read counts as one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count_column: Option<String>,
    /// Whether the survey maps a comment column: pages of one that does not say nothing of
    /// comments.
    #[serde(skip)]
    pub reads_comments: bool,
    /// Answers read as skipped questions, as configured (`no_answer`).
    #[serde(skip)]
    pub no_answer: Vec<String>,
    /// Rows read only where these columns hold one of their values, as configured.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub only: BTreeMap<String, crate::config::Values>,
    /// Rows left out where these columns hold one of their values, as configured.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub leave_out: BTreeMap<String, crate::config::Values>,
    /// Rows not used, by reason (`score_out_of_range`, `bad_date`, `duplicate_response_id`, ...).
    pub skipped: std::collections::BTreeMap<String, u64>,
    /// Records read, including skipped ones.
    pub records: u64,
    /// Records with an empty score, skipped.
    pub empty_scores: u64,
    /// The first and last period with answers.
    pub periods_covered: Option<(Period, Period)>,
    /// The periods the configuration asks for (`from`, `until`), each `null` when not set.
    pub window: crate::config::Window,
    /// The newest answer's day: not shown (an employee survey's dates are no finer than its
    /// periods), but it tells a period that is not over from one that is.
    #[serde(skip)]
    pub latest_answer: Option<chrono::NaiveDate>,
    /// All answers.
    pub overall: GroupReport,
    /// One entry per configured dimension.
    pub dimensions: Vec<DimensionReport>,
    /// The industry benchmark and where the survey stands against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<BenchmarkComparison>,
    /// The target and whether it is reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
    /// What the comments talk about (all answers), when there are comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<TextReport>,
    /// The names of the themes counted in its comments, in configuration order: those of
    /// `text` and of its values' texts.
    #[serde(skip)]
    pub themes: Vec<String>,
    /// The questions asked beside the score, in configuration order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<DriverReport>,
    /// The configured events within the survey's periods, in date order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventReport>,
}

/// An event marked on a survey's trends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReport {
    /// Its mark on the charts, from 1: events that begin in the same period share one.
    pub mark: usize,
    /// The day it happened, or began, `2024-04-08`.
    #[serde(serialize_with = "iso_date")]
    pub date: chrono::NaiveDate,
    /// The last day of an event that lasted.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "iso_day")]
    pub until: Option<chrono::NaiveDate>,
    /// The survey's period that holds the day (the first day).
    pub period: Period,
    /// The survey's period that holds the last day, for an event that lasted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_period: Option<Period>,
    /// What happened.
    pub label: String,
}

fn iso_date<S: serde::Serializer>(date: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&date.format("%Y-%m-%d"))
}

impl EventReport {
    /// The first and the last of the survey's periods that the event's days fall in.
    pub fn periods(&self) -> (Period, Period) {
        (self.period, self.until_period.unwrap_or(self.period))
    }

    /// Whether some of the event's days fall in `period`.
    pub fn meets(&self, period: Period) -> bool {
        let (first, last) = self.periods();
        first <= period && period <= last
    }
}

/// [`iso_date`] of a day that is there (`skip_serializing_if` leaves out the others).
fn iso_day<S: serde::Serializer>(
    date: &Option<chrono::NaiveDate>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => iso_date(date, s),
        None => s.serialize_none(),
    }
}

/// A question asked beside the score: how favourably it is answered, and how closely its
/// answers go with the score's, over all answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverReport {
    /// Its id.
    pub id: String,
    /// The question.
    pub title: String,
    /// Whether its answers are counted the other way round (it is worded against the score).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reversed: bool,
    /// Its figures, or why there are none.
    #[serde(flatten)]
    pub figure: DriverFigure,
}

/// A driver's figures, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DriverFigure {
    /// Enough answers with both the score and the driver.
    Shown(DriverScores),
    /// Fewer than the survey's minimum: the count is shown, the figures are not.
    TooFew {
        /// Answers with both.
        n: u64,
    },
}

impl DriverFigure {
    /// Answers with both the score and the driver.
    pub fn n(&self) -> u64 {
        match self {
            DriverFigure::Shown(scores) => scores.n,
            DriverFigure::TooFew { n } => *n,
        }
    }

    /// The figures, when shown.
    pub fn shown(&self) -> Option<&DriverScores> {
        match self {
            DriverFigure::Shown(scores) => Some(scores),
            DriverFigure::TooFew { .. } => None,
        }
    }

    /// The figures, when shown, to amend.
    pub fn shown_mut(&mut self) -> Option<&mut DriverScores> {
        match self {
            DriverFigure::Shown(scores) => Some(scores),
            DriverFigure::TooFew { .. } => None,
        }
    }
}

/// A group's answers to a driver, or why there is no figure: a dimension value's, or the
/// survey's in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DriverAnswers {
    /// Enough answers: the value's favourable share.
    Shown {
        /// The group's answers to the driver.
        n: u64,
        /// Its answers 1 to 5.
        distribution: [u64; 5],
        /// The share of them 4 or 5, in percent, with its Wilson interval.
        favourable: Estimate,
        /// A value's share minus the rest of the survey's, in points, when both have enough
        /// answers (never for a period).
        #[serde(skip_serializing_if = "Option::is_none")]
        vs_rest: Option<Contrast>,
    },
    /// Fewer answers than the survey's minimum.
    TooFew {
        /// The group's answers to the driver.
        n: u64,
    },
    /// Hidden to protect anonymity: the values of a confidential survey's dimension show their
    /// drivers only when each of them shows its figure from enough answers; a driver's periods,
    /// only when those with too few answers together have enough.
    Suppressed,
}

impl DriverAnswers {
    /// A value's favourable share against the rest of the survey's, when compared.
    pub fn vs_rest(&self) -> Option<&Contrast> {
        match self {
            DriverAnswers::Shown { vs_rest, .. } => vs_rest.as_ref(),
            _ => None,
        }
    }

    /// The group's answers to the driver, unless hidden.
    pub fn n(&self) -> Option<u64> {
        match self {
            DriverAnswers::Shown { n, .. } | DriverAnswers::TooFew { n } => Some(*n),
            DriverAnswers::Suppressed => None,
        }
    }
}

/// A driver's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverScores {
    /// Answers with both the score and the driver.
    pub n: u64,
    /// Answers per driver answer, 1 to 5.
    pub distribution: [u64; 5],
    /// The share of answers 4 or 5, in percent, with its Wilson interval.
    pub favourable: Estimate,
    /// How closely its answers go with the score's; `None` when either is the same in every
    /// answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// Its answers per period with answers, in time order.
    pub periods: Vec<DriverPeriod>,
}

/// A driver's answers in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverPeriod {
    /// The period.
    pub period: Period,
    /// Its answers, or why there is no figure.
    #[serde(flatten)]
    pub answers: DriverAnswers,
    /// In the survey's latest period: its favourable share minus the period before's, in
    /// points, adjusted for testing every driver at once, when both show theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_previous: Option<Contrast>,
}

impl DriverPeriod {
    /// Its favourable answers and answers, when shown.
    pub fn favourable(&self) -> Option<(u64, u64)> {
        match &self.answers {
            DriverAnswers::Shown {
                n, distribution, ..
            } => Some((distribution[3] + distribution[4], *n)),
            _ => None,
        }
    }
}

/// Pearson's r of a driver's answers and the scores given beside them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Relation {
    /// r with its interval (Fisher's z).
    pub r: Estimate,
    /// Two-sided p-value of "no relation".
    pub p_value: f64,
    /// `p_value` adjusted for testing every driver of the survey at once (Benjamini-Hochberg).
    pub q_value: f64,
    /// Whether `q_value` is below the report's significance level.
    pub significant: bool,
    /// What to do about it, for a driver whose relation is significant and stronger than the
    /// average of the survey's drivers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

/// What a driver that goes with the score more than most asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Answered less favourably than the average of the drivers: the first to improve.
    Improve,
    /// Answered more favourably than the average: a strength to keep.
    Keep,
}

impl Priority {
    /// Its name in `metrics.json`, its key under `[drivers]` in the locale files and its class
    /// on the page.
    pub fn key(self) -> &'static str {
        match self {
            Priority::Improve => "improve",
            Priority::Keep => "keep",
        }
    }
}

impl SurveyReport {
    /// The survey's filters as (column, values, whether `only`): `only` ones first, then
    /// `leave_out` ones, each by column name.
    pub fn filters(&self) -> impl Iterator<Item = (&str, &crate::config::Values, bool)> {
        let only = self.only.iter().map(|(c, v)| (c.as_str(), v, true));
        let leave_out = self.leave_out.iter().map(|(c, v)| (c.as_str(), v, false));
        only.chain(leave_out)
    }

    /// Answers counted: records with a score, less those skipped (bad rows in lenient mode,
    /// duplicates, answers outside `from`/`until`).
    pub fn answers(&self) -> u64 {
        self.records - self.empty_scores - self.skipped.values().sum::<u64>()
    }

    /// The periods with answers among the latest ones, in which each dimension value is set
    /// against the rest of the period's answers and shown in a table of values by period: the
    /// last 13 weeks, 12 months, 8 quarters or 10 years up to the latest period with answers.
    pub fn recent_periods(&self) -> &[PeriodFigure] {
        let span = match self.period_kind {
            PeriodKind::Week => 13,
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 8,
            PeriodKind::Year => 10,
        };
        let periods = &self.overall.periods;
        let Some(latest) = periods.last() else {
            return periods;
        };
        let first = latest.period.ordinal() - (span - 1);
        &periods[periods.partition_point(|p| p.period.ordinal() < first)..]
    }
}

/// Comment counts of a survey, per scale group: `[top, middle, bottom]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextReport {
    /// Comments per scale group.
    pub comments: [u64; 3],
    /// Each theme counted in the survey's comments.
    pub themes: Vec<ThemeReport>,
    /// Comments that mention none of the themes, per scale group, when themes are configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unthemed: Option<[u64; 3]>,
    /// The survey's score from the answers whose comments mention none of the themes, when
    /// they number at least [`crate::analyse::MIN_COMMENTS_COMPARED`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unthemed_score: Option<Estimate>,
    /// Comments per period, when themes are configured and every period has enough answers to
    /// show it: what the themes' counts per period are shares of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<(Period, [u64; 3])>,
    /// The period before and the latest period, of the kind [`TextReport::trend_kind`] picks,
    /// whose shares each theme's `change` compares, when both have [`MIN_PERIOD_COMMENTS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<[Period; 2]>,
    /// The same period a year earlier and the latest period, whose shares each theme's
    /// `change_year` compares, when both have [`MIN_PERIOD_COMMENTS`] and the period a year
    /// earlier is not the period before (themes drawn by year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared_year: Option<[Period; 2]>,
    /// The most used words per scale group (without stop words), most used first.
    pub words: [Vec<(String, u64)>; 3],
}

/// A period's share of comments is shown over time only from this many comments: from fewer,
/// one comment more or less moves a share by several points.
pub const MIN_PERIOD_COMMENTS: u64 = 30;

/// The comments a typical period should have for its theme shares to be known to within about
/// ±7 points (at 95 %): themes over time are shown by quarter or year when a typical period of
/// the survey's own has fewer.
pub const WANTED_PERIOD_COMMENTS: u64 = 200;

impl TextReport {
    /// Whether a test says any theme stands out by `contrast` (its change, its change from a
    /// year earlier, or its score against the other comments').
    pub fn any_significant(&self, contrast: fn(&ThemeReport) -> Option<&Contrast>) -> bool {
        (self.themes.iter()).any(|theme| contrast(theme).is_some_and(|c| c.significant))
    }

    /// Comments per period of `kind`, per scale group: the survey's periods summed into it.
    pub fn comments_per(&self, kind: PeriodKind) -> BTreeMap<Period, [u64; 3]> {
        sum_within(&self.periods, kind)
    }

    /// Comments per period of `kind`, in the periods with at least [`MIN_PERIOD_COMMENTS`]: the
    /// periods themes over time show.
    pub fn shown_periods(&self, kind: PeriodKind) -> Vec<(Period, u64)> {
        (self.comments_per(kind).into_iter())
            .map(|(period, counts)| (period, counts.iter().sum()))
            .filter(|&(_, comments)| comments >= MIN_PERIOD_COMMENTS)
            .collect()
    }

    /// The periods themes are followed over: of the survey's own kind (`finest`) or, when a
    /// typical one (the median of those with [`MIN_PERIOD_COMMENTS`] comments) has fewer than
    /// [`WANTED_PERIOD_COMMENTS`], the first coarser kind whose typical period has that many,
    /// or else the coarsest kind with two such periods. `None` without themes, or when no kind
    /// has two such periods.
    pub fn trend_kind(&self, finest: PeriodKind) -> Option<PeriodKind> {
        if self.themes.is_empty() {
            return None;
        }
        let mut chosen = None;
        for kind in [
            PeriodKind::Week,
            PeriodKind::Month,
            PeriodKind::Quarter,
            PeriodKind::Year,
        ] {
            if kind < finest {
                continue;
            }
            // Months with too few comments each can make quarters with enough.
            let Some(typical) = typical_comments(&self.shown_periods(kind)) else {
                continue;
            };
            chosen = Some(kind);
            if typical >= WANTED_PERIOD_COMMENTS {
                break;
            }
        }
        chosen
    }
}

/// The median comments of `shown` periods ([`TextReport::shown_periods`]), when there are two
/// or more.
pub fn typical_comments(shown: &[(Period, u64)]) -> Option<u64> {
    let mut counts: Vec<u64> = shown.iter().map(|&(_, n)| n).collect();
    counts.sort_unstable();
    (counts.len() >= 2).then(|| counts[counts.len() / 2])
}

impl ThemeReport {
    /// Comments mentioning the theme per period of `kind`, per scale group.
    pub fn mentions_per(&self, kind: PeriodKind) -> BTreeMap<Period, [u64; 3]> {
        sum_within(&self.periods, kind)
    }
}

/// Counts per period summed into periods of `kind`.
fn sum_within(periods: &[(Period, [u64; 3])], kind: PeriodKind) -> BTreeMap<Period, [u64; 3]> {
    let mut sums: BTreeMap<Period, [u64; 3]> = BTreeMap::new();
    for (period, counts) in periods {
        let sum = sums.entry(period.within(kind)).or_default();
        for g in 0..3 {
            sum[g] += counts[g];
        }
    }
    sums
}

/// How many comments of each scale group mention a theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeReport {
    /// The theme's name.
    pub name: String,
    /// Comments per scale group.
    pub total: [u64; 3],
    /// Per period, when every period has enough answers to show it.
    pub periods: Vec<(Period, [u64; 3])>,
    /// Its share of the latest period's comments minus its share of the period before's (see
    /// [`TextReport::compared`]), in percentage points, its p-value adjusted over the survey's
    /// themes; none for a theme neither period's comments mention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Contrast>,
    /// Its share of the latest period's comments minus its share of the same period's a year
    /// earlier (see [`TextReport::compared_year`]), as `change`: a change that builds over
    /// several periods, free of the season.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_year: Option<Contrast>,
    /// The survey's score from the answers whose comments mention it, with its interval; none
    /// when they or the other comments number fewer than
    /// [`crate::analyse::MIN_COMMENTS_COMPARED`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Estimate>,
    /// `score` minus the score from the answers whose comments do not mention it, its p-value
    /// adjusted over the survey's themes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_others: Option<Contrast>,
    /// The newest shown comments of the survey that mention it, newest first.
    #[serde(skip)]
    pub examples: Vec<CommentReport>,
}

/// A survey against its industry benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkComparison {
    /// The published figure used.
    pub benchmark: Benchmark,
    /// The calendar year compared (docs/benchmarks.md).
    pub period: Period,
    /// The periods the figure covers: the year itself, or the first and last of the survey's
    /// periods with answers in it when they start after its first period or stop before its
    /// last (a part of a year is not a year).
    #[serde(skip)]
    pub covers: (Period, Period),
    /// The survey's figure over that year.
    pub figure: Figure,
    /// Where the figure stands, judged by its interval; `None` when no score is shown.
    pub verdict: Option<Verdict>,
    /// One row per industry of the same metric (chosen by the same rule), for context.
    #[serde(skip)]
    pub industries: Vec<Benchmark>,
}

/// A survey's target and whether it is reached.
#[derive(Debug, Clone, Serialize)]
pub struct TargetReport {
    /// The score to reach.
    pub value: f64,
    /// The period it should be reached in.
    pub by: Period,
    /// The period judged: the target's own, or the latest before it.
    pub judged: Option<Period>,
    /// The verdict on the judged period's figure.
    pub verdict: TargetVerdict,
}

/// Whether a target is reached, judged by the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetVerdict {
    /// The whole interval is at or above the target.
    Reached,
    /// The whole interval is below the target.
    NotReached,
    /// The interval includes the target, or there is no figure to judge.
    NotYetClear,
}

/// A dimension's values, each with its figures.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionReport {
    /// The dimension's id (a slug).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its values, in the order of the data's values (sorted by name).
    pub values: Vec<GroupReport>,
    /// How much of the variation between answers the dimension explains, when at least two
    /// values are shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explained: Option<Explained>,
}

/// How much of the variation between a survey's answers a dimension explains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Explained {
    /// The analysis of variance.
    #[serde(flatten)]
    pub anova: Anova,
    /// `p_value` adjusted over the survey's dimensions (Benjamini-Hochberg).
    pub q_value: f64,
    /// Whether `q_value` is below the report's significance level.
    pub significant: bool,
}

impl Explained {
    /// How large the share is, by Cohen's (1988) benchmarks for ω² (0.01 small, 0.06 medium,
    /// 0.14 large; Kirk 1996): a share can be more than chance and still too small to matter.
    pub fn size(&self) -> EffectSize {
        match self.anova.share {
            s if s >= 0.14 => EffectSize::Large,
            s if s >= 0.06 => EffectSize::Medium,
            s if s >= 0.01 => EffectSize::Small,
            _ => EffectSize::Negligible,
        }
    }
}

/// The size of an effect in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectSize {
    /// Under 1 % of the variation.
    Negligible,
    /// 1 % or more.
    Small,
    /// 6 % or more.
    Medium,
    /// 14 % or more.
    Large,
}

impl EffectSize {
    /// Its key under `[explained]` in the locale files.
    pub fn key(self) -> &'static str {
        match self {
            EffectSize::Negligible => "negligible",
            EffectSize::Small => "small",
            EffectSize::Medium => "medium",
            EffectSize::Large => "large",
        }
    }
}

/// A group of answers (the whole survey or one dimension value) and its figures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    /// The value's name as it appears in the data (untrusted text), or the survey's title.
    pub name: String,
    /// A unique slug for the group's page.
    pub slug: String,
    /// Figures over all periods.
    pub total: Figure,
    /// Response rate over all periods with invitations, when invitations are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_rate: Option<ResponseRate>,
    /// Figures per period, in time order.
    pub periods: Vec<PeriodFigure>,
    /// A dimension value's figure over all periods against the rest of the survey's answers,
    /// when both have enough answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_rest: Option<Contrast>,
    /// What a dimension value's comments talk about, when themes are configured and the value
    /// has comments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<GroupText>,
    /// A dimension value's answers to each of the survey's drivers, in configuration order
    /// (empty for the whole survey, whose [`SurveyReport::drivers`] has them, and without
    /// drivers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<DriverAnswers>,
    /// A dimension value's answers by other dimensions of the survey, in configuration order:
    /// those with at most 30 values and at least two among the value's answers, one of them
    /// with a figure, when the value has a figure itself; none in a confidential survey.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// The newest comments that may be shown, newest first.
    #[serde(skip)]
    pub comments: Vec<CommentReport>,
}

/// A dimension value's answers broken down by another dimension: Oslo by channel.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// The other dimension's id.
    pub dimension: String,
    /// Its title.
    pub title: String,
    /// The other dimension's values met among the value's answers, by name.
    pub values: Vec<BreakdownValue>,
}

/// The answers that have both a dimension value and a value of another dimension.
#[derive(Debug, Clone, Serialize)]
pub struct BreakdownValue {
    /// The other value's name (untrusted text).
    pub name: String,
    /// The slug of the other value's page.
    pub slug: String,
    /// Figures over all periods.
    pub total: Figure,
    /// Against the rest of the first value's answers, when both have enough answers; p-values
    /// adjusted over every breakdown of the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_rest: Option<Contrast>,
}

/// A dimension value's comments and the themes they mention, each against the rest of the
/// survey's comments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupText {
    /// Comments per scale group.
    pub comments: [u64; 3],
    /// Each theme counted in the survey's comments.
    pub themes: Vec<GroupTheme>,
}

impl GroupText {
    /// Every comment of the group.
    pub fn total(&self) -> u64 {
        self.comments.iter().sum()
    }
}

/// How often a dimension value's comments mention a theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTheme {
    /// The theme's name.
    pub name: String,
    /// Comments mentioning it, per scale group.
    pub mentions: [u64; 3],
    /// The share of the group's comments that mention it minus the share of the rest of the
    /// survey's comments, in percentage points, when both have enough comments to compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_rest: Option<Contrast>,
    /// The newest shown comments of the group that mention it, newest first.
    #[serde(skip)]
    pub examples: Vec<CommentReport>,
}

/// A group's figure against the rest of its survey's answers (every answer outside the group):
/// two independent samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Contrast {
    /// The group's score minus the rest's, with its interval.
    pub difference: Estimate,
    /// Two-sided p-value of "no difference".
    pub p_value: f64,
    /// `p_value` adjusted for comparing every value of the survey's dimensions at once, or
    /// every value in every recent period (Benjamini-Hochberg).
    pub q_value: f64,
    /// Whether `q_value` is below the report's significance level.
    pub significant: bool,
}

/// Where a group stands against the rest, as a [`Contrast`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Above the rest by more than chance explains.
    Above,
    /// Below the rest by more than chance explains.
    Below,
    /// No clear difference.
    Unclear,
}

impl Contrast {
    /// Above or below only when significant.
    pub fn standing(&self) -> Standing {
        match (self.significant, self.difference.value > 0.0) {
            (true, true) => Standing::Above,
            (true, false) => Standing::Below,
            (false, _) => Standing::Unclear,
        }
    }
}

/// A figure for one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodFigure {
    /// The period.
    pub period: Period,
    /// Its figure.
    #[serde(flatten)]
    pub figure: Figure,
    /// The change from the previous period, when both are shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_previous: Option<Change>,
    /// The change from the same period a year earlier, when both are shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_year: Option<Change>,
    /// The period's response rate, when its invitations are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_rate: Option<ResponseRate>,
    /// A dimension value's figure in one of the survey's [recent
    /// periods](SurveyReport::recent_periods) against the rest of that period's answers, when
    /// both have enough answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_rest: Option<Contrast>,
}

/// Answers with a score out of invitations, with a Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ResponseRate {
    /// People invited.
    pub invited: u64,
    /// Answers with a score.
    pub answers: u64,
    /// The rate in percent, with its interval.
    pub rate: Estimate,
}

impl PeriodFigure {
    /// A period's figure with no change computed yet.
    pub fn new(period: Period, figure: Figure) -> Self {
        PeriodFigure {
            period,
            figure,
            change_previous: None,
            change_year: None,
            response_rate: None,
            vs_rest: None,
        }
    }
}

/// A change between two periods' figures, `this − from`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The earlier period compared with.
    pub from: Period,
    /// The difference with its interval.
    pub difference: Estimate,
    /// Two-sided p-value of "no change".
    pub p_value: f64,
    /// Whether `p_value` is below the report's significance level.
    pub significant: bool,
}

/// A segment value whose latest change is significant.
#[derive(Debug, Clone, Serialize)]
pub struct Mover {
    /// The survey's id.
    pub survey: String,
    /// The dimension's id.
    pub dimension: String,
    /// The value's name (untrusted text).
    pub value: String,
    /// The value's slug.
    pub slug: String,
    /// The period the change ends in.
    pub period: Period,
    /// The score in that period.
    pub score: Estimate,
    /// The change.
    pub change: Change,
    /// The change's p-value adjusted for testing every segment at once (Benjamini-Hochberg).
    pub q_value: f64,
}

/// A group's figure, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Figure {
    /// Enough answers: the figures.
    Shown(Scores),
    /// Fewer answers than the survey's minimum: the count is shown, the score is not.
    TooFew {
        /// Number of answers.
        n: u64,
    },
    /// Hidden to protect anonymity: nothing about the group is shown, not even its size.
    Suppressed,
}

impl Figure {
    /// The scores, when shown.
    pub fn shown(&self) -> Option<&Scores> {
        match self {
            Figure::Shown(scores) => Some(scores),
            _ => None,
        }
    }

    /// The number of answers the figure shows, if it shows one (a hidden figure does not).
    pub fn answers(&self) -> Option<u64> {
        match self {
            Figure::Shown(scores) => Some(scores.n),
            Figure::TooFew { n } => Some(*n),
            Figure::Suppressed => None,
        }
    }
}

/// The figures of a group with enough answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Number of answers.
    pub n: u64,
    /// The headline score (NPS −100..100, or CSAT %) with its interval.
    pub score: Estimate,
    /// Answers per group of the scale.
    pub groups: ScaleGroups,
    /// Answers per scale point, from the lowest (0 or 1) to the highest.
    pub distribution: Vec<u64>,
    /// Mean score with its interval (CSAT only).
    #[serde(flatten)]
    pub mean: Option<Mean>,
}

/// A mean score with its Student's t interval. In `metrics.json` it is two keys of its figure,
/// `mean` (a number, as before the interval was added) and `mean_interval`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mean {
    /// The mean score.
    #[serde(rename = "mean")]
    pub value: f64,
    /// Its interval.
    #[serde(rename = "mean_interval")]
    pub interval: Interval,
}

/// The ends of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// The scale's groups: promoters, passives, detractors for NPS; satisfied, neutral, dissatisfied
/// for CSAT. Always ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScaleGroups {
    /// Promoters (9-10) or satisfied (4-5).
    pub top: u64,
    /// Passives (7-8) or neutral (3).
    pub middle: u64,
    /// Detractors (0-6) or dissatisfied (1-2).
    pub bottom: u64,
}

impl ScaleGroups {
    /// Answers in all three groups.
    pub fn n(self) -> u64 {
        self.top + self.middle + self.bottom
    }
}

/// A comment that may be shown, with what the reader needs to place it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommentReport {
    /// The day, or `None` where anonymity allows only the period.
    pub date: Option<String>,
    /// The period.
    pub period: Period,
    /// The score given with it.
    pub score: u8,
    /// The text (untrusted). Shared with the tally and every group that shows it.
    pub text: Arc<str>,
    /// (dimension title, value) pairs (untrusted values), shared likewise.
    pub tags: Vec<(Arc<str>, Arc<str>)>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A survey's comments over `months` months from January 2024, `per_month(i)` in month i
    /// (all promoters'), a quarter of them mentioning one theme, "Main", and eight more themes
    /// mentioned in the first month, once more each than the one before.
    pub(crate) fn text(months: u32, per_month: impl Fn(u32) -> u64) -> TextReport {
        let month = |i: u32| {
            let id = format!("{}-{:02}", 2024 + i / 12, i % 12 + 1);
            Period::parse(&id, PeriodKind::Month).unwrap()
        };
        let periods: Vec<(Period, [u64; 3])> = (0..months)
            .map(|i| (month(i), [per_month(i), 0, 0]))
            .collect();
        let main: Vec<(Period, [u64; 3])> = (periods.iter())
            .map(|&(p, [n, ..])| (p, [n / 4, 0, 0]))
            .collect();
        let mut themes = vec![ThemeReport {
            name: "Main".into(),
            total: [main.iter().map(|(_, c)| c[0]).sum(), 0, 0],
            periods: main,
            change: None,
            change_year: None,
            score: None,
            vs_others: None,
            examples: Vec::new(),
        }];
        for extra in 0..8 {
            themes.push(ThemeReport {
                name: format!("Extra {extra}"),
                total: [extra + 1, 0, 0],
                periods: vec![(month(0), [extra + 1, 0, 0])],
                change: None,
                change_year: None,
                score: None,
                vs_others: None,
                examples: Vec::new(),
            });
        }
        TextReport {
            comments: [periods.iter().map(|(_, c)| c[0]).sum(), 0, 0],
            themes,
            unthemed: None,
            periods,
            compared: None,
            compared_year: None,
            unthemed_score: None,
            words: Default::default(),
        }
    }

    /// The periods themes are followed over, and those with enough comments to show.
    fn trend(text: &TextReport, finest: PeriodKind) -> Option<(PeriodKind, Vec<String>)> {
        let kind = text.trend_kind(finest)?;
        let shown = text.shown_periods(kind).into_iter();
        Some((kind, shown.map(|(p, _)| p.to_string()).collect()))
    }

    #[test]
    fn themes_are_followed_over_the_surveys_periods_when_they_have_enough_comments() {
        let text = text(6, |_| 200);
        assert_eq!(trend(&text, PeriodKind::Month).unwrap().1.len(), 6);
        let months = text.shown_periods(PeriodKind::Month);
        assert_eq!(typical_comments(&months), Some(200));
    }

    #[test]
    fn with_too_few_comments_a_period_themes_are_followed_by_quarter_then_by_year() {
        // 80 a month: quarters of 240, each the sum of its months, themes' mentions too.
        let by_month = text(24, |i| 70 + u64::from(i % 3) * 10);
        let (kind, periods) = trend(&by_month, PeriodKind::Month).unwrap();
        assert_eq!((kind, periods.len()), (PeriodKind::Quarter, 8));
        let quarter = Period::parse("2025-Q2", PeriodKind::Quarter).unwrap();
        assert_eq!(by_month.comments_per(kind)[&quarter], [240, 0, 0]);
        let mentions = by_month.themes[0].mentions_per(kind);
        assert_eq!(mentions[&quarter], [17 + 20 + 22, 0, 0]);
        // 20 a month (no month shown): quarters of 60 are too few, years of 240 are not.
        let (kind, periods) = trend(&text(24, |_| 20), PeriodKind::Month).unwrap();
        assert_eq!(
            (kind, periods),
            (PeriodKind::Year, vec!["2024".into(), "2025".into()])
        );
        // One year of it: quarters, the coarsest with two periods to show.
        let (kind, periods) = trend(&text(12, |_| 20), PeriodKind::Month).unwrap();
        assert_eq!((kind, periods.len()), (PeriodKind::Quarter, 4));
        // A quarterly survey is never followed by month.
        let (kind, _) = trend(&text(24, |_| 250), PeriodKind::Quarter).unwrap();
        assert_eq!(kind, PeriodKind::Quarter);
        // Nothing to follow over one period, or without themes.
        assert!(trend(&text(3, |_| 500), PeriodKind::Quarter).is_none());
        let mut themeless = text(24, |_| 250);
        themeless.themes.clear();
        assert!(trend(&themeless, PeriodKind::Month).is_none());
    }

    #[test]
    fn a_period_with_too_few_comments_is_left_out_of_the_typical_one() {
        // Month 3 has 29 comments; the median of the other five is 400, not the 29.
        let text = text(6, |i| match i {
            3 => 29,
            4 | 5 => 500,
            _ => 400,
        });
        let (kind, periods) = trend(&text, PeriodKind::Month).unwrap();
        assert_eq!(kind, PeriodKind::Month);
        assert_eq!(
            periods,
            ["2024-01", "2024-02", "2024-03", "2024-05", "2024-06"]
        );
        assert_eq!(typical_comments(&text.shown_periods(kind)), Some(400));
    }

    #[test]
    fn effect_sizes_follow_cohens_benchmarks_for_omega_squared() {
        let explained = |share: f64| Explained {
            anova: Anova {
                share,
                f: 1.0,
                df_between: 1,
                df_within: 10,
                p_value: 0.5,
            },
            q_value: 0.5,
            significant: false,
        };
        let sizes =
            [0.0, 0.0099, 0.01, 0.0599, 0.06, 0.1399, 0.14, 0.9].map(|s| explained(s).size());
        use EffectSize::*;
        assert_eq!(
            sizes,
            [
                Negligible, Negligible, Small, Small, Medium, Medium, Large, Large
            ]
        );
    }
}
