//! Generates the benchmark workload: a large, deterministic survey export.
//!
//! `cargo run --release --example gen-bench -- ROWS OUT.csv` writes ROWS responses over 36 months:
//! scores 0-10 (about 1 % empty), a comment on about 35 % of rows in English, Norwegian or Swedish
//! with commas and quotes (about 1 % with a line break inside quotes), 8 regions, 5 channels,
//! 4 segments, 6 touchpoints and 400 agents. About 93 bytes a row.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let path = args.next().unwrap_or_else(|| "bench.csv".into());
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
    let comments = [
        "Fast delivery, friendly driver",
        "Prisen er for høy, \"dessverre\"",
        "Bra service, men lång väntetid",
        "The app keeps logging me out, annoying",
        "Alt gikk fint, takk",
        "Fakturan var fel, igen",
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
            let text = comments[rng.usize(0..comments.len())];
            let text = if rng.u32(0..35) == 0 {
                format!("{text}\nsecond line")
            } else {
                text.to_string()
            };
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{i},{year}-{month:02}-{:02}T{:02}:{:02}:00Z,{score},{comment},{},{},{},{},A{:03}",
            rng.u32(1..29),
            rng.u32(0..24),
            rng.u32(0..60),
            regions[rng.usize(0..regions.len())],
            channels[rng.usize(0..channels.len())],
            segments[rng.usize(0..segments.len())],
            touchpoints[rng.usize(0..touchpoints.len())],
            rng.u32(0..400),
        )?;
    }
    out.flush()
}
