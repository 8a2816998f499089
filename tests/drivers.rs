//! Drivers: questions asked beside the score (1-5), read with it row by row. Figures checked by
//! hand on a small file; bad answers, missing columns and bad settings are errors with a place.

mod common;

use std::path::Path;

use common::cxreport;
use serde_json::Value;

/// Five answers with both questions, and one that skipped `q1`. By hand, for `q1`: pairs (5,
/// 10), (5, 9), (4, 8), (2, 3), (1, 0); means 3.4 and 6; Σdxdy = 31, Σdx² = 13.2, Σdy² = 74, so
/// r = 31 / √976.8 = 0.99188; 3 of 5 answer 4 or 5 (60 %). Everyone answers `q2` with 3.
const ANSWERS: &str = "id,date,score,q1,q2\n\
                       1,2024-01-05,10,5,3\n\
                       2,2024-01-09,9,5,3\n\
                       3,2024-01-20,8,4,3\n\
                       4,2024-01-31,3,2,3\n\
                       5,2024-02-02,0,1,3\n\
                       6,2024-02-15,10,,3\n";

/// A project whose one survey reads `answers` with `settings` added to it.
fn project(answers: &str, settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/answers.csv"), answers).unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"Drivers\"\n\n[[survey]]\nid = \"nps\"\ntitle = \"Customer NPS\"\n\
             kind = \"nps\"\nfiles = \"data/answers.csv\"\n\
             columns = {{ score = \"score\", date = \"date\" }}\n{settings}\n"
        ),
    )
    .unwrap();
    dir
}

const DRIVERS: &str = "drivers = [\n  { id = \"speed\", title = \"Delivery was fast\", column = \
                       \"q1\" },\n  { title = \"Staff were kind\", column = \"q2\" },\n]";

/// Builds the project in `dir`; its survey's drivers in `metrics.json`.
fn build(dir: &Path) -> Vec<Value> {
    let run = cxreport(dir, &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let text = std::fs::read_to_string(dir.join("public/metrics.json")).unwrap();
    let metrics: Value = serde_json::from_str(&text).unwrap();
    metrics["surveys"][0]["drivers"].as_array().unwrap().clone()
}

#[test]
fn a_drivers_figures_match_the_hand_count_and_the_page_shows_them() {
    let dir = project(ANSWERS, &format!("min_n = 1\n{DRIVERS}"));
    let check = cxreport(dir.path(), &["check"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("\n  drivers: speed (5 answers), staff-were-kind (6 answers)\n"),
        "{said}"
    );
    let drivers = build(dir.path());
    let speed = &drivers[0];
    assert_eq!(speed["id"], "speed");
    assert_eq!(speed["n"], 5);
    assert_eq!(speed["distribution"], serde_json::json!([1, 1, 0, 1, 2]));
    assert_eq!(speed["favourable"]["value"], 60.0);
    let r = speed["relation"]["r"]["value"].as_f64().unwrap();
    assert!((r - 31.0 / 976.8f64.sqrt()).abs() < 1e-12, "{r}");
    // t = r √(3 / (1 − r²)) = 13.54 with 3 degrees of freedom: p = 0.00087 (tables: t = 12.92
    // at p = 0.001).
    let p = speed["relation"]["p_value"].as_f64().unwrap();
    assert!(p < 0.001 && p > 0.0005, "{p}");
    assert_eq!(speed["relation"]["significant"], true);
    // The only driver with a relation is its own average: a strength, as 60 % is the average.
    assert_eq!(speed["relation"]["priority"], "keep");
    // Everyone answered 3: no relation to compute, and none favourable. The id is the title's
    // slug.
    let kind = &drivers[1];
    assert_eq!(kind["id"], "staff-were-kind");
    assert_eq!(kind["n"], 6);
    assert_eq!(kind["favourable"]["value"], 0.0);
    assert!(kind.get("relation").is_none());

    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let section = &page[page.find("id=\"drivers-title\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains(">What goes with NPS</h2>"), "{section}");
    assert!(section.contains("<p>Strength to keep: Delivery was fast.</p>"));
    // The strongest relation first, then the question without one.
    let fast = section.find("<th scope=\"row\">Delivery was fast").unwrap();
    let kind_row = section.find("<th scope=\"row\">Staff were kind").unwrap();
    assert!(fast < kind_row);
    assert!(section.contains("<strong>0.99</strong>"));
    assert!(section.contains("60\u{a0}%"));
    // The methodology page explains drivers only when a survey has them.
    let method = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(method.contains("What goes with a score."));
    let plain = project(ANSWERS, "min_n = 1");
    assert!(cxreport(plain.path(), &["build"]).status.success());
    let page = std::fs::read_to_string(plain.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(!page.contains("drivers-title"));
    let method = std::fs::read_to_string(plain.path().join("public/methodology.html")).unwrap();
    assert!(!method.contains("What goes with a score."));
    let metrics = std::fs::read_to_string(plain.path().join("public/metrics.json")).unwrap();
    assert!(!metrics.contains("\"drivers\""));
    // Nor is there a drivers.csv to link to.
    assert!(!plain.path().join("public/drivers.csv").exists());
    assert!(!method.contains("drivers.csv"));
}

#[test]
fn the_driver_spreadsheet_has_the_hand_counted_figures_in_the_reports_language() {
    let dir = project(ANSWERS, &format!("min_n = 1\n{DRIVERS}"));
    build(dir.path());
    let (header, rows) = common::sheet(&dir.path().join("public"), "drivers.csv", b',');
    assert_eq!(header.len(), 27);
    let lead = [
        "Survey",
        "Question",
        "Dimension",
        "Value",
        "Period",
        "Status",
        "Answers",
    ];
    assert_eq!(header[..7], lead);
    // Each question over all periods, then in January and February.
    let cells = |row: &[String]| row[1..13].join(" ");
    let speed = "Delivery was fast  All answers All periods shown 5 1 1 0 1 2 60.0";
    assert_eq!(cells(&rows[0]), speed);
    // r = 0.99188 with its Fisher interval, significant, and a strength to keep (see above).
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][column("Goes with the score (r)")], "0.99");
    assert_eq!(rows[0][column("Relation")], "goes with the score");
    assert_eq!(rows[0][column("Priority")], "strength to keep");
    // January: 5, 5, 4, 2 (75 %); February: 1 (0 %), then id 6 skipped it. −75 points, but
    // from 4 and 1 answers: z = −0.75 / √(0.6 · 0.4 · 1.25) = −1.37, p = 0.1709; adjusted
    // over the two questions (the other's share is 0 in both months, p = 1), q = 2p.
    let january = "Delivery was fast  All answers 2024-01 shown 4 0 1 0 1 2 75.0";
    assert_eq!(cells(&rows[1]), january);
    let february = "Delivery was fast  All answers 2024-02 shown 1 1 0 0 0 0 0.0";
    assert_eq!(cells(&rows[2]), february);
    let change = column("Favourable minus the period before's (percentage points)");
    assert_eq!(rows[2][change], "-75.0");
    let p: f64 = rows[2][change + 1].parse().unwrap();
    assert!((p - 2.0 * 0.1709).abs() < 0.0003, "{p}");
    assert_eq!(rows[2][change + 2], "no clear change");
    assert!(rows[1][change..].iter().all(String::is_empty));
    // Everyone answered 3: none favourable, and no relation.
    let kind = "Staff were kind  All answers All periods shown 6 0 0 6 0 0 0.0";
    assert_eq!(cells(&rows[3]), kind);
    assert!(
        rows[3][13..].iter().skip(2).all(String::is_empty),
        "{:?}",
        rows[3]
    );
    assert_eq!(rows.len(), 6);
    let method = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(method.contains("<a href=\"drivers.csv\">drivers.csv</a>"));

    // In Norwegian: semicolons, decimal commas and Norwegian words.
    common::edit_config(
        dir.path(),
        "title = \"Drivers\"\n",
        "title = \"Drivers\"\nlocale = \"nb\"\n",
    );
    build(dir.path());
    let (header, rows) = common::sheet(&dir.path().join("public"), "drivers.csv", b';');
    assert_eq!(header[1], "Spørsmål");
    assert_eq!(
        cells(&rows[0]),
        speed
            .replace(
                "All answers All periods shown",
                "Alle svar Alle perioder vist"
            )
            .replace("60.0", "60,0")
    );
    assert_eq!(rows[0][column("Goes with the score (r)")], "0,99");
    assert_eq!(rows[0][column("Priority")], "styrke å beholde");
    assert_eq!(rows[2][change + 2], "ingen klar endring");
}

#[test]
fn a_tallied_rows_count_weighs_its_driver_answer() {
    // Each answer twice, as a warehouse would tally it: the same r, twice the answers.
    let tallied: String = ANSWERS
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{line},count\n")
            } else {
                format!("{line},2\n")
            }
        })
        .collect();
    let dir = project(&tallied, &format!("min_n = 1\n{DRIVERS}"));
    common::edit_config(
        dir.path(),
        "date = \"date\"",
        "date = \"date\", count = \"count\"",
    );
    let speed = &build(dir.path())[0];
    assert_eq!(speed["n"], 10);
    assert_eq!(speed["distribution"], serde_json::json!([2, 2, 0, 2, 4]));
    let r = speed["relation"]["r"]["value"].as_f64().unwrap();
    assert!((r - 31.0 / 976.8f64.sqrt()).abs() < 1e-12, "{r}");
}

#[test]
fn answers_written_as_labels_are_read_by_the_surveys_driver_labels() {
    // The hand-counted answers as Qualtrics' default export writes them: the choices' text, in
    // any case, or with the number before it.
    let labelled = ANSWERS
        .replace(",5,3\n", ",Strongly agree,3\n")
        .replace(",4,3\n", ",agree,3\n")
        .replace(",2,3\n", ",2 - Disagree,3\n")
        .replace(",1,3\n", ",STRONGLY DISAGREE,3\n");
    assert!(labelled.contains("Strongly agree") && labelled.contains("2 - Disagree"));
    let labels = "driver_labels = { \"Strongly disagree\" = 1, \"Disagree\" = 2, \
                  \"Neutral\" = 3, \"Agree\" = 4, \"Strongly agree\" = 5 }\n\
                  score_text = \"leading-number\"";
    let dir = project(&labelled, &format!("min_n = 1\n{labels}\n{DRIVERS}"));
    let speed = &build(dir.path())[0];
    assert_eq!(speed["distribution"], serde_json::json!([1, 1, 0, 1, 2]));
    let r = speed["relation"]["r"]["value"].as_f64().unwrap();
    assert!((r - 31.0 / 976.8f64.sqrt()).abs() < 1e-12, "{r}");
    // Without the labels, a label is a bad answer whose hint names them.
    let dir = project(&labelled, DRIVERS);
    let err = common::stderr(&cxreport(dir.path(), &["check"]));
    assert!(
        err.contains("the answer \"Strongly agree\" to driver \"Delivery was fast\""),
        "{err}"
    );
    assert!(err.contains("driver_labels"), "{err}");
}

#[test]
fn answers_that_say_no_answer_are_skipped_questions() {
    // Row 5's score and row 6's first driver answer say the question was not answered.
    let answers = ANSWERS
        .replace("5,2024-02-02,0,1,3", "5,2024-02-02, n/a ,1,3")
        .replace("6,2024-02-15,10,,3", "6,2024-02-15,10,Don't know,3");
    assert!(answers.contains("n/a") && answers.contains("Don't know"));
    let settings = format!("min_n = 1\nno_answer = [\"Don't know\", \"N/A\"]\n{DRIVERS}");
    let dir = project(&answers, &settings);
    let speed = &build(dir.path())[0];
    // Row 5 counts nowhere, its driver answer (1) with it; row 6 counts, not its "Don't know".
    assert_eq!(speed["distribution"], serde_json::json!([0, 1, 0, 1, 2]));
    let metrics: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["overall"]["total"]["n"], 5);
    assert_eq!(survey["empty_scores"], 1, "{survey}");
    // The methodology page says which answers are read so.
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains(
            "<p>Customer NPS reads the answers &quot;Don&#39;t know&quot;, &quot;N/A&quot; as \
             skipped questions, as it reads an empty field.</p>"
        ),
        "{methodology}"
    );
    assert!(
        methodology.contains(
            "Both count only the answers given with a score: a response whose score is empty or \
             says it was not answered is left out, its answers to these questions too."
        ),
        "{methodology}"
    );
    // Without the setting, each is a bad answer.
    let dir = project(&answers, &format!("min_n = 1\n{DRIVERS}"));
    let err = common::stderr(&cxreport(dir.path(), &["check"]));
    assert!(
        err.contains("score \" n/a \" is not a whole number"),
        "{err}"
    );
    assert!(err.contains("so do the texts no_answer lists"), "{err}");
    // A text that is no answer and a label too, or an empty one, is a configuration error.
    for (setting, said) in [
        (
            "no_answer = [\"Agree\"]\ndriver_labels = { \"agree\" = 4 }",
            "is a label too",
        ),
        ("no_answer = [\" \"]", "is empty"),
    ] {
        let dir = project(ANSWERS, &format!("{setting}\n{DRIVERS}"));
        let run = cxreport(dir.path(), &["check"]);
        assert_eq!(run.status.code(), Some(1));
        let err = common::stderr(&run);
        assert!(err.contains("survey \"nps\": no_answer "), "{err}");
        assert!(err.contains(said), "{err}");
    }
}

#[test]
fn a_driver_with_fewer_answers_than_the_minimum_shows_only_its_count() {
    let dir = project(ANSWERS, &format!("min_n = 6\n{DRIVERS}"));
    let drivers = build(dir.path());
    assert_eq!(
        drivers[0],
        serde_json::json!({ "id": "speed", "title": "Delivery was fast", "status": "too_few", "n": 5 })
    );
    assert_eq!(drivers[1]["status"], "shown");
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let row = &page[page.find("<th scope=\"row\">Delivery was fast").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("too few answers (n = 5)"), "{row}");
    assert!(!row.contains("<meter"), "{row}");
    assert!(
        page.contains("No question&#39;s answers go with NPS more closely than chance explains.")
    );
}

#[test]
fn an_answer_off_the_scale_is_an_error_at_its_cell_or_a_skipped_row() {
    let bad = ANSWERS.replace("3,2024-01-20,8,4,3", "3,2024-01-20,8,7,3");
    let dir = project(&bad, DRIVERS);
    let run = cxreport(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = common::stderr(&run);
    assert!(
        err.contains(
            "the answer \"7\" to driver \"Delivery was fast\" is not a whole number from 1 to 5"
        ),
        "{err}"
    );
    assert!(
        err.contains("data/answers.csv:4:4 (column \"q1\")"),
        "{err}"
    );
    assert!(err.contains("an empty field counts as skipped"), "{err}");
    assert!(!dir.path().join("public").exists());

    let dir = project(
        &bad,
        &format!("min_n = 1\non_invalid = \"skip\"\n{DRIVERS}"),
    );
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let text = std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap();
    let metrics: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(metrics["surveys"][0]["skipped"]["bad_driver"], 1);
    assert_eq!(metrics["surveys"][0]["drivers"][0]["n"], 4);
}

#[test]
fn a_driver_column_not_in_the_file_or_a_bad_setting_is_an_error() {
    let dir = project(ANSWERS, &DRIVERS.replace("\"q1\"", "\"q9\""));
    let run = cxreport(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = common::stderr(&run);
    assert!(
        err.contains("the \"Delivery was fast\" driver column \"q9\" is not in the file's header"),
        "{err}"
    );
    assert!(err.contains("data/answers.csv:1:1"), "{err}");

    let refused = |settings: &str, message: &str| {
        let dir = project(ANSWERS, settings);
        let run = cxreport(dir.path(), &["check"]);
        assert_eq!(run.status.code(), Some(1), "{settings}");
        let err = common::stderr(&run);
        assert!(err.contains(message), "{err}");
        assert!(err.contains("cxreport.toml"), "{err}");
    };
    refused(
        "drivers = [{ id = \"a\", title = \"A\", column = \"q1\" }, { id = \"a\", title = \"B\", column = \"q2\" }]",
        "driver \"a\" appears twice in survey \"nps\"",
    );
    refused(
        "drivers = [{ id = \"Fast!\", title = \"A\", column = \"q1\" }]",
        "driver id \"Fast!\" in survey \"nps\" is not a slug",
    );
    let many: Vec<String> = (0..25)
        .map(|i| format!("{{ title = \"Q{i}\", column = \"q1\" }}"))
        .collect();
    refused(
        &format!("drivers = [{}]", many.join(", ")),
        "survey \"nps\" has 25 drivers",
    );
    refused(
        "drivers = [{ title = \"A\", column = \"q1\", scale = 7 }]",
        "unknown field `scale`",
    );
    refused(
        "driver_labels = { \"Extremely agree\" = 6 }",
        "survey \"nps\": driver label \"Extremely agree\" maps to 6, outside 1-5",
    );
}

#[test]
fn the_narrative_quotes_a_drivers_figures_live() {
    let ask = |what: &str, driver: &str| live(what, driver, "");
    let text = format!(
        "Fast: {} favourable, r = {}, {}. Kind: r = {}, {}.",
        ask("driver_favourable", "speed"),
        ask("driver_r", "speed"),
        ask("driver_priority", "speed"),
        ask("driver_r", "staff-were-kind"),
        ask("driver_priority", "staff-were-kind"),
    );
    let dir = project(ANSWERS, &format!("min_n = 1\n{DRIVERS}"));
    let page = common::overview_with(dir.path(), &text);
    assert!(
        page.contains("Fast: 60\u{a0}% favourable, r = 0.99, strength to keep. Kind: r = –, –."),
        "{page}"
    );
    // Below the minimum, the count only.
    let dir = project(ANSWERS, &format!("min_n = 6\n{DRIVERS}"));
    let page = common::overview_with(dir.path(), &ask("driver_r", "speed"));
    assert!(page.contains("too few answers (n = 5)"), "{page}");

    let dir = project(ANSWERS, &format!("min_n = 1\n{DRIVERS}"));
    let refused = |markdown: &str, message: &str| {
        let err = common::overview_error(dir.path(), markdown);
        assert!(err.contains(message), "{err}");
        assert!(err.contains("content/_index.md:1:"), "{err}");
    };
    refused(
        &ask("driver_r", "pace"),
        "survey \"nps\" has no driver \"pace\"; known: speed, staff-were-kind",
    );
    refused(
        "{{ figure(survey=\"nps\", what=\"driver_r\") }}",
        "what=\"driver_r\" needs driver=\"…\", a driver's id",
    );
    refused(
        "{{ figure(survey=\"nps\", what=\"score\", driver=\"speed\") }}",
        "driver goes with what=\"driver_favourable\"",
    );
    refused(
        "{{ figure(survey=\"nps\", what=\"driver_r\", driver=\"speed\", period=\"2024-01\") }}",
        "is over all the survey's answers: leave out period, dimension and value",
    );
    // A period's favourable share: January's 5, 5, 4, 2 (75 %) and February's 1 (0 %).
    let in_period = |period: &str| {
        live(
            "driver_favourable",
            "speed",
            &format!("period=\"{period}\""),
        )
    };
    let text = format!("{} then {}.", in_period("2024-01"), in_period("2024-02"));
    let page = common::overview_with(dir.path(), &text);
    assert!(page.contains("75\u{a0}% then 0\u{a0}%."), "{page}");
    refused(
        &in_period("2023-12"),
        "survey \"nps\" has no answers in 2023-12",
    );
}

/// The narrative's call for figure `what` of survey "nps"'s driver `driver`, with `arguments`
/// (none when empty).
fn live(what: &str, driver: &str, arguments: &str) -> String {
    let arguments = match arguments {
        "" => String::new(),
        arguments => format!(", {arguments}"),
    };
    format!("{{{{ figure(survey=\"nps\", what=\"{what}\", driver=\"{driver}\"{arguments}) }}}}")
}

#[test]
fn the_narrative_quotes_a_segments_driver_answers_unless_hidden() {
    let settings = "kind = \"enps\"\nmin_n = 3\n\
                    dimensions = [{ id = \"team\", title = \"Team\", column = \"team\" }]\n\
                    drivers = [{ id = \"q1\", title = \"Q1\", column = \"q1\" }]";
    let dir = project(&teams(4), settings);
    common::edit_config(dir.path(), "kind = \"nps\"\n", "");
    let ask = |value: &str| {
        let segment = format!("dimension=\"team\", value=\"{value}\"");
        live("driver_favourable", "q1", &segment)
    };
    // Team A (ids 1-5) answered 2, 3, 4, 5 and 1: 2 of 5 favourable. B is hidden with C.
    let text = format!("A: {}. B: {}.", ask("A"), ask("b"));
    let page = common::overview_with(dir.path(), &text);
    assert!(
        page.contains("A: 40\u{a0}%. B: hidden for anonymity."),
        "{page}"
    );
    let segment_in_period = "dimension=\"team\", value=\"A\", period=\"2024-01\"";
    let err = common::overview_error(
        dir.path(),
        &live("driver_favourable", "q1", segment_in_period),
    );
    assert!(
        err.contains("a segment's answers to a driver count all periods: leave out period"),
        "{err}"
    );
    let err = common::overview_error(dir.path(), &ask("D"));
    assert!(err.contains("has no value \"D\""), "{err}");
}

/// An employee survey's answers: team A 5, team B 4, team C 1, all in one month, each with
/// an answer to `q1` unless `b_answers` says how many of B's do.
fn teams(b_answers: usize) -> String {
    let mut rows = String::from("id,date,score,q1,team\n");
    let teams = [("A", 5), ("B", 4), ("C", 1)];
    let mut id = 0;
    for (team, size) in teams {
        for i in 0..size {
            id += 1;
            let answer = match team {
                "B" if i >= b_answers => String::new(),
                _ => (1 + id % 5).to_string(),
            };
            rows.push_str(&format!(
                "{id},2024-01-{:02},{},{answer},{team}\n",
                id,
                id % 11
            ));
        }
    }
    rows
}

#[test]
fn a_confidential_surveys_hidden_teams_cannot_be_worked_out_from_their_drivers() {
    let settings = "kind = \"enps\"\nmin_n = 3\n\
                    dimensions = [{ id = \"team\", title = \"Team\", column = \"team\" }]\n\
                    drivers = [{ id = \"q1\", title = \"Q1\", column = \"q1\" }]";
    // Each team's total and Q1 status ("A: shown, shown"), and the survey's page.
    let built = |b_answers: usize| -> (Vec<String>, String) {
        let dir = project(&teams(b_answers), settings);
        common::edit_config(dir.path(), "kind = \"nps\"\n", "");
        build(dir.path());
        let text = std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap();
        let metrics: Value = serde_json::from_str(&text).unwrap();
        let values = metrics["surveys"][0]["dimensions"][0]["values"]
            .as_array()
            .unwrap()
            .clone();
        let statuses = (values.iter())
            .map(|v| {
                let (total, q1) = (&v["total"]["status"], &v["drivers"][0]["status"]);
                format!(
                    "{}: {}, {}",
                    v["name"].as_str().unwrap(),
                    total.as_str().unwrap(),
                    q1.as_str().unwrap()
                )
            })
            .collect();
        let page = dir.path().join("public/surveys/nps/index.html");
        (statuses, std::fs::read_to_string(page).unwrap())
    };
    // C is too small, and B is hidden with it; together they answered Q1 five times, which
    // tells nothing about anyone: A shows its answers.
    let (statuses, page) = built(4);
    assert_eq!(
        statuses,
        [
            "A: shown, shown",
            "B: suppressed, suppressed",
            "C: suppressed, suppressed"
        ]
    );
    let table = &page[page.find("<table class=\"by-driver\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains(">A</a>") && !table.contains(">B</a>") && !table.contains(">C</a>"));
    // B answered Q1 once: the survey's answers minus A's would be B's and C's one answer.
    let (statuses, page) = built(1);
    assert_eq!(
        statuses,
        [
            "A: shown, suppressed",
            "B: suppressed, suppressed",
            "C: suppressed, suppressed"
        ]
    );
    assert!(!page.contains("by-driver"));
    // Nor does A's own page have them.
    let dir = project(&teams(1), settings);
    common::edit_config(dir.path(), "kind = \"nps\"\n", "");
    build(dir.path());
    let a = std::fs::read_to_string(dir.path().join("public/surveys/nps/team/a.html")).unwrap();
    assert!(
        a.contains("<h1>Team: A</h1>") && !a.contains("drivers-title"),
        "{a}"
    );
    // Nor does drivers.csv: each team's row says hidden and has no figure.
    let (_, rows) = common::sheet(&dir.path().join("public"), "drivers.csv", b',');
    // After the question's rows over all answers and in its one month.
    let rows = &rows[2..];
    let teams: Vec<_> = rows.iter().map(|row| (&row[3], &row[5])).collect();
    let hidden = "hidden for anonymity".to_string();
    let names = ["A", "B", "C"].map(String::from);
    assert_eq!(
        teams,
        names.iter().map(|n| (n, &hidden)).collect::<Vec<_>>()
    );
    assert!(
        rows.iter().all(|row| row[6..].iter().all(String::is_empty)),
        "{rows:?}"
    );
}

/// The example, built, and its employee survey in `metrics.json`.
fn example_employees() -> (tempfile::TempDir, std::path::PathBuf, Value) {
    let (dir, site) = common::build_example();
    let text = std::fs::read_to_string(site.join("metrics.json")).unwrap();
    let metrics: Value = serde_json::from_str(&text).unwrap();
    let employees = (metrics["surveys"].as_array().unwrap().iter())
        .find(|s| s["id"] == "employees")
        .unwrap()
        .clone();
    (dir, site, employees)
}

#[test]
fn a_values_page_sets_its_answers_to_the_drivers_against_the_rest() {
    let (_dir, site, employees) = example_employees();
    let logistics = common::value(&employees, "department", "Logistics");
    let page =
        std::fs::read_to_string(site.join("surveys/employees/department/logistics.html")).unwrap();
    let section = &page[page.find("id=\"drivers-title\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains(">Questions asked beside eNPS</h2>"),
        "{section}"
    );
    let rows: Vec<&str> = section.split("<tr><th scope=\"row\">").skip(1).collect();
    assert_eq!(rows.len(), 5);
    let mut below = Vec::new();
    for (driver, value) in (employees["drivers"].as_array().unwrap().iter())
        .zip(logistics["drivers"].as_array().unwrap())
    {
        let title = driver["title"].as_str().unwrap();
        let row = rows.iter().find(|r| r.starts_with(title)).unwrap();
        let here = value["favourable"]["value"].as_f64().unwrap();
        let contrast = &value["vs_rest"];
        let rest = here - contrast["difference"]["value"].as_f64().unwrap();
        let cells = format!("<td>{:.0}\u{a0}% <span class=\"interval\">", here);
        assert!(row.contains(&cells), "{row}");
        assert!(row.contains(&format!("<td>{rest:.0}\u{a0}%</td>")), "{row}");
        let marked = row.contains("class=\"change-down\">▼");
        assert_eq!(
            marked,
            contrast["significant"] == true && rest > here,
            "{row}"
        );
        if marked {
            below.push(format!(
                "{title} ({here:.0}\u{a0}% against {rest:.0}\u{a0}%)"
            ));
        }
    }
    // Its workload, as the generator made it.
    assert!(
        below
            .iter()
            .any(|b| b.starts_with("My workload is manageable")),
        "{below:?}"
    );
    // The figures are over all answers, and the section says which periods those span.
    let summary = format!(
        "<p>All answers, Q1 2023 – Q4 2025. Answered less favourably here than in the rest of \
         the survey: {}.",
        below.join("; ")
    );
    assert!(section.contains(&summary), "{section}");
    // The survey's own page has the other section, and a value of a survey without drivers
    // has none.
    let survey = std::fs::read_to_string(site.join("surveys/employees/index.html")).unwrap();
    assert!(survey.contains(">What goes with eNPS</h2>"));
    // Two questions to improve first, in the plural.
    let improve = "Improve first: My manager gives me useful feedback, My workload is \
                   manageable. Their answers go with eNPS";
    assert!(survey.contains(improve), "{survey}");
    let oslo = std::fs::read_to_string(site.join("surveys/customers/region/oslo.html")).unwrap();
    assert!(!oslo.contains("drivers-title"));
}

#[test]
fn the_driver_spreadsheet_holds_every_driver_figure_of_metrics_json() {
    let (_dir, site, employees) = example_employees();
    let (header, rows) = common::sheet(&site, "drivers.csv", b',');
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cell = |row: &[String], name: &str| row[column(name)].clone();
    let number = |value: &Value, places: usize| format!("{:.*}", places, value.as_f64().unwrap());
    // A group's answers: status, count and favourable share (figures only when shown).
    let answers = |row: &[String], figure: &Value| {
        let status = match figure["status"].as_str().unwrap() {
            "shown" => "shown",
            "too_few" => "too few answers",
            _ => "hidden for anonymity",
        };
        assert_eq!(cell(row, "Status"), status, "{row:?}");
        let n = figure.get("n").map_or(String::new(), Value::to_string);
        assert_eq!(cell(row, "Answers"), n);
        let favourable =
            (figure.get("favourable")).map_or(String::new(), |f| number(&f["value"], 1));
        assert_eq!(cell(row, "Favourable (4–5) %"), favourable);
        assert_eq!(cell(row, "Goes with the score (r)"), "");
    };
    // A contrast's difference and verdict, in the columns `[difference, verdict]`.
    let contrast = |row: &[String],
                    contrast: &Value,
                    [difference_c, verdict_c]: [&str; 2],
                    [more, less]: [&str; 2],
                    unclear: &str| {
        let (difference, verdict) = match contrast.get("difference") {
            Some(difference) => {
                let up = difference["value"].as_f64().unwrap() > 0.0;
                let verdict = match (contrast["significant"].as_bool().unwrap(), up) {
                    (true, true) => more,
                    (true, false) => less,
                    (false, _) => unclear,
                };
                (number(&difference["value"], 1), verdict)
            }
            None => (String::new(), ""),
        };
        assert_eq!(cell(row, difference_c), difference);
        assert_eq!(cell(row, verdict_c), verdict);
    };
    let mut rows = rows.iter();
    let title = employees["title"].as_str().unwrap();
    let drivers = employees["drivers"].as_array().unwrap();
    let mut periods = 0;
    for driver in drivers {
        let question = driver["title"].as_str().unwrap();
        let row = rows.next().unwrap();
        assert_eq!(
            row[..5],
            [title, question, "", "All answers", "All periods"]
        );
        assert_eq!(cell(row, "Answers"), driver["n"].to_string());
        for (i, count) in driver["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            assert_eq!(cell(row, &format!("Answered {}", i + 1)), count.to_string());
        }
        let favourable = &driver["favourable"];
        assert_eq!(
            cell(row, "Favourable (4–5) %"),
            number(&favourable["value"], 1)
        );
        assert_eq!(cell(row, "Interval low"), number(&favourable["low"], 1));
        let relation = &driver["relation"];
        assert_eq!(
            cell(row, "Goes with the score (r)"),
            number(&relation["r"]["value"], 2)
        );
        assert_eq!(
            cell(row, "r interval high"),
            number(&relation["r"]["high"], 2)
        );
        assert_eq!(cell(row, "Adjusted p (r)"), number(&relation["q_value"], 4));
        let priority = match relation["priority"].as_str() {
            Some("improve") => "improve first",
            Some("keep") => "strength to keep",
            _ => "",
        };
        assert_eq!(cell(row, "Priority"), priority);
        for period in driver["periods"].as_array().unwrap() {
            let row = rows.next().unwrap();
            periods += 1;
            let lead = [
                title,
                question,
                "",
                "All answers",
                period["period"].as_str().unwrap(),
            ];
            assert_eq!(row[..5], lead);
            answers(row, period);
            contrast(
                row,
                &period["change_previous"],
                [
                    "Favourable minus the period before's (percentage points)",
                    "Against the period before",
                ],
                [
                    "more favourable than the period before",
                    "less favourable than the period before",
                ],
                "no clear change",
            );
        }
    }
    // Twelve quarters of each of the five questions.
    assert_eq!(periods, 5 * 12);
    let mut values = 0;
    for dimension in employees["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            for (driver, figure) in drivers.iter().zip(value["drivers"].as_array().unwrap()) {
                let row = rows.next().unwrap();
                values += 1;
                let lead = [
                    title,
                    driver["title"].as_str().unwrap(),
                    dimension["title"].as_str().unwrap(),
                    value["name"].as_str().unwrap(),
                    "All periods",
                ];
                assert_eq!(row[..5], lead);
                answers(row, figure);
                contrast(
                    row,
                    &figure["vs_rest"],
                    [
                        "Favourable minus the rest's (percentage points)",
                        "Against the rest",
                    ],
                    [
                        "more favourable than the rest",
                        "less favourable than the rest",
                    ],
                    "no clear difference",
                );
            }
        }
    }
    assert!(rows.next().is_none());
    // The example's employee survey has 7 departments and 7 locations.
    assert_eq!(values, 5 * (7 + 7));
    let less = (common::sheet(&site, "drivers.csv", b',').1.into_iter())
        .find(|row| row[1] == "My workload is manageable" && row[3] == "Logistics")
        .unwrap();
    assert_eq!(
        less[column("Against the rest")],
        "less favourable than the rest"
    );
}

#[test]
fn the_overview_card_names_the_questions_to_improve_first() {
    let (_dir, site, employees) = example_employees();
    // The questions to improve first, the strongest relation first, as the survey's page lists
    // them.
    let mut improve: Vec<(f64, &str)> = (employees["drivers"].as_array().unwrap().iter())
        .filter(|d| d["relation"]["priority"] == "improve")
        .map(|d| {
            let r = d["relation"]["r"]["value"].as_f64().unwrap();
            (r, d["title"].as_str().unwrap())
        })
        .collect();
    improve.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(!improve.is_empty());
    let titles: Vec<&str> = improve.iter().map(|(_, title)| *title).collect();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let card = format!(
        "<dt>Improve first</dt><dd><a href=\"surveys/employees/index.html#drivers-title\">{}</a>",
        titles.join(", ")
    );
    assert!(index.contains(&card), "{card}");
    assert_eq!(index.matches("<dt>Improve first</dt>").count(), 1);
    // A survey whose only question with a priority is a strength names none.
    let dir = project(ANSWERS, &format!("min_n = 1\n{DRIVERS}"));
    build(dir.path());
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("Customer NPS") && !index.contains("Improve first"));
}

/// Answers in two months: `q1` answered favourably by 16 of 20 in January and 4 of 20 in
/// February, `q2` by 10 of 20 in each.
fn two_months() -> String {
    let mut rows = String::from("id,date,score,q1,q2\n");
    for i in 0..40 {
        let (month, q1) = match i {
            0..20 => (1, if i < 16 { 5 } else { 2 }),
            _ => (2, if i < 24 { 4 } else { 1 }),
        };
        let q2 = if i % 2 == 0 { 4 } else { 3 };
        rows.push_str(&format!("{i},2024-0{month}-10,8,{q1},{q2}\n"));
    }
    rows
}

#[test]
fn a_drivers_latest_period_is_set_against_the_period_before() {
    let dir = project(&two_months(), &format!("min_n = 5\n{DRIVERS}"));
    let drivers = build(dir.path());
    let periods = drivers[0]["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["period"], "2024-01");
    assert_eq!(periods[0]["n"], 20);
    assert_eq!(
        periods[0]["distribution"],
        serde_json::json!([0, 4, 0, 0, 16])
    );
    assert_eq!(periods[0]["favourable"]["value"], 80.0);
    assert!(periods[0].get("change_previous").is_none());
    assert_eq!(
        periods[1]["distribution"],
        serde_json::json!([16, 0, 0, 4, 0])
    );
    // 20 % against 80 %: pooled share 0.5, z = −0.6 / √(0.25 · 0.1) = −3.795, p = 0.000148;
    // adjusted over the two questions (q2's p is 1), q = 2p.
    let change = &periods[1]["change_previous"];
    assert!((change["difference"]["value"].as_f64().unwrap() + 60.0).abs() < 1e-9);
    let p = change["p_value"].as_f64().unwrap();
    assert!((p - 0.000148).abs() < 0.000002, "{p}");
    assert!((change["q_value"].as_f64().unwrap() - 2.0 * p).abs() < 1e-12);
    assert_eq!(change["significant"], true);
    let kind = &drivers[1]["periods"][1]["change_previous"];
    assert_eq!(kind["difference"]["value"], 0.0);
    assert_eq!(kind["significant"], false);

    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(
        page.contains("Answered less favourably in Feb 2024 than in Jan 2024: Delivery was fast."),
        "{page}"
    );
    assert!(!page.contains("Answered more favourably"));
    let table = &page[page
        .find(">Favourable answers, the last 2 months</")
        .unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = |title: &str| {
        let row = &table[table
            .find(&format!("<th scope=\"row\">{title}</th>"))
            .unwrap()..];
        row[..row.find("</tr>").unwrap()].to_string()
    };
    assert!(
        row("Delivery was fast")
            .ends_with("<td>80\u{a0}%</td><td class=\"cell-down\">▼ 20\u{a0}%</td>"),
        "{table}"
    );
    assert!(row("Staff were kind").ends_with("<td>50\u{a0}%</td><td>50\u{a0}%</td>"));
    // The narrative words the changes as the page does.
    let ask = |driver: &str| live("driver_change", driver, "");
    let text = format!("Fast: {}. Kind: {}.", ask("speed"), ask("staff-were-kind"));
    let page = common::overview_with(dir.path(), &text);
    assert!(
        page.contains("Fast: down 60 points since Jan 2024. Kind: no clear change since Jan 2024."),
        "{page}"
    );
    let err = common::overview_error(
        dir.path(),
        &live("driver_change", "speed", "period=\"2024-01\""),
    );
    assert!(
        err.contains("compares the survey's latest period with the one before"),
        "{err}"
    );
    // One month has no table and no change.
    let one = two_months().replace("2024-02-10", "2024-01-11");
    let dir = project(&one, &format!("min_n = 5\n{DRIVERS}"));
    let drivers = build(dir.path());
    assert_eq!(drivers[0]["periods"].as_array().unwrap().len(), 1);
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(!page.contains("Favourable answers, the last"));
    assert!(!page.contains("favourably in"));
    let page = common::overview_with(
        dir.path(),
        "{{ figure(survey=\"nps\", what=\"driver_change\", driver=\"speed\") }}",
    );
    assert!(page.contains("<p>–</p>"), "{page}");
}

#[test]
fn a_confidential_surveys_driver_periods_cannot_be_worked_out_from_its_total() {
    let settings = format!("kind = \"enps\"\n{DRIVERS}");
    // Each driver's period statuses.
    let statuses = |answers: &str| -> Vec<Vec<String>> {
        let dir = project(answers, &settings);
        common::edit_config(dir.path(), "kind = \"nps\"\n", "");
        (build(dir.path()).iter())
            .map(|driver| {
                (driver["periods"].as_array().unwrap().iter())
                    .map(|p| {
                        format!(
                            "{} {}",
                            p["period"].as_str().unwrap(),
                            p["status"].as_str().unwrap()
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let rows = two_months();
    let lines: Vec<&str> = rows.lines().collect();
    // January's 20 answers, and 6 in February of which 2 answered q1: February's score is
    // shown (6 ≥ 5), but its 2 answers to q1 are the total's minus January's. q1 shows no
    // period; q2, answered 6 times in February, shows both.
    let mut february: Vec<String> = lines[21..27].iter().map(|l| l.to_string()).collect();
    for line in &mut february[2..] {
        *line = line.replace(",4,", ",,").replace(",1,", ",,");
    }
    let answers = format!("{}\n{}\n", lines[..21].join("\n"), february.join("\n"));
    assert_eq!(
        statuses(&answers),
        [
            ["2024-01 suppressed", "2024-02 suppressed"],
            ["2024-01 shown", "2024-02 shown"],
        ]
    );
    // 20, 20 and 2 answers: March is too few and hides a month of 20 with it (the periods'
    // complementary suppression: January, the first of the two); the drivers hide the months
    // whose score is hidden, and show February, as the two hidden months together answered
    // each at least 5 times.
    let march = "90,2024-03-10,8,5,4\n91,2024-03-11,8,5,4\n";
    let answers = format!("{rows}{march}");
    let shown = statuses(&answers);
    assert_eq!(
        shown[0],
        ["2024-01 suppressed", "2024-02 shown", "2024-03 suppressed"]
    );
}

#[test]
fn a_question_worded_against_the_score_is_counted_in_reverse() {
    // The hand-counted answers to q1 as a question worded the other way would get them
    // ("Delivery was slow": 6 − each answer); counted in reverse, the figures are the hand
    // count's.
    let against: String = ANSWERS
        .lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if let Ok(answer) = cells[3].parse::<u8>() {
                cells[3] = (6 - answer).to_string();
            }
            // A team for each, for the by-team table and a team's page.
            let team = match cells[0].parse::<u8>() {
                Ok(id) if id % 2 == 1 => "A",
                Ok(_) => "B",
                Err(_) => "team",
            };
            cells.join(",") + "," + team + "\n"
        })
        .collect();
    assert!(against.contains("1,2024-01-05,10,1,3,A\n"));
    let reversed = DRIVERS.replace("column = \"q1\" }", "column = \"q1\", reverse = true }");
    let team = "dimensions = [{ id = \"team\", title = \"Team\", column = \"team\" }]";
    let dir = project(&against, &format!("min_n = 1\n{team}\n{reversed}"));
    let drivers = build(dir.path());
    let speed = &drivers[0];
    assert_eq!(speed["reversed"], true);
    assert_eq!(speed["distribution"], serde_json::json!([1, 1, 0, 1, 2]));
    assert_eq!(speed["favourable"]["value"], 60.0);
    let r = speed["relation"]["r"]["value"].as_f64().unwrap();
    assert!((r - 31.0 / 976.8f64.sqrt()).abs() < 1e-12, "{r}");
    // The other question is not reversed, and says nothing of it.
    assert!(drivers[1].get("reversed").is_none());
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains(
        "<th scope=\"row\">Delivery was fast <span class=\"muted\">(counted in reverse)</span>"
    ));
    // The by-period and by-team tables name it so too: its favourable share is the share that
    // disagreed. So does the team's page.
    assert!(page.contains("<th scope=\"row\">Delivery was fast (counted in reverse)</th>"));
    assert!(page.contains("<th scope=\"col\">Delivery was fast (counted in reverse)</th>"));
    assert_eq!(page.matches("(counted in reverse)").count(), 3);
    let team = std::fs::read_to_string(dir.path().join("public/surveys/nps/team/a.html")).unwrap();
    assert!(team.contains("<th scope=\"row\">Delivery was fast (counted in reverse)</th>"));
    // Read as they are, the same answers go against the score.
    let dir = project(&against, &format!("min_n = 1\n{DRIVERS}"));
    let r = build(dir.path())[0]["relation"]["r"]["value"]
        .as_f64()
        .unwrap();
    assert!((r + 31.0 / 976.8f64.sqrt()).abs() < 1e-12, "{r}");
}
