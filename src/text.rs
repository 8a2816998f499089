//! Untrusted text made safe for file names: slugs of `[a-z0-9-]`.
//!
//! Segment values come from survey files, so they never become a path as they are. A slug keeps
//! the value recognisable (`Trøndelag` → `trondelag`), and [`Slugger`] makes slugs unique in the
//! order values are given, so the same data always gives the same file names.

use std::collections::BTreeSet;

/// Longest slug, so a long value cannot make an over-long file name.
const MAX_LEN: usize = 60;

/// Turns any text into `[a-z0-9-]+`: Nordic and other Latin letters lose their accents, anything
/// else becomes a hyphen, runs of hyphens fold into one. Empty results become `"x"`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'a'..='z' | '0'..='9' => Some(c.to_string()),
            'æ' | 'ä' => Some("ae".into()),
            'ø' | 'ö' | 'œ' => Some("o".into()),
            'å' | 'à' | 'á' | 'â' | 'ã' => Some("a".into()),
            'é' | 'è' | 'ê' | 'ë' => Some("e".into()),
            'í' | 'ì' | 'î' | 'ï' => Some("i".into()),
            'ó' | 'ò' | 'ô' | 'õ' => Some("o".into()),
            'ú' | 'ù' | 'û' | 'ü' => Some("u".into()),
            'ß' => Some("ss".into()),
            'ç' => Some("c".into()),
            'ñ' => Some("n".into()),
            'ð' => Some("d".into()),
            'þ' => Some("th".into()),
            _ => None,
        };
        match folded {
            Some(s) => out.push_str(&s),
            None if !out.ends_with('-') => out.push('-'),
            None => {}
        }
    }
    let mut out: String = out.trim_matches('-').chars().take(MAX_LEN).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}

/// Whether `text` is already a slug: non-empty `[a-z0-9-]`, no leading or trailing hyphen.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_LEN
        && !text.starts_with('-')
        && !text.ends_with('-')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Hands out unique slugs: the second `Oslo`-like value that folds to `oslo` gets `oslo-2`.
#[derive(Debug, Default)]
pub struct Slugger {
    taken: BTreeSet<String>,
}

impl Slugger {
    /// A slugger with no slug taken.
    pub fn new() -> Self {
        Self::default()
    }

    /// The slug for `text`, unique among those this slugger has given.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            // The number takes the place of the end of a long slug, which stays a slug.
            let suffix = format!("-{n}");
            let kept = &base[..base.len().min(MAX_LEN - suffix.len())];
            candidate = format!("{}{suffix}", kept.trim_end_matches('-'));
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_slugs_of_long_texts_stay_slugs() {
        let long =
            "How likely is it that you would recommend Kvist & Kyst to a friend or colleague?";
        let mut slugger = Slugger::new();
        let first = slugger.unique(long);
        let second = slugger.unique(&format!("{long} (again)"));
        assert_eq!(first.len(), MAX_LEN);
        assert_ne!(first, second);
        for slug in [&first, &second] {
            assert!(is_slug(slug), "{slug}");
        }
        assert!(second.ends_with("-2"), "{second}");
    }

    #[test]
    fn slug_folds_nordic_letters_and_punctuation() {
        assert_eq!(slug("Trøndelag"), "trondelag");
        assert_eq!(slug("Nord-Norge"), "nord-norge");
        assert_eq!(slug("Göteborg & Malmö"), "goteborg-malmo");
        assert_eq!(slug("Ærø"), "aero");
        assert_eq!(slug("  Customer   segment "), "customer-segment");
    }

    #[test]
    fn slug_never_yields_a_path() {
        for hostile in [
            "../../etc/passwd",
            "/",
            "..",
            "a/b\\c",
            "<script>",
            "",
            "日本",
        ] {
            let s = slug(hostile);
            assert!(is_slug(&s), "{hostile:?} gave {s:?}");
        }
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("日本"), "x");
    }

    #[test]
    fn slug_is_bounded_in_length() {
        assert_eq!(slug(&"a".repeat(500)).len(), MAX_LEN);
        assert!(is_slug(&slug(&"ab-".repeat(100))));
    }

    #[test]
    fn slugger_resolves_collisions_in_order() {
        let mut slugger = Slugger::new();
        assert_eq!(slugger.unique("Oslo"), "oslo");
        assert_eq!(slugger.unique("OSLO"), "oslo-2");
        assert_eq!(slugger.unique("oslo!"), "oslo-3");
        assert_eq!(slugger.unique("Bergen"), "bergen");
    }

    #[test]
    fn is_slug_rejects_what_slug_would_change() {
        assert!(is_slug("customers-2024"));
        for bad in ["", "-a", "a-", "A", "a b", "a/b", "å"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }
}
