//! Lays out the o200k_base vocabulary (`assets/o200k_base.bin`: each token's length
//! and bytes, in rank order) as tables the binary maps as they are: the tokens'
//! bytes, where each starts, and a hash table from bytes to rank. Loading the
//! vocabulary then costs nothing per process.

use std::path::PathBuf;

#[path = "src/tokens/slot.rs"]
mod slot;

fn main() {
    let source = "assets/o200k_base.bin";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=src/tokens/slot.rs");
    let packed = std::fs::read(source).expect("assets/o200k_base.bin is part of the sources");
    let mut bytes = Vec::with_capacity(packed.len());
    let mut offsets: Vec<u32> = vec![0];
    let mut at = 0;
    while at < packed.len() {
        let len = usize::from(packed[at]);
        bytes.extend_from_slice(&packed[at + 1..at + 1 + len]);
        offsets.push(bytes.len() as u32);
        at += 1 + len;
    }
    let mut slots = vec![0u32; slot::SLOTS];
    for rank in 0..offsets.len() - 1 {
        let token = &bytes[offsets[rank] as usize..offsets[rank + 1] as usize];
        let mut i = slot::hash(token);
        while slots[i] != 0 {
            i = (i + 1) & (slot::SLOTS - 1);
        }
        // Rank + 1: zero marks an empty slot.
        slots[i] = rank as u32 + 1;
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let le = |values: &[u32]| {
        values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>()
    };
    std::fs::write(out.join("o200k_bytes.bin"), &bytes).expect("OUT_DIR is writable");
    std::fs::write(out.join("o200k_offsets.bin"), le(&offsets)).expect("OUT_DIR is writable");
    std::fs::write(out.join("o200k_slots.bin"), le(&slots)).expect("OUT_DIR is writable");
}
