//! The project's narrative: Markdown files in `content/`, through pulldown-cmark.
//!
//! `content/_index.md` is the introduction on the index page; every other `*.md` file becomes a
//! page in the navigation, titled by its first heading, in file-name order.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera};

use crate::error::{Error, Place, Problem, Result};
use crate::report::Report;
use crate::text::Slugger;

/// A narrative page.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentPage {
    /// Its file name in the output, `slug.html`.
    pub file: String,
    /// Its title: the first heading, or the file's name.
    pub title: String,
    /// The Markdown rendered as HTML.
    pub html: String,
}

/// The narrative of a project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    /// `_index.md` as HTML, shown on the index page.
    pub intro: Option<String>,
    /// The other pages, in file-name order.
    pub pages: Vec<ContentPage>,
}

/// Names that pages of the report itself use; a content page never takes one.
const RESERVED: [&str; 6] = [
    "index",
    "methodology",
    "metrics",
    "surveys",
    "benchmarks",
    "static",
];

/// Reads `dir` (missing is fine: no narrative), filling live figures from `report`.
pub fn load(dir: &Path, report: &Arc<Report>) -> Result<Content> {
    let report = Arc::clone(report);
    let mut tera = Tera::new();
    tera.register_function("figure", move |kwargs: Kwargs, _: &State| {
        let request = super::live::Request {
            survey: kwargs.must_get::<&str>("survey")?,
            what: kwargs.must_get::<&str>("what")?,
            period: kwargs.get::<&str>("period")?,
            dimension: kwargs.get::<&str>("dimension")?,
            value: kwargs.get::<&str>("value")?,
            theme: kwargs.get::<&str>("theme")?,
            driver: kwargs.get::<&str>("driver")?,
        };
        super::live::figure(&report, request).map_err(tera::Error::message)
    });
    let fill = |path: &Path, text: &str| -> Result<String> {
        tera.render_str(text, &Context::new(), false).map_err(|e| {
            // Tera's message is "error: WHAT\n --> __tera_one_off:LINE:COLUMN\n(snippet)".
            let full = e.to_string();
            let what = full.lines().next().unwrap_or_default();
            let what = what.strip_prefix("error: ").unwrap_or(what);
            let place = full
                .split_once("--> ")
                .and_then(|(_, rest)| rest.lines().next())
                .and_then(|at| {
                    let mut parts = at.rsplit(':');
                    let column = parts.next()?.parse().ok()?;
                    let line = parts.next()?.parse().ok()?;
                    Some(Place::at(path, line, column))
                })
                .unwrap_or_else(|| Place::file(path));
            Error::problem(
                Problem::new(format!("a live figure in this page does not work: {what}"))
                    .at(place)
                    .hint(format!(
                        "write {{{{ figure(survey=\"customers\", what=\"score\") }}}}; what is \
                         one of {}; period=\"2025-12\" or \"all\" and dimension=\"region\", \
                         value=\"Oslo\" are optional; the theme figures take theme=\"Delivery\", \
                         the driver figures driver=\"workload\"",
                        super::live::KNOWN.join(", ")
                    )),
            )
        })
    };
    let mut content = Content::default();
    if !dir.is_dir() {
        return Ok(content);
    }
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(Error::io("reading", dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.is_file())
        .collect();
    files.sort();
    let mut slugger = Slugger::new();
    for name in RESERVED {
        slugger.unique(name);
    }
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(Error::io("reading", &path))?;
        let text = fill(&path, &text)?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if stem == "_index" {
            content.intro = Some(to_html(&text));
            continue;
        }
        content.pages.push(ContentPage {
            file: format!("{}.html", slugger.unique(&stem)),
            title: first_heading(&text).unwrap_or_else(|| stem.clone()),
            html: to_html(&text),
        });
    }
    Ok(content)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Markdown to HTML.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

/// The text of the first level-1 heading.
fn first_heading(markdown: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(title),
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_report() -> Report {
        crate::analyse::analyse(
            &crate::config::parse(
                Path::new("c.toml"),
                "title = \"t\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\nfiles = \"x\"\ncolumns = { score = \"a\", date = \"b\" }\n",
            )
            .unwrap(),
            &[],
            None,
        )
    }

    #[test]
    fn pages_are_titled_by_their_first_heading() {
        assert_eq!(
            first_heading("Intro\n\n# The *big* `picture`\n\n# Second").as_deref(),
            Some("The big picture")
        );
        assert_eq!(first_heading("## Only a subheading"), None);
    }

    #[test]
    fn loads_intro_and_pages_in_file_order_without_reserved_names() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_index.md"), "Hello **CEO**").unwrap();
        std::fs::write(dir.path().join("b-actions.md"), "# Actions\n\n- one").unwrap();
        std::fs::write(dir.path().join("methodology.md"), "text").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let content = load(dir.path(), &Arc::new(empty_report())).unwrap();
        assert_eq!(
            content.intro.as_deref(),
            Some("<p>Hello <strong>CEO</strong></p>\n")
        );
        let files: Vec<&str> = content.pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, vec!["b-actions.html", "methodology-2.html"]);
        assert_eq!(content.pages[0].title, "Actions");
        assert_eq!(content.pages[1].title, "methodology");
    }
}
