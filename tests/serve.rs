//! `cxreport serve` through the real binary, on 127.0.0.1: it serves, rebuilds on a change,
//! warns as `build` does, and shows a failed build in the page instead of exiting.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    (status, response)
}

/// Polls the build version until it differs from `old` (at most 20 s).
fn wait_for_new_build(port: u16, old: &str) -> String {
    let start = Instant::now();
    loop {
        let (_, response) = get(port, "/__cxreport/version");
        let version = response.rsplit("\r\n\r\n").next().unwrap().to_string();
        if version != old {
            return version;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no rebuild after a change"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running `cxreport serve` and what it says.
struct Serving {
    _server: Server,
    port: u16,
    /// The first build's line, printed before the address.
    first_build: String,
    /// Standard output's lines after the address, as they come.
    output: std::sync::mpsc::Receiver<String>,
    /// Standard error's lines, as they come.
    errors: std::sync::mpsc::Receiver<String>,
}

impl Serving {
    /// Serves the project in `dir` on a free port, once it has built.
    fn start(dir: &std::path::Path) -> Serving {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cxreport"))
            .args(["serve", "--port", "0"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (errors, error_lines) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let _ = errors.send(line.unwrap());
            }
        });
        let server = Server(child);
        let mut lines = BufReader::new(stdout).lines();
        let mut first_build = None;
        let port: u16 = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if line.starts_with("Built ") {
                first_build = Some(line.clone());
            }
            if let Some(rest) = line.strip_prefix("Serving the report at http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        // Read as they come, so that the server never blocks on a full pipe.
        let (said, output) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines {
                let _ = said.send(line.unwrap());
            }
        });
        Serving {
            _server: server,
            port,
            first_build: first_build.expect("the first build, before the address"),
            output,
            errors: error_lines,
        }
    }

    /// The line that ends the next build.
    fn built(&self) -> String {
        loop {
            let line = self
                .output
                .recv_timeout(Duration::from_secs(20))
                .expect("a build's line on standard output");
            if line.starts_with("Built ") {
                break line;
            }
        }
    }

    /// The current build's version.
    fn version(&self) -> String {
        let (_, version) = get(self.port, "/__cxreport/version");
        version.rsplit("\r\n\r\n").next().unwrap().to_string()
    }

    /// A page without the response's header, which holds the time.
    fn page(&self, path: &str) -> String {
        let (_, response) = get(self.port, path);
        response.split_once("\r\n\r\n").unwrap().1.to_string()
    }
}

#[test]
fn serves_rebuilds_on_change_and_shows_build_errors_in_the_page() {
    let dir = common::project("basic");
    let serving = Serving::start(dir.path());
    let (port, first_build, warnings) = (serving.port, &serving.first_build, &serving.errors);
    let built = || serving.built();
    assert!(!first_build.contains("not read again"), "{first_build}");

    let (status, page) = get(port, "/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("Fixture report"));
    assert!(
        page.contains("/__cxreport/version"),
        "the page reloads itself"
    );
    let (status, _) = get(port, "/");
    assert_eq!(status, 200, "a folder serves its index.html");
    let (status, _) = get(port, "/../Cargo.toml");
    assert_eq!(status, 404);
    let version = serving.version();

    // A change to the narrative is rebuilt and served, from the report already computed.
    let survey_page = || serving.page("/surveys/nps/index.html");
    let before = survey_page();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/_index.md"),
        "Freshly *written* words",
    )
    .unwrap();
    let version = wait_for_new_build(port, &version);
    assert!(built().ends_with("(the data is unchanged: not read again)"));
    let (_, page) = get(port, "/index.html");
    assert!(page.contains("Freshly <em>written</em> words"));
    assert!(survey_page() == before, "the same figures, not read again");

    // A broken template fails the build; once removed, the figures are still not read again.
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/index.html"), "{{ broken").unwrap();
    let version = wait_for_new_build(port, &version);
    let (status, _) = get(port, "/index.html");
    assert_eq!(status, 500);
    std::fs::remove_file(dir.path().join("templates/index.html")).unwrap();
    let version = wait_for_new_build(port, &version);
    assert!(built().ends_with("(the data is unchanged: not read again)"));
    assert!(survey_page() == before);

    // A changed answer is read: the survey's page shows it.
    let data = dir.path().join("data/nps.csv");
    let answers = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, format!("{answers}999,2024-01-05,10,,Oslo\n")).unwrap();
    let version = wait_for_new_build(port, &version);
    assert!(!built().contains("not read again"));
    assert!(survey_page() != before, "one answer more");

    // A survey just launched: the build works, and the terminal is warned as by `build`.
    std::fs::write(
        dir.path().join("data/nps.csv"),
        "id,date,score,comment,region\n",
    )
    .unwrap();
    let version = wait_for_new_build(port, &version);
    // The template's error came before it.
    let warning = loop {
        let line = warnings
            .recv_timeout(Duration::from_secs(20))
            .expect("a warning on standard error");
        if line.starts_with("warning:") {
            break line;
        }
    };
    assert_eq!(
        warning,
        "warning: survey \"nps\" has no answers yet: its files hold no row with a score"
    );
    let (status, page) = get(port, "/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("no answers yet"));

    // A broken export: the server keeps running and the page shows the error.
    std::fs::copy(
        common::fixture("bad/score-11.csv"),
        dir.path().join("data/nps.csv"),
    )
    .unwrap();
    wait_for_new_build(port, &version);
    let (status, page) = get(port, "/index.html");
    assert_eq!(status, 500);
    assert!(page.contains("The build failed"));
    assert!(page.contains("score 11 is outside the NPS scale 0-10"));
    // The last good site is still on disk.
    let on_disk = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(on_disk.contains("Freshly <em>written</em> words"));
}

#[test]
fn data_kept_outside_the_project_is_watched_too() {
    // The project reads its exports from a folder beside it, which a new file joins.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    common::copy_dir(&common::fixture("basic"), &project);
    let exports = dir.path().join("exports");
    std::fs::rename(project.join("data"), &exports).unwrap();
    common::edit_config(
        &project,
        "files = \"data/*.csv\"",
        "files = \"../exports/*.csv\"",
    );
    let serving = Serving::start(&project);
    let before = serving.page("/surveys/nps/index.html");
    let version = serving.version();
    std::fs::write(
        exports.join("later.csv"),
        "id,date,score,comment,region\n999,2024-01-05,0,,Oslo\n",
    )
    .unwrap();
    let version = wait_for_new_build(serving.port, &version);
    assert!(!serving.built().contains("not read again"));
    let after = serving.page("/surveys/nps/index.html");
    assert!(after != before, "one answer more");
    // And a change to a file it already read.
    std::fs::write(exports.join("later.csv"), "id,date,score,comment,region\n").unwrap();
    wait_for_new_build(serving.port, &version);
    assert!(!serving.built().contains("not read again"));
    assert!(serving.page("/surveys/nps/index.html") == before);
}

#[test]
fn a_port_in_use_is_an_error_with_a_hint_before_anything_is_built() {
    let dir = common::project("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Command::new(env!("CARGO_BIN_EXE_cxreport"))
        .args(["serve", "--port", &port])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let said = common::stderr(&run);
    assert!(
        said.starts_with(&format!("error: listening on 127.0.0.1:{port}: ")),
        "{said}"
    );
    assert!(
        said.contains("\n  = hint: another program, or another cxreport serve, uses the port; choose another with --port"),
        "{said}"
    );
    assert!(
        !dir.path().join("public").exists(),
        "it built a site it could not serve"
    );
}
