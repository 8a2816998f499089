//! Whole builds of fixture projects through the real binary, checked against hand counts.

mod common;

use std::collections::BTreeMap;

use common::{
    cxreport, edit_config, files, links, overview_error, overview_with, project, resolve, stderr,
};
use serde_json::Value;

fn metrics(dir: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(dir.join("public/metrics.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(value: &Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 1e-9
}

#[test]
fn basic_fixture_matches_the_hand_count() {
    let dir = project("basic");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m = metrics(dir.path());
    assert_eq!(m["schema_version"], 1);
    let s = &m["surveys"][0];
    assert_eq!(s["id"], "nps");
    assert_eq!(s["kind"], "nps");
    assert_eq!(s["records"], 8);
    assert_eq!(s["empty_scores"], 1);

    // By hand: scores 10 9 7 3 | 10 6 8 (one empty). Promoters 3, passives 2, detractors 2.
    let overall = &s["overall"]["total"];
    assert_eq!(overall["status"], "shown");
    assert_eq!(overall["n"], 7);
    assert_eq!(overall["groups"]["top"], 3);
    assert_eq!(overall["groups"]["middle"], 2);
    assert_eq!(overall["groups"]["bottom"], 2);
    assert!(close(&overall["score"]["value"], 100.0 / 7.0));
    assert_eq!(
        overall["distribution"],
        serde_json::json!([0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 2])
    );

    // January: 10 9 7 3 → (2 − 1) / 4 = 25. February: 10 6 8 → (1 − 1) / 3 = 0.
    let periods = s["overall"]["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["period"], "2024-01");
    assert!(close(&periods[0]["score"]["value"], 25.0));
    assert_eq!(periods[1]["period"], "2024-02");
    assert!(close(&periods[1]["score"]["value"], 0.0));

    // Bergen: 7 3 6 → −2/3. Oslo: 10 9 10 8 → 3/4.
    let values = s["dimensions"][0]["values"].as_array().unwrap();
    let names: Vec<&str> = values.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Bergen", "Oslo"]);
    assert!(close(&values[0]["total"]["score"]["value"], -200.0 / 3.0));
    assert!(close(&values[1]["total"]["score"]["value"], 75.0));
    assert_eq!(values[1]["slug"], "oslo");
}

#[test]
fn a_survey_that_reads_no_comments_has_no_comments_section() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let page = |path: &str| std::fs::read_to_string(dir.path().join("public").join(path)).unwrap();
    for path in ["surveys/nps/index.html", "surveys/nps/region/bergen.html"] {
        assert!(page(path).contains("<h2 id=\"comments-title\">Latest comments</h2>"));
    }
    edit_config(dir.path(), ", comment = \"comment\"", "");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    for path in ["surveys/nps/index.html", "surveys/nps/region/bergen.html"] {
        let page = page(path);
        assert!(!page.contains("comments-title"), "{page}");
        assert!(!page.contains("No comments in this group"), "{page}");
        // The page is otherwise whole.
        assert!(page.contains("</footer>"), "{page}");
    }
}

#[test]
fn basic_fixture_pages_show_the_figures_and_comments() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let site = dir.path().join("public");
    let survey = std::fs::read_to_string(site.join("surveys/nps/index.html")).unwrap();
    // The headline over all answers, 14.29 rounded for display, and its answer count.
    assert!(survey.contains("<strong>14</strong>"), "headline missing");
    assert!(
        survey.contains("7 answers: 43\u{a0}% promoters, 29\u{a0}% passives, 29\u{a0}% detractors")
    );
    assert!(survey.contains("Too expensive, honestly"));
    assert!(
        !survey.contains("skipped the question"),
        "empty-score rows carry no comment"
    );
    let bergen = std::fs::read_to_string(site.join("surveys/nps/region/bergen.html")).unwrap();
    assert!(
        bergen.contains("<strong>\u{2212}67</strong>"),
        "Bergen's NPS −66.7"
    );
    assert!(bergen.contains("Slow delivery"));
    assert!(
        !survey.contains("Table: all"),
        "two regions: the table stays open"
    );
    let methodology = std::fs::read_to_string(site.join("methodology.html")).unwrap();
    assert!(methodology.contains("Customer NPS (NPS): at least 1 answer."));
    // No survey is confidential: the employee anonymity rules are not explained.
    assert!(!methodology.contains("id=\"anonymity\""), "{methodology}");
    // February's one answer (the 6; the empty score is not an answer), in the singular.
    assert!(
        bergen.contains("<p class=\"muted\">1 answer</p>"),
        "{bergen}"
    );
    assert!(
        !bergen.contains(">Great<"),
        "Oslo's comment is not on Bergen's page"
    );
    // Search results and link previews get the latest figure, hand-counted as above:
    // February 10 6 8 → 0, Bergen's February 6 → −100; the overview counts surveys and answers.
    assert!(
        meta(&survey, "name=\"description\"").starts_with("NPS, Feb 2024: 0 ("),
        "{survey}"
    );
    assert!(meta(&bergen, "name=\"description\"").starts_with("NPS, Feb 2024: \u{2212}100 ("));
    assert_eq!(
        meta(&survey, "property=\"og:description\""),
        meta(&survey, "name=\"description\"")
    );
    assert_eq!(meta(&survey, "property=\"og:title\""), "Customer NPS");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert_eq!(
        meta(&index, "name=\"description\""),
        "1 survey, 7 answers, up to 28 Feb 2024."
    );
    // Every chart has a text alternative.
    for page in [&survey, &bergen] {
        let charts = page.matches("<svg").count();
        assert!(charts >= 3, "trend, shares and distribution are drawn");
        assert_eq!(
            page.matches("role=\"img\" aria-labelledby=").count(),
            charts
        );
        assert_eq!(page.matches("<desc id=").count(), charts);
    }
}

#[test]
fn every_full_size_chart_comes_narrow_for_phones() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let site = dir.path().join("public");
    for page in ["surveys/nps/index.html", "surveys/nps/region/bergen.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        // Each chart as (class, width, title), in page order.
        let charts: Vec<(String, String, String)> = html
            .split("<svg ")
            .skip(1)
            .map(|svg| {
                let between = |from: &str, to: &str| {
                    let start = svg.find(from).unwrap() + from.len();
                    svg[start..start + svg[start..].find(to).unwrap()].to_string()
                };
                let title = between("<title id=\"", "</title>");
                let title = title[title.find('>').unwrap() + 1..].to_string();
                (
                    between("class=\"", "\""),
                    between("data-width=\"", "\""),
                    title,
                )
            })
            .collect();
        let wide = charts.iter().filter(|c| c.0 == "chart chart-wide").count();
        assert!(wide >= 3, "{page}: trend, shares and distribution at least");
        assert_eq!(
            charts.len(),
            2 * wide,
            "{page}: every chart comes in a pair"
        );
        for pair in charts.chunks(2) {
            assert_eq!(pair[0].0, "chart chart-wide", "{page}: {pair:?}");
            assert_eq!(pair[1].0, "chart chart-narrow", "{page}: {pair:?}");
            assert_eq!((pair[0].1.as_str(), pair[1].1.as_str()), ("720", "340"));
            assert_eq!(pair[0].2, pair[1].2, "{page}: the twins have one title");
        }
    }
}

#[test]
fn a_values_trend_draws_its_survey_beside_it() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let site = dir.path().join("public");
    // The survey's own line, grey and without a band: wide 2 px where the axes are 1 px.
    let grey = "stroke=\"#999999\" stroke-width=\"2\"";
    let oslo = std::fs::read_to_string(site.join("surveys/nps/region/oslo.html")).unwrap();
    let trend = chart(&oslo, "nps-region-oslo-trend");
    assert_eq!(trend.matches(grey).count(), 1, "{trend}");
    // All answers: January 10, 9, 7, 3 (NPS 25); February 10, 6, 8 (0).
    assert!(
        trend.contains(
            "The grey line is the whole survey (Customer NPS): from 25 in Jan 2024 to 0 in Feb 2024."
        ),
        "{trend}"
    );
    assert!(oslo.contains("<span class=\"key key-score\">Oslo</span>"));
    assert!(oslo.contains("<span class=\"key key-middle\">All answers of the survey</span>"));
    // The survey's own page has one line, and no such legend.
    let survey = std::fs::read_to_string(site.join("surveys/nps/index.html")).unwrap();
    assert_eq!(chart(&survey, "nps-trend").matches(grey).count(), 0);
    assert!(!survey.contains("<span class=\"key key-middle\">All answers of the survey</span>"));
}

#[test]
fn a_trends_target_and_benchmark_lines_are_told_apart_in_its_legend() {
    let (_dir, site) = common::build_example();
    let page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    let keys = "<figcaption class=\"legend\"><span class=\"key key-benchmark\">Benchmark 28, \
                Retail</span><span class=\"key key-target\">Target 40 by Dec 2025</span>";
    // On the survey's page, the example's events follow the keys.
    assert!(
        page.contains(&format!("{keys}\n<ul class=\"events\">")),
        "{page}"
    );
    let legend = &format!("{keys}</figcaption>");
    for id in ["customers-trend", "customers-trend-narrow"] {
        let trend = chart(&page, id);
        assert!(trend.contains(
            "Lines across the chart: Benchmark 28, Retail; Target 40 by Dec 2025. Events marked \
             on the chart: 1 (Mar 2024): New delivery carrier; 2 (Oct 2024): Delivery window \
             fixed with the carrier; 3 (Nov 2025 – Dec 2025): Christmas peak, Black Friday to \
             Christmas Eve.</desc>"
        ));
        // Not written in the chart, where a label covered the score's line.
        let drawn = &trend[trend.find("</desc>").unwrap()..];
        assert!(
            !drawn.contains("Target 40") && !drawn.contains("Benchmark 28"),
            "{id}"
        );
        // Long dark dashes for the target, short grey ones for the benchmark, as the legend.
        assert_eq!(dash_length(drawn, "#282828"), Some(10), "{id}");
        assert_eq!(dash_length(drawn, "#5A6272"), Some(3), "{id}");
    }
    let css = std::fs::read_to_string(site.join("static/style.css")).unwrap();
    assert!(css.contains("#282828 0 10px, transparent 10px 15px"));
    assert!(css.contains("#5a6272 0 3px, transparent 3px 7px"));

    // The overview's cards say what their lines are too: the employee survey has no target.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains(legend));
    assert!(index.contains(
        "<figcaption class=\"legend\"><span class=\"key key-benchmark\">Benchmark 19, All \
         industries (company level)</span></figcaption>"
    ));
    // CSAT's card has neither line, and no legend.
    let card = |survey: &str| {
        index
            .find(&format!("<h3><a href=\"surveys/{survey}/"))
            .unwrap()
    };
    let support_card = &index[card("support")..card("employees")];
    assert!(!support_card.contains("legend"), "{support_card}");
}

#[test]
fn the_industries_chart_marks_the_benchmark_it_compares_with() {
    let (_dir, site) = common::build_example();
    let page = std::fs::read_to_string(site.join("benchmarks.html")).unwrap();
    // Both compare 2025, answered from its first month (quarter) to its last: a whole year.
    for sentence in ["NPS in 2025, ", "eNPS in 2025, "] {
        assert!(page.contains(sentence), "{sentence}");
    }
    for (id, compared, other) in [
        ("customers-industries", "Retail (2022)", "Grocery (2023)"),
        (
            "employees-industries",
            "All industries (company l…",
            "All industries (2024)",
        ),
    ] {
        let chart = chart(&page, id);
        let label = |name: &str| {
            let end = chart.find(&format!(">\n{name}\n</text>")).unwrap();
            let start = chart[..end].rfind("<text").unwrap();
            (&chart[start..end], &chart[end..])
        };
        // Its name in bold and its dot dark, as the survey's own is; the others grey.
        let (text, after) = label(compared);
        assert!(text.ends_with("font-weight=\"bold\""), "{id}: {text}");
        assert!(
            after
                .split('\n')
                .nth(3)
                .unwrap()
                .contains("r=\"6\" opacity=\"1\" fill=\"#282828\"")
        );
        let (text, after) = label(other);
        assert!(!text.contains("bold"), "{id}: {text}");
        assert!(
            after
                .split('\n')
                .nth(3)
                .unwrap()
                .contains("fill=\"#999999\"")
        );
    }
    assert!(page.contains("; Retail (2022) 28 (compared); "));
}

#[test]
fn a_dimensions_chart_draws_the_surveys_figure_across_its_values() {
    let (_dir, site) = common::build_example();
    let page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    assert!(page.contains("<span class=\"key key-overall\">All answers of the survey (27)</span>"));
    for id in ["customers-region-cmp", "customers-region-cmp-narrow"] {
        let chart = chart(&page, id);
        assert!(chart.contains("The dashed line is all answers of the survey: 27.</desc>"));
        // The line lies between regions below the survey's 27 and regions above it.
        let dash = chart
            .find("stroke=\"#5A6272\" stroke-width=\"2\" points=\"")
            .unwrap();
        let line_x = number(&chart[dash..], "points=\"");
        let dot_x = |name: &str| {
            let label = chart.find(&format!(">\n{name}\n</text>")).unwrap();
            let circle = label + chart[label..].find("<circle").unwrap();
            number(&chart[circle..], "cx=\"")
        };
        for (below, above) in [("Stockholm", "Vestland"), ("Trøndelag", "Nord-Norge")] {
            assert!(
                dot_x(below) < line_x && line_x < dot_x(above),
                "{id}: {below} {above}"
            );
        }
    }
}

/// The number that follows `key` in `text`.
fn number(text: &str, key: &str) -> i64 {
    let start = text.find(key).unwrap() + key.len();
    let digits: String = (text[start..].chars())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().unwrap()
}

#[test]
fn each_dimension_has_a_table_of_its_values_in_recent_periods() {
    let (dir, site) = common::build_example_in("en");
    let page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    let table = table_after(
        &page,
        "<h3 class=\"subhead\">NPS by touchpoint, the last 12 months</h3>",
    );
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let header: String = (months.iter())
        .map(|m| format!("<th scope=\"col\">{m} 2025</th>"))
        .collect();
    assert!(table.contains(&format!("<th scope=\"col\">Touchpoint</th>{header}</tr>")));
    // Delivery's December 2025 (−17 against the rest's 28) stands below the rest of December's
    // answers; Returns had too few answers in most months.
    let delivery = row(table, "Delivery");
    assert!(
        delivery.ends_with("<td>48</td><td class=\"cell-down\">▼ −17</td>"),
        "{delivery}"
    );
    assert_eq!(row(table, "Returns").matches("<td>–</td>").count(), 8);
    // Past 12 values the table is folded; each month is a column.
    let support = std::fs::read_to_string(site.join("surveys/support/index.html")).unwrap();
    let agents = table_after(
        &support,
        "<summary>CSAT by agent, the last 12 months</summary>",
    );
    assert_eq!(agents.matches("<tr><th scope=\"row\">").count(), 18);
    let email = row(
        table_after(
            &support,
            "<h3 class=\"subhead\">CSAT by channel, the last 12 months</h3>",
        ),
        "Email",
    );
    assert_eq!(
        email.matches("class=\"cell-down\">▼ ").count(),
        9,
        "{email}"
    );
    // Quarters for the employee survey; its hidden departments have no row.
    let employees = std::fs::read_to_string(site.join("surveys/employees/index.html")).unwrap();
    let departments = table_after(
        &employees,
        "<h3 class=\"subhead\">eNPS by department, the last 8 quarters</h3>",
    );
    assert!(departments.contains("<th scope=\"col\">Q1 2024</th>"));
    assert!(!departments.contains("Finance") && !departments.contains("Legal"));
    assert_eq!(departments.matches("<tr><th scope=\"row\">").count(), 5);
    // A value's own page has no such table, but says where it stood in its latest period's
    // figures and in its table per period; the survey's own table has no such column.
    let value =
        std::fs::read_to_string(site.join("surveys/customers/touchpoint/delivery.html")).unwrap();
    assert!(!value.contains("by-period"));
    let latest = &value[..value.find("NPS, all answers").unwrap()];
    assert!(
        latest.contains("▼ below the rest of the answers by 45</span>"),
        "{latest}"
    );
    let per_period = table_after(&value, "<summary>Table: NPS per period</summary>");
    assert!(per_period.contains("<th scope=\"col\">Against the rest</th>"));
    let month = |label| row(per_period, label);
    assert!(month("Dec 2025").ends_with("<td><span class=\"change-down\">▼ −45</span></td>"));
    assert!(month("Nov 2025").ends_with("<td><span class=\"change-flat\">–</span></td>"));
    assert!(
        month("Dec 2024").ends_with("</span></td><td></td>"),
        "{}",
        month("Dec 2024")
    );
    let survey_table = table_after(&page, "<summary>Table: NPS per period</summary>");
    assert!(!survey_table.contains("Against the rest"));

    // A live figure names a segment against the rest in a recent period, or over all answers.
    let ask = |period: &str| {
        format!(
            "{{{{ figure(survey=\"customers\", what=\"vs_rest\", dimension=\"touchpoint\", \
             value=\"Delivery\"{period}) }}}}"
        )
    };
    let index = common::overview_with(
        dir.path(),
        &format!(
            "In December: {}. Over all: {}. In January 2023: {}.",
            ask(", period=\"2025-12\""),
            ask(""),
            ask(", period=\"2023-01\"")
        ),
    );
    assert!(
        index.contains(
            "In December: below the rest of the answers by 45. Over all: no clear difference \
             from the rest of the answers. In January 2023: –."
        ),
        "{index}"
    );
}

#[test]
fn a_values_trend_marks_the_periods_in_which_it_stands_out_from_the_rest() {
    let (dir, site) = common::build_example_in("en");
    let metrics = metrics(dir.path());
    let (mut above, mut below) = (0, 0);
    for survey in metrics["surveys"].as_array().unwrap() {
        for dimension in survey["dimensions"].as_array().unwrap() {
            for value in dimension["values"].as_array().unwrap() {
                // A suppressed value has no page.
                if value["total"]["status"] == "suppressed" {
                    continue;
                }
                let slug = value["slug"].as_str().unwrap();
                let (id, dim) = (
                    survey["id"].as_str().unwrap(),
                    dimension["id"].as_str().unwrap(),
                );
                let page =
                    std::fs::read_to_string(site.join(format!("surveys/{id}/{dim}/{slug}.html")))
                        .unwrap();
                if !page.contains(&format!("aria-labelledby=\"{id}-{dim}-{slug}-trend-t")) {
                    continue;
                }
                let svg = chart(&page, &format!("{id}-{dim}-{slug}-trend"));
                // The periods with a score, in order, are the chart's small dots, in order.
                let shown: Vec<&Value> = (value["periods"].as_array().unwrap().iter())
                    .filter(|p| p.get("score").is_some())
                    .collect();
                let dots = circles(svg, 3);
                assert_eq!(dots.len(), shown.len(), "{id} {dim} {slug}");
                let mut expected = Vec::new();
                for (period, (x, _)) in shown.iter().zip(&dots) {
                    let contrast = &period["vs_rest"];
                    if contrast["significant"].as_bool() == Some(true) {
                        let up = contrast["difference"]["value"].as_f64().unwrap() > 0.0;
                        expected.push((*x, if up { "#009E73" } else { "#D55E00" }.to_string()));
                    }
                }
                assert_eq!(circles(svg, 5), expected, "{id} {dim} {slug}");
                let keyed =
                    |name: &str| page.contains(&format!("\">{name} the rest of its period</span>"));
                let ups = expected.iter().filter(|e| e.1 == "#009E73").count();
                assert_eq!(keyed("Above"), ups > 0, "{id} {dim} {slug}");
                assert_eq!(keyed("Below"), ups < expected.len(), "{id} {dim} {slug}");
                above += ups;
                below += expected.len() - ups;
            }
        }
    }
    // Counted in metrics.json: above, Chat 5, Team Sør 2, Resolved 12; below, Email 9, Billing
    // desk 4, Not resolved 12, and one each for Delivery, Team Sør, B-402 and Logistics.
    assert_eq!((above, below), (19, 29));
    let sor = std::fs::read_to_string(site.join("surveys/support/team/team-sor.html")).unwrap();
    let svg = chart(&sor, "support-team-team-sor-trend");
    assert!(
        svg.contains(
            "Above the rest of the same period&apos;s answers in Feb 2025, Mar 2025 (a larger \
             green dot). Below the rest of the same period&apos;s answers in Jul 2025 (a larger \
             orange dot)."
        ),
        "{svg}"
    );
}

#[test]
fn events_are_marked_on_trends_listed_under_them_and_named_in_their_periods() {
    let dir = project("basic");
    let hostile = "<img src=x onerror=alert(1)> & \\\"Co\\\"";
    let config = dir.path().join("cxreport.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    for (date, label) in [
        ("2024-02-01", "New app"),
        ("2024-01-31", hostile),
        ("2024-01-15", "Price change"),
        // Outside the survey's periods (January and February 2024): not marked.
        ("2023-12-31", "Before"),
        ("2024-03-01", "After"),
    ] {
        text.push_str(&format!(
            "\n[[event]]\ndate = {date}\nlabel = \"{label}\"\n"
        ));
    }
    std::fs::write(&config, text).unwrap();
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let site = dir.path().join("public");
    let hostile = "<img src=x onerror=alert(1)> & \"Co\"";

    // In date order; the two January events share the mark of their period.
    let events = &metrics(dir.path())["surveys"][0]["events"];
    let expected = serde_json::json!([
        { "mark": 1, "date": "2024-01-15", "period": "2024-01", "label": "Price change" },
        { "mark": 1, "date": "2024-01-31", "period": "2024-01", "label": hostile },
        { "mark": 2, "date": "2024-02-01", "period": "2024-02", "label": "New app" },
    ]);
    assert_eq!(events, &expected);

    let escaped = "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;";
    for (page, id) in [
        ("surveys/nps/index.html", "nps-trend"),
        ("surveys/nps/region/oslo.html", "nps-region-oslo-trend"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(!html.contains("<img src=x"), "{page}");
        for id in [id.to_string(), format!("{id}-narrow")] {
            let svg = chart(&html, &id);
            // One mark a period, on the line of the period's own score: January's, then
            // February's dot.
            let dots: Vec<i64> = circles(svg, 3).iter().map(|c| c.0).collect();
            let marks: Vec<i64> = circles(svg, 9).iter().map(|c| c.0).collect();
            assert_eq!(marks, [dots[0], dots[0], dots[1], dots[1]], "{page} {id}");
            let texts = svg.split("</text>").filter_map(|t| t.rsplit('>').next());
            let numbers: Vec<&str> = (texts.map(str::trim))
                .filter(|t| *t == "1" || *t == "2")
                .collect();
            assert_eq!(numbers, ["1", "2"], "{page} {id}");
            let events = format!(
                "Events marked on the chart: 1 (Jan 2024): Price change; 1 (Jan 2024): \
                 {escaped}; 2 (Feb 2024): New app.</desc>"
            );
            assert!(svg.contains(&events), "{page} {id}: {svg}");
        }
        let list = format!(
            "<ul class=\"events\"><li><span class=\"event-mark\">1</span> <span \
             class=\"event-date\">15 Jan 2024</span> Price change</li><li><span \
             class=\"event-mark\">1</span> <span class=\"event-date\">31 Jan 2024</span> \
             {escaped}</li><li><span class=\"event-mark\">2</span> <span \
             class=\"event-date\">1 Feb 2024</span> New app</li></ul>"
        );
        assert!(html.contains(&list), "{page}");
        // Each period's row of the table names its events.
        let note = |mark: u32, label: &str| {
            format!(
                "<br><span class=\"event-note\"><span class=\"event-mark\">{mark}</span> \
                 {label}</span>"
            )
        };
        let row = |period: &str| {
            let start = html.find(&format!("<th scope=\"row\">{period}")).unwrap();
            &html[start..start + html[start..].find("</tr>").unwrap()]
        };
        let january = row("Jan 2024");
        assert!(
            january.contains(&(note(1, "Price change") + &note(1, escaped))),
            "{january}"
        );
        assert!(!january.contains("New app"), "{january}");
        let february = row("Feb 2024");
        assert!(february.contains(&note(2, "New app")), "{february}");
        assert!(!february.contains("Price change"), "{february}");
    }
    // A card is too small for marks its legend could explain.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("<svg"));
    assert!(circles(&index, 9).is_empty());
    assert!(!index.contains("class=\"events\"") && !index.contains("Price change"));
}

#[test]
fn an_event_that_lasted_is_a_band_over_its_periods_and_named_in_each_of_them() {
    let dir = tempfile::tempdir().unwrap();
    // Six months of a tallied export, 40 answers each.
    let rows: String = (1..=6)
        .map(|month| format!("2024-{month:02}-10,9,40\n"))
        .collect();
    std::fs::write(
        dir.path().join("answers.csv"),
        format!("date,score,n\n{rows}"),
    )
    .unwrap();
    let mut config = String::from(
        "title = \"T\"\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
         files = \"answers.csv\"\ncolumns = { score = \"score\", date = \"date\", count = \"n\" }\n",
    );
    for (date, until, label) in [
        // Over before the first month: not marked.
        ("2023-11-01", "2023-12-31", "Before"),
        // Into January from before it: marked on January alone.
        ("2023-12-20", "2024-01-05", "Into January"),
        ("2024-02-10", "2024-04-20", "Spring"),
        ("2024-03-01", "", "A day in March"),
        // From the last month on: marked on June alone.
        ("2024-06-01", "2024-08-31", "Summer"),
        // A last day that is the first is a day's event.
        ("2024-05-07", "2024-05-07", "One day"),
    ] {
        config.push_str(&common::event(date, until, "", label));
    }
    std::fs::write(dir.path().join("cxreport.toml"), config).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let events = &metrics(dir.path())["surveys"][0]["events"];
    let expected = serde_json::json!([
        { "mark": 1, "date": "2023-12-20", "until": "2024-01-05", "period": "2023-12",
          "until_period": "2024-01", "label": "Into January" },
        { "mark": 2, "date": "2024-02-10", "until": "2024-04-20", "period": "2024-02",
          "until_period": "2024-04", "label": "Spring" },
        { "mark": 3, "date": "2024-03-01", "period": "2024-03", "label": "A day in March" },
        { "mark": 4, "date": "2024-05-07", "period": "2024-05", "label": "One day" },
        { "mark": 5, "date": "2024-06-01", "until": "2024-08-31", "period": "2024-06",
          "until_period": "2024-08", "label": "Summer" },
    ]);
    assert_eq!(events, &expected);

    let html = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    for id in ["nps-trend", "nps-trend-narrow"] {
        let svg = chart(&html, id);
        // A dot a month; each mark over the first of its event's months on the chart.
        let dots: Vec<i64> = circles(svg, 3).iter().map(|c| c.0).collect();
        assert_eq!(dots.len(), 6, "{id}");
        // (A mark is two circles: its white disc and its ring.)
        let mut marks: Vec<i64> = circles(svg, 9).iter().map(|c| c.0).collect();
        marks.dedup();
        assert_eq!(marks, [dots[0], dots[1], dots[2], dots[4], dots[5]], "{id}");
        // One band, Spring's, from halfway between January and February to halfway between
        // April and May; every other event is a line.
        let bands = bands(svg);
        assert_eq!(bands.len(), 1, "{id}");
        let (left, width) = bands[0];
        let halfway = |a: i64, b: i64| (a + b) / 2;
        assert!(
            (left - halfway(dots[0], dots[1])).abs() <= 1,
            "{id}: {left} {dots:?}"
        );
        let right = left + width;
        assert!(
            (right - halfway(dots[3], dots[4])).abs() <= 1,
            "{id}: {right} {dots:?}"
        );
        assert!(
            svg.contains(
                "Events marked on the chart: 1 (Dec 2023 – Jan 2024): Into January; \
                 2 (Feb 2024 – Apr 2024): Spring; 3 (Mar 2024): A day in March; \
                 4 (May 2024): One day; 5 (Jun 2024 – Aug 2024): Summer.</desc>"
            ),
            "{id}: {svg}"
        );
    }
    assert!(html.contains(
        "<span class=\"event-mark\">2</span> <span class=\"event-date\">10 Feb 2024 – \
         20 Apr 2024</span> Spring</li>"
    ));
    assert!(html.contains(
        "<span class=\"event-mark\">4</span> <span class=\"event-date\">7 May 2024</span> \
         One day</li>"
    ));
    // Each month's row names the events whose days meet it.
    let named = |period: &str| marks_in_row(&html, period);
    assert_eq!(named("Jan 2024"), ["1"]);
    assert_eq!(named("Feb 2024"), ["2"]);
    assert_eq!(named("Mar 2024"), ["2", "3"]);
    assert_eq!(named("Apr 2024"), ["2"]);
    assert_eq!(named("May 2024"), ["4"]);
    assert_eq!(named("Jun 2024"), ["5"]);
    assert!(!html.contains("Before"));
}

#[test]
fn an_event_is_marked_only_on_the_surveys_it_names() {
    let (_dir, site) = common::build_example();
    let page = |survey: &str| {
        std::fs::read_to_string(site.join(format!("surveys/{survey}/index.html"))).unwrap()
    };
    let marked = |html: &str, id: &str| circles(chart(html, id), 9).len();
    let customers = page("customers");
    assert_eq!(marked(&customers, "customers-trend"), 6);
    assert!(customers.contains("New delivery carrier</li>"));
    assert!(customers.contains(
        "28 Nov 2025 – 24 Dec 2025</span> Christmas peak, Black Friday to Christmas Eve</li>"
    ));
    assert!(!customers.contains("Reorganisation"));
    let employees = page("employees");
    assert_eq!(marked(&employees, "employees-trend"), 2);
    assert!(
        employees
            .contains("15 Apr 2024 – 30 Sep 2024</span> Reorganisation into regional teams</li>")
    );
    assert!(!employees.contains("New delivery carrier"));
    let support = page("support");
    assert_eq!(marked(&support, "support-trend"), 0);
    assert!(!support.contains("class=\"events\""));
}

#[test]
fn the_chart_of_customers_and_employees_marks_either_surveys_events_in_its_periods() {
    let dir = tempfile::tempdir().unwrap();
    // Tallied exports: customers by month, employees and support by quarter, through 2024.
    let customers: String = (1..=12)
        .map(|month| format!("2024-{month:02}-10,9,30\n2024-{month:02}-10,3,10\n"))
        .collect();
    let quarterly = |scores: [u8; 2]| -> String {
        ([2, 5, 8, 11].iter())
            .map(|month| {
                format!(
                    "2024-{month:02}-15,{},10\n2024-{month:02}-15,{},10\n",
                    scores[0], scores[1]
                )
            })
            .collect()
    };
    for (file, rows) in [
        ("customers.csv", customers),
        ("employees.csv", quarterly([9, 5])),
        ("support.csv", quarterly([5, 2])),
    ] {
        std::fs::write(dir.path().join(file), format!("date,score,n\n{rows}")).unwrap();
    }
    let survey = |id: &str, kind: &str, period: &str| {
        format!(
            "[[survey]]\nid = \"{id}\"\ntitle = \"{id}\"\nkind = \"{kind}\"\nperiod = \"{period}\"\n\
             files = \"{id}.csv\"\ncolumns = {{ score = \"score\", date = \"date\", count = \"n\" }}\n"
        )
    };
    let mut config = format!(
        "title = \"T\"\n{}{}{}",
        survey("customers", "nps", "month"),
        survey("employees", "enps", "quarter"),
        survey("support", "csat", "quarter")
    );
    for (date, until, surveys, label) in [
        ("2024-02-10", "", "[\"customers\"]", "Carrier"),
        ("2024-03-20", "", "[]", "Everyone's"),
        (
            "2024-04-15",
            "2024-09-30",
            "[\"employees\"]",
            "Reorganisation",
        ),
        // Another survey's: not on the chart of these two.
        ("2024-05-01", "", "[\"support\"]", "Support's"),
        // After the last shared period.
        ("2025-02-01", "", "[]", "Later"),
    ] {
        config.push_str(&common::event(
            date,
            until,
            &format!("surveys = {surveys}\n"),
            label,
        ));
    }
    std::fs::write(dir.path().join("cxreport.toml"), config).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Marked in quarters, the periods the two are compared in: the two events of Q1 share a
    // mark.
    let metrics = metrics(dir.path());
    let comparison = &metrics["comparisons"][0];
    assert_eq!(comparison["period_kind"], "quarter");
    assert_eq!(
        comparison["over_time"]["points"].as_array().unwrap().len(),
        4
    );
    let expected = serde_json::json!([
        { "mark": 1, "date": "2024-02-10", "period": "2024-Q1", "label": "Carrier" },
        { "mark": 1, "date": "2024-03-20", "period": "2024-Q1", "label": "Everyone's" },
        { "mark": 2, "date": "2024-04-15", "until": "2024-09-30", "period": "2024-Q2",
          "until_period": "2024-Q3", "label": "Reorganisation" },
    ]);
    assert_eq!(comparison["events"], expected);
    // The customer survey's own trend marks them in its months.
    let own: Vec<&str> = (metrics["surveys"][0]["events"].as_array().unwrap().iter())
        .map(|e| e["period"].as_str().unwrap())
        .collect();
    assert_eq!(own, ["2024-02", "2024-03"]);

    let html = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    for id in [
        "customers-employees-pair",
        "customers-employees-pair-narrow",
    ] {
        let svg = chart(&html, id);
        // Four quarters, a dot each on both lines (radius 4); a mark (two circles, radius 9)
        // over Q1's dots and over Q2's.
        let dots: Vec<i64> = circles(svg, 4).iter().map(|c| c.0).collect();
        assert_eq!(dots.len(), 8, "{id}");
        let mut marks: Vec<i64> = circles(svg, 9).iter().map(|c| c.0).collect();
        marks.dedup();
        assert_eq!(marks, [dots[0], dots[1]], "{id}");
        // Q1's events are a line; the reorganisation a band from halfway between Q1 and Q2 to
        // halfway between Q3 and Q4.
        let bands = bands(svg);
        assert_eq!(bands.len(), 1, "{id}");
        let (left, width) = bands[0];
        assert!(
            (left - (dots[0] + dots[1]) / 2).abs() <= 1,
            "{id}: {left} {dots:?}"
        );
        assert!(
            (left + width - (dots[2] + dots[3]) / 2).abs() <= 1,
            "{id}: {width} {dots:?}"
        );
        assert!(
            svg.contains(
                "Events marked on the chart: 1 (Q1 2024): Carrier; 1 (Q1 2024): Everyone&apos;s; \
                 2 (Q2 2024 – Q3 2024): Reorganisation.</desc>"
            ),
            "{id}: {svg}"
        );
    }
    assert!(html.contains(
        "<span class=\"event-mark\">2</span> <span class=\"event-date\">15 Apr 2024 – \
         30 Sep 2024</span> Reorganisation</li>"
    ));
    // Each quarter's row of the table names the events whose days meet it.
    let named = |period: &str| marks_in_row(&html, period);
    assert_eq!(named("Q1 2024"), ["1", "1"]);
    assert_eq!(named("Q2 2024"), ["2"]);
    assert_eq!(named("Q3 2024"), ["2"]);
    assert!(named("Q4 2024").is_empty());
    assert!(!html.contains("Support&#39;s") && !html.contains("Later"));
}

/// The marks of the events named in the row of `period` in a table of periods of `html`.
fn marks_in_row<'h>(html: &'h str, period: &str) -> Vec<&'h str> {
    let start = html.find(&format!("<th scope=\"row\">{period}")).unwrap();
    let row = &html[start..start + html[start..].find("</th>").unwrap()];
    (row.split("<span class=\"event-mark\">").skip(1))
        .map(|note| &note[..note.find("</span>").unwrap()])
        .collect()
}

/// The left edge and the width of each event's band in `svg`.
fn bands(svg: &str) -> Vec<(i64, i64)> {
    (svg.split("<rect ").skip(1))
        .filter(|r| r.contains("opacity=\"0.15\""))
        .map(|r| (number(r, "x=\""), number(r, "width=\"")))
        .collect()
}

/// The centre and fill of every circle of radius `r` in `svg`, in order.
fn circles(svg: &str, r: u32) -> Vec<(i64, String)> {
    let radius = format!("r=\"{r}\"");
    svg.split("<circle ")
        .skip(1)
        .filter(|c| c.contains(&radius))
        .map(|c| {
            let fill = c.split("fill=\"").nth(1).unwrap();
            (
                number(c, "cx=\""),
                fill[..fill.find('"').unwrap()].to_string(),
            )
        })
        .collect()
}

#[test]
fn recent_periods_are_the_last_12_months_whatever_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    // January and February 2024, then nothing until January 2025: its last 12 months are
    // February 2024 to January 2025, two months with answers.
    std::fs::write(
        dir.path().join("answers.csv"),
        "date,region,score,n\n\
         2024-01-10,North,9,40\n2024-01-10,South,9,40\n\
         2024-02-10,North,9,40\n2024-02-10,South,8,40\n\
         2025-01-10,North,10,40\n2025-01-10,South,2,40\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        "title = \"T\"\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
         files = \"answers.csv\"\n\
         columns = { score = \"score\", date = \"date\", count = \"n\" }\n\
         dimensions = [{ title = \"Region\", column = \"region\" }]\n",
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let north = &metrics(dir.path())["surveys"][0]["dimensions"][0]["values"][0];
    assert_eq!(north["name"], "North");
    let compared: Vec<&str> = (north["periods"].as_array().unwrap().iter())
        .filter(|p| p.get("vs_rest").is_some())
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(compared, ["2024-02", "2025-01"]);
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let table = table_after(
        &page,
        "<h3 class=\"subhead\">NPS by region, the last 12 months</h3>",
    );
    assert!(table.contains(
        "<th scope=\"col\">Region</th><th scope=\"col\">Feb 2024</th><th scope=\"col\">Jan \
         2025</th></tr>"
    ));
    // February: 100 against 0, January 2025: 100 against −100, each side 40 answers.
    assert!(
        row(table, "North")
            .ends_with("<td class=\"cell-up\">▲ 100</td><td class=\"cell-up\">▲ 100</td>")
    );
    assert!(row(table, "South").ends_with("<td class=\"cell-down\">▼ −100</td>"));
}

/// The table that follows `heading` in `page`.
fn table_after<'p>(page: &'p str, heading: &str) -> &'p str {
    let start = page.find(heading).unwrap_or_else(|| panic!("{heading}"));
    let page = &page[start..];
    &page[..page.find("</table>").unwrap()]
}

/// The row of `table` whose header is `name`, as text or as a link (and maybe more, as the
/// events of a period).
fn row<'t>(table: &'t str, name: &str) -> &'t str {
    let start = table.find(&format!(">{name}<")).unwrap();
    let table = &table[start..];
    &table[..table.find("</tr>").unwrap()]
}

/// The length of the first horizontal dash of width 2 drawn in `colour`.
fn dash_length(svg: &str, colour: &str) -> Option<i64> {
    let start = svg.find(&format!("stroke=\"{colour}\" stroke-width=\"2\" points=\""))?;
    let points = svg[start..].split('"').nth(5)?;
    let x: Vec<i64> = (points.split_whitespace())
        .map(|p| p.split(',').next().unwrap().parse().unwrap())
        .collect();
    Some(x[1] - x[0])
}

#[test]
fn a_card_gives_the_year_earlier_its_whole_width() {
    let (_dir, site) = common::build_example();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    // In one of the card's two columns, "A year earlier (Dec 2024)" and "down 18 vs Dec 2024"
    // each broke over two lines beside an empty column.
    assert!(
        index.contains("<div class=\"wide\"><dt>A year earlier (Dec 2024)</dt><dd>"),
        "{index}"
    );
    assert!(index.contains("<div class=\"wide\"><dt>A year earlier (Q4 2024)</dt><dd>"));
}

/// The wide chart `id` of a page, from its accessible name to its end.
fn chart<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page.find(&format!("aria-labelledby=\"{id}-t")).unwrap();
    &page[start..start + page[start..].find("</svg>").unwrap()]
}

/// The `content` of the page's `<meta>` element with `attribute`.
fn meta<'h>(html: &'h str, attribute: &str) -> &'h str {
    let start = html.find(&format!("<meta {attribute} content=\"")).unwrap();
    let content = &html[start..];
    let content = &content[content.find("content=\"").unwrap() + 9..];
    &content[..content.find('"').unwrap()]
}

/// Every file of a folder, with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn the_same_inputs_give_a_byte_identical_site_from_any_folder() {
    let out = tempfile::tempdir().unwrap();
    let (first, second, moved) = (
        out.path().join("a"),
        out.path().join("b"),
        out.path().join("c"),
    );
    let repo = common::repo();
    for output in [&first, &second] {
        let run = cxreport(&repo, &["build", "--output", output.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    // A copy of the project somewhere else, built from yet another working directory.
    let copy = tempfile::tempdir().unwrap();
    for part in ["cxreport.toml", "content", "data", "static", "templates"] {
        let from = repo.join(part);
        if from.is_dir() {
            common::copy_dir(&from, &copy.path().join(part));
        } else {
            std::fs::copy(&from, copy.path().join(part)).unwrap();
        }
    }
    let config = copy.path().join("cxreport.toml");
    let run = cxreport(
        out.path(),
        &[
            "build",
            "--config",
            config.to_str().unwrap(),
            "--output",
            moved.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let a = snapshot(&first);
    assert!(a.len() > 50);
    assert!(a == snapshot(&second), "two builds differ");
    assert!(a == snapshot(&moved), "a copy built elsewhere differs");
    for (file, bytes) in &a {
        let text = String::from_utf8_lossy(bytes);
        for path in [repo.to_str().unwrap(), out.path().to_str().unwrap()] {
            assert!(
                !text.contains(path),
                "{file} contains the absolute path {path}"
            );
        }
    }
}

#[test]
fn source_date_epoch_sets_the_date_the_report_shows() {
    let dir = project("basic");
    let run = common::build_at(dir.path(), "1767225600");
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(metrics(dir.path())["data_until"], "2026-01-01");
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("Data up to 1 Jan 2026."));
}

#[test]
fn a_template_error_leaves_the_previous_site_untouched() {
    let dir = project("basic");
    assert!(cxreport(dir.path(), &["build"]).status.success());
    let before = snapshot(&dir.path().join("public"));
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    // Parses, but fails while rendering: an undefined variable.
    std::fs::write(dir.path().join("templates/page.html"), "{{ nothing.here }}").unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/notes.md"), "# Notes").unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(snapshot(&dir.path().join("public")) == before);
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("cxreport-")
        })
        .count();
    assert_eq!(leftovers, 0, "a staging folder was left behind");
}

#[test]
fn refuses_to_write_into_the_home_folder() {
    let dir = project("basic");
    let home = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_cxreport"))
        .args(["build", "--output", home.path().to_str().unwrap()])
        .current_dir(dir.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("it is the home folder"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_projects_own_templates_replace_the_built_in_ones_by_name() {
    let dir = project("basic");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("static")).unwrap();
    std::fs::write(
        templates.join("static/style.css"),
        "body { color: rebeccapurple }",
    )
    .unwrap();
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block content %}<div id=\"own\">{{ page.html | safe }}</div>{% endblock content %}",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/notes.md"), "# Notes\n\nHello").unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("public");
    let css = std::fs::read_to_string(site.join("static/style.css")).unwrap();
    assert_eq!(css, "body { color: rebeccapurple }");
    let notes = std::fs::read_to_string(site.join("notes.html")).unwrap();
    assert!(notes.contains("<div id=\"own\"><h1>Notes</h1>"), "{notes}");
    // Templates not overridden are still the built-in ones.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("Surveys at a glance"));
}

#[test]
fn a_projects_own_benchmark_table_replaces_the_shipped_one() {
    let dir = project("basic");
    let path = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!("benchmarks = \"data/ours.csv\"\n{text}").replace(
        "min_n = 1",
        "min_n = 1\nbenchmark = { industry = \"furniture\" }",
    );
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        dir.path().join("data/ours.csv"),
        "metric,industry,region,year,value,source_name,source_url,notes,quality\n\
         NPS,Furniture,Norway,2024,-90,Our panel,https://example.org/panel,,primary\n",
    )
    .unwrap();
    // Benchmarks are not data: keep the survey reading only nps.csv.
    edit_config(
        dir.path(),
        "files = \"data/*.csv\"",
        "files = \"data/nps.csv\"",
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = &metrics(dir.path())["surveys"][0]["benchmark"];
    assert_eq!(b["benchmark"]["source_name"], "Our panel");
    assert_eq!(b["period"], "2024");
    // 2024's NPS is 14.3 with n = 7: its interval is far above −90.
    assert_eq!(b["verdict"], "above");
    let page = std::fs::read_to_string(dir.path().join("public/benchmarks.html")).unwrap();
    assert!(page.contains("href=\"https://example.org/panel\""));
    // January and February are not a year: the sentence and the chart's text name them.
    let said = |dir: &std::path::Path| {
        std::fs::read_to_string(dir.join("public/benchmarks.html")).unwrap()
    };
    let span = |span: &str| {
        [
            format!("NPS in {span}, "),
            format!("with this survey&apos;s {span} figure"),
        ]
    };
    for text in span("Jan 2024 – Feb 2024") {
        assert!(page.contains(&text), "{text}");
    }

    // With answers in late 2023 too, 2024 (January and February so far) has not reached its
    // last quarter: 2023 is compared, by month and by week. Its answers: 0, 0 and 10, so NPS
    // (1 − 2) / 3 = −33.3.
    let data = dir.path().join("data/nps.csv");
    let mut csv = std::fs::read_to_string(&data).unwrap();
    csv.push_str("9,2023-11-10,0,,Oslo\n10,2023-12-01,0,,Oslo\n11,2023-12-20,10,,Bergen\n");
    std::fs::write(&data, csv).unwrap();
    for period in ["month", "week"] {
        edit_config(
            dir.path(),
            "min_n = 1\n",
            &format!("min_n = 1\nperiod = \"{period}\"\n"),
        );
        let out = cxreport(dir.path(), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let b = &metrics(dir.path())["surveys"][0]["benchmark"];
        assert_eq!(b["period"], "2023", "{period}");
        assert_eq!(b["figure"]["n"], 3, "{period}");
        let score = b["figure"]["score"]["value"].as_f64().unwrap();
        assert!((score + 100.0 / 3.0).abs() < 1e-9, "{period}: {score}");
        let weeks = if period == "week" {
            "W45 2023 – W51 2023"
        } else {
            "Nov 2023 – Dec 2023"
        };
        for text in span(weeks) {
            assert!(said(dir.path()).contains(&text), "{text}");
        }
        edit_config(dir.path(), &format!("period = \"{period}\"\n"), "");
    }
    // An answer on 2 October reaches 2024's last quarter: 2024 is compared. Its 7 answers so
    // far (10, 9, 7, 3, 10, 6, 8) and a 10: 4 promoters and 2 detractors of 8, NPS 25.
    let mut csv = std::fs::read_to_string(&data).unwrap();
    csv.push_str("12,2024-10-02,10,,Oslo\n");
    std::fs::write(&data, csv).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = &metrics(dir.path())["surveys"][0]["benchmark"];
    assert_eq!(b["period"], "2024");
    assert_eq!(b["figure"]["n"], 8);
    assert!((b["figure"]["score"]["value"].as_f64().unwrap() - 25.0).abs() < 1e-9);
    for text in span("Jan 2024 – Oct 2024") {
        assert!(said(dir.path()).contains(&text), "{text}");
    }
}

#[test]
fn live_figures_in_the_narrative_come_from_the_report() {
    let dir = project("basic");
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/_index.md"),
        "NPS was **{{ figure(survey=\"nps\", what=\"score\", period=\"all\") }}** \
         ({{ figure(survey=\"nps\", what=\"interval\", period=\"all\") }}, \
         n = {{ figure(survey=\"nps\", what=\"n\", period=\"all\") }}); in \
         {{ figure(survey=\"nps\", what=\"period\") }} it was \
         {{ figure(survey=\"nps\", what=\"score\") }}, January {{ figure(survey=\"nps\", what=\"score\", period=\"2024-01\") }}.\n\n\
         Oslo {{ figure(survey=\"nps\", what=\"score\", dimension=\"region\", value=\"Oslo\", period=\"all\") }} \
         (n = {{ figure(survey=\"nps\", what=\"n\", dimension=\"region\", value=\"oslo\", period=\"all\") }}), \
         in {{ figure(survey=\"nps\", what=\"period\", dimension=\"region\", value=\"Oslo\") }} \
         {{ figure(survey=\"nps\", what=\"score\", dimension=\"region\", value=\"Oslo\") }}; \
         Bergen {{ figure(survey=\"nps\", what=\"score\", dimension=\"region\", value=\"Bergen\", period=\"all\") }}; \
         Oslo is {{ figure(survey=\"nps\", what=\"vs_rest\", dimension=\"region\", value=\"Oslo\") }}; \
         region explains {{ figure(survey=\"nps\", what=\"explained\", dimension=\"region\") }}.",
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    // All answers: 100/7 = 14.3; February (the latest): 0; January: 25.
    let interval = metrics(dir.path())["surveys"][0]["overall"]["total"]["score"].clone();
    let (low, high) = (
        interval["low"].as_f64().unwrap(),
        interval["high"].as_f64().unwrap(),
    );
    let expected = format!(
        "NPS was <strong>14</strong> ({} to {}, n = 7); in Feb 2024 it was 0, January 25.",
        fmt(low),
        fmt(high)
    );
    assert!(index.contains(&expected), "{expected}\n{index}");
    // A segment, by its name or its slug. Oslo: 10, 9, 10, 8 (NPS 75, February 10 and 8: 50);
    // Bergen: 7, 3, 6 (−67). Oslo against the rest (Bergen), worded as its page words it.
    let oslo = &metrics(dir.path())["surveys"][0]["dimensions"][0]["values"][1];
    assert_eq!(oslo["name"], "Oslo");
    let contrast = &oslo["vs_rest"];
    let difference = contrast["difference"]["value"].as_f64().unwrap();
    assert!(
        (difference - (75.0 + 200.0 / 3.0)).abs() < 1e-9,
        "{contrast}"
    );
    let vs_rest = if contrast["significant"] == true {
        format!("above the rest of the answers by {}", fmt(difference))
    } else {
        "no clear difference from the rest of the answers".to_string()
    };
    // What region explains, as the survey page writes it (whole from 10 %).
    let share = 100.0
        * metrics(dir.path())["surveys"][0]["dimensions"][0]["explained"]["share"]
            .as_f64()
            .unwrap();
    assert!(share >= 9.95, "{share}");
    let expected = format!(
        "Oslo 75 (n = 4), in Feb 2024 50; Bergen \u{2212}67; Oslo is {vs_rest}; region explains \
         {share:.0}\u{a0}%."
    );
    assert!(index.contains(&expected), "{expected}\n{index}");
}

/// A whole number as the report writes it, with a true minus sign.
fn fmt(value: f64) -> String {
    let rounded = value.round();
    if rounded < 0.0 {
        format!("\u{2212}{}", -rounded)
    } else {
        format!("{rounded}")
    }
}

#[test]
fn an_unknown_live_figure_is_an_error_naming_the_page() {
    let dir = project("basic");
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/update.md"),
        "# Update\n\n{{ figure(survey=\"staff\", what=\"score\") }}",
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("a live figure in this page does not work"),
        "{err}"
    );
    assert!(err.contains("no survey \"staff\"; known: nps"), "{err}");
    assert!(err.contains("--> content/update.md:3:4"), "{err}");
    std::fs::write(
        dir.path().join("content/update.md"),
        "{{ figure(survey=\"nps\", what=\"mood\") }}",
    )
    .unwrap();
    let err = stderr(&cxreport(dir.path(), &["build"]));
    assert!(err.contains("unknown what=\"mood\""), "{err}");
    assert!(
        err.contains(
            "theme_score, driver_favourable, driver_r, driver_priority, driver_change; period="
        ),
        "the hint lists what: {err}"
    );
    for (figure, problem) in [
        (
            "dimension=\"team\", value=\"A\"",
            "survey \"nps\" has no dimension \"team\"; known: region",
        ),
        (
            "dimension=\"region\", value=\"Tromsø\"",
            "dimension \"region\" of survey \"nps\" has no value \"Tromsø\"",
        ),
        ("dimension=\"region\"", "dimension and value go together"),
        (
            "what=\"vs_rest\"",
            "what=\"vs_rest\" needs a dimension and a value",
        ),
        (
            "what=\"explained\"",
            "what=\"explained\" needs a dimension and no value",
        ),
        (
            "what=\"explained\", dimension=\"region\", value=\"Oslo\"",
            "what=\"explained\" needs a dimension and no value",
        ),
        (
            "what=\"explained\", dimension=\"team\"",
            "survey \"nps\" has no dimension \"team\"; known: region",
        ),
    ] {
        let what = if figure.contains("what") {
            ""
        } else {
            "what=\"score\", "
        };
        std::fs::write(
            dir.path().join("content/update.md"),
            format!("{{{{ figure(survey=\"nps\", {what}{figure}) }}}}"),
        )
        .unwrap();
        let err = stderr(&cxreport(dir.path(), &["build"]));
        assert!(err.contains(problem), "{figure}: {err}");
    }
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_broken_template_is_an_input_error_naming_it() {
    let dir = project("basic");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/index.html"), "{% if %}").unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("a template does not work"), "{err}");
    assert!(err.contains("index.html"), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn small_groups_are_named_but_get_no_score() {
    let dir = project("basic");
    edit_config(dir.path(), "min_n = 1", "min_n = 4");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let region = &metrics(dir.path())["surveys"][0]["dimensions"][0]["values"];
    // Bergen has 3 answers: its count is shown, its score is not; Oslo's 4 are enough.
    assert_eq!(
        region[0]["total"],
        serde_json::json!({ "status": "too_few", "n": 3 })
    );
    assert_eq!(region[1]["total"]["status"], "shown");
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let chart = chart(&page, "nps-region-cmp");
    assert!(page.contains("too few answers (n = 3)"));
    // February's 3 answers are too few: the page's summary gives the figure over all answers.
    assert!(
        meta(&page, "name=\"description\"")
            .starts_with("NPS, all answers Jan 2024 \u{2013} Feb 2024: 14 (")
    );
    let bergen =
        std::fs::read_to_string(dir.path().join("public/surveys/nps/region/bergen.html")).unwrap();
    assert_eq!(
        meta(&bergen, "name=\"description\""),
        "Customer NPS \u{b7} only answers from this group",
        "no score for a group too small to show one"
    );
    assert!(
        chart.contains(">\ntoo few answers (n = 3)\n</text>"),
        "the comparison chart names it"
    );
}

#[test]
fn a_comparison_of_many_values_draws_the_best_and_worst_fifteen() {
    let dir = project("basic");
    edit_config(dir.path(), "min_n = 1", "min_n = 5");
    for entry in std::fs::read_dir(dir.path().join("data")).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    // R01…R44: R<i> has i promoters and 44 − i detractors, so NPS rises with i and R44 is best.
    // S01…S12 have 2 answers each: too few for a score at min_n = 5.
    let mut csv = String::from("id,date,score,comment,region\n");
    let mut id = 0;
    let mut answer = |region: &str, score: u8| {
        id += 1;
        csv.push_str(&format!("{id},2024-01-05,{score},,{region}\n"));
    };
    for i in 1..=44u8 {
        for k in 0..44u8 {
            answer(&format!("R{i:02}"), if k < i { 10 } else { 0 });
        }
    }
    for i in 1..=12u8 {
        answer(&format!("S{i:02}"), 8);
        answer(&format!("S{i:02}"), 9);
    }
    std::fs::write(dir.path().join("data/many.csv"), csv).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));

    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let chart = chart(&page, "nps-region-cmp");
    let drawn = |name: &str| chart.contains(&format!(">\n{name}\n</text>"));
    // The best 15 (R44…R30) and the worst 15 (R15…R01); the 14 between are in the table only.
    for i in (30..=44).chain(1..=15) {
        assert!(drawn(&format!("R{i:02}")), "R{i:02} is drawn");
    }
    for i in 16..=29 {
        assert!(!drawn(&format!("R{i:02}")), "R{i:02} is left to the table");
        assert!(
            page.contains(&format!(">R{i:02}</a>")),
            "R{i:02} is in the table"
        );
    }
    assert!(chart.contains("\u{2026} 14 more in the table"));
    // The table of all 56 is folded away, as the per-period tables are.
    let table = &page[page
        .find("<summary>Table: all 56 values</summary>")
        .unwrap()..];
    assert!(table.find(">R16</a>").unwrap() < table.find("</details>").unwrap());
    assert!(
        chart.contains("R44 100 (n = 44); R43 95 (n = 44)"),
        "the description too"
    );
    // Ten of the twelve groups with too few answers are named, then how many more there are.
    assert_eq!(
        chart.matches("too few answers (n = 2)\n</text>").count(),
        10,
        "{chart}"
    );
    assert!(chart.contains(">\n\u{2026} 2 more in the table\n</text>"));
}

#[test]
fn hostile_text_is_escaped_and_never_becomes_a_path() {
    let dir = project("hostile");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("public");
    let all = files(&site);
    for file in &all {
        assert!(
            file.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)),
            "file name {file} is not a slug path"
        );
        if file.ends_with(".html") {
            let html = std::fs::read_to_string(site.join(file)).unwrap();
            assert!(!html.contains("<script"), "{file} has a script");
            assert!(!html.contains("<img src=x"), "{file} has injected markup");
            assert!(
                !html.contains("href=\"https://evil"),
                "{file} has an injected link"
            );
            assert!(
                !html.contains("<b>report</b>"),
                "{file} shows the title unescaped"
            );
            assert!(
                !html.contains("<i>Markup"),
                "{file} shows the theme unescaped"
            );
        }
    }
    // A value's page shows its theme, and the comment that speaks for it, as text.
    let value = all
        .iter()
        .find(|f| f.starts_with("surveys/nps/region/img-"))
        .unwrap();
    let value = std::fs::read_to_string(site.join(value)).unwrap();
    assert!(value.contains("<summary>&lt;i&gt;Markup&lt;/i&gt;</summary>"));
    assert!(value.contains("&lt;script&gt;alert(&#39;comment&#39;)&lt;/script&gt;"));
    let survey = std::fs::read_to_string(site.join("surveys/nps/index.html")).unwrap();
    assert!(survey.contains("&lt;script&gt;alert(&#39;comment&#39;)&lt;/script&gt;"));
    // Template syntax inside data is shown as text, not evaluated.
    assert!(survey.contains("{{ layout.title }} {% raw %}"));
    // "Oslo" and "OSLO" are distinct values with distinct pages; the path-like value is a slug.
    assert!(all.contains(&"surveys/nps/region/oslo.html".to_string()));
    assert!(all.contains(&"surveys/nps/region/oslo-2.html".to_string()));
    assert!(all.contains(&"surveys/nps/region/etc-passwd.html".to_string()));
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn hostile_values_in_a_breakdown_are_shown_as_text() {
    let dir = project("hostile");
    std::fs::write(
        dir.path().join("data/hostile.csv"),
        "date,score,comment,region,channel\n\
         2024-01-05,10,plain,Oslo,Web\n\
         2024-01-06,2,plain,Oslo,<svg onload=alert(2)>\n\
         2024-01-07,9,plain,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",Web\n\
         2024-01-08,8,plain,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",Store\n",
    )
    .unwrap();
    let config = std::fs::read_to_string(dir.path().join("cxreport.toml")).unwrap();
    let config = config.replace(
        r#"dimensions = [{ id = "region", title = "Region", column = "region" }]"#,
        r#"dimensions = [{ id = "region", title = "Region", column = "region" }, { id = "channel", title = "<b>Channel</b>", column = "channel" }]"#,
    );
    std::fs::write(dir.path().join("cxreport.toml"), config).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("public");
    for file in files(&site).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(file)).unwrap();
        assert!(!html.contains("<svg onload"), "{file} has injected markup");
        assert!(
            !html.contains("<b>Channel"),
            "{file} shows the title unescaped"
        );
    }
    // Oslo's page breaks its answers down by channel, the hostile value's name as text, in the
    // table and in the chart, linked to the value's page by its slug.
    let oslo = std::fs::read_to_string(site.join("surveys/nps/region/oslo.html")).unwrap();
    assert!(oslo.contains("<h2 id=\"dim-channel\">By &lt;b&gt;channel&lt;/b&gt;</h2>"));
    assert!(oslo.contains(
        "<a href=\"../../../surveys/nps/channel/svg-onload-alert-2.html\">&lt;svg onload=alert(2)&gt;</a>"
    ));
    assert!(
        oslo.contains("\n&lt;svg onload=alert(2)&gt;\n</text>"),
        "the chart's label"
    );
    // The survey's page says which dimensions its values' pages break their answers down by.
    let survey = std::fs::read_to_string(site.join("surveys/nps/index.html")).unwrap();
    let note = "Each value&#39;s page also breaks its answers down by &lt;b&gt;channel&lt;/b&gt;.";
    assert_eq!(survey.matches(note).count(), 1, "under the regions only");
    assert!(survey.contains("breaks its answers down by region."));
    // The spreadsheet keeps a formula-like value as text at the start of a breakdown's value.
    let (header, rows) = spreadsheet(&site, b',');
    let value = header.iter().position(|h| h == "Value").unwrap();
    let values: Vec<&str> = rows.iter().map(|r| r[value].as_str()).collect();
    assert!(
        values.contains(&"Oslo × <svg onload=alert(2)>"),
        "{values:?}"
    );
    assert!(
        values.contains(&"'=HYPERLINK(\"https://evil.example\",\"x\") × Store"),
        "{values:?}"
    );
    assert!(!values.iter().any(|v| v.starts_with('=')), "{values:?}");
}

#[test]
fn every_link_and_image_of_the_example_resolves_to_a_file() {
    let (_dir, output) = common::build_example();
    let all = files(&output);
    for page in [
        "index.html",
        "methodology.html",
        "actions.html",
        "metrics.json",
        "static/style.css",
        "surveys/customers/index.html",
        "surveys/customers/touchpoint/delivery.html",
        "surveys/support/index.html",
        "surveys/support/agent/s-204.html",
        "surveys/employees/index.html",
        "surveys/employees/department/customer-service.html",
    ] {
        assert!(all.contains(&page.to_string()), "{page} is missing");
    }
    let mut checked = 0;
    for page in all.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(output.join(page)).unwrap();
        assert!(html.contains("<html lang=\"en\">"), "{page} has no lang");
        for link in links(&html) {
            if link.starts_with("https://") || link.starts_with("data:") {
                assert!(!link.starts_with("https://") || !html.contains(&format!("src=\"{link}")));
                continue;
            }
            assert!(!link.starts_with('/'), "{page}: {link} is absolute");
            let target =
                resolve(page, &link).unwrap_or_else(|| panic!("{page}: {link} leaves the site"));
            assert!(
                all.contains(&target),
                "{page}: {link} → {target} is missing"
            );
            checked += 1;
        }
    }
    assert!(checked > 700, "only {checked} links checked");
}

#[test]
fn a_survey_keeps_its_200_newest_comments_and_a_value_its_50_newest() {
    let (_dir, output) = common::build_example();
    let survey = output.join("surveys/customers");
    // 200 comments, 50 a page.
    let first = std::fs::read_to_string(survey.join("comments-1.html")).unwrap();
    assert!(
        first.contains("Comments 1 to 50 of the 200 newest"),
        "{first}"
    );
    assert!(survey.join("comments-4.html").is_file());
    assert!(!survey.join("comments-5.html").exists());
    // A channel with thousands of comments keeps one page of them.
    let app = std::fs::read_to_string(survey.join("channel/app/comments-1.html")).unwrap();
    assert!(app.contains("The 50 newest comments"), "{app}");
    assert_eq!(app.matches("class=\"comment ").count(), 50, "{app}");
    assert!(!survey.join("channel/app/comments-2.html").exists());
}

/// The basic fixture's data: per region, answers of 10, 7 and 0 (promoters, passives,
/// detractors), in January 2024.
fn regions_csv(regions: &[(&str, [u64; 3])]) -> String {
    let mut csv = String::from("id,date,score,comment,region\n");
    let mut id = 0;
    for (region, counts) in regions {
        for (score, count) in [10, 7, 0].into_iter().zip(counts) {
            for _ in 0..*count {
                id += 1;
                csv.push_str(&format!("{id},2024-01-15,{score},,\"{region}\"\n"));
            }
        }
    }
    csv
}

/// The `vs_rest` of each value of the survey's first dimension, by name.
fn vs_rest(metrics: &Value) -> std::collections::BTreeMap<String, Value> {
    metrics["surveys"][0]["dimensions"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["vs_rest"].clone(),
            )
        })
        .collect()
}

#[test]
fn each_value_is_compared_with_the_rest_of_the_answers() {
    // Stats' worked example of two NPS samples: 55/25/20 against 40/30/30 is +25 with
    // p = 0.0315. With two values, each one's rest is the other.
    let dir = project("basic");
    let hostile = "Sør & <i>Vest</i>";
    std::fs::write(
        dir.path().join("data/nps.csv"),
        regions_csv(&[("Nord", [55, 25, 20]), (hostile, [40, 30, 30])]),
    )
    .unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let contrasts = vs_rest(&metrics(dir.path()));
    for (name, sign) in [("Nord", 1.0), (hostile, -1.0)] {
        let c = &contrasts[name];
        assert!(close(&c["difference"]["value"], 25.0 * sign), "{name}: {c}");
        assert!(
            (c["p_value"].as_f64().unwrap() - 0.03151).abs() < 1e-4,
            "{name}: {c}"
        );
        // Two equal p-values: the adjustment leaves them as they are.
        assert_eq!(c["q_value"], c["p_value"], "{name}");
        assert_eq!(c["significant"], true, "{name}");
    }
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains(
        "Above the rest of the answers: Nord. Below the rest of the answers: \
         Sør &amp; &lt;i&gt;Vest&lt;/i&gt;."
    ));
    assert!(page.contains("<span class=\"change-up\">▲ +25</span>"));
    // The chart's dots take the colours of above (top group's green) and below (bottom's
    // vermilion), wide and narrow, and the legend says so.
    let dots = |colour: &str| {
        page.matches(&format!("r=\"6\" opacity=\"1\" fill=\"{colour}\""))
            .count()
    };
    assert_eq!((dots("#009E73"), dots("#D55E00")), (2, 2));
    assert!(page.contains("<span class=\"key key-top\">Above the rest</span>"));
    assert!(page.contains("<span class=\"change-down\">▼ \u{2212}25</span>"));
    assert!(
        page.contains("dimensions at once"),
        "the note on the adjustment"
    );
    let nord =
        std::fs::read_to_string(dir.path().join("public/surveys/nps/region/nord.html")).unwrap();
    assert!(
        nord.contains("▲ above the rest of the answers by 25"),
        "{nord}"
    );

    // A raw p-value below 0.05 is not enough when four values are compared at once:
    // Benjamini-Hochberg multiplies the smallest of four by 4 (0.0239 → 0.0957).
    std::fs::write(
        dir.path().join("data/nps.csv"),
        regions_csv(&[
            ("A", [58, 25, 17]),
            ("B", [45, 30, 25]),
            ("C", [45, 30, 25]),
            ("D", [45, 30, 25]),
        ]),
    )
    .unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let contrasts = vs_rest(&metrics(dir.path()));
    let a = &contrasts["A"];
    assert!(close(&a["difference"]["value"], 21.0), "{a}");
    let p = a["p_value"].as_f64().unwrap();
    assert!((p - 0.02393).abs() < 1e-4, "{a}");
    assert!(close(&a["q_value"], 4.0 * p), "{a}");
    assert_eq!(a["significant"], false);
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains(
        "No value differs from the rest of the answers by more than chance explains (p &lt; 0.05)."
    ));
    assert!(
        !page.contains("<span class=\"change-up\">"),
        "nothing marked above the rest"
    );
    assert!(
        !page.contains("r=\"6\" opacity=\"1\" fill=\"#009E73\""),
        "a green dot"
    );
    assert!(
        !page.contains("Above the rest</span>"),
        "a legend for nothing"
    );

    // Too few answers to compare: no contrast for the small value, whose answers still count in
    // the others' rest (A against B, C, D and the 5 of E).
    edit_config(dir.path(), "min_n = 1", "min_n = 30");
    let csv = regions_csv(&[
        ("A", [58, 25, 17]),
        ("B", [45, 30, 25]),
        ("C", [45, 30, 25]),
        ("D", [45, 30, 25]),
        ("E", [5, 0, 0]),
    ]);
    std::fs::write(dir.path().join("data/nps.csv"), csv).unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let contrasts = vs_rest(&metrics(dir.path()));
    assert!(contrasts["E"].is_null(), "{}", contrasts["E"]);
    // Rest of A: 140 promoters and 75 detractors of 305, NPS 21.311…; A is 41.
    let rest = 100.0 * (140.0 - 75.0) / 305.0;
    assert!(close(&contrasts["A"]["difference"]["value"], 41.0 - rest));
}

/// `figures.csv` of a built site: its header and its rows, read as a spreadsheet would.
fn spreadsheet(site: &std::path::Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    common::sheet(site, "figures.csv", delimiter)
}

#[test]
fn the_spreadsheet_holds_every_figure_of_metrics_json_and_no_hidden_one() {
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let (header, rows) = spreadsheet(&site, b',');
    assert_eq!(header.len(), 32);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Each row names its survey's measure and scale, as metrics.json does.
    let surveys = metrics["surveys"].as_array().unwrap();
    for row in &rows {
        let survey = (surveys.iter())
            .find(|s| s["title"] == row[column("Survey")].as_str())
            .unwrap();
        let [lowest, highest] = [0, 1].map(|i| survey["scale"][i].as_u64().unwrap());
        assert_eq!(row[column("Scale")], format!("{lowest}–{highest}"));
        let measure = match survey["kind"].as_str().unwrap() {
            "nps" => "NPS",
            "enps" => "eNPS",
            _ => "CSAT",
        };
        assert_eq!(row[column("Measure")], measure);
    }
    let (survey_c, dimension_c, value_c, period_c) = (
        column("Survey"),
        column("Dimension"),
        column("Value"),
        column("Period"),
    );
    let (status_c, n_c, score_c, low_c) = (
        column("Status"),
        column("Answers"),
        column("Score"),
        column("Interval low"),
    );
    let (change_c, p_c, verdict_c) = (
        column("Change from previous period"),
        column("p (previous period)"),
        column("Previous period"),
    );
    let mut by_key = std::collections::BTreeMap::new();
    for row in &rows {
        let key = (
            row[survey_c].clone(),
            row[dimension_c].clone(),
            row[value_c].clone(),
            row[period_c].clone(),
        );
        assert!(by_key.insert(key, row).is_none(), "a figure listed twice");
    }
    // Every figure of metrics.json, once, with the same answers and score at one decimal.
    let mut expected = 0;
    let mut periods_against_the_rest = 0;
    let mut breakdown_rows = 0;
    for survey in metrics["surveys"].as_array().unwrap() {
        let title = survey["title"].as_str().unwrap();
        let mut groups = vec![(String::new(), "All answers".to_string(), &survey["overall"])];
        for dimension in survey["dimensions"].as_array().unwrap() {
            let dimension_title = dimension["title"].as_str().unwrap();
            for value in dimension["values"].as_array().unwrap() {
                let name = value["name"].as_str().unwrap();
                groups.push((dimension_title.to_string(), name.to_string(), value));
                // Its breakdowns, over all periods: "Region × Channel", "Oslo × App".
                let breakdowns = value["breakdowns"].as_array().into_iter().flatten();
                for breakdown in breakdowns {
                    let by = breakdown["title"].as_str().unwrap();
                    for cell in breakdown["values"].as_array().unwrap() {
                        let cell_name = cell["name"].as_str().unwrap();
                        groups.push((
                            format!("{dimension_title} × {by}"),
                            format!("{name} × {cell_name}"),
                            cell,
                        ));
                        breakdown_rows += 1;
                    }
                }
            }
        }
        // Each dimension the site says how much it explains has a row of its own, without a
        // value: ω² in percent, the adjusted p-value, the verdict and the size.
        for dimension in survey["dimensions"].as_array().unwrap() {
            let explained = &dimension["explained"];
            if explained.is_null() {
                continue;
            }
            expected += 1;
            let title_d = dimension["title"].as_str().unwrap();
            let key = (
                title.into(),
                title_d.into(),
                String::new(),
                "All periods".into(),
            );
            let row = by_key
                .get(&key)
                .unwrap_or_else(|| panic!("{key:?} is missing"));
            let share = explained["share"].as_f64().unwrap();
            let q = explained["q_value"].as_f64().unwrap();
            assert_eq!(
                row[column("Explained by the dimension %")],
                format!("{:.1}", 100.0 * share)
            );
            assert_eq!(row[column("Adjusted p (explained)")], format!("{q:.4}"));
            let verdict = match explained["significant"].as_bool().unwrap() {
                true => "more than chance",
                false => "no more than chance",
            };
            assert_eq!(row[column("Explained")], verdict);
            let size = match share {
                s if s >= 0.14 => "large",
                s if s >= 0.06 => "medium",
                s if s >= 0.01 => "small",
                _ => "negligible",
            };
            assert_eq!(row[column("Size of the share")], size, "{key:?}");
            assert!(
                row[column("Status")..column("Invited")]
                    .iter()
                    .all(String::is_empty)
            );
        }
        for (dimension, value, group) in groups {
            let mut figures = vec![("All periods".to_string(), &group["total"])];
            for period in group["periods"].as_array().into_iter().flatten() {
                figures.push((period["period"].as_str().unwrap().to_string(), period));
            }
            for (period, figure) in figures {
                expected += 1;
                let key = (
                    title.into(),
                    dimension.clone(),
                    value.clone(),
                    period.clone(),
                );
                let row = by_key
                    .get(&key)
                    .unwrap_or_else(|| panic!("{key:?} is missing"));
                match figure["status"].as_str().unwrap() {
                    "shown" => {
                        assert_eq!(row[status_c], "shown");
                        assert_eq!(row[n_c], figure["n"].to_string(), "{key:?}");
                        let score = figure["score"]["value"].as_f64().unwrap();
                        let low = figure["score"]["low"].as_f64().unwrap();
                        assert_eq!(row[score_c], format!("{score:.1}"), "{key:?}");
                        assert_eq!(row[low_c], format!("{low:.1}"), "{key:?}");
                    }
                    "too_few" => {
                        assert_eq!(row[status_c], "too few answers");
                        assert_eq!(row[score_c], "", "{key:?}: a score for too few answers");
                    }
                    _ => {
                        assert_eq!(row[status_c], "hidden for anonymity");
                        assert!(
                            row[n_c..].iter().all(String::is_empty),
                            "{key:?}: a hidden group has a figure"
                        );
                    }
                }
                match &figure["change_previous"] {
                    Value::Null => assert_eq!(row[change_c], "", "{key:?}"),
                    change => {
                        let p = change["p_value"].as_f64().unwrap();
                        let size = change["difference"]["value"].as_f64().unwrap();
                        assert_eq!(row[p_c], format!("{p:.4}"), "{key:?}");
                        let verdict = match (change["significant"].as_bool().unwrap(), size > 0.0) {
                            (true, true) => "up",
                            (true, false) => "down",
                            (false, _) => "no clear change",
                        };
                        assert_eq!(row[verdict_c], verdict, "{key:?}");
                    }
                }
                // A value against the rest, over all answers and in each recent period.
                let rest = figure.get("vs_rest").or(match period.as_str() {
                    "All periods" => group.get("vs_rest"),
                    _ => None,
                });
                match rest {
                    None => assert_eq!(row[column("Against the rest")], "", "{key:?}"),
                    Some(contrast) => {
                        let q = contrast["q_value"].as_f64().unwrap();
                        assert_eq!(row[column("Adjusted p (the rest)")], format!("{q:.4}"));
                        let difference = contrast["difference"]["value"].as_f64().unwrap();
                        let verdict = match (contrast["significant"] == true, difference > 0.0) {
                            (true, true) => "above the rest",
                            (true, false) => "below the rest",
                            (false, _) => "no clear difference",
                        };
                        assert_eq!(row[column("Against the rest")], verdict, "{key:?}");
                        periods_against_the_rest += usize::from(period != "All periods");
                    }
                }
            }
        }
    }
    assert!(periods_against_the_rest > 300, "{periods_against_the_rest}");
    assert!(breakdown_rows > 100, "{breakdown_rows}");
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().any(|r| r[verdict_c] == "down"));
    assert!(
        rows.iter()
            .any(|r| r[column("Size of the share")] == "large")
    );
    assert!(rows.iter().any(|r| r[status_c] == "hidden for anonymity"));
    let methodology = std::fs::read_to_string(site.join("methodology.html")).unwrap();
    assert!(methodology.contains("<a href=\"figures.csv\">figures.csv</a>"));
}

#[test]
fn the_theme_spreadsheet_holds_every_theme_figure_of_metrics_json() {
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let (header, rows) = common::sheet(&site, "themes.csv", b',');
    assert_eq!(header.len(), 29);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let key_columns = ["Survey", "Dimension", "Value", "Period", "Theme"].map(column);
    let mut by_key = std::collections::BTreeMap::new();
    for row in &rows {
        let key = key_columns.map(|c| row[c].clone());
        assert!(
            by_key.insert(key, row).is_none(),
            "a theme figure listed twice"
        );
    }
    let sum = |counts: &Value| -> u64 { (0..3).map(|g| counts[g].as_u64().unwrap()).sum() };
    // Counts and shares, recounted from metrics.json's counts per scale group.
    let check = |key: [&str; 5], mentions: &Value, comments: Option<&Value>| {
        let row = by_key
            .get(&key.map(String::from))
            .unwrap_or_else(|| panic!("{key:?} is missing"));
        assert_eq!(
            row[column("Comments mentioning it")],
            sum(mentions).to_string()
        );
        let share = |n: u64, of: u64| format!("{:.1}", 100.0 * n as f64 / of as f64);
        let groups = ["Promoters or satisfied", "Passives or neutral"];
        let groups = groups.into_iter().chain(["Detractors or dissatisfied"]);
        for (g, group) in groups.enumerate() {
            let n = mentions[g].as_u64().unwrap();
            assert_eq!(
                row[column(&format!("{group} mentioning it"))],
                n.to_string()
            );
            let expected = comments.map_or(String::new(), |c| share(n, c[g].as_u64().unwrap()));
            assert_eq!(
                row[column(&format!("{group}, share %"))],
                expected,
                "{key:?}"
            );
        }
        let expected = comments.map_or(String::new(), |c| share(sum(mentions), sum(c)));
        assert_eq!(row[column("Share of comments %")], expected, "{key:?}");
        row
    };
    let (mut expected, mut changes, mut scored) = (0, 0, 0);
    for survey in metrics["surveys"].as_array().unwrap() {
        let title = survey["title"].as_str().unwrap();
        let text = &survey["text"];
        let comments = &text["comments"];
        let mut themes: Vec<(&str, &Value)> = (text["themes"].as_array().unwrap().iter())
            .map(|theme| (theme["name"].as_str().unwrap(), &theme["total"]))
            .collect();
        themes.push(("None of these themes", &text["unthemed"]));
        for (i, (name, mentions)) in themes.into_iter().enumerate() {
            let key = [title, "", "All answers", "All periods", name];
            let row = check(key, mentions, Some(comments));
            assert_eq!(row[column("Comments")], sum(comments).to_string());
            // The score of the answers whose comments mention the theme, and its difference
            // from the others'; none for the comments no theme catches.
            // For the comments no theme catches, their score, with no test.
            let theme = &text["themes"][i];
            let score = match theme.is_null() {
                true => &text["unthemed_score"],
                false => &theme["score"],
            };
            let number = |v: &Value| v.as_f64().map_or(String::new(), |v| format!("{v:.1}"));
            let score_columns = [
                ("Score of the answers mentioning it", &score["value"]),
                ("Interval low (mentioning it)", &score["low"]),
                ("Interval high (mentioning it)", &score["high"]),
                (
                    "Score minus that of the answers not mentioning it",
                    &theme["vs_others"]["difference"]["value"],
                ),
            ];
            for (name, value) in score_columns {
                assert_eq!(row[column(name)], number(value), "{key:?}: {name}");
            }
            let verdict = match theme["vs_others"]["difference"]["value"].as_f64() {
                None => "",
                Some(_) if theme["vs_others"]["significant"] == false => "no clear difference",
                Some(d) if d > 0.0 => "higher than where not mentioned",
                Some(_) => "lower than where not mentioned",
            };
            assert_eq!(
                row[column("Against the answers not mentioning it")],
                verdict
            );
            scored += u64::from(!verdict.is_empty());
            expected += 1;
        }
        // Each theme's mentions per period, as shares of the period's comments.
        let periods = text["periods"].as_array().unwrap();
        assert!(!periods.is_empty());
        for theme in text["themes"].as_array().unwrap() {
            let name = theme["name"].as_str().unwrap();
            for period in theme["periods"].as_array().unwrap() {
                let key = [title, "", "All answers", period[0].as_str().unwrap(), name];
                let comments = &periods.iter().find(|p| p[0] == period[0]).unwrap()[1];
                let row = check(key, &period[1], Some(comments));
                assert_eq!(row[column("Comments")], sum(comments).to_string());
                expected += 1;
            }
        }
        // And per quarter or year, summed here, where the survey's page shows themes over those.
        let page = std::fs::read_to_string(site.join(format!(
            "surveys/{}/index.html",
            survey["id"].as_str().unwrap()
        )))
        .unwrap();
        let coarser = |id: &str| match (page.contains(">By quarter: "), page.contains(">By year: "))
        {
            (true, _) => Some(format!(
                "{}-Q{}",
                &id[..4],
                id[5..7].parse::<u32>().unwrap().div_ceil(3)
            )),
            (_, true) => Some(id[..4].to_string()),
            _ => None,
        };
        if title == "Customer relationship NPS" {
            assert_eq!(coarser("2025-12").as_deref(), Some("2025-Q4"));
        }
        let summed = |periods: &Value| {
            let mut sums: BTreeMap<String, [u64; 3]> = BTreeMap::new();
            for period in periods.as_array().unwrap() {
                if let Some(key) = coarser(period[0].as_str().unwrap()) {
                    let sum = sums.entry(key).or_default();
                    for g in 0..3 {
                        sum[g] += period[1][g].as_u64().unwrap();
                    }
                }
            }
            sums
        };
        let period_comments = summed(&text["periods"]);
        for theme in text["themes"].as_array().unwrap() {
            for (period, mentions) in summed(&theme["periods"]) {
                let key = [
                    title,
                    "",
                    "All answers",
                    period.as_str(),
                    theme["name"].as_str().unwrap(),
                ];
                let comments = serde_json::json!(period_comments[&period]);
                check(key, &serde_json::json!(mentions), Some(&comments));
                expected += 1;
            }
        }
        // The latest compared period's rows carry each theme's change from the period before
        // and from a year earlier.
        let comparisons = [
            (
                "change",
                "compared",
                "the period before's",
                "the period before",
            ),
            (
                "change_year",
                "compared_year",
                "a year earlier's",
                "a year earlier",
            ),
        ];
        for (key, compared, share, against) in comparisons {
            for theme in text["themes"].as_array().unwrap() {
                let change = &theme[key];
                if change.is_null() {
                    continue;
                }
                let to = text[compared][1].as_str().unwrap();
                let name = theme["name"].as_str().unwrap();
                let row = by_key[&[title, "", "All answers", to, name].map(String::from)];
                let difference = change["difference"]["value"].as_f64().unwrap();
                assert_eq!(
                    row[column(&format!("Share minus {share} (percentage points)"))],
                    format!("{difference:.1}")
                );
                let q = change["q_value"].as_f64().unwrap();
                assert_eq!(
                    row[column(&format!("Adjusted p ({against})"))],
                    format!("{q:.4}")
                );
                let verdict = match (change["significant"].as_bool().unwrap(), difference > 0.0) {
                    (true, true) => format!("more often than {against}"),
                    (true, false) => format!("less often than {against}"),
                    (false, _) => "no clear change".into(),
                };
                assert_eq!(row[column(&format!("Against {against}"))], verdict);
                changes += 1;
            }
        }
        for dimension in survey["dimensions"].as_array().unwrap() {
            let dimension_title = dimension["title"].as_str().unwrap();
            for value in dimension["values"].as_array().unwrap() {
                let Some(text) = value.get("text") else {
                    continue;
                };
                for theme in text["themes"].as_array().unwrap() {
                    let name = theme["name"].as_str().unwrap();
                    let value_name = value["name"].as_str().unwrap();
                    let key = [title, dimension_title, value_name, "All periods", name];
                    let row = check(key, &theme["mentions"], Some(&text["comments"]));
                    let verdict = &row[column("Against the rest")];
                    match &theme["vs_rest"] {
                        Value::Null => assert_eq!(verdict, "", "{key:?}"),
                        contrast => {
                            let q = contrast["q_value"].as_f64().unwrap();
                            assert_eq!(row[column("Adjusted p (the rest)")], format!("{q:.4}"));
                            let more = contrast["difference"]["value"].as_f64().unwrap() > 0.0;
                            let expected = match (contrast["significant"].as_bool().unwrap(), more)
                            {
                                (true, true) => "more often than the rest",
                                (true, false) => "less often than the rest",
                                (false, _) => "no clear difference",
                            };
                            assert_eq!(verdict, expected, "{key:?}");
                        }
                    }
                    expected += 1;
                }
            }
        }
    }
    // Nothing else: no value the site shows no themes for, and no change on another row.
    assert_eq!(rows.len(), expected);
    let verdicts = [
        column("Against the period before"),
        column("Against a year earlier"),
    ];
    let filled = (rows.iter())
        .flat_map(|r| verdicts.map(|v| !r[v].is_empty()))
        .filter(|&filled| filled)
        .count();
    assert_eq!(filled, changes);
    // Customers' four against the period before and a year earlier; support's three and
    // employees' three against the period before (support has one year, employees' by year).
    assert_eq!(changes, 4 + 4 + 3 + 3);
    // Scores only on the survey's theme rows over all periods: 10 themes in the example.
    let verdict = column("Against the answers not mentioning it");
    let with_score = rows.iter().filter(|r| !r[verdict].is_empty()).count();
    assert_eq!((with_score, scored), (10, 10));
    let verdicts: Vec<&str> = rows.iter().map(|r| r[16].as_str()).collect();
    assert!(
        verdicts.contains(&"more often than the rest"),
        "{verdicts:?}"
    );
    let methodology = std::fs::read_to_string(site.join("methodology.html")).unwrap();
    assert!(methodology.contains("<a href=\"themes.csv\">themes.csv</a>"));
    assert!(methodology.contains(">The figures as spreadsheets</h2>"));

    // Without themes, neither the file nor the link.
    let dir = project("basic");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("public/themes.csv").exists());
    let methodology = std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap();
    assert!(!methodology.contains("themes.csv"));
    assert!(methodology.contains(">The figures as a spreadsheet</h2>"));
}

#[test]
fn the_spreadsheet_is_written_as_excel_reads_it_in_the_reports_language() {
    // Norwegian Excel splits on ";" and reads "4,5" as a number.
    let dir = common::project_with("basic", "locale = \"nb\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = spreadsheet(&dir.path().join("public"), b';');
    assert_eq!(header[0], "Undersøkelse");
    assert_eq!(header[1..5], ["Mål", "Skala", "Dimensjon", "Verdi"]);
    assert_eq!(rows[0][4], "Alle svar");
    let score = &rows[0][header.iter().position(|h| h == "Score").unwrap()];
    let (whole, tenths) = score.split_once(',').expect("a decimal comma");
    assert!(whole.trim_start_matches('-').parse::<u32>().is_ok() && tenths.len() == 1);
    // The themes' spreadsheet too.
    let dir = common::project_with("hostile", "locale = \"nb\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = common::sheet(&dir.path().join("public"), "themes.csv", b';');
    assert_eq!(
        (header[4].as_str(), rows[0][2].as_str()),
        ("Tema", "Alle svar")
    );
    let share = &rows[0][header
        .iter()
        .position(|h| h == "Andel av kommentarene %")
        .unwrap()];
    assert!(share.contains(','), "{share}: a decimal comma");

    // A value a spreadsheet would run as a formula is shown as text.
    let dir = project("hostile");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (header, rows) = spreadsheet(&dir.path().join("public"), b',');
    let value = header.iter().position(|h| h == "Value").unwrap();
    let values: Vec<&str> = rows.iter().map(|r| r[value].as_str()).collect();
    assert!(
        values.contains(&"'=HYPERLINK(\"https://evil.example\",\"x\")"),
        "{values:?}"
    );
    assert!(!values.iter().any(|v| v.starts_with('=')), "{values:?}");
    assert!(values.contains(&"<img src=x onerror=alert(1)>"));
    let (_, rows) = common::sheet(&dir.path().join("public"), "themes.csv", b',');
    let values: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert!(values.contains(&"'=HYPERLINK(\"https://evil.example\",\"x\")"));
    assert!(!values.iter().any(|v| v.starts_with('=')), "{values:?}");
}

#[test]
fn the_survey_page_says_what_the_score_varies_with() {
    // Two regions alike (50/25/25 each): nothing to explain, in words and in metrics.json.
    let dir = project("basic");
    std::fs::write(
        dir.path().join("data/nps.csv"),
        regions_csv(&[("Nord", [50, 25, 25]), ("Sør", [50, 25, 25])]),
    )
    .unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let explained = &metrics(dir.path())["surveys"][0]["dimensions"][0]["explained"];
    assert_eq!(
        (
            explained["share"].as_f64(),
            explained["significant"].as_bool()
        ),
        (Some(0.0), Some(false))
    );
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    assert!(page.contains("<h2 id=\"explained-title\">What NPS varies with</h2>"));
    assert!(page.contains(
        "<p>No dimension explains more of the differences between answers than chance would.</p>"
    ));
    assert!(
        page.contains(
            "<meter min=\"0\" max=\"1\" value=\"0.000\" aria-hidden=\"true\"></meter> 0.0\u{a0}%</td>\
             <td>negligible</td><td>no more than chance<br><span class=\"p-value\">p = 1.00</span></td>"
        ),
        "{page}"
    );
    // A value page has no such section.
    let nord =
        std::fs::read_to_string(dir.path().join("public/surveys/nps/region/nord.html")).unwrap();
    assert!(!nord.contains("explained-title"));

    // The example's support survey: resolution first, with the share metrics.json gives.
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let support = (metrics["surveys"].as_array().unwrap().iter())
        .find(|s| s["id"] == "support")
        .unwrap();
    let share = (support["dimensions"].as_array().unwrap().iter())
        .find(|d| d["id"] == "resolution")
        .unwrap()["explained"]["share"]
        .as_f64()
        .unwrap();
    let page = std::fs::read_to_string(site.join("surveys/support/index.html")).unwrap();
    let sentence = format!(
        "<p>Resolution explains the most: {:.0}\u{a0}% of the differences between answers, a large \
         share.</p>",
        100.0 * share
    );
    assert!(page.contains(&sentence), "{sentence}");
    assert!(page.contains("<a href=\"#dim-resolution\">Resolution</a>"));
    assert!(share >= 0.14 && page.contains("<td>large</td>"));
    // The overview's cards name it only where it is more than chance and at least small: the
    // support card names resolution; region's 0.6 % for customers is too small to matter.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert_eq!(
        index.matches("<dt>Varies most with</dt>").count(),
        1,
        "{index}"
    );
    assert!(index.contains(&format!(
        "<a href=\"surveys/support/index.html#explained-title\">Resolution: {:.0}\u{a0}% of the differences</a>",
        100.0 * share
    )));
}

#[test]
fn the_projects_static_files_and_logo_go_into_the_site() {
    let dir = common::project_with("basic", "logo = \"brand/Mark.PNG\"");
    let root = dir.path();
    std::fs::create_dir_all(root.join("brand")).unwrap();
    std::fs::write(root.join("brand/Mark.PNG"), b"\x89PNG fake").unwrap();
    std::fs::create_dir_all(root.join("static/photos")).unwrap();
    std::fs::write(root.join("static/photos/team.jpg"), b"jpeg").unwrap();
    std::fs::write(root.join("static/handout.pdf"), b"%PDF").unwrap();
    std::fs::write(root.join("static/.DS_Store"), b"junk").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "![The team](static/photos/team.jpg)\n",
    )
    .unwrap();
    let out = cxreport(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = root.join("public");
    assert_eq!(
        std::fs::read(site.join("static/logo.png")).unwrap(),
        b"\x89PNG fake"
    );
    assert_eq!(
        std::fs::read(site.join("static/photos/team.jpg")).unwrap(),
        b"jpeg"
    );
    assert_eq!(
        std::fs::read(site.join("static/handout.pdf")).unwrap(),
        b"%PDF"
    );
    assert!(
        !site.join("static/.DS_Store").exists(),
        "a hidden file was copied"
    );
    // The report's stylesheet is still its own.
    let css = std::fs::read_to_string(site.join("static/style.css")).unwrap();
    assert!(css.contains(".brand .logo"));
    // Every page shows the logo from its own depth, and uses it as its icon.
    for (page, root) in [
        ("index.html", ""),
        ("surveys/nps/index.html", "../../"),
        ("surveys/nps/region/oslo.html", "../../../"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let src = format!("{root}static/logo.png");
        assert!(
            html.contains(&format!("<img class=\"logo\" src=\"{src}\" alt=\"\">")),
            "{page}"
        );
        assert!(
            html.contains(&format!("<link rel=\"icon\" href=\"{src}\">")),
            "{page}"
        );
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<img src=\"static/photos/team.jpg\" alt=\"The team\""),
        "{index}"
    );
    let all = files(&site);
    for page in all.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        for link in links(&html).iter().filter(|l| !l.starts_with("data:")) {
            let target = resolve(page, link).unwrap();
            assert!(all.contains(&target), "{page}: {link} is missing");
        }
    }

    // Without a logo, no image and an empty icon.
    let plain = project("basic");
    assert!(cxreport(plain.path(), &["build"]).status.success());
    let html = std::fs::read_to_string(plain.path().join("public/index.html")).unwrap();
    assert!(
        !html.contains("class=\"logo\"") && html.contains("<link rel=\"icon\" href=\"data:,\">")
    );
}

#[test]
fn a_logo_that_is_not_an_image_file_and_a_static_stylesheet_are_errors() {
    for (logo, problem) in [
        ("brand/none.svg", "logo \"brand/none.svg\" is not a file"),
        (
            "cxreport.toml",
            "logo \"cxreport.toml\" is not an image cxreport can show",
        ),
    ] {
        let dir = common::project_with("basic", &format!("logo = \"{logo}\""));
        let out = cxreport(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains(problem), "{err}");
        assert!(err.contains("--> cxreport.toml:1:8"), "{err}");
        assert!(err.contains("svg, png, jpg, jpeg, webp"), "{err}");
    }
    let dir = project("basic");
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/style.css"), "body {}").unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("static/style.css would replace the report's stylesheet"),
        "{err}"
    );
    assert!(err.contains("templates/static/style.css"), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn each_theme_shows_the_newest_comments_that_mention_it() {
    // Keywords match at a word's start, in any case: "Great" (a promoter, 5 Jan), "Slow
    // delivery" (a detractor, 31 Jan) and "Too expensive, honestly" (a detractor, 15 Feb). Each
    // group shows its newest: the promoter's, then the newer detractor's.
    let dir = project("basic");
    let config = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!(
            "{text}\n[[theme]]\nname = \"Friction\"\nkeywords = [\"great\", \"SLOW\", \"expens\"]\n\
             [[theme]]\nname = \"Cost\"\nkeywords = [\"expens\", \"slow\"]\n"
        ),
    )
    .unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let start = page
        .find("<details class=\"theme-examples\">")
        .expect("theme examples");
    let examples = &page[start..start + page[start..].find("</details>").unwrap()];
    assert!(
        examples.contains("<summary>Friction</summary>"),
        "{examples}"
    );
    let great = examples.find(">Great<").expect("the promoter's");
    let expensive = examples
        .find("Too expensive, honestly")
        .expect("the newest detractor's");
    assert!(great < expensive, "{examples}");
    assert!(
        !examples.contains("Slow delivery"),
        "an older detractor's: {examples}"
    );
    assert!(page.contains("What the newest comments say about each theme"));
}

#[test]
fn dimension_tables_show_the_latest_period_and_mark_only_key_movers() {
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let movers = metrics["key_movers"].as_array().unwrap();
    let page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    let start = page.find("<h2 id=\"dim-touchpoint\">").unwrap();
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    // The values' table, not the table of values by period under it.
    let values = &section[..section.find("</table>").unwrap()];
    assert!(
        section.contains("<th scope=\"col\">Dec 2025</th>"),
        "{section}"
    );
    let rows: Vec<&str> = (values.split("<tr><th scope=\"row\">").skip(1))
        .map(|row| &row[..row.find("</tr>").unwrap()])
        .collect();
    assert_eq!(rows.len(), 6);
    let mut marked = 0;
    for row in rows {
        let name = &row[row.find('>').unwrap() + 1..row.find("</a>").unwrap()];
        let latest = row.rsplit("<td>").next().unwrap();
        let mover = movers.iter().find(|m| {
            m["survey"] == "customers" && m["dimension"] == "touchpoint" && m["value"] == name
        });
        match mover {
            Some(m) => {
                let change = m["change"]["difference"]["value"].as_f64().unwrap();
                let arrow = if change > 0.0 { "▲" } else { "▼" };
                let mark = format!("{arrow} {}", signed(change));
                assert!(latest.contains(&mark), "{name}: {mark} in {latest}");
                marked += 1;
            }
            None => assert!(
                !latest.contains('▲') && !latest.contains('▼'),
                "{name} is marked but is no key mover: {latest}"
            ),
        }
    }
    assert_eq!(
        marked, 1,
        "Delivery, the example's key mover among touchpoints"
    );
    assert!(section.contains("Dec 2025: each value&#39;s figure in the latest period"));
}

/// A whole number with its sign, as the report writes a change: +7, −12.
fn signed(value: f64) -> String {
    let rounded = value.round();
    if rounded > 0.0 {
        format!("+{rounded}")
    } else {
        fmt(value)
    }
}

/// The text elements of an SVG anchored at their middle: (x, y, font size, text).
fn centred_texts(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let attribute = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..start + tag[start..].find('"')?].parse().ok()
    };
    svg.split("<text ")
        .skip(1)
        .filter_map(|part| {
            let (tag, rest) = part.split_once('>')?;
            let tag = &format!(" {tag}");
            if !tag.contains("text-anchor=\"middle\"") {
                return None;
            }
            let text = rest.split('<').next()?.trim().to_string();
            // Ticks without a label are drawn as empty text.
            if text.is_empty() {
                return None;
            }
            Some((
                attribute(tag, "x")?,
                attribute(tag, "y")?,
                attribute(tag, "font-size")?,
                text,
            ))
        })
        .collect()
}

#[test]
fn axis_labels_never_run_into_each_other() {
    // Wide and narrow charts alike: labels on one line, centred on their ticks, stand at least
    // half their widths from each other, and 2 px. A phone's comparison
    // chart once wrote "1020304050607080 90100".
    // In English, and in Danish, whose period labels are longest ("1. kvt. 2025").
    let (_en, english) = common::build_example();
    let (_da, danish) = common::build_example_in("da");
    let mut lines = 0;
    for (site, page) in [english, danish].iter().flat_map(|site| {
        files(site)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(move |page| (site, page))
    }) {
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        for svg in html.split("<svg ").skip(1) {
            let svg = &svg[..svg.find("</svg>").unwrap()];
            let mut texts = centred_texts(svg);
            texts.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
            for pair in texts.windows(2) {
                let ((x1, y1, size1, t1), (x2, y2, size2, t2)) = (&pair[0], &pair[1]);
                if y1 != y2 {
                    continue;
                }
                lines += 1;
                // Half a label's width: 0.6 em a character, 0.3 em for spaces and stops.
                let half = |text: &str, size: f64| {
                    let ems: f64 = (text.chars())
                        .map(|c| {
                            if matches!(c, ' ' | '.' | ',') {
                                0.3
                            } else {
                                0.6
                            }
                        })
                        .sum();
                    ems * size / 2.0
                };
                assert!(
                    x2 - x1 >= half(t1, *size1) + half(t2, *size2) + 2.0,
                    "{page}: \"{t1}\" at {x1} runs into \"{t2}\" at {x2}"
                );
            }
        }
    }
    assert!(lines > 1000, "only {lines} pairs of labels checked");
}

#[test]
fn a_values_page_names_the_themes_its_comments_mention_more_or_less_often() {
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let percent = |part: u64, n: u64| format!("{:.0}\u{a0}%", 100.0 * part as f64 / n as f64);
    let sum = |counts: &Value| -> u64 {
        (counts.as_array().unwrap().iter())
            .map(|n| n.as_u64().unwrap())
            .sum()
    };
    let customers = &metrics["surveys"][0];
    let (all_comments, all_themes) = (
        sum(&customers["text"]["comments"]),
        customers["text"]["themes"].as_array().unwrap(),
    );
    let (mut named, mut unnamed) = (0, 0);
    let survey_page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    // The survey's table ends with the comments no theme catches, per scale group.
    let (unthemed, comments) = (
        &customers["text"]["unthemed"],
        &customers["text"]["comments"],
    );
    let cells: String = (0..3)
        .map(|g| {
            let (n, of) = (unthemed[g].as_u64().unwrap(), comments[g].as_u64().unwrap());
            format!("<td>{n} ({})</td>", percent(n, of))
        })
        .collect();
    // Their answers' NPS, recounted: % promoters − % detractors.
    let count = |g: usize| unthemed[g].as_u64().unwrap() as f64;
    let nps = 100.0 * (count(0) - count(2)) / (count(0) + count(1) + count(2));
    let row = format!(
        "<th scope=\"row\">None of these themes</th><td>{}</td>{cells}</tr>",
        nps.round()
    );
    assert!(survey_page.contains(&row), "{row}");
    // Each theme's row starts with the NPS of the answers whose comments mention it, marked where
    // it differs from the others'; the sentence above the table names those, largest first.
    let nps = |v: f64| match v.round() {
        r if r < 0.0 => format!("\u{2212}{}", -r),
        r => format!("{r}"),
    };
    let mut scored: [Vec<(f64, String)>; 2] = Default::default();
    for theme in customers["text"]["themes"].as_array().unwrap() {
        let name = theme["name"].as_str().unwrap();
        let score = theme["score"]["value"].as_f64().unwrap();
        let difference = theme["vs_others"]["difference"]["value"].as_f64().unwrap();
        let significant = theme["vs_others"]["significant"] == true;
        let mark = match (significant, difference > 0.0) {
            (false, _) => "",
            (true, true) => "\u{a0}<span class=\"change-up\">▲</span>",
            (true, false) => "\u{a0}<span class=\"change-down\">▼</span>",
        };
        let cell = format!("<th scope=\"row\">{name}</th><td>{}{mark}</td>", nps(score));
        assert!(survey_page.contains(&cell), "{cell}");
        if significant {
            let words = format!(
                "{name} ({} against {})",
                nps(score),
                nps(score - difference)
            );
            scored[usize::from(difference < 0.0)].push((difference.abs(), words));
        }
    }
    for (side, mut themes) in ["Higher", "Lower"].into_iter().zip(scored) {
        assert!(!themes.is_empty(), "the example has themes on both sides");
        themes.sort_by(|a, b| b.0.total_cmp(&a.0));
        let words: Vec<String> = themes.into_iter().map(|(_, words)| words).collect();
        let sentence = format!(
            "{side} NPS where comments mention a theme than where they do not: {}.",
            words.join(", ")
        );
        assert!(survey_page.contains(&sentence), "{sentence}");
    }
    let mut listed = 0;
    for dimension in customers["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            let page = std::fs::read_to_string(site.join(format!(
                "surveys/customers/{}/{}.html",
                dimension["id"].as_str().unwrap(),
                value["slug"].as_str().unwrap()
            )))
            .unwrap();
            let text = &value["text"];
            let comments = sum(&text["comments"]);
            let sentence = |start: &str| {
                let at = page.find(start)?;
                Some(page[at..at + page[at..].find('.')?].to_string())
            };
            let (more, less) = (
                sentence("Mentioned more often"),
                sentence("Mentioned less often"),
            );
            for (theme, of_all) in text["themes"].as_array().unwrap().iter().zip(all_themes) {
                let mentions = sum(&theme["mentions"]);
                let rest = sum(&of_all["total"]) - mentions;
                let words = format!(
                    "{} ({} against {})",
                    theme["name"].as_str().unwrap(),
                    percent(mentions, comments),
                    percent(rest, all_comments - comments)
                );
                let contrast = &theme["vs_rest"];
                let side = if contrast["difference"]["value"].as_f64().unwrap() > 0.0 {
                    &more
                } else {
                    &less
                };
                let in_sentence = side.as_ref().is_some_and(|s| s.contains(&words));
                assert_eq!(
                    in_sentence,
                    contrast["significant"] == true,
                    "{}: {words}",
                    value["name"]
                );
                if in_sentence {
                    named += 1;
                } else {
                    unnamed += 1;
                }
            }
            // The survey's page lists the values whose comments mention a theme more often.
            let link = format!(
                "<a href=\"../../surveys/customers/{}/{}.html\">{}: {}</a>: ",
                dimension["id"].as_str().unwrap(),
                value["slug"].as_str().unwrap(),
                dimension["title"].as_str().unwrap(),
                value["name"].as_str().unwrap()
            );
            let more_often = more.as_ref().is_some_and(|s| s.contains(" against "));
            assert_eq!(survey_page.contains(&link), more_often, "{link}");
            listed += usize::from(more_often);
        }
    }
    assert!(named > 0 && unnamed > 0, "{named} named, {unnamed} not");
    assert!(listed > 0);
    let list = &survey_page[survey_page.find("class=\"themed-values\"").unwrap()..];
    assert_eq!(
        list[..list.find("</ul>").unwrap()].matches("<li>").count(),
        listed
    );
}

#[test]
fn a_large_share_that_chance_may_explain_is_passed_over_for_one_it_does_not() {
    // Region: 300 answers a side, NPS 30 against −10: a small share, far more than chance.
    // Code: 3 promoters in X, 2 detractors and a promoter in Y, every other answer a code of
    // its own (too few to show): ω² = 1/3 from 6 answers, F(1, 4) = 4, p = 0.12.
    let dir = project("basic");
    edit_config(dir.path(), "min_n = 1", "min_n = 3");
    edit_config(
        dir.path(),
        "dimensions = [",
        "dimensions = [{ id = \"code\", title = \"Code\", column = \"code\" }, ",
    );
    let mut csv = String::from("id,date,score,comment,region,code\n");
    let mut row = |score: u8, region: &str, code: &str| {
        let id = csv.lines().count();
        csv.push_str(&format!("{id},2024-01-15,{score},,{region},{code}\n"));
    };
    for (region, [promoters, passives, detractors]) in
        [("Nord", [165, 60, 75]), ("Sør", [105, 60, 135])]
    {
        for (score, count) in [(10, promoters), (7, passives), (0, detractors)] {
            for i in 0..count {
                row(score, region, &format!("{region}-{score}-{i}"));
            }
        }
    }
    for (score, code) in [
        (10, "X"),
        (10, "X"),
        (10, "X"),
        (0, "Y"),
        (0, "Y"),
        (10, "Y"),
    ] {
        row(score, "Nord", code);
    }
    std::fs::write(dir.path().join("data/nps.csv"), csv).unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let dimensions = &metrics(dir.path())["surveys"][0]["dimensions"];
    let (code, region) = (&dimensions[0]["explained"], &dimensions[1]["explained"]);
    let share = |e: &Value| e["share"].as_f64().unwrap();
    assert!((share(code) - 1.0 / 3.0).abs() < 1e-9, "{code}");
    assert!((code["f"].as_f64().unwrap() - 4.0).abs() < 1e-9, "{code}");
    assert_eq!(code["significant"], false);
    assert!(
        share(region) < share(code) && region["significant"] == true,
        "{region}"
    );
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let expected = format!(
        "<p>Region explains {:.1}\u{a0}% of the differences between answers, a {} share, the \
         most of the dimensions that explain more than chance.</p>",
        100.0 * share(region),
        if share(region) >= 0.01 {
            "small"
        } else {
            "negligible"
        }
    );
    assert!(page.contains(&expected), "{expected}");
    assert!(!page.contains("Code explains"));
}

#[test]
fn a_survey_page_lists_twelve_values_whose_comments_mention_a_theme_more_often_then_counts_the_rest()
 {
    // 15 regions, each with 20 comments that all name its own theme and no other's.
    let dir = project("basic");
    let themes: String = (1..=15)
        .map(|i| format!("[[theme]]\nname = \"Theme {i}\"\nwords = [\"word{i}\"]\n"))
        .collect();
    let config = std::fs::read_to_string(dir.path().join("cxreport.toml")).unwrap();
    let (top, surveys) = config.split_at(config.find("[[survey]]").unwrap());
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!("{top}{themes}{surveys}"),
    )
    .unwrap();
    let mut csv = String::from("id,date,score,comment,region\n");
    for region in 1..=15 {
        for i in 0..20 {
            let id = region * 100 + i;
            csv.push_str(&format!(
                "{id},2024-01-15,9,\"word{region}\",R{region:02}\n"
            ));
        }
    }
    std::fs::write(dir.path().join("data/nps.csv"), csv).unwrap();
    let run = cxreport(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let list = &page[page.find("class=\"themed-values\"").unwrap()..];
    let items: Vec<&str> = list[..list.find("</ul>").unwrap()]
        .split("<li>")
        .skip(1)
        .collect();
    assert_eq!(items.len(), 13, "{items:?}");
    // Every difference is 100 points: ties keep the values' order.
    assert!(items[0].contains("Region: R01</a>: Theme 1 (100\u{a0}% against 0\u{a0}%)"));
    assert!(items[12].starts_with("3 more</li>"), "{}", items[12]);
    for item in &items[..12] {
        assert!(item.contains("(100\u{a0}% against 0\u{a0}%)"), "{item}");
    }
}

#[test]
fn a_live_figure_gives_the_share_of_comments_that_mention_a_theme() {
    let dir = project("basic");
    let config = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[[theme]]\nname = \"Waiting\"\nkeywords = [\"slow\", \"wait\"]\n"),
    )
    .unwrap();
    let index = overview_with(
        dir.path(),
        "All {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\") }}, \
         Oslo {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\", dimension=\"region\", value=\"Oslo\") }}, \
         Bergen {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\", dimension=\"region\", value=\"Bergen\") }}; \
         January {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\", period=\"2024-01\") }}, \
         February {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\", period=\"2024-02\") }}, \
         all {{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\", period=\"all\") }}.",
    );
    // Comments with a score: Oslo "Great"; Bergen "Slow delivery", "Too expensive, honestly".
    // In January "Great" and "Slow delivery"; in February "Too expensive, honestly".
    assert!(
        index.contains(
            "All 33\u{a0}%, Oslo 0\u{a0}%, Bergen 50\u{a0}%; \
             January 50\u{a0}%, February 0\u{a0}%, all 33\u{a0}%."
        ),
        "{index}"
    );
    let page = dir.path().join("content/_index.md");
    for (figure, problem) in [
        ("theme=\"Price\"", "no theme \"Price\"; known: Waiting"),
        ("", "what=\"theme\" needs theme=\"…\", a theme's name"),
        (
            "theme=\"Waiting\", period=\"2024-01\", dimension=\"region\", value=\"Oslo\"",
            "a segment's theme share counts comments of all periods: leave out period",
        ),
        (
            "theme=\"Waiting\", period=\"2023-12\"",
            "survey \"nps\" has no answers in 2023-12",
        ),
        (
            "theme=\"Waiting\", period=\"January\"",
            "period \"January\" is not a period of survey \"nps\"",
        ),
    ] {
        std::fs::write(
            &page,
            format!("{{{{ figure(survey=\"nps\", what=\"theme\", {figure}) }}}}")
                .replace("\", )", "\")"),
        )
        .unwrap();
        let out = cxreport(dir.path(), &["build"]);
        assert_eq!(out.status.code(), Some(1), "{figure}");
        assert!(stderr(&out).contains(problem), "{}", stderr(&out));
    }
    std::fs::write(
        &page,
        "{{ figure(survey=\"nps\", what=\"score\", theme=\"Waiting\") }}",
    )
    .unwrap();
    let err = stderr(&cxreport(dir.path(), &["build"]));
    assert!(err.contains("theme goes with what=\"theme\""), "{err}");
}

#[test]
fn the_survey_page_draws_each_themes_share_by_quarter_when_a_month_has_too_few_comments() {
    let (_dir, site) = common::build_example();
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let text = &metrics["surveys"][0]["text"];
    let sum = |counts: &Value| -> u64 { (0..3).map(|g| counts[g].as_u64().unwrap()).sum() };
    let quarter = |month: &str| {
        let m: u32 = month[5..7].parse().unwrap();
        format!("{}-Q{}", &month[..4], m.div_ceil(3))
    };
    // Comments per month and per quarter, and each theme's per quarter, from metrics.json.
    let mut months: Vec<u64> = Vec::new();
    let mut quarters: BTreeMap<String, u64> = BTreeMap::new();
    for period in text["periods"].as_array().unwrap() {
        months.push(sum(&period[1]));
        *quarters
            .entry(quarter(period[0].as_str().unwrap()))
            .or_default() += sum(&period[1]);
    }
    months.sort_unstable();
    assert!(
        months[months.len() / 2] < 200,
        "a typical month has too few"
    );
    let mut counts: Vec<u64> = quarters.values().copied().collect();
    assert_eq!(counts.len(), 12);
    counts.sort_unstable();
    let typical = counts[counts.len() / 2];
    assert!(typical >= 200 && counts[0] >= 30);
    let latest = quarters.keys().next_back().unwrap().clone();
    assert_eq!(latest, "2025-Q4");
    let themes = text["themes"].as_array().unwrap();
    let mentions_in = |theme: &Value, q: &str| -> u64 {
        (theme["periods"].as_array().unwrap().iter())
            .filter(|p| quarter(p[0].as_str().unwrap()) == q)
            .map(|p| sum(&p[1]))
            .sum()
    };
    let percent = |n: u64, of: u64| format!("{:.0}\u{a0}%", 100.0 * n as f64 / of as f64);
    let shares: Vec<String> = (themes.iter())
        .map(|theme| {
            let share = percent(mentions_in(theme, &latest), quarters[&latest]);
            format!("{} {share}", theme["name"].as_str().unwrap())
        })
        .collect();
    let page = std::fs::read_to_string(site.join("surveys/customers/index.html")).unwrap();
    // The table has the chart's quarters, newest first, each theme's mentions with their share.
    let table = &page[page.find("per theme and period").unwrap()..];
    let table = &table[..table.find("</tbody>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count(),
        12 + 1,
        "a row per quarter and the header"
    );
    let cells: String = (themes.iter())
        .map(|theme| {
            let n = mentions_in(theme, &latest);
            format!("<td>{n} ({})</td>", percent(n, quarters[&latest]))
        })
        .collect();
    let row = format!(
        "<tbody>\n        <tr><th scope=\"row\">Q4 2025</th><td>{}</td>{cells}</tr>",
        quarters[&latest]
    );
    assert!(table.contains(&row), "{row}");
    let description = format!("In Q4 2025: {}.</desc>", shares.join(", "));
    assert_eq!(page.matches(&description).count(), 2, "{description}");
    // Wide and narrow, a point per theme and quarter.
    for id in ["customers-themes-t", "customers-themes-narrow-t"] {
        let start = page[..page.find(&format!("<title id=\"{id}\"")).unwrap()]
            .rfind("<svg")
            .unwrap();
        let svg = &page[start..start + page[start..].find("</svg>").unwrap()];
        assert_eq!(svg.matches("<circle").count(), 4 * 12, "{id}");
    }
    let margin = 100.0 * 1.959964 * (0.25_f64 / typical as f64).sqrt();
    let note = format!(
        "By quarter: a month has too few comments. Each theme&#39;s share of the \
         period&#39;s comments, in periods with at least 30 comments. A typical period has \
         {typical} comments, so its shares are known only to within about ±{margin:.0} points"
    );
    assert!(page.contains(&note), "{note}");
    assert!(page.contains(
        "<span class=\"key key-theme-0\">Delivery</span><span class=\"key key-theme-1\">Price</span>"
    ));
    // Each survey counts its own themes (`surveys = [...]`), and a theme keeps its colour on
    // every survey's chart: Waiting time and Service are customers' and support's, so
    // support's own Resolution takes the first colour they leave, blue; employees' three
    // themes share no survey with the others and take the first three.
    let colours = [
        (
            "support",
            vec![("Waiting time", 2), ("Service", 3), ("Resolution", 0)],
        ),
        (
            "employees",
            vec![("Pay", 0), ("Workload", 1), ("Leadership", 2)],
        ),
    ];
    let palette = ["#0072B2", "#E69F00", "#CC79A7", "#009E73"];
    for (survey, themes) in colours {
        let page =
            std::fs::read_to_string(site.join(format!("surveys/{survey}/index.html"))).unwrap();
        let keys: String = (themes.iter())
            .map(|(name, c)| format!("<span class=\"key key-theme-{c}\">{name}</span>"))
            .collect();
        let legend = format!("<figcaption class=\"legend\">{keys}</figcaption>");
        assert!(page.contains(&legend), "{survey}: {legend}");
        let start = page
            .find(&format!("<title id=\"{survey}-themes-t\""))
            .unwrap();
        let svg = &page[start..start + page[start..].find("</svg>").unwrap()];
        let lines: Vec<&str> = (svg.split("<polyline").skip(1))
            .filter(|line| line.contains("stroke-width=\"2\""))
            .collect();
        assert_eq!(lines.len(), themes.len(), "{svg}");
        for (line, (_, c)) in lines.iter().zip(&themes) {
            let stroke = format!("stroke=\"{}\"", palette[*c]);
            assert!(line.contains(&stroke), "{survey}: {stroke} in {line}");
        }
        // metrics.json lists the survey's themes and no other survey's.
        let names: Vec<&str> = (metrics["surveys"].as_array().unwrap().iter())
            .find(|s| s["id"] == survey)
            .map(|s| s["text"]["themes"].as_array().unwrap())
            .unwrap()
            .iter()
            .map(|theme| theme["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, themes.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    }
    let employees = std::fs::read_to_string(site.join("surveys/employees/index.html")).unwrap();
    assert!(employees.contains(">By year: a shorter period has too few comments."));
    // Each theme's share in the latest quarter against the quarter before and against the same
    // quarter a year earlier: the difference recounted here, its p-value agreeing with a
    // z-test done here, and the page's sentence.
    assert_eq!(text["compared"], serde_json::json!(["2025-Q3", "2025-Q4"]));
    assert_eq!(
        text["compared_year"],
        serde_json::json!(["2024-Q4", "2025-Q4"])
    );
    let mut significant = Vec::new();
    for (key, from) in [("change", "2025-Q3"), ("change_year", "2024-Q4")] {
        let (before, after) = (quarters[from], quarters["2025-Q4"]);
        for theme in themes {
            let (m_before, m_after) = (mentions_in(theme, from), mentions_in(theme, "2025-Q4"));
            let change = &theme[key];
            let (p1, p2) = (
                m_before as f64 / before as f64,
                m_after as f64 / after as f64,
            );
            let difference = change["difference"]["value"].as_f64().unwrap();
            assert!(
                (difference - 100.0 * (p2 - p1)).abs() < 1e-9,
                "{key}: {theme}"
            );
            let pooled = (m_before + m_after) as f64 / (before + after) as f64;
            let se = (pooled * (1.0 - pooled) * (1.0 / before as f64 + 1.0 / after as f64)).sqrt();
            let z = (p2 - p1) / se;
            let p = change["p_value"].as_f64().unwrap();
            assert_eq!(
                p < 0.05,
                z.abs() > 1.959964,
                "{key}: {theme}: z = {z}, p = {p}"
            );
            assert!(change["q_value"].as_f64().unwrap() >= p);
            if change["significant"] == true {
                significant.push(theme["name"].as_str().unwrap());
            }
        }
    }
    let steady = "No theme is mentioned more or less often in Q4 2025 than in Q3 2025 or in Q4 \
                  2024 by more than chance explains (p &lt; 0.05, adjusted for comparing every \
                  theme at once).";
    assert_eq!(
        page.contains(steady),
        significant.is_empty(),
        "{significant:?}"
    );
    // A segment's page has no themes over time: its themes are not counted per period.
    let value = std::fs::read_to_string(site.join("surveys/customers/region/oslo.html")).unwrap();
    assert!(value.contains("themes-title") && !value.contains("Themes over time"));
}

/// A project of one NPS survey, `answers.csv` (`date,score,comment`), with the comment themes
/// `themes` (`[[theme]]` tables).
fn themed_project(themes: &str, answers: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cxreport.toml"),
        format!(
            "title = \"Themes\"\n\n{themes}\n\
             [[survey]]\nid = \"nps\"\ntitle = \"Customer NPS\"\nkind = \"nps\"\n\
             files = \"answers.csv\"\n\
             columns = {{ score = \"score\", date = \"date\", comment = \"comment\" }}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("answers.csv"), answers).unwrap();
    dir
}

#[test]
fn a_theme_mentioned_more_or_less_often_than_the_period_before_is_named() {
    // 100 comments a month: waiting in 10 of January's and 50 of February's; price in 40 of
    // January's and none of February's.
    let mut rows = String::from("date,score,comment\n");
    for i in 0..100 {
        let january = match i {
            0..10 => "Long wait",
            10..50 => "The price",
            _ => "Fine",
        };
        let february = if i < 50 { "Had to wait" } else { "Fine" };
        rows.push_str(&format!(
            "2024-01-15,9,{january}\n2024-02-15,9,{february}\n"
        ));
    }
    let dir = themed_project(
        "[[theme]]\nname = \"Waiting\"\nkeywords = [\"wait\"]\n\n\
         [[theme]]\nname = \"Price\"\nkeywords = [\"price\"]\n",
        &rows,
    );
    // The narrative can say so too.
    let index = overview_with(
        dir.path(),
        "Waiting: {{ figure(survey=\"nps\", what=\"theme_change\", theme=\"Waiting\") }}; \
         price: {{ figure(survey=\"nps\", what=\"theme_change\", theme=\"Price\") }}.",
    );
    assert!(
        index.contains(
            "Waiting: up 40 points since Jan 2024; price: down 40 points since Jan 2024."
        ),
        "{index}"
    );
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let sentences = "Mentioned more often in Feb 2024 than in Jan 2024: Waiting (50\u{a0}% against \
                     10\u{a0}%). Mentioned less often in Feb 2024 than in Jan 2024: Price \
                     (0\u{a0}% against 40\u{a0}%).";
    assert!(page.contains(sentences), "{page}");
    let (header, rows) = common::sheet(&dir.path().join("public"), "themes.csv", b',');
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |theme: &str| {
        (rows.iter())
            .find(|r| r[column("Period")] == "2024-02" && r[column("Theme")] == theme)
            .unwrap()
    };
    let cells = |row: &Vec<String>| {
        [
            "Comments mentioning it",
            "Share minus the period before's (percentage points)",
            "Against the period before",
        ]
        .map(|c| row[column(c)].clone())
    };
    assert_eq!(
        cells(row("Waiting")),
        ["50", "40.0", "more often than the period before"]
    );
    // No comment of February mentions price: its row is there for the change.
    assert_eq!(
        cells(row("Price")),
        ["0", "-40.0", "less often than the period before"]
    );
    // It compares the latest period with the one before: no other period, and no segment.
    let err = overview_error(
        dir.path(),
        "{{ figure(survey=\"nps\", what=\"theme_change\", theme=\"Price\", period=\"2024-01\") }}",
    );
    assert!(
        err.contains("what=\"theme_change\" compares the survey's latest period"),
        "{err}"
    );
}

#[test]
fn a_theme_is_counted_only_in_the_comments_of_the_surveys_it_names() {
    // The fixture's survey twice over the same answers: "nps" counts both themes, "again" only
    // Price, the theme that names no survey.
    let dir = project("basic");
    let config = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let again = text[text.find("[[survey]]").unwrap()..]
        .replace("id = \"nps\"", "id = \"again\"")
        .replace("title = \"Customer NPS\"", "title = \"Asked again\"");
    std::fs::write(
        &config,
        format!(
            "{text}\n{again}\n[[theme]]\nname = \"Waiting\"\nkeywords = [\"slow\"]\n\
             surveys = [\"nps\"]\n\n[[theme]]\nname = \"Price\"\nkeywords = [\"expensive\"]\n"
        ),
    )
    .unwrap();
    let index = overview_with(
        dir.path(),
        "{{ figure(survey=\"nps\", what=\"theme\", theme=\"Waiting\") }}, \
         {{ figure(survey=\"nps\", what=\"theme\", theme=\"Price\") }}, \
         {{ figure(survey=\"again\", what=\"theme\", theme=\"Price\") }}.",
    );
    // Comments with a score: "Great", "Slow delivery", "Too expensive, honestly".
    assert!(
        index.contains("33\u{a0}%, 33\u{a0}%, 33\u{a0}%."),
        "{index}"
    );
    let site = dir.path().join("public");
    let metrics: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("metrics.json")).unwrap()).unwrap();
    let text_of = |survey: usize| metrics["surveys"][survey]["text"].clone();
    let names = |text: &Value| -> Vec<String> {
        (text["themes"].as_array().unwrap().iter())
            .map(|theme| theme["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (nps, again) = (text_of(0), text_of(1));
    assert_eq!(names(&nps), ["Waiting", "Price"]);
    assert_eq!(names(&again), ["Price"]);
    // "Slow delivery" (a detractor's) is themed in "nps" and not in "again"; "Great" in
    // neither.
    assert_eq!(nps["unthemed"], serde_json::json!([1, 0, 0]));
    assert_eq!(again["unthemed"], serde_json::json!([1, 0, 1]));
    assert_eq!(again["themes"][0]["total"], serde_json::json!([0, 0, 1]));
    // Nor does "again"'s segment page, or its rows in themes.csv, know of Waiting.
    let themes_csv = std::fs::read_to_string(site.join("themes.csv")).unwrap();
    let rows: Vec<&str> = themes_csv.lines().collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Customer NPS,") && r.contains(",Waiting,"))
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Asked again,") && r.contains(",Price,"))
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.starts_with("Asked again,") && r.contains(",Waiting,"))
    );
    for survey in ["nps", "again"] {
        let bergen =
            std::fs::read_to_string(site.join(format!("surveys/{survey}/region/bergen.html")))
                .unwrap();
        let table = &bergen[bergen.find("What the comments talk about").unwrap()..];
        assert_eq!(
            table.contains("<th scope=\"row\">Waiting</th>"),
            survey == "nps",
            "{survey}"
        );
        assert!(table.contains("<th scope=\"row\">Price</th>"), "{survey}");
    }
    // Asking "again" for a theme it does not count says so.
    let err = overview_error(
        dir.path(),
        "{{ figure(survey=\"again\", what=\"theme\", theme=\"Waiting\") }}",
    );
    assert!(
        err.contains(
            "theme \"Waiting\" is not counted in survey \"again\"'s comments (see its surveys = \
             [...]); it counts Price"
        ),
        "{err}"
    );
    // With Price for "nps" only too, "again" counts no theme: asking it for one says it counts
    // none, and `check` lists themes for "nps" alone.
    edit_config(
        dir.path(),
        "keywords = [\"expensive\"]\n",
        "keywords = [\"expensive\"]\nsurveys = [\"nps\"]\n",
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(stderr(&out).contains("it counts none"), "{}", stderr(&out));
    let out = cxreport(dir.path(), &["check"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("themes: Waiting 33 %, Price 33 %"),
        "{summary}"
    );
    assert_eq!(summary.matches("; themes: ").count(), 1, "{summary}");
}

#[test]
fn a_live_figure_gives_the_score_of_the_answers_whose_comments_mention_a_theme() {
    // Price: 6 promoters, 6 passives and 12 detractors, NPS (6 − 12) / 24 = −25. The other 70
    // comments: 40 promoters, 10 passives, 20 detractors (5 of them waiting), NPS 20 / 70 = +29.
    // Adjusted (Rocks 2016): −0.222 (variance 0.0249) against 0.274 (0.0105), z = −2.6, p =
    // 0.008. Waiting: 5 comments, too few to score.
    let mut rows = String::from("date,score,comment\n");
    let answers = [
        (6, 10, "The price"),
        (6, 7, "Price is fair"),
        (12, 2, "Price too high"),
        (40, 10, "Great"),
        (10, 8, "Fine"),
        (15, 3, "Bad"),
        (5, 1, "Long wait"),
    ];
    for (n, score, comment) in answers {
        for _ in 0..n {
            rows.push_str(&format!("2024-01-15,{score},{comment}\n"));
        }
    }
    let dir = themed_project(
        "[[theme]]\nname = \"Price\"\nkeywords = [\"price\"]\n\n\
         [[theme]]\nname = \"Waiting\"\nkeywords = [\"wait\"]\n",
        &rows,
    );
    let index = overview_with(
        dir.path(),
        "Price: {{ figure(survey=\"nps\", what=\"theme_score\", theme=\"Price\") }}; \
         waiting: {{ figure(survey=\"nps\", what=\"theme_score\", theme=\"Waiting\") }}.",
    );
    assert!(index.contains("Price: \u{2212}25; waiting: –."), "{index}");
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let sentence = "Lower NPS where comments mention a theme than where they do not: Price (\u{2212}25 \
         against 29).";
    assert!(page.contains(sentence), "{page}");
    assert!(page.contains("<th scope=\"row\">Waiting</th><td>–</td>"));
    // One figure of all the survey's answers: no period, segment or other survey's theme.
    let err = overview_error(
        dir.path(),
        "{{ figure(survey=\"nps\", what=\"theme_score\", theme=\"Price\", period=\"2024-01\") }}",
    );
    assert!(
        err.contains("what=\"theme_score\" is the score of all the survey's answers"),
        "{err}"
    );
}

#[test]
fn a_theme_mentioned_more_often_than_a_year_earlier_is_named() {
    // 250 comments in each of January 2024, December 2024 and January 2025: waiting in 25, 125
    // and 125 of them. January 2025 against December 2024: no change; against January 2024:
    // 50 % against 10 %, up 40 points.
    let mut rows = String::from("date,score,comment\n");
    for (date, waiting) in [("2024-01-15", 25), ("2024-12-15", 125), ("2025-01-15", 125)] {
        for i in 0..250 {
            let comment = if i < waiting { "Long wait" } else { "Fine" };
            rows.push_str(&format!("{date},9,{comment}\n"));
        }
    }
    let dir = themed_project(
        "[[theme]]\nname = \"Waiting\"\nkeywords = [\"wait\"]\n",
        &rows,
    );
    let index = overview_with(
        dir.path(),
        "Before: {{ figure(survey=\"nps\", what=\"theme_change\", theme=\"Waiting\") }}; \
         a year: {{ figure(survey=\"nps\", what=\"theme_change_year\", theme=\"Waiting\") }}.",
    );
    assert!(
        index.contains(
            "Before: no clear change since Dec 2024; a year: up 40 points since Jan 2024."
        ),
        "{index}"
    );
    // The overview names the theme too, with the survey's page's words.
    assert!(
        index.contains(
            "Mentioned more often in Jan 2025 than in Jan 2024: Waiting (50\u{a0}% against \
             10\u{a0}%).</li>"
        ),
        "{index}"
    );
    let page = std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
    let sentences = "No theme is mentioned more or less often in Jan 2025 than in Dec 2024 by \
                     more than chance explains (p &lt; 0.05, adjusted for comparing every theme \
                     at once). Mentioned more often in Jan 2025 than in Jan 2024: Waiting \
                     (50\u{a0}% against 10\u{a0}%).";
    assert!(page.contains(sentences), "{page}");
    let metrics: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap(),
    )
    .unwrap();
    let text = &metrics["surveys"][0]["text"];
    assert_eq!(text["compared"], serde_json::json!(["2024-12", "2025-01"]));
    assert_eq!(
        text["compared_year"],
        serde_json::json!(["2024-01", "2025-01"])
    );
    // Both on January 2025's row of themes.csv, and on no other row.
    let (header, rows) = common::sheet(&dir.path().join("public"), "themes.csv", b',');
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cells = |row: &Vec<String>| {
        [
            "Share minus the period before's (percentage points)",
            "Against the period before",
            "Share minus a year earlier's (percentage points)",
            "Against a year earlier",
        ]
        .map(|c| row[column(c)].clone())
    };
    for row in &rows {
        let expected = match row[column("Period")].as_str() {
            "2025-01" => [
                "0.0",
                "no clear change",
                "40.0",
                "more often than a year earlier",
            ],
            _ => Default::default(),
        };
        assert_eq!(cells(row), expected, "{row:?}");
    }
    assert!(rows.iter().any(|r| r[column("Period")] == "2025-01"));
}

#[test]
fn the_overview_says_what_each_surveys_comments_say() {
    let (_dir, site) = common::build_example();
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let section = &index[index
        .find("<h2 id=\"themes-title\">What the comments say")
        .unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    // Every survey of the example has themes whose answers score higher or lower than the
    // others': the overview gives its page's sentence, linked to that part of the page.
    for (id, title, metric) in [
        ("customers", "Customer relationship NPS", "NPS"),
        ("support", "Support satisfaction", "CSAT"),
        ("employees", "Employee NPS", "eNPS"),
    ] {
        let page = std::fs::read_to_string(site.join(format!("surveys/{id}/index.html"))).unwrap();
        let lower = format!("<p>Lower {metric} where comments mention a theme");
        let start = (page.find(&format!("<p>Higher {metric} where")))
            .or_else(|| page.find(&lower))
            .unwrap_or_else(|| panic!("{id}: no sentence on the themes' scores"));
        let sentence = &page[start + 3..start + page[start..].find("</p>").unwrap()];
        let item = format!(
            "<li><a href=\"surveys/{id}/index.html#themes-title\">{title}</a>: {sentence}</li>"
        );
        assert!(section.contains(&item), "{item}\n{section}");
        assert!(page.contains("<h2 id=\"themes-title\">"));
    }
    // No theme's share changed in the example: nothing on that here.
    assert!(!section.contains("Mentioned") && !section.contains("No theme"));
}
