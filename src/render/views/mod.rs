//! View structs: what each template receives, made for the page from the `Report`.
//!
//! Numbers are formatted here, once; templates only place them. Text from survey files stays
//! plain strings, which Tera escapes; only chart SVG and the owner's Markdown are marked safe.

mod benchmarks;
mod group;
mod index;
mod methodology;

pub use benchmarks::*;
pub use group::*;
pub use index::*;
pub use methodology::*;

use serde::Serialize;

use super::format;
use crate::charts::{Chart, GroupCharts, ReportCharts, SurveyCharts};
use crate::config::Kind;
use crate::locale::Texts;
use crate::period::Period;
use crate::report::{
    Change, CommentReport, Contrast, EventReport, Figure, GroupReport, PeriodFigure, Report,
    Standing, SurveyReport,
};

/// Key movers listed on the index page.
pub const KEY_MOVERS_SHOWN: usize = 8;

/// Comments of each scale group shown on a survey's or segment's page, newest first.
pub const COMMENTS_PER_GROUP_SHOWN: usize = 4;

/// Comments per page of the comment pages.
pub const COMMENTS_PER_PAGE: usize = 50;

/// A link, relative to the site's root.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Path from the site's root, e.g. `surveys/customers/index.html`.
    pub href: String,
    /// Whether it is the page being shown.
    pub current: bool,
}

/// What every page shares: site title, navigation, the path back to the root.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// `lang` attribute.
    pub lang: &'static str,
    /// The report's title.
    pub title: String,
    /// The organisation.
    pub organisation: String,
    /// The date the data runs up to.
    pub data_until: Option<String>,
    /// "95 %".
    pub confidence: String,
    /// Navigation, with the current page marked.
    pub nav: Vec<Link>,
    /// `../` repeated to reach the root from this page.
    pub root: String,
    /// This page's title.
    pub page_title: String,
    /// A line about this page for search results and link previews, if it has one.
    pub description: Option<String>,
    /// The logo's path from the root (`static/logo.svg`), when the report has one.
    pub logo: Option<String>,
    /// Whether the page asks search engines not to index it (`search_engines`).
    pub noindex: bool,
}

/// A figure ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// `shown`, `too_few` or `suppressed`.
    pub status: &'static str,
    /// The score, formatted.
    pub score: String,
    /// The interval, formatted.
    pub interval: String,
    /// Number of answers, or empty when hidden.
    pub n: String,
    /// "231 answers", "1 answer", or empty when hidden.
    pub answers: String,
    /// Top, middle and bottom groups as shares.
    pub top: String,
    /// Middle group share.
    pub middle: String,
    /// Bottom group share.
    pub bottom: String,
    /// Mean score (CSAT), formatted.
    pub mean: String,
    /// Its interval, formatted.
    pub mean_interval: String,
    /// Whether the group has no answers at all (status `too_few`, so that a project's own
    /// template written before this still says "too few answers (n = 0)").
    pub none: bool,
}

impl FigureView {
    /// Formats a figure of a survey of `kind`.
    pub fn new(t: &Texts, kind: Kind, figure: &Figure) -> Self {
        let empty = FigureView {
            status: "suppressed",
            score: String::new(),
            interval: String::new(),
            n: String::new(),
            answers: String::new(),
            top: String::new(),
            middle: String::new(),
            bottom: String::new(),
            mean: String::new(),
            mean_interval: String::new(),
            none: false,
        };
        match figure {
            Figure::Suppressed => empty,
            Figure::TooFew { n } => FigureView {
                status: "too_few",
                n: t.count(*n),
                answers: t.count_of("group.answers", *n),
                none: *n == 0,
                ..empty
            },
            Figure::Shown(s) => FigureView {
                status: "shown",
                score: format::score(kind, s.score.value),
                interval: format::interval(t, kind, s.score.low, s.score.high),
                n: t.count(s.n),
                answers: t.count_of("group.answers", s.n),
                top: format::percent(s.groups.top, s.n),
                middle: format::percent(s.groups.middle, s.n),
                bottom: format::percent(s.groups.bottom, s.n),
                mean: s.mean.map(|m| t.decimal(m.value, 2)).unwrap_or_default(),
                mean_interval: s
                    .mean
                    .map(|m| {
                        let (low, high) = (m.interval.low, m.interval.high);
                        t.fill(
                            "figure.interval",
                            &[("low", &t.decimal(low, 2)), ("high", &t.decimal(high, 2))],
                        )
                    })
                    .unwrap_or_default(),
                none: false,
            },
        }
    }
}

/// A change, worded by its test: "up" or "down" only when significant.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `up`, `down` or `flat`, for styling.
    pub class: &'static str,
    /// "▲ up 7 since Nov 2025" or "no clear change since Nov 2025".
    pub text: String,
    /// "+7 (−2 to 16), p = 0.12".
    pub detail: String,
    /// The same for a table's narrow cell, which may break only before the interval and before
    /// the p-value: "+7 (−2 to 16)," never ends a line with "(−2".
    pub cell: String,
}

impl ChangeView {
    /// Words a change of a survey of `kind`.
    pub fn new(t: &Texts, kind: Kind, change: &Change) -> Self {
        let d = change.difference;
        let (size, difference) = difference_words(t, kind, d);
        let since = t.period(change.from);
        let args: [(&str, &dyn std::fmt::Display); 2] = [("size", &size), ("since", &since)];
        let (class, text) = match (change.significant, d.value > 0.0) {
            (true, true) => ("up", t.fill("change.up", &args)),
            (true, false) => ("down", t.fill("change.down", &args)),
            (false, _) => ("flat", t.fill("change.flat", &args)),
        };
        let detail = format!("{difference}, {}", format::p_value(t, change.p_value));
        ChangeView {
            class,
            text,
            cell: format::breaking_only_between_parts(&detail),
            detail,
        }
    }
}

/// A dimension value against the rest of its survey, worded by its adjusted test as a change is
/// (its fields flattened, so the same component shows it).
#[derive(Debug, Clone, Serialize)]
pub struct ContrastView {
    /// "▲ above the rest of the answers by 12" or "no clear difference from the rest …", and
    /// "+12 (5 to 19), adjusted p = 0.004".
    #[serde(flatten)]
    pub words: ChangeView,
    /// For a table cell: "▲ +12", "▼ −9" or "–".
    pub short: String,
}

impl ContrastView {
    /// Words `contrast`, of a survey of `kind`.
    pub fn new(t: &Texts, kind: Kind, contrast: &Contrast) -> Self {
        let d = contrast.difference;
        let (size, difference) = difference_words(t, kind, d);
        let (class, text, short) = match contrast.standing() {
            Standing::Above => (
                "up",
                t.fill("contrast.above", &[("size", &size)]),
                format::arrow(d.value),
            ),
            Standing::Below => (
                "down",
                t.fill("contrast.below", &[("size", &size)]),
                format::arrow(d.value),
            ),
            Standing::Unclear => ("flat", t.get("contrast.flat").to_string(), "–".to_string()),
        };
        let p = format::p_value(t, contrast.q_value);
        let detail = format!(
            "{difference}, {}",
            t.fill("contrast.adjusted", &[("p", &p)])
        );
        ContrastView {
            words: ChangeView {
                class,
                text,
                cell: format::breaking_only_between_parts(&detail),
                detail,
            },
            short,
        }
    }
}

/// A difference as changes and contrasts word it: its size with the scale's unit ("12",
/// "12 points"), and "+12 (5 to 19)".
fn difference_words(t: &Texts, kind: Kind, d: crate::stats::Estimate) -> (String, String) {
    let unit = if kind.is_share() {
        format!(" {}", t.get("figure.points"))
    } else {
        String::new()
    };
    let interval = t.fill(
        "figure.interval",
        &[
            ("low", &format::signed(d.low, false)),
            ("high", &format::signed(d.high, false)),
        ],
    );
    (
        format!("{}{unit}", format::signed(d.value.abs(), false)),
        format!("{}{unit} ({interval})", format::signed(d.value, true)),
    )
}

fn change_view(t: &Texts, kind: Kind, change: &Option<Change>) -> Option<ChangeView> {
    change.as_ref().map(|c| ChangeView::new(t, kind, c))
}

/// A chart for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Title.
    pub title: String,
    /// SVG markup, inserted with `| safe`.
    pub svg: String,
    /// SVG markup of the same chart for phones, if drawn.
    pub narrow: Option<String>,
}

fn chart(chart: &Option<Chart>) -> Option<ChartView> {
    chart.as_ref().map(ChartView::from)
}

impl From<&Chart> for ChartView {
    fn from(c: &Chart) -> Self {
        ChartView {
            title: c.title.clone(),
            svg: c.svg.clone(),
            narrow: c.narrow.clone(),
        }
    }
}

/// A period's row in a table.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    /// "Mar 2024".
    pub label: String,
    /// A week's days, which its label does not say: "27 Jan 2025 – 2 Feb 2025".
    pub days: Option<String>,
    /// Its figure.
    pub figure: FigureView,
    /// Change from the previous period.
    pub change_previous: Option<ChangeView>,
    /// Change from a year earlier.
    pub change_year: Option<ChangeView>,
    /// Response rate, when invitations are known.
    pub response_rate: Option<String>,
    /// A dimension value's figure against the rest of the period's answers, in the survey's
    /// recent periods.
    pub vs_rest: Option<ContrastView>,
    /// The events in the period (a page's table of periods).
    pub events: Vec<EventView>,
}

/// An event marked on a trend.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Its mark on the chart, "1".
    pub mark: usize,
    /// "8 Apr 2024", or "1 Dec 2025 – 24 Dec 2025" for an event that lasted.
    pub date: String,
    /// What happened.
    pub label: String,
}

impl EventView {
    fn new(t: &Texts, event: &EventReport) -> Self {
        EventView {
            mark: event.mark,
            date: match event.until {
                Some(until) => t.dates(event.date, until),
                None => t.date(event.date),
            },
            label: event.label.clone(),
        }
    }

    /// The `events`, or those of one of their chart's periods when `period` is given (an event
    /// that lasted, in each of the periods it met).
    pub fn all(t: &Texts, events: &[EventReport], period: Option<Period>) -> Vec<Self> {
        (events.iter())
            .filter(|e| period.is_none_or(|p| e.meets(p)))
            .map(|e| EventView::new(t, e))
            .collect()
    }
}

fn period_row(t: &Texts, kind: Kind, p: &PeriodFigure) -> PeriodRow {
    PeriodRow {
        label: t.period(p.period),
        days: (p.period.kind == crate::config::PeriodKind::Week)
            .then(|| t.dates(p.period.start(), p.period.end())),
        figure: FigureView::new(t, kind, &p.figure),
        change_previous: change_view(t, kind, &p.change_previous),
        change_year: change_view(t, kind, &p.change_year),
        response_rate: p
            .response_rate
            .as_ref()
            .map(|r| format::response_rate(t, r)),
        vs_rest: (p.vs_rest.as_ref()).map(|c| ContrastView::new(t, kind, c)),
        events: Vec::new(),
    }
}

/// The periods a survey covers: "Jan 2023 – Dec 2025".
pub fn covered(t: &Texts, survey: &SurveyReport) -> String {
    match survey.periods_covered {
        Some((first, last)) => t.span(first, last),
        None => t.get("period.none").into(),
    }
}

/// The path of a survey's page from the root.
pub fn survey_href(survey: &SurveyReport) -> String {
    format!("surveys/{}/index.html", survey.id)
}

/// The path of a dimension value's page from the root.
pub fn value_href(survey: &SurveyReport, dimension: &str, value: &GroupReport) -> String {
    value_path(survey, dimension, &value.slug)
}

/// The page of the value slugged `slug` of `survey`'s `dimension`, from the site's root.
pub fn value_path(survey: &SurveyReport, dimension: &str, slug: &str) -> String {
    format!("surveys/{}/{}/{}.html", survey.id, dimension, slug)
}

/// Whether a dimension value gets its own page: not when it is hidden for anonymity.
pub fn has_page(value: &GroupReport) -> bool {
    !matches!(value.total, Figure::Suppressed)
}

fn home(t: &Texts) -> Link {
    Link {
        title: t.get("site.overview").into(),
        href: "index.html".into(),
        current: false,
    }
}

/// Skipped rows in words: "score outside the scale: 3, response id seen before: 1" (a count
/// before the reason read as "3 score outside the scale").
pub fn skipped_words(t: &Texts, skipped: &std::collections::BTreeMap<String, u64>) -> String {
    let words: Vec<String> = crate::ingest::Skip::ALL
        .iter()
        .filter_map(|s| {
            Some(format!(
                "{}: {}",
                t.get(&format!("skip.{}", s.key())),
                t.count(*skipped.get(s.key())?)
            ))
        })
        .collect();
    if words.is_empty() {
        t.get("skip.none").into()
    } else {
        words.join(", ")
    }
}

/// "95 %".
pub fn confidence(t: &Texts, level: f64) -> String {
    let percent = level * 100.0;
    let places = if (percent - percent.round()).abs() < 1e-9 {
        0
    } else {
        1
    };
    format!("{}{}", t.decimal(percent, places), format::PERCENT)
}
