//! Raw field text into typed values, once: later stages never see the file's strings.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::config::{Kind, ScoreText, Survey};

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

/// Why a tallied row's count was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountError {
    /// The field is empty.
    Empty,
    /// Digits, but past what a row can stand for (`u32::MAX`).
    TooLarge,
    /// Anything but digits: a sign, a separator, a decimal.
    NotDigits,
}

/// [`str::trim`], without decoding characters when a field starts and ends with a visible ASCII
/// character, as nearly all fields do: a row's fields are trimmed nine times.
pub fn trim(field: &str) -> &str {
    match field.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => field,
        [only] if only.is_ascii_graphic() => field,
        _ => field.trim(),
    }
}

/// Parses a score field. `Ok(None)` is an empty field (a skipped question, counted, not an error).
/// Surrounding spaces are tolerated; `9.0` and `9,0` are accepted as whole numbers.
pub fn parse_score(field: &str, kind: Kind) -> Result<Option<Score>, ScoreError> {
    let text = trim(field);
    if text.is_empty() {
        return Ok(None);
    }
    let (low, high) = kind.range();
    // One or two digits, as nearly every export writes a score.
    if let [a @ b'0'..=b'9', rest @ ..] = text.as_bytes()
        && let Some(value) = match rest {
            [] => Some(a - b'0'),
            [b @ b'0'..=b'9'] => Some((a - b'0') * 10 + (b - b'0')),
            _ => None,
        }
    {
        return if (low..=high).contains(&value) {
            Ok(Some(Score(value)))
        } else {
            Err(ScoreError::OutOfRange(i64::from(value)))
        };
    }
    // "9.0", "9,00": a decimal written by a spreadsheet, accepted only when it is whole.
    let whole = match text.split_once(['.', ',']) {
        Some((int, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => int,
        _ => text,
    };
    let value: i64 = whole.parse().map_err(|_| ScoreError::NotANumber)?;
    if value < i64::from(low) || value > i64::from(high) {
        return Err(ScoreError::OutOfRange(value));
    }
    Ok(Some(Score(value as u8)))
}

/// Parses a score as the survey says: a number, or a known label (`score_labels`, ignoring
/// case), or with `score_text = "leading-number"` the number before a label
/// (`10 - Extremely likely`).
pub fn parse_score_text(field: &str, survey: &Survey) -> Result<Option<Score>, ScoreError> {
    if says_no_answer(field, survey) {
        return Ok(None);
    }
    parse_labelled(
        field,
        &survey.score_labels,
        survey.kind,
        survey.score_text == ScoreText::LeadingNumber,
    )
}

/// Parses a driver's answer, 1 to 5, as [`parse_score_text`] reads a score: a number, one of
/// the survey's `driver_labels`, or with `score_text = "leading-number"` the number before a
/// label (`5 - Strongly agree`).
pub fn parse_driver_text(field: &str, survey: &Survey) -> Result<Option<Score>, ScoreError> {
    if says_no_answer(field, survey) {
        return Ok(None);
    }
    parse_labelled(
        field,
        &survey.driver_labels,
        // Drivers are answered 1-5 whatever the score's scale.
        Kind::CSAT,
        survey.score_text == ScoreText::LeadingNumber,
    )
}

/// Whether `field` is one of the survey's `no_answer` texts: a skipped question.
fn says_no_answer(field: &str, survey: &Survey) -> bool {
    // Asked of every score and driver field: most surveys list no texts.
    !survey.no_answer.is_empty() && is_one_of(field, survey.no_answer.iter().map(String::as_str))
}

/// Whether `field` is one of `texts`, both trimmed, in any ASCII case: how a text that says a
/// question was skipped ("Don't know") is told, in reading and in `cxreport columns` alike.
pub fn is_one_of<'t>(field: &str, texts: impl IntoIterator<Item = &'t str>) -> bool {
    let field = trim(field);
    (texts.into_iter()).any(|text| text.trim().eq_ignore_ascii_case(field))
}

/// A number on `kind`'s scale, one of `labels` (ignoring case), or with `leading_number` the
/// number before a label.
fn parse_labelled(
    field: &str,
    labels: &std::collections::BTreeMap<String, u8>,
    kind: Kind,
    leading_number: bool,
) -> Result<Option<Score>, ScoreError> {
    let text = trim(field);
    if let Some((_, &score)) = labels
        .iter()
        .find(|(label, _)| label.trim().eq_ignore_ascii_case(text))
    {
        return parse_score(&score.to_string(), kind);
    }
    match parse_score(text, kind) {
        Err(ScoreError::NotANumber) if leading_number => match number_before_label(text) {
            Some(digits) => parse_score(digits, kind),
            None => Err(ScoreError::NotANumber),
        },
        other => other,
    }
}

/// The digits of an answer written as a number before its label (`10 - Extremely likely`,
/// `5 (Very satisfied)`, `0 Not at all likely`), as `score_text = "leading-number"` reads it.
pub fn number_before_label(text: &str) -> Option<&str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text[digits..].trim_start();
    let labelled = digits > 0
        && (rest.starts_with(['-', '–', '—', '(', ':']) || {
            // "10 Extremely likely": a space, then a word.
            text[digits..].starts_with(' ') && rest.starts_with(char::is_alphabetic)
        });
    labelled.then(|| &text[..digits])
}

/// Parses a tallied row's count: digits only, with spaces around them. Unlike a score, a count
/// with a separator is refused: `1,000` and `1.000` are a thousand in some languages and one in
/// others.
pub fn parse_count(field: &str) -> Result<u32, CountError> {
    let text = trim(field);
    if text.is_empty() {
        Err(CountError::Empty)
    } else if !text.bytes().all(|b| b.is_ascii_digit()) {
        // Checked first: `parse` alone would take a leading `+`.
        Err(CountError::NotDigits)
    } else {
        text.parse().map_err(|_| CountError::TooLarge)
    }
}

/// Parses a date field: `"iso"` or no format means ISO 8601 (`2024-03-05`, `2024-03-05
/// 14:22:10`, `2024-03-05T14:22:10Z`, with offset); `"unix"` means whole seconds since 1970
/// (UTC); anything else is a `chrono` format (date or date and time). An answer belongs to the
/// calendar day written in the file; offsets are not converted. Ambiguous layouts such as
/// `03/05/2024` are never guessed: they need a format.
pub fn parse_date(field: &str, format: Option<&str>) -> Option<NaiveDate> {
    let text = trim(field);
    match format.filter(|f| *f != "iso") {
        Some("unix") => {
            let seconds: i64 = text.parse().ok()?;
            DateTime::from_timestamp(seconds, 0).map(|d| d.date_naive())
        }
        Some(format) => NaiveDate::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .map(|dt| dt.date())
        }),
        None => iso_day(text).or_else(|| parse_iso(text)),
    }
}

/// [`parse_date`]'s day as seen in `zone`, the report's time zone: a time that names its zone
/// (`Z`, `+02:00`) or offset, Unix seconds, and a time without a zone written in `written_in`
/// are moved into `zone` before their day is taken; anything else is taken as written. Reads
/// the fields [`parse_date`] reads, and only those.
pub fn parse_date_in(
    field: &str,
    format: Option<&str>,
    zone: Tz,
    written_in: Option<Tz>,
) -> Option<NaiveDate> {
    // Checked: a moment near the end of time has no local time in every zone.
    let local_day = |moment: DateTime<Utc>| {
        let offset = zone.offset_from_utc_datetime(&moment.naive_utc()).fix();
        Some(moment.naive_utc().checked_add_offset(offset)?.date())
    };
    let text = trim(field);
    // The usual UTC time, read once (a date by `parse_date`'s rules too).
    if format.is_none_or(|f| f == "iso")
        && let Some(moment) = utc_time(text)
    {
        return local_day(moment).or(Some(moment.date_naive()));
    }
    let day = parse_date(field, format)?;
    Some(
        moment(text, format, written_in)
            .and_then(local_day)
            .unwrap_or(day),
    )
}

/// Times without a zone that ISO dates may have, as [`parse_iso`] reads them.
const ISO_TIMES: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// The moment a date names, if it names one: a time with its zone or offset, Unix seconds, or
/// a time without a zone that is written in `written_in`.
fn moment(text: &str, format: Option<&str>, written_in: Option<Tz>) -> Option<DateTime<Utc>> {
    let naive = match format.filter(|f| *f != "iso") {
        Some("unix") => return DateTime::from_timestamp(text.parse().ok()?, 0),
        Some(format) => match DateTime::parse_from_str(text, format) {
            Ok(moment) => return Some(moment.to_utc()),
            Err(_) => NaiveDateTime::parse_from_str(text, format).ok()?,
        },
        None => match DateTime::parse_from_rfc3339(text) {
            Ok(moment) => return Some(moment.to_utc()),
            Err(_) => {
                (ISO_TIMES.iter()).find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())?
            }
        },
    };
    // A time the clocks skipped (spring forward) names no moment: its day stays as written.
    let local = written_in?.from_local_datetime(&naive).earliest()?;
    Some(local.to_utc())
}

/// `YYYY-MM-DDThh:mm:ssZ` (or with a space for the `T`) read straight from its digits: the UTC
/// time most exports with a zone write, which chrono's RFC 3339 parser reads at several times
/// the cost.
fn utc_time(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let [.., b'T' | b' ', h0, h1, b':', m0, m1, b':', s0, s1, b'Z'] = *bytes else {
        return None;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    };
    let day = iso_day(text.get(..10).filter(|_| bytes.len() == 20)?)?;
    Some(
        day.and_hms_opt(two(h0, h1)?, two(m0, m1)?, two(s0, s1)?)?
            .and_utc(),
    )
}

/// The day of `YYYY-MM-DD`, optionally followed by `Thh:mm:ss` or ` hh:mm:ss` and `Z`: the
/// shapes nearly every export writes, read straight from the digits. `None` for anything else,
/// which [`parse_iso`] then reads (and it agrees wherever this gives a day).
fn iso_day(text: &str) -> Option<NaiveDate> {
    fn number(digits: &[u8]) -> Option<u32> {
        digits.iter().try_fold(0, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    }
    let bytes = text.as_bytes();
    let (day, time) = bytes.split_at_checked(10)?;
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *day else {
        return None;
    };
    let time_ok = match *time {
        [] => true,
        [
            b'T' | b' ',
            h0,
            h1,
            b':',
            n0,
            n1,
            b':',
            s0,
            s1,
            ref zone @ ..,
        ] if matches!(zone, [] | [b'Z']) => {
            number(&[h0, h1]).is_some_and(|h| h < 24)
                && number(&[n0, n1]).is_some_and(|m| m < 60)
                && number(&[s0, s1]).is_some_and(|s| s < 60)
        }
        _ => false,
    };
    if !time_ok {
        return None;
    }
    let year = number(&[y0, y1, y2, y3])?;
    NaiveDate::from_ymd_opt(year as i32, number(&[m0, m1])?, number(&[d0, d1])?)
}

/// ISO 8601 in all the shapes [`parse_date`] accepts without a format.
fn parse_iso(text: &str) -> Option<NaiveDate> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt.date_naive());
    }
    // The day part of `YYYY-MM-DD[ T]hh:mm[:ss]`, when the rest is a plausible time.
    let (day, rest) = text.split_at_checked(10)?;
    let time_ok = rest.is_empty()
        || ((rest.starts_with(' ') || rest.starts_with('T'))
            && (ISO_TIMES.iter()).any(|f| NaiveDateTime::parse_from_str(text, f).is_ok()));
    if !time_ok {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(text: &str, kind: Kind) -> Result<Option<u8>, ScoreError> {
        parse_score(text, kind).map(|s| s.map(Score::get))
    }

    #[test]
    fn a_count_is_digits_only() {
        for (field, count) in [("12", Some(12)), (" 7 ", Some(7)), ("0", Some(0))] {
            assert_eq!(parse_count(field).ok(), count, "{field}");
        }
        assert_eq!(parse_count("4294967295").ok(), Some(u32::MAX));
        for field in [
            "",
            " ",
            "+3",
            "-3",
            "1,000",
            "1.000",
            "12.0",
            "1e3",
            "4294967296",
            "٣",
        ] {
            assert_eq!(parse_count(field).ok(), None, "{field}");
        }
    }

    #[test]
    fn accepts_whole_scores_in_range_with_spaces() {
        assert_eq!(score("0", Kind::Nps), Ok(Some(0)));
        assert_eq!(score(" 10 ", Kind::Enps), Ok(Some(10)));
        assert_eq!(score("9,0", Kind::Nps), Ok(Some(9)));
        assert_eq!(score("4.0", Kind::CSAT), Ok(Some(4)));
        assert_eq!(score("9,00", Kind::Nps), Ok(Some(9)));
        assert_eq!(score("", Kind::Nps), Ok(None));
        assert_eq!(score("   ", Kind::CSAT), Ok(None));
    }

    #[test]
    fn rejects_scores_out_of_range_or_not_whole() {
        assert_eq!(score("11", Kind::Nps), Err(ScoreError::OutOfRange(11)));
        assert_eq!(score("-1", Kind::Nps), Err(ScoreError::OutOfRange(-1)));
        assert_eq!(score("0", Kind::CSAT), Err(ScoreError::OutOfRange(0)));
        assert_eq!(score("6", Kind::CSAT), Err(ScoreError::OutOfRange(6)));
        assert_eq!(score("abc", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("9.5", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("1e1", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("9,5", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(score("9.", Kind::Nps), Err(ScoreError::NotANumber));
        assert_eq!(
            score("10 - Extremely likely", Kind::Nps),
            Err(ScoreError::NotANumber)
        );
    }

    fn survey(extra: &str) -> Survey {
        let text = format!(
            "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"csat\"\nfiles = \"x.csv\"\n{extra}\ncolumns = {{ score = \"s\", date = \"d\" }}\n"
        );
        crate::config::parse(std::path::Path::new("c.toml"), &text)
            .unwrap()
            .surveys
            .remove(0)
    }

    #[test]
    fn labelled_scores_follow_the_survey_rule() {
        let labels = survey("score_labels = { \"Very satisfied\" = 5, \"Satisfied\" = 4 }");
        let read = |s: &Survey, text: &str| parse_score_text(text, s).map(|s| s.map(Score::get));
        assert_eq!(read(&labels, " very SATISFIED "), Ok(Some(5)));
        assert_eq!(read(&labels, "Satisfied"), Ok(Some(4)));
        assert_eq!(read(&labels, "3"), Ok(Some(3)));
        assert_eq!(read(&labels, "Meh"), Err(ScoreError::NotANumber));
        let leading = survey("score_text = \"leading-number\"");
        assert_eq!(read(&leading, "5 - Very satisfied"), Ok(Some(5)));
        assert_eq!(read(&leading, "4 (satisfied)"), Ok(Some(4)));
        assert_eq!(read(&leading, "1 Very dissatisfied"), Ok(Some(1)));
        assert_eq!(
            read(&leading, "6 - Off the scale"),
            Err(ScoreError::OutOfRange(6))
        );
        assert_eq!(read(&leading, "5stars"), Err(ScoreError::NotANumber));
        assert_eq!(read(&leading, "1e1"), Err(ScoreError::NotANumber));
        // Without the rule, a labelled answer is an error.
        assert_eq!(
            read(&survey(""), "5 - Very satisfied"),
            Err(ScoreError::NotANumber)
        );
    }

    #[test]
    fn parses_unix_seconds_and_nordic_and_us_dates_only_when_told() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 5);
        assert_eq!(parse_date("1709648530", Some("unix")), day);
        assert_eq!(parse_date("1709648530", None), None);
        assert_eq!(parse_date("2024-03-05", Some("iso")), day);
        assert_eq!(parse_date("05.03.2024", Some("%d.%m.%Y")), day);
        assert_eq!(
            parse_date("3/5/2024 2:22:10 PM", Some("%m/%d/%Y %I:%M:%S %p")),
            day
        );
        assert_eq!(
            parse_date("3/5/24 14:22:10", Some("%m/%d/%y %H:%M:%S")),
            day
        );
        assert_eq!(parse_date("03/05/2024", None), None, "never guessed");
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
    fn the_quick_iso_reading_reads_common_shapes_as_the_full_parser_does() {
        for text in [
            "2024-03-05",
            "2024-03-05T14:22:10Z",
            "2024-03-05 14:22:10",
            "2024-02-29T23:59:59",
            "1999-12-31 00:00:00Z",
        ] {
            assert!(iso_day(text).is_some(), "{text}");
            assert_eq!(iso_day(text), parse_iso(text), "{text}");
        }
        // Left to the full parser: leap seconds, offsets, minutes only, impossible days.
        for text in [
            "2016-12-31T23:59:60Z",
            "2024-03-05T23:30:00+01:00",
            "2024-03-05T14:22",
            "2023-02-29",
            "2024-03-05T24:00:00",
            "2024-03-05 14:22:10 ",
        ] {
            assert_eq!(iso_day(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_is_str_trim(field in "[ a9.\t\u{a0}\u{3000}é\n]{0,6}") {
            proptest::prop_assert_eq!(trim(&field), field.trim());
        }

        #[test]
        fn the_quick_iso_reading_never_disagrees_with_the_full_parser(
            text in "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?[Z+]?)?",
        ) {
            if let Some(day) = iso_day(&text) {
                proptest::prop_assert_eq!(Some(day), parse_iso(&text));
            }
        }

        #[test]
        fn the_quick_score_reading_never_disagrees_with_the_general_one(
            text in "[0-9 ]{0,3}",
            csat in proptest::bool::ANY,
        ) {
            let kind = if csat { Kind::CSAT } else { Kind::Nps };
            let general = text.trim().parse::<i64>().map_err(|_| ScoreError::NotANumber).and_then(|v| {
                let (low, high) = kind.range();
                if v < i64::from(low) || v > i64::from(high) {
                    Err(ScoreError::OutOfRange(v))
                } else {
                    Ok(v as u8)
                }
            });
            let expected = if text.trim().is_empty() { Ok(None) } else { general.map(Some) };
            proptest::prop_assert_eq!(score(&text, kind), expected);
        }
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

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn utc_times_read_from_their_digits_are_what_rfc_3339_reads() {
        // (text, whether the fast reader reads it): what it reads is what RFC 3339 reads; it
        // declines impossible times, and leaves offsets and fractions to the RFC 3339 parser.
        for (text, read) in [
            ("2024-01-31T23:30:00Z", true),
            ("2024-01-31 23:30:00Z", true),
            ("2024-02-29T00:00:59Z", true),
            ("2024-02-30T00:00:00Z", false),
            ("2024-01-31T24:00:00Z", false),
            ("2024-01-31T23:60:00Z", false),
            ("2024-01-31T23:30:00+01:00", false),
            ("2024-01-31T23:30:00.5Z", false),
            ("2024-01-31X23:30:00Z", false),
            ("2024-01-31T2a:30:00Z", false),
            ("2024-1-31T23:30:00Z", false),
        ] {
            let rfc = DateTime::parse_from_rfc3339(text).ok().map(|m| m.to_utc());
            if read {
                assert!(rfc.is_some(), "{text}");
                assert_eq!(utc_time(text), rfc, "{text}");
            } else {
                assert_eq!(utc_time(text), None, "{text}");
            }
        }
    }

    #[test]
    fn a_time_that_names_its_zone_is_counted_on_the_reports_day() {
        use chrono_tz::{America::New_York, Europe::Oslo, UTC};
        // (field, format, written in, day in Oslo), each worked out by hand: Oslo is UTC+1 in
        // winter and UTC+2 from 01:00 UTC on 31 March 2024 to 01:00 UTC on 27 October 2024.
        let cases = [
            // 23:30 UTC on the month's last day is 00:30 the next day in Oslo.
            ("2024-01-31T23:30:00Z", None, None, day(2024, 2, 1)),
            ("2024-01-31 23:30:00Z", None, None, day(2024, 2, 1)),
            ("2024-01-31T22:59:59Z", None, None, day(2024, 1, 31)),
            // Summer time: 22:30 UTC is 00:30, and no longer after it ends.
            ("2024-03-31T22:30:00Z", None, None, day(2024, 4, 1)),
            ("2024-10-27T22:30:00Z", None, None, day(2024, 10, 27)),
            // An offset: 23:30 at UTC-5 is 04:30 UTC, 05:30 in Oslo the next day.
            ("2024-01-31T23:30:00-05:00", None, None, day(2024, 2, 1)),
            // Unix seconds are UTC: 1706743800 is 2024-01-31 23:30 UTC.
            ("1706743800", Some("unix"), None, day(2024, 2, 1)),
            // A format with an offset.
            (
                "31.01.2024 23:30 +0000",
                Some("%d.%m.%Y %H:%M %z"),
                None,
                day(2024, 2, 1),
            ),
            // Without a zone, a time is taken as written, unless the file's zone is given.
            ("2024-01-31 23:30:00", None, None, day(2024, 1, 31)),
            ("2024-01-31 23:30:00", None, Some(UTC), day(2024, 2, 1)),
            ("2024-01-31T23:30", None, Some(UTC), day(2024, 2, 1)),
            (
                "01/31/2024 11:30:00 PM",
                Some("%m/%d/%Y %I:%M:%S %p"),
                Some(UTC),
                day(2024, 2, 1),
            ),
            // 20:00 in New York in winter is 01:00 UTC, 02:00 in Oslo.
            ("2024-01-31 20:00:00", None, Some(New_York), day(2024, 2, 1)),
            // A day without a time stays the day it is.
            ("2024-01-31", None, Some(UTC), day(2024, 1, 31)),
            // 02:30 on 31 March 2024 never happened in Oslo: the day as written.
            ("2024-03-31 02:30:00", None, Some(Oslo), day(2024, 3, 31)),
            // Not dates without a zone, not dates with one.
            ("2024-13-01T00:00:00Z", None, Some(UTC), None),
            ("2024-01-31T25:00:00Z", None, None, None),
            ("soon", None, Some(UTC), None),
        ];
        for (field, format, written_in, expected) in cases {
            assert_eq!(
                parse_date_in(field, format, Oslo, written_in),
                expected,
                "{field} ({format:?}, written in {written_in:?})"
            );
            // The report's zone changes the day, never whether the field is a date.
            assert_eq!(
                parse_date_in(field, format, UTC, written_in).is_some(),
                parse_date(field, format).is_some(),
                "{field}"
            );
        }
        // In UTC, a UTC time's day is the day written.
        assert_eq!(
            parse_date_in("2024-01-31T23:30:00Z", None, UTC, None),
            day(2024, 1, 31)
        );
        // The end of time has no later day: its day is kept, without a panic.
        let last = DateTime::<Utc>::MAX_UTC.timestamp().to_string();
        assert_eq!(
            parse_date_in(&last, Some("unix"), Oslo, None),
            parse_date(&last, Some("unix"))
        );
    }
}
