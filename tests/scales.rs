//! CSAT on a 1-7 scale (`scale = 7`): satisfied is its top two points, 6 and 7, as 4 and 5 are
//! on the usual 1-5 scale.

mod common;

use common::{Draw, build_metrics, cxreport, stderr};
use serde_json::Value;

/// A CSAT project over the answers `rows` of `date,team,score`, with `lines` added to its
/// survey.
fn project(rows: &str, lines: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.csv"),
        format!("date,team,score\n{rows}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"T\"\n[[survey]]\nid = \"support\"\ntitle = \"Support\"\nkind = \"csat\"\n\
             files = \"answers.csv\"\ncolumns = {{ score = \"score\", date = \"date\" }}\n\
             dimensions = [{{ title = \"Team\", column = \"team\" }}]\n{lines}"
        ),
    )
    .unwrap();
    dir
}

/// 1,400 answers over two months and two teams, scores 1 to 7 (about 3 % skipped), the second
/// team's leaning lower.
fn seven_point_rows() -> Vec<(u32, &'static str, Option<u8>)> {
    let mut draw = Draw(11);
    (0..1400)
        .map(|_| {
            let month = 1 + draw.below(2) as u32;
            let team = ["Blue", "Red"][draw.below(2) as usize];
            let score = match draw.below(100) {
                0..3 => None,
                roll if team == "Red" => Some(1 + (roll % 6) as u8),
                roll => Some(1 + (roll % 7) as u8),
            };
            (month, team, score)
        })
        .collect()
}

fn csv(rows: &[(u32, &str, Option<u8>)]) -> String {
    (rows.iter())
        .map(|(month, team, score)| {
            let score = score.map_or(String::new(), |s| s.to_string());
            format!("2025-{month:02}-15,{team},{score}\n")
        })
        .collect()
}

/// The counts, CSAT and mean of the answers `scores`, counted here: (answers, satisfied 6-7,
/// neutral 3-5, dissatisfied 1-2, per score 1 to 7, mean).
fn recount(scores: impl Iterator<Item = u8>) -> (u64, [u64; 3], [u64; 7], f64) {
    let mut per_score = [0u64; 7];
    for score in scores {
        per_score[usize::from(score) - 1] += 1;
    }
    let n: u64 = per_score.iter().sum();
    let groups = [
        per_score[5] + per_score[6],
        per_score[2] + per_score[3] + per_score[4],
        per_score[0] + per_score[1],
    ];
    let total: u64 = (per_score.iter().zip(1..)).map(|(c, s)| c * s).sum();
    (n, groups, per_score, total as f64 / n as f64)
}

fn assert_figure(figure: &Value, expected: (u64, [u64; 3], [u64; 7], f64), what: &str) {
    let (n, groups, per_score, mean) = expected;
    assert_eq!(figure["status"], "shown", "{what}");
    assert_eq!(figure["n"], n, "{what}");
    assert_eq!(
        [
            &figure["groups"]["top"],
            &figure["groups"]["middle"],
            &figure["groups"]["bottom"]
        ],
        groups.map(Value::from).each_ref(),
        "{what}"
    );
    assert_eq!(
        figure["distribution"],
        Value::from(per_score.to_vec()),
        "{what}"
    );
    let csat = 100.0 * groups[0] as f64 / n as f64;
    let score = figure["score"]["value"].as_f64().unwrap();
    assert!(
        (score - csat).abs() < 1e-9,
        "{what}: {score} against {csat}"
    );
    assert!(
        (figure["mean"].as_f64().unwrap() - mean).abs() < 1e-9,
        "{what}"
    );
}

#[test]
fn a_seven_point_csat_counts_its_top_two_points_as_satisfied() {
    let rows = seven_point_rows();
    let dir = project(&csv(&rows), "scale = 7\n");
    let metrics = build_metrics(dir.path());
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["kind"], "csat");
    assert_eq!(survey["scale"], serde_json::json!([1, 7]));
    assert_eq!(
        survey["empty_scores"],
        rows.iter().filter(|r| r.2.is_none()).count()
    );

    let all = recount(rows.iter().filter_map(|r| r.2));
    assert_figure(&survey["overall"]["total"], all, "all answers");
    for (i, month) in [1, 2].into_iter().enumerate() {
        let expected = recount(rows.iter().filter(|r| r.0 == month).filter_map(|r| r.2));
        let period = &survey["overall"]["periods"][i];
        assert_eq!(period["period"], format!("2025-{month:02}"));
        assert_figure(period, expected, &format!("month {month}"));
    }
    let teams = survey["dimensions"][0]["values"].as_array().unwrap();
    for team in teams {
        let name = team["name"].as_str().unwrap();
        let expected = recount(rows.iter().filter(|r| r.1 == name).filter_map(|r| r.2));
        assert_figure(&team["total"], expected, name);
    }
    // The red team answers no 7: its satisfied are its 6s alone.
    let red = recount(rows.iter().filter(|r| r.1 == "Red").filter_map(|r| r.2));
    assert_eq!(red.2[6], 0);
    assert!(red.1[0] > 0 && red.1[0] == red.2[5]);

    let page =
        std::fs::read_to_string(dir.path().join("public/surveys/support/index.html")).unwrap();
    for group in ["Satisfied (6–7)", "Neutral (3–5)", "Dissatisfied (1–2)"] {
        assert!(page.contains(group), "{group}");
    }
    assert!(!page.contains("Satisfied (4–5)"));
    // The chart of answers per score has a bar for each of the seven scores, 6 and 7 in the
    // satisfied colour, as the legend says.
    let start = page.find("aria-labelledby=\"support-dist-t").unwrap();
    let chart = &page[start..start + page[start..].find("</svg>").unwrap()];
    // (The first rectangle is the chart's background.)
    let fills: Vec<&str> = (chart.split("<rect ").skip(2))
        .map(|r| {
            r.split("fill=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(fills.len(), 7, "{chart}");
    let [one, two, three, four, five, six, seven] = fills[..] else {
        unreachable!()
    };
    assert!(
        one == two && three == four && four == five && six == seven,
        "{fills:?}"
    );
    assert!(two != three && five != six && one != six, "{fills:?}");
    let counted: Vec<String> = (all.2.iter().zip(1..))
        .map(|(c, s)| format!("{s}: {c}"))
        .collect();
    let desc = format!(
        "Number of answers per score, {}.</desc>",
        counted.join(", ")
    );
    assert!(chart.contains(&desc), "{desc}");
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(
        methodology.contains(
            "Support: asked on a scale from 1 to 7, where CSAT is the percentage of answers of 6 \
             or 7"
        ),
        "{methodology}"
    );
    // The spreadsheet says which scale its means are on.
    let (header, rows) = common::sheet(&dir.path().join("public"), "figures.csv", b',');
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(rows.iter().all(|row| row[column("Scale")] == "1–7"));
    assert_eq!(rows[0][column("Mean score")], format!("{:.2}", all.3));
}

#[test]
fn a_five_point_csat_is_unchanged_by_naming_its_scale() {
    // The same answers without 6 and 7, read with scale = 5 and without it.
    let rows: Vec<_> = (seven_point_rows().into_iter())
        .filter(|r| r.2.is_none_or(|s| s <= 5))
        .collect();
    let read = |lines: &str| {
        let dir = project(&csv(&rows), lines);
        build_metrics(dir.path())
    };
    let unnamed = read("");
    assert_eq!(unnamed, read("scale = 5\n"));
    let survey = &unnamed["surveys"][0];
    assert_eq!(survey["scale"], serde_json::json!([1, 5]));
    // Satisfied is 4 and 5 here.
    let total = &survey["overall"]["total"];
    let distribution: Vec<u64> = (total["distribution"].as_array().unwrap().iter())
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(distribution.len(), 5);
    assert_eq!(total["groups"]["top"], distribution[3] + distribution[4]);
    assert_eq!(total["groups"]["middle"], distribution[2]);
    let dir = project(&csv(&rows), "");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let page =
        std::fs::read_to_string(dir.path().join("public/surveys/support/index.html")).unwrap();
    assert!(page.contains("Satisfied (4–5)") && page.contains("Neutral (3)"));
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(!methodology.contains("scale from 1 to 7"));
}

#[test]
fn a_seven_in_a_five_point_survey_is_placed_and_points_at_the_scale() {
    let dir = project("2025-01-15,Blue,5\n2025-01-16,Blue,7\n", "");
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("score 7 is outside the CSAT scale 1-5"),
        "{said}"
    );
    assert!(said.contains("answers.csv:3:"), "{said}");
    assert!(
        said.contains("answers from 1 to 7 need scale = 7"),
        "{said}"
    );
    assert!(!dir.path().join("public").exists());
    // An 8 is on neither scale: no hint at the 1-7 one.
    let dir = project("2025-01-15,Blue,8\n", "");
    let said = stderr(&cxreport(dir.path(), &["build"]));
    assert!(
        said.contains("score 8 is outside the CSAT scale 1-5"),
        "{said}"
    );
    assert!(!said.contains("scale = 7"), "{said}");
    // On a 1-7 scale, an 8 is still out of it.
    let dir = project("2025-01-15,Blue,8\n", "scale = 7\n");
    let said = stderr(&cxreport(dir.path(), &["build"]));
    assert!(
        said.contains("score 8 is outside the CSAT scale 1-7"),
        "{said}"
    );
}
