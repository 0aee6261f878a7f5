//! Word and character counting never panics and keeps what count.rs documents: stable under CRLF/LF and surrounding whitespace, monotone as text is appended, words never more than characters.
#![no_main]

use cfp_core::{count, count_chars, count_words, Unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte says where to cut the rest in two.
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut at = text.len() * usize::from(cut) / 255;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (a, b) = text.split_at(at);

    let (chars, words) = (count_chars(&text), count_words(&text));
    assert_eq!(count(&text, Unit::Chars), chars);
    assert_eq!(count(&text, Unit::Words), words);
    assert!(words <= chars, "{words} words in {chars} characters");

    // CRLF counts as LF (built as tests/properties.rs does: a lone CR is an ordinary
    // character, so both styles are made from the text without any); surrounding
    // whitespace counts not at all.
    let lf = text.replace('\r', "");
    let crlf = lf.replace('\n', "\r\n");
    assert_eq!(count_chars(&crlf), count_chars(&lf));
    assert_eq!(count_words(&crlf), count_words(&lf));
    let padded = format!(" \r\n\t{text}\n \u{3000}");
    assert_eq!(count_chars(&padded), chars);
    assert_eq!(count_words(&padded), words);

    // Appending never lowers a count; words separated by whitespace add up.
    assert!(count_chars(&text) >= count_chars(a));
    assert!(count_words(&text) >= count_words(a));
    assert!(count_words(&text) <= count_words(a) + count_words(b));
    assert_eq!(
        count_words(&format!("{a} {b}")),
        count_words(a) + count_words(b)
    );
});
