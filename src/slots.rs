//! Texts to slot numbers, for the texts looked up on every row: dimension values and the words
//! of comments.
//!
//! Most such texts are short (regions, channels, agent ids, words). A text of up to 15 bytes is
//! found by one number that holds it whole, so finding it hashes and compares two machine words;
//! comparing text called `memcmp`, which with the hashing was 15 % of the time spent reading a
//! large file (docs/performance.md). Longer texts are found by their text.

use foldhash::HashMap;

/// Slot numbers by text.
#[derive(Debug, Clone, Default)]
pub struct Slots {
    /// Texts of up to 15 bytes, [`packed`].
    short: HashMap<u128, usize>,
    long: HashMap<Box<str>, usize>,
}

impl Slots {
    /// The slot of `text`, if it has one.
    pub fn get(&self, text: &str) -> Option<usize> {
        match packed(text) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(text).copied(),
        }
    }

    /// The slot of the text whose bytes were pushed into `key`, if it has one; `None` too when
    /// the text is longer than 15 bytes (look it up by its text then).
    pub fn get_key(&self, key: Key) -> Option<usize> {
        self.short.get(&key.packed()?).copied()
    }

    /// Gives `text` the slot `slot`.
    pub fn insert(&mut self, text: &str, slot: usize) {
        match packed(text) {
            Some(key) => self.short.insert(key, slot),
            None => self.long.insert(text.into(), slot),
        };
    }
}

/// A text's key built byte by byte while the text is read, as `packed` gives it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Key {
    bytes: u128,
    len: usize,
}

impl Key {
    /// Appends a byte of the text.
    pub fn push(&mut self, byte: u8) {
        if self.len < 15 {
            self.bytes |= u128::from(byte) << (8 * self.len);
        }
        self.len += 1;
    }

    /// The key of `word`, ASCII letters and digits only, lower-cased: a letter's lower case is
    /// its byte with bit 5 (0x20) set, which digits have set already.
    pub fn of_ascii_word(word: &str) -> Key {
        debug_assert!(word.bytes().all(|b| b.is_ascii_alphanumeric()));
        let len = word.len();
        let bytes = match packed(word) {
            // Bit 5 of each of the word's bytes, and not the length `packed` puts last.
            Some(packed) => (packed | u128::from_le_bytes([0x20; 16])) & ((1 << (8 * len)) - 1),
            None => 0,
        };
        Key { bytes, len }
    }

    fn packed(self) -> Option<u128> {
        (self.len <= 15).then_some(self.bytes | (self.len as u128) << 120)
    }
}

/// A text of up to 15 bytes as one number: its bytes, zeros, and its length in the last byte.
/// Built from two overlapping loads, as fast hashes read short keys: copying the bytes into an
/// array first stalled on reading them back as a number (and was slower than `memcmp`).
fn packed(value: &str) -> Option<u128> {
    let b = value.as_bytes();
    let n = b.len();
    let u32_at = |i: usize| u128::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    let u64_at = |i: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&b[i..i + 8]);
        u128::from(u64::from_le_bytes(word))
    };
    // Each load puts bytes where they belong; where two overlap, they write the same bytes.
    let bytes = match n {
        0 => 0,
        1..=3 => {
            u128::from(b[0])
                | u128::from(b[n / 2]) << (8 * (n / 2))
                | u128::from(b[n - 1]) << (8 * (n - 1))
        }
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        8..=15 => u64_at(0) | u64_at(n - 8) << (8 * (n - 8)),
        _ => return None,
    };
    Some(bytes | (n as u128) << 120)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout [`packed`] builds, built the plain way.
    fn packed_plainly(text: &str) -> Option<u128> {
        let bytes = text.as_bytes();
        let mut key = [0; 16];
        key.get_mut(..bytes.len())?.copy_from_slice(bytes);
        if bytes.len() > 15 {
            return None;
        }
        key[15] = bytes.len() as u8;
        Some(u128::from_le_bytes(key))
    }

    proptest::proptest! {
        #[test]
        fn packing_keeps_every_byte_and_the_length(text in "[a\\x00zø€-]{0,17}") {
            proptest::prop_assert_eq!(packed(&text), packed_plainly(&text));
        }

        #[test]
        fn keys_built_byte_by_byte_are_the_packed_texts(text in "[a\\x00zø€-]{0,17}") {
            let mut key = Key::default();
            for &byte in text.as_bytes() {
                key.push(byte);
            }
            proptest::prop_assert_eq!(key.packed(), packed(&text));
        }

        #[test]
        fn ascii_words_are_keyed_as_their_lower_case_byte_by_byte(word in "[a-zA-Z0-9]{0,17}") {
            let mut key = Key::default();
            for byte in word.to_ascii_lowercase().bytes() {
                key.push(byte);
            }
            proptest::prop_assert_eq!(Key::of_ascii_word(&word).packed(), key.packed());
        }

        #[test]
        fn slots_tell_texts_apart(texts in proptest::collection::vec("[ab\\x00ø]{0,17}", 0..40)) {
            let mut slots = Slots::default();
            let mut expected = std::collections::HashMap::new();
            for text in &texts {
                let next = expected.len();
                let slot = *expected.entry(text.as_str()).or_insert(next);
                if slot == next {
                    proptest::prop_assert_eq!(slots.get(text), None);
                    slots.insert(text, slot);
                }
                proptest::prop_assert_eq!(slots.get(text), Some(slot));
            }
        }
    }
}
