//! Tallies into the [`Report`]: scores, intervals and groups. Pure functions, no I/O.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::aggregate::{Crossing, DriverTally, Group, SurveyTally, Tally, ThemeTally};
use crate::benchmarks::{Benchmark, Verdict};
use crate::config::{Config, Kind, PeriodKind, Survey};
use crate::ingest::invitations::Invitations;
use crate::period::Period;
use crate::report::{
    BenchmarkComparison, Breakdown, BreakdownValue, Change, CommentReport, Comparison, Contrast,
    DimensionReport, DriverAnswers, DriverFigure, DriverPeriod, DriverReport, DriverScores,
    EventReport, Explained, Figure, FileReport, GroupReport, GroupText, GroupTheme, Interval,
    MIN_PERIOD_COMMENTS, Mean, Mover, Paired, PairedDimension, PairedPoint, PeriodFigure, Priority,
    Relation, Report, ResponseRate, SCHEMA_VERSION, ScaleGroups, Scores, SurveyReport,
    TargetReport, TargetVerdict, TextReport, ThemeReport,
};
use crate::stats::{
    Anova, Difference, Estimate, Sums, benjamini_hochberg, correlation_interval, mean_estimate,
    nps_difference, nps_estimate, one_way_anova, pearson, pearson_counted, proportion_difference,
    proportion_estimate,
};
use crate::text::Slugger;
use crate::text_stats::{Theme, ThemeMatcher, mentions};

/// Most used words listed per scale group.
pub const TOP_WORDS: usize = 12;

/// A value's comments are compared with the rest of its survey's, theme by theme, only when
/// each side has at least this many.
pub const MIN_COMMENTS_COMPARED: u64 = 10;

/// What was read for one survey: its tally and the files it came from (relative paths).
#[derive(Debug, Clone)]
pub struct SurveyData {
    /// The survey's tally.
    pub tally: SurveyTally,
    /// The files read.
    pub files: Vec<FileReport>,
    /// Rows not used, by reason key.
    pub skipped: BTreeMap<String, u64>,
    /// Invitations, when the survey names an invitations file.
    pub invitations: Option<Invitations>,
    /// The benchmark row chosen for the survey, and one row per industry of its metric.
    pub benchmark: Option<(Benchmark, Vec<Benchmark>)>,
}

/// Builds the report. `data` is parallel to `config.surveys`; `data_until` overrides the date the
/// data runs up to (from `SOURCE_DATE_EPOCH`).
pub fn analyse(config: &Config, data: &[SurveyData], data_until: Option<String>) -> Report {
    let latest = data.iter().filter_map(|d| d.tally.latest).max();
    let surveys: Vec<SurveyReport> = config
        .surveys
        .iter()
        .zip(data)
        .map(|(survey, data)| survey_report(survey, data, config))
        .collect();
    let comparisons = config
        .compares
        .iter()
        .filter_map(|c| compare(config, data, &surveys, c))
        .collect();
    // Events on surveys with answers that meet none of their periods.
    let unshown_events = (config.events.iter())
        .filter(|event| {
            let mut answered = (surveys.iter())
                .filter(|s| event.is_on(&s.id))
                .filter_map(|s| Some((s.period_kind, s.periods_covered?)))
                .peekable();
            answered.peek().is_some()
                && answered.all(|(kind, periods)| !meets(event, kind, periods))
        })
        .map(|event| (event.date, event.label.clone()))
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        comparisons,
        title: config.title.clone(),
        organisation: config.organisation.clone(),
        locale: config.locale,
        confidence: config.confidence,
        significance: config.significance,
        key_movers: Vec::new(),
        data_until: data_until.or_else(|| latest.map(|d| d.to_string())),
        timezone: config.timezone.map(|zone| zone.name().to_string()),
        redact: config.redact,
        surveys,
        themes: config.themes.iter().map(|t| t.name.clone()).collect(),
        unshown_events,
    }
}

/// Pairs a customer and an employee survey: scores per shared period (the customer survey's
/// tallies merged into the employee survey's longer periods when needed) and per value of each
/// compared dimension (all answers of each value).
fn compare(
    config: &Config,
    data: &[SurveyData],
    reports: &[SurveyReport],
    compare: &crate::config::Compare,
) -> Option<Comparison> {
    let index = |id: &str| config.surveys.iter().position(|s| s.id == id);
    let (c, e) = (index(&compare.customers)?, index(&compare.employees)?);
    let (customers, employees) = (&config.surveys[c], &config.surveys[e]);
    let analyst = Analyst::new(customers, config.confidence, config.significance);
    let kind = customers.period.max(employees.period);
    let mut comparison = Comparison {
        customers: customers.id.clone(),
        employees: employees.id.clone(),
        period_kind: kind,
        over_time: Paired::default(),
        dimensions: Vec::new(),
        events: Vec::new(),
        note: None,
    };
    if employees.period < customers.period {
        // Merging confidential periods could reveal a hidden one: compare at their own length.
        comparison.note = Some(format!(
            "{} is asked more often than {}; compare them over the same periods to see both together.",
            employees.title, customers.title
        ));
        return Some(comparison);
    }
    let score = |figure: &Figure| figure.shown().map(|s| s.score.value);
    let customer_periods = coarsen(&data[c].tally.overall.periods, kind);
    comparison.over_time.points = reports[e]
        .overall
        .periods
        .iter()
        .filter_map(|p| {
            let customer = score(&analyst.figure(customer_periods.get(&p.period)?))?;
            Some(PairedPoint {
                key: p.period.to_string(),
                customers: customer,
                employees: score(&p.figure)?,
            })
        })
        .collect();
    let shared = |point: Option<&PairedPoint>| Period::parse(&point?.key, kind);
    let points = &comparison.over_time.points;
    if let (Some(first), Some(last)) = (shared(points.first()), shared(points.last())) {
        let events = config.events_of(&[&customers.id, &employees.id]);
        comparison.events = mark_events(&events, kind, (first, last));
    }
    for pair in &compare.dimensions {
        let position =
            |survey: &Survey, id: &str| survey.dimensions.iter().position(|d| d.id == id);
        let (cd, ed) = (
            position(customers, &pair.customers)?,
            position(employees, &pair.employees)?,
        );
        let customer_values = &data[c].tally.dimensions[cd];
        let points = reports[e].dimensions[ed]
            .values
            .iter()
            .filter_map(|value| {
                let group = customer_values.get(&value.name)?;
                Some(PairedPoint {
                    key: value.name.clone(),
                    customers: score(&analyst.figure(&group.total))?,
                    employees: score(&value.total)?,
                })
            })
            .collect();
        comparison.dimensions.push(PairedDimension {
            customers: pair.customers.clone(),
            employees: pair.employees.clone(),
            paired: Paired {
                points,
                correlation: None,
            },
        });
    }
    Some(comparison)
}

/// Tallies per period merged into periods of a longer `kind`.
fn coarsen(periods: &BTreeMap<Period, Tally>, kind: PeriodKind) -> BTreeMap<Period, Tally> {
    let mut out: BTreeMap<Period, Tally> = BTreeMap::new();
    for (period, tally) in periods {
        out.entry(period.within(kind)).or_default().merge(tally);
    }
    out
}

/// What is computed from the protected report: key movers, values against the rest, what each
/// dimension explains, comments that speak for each theme, and correlations.
pub fn finish(mut report: Report, config: &Config) -> Report {
    report.key_movers = key_movers(&report);
    for survey in &mut report.surveys {
        contrast_with_rest(survey, report.confidence, report.significance);
        contrast_periods_with_rest(survey, report.confidence, report.significance);
        explain_variation(survey, report.significance);
        contrast_themes(survey, report.confidence, report.significance);
        compare_theme_periods(survey, report.confidence, report.significance);
        score_themes(survey, report.confidence, report.significance);
        theme_examples(survey, &config.themes_of(&survey.id));
        contrast_drivers_with_rest(survey, report.confidence, report.significance);
        compare_driver_periods(survey, report.confidence, report.significance);
        contrast_breakdowns(survey, report.confidence, report.significance);
    }
    for comparison in &mut report.comparisons {
        let paired = std::iter::once(&mut comparison.over_time)
            .chain(comparison.dimensions.iter_mut().map(|d| &mut d.paired));
        for paired in paired {
            let points: Vec<(f64, f64)> = paired
                .points
                .iter()
                .map(|p| (p.customers, p.employees))
                .collect();
            paired.correlation = pearson(&points);
        }
    }
    report
}

fn survey_report(survey: &Survey, data: &SurveyData, config: &Config) -> SurveyReport {
    let tally = &data.tally;
    let periods = &tally.overall.periods;
    let analyst = Analyst::new(survey, config.confidence, config.significance);
    let latest = periods.keys().next_back().copied();
    let benchmark = data
        .benchmark
        .as_ref()
        .zip(latest)
        .map(|((benchmark, industries), latest)| {
            // The latest year the survey reached the last quarter of: a year's first months
            // against a whole year's figure would read a season as news, so before October
            // the year before is compared, unless the survey has no answers in it.
            let mut years = coarsen(periods, PeriodKind::Year);
            let year = latest.within(PeriodKind::Year);
            let last_quarter = Period::of(year.end(), PeriodKind::Quarter);
            let early = latest.end() < last_quarter.start();
            let year = if early && years.contains_key(&year.previous()) {
                year.previous()
            } else {
                year
            };
            let tally = years.remove(&year).unwrap_or_default();
            let figure = analyst.figure(&tally);
            let mut in_year =
                (periods.keys().copied()).filter(|p| p.within(PeriodKind::Year) == year);
            let first = in_year.next().unwrap_or(year);
            let last = in_year.next_back().unwrap_or(first);
            // 4 January is always in a year's first ISO week, 28 December in its last.
            let whole = first == Period::of(year.start() + chrono::Days::new(3), survey.period)
                && last == Period::of(year.end() - chrono::Days::new(3), survey.period);
            BenchmarkComparison {
                covers: if whole { (year, year) } else { (first, last) },
                verdict: figure
                    .shown()
                    .map(|s| Verdict::of(s.score.low, s.score.high, benchmark.value)),
                benchmark: benchmark.clone(),
                industries: industries.clone(),
                period: year,
                figure,
            }
        });
    let target = survey
        .target
        .as_ref()
        .map(|t| t.get_ref())
        .and_then(|target| {
            let by = Period::parse(&target.by, survey.period)?;
            // The target's own period, or the latest one before it, or the latest of all.
            let judged = periods
                .keys()
                .rev()
                .find(|p| **p <= by)
                .or(periods.keys().next_back())
                .copied();
            let figure = judged.map(|p| analyst.figure(&periods[&p]));
            let verdict = match figure.as_ref().and_then(Figure::shown) {
                Some(s) => match Verdict::of(s.score.low, s.score.high, target.value) {
                    Verdict::Above => TargetVerdict::Reached,
                    Verdict::Below => TargetVerdict::NotReached,
                    Verdict::InLineWith => TargetVerdict::NotYetClear,
                },
                None => TargetVerdict::NotYetClear,
            };
            Some(TargetReport {
                value: target.value,
                by,
                judged,
                verdict,
            })
        });
    let themes = config.themes_of(&survey.id);
    let text = (tally.text.comments.iter().sum::<u64>() > 0).then(|| TextReport {
        comments: tally.text.comments,
        themes: (themes.iter())
            .zip(&tally.text.themes)
            .map(|(theme, counts)| ThemeReport {
                name: theme.name.clone(),
                total: counts.total,
                periods: counts.periods.iter().map(|(p, c)| (*p, *c)).collect(),
                change: None,
                change_year: None,
                score: None,
                vs_others: None,
                examples: Vec::new(),
            })
            .collect(),
        unthemed: (!themes.is_empty()).then_some(tally.text.unthemed),
        periods: tally.text.periods.iter().map(|(p, c)| (*p, *c)).collect(),
        compared: None,
        compared_year: None,
        unthemed_score: None,
        words: [0, 1, 2].map(|g| tally.text.top_words(g, TOP_WORDS)),
    });
    let mut report = SurveyReport {
        benchmark,
        target,
        text,
        drivers: drivers(survey, &tally.drivers, config),
        events: Vec::new(),
        themes: themes.iter().map(|theme| theme.name.clone()).collect(),
        id: survey.id.clone(),
        title: survey.title.clone(),
        kind: survey.kind,
        scale: survey.kind.range().into(),
        period_kind: survey.period,
        description: survey.description.clone(),
        min_n: survey.min_n(),
        confidential: survey.is_confidential(),
        comment_dimension: survey.comment_dimension(),
        redacted: 0,
        on_invalid: survey.on_invalid,
        files: data.files.clone(),
        count_column: (survey.columns.count.as_ref()).map(|c| c.get_ref().clone()),
        reads_comments: survey.columns.comment.is_some(),
        no_answer: survey.no_answer.clone(),
        only: survey.only.clone(),
        leave_out: survey.leave_out.clone(),
        skipped: data.skipped.clone(),
        records: tally.records,
        empty_scores: tally.empty_scores,
        periods_covered: periods
            .keys()
            .next()
            .copied()
            .zip(periods.keys().next_back().copied()),
        window: survey.window(),
        latest_answer: tally.latest,
        overall: analyst.group(
            &survey.title,
            "all".into(),
            &tally.overall,
            data.invitations.as_ref().map(|i| &i.overall),
        ),
        dimensions: survey
            .dimensions
            .iter()
            .zip(&tally.dimensions)
            .enumerate()
            .map(|(d, (dimension, groups))| {
                let mut slugger = Slugger::new();
                DimensionReport {
                    id: dimension.id.clone(),
                    title: dimension.title.clone(),
                    values: groups
                        .iter()
                        .map(|(value, group)| {
                            let invited = data
                                .invitations
                                .as_ref()
                                .and_then(|i| i.dimensions[d].get(value));
                            GroupReport {
                                text: group_text(&themes, &group.themes),
                                drivers: value_drivers(survey, &group.drivers, config),
                                ..analyst.group(value, slugger.unique(value), group, invited)
                            }
                        })
                        .collect(),
                    explained: None,
                }
            })
            .collect(),
    };
    for crossing in &tally.crossings {
        break_down(&mut report, crossing, &analyst);
    }
    if let Some(periods) = report.periods_covered {
        let events = config.events_of(&[&report.id]);
        report.events = mark_events(&events, report.period_kind, periods);
    }
    report
}

/// The `events` whose days meet the periods of `kind` from `first` to `last` (those with
/// answers), each with its mark: 1, 2, … in date order, one per period in which events begin.
fn mark_events(
    events: &[&crate::config::Event],
    kind: PeriodKind,
    (first, last): (Period, Period),
) -> Vec<EventReport> {
    let mut marked: Vec<EventReport> = Vec::new();
    for event in events.iter().filter(|e| meets(e, kind, (first, last))) {
        let period = Period::of(event.date, kind);
        let until_period = event.until.map(|day| Period::of(day, kind));
        let mark = match marked.last() {
            Some(before) if before.period == period => before.mark,
            Some(before) => before.mark + 1,
            None => 1,
        };
        marked.push(EventReport {
            mark,
            date: event.date,
            until: event.until,
            period,
            until_period,
            label: event.label.clone(),
        });
    }
    marked
}

/// Whether some of `event`'s days fall in the periods of `kind` from `first` to `last`.
fn meets(event: &crate::config::Event, kind: PeriodKind, (first, last): (Period, Period)) -> bool {
    let period = Period::of(event.date, kind);
    let until_period = event.until.map_or(period, |day| Period::of(day, kind));
    period <= last && first <= until_period
}

/// Each value of a crossing's two dimensions broken down by the other, when its figure is shown
/// and it has answers with at least two of the other's values, one of them with enough answers
/// for a figure (an agent who works in one team is not broken down by team). Contrasts are set
/// by [`contrast_breakdowns`].
fn break_down(survey: &mut SurveyReport, crossing: &Crossing, analyst: &Analyst) {
    let (a, b) = crossing.dimensions;
    for (this, other, by_first) in [(a, b, true), (b, a, false)] {
        let by = &survey.dimensions[other];
        let slugs: BTreeMap<String, String> = (by.values.iter())
            .map(|v| (v.name.clone(), v.slug.clone()))
            .collect();
        let mut cells: BTreeMap<&str, Vec<(&str, &Tally)>> = BTreeMap::new();
        for ((first, second), tally) in &crossing.cells {
            let (value, by_value) = if by_first {
                (first, second)
            } else {
                (second, first)
            };
            cells.entry(value).or_default().push((by_value, tally));
        }
        let (id, title) = (by.id.clone(), by.title.clone());
        for value in &mut survey.dimensions[this].values {
            let Some(cells) = cells.get_mut(value.name.as_str()) else {
                continue;
            };
            if cells.len() < 2 || value.total.shown().is_none() {
                continue;
            }
            cells.sort_by_key(|(name, _)| *name);
            let values: Vec<BreakdownValue> = (cells.iter())
                .map(|(name, tally)| BreakdownValue {
                    name: name.to_string(),
                    slug: slugs.get(*name).cloned().unwrap_or_default(),
                    total: analyst.figure(tally),
                    vs_rest: None,
                })
                .collect();
            // Counts alone, every one too few for a score, say nothing of the score.
            if values.iter().any(|v| v.total.shown().is_some()) {
                value.breakdowns.push(Breakdown {
                    dimension: id.clone(),
                    title: title.clone(),
                    values,
                });
            }
        }
    }
}

/// Each driver's favourable share and its relation with the score, tested together; a driver
/// with fewer answers than the survey's minimum gets no figures.
fn drivers(survey: &Survey, tallies: &[DriverTally], config: &Config) -> Vec<DriverReport> {
    let mut figures: Vec<DriverFigure> = tallies
        .iter()
        .map(|tally| {
            let distribution: [u64; 5] =
                std::array::from_fn(|a| tally.counts.iter().map(|row| row[a]).sum());
            let n: u64 = distribution.iter().sum();
            if n < survey.min_n() {
                return DriverFigure::TooFew { n };
            }
            let points: Vec<(f64, f64, u64)> = (tally.counts.iter().enumerate())
                .flat_map(|(score, row)| {
                    (row.iter().enumerate())
                        .map(move |(a, &count)| (a as f64 + 1.0, score as f64, count))
                })
                .filter(|p| p.2 > 0)
                .collect();
            let relation = pearson_counted(&points).and_then(|c| {
                Some(Relation {
                    r: correlation_interval(c.r, c.n, config.confidence)?,
                    p_value: c.p_value,
                    q_value: c.p_value,
                    significant: false,
                    priority: None,
                })
            });
            DriverFigure::Shown(DriverScores {
                n,
                distribution,
                favourable: proportion_estimate(
                    distribution[3] + distribution[4],
                    n,
                    config.confidence,
                )
                .expect("n is at least 1"),
                relation,
                periods: (tally.periods.iter())
                    .map(|(&period, &answers)| DriverPeriod {
                        period,
                        answers: driver_answers(answers, survey.min_n(), config.confidence),
                        change_previous: None,
                    })
                    .collect(),
            })
        })
        .collect();
    let mut shown: Vec<&mut DriverScores> = figures
        .iter_mut()
        .filter_map(DriverFigure::shown_mut)
        .collect();
    prioritise(&mut shown, config.significance);
    (survey.drivers.iter())
        .zip(figures)
        .map(|(driver, figure)| DriverReport {
            id: driver.id.clone(),
            title: driver.title.clone(),
            reversed: driver.reverse,
            figure,
        })
        .collect()
}

/// A dimension value's favourable share of each driver, from its answers 1 to 5 (`counts` is
/// empty, or shorter, for a value whose rows answered no driver).
fn value_drivers(survey: &Survey, counts: &[[u64; 5]], config: &Config) -> Vec<DriverAnswers> {
    (0..survey.drivers.len())
        .map(|k| {
            let answers = counts.get(k).copied().unwrap_or_default();
            driver_answers(answers, survey.min_n(), config.confidence)
        })
        .collect()
}

/// A group's favourable share of a driver, from its answers 1 to 5, when it has at least
/// `min_n` of them.
fn driver_answers(answers: [u64; 5], min_n: u64, confidence: f64) -> DriverAnswers {
    let n: u64 = answers.iter().sum();
    match proportion_estimate(answers[3] + answers[4], n, confidence) {
        Some(favourable) if n >= min_n => DriverAnswers::Shown {
            n,
            distribution: answers,
            favourable,
            vs_rest: None,
        },
        _ => DriverAnswers::TooFew { n },
    }
}

/// Sets each dimension value's favourable share of each driver against the rest of the
/// survey's answers to it (the survey's minus the value's), when both have at least `min_n`,
/// adjusted together over every value and driver. Runs after `privacy`: a hidden value is not
/// compared.
fn contrast_drivers_with_rest(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let all: Vec<Option<(u64, u64)>> = (survey.drivers.iter())
        .map(|d| {
            let s = d.figure.shown()?;
            Some((s.distribution[3] + s.distribution[4], s.n))
        })
        .collect();
    let min_n = survey.min_n;
    let mut tested: Vec<(&mut Option<Contrast>, Difference)> = Vec::new();
    for value in (survey.dimensions.iter_mut()).flat_map(|d| &mut d.values) {
        for (driver, all) in value.drivers.iter_mut().zip(&all) {
            let (
                DriverAnswers::Shown {
                    n,
                    distribution,
                    vs_rest,
                    ..
                },
                Some((all_favourable, all_n)),
            ) = (driver, all)
            else {
                continue;
            };
            let own = (distribution[3] + distribution[4], *n);
            let rest = (
                all_favourable.saturating_sub(own.0),
                all_n.saturating_sub(own.1),
            );
            if rest.1 < min_n {
                continue;
            }
            if let Some(difference) = proportion_difference(rest, own, confidence) {
                tested.push((vs_rest, difference));
            }
        }
    }
    let p_values: Vec<f64> = tested.iter().map(|(_, d)| d.p_value).collect();
    for ((vs_rest, difference), q_value) in tested.into_iter().zip(benjamini_hochberg(&p_values)) {
        *vs_rest = Some(Contrast {
            difference: difference.estimate,
            p_value: difference.p_value,
            q_value,
            significant: q_value < significance,
        });
    }
}

/// Sets each driver's favourable share in the survey's latest period against the period
/// before's, when both show it, adjusted together over the drivers. Runs after `privacy`.
fn compare_driver_periods(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let Some(latest) = survey.overall.periods.last().map(|p| p.period) else {
        return;
    };
    let before = latest.previous();
    let mut tested = Vec::new();
    for scores in (survey.drivers.iter_mut()).filter_map(|d| d.figure.shown_mut()) {
        let find = |period: Period| scores.periods.iter().position(|p| p.period == period);
        let (Some(before_at), Some(latest_at)) = (find(before), find(latest)) else {
            continue;
        };
        let (Some(from), Some(to)) = (
            scores.periods[before_at].favourable(),
            scores.periods[latest_at].favourable(),
        ) else {
            continue;
        };
        if let Some(difference) = proportion_difference(from, to, confidence) {
            tested.push((&mut scores.periods[latest_at].change_previous, difference));
        }
    }
    for (change, contrast) in adjusted(tested, significance) {
        *change = Some(contrast);
    }
}

/// Adjusts the drivers' p-values together, then gives each driver whose relation is
/// significant and above the drivers' average a priority: improve it when it is answered less
/// favourably than the average, keep it when more (the importance-performance reading of a
/// key driver analysis, with the averages as the quadrants' lines).
fn prioritise(drivers: &mut [&mut DriverScores], significance: f64) {
    let related: Vec<usize> = (0..drivers.len())
        .filter(|&i| drivers[i].relation.is_some())
        .collect();
    if related.is_empty() {
        return;
    }
    let p_values: Vec<f64> = (related.iter())
        .filter_map(|&i| drivers[i].relation.map(|r| r.p_value))
        .collect();
    let mean = |f: &dyn Fn(&DriverScores) -> f64| {
        related.iter().map(|&i| f(drivers[i])).sum::<f64>() / related.len() as f64
    };
    let mean_r = mean(&|d| d.relation.map_or(0.0, |r| r.r.value));
    let mean_favourable = mean(&|d| d.favourable.value);
    for (&i, q_value) in related.iter().zip(benjamini_hochberg(&p_values)) {
        let favourable = drivers[i].favourable.value;
        if let Some(relation) = drivers[i].relation.as_mut() {
            relation.q_value = q_value;
            relation.significant = q_value < significance;
            relation.priority = (relation.significant && relation.r.value >= mean_r).then_some(
                if favourable < mean_favourable {
                    Priority::Improve
                } else {
                    Priority::Keep
                },
            );
        }
    }
}

/// A dimension value's comment and theme counts, when themes are configured and it has
/// comments.
fn group_text(themes: &[Theme], tally: &ThemeTally) -> Option<GroupText> {
    let has_comments = tally.comments.iter().sum::<u64>() > 0;
    (!themes.is_empty() && has_comments).then(|| GroupText {
        comments: tally.comments,
        themes: (themes.iter().enumerate())
            .map(|(i, theme)| GroupTheme {
                name: theme.name.clone(),
                mentions: tally.themes.get(i).copied().unwrap_or_default(),
                vs_rest: None,
                examples: Vec::new(),
            })
            .collect(),
    })
}

struct Analyst<'a> {
    survey: &'a Survey,
    confidence: f64,
    significance: f64,
    /// The survey's dimension titles, shared by the tags of every comment.
    dimension_titles: Vec<Arc<str>>,
}

impl<'a> Analyst<'a> {
    fn new(survey: &'a Survey, confidence: f64, significance: f64) -> Self {
        Analyst {
            survey,
            confidence,
            significance,
            dimension_titles: survey
                .dimensions
                .iter()
                .map(|d| d.title.as_str().into())
                .collect(),
        }
    }
}

impl Analyst<'_> {
    fn group(
        &self,
        name: &str,
        slug: String,
        group: &Group,
        invited: Option<&BTreeMap<Period, u64>>,
    ) -> GroupReport {
        let rate = |period: &Period| {
            let invited = *invited?.get(period)?;
            let answers = group.periods.get(period).map_or(0, Tally::n);
            self.response_rate(invited, answers)
        };
        let total_rate = invited.and_then(|invited| {
            let answers = invited
                .keys()
                .map(|p| group.periods.get(p).map_or(0, Tally::n))
                .sum();
            self.response_rate(invited.values().sum(), answers)
        });
        GroupReport {
            name: name.to_string(),
            slug,
            total: self.figure(&group.total),
            response_rate: total_rate,
            periods: group
                .periods
                .iter()
                .map(|(period, tally)| {
                    let change = |from: Period| {
                        let before = group.periods.get(&from)?;
                        self.change(from, before, tally)
                    };
                    PeriodFigure {
                        change_previous: change(period.previous()),
                        change_year: change(period.year_earlier()),
                        response_rate: rate(period),
                        ..PeriodFigure::new(*period, self.figure(tally))
                    }
                })
                .collect(),
            // Set by `finish`, from what the protected report shows.
            vs_rest: None,
            // Set for dimension values by `survey_report`.
            text: None,
            drivers: Vec::new(),
            breakdowns: Vec::new(),
            comments: group
                .comments
                .items()
                .iter()
                .map(|c| CommentReport {
                    date: Some(c.date.to_string()),
                    period: c.period,
                    score: c.score,
                    text: c.text.clone(),
                    tags: (self.dimension_titles.iter().cloned())
                        .zip(c.segments.iter().cloned())
                        .collect(),
                })
                .collect(),
        }
    }

    /// Answers out of invitations with a Wilson interval; `None` without invitations or when
    /// there are more answers than invitations (`lib` reports that as an input problem).
    fn response_rate(&self, invited: u64, answers: u64) -> Option<ResponseRate> {
        if invited == 0 || answers > invited {
            return None;
        }
        Some(ResponseRate {
            invited,
            answers,
            rate: proportion_estimate(answers, invited, self.confidence)?,
        })
    }

    /// The change from `before` (in period `from`) to `after`, when both have enough answers.
    fn change(&self, from: Period, before: &Tally, after: &Tally) -> Option<Change> {
        let min_n = self.survey.min_n();
        if before.n() < min_n || after.n() < min_n {
            return None;
        }
        let kind = self.survey.kind;
        let difference = scale_difference(
            kind,
            scale_groups(kind, before),
            scale_groups(kind, after),
            self.confidence,
        )?;
        Some(Change {
            from,
            difference: difference.estimate,
            p_value: difference.p_value,
            significant: difference.p_value < self.significance,
        })
    }

    /// The figure for one tally: scores when there are at least `min_n` answers.
    fn figure(&self, tally: &Tally) -> Figure {
        let n = tally.n();
        if n < self.survey.min_n() {
            return Figure::TooFew { n };
        }
        let kind = self.survey.kind;
        let (low, high) = kind.range();
        let groups = scale_groups(kind, tally);
        let score = scale_score(kind, groups, self.confidence);
        let scale = (f64::from(low), f64::from(high));
        let mean = match kind {
            Kind::Csat { .. } => {
                mean_estimate(&tally.counts, self.confidence, scale).map(|e| Mean {
                    value: e.value,
                    interval: Interval {
                        low: e.low,
                        high: e.high,
                    },
                })
            }
            Kind::Nps | Kind::Enps => None,
        };
        Figure::Shown(Scores {
            n,
            // `n >= min_n >= 1`, so both estimates exist.
            score: score.expect("n is positive"),
            groups,
            distribution: tally.counts[usize::from(low)..=usize::from(high)].to_vec(),
            mean,
        })
    }
}

/// A tally's answers in the scale's groups: promoters, passives, detractors (NPS, eNPS), or
/// satisfied, neutral, dissatisfied (CSAT).
fn scale_groups(kind: Kind, tally: &Tally) -> ScaleGroups {
    let [top, middle, bottom] = kind.groups().map(|(low, high)| tally.between(low, high));
    ScaleGroups {
        top,
        middle,
        bottom,
    }
}

/// The score of answers in `groups`, with its interval; `None` without answers.
fn scale_score(kind: Kind, groups: ScaleGroups, confidence: f64) -> Option<Estimate> {
    match kind {
        Kind::Nps | Kind::Enps => nps_estimate(groups.top, groups.bottom, groups.n(), confidence),
        Kind::Csat { .. } => proportion_estimate(groups.top, groups.n(), confidence),
    }
}

/// The difference of the kind's score between two independent samples, `after − before`, with
/// its test: the difference of two NPS, or of two CSAT percentages.
fn scale_difference(
    kind: Kind,
    before: ScaleGroups,
    after: ScaleGroups,
    confidence: f64,
) -> Option<Difference> {
    match kind {
        Kind::Nps | Kind::Enps => nps_difference(
            (before.top, before.bottom, before.n()),
            (after.top, after.bottom, after.n()),
            confidence,
        ),
        Kind::Csat { .. } => {
            proportion_difference((before.top, before.n()), (after.top, after.n()), confidence)
        }
    }
}

/// Sets each dimension value's figure over all periods against the rest of the survey, when
/// both have at least `min_n` answers. The p-values are adjusted together over every value of
/// the survey's dimensions (Benjamini-Hochberg), since a table of 60 stores holds a few
/// "significant" ones by chance alone. Reads only what the report shows, so it runs after
/// `privacy` and tells a reader nothing they could not work out from the shown figures.
fn contrast_with_rest(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let Some(all) = survey.overall.total.shown().map(|s| s.groups) else {
        return;
    };
    let (kind, min_n) = (survey.kind, survey.min_n);
    let values = (survey.dimensions.iter_mut().flat_map(|d| &mut d.values))
        .map(|v| (&v.total, &mut v.vs_rest));
    set_against_the_rest(values, all, (kind, min_n), confidence, significance);
}

/// Sets each of `groups`' contrast (`.1`) from its figure (`.0`) against the rest of `all`, for
/// a `kind` of survey with at least `min_n` answers a side, adjusted over all of them.
fn set_against_the_rest<'a>(
    groups: impl Iterator<Item = (&'a Figure, &'a mut Option<Contrast>)>,
    all: ScaleGroups,
    (kind, min_n): (Kind, u64),
    confidence: f64,
    significance: f64,
) {
    let tested: Vec<(&mut Option<Contrast>, Difference)> = groups
        .filter_map(|(figure, contrast)| {
            let groups = figure.shown()?.groups;
            let difference = against_the_rest(kind, min_n, all, groups, confidence)?;
            Some((contrast, difference))
        })
        .collect();
    for (slot, contrast) in adjusted(tested, significance) {
        *slot = Some(contrast);
    }
}

/// A value's groups against the rest of `all` (every answer outside the value: `all` minus the
/// value's, as each dimension's values add up to the whole), when the rest has `min_n` answers.
fn against_the_rest(
    kind: Kind,
    min_n: u64,
    all: ScaleGroups,
    value: ScaleGroups,
    confidence: f64,
) -> Option<Difference> {
    let rest = ScaleGroups {
        top: all.top.checked_sub(value.top)?,
        middle: all.middle.checked_sub(value.middle)?,
        bottom: all.bottom.checked_sub(value.bottom)?,
    };
    if rest.n() < min_n {
        return None;
    }
    scale_difference(kind, rest, value, confidence)
}

/// Sets each value of a dimension value's breakdowns against the rest of that value's answers
/// (Oslo's App answers against Oslo's other answers), as [`contrast_with_rest`] does for the
/// survey, the p-values adjusted over every breakdown of the value's page: the page is read as
/// one table of comparisons.
fn contrast_breakdowns(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let (kind, min_n) = (survey.kind, survey.min_n);
    for value in survey.dimensions.iter_mut().flat_map(|d| &mut d.values) {
        let Some(all) = value.total.shown().map(|s| s.groups) else {
            continue;
        };
        let cells = (value.breakdowns.iter_mut().flat_map(|b| &mut b.values))
            .map(|cell| (&cell.total, &mut cell.vs_rest));
        set_against_the_rest(cells, all, (kind, min_n), confidence, significance);
    }
}

/// Sets each dimension value's figure in each of the survey's recent periods against the rest
/// of that period's answers, when both have at least `min_n` answers, as
/// [`contrast_with_rest`] does over all periods. The p-values are adjusted together over every
/// value of every dimension in every recent period: a table of 7 regions by 12 months is 84
/// tests. Reads only what the report shows, each period's figure and its values', so it runs
/// after `privacy` too.
fn contrast_periods_with_rest(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let periods: BTreeMap<Period, ScaleGroups> = (survey.recent_periods().iter())
        .filter_map(|p| Some((p.period, p.figure.shown()?.groups)))
        .collect();
    let (kind, min_n) = (survey.kind, survey.min_n);
    let difference = |period: &PeriodFigure| {
        let all = *periods.get(&period.period)?;
        let value = period.figure.shown()?.groups;
        against_the_rest(kind, min_n, all, value, confidence)
    };
    let cells = (survey.dimensions.iter_mut())
        .flat_map(|d| &mut d.values)
        .flat_map(|v| &mut v.periods);
    let tested: Vec<(&mut PeriodFigure, Difference)> = cells
        .filter_map(|cell| {
            let difference = difference(cell)?;
            Some((cell, difference))
        })
        .collect();
    for (cell, contrast) in adjusted(tested, significance) {
        cell.vs_rest = Some(contrast);
    }
}

/// The comments that speak for each theme, on the survey's page and on each value's: for each
/// scale group (promoters, passives, detractors, or their CSAT counterparts), its newest
/// comment that mentions the theme, from those the page may show (so after the anonymity
/// rules).
fn theme_examples(survey: &mut SurveyReport, themes: &[Theme]) {
    let matchers = ThemeMatcher::new(themes);
    let kind = survey.kind;
    if let Some(text) = &mut survey.text {
        let examples = examples(kind, &survey.overall.comments, &matchers);
        for (theme, examples) in text.themes.iter_mut().zip(examples) {
            theme.examples = examples;
        }
    }
    for value in survey.dimensions.iter_mut().flat_map(|d| &mut d.values) {
        if let Some(text) = &mut value.text {
            for (theme, examples) in
                text.themes
                    .iter_mut()
                    .zip(examples(kind, &value.comments, &matchers))
            {
                theme.examples = examples;
            }
        }
    }
}

/// For each theme, the newest of `comments` of each scale group that mentions it. A comment
/// already taken for an earlier theme is passed over when the group has another, so that
/// themes a comment shares do not list the same three.
fn examples(
    kind: Kind,
    comments: &[CommentReport],
    themes: &ThemeMatcher,
) -> Vec<Vec<CommentReport>> {
    let mentioned: Vec<Vec<usize>> = (comments.iter())
        .map(|c| mentions(&c.text, themes))
        .collect();
    let mut shown: Vec<&CommentReport> = Vec::new();
    let mut all = Vec::new();
    for theme in 0..themes.len() {
        let mentioning: Vec<&CommentReport> = (comments.iter().zip(&mentioned))
            .filter(|(_, mentioned)| mentioned.contains(&theme))
            .map(|(c, _)| c)
            .collect();
        let mut examples = Vec::new();
        for group in 0..3 {
            let of_group: Vec<&CommentReport> = (mentioning.iter().copied())
                .filter(|c| kind.group_of(c.score) == group)
                .collect();
            let fresh = (of_group.iter()).find(|c| !shown.iter().any(|s| std::ptr::eq(*s, **c)));
            if let Some(&comment) = fresh.or(of_group.first()) {
                shown.push(comment);
                examples.push(comment.clone());
            }
        }
        all.push(examples);
    }
    all
}

/// Each value's share of comments mentioning each theme against the rest of the survey's
/// comments: two independent samples, p-values adjusted over every theme of every value of the
/// survey (Benjamini-Hochberg). Compared only when both sides have [`MIN_COMMENTS_COMPARED`]
/// comments.
fn contrast_themes(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    let Some(all) = &survey.text else {
        return;
    };
    let all_comments: u64 = all.comments.iter().sum();
    let all_mentions: Vec<u64> = all.themes.iter().map(|t| t.total.iter().sum()).collect();
    let mut tested: Vec<(&mut GroupTheme, Difference)> = Vec::new();
    for value in survey.dimensions.iter_mut().flat_map(|d| &mut d.values) {
        let Some(text) = &mut value.text else {
            continue;
        };
        let comments = text.total();
        let rest_comments = all_comments.saturating_sub(comments);
        if comments < MIN_COMMENTS_COMPARED || rest_comments < MIN_COMMENTS_COMPARED {
            continue;
        }
        for (theme, &all) in text.themes.iter_mut().zip(&all_mentions) {
            let mentions: u64 = theme.mentions.iter().sum();
            let rest = (all.saturating_sub(mentions), rest_comments);
            if let Some(d) = proportion_difference(rest, (mentions, comments), confidence) {
                tested.push((theme, d));
            }
        }
    }
    for (theme, contrast) in adjusted(tested, significance) {
        theme.vs_rest = Some(contrast);
    }
}

/// Each theme's share of the latest period's comments against the period before's, over the
/// periods themes are followed over ([`TextReport::trend_kind`]): two independent samples,
/// p-values adjusted over the survey's themes (Benjamini-Hochberg). Compared only when both
/// periods have [`MIN_PERIOD_COMMENTS`] comments, and only themes one of them mentions. Reads
/// the counts the report shows, so it runs after `privacy`.
fn compare_theme_periods(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    if let Some(text) = &mut survey.text {
        compare_periods(text, survey.period_kind, confidence, significance);
    }
}

/// [`compare_theme_periods`] on a survey's comment counts; `finest` is the survey's kind of
/// period. The latest period is compared with the period before and with the same period a
/// year earlier, each when both have at least [`MIN_PERIOD_COMMENTS`] comments.
fn compare_periods(text: &mut TextReport, finest: PeriodKind, confidence: f64, significance: f64) {
    let Some(kind) = text.trend_kind(finest) else {
        return;
    };
    let comments = text.comments_per(kind);
    let Some(&to) = comments.keys().next_back() else {
        return;
    };
    let enough = |period| {
        let n = comments.get(&period).map_or(0, |c| c.iter().sum::<u64>());
        n >= MIN_PERIOD_COMMENTS
    };
    if !enough(to) {
        return;
    }
    let before = to.previous();
    if enough(before) {
        text.compared = Some([before, to]);
        let changes = theme_changes(
            text,
            kind,
            &comments,
            [before, to],
            confidence,
            significance,
        );
        for (i, contrast) in changes {
            text.themes[i].change = Some(contrast);
        }
    }
    // By year, the year before is the period before.
    let year = to.year_earlier();
    if year != before && enough(year) {
        text.compared_year = Some([year, to]);
        let changes = theme_changes(text, kind, &comments, [year, to], confidence, significance);
        for (i, contrast) in changes {
            text.themes[i].change_year = Some(contrast);
        }
    }
}

/// Each theme's share of period `to`'s comments minus its share of period `from`'s, by the
/// two-proportion test, adjusted over the themes either period's comments mention (the index of
/// each in the survey's themes). `comments` are the comments per period of `kind`.
fn theme_changes(
    text: &TextReport,
    kind: PeriodKind,
    comments: &BTreeMap<Period, [u64; 3]>,
    [from, to]: [Period; 2],
    confidence: f64,
    significance: f64,
) -> Vec<(usize, Contrast)> {
    let count = |counts: Option<&[u64; 3]>| counts.map_or(0, |c| c.iter().sum::<u64>());
    let (from_comments, to_comments) = (count(comments.get(&from)), count(comments.get(&to)));
    let mut tested = Vec::new();
    for (i, theme) in text.themes.iter().enumerate() {
        let mentions = theme.mentions_per(kind);
        let (before, after) = (count(mentions.get(&from)), count(mentions.get(&to)));
        if before + after == 0 {
            continue;
        }
        let difference =
            proportion_difference((before, from_comments), (after, to_comments), confidence);
        if let Some(d) = difference {
            tested.push((i, d));
        }
    }
    adjusted(tested, significance)
}

/// Each theme's score from the answers whose comments mention it, against the score from the
/// answers whose comments do not: which themes come with low scores and which with high. Both
/// sides are commenters, as answers with a comment score lower than those without in most
/// surveys. Compared when each side has at least [`MIN_COMMENTS_COMPARED`] comments, by the test
/// "segment against the rest" uses, adjusted over the survey's themes. Reads only the counts the
/// survey's page shows.
fn score_themes(survey: &mut SurveyReport, confidence: f64, significance: f64) {
    if let Some(text) = &mut survey.text {
        score_text_themes(text, survey.kind, confidence, significance);
    }
}

/// [`score_themes`] on a survey's comment counts; `kind` is the survey's.
fn score_text_themes(text: &mut TextReport, kind: Kind, confidence: f64, significance: f64) {
    let groups = |[top, middle, bottom]: [u64; 3]| ScaleGroups {
        top,
        middle,
        bottom,
    };
    let comments = text.comments;
    let mut tested = Vec::new();
    for theme in &mut text.themes {
        let mentioning = groups(theme.total);
        let others = groups([0, 1, 2].map(|g| comments[g].saturating_sub(theme.total[g])));
        if mentioning.n() < MIN_COMMENTS_COMPARED || others.n() < MIN_COMMENTS_COMPARED {
            continue;
        }
        theme.score = scale_score(kind, mentioning, confidence);
        if let Some(difference) = scale_difference(kind, others, mentioning, confidence) {
            tested.push((theme, difference));
        }
    }
    for (theme, contrast) in adjusted(tested, significance) {
        theme.vs_others = Some(contrast);
    }
    text.unthemed_score = (text.unthemed.map(groups))
        .filter(|unthemed| unthemed.n() >= MIN_COMMENTS_COMPARED)
        .and_then(|unthemed| scale_score(kind, unthemed, confidence));
}

/// Each difference as a [`Contrast`], its p-value adjusted over all of them
/// (Benjamini-Hochberg).
fn adjusted<T>(tested: Vec<(T, Difference)>, significance: f64) -> Vec<(T, Contrast)> {
    let p_values: Vec<f64> = tested.iter().map(|(_, d)| d.p_value).collect();
    (tested.into_iter().zip(benjamini_hochberg(&p_values)))
        .map(|((item, d), q_value)| {
            let contrast = Contrast {
                difference: d.estimate,
                p_value: d.p_value,
                q_value,
                significant: q_value < significance,
            };
            (item, contrast)
        })
        .collect()
}

/// How much of the variation between a survey's answers each dimension explains, from the
/// figures of its shown values: a one-way analysis of variance on each answer's part in the
/// score, p-values adjusted over the survey's dimensions (Benjamini-Hochberg).
fn explain_variation(survey: &mut SurveyReport, significance: f64) {
    let kind = survey.kind;
    let tested: Vec<(usize, Anova)> = (survey.dimensions.iter().enumerate())
        .filter_map(|(i, dimension)| {
            let sums: Vec<Sums> = (dimension.values.iter())
                .filter_map(|value| value.total.shown())
                .map(|scores| answer_sums(kind, scores.groups))
                .collect();
            Some((i, one_way_anova(&sums)?))
        })
        .collect();
    let p_values: Vec<f64> = tested.iter().map(|(_, anova)| anova.p_value).collect();
    for ((i, anova), q_value) in tested.into_iter().zip(benjamini_hochberg(&p_values)) {
        survey.dimensions[i].explained = Some(Explained {
            anova,
            q_value,
            significant: q_value < significance,
        });
    }
}

/// The sums of a group's answers, each scored as its part in the figure, whose mean the figure
/// is: promoters 100, passives 0, detractors −100 (NPS); satisfied 100, others 0 (CSAT).
fn answer_sums(kind: Kind, groups: ScaleGroups) -> Sums {
    let (plus, minus) = match kind {
        Kind::Nps | Kind::Enps => (groups.top as f64, groups.bottom as f64),
        Kind::Csat { .. } => (groups.top as f64, 0.0),
    };
    (groups.n(), 100.0 * (plus - minus), 1e4 * (plus + minus))
}

/// The segment values whose change into their survey's latest period is significant after the
/// Benjamini-Hochberg adjustment over every segment tested, largest change first. Reads only what
/// the report shows, so it runs after `privacy`.
pub fn key_movers(report: &Report) -> Vec<Mover> {
    let mut candidates = Vec::new();
    for survey in &report.surveys {
        let Some(latest) = survey.periods_covered.map(|(_, last)| last) else {
            continue;
        };
        for dimension in &survey.dimensions {
            for value in &dimension.values {
                let Some(period) = value.periods.iter().find(|p| p.period == latest) else {
                    continue;
                };
                let (Some(scores), Some(change)) = (period.figure.shown(), period.change_previous)
                else {
                    continue;
                };
                candidates.push(Mover {
                    survey: survey.id.clone(),
                    dimension: dimension.id.clone(),
                    value: value.name.clone(),
                    slug: value.slug.clone(),
                    period: latest,
                    score: scores.score,
                    change,
                    q_value: 1.0,
                });
            }
        }
    }
    let p_values: Vec<f64> = candidates.iter().map(|m| m.change.p_value).collect();
    let mut movers: Vec<Mover> = candidates
        .into_iter()
        .zip(benjamini_hochberg(&p_values))
        .map(|(m, q_value)| Mover { q_value, ..m })
        .filter(|m| m.q_value < report.significance)
        .collect();
    movers.sort_by(|a, b| {
        b.change
            .difference
            .value
            .abs()
            .total_cmp(&a.change.difference.value.abs())
            .then_with(|| a.survey.cmp(&b.survey))
            .then_with(|| a.value.cmp(&b.value))
    });
    movers
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn survey(kind: &str, min_n: u64) -> Survey {
        let text = format!(
            "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"{kind}\"\nfiles = \"x.csv\"\nmin_n = {min_n}\ncolumns = {{ score = \"score\", date = \"date\" }}\n"
        );
        crate::config::parse(Path::new("c.toml"), &text)
            .unwrap()
            .surveys
            .remove(0)
    }

    fn figure(kind: &str, min_n: u64, counts: [u64; 11]) -> Figure {
        let survey = survey(kind, min_n);
        analyst(&survey).figure(&Tally::from_counts(counts))
    }

    fn analyst(survey: &Survey) -> Analyst<'_> {
        Analyst::new(survey, 0.95, 0.05)
    }

    /// A tally with `p` answers of 10, `m` of 7 and `d` of 0.
    fn nps_tally(p: u64, m: u64, d: u64) -> Tally {
        let mut counts = [0; 11];
        (counts[10], counts[7], counts[0]) = (p, m, d);
        Tally::from_counts(counts)
    }

    #[test]
    fn changes_group_scores_and_test_them() {
        // The worked example in stats: 40/30/30 → 55/25/20 is +25 with p = 0.0315.
        let survey = survey("nps", 30);
        let from = crate::period::Period::of(
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            crate::config::PeriodKind::Month,
        );
        let change = analyst(&survey)
            .change(from, &nps_tally(40, 30, 30), &nps_tally(55, 25, 20))
            .unwrap();
        assert_eq!(change.from, from);
        assert!((change.difference.value - 25.0).abs() < 1e-9);
        assert!((change.p_value - 0.03151).abs() < 1e-4);
        assert!(change.significant);
        // Too few answers on either side: no change is claimed.
        assert_eq!(
            analyst(&survey).change(from, &nps_tally(10, 5, 5), &nps_tally(55, 25, 20)),
            None
        );
    }

    #[test]
    fn nps_figure_groups_scores_by_hand_count() {
        // 2 answers of each score 0-10: detractors 0-6 = 14, passives 4, promoters 4, n = 22.
        // NPS = (4 − 14) / 22 × 100 = −45.4545…
        let Figure::Shown(s) = figure("nps", 1, [2; 11]) else {
            panic!()
        };
        assert_eq!(s.n, 22);
        assert_eq!((s.groups.top, s.groups.middle, s.groups.bottom), (4, 4, 14));
        assert!((s.score.value - (-45.454_545)).abs() < 1e-5);
        assert_eq!(s.distribution, vec![2; 11]);
        assert_eq!(s.mean, None);
    }

    #[test]
    fn csat_figure_is_top_two_box_and_mean() {
        // Scores 1..5 given 1, 2, 3, 4, 10 times: n = 20, satisfied = 14 → 70 %,
        // mean = (1 + 4 + 9 + 16 + 50) / 20 = 4.0.
        let Figure::Shown(s) = figure("csat", 1, [0, 1, 2, 3, 4, 10, 0, 0, 0, 0, 0]) else {
            panic!()
        };
        assert_eq!(s.n, 20);
        assert_eq!(s.score.value, 70.0);
        assert_eq!((s.groups.top, s.groups.middle, s.groups.bottom), (14, 3, 3));
        // s² = (1·9 + 2·4 + 3·1 + 4·0 + 10·1) / 19 = 30 / 19; t(0.975, 19) = 2.093024;
        // half-width 2.093024 · √(30 / 19) / √20 = 0.588089.
        let mean = s.mean.expect("CSAT has a mean");
        assert_eq!(mean.value, 4.0);
        assert!((mean.interval.low - 3.411911).abs() < 1e-5, "{mean:?}");
        assert!((mean.interval.high - 4.588089).abs() < 1e-5, "{mean:?}");
        assert_eq!(s.distribution, vec![1, 2, 3, 4, 10]);
    }

    #[test]
    fn too_few_answers_give_no_score() {
        assert_eq!(
            figure("nps", 30, [1; 11]),
            Figure::TooFew { n: 11 },
            "11 answers are below a minimum of 30"
        );
    }

    /// Comments by month over two years, 80 a month, and the theme "Main" in a quarter of them
    /// (20 a month), but in `last` a month in the last quarter.
    fn quarters_with_main(last: u64) -> TextReport {
        let mut text = crate::report::tests::text(24, |_| 80);
        for (_, counts) in &mut text.themes[0].periods[21..] {
            counts[0] = last;
        }
        text
    }

    #[test]
    fn a_themes_share_of_the_latest_period_is_compared_with_the_period_before() {
        // Quarters of 240 comments: "Main" in 60 of 2025-Q3's and in 120 of 2025-Q4's.
        let mut text = quarters_with_main(40);
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        let quarter = |id| Period::parse(id, PeriodKind::Quarter).unwrap();
        assert_eq!(
            text.compared,
            Some([quarter("2025-Q3"), quarter("2025-Q4")])
        );
        let change = text.themes[0].change.expect("Main is compared");
        // 50 % against 25 %: pooled 37.5 %, z = 0.25 / sqrt(0.375 × 0.625 × 2 / 240) = 5.657.
        assert!((change.difference.value - 25.0).abs() < 1e-9);
        let z: f64 = 0.25 / (0.375 * 0.625 * 2.0 / 240.0_f64).sqrt();
        assert!((z - 5.656_854).abs() < 1e-6);
        assert!(
            change.p_value < 1e-7 && change.p_value > 1e-9,
            "{}",
            change.p_value
        );
        // The only theme tested: the extras are mentioned in January 2024 alone.
        assert_eq!(change.q_value, change.p_value);
        assert!(change.significant);
        assert!(text.themes[1..].iter().all(|t| t.change.is_none()));
        // 20 a month in both: no difference, not significant.
        let mut text = quarters_with_main(20);
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        let change = text.themes[0].change.unwrap();
        assert_eq!((change.difference.value, change.significant), (0.0, false));
    }

    #[test]
    fn themes_are_compared_only_between_neighbouring_periods_with_enough_comments() {
        // The latest quarter (October 2025 alone) has 20 comments: nothing is compared, not
        // even the two quarters before it.
        let mut text = crate::report::tests::text(22, |i| if i == 21 { 20 } else { 80 });
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        assert_eq!(text.compared, None);
        assert!(text.themes.iter().all(|t| t.change.is_none()));
        // The quarter before the latest has no comments: nothing to compare it with.
        let mut text =
            crate::report::tests::text(24, |i| if (18..21).contains(&i) { 0 } else { 80 });
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        assert_eq!(text.compared, None);
        // Months of 250 comments are compared month by month.
        let mut text = crate::report::tests::text(24, |_| 250);
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        let month = |id| Period::parse(id, PeriodKind::Month).unwrap();
        assert_eq!(text.compared, Some([month("2025-11"), month("2025-12")]));
        assert_eq!(
            text.compared_year,
            Some([month("2024-12"), month("2025-12")])
        );
    }

    #[test]
    fn a_themes_share_of_the_latest_period_is_compared_with_a_year_earlier() {
        // 2025-Q4 against 2024-Q4: "Main" in 120 of 240 comments against 60 of 240, as against
        // 2025-Q3 (the test above): the same difference and p-value.
        let mut text = quarters_with_main(40);
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        let quarter = |id| Period::parse(id, PeriodKind::Quarter).unwrap();
        assert_eq!(
            text.compared_year,
            Some([quarter("2024-Q4"), quarter("2025-Q4")])
        );
        let (change, year) = (text.themes[0].change.unwrap(), text.themes[0].change_year);
        assert_eq!(year, Some(change));
        // Without comments a year earlier, no such comparison; the period before still is.
        let mut text = crate::report::tests::text(24, |i| if i < 12 { 0 } else { 80 });
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        assert!(text.compared.is_some());
        assert_eq!(text.compared_year, None);
        assert!(text.themes.iter().all(|t| t.change_year.is_none()));
        // Drawn by year (30 comments a quarter), the year before is the period before.
        let mut text = crate::report::tests::text(24, |_| 10);
        compare_periods(&mut text, PeriodKind::Month, 0.95, 0.05);
        let year = |id| Period::parse(id, PeriodKind::Year).unwrap();
        assert_eq!(text.compared, Some([year("2024"), year("2025")]));
        assert_eq!(text.compared_year, None);
    }

    #[test]
    fn a_themes_score_is_the_score_of_the_answers_whose_comments_mention_it() {
        let mut text = crate::report::tests::text(1, |_| 100);
        text.comments = [60, 20, 20];
        text.themes.truncate(3);
        // Mentioned by 10 promoters, 5 passives and 15 detractors: NPS (10 − 15) / 30 = −16.7;
        // the other 70 comments (50, 15, 5): NPS 45 / 70 = +64.3; the difference −81.0.
        text.themes[0].total = [10, 5, 15];
        // Nine mentions, and 95 of 100: too few on one side to score.
        text.themes[1].total = [5, 2, 2];
        text.themes[2].total = [57, 20, 18];
        score_text_themes(&mut text, Kind::Nps, 0.95, 0.05);
        let theme = &text.themes[0];
        let score = theme.score.expect("30 mentions and 70 others are enough");
        assert!((score.value - -50.0 / 3.0).abs() < 1e-9);
        let contrast = theme.vs_others.unwrap();
        assert!((contrast.difference.value - (-50.0 / 3.0 - 450.0 / 7.0)).abs() < 1e-9);
        // Adjusted as Rocks (2016): (p + ¾) / (n + 3) and (d + ¾) / (n + 3).
        let side = |p: f64, d: f64, n: f64| {
            let (p, d) = ((p + 0.75) / (n + 3.0), (d + 0.75) / (n + 3.0));
            (p - d, (p + d - (p - d) * (p - d)) / (n + 3.0))
        };
        let ((ours, var_ours), (theirs, var_theirs)) =
            (side(10.0, 15.0, 30.0), side(50.0, 5.0, 70.0));
        // By hand: −0.1515 (variance 0.02364) against 0.6164 (0.005398): z = −0.7679 / 0.17041.
        let z = (ours - theirs) / (var_ours + var_theirs).sqrt();
        assert!((z - -4.5068).abs() < 1e-3, "{z}");
        assert!((contrast.p_value - crate::stats::two_sided_p(z)).abs() < 1e-15);
        assert!(contrast.significant);
        // The only theme tested, so its p-value is its own adjusted one.
        assert_eq!(contrast.q_value, contrast.p_value);
        for theme in &text.themes[1..] {
            assert_eq!(
                (theme.score, theme.vs_others),
                (None, None),
                "{}",
                theme.name
            );
        }
        // For CSAT the score is the share of the top group: 10 of 30 against 50 of 70.
        score_text_themes(&mut text, Kind::CSAT, 0.95, 0.05);
        let theme = &text.themes[0];
        assert!((theme.score.unwrap().value - 100.0 / 3.0).abs() < 1e-9);
        let difference = theme.vs_others.unwrap().difference.value;
        assert!((difference - (100.0 / 3.0 - 500.0 / 7.0)).abs() < 1e-9);
    }
}
