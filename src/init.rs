//! `cxreport init`: a new project that builds at once.
//!
//! Writes a commented `cxreport.toml`, a small sample data set, `content/_index.md`, a
//! `.gitignore` and a GitHub Pages workflow, all embedded in the binary. It never overwrites: if
//! any of the files exists, nothing is written.

use std::path::{Path, PathBuf};

use crate::error::{Error, Place, Problem, Result};

/// The files of a new project: path inside the project, contents.
pub const FILES: [(&str, &str); 5] = [
    ("cxreport.toml", include_str!("../scaffold/cxreport.toml")),
    (
        "data/responses.csv",
        include_str!("../scaffold/data/responses.csv"),
    ),
    (
        "content/_index.md",
        include_str!("../scaffold/content/_index.md"),
    ),
    (".gitignore", include_str!("../scaffold/gitignore")),
    (
        ".github/workflows/report.yml",
        include_str!("../docs/ci/github-pages.yml"),
    ),
];

/// Creates a project in `dir` (created if missing); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let existing: Vec<Problem> = FILES
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| path.exists())
        .map(|path| {
            Problem::new(format!("{} already exists", path.display()))
                .at(Place::file(&path))
                .hint("cxreport init never overwrites; choose an empty folder: cxreport init NEW-FOLDER")
        })
        .collect();
    if !existing.is_empty() {
        return Err(Error::Input(existing));
    }
    let mut written = Vec::new();
    for (path, contents) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("creating", parent))?;
        }
        std::fs::write(&path, contents).map_err(Error::io("writing", &path))?;
        written.push(path);
    }
    Ok(written)
}
