//! Words of a text.

/// The words of `text`, in order.
pub fn split_words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// How many words `text` has.
pub fn count_words(text: &str) -> i64 {
    split_words(text).len() as i64
}
