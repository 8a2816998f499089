//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), read with calamine: one sheet's rows
//! become records of text, each cell written as a CSV export of the sheet would hold it, so that
//! the rest of reading treats them as it treats CSV records.
//!
//! A sheet is read whole, on one thread: a spreadsheet holds at most 1,048,576 rows. Row numbers
//! are the sheet's, and field `i` is column `i + 1` (A is 1), so that a problem's place is the
//! cell a user finds in the spreadsheet.

use std::fmt::Write;
use std::path::Path;

use calamine::{Data, Range, Reader};
use chrono::{NaiveDateTime, NaiveTime};

use crate::error::{Place, Problem};

/// File name endings read as workbooks, whatever their case.
const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// Whether bytes that start a file are a workbook's: a zip archive (`.xlsx`, `.xlsm`, `.xlsb`,
/// `.ods`) or a compound document (`.xls`).
pub fn is_workbook_signature(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0])
}

const FORMATS_HINT: &str = "cxreport reads .xlsx, .xlsm, .xlsb, .xls and .ods workbooks; open and \
                            save it again in the spreadsheet program, or save the sheet as \
                            \"CSV UTF-8\"";

/// One sheet of a workbook.
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    cells: Range<Data>,
}

/// Opens the workbook at `path` and reads the sheet named `wanted`, or its first sheet.
pub fn open(path: &Path, wanted: Option<&str>) -> Result<Sheet, Box<Problem>> {
    let cannot = |e: calamine::Error| {
        Box::new(
            Problem::new(format!("cannot read the workbook: {e}"))
                .at(Place::file(path))
                .hint(FORMATS_HINT),
        )
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(cannot)?;
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<String> = names
                    .iter()
                    .map(|n| format!("\"{}\"", n.escape_debug()))
                    .collect();
                Problem::new(format!(
                    "the workbook has no sheet \"{}\"",
                    wanted.escape_debug()
                ))
                .at(Place::file(path))
                .hint(format!(
                    "its sheets are {}; set sheet = \"...\" in the survey to one of them",
                    known.join(", ")
                ))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Problem::new("the workbook has no sheet")
                .at(Place::file(path))
                .hint(FORMATS_HINT)
        })?,
    };
    let cells = workbook.worksheet_range(&name).map_err(cannot)?;
    Ok(Sheet { name, cells })
}

impl Sheet {
    /// The sheet's rows from its first one that is not empty, as records of text; dates and
    /// times are written in `date_format` (a survey's: ISO when unset).
    pub fn records<'s>(&'s self, date_format: Option<&'s str>) -> Records<'s> {
        let (row, column) = self.cells.start().unwrap_or_default();
        Records {
            rows: self.cells.rows(),
            line: u64::from(row),
            leading: column as usize,
            date_format,
            record: simd_csv::ByteRecord::new(),
            text: String::new(),
        }
    }
}

/// The rows of a sheet as records, one reused record at a time.
pub struct Records<'s> {
    rows: calamine::Rows<'s, Data>,
    /// The 1-based number of the last row given.
    line: u64,
    /// Empty columns left of the first used one.
    leading: usize,
    date_format: Option<&'s str>,
    record: simd_csv::ByteRecord,
    text: String,
}

impl Records<'_> {
    /// The next row's number in the sheet and its cells as text.
    pub fn next_record(&mut self) -> Option<(u64, &simd_csv::ByteRecord)> {
        let cells = self.rows.next()?;
        self.line += 1;
        self.record.clear();
        for _ in 0..self.leading {
            self.record.push_field(b"");
        }
        for cell in cells {
            self.text.clear();
            write_cell(cell, self.date_format, &mut self.text);
            self.record.push_field(self.text.as_bytes());
        }
        Some((self.line, &self.record))
    }
}

/// A cell as the text a CSV export of it holds: whole numbers without a decimal point, other
/// numbers as Rust writes them (`9.5`), dates in the survey's date format, `TRUE` and `FALSE`,
/// errors as the spreadsheet shows them (`#N/A`).
fn write_cell(cell: &Data, date_format: Option<&str>, out: &mut String) {
    match cell {
        Data::Empty => {}
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            out.push_str(text)
        }
        Data::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Data::Float(x) => write_number(*x, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
        Data::DateTime(d) => match d.as_datetime().filter(|_| d.is_datetime()) {
            Some(at) => write_date(at, date_format, out),
            None => write_number(d.as_f64(), out),
        },
    }
}

fn write_number(x: f64, out: &mut String) {
    // Whole numbers up to 2^53 are exact in an f64.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        let _ = write!(out, "{}", x as i64);
    } else {
        let _ = write!(out, "{x}");
    }
}

/// A date cell in the format the survey reads dates in, so that a format set for CSV exports
/// (`"%m/%d/%y %H:%M:%S"` for Microsoft Forms) reads the tool's workbook download too. A format
/// chrono cannot write leaves the text cut short, and reading the date then fails with its place.
fn write_date(at: NaiveDateTime, date_format: Option<&str>, out: &mut String) {
    let _ = match date_format {
        None | Some("iso") if at.time() == NaiveTime::MIN => write!(out, "{}", at.date()),
        None | Some("iso") => write!(out, "{}", at.format("%Y-%m-%d %H:%M:%S")),
        Some("unix") => write!(out, "{}", at.and_utc().timestamp()),
        Some(format) => write!(out, "{}", at.format(format)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn text(cell: Data, date_format: Option<&str>) -> String {
        let mut out = String::new();
        write_cell(&cell, date_format, &mut out);
        out
    }

    #[test]
    fn cells_read_as_a_csv_export_writes_them() {
        assert_eq!(text(Data::Float(9.0), None), "9");
        assert_eq!(text(Data::Float(-3.0), None), "-3");
        assert_eq!(text(Data::Float(9.5), None), "9.5");
        assert_eq!(text(Data::Float(1e20), None), "100000000000000000000");
        assert_eq!(text(Data::Int(10), None), "10");
        assert_eq!(text(Data::Bool(true), None), "TRUE");
        assert_eq!(text(Data::Empty, None), "");
        assert_eq!(
            text(Data::String("Bra, \"pris\"".into()), None),
            "Bra, \"pris\""
        );
        assert_eq!(text(Data::Error(calamine::CellErrorType::NA), None), "#N/A");
    }

    #[test]
    fn dates_are_written_in_the_survey_date_format() {
        // Excel's serial 45356.6 is 2024-03-05 14:24:00 (45356 days after 1899-12-30, plus 0.6
        // of a day); 45356 alone is midnight, written as a date.
        let at = |serial| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(text(at(45356.6), None), "2024-03-05 14:24:00");
        assert_eq!(text(at(45356.0), Some("iso")), "2024-03-05");
        assert_eq!(text(at(45356.6), Some("%d.%m.%Y")), "05.03.2024");
        assert_eq!(
            text(at(45356.6), Some("%m/%d/%y %H:%M:%S")),
            "03/05/24 14:24:00"
        );
        assert_eq!(text(at(45356.0), Some("unix")), "1709596800");
        // A duration is a number of days, not a date.
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(text(Data::DateTime(duration), None), "1.5");
    }

    #[test]
    fn workbooks_are_known_by_name_and_by_their_first_bytes() {
        for name in ["a.xlsx", "b.XLSX", "c.xls", "d.ods", "e.xlsm", "f.xlsb"] {
            assert!(is_workbook(Path::new(name)), "{name}");
        }
        for name in ["a.csv", "xlsx", "a.xlsx.csv", "a.txt"] {
            assert!(!is_workbook(Path::new(name)), "{name}");
        }
        assert!(is_workbook_signature(b"PK\x03\x04\x14\x00"));
        assert!(is_workbook_signature(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1]));
        assert!(!is_workbook_signature(b"PK,score\n"));
        assert!(!is_workbook_signature(b"id,score\n"));
    }
}
