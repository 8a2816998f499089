//! A dimension's values side by side: a dot per value with its interval as a whisker, sorted.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Chart, DrawResult, FONT, Size, accessible, palette, score_range, score_text, wide_and_narrow,
};
use crate::locale::Texts;
use crate::report::{Breakdown, Contrast, DimensionReport, Figure, Standing, SurveyReport};
use crate::stats::Estimate;

const ROW: u32 = 30;

/// A comparison draws at most this many scored values (those that stand out from the rest
/// first, then the best and the worst), and at most `MAX_SMALL` of those with too few answers:
/// a dimension of 400 agents would otherwise be a chart 12,000 px tall. The table beside it
/// lists every value.
pub const MAX_ROWS: usize = 30;
const MAX_SMALL: usize = 10;

/// A scored row: name, score, answers, standing against the rest (its dot's colour: the top or
/// bottom group's when above or below; `Unclear` also when not compared).
type Scored<'a> = (&'a str, Estimate, u64, Standing);

/// What a comparison draws, top to bottom.
struct Rows<'a> {
    /// Values with a score, best first.
    scored: Vec<Scored<'a>>,
    /// Runs of values left out of `scored`: after how many of its rows, and how many values.
    gaps: Vec<(usize, usize)>,
    /// Values with too few answers for a score, with their counts.
    small: Vec<(&'a str, u64)>,
    /// How many more values with too few answers are left out.
    small_left_out: usize,
}

impl<'a> Rows<'a> {
    /// `scored` (best first) and `small`, cut to what a chart shows. Past `MAX_ROWS` values it
    /// keeps those that stand out from the rest, from the ends inwards, then the others from the
    /// ends inwards: without any that stand out, the best and the worst half each. The best and
    /// worst by score alone are often small groups whose interval is wide, while a large group
    /// that stands out is in the middle.
    fn new(scored: Vec<Scored<'a>>, mut small: Vec<(&'a str, u64)>) -> Self {
        let n = scored.len();
        let mut keep = vec![n <= MAX_ROWS; n];
        if n > MAX_ROWS {
            let ends_inwards = (0..n).map(|k| if k % 2 == 0 { k / 2 } else { n - 1 - k / 2 });
            let order = (ends_inwards.clone())
                .filter(|&i| scored[i].3 != Standing::Unclear)
                .chain(ends_inwards.filter(|&i| scored[i].3 == Standing::Unclear));
            for i in order.take(MAX_ROWS) {
                keep[i] = true;
            }
        }
        let mut gaps: Vec<(usize, usize)> = Vec::new();
        let mut kept = Vec::new();
        for (row, keep) in scored.into_iter().zip(&keep) {
            if *keep {
                kept.push(row);
            } else {
                match gaps.last_mut() {
                    Some((at, left_out)) if *at == kept.len() => *left_out += 1,
                    _ => gaps.push((kept.len(), 1)),
                }
            }
        }
        let small_left_out = small.len().saturating_sub(MAX_SMALL);
        small.truncate(MAX_SMALL);
        Rows {
            scored: kept,
            gaps,
            small,
            small_left_out,
        }
    }

    /// The row slot of scored value `i`: one lower for each gap before it.
    fn slot(&self, i: usize) -> usize {
        i + self.gaps.iter().filter(|(at, _)| *at <= i).count()
    }

    /// The row slot of gap `k`.
    fn gap_slot(&self, k: usize) -> usize {
        self.gaps[k].0 + k
    }

    /// Slots taken by the scored values and the gaps.
    fn scored_slots(&self) -> usize {
        self.scored.len() + self.gaps.len()
    }
}

/// The width of the names' column, and the characters a name is shortened to.
fn label_area(size: Size) -> (i32, usize) {
    match size {
        Size::Wide => (210, 26),
        Size::Narrow | Size::Card => (165, 18),
    }
}

/// A value as a comparison draws it: a dimension's value on its survey's page, or a value of a
/// breakdown on a value's page.
#[derive(Debug, Clone, Copy)]
pub struct Compared<'a> {
    /// The value's name.
    pub name: &'a str,
    /// Its figure over all periods.
    pub figure: &'a Figure,
    /// Where it stands against the rest, when compared.
    pub vs_rest: Option<&'a Contrast>,
}

impl<'a> Compared<'a> {
    /// The values of a survey's dimension.
    pub fn values(dimension: &'a DimensionReport) -> Vec<Self> {
        (dimension.values.iter())
            .map(|v| Compared {
                name: &v.name,
                figure: &v.total,
                vs_rest: v.vs_rest.as_ref(),
            })
            .collect()
    }

    /// The values of a value's breakdown by another dimension.
    pub fn breakdown(breakdown: &'a Breakdown) -> Vec<Self> {
        (breakdown.values.iter())
            .map(|v| Compared {
                name: &v.name,
                figure: &v.total,
                vs_rest: v.vs_rest.as_ref(),
            })
            .collect()
    }
}

/// The `values` (of the dimension titled `title`) with a shown score, best first, beside a
/// dashed line at `line`'s score (all answers of the survey, or of the value broken down), which
/// its sentence describes; values with too few answers are named in the description, hidden ones
/// are left out entirely.
pub fn comparison(
    t: &Texts,
    survey: &SurveyReport,
    title: &str,
    values: &[Compared],
    line: Option<(f64, String)>,
    id: &str,
) -> Option<Chart> {
    let mut rows: Vec<Scored> = values
        .iter()
        .filter_map(|v| {
            let s = v.figure.shown()?;
            let standing = v.vs_rest.map_or(Standing::Unclear, |c| c.standing());
            Some((v.name, s.score, s.n, standing))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(b.0)));
    let small: Vec<(&str, u64)> = values
        .iter()
        .filter_map(|v| match v.figure {
            Figure::TooFew { n } => Some((v.name, *n)),
            _ => None,
        })
        .collect();
    let too_few: Vec<&str> = small.iter().map(|(name, _)| *name).collect();
    let rows = Rows::new(rows, small);

    let overall = line.as_ref().map(|(score, _)| *score);
    let marks = Marks {
        overall,
        ..Marks::default()
    };
    let svgs = wide_and_narrow(|svg, size| draw(t, svg, size, survey, &rows, marks))?;

    let metric = survey.kind.metric();
    let mut listed: Vec<String> = rows
        .scored
        .iter()
        .map(|(name, e, n, _)| format!("{name} {} (n = {n})", score_text(survey, e.value)))
        .collect();
    for &(at, left_out) in rows.gaps.iter().rev() {
        listed.insert(at, t.fill("chart.more_values", &[("n", &left_out)]));
    }
    let dimension_name = title.to_lowercase();
    let mut description = t.fill(
        "chart.comparison",
        &[
            ("metric", &metric),
            ("dimension", &dimension_name),
            ("values", &listed.join("; ")),
        ],
    );
    if let Some((_, sentence)) = line {
        description.push(' ');
        description.push_str(&sentence);
    }
    if !too_few.is_empty() {
        description.push(' ');
        description.push_str(&t.fill(
            "chart.comparison_too_few",
            &[("values", &too_few.join(", "))],
        ));
    }
    Some(accessible(
        svgs,
        &format!("{id}-cmp"),
        &t.fill(
            "chart.comparison_title",
            &[("metric", &metric), ("dimension", &dimension_name)],
        ),
        &description,
    ))
}

/// The survey's figure for its benchmark year placed among one benchmark per industry.
pub fn industries(t: &Texts, survey: &SurveyReport, id: &str) -> Option<Chart> {
    let comparison = survey.benchmark.as_ref()?;
    let own = comparison.figure.shown()?;
    let own_name = t.fill("chart.this_survey", &[("period", &comparison.period)]);
    let names: Vec<String> = comparison
        .industries
        .iter()
        .map(|b| match b.year {
            Some(year) => format!("{} ({year})", b.industry),
            None => b.industry.clone(),
        })
        .collect();
    let mut rows: Vec<Scored> = comparison
        .industries
        .iter()
        .zip(&names)
        .map(|(b, name)| {
            let point = Estimate {
                value: b.value,
                low: b.value,
                high: b.value,
            };
            (name.as_str(), point, 0, Standing::Unclear)
        })
        .collect();
    let compared_name = (comparison.industries.iter())
        .position(|b| *b == comparison.benchmark)
        .map(|i| names[i].as_str());
    rows.push((own_name.as_str(), own.score, own.n, Standing::Unclear));
    rows.sort_by(|a, b| b.1.value.total_cmp(&a.1.value));
    let marks = Marks {
        own: rows.iter().position(|r| r.0 == own_name),
        compared: compared_name.and_then(|c| rows.iter().position(|r| r.0 == c)),
        overall: None,
    };
    let compared_mark = t.get("benchmark.compared");
    let listed: Vec<String> = rows
        .iter()
        .map(|(name, e, _, _)| {
            let value = score_text(survey, e.value);
            match compared_name {
                Some(c) if *name == c => format!("{name} {value} {compared_mark}"),
                _ => format!("{name} {value}"),
            }
        })
        .collect();
    let rows = Rows {
        scored: rows,
        gaps: Vec::new(),
        small: Vec::new(),
        small_left_out: 0,
    };
    let svgs = wide_and_narrow(|svg, size| draw(t, svg, size, survey, &rows, marks))?;
    let metric = survey.kind.metric();
    Some(accessible(
        svgs,
        &format!("{id}-industries"),
        &t.fill("chart.industries_title", &[("metric", &metric)]),
        &t.fill(
            "chart.industries",
            &[
                ("metric", &metric),
                ("period", &t.span(comparison.covers.0, comparison.covers.1)),
                ("values", &listed.join("; ")),
            ],
        ),
    ))
}

/// What a chart of rows draws apart from them.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// On the industries chart, the survey's own row: blue, with its interval, among grey dots.
    own: Option<usize>,
    /// On the industries chart, the benchmark the survey is compared with: dark.
    compared: Option<usize>,
    /// On a dimension's chart, the survey's figure over all its answers: a dashed line across
    /// the values, so that a reader sees which lie above it and which below.
    overall: Option<f64>,
}

fn draw(
    t: &Texts,
    svg: &mut String,
    size: Size,
    survey: &SurveyReport,
    rows: &Rows<'_>,
    marks: Marks,
) -> DrawResult {
    let small_slots = rows.small.len() + usize::from(rows.small_left_out > 0);
    let height = 50 + ROW * (rows.scored_slots() + small_slots) as u32;
    let root = SVGBackend::with_string(svg, (size.width(), height)).into_drawing_area();
    root.fill(&WHITE)?;
    let (floor, ceiling) = score_range(survey);
    let scored = &rows.scored;
    let low = (scored.iter().map(|r| r.1.low))
        .chain(marks.overall)
        .fold(f64::INFINITY, f64::min);
    let high = (scored.iter().map(|r| r.1.high))
        .chain(marks.overall)
        .fold(f64::NEG_INFINITY, f64::max);
    let x_min = ((low / 10.0).floor() * 10.0 - 10.0).max(floor);
    let x_max = ((high / 10.0).ceil() * 10.0 + 10.0).min(ceiling);
    draw_rows(t, &root, size, rows, (x_min, x_max), marks)?;
    // Groups too small for a score are still named, below the others, so none goes missing.
    let (left, name_chars) = label_area(size);
    let text = (FONT, 15).into_font().color(&palette::MUTED);
    let first = 12 + ROW as i32 * rows.scored_slots() as i32 + 40;
    for (i, (name, n)) in rows.small.iter().enumerate() {
        let y = first + ROW as i32 * i as i32;
        root.draw(&Text::new(
            shorten(name, name_chars),
            (left - 10, y),
            text.pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        root.draw(&Text::new(
            t.fill("chart.too_few", &[("n", n)]),
            (left, y),
            text.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    if rows.small_left_out > 0 {
        let y = first + ROW as i32 * rows.small.len() as i32;
        root.draw(&Text::new(
            t.fill("chart.more_values", &[("n", &rows.small_left_out)]),
            (left, y),
            text.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// Draws rows with explicit pixel geometry: plotters' category axes estimate text widths from
/// byte length, which misplaces Nordic labels, so names are drawn as plain right-aligned text.
fn draw_rows(
    t: &Texts,
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    size: Size,
    rows: &Rows<'_>,
    (x_min, x_max): (f64, f64),
    marks: Marks,
) -> DrawResult {
    let (left, name_chars) = label_area(size);
    let right = size.width() as i32 - 24;
    let top = 12;
    let to_x = |v: f64| left + ((v - x_min) / (x_max - x_min) * f64::from(right - left)) as i32;
    let centre = |slot: usize| top + ROW as i32 * slot as i32 + ROW as i32 / 2;
    let bottom = top + ROW as i32 * rows.scored_slots() as i32;
    let text = (FONT, 15).into_font().color(&palette::TEXT);
    // Grid and axis labels every 10 or 20 points, or more where a phone's narrow chart would
    // run "100" into "90": labels at least 34 px apart.
    let base = if x_max - x_min > 100.0 { 20.0 } else { 10.0 };
    let px_per_point = f64::from(right - left) / (x_max - x_min);
    let step = [10.0, 20.0, 25.0, 50.0, 100.0]
        .into_iter()
        .find(|&step| step >= base && step * px_per_point >= 34.0)
        .unwrap_or(100.0);
    let mut tick = (x_min / step).ceil() * step;
    while tick <= x_max + 1e-9 {
        let x = to_x(tick);
        let colour = if tick == 0.0 {
            palette::MIDDLE
        } else {
            palette::GRID
        };
        root.draw(&PathElement::new(vec![(x, top), (x, bottom)], colour))?;
        root.draw(&Text::new(
            crate::render::format::signed(tick, false),
            (x, bottom + 6),
            text.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        tick += step;
    }
    if let Some(overall) = marks.overall {
        // Dashed, under the whiskers and dots; the legend names it.
        let x = to_x(overall);
        for y in (top..bottom).step_by(8) {
            root.draw(&PathElement::new(
                vec![(x, y), (x, (y + 4).min(bottom))],
                palette::MUTED.stroke_width(2),
            ))?;
        }
    }
    for (k, &(_, left_out)) in rows.gaps.iter().enumerate() {
        root.draw(&Text::new(
            t.fill("chart.more_values", &[("n", &left_out)]),
            (left + 6, centre(rows.gap_slot(k))),
            (FONT, 15)
                .into_font()
                .color(&palette::MUTED)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    for (i, (name, estimate, _, standing)) in rows.scored.iter().enumerate() {
        let y = centre(rows.slot(i));
        let own = marks.own == Some(i);
        let compared = marks.compared == Some(i);
        let style = if own || compared {
            (FONT, 15, FontStyle::Bold)
                .into_font()
                .color(&palette::TEXT)
        } else {
            text.clone()
        };
        root.draw(&Text::new(
            shorten(name, name_chars),
            (left - 10, y),
            style.pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let (x_low, x_high) = (to_x(estimate.low), to_x(estimate.high));
        if x_high > x_low {
            root.draw(&PathElement::new(
                vec![(x_low, y), (x_high, y)],
                palette::BAND.stroke_width(3),
            ))?;
            for x in [x_low, x_high] {
                root.draw(&PathElement::new(
                    vec![(x, y - 6), (x, y + 6)],
                    palette::BAND.stroke_width(2),
                ))?;
            }
        }
        let (colour, radius) = match standing {
            _ if own => (palette::SCORE, 7),
            _ if compared => (palette::TEXT, 6),
            // Published figures around the survey's own.
            _ if marks.own.is_some() => (palette::MIDDLE, 5),
            Standing::Above => (palette::TOP, 6),
            Standing::Below => (palette::BOTTOM, 6),
            Standing::Unclear => (palette::SCORE, 6),
        };
        root.draw(&Circle::new(
            (to_x(estimate.value), y),
            radius,
            colour.filled(),
        ))?;
    }
    Ok(())
}

/// Cuts a long name to `max` characters with an ellipsis, on a character boundary.
fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let cut: String = name.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values named by their rank (`names[i]` is `i`), best first; those in `standing` are
    /// below the rest.
    fn ranked<'a>(names: &'a [String], standing: &[usize]) -> Vec<Scored<'a>> {
        (0..names.len())
            .map(|i| {
                let value = 100.0 - i as f64;
                let e = Estimate {
                    value,
                    low: value - 5.0,
                    high: value + 5.0,
                };
                let mark = if standing.contains(&i) {
                    Standing::Below
                } else {
                    Standing::Unclear
                };
                (names[i].as_str(), e, 50, mark)
            })
            .collect()
    }

    fn ranks(rows: &Rows<'_>) -> Vec<usize> {
        rows.scored.iter().map(|r| r.0.parse().unwrap()).collect()
    }

    #[test]
    fn past_thirty_values_a_chart_keeps_those_that_stand_out_then_the_ends() {
        let names: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        // None stands out: the 15 best and the 15 worst, one gap of 10 between.
        let rows = Rows::new(ranked(&names, &[]), Vec::new());
        let expected: Vec<usize> = (0..15).chain(25..40).collect();
        assert_eq!(ranks(&rows), expected);
        assert_eq!(rows.gaps, vec![(15, 10)]);
        assert_eq!(rows.scored_slots(), 31);
        // A large group in the middle stands out: it is kept, one of the worst makes room, and
        // the gap splits in two around it.
        let rows = Rows::new(ranked(&names, &[20]), Vec::new());
        let expected: Vec<usize> = (0..15).chain([20]).chain(26..40).collect();
        assert_eq!(ranks(&rows), expected);
        assert_eq!(rows.gaps, vec![(15, 5), (16, 5)]);
        assert_eq!(
            (rows.slot(14), rows.gap_slot(0), rows.slot(15)),
            (14, 15, 16)
        );
        assert_eq!(
            (rows.gap_slot(1), rows.slot(16), rows.scored_slots()),
            (17, 18, 32)
        );
        // Up to 30 values, all are kept.
        let rows = Rows::new(ranked(&names[..30], &[3]), Vec::new());
        assert_eq!((rows.scored.len(), rows.gaps.len()), (30, 0));
    }

    #[test]
    fn shortens_on_character_boundaries() {
        assert_eq!(shorten("Trøndelag", 20), "Trøndelag");
        assert_eq!(shorten("ææææææ", 4), "æææ…");
    }
}
