//! Rendered files onto disk, atomically and safely.
//!
//! Everything is written into a fresh staging folder beside the output, which is then swapped in,
//! so a failed build never damages the site that was there. The output folder is replaced only
//! when it is empty or carries cxreport's marker file, and never when it is the project folder,
//! one of its parents, the home folder or `/`.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Place, Problem, Result};
use crate::render::OutputFile;

/// The file that marks a folder as cxreport's output, safe to replace.
pub const MARKER: &str = ".cxreport-output";

/// Writes `files` as the site in `output`, replacing what a previous build wrote there.
pub fn write(output: &Path, project: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::create(output, project)?;
    for file in files {
        staging.write(file)?;
    }
    staging.finish()
}

/// A site being written: files go into a fresh folder beside the output as they are made, and
/// [`finish`](Self::finish) swaps it in. Dropped unfinished (an error on the way), the folder is
/// removed and the previous site stays as it was.
#[derive(Debug)]
pub struct Staging {
    folder: PathBuf,
    output: PathBuf,
    /// Where the previous site is moved aside while the new one is swapped in.
    old: PathBuf,
    finished: bool,
}

impl Staging {
    /// Checks `output` (see [`check_output`]) and makes the staging folder, with the marker.
    pub fn create(output: &Path, project: &Path) -> Result<Staging> {
        check_output(output, project)?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(Error::io("creating", &parent))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let folder = parent.join(format!(".{name}.cxreport-new-{}", std::process::id()));
        let old = parent.join(format!(".{name}.cxreport-old-{}", std::process::id()));
        if folder.exists() {
            fs::remove_dir_all(&folder).map_err(Error::io("removing", &folder))?;
        }
        fs::create_dir_all(&folder).map_err(Error::io("creating", &folder))?;
        let staging = Staging {
            folder,
            output: output.to_path_buf(),
            old,
            finished: false,
        };
        staging.write(&OutputFile {
            path: MARKER.into(),
            contents: b"Written by cxreport: this folder is replaced on every build.\n".to_vec(),
        })?;
        Ok(staging)
    }

    /// Writes one file of the site. Safe to call from several threads.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        self.write_with(&file.path, |out| out.write_all(&file.contents))
    }

    /// Writes one file of the site from `contents`, streamed, without holding it in memory.
    pub fn write_with(
        &self,
        path: &str,
        contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let path = self.folder.join(safe_relative(path)?);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(Error::io("creating", dir))?;
        }
        let file = File::create(&path).map_err(Error::io("writing", &path))?;
        let mut out = BufWriter::with_capacity(64 << 10, file);
        contents(&mut out)
            .and_then(|()| out.flush())
            .map_err(Error::io("writing", &path))
    }

    /// Puts the written site in place of the output folder.
    pub fn finish(mut self) -> Result<()> {
        let (folder, output, old) = (&self.folder, &self.output, &self.old);
        if output.exists() {
            fs::rename(output, old).map_err(Error::io("moving aside", output))?;
            if let Err(e) = fs::rename(folder, output) {
                // Put the previous site back before reporting.
                let _ = fs::rename(old, output);
                return Err(Error::io("moving into place", output)(e));
            }
            self.finished = true;
            fs::remove_dir_all(old).map_err(Error::io("removing", old))?;
        } else {
            fs::rename(folder, output).map_err(Error::io("moving into place", output))?;
            self.finished = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.folder);
        }
    }
}

/// Copies the project's own files into the site: its `static/` folder as it is (images for the
/// narrative, files to download), then its logo as `static/logo.<ext>`. Hidden files are left
/// out, and folders reached through a symbolic link are not followed.
pub fn copy_project_files(staging: &Staging, config: &Config) -> Result<()> {
    let dir = config.root.join(STATIC);
    if dir.is_dir() {
        copy_folder(staging, &dir, STATIC)?;
    }
    if let (Some(logo), Some(href)) = (&config.logo, config.logo_href()) {
        let contents = fs::read(logo).map_err(Error::io("reading", logo))?;
        staging.write(&OutputFile {
            path: href,
            contents,
        })?;
    }
    Ok(())
}

/// The project's folder of files copied into the site as they are.
pub const STATIC: &str = "static";

fn copy_folder(staging: &Staging, dir: &Path, under: &str) -> Result<()> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map_err(Error::io("reading", dir))?
        .collect::<std::io::Result<_>>()
        .map_err(Error::io("reading", dir))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            return Err(Error::problem(
                Problem::new("a file name in static/ is not valid UTF-8")
                    .at(Place::file(&path))
                    .hint("rename it: the site's links are UTF-8"),
            ));
        };
        if name.starts_with('.') {
            continue;
        }
        let target = format!("{under}/{name}");
        let kind = entry.file_type().map_err(Error::io("reading", &path))?;
        if kind.is_dir() {
            copy_folder(staging, &path, &target)?;
        } else if path.is_file() {
            staging.write_with(&target, |out| {
                std::io::copy(&mut File::open(&path)?, out).map(|_| ())
            })?;
        }
    }
    Ok(())
}

/// A generated path, checked to stay inside the output folder.
fn safe_relative(path: &str) -> Result<PathBuf> {
    let relative = Path::new(path);
    if relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        Ok(relative.to_path_buf())
    } else {
        Err(Error::problem(Problem::new(format!(
            "refusing to write \"{path}\" outside the output folder"
        ))))
    }
}

/// Refuses outputs that would destroy something that is not a previous build.
pub fn check_output(output: &Path, project: &Path) -> Result<()> {
    let refuse = |why: &str, hint: &str| {
        Err(Error::problem(
            Problem::new(format!(
                "refusing to write the site to {}: {why}",
                output.display()
            ))
            .at(Place::file(output))
            .hint(hint),
        ))
    };
    let absolute = absolute(output);
    let project = absolute_path(project);
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| absolute_path(&h));
    if absolute.parent().is_none() {
        return refuse("it is the root folder", "choose a folder such as public/");
    }
    if project.starts_with(&absolute) {
        return refuse(
            "it is the project folder or one of its parents",
            "choose a folder inside the project, such as public/",
        );
    }
    if home.is_some_and(|h| h == absolute) {
        return refuse("it is the home folder", "choose a folder such as public/");
    }
    if output.exists() {
        if !output.is_dir() {
            return refuse("it is a file", "remove it or choose another folder");
        }
        let empty = fs::read_dir(output)
            .map_err(Error::io("reading", output))?
            .next()
            .is_none();
        if !empty && !output.join(MARKER).is_file() {
            return refuse(
                "it holds files that cxreport did not write",
                "choose an empty or new folder; cxreport replaces only folders it wrote (marked by .cxreport-output)",
            );
        }
    }
    Ok(())
}

/// The absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    match path.canonicalize() {
        Ok(p) => p,
        Err(_) => match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => absolute_path(parent).join(name),
            _ => absolute_path(path),
        },
    }
}

fn absolute_path(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_files_and_the_marker_then_replaces_a_previous_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            dir.path(),
            &[file("a/b.html", "one"), file("old.html", "x")],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        write(&out, dir.path(), &[file("a/b.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "two");
        assert!(!out.join("old.html").exists(), "stale files are gone");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder is left behind");
    }

    #[test]
    fn an_unfinished_site_leaves_the_previous_one_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, dir.path(), &[file("index.html", "old")]).unwrap();
        let staging = Staging::create(&out, dir.path()).unwrap();
        staging.write(&file("index.html", "new")).unwrap();
        staging
            .write_with("metrics.json", |w| w.write_all(b"{}"))
            .unwrap();
        assert!(staging.write(&file("../escape.html", "x")).is_err());
        drop(staging); // as when rendering fails half-way
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!out.join("metrics.json").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "the staging folder is removed");
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep").unwrap();
        let err = write(&out, dir.path(), &[file("index.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("did not write"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn refuses_the_project_folder_its_parents_and_root() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        fs::create_dir(&project).unwrap();
        for output in [
            project.clone(),
            dir.path().to_path_buf(),
            PathBuf::from("/"),
        ] {
            let err = check_output(&output, &project).unwrap_err();
            assert!(err.to_string().contains("refusing"), "{err}");
        }
        assert!(check_output(&project.join("public"), &project).is_ok());
    }

    #[test]
    fn refuses_paths_that_leave_the_output_folder() {
        for bad in ["../x.html", "/etc/x", "a/../../b"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("surveys/a/b.html").is_ok());
    }
}
