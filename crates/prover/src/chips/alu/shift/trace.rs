//! The `shift` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{NUM_SHIFT_COLS, ShiftCols};
use crate::bus::{AluOp, limbs_val};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::AluEvent;

/// The trace of `events` (SLL, SRL and SRA only), one row each, padded with zero rows to a
/// power of two (at least 4); records the row's byte lookups in `bytes`. A row is fixed by
/// `(op, b, c)`: the events' `a` is not read (a wrong one cannot be proved).
///
/// # Panics
///
/// If an event is not an SLL, SRL or SRA (a bug in the execution record).
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_SHIFT_COLS), NUM_SHIFT_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_SHIFT_COLS).zip(events) {
        let cols: &mut ShiftCols<Val> = row.borrow_mut();
        let (left, sra) = match event.op {
            AluOp::Sll => (true, false),
            AluOp::Srl => (false, false),
            AluOp::Sra => (false, true),
            op => panic!("{op:?} event given to the shift chip"),
        };
        let (b, c) = (event.b, event.c);
        let sh = c & 31;
        let (k, m) = (sh & 7, sh >> 3);
        let pow = 1u32 << k;
        let mult = if left { pow } else { 256 >> k };
        let b_neg = sra && b >> 31 == 1;
        let fill = if b_neg {
            u64::from(256 - mult) << 32
        } else {
            0
        };
        let product = (u64::from(b) * u64::from(mult) + fill).to_le_bytes();
        let kappa = ((b & 0xffff) * mult) >> 16;

        cols.b = limbs_val(b);
        cols.c = limbs_val(c);
        cols.bits = [k & 1, k >> 1 & 1, k >> 2].map(Val::from_u32);
        cols.pow = Val::from_u32(pow);
        cols.mult = Val::from_u32(mult);
        for (col, &byte) in cols.product.iter_mut().zip(&product[..5]) {
            *col = Val::from_u8(byte);
        }
        cols.offset[if left { m } else { 4 + m } as usize] = Val::ONE;
        cols.is_sra = Val::from_bool(sra);
        cols.b_neg = Val::from_bool(b_neg);

        bytes.record_u16(((c & 0xffff) >> 5) as u16);
        bytes.record(ByteOp::Range, product[0], product[1]);
        bytes.record(ByteOp::Range, product[2], product[3]);
        if sra {
            bytes.record_u16((b >> 16 << 1) as u16);
        }
        bytes.record(ByteOp::Range, product[4], kappa as u8);
    }
    trace
}
