//! Every format preset and encoding fixture (tests/fixtures/formats) builds the same, correct
//! figures: the six answers 10, 10, 9, 7, 3, 6 (and one skipped question) in each tool's layout.

mod common;

use cxreport::report::Report;

/// Builds a report from one fixture file with the given survey settings; the region is in the
/// column "Region".
fn check(file: &str, settings: &str) -> Report {
    check_with_region(file, "Region", settings)
}

/// Builds a report from one fixture file, naming its region column.
fn check_with_region(file: &str, region: &str, settings: &str) -> Report {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(
        common::fixture("formats").join(file),
        dir.path().join("data").join(file),
    )
    .unwrap();
    let config = format!(
        "title = \"Formats\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nmin_n = 1\n\
         files = \"data/{file}\"\ndimensions = [{{ title = \"Region\", column = \"{region}\" }}]\n{settings}\n"
    );
    std::fs::write(dir.path().join("cxreport.toml"), config).unwrap();
    match cxreport::check(&dir.path().join("cxreport.toml")) {
        Ok((_, report)) => report,
        Err(e) => panic!("{file}: {e}"),
    }
}

/// The figures every fixture must give.
fn assert_the_six_answers(file: &str, report: &Report) {
    let survey = &report.surveys[0];
    let scores = survey.overall.total.shown().unwrap();
    assert_eq!(scores.n, 6, "{file}");
    assert_eq!(
        (
            scores.groups.top,
            scores.groups.middle,
            scores.groups.bottom
        ),
        (3, 1, 2),
        "{file}"
    );
    assert!((scores.score.value - 100.0 / 6.0).abs() < 1e-9, "{file}");
    assert_eq!(survey.empty_scores, 1, "{file}");
    assert_eq!(survey.records, 7, "{file}");
    let (first, last) = survey.periods_covered.unwrap();
    assert_eq!(
        (first.to_string(), last.to_string()),
        ("2024-03".into(), "2024-03".into())
    );
    let regions: Vec<&str> = survey.dimensions[0]
        .values
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(
        regions,
        vec!["Göteborg", "København", "Trøndelag"],
        "{file}"
    );
    // The comment with a line break inside quotes survives whole.
    let comments: Vec<&str> = survey.overall.comments.iter().map(|c| &*c.text).collect();
    assert!(
        comments.contains(&"Bra pris,\nbra folk"),
        "{file}: {comments:?}"
    );
    assert!(
        comments.contains(&"Rask levering, \"veldig\" fornøyd"),
        "{file}: {comments:?}"
    );
}

#[test]
fn qualtrics_skips_its_three_header_rows() {
    let columns = "format = \"qualtrics\"\ncolumns = { score = \"Q1\", comment = \"Q2\" }";
    let report = check("qualtrics.csv", columns);
    assert_the_six_answers("qualtrics.csv", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(
        (file.encoding.as_str(), file.bom, file.header_rows),
        ("UTF-8", true, 3)
    );
    assert_eq!(file.line_endings, "CRLF");
}

#[test]
fn legacy_qualtrics_skips_two_header_rows() {
    let columns = "format = \"qualtrics-legacy\"\ncolumns = { score = \"Q1\", comment = \"Q2\" }";
    assert_the_six_answers(
        "qualtrics-legacy.csv",
        &check("qualtrics-legacy.csv", columns),
    );
}

#[test]
fn surveymonkey_reads_us_dates_and_the_question_text_header() {
    let columns = "format = \"surveymonkey\"\ncolumns = { score = \"How likely is it that you would recommend Kvist & Kyst to a friend or colleague?\", comment = \"What is the main reason for your score?\" }";
    assert_the_six_answers("surveymonkey.csv", &check("surveymonkey.csv", columns));
}

#[test]
fn typeform_ignores_trailing_blank_lines() {
    let columns = "format = \"typeform\"\ncolumns = { score = \"How likely is it that you would recommend Kvist & Kyst to a friend or colleague?\", comment = \"Why?\" }";
    assert_the_six_answers("typeform.csv", &check("typeform.csv", columns));
}

#[test]
fn google_forms_needs_the_owners_date_format() {
    let columns = "format = \"google-forms\"\ndate_format = \"%d.%m.%Y %H:%M:%S\"\ncolumns = { score = \"How likely is it that you would recommend Kvist & Kyst to a friend or colleague?\", comment = \"Why?\" }";
    assert_the_six_answers("google-forms.csv", &check("google-forms.csv", columns));
}

#[test]
fn microsoft_forms_reads_short_us_dates() {
    let columns = "format = \"microsoft-forms\"\ncolumns = { score = \"How likely is it that you would recommend Kvist & Kyst to a friend or colleague?\", comment = \"Why?\" }";
    assert_the_six_answers(
        "microsoft-forms.csv",
        &check("microsoft-forms.csv", columns),
    );
}

#[test]
fn formbricks_reads_iso_timestamps_with_milliseconds() {
    let columns = "format = \"formbricks\"\ncolumns = { score = \"How likely is it that you would recommend Kvist & Kyst to a friend or colleague?\", comment = \"Why?\" }";
    assert_the_six_answers("formbricks.csv", &check("formbricks.csv", columns));
}

#[test]
fn delighted_needs_no_columns_but_the_comment() {
    let columns = "format = \"delighted\"\ncolumns = { comment = \"Comment\" }";
    assert_the_six_answers("delighted.csv", &check("delighted.csv", columns));
}

#[test]
fn excel_on_a_norwegian_machine_is_windows_1252_with_semicolons() {
    let columns = "format = \"netigate\"\ndate_format = \"%d.%m.%Y\"\ncolumns = { score = \"Anbefaling\", date = \"Dato\", comment = \"Kommentar\" }";
    let report = check("netigate-excel.csv", columns);
    assert_the_six_answers("netigate-excel.csv", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(
        (file.encoding.as_str(), file.delimiter.as_str()),
        ("windows-1252", ";")
    );
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let report = check_lower("excel-unicode.txt");
    assert_the_six_answers("excel-unicode.txt", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(
        (file.encoding.as_str(), file.delimiter.as_str(), file.bom),
        ("UTF-16LE", "tab", true)
    );
}

/// A fixture whose columns are lower case (`region`).
fn check_lower(file: &str) -> Report {
    check_with_region(
        file,
        "region",
        "score_text = \"leading-number\"\n\
         columns = { score = \"score\", date = \"date\", comment = \"comment\" }",
    )
}

#[test]
fn labelled_answers_read_their_leading_number() {
    assert_the_six_answers("labelled.csv", &check_lower("labelled.csv"));
}
