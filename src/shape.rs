//! Structural fingerprints: what a piece of code looks like with its names and
//! literals taken out. Each named syntax node contributes the hash of its shape two
//! levels deep (its kind, its children's kinds and their children's kinds), so code
//! copied with identifiers renamed and literals changed has the same fingerprint, and
//! code that was edited a little shares most of it.

use tree_sitter::Node;

use crate::grammar::Lang;

/// Version of the fingerprint: part of the index format, so that an index holding
/// fingerprints made otherwise is rebuilt. Bump on any change to what is hashed.
pub const VERSION: u32 = 3;

/// Most syntax nodes fingerprinted in one definition: bounds the index terms of huge
/// generated functions.
const MAX_NODES: usize = 4_096;

/// The shapes of every named node of a syntax tree, computed in one pass, from which
/// the fingerprint of any of its nodes is taken.
pub struct TreeShapes {
    /// Shape hash of each named node, in pre-order.
    shapes: Vec<u32>,
    /// For each, the pre-order index just past its subtree.
    ends: Vec<usize>,
    /// For each, its kind word and byte range, to find a node again.
    words: Vec<u16>,
    /// The kinds that are literals.
    literals: &'static [String],
    byte_starts: Vec<usize>,
    byte_ends: Vec<usize>,
}

impl TreeShapes {
    /// Shapes of every named node under `root` (a literal's insides are not nodes
    /// here: a literal is a leaf; comments are left out).
    pub fn new(root: Node<'_>, lang: Lang) -> TreeShapes {
        let literals = &lang.facts().shape.literal_kinds;
        let mut words: Vec<u16> = Vec::new();
        let mut parents: Vec<Option<usize>> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut byte_starts = Vec::new();
        let mut byte_ends = Vec::new();
        // Whether each kind id is a literal, learnt as kinds are met.
        let mut literal_kinds: Vec<Option<bool>> = Vec::new();
        // Pre-order with one cursor: per open level, the recorded node (if named) and
        // the parent its children get.
        let mut cursor = root.walk();
        let mut levels: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        let mut parent: Option<usize> = None;
        loop {
            let node = cursor.node();
            let mut recorded = None;
            let mut descend = !node.is_extra();
            if node.is_named() && !node.is_extra() {
                let kind = usize::from(node.kind_id());
                if literal_kinds.len() <= kind {
                    literal_kinds.resize(kind + 1, None);
                }
                let literal =
                    *literal_kinds[kind].get_or_insert_with(|| is_literal(node, literals));
                let i = words.len();
                words.push(if literal { LITERAL } else { node.kind_id() });
                parents.push(parent);
                ends.push(i + 1);
                byte_starts.push(node.start_byte());
                byte_ends.push(node.end_byte());
                recorded = Some(i);
                descend &= !literal;
            }
            if descend && cursor.goto_first_child() {
                levels.push((recorded, parent));
                parent = recorded.or(parent);
                continue;
            }
            if let Some(i) = recorded {
                ends[i] = words.len();
            }
            // Next sibling, or up until there is one.
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return TreeShapes::hashed(
                        words,
                        parents,
                        ends,
                        byte_starts,
                        byte_ends,
                        literals,
                    );
                }
                if let Some((closed, outer)) = levels.pop() {
                    if let Some(i) = closed {
                        ends[i] = words.len();
                    }
                    parent = outer;
                }
            }
        }
    }

    /// Children follow their parent in pre-order, in order: one pass hashes every
    /// node's kind with its children's kinds, a second with those hashes.
    fn hashed(
        words: Vec<u16>,
        parents: Vec<Option<usize>>,
        ends: Vec<usize>,
        byte_starts: Vec<usize>,
        byte_ends: Vec<usize>,
        literals: &'static [String],
    ) -> TreeShapes {
        let mut level1: Vec<Fnv> = words.iter().map(|&w| Fnv::with(w)).collect();
        for (i, parent) in parents.iter().enumerate() {
            if let Some(p) = *parent {
                level1[p].write(0x8000 | words[i]);
            }
        }
        let level1: Vec<u32> = level1.iter().map(Fnv::finish).collect();
        let mut level2: Vec<Fnv> = words.iter().map(|&w| Fnv::with(w)).collect();
        for (i, parent) in parents.iter().enumerate() {
            if let Some(p) = *parent {
                level2[p].write(level1[i] as u16);
                level2[p].write((level1[i] >> 16) as u16);
            }
        }
        TreeShapes {
            shapes: level2.iter().map(Fnv::finish).collect(),
            ends,
            words,
            literals,
            byte_starts,
            byte_ends,
        }
    }

    /// The fingerprint of a node of the tree: its subtree's shapes, sorted (a
    /// multiset); empty for a node this tree does not hold.
    pub fn of(&self, node: Node<'_>) -> Vec<u32> {
        self.of_without(node, &[])
    }

    /// The fingerprint of a node without the subtrees of some of its descendants
    /// (nested definitions, fingerprinted on their own).
    pub fn of_without(&self, node: Node<'_>, holes: &[Node<'_>]) -> Vec<u32> {
        let Some(start) = self.find(node) else {
            return Vec::new();
        };
        let mut skipped: Vec<(usize, usize)> = holes
            .iter()
            .filter_map(|hole| self.find(*hole))
            .map(|i| (i, self.ends[i]))
            .collect();
        skipped.sort_unstable();
        let mut shapes = Vec::new();
        let mut i = start;
        let mut next_hole = skipped.iter().peekable();
        while i < self.ends[start] && shapes.len() < MAX_NODES {
            while next_hole.next_if(|(_, end)| *end <= i).is_some() {}
            match next_hole.peek() {
                Some(&&(from, to)) if from <= i => i = to,
                _ => {
                    shapes.push(self.shapes[i]);
                    i += 1;
                }
            }
        }
        shapes.sort_unstable();
        shapes
    }

    /// The pre-order index of a node. Pre-order is in start order: the node is among
    /// those starting where it does.
    fn find(&self, node: Node<'_>) -> Option<usize> {
        let first = self.byte_starts.partition_point(|&s| s < node.start_byte());
        let word = kind_word(node, self.literals);
        (first..self.byte_starts.len())
            .take_while(|&i| self.byte_starts[i] == node.start_byte())
            .find(|&i| self.byte_ends[i] == node.end_byte() && self.words[i] == word)
    }
}

/// The fingerprint of a syntax subtree: one shape hash per named node, sorted (a
/// multiset).
pub fn fingerprint(root: Node<'_>, lang: Lang) -> Vec<u32> {
    TreeShapes::new(root, lang).of(root)
}

/// The word a node's kind contributes: literals of every type are one kind, so that
/// changing `0.5` to `2` or `"a"` to `'b'` keeps the shape.
fn kind_word(node: Node<'_>, literals: &[String]) -> u16 {
    if is_literal(node, literals) {
        LITERAL
    } else {
        node.kind_id()
    }
}

/// Stands for any literal (kind ids are far below it).
const LITERAL: u16 = 0x3fff;

/// Numbers, strings, characters, booleans, `None`: values written in the code, by
/// the literal kinds of the language's `language.toml`.
fn is_literal(node: Node<'_>, literals: &[String]) -> bool {
    let kind = node.kind();
    literals.iter().any(|literal| literal == kind)
}

/// FNV-1a over 16-bit words: stable across runs and builds (unlike the standard
/// hasher), which an index written by one run and read by another needs.
struct Fnv(u32);

impl Fnv {
    fn with(word: u16) -> Fnv {
        let mut hash = Fnv(0x811c_9dc5);
        hash.write(word);
        hash
    }
    fn write(&mut self, word: u16) {
        for byte in word.to_le_bytes() {
            self.0 ^= u32::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
    fn finish(&self) -> u32 {
        self.0
    }
}

/// How much two fingerprints share: shapes in common (as multisets) and the
/// similarity, shared over all (weighted Jaccard: 1.0 for the same shape).
pub fn compare(a: &[u32], b: &[u32]) -> (usize, f32) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    let similarity = if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    };
    (shared, similarity)
}

/// A fingerprint as bytes, for storing.
pub fn to_bytes(shape: &[u32]) -> Vec<u8> {
    shape.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// A fingerprint from its stored bytes.
pub fn from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The index term of a shape hash.
pub fn term(shape: u32) -> String {
    format!("{shape:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function_shape(lang: Lang, code: &str) -> Vec<u32> {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&lang.language()).expect("a grammar");
        let tree = parser.parse(code, None).expect("parsed");
        fingerprint(tree.root_node(), lang)
    }

    #[test]
    fn renamed_and_relit_copies_share_the_whole_shape() {
        let original = function_shape(
            Lang::Python,
            "def total(items, rate=0.2):\n    s = 0\n    for it in items:\n        s += it.price * rate\n    return s\n",
        );
        let clone = function_shape(
            Lang::Python,
            "def summe(xs, factor=7):\n    acc = 1\n    for x in xs:\n        acc += x.cost * factor\n    return acc\n",
        );
        let other = function_shape(
            Lang::Python,
            "def other(a):\n    if a:\n        raise ValueError('no')\n    return [b for b in a]\n",
        );
        assert_eq!(compare(&original, &clone), (original.len(), 1.0));
        let (_, unrelated) = compare(&original, &other);
        assert!(unrelated < 0.5, "{unrelated}");
        assert_eq!(from_bytes(&to_bytes(&original)), original);
    }

    #[test]
    fn an_edit_keeps_most_of_the_shape() {
        let original = function_shape(
            Lang::Rust,
            "fn f(v: &[u32]) -> u32 { let mut s = 0; for x in v { s += x; } s }",
        );
        let edited = function_shape(
            Lang::Rust,
            "fn g(v: &[u32]) -> u32 { let mut s = 0; for x in v { if *x > 3 { s += x; } } s }",
        );
        let (_, similarity) = compare(&original, &edited);
        assert!(similarity > 0.5 && similarity < 1.0, "{similarity}");
    }
}
