//! The `shift` chip's columns.

use crate::chips::impl_row_borrow;

/// One SLL, SRL or SRA (all zero on padding rows). See the module docs for the method.
#[repr(C)]
pub struct ShiftCols<T> {
    /// The shifted word's limbs: fields of the received tuple, in the product constraints and
    /// (`b[1]`) the sign lookup.
    pub b: [T; 2],
    /// The shift operand's limbs: fields of the received tuple; `c[0]` is in the shift-amount
    /// lookup.
    pub c: [T; 2],
    /// Booleans: the bits of `k = sh & 7`, in `pow` and the shift-amount lookup.
    pub bits: [T; 3],
    /// `2^k` on real rows (0 on padding rows), from `bits`.
    pub pow: T,
    /// The multiplier: `pow` for SLL, `256 / pow` for SRL and SRA; in the product constraints.
    pub mult: T,
    /// The bytes of `b * mult` (plus the sign extension's share on SRA rows), least significant
    /// first: range-checked in pairs, in the product constraints, and picked as the result's
    /// bytes.
    pub product: [T; 5],
    /// One-hot (booleans with a boolean sum, the row's count): `offset[m]` for SLL by `8 m + k`,
    /// `offset[4 + m]` for SRL or SRA by `8 m + k`. Picks the result's bytes from `product`,
    /// gives `m` to the shift-amount lookup and the direction to the op id.
    pub offset: [T; 8],
    /// Boolean: the row is an SRA (only with a right offset); in the op id and the sign lookup.
    pub is_sra: T,
    /// Boolean: on SRA rows the top bit of `b` (checked by lookup), 0 on other rows; adds the
    /// sign extension to the product constraint and the fill bytes of the result.
    pub b_neg: T,
}

/// Width of the `shift` trace.
pub const NUM_SHIFT_COLS: usize = size_of::<ShiftCols<u8>>();

impl_row_borrow!(ShiftCols);
