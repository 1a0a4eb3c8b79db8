//! The `poseidon2` chip's columns: `p3-poseidon2-air`'s row, then the call's.

use p3_poseidon2_air::Poseidon2Cols;

use super::air::{HALF_FULL_ROUNDS, PARTIAL_ROUNDS, SBOX_DEGREE, SBOX_REGISTERS, WIDTH};
use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// One state word: its value before and after the permutation, both canonical field
/// elements, and the access that reads and rewrites it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct StateWordCols<T> {
    /// The word read (limbs below 2^16: the memory bus invariant): the permutation's input.
    pub input: [T; 2],
    /// The word written: the permutation's output, range-checked limbs.
    pub output: [T; 2],
    /// Boolean: `input` is `p - 1`'s neighbour `0x7f00_0000` (high limb `0x7f00`, low 0);
    /// otherwise its high limb is at most `0x7eff`. Either way, `input < p`.
    pub input_top: T,
    /// The same for `output`.
    pub output_top: T,
    /// The access's timestamp check.
    pub access: AccessCols<T>,
}

/// The call (after the permutation's columns). All 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Poseidon2CallCols<T> {
    /// Boolean: a real call.
    pub is_real: T,
    /// The call's clock; the state is accessed at `ts = 4 clk + 2`.
    pub clk: T,
    /// `a0`: the state's address (limbs below 2^16: a register value).
    pub a0: [T; 2],
    /// `a0_lo / 4`, a 16-bit number: the state is 4-aligned.
    pub a0_q: T,
    /// High limbs of `a0 - 0x1000` and `2^29 - 64 - a0` (each `lo + 2^16 hi`, with `lo` and
    /// `8 hi` 16-bit): the state lies in `[0x1000, 2^29)`.
    pub bound_hi: [T; 2],
    /// The 16 state words, word `w` at `a0 + 4 w`.
    pub words: [StateWordCols<T>; WIDTH],
}

/// One row of the `poseidon2` chip: one permutation and its call.
#[repr(C)]
pub struct Poseidon2ChipCols<T> {
    pub perm:
        Poseidon2Cols<T, WIDTH, SBOX_DEGREE, SBOX_REGISTERS, HALF_FULL_ROUNDS, PARTIAL_ROUNDS>,
    pub call: Poseidon2CallCols<T>,
}

/// Columns of `p3-poseidon2-air`'s row.
pub const NUM_PERM_COLS: usize = p3_poseidon2_air::num_cols::<
    WIDTH,
    SBOX_DEGREE,
    SBOX_REGISTERS,
    HALF_FULL_ROUNDS,
    PARTIAL_ROUNDS,
>();

/// Width of the `poseidon2` table.
pub const NUM_POSEIDON2_CHIP_COLS: usize = size_of::<Poseidon2ChipCols<u8>>();

impl_row_borrow!(Poseidon2ChipCols);
