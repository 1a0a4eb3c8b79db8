//! The `lt` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::{Field, PrimeCharacteristicRing};
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{LtCols, NUM_LT_COLS};
use crate::bus::{AluOp, limbs, limbs_val};
use crate::chips::byte::ByteLookups;
use crate::config::Val;
use crate::record::AluEvent;

/// The trace of `events` (SLT, SLTU and EQ only), one row each, padded with zero rows to a
/// power of two (at least 4); records the row's range checks in `bytes`. The rows claim the
/// events' results as given (a result other than 0 or 1 cannot be proved).
///
/// # Panics
///
/// If an event is not an SLT, SLTU or EQ (a bug in the execution record).
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_LT_COLS), NUM_LT_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_LT_COLS).zip(events) {
        let cols: &mut LtCols<Val> = row.borrow_mut();
        let diff = limbs(event.b.wrapping_sub(event.c));
        match event.op {
            AluOp::Slt => {
                cols.is_slt = Val::ONE;
                let (b_neg, c_neg) = (event.b >> 31, event.c >> 31);
                cols.b_neg_or_inv = Val::from_u32(b_neg);
                cols.c_neg = Val::from_u32(c_neg);
                bytes.record_u16((event.b >> 16 << 1) as u16);
                bytes.record_u16((event.c >> 16 << 1) as u16);
            }
            AluOp::Sltu => cols.is_sltu = Val::ONE,
            AluOp::Eq => {
                cols.is_eq = Val::ONE;
                // 0 when the sum is 0 (`inverse` of zero is not defined).
                cols.b_neg_or_inv = Val::from_u32(diff[0] + diff[1])
                    .try_inverse()
                    .unwrap_or(Val::ZERO);
            }
            op => panic!("{op:?} event given to the lt chip"),
        }
        cols.a = Val::from_u32(event.a);
        cols.b = limbs_val(event.b);
        cols.c = limbs_val(event.c);
        cols.diff = diff.map(Val::from_u32);
        for limb in diff {
            bytes.record_u16(limb as u16);
        }
    }
    trace
}
