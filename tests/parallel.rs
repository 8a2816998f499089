//! Parallel ingestion gives exactly what reading in order gives: the same tallies, comment
//! samples, file summaries and problems (with the same lines), whatever the chunk size, so chunk
//! boundaries land everywhere, including inside quoted fields with line breaks.

use std::path::Path;

use cxreport::aggregate::{RunningTally, SurveyTally};
use cxreport::config::{Config, Survey};
use cxreport::error::{Error, Problem};
use cxreport::ingest::{self, FileSummary};

/// A survey export with what makes splitting hard: quoted comments with commas, doubled quotes
/// and line breaks, a quote inside an unquoted field, empty scores, CRLF line endings in one file.
/// Each file numbers its rows 0–699 in the `id` column; `q` answers a driver question (1-5, or
/// empty; with `bad_rows`, now and then 9).
fn write_files(dir: &Path, bad_rows: bool) {
    let mut rng = fastrand::Rng::with_seed(42);
    let comments = [
        "",
        "\"Fast delivery, friendly driver\"",
        "\"Slow\"\"ish\"\" support\"",
        "\"Two\nlines, and a comma\"",
        "5\" screen arrived broken",
        "\"Rask levering\r\nmen dyr\"",
    ];
    for (file, crlf) in [("a.csv", false), ("b.csv", true), ("c.csv", false)] {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("id,date,score,comment,region,q{newline}");
        for i in 0..700 {
            let score = match rng.u8(0..12) {
                11 => String::new(),
                s => s.to_string(),
            };
            let score = if bad_rows && i % 97 == 13 {
                "eleven".into()
            } else {
                score
            };
            let date = format!("2024-{:02}-{:02}", rng.u32(1..13), rng.u32(1..29));
            let comment = comments[rng.usize(..comments.len())];
            let region = ["Oslo", "Bergen", "Tromsø", ""][rng.usize(..4)];
            let answer = ["", "1", "2", "3", "4", "5"][rng.usize(..6)];
            let answer = if bad_rows && i % 89 == 7 { "9" } else { answer };
            text.push_str(&format!(
                "{i},{date},{score},{comment},{region},{answer}{newline}"
            ));
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
}

fn config(dir: &Path, on_invalid: &str) -> Config {
    config_with(dir, on_invalid, "")
}

/// [`config`] with the driver question `q` mapped.
fn config_with_driver(dir: &Path, on_invalid: &str) -> Config {
    let mut config = config(dir, on_invalid);
    config.surveys[0].drivers = vec![cxreport::config::Driver {
        id: "q".into(),
        title: "Q".into(),
        column: "q".into(),
        reverse: false,
    }];
    config
}

/// The survey of `config`, with `columns` mapped too.
fn config_with(dir: &Path, on_invalid: &str, columns: &str) -> Config {
    let text = format!(
        "title = \"t\"\n[[theme]]\nname = \"Delivery\"\nkeywords = [\"deliver\", \"levering\"]\n\
         [[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nfiles = \"*.csv\"\n\
         on_invalid = \"{on_invalid}\"\n\
         columns = {{ score = \"score\", date = \"date\", comment = \"comment\"{columns} }}\n\
         dimensions = [{{ title = \"Region\", column = \"region\" }}]\n"
    );
    cxreport::config::parse(&dir.join("cxreport.toml"), &text).unwrap()
}

fn in_order(config: &Config, survey: &Survey) -> Result<(SurveyTally, Vec<FileSummary>), Error> {
    let mut tally = RunningTally::new(survey, &config.themes);
    let files = ingest::read_survey(&config.root, survey, |row| tally.add(&row))?;
    Ok((tally.finish(), files))
}

fn in_parallel(
    config: &Config,
    survey: &Survey,
    chunk: usize,
    workers: usize,
) -> Result<(SurveyTally, Vec<FileSummary>), Error> {
    ingest::fold_survey_with(
        &config.root,
        survey,
        None,
        chunk,
        workers,
        || RunningTally::new(survey, &config.themes),
        |tally, row| tally.add(&row),
        RunningTally::merge,
    )
    .map(|(tally, files)| (tally.finish(), files))
}

#[test]
fn parallel_reading_equals_reading_in_order_at_every_chunk_size() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), false);
    let config = config_with_driver(dir.path(), "fail");
    let survey = &config.surveys[0];
    let (expected, files) = in_order(&config, survey).unwrap();
    // About five in six rows answer the driver.
    let answered: u64 = expected.drivers[0].counts.iter().flatten().sum();
    assert!((1_400..1_700).contains(&answered), "{answered}");
    assert_eq!(files.len(), 3);
    assert_eq!(
        expected.records,
        2_100 - files.iter().map(|f| f.empty_scores).sum::<u64>()
    );
    assert!(expected.overall.comments.items().len() > 100);
    // Each region's comments and theme mentions add up to the survey's, so a value's counts
    // are compared below with counts that are there to compare.
    let regions = &expected.dimensions[0];
    let sum = |count: fn(&cxreport::aggregate::ThemeTally) -> [u64; 3]| {
        regions.values().fold([0; 3], |acc, group| {
            let c = count(&group.themes);
            [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]]
        })
    };
    assert_eq!(sum(|t| t.comments), expected.text.comments);
    assert_eq!(sum(|t| t.themes[0]), expected.text.themes[0].total);
    assert!(expected.text.themes[0].total.iter().sum::<u64>() > 100);
    for chunk in [1, 2, 3, 5, 17, 64, 100, 257, 1000, 4096, 1 << 20] {
        for workers in [2, 3] {
            let (tally, summaries) = in_parallel(&config, survey, chunk, workers).unwrap();
            assert_eq!(summaries, files, "chunk {chunk}, {workers} workers");
            assert_eq!(tally, expected, "chunk {chunk}, {workers} workers");
        }
    }
}

#[test]
fn parallel_reading_reports_the_same_problems_and_skips() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), true);
    let strict = config_with_driver(dir.path(), "fail");
    let lenient = config_with_driver(dir.path(), "skip");
    let Err(Error::Input(expected)) = in_order(&strict, &strict.surveys[0]) else {
        panic!("the bad scores are errors")
    };
    // The line a person sees in an editor, also in the CRLF file (csv's own count lags there).
    let crlf = std::fs::read_to_string(dir.path().join("b.csv")).unwrap();
    let line = 1 + crlf.split('\n').position(|l| l.contains("eleven")).unwrap() as u64;
    assert!(
        expected.iter().any(|p| p.message.contains("\"eleven\"")
            && p.place
                .as_ref()
                .is_some_and(|at| at.file.ends_with("b.csv") && at.line == Some(line))),
        "no problem on line {line} of b.csv"
    );
    assert!(
        expected
            .iter()
            .any(|p| p.message.contains("the answer \"9\" to driver \"Q\"")),
        "no problem with a driver's answer"
    );
    let (lenient_tally, lenient_files) = in_order(&lenient, &lenient.surveys[0]).unwrap();
    let bad_drivers: u64 = (lenient_files.iter())
        .flat_map(|f| &f.skipped)
        .filter(|(reason, _)| reason.key() == "bad_driver")
        .map(|(_, n)| n)
        .sum();
    assert!(bad_drivers > 10, "{bad_drivers}");
    for chunk in [1, 29, 1000, 1 << 20] {
        let Err(Error::Input(problems)) = in_parallel(&strict, &strict.surveys[0], chunk, 2) else {
            panic!("chunk {chunk}: the bad scores are errors")
        };
        assert_eq!(problems, expected, "chunk {chunk}");
        let (tally, files) = in_parallel(&lenient, &lenient.surveys[0], chunk, 2).unwrap();
        assert_eq!(files, lenient_files, "chunk {chunk}");
        assert_eq!(tally, lenient_tally, "chunk {chunk}");
    }
}

/// Reading in parallel with response ids mapped gives what reading in order gives, at every
/// chunk size; returns what reading in order gave.
fn ids_read_each_way(
    dir: &Path,
    on_invalid: &str,
) -> Result<(SurveyTally, Vec<FileSummary>), Error> {
    let config = config_with(dir, on_invalid, ", response_id = \"id\"");
    let survey = &config.surveys[0];
    let expected = in_order(&config, survey);
    for chunk in [1, 3, 64, 257, 4096, 1 << 20] {
        for workers in [1, 2, 3] {
            let read = in_parallel(&config, survey, chunk, workers);
            match (&read, &expected) {
                (Ok(read), Ok(expected)) => {
                    assert_eq!(read, expected, "chunk {chunk}, {workers} workers")
                }
                (Err(Error::Input(read)), Err(Error::Input(expected))) => {
                    assert_eq!(read, expected, "chunk {chunk}, {workers} workers")
                }
                _ => panic!("chunk {chunk}, {workers} workers: {read:?} against {expected:?}"),
            }
        }
    }
    expected
}

/// `records` after the header of a file `d.csv`, whose rows come after the other files'.
fn write_last_file(dir: &Path, records: &str) {
    let text = format!("id,date,score,comment,region\n{records}");
    std::fs::write(dir.join("d.csv"), text).unwrap();
}

#[test]
fn a_response_id_seen_before_counts_once_when_read_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), false);
    // Ids repeated within the file and empty ids, which are never repeats.
    write_last_file(
        dir.path(),
        "x,2024-03-01,10,,Oslo\n,2024-03-01,0,,Oslo\nx,2024-03-02,0,,Bergen\n\
         ,2024-03-02,0,,Oslo\ny,2024-03-03,9,,Oslo\ny,2024-03-03,9,,Oslo\n",
    );
    let (tally, files) = ids_read_each_way(dir.path(), "fail").unwrap();
    // b.csv and c.csv repeat a.csv's ids: only a.csv and the first x and y count, and the
    // two answers without an id.
    let answered = |file: &FileSummary| file.records - file.empty_scores;
    assert_eq!(tally.records, answered(&files[0]) + 4);
    let repeats = |file: &FileSummary| file.skipped.values().sum::<u64>();
    assert_eq!(
        files.iter().map(repeats).collect::<Vec<_>>(),
        [0, 700, 700, 2]
    );
}

#[test]
fn response_ids_that_never_repeat_count_every_row_when_read_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), false);
    // A file of ids all new, so the first pass's counts stand (or its filter's false positives
    // are ruled out).
    let records: String = (0..3_000)
        .map(|i| format!("new-{i},2024-04-{:02},{},,Oslo\n", 1 + i % 28, i % 11))
        .collect();
    std::fs::remove_file(dir.path().join("b.csv")).unwrap();
    std::fs::remove_file(dir.path().join("c.csv")).unwrap();
    write_last_file(dir.path(), &records);
    let (tally, files) = ids_read_each_way(dir.path(), "fail").unwrap();
    assert_eq!(
        tally.records,
        files[0].records - files[0].empty_scores + 3_000
    );
    assert!(files.iter().all(|file| file.skipped.is_empty()));
}

#[test]
fn an_export_read_twice_counts_each_answer_once_when_read_in_parallel() {
    // More repeated ids than the second pass lists one by one (65,536): it notes every id.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,date,score,comment,region\n");
    for i in 0..70_000 {
        let day = 1 + i % 28;
        text.push_str(&format!("R_{i:08},2024-02-{day:02},{},,Oslo\n", i % 11));
    }
    std::fs::write(dir.path().join("a.csv"), &text).unwrap();
    std::fs::write(dir.path().join("b.csv"), &text).unwrap();
    let config = config_with(dir.path(), "fail", ", response_id = \"id\"");
    let survey = &config.surveys[0];
    let (expected, files) = in_order(&config, survey).unwrap();
    assert_eq!(expected.records, 70_000);
    assert_eq!(files[1].skipped.values().sum::<u64>(), 70_000);
    for chunk in [1 << 16, 1 << 20] {
        for workers in [2, 3] {
            let (tally, summaries) = in_parallel(&config, survey, chunk, workers).unwrap();
            assert_eq!(summaries, files, "chunk {chunk}, {workers} workers");
            assert_eq!(tally, expected, "chunk {chunk}, {workers} workers");
        }
    }
}

#[test]
fn a_repeated_response_id_hides_its_problems_when_read_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    // Bad scores in every file: those of b.csv and c.csv are on rows that repeat a.csv's ids,
    // which reading in order skips before reading their scores.
    write_files(dir.path(), true);
    let Err(Error::Input(problems)) = ids_read_each_way(dir.path(), "fail") else {
        panic!("a.csv's bad scores are errors")
    };
    assert!(
        problems
            .iter()
            .all(|p| p.place.as_ref().unwrap().file.ends_with("a.csv"))
    );
    assert_eq!(problems.len(), 8, "{problems:?}");
    let (_, files) = ids_read_each_way(dir.path(), "skip").unwrap();
    assert_eq!(files[0].skipped.values().sum::<u64>(), 8);
    assert_eq!(files[1].skipped.values().sum::<u64>(), 700);
}

/// The problems of a strict survey's one file holding `records` after the header, read in
/// order; reading it in parallel in chunks of each of `chunks` bytes, `times` times each (which
/// worker reads which chunk varies from run to run), must give the same.
fn problems_read_each_way(records: &str, chunks: &[usize], times: usize) -> Vec<Problem> {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("id,date,score,comment,region\n{records}");
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let config = config(dir.path(), "fail");
    let survey = &config.surveys[0];
    let Err(Error::Input(expected)) = in_order(&config, survey) else {
        panic!("the records have problems")
    };
    for &chunk in chunks {
        for _ in 0..times {
            let Err(Error::Input(problems)) = in_parallel(&config, survey, chunk, 2) else {
                panic!("chunk {chunk}: the records have problems")
            };
            assert_eq!(problems, expected, "chunk {chunk}");
        }
    }
    expected
}

#[test]
fn problems_on_one_line_keep_their_file_order_when_only_some_are_listed() {
    // 19 short records, then a line holding two records (a lone carriage return ends one): a
    // bad score, then another short record. Only 20 problems are listed; the 20th is the bad
    // score, which comes first on its line though the short record has no column to sort by.
    let records = format!(
        "{}20,2024-01-05,eleven,,Oslo\rshort\n",
        "short\n".repeat(19)
    );
    let problems = problems_read_each_way(&records, &[1, 7, 64, 1 << 20], 5);
    assert_eq!(problems.len(), 21, "20 problems and a count of the rest");
    assert!(
        problems[19].message.contains("\"eleven\""),
        "{:?}",
        problems[19]
    );
    assert_eq!(problems[20].message, "… and 1 more problem in this file");
}

#[test]
fn problems_past_the_first_twenty_are_counted() {
    let problems = problems_read_each_way(&"short\n".repeat(22), &[1, 64], 1);
    assert_eq!(problems.len(), 21, "20 problems and a count of the rest");
    let lines: Vec<_> = problems[..20]
        .iter()
        .map(|p| p.place.as_ref().and_then(|p| p.line))
        .collect();
    assert_eq!(lines, (2..22).map(Some).collect::<Vec<_>>());
    assert_eq!(problems[20].message, "… and 2 more problems in this file");
}

#[test]
fn a_quote_never_closed_is_one_problem_where_it_opens() {
    let records = format!(
        "{}50,2024-01-05,9,\"Fast, but,Oslo\n{}",
        "1,2024-01-05,9,,Oslo\n".repeat(49),
        "51,2024-01-05,9,,Oslo\n".repeat(30)
    );
    let problems = problems_read_each_way(&records, &[1, 7, 64, 1 << 20], 3);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].message, "this quoted field is never closed");
    let place = problems[0].place.as_ref().unwrap();
    assert_eq!((place.line, place.column), (Some(51), Some(4)));
    assert!(
        problems[0]
            .hint
            .as_ref()
            .unwrap()
            .contains("the 31 lines after")
    );
    // A quote opened on the last line, which has no line break: no lines after it to count.
    let problems = problems_read_each_way("1,2024-01-05,9,\"Fast, but,Oslo", &[1, 7, 1 << 20], 1);
    let hint = problems[0].hint.as_deref().unwrap();
    assert!(
        hint.starts_with("the file ends inside it; add the closing quote"),
        "{hint}"
    );
}

#[test]
fn a_quote_left_open_for_megabytes_stops_the_reading_there() {
    // A quote that a later stray quote would close only after more than the longest record.
    let lines = "51,2024-01-05,9,,Oslo\n".repeat(500_000);
    let records = format!("1,2024-01-05,9,\"open,Oslo\n{lines}2,2024-01-05,9,\"\n");
    let problems = problems_read_each_way(&records, &[64 << 10, 1 << 20], 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].message,
        "this quoted field runs on for more than 8 MiB"
    );
    let place = problems[0].place.as_ref().unwrap();
    assert_eq!((place.line, place.column), (Some(2), Some(4)));
}

#[test]
fn old_mac_line_endings_give_each_problem_its_line() {
    // Lines end with a lone `\r` (Excel's "CSV (Macintosh)"); a quoted comment holds one too.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,date,score,comment,region\r");
    for i in 2..=400 {
        let score = if i % 50 == 0 { "eleven" } else { "9" };
        let comment = if i % 7 == 0 { "\"two\rlines\"" } else { "" };
        text.push_str(&format!("{i},2024-01-05,{score},{comment},Oslo\r"));
    }
    std::fs::write(dir.path().join("a.csv"), &text).unwrap();
    let config = config(dir.path(), "fail");
    let survey = &config.surveys[0];
    let Err(Error::Input(expected)) = in_order(&config, survey) else {
        panic!("the bad scores are errors")
    };
    // The line an editor shows: each lone `\r` ends one.
    let lines: Vec<Option<u64>> = expected
        .iter()
        .map(|p| p.place.as_ref().and_then(|p| p.line))
        .collect();
    let by_hand: Vec<Option<u64>> = text
        .split('\r')
        .enumerate()
        .filter(|(_, line)| line.contains("eleven"))
        .map(|(i, _)| Some(i as u64 + 1))
        .collect();
    assert_eq!(by_hand.len(), 8);
    assert_eq!(lines, by_hand);
    for chunk in [1, 64, 1000] {
        let Err(Error::Input(problems)) = in_parallel(&config, survey, chunk, 2) else {
            panic!("chunk {chunk}: the bad scores are errors")
        };
        assert_eq!(problems, expected, "chunk {chunk}");
    }
}

#[test]
fn records_ending_in_cr_after_a_header_ending_in_lf_are_cut_and_placed_right() {
    // The header ends with LF, every record with CR: the chunker must cut at CR (cutting at LF
    // it found no record's end, and stopped at 8 MiB), and lines are counted across both.
    let records: String = (1..=500)
        .map(|i| {
            let score = if i == 300 {
                "eleven".into()
            } else {
                (i % 11).to_string()
            };
            format!("{i},2024-01-05,{score},,Oslo\r")
        })
        .collect();
    let problems = problems_read_each_way(&records, &[1, 7, 64, 1000, 1 << 20], 2);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let place = problems[0].place.as_ref().unwrap();
    assert_eq!((place.line, place.column), (Some(301), Some(3)));
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "id,date,score,comment,region\n{}",
        records.replace("eleven", "5")
    );
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let config = config(dir.path(), "fail");
    let (tally, files) = in_order(&config, &config.surveys[0]).unwrap();
    assert_eq!(tally.records, 500);
    let ingest::Source::Text(detected) = &files[0].source else {
        panic!("a text file")
    };
    assert_eq!(detected.line_ending.to_string(), "CR");
    for chunk in [1, 64, 1000] {
        let (parallel, _) = in_parallel(&config, &config.surveys[0], chunk, 2).unwrap();
        assert_eq!(parallel, tally, "chunk {chunk}");
    }
}

#[test]
fn a_tallied_export_reads_in_parallel_as_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    for file in ["a.csv", "b.csv"] {
        let mut text = String::from("date,score,region,n\n");
        for i in 0..700 {
            let n = if i % 101 == 50 {
                "many".to_string()
            } else {
                rng.u32(0..40).to_string()
            };
            let score = match rng.u8(0..12) {
                11 => String::new(),
                s => s.to_string(),
            };
            let date = format!("2024-{:02}-{:02}", rng.u32(1..13), rng.u32(1..29));
            let region = ["Oslo", "Bergen", ""][rng.usize(..3)];
            text.push_str(&format!("{date},{score},{region},{n}\n"));
        }
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let config = cxreport::config::parse(
        &dir.path().join("cxreport.toml"),
        "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nfiles = \"*.csv\"\n\
         on_invalid = \"skip\"\ncolumns = { score = \"score\", date = \"date\", count = \"n\" }\n\
         dimensions = [{ title = \"Region\", column = \"region\" }]\n",
    )
    .unwrap();
    let survey = &config.surveys[0];
    let (expected, files) = in_order(&config, survey).unwrap();
    // Rows 50, 151, … 656 of each file have a bad count, and each counts as one answer.
    let bad: u64 = (files.iter())
        .map(|f| f.skipped[&ingest::Skip::BadCount])
        .sum();
    assert_eq!(bad, 14);
    // Rows stand for 19.5 answers on average: the counts are taken.
    assert!(
        expected
            .overall
            .periods
            .values()
            .map(|t| t.n())
            .sum::<u64>()
            > 20_000
    );
    for chunk in [1, 7, 64, 1000, 1 << 20] {
        for workers in [2, 3] {
            let (tally, summaries) = in_parallel(&config, survey, chunk, workers).unwrap();
            assert_eq!(summaries, files, "chunk {chunk}, {workers} workers");
            assert_eq!(tally, expected, "chunk {chunk}, {workers} workers");
        }
    }
}

#[test]
fn filtered_rows_read_in_parallel_as_in_order_and_leave_their_ids_to_later_rows() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), false);
    let mut config = config_with(dir.path(), "fail", ", response_id = \"id\"");
    let tromso = cxreport::config::Values(vec!["tromsø".into()]);
    config.surveys[0].leave_out.insert("region".into(), tromso);
    let survey = &config.surveys[0];
    let (expected, files) = in_order(&config, survey).unwrap();
    // A recount: a Tromsø row is left out; of the others, each id's first counts (b.csv and
    // c.csv repeat a.csv's ids, so a row of theirs counts where a.csv's row was Tromsø's).
    let (mut left_out, mut repeats, mut answers) = (0, 0, 0);
    let mut seen = std::collections::HashSet::new();
    for file in ["a.csv", "b.csv", "c.csv"] {
        for record in csv::Reader::from_path(dir.path().join(file))
            .unwrap()
            .records()
        {
            let record = record.unwrap();
            if &record[4] == "Tromsø" {
                left_out += 1;
            } else if !seen.insert(record[0].to_string()) {
                repeats += 1;
            } else if !record[2].is_empty() {
                answers += 1;
            }
        }
    }
    let skipped = |key: &str| -> u64 {
        (files.iter().flat_map(|f| &f.skipped))
            .filter(|(reason, _)| reason.key() == key)
            .map(|(_, n)| n)
            .sum()
    };
    assert_eq!(
        (skipped("left_out"), skipped("duplicate_response_id")),
        (left_out, repeats)
    );
    assert_eq!(expected.records, answers);
    assert!(left_out > 400 && answers > 600, "{left_out} {answers}");
    for chunk in [1, 3, 64, 257, 4096, 1 << 20] {
        for workers in [1, 2, 3] {
            let (tally, summaries) = in_parallel(&config, survey, chunk, workers).unwrap();
            assert_eq!(summaries, files, "chunk {chunk}, {workers} workers");
            assert_eq!(tally, expected, "chunk {chunk}, {workers} workers");
        }
    }
}
