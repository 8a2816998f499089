//! Any sheet XML inside an otherwise well-formed `.xlsx` package, read as a survey's workbook:
//! no panic, no hang. Seeds: `fuzz/seeds/workbook/`.
#![no_main]

mod common;

use std::io::Write;
use std::sync::OnceLock;

use cxreport::config::Config;
use libfuzzer_sys::fuzz_target;

/// Two surveys of one workbook: strict, and lenient with two header rows and a date format.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        common::project(
            r#"
title = "fuzz"
[[survey]]
id = "strict"
title = "S"
kind = "nps"
files = "x.xlsx"
columns = { score = "score", date = "date", comment = "comment" }
dimensions = [{ title = "Region", column = "region" }]
[[survey]]
id = "lenient"
title = "L"
kind = "csat"
files = "x.xlsx"
header_rows = 2
on_invalid = "skip"
date_format = "%d.%m.%Y"
columns = { score = "score", date = "date" }
"#,
        )
    })
}

/// The parts of a workbook around its sheet: shared strings the seeds refer to, and a date style.
const PARTS: [(&str, &str); 5] = [
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Answers" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    ),
    (
        "xl/sharedStrings.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>date</t></si><si><t>score</t></si><si><t>comment</t></si><si><t>region</t></si><si><t xml:space=\"preserve\">Bra pris,\nbra folk</t></si><si><t>Lång väntetid</t></si></sst>",
    ),
];

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

fn workbook(sheet: &[u8]) -> Vec<u8> {
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let parts = PARTS
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .chain([
            ("xl/styles.xml", STYLES.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("a part is started");
        zip.write_all(bytes).expect("a part is written");
    }
    zip.finish().expect("the package is written").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let config = config();
    std::fs::write(config.root.join("x.xlsx"), workbook(data)).expect("the workbook is written");
    for survey in &config.surveys {
        let _ = cxreport::ingest::read_survey(&config.root, survey, |_| {});
    }
});
