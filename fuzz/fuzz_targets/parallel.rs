//! Any bytes read in chunks on several workers give what reading them in order gives: the same
//! tallies (counts, comment samples, words), file summaries and problems, chunk boundaries
//! falling anywhere. And `cxreport columns` describes the same file without a panic, suggesting
//! a survey that is a valid configuration.
#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use cxreport::aggregate::{RunningTally, SurveyTally};
use cxreport::config::{Config, Survey};
use cxreport::error::{Error, Problem};
use cxreport::ingest::{self, FileSummary, Format};
use libfuzzer_sys::fuzz_target;

/// Four surveys of one file, with a comment theme, counted in Oslo's time zone: strict; lenient with three header rows and
/// labelled scores; one that counts a response id seen twice once and leaves out Oslo's rows
/// (whose ids do not count); and a lenient tallied export (each row stands for the answers in
/// its `n` column) of Oslo's and Bergen's rows only.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        common::project(
            r#"
title = "fuzz"
timezone = "Europe/Oslo"
[[theme]]
name = "Price"
keywords = ["pris", "dyr", "ß"]
[[survey]]
id = "strict"
title = "S"
kind = "nps"
files = "x.csv"
columns = { score = "score", date = "date", comment = "comment" }
dimensions = [{ title = "Region", column = "region" }]
[[survey]]
id = "lenient"
title = "L"
kind = "csat"
files = "x.csv"
header_rows = 3
on_invalid = "skip"
score_text = "leading-number"
columns = { score = "score", date = "date", comment = "comment" }
dimensions = [{ title = "Region", column = "region" }, { title = "Team", column = "team" }]
[[survey]]
id = "ids"
title = "I"
kind = "nps"
files = "x.csv"
columns = { score = "score", date = "date", comment = "comment", response_id = "id" }
dimensions = [{ title = "Region", column = "region" }]
leave_out = { region = "Oslo" }
[[survey]]
id = "tallied"
title = "T"
kind = "nps"
files = "x.csv"
on_invalid = "skip"
columns = { score = "score", date = "day", count = "n" }
dimensions = [{ title = "Region", column = "region" }]
only = { region = ["Oslo", "Bergen"] }
"#,
        )
    })
}

type Read = Result<(SurveyTally, Vec<FileSummary>), Vec<Problem>>;

fn outcome(read: Result<(RunningTally, Vec<FileSummary>), Error>) -> Read {
    match read {
        Ok((tally, files)) => Ok((tally.finish(), files)),
        Err(Error::Input(problems)) => Err(problems),
        Err(other) => panic!("not an input problem: {other}"),
    }
}

fn in_order(config: &Config, survey: &Survey) -> Read {
    let mut tally = RunningTally::new(survey, &config.themes);
    let read = ingest::read_survey(&config.root, survey, |row| tally.add(&row));
    outcome(read.map(|files| (tally, files)))
}

fn in_parallel(config: &Config, survey: &Survey, chunk: usize, workers: usize) -> Read {
    outcome(ingest::fold_survey_with(
        &config.root,
        survey,
        None,
        chunk,
        workers,
        || RunningTally::new(survey, &config.themes),
        |tally, row| tally.add(&row),
        RunningTally::merge,
    ))
}

fuzz_target!(|data: &[u8]| {
    let config = config();
    let file: PathBuf = config.root.join("x.csv");
    std::fs::write(&file, data).expect("the fuzzed file is written");
    // Chunks of 1 to 61 bytes, so that boundaries fall everywhere in small inputs.
    let chunk = 1 + data.len() % 61;
    for survey in &config.surveys {
        let expected = in_order(config, survey);
        for workers in [2, 3] {
            assert_eq!(
                in_parallel(config, survey, chunk, workers),
                expected,
                "survey {}, chunks of {chunk} bytes, {workers} workers",
                survey.id
            );
        }
    }
    // `cxreport columns` reads any file without a panic, with the format given or the one its
    // header shows, and the survey it suggests is always a valid configuration.
    for format in [None, Some(Format::Surveymonkey), Some(Format::Qualtrics)] {
        let options = cxreport::columns::Options {
            format,
            ..Default::default()
        }
        .recognising(&file);
        if let Ok(description) = cxreport::columns::describe(&file, &options, None) {
            let _ = description.text(&file, &options);
            let table = description.suggestion(&file, &options);
            let text = format!("title = \"fuzz\"\n{table}");
            if let Err(e) = cxreport::config::parse(&config.root.join("columns.toml"), &text) {
                panic!("the suggested survey is not a valid configuration: {e}\n{text}");
            }
        }
    }
});
