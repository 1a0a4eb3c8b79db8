//! The `add_sub` chip's columns.

use crate::chips::impl_row_borrow;

/// One ADD or SUB (all zero on padding rows).
#[repr(C)]
pub struct AddSubCols<T> {
    /// The result's limbs `(lo, hi)`: fields of the received tuple, range-checked (`U16`
    /// lookups), and in the carry constraints.
    pub a: [T; 2],
    /// The first operand's limbs: fields of the received tuple and in the carry constraints.
    pub b: [T; 2],
    /// The second operand's limbs: as for `b`.
    pub c: [T; 2],
    /// Boolean: the row is an ADD (`a = b + c`); selects the add carries and the op id.
    pub is_add: T,
    /// Boolean: the row is a SUB (`a + c = b`); selects the swapped carries and the op id.
    /// `is_add + is_sub` is boolean too: the row's count on the buses.
    pub is_sub: T,
}

/// Width of the `add_sub` trace.
pub const NUM_ADD_SUB_COLS: usize = size_of::<AddSubCols<u8>>();

impl_row_borrow!(AddSubCols);
