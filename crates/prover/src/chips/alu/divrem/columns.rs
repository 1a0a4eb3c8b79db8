//! The `divrem` chip's columns.

use crate::chips::alu::mul::product::CarryCols;
use crate::chips::impl_row_borrow;

/// One DIV / DIVU / REM / REMU operation: `b = q c + r` with the remainder bound.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct DivRemCols<T> {
    /// Op selectors, boolean with sum boolean (`real`, the count of the `alu` receive and of
    /// most lookups); the op id is their weighted sum. `signed = is_div + is_rem`.
    pub is_div: T,
    pub is_divu: T,
    pub is_rem: T,
    pub is_remu: T,
    /// The dividend's limbs as received (range-checked by the bus invariant).
    pub b: [T; 2],
    /// The divisor as bytes (RANGE lookups); its bus limbs are `c0 + 256 c1`, `c2 + 256 c3`.
    pub c: [T; 4],
    /// The quotient as bytes (RANGE lookups); `a` for DIV / DIVU.
    pub q: [T; 4],
    /// The remainder's 16-bit limbs (U16 lookups); `a` for REM / REMU.
    pub r: [T; 2],
    /// Sign bits of `b`, `c`, `q`, `r` as signed words: boolean, 0 unless `signed`, and on signed
    /// rows the top bits (U16 lookup of `2 b_hi - 2^16 b_neg`, RANGE lookup of
    /// `(2 c3 - 256 c_neg, 2 q3 - 256 q_neg)`, U16 lookup of `2 r_hi - 2^16 r_neg`).
    pub b_neg: T,
    pub c_neg: T,
    pub q_neg: T,
    pub r_neg: T,
    /// Boolean, only on real rows: `c = 0`, and then `q = 2^32 - 1` (turns the remainder bound
    /// off).
    pub c_zero: T,
    /// Boolean: the signed overflow `i32::MIN / -1` (pins `b`, `c`; the product's high half is
    /// then 0 instead of `b`'s sign extension).
    pub overflow: T,
    /// Carries of the product gadget `q * c + r = b (mod 2^64)`.
    pub carry: [CarryCols<T>; 4],
    /// `|c| - |r| - 1` in 16-bit limbs (U16 lookups when `real - c_zero`): the remainder bound.
    pub diff: [T; 2],
    /// Borrow between the two limbs of `diff`, in `{0, 1, 2}`.
    pub borrow: T,
}

/// Width of the `divrem` chip's trace.
pub const NUM_DIVREM_COLS: usize = size_of::<DivRemCols<u8>>();

impl_row_borrow!(DivRemCols);
