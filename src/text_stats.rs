//! What comments talk about, counted while streaming: configured themes (keyword rules) per
//! scale group and period, and the most frequent words per scale group, without stop words in
//! English, Norwegian Bokmål, Swedish and Danish. Counts are mergeable like tallies; memory grows
//! with the vocabulary, not with rows.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::period::Period;
use crate::slots::{Key, Slots};

/// A theme: comments containing any of its keywords (ignoring case) are about it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Its name in the report, e.g. "Price".
    pub name: String,
    /// Words or phrases; a comment containing one (as a word start: "deliver" matches
    /// "delivery") is counted for the theme.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Whole words or phrases: "late" matches "late" and "Late!", not "lately".
    #[serde(default)]
    pub words: Vec<String>,
    /// The ids of the surveys whose comments it is counted in; every survey's when empty.
    #[serde(default)]
    pub surveys: Vec<toml::Spanned<String>>,
}

impl Theme {
    /// Whether it is counted in the comments of survey `id`.
    pub fn counts_in(&self, id: &str) -> bool {
        self.surveys.is_empty() || self.surveys.iter().any(|s| s.get_ref() == id)
    }
}

/// Every theme's keywords and words, lower-cased, in one automaton: one pass over a comment
/// finds the themes it mentions. (A search per keyword took a fifth of the time spent reading
/// a file with four themes.)
///
/// When every keyword and word is one word that [`TextCounts`] looks up anyway (three
/// characters or more, not all digits), the themes of a comment are also the themes of its
/// words: each word's themes are found once, when the word is first met, and a comment's are
/// their union. That spares lower-casing and searching every comment, which took an eighth of
/// the time spent reading a large file with four themes (docs/performance.md).
#[derive(Debug, Clone)]
pub struct ThemeMatcher {
    /// `None` when there is no theme.
    automaton: Option<AhoCorasick>,
    /// Per pattern: its theme, and whether it must be a whole word (else a word's start).
    patterns: Vec<(usize, bool)>,
    /// The lower-cased patterns, when themes can be found word by word (see above).
    by_word: Option<Vec<String>>,
    themes: usize,
}

impl ThemeMatcher {
    /// The matcher of `themes`.
    pub fn new(themes: &[Theme]) -> Self {
        let mut patterns = Vec::new();
        let mut texts = Vec::new();
        for (i, theme) in themes.iter().enumerate() {
            let starts = theme.keywords.iter().map(|k| (k, false));
            for (text, whole) in starts.chain(theme.words.iter().map(|w| (w, true))) {
                patterns.push((i, whole));
                texts.push(text.to_lowercase());
            }
        }
        let one_word = |text: &String| text.chars().all(is_word_char) && looked_up(text);
        ThemeMatcher {
            // Building fails only past millions of patterns.
            automaton: (!texts.is_empty())
                .then(|| AhoCorasick::new(&texts).expect("theme keywords fit an automaton")),
            patterns,
            by_word: (themes.len() <= Mask::BITS as usize && texts.iter().all(one_word))
                .then_some(texts),
            themes: themes.len(),
        }
    }

    /// Whether a comment's themes are the union of its words' [`word_themes`](Self::word_themes).
    fn by_word(&self) -> bool {
        self.themes > 0 && self.by_word.is_some()
    }

    /// The themes whose patterns `word`, lower-cased, starts with (keywords) or is (words),
    /// one bit each.
    fn word_themes(&self, word: &str) -> Mask {
        let Some(texts) = &self.by_word else {
            return 0;
        };
        let mut mask = 0;
        for (text, &(theme, whole)) in texts.iter().zip(&self.patterns) {
            if (whole && word == text) || (!whole && word.starts_with(text.as_str())) {
                mask |= 1 << theme;
            }
        }
        mask
    }

    /// How many themes there are.
    pub fn len(&self) -> usize {
        self.themes
    }

    /// Whether there is no theme.
    pub fn is_empty(&self) -> bool {
        self.themes == 0
    }

    /// The themes `lower`, a lower-cased comment, mentions, in order, into `matched`.
    fn matches(&self, lower: &str, matched: &mut Vec<usize>) {
        matched.clear();
        let Some(automaton) = &self.automaton else {
            return;
        };
        // Overlapping, so that an occurrence inside a word does not hide one at a word's start.
        for found in automaton.find_overlapping_iter(lower) {
            let (theme, whole) = self.patterns[found.pattern().as_usize()];
            let stands_alone = |end: Option<char>| end.is_none_or(|c| !is_word_char(c));
            if !matched.contains(&theme)
                && stands_alone(lower[..found.start()].chars().next_back())
                && (!whole || stands_alone(lower[found.end()..].chars().next()))
            {
                matched.push(theme);
            }
        }
        matched.sort_unstable();
    }
}

/// Themes as bits, bit `i` for theme `i`.
type Mask = u64;

/// Comment counts of one survey.
#[derive(Debug, Clone)]
pub struct TextCounts {
    /// Comments per scale group.
    pub comments: [u64; 3],
    /// Per theme (configuration order): comments per scale group, and per period.
    pub themes: Vec<ThemeCounts>,
    /// Comments that mention none of the themes, per scale group (when there are themes).
    pub unthemed: [u64; 3],
    /// Comments per scale group, per period (when there are themes): what each theme's
    /// counts per period are shares of.
    pub periods: BTreeMap<Period, [u64; 3]>,
    /// Every word seen, and the stop words, each with its index in `words`: one lookup per
    /// word of every comment tells whether to count it and where.
    vocabulary: Slots,
    /// Each word, with the comments using it per scale group.
    words: Vec<(Box<str>, [u64; 3])>,
    /// The first `stop_words` words are the stop words, never counted.
    stop_words: usize,
    /// The themes of each word of `words`, once asked for (when themes are found by word).
    word_themes: Vec<Option<Mask>>,
}

/// Buffers [`TextCounts::add`] reuses: the lower-cased comment (when themes need it), the
/// words found in it (by index), a new word spelled in lower case, and the themes the comment
/// mentions.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    lower: String,
    seen: Vec<usize>,
    word: String,
    matched: Vec<usize>,
}

impl Scratch {
    /// The themes (by index) the comment last counted mentions.
    pub fn matched(&self) -> &[usize] {
        &self.matched
    }
}

/// One theme's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeCounts {
    /// Comments per scale group.
    pub total: [u64; 3],
    /// Comments per scale group, per period.
    pub periods: BTreeMap<Period, [u64; 3]>,
}

/// Equal when the same comments, themes and words were counted, whatever order the words were
/// first seen in.
impl PartialEq for TextCounts {
    fn eq(&self, other: &Self) -> bool {
        self.comments == other.comments
            && self.themes == other.themes
            && self.unthemed == other.unthemed
            && self.periods == other.periods
            && self.counted_words() == other.counted_words()
    }
}

impl Eq for TextCounts {}

impl TextCounts {
    /// Empty counts for `themes` themes.
    pub fn new(themes: usize) -> Self {
        let mut counts = TextCounts {
            comments: [0; 3],
            themes: vec![ThemeCounts::default(); themes],
            unthemed: [0; 3],
            periods: BTreeMap::new(),
            vocabulary: Slots::default(),
            words: Vec::new(),
            stop_words: 0,
            word_themes: Vec::new(),
        };
        for word in STOP_WORDS {
            counts.index(word);
        }
        counts.stop_words = counts.words.len();
        counts
    }

    /// The index of `word` in `words`, added if new.
    fn index(&mut self, word: &str) -> usize {
        if let Some(i) = self.vocabulary.get(word) {
            return i;
        }
        self.vocabulary.insert(word, self.words.len());
        self.words.push((word.into(), [0; 3]));
        self.words.len() - 1
    }

    /// Words counted at least once, with their counts per scale group.
    fn counted_words(&self) -> BTreeMap<&str, [u64; 3]> {
        self.words
            .iter()
            .map(|(word, counts)| (&**word, *counts))
            .filter(|(_, counts)| counts.iter().any(|&n| n > 0))
            .collect()
    }

    /// Counts one comment of scale group `group` in `period`. `themes` match the themes;
    /// `scratch` is reused from comment to comment, so counting a comment allocates only for a
    /// word seen for the first time.
    pub fn add(
        &mut self,
        comment: &str,
        group: usize,
        period: Period,
        themes: &ThemeMatcher,
        scratch: &mut Scratch,
    ) {
        self.comments[group] += 1;
        let Scratch {
            lower,
            seen,
            word,
            matched,
        } = scratch;
        lower.clear();
        matched.clear();
        seen.clear();
        let mut mask = 0;
        let by_word = themes.by_word().then_some(themes);
        let found = self.find_words(comment, seen, word, by_word, &mut mask);
        if !found {
            seen.clear();
            lower_case(comment, lower);
            for word in words(lower) {
                if looked_up(word) {
                    let i = self.index(word);
                    self.note(i, seen);
                }
            }
        }
        for &i in seen.iter() {
            self.words[i].1[group] += 1;
        }
        if themes.is_empty() {
            return;
        }
        self.periods.entry(period).or_default()[group] += 1;
        if found && by_word.is_some() {
            matched.extend((0..themes.len()).filter(|&i| mask & 1 << i != 0));
        } else {
            if lower.is_empty() {
                lower_case(comment, lower);
            }
            themes.matches(lower, matched);
        }
        if matched.is_empty() {
            self.unthemed[group] += 1;
        }
        for &i in matched.iter() {
            let theme = &mut self.themes[i];
            theme.total[group] += 1;
            theme.periods.entry(period).or_default()[group] += 1;
        }
    }

    /// The themes of word `i`, found when first asked.
    fn themes_of(&mut self, i: usize, themes: &ThemeMatcher) -> Mask {
        if i >= self.word_themes.len() {
            self.word_themes.resize(self.words.len(), None);
        }
        *self.word_themes[i].get_or_insert_with(|| themes.word_themes(&self.words[i].0))
    }

    /// Notes word `i` as used by the comment, unless it is a stop word or already noted.
    fn note(&self, i: usize, seen: &mut Vec<usize>) {
        if i >= self.stop_words && !seen.contains(&i) {
            seen.push(i);
        }
    }

    /// Notes the words of `comment` worth counting in `seen`, reading it once, byte by byte:
    /// each word is lower-cased and keyed as it is read, and spelled out (in `word`) only when
    /// it is new or longer than a key holds. Returns `false` at a character whose lower case
    /// is more than one character, and the caller starts over char by char. Splitting a
    /// lower-cased copy and keying each word took 15 % of the time spent reading a large file.
    /// With `themes`, adds the themes of every word it looks up, stop words too, to `mask`.
    fn find_words(
        &mut self,
        comment: &str,
        seen: &mut Vec<usize>,
        word: &mut String,
        themes: Option<&ThemeMatcher>,
        mask: &mut Mask,
    ) -> bool {
        let bytes = comment.as_bytes();
        // Looks up a word of three characters or more, not all digits, `key` being its lower
        // case: the vocabulary is asked by key, and by the word spelled out when it is new or
        // longer than a key holds.
        let mut found = |counts: &mut Self, key: Key, text: &str| {
            let i = match counts.vocabulary.get_key(key) {
                Some(i) => i,
                None => {
                    word.clear();
                    lower_case(text, word);
                    counts.index(word)
                }
            };
            if let Some(themes) = themes {
                *mask |= counts.themes_of(i, themes);
            }
            counts.note(i, seen);
        };
        let mut key = Key::default();
        let (mut start, mut chars, mut digits) = (0, 0, true);
        let mut at = 0;
        loop {
            // A word of ASCII letters and digits that a separator or the end follows, read in
            // one go. Most words are; byte by byte, keying a word took a fifth of the time
            // spent counting comments.
            if chars == 0 {
                let run = bytes[at..].iter().take_while(|b| b.is_ascii_alphanumeric());
                let end = at + run.count();
                if end > at && bytes.get(end).is_none_or(u8::is_ascii) {
                    let text = &comment[at..end];
                    if looked_up(text) {
                        found(self, Key::of_ascii_word(text), text);
                    }
                    at = end;
                    continue;
                }
            }
            // The character at `at`: its width, and its lower case if it is a letter or digit.
            let (width, letter) = match bytes.get(at) {
                None => (0, None),
                Some(&byte) if byte.is_ascii() => (
                    1,
                    byte.is_ascii_alphanumeric()
                        .then(|| char::from(byte.to_ascii_lowercase())),
                ),
                // Any other character: its lower case, unless that is more than one character
                // (İ is i and a combining dot). Curly quotes and dashes, common in comments
                // typed on phones, are separators like any other.
                Some(_) => {
                    let Some(c) = comment[at..].chars().next() else {
                        return false;
                    };
                    let Some(lower) = lower_char(c) else {
                        return false;
                    };
                    (c.len_utf8(), is_word_char(lower).then_some(lower))
                }
            };
            match letter {
                Some(letter) => {
                    if chars == 0 {
                        start = at;
                    }
                    chars += 1;
                    digits &= letter.is_ascii_digit();
                    if letter.is_ascii() {
                        key.push(letter as u8);
                    } else {
                        for &byte in letter.encode_utf8(&mut [0; 4]).as_bytes() {
                            key.push(byte);
                        }
                    }
                }
                None => {
                    if chars >= 3 && !digits {
                        found(self, key, &comment[start..at]);
                    }
                    if width == 0 {
                        return true;
                    }
                    (key, chars, digits) = (Key::default(), 0, true);
                }
            }
            at += width;
        }
    }

    /// Adds another survey part's counts.
    pub fn merge(&mut self, other: TextCounts) {
        for g in 0..3 {
            self.comments[g] += other.comments[g];
            self.unthemed[g] += other.unthemed[g];
        }
        add_periods(&mut self.periods, other.periods);
        for (mine, theirs) in self.themes.iter_mut().zip(other.themes) {
            for g in 0..3 {
                mine.total[g] += theirs.total[g];
            }
            add_periods(&mut mine.periods, theirs.periods);
        }
        for (word, counts) in other.words {
            if counts != [0; 3] {
                let mine = self.index(&word);
                for (a, b) in self.words[mine].1.iter_mut().zip(counts) {
                    *a += b;
                }
            }
        }
    }

    /// The `n` most used words of a scale group, most used first, ties by the word.
    pub fn top_words(&self, group: usize, n: usize) -> Vec<(String, u64)> {
        let mut words: Vec<(String, u64)> = self
            .words
            .iter()
            .map(|(word, counts)| (word, counts[group]))
            .filter(|&(_, count)| count >= 2)
            .map(|(word, count)| (word.to_string(), count))
            .collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        words.truncate(n);
        words
    }
}

/// The words of `text`: its runs of letters and digits, as `text.split(|c: char|
/// !c.is_alphanumeric())` gives them but for the empty ones. Reads ASCII byte by byte and
/// decodes only other characters (counting words char by char was a tenth of the time spent
/// reading a large file).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while let Some(&byte) = text.as_bytes().get(at) {
            let (in_word, width) = if byte.is_ascii() {
                (byte.is_ascii_alphanumeric(), 1)
            } else {
                let c = text[at..].chars().next()?;
                (is_word_char(c), c.len_utf8())
            };
            if in_word {
                start.get_or_insert(at);
            } else if let Some(start) = start {
                at += width;
                return Some(&text[start..at - width]);
            }
            at += width;
        }
        start.map(|start| &text[start..])
    })
}

/// Whether the word count looks `word` up (a word of letters and digits): three characters or
/// more, not all digits. Reading byte by byte, [`TextCounts::find_words`] tells the same as it
/// goes.
fn looked_up(word: &str) -> bool {
    word.chars().count() >= 3 && !word.bytes().all(|b| b.is_ascii_digit())
}

/// Appends `text` lower-cased to `lower`: char by char, like `str::to_lowercase` but for a
/// word-final Greek sigma.
fn lower_case(text: &str, lower: &mut String) {
    if text.is_ascii() {
        let from = lower.len();
        lower.push_str(text);
        lower[from..].make_ascii_lowercase();
    } else {
        for c in text.chars() {
            push_lowercase(lower, c);
        }
    }
}

/// Whether `c` is a letter or digit, as `char::is_alphanumeric` tells. Latin-1 (Norwegian,
/// Swedish and Danish letters among them) is answered without Unicode's tables, which took 4 %
/// of the time spent reading a large file with Nordic comments.
fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

/// Pushes `c` lower-cased, as `char::to_lowercase` gives it.
fn push_lowercase(lower: &mut String, c: char) {
    match lower_char(c) {
        Some(one) => lower.push(one),
        None => lower.extend(c.to_lowercase()),
    }
}

/// `c` lower-cased, when that is one character (all but İ, which is i and a combining dot).
/// Latin-1 is answered without Unicode's tables (see [`is_word_char`]).
fn lower_char(c: char) -> Option<char> {
    match u8::try_from(c) {
        // À to Þ, but ×: the lower-case letter is 32 code points on.
        Ok(byte @ 0xc0..=0xde) if c != '×' => Some(char::from(byte + 0x20)),
        // ASCII, and ß to ÿ, which are lower-case (or, like ÷, not letters).
        Ok(0x00..=0x7f | 0xd7..=0xff) => Some(c.to_ascii_lowercase()),
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        }
    }
}

/// The themes `comment` mentions, in order, as [`TextCounts::add`] counts them.
pub fn mentions(comment: &str, themes: &ThemeMatcher) -> Vec<usize> {
    let mut lower = String::with_capacity(comment.len());
    lower_case(comment, &mut lower);
    let mut matched = Vec::new();
    themes.matches(&lower, &mut matched);
    matched
}

/// Common words that say nothing about a theme, in English, Norwegian Bokmål, Swedish and
/// Danish (short function words, pronouns, auxiliaries).
const STOP_WORDS: &[&str] = &[
    // English
    "the", "and", "for", "are", "but", "not", "you", "your", "all", "any", "can", "had", "has",
    "have", "her", "his", "him", "its", "our", "out", "was", "were", "with", "that", "this",
    "they", "them", "then", "than", "there", "their", "what", "when", "which", "who", "will",
    "would", "could", "should", "from", "been", "being", "into", "about", "also", "just", "very",
    "more", "most", "some", "such", "only", "over", "after", "before", "because", "did", "does",
    "doing", "done", "get", "got", "one", "two", "too", "much", "many", "how", "why", "where",
    "here", "she", "yes", "yet", "still", "even", "ever", "every", "each", "other", "both", "few",
    "own", "same", "again", "while", "these", "those", "off", "once", "per", "via",
    // Norwegian Bokmål
    "det", "som", "jeg", "meg", "deg", "han", "hun", "vår", "våre", "dere", "oss", "ikke", "med",
    "til", "fra", "men", "eller", "hva", "hvor", "når", "hvis", "fordi", "også", "bare", "veldig",
    "har", "hadde", "var", "vært", "blir", "ble", "kan", "kunne", "skal", "skulle", "vil", "ville",
    "må", "noe", "noen", "alle", "mye", "mer", "mest", "enn", "sin", "sitt", "sine", "min", "mitt",
    "mine", "din", "ditt", "dine", "hans", "hennes", "deres", "dette", "disse", "den", "der",
    "her", "etter", "før", "over", "under", "mot", "uten", "ved", "hos", "gang", "gikk", "helt",
    "litt", "ganske", "jo", "nok", "enda", "igjen", "allerede", "andre", "annen", "annet",
    // Swedish
    "och", "att", "det", "som", "jag", "mig", "dig", "hon", "vår", "vårt", "våra", "inte", "med",
    "till", "från", "men", "eller", "vad", "var", "när", "om", "för", "också", "bara", "mycket",
    "har", "hade", "varit", "blir", "blev", "kan", "kunde", "ska", "skulle", "vill", "ville",
    "måste", "något", "några", "alla", "mer", "mest", "än", "sin", "sitt", "sina", "min", "mitt",
    "mina", "din", "ditt", "dina", "hans", "hennes", "deras", "detta", "dessa", "den", "där",
    "här", "efter", "före", "över", "under", "mot", "utan", "vid", "hos", "lite", "ganska", "igen",
    "redan", "man", "sig", "oss", "ett", "en", "på", "av", "är", // Danish
    "og", "at", "det", "som", "jeg", "mig", "dig", "hun", "vores", "ikke", "med", "til", "fra",
    "men", "eller", "hvad", "hvor", "når", "hvis", "fordi", "også", "bare", "meget", "har",
    "havde", "været", "bliver", "blev", "kan", "kunne", "skal", "skulle", "vil", "ville", "må",
    "noget", "nogen", "alle", "mere", "mest", "end", "sin", "sit", "sine", "min", "mit", "mine",
    "din", "dit", "dine", "hans", "hendes", "deres", "dette", "disse", "den", "der", "her",
    "efter", "før", "over", "under", "mod", "uden", "ved", "hos", "lidt", "igen", "allerede",
    "jeres", "dem", "sig", "os", "ingen",
];

/// Adds counts per period and scale group to `mine`.
fn add_periods(mine: &mut BTreeMap<Period, [u64; 3]>, theirs: BTreeMap<Period, [u64; 3]>) {
    for (period, counts) in theirs {
        let entry = mine.entry(period).or_default();
        for g in 0..3 {
            entry[g] += counts[g];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn period(month: u32) -> Period {
        Period::of(
            NaiveDate::from_ymd_opt(2024, month, 1).unwrap(),
            crate::config::PeriodKind::Month,
        )
    }

    fn theme(keywords: &[&str], words: &[&str]) -> Theme {
        Theme {
            name: String::new(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            words: words.iter().map(|k| k.to_string()).collect(),
            surveys: Vec::new(),
        }
    }

    fn keywords() -> ThemeMatcher {
        ThemeMatcher::new(&[
            theme(&["price", "pris", "expensive", "dyr"], &[]),
            theme(&["deliver", "levering", "leverans"], &[]),
            theme(&[], &["late", "sen"]),
        ])
    }

    #[test]
    fn themes_count_comments_by_keyword_starts_in_any_language() {
        let mut counts = TextCounts::new(3);
        // One scratch for all, as while reading a file.
        let scratch = &mut Scratch::default();
        counts.add("Prisen er for høy", 2, period(1), &keywords(), scratch);
        counts.add(
            "Too EXPENSIVE, and the delivery was late",
            2,
            period(1),
            &keywords(),
            scratch,
        );
        counts.add("Snabb leverans!", 0, period(2), &keywords(), scratch);
        // "spris" does not start with "pris": no match.
        counts.add(
            "Reservdelspris... nej, spris",
            1,
            period(2),
            &keywords(),
            scratch,
        );
        assert_eq!(counts.comments, [1, 1, 2]);
        // Only the passive's "spris" comment mentions no theme.
        assert_eq!(counts.unthemed, [0, 1, 0]);
        assert_eq!(counts.themes[0].total, [0, 0, 2]);
        assert_eq!(counts.themes[1].total, [1, 0, 1]);
        assert_eq!(counts.themes[1].periods[&period(2)], [1, 0, 0]);
        // Every comment counts in its period, themed or not.
        assert_eq!(counts.periods[&period(1)], [0, 0, 2]);
        assert_eq!(counts.periods[&period(2)], [1, 1, 0]);
    }

    #[test]
    fn words_match_whole_words_only() {
        let mut counts = TextCounts::new(3);
        let scratch = &mut Scratch::default();
        for text in [
            "It came late.",
            "LATE!",
            "Prices went up lately",
            "Leveransen var sen",
        ] {
            counts.add(text, 2, period(1), &keywords(), scratch);
        }
        // "late" twice and "sen" once; "lately" and "Leveransen" are not the words.
        assert_eq!(counts.themes[2].total, [0, 0, 3]);
        let phrase = ThemeMatcher::new(&[theme(&[], &["Late delivery"]), theme(&[], &["sen"])]);
        assert_eq!(mentions("A late, LATE delivery", &phrase), [0]);
        assert_eq!(mentions("sending", &phrase), [] as [usize; 0]);
    }

    #[test]
    fn a_match_inside_a_word_does_not_hide_one_at_a_words_start() {
        // "a a" first occurs after "x", inside a word; its next occurrence overlaps that one.
        let matcher = ThemeMatcher::new(&[theme(&[], &["b"]), theme(&["a a"], &[])]);
        assert_eq!(mentions("xa a a", &matcher), [1]);
        assert_eq!(mentions("xa a", &matcher), [] as [usize; 0]);
        // Themes come back in order, each once, whichever pattern is found first.
        let matcher = ThemeMatcher::new(&[theme(&["late"], &[]), theme(&["price"], &["sen"])]);
        assert_eq!(mentions("Sen, price and late, late", &matcher), [0, 1]);
        assert!(ThemeMatcher::new(&[]).is_empty());
    }

    #[test]
    fn themes_are_found_by_word_only_when_every_pattern_is_a_word_that_is_looked_up() {
        assert!(keywords().by_word());
        for (keywords, words) in [
            (&["late delivery"][..], &[][..]),
            (&[][..], &["e-mail"][..]),
            // Shorter than the words counted, or all digits: never looked up.
            (&["tv"][..], &[][..]),
            (&[][..], &["404"][..]),
        ] {
            let matcher = ThemeMatcher::new(&[theme(&["price"], &[]), theme(keywords, words)]);
            assert!(!matcher.by_word(), "{keywords:?} {words:?}");
            // Found all the same, by the automaton.
            let mut counts = TextCounts::new(2);
            let scratch = &mut Scratch::default();
            let comment = "Late delivery: no e-mail, no TV, error 404. Price!";
            counts.add(comment, 0, period(1), &matcher, scratch);
            assert_eq!(scratch.matched(), [0, 1]);
        }
        let many: Vec<Theme> = (0..65).map(|_| theme(&["price"], &[])).collect();
        assert!(!ThemeMatcher::new(&many).by_word());
        assert!(ThemeMatcher::new(&many[..64]).by_word());
    }

    #[test]
    fn latin_1_is_answered_as_unicode_answers() {
        // Every character up to Greek, Cyrillic and Armenian, past where the shortcuts end.
        for c in ('\0'..='\u{5ff}').chain(['ẞ', '€', '\u{3000}']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            let mut lower = String::new();
            push_lowercase(&mut lower, c);
            assert_eq!(lower, c.to_lowercase().to_string(), "{c:?}");
        }
    }

    /// The words [`TextCounts::add`] counts in `comment`, found the plain way: lower-cased
    /// char by char, split where `char::is_alphanumeric` says, at least three characters, not
    /// all digits, not a stop word.
    fn counted_plainly(comment: &str) -> std::collections::BTreeSet<String> {
        let lower: String = comment.chars().flat_map(char::to_lowercase).collect();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !STOP_WORDS.contains(w))
            .map(str::to_string)
            .collect()
    }

    /// The first of `comments`, counted one after another, whose themes as counted differ from
    /// those the automaton finds in it: the comment, the themes counted and the themes found.
    fn counted_unlike_the_automaton(
        matcher: &ThemeMatcher,
        comments: &[String],
    ) -> Option<(String, Vec<usize>, Vec<usize>)> {
        let mut counts = TextCounts::new(matcher.len());
        let scratch = &mut Scratch::default();
        comments.iter().find_map(|comment| {
            counts.add(comment, 0, period(1), matcher, scratch);
            let found = mentions(comment, matcher);
            (scratch.matched() != found)
                .then(|| (comment.clone(), scratch.matched().to_vec(), found))
        })
    }

    /// Patterns of letters and digits from any script, and comments made of them (as written
    /// and upper-cased) and any other text.
    fn any_script_comments() -> impl proptest::strategy::Strategy<Value = (Vec<String>, Vec<String>)>
    {
        use proptest::prelude::*;
        proptest::collection::vec("[\\p{L}\\p{N}]{3,5}", 1..6).prop_flat_map(|patterns| {
            let piece = prop_oneof![
                proptest::sample::select(patterns.clone()),
                proptest::sample::select(patterns.clone()).prop_map(|p| p.to_uppercase()),
                "\\PC{0,3}",
            ];
            let comment = proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat());
            (Just(patterns), proptest::collection::vec(comment, 1..6))
        })
    }

    proptest::proptest! {
        /// ASCII, Latin-1 (with × and ÷, which are not letters), separators outside Latin-1
        /// (€, a curly apostrophe, a dash, an emoji), letters outside it (Greek, Polish,
        /// Cyrillic), and dotted İ, two characters in lower case, which takes the char-by-char
        /// path; then dense mixes of the cases Latin-1 decodes, and words longer than a key.
        #[test]
        fn words_are_counted_as_found_the_plain_way(
            comments in proptest::collection::vec(
                "[a-zA-Z0-9 ,.'!\\-\u{c0}-\u{ff}ΣςİłŁŻЖ€\u{a0}’–😀]{0,30}|[aA1ÆæÞþß×÷’ ]{0,12}|[ÆØÅæøåŁż]{3,18}",
                1..8,
            ),
        ) {
            let mut counts = TextCounts::new(0);
            let scratch = &mut Scratch::default();
            let mut expected = BTreeMap::<String, [u64; 3]>::new();
            for comment in &comments {
                counts.add(comment, 0, period(1), &ThemeMatcher::new(&[]), scratch);
                for word in counted_plainly(comment) {
                    expected.entry(word).or_default()[0] += 1;
                }
            }
            let found: BTreeMap<String, [u64; 3]> = counts
                .counted_words()
                .into_iter()
                .map(|(w, c)| (w.to_string(), c))
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }

        /// Themes whose keywords and words are single words are found word by word, and find
        /// what the automaton finds: keyword starts and whole words, in upper case, next to
        /// digits, Nordic letters, sigmas and sharp s, a curly apostrophe between words, and in
        /// comments with a dotted İ, whose words are found char by char.
        #[test]
        fn themes_found_by_word_are_the_themes_the_automaton_finds(
            themes in proptest::collection::vec(
                (
                    proptest::collection::vec("[abæΣς1][abæßΣ]{2,3}", 0..3),
                    proptest::collection::vec("[abæΣς1][abæßΣ]{2,3}", 0..3),
                ),
                1..4,
            ),
            comments in proptest::collection::vec("[abæøAÆΣςẞß1 ,.’İ]{0,30}", 1..8),
        ) {
            let themes: Vec<Theme> = themes
                .iter()
                .map(|(keywords, words)| Theme {
                    name: String::new(),
                    keywords: keywords.clone(),
                    words: words.clone(),
                    surveys: Vec::new(),
                })
                .collect();
            let matcher = ThemeMatcher::new(&themes);
            proptest::prop_assert!(matcher.by_word());
            proptest::prop_assert_eq!(counted_unlike_the_automaton(&matcher, &comments), None);
        }

        /// The same with any letters: patterns of letters and digits from all of Unicode, and
        /// comments of those patterns, in any case, between and inside any other text.
        #[test]
        fn themes_found_by_word_in_any_script_are_the_themes_the_automaton_finds(
            (patterns, comments) in any_script_comments(),
        ) {
            let themes: Vec<Theme> = (patterns.chunks(2))
                .map(|pair| Theme {
                    name: String::new(),
                    keywords: pair[..1].to_vec(),
                    words: pair[1..].to_vec(),
                    surveys: Vec::new(),
                })
                .collect();
            let matcher = ThemeMatcher::new(&themes);
            // A pattern whose lower case is not all letters and digits keeps the automaton.
            proptest::prop_assume!(matcher.by_word());
            proptest::prop_assert_eq!(counted_unlike_the_automaton(&matcher, &comments), None);
        }

        /// Latin-1 from the space on (ASCII punctuation, digits, letters, no-break space, Nordic
        /// letters, ½), and a Greek letter, the euro sign and two Unicode spaces.
        #[test]
        fn words_are_the_runs_of_letters_and_digits(text in "[\\x20-\\xffΩ€\u{2003}\u{3000}]{0,40}") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn frequent_words_skip_stop_words_and_count_once_per_comment() {
        let mut counts = TextCounts::new(0);
        let scratch = &mut Scratch::default();
        for text in [
            "Veldig rask levering, rask og grei",
            "Rask levering og hyggelig sjåfør",
            "The delivery was quick",
            "Quick delivery and the delivery person was kind",
            "HYGGELIG SJÅFØR",
        ] {
            counts.add(text, 0, period(1), &ThemeMatcher::new(&[]), scratch);
        }
        let top = counts.top_words(0, 6);
        assert_eq!(
            top,
            vec![
                ("delivery".to_string(), 2),
                ("hyggelig".to_string(), 2),
                ("levering".to_string(), 2),
                ("quick".to_string(), 2),
                ("rask".to_string(), 2),
                ("sjåfør".to_string(), 2),
            ]
        );
        // Upper case, ASCII or not, counts as the lower-case word.
        let words = counts.counted_words();
        assert_eq!(words["sjåfør"][0], 2);
        assert_eq!(words["hyggelig"][0], 2);
        assert!(!words.contains_key("veldig"), "a stop word");
        assert!(!words.contains_key("og"), "too short and a stop word");
    }

    #[test]
    fn merging_counts_equals_counting_everything() {
        let texts = [
            "Pris og levering",
            "Dyr frakt",
            "Bra pris",
            "Leverans sen",
            "ok",
        ];
        let mut whole = TextCounts::new(3);
        let mut left = TextCounts::new(3);
        let mut right = TextCounts::new(3);
        for (i, text) in texts.iter().enumerate() {
            let part = if i < 2 { &mut left } else { &mut right };
            for counts in [&mut whole, part] {
                let scratch = &mut Scratch::default();
                counts.add(text, i % 3, period(1 + i as u32), &keywords(), scratch);
            }
        }
        left.merge(right);
        assert_eq!(left, whole);
    }
}
