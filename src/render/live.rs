//! Live figures in the narrative: `{{ figure(survey="customers", what="score") }}` in a Markdown
//! page is replaced by the report's figure before the Markdown is read, so the CEO's text never
//! goes stale. `dimension="region", value="Oslo"` asks for one segment's figure instead. An
//! unknown survey, segment, figure or period is a build error naming the page.

use crate::period::Period;
use crate::render::format;
use crate::render::views::{ChangeView, ContrastView};
use crate::report::{DimensionReport, Figure, GroupReport, PeriodFigure, Report, SurveyReport};

/// The figures a page can ask for.
pub const KNOWN: [&str; 11] = [
    "score",
    "interval",
    "n",
    "top",
    "middle",
    "bottom",
    "change",
    "response_rate",
    "period",
    "vs_rest",
    "explained",
];

/// The text of a figure: `what` of `survey`, or of one segment (a `dimension`'s id and a
/// `value`'s name or slug), in `period` (`None`: the latest; `"all"`: all answers; otherwise a
/// period id like `2025-12`). `vs_rest` is a segment's figure over all answers against the rest;
/// `explained` the share of the differences between answers a `dimension` explains.
pub fn figure(
    report: &Report,
    survey: &str,
    what: &str,
    period: Option<&str>,
    dimension: Option<&str>,
    value: Option<&str>,
) -> Result<String, String> {
    let s = report
        .surveys
        .iter()
        .find(|s| s.id == survey)
        .ok_or_else(|| {
            let known: Vec<&str> = report.surveys.iter().map(|s| s.id.as_str()).collect();
            format!(
                "figure(): no survey \"{survey}\"; known: {}",
                known.join(", ")
            )
        })?;
    if !KNOWN.contains(&what) {
        return Err(format!(
            "figure(): unknown what=\"{what}\"; known: {}",
            KNOWN.join(", ")
        ));
    }
    if what == "explained" {
        return match (dimension, value) {
            (Some(dimension), None) => {
                let d = find_dimension(s, dimension)?;
                Ok(d.explained.map_or("–".into(), |e| {
                    format::fraction(report.locale.texts(), e.anova.share)
                }))
            }
            _ => Err("figure(): what=\"explained\" needs a dimension and no value".into()),
        };
    }
    let segment = match (dimension, value) {
        (Some(dimension), Some(value)) => Some((dimension, value)),
        (None, None) => None,
        _ => return Err("figure(): dimension and value go together".into()),
    };
    let group = match segment {
        None => &s.overall,
        Some((dimension, value)) => find_segment(s, dimension, value)?,
    };
    let t = report.locale.texts();
    let (label, figure, entry) = match period {
        Some("all") => (covered(t, s), &group.total, None),
        Some(id) => {
            let wanted = Period::parse(id, s.period_kind).ok_or_else(|| {
                format!("figure(): period \"{id}\" is not a period of survey \"{survey}\"")
            })?;
            let p = find(group, |p| p.period == wanted).ok_or_else(|| {
                format!("figure(): {} has no answers in {id}", name(survey, segment))
            })?;
            (t.period(p.period), &p.figure, Some(p))
        }
        None => {
            let p = find(group, |_| true)
                .ok_or_else(|| format!("figure(): {} has no answers", name(survey, segment)))?;
            (t.period(p.period), &p.figure, Some(p))
        }
    };
    let kind = s.kind;
    Ok(match (what, figure) {
        ("period", _) => label,
        ("change", _) => match entry.and_then(|p| p.change_previous.as_ref()) {
            Some(change) => ChangeView::new(t, kind, change)
                .text
                .trim_start_matches(['▲', '▼', ' '])
                .to_string(),
            None => "–".into(),
        },
        ("vs_rest", _) => match (segment, &group.vs_rest) {
            (None, _) => {
                return Err("figure(): what=\"vs_rest\" needs a dimension and a value".into());
            }
            (Some(_), Some(contrast)) => ContrastView::new(t, kind, contrast)
                .words
                .text
                .trim_start_matches(['▲', '▼', ' '])
                .to_string(),
            (Some(_), None) => "–".into(),
        },
        ("response_rate", _) => {
            let rate = match entry {
                Some(p) => p.response_rate.as_ref(),
                None => group.response_rate.as_ref(),
            };
            rate.map_or("–".into(), |r| format::response_rate(t, r))
        }
        (_, Figure::Suppressed) => t.get("figure.hidden").into(),
        ("n", Figure::TooFew { n }) => t.count(*n),
        (_, Figure::TooFew { n }) => t.fill("figure.too_few", &[("n", &t.count(*n))]),
        (what, Figure::Shown(scores)) => match what {
            "score" => format::score(kind, scores.score.value),
            "interval" => format::interval(t, kind, scores.score.low, scores.score.high),
            "n" => t.count(scores.n),
            "top" => format::percent(scores.groups.top, scores.n),
            "middle" => format::percent(scores.groups.middle, scores.n),
            _ => format::percent(scores.groups.bottom, scores.n),
        },
    })
}

fn find(group: &GroupReport, matches: impl Fn(&PeriodFigure) -> bool) -> Option<&PeriodFigure> {
    group.periods.iter().rev().find(|p| matches(p))
}

/// The dimension of survey `s` with id `dimension`.
fn find_dimension<'a>(s: &'a SurveyReport, dimension: &str) -> Result<&'a DimensionReport, String> {
    (s.dimensions.iter().find(|d| d.id == dimension)).ok_or_else(|| {
        let known: Vec<&str> = s.dimensions.iter().map(|d| d.id.as_str()).collect();
        format!(
            "figure(): survey \"{}\" has no dimension \"{dimension}\"; known: {}",
            s.id,
            known.join(", ")
        )
    })
}

/// The value of `dimension` named `value` (as in the data, or its slug).
fn find_segment<'a>(
    s: &'a SurveyReport,
    dimension: &str,
    value: &str,
) -> Result<&'a GroupReport, String> {
    let d = find_dimension(s, dimension)?;
    (d.values.iter())
        .find(|v| v.name == value || v.slug == value)
        .ok_or_else(|| {
            format!(
                "figure(): dimension \"{dimension}\" of survey \"{}\" has no value \"{}\"",
                s.id,
                value.escape_debug()
            )
        })
}

/// "survey \"customers\"" or "region \"Oslo\" of survey \"customers\"", for errors.
fn name(survey: &str, segment: Option<(&str, &str)>) -> String {
    match segment {
        None => format!("survey \"{survey}\""),
        Some((dimension, value)) => format!(
            "{dimension} \"{}\" of survey \"{survey}\"",
            value.escape_debug()
        ),
    }
}

fn covered(t: &crate::locale::Texts, s: &SurveyReport) -> String {
    if s.periods_covered.is_none() {
        return String::new();
    }
    crate::render::views::covered(t, s)
}
