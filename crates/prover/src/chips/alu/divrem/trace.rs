//! The `divrem` chip's trace generation.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{DivRemCols, NUM_DIVREM_COLS};
use crate::bus::{AluOp, limbs};
use crate::chips::alu::mul::product::{chunk_sums_u64, fill_carries};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::AluEvent;

/// The trace for `events` (DIV, DIVU, REM and REMU only): one row per event, padded with zero
/// rows to a power of two (at least 4). Records the rows' byte lookups in `bytes`.
///
/// Each row proves the event's claimed `a`: the claimed quotient with `r = b - q c`, or the
/// claimed remainder with the quotient it implies. For an honest event (`a = op(b, c)`) the row
/// satisfies the AIR; for a wrong `a` the row is filled as well as it can be and the AIR
/// rejects it (tests use that).
///
/// # Panics
///
/// If an event's op is not one of this chip's.
pub fn generate_trace(events: &[AluEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_DIVREM_COLS), NUM_DIVREM_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_DIVREM_COLS).zip(events) {
        write_row(row.borrow_mut(), event, bytes);
    }
    trace
}

/// The quotient and remainder a row proves for `event`.
fn quotient_remainder(event: &AluEvent) -> (u32, u32) {
    let AluEvent { op, a, b, c } = *event;
    match op {
        // b - q c modulo 2^32: the remainder for the claimed quotient (also for c = 0 and the
        // signed overflow, where it is b and 0).
        AluOp::Div | AluOp::Divu => (a, b.wrapping_sub(a.wrapping_mul(c))),
        AluOp::Rem | AluOp::Remu => {
            let signed = op == AluOp::Rem;
            let honest = op.eval(b, c);
            let div = if signed { AluOp::Div } else { AluOp::Divu };
            let q = if a == honest || c == 0 {
                div.eval(b, c)
            } else {
                // The quotient the claimed remainder implies, if any.
                let value = |x: u32| {
                    if signed {
                        i64::from(x as i32)
                    } else {
                        i64::from(x)
                    }
                };
                let (num, den) = (value(b) - value(a), value(c));
                if num % den == 0 {
                    (num / den) as u32
                } else {
                    div.eval(b, c)
                }
            };
            (q, a)
        }
        _ => panic!("{op:?} is not a div/rem op"),
    }
}

fn write_row(row: &mut DivRemCols<Val>, event: &AluEvent, bytes: &mut ByteLookups) {
    let AluEvent { op, b, c, .. } = *event;
    let (q, r) = quotient_remainder(event);
    let flag = match op {
        AluOp::Div => &mut row.is_div,
        AluOp::Divu => &mut row.is_divu,
        AluOp::Rem => &mut row.is_rem,
        AluOp::Remu => &mut row.is_remu,
        _ => unreachable!(),
    };
    *flag = Val::ONE;
    let signed = matches!(op, AluOp::Div | AluOp::Rem);

    let (bl, cb, qb, rl) = (limbs(b), c.to_le_bytes(), q.to_le_bytes(), limbs(r));
    row.b = bl.map(Val::from_u32);
    row.c = cb.map(Val::from_u8);
    row.q = qb.map(Val::from_u8);
    row.r = rl.map(Val::from_u32);
    bytes.record(ByteOp::Range, cb[0], cb[1]);
    bytes.record(ByteOp::Range, cb[2], cb[3]);
    bytes.record(ByteOp::Range, qb[0], qb[1]);
    bytes.record(ByteOp::Range, qb[2], qb[3]);
    bytes.record_u16(rl[0] as u16);
    bytes.record_u16(rl[1] as u16);

    let neg = |x: u32| signed && x >> 31 == 1;
    let (b_neg, c_neg, q_neg, r_neg) = (neg(b), neg(c), neg(q), neg(r));
    row.b_neg = Val::from_bool(b_neg);
    row.c_neg = Val::from_bool(c_neg);
    row.q_neg = Val::from_bool(q_neg);
    row.r_neg = Val::from_bool(r_neg);
    if signed {
        bytes.record(ByteOp::Range, (cb[3] & 0x7f) << 1, (qb[3] & 0x7f) << 1);
        bytes.record_u16(((bl[1] & 0x7fff) << 1) as u16);
        bytes.record_u16(((rl[1] & 0x7fff) << 1) as u16);
    }

    let c_zero = c == 0;
    let overflow = signed && b == 0x8000_0000 && c == u32::MAX;
    row.c_zero = Val::from_bool(c_zero);
    row.overflow = Val::from_bool(overflow);

    let ext = |on: bool| if on { 0xffff } else { 0 };
    let r_ext = ext(r_neg);
    let b_ext = ext(b_neg && !overflow);
    fill_carries(
        chunk_sums_u64(qb, cb, q_neg, c_neg),
        [rl[0].into(), rl[1].into(), r_ext, r_ext],
        [bl[0].into(), bl[1].into(), b_ext, b_ext],
        &mut row.carry,
        bytes,
    );

    if !c_zero {
        // |c| - |r| - 1 limb by limb, as the AIR computes it.
        let abs = |[lo, hi]: [u32; 2], neg: bool| {
            let (lo, hi) = (i64::from(lo), i64::from(hi));
            if neg {
                ((1 << 16) - lo, 0xffff - hi)
            } else {
                (lo, hi)
            }
        };
        let (x_lo, x_hi) = abs(limbs(c), c_neg);
        let (y_lo, y_hi) = abs(rl, r_neg);
        let low = x_lo - y_lo - 1;
        let borrow = match low {
            0.. => 0,
            -0x1_0000..=-1 => 1,
            _ => 2,
        };
        let diff = [low + (borrow << 16), x_hi - y_hi - borrow];
        row.borrow = Val::from_i64(borrow);
        for (col, d) in row.diff.iter_mut().zip(diff) {
            *col = Val::from_i64(d);
            // A negative high limb (|r| >= |c|: a wrong claim) has no lookup to record.
            if let Ok(d) = u16::try_from(d) {
                bytes.record_u16(d);
            }
        }
    }
}
