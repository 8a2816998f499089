//! Rows into tallies: counts of each score per key (overall, period, dimension value).
//!
//! Tallies are the seam between reading and computing. A [`RunningTally`] counts rows and is
//! mergeable (`a.merge(b)` equals tallying both inputs together), so files and chunks can be
//! counted independently; [`RunningTally::finish`] gives the ordered [`SurveyTally`]. Memory grows
//! with the number of keys, never with rows. Comments are kept in a bounded sample per group: the
//! newest [`COMMENTS_PER_SURVEY`] of the survey and [`COMMENTS_PER_VALUE`] of each dimension
//! value, ties broken by text, score and segments, so the sample does not depend on the order
//! rows arrive in. Nothing after this stage reads raw rows: a warehouse that computes the same
//! counts with SQL could feed `analyse` directly.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{Dimension, Kind, Survey};
use crate::ingest::Row;
use crate::period::Period;
use crate::slots::Slots;
use crate::text_stats::{Scratch, TextCounts, Theme, ThemeMatcher};

/// Answers a [`RunningTally`] collects before counting them.
const PENDING_ROWS: usize = 4096;

/// Dimensions are crossed (a value's page broken down by another dimension) only when both have
/// at most this many values: a table of 400 agents on every region's page would bury the page,
/// and counting it would slow reading by a third (docs/performance.md).
pub const CROSSING_MAX_VALUES: usize = 30;

/// Comments kept for a survey as a whole.
pub const COMMENTS_PER_SURVEY: usize = 200;

/// Comments kept per dimension value: one page of them. With 1,000 values (agents, say) the
/// report has two pages a value, and the samples take a quarter of the memory that 200 would.
pub const COMMENTS_PER_VALUE: usize = 50;

/// How many answers gave each score, indexed by the score (0-10; CSAT uses 1-5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// `counts[s]` answers gave score `s`.
    pub counts: [u64; 11],
}

impl Tally {
    /// A tally from counts per score, for tests and for tallies computed elsewhere.
    pub fn from_counts(counts: [u64; 11]) -> Self {
        Tally { counts }
    }

    /// Counts one answer.
    pub fn add(&mut self, score: u8) {
        self.add_many(score, 1);
    }

    /// Counts `n` answers of one score.
    pub fn add_many(&mut self, score: u8, n: u64) {
        self.counts[usize::from(score)] += n;
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Answers with a score in `low..=high`.
    pub fn between(&self, low: u8, high: u8) -> u64 {
        self.counts[usize::from(low)..=usize::from(high)]
            .iter()
            .sum()
    }
}

/// A comment kept for the report. One row's comment is shared by every sample that keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The day it was given.
    pub date: NaiveDate,
    /// Its period.
    pub period: Period,
    /// The score given with it.
    pub score: u8,
    /// The text, as written (untrusted).
    pub text: Arc<str>,
    /// The row's value of each dimension (untrusted).
    pub segments: Vec<Arc<str>>,
}

impl Comment {
    /// Newest first, then by text, score and segments: a total order, so the sample is the same
    /// whatever order rows came in (and however the rows were split between threads).
    fn order_key(&self) -> (Reverse<NaiveDate>, &str, u8, &[Arc<str>]) {
        (Reverse(self.date), &self.text, self.score, &self.segments)
    }
}

/// The newest comments of a group, at most its capacity, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentSample {
    capacity: usize,
    items: Vec<Arc<Comment>>,
    /// The items' dates, kept beside them so that placing a comment reads no other comment
    /// unless their dates tie (comments are scattered in memory; dates are not).
    dates: Vec<NaiveDate>,
    /// The oldest kept date once the sample is full: most comments are turned away by this
    /// alone, without reading the sample's vectors.
    full_at: Option<NaiveDate>,
}

impl Default for CommentSample {
    fn default() -> Self {
        CommentSample::new(COMMENTS_PER_SURVEY)
    }
}

impl CommentSample {
    /// An empty sample that keeps the newest `capacity` comments.
    pub fn new(capacity: usize) -> Self {
        CommentSample {
            capacity,
            items: Vec::new(),
            dates: Vec::new(),
            full_at: None,
        }
    }

    /// The comments, newest first.
    pub fn items(&self) -> &[Arc<Comment>] {
        &self.items
    }

    /// Whether a comment with this date and text may be kept; checked before allocating. A tie
    /// with the worst kept comment is let in, and [`insert`](Self::insert) settles it.
    fn admits(&self, date: NaiveDate, text: &str) -> bool {
        match self.full_at {
            None => true,
            Some(oldest) => {
                date > oldest
                    || (date == oldest && self.items.last().is_some_and(|w| text <= &*w.text))
            }
        }
    }

    fn insert(&mut self, comment: Arc<Comment>) {
        let newer = self.dates.partition_point(|&d| d > comment.date);
        let same_day = self.dates[newer..].partition_point(|&d| d == comment.date);
        let at = newer
            + self.items[newer..newer + same_day]
                .partition_point(|c| c.order_key() <= comment.order_key());
        self.dates.insert(at, comment.date);
        self.items.insert(at, comment);
        self.dates.truncate(self.capacity);
        self.items.truncate(self.capacity);
        if self.items.len() == self.capacity {
            self.full_at = self.dates.last().copied();
        }
    }

    /// Keeps `comment` if it is among the newest.
    fn offer(&mut self, comment: &Arc<Comment>) {
        if self.admits(comment.date, &comment.text) {
            self.insert(comment.clone());
        }
    }

    fn merge(&mut self, other: CommentSample) {
        for comment in &other.items {
            self.offer(comment);
        }
    }
}

/// Everything counted for one group of answers: in total, per period, and its comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    /// All answers of the group.
    pub total: Tally,
    /// Answers per period, in time order.
    pub periods: BTreeMap<Period, Tally>,
    /// A bounded sample of the group's comments.
    pub comments: CommentSample,
    /// A dimension value's comments and the themes they mention (empty for the whole survey,
    /// whose [`TextCounts`] count them, and when no theme is configured).
    pub themes: ThemeTally,
    /// A dimension value's answers to each driver, 1 to 5 (empty for the whole survey, whose
    /// [`DriverTally`]s count them with the scores, and without drivers).
    pub drivers: Vec<[u64; 5]>,
}

/// Comments and the themes they mention, per scale group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeTally {
    /// Comments per scale group.
    pub comments: [u64; 3],
    /// Per theme, in configuration order: comments mentioning it, per scale group.
    pub themes: Vec<[u64; 3]>,
}

impl ThemeTally {
    /// Counts a comment of scale group `group` that mentions the themes `matched`, of `themes`.
    fn add(&mut self, group: usize, matched: &[usize], themes: usize) {
        self.themes.resize(themes, [0; 3]);
        self.comments[group] += 1;
        for &theme in matched {
            self.themes[theme][group] += 1;
        }
    }

    fn merge(&mut self, other: &ThemeTally) {
        self.themes
            .resize(self.themes.len().max(other.themes.len()), [0; 3]);
        for (mine, theirs) in self.themes.iter_mut().zip(&other.themes) {
            for g in 0..3 {
                mine[g] += theirs[g];
            }
        }
        for g in 0..3 {
            self.comments[g] += other.comments[g];
        }
    }
}

/// A survey's tallies: overall and per value of each dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyTally {
    /// Every answer.
    pub overall: Group,
    /// One map per configured dimension, in configuration order: value → its group.
    pub dimensions: Vec<BTreeMap<String, Group>>,
    /// Records read, including those with an empty score.
    pub records: u64,
    /// Records whose score was empty (the question was skipped).
    pub empty_scores: u64,
    /// The newest answer's date.
    pub latest: Option<NaiveDate>,
    /// What the survey's comments talk about.
    pub text: TextCounts,
    /// One per configured driver, in configuration order.
    pub drivers: Vec<DriverTally>,
    /// Answers per pair of values of two dimensions, for each pair of dimensions (none in a
    /// confidential survey).
    pub crossings: Vec<Crossing>,
}

/// Answers per pair of values of two dimensions over all periods: what a value's page shows by
/// each other dimension (Oslo by channel; and, read the other way, the App channel by region).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Crossing {
    /// The two dimensions, by index in configuration order, the first before the second.
    pub dimensions: (usize, usize),
    /// (the first's value, the second's value) → its answers, pairs with answers only.
    pub cells: BTreeMap<(String, String), Tally>,
}

/// A [`Crossing`] while rows stream in: tallies by the two values' slots, `first *
/// CROSSING_MAX_VALUES + second`, made when the first row comes. Dropped, for good, once either
/// dimension has more than [`CROSSING_MAX_VALUES`] values: whether a crossing is kept then
/// depends only on the data, not on how rows were split and merged.
#[derive(Debug, Clone)]
struct RunningCrossing {
    dimensions: (usize, usize),
    cells: Vec<Tally>,
    dropped: bool,
}

impl RunningCrossing {
    /// Whether it still counts, now that the dimensions have `values` values each: it is
    /// dropped once either has more than [`CROSSING_MAX_VALUES`], and its cells are made when
    /// first needed.
    fn counts(&mut self, values: &[usize]) -> bool {
        let (a, b) = self.dimensions;
        if self.dropped || values[a] > CROSSING_MAX_VALUES || values[b] > CROSSING_MAX_VALUES {
            self.drop_cells();
            return false;
        }
        self.make_cells();
        true
    }

    /// The cells, made the first time they are needed.
    fn make_cells(&mut self) {
        if self.cells.is_empty() {
            self.cells = vec![Tally::default(); CROSSING_MAX_VALUES * CROSSING_MAX_VALUES];
        }
    }

    /// Counts a pending row (`row[3..]` its value slots), which [`counts`](Self::counts) allowed.
    fn add(&mut self, row: &[u32]) {
        let (a, b) = self.dimensions;
        let cell = row[3 + a] as usize * CROSSING_MAX_VALUES + row[3 + b] as usize;
        self.cells[cell].add_many(row[1] as u8, u64::from(row[2]));
    }

    fn drop_cells(&mut self) {
        self.dropped = true;
        self.cells = Vec::new();
    }

    /// Adds `other`, whose slot `i` of the two dimensions is this one's `slots.0[i]` and
    /// `slots.1[i]`.
    fn merge(&mut self, other: RunningCrossing, slots: (&[usize], &[usize])) {
        if other.dropped {
            self.drop_cells();
        }
        if self.dropped || other.cells.is_empty() {
            return;
        }
        self.make_cells();
        for (cell, tally) in other.cells.iter().enumerate() {
            let (first, second) = (cell / CROSSING_MAX_VALUES, cell % CROSSING_MAX_VALUES);
            if tally.n() > 0 {
                let (first, second) = (slots.0[first], slots.1[second]);
                // A slot past the limit here: the dimension has too many values.
                if first >= CROSSING_MAX_VALUES || second >= CROSSING_MAX_VALUES {
                    return self.drop_cells();
                }
                self.cells[first * CROSSING_MAX_VALUES + second].merge(tally);
            }
        }
    }

    /// The crossing, named by each dimension's values (`names`, by slot), unless dropped.
    fn finish(self, names: &[Vec<Arc<str>>]) -> Option<Crossing> {
        let (a, b) = self.dimensions;
        if self.dropped
            || names[a].len() > CROSSING_MAX_VALUES
            || names[b].len() > CROSSING_MAX_VALUES
        {
            return None;
        }
        let cells = (self.cells.into_iter().enumerate())
            .filter(|(_, tally)| tally.n() > 0)
            .map(|(cell, tally)| {
                let (first, second) = (cell / CROSSING_MAX_VALUES, cell % CROSSING_MAX_VALUES);
                let key = (names[a][first].to_string(), names[b][second].to_string());
                (key, tally)
            })
            .collect();
        Some(Crossing {
            dimensions: self.dimensions,
            cells,
        })
    }
}

/// A driver's answers by the score given beside them: `counts[score][answer - 1]`, for answers
/// with both; and by period. As a warehouse could count it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriverTally {
    /// Answers per score (0-10; 1-5 for CSAT) and driver answer (1-5).
    pub counts: [[u64; 5]; 11],
    /// Answers per period and driver answer (1-5), periods with answers only.
    pub periods: BTreeMap<Period, [u64; 5]>,
}

/// A [`DriverTally`] while rows stream in: periods by their slot.
#[derive(Debug, Clone, Default)]
struct RunningDriver {
    counts: [[u64; 5]; 11],
    /// Answers 1-5 per period slot (shorter when the latest slots have none).
    periods: Vec<[u64; 5]>,
}

impl RunningDriver {
    fn add(&mut self, score: usize, period: usize, answer: usize, n: u64) {
        self.counts[score][answer] += n;
        if self.periods.len() <= period {
            self.periods.resize(period + 1, [0; 5]);
        }
        self.periods[period][answer] += n;
    }

    /// Adds another tally's counts, its period slots mapped to this one's by `slots`.
    fn merge(&mut self, other: RunningDriver, slots: &[usize]) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            add_counts(mine, theirs);
        }
        for (slot, theirs) in other.periods.iter().enumerate() {
            let slot = slots[slot];
            if self.periods.len() <= slot {
                self.periods.resize(slot + 1, [0; 5]);
            }
            add_counts(&mut self.periods[slot], theirs);
        }
    }

    fn finish(self, periods: &[Period]) -> DriverTally {
        DriverTally {
            counts: self.counts,
            periods: (self.periods.into_iter().enumerate())
                .filter(|(_, answers)| answers.iter().any(|&n| n > 0))
                .map(|(slot, answers)| (periods[slot], answers))
                .collect(),
        }
    }
}

fn add_counts(mine: &mut [u64; 5], theirs: &[u64; 5]) {
    for (a, b) in mine.iter_mut().zip(theirs) {
        *a += b;
    }
}

impl SurveyTally {
    /// Counts records that were read but not used (skipped in lenient mode, or duplicates).
    pub fn add_records(&mut self, records: u64) {
        self.records += records;
    }

    /// Counts records whose score was empty.
    pub fn add_empty(&mut self, records: u64) {
        self.records += records;
        self.empty_scores += records;
    }
}

/// A survey's tally while rows stream in; [`finish`](Self::finish) gives the [`SurveyTally`].
///
/// Built for the hot path: a row's period and each of its dimension values are looked up once
/// in a hash map and give a slot, counts live in vectors indexed by slot, and a comment kept by
/// several groups is allocated once and shared.
#[derive(Debug)]
pub struct RunningTally {
    kind: Kind,
    themes: ThemeMatcher,
    records: u64,
    latest: Option<NaiveDate>,
    text: TextCounts,
    /// Slot → period, in the order first seen.
    periods: Vec<Period>,
    period_slots: HashMap<Period, usize>,
    overall: RunningGroup,
    dimensions: Vec<Values>,
    drivers: Vec<RunningDriver>,
    crossings: Vec<RunningCrossing>,
    /// Rows not yet counted (the last one is the current row's),
    /// [`row_width`](Self::row_width) numbers each: period slot, score, the answers the row
    /// stands for, and the slot of the row's value in each dimension. Counted in batches, one
    /// dimension at a time, so that each pass touches one dimension's tallies: counting each
    /// answer in six scattered tallies at once waited on memory (13 % of reading 10 M rows).
    pending: Vec<u32>,
    scratch: Scratch,
}

/// The values seen of one dimension, each with its group; past `max` values, rows of new
/// values are counted in one overflow group, so memory stays bounded until the error is told.
#[derive(Debug, Clone)]
struct Values {
    /// The slot of each spelling met in the data.
    slots: Slots,
    /// The slot of each name a group is reported under (a spelling, or what it is recoded to).
    names: Slots,
    groups: Vec<(Arc<str>, RunningGroup)>,
    recode: BTreeMap<String, String>,
    max: usize,
    /// The slot of the overflow group, once a value past `max` was seen.
    overflow: Option<usize>,
}

impl Values {
    fn new(dimension: &Dimension) -> Self {
        Values {
            slots: Slots::default(),
            names: Slots::default(),
            groups: Vec::new(),
            recode: dimension.recode.clone(),
            max: dimension.max_values,
            overflow: None,
        }
    }

    /// The slot of a spelling read from the data. The first time a spelling is met, it joins
    /// the group of the name it is recoded to, so `max` counts names, not spellings.
    fn slot(&mut self, value: &str) -> usize {
        if let Some(slot) = self.slots.get(value) {
            return slot;
        }
        let name = match self.recode.get(value) {
            Some(name) => name.clone(),
            None => value.to_owned(),
        };
        let slot = self.named(&name);
        if Some(slot) != self.overflow {
            self.slots.insert(value, slot);
        }
        slot
    }

    /// The slot of the group reported as `name`, made if it is new.
    fn named(&mut self, name: &str) -> usize {
        if let Some(slot) = self.names.get(name) {
            return slot;
        }
        if self.groups.len() >= self.max {
            return self.overflow_slot();
        }
        self.names.insert(name, self.groups.len());
        let group = RunningGroup {
            comments: CommentSample::new(COMMENTS_PER_VALUE),
            ..RunningGroup::default()
        };
        self.groups.push((name.into(), group));
        self.groups.len() - 1
    }

    fn overflow_slot(&mut self) -> usize {
        *self.overflow.get_or_insert_with(|| {
            self.groups.push(("".into(), RunningGroup::default()));
            self.groups.len() - 1
        })
    }
}

/// A crossing for each pair of a survey's dimensions; none for a confidential survey, whose
/// values' pages show no figures by the other dimensions (a small group in a crossing could be
/// worked out from the totals shown beside it).
fn crossings(survey: &Survey) -> Vec<RunningCrossing> {
    if survey.is_confidential() {
        return Vec::new();
    }
    let n = survey.dimensions.len();
    (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .map(|dimensions| RunningCrossing {
            dimensions,
            cells: Vec::new(),
            dropped: false,
        })
        .collect()
}

/// A [`Group`] being counted: tallies per period slot (the total is their sum, added up once
/// at the end rather than counted for every row).
#[derive(Debug, Clone, Default)]
struct RunningGroup {
    periods: Vec<Tally>,
    comments: CommentSample,
    themes: ThemeTally,
    drivers: Vec<[u64; 5]>,
}

impl RunningGroup {
    fn add(&mut self, period: usize, score: u8, n: u32) {
        self.period(period).add_many(score, u64::from(n));
    }

    /// The tally of period slot `slot`, made when first needed.
    fn period(&mut self, slot: usize) -> &mut Tally {
        if slot >= self.periods.len() {
            self.periods.resize(slot + 1, Tally::default());
        }
        &mut self.periods[slot]
    }

    /// Adds `other`, whose period slot `i` is this tally's slot `slots[i]`.
    fn merge(&mut self, other: RunningGroup, slots: &[usize]) {
        for (tally, &slot) in other.periods.iter().zip(slots) {
            self.period(slot).merge(tally);
        }
        self.comments.merge(other.comments);
        self.themes.merge(&other.themes);
        if self.drivers.len() < other.drivers.len() {
            self.drivers.resize(other.drivers.len(), [0; 5]);
        }
        for (mine, theirs) in self.drivers.iter_mut().zip(&other.drivers) {
            add_counts(mine, theirs);
        }
    }

    fn finish(self, periods: &[Period]) -> Group {
        let mut total = Tally::default();
        for tally in &self.periods {
            total.merge(tally);
        }
        Group {
            total,
            periods: periods
                .iter()
                .zip(self.periods)
                .filter(|(_, tally)| tally.n() > 0)
                .map(|(period, tally)| (*period, tally))
                .collect(),
            comments: self.comments,
            themes: self.themes,
            drivers: self.drivers,
        }
    }
}

impl RunningTally {
    /// An empty tally for a survey's dimensions.
    pub fn new(survey: &Survey, themes: &[Theme]) -> Self {
        RunningTally {
            kind: survey.kind,
            themes: ThemeMatcher::new(themes),
            records: 0,
            latest: None,
            text: TextCounts::new(themes.len()),
            periods: Vec::new(),
            period_slots: HashMap::default(),
            overall: RunningGroup::default(),
            dimensions: survey.dimensions.iter().map(Values::new).collect(),
            drivers: vec![RunningDriver::default(); survey.drivers.len()],
            crossings: crossings(survey),
            pending: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    fn period_slot(&mut self, period: Period) -> usize {
        *self.period_slots.entry(period).or_insert_with(|| {
            self.periods.push(period);
            self.periods.len() - 1
        })
    }

    /// Counts one answer. Allocates only for a period or dimension value seen for the first
    /// time and for a comment that enters a sample.
    pub fn add(&mut self, row: &Row<'_>) {
        self.records += u64::from(row.count);
        self.latest = self.latest.max(Some(row.date));
        let score = row.score.get();
        let period = self.period_slot(row.period);
        self.pending
            .extend([period as u32, u32::from(score), row.count]);
        for (i, values) in self.dimensions.iter_mut().enumerate() {
            self.pending.push(values.slot(row.segment(i)) as u32);
        }
        if !self.drivers.is_empty() {
            self.count_drivers(row, period);
        }
        if let Some(text) = row.comment {
            let group = self.kind.group_of(score);
            self.text
                .add(text, group, row.period, &self.themes, &mut self.scratch);
            if !self.themes.is_empty() {
                self.count_themes(group);
            }
            self.sample(row, text);
        }
        if self.pending.len() >= PENDING_ROWS * self.row_width() {
            self.count_pending();
        }
    }

    /// Numbers per row in `pending`.
    fn row_width(&self) -> usize {
        3 + self.dimensions.len()
    }

    /// Counts the pending answers: overall, then one dimension at a time.
    fn count_pending(&mut self) {
        let width = self.row_width();
        let rows = || self.pending.chunks_exact(width);
        for row in rows() {
            self.overall.add(row[0] as usize, row[1] as u8, row[2]);
        }
        for (d, values) in self.dimensions.iter_mut().enumerate() {
            for row in rows() {
                values.groups[row[3 + d] as usize]
                    .1
                    .add(row[0] as usize, row[1] as u8, row[2]);
            }
        }
        let values: Vec<usize> = (self.dimensions.iter())
            .map(|values| values.groups.len())
            .collect();
        let mut counting: Vec<&mut RunningCrossing> = (self.crossings.iter_mut())
            .filter_map(|c| if c.counts(&values) { Some(c) } else { None })
            .collect();
        // Row by row, each row's slots loaded once: the crossings' cells are few and stay in
        // cache, unlike a dimension's tallies per period.
        if !counting.is_empty() {
            for row in rows() {
                for crossing in &mut counting {
                    crossing.add(row);
                }
            }
        }
        self.pending.clear();
    }

    /// Counts the row's driver answers with its score and in its period (`period`, its slot),
    /// and for each of its values.
    fn count_drivers(&mut self, row: &Row<'_>, period: usize) {
        let (score, n) = (usize::from(row.score.get()), u64::from(row.count));
        let slots = &self.pending[self.pending.len() - self.dimensions.len()..];
        let drivers = self.drivers.len();
        for (k, (driver, &answer)) in self.drivers.iter_mut().zip(&row.drivers).enumerate() {
            if answer == 0 {
                continue;
            }
            let a = usize::from(answer) - 1;
            driver.add(score, period, a, n);
            for (values, &slot) in self.dimensions.iter_mut().zip(slots) {
                let group = &mut values.groups[slot as usize].1;
                if group.drivers.len() < drivers {
                    group.drivers.resize(drivers, [0; 5]);
                }
                group.drivers[k][a] += n;
            }
        }
    }

    /// Counts the row's comment, of scale group `group`, and the themes it mentions for each of
    /// its values.
    fn count_themes(&mut self, group: usize) {
        let slots = &self.pending[self.pending.len() - self.dimensions.len()..];
        for (values, &slot) in self.dimensions.iter_mut().zip(slots) {
            (values.groups[slot as usize].1.themes).add(
                group,
                self.scratch.matched(),
                self.themes.len(),
            );
        }
    }

    /// Offers the row's comment to the samples of its groups, making it only if one keeps it.
    fn sample(&mut self, row: &Row<'_>, text: &str) {
        // The row's value slots: the end of its pending entry.
        let slots = &self.pending[self.pending.len() - self.dimensions.len()..];
        let groups = || {
            self.dimensions
                .iter()
                .zip(slots)
                .map(|(values, &slot)| &values.groups[slot as usize])
        };
        let admits = |group: &RunningGroup| group.comments.admits(row.date, text);
        if !admits(&self.overall) && !groups().any(|(_, group)| admits(group)) {
            return;
        }
        let comment = Arc::new(Comment {
            date: row.date,
            period: row.period,
            score: row.score.get(),
            text: text.into(),
            segments: groups().map(|(value, _)| value.clone()).collect(),
        });
        self.overall.comments.offer(&comment);
        for (values, &slot) in self.dimensions.iter_mut().zip(slots) {
            values.groups[slot as usize].1.comments.offer(&comment);
        }
    }

    /// Adds another tally of the same survey, as if its rows had been added here.
    pub fn merge(&mut self, mut other: RunningTally) {
        self.count_pending();
        other.count_pending();
        self.records += other.records;
        self.latest = self.latest.max(other.latest);
        self.text.merge(other.text);
        let slots: Vec<usize> = other
            .periods
            .iter()
            .map(|&period| self.period_slot(period))
            .collect();
        for (mine, theirs) in self.drivers.iter_mut().zip(other.drivers) {
            mine.merge(theirs, &slots);
        }
        self.overall.merge(other.overall, &slots);
        // Each of the other's value slots, per dimension, as this one's.
        let mut value_slots = Vec::with_capacity(self.dimensions.len());
        for (mine, theirs) in self.dimensions.iter_mut().zip(other.dimensions) {
            // An overflow group comes after `max` values, so it lands in this one's overflow.
            let mut slots_here = Vec::with_capacity(theirs.groups.len());
            for (name, group) in theirs.groups {
                let slot = mine.named(&name);
                mine.groups[slot].1.merge(group, &slots);
                slots_here.push(slot);
            }
            value_slots.push(slots_here);
        }
        for (mine, theirs) in self.crossings.iter_mut().zip(other.crossings) {
            let (a, b) = mine.dimensions;
            mine.merge(theirs, (&value_slots[a], &value_slots[b]));
        }
    }

    /// The dimensions (by index) that have more values than their `max_values`: the same
    /// whatever the order rows came in and tallies were merged, as any run of rows or merge
    /// that meets a value past the limit keeps the overflow group.
    pub fn dimensions_over_limit(&self) -> Vec<usize> {
        (self.dimensions.iter().enumerate())
            .filter(|(_, values)| values.overflow.is_some())
            .map(|(i, _)| i)
            .collect()
    }

    /// The finished tally, periods and values in order.
    pub fn finish(mut self) -> SurveyTally {
        self.count_pending();
        let periods = &self.periods;
        let names: Vec<Vec<Arc<str>>> = (self.dimensions.iter())
            .map(|values| values.groups.iter().map(|(name, _)| name.clone()).collect())
            .collect();
        SurveyTally {
            crossings: (self.crossings.into_iter())
                .filter_map(|crossing| crossing.finish(&names))
                .collect(),
            overall: self.overall.finish(periods),
            dimensions: self
                .dimensions
                .into_iter()
                .map(|values| {
                    values
                        .groups
                        .into_iter()
                        .map(|(value, group)| (value.to_string(), group.finish(periods)))
                        .collect()
                })
                .collect(),
            records: self.records,
            empty_scores: 0,
            latest: self.latest,
            text: self.text,
            drivers: (self.drivers.into_iter())
                .map(|driver| driver.finish(periods))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A comment on the `day`-th day of 2024 (1 is 1 January).
    fn comment(day: u32, text: &str) -> Comment {
        let date = NaiveDate::from_yo_opt(2024, day).unwrap();
        Comment {
            date,
            period: Period::of(date, crate::config::PeriodKind::Month),
            score: 9,
            text: text.into(),
            segments: vec![],
        }
    }

    fn sample(comments: impl IntoIterator<Item = Comment>) -> CommentSample {
        let mut sample = CommentSample::default();
        for c in comments {
            sample.offer(&Arc::new(c));
        }
        sample
    }

    #[test]
    fn tally_counts_groups_of_scores() {
        let mut tally = Tally::default();
        for s in [0, 6, 7, 8, 9, 10, 10] {
            tally.add(s);
        }
        assert_eq!(tally.n(), 7);
        assert_eq!(tally.between(0, 6), 2);
        assert_eq!(tally.between(7, 8), 2);
        assert_eq!(tally.between(9, 10), 3);
    }

    #[test]
    fn comment_sample_keeps_the_newest_whatever_the_order() {
        // Two comments a day, for 10 more days than the sample holds.
        let days = (COMMENTS_PER_SURVEY / 2 + 10) as u32;
        let all: Vec<Comment> = (1..=days)
            .flat_map(|d| [comment(d, "b"), comment(d, "a")])
            .collect();
        let forward = sample(all.clone());
        let backward = sample(all.iter().rev().cloned());
        assert_eq!(forward, backward);
        assert_eq!(forward.items().len(), COMMENTS_PER_SURVEY);
        assert_eq!(*forward.items()[0], comment(days, "a"));
        assert_eq!(*forward.items()[1], comment(days, "b"));
        // The ten oldest days are gone: the oldest kept is day 11's "b" ("a" sorts first).
        assert_eq!(**forward.items().last().unwrap(), comment(11, "b"));
    }

    /// The tally of `csv` (columns score, date, comment, region) as a monthly NPS survey.
    fn tally_of(csv: &str) -> SurveyTally {
        let config = crate::config::parse(
            std::path::Path::new("cxreport.toml"),
            "title = \"T\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
             files = \"s.csv\"\n\
             columns = { score = \"score\", date = \"date\", comment = \"comment\" }\n\
             dimensions = [{ title = \"Region\", column = \"region\" }]\n",
        )
        .unwrap();
        let survey = &config.surveys[0];
        let mut tally = RunningTally::new(survey, &[]);
        crate::ingest::read_bytes(
            std::path::Path::new("s.csv"),
            csv.as_bytes(),
            survey,
            |row| tally.add(&row),
        )
        .unwrap();
        tally.finish()
    }

    /// Running tallies of `runs` of regions (one tally per run, merged in order), with at most
    /// `max` regions.
    fn over_limit(runs: &[&[&str]], max: usize) -> Vec<usize> {
        merged_runs(runs, &format!("max_values = {max}")).dimensions_over_limit()
    }

    /// One running tally per run of regions, merged in order; `options` are the region
    /// dimension's settings.
    fn merged_runs(runs: &[&[&str]], options: &str) -> RunningTally {
        let config = crate::config::parse(
            std::path::Path::new("cxreport.toml"),
            &format!(
                "title = \"T\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
                 files = \"s.csv\"\ncolumns = {{ score = \"score\", date = \"date\" }}\n\
                 dimensions = [{{ title = \"Region\", column = \"region\", {options} }}]\n"
            ),
        )
        .unwrap();
        let survey = &config.surveys[0];
        let tallies = runs.iter().map(|regions| {
            let csv: String = regions
                .iter()
                .map(|r| format!("9,2024-01-05,{r}\n"))
                .collect();
            let mut tally = RunningTally::new(survey, &[]);
            crate::ingest::read_bytes(
                std::path::Path::new("s.csv"),
                format!("score,date,region\n{csv}").as_bytes(),
                survey,
                |row| tally.add(&row),
            )
            .unwrap();
            tally
        });
        let mut all = RunningTally::new(survey, &[]);
        for tally in tallies {
            all.merge(tally);
        }
        all
    }

    #[test]
    fn recoded_spellings_share_a_group_and_count_once_against_the_limit() {
        // Codes 1-4 name two regions, one also written out; A → B and B → C recode once each.
        let recode = r#"recode = { "1" = "North", "2" = "South", "3" = "North", "4" = "South", "A" = "B", "B" = "C" }"#;
        let runs: &[&[&str]] = &[&["1", "2"], &["3", "South", "4"], &["A", "B", "South"]];
        // Seven spellings, four names: within a limit of 4, in one run or merged from three.
        for runs in [runs.to_vec(), vec![&runs.concat()[..]]] {
            let tally = merged_runs(&runs, &format!("max_values = 4, {recode}"));
            assert!(tally.dimensions_over_limit().is_empty());
            let tally = tally.finish();
            let counts: Vec<(&str, u64)> = (tally.dimensions[0].iter())
                .map(|(name, group)| (name.as_str(), group.total.n()))
                .collect();
            assert_eq!(counts, [("B", 1), ("C", 1), ("North", 2), ("South", 4)]);
        }
        assert_eq!(
            merged_runs(runs, "max_values = 3").dimensions_over_limit(),
            [0]
        );
        assert_eq!(
            merged_runs(runs, &format!("max_values = 3, {recode}")).dimensions_over_limit(),
            [0]
        );
    }

    #[test]
    fn a_dimension_past_its_limit_is_told_whatever_the_runs_and_merges() {
        let over: &[usize] = &[0];
        // Three values fit a limit of 3, in one run or spread over runs.
        assert!(over_limit(&[&["a", "b", "c", "a"]], 3).is_empty());
        assert!(over_limit(&[&["a", "b"], &["c", "b"], &["a"]], 3).is_empty());
        // A fourth is told in the run that meets it, and when only the merge meets it.
        assert_eq!(over_limit(&[&["a", "b", "c", "d"]], 3), over);
        assert_eq!(over_limit(&[&["a", "b"], &["c", "d"]], 3), over);
        assert_eq!(over_limit(&[&["a", "b", "c", "d"], &["a"]], 3), over);
        assert_eq!(over_limit(&[&["a"], &["a", "b", "c", "d", "e"]], 3), over);
    }

    #[test]
    fn counts_in_batches_equal_a_recount_row_by_row() {
        // Several batches of pending answers, and a part batch at the end.
        let rows = 2 * PENDING_ROWS + 123;
        let mut csv = String::from("score,date,comment,region\n");
        let mut expected: BTreeMap<(String, u32), [u64; 11]> = BTreeMap::new();
        let mut rng = fastrand::Rng::with_seed(8);
        for _ in 0..rows {
            let (score, month) = (rng.u8(0..=10), rng.u32(1..=12));
            let region = ["North", "South", "East"][rng.usize(0..3)];
            csv.push_str(&format!("{score},2024-{month:02}-15,,{region}\n"));
            expected.entry((region.to_string(), month)).or_default()[usize::from(score)] += 1;
        }
        let tally = tally_of(&csv);
        let mut counted = BTreeMap::new();
        for (region, group) in &tally.dimensions[0] {
            for (period, t) in &group.periods {
                let month = chrono::Datelike::month(&period.start());
                counted.insert((region.clone(), month), t.counts);
            }
        }
        assert_eq!(counted, expected);
        assert_eq!(tally.overall.total.n(), rows as u64);
    }

    /// The finished tally of `runs` of (region, channel, score) rows, one running tally per run,
    /// merged in order; `options` are the region dimension's settings.
    fn crossed_runs(runs: &[Vec<(String, &str, u8)>], options: &str) -> SurveyTally {
        let config = crate::config::parse(
            std::path::Path::new("cxreport.toml"),
            &format!(
                "title = \"T\"\n[[survey]]\nid = \"s\"\ntitle = \"S\"\nkind = \"nps\"\n\
                 files = \"s.csv\"\ncolumns = {{ score = \"score\", date = \"date\" }}\n\
                 dimensions = [{{ title = \"Region\", column = \"region\", {options} }}, \
                 {{ title = \"Channel\", column = \"channel\" }}]\n"
            ),
        )
        .unwrap();
        let survey = &config.surveys[0];
        let mut all = RunningTally::new(survey, &[]);
        for run in runs {
            let csv: String = (run.iter())
                .map(|(region, channel, score)| format!("{score},2024-01-05,{region},{channel}\n"))
                .collect();
            let mut tally = RunningTally::new(survey, &[]);
            crate::ingest::read_bytes(
                std::path::Path::new("s.csv"),
                format!("score,date,region,channel\n{csv}").as_bytes(),
                survey,
                |row| tally.add(&row),
            )
            .unwrap();
            all.merge(tally);
        }
        all.finish()
    }

    #[test]
    fn crossings_equal_a_recount_and_stop_past_30_values_whatever_the_runs() {
        let mut rng = fastrand::Rng::with_seed(30);
        // 3 batches of rows over `regions` regions and 3 channels.
        let rows = |regions: usize, rng: &mut fastrand::Rng| -> Vec<(String, &str, u8)> {
            (0..3 * PENDING_ROWS)
                .map(|i| {
                    let region = format!("R{}", i % regions);
                    (
                        region,
                        ["App", "Web", "Store"][rng.usize(0..3)],
                        rng.u8(0..=10),
                    )
                })
                .collect()
        };
        let thirty = rows(30, &mut rng);
        let mut expected: BTreeMap<(String, String), [u64; 11]> = BTreeMap::new();
        for (region, channel, score) in &thirty {
            let cell = expected.entry((region.clone(), channel.to_string()));
            cell.or_default()[usize::from(*score)] += 1;
        }
        let split = |rows: &[(String, &'static str, u8)], at: &[usize]| {
            let mut runs = Vec::new();
            let mut from = 0;
            for &to in at.iter().chain([&rows.len()]) {
                runs.push(rows[from..to].to_vec());
                from = to;
            }
            runs
        };
        for at in [&[][..], &[1], &[100, 5000, 9000]] {
            let tally = crossed_runs(&split(&thirty, at), "");
            let [crossing] = &tally.crossings[..] else {
                panic!("one crossing of two dimensions, split at {at:?}");
            };
            assert_eq!(crossing.dimensions, (0, 1));
            let counted: BTreeMap<(String, String), [u64; 11]> = (crossing.cells.iter())
                .map(|(key, tally)| (key.clone(), tally.counts))
                .collect();
            assert_eq!(counted, expected, "split at {at:?}");
        }
        // A 31st region, met in one run, in a later batch, or only when runs are merged.
        let mut more = thirty.clone();
        more.push(("R30".into(), "App", 9));
        for at in [&[][..], &[12000], &[40]] {
            let tally = crossed_runs(&split(&more, at), "");
            assert!(tally.crossings.is_empty(), "split at {at:?}");
        }
        let mut first = vec![("R30".to_string(), "Web", 3)];
        first.extend(thirty.iter().filter(|r| r.0 != "R0").cloned());
        let runs = [
            first,
            thirty.iter().filter(|r| r.0 == "R0").cloned().collect(),
        ];
        assert!(crossed_runs(&runs, "").crossings.is_empty(), "only merged");
        // 31 spellings of 30 names count as 30.
        let recoded = crossed_runs(&[more], r#"recode = { "R30" = "R0" }"#);
        assert_eq!(recoded.crossings.len(), 1);
    }

    #[test]
    fn a_survey_keeps_200_comments_and_each_value_its_50_newest() {
        // 300 answers on 300 days, North and South in turn.
        let mut csv = String::from("score,date,comment,region\n");
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for i in 0..300 {
            let date = first + chrono::Days::new(i);
            let region = ["North", "South"][i as usize % 2];
            csv.push_str(&format!("9,{date},Comment {i},{region}\n"));
        }
        let tally = tally_of(&csv);
        let newest = |sample: &CommentSample| sample.items().first().map(|c| c.date);
        let oldest = |sample: &CommentSample| sample.items().last().map(|c| c.date);
        assert_eq!(tally.overall.comments.items().len(), COMMENTS_PER_SURVEY);
        assert_eq!(
            newest(&tally.overall.comments),
            Some(first + chrono::Days::new(299))
        );
        assert_eq!(
            oldest(&tally.overall.comments),
            Some(first + chrono::Days::new(100))
        );
        let south = &tally.dimensions[0]["South"].comments;
        assert_eq!(south.items().len(), COMMENTS_PER_VALUE);
        // South answered on the odd days: the 50 newest are days 199, 201, ..., 299.
        assert_eq!(newest(south), Some(first + chrono::Days::new(299)));
        assert_eq!(oldest(south), Some(first + chrono::Days::new(201)));
    }

    #[test]
    fn merging_comment_samples_equals_sampling_everything() {
        let all: Vec<Comment> = (1..=28)
            .map(|d| comment(d, &format!("c{}", d % 5)))
            .collect();
        let (left, right) = all.split_at(11);
        let mut merged = sample(left.to_vec());
        merged.merge(sample(right.to_vec()));
        assert_eq!(merged, sample(all));
    }
}
