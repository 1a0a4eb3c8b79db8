//! Keccak-256 (Ethereum's hash) and the Keccak-f\[1600\] permutation, on the `KECCAK_F`
//! coprocessor.
//!
//! ```no_run
//! use gluecp_guest::keccak::{Keccak256, keccak256};
//!
//! let digest = keccak256(b"hello");
//! let mut hasher = Keccak256::new();
//! hasher.update(b"hel");
//! hasher.update(b"lo");
//! assert_eq!(hasher.finalize(), digest);
//! ```
//!
//! One call permutes the state and, in the same call, absorbs a block: the hasher passes
//! every full 136-byte block straight from the caller's slice (the call takes bytes at any
//! alignment), so hashing costs the glue one `ecall` and a few loop instructions per block.

use gluecp_abi::ecall::coprocessor::KECCAK_F;

use crate::syscall::ecall;

/// Rate of Keccak-256 in bytes: how much of the state one block overwrites.
pub const RATE: usize = 136;

/// Apply Keccak-f\[1600\] to `state`: 25 lanes, lane `x + 5y` is FIPS 202's `A[x, y]`.
pub fn keccak_f(state: &mut [u64; 25]) {
    // SAFETY: the call reads and writes the 200 bytes of `state`, borrowed mutably and
    // 8-byte aligned; with length 0 it reads nothing else.
    unsafe { ecall(KECCAK_F, [state.as_mut_ptr() as u32, 0, 0, 0]) };
}

/// XOR `data` into the first `data.len()` bytes of `state` (lanes little-endian), then
/// apply Keccak-f\[1600\]: a sponge's absorb step in one call.
///
/// # Panics
///
/// If `data.len()` is not a multiple of 8 up to 200.
pub fn absorb_permute(state: &mut [u64; 25], data: &[u8]) {
    assert!(
        data.len().is_multiple_of(8) && data.len() <= 200,
        "absorbing {} bytes: not a multiple of 8 up to 200",
        data.len()
    );
    absorb(state, data);
}

/// [`absorb_permute`] without the length check, for callers whose lengths are right by
/// construction (a wrong one would stop the guest with a bad-call error).
#[inline(always)]
fn absorb(state: &mut [u64; 25], data: &[u8]) {
    let args = [
        state.as_mut_ptr() as u32,
        data.as_ptr() as u32,
        data.len() as u32,
        0,
    ];
    // SAFETY: the call reads the `data.len()` bytes of `data` (shared borrow) and reads and
    // writes the 200 bytes of `state` (exclusive borrow, 8-byte aligned).
    unsafe { ecall(KECCAK_F, args) };
}

/// Absorb whole blocks where they lie, at any alignment (one call each).
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
fn absorb_blocks(state: &mut [u64; 25], blocks: &[[u8; RATE]]) {
    if blocks.is_empty() {
        return;
    }
    let range = blocks.as_ptr_range();
    // The hot loop of every long hash, so written out: 5 instructions per block instead
    // of the 9 the compiler emits around `ecall()` (it reloads `t0`, `a2` and `a3` each
    // time). `a0` and `a1` are reloaded too, since a call may return results in them.
    // SAFETY: each call reads one block of `blocks` (shared borrow) and reads and writes
    // `state` (exclusive borrow); RATE is a multiple of 8 below 200. `t0`, `a2` and `a3`
    // are preserved by every ecall (ABI).
    unsafe {
        core::arch::asm!(
            "2:",
            "mv a0, {state}",
            "mv a1, {block}",
            "ecall",
            "addi {block}, {block}, {rate}",
            "bne {block}, {end}, 2b",
            state = in(reg) state.as_mut_ptr(),
            block = inout(reg) range.start => _,
            end = in(reg) range.end,
            rate = const RATE,
            in("t0") KECCAK_F,
            in("a2") RATE,
            in("a3") 0,
            out("a0") _,
            out("a1") _,
            options(nostack),
        );
    }
}

/// Host stand-in of the loop above (the `ecall` panics there).
#[cfg(not(all(target_arch = "riscv32", target_os = "none")))]
fn absorb_blocks(state: &mut [u64; 25], blocks: &[[u8; RATE]]) {
    for block in blocks {
        absorb(state, block);
    }
}

/// Keccak-256 of `data`.
///
/// The one-shot path buffers nothing: full blocks are absorbed where they lie, the last
/// block's whole lanes too, and only its partial lane and the padding are XORed into the
/// state in glue. (Going through [`Keccak256`] would zero and move its 136-byte buffer.)
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut state = [0u64; 25];
    let (blocks, rest) = data.as_chunks::<RATE>();
    absorb_blocks(&mut state, blocks);
    let whole = rest.len() / 8 * 8;
    let mut tail = [0u8; 8];
    tail[..rest.len() - whole].copy_from_slice(&rest[whole..]);
    tail[rest.len() - whole] = 0x01;
    state[whole / 8] ^= u64::from_le_bytes(tail);
    state[RATE / 8 - 1] ^= 0x80 << 56;
    absorb(&mut state, &rest[..whole]);
    digest(&state)
}

/// The first 32 bytes of the state.
fn digest(state: &[u64; 25]) -> [u8; 32] {
    let mut digest = [0; 32];
    for (bytes, lane) in digest.chunks_exact_mut(8).zip(state) {
        bytes.copy_from_slice(&lane.to_le_bytes());
    }
    digest
}

/// Incremental Keccak-256: [`update`](Self::update) with the message in any pieces, then
/// [`finalize`](Self::finalize).
#[derive(Clone)]
pub struct Keccak256 {
    state: [u64; 25],
    /// A partial block, `buffer[..buffered]`, waiting for more bytes.
    buffer: [u8; RATE],
    buffered: usize,
}

impl Default for Keccak256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Keccak256 {
    /// A hasher with nothing absorbed.
    pub const fn new() -> Self {
        Keccak256 {
            state: [0; 25],
            buffer: [0; RATE],
            buffered: 0,
        }
    }

    /// Absorb the next bytes of the message.
    pub fn update(&mut self, mut data: &[u8]) {
        if self.buffered > 0 {
            let take = data.len().min(RATE - self.buffered);
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < RATE {
                return;
            }
            absorb(&mut self.state, &self.buffer);
            self.buffered = 0;
        }
        let (blocks, rest) = data.as_chunks::<RATE>();
        absorb_blocks(&mut self.state, blocks);
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Pad (Keccak's `0x01 … 0x80`, not SHA-3's `0x06`), absorb the last block and return
    /// the first 32 bytes of the state.
    pub fn finalize(mut self) -> [u8; 32] {
        self.buffer[self.buffered..].fill(0);
        self.buffer[self.buffered] ^= 0x01;
        self.buffer[RATE - 1] ^= 0x80;
        absorb(&mut self.state, &self.buffer);
        digest(&self.state)
    }
}
