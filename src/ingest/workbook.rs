//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`), read with calamine: one sheet's rows become records of
//! text, each cell written as a CSV export of the sheet would hold it, so that the rest of reading
//! treats them as it treats CSV records.
//!
//! Cells are streamed, row by row, never held as a whole sheet: calamine's whole-sheet reading
//! allocates every cell between the first and the last, and a damaged or hostile file with one
//! cell at column 321,272,406 made it take 24 GB. A cell beyond a spreadsheet's last row or column
//! is an error. Row numbers are the sheet's, and field `i` is column `i + 1` (A is 1), so that a
//! problem's place is the cell a user finds in the spreadsheet. `.xls` and `.ods` files are
//! refused with a hint: calamine reads them only as whole sheets.

use std::fmt::Write;
use std::ops::ControlFlow;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsb, Xlsx};
use chrono::{NaiveDateTime, NaiveTime};

use crate::error::{Place, Problem};

/// A spreadsheet's last row and column (Excel since 2007, LibreOffice).
const ROWS: u32 = 1 << 20;
const COLUMNS: u32 = 1 << 14;

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether `path` names a workbook, whatever the case of its ending: one read (`.xlsx`,
/// `.xlsm`, `.xlsb`), or one refused with a hint (`.xls`, `.ods`).
pub fn is_workbook(path: &Path) -> bool {
    extension(path).is_some_and(|e| matches!(e.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}

/// Whether bytes that start a file are a workbook's: a zip archive (`.xlsx`, `.xlsm`, `.xlsb`,
/// `.ods`) or a compound document (`.xls`).
pub fn is_workbook_signature(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0])
}

const FORMATS_HINT: &str = "cxreport reads .xlsx, .xlsm and .xlsb workbooks; open and save it \
                            again in the spreadsheet program, or save the sheet as \"CSV UTF-8\"";

fn problem(path: &Path, message: String, hint: impl Into<String>) -> Box<Problem> {
    Box::new(Problem::new(message).at(Place::file(path)).hint(hint))
}

/// Reads the sheet named `wanted` (or the first) of the workbook at `path`, calling `each` with
/// every row from the first that is not empty, its number in the sheet and its cells as text,
/// dates and times written in `date_format` (a survey's: ISO when unset); `each` may stop the
/// reading. Returns the sheet's name.
pub fn read(
    path: &Path,
    wanted: Option<&str>,
    date_format: Option<&str>,
    each: impl FnMut(u64, &simd_csv::ByteRecord) -> ControlFlow<()>,
) -> Result<String, Box<Problem>> {
    // calamine parses untrusted bytes, and a debug build of it panics on some (a cell reference
    // of eight letters overflows): a panic is an error naming the file, not a crash. The caller
    // drops what `each` gathered, as after any error.
    let read = std::panic::AssertUnwindSafe(|| read_cells(path, wanted, date_format, each));
    std::panic::catch_unwind(read).unwrap_or_else(|_| {
        Err(problem(
            path,
            "cannot read the workbook: its reader failed on what it holds".into(),
            FORMATS_HINT,
        ))
    })
}

fn read_cells(
    path: &Path,
    wanted: Option<&str>,
    date_format: Option<&str>,
    each: impl FnMut(u64, &simd_csv::ByteRecord) -> ControlFlow<()>,
) -> Result<String, Box<Problem>> {
    let cannot = |e: &dyn std::fmt::Display| {
        problem(path, format!("cannot read the workbook: {e}"), FORMATS_HINT)
    };
    let mut rows = Rows {
        date_format,
        each,
        record: simd_csv::ByteRecord::new(),
        text: String::new(),
        row: None,
        width: None,
    };
    // calamine gives each format's cells reader as its own method, with no trait in common:
    // the `.xlsb` and `.xlsx` arms take the same steps.
    match extension(path).as_deref() {
        Some("xlsb") => {
            let mut book: Xlsb<_> = calamine::open_workbook(path).map_err(|e| cannot(&e))?;
            let name = choose(path, book.sheet_names(), wanted)?;
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            rows.stream(path, || cells.next_cell().map_err(|e| cannot(&e)))?;
            Ok(name)
        }
        Some(refused @ ("xls" | "ods")) => Err(problem(
            path,
            format!("cxreport does not read .{refused} workbooks"),
            "open it in the spreadsheet program and save it as an Excel Workbook (.xlsx), or \
             save the sheet as \"CSV UTF-8\"",
        )),
        _ => {
            let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| cannot(&e))?;
            let name = choose(path, book.sheet_names(), wanted)?;
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            rows.stream(path, || cells.next_cell().map_err(|e| cannot(&e)))?;
            Ok(name)
        }
    }
}

/// The sheet named `wanted`, or the first.
fn choose(path: &Path, names: Vec<String>, wanted: Option<&str>) -> Result<String, Box<Problem>> {
    let Some(wanted) = wanted else {
        return names
            .into_iter()
            .next()
            .ok_or_else(|| problem(path, "the workbook has no sheet".into(), FORMATS_HINT));
    };
    if names.iter().any(|n| n == wanted) {
        return Ok(wanted.to_string());
    }
    let known: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\"", n.escape_debug()))
        .collect();
    Err(problem(
        path,
        format!("the workbook has no sheet \"{}\"", wanted.escape_debug()),
        format!(
            "its sheets are {}; set sheet = \"...\" in the survey to one of them",
            known.join(", ")
        ),
    ))
}

/// Cells, in the order a sheet stores them, gathered into rows.
struct Rows<'f, F> {
    date_format: Option<&'f str>,
    each: F,
    /// The row being gathered: a field per column from A.
    record: simd_csv::ByteRecord,
    text: String,
    /// The 0-based number of the row being gathered.
    row: Option<u32>,
    /// The header's width, once it is found: fields past it have no column name and are left
    /// out, and shorter rows are filled with empty fields, as a CSV export has them.
    width: Option<usize>,
}

impl<F: FnMut(u64, &simd_csv::ByteRecord) -> ControlFlow<()>> Rows<'_, F> {
    /// Gathers the cells `next` gives into rows and hands them on.
    fn stream<'a>(
        &mut self,
        path: &Path,
        mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, Box<Problem>>,
    ) -> Result<(), Box<Problem>> {
        while let Some(cell) = next()? {
            let (row, column) = cell.get_position();
            if row >= ROWS || column >= COLUMNS {
                return Err(damaged(
                    path,
                    format!(
                        "a cell lies at row {}, column {}, past a spreadsheet's last row \
                         (1,048,576) or column (16,384)",
                        u64::from(row) + 1,
                        u64::from(column) + 1
                    ),
                ));
            }
            if let Some(current) = self.row {
                if row < current {
                    return Err(damaged(
                        path,
                        format!("row {} comes after row {}", row + 1, current + 1),
                    ));
                }
                if row > current && self.hand_on().is_break() {
                    return Ok(());
                }
            }
            self.row = Some(row);
            let column = column as usize;
            if column < self.record.len() {
                return Err(damaged(
                    path,
                    format!("two cells of row {} are at column {}", row + 1, column + 1),
                ));
            }
            if self.width.is_some_and(|width| column >= width) {
                continue;
            }
            while self.record.len() < column {
                self.record.push_field(b"");
            }
            self.text.clear();
            write_cell(cell.get_value(), self.date_format, &mut self.text);
            self.record.push_field(self.text.as_bytes());
        }
        let _ = self.hand_on();
        Ok(())
    }

    /// Hands on the row gathered, the first that is not empty as the header.
    fn hand_on(&mut self) -> ControlFlow<()> {
        let Some(row) = self.row else {
            return ControlFlow::Continue(());
        };
        let flow = match self.width {
            None if self.record.iter().all(|f| f.trim_ascii().is_empty()) => {
                ControlFlow::Continue(())
            }
            None => {
                self.width = Some(self.record.len());
                (self.each)(u64::from(row) + 1, &self.record)
            }
            Some(width) => {
                while self.record.len() < width {
                    self.record.push_field(b"");
                }
                (self.each)(u64::from(row) + 1, &self.record)
            }
        };
        self.record.clear();
        flow
    }
}

fn damaged(path: &Path, what: String) -> Box<Problem> {
    problem(
        path,
        format!("the workbook is damaged: {what}"),
        "open it in the spreadsheet program and save it again, or save the sheet as \"CSV UTF-8\"",
    )
}

/// A cell as the text a CSV export of it holds: whole numbers without a decimal point, other
/// numbers as Rust writes them (`9.5`), dates in the survey's date format, `TRUE` and `FALSE`,
/// errors as the spreadsheet shows them (`#N/A`).
fn write_cell(cell: &DataRef<'_>, date_format: Option<&str>, out: &mut String) {
    match cell {
        DataRef::Empty => {}
        DataRef::SharedString(text) => out.push_str(text),
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            out.push_str(text)
        }
        DataRef::Int(n) => {
            let _ = write!(out, "{n}");
        }
        DataRef::Float(x) => write_number(*x, out),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
        }
        // A date beyond Excel's last day (9999-12-31, serial 2,958,465) is written as its number:
        // chrono panics turning a larger one into a time span (found by fuzzing).
        DataRef::DateTime(d) if d.is_datetime() && (0.0..LAST_DAY).contains(&d.as_f64()) => {
            match d.as_datetime() {
                Some(at) => write_date(at, date_format, out),
                None => write_number(d.as_f64(), out),
            }
        }
        DataRef::DateTime(d) => write_number(d.as_f64(), out),
    }
}

/// The day after Excel's last date, 9999-12-31, as a serial number.
const LAST_DAY: f64 = 2_958_466.0;

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

    fn text(cell: DataRef<'_>, date_format: Option<&str>) -> String {
        let mut out = String::new();
        write_cell(&cell, date_format, &mut out);
        out
    }

    #[test]
    fn cells_read_as_a_csv_export_writes_them() {
        assert_eq!(text(DataRef::Float(9.0), None), "9");
        assert_eq!(text(DataRef::Float(-3.0), None), "-3");
        assert_eq!(text(DataRef::Float(9.5), None), "9.5");
        assert_eq!(text(DataRef::Float(1e20), None), "100000000000000000000");
        assert_eq!(text(DataRef::Int(10), None), "10");
        assert_eq!(text(DataRef::Bool(true), None), "TRUE");
        assert_eq!(text(DataRef::Empty, None), "");
        assert_eq!(
            text(DataRef::String("Bra, \"pris\"".into()), None),
            "Bra, \"pris\""
        );
        assert_eq!(
            text(DataRef::Error(calamine::CellErrorType::NA), None),
            "#N/A"
        );
    }

    #[test]
    fn dates_are_written_in_the_survey_date_format() {
        // Excel's serial 45356.6 is 2024-03-05 14:24:00 (45356 days after 1899-12-30, plus 0.6
        // of a day); 45356 alone is midnight, written as a date.
        let at = |serial| {
            DataRef::DateTime(ExcelDateTime::new(
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
        // Past Excel's last day, or before its first, a date cell is its number.
        assert_eq!(text(at(2_958_465.5), None), "9999-12-31 12:00:00");
        assert_eq!(text(at(1e300), None), format!("{}", 1e300));
        assert_eq!(text(at(-1.0), None), "-1");
        // A duration is a number of days, not a date.
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(text(DataRef::DateTime(duration), None), "1.5");
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
