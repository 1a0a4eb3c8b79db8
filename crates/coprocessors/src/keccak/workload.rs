//! The `keccak256` benchmark: Keccak-256 of 1 MiB, 7,711 permutations.
//!
//! Input: the message, [`LEN`] bytes of a fixed xorshift stream. Output: its 32-byte
//! digest. The guest streams the message through the SDK's `Keccak256` hasher in 16 KiB
//! reads, which absorbs every full block straight from the read buffer.

use crate::workload::Workload;
use sha3::{Digest, Keccak256};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "keccak256",
    description: "keccak256 of 1 MiB",
    input,
    native,
};

/// Message length in bytes.
pub const LEN: usize = 1 << 20;

fn input() -> Vec<u8> {
    crate::workload::xorshift_bytes(LEN, 0x9e37_79b9_7f4a_7c15)
}

fn native(input: &[u8]) -> Vec<u8> {
    Keccak256::digest(input).to_vec()
}
