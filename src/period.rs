//! Calendar periods: the ISO week, month, quarter or year an answer belongs to.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Serialize, Serializer};

use crate::config::PeriodKind;

/// The years answers are counted in: a period is written with a four-digit year (`2025-03`),
/// and a date far outside them is a typo or a misread date.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// A calendar period. Ordered by time; all periods of one survey have the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Calendar year; for a week, its ISO year (the year of its Thursday).
    pub year: i32,
    /// ISO week 1-53, month 1-12, quarter 1-4, or 1 for a year.
    pub index: u8,
    /// Week, month, quarter or year.
    pub kind: PeriodKind,
}

impl Period {
    /// The period of `kind` that contains `date`.
    pub fn of(date: NaiveDate, kind: PeriodKind) -> Period {
        let month = date.month() as u8;
        let index = match kind {
            PeriodKind::Week => {
                let week = date.iso_week();
                return Period {
                    year: week.year(),
                    index: week.week() as u8,
                    kind,
                };
            }
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

    /// Parses a period id as `metrics.json` writes it: `2025-W05`, `2025-03`, `2025-Q1` or
    /// `2025`, of `kind`.
    pub fn parse(text: &str, kind: PeriodKind) -> Option<Period> {
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        let year: i32 = year.parse().ok().filter(|y| YEARS.contains(y))?;
        let index: u8 = match (kind, rest) {
            (PeriodKind::Year, None) => 1,
            (PeriodKind::Week, Some(w)) if w.len() == 3 => {
                let week = w.strip_prefix('W')?.parse().ok()?;
                NaiveDate::from_isoywd_opt(year, u32::from(week), Weekday::Mon)?;
                week
            }
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

    /// The first day of the period (a Monday for a week).
    pub fn start(self) -> NaiveDate {
        let month = match self.kind {
            PeriodKind::Week => {
                return NaiveDate::from_isoywd_opt(self.year, self.index.into(), Weekday::Mon)
                    .expect("a week starts on a valid day");
            }
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

    /// The period of `kind` (as long or longer) that contains this one. Weeks do not fit in
    /// months, quarters or years: a week counts in those of its Thursday, as ISO 8601 gives a
    /// week the year of its Thursday (so most of its days).
    pub fn within(self, kind: PeriodKind) -> Period {
        let day = match self.kind {
            PeriodKind::Week => self.start() + Days::new(3),
            _ => self.start(),
        };
        Period::of(day, kind)
    }

    /// The period just before this one.
    pub fn previous(self) -> Period {
        let day_before = self
            .start()
            .pred_opt()
            .expect("a period starts after the first day");
        Period::of(day_before, self.kind)
    }

    /// The period just after this one.
    pub fn next(self) -> Period {
        let start = self.start();
        let next = match self.kind {
            PeriodKind::Week => start + Days::new(7),
            PeriodKind::Month => start + Months::new(1),
            PeriodKind::Quarter => start + Months::new(3),
            PeriodKind::Year => start + Months::new(12),
        };
        Period::of(next, self.kind)
    }

    /// The period's place in a count of periods of its kind: consecutive periods differ by one.
    pub fn ordinal(self) -> i32 {
        let index = i32::from(self.index) - 1;
        match self.kind {
            // Mondays are 7 days apart.
            PeriodKind::Week => self.start().num_days_from_ce().div_euclid(7),
            PeriodKind::Month => self.year * 12 + index,
            PeriodKind::Quarter => self.year * 4 + index,
            PeriodKind::Year => self.year,
        }
    }

    /// The same period a year earlier; for week 53, week 52 of a year without a week 53.
    pub fn year_earlier(self) -> Period {
        let year = self.year - 1;
        match self.kind {
            PeriodKind::Week => Period::of(
                NaiveDate::from_isoywd_opt(year, self.index.into(), Weekday::Mon)
                    .or_else(|| NaiveDate::from_isoywd_opt(year, 52, Weekday::Mon))
                    .expect("every ISO year has 52 weeks"),
                self.kind,
            ),
            _ => Period { year, ..self },
        }
    }

    /// A short label in English: "W5 2025", "Mar 2024", "Q1 2024", "2024" (see
    /// [`crate::locale::Texts::period`] for the report's language).
    pub fn label(self) -> String {
        crate::locale::Locale::En.texts().period(self)
    }
}

/// The stable identifier used in `metrics.json`: `2024-W05`, `2024-03`, `2024-Q1`, `2024`.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Week => write!(f, "{}-W{:02}", self.year, self.index),
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

    #[test]
    fn weeks_are_iso_weeks_that_cross_years_as_iso_8601_does() {
        // 1 Jan 2026 is a Thursday: its week is 2026's first and starts on 29 Dec 2025.
        let w1 = Period::of(date(2026, 1, 1), PeriodKind::Week);
        assert_eq!(w1.to_string(), "2026-W01");
        assert_eq!(
            (w1.start(), w1.end()),
            (date(2025, 12, 29), date(2026, 1, 4))
        );
        assert_eq!(Period::of(date(2025, 12, 29), PeriodKind::Week), w1);
        assert_eq!(w1.label(), "W1 2026");
        // 3 Jan 2021 is a Sunday in 2020's week 53.
        let w53 = Period::of(date(2021, 1, 3), PeriodKind::Week);
        assert_eq!(w53.to_string(), "2020-W53");
        assert_eq!(w53.start(), date(2020, 12, 28));
        assert_eq!(w53.next().to_string(), "2021-W01");
        assert_eq!(w53.next().previous(), w53);
        assert_eq!(w53.ordinal() + 1, w53.next().ordinal());
        // 2019 has no week 53; 2021's week 1 a year earlier is 2020's.
        assert_eq!(w53.year_earlier().to_string(), "2019-W52");
        assert_eq!(w53.next().year_earlier().to_string(), "2020-W01");
        // A week counts in the month, quarter and year of its Thursday.
        assert_eq!(w1.within(PeriodKind::Month).to_string(), "2026-01");
        assert_eq!(w53.within(PeriodKind::Year).to_string(), "2020");
        let w14 = Period::of(date(2025, 3, 31), PeriodKind::Week);
        assert_eq!(w14.to_string(), "2025-W14");
        assert_eq!(w14.within(PeriodKind::Month).to_string(), "2025-04");
        assert_eq!(w14.within(PeriodKind::Quarter).to_string(), "2025-Q2");
        assert_eq!(w14.within(PeriodKind::Week), w14);
    }

    #[test]
    fn parses_weeks_that_their_year_has() {
        assert_eq!(
            Period::parse("2025-W05", PeriodKind::Week).map(Period::start),
            Some(date(2025, 1, 27))
        );
        assert!(Period::parse("2026-W53", PeriodKind::Week).is_some());
        for bad in [
            "2025-W53", "2025-W00", "2025-W5", "2025-05", "2025-Q1", "2025", "W05",
        ] {
            assert_eq!(Period::parse(bad, PeriodKind::Week), None, "{bad}");
        }
        assert_eq!(Period::parse("2025-W05", PeriodKind::Month), None);
    }

    #[test]
    fn every_day_falls_in_one_period_that_follows_the_one_before() {
        let kinds = [
            PeriodKind::Week,
            PeriodKind::Month,
            PeriodKind::Quarter,
            PeriodKind::Year,
        ];
        for kind in kinds {
            let mut day = date(2019, 12, 1);
            let mut before = Period::of(day, kind);
            while day < date(2027, 2, 1) {
                let period = Period::of(day, kind);
                assert!(
                    period.start() <= day && day <= period.end(),
                    "{day} {period}"
                );
                assert_eq!(Period::parse(&period.to_string(), kind), Some(period));
                if period != before {
                    // The first day of a new period: the one before ended the day before.
                    assert_eq!(period.start(), day, "{period}");
                    assert_eq!(before.next(), period);
                    assert_eq!(period.previous(), before);
                    assert_eq!(before.ordinal() + 1, period.ordinal());
                    assert!(before < period);
                    if kind == PeriodKind::Week {
                        assert_eq!(day.weekday(), Weekday::Mon);
                        assert_eq!(period.end() - period.start(), chrono::TimeDelta::days(6));
                    }
                }
                before = period;
                day = day.succ_opt().unwrap();
            }
        }
    }
}
