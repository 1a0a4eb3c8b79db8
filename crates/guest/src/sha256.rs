//! SHA-256 on the `SHA256_COMPRESS` coprocessor.
//!
//! ```no_run
//! use gluecp_guest::sha256::{Sha256, sha256};
//!
//! let digest = sha256(b"hello");
//! let mut hasher = Sha256::new();
//! hasher.update(b"hel");
//! hasher.update(b"lo");
//! assert_eq!(hasher.finalize(), digest);
//! ```
//!
//! One call compresses any number of blocks, read where they lie (any alignment): the
//! hasher hands every full block of an [`update`](Sha256::update) to a single call, so a
//! long message costs the glue a few instructions, not a loop per block.

use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::SHA256_COMPRESS;

use crate::syscall::ecall;

/// Bytes per block.
pub const BLOCK: usize = 64;

/// The initial hash value `H(0)` of FIPS 180-4.
pub const INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Compress the 64-byte blocks of `blocks`, in order, into `state` (`H0..H7`).
///
/// # Panics
///
/// If `blocks.len()` is not a multiple of 64.
pub fn compress(state: &mut [u32; 8], blocks: &[u8]) {
    let (blocks, rest) = blocks.as_chunks::<BLOCK>();
    assert!(
        rest.is_empty(),
        "SHA-256 compresses whole 64-byte blocks, got {} extra bytes",
        rest.len()
    );
    compress_blocks(state, blocks);
}

/// Compress whole blocks, [`MAX_TRANSFER`] bytes per call at most.
fn compress_blocks(state: &mut [u32; 8], blocks: &[[u8; BLOCK]]) {
    for chunk in blocks.chunks(MAX_TRANSFER as usize / BLOCK) {
        let args = [
            state.as_mut_ptr() as u32,
            chunk.as_ptr() as u32,
            chunk.len() as u32,
            0,
        ];
        // SAFETY: the call reads the `64 chunk.len()` bytes of `chunk` (shared borrow) and
        // reads and writes the 32 bytes of `state` (exclusive borrow, 4-byte aligned).
        unsafe { ecall(SHA256_COMPRESS, args) };
    }
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(data);
    hasher.finalize()
}

/// Incremental SHA-256: [`update`](Self::update) with the message in any pieces, then
/// [`finalize`](Self::finalize).
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    /// A partial block, `buffer[..buffered]`, waiting for more bytes.
    buffer: [u8; BLOCK],
    buffered: usize,
    /// Message length so far, in bytes.
    len: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// A hasher with nothing absorbed.
    pub const fn new() -> Self {
        Sha256 {
            state: INITIAL_STATE,
            buffer: [0; BLOCK],
            buffered: 0,
            len: 0,
        }
    }

    /// Absorb the next bytes of the message.
    pub fn update(&mut self, mut data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = data.len().min(BLOCK - self.buffered);
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < BLOCK {
                return;
            }
            compress_blocks(&mut self.state, core::slice::from_ref(&self.buffer));
            self.buffered = 0;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK>();
        if !blocks.is_empty() {
            compress_blocks(&mut self.state, blocks);
        }
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Pad (`0x80`, zeros, the bit length as a big-endian `u64`), compress the last one or
    /// two blocks and return the state big-endian.
    pub fn finalize(mut self) -> [u8; 32] {
        let mut tail = [[0u8; BLOCK]; 2];
        let tail_bytes = tail.as_flattened_mut();
        tail_bytes[..self.buffered].copy_from_slice(&self.buffer[..self.buffered]);
        tail_bytes[self.buffered] = 0x80;
        // The length needs 8 bytes after the 0x80: one block if they fit, else two.
        let blocks = if self.buffered < BLOCK - 8 { 1 } else { 2 };
        let end = BLOCK * blocks;
        tail_bytes[end - 8..end].copy_from_slice(&self.len.wrapping_mul(8).to_be_bytes());
        compress_blocks(&mut self.state, &tail[..blocks]);
        let mut digest = [0; 32];
        for (bytes, word) in digest.chunks_exact_mut(4).zip(&self.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        digest
    }
}
