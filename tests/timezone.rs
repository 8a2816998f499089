//! `timezone`: answers are counted on their day in the report's time zone. A time that names its
//! zone, Unix seconds and a time in a file whose zone is known (`date_zone`, or a column named
//! "(UTC)") are moved into it; a time without a zone is taken as written.

mod common;

use common::{build_metrics, cxreport, stderr};

/// Six answers around month ends, hand-placed in Oslo time (UTC+1, UTC+2 from 01:00 UTC on
/// 31 March 2024):
///
/// | written | score | in UTC | in Oslo |
/// | --- | --- | --- | --- |
/// | 2024-01-31T22:30:00Z | 10 | Jan | Jan (23:30) |
/// | 2024-01-31T23:30:00Z | 0 | Jan | Feb (00:30) |
/// | 2024-02-10T12:00:00Z | 0 | Feb | Feb |
/// | 2024-02-29T23:15:00Z | 9 | Feb | Mar (00:15) |
/// | 2024-03-31T21:59:00Z | 10 | Mar | Mar (23:59, summer time) |
/// | 2024-03-31T22:01:00Z | 10 | Mar | Apr (00:01) |
const ANSWERS: &str = "\
id,date,score
1,2024-01-31T22:30:00Z,10
2,2024-01-31T23:30:00Z,0
3,2024-02-10T12:00:00Z,0
4,2024-02-29T23:15:00Z,9
5,2024-03-31T21:59:00Z,10
6,2024-03-31T22:01:00Z,10
";

/// A project reading `csv` as a survey with `survey` settings, under `top` settings.
fn project(csv: &str, top: &str, survey: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"Zones\"\n{top}\n\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
             files = \"answers.csv\"\nmin_n = 1\n{survey}\n"
        ),
    )
    .unwrap();
    dir
}

/// Each period's answers and promoters.
fn periods(metrics: &serde_json::Value) -> Vec<(String, u64, u64)> {
    let periods = metrics["surveys"][0]["overall"]["periods"]
        .as_array()
        .unwrap();
    (periods.iter())
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["n"].as_u64().unwrap(),
                p["groups"]["top"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn owned(periods: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    (periods.iter())
        .map(|&(p, n, top)| (p.to_string(), n, top))
        .collect()
}

const COLUMNS: &str = "columns = { score = \"score\", date = \"date\" }";

#[test]
fn answers_are_counted_in_the_month_of_the_reports_time_zone() {
    // Without a time zone, each answer's day is the day written (UTC here).
    let metrics = build_metrics(project(ANSWERS, "", COLUMNS).path());
    assert_eq!(
        periods(&metrics),
        owned(&[("2024-01", 2, 1), ("2024-02", 2, 1), ("2024-03", 2, 2)])
    );
    assert!(metrics.get("timezone").is_none());

    let dir = project(ANSWERS, "timezone = \"Europe/Oslo\"", COLUMNS);
    let out = cxreport(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("6 rows in 1 file, 0 empty scores, 2024-01 to 2024-04, days in Europe/Oslo"),
        "{text}"
    );
    let metrics = build_metrics(dir.path());
    assert_eq!(
        periods(&metrics),
        owned(&[
            ("2024-01", 1, 1),
            ("2024-02", 2, 0),
            ("2024-03", 2, 2),
            ("2024-04", 1, 1)
        ])
    );
    assert_eq!(metrics["timezone"], "Europe/Oslo");
    assert_eq!(metrics["data_until"], "2024-04-01");
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains("Answers are counted on their day in the time zone Europe/Oslo"),
        "{methodology}"
    );

    // `until` cuts at the end of March in Oslo: the answer at 00:01 on 1 April is outside.
    let dir = project(
        ANSWERS,
        "timezone = \"Europe/Oslo\"",
        &format!("{COLUMNS}\nuntil = \"2024-03\""),
    );
    let metrics = build_metrics(dir.path());
    assert_eq!(
        metrics["surveys"][0]["skipped"],
        serde_json::json!({ "outside_window": 1 })
    );
}

#[test]
fn unix_seconds_are_moved_and_times_without_a_zone_are_not() {
    // 1706743800 is 2024-01-31 23:30 UTC: February in Oslo.
    let unix = "id,date,score\n1,1706743800,10\n2,1706739000,0\n";
    let dir = project(
        unix,
        "timezone = \"Europe/Oslo\"",
        &format!("{COLUMNS}\ndate_format = \"unix\""),
    );
    // 1706739000 is 22:10 UTC, 23:10 in Oslo: still January.
    assert_eq!(
        periods(&build_metrics(dir.path())),
        owned(&[("2024-01", 1, 0), ("2024-02", 1, 1)])
    );

    // Times without a zone are the tool's local time: as written, whatever the zone.
    let naive = ANSWERS.replace('Z', "");
    let dir = project(&naive, "timezone = \"America/New_York\"", COLUMNS);
    assert_eq!(
        periods(&build_metrics(dir.path())),
        owned(&[("2024-01", 2, 1), ("2024-02", 2, 1), ("2024-03", 2, 2)])
    );
    // … unless the survey says which zone they are written in: in UTC, they move as above.
    let dir = project(
        &naive,
        "timezone = \"Europe/Oslo\"",
        &format!("{COLUMNS}\ndate_zone = \"UTC\""),
    );
    assert_eq!(
        periods(&build_metrics(dir.path())),
        owned(&[
            ("2024-01", 1, 1),
            ("2024-02", 2, 0),
            ("2024-03", 2, 2),
            ("2024-04", 1, 1)
        ])
    );
}

#[test]
fn a_column_named_utc_is_read_as_utc() {
    // Typeform writes `Submit Date (UTC)` without a zone in its text.
    let typeform = "#,How likely are you to recommend us?,Submit Date (UTC)\n\
                    a1,10,2024-01-31 22:30:00\n\
                    a2,0,2024-01-31 23:30:00\n";
    let columns =
        "format = \"typeform\"\ncolumns = { score = \"How likely are you to recommend us?\" }";
    let dir = project(typeform, "timezone = \"Europe/Oslo\"", columns);
    assert_eq!(
        periods(&build_metrics(dir.path())),
        owned(&[("2024-01", 1, 1), ("2024-02", 1, 0)])
    );
    // A date_zone of the survey's own wins over the column's name.
    let dir = project(
        typeform,
        "timezone = \"Europe/Oslo\"",
        &format!("{columns}\ndate_zone = \"Europe/Oslo\""),
    );
    assert_eq!(
        periods(&build_metrics(dir.path())),
        owned(&[("2024-01", 2, 1)])
    );
}

#[test]
fn a_time_zone_that_is_not_one_is_a_configuration_error_at_its_place() {
    for (top, survey, message, place) in [
        (
            "timezone = \"Europe/Olso\"",
            "",
            "timezone \"Europe/Olso\" is not a time zone",
            "cxreport.toml:2:12",
        ),
        (
            "timezone = \"UTC\"",
            "date_zone = \"Mars/Olympus\"",
            "survey \"nps\": date_zone \"Mars/Olympus\" is not a time zone",
            "cxreport.toml:11:13",
        ),
        (
            "",
            "date_zone = \"UTC\"",
            "survey \"nps\" sets date_zone but the report has no timezone",
            "cxreport.toml:11:13",
        ),
    ] {
        let dir = project(ANSWERS, top, &format!("{COLUMNS}\n{survey}"));
        let out = cxreport(dir.path(), &["build"]);
        assert_eq!(out.status.code(), Some(1), "{top} {survey}");
        let err = stderr(&out);
        assert!(err.contains(message), "{err}");
        assert!(err.contains(place), "{place}: {err}");
        assert!(err.contains("hint:"), "{err}");
        assert!(!dir.path().join("public").exists());
    }
    // A misspelt timezone is the one problem: not also a date_zone without a timezone.
    let dir = project(
        ANSWERS,
        "timezone = \"Europe/Olso\"",
        &format!("{COLUMNS}\ndate_zone = \"UTC\""),
    );
    let err = stderr(&cxreport(dir.path(), &["check"]));
    assert!(
        err.contains("timezone \"Europe/Olso\" is not a time zone"),
        "{err}"
    );
    assert!(!err.contains("has no timezone"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}
