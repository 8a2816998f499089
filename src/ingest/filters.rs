//! A survey's filters (`only`, `leave_out`): which rows are answers at all.
//!
//! Exports hold rows that are not answers to report: a Qualtrics preview or test, spam, or an
//! unfinished response. A filter names a column and its values; a row left out by one is
//! counted by reason ([`Skip::LeftOut`](super::Skip::LeftOut)), never read further.

use super::values;
use crate::config::{Survey, Values};

/// One column's filter, found in a file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Filter {
    /// The field's index in the file's records.
    pub column: usize,
    /// The values named, trimmed.
    values: Vec<String>,
    /// `only`: a row is read when its field holds one of the values; `leave_out`: when it
    /// holds none.
    keep: bool,
}

impl Filter {
    /// The filter of `values` at field `column`: `keep` for `only`, not for `leave_out`.
    pub fn new(column: usize, values: &Values, keep: bool) -> Filter {
        Filter {
            column,
            values: values.0.iter().map(|v| v.trim().to_string()).collect(),
            keep,
        }
    }

    /// Whether a row whose field is `field` is read: the field matches a value trimmed, in any
    /// case (Ø as ø too).
    pub fn reads(&self, field: &str) -> bool {
        let field = values::trim(field);
        self.values.iter().any(|v| same_but_case(v, field)) == self.keep
    }
}

/// Whether two texts are the same but for case, without allocating: a row's field is matched
/// against each value.
fn same_but_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        (a.chars().flat_map(char::to_lowercase)).eq(b.chars().flat_map(char::to_lowercase))
    }
}

/// The survey's filters as (column, values, keep): `only` ones first, then `leave_out` ones.
pub(super) fn configured(survey: &Survey) -> impl Iterator<Item = (&str, &Values, bool)> {
    let only = survey.only.iter().map(|(c, v)| (c.as_str(), v, true));
    let leave_out = survey.leave_out.iter().map(|(c, v)| (c.as_str(), v, false));
    only.chain(leave_out)
}

/// A filter's name in messages about its column.
pub(super) fn role(keep: bool) -> &'static str {
    if keep {
        "`only` filter"
    } else {
        "`leave_out` filter"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(values: &[&str], keep: bool) -> Filter {
        Filter::new(
            0,
            &Values(values.iter().map(|v| v.to_string()).collect()),
            keep,
        )
    }

    #[test]
    fn only_reads_the_values_named_in_any_case_and_spacing() {
        let only = filter(&["True", "1"], true);
        for field in ["True", " true ", "TRUE", "1"] {
            assert!(only.reads(field), "{field:?}");
        }
        for field in ["False", "0", "", "Truely", "11"] {
            assert!(!only.reads(field), "{field:?}");
        }
    }

    #[test]
    fn leave_out_reads_every_other_value() {
        let leave_out = filter(&["Survey Preview", "Spam"], false);
        for field in ["Survey Preview", "survey preview", " Spam", "SPAM "] {
            assert!(!leave_out.reads(field), "{field:?}");
        }
        for field in ["IP Address", "", "Survey Preview 2", "Preview"] {
            assert!(leave_out.reads(field), "{field:?}");
        }
    }

    #[test]
    fn letters_outside_ascii_match_in_any_case_too() {
        let leave_out = filter(&["Ikke fullført"], false);
        for field in ["IKKE FULLFØRT", "ikke fullført"] {
            assert!(!leave_out.reads(field), "{field:?}");
        }
        assert!(leave_out.reads("Ikke fullfort"));
    }

    #[test]
    fn an_empty_value_names_the_empty_field() {
        let only_filled = filter(&[""], false);
        assert!(!only_filled.reads(""));
        assert!(!only_filled.reads("   "));
        assert!(only_filled.reads("x"));
    }
}
