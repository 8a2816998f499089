//! `cxreport init`: a new project that builds at once.
//!
//! Writes a commented `cxreport.toml`, a small sample data set, `content/_index.md`, a
//! `.gitignore` and a GitHub Pages workflow, all embedded in the binary. With `--from FILE`, the
//! project reads that export instead of the sample: its survey is the one `cxreport columns`
//! suggests, and its narrative quotes that survey. It never overwrites: if any of the files
//! exists, nothing is written.

use std::path::{Component, Path, PathBuf};

use crate::columns::{self, Mapping};
use crate::config::Kind;
use crate::error::{Error, Place, Problem, Result};

const CONFIG: &str = include_str!("../scaffold/cxreport.toml");
const NARRATIVE: &str = include_str!("../scaffold/content/_index.md");
const GITIGNORE: &str = include_str!("../scaffold/gitignore");
const WORKFLOW: &str = include_str!("../docs/ci/github-pages.yml");

/// The files of a new project: path inside the project, contents.
pub const FILES: [(&str, &str); 5] = [
    ("cxreport.toml", CONFIG),
    (
        "data/responses.csv",
        include_str!("../scaffold/data/responses.csv"),
    ),
    ("content/_index.md", NARRATIVE),
    (".gitignore", GITIGNORE),
    (".github/workflows/report.yml", WORKFLOW),
];

/// Creates a project in `dir` (created if missing); returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    write(dir, &FILES.map(|(path, text)| (path, text.to_string())))
}

/// Creates a project in `dir` that reads `export` (read with `options`); returns the files
/// written. The export stays where it is: the configuration names it by a path relative to the
/// project (or an absolute one, on another drive).
pub fn init_from(
    dir: &Path,
    export: &Path,
    options: &columns::Options,
    progress: Option<&dyn crate::ingest::Progress>,
) -> Result<Vec<PathBuf>> {
    let description = columns::describe(export, options, progress)?;
    let mapping = description.mapping(options);
    let columns_command = || {
        format!(
            "cxreport columns {}{}",
            export.display(),
            (options.format).map_or(String::new(), |f| format!(" --format {}", f.name()))
        )
    };
    if let Some(missing) = mapping.missing() {
        return Err(Error::problem(
            Problem::new(format!("no column of the file looks like {missing}"))
                .at(Place::file(export))
                .hint(format!(
                    "see what each column holds with: {}",
                    columns_command()
                )),
        ));
    }
    if let Some(date) = mapping.unread_date() {
        return Err(Error::problem(
            Problem::new(format!(
                "the dates in column \"{}\" are not written in a way cxreport reads unset",
                date.name.escape_debug()
            ))
            .at(Place::file(export))
            .hint(format!(
                "see them, and a [[survey]] table with the date_format to fill in, with: {}",
                columns_command()
            )),
        ));
    }
    let name = (export.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files = relative(export, dir).map_err(Error::io("finding", export))?;
    let table = mapping.table(&name, &files, options);
    let mut notes = String::new();
    if files.starts_with("../") || Path::new(&files).is_absolute() {
        notes.push_str(
            "# The export is outside the project's folder: copy it in (to data/, say) for CI to\n\
             # build the report from a clone.\n",
        );
    }
    if let Some(note) = description.personal_note() {
        // One line: the names in it are escaped, so none ends the comment.
        notes.push_str(&format!("# {note}\n"));
    }
    let config = format!(
        "{}# The survey `cxreport columns` suggests for {}: check its kind, titles, dimensions\n\
         # and drivers. Every key is in the README; the sample project (`cxreport init`) has\n\
         # each commented.\n{notes}{table}",
        general_settings(),
        // In a comment: a line break in the name must not end it.
        export.display().to_string().escape_debug()
    );
    let narrative = narrative(&Mapping::id(&name), mapping.kind);
    write(
        dir,
        &[
            ("cxreport.toml", config),
            ("content/_index.md", narrative),
            (".gitignore", GITIGNORE.to_string()),
            (".github/workflows/report.yml", WORKFLOW.to_string()),
        ],
    )
}

/// The sample configuration's settings above its themes: title, language, confidence.
fn general_settings() -> &'static str {
    let themes = CONFIG
        .find("# Comment themes")
        .expect("the sample configuration has themes");
    &CONFIG[..themes]
}

/// A first narrative for survey `id`: the sample's opening and its latest figure, live.
fn narrative(id: &str, kind: Kind) -> String {
    let opening = NARRATIVE
        .split("Figures in double braces")
        .next()
        .expect("the sample narrative has an opening");
    let metric = kind.metric();
    format!(
        "{opening}Figures in double braces are filled in from the data at every build, so the story \
         never goes\nstale: in {{{{ figure(survey=\"{id}\", what=\"period\") }}}} our {metric} was\n\
         {{{{ figure(survey=\"{id}\", what=\"score\") }}}}\n\
         ({{{{ figure(survey=\"{id}\", what=\"interval\") }}}}).\n\
         The README lists every figure you can ask for.\n"
    )
}

/// `path` as the configuration in `dir` names it: relative to `dir` when they share a root,
/// with `/` between folders; absolute otherwise.
fn relative(path: &Path, dir: &Path) -> std::io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let (path, dir) = (path.canonicalize()?, dir.canonicalize()?);
    let (mut theirs, mut ours) = (path.components().peekable(), dir.components().peekable());
    // Different roots (drives): only an absolute path reaches it.
    if theirs.peek() != ours.peek() {
        return Ok(path.to_string_lossy().into_owned());
    }
    while theirs.peek().is_some() && theirs.peek() == ours.peek() {
        theirs.next();
        ours.next();
    }
    let up = ours.map(|_| Component::ParentDir);
    let parts: Vec<String> = (up.chain(theirs))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

/// Writes `files` into `dir` unless one of them exists there.
fn write(dir: &Path, files: &[(&str, String)]) -> Result<Vec<PathBuf>> {
    let existing: Vec<Problem> = files
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
    for (path, contents) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("creating", parent))?;
        }
        std::fs::write(&path, contents).map_err(Error::io("writing", &path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_named_from_the_project_by_a_relative_path() {
        let root = tempfile::tempdir().unwrap();
        let export = root.path().join("exports/march.csv");
        std::fs::create_dir_all(export.parent().unwrap()).unwrap();
        std::fs::write(&export, "x\n").unwrap();
        let beside = root.path().join("reports/cx");
        assert_eq!(
            relative(&export, &beside).unwrap(),
            "../../exports/march.csv"
        );
        assert_eq!(relative(&export, root.path()).unwrap(), "exports/march.csv");
        // The project folder is made if it is missing.
        assert!(beside.is_dir());
    }

    #[test]
    fn the_general_settings_and_the_narrative_keep_the_samples_words() {
        assert!(general_settings().starts_with("# cxreport configuration."));
        assert!(general_settings().contains("locale = \"en\""));
        assert!(!general_settings().contains("[[theme]]"));
        let text = narrative("march", Kind::Enps);
        assert!(text.starts_with("## What we heard\n"));
        assert!(text.contains(
            "in {{ figure(survey=\"march\", what=\"period\") }} our eNPS was\n\
             {{ figure(survey=\"march\", what=\"score\") }}"
        ));
    }
}
