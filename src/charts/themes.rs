//! Each comment theme's share of a survey's comments, period by period: one line per theme.

use std::collections::BTreeMap;

use plotters::prelude::*;

use super::series::{TimeAxis, dotted_line, period_axes};
use super::{Chart, DrawResult, Size, accessible, wide_and_narrow};
use crate::config::PeriodKind;
use crate::locale::Texts;
use crate::render::format::{PERCENT, percent};
use crate::report::{MIN_PERIOD_COMMENTS, Report, SurveyReport, TextReport, typical_comments};

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
    /// The themes drawn (indices into the survey's themes) and their colours (indices into
    /// [`THEME_COLOURS`]): those the comments mention, the most mentioned when there are more
    /// than colours.
    pub drawn: Vec<(usize, usize)>,
    /// The periods drawn: the survey's, or quarters or years when its own have too few
    /// comments.
    pub kind: PeriodKind,
    /// The median number of comments of the periods drawn.
    pub typical: u64,
    /// The half-width, in percentage points, of the interval around a share of 50 % from
    /// `typical` comments at the report's confidence level: the widest any share has.
    pub margin: f64,
}

/// Each theme's share of each period's comments, in periods with at least
/// [`MIN_PERIOD_COMMENTS`] comments, of the kind [`TextReport::trend_kind`] picks; `None`
/// when it picks none.
pub fn themes_over_time(t: &Texts, report: &Report, survey: &SurveyReport) -> Option<ThemesChart> {
    let text = survey.text.as_ref()?;
    let kind = text.trend_kind(survey.period_kind)?;
    let periods = text.shown_periods(kind);
    let typical = typical_comments(&periods)?;
    let counted: Vec<&[String]> = report.surveys.iter().map(|s| &s.themes[..]).collect();
    let drawn = drawn_themes(text, &theme_colours(&report.themes, &counted));
    if drawn.is_empty() {
        return None;
    }
    // Per theme drawn, its comments in each period.
    let mentions: Vec<Vec<u64>> = (drawn.iter())
        .map(|&(theme, _)| {
            let sums = text.themes[theme].mentions_per(kind);
            (periods.iter())
                .map(|(p, _)| sums.get(p).map_or(0, |c| c.iter().sum()))
                .collect()
        })
        .collect();
    let lines: Vec<(usize, Vec<f64>)> = (drawn.iter().zip(&mentions))
        .map(|(&(_, colour), line)| {
            let shares = (line.iter().zip(&periods))
                .map(|(&n, &(_, comments))| 100.0 * n as f64 / comments as f64);
            (colour, shares.collect())
        })
        .collect();
    let highest = (lines.iter().flat_map(|(_, line)| line)).fold(0.0_f64, |a, &b| a.max(b));
    let top = ((highest / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
    let axis = TimeAxis::new(&periods.iter().map(|(p, _)| *p).collect::<Vec<_>>());
    let svgs = wide_and_narrow(|svg, size| draw(t, svg, size, &axis, &lines, top))?;
    let (latest, latest_comments) = periods[periods.len() - 1];
    let shares: Vec<String> = (drawn.iter().zip(&mentions))
        .map(|(&(theme, _), line)| {
            let share = percent(line[line.len() - 1], latest_comments);
            format!("{} {share}", text.themes[theme].name)
        })
        .collect();
    let description = t.fill(
        "chart.themes",
        &[
            ("min", &t.count(MIN_PERIOD_COMMENTS)),
            ("period", &t.period(latest)),
            ("shares", &shares.join(", ")),
        ],
    );
    let margin = 100.0 * crate::stats::z(report.confidence) * (0.25 / typical as f64).sqrt();
    Some(ThemesChart {
        chart: accessible(
            svgs,
            &format!("{}-themes", survey.id),
            &t.fill("chart.themes_title", &[("survey", &survey.title)]),
            &description,
        ),
        drawn,
        kind,
        typical,
        margin,
    })
}

/// The themes to draw, in configuration order, with their colours: every theme the survey's
/// comments mention (a line along zero would hide another), or, when there are more than
/// colours, the most mentioned (ties to the first configured). Each theme drawn takes its colour
/// from `colours` ([`theme_colours`]), the same on every survey's chart, when all have one;
/// else they take the colours in turn.
fn drawn_themes(text: &TextReport, colours: &BTreeMap<&str, usize>) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..text.themes.len())
        .filter(|&i| text.themes[i].total.iter().sum::<u64>() > 0)
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(text.themes[i].total.iter().sum::<u64>()));
    order.truncate(THEME_COLOURS.len());
    order.sort_unstable();
    let own: Option<Vec<usize>> = (order.iter())
        .map(|&theme| colours.get(text.themes[theme].name.as_str()).copied())
        .collect();
    let colours = own.unwrap_or_else(|| (0..order.len()).collect());
    order.into_iter().zip(colours).collect()
}

/// A colour for each of the report's themes (`all`) that can keep one on every chart, given the
/// themes each survey counts: in configuration order, each theme takes the first colour that no
/// earlier theme counted in one of its surveys has taken. Themes of different surveys share
/// colours; a theme left without one is not in the map.
fn theme_colours<'a>(all: &'a [String], surveys: &[&[String]]) -> BTreeMap<&'a str, usize> {
    let mut colours = BTreeMap::new();
    for name in all {
        let taken: Vec<usize> = (surveys.iter())
            .filter(|themes| themes.contains(name))
            .flat_map(|themes| themes.iter())
            .filter_map(|other| colours.get(other.as_str()).copied())
            .collect();
        if let Some(colour) = (0..THEME_COLOURS.len()).find(|c| !taken.contains(c)) {
            colours.insert(name.as_str(), colour);
        }
    }
    colours
}

fn draw(
    t: &Texts,
    svg: &mut String,
    size: Size,
    axis: &TimeAxis,
    lines: &[(usize, Vec<f64>)],
    top: f64,
) -> DrawResult {
    let root = SVGBackend::with_string(svg, (size.width(), 300)).into_drawing_area();
    let ticks = axis.ticks(t, size);
    let mut chart = period_axes(t, &root, &ticks, (0.0, top), 6, PERCENT)?;
    for (colour, line) in lines {
        let colour = THEME_COLOURS[*colour];
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
    use crate::report::tests::text;

    fn names(themes: &[&str]) -> Vec<String> {
        themes.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn with_more_themes_than_colours_the_most_mentioned_are_drawn() {
        let mut text = text(2, |_| 100);
        let all: Vec<String> = text.themes.iter().map(|t| t.name.clone()).collect();
        // Nine themes in one survey: the first seven keep colours, in configuration order.
        let colours = theme_colours(&all, &[&all]);
        assert_eq!(colours.len(), 7);
        assert_eq!((colours["Main"], colours["Extra 5"]), (0, 6));
        // "Main" and the six most mentioned extras are drawn; "Extra 0" and "Extra 1" (1 and 2
        // mentions) are not. Not all have a colour of their own, so they take them in turn.
        let themes = [0, 3, 4, 5, 6, 7, 8];
        assert_eq!(
            drawn_themes(&text, &colours),
            themes.into_iter().zip(0..7).collect::<Vec<_>>()
        );
        // A theme no comment mentions is never drawn, even with colours to spare, and the
        // others keep their own colours.
        text.themes.truncate(4);
        text.themes[2].total = [0; 3];
        assert_eq!(drawn_themes(&text, &colours), [(0, 0), (1, 1), (3, 3)]);
    }

    #[test]
    fn a_theme_keeps_its_colour_on_every_survey_and_surveys_apart_share_colours() {
        // The example's themes: four of customers', two of them support's too, with support's
        // own "Resolution", and three of employees'.
        let all = names(&[
            "Delivery",
            "Price",
            "Waiting",
            "Service",
            "Resolution",
            "Pay",
            "Workload",
            "Leadership",
        ]);
        let customers = names(&["Delivery", "Price", "Waiting", "Service"]);
        let support = names(&["Waiting", "Service", "Resolution"]);
        let employees = names(&["Pay", "Workload", "Leadership"]);
        let colours = theme_colours(&all, &[&customers, &support, &employees]);
        let expected = [
            ("Delivery", 0),
            ("Leadership", 2),
            ("Pay", 0),
            ("Price", 1),
            ("Resolution", 0),
            ("Service", 3),
            ("Waiting", 2),
            ("Workload", 1),
        ];
        assert_eq!(colours.clone().into_iter().collect::<Vec<_>>(), expected);
        // Within a survey no two themes share one.
        for survey in [&customers, &support, &employees] {
            let mut used: Vec<usize> = survey.iter().map(|n| colours[n.as_str()]).collect();
            used.sort_unstable();
            used.dedup();
            assert_eq!(used.len(), survey.len());
        }
        // Eight themes in one survey leave the eighth without a colour of its own; a ninth
        // that shares a survey with all but the first takes the first's.
        let many: Vec<String> = (0..9).map(|i| format!("T{i}")).collect();
        let colours = theme_colours(&many, &[&many[..8], &many[1..]]);
        assert_eq!(
            (colours.len(), colours.get("T7"), colours["T8"]),
            (8, None, 0)
        );
    }

    proptest::proptest! {
        /// Whatever themes the surveys share, no two themes of one survey get one colour, and
        /// each survey's chart draws its themes in distinct colours.
        #[test]
        fn a_surveys_themes_never_share_a_colour(
            counted in proptest::collection::vec(
                proptest::collection::btree_set(0..12usize, 1..10),
                1..5,
            ),
        ) {
            let all: Vec<String> = (0..12).map(|i| format!("T{i}")).collect();
            let surveys: Vec<Vec<String>> = (counted.iter())
                .map(|themes| themes.iter().map(|&i| all[i].clone()).collect())
                .collect();
            let slices: Vec<&[String]> = surveys.iter().map(|s| &s[..]).collect();
            let colours = theme_colours(&all, &slices);
            for survey in &surveys {
                let mut own: Vec<usize> =
                    survey.iter().filter_map(|n| colours.get(n.as_str()).copied()).collect();
                let n = own.len();
                own.sort_unstable();
                own.dedup();
                proptest::prop_assert_eq!(own.len(), n);
                // With no more themes in the whole report than colours, all keep one. (Fewer
                // in a survey are not enough: a survey's one theme may share another survey
                // with seven others that took every colour.)
                let used: std::collections::BTreeSet<&String> = surveys.iter().flatten().collect();
                if used.len() <= THEME_COLOURS.len() {
                    proptest::prop_assert_eq!(n, survey.len());
                }
                let mut text = text(1, |_| 100);
                text.themes.truncate(survey.len());
                for (theme, name) in text.themes.iter_mut().zip(survey) {
                    theme.name = name.clone();
                }
                let drawn = drawn_themes(&text, &colours);
                let mut drawn_colours: Vec<usize> = drawn.iter().map(|&(_, c)| c).collect();
                drawn_colours.sort_unstable();
                drawn_colours.dedup();
                proptest::prop_assert_eq!(drawn_colours.len(), drawn.len());
            }
        }
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
