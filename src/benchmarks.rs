//! Published industry benchmarks: the shipped table, a project's own, and choosing a row.
//!
//! The table (`data/benchmarks.csv`, embedded) holds one published figure per row with its
//! source. Scales are never mixed: NPS and eNPS run from −100 to 100, and satisfaction indices
//! (ACSI, EPSI) are 0-100 model scores, not a top-2-box CSAT percentage, so they carry their own
//! metric names and are never compared with a CSAT survey.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Kind;
use crate::error::{Error, Place, Problem, Result};

/// The shipped table.
pub const BUILT_IN: &str = include_str!("../data/benchmarks.csv");

/// One published figure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Benchmark {
    /// `NPS`, `eNPS`, `CSAT` (top-2-box %), `ACSI` or `EPSI` (0-100 indices).
    pub metric: String,
    /// The industry as the source names it.
    pub industry: String,
    /// Where the respondents were.
    pub region: String,
    /// The year the data is from, when the source says.
    pub year: Option<i32>,
    /// The published value.
    pub value: f64,
    /// Who published it.
    pub source_name: String,
    /// Where.
    pub source_url: String,
    /// What to know about it.
    pub notes: String,
    /// `primary` (the publisher's own page) or `secondary` (quoted by someone else).
    pub quality: String,
}

/// What a survey asks for: `benchmark = { industry = "...", region = "...", year = ... }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The industry, matched without regard to case.
    pub industry: String,
    /// The preferred region; another region is used when this one has no figure.
    #[serde(default)]
    pub region: Option<String>,
    /// The preferred year; the closest is used.
    #[serde(default)]
    pub year: Option<i32>,
}

/// The benchmark metric a survey of `kind` can be compared with.
pub fn metric(kind: Kind) -> &'static str {
    match kind {
        Kind::Nps => "NPS",
        Kind::Enps => "eNPS",
        Kind::Csat { .. } => "CSAT",
    }
}

/// Parses a benchmark table; `file` names it in errors.
pub fn parse(file: &Path, text: &str) -> Result<Vec<Benchmark>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in reader.deserialize::<Benchmark>().enumerate() {
        let line = i as u64 + 2;
        match row {
            Ok(row) => match check(&row) {
                None => rows.push(row),
                Some(message) => problems.push(
                    Problem::new(message)
                        .at(Place::at(file, line, 1))
                        .hint("NPS and eNPS run from -100 to 100; ACSI, EPSI and CSAT from 0 to 100"),
                ),
            },
            Err(e) => problems.push(
                Problem::new(format!("cannot read this benchmark row: {e}"))
                    .at(Place::at(file, line, 1))
                    .hint("columns: metric,industry,region,year,value,source_name,source_url,notes,quality"),
            ),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Input(problems))
    }
}

/// What is wrong with a row, if anything.
fn check(row: &Benchmark) -> Option<String> {
    let (low, high) = match row.metric.as_str() {
        "NPS" | "eNPS" => (-100.0, 100.0),
        "CSAT" | "ACSI" | "EPSI" => (0.0, 100.0),
        other => return Some(format!("unknown benchmark metric \"{other}\"")),
    };
    if !(low..=high).contains(&row.value) {
        return Some(format!(
            "{} value {} is outside {low} to {high}",
            row.metric, row.value
        ));
    }
    if !row.source_url.starts_with("https://") && !row.source_url.starts_with("http://") {
        return Some(format!("benchmark \"{}\" has no source URL", row.industry));
    }
    None
}

/// Chooses the row for a request, by this rule: the survey's metric and the industry (ignoring
/// case) must match; then the requested region is preferred; then the year closest to the
/// requested one (or the latest, without one; rows without a year come last); then a primary
/// source over a secondary one; then the first in the table.
pub fn select<'t>(
    table: &'t [Benchmark],
    kind: Kind,
    request: &Request,
) -> std::result::Result<&'t Benchmark, String> {
    let metric = metric(kind);
    let candidates: Vec<&Benchmark> = table
        .iter()
        .filter(|b| b.metric == metric && b.industry.eq_ignore_ascii_case(&request.industry))
        .collect();
    if candidates.is_empty() {
        let mut known: Vec<&str> = table
            .iter()
            .filter(|b| b.metric == metric)
            .map(|b| b.industry.as_str())
            .collect();
        known.sort_unstable();
        known.dedup();
        return Err(if known.is_empty() {
            format!("the benchmark table has no {metric} figures")
        } else {
            format!(
                "no {metric} benchmark for industry \"{}\"; known: {}",
                request.industry,
                known.join(", ")
            )
        });
    }
    let year_distance = |b: &Benchmark| match (b.year, request.year) {
        (None, _) => (1, 0, 0),
        // Closest year; on a tie, the later one.
        (Some(y), Some(wanted)) => (0, (y - wanted).abs(), -y),
        (Some(y), None) => (0, 0, -y),
    };
    let region_miss = |b: &Benchmark| {
        request
            .region
            .as_ref()
            .is_some_and(|r| !b.region.eq_ignore_ascii_case(r))
    };
    let best = candidates
        .iter()
        .enumerate()
        .min_by_key(|(i, b)| (region_miss(b), year_distance(b), b.quality != "primary", *i))
        .map(|(_, b)| *b)
        .expect("candidates is not empty");
    Ok(best)
}

/// One row per industry of the survey's metric, each chosen by [`select`] with the request's
/// region and year, sorted by value (highest first).
pub fn industries(table: &[Benchmark], kind: Kind, request: &Request) -> Vec<Benchmark> {
    let mut names: Vec<&str> = table
        .iter()
        .filter(|b| b.metric == metric(kind))
        .map(|b| b.industry.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut rows: Vec<Benchmark> = names
        .into_iter()
        .filter_map(|industry| {
            let request = Request {
                industry: industry.to_string(),
                ..request.clone()
            };
            select(table, kind, &request).ok().cloned()
        })
        .collect();
    rows.sort_by(|a, b| b.value.total_cmp(&a.value));
    rows
}

/// Loads the table: the project's own file when given, else the shipped one.
pub fn load(root: &Path, own: Option<&str>) -> Result<Vec<Benchmark>> {
    match own {
        None => parse(Path::new("data/benchmarks.csv (built in)"), BUILT_IN),
        Some(file) => {
            let path = crate::ingest::shown_path(root, file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::problem(
                    Problem::new(format!("cannot read the benchmark table: {e}"))
                        .at(Place::file(&path))
                        .hint("benchmarks is a path relative to the configuration file"),
                )
            })?;
            parse(&path, &text)
        }
    }
}

/// Where a figure stands against a benchmark, judged by its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval is above the benchmark.
    Above,
    /// The whole interval is below the benchmark.
    Below,
    /// The interval includes the benchmark.
    InLineWith,
}

impl Verdict {
    /// "above", "below" or "in line with" only by the interval: the benchmark on an edge of the
    /// interval counts as inside it.
    pub fn of(low: f64, high: f64, benchmark: f64) -> Verdict {
        if low > benchmark {
            Verdict::Above
        } else if high < benchmark {
            Verdict::Below
        } else {
            Verdict::InLineWith
        }
    }

    /// The words for the verdict.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Above => "above",
            Verdict::Below => "below",
            Verdict::InLineWith => "in line with",
        }
    }

    /// A stable key: `above`, `below`, `in_line_with`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Above => "above",
            Verdict::Below => "below",
            Verdict::InLineWith => "in_line_with",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        industry: &str,
        region: &str,
        year: Option<i32>,
        quality: &str,
        value: f64,
    ) -> Benchmark {
        Benchmark {
            metric: "NPS".into(),
            industry: industry.into(),
            region: region.into(),
            year,
            value,
            source_name: "S".into(),
            source_url: "https://example.org/".into(),
            notes: String::new(),
            quality: quality.into(),
        }
    }

    fn request(industry: &str, region: Option<&str>, year: Option<i32>) -> Request {
        Request {
            industry: industry.into(),
            region: region.map(str::to_string),
            year,
        }
    }

    #[test]
    fn every_shipped_row_has_a_source_and_a_value_on_its_scale() {
        let table = parse(Path::new("built-in"), BUILT_IN).unwrap();
        assert!(table.len() >= 40);
        for b in &table {
            assert!(b.source_url.starts_with("http"), "{b:?}");
            assert!(!b.source_name.is_empty(), "{b:?}");
            assert!(b.quality == "primary" || b.quality == "secondary", "{b:?}");
            let (low, high) = if b.metric.ends_with("NPS") {
                (-100.0, 100.0)
            } else {
                (0.0, 100.0)
            };
            assert!((low..=high).contains(&b.value), "{b:?}");
        }
        // Satisfaction indices are never offered as a CSAT percentage.
        assert!(
            !table
                .iter()
                .any(|b| b.metric == "CSAT" && b.notes.contains("index"))
        );
        let nps_industries: std::collections::BTreeSet<&str> = table
            .iter()
            .filter(|b| b.metric == "NPS")
            .map(|b| b.industry.as_str())
            .collect();
        assert!(nps_industries.len() >= 15, "{nps_industries:?}");
        assert!(table.iter().filter(|b| b.metric == "eNPS").count() >= 3);
    }

    #[test]
    fn selection_prefers_region_then_closest_year_then_primary() {
        let table = vec![
            row("Retail", "US", Some(2022), "primary", 28.4),
            row("Retail", "US", Some(2023), "secondary", 29.0),
            row("Retail", "Nordic", Some(2019), "secondary", 40.0),
            row("Retail", "US", Some(2023), "primary", 30.0),
            row("Grocery", "US", Some(2023), "primary", 30.1),
        ];
        let pick = |r: Request| select(&table, Kind::Nps, &r).unwrap().value;
        // Latest year, then primary over secondary.
        assert_eq!(pick(request("retail", None, None)), 30.0);
        // The requested region wins over a later year elsewhere.
        assert_eq!(pick(request("Retail", Some("nordic"), None)), 40.0);
        // A region with no figure falls back to the others.
        assert_eq!(pick(request("Retail", Some("Japan"), None)), 30.0);
        // Closest year; 2022 is closer to 2021 than 2023 is.
        assert_eq!(pick(request("Retail", Some("US"), Some(2021))), 28.4);
    }

    #[test]
    fn an_unknown_industry_lists_the_known_ones() {
        let table = vec![
            row("Retail", "US", Some(2023), "primary", 30.0),
            row("Grocery", "US", None, "primary", 1.0),
        ];
        let err = select(&table, Kind::Nps, &request("Bakeries", None, None)).unwrap_err();
        assert_eq!(
            err,
            "no NPS benchmark for industry \"Bakeries\"; known: Grocery, Retail"
        );
        let err = select(&table, Kind::CSAT, &request("Retail", None, None)).unwrap_err();
        assert_eq!(err, "the benchmark table has no CSAT figures");
    }

    #[test]
    fn verdicts_follow_the_interval_with_edges_counting_as_inside() {
        assert_eq!(Verdict::of(31.0, 39.0, 30.0), Verdict::Above);
        assert_eq!(Verdict::of(30.0, 39.0, 30.0), Verdict::InLineWith);
        assert_eq!(Verdict::of(21.0, 29.0, 30.0), Verdict::Below);
        assert_eq!(Verdict::of(21.0, 30.0, 30.0), Verdict::InLineWith);
        assert_eq!(Verdict::of(25.0, 35.0, 30.0), Verdict::InLineWith);
        assert_eq!(Verdict::InLineWith.words(), "in line with");
    }

    #[test]
    fn a_bad_row_is_an_error_with_its_line() {
        let text = "metric,industry,region,year,value,source_name,source_url,notes,quality\n\
                    NPS,Retail,US,2023,130,S,https://x.org,,primary\n\
                    ACSI,Banks,US,,78,S,,,secondary\n";
        let Err(Error::Input(problems)) = parse(Path::new("own.csv"), text) else {
            panic!()
        };
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            shown[0].contains("NPS value 130 is outside -100 to 100"),
            "{shown:?}"
        );
        assert!(shown[0].contains("own.csv:2:1"), "{shown:?}");
        assert!(
            shown[1].contains("benchmark \"Banks\" has no source URL"),
            "{shown:?}"
        );
        assert!(shown[1].contains("own.csv:3:1"), "{shown:?}");
    }
}
