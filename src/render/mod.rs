//! The [`Report`] and its charts into pages: Tera templates, Markdown narrative, the stylesheet.
//!
//! Templates and the stylesheet are embedded in the binary; a file of the same name in the
//! project's `templates/` folder replaces the built-in one (as in Zola and mdBook), so a report
//! can be re-styled without forking the tool. Pages are rendered on all cores and handed to a
//! writer one by one (`site` stages them on disk).

pub mod format;
pub mod live;
pub mod markdown;
pub mod spreadsheet;
pub mod views;

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::charts::ReportCharts;
use crate::config::Config;
use crate::error::{Error, Place, Problem, Result};
use crate::report::Report;
use markdown::Content;
use views::{Layout, Link};

/// The built-in templates and assets, by name.
pub const BUILT_IN: [(&str, &str); 9] = [
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("group.html", include_str!("../../templates/group.html")),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "methodology.html",
        include_str!("../../templates/methodology.html"),
    ),
    (
        "benchmarks.html",
        include_str!("../../templates/benchmarks.html"),
    ),
    (
        "comments.html",
        include_str!("../../templates/comments.html"),
    ),
    (
        "static/style.css",
        include_str!("../../templates/static/style.css"),
    ),
];

/// A file of the site, path relative to the output folder with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path.
    pub path: String,
    /// Contents.
    pub contents: Vec<u8>,
}

/// Loads the templates: built-in ones, each replaced by the project's file of the same name.
pub fn templates(project_templates: &Path) -> Result<(Tera, String)> {
    let mut sources = Vec::new();
    for (name, built_in) in BUILT_IN {
        let own = project_templates.join(name);
        let text = if own.is_file() {
            std::fs::read_to_string(&own).map_err(Error::io("reading", &own))?
        } else {
            built_in.to_string()
        };
        sources.push((name, text));
    }
    let css = sources
        .iter()
        .find(|(name, _)| *name == "static/style.css")
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let mut tera = Tera::new();
    tera.add_raw_templates(
        sources
            .iter()
            .filter(|(name, _)| name.ends_with(".html"))
            .map(|(name, text)| (*name, text.as_str())),
    )
    .map_err(|e| template_error(project_templates, &e))?;
    Ok((tera, css))
}

fn template_error(dir: &Path, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::problem(
        Problem::new(format!("a template does not work: {message}"))
            .at(Place::file(dir))
            .hint(
                "fix or remove your copy in templates/; the built-in templates are used otherwise",
            ),
    )
}

/// What one task of rendering makes: the site-wide pages, or one group's page with its
/// comment pages.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Site,
    Group {
        survey: usize,
        /// `None` for all of the survey's answers, else (dimension, value).
        value: Option<(usize, usize)>,
    },
}

/// Renders every page of the site on all cores, handing each file to `write` as soon as it is
/// made, so the site is never held in memory. Returns the number of HTML pages.
pub fn render(
    config: &Config,
    report: &Report,
    charts: &ReportCharts,
    content: Content,
    write: &(dyn Fn(OutputFile) -> Result<()> + Sync),
) -> Result<usize> {
    let templates_dir = config.root.join("templates");
    let (tera, css) = templates(&templates_dir)?;
    let renderer = Renderer {
        tera: &tera,
        report,
        charts,
        nav: navigation(report, &content),
        content,
        templates_dir: &templates_dir,
        texts: tera::Value::from_serializable(report.locale.texts().table()),
        significance: views::significance(report.locale.texts(), report.significance),
        logo: config.logo_href(),
        noindex: !config.search_engines,
    };
    write(OutputFile {
        path: "static/style.css".into(),
        contents: css.into_bytes(),
    })?;
    let mut units = vec![Unit::Site];
    for (s, survey) in report.surveys.iter().enumerate() {
        units.push(Unit::Group {
            survey: s,
            value: None,
        });
        for (d, dimension) in survey.dimensions.iter().enumerate() {
            for (v, value) in dimension.values.iter().enumerate() {
                if views::has_page(value) {
                    units.push(Unit::Group {
                        survey: s,
                        value: Some((d, v)),
                    });
                }
            }
        }
    }
    let pages = units
        .par_iter()
        .map(|unit| {
            let files = renderer.unit(*unit)?;
            let pages = files.len();
            files.into_iter().try_for_each(write)?;
            Ok(pages)
        })
        .collect::<Result<Vec<usize>>>()?;
    Ok(pages.iter().sum())
}

fn navigation(report: &Report, content: &Content) -> Vec<Link> {
    let t = report.locale.texts();
    let link = |title: &str, href: String| Link {
        title: title.to_string(),
        href,
        current: false,
    };
    let mut nav = vec![link(t.get("site.overview"), "index.html".into())];
    nav.extend(
        report
            .surveys
            .iter()
            .map(|s| link(&s.title, views::survey_href(s))),
    );
    if report.surveys.iter().any(|s| s.benchmark.is_some()) {
        nav.push(link(t.get("site.benchmarks"), "benchmarks.html".into()));
    }
    nav.extend(content.pages.iter().map(|p| link(&p.title, p.file.clone())));
    nav.push(link(t.get("site.methodology"), "methodology.html".into()));
    nav
}

struct Renderer<'a> {
    tera: &'a Tera,
    report: &'a Report,
    charts: &'a ReportCharts,
    nav: Vec<Link>,
    content: Content,
    templates_dir: &'a Path,
    /// The locale's texts as templates see them (`t`), converted once: converting them for
    /// every page was a twentieth of the time spent rendering pages.
    texts: tera::Value,
    /// "p < 0.05", the report's significance level in its language.
    significance: String,
    /// The logo's path from the root, when the report has one.
    logo: Option<String>,
    /// Whether pages ask search engines not to index them.
    noindex: bool,
}

impl Renderer<'_> {
    /// The HTML pages of one unit.
    fn unit(&self, unit: Unit) -> Result<Vec<OutputFile>> {
        let (report, t) = (self.report, self.report.locale.texts());
        let mut files = Vec::new();
        match unit {
            Unit::Site => {
                let index = views::index(report, self.charts, self.content.intro.clone());
                files.push(self.page(
                    "index.html",
                    "index.html",
                    t.get("site.overview"),
                    Some(index.subtitle.clone()),
                    &index,
                )?);
                files.push(self.page(
                    "methodology.html",
                    "methodology.html",
                    t.get("site.methodology"),
                    None,
                    &views::methodology(report),
                )?);
                if let Some(view) = views::benchmarks(report, self.charts) {
                    files.push(self.page(
                        "benchmarks.html",
                        "benchmarks.html",
                        t.get("site.benchmarks"),
                        Some(t.get("benchmark.lede").to_string()),
                        &view,
                    )?);
                }
                for page in &self.content.pages {
                    let view = serde_json::json!({ "html": page.html });
                    files.push(self.page(&page.file, "page.html", &page.title, None, &view)?);
                }
            }
            Unit::Group { survey, value } => {
                let (survey, charts) = (&report.surveys[survey], &self.charts.surveys[survey]);
                let value_charts;
                let group_charts = match value {
                    None => &charts.overall,
                    Some((d, v)) => {
                        value_charts = crate::charts::draw_value(t, survey, d, v);
                        &value_charts
                    }
                };
                // A value's pages name their survey too; the survey's own heading is its title.
                let title = |heading: &str| match value {
                    None => heading.to_string(),
                    Some(_) => format!("{heading} · {}", survey.title),
                };
                let view = views::group_page(
                    t,
                    &self.significance,
                    survey,
                    &self.report.key_movers,
                    charts,
                    value,
                    group_charts,
                );
                let path = match value {
                    None => views::survey_href(survey),
                    Some((d, v)) => {
                        let dimension = &survey.dimensions[d];
                        views::value_href(survey, &dimension.id, &dimension.values[v])
                    }
                };
                let summary = view.summary(t);
                files.push(self.page(
                    &path,
                    "group.html",
                    &title(&view.heading),
                    summary,
                    &view,
                )?);
                for (path, page) in views::comment_pages(t, survey, value) {
                    let heading = title(&page.heading);
                    files.push(self.page(&path, "comments.html", &heading, None, &page)?);
                }
            }
        }
        Ok(files)
    }

    fn page(
        &self,
        path: &str,
        template: &str,
        title: &str,
        description: Option<String>,
        page: &impl Serialize,
    ) -> Result<OutputFile> {
        let depth = path.matches('/').count();
        let survey_prefix = path.split('/').take(2).collect::<Vec<_>>().join("/");
        let t = self.report.locale.texts();
        let layout = Layout {
            lang: self.report.locale.tag(),
            title: self.report.title.clone(),
            organisation: self.report.organisation.clone(),
            data_until: views::data_until(t, self.report),
            confidence: views::confidence(t, self.report.confidence),
            nav: self
                .nav
                .iter()
                .map(|l| Link {
                    current: l.href == path
                        || (depth > 2 && l.href.starts_with(&format!("{survey_prefix}/"))),
                    ..l.clone()
                })
                .collect(),
            root: "../".repeat(depth),
            page_title: title.to_string(),
            description,
            logo: self.logo.clone(),
            noindex: self.noindex,
        };
        let mut context = Context::new();
        context.insert("layout", &layout);
        context.insert("page", page);
        context.insert_value("t", self.texts.clone());
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_error(self.templates_dir, &e))?;
        Ok(OutputFile {
            path: path.to_string(),
            contents: html.into_bytes(),
        })
    }
}
