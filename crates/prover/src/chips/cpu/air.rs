//! The CPU's constraints.

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::InteractionBuilder;

use super::columns::{CpuCols, NUM_CPU_COLS, NUM_FLAG_COLS};
use super::flag;
use crate::bus::{
    alu_message, lsu_message, memory_access, memory_access_without_hi, send_exec, slot,
    syscall_message, ts_of,
};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::chips::program::lookup_instruction;
use crate::config::Val;
use crate::harness::ProverAir;
use crate::proof::PublicValues;

/// Index of the exit code's low limb in the public values.
const EXIT_CODE_LO: usize = PublicValues::NUM_FIELD_ELEMENTS - 2;

/// The CPU: one row per executed instruction, starting at `entry`.
#[derive(Clone, Debug)]
pub struct CpuAir {
    pub entry: u32,
}

impl BaseAir<Val> for CpuAir {
    fn width(&self) -> usize {
        NUM_CPU_COLS
    }

    fn num_public_values(&self) -> usize {
        PublicValues::NUM_FIELD_ELEMENTS
    }
}

/// Index of `bit` among the flag columns.
const fn col(bit: u32) -> usize {
    bit.trailing_zeros() as usize
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for CpuAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &CpuCols<AB::Var> = main.current_slice().borrow();
        let next: &CpuCols<AB::Var> = main.next_slice().borrow();
        let exit_lo: AB::Expr = builder.public_values()[EXIT_CODE_LO].into();
        let exit_hi: AB::Expr = builder.public_values()[EXIT_CODE_LO + 1].into();

        let one = AB::Expr::ONE;
        let f = |bit: u32| -> AB::Expr { local.flags[col(bit)].into() };
        let (f_alu, f_imm, f_lsu, f_branch, f_neg) = (
            f(flag::ALU),
            f(flag::IMM),
            f(flag::LSU),
            f(flag::BRANCH),
            f(flag::NEG),
        );
        let (f_jal, f_jalr, f_ecall, f_wr, f_add) = (
            f(flag::JAL),
            f(flag::JALR),
            f(flag::ECALL),
            f(flag::WRITE_RD),
            f(flag::ADD),
        );
        let is_real: AB::Expr = local.is_real.into();
        let is_halt: AB::Expr = local.is_halt.into();
        let word = |limbs: [AB::Var; 2]| -> AB::Expr {
            limbs[0].into() + limbs[1].into() * AB::Expr::from_u32(1 << 16)
        };
        let pc: AB::Expr = local.pc.into();
        let pc4 = pc.clone() + AB::Expr::from_u32(4);

        // # Soundness
        // Booleans, and no flag outside real rows (padding rows send and write nothing).
        builder.assert_bool(local.is_real);
        builder.assert_bool(local.is_halt);
        builder.assert_bool(local.taken);
        for &flag in &local.flags {
            builder.assert_bool(flag);
            builder.assert_zero((one.clone() - is_real.clone()) * flag.into());
        }

        // The run: starts at `entry` with clk 1, real rows form a prefix ending in one halt row,
        // the trace ends with padding.
        let mut first = builder.when_first_row();
        first.assert_one(local.is_real);
        first.assert_one(local.clk);
        first.assert_eq(local.pc, AB::Expr::from_u32(self.entry));
        builder.when_last_row().assert_zero(local.is_real);
        builder.when_last_row().assert_zero(local.is_halt);
        let mut t = builder.when_transition();
        t.assert_eq(next.clk, local.clk.into() + one.clone());
        t.assert_zero(next.is_real.into() * (one.clone() - is_real.clone()));
        t.assert_eq(local.is_halt, is_real.clone() - next.is_real.into());

        // The halt: an ecall with t0 = HALT = 0; its a0 is the public exit code.
        builder.assert_zero(is_halt.clone() * (one.clone() - f_ecall.clone()));
        builder.assert_zero(is_halt.clone() * local.b[0].into());
        builder.assert_zero(is_halt.clone() * (local.c[0].into() - exit_lo));
        builder.assert_zero(is_halt * (local.c[1].into() - exit_hi));
        // A call number is t0's low limb; the VM refuses numbers of 2^16 and more.
        builder.assert_zero(f_ecall.clone() * local.b[1].into());
        // At most one piece of work per row (the `exec` group below relies on it; the program
        // table never sets two of these flags).
        let f_work = f_alu.clone() + f_lsu.clone() + f_ecall.clone();
        builder.assert_bool(f_work);

        // Operands and results.
        for i in 0..2 {
            builder.assert_zero(f_imm.clone() * (local.c[i].into() - local.imm[i].into()));
            let rv_is_a =
                f_alu.clone() + f_add.clone() + f_lsu.clone() - f_branch.clone() - f_jalr.clone();
            builder.assert_zero(f_wr.clone() * rv_is_a * (local.rv[i].into() - local.a[i].into()));
            builder.assert_zero((one.clone() - f_wr.clone()) * local.rv[i].into());
        }
        // ADD, proven here: `a = b + c mod 2^32` limb by limb, each limb of `a` the sum or the
        // sum less 2^16 (the carry), and range-checked. `b` and `c` have 16-bit limbs (register
        // values, or the program table's immediate), so a limb sum is below 2^17 and exactly
        // one of the two candidates is below 2^16: the lookups pick the right one, and the low
        // carry `(sum_lo - a_lo) / 2^16` is 0 or 1.
        let [a_lo, a_hi]: [AB::Expr; 2] = local.a.map(Into::into);
        let [b_lo, b_hi]: [AB::Expr; 2] = local.b.map(Into::into);
        let [c_lo, c_hi]: [AB::Expr; 2] = local.c.map(Into::into);
        let limb = AB::Expr::from_u32(1 << 16);
        let sum_lo = b_lo + c_lo;
        let carry =
            (sum_lo.clone() - a_lo.clone()) * AB::Expr::from(Val::from_u32(1 << 16).inverse());
        let sum_hi = b_hi + c_hi + carry;
        for (limb_value, sum) in [(a_lo.clone(), sum_lo), (a_hi.clone(), sum_hi)] {
            builder.assert_zero(
                f_add.clone()
                    * (limb_value.clone() - sum.clone())
                    * (limb_value - sum + limb.clone()),
            );
        }
        lookup_u16(builder, a_lo, f_add.clone());
        lookup_u16(builder, a_hi, f_add.clone());

        // JAL and JALR write the link `pc + 4`, whose limbs the program table states (0 when
        // `rd = x0`, where `rv` is 0 too): they are in the fetch below.
        let f_link = f_jal.clone() + f_jalr.clone();

        // Cells a row does not use are 0, so no cell of a trace is free.
        builder.assert_zero((one.clone() - f_branch.clone() - f_jalr.clone()) * local.taken.into());
        for i in 0..2 {
            let a_used = f_alu.clone() + f_add.clone() + f_lsu.clone();
            builder.assert_zero((one.clone() - a_used) * local.a[i].into());
            builder.assert_zero((one.clone() - f_wr.clone()) * local.rd_prev[i].into());
        }
        for (access, unused) in [
            (&local.rs2_access, f_imm.clone()),
            (&local.rd_access, one.clone() - f_wr.clone()),
        ] {
            builder.assert_zero(unused.clone() * access.prev_ts.into());
            builder.assert_zero(unused.clone() * access.diff_lo.into());
            builder.assert_zero(unused * access.diff_hi.into());
        }

        // Control flow: the next row's pc is this instruction's successor. Every real row
        // constrains it (the last row is padding, so the cyclic next row is never involved):
        // the next real row fetches from it, and after the halt it is the halt's pc + 4 on the
        // first padding row, which fetches nothing.
        let taken: AB::Expr = local.taken.into();
        let a_lo: AB::Expr = local.a[0].into();
        builder.assert_zero(
            f_branch.clone()
                * (taken.clone() - (f_neg.clone() + a_lo.clone() - AB::Expr::TWO * f_neg * a_lo)),
        );
        let next_pc: AB::Expr = next.pc.into();
        let aux: AB::Expr = local.aux.into();
        let f_seq = is_real.clone() - f_branch.clone() - f_jal.clone() - f_jalr.clone();
        builder.assert_zero(f_seq * (next_pc.clone() - pc4.clone()));
        builder.assert_zero(
            f_branch * (next_pc.clone() - pc4.clone() - taken.clone() * (aux.clone() - pc4)),
        );
        builder.assert_zero(f_jal * (next_pc.clone() - aux));
        // JALR: next_pc = a - bit0 with a < 2^29 (a's limbs are range-checked by the ALU; this
        // bounds a_hi < 2^13), so the target is canonical and the low bit really is cleared.
        builder.assert_zero(f_jalr.clone() * (next_pc - (word(local.a) - taken)));
        lookup_u16(builder, local.a[1].into() * AB::Expr::from_u32(8), f_jalr);

        // Fetch: the instruction at pc, with the VALID flag (never a padding row) and the link.
        let link = local.rv.map(|limb| f_link.clone() * limb.into());
        let [link_lo, link_hi] = link;
        let mut packed = is_real.clone() * AB::Expr::from_u32(flag::VALID);
        for (i, &flag) in local.flags.iter().enumerate() {
            packed += flag.into() * AB::Expr::from_u32(1 << i);
        }
        debug_assert_eq!(NUM_FLAG_COLS, col(flag::VALID));
        lookup_instruction(
            builder,
            [
                local.pc.into(),
                local.op.into(),
                local.rd.into(),
                local.rs1.into(),
                local.rs2.into(),
                local.imm[0].into(),
                local.imm[1].into(),
                local.aux.into(),
                packed,
                link_lo,
                link_hi,
            ],
            is_real.clone(),
        );

        // Registers: read rs1 (slot 0), read rs2 unless c is the immediate (slot 1), write rd
        // (slot 3).
        let clk: AB::Expr = local.clk.into();
        let b = local.b.map(Into::into);
        let c = local.c.map(Into::into);
        let rs1_hi = memory_access_without_hi(
            builder,
            local.rs1.into(),
            b.clone(),
            b.clone(),
            ts_of(clk.clone(), slot::RS1),
            AB::Expr::ZERO,
            &local.rs1_access,
            is_real.clone(),
        );
        let rs2_hi = memory_access_without_hi(
            builder,
            local.rs2.into(),
            c.clone(),
            c.clone(),
            ts_of(clk.clone(), slot::RS2),
            AB::Expr::ZERO,
            &local.rs2_access,
            is_real.clone() - f_imm,
        );
        // Both timestamp checks' high bytes in one lookup (rs2's is 0 when it is not read).
        lookup_byte_range(builder, rs1_hi, rs2_hi, is_real.clone());
        memory_access(
            builder,
            local.rd.into(),
            local.rd_prev.map(Into::into),
            local.rv.map(Into::into),
            ts_of(clk.clone(), slot::RD),
            AB::Expr::ZERO,
            &local.rd_access,
            f_wr,
        );

        // The work: ALU op, load/store, or system call (the halt excepted), one exclusive group
        // on the `exec` bus.
        let a = local.a.map(Into::into);
        let imm = local.imm.map(Into::into);
        let [b0, _] = b.clone();
        let rv = local.rv.map(Into::into);
        let op: AB::Expr = local.op.into();
        send_exec(
            builder,
            [
                (
                    f_alu,
                    alu_message(op.clone(), a.clone(), b.clone(), c.clone()),
                ),
                (f_lsu, lsu_message(op, clk.clone(), a, b, c.clone(), imm)),
                (
                    f_ecall - local.is_halt.into(),
                    syscall_message(clk, b0, c, rv),
                ),
            ],
        );
    }
}

impl ProverAir for CpuAir {
    fn name(&self) -> String {
        "cpu".into()
    }
}
