//! `cxreport serve`: a local preview that rebuilds when the project changes.
//!
//! Builds the site, serves the output folder on 127.0.0.1, and watches the project folder and
//! the data the configuration names outside it (by polling modification times: no platform
//! watcher to install). On a change it rebuilds; the
//! pages it serves carry a small script that reloads them when a new build is ready. A failed
//! build does not stop the server: the error is printed and every page shows it until the next
//! build succeeds. The script is added only while serving; the built site has none.
//!
//! While the narrative is written, the data stays the same: when only files in `content/`,
//! `templates/` or `static/` changed, the report of the last build is rendered again without
//! reading the data again (for 10 M answers, 0.5 s instead of 2.5 s).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::report::Report;

/// Where the preview polls for a new build.
const VERSION_PATH: &str = "/__cxreport/version";

/// Added before `</body>` of every served page.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var v=null;setInterval(function(){fetch("/__cxreport/version").then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},700)})();</script>"#;

/// What the preview reports to the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Serving at this address.
    Listening(String),
    /// A build succeeded.
    Built {
        /// HTML pages written.
        pages: usize,
        /// Milliseconds it took.
        millis: u128,
        /// What looks wrong in the data without being an error ([`crate::warnings`]).
        warnings: Vec<String>,
        /// Whether the data was read; `false` when only the narrative, templates or static
        /// files changed and the last build's report was rendered again.
        data_read: bool,
    },
    /// A build failed; the text lists the problems.
    Failed(String),
    /// A change was seen.
    Changed,
}

#[derive(Default)]
struct State {
    version: u64,
    error: Option<String>,
}

/// Builds, serves and rebuilds until the process is stopped. `port` 0 picks a free port.
pub fn serve(
    config_path: &Path,
    output: Option<&Path>,
    port: u16,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> Result<()> {
    let config = crate::config::load(config_path)?;
    let output = crate::output_folder(&config, output);
    let root = config.root.clone();
    let state = Arc::new(Mutex::new(State::default()));
    let report = Arc::new(report);
    let mut rebuild = {
        let (state, report, output) = (state.clone(), report.clone(), output.clone());
        let config_path = config_path.to_path_buf();
        let mut last: Option<Computed> = None;
        move || {
            let start = std::time::Instant::now();
            let result = build(&config_path, &output, &mut last);
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            state.version += 1;
            match result {
                Ok((summary, data_read)) => {
                    state.error = None;
                    report(Event::Built {
                        pages: summary.pages,
                        millis: start.elapsed().as_millis(),
                        warnings: crate::warnings(&summary.report),
                        data_read,
                    });
                }
                Err(e) => {
                    state.error = Some(e.to_string());
                    report(Event::Failed(e.to_string()));
                }
            }
        }
    };
    // Listening first: a port in use fails at once, before a build it would not serve.
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        let in_use = (e.downcast_ref::<std::io::Error>())
            .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
        let hint = if in_use {
            "another program, or another cxreport serve, uses the port; choose another with \
             --port"
        } else {
            "choose another port with --port"
        };
        Error::Io {
            action: "listening on",
            path: PathBuf::from(format!("127.0.0.1:{port}")),
            source: std::io::Error::other(e.to_string()),
            hint: Some(hint.to_string()),
        }
    })?;
    let watched = || {
        let mut files = fingerprint(&root, &output);
        files.extend(outside_inputs(config_path));
        files
    };
    // Taken before each build: a change made while it runs, or just after it, is seen by the
    // next look and builds again, rather than being taken for what was built.
    let mut seen = watched();
    rebuild();
    let address = server
        .server_addr()
        .to_ip()
        .map(|a| format!("http://{a}/"))
        .unwrap_or_default();
    report(Event::Listening(address));
    {
        let (state, output) = (state.clone(), output.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let response = respond(request.url(), &output, &state);
                let _ = request.respond(response);
            }
        });
    }

    loop {
        std::thread::sleep(Duration::from_millis(400));
        let now = watched();
        if now != seen {
            seen = now;
            report(Event::Changed);
            rebuild();
        }
    }
}

/// Modification time and size of the files the configuration reads from outside the project
/// folder (`files = "../exports/*.csv"`), which [`fingerprint`] does not walk; none while the
/// configuration does not load (its own change is seen in the project).
fn outside_inputs(config_path: &Path) -> Files {
    let Ok(config) = crate::config::load(config_path) else {
        return Files::new();
    };
    let patterns = configured_inputs(&config).filter(|input| {
        let path = Path::new(input);
        path.is_absolute() || path.components().any(|c| c == Component::ParentDir)
    });
    let mut files = Files::new();
    for pattern in patterns {
        let Ok(paths) = glob::glob(&config.root.join(pattern).to_string_lossy()) else {
            continue;
        };
        for path in paths.flatten() {
            if let Ok(meta) = std::fs::metadata(&path)
                && let Ok(modified) = meta.modified()
                && meta.is_file()
            {
                files.insert(path, (modified, meta.len()));
            }
        }
    }
    files
}

/// The report of the last build that read the data, and the files it was read from.
struct Computed {
    inputs: Files,
    report: Arc<Report>,
}

/// Builds the site, reading the data only when a file other than the narrative's changed since
/// `last` was read. Returns whether it read the data.
fn build(
    config_path: &Path,
    output: &Path,
    last: &mut Option<Computed>,
) -> Result<(crate::BuildSummary, bool)> {
    let config = crate::config::load(config_path)?;
    // Before reading: a file changed while it is read is read again next time.
    let inputs = data_files(fingerprint(&config.root, output), &config);
    if let (Some(last), Some(inputs)) = (last.as_ref(), inputs.as_ref())
        && last.inputs == *inputs
    {
        let summary = crate::publish(&config, last.report.clone(), output)?;
        return Ok((summary, false));
    }
    *last = None;
    let (config, report) = crate::check(config_path)?;
    let report = Arc::new(report);
    // Kept even if the pages fail: a broken template, once mended, needs no reading.
    if let Some(inputs) = inputs {
        *last = Some(Computed {
            inputs,
            report: report.clone(),
        });
    }
    Ok((crate::publish(&config, report, output)?, true))
}

/// The folders of the narrative: pages are rendered from them, the report is not computed from
/// them.
const NARRATIVE: [&str; 3] = ["content", "templates", crate::site::STATIC];

/// The project's files that the report may be computed from: all but the narrative's. `None`
/// when the configuration names a data file inside the narrative's folders (or names one by a
/// path that leaves its folder), so that no change can be told to be the narrative's only.
fn data_files(files: Files, config: &Config) -> Option<Files> {
    let narrative: Vec<PathBuf> = NARRATIVE.iter().map(|n| config.root.join(n)).collect();
    let mut inputs = configured_inputs(config).map(|input| config.root.join(input));
    let unsure = inputs.any(|input| {
        input.components().any(|c| c == Component::ParentDir)
            || narrative.iter().any(|n| input.starts_with(n))
    });
    if unsure {
        return None;
    }
    Some(
        files
            .into_iter()
            .filter(|(path, _)| !narrative.iter().any(|n| path.starts_with(n)))
            .collect(),
    )
}

/// The data files the configuration names, as written (paths or glob patterns).
fn configured_inputs(config: &Config) -> impl Iterator<Item = &String> {
    (config.surveys.iter())
        .flat_map(|s| s.files.iter().chain(&s.invitations))
        .chain(&config.benchmarks)
}

/// Modification time and size of files, by path.
type Files = BTreeMap<PathBuf, (SystemTime, u64)>;

/// Modification time and size of every file of the project that a build reads from (the output
/// folder, hidden folders, `target` and `node_modules` are not watched).
fn fingerprint(root: &Path, output: &Path) -> Files {
    let mut files = BTreeMap::new();
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                if path.canonicalize().map_or(true, |p| p != output) {
                    stack.push(path);
                }
            } else if let Ok(modified) = meta.modified() {
                files.insert(path, (modified, meta.len()));
            }
        }
    }
    files
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(url: &str, output: &Path, state: &Mutex<State>) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let (version, error) = {
        let state = state.lock().unwrap_or_else(|e| e.into_inner());
        (state.version, state.error.clone())
    };
    if path == VERSION_PATH {
        return with_type(version.to_string().into_bytes(), "text/plain", 200);
    }
    let Some(file) = resolve(output, path) else {
        return with_type(b"not found".to_vec(), "text/plain", 404);
    };
    let is_html = file.extension().is_some_and(|e| e == "html");
    if let (Some(error), true) = (error, is_html) {
        return with_type(
            error_page(&error).into_bytes(),
            "text/html; charset=utf-8",
            500,
        );
    }
    match std::fs::read(&file) {
        Ok(bytes) if is_html => {
            let html = String::from_utf8_lossy(&bytes).replacen(
                "</body>",
                &format!("{RELOAD_SCRIPT}</body>"),
                1,
            );
            with_type(html.into_bytes(), "text/html; charset=utf-8", 200)
        }
        Ok(bytes) => with_type(bytes, content_type(&file), 200),
        Err(_) => with_type(b"not found".to_vec(), "text/plain", 404),
    }
}

/// The file a URL path names inside the output folder; `None` for anything that leaves it.
fn resolve(output: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = output.join(relative);
    if file.is_dir() || url_path.ends_with('/') {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn with_type(bytes: Vec<u8>, content_type: &str, status: u16) -> Response {
    let header = tiny_http::Header::from_bytes("Content-Type", content_type)
        .expect("a static header is valid");
    tiny_http::Response::from_data(bytes)
        .with_header(header)
        .with_status_code(status)
}

/// The page shown while the last build failed.
fn error_page(error: &str) -> String {
    let mut escaped = Vec::new();
    let _ = tera::escape_html(error, &mut escaped);
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">\
         <h1>The build failed</h1><p>Fix the problem and save: the page reloads when the build works.</p>\
         <pre style=\"white-space:pre-wrap;background:#fff4f0;padding:1rem;border-left:4px solid #d55e00\">{}</pre>{RELOAD_SCRIPT}</body></html>",
        String::from_utf8_lossy(&escaped)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_stay_inside_the_output_folder() {
        let out = Path::new("/site");
        assert_eq!(resolve(out, "/"), Some(PathBuf::from("/site/index.html")));
        assert_eq!(
            resolve(out, "/surveys/a/b.html"),
            Some(PathBuf::from("/site/surveys/a/b.html"))
        );
        assert_eq!(resolve(out, "/../etc/passwd"), None);
        assert_eq!(resolve(out, "/a/../../b"), None);
    }

    /// The configuration of a project in `/p` whose survey reads `files`.
    fn reading(files: &str) -> Config {
        let text = format!(
            "title = \"T\"\n[[survey]]\nid = \"nps\"\ntitle = \"NPS\"\nkind = \"nps\"\n\
             files = \"{files}\"\ncolumns = {{ score = \"score\", date = \"date\" }}\n"
        );
        crate::config::parse(Path::new("/p/cxreport.toml"), &text).unwrap()
    }

    #[test]
    fn the_narratives_files_are_not_the_datas() {
        let stamp = (SystemTime::UNIX_EPOCH, 1);
        let files: Files = [
            "/p/cxreport.toml",
            "/p/data/nps.csv",
            "/p/content/_index.md",
            "/p/templates/survey.html",
            "/p/static/logo.svg",
            "/p/contents.csv",
        ]
        .into_iter()
        .map(|path| (PathBuf::from(path), stamp))
        .collect();
        let data = data_files(files.clone(), &reading("data/*.csv")).unwrap();
        let kept: Vec<&str> = data.keys().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            kept,
            ["/p/contents.csv", "/p/cxreport.toml", "/p/data/nps.csv"]
        );
        // Data kept among the narrative's files, or reached through `..`: every change may be
        // the data's.
        for files_setting in [
            "content/*.csv",
            "./static/nps.csv",
            "data/../content/nps.csv",
        ] {
            assert_eq!(
                data_files(files.clone(), &reading(files_setting)),
                None,
                "{files_setting}"
            );
        }
    }

    #[test]
    fn the_error_page_escapes_the_error() {
        let page = error_page("error: score \"<b>11</b>\"");
        assert!(page.contains("score &quot;&lt;b&gt;11&lt;/b&gt;&quot;"));
        assert!(page.contains(VERSION_PATH));
    }
}
