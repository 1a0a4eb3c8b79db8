//! The `poseidon2` chip: the Poseidon2 permutation over KoalaBear, width 16
//! (`POSEIDON2_KOALABEAR16` = 0x102, reference semantics in `gluecp_coprocessors::poseidon2`).
//! One call is one row: `p3-poseidon2-air`'s `Poseidon2Air` for
//! `default_koalabear_poseidon2_16()` runs unchanged on the row's first columns (through
//! [`crate::chips::keccak::PrefixBuilder`]), followed by the call's columns
//! ([`Poseidon2CallCols`]).
//!
//! # The call
//!
//! `a0` = the state, 16 little-endian `u32` words at `a0 + 4 w`, each a canonical field
//! element (below p = 2^31 - 2^24 + 1); the call permutes it in place and returns `OK` (0)
//! in `a0`. A state with an element not below p makes the VM return `INVALID` and leave it
//! untouched: **such a call is not proven yet** (the executor refuses it with a clear error;
//! the chip cannot prove one, as it proves each input canonical).
//!
//! # Buses
//!
//! | bus | tuple | count |
//! | --- | --- | --- |
//! | `exec` (receive) | `(clk, 0x102, a0_lo, a0_hi, 0, 0)` | `is_real` |
//! | `memory` | word `w`: receive `(a0 + 4 w, input, prev_ts)`, send `(a0 + 4 w, output, 4 clk + 2)` | `is_real` |
//! | `byte` U16 | each access's timestamp difference, the output limbs, the canonical checks, the pointer checks | `is_real` |
//! | `byte` RANGE | each access's `diff_hi` | `is_real` |
//!
//! # Soundness
//!
//! - **The permutation.** `Poseidon2Air`'s constraints prove that the last full round's
//!   post-state is Poseidon2 of `inputs`, with the round constants of
//!   `default_koalabear_poseidon2_16()` (the AIR's generic KoalaBear linear layers compute
//!   the same matrices as the permutation; `tests/poseidon2_chip.rs` checks the outputs
//!   against the coprocessor).
//! - **The words.** On a real row each input is the word read (`lo + 2^16 hi`, limbs below
//!   2^16 by the memory invariant) and each output the word written (limbs range-checked
//!   here), both canonical: `top` (boolean) forces the word to `0x7f00_0000`, otherwise
//!   `0x7eff - hi` is 16-bit. So a word's field value is its integer value and the chip proves
//!   exactly the call the VM runs on a canonical state; the written words are the
//!   canonical output.
//! - **The call.** Each real row receives one call (number and status fixed) and makes all
//!   16 accesses at the call's timestamp, at `a0 + 4 w` with `a0` 4-aligned in
//!   `[0x1000, 2^29 - 64]` (so no word is a register). Padding rows are permutations of the
//!   zero state and send nothing.

mod air;
mod columns;
mod trace;

pub use air::{
    HALF_FULL_ROUNDS, PARTIAL_ROUNDS, PermutationAir, Poseidon2ChipAir, SBOX_DEGREE,
    SBOX_REGISTERS, TOP_HI, WIDTH, round_constants,
};
pub use columns::{
    NUM_PERM_COLS, NUM_POSEIDON2_CHIP_COLS, Poseidon2CallCols, Poseidon2ChipCols, StateWordCols,
};
pub use trace::generate_trace;
