//! The records of a chunk, read with `simd_csv` wherever it reads them as `csv_core` does.
//!
//! simd-csv finds a record's delimiters, quotes and line breaks with SIMD string search instead of
//! a byte-at-a-time state machine: on survey exports it reads records 2.5 times as fast as
//! csv-core (docs/performance.md). Its own documentation lists where the two differ, all on
//! input a tool would not write: a quote inside an unquoted field opens a quoted one, text after
//! a closing quote is dropped, a lone `\r` does not end a record, and a byte-order mark at the
//! start is skipped; a quote that ends the input is kept (found by the proptest below). A chunk
//! with none of those is read with simd-csv, any other with csv-core: every file reads as
//! csv-core reads it. The chunker notes the quotes as it scans them; this module looks for the
//! rest.

use std::io::Read;

use super::chunks::Chunk;

/// UTF-8's byte-order mark.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Reads chunks of records, reusing its buffers.
#[derive(Debug, Default)]
pub struct RecordReader {
    record: simd_csv::ByteRecord,
    slow: csv::ByteRecord,
}

impl RecordReader {
    /// Calls `each` with every record of `chunk` and the byte it starts at, or at the line
    /// breaks before it. Stops at a record csv-core cannot read.
    pub fn read(
        &mut self,
        chunk: &Chunk,
        delimiter: u8,
        mut each: impl FnMut(&simd_csv::ByteRecord, usize),
    ) -> Result<(), csv::Error> {
        if reads_alike(chunk) {
            let mut reader = simd_csv::TotalReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .from_bytes(&chunk.bytes);
            loop {
                let start = reader.position() as usize;
                if !reader.read_byte_record(&mut self.record) {
                    return Ok(());
                }
                each(&self.record, start);
            }
        }
        // csv-core skips a byte-order mark that starts its input, as one starts a file; a chunk
        // starts mid-file. An empty line before it, which csv-core skips too, keeps the mark.
        let lead: &[u8] = if chunk.bytes.starts_with(BOM) {
            b"\n"
        } else {
            b""
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(lead.chain(&chunk.bytes[..]));
        while reader.read_byte_record(&mut self.slow)? {
            self.record.clear();
            for field in &self.slow {
                self.record.push_field(field);
            }
            let start = self.slow.position().map_or(0, |p| p.byte() as usize);
            each(&self.record, start.saturating_sub(lead.len()));
        }
        Ok(())
    }
}

/// Whether simd-csv reads `chunk` as csv-core does: its quotes are plain (each opens a field at
/// its start or closes one before a delimiter or a line break), every `\r` is followed by `\n`,
/// and it does not start with a byte-order mark.
fn reads_alike(chunk: &Chunk) -> bool {
    let bytes = &chunk.bytes;
    chunk.plain_quotes
        && !bytes.starts_with(BOM)
        && memchr::memchr_iter(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::chunks::Chunker;

    type Records = Vec<Vec<Vec<u8>>>;

    /// `bytes` cut into chunks of about `size` bytes.
    fn chunks(bytes: &[u8], delimiter: u8, size: usize) -> Vec<Chunk> {
        let mut chunker = Chunker::new(bytes, delimiter, b'\n', size, 1);
        std::iter::from_fn(|| chunker.next_chunk(Vec::new()).unwrap()).collect()
    }

    /// `bytes` as one chunk.
    fn whole(bytes: &[u8], delimiter: u8) -> Chunk {
        let mut all = chunks(bytes, delimiter, bytes.len() + 1);
        all.pop().unwrap_or(Chunk {
            bytes: Vec::new(),
            first_line: 1,
            newline: b'\n',
            plain_quotes: true,
            runaway: None,
        })
    }

    /// The records of `bytes` as `RecordReader` reads them, in chunks of about `size` bytes, up
    /// to a record that runs away (the chunker's tests cover that record).
    fn read(bytes: &[u8], delimiter: u8, size: usize) -> Records {
        let mut records = Vec::new();
        let mut reader = RecordReader::default();
        for chunk in chunks(bytes, delimiter, size) {
            reader
                .read(&chunk, delimiter, |record, _| {
                    records.push(record.iter().map(<[u8]>::to_vec).collect())
                })
                .unwrap();
        }
        records
    }

    /// The records of `bytes` as csv-core reads them mid-file, as chunks come (after the
    /// header, and an empty line, which it skips: a byte-order mark there is text).
    fn csv_core(bytes: &[u8], delimiter: u8) -> Records {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(b"\n".chain(bytes))
            .into_byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    #[test]
    fn survey_exports_take_the_fast_path() {
        let export = "1,2025-03-04,9,\"Fast, \"\"friendly\"\"\nservice\",Nordics\r\n\
                      2,2025-03-05,,,\r\n3,2025-03-06,4,\"\",DACH";
        assert!(reads_alike(&whole(export.as_bytes(), b',')));
        let semicolons = export.replace(',', ";");
        assert!(reads_alike(&whole(semicolons.as_bytes(), b';')));
        let bytes = export.as_bytes();
        assert_eq!(read(bytes, b',', bytes.len()), csv_core(bytes, b','));
    }

    #[test]
    fn input_read_differently_goes_to_csv_core() {
        for odd in [
            "a,5\" screen,1\n",      // a quote inside an unquoted field
            "a,\"quoted\" more,1\n", // text after a closing quote
            "a,1\rb,2\n",            // a lone carriage return ends a record
            "\u{feff}a,1\n",         // a byte-order mark
            "a,\"closed\"",          // a quoted field that ends the file
            "a,b \"c\",1\n",         // a quote after a space, closed before a delimiter
        ] {
            let bytes = odd.as_bytes();
            assert!(!reads_alike(&whole(bytes, b',')), "{odd:?}");
            assert_eq!(read(bytes, b',', bytes.len()), csv_core(bytes, b','));
        }
    }

    #[test]
    fn records_start_where_they_begin_or_at_the_line_breaks_before() {
        let text = b"a,1\n\nb,\"x\ny\"\nc,3";
        let mut starts = Vec::new();
        RecordReader::default()
            .read(&whole(text, b','), b',', |_, start| starts.push(start))
            .unwrap();
        assert_eq!(starts, [0, 4, 13]);
    }

    proptest::proptest! {
        #[test]
        fn records_read_as_csv_core_reads_them(
            text in "[a,;\"\r\n é\u{feff}]{0,40}",
            semicolon in proptest::bool::ANY,
            size in 1usize..48,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            // A quoted field that the text ends in stops the reading at its record.
            let kept: usize = chunks(text.as_bytes(), delimiter, size)
                .iter()
                .map(|chunk| chunk.bytes.len())
                .sum();
            proptest::prop_assert_eq!(
                read(text.as_bytes(), delimiter, size),
                csv_core(&text.as_bytes()[..kept], delimiter)
            );
        }

        #[test]
        fn well_formed_csv_takes_the_fast_path(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a ,;\"\r\né]{0,6}", 1..5),
                0..8,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(Vec::new());
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            // A writer quotes a lone `\r` in a field; only that keeps a chunk off the fast path.
            let lone_cr = bytes.windows(2).any(|w| w[0] == b'\r' && w[1] != b'\n');
            proptest::prop_assert_eq!(reads_alike(&whole(&bytes, b',')), !lone_cr);
            proptest::prop_assert_eq!(read(&bytes, b',', bytes.len()), csv_core(&bytes, b','));
        }
    }
}
