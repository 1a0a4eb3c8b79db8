//! The `bitwise` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{BitwiseCols, NUM_BITWISE_COLS};
use crate::bus::AluOp;
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::AluEvent;

/// The trace of `events` (XOR, OR and AND only), one row each, padded with zero rows to a
/// power of two (at least 4); records the four byte lookups of each row in `bytes`. The rows
/// claim the events' results as given.
///
/// # Panics
///
/// If an event is not an XOR, OR or AND (a bug in the execution record).
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_BITWISE_COLS), NUM_BITWISE_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_BITWISE_COLS).zip(events) {
        let cols: &mut BitwiseCols<Val> = row.borrow_mut();
        let byte_op = match event.op {
            AluOp::Xor => {
                cols.is_xor = Val::ONE;
                ByteOp::Xor
            }
            AluOp::Or => {
                cols.is_or = Val::ONE;
                ByteOp::And
            }
            AluOp::And => {
                cols.is_and = Val::ONE;
                ByteOp::And
            }
            op => panic!("{op:?} event given to the bitwise chip"),
        };
        let (a, b, c) = (
            event.a.to_le_bytes(),
            event.b.to_le_bytes(),
            event.c.to_le_bytes(),
        );
        for i in 0..4 {
            bytes.record(byte_op, b[i], c[i]);
            cols.a[i] = Val::from_u8(a[i]);
            cols.b[i] = Val::from_u8(b[i]);
            cols.c[i] = Val::from_u8(c[i]);
        }
    }
    trace
}
