//! Helpers shared by the integration tests: fixture projects in temporary folders, the real
//! binary, and a walk over a built site.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// An `[[event]]` of the configuration on `date`, lasting `until` (when not empty), with the
/// `lines` given.
pub fn event(date: &str, until: &str, lines: &str, label: &str) -> String {
    let until = match until {
        "" => String::new(),
        until => format!("until = {until}\n"),
    };
    format!("\n[[event]]\ndate = {date}\n{until}{lines}label = \"{label}\"\n")
}

/// A deterministic stream of numbers below `n` (a linear congruential generator).
pub struct Draw(pub u64);

impl Draw {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The repository root (the example project).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example project built into a temporary folder: the folder (removed on drop) and the
/// site in it.
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let out = cxreport(&repo(), &["build", "--output", output.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, output)
}

/// The example project copied into a temporary folder with its `locale` set to `locale` (`"en"`
/// leaves it as it is), and built there: the folder (removed on drop) and the site in it.
pub fn build_example_in(locale: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "data", "static"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    let config = std::fs::read_to_string(repo().join("cxreport.toml")).unwrap();
    let localised = config.replace("locale = \"en\"", &format!("locale = \"{locale}\""));
    assert!(
        config.contains("\nlocale = \"en\"\n"),
        "the example's configuration sets its locale"
    );
    std::fs::write(dir.path().join("cxreport.toml"), localised).unwrap();
    let out = cxreport(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = dir.path().join("public");
    (dir, site)
}

/// The value named `name` of the dimension `dimension` (its id) of a survey in `metrics.json`.
pub fn value<'s>(
    survey: &'s serde_json::Value,
    dimension: &str,
    name: &str,
) -> &'s serde_json::Value {
    let dimension = (survey["dimensions"].as_array().unwrap().iter())
        .find(|d| d["id"] == dimension)
        .unwrap();
    (dimension["values"].as_array().unwrap().iter())
        .find(|v| v["name"] == name)
        .unwrap()
}

/// A spreadsheet of a built site: its header and its rows, read as a spreadsheet would.
pub fn sheet(site: &Path, file: &str, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(site.join(file)).unwrap();
    let text = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a spreadsheet starts with a byte-order mark, so that Excel reads UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = (reader.records())
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A fixture folder under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a fixture project in a temporary folder.
pub fn project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// A copy of a fixture project whose configuration starts with `lines` (top-level keys).
pub fn project_with(name: &str, lines: &str) -> tempfile::TempDir {
    let dir = project(name);
    let config = dir.path().join("cxreport.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{lines}\n{text}")).unwrap();
    dir
}

/// Replaces `from` with `to` in the configuration of the project in `dir`.
pub fn edit_config(dir: &Path, from: &str, to: &str) {
    let path = dir.join("cxreport.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // An edit that changes nothing would leave its test testing the unedited project.
    assert!(text.contains(from), "cxreport.toml has no {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Runs the real `cxreport` binary in `dir`.
pub fn cxreport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cxreport"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Builds the project in `dir` with `markdown` as the overview's narrative
/// (`content/_index.md`), and returns the overview page.
pub fn overview_with(dir: &Path, markdown: &str) -> String {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/_index.md"), markdown).unwrap();
    let out = cxreport(dir, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read_to_string(dir.join("public/index.html")).unwrap()
}

/// Builds the project in `dir` with `markdown` as the overview's narrative, asserts that the
/// build fails on bad input (exit code 1), and returns what it printed to standard error.
pub fn overview_error(dir: &Path, markdown: &str) -> String {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/_index.md"), markdown).unwrap();
    let out = cxreport(dir, &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

/// Runs `cxreport build` in `dir` with `SOURCE_DATE_EPOCH` set to `epoch`.
pub fn build_at(dir: &Path, epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cxreport"))
        .arg("build")
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the project in `dir`, which must succeed; its `public/metrics.json`.
pub fn build_metrics(dir: &Path) -> Value {
    let out = cxreport(dir, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.join("public/metrics.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every file below `dir`, as paths relative to it with `/` separators, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The values of every `href="…"` and `src="…"` attribute in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative link from the page at `page` (site-relative) to a site-relative path,
/// without its `#anchor`. `None` for links that leave the site (`..` above the root).
pub fn resolve(page: &str, link: &str) -> Option<String> {
    let target = link.split('#').next().unwrap();
    if target.is_empty() {
        return Some(page.to_string());
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Every figure in a survey of `metrics.json`, keyed "" for all answers, "2024-03" for a period,
/// "region=Oslo" for a segment, "region=Oslo@2024-03" for a segment in a period.
pub fn figures(survey: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut group = |prefix: String, group: &Value| {
        out.insert(prefix.clone(), group["total"].clone());
        for p in group["periods"].as_array().unwrap() {
            let period = p["period"].as_str().unwrap();
            let key = if prefix.is_empty() {
                period.to_string()
            } else {
                format!("{prefix}@{period}")
            };
            out.insert(key, p.clone());
        }
    };
    group(String::new(), &survey["overall"]);
    for d in survey["dimensions"].as_array().unwrap() {
        for v in d["values"].as_array().unwrap() {
            group(
                format!(
                    "{}={}",
                    d["id"].as_str().unwrap(),
                    v["name"].as_str().unwrap()
                ),
                v,
            );
        }
    }
    out
}

/// The differencing attack on a protected survey of `metrics.json`: the total minus the visible
/// groups must never reveal a hidden group, within a dimension (in total and in every period) or
/// across the periods of one group. `k` is the anonymity threshold.
pub fn assert_no_group_recoverable(survey: &Value, k: u64) {
    let figures = figures(survey);
    let n_of = |key: &str| figures.get(key).and_then(|f| f["n"].as_u64());
    let overall_periods: Vec<String> = survey["overall"]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap().to_string())
        .collect();
    for d in survey["dimensions"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        let names: Vec<&str> = d["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        // In total and in every period.
        let scopes =
            std::iter::once(String::new()).chain(overall_periods.iter().map(|p| format!("@{p}")));
        for scope in scopes {
            let total_key = scope.trim_start_matches('@').to_string();
            let Some(total) = n_of(&total_key) else {
                continue;
            };
            let keys: Vec<String> = names.iter().map(|v| format!("{id}={v}{scope}")).collect();
            let present: Vec<&String> = keys.iter().filter(|k| figures.contains_key(*k)).collect();
            let visible: u64 = present.iter().filter_map(|k| n_of(k)).sum();
            let hidden: Vec<&&String> = present.iter().filter(|k| n_of(k).is_none()).collect();
            let remainder = total - visible;
            assert!(
                hidden.len() != 1,
                "{id}{scope}: {} is alone hidden, so it is {remainder}",
                hidden[0]
            );
            assert!(
                hidden.is_empty() || remainder >= k,
                "{id}{scope}: hidden groups add up to {remainder}"
            );
        }
    }
    // And across periods: a group's total minus its visible periods.
    for (key, f) in &figures {
        if key.contains('@') || f["status"] != "shown" || !(key.is_empty() || key.contains('=')) {
            continue;
        }
        let prefix = format!("{key}@");
        let is_period = |k: &str| {
            if key.is_empty() {
                !k.is_empty() && !k.contains('=')
            } else {
                k.starts_with(&prefix)
            }
        };
        let periods: Vec<&Value> = figures
            .iter()
            .filter(|(k, _)| is_period(k))
            .map(|(_, v)| v)
            .collect();
        let hidden = periods
            .iter()
            .filter(|p| p["status"] == "suppressed")
            .count();
        let visible: u64 = periods.iter().filter_map(|p| p["n"].as_u64()).sum();
        let remainder = f["n"].as_u64().unwrap() - visible;
        assert!(hidden != 1, "{key}: one hidden period of {remainder}");
        assert!(
            hidden == 0 || remainder >= k,
            "{key}: hidden periods add up to {remainder}"
        );
    }
}

/// A cell of a workbook written by [`xlsx`].
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Nothing: no cell is written.
    Empty,
    /// Text, stored inline.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// An Excel serial date and time (days since 1899-12-30), formatted as a date and time.
    Date(f64),
    /// An error value such as `#N/A`.
    Error(&'a str),
}

/// A sheet for [`xlsx`]: its name, its top left cell's (row, column), 0-based, so that a table
/// can start below or right of A1, and its rows.
pub type Sheet<'a> = (&'a str, (u32, u32), Vec<Vec<Cell<'a>>>);

/// An `.xlsx` workbook of the given sheets, written as Excel writes the parts calamine reads.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let xml: Vec<(&str, String)> = sheets
        .iter()
        .map(|(name, (top, left), rows)| (*name, sheet_xml(*top, *left, rows)))
        .collect();
    xlsx_of_xml(&xml)
}

/// A sheet's XML, its rows starting at the 0-based (`top`, `left`) cell.
fn sheet_xml(top: u32, left: u32, rows: &[Vec<Cell>]) -> String {
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        let number = top + r as u32 + 1;
        data.push_str(&format!("<row r=\"{number}\">"));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{number}", column_name(left + c as u32));
            data.push_str(&match cell {
                Cell::Empty => String::new(),
                Cell::Text(text) => format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    escape(text)
                ),
                Cell::Number(x) => format!("<c r=\"{at}\"><v>{x}</v></c>"),
                Cell::Date(x) => format!("<c r=\"{at}\" s=\"1\"><v>{x}</v></c>"),
                Cell::Error(e) => format!("<c r=\"{at}\" t=\"e\"><v>{}</v></c>", escape(e)),
            });
        }
        data.push_str("</row>");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData>{data}</sheetData></worksheet>"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A column's letters: 0 is A, 26 is AA.
fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap()
}

/// An `.xlsx` workbook of sheets given by name and XML, around them the parts Excel writes.
pub fn xlsx_of_xml(sheets: &[(&str, String)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut part = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| {
            format!(
                "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            )
        })
        .collect();
    part(
        "[Content_Types].xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
             {overrides}</Types>"
        ),
    );
    part(
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
         </Relationships>",
    );
    let sheet_list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
                escape(name),
                i + 1,
                i + 1
            )
        })
        .collect();
    part(
        "xl/workbook.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <sheets>{sheet_list}</sheets></workbook>"
        ),
    );
    let sheet_rels: String = (1..=sheets.len())
        .map(|i| {
            format!(
                "<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
            )
        })
        .collect();
    part(
        "xl/_rels/workbook.xml.rels",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             {sheet_rels}\
             <Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
             </Relationships>"
        ),
    );
    // Style 1 is Excel's built-in date and time format 22 (m/d/yy h:mm).
    part(
        "xl/styles.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\" applyNumberFormat=\"1\"/></cellXfs>\
         </styleSheet>",
    );
    for (i, (_, xml)) in sheets.iter().enumerate() {
        part(&format!("xl/worksheets/sheet{}.xml", i + 1), xml);
    }
    zip.finish().unwrap().into_inner()
}
