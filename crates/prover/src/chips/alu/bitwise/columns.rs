//! The `bitwise` chip's columns.

use crate::chips::impl_row_borrow;

/// One XOR, OR or AND (all zero on padding rows). Words as bytes, least significant first.
#[repr(C)]
pub struct BitwiseCols<T> {
    /// The result's bytes: the result of the byte lookups, and (as limbs) fields of the
    /// received tuple.
    pub a: [T; 4],
    /// The first operand's bytes: operands of the byte lookups, and (as limbs) tuple fields.
    pub b: [T; 4],
    /// The second operand's bytes: as for `b`.
    pub c: [T; 4],
    /// Boolean: the row is an XOR; in the op ids and the count.
    pub is_xor: T,
    /// Boolean: the row is an OR; in the op ids and the count.
    pub is_or: T,
    /// Boolean: the row is an AND; in the op ids and the count. The three selectors' sum is
    /// boolean: the row's count on the buses.
    pub is_and: T,
}

/// Width of the `bitwise` trace.
pub const NUM_BITWISE_COLS: usize = size_of::<BitwiseCols<u8>>();

impl_row_borrow!(BitwiseCols);
