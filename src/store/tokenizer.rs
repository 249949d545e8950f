//! The code-aware tokenizer: identifiers are split into the words they are made of,
//! so `parseHTTPConfig` is found by "parse http config" as well as by its full name.

use std::collections::HashMap;

use tantivy::Index;
use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which [`CodeTokenizer`] is registered with the index.
pub const CODE_TOKENIZER: &str = "code";
/// Name of the lighter [`CodeTokenizer`] for whole files: words only, no identifiers
/// whole, no one-letter words. A file's own names are in its nodes' fields; its
/// body's evidence is in its words, and that is what ranks files.
pub const WORDS_TOKENIZER: &str = "code_words";
/// Name of the analyzer for prose (gists, doc summaries): words as
/// [`WORDS_TOKENIZER`] finds them, English-stemmed, so "removing" finds "remove".
pub const PROSE_TOKENIZER: &str = "prose";

/// Splits text into identifiers (runs of letters, digits and `_`), then each
/// identifier into lower-case words; an identifier of several words is also
/// emitted whole (`parse_http_config`, `parsehttpconfig`).
#[derive(Clone)]
pub struct CodeTokenizer {
    /// Emit an identifier of several words whole as well.
    whole: bool,
    /// Shortest word emitted, in characters.
    min_len: usize,
}

impl CodeTokenizer {
    /// Identifiers whole and split, every word.
    pub fn identifiers() -> CodeTokenizer {
        CodeTokenizer {
            whole: true,
            min_len: 1,
        }
    }

    /// Words of two characters or more only.
    pub fn words() -> CodeTokenizer {
        CodeTokenizer {
            whole: false,
            min_len: 2,
        }
    }
}

/// Tokens of a text, produced one at a time into one reused token: indexing runs
/// this over every file's whole text, so it allocates nothing per token.
pub struct CodeTokenStream<'a> {
    text: &'a str,
    /// Where to look for the next identifier.
    next: usize,
    /// The current identifier's characters (offset, char), reused.
    chars: Vec<(usize, char)>,
    /// Its words, as ranges of `chars`, reused.
    words: Vec<(usize, usize)>,
    /// The next word to emit; `None` before the whole identifier is emitted.
    word: Option<usize>,
    /// Where the current identifier is in the text.
    span: (usize, usize),
    token: Token,
    started: bool,
    whole: bool,
    min_len: usize,
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CodeTokenStream<'a> {
        CodeTokenStream {
            text,
            next: 0,
            chars: Vec::new(),
            words: Vec::new(),
            word: Some(0),
            span: (0, 0),
            token: Token::default(),
            started: false,
            whole: self.whole,
            min_len: self.min_len,
        }
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl CodeTokenStream<'_> {
    /// Moves to the next identifier and splits it into words; false at the end.
    fn next_identifier(&mut self) -> bool {
        // A loop, not recursion: a text may hold a million `_`s in a row.
        loop {
            let rest = &self.text[self.next..];
            let Some(start) = rest.find(is_identifier_char) else {
                self.next = self.text.len();
                return false;
            };
            let from = self.next + start;
            let len = self.text[from..]
                .find(|c: char| !is_identifier_char(c))
                .unwrap_or(self.text.len() - from);
            let to = from + len;
            self.span = (from, to);
            self.next = to;
            self.chars.clear();
            self.chars.extend(self.text[from..to].char_indices());
            self.split_words();
            let min_len = self.min_len;
            if min_len > 1 {
                self.words.retain(|(from, to)| to - from >= min_len);
            }
            if !self.words.is_empty() {
                // A one-word identifier is emitted once, as its word.
                self.word = if self.whole && self.words.len() > 1 {
                    None
                } else {
                    Some(0)
                };
                return true;
            }
        }
    }

    /// Word boundaries as [`crate::pyramid::split_words`] draws them: at `_` and other
    /// non-alphanumerics, lower → Upper, the last capital of a run before a
    /// lower-case letter (`HTTPConfig`), and letter ↔ digit.
    fn split_words(&mut self) {
        self.words.clear();
        let chars = &self.chars;
        let mut start: Option<usize> = None;
        for i in 0..chars.len() {
            let c = chars[i].1;
            if !c.is_alphanumeric() {
                if let Some(s) = start.take() {
                    self.words.push((s, i));
                }
                continue;
            }
            let boundary = match i.checked_sub(1).map(|p| chars[p].1) {
                Some(p) if p.is_alphanumeric() => {
                    let next_lower = chars.get(i + 1).is_some_and(|n| n.1.is_lowercase());
                    (p.is_lowercase() && c.is_uppercase())
                        || (p.is_uppercase() && c.is_uppercase() && next_lower)
                        || (p.is_ascii_digit() != c.is_ascii_digit())
                }
                _ => false,
            };
            match start {
                Some(s) if boundary => {
                    self.words.push((s, i));
                    start = Some(i);
                }
                None => start = Some(i),
                Some(_) => {}
            }
        }
        if let Some(s) = start {
            self.words.push((s, chars.len()));
        }
    }

    /// Sets the token to the lower-cased characters `chars[from..to]`.
    fn emit(&mut self, from: usize, to: usize) {
        self.token.text.clear();
        for &(_, c) in &self.chars[from..to] {
            if c.is_ascii() {
                self.token.text.push(c.to_ascii_lowercase());
            } else {
                self.token.text.extend(c.to_lowercase());
            }
        }
        self.token.offset_from = self.span.0;
        self.token.offset_to = self.span.1;
        self.token.position = if self.started {
            self.token.position + 1
        } else {
            0
        };
        self.started = true;
        self.token.position_length = 1;
    }
}

impl TokenStream for CodeTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let word = match self.word {
            Some(word) if word < self.words.len() => word,
            _ => {
                if !self.next_identifier() {
                    return false;
                }
                match self.word {
                    None => {
                        // The whole identifier first, then its words.
                        self.emit(0, self.chars.len());
                        self.word = Some(0);
                        return true;
                    }
                    Some(word) => word,
                }
            }
        };
        let (from, to) = self.words[word];
        self.emit(from, to);
        self.word = Some(word + 1);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The tokens of a text, in order.
pub fn code_tokens(text: &str) -> Vec<Token> {
    let mut tokenizer = CodeTokenizer::identifiers();
    let mut stream = tokenizer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// Registers the tokenizers the schema names; tokenizers are not stored in the index,
/// so every writer and reader calls this.
pub fn register(index: &Index) {
    index.tokenizers().register(
        CODE_TOKENIZER,
        TextAnalyzer::builder(CodeTokenizer::identifiers()).build(),
    );
    index.tokenizers().register(
        WORDS_TOKENIZER,
        TextAnalyzer::builder(CodeTokenizer::words()).build(),
    );
    index.tokenizers().register(
        PROSE_TOKENIZER,
        TextAnalyzer::builder(CodeTokenizer::words())
            .filter(MemoStemmer)
            .build(),
    );
}

/// Tantivy's English stemmer, remembering the words it has stemmed: a repository
/// says the same words over and over, and stemming every occurrence afresh cost
/// about 5% of a cold index (the standard library: 5.26 s against 5.02).
#[derive(Clone)]
struct MemoStemmer;

/// Words remembered at most; past that the memo starts again (a bound on memory,
/// not on correctness: a word forgotten is stemmed again).
const MEMO_WORDS: usize = 1 << 15;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemFilter<T> {
        MemoStemFilter {
            inner,
            memo: Memo {
                stems: HashMap::new(),
                stemmer: TextAnalyzer::builder(RawTokenizer::default())
                    .filter(Stemmer::new(Language::English))
                    .build(),
            },
        }
    }
}

#[derive(Clone)]
struct MemoStemFilter<T> {
    inner: T,
    memo: Memo,
}

#[derive(Clone)]
struct Memo {
    /// Each word met, with its stem.
    stems: HashMap<String, String>,
    /// The stemmer proper, over one word at a time.
    stemmer: TextAnalyzer,
}

impl Memo {
    /// Replaces a word by its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clone_from(stem);
            return;
        }
        let mut stream = self.stemmer.token_stream(word);
        let stem = match stream.advance() {
            true => stream.token().text.clone(),
            false => word.clone(),
        };
        drop(stream);
        if self.stems.len() >= MEMO_WORDS {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::replace(word, stem.clone()), stem);
    }
}

impl<T: Tokenizer> Tokenizer for MemoStemFilter<T> {
    type TokenStream<'a> = MemoStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

struct MemoStemStream<'a, T> {
    tail: T,
    memo: &'a mut Memo,
}

impl<T: TokenStream> TokenStream for MemoStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        code_tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn remembered_stems_are_the_stemmers() {
        let text = "running runs ran indexes indexing indices the parser parses parsed \
                    running indexes parser connection connections größe caresses ponies";
        let stems = |analyzer: &mut TextAnalyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                out.push(stream.token().text.clone());
            }
            out
        };
        let expected = stems(
            &mut TextAnalyzer::builder(CodeTokenizer::words())
                .filter(Stemmer::new(Language::English))
                .build(),
        );
        assert!(expected.contains(&"index".to_string()), "{expected:?}");
        // Twice through one analyzer: the second pass reads the memo.
        let mut memo = TextAnalyzer::builder(CodeTokenizer::words())
            .filter(MemoStemmer)
            .build();
        assert_eq!(stems(&mut memo), expected);
        assert_eq!(stems(&mut memo), expected);
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
    fn words_agree_with_split_words() {
        for identifier in [
            "parseHTTPConfig",
            "__init__",
            "HTTP2Server",
            "x",
            "_",
            "a__b",
            "ÉtéCafé_naïve",
            "ABC",
            "getX",
            "v2_0",
        ] {
            let mut expected = crate::pyramid::split_words(identifier);
            if expected.len() > 1 {
                expected.insert(0, identifier.to_lowercase());
            }
            assert_eq!(texts(identifier), expected, "{identifier}");
        }
        assert_eq!(texts("__ + _"), Vec::<String>::new());
        assert_eq!(texts(&"_ ".repeat(1_000_000)), Vec::<String>::new());
        let positions: Vec<usize> = code_tokens("a bC d").iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_words_tokenizer_keeps_words_of_two_letters_or_more() {
        let mut tokenizer = CodeTokenizer::words();
        let mut stream = tokenizer.token_stream("parseHTTPConfig(x, utf8Decode) -> a_b");
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        assert_eq!(words, ["parse", "http", "config", "utf", "decode"]);
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

    #[test]
    fn every_analyzer_the_schema_names_is_registered() {
        let (schema, _) = super::super::schema::schema();
        let index = tantivy::Index::create_in_ram(schema.clone());
        register(&index);
        for (_, entry) in schema.fields() {
            if let tantivy::schema::FieldType::Str(options) = entry.field_type()
                && let Some(indexing) = options.get_indexing_options()
            {
                let name = indexing.tokenizer();
                assert!(index.tokenizers().get(name).is_some(), "{name}");
            }
        }
        let mut prose = index.tokenizers().get(PROSE_TOKENIZER).unwrap();
        let mut stream = prose.token_stream("Removing the common leadingLines");
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().text.clone());
        }
        assert_eq!(words, ["remov", "the", "common", "lead", "line"]);
    }
}
