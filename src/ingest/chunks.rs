//! A CSV stream cut into chunks of whole records, so that chunks can be parsed on all cores.
//!
//! A chunk ends after a line break that ends a record: not one inside a quoted field, which may
//! hold line breaks. Finding those needs the quoting state from the start of the chunk (which
//! starts a record), so one thread reads the stream straight into each chunk's buffer and scans
//! it, but it only stops at quotes (`memchr`) and looks back from each quoted field for the last
//! line break before it (`memrchr`): a small fraction of parsing. The state machine follows
//! `csv_core`'s default rules: a quote opens a quoted field only at the start of a field, `""`
//! inside it is a quote, and a quote anywhere else is an ordinary character. On the way, the scan
//! notes whether every quote is one a CSV writer would write, which tells the record reader that
//! a faster parser reads the chunk alike (see `records`).
//!
//! Records end at `\n` (LF and CRLF files) or at `\r` (old Mac files, where a `\n` may never
//! come). A record is at most [`MAX_RECORD_BYTES`] long: a quote that is never closed would
//! otherwise turn the rest of the file into one field, held in memory whole and, in lenient mode,
//! skipped as one bad row. Such a record ends the reading of its file and is reported as a
//! [`Runaway`], in strict and lenient mode alike.

use std::io::Read;

/// The longest record read: a quoted field that runs on past it has almost surely lost its
/// closing quote (DuckDB's reader stops at 2 MB; a long survey comment is a few KB).
pub const MAX_RECORD_BYTES: usize = 8 << 20;

/// Where the scan is, between bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not in a quoted field; unquoted since byte `since`.
    Outside { since: usize },
    /// In a quoted field opened by the quote at byte `opened`.
    Quoted { opened: usize },
    /// Just after a quote in a quoted field: the field's end, or the first half of `""`.
    QuoteInQuoted { opened: usize },
}

/// The quoting state of a chunk's bytes, scanned as they arrive.
#[derive(Debug)]
struct Scan {
    delimiter: u8,
    /// The byte that ends a record: `\n`, or `\r` in a file with old Mac line endings.
    newline: u8,
    state: State,
    /// Bytes before this are scanned.
    at: usize,
    /// The end of the last record found: the byte after a line break outside quotes.
    boundary: Option<usize>,
    /// Whether every quote so far opens a field at its start or closes one before a delimiter
    /// or a line break.
    plain_quotes: bool,
}

impl Scan {
    /// A scan of bytes that start a record.
    fn new(delimiter: u8, newline: u8) -> Self {
        Scan {
            delimiter,
            newline,
            state: State::Outside { since: 0 },
            at: 0,
            boundary: None,
            plain_quotes: true,
        }
    }

    /// Scans the bytes after the last scan's end, then returns where the last whole record in
    /// `bytes` ends.
    fn run(&mut self, bytes: &[u8]) -> Option<usize> {
        while self.at < bytes.len() {
            let at = self.at;
            match self.state {
                State::Outside { since } => match memchr::memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        let quote = at + found;
                        self.at = quote + 1;
                        // A quote opens a field only at a field's start; elsewhere it is text.
                        let opens = quote == 0
                            || [self.delimiter, b'\n', b'\r'].contains(&bytes[quote - 1]);
                        if opens {
                            self.record_ends_in(bytes, since, quote);
                            self.state = State::Quoted { opened: quote };
                        } else {
                            self.plain_quotes = false;
                        }
                    }
                    None => self.at = bytes.len(),
                },
                State::Quoted { opened } => match memchr::memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        self.at = at + found + 1;
                        self.state = State::QuoteInQuoted { opened };
                    }
                    None => self.at = bytes.len(),
                },
                State::QuoteInQuoted { opened } => {
                    if bytes[at] == b'"' {
                        self.at = at + 1;
                        self.state = State::Quoted { opened };
                    } else {
                        let closes = [self.delimiter, b'\n', b'\r'].contains(&bytes[at]);
                        self.plain_quotes &= closes;
                        self.state = State::Outside { since: at };
                    }
                }
            }
        }
        if let State::Outside { since } = self.state {
            // Looked at again after the next read, which may bring a later line break.
            let mut boundary = self.boundary;
            if let Some(newline) = memchr::memrchr(self.newline, &bytes[since..]) {
                boundary = Some(since + newline + 1);
            }
            return boundary;
        }
        self.boundary
    }

    /// Notes the last line break in `bytes[from..to]`, which are outside quotes.
    fn record_ends_in(&mut self, bytes: &[u8], from: usize, to: usize) {
        if let Some(newline) = memchr::memrchr(self.newline, &bytes[from..to]) {
            self.boundary = Some(from + newline + 1);
        }
    }
}

/// Cuts a stream into chunks of whole records of about `size` bytes.
pub struct Chunker<R> {
    inner: R,
    delimiter: u8,
    newline: u8,
    size: usize,
    max_record: usize,
    /// The start of a record read with the last chunk, which begins the next one.
    carry: Vec<u8>,
    /// Line number (1-based) of the next chunk's first line.
    next_line: u64,
    /// Offset of the next chunk's first byte in the stream.
    offset: u64,
    done: bool,
}

/// A run of whole records, and the line its first record starts on.
#[derive(Debug)]
pub struct Chunk {
    /// The records' bytes.
    pub bytes: Vec<u8>,
    /// 1-based line number of the first byte.
    pub first_line: u64,
    /// The byte that ends a line: `\n`, or `\r` in a file with old Mac line endings.
    pub newline: u8,
    /// Whether every quote opens a field at its start or closes one before a delimiter or a line
    /// break (a chunk's scan may look past its end: then this also speaks of the bytes after).
    pub plain_quotes: bool,
    /// The record after the chunk's last, which could not be read: the file ends in one of its
    /// quoted fields, or it is longer than [`MAX_RECORD_BYTES`]. Nothing after it is read.
    pub runaway: Option<Runaway>,
}

/// A record that ran on to the end of the file or past [`MAX_RECORD_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runaway {
    /// The line of its open quote, or of its start when no quote is open.
    pub line: u64,
    /// The field (0-based) that the open quote starts, if one is open.
    pub field: Option<usize>,
    /// Line breaks from there on that would have been part of the record, up to the end of the
    /// file (when it ends inside the record; else as many as were read, which depends on the
    /// chunk size).
    pub lines: u64,
    /// Whether the file ends inside it (else it is too long).
    pub ends_file: bool,
}

impl<R: Read> Chunker<R> {
    /// Chunks of `inner`, whose first byte is on line `first_line`, cut at about `size` bytes
    /// after a `newline` (`\n`, or `\r` for old Mac line endings) that ends a record.
    pub fn new(inner: R, delimiter: u8, newline: u8, size: usize, first_line: u64) -> Self {
        Chunker {
            inner,
            delimiter,
            newline,
            size: size.max(1),
            max_record: MAX_RECORD_BYTES,
            carry: Vec::new(),
            next_line: first_line,
            offset: 0,
            done: false,
        }
    }

    /// The same, for a stream whose first byte is at `offset` of the text.
    pub fn starting_at(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// Offset of the next chunk's first byte in the text.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The same, with records of at most `max_record` bytes (for tests).
    #[cfg(test)]
    fn with_max_record(mut self, max_record: usize) -> Self {
        self.max_record = max_record;
        self
    }

    /// The next chunk, read into `buffer` (its allocation reused); `None` at the end of the
    /// stream. Bytes are read once, straight into the buffer; only the unfinished record at its
    /// end is copied, to the next chunk.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> std::io::Result<Option<Chunk>> {
        buffer.clear();
        buffer.append(&mut self.carry);
        let mut scan = Scan::new(self.delimiter, self.newline);
        let mut runaway = None;
        let end = loop {
            if !self.done {
                buffer.reserve(self.size);
                let n = (&mut self.inner)
                    .take(self.size as u64)
                    .read_to_end(&mut buffer)?;
                self.done = n < self.size;
            }
            let found = scan.run(&buffer);
            if self.done {
                match scan.state {
                    State::Quoted { opened } => {
                        let start = found.unwrap_or(0);
                        runaway = Some(self.runaway(&buffer, start, Some(opened), true));
                        break start;
                    }
                    _ => break buffer.len(),
                }
            }
            if let Some(end) = found {
                break end;
            }
            // No record ends in the buffer yet: read on, unless the one record it holds is
            // already too long.
            if buffer.len() > self.max_record {
                let opened = match scan.state {
                    State::Quoted { opened } | State::QuoteInQuoted { opened } => Some(opened),
                    State::Outside { .. } => None,
                };
                runaway = Some(self.runaway(&buffer, 0, opened, false));
                self.done = true;
                break 0;
            }
        };
        if end == 0 && runaway.is_none() {
            return Ok(None);
        }
        // At the end of the stream, a quoted field left open or closed by its last byte.
        let open = !matches!(scan.state, State::Outside { .. });
        if runaway.is_none() {
            self.carry.extend_from_slice(&buffer[end..]);
        }
        buffer.truncate(end);
        self.offset += end as u64;
        let first_line = self.next_line;
        self.next_line += memchr::memchr_iter(self.newline, &buffer).count() as u64;
        Ok(Some(Chunk {
            bytes: buffer,
            first_line,
            newline: self.newline,
            plain_quotes: scan.plain_quotes && !(self.done && open),
            runaway,
        }))
    }

    /// The record at `start` of `buffer` (which starts on line `self.next_line`), with a quoted
    /// field opened at byte `opened` and not closed.
    fn runaway(
        &self,
        buffer: &[u8],
        start: usize,
        opened: Option<usize>,
        ends_file: bool,
    ) -> Runaway {
        let at = opened.unwrap_or(start);
        let line = self.next_line + memchr::memchr_iter(self.newline, &buffer[..at]).count() as u64;
        // The open quote starts a field; the fields before it are counted as csv-core reads
        // them, since an earlier field of the record may be quoted too.
        let field = opened.map(|opened| {
            let before = &buffer[start..opened];
            if before.is_empty() || before.ends_with(b"\n") || before.ends_with(b"\r") {
                return 0;
            }
            csv::ReaderBuilder::new()
                .delimiter(self.delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(before)
                .into_byte_records()
                .last()
                .and_then(Result::ok)
                .map_or(0, |record| record.len().saturating_sub(1))
        });
        Runaway {
            line,
            field,
            lines: memchr::memchr_iter(self.newline, &buffer[at..]).count() as u64,
            ends_file,
        }
    }
}

/// Line numbers of records in a chunk, counted from its first line. Records are asked for in
/// file order, so counting runs once over the chunk.
pub struct Lines<'a> {
    bytes: &'a [u8],
    newline: u8,
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    /// Counting from the start of `chunk`.
    pub fn new(chunk: &'a Chunk) -> Self {
        Lines {
            bytes: &chunk.bytes,
            newline: chunk.newline,
            at: 0,
            line: chunk.first_line,
        }
    }

    /// The line of the record that starts at byte `start` (or at the first byte after the line
    /// breaks there: a CSV reader may place a record's start before the `\n` of a CRLF).
    pub fn of(&mut self, start: usize) -> u64 {
        let mut start = start.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.at {
            self.line +=
                memchr::memchr_iter(self.newline, &self.bytes[self.at..start]).count() as u64;
            self.at = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every chunk of `text` cut at about `size` bytes, and the record that ran away, if any.
    fn cut(
        text: &str,
        newline: u8,
        size: usize,
        max_record: usize,
    ) -> (Vec<(String, u64)>, Option<Runaway>) {
        let mut chunker =
            Chunker::new(text.as_bytes(), b',', newline, size, 1).with_max_record(max_record);
        let (mut out, mut runaway) = (Vec::new(), None);
        while let Some(chunk) = chunker.next_chunk(Vec::new()).unwrap() {
            assert!(runaway.is_none(), "a chunk came after the runaway record");
            assert!(
                chunk.bytes.len() <= max_record + size,
                "{} bytes",
                chunk.bytes.len()
            );
            runaway = chunk.runaway;
            if !chunk.bytes.is_empty() {
                out.push((String::from_utf8(chunk.bytes).unwrap(), chunk.first_line));
            }
        }
        (out, runaway)
    }

    /// Every chunk of `text` cut at about `size` bytes; no record may run away.
    fn chunks(text: &str, size: usize) -> Vec<(String, u64)> {
        let (parts, runaway) = cut(text, b'\n', size, MAX_RECORD_BYTES);
        assert_eq!(runaway, None);
        parts
    }

    #[test]
    fn each_chunk_is_the_text_at_its_offset() {
        let text = "header\na,\"x\ny\",1\nb,\"he said \"\"hi\"\"\n\",2\nc,3\nd,e\n";
        let records = &text[7..];
        for size in 1..records.len() + 2 {
            let mut chunker = Chunker::new(records.as_bytes(), b',', b'\n', size, 2).starting_at(7);
            let mut ends_at = 7;
            loop {
                assert_eq!(chunker.offset(), ends_at, "size {size}");
                let Some(chunk) = chunker.next_chunk(Vec::new()).unwrap() else {
                    break;
                };
                let at = ends_at as usize;
                assert_eq!(
                    &text.as_bytes()[at..at + chunk.bytes.len()],
                    &chunk.bytes[..]
                );
                ends_at += chunk.bytes.len() as u64;
            }
            assert_eq!(ends_at as usize, text.len(), "size {size}");
        }
    }

    #[test]
    fn chunks_end_only_where_records_end() {
        let text = "a,\"x\ny\",1\nb,\"he said \"\"hi\"\"\n\",2\nc,5\" screen,3\nd,e\n";
        for size in 1..text.len() + 2 {
            let parts = chunks(text, size);
            let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(joined, text, "size {size}");
            for (part, _) in &parts {
                assert!(
                    ["a,\"x\ny\",1\n", "b,", "c,", "d,"]
                        .iter()
                        .any(|start| part.starts_with(start)),
                    "size {size}: a chunk starts inside a record: {part:?}"
                );
            }
        }
    }

    #[test]
    fn chunks_know_the_line_they_start_on() {
        // Record 2 spans lines 2 and 3; record 3 starts on line 4.
        let text = "a,1\nb,\"two\nlines\"\nc,3\n";
        let parts = chunks(text, 1);
        assert_eq!(
            parts,
            vec![
                ("a,1\n".to_string(), 1),
                ("b,\"two\nlines\"\n".to_string(), 2),
                ("c,3\n".to_string(), 4),
            ]
        );
    }

    #[test]
    fn a_quote_after_a_carriage_return_opens_a_field() {
        // Old Mac line endings: the record `"x\ny",2` starts after `\r`, so its `\n` is quoted.
        let text = "a,1\r\"x\ny\",2\nb,3\n";
        for size in 1..text.len() + 2 {
            let parts = chunks(text, size);
            assert!(
                parts.iter().all(|(part, _)| !part.starts_with("y")),
                "size {size}: {parts:?}"
            );
        }
    }

    /// The records a CSV reader finds in `bytes`, as `csv_core` reads them.
    fn records(bytes: &[u8]) -> Vec<csv::ByteRecord> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes)
            .into_byte_records()
            .map(|r| r.unwrap())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn records_read_chunk_by_chunk_equal_records_read_whole(
            text in "[a,\"\n\r]{0,40}",
            size in 1usize..48,
        ) {
            let (parts, runaway) = cut(&text, b'\n', size, MAX_RECORD_BYTES);
            let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            // Every record is read up to one in which the file ends inside a quoted field.
            let rest = &text[joined.len()..];
            proptest::prop_assert!(text.starts_with(&joined));
            proptest::prop_assert_eq!(runaway.is_some(), !rest.is_empty());
            if let Some(runaway) = runaway {
                proptest::prop_assert!(runaway.ends_file);
                // The rest may hold records ended by a lone `\r` before the one that ran away.
                let last = records(text.as_bytes()).pop().unwrap();
                let in_rest = records(rest.as_bytes()).pop();
                proptest::prop_assert_eq!(Some(&last), in_rest.as_ref());
                let field = runaway.field.unwrap();
                proptest::prop_assert!(field < last.len());
            }
            let by_chunk: Vec<csv::ByteRecord> =
                parts.iter().flat_map(|(part, _)| records(part.as_bytes())).collect();
            proptest::prop_assert_eq!(by_chunk, records(joined.as_bytes()));
            let mut offset = 0;
            for (part, line) in &parts {
                let breaks_before = text[..offset].matches('\n').count() as u64;
                proptest::prop_assert_eq!(*line, 1 + breaks_before);
                offset += part.len();
            }
        }
    }

    #[test]
    fn a_quote_never_closed_stops_the_reading_at_its_record() {
        // Record 2's third field opens a quote that nothing closes: lines 3 and 4 would be
        // part of it. The quoted second field holds a delimiter, so counting delimiters would
        // put the open quote in the fourth field.
        let text = "a,1\nb,\"x,y\",\"open\nc,3\nd,4\n";
        for size in 1..text.len() + 2 {
            let (parts, runaway) = cut(text, b'\n', size, MAX_RECORD_BYTES);
            let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(joined, "a,1\n", "size {size}");
            let expected = Runaway {
                line: 2,
                field: Some(2),
                lines: 3,
                ends_file: true,
            };
            assert_eq!(runaway, Some(expected), "size {size}");
        }
        // A quote that opens the file's first record, and one closed by the last byte.
        let (parts, runaway) = cut("\"a\nb\n", b'\n', 2, MAX_RECORD_BYTES);
        assert!(parts.is_empty());
        assert_eq!(runaway.map(|r| (r.line, r.field)), Some((1, Some(0))));
        assert_eq!(chunks("a,\"b\nc\"", 2), vec![("a,\"b\nc\"".to_string(), 1)]);
    }

    #[test]
    fn a_record_longer_than_the_limit_stops_the_reading_with_little_read() {
        let open = format!("a,1\nb,2\nc,\"{}", "x\n".repeat(1_000));
        let (parts, runaway) = cut(&open, b'\n', 8, 64);
        let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, "a,1\nb,2\n");
        let runaway = runaway.unwrap();
        assert_eq!((runaway.line, runaway.field), (3, Some(1)));
        assert!(!runaway.ends_file);
        assert!(
            (28..=40).contains(&runaway.lines),
            "{} lines",
            runaway.lines
        );
        // No line break at all.
        let (parts, runaway) = cut(&"x,".repeat(1_000), b'\n', 8, 64);
        assert!(parts.is_empty());
        let runaway = runaway.unwrap();
        assert_eq!((runaway.line, runaway.field, runaway.lines), (1, None, 0));
        // A long record within the limit is read.
        let long = format!("a,\"{}\"\nb\n", "x\n".repeat(30));
        let (parts, runaway) = cut(&long, b'\n', 8, 64);
        assert_eq!(runaway, None);
        let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, long);
    }

    #[test]
    fn old_mac_files_are_cut_and_counted_at_carriage_returns() {
        let text = "a,1\rb,\"x\ry\"\rc,3\r";
        assert_eq!(
            cut(text, b'\r', 1, MAX_RECORD_BYTES),
            (
                vec![
                    ("a,1\r".to_string(), 1),
                    ("b,\"x\ry\"\r".to_string(), 2),
                    ("c,3\r".to_string(), 4),
                ],
                None
            )
        );
        let chunk = Chunk {
            bytes: text.as_bytes().to_vec(),
            first_line: 1,
            newline: b'\r',
            plain_quotes: true,
            runaway: None,
        };
        let mut lines = Lines::new(&chunk);
        assert_eq!([lines.of(0), lines.of(4), lines.of(12)], [1, 2, 4]);
    }

    #[test]
    fn a_last_record_without_a_line_break_is_kept() {
        assert_eq!(
            chunks("a,1\nb,2", 2),
            vec![("a,1\n".to_string(), 1), ("b,2".to_string(), 2)]
        );
        assert!(chunks("", 4).is_empty());
    }
}
