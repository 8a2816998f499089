//! Live figures in the narrative: `{{ figure(survey="customers", what="score") }}` in a Markdown
//! page is replaced by the report's figure before the Markdown is read, so the CEO's text never
//! goes stale. `dimension="region", value="Oslo"` asks for one segment's figure instead. An
//! unknown survey, segment, figure or period is a build error naming the page.

use crate::period::Period;
use crate::render::format;
use crate::render::views::{ChangeView, ContrastView};
use crate::report::{
    Contrast, DimensionReport, DriverAnswers, DriverFigure, Figure, GroupReport, PeriodFigure,
    Report, SurveyReport, TextReport, ThemeReport,
};

/// The figures a page can ask for.
pub const KNOWN: [&str; 19] = [
    "score",
    "interval",
    "n",
    "top",
    "middle",
    "bottom",
    "change",
    "response_rate",
    "period",
    "vs_rest",
    "explained",
    "theme",
    "theme_change",
    "theme_change_year",
    "theme_score",
    "driver_favourable",
    "driver_r",
    "driver_priority",
    "driver_change",
];

/// What a live figure asks for: the arguments of `figure(…)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    /// The survey's id.
    pub survey: &'a str,
    /// One of [`KNOWN`].
    pub what: &'a str,
    /// `None`: the latest; `"all"`: all answers; otherwise a period id like `2025-12`.
    pub period: Option<&'a str>,
    /// A dimension's id, for one segment's figure (with `value`) or what it explains.
    pub dimension: Option<&'a str>,
    /// A value's name as in the data, or its slug.
    pub value: Option<&'a str>,
    /// The theme `what="theme"`, `"theme_change"`, `"theme_change_year"` or `"theme_score"`
    /// asks about.
    pub theme: Option<&'a str>,
    /// The id of the driver `what="driver_favourable"`, `"driver_r"`, `"driver_priority"` or
    /// `"driver_change"` asks about.
    pub driver: Option<&'a str>,
}

/// A segment's figure against the rest: over all answers, or in the period asked for (one of
/// the survey's recent periods).
fn contrast<'g>(
    group: &'g GroupReport,
    period: Option<&str>,
    entry: Option<&'g PeriodFigure>,
) -> Option<&'g Contrast> {
    match period {
        None | Some("all") => group.vs_rest.as_ref(),
        Some(_) => entry?.vs_rest.as_ref(),
    }
}

/// The text of the figure `request` asks for. `vs_rest` is a segment's figure over all answers
/// (or in a recent period) against the rest; `explained` the share of the differences between
/// answers a `dimension` explains; `theme` the share of all comments (of the survey or a
/// segment) that mention a theme; `driver_favourable`, `driver_r` and `driver_priority` a
/// driver's figures over all answers, `driver_change` its favourable share in the latest period
/// against the period before.
pub fn figure(report: &Report, request: Request<'_>) -> Result<String, String> {
    let Request {
        survey,
        what,
        period,
        dimension,
        value,
        theme,
        driver,
    } = request;
    let s = report
        .surveys
        .iter()
        .find(|s| s.id == survey)
        .ok_or_else(|| {
            let known: Vec<&str> = report.surveys.iter().map(|s| s.id.as_str()).collect();
            format!(
                "figure(): no survey \"{survey}\"; known: {}",
                known.join(", ")
            )
        })?;
    if !KNOWN.contains(&what) {
        return Err(format!(
            "figure(): unknown what=\"{what}\"; known: {}",
            KNOWN.join(", ")
        ));
    }
    paired_argument(what, "theme", theme.is_some(), "a theme's name")?;
    paired_argument(what, "driver", driver.is_some(), "a driver's id")?;
    // These theme and driver figures are of all the survey's answers: no period or segment.
    let survey_wide = match what {
        "theme_score" => {
            Some("is the score of all the survey's answers whose comments mention the theme")
        }
        "theme_change" | "theme_change_year" => {
            Some("compares the survey's latest period with the one before or a year earlier")
        }
        "driver_change" => Some("compares the survey's latest period with the one before"),
        "driver_r" | "driver_priority" => Some("is over all the survey's answers"),
        _ => None,
    };
    if let Some(reason) = survey_wide
        && (period.is_some() || dimension.is_some() || value.is_some())
    {
        return Err(format!(
            "figure(): what=\"{what}\" {reason}: leave out period, dimension and value"
        ));
    }
    if let Some(id) = driver {
        return driver_figure(report, s, request, id);
    }
    if what == "explained" {
        return match (dimension, value) {
            (Some(dimension), None) => {
                let d = find_dimension(s, dimension)?;
                Ok(d.explained.map_or("–".into(), |e| {
                    format::fraction(report.locale.texts(), e.anova.share)
                }))
            }
            _ => Err("figure(): what=\"explained\" needs a dimension and no value".into()),
        };
    }
    let segment = match (dimension, value) {
        (Some(dimension), Some(value)) => Some((dimension, value)),
        (None, None) => None,
        _ => return Err("figure(): dimension and value go together".into()),
    };
    let group = match segment {
        None => &s.overall,
        Some((dimension, value)) => find_segment(s, dimension, value)?,
    };
    let t = report.locale.texts();
    if let Some(theme) = theme {
        let index = (s.themes.iter().position(|name| name == theme)).ok_or_else(|| {
            let configured = report.themes.iter().any(|name| name == theme);
            let theme = theme.escape_debug();
            match configured {
                true => format!(
                    "figure(): theme \"{theme}\" is not counted in survey \"{survey}\"'s \
                     comments (see its surveys = [...]); it counts {}",
                    match s.themes.is_empty() {
                        true => "none".into(),
                        false => s.themes.join(", "),
                    }
                ),
                false => format!(
                    "figure(): no theme \"{theme}\"; known: {}",
                    report.themes.join(", ")
                ),
            }
        })?;
        if what == "theme_change" {
            return Ok(theme_change(
                t,
                s,
                index,
                |text| text.compared,
                |t| t.change,
            ));
        }
        if what == "theme_change_year" {
            return Ok(theme_change(
                t,
                s,
                index,
                |text| text.compared_year,
                |t| t.change_year,
            ));
        }
        if what == "theme_score" {
            return Ok(theme_score(t, s, index));
        }
        let period = match (period, segment) {
            (None | Some("all"), _) => None,
            (Some(_), Some(_)) => {
                return Err(
                    "figure(): a segment's theme share counts comments of all periods: \
                            leave out period"
                        .into(),
                );
            }
            (Some(id), None) => Some(named_period(s, group, id, segment)?.period),
        };
        return Ok(theme_share(t, s, segment.map(|_| group), index, period));
    }
    let (label, figure, entry) = match period {
        Some("all") => (covered(t, s), &group.total, None),
        Some(id) => {
            let p = named_period(s, group, id, segment)?;
            (t.period(p.period), &p.figure, Some(p))
        }
        None => {
            let p = find(group, |_| true)
                .ok_or_else(|| format!("figure(): {} has no answers", name(survey, segment)))?;
            (t.period(p.period), &p.figure, Some(p))
        }
    };
    let kind = s.kind;
    Ok(match (what, figure) {
        ("period", _) => label,
        ("change", _) => match entry.and_then(|p| p.change_previous.as_ref()) {
            Some(change) => ChangeView::new(t, kind, change)
                .text
                .trim_start_matches(['▲', '▼', ' '])
                .to_string(),
            None => "–".into(),
        },
        ("vs_rest", _) => match (segment, contrast(group, period, entry)) {
            (None, _) => {
                return Err("figure(): what=\"vs_rest\" needs a dimension and a value".into());
            }
            (Some(_), Some(contrast)) => ContrastView::new(t, kind, contrast)
                .words
                .text
                .trim_start_matches(['▲', '▼', ' '])
                .to_string(),
            (Some(_), None) => "–".into(),
        },
        ("response_rate", _) => {
            let rate = match entry {
                Some(p) => p.response_rate.as_ref(),
                None => group.response_rate.as_ref(),
            };
            rate.map_or("–".into(), |r| format::response_rate(t, r))
        }
        (_, Figure::Suppressed) => t.get("figure.hidden").into(),
        ("n", Figure::TooFew { n }) => t.count(*n),
        (_, Figure::TooFew { n }) => t.fill("figure.too_few", &[("n", &t.count(*n))]),
        (what, Figure::Shown(scores)) => match what {
            "score" => format::score(kind, scores.score.value),
            "interval" => format::interval(t, kind, scores.score.low, scores.score.high),
            "n" => t.count(scores.n),
            "top" => format::percent(scores.groups.top, scores.n),
            "middle" => format::percent(scores.groups.middle, scores.n),
            _ => format::percent(scores.groups.bottom, scores.n),
        },
    })
}

/// Checks that the argument `name` (`theme`, `driver`) is given exactly when `what` is one of
/// the figures named after it (`theme_score` takes `theme`).
fn paired_argument(what: &str, name: &str, given: bool, meaning: &str) -> Result<(), String> {
    match (what.starts_with(name), given) {
        (false, true) => {
            let whats: Vec<String> = (KNOWN.iter())
                .filter(|k| k.starts_with(name))
                .map(|k| format!("\"{k}\""))
                .collect();
            Err(format!(
                "figure(): {name} goes with what={}",
                whats.join(", ")
            ))
        }
        (true, false) => Err(format!(
            "figure(): what=\"{what}\" needs {name}=\"…\", {meaning}"
        )),
        _ => Ok(()),
    }
}

/// A driver's favourable share ("52 %": over all answers, in a `period`, or a segment's over all
/// periods), its r with the score ("0.68"), its priority ("improve first") or its change, as the
/// survey's page writes them; "–" without a relation, priority or change.
fn driver_figure(
    report: &Report,
    s: &SurveyReport,
    request: Request<'_>,
    id: &str,
) -> Result<String, String> {
    let t = report.locale.texts();
    let what = request.what;
    let k = (s.drivers.iter()).position(|d| d.id == id).ok_or_else(|| {
        let known: Vec<&str> = s.drivers.iter().map(|d| d.id.as_str()).collect();
        format!(
            "figure(): survey \"{}\" has no driver \"{}\"; known: {}",
            s.id,
            id.escape_debug(),
            match known.is_empty() {
                true => "none".into(),
                false => known.join(", "),
            }
        )
    })?;
    let driver = &s.drivers[k];
    let favourable = |answers: Option<&DriverAnswers>| match answers {
        Some(DriverAnswers::Shown { favourable, .. }) => format::whole_percent(favourable.value),
        Some(DriverAnswers::TooFew { n }) => t.fill("figure.too_few", &[("n", &t.count(*n))]),
        Some(DriverAnswers::Suppressed) => t.get("figure.hidden").into(),
        None => "–".into(),
    };
    let period = request.period.filter(|&p| p != "all");
    match (request.dimension, request.value, period) {
        (Some(_), Some(_), Some(_)) => {
            return Err(
                "figure(): a segment's answers to a driver count all periods: leave out period"
                    .into(),
            );
        }
        (Some(dimension), Some(value), None) => {
            let group = find_segment(s, dimension, value)?;
            return Ok(favourable(group.drivers.get(k)));
        }
        (None, None, Some(id)) => {
            let wanted = named_period(s, &s.overall, id, None)?.period;
            let periods = driver.figure.shown().map_or(&[][..], |s| &s.periods);
            let answers = periods.iter().find(|p| p.period == wanted);
            return Ok(favourable(answers.map(|p| &p.answers)));
        }
        (None, None, None) => {}
        _ => return Err("figure(): dimension and value go together".into()),
    }
    let scores = match &driver.figure {
        DriverFigure::Shown(scores) => scores,
        DriverFigure::TooFew { n } => {
            return Ok(t.fill("figure.too_few", &[("n", &t.count(*n))]));
        }
    };
    Ok(match what {
        "driver_favourable" => format::whole_percent(scores.favourable.value),
        "driver_r" => scores
            .relation
            .map_or("–".into(), |r| t.decimal(r.r.value, 2)),
        "driver_change" => (scores.periods.last())
            .and_then(|latest| Some((latest.period, latest.change_previous?)))
            .map_or("–".into(), |(latest, change)| {
                change_words(t, latest.previous(), &change)
            }),
        _ => (scores.relation.and_then(|r| r.priority)).map_or("–".into(), |p| {
            t.get(&format!("drivers.{}", p.key())).into()
        }),
    })
}

/// The score of the survey's answers whose comments mention theme `theme`, as the survey's page
/// writes it: "55", "−5"; "–" when too few comments mention it, or hidden for anonymity where a
/// confidential survey shows no comment counts.
fn theme_score(t: &crate::locale::Texts, s: &SurveyReport, theme: usize) -> String {
    match s.text.as_ref() {
        Some(text) => format::score_or_dash(s.kind, text.themes[theme].score),
        None if s.confidential => t.get("figure.hidden").into(),
        None => "–".into(),
    }
}

/// Theme `theme`'s share of the survey's latest compared period against the period before or a
/// year earlier (the pair `compared` gives, and `change` the theme's), as the survey's page
/// words it: "up 12 points since Q3 2025", "no clear change since Q4 2024"; "–" when not
/// compared, or "hidden for anonymity" where the counts are not shown.
fn theme_change(
    t: &crate::locale::Texts,
    s: &SurveyReport,
    theme: usize,
    compared: fn(&TextReport) -> Option<[Period; 2]>,
    change: fn(&ThemeReport) -> Option<Contrast>,
) -> String {
    let text = s.text.as_ref();
    let compared = text.and_then(|text| Some((compared(text)?, change(&text.themes[theme])?)));
    let Some(([from, _], change)) = compared else {
        let shown = text.is_some_and(|text| !text.periods.is_empty());
        return match s.confidential && !shown {
            true => t.get("figure.hidden").into(),
            false => "–".into(),
        };
    };
    change_words(t, from, &change)
}

/// A share's change in points since period `from`, as the survey's page words it: "up 12 points
/// since Q3 2025", "no clear change since Q4 2024".
fn change_words(t: &crate::locale::Texts, from: Period, change: &Contrast) -> String {
    let size = format!(
        "{} {}",
        format::signed(change.difference.value.abs(), false),
        t.get("figure.points")
    );
    let since = t.period(from);
    let args: [(&str, &dyn std::fmt::Display); 2] = [("size", &size), ("since", &since)];
    let key = match (change.significant, change.difference.value > 0.0) {
        (true, true) => "change.up",
        (true, false) => "change.down",
        (false, _) => "change.flat",
    };
    (t.fill(key, &args).trim_start_matches(['▲', '▼', ' '])).to_string()
}

/// The figures of period `id` ("2025-12") of `group`, a group of survey `s` (a `segment` of it,
/// or all its answers).
fn named_period<'a>(
    s: &SurveyReport,
    group: &'a GroupReport,
    id: &str,
    segment: Option<(&str, &str)>,
) -> Result<&'a PeriodFigure, String> {
    let wanted = Period::parse(id, s.period_kind).ok_or_else(|| {
        format!(
            "figure(): period \"{id}\" is not a period of survey \"{}\"",
            s.id
        )
    })?;
    find(group, |p| p.period == wanted)
        .ok_or_else(|| format!("figure(): {} has no answers in {id}", name(&s.id, segment)))
}

/// The share of the survey's comments, of all periods or of one (`period`), or of a segment's
/// (`value`, all periods), that mention `theme` (an index into the survey's themes): "34 %", "–"
/// without comments to count, or "hidden for anonymity" where the counts are not shown.
fn theme_share(
    t: &crate::locale::Texts,
    s: &SurveyReport,
    value: Option<&GroupReport>,
    theme: usize,
    period: Option<Period>,
) -> String {
    let in_period = |periods: &[(Period, [u64; 3])], period: Period| -> u64 {
        (periods.iter().find(|(p, _)| *p == period)).map_or(0, |(_, c)| c.iter().sum())
    };
    let counts = match value {
        None => (s.text.as_ref()).and_then(|text| match period {
            None => {
                let mentions = text.themes[theme].total.iter().sum();
                Some((mentions, text.comments.iter().sum()))
            }
            // No counts per period where a period is too small to show them.
            Some(_) if text.periods.is_empty() => None,
            Some(period) => Some((
                in_period(&text.themes[theme].periods, period),
                in_period(&text.periods, period),
            )),
        }),
        Some(value) => (value.text.as_ref())
            .map(|text| (text.themes[theme].mentions.iter().sum(), text.total())),
    };
    match counts {
        Some((mentions, comments)) => format::percent(mentions, comments),
        // Counts a confidential survey does not show are hidden; a survey or segment without
        // comments has none to count.
        None if s.confidential => t.get("figure.hidden").into(),
        None => "–".into(),
    }
}

fn find(group: &GroupReport, matches: impl Fn(&PeriodFigure) -> bool) -> Option<&PeriodFigure> {
    group.periods.iter().rev().find(|p| matches(p))
}

/// The dimension of survey `s` with id `dimension`.
fn find_dimension<'a>(s: &'a SurveyReport, dimension: &str) -> Result<&'a DimensionReport, String> {
    (s.dimensions.iter().find(|d| d.id == dimension)).ok_or_else(|| {
        let known: Vec<&str> = s.dimensions.iter().map(|d| d.id.as_str()).collect();
        format!(
            "figure(): survey \"{}\" has no dimension \"{dimension}\"; known: {}",
            s.id,
            known.join(", ")
        )
    })
}

/// The value of `dimension` named `value` (as in the data, or its slug).
fn find_segment<'a>(
    s: &'a SurveyReport,
    dimension: &str,
    value: &str,
) -> Result<&'a GroupReport, String> {
    let d = find_dimension(s, dimension)?;
    (d.values.iter())
        .find(|v| v.name == value || v.slug == value)
        .ok_or_else(|| {
            format!(
                "figure(): dimension \"{dimension}\" of survey \"{}\" has no value \"{}\"",
                s.id,
                value.escape_debug()
            )
        })
}

/// "survey \"customers\"" or "region \"Oslo\" of survey \"customers\"", for errors.
fn name(survey: &str, segment: Option<(&str, &str)>) -> String {
    match segment {
        None => format!("survey \"{survey}\""),
        Some((dimension, value)) => format!(
            "{dimension} \"{}\" of survey \"{survey}\"",
            value.escape_debug()
        ),
    }
}

fn covered(t: &crate::locale::Texts, s: &SurveyReport) -> String {
    if s.periods_covered.is_none() {
        return String::new();
    }
    crate::render::views::covered(t, s)
}
