//! The `modmul` chip's trace.

use core::borrow::BorrowMut;

use gluecp_abi::ecall::coprocessor::MODMUL256;
use num_bigint::BigUint;
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::OPERAND_SLOTS;
use super::columns::{LIMBS, ModmulCols, NUM_MODMUL_COLS, Q_LIMBS, WORDS};
use crate::bus::{AccessCols, OperandRangeCols, limbs_val, slot, ts};
use crate::chips::bigint::{carries, poly_mul_int, signed};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::{MemoryAccess, SyscallEvent};

/// The little-endian bytes of 8 words.
fn operand_bytes(words: &[MemoryAccess], written: bool) -> [u8; LIMBS] {
    let mut bytes = [0; LIMBS];
    for (chunk, access) in bytes.chunks_exact_mut(4).zip(words) {
        let value = if written { access.value } else { access.prev };
        chunk.copy_from_slice(&value.to_le_bytes());
    }
    bytes
}

/// `value`'s bytes, least significant first, zero-padded to `N` (truncated above).
fn le_bytes<const N: usize>(value: &BigUint) -> [u8; N] {
    let mut out = [0; N];
    for (o, b) in out.iter_mut().zip(value.to_bytes_le()) {
        *o = b;
    }
    out
}

/// The `modmul` trace for `events` (one row per call), recording its byte lookups.
///
/// Rows are derived from each call's accesses: an event with a wrong result gives a row that
/// fails the AIR (its impossible lookups unrecorded) rather than a panic.
///
/// # Panics
///
/// If an event is not a `MODMUL256` call with 3 argument reads and 32 word accesses, or an
/// access is not after its previous one (a bug in the execution record).
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_MODMUL_COLS), NUM_MODMUL_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_MODMUL_COLS).zip(events) {
        fill_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn fill_row(row: &mut ModmulCols<Val>, event: &SyscallEvent, bytes: &mut ByteLookups) {
    assert_eq!(event.number, MODMUL256, "not a MODMUL256 call");
    assert_eq!(event.args.len(), 3, "MODMUL256: 3 argument reads");
    assert_eq!(event.words.len(), 4 * WORDS, "MODMUL256: 32 word accesses");
    let (clk, words) = (event.clk, &event.words);
    let x = operand_bytes(&words[..WORDS], false);
    let y = operand_bytes(&words[WORDS..2 * WORDS], false);
    let m = operand_bytes(&words[2 * WORDS..3 * WORDS], false);
    let r = operand_bytes(&words[3 * WORDS..], true);
    let m_zero = m.iter().all(|&b| b == 0);

    row.is_real = Val::ONE;
    row.m_zero = Val::from_bool(m_zero);
    row.clk = Val::from_u32(clk);
    let ptrs = [
        event.a0,
        event.args[0].value,
        event.args[1].value,
        event.args[2].value,
    ];
    for (k, &ptr) in ptrs.iter().enumerate() {
        row.ptr[k] = limbs_val(ptr);
        row.range[k] = OperandRangeCols::new(ptr, 4 * WORDS as u32, bytes).to_field();
    }

    // The accesses in the AIR's order (arguments, reads, writes), their `diff_hi` checked in
    // pairs.
    let mut accesses: Vec<AccessCols<u32>> = event
        .args
        .iter()
        .map(|a| AccessCols::new(a.prev_ts, ts(clk, slot::MEMORY)))
        .collect();
    for (w, access) in words.iter().enumerate() {
        let stamp = ts(clk, OPERAND_SLOTS[(w / WORDS + 1) % 4]);
        accesses.push(AccessCols::new(access.prev_ts, stamp));
    }
    for pair in accesses.chunks(2) {
        let second = pair.get(1).map_or(0, |a| a.diff_hi);
        bytes.record(ByteOp::Range, pair[0].diff_hi as u8, second as u8);
    }
    let mut fields = accesses.into_iter().map(|a| a.to_field_without_hi(bytes));
    for cols in row
        .args
        .iter_mut()
        .chain(&mut row.reads)
        .chain(&mut row.writes)
    {
        *cols = fields.next().expect("35 accesses");
    }
    for (prev, access) in row.out_prev.iter_mut().zip(&words[3 * WORDS..]) {
        *prev = limbs_val(access.prev);
    }

    // The quotient, the remainder's complement and the carries (all 0 when m = 0).
    let (xb, yb, mb, rb) = (
        BigUint::from_bytes_le(&x),
        BigUint::from_bytes_le(&y),
        BigUint::from_bytes_le(&m),
        BigUint::from_bytes_le(&r),
    );
    let (q, d) = if m_zero {
        ([0; Q_LIMBS], [0; LIMBS])
    } else {
        let q = le_bytes::<Q_LIMBS>(&(&xb * &yb / &mb));
        let d = if rb < mb {
            le_bytes::<LIMBS>(&(&mb - &rb - 1u32))
        } else {
            [0; LIMBS]
        };
        (q, d)
    };
    let mut relation = poly_mul_int(&x, &y);
    relation.resize(Q_LIMBS + LIMBS - 1, 0);
    for (i, v) in poly_mul_int(&q, &m).into_iter().enumerate() {
        relation[i] -= v;
    }
    for (i, &v) in r.iter().enumerate() {
        relation[i] -= i64::from(v);
    }
    let mut sum: Vec<i64> = (0..LIMBS)
        .map(|i| i64::from(r[i]) + i64::from(d[i]) - i64::from(m[i]))
        .collect();
    sum[0] += 1;
    let (carry, d_carry) = if m_zero {
        (vec![0; relation.len() - 1], vec![0; LIMBS - 1])
    } else {
        // The `r + d + 1` carries are 0 or 1 (no lookup).
        let mut scratch = ByteLookups::default();
        (carries(&relation, bytes), carries(&sum, &mut scratch))
    };
    if m_zero {
        for _ in 0..relation.len() - 1 {
            bytes.record_u16(1 << 15);
        }
    }

    for (col, v) in [
        (&mut row.x, x),
        (&mut row.y, y),
        (&mut row.m, m),
        (&mut row.r, r),
        (&mut row.d, d),
    ] {
        *col = v.map(Val::from_u8);
    }
    row.q = q.map(Val::from_u8);
    for (col, &v) in row.carry.iter_mut().zip(&carry) {
        *col = signed(v);
    }
    for (col, &v) in row.d_carry.iter_mut().zip(&d_carry) {
        *col = signed(v);
    }
    let all: Vec<u8> = [x, y, m, r, d].into_iter().flatten().chain(q).collect();
    for pair in all.chunks_exact(2) {
        bytes.record(ByteOp::Range, pair[0], pair[1]);
    }
}
