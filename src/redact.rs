//! Contact details taken out of comments before they are shown: a report is published, and
//! comments hold what customers and employees write to a company, an e-mail address to answer
//! them at, a phone number, an order, account or national id number.
//!
//! Two kinds are found, by their shape: e-mail addresses, and numbers of at least
//! [`MIN_DIGITS`] digits, which may be grouped by spaces, hyphens, dots, slashes or brackets and
//! start with `+` (`+47 912 34 567`, `(555) 123-4567`, `070-123 45 67`). A number that reads as a
//! date (`2025-03-12`, `12.03.2025`) or as an amount grouped in thousands (`12 000 000`) is left
//! alone. Names cannot be told by shape and are not taken out.

use std::borrow::Cow;

/// The fewest digits a number taken out has: phone numbers have 8 or more (Norway's and
/// Denmark's have 8), and a shorter one is more often a count, a price or a year.
pub const MIN_DIGITS: usize = 8;

/// What takes the place of each kind of detail, in the report's language: "[e-mail]".
#[derive(Debug, Clone, Copy)]
pub struct Marks<'a> {
    /// For an e-mail address.
    pub email: &'a str,
    /// For a number.
    pub number: &'a str,
}

/// `text` with its e-mail addresses and long numbers replaced by `marks`; borrowed when it has
/// none, as most comments have.
pub fn contact_details<'t>(text: &'t str, marks: Marks<'_>) -> Cow<'t, str> {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for at in memchr::memchr_iter(b'@', text.as_bytes()) {
        if let Some((start, end)) = email_around(text, at)
            && found
                .last()
                .is_none_or(|&(_, last_end, _)| start >= last_end)
        {
            found.push((start, end, marks.email));
        }
    }
    // Numbers do not overlap each other; one inside an address is the address's.
    let mut from = 0;
    while let Some((start, end)) = next_number(text, from) {
        if !found.iter().any(|&(s, e, _)| start < e && s < end) {
            found.push((start, end, marks.number));
        }
        from = end;
    }
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    found.sort_unstable_by_key(|&(start, ..)| start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end, mark) in found {
        out.push_str(&text[copied..start]);
        out.push_str(mark);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The e-mail address whose `@` is at byte `at`, as a byte range: a local part of letters,
/// digits and `._%+_-` before it, and after it a domain of labels of letters, digits and `-`
/// joined by dots, the last of two letters or more.
fn email_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let local = |c: char| c.is_alphanumeric() || "._%+_-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| local(c))
        .last()
        .map(|(i, _)| i)?;
    let after = &text[at + 1..];
    let length = after.find(|c: char| !domain(c)).unwrap_or(after.len());
    // A sentence's full stop is not the domain's.
    let host = after[..length].trim_end_matches(['.', '-']);
    let labels: Vec<&str> = host.split('.').collect();
    let top = labels.last()?;
    let valid = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && top.chars().count() >= 2
        && top.chars().all(char::is_alphabetic);
    valid.then_some((start, at + 1 + host.len()))
}

/// The next number of at least [`MIN_DIGITS`] digits from byte `from` on that is neither a date
/// nor an amount, as a byte range.
fn next_number(text: &str, mut from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    loop {
        let first = from + bytes[from..].iter().position(u8::is_ascii_digit)?;
        // Digits inside a word are part of a code, which stays whole: "A4", "H2O".
        let in_word = text[..first]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        let end = number_end(bytes, first);
        let start = match first.checked_sub(1).map(|i| bytes[i]) {
            Some(b'+' | b'(') => first - 1,
            _ => first,
        };
        let span = &text[start..end];
        // A date and the time after it ("12.03.2025 14:30") run on as one: the date ends it.
        if let Some((date, _)) = span.split_once(' ')
            && is_date(date)
        {
            from = start + date.len();
            continue;
        }
        let digits = span.bytes().filter(u8::is_ascii_digit).count();
        if !in_word && digits >= MIN_DIGITS && !is_date(span) && !is_amount(span) {
            return Some((start, end));
        }
        from = end;
    }
}

/// Where the number whose first digit is at `first` ends: after its last digit, going on over
/// one or two separators (space, `-`, `.`, `/`, brackets) followed by a digit.
fn number_end(bytes: &[u8], first: usize) -> usize {
    let is_separator = |b: u8| matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')');
    let mut end = first;
    let mut i = first;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            i += 1;
            end = i;
            continue;
        }
        let gap = bytes[i..]
            .iter()
            .take(3)
            .take_while(|&&b| is_separator(b))
            .count();
        let next = bytes.get(i + gap).copied();
        if (1..=2).contains(&gap) && next.is_some_and(|b| b.is_ascii_digit()) {
            i += gap;
        } else {
            break;
        }
    }
    end
}

/// Whether `span` is a date as people write one.
fn is_date(span: &str) -> bool {
    const FORMATS: [&str; 7] = [
        "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y", "%Y.%m.%d",
    ];
    FORMATS
        .iter()
        .any(|format| chrono::NaiveDate::parse_from_str(span, format).is_ok())
}

/// Whether `span` is an amount grouped in thousands: one to three digits, then groups of three
/// after one and the same space or dot each (`12 000 000`, `1.250.000`).
fn is_amount(span: &str) -> bool {
    let Some(separator) = span.chars().find(|c| !c.is_ascii_digit()) else {
        return false;
    };
    if separator != ' ' && separator != '.' {
        return false;
    }
    let mut groups = span.split(separator);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKS: Marks = Marks {
        email: "[e-mail]",
        number: "[number]",
    };

    fn redacted(text: &str) -> String {
        contact_details(text, MARKS).into_owned()
    }

    #[test]
    fn takes_out_email_addresses() {
        assert_eq!(
            redacted("Mail me at kari.nordmann+cx@example.no. Thanks!"),
            "Mail me at [e-mail]. Thanks!"
        );
        assert_eq!(
            redacted("(ola_n@post.kvist-kyst.example) wrote twice"),
            "([e-mail]) wrote twice"
        );
        assert_eq!(redacted("åse@bølgen.no"), "[e-mail]");
        // No domain, no top-level domain of letters, or nothing before the @: not an address.
        for text in [
            "@home all day",
            "a@b",
            "me@host.1",
            "see x@.no",
            "5 @ 3.50 each",
        ] {
            assert_eq!(redacted(text), text);
        }
    }

    #[test]
    fn takes_out_phone_and_other_long_numbers() {
        let cases = [
            (
                "Call me on +47 912 34 567 please",
                "Call me on [number] please",
            ),
            ("ring 070-123 45 67!", "ring [number]!"),
            ("(555) 123-4567 after 5", "[number] after 5"),
            ("+46 (0)70 123 45 67", "[number]"),
            (
                "order 12345678, still waiting",
                "order [number], still waiting",
            ),
            ("Order ORD-20250001234 lost", "Order ORD-[number] lost"),
            ("id 010190 12345", "id [number]"),
            (
                "two numbers: 91234567 and 22 33 44 55.",
                "two numbers: [number] and [number].",
            ),
            (
                "Visited 12.03.2025 14:30, call 912 34 567",
                "Visited 12.03.2025 14:30, call [number]",
            ),
            ("on 2025-03-12 91234567", "on 2025-03-12 [number]"),
        ];
        for (text, expected) in cases {
            assert_eq!(redacted(text), expected, "{text}");
        }
    }

    #[test]
    fn leaves_dates_amounts_short_numbers_and_codes() {
        for text in [
            "Delivered 2025-03-12, late",
            "since 12.03.2025 nothing",
            "on 03/12/2025 and 12/03/2025",
            "we paid 12 000 000 kr",
            "1.250.000 NOK lost",
            "call 1234567 (seven digits)",
            "Waited 45 min, 3 times, 10/10",
            "model XK12345678 is great",
            "",
        ] {
            assert_eq!(redacted(text), text);
            assert!(matches!(contact_details(text, MARKS), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn both_kinds_in_one_comment_in_order() {
        assert_eq!(
            redacted("kari@example.com / 912 34 567 / 2025-01-02"),
            "[e-mail] / [number] / 2025-01-02"
        );
        // An address with a long number in it is one address.
        assert_eq!(redacted("12345678@sms.example.com"), "[e-mail]");
    }

    proptest::proptest! {
        /// Whatever the text, what is left is the text outside the marks, in order.
        #[test]
        fn keeps_the_rest_of_any_text(text in "[a-z0-9@.+() /øå€-]{0,40}") {
            let out = redacted(&text);
            let mut rest = text.as_str();
            for piece in out.split("[e-mail]").flat_map(|p| p.split("[number]")) {
                let at = rest.find(piece);
                proptest::prop_assert!(at.is_some(), "{piece:?} of {out:?} not in {text:?}");
                rest = &rest[at.unwrap() + piece.len()..];
            }
        }

        /// Any text, in any script: no panic, and no text outside the marks is lost.
        #[test]
        fn reads_any_text(text in "(\\PC|[0-9@. +()/-]){0,60}") {
            let out = redacted(&text);
            let kept: usize = (out.split("[e-mail]").flat_map(|p| p.split("[number]")))
                .map(str::len)
                .sum();
            proptest::prop_assert!(kept <= text.len());
            if !text.contains('@') && text.bytes().filter(u8::is_ascii_digit).count() < MIN_DIGITS {
                proptest::prop_assert_eq!(out, text);
            }
        }
    }
}
