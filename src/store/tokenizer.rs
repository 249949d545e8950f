//! The code-aware tokenizer: identifiers are split into the words they are made of,
//! so `parseHTTPConfig` is found by "parse http config" as well as by its full name.

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::pyramid::split_words;

/// Name under which [`CodeTokenizer`] is registered with the index.
pub const CODE_TOKENIZER: &str = "code";

/// Splits text into identifiers (runs of letters, digits and `_`), then each
/// identifier into lower-case words; an identifier of several words is also
/// emitted whole (`parse_http_config`, `parsehttpconfig`).
#[derive(Clone, Default)]
pub struct CodeTokenizer;

/// The tokens of one text, computed at once.
pub struct CodeTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CodeTokenStream {
        CodeTokenStream {
            tokens: code_tokens(text),
            index: 0,
        }
    }
}

impl TokenStream for CodeTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// The tokens of a text, in order.
pub fn code_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut position = 0;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find(is_ident) {
        let after = &rest[start..];
        let len = after.find(|c: char| !is_ident(c)).unwrap_or(after.len());
        let identifier = &after[..len];
        let (from, to) = (offset + start, offset + start + len);
        let words = split_words(identifier);
        let mut push = |text: String| {
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text,
                position_length: 1,
            });
            position += 1;
        };
        if words.len() > 1 {
            push(identifier.to_lowercase());
        }
        for word in words {
            push(word);
        }
        offset = to;
        rest = &text[to..];
    }
    tokens
}

/// Registers the tokenizers the schema names; tokenizers are not stored in the index,
/// so every writer and reader calls this.
pub fn register(index: &Index) {
    index
        .tokenizers()
        .register(CODE_TOKENIZER, TextAnalyzer::builder(CodeTokenizer).build());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        code_tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn identifiers_are_split_and_kept_whole() {
        assert_eq!(
            texts("parseHTTPConfig"),
            ["parsehttpconfig", "parse", "http", "config"]
        );
        assert_eq!(texts("parse_http"), ["parse_http", "parse", "http"]);
        assert_eq!(texts("Store::open"), ["store", "open"]);
        assert_eq!(
            texts("os.path.join(a, b)"),
            ["os", "path", "join", "a", "b"]
        );
        assert_eq!(texts("utf8Decode"), ["utf8decode", "utf", "8", "decode"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn offsets_point_at_the_identifier() {
        let text = "fn grüße(x: Größe)";
        for token in code_tokens(text) {
            assert!(
                text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to)
            );
        }
        assert_eq!(texts(text), ["fn", "grüße", "x", "größe"]);
    }
}
