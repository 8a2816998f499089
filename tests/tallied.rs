//! Tallied exports: rows that stand for many answers each (`columns.count`), as a warehouse
//! query writes them. The same answers, tallied or not, must give the same report.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Draw, cxreport, files, stderr};
use serde_json::Value;

/// Answers as rows of fields, the score last: `(header, rows)`.
type Answers = (Vec<&'static str>, Vec<Vec<String>>);

/// Customer answers over 24 months in 5 regions and 3 channels; about 2 % skip the question.
/// The north's scores fall in the last months, so that changes and movers have something to find.
fn customer_answers() -> Answers {
    let mut draw = Draw(7);
    let regions = ["North", "South", "East", "West", "Islands"];
    let channels = ["Web", "App", "Store"];
    let rows = (0..6000)
        .map(|_| {
            let month = draw.below(24);
            // One day a month, so that answers share their fields and tally.
            let date = format!(
                "{}-{:02}-{:02}",
                2024 + month / 12,
                month % 12 + 1,
                1 + month
            );
            let region = regions[draw.below(5) as usize];
            let late_north = region == "North" && month >= 21;
            let score = match draw.below(100) {
                0..2 => String::new(),
                roll => {
                    let s = if late_north { roll % 9 } else { roll % 11 };
                    s.to_string()
                }
            };
            let channel = channels[draw.below(3) as usize];
            vec![date, region.to_string(), channel.to_string(), score]
        })
        .collect();
    (vec!["date", "region", "channel", "score"], rows)
}

/// Employee answers over 8 quarters in 6 departments, one of them too small to show.
fn employee_answers() -> Answers {
    let mut draw = Draw(11);
    let departments = [
        "Sales",
        "Stores",
        "Logistics",
        "Support",
        "Finance",
        "Legal",
    ];
    let rows = (0..900)
        .map(|_| {
            let month = draw.below(24);
            let date = format!("{}-{:02}-15", 2024 + month / 12, month % 12 / 3 * 3 + 1);
            // Legal: about 1 answer in 100, under 5 a quarter.
            let department = match draw.below(100) {
                0 => "Legal",
                roll => departments[(roll % 5) as usize],
            };
            vec![date, department.to_string(), draw.below(11).to_string()]
        })
        .collect();
    (vec!["date", "department", "score"], rows)
}

fn csv((header, rows): &Answers) -> String {
    let mut out = header.join(",") + "\n";
    for row in rows {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// The answers grouped by all their fields, each group once with its count in a column `n`,
/// in another order than the answers came in.
fn tallied((header, rows): &Answers) -> (String, usize) {
    let mut counts: BTreeMap<&Vec<String>, u64> = BTreeMap::new();
    for row in rows {
        *counts.entry(row).or_default() += 1;
    }
    let mut out = header.join(",") + ",n\n";
    for (row, n) in counts.iter().rev() {
        out.push_str(&format!("{},{n}\n", row.join(",")));
    }
    (out, counts.len())
}

const CONFIG: &str = r#"title = "Tallied"

[[survey]]
id = "customers"
title = "Customers"
kind = "nps"
files = "data/customers.csv"
columns = { score = "score", date = "date"COUNT }
dimensions = [{ title = "Region", column = "region" }, { title = "Channel", column = "channel" }]
target = { value = 20, by = "2025-12" }

[[survey]]
id = "employees"
title = "Employees"
kind = "enps"
period = "quarter"
files = "data/employees.csv"
columns = { score = "score", date = "date"COUNT }
dimensions = [{ title = "Department", column = "department" }]
"#;

fn project(customers: &str, employees: &str, count: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/customers.csv"), customers).unwrap();
    std::fs::write(dir.path().join("data/employees.csv"), employees).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        CONFIG.replace("COUNT", count),
    )
    .unwrap();
    dir
}

/// Builds the project in `dir`, which must succeed, and returns its `metrics.json`.
fn built_metrics(dir: &Path) -> Value {
    let out = cxreport(dir, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    metrics(dir)
}

fn metrics(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("public/metrics.json")).unwrap())
        .unwrap()
}

#[test]
fn a_tallied_export_builds_the_report_its_answers_build() {
    let (customers, employees) = (customer_answers(), employee_answers());
    let (tallied_customers, customer_rows) = tallied(&customers);
    let (tallied_employees, employee_rows) = tallied(&employees);
    // The tallies are shorter than the answers, or the test would show little.
    assert!(customer_rows < 6000 * 2 / 3, "{customer_rows}");
    assert!(employee_rows < 900 * 2 / 3, "{employee_rows}");
    let raw = project(&csv(&customers), &csv(&employees), "");
    let counted = project(&tallied_customers, &tallied_employees, r#", count = "n""#);
    for dir in [&raw, &counted] {
        let out = cxreport(dir.path(), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let (raw_site, counted_site) = (raw.path().join("public"), counted.path().join("public"));

    // Every file but the methodology page (which says the export is tallied) and metrics.json
    // (below) is byte for byte the same, figures.csv included.
    let pages = files(&raw_site);
    assert_eq!(pages, files(&counted_site));
    assert!(pages.len() >= 20, "{pages:?}");
    for page in &pages {
        if matches!(
            page.as_str(),
            "methodology.html" | "metrics.json" | ".cxreport-output"
        ) {
            continue;
        }
        let (a, b) = (
            std::fs::read(raw_site.join(page)).unwrap(),
            std::fs::read(counted_site.join(page)).unwrap(),
        );
        assert!(a == b, "{page} differs");
    }

    // metrics.json too, but for the files read and the column named.
    let (mut a, mut b) = (metrics(raw.path()), metrics(counted.path()));
    for (survey, rows) in b["surveys"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip([customer_rows, employee_rows])
    {
        assert_eq!(survey["count_column"], "n");
        assert_eq!(survey["files"][0]["records"], rows as u64);
        let survey = survey.as_object_mut().unwrap();
        survey.remove("count_column");
        survey.remove("files");
    }
    for survey in a["surveys"].as_array_mut().unwrap() {
        assert!(survey.get("count_column").is_none());
        survey.as_object_mut().unwrap().remove("files");
    }
    assert_eq!(a, b);
    // Answers with a score, and those without, are counted as answers.
    let customers_metrics = &b["surveys"][0];
    let empty = customers.1.iter().filter(|row| row[3].is_empty()).count() as u64;
    assert_eq!(customers_metrics["records"], 6000);
    assert_eq!(customers_metrics["empty_scores"], empty);
    assert_eq!(customers_metrics["overall"]["total"]["n"], 6000 - empty);

    let methodology = std::fs::read_to_string(counted_site.join("methodology.html")).unwrap();
    assert!(
        methodology.contains("Customers is read from a tallied export: each row stands for the number of answers in its column &quot;n&quot;"),
        "{methodology}"
    );
    let raw_methodology = std::fs::read_to_string(raw_site.join("methodology.html")).unwrap();
    assert!(!raw_methodology.contains("tallied export"));

    let check = cxreport(counted.path(), &["check"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains(&format!(
            "customers (NPS, no format preset): 6,000 answers (tallied in column \"n\") in 1 file, {empty} empty scores"
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "data/customers.csv: UTF-8, delimiter \",\", LF line endings, 1 header row, {} rows",
            cxreport::locale::Locale::En
                .texts()
                .count(customer_rows as u64)
        )),
        "{said}"
    );
}

/// A one-survey project reading `rows` (after a header `date,region,score,n`), with the survey's
/// settings `lines` too.
fn small(rows: &str, lines: &str) -> tempfile::TempDir {
    // Each setting on a line of its own, and none an empty line: tests place problems by line.
    let lines: String = lines.lines().map(|line| format!("{line}\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.csv"),
        format!("date,region,score,n\n{rows}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"T\"\n\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
             files = \"answers.csv\"\n{lines}\
             columns = {{ score = \"score\", date = \"date\", count = \"n\" }}\n\
             dimensions = [{{ title = \"Region\", column = \"region\" }}]\n"
        ),
    )
    .unwrap();
    dir
}

/// What `check` prints for a small project whose columns end `columns` instead of
/// `count = "n" }`, which it refuses (exit code 1) at the count's value, on line 8.
fn refused(columns: &str) -> String {
    let dir = small("2025-01-03,North,9,40\n", "");
    common::edit_config(dir.path(), "count = \"n\" }", columns);
    let out = cxreport(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("--> cxreport.toml:8:"), "{err}");
    err
}

const BAD_COUNTS: &str = "2025-01-03,North,9,40\n\
                          2025-01-04,North,3,x\n\
                          2025-01-05,South,9,-3\n\
                          2025-01-06,South,9,1,000\n\
                          2025-01-07,South,9,1.000\n\
                          2025-01-08,South,9,\n\
                          2025-01-09,South,9,4294967296\n\
                          2025-01-10,South,7, 25 \n\
                          2025-01-11,South,12,7\n\
                          2025-01-12,South,,6\n\
                          2025-03-01,Islands,2,0\n";

#[test]
fn a_count_that_is_not_a_whole_number_is_placed_and_nothing_is_written() {
    let dir = small(BAD_COUNTS, "");
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // "1,000" has one field too many; "1.000" could be a thousand or one.
    for (line, message) in [
        (3, "count \"x\" is not a whole number in digits"),
        (4, "count \"-3\" is not a whole number in digits"),
        (6, "count \"1.000\" is not a whole number in digits"),
        (7, "the count is empty"),
        (
            8,
            "count 4294967296 is more than a row can stand for (4294967295)",
        ),
    ] {
        assert!(
            err.contains(&format!(
                "error: {message}\n  --> answers.csv:{line}:4 (column \"n\")"
            )),
            "{err}"
        );
    }
    assert!(err.contains("--> answers.csv:5\n"), "{err}");
    assert!(err.contains("digits only (no separators)"), "{err}");
    assert!(
        err.contains("score 12 is outside the NPS scale 0-10"),
        "{err}"
    );
    assert!(
        err.contains("7 problems found; nothing was written"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn skipped_rows_count_the_answers_they_stand_for() {
    let dir = small(BAD_COUNTS, "on_invalid = \"skip\"");
    let metrics = built_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    // A bad count is one answer (how many the row stands for is unknown): x, -3, 1.000, the
    // empty one and the one past 32 bits; "1,000" is a row of the wrong width.
    assert_eq!(survey["skipped"]["bad_count"], 5);
    assert_eq!(survey["skipped"]["field_count"], 1);
    // The score of 12 stands for 7 answers, the empty score for 6.
    assert_eq!(survey["skipped"]["score_out_of_range"], 7);
    assert_eq!(survey["empty_scores"], 6);
    assert_eq!(survey["records"], 40 + 25 + 5 + 1 + 7 + 6);
    let all = &survey["overall"]["total"];
    assert_eq!(all["n"], 65);
    // 40 promoters, 25 passives: NPS 40 / 65 = 61.5.
    let score = all["score"]["value"].as_f64().unwrap();
    assert!((score - 100.0 * 40.0 / 65.0).abs() < 1e-9, "{score}");
    // The row that stands for no answers adds no period and no value.
    assert_eq!(
        survey["periods_covered"],
        serde_json::json!(["2025-01", "2025-01"])
    );
    let regions: Vec<&str> = survey["dimensions"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["North", "South"]);
}

#[test]
fn a_tallied_export_has_no_one_comment_or_response_id() {
    for column in ["comment", "response_id"] {
        let err = refused(&format!("count = \"n\", {column} = \"region\" }}"));
        assert!(
            err.contains(&format!("survey \"nps\" maps both count and {column}")),
            "{err}"
        );
        assert!(err.contains("read the answers with their"), "{err}");
    }
    // A count column named by blanks names none; the message shows what was written.
    let err = refused("count = \" \" }");
    assert!(
        err.contains("survey \"nps\" names no count column: count = \" \""),
        "{err}"
    );
    // A format's response id is not taken for a tallied export.
    let dir = small("2025-01-03,North,9,40\n", "format = \"typeform\"");
    assert_eq!(
        built_metrics(dir.path())["surveys"][0]["overall"]["total"]["n"],
        40
    );
}

#[test]
fn answers_outside_the_periods_reported_count_what_their_rows_stand_for() {
    let dir = small(
        "2025-01-03,North,9,40\n2025-02-03,North,9,25\n2025-02-04,South,,6\n2025-01-05,South,,2\n",
        "until = \"2025-01\"",
    );
    let survey = &built_metrics(dir.path())["surveys"][0];
    // February's 25 answers and its 6 empty ones are outside; January's 2 empty ones are not.
    assert_eq!(survey["skipped"]["outside_window"], 31);
    assert_eq!(survey["empty_scores"], 2);
    assert_eq!(survey["records"], 73);
    assert_eq!(survey["overall"]["total"]["n"], 40);
}
