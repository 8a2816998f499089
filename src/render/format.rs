//! Numbers as readers see them: rounded only here, at the very end, in the report's language.

use crate::config::Kind;
use crate::locale::Texts;

/// The percent sign after a number: a no-break space keeps "20 %" on one line, in a table cell
/// on a phone too.
pub const PERCENT: &str = "\u{a0}%";

/// A headline score: NPS as a whole number with a true minus sign, CSAT as a percentage.
pub fn score(kind: Kind, value: f64) -> String {
    match kind {
        Kind::Csat { .. } => format!("{}{PERCENT}", signed(value, false)),
        Kind::Nps | Kind::Enps => signed(value, false),
    }
}

/// A score when there is one, "–" when there is none (too few answers to compute it).
pub fn score_or_dash(kind: Kind, estimate: Option<crate::stats::Estimate>) -> String {
    estimate.map_or("–".into(), |e| score(kind, e.value))
}

/// An interval, "29 to 39" (NPS) or "81 to 86 %" (CSAT).
pub fn interval(t: &Texts, kind: Kind, low: f64, high: f64) -> String {
    let unit = if kind.is_share() { PERCENT } else { "" };
    let text = t.fill(
        "figure.interval",
        &[("low", &signed(low, false)), ("high", &signed(high, false))],
    );
    format!("{text}{unit}")
}

/// A difference for a table cell, with the arrow of its direction: "▲ +12", "▼ −9".
pub fn arrow(value: f64) -> String {
    let arrow = if value > 0.0 { '▲' } else { '▼' };
    format!("{arrow} {}", signed(value, true))
}

/// A whole number rounded half away from zero, with U+2212 for negatives and optionally `+`
/// for positives. `-0.4` rounds to `0`, never `−0`.
pub fn signed(value: f64, plus: bool) -> String {
    let rounded = value.round();
    if rounded == 0.0 {
        "0".into()
    } else if rounded < 0.0 {
        format!("\u{2212}{}", -rounded)
    } else if plus {
        format!("+{rounded}")
    } else {
        format!("{rounded}")
    }
}

/// A response rate: "14 % (13 to 16 %) of 1,659 invited".
pub fn response_rate(t: &Texts, rate: &crate::report::ResponseRate) -> String {
    t.fill(
        "figure.response_rate",
        &[
            ("rate", &format!("{:.0}{PERCENT}", rate.rate.value)),
            ("low", &signed(rate.rate.low, false)),
            (
                "high",
                &format!("{}{PERCENT}", signed(rate.rate.high, false)),
            ),
            ("invited", &t.count(rate.invited)),
        ],
    )
}

/// `text` ("+7 (−2 to 16), p = 0.12") with its spaces made non-breaking except those before an
/// opening parenthesis and after a comma, outside parentheses: a line breaks only between the
/// figure, its interval and its p-value.
pub fn breaking_only_between_parts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut depth, mut previous) = (0usize, None);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let breaks = depth == 0 && (previous == Some(',') || chars.peek() == Some(&'('));
        out.push(if c == ' ' && !breaks { '\u{a0}' } else { c });
        previous = Some(c);
    }
    out
}

/// A p-value: "p = 0.041", "p < 0.001" (with a decimal comma where the language writes one).
pub fn p_value(t: &Texts, p: f64) -> String {
    if p < 0.001 {
        t.fill("figure.p_below", &[("p", &t.decimal(0.001, 3))])
    } else {
        let places = if p < 0.01 { 3 } else { 2 };
        t.fill("figure.p", &[("p", &t.decimal(p, places))])
    }
}

/// A fraction from 0 to 1 as a percentage: whole from 10 %, else with one decimal ("28 %",
/// "2.5 %"), so that small shares are not all "0 %" or "1 %".
pub fn fraction(t: &Texts, fraction: f64) -> String {
    let percent = 100.0 * fraction;
    let places = if percent < 9.95 { 1 } else { 0 };
    format!("{}{PERCENT}", t.decimal(percent, places))
}

/// A share of `n` as a whole percentage.
pub fn percent(part: u64, n: u64) -> String {
    if n == 0 {
        return "–".into();
    }
    whole_percent(100.0 * part as f64 / n as f64)
}

/// A percentage, rounded to a whole one: "52 %".
pub fn whole_percent(value: f64) -> String {
    format!("{value:.0}{PERCENT}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Locale;

    #[test]
    fn scores_round_only_for_display_with_a_real_minus_sign() {
        let en = Locale::En.texts();
        assert_eq!(score(Kind::Nps, 31.5), "32");
        assert_eq!(score(Kind::Nps, -45.45), "\u{2212}45");
        assert_eq!(score(Kind::Enps, -0.3), "0");
        assert_eq!(score(Kind::CSAT, 84.6), "85\u{a0}%");
        assert_eq!(signed(4.2, true), "+4");
        assert_eq!(interval(en, Kind::Nps, -3.2, 12.7), "\u{2212}3 to 13");
        assert_eq!(interval(en, Kind::CSAT, 80.1, 86.0), "80 to 86\u{a0}%");
        assert_eq!(
            interval(Locale::Nb.texts(), Kind::Nps, -3.2, 12.7),
            "\u{2212}3 til 13"
        );
    }

    #[test]
    fn p_values_keep_two_significant_digits_down_to_a_thousandth() {
        let en = Locale::En.texts();
        assert_eq!(p_value(en, 0.41234), "p = 0.41");
        assert_eq!(p_value(en, 0.0412), "p = 0.04");
        assert_eq!(p_value(en, 0.00412), "p = 0.004");
        assert_eq!(p_value(en, 0.0004), "p < 0.001");
        assert_eq!(p_value(Locale::Sv.texts(), 0.00412), "p = 0,004");
        assert_eq!(p_value(Locale::Nb.texts(), 0.0004), "p < 0,001");
    }

    #[test]
    fn a_changes_cell_breaks_only_between_its_parts() {
        assert_eq!(
            breaking_only_between_parts("+7 (−2 to 16), p = 0.12"),
            "+7 (−2\u{a0}to\u{a0}16), p\u{a0}=\u{a0}0.12"
        );
        assert_eq!(
            breaking_only_between_parts("−30 (−43 til −16), justert p < 0,001"),
            "−30 (−43\u{a0}til\u{a0}−16), justert\u{a0}p\u{a0}<\u{a0}0,001"
        );
        assert_eq!(breaking_only_between_parts(""), "");
    }

    #[test]
    fn response_rates_and_percentages() {
        let rate = crate::report::ResponseRate {
            invited: 15_278,
            answers: 2_200,
            rate: crate::stats::Estimate {
                value: 14.4,
                low: 13.85,
                high: 14.96,
            },
        };
        assert_eq!(
            response_rate(Locale::En.texts(), &rate),
            "14\u{a0}% (14\u{a0}to\u{a0}15\u{a0}%) of 15,278 invited"
        );
        assert_eq!(
            response_rate(Locale::Nb.texts(), &rate),
            "14\u{a0}% (14\u{a0}til\u{a0}15\u{a0}%) av 15\u{202f}278 inviterte"
        );
        assert_eq!(percent(1, 3), "33\u{a0}%");
        assert_eq!(percent(0, 0), "–");
    }
}
