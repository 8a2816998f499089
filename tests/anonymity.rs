//! Employee anonymity on a fixture built to hit each rule (tests/fixtures/anonymity), through
//! every output: metrics.json, pages and file names.

mod common;

use common::{
    assert_no_group_recoverable, cxreport, edit_config, figures, files, overview_with, project,
    stderr,
};
use serde_json::Value;

fn build() -> (tempfile::TempDir, Value) {
    let dir = project("anonymity");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap();
    (dir, serde_json::from_str(&text).unwrap())
}

fn status(figures: &std::collections::BTreeMap<String, Value>, key: &str) -> String {
    figures.get(key).map_or("absent".into(), |f| {
        f["status"].as_str().unwrap().to_string()
    })
}

#[test]
fn each_rule_hides_what_it_should() {
    let (_dir, metrics) = build();
    let survey = &metrics["surveys"][0];
    assert_eq!(survey["confidential"], true);
    let f = figures(survey);
    // Q1: B (3) and D (4) are hidden; together they are 7, so A (6) can stay.
    assert_eq!(status(&f, "team=Team B@2025-Q1"), "suppressed");
    assert_eq!(status(&f, "team=Team D@2025-Q1"), "suppressed");
    assert_eq!(status(&f, "team=Team A@2025-Q1"), "shown");
    // Across periods: C's Q3 (2) and Q4 (1) add up to 3, so one of its larger quarters goes.
    assert_eq!(status(&f, "team=Team C@2025-Q1"), "suppressed");
    assert_eq!(status(&f, "team=Team C@2025-Q2"), "shown");
    // Q2: B has no answers, so D (4) would be hidden alone: A (6, the next smallest) goes too,
    // as in Dialog's worked example.
    assert_eq!(status(&f, "team=Team B@2025-Q2"), "absent");
    assert_eq!(status(&f, "team=Team A@2025-Q2"), "suppressed");
    assert_eq!(status(&f, "team=Team C@2025-Q2"), "shown");
    // Q3: everyone has 2: all hidden; the quarter as a whole (10 with D) is shown.
    for team in ["A", "B", "C"] {
        assert_eq!(
            status(&f, &format!("team=Team {team}@2025-Q3")),
            "suppressed"
        );
    }
    assert_eq!(status(&f, "2025-Q3"), "shown");
    // Q4: C has 1, so B (5, next smallest) is hidden too; A with 7 stays.
    assert_eq!(status(&f, "team=Team C@2025-Q4"), "suppressed");
    assert_eq!(status(&f, "team=Team B@2025-Q4"), "suppressed");
    assert_eq!(status(&f, "team=Team A@2025-Q4"), "shown");
    // D: 16 answers in all, but never 5 at once: hidden in total, and so in every quarter.
    assert_eq!(status(&f, "team=Team D"), "suppressed");
    for q in 1..=4 {
        assert_eq!(status(&f, &format!("team=Team D@2025-Q{q}")), "suppressed");
    }
    // Nothing hidden carries a number.
    for (key, figure) in &f {
        if figure["status"] == "suppressed" {
            assert!(
                figure.get("n").is_none() && figure.get("score").is_none(),
                "{key}"
            );
            assert!(figure.get("change_previous").is_none(), "{key}");
        }
    }
    // A hidden value is not compared with the rest (the difference would give its score); the
    // shown ones are, from shown figures only.
    let (_dir, metrics) = build();
    for dimension in metrics["surveys"][0]["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            let hidden = value["total"]["status"] == "suppressed";
            assert_eq!(
                value.get("vs_rest").is_some(),
                !hidden && value["total"]["status"] == "shown",
                "{}",
                value["name"]
            );
        }
    }
}

#[test]
fn no_hidden_group_of_the_fixture_can_be_recovered_by_subtraction() {
    let (_dir, metrics) = build();
    assert_no_group_recoverable(&metrics["surveys"][0], 5);
}

#[test]
fn hidden_groups_get_no_page_and_comments_follow_the_rules() {
    let (dir, _) = build();
    let site = dir.path().join("public");
    // The methodology page explains the rules applied.
    let methodology = std::fs::read_to_string(site.join("methodology.html")).unwrap();
    assert!(
        methodology.contains("<h2 id=\"anonymity\">Employee anonymity</h2>"),
        "{methodology}"
    );
    let all = files(&site);
    assert!(
        !all.iter().any(|f| f.contains("team-d")),
        "a hidden group has a page"
    );
    for page in all.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        // Teams A, B and D never had 10 answers in a quarter: no comment is tagged with them,
        // and no comment is dated finer than its quarter.
        for meta in html.split("<p class=\"comment-meta\">").skip(1) {
            let meta = &meta[..meta.find("</p>").unwrap()];
            for team in ["A", "B", "D"] {
                assert!(
                    !meta.contains(&format!("Team: Team {team}")),
                    "{page}: {meta}"
                );
            }
            assert!(
                !meta.contains("2025-"),
                "{page} dates a comment by day: {meta}"
            );
        }
    }
    // Team A's own page shows its figures but none of its comments.
    let team_a = std::fs::read_to_string(site.join("surveys/staff/team/team-a.html")).unwrap();
    assert!(
        !team_a.contains("from team A<"),
        "team A's comments are shown"
    );
    assert!(team_a.contains("No comments are shown for groups under the anonymity threshold"));
    // Team C had 20 in Q1 and Q2: its comments stay, tagged with it, dated by quarter.
    let team_c = std::fs::read_to_string(site.join("surveys/staff/team/team-c.html")).unwrap();
    assert!(team_c.contains("from team C<"));
    assert!(team_c.contains("Q1 2025") || team_c.contains("Q2 2025"));
    let overview = std::fs::read_to_string(site.join("surveys/staff/index.html")).unwrap();
    assert!(overview.contains("Team: Team C"));
    // The theme's examples are comments too, checked by the loop above.
    assert!(overview.contains("<details class=\"theme-examples\">"));
    assert!(overview.contains("hidden for anonymity"));
}

#[test]
fn theme_counts_are_shown_only_for_dimensions_whose_every_value_is_large_enough() {
    let (dir, metrics) = build();
    let survey = &metrics["surveys"][0];
    let dimension = |id: &str| {
        survey["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()["values"]
            .as_array()
            .unwrap()
            .clone()
    };
    // Team D is hidden, so the survey's count minus the other teams' would be its own: no team
    // shows theme counts, not even team C with 43 answers.
    for team in dimension("team") {
        assert!(team.get("text").is_none(), "{}", team["name"]);
    }
    let page =
        std::fs::read_to_string(dir.path().join("public/surveys/staff/team/team-c.html")).unwrap();
    assert!(!page.contains("themes-title"));
    // Both sites are shown with 31 and 59 answers: their counts add up to the survey's.
    let sites = dimension("site");
    let comments = |v: &Value| -> u64 {
        (v["text"]["comments"].as_array().unwrap().iter())
            .map(|n| n.as_u64().unwrap())
            .sum()
    };
    let total: u64 = (survey["text"]["comments"].as_array().unwrap().iter())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(sites.iter().map(comments).sum::<u64>(), total);
    assert!(sites.iter().all(|v| comments(v) > 0));
    let page =
        std::fs::read_to_string(dir.path().join("public/surveys/staff/site/north.html")).unwrap();
    assert!(page.contains("themes-title"));
    // Every quarter has 10 answers or more: the theme ("All": every comment) per quarter, and
    // the quarter's comments it is a share of.
    let text = &survey["text"];
    assert_eq!(text["periods"].as_array().unwrap().len(), 4);
    assert_eq!(text["themes"][0]["periods"], text["periods"]);
    // A live figure says so too: the theme "All" is in every comment.
    let index = overview_with(
        dir.path(),
        "C: {{ figure(survey=\"staff\", what=\"theme\", theme=\"All\", dimension=\"team\", value=\"Team C\") }}; \
         North: {{ figure(survey=\"staff\", what=\"theme\", theme=\"All\", dimension=\"site\", value=\"North\") }}; \
         Q1: {{ figure(survey=\"staff\", what=\"theme\", theme=\"All\", period=\"2025-Q1\") }}.",
    );
    assert!(
        index.contains("C: hidden for anonymity; North: 100\u{a0}%; Q1: 100\u{a0}%."),
        "{index}"
    );
}

#[test]
fn no_theme_counts_per_period_when_a_period_is_too_small_for_comments() {
    let dir = project("anonymity");
    let data = dir.path().join("data/enps.csv");
    let mut rows = std::fs::read_to_string(&data).unwrap();
    // A quarter of 9 answers with comments: the quarters' counts minus the others' would give
    // its comments away.
    for i in 0..9 {
        rows.push_str(&format!("2026-01-1{i},8,Comment {i} late,Team A,North\n"));
    }
    std::fs::write(&data, rows).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let metrics: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let text = &metrics["surveys"][0]["text"];
    // Over all periods the theme is still counted, with the new comments.
    assert_eq!(text["themes"][0]["total"], text["comments"]);
    assert_eq!(
        text["comments"][1], 16,
        "7 passives' comments and the 9 new ones"
    );
    assert!(text.get("periods").is_none(), "{text}");
    assert_eq!(text["themes"][0]["periods"], serde_json::json!([]));
    // Nor are periods compared, nor themes drawn over them.
    assert!(text.get("compared").is_none() && text["themes"][0].get("change").is_none());
    let page = std::fs::read_to_string(dir.path().join("public/surveys/staff/index.html")).unwrap();
    assert!(page.contains("themes-title"));
    assert!(!page.contains("Table: comments per theme and period"));
    assert!(!page.contains("Themes over time"));
    // Nor does a live figure give one.
    let index = overview_with(
        dir.path(),
        "Q1: {{ figure(survey=\"staff\", what=\"theme\", theme=\"All\", period=\"2025-Q1\") }}; \
         change: {{ figure(survey=\"staff\", what=\"theme_change\", theme=\"All\") }}.",
    );
    assert!(
        index.contains("Q1: hidden for anonymity; change: hidden for anonymity."),
        "{index}"
    );
}

#[test]
fn an_employees_comment_never_names_two_groups_at_once() {
    // The example's employees answer by department and location, each shown; a department in
    // a location can be one person (Marketing in Nord-Norge was three in Q4 2025), whom a
    // comment tagged with both would point at, score and all.
    let (_dir, site) = common::build_example();
    let metas = |page: &str| -> Vec<String> {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        (html.split("<p class=\"comment-meta\">").skip(1))
            .map(|meta| meta[..meta.find("</p>").unwrap()].to_string())
            .collect()
    };
    let tags = |meta: &str| ["Department: ", "Location: "].map(|t| meta.contains(t));
    let pages = files(&site);
    let employees: Vec<&String> = (pages.iter())
        .filter(|p| p.starts_with("surveys/employees/") && p.ends_with(".html"))
        .collect();
    let mut tagged = 0;
    for page in &employees {
        let on_value_page = page.matches('/').count() > 2;
        for meta in metas(page) {
            let [department, location] = tags(&meta);
            // On the survey's pages, one of the two at most; on a value's page, neither.
            assert!(!(department && location), "{page}: {meta}");
            assert!(
                !(on_value_page && (department || location)),
                "{page}: {meta}"
            );
            tagged += usize::from(department || location);
        }
    }
    assert!(tagged > 0, "no employee comment names its group");
    let methodology = std::fs::read_to_string(site.join("methodology.html")).unwrap();
    assert!(
        methodology.contains("and are shown under one dimension only: on the pages of its groups"),
        "{methodology}"
    );
    // The customers' survey is not confidential: its comments name every group.
    let both = metas("surveys/customers/index.html")
        .iter()
        .filter(|meta| meta.contains("Region: ") && meta.contains("Channel: "))
        .count();
    assert!(both > 0);
}

#[test]
fn a_confidential_surveys_comments_are_shown_under_one_dimension_only() {
    // Teams A and B work in North, C and D in South; every comment is unique. A comment found
    // on a team's page and on a site's would point to the people in both: in a matrix
    // organisation, a handful.
    let dir = project("anonymity");
    let pages_of = |dir: &std::path::Path| {
        let site = dir.join("public");
        let mut pages: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for page in files(&site).iter().filter(|p| p.ends_with(".html")) {
            // surveys/staff/DIMENSION/VALUE.html and its comment pages, VALUE/comments-N.html.
            let parts: Vec<&str> = page.split('/').collect();
            if parts.len() < 4 || parts[..2] != ["surveys", "staff"] {
                continue;
            }
            let group = format!("{}/{}", parts[2], parts[3].trim_end_matches(".html"));
            let html = std::fs::read_to_string(site.join(page)).unwrap();
            for text in html.split("Comment ").skip(1) {
                let text = &text[..text.find('<').unwrap()];
                if text.contains(" from team ") {
                    pages
                        .entry(text.to_string())
                        .or_default()
                        .insert(group.clone());
                }
            }
        }
        pages
    };
    let shown_on = |pages: &std::collections::BTreeMap<_, std::collections::BTreeSet<String>>,
                    dimension: &str| {
        (pages.values().flatten())
            .filter(|group| group.starts_with(dimension))
            .count()
    };

    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let by_team = pages_of(dir.path());
    assert!(shown_on(&by_team, "team/") > 0, "{by_team:?}");
    assert_eq!(shown_on(&by_team, "site/"), 0, "{by_team:?}");
    for (comment, groups) in &by_team {
        assert_eq!(groups.len(), 1, "comment {comment} is on {groups:?}");
    }
    let south = std::fs::read_to_string(dir.path().join("public/surveys/staff/site/south.html"));
    assert!(
        south.unwrap().contains(
            "Comments are shown by Team only: the same comment on the pages of two groups"
        )
    );

    edit_config(
        dir.path(),
        "period = \"quarter\"",
        "period = \"quarter\"\ncomments_by = \"site\"",
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let by_site = pages_of(dir.path());
    assert!(shown_on(&by_site, "site/") > 0, "{by_site:?}");
    assert_eq!(shown_on(&by_site, "team/"), 0, "{by_site:?}");
    // The survey's own comments name a site now, never a team.
    let all = std::fs::read_to_string(dir.path().join("public/surveys/staff/comments-1.html"));
    let all = all.unwrap();
    assert!(all.contains("Site: South"), "{all}");
    assert!(!all.contains("Team: Team C"), "a comment names a team");

    edit_config(
        dir.path(),
        "comments_by = \"site\"",
        "comments_by = \"region\"",
    );
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("comments_by = \"region\" is not one of its dimensions"),
        "{}",
        stderr(&out)
    );
}
