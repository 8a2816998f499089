//! `metrics.json` of the example and of the fixtures validates against the shipped JSON Schema,
//! and the schema rejects what it must.

mod common;

use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::repo().join("docs/metrics.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema")
}

fn build(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = common::cxreport(dir, args);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let output = args
        .iter()
        .position(|a| *a == "--output")
        .map(|i| std::path::PathBuf::from(args[i + 1]))
        .unwrap_or_else(|| dir.join("public"));
    serde_json::from_str(&std::fs::read_to_string(output.join("metrics.json")).unwrap()).unwrap()
}

fn assert_valid(metrics: &Value, what: &str) {
    let errors: Vec<String> = schema()
        .iter_errors(metrics)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_examples_metrics_validate_against_the_schema() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let metrics = build(
        &common::repo(),
        &["build", "--output", output.to_str().unwrap()],
    );
    assert_valid(&metrics, "example");
}

#[test]
fn the_fixtures_metrics_validate_too() {
    for fixture in ["basic", "hostile", "anonymity"] {
        let dir = common::project(fixture);
        assert_valid(&build(dir.path(), &["build"]), fixture);
    }
}

#[test]
fn weekly_metrics_validate_too() {
    // The example's surveys counted by ISO week: periods written 2024-W05.
    let dir = tempfile::tempdir().unwrap();
    for folder in ["data", "content", "static"] {
        common::copy_dir(&common::repo().join(folder), &dir.path().join(folder));
    }
    let config = std::fs::read_to_string(common::repo().join("cxreport.toml")).unwrap();
    let weekly = (config.lines())
        .filter(|l| {
            !l.starts_with("period =") && !l.starts_with("from =") && !l.starts_with("until =")
        })
        .map(|l| match l {
            "[[survey]]" => "[[survey]]\nperiod = \"week\"".to_string(),
            l if l.starts_with("target = ") || l.starts_with("invitations = ") => String::new(),
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("cxreport.toml"), weekly).unwrap();
    let metrics = build(dir.path(), &["build"]);
    assert_eq!(metrics["surveys"][0]["period_kind"], "week");
    let period = &metrics["surveys"][0]["overall"]["periods"][0]["period"];
    assert!(period.as_str().unwrap().contains("-W"), "{period}");
    assert_valid(&metrics, "weekly example");
    // Employees by week: many small weeks, and still no small group recoverable.
    let employees = (metrics["surveys"].as_array().unwrap().iter())
        .find(|s| s["id"] == "employees")
        .unwrap();
    common::assert_no_group_recoverable(employees, 5);
}

#[test]
fn the_schema_rejects_a_number_on_a_hidden_figure_and_unknown_keys() {
    let validator = schema();
    let dir = common::project("anonymity");
    let metrics = build(dir.path(), &["build"]);
    let mut leaked = metrics.clone();
    let values = leaked["surveys"][0]["dimensions"][0]["values"]
        .as_array_mut()
        .unwrap();
    let hidden = values
        .iter_mut()
        .find(|v| v["total"]["status"] == "suppressed")
        .expect("the fixture hides a group");
    hidden["total"]["n"] = 4.into();
    assert!(
        !validator.is_valid(&leaked),
        "a hidden figure with a count passes"
    );
    let mut unknown = metrics;
    unknown["surveys"][0]["nps_now"] = 12.into();
    assert!(!validator.is_valid(&unknown), "an unknown key passes");
}

#[test]
fn a_file_is_either_text_with_its_layout_or_a_workbook_sheet() {
    use common::Cell::{Date, Number, Text};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let mut rows = vec![vec![Text("Date"), Text("Score")]];
    rows.extend((0..40).map(|i| vec![Date(45356.0 + f64::from(i)), Number(f64::from(i % 11))]));
    // A sheet name is text from the file: escaped wherever it is shown.
    let book = common::xlsx(&[("Answers <b>", (0, 0), rows)]);
    std::fs::write(dir.path().join("data/answers.xlsx"), book).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"Workbook\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
         files = \"data/*.xlsx\"\ncolumns = { score = \"Score\", date = \"Date\" }\n",
    )
    .unwrap();
    let check = common::cxreport(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", common::stderr(&check));
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("data/answers.xlsx: sheet \"Answers <b>\", 1 header row, 40 rows"),
        "{said}"
    );

    let metrics = build(dir.path(), &["build"]);
    assert_valid(&metrics, "a workbook");
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains("<td>data/answers.xlsx (Answers &lt;b&gt;)</td>"),
        "the methodology page names the sheet read"
    );
    let file = &metrics["surveys"][0]["files"][0];
    assert_eq!(file["sheet"], "Answers <b>");
    assert_eq!(file["records"], 40);
    assert!(file.get("encoding").is_none(), "{file}");

    let validator = schema();
    let mut both = metrics.clone();
    both["surveys"][0]["files"][0]["encoding"] = "UTF-8".into();
    assert!(
        !validator.is_valid(&both),
        "a sheet with an encoding passes"
    );
    let mut neither = metrics;
    neither["surveys"][0]["files"][0]
        .as_object_mut()
        .unwrap()
        .remove("sheet");
    assert!(
        !validator.is_valid(&neither),
        "a file with no source passes"
    );
}

#[test]
fn a_tallied_workbook_validates_with_its_count_column_and_bad_counts() {
    use common::Cell::{Date, Number, Text};
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![vec![Text("Date"), Text("Score"), Text("Answers")]];
    // 11 rows of 40 answers each (a spreadsheet's counts are numbers: 40.0), and one bad count.
    rows.extend((0..11).map(|s| vec![Date(45356.0), Number(f64::from(s)), Number(40.0)]));
    rows.push(vec![Date(45357.0), Number(9.0), Text("many")]);
    std::fs::write(
        dir.path().join("tallies.xlsx"),
        common::xlsx(&[("Tallies", (0, 0), rows)]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"Tallied\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
         files = \"tallies.xlsx\"\non_invalid = \"skip\"\n\
         columns = { score = \"Score\", date = \"Date\", count = \"Answers\" }\n",
    )
    .unwrap();
    let metrics = build(dir.path(), &["build"]);
    assert_valid(&metrics, "a tallied workbook");
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["count_column"], "Answers");
    assert_eq!(survey["skipped"]["bad_count"], 1);
    assert_eq!(survey["files"][0]["records"], 12);
    assert_eq!(survey["records"], 11 * 40 + 1);
    assert_eq!(survey["overall"]["total"]["n"], 440);
    // 80 promoters and 280 detractors of 440.
    let score = survey["overall"]["total"]["score"]["value"]
        .as_f64()
        .unwrap();
    assert!(
        (score - 100.0 * (80.0 - 280.0) / 440.0).abs() < 1e-9,
        "{score}"
    );
}

#[test]
fn a_filtered_workbook_validates_with_its_filters_and_rows_left_out() {
    use common::Cell::{Date, Empty, Number, Text};
    let dir = tempfile::tempdir().unwrap();
    // Finished as a number (1 or 0), as Qualtrics' numeric export writes it, and Status as text.
    let rows = vec![
        vec![
            Text("Date"),
            Text("Score"),
            Text("Status"),
            Text("Finished"),
        ],
        vec![Date(45356.0), Number(10.0), Text("IP Address"), Number(1.0)],
        vec![
            Date(45356.0),
            Number(0.0),
            Text("Survey Preview"),
            Number(1.0),
        ],
        vec![Date(45357.0), Number(0.0), Text("IP Address"), Number(0.0)],
        vec![Date(45357.0), Number(3.0), Empty, Number(1.0)],
        vec![Date(45358.0), Empty, Text("survey preview"), Number(1.0)],
    ];
    std::fs::write(
        dir.path().join("export.xlsx"),
        common::xlsx(&[("Export", (0, 0), rows)]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"Filtered\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
         files = \"export.xlsx\"\nmin_n = 1\ncolumns = { score = \"Score\", date = \"Date\" }\n\
         only = { Finished = \"1\" }\nleave_out = { Status = [\"Survey Preview\", \"Spam\"] }\n",
    )
    .unwrap();
    let metrics = build(dir.path(), &["build"]);
    assert_valid(&metrics, "a filtered workbook");
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["only"], serde_json::json!({ "Finished": ["1"] }));
    assert_eq!(
        survey["leave_out"],
        serde_json::json!({ "Status": ["Survey Preview", "Spam"] })
    );
    // The two previews (one with an empty score) and the unfinished answer; 10 and 3 are read.
    assert_eq!(survey["skipped"], serde_json::json!({ "left_out": 3 }));
    assert_eq!(survey["empty_scores"], 0);
    assert_eq!(survey["overall"]["total"]["n"], 2);
    let mut unfiltered = metrics.clone();
    unfiltered["surveys"][0]["only"] = serde_json::json!({});
    assert!(
        !schema().is_valid(&unfiltered),
        "a filter of no column passes"
    );
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    for line in [
        "<li>column &quot;Finished&quot;: only &quot;1&quot;</li>",
        "<li>column &quot;Status&quot;: not &quot;Survey Preview&quot;, &quot;Spam&quot;</li>",
    ] {
        assert!(methodology.contains(line), "{line}: {methodology}");
    }
}
