//! Benchmarks and targets in words, and the benchmarks page.

use super::*;

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

pub(super) fn benchmark_view(
    t: &Texts,
    survey: &SurveyReport,
    charts: &SurveyCharts,
) -> Option<BenchmarkView> {
    let c = survey.benchmark.as_ref()?;
    let b = &c.benchmark;
    let where_when = match b.year {
        Some(year) => t.fill(
            "benchmark.where_year",
            &[("region", &b.region), ("year", &year)],
        ),
        None => t.fill("benchmark.where_no_year", &[("region", &b.region)]),
    };
    let value = format::score(survey.kind, b.value);
    let benchmark_words = t.fill(
        "benchmark.words",
        &[
            ("industry", &b.industry),
            ("value", &value),
            ("where", &where_when),
            ("source", &b.source_name),
        ],
    );
    let metric = survey.kind.metric();
    let period = t.span(c.covers.0, c.covers.1);
    let verdict_words = |v: crate::benchmarks::Verdict| t.get(&format!("benchmark.{}", v.key()));
    let (sentence, class) = match (c.figure.shown(), c.verdict) {
        (Some(s), Some(verdict)) => (
            t.fill(
                "benchmark.sentence",
                &[
                    ("metric", &metric),
                    ("period", &period),
                    ("score", &format::score(survey.kind, s.score.value)),
                    (
                        "interval",
                        &format::interval(t, survey.kind, s.score.low, s.score.high),
                    ),
                    ("verdict", &verdict_words(verdict)),
                    ("benchmark", &benchmark_words),
                ],
            ),
            match verdict {
                crate::benchmarks::Verdict::Above => "above",
                crate::benchmarks::Verdict::Below => "below",
                crate::benchmarks::Verdict::InLineWith => "in_line_with",
            },
        ),
        _ => (
            t.fill(
                "benchmark.no_figure",
                &[
                    ("metric", &metric),
                    ("period", &period),
                    ("benchmark", &benchmark_words),
                ],
            ),
            "none",
        ),
    };
    Some(BenchmarkView {
        sentence,
        short: match c.verdict {
            Some(v) => t.fill(
                "benchmark.short",
                &[
                    ("verdict", &verdict_words(v)),
                    ("industry", &b.industry),
                    ("value", &value),
                ],
            ),
            None => t.fill(
                "benchmark.short_no_verdict",
                &[("industry", &b.industry), ("value", &value)],
            ),
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
    pub verdict: String,
    /// `reached`, `not_reached`, `not_yet_clear`.
    pub class: &'static str,
    /// What was judged: "Dec 2025: 19 (9 to 28)".
    pub detail: String,
}

pub(super) fn target_view(t: &Texts, survey: &SurveyReport) -> Option<TargetView> {
    use crate::report::TargetVerdict;
    let target = survey.target.as_ref()?;
    let class = match target.verdict {
        TargetVerdict::Reached => "reached",
        TargetVerdict::NotReached => "not_reached",
        TargetVerdict::NotYetClear => "not_yet_clear",
    };
    let judged = target
        .judged
        .and_then(|p| survey.overall.periods.iter().find(|f| f.period == p));
    let detail = match judged.map(|p| (p.period, p.figure.shown())) {
        Some((period, Some(s))) => t.fill(
            "target.judged",
            &[
                ("period", &t.period(period)),
                ("figure", &format::score(survey.kind, s.score.value)),
                (
                    "interval",
                    &format::interval(t, survey.kind, s.score.low, s.score.high),
                ),
            ],
        ),
        Some((period, None)) => t.fill("target.no_score", &[("period", &t.period(period))]),
        None => t.get("target.no_answers").into(),
    };
    Some(TargetView {
        title: t.fill(
            "target.title",
            &[
                ("value", &format::score(survey.kind, target.value)),
                ("period", &t.period(target.by)),
            ],
        ),
        verdict: t.get(&format!("target.{class}")).into(),
        class,
        detail,
    })
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
    let t = report.locale.texts();
    let surveys: Vec<BenchmarkSection> = report
        .surveys
        .iter()
        .zip(&charts.surveys)
        .filter_map(|(s, c)| {
            Some(BenchmarkSection {
                id: s.id.clone(),
                title: s.title.clone(),
                benchmark: benchmark_view(t, s, c)?,
            })
        })
        .collect();
    (!surveys.is_empty()).then_some(BenchmarksPage { surveys })
}
