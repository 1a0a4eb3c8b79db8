//! The `poseidon2` chip's trace: `p3-poseidon2-air`'s row for each call's input state, then
//! the call's columns.

use core::borrow::BorrowMut;

use gluecp_abi::ecall::coprocessor::POSEIDON2_KOALABEAR16;
use p3_field::PrimeCharacteristicRing;
use p3_koala_bear::GenericPoseidon2LinearLayersKoalaBear;
use p3_matrix::dense::RowMajorMatrix;

use super::air::{
    HALF_FULL_ROUNDS, PARTIAL_ROUNDS, SBOX_DEGREE, SBOX_REGISTERS, TOP_HI, WIDTH, round_constants,
};
use super::columns::{NUM_PERM_COLS, NUM_POSEIDON2_CHIP_COLS, Poseidon2ChipCols};
use crate::bus::{AccessCols, MEM_END, MEM_START, limbs, limbs_val, slot, ts};
use crate::chips::byte::ByteLookups;
use crate::config::Val;
use crate::record::SyscallEvent;

/// Records `value` as a 16-bit range check if it is one.
fn record_u16(bytes: &mut ByteLookups, value: u32) {
    if let Ok(value) = u16::try_from(value) {
        bytes.record_u16(value);
    }
}

/// The canonical-form check of a word (see the AIR): its `top` flag and the 16-bit value it
/// looks up (none if the word is not below p).
fn canonical(word: u32, bytes: &mut ByteLookups) -> Val {
    let [lo, hi] = limbs(word);
    let top = hi == TOP_HI && lo == 0;
    if !top {
        record_u16(bytes, (TOP_HI - 1).wrapping_sub(hi));
    } else {
        bytes.record_u16(0);
    }
    Val::from_bool(top)
}

/// The `poseidon2` trace for `events` (one row per call), recording its byte lookups.
///
/// Rows are derived from each call's state accesses: an event with a wrong output or a
/// non-canonical input gives rows that fail the AIR (its impossible lookups unrecorded)
/// rather than a panic.
///
/// # Panics
///
/// If an event is not a `POSEIDON2_KOALABEAR16` call with 16 word accesses.
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut inputs = vec![[Val::ZERO; WIDTH]; height];
    for (input, event) in inputs.iter_mut().zip(events) {
        assert_eq!(event.number, POSEIDON2_KOALABEAR16, "not a Poseidon2 call");
        assert_eq!(event.words.len(), WIDTH, "Poseidon2: 16 state accesses");
        for (x, access) in input.iter_mut().zip(&event.words) {
            *x = Val::from_u32(access.prev);
        }
    }
    let perms = p3_poseidon2_air::generate_trace_rows::<
        Val,
        GenericPoseidon2LinearLayersKoalaBear,
        WIDTH,
        SBOX_DEGREE,
        SBOX_REGISTERS,
        HALF_FULL_ROUNDS,
        PARTIAL_ROUNDS,
    >(inputs, &round_constants(), 0);

    let mut trace = RowMajorMatrix::new(
        Val::zero_vec(height * NUM_POSEIDON2_CHIP_COLS),
        NUM_POSEIDON2_CHIP_COLS,
    );
    for (row, perm) in trace
        .values
        .chunks_exact_mut(NUM_POSEIDON2_CHIP_COLS)
        .zip(perms.values.chunks_exact(NUM_PERM_COLS))
    {
        row[..NUM_PERM_COLS].copy_from_slice(perm);
    }
    for (row, event) in trace
        .values
        .chunks_exact_mut(NUM_POSEIDON2_CHIP_COLS)
        .zip(events)
    {
        let row: &mut Poseidon2ChipCols<Val> = row.borrow_mut();
        let call = &mut row.call;
        let t = ts(event.clk, slot::MEMORY);
        call.is_real = Val::ONE;
        call.clk = Val::from_u32(event.clk);
        call.a0 = limbs_val(event.a0);
        call.a0_q = Val::from_u32((event.a0 & 0xffff) / 4);
        record_u16(bytes, (event.a0 & 0xffff) / 4);
        record_u16(bytes, 8 * (event.a0 >> 16));
        let diffs = [
            event.a0.wrapping_sub(MEM_START),
            (MEM_END - 4 * WIDTH as u32).wrapping_sub(event.a0),
        ];
        for (hi, diff) in call.bound_hi.iter_mut().zip(diffs) {
            *hi = Val::from_u32(diff >> 16);
            if diff < MEM_END {
                bytes.record_u16(diff as u16);
                bytes.record_u16((8 * (diff >> 16)) as u16);
            }
        }
        for (word, access) in call.words.iter_mut().zip(&event.words) {
            word.input = limbs_val(access.prev);
            word.output = limbs_val(access.value);
            let [out_lo, out_hi] = limbs(access.value);
            bytes.record_u16(out_lo as u16);
            bytes.record_u16(out_hi as u16);
            word.input_top = canonical(access.prev, bytes);
            word.output_top = canonical(access.value, bytes);
            word.access = AccessCols::new(access.prev_ts, t).to_field(bytes);
        }
    }
    trace
}
