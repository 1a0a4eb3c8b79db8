//! The `sha256` chip's traces: `p3-sha256-air`'s row for each block, then the call's
//! columns; and the `sha256-word` table of the blocks' words.

use core::borrow::BorrowMut;

use gluecp_abi::ecall::coprocessor::SHA256_COMPRESS;
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;
use p3_sha256_air::{INPUT_WORDS, NUM_SHA256_COLS};

use super::air::ARG_REGS;
use super::columns::{NUM_SHA256_CHIP_COLS, Sha256ChipCols};
use crate::bus::{AccessCols, MEM_END, MEM_START, limbs_val, slot, ts};
use crate::chips::byte::ByteLookups;
use crate::chips::word_bytes::{self, WordRead};
use crate::config::Val;
use crate::record::{MemoryAccess, SyscallEvent};

/// One call, unpacked from its [`SyscallEvent`]: `args` = the reads of `a1` and `a2`; `words`
/// = the 8 state accesses (read and rewritten), then the reads of the blocks' words.
struct Call<'a> {
    event: &'a SyscallEvent,
    a1: u32,
    count: u32,
    state: &'a [MemoryAccess],
    reads: &'a [MemoryAccess],
}

impl<'a> Call<'a> {
    /// # Panics
    ///
    /// If the event is not a well-formed `SHA256_COMPRESS` record with at least one block.
    fn new(event: &'a SyscallEvent) -> Self {
        assert_eq!(event.number, SHA256_COMPRESS, "not a SHA256_COMPRESS event");
        let [a1, a2] = event.args.as_slice() else {
            panic!("SHA256_COMPRESS event: expected the reads of a1 and a2");
        };
        assert_eq!([a1.addr, a2.addr], ARG_REGS);
        assert!(a2.value > 0, "SHA256_COMPRESS event without blocks");
        let (state, reads) = event.words.split_at(8);
        Self {
            event,
            a1: a1.value,
            count: a2.value,
            state,
            reads,
        }
    }

    /// The byte at `addr` of the blocks.
    fn byte(&self, addr: u32) -> u8 {
        let word = self
            .reads
            .iter()
            .find(|r| r.addr == addr & !3)
            .expect("the blocks' words are read");
        (word.value >> (8 * (addr & 3))) as u8
    }

    /// Block `i` as 16 big-endian words.
    fn block(&self, i: u32) -> [u32; 16] {
        core::array::from_fn(|t| {
            let at = self.a1 + 64 * i + 4 * t as u32;
            u32::from_be_bytes(core::array::from_fn(|k| self.byte(at + k as u32)))
        })
    }
}

/// Records `value` as a 16-bit range check if it is one.
fn record_u16(bytes: &mut ByteLookups, value: u32) {
    if let Ok(value) = u16::try_from(value) {
        bytes.record_u16(value);
    }
}

/// The `sha256` trace for `events` (one row per block), recording its byte lookups.
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let calls: Vec<Call<'_>> = events.iter().map(Call::new).collect();
    let rows: usize = calls.iter().map(|c| c.count as usize).sum();
    let height = rows.next_power_of_two().max(4);
    // The compressions' inputs: each block with its chaining state.
    let mut inputs = vec![[0u32; INPUT_WORDS]; height];
    let mut slots = inputs.iter_mut();
    for call in &calls {
        let mut state: [u32; 8] = core::array::from_fn(|w| call.state[w].prev);
        for i in 0..call.count {
            let block = call.block(i);
            let input = slots.next().expect("a row per block");
            input[..16].copy_from_slice(&block);
            input[16..].copy_from_slice(&state);
            let bytes: [u8; 64] =
                core::array::from_fn(|k| (block[k / 4] >> (8 * (3 - k % 4))) as u8);
            sha2::compress256(&mut state, &[bytes.into()]);
        }
    }
    let compressions = p3_sha256_air::generate_trace_rows::<Val>(inputs, 0);

    let mut trace = RowMajorMatrix::new(
        Val::zero_vec(height * NUM_SHA256_CHIP_COLS),
        NUM_SHA256_CHIP_COLS,
    );
    let mut rows = trace.values.chunks_exact_mut(NUM_SHA256_CHIP_COLS);
    let mut compressions = compressions.values.chunks_exact(NUM_SHA256_COLS);
    for row in rows.by_ref() {
        row[..NUM_SHA256_COLS].copy_from_slice(compressions.next().expect("a row each"));
    }
    let mut rows = trace.values.chunks_exact_mut(NUM_SHA256_CHIP_COLS);
    for call in &calls {
        let t = ts(call.event.clk, slot::MEMORY);
        for i in 0..call.count {
            let row: &mut Sha256ChipCols<Val> = rows.next().expect("a row per block").borrow_mut();
            let c = &mut row.call;
            c.is_real = Val::ONE;
            c.first = Val::from_bool(i == 0);
            c.last = Val::from_bool(i == call.count - 1);
            c.clk = Val::from_u32(call.event.clk);
            c.state = limbs_val(call.event.a0);
            c.block = Val::from_u32(call.a1.wrapping_add(64 * i));
            c.rem = Val::from_u32(call.count - 1 - i);
            if i > 0 {
                continue;
            }
            c.a1 = limbs_val(call.a1);
            c.count = limbs_val(call.count);
            c.state_q = Val::from_u32((call.event.a0 & 0xffff) / 4);
            record_u16(bytes, (call.event.a0 & 0xffff) / 4);
            record_u16(bytes, 8 * (call.event.a0 >> 16));
            record_u16(bytes, 8 * (call.a1 >> 16));
            record_u16(bytes, (call.count >> 16) << 14);
            let diffs = [
                call.event.a0.wrapping_sub(MEM_START),
                (MEM_END - 32).wrapping_sub(call.event.a0),
                call.a1.wrapping_sub(MEM_START),
                MEM_END
                    .wrapping_sub(call.a1)
                    .wrapping_sub(call.count.wrapping_mul(64)),
            ];
            for (hi, diff) in c.bound_hi.iter_mut().zip(diffs) {
                *hi = Val::from_u32(diff >> 16);
                if diff < MEM_END {
                    bytes.record_u16(diff as u16);
                    bytes.record_u16((8 * (diff >> 16)) as u16);
                }
            }
            for (cols, access) in c.args.iter_mut().zip(&call.event.args) {
                *cols = AccessCols::new(access.prev_ts, t).to_field(bytes);
            }
            for (cols, access) in c.state_access.iter_mut().zip(call.state) {
                *cols = AccessCols::new(access.prev_ts, t).to_field(bytes);
            }
        }
    }
    trace
}

/// The `sha256-word` table: one row per word of the blocks, recording its byte lookups.
pub fn word_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let reads: Vec<WordRead<'_>> = events
        .iter()
        .map(Call::new)
        .flat_map(|call| {
            let blocks = call.a1..call.a1 + 64 * call.count;
            call.reads.iter().map(move |read| WordRead {
                clk: call.event.clk,
                access: read,
                counts: core::array::from_fn(|k| {
                    u32::from(blocks.contains(&(read.addr + k as u32)))
                }),
            })
        })
        .collect();
    word_bytes::generate_trace(&reads, false, bytes)
}
