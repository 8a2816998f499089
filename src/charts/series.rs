//! Charts along the scale or along time: trend, shares per period, distribution.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::events::{self, EventSlots};
use super::{
    Chart, DrawResult, FONT, Size, accessible, axis_number, palette, score_range, score_text,
    wide_and_narrow,
};
use crate::config::{Kind, PeriodKind};
use crate::locale::Texts;
use crate::period::Period;
use crate::render::format::PERCENT;
use crate::report::{GroupReport, Standing, SurveyReport};
use crate::stats::Estimate;

/// Height of the charts along time.
const HEIGHT: u32 = 300;

/// How big a trend chart is drawn: full size on a survey's page, compact on a summary card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendSize {
    /// [`Size::Wide`] and [`Size::Narrow`], 300 high.
    Full,
    /// [`Size::Card`], for cards.
    Compact,
}

/// A horizontal line drawn across a trend: a benchmark or a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Which line it is, which sets how it is drawn.
    pub kind: ReferenceKind,
    /// What it is, "Target 40 by Dec 2025": named in the chart's legend and description, not
    /// in the chart, where a label covers the score's line (a third of a phone's chart).
    pub label: String,
    /// Its value on the score's scale.
    pub value: f64,
}

/// The lines a trend can be measured against, each drawn its own way so the legend tells them
/// apart without colour alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// Long dark dashes.
    Target,
    /// Short grey dashes.
    Benchmark,
}

impl ReferenceKind {
    /// The legend's class, `key-target` or `key-benchmark` in the stylesheet, which draws the
    /// same dashes.
    pub fn class(self) -> &'static str {
        match self {
            ReferenceKind::Target => "target",
            ReferenceKind::Benchmark => "benchmark",
        }
    }

    /// Dash and gap in pixels, and colour.
    fn dashes(self) -> (u32, u32, RGBColor) {
        match self {
            ReferenceKind::Target => (10, 5, palette::TEXT),
            ReferenceKind::Benchmark => (3, 4, palette::MUTED),
        }
    }
}

/// The headline score per period, with its interval as a band; periods without a shown score
/// are left out (the line breaks there). `references` are drawn as dashed lines, and `context`
/// (a value's survey) as a grey line along the same periods. A period in which a value stands
/// above or below the rest of that period's answers gets a larger green or orange dot.
pub fn trend(
    t: &Texts,
    survey: &SurveyReport,
    group: &GroupReport,
    id: &str,
    size: TrendSize,
    references: &[Reference],
    context: Option<&GroupReport>,
) -> Option<Chart> {
    let labels: Vec<String> = group.periods.iter().map(|p| t.period(p.period)).collect();
    // A value's periods are among its survey's: the axis runs over the survey's, so the two
    // lines share it.
    let axis_group = context.unwrap_or(group);
    let axis = TimeAxis::new(
        &axis_group
            .periods
            .iter()
            .map(|p| p.period)
            .collect::<Vec<_>>(),
    );
    let points: Vec<(usize, Estimate)> = group
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.figure.shown().map(|s| (i, s.score)))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let placed: Vec<(usize, Estimate)> = (points.iter())
        .filter_map(|&(i, e)| Some((axis.slot(group.periods[i].period)?, e)))
        .collect();
    let standouts: Vec<(usize, f64, Standing)> = (points.iter())
        .filter_map(|&(i, e)| {
            let standing = group.periods[i].vs_rest?.standing();
            let slot = axis.slot(group.periods[i].period)?;
            (standing != Standing::Unclear).then_some((slot, e.value, standing))
        })
        .collect();
    // A card is too small for marks that its legend cannot explain.
    let events: Vec<EventSlots> = match size {
        TrendSize::Full => events::on_axis(&axis, &survey.events),
        TrendSize::Compact => Vec::new(),
    };
    let context_points: Vec<(usize, Estimate)> = (context.iter())
        .flat_map(|c| &c.periods)
        .filter_map(|p| Some((axis.slot(p.period)?, p.figure.shown()?.score)))
        .collect();
    let (floor, ceiling) = score_range(survey);
    let reference_values =
        (references.iter().map(|r| r.value)).chain(context_points.iter().map(|(_, e)| e.value));
    let low = points
        .iter()
        .map(|(_, e)| e.low)
        .chain(reference_values.clone())
        .fold(f64::INFINITY, f64::min);
    let high = points
        .iter()
        .map(|(_, e)| e.high)
        .chain(reference_values)
        .fold(f64::NEG_INFINITY, f64::max);
    let y_min = ((low / 10.0).floor() * 10.0 - 10.0).max(floor);
    let y_max = ((high / 10.0).ceil() * 10.0 + 10.0).min(ceiling);

    let draw = |svg: &mut String, size: Size| {
        let ticks = axis.ticks(t, size);
        let lines = TrendLines {
            points: &placed,
            context: &context_points,
            references,
            standouts: &standouts,
            events: &events,
        };
        draw_trend(t, svg, size, &ticks, &lines, (y_min, y_max))
    };
    let svgs = match size {
        TrendSize::Full => wide_and_narrow(draw)?,
        TrendSize::Compact => {
            let mut svg = String::new();
            draw(&mut svg, Size::Card).ok()?;
            (svg, None)
        }
    };

    let metric = survey.kind.metric();
    let (first, last) = (points[0], points[points.len() - 1]);
    let (lowest, highest) = extremes(&points);
    let mut description = t.fill(
        "chart.trend",
        &[
            ("metric", &metric),
            ("first", &score_text(survey, first.1.value)),
            ("first_period", &labels[first.0]),
            ("last", &score_text(survey, last.1.value)),
            ("last_period", &labels[last.0]),
            ("lowest", &score_text(survey, lowest.1.value)),
            ("lowest_period", &labels[lowest.0]),
            ("highest", &score_text(survey, highest.1.value)),
            ("highest_period", &labels[highest.0]),
        ],
    );
    if let (Some(context), Some(first), Some(last)) =
        (context, context_points.first(), context_points.last())
    {
        let label = |slot: usize| axis.periods.get(slot).map(|p| t.period(*p));
        description.push(' ');
        description.push_str(&t.fill(
            "chart.trend_context",
            &[
                ("group", &context.name),
                ("first", &score_text(survey, first.1.value)),
                ("first_period", &label(first.0).unwrap_or_default()),
                ("last", &score_text(survey, last.1.value)),
                ("last_period", &label(last.0).unwrap_or_default()),
            ],
        ));
    }
    for (standing, key) in [
        (Standing::Above, "chart.trend_above"),
        (Standing::Below, "chart.trend_below"),
    ] {
        let periods: Vec<String> = (standouts.iter())
            .filter(|s| s.2 == standing)
            .filter_map(|s| axis.periods.get(s.0).map(|p| t.period(*p)))
            .collect();
        if !periods.is_empty() {
            description.push(' ');
            description.push_str(&t.fill(key, &[("periods", &periods.join(", "))]));
        }
    }
    if !references.is_empty() {
        let lines: Vec<&str> = references.iter().map(|r| r.label.as_str()).collect();
        description.push(' ');
        description.push_str(&t.fill("chart.trend_lines", &[("lines", &lines.join("; "))]));
    }
    if !events.is_empty() {
        description.push_str(&events::description(t, &survey.events));
    }
    Some(accessible(
        svgs,
        &format!("{id}-trend"),
        &t.fill(
            "chart.trend_title",
            &[("metric", &metric), ("group", &group.name)],
        ),
        &description,
    ))
}

fn extremes(points: &[(usize, Estimate)]) -> ((usize, Estimate), (usize, Estimate)) {
    let by_value = |a: &&(usize, Estimate), b: &&(usize, Estimate)| a.1.value.total_cmp(&b.1.value);
    let lowest = *points.iter().min_by(by_value).unwrap_or(&points[0]);
    let highest = *points.iter().rev().max_by(by_value).unwrap_or(&points[0]);
    (lowest, highest)
}

/// What a trend draws: the group's scores, its survey's for context, reference lines, the
/// periods in which the group stands out from the rest (slot, score, standing), and events.
struct TrendLines<'a> {
    points: &'a [(usize, Estimate)],
    context: &'a [(usize, Estimate)],
    references: &'a [Reference],
    standouts: &'a [(usize, f64, Standing)],
    events: &'a [EventSlots],
}

fn draw_trend(
    t: &Texts,
    svg: &mut String,
    size: Size,
    labels: &[String],
    lines: &TrendLines<'_>,
    (y_min, y_max): (f64, f64),
) -> DrawResult {
    let (points, references) = (lines.points, lines.references);
    let height = if size == Size::Card { 160 } else { HEIGHT };
    let root = SVGBackend::with_string(svg, (size.width(), height)).into_drawing_area();
    let y_labels = if size == Size::Card { 4 } else { 6 };
    let mut chart = period_axes(t, &root, labels, (y_min, y_max), y_labels, "")?;
    let n = labels.len() as f64;
    for reference in references {
        let (dash, gap, colour) = reference.kind.dashes();
        chart.draw_series(DashedLineSeries::new(
            [(-0.5, reference.value), (n - 0.5, reference.value)],
            dash,
            gap,
            colour.stroke_width(2),
        ))?;
    }
    events::draw_spans(&mut chart, lines.events, (y_min, y_max))?;
    // The survey's line under the group's band and line, without a band of its own.
    for run in runs(lines.context) {
        chart.draw_series(LineSeries::new(
            run.iter().map(|(i, e)| (*i as f64, e.value)),
            palette::MIDDLE.stroke_width(2),
        ))?;
    }
    for run in runs(points) {
        let band: Vec<(f64, f64)> = run
            .iter()
            .map(|(i, e)| (*i as f64, e.high))
            .chain(run.iter().rev().map(|(i, e)| (*i as f64, e.low)))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(
            band,
            palette::BAND.mix(0.3).filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            run.iter().map(|(i, e)| (*i as f64, e.value)),
            palette::SCORE.stroke_width(3),
        ))?;
    }
    chart.draw_series(
        (dotted(&chart, points, 3).into_iter())
            .map(|(i, e)| Circle::new((*i as f64, e.value), 3, palette::SCORE.filled())),
    )?;
    // Ringed in white, so that a dot on the line or the band stays round.
    for &(i, value, standing) in lines.standouts {
        let colour = if standing == Standing::Above {
            palette::TOP
        } else {
            palette::BOTTOM
        };
        chart.draw_series([
            Circle::new((i as f64, value), 7, WHITE.filled()),
            Circle::new((i as f64, value), 5, colour.filled()),
        ])?;
    }
    events::draw_marks(&root, &chart, lines.events)?;
    root.present()?;
    Ok(())
}

/// The space around a period chart, on each side.
const MARGIN: u32 = 14;

/// The chart every period-by-period view shares: one slot per period on x (labelled where
/// `labels` has text), the score on y with horizontal grid lines, and a zero line when 0 is
/// inside the range. `unit` follows each y label.
pub(super) fn period_axes<'a, 'b>(
    t: &'a Texts,
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    labels: &'a [String],
    (y_min, y_max): (f64, f64),
    y_labels: usize,
    unit: &'a str,
) -> Result<PeriodChart<'a, 'b>, Box<dyn std::error::Error>> {
    root.fill(&WHITE)?;
    let n = labels.len();
    let mut chart = slot_chart(root, n, (y_min, y_max), 44)?;
    slot_axes(root, &chart, labels, y_labels, |y| {
        format!("{}{unit}", axis_number(t, y))
    })?;
    if y_min < 0.0 && y_max > 0.0 {
        chart.draw_series(LineSeries::new(
            [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            palette::MIDDLE.stroke_width(1),
        ))?;
    }
    Ok(chart)
}

/// How far a tick reaches out from its axis; a label's near edge is twice as far.
const TICK: i32 = 5;

/// A chart of `slots` slots on x, centred on 0, 1, …, and `y_range` on y, with the space for
/// its axes' labels left outside its plotting area: 30 pixels below, `y_label_width` to the
/// left. [`slot_axes`] draws them.
fn slot_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    slots: usize,
    (y_min, y_max): (f64, f64),
    y_label_width: u32,
) -> Result<PeriodChart<'a, 'b>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(root)
        .margin(MARGIN)
        .margin_bottom(MARGIN + 30)
        .margin_left(MARGIN + y_label_width)
        .build_cartesian_2d(-0.5..(slots as f64 - 0.5), y_min..y_max)?)
}

/// The axes of a [`slot_chart`]: a grid line at each of about `y_labels` round values on y,
/// labelled by `y_label`; a tick under every slot on x, and `x_labels` under the slots that
/// have one. Drawn here rather than by plotters' mesh, which draws a line per tick and a text
/// per slot, most of them empty: that was a fifth of the time spent rendering a segment's page
/// (docs/performance.md). Each axis and its ticks are one line, out and back at each tick;
/// a line's stroke is painted once where it runs over itself. The places and styles are the
/// mesh's, so the charts look as they did.
fn slot_axes(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    chart: &PeriodChart<'_, '_>,
    x_labels: &[String],
    y_labels: usize,
    y_label: impl Fn(f64) -> String,
) -> DrawResult {
    let style = (FONT, 15).into_font().color(&palette::TEXT);
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (left, right, top, bottom) = (xs.start, xs.end - 1, ys.start, ys.end - 1);
    let values = RangedCoordf64::from(chart.y_range()).key_points(y_labels);
    let row = |y: f64| chart.backend_coord(&(0.0, y)).1;
    for &y in &values {
        root.draw(&PathElement::new(
            [(left, row(y)), (right, row(y))],
            palette::GRID,
        ))?;
    }
    // The y axis just left of the plotting area, the x axis just below it.
    let (y_axis, x_axis) = (left - 1, bottom + 1);
    let mut line = vec![(y_axis, top)];
    for &y in values.iter().rev() {
        line.extend([(y_axis, row(y)), (y_axis - TICK, row(y)), (y_axis, row(y))]);
    }
    line.push((y_axis, bottom));
    root.draw(&PathElement::new(line, palette::MIDDLE))?;
    let right_centre = style.pos(Pos::new(HPos::Right, VPos::Center));
    for &y in &values {
        let at = (y_axis + 1 - 2 * TICK, row(y));
        root.draw(&Text::new(y_label(y), at, &right_centre))?;
    }
    let slot = |i: usize| chart.backend_coord(&(i as f64, 0.0)).0;
    let mut line = vec![(left, x_axis)];
    for i in 0..x_labels.len() {
        line.extend([
            (slot(i), x_axis),
            (slot(i), x_axis + TICK),
            (slot(i), x_axis),
        ]);
    }
    line.push((right, x_axis));
    root.draw(&PathElement::new(line, palette::MIDDLE))?;
    let centre_top = style.pos(Pos::new(HPos::Center, VPos::Top));
    for (i, label) in x_labels.iter().enumerate() {
        if !label.is_empty() {
            let at = (slot(i), x_axis + 2 * TICK);
            root.draw(&Text::new(label.as_str(), at, &centre_top))?;
        }
    }
    Ok(())
}

/// A chart with one slot per period on x and a score on y.
pub(super) type PeriodChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A line through `placed` (slot, value) points with a dot on each, broken where a slot is
/// missing: a period without a value is a gap, not a join.
pub(super) fn dotted_line(
    chart: &mut PeriodChart<'_, '_>,
    placed: &[(usize, f64)],
    colour: RGBColor,
    (width, radius): (u32, i32),
) -> DrawResult {
    for run in runs(placed) {
        chart.draw_series(LineSeries::new(
            run.iter().map(|&(x, y)| (x as f64, y)),
            colour.stroke_width(width),
        ))?;
    }
    chart.draw_series(
        (dotted(chart, placed, radius).into_iter())
            .map(|&(x, y)| Circle::new((x as f64, y), radius, colour.filled())),
    )?;
    Ok(())
}

/// The points of a line that get a dot of `radius`: all of them where slots are a dot's width
/// apart or more; else only those alone between gaps, which the line cannot show. Dots closer
/// than that run together into a lumpy line (three years of weeks on a phone are 2 px apart).
fn dotted<'p, T>(
    chart: &PeriodChart<'_, '_>,
    points: &'p [(usize, T)],
    radius: i32,
) -> Vec<&'p (usize, T)> {
    let (width, _) = chart.plotting_area().dim_in_pixel();
    let slots = chart.x_range();
    let apart = f64::from(width) / (slots.end - slots.start);
    if apart >= f64::from(2 * radius) {
        return points.iter().collect();
    }
    (runs(points).into_iter())
        .filter(|run| run.len() == 1)
        .flatten()
        .collect()
}

/// Runs of consecutive slots, so a gap (a period without a score) breaks the line.
pub(super) fn runs<T>(points: &[(usize, T)]) -> Vec<&[(usize, T)]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i].0 != points[i - 1].0 + 1 {
            runs.push(&points[start..i]);
            start = i;
        }
    }
    runs
}

/// The most slots an axis along time spreads over: 20 years of months.
const MAX_AXIS_SLOTS: usize = 240;

/// An axis along time: a slot for every period from the first to the last, so that a pause in
/// the survey shows as a gap, not as two neighbouring points joined by a line. An outlying date
/// decades away would squeeze the rest into a corner: past [`MAX_AXIS_SLOTS`] the axis has a
/// slot only for each period given.
#[derive(Debug, PartialEq)]
pub(super) struct TimeAxis {
    /// The axis's periods, in time order.
    pub(super) periods: Vec<Period>,
    /// The slot of each period given.
    pub(super) slots: Vec<usize>,
    /// Whether every period between the first and the last has its slot.
    continuous: bool,
}

impl TimeAxis {
    /// The axis of `periods`, which are in time order.
    pub(super) fn new(periods: &[Period]) -> Self {
        let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else {
            return Self::only(periods);
        };
        let span = (last.ordinal() - first.ordinal()) as usize + 1;
        if span > MAX_AXIS_SLOTS {
            return Self::only(periods);
        }
        TimeAxis {
            periods: std::iter::successors(Some(first), |p| Some(p.next()))
                .take(span)
                .collect(),
            slots: (periods.iter())
                .map(|p| (p.ordinal() - first.ordinal()) as usize)
                .collect(),
            continuous: true,
        }
    }

    /// The first and the last slot of the axis' periods from `first` to `last`, if any of them
    /// is on it.
    pub(super) fn slots_between(&self, (first, last): (Period, Period)) -> Option<(usize, usize)> {
        let mut within = (self.periods.iter().enumerate())
            .filter(|(_, p)| first <= **p && **p <= last)
            .map(|(slot, _)| slot);
        let start = within.next()?;
        Some((start, within.next_back().unwrap_or(start)))
    }

    /// The slot of `period`, if the axis has one.
    pub(super) fn slot(&self, period: Period) -> Option<usize> {
        let first = self.periods.first()?;
        if !self.continuous {
            return self.periods.iter().position(|p| *p == period);
        }
        let slot = usize::try_from(period.ordinal() - first.ordinal()).ok()?;
        (slot < self.periods.len() && period.kind == first.kind).then_some(slot)
    }

    fn only(periods: &[Period]) -> Self {
        TimeAxis {
            periods: periods.to_vec(),
            slots: (0..periods.len()).collect(),
            continuous: false,
        }
    }

    /// Labels for the axis's slots at `size`, as many as fit: on calendar boundaries, or for an
    /// axis that skips periods, at every n-th slot (calendar boundaries could fall on
    /// neighbouring slots). None runs past the chart's right edge.
    pub(super) fn ticks(&self, t: &Texts, size: Size) -> Vec<String> {
        let (max, axis) = (size.period_labels(), size.plot_width());
        let mut labels = if self.continuous {
            tick_labels(t, &self.periods, max, axis)
        } else {
            let n = self.periods.len().max(1);
            let widest = widest_label(t, &self.periods);
            let every = (n.div_ceil(max.max(1))..=n)
                .find(|&every| axis * every as f64 / n as f64 >= widest)
                .unwrap_or(n);
            let label = |(i, p): (usize, &Period)| {
                if i % every == 0 {
                    t.period(*p)
                } else {
                    String::new()
                }
            };
            self.periods.iter().enumerate().map(label).collect()
        };
        // A label is centred on its slot: on the last slots of a long axis, half of it can be
        // wider than the slot's rest and the margin, and the chart would cut it off.
        let n = labels.len() as f64;
        for (i, label) in labels.iter_mut().enumerate() {
            let room = axis * (n - i as f64 - 0.5) / n + f64::from(MARGIN);
            if label_width(label) / 2.0 > room {
                label.clear();
            }
        }
        labels
    }
}

/// Period labels for the x axis, thinned to at most `max` and to labels `axis` pixels wide hold
/// apart, on calendar boundaries (January and July, or Q1), so axes read like a calendar.
/// Periods without a label get an empty string.
pub(super) fn tick_labels(t: &Texts, periods: &[Period], max: usize, axis: f64) -> Vec<String> {
    let n = periods.len().max(1);
    let steps: &[i32] = match periods.first().map(|p| p.kind) {
        Some(PeriodKind::Week) => &[1, 2, 4, 8, 13, 26, 52],
        Some(PeriodKind::Month) => &[1, 2, 3, 6, 12, 24, 60],
        Some(PeriodKind::Quarter) => &[1, 2, 4, 8, 20],
        _ => &[1, 2, 5, 10, 20, 50],
    };
    let widest = widest_label(t, periods);
    let step = steps
        .iter()
        .copied()
        .find(|&s| n.div_ceil(s as usize) <= max && axis * f64::from(s) / n as f64 >= widest)
        .unwrap_or(steps[steps.len() - 1]);
    // Steps of a year or less fall on calendar boundaries; a longer step of months or quarters
    // counts from the axis's first January (or Q1), so that two-year steps label 2023 and 2025
    // rather than 2024 alone.
    let per_year = periods.first().map_or(1, |p| match p.kind {
        PeriodKind::Month => 12,
        PeriodKind::Quarter => 4,
        PeriodKind::Week | PeriodKind::Year => step,
    });
    let start = if periods.first().is_some_and(|p| p.kind == PeriodKind::Week) {
        // A year has 52 or 53 weeks: week steps count from the axis's first week 1, or else
        // from its first week.
        (periods.iter().find(|p| p.index == 1))
            .or(periods.first())
            .map_or(0, |p| p.ordinal())
    } else {
        match periods.iter().find(|p| p.ordinal() % per_year == 0) {
            Some(first_january) if step > per_year => first_january.ordinal(),
            _ => 0,
        }
    };
    periods
        .iter()
        .map(|p| {
            if (p.ordinal() - start).rem_euclid(step) == 0 {
                t.period(*p)
            } else {
                String::new()
            }
        })
        .collect()
}

/// The width of the widest period label, in pixels of the charts' 15 px axis text: "1. kvt.
/// 2025" takes half as much again as "Q1 2025", so a language with long labels gets fewer.
fn widest_label(t: &Texts, periods: &[Period]) -> f64 {
    (periods.iter())
        .map(|p| label_width(&t.period(*p)))
        .fold(0.0, f64::max)
}

/// The width of a label in pixels of the charts' 15 px axis text, as estimated from its
/// characters.
fn label_width(label: &str) -> f64 {
    (label.chars())
        .map(|c| match c {
            '0'..='9' => 9.5,
            ' ' | '.' | ',' => 4.8,
            'A'..='Z' => 9.0,
            _ => 8.5,
        })
        .sum()
}

/// Names of the scale's groups, best first.
pub fn group_names(t: &Texts, kind: Kind) -> [String; 3] {
    let keys = match kind {
        Kind::Nps | Kind::Enps => ["promoters", "passives", "detractors"],
        Kind::Csat { .. } => ["satisfied", "neutral", "dissatisfied"],
    };
    keys.map(|key| t.get(&format!("groups.{key}")).to_string())
}

/// Each period's answers split into the scale's three groups, as stacked 100 % bars.
pub fn shares(t: &Texts, survey: &SurveyReport, group: &GroupReport, id: &str) -> Option<Chart> {
    let labels: Vec<String> = group.periods.iter().map(|p| t.period(p.period)).collect();
    let periods: Vec<Period> = group.periods.iter().map(|p| p.period).collect();
    let bars: Vec<(usize, [f64; 3])> = group
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let s = p.figure.shown()?;
            let n = s.n as f64;
            let g = s.groups;
            Some((
                i,
                [
                    100.0 * g.top as f64 / n,
                    100.0 * g.middle as f64 / n,
                    100.0 * g.bottom as f64 / n,
                ],
            ))
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let axis = TimeAxis::new(&periods);
    let placed: Vec<(usize, [f64; 3])> = bars.iter().map(|&(i, b)| (axis.slots[i], b)).collect();
    let svgs = wide_and_narrow(|svg, size| {
        let ticks = axis.ticks(t, size);
        draw_shares(t, svg, size, &ticks, &placed)
    })?;
    let names = group_names(t, survey.kind).map(|n| n.to_lowercase());
    let (i, last) = bars[bars.len() - 1];
    let description = t.fill(
        "chart.shares",
        &[
            ("top", &names[0]),
            ("middle", &names[1]),
            ("bottom", &names[2]),
            ("period", &labels[i]),
            ("top_share", &format!("{:.0}{PERCENT}", last[0])),
            ("middle_share", &format!("{:.0}{PERCENT}", last[1])),
            ("bottom_share", &format!("{:.0}{PERCENT}", last[2])),
        ],
    );
    let title = t.fill(
        "chart.shares_title",
        &[
            ("top", &group_names(t, survey.kind)[0]),
            ("middle", &names[1]),
            ("bottom", &names[2]),
            ("group", &group.name),
        ],
    );
    Some(accessible(
        svgs,
        &format!("{id}-shares"),
        &title,
        &description,
    ))
}

fn draw_shares(
    t: &Texts,
    svg: &mut String,
    size: Size,
    labels: &[String],
    bars: &[(usize, [f64; 3])],
) -> DrawResult {
    let root = SVGBackend::with_string(svg, (size.width(), HEIGHT)).into_drawing_area();
    let n = labels.len();
    let mut chart = period_axes(t, &root, labels, (0.0, 100.0), 6, PERCENT)?;
    let half = if n > 24 { 0.42 } else { 0.35 };
    // Worst group at the bottom, so the detractor share reads from the axis.
    let colours = [palette::BOTTOM, palette::MIDDLE, palette::TOP];
    for (i, share) in bars {
        let x = *i as f64;
        let mut y0 = 0.0;
        for (value, colour) in [share[2], share[1], share[0]].into_iter().zip(colours) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, y0), (x + half, y0 + value)],
                colour.filled(),
            )))?;
            y0 += value;
        }
    }
    root.present()?;
    Ok(())
}

/// Answers per scale point, coloured by the group each point belongs to.
pub fn distribution(
    t: &Texts,
    survey: &SurveyReport,
    group: &GroupReport,
    id: &str,
) -> Option<Chart> {
    let scores = group.total.shown()?;
    let (low, _) = survey.kind.range();
    let svgs = wide_and_narrow(|svg, size| {
        draw_distribution(t, svg, size, survey.kind, low, &scores.distribution)
    })?;
    let counts: Vec<String> = scores
        .distribution
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}: {}", usize::from(low) + i, t.count(*c)))
        .collect();
    Some(accessible(
        svgs,
        &format!("{id}-dist"),
        &t.fill("chart.distribution_title", &[("group", &group.name)]),
        &t.fill("chart.distribution", &[("counts", &counts.join(", "))]),
    ))
}

fn draw_distribution(
    t: &Texts,
    svg: &mut String,
    size: Size,
    kind: Kind,
    low: u8,
    counts: &[u64],
) -> DrawResult {
    let root = SVGBackend::with_string(svg, (size.width(), 260)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = counts.len();
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let mut chart = slot_chart(&root, n, (0.0, max * 1.08), 52)?;
    let scores: Vec<String> = (0..n).map(|i| (usize::from(low) + i).to_string()).collect();
    slot_axes(&root, &chart, &scores, 5, |y| axis_number(t, y))?;
    for (i, count) in counts.iter().enumerate() {
        let score = low + i as u8;
        let colour = [palette::TOP, palette::MIDDLE, palette::BOTTOM][kind.group_of(score)];
        let x = i as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.38, 0.0), (x + 0.38, *count as f64)],
            colour.filled(),
        )))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(v: f64) -> Estimate {
        Estimate {
            value: v,
            low: v - 1.0,
            high: v + 1.0,
        }
    }

    #[test]
    fn runs_break_at_missing_periods() {
        let points = [
            (0, e(1.0)),
            (1, e(2.0)),
            (3, e(3.0)),
            (4, e(4.0)),
            (6, e(5.0)),
        ];
        let runs = runs(&points);
        let lengths: Vec<usize> = runs.iter().map(|r| r.len()).collect();
        assert_eq!(lengths, vec![2, 2, 1]);
    }
}

#[cfg(test)]
mod axis_tests {
    use super::*;
    use chrono::NaiveDate;

    fn month(year: i32, month: u32) -> Period {
        Period::of(
            NaiveDate::from_ymd_opt(year, month, 1).unwrap(),
            PeriodKind::Month,
        )
    }

    #[test]
    fn a_period_finds_its_slot_on_the_axis() {
        // A value's periods are placed on its survey's axis, months between included.
        let axis = TimeAxis::new(&[month(2024, 1), month(2024, 5)]);
        assert_eq!(axis.slot(month(2024, 1)), Some(0));
        assert_eq!(axis.slot(month(2024, 3)), Some(2));
        assert_eq!(axis.slot(month(2024, 5)), Some(4));
        assert_eq!(axis.slot(month(2023, 12)), None);
        assert_eq!(axis.slot(month(2024, 6)), None);
        let quarter = Period::of(
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            PeriodKind::Quarter,
        );
        assert_eq!(axis.slot(quarter), None, "another kind of period");
        // Past 240 slots the axis has the periods given only.
        let axis = TimeAxis::new(&[month(1924, 3), month(2024, 1)]);
        assert_eq!(axis.slot(month(2024, 1)), Some(1));
        assert_eq!(axis.slot(month(2000, 1)), None);
    }

    #[test]
    fn a_pause_in_the_survey_is_a_gap_on_the_axis() {
        // Answers January to April and September to December: May to August are empty slots,
        // so the line breaks there instead of joining April to September.
        let periods: Vec<Period> = [1, 2, 3, 4, 9, 10, 11, 12]
            .into_iter()
            .map(|m| month(2024, m))
            .collect();
        let axis = TimeAxis::new(&periods);
        assert!(axis.continuous);
        assert_eq!(axis.periods.len(), 12);
        assert_eq!(axis.slots, vec![0, 1, 2, 3, 8, 9, 10, 11]);
        let points: Vec<(usize, Estimate)> = axis
            .slots
            .iter()
            .map(|&slot| {
                (
                    slot,
                    Estimate {
                        value: 1.0,
                        low: 0.0,
                        high: 2.0,
                    },
                )
            })
            .collect();
        let lengths: Vec<usize> = runs(&points).iter().map(|r| r.len()).collect();
        assert_eq!(lengths, vec![4, 4]);
        // Across a year end, and in quarters.
        let axis = TimeAxis::new(&[month(2023, 11), month(2024, 2)]);
        assert_eq!((axis.periods.len(), axis.slots), (4, vec![0, 3]));
        let quarters: Vec<Period> = axis
            .periods
            .iter()
            .map(|p| p.within(PeriodKind::Quarter))
            .collect();
        let axis = TimeAxis::new(&[quarters[0], quarters[3]]);
        assert_eq!(axis.slots, vec![0, 1]);
    }

    #[test]
    fn an_outlying_date_keeps_the_axis_to_the_periods_given_with_labels_apart() {
        // One answer dated 1924 (a typo for 2024) would make 1,200 monthly slots.
        let mut periods = vec![month(1924, 3)];
        periods.extend((1..=12).map(|m| month(2024, m)));
        let axis = TimeAxis::new(&periods);
        assert!(!axis.continuous);
        assert_eq!(axis.slots, (0..13).collect::<Vec<_>>());
        let ticks = axis.ticks(crate::locale::Locale::En.texts(), Size::Wide);
        // Calendar boundaries put "Mar 1924" beside "Jan 2024", where their text overlapped.
        assert_eq!(ticks[0], "Mar 1924");
        assert_eq!(ticks[1], "");
        assert!(ticks.windows(2).all(|w| w[0].is_empty() || w[1].is_empty()));
        assert!(ticks.iter().filter(|l| !l.is_empty()).count() <= 8);
    }
}

#[cfg(test)]
mod tick_tests {
    use super::*;
    use chrono::NaiveDate;

    /// The dots `dotted_line` draws for `placed` on an axis of `slots` at `size`.
    fn dots(slots: usize, size: Size, placed: &[(usize, f64)]) -> usize {
        let t = crate::locale::Locale::En.texts();
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (size.width(), HEIGHT)).into_drawing_area();
            let labels = vec![String::new(); slots];
            let mut chart = period_axes(t, &root, &labels, (0.0, 100.0), 6, "").unwrap();
            dotted_line(&mut chart, placed, palette::SCORE, (3, 3)).unwrap();
            root.present().unwrap();
        }
        svg.matches("<circle").count()
    }

    #[test]
    fn dots_are_drawn_where_they_stay_apart_and_where_a_point_is_alone() {
        let every = |n: usize| -> Vec<(usize, f64)> { (0..n).map(|i| (i, 50.0)).collect() };
        // Three years of months on a phone: slots 7 px apart, a 6 px dot on each.
        assert_eq!(dots(36, Size::Narrow, &every(36)), 36);
        // Three years of weeks: 2 px apart on a phone and 4 on a desktop, no dots...
        assert_eq!(dots(157, Size::Narrow, &every(157)), 0);
        assert_eq!(dots(157, Size::Wide, &every(157)), 0);
        // ...but for a week alone between gaps, which the line cannot draw.
        let mut gapped = every(157);
        gapped.retain(|&(i, _)| i != 51 && i != 53);
        assert_eq!(dots(157, Size::Narrow, &gapped), 1);
    }

    #[test]
    fn every_slot_has_a_tick_and_only_labelled_slots_have_text() {
        let t = crate::locale::Locale::En.texts();
        let mut svg = String::new();
        let mut labels = vec![String::new(); 36];
        (labels[0], labels[12]) = ("Jan 2023".to_string(), "Jan <2024>".to_string());
        let slot = {
            let root = SVGBackend::with_string(&mut svg, (720, HEIGHT)).into_drawing_area();
            let chart = period_axes(t, &root, &labels, (0.0, 100.0), 6, "").unwrap();
            let slot: Vec<i32> = (0..36)
                .map(|i| chart.backend_coord(&(f64::from(i), 0.0)).0)
                .collect();
            root.present().unwrap();
            slot
        };
        // The y axis's six labels and the two periods', escaped.
        let texts: Vec<&str> = (svg.split("<text").skip(1))
            .map(|text| text.split(['>', '<']).nth(1).unwrap().trim())
            .collect();
        assert_eq!(texts.len(), 8, "{texts:?}");
        assert_eq!(texts[6..], ["Jan 2023", "Jan &lt;2024&gt;"]);
        for (label, x) in [("Jan 2023", slot[0]), ("Jan &lt;2024&gt;", slot[12])] {
            let placed = format!("x=\"{x}\" y=\"266\" dy=\"0.76em\" text-anchor=\"middle\"");
            assert!(svg.contains(&placed), "{label} is not at {placed}");
        }
        // One line: along the axis (y = 256) from the plotting area's left edge, 5 px down and
        // back up under each slot, to its right edge.
        let axis = (svg.split("<polyline").map(|l| l.split("points=\"").nth(1)))
            .find_map(|points| points.filter(|p| p.starts_with("58,256 ")))
            .unwrap();
        let mut expected = String::from("58,256 ");
        for x in &slot {
            expected += &format!("{x},256 {x},261 {x},256 ");
        }
        expected += "705,256 ";
        assert_eq!(&axis[..expected.len()], expected);
        assert!(slot.windows(2).all(|w| w[1] - w[0] == 18), "{slot:?}");
    }

    fn months(n: u32) -> Vec<Period> {
        (0..n)
            .map(|i| {
                let date = NaiveDate::from_ymd_opt(2023 + (i / 12) as i32, i % 12 + 1, 1).unwrap();
                Period::of(date, PeriodKind::Month)
            })
            .collect()
    }

    #[test]
    fn long_labels_get_fewer_ticks_and_long_steps_count_from_the_first_year() {
        let quarters: Vec<Period> = months(36)
            .iter()
            .map(|m| m.within(PeriodKind::Quarter))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let shown = |t: &Texts| -> Vec<String> {
            tick_labels(t, &quarters, 3, 220.0)
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect()
        };
        // A card's 220 px hold three "Q1 2023" (61 px each, 73 px apart), but not three
        // "1. kvt. 2023" (92 px): every other year, from the first.
        assert_eq!(
            shown(crate::locale::Locale::En.texts()),
            ["Q1 2023", "Q1 2024", "Q1 2025"]
        );
        assert_eq!(
            shown(crate::locale::Locale::Da.texts()),
            ["1. kvt. 2023", "1. kvt. 2025"]
        );
    }

    /// The labels shown, without the empty ones between them.
    fn shown(labels: &[String]) -> Vec<&str> {
        (labels.iter())
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn week_labels_count_from_the_first_week_1() {
        let weeks: Vec<Period> = (0..60)
            .map(|i| {
                let day = NaiveDate::from_ymd_opt(2024, 12, 2).unwrap() + chrono::Days::new(7 * i);
                Period::of(day, PeriodKind::Week)
            })
            .collect();
        let labels = tick_labels(crate::locale::Locale::En.texts(), &weeks, 8, 660.0);
        // 2 Dec 2024 is in week 49, four weeks before week 1 of 2025 (from 30 Dec 2024): eight
        // weeks apart, the labels fall on week 1 and every eighth week after it.
        assert_eq!(
            shown(&labels),
            vec![
                "W1 2025", "W9 2025", "W17 2025", "W25 2025", "W33 2025", "W41 2025", "W49 2025"
            ]
        );
    }

    #[test]
    fn no_label_runs_past_the_charts_right_edge() {
        let t = crate::locale::Locale::En.texts();
        // 54 weeks, W1 2025 to W1 2026: on a phone, labels every 26 weeks would put "W1 2026"
        // on the last slot, whose half is wider than the slot's rest and the margin.
        let weeks: Vec<Period> = (0..80)
            .map(|i| {
                let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(7 * i);
                Period::of(day, PeriodKind::Week)
            })
            .collect();
        let narrow = TimeAxis::new(&weeks[..54]).ticks(t, Size::Narrow);
        assert_eq!(shown(&narrow), vec!["W1 2025", "W27 2025"]);
        for size in [Size::Wide, Size::Narrow, Size::Card] {
            for n in 2..80 {
                let axis = size.plot_width();
                let ticks = TimeAxis::new(&weeks[..n]).ticks(t, size);
                for (i, label) in ticks.iter().enumerate() {
                    let centre = axis * (i as f64 + 0.5) / ticks.len() as f64;
                    assert!(
                        centre + label_width(label) / 2.0 <= axis + f64::from(MARGIN),
                        "{label} at {i} of {}",
                        ticks.len()
                    );
                }
            }
        }
    }

    #[test]
    fn thins_month_labels_to_calendar_boundaries() {
        let labels = tick_labels(crate::locale::Locale::En.texts(), &months(36), 8, 660.0);
        assert_eq!(
            shown(&labels),
            vec![
                "Jan 2023", "Jul 2023", "Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025"
            ]
        );
        assert_eq!(
            tick_labels(crate::locale::Locale::En.texts(), &months(5), 8, 660.0)
                .iter()
                .filter(|l| !l.is_empty())
                .count(),
            5
        );
    }
}
