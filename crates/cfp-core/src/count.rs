//! Counting words and characters: the one definition the widget's counters, the validator
//! and the server all use.
//!
//! Characters are Unicode scalar values after CRLF becomes LF and surrounding whitespace is
//! trimmed. Words are whitespace-separated tokens holding at least one letter or digit, so
//! punctuation on its own (`—`, `…`, `***`) is not a word.

use crate::config::Unit;

/// Characters as a speaker sees them: CRLF counts once, surrounding whitespace not at all.
pub fn count_chars(text: &str) -> u32 {
    let trimmed = text.trim();
    let scalars = trimmed.chars().count();
    let crlf = trimmed.matches("\r\n").count();
    saturate(scalars - crlf)
}

/// Whitespace-separated tokens that contain a letter or a digit.
pub fn count_words(text: &str) -> u32 {
    saturate(
        text.split_whitespace()
            .filter(|token| token.chars().any(char::is_alphanumeric))
            .count(),
    )
}

/// Count `text` in the given unit.
pub fn count(text: &str, unit: Unit) -> u32 {
    match unit {
        Unit::Words => count_words(text),
        Unit::Chars => count_chars(text),
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(count_words("Dask-ML's API, 2× faster!"), 4);
        assert_eq!(count_words("— … ***"), 0);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("  one\ttwo\nthree\r\nfour  "), 4);
        assert_eq!(count_words("日本語 テキスト"), 2);
    }

    #[test]
    fn chars_are_scalars_after_crlf_and_trim() {
        assert_eq!(count_chars("  abc  "), 3);
        assert_eq!(count_chars("a\r\nb"), 3);
        assert_eq!(count_chars("a\nb"), 3);
        assert_eq!(count_chars("\r\n a \r\n"), 1);
        assert_eq!(count_chars("é"), 1);
        assert_eq!(
            count_chars("e\u{301}"),
            2,
            "a combining mark is its own scalar value"
        );
        assert_eq!(count_chars("🦀"), 1);
        assert_eq!(count_chars(""), 0);
    }

    #[test]
    fn count_dispatches_on_unit() {
        assert_eq!(count("two words", Unit::Words), 2);
        assert_eq!(count("two words", Unit::Chars), 9);
    }
}
