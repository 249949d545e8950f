// The hash of a token's bytes and the table's size, shared by `build.rs` (which lays
// the table out) and `tokens` (which probes it): both must agree exactly.

/// Slots of the open-addressing table: a power of two, over twice the vocabulary.
pub const SLOTS: usize = 1 << 19;

/// FNV-1a over the bytes: cheap, and spreads the short byte strings of a vocabulary.
pub fn hash(bytes: &[u8]) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash ^ (hash >> 29)) as usize & (SLOTS - 1)
}
