//! A customer score and an employee score over the same periods, as two lines.

use plotters::prelude::*;

use super::{Chart, FONT, accessible, palette};
use crate::report::{Comparison, Report};

/// Employees' line (Okabe & Ito's reddish purple), beside customers' blue.
pub const EMPLOYEES: RGBColor = RGBColor(204, 121, 167);

/// Both scores per shared period; `None` with fewer than two periods.
pub fn pairing(report: &Report, comparison: &Comparison, id: &str) -> Option<Chart> {
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
    let mut svg = String::new();
    draw(&mut svg, comparison, range).ok()?;
    let listed: Vec<String> = points
        .iter()
        .map(|p| format!("{}: {:.0} and {:.0}", p.key, p.customers, p.employees))
        .collect();
    Some(accessible(
        svg,
        &format!("{id}-pair"),
        &format!("{customers} and {employees} over time"),
        &format!(
            "Two lines per period, customers first, then employees: {}.",
            listed.join("; ")
        ),
    ))
}

fn draw(
    svg: &mut String,
    comparison: &Comparison,
    (y_min, y_max): (f64, f64),
) -> Result<(), Box<dyn std::error::Error>> {
    let points = &comparison.over_time.points;
    let root = SVGBackend::with_string(svg, (720, 300)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = points.len();
    let every = n.div_ceil(8);
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .x_label_area_size(30)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), y_min..y_max)?;
    let label_at = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 || !(i as usize).is_multiple_of(every) {
            return String::new();
        }
        points
            .get(i as usize)
            .map(|p| p.key.clone())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .axis_style(palette::MIDDLE)
        .x_labels(n)
        .x_label_formatter(&label_at)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 15).into_font().color(&palette::TEXT))
        .draw()?;
    if y_min < 0.0 && y_max > 0.0 {
        chart.draw_series(LineSeries::new(
            [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            palette::MIDDLE.stroke_width(1),
        ))?;
    }
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
