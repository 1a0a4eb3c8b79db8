//! The `divrem` chip's constraints.

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;

use super::columns::{DivRemCols, NUM_DIVREM_COLS};
use crate::bus::{AluOp, receive_alu};
use crate::chips::alu::mul::product::{chunk_sums, eval_product};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// The `divrem` chip: DIV, DIVU, REM and REMU, one row per op (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct DivRemAir;

impl BaseAir<Val> for DivRemAir {
    fn width(&self) -> usize {
        NUM_DIVREM_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for DivRemAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &DivRemCols<AB::Var> = main.current_slice().borrow();
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let k = |v: u32| AB::Expr::from_u32(v);

        let flags = [
            (local.is_div, AluOp::Div),
            (local.is_divu, AluOp::Divu),
            (local.is_rem, AluOp::Rem),
            (local.is_remu, AluOp::Remu),
        ];
        let mut real = AB::Expr::ZERO;
        let mut op = AB::Expr::ZERO;
        for (flag, id) in flags {
            builder.assert_bool(flag);
            real += flag.into();
            op += id.expr::<AB::Expr>() * flag.into();
        }
        builder.assert_bool(real.clone());
        let signed = e(local.is_div) + e(local.is_rem);

        let [b_lo, b_hi] = local.b.map(e);
        let c = local.c.map(e);
        let q = local.q.map(e);
        let [r_lo, r_hi] = local.r.map(e);
        let limb =
            |bytes: &[AB::Expr; 4], i: usize| bytes[i].clone() + bytes[i + 1].clone() * k(256);
        let (c_lo, c_hi) = (limb(&c, 0), limb(&c, 2));
        let (q_lo, q_hi) = (limb(&q, 0), limb(&q, 2));

        // Ranges: bytes of c and q, limbs of r.
        for (i, j) in [(0, 1), (2, 3)] {
            lookup_byte_range(builder, c[i].clone(), c[j].clone(), real.clone());
            lookup_byte_range(builder, q[i].clone(), q[j].clone(), real.clone());
        }
        lookup_u16(builder, r_lo.clone(), real.clone());
        lookup_u16(builder, r_hi.clone(), real.clone());

        // Signs: 0 on unsigned (and padding) rows, the top bits on signed rows.
        let negs = [local.b_neg, local.c_neg, local.q_neg, local.r_neg];
        for neg in negs {
            builder.assert_bool(neg);
            builder.assert_zero(e(neg) * (AB::Expr::ONE - signed.clone()));
        }
        let [b_neg, c_neg, q_neg, r_neg] = negs.map(e);
        let top_byte = |byte: AB::Expr, neg: AB::Expr| byte * AB::Expr::TWO - neg * k(256);
        lookup_byte_range(
            builder,
            top_byte(c[3].clone(), c_neg.clone()),
            top_byte(q[3].clone(), q_neg.clone()),
            signed.clone(),
        );
        let top_limb = |limb: AB::Expr, neg: AB::Expr| limb * AB::Expr::TWO - neg * k(1 << 16);
        lookup_u16(
            builder,
            top_limb(b_hi.clone(), b_neg.clone()),
            signed.clone(),
        );
        lookup_u16(
            builder,
            top_limb(r_hi.clone(), r_neg.clone()),
            signed.clone(),
        );

        // Division by zero: c = 0 and q = 2^32 - 1 (bytes, so the sums pin every byte).
        let c_zero = e(local.c_zero);
        builder.assert_bool(c_zero.clone());
        builder.assert_zero(c_zero.clone() * (AB::Expr::ONE - real.clone()));
        let c_sum = c.iter().cloned().sum::<AB::Expr>();
        let q_sum = q.iter().cloned().sum::<AB::Expr>();
        builder.assert_zero(c_zero.clone() * c_sum.clone());
        builder.assert_zero(c_zero.clone() * (q_sum - k(4 * 255)));

        // Signed overflow: only for b = 2^31, c = 2^32 - 1 on a signed row.
        let overflow = e(local.overflow);
        builder.assert_bool(overflow.clone());
        builder.assert_zero(overflow.clone() * (AB::Expr::ONE - signed.clone()));
        builder.assert_zero(overflow.clone() * b_lo.clone());
        builder.assert_zero(overflow.clone() * (b_hi.clone() - k(1 << 15)));
        builder.assert_zero(overflow.clone() * (c_sum - k(4 * 255)));

        // q * c + r = b (mod 2^64), all sign-extended; on overflow b's high half is 0, not
        // 0xffff_ffff (b_neg = 1 there, so the extension factor stays 0 or 1).
        let r_ext = r_neg.clone() * k(0xffff);
        let b_ext = (b_neg.clone() - overflow) * k(0xffff);
        eval_product(
            builder,
            chunk_sums(&q, &c, q_neg, c_neg.clone()),
            [r_lo.clone(), r_hi.clone(), r_ext.clone(), r_ext],
            [b_lo.clone(), b_hi.clone(), b_ext.clone(), b_ext],
            &local.carry,
            real.clone(),
        );

        // A nonzero remainder has the dividend's sign (vacuous on unsigned rows: both 0).
        builder.assert_zero((b_neg.clone() - r_neg.clone()) * r_lo.clone());
        builder.assert_zero((b_neg - r_neg.clone()) * r_hi.clone());

        // |r| < |c| unless c = 0: |c| - |r| - 1 = diff_lo + 2^16 diff_hi, limb by limb.
        // |x| in limbs: (x_lo, x_hi), or (2^16 - x_lo, 2^16 - 1 - x_hi) when negative; the low
        // one may be 2^16, hence a borrow up to 2.
        let abs = |lo: &AB::Expr, hi: &AB::Expr, neg: &AB::Expr| {
            (
                lo.clone() + neg.clone() * (k(1 << 16) - lo.clone() * AB::Expr::TWO),
                hi.clone() + neg.clone() * (k(0xffff) - hi.clone() * AB::Expr::TWO),
            )
        };
        let (x_lo, x_hi) = abs(&c_lo, &c_hi, &c_neg);
        let (y_lo, y_hi) = abs(&r_lo, &r_hi, &r_neg);
        let [diff_lo, diff_hi] = local.diff.map(e);
        let borrow = e(local.borrow);
        let bound = real.clone() - c_zero;
        builder.assert_zero(
            borrow.clone() * (borrow.clone() - AB::Expr::ONE) * (borrow.clone() - AB::Expr::TWO),
        );
        builder.when(bound.clone()).assert_eq(
            diff_lo.clone(),
            x_lo - y_lo - AB::Expr::ONE + borrow.clone() * k(1 << 16),
        );
        builder
            .when(bound.clone())
            .assert_eq(diff_hi.clone(), x_hi - y_hi - borrow);
        lookup_u16(builder, diff_lo, bound.clone());
        lookup_u16(builder, diff_hi, bound);

        // # Soundness
        // Receives `(op, a, b, c)` once per real row, with `a = q` for DIV / DIVU and `a = r`
        // for REM / REMU; see the module docs for why only the RISC-V result satisfies the row.
        let quotient = e(local.is_div) + e(local.is_divu);
        let remainder = e(local.is_rem) + e(local.is_remu);
        receive_alu(
            builder,
            op,
            [
                quotient.clone() * q_lo + remainder.clone() * r_lo,
                quotient * q_hi + remainder * r_hi,
            ],
            [b_lo, b_hi],
            [c_lo, c_hi],
            real,
        );
    }
}

impl ProverAir for DivRemAir {
    fn name(&self) -> String {
        "divrem".into()
    }
}
