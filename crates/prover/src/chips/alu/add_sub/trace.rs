//! The `add_sub` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{AddSubCols, NUM_ADD_SUB_COLS};
use crate::bus::{AluOp, limbs, limbs_val};
use crate::chips::byte::ByteLookups;
use crate::config::Val;
use crate::record::AluEvent;

/// The trace of `events` (ADD and SUB only), one row each, padded with zero rows to a power of
/// two (at least 4); records the result's range checks in `bytes`. The rows prove the events'
/// results as given.
///
/// # Panics
///
/// If an event is not an ADD or a SUB (a bug in the execution record).
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_ADD_SUB_COLS), NUM_ADD_SUB_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_ADD_SUB_COLS).zip(events) {
        let cols: &mut AddSubCols<Val> = row.borrow_mut();
        match event.op {
            AluOp::Add => cols.is_add = Val::ONE,
            AluOp::Sub => cols.is_sub = Val::ONE,
            op => panic!("{op:?} event given to the add_sub chip"),
        }
        cols.a = limbs_val(event.a);
        cols.b = limbs_val(event.b);
        cols.c = limbs_val(event.c);
        for limb in limbs(event.a) {
            bytes.record_u16(limb as u16);
        }
    }
    trace
}
