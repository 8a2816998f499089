//! `cxreport columns FILE`: each column described, and a survey table that, pasted into a
//! configuration, reads the file. Checked by building with the table and recounting the file.

mod common;

use std::path::Path;

use common::cxreport;
use serde_json::Value;

/// Runs `cxreport columns` in `dir` with `args`; its standard output.
fn columns(dir: &Path, args: &[&str]) -> String {
    let run = cxreport(dir, &[&["columns"], args].concat());
    assert!(run.status.success(), "{}", common::stderr(&run));
    String::from_utf8(run.stdout).unwrap()
}

/// The suggested `[[survey]]` table at the end of the output.
fn suggestion(said: &str) -> &str {
    &said[said.find("[[survey]]").unwrap_or_else(|| panic!("{said}"))..]
}

/// A project in a new folder holding `file` (copied into `data/`) and nothing else yet.
fn project_with(file: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::copy(
        file,
        dir.path().join("data").join(file.file_name().unwrap()),
    )
    .unwrap();
    dir
}

/// A project in a new folder holding `contents` as `data/NAME` and nothing else yet.
fn project_holding(name: &str, contents: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data").join(name), contents).unwrap();
    dir
}

/// Builds the project in `dir` whose configuration is `survey` under a title; its metrics.json.
fn build_with(dir: &Path, survey: &str) -> Value {
    std::fs::write(
        dir.join("cxreport.toml"),
        format!("title = \"Columns\"\n\n{survey}"),
    )
    .unwrap();
    let run = cxreport(dir, &["build"]);
    assert!(run.status.success(), "{survey}\n{}", common::stderr(&run));
    serde_json::from_str(&std::fs::read_to_string(dir.join("public/metrics.json")).unwrap())
        .unwrap()
}

/// Builds the project in `dir` with `config` as `init` wrote it, but a minimum of one answer
/// (the files here are small); its metrics.json.
fn build_with_a_small_minimum(dir: &Path, config: &str) -> Value {
    std::fs::write(dir.join("cxreport.toml"), format!("{config}min_n = 1\n")).unwrap();
    let run = cxreport(dir, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    serde_json::from_str(&std::fs::read_to_string(dir.join("public/metrics.json")).unwrap())
        .unwrap()
}

#[test]
fn the_suggested_survey_reads_the_example_employees_file_whole() {
    let file = common::repo().join("data/employees-enps.csv");
    let dir = project_with(&file);
    let said = columns(dir.path(), &["data/employees-enps.csv"]);
    assert!(
        said.starts_with(
            "data/employees-enps.csv: UTF-8, delimiter \",\", LF line endings, 1 header row, \
             1,784 records\n"
        ),
        "{said}"
    );
    assert!(
        said.contains(" 3  \"enps\": 1,784 filled, whole numbers 0 to 10: an NPS or eNPS score\n"),
        "{said}"
    );
    assert!(
        said.contains(" 5  \"department\": 1,784 filled, 7 values (\"Customer Service\""),
        "{said}"
    );
    // Ids are described, never quoted.
    assert!(
        said.contains(" 1  \"response_id\": 1,784 filled, more than 1,000 different values"),
        "{said}"
    );
    assert!(!said.contains("E00001"), "{said}");
    let table = suggestion(&said);
    assert!(
        table.contains(
            "columns = { score = \"enps\", date = \"submitted_at\", comment = \"comment\", \
             response_id = \"response_id\" }"
        ),
        "{table}"
    );
    // The file is a quarterly pulse: a round of answers in February, May, August and November.
    assert!(
        said.contains("dates from 2023-02-01 to 2025-11-28 in 12 rounds about 3 months apart\n"),
        "{said}"
    );
    for line in [
        "period = \"quarter\"\n",
        "# period: the answers came in 12 rounds about 3 months apart (a pulse survey); a quarter \
         holds one round.\n",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    let metrics = build_with(dir.path(), table);
    let survey = &metrics["surveys"][0];

    // Recounted from the file: every row, its quarter, its department and its answers to each
    // question.
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (mut answers, mut departments) = (0, std::collections::BTreeSet::new());
    let mut quarters = std::collections::BTreeMap::<String, u64>::new();
    let mut answered = [0u64; 5];
    let questions = [
        "q_expected",
        "q_feedback",
        "q_workload",
        "q_tools",
        "q_future",
    ];
    for record in reader.records() {
        let record = record.unwrap();
        answers += 1;
        let (year, month) = (
            &record[at("submitted_at")][..4],
            &record[at("submitted_at")][5..7],
        );
        let quarter = month.parse::<u32>().unwrap().div_ceil(3);
        *quarters.entry(format!("{year}-Q{quarter}")).or_default() += 1;
        departments.insert(record[at("department")].to_string());
        for (k, question) in questions.iter().enumerate() {
            answered[k] += u64::from(!record[at(question)].is_empty());
        }
    }
    assert_eq!(survey["kind"], "enps");
    assert_eq!(survey["overall"]["total"]["n"], answers);
    assert_eq!(survey["period_kind"], "quarter");
    let periods: std::collections::BTreeMap<String, u64> =
        (survey["overall"]["periods"].as_array().unwrap().iter())
            .map(|p| {
                (
                    p["period"].as_str().unwrap().into(),
                    p["n"].as_u64().unwrap(),
                )
            })
            .collect();
    assert_eq!(periods, quarters);
    assert_eq!(periods.len(), 12);
    let dimensions: Vec<&str> = (survey["dimensions"].as_array().unwrap().iter())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(dimensions, ["department", "location"]);
    let values = survey["dimensions"][0]["values"].as_array().unwrap();
    assert_eq!(values.len(), departments.len());
    let drivers: Vec<(&str, u64)> = (survey["drivers"].as_array().unwrap().iter())
        .map(|d| (d["id"].as_str().unwrap(), d["n"].as_u64().unwrap()))
        .collect();
    let expected: Vec<(&str, u64)> = [
        "q-expected",
        "q-feedback",
        "q-workload",
        "q-tools",
        "q-future",
    ]
    .into_iter()
    .zip(answered)
    .collect();
    assert_eq!(drivers, expected);
}

#[test]
fn a_surveymonkey_export_gets_its_matrix_statements_as_drivers() {
    let file = common::fixture("formats/surveymonkey-matrix.csv");
    let dir = project_with(&file);
    // Without the format, its column names and its row of "Response"s under them tell it.
    let recognised = columns(dir.path(), &["data/surveymonkey-matrix.csv"]);
    assert!(
        recognised.contains(
            "\nRead as an export from SurveyMonkey, as its header says (format = \
             \"surveymonkey\"): its header rows, columns and dates as that tool writes them; \
             --format reads it as another tool's.\n"
        ),
        "{recognised}"
    );
    let said = columns(
        dir.path(),
        &["--format", "surveymonkey", "data/surveymonkey-matrix.csv"],
    );
    assert!(!said.contains("This looks like"), "{said}");
    assert!(!said.contains("Read as"), "{said}");
    assert!(said.contains("2 header rows, 7 records\n"), "{said}");
    assert_eq!(suggestion(&recognised), suggestion(&said));
    // Saved again without the second header row, its names only suggest the tool.
    let text = std::fs::read_to_string(&file).unwrap();
    let (names, rest) = text.split_once('\n').unwrap();
    let saved_again = format!("{names}\n{}", rest.split_once('\n').unwrap().1);
    std::fs::write(dir.path().join("data/one-row.csv"), saved_again).unwrap();
    let one_row = columns(dir.path(), &["data/one-row.csv"]);
    assert!(
        one_row.contains(
            "\nThis looks like an export from SurveyMonkey: with --format surveymonkey its header \
             rows, columns and dates are read as that tool writes them.\n"
        ),
        "{one_row}"
    );
    assert!(one_row.contains("1 header row, 7 records\n"), "{one_row}");
    assert!(
        said.contains(
            "\"How would you rate our: - Delivery\": 6 filled, whole numbers 2 to 5 (of 1 to 5)"
        ),
        "{said}"
    );
    assert!(
        said.contains(" 5  \"IP Address\": 0 filled, empty\n"),
        "{said}"
    );
    let table = suggestion(&said);
    for line in [
        "format = \"surveymonkey\"",
        "date = \"End Date\"",
        "response_id = \"Respondent ID\"",
        "comment = \"What is the main reason for your score?\"",
        "  { title = \"Price\", column = \"How would you rate our: - Price\" },",
        "  { title = \"Region\", column = \"Region\" },",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    // The six answers 10, 10, 9, 7, 3, 6, and price answered 5, 4, 5, 3, 1, 2 in them (shown
    // with fewer answers than the default minimum).
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["kind"], "nps");
    assert_eq!(survey["overall"]["total"]["n"], 6);
    assert_eq!(
        survey["drivers"][0]["distribution"],
        serde_json::json!([1, 1, 1, 1, 2])
    );
}

#[test]
fn a_file_with_a_score_and_no_date_is_told_of_the_date_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scores.csv"),
        "score,team\n9,A\n10,B\n3,A\n",
    )
    .unwrap();
    let table = columns(dir.path(), &["scores.csv"]);
    let table = suggestion(&table);
    assert!(
        table.contains("columns = { score = \"score\", date = \"?\" }"),
        "{table}"
    );
    assert!(
        table.contains("# No column looks like the date: write its name where the \"?\" is."),
        "{table}"
    );
    let run = cxreport(dir.path(), &["init", "cx", "--from", "scores.csv"]);
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(
        said.contains("error: no column of the file looks like the date\n"),
        "{said}"
    );
    // And a date without a score, of the score only.
    std::fs::write(dir.path().join("dates.csv"), "when,team\n2025-01-02,A\n").unwrap();
    let said = columns(dir.path(), &["dates.csv"]);
    assert!(
        said.contains(
            "# No column looks like the score (whole numbers 0-10, 1-5 or 1-7, or a 1-5 scale's \
             labels): write its name where the \"?\" is."
        ),
        "{said}"
    );
}

#[test]
fn a_file_without_a_score_or_date_gets_a_table_to_finish_and_its_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A name with a quote and a control character, values with an escape sequence, and
    // e-mail addresses.
    let text = "who,\"te\"\"am\u{7}\",email\nx,\"\u{1b}[31mred\",a@example.com\ny,\"\u{1b}[31mred\",b@example.com\nz,blue,c@example.com\nw,blue,d@example.com\n";
    std::fs::write(dir.path().join("odd.csv"), text).unwrap();
    let said = columns(dir.path(), &["odd.csv"]);
    assert!(
        said.contains("\n2  \"te\\\"am\\u{7}\": 4 filled, 2 values (\"\\u{1b}[31mred\", \"blue\")"),
        "{said}"
    );
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
    assert!(!said.contains("example.com"), "{said}");
    assert!(
        said.contains(
            "\nPersonal data: \"email\" is filled. The survey below never reads it, but keep the \
             file itself out of public places (a public repository, the published site).\n"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(
        table.contains("columns = { score = \"?\", date = \"?\" }"),
        "{table}"
    );
    assert!(
        table.contains(
            "# No column looks like the score (whole numbers 0-10, 1-5 or 1-7, or a 1-5 scale's \
             labels) or the date: write their names where the \"?\" are."
        ),
        "{table}"
    );
    // Without any score, the kind is the likeliest one, NPS, not CSAT.
    assert!(table.contains("kind = \"nps\""), "{table}");
    // The table is valid TOML that names the odd column as the file does.
    let parsed: toml::Table = toml::from_str(table).unwrap();
    let survey = &parsed["survey"].as_array().unwrap()[0];
    assert_eq!(
        survey["dimensions"].as_array().unwrap()[0]["column"].as_str(),
        Some("te\"am\u{7}")
    );
}

#[test]
fn a_qualtrics_export_shows_each_columns_question_and_titles_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "RecordedDate,ResponseId,Finished,Q1,Q1_NPS_GROUP,Q3_1,Q3_2,Q4\n\
         Recorded Date,Response ID,Finished,How likely are you to recommend us?,How likely are \
         you to recommend us? - Group,Rate us - Speed,Rate us - Kindness,Which team are you in?\n\
         {\"ImportId\":\"recordedDate\"},{\"ImportId\":\"_recordId\"},{\"ImportId\":\"finished\"},\
         {\"ImportId\":\"QID1\"},{\"ImportId\":\"QID1_NPS_GROUP\"},{\"ImportId\":\"QID3_1\"},\
         {\"ImportId\":\"QID3_2\"},{\"ImportId\":\"QID4\"}\n",
    );
    for (i, (score, group, speed, kindness, team)) in [
        (10, 3, 5, 4, "Red"),
        (9, 3, 4, 5, "Blue"),
        (6, 1, 2, 3, "Red"),
        (3, 1, 1, 2, "Blue"),
    ]
    .into_iter()
    .enumerate()
    {
        text.push_str(&format!(
            "2024-03-0{} 10:00:00,R_{i},1,{score},{group},{speed},{kindness},{team}\n",
            i + 1
        ));
    }
    std::fs::write(dir.path().join("q.csv"), text).unwrap();
    let said = columns(dir.path(), &["--format", "qualtrics", "q.csv"]);
    assert!(
        said.contains(
            "4  \"Q1\" (\"How likely are you to recommend us?\"): 4 filled, whole numbers 3 to \
             10 (of 0 to 10): an NPS or eNPS score\n"
        ),
        "{said}"
    );
    assert!(
        said.contains("3  \"Finished\": 4 filled, the whole number 1 in each\n"),
        "{said}"
    );
    let table = suggestion(&said);
    for line in [
        "columns = { score = \"Q1\", date = \"RecordedDate\", response_id = \"ResponseId\" }",
        "dimensions = [\n  { title = \"Which team are you in?\", column = \"Q4\" },\n]",
        "drivers = [\n  { title = \"Speed\", column = \"Q3_1\" },\n  { title = \"Kindness\", \
         column = \"Q3_2\" },\n]",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
}

#[test]
fn a_column_without_a_name_or_sharing_one_is_described_but_not_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let rows = "9,2024-01-01,A,B,x\n3,2024-01-02,A,B,x\n10,2024-01-03,B,A,y\n7,2024-01-04,B,A,y\n";
    std::fs::write(
        dir.path().join("a.csv"),
        format!("score,date,team,team,\n{rows}"),
    )
    .unwrap();
    let said = columns(dir.path(), &["a.csv"]);
    assert!(
        said.contains(
            "3  \"team\": 4 filled, 2 values (\"A\", \"B\") (the name of 2 columns: rename \
             them in the file to map one)\n"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "5  \"\": 4 filled, 2 values (\"x\", \"y\") (no name: name it in the file to map it)\n"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(
        table.contains("columns = { score = \"score\", date = \"date\" }"),
        "{table}"
    );
    assert!(!table.contains("dimensions"), "{table}");
}

#[test]
fn a_missing_file_or_an_unknown_format_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = cxreport(dir.path(), &["columns", "nowhere.csv"]);
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(said.contains("nowhere.csv"), "{said}");
    assert!(run.stdout.is_empty());

    std::fs::write(dir.path().join("empty.csv"), "").unwrap();
    let run = cxreport(dir.path(), &["columns", "empty.csv"]);
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(said.contains("the file has no header row"), "{said}");
    assert!(said.contains("empty.csv"), "{said}");

    std::fs::write(dir.path().join("a.csv"), "score,date\n9,2024-01-01\n").unwrap();
    let run = cxreport(dir.path(), &["columns", "--format", "monkey", "a.csv"]);
    assert_eq!(run.status.code(), Some(2));
    let said = common::stderr(&run);
    assert!(
        said.contains("no format \"monkey\"; known: qualtrics, qualtrics-legacy, surveymonkey"),
        "{said}"
    );
}

#[test]
fn a_workbooks_sheet_is_described_too() {
    use common::Cell::{Number, Text};
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![vec![Text("Score"), Text("Team")]];
    for (score, team) in [(9.0, "A"), (10.0, "B"), (3.0, "A"), (7.0, "B")] {
        rows.push(vec![Number(score), Text(team)]);
    }
    let book = common::xlsx(&[
        ("Notes", (0, 0), vec![vec![Text("read me")]]),
        ("Answers", (0, 0), rows),
    ]);
    std::fs::write(dir.path().join("book.xlsx"), book).unwrap();
    let said = columns(dir.path(), &["--sheet", "Answers", "book.xlsx"]);
    assert!(
        said.starts_with("book.xlsx: sheet \"Answers\", 1 header row, 4 records\n"),
        "{said}"
    );
    assert!(
        said.contains("\"Score\": 4 filled, whole numbers 3 to 10 (of 0 to 10)"),
        "{said}"
    );
    assert!(suggestion(&said).contains("sheet = \"Answers\""), "{said}");
}

#[test]
fn the_suggested_survey_reads_every_tools_export_right() {
    // Each tool's fixture holds the six answers 10, 10, 9, 7, 3, 6 from March 2024 (and one
    // that skipped the question) in three regions; the table `columns` suggests, pasted as it
    // is, must read them all: score, date (however the tool writes it), region.
    for (file, format) in [
        ("qualtrics.csv", Some("qualtrics")),
        ("qualtrics-legacy.csv", Some("qualtrics-legacy")),
        ("surveymonkey.csv", Some("surveymonkey")),
        ("surveymonkey-matrix.csv", Some("surveymonkey")),
        ("typeform.csv", Some("typeform")),
        ("google-forms.csv", None),
        ("microsoft-forms.csv", Some("microsoft-forms")),
        ("formbricks.csv", Some("formbricks")),
        ("delighted.csv", Some("delighted")),
        ("netigate-excel.csv", None),
        ("excel-sep-line.csv", None),
        ("excel-unicode.txt", None),
    ] {
        let dir = project_with(&common::fixture("formats").join(file));
        let path = format!("data/{file}");
        let mut args = vec![path.as_str()];
        if let Some(format) = format {
            args.extend(["--format", format]);
        }
        let said = columns(dir.path(), &args);
        let metrics = build_with(dir.path(), &format!("{}min_n = 1\n", suggestion(&said)));
        let survey = &metrics["surveys"][0];
        let total = &survey["overall"]["total"];
        assert_eq!(total["n"], 6, "{file}\n{said}");
        assert_eq!(
            (
                &total["groups"]["top"],
                &total["groups"]["middle"],
                &total["groups"]["bottom"]
            ),
            (&3.into(), &1.into(), &2.into()),
            "{file}"
        );
        let periods = survey["overall"]["periods"].as_array().unwrap();
        assert_eq!(periods.len(), 1, "{file}: {periods:?}");
        assert_eq!(periods[0]["period"], "2024-03", "{file}");
        let values = survey["dimensions"][0]["values"].as_array();
        let regions: Vec<&str> = (values.unwrap_or_else(|| panic!("{file}\n{said}")).iter())
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            regions,
            ["Göteborg", "København", "Trøndelag"],
            "{file}\n{said}"
        );
    }
}

#[test]
fn init_from_an_export_writes_a_project_that_reads_it_where_it_is() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("exports")).unwrap();
    std::fs::copy(
        common::fixture("formats/surveymonkey-matrix.csv"),
        root.path().join("exports/march.csv"),
    )
    .unwrap();
    let run = cxreport(
        root.path(),
        &[
            "init",
            "reports/cx",
            "--from",
            "exports/march.csv",
            "--format",
            "surveymonkey",
        ],
    );
    assert!(run.status.success(), "{}", common::stderr(&run));
    // Given, the format is not said to be recognised.
    assert!(
        !String::from_utf8_lossy(&run.stdout).contains("read as an export"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let project = root.path().join("reports/cx");
    // No sample data: the project reads the export from where it is.
    assert_eq!(
        common::files(&project),
        [
            ".github/workflows/report.yml",
            ".gitignore",
            "content/_index.md",
            "cxreport.toml"
        ]
    );
    let config = std::fs::read_to_string(project.join("cxreport.toml")).unwrap();
    assert!(
        config.contains("\nid = \"march\"\n")
            && config.contains("\nfiles = \"../../exports/march.csv\"\n")
            && config.contains("# The export is outside the project's folder"),
        "{config}"
    );
    let metrics = build_with_a_small_minimum(&project, &config);
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["overall"]["total"]["n"], 6);
    assert_eq!(survey["drivers"].as_array().unwrap().len(), 2);
    // The narrative quotes the survey's latest NPS, live: 3 promoters and 2 detractors of 6.
    let score = survey["overall"]["periods"][0]["score"]["value"]
        .as_f64()
        .unwrap();
    assert!((score - 100.0 / 6.0).abs() < 1e-9);
    let index = std::fs::read_to_string(project.join("public/index.html")).unwrap();
    assert!(index.contains("our NPS was\n17\n("), "{index}");
}

#[test]
fn init_from_a_tools_export_reads_it_as_that_tool_unasked() {
    // Both Qualtrics layouts: three header rows (names, question texts, import ids), or the
    // two of exports from before 2017. The scores 10, 10, 9, 7, 3, 6 and one empty: n 6, NPS
    // (3 - 2) / 6.
    for (fixture, format) in [
        ("qualtrics", "qualtrics"),
        ("qualtrics-legacy", "qualtrics-legacy"),
    ] {
        let root = tempfile::tempdir().unwrap();
        let export = root.path().join("export.csv");
        std::fs::copy(common::fixture(&format!("formats/{fixture}.csv")), &export).unwrap();
        let run = cxreport(root.path(), &["init", "cx", "--from", "export.csv"]);
        assert!(run.status.success(), "{fixture}: {}", common::stderr(&run));
        let said = String::from_utf8_lossy(&run.stdout);
        assert!(
            said.starts_with(&format!(
                "  read as an export from Qualtrics, as its header says (format = \"{format}\")\n"
            )),
            "{said}"
        );
        let project = root.path().join("cx");
        let config = std::fs::read_to_string(project.join("cxreport.toml")).unwrap();
        for line in [
            format!("\nformat = \"{format}\"\n"),
            "\ncolumns = { score = \"Q1\", date = \"RecordedDate\", comment = \"Q2\", \
             response_id = \"ResponseId\" }\n"
                .to_string(),
        ] {
            assert!(config.contains(&line), "{fixture}: {line}\n{config}");
        }
        let metrics = build_with_a_small_minimum(&project, &config);
        let total = &metrics["surveys"][0]["overall"]["total"];
        assert_eq!(total["n"], 6, "{fixture}");
        assert!((total["score"]["value"].as_f64().unwrap() - 100.0 / 6.0).abs() < 1e-9);
    }
}

#[test]
fn a_qualtrics_export_with_long_question_texts_is_told_by_its_third_row() {
    // The question texts' row runs past the first 64 KiB, where the layout is detected: the
    // row of import ids after it still says the export has three header rows, not two.
    let fixture = std::fs::read_to_string(common::fixture("formats/qualtrics.csv")).unwrap();
    let long = format!("Why? {}", "Tell us more. ".repeat(6000));
    assert!(long.len() > 64 * 1024);
    let dir = project_holding(
        "export.csv",
        &fixture.replacen(",Why?,", &format!(",{long},"), 1),
    );
    let said = columns(dir.path(), &["data/export.csv"]);
    assert!(said.contains("3 header rows, 7 records\n"), "{said}");
    assert!(
        said.contains("as its header says (format = \"qualtrics\")"),
        "{said}"
    );
}

#[test]
fn init_from_a_file_it_cannot_read_as_a_survey_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("names.csv"), "name,team\nAda,A\nBo,B\n").unwrap();
    let run = cxreport(root.path(), &["init", "cx", "--from", "names.csv"]);
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(
        said.contains("no column of the file looks like the score or the date"),
        "{said}"
    );
    assert!(said.contains("cxreport columns names.csv"), "{said}");
    assert!(!root.path().join("cx/cxreport.toml").exists());
    // Nor over a project that is there, nor --format without --from.
    let file = common::repo().join("data/employees-enps.csv");
    std::fs::create_dir(root.path().join("cx")).unwrap();
    std::fs::write(root.path().join("cx/cxreport.toml"), "mine").unwrap();
    let from = file.to_str().unwrap();
    let run = cxreport(root.path(), &["init", "cx", "--from", from]);
    assert_eq!(run.status.code(), Some(1));
    assert!(common::stderr(&run).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(root.path().join("cx/cxreport.toml")).unwrap(),
        "mine"
    );
    let run = cxreport(root.path(), &["init", "other", "--format", "qualtrics"]);
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn answers_from_1_to_7_are_a_seven_point_csat_and_the_suggested_survey_reads_them() {
    let csat = "date,How satisfied were you?,Team\n\
        2024-03-01,7,A\n2024-03-02,6,B\n2024-03-03,5,A\n2024-03-04,2,B\n2024-03-05,7,A\n\
        2024-03-06,,B\n2024-03-07,3,A\n";
    let dir = project_holding("csat.csv", csat);
    let said = columns(dir.path(), &["data/csat.csv"]);
    assert!(
        said.contains(
            "\"How satisfied were you?\": 6 filled, whole numbers 2 to 7 (of 1 to 7): a CSAT score \
             on a 1-7 scale (scale = 7)"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(table.contains("kind = \"csat\"\nscale = 7\n"), "{said}");
    // Satisfied (6 or 7): 3 of 6 answers.
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["scale"], serde_json::json!([1, 7]));
    let total = &survey["overall"]["total"];
    assert_eq!(
        total["distribution"],
        serde_json::json!([0, 1, 1, 0, 1, 1, 2]),
        "{table}"
    );
    assert_eq!(total["score"]["value"], 50.0);
}

#[test]
fn answers_written_as_labels_are_scores_and_the_suggested_survey_reads_them() {
    // Choice texts, as a survey tool's "choice text" export writes them: a CSAT score and a
    // question beside it in words, and an NPS score with labels on its ends.
    let csat = "date,How satisfied were you?,Team\n\
        2024-03-01,Very satisfied,A\n2024-03-02,satisfied,B\n2024-03-03,Neutral,A\n\
        2024-03-04,Dissatisfied,B\n2024-03-05,Very satisfied,A\n2024-03-06,,B\n";
    let dir = project_holding("csat.csv", csat);
    let said = columns(dir.path(), &["data/csat.csv"]);
    assert!(
        said.contains(
            "\"How satisfied were you?\": 5 filled, answer texts read as 2 to 5 (of 1 to 5): a \
             CSAT score"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(table.contains("kind = \"csat\"\n"), "{said}");
    assert!(
        table.contains("score_labels = { \"Very dissatisfied\" = 1, "),
        "{said}"
    );
    // Satisfied (4 or 5): 3 of 5 answers.
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let total = &metrics["surveys"][0]["overall"]["total"];
    assert_eq!(total["n"], 5, "{table}");
    assert_eq!(
        total["distribution"],
        serde_json::json!([0, 1, 1, 1, 2]),
        "{table}"
    );

    let nps = "date,How likely are you to recommend us?,I trust them,Region\n\
        2024-03-01,10 - Extremely likely,Strongly agree,Oslo\n\
        2024-03-02,9,Agree,Bergen\n\
        2024-03-03,0 - Not at all likely,Strongly disagree,Oslo\n\
        2024-03-04,7,Neither agree nor disagree,Bergen\n\
        2024-03-05,10 - Extremely likely,agree,Oslo\n\
        2024-03-06,3,Disagree,Bergen\n";
    std::fs::write(dir.path().join("data/nps.csv"), nps).unwrap();
    let said = columns(dir.path(), &["data/nps.csv"]);
    assert!(
        said.contains(
            "\"How likely are you to recommend us?\": 6 filled, whole numbers, some before a \
             label, 0 to 10: an NPS or eNPS score"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(
        table.contains("score_text = \"leading-number\"\n"),
        "{said}"
    );
    assert!(
        table.contains("driver_labels = { \"Strongly disagree\" = 1, "),
        "{said}"
    );
    assert!(
        table.contains("{ title = \"I trust them\", column = \"I trust them\" }"),
        "{said}"
    );
    // Promoters 10, 9, 10; detractors 0, 3: NPS (3 - 2) / 6. Agreement 5, 4, 1, 3, 4, 2.
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    let total = &survey["overall"]["total"];
    assert_eq!(total["n"], 6, "{table}");
    let nps = total["score"]["value"].as_f64().unwrap();
    assert!((nps - 100.0 / 6.0).abs() < 1e-9, "{nps}");
    assert_eq!(
        survey["drivers"][0]["distribution"],
        serde_json::json!([1, 1, 1, 2, 1]),
        "{table}"
    );
}

#[test]
fn answers_that_say_no_answer_are_suggested_as_no_answer() {
    let file = "date,How likely are you to recommend us?,Staff were kind,Region\n\
        2024-03-01,10,Strongly agree,Oslo\n2024-03-02,N/A,Agree,Bergen\n\
        2024-03-03,0,Don't know,Oslo\n2024-03-04,7,Disagree,Bergen\n\
        2024-03-05,9,Neutral,Oslo\n2024-03-06,n/a,don't know,Bergen\n";
    let dir = project_holding("na.csv", file);
    let said = columns(dir.path(), &["data/na.csv"]);
    assert!(
        said.contains(
            "\"How likely are you to recommend us?\": 6 filled, whole numbers 0 to 10: an NPS or \
             eNPS score (and \"N/A\" for no answer)\n"
        ),
        "{said}"
    );
    let table = suggestion(&said);
    assert!(
        table.contains("no_answer = [\"N/A\", \"Don't know\"]\n"),
        "{said}"
    );
    // Scores 10, 0, 7 and 9 counted, the two N/A as skipped questions; the driver's answers
    // 5, 4, 2 and 3 (its two "don't know" skipped, and the row whose score is N/A uncounted).
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["overall"]["total"]["n"], 4, "{table}");
    assert_eq!(survey["empty_scores"], 2, "{table}");
    assert_eq!(
        survey["drivers"][0]["distribution"],
        serde_json::json!([0, 1, 1, 0, 1]),
        "{table}"
    );
}

#[test]
fn records_with_more_or_fewer_fields_than_the_header_are_counted_with_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    // Line 3 is a record over two lines (quoted); the ragged ones start on lines 5 and 6.
    let file = "date;score;comment\n2024-03-01;9;Fine\n2024-03-02;7;\"Two\nlines\"\n\
                2024-03-03;3;Slow; rude\n2024-03-04;10\n2024-03-05;8;Good\n";
    std::fs::write(dir.path().join("ragged.csv"), file).unwrap();
    let said = columns(dir.path(), &["ragged.csv"]);
    assert!(
        said.contains(
            "\n2 records (the first on line 5) have more or fewer fields than the header's 3: a \
             delimiter or a line break inside a field without quotes around it? `cxreport \
             check` lists each.\n"
        ),
        "{said}"
    );
    // Every record as wide as its header: no such note.
    let even = "date;score;comment\n2024-03-01;9;Fine\n2024-03-02;7;\"Two\nlines\"\n";
    std::fs::write(dir.path().join("even.csv"), even).unwrap();
    let said = columns(dir.path(), &["even.csv"]);
    assert!(!said.contains("more or fewer fields"), "{said}");
}

/// A Google Forms export whose timestamps carry their offset (`GMT+1`), which no format
/// `columns` tries reads: scores 9, 3, 10 and 7 over two months.
const FORMS_WITH_OFFSETS: &str = "\"Timestamp\",\"How likely are you to recommend us?\",\"Why?\",\"Store\"\n\
    \"2024/01/05 10:12:33 PM GMT+1\",\"9\",\"The staff were quick and kind to us\",\"Oslo\"\n\
    \"2024/01/06 9:01:02 AM GMT+1\",\"3\",\"Slow, and nobody answered the phone\",\"Bergen\"\n\
    \"2024/02/11 1:15:00 PM GMT+1\",\"10\",\"\",\"Oslo\"\n\
    \"2024/02/12 11:59:59 PM GMT+1\",\"7\",\"Fine, but the queue was long today\",\"Bergen\"\n";

#[test]
fn a_tools_own_date_column_is_the_date_even_when_no_format_reads_it() {
    let dir = project_holding("forms.csv", FORMS_WITH_OFFSETS);
    let said = columns(dir.path(), &["data/forms.csv", "--format", "google-forms"]);
    let table = suggestion(&said);
    // The timestamps read as words would be a comment; the preset names them the date.
    assert!(
        table.contains(
            "columns = { score = \"How likely are you to recommend us?\", date = \"Timestamp\", \
             comment = \"Why?\" }\ndate_format = \"?\"\n"
        ),
        "{said}"
    );
    assert!(
        table.contains(
            "# The dates in \"Timestamp\", such as \"2024/01/05 10:12:33 PM GMT+1\", are not \
             written in a way cxreport reads unset: where the \"?\" is, write how they are written"
        ),
        "{said}"
    );
    // With the "?" filled in (here the offset, which does not change, as written), the table
    // reads every answer in its month.
    let filled = table.replace("\"?\"", "\"%Y/%m/%d %I:%M:%S %p GMT+1\"");
    let metrics = build_with(dir.path(), &format!("{filled}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["overall"]["total"]["n"], 4, "{filled}");
    let months: Vec<(&str, u64)> = (survey["overall"]["periods"].as_array().unwrap().iter())
        .map(|p| (p["period"].as_str().unwrap(), p["n"].as_u64().unwrap()))
        .collect();
    assert_eq!(months, [("2024-01", 2), ("2024-02", 2)], "{survey}");

    // init --from cannot write a project that reads the file, so it writes none.
    let run = cxreport(
        dir.path(),
        &[
            "init",
            "cx",
            "--from",
            "data/forms.csv",
            "--format",
            "google-forms",
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(
        said.contains(
            "error: the dates in column \"Timestamp\" are not written in a way cxreport reads \
             unset\n  --> data/forms.csv\n  = hint: see them, and a [[survey]] table with the \
             date_format to fill in, with: cxreport columns data/forms.csv --format google-forms"
        ),
        "{said}"
    );
    assert!(!dir.path().join("cx").exists());
}

#[test]
fn init_from_a_file_whose_name_breaks_a_line_writes_a_valid_configuration() {
    let root = tempfile::tempdir().unwrap();
    let odd = "march\n[[survey]]\".csv";
    std::fs::copy(
        common::fixture("formats/typeform.csv"),
        root.path().join(odd),
    )
    .unwrap();
    let run = cxreport(
        root.path(),
        &["init", ".", "--from", odd, "--format", "typeform"],
    );
    assert!(run.status.success(), "{}", common::stderr(&run));
    let config = std::fs::read_to_string(root.path().join("cxreport.toml")).unwrap();
    let parsed: toml::Table = toml::from_str(&config).unwrap_or_else(|e| panic!("{e}\n{config}"));
    let surveys = parsed["survey"].as_array().unwrap();
    assert_eq!(surveys.len(), 1, "{config}");
    // A pattern that matches the name as written.
    assert_eq!(
        surveys[0]["files"].as_str(),
        Some("march\n[[][[]survey[]][]]\".csv")
    );
    build_with_a_small_minimum(root.path(), &config);
}

#[test]
fn a_tallied_export_gets_its_count_column_mapped() {
    // One row per day, region and score with how many answers it stands for: counted as one
    // answer each, the report would be wrong by the counts.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("day,region,score,answers\n");
    let mut expected = 0;
    for (i, (score, count)) in [(10, 412), (9, 388), (6, 95), (3, 41), (0, 7), (8, 120)]
        .into_iter()
        .enumerate()
    {
        for (region, share) in [("Oslo", 1), ("Bergen", 2)] {
            text.push_str(&format!(
                "2025-01-0{},{region},{score},{}\n",
                i + 1,
                count * share
            ));
            expected += count * share;
        }
    }
    std::fs::write(dir.path().join("tally.csv"), text).unwrap();
    let said = columns(dir.path(), &["tally.csv"]);
    let table = suggestion(&said);
    assert!(
        table.contains("columns = { score = \"score\", date = \"day\", count = \"answers\" }"),
        "{table}"
    );
    let metrics = build_with(dir.path(), table);
    assert_eq!(metrics["surveys"][0]["overall"]["total"]["n"], expected);
}

#[test]
fn init_from_an_export_with_personal_data_says_so_in_the_configuration() {
    let root = tempfile::tempdir().unwrap();
    // First names repeat, as a segment's values would: still never a dimension.
    let mut text = String::from("Email Address,First Name,date,score\n");
    for (i, score) in [10, 9, 3, 7].into_iter().enumerate() {
        let name = ["Ada", "Bo"][i % 2];
        text.push_str(&format!(
            "p{i}@example.com,{name},2024-03-0{},{score}\n",
            i + 1
        ));
    }
    std::fs::write(root.path().join("export.csv"), text).unwrap();
    let run = cxreport(root.path(), &["init", ".", "--from", "export.csv"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let config = std::fs::read_to_string(root.path().join("cxreport.toml")).unwrap();
    assert!(
        config.contains(
            "\n# Personal data: \"Email Address\", \"First Name\" are filled. The survey below \
             never reads them,"
        ),
        "{config}"
    );
    // Read, it maps neither.
    assert!(
        config.contains("columns = { score = \"score\", date = \"date\" }\n"),
        "{config}"
    );
    assert!(!config.contains("dimensions = ["), "{config}");
    build_with_a_small_minimum(root.path(), &config);
}

#[test]
fn segments_whose_titles_would_share_an_id_or_have_none_get_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("date,score,Region,region,???\n");
    for (i, score) in [10, 9, 3, 7, 8, 2].into_iter().enumerate() {
        let value = ["a", "b"][i % 2];
        text.push_str(&format!(
            "2024-03-0{},{score},{value},{value},{value}\n",
            i + 1
        ));
    }
    std::fs::write(dir.path().join("x.csv"), text).unwrap();
    let said = columns(dir.path(), &["x.csv"]);
    let metrics = build_with(dir.path(), &format!("{}min_n = 1\n", suggestion(&said)));
    let ids: Vec<&str> = (metrics["surveys"][0]["dimensions"]
        .as_array()
        .unwrap()
        .iter())
    .map(|d| d["id"].as_str().unwrap())
    .collect();
    assert_eq!(ids, ["region", "region-2", "x"], "{said}");
}

#[test]
fn a_surveymonkey_statement_with_a_dash_in_it_titles_its_driver_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "Respondent ID,Collector ID,End Date,How likely are you to recommend us?,Rate us:,\n\
         ,,,Response,Speed - delivery,Price\n",
    );
    for (i, (score, speed, price)) in [(10, 5, 4), (9, 4, 2), (3, 1, 3), (7, 3, 5)]
        .into_iter()
        .enumerate()
    {
        text.push_str(&format!(
            "{i},1,03/0{}/2024 10:00:00 AM,{score},{speed},{price}\n",
            i + 1
        ));
    }
    std::fs::write(dir.path().join("m.csv"), text).unwrap();
    let said = columns(dir.path(), &["--format", "surveymonkey", "m.csv"]);
    assert!(
        said.contains(
            "drivers = [\n  { title = \"Speed - delivery\", column = \"Rate us: - Speed - \
             delivery\" },\n  { title = \"Price\", column = \"Rate us: - Price\" },\n]"
        ),
        "{said}"
    );
}

/// A Qualtrics export whose `Status` and `Finished` columns are written `status` and
/// `finished`, for `n` rows: every fifth a preview (score 0), every seventh unfinished
/// (score 0), every eleventh spam (score 0), the rest 10. Also returns how many are the rest.
fn qualtrics_with_previews(
    status: fn(&str) -> &str,
    finished: [&str; 2],
    n: usize,
) -> (String, u64) {
    let mut text = String::from(
        "RecordedDate,ResponseId,Status,Finished,Q1,Q2\n\
         Recorded Date,Response ID,Response Type,Finished,How likely are you to recommend us?,Team\n\
         {\"ImportId\":\"recordedDate\"},{\"ImportId\":\"_recordId\"},{\"ImportId\":\"status\"},\
         {\"ImportId\":\"finished\"},{\"ImportId\":\"QID1\"},{\"ImportId\":\"QID2\"}\n",
    );
    let mut kept = 0;
    for i in 1..=n {
        let (kind, done) = match i {
            i if i % 5 == 0 => ("Survey Preview", finished[0]),
            i if i % 7 == 0 => ("IP Address", finished[1]),
            i if i % 11 == 0 => ("Spam", finished[0]),
            _ => ("IP Address", finished[0]),
        };
        let score = if kind == "IP Address" && done == finished[0] {
            kept += 1;
            10
        } else {
            0
        };
        let team = ["Red", "Blue"][i % 2];
        text.push_str(&format!(
            "2024-03-{:02} 10:00:00,R_{i},{},{done},{score},{team}\n",
            1 + i % 28,
            status(kind)
        ));
    }
    (text, kept)
}

#[test]
fn previews_spam_and_unfinished_responses_get_filters_that_leave_them_out() {
    let dir = tempfile::tempdir().unwrap();
    // 60 rows: 12 previews, 7 unfinished (every seventh but the 35th, a preview), 4 spam
    // (every eleventh but the 55th, a preview), 37 kept.
    let (text, kept) = qualtrics_with_previews(|kind| kind, ["True", "False"], 60);
    assert_eq!(kept, 37);
    std::fs::write(dir.path().join("q.csv"), text).unwrap();
    let said = columns(dir.path(), &["--format", "qualtrics", "q.csv"]);
    let table = suggestion(&said);
    for line in [
        "leave_out = { Status = [\"Survey Preview\", \"Spam\"] }\n",
        "only = { Finished = [\"True\"] }\n",
        "# leave_out: Status marks 16 rows as Survey Preview or Spam, which are not answers.\n",
        "# only: 7 rows are unfinished (Finished is not True); delete the line to count their \
         scores too.\n",
        "dimensions = [\n  { title = \"Team\", column = \"Q2\" },\n]",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["overall"]["total"]["n"], kept);
    assert_eq!(survey["overall"]["total"]["groups"]["bottom"], 0);
    assert_eq!(survey["skipped"]["left_out"], 60 - kept);

    // The numeric download: codes for the status, 1 and 0 for finished. Previews are left to
    // the survey's owner (the codes are not named), unfinished responses are not.
    let (text, _) = qualtrics_with_previews(|_| "0", ["1", "0"], 60);
    std::fs::write(dir.path().join("q.csv"), text).unwrap();
    let said = columns(dir.path(), &["--format", "qualtrics", "q.csv"]);
    let table = suggestion(&said);
    assert!(!table.contains("leave_out"), "{table}");
    for line in [
        "only = { Finished = [\"1\"] }\n",
        "# only: some responses are unfinished (Finished is not 1); delete the line to count \
         their scores too.\n",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    // Everything counts but the 7 unfinished: the status codes are all 0 here.
    assert_eq!(metrics["surveys"][0]["overall"]["total"]["n"], 60 - 7);
}

#[test]
fn a_formbricks_export_with_one_unfinished_row_reads_its_finished_answers_only() {
    // Formbricks writes Finished as Yes or No; one row of the fixture made unfinished.
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(common::fixture("formats/formbricks.csv")).unwrap();
    let text = fixture.replacen(
        ",clr1abc,2024-03-06T10:22:10.000Z,Yes,",
        ",clr1abc,2024-03-06T10:22:10.000Z,No,",
        1,
    );
    assert_ne!(text, fixture);
    std::fs::write(dir.path().join("f.csv"), &text).unwrap();
    let said = columns(dir.path(), &["--format", "formbricks", "f.csv"]);
    let table = suggestion(&said);
    for line in [
        "only = { Finished = [\"Yes\"] }\n",
        "# only: 1 row is unfinished (Finished is not Yes); delete the line to count its score \
         too.\n",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    let table = table.to_string();
    let metrics = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["skipped"]["left_out"], 1);
    // The row left out had a score of 10: one promoter fewer than the whole fixture gives.
    std::fs::write(dir.path().join("f.csv"), &fixture).unwrap();
    let all = build_with(dir.path(), &format!("{table}min_n = 1\n"));
    let total = |m: &Value, key: &str| m["surveys"][0]["overall"]["total"][key].clone();
    assert_eq!(all["surveys"][0]["skipped"].get("left_out"), None);
    assert_eq!(
        total(&all, "n").as_u64().unwrap(),
        total(&metrics, "n").as_u64().unwrap() + 1
    );
    let top = |m: &Value| total(m, "groups")["top"].as_u64().unwrap();
    assert_eq!(top(&all), top(&metrics) + 1);
}

#[test]
fn dates_that_name_their_moment_get_a_note_on_the_time_zone() {
    let note = "# The dates are times in UTC or with their offset: timezone = \"Europe/Oslo\"";
    let repo = common::repo();
    // The support export writes `2025-01-27T08:24:00Z`; the employees' export days only.
    let support = columns(&repo, &["data/support-csat.csv"]);
    assert!(
        support.contains("dates from 2025-01-01 to 2025-12-31, times in UTC or with their offset"),
        "{support}"
    );
    assert!(suggestion(&support).contains(note), "{support}");
    let employees = columns(&repo, &["data/employees-enps.csv"]);
    assert!(!employees.contains("times in UTC"), "{employees}");
    assert!(!employees.contains(note), "{employees}");
    // Typeform's `Submit Date (UTC)` and Delighted's Unix seconds say so by their tool.
    for (fixture, format) in [("typeform.csv", "typeform"), ("delighted.csv", "delighted")] {
        let file = common::fixture("formats").join(fixture);
        let said = columns(&repo, &[file.to_str().unwrap(), "--format", format]);
        assert!(suggestion(&said).contains(note), "{format}: {said}");
    }
}

#[test]
fn a_short_busy_export_is_suggested_weeks_and_builds_by_them() {
    // 1,300 CSAT answers over the 12 weeks from Monday 6 January 2025 (weeks 2 to 13), about
    // 108 a week.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Submitted,Satisfaction,Channel\n");
    for i in 0..1300u64 {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + chrono::Days::new(i % 84);
        csv.push_str(&format!(
            "{day},{},{}\n",
            1 + i % 5,
            ["Chat", "Phone"][(i % 2) as usize]
        ));
    }
    std::fs::write(dir.path().join("support.csv"), csv).unwrap();
    let said = columns(dir.path(), &["support.csv"]);
    let table = suggestion(&said).to_string();
    for line in [
        "period = \"week\"\n",
        "# period: the answers span 12 weeks, about 108 a week; by month they would make 3 \
         points.\n",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
    let metrics = build_with(dir.path(), &table);
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["period_kind"], "week");
    assert_eq!(
        survey["periods_covered"],
        serde_json::json!(["2025-W02", "2025-W13"])
    );
    assert_eq!(survey["overall"]["periods"].as_array().unwrap().len(), 12);
}
