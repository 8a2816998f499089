//! Response ids seen twice, found while records are read on all cores.
//!
//! An id seen twice counts once: its first occurrence in file order. Reading in order, every id
//! read so far is kept in a set, which costs 60–70 bytes a row. Reading in parallel, a worker
//! cannot know whether an id occurs earlier in a chunk another worker reads, so a survey is read
//! in up to three passes:
//!
//! 1. Every row is counted. Each id's 64-bit fingerprint goes into a Bloom [`Filter`] (a bit per
//!    five bytes of the files), and its low 32 bits into a list per chunk, in record order (4
//!    bytes a row). A fingerprint the filter may have seen before is a candidate. A candidate
//!    whose low bits occur once in the lists was a false positive of the filter; the others are
//!    [`Suspects`]. Most surveys have none, and then the first pass's counts stand.
//! 2. The chunks with suspects are read again, at the byte offsets the first pass noted (in a
//!    file read as it is), noting each [`Occurrence`] of a suspect: where it is and a 128-bit
//!    fingerprint of its id (two 64-bit ones); nothing is counted. With more than [`MANY`]
//!    candidates, counting their low bits would cost more than it saves, and every id of every
//!    chunk is noted.
//! 3. If equal 128-bit fingerprints occur more than once, every occurrence but the first is
//!    skipped ([`later_occurrences`]) and all the rows are counted again without them.
//!
//! Two different ids share a 128-bit fingerprint with a chance below one in 10^20 among a
//! billion ids. Their texts are not kept, so that an occurrence takes 24 bytes, even when a whole
//! export is read twice.
//!
//! Chunks are cut the same way on every pass, so a record's position is the same in each.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::Mutex;

/// An id where it occurs: the number of its chunk among all the survey's chunks (a workbook's
/// sheet is one), in file order, and of its record among the chunk's records whose id was
/// checked. Ordered by id, then in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    id: [u64; 2],
    chunk: u32,
    record: u32,
}

/// A 64-bit fingerprint of an id, the same on every run.
pub fn fingerprint(id: &str) -> u64 {
    foldhash::quality::FixedState::with_seed(0x5eed).hash_one(id)
}

/// A 128-bit fingerprint of an id whose 64-bit one is `fingerprint`.
fn long_fingerprint(id: &str, fingerprint: u64) -> [u64; 2] {
    let second = foldhash::quality::FixedState::with_seed(0xd1ce).hash_one(id);
    [fingerprint, second]
}

/// What a pass over the records does with each response id.
#[derive(Clone, Copy)]
pub enum Pass<'a> {
    /// Counts every row and puts each id's fingerprint into the filter.
    First(&'a Filter),
    /// Notes where the suspects' ids occur; counts nothing.
    Locate(&'a Suspects),
    /// Counts every row but these, which repeat an earlier id.
    Skip(&'a Repeats),
}

impl Pass<'_> {
    /// Whether the pass reads the chunk numbered `chunk`.
    pub fn reads(&self, chunk: usize) -> bool {
        match self {
            Pass::Locate(Suspects::Some { chunks, .. }) => chunks.contains(&chunk),
            Pass::Locate(Suspects::None | Suspects::All) | Pass::First(_) | Pass::Skip(_) => true,
        }
    }
}

/// Ids that may occur more than once.
#[derive(Debug, PartialEq, Eq)]
pub enum Suspects {
    /// None: no id occurs twice.
    None,
    /// Ids with these fingerprints, in these chunks.
    Some {
        fingerprints: foldhash::HashSet<u64>,
        chunks: foldhash::HashSet<usize>,
    },
    /// Too many to list: every id.
    All,
}

/// Candidates above which every id is a suspect.
pub const MANY: usize = 1 << 16;

impl Suspects {
    fn include(&self, fingerprint: u64) -> bool {
        match self {
            Suspects::None => false,
            Suspects::Some { fingerprints, .. } => fingerprints.contains(&fingerprint),
            Suspects::All => true,
        }
    }
}

/// What a worker noted over its chunks.
#[derive(Debug, Default)]
pub struct Notes {
    /// Fingerprints not yet put into the filter, per part of it (first pass).
    pending: Vec<Vec<u64>>,
    /// Per chunk, the low 32 bits of each checked record's fingerprint, 0 for an empty id
    /// (first pass).
    lows: Vec<(usize, Vec<u32>)>,
    /// This worker's occurrences of suspects (second pass), sorted when it is done.
    found: Vec<Occurrence>,
    /// Other workers' occurrences, each sorted.
    runs: Vec<Vec<Occurrence>>,
}

/// Fingerprints a worker holds for a part of the filter before it inserts them together.
const BATCH: usize = 1024;

impl Notes {
    /// After a worker's last chunk: puts the fingerprints still pending into the first pass's
    /// filter, and sorts the occurrences of the second. Workers sort in parallel, and their
    /// runs are merged without being copied into one.
    pub fn finish(&mut self, pass: Pass<'_>) {
        if let Pass::First(filter) = pass {
            for (part, pending) in self.pending.iter_mut().enumerate() {
                filter.insert(part, pending);
            }
        }
        self.found.sort_unstable();
        self.found.shrink_to_fit();
    }

    /// Frees what the last chunk's list holds beyond its length.
    pub fn end_chunk(&mut self) {
        if let Some((_, lows)) = self.lows.last_mut() {
            lows.shrink_to_fit();
        }
    }

    pub fn merge(&mut self, other: Notes) {
        self.lows.extend(other.lows);
        self.runs.push(other.found);
        self.runs.extend(other.runs);
    }
}

/// What to do with a record after its id is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Read it on.
    Count,
    /// Skip it: its id occurs earlier.
    Repeat,
    /// Read no further: the pass only locates ids.
    Done,
}

/// The ids of one chunk's records, checked in order.
pub struct Check<'a> {
    pass: Pass<'a>,
    chunk: usize,
    next: u32,
    notes: &'a mut Notes,
    /// The numbers of the chunk's records still to skip, in order (third pass).
    repeats: &'a [u32],
}

impl<'a> Check<'a> {
    /// Checks for the chunk numbered `chunk`.
    pub fn new(pass: Pass<'a>, chunk: usize, notes: &'a mut Notes) -> Self {
        if let Pass::First(filter) = pass {
            notes.pending.resize_with(filter.parts.len(), Vec::new);
            // About as many records as the last chunk had, so its list rarely grows.
            let records = notes.lows.last().map_or(0, |(_, lows)| lows.len());
            notes.lows.push((chunk, Vec::with_capacity(records)));
        }
        let repeats = match pass {
            Pass::Skip(repeats) => repeats.0.get(&chunk).map_or(&[][..], Vec::as_slice),
            Pass::First(_) | Pass::Locate(_) => &[],
        };
        Check {
            pass,
            chunk,
            next: 0,
            notes,
            repeats,
        }
    }

    /// Checks the next record's (trimmed) id; an empty one is never a repeat.
    pub fn id(&mut self, id: &str) -> Verdict {
        let record = self.next;
        self.next += 1;
        match self.pass {
            Pass::First(filter) => {
                let mut low = 0;
                if !id.is_empty() {
                    let fingerprint = fingerprint(id);
                    low = fingerprint as u32;
                    let part = filter.part(fingerprint);
                    let pending = &mut self.notes.pending[part];
                    pending.push(fingerprint);
                    if pending.len() >= BATCH {
                        filter.insert(part, pending);
                    }
                }
                if let Some((_, lows)) = self.notes.lows.last_mut() {
                    lows.push(low);
                }
                Verdict::Count
            }
            Pass::Locate(suspects) => {
                let fingerprint = fingerprint(id);
                if !id.is_empty() && suspects.include(fingerprint) {
                    self.notes.found.push(Occurrence {
                        id: long_fingerprint(id, fingerprint),
                        // Chunks of 1 MiB: this wraps after 4 PiB of files.
                        chunk: self.chunk as u32,
                        record,
                    });
                }
                Verdict::Done
            }
            Pass::Skip(_) => match self.repeats.split_first() {
                Some((&next, rest)) if next == record => {
                    self.repeats = rest;
                    Verdict::Repeat
                }
                _ => Verdict::Count,
            },
        }
    }
}

/// Records to skip: per chunk, their numbers in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repeats(foldhash::HashMap<usize, Vec<u32>>);

impl Repeats {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every occurrence of an id but its first, from the notes of the second pass: their sorted runs
/// merged, an occurrence of the same id as the one before it is a repeat.
pub fn later_occurrences(notes: Notes) -> Repeats {
    let runs = notes.runs.into_iter().chain([notes.found]);
    let mut runs: Vec<_> = runs.map(|run| run.into_iter().peekable()).collect();
    let mut repeats = Repeats::default();
    let mut previous = None;
    loop {
        let mut next: Option<(Occurrence, usize)> = None;
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some(&occurrence) = run.peek()
                && next.is_none_or(|(least, _)| occurrence < least)
            {
                next = Some((occurrence, i));
            }
        }
        let Some((occurrence, i)) = next else { break };
        runs[i].next();
        if previous == Some(occurrence.id) {
            let records = repeats.0.entry(occurrence.chunk as usize).or_default();
            records.push(occurrence.record);
        }
        previous = Some(occurrence.id);
    }
    for records in repeats.0.values_mut() {
        records.sort_unstable();
    }
    repeats
}

/// How records' response ids are checked.
pub enum Ids<'a> {
    /// Not at all: the survey maps no response ids.
    Off,
    /// Reading in order: against every id read so far.
    InOrder(&'a mut HashSet<Box<str>>),
    /// Reading a chunk in parallel, in one of the passes this module describes.
    Chunk(Check<'a>),
}

impl<'a> Ids<'a> {
    /// The checks of a chunk (or sheet) numbered `number`, in `pass`.
    pub fn new(pass: Option<Pass<'a>>, number: usize, notes: &'a mut Notes) -> Self {
        match pass {
            Some(pass) => Ids::Chunk(Check::new(pass, number, notes)),
            None => Ids::Off,
        }
    }

    /// Checks the next record's (trimmed) id.
    pub fn check(&mut self, id: &str) -> Verdict {
        match self {
            Ids::Off => Verdict::Count,
            Ids::InOrder(seen) => {
                if !id.is_empty() && !seen.insert(id.into()) {
                    Verdict::Repeat
                } else {
                    Verdict::Count
                }
            }
            Ids::Chunk(check) => check.id(id),
        }
    }
}

/// A split-block Bloom filter of fingerprints (as Parquet's): each fingerprint sets one bit in
/// each of the eight words of one 64-byte block. It is cut into parts of 1 MiB, each behind its
/// own lock, and workers insert a batch of fingerprints into one part at a time, so that a lock
/// is taken once a batch and two workers seldom wait for the same part.
pub struct Filter {
    parts: Vec<Mutex<Part>>,
    blocks: u64,
}

#[derive(Default)]
struct Part {
    blocks: Vec<Block>,
    /// Fingerprints whose bits were all set when they were inserted.
    candidates: Vec<u64>,
}

/// Eight words on one cache line, so that an insertion loads one line, not two.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct Block([u64; 8]);

/// Blocks in a part of the filter: 1 MiB.
const PART_BLOCKS: u64 = 1 << 14;

/// Odd constants that pick a fingerprint's bit in each word of its block (Parquet's salts).
const SALT: [u32; 8] = [
    0x47b6_137b,
    0x4497_4d91,
    0x8824_ad5b,
    0xa2b7_289d,
    0x7054_95c7,
    0x2df1_424b,
    0x9efc_4947,
    0x5c6b_fb31,
];

impl Filter {
    /// A filter for the ids of files of `bytes` bytes in all: a bit per five bytes, so about 19
    /// bits per id in the benchmark's 95-byte rows (at most 128 MiB, for files of 5 GiB). A bit
    /// per four bytes took the benchmark's 10 M rows with ids just over 100 MB (97.6 MiB); the
    /// extra candidates of a smaller filter cost little, as the second pass reads only their
    /// chunks.
    pub fn for_bytes(bytes: u64) -> Self {
        let blocks = (bytes / 2560).clamp(1, 1 << 21);
        let parts = (0..blocks.div_ceil(PART_BLOCKS))
            .map(|part| {
                let size = PART_BLOCKS.min(blocks - part * PART_BLOCKS) as usize;
                Mutex::new(Part {
                    blocks: vec![Block::default(); size],
                    candidates: Vec::new(),
                })
            })
            .collect();
        Filter { parts, blocks }
    }

    /// The block of `fingerprint` (from its high 32 bits), as its part and its place there.
    fn block(&self, fingerprint: u64) -> (usize, usize) {
        let block = ((fingerprint >> 32) * self.blocks) >> 32;
        (
            (block / PART_BLOCKS) as usize,
            (block % PART_BLOCKS) as usize,
        )
    }

    fn part(&self, fingerprint: u64) -> usize {
        self.block(fingerprint).0
    }

    /// Inserts the fingerprints of one part, and empties `pending`.
    fn insert(&self, part: usize, pending: &mut Vec<u64>) {
        if pending.is_empty() {
            return;
        }
        let mut part = self.parts[part].lock().expect("a worker panicked");
        let part = &mut *part;
        // Each block is loaded once before any is changed: independent loads, so their cache
        // misses overlap, and the insertions below find their blocks in cache (twice as fast).
        let touched = pending.iter().fold(0, |touched, &fingerprint| {
            touched ^ part.blocks[self.block(fingerprint).1].0[0]
        });
        std::hint::black_box(touched);
        for &fingerprint in pending.iter() {
            let block = &mut part.blocks[self.block(fingerprint).1];
            let low = fingerprint as u32;
            let mut seen = true;
            for (word, salt) in block.0.iter_mut().zip(SALT) {
                let bit = 1u64 << (low.wrapping_mul(salt) >> 26);
                seen &= *word & bit != 0;
                *word |= bit;
            }
            if seen {
                part.candidates.push(fingerprint);
            }
        }
        pending.clear();
    }

    /// After the first pass, with every worker's notes: the candidates whose low bits occur
    /// more than once in the chunks' lists. Every id that occurs twice is among them.
    pub fn suspects(self, notes: Notes) -> Suspects {
        let candidates: Vec<u64> = self
            .parts
            .into_iter()
            .flat_map(|part| part.into_inner().expect("a worker panicked").candidates)
            .collect();
        if candidates.is_empty() {
            return Suspects::None;
        }
        if candidates.len() > MANY {
            return Suspects::All;
        }
        // How often each candidate's low bits occur. A bit per value of their top 16 bits turns
        // most lookups away at once.
        let mut near = vec![0u64; 1 << 10];
        let mut counts =
            foldhash::HashMap::with_capacity_and_hasher(candidates.len(), <_>::default());
        for &candidate in &candidates {
            let low = candidate as u32;
            near[(low >> 22) as usize] |= 1 << ((low >> 16) & 63);
            counts.insert(low, 0u32);
        }
        let is_near = |low: u32| near[(low >> 22) as usize] >> ((low >> 16) & 63) & 1 == 1;
        for (_, lows) in &notes.lows {
            for &low in lows {
                if is_near(low)
                    && let Some(count) = counts.get_mut(&low)
                {
                    *count += 1;
                }
            }
        }
        counts.retain(|_, count| *count > 1);
        if counts.is_empty() {
            return Suspects::None;
        }
        let repeated = |low: u32| is_near(low) && counts.contains_key(&low);
        Suspects::Some {
            fingerprints: candidates
                .into_iter()
                .filter(|&candidate| repeated(candidate as u32))
                .collect(),
            chunks: notes
                .lows
                .iter()
                .filter(|(_, lows)| lows.iter().any(|&low| repeated(low)))
                .map(|&(chunk, _)| chunk)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set<T: std::hash::Hash + Eq>(items: impl IntoIterator<Item = T>) -> foldhash::HashSet<T> {
        items.into_iter().collect()
    }

    /// A pass over chunks of ids numbered in order, one worker per slice of chunks: the workers'
    /// notes merged, and the verdicts on the records of the chunks the pass reads.
    fn run(pass: Pass<'_>, workers: &[&[&[String]]]) -> (Notes, Vec<Verdict>) {
        let (mut all, mut verdicts, mut number) = (Notes::default(), Vec::new(), 0);
        for chunks in workers {
            let mut notes = Notes::default();
            for chunk in *chunks {
                if pass.reads(number) {
                    let mut check = Check::new(pass, number, &mut notes);
                    verdicts.extend(chunk.iter().map(|id| check.id(id)));
                    notes.end_chunk();
                }
                number += 1;
            }
            notes.finish(pass);
            all.merge(notes);
        }
        (all, verdicts)
    }

    fn suspects_of(filter: Filter, workers: &[&[&[String]]]) -> Suspects {
        let (notes, _) = run(Pass::First(&filter), workers);
        filter.suspects(notes)
    }

    fn ids(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("R_{i:015}")).collect()
    }

    fn texts(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn every_repeated_id_is_a_suspect_and_few_others_are() {
        // Rows of 95 bytes, as in the benchmark: about 19 bits per id.
        let filter = Filter::for_bytes(40_000 * 95);
        let (a, b, c) = (ids(0..15_000), ids(10_000..25_000), ids(25_000..40_000));
        // Ids 10,000–14,999 are in chunks 0 and 1, read by different workers.
        let Suspects::Some {
            fingerprints,
            chunks,
        } = suspects_of(filter, &[&[&a], &[&b, &c]])
        else {
            panic!("ids repeat")
        };
        assert_eq!(
            fingerprints,
            set(a[10_000..].iter().map(|id| fingerprint(id)))
        );
        assert_eq!(chunks, set([0, 1]));
    }

    #[test]
    fn an_id_repeated_in_one_chunk_is_a_suspect_of_that_chunk() {
        // One block for all: many false candidates, but only repeated ids are suspects.
        let filter = Filter::for_bytes(0);
        let chunk = texts(&["x", "", "y", "", "x"]);
        let suspects = suspects_of(filter, &[&[&ids(0..50), &chunk]]);
        let expected = Suspects::Some {
            fingerprints: set([fingerprint("x")]),
            chunks: set([1]),
        };
        assert_eq!(suspects, expected);
    }

    #[test]
    fn without_repeats_there_are_no_suspects() {
        let filter = Filter::for_bytes(100_000 * 95);
        let suspects = suspects_of(filter, &[&[&ids(0..50_000)], &[&ids(50_000..100_000)]]);
        assert_eq!(suspects, Suspects::None);
    }

    #[test]
    fn with_many_candidates_every_id_is_a_suspect() {
        let filter = Filter::for_bytes(1 << 20);
        let all = ids(0..MANY + 1);
        let suspects = suspects_of(filter, &[&[&all], &[&all]]);
        assert_eq!(suspects, Suspects::All);
        assert!(Pass::Locate(&suspects).reads(1));
    }

    /// The second and third passes over chunks whose suspects are known.
    fn repeats_and_verdicts(
        suspects: &Suspects,
        workers: &[&[&[String]]],
    ) -> (Repeats, Vec<Verdict>) {
        let (notes, located) = run(Pass::Locate(suspects), workers);
        assert!(located.iter().all(|verdict| *verdict == Verdict::Done));
        let repeats = later_occurrences(notes);
        let (_, verdicts) = run(Pass::Skip(&repeats), workers);
        (repeats, verdicts)
    }

    #[test]
    fn the_passes_skip_every_occurrence_but_the_first_in_file_order() {
        let chunks = [
            texts(&["a", "b", "c"]),
            texts(&["d", "", "b"]),
            texts(&["a", "e", ""]),
            texts(&["c", "c", "f"]),
        ];
        let [zero, one, two, three] = &chunks;
        // Chunks 0 and 1 are read by one worker, 2 and 3 by another.
        let workers: &[&[&[String]]] = &[&[zero, one], &[two, three]];
        let suspects = suspects_of(Filter::for_bytes(0), workers);
        let expected = Suspects::Some {
            fingerprints: set(["a", "b", "c"].map(fingerprint)),
            chunks: set([0, 1, 2, 3]),
        };
        assert_eq!(suspects, expected);
        let skipped: Repeats = Repeats(
            [(1, vec![2]), (2, vec![0]), (3, vec![0, 1])]
                .into_iter()
                .collect(),
        );
        use Verdict::{Count, Repeat};
        let verdicts = [
            [Count, Count, Count],
            [Count, Count, Repeat],
            [Repeat, Count, Count],
            [Repeat, Repeat, Count],
        ]
        .concat();
        assert_eq!(
            repeats_and_verdicts(&suspects, workers),
            (skipped, verdicts.clone())
        );
        // Noting every id instead of the suspects' comes to the same.
        let (repeats, all_verdicts) = repeats_and_verdicts(&Suspects::All, workers);
        assert_eq!((repeats.0.len(), all_verdicts), (3, verdicts));
    }

    #[test]
    fn the_second_pass_reads_only_the_chunks_of_suspects() {
        let suspects = Suspects::Some {
            fingerprints: set([fingerprint("y")]),
            chunks: set([1]),
        };
        let (y, z) = (texts(&["y", "z"]), texts(&["z", "y"]));
        let (notes, verdicts) = run(Pass::Locate(&suspects), &[&[&y, &z]]);
        assert_eq!(verdicts, [Verdict::Done, Verdict::Done]);
        let y = long_fingerprint("y", fingerprint("y"));
        let expected = Occurrence {
            id: y,
            chunk: 1,
            record: 1,
        };
        assert_eq!(notes.runs, [vec![expected]]);
        assert_ne!(long_fingerprint("z", fingerprint("z")), y);
    }
}
