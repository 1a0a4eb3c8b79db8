//! The `mul` chip's columns.

use super::product::CarryCols;
use crate::chips::impl_row_borrow;

/// One MUL / MULH / MULHSU / MULHU operation.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct MulCols<T> {
    /// Op selectors, boolean with sum boolean (`assert_bool`); the sum is the row's count on
    /// the `exec` bus and on every byte lookup, the op id is their weighted sum. All 0 on padding.
    pub is_mul: T,
    pub is_mulh: T,
    pub is_mulhsu: T,
    pub is_mulhu: T,
    /// `b` as bytes, low first (RANGE lookups of `(b0, b1)`, `(b2, b3)`); the bus limbs are
    /// `b0 + 256 b1` and `b2 + 256 b3`.
    pub b: [T; 4],
    /// `c` as bytes, as for `b`.
    pub c: [T; 4],
    /// Top bit of `b` (boolean; RANGE lookup of `2 b3 - 256 b_msb`, which lies in `0..256` iff
    /// it is). Sign-extends `b` for MULH and MULHSU.
    pub b_msb: T,
    /// Top bit of `c`, as for `b_msb`; sign-extends `c` for MULH.
    pub c_msb: T,
    /// The 64-bit product (modulo 2^64) in 16-bit chunks, low first (U16 lookups); chunks 0..2
    /// are `a` for MUL, chunks 2..4 for the others. Tied to `b`, `c` by the product gadget.
    pub product: [T; 4],
    /// One carry per 16-bit chunk of the product gadget ([`CarryCols`]).
    pub carry: [CarryCols<T>; 4],
}

/// Width of the `mul` chip's trace.
pub const NUM_MUL_COLS: usize = size_of::<MulCols<u8>>();

impl_row_borrow!(MulCols);
