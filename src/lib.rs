//! cxreport turns survey exports into a static HTML report on customer and employee experience.
//!
//! The pipeline runs one way, one module per stage:
//! [`config`] → [`ingest`] → [`aggregate`] → [`analyse`] → [`privacy`] → [`charts`] → [`render`]
//! → [`site`]. The [`report::Report`] is the one contract between computing and showing.

pub mod aggregate;
pub mod analyse;
pub mod benchmarks;
pub mod charts;
pub mod columns;
pub mod config;
pub mod error;
pub mod gate;
pub mod ingest;
pub mod init;
pub mod locale;
pub mod period;
pub mod privacy;
pub mod redact;
pub mod render;
pub mod report;
pub mod serve;
pub mod site;
pub mod slots;
pub mod stats;
pub mod text;
pub mod text_stats;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;

use aggregate::{RunningTally, SurveyTally};
use analyse::SurveyData;
use config::Config;
use error::{Error, Problem, Result};
use report::Report;

/// What `build` did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Surveys in the report.
    pub surveys: usize,
    /// Answers counted (empty scores excluded).
    pub answers: u64,
    /// HTML pages written.
    pub pages: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// The report the site shows, shared so that a preview can render it again without reading
    /// the data again.
    pub report: Arc<Report>,
    /// Wall time of each stage, in order: read and compute (when the data was read), charts,
    /// pages (rendered and written), swapping in.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Builds the site for the configuration at `config_path` into `output` (default: `public`
/// beside the configuration).
pub fn build(config_path: &Path, output: Option<&Path>) -> Result<BuildSummary> {
    build_with(config_path, output, None, false)
}

/// [`build`], reporting the progress of reading large files; with `deny_warnings`, a
/// [warning](warnings) is an error and nothing is written.
pub fn build_with(
    config_path: &Path,
    output: Option<&Path>,
    progress: Option<&dyn ingest::Progress>,
    deny_warnings: bool,
) -> Result<BuildSummary> {
    let config = config::load(config_path)?;
    let output = output_folder(&config, output);
    // Refuse a dangerous output before spending time on the data.
    site::check_output(&output, &config.root)?;
    let start = std::time::Instant::now();
    let report = compute(&config, progress)?;
    if deny_warnings {
        warnings_as_errors(&report)?;
    }
    let read = start.elapsed();
    let mut summary = publish(&config, Arc::new(report), &output)?;
    summary.timings.insert(0, ("read and compute", read));
    Ok(summary)
}

/// Where a build writes: `output`, or `public` beside the configuration.
pub fn output_folder(config: &Config, output: Option<&Path>) -> PathBuf {
    output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| config.root.join("public"))
}

/// The stages after reading: draws the charts of `report`, renders its pages with the
/// project's narrative and templates, and swaps the new site in at `output`.
pub fn publish(config: &Config, report: Arc<Report>, output: &Path) -> Result<BuildSummary> {
    site::check_output(output, &config.root)?;
    let mut clock = Stopwatch::default();
    let charts = charts::draw(&report);
    clock.lap("charts");
    let content = render::markdown::load(&ingest::shown_path(&config.root, "content"), &report)?;
    let staging = site::Staging::create(output, &config.root)?;
    // Before the pages, so that the report's own files (its stylesheet) come last.
    site::copy_project_files(&staging, config)?;
    // metrics.json (22 MB for 400 agents over 36 months) is written while pages render: on its
    // own it took 0.04 s after them.
    let (pages, metrics) = rayon::join(
        || {
            render::render(config, &report, &charts, content, &|file| {
                staging.write(&file)
            })
        },
        || {
            staging.write_with("metrics.json", |out| {
                serde_json::to_writer_pretty(&mut *out, &*report)?;
                Ok(())
            })?;
            staging.write_with(render::spreadsheet::FILE, |out| {
                render::spreadsheet::write(&report, out)?;
                Ok(())
            })?;
            if !report.themes.is_empty() {
                staging.write_with(render::spreadsheet::THEMES_FILE, |out| {
                    render::spreadsheet::write_themes(&report, out)?;
                    Ok(())
                })?;
            }
            if report.has_drivers() {
                staging.write_with(render::spreadsheet::DRIVERS_FILE, |out| {
                    render::spreadsheet::write_drivers(&report, out)?;
                    Ok(())
                })?;
            }
            Ok(())
        },
    );
    let pages = pages?;
    metrics?;
    clock.lap("pages");
    staging.finish()?;
    clock.lap("swapping in");
    Ok(BuildSummary {
        surveys: report.surveys.len(),
        answers: answers(&report),
        pages,
        output: output.to_path_buf(),
        report,
        timings: clock.laps,
    })
}

/// Wall time per stage.
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Stopwatch {
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Validates the configuration and every data file, writing nothing; returns the report that
/// a build would render.
pub fn check(config_path: &Path) -> Result<(Config, Report)> {
    let config = config::load(config_path)?;
    let report = compute(&config, None)?;
    Ok((config, report))
}

/// Answers counted in a report.
pub fn answers(report: &Report) -> u64 {
    report
        .surveys
        .iter()
        .map(report::SurveyReport::answers)
        .sum()
}

/// The report's [warnings] as errors, for `--deny-warnings`: a pipeline that should stop when
/// the data looks wrong rather than publish it.
pub fn warnings_as_errors(report: &Report) -> Result<()> {
    let problems: Vec<Problem> = (warnings(report).into_iter())
        .map(|warning| {
            Problem::new(warning)
                .hint("--deny-warnings makes warnings errors: fix the data, or build without it")
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(problems))
    }
}

/// Years without an answer between two periods that have some, past which a date looks mistyped.
const SUSPICIOUS_GAP_YEARS: i32 = 5;

/// What looks wrong in the data without being an error, one sentence each: a survey without
/// answers, answers dated years apart from the rest (a date typed 1924 for 2024 stretches
/// every chart and "all answers" range), a latest period not over yet, a pulse survey read by
/// month or week, dimension values that differ only in case or spacing ("Oslo" and "OSLO"
/// split one group in two), and an event that no chart shows. No counts: the text may reach a
/// public CI log.
pub fn warnings(report: &Report) -> Vec<String> {
    let months = |p: period::Period| {
        let start = p.start();
        start.year() * 12 + start.month0() as i32
    };
    let mut warnings = Vec::new();
    for survey in &report.surveys {
        if matches!(survey.overall.total, report::Figure::TooFew { n: 0 }) {
            let why = if survey.skipped.contains_key(ingest::Skip::LeftOut.key()) {
                // A filter's value spelled otherwise than the file writes it leaves out all.
                "its filters (only, leave_out) left out every row read: are their values \
                 written as the file writes them? `cxreport columns FILE` lists a column's values"
            } else {
                "its files hold no row with a score"
            };
            warnings.push(format!(
                "survey \"{}\" has no answers yet: {why}",
                survey.id
            ));
        }
        let periods = &survey.overall.periods;
        for pair in periods.windows(2) {
            let (before, after) = (pair[0].period, pair[1].period);
            let years = (months(after) - months(before)) / 12;
            if years >= SUSPICIOUS_GAP_YEARS {
                warnings.push(format!(
                    "survey \"{}\" has answers in {}, then none until {} ({years} years later): \
                     is a date mistyped?",
                    survey.id,
                    before.label(),
                    after.label()
                ));
            }
        }
        warnings.extend(unfinished_period(survey));
        warnings.extend(rounds_in_short_periods(survey));
        for dimension in &survey.dimensions {
            warnings.extend(alike_values(&survey.id, dimension));
        }
    }
    for (date, label) in &report.unshown_events {
        warnings.push(format!(
            "event \"{}\" on {date} is outside the periods of every survey it is marked on, \
             so no chart shows it: is its date mistyped?",
            label.escape_debug()
        ));
    }
    warnings
}

/// A latest period whose answers stop well before it ends and number fewer than half the
/// period before's: most likely a period not over yet, whose figure and change would read as
/// news. Not told when `until` is set: the periods were chosen.
fn unfinished_period(survey: &report::SurveyReport) -> Option<String> {
    if survey.window.until.is_some() {
        return None;
    }
    let [.., before, last] = survey.overall.periods.as_slice() else {
        return None;
    };
    let (period, latest) = (last.period, survey.latest_answer?);
    let days = |to: chrono::NaiveDate| (to - period.start()).num_days() + 1;
    let covered = days(latest) as f64 / days(period.end()) as f64;
    let few = 2 * last.figure.answers()? < before.figure.answers()?;
    (covered < 0.8 && few && before.period == period.previous()).then(|| {
        format!(
            "survey \"{}\": its latest period, {}, has fewer than half the answers of {} and \
             they stop before it ends: if it is not over yet, add until = \"{}\" to the survey \
             to leave it out",
            survey.id,
            period.label(),
            before.period.label(),
            before.period
        )
    })
}

/// Answers that came in rounds months apart (a pulse survey) read by month or week: each
/// round is then a dot of its own on the charts, with no line between them, and a round's
/// change is measured against one a year earlier. Told when the periods with answers, start to
/// end, fall in rounds ([`columns::Rounds::of`], where a round across two months spans both).
fn rounds_in_short_periods(survey: &report::SurveyReport) -> Option<String> {
    use config::PeriodKind;
    if !matches!(survey.period_kind, PeriodKind::Week | PeriodKind::Month) {
        return None;
    }
    let periods = survey.overall.periods.iter();
    let rounds = columns::Rounds::of(periods.map(|p| (p.period.start(), p.period.end())))?;
    let (each, period) = (survey.period_kind.name(), rounds.period().name());
    Some(format!(
        "survey \"{}\" is read by {each}, but its answers came in rounds {}: each is a point \
         of its own on the charts, with empty {each}s between; period = \"{period}\" gives a \
         round a {period} and joins them in a line",
        survey.id,
        rounds.apart_words()
    ))
}

/// The warning for values of `dimension` that differ only in case or spacing, if any, with the
/// `recode` that merges the first such set into its most answered spelling.
fn alike_values(survey: &str, dimension: &report::DimensionReport) -> Option<String> {
    let mut spellings: std::collections::BTreeMap<String, Vec<&report::GroupReport>> =
        std::collections::BTreeMap::new();
    for value in &dimension.values {
        let words: Vec<&str> = value.name.split_whitespace().collect();
        let key = words.join(" ").to_lowercase();
        spellings.entry(key).or_default().push(value);
    }
    let mut alike = spellings.into_values().filter(|values| values.len() > 1);
    let first = alike.next()?;
    let more = alike.count();
    let quoted = |name: &str| format!("\"{}\"", name.escape_debug());
    let names: Vec<String> = first.iter().map(|v| quoted(&v.name)).collect();
    // Hidden groups have no count to pick by; they count as none. A tie keeps the first.
    let answers = |v: &report::GroupReport| match v.total {
        report::Figure::Shown(ref s) => s.n,
        report::Figure::TooFew { n } => n,
        report::Figure::Suppressed => 0,
    };
    let target = (first.iter().rev())
        .max_by_key(|v| answers(v))
        .map_or("", |v| &v.name);
    let recode: Vec<String> = (first.iter())
        .filter(|v| v.name != target)
        .map(|v| format!("{} = {}", quoted(&v.name), quoted(target)))
        .collect();
    Some(format!(
        "survey \"{survey}\": dimension \"{}\" has values that differ only in case or spacing: \
         {}{}; if they are one value, add recode = {{ {} }} to the dimension",
        dimension.id,
        names.join(", "),
        match more {
            0 => String::new(),
            n => format!(" (and {n} more such set{})", if n == 1 { "" } else { "s" }),
        },
        recode.join(", ")
    ))
}

/// The problem of a dimension with more values than its `max_values`.
fn too_many_values(config: &Config, survey: &config::Survey, dimension: usize) -> Problem {
    let dimension = &survey.dimensions[dimension];
    let max = dimension.max_values;
    Problem::new(format!(
        "survey \"{}\": dimension \"{}\" (column \"{}\") has more than {max} value{}",
        survey.id,
        dimension.id,
        dimension.column.escape_debug(),
        if max == 1 { "" } else { "s" }
    ))
    .at(error::Place::file(&config.file))
    .hint(format!(
        "each value is a group with its own page: is \"{}\" an id, an e-mail or free text? Map \
         a column with fewer values, or set max_values = N on the dimension",
        dimension.column.escape_debug()
    ))
}

/// Reads, tallies, analyses and protects: everything up to the finished `Report`.
/// A problem for each of a survey's files that looks like a tool's export, which the survey
/// sets no format for.
fn unset_formats(config: &Config, survey: &config::Survey) -> Vec<Problem> {
    (ingest::unset_formats(&config.root, survey).into_iter())
        .map(|(path, format)| {
            let shown = relative(&config.root, &path);
            Problem::new(format!(
                "{shown} looks like an export from {}, and survey \"{}\" sets no format",
                format.tool(),
                survey.id
            ))
            .at(error::Place::file(&shown))
            .hint(format!(
                "set format = \"{}\" in the survey: its header rows, usual columns and dates are \
                 then read as {} writes them",
                format.name(),
                format.tool()
            ))
        })
        .collect()
}

fn compute(config: &Config, progress: Option<&dyn ingest::Progress>) -> Result<Report> {
    let mut problems = Vec::new();
    let mut data = Vec::new();
    let needs_benchmarks = config.surveys.iter().any(|s| s.benchmark.is_some());
    let table = if needs_benchmarks {
        benchmarks::load(&config.root, config.benchmarks.as_deref())?
    } else {
        Vec::new()
    };
    for survey in &config.surveys {
        let benchmark = survey.benchmark.as_ref().and_then(|request| {
            match benchmarks::select(&table, survey.kind, request) {
                Ok(row) => Some((row.clone(), benchmarks::industries(&table, survey.kind, request))),
                Err(message) => {
                    problems.push(
                        Problem::new(format!("survey \"{}\": {message}", survey.id))
                            .at(error::Place::file(&config.file))
                            .hint("industry names are those of the benchmark table (see docs/benchmarks.md)"),
                    );
                    None
                }
            }
        });
        let themes = config.themes_of(&survey.id);
        let read = ingest::fold_survey(
            &config.root,
            survey,
            progress,
            || RunningTally::new(survey, &themes),
            |tally, row| tally.add(&row),
            RunningTally::merge,
        );
        let (mut tally, files) = match read {
            Ok((tally, files)) => {
                let over = tally.dimensions_over_limit();
                if !over.is_empty() {
                    problems.extend(over.iter().map(|&i| too_many_values(config, survey, i)));
                    continue;
                }
                (tally.finish(), files)
            }
            Err(Error::Input(mut survey_problems)) => {
                // The likely cause first: a tool's export read without its format.
                problems.extend(unset_formats(config, survey));
                problems.append(&mut survey_problems);
                continue;
            }
            Err(other) => return Err(other),
        };
        tally.add_empty(files.iter().map(|f| f.empty_scores).sum());
        let invitations = match &survey.invitations {
            None => None,
            Some(file) => match ingest::invitations::read(&config.root, survey, file) {
                Ok(invitations) => {
                    let place = ingest::shown_path(&config.root, file);
                    problems.extend(more_answers_than_invited(
                        survey,
                        &tally,
                        &invitations,
                        &place,
                    ));
                    Some(invitations)
                }
                Err(Error::Input(mut invitation_problems)) => {
                    problems.append(&mut invitation_problems);
                    None
                }
                Err(other) => return Err(other),
            },
        };
        let mut skipped = std::collections::BTreeMap::new();
        for (reason, count) in files.iter().flat_map(|f| &f.skipped) {
            *skipped.entry(reason.key().to_string()).or_default() += count;
        }
        // A skipped row was still a record of the file.
        tally.add_records(skipped.values().sum());
        data.push(SurveyData {
            tally,
            files: files
                .iter()
                .map(|f| report::FileReport {
                    path: relative(&config.root, &f.path),
                    source: report::SourceReport::from(&f.source),
                    header_rows: f.header_rows,
                    records: f.records,
                })
                .collect(),
            skipped,
            invitations,
            benchmark,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let report = analyse::analyse(config, &data, source_date()?);
    Ok(analyse::finish(privacy::protect(report), config))
}

/// A period or segment with more answers than invitations means the invitations file is wrong.
fn more_answers_than_invited(
    survey: &config::Survey,
    tally: &SurveyTally,
    invitations: &ingest::invitations::Invitations,
    file: &Path,
) -> Vec<Problem> {
    let groups = std::iter::once((String::new(), &tally.overall, &invitations.overall)).chain(
        survey
            .dimensions
            .iter()
            .zip(&tally.dimensions)
            .zip(&invitations.dimensions)
            .flat_map(|((dimension, groups), invited)| {
                invited.iter().filter_map(move |(value, periods)| {
                    let group = groups.get(value)?;
                    Some((
                        format!(" for {} \"{value}\"", dimension.title),
                        group,
                        periods,
                    ))
                })
            }),
    );
    let mut problems = Vec::new();
    for (what, group, invited) in groups {
        for (period, &invited) in invited {
            let answers = group.periods.get(period).map_or(0, |t| t.n());
            if answers > invited {
                problems.push(
                    Problem::new(format!(
                        "survey \"{}\" has {answers} answers in {period}{what} but {invited} invitations",
                        survey.id
                    ))
                    .at(error::Place::file(file))
                    .hint("check the invitations file: each period's count of people asked"),
                );
            }
        }
    }
    problems
}

/// A path relative to the project, with `/` separators, for the report; a path outside it (an
/// absolute `files` pattern) as it is.
fn relative(root: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return path.to_string_lossy().into_owned();
    };
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The date from `SOURCE_DATE_EPOCH` (reproducible builds), if set.
fn source_date() -> Result<Option<String>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let date = value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    match date {
        Some(date) => Ok(Some(date.date_naive().to_string())),
        None => Err(Error::problem(
            Problem::new(format!("SOURCE_DATE_EPOCH=\"{value}\" is not a Unix time"))
                .hint("set it to whole seconds since 1970, e.g. $(git log -1 --format=%ct)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_shown_relative_to_the_project_or_as_written_outside_it() {
        let root = Path::new("/work/report");
        let shown = |path: &str| relative(root, Path::new(path));
        assert_eq!(shown("/work/report/data/a.csv"), "data/a.csv");
        assert_eq!(shown("/work/report/../exports/a.csv"), "../exports/a.csv");
        // Not "//exports/a.csv", as each component joined by "/" gave.
        assert_eq!(shown("/exports/a.csv"), "/exports/a.csv");
    }
}
