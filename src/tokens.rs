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

/// Loads the vocabulary on another thread, so that it is ready (or nearly) when the
/// first count is needed; call at the start of work that will count tokens.
pub fn warm_up() {
    std::thread::spawn(|| {
        tiktoken_rs::o200k_base_singleton();
    });
}

/// The longest prefix of a text (on a token boundary) that counts at most `budget`
/// tokens.
pub fn truncate(text: &str, budget: usize) -> String {
    let bpe = tiktoken_rs::o200k_base_singleton();
    let tokens = bpe.encode_ordinary(text);
    if tokens.len() <= budget {
        return text.to_string();
    }
    let mut keep = budget;
    while keep > 0 {
        // A cut inside a character does not decode: step back a token.
        if let Ok(prefix) = bpe.decode(&tokens[..keep])
            && count(&prefix) <= budget
        {
            return prefix;
        }
        keep -= 1;
    }
    String::new()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_tokens_not_characters() {
        assert_eq!(super::count(""), 0);
        assert_eq!(super::count("hello world"), 2);
        assert!(super::count("fn parse_http_config(input: &str) -> Config") > 5);
    }

    #[test]
    fn truncation_respects_the_budget() {
        let text = "naïve café — résumé ".repeat(50);
        for budget in [0, 1, 2, 7, 50, 10_000] {
            let cut = super::truncate(&text, budget);
            assert!(super::count(&cut) <= budget);
            assert!(text.starts_with(&cut));
            if budget >= super::count(&text) {
                assert_eq!(cut, text);
            }
        }
        assert!(!super::truncate(&text, 7).is_empty());
    }
}
