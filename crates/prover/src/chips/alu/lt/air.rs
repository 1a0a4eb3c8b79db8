//! The `lt` chip's constraints and bus interactions.

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::InteractionBuilder;

use super::columns::{LtCols, NUM_LT_COLS};
use crate::bus::{AluOp, receive_alu};
use crate::chips::byte::lookup_u16;
use crate::config::Val;
use crate::harness::ProverAir;

/// The SLT/SLTU/EQ chip (see the module docs for the columns and the soundness argument).
#[derive(Clone, Copy, Debug, Default)]
pub struct LtAir;

impl BaseAir<Val> for LtAir {
    fn width(&self) -> usize {
        NUM_LT_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// `2 (limb - 2^15 neg)`: an even number below `2^16` exactly when `neg` is the limb's top bit.
fn sign_check<E: PrimeCharacteristicRing>(limb: E, neg: E) -> E {
    (limb - neg * E::from_u32(1 << 15)) * E::TWO
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for LtAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &LtCols<AB::Var> = main.current_slice().borrow();
        let [b_lo, b_hi] = local.b.map(Into::<AB::Expr>::into);
        let [c_lo, c_hi] = local.c.map(Into::<AB::Expr>::into);
        let [diff_lo, diff_hi] = local.diff.map(Into::<AB::Expr>::into);
        let a: AB::Expr = local.a.into();
        let b_neg_or_inv: AB::Expr = local.b_neg_or_inv.into();
        let c_neg: AB::Expr = local.c_neg.into();
        let is_slt: AB::Expr = local.is_slt.into();
        let is_sltu: AB::Expr = local.is_sltu.into();
        let is_eq: AB::Expr = local.is_eq.into();
        let is_real = is_slt.clone() + is_sltu.clone() + is_eq.clone();

        builder.assert_bool(is_slt.clone());
        builder.assert_bool(is_sltu.clone());
        builder.assert_bool(is_eq.clone());
        builder.assert_bool(is_real.clone());
        builder.assert_bool(a.clone());

        // b - c = diff - 2^32 borrow_hi, limb by limb.
        let inv_2_16: AB::Expr = Val::from_u32(1 << 16).inverse().into();
        let borrow_lo = (c_lo.clone() + diff_lo.clone() - b_lo.clone()) * inv_2_16.clone();
        let borrow_hi =
            (c_hi.clone() + diff_hi.clone() + borrow_lo.clone() - b_hi.clone()) * inv_2_16;
        builder.assert_bool(borrow_lo);
        builder.assert_bool(borrow_hi.clone());

        builder
            .when(is_sltu.clone())
            .assert_eq(a.clone(), borrow_hi.clone());

        let b_neg = b_neg_or_inv.clone();
        builder.when(is_slt.clone()).assert_bool(b_neg.clone());
        builder.when(is_slt.clone()).assert_bool(c_neg.clone());
        builder
            .when(is_slt.clone())
            .assert_eq(a.clone(), borrow_hi + b_neg.clone() - c_neg.clone());

        let inv = b_neg_or_inv.clone();
        let sum = diff_lo.clone() + diff_hi.clone();
        builder
            .when(is_eq.clone())
            .assert_zero(a.clone() * sum.clone());
        builder
            .when(is_eq.clone())
            .assert_one(a.clone() + sum * inv.clone());
        builder.when(is_eq.clone()).assert_zero(a.clone() * inv);

        // The shared columns are 0 where their op does not use them.
        builder
            .assert_zero((AB::Expr::ONE - is_slt.clone() - is_eq.clone()) * b_neg_or_inv.clone());
        builder.assert_zero((AB::Expr::ONE - is_slt.clone()) * c_neg.clone());

        // # Soundness
        // `diff` is a word (the subtraction argument needs it) on every real row; the sign
        // bits are the operands' top bits on SLT rows (see the module docs).
        lookup_u16(builder, diff_lo, is_real.clone());
        lookup_u16(builder, diff_hi, is_real.clone());
        lookup_u16(builder, sign_check(b_hi.clone(), b_neg), is_slt.clone());
        lookup_u16(builder, sign_check(c_hi.clone(), c_neg), is_slt.clone());

        // # Soundness
        // Receives the CPU's `(op, a, 0, b, c)` once per real row; the constraints above fix
        // `a` from `b` and `c` for the op the id names.
        let op = is_slt * AluOp::Slt.expr::<AB::Expr>()
            + is_sltu * AluOp::Sltu.expr::<AB::Expr>()
            + is_eq * AluOp::Eq.expr::<AB::Expr>();
        receive_alu(
            builder,
            op,
            [a, AB::Expr::ZERO],
            [b_lo, b_hi],
            [c_lo, c_hi],
            is_real,
        );
    }
}

impl ProverAir for LtAir {
    fn name(&self) -> String {
        "lt".into()
    }
}
