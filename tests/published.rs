//! What a published report keeps to the company: comments without contact details
//! (src/redact.rs), pages kept out of search engines; each unless the project says otherwise.

mod common;

use common::{cxreport, project_with, stderr};

/// The basic fixture, its configuration starting with `lines`, with two more comments: one with
/// an e-mail address and a phone number, one with a date and a short number that stay.
fn project_with_contact_details(lines: &str) -> tempfile::TempDir {
    let dir = project_with("basic", lines);
    let data = dir.path().join("data/nps.csv");
    let mut text = std::fs::read_to_string(&data).unwrap();
    text.push_str("9,2024-02-20,2,\"Call me on +47 912 34 567 or at kari.n@example.no.\",Oslo\n");
    text.push_str("10,2024-02-21,9,\"Delivered 2024-02-03, order 1234, fine\",Oslo\n");
    std::fs::write(&data, text).unwrap();
    dir
}

fn page(dir: &std::path::Path, page: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(page)).unwrap()
}

#[test]
fn comments_are_published_without_e_mail_addresses_or_phone_numbers() {
    let dir = project_with_contact_details("");
    // `check` says how many of the comments shown lose details, before anything is published.
    let out = cxreport(dir.path(), &["check"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("  comments: 5; 1 comment shown with contact details taken out\n"),
        "{said}"
    );
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for shown in ["surveys/nps/index.html", "surveys/nps/region/oslo.html"] {
        let html = page(dir.path(), shown);
        assert!(
            html.contains("Call me on [number] or at [e-mail]."),
            "{shown}: {html}"
        );
        assert!(
            !html.contains("912 34 567") && !html.contains("kari.n@"),
            "{shown}"
        );
        assert!(
            html.contains("Delivered 2024-02-03, order 1234, fine"),
            "{shown}"
        );
    }
    // Nor are they anywhere else in the site.
    for file in common::files(&dir.path().join("public")) {
        let bytes = std::fs::read(dir.path().join("public").join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("912 34 567") && !text.contains("example.no"),
            "{file}"
        );
    }
    let methodology = page(dir.path(), "methodology.html");
    assert!(methodology.contains(
        "Comments are shown with e-mail addresses replaced by [e-mail], and numbers of 8 digits or \
         more"
    ));
}

#[test]
fn redact_false_shows_comments_as_written() {
    let dir = project_with_contact_details("redact = false");
    let out = cxreport(dir.path(), &["check"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("taken out"));
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let survey = page(dir.path(), "surveys/nps/index.html");
    assert!(survey.contains("Call me on +47 912 34 567 or at kari.n@example.no."));
    assert!(!page(dir.path(), "methodology.html").contains("Comments are shown with e-mail"));

    let dir = project_with_contact_details("redact = \"yes\"");
    let out = cxreport(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let error = stderr(&out);
    assert!(
        error.contains("cxreport.toml:1") && error.contains("boolean"),
        "{error}"
    );
}

#[test]
fn comments_in_another_language_are_marked_in_it() {
    let dir = project_with_contact_details("locale = \"nb\"");
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let survey = page(dir.path(), "surveys/nps/index.html");
    assert!(
        survey.contains("Call me on [nummer] or at [e-post]."),
        "{survey}"
    );
}

#[test]
fn pages_ask_search_engines_not_to_index_them_unless_the_project_lets_them() {
    let robots = "<meta name=\"robots\" content=\"noindex, nofollow\">";
    for (lines, asked) in [("", true), ("search_engines = true", false)] {
        let dir = project_with("basic", lines);
        let out = cxreport(dir.path(), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let site = dir.path().join("public");
        let pages: Vec<String> = (common::files(&site).into_iter())
            .filter(|f| f.ends_with(".html"))
            .collect();
        assert!(pages.len() > 5, "{pages:?}");
        for file in pages {
            let html = std::fs::read_to_string(site.join(&file)).unwrap();
            assert_eq!(html.contains(robots), asked, "{lines:?}: {file}");
        }
    }
}
