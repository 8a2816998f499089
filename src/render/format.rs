//! Numbers as readers see them: rounded only here, at the very end.

use crate::config::Kind;

/// A headline score: NPS as a whole number with a true minus sign, CSAT as a percentage.
pub fn score(kind: Kind, value: f64) -> String {
    match kind {
        Kind::Csat => format!("{} %", signed(value, false)),
        Kind::Nps | Kind::Enps => signed(value, false),
    }
}

/// An interval, "29 to 39" (NPS) or "81 to 86 %" (CSAT).
pub fn interval(kind: Kind, low: f64, high: f64) -> String {
    let unit = if kind == Kind::Csat { " %" } else { "" };
    format!("{} to {}{unit}", signed(low, false), signed(high, false))
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

/// A response rate: "14 % (13 to 16 %) of 1,659".
pub fn response_rate(rate: &crate::report::ResponseRate) -> String {
    format!(
        "{:.0} % ({} to {} %) of {} invited",
        rate.rate.value,
        signed(rate.rate.low, false),
        signed(rate.rate.high, false),
        count(rate.invited)
    )
}

/// A p-value: "p = 0.041", "p < 0.001".
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else if p < 0.01 {
        format!("p = {p:.3}")
    } else {
        format!("p = {p:.2}")
    }
}

/// A count with thousands separators: 12,345.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share of `n` as a whole percentage.
pub fn percent(part: u64, n: u64) -> String {
    if n == 0 {
        return "–".into();
    }
    format!("{:.0} %", 100.0 * part as f64 / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_round_only_for_display_with_a_real_minus_sign() {
        assert_eq!(score(Kind::Nps, 31.5), "32");
        assert_eq!(score(Kind::Nps, -45.45), "\u{2212}45");
        assert_eq!(score(Kind::Enps, -0.3), "0");
        assert_eq!(score(Kind::Csat, 84.6), "85 %");
        assert_eq!(signed(4.2, true), "+4");
        assert_eq!(interval(Kind::Nps, -3.2, 12.7), "\u{2212}3 to 13");
        assert_eq!(interval(Kind::Csat, 80.1, 86.0), "80 to 86 %");
    }

    #[test]
    fn p_values_keep_two_significant_digits_down_to_a_thousandth() {
        assert_eq!(p_value(0.41234), "p = 0.41");
        assert_eq!(p_value(0.0412), "p = 0.04");
        assert_eq!(p_value(0.00412), "p = 0.004");
        assert_eq!(p_value(0.0004), "p < 0.001");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(percent(1, 3), "33 %");
        assert_eq!(percent(0, 0), "–");
    }
}
