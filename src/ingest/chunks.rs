//! A CSV stream cut into chunks of whole records, so that chunks can be parsed on all cores.
//!
//! A chunk ends after a line break that ends a record: not one inside a quoted field, which may
//! hold line breaks. Finding those needs the quoting state from the start of the stream, so one
//! thread scans each block in order, but it only stops at quotes and line breaks (`memchr`), which
//! costs a small fraction of parsing. The state machine follows `csv_core`'s default rules: a
//! quote opens a quoted field only at the start of a field, `""` inside it is a quote, and a quote
//! anywhere else is an ordinary character.

use std::io::Read;

/// Where the scan is, between bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (and of a record after a line break).
    FieldStart,
    /// In a field that did not start with a quote.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: the field's end, or the first half of `""`.
    QuoteInQuoted,
}

/// Cuts a stream into chunks of whole records of about `size` bytes.
pub struct Chunker<R> {
    inner: R,
    delimiter: u8,
    size: usize,
    /// Bytes read but not yet handed out: the start of an unfinished record.
    carry: Vec<u8>,
    /// Quoting state at the end of `carry`, and how far `carry` has been scanned.
    state: State,
    scanned: usize,
    /// The last record boundary in `carry` (bytes before it are whole records) and the line
    /// breaks before it.
    boundary: usize,
    lines_before_boundary: u64,
    /// Line breaks scanned after `boundary`.
    lines_after_boundary: u64,
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
}

impl<R: Read> Chunker<R> {
    /// Chunks of `inner`, whose first byte is on line `first_line`, cut at about `size` bytes.
    pub fn new(inner: R, delimiter: u8, size: usize, first_line: u64) -> Self {
        Chunker {
            inner,
            delimiter,
            size: size.max(1),
            carry: Vec::new(),
            state: State::FieldStart,
            scanned: 0,
            boundary: 0,
            lines_before_boundary: 0,
            lines_after_boundary: 0,
            next_line: first_line,
            done: false,
        }
    }

    /// The next chunk, reusing `buffer`'s allocation; `None` at the end of the stream.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> std::io::Result<Option<Chunk>> {
        while !self.done && self.boundary < self.size {
            let start = self.carry.len();
            self.carry.resize(start + self.size, 0);
            let n = self.inner.read(&mut self.carry[start..])?;
            self.carry.truncate(start + n);
            if n == 0 {
                self.done = true;
            }
            self.scan();
        }
        let end = if self.done {
            self.carry.len()
        } else {
            self.boundary
        };
        if end == 0 {
            return Ok(None);
        }
        let lines = if self.done {
            self.lines_before_boundary + self.lines_after_boundary
        } else {
            self.lines_before_boundary
        };
        buffer.clear();
        buffer.extend_from_slice(&self.carry[..end]);
        self.carry.drain(..end);
        let chunk = Chunk {
            bytes: buffer,
            first_line: self.next_line,
        };
        self.next_line += lines;
        self.scanned -= end;
        self.boundary = 0;
        self.lines_before_boundary = 0;
        if self.done {
            self.lines_after_boundary = 0;
        }
        Ok(Some(chunk))
    }

    /// Scans `carry` from where the last scan stopped, moving `boundary` to the last record end.
    fn scan(&mut self) {
        // Taken out while scanning, so the state can change as bytes are read.
        let bytes = std::mem::take(&mut self.carry);
        let mut i = self.scanned;
        while i < bytes.len() {
            match self.state {
                State::Quoted => match memchr::memchr2(b'"', b'\n', &bytes[i..]) {
                    Some(at) => {
                        if bytes[i + at] == b'"' {
                            self.state = State::QuoteInQuoted;
                        } else {
                            self.lines_after_boundary += 1;
                        }
                        i += at + 1;
                    }
                    None => {
                        i = bytes.len();
                    }
                },
                State::QuoteInQuoted => {
                    let b = bytes[i];
                    self.state = if b == b'"' {
                        State::Quoted
                    } else {
                        self.after_field_byte(b, i)
                    };
                    i += 1;
                }
                State::FieldStart if bytes[i] == b'"' => {
                    self.state = State::Quoted;
                    i += 1;
                }
                State::FieldStart | State::Unquoted => {
                    // Only a line break matters here: delimiters and quotes inside an unquoted
                    // field change nothing that decides where a record ends. The next field's
                    // start matters only if it begins with a quote, found below.
                    match memchr::memchr2(b'\n', b'"', &bytes[i..]) {
                        Some(at) => {
                            let j = i + at;
                            if bytes[j] == b'\n' {
                                self.record_end(j);
                            } else {
                                // A quote opens a field only right after a delimiter or a
                                // record's start.
                                let previous = j.checked_sub(1).map(|k| bytes[k]);
                                let field_start = j == i && self.state == State::FieldStart
                                    || previous == Some(self.delimiter)
                                    || previous == Some(b'\n')
                                    || previous.is_none();
                                self.state = if field_start {
                                    State::Quoted
                                } else {
                                    State::Unquoted
                                };
                            }
                            i = j + 1;
                        }
                        None => {
                            // The tail is in an unquoted field; a trailing delimiter leaves the
                            // next field's start.
                            self.state = if bytes.last() == Some(&self.delimiter) {
                                State::FieldStart
                            } else {
                                State::Unquoted
                            };
                            i = bytes.len();
                        }
                    }
                }
            }
        }
        self.scanned = i;
        self.carry = bytes;
    }

    /// The state after byte `b` (at `at`) that follows a closing quote.
    fn after_field_byte(&mut self, b: u8, at: usize) -> State {
        if b == b'\n' {
            self.record_end(at);
            State::FieldStart
        } else if b == self.delimiter {
            State::FieldStart
        } else {
            State::Unquoted
        }
    }

    fn record_end(&mut self, newline: usize) {
        self.state = State::FieldStart;
        self.boundary = newline + 1;
        self.lines_before_boundary += self.lines_after_boundary + 1;
        self.lines_after_boundary = 0;
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
    fn a_last_record_without_a_line_break_is_kept() {
        assert_eq!(
            chunks("a,1\nb,2", 2),
            vec![("a,1\n".to_string(), 1), ("b,2".to_string(), 2)]
        );
        assert!(chunks("", 4).is_empty());
    }
}
