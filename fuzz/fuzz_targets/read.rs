//! Any bytes through encoding and delimiter detection and the CSV reader: no panic, no hang.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use cxreport::config::Survey;
use libfuzzer_sys::fuzz_target;

/// Three surveys: strict, lenient with three header rows, and SurveyMonkey's two header rows
/// naming a matrix question's columns.
fn surveys() -> &'static [Survey] {
    static SURVEYS: OnceLock<Vec<Survey>> = OnceLock::new();
    SURVEYS.get_or_init(|| {
        let text = r#"
title = "fuzz"
[[survey]]
id = "strict"
title = "S"
kind = "nps"
files = "x.csv"
columns = { score = "score", date = "date", comment = "comment", response_id = "id" }
dimensions = [{ title = "Region", column = "region" }]
[[survey]]
id = "lenient"
title = "L"
kind = "csat"
files = "x.csv"
header_rows = 3
on_invalid = "skip"
score_text = "leading-number"
columns = { score = "score", date = "date" }
[[survey]]
id = "monkey"
title = "M"
kind = "nps"
files = "x.csv"
format = "surveymonkey"
date_format = "%Y-%m-%d"
columns = { score = "score", date = "date" }
drivers = [{ title = "A", column = "rate - a" }, { title = "B", column = "rate - b" }]
"#;
        cxreport::config::parse(Path::new("fuzz.toml"), text)
            .expect("the fuzz configuration is valid")
            .surveys
    })
}

fuzz_target!(|data: &[u8]| {
    for survey in surveys() {
        let dimensions = survey.dimensions.len();
        let _ = cxreport::ingest::read_bytes(Path::new("fuzz.csv"), data, survey, |row| {
            for i in 0..dimensions {
                let _ = row.segment(i);
            }
        });
    }
});
