//! The Poseidon2 permutation over KoalaBear, width 16 ([`Poseidon2`],
//! `POSEIDON2_KOALABEAR16`): the instance of Plonky3's `default_koalabear_poseidon2_16()`,
//! which the prover's Merkle commitments use too.
//!
//! # Operands
//!
//! | `a0` | results |
//! | --- | --- |
//! | state, 64 B, 4-byte aligned, read and written | `a0`: status |
//!
//! The state is 16 field elements of KoalaBear (p = 2^31 - 2^24 + 1), each a little-endian
//! `u32` in canonical form (below p): a guest keeps it as a plain `[u32; 16]`. The status
//! is [`OK`] with the permuted state written back, or [`INVALID`] if an element is not
//! below p; the state is then untouched. A misaligned state or one outside writable memory
//! is a bad call that stops the guest, whatever its contents.
//!
//! # Granularity: one permutation per call
//!
//! One permutation is what a Poseidon2 AIR proves per row (Plonky3's `poseidon2-air`),
//! and it is the unit every construction is built from: the padding-free sponge that
//! hashes leaves, the truncated-permutation compression of Merkle nodes, a duplex
//! challenger. Those constructions only copy eight words into the state between
//! permutations, work the glue does in a few instructions, so they live in the guest SDK
//! (`gluecp_guest::poseidon2`). The handler runs Plonky3's own permutation, built once.

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
mod workload;

pub use workload::WORKLOAD;

use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_vm::{Call, CallError, Coprocessor, MemoryError, MemoryFault, WorkCost};
use p3_field::{PrimeField32, integers::QuotientMap};
use p3_koala_bear::{KoalaBear, Poseidon2KoalaBear, default_koalabear_poseidon2_16};
use p3_symmetric::Permutation;
use std::sync::LazyLock;

/// Elements in the state.
pub const WIDTH: usize = 16;
/// Size of the state in bytes.
pub const STATE_BYTES: u32 = 4 * WIDTH as u32;

/// The permutation, built once: its constructor copies the round constants into vectors.
static PERMUTATION: LazyLock<Poseidon2KoalaBear<WIDTH>> =
    LazyLock::new(default_koalabear_poseidon2_16);

/// `POSEIDON2_KOALABEAR16`.
pub struct Poseidon2;

impl Coprocessor for Poseidon2 {
    fn name(&self) -> &'static str {
        "poseidon2"
    }

    /// Per permutation. Instructions: the plain-Rust twin, 63.2 M for 2,000 permutations.
    /// Cells: one row of the prover's `poseidon2` chip, 315 columns: `p3-poseidon2-air`'s
    /// 164 (width 16, degree-3 S-box, 8 full and 20 partial rounds) and the call's 151
    /// (`gluecp_prover::cost::coprocessor_cells`, whose test keeps the two equal).
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 31_614,
            cells: 315,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let addr = call.arg(0);
        let memory_error = |error| CallError::Memory {
            operand: "state",
            error,
        };
        if !addr.is_multiple_of(4) {
            return Err(memory_error(MemoryError {
                addr,
                len: 4,
                fault: MemoryFault::Misaligned,
            }));
        }
        // One writable range for reading and writing: a state in read-only code is a bad
        // call whether or not its elements are canonical, and the bytes are converted
        // straight to field elements with no intermediate copy.
        let bytes = call
            .memory()
            .write_bytes(addr, STATE_BYTES)
            .map_err(memory_error)?;
        let words = bytes.as_chunks_mut::<4>().0;
        let mut state = [KoalaBear::default(); WIDTH];
        for (element, word) in state.iter_mut().zip(words.iter()) {
            match KoalaBear::from_canonical_checked(u32::from_le_bytes(*word)) {
                Some(value) => *element = value,
                None => {
                    call.set_result(0, INVALID);
                    return Ok(());
                }
            }
        }
        PERMUTATION.permute_mut(&mut state);
        for (word, element) in words.iter_mut().zip(&state) {
            *word = element.as_canonical_u32().to_le_bytes();
        }
        call.set_result(0, OK);
        Ok(())
    }
}
