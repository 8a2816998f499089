//! How fast can one core read the benchmark workload in safe Rust, in one pass? A measuring stick
//! for issue 8's reading targets (docs/performance.md, "A floor for reading"), not a reader.
//!
//! `cargo run --release --example read-floor -- FILE [--dimensions]` reads a file that
//! `gen-bench` wrote, on one thread, and counts its scores per month, overall and, with
//! `--dimensions`, per value of its five dimensions, as `cxreport build` does. It finds the
//! records as SIMD CSV parsers do: for each 64 bytes, a mask of the quotes, the commas and the
//! line breaks (built eight bytes at a time with integer arithmetic, which needs no `unsafe`);
//! the bits inside quotes, from the quotes' running XOR; the commas and line breaks outside
//! them end fields. It reads the score and the date's month where they lie, checks the
//! dimension values as UTF-8 and looks them up in cxreport's own `Slots`. It does what the
//! workload needs and no more: no CRLF, no quote escapes undone, nothing checked in the fields
//! it does not use, no error told. It prints the rows, the seconds and the counts of each score,
//! to compare with `metrics.json`'s `distribution`.

use std::io::Read;

use cxreport::slots::Slots;

const USAGE: &str = "usage: read-floor FILE [--dimensions]";
/// The columns `gen-bench` writes that the floor counts by.
const DIMENSIONS: [&str; 5] = [
    "region",
    "channel",
    "customer_segment",
    "touchpoint",
    "agent_id",
];
/// Bytes read at a time.
const BUFFER: usize = 1 << 20;
/// Months that can be counted, from January 1990.
const MONTHS: usize = 12 * 100;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), dimensions) = (args.first(), args.get(1).map(String::as_str)) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let dimensions = match dimensions {
        None => false,
        Some("--dimensions") => true,
        Some(_) => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    let mut file = std::fs::File::open(path)?;
    let started = std::time::Instant::now();
    let mut counts = Counts::new(dimensions);
    let mut buffer = vec![0; BUFFER];
    let (mut len, mut scanned, mut start) = (0, 0, 0);
    let mut quoted = 0;
    let mut record = Record::default();
    loop {
        let read = file.read(&mut buffer[len..])?;
        len += read;
        if read == 0 {
            // The last record ends at a line break; zeros fill the last 64 bytes.
            if len > scanned && buffer[len - 1] != b'\n' {
                buffer[len] = b'\n';
                len += 1;
            }
            let padded = scanned + (len - scanned).div_ceil(64) * 64;
            buffer.resize(buffer.len().max(padded), 0);
            buffer[len..padded].fill(0);
            len = padded;
        }
        while scanned + 64 <= len {
            let block: &[u8; 64] = buffer[scanned..scanned + 64].try_into().unwrap();
            let [quotes, commas, breaks] = masks(block);
            let inside = inside_quotes(quotes, &mut quoted);
            let mut ends = (commas | breaks) & !inside;
            while ends != 0 {
                let at = scanned + ends.trailing_zeros() as usize;
                ends &= ends - 1;
                record.field(&buffer[start..at], &mut counts);
                start = at + 1;
                if buffer[at] == b'\n' {
                    record.end(&mut counts);
                }
            }
            scanned += 64;
        }
        if read == 0 {
            break;
        }
        // The record read so far moves to the front; the rest of the buffer takes more bytes.
        let keep = start.min(scanned);
        buffer.copy_within(keep..len, 0);
        (len, scanned, start) = (len - keep, scanned - keep, start - keep);
        if len == buffer.len() {
            buffer.resize(2 * len, 0);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let scores: Vec<u64> = (0..11)
        .map(|score| counts.overall.iter().map(|period| period[score]).sum())
        .collect();
    println!(
        "{} rows in {seconds:.3} s ({:.0} MB/s); {} dimension values; answers per score {scores:?}",
        counts.rows,
        std::fs::metadata(path)?.len() as f64 / seconds / 1e6,
        counts.values.iter().map(|v| v.len()).sum::<usize>(),
    );
    Ok(())
}

/// The bits of `block`'s quotes, commas and line breaks, eight bytes at a time: a byte equal
/// to the one sought is zero after XOR, and the exact zero-byte test sets its high bit.
fn masks(block: &[u8; 64]) -> [u64; 3] {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zeros = |v: u64| {
        let high = !(((v & LOW7) + LOW7) | v | LOW7);
        // The eight high bits gathered into the top byte, the first byte's lowest.
        ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    };
    let mut masks = [0; 3];
    for (k, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().unwrap());
        for (mask, byte) in masks.iter_mut().zip([b'"', b',', b'\n']) {
            *mask |= zeros(word ^ u64::from_ne_bytes([byte; 8])) << (8 * k);
        }
    }
    masks
}

/// The bits inside quotes: each quote flips the state, carried from block to block in
/// `quoted` (all ones inside, zero outside).
fn inside_quotes(quotes: u64, quoted: &mut u64) -> u64 {
    let mut inside = quotes;
    for shift in [1, 2, 4, 8, 16, 32] {
        inside ^= inside << shift;
    }
    inside ^= *quoted;
    *quoted = 0u64.wrapping_sub(inside >> 63);
    inside
}

/// What the floor counts. Months are counted by slot, in the order first met, as cxreport
/// counts periods: counts for every month since 1990 would not stay in the cache.
struct Counts {
    rows: u64,
    /// Each month's slot, `u16::MAX` for a month not met yet.
    month_slots: Vec<u16>,
    months: usize,
    /// Answers per month slot and score.
    overall: Vec<[u64; 11]>,
    /// Per dimension, each value's slot, and its answers per month slot and score.
    slots: Vec<Slots>,
    values: Vec<Vec<Vec<[u64; 11]>>>,
}

impl Counts {
    fn new(dimensions: bool) -> Self {
        let dimensions = if dimensions { DIMENSIONS.len() } else { 0 };
        Counts {
            rows: 0,
            month_slots: vec![u16::MAX; MONTHS],
            months: 0,
            overall: Vec::new(),
            slots: vec![Slots::default(); dimensions],
            values: vec![Vec::new(); dimensions],
        }
    }

    /// The slot of `month`, given one the first time it is met.
    fn month_slot(&mut self, month: usize) -> usize {
        if self.month_slots[month] == u16::MAX {
            self.month_slots[month] = self.months as u16;
            self.months += 1;
            self.overall.push([0; 11]);
            for value in self.values.iter_mut().flatten() {
                value.push([0; 11]);
            }
        }
        usize::from(self.month_slots[month])
    }
}

/// The record being read: which field comes next and what its fields said.
#[derive(Default)]
struct Record {
    field: usize,
    /// The header's line is read first, for the columns' places.
    header: Vec<String>,
    score: Option<usize>,
    month: Option<usize>,
    slots: [usize; DIMENSIONS.len()],
    /// The column of the score, the date and each dimension.
    columns: Option<Columns>,
}

struct Columns {
    score: usize,
    date: usize,
    /// The dimension of each column, if any.
    dimensions: Vec<Option<usize>>,
}

impl Record {
    fn field(&mut self, field: &[u8], counts: &mut Counts) {
        let i = self.field;
        self.field += 1;
        let Some(columns) = &self.columns else {
            self.header
                .push(String::from_utf8_lossy(field).into_owned());
            return;
        };
        if i == columns.score {
            self.score = match field {
                [digit @ b'0'..=b'9'] => Some(usize::from(digit - b'0')),
                b"10" => Some(10),
                _ => None,
            };
        } else if i == columns.date {
            self.month = month(field);
        } else if let Some(&Some(d)) = columns.dimensions.get(i) {
            let value = std::str::from_utf8(field).unwrap_or("");
            self.slots[d] = counts.slots[d].get(value).unwrap_or_else(|| {
                let slot = counts.values[d].len();
                counts.slots[d].insert(value, slot);
                counts.values[d].push(vec![[0; 11]; counts.months]);
                slot
            });
        }
    }

    fn end(&mut self, counts: &mut Counts) {
        self.field = 0;
        if self.columns.is_none() {
            let place = |name: &str| self.header.iter().position(|h| h == name);
            let counted = &DIMENSIONS[..counts.slots.len()];
            self.columns = Some(Columns {
                score: place("score").expect("a score column"),
                date: place("submitted_at").expect("a submitted_at column"),
                dimensions: (self.header.iter())
                    .map(|h| counted.iter().position(|d| d == h))
                    .collect(),
            });
            return;
        }
        counts.rows += 1;
        if let (Some(score), Some(month)) = (self.score.take(), self.month.take()) {
            let month = counts.month_slot(month);
            counts.overall[month][score] += 1;
            for (d, &slot) in self.slots.iter().enumerate().take(counts.slots.len()) {
                counts.values[d][slot][month][score] += 1;
            }
        }
    }
}

/// The month of an ISO date (`2024-03-05…`) from January 1990, if it is one in range.
fn month(field: &[u8]) -> Option<usize> {
    let digit = |i: usize| match field.get(i) {
        Some(&d @ b'0'..=b'9') => Some(usize::from(d - b'0')),
        _ => None,
    };
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let month = digit(5)? * 10 + digit(6)?;
    let months = year.checked_sub(1990)? * 12 + month.checked_sub(1)?;
    (month <= 12 && months < MONTHS).then_some(months)
}
