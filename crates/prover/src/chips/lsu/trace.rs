//! The `lsu` trace: one row per [`LsuEvent`], padded with zero rows.

use core::borrow::BorrowMut;

use p3_field::{Field, PrimeCharacteristicRing};
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{LsuCols, NUM_LSU_COLS};
use crate::bus::{AccessCols, AluOp, limbs_val, slot, ts};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::LsuEvent;

/// The `lsu` trace for `events`, recording its byte lookups in `bytes`.
///
/// The row takes `a` (loads) and the stored word (`access.value`) from the event as they are,
/// and derives everything else from `b`, `imm`, `c` and `access.prev`: an event the VM could
/// not have produced (a wrong loaded value, a misaligned or unmapped address) gives a row
/// that fails the AIR rather than a panic, and lookups that cannot exist are left unrecorded.
///
/// # Panics
///
/// If an event is not a load or store, or its `access.prev_ts` is not below `4 clk + 2`.
pub fn generate_trace(events: &[LsuEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_LSU_COLS), NUM_LSU_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_LSU_COLS).zip(events) {
        fill_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn fill_row(row: &mut LsuCols<Val>, event: &LsuEvent, bytes: &mut ByteLookups) {
    let (width, store, unsigned) = match event.op {
        AluOp::Lb => (1, false, false),
        AluOp::Lh => (2, false, false),
        AluOp::Lw => (4, false, false),
        AluOp::Lbu => (1, false, true),
        AluOp::Lhu => (2, false, true),
        AluOp::Sb => (1, true, false),
        AluOp::Sh => (2, true, false),
        AluOp::Sw => (4, true, false),
        op => panic!("{op:?} is not a load or store"),
    };
    row.clk = Val::from_u32(event.clk);
    row.a = limbs_val(event.a);
    row.b = limbs_val(event.b);
    row.c = limbs_val(event.c);
    row.imm = limbs_val(event.imm);
    row.is_byte = Val::from_bool(width == 1);
    row.is_half = Val::from_bool(width == 2);
    row.is_word = Val::from_bool(width == 4);
    row.is_store = Val::from_bool(store);
    row.is_unsigned = Val::from_bool(unsigned);

    // Address limbs with their carries, as the AIR adds them.
    let sum_lo = (event.b & 0xffff) + (event.imm & 0xffff);
    let carry_lo = sum_lo >> 16;
    let addr_lo = sum_lo & 0xffff;
    let sum_hi = (event.b >> 16) + (event.imm >> 16) + carry_lo;
    let addr_hi = sum_hi & 0xffff;
    let [byte0, byte1] = [addr_lo & 0xff, addr_lo >> 8];
    let (o0, o1) = (addr_lo & 1, (addr_lo >> 1) & 1);
    let low = byte1 < 16;
    row.o0 = Val::from_u32(o0);
    row.o1 = Val::from_u32(o1);
    row.carry_lo = Val::from_u32(carry_lo);
    row.carry_hi = Val::from_u32(sum_hi >> 16);
    row.addr_byte0 = Val::from_u32(byte0);
    row.low = Val::from_bool(low);
    if low && addr_hi != 0 {
        row.hi_inv = Val::from_u32(addr_hi).inverse();
    }
    bytes.record(ByteOp::And, byte0 as u8, 3);
    bytes.record(
        ByteOp::Range,
        byte1 as u8,
        (byte1 + 256 * u32::from(low) - 16) as u8,
    );
    if addr_hi < 1 << 13 {
        bytes.record_u16((8 * addr_hi) as u16);
    }

    // The old half holding the access, split at the accessed byte's position.
    let prev = event.access.prev;
    let half_old = if o1 == 1 { prev >> 16 } else { prev & 0xffff };
    let high_first = o0 == 1 || width == 2;
    let (sel, other) = if high_first {
        (half_old >> 8, half_old & 0xff)
    } else {
        (half_old & 0xff, half_old >> 8)
    };
    row.prev = limbs_val(prev);
    row.value = limbs_val(event.access.value);
    row.sel_byte = Val::from_u32(sel);
    row.other_byte = Val::from_u32(other);
    bytes.record(ByteOp::Range, sel as u8, other as u8);

    let c_lo = event.c & 0xffff;
    let signed_load = !store && !unsigned && width < 4;
    let sign = signed_load && sel >= 0x80;
    let (aux0, aux1) = if store && width == 2 {
        (c_lo >> 8, c_lo & 0xff)
    } else if store {
        (c_lo & 0xff, c_lo >> 8)
    } else if signed_load {
        (2 * sel - if sign { 256 } else { 0 }, 0)
    } else {
        (0, 0)
    };
    row.aux0 = Val::from_u32(aux0);
    row.aux1 = Val::from_u32(aux1);
    row.sign = Val::from_bool(sign);
    bytes.record(ByteOp::Range, aux0 as u8, aux1 as u8);

    row.read_only = Val::from_bool(event.access.read_only);
    row.access = AccessCols::new(event.access.prev_ts, ts(event.clk, slot::MEMORY)).to_field(bytes);
}
