//! The [`Report`] into SVG charts, drawn with plotters: one function per chart kind, one theme.
//!
//! Every chart is an SVG string with `role="img"`, a `<title>` and a `<desc>` that states its
//! numbers in words; the page also shows the same numbers in a table. Charts read only the
//! `Report`, so a suppressed figure (which has no number) cannot be drawn.

mod comparison;
mod events;
mod pairing;
mod series;
mod themes;

use plotters::style::RGBColor;

use crate::locale::Texts;
use crate::report::{GroupReport, Report, SurveyReport};

pub use comparison::{Compared, MAX_ROWS, comparison, industries};
pub use pairing::{EMPLOYEES, pairing};
pub use series::{Reference, ReferenceKind, TrendSize, distribution, group_names, shares, trend};
pub use themes::{THEME_COLOURS, ThemesChart, themes_over_time};

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// The sizes a chart is drawn at. A page's full-size charts are drawn wide and narrow, and CSS
/// shows the narrow one on phones: scaled down to a phone's width, a wide chart's text would be
/// too small to read, and scrolling it sideways hides its latest periods and highest values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 720 wide: a page's column on a desktop, and print.
    Wide,
    /// 340 wide: a phone's screen, where its text shows at 11 to 14 px (360 to 430 px screens).
    Narrow,
    /// 280 × 160: a summary card's trend, with no labels on its reference lines.
    Card,
}

impl Size {
    /// Width in SVG pixels.
    pub fn width(self) -> u32 {
        match self {
            Size::Wide => 720,
            Size::Narrow => 340,
            Size::Card => 280,
        }
    }

    /// The width of a period chart's plotting area: the chart's less the y axis's labels and
    /// the margins.
    fn plot_width(self) -> f64 {
        f64::from(self.width() - 60)
    }

    /// How many period labels the x axis shows at most.
    fn period_labels(self) -> usize {
        match self {
            Size::Wide => 8,
            Size::Narrow => 4,
            Size::Card => 3,
        }
    }
}

/// Draws a full-size chart wide and narrow; `None` if either fails.
fn wide_and_narrow(
    mut draw: impl FnMut(&mut String, Size) -> DrawResult,
) -> Option<(String, Option<String>)> {
    let (mut wide, mut narrow) = (String::new(), String::new());
    draw(&mut wide, Size::Wide).ok()?;
    draw(&mut narrow, Size::Narrow).ok()?;
    Some((wide, Some(narrow)))
}

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

/// One chart: an SVG document, perhaps a narrow one for phones, and the words that describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// A short title, also the SVG's `<title>`.
    pub title: String,
    /// The SVG markup, safe to insert into HTML as it is.
    pub svg: String,
    /// The same chart drawn [`Size::Narrow`], shown instead of `svg` on phones (class
    /// `chart-narrow`, beside `svg`'s `chart-wide`).
    pub narrow: Option<String>,
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
    /// A value's breakdowns, parallel to [`GroupReport::breakdowns`] (empty for a survey).
    pub breakdowns: Vec<Option<Chart>>,
}

/// The charts of one survey, parallel to its [`SurveyReport`].
#[derive(Debug, Clone, Default)]
pub struct SurveyCharts {
    /// A compact trend of all answers, for the summary card.
    pub card_trend: Option<Chart>,
    /// The lines the survey's trends are measured against, for their legends.
    pub references: Vec<Reference>,
    /// Charts over all answers.
    pub overall: GroupCharts,
    /// Per dimension, the comparison of its values. Each value's own charts are drawn when its
    /// page is rendered ([`draw_value`]), so they are never all in memory at once.
    pub dimensions: Vec<Option<Chart>>,
    /// The survey among one benchmark per industry.
    pub industries: Option<Chart>,
    /// Each comment theme's share of the comments, period by period.
    pub themes: Option<ThemesChart>,
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
        surveys: (report.surveys.iter())
            .map(|s| draw_survey(t, report, s))
            .collect(),
        comparisons: report
            .comparisons
            .iter()
            .map(|c| pairing(t, report, c, &format!("{}-{}", c.customers, c.employees)))
            .collect(),
    }
}

fn draw_survey(t: &Texts, report: &Report, survey: &SurveyReport) -> SurveyCharts {
    let references = references(t, survey);
    SurveyCharts {
        industries: industries(t, survey, &survey.id),
        themes: themes_over_time(t, report, survey),
        card_trend: trend(
            t,
            survey,
            &survey.overall,
            &format!("{}-card", survey.id),
            TrendSize::Compact,
            &references,
            None,
        ),
        overall: draw_group(t, survey, &survey.overall, &survey.id, &references, None),
        dimensions: survey
            .dimensions
            .iter()
            .map(|d| {
                let line = survey.overall.total.shown().map(|s| {
                    let value = score_text(survey, s.score.value);
                    let sentence = t.fill("chart.comparison_overall", &[("value", &value)]);
                    (s.score.value, sentence)
                });
                let values = Compared::values(d);
                comparison(
                    t,
                    survey,
                    &d.title,
                    &values,
                    line,
                    &format!("{}-{}", survey.id, d.id),
                )
            })
            .collect(),
        references,
    }
}

/// The charts of value `v` of the survey's dimension `d`.
pub fn draw_value(t: &Texts, survey: &SurveyReport, d: usize, v: usize) -> GroupCharts {
    let dimension = &survey.dimensions[d];
    let value = &dimension.values[v];
    let id = format!("{}-{}-{}", survey.id, dimension.id, value.slug);
    let line = value.total.shown().map(|s| {
        let score = score_text(survey, s.score.value);
        let sentence = t.fill(
            "chart.comparison_value",
            &[("name", &value.name), ("value", &score)],
        );
        (s.score.value, sentence)
    });
    GroupCharts {
        breakdowns: (value.breakdowns.iter())
            .map(|b| {
                let values = Compared::breakdown(b);
                let id = format!("{id}-by-{}", b.dimension);
                comparison(t, survey, &b.title, &values, line.clone(), &id)
            })
            .collect(),
        // The survey's own line beside the value's, for context.
        ..draw_group(t, survey, value, &id, &[], Some(&survey.overall))
    }
}

/// The benchmark and target lines of a survey's overall trend.
fn references(t: &Texts, survey: &SurveyReport) -> Vec<Reference> {
    let benchmark = survey.benchmark.as_ref().map(|b| Reference {
        kind: ReferenceKind::Benchmark,
        label: t.fill(
            "chart.benchmark_line",
            &[
                ("value", &score_text(survey, b.benchmark.value)),
                ("industry", &b.benchmark.industry),
            ],
        ),
        value: b.benchmark.value,
    });
    let target = survey.target.as_ref().map(|target| Reference {
        kind: ReferenceKind::Target,
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
    context: Option<&GroupReport>,
) -> GroupCharts {
    GroupCharts {
        trend: trend(t, survey, group, id, TrendSize::Full, references, context),
        shares: shares(t, survey, group, id),
        distribution: distribution(t, survey, group, id),
        breakdowns: Vec::new(),
    }
}

/// Finishes the plotters SVG of a chart and of its narrow variant, if any: sizes them by CSS
/// instead of fixed pixels and adds the accessible name and description. `id` must be unique on
/// the page; the narrow variant's ids end in `-narrow`.
fn accessible(
    (svg, narrow): (String, Option<String>),
    id: &str,
    title: &str,
    description: &str,
) -> Chart {
    let (shown_title, description) = (escape_xml(title), escape_xml(description));
    let finish = |svg: &str, id: &str, class: &str| {
        // Whatever plotters draws after `present()` lands after the closing tag, where a
        // browser shows it as stray text (it happened to comparison charts' small groups).
        debug_assert!(
            svg.matches("</svg>").count() == 1 && svg.trim_end().ends_with("</svg>"),
            "chart {id} was drawn on after its SVG was closed"
        );
        let head_end = svg.find('>').unwrap_or(0);
        let head = svg[..head_end]
            .replacen("<svg width=\"", "<svg data-width=\"", 1)
            .replacen(" height=\"", " data-height=\"", 1);
        format!(
            "{head} role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"{class}\">\n<title id=\"{id}-t\">{shown_title}</title>\n<desc id=\"{id}-d\">{description}</desc>{}",
            &svg[head_end + 1..]
        )
    };
    let wide_class = if narrow.is_some() {
        "chart chart-wide"
    } else {
        "chart"
    };
    Chart {
        svg: finish(&svg, id, wide_class),
        narrow: narrow.map(|n| finish(&n, &format!("{id}-narrow"), "chart chart-narrow")),
        title: title.to_string(),
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

/// A score as charts and descriptions write it, as the pages do: NPS as a whole number with a
/// true minus sign, CSAT with a percent sign.
fn score_text(survey: &SurveyReport, value: f64) -> String {
    crate::render::format::score(survey.kind, value)
}

/// A number on an axis, as the report's text writes numbers: grouped the language's way
/// (`1,000`, `1 000`), with a true minus sign.
fn axis_number(t: &Texts, value: f64) -> String {
    t.decimal(value, 0)
}

/// The vertical range of a score: −100..100 for NPS, 0..100 for CSAT.
fn score_range(survey: &SurveyReport) -> (f64, f64) {
    match survey.kind {
        crate::config::Kind::Csat { .. } => (0.0, 100.0),
        _ => (-100.0, 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg width=\"600\" height=\"300\" viewBox=\"0 0 600 300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";

    #[test]
    fn accessible_charts_scale_by_css_and_carry_a_title_and_description() {
        let chart = accessible((SVG.into(), None), "c1", "NPS <by> month", "Rises & falls");
        assert!(
            chart
                .svg
                .starts_with("<svg data-width=\"600\" data-height=\"300\" viewBox=\"0 0 600 300\"")
        );
        assert!(
            chart
                .svg
                .contains("role=\"img\" aria-labelledby=\"c1-t c1-d\" class=\"chart\">")
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
        assert_eq!(chart.title, "NPS <by> month");
        assert_eq!(chart.narrow, None);
    }

    #[test]
    fn a_narrow_variant_has_its_own_ids_and_the_same_words() {
        let narrow = SVG.replace("600", "340");
        let chart = accessible((SVG.into(), Some(narrow)), "c1", "NPS & CSAT", "Falls");
        assert!(
            chart
                .svg
                .contains("aria-labelledby=\"c1-t c1-d\" class=\"chart chart-wide\">")
        );
        let narrow = chart.narrow.unwrap();
        assert!(narrow.starts_with("<svg data-width=\"340\""));
        assert!(
            narrow.contains(
                "aria-labelledby=\"c1-narrow-t c1-narrow-d\" class=\"chart chart-narrow\">"
            )
        );
        assert!(narrow.contains("<title id=\"c1-narrow-t\">NPS &amp; CSAT</title>"));
        assert!(narrow.contains("<desc id=\"c1-narrow-d\">Falls</desc>"));
    }

    #[test]
    fn full_size_charts_are_drawn_at_both_widths() {
        let (wide, narrow) = wide_and_narrow(|svg, size| {
            svg.push_str(&format!("<svg width=\"{}\">", size.width()));
            Ok(())
        })
        .unwrap();
        assert_eq!(wide, "<svg width=\"720\">");
        assert_eq!(narrow.as_deref(), Some("<svg width=\"340\">"));
        let failing = wide_and_narrow(|_, size| match size {
            Size::Narrow => Err("no room".into()),
            _ => Ok(()),
        });
        assert_eq!(
            failing, None,
            "a chart that fails at either width is left out"
        );
    }
}
