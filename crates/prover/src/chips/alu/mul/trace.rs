//! The `mul` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{MulCols, NUM_MUL_COLS};
use super::product::{chunk_sums_u64, fill_carries};
use crate::bus::AluOp;
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::AluEvent;

/// The trace for `events` (MUL, MULH, MULHSU and MULHU only): one row per event, padded with
/// zero rows to a power of two (at least 4). Records the rows' byte lookups in `bytes`.
///
/// Each row proves the event's claimed `a`; for an honest event (`a = op(b, c)`) the row
/// satisfies the AIR. A wrong `a` still gets a row (the other half of the product and the
/// carries computed as well as they can be), which the AIR rejects: tests use that.
///
/// # Panics
///
/// If an event's op is not one of this chip's.
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_MUL_COLS), NUM_MUL_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_MUL_COLS).zip(events) {
        write_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn write_row(row: &mut MulCols<Val>, event: &AluEvent, bytes: &mut ByteLookups) {
    let AluEvent { op, a, b, c } = *event;
    let flag = match op {
        AluOp::Mul => &mut row.is_mul,
        AluOp::Mulh => &mut row.is_mulh,
        AluOp::Mulhsu => &mut row.is_mulhsu,
        AluOp::Mulhu => &mut row.is_mulhu,
        _ => panic!("{op:?} is not a mul op"),
    };
    *flag = Val::ONE;
    let (bb, cb) = (b.to_le_bytes(), c.to_le_bytes());
    row.b = bb.map(Val::from_u8);
    row.c = cb.map(Val::from_u8);
    bytes.record(ByteOp::Range, bb[0], bb[1]);
    bytes.record(ByteOp::Range, bb[2], bb[3]);
    bytes.record(ByteOp::Range, cb[0], cb[1]);
    bytes.record(ByteOp::Range, cb[2], cb[3]);
    let (b_msb, c_msb) = (bb[3] >> 7, cb[3] >> 7);
    row.b_msb = Val::from_u8(b_msb);
    row.c_msb = Val::from_u8(c_msb);
    bytes.record(ByteOp::Range, (bb[3] & 0x7f) << 1, (cb[3] & 0x7f) << 1);

    let b_neg = b_msb == 1 && matches!(op, AluOp::Mulh | AluOp::Mulhsu);
    let c_neg = c_msb == 1 && op == AluOp::Mulh;
    let extend = |v: u32, neg: bool| {
        if neg {
            v as i32 as i64 as u64
        } else {
            u64::from(v)
        }
    };
    let full = extend(b, b_neg).wrapping_mul(extend(c, c_neg));
    // The claimed half replaces the computed one.
    let product = if op == AluOp::Mul {
        (full & !0xffff_ffff) | u64::from(a)
    } else {
        (full & 0xffff_ffff) | u64::from(a) << 32
    };
    let chunks: [u64; 4] = core::array::from_fn(|m| (product >> (16 * m)) & 0xffff);
    for (col, &chunk) in row.product.iter_mut().zip(&chunks) {
        *col = Val::from_u64(chunk);
        bytes.record_u16(chunk as u16);
    }
    fill_carries(
        chunk_sums_u64(bb, cb, b_neg, c_neg),
        [0; 4],
        chunks,
        &mut row.carry,
        bytes,
    );
}
