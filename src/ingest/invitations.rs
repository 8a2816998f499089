//! Invitation counts: how many were asked, per period and optionally per segment value.
//!
//! A small CSV beside the answers: a `period` column (`2025-W05`, `2025-03`, `2025-Q1` or
//! `2025`, matching the survey's period), an `invited` column, and optionally any of the
//! survey's dimension columns. A row with every dimension column empty counts for the whole
//! survey; a row with one filled counts for that value.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Survey;
use crate::error::{Error, Place, Problem, Result};
use crate::period::Period;

/// Invitations per period: for the whole survey, and per (dimension index, value).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invitations {
    /// Whole-survey invitations per period.
    pub overall: BTreeMap<Period, u64>,
    /// Per dimension (configuration order): value → invitations per period.
    pub dimensions: Vec<BTreeMap<String, BTreeMap<Period, u64>>>,
}

/// Reads a survey's invitations file, relative to `root`.
pub fn read(root: &Path, survey: &Survey, file: &str) -> Result<Invitations> {
    let path = super::shown_path(root, file);
    let mut reader = csv::Reader::from_path(&path).map_err(|e| {
        Error::problem(
            Problem::new(format!("cannot read the invitations file: {e}"))
                .at(Place::file(&path))
                .hint("invitations is a path relative to the configuration file"),
        )
    })?;
    let headers = reader
        .headers()
        .map_err(|e| Error::problem(super::csv_problem(&path, &e)))?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
    };
    let (Some(period_col), Some(invited_col)) = (find("period"), find("invited")) else {
        return Err(Error::problem(
            Problem::new("the invitations file needs the columns \"period\" and \"invited\"")
                .at(Place::at(&path, 1, 1))
                .hint("e.g. period,invited,region with rows like 2025-03,1200,Oslo"),
        ));
    };
    let dimension_cols: Vec<Option<usize>> =
        survey.dimensions.iter().map(|d| find(&d.column)).collect();
    let mut invitations = Invitations {
        overall: BTreeMap::new(),
        dimensions: vec![BTreeMap::new(); survey.dimensions.len()],
    };
    let mut problems = Vec::new();
    let window = survey.window();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(super::csv_problem(&path, &e));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let at = |col: usize| super::field_place(&path, &headers, line, col);
        let raw_period = record.get(period_col).unwrap_or("").trim();
        let Some(period) = Period::parse(raw_period, survey.period) else {
            problems.push(
                Problem::new(format!(
                    "period \"{}\" is not a {} like {}",
                    raw_period.escape_debug(),
                    survey.period.name(),
                    survey.period.example()
                ))
                .at(at(period_col))
                .hint("periods in the invitations file must match the survey's period"),
            );
            continue;
        };
        // Invitations of periods the report leaves out would lower every response rate.
        if !window.contains(period) {
            continue;
        }
        let raw_invited = record.get(invited_col).unwrap_or("").trim();
        let Ok(invited) = raw_invited.parse::<u64>() else {
            problems.push(
                Problem::new(format!(
                    "invited \"{}\" is not a whole number",
                    raw_invited.escape_debug()
                ))
                .at(at(invited_col))
                .hint("the number of people asked, e.g. 1200"),
            );
            continue;
        };
        let filled: Vec<(usize, &str)> = dimension_cols
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, record.get((*c)?)?.trim())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        match filled.as_slice() {
            [] => *invitations.overall.entry(period).or_default() += invited,
            [(i, value)] => {
                *invitations.dimensions[*i]
                    .entry(value.to_string())
                    .or_default()
                    .entry(period)
                    .or_default() += invited
            }
            _ => problems.push(
                Problem::new("an invitations row names values of several dimensions")
                    .at(Place {
                        line: Some(line),
                        ..Place::file(&path)
                    })
                    .hint("give each dimension's invitations on rows of their own"),
            ),
        }
    }
    if problems.is_empty() {
        Ok(invitations)
    } else {
        Err(Error::Input(problems))
    }
}
