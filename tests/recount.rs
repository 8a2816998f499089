//! The example's `metrics.json` against an independent recount of its CSV files.
//!
//! The recount shares no code with cxreport: it reads the files with the `csv` crate, takes the
//! month or quarter from the first characters of the date, and counts scores in maps.

mod common;

use std::collections::BTreeMap;

use common::figures;
use serde_json::Value;

/// Score counts per key: "" for all answers, "2024-03" for a period, "region=Oslo" for a
/// segment, "region=Oslo@2024-03" for a segment in a period.
type Counts = BTreeMap<String, [u64; 11]>;

fn recount(file: &str, score: &str, date: &str, dims: &[(&str, &str)], quarterly: bool) -> Counts {
    let mut reader = csv::Reader::from_path(common::repo().join(file)).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (score_col, date_col) = (col(score), col(date));
    let dim_cols: Vec<(&str, usize)> = dims.iter().map(|(id, c)| (*id, col(c))).collect();
    let mut counts = Counts::new();
    for record in reader.records() {
        let record = record.unwrap();
        let Ok(s) = record[score_col].trim().parse::<usize>() else {
            assert!(record[score_col].trim().is_empty());
            continue;
        };
        let day = &record[date_col];
        let period = if quarterly {
            let month: u32 = day[5..7].parse().unwrap();
            format!("{}-Q{}", &day[..4], (month - 1) / 3 + 1)
        } else {
            day[..7].to_string()
        };
        let mut keys = vec![String::new(), period.clone()];
        for (id, c) in &dim_cols {
            keys.push(format!("{id}={}", &record[*c]));
            keys.push(format!("{id}={}@{period}", &record[*c]));
        }
        for key in keys {
            counts.entry(key).or_insert([0; 11])[s] += 1;
        }
    }
    counts
}

fn example_metrics() -> Value {
    static METRICS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    METRICS
        .get_or_init(|| {
            let out_dir = tempfile::tempdir().unwrap();
            let output = out_dir.path().join("site");
            let run = common::cxreport(
                &common::repo(),
                &["build", "--output", output.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", common::stderr(&run));
            serde_json::from_str(&std::fs::read_to_string(output.join("metrics.json")).unwrap())
                .unwrap()
        })
        .clone()
}

fn survey(id: &str) -> Value {
    example_metrics()["surveys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()
        .clone()
}

/// The recount's key of a dimension value of `metrics.json`: "region=Oslo".
fn value_key(dimension: &Value, value: &Value) -> String {
    format!(
        "{}={}",
        dimension["id"].as_str().unwrap(),
        value["name"].as_str().unwrap()
    )
}

fn sum(counts: &[u64; 11], low: usize, high: usize) -> u64 {
    counts[low..=high].iter().sum()
}

#[test]
fn customer_nps_equals_a_recount_of_the_csv() {
    let counts = recount(
        "data/customers-nps.csv",
        "score",
        "submitted_at",
        &[
            ("region", "region"),
            ("channel", "channel"),
            ("segment", "customer_segment"),
            ("touchpoint", "touchpoint"),
        ],
        false,
    );
    let figures = figures(&survey("customers"));
    assert_eq!(
        figures.keys().collect::<Vec<_>>(),
        counts.keys().collect::<Vec<_>>(),
        "the same groups"
    );
    let mut shown = 0;
    for (key, c) in &counts {
        let f = &figures[key];
        let n: u64 = c.iter().sum();
        if n < 30 {
            assert_eq!(f["status"], "too_few", "{key}");
            assert_eq!(f["n"], n, "{key}");
            assert!(
                f.get("score").is_none(),
                "{key} shows a score from {n} answers"
            );
            continue;
        }
        shown += 1;
        let (p, d) = (sum(c, 9, 10), sum(c, 0, 6));
        assert_eq!(f["n"], n, "{key}");
        assert_eq!(f["groups"]["top"], p, "{key}");
        assert_eq!(f["groups"]["middle"], sum(c, 7, 8), "{key}");
        assert_eq!(f["groups"]["bottom"], d, "{key}");
        let nps = 100.0 * (p as f64 - d as f64) / n as f64;
        let value = f["score"]["value"].as_f64().unwrap();
        assert!((value - nps).abs() < 1e-9, "{key}: {value} vs {nps}");
        let (low, high) = (
            f["score"]["low"].as_f64().unwrap(),
            f["score"]["high"].as_f64().unwrap(),
        );
        assert!(
            low <= value && value <= high && low >= -100.0 && high <= 100.0,
            "{key}"
        );
        assert_eq!(f["distribution"], serde_json::json!(c.to_vec()), "{key}");
    }
    assert!(shown > 500, "only {shown} figures compared");

    // Each change from the period before is the difference of the two recounted scores.
    let nps = |c: &[u64; 11]| {
        100.0 * (sum(c, 9, 10) as f64 - sum(c, 0, 6) as f64) / c.iter().sum::<u64>() as f64
    };
    let mut changes = 0;
    for (key, f) in &figures {
        let Some(change) = f.get("change_previous") else {
            continue;
        };
        let from = change["from"].as_str().unwrap();
        let before_key = match key.split_once('@') {
            Some((segment, _)) => format!("{segment}@{from}"),
            None => from.to_string(),
        };
        let expected = nps(&counts[key]) - nps(&counts[&before_key]);
        let value = change["difference"]["value"].as_f64().unwrap();
        assert!(
            (value - expected).abs() < 1e-9,
            "{key}: {value} vs {expected}"
        );
        changes += 1;
    }
    assert!(changes > 400, "only {changes} changes compared");

    // Each value against the rest: its recounted score minus that of every other answer, and
    // the p-value of the two-sample test (tested in stats) on the recounted counts.
    let all = &counts[""];
    let mut compared = 0;
    for dimension in survey("customers")["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            let key = value_key(dimension, value);
            let c = &counts[&key];
            let rest: [u64; 11] = std::array::from_fn(|i| all[i] - c[i]);
            let (n, rest_n) = (c.iter().sum::<u64>(), rest.iter().sum::<u64>());
            let Some(contrast) = value.get("vs_rest") else {
                assert!(n < 30 || rest_n < 30, "{key} is not compared with the rest");
                continue;
            };
            let p = assert_against_the_rest(&key, contrast, c, &rest);
            let q = contrast["q_value"].as_f64().unwrap();
            assert!(q >= p, "{key}: adjusted below the raw p-value");
            assert_eq!(contrast["significant"], q < 0.05, "{key}");
            compared += 1;
        }
    }
    assert!(
        compared >= 20,
        "only {compared} values compared with the rest"
    );

    // Each value in each of the last 12 months against the rest of that month's answers, the
    // same way; older months are not compared.
    let mut cells = Vec::new();
    let mut expected_cells = 0;
    for dimension in survey("customers")["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            for period in value["periods"].as_array().unwrap() {
                let month = period["period"].as_str().unwrap();
                let key = format!("{}@{month}", value_key(dimension, value));
                let (c, all) = (&counts[&key], &counts[month]);
                let rest: [u64; 11] = std::array::from_fn(|i| all[i] - c[i]);
                let (n, rest_n) = (c.iter().sum::<u64>(), rest.iter().sum::<u64>());
                let recent = month >= "2025-01";
                let Some(contrast) = period.get("vs_rest") else {
                    assert!(!recent || n < 30 || rest_n < 30, "{key} is not compared");
                    continue;
                };
                assert!(recent && n >= 30 && rest_n >= 30, "{key} is compared");
                expected_cells += 1;
                assert_against_the_rest(&key, contrast, c, &rest);
                cells.push(contrast.clone());
            }
        }
    }
    assert!(expected_cells > 100, "only {expected_cells} cells compared");
    assert_benjamini_hochberg(&cells);
    let significant: Vec<&Value> = cells.iter().filter(|c| c["significant"] == true).collect();
    assert!(
        !significant.is_empty(),
        "the example's Delivery touchpoint falls below the rest in Dec 2025"
    );
}

/// A value's `contrast` with the rest is its recounted score `c` minus the rest's, with the
/// p-value of the two-sample test (tested in stats) on the recounted counts, which it returns.
fn assert_against_the_rest(key: &str, contrast: &Value, c: &[u64; 11], rest: &[u64; 11]) -> f64 {
    let expected = nps_of(c) - nps_of(rest);
    let got = contrast["difference"]["value"].as_f64().unwrap();
    assert!((got - expected).abs() < 1e-9, "{key}: {got} vs {expected}");
    let n = |c: &[u64; 11]| c.iter().sum::<u64>();
    let test = cxreport::stats::nps_difference(
        (sum(rest, 9, 10), sum(rest, 0, 6), n(rest)),
        (sum(c, 9, 10), sum(c, 0, 6), n(c)),
        0.95,
    )
    .unwrap();
    let p = contrast["p_value"].as_f64().unwrap();
    assert!((p - test.p_value).abs() < 1e-12, "{key}");
    p
}

/// Each contrast's `q_value` is Benjamini-Hochberg's over all of them, by its definition: the
/// q of the i-th smallest of m p-values is the least p_j m / j over j >= i. `significant` is
/// q < 0.05.
fn assert_benjamini_hochberg(contrasts: &[Value]) {
    let mut p: Vec<f64> = (contrasts.iter())
        .map(|c| c["p_value"].as_f64().unwrap())
        .collect();
    p.sort_by(f64::total_cmp);
    let m = p.len() as f64;
    for contrast in contrasts {
        let own = contrast["p_value"].as_f64().unwrap();
        let i = p.partition_point(|&x| x < own);
        let q = (i..p.len())
            .map(|j| p[j] * m / (j + 1) as f64)
            .fold(1.0, f64::min);
        let got = contrast["q_value"].as_f64().unwrap();
        assert!((got - q).abs() < 1e-12, "q {got} against {q}");
        assert_eq!(contrast["significant"], got < 0.05);
    }
}

#[test]
fn support_csat_equals_a_recount_of_the_csv() {
    let counts = recount(
        "data/support-csat.csv",
        "rating",
        "closed_at",
        &[
            ("channel", "channel"),
            ("team", "team"),
            ("agent", "agent"),
            ("resolution", "resolution"),
        ],
        false,
    );
    let figures = figures(&survey("support"));
    assert_eq!(figures.len(), counts.len());
    for (key, c) in &counts {
        let f = &figures[key];
        let n: u64 = c.iter().sum();
        if n < 30 {
            assert_eq!(f["status"], "too_few", "{key}");
            continue;
        }
        let satisfied = sum(c, 4, 5);
        assert_eq!(f["n"], n, "{key}");
        assert_eq!(f["groups"]["top"], satisfied, "{key}");
        let csat = 100.0 * satisfied as f64 / n as f64;
        assert!(
            (f["score"]["value"].as_f64().unwrap() - csat).abs() < 1e-9,
            "{key}"
        );
        let mean = (1..=5).map(|s| s as u64 * c[s]).sum::<u64>() as f64 / n as f64;
        assert!((f["mean"].as_f64().unwrap() - mean).abs() < 1e-9, "{key}");
        // The mean's interval is mean ± t · s / √n: the t it implies must leave 2.5 % above it
        // in Student's t with n − 1 degrees of freedom, integrated here by Simpson's rule.
        let squares: f64 = (1..=5)
            .map(|s| c[s] as f64 * (s as f64 - mean).powi(2))
            .sum();
        let standard_error = (squares / (n - 1) as f64).sqrt() / (n as f64).sqrt();
        let (low, high) = (
            f["mean_interval"]["low"].as_f64().unwrap(),
            f["mean_interval"]["high"].as_f64().unwrap(),
        );
        assert!(
            (mean - low - (high - mean)).abs() < 1e-9,
            "{key}: symmetric"
        );
        let t = (high - mean) / standard_error;
        let below = student_t_cdf(t, (n - 1) as f64);
        assert!(
            (below - 0.975).abs() < 1e-5,
            "{key}: t = {t} leaves {below} below"
        );
        assert_eq!(
            f["distribution"],
            serde_json::json!(c[1..=5].to_vec()),
            "{key}"
        );
    }
}

#[test]
fn employee_enps_shows_only_groups_large_enough_and_matches_the_recount() {
    let counts = recount(
        "data/employees-enps.csv",
        "enps",
        "submitted_at",
        &[("department", "department"), ("location", "location")],
        true,
    );
    let figures = figures(&survey("employees"));
    let mut hidden = 0;
    for (key, c) in &counts {
        let f = &figures[key];
        let n: u64 = c.iter().sum();
        match f["status"].as_str().unwrap() {
            "suppressed" => {
                hidden += 1;
                // Nothing about a hidden group leaks, not even its size.
                assert_eq!(
                    f.as_object().unwrap().len(),
                    if key.contains('@') { 2 } else { 1 }
                );
            }
            "shown" => {
                assert!(n >= 5, "{key} shown from {n} answers");
                let (p, d) = (sum(c, 9, 10), sum(c, 0, 6));
                assert_eq!(f["n"], n, "{key}");
                let enps = 100.0 * (p as f64 - d as f64) / n as f64;
                assert!(
                    (f["score"]["value"].as_f64().unwrap() - enps).abs() < 1e-9,
                    "{key}"
                );
            }
            other => panic!("{key}: unexpected status {other}"),
        }
    }
    assert!(
        hidden > 10,
        "the example's small departments are hidden ({hidden})"
    );
}

#[test]
fn response_rates_are_answers_out_of_invitations() {
    let counts = recount(
        "data/customers-nps.csv",
        "score",
        "submitted_at",
        &[],
        false,
    );
    let mut reader =
        csv::Reader::from_path(common::repo().join("data/customers-invitations.csv")).unwrap();
    let mut invited_total = 0;
    let mut answered_total = 0;
    let survey = survey("customers");
    let periods = survey["overall"]["periods"].as_array().unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let (period, invited): (&str, u64) = (&record[0], record[1].parse().unwrap());
        let answered: u64 = counts[period].iter().sum();
        let figure = periods.iter().find(|p| p["period"] == period).unwrap();
        let rate = &figure["response_rate"];
        assert_eq!(rate["invited"], invited, "{period}");
        assert_eq!(rate["answers"], answered, "{period}");
        let expected = 100.0 * answered as f64 / invited as f64;
        assert!((rate["rate"]["value"].as_f64().unwrap() - expected).abs() < 1e-9);
        invited_total += invited;
        answered_total += answered;
    }
    let overall = &survey["overall"]["response_rate"];
    assert_eq!(overall["invited"], invited_total);
    assert_eq!(overall["answers"], answered_total);
}

#[test]
fn benchmark_verdicts_and_targets_follow_the_intervals() {
    let customers = survey("customers");
    let b = &customers["benchmark"];
    // The example asks for Retail in the Nordics; the table only has the US, latest 2022.
    assert_eq!(b["benchmark"]["industry"], "Retail");
    assert_eq!(b["benchmark"]["region"], "US");
    assert_eq!(b["benchmark"]["year"], 2022);
    assert_eq!(b["period"], "2025");
    // The 2025 figure is the recount of all 2025 answers.
    let counts = recount(
        "data/customers-nps.csv",
        "score",
        "submitted_at",
        &[],
        false,
    );
    let mut year = [0u64; 11];
    for (key, c) in counts.iter().filter(|(k, _)| k.starts_with("2025-")) {
        assert!(key.len() == 7);
        for (s, n) in c.iter().enumerate() {
            year[s] += n;
        }
    }
    let figure = &b["figure"];
    assert!((figure["score"]["value"].as_f64().unwrap() - nps_of(&year)).abs() < 1e-9);
    let (low, high) = (
        figure["score"]["low"].as_f64().unwrap(),
        figure["score"]["high"].as_f64().unwrap(),
    );
    let value = b["benchmark"]["value"].as_f64().unwrap();
    let expected = if low > value {
        "above"
    } else if high < value {
        "below"
    } else {
        "in_line_with"
    };
    assert_eq!(b["verdict"], expected);
    // Target 40 by 2025-12, judged on December 2025.
    let target = &customers["target"];
    assert_eq!(target["by"], "2025-12");
    assert_eq!(target["judged"], "2025-12");
    let december = customers["overall"]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2025-12")
        .unwrap();
    let (low, high) = (
        december["score"]["low"].as_f64().unwrap(),
        december["score"]["high"].as_f64().unwrap(),
    );
    let expected = if low > 40.0 {
        "reached"
    } else if high < 40.0 {
        "not_reached"
    } else {
        "not_yet_clear"
    };
    assert_eq!(target["verdict"], expected);
}

/// The example's customer comments with a score, each response id once: its touchpoint, its
/// scale group (0 promoters, 1 passives, 2 detractors), its words, lower-cased, and its month
/// ("2025-12").
fn customer_comments() -> Vec<(String, usize, Vec<String>, String)> {
    let mut reader = csv::Reader::from_path(common::repo().join("data/customers-nps.csv")).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    let mut comments = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        let (Ok(score), comment) = (record[2].parse::<u8>(), record[3].trim().to_lowercase())
        else {
            continue;
        };
        if comment.is_empty() || !ids.insert(record[0].to_string()) {
            continue;
        }
        let group = match score {
            9..=10 => 0,
            7..=8 => 1,
            _ => 2,
        };
        let words = comment
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect();
        let month = record[1][..7].to_string();
        comments.push((record[7].to_string(), group, words, month));
    }
    comments
}

/// The example's customer comments and their mentions of the "Delivery" theme per scale group
/// [promoters, passives, detractors], counted here word by word: `""` for all, and per
/// touchpoint (`"Delivery"`).
fn delivery_mentions() -> BTreeMap<String, ([u64; 3], [u64; 3])> {
    let keywords = [
        "deliver", "carrier", "levering", "leverans", "pakke", "sjåfør", "frakt",
    ];
    let mut counts: BTreeMap<String, ([u64; 3], [u64; 3])> = BTreeMap::new();
    for (touchpoint, group, words, _) in customer_comments() {
        let mentions = (words.iter()).any(|word| keywords.iter().any(|k| word.starts_with(k)));
        for key in [String::new(), touchpoint] {
            let (comments, mentioning) = counts.entry(key).or_default();
            comments[group] += 1;
            mentioning[group] += u64::from(mentions);
        }
    }
    counts
}

#[test]
fn theme_counts_equal_a_recount_of_the_comments() {
    let counts = delivery_mentions();
    let (comments, expected) = counts[""];
    let text = &survey("customers")["text"];
    assert_eq!(text["comments"], serde_json::json!(comments));
    // Comments that none of the customers' four themes catches, per scale group.
    let starts = [
        "deliver",
        "carrier",
        "levering",
        "leverans",
        "pakke",
        "sjåfør",
        "frakt",
        "price",
        "pris",
        "expensive",
        "dyr",
        "charged",
        "refund",
        "wait",
        "vente",
        "vänte",
        "lång",
        "slow",
        "service",
        "kundeservice",
        "friendly",
        "hyggelig",
        "bemötande",
        "help",
        "svar",
        "answer",
    ];
    let mut unthemed = [0u64; 3];
    // Comments per month, and those mentioning delivery, per scale group.
    let mut months: BTreeMap<String, ([u64; 3], [u64; 3])> = BTreeMap::new();
    for (_, group, words, month) in customer_comments() {
        let themed = words.iter().any(|word| {
            starts.iter().any(|k| word.starts_with(k))
                || ["late", "sen", "long", "lang"].contains(&word.as_str())
        });
        unthemed[group] += u64::from(!themed);
        let delivery = (words.iter()).any(|word| starts[..7].iter().any(|k| word.starts_with(k)));
        let (comments, mentioning) = months.entry(month).or_default();
        comments[group] += 1;
        mentioning[group] += u64::from(delivery);
    }
    assert_eq!(text["unthemed"], serde_json::json!(unthemed));
    // Per month: 0 the comments, 1 those mentioning delivery.
    let per_month = |side: usize| {
        let rows = (months.iter()).map(|(month, (all, delivery))| (month, [all, delivery][side]));
        serde_json::json!(rows.collect::<Vec<_>>())
    };
    assert_eq!(text["periods"], per_month(0));
    assert_eq!(months.len(), 36);
    assert!(unthemed.iter().sum::<u64>() > 100);
    let delivery = text["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Delivery")
        .unwrap();
    assert_eq!(delivery["total"], serde_json::json!(expected));
    // Delivery's NPS against the NPS of the comments that do not mention it: both adjusted as
    // Rocks (2016) does (¾ added to promoters and detractors, 3 to n), variances added, a z-test.
    let side = |counts: [u64; 3]| {
        let n = counts.iter().sum::<u64>() as f64 + 3.0;
        let (p, d) = ((counts[0] as f64 + 0.75) / n, (counts[2] as f64 + 0.75) / n);
        (p - d, (p + d - (p - d) * (p - d)) / n)
    };
    let others: [u64; 3] = std::array::from_fn(|g| comments[g] - expected[g]);
    let ((theirs, var_theirs), (ours, var_ours)) = (side(others), side(expected));
    let z = (ours - theirs) / (var_theirs + var_ours).sqrt();
    let p_value = erfc(z.abs() / std::f64::consts::SQRT_2);
    let reported = delivery["vs_others"]["p_value"].as_f64().unwrap();
    assert!(
        (reported - p_value).abs() <= 1e-6 * p_value.max(1e-300),
        "{reported} against {p_value}"
    );
    assert!(
        z > 5.0,
        "the example's delivery comments come from promoters"
    );
    // Months in which no comment mentions delivery have no entry.
    let mentioned = per_month(1);
    let mentioned: Vec<&serde_json::Value> = (mentioned.as_array().unwrap().iter())
        .filter(|row| row[1] != serde_json::json!([0, 0, 0]))
        .collect();
    assert_eq!(delivery["periods"], serde_json::json!(mentioned));
    assert!(
        expected[2] > 50,
        "the example's detractors talk about delivery"
    );
}

/// Theme `theme` of the example's configuration (its `keywords` and `words`) and whether it
/// mentions `comment`, lower-cased: a keyword starts a word (a phrase, a run of words), a word
/// is one.
fn mentions(theme: &toml::Value, comment: &str) -> bool {
    let list = |key: &str| -> Vec<String> {
        (theme
            .get(key)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten())
        .map(|k| k.as_str().unwrap().to_lowercase())
        .collect()
    };
    let starts_word =
        |at: usize| (comment[..at].chars().next_back()).is_none_or(|c| !c.is_alphanumeric());
    let ends_word = |at: usize| (comment[at..].chars().next()).is_none_or(|c| !c.is_alphanumeric());
    let found = |pattern: &str, whole: bool| {
        (comment.match_indices(pattern))
            .any(|(at, _)| starts_word(at) && (!whole || ends_word(at + pattern.len())))
    };
    list("keywords").iter().any(|k| found(k, false)) || list("words").iter().any(|w| found(w, true))
}

#[test]
fn each_survey_counts_the_themes_that_name_it_as_a_recount_finds_them() {
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(common::repo().join("cxreport.toml")).unwrap())
            .unwrap();
    let themes = config["theme"].as_array().unwrap();
    // Support (CSAT, 1 to 5) and employees (eNPS, 0 to 10), each response id once.
    for (id, file, score_column, top, bottom) in [
        ("support", "data/support-csat.csv", "rating", 4, 2),
        ("employees", "data/employees-enps.csv", "enps", 9, 6),
    ] {
        let counted: Vec<&toml::Value> = (themes.iter())
            .filter(|theme| {
                theme.get("surveys").is_none_or(|surveys| {
                    (surveys.as_array().unwrap().iter()).any(|s| s.as_str() == Some(id))
                })
            })
            .collect();
        let mut reader = csv::Reader::from_path(common::repo().join(file)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (score, comment) = (column(score_column), column("comment"));
        let mut ids = std::collections::BTreeSet::new();
        let mut mentioned = vec![[0u64; 3]; counted.len()];
        let mut unthemed = [0u64; 3];
        for record in reader.records() {
            let record = record.unwrap();
            let text = record[comment].trim().to_lowercase();
            let Ok(score) = record[score].parse::<u8>() else {
                continue;
            };
            if text.is_empty() || !ids.insert(record[0].to_string()) {
                continue;
            }
            let group = match score {
                s if s >= top => 0,
                s if s > bottom => 1,
                _ => 2,
            };
            let found: Vec<bool> = counted.iter().map(|theme| mentions(theme, &text)).collect();
            for (counts, found) in mentioned.iter_mut().zip(&found) {
                counts[group] += u64::from(*found);
            }
            unthemed[group] += u64::from(!found.contains(&true));
        }
        let text = &survey(id)["text"];
        let names: Vec<&str> = counted
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let reported: Vec<&serde_json::Value> = text["themes"].as_array().unwrap().iter().collect();
        assert_eq!(
            reported
                .iter()
                .map(|t| t["name"].as_str().unwrap())
                .collect::<Vec<_>>(),
            names,
            "{id}"
        );
        let comments: [u64; 3] = std::array::from_fn(|g| text["comments"][g].as_u64().unwrap());
        // The score: NPS (% top − % bottom) for eNPS, % top for CSAT.
        let score = |[top, _, bottom]: [u64; 3], n: u64| match id {
            "support" => 100.0 * top as f64 / n as f64,
            _ => 100.0 * (top as f64 - bottom as f64) / n as f64,
        };
        for ((theme, counts), name) in reported.iter().zip(&mentioned).zip(&names) {
            assert_eq!(theme["total"], serde_json::json!(counts), "{id}: {name}");
            assert!(counts.iter().sum::<u64>() > 20, "{id}: {name} is mentioned");
            // The score of the answers whose comments mention it, and its difference from the
            // score of those whose comments do not (each side has more than 10 comments here).
            let others: [u64; 3] = std::array::from_fn(|g| comments[g] - counts[g]);
            let (n, rest) = (counts.iter().sum::<u64>(), others.iter().sum::<u64>());
            assert!(rest >= 10);
            let value = theme["score"]["value"].as_f64().unwrap();
            assert!((value - score(*counts, n)).abs() < 1e-9, "{id}: {name}");
            let difference = theme["vs_others"]["difference"]["value"].as_f64().unwrap();
            let expected = score(*counts, n) - score(others, rest);
            assert!((difference - expected).abs() < 1e-9, "{id}: {name}");
        }
        assert_eq!(text["unthemed"], serde_json::json!(unthemed), "{id}");
        // The score of the answers whose comments no theme catches, from 10 of them.
        let n: u64 = unthemed.iter().sum();
        match text["unthemed_score"]["value"].as_f64() {
            Some(value) => assert!((value - score(unthemed, n)).abs() < 1e-9, "{id}"),
            None => assert!(n < 10, "{id}: {n} unthemed comments and no score"),
        }
    }
}

#[test]
fn each_values_theme_counts_and_test_against_the_rest_equal_a_recount() {
    let counts = delivery_mentions();
    let (all_comments, all_mentions) = counts[""];
    let (all_comments, all_mentions): (u64, u64) =
        (all_comments.iter().sum(), all_mentions.iter().sum());
    let customers = survey("customers");
    let touchpoints = customers["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "touchpoint")
        .unwrap();
    let mut significant = 0;
    for value in touchpoints["values"].as_array().unwrap() {
        let (comments, mentions) = counts[value["name"].as_str().unwrap()];
        let text = &value["text"];
        assert_eq!(
            text["comments"],
            serde_json::json!(comments),
            "{}",
            value["name"]
        );
        let theme = &text["themes"][0];
        assert_eq!(theme["name"], "Delivery");
        assert_eq!(
            theme["mentions"],
            serde_json::json!(mentions),
            "{}",
            value["name"]
        );
        // The pooled two-proportion z-test, from its textbook formula.
        let (x1, n1) = (
            mentions.iter().sum::<u64>() as f64,
            comments.iter().sum::<u64>() as f64,
        );
        let (x2, n2) = (all_mentions as f64 - x1, all_comments as f64 - n1);
        let pooled = (x1 + x2) / (n1 + n2);
        let z = (x1 / n1 - x2 / n2) / (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
        let p = erfc(z.abs() / std::f64::consts::SQRT_2);
        let contrast = &theme["vs_rest"];
        let difference = contrast["difference"]["value"].as_f64().unwrap();
        assert!((difference - 100.0 * (x1 / n1 - x2 / n2)).abs() < 1e-9);
        assert!((contrast["p_value"].as_f64().unwrap() - p).abs() < 1e-6 * p.max(1e-3));
        significant += usize::from(contrast["significant"] == true);
    }
    assert!(
        significant > 0,
        "the example's Delivery touchpoint talks of delivery more"
    );
    // Adjusted over every theme of every value of the survey.
    let contrasts: Vec<Value> = (customers["dimensions"].as_array().unwrap().iter())
        .flat_map(|d| d["values"].as_array().unwrap())
        .flat_map(|v| v["text"]["themes"].as_array().unwrap())
        .map(|theme| theme["vs_rest"].clone())
        .collect();
    assert_eq!(contrasts.len(), 4 * 21, "4 themes of 7 + 4 + 4 + 6 values");
    assert_benjamini_hochberg(&contrasts);
}

#[test]
fn employee_drivers_equal_a_recount_of_the_csv() {
    let config: toml::Value =
        toml::from_str(&std::fs::read_to_string(common::repo().join("cxreport.toml")).unwrap())
            .unwrap();
    let employees = (config["survey"].as_array().unwrap().iter())
        .find(|s| s["id"].as_str() == Some("employees"))
        .unwrap();
    let configured = employees["drivers"].as_array().unwrap();
    let mut reader =
        csv::Reader::from_path(common::repo().join("data/employees-enps.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let score_col = col("enps");
    let columns: Vec<usize> = (configured.iter())
        .map(|d| col(d["column"].as_str().unwrap()))
        .collect();
    // Per driver: its (answer, score) pairs, from rows with both.
    let mut pairs = vec![Vec::new(); configured.len()];
    for record in reader.records() {
        let record = record.unwrap();
        let Ok(score) = record[score_col].trim().parse::<f64>() else {
            continue;
        };
        for (pairs, &c) in pairs.iter_mut().zip(&columns) {
            if let Ok(answer) = record[c].trim().parse::<f64>() {
                pairs.push((answer, score));
            }
        }
    }
    let reported = survey("employees")["drivers"].as_array().unwrap().clone();
    assert_eq!(reported.len(), configured.len());
    let relations: Vec<Value> = reported.iter().map(|d| d["relation"].clone()).collect();
    let mean = |f: &dyn Fn(&Value) -> f64| reported.iter().map(f).sum::<f64>() / 5.0;
    let mean_r = mean(&|d| d["relation"]["r"]["value"].as_f64().unwrap());
    let mean_favourable = mean(&|d| d["favourable"]["value"].as_f64().unwrap());
    let z = 1.959_963_985;
    for ((driver, pairs), wanted) in reported.iter().zip(&pairs).zip(configured) {
        let id = driver["id"].as_str().unwrap();
        assert_eq!(id, wanted["id"].as_str().unwrap());
        let n = pairs.len() as f64;
        assert_eq!(driver["n"], pairs.len());
        let favourable = pairs.iter().filter(|p| p.0 >= 4.0).count() as f64 / n;
        let got = &driver["favourable"];
        assert!(
            (got["value"].as_f64().unwrap() - 100.0 * favourable).abs() < 1e-9,
            "{id}"
        );
        // Wilson's interval, from its formula.
        let centre = (favourable + z * z / (2.0 * n)) / (1.0 + z * z / n);
        let half = z * (favourable * (1.0 - favourable) / n + z * z / (4.0 * n * n)).sqrt()
            / (1.0 + z * z / n);
        assert!(
            (got["low"].as_f64().unwrap() - 100.0 * (centre - half)).abs() < 1e-6,
            "{id}"
        );
        assert!(
            (got["high"].as_f64().unwrap() - 100.0 * (centre + half)).abs() < 1e-6,
            "{id}"
        );
        // Pearson's r, and Fisher's interval around it.
        let r = pearson(pairs);
        let relation = &driver["relation"];
        assert!(
            (relation["r"]["value"].as_f64().unwrap() - r).abs() < 1e-9,
            "{id}"
        );
        let half = z / (n - 3.0).sqrt();
        let (low, high) = ((r.atanh() - half).tanh(), (r.atanh() + half).tanh());
        assert!(
            (relation["r"]["low"].as_f64().unwrap() - low).abs() < 1e-6,
            "{id}"
        );
        assert!(
            (relation["r"]["high"].as_f64().unwrap() - high).abs() < 1e-6,
            "{id}"
        );
        // Every r here is far past chance: p from Student's t is below 1e-12.
        assert!(relation["p_value"].as_f64().unwrap() < 1e-12, "{id}");
        // A strong relation (at least the drivers' average) that is more than chance: improve
        // when answered less favourably than the average, else keep.
        let expected = (r >= mean_r).then_some(if 100.0 * favourable < mean_favourable {
            "improve"
        } else {
            "keep"
        });
        assert_eq!(relation["priority"].as_str(), expected, "{id}");
    }
    assert_benjamini_hochberg(&relations);
    // The generator made workload and feedback strongly tied to eNPS and answered least
    // favourably, and a future here strongly tied and answered well.
    let priority = |id: &str| {
        let d = reported.iter().find(|d| d["id"] == id).unwrap();
        d["relation"]["priority"].as_str().map(str::to_string)
    };
    assert_eq!(priority("workload").as_deref(), Some("improve"));
    assert_eq!(priority("feedback").as_deref(), Some("improve"));
    assert_eq!(priority("future").as_deref(), Some("keep"));
    assert_eq!(priority("tools"), None);
}

#[test]
fn employee_drivers_by_value_equal_a_recount_and_hide_small_departments() {
    let mut reader =
        csv::Reader::from_path(common::repo().join("data/employees-enps.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (score, columns) = (col("enps"), ["q_future", "q_workload", "q_tools"].map(col));
    let ids = ["future", "workload", "tools"];
    // (dimension=value, driver) → [favourable, answers]; "" for the whole survey.
    let mut counts: BTreeMap<(String, usize), [u64; 2]> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        if record[score].trim().is_empty() {
            continue;
        }
        for (k, &c) in columns.iter().enumerate() {
            let Ok(answer) = record[c].trim().parse::<u8>() else {
                continue;
            };
            let keys = [
                String::new(),
                format!("department={}", &record[col("department")]),
                format!("location={}", &record[col("location")]),
            ];
            for key in keys {
                let entry = counts.entry((key, k)).or_default();
                entry[0] += u64::from(answer >= 4);
                entry[1] += 1;
            }
        }
    }
    let employees = survey("employees");
    let configured: Vec<&str> = (employees["drivers"].as_array().unwrap().iter())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let mut contrasts = Vec::new();
    let mut marked = 0;
    for dimension in employees["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            let key = value_key(dimension, value);
            for (k, id) in ids.iter().enumerate() {
                let driver = &value["drivers"][configured.iter().position(|c| c == id).unwrap()];
                // Finance and Legal are hidden; so are their drivers.
                if value["total"]["status"] == "suppressed" {
                    assert_eq!(driver["status"], "suppressed", "{key} {id}");
                    continue;
                }
                let [favourable, n] = counts[&(key.clone(), k)];
                assert_eq!(driver["n"], n, "{key} {id}");
                let share = 100.0 * favourable as f64 / n as f64;
                assert!((driver["favourable"]["value"].as_f64().unwrap() - share).abs() < 1e-9);
                // Against the rest: the pooled two-proportion z-test.
                let [all_favourable, all_n] = counts[&(String::new(), k)];
                let (rest, rest_n) = (all_favourable - favourable, all_n - n);
                let contrast = &driver["vs_rest"];
                let expected = share - 100.0 * rest as f64 / rest_n as f64;
                let got = contrast["difference"]["value"].as_f64().unwrap();
                assert!(
                    (got - expected).abs() < 1e-9,
                    "{key} {id}: {got} vs {expected}"
                );
                let pooled = all_favourable as f64 / all_n as f64;
                let se = (pooled * (1.0 - pooled) * (1.0 / n as f64 + 1.0 / rest_n as f64)).sqrt();
                let p = erfc((expected / 100.0 / se).abs() / std::f64::consts::SQRT_2);
                let got = contrast["p_value"].as_f64().unwrap();
                assert!((got - p).abs() < 1e-6, "{key} {id}: p {got} vs {p}");
                marked += usize::from(contrast["significant"] == true);
            }
            for driver in value["drivers"].as_array().unwrap() {
                if driver.get("vs_rest").is_some() {
                    contrasts.push(driver["vs_rest"].clone());
                }
            }
        }
    }
    // Five drivers of five departments and seven locations.
    assert_eq!(contrasts.len(), 5 * 12);
    assert_benjamini_hochberg(&contrasts);
    // Logistics' workload and IT's tools, as generated, and more.
    assert!(marked >= 4, "{marked}");
    let logistics = common::value(&employees, "department", "Logistics");
    let workload = configured.iter().position(|c| *c == "workload").unwrap();
    let contrast = &logistics["drivers"][workload]["vs_rest"];
    assert_eq!(contrast["significant"], true);
    assert!(contrast["difference"]["value"].as_f64().unwrap() < -20.0);
}

/// The complementary error function: Numerical Recipes' `erfcc` (a Chebyshev fit, fractional
/// error below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let y = t
        * (-x * x - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 { y } else { 2.0 - y }
}

/// Pearson's r, computed here from its definition.
/// P(T ≤ t) for Student's t with `df` degrees of freedom (t ≥ 0, df large enough that the
/// density is negligible past 60): the density's shape integrated by Simpson's rule, over its
/// integral from 0 to 60, so that no gamma function is needed.
fn student_t_cdf(t: f64, df: f64) -> f64 {
    let density = |x: f64| (1.0 + x * x / df).powf(-(df + 1.0) / 2.0);
    let simpson = |to: f64| {
        let steps = 20_000;
        let h = to / steps as f64;
        let inner: f64 = (1..steps)
            .map(|i| density(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
            .sum();
        (density(0.0) + inner + density(to)) * h / 3.0
    };
    0.5 + 0.5 * simpson(t) / simpson(60.0)
}

fn pearson(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let vx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let vy: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

fn nps_of(c: &[u64; 11]) -> f64 {
    100.0 * (sum(c, 9, 10) as f64 - sum(c, 0, 6) as f64) / c.iter().sum::<u64>() as f64
}

#[test]
fn customers_and_employees_are_paired_per_quarter_and_per_region() {
    let customers = recount(
        "data/customers-nps.csv",
        "score",
        "submitted_at",
        &[("region", "region")],
        true,
    );
    let employees = recount(
        "data/employees-enps.csv",
        "enps",
        "submitted_at",
        &[("location", "location")],
        true,
    );
    let metrics = example_metrics();
    let comparison = &metrics["comparisons"][0];
    assert_eq!(comparison["period_kind"], "quarter");
    let points = comparison["over_time"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 12, "three years of quarters");
    let mut pairs = Vec::new();
    for p in points {
        let quarter = p["key"].as_str().unwrap();
        let (c, e) = (nps_of(&customers[quarter]), nps_of(&employees[quarter]));
        assert!(
            (p["customers"].as_f64().unwrap() - c).abs() < 1e-9,
            "{quarter}"
        );
        assert!(
            (p["employees"].as_f64().unwrap() - e).abs() < 1e-9,
            "{quarter}"
        );
        pairs.push((c, e));
    }
    let r = comparison["over_time"]["correlation"]["r"]
        .as_f64()
        .unwrap();
    assert!((r - pearson(&pairs)).abs() < 1e-9);
    assert_eq!(comparison["over_time"]["correlation"]["n"], 12);

    // Per region: only locations whose employee figure is shown take part.
    let employees_survey = survey("employees");
    let shown_locations: Vec<&str> = employees_survey["dimensions"][1]["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["total"]["status"] == "shown")
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    let by_region = comparison["dimensions"][0]["paired"]["points"]
        .as_array()
        .unwrap();
    let keys: Vec<&str> = by_region
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, shown_locations);
    for p in by_region {
        let key = p["key"].as_str().unwrap();
        let c = nps_of(&customers[&format!("region={key}")]);
        assert!((p["customers"].as_f64().unwrap() - c).abs() < 1e-9, "{key}");
    }
}

/// The differencing attack: total minus the visible groups must never reveal a hidden one.
#[test]
fn no_hidden_employee_group_can_be_recovered_by_subtraction() {
    common::assert_no_group_recoverable(&survey("employees"), 5);
}

/// ω² and F of a one-way analysis of variance, the textbook way: every answer written out as
/// its part in the score (`part(score)`), group means, then sums of squared deviations.
fn anova(groups: &[&[u64; 11]], part: fn(usize) -> f64) -> (f64, f64) {
    let answers: Vec<Vec<f64>> = groups
        .iter()
        .map(|c| {
            (0..=10)
                .flat_map(|s| std::iter::repeat_n(part(s), c[s] as usize))
                .collect()
        })
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let all: Vec<f64> = answers.concat();
    let grand = mean(&all);
    let total: f64 = all.iter().map(|y| (y - grand).powi(2)).sum();
    let within: f64 = (answers.iter())
        .map(|g| {
            let m = mean(g);
            g.iter().map(|y| (y - m).powi(2)).sum::<f64>()
        })
        .sum();
    let (k, n) = (groups.len() as f64, all.len() as f64);
    let between = total - within;
    let mean_within = within / (n - k);
    let omega = (between - (k - 1.0) * mean_within) / (total + mean_within);
    (omega.max(0.0), between / (k - 1.0) / mean_within)
}

/// Asserts that `explained` of `metrics.json` is the analysis of `groups`; gives its ω².
fn assert_analysed(explained: &Value, groups: &[&[u64; 11]], part: fn(usize) -> f64) -> f64 {
    let (omega, f) = anova(groups, part);
    let e = explained;
    assert!(
        (e["share"].as_f64().unwrap() - omega).abs() < 1e-9,
        "{e} against {omega}"
    );
    assert!(
        (e["f"].as_f64().unwrap() - f).abs() < 1e-6 * f,
        "{e} against {f}"
    );
    assert_eq!(e["df_between"], groups.len() as u64 - 1);
    omega
}

/// The counts of the values of `dimension` whose figure over all periods is shown, and of all.
fn value_counts<'c>(
    counts: &'c Counts,
    survey: &Value,
    dimension: &str,
) -> (Vec<&'c [u64; 11]>, Vec<&'c [u64; 11]>) {
    let dimension = (survey["dimensions"].as_array().unwrap().iter())
        .find(|d| d["id"] == dimension)
        .unwrap();
    let (mut shown, mut all) = (Vec::new(), Vec::new());
    for value in dimension["values"].as_array().unwrap() {
        let key = value_key(dimension, value);
        let c = &counts[&key];
        all.push(c);
        if value["total"]["status"] == "shown" {
            shown.push(c);
        }
    }
    (shown, all)
}

#[test]
fn what_each_dimension_explains_equals_an_analysis_of_variance_of_the_answers() {
    // Support: satisfied (4-5) count 100, the rest 0.
    let support = survey("support");
    let counts = recount(
        "data/support-csat.csv",
        "rating",
        "closed_at",
        &[("channel", "channel"), ("resolution", "resolution")],
        false,
    );
    let csat = |s: usize| if s >= 4 { 100.0 } else { 0.0 };
    let explained = |survey: &Value, id: &str| {
        (survey["dimensions"].as_array().unwrap().iter())
            .find(|d| d["id"] == id)
            .unwrap()["explained"]
            .clone()
    };
    for id in ["channel", "resolution"] {
        let (shown, _) = value_counts(&counts, &support, id);
        assert_analysed(&explained(&support, id), &shown, csat);
    }
    // What the example's narrative says: resolution explains the most, and by far.
    assert!(explained(&support, "resolution")["share"].as_f64().unwrap() > 0.2);

    // Employees: promoters 100, detractors −100, from the shown departments only; the hidden
    // ones would change the figure, so leaving them out is what keeps them hidden.
    let employees = survey("employees");
    let counts = recount(
        "data/employees-enps.csv",
        "enps",
        "submitted_at",
        &[("department", "department")],
        true,
    );
    let nps = |s: usize| match s {
        9..=10 => 100.0,
        7..=8 => 0.0,
        _ => -100.0,
    };
    let (shown, all) = value_counts(&counts, &employees, "department");
    assert!(shown.len() < all.len(), "the example hides a department");
    let omega = assert_analysed(&explained(&employees, "department"), &shown, nps);
    let (with_hidden, _) = anova(&all, nps);
    assert!(
        (with_hidden - omega).abs() > 1e-6,
        "{with_hidden} against {omega}"
    );
}

/// Score counts per pair of values of two dimensions: "region=Oslo&channel=App", both ways.
fn recount_pairs(file: &str, score: &str, dims: &[(&str, &str)]) -> Counts {
    let mut reader = csv::Reader::from_path(common::repo().join(file)).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let score_col = col(score);
    let dim_cols: Vec<(&str, usize)> = dims.iter().map(|(id, c)| (*id, col(c))).collect();
    let mut counts = Counts::new();
    for record in reader.records() {
        let record = record.unwrap();
        let Ok(s) = record[score_col].trim().parse::<usize>() else {
            continue;
        };
        for (a, ca) in &dim_cols {
            for (b, cb) in dim_cols.iter().filter(|(b, _)| b != a) {
                let key = format!("{a}={}&{b}={}", &record[*ca], &record[*cb]);
                counts.entry(key).or_insert([0; 11])[s] += 1;
            }
        }
    }
    counts
}

/// Every value's breakdowns by the survey's other dimensions against a recount of the pairs:
/// which breakdowns there are, each cell's counts and score, and each cell against the rest of
/// its value's answers, adjusted over the page. `scale` is the scale's points, `top` its top
/// group's.
fn assert_breakdowns(
    id: &str,
    counts: &Counts,
    pairs: &Counts,
    scale: std::ops::RangeInclusive<usize>,
    top: std::ops::RangeInclusive<usize>,
) {
    let n = |c: &[u64; 11]| c.iter().sum::<u64>();
    let survey = survey(id);
    let dimensions = survey["dimensions"].as_array().unwrap();
    let order = |d: &str| dimensions.iter().position(|x| x["id"] == d).unwrap();
    let mut compared = 0;
    for dimension in dimensions {
        for value in dimension["values"].as_array().unwrap() {
            let key = value_key(dimension, value);
            let own = &counts[&key];
            // The recount's breakdowns: other dimensions with two or more values among the
            // value's answers, one of them with 30 or more, of a value with 30 or more.
            let mut expected: BTreeMap<usize, Vec<(String, [u64; 11])>> = BTreeMap::new();
            for (pair, c) in pairs.range(format!("{key}&")..format!("{key}'")) {
                let (other, other_value) = pair[key.len() + 1..].split_once('=').unwrap();
                let cells = expected.entry(order(other)).or_default();
                cells.push((other_value.to_string(), *c));
            }
            expected.retain(|_, cells| {
                n(own) >= 30 && cells.len() >= 2 && cells.iter().any(|(_, c)| n(c) >= 30)
            });
            let breakdowns = (value.get("breakdowns").and_then(Value::as_array))
                .cloned()
                .unwrap_or_default();
            let got: Vec<usize> = (breakdowns.iter())
                .map(|b| order(b["dimension"].as_str().unwrap()))
                .collect();
            assert_eq!(got, expected.keys().copied().collect::<Vec<_>>(), "{key}");
            let mut page = Vec::new();
            for (breakdown, cells) in breakdowns.iter().zip(expected.values()) {
                let values = breakdown["values"].as_array().unwrap();
                let names: Vec<&str> = values.iter().map(|v| v["name"].as_str().unwrap()).collect();
                let recounted: Vec<&str> = cells.iter().map(|(name, _)| name.as_str()).collect();
                assert_eq!(names, recounted, "{key}: the values met, in order");
                for (v, (name, c)) in values.iter().zip(cells) {
                    let cell = format!("{key} by {name}");
                    let f = &v["total"];
                    assert_eq!(f["n"], n(c), "{cell}");
                    if n(c) < 30 {
                        assert_eq!(f["status"], "too_few", "{cell}");
                        assert!(v.get("vs_rest").is_none(), "{cell}");
                        continue;
                    }
                    assert_eq!(
                        f["distribution"],
                        serde_json::json!(c[scale.clone()]),
                        "{cell}"
                    );
                    let top_share =
                        |c: &[u64; 11]| c[top.clone()].iter().sum::<u64>() as f64 / n(c) as f64;
                    let rest: [u64; 11] = std::array::from_fn(|i| own[i] - c[i]);
                    let Some(contrast) = v.get("vs_rest") else {
                        assert!(n(&rest) < 30, "{cell} is not compared");
                        continue;
                    };
                    if scale.end() == &10 {
                        assert_against_the_rest(&cell, contrast, c, &rest);
                    } else {
                        let expected = 100.0 * (top_share(c) - top_share(&rest));
                        let got = contrast["difference"]["value"].as_f64().unwrap();
                        assert!((got - expected).abs() < 1e-9, "{cell}: {got} vs {expected}");
                    }
                    page.push(contrast.clone());
                }
            }
            compared += page.len();
            assert_benjamini_hochberg(&page);
        }
    }
    assert!(compared > 50, "only {compared} cells compared");
}

#[test]
fn each_customer_value_is_broken_down_by_the_other_dimensions_as_a_recount_says() {
    let dims = [
        ("region", "region"),
        ("channel", "channel"),
        ("segment", "customer_segment"),
        ("touchpoint", "touchpoint"),
    ];
    let file = "data/customers-nps.csv";
    let counts = recount(file, "score", "submitted_at", &dims, false);
    let pairs = recount_pairs(file, "score", &dims);
    assert_breakdowns("customers", &counts, &pairs, 0..=10, 9..=10);
}

#[test]
fn each_support_value_is_broken_down_but_agents_not_by_their_one_team() {
    let dims = [
        ("channel", "channel"),
        ("team", "team"),
        ("agent", "agent"),
        ("resolution", "resolution"),
    ];
    let file = "data/support-csat.csv";
    let counts = recount(file, "rating", "closed_at", &dims, false);
    let pairs = recount_pairs(file, "rating", &dims);
    assert_breakdowns("support", &counts, &pairs, 1..=5, 4..=5);
    let support = survey("support");
    let agents = &support["dimensions"][2]["values"];
    let by_team = (agents.as_array().unwrap().iter())
        .flat_map(|a| a["breakdowns"].as_array().cloned().unwrap_or_default())
        .filter(|b| b["dimension"] == "team")
        .count();
    assert_eq!(by_team, 0, "each agent works in one team");
}

#[test]
fn no_employee_value_is_broken_down() {
    let employees = survey("employees");
    for dimension in employees["dimensions"].as_array().unwrap() {
        for value in dimension["values"].as_array().unwrap() {
            assert!(value.get("breakdowns").is_none(), "{}", value["name"]);
        }
    }
}
