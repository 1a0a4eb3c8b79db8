//! SHA-256: the `sha256` benchmark and the SDK checks of `tests/guest_sha256.rs`.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `sha256` | the message (rest of the input) | its digest, 32 B |
//! | `sha256_hash` | `(message: Vec<u8>, offset: u32, piece: u32)` | 3 digests, 96 B |
//! | `sha256_compress` | `(state: [u32; 8], blocks: Vec<u8>)` | the state after the call |
//!
//! `sha256_hash` hashes the message one-shot from `offset` bytes into a buffer (so blocks
//! are read from any alignment), incrementally in pieces of `piece` bytes, and with the
//! plain-Rust twin (`sha2`, its portable backend). With `plain` the benchmark uses `sha2`.

use crate::stream_input;
use alloc::vec;
use alloc::vec::Vec;
use gluecp_guest::io;
use gluecp_guest::sha256::{self, Sha256};
use sha2::Digest;

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "sha256" => {
            let digest: [u8; 32] = if plain {
                let mut hasher = sha2::Sha256::new();
                stream_input(|piece| hasher.update(piece));
                hasher.finalize().into()
            } else {
                let mut hasher = Sha256::new();
                stream_input(|piece| hasher.update(piece));
                hasher.finalize()
            };
            io::commit_bytes(&digest);
        }
        "sha256_hash" => {
            let (message, offset, piece): (Vec<u8>, u32, u32) = io::read();
            let mut shifted = vec![0; offset as usize + message.len()];
            shifted[offset as usize..].copy_from_slice(&message);
            io::commit_bytes(&sha256::sha256(&shifted[offset as usize..]));
            let mut hasher = Sha256::new();
            for piece in message.chunks(piece.max(1) as usize) {
                hasher.update(piece);
            }
            io::commit_bytes(&hasher.finalize());
            io::commit_bytes(&sha2::Sha256::digest(&message));
        }
        "sha256_compress" => {
            let (mut state, blocks): ([u32; 8], Vec<u8>) = io::read();
            sha256::compress(&mut state, &blocks);
            io::commit(&state);
        }
        _ => return false,
    }
    true
}
