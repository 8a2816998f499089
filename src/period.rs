//! Calendar periods: the month, quarter or year an answer belongs to.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use crate::config::PeriodKind;

/// A calendar period. Ordered by time; all periods of one survey have the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Calendar year.
    pub year: i32,
    /// Month 1-12, quarter 1-4, or 1 for a year.
    pub index: u8,
    /// Month, quarter or year.
    pub kind: PeriodKind,
}

impl Period {
    /// The period of `kind` that contains `date`.
    pub fn of(date: NaiveDate, kind: PeriodKind) -> Period {
        let month = date.month() as u8;
        let index = match kind {
            PeriodKind::Month => month,
            PeriodKind::Quarter => (month - 1) / 3 + 1,
            PeriodKind::Year => 1,
        };
        Period {
            year: date.year(),
            index,
            kind,
        }
    }

    /// Parses a period id as `metrics.json` writes it: `2025-03`, `2025-Q1` or `2025`, of `kind`.
    pub fn parse(text: &str, kind: PeriodKind) -> Option<Period> {
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        let year: i32 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        let index: u8 = match (kind, rest) {
            (PeriodKind::Year, None) => 1,
            (PeriodKind::Month, Some(m)) if m.len() == 2 => {
                m.parse().ok().filter(|m| (1..=12).contains(m))?
            }
            (PeriodKind::Quarter, Some(q)) => q
                .strip_prefix('Q')?
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))?,
            _ => return None,
        };
        Some(Period { year, index, kind })
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        let month = match self.kind {
            PeriodKind::Month => u32::from(self.index),
            PeriodKind::Quarter => u32::from(self.index) * 3 - 2,
            PeriodKind::Year => 1,
        };
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a period starts on a valid day")
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        self.next()
            .start()
            .pred_opt()
            .expect("a period ends on a valid day")
    }

    /// The period of `kind` (as long or longer) that contains this one.
    pub fn within(self, kind: PeriodKind) -> Period {
        Period::of(self.start(), kind)
    }

    /// The period just before this one.
    pub fn previous(self) -> Period {
        if self.index > 1 {
            Period {
                index: self.index - 1,
                ..self
            }
        } else {
            Period {
                year: self.year - 1,
                index: periods_per_year(self.kind),
                ..self
            }
        }
    }

    /// The period just after this one.
    pub fn next(self) -> Period {
        if self.index < periods_per_year(self.kind) {
            Period {
                index: self.index + 1,
                ..self
            }
        } else {
            Period {
                year: self.year + 1,
                index: 1,
                ..self
            }
        }
    }

    /// The period's place in a count of periods of its kind: consecutive periods differ by one.
    pub fn ordinal(self) -> i32 {
        self.year * i32::from(periods_per_year(self.kind)) + i32::from(self.index) - 1
    }

    /// The same period a year earlier.
    pub fn year_earlier(self) -> Period {
        Period {
            year: self.year - 1,
            ..self
        }
    }

    /// A short label in English: "Mar 2024", "Q1 2024", "2024" (see [`crate::locale::Texts::period`]
    /// for the report's language).
    pub fn label(self) -> String {
        crate::locale::Locale::En.texts().period(self)
    }
}

/// How many periods of `kind` a year has.
fn periods_per_year(kind: PeriodKind) -> u8 {
    match kind {
        PeriodKind::Month => 12,
        PeriodKind::Quarter => 4,
        PeriodKind::Year => 1,
    }
}

/// The stable identifier used in `metrics.json`: `2024-03`, `2024-Q1`, `2024`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.index),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            PeriodKind::Year => write!(f, "{}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn assigns_dates_to_months_quarters_and_years() {
        let d = date(2024, 11, 30);
        assert_eq!(Period::of(d, PeriodKind::Month).to_string(), "2024-11");
        assert_eq!(Period::of(d, PeriodKind::Quarter).to_string(), "2024-Q4");
        assert_eq!(Period::of(d, PeriodKind::Year).to_string(), "2024");
        assert_eq!(
            Period::of(date(2024, 3, 31), PeriodKind::Quarter).label(),
            "Q1 2024"
        );
        assert_eq!(
            Period::of(date(2024, 4, 1), PeriodKind::Quarter).label(),
            "Q2 2024"
        );
    }

    #[test]
    fn parses_period_ids_of_the_given_kind_only() {
        let month = Period::parse("2025-03", PeriodKind::Month).unwrap();
        assert_eq!(month.to_string(), "2025-03");
        assert_eq!(
            Period::parse("2025-Q4", PeriodKind::Quarter)
                .unwrap()
                .to_string(),
            "2025-Q4"
        );
        assert_eq!(
            Period::parse("2025", PeriodKind::Year).unwrap().to_string(),
            "2025"
        );
        for (bad, kind) in [
            ("2025-13", PeriodKind::Month),
            ("2025-3", PeriodKind::Month),
            ("2025-Q5", PeriodKind::Quarter),
            ("2025-03", PeriodKind::Quarter),
            ("2025", PeriodKind::Month),
            ("March", PeriodKind::Month),
        ] {
            assert_eq!(Period::parse(bad, kind), None, "{bad}");
        }
    }

    #[test]
    fn previous_period_crosses_the_year_boundary() {
        let jan = Period::of(date(2025, 1, 15), PeriodKind::Month);
        assert_eq!(jan.previous().to_string(), "2024-12");
        let q1 = Period::of(date(2025, 1, 15), PeriodKind::Quarter);
        assert_eq!(q1.previous().to_string(), "2024-Q4");
        assert!(q1.previous() < q1);
        assert_eq!(q1.year_earlier().to_string(), "2024-Q1");
        let may = Period::of(date(2024, 5, 17), PeriodKind::Month);
        assert_eq!(may.within(PeriodKind::Quarter).to_string(), "2024-Q2");
        assert_eq!(may.within(PeriodKind::Year).to_string(), "2024");
        assert_eq!(may.within(PeriodKind::Quarter).start(), date(2024, 4, 1));
    }
}
