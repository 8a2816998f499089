//! Events on a chart along time: a line at the period of a day's event, a band over the periods
//! of one that lasted, and a numbered mark at the top that the list under the chart explains.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::series::{PeriodChart, TimeAxis};
use super::{DrawResult, FONT, palette};
use crate::locale::Texts;
use crate::report::EventReport;

/// The radius of an event's numbered mark at the top of its line.
const MARK_RADIUS: i32 = 9;

/// An event on a chart: the slots of the first and the last of its periods, and its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EventSlots {
    first: usize,
    last: usize,
    mark: usize,
}

/// The `events` some of whose periods are on `axis`, in their order.
pub(super) fn on_axis(axis: &TimeAxis, events: &[EventReport]) -> Vec<EventSlots> {
    (events.iter())
        .filter_map(|event| {
            let (first, last) = axis.slots_between(event.periods())?;
            Some(EventSlots {
                first,
                last,
                mark: event.mark,
            })
        })
        .collect()
}

/// Each event's line, or the band of the periods it lasted: drawn first, under everything else.
pub(super) fn draw_spans(
    chart: &mut PeriodChart<'_, '_>,
    events: &[EventSlots],
    (y_min, y_max): (f64, f64),
) -> DrawResult {
    for event in events {
        let (first, last) = (event.first as f64, event.last as f64);
        if event.first == event.last {
            // Solid: dashes would be an element each, dozens a line on every page.
            chart.draw_series(LineSeries::new(
                [(first, y_min), (first, y_max)],
                palette::MUTED.mix(0.5).stroke_width(1),
            ))?;
        } else {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(first - 0.5, y_min), (last + 0.5, y_max)],
                palette::MUTED.mix(0.15).filled(),
            )))?;
        }
    }
    Ok(())
}

/// One mark a period in which events begin (they share it), over its first slot at the top of
/// the chart: drawn last, over everything else.
pub(super) fn draw_marks(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    chart: &PeriodChart<'_, '_>,
    events: &[EventSlots],
) -> DrawResult {
    let style = (FONT, 15)
        .into_font()
        .color(&palette::TEXT)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let mut marks: Vec<EventSlots> = events.to_vec();
    marks.dedup_by_key(|event| event.mark);
    let y_max = chart.y_range().end;
    let xs: Vec<i32> = (marks.iter())
        .map(|event| chart.backend_coord(&(event.first as f64, y_max)).0)
        .collect();
    let top = chart.backend_coord(&(0.0, y_max)).1;
    for ((event, &x), row) in marks.iter().zip(&xs).zip(mark_rows(&xs)) {
        let at = (x, top + MARK_RADIUS + row * (2 * MARK_RADIUS + 2));
        let ring = palette::MUTED.stroke_width(1);
        root.draw(&Circle::new(at, MARK_RADIUS, WHITE.filled()))?;
        root.draw(&Circle::new(at, MARK_RADIUS, ring))?;
        root.draw(&Text::new(event.mark.to_string(), at, &style))?;
    }
    Ok(())
}

/// The row, from the top, of each event's mark at x positions `xs` (in order): the first row in
/// which it clears every mark before it, so that the marks of close periods (weeks on a phone)
/// stand one under the other instead of on top of each other.
fn mark_rows(xs: &[i32]) -> Vec<i32> {
    let mut placed: Vec<(i32, i32)> = Vec::new();
    for &x in xs {
        let clear = |row: i32| {
            (placed.iter()).all(|&(px, prow)| prow != row || (x - px).abs() > 2 * MARK_RADIUS)
        };
        let row = (0..).find(|&row| clear(row)).unwrap_or(0);
        placed.push((x, row));
    }
    placed.into_iter().map(|(_, row)| row).collect()
}

/// The sentence of a chart's description that names its events, " Events marked on the chart:
/// 1 (Q2 2024 – Q3 2024): Reorganisation.", or nothing without events.
pub(super) fn description(t: &Texts, events: &[EventReport]) -> String {
    if events.is_empty() {
        return String::new();
    }
    let marked: Vec<String> = (events.iter())
        .map(|e| {
            t.fill(
                "chart.trend_event",
                &[
                    ("mark", &e.mark),
                    ("period", &t.span(e.period, e.periods().1)),
                    ("label", &e.label),
                ],
            )
        })
        .collect();
    format!(
        " {}",
        t.fill("chart.trend_events", &[("events", &marked.join("; "))])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_of_close_events_stand_one_under_the_other() {
        // 18 px is a mark's width: 19 px apart clears it, 18 does not.
        assert_eq!(mark_rows(&[100, 119, 138]), [0, 0, 0]);
        assert_eq!(mark_rows(&[100, 110, 115, 300]), [0, 1, 2, 0]);
        // A later mark takes the first row free where it stands.
        assert_eq!(mark_rows(&[100, 110, 125]), [0, 1, 0]);
        assert_eq!(mark_rows(&[]), Vec::<i32>::new());
    }
}
