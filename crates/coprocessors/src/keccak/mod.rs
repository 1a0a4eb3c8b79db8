//! The Keccak-f\[1600\] permutation ([`KeccakF`], `KECCAK_F`), the core of Keccak-256
//! (Ethereum's hash) and SHA-3, with an optional absorb of message bytes before it.
//!
//! # Operands
//!
//! | `a0` | `a1` | `a2` | results |
//! | --- | --- | --- | --- |
//! | state, 200 B, 4-byte aligned, read and written | bytes to absorb, any alignment | their length | none |
//!
//! The state is 25 little-endian `u64` lanes, lane `x + 5y` at byte offset `8 (x + 5y)`
//! (FIPS 202's `A[x, y]`). The call XORs the `a2` bytes at `a1` into the first `a2` bytes
//! of the state, then applies the 24 rounds. `a2` is a multiple of 8 up to 200; with 0
//! the call is a pure permutation and `a1` is ignored (any value, null included). A bad
//! length, a misaligned state, or a range outside memory (the state inside read-only code)
//! stops the guest; the state is then untouched.
//!
//! # Granularity: one permutation per call, absorb included
//!
//! One permutation is what a Keccak AIR proves per row group (Plonky3's `keccak-air`), and
//! at about 250 ns natively it dwarfs the call's own cost. A sponge absorbs one rate-sized
//! block per permutation, so taking the block in the same call lets the guest SDK pass
//! each block of the message straight from the caller's slice: per block the glue runs
//! only its loop and the `ecall`, no load/XOR/store pass over the lanes. The permutation
//! itself is the RustCrypto `keccak` crate's `f1600`, the one `sha3` uses.

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
mod workload;

pub use workload::WORKLOAD;

use gluecp_vm::{Call, CallError, Coprocessor, MemoryError, MemoryFault, WorkCost};

/// Size of the state in bytes.
pub const STATE_BYTES: u32 = 200;

/// `KECCAK_F`.
pub struct KeccakF;

impl Coprocessor for KeccakF {
    fn name(&self) -> &'static str {
        "keccak"
    }

    /// Per permutation. Instructions: `sha3` in plain RISC-V, 131.8 M for the 7,711 blocks of
    /// keccak256 of 1 MiB (`gluecp bench coprocessors`). Cells: a call absorbing a Keccak-256
    /// block from a 4-aligned address: the prover's `keccak` chip, 24 rows × 2,786 columns
    /// (`p3-keccak-air`'s 2,633 and 153 tying the call to memory), and 34 rows × 18 columns
    /// of `keccak-absorb` (one per absorbed word); the prover's `cost` tests keep the two
    /// equal. (A block at another address costs 35 more rows in two small tables, under 2%.)
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 17_088,
            cells: 67_476,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let (state_addr, data_addr, len) = (call.arg(0), call.arg(1), call.arg(2));
        if !len.is_multiple_of(8) || len > STATE_BYTES {
            return Err(CallError::invalid(
                "length",
                format!("{len} is not a multiple of 8 up to {STATE_BYTES}"),
            ));
        }
        if !state_addr.is_multiple_of(4) {
            return Err(CallError::Memory {
                operand: "state",
                error: MemoryError {
                    addr: state_addr,
                    len: 4,
                    fault: MemoryFault::Misaligned,
                },
            });
        }
        // Lanes are copied out and back: guest memory only promises 4-byte alignment, and
        // `f1600` wants `u64`s. Not `Call::read_words`: it costs a function call per word,
        // which showed as 10% of the benchmark.
        let mut lanes = [0u64; 25];
        let state = call.read("state", state_addr, STATE_BYTES)?;
        for (lane, bytes) in lanes.iter_mut().zip(state.as_chunks::<8>().0) {
            *lane = u64::from_le_bytes(*bytes);
        }
        if len > 0 {
            let data = call.read("data", data_addr, len)?;
            for (lane, bytes) in lanes.iter_mut().zip(data.as_chunks::<8>().0) {
                *lane ^= u64::from_le_bytes(*bytes);
            }
        }
        keccak::f1600(&mut lanes);
        let out = call
            .memory()
            .write_bytes(state_addr, STATE_BYTES)
            .map_err(|error| CallError::Memory {
                operand: "state",
                error,
            })?;
        for (bytes, lane) in out.as_chunks_mut::<8>().0.iter_mut().zip(&lanes) {
            *bytes = lane.to_le_bytes();
        }
        Ok(())
    }
}
