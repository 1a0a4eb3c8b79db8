//! The `sha256` benchmark: SHA-256 of 1 MiB, 16,385 compressions.
//!
//! Input: the message, [`LEN`] bytes of a fixed xorshift stream. Output: its 32-byte
//! digest. The guest streams the message through the SDK's `Sha256` hasher in 16 KiB
//! reads; each read's 256 blocks are one `SHA256_COMPRESS` call.

use crate::workload::Workload;
use sha2::{Digest, Sha256};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "sha256",
    description: "sha256 of 1 MiB",
    input,
    native,
};

/// Message length in bytes.
pub const LEN: usize = 1 << 20;

fn input() -> Vec<u8> {
    crate::workload::xorshift_bytes(LEN, 0x2545_f491_4f6c_dd1d)
}

fn native(input: &[u8]) -> Vec<u8> {
    Sha256::digest(input).to_vec()
}
