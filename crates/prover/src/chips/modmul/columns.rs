//! The `modmul` chip's columns: one row per `MODMUL256` call.

use crate::bus::{AccessCols, OperandRangeCols};
use crate::chips::impl_row_borrow;

/// Byte limbs of a 256-bit operand.
pub const LIMBS: usize = 32;
/// Words of a 256-bit operand.
pub const WORDS: usize = 8;
/// Byte limbs of the quotient `floor(x y / m)`, below `2^512`.
pub const Q_LIMBS: usize = 2 * LIMBS;
/// Coefficients of `x y - q m - r` as a polynomial in 256 (`q m` has degree 94), less one:
/// the carries between them.
pub const NUM_CARRIES: usize = Q_LIMBS + LIMBS - 2;

/// One `MODMUL256` call: `out = x y mod m`, or `out = 0` with status `INVALID` when `m = 0`.
/// All 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ModmulCols<T> {
    /// Boolean: a real call.
    pub is_real: T,
    /// Boolean: `m = 0` (the call returns `INVALID` and writes 0); only on real rows.
    pub m_zero: T,
    /// The call's clock.
    pub clk: T,
    /// The operands' addresses as register values (limbs below 2^16): `a0` = out, `a1` = x,
    /// `a2` = y, `a3` = m.
    pub ptr: [[T; 2]; 4],
    /// Each operand is 4-aligned and in `[0x1000, 2^29)`.
    pub range: [OperandRangeCols<T>; 4],
    /// The reads of `a1`, `a2`, `a3` (registers 11, 12, 13).
    pub args: [AccessCols<T>; 3],
    /// The operands' bytes, least significant first (range-checked).
    pub x: [T; LIMBS],
    pub y: [T; LIMBS],
    pub m: [T; LIMBS],
    /// The result written to out (range-checked bytes).
    pub r: [T; LIMBS],
    /// `floor(x y / m)` (range-checked bytes; 0 when `m = 0`).
    pub q: [T; Q_LIMBS],
    /// The carries of `x y - q m - r` (each in `[-2^15, 2^15)`).
    pub carry: [T; NUM_CARRIES],
    /// `m - r - 1` (range-checked bytes): `r < m`.
    pub d: [T; LIMBS],
    /// The carries of `r + d + 1` (boolean; the top one is 0).
    pub d_carry: [T; LIMBS - 1],
    /// The reads of x, y and m: word `w` of operand `k` is `reads[8 k + w]`.
    pub reads: [AccessCols<T>; 3 * WORDS],
    /// The words of out before the call (limbs below 2^16: memory values).
    pub out_prev: [[T; 2]; WORDS],
    /// The writes of out.
    pub writes: [AccessCols<T>; WORDS],
}

/// Width of the `modmul` table.
pub const NUM_MODMUL_COLS: usize = size_of::<ModmulCols<u8>>();

impl_row_borrow!(ModmulCols);
