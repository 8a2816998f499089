//! Raw field text into typed values, once: later stages never see the file's strings.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::config::Kind;

/// A valid score for its survey's kind: 0-10 for NPS and eNPS, 1-5 for CSAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u8);

impl Score {
    /// The score's value.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Why a score field was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// Not a whole number.
    NotANumber,
    /// A whole number outside the kind's range.
    OutOfRange(i64),
}

/// Parses a score field. `Ok(None)` is an empty field (a skipped question, counted, not an error).
/// Surrounding spaces are tolerated; `9.0` and `9,0` are accepted as whole numbers.
pub fn parse_score(field: &str, kind: Kind) -> Result<Option<Score>, ScoreError> {
    let text = field.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let whole = text
        .strip_suffix(".0")
        .or_else(|| text.strip_suffix(",0"))
        .unwrap_or(text);
    let value: i64 = whole.parse().map_err(|_| ScoreError::NotANumber)?;
    let (low, high) = kind.range();
    if value < i64::from(low) || value > i64::from(high) {
        return Err(ScoreError::OutOfRange(value));
    }
    Ok(Some(Score(value as u8)))
}

/// Parses a date field: with `format`, exactly that `chrono` format (date or date and time);
/// without, ISO 8601 (`2024-03-05`, `2024-03-05 14:22:10`, `2024-03-05T14:22:10Z`, with offset).
/// An answer belongs to the calendar day written in the file; offsets are not converted.
pub fn parse_date(field: &str, format: Option<&str>) -> Option<NaiveDate> {
    let text = field.trim();
    match format {
        Some(format) => NaiveDate::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .map(|dt| dt.date())
        }),
        None => {
            if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
                return Some(dt.date_naive());
            }
            // The day part of `YYYY-MM-DD[ T]hh:mm[:ss]`, when the rest is a plausible time.
            let (day, rest) = text.split_at_checked(10)?;
            let time_ok = rest.is_empty()
                || ((rest.starts_with(' ') || rest.starts_with('T'))
                    && NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
                        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                        .is_ok());
            if !time_ok {
                return None;
            }
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str, kind: Kind) -> Result<Option<u8>, ScoreError> {
        parse_score(text, kind).map(|s| s.map(Score::get))
    }

    #[test]
    fn accepts_whole_scores_in_range_with_spaces() {
        assert_eq!(score("0", Kind::Nps), Ok(Some(0)));
        assert_eq!(score(" 10 ", Kind::Enps), Ok(Some(10)));
        assert_eq!(score("9,0", Kind::Nps), Ok(Some(9)));
        assert_eq!(score("4.0", Kind::Csat), Ok(Some(4)));
        assert_eq!(score("", Kind::Nps), Ok(None));
        assert_eq!(score("   ", Kind::Csat), Ok(None));
    }

    #[test]
    fn rejects_scores_out_of_range_or_not_whole() {
        assert_eq!(score("11", Kind::Nps), Err(ScoreError::OutOfRange(11)));
        assert_eq!(score("-1", Kind::Nps), Err(ScoreError::OutOfRange(-1)));
        assert_eq!(score("0", Kind::Csat), Err(ScoreError::OutOfRange(0)));
        assert_eq!(score("6", Kind::Csat), Err(ScoreError::OutOfRange(6)));
        assert_eq!(score("abc", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("9.5", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("1e1", Kind::Nps), Err(ScoreError::NotANumber));
    }

    #[test]
    fn parses_iso_dates_with_and_without_time() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 5);
        assert_eq!(parse_date("2024-03-05", None), day);
        assert_eq!(parse_date("2024-03-05 14:22:10", None), day);
        assert_eq!(parse_date("2024-03-05T14:22", None), day);
        assert_eq!(parse_date("2024-03-05T23:30:00+01:00", None), day);
        assert_eq!(parse_date("2024-03-05T14:22:10Z", None), day);
    }

    #[test]
    fn rejects_dates_that_are_not_iso_unless_a_format_says_so() {
        assert_eq!(parse_date("05.03.2024", None), None);
        assert_eq!(parse_date("2024-02-30", None), None);
        assert_eq!(parse_date("2024-03-05 garbage", None), None);
        assert_eq!(parse_date("", None), None);
        assert_eq!(
            parse_date("05.03.2024", Some("%d.%m.%Y")),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
        assert_eq!(
            parse_date("03/05/2024 02:22:10 PM", Some("%m/%d/%Y %I:%M:%S %p")),
            NaiveDate::from_ymd_opt(2024, 3, 5)
        );
    }
}
