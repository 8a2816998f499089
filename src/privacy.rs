//! Anonymity rules applied to the [`Report`] before anything renders.
//!
//! For confidential surveys (eNPS), following the industry defaults gathered in
//! `docs/methodology` (Qualtrics EX, Microsoft Viva Glint, Culture Amp): no figure from fewer than
//! `min_n` answers (5 by default), no comments from a group of fewer than [`COMMENT_MIN`], and no
//! group that can be recovered by subtraction: when hidden siblings are one, or add up to fewer
//! than `min_n`, the next smallest sibling is hidden too ("complementary suppression"). Siblings
//! are the values of one dimension (in total and in each period) and the periods of one group.
//! A hidden figure becomes [`Figure::Suppressed`], which carries no number.

use std::collections::BTreeSet;

use crate::report::{Figure, GroupReport, Report, SurveyReport};

/// No comments are shown from a group with fewer answers than this.
pub const COMMENT_MIN: u64 = 10;

/// Applies the anonymity rules to every confidential survey of the report.
pub fn protect(mut report: Report) -> Report {
    for survey in &mut report.surveys {
        if survey.confidential {
            protect_survey(survey);
        }
    }
    report
}

fn protect_survey(survey: &mut SurveyReport) {
    let k = survey.min_n;
    // Values of a dimension are siblings in total and in each period.
    for dimension in &mut survey.dimensions {
        let totals: Vec<&mut Figure> = dimension.values.iter_mut().map(|v| &mut v.total).collect();
        suppress_siblings(totals, k);
        let periods: BTreeSet<_> = dimension
            .values
            .iter()
            .flat_map(|v| v.periods.iter().map(|p| p.period))
            .collect();
        for period in periods {
            let figures: Vec<&mut Figure> = dimension
                .values
                .iter_mut()
                .filter_map(|v| v.periods.iter_mut().find(|p| p.period == period))
                .map(|p| &mut p.figure)
                .collect();
            suppress_siblings(figures, k);
        }
    }
    // The periods of a group are siblings under the group's total.
    let groups = std::iter::once(&mut survey.overall)
        .chain(survey.dimensions.iter_mut().flat_map(|d| d.values.iter_mut()));
    for group in groups {
        suppress_siblings(group.periods.iter_mut().map(|p| &mut p.figure).collect(), k);
        if matches!(group.total, Figure::Suppressed) {
            for period in &mut group.periods {
                period.figure = Figure::Suppressed;
            }
        }
    }
    protect_comments(survey);
}

/// Comments: only from groups with at least [`COMMENT_MIN`] answers, dated by period only, and
/// tagged only with values whose own group may show comments.
fn protect_comments(survey: &mut SurveyReport) {
    let speakable: BTreeSet<(String, String)> = survey
        .dimensions
        .iter()
        .flat_map(|d| {
            d.values
                .iter()
                .filter(|v| may_show_comments(v))
                .map(|v| (d.title.clone(), v.name.clone()))
        })
        .collect();
    let groups = std::iter::once(&mut survey.overall)
        .chain(survey.dimensions.iter_mut().flat_map(|d| d.values.iter_mut()));
    for group in groups {
        if !may_show_comments(group) {
            group.comments.clear();
        }
        for comment in &mut group.comments {
            comment.date = None;
            comment.tags.retain(|tag| speakable.contains(tag));
        }
    }
}

fn may_show_comments(group: &GroupReport) -> bool {
    answers(&group.total).is_some_and(|n| n >= COMMENT_MIN)
}

/// The number of answers a figure shows, if it shows one.
fn answers(figure: &Figure) -> Option<u64> {
    match figure {
        Figure::Shown(scores) => Some(scores.n),
        Figure::TooFew { n } => Some(*n),
        Figure::Suppressed => None,
    }
}

/// Hides siblings below `k`, then the smallest others until no hidden group can be recovered.
fn suppress_siblings(mut figures: Vec<&mut Figure>, k: u64) {
    let counts: Vec<Option<u64>> = figures.iter().map(|f| answers(f)).collect();
    for (figure, hide) in figures.iter_mut().zip(hidden_siblings(&counts, k)) {
        if hide {
            **figure = Figure::Suppressed;
        }
    }
}

/// Which siblings to hide, given their sizes (`None`: already hidden, size unknown here, so
/// counted as below `k`). A lone hidden sibling could be recovered as total − visible ones, and
/// several hidden ones adding up to fewer than `k` still reveal a small group; in both cases the
/// smallest visible sibling (the first, on a tie) is hidden too, until neither holds.
pub fn hidden_siblings(counts: &[Option<u64>], k: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = counts.iter().map(|c| c.is_none_or(|n| n < k)).collect();
    loop {
        let hidden_count = hidden.iter().filter(|&&h| h).count();
        let hidden_sum: u64 = counts
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(c, _)| c.unwrap_or(0))
            .sum();
        let exposed = hidden_count == 1 || (hidden_count > 1 && hidden_sum < k);
        let smallest_visible = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(_, c)| c.unwrap_or(0))
            .map(|(i, _)| i);
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
        let counts: Vec<Option<u64>> = counts.iter().map(|&n| Some(n)).collect();
        hidden_siblings(&counts, k)
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
        // 1 and 2 hidden add up to 3 < 5: the next smallest (4... none below k left) must go.
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
