//! What a file is: its encoding, delimiter and line endings, from its first bytes.
//!
//! Excel writes "CSV UTF-8" with a byte-order mark, "Unicode text" as UTF-16 LE with a BOM and
//! tabs, and plain "CSV" in the Windows code page (Windows-1252 in Western and Nordic locales)
//! with `;` where the decimal mark is a comma. So: a BOM decides; otherwise bytes that are valid
//! UTF-8 are UTF-8, and anything else is Windows-1252. The delimiter is the most frequent of
//! `,` `;` tab `|` outside quotes on the header line, unless the file starts with Excel's
//! `sep=;` line, which names it (and is not the header).

use std::fmt;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many bytes are looked at.
pub const HEAD: usize = 64 * 1024;

/// What was found (or configured) about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The text encoding.
    pub encoding: &'static Encoding,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
    /// The field delimiter.
    pub delimiter: u8,
    /// The line endings of the header line.
    pub line_ending: LineEnding,
    /// Whether the first line is Excel's `sep=X`, naming the delimiter, before the header.
    pub sep_line: bool,
}

/// Line endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (Unix, macOS).
    Lf,
    /// `\r\n` (Windows).
    CrLf,
    /// `\r` (old Mac).
    Cr,
}

impl fmt::Display for LineEnding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LineEnding::Lf => "LF",
            LineEnding::CrLf => "CRLF",
            LineEnding::Cr => "CR",
        })
    }
}

impl fmt::Display for Detected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}, delimiter {}{}, {} line endings",
            self.encoding.name(),
            if self.bom { " with BOM" } else { "" },
            delimiter_name(self.delimiter),
            if self.sep_line {
                " (from its sep= line)"
            } else {
                ""
            },
            self.line_ending
        )
    }
}

/// A delimiter as people name it.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".into(),
        other => format!("\"{}\"", other as char),
    }
}

/// Detects a file's layout from its first bytes; `encoding` and `delimiter` override detection.
pub fn detect(head: &[u8], encoding: Option<&'static Encoding>, delimiter: Option<u8>) -> Detected {
    let (bom_encoding, bom_len) = match Encoding::for_bom(head) {
        Some((encoding, len)) => (Some(encoding), len),
        None => (None, 0),
    };
    let encoding = encoding
        .or(bom_encoding)
        .unwrap_or_else(|| if is_utf8(head) { UTF_8 } else { WINDOWS_1252 });
    let (text, _) = encoding.decode_without_bom_handling(&head[bom_len..]);
    let sep = sep_line(&text);
    Detected {
        encoding,
        bom: bom_len > 0,
        delimiter: delimiter.or(sep).unwrap_or_else(|| sniff_delimiter(&text)),
        line_ending: line_ending(&text),
        sep_line: sep.is_some(),
    }
}

/// The delimiter that Excel's `sep=X` line names, when the text starts with one.
fn sep_line(text: &str) -> Option<u8> {
    let line = text.split(['\r', '\n']).next()?;
    let rest = line.get(..4).filter(|s| s.eq_ignore_ascii_case("sep="))?;
    match line.as_bytes()[rest.len()..] {
        [delimiter] if line.len() < text.len() && delimiter.is_ascii() => Some(delimiter),
        _ => None,
    }
}

/// The bytes of a `sep=X` line and its line break at the start of `text`, to skip.
pub fn sep_line_len(text: &[u8]) -> usize {
    match text.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(at) if text[at..].starts_with(b"\r\n") => at + 2,
        Some(at) => at + 1,
        None => text.len(),
    }
}

/// Valid UTF-8, allowing the head to end in the middle of a character.
fn is_utf8(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // `error_len` is `None` only for a sequence cut short by the end of the head.
        Err(e) => e.error_len().is_none(),
    }
}

/// The most frequent of `,` `;` tab `|` outside quotes on the first line; `,` when none.
fn sniff_delimiter(text: &str) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// The line break most records end with: the most frequent outside quotes (a file may end its
/// header with LF and every record with CR, which the chunker must cut at), CRLF on a tie with
/// LF, LF when there is none.
fn line_ending(text: &str) -> LineEnding {
    let bytes = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (0, 0, 0);
    let mut quoted = false;
    for (at, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b'\n' if at > 0 && bytes[at - 1] == b'\r' => crlf += 1,
            b'\n' => lf += 1,
            // A CR at the end of the text may be the first half of a CRLF cut off.
            b'\r' if at + 1 < bytes.len() && bytes[at + 1] != b'\n' => cr += 1,
            _ => {}
        }
    }
    if cr > lf + crlf {
        LineEnding::Cr
    } else if crlf > 0 && crlf >= lf {
        LineEnding::CrLf
    } else {
        LineEnding::Lf
    }
}

/// An encoding by its name in configuration (`utf-8`, `utf-16le`, `utf-16be`,
/// `windows-1252`, or any WHATWG label such as `latin1`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    match label.to_ascii_lowercase().as_str() {
        "utf-16le" | "utf-16" => Some(UTF_16LE),
        "utf-16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        bytes
    }

    #[test]
    fn a_bom_decides_the_encoding() {
        let d = detect(b"\xEF\xBB\xBFscore,date\n", None, None);
        assert_eq!((d.encoding, d.bom, d.delimiter), (UTF_8, true, b','));
        let d = detect(&utf16le("score\tdate\r\n9\t2024-01-01\r\n"), None, None);
        assert_eq!((d.encoding, d.bom, d.delimiter), (UTF_16LE, true, b'\t'));
        assert_eq!(d.line_ending, LineEnding::CrLf);
        let mut be = vec![0xFE, 0xFF];
        be.extend("a;b\n".encode_utf16().flat_map(|u| u.to_be_bytes()));
        let d = detect(&be, None, None);
        assert_eq!((d.encoding, d.delimiter), (UTF_16BE, b';'));
    }

    #[test]
    fn excel_s_sep_line_names_the_delimiter() {
        let d = detect(b"sep=;\r\na,b;c\r\n1,2;3\r\n", None, None);
        assert_eq!(
            (d.delimiter, d.sep_line, d.line_ending),
            (b';', true, LineEnding::CrLf)
        );
        let d = detect(b"SEP=|\na|b\n", None, None);
        assert_eq!((d.delimiter, d.sep_line), (b'|', true));
        assert_eq!(sep_line_len(b"sep=;\r\na;b"), 7);
        assert_eq!(sep_line_len(b"sep=;\na;b"), 6);
        // A configured delimiter wins; a header that merely starts with "sep" is a header.
        let d = detect(b"sep=;\na,b\n", None, Some(b','));
        assert_eq!((d.delimiter, d.sep_line), (b',', true));
        for header in [&b"sep=;;x\n1;2\n"[..], b"separator,score\n", b"sep=;"] {
            assert!(!detect(header, None, None).sep_line, "{header:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_windows_1252() {
        // "Trøndelag" as Excel writes it on a Norwegian machine.
        let d = detect(b"region;score\nTr\xF8ndelag;9\n", None, None);
        assert_eq!(
            (d.encoding, d.bom, d.delimiter),
            (WINDOWS_1252, false, b';')
        );
        let d = detect("region,score\nTrøndelag,9\n".as_bytes(), None, None);
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn a_head_cut_inside_a_character_is_still_utf8() {
        let text = "a,b\nø".as_bytes();
        let d = detect(&text[..text.len() - 1], None, None);
        assert_eq!(d.encoding, UTF_8);
    }

    #[test]
    fn sniffs_the_header_delimiter_ignoring_quoted_text() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter("a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a|b"), b'|');
        assert_eq!(sniff_delimiter("score"), b',');
        assert_eq!(line_ending("a\rb"), LineEnding::Cr);
        assert_eq!(line_ending("a\nb"), LineEnding::Lf);
        // The records' line break, not the header's; none inside quotes.
        assert_eq!(line_ending("h\n1\r2\r3\r"), LineEnding::Cr);
        assert_eq!(line_ending("h\r\n1\n2\n"), LineEnding::Lf);
        assert_eq!(line_ending("h\r\n1,\"a\nb\nc\"\r\n"), LineEnding::CrLf);
        // A CR that ends the text may be half of a CRLF.
        assert_eq!(line_ending("h\r\n1\r\n2\r"), LineEnding::CrLf);
        assert_eq!(line_ending("h"), LineEnding::Lf);
    }

    #[test]
    fn configuration_overrides_detection() {
        let d = detect(b"a,b\n", Some(WINDOWS_1252), Some(b';'));
        assert_eq!((d.encoding, d.delimiter), (WINDOWS_1252, b';'));
        assert_eq!(encoding_for_label("UTF-16LE"), Some(UTF_16LE));
        assert_eq!(encoding_for_label("windows-1252"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("latin1"), Some(WINDOWS_1252));
        assert_eq!(encoding_for_label("klingon"), None);
    }
}
