//! SHA-256 compression ([`Sha256Compress`], `SHA256_COMPRESS`) of any number of
//! consecutive 64-byte blocks, in place.
//!
//! # Operands
//!
//! | `a0` | `a1` | `a2` | results |
//! | --- | --- | --- | --- |
//! | state, 32 B, 4-byte aligned, read and written | blocks, `64 a2` B, any alignment | number of blocks | none |
//!
//! The state is `H0..H7` (FIPS 180-4) as 8 little-endian `u32` words: a guest keeps it as
//! a plain `[u32; 8]`. The blocks are message bytes in order, the compression's big-endian
//! word order being the handler's business. `64 a2` must not overflow and is at most
//! [`MAX_TRANSFER`]; with `a2` = 0 the call does nothing to the state (which must still be
//! a valid operand) and `a1` is ignored. A bad operand stops the guest with the state
//! untouched. The blocks may overlap the state: they are read before the state is written.
//!
//! # Granularity: every full block of the input in one call
//!
//! The AIR proves one compression per row group either way; what differs is the call
//! overhead. A SHA-NI compression takes about 35 ns, less than the glue's loop and one
//! `ecall` dispatch per block would, so a hasher passes all its full blocks at once and
//! the handler runs `sha2`'s multi-block `compress256` straight over guest memory, with
//! no copy of the message.

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
mod workload;

pub use workload::WORKLOAD;

use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_vm::{Call, CallError, Coprocessor, WorkCost};
use sha2::digest::consts::U64;
use sha2::digest::generic_array::GenericArray;

/// Bytes per block.
pub const BLOCK_BYTES: u32 = 64;

/// `SHA256_COMPRESS`.
pub struct Sha256Compress;

impl Coprocessor for Sha256Compress {
    fn name(&self) -> &'static str {
        "sha256"
    }

    /// Per block. Instructions: `sha2` in plain RISC-V, 66.2 M for the 16,385 blocks of sha256
    /// of 1 MiB. Cells: one row of the prover's `sha256` chip, 7,775 columns (`p3-sha256-air`'s
    /// 7,728 and the call's 47; `gluecp_prover::cost::coprocessor_cells`, whose test keeps the
    /// two equal).
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 4_042,
            cells: 7_775,
        }
    }

    /// Blocks compressed (1 for a count the call refuses).
    fn work(&self, call: &Call<'_>) -> u64 {
        blocks_len(call.arg(2)).map_or(1, |len| u64::from(len / BLOCK_BYTES))
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let (state_addr, blocks_addr, count) = (call.arg(0), call.arg(1), call.arg(2));
        let len = blocks_len(count).ok_or_else(|| {
            CallError::invalid(
                "count",
                format!("{count} blocks exceed the {MAX_TRANSFER}-byte transfer limit"),
            )
        })?;
        let mut state = call.read_words::<8>("state", state_addr)?;
        let blocks = call.read("blocks", blocks_addr, len)?;
        sha2::compress256(&mut state, as_generic_blocks(blocks.as_chunks().0));
        call.write_words("state", state_addr, &state)
    }
}

/// Byte length of `count` blocks, if within the transfer limit.
fn blocks_len(count: u32) -> Option<u32> {
    count
        .checked_mul(BLOCK_BYTES)
        .filter(|&len| len <= MAX_TRANSFER)
}

const _: () =
    assert!(size_of::<GenericArray<u8, U64>>() == 64 && align_of::<GenericArray<u8, U64>>() == 1);

/// Blocks as the `GenericArray`s that `sha2` 0.10 takes, without copying.
fn as_generic_blocks(blocks: &[[u8; 64]]) -> &[GenericArray<u8, U64>] {
    // SAFETY: `GenericArray<u8, U64>` is a `repr(transparent)` wrapper of nested `repr(C)`
    // halves ending in `u8`s: 64 bytes, alignment 1, no padding, the layout of `[u8; 64]`
    // (`sha2` casts the other way on the same grounds). Length and lifetime are kept.
    unsafe { std::slice::from_raw_parts(blocks.as_ptr().cast(), blocks.len()) }
}
