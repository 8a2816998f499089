//! Generates the benchmark workload: a large, deterministic survey export.
//!
//! `cargo run --release --example gen-bench -- ROWS OUT.csv [AGENTS]` writes ROWS responses over
//! 36 months: scores 0-10 (about 1 % empty), a comment on about 35 % of rows in English, Norwegian
//! or Swedish with commas and quotes (about 1 % with a line break inside quotes; 216 different
//! comments), 8 regions, 5 channels, 4 segments, 6 touchpoints and AGENTS agents (default 400).
//! About 95 bytes a row.

use std::io::{BufWriter, Write};

const USAGE: &str = "usage: gen-bench [ROWS [OUT.csv [AGENTS]]]  (default 1000000 bench.csv 400)";

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A word where a number belongs (`--help`) once wrote a million rows into bench.csv.
    let number = |i: usize, default: u64| match args.get(i) {
        None => Some(default),
        Some(arg) => arg.parse().ok().filter(|n| *n > 0),
    };
    let (Some(rows), Some(agents)) = (number(0, 1_000_000), number(2, 400)) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    if args.len() > 3 {
        eprintln!("{USAGE}");
        std::process::exit(2);
    }
    let agents = u32::try_from(agents).unwrap_or(u32::MAX);
    let path = args.get(1).cloned().unwrap_or_else(|| "bench.csv".into());
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    let mut rng = fastrand::Rng::with_seed(8);
    let regions = [
        "Oslo",
        "Vestland",
        "Trøndelag",
        "Nord-Norge",
        "Stockholm",
        "Göteborg",
        "Malmö",
        "København",
    ];
    let channels = ["Web", "App", "Phone", "Store", "Chat"];
    let segments = ["Private", "Small business", "Enterprise", "Public sector"];
    let touchpoints = [
        "Onboarding",
        "Delivery",
        "Support",
        "Billing",
        "Returns",
        "Renewal",
    ];
    // A comment is an opening and a detail in one language: 3 × 6 × 12 different texts.
    let comments: [([&str; 6], [&str; 12]); 3] = [
        (
            [
                "Fast delivery",
                "Friendly staff",
                "Too expensive",
                "The app keeps logging me out",
                "Waited too long",
                "Great \"premium\" service",
            ],
            [
                "thanks",
                "would recommend",
                "annoying",
                "will not come back",
                "the driver was polite",
                "the invoice was wrong",
                "support solved it quickly",
                "price went up again",
                "easy to use",
                "hard to reach anyone",
                "as usual",
                "better than last year",
            ],
        ),
        (
            [
                "Prisen er for høy",
                "Alt gikk fint",
                "Rask levering",
                "Appen henger",
                "Lang ventetid",
                "Veldig \"hyggelig\" betjening",
            ],
            [
                "takk",
                "dessverre",
                "anbefales",
                "fakturaen var feil",
                "sjåføren var høflig",
                "kundeservice svarte raskt",
                "prisen har gått opp",
                "lett å bruke",
                "vanskelig å nå noen",
                "som vanlig",
                "bedre enn i fjor",
                "kommer ikke tilbake",
            ],
        ),
        (
            [
                "Bra service",
                "Fakturan var fel",
                "Snabb leverans",
                "Appen krånglar",
                "Lång väntetid",
                "Mycket \"trevlig\" personal",
            ],
            [
                "tack",
                "igen",
                "rekommenderas",
                "priset har gått upp",
                "chauffören var artig",
                "kundtjänst svarade snabbt",
                "lätt att använda",
                "svårt att nå någon",
                "som vanligt",
                "bättre än i fjol",
                "kommer inte tillbaka",
                "men dyrt",
            ],
        ),
    ];
    writeln!(
        out,
        "response_id,submitted_at,score,comment,region,channel,customer_segment,touchpoint,agent_id"
    )?;
    for i in 0..rows {
        let month = rng.u32(0..36);
        let (year, month) = (2023 + month / 12, month % 12 + 1);
        let score = if rng.u32(0..100) == 0 {
            String::new()
        } else {
            rng.u8(0..=10).to_string()
        };
        let comment = if rng.u32(0..100) < 35 {
            let (openings, details) = &comments[rng.usize(0..comments.len())];
            let text = format!(
                "{}, {}",
                openings[rng.usize(0..openings.len())],
                details[rng.usize(0..details.len())]
            );
            let text = if rng.u32(0..35) == 0 {
                format!("{text}\nsecond line")
            } else {
                text
            };
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            String::new()
        };
        writeln!(
            out,
            "R_{:015X},{year}-{month:02}-{:02}T{:02}:{:02}:00Z,{score},{comment},{},{},{},{},A{:03}",
            // Survey tools' response ids look like Qualtrics' `R_` and 15 characters.
            i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 4,
            rng.u32(1..29),
            rng.u32(0..24),
            rng.u32(0..60),
            regions[rng.usize(0..regions.len())],
            channels[rng.usize(0..channels.len())],
            segments[rng.usize(0..segments.len())],
            touchpoints[rng.usize(0..touchpoints.len())],
            rng.u32(0..agents),
        )?;
    }
    out.flush()
}
