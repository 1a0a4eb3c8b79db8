//! The byte table's AIR: no constraints of its own, four table entries on the `byte` bus per
//! row.

use core::borrow::Borrow;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;

use super::ByteOp;
use super::columns::{ByteCols, BytePreprocessedCols, NUM_BYTE_COLS, NUM_BYTE_PREPROCESSED_COLS};
use crate::config::Val;
use crate::harness::ProverAir;

/// The `byte` bus. Tuple, in this order: `(op, a, b, c)`, with `op` a [`ByteOp`] id, `a` and
/// `b` bytes, and `c = 0` for [`ByteOp::Range`] or `a op b` for the bitwise ops.
pub const BYTE_BUS: LookupBus<'static> = LookupBus::new("byte");

/// log2 of the byte table's height: one row per pair of bytes.
pub const LOG_BYTE_TABLE_ROWS: usize = 16;
/// The byte table's height.
pub const BYTE_TABLE_ROWS: usize = 1 << LOG_BYTE_TABLE_ROWS;

/// The byte-operations table (range checks of byte pairs, and `and`/`or`/`xor` of bytes).
/// Its preprocessed trace is fixed; fill the main trace with [`super::ByteLookups`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ByteAir;

impl BaseAir<Val> for ByteAir {
    fn width(&self) -> usize {
        NUM_BYTE_COLS
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        let mut values = Vec::with_capacity(BYTE_TABLE_ROWS * NUM_BYTE_PREPROCESSED_COLS);
        for a in 0..=u8::MAX {
            for b in 0..=u8::MAX {
                values.extend([a, b, a & b, a ^ b].map(Val::from_u8));
            }
        }
        Some(RowMajorMatrix::new(values, NUM_BYTE_PREPROCESSED_COLS))
    }

    fn preprocessed_width(&self) -> usize {
        NUM_BYTE_PREPROCESSED_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ByteAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let prep: &BytePreprocessedCols<AB::Var> = prep.current_slice().borrow();
        let main = builder.main();
        let local: &ByteCols<AB::Var> = main.current_slice().borrow();

        // # Soundness
        // Each row provides, on `byte`, `(RANGE, a, b, 0)`, `(AND, a, b, a & b)`,
        // `(XOR, a, b, a ^ b)` and `(U16, 256 a + b, 0, 0)`, each with its own multiplicity; other
        // chips look tuples up. All tuple fields come from the preprocessed trace, which the
        // verifier commits itself (2^16 rows: every byte pair exactly once), so a lookup of a
        // non-byte operand or of a wrong result has no entry to balance it, whatever
        // multiplicities the prover commits; the verifier bounds the total number of lookups
        // below p, so multiplicities cannot wrap.
        let entries = [
            (ByteOp::Range, AB::Expr::ZERO),
            (ByteOp::And, prep.and.into()),
            (ByteOp::Xor, prep.xor.into()),
        ];
        for (op, c) in entries {
            BYTE_BUS.table_entry(
                builder,
                [op.id_expr::<AB::Expr>(), prep.a.into(), prep.b.into(), c],
                local.multiplicity[op as usize],
            );
        }
        // Row (a, b) also provides the 16-bit value 256 a + b: every value in 0..2^16 exactly
        // once.
        let value = prep.a.into() * AB::Expr::from_u32(256) + prep.b.into();
        BYTE_BUS.table_entry(
            builder,
            [
                ByteOp::U16.id_expr::<AB::Expr>(),
                value,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            local.multiplicity[ByteOp::U16 as usize],
        );
    }
}

impl ProverAir for ByteAir {
    fn name(&self) -> String {
        "byte".into()
    }
}

/// Looks up `(op, a, b, c)` on the `byte` bus (the requester side).
///
/// # Soundness
///
/// `count` must be constrained by the caller's AIR to lie in `0..=1` (e.g. a boolean column).
pub fn lookup_byte_op<AB: InteractionBuilder>(
    builder: &mut AB,
    op: ByteOp,
    a: AB::Expr,
    b: AB::Expr,
    c: AB::Expr,
    count: AB::Expr,
) {
    BYTE_BUS.lookup_key(builder, [op.id_expr(), a, b, c], Count::bounded(count, 1));
}

/// Range-checks `a` and `b` as bytes.
///
/// # Soundness
///
/// As for [`lookup_byte_op`].
pub fn lookup_byte_range<AB: InteractionBuilder>(
    builder: &mut AB,
    a: AB::Expr,
    b: AB::Expr,
    count: AB::Expr,
) {
    lookup_byte_op(builder, ByteOp::Range, a, b, AB::Expr::ZERO, count);
}

/// Range-checks `value` as a 16-bit number (one lookup).
///
/// # Soundness
///
/// As for [`lookup_byte_op`].
pub fn lookup_u16<AB: InteractionBuilder>(builder: &mut AB, value: AB::Expr, count: AB::Expr) {
    lookup_byte_op(
        builder,
        ByteOp::U16,
        value,
        AB::Expr::ZERO,
        AB::Expr::ZERO,
        count,
    );
}

/// Range-checks `values` as bytes, two per lookup (the last alone with 0 if their number is
/// odd); record them with [`super::ByteLookups::record_byte_pairs`].
///
/// # Soundness
///
/// As for [`lookup_byte_op`].
pub fn lookup_byte_pairs<AB: InteractionBuilder>(
    builder: &mut AB,
    values: &[AB::Expr],
    count: AB::Expr,
) {
    for pair in values.chunks(2) {
        let second = pair.get(1).cloned().unwrap_or(AB::Expr::ZERO);
        lookup_byte_range(builder, pair[0].clone(), second, count.clone());
    }
}
