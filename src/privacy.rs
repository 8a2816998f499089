//! Anonymity rules applied to the [`Report`] before anything renders, and contact details taken
//! out of every survey's comments ([`crate::redact`]).
//!
//! For confidential surveys (eNPS), following the industry defaults of Qualtrics EX, Microsoft
//! Viva Glint and Culture Amp: no figure from fewer than `min_n` answers (5 by default); no
//! group's all-period figure unless `min_n` answered in at least one period (the same few people
//! answering every quarter are still few); no comments from a group with fewer than
//! [`COMMENT_MIN`] answers in the comment's period, and only under one dimension; and no
//! group that can be recovered by subtraction: when hidden siblings are one, or add up to fewer
//! than `min_n`, the next smallest sibling is hidden too ("complementary suppression").
//! Siblings are the values of one dimension (in total and in each period) and the periods of one
//! group. A value's theme counts are shown only when every value of its dimension has enough
//! answers for comments. No value is broken down by another dimension. A hidden figure becomes
//! [`Figure::Suppressed`], which carries no number.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::period::Period;
use crate::report::{Change, DriverAnswers, Figure, GroupReport, Report, SurveyReport};

/// No comments are shown from a group with fewer answers than this.
pub const COMMENT_MIN: u64 = 10;

/// Applies the anonymity rules to every confidential survey of the report, and takes contact
/// details out of every survey's comments unless the report says not to.
pub fn protect(mut report: Report) -> Report {
    let t = report.locale.texts();
    let marks = crate::redact::Marks {
        email: t.get("comments.redacted_email"),
        number: t.get("comments.redacted_number"),
    };
    for survey in &mut report.surveys {
        if survey.confidential {
            protect_survey(survey);
        }
        if report.redact {
            redact_comments(survey, marks);
        }
    }
    // A compared point exists only where the confidential side still shows its figure.
    for comparison in &mut report.comparisons {
        let sides = report.surveys.iter().filter(|s| {
            s.confidential && (s.id == comparison.customers || s.id == comparison.employees)
        });
        for survey in sides {
            let shown = shown_keys(survey);
            let is_employees = survey.id == comparison.employees;
            comparison
                .over_time
                .points
                .retain(|p| shown.contains(&(None, p.key.clone())));
            for d in &mut comparison.dimensions {
                let dimension = if is_employees {
                    &d.employees
                } else {
                    &d.customers
                };
                d.paired
                    .points
                    .retain(|p| shown.contains(&(Some(dimension.clone()), p.key.clone())));
            }
        }
    }
    report
}

/// What a protected survey still shows: (None, period) for its overall periods and
/// (Some(dimension), value) for its values' all-period figures.
fn shown_keys(survey: &SurveyReport) -> BTreeSet<(Option<String>, String)> {
    let periods = survey
        .overall
        .periods
        .iter()
        .filter(|p| p.figure.shown().is_some())
        .map(|p| (None, p.period.to_string()));
    let values = survey.dimensions.iter().flat_map(|d| {
        d.values
            .iter()
            .filter(|v| v.total.shown().is_some())
            .map(|v| (Some(d.id.clone()), v.name.clone()))
    });
    periods.chain(values).collect()
}

fn protect_survey(survey: &mut SurveyReport) {
    let k = survey.min_n;
    // No value is broken down by another dimension: a small crossing (Marketing in Nord-Norge)
    // could be worked out from totals shown on other pages. None is counted (aggregate), and
    // none is shown should one ever be.
    for value in survey.dimensions.iter_mut().flat_map(|d| &mut d.values) {
        value.breakdowns.clear();
    }
    let original = survey.clone();
    // A group is reported only if at least k answered in one round: a 4-person team answering
    // every quarter has 48 answers in three years, but never more than 4 people.
    for value in survey
        .dimensions
        .iter_mut()
        .flat_map(|d| d.values.iter_mut())
    {
        let largest_round = value
            .periods
            .iter()
            .filter_map(|p| p.figure.answers())
            .max();
        if largest_round.is_none_or(|n| n < k) {
            value.total = Figure::Suppressed;
        }
    }
    // Hiding one figure can expose another (a hidden total hides its periods, which are
    // siblings of other values' periods), so the rules run until nothing more is hidden.
    // Sizes come from the unprotected report: a hidden sibling still counts with its true size.
    loop {
        let hidden_before = hidden_count(survey);
        // Values of a dimension are siblings in total and in each period.
        for (dimension, original) in survey.dimensions.iter_mut().zip(&original.dimensions) {
            let sizes: Vec<u64> = original.values.iter().map(|v| size(&v.total)).collect();
            suppress(
                dimension.values.iter_mut().map(|v| &mut v.total).collect(),
                &sizes,
                k,
            );
            let periods: BTreeSet<Period> = dimension
                .values
                .iter()
                .flat_map(|v| v.periods.iter().map(|p| p.period))
                .collect();
            for period in periods {
                let (figures, sizes): (Vec<&mut Figure>, Vec<u64>) = dimension
                    .values
                    .iter_mut()
                    .zip(&original.values)
                    .filter_map(|(value, original)| {
                        let figure = &mut value
                            .periods
                            .iter_mut()
                            .find(|p| p.period == period)?
                            .figure;
                        Some((figure, size_in(original, period)))
                    })
                    .unzip();
                suppress(figures, &sizes, k);
            }
        }
        // The periods of a group are siblings under the group's total.
        for (group, original) in groups_mut(survey).zip(groups(&original)) {
            if matches!(group.total, Figure::Suppressed) {
                for period in &mut group.periods {
                    period.figure = Figure::Suppressed;
                }
            }
            let sizes: Vec<u64> = original.periods.iter().map(|p| size(&p.figure)).collect();
            suppress(
                group.periods.iter_mut().map(|p| &mut p.figure).collect(),
                &sizes,
                k,
            );
        }
        if hidden_count(survey) == hidden_before {
            break;
        }
    }
    protect_comments(survey);
    // Comment counts: none from a survey too small for comments; no per-period theme counts when
    // a period is, since all periods minus the shown ones would give it away.
    if survey
        .overall
        .total
        .shown()
        .is_none_or(|s| s.n < COMMENT_MIN)
    {
        survey.text = None;
    }
    let small_period = survey
        .overall
        .periods
        .iter()
        .any(|p| p.figure.answers().is_none_or(|n| n < COMMENT_MIN));
    if let Some(text) = &mut survey.text
        && small_period
    {
        text.periods.clear();
        for theme in &mut text.themes {
            theme.periods.clear();
        }
    }
    // A dimension's values' theme counts add up to the survey's, so the survey's minus the
    // shown ones would give a hidden value's away: they are shown only when every value of the
    // dimension shows its figure from enough answers for comments.
    let survey_text = survey.text.is_some();
    for dimension in &mut survey.dimensions {
        let speakable =
            (dimension.values.iter()).all(|v| v.total.shown().is_some_and(|s| s.n >= COMMENT_MIN));
        if !(survey_text && speakable) {
            for value in &mut dimension.values {
                value.text = None;
            }
        }
    }
    // Likewise a dimension's values' driver answers add up to the survey's, so the survey's
    // minus the shown ones give the hidden values' together: they are shown only when every
    // value either shows its figure and enough answers to each driver or is hidden, and the
    // hidden ones together answered each driver at least `k` times.
    for dimension in &mut survey.dimensions {
        let hidden = |v: &GroupReport| matches!(v.total, Figure::Suppressed);
        let shown = |v: &GroupReport| {
            v.total.shown().is_some()
                && (v.drivers.iter()).all(|d| matches!(d, DriverAnswers::Shown { .. }))
        };
        let drivers = dimension.values.first().map_or(0, |v| v.drivers.len());
        let hidden_answers = |d: usize| -> u64 {
            (dimension.values.iter().filter(|v| hidden(v)))
                .filter_map(|v| v.drivers[d].n())
                .sum()
        };
        let none_hidden = !dimension.values.iter().any(hidden);
        let safe = dimension.values.iter().all(|v| shown(v) || hidden(v))
            && (none_hidden || (0..drivers).all(|d| hidden_answers(d) >= k));
        for value in &mut dimension.values {
            if !safe || hidden(value) {
                value.drivers.fill(DriverAnswers::Suppressed);
            }
        }
    }
    // A driver's periods add up to its total, so all periods minus the shown ones give the
    // others' answers together: a driver shows its periods only when those without a figure
    // together answered it at least `k` times. A period whose score is hidden shows no answers
    // to drivers either.
    let hidden_periods: BTreeSet<Period> = (survey.overall.periods.iter())
        .filter(|p| matches!(p.figure, Figure::Suppressed))
        .map(|p| p.period)
        .collect();
    for scores in (survey.drivers.iter_mut()).filter_map(|d| d.figure.shown_mut()) {
        let mut unshown_answers = 0;
        for period in &mut scores.periods {
            let shown = matches!(period.answers, DriverAnswers::Shown { .. });
            if !shown || hidden_periods.contains(&period.period) {
                unshown_answers += period.answers.n().unwrap_or(0);
            }
            if hidden_periods.contains(&period.period) {
                period.answers = DriverAnswers::Suppressed;
            }
        }
        if unshown_answers > 0 && unshown_answers < k {
            for period in &mut scores.periods {
                period.answers = DriverAnswers::Suppressed;
            }
        }
    }
    // The benchmark's yearly figure adds up the year's periods: drop it if one is hidden.
    if let Some(comparison) = &mut survey.benchmark {
        let year = comparison.period;
        let hides_a_period = survey.overall.periods.iter().any(|p| {
            p.period.within(crate::config::PeriodKind::Year) == year
                && matches!(p.figure, Figure::Suppressed)
        });
        if hides_a_period {
            comparison.figure = Figure::Suppressed;
            comparison.verdict = None;
        }
    }
    for group in groups_mut(survey) {
        drop_what_reveals_hidden(group);
    }
}

/// A change from or to a hidden period would reveal the hidden score, and a response rate the
/// hidden count: drop them.
fn drop_what_reveals_hidden(group: &mut GroupReport) {
    if matches!(group.total, Figure::Suppressed) {
        group.response_rate = None;
    }
    for period in &mut group.periods {
        if matches!(period.figure, Figure::Suppressed) {
            period.response_rate = None;
        }
    }
    let hidden: BTreeSet<Period> = group
        .periods
        .iter()
        .filter(|p| matches!(p.figure, Figure::Suppressed))
        .map(|p| p.period)
        .collect();
    for period in &mut group.periods {
        let this_hidden = hidden.contains(&period.period);
        let touches =
            |c: &Option<Change>| this_hidden || c.is_some_and(|c| hidden.contains(&c.from));
        if touches(&period.change_previous) {
            period.change_previous = None;
        }
        if touches(&period.change_year) {
            period.change_year = None;
        }
    }
}

/// Comments: only from a group that had at least [`COMMENT_MIN`] answers in the comment's
/// period, dated by period only, and only under one dimension (the survey's
/// `comment_dimension`): on its values' pages, and on the survey's pages tagged with a value of
/// it that passes the same test, and no other. Two values of different dimensions name the
/// people in both (Marketing in Nord-Norge), who can be fewer than any group the report shows,
/// even one person, whose score the comment shows; so do two pages showing the same comment.
fn protect_comments(survey: &mut SurveyReport) {
    let shown_by = survey.comment_dimension;
    let speakable: BTreeSet<(Arc<str>, Arc<str>, Period)> = (shown_by
        .map(|i| &survey.dimensions[i]))
    .into_iter()
    .flat_map(|d| {
        d.values.iter().flat_map(move |v| {
            v.periods
                .iter()
                .filter(|p| p.figure.answers().is_some_and(|n| n >= COMMENT_MIN))
                .map(move |p| (d.title.as_str().into(), v.name.as_str().into(), p.period))
        })
    })
    .collect();
    // A comment has one value of the dimension, so on the survey's pages it names one group at
    // most; on a value's page, that value, which the page says already.
    let protect = |group: &mut GroupReport, tagged: bool| {
        let periods = &group.periods;
        group.comments.retain(|c| {
            periods
                .iter()
                .find(|p| p.period == c.period)
                .and_then(|p| p.figure.answers())
                .is_some_and(|n| n >= COMMENT_MIN)
        });
        for comment in &mut group.comments {
            comment.date = None;
            let period = comment.period;
            if tagged {
                (comment.tags).retain(|(d, v)| speakable.contains(&(d.clone(), v.clone(), period)));
            } else {
                comment.tags.clear();
            }
        }
    };
    protect(&mut survey.overall, true);
    for (i, dimension) in survey.dimensions.iter_mut().enumerate() {
        for value in &mut dimension.values {
            if Some(i) == shown_by {
                protect(value, false);
            } else {
                value.comments.clear();
            }
        }
    }
}

/// Every shown comment of `survey` with its contact details taken out. A comment shared by
/// several groups is redacted once and shared still.
fn redact_comments(survey: &mut SurveyReport, marks: crate::redact::Marks<'_>) {
    let mut done: std::collections::HashMap<Arc<str>, Arc<str>> = Default::default();
    for comment in groups_mut(survey).flat_map(|g| &mut g.comments) {
        let text = &comment.text;
        let redacted = done.entry(text.clone()).or_insert_with(|| {
            match crate::redact::contact_details(text, marks) {
                std::borrow::Cow::Borrowed(_) => text.clone(),
                std::borrow::Cow::Owned(redacted) => redacted.into(),
            }
        });
        comment.text = redacted.clone();
    }
    survey.redacted = (done.iter())
        .filter(|(text, redacted)| !Arc::ptr_eq(text, redacted))
        .count();
}

/// The whole survey's groups, overall first, then every dimension value.
fn groups(survey: &SurveyReport) -> impl Iterator<Item = &GroupReport> {
    std::iter::once(&survey.overall).chain(survey.dimensions.iter().flat_map(|d| d.values.iter()))
}

fn groups_mut(survey: &mut SurveyReport) -> impl Iterator<Item = &mut GroupReport> {
    std::iter::once(&mut survey.overall).chain(
        survey
            .dimensions
            .iter_mut()
            .flat_map(|d| d.values.iter_mut()),
    )
}

fn hidden_count(survey: &SurveyReport) -> usize {
    groups(survey)
        .flat_map(|g| std::iter::once(&g.total).chain(g.periods.iter().map(|p| &p.figure)))
        .filter(|f| matches!(f, Figure::Suppressed))
        .count()
}

/// The size of an unprotected figure.
fn size(figure: &Figure) -> u64 {
    figure.answers().unwrap_or(0)
}

/// The size of an unprotected group in one period (0 when it has no answers then).
fn size_in(group: &GroupReport, period: Period) -> u64 {
    group
        .periods
        .iter()
        .find(|p| p.period == period)
        .map_or(0, |p| size(&p.figure))
}

/// Applies [`hidden_siblings`] to figures whose true sizes are `sizes`.
fn suppress(mut figures: Vec<&mut Figure>, sizes: &[u64], k: u64) {
    let already: Vec<bool> = figures
        .iter()
        .map(|f| matches!(f, Figure::Suppressed))
        .collect();
    for (figure, hide) in figures.iter_mut().zip(hidden_siblings(sizes, &already, k)) {
        if hide {
            **figure = Figure::Suppressed;
        }
    }
}

/// Which siblings to hide, given their true sizes and which are hidden already. Siblings below
/// `k` are hidden. A lone hidden sibling could be recovered as total − visible ones, and several
/// hidden ones adding up to fewer than `k` still reveal a small group; in both cases the smallest
/// visible sibling (the first, on a tie) is hidden too, until neither holds.
pub fn hidden_siblings(sizes: &[u64], already: &[bool], k: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes
        .iter()
        .zip(already)
        .map(|(&n, &h)| h || n < k)
        .collect();
    loop {
        let hidden_count = hidden.iter().filter(|&&h| h).count();
        let hidden_sum: u64 = sizes
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(n, _)| n)
            .sum();
        let exposed = hidden_count == 1 || (hidden_count > 1 && hidden_sum < k);
        let smallest_visible = (0..sizes.len())
            .filter(|&i| !hidden[i])
            .min_by_key(|&i| sizes[i]);
        match (exposed, smallest_visible) {
            (true, Some(i)) => hidden[i] = true,
            _ => return hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hide(counts: &[u64], k: u64) -> Vec<bool> {
        hidden_siblings(counts, &vec![false; counts.len()], k)
    }

    #[test]
    fn a_sibling_hidden_by_another_rule_counts_with_its_true_size() {
        // The first (12 answers) is hidden already, e.g. because its total is: alone it would be
        // recoverable, so the next smallest goes too; 12 + 8 ≥ 5 is then enough.
        assert_eq!(
            hidden_siblings(&[12, 8, 30], &[true, false, false], 5),
            vec![true, true, false]
        );
    }

    #[test]
    fn hides_nothing_when_every_group_is_large_enough() {
        assert_eq!(hide(&[5, 12, 40], 5), vec![false, false, false]);
    }

    #[test]
    fn hides_the_next_smallest_when_one_group_is_hidden() {
        // Dialog's worked example: a 3-person team beside a 6-person team; both are hidden.
        assert_eq!(hide(&[6, 3, 50], 5), vec![true, true, false]);
    }

    #[test]
    fn hides_more_until_the_hidden_groups_reach_the_threshold() {
        // 1 and 2 hidden add up to 3 < 5, so the next smallest (9) is hidden too.
        assert_eq!(hide(&[1, 2, 9, 30], 5), vec![true, true, true, false]);
        // 2 and 3 add up to 5: enough.
        assert_eq!(hide(&[2, 3, 9, 30], 5), vec![true, true, false, false]);
    }

    #[test]
    fn a_single_sibling_hidden_alone_hides_all() {
        assert_eq!(hide(&[3, 7], 5), vec![true, true]);
        assert_eq!(hide(&[3], 5), vec![true]);
    }

    #[test]
    fn never_leaves_a_single_hidden_sibling_for_many_layouts() {
        // Exhaustive over small layouts: the rule's invariant, not its steps.
        for a in 0..12u64 {
            for b in 0..12u64 {
                for c in 0..12u64 {
                    let counts = [a, b, c, 7];
                    let hidden = hide(&counts, 5);
                    let hidden_n: Vec<u64> = counts
                        .iter()
                        .zip(&hidden)
                        .filter(|(_, h)| **h)
                        .map(|(n, _)| *n)
                        .collect();
                    for (n, h) in counts.iter().zip(&hidden) {
                        assert!(*h || *n >= 5, "{counts:?} left {n} visible");
                    }
                    if hidden_n.len() < counts.len() {
                        assert!(hidden_n.len() != 1, "{counts:?} → {hidden:?}");
                        assert!(
                            hidden_n.is_empty() || hidden_n.iter().sum::<u64>() >= 5,
                            "{counts:?} → {hidden:?}"
                        );
                    }
                }
            }
        }
    }
}
