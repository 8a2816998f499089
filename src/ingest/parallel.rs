//! Reading a survey's files on all cores: chunks of whole records parsed by workers, their
//! tallies merged, with results identical to reading in order ([`super::read_survey`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ids::{self, Ids};
use super::records::RecordReader;
use super::{
    CHUNK_BYTES, Detected, FileSummary, Layout, Parser, Progress, Row, Source, Tallied,
    cannot_read, chunks, open_file, open_records, read_survey_with, read_workbook, resolve_files,
    workbook,
};
use crate::config::Survey;
use crate::error::{Error, Place, Problem, Result};

/// Reads every file of `survey` on all cores and folds the rows into accumulators: each worker
/// starts one with `init`, adds rows with `add`, and the workers' accumulators are combined with
/// `merge`, so `add` and `merge` must not depend on the order of rows (tallies do not).
///
/// Files are cut into chunks of whole records (correct with line breaks inside quoted fields),
/// and the chunks of all files are parsed in parallel, each worker with one reused record; a
/// workbook's sheet is read on the calling thread meanwhile. With `response_id` mapped, an id
/// seen twice counts once, the first in file order, across all files: the files are read in up
/// to three passes, the second and third only when some id may repeat (see `ids`). The result,
/// the summaries and the problems are the same as [`read_survey`](super::read_survey)'s in
/// every case.
pub fn fold_survey<T: Send>(
    root: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    init: impl Fn() -> T + Sync,
    add: impl Fn(&mut T, Row<'_>) + Sync,
    merge: impl Fn(&mut T, T),
) -> Result<(T, Vec<FileSummary>)> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    fold_survey_with(
        root,
        survey,
        progress,
        CHUNK_BYTES,
        workers,
        init,
        add,
        merge,
    )
}

/// [`fold_survey`] with the chunk size and number of workers given, for tests.
#[allow(clippy::too_many_arguments)]
pub fn fold_survey_with<T: Send>(
    root: &Path,
    survey: &Survey,
    progress: Option<&dyn Progress>,
    chunk_bytes: usize,
    workers: usize,
    init: impl Fn() -> T + Sync,
    add: impl Fn(&mut T, Row<'_>) + Sync,
    merge: impl Fn(&mut T, T),
) -> Result<(T, Vec<FileSummary>)> {
    if survey.columns.response_id.is_none() && workers <= 1 {
        let mut all = init();
        let files = read_survey_with(root, survey, progress, |row| add(&mut all, row))?;
        return Ok((all, files));
    }
    let (files, problems) = resolve_files(root, survey);
    let parallel = Parallel {
        survey,
        files: &files,
        chunk_bytes,
        workers: workers.max(1),
    };
    let (init, add, merge) = (&init, &add, &merge);
    if survey.columns.response_id.is_none() {
        return parallel
            .read(progress, None, &[], init, add, merge)
            .result(problems);
    }
    // Response ids are checked in up to three passes (see `ids`).
    let stamps = Stamps::of(&files);
    let bytes = files.iter().map(|path| ids_bytes(path)).sum();
    let filter = ids::Filter::for_bytes(bytes);
    let first_pass = Some(ids::Pass::First(&filter));
    let mut first = parallel.read(progress, first_pass, &[], init, add, merge);
    let suspects = filter.suspects(std::mem::take(&mut first.notes));
    if matches!(suspects, ids::Suspects::None) {
        return first.result(problems);
    }
    let again = progress.map(Again);
    let progress = again.as_ref().map(|again| again as &dyn Progress);
    let locate = Some(ids::Pass::Locate(&suspects));
    let places = std::mem::take(&mut first.places);
    let located = parallel.read(progress, locate, &places, init, add, merge);
    let repeats = ids::later_occurrences(located.notes);
    if repeats.is_empty() {
        return stamps.check(&files).and_then(|()| first.result(problems));
    }
    drop(first);
    let skip = Some(ids::Pass::Skip(&repeats));
    let last = parallel.read(progress, skip, &[], init, add, merge);
    stamps.check(&files).and_then(|()| last.result(problems))
}

/// Each file's size and time of last change, to tell whether a file read in several passes
/// changed between them: records would then not be where a pass before found them.
struct Stamps(Vec<Option<(u64, std::time::SystemTime)>>);

impl Stamps {
    fn of(files: &[PathBuf]) -> Self {
        let stamp = |path: &PathBuf| {
            let metadata = std::fs::metadata(path).ok()?;
            Some((metadata.len(), metadata.modified().ok()?))
        };
        Stamps(files.iter().map(stamp).collect())
    }

    /// An error for each file that changed since the stamps were taken.
    fn check(&self, files: &[PathBuf]) -> Result<()> {
        let now = Stamps::of(files);
        let problems: Vec<Problem> = (files.iter().zip(self.0.iter().zip(now.0)))
            .filter(|(_, (before, now))| **before != *now)
            .map(|(path, _)| {
                Problem::new("this file changed while it was read")
                    .at(Place::file(path))
                    .hint(
                        "it was read more than once, as some response ids repeat: build again \
                         once nothing writes to it",
                    )
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Input(problems))
        }
    }
}

/// The bytes a file's rows are reckoned to take up, to size the filter. A workbook is
/// compressed, so its rows take more than its size: eight times it errs on the generous side.
fn ids_bytes(path: &Path) -> u64 {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if workbook::is_workbook(path) {
        size.saturating_mul(8)
    } else {
        size
    }
}

/// How records are read in parallel.
struct Parallel<'a> {
    survey: &'a Survey,
    files: &'a [PathBuf],
    chunk_bytes: usize,
    workers: usize,
}

/// What one pass over a survey's files gave.
struct Reading<T> {
    all: T,
    summaries: Vec<FileSummary>,
    problems: Vec<Problem>,
    notes: ids::Notes,
    /// Per file, where its chunks are, when they can be read by themselves (first pass).
    places: Vec<Option<Vec<ChunkAt>>>,
}

/// Where the first pass found a chunk of a file read as it is (not transcoded), so that the
/// second can read it by itself instead of cutting the whole file again.
#[derive(Debug, Clone, Copy)]
struct ChunkAt {
    number: usize,
    offset: u64,
    len: usize,
    first_line: u64,
    newline: u8,
    plain_quotes: bool,
}

impl<T> Reading<T> {
    /// The fold and the files' summaries, unless some file, or `problems` found before
    /// reading, has a problem.
    fn result(self, mut problems: Vec<Problem>) -> Result<(T, Vec<FileSummary>)> {
        problems.extend(self.problems);
        if problems.is_empty() {
            Ok((self.all, self.summaries))
        } else {
            Err(Error::Input(problems))
        }
    }
}

impl Parallel<'_> {
    /// Reads every file once: chunks of text files by the workers, workbooks on this thread.
    /// A text file with `places` (from the first pass) is read chunk by chunk at them.
    #[allow(clippy::too_many_arguments)]
    fn read<T: Send>(
        &self,
        progress: Option<&dyn Progress>,
        pass: Option<ids::Pass<'_>>,
        places: &[Option<Vec<ChunkAt>>],
        init: &(impl Fn() -> T + Sync),
        add: &(impl Fn(&mut T, Row<'_>) + Sync),
        merge: &impl Fn(&mut T, T),
    ) -> Reading<T> {
        let (survey, workers) = (self.survey, self.workers);
        let (jobs, job_queue) = std::sync::mpsc::sync_channel::<Job>(workers * 2);
        let job_queue = std::sync::Mutex::new(job_queue);
        let (free, free_buffers) = std::sync::mpsc::channel::<Vec<u8>>();
        let mut opened: Vec<Option<(PathBuf, Source)>> = Vec::new();
        let mut problems = Vec::new();
        // What the calling thread reads from workbooks; the workers' results are merged into it.
        let mut own = init();
        let mut own_files: BTreeMap<usize, Tallied> = BTreeMap::new();
        let mut own_notes = ids::Notes::default();
        let mut found_places = Vec::new();
        // Chunks (and workbooks' sheets) numbered in file order, the same on every pass.
        let mut chunk_number = 0;
        let results = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (job_queue, free) = (&job_queue, free.clone());
                    scope.spawn(move || {
                        let mut all = init();
                        let mut per_file: BTreeMap<usize, Tallied> = BTreeMap::new();
                        let mut notes = ids::Notes::default();
                        let mut records = RecordReader::default();
                        loop {
                            let job = job_queue.lock().expect("a worker panicked").recv();
                            let Ok(job) = job else { break };
                            let tallied = per_file.entry(job.file).or_default();
                            let mut ids = Ids::new(pass, job.number, &mut notes);
                            job.run(survey, &mut records, tallied, &mut ids, &mut |row| {
                                add(&mut all, row)
                            });
                            let _ = free.send(job.chunk.bytes);
                            notes.end_chunk();
                        }
                        if let Some(pass) = pass {
                            notes.finish(pass);
                        }
                        (all, per_file, notes)
                    })
                })
                .collect();
            drop(free);
            for (index, path) in self.files.iter().enumerate() {
                let read = if workbook::is_workbook(path) {
                    let number = chunk_number;
                    chunk_number += 1;
                    if pass.is_some_and(|pass| !pass.reads(number)) {
                        opened.push(None);
                        continue;
                    }
                    let mut sink = |row: Row<'_>| add(&mut own, row);
                    let mut ids = Ids::new(pass, number, &mut own_notes);
                    read_workbook(path, survey, progress, &mut ids, &mut sink).map(
                        |(sheet, tallied)| {
                            own_files.insert(index, tallied);
                            sheet
                        },
                    )
                } else if let Some(Some(at)) = places.get(index) {
                    let file = (path.as_path(), index);
                    let numbers = (pass, &mut chunk_number);
                    self.read_at(file, at, numbers, &jobs, &free_buffers)
                        .map(Source::Text)
                } else {
                    let file = (path.as_path(), index);
                    let numbers = (pass, &mut chunk_number);
                    let mut at = matches!(pass, Some(ids::Pass::First(_))).then(Vec::new);
                    let read =
                        self.split_file(file, progress, numbers, &mut at, &jobs, &free_buffers);
                    found_places.resize(index, None);
                    found_places.push(at.filter(|_| read.is_ok()));
                    read.map(Source::Text)
                };
                match read {
                    Ok(source) => opened.push(Some((path.clone(), source))),
                    Err(mut file_problems) => {
                        problems.append(&mut file_problems);
                        opened.push(None);
                    }
                }
            }
            drop(jobs);
            if let Some(pass) = pass {
                own_notes.finish(pass);
            }
            handles
                .into_iter()
                .map(|h| h.join().expect("a worker panicked"))
                .collect::<Vec<_>>()
        });
        let (mut all, mut per_file, mut notes) = (own, own_files, own_notes);
        for (worker_all, worker_files, worker_notes) in results {
            merge(&mut all, worker_all);
            for (file, tallied) in worker_files {
                per_file.entry(file).or_default().merge(tallied);
            }
            notes.merge(worker_notes);
        }
        let mut summaries = Vec::new();
        for (index, opened) in opened.into_iter().enumerate() {
            let Some((path, source)) = opened else {
                continue;
            };
            let tallied = per_file.remove(&index).unwrap_or_default();
            match tallied.summary(&path, source, survey.header_rows()) {
                Ok(summary) => summaries.push(summary),
                Err(mut file_problems) => problems.append(&mut file_problems),
            }
        }
        Reading {
            all,
            summaries,
            problems,
            notes,
            places: found_places,
        }
    }

    /// Reads a file's header, then hands its records to the workers in chunks, numbered on
    /// from `chunk_number`: those `pass` reads.
    fn split_file(
        &self,
        (path, index): (&Path, usize),
        progress: Option<&dyn Progress>,
        (pass, chunk_number): (Option<ids::Pass<'_>>, &mut usize),
        places: &mut Option<Vec<ChunkAt>>,
        jobs: &std::sync::mpsc::SyncSender<Job>,
        free_buffers: &std::sync::mpsc::Receiver<Vec<u8>>,
    ) -> Result<Detected, Vec<Problem>> {
        let (detected, shared, mut chunker) = self.open(path, progress)?;
        // Offsets in a transcoded text are not offsets in the file.
        if detected.encoding != encoding_rs::UTF_8 {
            *places = None;
        }
        let mut spare = None;
        loop {
            let buffer = spare
                .take()
                .or_else(|| free_buffers.try_recv().ok())
                .unwrap_or_default();
            let offset = chunker.offset();
            let Some(chunk) = chunker
                .next_chunk(buffer)
                .map_err(|e| cannot_read(path, e))?
            else {
                break;
            };
            let number = *chunk_number;
            *chunk_number += 1;
            if chunk.runaway.is_some() {
                *places = None;
            }
            if let Some(places) = places {
                places.push(ChunkAt {
                    number,
                    offset,
                    len: chunk.bytes.len(),
                    first_line: chunk.first_line,
                    newline: chunk.newline,
                    plain_quotes: chunk.plain_quotes,
                });
            }
            if pass.is_some_and(|pass| !pass.reads(number)) {
                spare = Some(chunk.bytes);
                continue;
            }
            let job = Job {
                file: index,
                number,
                file_layout: shared.clone(),
                chunk,
            };
            if jobs.send(job).is_err() {
                break;
            }
        }
        Ok(detected)
    }

    /// Opens a text file: its layout, what its chunks share, and its records in chunks.
    fn open<'p>(
        &self,
        path: &Path,
        progress: Option<&'p dyn Progress>,
    ) -> Result<
        (
            Detected,
            std::sync::Arc<FileLayout>,
            chunks::Chunker<impl std::io::Read + use<'p>>,
        ),
        Vec<Problem>,
    > {
        let (detected, reader) = open_file(path, self.survey, progress)?;
        let (layout, chunker) =
            open_records(path, self.survey, &detected, reader, self.chunk_bytes)?;
        let shared = std::sync::Arc::new(FileLayout {
            path: path.to_path_buf(),
            layout,
            delimiter: detected.delimiter,
        });
        Ok((detected, shared, chunker))
    }

    /// Reads the chunks of a file that `pass` reads at the places the first pass found them,
    /// and hands them to the workers; numbers on from `chunk_number` as the first pass did.
    fn read_at(
        &self,
        (path, index): (&Path, usize),
        places: &[ChunkAt],
        (pass, chunk_number): (Option<ids::Pass<'_>>, &mut usize),
        jobs: &std::sync::mpsc::SyncSender<Job>,
        free_buffers: &std::sync::mpsc::Receiver<Vec<u8>>,
    ) -> Result<Detected, Vec<Problem>> {
        use std::io::{Read, Seek};
        let (detected, shared, _) = self.open(path, None)?;
        *chunk_number += places.len();
        let mut file = std::fs::File::open(path).map_err(|e| cannot_read(path, e))?;
        for at in places {
            if pass.is_some_and(|pass| !pass.reads(at.number)) {
                continue;
            }
            // Buffers the workers are done with, as when cutting a file.
            let mut bytes = free_buffers.try_recv().unwrap_or_default();
            bytes.resize(at.len, 0);
            file.seek(std::io::SeekFrom::Start(at.offset))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| cannot_read(path, e))?;
            let chunk = chunks::Chunk {
                bytes,
                first_line: at.first_line,
                newline: at.newline,
                plain_quotes: at.plain_quotes,
                runaway: None,
            };
            let job = Job {
                file: index,
                number: at.number,
                file_layout: shared.clone(),
                chunk,
            };
            if jobs.send(job).is_err() {
                break;
            }
        }
        Ok(detected)
    }
}

/// A chunk of one file's records, with what a worker needs to read them.
struct Job {
    file: usize,
    /// The chunk's number among all the survey's chunks, in file order.
    number: usize,
    file_layout: std::sync::Arc<FileLayout>,
    chunk: chunks::Chunk,
}

/// What every chunk of one file shares.
struct FileLayout {
    path: PathBuf,
    layout: Layout,
    delimiter: u8,
}

impl Job {
    fn run(
        &self,
        survey: &Survey,
        records: &mut RecordReader,
        tallied: &mut Tallied,
        ids: &mut Ids<'_>,
        sink: &mut impl FnMut(Row<'_>),
    ) {
        let file = &*self.file_layout;
        let parser = Parser {
            path: &file.path,
            survey,
            layout: &file.layout,
            window: survey.window(),
        };
        parser.chunk(&self.chunk, file.delimiter, records, tallied, ids, sink);
    }
}

/// The progress of files read again.
struct Again<'a>(&'a dyn Progress);

impl Progress for Again<'_> {
    fn file(&self, path: &Path, size: u64) -> Box<dyn FnMut(u64) + '_> {
        self.0.again(path, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_changes_between_passes_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&a, "id,score\n1,9\n").unwrap();
        std::fs::write(&b, "id,score\n2,9\n").unwrap();
        let files = vec![a.clone(), b.clone()];
        let stamps = Stamps::of(&files);
        assert!(stamps.check(&files).is_ok());
        std::fs::write(&b, "id,score\n2,9\n3,10\n").unwrap();
        let Err(Error::Input(problems)) = stamps.check(&files) else {
            panic!("b.csv changed")
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "this file changed while it was read");
        assert_eq!(problems[0].place.as_ref().unwrap().file, b);
        std::fs::remove_file(&a).unwrap();
        assert!(stamps.check(&files).is_err(), "a.csv is gone");
    }
}
