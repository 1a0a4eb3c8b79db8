//! The `matmul` chip's traces: one per table, from the calls' [`MatmulEvent`]s.

use core::borrow::BorrowMut;
use std::collections::HashMap;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::ARG_REGS;
use super::columns::{
    LANES, MatmulCallCols, MatmulMacCols, NUM_MATMUL_CALL_COLS, NUM_MATMUL_MAC_COLS,
};
use crate::bus::{AccessCols, MEM_END, MEM_START, limbs_val, slot, ts};
use crate::chips::byte::ByteLookups;
use crate::chips::word_bytes::{self, WordRead};
use crate::config::Val;
use crate::record::MatmulEvent;

/// A zero matrix of `rows` rows (padded to a power of two, at least 4) and `width` columns.
fn zeros(rows: usize, width: usize) -> RowMajorMatrix<Val> {
    let height = rows.next_power_of_two().max(4);
    RowMajorMatrix::new(Val::zero_vec(height * width), width)
}

/// Rows of `matmul-mac` for `events`: `m n ceil(k / LANES)` per call.
pub fn mac_rows(events: &[MatmulEvent]) -> usize {
    events
        .iter()
        .map(|e| (e.m as usize) * (e.k as usize).div_ceil(LANES) * (e.n as usize))
        .sum()
}

/// # Panics
///
/// If a call's accesses do not match its dimensions, or a dimension is 0 (the executor
/// refuses such calls). A call the chip cannot prove otherwise (a dimension above 2^11, an
/// operand out of range) gets rows that fail the AIR, with its impossible lookups left
/// unrecorded, rather than a panic: the chip's tests build such calls.
fn check(event: &MatmulEvent) {
    for dim in [event.m, event.k, event.n] {
        assert!(dim > 0, "matmul dimension 0");
    }
    assert_eq!(event.writes.len(), (event.m * event.n) as usize);
    assert_eq!(event.args.map(|a| a.addr), ARG_REGS);
}

/// Records `value` as a 16-bit range check if it is one.
fn record_u16(bytes: &mut ByteLookups, value: u32) {
    if let Ok(value) = u16::try_from(value) {
        bytes.record_u16(value);
    }
}

/// The `matmul` table (one row per call), recording its byte lookups.
pub fn call_trace(events: &[MatmulEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let mut trace = zeros(events.len(), NUM_MATMUL_CALL_COLS);
    for (row, event) in trace
        .values
        .chunks_exact_mut(NUM_MATMUL_CALL_COLS)
        .zip(events)
    {
        check(event);
        let row: &mut MatmulCallCols<Val> = row.borrow_mut();
        let t = ts(event.clk, slot::MEMORY);
        let (m, k, n) = (event.m, event.k, event.n);
        row.is_real = Val::ONE;
        row.clk = Val::from_u32(event.clk);
        row.c = limbs_val(event.c);
        row.a = limbs_val(event.a);
        row.b = limbs_val(event.b);
        row.d = limbs_val(event.d);
        row.m = Val::from_u32(m);
        row.k = Val::from_u32(k);
        row.n = Val::from_u32(n);
        row.mk = Val::from_u32(m) * Val::from_u32(k);
        row.kn = Val::from_u32(k) * Val::from_u32(n);
        row.mn = Val::from_u32(m) * Val::from_u32(n);
        for (cols, access) in row.args.iter_mut().zip(&event.args) {
            *cols = AccessCols::new(access.prev_ts, t).to_field(bytes);
        }
        for (cols, access) in row.dims.iter_mut().zip(&event.dims) {
            *cols = AccessCols::new(access.prev_ts, t).to_field(bytes);
        }
        for dim in [m, k, n] {
            record_u16(bytes, 32 * (dim - 1));
        }
        row.c_q = Val::from_u32((event.c & 0xffff) / 4);
        row.d_q = Val::from_u32((event.d & 0xffff) / 4);
        record_u16(bytes, (event.c & 0xffff) / 4);
        record_u16(bytes, (event.d & 0xffff) / 4);
        let operands = [
            (event.c, (4 * m).wrapping_mul(n)),
            (event.a, m.wrapping_mul(k)),
            (event.b, k.wrapping_mul(n)),
            (event.d, 12),
        ];
        for (i, (ptr, len)) in operands.into_iter().enumerate() {
            record_u16(bytes, 8 * (ptr >> 16));
            // In 0..2^29 for a call the chip proves.
            let diffs = [
                ptr.wrapping_sub(MEM_START),
                MEM_END.wrapping_sub(ptr).wrapping_sub(len),
            ];
            for (j, diff) in diffs.into_iter().enumerate() {
                row.bound_hi[2 * i + j] = Val::from_u32(diff >> 16);
                if diff < MEM_END {
                    bytes.record_u16(diff as u16);
                    bytes.record_u16((8 * (diff >> 16)) as u16);
                }
            }
        }
    }
    trace
}

/// The signed byte at `addr` of a call, from its word reads.
fn operand_bytes(event: &MatmulEvent) -> HashMap<u32, i8> {
    event
        .reads
        .iter()
        .flat_map(|r| (0..4).map(move |t| (r.addr + t, (r.value >> (8 * t)) as u8 as i8)))
        .collect()
}

/// The `matmul-mac` table: [`mac_rows`] rows, recording its byte lookups.
pub fn mac_trace(events: &[MatmulEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let mut trace = zeros(mac_rows(events), NUM_MATMUL_MAC_COLS);
    let mut rows = trace.values.chunks_exact_mut(NUM_MATMUL_MAC_COLS);
    for event in events {
        check(event);
        let operand = operand_bytes(event);
        let byte = |addr: u32| i32::from(operand[&addr]);
        let t = ts(event.clk, slot::MEMORY);
        let (m, k, n) = (event.m, event.k, event.n);
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0i32;
                let write = &event.writes[(i * n + j) as usize];
                for p in (0..k).step_by(LANES) {
                    let row: &mut MatmulMacCols<Val> =
                        rows.next().expect("mac_rows rows").borrow_mut();
                    let lanes = (k - p).min(LANES as u32);
                    for t in 0..lanes {
                        let (a, b) = (
                            byte(event.a + i * k + p + t),
                            byte(event.b + (p + t) * n + j),
                        );
                        acc += a * b;
                        row.a[t as usize] = Val::from_i32(a);
                        row.b[t as usize] = Val::from_i32(b);
                        if t > 0 {
                            row.active[t as usize - 1] = Val::ONE;
                        }
                    }
                    let (last_p, last_j, last_i) = (p + lanes == k, j == n - 1, i == m - 1);
                    row.is_real = Val::ONE;
                    row.start = Val::from_bool(i == 0 && j == 0 && p == 0);
                    row.last_p = Val::from_bool(last_p);
                    row.last_j = Val::from_bool(last_p && last_j);
                    row.last_i = Val::from_bool(last_p && last_j && last_i);
                    row.clk = Val::from_u32(event.clk);
                    row.k = Val::from_u32(k);
                    row.n = Val::from_u32(n);
                    row.b_base = Val::from_u32(event.b);
                    row.a_row = Val::from_u32(event.a + i * k);
                    row.b_col = Val::from_u32(event.b + j);
                    row.b_addr = Val::from_u32(event.b + p * n + j);
                    row.c_addr = Val::from_u32(event.c + 4 * (i * n + j));
                    row.p_rem = Val::from_u32(k - 1 - p);
                    row.j_rem = Val::from_u32(n - 1 - j);
                    row.i_rem = Val::from_u32(m - 1 - i);
                    row.acc = Val::from_i32(acc);
                    if last_p {
                        // acc = lo + 2^16 h - 2^26 neg, |acc| <= 2^25.
                        let shifted = (acc + (1 << 26)) as u32;
                        let neg = acc < 0;
                        let unsigned = if neg { shifted } else { acc as u32 };
                        let (lo, h) = (unsigned & 0xffff, unsigned >> 16);
                        row.out_lo = Val::from_u32(lo);
                        row.out_h = Val::from_u32(h);
                        row.out_neg = Val::from_bool(neg);
                        bytes.record_u16(lo as u16);
                        if h < 1 << 10 {
                            bytes.record_u16(h as u16);
                            bytes.record_u16((h << 6) as u16);
                        }
                        row.prev = limbs_val(write.prev);
                        row.access = AccessCols::new(write.prev_ts, t).to_field(bytes);
                    }
                }
            }
        }
    }
    trace
}

/// The `matmul-word` table: one row per word read, recording its byte lookups.
pub fn word_trace(events: &[MatmulEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let reads: Vec<WordRead<'_>> = events
        .iter()
        .flat_map(|event| {
            let a_range = event.a..event.a + event.m * event.k;
            let b_range = event.b..event.b + event.k * event.n;
            event.reads.iter().map(move |read| WordRead {
                clk: event.clk,
                access: read,
                counts: core::array::from_fn(|t| {
                    let addr = read.addr + t as u32;
                    u32::from(a_range.contains(&addr)) * event.n
                        + u32::from(b_range.contains(&addr)) * event.m
                }),
            })
        })
        .collect();
    word_bytes::generate_trace(&reads, true, bytes)
}
