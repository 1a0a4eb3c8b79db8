//! The byte table's columns.

use super::NUM_BYTE_OPS;
use crate::chips::impl_row_borrow;

/// One pair of bytes, in the PREPROCESSED trace: row `256 a + b` holds `(a, b)` and the results
/// of the bitwise ops. The verifier rebuilds these columns itself, so the prover cannot choose
/// them; each is a field of the tuples the row provides on the `byte` bus ([`super::BYTE_BUS`])
/// and takes part in no other constraint.
#[repr(C)]
pub struct BytePreprocessedCols<T> {
    /// First operand, 0..256.
    pub a: T,
    /// Second operand, 0..256.
    pub b: T,
    /// `a & b`, the result provided for [`super::ByteOp::And`].
    pub and: T,
    /// `a ^ b`, the result provided for [`super::ByteOp::Xor`].
    pub xor: T,
}

/// Width of the byte table's preprocessed trace.
pub const NUM_BYTE_PREPROCESSED_COLS: usize = size_of::<BytePreprocessedCols<u8>>();

/// The byte table's main (prover-committed) trace.
#[repr(C)]
pub struct ByteCols<T> {
    /// `multiplicity[op as usize]`: how many times the tuple of [`super::ByteOp`] `op` on this
    /// row's pair is looked up; the multiplicity of that table entry on the `byte` bus.
    /// Unconstrained by the table; the bus forces it to equal the number of lookups.
    pub multiplicity: [T; NUM_BYTE_OPS],
}

/// Width of the byte table's main trace.
pub const NUM_BYTE_COLS: usize = size_of::<ByteCols<u8>>();

impl_row_borrow!(BytePreprocessedCols);
impl_row_borrow!(ByteCols);
