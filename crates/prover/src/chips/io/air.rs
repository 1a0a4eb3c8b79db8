//! The call table's AIR.

use core::borrow::Borrow;
use core::ops::Range;

use gluecp_abi::ecall::{COMMIT, INPUT_REMAINING, READ_INPUT, WRITE};
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};

use super::columns::{IoCols, NUM_IO_COLS};
use super::data::{IO_BUS, IoDataAir};
use crate::bus::{MEM_END, MEM_START, memory_access, receive_syscall, slot, ts_of};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// Register `a1` (x11): the length of `READ_INPUT` and `COMMIT`, the pointer of `WRITE`.
pub const REG_A1: u32 = 11;
/// Register `a2` (x12): the length of `WRITE`.
pub const REG_A2: u32 = 12;

/// The call table of the `io` chip, for one statement: the input length and the read-only code
/// range are constants of its constraints; its data table ([`IoAir::data_air`]) holds the input
/// and journal bytes.
#[derive(Clone, Debug)]
pub struct IoAir {
    pub(super) input_len: u32,
    pub(super) code_start: u32,
    pub(super) code_end: u32,
    pub(super) data: IoDataAir,
}

impl IoAir {
    /// The chip for a run on `input` that commits `journal`, of a program whose read-only code
    /// is `code` (`code_base..code_base + 4 * instructions.len()`, as the VM protects it).
    ///
    /// # Panics
    ///
    /// If the input is 2^24 bytes or longer, or `code` is not inside mapped memory.
    pub fn new(input: &[u8], journal: &[u8], code: Range<u32>) -> Self {
        assert!(input.len() < 1 << 24, "input of {} bytes", input.len());
        assert!(
            MEM_START <= code.start && code.start <= code.end && code.end <= MEM_END,
            "code range {code:#x?} outside mapped memory"
        );
        Self {
            input_len: input.len() as u32,
            code_start: code.start,
            code_end: code.end,
            data: IoDataAir::new(input, journal),
        }
    }

    /// [`IoAir::new`] for `program`'s code range.
    pub fn for_program(program: &gluecp_vm::Program, input: &[u8], journal: &[u8]) -> Self {
        let start = program.code_base();
        let end = start + 4 * program.instructions().len() as u32;
        Self::new(input, journal, start..end)
    }

    /// The data table that goes with this call table (in the same proof).
    pub fn data_air(&self) -> IoDataAir {
        self.data.clone()
    }
}

impl BaseAir<Val> for IoAir {
    fn width(&self) -> usize {
        NUM_IO_COLS
    }
}

/// `b0 + 2^8 b1 + 2^16 b2 + 2^24 b3`.
fn word_of<AB: AirBuilder>(bytes: &[AB::Var; 4]) -> AB::Expr {
    bytes
        .iter()
        .rev()
        .fold(AB::Expr::ZERO, |acc, &b| acc * AB::Expr::from_u32(256) + b)
}

/// `lo + 2^16 hi`.
fn join<AB: AirBuilder>(limbs: &[AB::Var; 2]) -> AB::Expr {
    limbs[0] + limbs[1] * AB::Expr::from_u32(1 << 16)
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for IoAir {
    #[allow(clippy::too_many_lines)]
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &IoCols<AB::Var> = main.current_slice().borrow();
        let next: &IoCols<AB::Var> = main.next_slice().borrow();
        let c = |x: u32| AB::Expr::from_u32(x);
        let one = AB::Expr::ONE;

        // Row kinds: boolean, at most one set.
        let kinds = |r: &IoCols<AB::Var>| {
            [
                r.read_head,
                r.remaining_head,
                r.write_head,
                r.commit_head,
                r.write_arg,
                r.read_word,
                r.commit_word,
            ]
        };
        let sum = |xs: &[AB::Var]| xs.iter().fold(AB::Expr::ZERO, |acc, &x| acc + x);
        builder.assert_bools(kinds(local));
        let real = sum(&kinds(local));
        builder.assert_bool(real.clone());
        let next_real = sum(&kinds(next));
        let is_head = local.read_head + local.remaining_head + local.write_head + local.commit_head;
        let next_is_head =
            next.read_head + next.remaining_head + next.write_head + next.commit_head;
        let is_word = local.read_word + local.commit_word;
        let next_is_word = next.read_word + next.commit_word;
        // Rows whose head range-checks a buffer (or `WRITE`'s pointer row).
        let transfer_head = local.read_head + local.commit_head;

        // Layout: real rows first, the first a head, the last row padding (so every call ends
        // before the end of the trace and its end-of-call constraints below apply).
        builder
            .when_transition()
            .assert_zero((one.clone() - real.clone()) * next_real.clone());
        builder.when_first_row().assert_zero(local.cursor);
        builder.when_first_row().assert_zero(local.journal_pos);
        builder
            .when_first_row()
            .assert_zero(local.write_arg + is_word.clone());
        builder.when_last_row().assert_zero(real.clone());

        // A call is its head, then `WRITE`'s pointer row or the transfer's word rows.
        {
            let mut t = builder.when_transition();
            t.assert_zero(next.write_arg * (one.clone() - local.write_head));
            t.assert_zero(local.write_head * (one.clone() - next.write_arg));
            t.assert_zero(next.read_word * (one.clone() - local.read_head - local.read_word));
            t.assert_zero(next.commit_word * (one.clone() - local.commit_head - local.commit_word));
            // Continuation rows keep the call's clk; a new call comes strictly later.
            t.assert_zero((next.write_arg + next_is_word.clone()) * (next.clk - local.clk));
            t.assert_zero(
                next_is_head.clone()
                    * (next.clk - local.clk - one.clone() - join::<AB>(&next.clk_gap)),
            );
            // The input cursor and the journal position advance by the bytes transferred.
            let moved = sum(&local.mask);
            t.assert_zero(
                next_real.clone() * (next.cursor - local.cursor - local.read_word * moved.clone()),
            );
            t.assert_zero(
                next_real.clone()
                    * (next.journal_pos - local.journal_pos - local.commit_word * moved.clone()),
            );
            // Word after word: the next aligned word, the bytes left shrink.
            t.assert_zero(next_is_word.clone() * is_word.clone() * (next.addr - local.addr - c(4)));
            t.assert_zero(
                next_is_word.clone() * is_word.clone() * (next.ptr - local.ptr - moved.clone()),
            );
            t.assert_zero(
                next_is_word.clone() * is_word.clone() * (next.rem - local.rem + moved.clone()),
            );
            // Head to first word: the word holding the pointer, the whole length left.
            t.assert_zero(
                next_is_word.clone()
                    * transfer_head.clone()
                    * (next.addr - local.dest_word * c(4) - local.a0[1] * c(1 << 16)),
            );
            t.assert_zero(next_is_word.clone() * transfer_head.clone() * (next.ptr - local.ptr));
            t.assert_zero(next_is_word.clone() * transfer_head.clone() * (next.rem - local.rem));
            // End of a transfer: no byte left.
            t.assert_zero(
                is_word.clone() * (one.clone() - next_is_word.clone()) * (local.rem - moved),
            );
            t.assert_zero(transfer_head.clone() * (one.clone() - next_is_word.clone()) * local.rem);
            // WRITE's pointer row carries the length.
            t.assert_zero(next.write_arg * (next.rem - local.rem));
        }

        // Word rows: one contiguous run of masked bytes, starting at `ptr - addr`.
        builder.assert_bools(local.mask);
        let mut starts = Vec::with_capacity(4);
        for k in 0..4 {
            builder.assert_zero(local.mask[k] * (one.clone() - is_word.clone()));
            let start = if k == 0 {
                local.mask[0].into()
            } else {
                local.mask[k] * (one.clone() - local.mask[k - 1])
            };
            starts.push(start);
        }
        let runs = starts.iter().fold(AB::Expr::ZERO, |acc, s| acc + s.clone());
        let offset = starts
            .iter()
            .enumerate()
            .fold(AB::Expr::ZERO, |acc, (k, s)| acc + s.clone() * c(k as u32));
        builder.assert_zero(is_word.clone() * (runs - one.clone()));
        builder.assert_zero(is_word.clone() * (local.ptr - local.addr - offset));
        for k in 0..4 {
            // Only masked bytes of READ_INPUT words change.
            builder.assert_zero((local.value[k] - local.prev[k]) * (one.clone() - local.read_word));
            builder.assert_zero((local.value[k] - local.prev[k]) * (one.clone() - local.mask[k]));
        }

        // Heads and WRITE's pointer row: which register, which pointer, which length.
        let len = word_of::<AB>(&local.prev);
        let a0 = join::<AB>(&local.a0);
        let ret = join::<AB>(&local.ret);
        builder.assert_zero(
            (local.read_head + local.commit_head + local.write_arg) * (local.addr - c(REG_A1)),
        );
        builder.assert_zero(local.write_head * (local.addr - c(REG_A2)));
        builder.assert_zero(transfer_head.clone() * (local.ptr - a0.clone()));
        builder.assert_zero(local.write_arg * (local.ptr - len.clone()));
        builder.assert_zero(local.commit_head * (local.rem - len.clone()));
        builder.assert_zero(local.write_head * (local.rem - len.clone()));
        builder.assert_zero(local.read_head * (local.rem - ret.clone()));
        // A length is at most MAX_TRANSFER = 2^24 (bytes 0..3, byte 3 only for 2^24 itself).
        let [b0, b1, b2, b3] = local.prev;
        builder.assert_zero(is_head.clone() * b3 * (b3 - one.clone()));
        builder.assert_zero(is_head.clone() * b3 * (b0 + b1 + b2));

        // READ_INPUT: count = min(len, input left).
        builder.assert_bool(local.short);
        builder
            .assert_zero(local.read_head * (one.clone() - local.short) * (len.clone() - local.rem));
        builder.assert_zero(
            local.read_head * local.short * (local.cursor + local.rem - c(self.input_len)),
        );
        builder.assert_zero(
            local.read_head
                * (local.short * (len.clone() - local.rem - one.clone())
                    - join::<AB>(&local.slack)),
        );
        // INPUT_REMAINING: the input left.
        builder
            .assert_zero(local.remaining_head * (ret.clone() - c(self.input_len) + local.cursor));
        // WRITE and COMMIT return a0; WRITE's fd is 1 or 2.
        for k in 0..2 {
            builder
                .assert_zero((local.write_head + local.commit_head) * (local.ret[k] - local.a0[k]));
        }
        builder.assert_zero(local.write_head * (local.a0[0] - one.clone()) * (local.a0[0] - c(2)));
        builder.assert_zero(local.write_head * local.a0[1]);

        // A nonempty buffer lies in mapped memory, and READ_INPUT's outside the code:
        // low <= ptr and ptr + rem <= high, with (low, high) = (MEM_START, code_start) or
        // (code_end, MEM_END) for READ_INPUT, (MEM_START or code_end, MEM_END) otherwise.
        builder.assert_bool(local.nonempty);
        builder.assert_bool(local.above_code);
        builder
            .assert_zero(local.nonempty * (one.clone() - transfer_head.clone() - local.write_arg));
        builder.assert_zero(
            (transfer_head.clone() + local.write_arg) * (one.clone() - local.nonempty) * local.rem,
        );
        let low = c(MEM_START) + local.above_code * c(self.code_end - MEM_START);
        let high = c(MEM_END)
            - local.read_head * (one.clone() - local.above_code) * c(MEM_END - self.code_start);
        builder.assert_zero(local.nonempty * (join::<AB>(&local.low_gap) - local.ptr + low));
        builder.assert_zero(
            local.nonempty * (join::<AB>(&local.high_gap) - high + local.ptr + local.rem),
        );

        // # Soundness (buses)
        //
        // `syscall`: each head receives one call, its number fixed by its kind and its result
        // constrained above; the CPU sends one tuple per `ecall`, so every call has exactly one
        // head, and a head no CPU row sent cannot balance.
        let number = local.read_head * c(READ_INPUT)
            + local.remaining_head * c(INPUT_REMAINING)
            + local.write_head * c(WRITE)
            + local.commit_head * c(COMMIT);
        receive_syscall(
            builder,
            [
                local.clk.into(),
                number,
                local.a0[0].into(),
                local.a0[1].into(),
                local.ret[0].into(),
                local.ret[1].into(),
            ],
            is_head.clone(),
        );

        // `memory`: one access per row but INPUT_REMAINING heads, at slot 2 of the call's clk.
        // `prev` is range-checked below, `value` is `prev` or input bytes (bytes from the data
        // table), so the limbs written are in range.
        let accesses = real.clone() - local.remaining_head;
        let limbs = |b: &[AB::Var; 4]| [b[0] + b[1] * c(256), b[2] + b[3] * c(256)];
        memory_access(
            builder,
            local.addr.into(),
            limbs(&local.prev),
            limbs(&local.value),
            ts_of(local.clk.into(), slot::MEMORY),
            AB::Expr::ZERO,
            &local.access,
            accesses.clone(),
        );
        lookup_byte_range(builder, b0.into(), b1.into(), accesses.clone());
        lookup_byte_range(builder, b2.into(), b3.into(), accesses);

        // `io`: each masked byte receives `(tag, position, byte)`: an input byte at the cursor
        // for READ_INPUT, a journal byte at the journal position for COMMIT. The data table
        // only sends the statement's bytes (journal bytes exactly once each), so a wrong byte,
        // a skipped or repeated position, or a missing or extra journal byte cannot balance.
        let base = local.read_word * local.cursor + local.commit_word * local.journal_pos
            - local.ptr
            + local.addr;
        for k in 0..4 {
            IO_BUS.receive(
                builder,
                [
                    local.commit_word.into(),
                    base.clone() + c(k as u32),
                    local.value[k].into(),
                ],
                Count::bounded(local.mask[k].into(), 1),
            );
        }

        // `byte`: the range checks the constraints above rely on.
        let ptr_hi = transfer_head.clone() * local.a0[1] + local.write_arg * (b2 + b3 * c(256));
        lookup_u16(builder, ptr_hi * c(8), local.nonempty.into());
        lookup_u16(builder, local.low_gap[0].into(), local.nonempty.into());
        lookup_u16(builder, local.low_gap[1] * c(4), local.nonempty.into());
        lookup_u16(builder, local.high_gap[0].into(), local.nonempty.into());
        lookup_u16(builder, local.high_gap[1] * c(4), local.nonempty.into());
        lookup_u16(builder, local.dest_word.into(), transfer_head);
        let counted = local.read_head + local.remaining_head;
        lookup_u16(builder, local.ret[0].into(), counted.clone());
        lookup_byte_range(builder, local.ret[1].into(), AB::Expr::ZERO, counted);
        lookup_u16(builder, local.slack[0].into(), local.read_head.into());
        lookup_u16(builder, local.clk_gap[0].into(), is_head.clone());
        lookup_byte_range(
            builder,
            local.clk_gap[1].into(),
            local.slack[1].into(),
            is_head,
        );
    }
}

impl ProverAir for IoAir {
    fn name(&self) -> String {
        "io".into()
    }
}
