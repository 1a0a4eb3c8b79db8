//! The `lt` chip's columns.

use crate::chips::impl_row_borrow;

/// One SLT, SLTU or EQ (all zero on padding rows).
#[repr(C)]
pub struct LtCols<T> {
    /// The first operand's limbs: fields of the received tuple, in the borrow constraints and
    /// (`b[1]`) the sign lookup.
    pub b: [T; 2],
    /// The second operand's limbs: as for `b`.
    pub c: [T; 2],
    /// The result, boolean: a field of the received tuple (its low limb), tied to the borrow
    /// (SLTU), the borrow and signs (SLT) or `diff` (EQ).
    pub a: T,
    /// `(b - c) mod 2^32` as limbs: range-checked (`U16` lookups), in the borrow constraints
    /// and the EQ constraints.
    pub diff: [T; 2],
    /// SLT: the sign bit of `b` (boolean, checked by a `U16` lookup); EQ: the inverse of
    /// `diff[0] + diff[1]`, 0 when it is 0; constrained to 0 on other rows.
    pub b_neg_or_inv: T,
    /// SLT: the sign bit of `c` (as for `b`); constrained to 0 on other rows.
    pub c_neg: T,
    /// Boolean: the row is an SLT; selects its constraints and sign lookups, in the op id.
    pub is_slt: T,
    /// Boolean: the row is an SLTU; selects `a = borrow`, in the op id.
    pub is_sltu: T,
    /// Boolean: the row is an EQ; selects the zero test, in the op id. The three selectors'
    /// sum is boolean: the row's count on the buses.
    pub is_eq: T,
}

/// Width of the `lt` trace.
pub const NUM_LT_COLS: usize = size_of::<LtCols<u8>>();

impl_row_borrow!(LtCols);
