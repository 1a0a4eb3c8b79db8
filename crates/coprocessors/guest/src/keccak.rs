//! Keccak-256: the `keccak256` benchmark and the SDK checks of `tests/guest_keccak.rs`.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `keccak256` | the message (rest of the input) | its digest, 32 B |
//! | `keccak_hash` | `(message: Vec<u8>, offset: u32, piece: u32)` | 3 digests, 96 B |
//! | `keccak_permute` | `(state: [u64; 25], data: Vec<u8>)` | the state after the call |
//!
//! `keccak_hash` hashes the message one-shot from `offset` bytes into a buffer (so blocks
//! are absorbed from any alignment), incrementally in pieces of `piece` bytes, and with
//! the plain-Rust twin (`sha3`). `keccak_permute` runs `absorb_permute` (`keccak_f` when
//! `data` is empty). With `plain` the benchmark uses `sha3` compiled for RV32IM.

use crate::stream_input;
use alloc::vec;
use alloc::vec::Vec;
use gluecp_guest::io;
use gluecp_guest::keccak::{self, Keccak256};
use sha3::Digest;

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "keccak256" => {
            let digest: [u8; 32] = if plain {
                let mut hasher = sha3::Keccak256::new();
                stream_input(|piece| hasher.update(piece));
                hasher.finalize().into()
            } else {
                let mut hasher = Keccak256::new();
                stream_input(|piece| hasher.update(piece));
                hasher.finalize()
            };
            io::commit_bytes(&digest);
        }
        "keccak_hash" => {
            let (message, offset, piece): (Vec<u8>, u32, u32) = io::read();
            let mut shifted = vec![0; offset as usize + message.len()];
            shifted[offset as usize..].copy_from_slice(&message);
            io::commit_bytes(&keccak::keccak256(&shifted[offset as usize..]));
            let mut hasher = Keccak256::new();
            for piece in message.chunks(piece.max(1) as usize) {
                hasher.update(piece);
            }
            io::commit_bytes(&hasher.finalize());
            io::commit_bytes(&sha3::Keccak256::digest(&message));
        }
        "keccak_permute" => {
            let (mut state, data): ([u64; 25], Vec<u8>) = io::read();
            if data.is_empty() {
                keccak::keccak_f(&mut state);
            } else {
                keccak::absorb_permute(&mut state, &data);
            }
            io::commit(&state);
        }
        _ => return false,
    }
    true
}
