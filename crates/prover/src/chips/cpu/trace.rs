//! The CPU's trace from its events.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::CpuInstruction;
use super::columns::{CpuCols, NUM_CPU_COLS, NUM_FLAG_COLS};
use crate::bus::{AccessCols, limbs_val, slot, ts};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;

/// One executed instruction, as the CPU row shows it.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuEvent {
    pub clk: u32,
    pub pc: u32,
    pub next_pc: u32,
    pub instruction: CpuInstruction,
    /// Branch taken, or the low bit JALR cleared.
    pub taken: bool,
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub rv: u32,
    pub rd_prev: u32,
    /// Previous-access timestamps of rs1, rs2 (when read) and rd (when written).
    pub rs1_prev_ts: u32,
    pub rs2_prev_ts: u32,
    pub rd_prev_ts: u32,
}

/// The CPU trace: `events` in order (the last one the halt), then padding rows to a power of
/// two with at least one padding row.
pub fn generate_trace(events: &[CpuEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = (events.len() + 1).next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_CPU_COLS), NUM_CPU_COLS);
    for (i, row) in trace.values.chunks_exact_mut(NUM_CPU_COLS).enumerate() {
        let cols: &mut CpuCols<Val> = row.borrow_mut();
        cols.clk = Val::from_u32(i as u32 + 1);
        let Some(e) = events.get(i) else {
            // The halt's successor, which the halt row constrains.
            if i == events.len() {
                cols.pc = Val::from_u32(events.last().map_or(0, |e| e.next_pc));
            }
            continue;
        };
        let ins = &e.instruction;
        cols.is_real = Val::ONE;
        cols.is_halt = Val::from_bool(i + 1 == events.len());
        cols.pc = Val::from_u32(e.pc);
        cols.op = Val::from_u32(ins.op);
        cols.rd = Val::from_u32(ins.rd);
        cols.rs1 = Val::from_u32(ins.rs1);
        cols.rs2 = Val::from_u32(ins.rs2);
        cols.imm = limbs_val(ins.imm);
        cols.aux = Val::from_u32(ins.aux);
        for (bit, col) in cols.flags.iter_mut().enumerate().take(NUM_FLAG_COLS) {
            *col = Val::from_bool(ins.flags >> bit & 1 == 1);
        }
        cols.taken = Val::from_bool(e.taken);
        cols.a = limbs_val(e.a);
        cols.b = limbs_val(e.b);
        cols.c = limbs_val(e.c);
        cols.rv = limbs_val(e.rv);
        cols.rd_prev = limbs_val(e.rd_prev);
        // rs1's and rs2's `diff_hi` share one byte-pair range check (rs2's is 0 when unread).
        let rs1 = AccessCols::new(e.rs1_prev_ts, ts(e.clk, slot::RS1));
        let rs2 = if ins.has(super::flag::IMM) {
            AccessCols::default()
        } else {
            AccessCols::new(e.rs2_prev_ts, ts(e.clk, slot::RS2))
        };
        bytes.record(ByteOp::Range, rs1.diff_hi as u8, rs2.diff_hi as u8);
        cols.rs1_access = rs1.to_field_without_hi(bytes);
        if !ins.has(super::flag::IMM) {
            cols.rs2_access = rs2.to_field_without_hi(bytes);
        }
        if ins.has(super::flag::WRITE_RD) {
            cols.rd_access = AccessCols::new(e.rd_prev_ts, ts(e.clk, slot::RD)).to_field(bytes);
        }
        if ins.has(super::flag::ADD) {
            bytes.record_u16(e.a as u16);
            bytes.record_u16((e.a >> 16) as u16);
        }
        if ins.has(super::flag::JALR) {
            bytes.record_u16(((e.a >> 16) * 8) as u16);
        }
    }
    trace
}
