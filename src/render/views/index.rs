//! The index page: summary cards, key movers, customers and employees side by side.

use super::*;

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
    /// "Dec 2024".
    pub year_before_label: String,
    /// The trend chart.
    pub trend: Option<ChartView>,
    /// The benchmark comparison.
    pub benchmark: Option<BenchmarkView>,
    /// The target.
    pub target: Option<TargetView>,
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
    /// The correlation over time, in words.
    pub over_time: Option<String>,
    /// Rows of the table: period, customer score, employee score.
    pub periods: Vec<[String; 3]>,
    /// Per compared dimension: its words and rows.
    pub dimensions: Vec<PairedDimensionView>,
    /// Why there is nothing to compare, when so.
    pub note: Option<String>,
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

pub(super) fn correlation_words(paired: &crate::report::Paired, what: &str) -> String {
    match paired.correlation {
        None => format!(
            "Too few {what} with figures on both sides ({}) to compute a correlation.",
            paired.points.len()
        ),
        Some(c) => {
            let mut words = format!(
                "Pearson's r = {:.2} over {} {what} ({}).",
                c.r,
                c.n,
                format::p_value(c.p_value)
            );
            if c.n < FEW_POINTS {
                words.push_str(&format!(
                    " With fewer than {FEW_POINTS} points this is fragile: one point can change it a lot."
                ));
            }
            words.push_str(
                " A correlation shows the two move together, not that one causes the other.",
            );
            words
        }
    }
}

pub(super) fn comparison_view(
    report: &Report,
    comparison: &crate::report::Comparison,
    chart_svg: &Option<Chart>,
) -> ComparisonView {
    let survey = |id: &str| report.surveys.iter().find(|s| s.id == id);
    let name = |id: &str| survey(id).map_or(id.to_string(), |s| s.title.clone());
    let rows = |points: &[crate::report::PairedPoint]| {
        points
            .iter()
            .map(|p| {
                [
                    p.key.clone(),
                    format::signed(p.customers, false),
                    format::signed(p.employees, false),
                ]
            })
            .collect()
    };
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
        over_time: (comparison.note.is_none())
            .then(|| correlation_words(&comparison.over_time, "periods")),
        periods: rows(&comparison.over_time.points),
        dimensions: comparison
            .dimensions
            .iter()
            .map(|d| PairedDimensionView {
                title: format!(
                    "{} / {}",
                    dimension_title(&comparison.customers, &d.customers),
                    dimension_title(&comparison.employees, &d.employees)
                ),
                summary: correlation_words(&d.paired, "values"),
                rows: rows(&d.paired.points),
            })
            .collect(),
        note: comparison.note.clone(),
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
    /// Customer and employee surveys side by side.
    pub comparisons: Vec<ComparisonView>,
    /// "p < 0.05".
    pub significance: String,
    /// The owner's introduction, HTML.
    pub intro: Option<String>,
}

/// Builds the index page's view.
pub fn index(report: &Report, charts: &ReportCharts, intro: Option<String>) -> IndexPage {
    let total: u64 = report
        .surveys
        .iter()
        .map(|s| s.records - s.empty_scores)
        .sum();
    IndexPage {
        subtitle: format!(
            "{} surveys, {} answers{}.",
            report.surveys.len(),
            format::count(total),
            report
                .data_until
                .as_ref()
                .map(|d| format!(", up to {d}"))
                .unwrap_or_default()
        ),
        cards: report
            .surveys
            .iter()
            .zip(&charts.surveys)
            .map(|(survey, charts)| card(survey, charts))
            .collect(),
        comparisons: report
            .comparisons
            .iter()
            .zip(&charts.comparisons)
            .map(|(c, chart)| comparison_view(report, c, chart))
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
                    figure: format!(
                        "{} ({})",
                        format::score(survey.kind, m.score.value),
                        format::interval(survey.kind, m.score.low, m.score.high)
                    ),
                    change: ChangeView::new(survey.kind, &m.change),
                })
            })
            .collect(),
        significance: format!("p < {}", report.significance),
        intro,
    }
}

pub(super) fn card(survey: &SurveyReport, charts: &SurveyCharts) -> Card {
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
        figure: FigureView::new(survey.kind, &survey.overall.total),
        period: covered(survey),
        latest: latest.map(|p| period_row(survey.kind, p)),
        year_before: year_before.map(|p| FigureView::new(survey.kind, &p.figure)),
        year_before_label: year_before
            .map(|p| format!("A year earlier ({})", p.period.label()))
            .unwrap_or_default(),
        trend: chart(&charts.card_trend),
        benchmark: benchmark_view(survey, charts),
        target: target_view(survey),
    }
}
