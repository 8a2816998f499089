//! The publishing examples (docs/ci) parse and run the commands the README documents.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

fn load(file: &str) -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/ci")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(docs.len(), 1, "{file} has one document");
    docs.remove(0)
}

/// Every `run:` or `script:` line of a workflow.
fn commands(yaml: &Yaml, out: &mut Vec<String>) {
    match yaml {
        Yaml::Hash(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    (Some("run"), Yaml::String(command)) => out.push(command.clone()),
                    (Some("script"), Yaml::Array(lines)) => {
                        out.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)))
                    }
                    _ => commands(value, out),
                }
            }
        }
        Yaml::Array(items) => items.iter().for_each(|i| commands(i, out)),
        _ => {}
    }
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn assert_runs_the_documented_commands(file: &str) {
    let mut found = Vec::new();
    commands(&load(file), &mut found);
    let all = found.join("\n");
    for command in ["cxreport check", "cxreport build --output public"] {
        assert!(
            all.contains(command),
            "{file} does not run `{command}`:\n{all}"
        );
        assert!(
            readme().contains(command),
            "the README does not document `{command}`"
        );
    }
    assert!(
        all.contains("SOURCE_DATE_EPOCH="),
        "{file} does not date the build reproducibly"
    );
}

#[test]
fn the_github_pages_workflow_parses_and_builds_the_report() {
    assert_runs_the_documented_commands("github-pages.yml");
    let workflow = load("github-pages.yml");
    let upload = &workflow["jobs"]["build"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .expect("the workflow uploads the site")["with"]["path"];
    assert_eq!(upload.as_str(), Some("public"));
    assert!(
        workflow["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages")
    );
}

#[test]
fn the_gitlab_pages_job_parses_and_builds_the_report() {
    assert_runs_the_documented_commands("gitlab-ci.yml");
    let job = &load("gitlab-ci.yml")["pages"];
    assert_eq!(job["artifacts"]["paths"][0].as_str(), Some("public"));
}

#[test]
fn init_writes_the_same_github_workflow() {
    let (_, workflow) = cxreport::init::FILES
        .iter()
        .find(|(path, _)| path.ends_with("report.yml"))
        .unwrap();
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci/github-pages.yml"),
    )
    .unwrap();
    assert_eq!(*workflow, shipped);
}
