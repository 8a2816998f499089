//! A customer score and an employee score over the same periods, as two lines.

use plotters::prelude::*;

use super::{Chart, DrawResult, Size, accessible, palette, wide_and_narrow};
use crate::locale::Texts;
use crate::report::{Comparison, Report};

/// Employees' line (Okabe & Ito's reddish purple), beside customers' blue.
pub const EMPLOYEES: RGBColor = RGBColor(204, 121, 167);

/// Both scores per shared period; `None` with fewer than two periods.
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
                    ("customers", &format!("{:.0}", p.customers)),
                    ("employees", &format!("{:.0}", p.employees)),
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
        &t.fill("chart.pairing", &[("values", &listed.join("; "))]),
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
    let root = SVGBackend::with_string(svg, (size.width(), 300)).into_drawing_area();
    // Period labels, thinned to what fits.
    let every = points.len().div_ceil(size.period_labels());
    let labels: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % every == 0 {
                t.period_id(&p.key, comparison.period_kind)
            } else {
                String::new()
            }
        })
        .collect();
    let mut chart = super::series::period_axes(&root, &labels, (y_min, y_max), 6, "")?;
    for (colour, value) in [
        (
            palette::SCORE,
            (|p| p.customers) as fn(&crate::report::PairedPoint) -> f64,
        ),
        (EMPLOYEES, |p| p.employees),
    ] {
        chart.draw_series(LineSeries::new(
            points.iter().enumerate().map(|(i, p)| (i as f64, value(p))),
            colour.stroke_width(3),
        ))?;
        chart.draw_series(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| Circle::new((i as f64, value(p)), 4, colour.filled())),
        )?;
    }
    root.present()?;
    Ok(())
}
