//! The command line: bad input gets a clear error (file, line, column, hint), exit code 1, and
//! nothing is written; usage errors exit with 2.

mod common;

use std::path::Path;

use common::{cxreport, edit_config, fixture, project, stderr};

/// Replaces the basic fixture's data with a file from `tests/fixtures/bad`.
fn with_bad_data(name: &str) -> tempfile::TempDir {
    let dir = project("basic");
    std::fs::copy(fixture("bad").join(name), dir.path().join("data/nps.csv")).unwrap();
    dir
}

/// The basic fixture with `csv` as its data.
fn with_data(csv: &str) -> tempfile::TempDir {
    let dir = project("basic");
    write_data(dir.path(), csv);
    dir
}

/// Replaces the fixture's data with `csv`.
fn write_data(dir: &Path, csv: &str) {
    std::fs::write(dir.join("data/nps.csv"), csv).unwrap();
}

/// Adds TOML lines to the fixture's survey (after its `min_n = 1`).
fn add_settings(dir: &Path, settings: &str) {
    common::edit_config(dir, "min_n = 1", &format!("min_n = 1\n{settings}"));
}

/// Builds and asserts failure with exit code 1, nothing written; returns standard error.
fn build_fails(dir: &Path) -> String {
    let out = cxreport(dir, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        !dir.join("public").exists(),
        "a failed build wrote the site"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("cxreport-new"))
        .collect();
    assert!(leftovers.is_empty(), "a staging folder was left behind");
    stderr(&out)
}

#[test]
fn rejects_a_score_of_eleven_naming_file_line_and_column() {
    let dir = with_bad_data("score-11.csv");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: score 11 is outside the NPS scale 0-10"),
        "{err}"
    );
    assert!(
        err.contains("--> data/nps.csv:3:3 (column \"score\")"),
        "{err}"
    );
    assert!(
        err.contains("hint: NPS scores are whole numbers from 0 to 10"),
        "{err}"
    );
    assert!(
        err.contains("1 problem found; nothing was written"),
        "{err}"
    );
}

#[test]
fn rejects_a_score_that_is_not_a_number() {
    let dir = with_bad_data("score-abc.csv");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: score \"abc\" is not a whole number"),
        "{err}"
    );
    assert!(
        err.contains("--> data/nps.csv:4:3 (column \"score\")"),
        "{err}"
    );
}

#[test]
fn rejects_a_missing_column_listing_the_header() {
    let dir = with_bad_data("missing-column.csv");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: the score column \"score\" is not in the file's header"),
        "{err}"
    );
    assert!(err.contains("--> data/nps.csv:1:1"), "{err}");
    assert!(
        err.contains("\"id\", \"date\", \"rating\", \"comment\", \"region\""),
        "{err}"
    );
    // No name is near enough to suggest.
    assert!(!err.contains("did you mean"), "{err}");
    assert!(
        err.contains("fix the name in the survey's `columns` or in the file"),
        "{err}"
    );
    // A dimension's column one letter off is suggested, with where the name is written.
    let dir = project("basic");
    edit_config(dir.path(), "column = \"region\"", "column = \"regoin\"");
    let err = build_fails(dir.path());
    assert!(
        err.contains(
            "error: the \"Region\" dimension column \"regoin\" is not in the file's header\n  \
             --> data/nps.csv:1:1\n  = hint: did you mean \"region\"? the header has \"id\", \
             \"date\", \"score\", \"comment\", \"region\"; fix the name in the survey's \
             `dimensions` or in the file"
        ),
        "{err}"
    );
}

#[test]
fn a_column_named_in_another_case_is_pointed_at_and_header_text_is_escaped() {
    let dir = with_data("id,date,Score,comment,region\n1,2024-01-05,9,,Oslo\n");
    let err = build_fails(dir.path());
    assert!(
        err.contains(
            "hint: the header has \"Score\": names are matched exactly, case included; write it \
             so in the survey's `columns`"
        ),
        "{err}"
    );
    // A header holding a terminal escape is listed escaped, not sent to the terminal.
    write_data(
        dir.path(),
        "id,date,ra\u{1b}[31mting,comment,region\n1,2024-01-05,9,,Oslo\n",
    );
    let err = build_fails(dir.path());
    assert!(err.contains("\"ra\\u{1b}[31mting\""), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}

#[test]
fn rejects_a_date_that_does_not_parse() {
    let dir = with_bad_data("bad-date.csv");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: date \"05.01.2024\" does not parse"),
        "{err}"
    );
    assert!(
        err.contains("--> data/nps.csv:2:2 (column \"date\")"),
        "{err}"
    );
    assert!(err.contains("set date_format"), "{err}");
}

#[test]
fn rejects_a_date_in_a_year_periods_cannot_be_written_in() {
    // Unix seconds of the year 262142: near the end of the calendar the program can count in,
    // where finding the period after it overflowed (a panic, by week, month or year alike).
    let dir =
        with_data("id,date,score,comment,region\n1,1704067200,9,,Oslo\n2,8210266876799,9,,Oslo\n");
    add_settings(dir.path(), "date_format = \"unix\"\nperiod = \"week\"");
    let err = build_fails(dir.path());
    assert!(
        err.contains(
            "error: date \"8210266876799\" is in the year 262142, outside 1900 to 9999\n  --> \
             data/nps.csv:3:2 (column \"date\")"
        ),
        "{err}"
    );
    // Skipped in lenient mode, counted as a bad date; the other row builds.
    add_settings(dir.path(), "on_invalid = \"skip\"");
    let metrics = common::build_metrics(dir.path());
    assert_eq!(metrics["surveys"][0]["skipped"]["bad_date"], 1);
    assert_eq!(metrics["surveys"][0]["overall"]["total"]["n"], 1);
}

#[test]
fn an_invitations_file_beside_the_answers_is_not_read_as_answers() {
    let dir = project("basic");
    // data/*.csv matches the invitations file too.
    std::fs::write(
        dir.path().join("data/invited.csv"),
        "period,invited\n2024-01,40\n",
    )
    .unwrap();
    add_settings(dir.path(), "invitations = \"data/invited.csv\"");
    let metrics = common::build_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    let files: Vec<&str> = (survey["files"].as_array().unwrap().iter())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["data/nps.csv"]);
    assert_eq!(survey["overall"]["response_rate"]["invited"], 40);
    // Named alone as answers, it is told apart.
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    common::edit_config(
        dir.path(),
        "files = \"data/*.csv\"",
        "files = \"data/invited.csv\"",
    );
    let err = build_fails(dir.path());
    assert!(
        err.contains("no file matches \"data/invited.csv\"\n  --> data/invited.csv\n  = hint: it is the survey's invitations file; name the files of its answers"),
        "{err}"
    );
}

#[test]
fn rejects_a_missing_file() {
    let dir = project("basic");
    std::fs::remove_file(dir.path().join("data/nps.csv")).unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: survey \"nps\": no file matches \"data/*.csv\""),
        "{err}"
    );
    assert!(
        err.contains("hint: paths are relative to the configuration file"),
        "{err}"
    );
    // A folder named where its files should be is told how to name them.
    edit_config(dir.path(), "\"data/*.csv\"", "\"data/\"");
    let err = build_fails(dir.path());
    assert!(
        err.contains(
            "no file matches \"data/\"\n  --> data/\n  = hint: it is a folder: name the files \
             in it, e.g. files = \"data/*.csv\""
        ),
        "{err}"
    );
}

#[test]
fn rejects_an_unknown_config_key_naming_file_and_line() {
    let dir = project("basic");
    add_settings(dir.path(), "minimum = 5");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: unknown field `minimum`, expected one of"),
        "{err}"
    );
    assert!(err.contains("--> cxreport.toml:11:1"), "{err}");
}

#[test]
fn rejects_invitations_that_do_not_fit_the_answers() {
    let dir = project("basic");
    add_settings(dir.path(), "invitations = \"data/invited.txt\"");
    // January has 4 answers; Oslo has 2 in February.
    std::fs::write(
        dir.path().join("data/invited.txt"),
        "period,invited,region\n2024-01,3,\n2024-02,1,Oslo\n2024-3,10,\n2024-02,many,\n",
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("period \"2024-3\" is not a month like 2025-03"),
        "{err}"
    );
    assert!(
        err.contains("--> data/invited.txt:4:1 (column \"period\")"),
        "{err}"
    );
    assert!(
        err.contains("invited \"many\" is not a whole number"),
        "{err}"
    );
    assert!(
        err.contains("--> data/invited.txt:5:2 (column \"invited\")"),
        "{err}"
    );
    let dir = project("basic");
    add_settings(dir.path(), "invitations = \"data/invited.txt\"");
    std::fs::write(
        dir.path().join("data/invited.txt"),
        "period,invited,region\n2024-01,3,\n2024-02,1,Oslo\n",
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("has 4 answers in 2024-01 but 3 invitations"),
        "{err}"
    );
    assert!(
        err.contains("has 2 answers in 2024-02 for Region \"Oslo\" but 1 invitations"),
        "{err}"
    );
}

#[test]
fn an_unknown_benchmark_industry_lists_the_known_ones() {
    let dir = project("basic");
    add_settings(dir.path(), "benchmark = { industry = \"Bakeries\" }");
    let err = build_fails(dir.path());
    assert!(err.contains("survey \"nps\": no NPS benchmark for industry \"Bakeries\"; known: Airlines, All industries (cross-industry), Auto dealers"), "{err}");
    assert!(err.contains("--> cxreport.toml"), "{err}");
}

#[test]
fn rejects_a_target_off_the_scale_or_with_a_bad_date() {
    let dir = project("basic");
    add_settings(dir.path(), "target = { value = 140, by = \"2025-Q4\" }");
    let err = build_fails(dir.path());
    // Each placed at the target's line and column, as the file shows them.
    let text = std::fs::read_to_string(dir.path().join("cxreport.toml")).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("target = "))
        .unwrap();
    let at = format!("\n  --> cxreport.toml:{line}:10\n");
    assert!(
        err.contains(&format!("target 140 is outside -100 to 100{at}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "target date \"2025-Q4\" is not a month like 2025-03{at}"
        )),
        "{err}"
    );
}

#[test]
fn strict_mode_lists_each_bad_row_of_a_mixed_file() {
    let dir = with_bad_data("mixed.csv");
    let err = build_fails(dir.path());
    assert!(err.contains("data/nps.csv:3:3 (column \"score\")"), "{err}");
    assert!(err.contains("data/nps.csv:4:3 (column \"score\")"), "{err}");
    assert!(err.contains("data/nps.csv:5:2 (column \"date\")"), "{err}");
    assert!(
        err.contains("this record has 6 fields where the header has 5"),
        "{err}"
    );
    assert!(err.contains("--> data/nps.csv:6"), "{err}");
    assert!(err.contains("4 problems found"), "{err}");
}

#[test]
fn lenient_mode_skips_bad_rows_and_counts_them_by_reason() {
    let dir = with_bad_data("mixed.csv");
    add_settings(dir.path(), "on_invalid = \"skip\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["on_invalid"], "skip");
    assert_eq!(
        survey["skipped"],
        serde_json::json!({
            "bad_date": 1, "duplicate_response_id": 1, "field_count": 1,
            "score_not_a_number": 1, "score_out_of_range": 1
        })
    );
    // Rows 1 and 6 remain: scores 10 and 7.
    assert_eq!(survey["overall"]["total"]["n"], 2);
    assert_eq!(survey["records"], 7);
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(methodology.contains("score outside the scale: 1, score not a number: 1, date does not parse: 1, wrong number of fields: 1, response id seen before: 1"), "{methodology}");
    let out = cxreport(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("skipped: score outside the scale: 1"),
        "{text}"
    );
}

/// Builds with the bad file `name` in strict and in lenient mode, asserting that both fail and
/// that each error holds every one of `expected`.
fn fails_even_when_skipping_bad_rows(name: &str, expected: &[&str]) {
    for settings in ["", "on_invalid = \"skip\""] {
        let dir = with_bad_data(name);
        add_settings(dir.path(), settings);
        let err = build_fails(dir.path());
        for text in expected {
            assert!(err.contains(text), "{settings}: {text:?} not in {err}");
        }
    }
}

#[test]
fn a_quote_never_closed_is_an_error_where_it_opens_even_when_skipping_bad_rows() {
    // Row 2's comment opens a quote that nothing closes, so rows 3 and 4 would be read into it:
    // this was "4 fields where the header has 5" on line 3, and in lenient mode one skipped row
    // and a report of 1 answer where the file holds 4.
    fails_even_when_skipping_bad_rows(
        "unclosed-quote.csv",
        &[
            "error: this quoted field is never closed",
            "--> data/nps.csv:3:4 (column \"comment\")",
            "the file ends inside it, so the 3 lines after its opening quote",
            "1 problem found",
        ],
    );
}

#[test]
fn a_quote_closed_rows_later_is_named_as_the_likely_cause_even_when_skipping_bad_rows() {
    // Row 1's comment opens a quote that row 3's comment closes: rows 1 to 3 read as one record,
    // which lenient mode skipped as one bad row, dropping rows 2 and 3 without a word.
    fails_even_when_skipping_bad_rows(
        "stray-quote.csv",
        &[
            "error: this record has 6 fields where the header has 5",
            "--> data/nps.csv:2\n",
            "hint: it runs over 3 lines: a quoted field in it is probably missing its closing quote",
        ],
    );
}

#[test]
fn a_dimension_with_more_values_than_its_limit_is_an_error() {
    // The fixture has two regions, Oslo and Bergen: a column of ids or e-mails mapped by mistake
    // would have written a page per answer (200,000 answers: 906 MB and 990 MB of memory).
    let dir = project("basic");
    let region = "column = \"region\" }";
    common::edit_config(dir.path(), region, "column = \"region\", max_values = 1 }");
    let err = build_fails(dir.path());
    assert!(
        err.contains(
            "error: survey \"nps\": dimension \"region\" (column \"region\") has more than 1 value"
        ),
        "{err}"
    );
    assert!(err.contains("--> cxreport.toml"), "{err}");
    assert!(
        err.contains("is \"region\" an id, an e-mail or free text?"),
        "{err}"
    );
    common::edit_config(dir.path(), "max_values = 1", "max_values = 2");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("public/surveys/nps/region/bergen.html")
            .exists()
    );
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    common::edit_config(dir.path(), "max_values = 2", "max_values = 0");
    let err = build_fails(dir.path());
    assert!(err.contains("has max_values = 0"), "{err}");
}

#[test]
fn a_mapped_column_named_twice_in_the_header_is_an_error() {
    let dir = with_data("id,date,score,comment,score,region\n1,2024-01-05,9,,3,Oslo\n");
    let err = build_fails(dir.path());
    assert!(
        err.contains("error: the score column \"score\" is in the file's header 2 times"),
        "{err}"
    );
    assert!(err.contains("--> data/nps.csv:1:5"), "{err}");
    assert!(err.contains("columns 3 and 5 have that name"), "{err}");
    // Columns the survey does not read may share a name (survey tools leave sub-columns
    // unnamed); a file of one row says so in the singular.
    write_data(
        dir.path(),
        "id,date,score,comment,region,,\n1,2024-01-05,9,,Oslo,a,b\n",
    );
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 row in 1 file"), "{text}");
    assert!(text.contains("1 header row, 1 row\n"), "{text}");
}

#[test]
fn answers_dated_years_apart_from_the_rest_are_warned_about() {
    let dir = project("basic");
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // One answer typed 2014 for 2024: the report would run from 2014.
    let data = dir.path().join("data/nps.csv");
    let text = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, format!("{text}99,2014-01-05,9,,Oslo\n")).unwrap();
    for command in ["check", "build"] {
        let out = cxreport(dir.path(), &[command]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "warning: survey \"nps\" has answers in Jan 2014, then none until Jan 2024 \
                 (10 years later): is a date mistyped?"
            ),
            "{command}: {}",
            stderr(&out)
        );
    }
    let out = cxreport(dir.path(), &["build", "-q"]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn an_event_outside_every_period_of_its_surveys_is_warned_about() {
    // The fixture's answers run from January to February 2024.
    let dir = project("basic");
    let config = dir.path().join("cxreport.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    for (date, until, label) in [
        ("2024-02-10", "", "Carrier"),
        // A year typed 2204 for 2024.
        ("2204-02-10", "", "Typo"),
        // Lasted into January: shown there.
        ("2023-12-01", "2024-01-02", "Into January"),
        ("2023-01-01", "2023-06-30", "The year before"),
    ] {
        text.push_str(&common::event(date, until, "", label));
    }
    std::fs::write(&config, text).unwrap();
    // check lists the events shown, with their mark and the periods they meet.
    let out = cxreport(dir.path(), &["check"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "\n  events: 1 \"Into January\" (2023-12 to 2024-01); 2 \"Carrier\" (2024-02)\n"
        ),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for command in ["check", "build"] {
        let out = cxreport(dir.path(), &[command]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        let warnings: Vec<&str> = (err.lines())
            .filter(|line| line.starts_with("warning: event"))
            .collect();
        // In date order.
        assert_eq!(
            warnings,
            [
                "warning: event \"The year before\" on 2023-01-01 is outside the periods of \
                 every survey it is marked on, so no chart shows it: is its date mistyped?",
                "warning: event \"Typo\" on 2204-02-10 is outside the periods of every survey \
                 it is marked on, so no chart shows it: is its date mistyped?",
            ],
            "{command}"
        );
    }
    let out = cxreport(dir.path(), &["build", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_survey_without_answers_builds_and_says_so() {
    // A survey just launched: its export holds the header and no rows.
    let dir = with_data("id,date,score,comment,region\n");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: survey \"nps\" has no answers yet"),
        "{}",
        stderr(&out)
    );
    let site = dir.path().join("public");
    for page in ["index.html", "surveys/nps/index.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains("no answers yet"), "{page}");
        assert!(!html.contains("n = 0"), "{page}: a count of nothing");
        assert!(
            !html.contains("no answers</"),
            "{page}: \"all answers, no answers\""
        );
    }
    let survey = std::fs::read_to_string(site.join("surveys/nps/index.html")).unwrap();
    assert!(
        !survey.contains("id=\"dim-region\""),
        "an empty table of regions"
    );
}

#[test]
fn a_response_id_seen_in_two_files_counts_once() {
    let dir = project("basic");
    std::fs::copy(
        dir.path().join("data/nps.csv"),
        dir.path().join("data/again.csv"),
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(metrics["surveys"][0]["overall"]["total"]["n"], 7);
    assert_eq!(metrics["surveys"][0]["skipped"]["duplicate_response_id"], 8);
}

#[test]
fn a_wrong_encoding_or_delimiter_gets_a_hint() {
    let dir = project("basic");
    std::fs::write(
        dir.path().join("data/nps.csv"),
        b"id;date;score;comment;region\n1;2024-01-05;10;;Troms\xF8\n",
    )
    .unwrap();
    let path = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Forced to UTF-8, the Windows-1252 byte is an error with its line.
    std::fs::write(
        &path,
        text.replace("min_n = 1", "min_n = 1\nencoding = \"utf-8\""),
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(err.contains("this record is not valid UTF-8"), "{err}");
    assert!(err.contains("--> data/nps.csv:2"), "{err}");
    assert!(err.contains("encoding = \"windows-1252\""), "{err}");
    // Forced to commas, the header is one column: the hint names the delimiter.
    std::fs::write(
        &path,
        text.replace("min_n = 1", "min_n = 1\ndelimiter = \",\""),
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("the header has one column only: is the delimiter \",\" right?"),
        "{err}"
    );
    // Detected, it just works.
    std::fs::write(&path, &text).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tromso =
        std::fs::read_to_string(dir.path().join("public/surveys/nps/region/tromso.html")).unwrap();
    assert!(tromso.contains("Region: Tromsø"));
}

#[test]
fn rejects_unknown_encodings_delimiters_and_presets() {
    let dir = project("basic");
    let path = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "min_n = 1",
            "min_n = 1\nencoding = \"ebcdic\"\ndelimiter = \"::\"",
        ),
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(err.contains("unknown encoding \"ebcdic\""), "{err}");
    assert!(
        err.contains("delimiter \"::\" is not one of , ; tab |"),
        "{err}"
    );
    std::fs::write(
        &path,
        text.replace("min_n = 1", "min_n = 1\nformat = \"askmonkey\""),
    )
    .unwrap();
    let err = build_fails(dir.path());
    assert!(
        err.contains("unknown variant `askmonkey`, expected one of `qualtrics`"),
        "{err}"
    );
}

#[test]
fn lists_every_problem_of_every_file_at_once() {
    let dir = project("basic");
    std::fs::copy(fixture("bad/score-11.csv"), dir.path().join("data/a.csv")).unwrap();
    std::fs::copy(fixture("bad/score-abc.csv"), dir.path().join("data/b.csv")).unwrap();
    let err = build_fails(dir.path());
    assert!(err.contains("data/a.csv:3:3"), "{err}");
    assert!(err.contains("data/b.csv:4:3"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let before = std::fs::read(dir.path().join("public/index.html")).unwrap();
    std::fs::copy(fixture("bad/score-11.csv"), dir.path().join("data/nps.csv")).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("public/index.html")).unwrap(),
        before
    );
}

#[test]
fn check_validates_without_writing() {
    let dir = project("basic");
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "nps (NPS, no format preset): 8 rows in 1 file, 1 empty score, 2024-01 to 2024-02\n  \
             dimensions: region (2 values)\n  comments: 3\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  data/nps.csv: UTF-8, delimiter \",\", LF line endings, 1 header row, 8 rows"
        ),
        "{text}"
    );
    assert!(!dir.path().join("public").exists());
    // With themes, the share of comments each catches, and of those none catches.
    let config = dir.path().join("cxreport.toml");
    let settings = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{settings}\n[[theme]]\nname = \"Waiting\"\nkeywords = [\"slow\"]\n\
             [[theme]]\nname = \"Price\"\nkeywords = [\"expensive\", \"slow\"]\n"
        ),
    )
    .unwrap();
    let out = cxreport(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    // "Great", "Slow delivery", "Too expensive, honestly".
    assert!(
        text.contains("  comments: 3; themes: Waiting 33 %, Price 67 %; none of them 33 %\n"),
        "{text}"
    );
    std::fs::write(&config, settings).unwrap();
    // Excel's "sep=" first line is named as where the delimiter came from.
    let csv = std::fs::read_to_string(dir.path().join("data/nps.csv")).unwrap();
    write_data(dir.path(), &format!("sep=,\n{csv}"));
    let out = cxreport(dir.path(), &["check"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "  data/nps.csv: UTF-8, delimiter \",\" (named by its sep= line), LF line endings, \
             1 header row, 8 rows"
        ),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let bad = with_bad_data("score-11.csv");
    let out = cxreport(bad.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("data/nps.csv:3:3"));
}

#[test]
fn init_writes_a_project_that_builds_at_once_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = cxreport(dir.path(), &["init", "report"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.ends_with(
            "New project in report. Next: cd report && cxreport build, then open \
             public/index.html\n"
        ),
        "{said}"
    );
    let project = dir.path().join("report");
    for file in [
        "cxreport.toml",
        "data/responses.csv",
        "content/_index.md",
        ".gitignore",
        ".github/workflows/report.yml",
    ] {
        assert!(project.join(file).is_file(), "{file} is missing");
    }
    let out = cxreport(&project, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        project
            .join("public/surveys/customers/region/north.html")
            .is_file()
    );
    // Its narrative's live figures are filled in: the latest month's NPS and the NPS of the
    // answers whose comments mention delivery, as metrics.json has them.
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let survey = &metrics["surveys"][0];
    let latest = survey["overall"]["periods"]
        .as_array()
        .unwrap()
        .last()
        .unwrap();
    let delivery = &survey["text"]["themes"][0];
    assert_eq!(delivery["name"], "Delivery");
    let round = |v: &serde_json::Value| {
        let v = v.as_f64().unwrap().round();
        if v < 0.0 {
            format!("\u{2212}{}", -v)
        } else {
            format!("{v}")
        }
    };
    let index = std::fs::read_to_string(project.join("public/index.html")).unwrap();
    let sentence = format!("our NPS was\n{}\n(", round(&latest["score"]["value"]));
    assert!(index.contains(&sentence), "{sentence}\n{index}");
    let delivery = format!("delivery gave {}.", round(&delivery["score"]["value"]));
    assert!(index.contains(&delivery), "{delivery}");
    // And how favourably its customers answer the question about ease, which the survey's page
    // shows with the other question beside the score.
    let easy = &survey["drivers"][0];
    assert_eq!(easy["id"], "easy");
    let priority = match easy["relation"]["priority"].as_str() {
        Some("improve") => "improve first",
        Some("keep") => "strength to keep",
        _ => "–",
    };
    let ease = format!(
        "{}\u{a0}% found it easy to get\nwhat they needed (r = {:.2} with\nthe score: {priority}).",
        round(&easy["favourable"]["value"]),
        easy["relation"]["r"]["value"].as_f64().unwrap(),
    );
    assert!(index.contains(&ease), "{ease}\n{index}");
    let page =
        std::fs::read_to_string(project.join("public/surveys/customers/index.html")).unwrap();
    assert!(page.contains(">What goes with NPS</h2>"));
    assert!(page.contains(
        "Improve first: It was easy to get what I needed. Its answers go with NPS more closely"
    ));
    assert!(page.contains("<th scope=\"row\">The price was fair"));
    assert!(!index.contains("{{"));
    // In the folder itself, the next step needs no `cd`.
    let here = tempfile::tempdir().unwrap();
    let out = cxreport(here.path(), &["init"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.ends_with(
            "New project in this folder. Next: cxreport build, then open public/index.html\n"
        ),
        "{said}"
    );
    // A second init in the same folder refuses and changes nothing.
    std::fs::write(project.join("content/_index.md"), "mine").unwrap();
    let out = cxreport(dir.path(), &["init", "report"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(project.join("content/_index.md")).unwrap(),
        "mine"
    );
}

#[test]
fn fail_on_rules_exit_with_three_after_writing_the_site() {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("site");
    let repo = common::repo();
    let build = |rules: &[&str]| {
        let mut args = vec!["build", "--output", output.to_str().unwrap()];
        for rule in rules {
            args.extend(["--fail-on", rule]);
        }
        cxreport(&repo, &args)
    };
    // The example's customer NPS falls significantly into December 2025, and misses its target.
    let out = build(&["drop:customers", "below-target:customers"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("--fail-on drop:customers: NPS fell by"),
        "{err}"
    );
    assert!(err.contains("from 2025-11 to 2025-12"), "{err}");
    assert!(
        err.contains("--fail-on below-target:customers: the target 40 by 2025-12 is not reached"),
        "{err}"
    );
    assert!(output.join("index.html").is_file(), "the site is written");
    // Conditions that do not hold: success.
    let out = build(&[
        "below-benchmark:customers",
        "drop:employees",
        "below-benchmark:employees",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // An unknown survey or condition is a usage error, before anything is built.
    std::fs::remove_dir_all(&output).unwrap();
    let out = build(&["drop:nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no survey \"nobody\"; known: customers, support, employees"));
    assert!(!output.exists());
    assert_eq!(build(&["rise:customers"]).status.code(), Some(2));
    // So is a rule that can never hold: support sets no target, and no benchmark.
    for (rule, what) in [
        ("below-target:support", "target"),
        ("below-benchmark:support", "benchmark"),
    ] {
        let out = build(&[rule]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).starts_with(&format!(
                "error: --fail-on {rule} can never hold: survey \"support\" sets no {what}\n  \
                 = hint: set {what} = "
            )),
            "{}",
            stderr(&out)
        );
        assert!(!output.exists());
    }
}

#[test]
fn verbose_describes_each_file_and_quiet_prints_nothing() {
    let dir = project("basic");
    let out = cxreport(dir.path(), &["build", "-v"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("data/nps.csv: UTF-8, delimiter \",\""),
        "{text}"
    );
    assert!(text.contains("Built 1 survey, 7 answers"), "{text}");
    // The time of each stage, in pipeline order.
    let times = text
        .lines()
        .find(|l| l.starts_with("Time: "))
        .expect("a Time line");
    let stages: Vec<&str> = times["Time: ".len()..]
        .split(", ")
        .map(|stage| stage.rsplitn(3, ' ').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(
        stages,
        ["read and compute", "charts", "pages", "swapping in"],
        "{times}"
    );
    let out = cxreport(dir.path(), &["build", "-q"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // Errors are never coloured when standard error is not a terminal.
    let bad = with_bad_data("score-11.csv");
    let err = stderr(&cxreport(bad.path(), &["build"]));
    assert!(err.starts_with("error: score 11"), "{err}");
    assert!(!err.contains('\x1b'), "{err}");
}

#[test]
fn completions_and_the_man_page_come_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    let out = cxreport(dir.path(), &["completions", "bash"]);
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("_cxreport()"), "{script}");
    for command in ["build", "check", "init", "serve", "columns"] {
        assert!(script.contains(command), "{command} missing");
    }
    assert!(script.contains("--fail-on"));
    let out = cxreport(dir.path(), &["man"]);
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(
        man.starts_with(".ie") || man.contains(".TH cxreport"),
        "{man}"
    );
    assert!(man.contains("survey exports"), "{man}");
}

#[test]
fn usage_errors_exit_with_two() {
    let dir = project("basic");
    assert_eq!(cxreport(dir.path(), &["bild"]).status.code(), Some(2));
    assert_eq!(
        cxreport(dir.path(), &["build", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_missing_configuration_says_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("cannot read the configuration"), "{err}");
    assert!(err.contains("--> cxreport.toml"), "{err}");
}

#[test]
fn refuses_to_overwrite_a_folder_it_did_not_write() {
    let dir = project("basic");
    std::fs::create_dir(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/notes.txt"), "mine").unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("holds files that cxreport did not write"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_broken_workbook_fails_the_build_with_its_name_and_writes_nothing() {
    let dir = project("basic");
    std::fs::remove_file(dir.path().join("data/nps.csv")).unwrap();
    // The first half of a workbook: a zip archive cut short, as an interrupted download leaves it.
    let mut book = common::xlsx(&[("Sheet1", (0, 0), vec![vec![common::Cell::Text("date")]])]);
    book.truncate(book.len() / 2);
    std::fs::write(dir.path().join("data/nps.xlsx"), book).unwrap();
    edit_config(dir.path(), "data/*.csv", "data/*.xlsx");
    let err = build_fails(dir.path());
    assert!(err.contains("error: cannot read the workbook"), "{err}");
    assert!(err.contains("--> data/nps.xlsx"), "{err}");
    assert!(
        err.contains("hint: cxreport reads .xlsx, .xlsm and .xlsb workbooks"),
        "{err}"
    );
}

#[test]
fn values_alike_but_for_case_or_spacing_are_warned_about_and_recode_merges_them() {
    // One region typed three ways; "Tromsø" and "TROMSØ" a second set.
    let dir = with_data(
        "id,date,score,comment,region\n\
         1,2024-01-05,10,Fast,Oslo\n\
         2,2024-01-06,9,,Oslo\n\
         3,2024-01-07,3,Slow,OSLO\n\
         4,2024-01-08,0,,  oslo  \n\
         5,2024-01-09,8,,Tromsø\n\
         6,2024-01-10,7,,TROMSØ\n",
    );
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: survey \"nps\": dimension \"region\" has values that differ only in case \
             or spacing: \"OSLO\", \"Oslo\", \"oslo\" (and 1 more such set); if they are one \
             value, add recode = { \"OSLO\" = \"Oslo\", \"oslo\" = \"Oslo\" } to the dimension"
        ),
        "{}",
        stderr(&out)
    );
    common::edit_config(
        dir.path(),
        "column = \"region\" }",
        "column = \"region\", recode = { \"OSLO\" = \"Oslo\", \"oslo\" = \"Oslo\", \"TROMSØ\" = \"Tromsø\" } }",
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let values = metrics["surveys"][0]["dimensions"][0]["values"]
        .as_array()
        .unwrap();
    let names: Vec<&str> = values.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Oslo", "Tromsø"]);
    // Oslo: 10, 9, 3, 0: 2 promoters and 2 detractors of 4.
    let oslo = &values[0]["total"];
    assert_eq!(
        (oslo["n"].as_u64(), oslo["groups"]["top"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(oslo["groups"]["bottom"], 2);
    assert_eq!(values[1]["total"]["n"], 2);
    // The comment written as OSLO is tagged with the name it is reported under.
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains("Slow</p>"), "{page}");
    assert!(!page.contains("OSLO"), "a recoded spelling is still shown");
    assert!(
        !dir.path()
            .join("public/surveys/nps/region/oslo-2.html")
            .exists()
    );

    // Recoding into nothing is a configuration error.
    common::edit_config(dir.path(), "\"TROMSØ\" = \"Tromsø\"", "\"TROMSØ\" = \" \"");
    let out = cxreport(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "dimension \"region\" in survey \"nps\" recodes \"TROMSØ\" to an empty value"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn from_and_until_leave_out_answers_outside_the_periods_reported() {
    // Inside January-March 2024: 10, 9, 0 and an empty score. Outside: December 2023 (with an
    // empty score) and April 2024.
    let dir = with_data(
        "id,date,score,comment,region\n\
         1,2023-12-20,0,Old,Oslo\n\
         2,2023-12-21,,,Oslo\n\
         3,2024-01-05,10,Fine,Oslo\n\
         4,2024-02-06,9,,Bergen\n\
         5,2024-02-07,,,Bergen\n\
         6,2024-03-31,0,,Bergen\n\
         7,2024-04-01,10,New,Tromsø\n",
    );
    add_settings(dir.path(), "from = \"2024-01\"\nuntil = \"2024-03\"");
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "7 rows in 1 file, 1 empty score, 2024-01 to 2024-03 (reporting 2024-01 to 2024-03)"
        ),
        "{text}"
    );
    assert!(
        text.contains("skipped: dated outside the periods reported: 3"),
        "{text}"
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Answers are what the figures count: not the rows outside, nor the empty score.
    let built = String::from_utf8_lossy(&out.stdout);
    assert!(built.contains("Built 1 survey, 3 answers,"), "{built}");
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("1 survey, 3 answers"), "{index}");
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let survey = &metrics["surveys"][0];
    assert_eq!(
        survey["skipped"],
        serde_json::json!({ "outside_window": 3 })
    );
    assert_eq!(survey["records"], 7);
    assert_eq!(survey["empty_scores"], 1);
    assert_eq!(
        survey["periods_covered"],
        serde_json::json!(["2024-01", "2024-03"])
    );
    // NPS of 10, 9, 0: 2 promoters, 1 detractor of 3.
    let overall = &survey["overall"]["total"];
    assert_eq!(
        (overall["n"].as_u64(), overall["groups"]["top"].as_u64()),
        (Some(3), Some(2))
    );
    let regions: Vec<&str> = (survey["dimensions"][0]["values"].as_array().unwrap().iter())
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["Bergen", "Oslo"], "Tromsø answered only in April");
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains("Fine") && !page.contains("Old") && !page.contains("New"));
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains("dated outside the periods reported: 3"),
        "{methodology}"
    );

    // Invitations of periods left out are left out too: 10 + 20 + 30 invited inside.
    std::fs::write(
        dir.path().join("invited.csv"),
        "period,invited\n2023-12,1000\n2024-01,10\n2024-02,20\n2024-03,30\n2024-04,1000\n",
    )
    .unwrap();
    add_settings(dir.path(), "invitations = \"invited.csv\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let rate = &metrics["surveys"][0]["overall"]["response_rate"];
    assert_eq!(
        (rate["invited"].as_u64(), rate["answers"].as_u64()),
        (Some(60), Some(3)),
        "{rate}"
    );

    // Either end alone.
    common::edit_config(dir.path(), "until = \"2024-03\"", "");
    let out = cxreport(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2024-01 to 2024-04 (reporting 2024-01 to …)"),
        "{text}"
    );
    assert!(
        text.contains("skipped: dated outside the periods reported: 2"),
        "{text}"
    );

    // Periods that are not the survey's, or in the wrong order, are configuration errors.
    common::edit_config(
        dir.path(),
        "from = \"2024-01\"",
        "from = \"2024-Q1\"\nuntil = \"2024-13\"",
    );
    let check_fails = || {
        let out = cxreport(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        stderr(&out)
    };
    let err = check_fails();
    assert!(
        err.contains("from = \"2024-Q1\" is not a month like 2025-03\n  --> cxreport.toml:12:8"),
        "{err}"
    );
    assert!(
        err.contains("until = \"2024-13\" is not a month like 2025-03\n  --> cxreport.toml:13:9"),
        "{err}"
    );
    assert!(
        err.contains("hint: write it as the survey's periods are written"),
        "{err}"
    );
    common::edit_config(
        dir.path(),
        "from = \"2024-Q1\"\nuntil = \"2024-13\"",
        "from = \"2024-05\"\nuntil = \"2024-03\"",
    );
    let err = check_fails();
    assert!(
        err.contains(
            "survey \"nps\": from = \"2024-05\" is after until = \"2024-03\"\n  --> cxreport.toml:12:8"
        ),
        "{err}"
    );
}

#[test]
fn check_groups_the_digits_of_large_counts() {
    let out = cxreport(&common::repo(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("customers (NPS, no format preset): 9,436 rows in 1 file, 97 empty scores"),
        "{text}"
    );
}

#[test]
fn a_latest_period_that_is_not_over_is_warned_about() {
    // November: 6 answers over the month; December: 2 answers, up to the 5th.
    let mut csv = String::from("id,date,score,comment,region\n");
    let days = [
        "2024-11-02",
        "2024-11-08",
        "2024-11-13",
        "2024-11-19",
        "2024-11-24",
        "2024-11-29",
        "2024-12-02",
        "2024-12-05",
    ];
    for (id, day) in days.iter().enumerate() {
        csv.push_str(&format!("{id},{day},9,,Oslo\n"));
    }
    let dir = with_data(&csv);
    let warning = "warning: survey \"nps\": its latest period, Dec 2024, has fewer than half the \
                   answers of Nov 2024 and they stop before it ends: if it is not over yet, add \
                   until = \"2024-11\" to the survey to leave it out";
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));
    let out = cxreport(dir.path(), &["build"]);
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));

    // Left out with until, as the warning says: no warning, and December is gone.
    add_settings(dir.path(), "until = \"2024-11\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("latest period"), "{}", stderr(&out));
    let metrics: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(metrics["surveys"][0]["periods_covered"][1], "2024-11");
    assert_eq!(
        metrics["surveys"][0]["window"],
        serde_json::json!({ "from": null, "until": "2024-11" })
    );

    // December answered to its end, or as often as November: nothing to warn about.
    for last in [
        "2024-12-30",
        "2024-12-05\n9,2024-12-05,9,,Oslo\n10,2024-12-05,9,,Oslo",
    ] {
        let dir = with_data(&csv.replace("2024-12-05", last));
        let out = cxreport(dir.path(), &["check"]);
        assert!(
            !stderr(&out).contains("latest period"),
            "{last}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_pulse_survey_read_by_month_or_week_is_warned_about() {
    // Two weeks of answers each February, May, August and November.
    let pulse_days: Vec<String> = ["02", "05", "08", "11"]
        .iter()
        .flat_map(|month| ["03", "10", "17"].map(|day| format!("2024-{month}-{day}")))
        .collect();
    let csv = |days: &[String]| {
        let mut csv = String::from("id,date,score,comment,region\n");
        for (id, day) in days.iter().enumerate() {
            csv.push_str(&format!("{id},{day},{},,Oslo\n", id % 11));
        }
        csv
    };
    let warning = |each: &str| {
        format!(
            "warning: survey \"nps\" is read by {each}, but its answers came in rounds about 3 \
             months apart: each is a point of its own on the charts, with empty {each}s between; \
             period = \"quarter\" gives a round a quarter and joins them in a line"
        )
    };
    let dir = with_data(&csv(&pulse_days));
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&warning("month")), "{}", stderr(&out));
    add_settings(dir.path(), "period = \"week\"");
    let out = cxreport(dir.path(), &["check"]);
    assert!(stderr(&out).contains(&warning("week")), "{}", stderr(&out));
    // Read by quarter, as the warning says: nothing to warn about.
    common::edit_config(dir.path(), "period = \"week\"", "period = \"quarter\"");
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));

    // Rounds across two months, from the 25th of one to the 3rd of the next, are a pulse too.
    let across = |months: &[u32]| -> Vec<String> {
        (months.iter())
            .flat_map(|m| [format!("2024-{m:02}-25"), format!("2024-{:02}-03", m + 1)])
            .collect()
    };
    let quarterly = across(&[1, 4, 7, 10]);
    let dir = with_data(&csv(&quarterly));
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&warning("month")), "{}", stderr(&out));

    // Answers every month, or in runs of three months, are not a pulse to warn about.
    let mut monthly = pulse_days.clone();
    monthly.extend(["03", "04", "06", "07", "09", "10"].map(|m| format!("2024-{m}-15")));
    monthly.sort();
    let mut three_months = pulse_days.clone();
    three_months.extend(["01", "03", "07", "09"].map(|m| format!("2024-{m}-15")));
    three_months.sort();
    for days in [&monthly, &three_months] {
        let dir = with_data(&csv(days));
        let out = cxreport(dir.path(), &["check"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !stderr(&out).contains("rounds"),
            "{days:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn deny_warnings_makes_a_warning_an_error_and_writes_nothing() {
    let dir = with_data(
        "id,date,score,comment,region\n\
         1,2024-01-05,10,,Oslo\n\
         2,2024-01-06,3,,OSLO\n",
    );
    let warning = "survey \"nps\": dimension \"region\" has values that differ only in case";
    for command in ["check", "build"] {
        let out = cxreport(dir.path(), &[command, "--deny-warnings"]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("error: {warning}")),
            "{command}: {err}"
        );
        assert!(
            err.contains("= hint: --deny-warnings makes warnings errors"),
            "{err}"
        );
        assert!(
            !dir.path().join("public").exists(),
            "{command} wrote the site"
        );
    }
    // Without the flag the same data builds, with the warning.
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("warning: {warning}")));
    // Data without warnings passes with the flag.
    common::edit_config(
        dir.path(),
        "column = \"region\" }",
        "column = \"region\", recode = { \"OSLO\" = \"Oslo\" } }",
    );
    let out = cxreport(dir.path(), &["build", "--deny-warnings"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_theme_without_keywords_or_with_an_empty_one_is_an_error() {
    for theme in [
        "name = \"Price\"",
        "name = \"Price\"\nwords = [\"\"]",
        "name = \"Price\"\nkeywords = [\"pris\", \" \"]",
    ] {
        let dir = with_data("id,date,score,comment,region\n1,2024-01-05,10,Fine,Oslo\n");
        let config = dir.path().join("cxreport.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}\n[[theme]]\n{theme}\n")).unwrap();
        let out = cxreport(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{theme}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("theme \"Price\" has an empty keyword, or none"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_theme_naming_an_unknown_survey_or_a_name_used_twice_is_an_error() {
    let dir = with_data("id,date,score,comment,region\n1,2024-01-05,10,Fine,Oslo\n");
    let config = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let line = text.lines().count() + 5;
    std::fs::write(
        &config,
        format!(
            "{text}\n[[theme]]\nname = \"Price\"\nkeywords = [\"pris\"]\n\
             surveys = [\"nps\", \"staff\"]\n\n[[theme]]\nname = \"Price\"\nwords = [\"dyr\"]\n"
        ),
    )
    .unwrap();
    let out = cxreport(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let place = format!("--> cxreport.toml:{line}:19");
    assert!(
        err.contains(&format!(
            "theme \"Price\" names survey \"staff\", which is not configured\n  {place}"
        )),
        "{err}"
    );
    assert!(err.contains("surveys are named by their id: nps"), "{err}");
    assert!(err.contains("theme \"Price\" is configured twice"), "{err}");
    assert!(!dir.path().join("public").exists());
}
