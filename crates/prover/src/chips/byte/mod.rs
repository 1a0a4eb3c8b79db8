//! The byte-operations table: every pair of bytes with its `and`, `or` and `xor`, as a
//! preprocessed trace, so that other chips can range-check bytes (and 16-bit limbs, as two
//! bytes) and compute bitwise ops by lookup.
//!
//! | trace | columns |
//! | --- | --- |
//! | preprocessed (2^16 rows, row `256 a + b`) | `a, b, and, xor` ([`BytePreprocessedCols`]) |
//! | main | `multiplicity[RANGE, AND, XOR, U16]` ([`ByteCols`]) |
//!
//! **Bus `byte`** ([`BYTE_BUS`], a lookup bus): tuple `(op, a, b, c)` with `op` the [`ByteOp`]
//! id, `c = 0` for RANGE and `a op b` otherwise; `(U16, v, 0, 0)` for a 16-bit `v`. Each row provides its five tuples, each with its
//! own multiplicity; requesters use [`lookup_byte_op`] / [`lookup_byte_range`] and record their
//! lookups in [`ByteLookups`].

mod air;
mod columns;
mod trace;

pub use air::{
    BYTE_BUS, BYTE_TABLE_ROWS, ByteAir, LOG_BYTE_TABLE_ROWS, lookup_byte_op, lookup_byte_pairs,
    lookup_byte_range, lookup_u16,
};
pub use columns::{ByteCols, BytePreprocessedCols, NUM_BYTE_COLS, NUM_BYTE_PREPROCESSED_COLS};
pub use trace::{ByteLookups, row_of};

use p3_field::PrimeCharacteristicRing;

/// Number of byte operations (one multiplicity column each).
pub const NUM_BYTE_OPS: usize = 4;

/// An operation of the byte table; its discriminant is its id on the `byte` bus and the index
/// of its multiplicity column. The ids are part of the verifying key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ByteOp {
    /// Both operands are bytes; `c = 0`.
    Range = 0,
    /// `c = a & b` (OR is proven with it: `a | b = a + b - (a & b)`).
    And = 1,
    /// `c = a ^ b`.
    Xor = 2,
    /// A 16-bit range check: the row `(a, b)` provides `(U16, 256 a + b, 0, 0)`.
    U16 = 3,
}

impl ByteOp {
    /// The result `c` the op's tuple carries for `(a, b)`.
    pub const fn result(self, a: u8, b: u8) -> u8 {
        match self {
            Self::Range => 0,
            Self::And => a & b,
            Self::Xor => a ^ b,
            Self::U16 => 0,
        }
    }

    /// The op's id as a field expression.
    pub fn id_expr<E: PrimeCharacteristicRing>(self) -> E {
        E::from_u8(self as u8)
    }
}
