//! What the fuzz targets that read files share.

use cxreport::config::Config;

/// `text` parsed as the configuration of a project in a folder of this process's own, where a
/// target writes the file its surveys read.
pub fn project(text: &str) -> Config {
    let dir = std::env::temp_dir().join(format!("cxreport-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the fuzzed file");
    cxreport::config::parse(&dir.join("cxreport.toml"), text)
        .expect("the fuzz configuration is valid")
}
