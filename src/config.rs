//! `cxreport.toml` into a validated [`Config`].
//!
//! The file is a schema: unknown keys are errors that name the key, the file, the line and what
//! was expected, so a typo never silently drops a setting. Paths resolve relative to the
//! configuration file, so a project builds the same from any working directory.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Place, Problem, Result, line_column};
use crate::period::Period;
use crate::text::is_slug;

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The configuration file as given.
    pub file: PathBuf,
    /// The folder the configuration file is in; every relative path starts here.
    pub root: PathBuf,
    /// The report's title, shown on every page.
    pub title: String,
    /// Who the report is about.
    pub organisation: String,
    /// The language of the report's text.
    pub locale: Locale,
    /// Confidence level of every interval, e.g. 0.95.
    pub confidence: f64,
    /// A change is called significant when its two-sided p-value is below this, e.g. 0.05.
    pub significance: f64,
    /// The surveys, in the order the file lists them.
    pub surveys: Vec<Survey>,
    /// Customer and employee surveys to read side by side (eNPS ↔ NPS).
    pub compares: Vec<Compare>,
    /// A project's own benchmark table, replacing the shipped one.
    pub benchmarks: Option<String>,
    /// Comment themes: keyword rules counted in the comments of every survey, or of those
    /// each names.
    pub themes: Vec<crate::text_stats::Theme>,
    /// What happened when (`[[event]]`): marked on the trends of every survey, or of those
    /// each names, in date order.
    pub events: Vec<Event>,
    /// An image shown beside the title on every page and as the pages' icon, relative to the
    /// configuration file.
    pub logo: Option<PathBuf>,
    /// The time zone whose days and months answers are counted in (`timezone`), when set.
    pub timezone: Option<chrono_tz::Tz>,
    /// Whether comments are shown with their e-mail addresses and long numbers taken out
    /// ([`crate::redact`]); on unless `redact = false`.
    pub redact: bool,
    /// Whether search engines may index the pages: not unless `search_engines = true`, as a
    /// report of customers' and employees' answers is most often for the company's eyes.
    pub search_engines: bool,
}

/// Something that happened, such as a new delivery carrier or a reorganisation: marked on the
/// trends so that a change can be read beside its likely cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The day it happened, or began.
    pub date: chrono::NaiveDate,
    /// The last day of an event that lasted (a peak season, a reorganisation); never before
    /// `date`, and `None` for a day's event.
    pub until: Option<chrono::NaiveDate>,
    /// What happened, shown under the chart: "New delivery carrier".
    pub label: String,
    /// The ids of the surveys it is marked on; every survey's when empty.
    pub surveys: Vec<String>,
}

impl Event {
    /// Whether it is marked on survey `id`.
    pub fn is_on(&self, id: &str) -> bool {
        self.surveys.is_empty() || self.surveys.iter().any(|s| s == id)
    }
}

/// An event as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    /// A TOML date (`2024-04-08`) or a text written like one.
    date: toml::Spanned<toml::Value>,
    /// The last day, for an event that lasted; written like `date`.
    until: Option<toml::Spanned<toml::Value>>,
    label: toml::Spanned<String>,
    #[serde(default)]
    surveys: Vec<toml::Spanned<String>>,
}

/// The longest label an event may have: it is a line under a chart, not a paragraph.
const MAX_EVENT_LABEL: usize = 80;

/// Image types a logo may have, by extension.
pub const LOGO_EXTENSIONS: [&str; 5] = ["svg", "png", "jpg", "jpeg", "webp"];

impl Config {
    /// The events marked on the trends of any of the surveys `ids`, in date order.
    pub fn events_of(&self, ids: &[&str]) -> Vec<&Event> {
        (self.events.iter())
            .filter(|event| ids.iter().any(|id| event.is_on(id)))
            .collect()
    }

    /// The themes counted in the comments of survey `id`, in configuration order.
    pub fn themes_of(&self, id: &str) -> Vec<crate::text_stats::Theme> {
        (self.themes.iter())
            .filter(|theme| theme.counts_in(id))
            .cloned()
            .collect()
    }

    /// Where the logo is in the site, `static/logo.svg`, when there is one.
    pub fn logo_href(&self) -> Option<String> {
        let extension = self
            .logo
            .as_ref()?
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Some(format!("static/logo.{extension}"))
    }
}

/// A survey's target: a score to reach by a period.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The score to reach.
    pub value: f64,
    /// The period it should be reached in, as `2025-12`, `2025-Q4` or `2025`.
    pub by: String,
}

/// A customer survey and an employee survey read side by side: their scores over the shared
/// periods, and optionally per value of dimensions that mean the same (region ↔ location).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    /// The customer survey's id (`nps`).
    pub customers: String,
    /// The employee survey's id (`enps`).
    pub employees: String,
    /// Dimension pairs whose values have the same names in both surveys.
    #[serde(default)]
    pub dimensions: Vec<ComparedDimension>,
}

/// A dimension of each survey whose values match by name.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ComparedDimension {
    /// The customer survey's dimension id.
    pub customers: String,
    /// The employee survey's dimension id.
    pub employees: String,
}

/// One survey: where its answers are and what they mean.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// Identifier used in links and `metrics.json`: `[a-z0-9-]`.
    pub id: String,
    /// Title shown in the report.
    pub title: String,
    /// What the score measures.
    pub kind: Kind,
    /// A CSAT survey's scale, by its highest point: 5 (1-5, the default) or 7 (1-7); the
    /// validated configuration has it in `kind`.
    #[serde(default)]
    pub scale: Option<toml::Spanned<u8>>,
    /// Files or glob patterns, relative to the configuration file.
    #[serde(deserialize_with = "one_or_many")]
    pub files: Vec<String>,
    /// How answers are grouped in time.
    #[serde(default)]
    pub period: PeriodKind,
    /// Which CSV columns hold what.
    pub columns: Columns,
    /// Segment dimensions (region, channel, team, ...), in the order the report shows them.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// Questions asked beside the score on a 1-5 scale, whose answers the report sets beside the
    /// score's: how favourably each is answered and how closely it goes with the score.
    #[serde(default)]
    pub drivers: Vec<Driver>,
    /// The drivers' answer labels and their values, e.g. `{ "Strongly agree" = 5 }` (matched
    /// ignoring case), for exports that write the choice's text.
    #[serde(default)]
    pub driver_labels: std::collections::BTreeMap<String, u8>,
    /// How dates are written: `"iso"` (ISO 8601, the default), `"unix"` (seconds since 1970),
    /// or a `chrono` format such as `"%d.%m.%Y"`. A `format` may set it.
    #[serde(default)]
    pub date_format: Option<String>,
    /// The survey tool the files come from: header rows, usual columns and date format.
    #[serde(default)]
    pub format: Option<crate::ingest::Format>,
    /// Header rows: the first holds the column names, the others are skipped (`format` sets it).
    #[serde(default)]
    pub header_rows: Option<usize>,
    /// The files' text encoding, when detection gets it wrong (`utf-8`, `utf-16le`,
    /// `utf-16be`, `windows-1252`).
    #[serde(default)]
    pub encoding: Option<String>,
    /// The field delimiter, when detection gets it wrong: `","`, `";"`, `"tab"` or `"|"`.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// The sheet read from workbook files (`.xlsx`, `.xlsm`, `.xlsb`); the first sheet when
    /// unset.
    #[serde(default)]
    pub sheet: Option<String>,
    /// How a score written as text is read: `"number"` (the default) or `"leading-number"`
    /// (`10 - Extremely likely` is 10).
    #[serde(default)]
    pub score_text: ScoreText,
    /// Answer labels and their scores, e.g. `{ "Very satisfied" = 5 }` (matched ignoring case).
    #[serde(default)]
    pub score_labels: std::collections::BTreeMap<String, u8>,
    /// Answers that say the question was not answered, e.g. `["Don't know", "N/A"]` (matched
    /// ignoring case): read as an empty score or driver answer, a skipped question.
    #[serde(default)]
    pub no_answer: Vec<String>,
    /// What to do with a row that cannot be read: `"fail"` (the default) or `"skip"` it and
    /// count why.
    #[serde(default)]
    pub on_invalid: OnInvalid,
    /// Below this many answers a figure is shown as "too few answers" and no score is given.
    /// Defaults to 30 for customer surveys and 5 for employee surveys.
    #[serde(default)]
    pub min_n: Option<u64>,
    /// A sentence shown under the survey's title (for example, who was asked and when).
    #[serde(default)]
    pub description: Option<String>,
    /// A CSV of invitations (`period`, `invited`, optional dimension columns), for response
    /// rates; relative to the configuration file.
    #[serde(default)]
    pub invitations: Option<String>,
    /// The industry benchmark to compare with.
    #[serde(default)]
    pub benchmark: Option<crate::benchmarks::Request>,
    /// A target score and when it should be reached. Spanned, so that a wrong one is placed at
    /// its line.
    #[serde(default)]
    pub target: Option<toml::Spanned<Target>>,
    /// The first period reported (`2024-01`, `2024-Q1` or `2024`); earlier answers are left
    /// out and counted. Spanned, so that a wrong one is placed at its line.
    #[serde(default)]
    pub from: Option<toml::Spanned<String>>,
    /// The last period reported; later answers are left out and counted.
    #[serde(default)]
    pub until: Option<toml::Spanned<String>>,
    /// Answers read only where each of these columns holds one of its values (trimmed,
    /// ignoring case): `{ Finished = ["True", "1"] }`. The other rows are left out and counted.
    #[serde(default)]
    pub only: BTreeMap<String, Values>,
    /// Answers left out, and counted, where any of these columns holds one of its values:
    /// `{ Status = ["Survey Preview", "Spam"] }` (previews and spam in a Qualtrics export).
    #[serde(default)]
    pub leave_out: BTreeMap<String, Values>,
    /// Apply the employee anonymity rules (always on for `enps`).
    #[serde(default)]
    pub confidential: bool,
    /// In a confidential survey, the id of the one dimension whose values' pages show
    /// comments; the first dimension when unset ([`Survey::comment_dimension`]).
    #[serde(default)]
    pub comments_by: Option<String>,
    /// The time zone the files' times without a zone are written in, when it is not the
    /// report's (`"UTC"` for an API export); spanned, so that a wrong one is placed.
    #[serde(default)]
    pub date_zone: Option<toml::Spanned<String>>,
    /// The report's `timezone`, which a time that names its zone is moved into before its day
    /// is taken (set from the configuration's top level).
    #[serde(skip)]
    pub zone: Option<chrono_tz::Tz>,
}

/// A value or a list of them, as a filter names them: `"True"` or `["True", "1"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Values(#[serde(deserialize_with = "one_or_many")] pub Vec<String>);

/// How a score written as text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScoreText {
    /// Only a number is a score.
    #[default]
    Number,
    /// A leading number followed by a label is a score: `10 - Extremely likely`.
    LeadingNumber,
}

/// What to do with a row that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnInvalid {
    /// Stop the build and list every problem.
    #[default]
    Fail,
    /// Skip the row and count it by reason.
    Skip,
}

impl Survey {
    /// Header rows, from the configuration or the format.
    pub fn header_rows(&self) -> usize {
        self.header_rows
            .or(self.format.map(|f| f.preset().header_rows))
            .unwrap_or(1)
    }

    /// Whether the second header row names the statements of matrix questions, as the
    /// `format` preset says (SurveyMonkey), and there is a second header row.
    pub fn statements_row(&self) -> bool {
        self.header_rows() >= 2 && self.format.is_some_and(|f| f.preset().statements_row)
    }

    /// The configured encoding (validated when the configuration is read).
    pub fn encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        self.encoding
            .as_deref()
            .and_then(crate::ingest::detect::encoding_for_label)
    }

    /// The configured delimiter (validated when the configuration is read).
    pub fn delimiter(&self) -> Option<u8> {
        match self.delimiter.as_deref()? {
            "tab" | "\t" | "\\t" => Some(b'\t'),
            d if d.len() == 1 && ",;|\t".contains(d) => Some(d.as_bytes()[0]),
            _ => None,
        }
    }

    /// The zone of the files' times without one, from `date_zone` (validated when the
    /// configuration is read).
    pub fn date_zone(&self) -> Option<chrono_tz::Tz> {
        self.date_zone.as_ref()?.get_ref().trim().parse().ok()
    }

    /// Whether the anonymity rules apply: employee surveys and any survey marked confidential.
    pub fn is_confidential(&self) -> bool {
        self.confidential || self.kind == Kind::Enps
    }

    /// In a confidential survey, the index of the one dimension whose values' pages show
    /// comments: `comments_by`, or the first (validated when the configuration is read). A
    /// comment found on the pages of two groups, a department's and a location's, would point
    /// to the people in both. `None` when every dimension shows them, or there is none.
    pub fn comment_dimension(&self) -> Option<usize> {
        if !self.is_confidential() || self.dimensions.is_empty() {
            return None;
        }
        match &self.comments_by {
            Some(id) => self.dimensions.iter().position(|d| &d.id == id),
            None => Some(0),
        }
    }

    /// The minimum number of answers for a figure to be shown.
    pub fn min_n(&self) -> u64 {
        self.min_n
            .unwrap_or_else(|| default_min_n(self.is_confidential()))
    }

    /// The periods reported, from `from` and `until` (validated when the configuration is
    /// read).
    pub fn window(&self) -> Window {
        let period = |text: &Option<toml::Spanned<String>>| {
            (text.as_ref()).and_then(|text| Period::parse(text.get_ref(), self.period))
        };
        Window {
            from: period(&self.from),
            until: period(&self.until),
        }
    }
}

/// The periods a survey reports: answers dated before `from` or after `until` are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The first period reported, if any is set.
    pub from: Option<Period>,
    /// The last period reported, if any is set.
    pub until: Option<Period>,
}

impl Window {
    /// Whether answers of `period` are reported.
    pub fn contains(self, period: Period) -> bool {
        self.from.is_none_or(|from| period >= from)
            && self.until.is_none_or(|until| period <= until)
    }
}

/// The CSV columns of a survey, by header name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The score column (a `format` may name it).
    #[serde(default)]
    pub score: String,
    /// The date the answer was given (a `format` may name it).
    #[serde(default)]
    pub date: String,
    /// Free-text comment.
    #[serde(default)]
    pub comment: Option<String>,
    /// Response identifier.
    #[serde(default)]
    pub response_id: Option<String>,
    /// How many answers each row stands for, in an export already tallied (one row per date,
    /// segment values and score, with their count). Spanned, so that a clash is placed.
    #[serde(default)]
    pub count: Option<toml::Spanned<String>>,
}

/// A segment dimension: a column whose values split the answers into groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Identifier used in links and `metrics.json`; defaults to a slug of the title.
    #[serde(default)]
    pub id: String,
    /// Title shown in the report, e.g. "Region".
    pub title: String,
    /// The CSV column holding the dimension's value.
    pub column: String,
    /// The most values the dimension may have: each value is a group with its own page, so a
    /// column of ids, e-mails or free text mapped by mistake would write a page per answer.
    #[serde(default = "default_max_values")]
    pub max_values: usize,
    /// Values read as other values: `{ "OSLO" = "Oslo", "1" = "Bergen" }` merges spellings of
    /// one value and names coded ones. Applied once (a recoded value is not recoded again),
    /// as each spelling is first read, so [`max_values`](Self::max_values) counts names.
    #[serde(default)]
    pub recode: BTreeMap<String, String>,
}

/// A question asked beside the score on a 1-5 agreement or satisfaction scale ("I know what is
/// expected of me at work"). Its answers are read with the score's, row by row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    /// Identifier used in `metrics.json`; defaults to a slug of the title.
    #[serde(default)]
    pub id: String,
    /// The question as the report shows it.
    pub title: String,
    /// The CSV column holding its answers, 1 to 5; an empty field is a skipped question.
    pub column: String,
    /// Worded against the score ("I often think of leaving"): its answers are counted the other
    /// way round, 5 as 1, so that favourable means disagreeing.
    #[serde(default)]
    pub reverse: bool,
}

/// The most drivers a survey may have: a report that sets 25 questions side by side is a
/// "graveyard of numbers".
pub const MAX_DRIVERS: usize = 24;

/// [`Dimension::max_values`] unless set: five times the 1,000 agents a large contact centre has.
pub const DEFAULT_MAX_VALUES: usize = 5_000;

fn default_max_values() -> usize {
    DEFAULT_MAX_VALUES
}

/// What a survey's score measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(from = "KindName", into = "KindName")]
pub enum Kind {
    /// Net Promoter Score from customers, 0-10.
    Nps,
    /// Employee Net Promoter Score, 0-10.
    Enps,
    /// Customer satisfaction on a scale from 1 to `points` (5 or 7): the share of answers in
    /// its top two points.
    Csat {
        /// The scale's highest point, [`CSAT_SCALES`].
        points: u8,
    },
}

/// The CSAT scales a survey may have, by their highest point: 1-5 (the usual) and 1-7.
pub const CSAT_SCALES: [u8; 2] = [5, 7];

/// A kind as the configuration and `metrics.json` write it; a CSAT survey's scale is its own
/// key (`scale`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum KindName {
    Nps,
    Enps,
    Csat,
}

impl From<KindName> for Kind {
    fn from(name: KindName) -> Kind {
        match name {
            KindName::Nps => Kind::Nps,
            KindName::Enps => Kind::Enps,
            KindName::Csat => Kind::CSAT,
        }
    }
}

impl From<Kind> for KindName {
    fn from(kind: Kind) -> KindName {
        match kind {
            Kind::Nps => KindName::Nps,
            Kind::Enps => KindName::Enps,
            Kind::Csat { .. } => KindName::Csat,
        }
    }
}

impl Kind {
    /// CSAT on the usual 1-5 scale.
    pub const CSAT: Kind = Kind::Csat { points: 5 };

    /// The lowest and highest valid score.
    pub fn range(self) -> (u8, u8) {
        match self {
            Kind::Nps | Kind::Enps => (0, 10),
            Kind::Csat { points } => (1, points),
        }
    }

    /// The scores of the scale's three groups, top first: promoters, passives and detractors,
    /// or satisfied (the top two points), neutral and dissatisfied (the bottom two).
    pub fn groups(self) -> [(u8, u8); 3] {
        match self {
            Kind::Nps | Kind::Enps => [(9, 10), (7, 8), (0, 6)],
            Kind::Csat { points } => [(points - 1, points), (3, points - 2), (1, 2)],
        }
    }

    /// The group (0 top, 1 middle, 2 bottom) of a score on the scale.
    pub fn group_of(self, score: u8) -> usize {
        let [top, middle, _] = self.groups();
        if score >= top.0 {
            0
        } else if score >= middle.0 {
            1
        } else {
            2
        }
    }

    /// Whether the score is a share of answers, a percentage (CSAT), rather than a net score.
    pub fn is_share(self) -> bool {
        matches!(self, Kind::Csat { .. })
    }

    /// The metric's name as readers know it.
    pub fn metric(self) -> &'static str {
        match self {
            Kind::Nps => "NPS",
            Kind::Enps => "eNPS",
            Kind::Csat { .. } => "CSAT",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.metric())
    }
}

/// How answers are grouped in time.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// ISO 8601 weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

/// The fewest answers a group needs for its figure unless `min_n` says otherwise: 30, or 5
/// (the anonymity threshold) for a confidential survey.
pub fn default_min_n(confidential: bool) -> u64 {
    if confidential { 5 } else { 30 }
}

impl PeriodKind {
    /// Its name in the configuration: `week`, `month`, `quarter`, `year`.
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// A period of this kind as the configuration and `metrics.json` write it.
    pub fn example(self) -> &'static str {
        match self {
            PeriodKind::Week => "2025-W05",
            PeriodKind::Month => "2025-03",
            PeriodKind::Quarter => "2025-Q1",
            PeriodKind::Year => "2025",
        }
    }
}

pub use crate::locale::Locale;

/// The file as written; `Config` is what it means.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    locale: Locale,
    #[serde(default)]
    confidence: Option<toml::Spanned<f64>>,
    #[serde(default)]
    significance: Option<toml::Spanned<f64>>,
    #[serde(default, rename = "survey")]
    surveys: Vec<Survey>,
    #[serde(default, rename = "compare")]
    compares: Vec<Compare>,
    #[serde(default)]
    benchmarks: Option<String>,
    #[serde(default, rename = "theme")]
    themes: Vec<crate::text_stats::Theme>,
    #[serde(default, rename = "event")]
    events: Vec<RawEvent>,
    #[serde(default)]
    logo: Option<toml::Spanned<String>>,
    #[serde(default)]
    timezone: Option<toml::Spanned<String>>,
    #[serde(default = "default_redact")]
    redact: bool,
    #[serde(default)]
    search_engines: bool,
}

fn default_redact() -> bool {
    true
}

fn default_confidence() -> f64 {
    0.95
}

fn default_significance() -> f64 {
    0.05
}

/// How `timezone` and `date_zone` are written, for a name that is not a time zone.
const ZONE_HINT: &str = "name it as the IANA time zone database does, case included: \
                         \"Europe/Oslo\", \"America/New_York\", \"UTC\"";

/// No confidential figure from fewer answers than this, whatever the configuration says.
pub const ANONYMITY_FLOOR: u64 = 3;

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    /// Written out rather than an untagged enum, whose error names no type expected.
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a text or a list of texts")
        }

        fn visit_str<E: serde::de::Error>(self, one: &str) -> Result<Vec<String>, E> {
            Ok(vec![one.to_string()])
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, many: A) -> Result<Vec<String>, A::Error> {
            Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(many))
        }
    }
    d.deserialize_any(OneOrMany)
}

/// Reads and validates the configuration file.
pub fn load(file: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Error::problem(
            Problem::new(format!("cannot read the configuration: {e}"))
                .at(Place::file(file))
                .hint("run `cxreport init` to create a project, or pass --config PATH"),
        )
    })?;
    parse(file, &text)
}

/// Parses and validates configuration text; `file` is only used to name places and resolve paths.
pub fn parse(file: &Path, text: &str) -> Result<Config> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let mut place = Place::file(file);
        if let Some(span) = e.span() {
            let (line, column) = line_column(text, span.start);
            place = Place::at(file, line, column);
        }
        Error::problem(
            Problem::new(e.message().trim().to_string())
                .at(place)
                .hint("see the configuration reference in the README"),
        )
    })?;
    let root = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Each level's value, and its place: at its line when written, else the file's.
    let level = |value: &Option<toml::Spanned<f64>>, default: fn() -> f64| match value {
        Some(value) => {
            let (line, column) = line_column(text, value.span().start);
            (*value.get_ref(), Place::at(file, line, column))
        }
        None => (default(), Place::file(file)),
    };
    let (confidence, confidence_at) = level(&raw.confidence, default_confidence);
    let (significance, significance_at) = level(&raw.significance, default_significance);
    let config = Config {
        file: file.to_path_buf(),
        root,
        title: raw.title,
        organisation: raw.organisation,
        locale: raw.locale,
        confidence,
        significance,
        compares: raw.compares,
        benchmarks: raw.benchmarks,
        themes: raw.themes,
        events: Vec::new(),
        surveys: raw.surveys,
        logo: None,
        timezone: None,
        redact: raw.redact,
        search_engines: raw.search_engines,
    };
    let levels = [confidence_at, significance_at];
    validate(
        config,
        text,
        raw.logo.as_ref(),
        raw.timezone.as_ref(),
        &raw.events,
        levels,
    )
}

/// What is wrong with the logo at `path` (as written: `logo`), if anything: it must be an image
/// file of a kind pages can show.
fn logo_problem(
    config: &Config,
    path: &Path,
    logo: &toml::Spanned<String>,
    text: &str,
) -> Option<Problem> {
    let extension = (path.extension().and_then(|e| e.to_str()))
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let problem = if !LOGO_EXTENSIONS.contains(&extension.as_str()) {
        format!(
            "logo \"{}\" is not an image cxreport can show",
            logo.get_ref().escape_debug()
        )
    } else if !path.is_file() {
        format!("logo \"{}\" is not a file", logo.get_ref().escape_debug())
    } else {
        return None;
    };
    let (line, column) = line_column(text, logo.span().start);
    Some(
        Problem::new(problem)
            .at(Place::at(&config.file, line, column))
            .hint(format!(
                "a path relative to the configuration file, to a {} file",
                LOGO_EXTENSIONS.join(", ")
            )),
    )
}

/// Checks what the types cannot: unique slugs, sensible numbers, at least one survey.
fn validate(
    mut config: Config,
    text: &str,
    logo: Option<&toml::Spanned<String>>,
    timezone: Option<&toml::Spanned<String>>,
    events: &[RawEvent],
    [confidence_at, significance_at]: [Place; 2],
) -> Result<Config> {
    let place = Place::file(&config.file);
    let mut problems = Vec::new();
    // Problems placed at a value's line and column, listed after the others.
    let mut placed = Vec::new();
    if let Some(name) = timezone {
        match name.get_ref().trim().parse::<chrono_tz::Tz>() {
            Ok(zone) => {
                config.timezone = Some(zone);
                for survey in &mut config.surveys {
                    survey.zone = Some(zone);
                }
            }
            Err(_) => {
                let (line, column) = line_column(text, name.span().start);
                placed.push(
                    Problem::new(format!(
                        "timezone \"{}\" is not a time zone",
                        name.get_ref().escape_debug()
                    ))
                    .at(Place::at(&config.file, line, column))
                    .hint(ZONE_HINT),
                );
            }
        }
    }
    if let Some(logo) = logo {
        let path = config.root.join(logo.get_ref());
        match logo_problem(&config, &path, logo, text) {
            None => config.logo = Some(path),
            Some(problem) => placed.push(problem),
        }
    }
    let mut theme_names = BTreeSet::new();
    for theme in &config.themes {
        if !theme_names.insert(theme.name.as_str()) {
            problems.push(
                Problem::new(format!(
                    "theme \"{}\" is configured twice",
                    theme.name.escape_debug()
                ))
                .at(place.clone())
                .hint(
                    "give each theme its own name; a theme counted in several surveys lists \
                     them all: surveys = [\"customers\", \"support\"]",
                ),
            );
        }
        let what = format!("theme \"{}\"", theme.name.escape_debug());
        placed.extend(unknown_surveys(&config, text, &what, &theme.surveys));
        let all = theme.keywords.iter().chain(&theme.words);
        if theme.keywords.is_empty() && theme.words.is_empty()
            || all.clone().any(|k| k.trim().is_empty())
        {
            problems.push(
                Problem::new(format!(
                    "theme \"{}\" has an empty keyword, or none",
                    theme.name.escape_debug()
                ))
                .at(place.clone())
                .hint(
                    "keywords = [\"deliver\"] matches word starts (delivery, delivered), \
                     words = [\"late\"] whole words only (not lately)",
                ),
            );
        }
    }
    // Each event's problems in the order its keys are usually written: date, until, label,
    // surveys.
    for raw in events {
        let label = raw.label.get_ref().trim();
        let what = format!("event \"{}\"", label.escape_debug());
        let at = |span: std::ops::Range<usize>| {
            let (line, column) = line_column(text, span.start);
            Place::at(&config.file, line, column)
        };
        let date = event_date(raw.date.get_ref());
        if date.is_none() {
            placed.push(
                Problem::new(format!("{what} has no date cxreport can read"))
                    .at(at(raw.date.span()))
                    .hint("write the day it happened, or began: date = 2024-04-08"),
            );
        }
        let until = match &raw.until {
            None => Ok(None),
            Some(until) => match (event_date(until.get_ref()), date) {
                (Some(last), Some(first)) if last < first => Err(Problem::new(format!(
                    "{what} ends on {last}, before it begins on {first}"
                ))
                .at(at(until.span()))
                .hint("until is the event's last day, on or after its date")),
                (Some(last), _) => Ok(Some(last)),
                (None, _) => Err(Problem::new(format!(
                    "{what} has an end (until) cxreport cannot read"
                ))
                .at(at(until.span()))
                .hint("write the event's last day: until = 2024-09-30")),
            },
        };
        match (date, until) {
            (Some(date), Ok(until)) => config.events.push(Event {
                date,
                // A last day that is the first is a day's event.
                until: until.filter(|&last| last > date),
                label: label.to_string(),
                surveys: raw.surveys.iter().map(|s| s.get_ref().clone()).collect(),
            }),
            (_, Err(problem)) => placed.push(problem),
            (None, Ok(_)) => {}
        }
        if label.is_empty() {
            placed.push(
                Problem::new("an event has an empty label")
                    .at(at(raw.label.span()))
                    .hint("say what happened, in a few words: label = \"New delivery carrier\""),
            );
        } else if label.chars().count() > MAX_EVENT_LABEL {
            placed.push(
                Problem::new(format!(
                    "event \"{}\" has a label of {} characters",
                    label.escape_debug(),
                    label.chars().count()
                ))
                .at(at(raw.label.span()))
                .hint(format!(
                    "at most {MAX_EVENT_LABEL}: the label is a line under a chart; \
                     the narrative in content/ can tell the rest"
                )),
            );
        }
        placed.extend(unknown_surveys(&config, text, &what, &raw.surveys));
    }
    // Stable: events of one day keep the order they are written in.
    config.events.sort_by_key(|event| event.date);
    let stylesheet = config.root.join("static/style.css");
    if stylesheet.exists() {
        problems.push(
            Problem::new("static/style.css would replace the report's stylesheet")
                .at(Place::file(&stylesheet))
                .hint(
                    "files in static/ are copied into the site as they are; a stylesheet of \
                     your own goes in templates/static/style.css",
                ),
        );
    }
    // Each survey's problems are placed at its [[survey]] line.
    let survey_places = table_places(text, &config.file, "survey", config.surveys.len());
    let mut problem = |at: &Place, message: String, hint: &str| {
        problems.push(Problem::new(message).at(at.clone()).hint(hint));
    };
    if config.surveys.is_empty() {
        problem(
            &place,
            "the configuration lists no survey".into(),
            "add a [[survey]] table with id, title, kind, files and columns",
        );
    }
    if !(0.5..1.0).contains(&config.confidence) {
        problem(
            &confidence_at,
            format!("confidence {} is not between 0.5 and 1", config.confidence),
            "use a level such as 0.95 (95 %) or 0.9",
        );
    }
    if !(config.significance > 0.0 && config.significance <= 0.2) {
        problem(
            &significance_at,
            format!(
                "significance {} is not above 0 and at most 0.2",
                config.significance
            ),
            "use a level such as 0.05 (the usual) or 0.01 (stricter)",
        );
    }
    let mut ids = BTreeSet::new();
    for (survey, at) in config.surveys.iter_mut().zip(&survey_places) {
        // First: the scale bounds the scores of labels and targets checked below.
        if let Some(scale) = &survey.scale {
            let points = *scale.get_ref();
            let (message, hint) = match survey.kind {
                Kind::Csat { .. } if CSAT_SCALES.contains(&points) => {
                    survey.kind = Kind::Csat { points };
                    (None, "")
                }
                Kind::Csat { .. } => (
                    Some(format!(
                        "survey \"{}\" has scale = {points}, which CSAT is not read on",
                        survey.id
                    )),
                    "scale = 5 for answers from 1 to 5 (the default), scale = 7 for 1 to 7",
                ),
                kind => (
                    Some(format!(
                        "survey \"{}\" has a scale, but {kind} is always answered 0 to 10",
                        survey.id
                    )),
                    "scale is for a CSAT survey's 1-5 or 1-7 answers; leave it out",
                ),
            };
            if let Some(message) = message {
                let (line, column) = line_column(text, scale.span().start);
                placed.push(
                    Problem::new(message)
                        .at(Place::at(&config.file, line, column))
                        .hint(hint),
                );
            }
        }
        if !is_slug(&survey.id) {
            problem(
                at,
                format!("survey id \"{}\" is not a slug", survey.id.escape_debug()),
                "use lowercase letters, digits and hyphens, e.g. \"customers\"",
            );
        }
        if !ids.insert(survey.id.clone()) {
            problem(
                at,
                format!("survey id \"{}\" is used twice", survey.id),
                "give each survey its own id",
            );
        }
        if survey.files.is_empty() {
            problem(
                at,
                format!("survey \"{}\" lists no files", survey.id),
                "set files = [\"data/*.csv\"]",
            );
        }
        if survey.min_n == Some(0) {
            problem(
                at,
                format!("survey \"{}\" has min_n = 0", survey.id),
                "use at least 1",
            );
        } else if survey.is_confidential() && survey.min_n() < ANONYMITY_FLOOR {
            problem(
                at,
                format!(
                    "survey \"{}\" is confidential but has min_n = {}",
                    survey.id,
                    survey.min_n()
                ),
                "anonymity needs at least 3 answers per group; 5 is the usual default",
            );
        }
        if let Some(spanned) = &survey.target {
            let (line, column) = line_column(text, spanned.span().start);
            let mut at_target = |message: String, hint: &str| {
                placed.push(
                    Problem::new(message)
                        .at(Place::at(&config.file, line, column))
                        .hint(hint),
                );
            };
            let target = spanned.get_ref();
            let (low, high) = match survey.kind {
                Kind::Csat { .. } => (0.0, 100.0),
                Kind::Nps | Kind::Enps => (-100.0, 100.0),
            };
            if !(low..=high).contains(&target.value) {
                at_target(
                    format!(
                        "survey \"{}\": target {} is outside {low} to {high}",
                        survey.id, target.value
                    ),
                    "a target is a score on the survey's own scale",
                );
            }
            if Period::parse(&target.by, survey.period).is_none() {
                at_target(
                    format!(
                        "survey \"{}\": target date \"{}\" is not a {} like {}",
                        survey.id,
                        target.by.escape_debug(),
                        survey.period.name(),
                        survey.period.example()
                    ),
                    "write it as the survey's periods are written (its period setting)",
                );
            }
        }
        for (key, period) in [("from", &survey.from), ("until", &survey.until)] {
            if let Some(period) = period
                && Period::parse(period.get_ref(), survey.period).is_none()
            {
                let (line, column) = line_column(text, period.span().start);
                placed.push(
                    Problem::new(format!(
                        "survey \"{}\": {key} = \"{}\" is not a {} like {}",
                        survey.id,
                        period.get_ref().escape_debug(),
                        survey.period.name(),
                        survey.period.example()
                    ))
                    .at(Place::at(&config.file, line, column))
                    .hint("write it as the survey's periods are written (its period setting)"),
                );
            }
        }
        if let (Some(from), Some(until)) = (&survey.from, survey.window().until)
            && survey.window().from > Some(until)
        {
            let (line, column) = line_column(text, from.span().start);
            placed.push(
                Problem::new(format!(
                    "survey \"{}\": from = \"{}\" is after until = \"{until}\"",
                    survey.id,
                    from.get_ref().escape_debug()
                ))
                .at(Place::at(&config.file, line, column))
                .hint("from is the first period reported and until the last"),
            );
        }
        if let Some(count) = &survey.columns.count {
            let (line, column) = line_column(text, count.span().start);
            let at = Place::at(&config.file, line, column);
            // A row that stands for many answers cannot be one answer's comment or id.
            let clashes = [
                ("comment", survey.columns.comment.is_some()),
                ("response_id", survey.columns.response_id.is_some()),
            ];
            for (key, _) in clashes.iter().filter(|(_, mapped)| *mapped) {
                placed.push(
                    Problem::new(format!(
                        "survey \"{}\" maps both count and {key}",
                        survey.id
                    ))
                    .at(at.clone())
                    .hint(format!(
                        "a row of a tallied export stands for many answers, so it has no one \
                         {key}; read the answers with their {key} as a survey of their own"
                    )),
                );
            }
            if count.get_ref().trim().is_empty() {
                placed.push(
                    Problem::new(format!(
                        "survey \"{}\" names no count column: count = \"{}\"",
                        survey.id,
                        count.get_ref().escape_debug()
                    ))
                    .at(at)
                    .hint("set it to the header of the column that holds each row's count"),
                );
            }
        }
        if let Some(name) = &survey.date_zone {
            let (line, column) = line_column(text, name.span().start);
            let at = Place::at(&config.file, line, column);
            if survey.date_zone().is_none() {
                placed.push(
                    Problem::new(format!(
                        "survey \"{}\": date_zone \"{}\" is not a time zone",
                        survey.id,
                        name.get_ref().escape_debug()
                    ))
                    .at(at)
                    .hint(ZONE_HINT),
                );
            } else if timezone.is_none() {
                placed.push(
                    Problem::new(format!(
                        "survey \"{}\" sets date_zone but the report has no timezone",
                        survey.id
                    ))
                    .at(at)
                    .hint(
                        "times are moved from date_zone into the report's time zone: set \
                         timezone = \"Europe/Oslo\" (say) at the top of the configuration",
                    ),
                );
            }
        }
        for (key, filters) in [("only", &survey.only), ("leave_out", &survey.leave_out)] {
            for (column, values) in filters {
                if column.trim().is_empty() {
                    problem(
                        at,
                        format!("survey \"{}\": {key} names an empty column", survey.id),
                        &format!(
                            "name the column by its header: {key} = {{ Status = \"Survey Preview\" }}"
                        ),
                    );
                } else if values.0.is_empty() {
                    problem(
                        at,
                        format!(
                            "survey \"{}\": {key} lists no value for column \"{}\"",
                            survey.id,
                            column.escape_debug()
                        ),
                        &format!(
                            "list the values that {}: {key} = {{ \"{}\" = [\"...\"] }}",
                            if key == "only" {
                                "keep a row"
                            } else {
                                "leave a row out"
                            },
                            column.escape_debug()
                        ),
                    );
                }
            }
        }
        if let Some(format) = survey.format {
            let preset = format.preset();
            let fill = |field: &mut String, default: Option<&str>| {
                if field.is_empty() {
                    *field = default.unwrap_or_default().to_string();
                }
            };
            fill(&mut survey.columns.score, preset.score);
            fill(&mut survey.columns.date, preset.date);
            // A tallied export has no ids: its rows are counts, not answers.
            if survey.columns.response_id.is_none() && survey.columns.count.is_none() {
                survey.columns.response_id = preset.response_id.map(str::to_string);
            }
            if survey.date_format.is_none() {
                survey.date_format = preset.date_format.map(str::to_string);
            }
        }
        for (name, value) in [
            ("score", &survey.columns.score),
            ("date", &survey.columns.date),
        ] {
            if value.trim().is_empty() {
                problem(
                    at,
                    format!(
                        "survey \"{}\" does not say which column holds the {name}",
                        survey.id
                    ),
                    &format!("set columns = {{ {name} = \"...\" }} to the column's header"),
                );
            }
        }
        if survey.header_rows == Some(0) {
            problem(
                at,
                format!("survey \"{}\" has header_rows = 0", survey.id),
                "the first row must name the columns; use 1 or more",
            );
        }
        if let Some(label) = &survey.encoding
            && crate::ingest::detect::encoding_for_label(label).is_none()
        {
            problem(
                at,
                format!(
                    "survey \"{}\": unknown encoding \"{}\"",
                    survey.id,
                    label.escape_debug()
                ),
                "use utf-8, utf-16le, utf-16be or windows-1252",
            );
        }
        if survey.delimiter.is_some() && survey.delimiter().is_none() {
            problem(
                at,
                format!(
                    "survey \"{}\": delimiter \"{}\" is not one of , ; tab |",
                    survey.id,
                    survey
                        .delimiter
                        .as_deref()
                        .unwrap_or_default()
                        .escape_debug()
                ),
                "write \",\", \";\", \"tab\" or \"|\"",
            );
        }
        for text in &survey.no_answer {
            let labelled = (survey
                .score_labels
                .keys()
                .chain(survey.driver_labels.keys()))
            .any(|label| label.trim().eq_ignore_ascii_case(text.trim()));
            if text.trim().is_empty() || labelled {
                problem(
                    at,
                    format!(
                        "survey \"{}\": no_answer \"{}\" is {}",
                        survey.id,
                        text.escape_debug(),
                        if labelled { "a label too" } else { "empty" }
                    ),
                    "no_answer lists texts that mean no answer (an empty field is one already); \
                     a text is either a label with its score or no answer",
                );
            }
        }
        for (label, score) in &survey.score_labels {
            let (low, high) = survey.kind.range();
            if !(low..=high).contains(score) {
                problem(
                    at,
                    format!(
                        "survey \"{}\": label \"{}\" maps to {score}, outside {low}-{high}",
                        survey.id,
                        label.escape_debug()
                    ),
                    "a label's score is on the survey's own scale",
                );
            }
        }
        let dimensions = (survey.dimensions.iter_mut()).map(|d| (&mut d.id, d.title.as_str()));
        name_ids(
            ["dimension", "region"],
            &survey.id,
            dimensions,
            &mut |message, hint| problem(at, message, hint),
        );
        if let Some(id) = &survey.comments_by {
            if !survey.is_confidential() {
                problem(
                    at,
                    format!(
                        "survey \"{}\" sets comments_by but is not confidential",
                        survey.id
                    ),
                    "comments_by chooses where a confidential survey's comments are shown; a \
                     customer survey shows them under every dimension (or set confidential = \
                     true)",
                );
            } else if !survey.dimensions.iter().any(|d| &d.id == id) {
                let ids: Vec<String> = (survey.dimensions.iter())
                    .map(|d| format!("\"{}\"", d.id))
                    .collect();
                problem(
                    at,
                    format!(
                        "survey \"{}\": comments_by = \"{}\" is not one of its dimensions",
                        survey.id,
                        id.escape_debug()
                    ),
                    &if ids.is_empty() {
                        "the survey has no dimensions: remove comments_by".to_owned()
                    } else {
                        format!("use one of its dimension ids: {}", ids.join(", "))
                    },
                );
            }
        }
        // Empty values are read as NOT_STATED and reported in the report's language, as if
        // recoded (a project's own recoding of them wins).
        let not_stated = config.locale.texts().get("group.not_stated");
        for dimension in &mut survey.dimensions {
            if not_stated != crate::ingest::NOT_STATED {
                (dimension.recode)
                    .entry(crate::ingest::NOT_STATED.into())
                    .or_insert_with(|| not_stated.into());
            }
            if dimension.max_values == 0 {
                problem(
                    at,
                    format!(
                        "dimension \"{}\" in survey \"{}\" has max_values = 0",
                        dimension.id, survey.id
                    ),
                    "max_values is the most values the dimension may have: at least 1",
                );
            }
            if let Some((from, _)) = (dimension.recode.iter()).find(|(_, to)| to.trim().is_empty())
            {
                problem(
                    at,
                    format!(
                        "dimension \"{}\" in survey \"{}\" recodes \"{}\" to an empty value",
                        dimension.id,
                        survey.id,
                        from.escape_debug()
                    ),
                    "recode a value to the name it should be reported under; an empty value is \
                     reported as \"Not stated\" already",
                );
            }
        }
    }
    for (survey, at) in config.surveys.iter_mut().zip(&survey_places) {
        validate_drivers(survey, &mut problems, at);
    }
    problems.append(&mut placed);
    let compare_places = table_places(text, &config.file, "compare", config.compares.len());
    validate_compares(&mut config, &mut problems, &compare_places);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(Error::Input(problems))
    }
}

/// A problem for each of `surveys` (as written in `what`, a theme or an event) that names no
/// configured survey.
fn unknown_surveys(
    config: &Config,
    text: &str,
    what: &str,
    surveys: &[toml::Spanned<String>],
) -> Vec<Problem> {
    let known: Vec<&str> = config.surveys.iter().map(|s| s.id.as_str()).collect();
    (surveys.iter())
        .filter(|id| !known.contains(&id.get_ref().as_str()))
        .map(|id| {
            let (line, column) = line_column(text, id.span().start);
            Problem::new(format!(
                "{what} names survey \"{}\", which is not configured",
                id.get_ref().escape_debug()
            ))
            .at(Place::at(&config.file, line, column))
            .hint(format!(
                "surveys are named by their id: {}",
                known.join(", ")
            ))
        })
        .collect()
}

/// An event's day: a TOML date (`2024-04-08`), or a text written like one.
fn event_date(value: &toml::Value) -> Option<chrono::NaiveDate> {
    match value {
        toml::Value::String(text) => {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
        }
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            let date = datetime.date?;
            chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
        }
        _ => None,
    }
}

/// The place of each of `count` tables of an array named `name` (`survey`, `compare`): the
/// line of its `[[name]]` header in `text`, or the file alone when the headers cannot be told
/// (tables written as an inline array).
fn table_places(text: &str, file: &Path, name: &str, count: usize) -> Vec<Place> {
    let header = format!("[[{name}]]");
    let headers: Vec<u64> = (text.lines().zip(1..))
        .filter(|(line, _)| {
            let table: String = (line.split('#').next().unwrap_or("").split_whitespace()).collect();
            table == header
        })
        .map(|(_, number)| number)
        .collect();
    if headers.len() == count {
        headers
            .into_iter()
            .map(|line| Place::at(file, line, 1))
            .collect()
    } else {
        vec![Place::file(file); count]
    }
}

/// Gives each driver an id and checks them: slugs, each once, at most [`MAX_DRIVERS`].
fn validate_drivers(survey: &mut Survey, problems: &mut Vec<Problem>, place: &Place) {
    let mut problem = |message: String, hint: &str| {
        problems.push(Problem::new(message).at(place.clone()).hint(hint));
    };
    if survey.drivers.len() > MAX_DRIVERS {
        problem(
            format!(
                "survey \"{}\" has {} drivers",
                survey.id,
                survey.drivers.len()
            ),
            &format!(
                "at most {MAX_DRIVERS}: keep the questions a team can act on; a survey per \
                 topic can take the rest"
            ),
        );
    }
    for (label, value) in &survey.driver_labels {
        if !(1..=5).contains(value) {
            problem(
                format!(
                    "survey \"{}\": driver label \"{}\" maps to {value}, outside 1-5",
                    survey.id,
                    label.escape_debug()
                ),
                "drivers are answered on a 1-5 scale",
            );
        }
    }
    let drivers = (survey.drivers.iter_mut()).map(|d| (&mut d.id, d.title.as_str()));
    name_ids(["driver", "valued"], &survey.id, drivers, &mut problem);
}

/// Gives each of a survey's dimensions or drivers (`word`), as `(id, title)`, without an id a
/// slug of its title, and checks that each id is a slug (`example` is one) and names one of
/// them only.
fn name_ids<'a>(
    [word, example]: [&str; 2],
    survey: &str,
    items: impl Iterator<Item = (&'a mut String, &'a str)>,
    problem: &mut impl FnMut(String, &str),
) {
    let mut ids = BTreeSet::new();
    for (id, title) in items {
        if id.is_empty() {
            *id = crate::text::slug(title);
        }
        if !is_slug(id) {
            problem(
                format!(
                    "{word} id \"{}\" in survey \"{survey}\" is not a slug",
                    id.escape_debug()
                ),
                &format!("use lowercase letters, digits and hyphens, e.g. \"{example}\""),
            );
        }
        if !ids.insert(id.clone()) {
            problem(
                format!("{word} \"{id}\" appears twice in survey \"{survey}\""),
                &format!("give each {word} its own id and title"),
            );
        }
    }
}

/// Checks `[[compare]]` tables; without any, pairs the only NPS survey with the only eNPS one.
fn validate_compares(config: &mut Config, problems: &mut Vec<Problem>, places: &[Place]) {
    let find = |id: &str| config.surveys.iter().find(|s| s.id == id);
    if config.compares.is_empty() {
        let of = |kind| config.surveys.iter().filter(move |s| s.kind == kind);
        if let ([customers], [employees]) = (
            of(Kind::Nps).collect::<Vec<_>>().as_slice(),
            of(Kind::Enps).collect::<Vec<_>>().as_slice(),
        ) {
            config.compares.push(Compare {
                customers: customers.id.clone(),
                employees: employees.id.clone(),
                dimensions: Vec::new(),
            });
        }
        return;
    }
    for (compare, place) in config.compares.iter().zip(places) {
        let sides = [
            (&compare.customers, Kind::Nps, "customers", "an nps survey"),
            (
                &compare.employees,
                Kind::Enps,
                "employees",
                "an enps survey",
            ),
        ];
        for (id, kind, side, what) in sides {
            match find(id) {
                Some(s) if s.kind == kind => {}
                _ => problems.push(
                    Problem::new(format!("[[compare]] {side} = \"{id}\" is not {what}"))
                        .at(place.clone())
                        .hint("name the id of a [[survey]] of that kind"),
                ),
            }
        }
        for pair in &compare.dimensions {
            for (survey, dimension) in [
                (&compare.customers, &pair.customers),
                (&compare.employees, &pair.employees),
            ] {
                let known =
                    find(survey).is_some_and(|s| s.dimensions.iter().any(|d| &d.id == dimension));
                if !known {
                    problems.push(
                        Problem::new(format!(
                            "[[compare]] names dimension \"{dimension}\", which survey \"{survey}\" does not have"
                        ))
                        .at(place.clone())
                        .hint("use a dimension id from that survey's dimensions list"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "Report"

[[survey]]
id = "customers"
title = "Customers"
kind = "nps"
files = "data/nps.csv"
columns = { score = "score", date = "date" }
dimensions = [{ title = "Customer segment", column = "segment" }]
"#;

    fn problems(text: &str) -> Vec<Problem> {
        match parse(Path::new("project/cxreport.toml"), text) {
            Err(Error::Input(problems)) => problems,
            other => panic!("expected input problems, got {other:?}"),
        }
    }

    #[test]
    fn parses_a_minimal_configuration_with_defaults() {
        let config = parse(Path::new("project/cxreport.toml"), MINIMAL).unwrap();
        assert_eq!(config.root, Path::new("project"));
        assert_eq!(config.confidence, 0.95);
        let survey = &config.surveys[0];
        assert_eq!(survey.files, vec!["data/nps.csv".to_string()]);
        assert_eq!(survey.period, PeriodKind::Month);
        assert_eq!(survey.min_n(), 30);
        assert_eq!(survey.dimensions[0].id, "customer-segment");
    }

    #[test]
    fn rejects_an_unknown_key_naming_key_file_and_line() {
        let text = MINIMAL.replace("kind = \"nps\"", "kind = \"nps\"\nperiode = \"month\"");
        let problems = problems(&text);
        assert_eq!(problems.len(), 1);
        let shown = problems[0].to_string();
        assert!(shown.contains("unknown field `periode`"), "{shown}");
        assert!(shown.contains("expected one of"), "{shown}");
        // `periode` is on line 8 of the text (the text starts with a newline).
        assert!(shown.contains("--> project/cxreport.toml:8:1"), "{shown}");
    }

    #[test]
    fn reads_events_as_dates_or_texts_in_date_order() {
        let text = format!(
            "{MINIMAL}\n[[event]]\ndate = \"2024-10-01\"\nlabel = \" Window fixed \"\n\n\
             [[event]]\ndate = 2024-03-04\nlabel = \"New carrier\"\nsurveys = [\"customers\"]\n\n\
             [[event]]\ndate = 2024-03-04\nlabel = \"Same day, written later\"\n"
        );
        let config = parse(Path::new("project/cxreport.toml"), &text).unwrap();
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        let events: Vec<(chrono::NaiveDate, &str, &[String])> = (config.events.iter())
            .map(|e| (e.date, e.label.as_str(), e.surveys.as_slice()))
            .collect();
        let customers = ["customers".to_string()];
        assert_eq!(
            events,
            [
                (day(3, 4), "New carrier", &customers[..]),
                (day(3, 4), "Same day, written later", &[][..]),
                (day(10, 1), "Window fixed", &[][..]),
            ]
        );
        assert_eq!(config.events_of(&["customers"]).len(), 3);
        assert_eq!(config.events_of(&["staff"]).len(), 2);
        assert!(config.events.iter().all(|e| e.until.is_none()));
    }

    #[test]
    fn reads_the_last_day_of_an_event_that_lasted() {
        let until = |lines: &str| {
            let text = format!("{MINIMAL}\n[[event]]\ndate = 2024-04-15\n{lines}label = \"R\"\n");
            parse(Path::new("project/cxreport.toml"), &text)
                .unwrap()
                .events[0]
                .until
        };
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2024, m, d);
        assert_eq!(until("until = 2024-09-30\n"), day(9, 30));
        assert_eq!(until("until = \" 2024-09-30 \"\n"), day(9, 30));
        // A last day that is the first is a day's event.
        assert_eq!(until("until = 2024-04-15\n"), None);
        assert_eq!(until(""), None);
    }

    #[test]
    fn rejects_events_it_cannot_place_at_their_line_and_column() {
        let long = "x".repeat(MAX_EVENT_LABEL + 1);
        let cases = [
            // (the event's lines, the problem, where: line and column in the whole text)
            (
                "date = \"2024-02-30\"\nlabel = \"Leap\"".to_string(),
                "event \"Leap\" has no date cxreport can read",
                "13:8",
            ),
            // TOML's own date, read by the TOML parser, which tells what is wrong with it.
            (
                "date = 2024-02-30\nlabel = \"Leap\"".to_string(),
                "invalid date, expected day between 01 and 29",
                "13:8",
            ),
            (
                "date = \"4 March 2024\"\nlabel = \"Carrier\"".to_string(),
                "event \"Carrier\" has no date cxreport can read",
                "13:8",
            ),
            (
                "date = 2024-03-04T09:00:00\nlabel = \"Carrier\"".to_string(),
                "event \"Carrier\" has no date cxreport can read",
                "13:8",
            ),
            (
                "date = 2024-03-04\nuntil = 2024-03-03\nlabel = \"Peak\"".to_string(),
                "event \"Peak\" ends on 2024-03-03, before it begins on 2024-03-04",
                "14:9",
            ),
            (
                "date = 2024-03-04\nuntil = \"March\"\nlabel = \"Peak\"".to_string(),
                "event \"Peak\" has an end (until) cxreport cannot read",
                "14:9",
            ),
            (
                "date = 2024-03-04\nlabel = \"  \"".to_string(),
                "an event has an empty label",
                "14:9",
            ),
            (
                format!("date = 2024-03-04\nlabel = \"{long}\""),
                "has a label of 81 characters",
                "14:9",
            ),
            (
                "date = 2024-03-04\nlabel = \"Carrier\"\nsurveys = [\"customers\", \"staf\"]"
                    .to_string(),
                "event \"Carrier\" names survey \"staf\", which is not configured",
                "15:25",
            ),
            (
                "date = 2024-03-04\nlabel = \"Carrier\"\nsurvey = \"customers\"".to_string(),
                "unknown field `survey`, expected one of `date`, `until`, `label`, `surveys`",
                "15:1",
            ),
            (
                "label = \"Carrier\"".to_string(),
                "missing field `date`",
                "12:1",
            ),
        ];
        // All of one event's problems at once, in the order of its lines.
        let all = problems(&format!(
            "{MINIMAL}\n[[event]]\ndate = \"soon\"\nuntil = \"later\"\nlabel = \"\"\n\
             surveys = [\"staff\"]\n"
        ));
        let shown: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        for (shown, at) in shown.iter().zip(["13:8", "14:9", "15:9", "16:12"]) {
            assert!(shown.contains(&format!("cxreport.toml:{at}")), "{shown}");
        }
        for (lines, message, at) in cases {
            let problems = problems(&format!("{MINIMAL}\n[[event]]\n{lines}\n"));
            assert_eq!(problems.len(), 1, "{lines}: {problems:?}");
            let shown = problems[0].to_string();
            assert!(shown.contains(message), "{lines}: {shown}");
            assert!(
                shown.contains(&format!("--> project/cxreport.toml:{at}")),
                "{lines}: {shown}"
            );
        }
    }

    #[test]
    fn a_csat_survey_is_read_on_its_scale_of_five_or_seven_points() {
        let csat =
            |scale: &str| MINIMAL.replace("kind = \"nps\"", &format!("kind = \"csat\"{scale}"));
        let kind = |text: &str| parse(Path::new("c.toml"), text).unwrap().surveys[0].kind;
        assert_eq!(kind(&csat("")), Kind::Csat { points: 5 });
        assert_eq!(kind(&csat("\nscale = 5")), Kind::Csat { points: 5 });
        assert_eq!(kind(&csat("\nscale = 7")), Kind::Csat { points: 7 });
        assert_eq!(kind(&csat("\nscale = 7")).range(), (1, 7));
        for (text, message) in [
            (
                csat("\nscale = 10"),
                "survey \"customers\" has scale = 10, which CSAT is not read on",
            ),
            (
                MINIMAL.replace("kind = \"nps\"", "kind = \"nps\"\nscale = 10"),
                "survey \"customers\" has a scale, but NPS is always answered 0 to 10",
            ),
        ] {
            let shown: Vec<String> = problems(&text).iter().map(ToString::to_string).collect();
            assert_eq!(shown.len(), 1, "{shown:?}");
            assert!(shown[0].contains(message), "{shown:?}");
            // At the value, on the line after the kind's (line 7 of the text, which starts
            // with a newline).
            assert!(shown[0].contains("project/cxreport.toml:8:9"), "{shown:?}");
        }
        // A label's score is checked against the survey's own scale.
        let labelled = |scale: &str| {
            csat(&format!(
                "{scale}\nscore_labels = {{ \"Very satisfied\" = 7 }}"
            ))
        };
        assert_eq!(kind(&labelled("\nscale = 7")), Kind::Csat { points: 7 });
        let shown = problems(&labelled(""))[0].to_string();
        assert!(shown.contains("maps to 7, outside 1-5"), "{shown}");
    }

    #[test]
    fn rejects_an_unknown_kind_listing_the_known_ones() {
        let shown = problems(&MINIMAL.replace("\"nps\"", "\"ces\""))[0].to_string();
        assert!(shown.contains("unknown variant `ces`"), "{shown}");
        assert!(shown.contains("`nps`, `enps`, `csat`"), "{shown}");
    }

    #[test]
    fn reports_every_validation_problem_at_once() {
        let text = MINIMAL.replace("id = \"customers\"", "id = \"Customers!\"\nmin_n = 0")
            + "confidence = 2.0\n";
        // `confidence` after the tables belongs to the last table, so put it first instead.
        let text = format!(
            "confidence = 2.0\n{}",
            text.replace("confidence = 2.0\n", "")
        );
        let found = problems(&text);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "confidence 2 is not between 0.5 and 1",
                "survey id \"Customers!\" is not a slug",
                "survey \"Customers!\" has min_n = 0",
            ]
        );
        // The level at its value ("confidence = " is 13 characters), the survey's at its table
        // (line 5: MINIMAL starts with a blank line, then the title and another).
        let places: Vec<(Option<u64>, Option<u64>)> = (found.iter())
            .map(|p| {
                (
                    p.place.as_ref().unwrap().line,
                    p.place.as_ref().unwrap().column,
                )
            })
            .collect();
        assert_eq!(places[0], (Some(1), Some(14)));
        assert_eq!(places[1], (Some(5), Some(1)));
    }

    #[test]
    fn a_surveys_problems_are_placed_at_its_own_table() {
        let second = MINIMAL
            .replace("title = \"Report\"\n\n[[survey]]", "")
            .replace(
                "id = \"customers\"",
                "id = \"support\"\nmin_n = 0\n# [[survey]] in a comment is not a table",
            );
        let text = format!("{MINIMAL}\n  [[ survey ]]  # spaced, with a comment{second}");
        let found = problems(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "survey \"support\" has min_n = 0");
        let place = found[0].place.as_ref().unwrap();
        let header = 1 + text
            .lines()
            .position(|l| l.contains("[[ survey ]]"))
            .unwrap();
        assert_eq!((place.line, place.column), (Some(header as u64), Some(1)));
        // Surveys written as an inline array have no header line: the file is the place.
        let inline = "title = \"R\"\nsurvey = [{ id = \"c\", title = \"C\", kind = \"nps\", \
                      files = \"a.csv\", columns = { score = \"s\", date = \"d\" }, min_n = 0 }]\n";
        let found = problems(inline);
        assert_eq!(found[0].message, "survey \"c\" has min_n = 0");
        assert_eq!(found[0].place.as_ref().unwrap().line, None);
    }

    #[test]
    fn a_compare_names_surveys_of_the_right_kinds_and_their_dimensions_at_its_line() {
        let employees = MINIMAL
            .replace("title = \"Report\"\n", "")
            .replace("\"customers\"", "\"staff\"")
            .replace("\"nps\"", "\"enps\"");
        let compare = "\n[[compare]]\ncustomers = \"staff\"\nemployees = \"staff\"\n\
                       dimensions = [{ customers = \"customer-segment\", employees = \"team\" }]\n";
        let text = format!("{MINIMAL}{employees}{compare}");
        let found = problems(&text);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "[[compare]] customers = \"staff\" is not an nps survey",
                // staff has customer-segment (a copy of the customer survey), not team.
                "[[compare]] names dimension \"team\", which survey \"staff\" does not have",
            ]
        );
        let line = 1 + text.lines().position(|l| l == "[[compare]]").unwrap() as u64;
        for problem in &found {
            let place = problem.place.as_ref().unwrap();
            assert_eq!(
                (place.line, place.column),
                (Some(line), Some(1)),
                "{problem}"
            );
        }
        // Named rightly, the pair is read.
        let right = compare
            .replace("customers = \"staff\"", "customers = \"customers\"")
            .replace(
                "\"customer-segment\", employees = \"team\"",
                "\"customer-segment\", employees = \"customer-segment\"",
            );
        let config = parse(
            Path::new("project/cxreport.toml"),
            &format!("{MINIMAL}{employees}{right}"),
        )
        .unwrap();
        assert_eq!(config.compares[0].customers, "customers");
    }

    #[test]
    fn comments_by_names_a_dimension_of_a_confidential_survey() {
        let dimensions = "dimensions = [{ title = \"Customer segment\", column = \"segment\" }]";
        let two = "dimensions = [{ title = \"Team\", column = \"t\" }, { title = \"Site\", column = \"s\" }]";
        let with = |kind: &str, dims: &str, comments_by: &str| {
            MINIMAL
                .replace("kind = \"nps\"", kind)
                .replace(dimensions, &format!("{dims}\n{comments_by}"))
        };
        let config = parse(Path::new("c.toml"), &with("kind = \"enps\"", two, "")).unwrap();
        assert_eq!(
            config.surveys[0].comment_dimension(),
            Some(0),
            "the first by default"
        );
        let site = with("kind = \"enps\"", two, "comments_by = \"site\"");
        let config = parse(Path::new("c.toml"), &site).unwrap();
        assert_eq!(config.surveys[0].comment_dimension(), Some(1));
        // A customer survey shows comments under every dimension, unless marked confidential.
        let config = parse(Path::new("c.toml"), MINIMAL).unwrap();
        assert_eq!(config.surveys[0].comment_dimension(), None);
        let marked = with(
            "kind = \"nps\"\nconfidential = true",
            two,
            "comments_by = \"site\"",
        );
        let config = parse(Path::new("c.toml"), &marked).unwrap();
        assert_eq!(config.surveys[0].comment_dimension(), Some(1));

        let unknown = problems(&with("kind = \"enps\"", two, "comments_by = \"region\""));
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        let unknown = unknown[0].to_string();
        assert!(
            unknown.contains(
                "survey \"customers\": comments_by = \"region\" is not one of its dimensions"
            ),
            "{unknown}"
        );
        assert!(
            unknown.contains("use one of its dimension ids: \"team\", \"site\""),
            "{unknown}"
        );
        assert!(
            unknown.contains("project/cxreport.toml:4"),
            "placed at its survey: {unknown}"
        );
        let open = problems(&with("kind = \"nps\"", two, "comments_by = \"site\""));
        assert_eq!(open.len(), 1, "{open:?}");
        assert!(
            (open[0].to_string())
                .contains("survey \"customers\" sets comments_by but is not confidential"),
            "{}",
            open[0]
        );
    }

    #[test]
    fn a_dimension_id_must_be_a_slug_and_name_one_dimension() {
        let dimensions = "dimensions = [{ title = \"Customer segment\", column = \"segment\" }]";
        let refused = |with: &str| -> Vec<String> {
            let problems = problems(&MINIMAL.replace(dimensions, with));
            problems.into_iter().map(|p| p.to_string()).collect()
        };
        // The second's id is the slug of its title, the first's.
        let twice = refused(
            "dimensions = [{ id = \"customer-segment\", title = \"Segment\", column = \"a\" }, \
             { title = \"Customer segment\", column = \"b\" }]",
        );
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert!(
            twice[0]
                .contains("dimension \"customer-segment\" appears twice in survey \"customers\""),
            "{twice:?}"
        );
        assert!(twice[0].contains("give each dimension its own id and title"));
        let upper =
            refused("dimensions = [{ id = \"Region\", title = \"Region\", column = \"r\" }]");
        assert!(
            upper[0].contains("dimension id \"Region\" in survey \"customers\" is not a slug"),
            "{upper:?}"
        );
        assert!(upper[0].contains("e.g. \"region\""), "{upper:?}");
    }

    #[test]
    fn employee_surveys_default_to_an_anonymity_minimum_of_five() {
        let config = parse(Path::new("c.toml"), &MINIMAL.replace("\"nps\"", "\"enps\"")).unwrap();
        assert_eq!(config.surveys[0].min_n(), 5);
        assert!(config.surveys[0].is_confidential());
    }

    #[test]
    fn refuses_an_anonymity_minimum_below_three() {
        let text = MINIMAL.replace(
            "kind = \"nps\"",
            "kind = \"nps\"\nconfidential = true\nmin_n = 2",
        );
        let shown = problems(&text)[0].to_string();
        assert!(
            shown.contains("is confidential but has min_n = 2"),
            "{shown}"
        );
        let text = MINIMAL.replace("\"nps\"", "\"enps\"\nmin_n = 3");
        assert!(parse(Path::new("c.toml"), &text).is_ok());
    }
}
