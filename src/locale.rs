//! The report's language: its UI text, and numbers, periods and dates as its readers write them.
//!
//! Each locale's words are a TOML table embedded from `locales/` (one file per language, the same
//! keys in each; a test checks that). Text is looked up by a dotted key (`"card.answers"`) and
//! placeholders in braces (`{n}`) are filled by name. Templates receive the whole table as `t`.
//! Numbers follow CLDR's conventions for each language: English writes 12,345.6; Norwegian
//! Bokmål and Swedish write 12 345,6 with a narrow no-break space (U+202F), which never breaks a
//! number across lines.

use std::fmt::{Display, Write};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::config::PeriodKind;
use crate::period::Period;

/// The language of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
pub enum Locale {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Norwegian Bokmål.
    #[serde(rename = "nb")]
    Nb,
    /// Swedish.
    #[serde(rename = "sv")]
    Sv,
    /// Danish.
    #[serde(rename = "da")]
    Da,
}

/// Every locale, in the order the documentation lists them.
pub const ALL: [Locale; 4] = [Locale::En, Locale::Nb, Locale::Sv, Locale::Da];

impl Locale {
    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Nb => "nb",
            Locale::Sv => "sv",
            Locale::Da => "da",
        }
    }

    /// The locale's words and number conventions.
    pub fn texts(self) -> &'static Texts {
        static TEXTS: OnceLock<[Texts; ALL.len()]> = OnceLock::new();
        let all = TEXTS.get_or_init(|| ALL.map(Texts::load));
        &all[self as usize]
    }

    /// The locale's TOML source, as embedded.
    pub fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../locales/en.toml"),
            Locale::Nb => include_str!("../locales/nb.toml"),
            Locale::Sv => include_str!("../locales/sv.toml"),
            Locale::Da => include_str!("../locales/da.toml"),
        }
    }
}

/// One locale's text and number conventions.
#[derive(Debug)]
pub struct Texts {
    /// Which locale.
    pub locale: Locale,
    table: toml::Table,
    months: Vec<String>,
}

impl Texts {
    fn load(locale: Locale) -> Texts {
        let table: toml::Table = toml::from_str(locale.source())
            .unwrap_or_else(|e| panic!("locales/{}.toml is not valid: {e}", locale.tag()));
        let months = table
            .get("months")
            .and_then(toml::Value::as_array)
            .map(|m| {
                m.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Texts {
            locale,
            table,
            months,
        }
    }

    /// The whole table, for templates (`{{ t.nav.overview }}`).
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// The text at a dotted `key`. Keys are the program's own, never data; every locale has
    /// every key (tests check the tables and each key the code builds), so a missing one is a bug.
    pub fn get(&self, key: &str) -> &str {
        let mut value: Option<&toml::Value> = None;
        let mut table = &self.table;
        for part in key.split('.') {
            value = table.get(part);
            if let Some(toml::Value::Table(inner)) = value {
                table = inner;
            }
        }
        value
            .and_then(toml::Value::as_str)
            .unwrap_or_else(|| panic!("locales/{}.toml has no text \"{key}\"", self.locale.tag()))
    }

    /// `items` as a list in a sentence: "a", "a and b", "a, b and c".
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), self.get("site.and")),
        }
    }

    /// The text at `key` with each `{name}` replaced by its value, in one pass: a value is
    /// never read for placeholders itself (a segment value may hold braces), and filling texts
    /// one replacement at a time was a sixth of the time spent rendering pages.
    pub fn fill(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let mut rest = self.get(key);
        let mut text = String::with_capacity(rest.len() + 32);
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = after.split_once('}').and_then(|(name, tail)| {
                let (_, value) = args.iter().find(|(arg, _)| *arg == name)?;
                Some((value, tail))
            });
            match filled {
                Some((value, tail)) => {
                    let _ = write!(text, "{value}");
                    rest = tail;
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }

    /// `n` things in words: the text at `{key}_one` for one, at `key` for any other number (the
    /// plural rule of English, Norwegian and Swedish), with `{n}` filled in as a count.
    pub fn count_of(&self, key: &str, n: u64) -> String {
        let count = self.count(n);
        match n {
            1 => self.fill(&format!("{key}_one"), &[("n", &count)]),
            _ => self.fill(key, &[("n", &count)]),
        }
    }

    /// Thousands separator.
    fn group_separator(&self) -> &'static str {
        match self.locale {
            Locale::En => ",",
            Locale::Nb | Locale::Sv => "\u{202f}",
            Locale::Da => ".",
        }
    }

    /// Decimal separator.
    pub fn decimal_separator(&self) -> char {
        match self.locale {
            Locale::En => '.',
            Locale::Nb | Locale::Sv | Locale::Da => ',',
        }
    }

    /// A count with thousands grouped: 12,345 or 12 345.
    pub fn count(&self, n: u64) -> String {
        group_digits(&n.to_string(), self.group_separator())
    }

    /// `value` with `places` decimals, grouped, with a true minus sign (U+2212).
    pub fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{:.places$}", value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push('\u{2212}');
        }
        out.push_str(&group_digits(whole, self.group_separator()));
        if !fraction.is_empty() {
            out.push(self.decimal_separator());
            out.push_str(fraction);
        }
        out
    }

    /// Periods from `first` to `last`: "Jan 2023 – Dec 2025", or one period's label.
    pub fn span(&self, first: Period, last: Period) -> String {
        if first == last {
            return self.period(first);
        }
        let (first, last) = (self.period(first), self.period(last));
        self.fill("period.range", &[("first", &first), ("last", &last)])
    }

    /// A period as a short label: "W5 2024", "Mar 2024", "Q1 2024", "2024" (in English).
    pub fn period(&self, period: Period) -> String {
        match period.kind {
            PeriodKind::Week => self.fill(
                "period.week",
                &[("w", &period.index), ("year", &period.year)],
            ),
            PeriodKind::Month => format!(
                "{} {}",
                self.months[usize::from(period.index) - 1],
                period.year
            ),
            PeriodKind::Quarter => self.fill(
                "period.quarter",
                &[("q", &period.index), ("year", &period.year)],
            ),
            PeriodKind::Year => period.year.to_string(),
        }
    }

    /// A period id as `metrics.json` writes it (`2025-Q1`), as a label; other text as it is.
    pub fn period_id(&self, id: &str, kind: PeriodKind) -> String {
        Period::parse(id, kind).map_or_else(|| id.to_string(), |p| self.period(p))
    }

    /// Days from `first` to `last`: "27 Jan 2025 – 2 Feb 2025".
    pub fn dates(&self, first: NaiveDate, last: NaiveDate) -> String {
        let (first, last) = (self.date(first), self.date(last));
        self.fill("period.range", &[("first", &first), ("last", &last)])
    }

    /// A day: "3 Mar 2025" in English, "3. mar 2025" in Norwegian.
    pub fn date(&self, date: NaiveDate) -> String {
        self.fill(
            "period.date",
            &[
                ("day", &date.day()),
                ("month", &self.months[date.month0() as usize]),
                ("year", &date.year()),
            ],
        )
    }
}

fn group_digits(digits: &str, separator: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of a table, dotted, with the placeholders of its text.
    fn keys(table: &toml::Table, prefix: &str, out: &mut Vec<(String, Vec<String>)>) {
        for (key, value) in table {
            let path = format!("{prefix}{key}");
            match value {
                toml::Value::Table(inner) => keys(inner, &format!("{path}."), out),
                toml::Value::String(text) => {
                    let mut names: Vec<String> = text
                        .split('{')
                        .skip(1)
                        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
                        .collect();
                    names.sort();
                    out.push((path, names));
                }
                toml::Value::Array(items) => out.push((path, vec![items.len().to_string()])),
                other => panic!("{path}: unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn lists_join_their_last_item_with_the_languages_and() {
        let items = |n: usize| -> Vec<String> {
            ["a", "b", "c"][..n].iter().map(|s| s.to_string()).collect()
        };
        let en = Locale::En.texts();
        assert_eq!(en.list(&items(0)), "");
        assert_eq!(en.list(&items(1)), "a");
        assert_eq!(en.list(&items(2)), "a and b");
        assert_eq!(en.list(&items(3)), "a, b and c");
        assert_eq!(Locale::Sv.texts().list(&items(3)), "a, b och c");
    }

    #[test]
    fn counts_are_written_in_the_singular_for_one_only() {
        let en = Locale::En.texts();
        let written: Vec<String> = [0, 1, 2, 1_001]
            .map(|n| en.count_of("index.surveys", n))
            .into();
        assert_eq!(
            written,
            ["0 surveys", "1 survey", "2 surveys", "1,001 surveys"]
        );
        assert_eq!(
            Locale::Nb.texts().count_of("index.surveys", 1),
            "1 undersøkelse"
        );
        assert_eq!(
            Locale::Sv.texts().count_of("index.surveys", 3),
            "3 undersökningar"
        );
    }

    #[test]
    fn every_locale_has_every_key_with_the_same_placeholders() {
        let mut english = Vec::new();
        keys(Locale::En.texts().table(), "", &mut english);
        assert!(english.len() > 100, "the English table is the reference");
        for locale in [Locale::Nb, Locale::Sv, Locale::Da] {
            let mut other = Vec::new();
            keys(locale.texts().table(), "", &mut other);
            assert_eq!(other, english, "locales/{}.toml", locale.tag());
        }
    }

    #[test]
    fn translations_are_translated() {
        // A key whose text is the same as English's is a forgotten translation, except for words
        // that really are the same (checked by hand and listed here).
        let same_everywhere = [
            "metric.nps",
            "metric.enps",
            "metric.csat",
            "figure.p",
            "figure.p_below",
            "period.range",
            "period.date",
            "index.metric_in",
            "index.summary",
            "index.period",
            "group.shares",
            "group.period",
            "benchmark.short",
            "benchmark.short_no_verdict",
            "benchmark.where_year",
            "benchmark.region",
            "target.judged",
            "methodology.data_title",
            "spreadsheet.score",
            "spreadsheet.status",
            "spreadsheet.dimension",
            "spreadsheet.period",
            "explained.dimension",
            "explained.test",
            "group.with_interval",
            "chart.trend_event",
            // Danish writes e-mail, as English does.
            "comments.redacted_email",
        ];
        let mut english = Vec::new();
        keys(Locale::En.texts().table(), "", &mut english);
        for locale in [Locale::Nb, Locale::Sv, Locale::Da] {
            let texts = locale.texts();
            let untranslated: Vec<&str> = english
                .iter()
                .map(|(key, _)| key.as_str())
                .filter(|key| !key.starts_with("months") && !same_everywhere.contains(key))
                .filter(|key| texts.get(key) == Locale::En.texts().get(key))
                .collect();
            assert!(
                untranslated.is_empty(),
                "{}: {untranslated:?}",
                locale.tag()
            );
        }
    }

    #[test]
    fn numbers_follow_each_locale() {
        let (en, nb, sv) = (Locale::En.texts(), Locale::Nb.texts(), Locale::Sv.texts());
        assert_eq!(en.count(1_234_567), "1,234,567");
        assert_eq!(nb.count(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(sv.count(999), "999");
        assert_eq!(en.decimal(0.041, 3), "0.041");
        assert_eq!(nb.decimal(0.041, 3), "0,041");
        assert_eq!(sv.decimal(-12345.26, 1), "\u{2212}12\u{202f}345,3");
        // Danish groups with a full stop, as its typography does.
        let da = Locale::Da.texts();
        assert_eq!(da.count(1_234_567), "1.234.567");
        assert_eq!(da.decimal(-12345.26, 1), "\u{2212}12.345,3");
        // Rounding to zero never leaves a minus sign.
        assert_eq!(en.decimal(-0.004, 2), "0.00");
    }

    #[test]
    fn periods_and_dates_follow_each_locale() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 3).unwrap();
        let month = Period::of(day, PeriodKind::Month);
        let quarter = Period::of(day, PeriodKind::Quarter);
        let (en, nb, sv) = (Locale::En.texts(), Locale::Nb.texts(), Locale::Sv.texts());
        assert_eq!(en.period(month), "May 2025");
        assert_eq!(nb.period(month), "mai 2025");
        assert_eq!(sv.period(month), "maj 2025");
        assert_eq!(en.period(quarter), "Q2 2025");
        assert_eq!(nb.period(quarter), "2. kv. 2025");
        assert_eq!(sv.period(quarter), "kv. 2 2025");
        assert_eq!(en.period(Period::of(day, PeriodKind::Year)), "2025");
        assert_eq!(en.date(day), "3 May 2025");
        assert_eq!(nb.date(day), "3. mai 2025");
        assert_eq!(sv.date(day), "3 maj 2025");
        let da = Locale::Da.texts();
        assert_eq!(da.period(month), "maj 2025");
        assert_eq!(da.period(quarter), "2. kvt. 2025");
        assert_eq!(da.date(day), "3. maj 2025");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let en = Locale::En.texts();
        assert_eq!(
            en.fill("period.quarter", &[("year", &2024), ("q", &3)]),
            "Q3 2024"
        );
        // A value is not read for placeholders; unknown ones and lone braces stay as they are.
        assert_eq!(
            en.fill("period.range", &[("first", &"{last}"), ("last", &"{x} {")]),
            "{last} – {x} {"
        );
        assert_eq!(en.fill("period.quarter", &[("q", &"ø")]), "Qø {year}");
    }

    #[test]
    fn every_key_the_code_builds_exists() {
        use crate::benchmarks::Verdict;
        let verdicts = [Verdict::Above, Verdict::Below, Verdict::InLineWith];
        for locale in ALL {
            let t = locale.texts();
            for skip in crate::ingest::Skip::ALL {
                assert!(!t.get(&format!("skip.{}", skip.key())).is_empty());
            }
            for verdict in verdicts {
                assert!(!t.get(&format!("benchmark.{}", verdict.key())).is_empty());
            }
            for key in ["reached", "not_reached", "not_yet_clear"] {
                assert!(!t.get(&format!("target.{key}")).is_empty());
            }
            for key in ["index.surveys", "index.answers", "group.answers"] {
                assert!(t.count_of(key, 1).starts_with("1 "));
            }
            assert_eq!(t.months.len(), 12);
        }
    }

    #[test]
    #[should_panic(expected = "has no text \"no.such.key\"")]
    fn a_missing_key_is_a_bug_that_names_the_key() {
        Locale::En.texts().get("no.such.key");
    }
}
