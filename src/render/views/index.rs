//! The index page: summary cards, key movers, customers and employees side by side.

use super::*;
use crate::report::{EffectSize, Priority};

/// A summary card on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Survey title.
    pub title: String,
    /// `nps`, `enps` or `csat`, for styling.
    pub kind: Kind,
    /// "NPS", "eNPS", "CSAT".
    pub metric: &'static str,
    /// Link to the survey's page.
    pub href: String,
    /// The figure over all periods.
    pub figure: FigureView,
    /// "Jan 2023 – Dec 2025".
    pub period: String,
    /// The last period: the card's headline.
    pub latest: Option<PeriodRow>,
    /// The same period a year earlier, when there is one.
    pub year_before: Option<FigureView>,
    /// "A year earlier (Dec 2024)".
    pub year_before_label: String,
    /// The change from a year earlier, worded against it: "▲ up 7 vs Dec 2024".
    pub year_change: Option<ChangeView>,
    /// The trend chart.
    pub trend: Option<ChartView>,
    /// What the trend's dashed lines are.
    pub trend_legend: Vec<LegendItem>,
    /// The benchmark comparison.
    pub benchmark: Option<BenchmarkView>,
    /// The target.
    pub target: Option<TargetView>,
    /// The dimension that explains the most of the differences between answers, with its
    /// share ("Resolution: 28 % of the differences"), when that is more than chance and at
    /// least a small effect.
    pub varies_most: Option<String>,
    /// The questions asked beside the score that are the first to improve, when any is:
    /// "My workload is manageable".
    pub improve_first: Option<String>,
}

/// A key mover on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct MoverView {
    /// "Touchpoint: Delivery".
    pub name: String,
    /// The survey's title.
    pub survey: String,
    /// Link to the value's page.
    pub href: String,
    /// The score now.
    pub figure: String,
    /// The change.
    pub change: ChangeView,
}

/// A customer and an employee survey side by side.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// "Customer relationship NPS".
    pub customers: String,
    /// "Employee NPS".
    pub employees: String,
    /// The chart of both over time.
    pub chart: Option<ChartView>,
    /// Legend: customers, employees.
    pub legend: Vec<LegendItem>,
    /// The events of either survey marked on the chart.
    pub events: Vec<EventView>,
    /// The correlation over time, in words.
    pub over_time: Option<String>,
    /// Rows of the table per period.
    pub periods: Vec<PairedPeriodRow>,
    /// Per compared dimension: its words and rows.
    pub dimensions: Vec<PairedDimensionView>,
    /// Why there is nothing to compare, when so.
    pub note: Option<String>,
}

/// A period's row of the table of both scores.
#[derive(Debug, Clone, Serialize)]
pub struct PairedPeriodRow {
    /// "Q1 2024".
    pub period: String,
    /// The customer score.
    pub customers: String,
    /// The employee score.
    pub employees: String,
    /// The events whose days meet the period.
    pub events: Vec<EventView>,
}

/// A compared dimension pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairedDimensionView {
    /// "Region / Location".
    pub title: String,
    /// The correlation in words.
    pub summary: String,
    /// Rows: value, customer score, employee score.
    pub rows: Vec<[String; 3]>,
}

/// Fewer paired points than this get a caution: r from a handful of points is fragile.
pub const FEW_POINTS: usize = 8;

pub(super) fn correlation_words(t: &Texts, paired: &crate::report::Paired, what: &str) -> String {
    let what = t.get(what);
    match paired.correlation {
        None => t.fill(
            "index.too_few_points",
            &[("what", &what), ("n", &paired.points.len())],
        ),
        Some(c) => {
            let mut words = t.fill(
                "index.pearson",
                &[
                    ("r", &t.decimal(c.r, 2)),
                    ("n", &c.n),
                    ("what", &what),
                    ("p", &format::p_value(t, c.p_value)),
                ],
            );
            if c.n < FEW_POINTS {
                words.push(' ');
                words.push_str(&t.fill("index.fragile", &[("min", &FEW_POINTS)]));
            }
            words.push(' ');
            words.push_str(t.get("index.not_causal"));
            words
        }
    }
}

pub(super) fn comparison_view(
    t: &Texts,
    report: &Report,
    comparison: &crate::report::Comparison,
    chart_svg: &Option<Chart>,
) -> ComparisonView {
    let survey = |id: &str| report.surveys.iter().find(|s| s.id == id);
    let name = |id: &str| survey(id).map_or(id.to_string(), |s| s.title.clone());
    let scores = |p: &crate::report::PairedPoint| {
        [
            format::signed(p.customers, false),
            format::signed(p.employees, false),
        ]
    };
    let periods = (comparison.over_time.points.iter())
        .map(|p| {
            let [customers, employees] = scores(p);
            PairedPeriodRow {
                period: t.period_id(&p.key, comparison.period_kind),
                customers,
                employees,
                events: match Period::parse(&p.key, comparison.period_kind) {
                    Some(period) => EventView::all(t, &comparison.events, Some(period)),
                    None => Vec::new(),
                },
            }
        })
        .collect();
    let dimension_title = |survey_id: &str, id: &str| {
        survey(survey_id)
            .and_then(|s| s.dimensions.iter().find(|d| d.id == id))
            .map_or(id.to_string(), |d| d.title.clone())
    };
    ComparisonView {
        customers: name(&comparison.customers),
        employees: name(&comparison.employees),
        chart: chart(chart_svg),
        legend: vec![
            LegendItem {
                class: "customers",
                name: name(&comparison.customers),
            },
            LegendItem {
                class: "employees",
                name: name(&comparison.employees),
            },
        ],
        events: match chart_svg {
            Some(_) => EventView::all(t, &comparison.events, None),
            None => Vec::new(),
        },
        over_time: (comparison.note.is_none())
            .then(|| correlation_words(t, &comparison.over_time, "index.periods")),
        periods,
        dimensions: comparison
            .dimensions
            .iter()
            .map(|d| PairedDimensionView {
                title: format!(
                    "{} / {}",
                    dimension_title(&comparison.customers, &d.customers),
                    dimension_title(&comparison.employees, &d.employees)
                ),
                summary: correlation_words(t, &d.paired, "index.values"),
                rows: (d.paired.points.iter())
                    .map(|p| {
                        let [customers, employees] = scores(p);
                        [p.key.clone(), customers, employees]
                    })
                    .collect(),
            })
            .collect(),
        note: comparison.note.as_ref().map(|_| {
            t.fill(
                "index.asked_more_often",
                &[
                    ("employees", &name(&comparison.employees)),
                    ("customers", &name(&comparison.customers)),
                ],
            )
        }),
    }
}

/// The index page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexPage {
    /// A line under the title.
    pub subtitle: String,
    /// One card per survey.
    pub cards: Vec<Card>,
    /// Significant changes of segments, largest first.
    pub movers: Vec<MoverView>,
    /// What each survey's comments say, as its page says it.
    pub themes: Vec<SurveyThemes>,
    /// Customer and employee surveys side by side.
    pub comparisons: Vec<ComparisonView>,
    /// "p < 0.05".
    pub significance: String,
    /// The owner's introduction, HTML.
    pub intro: Option<String>,
}

/// A survey's comment themes in sentences: which come with higher and lower scores, and which
/// are mentioned more or less often than before.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyThemes {
    /// The survey's title (untrusted text).
    pub survey: String,
    /// Its page's section on comments.
    pub href: String,
    /// The sentences of that section.
    pub text: String,
}

/// Builds the index page's view.
pub fn index(report: &Report, charts: &ReportCharts, intro: Option<String>) -> IndexPage {
    let t = report.locale.texts();
    let total: u64 = report.surveys.iter().map(SurveyReport::answers).sum();
    let surveys = t.count_of("index.surveys", report.surveys.len() as u64);
    let answers = t.count_of("index.answers", total);
    let significance = significance(t, report.significance);
    IndexPage {
        subtitle: match data_until(t, report) {
            Some(date) => t.fill(
                "index.summary_until",
                &[
                    ("surveys", &surveys),
                    ("answers", &answers),
                    ("date", &date),
                ],
            ),
            None => t.fill(
                "index.summary",
                &[("surveys", &surveys), ("answers", &answers)],
            ),
        },
        cards: report
            .surveys
            .iter()
            .zip(&charts.surveys)
            .map(|(survey, charts)| card(t, survey, charts))
            .collect(),
        comparisons: report
            .comparisons
            .iter()
            .zip(&charts.comparisons)
            .map(|(c, chart)| comparison_view(t, report, c, chart))
            .collect(),
        themes: (report.surveys.iter())
            .filter_map(|survey| survey_themes(t, &significance, survey))
            .collect(),
        movers: report
            .key_movers
            .iter()
            .take(KEY_MOVERS_SHOWN)
            .filter_map(|m| {
                let survey = report.surveys.iter().find(|s| s.id == m.survey)?;
                let dimension = survey.dimensions.iter().find(|d| d.id == m.dimension)?;
                Some(MoverView {
                    name: format!("{}: {}", dimension.title, m.value),
                    survey: survey.title.clone(),
                    href: format!("surveys/{}/{}/{}.html", survey.id, dimension.id, m.slug),
                    figure: t.fill(
                        "index.now",
                        &[(
                            "figure",
                            &format!(
                                "{} ({})",
                                format::score(survey.kind, m.score.value),
                                format::interval(t, survey.kind, m.score.low, m.score.high)
                            ),
                        )],
                    ),
                    change: ChangeView::new(t, survey.kind, &m.change),
                })
            })
            .collect(),
        significance,
        intro,
    }
}

/// The date the data runs up to, in the report's language.
pub fn data_until(t: &Texts, report: &Report) -> Option<String> {
    let date = report.data_until.as_deref()?;
    Some(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_or_else(|_| date.to_string(), |d| t.date(d)),
    )
}

/// The sentences on `survey`'s page about its comment themes' scores and changes, those that
/// name a theme; `None` when none does. `significance` is the report's, as the page words it.
fn survey_themes(t: &Texts, significance: &str, survey: &SurveyReport) -> Option<SurveyThemes> {
    let text = survey.text.as_ref()?;
    let scored = text.any_significant(|theme| theme.vs_others.as_ref());
    let changed = text.any_significant(|theme| theme.change.as_ref())
        || text.any_significant(|theme| theme.change_year.as_ref());
    let sentences: Vec<String> = [
        scored.then(|| super::group::theme_score_summary(t, significance, survey)),
        changed
            .then(|| super::group::period_change_summary(t, significance, survey))
            .flatten(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!sentences.is_empty()).then(|| SurveyThemes {
        survey: survey.title.clone(),
        href: format!("surveys/{}/index.html#themes-title", survey.id),
        text: sentences.join(" "),
    })
}

/// A significance level as a condition: "p < 0.05", "p < 0,05".
pub fn significance(t: &Texts, level: f64) -> String {
    t.fill(
        "figure.p_below",
        &[("p", &t.decimal(level, decimals(level)))],
    )
}

/// Decimals that show a level such as 0.05 or 0.001 exactly.
pub fn decimals(level: f64) -> usize {
    (1..=6)
        .find(|&places| {
            let scaled = level * 10f64.powi(places as i32);
            (scaled - scaled.round()).abs() < 1e-9
        })
        .unwrap_or(6)
}

pub(super) fn card(t: &Texts, survey: &SurveyReport, charts: &SurveyCharts) -> Card {
    let periods = &survey.overall.periods;
    let latest = periods.last();
    let year_before = latest.and_then(|last| {
        let target = last.period.year_earlier();
        periods.iter().find(|p| p.period == target)
    });
    Card {
        title: survey.title.clone(),
        kind: survey.kind,
        metric: survey.kind.metric(),
        href: survey_href(survey),
        figure: FigureView::new(t, survey.kind, &survey.overall.total),
        period: covered(t, survey),
        latest: latest.map(|p| period_row(t, survey.kind, p)),
        year_before: year_before.map(|p| FigureView::new(t, survey.kind, &p.figure)),
        year_before_label: year_before
            .map(|p| t.fill("index.year_before", &[("period", &t.period(p.period))]))
            .unwrap_or_default(),
        year_change: latest
            .and_then(|p| p.change_year.as_ref())
            .map(|c| short_change(t, survey.kind, c)),
        trend: chart(&charts.card_trend),
        trend_legend: reference_legend(charts, &charts.card_trend),
        benchmark: benchmark_view(t, survey, charts),
        target: target_view(t, survey),
        varies_most: (survey.dimensions.iter())
            .filter_map(|d| Some((d, d.explained?)))
            .filter(|(_, e)| e.significant && e.size() != EffectSize::Negligible)
            .max_by(|a, b| a.1.anova.share.total_cmp(&b.1.anova.share))
            .map(|(d, e)| {
                t.fill(
                    "index.varies_most_value",
                    &[
                        ("dimension", &d.title),
                        ("share", &format::fraction(t, e.anova.share)),
                    ],
                )
            }),
        improve_first: Some(prioritised(survey, Priority::Improve))
            .filter(|drivers| !drivers.is_empty())
            .map(|drivers| drivers.join(", ")),
    }
}

/// A change worded against the period it is compared with ("vs Dec 2024"), for a card.
fn short_change(t: &Texts, kind: Kind, change: &Change) -> ChangeView {
    let view = ChangeView::new(t, kind, change);
    ChangeView {
        text: view
            .text
            .replace(t.get("change.since"), t.get("change.versus")),
        ..view
    }
}
