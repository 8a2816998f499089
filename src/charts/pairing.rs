//! A customer score and an employee score over the same periods, as two lines.

use plotters::prelude::*;

use super::series::{TimeAxis, dotted_line, period_axes};
use super::{Chart, DrawResult, Size, accessible, events, palette, wide_and_narrow};
use crate::locale::Texts;
use crate::period::Period;
use crate::render::format::signed;
use crate::report::{Comparison, PairedPoint, Report};

/// Employees' line (Okabe & Ito's reddish purple), beside customers' blue.
pub const EMPLOYEES: RGBColor = RGBColor(204, 121, 167);

/// Both scores per shared period, and the events of either survey; `None` with fewer than two
/// periods.
pub fn pairing(t: &Texts, report: &Report, comparison: &Comparison, id: &str) -> Option<Chart> {
    let points = &comparison.over_time.points;
    if points.len() < 2 {
        return None;
    }
    let title = |survey: &str| {
        report
            .surveys
            .iter()
            .find(|s| s.id == survey)
            .map_or(survey.to_string(), |s| {
                format!("{} ({})", s.title, s.kind.metric())
            })
    };
    let (customers, employees) = (title(&comparison.customers), title(&comparison.employees));
    let low = points
        .iter()
        .flat_map(|p| [p.customers, p.employees])
        .fold(f64::INFINITY, f64::min);
    let high = points
        .iter()
        .flat_map(|p| [p.customers, p.employees])
        .fold(f64::NEG_INFINITY, f64::max);
    let range = (
        ((low / 10.0).floor() * 10.0 - 10.0).max(-100.0),
        ((high / 10.0).ceil() * 10.0 + 10.0).min(100.0),
    );
    let svgs = wide_and_narrow(|svg, size| draw(t, svg, size, comparison, range))?;
    let listed: Vec<String> = points
        .iter()
        .map(|p| {
            t.fill(
                "chart.pair",
                &[
                    ("period", &t.period_id(&p.key, comparison.period_kind)),
                    ("customers", &signed(p.customers, false)),
                    ("employees", &signed(p.employees, false)),
                ],
            )
        })
        .collect();
    Some(accessible(
        svgs,
        &format!("{id}-pair"),
        &t.fill(
            "chart.pairing_title",
            &[("customers", &customers), ("employees", &employees)],
        ),
        &(t.fill("chart.pairing", &[("values", &listed.join("; "))])
            + &events::description(t, &comparison.events)),
    ))
}

fn draw(
    t: &Texts,
    svg: &mut String,
    size: Size,
    comparison: &Comparison,
    (y_min, y_max): (f64, f64),
) -> DrawResult {
    let points = &comparison.over_time.points;
    let periods = (points.iter())
        .map(|p| Period::parse(&p.key, comparison.period_kind))
        .collect::<Option<Vec<Period>>>()
        .ok_or("a paired point's key is not a period")?;
    let axis = TimeAxis::new(&periods);
    let root = SVGBackend::with_string(svg, (size.width(), 300)).into_drawing_area();
    let ticks = axis.ticks(t, size);
    let mut chart = period_axes(t, &root, &ticks, (y_min, y_max), 6, "")?;
    let events = events::on_axis(&axis, &comparison.events);
    events::draw_spans(&mut chart, &events, (y_min, y_max))?;
    for (colour, value) in [
        (palette::SCORE, (|p| p.customers) as fn(&PairedPoint) -> f64),
        (EMPLOYEES, |p| p.employees),
    ] {
        let placed: Vec<(usize, f64)> = (axis.slots.iter().zip(points))
            .map(|(&x, p)| (x, value(p)))
            .collect();
        // A period one of the surveys has no score for is a gap, not a join.
        dotted_line(&mut chart, &placed, colour, (3, 4))?;
    }
    events::draw_marks(&root, &chart, &events)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PeriodKind;
    use crate::locale::Locale;
    use crate::report::Paired;

    #[test]
    fn a_period_without_both_scores_breaks_the_lines() {
        let point = |key: &str, customers, employees| PairedPoint {
            key: key.into(),
            customers,
            employees,
        };
        // 2024-Q3 is missing: each line is drawn as two runs, Q1–Q2 and Q4–Q1.
        let comparison = Comparison {
            customers: "c".into(),
            employees: "e".into(),
            period_kind: PeriodKind::Quarter,
            over_time: Paired {
                points: vec![
                    point("2024-Q1", 20.0, 10.0),
                    point("2024-Q2", 25.0, 12.0),
                    point("2024-Q4", 30.0, 14.0),
                    point("2025-Q1", 28.0, 16.0),
                ],
                correlation: None,
            },
            dimensions: Vec::new(),
            events: Vec::new(),
            note: None,
        };
        let report = Report {
            schema_version: 1,
            title: "t".into(),
            organisation: String::new(),
            locale: Locale::En,
            confidence: 0.95,
            data_until: None,
            timezone: None,
            significance: 0.05,
            redact: true,
            key_movers: Vec::new(),
            surveys: Vec::new(),
            comparisons: vec![comparison.clone()],
            themes: Vec::new(),
            unshown_events: Vec::new(),
        };
        let t = Locale::En.texts();
        let chart = pairing(t, &report, &comparison, "p").expect("a chart");
        for svg in std::iter::once(&chart.svg).chain(chart.narrow.as_ref()) {
            let lines = svg.matches("stroke-width=\"3\" points=").count();
            assert_eq!(lines, 4, "two runs for each of two lines");
        }
        // The wide chart labels every slot, Q3 among them; no point names it.
        assert!(chart.svg.contains("Q3 2024"));
        // Every point is drawn: four per line.
        assert_eq!(chart.svg.matches("<circle").count(), 8);
    }
}
