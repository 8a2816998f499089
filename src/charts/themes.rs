//! Each comment theme's share of a survey's comments, period by period: one line per theme.

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::series::{TimeAxis, dotted_line, period_axes};
use super::{Chart, DrawResult, Size, accessible, wide_and_narrow};
use crate::config::PeriodKind;
use crate::locale::Texts;
use crate::period::Period;
use crate::render::format::{PERCENT, percent};
use crate::report::{SurveyReport, TextReport};

/// A period is drawn only from this many comments: from fewer, one comment more or less moves
/// a share by several points.
pub const MIN_COMMENTS_DRAWN: u64 = 30;

/// The comments a typical period should have for its shares to be known to within about ±7
/// points (at 95 %). Periods with fewer are drawn as quarters or years when those have more.
const WANTED_COMMENTS: u64 = 200;

/// The themes' colours, in the order they are drawn (Okabe & Ito, without the yellow that is
/// too pale on white): blue, orange, reddish purple, bluish green, vermillion, sky blue, black.
/// The legend's `key-theme-N` classes in the stylesheet use the same.
pub const THEME_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

/// The themes' shares over time, and how far to trust one period's share.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemesChart {
    /// The chart.
    pub chart: Chart,
    /// The themes drawn (indices into the survey's themes), in the order of [`THEME_COLOURS`]:
    /// all of them, or the most mentioned when there are more themes than colours.
    pub drawn: Vec<usize>,
    /// The periods drawn: the survey's, or quarters or years when its own have too few
    /// comments.
    pub kind: PeriodKind,
    /// The median number of comments of the periods drawn.
    pub typical: u64,
    /// The half-width, in percentage points, of the interval around a share of 50 % from
    /// `typical` comments at the report's confidence level: the widest any share has.
    pub margin: f64,
}

/// A survey's comments and each drawn theme's, per period of one kind, in the periods with at
/// least [`MIN_COMMENTS_DRAWN`] comments.
struct Counts {
    kind: PeriodKind,
    periods: Vec<(Period, u64)>,
    /// Per theme drawn, its comments in each of `periods`.
    mentions: Vec<Vec<u64>>,
}

impl Counts {
    fn of(text: &TextReport, drawn: &[usize], kind: PeriodKind) -> Counts {
        let sum = |periods: &[(Period, [u64; 3])]| {
            let mut sums: BTreeMap<Period, u64> = BTreeMap::new();
            for (period, counts) in periods {
                *sums.entry(period.within(kind)).or_default() += counts.iter().sum::<u64>();
            }
            sums
        };
        let periods: Vec<(Period, u64)> = (sum(&text.periods).into_iter())
            .filter(|&(_, comments)| comments >= MIN_COMMENTS_DRAWN)
            .collect();
        let mentions = (drawn.iter())
            .map(|&theme| {
                let sums = sum(&text.themes[theme].periods);
                (periods.iter())
                    .map(|(p, _)| sums.get(p).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        Counts {
            kind,
            periods,
            mentions,
        }
    }

    /// The median period's comments.
    fn typical(&self) -> u64 {
        let mut counts: Vec<u64> = self.periods.iter().map(|&(_, n)| n).collect();
        counts.sort_unstable();
        counts[counts.len() / 2]
    }
}

/// Each theme's share of each period's comments, in periods with at least
/// [`MIN_COMMENTS_DRAWN`] comments: the survey's own periods, or the first of quarters and
/// years whose typical period has [`WANTED_COMMENTS`]; `None` without themes, or with fewer
/// than two periods to draw.
pub fn themes_over_time(
    t: &Texts,
    survey: &SurveyReport,
    confidence: f64,
    id: &str,
) -> Option<ThemesChart> {
    let text = survey.text.as_ref()?;
    if text.themes.is_empty() {
        return None;
    }
    let drawn = drawn_themes(text);
    let chosen = counts(text, &drawn, survey.period_kind)?;
    let typical = chosen.typical();
    let Counts {
        kind,
        periods,
        mentions,
    } = chosen;
    let lines: Vec<Vec<f64>> = (mentions.iter())
        .map(|line| {
            (line.iter().zip(&periods))
                .map(|(&n, &(_, comments))| 100.0 * n as f64 / comments as f64)
                .collect()
        })
        .collect();
    let highest = lines.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    let top = ((highest / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
    let axis = TimeAxis::new(&periods.iter().map(|(p, _)| *p).collect::<Vec<_>>());
    let svgs = wide_and_narrow(|svg, size| draw(t, svg, size, &axis, &lines, top))?;
    let (latest, latest_comments) = periods[periods.len() - 1];
    let shares: Vec<String> = (drawn.iter().zip(&mentions))
        .map(|(&theme, line)| {
            let share = percent(line[line.len() - 1], latest_comments);
            format!("{} {share}", text.themes[theme].name)
        })
        .collect();
    let description = t.fill(
        "chart.themes",
        &[
            ("min", &t.count(MIN_COMMENTS_DRAWN)),
            ("period", &t.period(latest)),
            ("shares", &shares.join(", ")),
        ],
    );
    let margin = 100.0 * crate::stats::z(confidence) * (0.25 / typical as f64).sqrt();
    Some(ThemesChart {
        chart: accessible(
            svgs,
            &format!("{id}-themes"),
            &t.fill("chart.themes_title", &[("survey", &survey.title)]),
            &description,
        ),
        drawn,
        kind,
        typical,
        margin,
    })
}

/// The counts to draw: per period of `finest` kind (the survey's), or of the first coarser kind
/// whose typical period has [`WANTED_COMMENTS`], or else of the coarsest with two periods to
/// draw; `None` when no kind has two.
fn counts(text: &TextReport, drawn: &[usize], finest: PeriodKind) -> Option<Counts> {
    let mut chosen = None;
    for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
        if kind < finest {
            continue;
        }
        let counts = Counts::of(text, drawn, kind);
        // Months with too few comments each can make quarters with enough.
        if counts.periods.len() < 2 {
            continue;
        }
        let enough = counts.typical() >= WANTED_COMMENTS;
        chosen = Some(counts);
        if enough {
            break;
        }
    }
    chosen
}

/// The themes to draw, in configuration order: every theme, or, when there are more themes than
/// colours, the most mentioned (ties to the first configured).
fn drawn_themes(text: &TextReport) -> Vec<usize> {
    let mut order: Vec<usize> = (0..text.themes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(text.themes[i].total.iter().sum::<u64>()));
    order.truncate(THEME_COLOURS.len());
    order.sort_unstable();
    order
}

fn draw(
    t: &Texts,
    svg: &mut String,
    size: Size,
    axis: &TimeAxis,
    lines: &[Vec<f64>],
    top: f64,
) -> DrawResult {
    let root = SVGBackend::with_string(svg, (size.width(), 300)).into_drawing_area();
    let ticks = axis.ticks(t, size);
    let mut chart = period_axes(t, &root, &ticks, (0.0, top), 6, PERCENT)?;
    for (line, colour) in lines.iter().zip(THEME_COLOURS) {
        let placed: Vec<(usize, f64)> = axis
            .slots
            .iter()
            .copied()
            .zip(line.iter().copied())
            .collect();
        // A period with too few comments is a gap, not a join.
        dotted_line(&mut chart, &placed, colour, (2, 3))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ThemeReport;

    /// A survey's comments over `months` months from January 2024, `per_month(i)` in month i
    /// (all promoters'), a quarter of them mentioning one theme, and eight more themes mentioned
    /// once, once more each than the one before.
    fn text(months: u32, per_month: impl Fn(u32) -> u64) -> TextReport {
        let month = |i: u32| {
            Period::parse(
                &format!("{}-{:02}", 2024 + i / 12, i % 12 + 1),
                PeriodKind::Month,
            )
            .unwrap()
        };
        let periods: Vec<(Period, [u64; 3])> = (0..months)
            .map(|i| (month(i), [per_month(i), 0, 0]))
            .collect();
        let mut themes = vec![ThemeReport {
            name: "Main".into(),
            total: [0; 3],
            periods: periods
                .iter()
                .map(|&(p, [n, ..])| (p, [n / 4, 0, 0]))
                .collect(),
            examples: Vec::new(),
        }];
        for extra in 0..8 {
            themes.push(ThemeReport {
                name: format!("Extra {extra}"),
                total: [extra + 1, 0, 0],
                periods: vec![(month(0), [extra + 1, 0, 0])],
                examples: Vec::new(),
            });
        }
        themes[0].total[0] = themes[0].periods.iter().map(|(_, c)| c[0]).sum();
        TextReport {
            comments: [periods.iter().map(|(_, c)| c[0]).sum(), 0, 0],
            themes,
            unthemed: None,
            periods,
            words: Default::default(),
        }
    }

    fn kind_and_periods(
        text: &TextReport,
        finest: PeriodKind,
    ) -> Option<(PeriodKind, Vec<String>)> {
        let counts = counts(text, &[0], finest)?;
        Some((
            counts.kind,
            counts.periods.iter().map(|(p, _)| p.to_string()).collect(),
        ))
    }

    #[test]
    fn periods_are_the_surveys_own_when_they_have_enough_comments() {
        let counts = counts(&text(6, |_| 200), &[0], PeriodKind::Month).unwrap();
        assert_eq!(counts.kind, PeriodKind::Month);
        assert_eq!(counts.periods.len(), 6);
        assert_eq!(counts.mentions, vec![vec![50; 6]]);
        assert_eq!(counts.typical(), 200);
    }

    #[test]
    fn too_few_comments_a_period_draw_quarters_then_years() {
        // 80 a month: quarters of 240.
        let (kind, periods) = kind_and_periods(&text(24, |_| 80), PeriodKind::Month).unwrap();
        assert_eq!(kind, PeriodKind::Quarter);
        assert_eq!(periods.len(), 8);
        // 20 a month (no month drawn): quarters of 60 are too few, years of 240 are not.
        let (kind, periods) = kind_and_periods(&text(24, |_| 20), PeriodKind::Month).unwrap();
        assert_eq!(
            (kind, periods),
            (PeriodKind::Year, vec!["2024".into(), "2025".into()])
        );
        // One year of it: quarters, the coarsest with two periods.
        let (kind, periods) = kind_and_periods(&text(12, |_| 20), PeriodKind::Month).unwrap();
        assert_eq!((kind, periods.len()), (PeriodKind::Quarter, 4));
        // A quarterly survey is never drawn by month.
        let (kind, _) = kind_and_periods(&text(24, |_| 250), PeriodKind::Quarter).unwrap();
        assert_eq!(kind, PeriodKind::Quarter);
        // Nothing to draw from one period.
        assert!(kind_and_periods(&text(3, |_| 500), PeriodKind::Quarter).is_none());
    }

    #[test]
    fn a_period_with_too_few_comments_is_a_gap() {
        // Month 3 has 29 comments: left out, the others drawn by month.
        let text = text(6, |i| if i == 3 { 29 } else { 400 });
        let counts = counts(&text, &[0], PeriodKind::Month).unwrap();
        let drawn: Vec<String> = counts.periods.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            drawn,
            ["2024-01", "2024-02", "2024-03", "2024-05", "2024-06"]
        );
        assert_eq!(counts.mentions[0], [100, 100, 100, 100, 100]);
    }

    #[test]
    fn with_more_themes_than_colours_the_most_mentioned_are_drawn() {
        // "Main" and the six most mentioned extras; "Extra 0" and "Extra 1" (1 and 2) are not.
        assert_eq!(drawn_themes(&text(2, |_| 100)), [0, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn the_legends_colours_are_the_lines() {
        let css = include_str!("../../templates/static/style.css");
        for (i, RGBColor(r, g, b)) in THEME_COLOURS.iter().enumerate() {
            let rule = format!(".key-theme-{i}::before {{ background: #{r:02x}{g:02x}{b:02x}; }}");
            assert!(css.contains(&rule), "{rule}");
        }
    }
}
