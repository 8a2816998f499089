//! A survey's filters, `only` and `leave_out`: rows that are not answers to report (a Qualtrics
//! preview or test, spam, an unfinished response) are left out of every figure and counted.

mod common;

use std::path::Path;

use common::{cxreport, stderr};

/// A Qualtrics export (three header rows), numbered by response: `R_1` to `R_9`. Hand count of
/// what the filters below keep: finished (`True` or `1`), not a preview or spam.
///
/// | id | Status | Finished | score | region | kept |
/// | --- | --- | --- | --- | --- | --- |
/// | R_1 | IP Address | True | 10 | Oslo | yes |
/// | R_2 | Survey Preview | True | 0 | Oslo | no: a preview |
/// | R_3 | IP Address | False | 0 | Bergen | no: unfinished |
/// | R_4 | IP Address | 1 | 9 | Bergen | yes |
/// | R_5 | spam | TRUE | 0 | Tromsø | no: spam, in another case |
/// | R_6 | IP Address | true | 3 | Bergen | yes |
/// | R_6 | IP Address | True | 10 | Bergen | no: R_6 seen before |
/// | R_7 | Survey Preview | True | (empty) | Oslo | no: a preview, not an empty score |
/// | R_8 | IP Address | True | (empty) | Oslo | an empty score |
/// | R_9 | Survey Preview | True | 0 | Oslo | no: a preview |
/// | R_9 | IP Address | True | 10 | Oslo | yes: the preview's id is not an answer's |
///
/// Kept: 10, 9, 3, 10, so 3 promoters and 1 detractor of 4 (NPS 50); Tromsø answered only as
/// spam.
const EXPORT: &str = "\
StartDate,Status,Finished,RecordedDate,ResponseId,Q1,Q2,Region
Start Date,Response Type,Finished,Recorded Date,Response ID,How likely are you to recommend us?,Why?,Region
\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\"{\"\"ImportId\"\":\"\"recordedDate\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\"
2024-03-01 09:00:00,IP Address,True,2024-03-01 09:00:00,R_1,10,Kept one,Oslo
2024-03-01 10:00:00,Survey Preview,True,2024-03-01 10:00:00,R_2,0,Testing the survey,Oslo
2024-03-02 09:00:00,IP Address,False,2024-03-02 09:00:00,R_3,0,Gave up,Bergen
2024-03-02 10:00:00,IP Address,1,2024-03-02 10:00:00,R_4,9,,Bergen
2024-03-03 09:00:00,spam,TRUE,2024-03-03 09:00:00,R_5,0,Buy now,Tromsø
2024-03-03 10:00:00, IP Address ,true,2024-03-03 10:00:00,R_6,3,Slow,Bergen
2024-03-03 11:00:00,IP Address,True,2024-03-03 11:00:00,R_6,10,Again,Bergen
2024-03-04 09:00:00,Survey Preview,True,2024-03-04 09:00:00,R_7,,,Oslo
2024-03-04 10:00:00,IP Address,True,2024-03-04 10:00:00,R_8,,,Oslo
2024-03-05 09:00:00,Survey Preview,True,2024-03-05 09:00:00,R_9,0,Preview again,Oslo
2024-03-05 10:00:00,IP Address,True,2024-03-05 10:00:00,R_9,10,Real one,Oslo
";

const FILTERS: &str = "only = { Finished = [\"True\", \"1\"] }\n\
                       leave_out = { Status = [\"Survey Preview\", \"Spam\"] }\n";

/// A project reading `export` (Qualtrics) with `settings` added to its survey.
fn project(export: &str, settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/export.csv"), export).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"Filters\"\n\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
             files = \"data/export.csv\"\nformat = \"qualtrics\"\nmin_n = 1\n\
             columns = {{ score = \"Q1\", comment = \"Q2\" }}\n\
             dimensions = [{{ title = \"Region\", column = \"Region\" }}]\n{settings}"
        ),
    )
    .unwrap();
    dir
}

/// Builds the project in `dir`; the survey's part of metrics.json.
fn build(dir: &Path) -> serde_json::Value {
    common::build_metrics(dir)["surveys"][0].take()
}

#[test]
fn previews_spam_and_unfinished_answers_are_left_out_and_counted() {
    let dir = project(EXPORT, FILTERS);
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "  filters: only \"Finished\" = \"True\", \"1\"; \
             leave out \"Status\" = \"Survey Preview\", \"Spam\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("11 rows in 1 file, 1 empty score"),
        "the preview with an empty score is left out, not an empty score: {text}"
    );
    assert!(
        text.contains(
            "skipped: response id seen before: 1, \
             left out by a filter: 5"
        ),
        "{text}"
    );

    let survey = &build(dir.path());
    assert_eq!(
        survey["skipped"],
        serde_json::json!({ "duplicate_response_id": 1, "left_out": 5 })
    );
    assert_eq!(survey["records"], 11);
    let total = &survey["overall"]["total"];
    assert_eq!(
        (
            total["n"].as_u64(),
            total["groups"]["top"].as_u64(),
            total["groups"]["bottom"].as_u64(),
            total["score"]["value"].as_f64()
        ),
        (Some(4), Some(3), Some(1), Some(50.0)),
        "{total}"
    );
    let regions: Vec<&str> = (survey["dimensions"][0]["values"].as_array().unwrap().iter())
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["Bergen", "Oslo"], "Tromsø answered only as spam");
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(
        page.contains("Kept one") && page.contains("Real one"),
        "{page}"
    );
    for left_out in ["Testing the survey", "Gave up", "Buy now", "Preview again"] {
        assert!(!page.contains(left_out), "{left_out} is shown");
    }
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains("<td>response id seen before: 1, left out by a filter: 5</td>"),
        "{methodology}"
    );
}

#[test]
fn without_filters_every_row_is_an_answer() {
    // The same export read as it is: the previews, the spam and the unfinished answer count.
    // 10, 0, 0, 9, 0, 3, 0: R_6's second row and R_9's are ids seen before, R_7 and R_8 have
    // empty scores. 2 promoters and 5 detractors of 7.
    let dir = project(EXPORT, "");
    let survey = &build(dir.path());
    assert_eq!(
        survey["skipped"],
        serde_json::json!({ "duplicate_response_id": 2 })
    );
    let total = &survey["overall"]["total"];
    assert_eq!(
        (
            total["n"].as_u64(),
            total["groups"]["top"].as_u64(),
            total["groups"]["bottom"].as_u64()
        ),
        (Some(7), Some(2), Some(5)),
        "{total}"
    );
}

#[test]
fn a_filter_on_a_column_not_in_the_file_is_an_error_at_the_header() {
    let dir = project(EXPORT, "leave_out = { Stauts = \"Survey Preview\" }\n");
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the `leave_out` filter column \"Stauts\" is not in the file's header"),
        "{err}"
    );
    assert!(err.contains("data/export.csv:1:1"), "{err}");
    assert!(
        err.contains("\"Status\""),
        "the hint lists the header: {err}"
    );
    // Two letters swapped: the nearest name is suggested, and where to fix it.
    assert!(
        err.contains("hint: did you mean \"Status\"? the header has \"StartDate\""),
        "{err}"
    );
    assert!(
        err.contains("; fix the name in the survey's `leave_out` or in the file"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());

    // The same, in any case: names are matched exactly, and the hint says how it is written.
    let dir = project(EXPORT, "only = { finished = \"True\" }\n");
    let err = stderr(&cxreport(dir.path(), &["check"]));
    assert!(
        err.contains("the `only` filter column \"finished\" is not in the file's header"),
        "{err}"
    );
    assert!(err.contains("the header has \"Finished\""), "{err}");
}

#[test]
fn a_filter_without_a_column_or_values_is_a_configuration_error() {
    for (settings, message) in [
        (
            "only = { Finished = [] }\n",
            "survey \"nps\": only lists no value for column \"Finished\"",
        ),
        (
            "leave_out = { \" \" = \"Spam\" }\n",
            "survey \"nps\": leave_out names an empty column",
        ),
        (
            "leave_out = { Status = 1 }\n",
            "invalid type: integer `1`, expected a text or a list of texts",
        ),
    ] {
        let dir = project(EXPORT, settings);
        let out = cxreport(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{settings}");
        let err = stderr(&out);
        assert!(err.contains(message), "{settings}: {err}");
        assert!(err.contains("cxreport.toml"), "{settings}: {err}");
    }
}

#[test]
fn a_tallied_row_left_out_counts_the_answers_it_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(
        dir.path().join("data/tallied.csv"),
        "date,score,channel,answers\n\
         2024-03-01,10,Web,5\n\
         2024-03-01,0,Test,7\n\
         2024-03-02,0,Web,2\n\
         2024-03-02,9,test ,4\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"Tallied\"\n\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
         files = \"data/tallied.csv\"\nmin_n = 1\n\
         columns = { score = \"score\", date = \"date\", count = \"answers\" }\n\
         leave_out = { channel = \"test\" }\n",
    )
    .unwrap();
    let survey = &build(dir.path());
    assert_eq!(survey["skipped"], serde_json::json!({ "left_out": 11 }));
    // 5 promoters and 2 detractors.
    let total = &survey["overall"]["total"];
    assert_eq!(
        (total["n"].as_u64(), total["groups"]["top"].as_u64()),
        (Some(7), Some(5)),
        "{total}"
    );
}

#[test]
fn filters_that_leave_out_every_row_are_warned_about() {
    // The export writes "True", not "Yes": every row is left out.
    let dir = project(EXPORT, "only = { Finished = \"Yes\" }\n");
    let out = cxreport(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let warning = "warning: survey \"nps\" has no answers yet: its filters (only, leave_out) left \
                   out every row read: are their values written as the file writes them?";
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));
    let out = cxreport(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: survey \"nps\" has no answers yet: its filters"));

    // A survey with no filters and no scores is told the other cause.
    let dir = project(
        &EXPORT
            .replace(",10,", ",,")
            .replace(",9,", ",,")
            .replace(",3,", ",,")
            .replace(",0,", ",,"),
        "",
    );
    let err = stderr(&cxreport(dir.path(), &["check"]));
    assert!(
        err.contains("survey \"nps\" has no answers yet: its files hold no row with a score"),
        "{err}"
    );
}
