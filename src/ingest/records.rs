//! The records of a chunk, read with `simd_csv` wherever it reads them as `csv_core` does.
//!
//! simd-csv finds a record's delimiters, quotes and line breaks with SIMD string search instead of
//! a byte-at-a-time state machine: on survey exports it reads records 2.5 times as fast as
//! csv-core (docs/performance.md). Its own documentation lists where the two differ, all on
//! input a tool would not write: a quote inside an unquoted field opens a quoted one, text after
//! a closing quote is dropped, a lone `\r` does not end a record, and a byte-order mark at the
//! start is skipped. A chunk with none of those (one pass over its quotes and carriage returns
//! tells) is read with simd-csv, any other with csv-core: every file reads as csv-core reads it.

/// Reads chunks of records, reusing its buffers.
#[derive(Debug, Default)]
pub struct RecordReader {
    record: simd_csv::ByteRecord,
    slow: csv::ByteRecord,
}

impl RecordReader {
    /// Calls `each` with every record of `chunk` (which starts a record) and the byte it starts
    /// at, or at the line breaks before it. Stops at a record csv-core cannot read.
    pub fn read(
        &mut self,
        chunk: &[u8],
        delimiter: u8,
        mut each: impl FnMut(&simd_csv::ByteRecord, usize),
    ) -> Result<(), csv::Error> {
        if reads_alike(chunk, delimiter) {
            let mut reader = simd_csv::TotalReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .from_bytes(chunk);
            loop {
                let start = reader.position() as usize;
                if !reader.read_byte_record(&mut self.record) {
                    return Ok(());
                }
                each(&self.record, start);
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(chunk);
        while reader.read_byte_record(&mut self.slow)? {
            self.record.clear();
            for field in &self.slow {
                self.record.push_field(field);
            }
            let start = self.slow.position().map_or(0, |p| p.byte() as usize);
            each(&self.record, start);
        }
        Ok(())
    }
}

/// Whether simd-csv reads `chunk` as csv-core does: no byte-order mark at the start, every `\r`
/// followed by `\n`, a quote that opens a field only at the field's start, and one that closes
/// it only before a delimiter or a line break.
fn reads_alike(chunk: &[u8], delimiter: u8) -> bool {
    if chunk.starts_with("\u{feff}".as_bytes()) {
        return false;
    }
    let mut quoted = false;
    // The second quote of a `""` in a quoted field.
    let mut escaped = None;
    for at in memchr::memchr2_iter(b'"', b'\r', chunk) {
        let next = chunk.get(at + 1).copied();
        if chunk[at] == b'\r' {
            if next != Some(b'\n') {
                return false;
            }
        } else if escaped == Some(at) {
            escaped = None;
        } else if quoted {
            match next {
                Some(b'"') => escaped = Some(at + 1),
                Some(b) if b == delimiter || b == b'\n' || b == b'\r' => quoted = false,
                // simd-csv keeps the quote that ends a file.
                _ => return false,
            }
        } else {
            let field_start = at == 0 || [delimiter, b'\n'].contains(&chunk[at - 1]);
            if !field_start {
                return false;
            }
            quoted = true;
        }
    }
    // A quoted field left open runs to the end: leave that to csv-core.
    !quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of `bytes` (fields and start offsets) as `RecordReader` reads them.
    fn read(bytes: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut records = Vec::new();
        RecordReader::default()
            .read(bytes, delimiter, |record, _| {
                records.push(record.iter().map(<[u8]>::to_vec).collect())
            })
            .unwrap();
        records
    }

    /// The records of `bytes` as csv-core reads them.
    fn csv_core(bytes: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(bytes)
            .into_byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    #[test]
    fn survey_exports_take_the_fast_path() {
        let export = "1,2025-03-04,9,\"Fast, \"\"friendly\"\"\nservice\",Nordics\r\n\
                      2,2025-03-05,,,\r\n3,2025-03-06,4,\"\",DACH";
        assert!(reads_alike(export.as_bytes(), b','));
        assert!(reads_alike(export.replace(',', ";").as_bytes(), b';'));
        assert_eq!(
            read(export.as_bytes(), b','),
            csv_core(export.as_bytes(), b',')
        );
    }

    #[test]
    fn input_read_differently_goes_to_csv_core() {
        for odd in [
            "a,5\" screen,1\n",      // a quote inside an unquoted field
            "a,\"quoted\" more,1\n", // text after a closing quote
            "a,1\rb,2\n",            // a lone carriage return ends a record
            "\u{feff}a,1\n",         // a byte-order mark
            "a,\"open\n",            // a quoted field left open
            "a,\"closed\"",          // a quoted field that ends the file
            "a,b \"c\",1\n",
        ] {
            assert!(!reads_alike(odd.as_bytes(), b','), "{odd:?}");
            assert_eq!(read(odd.as_bytes(), b','), csv_core(odd.as_bytes(), b','));
        }
    }

    #[test]
    fn records_start_where_they_begin_or_at_the_line_breaks_before() {
        let text = b"a,1\n\nb,\"x\ny\"\nc,3";
        let mut starts = Vec::new();
        RecordReader::default()
            .read(text, b',', |_, start| starts.push(start))
            .unwrap();
        assert_eq!(starts, [0, 4, 13]);
    }

    proptest::proptest! {
        #[test]
        fn records_read_as_csv_core_reads_them(
            text in "[a,;\"\r\n é\u{feff}]{0,40}",
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            proptest::prop_assert_eq!(
                read(text.as_bytes(), delimiter),
                csv_core(text.as_bytes(), delimiter)
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
            proptest::prop_assert_eq!(reads_alike(&bytes, b','), !lone_cr);
            proptest::prop_assert_eq!(read(&bytes, b','), csv_core(&bytes, b','));
        }
    }
}
