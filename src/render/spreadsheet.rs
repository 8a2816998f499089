//! Every figure the site shows as one table, `figures.csv`, for readers who sort, filter and
//! pivot in Excel or Google Sheets; when comment themes are configured, every theme figure as
//! another, `themes.csv`; and when a survey has drivers, every driver figure as a third,
//! `drivers.csv`.
//!
//! Written the way a spreadsheet opens it in the report's language: UTF-8 with a byte-order mark
//! (without one, Excel reads "Tromsø" as Windows-1252), `,` and a decimal point in English, `;`
//! and a decimal comma in Norwegian, Swedish and Danish (their Excel splits on `;` and reads
//! `4.5` as text). Text from survey files that a spreadsheet would run as a formula is prefixed with `'`
//! (OWASP, "CSV Injection"). Hidden groups are listed as hidden, with no figure, as in
//! `metrics.json`.

use std::collections::BTreeSet;
use std::io::Write;

use crate::locale::Texts;
use crate::period::Period;
use crate::report::{
    Breakdown, Change, Contrast, DriverAnswers, DriverFigure, Explained, Figure, GroupReport,
    Report, Standing, SurveyReport,
};
use crate::stats::Estimate;

/// The file's name in the site.
pub const FILE: &str = "figures.csv";

/// The theme figures' file in the site, written when themes are configured.
pub const THEMES_FILE: &str = "themes.csv";

/// The driver figures' file in the site, written when a survey has drivers.
pub const DRIVERS_FILE: &str = "drivers.csv";

/// The columns, by their key under `[spreadsheet]` in the locale files.
const COLUMNS: [&str; 32] = [
    "survey",
    "measure",
    "scale",
    "dimension",
    "value",
    "period",
    "status",
    "answers",
    "score",
    "low",
    "high",
    "top",
    "middle",
    "bottom",
    "mean",
    "mean_low",
    "mean_high",
    "change_previous",
    "p_previous",
    "verdict_previous",
    "change_year",
    "p_year",
    "verdict_year",
    "vs_rest",
    "q_vs_rest",
    "verdict_vs_rest",
    "response_rate",
    "invited",
    "explained",
    "q_explained",
    "verdict_explained",
    "explained_size",
];

/// A group's cells under the last four columns, which only a dimension's row fills.
const EXPLAINED_NONE: [String; 4] = [const { String::new() }; 4];

/// The columns of `themes.csv`, by their key under `[spreadsheet]` in the locale files.
const THEME_COLUMNS: [&str; 29] = [
    "survey",
    "dimension",
    "value",
    "period",
    "theme",
    "comments",
    "mentioning",
    "share",
    "top_mentioning",
    "top_share",
    "middle_mentioning",
    "middle_share",
    "bottom_mentioning",
    "bottom_share",
    "theme_vs_rest",
    "q_vs_rest",
    "verdict_vs_rest",
    "theme_change",
    "q_change",
    "verdict_change",
    "theme_change_year",
    "q_change_year",
    "verdict_change_year",
    "theme_score",
    "theme_score_low",
    "theme_score_high",
    "theme_vs_others",
    "q_others",
    "verdict_others",
];

/// The columns of `drivers.csv`, by their key under `[spreadsheet]` in the locale files.
const DRIVER_COLUMNS: [&str; 27] = [
    "survey",
    "driver",
    "dimension",
    "value",
    "period",
    "status",
    "answers",
    "answered_1",
    "answered_2",
    "answered_3",
    "answered_4",
    "answered_5",
    "favourable",
    "low",
    "high",
    "r",
    "r_low",
    "r_high",
    "q_relation",
    "verdict_relation",
    "priority",
    "favourable_vs_rest",
    "q_vs_rest",
    "verdict_vs_rest",
    "favourable_change",
    "q_change",
    "verdict_change",
];

/// The verdicts of a value's favourable share of a driver against the rest's.
const DRIVER_REST_VERDICTS: [&str; 3] = ["more_favourable", "less_favourable", "unclear"];

/// The verdicts of a driver's favourable share in the latest period against the period
/// before's.
const DRIVER_CHANGE_VERDICTS: [&str; 3] =
    ["more_favourable_before", "less_favourable_before", "flat"];

/// The verdicts of a value's theme share against the rest's, by their key under `[spreadsheet]`.
const REST_VERDICTS: [&str; 3] = ["more_often", "less_often", "unclear"];

/// The verdicts of a theme's share in the latest period against the period before's.
const CHANGE_VERDICTS: [&str; 3] = ["more_often_before", "less_often_before", "flat"];

/// The verdicts of a theme's share in the latest period against a year earlier's.
const YEAR_VERDICTS: [&str; 3] = ["more_often_year", "less_often_year", "flat"];

/// The verdicts of the score of the answers whose comments mention a theme against the score of
/// those whose comments do not.
const OTHERS_VERDICTS: [&str; 3] = ["higher_others", "lower_others", "unclear"];

/// A spreadsheet in the report's language with the header `columns`, at `out`.
fn sheet<'w>(
    t: &Texts,
    columns: &[&str],
    out: &'w mut dyn Write,
) -> std::io::Result<csv::Writer<&'w mut dyn Write>> {
    // Where a comma marks decimals, spreadsheets split fields on semicolons.
    let delimiter = if t.decimal_separator() == ',' {
        b';'
    } else {
        b','
    };
    out.write_all("\u{feff}".as_bytes())?;
    let mut csv = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let header: Vec<&str> = (columns.iter())
        .map(|key| t.get(&format!("spreadsheet.{key}")))
        .collect();
    csv.write_record(&header)?;
    Ok(csv)
}

/// Writes the report's figures: per survey, all answers and then each dimension (how much of the
/// variation between answers it explains, when the site says) and its values, each over all
/// periods and then period by period.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let t = report.locale.texts();
    let mut csv = sheet(t, &COLUMNS, out)?;
    let rows = Rows { t };
    for survey in &report.surveys {
        rows.group(
            &mut csv,
            survey,
            "",
            t.get("spreadsheet.all_answers"),
            &survey.overall,
        )?;
        for dimension in &survey.dimensions {
            if let Some(explained) = &dimension.explained {
                rows.explained(&mut csv, survey, &dimension.title, explained)?;
            }
            for value in &dimension.values {
                rows.group(&mut csv, survey, &dimension.title, &value.name, value)?;
                for breakdown in &value.breakdowns {
                    rows.breakdown(&mut csv, survey, (&dimension.title, value), breakdown)?;
                }
            }
        }
    }
    csv.flush()
}

/// Writes the theme figures: per survey with comments, each theme over all periods, the comments
/// that mention none, and each theme period by period; then each dimension value's themes,
/// against the rest of the survey's comments. Values the site does not show themes for (too
/// few comments, or hidden) have no rows.
pub fn write_themes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let t = report.locale.texts();
    let mut csv = sheet(t, &THEME_COLUMNS, out)?;
    let rows = Rows { t };
    let (all_answers, all_periods) = (
        t.get("spreadsheet.all_answers"),
        t.get("spreadsheet.all_periods"),
    );
    for survey in &report.surveys {
        let Some(text) = &survey.text else {
            continue;
        };
        let theme_lead = |dimension: &str, value: &str, period: &str, theme: &str| {
            [survey.title.as_str(), dimension, value, period, theme].map(quoted_as_text)
        };
        let unthemed = (text.unthemed.iter())
            .map(|counts| (t.get("group.no_theme"), counts, text.unthemed_score, None));
        let themes = (text.themes.iter())
            .map(|theme| (&*theme.name, &theme.total, theme.score, Some(theme)));
        for (name, mentions, score, theme) in themes.chain(unthemed) {
            let mut row = theme_lead("", all_answers, all_periods, name).to_vec();
            row.extend(rows.mentions(mentions, Some(&text.comments)));
            row.extend(rows.contrast(None));
            row.extend(rows.contrast(None));
            row.extend(rows.contrast(None));
            row.extend(rows.estimate(score));
            let vs_others = theme.and_then(|theme| theme.vs_others.as_ref());
            row.extend(rows.theme_contrast(vs_others, OTHERS_VERDICTS));
            csv.write_record(&row)?;
        }
        // Per period, and per month, quarter or year too when the site shows themes over those.
        let kinds = std::iter::once(survey.period_kind)
            .chain(text.trend_kind(survey.period_kind))
            .collect::<BTreeSet<_>>();
        for kind in kinds {
            let comments = text.comments_per(kind);
            for theme in &text.themes {
                let mut mentions = theme.mentions_per(kind);
                // The latest period compared has a row even when no comment of it mentions the
                // theme.
                let latest = |compared: Option<[Period; 2]>, change: Option<&Contrast>| {
                    (compared.map(|[_, to]| to)).filter(|to| to.kind == kind && change.is_some())
                };
                let compared = latest(text.compared, theme.change.as_ref());
                let compared_year = latest(text.compared_year, theme.change_year.as_ref());
                for to in compared.iter().chain(&compared_year) {
                    mentions.entry(*to).or_default();
                }
                for (period, mentions) in mentions {
                    let period_text = period.to_string();
                    let mut row = theme_lead("", all_answers, &period_text, &theme.name).to_vec();
                    row.extend(rows.mentions(&mentions, comments.get(&period)));
                    row.extend(rows.contrast(None));
                    let change = theme.change.as_ref().filter(|_| compared == Some(period));
                    row.extend(rows.theme_contrast(change, CHANGE_VERDICTS));
                    let year =
                        (theme.change_year.as_ref()).filter(|_| compared_year == Some(period));
                    row.extend(rows.theme_contrast(year, YEAR_VERDICTS));
                    row.extend(NO_SCORE);
                    csv.write_record(&row)?;
                }
            }
        }
        for dimension in &survey.dimensions {
            for value in &dimension.values {
                let Some(text) = &value.text else {
                    continue;
                };
                for theme in &text.themes {
                    let (dimension, value) = (&dimension.title, &value.name);
                    let mut row = theme_lead(dimension, value, all_periods, &theme.name).to_vec();
                    row.extend(rows.mentions(&theme.mentions, Some(&text.comments)));
                    row.extend(rows.theme_contrast(theme.vs_rest.as_ref(), REST_VERDICTS));
                    row.extend(rows.contrast(None));
                    row.extend(rows.contrast(None));
                    row.extend(NO_SCORE);
                    csv.write_record(&row)?;
                }
            }
        }
    }
    csv.flush()
}

/// Writes the driver figures: per survey with drivers, each driver over all answers (its
/// relation to the score and its priority) and in each period (the latest against the period
/// before), then each dimension value's answers to each driver against the rest of the
/// survey's, over all periods.
pub fn write_drivers(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let t = report.locale.texts();
    let mut csv = sheet(t, &DRIVER_COLUMNS, out)?;
    let rows = Rows { t };
    let (all_answers, all_periods) = (
        t.get("spreadsheet.all_answers"),
        t.get("spreadsheet.all_periods"),
    );
    for survey in &report.surveys {
        let lead = |driver: &str, dimension: &str, value: &str, period: &str| {
            [survey.title.as_str(), driver, dimension, value, period].map(quoted_as_text)
        };
        for driver in &survey.drivers {
            let mut row = lead(&driver.title, "", all_answers, all_periods).to_vec();
            match &driver.figure {
                DriverFigure::Shown(scores) => {
                    let shown = DriverAnswers::Shown {
                        n: scores.n,
                        distribution: scores.distribution,
                        favourable: scores.favourable,
                        vs_rest: None,
                    };
                    row.extend(rows.driver_answers(&shown));
                    row.extend(rows.relation(scores.relation.as_ref()));
                }
                DriverFigure::TooFew { n } => {
                    row.extend(rows.driver_answers(&DriverAnswers::TooFew { n: *n }));
                }
            }
            write_driver_row(&mut csv, row)?;
            for period in driver.figure.shown().map_or(&[][..], |s| &s.periods) {
                let period_text = period.period.to_string();
                let mut row = lead(&driver.title, "", all_answers, &period_text).to_vec();
                row.extend(rows.driver_answers(&period.answers));
                row.extend(rows.relation(None));
                row.extend(rows.contrast(None));
                let change = period.change_previous.as_ref();
                row.extend(rows.theme_contrast(change, DRIVER_CHANGE_VERDICTS));
                write_driver_row(&mut csv, row)?;
            }
        }
        for dimension in &survey.dimensions {
            for value in &dimension.values {
                for (driver, answers) in survey.drivers.iter().zip(&value.drivers) {
                    let (dimension, value) = (&dimension.title, &value.name);
                    let mut row = lead(&driver.title, dimension, value, all_periods).to_vec();
                    row.extend(rows.driver_answers(answers));
                    row.extend(rows.relation(None));
                    row.extend(rows.theme_contrast(answers.vs_rest(), DRIVER_REST_VERDICTS));
                    write_driver_row(&mut csv, row)?;
                }
            }
        }
    }
    csv.flush()
}

/// Writes a row of `drivers.csv`, its cells past `row` empty.
fn write_driver_row<W: Write>(
    csv: &mut csv::Writer<W>,
    mut row: Vec<String>,
) -> std::io::Result<()> {
    row.resize(DRIVER_COLUMNS.len(), String::new());
    csv.write_record(&row)?;
    Ok(())
}

/// A theme row's cells under the last six columns, which only a survey's theme over all
/// periods fills.
const NO_SCORE: [String; 6] = [const { String::new() }; 6];

/// How cells are written in the report's language.
struct Rows<'t> {
    t: &'t Texts,
}

impl Rows<'_> {
    /// A group's rows: its figure over all periods, then one per period.
    fn group<W: Write>(
        &self,
        csv: &mut csv::Writer<W>,
        survey: &SurveyReport,
        dimension: &str,
        value: &str,
        group: &GroupReport,
    ) -> std::io::Result<()> {
        let lead = lead(survey, dimension, value);
        let all = self.t.get("spreadsheet.all_periods").to_string();
        let mut row: Vec<String> = lead.iter().cloned().chain([all]).collect();
        row.extend(self.figure(&group.total));
        row.extend(self.change(None));
        row.extend(self.change(None));
        row.extend(self.contrast(group.vs_rest.as_ref()));
        row.extend(self.rate(group.response_rate.as_ref()));
        row.extend(EXPLAINED_NONE);
        csv.write_record(&row)?;
        for period in &group.periods {
            let mut row: Vec<String> = lead
                .iter()
                .cloned()
                .chain([period.period.to_string()])
                .collect();
            row.extend(self.figure(&period.figure));
            row.extend(self.change(period.change_previous.as_ref()));
            row.extend(self.change(period.change_year.as_ref()));
            row.extend(self.contrast(period.vs_rest.as_ref()));
            row.extend(self.rate(period.response_rate.as_ref()));
            row.extend(EXPLAINED_NONE);
            csv.write_record(&row)?;
        }
        Ok(())
    }

    /// A value's breakdown by another dimension, a row per value over all periods: dimension
    /// "Region × Channel", value "Oslo × App", against the rest of Oslo's answers.
    fn breakdown<W: Write>(
        &self,
        csv: &mut csv::Writer<W>,
        survey: &SurveyReport,
        (title, value): (&str, &GroupReport),
        breakdown: &Breakdown,
    ) -> std::io::Result<()> {
        let dimension = format!("{title} × {}", breakdown.title);
        let all = self.t.get("spreadsheet.all_periods").to_string();
        for cell in &breakdown.values {
            let name = format!("{} × {}", value.name, cell.name);
            let mut row: Vec<String> = (lead(survey, &dimension, &name).into_iter())
                .chain([all.clone()])
                .collect();
            row.extend(self.figure(&cell.total));
            row.extend(self.change(None));
            row.extend(self.change(None));
            row.extend(self.contrast(cell.vs_rest.as_ref()));
            row.extend(self.rate(None));
            row.extend(EXPLAINED_NONE);
            csv.write_record(&row)?;
        }
        Ok(())
    }

    /// A dimension's row: its value empty, every group figure empty, and the share of the
    /// variation between answers it explains (ω², in percent), the p-value adjusted over the
    /// survey's dimensions, whether that is more than chance, and the share's size.
    fn explained<W: Write>(
        &self,
        csv: &mut csv::Writer<W>,
        survey: &SurveyReport,
        dimension: &str,
        explained: &Explained,
    ) -> std::io::Result<()> {
        let all = self.t.get("spreadsheet.all_periods").to_string();
        let lead: Vec<String> = lead(survey, dimension, "")
            .into_iter()
            .chain([all])
            .collect();
        let verdict = match explained.significant {
            true => "explained.more_than_chance",
            false => "explained.chance",
        };
        let cells = [
            self.number(100.0 * explained.anova.share, 1),
            self.number(explained.q_value, 4),
            self.t.get(verdict).to_string(),
            (self.t.get(&format!("explained.{}", explained.size().key()))).to_string(),
        ];
        let empty = COLUMNS.len() - lead.len() - cells.len();
        let row = (lead.into_iter())
            .chain(std::iter::repeat_n(String::new(), empty))
            .chain(cells);
        csv.write_record(row)?;
        Ok(())
    }

    /// A status in the report's language: `shown`, `too_few` or `hidden`.
    fn status(&self, key: &str) -> String {
        self.t.get(&format!("spreadsheet.{key}")).to_string()
    }

    /// Status, answers, score and interval, the three groups' shares, mean and its interval.
    fn figure(&self, figure: &Figure) -> [String; 11] {
        let status = |key: &str| self.status(key);
        match figure {
            Figure::Shown(s) => {
                let share = |count: u64| self.number(100.0 * count as f64 / s.n as f64, 1);
                let mean = |f: fn(&crate::report::Mean) -> f64| {
                    s.mean
                        .as_ref()
                        .map_or(String::new(), |m| self.number(f(m), 2))
                };
                [
                    status("shown"),
                    s.n.to_string(),
                    self.number(s.score.value, 1),
                    self.number(s.score.low, 1),
                    self.number(s.score.high, 1),
                    share(s.groups.top),
                    share(s.groups.middle),
                    share(s.groups.bottom),
                    mean(|m| m.value),
                    mean(|m| m.interval.low),
                    mean(|m| m.interval.high),
                ]
            }
            Figure::TooFew { n } => {
                let mut cells: [String; 11] = Default::default();
                cells[0] = status("too_few");
                cells[1] = n.to_string();
                cells
            }
            Figure::Suppressed => {
                let mut cells: [String; 11] = Default::default();
                cells[0] = status("hidden");
                cells
            }
        }
    }

    /// A change: its size, p-value and verdict ("up" or "down" only when significant).
    fn change(&self, change: Option<&Change>) -> [String; 3] {
        let Some(change) = change else {
            return Default::default();
        };
        let verdict = match (change.significant, change.difference.value > 0.0) {
            (true, true) => "up",
            (true, false) => "down",
            (false, _) => "flat",
        };
        [
            self.number(change.difference.value, 1),
            self.number(change.p_value, 4),
            self.t.get(&format!("spreadsheet.{verdict}")).to_string(),
        ]
    }

    /// A value against the rest: the difference, its adjusted p-value and the verdict.
    fn contrast(&self, contrast: Option<&Contrast>) -> [String; 3] {
        let Some(contrast) = contrast else {
            return Default::default();
        };
        let verdict = match contrast.standing() {
            Standing::Above => "above",
            Standing::Below => "below",
            Standing::Unclear => "unclear",
        };
        [
            self.number(contrast.difference.value, 1),
            self.number(contrast.q_value, 4),
            self.t.get(&format!("spreadsheet.{verdict}")).to_string(),
        ]
    }

    /// Comments, those mentioning a theme and their share, then each scale group's mentions and
    /// their share of the group's comments; shares only where the comments are known.
    fn mentions(&self, mentions: &[u64; 3], comments: Option<&[u64; 3]>) -> [String; 9] {
        let share = |n: u64, of: u64| match of {
            0 => String::new(),
            of => self.number(100.0 * n as f64 / of as f64, 1),
        };
        let all: u64 = mentions.iter().sum();
        let mut cells: [String; 9] = Default::default();
        cells[1] = all.to_string();
        for g in 0..3 {
            cells[3 + 2 * g] = mentions[g].to_string();
        }
        if let Some(comments) = comments {
            let total: u64 = comments.iter().sum();
            cells[0] = total.to_string();
            cells[2] = share(all, total);
            for g in 0..3 {
                cells[4 + 2 * g] = share(mentions[g], comments[g]);
            }
        }
        cells
    }

    /// A value's share of comments mentioning a theme against the rest's: the difference in
    /// percentage points, its adjusted p-value and the verdict.
    fn theme_contrast(
        &self,
        contrast: Option<&Contrast>,
        [more, less, unclear]: [&str; 3],
    ) -> [String; 3] {
        let mut cells = self.contrast(contrast);
        if let Some(contrast) = contrast {
            let verdict = match contrast.standing() {
                Standing::Above => more,
                Standing::Below => less,
                Standing::Unclear => unclear,
            };
            cells[2] = self.t.get(&format!("spreadsheet.{verdict}")).to_string();
        }
        cells
    }

    /// A group's answers to a driver: its status, answers, how many answered 1, 2, 3, 4 and
    /// 5, and its favourable share with the interval; the count only with too few, nothing but
    /// the status when hidden.
    fn driver_answers(&self, answers: &DriverAnswers) -> [String; 10] {
        let status = |key: &str| self.status(key);
        let mut cells: [String; 10] = Default::default();
        match answers {
            DriverAnswers::Shown {
                n,
                distribution,
                favourable,
                ..
            } => {
                cells[0] = status("shown");
                cells[1] = n.to_string();
                for (cell, count) in cells[2..7].iter_mut().zip(distribution) {
                    *cell = count.to_string();
                }
                cells[7..].clone_from_slice(&self.estimate(Some(*favourable)));
            }
            DriverAnswers::TooFew { n } => {
                cells[0] = status("too_few");
                cells[1] = n.to_string();
            }
            DriverAnswers::Suppressed => cells[0] = status("hidden"),
        }
        cells
    }

    /// How closely a driver's answers go with the score's: r and its interval, the adjusted
    /// p-value, the verdict and the priority, when there is one.
    fn relation(&self, relation: Option<&crate::report::Relation>) -> [String; 6] {
        let Some(relation) = relation else {
            return Default::default();
        };
        let r = relation.r;
        let verdict = match relation.significant {
            true => "spreadsheet.related",
            false => "spreadsheet.not_related",
        };
        let priority =
            (relation.priority).map_or("", |p| self.t.get(&format!("drivers.{}", p.key())));
        [
            self.number(r.value, 2),
            self.number(r.low, 2),
            self.number(r.high, 2),
            self.number(relation.q_value, 4),
            self.t.get(verdict).to_string(),
            priority.to_string(),
        ]
    }

    /// A score and its interval.
    fn estimate(&self, estimate: Option<Estimate>) -> [String; 3] {
        estimate.map_or(Default::default(), |e| {
            [e.value, e.low, e.high].map(|v| self.number(v, 1))
        })
    }

    /// The response rate in percent and the people invited.
    fn rate(&self, rate: Option<&crate::report::ResponseRate>) -> [String; 2] {
        match rate {
            Some(rate) => [self.number(rate.rate.value, 1), rate.invited.to_string()],
            None => Default::default(),
        }
    }

    /// A number as the spreadsheet reads it: `places` decimals, no grouping, `-` for minus.
    fn number(&self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        // "-0.0" reads as a negative zero.
        let text = match text.strip_prefix('-') {
            Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
            _ => text,
        };
        match self.t.decimal_separator() {
            '.' => text,
            mark => text.replace('.', &mark.to_string()),
        }
    }
}

/// The cells that say whose figure a row of `figures.csv` holds: survey, measure, its scale
/// ("1–7": a CSAT mean means nothing without it; an en dash, which Excel does not read as a
/// date), dimension and value.
fn lead(survey: &SurveyReport, dimension: &str, value: &str) -> [String; 5] {
    let [lowest, highest] = survey.scale;
    [
        quoted_as_text(&survey.title),
        survey.kind.to_string(),
        format!("{lowest}–{highest}"),
        quoted_as_text(dimension),
        quoted_as_text(value),
    ]
}

/// Text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return), prefixed with `'` so that it is shown as written.
fn quoted_as_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Locale;

    #[test]
    fn formulas_in_survey_text_are_shown_as_text() {
        assert_eq!(quoted_as_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(quoted_as_text("+47 Oslo"), "'+47 Oslo");
        assert_eq!(quoted_as_text("-1"), "'-1");
        assert_eq!(quoted_as_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(quoted_as_text("\tTab"), "'\tTab");
        assert_eq!(quoted_as_text("Oslo = best"), "Oslo = best");
        assert_eq!(quoted_as_text(""), "");
    }

    #[test]
    fn numbers_use_the_languages_decimal_mark_and_no_negative_zero() {
        let en = Rows {
            t: Locale::En.texts(),
        };
        let nb = Rows {
            t: Locale::Nb.texts(),
        };
        assert_eq!(en.number(-12.345, 1), "-12.3");
        assert_eq!(nb.number(-12.345, 1), "-12,3");
        assert_eq!(nb.number(1234.5, 1), "1234,5");
        assert_eq!(en.number(-0.04, 1), "0.0");
        assert_eq!(en.number(0.00004, 4), "0.0000");
    }
}
