//! The call table's trace, from the execution record's system-call events.

use core::borrow::BorrowMut;

use gluecp_abi::ecall::{COMMIT, INPUT_REMAINING, READ_INPUT, WRITE};
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::{IoAir, REG_A1, REG_A2};
use super::columns::{IoCols, NUM_IO_COLS};
use crate::bus::{AccessCols, MEM_END, MEM_START, limbs, limbs_val, slot, ts};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;
use crate::record::{MemoryAccess, SyscallEvent};

/// Rows of one call: its head, `WRITE`'s pointer row, one row per word transferred.
fn rows_of(event: &SyscallEvent) -> usize {
    1 + usize::from(event.number == WRITE) + event.words.len()
}

/// The running input cursor and journal position.
#[derive(Default)]
struct Positions {
    cursor: u32,
    journal: u32,
}

impl IoAir {
    /// The call table for `events` (this chip's calls, in execution order), recording its byte
    /// lookups in `bytes`. Height: the next power of two above the rows (the last row is always
    /// padding), at least 4.
    ///
    /// Each event's `args` holds its register reads (`a1`, and `a2` for `WRITE`) and `words`
    /// the aligned words overlapping its buffer, in address order (none for `WRITE` and
    /// `INPUT_REMAINING`), all at `ts = 4 clk + 2`.
    ///
    /// The rows are filled from the events as they are, results included, so that a wrong
    /// result shows up as a trace the constraints reject (as a cheating prover's would).
    ///
    /// # Panics
    ///
    /// If the events cannot be laid out: an unknown number, calls out of order, a missing
    /// register read, words that are not the ones overlapping the buffer.
    pub fn generate_trace(
        &self,
        events: &[SyscallEvent],
        bytes: &mut ByteLookups,
    ) -> RowMajorMatrix<Val> {
        let rows: usize = events.iter().map(rows_of).sum();
        let height = (rows + 1).next_power_of_two().max(4);
        let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_IO_COLS), NUM_IO_COLS);
        let mut slots = trace.values.chunks_exact_mut(NUM_IO_COLS);
        let mut positions = Positions::default();
        let mut last_clk = None;
        for event in events {
            let gap = match last_clk {
                Some(last) => {
                    assert!(event.clk > last, "calls out of order at clk {}", event.clk);
                    event.clk - last - 1
                }
                None => 0,
            };
            last_clk = Some(event.clk);
            let head: &mut IoCols<Val> = slots.next().unwrap().borrow_mut();
            self.fill_head(head, event, gap, &positions, bytes);
            match event.number {
                WRITE => {
                    let row: &mut IoCols<Val> = slots.next().unwrap().borrow_mut();
                    fill_common(row, event.clk, &positions);
                    row.write_arg = Val::ONE;
                    let ptr = register(event, REG_A1);
                    let len = register(event, REG_A2).value;
                    fill_register(row, ptr, bytes);
                    row.ptr = Val::from_u32(ptr.value);
                    row.rem = Val::from_u32(len);
                    if len > 0 {
                        self.fill_range(row, ptr.value, ptr.value >> 16, len, false, bytes);
                    }
                }
                READ_INPUT | COMMIT => {
                    let read = event.number == READ_INPUT;
                    let (ptr, len) = if read {
                        (event.a0, event.ret)
                    } else {
                        (event.a0, register(event, REG_A1).value)
                    };
                    fill_words(&mut slots, event, read, ptr, len, &mut positions, bytes);
                }
                _ => {}
            }
        }
        trace
    }

    fn fill_head(
        &self,
        row: &mut IoCols<Val>,
        event: &SyscallEvent,
        clk_gap: u32,
        positions: &Positions,
        bytes: &mut ByteLookups,
    ) {
        fill_common(row, event.clk, positions);
        row.a0 = limbs_val(event.a0);
        row.ret = limbs_val(event.ret);
        row.clk_gap = limbs_val(clk_gap);
        bytes.record_u16(clk_gap as u16);
        let mut slack_hi = 0;
        match event.number {
            READ_INPUT => {
                row.read_head = Val::ONE;
                let len = register(event, REG_A1);
                fill_register(row, len, bytes);
                let (len, count) = (len.value, event.ret);
                let short = count < len;
                let slack = if short { len - count - 1 } else { 0 };
                row.short = Val::from_bool(short);
                row.slack = limbs_val(slack);
                slack_hi = slack >> 16;
                bytes.record_u16(slack as u16);
                self.fill_transfer_head(row, event.a0, count, true, bytes);
                record_ret(event.ret, bytes);
            }
            INPUT_REMAINING => {
                row.remaining_head = Val::ONE;
                record_ret(event.ret, bytes);
            }
            WRITE => {
                row.write_head = Val::ONE;
                let len = register(event, REG_A2);
                fill_register(row, len, bytes);
                row.rem = Val::from_u32(len.value);
            }
            COMMIT => {
                row.commit_head = Val::ONE;
                let len = register(event, REG_A1);
                fill_register(row, len, bytes);
                self.fill_transfer_head(row, event.a0, len.value, false, bytes);
            }
            number => panic!("system call {number} is not served by the io chip"),
        }
        bytes.record(ByteOp::Range, (clk_gap >> 16) as u8, slack_hi as u8);
    }

    /// The pointer, length and range check of a READ_INPUT or COMMIT head.
    fn fill_transfer_head(
        &self,
        row: &mut IoCols<Val>,
        ptr: u32,
        len: u32,
        read: bool,
        bytes: &mut ByteLookups,
    ) {
        row.ptr = Val::from_u32(ptr);
        row.rem = Val::from_u32(len);
        let dest_word = (ptr & 0xffff) >> 2;
        row.dest_word = Val::from_u32(dest_word);
        bytes.record_u16(dest_word as u16);
        if len > 0 {
            self.fill_range(row, ptr, ptr >> 16, len, read, bytes);
        }
    }

    /// The range check of a nonempty buffer `[ptr, ptr + len)` (`ptr_hi`: its top 16 bits).
    fn fill_range(
        &self,
        row: &mut IoCols<Val>,
        ptr: u32,
        ptr_hi: u32,
        len: u32,
        read: bool,
        bytes: &mut ByteLookups,
    ) {
        let above = read && ptr >= self.code_end;
        let low = if above { self.code_end } else { MEM_START };
        let high = if read && !above {
            self.code_start
        } else {
            MEM_END
        };
        // Wrapping: a buffer out of bounds (a record of a call the VM refuses) gives gaps the
        // range checks reject.
        let low_gap = ptr.wrapping_sub(low);
        let high_gap = high.wrapping_sub(ptr).wrapping_sub(len);
        row.nonempty = Val::ONE;
        row.above_code = Val::from_bool(above);
        row.low_gap = limbs_val(low_gap);
        row.high_gap = limbs_val(high_gap);
        bytes.record_u16((8 * ptr_hi) as u16);
        for gap in [low_gap, high_gap] {
            let [lo, hi] = limbs(gap);
            bytes.record_u16(lo as u16);
            bytes.record_u16((4 * hi) as u16);
        }
    }
}

/// The columns every row of a call shares.
fn fill_common(row: &mut IoCols<Val>, clk: u32, positions: &Positions) {
    row.clk = Val::from_u32(clk);
    row.cursor = Val::from_u32(positions.cursor);
    row.journal_pos = Val::from_u32(positions.journal);
}

/// The register read `reg` of `event`.
fn register(event: &SyscallEvent, reg: u32) -> MemoryAccess {
    *event
        .args
        .iter()
        .find(|a| a.addr == reg)
        .unwrap_or_else(|| panic!("call {} at clk {} lacks x{reg}", event.number, event.clk))
}

/// A memory access of the row (`value` is `prev` but on READ_INPUT words).
fn fill_access(row: &mut IoCols<Val>, access: MemoryAccess, bytes: &mut ByteLookups) {
    assert_eq!(
        access.ts,
        ts(row_clk(row), slot::MEMORY),
        "io access at the wrong timestamp"
    );
    let prev = access.prev.to_le_bytes();
    row.addr = Val::from_u32(access.addr);
    row.prev = prev.map(Val::from_u8);
    row.value = access.value.to_le_bytes().map(Val::from_u8);
    row.access = AccessCols::new(access.prev_ts, access.ts).to_field(bytes);
    bytes.record(ByteOp::Range, prev[0], prev[1]);
    bytes.record(ByteOp::Range, prev[2], prev[3]);
}

/// A register read.
fn fill_register(row: &mut IoCols<Val>, access: MemoryAccess, bytes: &mut ByteLookups) {
    assert_eq!(access.prev, access.value, "io register access is a read");
    fill_access(row, access, bytes);
}

fn row_clk(row: &IoCols<Val>) -> u32 {
    use p3_field::PrimeField32;
    row.clk.as_canonical_u32()
}

fn record_ret(ret: u32, bytes: &mut ByteLookups) {
    let [lo, hi] = limbs(ret);
    bytes.record_u16(lo as u16);
    bytes.record(ByteOp::Range, hi as u8, 0);
}

/// The word rows of a transfer of `len` bytes at `ptr`.
fn fill_words<'a>(
    slots: &mut impl Iterator<Item = &'a mut [Val]>,
    event: &SyscallEvent,
    read: bool,
    ptr: u32,
    len: u32,
    positions: &mut Positions,
    bytes: &mut ByteLookups,
) {
    let end = ptr.wrapping_add(len);
    let expected = if len == 0 {
        0
    } else {
        ((end - 1) / 4 - ptr / 4 + 1) as usize
    };
    assert_eq!(
        event.words.len(),
        expected,
        "words of the call at clk {}",
        event.clk
    );
    let mut next = ptr;
    for (i, &access) in event.words.iter().enumerate() {
        let addr = (ptr & !3) + 4 * i as u32;
        assert_eq!(
            access.addr, addr,
            "word {i} of the call at clk {}",
            event.clk
        );
        let row: &mut IoCols<Val> = slots.next().unwrap().borrow_mut();
        fill_common(row, event.clk, positions);
        if read {
            row.read_word = Val::ONE;
        } else {
            row.commit_word = Val::ONE;
            assert_eq!(access.prev, access.value, "COMMIT only reads");
        }
        row.ptr = Val::from_u32(next);
        row.rem = Val::from_u32(end - next);
        let mut moved = 0;
        for k in 0..4u32 {
            let inside = (next..end).contains(&(addr + k));
            row.mask[k as usize] = Val::from_bool(inside);
            moved += u32::from(inside);
        }
        fill_access(row, access, bytes);
        next += moved;
        if read {
            positions.cursor += moved;
        } else {
            positions.journal += moved;
        }
    }
}
