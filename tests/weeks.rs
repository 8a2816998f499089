//! `period = "week"`: answers counted in ISO 8601 weeks (Monday to Sunday, the year of the
//! week's Thursday), checked against hand-placed answers and against a recount that finds each
//! day's week by the ISO rule written out, not by chrono's `iso_week`.

mod common;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use common::{build_metrics, cxreport, stderr};
use serde_json::Value;

/// A project reading `csv` as a weekly NPS survey, with `survey` settings added.
fn project(csv: &str, survey: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"Weeks\"\n\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
             files = \"answers.csv\"\nperiod = \"week\"\nmin_n = 1\n\
             columns = {{ score = \"score\", date = \"date\" }}\n\
             dimensions = [{{ title = \"Region\", column = \"region\" }}]\n{survey}\n"
        ),
    )
    .unwrap();
    dir
}

/// Each period's id, answers, promoters and detractors, from a list of period figures.
fn counts(periods: &Value) -> Vec<(String, u64, u64, u64)> {
    (periods.as_array().unwrap().iter())
        .map(|p| {
            let groups = &p["groups"];
            (
                p["period"].as_str().unwrap().to_string(),
                p["n"].as_u64().unwrap(),
                groups["top"].as_u64().unwrap(),
                groups["bottom"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Around the end of 2020, whose ISO year has 53 weeks: 27 Dec 2020 is the Sunday of week 52,
/// 28 Dec 2020 to 3 Jan 2021 is week 53 of 2020, and 4 Jan 2021 starts week 1 of 2021.
const YEAR_END: &str = "\
date,score,region
2020-12-27,10,North
2020-12-28,0,North
2021-01-03,9,South
2021-01-04,10,South
2021-01-10,3,North
";

#[test]
fn answers_are_counted_in_iso_weeks_across_a_year_end() {
    let dir = project(YEAR_END, "");
    let metrics = build_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["period_kind"], "week");
    let owned = |rows: &[(&str, u64, u64, u64)]| -> Vec<(String, u64, u64, u64)> {
        (rows.iter())
            .map(|&(p, n, top, bottom)| (p.to_string(), n, top, bottom))
            .collect()
    };
    assert_eq!(
        counts(&survey["overall"]["periods"]),
        owned(&[
            ("2020-W52", 1, 1, 0),
            ("2020-W53", 2, 1, 1),
            ("2021-W01", 2, 1, 1),
        ])
    );
    let north = &survey["dimensions"][0]["values"][0];
    assert_eq!(north["name"], "North");
    assert_eq!(
        counts(&north["periods"]),
        owned(&[
            ("2020-W52", 1, 1, 0),
            ("2020-W53", 1, 0, 1),
            ("2021-W01", 1, 0, 1),
        ])
    );
    assert_eq!(
        survey["periods_covered"],
        serde_json::json!(["2020-W52", "2021-W01"])
    );
    // The change into the latest week is from the week before, which crosses the ISO year.
    let latest = &survey["overall"]["periods"][2];
    assert_eq!(latest["change_previous"]["from"], "2020-W53");

    // Weeks are labelled as a reader says them, in the report's language.
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(
        page.contains("W53 2020") && page.contains("W1 2021"),
        "{page}"
    );
    // A week's days are given where its figure is: the headline and the table of periods.
    assert!(
        page.contains("NPS, W1 2021 (4 Jan 2021 – 10 Jan 2021)</p>"),
        "{page}"
    );
    let row =
        "<th scope=\"row\">W53 2020<br><span class=\"days\">28 Dec 2020 – 3 Jan 2021</span></th>";
    assert!(page.contains(row), "{page}");
    // The methodology page says how weeks are counted, for weekly surveys only.
    let methodology = |dir: &std::path::Path| {
        std::fs::read_to_string(dir.join("public/methodology.html")).unwrap()
    };
    let how = "NPS: answers are counted in ISO 8601 weeks, Monday to Sunday";
    assert!(methodology(dir.path()).contains(how));
    common::edit_config(dir.path(), "period = \"week\"", "period = \"month\"");
    build_metrics(dir.path());
    assert!(!methodology(dir.path()).contains("ISO 8601"));
    common::edit_config(dir.path(), "period = \"month\"", "period = \"week\"");
    common::edit_config(
        dir.path(),
        "title = \"Weeks\"",
        "title = \"Weeks\"\nlocale = \"nb\"",
    );
    build_metrics(dir.path());
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains("uke 53 2020"), "{page}");
}

#[test]
fn from_until_targets_and_invitations_are_written_in_weeks() {
    let invitations = "period,invited\n2020-W53,4\n2021-W01,8\n";
    let dir = project(
        YEAR_END,
        "from = \"2020-W53\"\nuntil = \"2020-W53\"\ntarget = { value = 0, by = \"2020-W53\" }\n\
         invitations = \"invited.csv\"",
    );
    std::fs::write(dir.path().join("invited.csv"), invitations).unwrap();
    let metrics = build_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    // Only week 53's two answers are reported; the other three are outside the window.
    assert_eq!(
        counts(&survey["overall"]["periods"]),
        vec![("2020-W53".to_string(), 2, 1, 1)]
    );
    assert_eq!(survey["skipped"]["outside_window"], 3);
    let rate = &survey["overall"]["periods"][0]["response_rate"];
    assert_eq!(
        (rate["answers"].as_u64(), rate["invited"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(survey["target"]["by"], "2020-W53");
}

#[test]
fn periods_not_written_as_weeks_are_errors_at_their_place() {
    let dir = project(YEAR_END, "until = \"2025-W53\"");
    let out = cxreport(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // 2025 has 52 weeks (it starts on a Wednesday and is not a leap year).
    assert!(
        err.contains("until = \"2025-W53\" is not a week like 2025-W05\n  --> cxreport.toml:12:9"),
        "{err}"
    );

    let dir = project(YEAR_END, "invitations = \"invited.csv\"");
    std::fs::write(
        dir.path().join("invited.csv"),
        "period,invited\n2021-01,8\n",
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("period \"2021-01\" is not a week like 2025-W05"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

/// The ISO 8601 week of `day` as the standard defines it: the week of the year's first
/// Thursday is week 1, so a day's week is (its day of the year − its weekday (1 = Monday) + 10)
/// / 7, and 0 or a week past the year's last is a week of the year before or after.
fn iso_week(day: NaiveDate) -> (i32, u32) {
    let weekday = day.weekday().number_from_monday();
    let weeks_in = |year: i32| {
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap().weekday();
        let leap = NaiveDate::from_ymd_opt(year, 2, 29).is_some();
        if jan1 == chrono::Weekday::Thu || (leap && jan1 == chrono::Weekday::Wed) {
            53
        } else {
            52
        }
    };
    let week = (day.ordinal() + 10 - weekday) / 7;
    match week {
        0 => (day.year() - 1, weeks_in(day.year() - 1)),
        w if w > weeks_in(day.year()) => (day.year() + 1, 1),
        w => (day.year(), w),
    }
}

#[test]
fn weekly_counts_match_a_recount_by_the_iso_rule() {
    // 3,000 answers over five years' turns of the year (2019-12 to 2027-01 covers years of 52
    // and 53 weeks and weeks split across years), from a fixed seed.
    let mut rng = fastrand::Rng::with_seed(53);
    let first = NaiveDate::from_ymd_opt(2019, 12, 1).unwrap();
    let mut csv = String::from("date,score,region\n");
    let mut expected: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    for _ in 0..3000 {
        let day = first + chrono::Days::new(rng.u64(0..2620));
        let score = rng.u8(0..=10);
        let region = ["North", "South"][rng.usize(0..2)];
        csv.push_str(&format!("{day},{score},{region}\n"));
        let (year, week) = iso_week(day);
        let tally = expected.entry(format!("{year}-W{week:02}")).or_default();
        tally[0] += 1;
        tally[1] += u64::from(score >= 9);
        tally[2] += u64::from(score <= 6);
    }
    let metrics = build_metrics(project(&csv, "").path());
    let found: BTreeMap<String, [u64; 3]> = counts(&metrics["surveys"][0]["overall"]["periods"])
        .into_iter()
        .map(|(p, n, top, bottom)| (p, [n, top, bottom]))
        .collect();
    assert_eq!(found, expected);
    assert!(found.contains_key("2020-W53") && found.contains_key("2026-W53"));

    // Values are set against the rest in the last 13 weeks with answers, and not before.
    let north = &metrics["surveys"][0]["dimensions"][0]["values"][0];
    let periods = north["periods"].as_array().unwrap();
    let contrasted: Vec<&str> = (periods.iter())
        .filter(|p| p.get("vs_rest").is_some())
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    let latest = periods.last().unwrap()["period"].as_str().unwrap();
    assert_eq!(contrasted.last(), Some(&latest));
    assert!(
        !contrasted.is_empty() && contrasted.len() <= 13,
        "{contrasted:?}"
    );
    let latest = NaiveDate::parse_from_str(&format!("{latest}-1"), "%G-W%V-%u").unwrap();
    for period in contrasted {
        let monday = NaiveDate::parse_from_str(&format!("{period}-1"), "%G-W%V-%u").unwrap();
        assert!((latest - monday).num_days() < 13 * 7, "{period}");
    }
}

#[test]
fn weekly_customers_meet_quarterly_employees_in_the_quarter_of_each_weeks_thursday() {
    // Week 14 of 2025 runs from Monday 31 March to Sunday 6 April; its Thursday is in Q2.
    // Customers: five 10s in February, five 0s on 31 March (week 14), five 10s in May.
    let mut customers = String::from("date,score\n");
    for (day, score) in [("2025-02-10", 10), ("2025-03-31", 0), ("2025-05-05", 10)] {
        for _ in 0..5 {
            customers.push_str(&format!("{day},{score}\n"));
        }
    }
    let employees = "date,score\n".to_string() + &"2025-02-01,10\n2025-05-01,10\n".repeat(6);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("customers.csv"), customers).unwrap();
    std::fs::write(dir.path().join("employees.csv"), employees).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"Both\"\n\n\
         [[survey]]\nid = \"customers\"\ntitle = \"NPS\"\nkind = \"nps\"\nfiles = \"customers.csv\"\n\
         period = \"week\"\nmin_n = 1\ncolumns = { score = \"score\", date = \"date\" }\n\n\
         [[survey]]\nid = \"employees\"\ntitle = \"eNPS\"\nkind = \"enps\"\nfiles = \"employees.csv\"\n\
         period = \"quarter\"\ncolumns = { score = \"score\", date = \"date\" }\n",
    )
    .unwrap();
    let metrics = build_metrics(dir.path());
    let comparison = &metrics["comparisons"][0];
    assert_eq!(comparison["period_kind"], "quarter");
    let points: Vec<(&str, f64)> = (comparison["over_time"]["points"].as_array().unwrap().iter())
        .map(|p| (p["key"].as_str().unwrap(), p["customers"].as_f64().unwrap()))
        .collect();
    // Q1: the February 10s alone; Q2: week 14's 0s with May's 10s (NPS 0).
    assert_eq!(points, vec![("2025-Q1", 100.0), ("2025-Q2", 0.0)]);
}

#[test]
fn by_week_no_small_group_can_be_recovered_by_subtraction() {
    // The anonymity fixture's employees, counted by week: smaller periods, many hidden, and
    // still no group of fewer than 5 worked out from a total and its visible parts.
    let dir = common::project("anonymity");
    common::edit_config(dir.path(), "period = \"quarter\"", "period = \"week\"");
    let metrics = build_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["period_kind"], "week");
    let suppressed = (survey["dimensions"].as_array().unwrap().iter())
        .flat_map(|d| d["values"].as_array().unwrap())
        .flat_map(|v| v["periods"].as_array().unwrap())
        .filter(|p| p["status"] == "suppressed")
        .count();
    assert!(suppressed > 0, "weeks this small hide some figures");
    common::assert_no_group_recoverable(survey, 5);
}
