//! The [`Report`] into SVG charts, drawn with plotters: one function per chart kind, one theme.
//!
//! Every chart is an SVG string with `role="img"`, a `<title>` and a `<desc>` that states its
//! numbers in words; the page also shows the same numbers in a table. Charts read only the
//! `Report`, so a suppressed figure (which has no number) cannot be drawn.

mod comparison;
mod pairing;
mod series;

use plotters::style::RGBColor;

use crate::locale::Texts;
use crate::report::{GroupReport, Report, SurveyReport};

pub use comparison::{comparison, industries};
pub use pairing::{EMPLOYEES, pairing};
pub use series::{Reference, TrendSize, distribution, group_names, shares, trend};

/// Okabe & Ito's colour-blind-safe palette: fixed colours for the scale's groups.
pub mod palette {
    use super::RGBColor;
    /// Promoters and satisfied answers (bluish green).
    pub const TOP: RGBColor = RGBColor(0, 158, 115);
    /// Passives and neutral answers (grey).
    pub const MIDDLE: RGBColor = RGBColor(153, 153, 153);
    /// Detractors and dissatisfied answers (vermillion).
    pub const BOTTOM: RGBColor = RGBColor(213, 94, 0);
    /// The score line (blue).
    pub const SCORE: RGBColor = RGBColor(0, 114, 178);
    /// Interval bands and whiskers (light blue).
    pub const BAND: RGBColor = RGBColor(86, 180, 233);
    /// Axis text.
    pub const TEXT: RGBColor = RGBColor(40, 40, 40);
    /// Secondary text (contrast 6:1 on white).
    pub const MUTED: RGBColor = RGBColor(90, 98, 114);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(225, 225, 225);
}

/// The page's font stack, so SVG text matches the HTML around it.
pub const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/// One chart: an SVG document and the words that describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// A short title, also the SVG's `<title>`.
    pub title: String,
    /// The SVG markup, safe to insert into HTML as it is.
    pub svg: String,
}

/// The charts of one group of answers.
#[derive(Debug, Clone, Default)]
pub struct GroupCharts {
    /// The score per period with its interval band.
    pub trend: Option<Chart>,
    /// The scale's groups per period as stacked shares.
    pub shares: Option<Chart>,
    /// Answers per scale point.
    pub distribution: Option<Chart>,
}

/// The charts of one survey, parallel to its [`SurveyReport`].
#[derive(Debug, Clone, Default)]
pub struct SurveyCharts {
    /// A compact trend of all answers, for the summary card.
    pub card_trend: Option<Chart>,
    /// Charts over all answers.
    pub overall: GroupCharts,
    /// Per dimension, the comparison of its values. Each value's own charts are drawn when its
    /// page is rendered ([`draw_value`]), so they are never all in memory at once.
    pub dimensions: Vec<Option<Chart>>,
    /// The survey among one benchmark per industry.
    pub industries: Option<Chart>,
}

/// Every chart of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportCharts {
    /// Parallel to `report.surveys`.
    pub surveys: Vec<SurveyCharts>,
    /// Parallel to `report.comparisons`.
    pub comparisons: Vec<Option<Chart>>,
}

/// Draws every chart of the report.
pub fn draw(report: &Report) -> ReportCharts {
    let t = report.locale.texts();
    ReportCharts {
        surveys: report.surveys.iter().map(|s| draw_survey(t, s)).collect(),
        comparisons: report
            .comparisons
            .iter()
            .map(|c| pairing(t, report, c, &format!("{}-{}", c.customers, c.employees)))
            .collect(),
    }
}

fn draw_survey(t: &Texts, survey: &SurveyReport) -> SurveyCharts {
    let references = references(t, survey);
    SurveyCharts {
        industries: industries(t, survey, &survey.id),
        card_trend: trend(
            t,
            survey,
            &survey.overall,
            &format!("{}-card", survey.id),
            TrendSize::Compact,
            &references,
        ),
        overall: draw_group(t, survey, &survey.overall, &survey.id, &references),
        dimensions: survey
            .dimensions
            .iter()
            .map(|d| comparison(t, survey, d, &format!("{}-{}", survey.id, d.id)))
            .collect(),
    }
}

/// The charts of value `v` of the survey's dimension `d`.
pub fn draw_value(t: &Texts, survey: &SurveyReport, d: usize, v: usize) -> GroupCharts {
    let dimension = &survey.dimensions[d];
    let value = &dimension.values[v];
    let id = format!("{}-{}-{}", survey.id, dimension.id, value.slug);
    draw_group(t, survey, value, &id, &[])
}

/// The benchmark and target lines of a survey's overall trend.
fn references(t: &Texts, survey: &SurveyReport) -> Vec<Reference> {
    let benchmark = survey.benchmark.as_ref().map(|b| Reference {
        label: t.fill(
            "chart.benchmark_line",
            &[("value", &score_text(survey, b.benchmark.value))],
        ),
        value: b.benchmark.value,
    });
    let target = survey.target.as_ref().map(|target| Reference {
        label: t.fill(
            "chart.target_line",
            &[
                ("value", &score_text(survey, target.value)),
                ("period", &t.period(target.by)),
            ],
        ),
        value: target.value,
    });
    benchmark.into_iter().chain(target).collect()
}

fn draw_group(
    t: &Texts,
    survey: &SurveyReport,
    group: &GroupReport,
    id: &str,
    references: &[Reference],
) -> GroupCharts {
    GroupCharts {
        trend: trend(t, survey, group, id, TrendSize::Full, references),
        shares: shares(t, survey, group, id),
        distribution: distribution(t, survey, group, id),
    }
}

/// Finishes a plotters SVG: sizes it by CSS instead of fixed pixels and adds the accessible
/// name and description. `id` must be unique on the page.
fn accessible(svg: String, id: &str, title: &str, description: &str) -> Chart {
    let head_end = svg.find('>').unwrap_or(0);
    let head = svg[..head_end]
        .replacen("<svg width=\"", "<svg data-width=\"", 1)
        .replacen(" height=\"", " data-height=\"", 1);
    let svg = format!(
        "{head} role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"chart\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>{}",
        escape_xml(title),
        escape_xml(description),
        &svg[head_end + 1..]
    );
    Chart {
        title: title.to_string(),
        svg,
    }
}

/// Escapes text for XML content and attributes.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A score as charts and descriptions write it: NPS as a whole number, CSAT with a percent sign.
fn score_text(survey: &SurveyReport, value: f64) -> String {
    match survey.kind {
        crate::config::Kind::Csat => format!("{value:.0} %"),
        _ => format!("{value:.0}"),
    }
}

/// The vertical range of a score: −100..100 for NPS, 0..100 for CSAT.
fn score_range(survey: &SurveyReport) -> (f64, f64) {
    match survey.kind {
        crate::config::Kind::Csat => (0.0, 100.0),
        _ => (-100.0, 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessible_charts_scale_by_css_and_carry_a_title_and_description() {
        let chart = accessible(
            "<svg width=\"600\" height=\"300\" viewBox=\"0 0 600 300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>".into(),
            "c1",
            "NPS <by> month",
            "Rises & falls",
        );
        assert!(
            chart
                .svg
                .starts_with("<svg data-width=\"600\" data-height=\"300\" viewBox=\"0 0 600 300\"")
        );
        assert!(
            chart
                .svg
                .contains("role=\"img\" aria-labelledby=\"c1-t c1-d\"")
        );
        assert!(
            chart
                .svg
                .contains("<title id=\"c1-t\">NPS &lt;by&gt; month</title>")
        );
        assert!(
            chart
                .svg
                .contains("<desc id=\"c1-d\">Rises &amp; falls</desc>")
        );
        assert!(chart.svg.ends_with("<rect/></svg>"));
    }
}
