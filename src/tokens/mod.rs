//! Token counting with the real o200k_base tokenizer, so budgets mean what models
//! see. The vocabulary is laid out at build time as tables compiled into the binary
//! (see `build.rs`), so no process spends time loading it; counts are exactly
//! tiktoken's (a test checks them against it).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;

mod slot;

/// The tokens' bytes, one after another in rank order.
static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/o200k_bytes.bin"));
/// Where each rank's bytes start in [`BYTES`] (little-endian `u32`s), and the end.
static OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/o200k_offsets.bin"));
/// Open-addressing table from a token's bytes to its rank + 1 (0: empty slot).
static SLOTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/o200k_slots.bin"));

/// o200k_base's split of a text into pieces, each encoded on its own.
const PATTERN: &str = concat!(
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
    "|",
    r"\p{N}{1,3}",
    "|",
    r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
    "|",
    r"\s*[\r\n]+",
    "|",
    r"\s+(?!\S)",
    "|",
    r"\s+"
);

/// Pieces longer than this are merged with a heap, not by scanning every pair.
const LONG_PIECE: usize = 256;

fn word(table: &[u8], index: usize) -> usize {
    let at = index * 4;
    u32::from_le_bytes([table[at], table[at + 1], table[at + 2], table[at + 3]]) as usize
}

/// The bytes of a token.
fn token_bytes(rank: usize) -> &'static [u8] {
    &BYTES[word(OFFSETS, rank)..word(OFFSETS, rank + 1)]
}

/// The rank of a token, if these bytes are one.
fn rank(bytes: &[u8]) -> Option<u32> {
    let mut i = slot::hash(bytes);
    loop {
        match word(SLOTS, i) {
            0 => return None,
            stored if token_bytes(stored - 1) == bytes => return Some((stored - 1) as u32),
            _ => i = (i + 1) & (slot::SLOTS - 1),
        }
    }
}

fn pattern() -> &'static fancy_regex::Regex {
    static PATTERN_REGEX: OnceLock<fancy_regex::Regex> = OnceLock::new();
    // The pattern is a constant, tested to compile.
    PATTERN_REGEX.get_or_init(|| fancy_regex::Regex::new(PATTERN).expect("the pattern compiles"))
}

/// The pieces of a text, in order, covering it. ASCII text (most code) is split by
/// hand, as the pattern splits it: the regex engine took two thirds of a count.
fn pieces(text: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if text.is_ascii() {
        return Box::new(ascii_pieces(text));
    }
    Box::new(pattern_pieces(text))
}

/// The pieces of an ASCII text as [`PATTERN`] finds them: its alternatives tried in
/// order at each position, each with the regex's greedy-then-backtrack meaning. In
/// ASCII, letters are `A-Z` (upper) and `a-z` (lower), numbers `0-9`, `\s` is
/// `[\t\n\x0B\x0C\r ]`.
fn ascii_pieces(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = ascii_piece_end(bytes, at);
        let piece = &text[at..end];
        at = end;
        Some(piece)
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Neither a letter, a number nor whitespace: `[^\s\p{L}\p{N}]`.
fn is_other(b: u8) -> bool {
    !b.is_ascii_alphanumeric() && !is_space(b)
}

/// Where the piece starting at `i` ends (`i < bytes.len()`).
fn ascii_piece_end(bytes: &[u8], i: usize) -> usize {
    let n = bytes.len();
    let run = |from: usize, class: fn(&u8) -> bool| {
        from + bytes[from..].iter().take_while(|b| class(b)).count()
    };
    // `'s|'t|'re|'ve|'m|'ll|'d`, any case, at `j`: where it ends.
    let contraction = |j: usize| -> usize {
        if bytes.get(j) != Some(&b'\'') {
            return j;
        }
        let lower = |k: usize| bytes.get(k).map(u8::to_ascii_lowercase);
        match (lower(j + 1), lower(j + 2)) {
            (Some(b's' | b't' | b'm' | b'd'), _) => j + 2,
            (Some(b'r'), Some(b'e')) | (Some(b'v'), Some(b'e')) | (Some(b'l'), Some(b'l')) => j + 3,
            _ => j,
        }
    };
    // The optional first character of the two word alternatives: `[^\r\n\p{L}\p{N}]`.
    let first = bytes[i];
    let word_from = if first != b'\r' && first != b'\n' && !first.is_ascii_alphanumeric() {
        i + 1
    } else {
        i
    };
    // 1: upper* lower+ contraction?
    let uppers = run(word_from, u8::is_ascii_uppercase);
    let lowers = run(uppers, u8::is_ascii_lowercase);
    if lowers > uppers {
        return contraction(lowers);
    }
    // 2: upper+ lower* contraction? (no lower follows here, or 1 had matched)
    if uppers > word_from {
        return contraction(uppers);
    }
    // 3: a number of up to three digits.
    if first.is_ascii_digit() {
        return (run(i, u8::is_ascii_digit)).min(i + 3);
    }
    // 4: ` ?` other+ `[\r\n/]*`.
    let other_from = if first == b' ' && bytes.get(i + 1).is_some_and(|&b| is_other(b)) {
        i + 1
    } else {
        i
    };
    if is_other(bytes[other_from]) {
        let others = run(other_from, |&b| is_other(b));
        return run(others, |&b| matches!(b, b'\r' | b'\n' | b'/'));
    }
    // Whitespace from here on.
    let spaces = run(i, |&b| is_space(b));
    // 5: `\s*[\r\n]+`: up to the run's last line break.
    if let Some(last) = bytes[i..spaces]
        .iter()
        .rposition(|&b| b == b'\r' || b == b'\n')
    {
        return i + last + 1;
    }
    // 6: `\s+(?!\S)`: the run, less its last character when a non-space follows.
    if spaces == n {
        return spaces;
    }
    if spaces - i >= 2 {
        return spaces - 1;
    }
    // 7: `\s+`.
    spaces
}

/// The pieces of a text by the pattern itself.
fn pattern_pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    let mut matches = pattern().find_iter(text);
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        match matches.next()? {
            Ok(found) => {
                at = found.end();
                Some(found.as_str())
            }
            Err(_) => {
                // Past the backtracking limit: the rest of the text is one piece,
                // still counted (its bytes merged), never lost.
                let from = at;
                at = text.len();
                Some(&text[from..])
            }
        }
    })
}

/// The tokens' byte lengths of one piece, by byte-pair merging: the adjacent pair
/// whose joined bytes rank lowest merges first (the leftmost on a tie).
fn piece_tokens(piece: &[u8], out: &mut Vec<usize>) {
    if piece.len() <= 1 || rank(piece).is_some() {
        out.push(piece.len());
    } else if piece.len() < LONG_PIECE {
        merge_by_scan(piece, out);
    } else {
        merge_by_heap(piece, out);
    }
}

fn merge_by_scan(piece: &[u8], out: &mut Vec<usize>) {
    // Token starts, with the rank of the pair starting at each.
    let pair = |starts: &[(usize, u32)], i: usize| -> u32 {
        match (starts.get(i), starts.get(i + 2)) {
            (Some(&(from, _)), Some(&(to, _))) => rank(&piece[from..to]).unwrap_or(u32::MAX),
            _ => u32::MAX,
        }
    };
    let mut starts: Vec<(usize, u32)> = (0..=piece.len()).map(|i| (i, u32::MAX)).collect();
    for i in 0..starts.len() {
        starts[i].1 = pair(&starts, i);
    }
    loop {
        let (mut best, mut at) = (u32::MAX, 0);
        for (i, &(_, r)) in starts.iter().enumerate() {
            if r < best {
                (best, at) = (r, i);
            }
        }
        if best == u32::MAX {
            break;
        }
        starts.remove(at + 1);
        starts[at].1 = pair(&starts, at);
        if at > 0 {
            starts[at - 1].1 = pair(&starts, at - 1);
        }
    }
    out.extend(starts.windows(2).map(|w| w[1].0 - w[0].0));
}

fn merge_by_heap(piece: &[u8], out: &mut Vec<usize>) {
    let n = piece.len();
    // Token i spans [i, end[i]); `prev` links back; a merged-away token is dead.
    let mut end: Vec<usize> = (1..=n).collect();
    let mut prev: Vec<usize> = (0..n).map(|i| i.wrapping_sub(1)).collect();
    let mut alive = vec![true; n];
    let mut heap = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>, end: &[usize], left: usize| {
        let right_end = end.get(end[left]).copied();
        if let Some(right_end) = right_end
            && let Some(r) = rank(&piece[left..right_end])
        {
            heap.push(Reverse((r, left, end[left], right_end)));
        }
    };
    for left in 0..n - 1 {
        push(&mut heap, &end, left);
    }
    while let Some(Reverse((_, left, left_end, right_end))) = heap.pop() {
        // Stale when either token changed since this pair was seen.
        if !alive[left] || end[left] != left_end || end.get(left_end) != Some(&right_end) {
            continue;
        }
        alive[left_end] = false;
        end[left] = right_end;
        if right_end < n {
            prev[right_end] = left;
            push(&mut heap, &end, left);
        }
        if prev[left] != usize::MAX {
            push(&mut heap, &end, prev[left]);
        }
    }
    let mut i = 0;
    while i < n {
        out.push(end[i] - i);
        i = end[i];
    }
}

/// Texts at least this long have their counts remembered (see [`KNOWN`]).
const REMEMBERED_BYTES: usize = 1024;
/// Most counts remembered on a thread; all are forgotten when it is full.
const REMEMBERED_TEXTS: usize = 4096;

thread_local! {
    /// Counts of long texts seen on this thread, by digest and length: an answer is
    /// counted whole more than once on its way out (by the query, then against the
    /// front end's budget), a server's answers show the same definitions again and
    /// again, and a digest costs a fraction of a count.
    static KNOWN: std::cell::RefCell<std::collections::HashMap<([u8; 16], usize), usize>> =
        std::cell::RefCell::default();
}

/// Tokens in a text, by the o200k_base tokenizer.
pub fn count(text: &str) -> usize {
    if text.len() < REMEMBERED_BYTES {
        return count_pieces(text);
    }
    let digest = blake3::hash(text.as_bytes());
    let mut key = ([0u8; 16], text.len());
    key.0.copy_from_slice(&digest.as_bytes()[..16]);
    if let Some(count) = KNOWN.with_borrow(|known| known.get(&key).copied()) {
        return count;
    }
    let count = count_pieces(text);
    KNOWN.with_borrow_mut(|known| {
        if known.len() >= REMEMBERED_TEXTS {
            known.clear();
        }
        known.insert(key, count);
    });
    count
}

fn count_pieces(text: &str) -> usize {
    let mut lengths = Vec::new();
    let mut total = 0;
    for piece in pieces(text) {
        lengths.clear();
        piece_tokens(piece.as_bytes(), &mut lengths);
        total += lengths.len();
    }
    total
}

/// Compiles the split pattern on another thread, so that it is ready when the first
/// count is needed; call at the start of work that will count tokens.
pub fn warm_up() {
    std::thread::spawn(|| {
        pattern();
    });
}

/// The longest prefix of a text (on a token boundary) that counts at most `budget`
/// tokens.
pub fn truncate(text: &str, budget: usize) -> String {
    // Where each token ends, in bytes.
    let mut ends = Vec::new();
    let mut lengths = Vec::new();
    let mut at = 0;
    for piece in pieces(text) {
        lengths.clear();
        piece_tokens(piece.as_bytes(), &mut lengths);
        for length in &lengths {
            at += length;
            ends.push(at);
            if ends.len() > budget {
                break;
            }
        }
        if ends.len() > budget {
            break;
        }
    }
    if ends.len() <= budget {
        return text.to_string();
    }
    let mut keep = budget;
    while keep > 0 {
        // A cut inside a character is no text: step back a token. A prefix can
        // tokenize differently from the whole, so it is counted again.
        let cut = ends[keep - 1];
        if text.is_char_boundary(cut) && count_pieces(&text[..cut]) <= budget {
            return text[..cut].to_string();
        }
        keep -= 1;
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_counted_again_count_the_same() {
        let long = "fn parse_http_config(input: &str) -> Config { todo!() }\n".repeat(200);
        let other = format!("{long}and three more words");
        for _ in 0..3 {
            assert_eq!(count(&long), count_pieces(&long));
            assert_eq!(count(&other), count_pieces(&other));
        }
        assert_ne!(count(&long), count(&other));
    }

    #[test]
    fn counts_tokens_not_characters() {
        assert_eq!(count(""), 0);
        assert_eq!(count("hello world"), 2);
        assert!(count("fn parse_http_config(input: &str) -> Config") > 5);
    }

    #[test]
    fn the_vocabulary_tables_agree() {
        let tokens = OFFSETS.len() / 4 - 1;
        assert_eq!(tokens, 199_998);
        for r in [0, 1, 255, 256, 1000, 100_000, tokens - 1] {
            assert_eq!(rank(token_bytes(r)), Some(r as u32));
        }
        assert_eq!(rank(b"no such token, surely not one"), None);
    }

    #[test]
    fn counts_are_tiktokens() {
        let bpe = tiktoken_rs::o200k_base_singleton();
        let long_run = "=".repeat(5_000);
        let spaces = format!("a{}b", " ".repeat(700));
        let mixed = "naïve café — résumé 日本語のテキスト 🦀🦀 x1Y2 \r\n\t  \n".repeat(40);
        let source = include_str!("mod.rs");
        for text in [
            long_run.as_str(),
            &spaces,
            &mixed,
            source,
            "  \n\n  x",
            "'s'S'll",
        ] {
            assert_eq!(count(text), bpe.encode_ordinary(text).len(), "{text:.60}");
        }
    }

    #[test]
    fn counts_are_tiktokens_on_every_fixture() {
        let bpe = tiktoken_rs::o200k_base_singleton();
        let root = std::env::var("PYRAMID_TOKENS_CORPUS")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/testdata").to_string());
        let mut dirs = vec![std::path::PathBuf::from(root)];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir)
                .expect("a readable fixture folder")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    let expected = bpe.encode_ordinary(&text).len();
                    assert_eq!(count(&text), expected, "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "only {checked} files");
    }

    #[test]
    fn ascii_pieces_are_the_patterns() {
        // Texts drawn from the characters each alternative of the pattern turns on.
        let alphabet = b"aZbY09 \t\n\r\x0b\x0c'sStTrReEvVmMlLdD/(_.-*\x00\x1c";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut texts: Vec<String> = vec![
            include_str!("../walk.rs").replace(|c: char| !c.is_ascii(), "?"),
            "HTTPServer don't DON'T they're it'sx 'll 'l 're  foo\t\tbar \n\n  x  ".into(),
        ];
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            texts.push(String::from_utf8(text).expect("ASCII"));
        }
        for text in &texts {
            assert!(text.is_ascii());
            let ours: Vec<&str> = ascii_pieces(text).collect();
            let theirs: Vec<&str> = pattern_pieces(text).collect();
            if let Some(i) =
                (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))
            {
                let from = i.saturating_sub(3);
                panic!(
                    "{:?}: ours {:?}, the pattern's {:?}",
                    text.get(..200).unwrap_or(text),
                    ours.get(from..(i + 2).min(ours.len())),
                    theirs.get(from..(i + 2).min(theirs.len())),
                );
            }
        }
    }

    #[test]
    fn truncation_respects_the_budget() {
        let text = "naïve café — résumé ".repeat(50);
        for budget in [0, 1, 2, 7, 50, 10_000] {
            let cut = truncate(&text, budget);
            assert!(count(&cut) <= budget);
            assert!(text.starts_with(&cut));
            if budget >= count(&text) {
                assert_eq!(cut, text);
            }
        }
        assert!(!truncate(&text, 7).is_empty());
    }
}
