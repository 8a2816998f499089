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

use std::io::Read;

/// Where the scan is, between bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not in a quoted field; unquoted since byte `since`.
    Outside { since: usize },
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: the field's end, or the first half of `""`.
    QuoteInQuoted,
}

/// The quoting state of a chunk's bytes, scanned as they arrive.
#[derive(Debug)]
struct Scan {
    delimiter: u8,
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
    fn new(delimiter: u8) -> Self {
        Scan {
            delimiter,
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
                            self.state = State::Quoted;
                        } else {
                            self.plain_quotes = false;
                        }
                    }
                    None => self.at = bytes.len(),
                },
                State::Quoted => match memchr::memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        self.at = at + found + 1;
                        self.state = State::QuoteInQuoted;
                    }
                    None => self.at = bytes.len(),
                },
                State::QuoteInQuoted => {
                    if bytes[at] == b'"' {
                        self.at = at + 1;
                        self.state = State::Quoted;
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
            if let Some(newline) = memchr::memrchr(b'\n', &bytes[since..]) {
                boundary = Some(since + newline + 1);
            }
            return boundary;
        }
        self.boundary
    }

    /// Notes the last line break in `bytes[from..to]`, which are outside quotes.
    fn record_ends_in(&mut self, bytes: &[u8], from: usize, to: usize) {
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[from..to]) {
            self.boundary = Some(from + newline + 1);
        }
    }
}

/// Cuts a stream into chunks of whole records of about `size` bytes.
pub struct Chunker<R> {
    inner: R,
    delimiter: u8,
    size: usize,
    /// The start of a record read with the last chunk, which begins the next one.
    carry: Vec<u8>,
    /// Line number (1-based) of the next chunk's first line.
    next_line: u64,
    done: bool,
}

/// A run of whole records, and the line its first record starts on.
#[derive(Debug)]
pub struct Chunk {
    /// The records' bytes.
    pub bytes: Vec<u8>,
    /// 1-based line number of the first byte.
    pub first_line: u64,
    /// Whether every quote opens a field at its start or closes one before a delimiter or a line
    /// break (a chunk's scan may look past its end: then this also speaks of the bytes after).
    pub plain_quotes: bool,
}

impl<R: Read> Chunker<R> {
    /// Chunks of `inner`, whose first byte is on line `first_line`, cut at about `size` bytes.
    pub fn new(inner: R, delimiter: u8, size: usize, first_line: u64) -> Self {
        Chunker {
            inner,
            delimiter,
            size: size.max(1),
            carry: Vec::new(),
            next_line: first_line,
            done: false,
        }
    }

    /// The next chunk, read into `buffer` (its allocation reused); `None` at the end of the
    /// stream. Bytes are read once, straight into the buffer; only the unfinished record at its
    /// end is copied, to the next chunk.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> std::io::Result<Option<Chunk>> {
        buffer.clear();
        buffer.append(&mut self.carry);
        let mut scan = Scan::new(self.delimiter);
        let end = loop {
            if !self.done {
                buffer.reserve(self.size);
                let n = (&mut self.inner)
                    .take(self.size as u64)
                    .read_to_end(&mut buffer)?;
                self.done = n < self.size;
            }
            match scan.run(&buffer) {
                _ if self.done => break buffer.len(),
                Some(end) => break end,
                // No record ends in the buffer yet: read on.
                None => {}
            }
        };
        if end == 0 {
            return Ok(None);
        }
        // At the end of the stream, a quoted field left open or closed by its last byte.
        let open = !matches!(scan.state, State::Outside { .. });
        self.carry.extend_from_slice(&buffer[end..]);
        buffer.truncate(end);
        let first_line = self.next_line;
        self.next_line += memchr::memchr_iter(b'\n', &buffer).count() as u64;
        Ok(Some(Chunk {
            bytes: buffer,
            first_line,
            plain_quotes: scan.plain_quotes && !(self.done && open),
        }))
    }
}

/// Line numbers of records in a chunk, counted from its first line. Records are asked for in
/// file order, so counting runs once over the chunk.
pub struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    /// Counting from the start of `chunk`.
    pub fn new(chunk: &'a Chunk) -> Self {
        Lines {
            bytes: &chunk.bytes,
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
            self.line += memchr::memchr_iter(b'\n', &self.bytes[self.at..start]).count() as u64;
            self.at = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every chunk of `text` cut at about `size` bytes.
    fn chunks(text: &str, size: usize) -> Vec<(String, u64)> {
        let mut chunker = Chunker::new(text.as_bytes(), b',', size, 1);
        let mut out = Vec::new();
        while let Some(chunk) = chunker.next_chunk(Vec::new()).unwrap() {
            out.push((String::from_utf8(chunk.bytes).unwrap(), chunk.first_line));
        }
        out
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
            let parts = chunks(&text, size);
            let joined: String = parts.iter().map(|(t, _)| t.as_str()).collect();
            proptest::prop_assert_eq!(&joined, &text);
            let by_chunk: Vec<csv::ByteRecord> =
                parts.iter().flat_map(|(part, _)| records(part.as_bytes())).collect();
            proptest::prop_assert_eq!(by_chunk, records(text.as_bytes()));
            let mut offset = 0;
            for (part, line) in &parts {
                let breaks_before = text[..offset].matches('\n').count() as u64;
                proptest::prop_assert_eq!(*line, 1 + breaks_before);
                offset += part.len();
            }
        }
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
