//! View structs: what each template receives, made for the page from the `Report`.
//!
//! Numbers are formatted here, once; templates only place them. Text from survey files stays
//! plain strings, which Tera escapes; only chart SVG and the owner's Markdown are marked safe.

use serde::Serialize;

use super::format;
use crate::charts::{Chart, GroupCharts, ReportCharts, SurveyCharts};
use crate::config::Kind;
use crate::report::{
    Change, CommentReport, Figure, GroupReport, PeriodFigure, Report, SurveyReport,
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
    /// Top, middle and bottom groups as shares.
    pub top: String,
    /// Middle group share.
    pub middle: String,
    /// Bottom group share.
    pub bottom: String,
    /// Mean score (CSAT), formatted.
    pub mean: String,
}

impl FigureView {
    /// Formats a figure of a survey of `kind`.
    pub fn new(kind: Kind, figure: &Figure) -> Self {
        let empty = FigureView {
            status: "suppressed",
            score: String::new(),
            interval: String::new(),
            n: String::new(),
            top: String::new(),
            middle: String::new(),
            bottom: String::new(),
            mean: String::new(),
        };
        match figure {
            Figure::Suppressed => empty,
            Figure::TooFew { n } => FigureView {
                status: "too_few",
                n: format::count(*n),
                ..empty
            },
            Figure::Shown(s) => FigureView {
                status: "shown",
                score: format::score(kind, s.score.value),
                interval: format::interval(kind, s.score.low, s.score.high),
                n: format::count(s.n),
                top: format::percent(s.groups.top, s.n),
                middle: format::percent(s.groups.middle, s.n),
                bottom: format::percent(s.groups.bottom, s.n),
                mean: s.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
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
}

impl ChangeView {
    /// Words a change of a survey of `kind`.
    pub fn new(kind: Kind, change: &Change) -> Self {
        let d = change.difference;
        let unit = if kind == Kind::Csat { " points" } else { "" };
        let size = format::signed(d.value.abs(), false);
        let since = change.from.label();
        let (class, text) = match (change.significant, d.value > 0.0) {
            (true, true) => ("up", format!("▲ up {size}{unit} since {since}")),
            (true, false) => ("down", format!("▼ down {size}{unit} since {since}")),
            (false, _) => ("flat", format!("no clear change since {since}")),
        };
        ChangeView {
            class,
            text,
            detail: format!(
                "{}{unit} ({} to {}), {}",
                format::signed(d.value, true),
                format::signed(d.low, false),
                format::signed(d.high, false),
                format::p_value(change.p_value)
            ),
        }
    }
}

fn change_view(kind: Kind, change: &Option<Change>) -> Option<ChangeView> {
    change.as_ref().map(|c| ChangeView::new(kind, c))
}

/// A survey against its benchmark, in words.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkView {
    /// The whole comparison in one sentence.
    pub sentence: String,
    /// "in line with Retail (28)".
    pub short: String,
    /// `above`, `below`, `in_line_with` or `none`, for styling.
    pub class: &'static str,
    /// The source's name.
    pub source_name: String,
    /// The source's address.
    pub source_url: String,
    /// The chart among industries.
    pub chart: Option<ChartView>,
    /// One row per industry.
    pub industries: Vec<IndustryRow>,
}

/// A benchmark row for a table.
#[derive(Debug, Clone, Serialize)]
pub struct IndustryRow {
    /// Industry.
    pub industry: String,
    /// Region.
    pub region: String,
    /// Year, or empty.
    pub year: String,
    /// The value.
    pub value: String,
    /// Source name.
    pub source_name: String,
    /// Source address.
    pub source_url: String,
    /// `primary` or `secondary`.
    pub quality: String,
    /// Whether this is the row the survey is compared with.
    pub chosen: bool,
}

fn benchmark_view(survey: &SurveyReport, charts: &SurveyCharts) -> Option<BenchmarkView> {
    let c = survey.benchmark.as_ref()?;
    let b = &c.benchmark;
    let where_when = match b.year {
        Some(year) => format!("{}, {year}", b.region),
        None => format!("{}, year not stated", b.region),
    };
    let benchmark_words = format!(
        "the {} benchmark of {} ({where_when}; {})",
        b.industry,
        format::score(survey.kind, b.value),
        b.source_name
    );
    let metric = survey.kind.metric();
    let (sentence, class) = match (c.figure.shown(), c.verdict) {
        (Some(s), Some(verdict)) => (
            format!(
                "{metric} in {}, {} ({}), is {} {benchmark_words}.",
                c.period,
                format::score(survey.kind, s.score.value),
                format::interval(survey.kind, s.score.low, s.score.high),
                verdict.words(),
            ),
            match verdict {
                crate::benchmarks::Verdict::Above => "above",
                crate::benchmarks::Verdict::Below => "below",
                crate::benchmarks::Verdict::InLineWith => "in_line_with",
            },
        ),
        _ => (
            format!(
                "No {metric} figure for {} to compare with {benchmark_words}.",
                c.period
            ),
            "none",
        ),
    };
    Some(BenchmarkView {
        sentence,
        short: match c.verdict {
            Some(v) => format!(
                "{} {} ({})",
                v.words(),
                b.industry,
                format::score(survey.kind, b.value)
            ),
            None => format!("{} ({})", b.industry, format::score(survey.kind, b.value)),
        },
        class,
        source_name: b.source_name.clone(),
        source_url: b.source_url.clone(),
        chart: chart(&charts.industries),
        industries: c
            .industries
            .iter()
            .map(|row| IndustryRow {
                industry: row.industry.clone(),
                region: row.region.clone(),
                year: row.year.map(|y| y.to_string()).unwrap_or_default(),
                value: format::score(survey.kind, row.value),
                source_name: row.source_name.clone(),
                source_url: row.source_url.clone(),
                quality: row.quality.clone(),
                chosen: row == b,
            })
            .collect(),
    })
}

/// A survey's target, in words.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// "Target 40 by Dec 2025".
    pub title: String,
    /// "reached", "not reached", "not yet clear".
    pub verdict: &'static str,
    /// `reached`, `not_reached`, `not_yet_clear`.
    pub class: &'static str,
    /// What was judged: "Dec 2025: 19 (9 to 28)".
    pub detail: String,
}

fn target_view(survey: &SurveyReport) -> Option<TargetView> {
    use crate::report::TargetVerdict;
    let t = survey.target.as_ref()?;
    let (verdict, class) = match t.verdict {
        TargetVerdict::Reached => ("reached", "reached"),
        TargetVerdict::NotReached => ("not reached", "not_reached"),
        TargetVerdict::NotYetClear => ("not yet clear", "not_yet_clear"),
    };
    let judged = t
        .judged
        .and_then(|p| survey.overall.periods.iter().find(|f| f.period == p));
    let detail = match judged.map(|p| (p.period, p.figure.shown())) {
        Some((period, Some(s))) => format!(
            "{}: {} ({})",
            period.label(),
            format::score(survey.kind, s.score.value),
            format::interval(survey.kind, s.score.low, s.score.high)
        ),
        Some((period, None)) => format!("{}: no score shown", period.label()),
        None => "no answers yet".into(),
    };
    Some(TargetView {
        title: format!(
            "Target {} by {}",
            format::score(survey.kind, t.value),
            t.by.label()
        ),
        verdict,
        class,
        detail,
    })
}

/// A chart for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Title.
    pub title: String,
    /// SVG markup, inserted with `| safe`.
    pub svg: String,
}

fn chart(chart: &Option<Chart>) -> Option<ChartView> {
    chart.as_ref().map(|c| ChartView {
        title: c.title.clone(),
        svg: c.svg.clone(),
    })
}

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

fn correlation_words(paired: &crate::report::Paired, what: &str) -> String {
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

fn comparison_view(
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

fn card(survey: &SurveyReport, charts: &SurveyCharts) -> Card {
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

fn covered(survey: &SurveyReport) -> String {
    match survey.periods_covered {
        Some((first, last)) if first == last => first.label(),
        Some((first, last)) => format!("{} – {}", first.label(), last.label()),
        None => "no answers".into(),
    }
}

/// The path of a survey's page from the root.
pub fn survey_href(survey: &SurveyReport) -> String {
    format!("surveys/{}/index.html", survey.id)
}

/// The path of a dimension value's page from the root.
pub fn value_href(survey: &SurveyReport, dimension: &str, value: &GroupReport) -> String {
    format!("surveys/{}/{}/{}.html", survey.id, dimension, value.slug)
}

/// A survey's page or a dimension value's page.
#[derive(Debug, Clone, Serialize)]
pub struct GroupPage {
    /// The survey's id.
    pub id: String,
    /// The page's heading.
    pub heading: String,
    /// A sentence under it.
    pub description: Option<String>,
    /// "NPS".
    pub metric: &'static str,
    /// Names of the scale's groups, best first.
    pub names: [&'static str; 3],
    /// Legend entries for the group colours.
    pub legend: Vec<LegendItem>,
    /// Links above the heading.
    pub breadcrumbs: Vec<Link>,
    /// The figure over all periods.
    pub figure: FigureView,
    /// "Jan 2023 – Dec 2025".
    pub period: String,
    /// The last period.
    pub latest: Option<PeriodRow>,
    /// The response rate over all periods with invitations.
    pub response_rate: Option<String>,
    /// Whether any period has a response rate (for the table's column).
    pub has_response_rates: bool,
    /// The charts.
    pub charts: GroupChartViews,
    /// One row per period.
    pub periods: Vec<PeriodRow>,
    /// Answers per scale point.
    pub distribution: Vec<DistributionRow>,
    /// Dimensions (on a survey's page only).
    pub dimensions: Vec<DimensionView>,
    /// The benchmark comparison (survey pages only).
    pub benchmark: Option<BenchmarkView>,
    /// The target (survey pages only).
    pub target: Option<TargetView>,
    /// The newest comments of each scale group.
    pub comment_groups: Vec<CommentGroup>,
    /// How many comments the group has (in its bounded sample).
    pub comment_count: String,
    /// Whether there are any.
    pub has_comments: bool,
    /// The first page of all comments, when there are more than shown here.
    pub comments_href: Option<String>,
    /// Why there are no comments, when there are none.
    pub comments_note: String,
    /// Themes and frequent words (survey pages only).
    pub text: Option<TextView>,
}

/// A legend entry.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// `top`, `middle`, `bottom`.
    pub class: &'static str,
    /// "Promoters (9–10)".
    pub name: String,
}

/// A group's charts for a template.
#[derive(Debug, Clone, Serialize)]
pub struct GroupChartViews {
    /// Trend.
    pub trend: Option<ChartView>,
    /// Shares per period.
    pub shares: Option<ChartView>,
    /// Distribution.
    pub distribution: Option<ChartView>,
}

/// A period's row in a table.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    /// "Mar 2024".
    pub label: String,
    /// Its figure.
    pub figure: FigureView,
    /// Change from the previous period.
    pub change_previous: Option<ChangeView>,
    /// Change from a year earlier.
    pub change_year: Option<ChangeView>,
    /// Response rate, when invitations are known.
    pub response_rate: Option<String>,
}

fn period_row(kind: Kind, p: &PeriodFigure) -> PeriodRow {
    PeriodRow {
        label: p.period.label(),
        figure: FigureView::new(kind, &p.figure),
        change_previous: change_view(kind, &p.change_previous),
        change_year: change_view(kind, &p.change_year),
        response_rate: p.response_rate.as_ref().map(format::response_rate),
    }
}

/// A scale point's row.
#[derive(Debug, Clone, Serialize)]
pub struct DistributionRow {
    /// The score.
    pub score: u8,
    /// Answers.
    pub count: String,
    /// Share of answers.
    pub share: String,
}

/// A dimension on a survey's page.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Comparison chart.
    pub chart: Option<ChartView>,
    /// One row per value.
    pub values: Vec<ValueRow>,
    /// Whether any value has a response rate.
    pub has_response_rates: bool,
}

/// A dimension value's row.
#[derive(Debug, Clone, Serialize)]
pub struct ValueRow {
    /// The value (untrusted text).
    pub name: String,
    /// Its page, unless hidden.
    pub href: Option<String>,
    /// Its figure.
    pub figure: FigureView,
    /// Its response rate, when invitations are known.
    pub response_rate: Option<String>,
}

/// A comment for a template.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    /// The text (untrusted; escaped by the template).
    pub text: String,
    /// "Promoter".
    pub group: &'static str,
    /// `top`, `middle`, `bottom`.
    pub class: &'static str,
    /// The score.
    pub score: u8,
    /// The day, or the period.
    pub when: String,
    /// "Region: Oslo".
    pub tags: Vec<String>,
}

fn legend(kind: Kind) -> Vec<LegendItem> {
    let names = match kind {
        Kind::Csat => ["Satisfied (4–5)", "Neutral (3)", "Dissatisfied (1–2)"],
        _ => ["Promoters (9–10)", "Passives (7–8)", "Detractors (0–6)"],
    };
    ["top", "middle", "bottom"]
        .into_iter()
        .zip(names)
        .map(|(class, name)| LegendItem {
            class,
            name: name.into(),
        })
        .collect()
}

fn comment(kind: Kind, c: &CommentReport, skip_tag: Option<&(String, String)>) -> CommentView {
    let (group, class) = match (kind, c.score) {
        (Kind::Csat, 4..=5) | (Kind::Nps | Kind::Enps, 9..=10) => ("Promoter", "top"),
        (Kind::Csat, 3) | (Kind::Nps | Kind::Enps, 7..=8) => ("Passive", "middle"),
        _ => ("Detractor", "bottom"),
    };
    let group = match (kind, class) {
        (Kind::Csat, "top") => "Satisfied",
        (Kind::Csat, "middle") => "Neutral",
        (Kind::Csat, _) => "Dissatisfied",
        _ => group,
    };
    CommentView {
        text: c.text.clone(),
        group,
        class,
        score: c.score,
        when: c.date.clone().unwrap_or_else(|| c.period.label()),
        tags: c
            .tags
            .iter()
            .filter(|t| Some(*t) != skip_tag)
            .map(|(d, v)| format!("{d}: {v}"))
            .collect(),
    }
}

/// Builds a survey's page (`selected` is `None`) or the page of dimension `d`'s value `v`
/// (`selected` is `Some((d, v))`).
pub fn group_page(
    survey: &SurveyReport,
    charts: &SurveyCharts,
    selected: Option<(usize, usize)>,
) -> GroupPage {
    let kind = survey.kind;
    let (group, group_charts, heading, breadcrumbs) = match selected {
        None => (
            &survey.overall,
            &charts.overall,
            survey.title.clone(),
            vec![home()],
        ),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            let value = &dimension.values[v];
            (
                value,
                &charts.dimensions[d].1[v],
                format!("{}: {}", dimension.title, value.name),
                vec![
                    home(),
                    Link {
                        title: survey.title.clone(),
                        href: survey_href(survey),
                        current: false,
                    },
                ],
            )
        }
    };
    let (low, _) = kind.range();
    let distribution = group
        .total
        .shown()
        .map(|s| {
            s.distribution
                .iter()
                .enumerate()
                .map(|(i, c)| DistributionRow {
                    score: low + i as u8,
                    count: format::count(*c),
                    share: format::percent(*c, s.n),
                })
                .collect()
        })
        .unwrap_or_default();
    let dimensions = if selected.is_none() {
        dimension_views(survey, charts)
    } else {
        Vec::new()
    };
    let all_comments = group_page_comments(survey, selected);
    let comment_groups: Vec<CommentGroup> = ["top", "middle", "bottom"]
        .into_iter()
        .zip(crate::charts::group_names(kind))
        .map(|(class, name)| CommentGroup {
            name,
            class,
            comments: all_comments
                .iter()
                .filter(|c| c.class == class)
                .take(COMMENTS_PER_GROUP_SHOWN)
                .cloned()
                .collect(),
        })
        .collect();
    let base = comments_base(survey, selected);
    let comments_href =
        (all_comments.len() > COMMENTS_PER_GROUP_SHOWN).then(|| format!("{base}/comments-1.html"));
    GroupPage {
        id: survey.id.clone(),
        heading,
        description: if selected.is_none() {
            survey.description.clone()
        } else {
            Some(format!("{} · only answers from this group", survey.title))
        },
        metric: kind.metric(),
        names: crate::charts::group_names(kind),
        legend: legend(kind),
        breadcrumbs,
        figure: FigureView::new(kind, &group.total),
        period: covered(survey),
        latest: group.periods.last().map(|p| period_row(kind, p)),
        response_rate: group.response_rate.as_ref().map(format::response_rate),
        has_response_rates: group.periods.iter().any(|p| p.response_rate.is_some()),
        charts: group_chart_views(group_charts),
        periods: group
            .periods
            .iter()
            .rev()
            .map(|p| period_row(kind, p))
            .collect(),
        distribution,
        dimensions,
        benchmark: selected
            .is_none()
            .then(|| benchmark_view(survey, charts))
            .flatten(),
        target: selected.is_none().then(|| target_view(survey)).flatten(),
        comments_note: if survey.confidential {
            "No comments are shown for groups under the anonymity threshold.".into()
        } else {
            "No comments in this group.".into()
        },
        comment_count: format::count(all_comments.len() as u64),
        has_comments: !all_comments.is_empty(),
        comment_groups,
        comments_href,
        text: selected.is_none().then(|| text_view(survey)).flatten(),
    }
}

/// Where a group's comment pages live: `surveys/ID` or `surveys/ID/DIMENSION/SLUG`.
pub fn comments_base(survey: &SurveyReport, selected: Option<(usize, usize)>) -> String {
    match selected {
        None => format!("surveys/{}", survey.id),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            format!(
                "surveys/{}/{}/{}",
                survey.id, dimension.id, dimension.values[v].slug
            )
        }
    }
}

/// Comments of one scale group.
#[derive(Debug, Clone, Serialize)]
pub struct CommentGroup {
    /// "Promoters".
    pub name: &'static str,
    /// `top`, `middle`, `bottom`.
    pub class: &'static str,
    /// The newest few.
    pub comments: Vec<CommentView>,
}

/// What the comments talk about.
#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    /// Comments per scale group, formatted.
    pub comments: [String; 3],
    /// One row per theme: name, then each group's count and share.
    pub themes: Vec<[String; 4]>,
    /// Per period, for each theme: its comments (all groups).
    pub theme_periods: Vec<ThemePeriodRow>,
    /// The theme names, for the period table's header.
    pub theme_names: Vec<String>,
    /// Most used words per scale group: "delivery (12)".
    pub words: [Vec<String>; 3],
}

/// A period's theme counts.
#[derive(Debug, Clone, Serialize)]
pub struct ThemePeriodRow {
    /// "Mar 2024".
    pub label: String,
    /// Comments mentioning each theme.
    pub counts: Vec<String>,
}

fn text_view(survey: &SurveyReport) -> Option<TextView> {
    let text = survey.text.as_ref()?;
    let share = |count: u64, group: usize| {
        format!(
            "{} ({})",
            format::count(count),
            format::percent(count, text.comments[group])
        )
    };
    let mut periods: Vec<crate::period::Period> = text
        .themes
        .iter()
        .flat_map(|t| t.periods.iter().map(|(p, _)| *p))
        .collect();
    periods.sort();
    periods.dedup();
    Some(TextView {
        comments: text.comments.map(format::count),
        themes: text
            .themes
            .iter()
            .map(|t| {
                [
                    t.name.clone(),
                    share(t.total[0], 0),
                    share(t.total[1], 1),
                    share(t.total[2], 2),
                ]
            })
            .collect(),
        theme_periods: periods
            .iter()
            .rev()
            .map(|period| ThemePeriodRow {
                label: period.label(),
                counts: text
                    .themes
                    .iter()
                    .map(|t| {
                        let counts = t
                            .periods
                            .iter()
                            .find(|(p, _)| p == period)
                            .map_or(0, |(_, c)| c.iter().sum());
                        format::count(counts)
                    })
                    .collect(),
            })
            .collect(),
        theme_names: text.themes.iter().map(|t| t.name.clone()).collect(),
        words: [0, 1, 2].map(|g| {
            text.words[g]
                .iter()
                .map(|(w, c)| format!("{w} ({})", format::count(*c)))
                .collect()
        }),
    })
}

/// A page of a group's comments.
#[derive(Debug, Clone, Serialize)]
pub struct CommentsPage {
    /// "Comments: Region: Oslo".
    pub heading: String,
    /// Back to the group's page.
    pub back: Link,
    /// "Comments 51 to 100 of 180, newest first".
    pub range: String,
    /// Links to every page of comments.
    pub pages: Vec<Link>,
    /// This page's comments.
    pub comments: Vec<CommentView>,
}

/// Every page of a group's comments: (path, view).
pub fn comment_pages(
    survey: &SurveyReport,
    selected: Option<(usize, usize)>,
) -> Vec<(String, CommentsPage)> {
    let page = group_page_comments(survey, selected);
    let base = comments_base(survey, selected);
    let (heading, back_href) = match selected {
        None => (survey.title.clone(), survey_href(survey)),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            let value = &dimension.values[v];
            (
                format!("{}: {}", dimension.title, value.name),
                value_href(survey, &dimension.id, value),
            )
        }
    };
    let chunks: Vec<&[CommentView]> = page.chunks(COMMENTS_PER_PAGE).collect();
    let links: Vec<Link> = (1..=chunks.len())
        .map(|n| Link {
            title: n.to_string(),
            href: format!("{base}/comments-{n}.html"),
            current: false,
        })
        .collect();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let first = i * COMMENTS_PER_PAGE + 1;
            let view = CommentsPage {
                heading: format!("Comments: {heading}"),
                back: Link {
                    title: heading.clone(),
                    href: back_href.clone(),
                    current: false,
                },
                range: format!(
                    "Comments {} to {} of {}, newest first",
                    format::count(first as u64),
                    format::count((first + chunk.len() - 1) as u64),
                    format::count(page.len() as u64)
                ),
                pages: links
                    .iter()
                    .enumerate()
                    .map(|(j, l)| Link {
                        current: i == j,
                        ..l.clone()
                    })
                    .collect(),
                comments: chunk.to_vec(),
            };
            (links[i].href.clone(), view)
        })
        .collect()
}

fn group_page_comments(
    survey: &SurveyReport,
    selected: Option<(usize, usize)>,
) -> Vec<CommentView> {
    let (group, skip_tag) = match selected {
        None => (&survey.overall, None),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            let value = &dimension.values[v];
            (value, Some((dimension.title.clone(), value.name.clone())))
        }
    };
    group
        .comments
        .iter()
        .map(|c| comment(survey.kind, c, skip_tag.as_ref()))
        .collect()
}

fn group_chart_views(charts: &GroupCharts) -> GroupChartViews {
    GroupChartViews {
        trend: chart(&charts.trend),
        shares: chart(&charts.shares),
        distribution: chart(&charts.distribution),
    }
}

fn dimension_views(survey: &SurveyReport, charts: &SurveyCharts) -> Vec<DimensionView> {
    survey
        .dimensions
        .iter()
        .zip(&charts.dimensions)
        .map(|(dimension, (comparison, _))| DimensionView {
            id: dimension.id.clone(),
            title: dimension.title.clone(),
            chart: chart(comparison),
            has_response_rates: dimension.values.iter().any(|v| v.response_rate.is_some()),
            values: dimension
                .values
                .iter()
                .map(|value| ValueRow {
                    name: value.name.clone(),
                    href: has_page(value).then(|| value_href(survey, &dimension.id, value)),
                    figure: FigureView::new(survey.kind, &value.total),
                    response_rate: value.response_rate.as_ref().map(format::response_rate),
                })
                .collect(),
        })
        .collect()
}

/// Whether a dimension value gets its own page: not when it is hidden for anonymity.
pub fn has_page(value: &GroupReport) -> bool {
    !matches!(value.total, Figure::Suppressed)
}

fn home() -> Link {
    Link {
        title: "Overview".into(),
        href: "index.html".into(),
        current: false,
    }
}

/// The benchmarks page: every survey with a benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarksPage {
    /// One entry per survey with a benchmark.
    pub surveys: Vec<BenchmarkSection>,
}

/// A survey on the benchmarks page.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkSection {
    /// Survey id, for anchors.
    pub id: String,
    /// Survey title.
    pub title: String,
    /// Its comparison.
    pub benchmark: BenchmarkView,
}

/// Builds the benchmarks page, or `None` when no survey has a benchmark.
pub fn benchmarks(report: &Report, charts: &ReportCharts) -> Option<BenchmarksPage> {
    let surveys: Vec<BenchmarkSection> = report
        .surveys
        .iter()
        .zip(&charts.surveys)
        .filter_map(|(s, c)| {
            Some(BenchmarkSection {
                id: s.id.clone(),
                title: s.title.clone(),
                benchmark: benchmark_view(s, c)?,
            })
        })
        .collect();
    (!surveys.is_empty()).then_some(BenchmarksPage { surveys })
}

/// The methodology page's view.
#[derive(Debug, Clone, Serialize)]
pub struct MethodologyPage {
    /// "95 %".
    pub confidence: String,
    /// "0.05".
    pub significance: String,
    /// Minimum answers for comments in confidential surveys.
    pub comment_min: u64,
    /// Per survey: its rules and data.
    pub surveys: Vec<MethodologySurvey>,
}

/// A survey on the methodology page.
#[derive(Debug, Clone, Serialize)]
pub struct MethodologySurvey {
    /// Title.
    pub title: String,
    /// Metric.
    pub metric: &'static str,
    /// Minimum answers.
    pub min_n: u64,
    /// Employee anonymity applies.
    pub confidential: bool,
    /// Files read.
    pub files: Vec<String>,
    /// "3 with a score outside the scale, 1 with a response id seen before".
    pub skipped: String,
    /// Rows read.
    pub records: String,
    /// Empty scores skipped.
    pub empty_scores: String,
    /// Periods covered.
    pub period: String,
}

/// Builds the methodology page's view.
pub fn methodology(report: &Report) -> MethodologyPage {
    MethodologyPage {
        confidence: confidence(report.confidence),
        significance: report.significance.to_string(),
        comment_min: crate::privacy::COMMENT_MIN,
        surveys: report
            .surveys
            .iter()
            .map(|s| MethodologySurvey {
                title: s.title.clone(),
                metric: s.kind.metric(),
                min_n: s.min_n,
                confidential: s.confidential,
                files: s.files.iter().map(|f| f.path.clone()).collect(),
                skipped: skipped_words(&s.skipped),
                records: format::count(s.records),
                empty_scores: format::count(s.empty_scores),
                period: covered(s),
            })
            .collect(),
    }
}

/// Skipped rows in words: "3 score outside the scale, 1 response id seen before".
pub fn skipped_words(skipped: &std::collections::BTreeMap<String, u64>) -> String {
    use crate::ingest::Skip;
    let all = [
        Skip::ScoreOutOfRange,
        Skip::ScoreNotANumber,
        Skip::BadDate,
        Skip::FieldCount,
        Skip::Encoding,
        Skip::Duplicate,
    ];
    let words: Vec<String> = all
        .iter()
        .filter_map(|s| {
            Some(format!(
                "{} {}",
                format::count(*skipped.get(s.key())?),
                s.words()
            ))
        })
        .collect();
    if words.is_empty() {
        "none".into()
    } else {
        words.join(", ")
    }
}

/// "95 %".
pub fn confidence(level: f64) -> String {
    let percent = level * 100.0;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{percent:.0} %")
    } else {
        format!("{percent:.1} %")
    }
}
