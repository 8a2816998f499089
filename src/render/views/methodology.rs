//! The methodology page.

use super::*;

/// The methodology page's view.
#[derive(Debug, Clone, Serialize)]
pub struct MethodologyPage {
    /// "95 %".
    pub confidence: String,
    /// "0.05".
    pub significance: String,
    /// Minimum answers for comments in confidential surveys.
    pub comment_min: u64,
    /// Comments each side needs before a segment's themes are compared with the rest.
    pub themes_compared: u64,
    /// Comments a period needs before its theme shares are shown over time.
    pub period_comments: u64,
    /// Comments a typical period needs before themes are shown by it rather than by quarter or
    /// year.
    pub wanted_period_comments: u64,
    /// Whether the site has `themes.csv` (comment themes are configured).
    pub themes_sheet: bool,
    /// With `timezone`, that answers are counted on their day there: "Answers are counted …".
    pub timezone: Option<String>,
    /// With weekly surveys, how their weeks are counted: "Customer NPS: answers are counted in
    /// ISO 8601 weeks …".
    pub weeks: Option<String>,
    /// With CSAT surveys asked on a 1-7 scale, how their CSAT is counted, naming them.
    pub seven_point: Option<String>,
    /// When comments are shown redacted, what is taken out of them: "Comments are shown with
    /// e-mail addresses replaced by …".
    pub redacted: Option<String>,
    /// Per survey: its rules and data.
    pub surveys: Vec<MethodologySurvey>,
    /// Whether a survey is confidential: only then are the anonymity rules explained.
    pub any_confidential: bool,
    /// Whether a survey has drivers: only then is their analysis explained, and the site has
    /// `drivers.csv`.
    pub any_drivers: bool,
}

/// A survey on the methodology page.
#[derive(Debug, Clone, Serialize)]
pub struct MethodologySurvey {
    /// Title.
    pub title: String,
    /// Metric.
    pub metric: &'static str,
    /// Minimum answers.
    pub min_n: u64,
    /// The minimum in words: "30 answers", "1 answer".
    pub min_answers: String,
    /// Employee anonymity applies.
    pub confidential: bool,
    /// Files read.
    pub files: Vec<String>,
    /// "score outside the scale: 3, response id seen before: 1".
    pub skipped: String,
    /// Rows read.
    pub records: String,
    /// For a tallied export, that its counts are answers: "… is read from a tallied export …".
    pub tallied: Option<String>,
    /// With `only` or `leave_out`, that rows are filtered: "… reads only the rows that pass
    /// these filters …".
    pub filtered: Option<String>,
    /// Each filter: "column \"Status\": not \"Survey Preview\", \"Spam\"".
    pub filters: Vec<String>,
    /// With `no_answer`, the answers read as skipped questions: "… reads the answers \"N/A\" …".
    pub no_answer: Option<String>,
    /// Empty scores skipped.
    pub empty_scores: String,
    /// Periods covered.
    pub period: String,
}

/// A survey's filters in words, `only` ones first.
fn filters(t: &Texts, survey: &crate::report::SurveyReport) -> Vec<String> {
    (survey.filters())
        .map(|(column, values, only)| {
            let values: Vec<String> = (values.0.iter())
                .map(|value| t.fill("methodology.filter_value", &[("value", value)]))
                .collect();
            let key = if only {
                "methodology.filter_only"
            } else {
                "methodology.filter_leave_out"
            };
            t.fill(key, &[("column", &column), ("values", &values.join(", "))])
        })
        .collect()
}

/// How weekly surveys' weeks are counted, naming them; `None` without one.
fn weekly_surveys(t: &Texts, report: &Report) -> Option<String> {
    let weekly: Vec<&str> = (report.surveys.iter())
        .filter(|s| s.period_kind == crate::config::PeriodKind::Week)
        .map(|s| s.title.as_str())
        .collect();
    (!weekly.is_empty()).then(|| t.fill("methodology.weeks", &[("surveys", &weekly.join(", "))]))
}

/// How CSAT surveys asked on a 1-7 scale are counted, naming them; `None` without one.
fn seven_point_surveys(t: &Texts, report: &Report) -> Option<String> {
    let seven: Vec<&str> = (report.surveys.iter())
        .filter(|s| s.kind == crate::config::Kind::Csat { points: 7 })
        .map(|s| s.title.as_str())
        .collect();
    (!seven.is_empty())
        .then(|| t.fill("methodology.seven_point", &[("surveys", &seven.join(", "))]))
}

/// Builds the methodology page's view.
pub fn methodology(report: &Report) -> MethodologyPage {
    let t = report.locale.texts();
    MethodologyPage {
        confidence: confidence(t, report.confidence),
        significance: t.decimal(report.significance, decimals(report.significance)),
        comment_min: crate::privacy::COMMENT_MIN,
        themes_compared: crate::analyse::MIN_COMMENTS_COMPARED,
        period_comments: crate::report::MIN_PERIOD_COMMENTS,
        wanted_period_comments: crate::report::WANTED_PERIOD_COMMENTS,
        themes_sheet: !report.themes.is_empty(),
        any_confidential: report.surveys.iter().any(|s| s.confidential),
        any_drivers: report.has_drivers(),
        timezone: (report.timezone.as_ref())
            .map(|zone| t.fill("methodology.timezone", &[("zone", zone)])),
        weeks: weekly_surveys(t, report),
        seven_point: seven_point_surveys(t, report),
        redacted: (report.redact && report.surveys.iter().any(|s| s.reads_comments)).then(|| {
            t.fill(
                "methodology.redacted",
                &[
                    ("email", &t.get("comments.redacted_email")),
                    ("number", &t.get("comments.redacted_number")),
                    ("digits", &crate::redact::MIN_DIGITS),
                ],
            )
        }),
        surveys: report
            .surveys
            .iter()
            .map(|s| MethodologySurvey {
                title: s.title.clone(),
                metric: s.kind.metric(),
                min_n: s.min_n,
                min_answers: t.count_of("group.answers", s.min_n),
                confidential: s.confidential,
                files: s
                    .files
                    .iter()
                    .map(|f| match &f.source {
                        crate::report::SourceReport::Sheet { sheet } => {
                            format!("{} ({sheet})", f.path)
                        }
                        crate::report::SourceReport::Text { .. } => f.path.clone(),
                    })
                    .collect(),
                skipped: skipped_words(t, &s.skipped),
                records: t.count(s.records),
                tallied: (s.count_column.as_ref()).map(|column| {
                    t.fill(
                        "methodology.tallied",
                        &[("survey", &s.title), ("column", column)],
                    )
                }),
                filtered: (s.filters().next().is_some())
                    .then(|| t.fill("methodology.filters", &[("survey", &s.title)])),
                filters: filters(t, s),
                no_answer: (!s.no_answer.is_empty()).then(|| {
                    let values: Vec<String> = (s.no_answer.iter())
                        .map(|value| t.fill("methodology.filter_value", &[("value", value)]))
                        .collect();
                    t.fill(
                        "methodology.no_answer",
                        &[("survey", &s.title), ("values", &values.join(", "))],
                    )
                }),
                empty_scores: t.count(s.empty_scores),
                period: covered(t, s),
            })
            .collect(),
    }
}
