//! Every format preset and encoding fixture (tests/fixtures/formats) builds the same, correct
//! figures: the six answers 10, 10, 9, 7, 3, 6 (and one skipped question) in each tool's layout.

mod common;

use cxreport::report::{FileReport, Report, SourceReport};

/// Builds a report from one fixture file with the given survey settings; the region is in the
/// column "Region".
fn check(file: &str, settings: &str) -> Report {
    check_with_region(file, "Region", settings)
}

/// Builds a report from one fixture file, naming its region column.
fn check_with_region(file: &str, region: &str, settings: &str) -> Report {
    let bytes = std::fs::read(common::fixture("formats").join(file)).unwrap();
    match check_files(&[(file, bytes)], file, region, settings) {
        Ok(report) => report,
        Err(e) => panic!("{file}: {e}"),
    }
}

/// Builds a report from files written to `data/`, the survey reading those `pattern` matches.
fn check_files(
    files: &[(&str, Vec<u8>)],
    pattern: &str,
    region: &str,
    settings: &str,
) -> Result<Report, cxreport::error::Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join("data").join(name), bytes).unwrap();
    }
    let config = format!(
        "title = \"Formats\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nmin_n = 1\n\
         files = \"data/{pattern}\"\ndimensions = [{{ title = \"Region\", column = \"{region}\" }}]\n{settings}\n"
    );
    std::fs::write(dir.path().join("cxreport.toml"), config).unwrap();
    cxreport::check(&dir.path().join("cxreport.toml")).map(|(_, report)| report)
}

/// A text file's encoding, byte-order mark, delimiter and line endings.
fn text_layout(file: &FileReport) -> (&str, bool, &str, &str) {
    match &file.source {
        SourceReport::Text {
            encoding,
            bom,
            delimiter,
            line_endings,
            ..
        } => (encoding, *bom, delimiter, line_endings),
        SourceReport::Sheet { sheet } => panic!("{}: read as the sheet {sheet}", file.path),
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
    assert_eq!(text_layout(file), ("UTF-8", true, ",", "CRLF"));
    assert_eq!(file.header_rows, 3);
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

/// The matrix question's statements in the `surveymonkey-matrix.csv` fixture, mapped as drivers.
const MATRIX_DRIVERS: &str = "drivers = [\n  { id = \"price\", title = \"Price\", column = \"How would \
                              you rate our: - Price\" },\n  { id = \"delivery\", title = \"Delivery\", \
                              column = \"How would you rate our: - Delivery\" },\n]";

/// Each driver's answers 1-5 in a report.
fn driver_answers(report: &Report) -> Vec<(String, [u64; 5])> {
    (report.surveys[0].drivers.iter())
        .map(|driver| match &driver.figure {
            cxreport::report::DriverFigure::Shown(scores) => {
                (driver.id.clone(), scores.distribution)
            }
            other => panic!("{}: {other:?}", driver.id),
        })
        .collect()
}

/// The answers to the matrix's statements in rows with a score, counted by hand: price 5, 4, 5,
/// 3, 1, 2 and delivery 4, (skipped), 5, 4, 2, 3.
fn assert_the_matrix_answers(file: &str, report: &Report) {
    assert_the_six_answers(file, report);
    assert_eq!(
        driver_answers(report),
        [
            ("price".to_string(), [1, 1, 1, 1, 2]),
            ("delivery".to_string(), [0, 1, 1, 2, 1]),
        ],
        "{file}"
    );
}

#[test]
fn surveymonkey_names_a_matrix_statement_after_its_question() {
    let settings = format!(
        "format = \"surveymonkey\"\ncolumns = {{ score = \"How likely is it that you would recommend \
         Kvist & Kyst to a friend or colleague?\", comment = \"What is the main reason for your \
         score?\" }}\n{MATRIX_DRIVERS}"
    );
    let report = check("surveymonkey-matrix.csv", &settings);
    assert_the_matrix_answers("surveymonkey-matrix.csv", &report);
}

#[test]
fn a_surveymonkey_workbook_names_its_statements_too() {
    // The same export saved as a workbook, every cell text: the sheet's header rows are read as
    // the file's are.
    let csv = std::fs::read(common::fixture("formats").join("surveymonkey-matrix.csv")).unwrap();
    let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv[..])
        .records()
        .map(Result::unwrap)
        .collect();
    let rows = (records.iter())
        .map(|record| {
            (record.iter())
                .map(|field| match field {
                    "" => common::Cell::Empty,
                    text => common::Cell::Text(text),
                })
                .collect()
        })
        .collect();
    let files = [("monkey.xlsx", common::xlsx(&[("Sheet1", (0, 0), rows)]))];
    let settings = format!(
        "format = \"surveymonkey\"\ncolumns = {{ score = \"How likely is it that you would recommend \
         Kvist & Kyst to a friend or colleague?\", comment = \"What is the main reason for your \
         score?\" }}\n{MATRIX_DRIVERS}"
    );
    let report = check_files(&files, "monkey.xlsx", "Region", &settings).unwrap();
    assert_the_matrix_answers("monkey.xlsx", &report);
}

#[test]
fn a_matrix_question_mapped_by_its_text_alone_is_told_its_columns() {
    let settings = "format = \"surveymonkey\"\ncolumns = { score = \"How likely is it that you would \
                    recommend Kvist & Kyst to a friend or colleague?\" }\ndrivers = [{ title = \"Rating\", \
                    column = \"How would you rate our:\" }]";
    let bytes = std::fs::read(common::fixture("formats").join("surveymonkey-matrix.csv")).unwrap();
    let files = [("monkey.csv", bytes)];
    let error = check_files(&files, "monkey.csv", "Region", settings).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(
            "the \"Rating\" driver column \"How would you rate our:\" is not in the file's header"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "the question's columns are named with their statements: \"How would you rate our: - \
             Price\", \"How would you rate our: - Delivery\""
        ),
        "{text}"
    );
    // An input problem, which `main` exits with 1 for.
    assert!(matches!(error, cxreport::error::Error::Input(_)), "{text}");
}

#[test]
fn without_the_preset_the_second_header_row_names_nothing() {
    // header_rows = 2 alone skips the row: the matrix's second column keeps its empty name.
    let settings = format!(
        "header_rows = 2\ndate_format = \"%m/%d/%Y %I:%M:%S %p\"\ncolumns = {{ score = \"How likely \
         is it that you would recommend Kvist & Kyst to a friend or colleague?\", date = \"End \
         Date\" }}\n{MATRIX_DRIVERS}"
    );
    let bytes = std::fs::read(common::fixture("formats").join("surveymonkey-matrix.csv")).unwrap();
    let files = [("monkey.csv", bytes)];
    let text = check_files(&files, "monkey.csv", "Region", &settings)
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("the \"Price\" driver column \"How would you rate our: - Price\" is not in the file's header"),
        "{text}"
    );
}

#[test]
fn a_tools_export_read_without_its_format_is_said_to_need_it_first() {
    // SurveyMonkey's second header row is read as an answer and its dates are not ISO: the
    // problems' cause comes first.
    let columns = "columns = { score = \"How likely is it that you would recommend Kvist & Kyst \
                   to a friend or colleague?\", date = \"End Date\" }";
    let bytes = std::fs::read(common::fixture("formats").join("surveymonkey.csv")).unwrap();
    let error = check_files(&[("monkey.csv", bytes)], "monkey.csv", "Region", columns).unwrap_err();
    let cxreport::error::Error::Input(problems) = &error else {
        panic!("{error}");
    };
    assert_eq!(
        problems[0].message,
        "data/monkey.csv looks like an export from SurveyMonkey, and survey \"s\" sets no format",
        "{error}"
    );
    assert!(
        error.to_string().contains("set format = \"surveymonkey\""),
        "{error}"
    );
    assert!(
        problems[1].message.starts_with("score \"Response\""),
        "{error}"
    );
    // A workbook's first row is looked at too.
    let files = [("forms.xlsx", forms_workbook())];
    let settings = "columns = { score = \"Score\", date = \"Completion time\" }";
    let error = check_files(&files, "forms.xlsx", "Region", settings).unwrap_err();
    assert!(
        error.to_string().contains(
            "data/forms.xlsx looks like an export from Microsoft Forms, and survey \"s\" sets no \
             format"
        ),
        "{error}"
    );
    // A file that is no tool's export gets no such word.
    let plain = "id,date,score,Region\n1,2024-03-05,x,Oslo\n"
        .as_bytes()
        .to_vec();
    let settings = "columns = { score = \"score\", date = \"date\" }";
    let error = check_files(&[("plain.csv", plain)], "plain.csv", "Region", settings).unwrap_err();
    assert!(
        !error.to_string().contains("looks like an export"),
        "{error}"
    );
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

/// The settings of the Norwegian Netigate export.
const NETIGATE: &str = "format = \"netigate\"\ndate_format = \"%d.%m.%Y\"\ncolumns = { score = \"Anbefaling\", date = \"Dato\", comment = \"Kommentar\" }";

#[test]
fn excel_on_a_norwegian_machine_is_windows_1252_with_semicolons() {
    let columns = NETIGATE;
    let report = check("netigate-excel.csv", columns);
    assert_the_six_answers("netigate-excel.csv", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(text_layout(file), ("windows-1252", false, ";", "CRLF"));
}

#[test]
fn excel_s_sep_line_names_the_delimiter_and_is_not_the_header() {
    // The Norwegian export with Excel's `sep=;` first line: the header is line 2.
    let columns = NETIGATE;
    let report = check("excel-sep-line.csv", columns);
    assert_the_six_answers("excel-sep-line.csv", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(text_layout(file), ("windows-1252", false, ";", "CRLF"));
    assert!(matches!(
        file.source,
        SourceReport::Text { sep_line: true, .. }
    ));
    // Problems keep the lines an editor shows: a header name on line 2, a score on line 4.
    let bytes = std::fs::read(common::fixture("formats").join("excel-sep-line.csv")).unwrap();
    let misnamed = columns.replace("\"Anbefaling\"", "\"Score\"");
    let problems = problems(&[("a.csv", bytes.clone())], &misnamed);
    let place = problems[0].place.as_ref().unwrap();
    assert_eq!(
        (place.line, place.column),
        (Some(2), Some(1)),
        "{problems:?}"
    );
    let at = bytes.windows(4).position(|w| w == b";10,").unwrap();
    let bad = [&bytes[..at], b";elleve,", &bytes[at + 4..]].concat();
    let problems = self::problems(&[("a.csv", bad)], columns);
    let place = problems[0].place.as_ref().unwrap();
    assert_eq!(
        (place.line, place.column),
        (Some(3), Some(3)),
        "{problems:?}"
    );
}

#[test]
fn an_empty_file_is_one_problem_at_the_line_its_header_belongs_on() {
    let columns = "columns = { score = \"Score\", date = \"Date\" }";
    // (file, line): nothing, a byte-order mark, blank lines, an Excel `sep=` line alone.
    for (bytes, line) in [
        (&b""[..], 1),
        (b"\xef\xbb\xbf", 1),
        (b"\r\n\n", 3),
        (b"sep=;\r\n", 2),
    ] {
        let found = problems(&[("a.csv", bytes.to_vec())], columns);
        assert_eq!(found.len(), 1, "{bytes:?}: {found:#?}");
        assert_eq!(found[0].message, "the file is empty: it has no header row");
        let place = found[0].place.as_ref().unwrap();
        assert_eq!(
            (place.line, place.column),
            (Some(line), Some(1)),
            "{bytes:?}"
        );
    }
    // A header below blank lines is placed on its own line, as an editor shows it.
    let found = problems(&[("a.csv", b"\n\nWhen,Score\n".to_vec())], columns);
    assert_eq!(
        found[0].message,
        "the date column \"Date\" is not in the file's header"
    );
    assert_eq!(found[0].place.as_ref().unwrap().line, Some(3));
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let report = check_lower("excel-unicode.txt");
    assert_the_six_answers("excel-unicode.txt", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(text_layout(file), ("UTF-16LE", true, "tab", "CRLF"));
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

/// Excel's serial number of a day in March 2024 at a time: days since 1899-12-30.
fn march_2024(day: u32, hour: u32, minute: u32, second: u32) -> f64 {
    45351.0 + f64::from(day) + f64::from(hour * 3600 + minute * 60 + second) / 86400.0
}

/// The six answers (and one skipped question) as Microsoft Forms' "Open in Excel" download holds
/// them: numbers and dates as typed cells, the comment with a line break inside one cell.
fn forms_workbook() -> Vec<u8> {
    use common::Cell::{Date, Empty, Number, Text};
    let header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "How likely is it that you would recommend Kvist & Kyst to a friend or colleague?",
        "Why?",
        "Region",
    ];
    let answers = [
        (10.0, "Rask levering, \"veldig\" fornøyd", "Trøndelag"),
        (10.0, "", "Göteborg"),
        (9.0, "Bra pris,\nbra folk", "Trøndelag"),
        (7.0, "", "København"),
        (3.0, "Lång väntetid", "Göteborg"),
        (6.0, "", "Trøndelag"),
        (-1.0, "skipped the question", "København"),
    ];
    let mut rows = vec![header.iter().map(|h| Text(h)).collect::<Vec<_>>()];
    for (i, (score, comment, region)) in answers.iter().enumerate() {
        let day = 5 + i as u32;
        let at = Date(march_2024(day, 9 + i as u32, 22, 10));
        rows.push(vec![
            Number(1.0 + i as f64),
            at,
            at,
            Text("anonymous"),
            Empty,
            if *score < 0.0 { Empty } else { Number(*score) },
            if comment.is_empty() {
                Empty
            } else {
                Text(comment)
            },
            Text(region),
        ]);
    }
    common::xlsx(&[("Form1", (0, 0), rows)])
}

/// The Microsoft Forms columns, with `more` keys.
fn forms_columns(more: &str) -> String {
    format!(
        "columns = {{ score = \"How likely is it that you would recommend Kvist & Kyst to a \
         friend or colleague?\", comment = \"Why?\"{more} }}"
    )
}

#[test]
fn a_microsoft_forms_workbook_reads_its_typed_dates_and_numbers() {
    // The preset's date format is for the CSV export (3/5/24 9:22:10); the workbook's date cells
    // are written in it, and its response ids make the survey read in order, on one thread.
    let settings = format!("format = \"microsoft-forms\"\n{}", forms_columns(""));
    let files = [("forms.xlsx", forms_workbook())];
    let report = check_files(&files, "forms.xlsx", "Region", &settings).unwrap();
    assert_the_six_answers("forms.xlsx", &report);
    let file = &report.surveys[0].files[0];
    assert_eq!(
        file.source,
        SourceReport::Sheet {
            sheet: "Form1".into()
        }
    );
    assert_eq!((file.header_rows, file.records), (1, 7));
}

#[test]
fn workbooks_and_csv_files_of_one_survey_add_up() {
    // No response id: CSV chunks are read on the workers while the workbook is read beside them.
    let settings = format!(
        "date_format = \"%m/%d/%y %H:%M:%S\"\n{}",
        forms_columns(", date = \"Completion time\"")
    );
    let csv = std::fs::read(common::fixture("formats").join("microsoft-forms.csv")).unwrap();
    let alone = check_files(&[("b.csv", csv.clone())], "*", "Region", &settings).unwrap();
    let both = check_files(
        &[("a.xlsx", forms_workbook()), ("b.csv", csv)],
        "*",
        "Region",
        &settings,
    )
    .unwrap();
    let (one, two) = (&alone.surveys[0], &both.surveys[0]);
    assert_eq!(one.records, 7);
    assert_eq!(two.records, 14);
    assert_eq!(two.empty_scores, 2);
    let (n1, n2) = (
        one.overall.total.shown().unwrap(),
        two.overall.total.shown().unwrap(),
    );
    assert_eq!(n2.n, 2 * n1.n);
    assert_eq!(
        (n2.groups.top, n2.groups.middle, n2.groups.bottom),
        (6, 2, 4)
    );
    assert_eq!(two.files.len(), 2);
    assert!(matches!(two.files[0].source, SourceReport::Sheet { .. }));
    assert_eq!(text_layout(&two.files[1]).0, "UTF-8");
}

#[test]
fn a_response_id_in_a_workbook_is_the_same_id_in_a_csv_file() {
    // The preset maps the ID column. The workbook's ids are number cells (1.0 to 7.0), read as
    // "1" to "7", so the CSV export of the same form repeats all seven.
    let settings = format!("format = \"microsoft-forms\"\n{}", forms_columns(""));
    let csv = std::fs::read(common::fixture("formats").join("microsoft-forms.csv")).unwrap();
    let files = [("a.xlsx", forms_workbook()), ("b.csv", csv)];
    let report = check_files(&files, "*", "Region", &settings).unwrap();
    let survey = &report.surveys[0];
    assert_eq!(survey.records, 14);
    assert_eq!(survey.skipped.get("duplicate_response_id"), Some(&7));
    let total = survey.overall.total.shown().unwrap();
    assert_eq!(
        (
            total.n,
            total.groups.top,
            total.groups.middle,
            total.groups.bottom
        ),
        (6, 3, 1, 2)
    );
}

#[test]
fn a_workbook_after_a_csv_file_repeats_its_ids() {
    // The same two exports, the CSV file first: now the sheet, read on the calling thread while
    // workers read the CSV file, holds the repeats, and the CSV file's answers are counted.
    let settings = format!("format = \"microsoft-forms\"\n{}", forms_columns(""));
    let csv = std::fs::read_to_string(common::fixture("formats").join("microsoft-forms.csv"))
        .unwrap()
        // The first answer's 10 becomes a 0 in the CSV file, so that the two files' figures
        // differ and tell which file's answers were counted.
        .replacen(",10,\"Rask", ",0,\"Rask", 1)
        .into_bytes();
    let alone = check_files(&[("a.csv", csv.clone())], "*", "Region", &settings).unwrap();
    let groups = |report: &Report| report.surveys[0].overall.total.shown().unwrap().groups;
    assert_eq!((groups(&alone).top, groups(&alone).bottom), (2, 3));
    let files = [("a.csv", csv), ("b.xlsx", forms_workbook())];
    let report = check_files(&files, "*", "Region", &settings).unwrap();
    let survey = &report.surveys[0];
    assert_eq!(survey.records, 14);
    assert_eq!(survey.skipped.get("duplicate_response_id"), Some(&7));
    assert!(matches!(survey.files[1].source, SourceReport::Sheet { .. }));
    let json = |overall: &cxreport::report::GroupReport| serde_json::to_value(overall).unwrap();
    assert_eq!(json(&survey.overall), json(&alone.surveys[0].overall));
}

/// The problems of a survey of `files`, as `cxreport check` lists them.
fn problems(files: &[(&str, Vec<u8>)], settings: &str) -> Vec<cxreport::error::Problem> {
    match check_files(files, "*", "Region", settings) {
        Err(cxreport::error::Error::Input(problems)) => problems,
        other => panic!("expected input problems, got {other:?}"),
    }
}

#[test]
fn workbook_problems_name_the_cell_a_user_finds_in_the_spreadsheet() {
    use common::Cell::{Date, Error, Number, Text};
    // The table starts at B3 (two empty rows above, column A empty): row and column numbers
    // are the sheet's, not the table's.
    let rows = vec![
        vec![Text("Date"), Text("Score"), Text("Region")],
        vec![Date(march_2024(5, 9, 0, 0)), Number(9.0), Text("Oslo")],
        vec![Date(march_2024(6, 9, 0, 0)), Text("eleven"), Text("Oslo")],
        vec![Text("not a date"), Number(7.0), Text("Oslo")],
        vec![Date(march_2024(8, 9, 0, 0)), Error("#N/A"), Text("Oslo")],
        vec![Date(march_2024(9, 9, 0, 0)), Number(9.5), Text("Oslo")],
    ];
    let files = [("answers.xlsx", common::xlsx(&[("Sheet1", (2, 1), rows)]))];
    let found = problems(&files, "columns = { score = \"Score\", date = \"Date\" }");
    let shown: Vec<String> = found.iter().map(|p| p.to_string()).collect();
    assert_eq!(found.len(), 4, "{shown:#?}");
    let places: Vec<(u64, u64, &str)> = found
        .iter()
        .map(|p| {
            let place = p.place.as_ref().unwrap();
            let field = place.field.as_deref().unwrap();
            (place.line.unwrap(), place.column.unwrap(), field)
        })
        .collect();
    assert_eq!(
        places,
        [
            (5, 3, "Score"),
            (6, 2, "Date"),
            (7, 3, "Score"),
            (8, 3, "Score")
        ]
    );
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "score \"eleven\" is not a whole number",
            "date \"not a date\" does not parse",
            "score \"#N/A\" is not a whole number",
            "score \"9.5\" is not a whole number",
        ]
    );
    assert!(
        shown[0].contains("/data/answers.xlsx:5:3 (column \"Score\")"),
        "{}",
        shown[0]
    );
    // A column missing from the header is placed on the header's row, 3, not on row 1.
    let found = problems(&files, "columns = { score = \"Rating\", date = \"Date\" }");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].place.as_ref().unwrap().line, Some(3), "{found:?}");
}

#[test]
fn a_sheet_is_chosen_by_name_and_an_unknown_one_lists_those_there_are() {
    use common::Cell::{Date, Number, Text};
    let header = vec![Text("Date"), Text("Score"), Text("Region")];
    let row = |score| vec![Date(march_2024(5, 9, 0, 0)), Number(score), Text("Oslo")];
    let book = common::xlsx(&[
        ("Summary", (0, 0), vec![vec![Text("A chart was here")]]),
        (
            "Answers",
            (0, 0),
            vec![header, row(10.0), row(0.0), row(10.0)],
        ),
    ]);
    let files = [("book.xlsx", book)];
    let columns = "columns = { score = \"Score\", date = \"Date\" }";
    let report = check_files(
        &files,
        "*",
        "Region",
        &format!("sheet = \"Answers\"\n{columns}"),
    )
    .unwrap();
    let total = report.surveys[0].overall.total.shown().unwrap();
    assert_eq!((total.n, total.groups.top, total.groups.bottom), (3, 2, 1));
    assert_eq!(
        report.surveys[0].files[0].source,
        SourceReport::Sheet {
            sheet: "Answers".into()
        }
    );

    // The first sheet, by default, has no such columns.
    let found = problems(&files, columns);
    assert!(
        found[0]
            .message
            .contains("the score column \"Score\" is not in the file's header")
    );

    let found = problems(&files, &format!("sheet = \"Answer\"\n{columns}"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "the workbook has no sheet \"Answer\"");
    assert_eq!(
        found[0].hint.as_deref(),
        Some(
            "its sheets are \"Summary\", \"Answers\"; set sheet = \"...\" in the survey to one of them"
        )
    );
}

#[test]
fn broken_and_misnamed_workbooks_are_reported_not_read_as_text() {
    let columns = "columns = { score = \"Score\", date = \"Date\" }";
    let mut book = forms_workbook();
    book.truncate(book.len() / 2);
    let found = problems(&[("cut.xlsx", book)], columns);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.starts_with("cannot read the workbook: "),
        "{}",
        found[0]
    );
    assert!(found[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
    assert_eq!(
        found[0].place.as_ref().unwrap().file.file_name().unwrap(),
        "cut.xlsx"
    );

    let found = problems(
        &[("text.xlsx", b"Date,Score\n2024-03-05,9\n".to_vec())],
        columns,
    );
    assert!(
        found[0].message.starts_with("cannot read the workbook: "),
        "{}",
        found[0]
    );

    let found = problems(&[("export.csv", forms_workbook())], columns);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "this file is a workbook, not delimited text"
    );
    assert!(found[0].hint.as_deref().unwrap().contains(".xlsx"));

    let empty = common::xlsx(&[("Empty", (0, 0), vec![])]);
    let found = problems(&[("empty.xlsx", empty)], columns);
    assert_eq!(found[0].message, "the sheet \"Empty\" is empty");
}

/// A one-sheet workbook whose first row holds `header` from column A, and then `rows` (XML).
fn raw_sheet(header: &[&str], rows: &str) -> Vec<u8> {
    let header: String = header
        .iter()
        .map(|name| format!("<c t=\"inlineStr\"><is><t>{name}</t></is></c>"))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?><worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
         <row r=\"1\">{header}</row>{rows}</sheetData></worksheet>"
    );
    common::xlsx_of_xml(&[("Sheet1", xml)])
}

#[test]
fn damaged_workbooks_are_errors_not_gigabytes() {
    let columns = "columns = { score = \"Score\", date = \"Date\" }";
    let damaged = |rows: &str| {
        let found = problems(
            &[("d.xlsx", raw_sheet(&["Date", "Score", "Region"], rows))],
            columns,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].place.as_ref().unwrap().file.file_name().unwrap(),
            "d.xlsx"
        );
        found[0].message.clone()
    };
    // Read as a whole sheet, one cell at column 321,272,406 took calamine 24 GB.
    assert_eq!(
        damaged("<row r=\"2\"><c r=\"ZZZZZZ2\"><v>5</v></c></row>"),
        "the workbook is damaged: a cell lies at row 2, column 321272406, past a spreadsheet's \
         last row (1,048,576) or column (16,384)"
    );
    // Eight letters overflow calamine's column number: a debug build of it panics, which is
    // an error here, and a release build wraps it to a number that is some other damage.
    let overflow = damaged("<row r=\"2\"><c r=\"ZZZZZZZZ2\"><v>5</v></c></row>");
    assert!(
        overflow == "cannot read the workbook: its reader failed on what it holds"
            || overflow.starts_with("the workbook is damaged: "),
        "{overflow}"
    );
    // One past the last column (XFD) and one past the last row.
    assert!(damaged("<row r=\"2\"><c r=\"XFE2\"><v>5</v></c></row>").contains("column 16385"));
    assert!(
        damaged("<row r=\"1048577\"><c r=\"A1048577\"><v>5</v></c></row>").contains("row 1048577")
    );
    assert_eq!(
        damaged(
            "<row r=\"3\"><c r=\"B3\"><v>5</v></c></row><row r=\"2\"><c r=\"B2\"><v>5</v></c></row>"
        ),
        "the workbook is damaged: row 2 comes after row 3"
    );
    assert_eq!(
        damaged("<row r=\"2\"><c r=\"B2\"><v>5</v></c><c r=\"A2\"><v>5</v></c></row>"),
        "the workbook is damaged: two cells of row 2 are at column 1"
    );
    // The last cell a spreadsheet has is no damage: past the header, it is left out.
    let last = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>2024-03-05</t></is></c>\
                <c r=\"B2\"><v>9</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>5</v></c></row>";
    let book = raw_sheet(&["Date", "Score", "Region"], last);
    let report = check_files(&[("last.xlsx", book)], "*", "Region", columns);
    let report = report.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.surveys[0].records, 1);

    for refused in ["old.xls", "calc.ods"] {
        let found = problems(&[(refused, forms_workbook())], columns);
        let ending = refused.rsplit('.').next().unwrap();
        assert_eq!(
            found[0].message,
            format!("cxreport does not read .{ending} workbooks")
        );
        assert!(found[0].hint.as_deref().unwrap().contains("(.xlsx)"));
    }
}

#[test]
fn a_sheet_row_is_as_wide_as_its_header() {
    // Spreadsheets store a row up to its last cell: a row with no region cell has an empty
    // region ("Not stated"), and a note right of the table (no header) is left out.
    let rows = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>2024-03-05</t></is></c>\
                <c r=\"B2\"><v>10</v></c></row>\
                <row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>2024-03-06</t></is></c>\
                <c r=\"B3\"><v>2</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>Oslo</t></is></c>\
                <c r=\"E3\" t=\"inlineStr\"><is><t>checked</t></is></c></row>";
    let book = raw_sheet(&["Date", "Score", "Region"], rows);
    let columns = "columns = { score = \"Score\", date = \"Date\" }";
    let report = check_files(&[("wide.xlsx", book)], "*", "Region", columns)
        .unwrap_or_else(|e| panic!("{e}"));
    let survey = &report.surveys[0];
    assert_eq!(survey.records, 2);
    let regions: Vec<(&str, u64)> = survey.dimensions[0]
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.total.shown().map_or(0, |f| f.n)))
        .collect();
    assert_eq!(regions, [("Not stated", 1), ("Oslo", 1)]);
}

#[test]
fn a_workbook_whose_rows_are_all_bad_reports_them() {
    // Read beside the CSV workers (no response id): the workbook's problems must reach the
    // summary even though it gave no answer.
    let rows = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>2024-03-05</t></is></c>\
                <c r=\"B2\"><v>11</v></c></row>";
    let book = raw_sheet(&["Date", "Score", "Region"], rows);
    let found = problems(
        &[("bad.xlsx", book)],
        "columns = { score = \"Score\", date = \"Date\" }",
    );
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages, ["score 11 is outside the NPS scale 0-10"]);
}
