//! Token counting with a real tokenizer (o200k_base), so budgets mean what models see.

/// Tokens in a text, by the o200k_base tokenizer. The vocabulary loads once per
/// process (about 100 ms); later calls cost only the encoding.
pub fn count(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    tiktoken_rs::o200k_base_singleton()
        .encode_ordinary(text)
        .len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_tokens_not_characters() {
        assert_eq!(super::count(""), 0);
        assert_eq!(super::count("hello world"), 2);
        assert!(super::count("fn parse_http_config(input: &str) -> Config") > 5);
    }
}
