//! Live figures in the narrative: `{{ figure(survey="customers", what="score") }}` in a Markdown
//! page is replaced by the report's figure before the Markdown is read, so the CEO's text never
//! goes stale. An unknown survey, figure or period is a build error naming the page.

use crate::period::Period;
use crate::render::format;
use crate::render::views::ChangeView;
use crate::report::{Figure, PeriodFigure, Report, SurveyReport};

/// The figures a page can ask for.
pub const KNOWN: [&str; 9] = [
    "score",
    "interval",
    "n",
    "top",
    "middle",
    "bottom",
    "change",
    "response_rate",
    "period",
];

/// The text of a figure: `what` of `survey`, in `period` (`None`: the latest; `"all"`: all
/// answers; otherwise a period id like `2025-12`).
pub fn figure(
    report: &Report,
    survey: &str,
    what: &str,
    period: Option<&str>,
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
    let t = report.locale.texts();
    let (label, figure, entry) = match period {
        Some("all") => (covered(t, s), &s.overall.total, None),
        Some(id) => {
            let wanted = Period::parse(id, s.period_kind).ok_or_else(|| {
                format!("figure(): period \"{id}\" is not a period of survey \"{survey}\"")
            })?;
            let p = find(s, |p| p.period == wanted)
                .ok_or_else(|| format!("figure(): survey \"{survey}\" has no answers in {id}"))?;
            (t.period(p.period), &p.figure, Some(p))
        }
        None => {
            let p = find(s, |_| true)
                .ok_or_else(|| format!("figure(): survey \"{survey}\" has no answers"))?;
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
        ("response_rate", _) => {
            let rate = match entry {
                Some(p) => p.response_rate.as_ref(),
                None => s.overall.response_rate.as_ref(),
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

fn find(s: &SurveyReport, matches: impl Fn(&PeriodFigure) -> bool) -> Option<&PeriodFigure> {
    s.overall.periods.iter().rev().find(|p| matches(p))
}

fn covered(t: &crate::locale::Texts, s: &SurveyReport) -> String {
    if s.periods_covered.is_none() {
        return String::new();
    }
    crate::render::views::covered(t, s)
}
