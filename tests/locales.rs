//! The report in English, Norwegian Bokmål and Swedish: every word of the interface comes from the
//! locale's table, numbers and dates are written the locale's way, and `lang` is set on every page.

mod common;

use common::{cxreport, files, project_with, stderr};
use cxreport::locale::{Locale, Texts};

/// Builds the `basic` fixture in `locale` (the example's data is English-free of UI words).
fn build_in(locale: &str) -> tempfile::TempDir {
    let dir = project_with("basic", &format!("locale = \"{locale}\""));
    let run = common::build_at(dir.path(), "1767225600");
    assert!(run.status.success(), "{}", stderr(&run));
    dir
}

fn pages(dir: &std::path::Path) -> Vec<(String, String)> {
    files(&dir.join("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = std::fs::read_to_string(dir.join("public").join(&f)).unwrap();
            (f, html)
        })
        .collect()
}

/// The fixed words of every English text: the parts between placeholders, long enough to be
/// unmistakably English sentences or phrases.
fn english_phrases() -> Vec<String> {
    fn walk(table: &toml::Table, out: &mut Vec<String>) {
        for value in table.values() {
            match value {
                toml::Value::Table(inner) => walk(inner, out),
                toml::Value::String(text) => {
                    for part in text.split(['{', '}']).step_by(2) {
                        // Markup in the methodology texts is split off too.
                        for piece in part.split(['<', '>']).step_by(2) {
                            let piece = piece.trim();
                            // Code (configuration keys) is the same in every language.
                            let code = piece.contains('_');
                            if !code && piece.chars().filter(|c| c.is_alphabetic()).count() >= 12 {
                                out.push(piece.to_string());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(Locale::En.texts().table(), &mut out);
    out
}

#[test]
fn norwegian_swedish_and_danish_reports_have_no_english_interface_text() {
    let phrases = english_phrases();
    assert!(phrases.len() > 80, "{} phrases", phrases.len());
    for (locale, lang) in [
        ("nb", "<html lang=\"nb\">"),
        ("sv", "<html lang=\"sv\">"),
        ("da", "<html lang=\"da\">"),
    ] {
        let dir = build_in(locale);
        let pages = pages(dir.path());
        assert!(pages.len() >= 5);
        for (file, html) in &pages {
            assert!(html.contains(lang), "{locale}: {file} lacks {lang}");
            for phrase in &phrases {
                // Methodology sentences keep their sources' English titles; nothing else may.
                let html = html.replace("The American Statistician", "");
                assert!(
                    !html.contains(phrase.as_str()),
                    "{locale}: {file} still says \"{phrase}\""
                );
            }
        }
    }
}

#[test]
fn the_english_report_shows_the_english_table() {
    // The reverse check: the same phrase test finds English in an English build, so the test
    // above would notice a page that ignores the locale.
    let dir = build_in("en");
    let all: String = pages(dir.path())
        .into_iter()
        .map(|(_, html)| html)
        .collect();
    for phrase in [
        "Skip to content",
        "Key movers",
        "How the figures are computed",
    ] {
        assert!(all.contains(phrase), "{phrase}");
    }
    assert!(all.contains("<html lang=\"en\">"));
}

#[test]
fn numbers_and_dates_are_written_the_locales_way() {
    let check = |locale: &str, t: &Texts, expected: &[&str]| {
        let dir = build_in(locale);
        let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
        for text in expected {
            assert!(index.contains(text), "{locale}: index lacks {text:?}");
        }
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert!(index.contains(&t.date(date)));
        std::fs::read_to_string(dir.path().join("public/methodology.html")).unwrap()
    };
    // The significance level in the methodology's prose, with the locale's decimal mark.
    let nb = check(
        "nb",
        Locale::Nb.texts(),
        &[
            "Data til og med 1. jan 2026.",
            "95\u{a0}% konfidensintervaller",
        ],
    );
    assert!(nb.contains("(p under 0,05)"), "decimal comma in nb");
    let sv = check(
        "sv",
        Locale::Sv.texts(),
        &[
            "Data till och med 1 jan 2026.",
            "95\u{a0}% konfidensintervall",
        ],
    );
    assert!(sv.contains("(p under 0,05)"), "decimal comma in sv");
    let da = check(
        "da",
        Locale::Da.texts(),
        &[
            "Data til og med 1. jan 2026.",
            "95\u{a0}% konfidensintervaller",
        ],
    );
    assert!(da.contains("(p under 0,05)"), "decimal comma in da");
    let en = check(
        "en",
        Locale::En.texts(),
        &["Data up to 1 Jan 2026.", "95\u{a0}% confidence intervals"],
    );
    assert!(en.contains("(p below 0.05)"));
}

#[test]
fn an_unknown_locale_is_a_configuration_error_listing_the_known_ones() {
    let dir = project_with("basic", "locale = \"de\"");
    let run = cxreport(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("cxreport.toml"), "{err}");
    assert!(
        err.contains("`en`")
            && err.contains("`nb`")
            && err.contains("`sv`")
            && err.contains("`da`"),
        "{err}"
    );
}

/// Text outside Tera tags in the built-in templates: anything a reader would see there would
/// escape translation.
#[test]
fn built_in_templates_hold_no_words_of_their_own() {
    for (name, source) in cxreport::render::BUILT_IN {
        if !name.ends_with(".html") {
            continue;
        }
        let mut text = String::new();
        let mut rest = source;
        // Drop Tera tags, then HTML tags; what remains is what a reader sees.
        while let Some(start) = rest.find(['{', '<']) {
            text.push_str(&rest[..start]);
            let close = match &rest[start..start + 2.min(rest.len() - start)] {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                _ if rest[start..].starts_with('<') => ">",
                _ => "",
            };
            if close.is_empty() {
                text.push('{');
                rest = &rest[start + 1..];
                continue;
            }
            let end = rest[start..].find(close).expect("a closed tag") + start + close.len();
            rest = &rest[end..];
        }
        text.push_str(rest);
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        assert!(words.is_empty(), "{name} has its own words: {words:?}");
    }
}

#[test]
fn charts_write_numbers_as_the_text_does() {
    // Two months of mostly detractors, 1,500 zeros among them: negative scores on the trend's
    // axis and counts past a thousand on the distribution's.
    let mut csv = String::from("id,date,score,comment,region\n");
    for i in 0..2_000 {
        let (date, score) = match i % 4 {
            0 => ("2024-01-10", 9),
            1 => ("2024-02-10", 0),
            _ => ("2024-01-20", 0),
        };
        csv.push_str(&format!("{i},{date},{score},,Oslo\n"));
    }
    for (locale, thousand) in [
        ("en", "1,000"),
        ("nb", "1\u{202f}000"),
        ("sv", "1\u{202f}000"),
        ("da", "1.000"),
    ] {
        let dir = project_with("basic", &format!("locale = \"{locale}\""));
        std::fs::write(dir.path().join("data/nps.csv"), &csv).unwrap();
        let run = common::build_at(dir.path(), "1767225600");
        assert!(run.status.success(), "{}", stderr(&run));
        let page =
            std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
        // The text of every element inside the charts.
        let texts: Vec<&str> = page
            .split("<svg")
            .skip(1)
            .flat_map(|svg| svg.split("</svg>").next().unwrap().split('>').skip(1))
            .map(|part| part.split('<').next().unwrap().trim())
            .filter(|text| !text.is_empty())
            .collect();
        assert!(
            texts.iter().any(|t| t.starts_with('\u{2212}')),
            "{locale}: no negative number with a true minus sign in {texts:?}"
        );
        assert!(
            !texts.iter().any(|t| t
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b'-' && w[1].is_ascii_digit())),
            "{locale}: a hyphen for a minus sign in {texts:?}"
        );
        assert!(
            texts.contains(&thousand),
            "{locale}: the distribution's axis lacks {thousand:?} in {texts:?}"
        );
    }
}

#[test]
fn an_empty_segment_is_not_stated_in_the_reports_language() {
    for (locale, word) in [
        ("en", "Not stated"),
        ("nb", "Ikke oppgitt"),
        ("sv", "Ej angivet"),
        ("da", "Ikke oplyst"),
    ] {
        let dir = project_with("basic", &format!("locale = \"{locale}\""));
        let csv = std::fs::read_to_string(dir.path().join("data/nps.csv")).unwrap();
        std::fs::write(
            dir.path().join("data/nps.csv"),
            format!("{csv}9,2024-02-20,8,No region given,\n"),
        )
        .unwrap();
        let run = common::build_at(dir.path(), "1767225600");
        assert!(run.status.success(), "{}", stderr(&run));
        let metrics = std::fs::read_to_string(dir.path().join("public/metrics.json")).unwrap();
        assert!(
            metrics.contains(&format!("\"name\": \"{word}\"")),
            "{locale}"
        );
        for (file, html) in pages(dir.path()) {
            if locale != "en" {
                assert!(!html.contains("Not stated"), "{locale}: {file}");
            }
        }
        let survey =
            std::fs::read_to_string(dir.path().join("public/surveys/nps/index.html")).unwrap();
        // In the table and on the comment's tag.
        assert!(survey.matches(word).count() >= 2, "{locale}: {survey}");
    }
}
