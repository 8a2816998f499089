//! A survey's or a segment value's page, and its comment pages.

use super::*;
use crate::charts::{Compared, ThemesChart};
use crate::config::PeriodKind;
use crate::report::{
    DimensionReport, DriverAnswers, DriverFigure, DriverPeriod, DriverReport, Mover, Priority,
    ThemeReport,
};

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
    pub names: [String; 3],
    /// Legend entries for the group colours.
    pub legend: Vec<LegendItem>,
    /// Links above the heading.
    pub breadcrumbs: Vec<Link>,
    /// The figure over all periods.
    pub figure: FigureView,
    /// A value's figure over all periods against the rest of the survey (value pages only).
    pub vs_rest: Option<ContrastView>,
    /// "Jan 2023 – Dec 2025".
    pub period: String,
    /// The last period.
    pub latest: Option<PeriodRow>,
    /// The response rate over all periods with invitations.
    pub response_rate: Option<String>,
    /// Whether any period has a response rate (for the table's column).
    pub has_response_rates: bool,
    /// Whether a value's recent periods are set against the rest of their periods' answers
    /// (for the table's column).
    pub has_period_contrasts: bool,
    /// The charts.
    pub charts: GroupChartViews,
    /// The trend's legend on a value's page: the value's line and its survey's.
    pub trend_legend: Vec<LegendItem>,
    /// The events marked on the trend, listed under it; none without the chart.
    pub events: Vec<EventView>,
    /// One row per period.
    pub periods: Vec<PeriodRow>,
    /// Answers per scale point.
    pub distribution: Vec<DistributionRow>,
    /// A survey's dimensions, or a value's breakdowns by the survey's other dimensions.
    pub dimensions: Vec<DimensionView>,
    /// How much of the variation between answers each dimension explains (survey pages).
    pub explained: Option<ExplainedView>,
    /// The questions asked beside the score (survey pages, when it has drivers).
    pub drivers: Option<DriversView>,
    /// A value's answers to them against the rest (value pages, when it may show them).
    pub value_drivers: Option<ValueDriversView>,
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
    /// Whether the survey reads comments at all: without, the page has no comments section.
    pub reads_comments: bool,
    /// The first page of all comments, when there are more than shown here.
    pub comments_href: Option<String>,
    /// Why there are no comments, when there are none.
    pub comments_note: String,
    /// Themes and frequent words (survey pages only).
    pub text: Option<TextView>,
    /// Themes against the rest of the survey (value pages only).
    pub value_text: Option<ValueTextView>,
}

impl GroupPage {
    /// One line for search results and link previews: the latest period's figure (or, when it is
    /// not shown, the figure over all answers, if shown), then the page's description.
    pub fn summary(&self, t: &Texts) -> Option<String> {
        let (label, figure) = match &self.latest {
            Some(row) if row.figure.status == "shown" => (
                t.fill(
                    "index.metric_in",
                    &[("metric", &self.metric), ("period", &row.label)],
                ),
                &row.figure,
            ),
            _ => (
                t.fill(
                    "group.all_answers_over",
                    &[("metric", &self.metric), ("period", &self.period)],
                ),
                &self.figure,
            ),
        };
        let headline = (figure.status == "shown")
            .then(|| format!("{label}: {} ({}).", figure.score, figure.interval));
        let parts: Vec<&str> = headline
            .iter()
            .chain(&self.description)
            .map(|s| s.as_str())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A legend entry.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// `top`, `middle`, `bottom`, `score` (the score's own colour), `target` and `benchmark`
    /// (a trend's dashed lines), or `overall` (a dimension chart's dashed line).
    pub class: &'static str,
    /// "Promoters (9–10)", or a value's name (untrusted: the template escapes it).
    pub name: String,
}

/// The legend of a value's trend: its line, its survey's, and the dots of the periods in which
/// it stands above or below the rest, when there are any.
fn value_trend_legend(t: &Texts, value: &GroupReport) -> Vec<LegendItem> {
    let stands = |standing| {
        (value.periods.iter()).any(|p| p.vs_rest.is_some_and(|c| c.standing() == standing))
    };
    let mut legend = vec![
        LegendItem {
            class: "score",
            name: value.name.clone(),
        },
        LegendItem {
            class: "middle",
            name: t.get("chart.whole_survey").into(),
        },
    ];
    for (standing, class, key) in [
        (Standing::Above, "top", "chart.above_in_period"),
        (Standing::Below, "bottom", "chart.below_in_period"),
    ] {
        if stands(standing) {
            legend.push(LegendItem {
                class,
                name: t.get(key).into(),
            });
        }
    }
    legend
}

/// The legend of the lines a survey's `trend` is measured against, drawn as the chart draws
/// them; none without the chart.
pub(super) fn reference_legend(charts: &SurveyCharts, trend: &Option<Chart>) -> Vec<LegendItem> {
    if trend.is_none() {
        return Vec::new();
    }
    (charts.references.iter())
        .map(|r| LegendItem {
            class: r.kind.class(),
            name: r.label.clone(),
        })
        .collect()
}

/// A dimension's values by the survey's recent periods, when it has more than one.
fn period_table(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    dimension: &DimensionReport,
) -> Option<ValueTable> {
    let recent = survey.recent_periods();
    let span = recent_span(t, survey)?;
    let kind = survey.kind;
    let rows: Vec<ValueTableRow> = (dimension.values.iter())
        .filter(|value| has_page(value))
        .map(|value| ValueTableRow {
            name: value.name.clone(),
            href: Some(value_href(survey, &dimension.id, value)),
            cells: (recent.iter())
                .map(|p| period_cell(kind, value.periods.iter().find(|v| v.period == p.period)))
                .collect(),
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(ValueTable {
        title: t.fill(
            "group.by_period",
            &[
                ("metric", &kind.metric()),
                ("dimension", &dimension.title.to_lowercase()),
                ("periods", &span),
            ],
        ),
        folded: rows.len() > 12,
        label: dimension.title.clone(),
        columns: recent.iter().map(|p| t.period(p.period)).collect(),
        rows,
        note: t.fill("group.by_period_note", &[("significance", &significance)]),
    })
}

/// The span of the survey's recent periods, some perhaps without answers: "the last 12
/// months"; none with fewer than two.
fn recent_span(t: &Texts, survey: &SurveyReport) -> Option<String> {
    let [first, .., last] = survey.recent_periods() else {
        return None;
    };
    let span = last.period.ordinal() - first.period.ordinal() + 1;
    let key = match survey.period_kind {
        PeriodKind::Week => "group.by_period_weeks",
        PeriodKind::Month => "group.by_period_months",
        PeriodKind::Quarter => "group.by_period_quarters",
        PeriodKind::Year => "group.by_period_years",
    };
    Some(t.fill(key, &[("n", &span)]))
}

/// A value's figure in a period, marked where it stands above or below the rest of the
/// period's answers; "–" without answers or with too few to show.
fn period_cell(kind: Kind, period: Option<&PeriodFigure>) -> ValueCell {
    let Some((period, shown)) = period.and_then(|p| Some((p, p.figure.shown()?))) else {
        return ValueCell {
            text: "–".into(),
            class: None,
        };
    };
    let (mark, class) = match period.vs_rest.map(|c| c.standing()) {
        Some(Standing::Above) => ("▲ ", Some("up")),
        Some(Standing::Below) => ("▼ ", Some("down")),
        _ => ("", None),
    };
    ValueCell {
        text: format!("{mark}{}", format::score(kind, shown.score.value)),
        class,
    }
}

/// The legend of a dimension's chart: the dots' colours, when any value stands above or below
/// the rest, and the survey's line.
fn comparison_legend(
    t: &Texts,
    kind: Kind,
    values: &[Compared],
    line: Option<(String, f64)>,
    drawn: bool,
) -> Vec<LegendItem> {
    if !drawn {
        return Vec::new();
    }
    let mut legend = Vec::new();
    if (values.iter()).any(|v| v.vs_rest.is_some_and(|c| c.standing() != Standing::Unclear)) {
        legend.extend(
            [("top", "above"), ("bottom", "below"), ("score", "unclear")].map(|(class, key)| {
                LegendItem {
                    class,
                    name: t.get(&format!("contrast.legend_{key}")).into(),
                }
            }),
        );
    }
    if let Some((name, score)) = line {
        legend.push(LegendItem {
            class: "overall",
            name: format!("{name} ({})", format::score(kind, score)),
        });
    }
    legend
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

/// How much of the variation between a survey's answers each dimension explains.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedView {
    /// The dimension that explains the most, in a sentence, or that none explains more than
    /// chance.
    pub summary: String,
    /// One row per dimension analysed, the largest share first.
    pub rows: Vec<ExplainedRow>,
    /// How it is computed, in a sentence.
    pub note: String,
}

/// A dimension's share of the variation explained.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedRow {
    /// The dimension's id, for the link to its section.
    pub id: String,
    /// Its title.
    pub title: String,
    /// "28 %", "0.6 %".
    pub share: String,
    /// The share from 0 to 1, for its bar.
    pub value: String,
    /// Whether that is more than chance: "more than chance".
    pub test: String,
    /// The adjusted p-value, under the verdict: "p < 0.001" (the note under the table says it
    /// is adjusted: the word in each cell made the column too wide for a phone).
    pub p: String,
    /// "large", "medium", "small" or "negligible".
    pub size: String,
}

/// The questions asked beside a survey's score, the strongest relation first.
#[derive(Debug, Clone, Serialize)]
pub struct DriversView {
    /// What to improve first and what to keep, or that no question stands out.
    pub summary: String,
    /// One row per driver.
    pub rows: Vec<DriverRow>,
    /// How it is computed.
    pub note: String,
    /// Each driver's favourable share in each recent period, when there are two or more.
    pub by_period: Option<ValueTable>,
    /// Per dimension whose values may show them: each value's favourable share of each driver.
    pub by_dimension: Vec<ValueTable>,
}

/// A dimension value's answers to the survey's drivers, against the rest of the survey's.
#[derive(Debug, Clone, Serialize)]
pub struct ValueDriversView {
    /// The questions answered more or less favourably than in the rest, or that none is.
    pub summary: String,
    /// One row per driver, in the survey page's order.
    pub rows: Vec<ValueDriverRow>,
    /// What the marks mean.
    pub note: String,
}

/// A driver on a value's page.
#[derive(Debug, Clone, Serialize)]
pub struct ValueDriverRow {
    /// The question.
    pub title: String,
    /// "22 %", or "too few answers (n = 3)".
    pub favourable: String,
    /// "(15 to 30 %)", empty without a figure.
    pub interval: String,
    /// The rest of the survey's favourable share, "48 %", or "–".
    pub rest: String,
    /// The difference for the cell, "▼ −26", and its class (`up`, `down`, `flat`); empty when
    /// not compared.
    pub difference: String,
    /// `up`, `down` or `flat`.
    pub class: &'static str,
}

/// A driver's row.
#[derive(Debug, Clone, Serialize)]
pub struct DriverRow {
    /// The question.
    pub title: String,
    /// Whether its answers are counted the other way round.
    pub reversed: bool,
    /// "72 %", or why there is no figure: "too few answers (n = 3)".
    pub favourable: String,
    /// "(68 to 75 %)", empty without a figure.
    pub favourable_interval: String,
    /// The share from 0 to 1, for its bar.
    pub favourable_bar: String,
    /// "0.45", empty without a relation.
    pub r: String,
    /// "(0.41 to 0.49)".
    pub r_interval: String,
    /// |r| from 0 to 1, for its bar.
    pub r_bar: String,
    /// Whether r is more than chance.
    pub significant: bool,
    /// The adjusted p-value, "p < 0.001".
    pub p: String,
    /// "improve first" or "keep", empty for neither.
    pub priority: String,
    /// `improve` or `keep`, for its colour; empty for neither.
    pub priority_class: &'static str,
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
    /// The values by recent period, when the survey has more than one.
    pub by_period: Option<ValueTable>,
    /// Whether any value has a response rate.
    pub has_response_rates: bool,
    /// "Table: all 400 values", when the dimension has more values than its chart draws: the
    /// table is then folded away like the others, so the page's later sections stay in reach.
    pub folded: Option<String>,
    /// The values above and below the rest, in a sentence, when any value was compared.
    pub contrast_summary: Option<String>,
    /// What the table's "against the rest" column means, when any value was compared (the
    /// column is shown then only).
    pub contrast_note: Option<String>,
    /// The chart's dot colours, when any value stands above or below the rest, and its line of
    /// all answers.
    pub legend: Vec<LegendItem>,
    /// The latest period's label, for its column, when the survey has more than one period.
    pub latest_label: Option<String>,
    /// What the latest period's column shows.
    pub latest_note: Option<String>,
    /// On a survey's page, the dimensions its values' pages break their answers down by.
    pub breakdowns_note: Option<String>,
}

/// A dimension's values by the survey's recent periods, each figure marked where it stands
/// above or below the rest of its period's answers.
#[derive(Debug, Clone, Serialize)]
pub struct ValueTable {
    /// "NPS by region, the last 12 months".
    pub title: String,
    /// Whether it is folded under its title: past 12 values, it would push the page's later
    /// sections out of reach.
    pub folded: bool,
    /// The first column's header: the dimension's title, or "Question".
    pub label: String,
    /// The other columns' headers: the periods, oldest first, or the drivers.
    pub columns: Vec<String>,
    /// One row per value that may be shown, or per driver.
    pub rows: Vec<ValueTableRow>,
    /// What the marks mean.
    pub note: String,
}

/// A value's figures in each column.
#[derive(Debug, Clone, Serialize)]
pub struct ValueTableRow {
    /// The value (untrusted text).
    pub name: String,
    /// Its page; none for a driver.
    pub href: Option<String>,
    /// Per column, "39", "▲ 39" or "–".
    pub cells: Vec<ValueCell>,
}

/// A value's figure in one period.
#[derive(Debug, Clone, Serialize)]
pub struct ValueCell {
    /// "39", "▲ 39", "▼ 12", or "–" with too few answers to show.
    pub text: String,
    /// `up` or `down` where the value stands above or below the rest of the period's answers.
    pub class: Option<&'static str>,
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
    /// Its figure against the rest of the survey, when compared.
    pub vs_rest: Option<ContrastView>,
    /// Its figure in the survey's latest period, when it has answers then (and the survey has
    /// periods before it).
    pub latest: Option<FigureView>,
    /// Its change into the latest period, when it is a key mover.
    pub mover: Option<MoverMark>,
}

/// A key mover's change, for a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct MoverMark {
    /// `up` or `down`, for styling.
    pub class: &'static str,
    /// "▲ +12" or "▼ −9".
    pub short: String,
}

impl MoverMark {
    fn new(mover: &Mover) -> Self {
        let d = mover.change.difference.value;
        MoverMark {
            class: if d > 0.0 { "up" } else { "down" },
            short: format::arrow(d),
        }
    }
}

/// A comment for a template.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    /// The text (untrusted; escaped by the template).
    pub text: String,
    /// "Promoter".
    pub group: String,
    /// `top`, `middle`, `bottom`.
    pub class: &'static str,
    /// The score.
    pub score: u8,
    /// The day, or the period.
    pub when: String,
    /// "Region: Oslo".
    pub tags: Vec<String>,
}

pub(super) fn legend(t: &Texts, kind: Kind) -> Vec<LegendItem> {
    let names = match kind {
        Kind::Csat { .. } => ["satisfied_range", "neutral_range", "dissatisfied_range"],
        Kind::Nps | Kind::Enps => ["promoters_range", "passives_range", "detractors_range"],
    };
    (SCALE_CLASSES.into_iter().zip(names).zip(kind.groups()))
        .map(|((class, name), (low, high))| {
            let scores = if low == high {
                low.to_string()
            } else {
                format!("{low}–{high}")
            };
            LegendItem {
                class,
                name: t.fill(&format!("groups.{name}"), &[("scores", &scores)]),
            }
        })
        .collect()
}

pub(super) fn comment(
    t: &Texts,
    kind: Kind,
    c: &CommentReport,
    skip_tag: Option<(&str, &str)>,
) -> CommentView {
    let group = kind.group_of(c.score);
    let name = match kind {
        Kind::Csat { .. } => ["satisfied", "neutral", "dissatisfied"],
        Kind::Nps | Kind::Enps => ["promoter", "passive", "detractor"],
    }[group];
    let class = SCALE_CLASSES[group];
    let group = t.get(&format!("groups.{name}")).to_string();
    CommentView {
        text: c.text.to_string(),
        group,
        class,
        score: c.score,
        when: c
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| t.period(c.period), |d| t.date(d)),
        tags: c
            .tags
            .iter()
            .filter(|(d, v)| Some((&**d, &**v)) != skip_tag)
            .map(|(d, v)| format!("{d}: {v}"))
            .collect(),
    }
}

/// The CSS class of each scale group, in [`Kind::group_of`]'s order.
const SCALE_CLASSES: [&str; 3] = ["top", "middle", "bottom"];

/// Builds a survey's page (`selected` is `None`) or the page of dimension `d`'s value `v`
/// (`selected` is `Some((d, v))`); `group_charts` are the charts of that group (the survey's
/// overall charts, or the value's from [`crate::charts::draw_value`]).
pub fn group_page(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    movers: &[Mover],
    charts: &SurveyCharts,
    selected: Option<(usize, usize)>,
    group_charts: &GroupCharts,
) -> GroupPage {
    let kind = survey.kind;
    let (group, heading, breadcrumbs) = match selected {
        None => (&survey.overall, survey.title.clone(), vec![home(t)]),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            let value = &dimension.values[v];
            (
                value,
                format!("{}: {}", dimension.title, value.name),
                vec![
                    home(t),
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
                    count: t.count(*c),
                    share: format::percent(*c, s.n),
                })
                .collect()
        })
        .unwrap_or_default();
    let (dimensions, explained, drivers) = if selected.is_none() {
        (
            dimension_views(t, significance, survey, movers, charts),
            explained_view(t, significance, survey),
            drivers_view(t, significance, survey),
        )
    } else {
        (
            breakdown_views(t, significance, survey, group, group_charts),
            None,
            None,
        )
    };
    let value_drivers = selected.and_then(|_| value_drivers_view(t, significance, survey, group));
    // Views of the comments shown only: the rest are on the comment pages.
    let (all_comments, skip_tag) = group_comments(survey, selected);
    let comment_groups: Vec<CommentGroup> = (SCALE_CLASSES.into_iter().enumerate())
        .zip(crate::charts::group_names(t, kind))
        .map(|((group, class), name)| CommentGroup {
            name,
            class,
            comments: (all_comments.iter())
                .filter(|c| kind.group_of(c.score) == group)
                .take(COMMENTS_PER_GROUP_SHOWN)
                .map(|c| comment(t, kind, c, skip_tag))
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
            Some(t.fill("group.only_this_group", &[("survey", &survey.title)]))
        },
        metric: kind.metric(),
        names: crate::charts::group_names(t, kind),
        legend: legend(t, kind),
        breadcrumbs,
        figure: FigureView::new(t, kind, &group.total),
        vs_rest: (group.vs_rest.as_ref()).map(|c| ContrastView::new(t, kind, c)),
        period: covered(t, survey),
        latest: group.periods.last().map(|p| period_row(t, kind, p)),
        response_rate: group
            .response_rate
            .as_ref()
            .map(|r| format::response_rate(t, r)),
        has_response_rates: group.periods.iter().any(|p| p.response_rate.is_some()),
        has_period_contrasts: group.periods.iter().any(|p| p.vs_rest.is_some()),
        charts: group_chart_views(group_charts),
        trend_legend: match selected {
            Some(_) if group_charts.trend.is_some() => value_trend_legend(t, group),
            Some(_) => Vec::new(),
            None => reference_legend(charts, &group_charts.trend),
        },
        periods: (group.periods.iter().rev())
            .map(|p| PeriodRow {
                events: EventView::all(t, &survey.events, Some(p.period)),
                ..period_row(t, kind, p)
            })
            .collect(),
        events: match group_charts.trend {
            Some(_) => EventView::all(t, &survey.events, None),
            None => Vec::new(),
        },
        distribution,
        dimensions,
        explained,
        drivers,
        value_drivers,
        benchmark: selected
            .is_none()
            .then(|| benchmark_view(t, survey, charts))
            .flatten(),
        target: selected.is_none().then(|| target_view(t, survey)).flatten(),
        comments_note: comments_note(t, survey, selected),
        comment_count: t.count(all_comments.len() as u64),
        reads_comments: survey.reads_comments,
        has_comments: !all_comments.is_empty(),
        comment_groups,
        comments_href,
        text: (selected.is_none())
            .then(|| text_view(t, significance, survey, charts.themes.as_ref()))
            .flatten(),
        value_text: group
            .text
            .as_ref()
            .and_then(|text| value_text_view(t, significance, survey, text)),
    }
}

/// Why a group's page shows no comments.
fn comments_note(t: &Texts, survey: &SurveyReport, selected: Option<(usize, usize)>) -> String {
    match (survey.comment_dimension, selected) {
        (Some(shown), Some((d, _))) if d != shown => t.fill(
            "group.comments_by",
            &[("dimension", &survey.dimensions[shown].title)],
        ),
        _ if survey.confidential => t.get("group.no_comments_confidential").into(),
        _ => t.get("group.no_comments").into(),
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
    pub name: String,
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
    /// One row per theme.
    pub themes: Vec<ThemeRow>,
    /// The themes whose answers score higher and lower than the other comments', in sentences,
    /// or that none does; empty when no theme was compared.
    pub score_summary: String,
    /// What the score column shows.
    pub score_note: String,
    /// Each group's comments that mention none of the themes, when there are themes.
    pub unthemed: Option<[String; 3]>,
    /// The score of the answers whose comments mention none of the themes: "30"; "–" with too
    /// few.
    pub unthemed_score: String,
    /// Each theme's share of the comments, period by period.
    pub chart: Option<ChartView>,
    /// The chart's themes and their colours.
    pub chart_legend: Vec<LegendItem>,
    /// Which periods the chart draws, and how far one period's share can be trusted.
    pub chart_note: Option<String>,
    /// The themes mentioned more and less often in the latest period than in the one before,
    /// or that none is, when the two were compared.
    pub change_summary: Option<String>,
    /// Per period, for each theme: its comments (all groups).
    pub theme_periods: Vec<ThemePeriodRow>,
    /// The theme names, for the period table's header.
    pub theme_names: Vec<String>,
    /// Most used words per scale group: "delivery (12)".
    pub words: [Vec<String>; 3],
    /// The newest comments that mention each theme (themes without any left out).
    pub theme_examples: Vec<ThemeExamples>,
    /// The values whose comments mention a theme more often than the rest, largest difference
    /// first, at most 12 (then how many more).
    pub more_often: Vec<ThemedValue>,
    /// What that list shows.
    pub more_often_note: String,
}

/// A theme's row in a survey's table of themes.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRow {
    /// The theme's name.
    pub name: String,
    /// The score of the answers whose comments mention it: "−5"; "–" when not compared. The
    /// page shows it second, where a phone's screen still has room for it.
    pub score: String,
    /// "▲" or "▼" where that score differs from the other comments' by more than chance
    /// explains, with its class (`up`, `down`).
    pub mark: Option<(&'static str, &'static str)>,
    /// Each scale group's comments mentioning it, with their share: "512 (38 %)".
    pub groups: [String; 3],
}

/// A value whose comments mention themes more often than the rest of its survey's.
#[derive(Debug, Clone, Serialize)]
pub struct ThemedValue {
    /// "Touchpoint: Delivery" (untrusted text).
    pub name: String,
    /// Its page.
    pub href: Option<String>,
    /// "Delivery (34 % against 25 %), Waiting time (8 % against 4 %)".
    pub themes: String,
}

/// What a dimension value's comments talk about, against the rest of the survey's comments.
#[derive(Debug, Clone, Serialize)]
pub struct ValueTextView {
    /// Comments per scale group, formatted.
    pub comments: [String; 3],
    /// The themes mentioned more and less often than in the rest of the survey, in sentences;
    /// or that none is; empty when no theme was compared.
    pub summary: String,
    /// One row per theme.
    pub rows: Vec<ValueThemeRow>,
    /// What the table shows.
    pub note: String,
    /// The newest comments that mention each theme (themes without any left out).
    pub theme_examples: Vec<ThemeExamples>,
}

/// A theme's row on a value's page.
#[derive(Debug, Clone, Serialize)]
pub struct ValueThemeRow {
    /// The theme's name.
    pub name: String,
    /// Each scale group's comments mentioning it: "12 (31 %)".
    pub groups: [String; 3],
    /// All the value's comments mentioning it: "40 (28 %)".
    pub all: String,
    /// The share of the rest of the survey's comments mentioning it: "18 %".
    pub rest: String,
    /// "▲ +10" or "▼ −7" when the difference is more than chance explains.
    pub mark: Option<String>,
}

/// A theme's newest comments.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeExamples {
    /// The theme's name.
    pub name: String,
    /// Its comments, newest first.
    pub comments: Vec<CommentView>,
}

/// A period's theme counts.
#[derive(Debug, Clone, Serialize)]
pub struct ThemePeriodRow {
    /// "Mar 2024".
    pub label: String,
    /// The period's comments.
    pub comments: String,
    /// Comments mentioning each theme, with their share of the period's: "12 (8 %)".
    pub counts: Vec<String>,
}

/// The legend's classes of the themes' lines, in the order of [`crate::charts::THEME_COLOURS`].
const THEME_KEYS: [&str; crate::charts::THEME_COLOURS.len()] = [
    "theme-0", "theme-1", "theme-2", "theme-3", "theme-4", "theme-5", "theme-6",
];

pub(super) fn text_view(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    themes_chart: Option<&ThemesChart>,
) -> Option<TextView> {
    let text = survey.text.as_ref()?;
    let share = |count: u64, group: usize| {
        format!(
            "{} ({})",
            t.count(count),
            format::percent(count, text.comments[group])
        )
    };
    // Every period with comments, of the kind the chart draws: the themes' shares are of these.
    let kind = (text.trend_kind(survey.period_kind)).unwrap_or(survey.period_kind);
    let period_comments = text.comments_per(kind);
    let period_mentions: Vec<_> = text.themes.iter().map(|t| t.mentions_per(kind)).collect();
    Some(TextView {
        comments: text.comments.map(|n| t.count(n)),
        themes: text
            .themes
            .iter()
            .map(|theme| ThemeRow {
                name: theme.name.clone(),
                score: format::score_or_dash(survey.kind, theme.score),
                mark: (theme.vs_others.filter(|c| c.significant)).map(|c| {
                    match c.difference.value > 0.0 {
                        true => ("▲", "up"),
                        false => ("▼", "down"),
                    }
                }),
                groups: [0, 1, 2].map(|g| share(theme.total[g], g)),
            })
            .collect(),
        score_summary: theme_score_summary(t, significance, survey),
        score_note: t.fill(
            "group.theme_score_note",
            &[
                ("metric", &survey.kind.metric()),
                ("significance", &significance),
                ("n", &t.count(crate::analyse::MIN_COMMENTS_COMPARED)),
            ],
        ),
        unthemed: (text.unthemed)
            .filter(|_| !text.themes.is_empty())
            .map(|counts| [0, 1, 2].map(|g| share(counts[g], g))),
        unthemed_score: format::score_or_dash(survey.kind, text.unthemed_score),
        chart: themes_chart.map(|c| ChartView::from(&c.chart)),
        change_summary: period_change_summary(t, significance, survey),
        chart_legend: themes_chart.map_or(Vec::new(), |c| {
            (c.drawn.iter())
                .map(|&(theme, colour)| LegendItem {
                    class: THEME_KEYS[colour],
                    name: text.themes[theme].name.clone(),
                })
                .collect()
        }),
        chart_note: themes_chart.map(|c| {
            let note = t.fill(
                "group.themes_chart_note",
                &[
                    ("min", &t.count(crate::report::MIN_PERIOD_COMMENTS)),
                    ("typical", &t.count(c.typical)),
                    ("margin", &t.decimal(c.margin, 0)),
                ],
            );
            let coarser = match c.kind {
                _ if c.kind == survey.period_kind => return note,
                PeriodKind::Year => "group.themes_by_year",
                PeriodKind::Quarter => "group.themes_by_quarter",
                _ => "group.themes_by_month",
            };
            format!("{} {note}", t.get(coarser))
        }),
        theme_periods: (period_comments.iter().rev())
            .map(|(period, comments)| {
                let comments = comments.iter().sum();
                ThemePeriodRow {
                    label: t.period(*period),
                    comments: t.count(comments),
                    counts: (period_mentions.iter())
                        .map(|mentions| {
                            let n = mentions.get(period).map_or(0, |c| c.iter().sum());
                            format!("{} ({})", t.count(n), format::percent(n, comments))
                        })
                        .collect(),
                }
            })
            .collect(),
        theme_names: text.themes.iter().map(|theme| theme.name.clone()).collect(),
        more_often: themes_more_often(t, survey),
        more_often_note: t.fill("group.more_often_note", &[("significance", &significance)]),
        theme_examples: theme_examples(
            t,
            survey.kind,
            (text.themes.iter()).map(|theme| (&theme.name, &theme.examples[..])),
        ),
        words: [0, 1, 2].map(|g| {
            text.words[g]
                .iter()
                .map(|(w, c)| format!("{w} ({})", t.count(*c)))
                .collect()
        }),
    })
}

/// Each theme's newest comments, themes without any left out.
fn theme_examples<'a>(
    t: &Texts,
    kind: Kind,
    themes: impl Iterator<Item = (&'a String, &'a [CommentReport])>,
) -> Vec<ThemeExamples> {
    themes
        .filter(|(_, examples)| !examples.is_empty())
        .map(|(name, examples)| ThemeExamples {
            name: name.clone(),
            comments: (examples.iter())
                .map(|c| comment(t, kind, c, None))
                .collect(),
        })
        .collect()
}

/// Each theme's share of a value's comments and of the rest of its survey's: "34 %", "25 %".
fn theme_shares(
    all: &crate::report::TextReport,
    text: &crate::report::GroupText,
) -> Vec<(String, String)> {
    let comments = text.total();
    let rest_comments = all.comments.iter().sum::<u64>().saturating_sub(comments);
    (text.themes.iter().zip(&all.themes))
        .map(|(theme, of_all)| {
            let mentions: u64 = theme.mentions.iter().sum();
            let rest = of_all.total.iter().sum::<u64>().saturating_sub(mentions);
            (
                format::percent(mentions, comments),
                format::percent(rest, rest_comments),
            )
        })
        .collect()
}

/// "Delivery (34 % against 25 %)": a theme's share of a value's comments and of the rest's.
fn against(t: &Texts, theme: &str, here: &str, rest: &str) -> String {
    t.fill(
        "group.theme_against",
        &[("theme", &theme), ("here", &here), ("rest", &rest)],
    )
}

/// Sentences naming the compared themes mentioned more and less often (largest difference
/// first), in the words of `keys` (more, less, neither), filled with `args` and the themes; empty
/// when no theme was compared.
fn theme_summary(
    t: &Texts,
    compared: &[(&Contrast, String)],
    [more, less, neither]: [&str; 3],
    args: &[(&str, &dyn std::fmt::Display)],
) -> String {
    let side = |key: &str, standing: Standing| {
        let mut named: Vec<&(&Contrast, String)> = (compared.iter())
            .filter(|(c, _)| c.standing() == standing)
            .collect();
        named.sort_by(|a, b| (b.0.difference.value.abs()).total_cmp(&a.0.difference.value.abs()));
        let names: Vec<&str> = named.iter().map(|(_, words)| words.as_str()).collect();
        let themes = names.join(", ");
        let mut args = args.to_vec();
        args.push(("themes", &themes));
        (!names.is_empty()).then(|| t.fill(key, &args))
    };
    let sentences: Vec<String> = [side(more, Standing::Above), side(less, Standing::Below)]
        .into_iter()
        .flatten()
        .collect();
    if compared.is_empty() {
        String::new()
    } else if sentences.is_empty() {
        t.fill(neither, args)
    } else {
        sentences.join(" ")
    }
}

/// The themes whose answers score higher and lower than those of the other comments, in words:
/// "Delivery (55 against 16)"; empty when no theme was compared.
pub(super) fn theme_score_summary(t: &Texts, significance: &str, survey: &SurveyReport) -> String {
    let Some(text) = &survey.text else {
        return String::new();
    };
    let compared: Vec<(&Contrast, String)> = (text.themes.iter())
        .filter_map(|theme| {
            let (score, contrast) = (theme.score?, theme.vs_others.as_ref()?);
            let others = score.value - contrast.difference.value;
            let [here, rest] = [score.value, others].map(|v| format::score(survey.kind, v));
            Some((contrast, against(t, &theme.name, &here, &rest)))
        })
        .collect();
    let keys = [
        "group.theme_score_higher",
        "group.theme_score_lower",
        "group.theme_score_same",
    ];
    let metric = survey.kind.metric();
    let args: [(&str, &dyn std::fmt::Display); 2] =
        [("metric", &metric), ("significance", &significance)];
    theme_summary(t, &compared, keys, &args)
}

/// Each theme's share of the latest period's comments against the period before's and against
/// the same period's a year earlier, in words: the themes mentioned more and less often, or
/// that none is; `None` when neither was compared.
pub(super) fn period_change_summary(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
) -> Option<String> {
    let text = survey.text.as_ref()?;
    // With no theme changed from either period, one sentence says so for both.
    if let (Some([before, to]), Some([year, _])) = (text.compared, text.compared_year)
        && !text.any_significant(|theme| theme.change.as_ref())
        && !text.any_significant(|theme| theme.change_year.as_ref())
    {
        let [before, to, year] = [before, to, year].map(|p| t.period(p));
        let args: [(&str, &dyn std::fmt::Display); 4] = [
            ("from", &before),
            ("to", &to),
            ("year", &year),
            ("significance", &significance),
        ];
        return Some(t.fill("group.themes_steady_both", &args));
    }
    let sentences: Vec<String> = [
        period_change(t, significance, text, text.compared, |theme| {
            theme.change.as_ref()
        }),
        period_change(t, significance, text, text.compared_year, |theme| {
            theme.change_year.as_ref()
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// The themes' change between the two `compared` periods, `change` giving each theme's, in
/// words; `None` when not compared.
fn period_change(
    t: &Texts,
    significance: &str,
    text: &crate::report::TextReport,
    compared: Option<[crate::period::Period; 2]>,
    change: fn(&ThemeReport) -> Option<&Contrast>,
) -> Option<String> {
    let [from, to] = compared?;
    let kind = from.kind;
    let comments = text.comments_per(kind);
    let of = |period| comments.get(&period).map_or(0, |c| c.iter().sum::<u64>());
    let compared: Vec<(&Contrast, String)> = (text.themes.iter())
        .filter_map(|theme| {
            let change = change(theme)?;
            let mentions = theme.mentions_per(kind);
            let share = |period| {
                let n = mentions.get(&period).map_or(0, |c| c.iter().sum());
                format::percent(n, of(period))
            };
            Some((change, against(t, &theme.name, &share(to), &share(from))))
        })
        .collect();
    let keys = [
        "group.themes_up",
        "group.themes_down",
        "group.themes_steady",
    ];
    let (from, to) = (t.period(from), t.period(to));
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("from", &from),
        ("to", &to),
        ("significance", &significance),
    ];
    Some(theme_summary(t, &compared, keys, &args)).filter(|s| !s.is_empty())
}

/// The values whose comments mention a theme more often than the rest of the survey's, largest
/// difference first: "Touchpoint: Delivery", linked, with "Delivery (34 % against 25 %)".
fn themes_more_often(t: &Texts, survey: &SurveyReport) -> Vec<ThemedValue> {
    let Some(all) = &survey.text else {
        return Vec::new();
    };
    let mut found: Vec<(f64, ThemedValue)> = Vec::new();
    for dimension in &survey.dimensions {
        for value in &dimension.values {
            let Some(text) = &value.text else {
                continue;
            };
            let mut more: Vec<(f64, String)> = (text.themes.iter().zip(theme_shares(all, text)))
                .filter_map(|(theme, (here, rest))| {
                    let d = theme.vs_rest.filter(|c| c.standing() == Standing::Above)?;
                    Some((d.difference.value, against(t, &theme.name, &here, &rest)))
                })
                .collect();
            if more.is_empty() {
                continue;
            }
            more.sort_by(|a, b| b.0.total_cmp(&a.0));
            found.push((
                more[0].0,
                ThemedValue {
                    name: format!("{}: {}", dimension.title, value.name),
                    href: has_page(value).then(|| value_href(survey, &dimension.id, value)),
                    themes: (more.into_iter().map(|(_, words)| words))
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    let more = found.len().saturating_sub(THEMED_VALUES_LISTED) as u64;
    let mut listed: Vec<ThemedValue> = (found.into_iter().take(THEMED_VALUES_LISTED))
        .map(|(_, value)| value)
        .collect();
    if more > 0 {
        listed.push(ThemedValue {
            name: t.fill("contrast.more", &[("n", &t.count(more))]),
            href: None,
            themes: String::new(),
        });
    }
    listed
}

/// Values listed on a survey's page as mentioning a theme more often; their pages have the rest.
const THEMED_VALUES_LISTED: usize = 12;

/// What a value's comments talk about, `None` when its survey shows no comment counts.
fn value_text_view(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    text: &crate::report::GroupText,
) -> Option<ValueTextView> {
    let all = survey.text.as_ref()?;
    let shares = theme_shares(all, text);
    let rows: Vec<ValueThemeRow> = (text.themes.iter().zip(&shares))
        .map(|(theme, (here, rest))| {
            let count = |n: u64, of: u64| format!("{} ({})", t.count(n), format::percent(n, of));
            ValueThemeRow {
                name: theme.name.clone(),
                groups: [0, 1, 2].map(|g| count(theme.mentions[g], text.comments[g])),
                all: format!("{} ({here})", t.count(theme.mentions.iter().sum())),
                rest: rest.clone(),
                mark: (theme.vs_rest)
                    .filter(|c| c.significant)
                    .map(|c| format::arrow(c.difference.value)),
            }
        })
        .collect();
    // Each compared theme with its difference, in words: "Delivery (34 % against 25 %)".
    let compared: Vec<(&Contrast, String)> = (text.themes.iter().zip(&shares))
        .filter_map(|(theme, (here, rest))| {
            Some((theme.vs_rest.as_ref()?, against(t, &theme.name, here, rest)))
        })
        .collect();
    let keys = ["group.theme_more", "group.theme_less", "group.theme_same"];
    let summary = theme_summary(t, &compared, keys, &[("significance", &significance)]);
    Some(ValueTextView {
        comments: text.comments.map(|n| t.count(n)),
        summary,
        rows,
        note: t.fill(
            "group.theme_note",
            &[
                ("significance", &significance),
                ("n", &t.count(crate::analyse::MIN_COMMENTS_COMPARED)),
            ],
        ),
        theme_examples: theme_examples(
            t,
            survey.kind,
            (text.themes.iter()).map(|theme| (&theme.name, &theme.examples[..])),
        ),
    })
}

/// A page of a group's comments.
#[derive(Debug, Clone, Serialize)]
pub struct CommentsPage {
    /// "Comments: Region: Oslo".
    pub heading: String,
    /// Back to the group's page.
    pub back: Link,
    /// "Comments 51 to 100 of the 180 newest".
    pub range: String,
    /// Links to every page of comments.
    pub pages: Vec<Link>,
    /// This page's comments.
    pub comments: Vec<CommentView>,
}

/// Every page of a group's comments: (path, view).
pub fn comment_pages(
    t: &Texts,
    survey: &SurveyReport,
    selected: Option<(usize, usize)>,
) -> Vec<(String, CommentsPage)> {
    let (comments, skip_tag) = group_comments(survey, selected);
    let page: Vec<CommentView> = (comments.iter())
        .map(|c| comment(t, survey.kind, c, skip_tag))
        .collect();
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
                heading: t.fill("comments.heading", &[("group", &heading)]),
                back: Link {
                    title: heading.clone(),
                    href: back_href.clone(),
                    current: false,
                },
                range: if chunks.len() == 1 {
                    t.fill("group.all_comments", &[("n", &t.count(page.len() as u64))])
                } else {
                    t.fill(
                        "comments.range",
                        &[
                            ("first", &t.count(first as u64)),
                            ("last", &t.count((first + chunk.len() - 1) as u64)),
                            ("total", &t.count(page.len() as u64)),
                        ],
                    )
                },
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

/// The kept comments of the survey (`selected` is `None`) or of a value, and the tag their
/// views leave out: a value's own, which every one of its comments has.
fn group_comments(
    survey: &SurveyReport,
    selected: Option<(usize, usize)>,
) -> (&[CommentReport], Option<(&str, &str)>) {
    match selected {
        None => (&survey.overall.comments, None),
        Some((d, v)) => {
            let dimension = &survey.dimensions[d];
            let value = &dimension.values[v];
            let tag = (dimension.title.as_str(), value.name.as_str());
            (&value.comments, Some(tag))
        }
    }
}

pub(super) fn group_chart_views(charts: &GroupCharts) -> GroupChartViews {
    GroupChartViews {
        trend: chart(&charts.trend),
        shares: chart(&charts.shares),
        distribution: chart(&charts.distribution),
    }
}

pub(super) fn dimension_views(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    movers: &[Mover],
    charts: &SurveyCharts,
) -> Vec<DimensionView> {
    // The latest period's column, when the survey has periods before it to change from.
    let latest = match survey.overall.periods.as_slice() {
        [.., before, last] => Some((before.period, last.period)),
        _ => None,
    };
    survey
        .dimensions
        .iter()
        .zip(&charts.dimensions)
        .map(|(dimension, comparison)| (dimension, comparison, Compared::values(dimension)))
        .map(|(dimension, comparison, values)| DimensionView {
            latest_note: latest.map(|(before, last)| {
                t.fill(
                    "group.latest_note",
                    &[("period", &t.period(last)), ("previous", &t.period(before))],
                )
            }),
            latest_label: latest.map(|(_, last)| t.period(last)),
            breakdowns_note: breakdowns_note(t, survey, dimension),
            id: dimension.id.clone(),
            title: dimension.title.clone(),
            chart: chart(comparison),
            contrast_summary: contrast_summary(t, significance, &values, None),
            contrast_note: (dimension.values.iter().any(|v| v.vs_rest.is_some()))
                .then(|| t.fill("contrast.note", &[("significance", &significance)])),
            legend: comparison_legend(
                t,
                survey.kind,
                &values,
                (survey.overall.total.shown())
                    .map(|s| (t.get("chart.whole_survey").to_string(), s.score.value)),
                comparison.is_some(),
            ),
            by_period: period_table(t, significance, survey, dimension),
            has_response_rates: dimension.values.iter().any(|v| v.response_rate.is_some()),
            folded: (dimension.values.len() > crate::charts::MAX_ROWS).then(|| {
                t.fill(
                    "group.table_all_values",
                    &[("n", &t.count(dimension.values.len() as u64))],
                )
            }),
            values: dimension
                .values
                .iter()
                .map(|value| ValueRow {
                    name: value.name.clone(),
                    href: has_page(value).then(|| value_href(survey, &dimension.id, value)),
                    figure: FigureView::new(t, survey.kind, &value.total),
                    response_rate: value
                        .response_rate
                        .as_ref()
                        .map(|r| format::response_rate(t, r)),
                    vs_rest: (value.vs_rest.as_ref()).map(|c| ContrastView::new(t, survey.kind, c)),
                    latest: latest.and_then(|(_, last)| {
                        let figure = value.periods.iter().find(|p| p.period == last)?;
                        Some(FigureView::new(t, survey.kind, &figure.figure))
                    }),
                    mover: (movers.iter())
                        .find(|m| {
                            m.survey == survey.id
                                && m.dimension == dimension.id
                                && m.slug == value.slug
                        })
                        .map(MoverMark::new),
                })
                .collect(),
        })
        .collect()
}

/// A value's breakdowns by the survey's other dimensions, as its survey's page shows the
/// dimensions: a chart and a table each, every value set against the rest of `value`'s answers.
fn breakdown_views(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    value: &GroupReport,
    charts: &GroupCharts,
) -> Vec<DimensionView> {
    let line = (value.total.shown()).map(|s| {
        (
            t.fill("group.whole_value", &[("name", &value.name)]),
            s.score.value,
        )
    });
    (value.breakdowns.iter())
        .zip(&charts.breakdowns)
        .map(|(breakdown, chart)| {
            let values = Compared::breakdown(breakdown);
            DimensionView {
                id: breakdown.dimension.clone(),
                title: breakdown.title.clone(),
                chart: self::chart(chart),
                contrast_summary: contrast_summary(t, significance, &values, Some(&value.name)),
                contrast_note: (breakdown.values.iter().any(|v| v.vs_rest.is_some())).then(|| {
                    t.fill(
                        "breakdown.note",
                        &[("significance", &significance), ("group", &value.name)],
                    )
                }),
                legend: comparison_legend(t, survey.kind, &values, line.clone(), chart.is_some()),
                values: (breakdown.values.iter())
                    .map(|v| ValueRow {
                        name: v.name.clone(),
                        href: (!v.slug.is_empty())
                            .then(|| value_path(survey, &breakdown.dimension, &v.slug)),
                        figure: FigureView::new(t, survey.kind, &v.total),
                        response_rate: None,
                        vs_rest: (v.vs_rest.as_ref()).map(|c| ContrastView::new(t, survey.kind, c)),
                        latest: None,
                        mover: None,
                    })
                    .collect(),
                by_period: None,
                has_response_rates: false,
                folded: None,
                latest_label: None,
                latest_note: None,
                breakdowns_note: None,
            }
        })
        .collect()
}

/// "Each value's page also breaks its answers down by channel and touchpoint.", naming, in
/// configuration order, every dimension some value of `dimension` is broken down by.
fn breakdowns_note(
    t: &Texts,
    survey: &SurveyReport,
    dimension: &DimensionReport,
) -> Option<String> {
    let shown = |id: &str| {
        (dimension.values.iter()).any(|v| v.breakdowns.iter().any(|b| b.dimension == id))
    };
    let titles: Vec<String> = (survey.dimensions.iter())
        .filter(|d| shown(&d.id))
        .map(|d| d.title.to_lowercase())
        .collect();
    (!titles.is_empty())
        .then(|| t.fill("group.breakdowns_note", &[("dimensions", &t.list(&titles))]))
}

/// The dimensions of `survey` by the share of the variation between answers they explain;
/// `None` when none was analysed.
fn explained_view(t: &Texts, significance: &str, survey: &SurveyReport) -> Option<ExplainedView> {
    let mut analysed: Vec<(&DimensionReport, crate::report::Explained)> =
        (survey.dimensions.iter())
            .filter_map(|d| Some((d, d.explained?)))
            .collect();
    if analysed.is_empty() {
        return None;
    }
    analysed.sort_by(|a, b| b.1.anova.share.total_cmp(&a.1.anova.share));
    let share = |explained: &crate::report::Explained| format::fraction(t, explained.anova.share);
    // The largest share, unless chance may explain it: then the largest that chance does not.
    let summary = match analysed.iter().position(|(_, e)| e.significant) {
        Some(i) => t.fill(
            if i == 0 {
                "explained.most"
            } else {
                "explained.most_clear"
            },
            &[
                ("dimension", &analysed[i].0.title),
                ("share", &share(&analysed[i].1)),
                (
                    "size",
                    &t.get(&format!("explained.{}", analysed[i].1.size().key())),
                ),
            ],
        ),
        None => t.get("explained.none").to_string(),
    };
    let rows = analysed
        .iter()
        .map(|(dimension, explained)| {
            let verdict = if explained.significant {
                "explained.more_than_chance"
            } else {
                "explained.chance"
            };
            ExplainedRow {
                id: dimension.id.clone(),
                title: dimension.title.clone(),
                share: share(explained),
                value: format!("{:.3}", explained.anova.share),
                test: t.get(verdict).to_string(),
                p: format::p_value(t, explained.q_value),
                size: t
                    .get(&format!("explained.{}", explained.size().key()))
                    .to_string(),
            }
        })
        .collect();
    Some(ExplainedView {
        summary,
        rows,
        note: t.fill("explained.note", &[("significance", &significance)]),
    })
}

fn drivers_view(t: &Texts, significance: &str, survey: &SurveyReport) -> Option<DriversView> {
    if survey.drivers.is_empty() {
        return None;
    }
    let metric = survey.kind.metric();
    let relation = |d: &DriverReport| d.figure.shown().and_then(|s| s.relation);
    let order = driver_order(survey);
    let drivers: Vec<&DriverReport> = order.iter().map(|&k| &survey.drivers[k]).collect();
    let improve = prioritised(survey, Priority::Improve);
    let keep = prioritised(survey, Priority::Keep);
    // "Improve first: A. Its answers …" for one question, "A, B. Their answers …" for more.
    let key = |key: &str, drivers: &[&str]| match drivers.len() {
        1 => format!("drivers.{key}_one"),
        _ => format!("drivers.{key}"),
    };
    let mut summary = Vec::new();
    if !improve.is_empty() {
        summary.push(t.fill(
            &key("summary_improve", &improve),
            &[("drivers", &improve.join(", ")), ("metric", &metric)],
        ));
    }
    if !keep.is_empty() {
        let drivers = keep.join(", ");
        summary.push(t.fill(&key("summary_keep", &keep), &[("drivers", &drivers)]));
    }
    if summary.is_empty() {
        summary.push(t.fill("drivers.summary_none", &[("metric", &metric)]));
    }
    summary.extend(changed_drivers(t, survey, &drivers));
    let interval = |low: String, high: String| {
        format!(
            "({})",
            t.fill("figure.interval", &[("low", &low), ("high", &high)])
        )
    };
    let rows = drivers
        .iter()
        .map(|driver| {
            let scores = driver.figure.shown();
            let relation = relation(driver);
            let priority = relation.and_then(|r| r.priority);
            let favourable = match &driver.figure {
                DriverFigure::Shown(s) => format::whole_percent(s.favourable.value),
                DriverFigure::TooFew { n } => t.fill("drivers.too_few", &[("n", n)]),
            };
            DriverRow {
                title: driver.title.clone(),
                reversed: driver.reversed,
                favourable,
                favourable_interval: scores.map_or(String::new(), |s| {
                    interval(
                        format::signed(s.favourable.low, false),
                        format!(
                            "{}{}",
                            format::signed(s.favourable.high, false),
                            format::PERCENT
                        ),
                    )
                }),
                favourable_bar: scores.map_or(String::new(), |s| {
                    format!("{:.3}", s.favourable.value / 100.0)
                }),
                r: relation.map_or(String::new(), |r| t.decimal(r.r.value, 2)),
                r_interval: relation.map_or(String::new(), |r| {
                    interval(t.decimal(r.r.low, 2), t.decimal(r.r.high, 2))
                }),
                r_bar: relation.map_or(String::new(), |r| format!("{:.3}", r.r.value.abs())),
                significant: relation.is_some_and(|r| r.significant),
                p: relation.map_or(String::new(), |r| format::p_value(t, r.q_value)),
                priority_class: priority.map_or("", Priority::key),
                priority: priority.map_or(String::new(), |p| {
                    t.get(&format!("drivers.{}", p.key())).to_string()
                }),
            }
        })
        .collect();
    Some(DriversView {
        summary: summary.join(" "),
        rows,
        note: t.fill(
            "drivers.note",
            &[("metric", &metric), ("significance", &significance)],
        ),
        by_period: driver_period_table(t, significance, survey, &order),
        by_dimension: (survey.dimensions.iter())
            .filter_map(|d| driver_table(t, significance, survey, d, &order))
            .collect(),
    })
}

/// Each driver's (in `order`) favourable share in each of the survey's recent periods, the
/// latest marked where it differs from the period before's; none with fewer than two periods
/// or no period to show.
fn driver_period_table(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    order: &[usize],
) -> Option<ValueTable> {
    let recent = survey.recent_periods();
    let span = recent_span(t, survey)?;
    let rows: Vec<ValueTableRow> = (order.iter())
        .filter_map(|&k| {
            let periods = &survey.drivers[k].figure.shown()?.periods;
            let in_recent: Vec<Option<&DriverPeriod>> = (recent.iter())
                .map(|recent| periods.iter().find(|p| p.period == recent.period))
                .collect();
            let any_shown = (in_recent.iter().flatten())
                .any(|p| matches!(p.answers, DriverAnswers::Shown { .. }));
            any_shown.then(|| ValueTableRow {
                name: driver_title(t, &survey.drivers[k]),
                href: None,
                cells: (in_recent.into_iter())
                    .map(|p| {
                        let change = p.and_then(|p| p.change_previous.as_ref());
                        driver_cell(p.map(|p| &p.answers), change)
                    })
                    .collect(),
            })
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(ValueTable {
        title: t.fill("drivers.by_period", &[("periods", &span)]),
        folded: false,
        label: t.get("drivers.question").into(),
        columns: recent.iter().map(|p| t.period(p.period)).collect(),
        rows,
        note: t.fill("drivers.by_period_note", &[("significance", &significance)]),
    })
}

/// The questions answered more and less favourably in the survey's latest period than in the
/// period before, by more than chance explains: a sentence for each side that has any.
fn changed_drivers(t: &Texts, survey: &SurveyReport, drivers: &[&DriverReport]) -> Vec<String> {
    let Some(latest) = survey.overall.periods.last().map(|p| p.period) else {
        return Vec::new();
    };
    let change = |driver: &DriverReport| {
        let periods = &driver.figure.shown()?.periods;
        let period = periods.iter().find(|p| p.period == latest)?;
        period.change_previous.filter(|c| c.significant)
    };
    [
        ("drivers.summary_up", true),
        ("drivers.summary_down", false),
    ]
    .into_iter()
    .filter_map(|(key, up)| {
        let named: Vec<&str> = (drivers.iter())
            .filter(|d| change(d).is_some_and(|c| (c.difference.value > 0.0) == up))
            .map(|d| d.title.as_str())
            .collect();
        (!named.is_empty()).then(|| {
            t.fill(
                key,
                &[
                    ("drivers", &named.join(", ")),
                    ("period", &t.period(latest)),
                    ("before", &t.period(latest.previous())),
                ],
            )
        })
    })
    .collect()
}

/// The survey's drivers as its page lists them: the strongest relation with the score first,
/// those without one last, in configuration order.
fn driver_order(survey: &SurveyReport) -> Vec<usize> {
    let r = |k: usize| {
        let relation = survey.drivers[k].figure.shown().and_then(|s| s.relation);
        relation.map_or(f64::NEG_INFINITY, |r| r.r.value)
    };
    let mut order: Vec<usize> = (0..survey.drivers.len()).collect();
    order.sort_by(|&a, &b| r(b).total_cmp(&r(a)));
    order
}

/// A driver's question as the tables beside the drivers table name it: marked when its answers
/// are counted in reverse, since its favourable share is then the share that disagreed.
fn driver_title(t: &Texts, driver: &DriverReport) -> String {
    if driver.reversed {
        format!("{} {}", driver.title, t.get("drivers.reversed"))
    } else {
        driver.title.clone()
    }
}

/// The questions of the survey with `priority`, as its page lists them.
pub(super) fn prioritised(survey: &SurveyReport, priority: Priority) -> Vec<&str> {
    let has = |driver: &DriverReport| {
        let relation = driver.figure.shown().and_then(|s| s.relation);
        relation.and_then(|r| r.priority) == Some(priority)
    };
    (driver_order(survey).into_iter())
        .map(|k| &survey.drivers[k])
        .filter(|driver| has(driver))
        .map(|driver| driver.title.as_str())
        .collect()
}

/// Each value's favourable share of each driver (in `order`), marked where it stands above or
/// below the rest of the survey's answers; none when no value of the dimension shows them.
fn driver_table(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    dimension: &DimensionReport,
    order: &[usize],
) -> Option<ValueTable> {
    let rows: Vec<ValueTableRow> = (dimension.values.iter())
        .filter(|value| has_page(value))
        .filter(|value| (value.drivers.iter()).any(|d| matches!(d, DriverAnswers::Shown { .. })))
        .map(|value| ValueTableRow {
            name: value.name.clone(),
            href: Some(value_href(survey, &dimension.id, value)),
            cells: (order.iter())
                .map(|&k| driver_cell(Some(&value.drivers[k]), value.drivers[k].vs_rest()))
                .collect(),
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(ValueTable {
        title: t.fill(
            "drivers.by_dimension",
            &[("dimension", &dimension.title.to_lowercase())],
        ),
        folded: rows.len() > 12,
        label: dimension.title.clone(),
        columns: (order.iter())
            .map(|&k| driver_title(t, &survey.drivers[k]))
            .collect(),
        rows,
        note: t.fill(
            "drivers.by_dimension_note",
            &[("significance", &significance)],
        ),
    })
}

/// A value's favourable share of each driver against the rest of the survey's answers, in the
/// order of the survey page's table; none when it has no driver to show (hidden for anonymity).
fn value_drivers_view(
    t: &Texts,
    significance: &str,
    survey: &SurveyReport,
    value: &GroupReport,
) -> Option<ValueDriversView> {
    if !(value.drivers.iter()).any(|d| matches!(d, DriverAnswers::Shown { .. })) {
        return None;
    }
    let (mut more, mut less) = (Vec::new(), Vec::new());
    let rows = (driver_order(survey).iter())
        .map(|&k| {
            let title = driver_title(t, &survey.drivers[k]);
            match &value.drivers[k] {
                DriverAnswers::Shown {
                    favourable,
                    vs_rest,
                    ..
                } => {
                    let rest = vs_rest.map(|c| favourable.value - c.difference.value);
                    let contrast = vs_rest.map(|c| ContrastView::new(t, Kind::CSAT, &c));
                    if let (Some(c), Some(rest)) = (vs_rest, rest) {
                        let named = t.fill(
                            "drivers.value_item",
                            &[
                                ("driver", &title),
                                ("here", &format::whole_percent(favourable.value)),
                                ("rest", &format::whole_percent(rest)),
                            ],
                        );
                        match c.standing() {
                            Standing::Above => more.push(named),
                            Standing::Below => less.push(named),
                            Standing::Unclear => {}
                        }
                    }
                    ValueDriverRow {
                        title,
                        favourable: format::whole_percent(favourable.value),
                        interval: format!(
                            "({})",
                            format::interval(t, Kind::CSAT, favourable.low, favourable.high)
                        ),
                        rest: rest.map_or("–".into(), format::whole_percent),
                        difference: contrast.as_ref().map_or(String::new(), |c| c.short.clone()),
                        class: contrast.as_ref().map_or("flat", |c| c.words.class),
                    }
                }
                // No figure: why, in its place.
                other => ValueDriverRow {
                    title,
                    favourable: match other {
                        DriverAnswers::TooFew { n } => t.fill("drivers.too_few", &[("n", n)]),
                        _ => t.get("figure.hidden").into(),
                    },
                    interval: String::new(),
                    rest: "–".into(),
                    difference: String::new(),
                    class: "flat",
                },
            }
        })
        .collect();
    let mut summary = Vec::new();
    if !more.is_empty() {
        summary.push(t.fill("drivers.value_more", &[("drivers", &more.join("; "))]));
    }
    if !less.is_empty() {
        summary.push(t.fill("drivers.value_less", &[("drivers", &less.join("; "))]));
    }
    if summary.is_empty() {
        summary.push(t.get("drivers.value_none").into());
    }
    Some(ValueDriversView {
        summary: summary.join(" "),
        rows,
        note: t.fill(
            "drivers.by_dimension_note",
            &[("significance", &significance)],
        ),
    })
}

/// A group's favourable share of a driver: "52 %", "▲ 89 %" where `contrast` (against the rest
/// of the survey, or the period before) says it stands above, or "–" without a figure.
fn driver_cell(answers: Option<&DriverAnswers>, contrast: Option<&Contrast>) -> ValueCell {
    let Some(DriverAnswers::Shown { favourable, .. }) = answers else {
        return ValueCell {
            text: "–".into(),
            class: None,
        };
    };
    let (mark, class) = match contrast.map(|c| c.standing()) {
        Some(Standing::Above) => ("▲ ", Some("up")),
        Some(Standing::Below) => ("▼ ", Some("down")),
        _ => ("", None),
    };
    ValueCell {
        text: format!("{mark}{}", format::whole_percent(favourable.value)),
        class,
    }
}

/// Names listed in a dimension's summary sentence, on each side; the table has the rest.
const CONTRASTS_NAMED: usize = 8;

/// "Above the rest of the answers: Oslo, Bergen. Below the rest of the answers: Tromsø.", the
/// largest difference first, or that no value differs; `None` when no value was compared.
fn contrast_summary(
    t: &Texts,
    significance: &str,
    values: &[Compared],
    within: Option<&str>,
) -> Option<String> {
    let contrasts: Vec<(&str, &Contrast)> = (values.iter())
        .filter_map(|v| Some((v.name, v.vs_rest?)))
        .collect();
    if contrasts.is_empty() {
        return None;
    }
    // On a value's page, against the rest of that value's answers.
    let prefix = if within.is_some() {
        "breakdown"
    } else {
        "contrast"
    };
    let group = within.unwrap_or_default();
    let side = |key: &str, standing: Standing| {
        let mut named: Vec<&(&str, &Contrast)> = (contrasts.iter())
            .filter(|(_, c)| c.standing() == standing)
            .collect();
        if named.is_empty() {
            return None;
        }
        named.sort_by(|a, b| (b.1.difference.value.abs()).total_cmp(&a.1.difference.value.abs()));
        let mut names: Vec<String> = (named.iter().take(CONTRASTS_NAMED))
            .map(|(name, _)| name.to_string())
            .collect();
        if named.len() > CONTRASTS_NAMED {
            let more = (named.len() - CONTRASTS_NAMED) as u64;
            names.push(t.fill("contrast.more", &[("n", &t.count(more))]));
        }
        let key = format!("{prefix}.{key}");
        Some(t.fill(&key, &[("values", &names.join(", ")), ("group", &group)]))
    };
    let sentences: Vec<String> = [
        side("summary_above", Standing::Above),
        side("summary_below", Standing::Below),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(if sentences.is_empty() {
        let key = format!("{prefix}.summary_none");
        t.fill(&key, &[("significance", &significance), ("group", &group)])
    } else {
        sentences.join(" ")
    })
}
