//! The `modmul` chip's constraints (see the module docs of [`super`]).

use core::borrow::Borrow;

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::{INVALID, MODMUL256, OK};
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;

use super::columns::{LIMBS, ModmulCols, NUM_MODMUL_COLS, WORDS};
use crate::bus::{eval_operand_range, memory_access_without_hi, receive_syscall, slot, ts_of};
use crate::chips::bigint::{assert_zero_at_256, lookup_carry, poly_mul, poly_sub};
use crate::chips::byte::{lookup_byte_pairs, lookup_byte_range};
use crate::config::Val;
use crate::harness::ProverAir;

/// The timestamp slot of each operand's accesses: x, y and m are read at slots 0, 1 and 2, out
/// is written at slot 3, so that any of them may alias another (each word is accessed at most
/// once per timestamp, and out after every read).
pub const OPERAND_SLOTS: [u32; 4] = [slot::RD, slot::RS1, slot::RS2, slot::MEMORY];

const _: () = assert!(OK == 0 && INVALID == 1, "the status is m_zero");

/// The `modmul` chip (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct ModmulAir;

impl BaseAir<Val> for ModmulAir {
    fn width(&self) -> usize {
        NUM_MODMUL_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ModmulAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let row: &ModmulCols<AB::Var> = main.current_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let real = e(row.is_real);
        let m_zero = e(row.m_zero);
        builder.assert_bool(real.clone());
        builder.assert_bool(m_zero.clone());
        builder.assert_zero(m_zero.clone() * (AB::Expr::ONE - real.clone()));
        // A real call with m != 0: the product relation and r < m hold.
        let active = real.clone() - m_zero.clone();

        // The call: number MODMUL256, a0 = out, status m_zero (OK or INVALID).
        let [out_lo, out_hi] = row.ptr[0].map(e);
        receive_syscall(
            builder,
            [
                e(row.clk),
                c(MODMUL256),
                out_lo,
                out_hi,
                m_zero.clone(),
                AB::Expr::ZERO,
            ],
            real.clone(),
        );

        // The argument registers a1..a3 hold the addresses of x, y and m.
        let ts_args = ts_of(e(row.clk), slot::MEMORY);
        let mut diff_his = Vec::with_capacity(3 + 4 * WORDS);
        for (i, access) in row.args.iter().enumerate() {
            let value = row.ptr[i + 1].map(e);
            diff_his.push(memory_access_without_hi(
                builder,
                c(REG_ARGS[i + 1] as u32),
                value.clone(),
                value,
                ts_args.clone(),
                AB::Expr::ZERO,
                access,
                real.clone(),
            ));
        }

        // Each operand is 4-aligned and lies in [MEM_START, MEM_END).
        for (ptr, range) in row.ptr.iter().zip(&row.range) {
            eval_operand_range(builder, ptr.map(e), 4 * WORDS as u32, range, real.clone());
        }

        // Every limb is a byte.
        let bytes: Vec<AB::Expr> = [&row.x, &row.y, &row.m, &row.r, &row.d]
            .into_iter()
            .flatten()
            .chain(&row.q)
            .map(|&v| e(v))
            .collect();
        for pair in bytes.chunks_exact(2) {
            lookup_byte_range(builder, pair[0].clone(), pair[1].clone(), real.clone());
        }

        // The words: x, y, m read, out written, each word the little-endian bytes of its limbs.
        let word = |limbs: &[AB::Var; LIMBS], w: usize| -> [AB::Expr; 2] {
            let b = |i: usize| e(limbs[4 * w + i]);
            [b(0) + b(1) * c(256), b(2) + b(3) * c(256)]
        };
        let address =
            |k: usize, w: usize| e(row.ptr[k][0]) + e(row.ptr[k][1]) * c(1 << 16) + c(4 * w as u32);
        let operands = [&row.x, &row.y, &row.m];
        for (k, operand) in operands.into_iter().enumerate() {
            let ts = ts_of(e(row.clk), OPERAND_SLOTS[k + 1]);
            for w in 0..WORDS {
                let value = word(operand, w);
                diff_his.push(memory_access_without_hi(
                    builder,
                    address(k + 1, w),
                    value.clone(),
                    value,
                    ts.clone(),
                    AB::Expr::ZERO,
                    &row.reads[WORDS * k + w],
                    real.clone(),
                ));
            }
        }
        let ts_out = ts_of(e(row.clk), OPERAND_SLOTS[0]);
        for w in 0..WORDS {
            diff_his.push(memory_access_without_hi(
                builder,
                address(0, w),
                row.out_prev[w].map(e),
                word(&row.r, w),
                ts_out.clone(),
                AB::Expr::ZERO,
                &row.writes[w],
                real.clone(),
            ));
        }
        // Each access's `diff_hi` is a byte, two per lookup.
        lookup_byte_pairs(builder, &diff_his, real.clone());

        // m = 0: out is 0, and the witnesses of the relations below are 0 (so every cell of
        // a real row is determined).
        let witnesses = [&row.m[..], &row.r, &row.q, &row.d, &row.carry, &row.d_carry];
        for &v in witnesses.into_iter().flatten() {
            builder.assert_zero(m_zero.clone() * e(v));
        }

        // m != 0: x y = q m + r over the integers ...
        let limbs = |v: &[AB::Var]| v.iter().map(|&v| e(v)).collect::<Vec<_>>();
        let (x, y, m, r, q, d) = (
            limbs(&row.x),
            limbs(&row.y),
            limbs(&row.m),
            limbs(&row.r),
            limbs(&row.q),
            limbs(&row.d),
        );
        let relation = poly_sub(&poly_sub(&poly_mul(&x, &y), &poly_mul(&q, &m)), &r);
        assert_zero_at_256(builder, relation, &row.carry, active.clone());
        for &carry in &row.carry {
            lookup_carry(builder, carry, real.clone());
        }
        // ... and r + d + 1 = m with d >= 0 (boolean carries, the top one 0), so r < m and
        // m != 0.
        let mut sum = poly_sub(&r, &m);
        for (s, d) in sum.iter_mut().zip(d) {
            *s += d;
        }
        sum[0] += AB::Expr::ONE;
        for &carry in &row.d_carry {
            builder.assert_bool(carry);
        }
        assert_zero_at_256(builder, sum, &row.d_carry, active);
    }
}

impl ProverAir for ModmulAir {
    fn name(&self) -> String {
        "modmul".into()
    }
}
