//! The `add_sub` chip's constraints and bus interactions.

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::InteractionBuilder;

use super::columns::{AddSubCols, NUM_ADD_SUB_COLS};
use crate::bus::{AluOp, receive_alu};
use crate::chips::byte::lookup_u16;
use crate::config::Val;
use crate::harness::ProverAir;

/// The ADD/SUB chip (see the module docs for the columns and the soundness argument).
#[derive(Clone, Copy, Debug, Default)]
pub struct AddSubAir;

impl BaseAir<Val> for AddSubAir {
    fn width(&self) -> usize {
        NUM_ADD_SUB_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// Constrains `x + y = z mod 2^32` (limbs in range) on rows where `when` is 1: both carries,
/// as field expressions, must be boolean. Degree 3.
fn assert_wrapping_sum<AB: AirBuilder<F = Val>>(
    builder: &mut AB,
    when: AB::Expr,
    x: [AB::Expr; 2],
    y: [AB::Expr; 2],
    z: [AB::Expr; 2],
) {
    let inv_2_16: AB::Expr = Val::from_u32(1 << 16).inverse().into();
    let [x0, x1] = x;
    let [y0, y1] = y;
    let [z0, z1] = z;
    let carry_lo = (x0 + y0 - z0) * inv_2_16.clone();
    let carry_hi = (x1 + y1 + carry_lo.clone() - z1) * inv_2_16;
    builder.when(when.clone()).assert_bool(carry_lo);
    builder.when(when).assert_bool(carry_hi);
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for AddSubAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &AddSubCols<AB::Var> = main.current_slice().borrow();
        let a = local.a.map(Into::into);
        let b = local.b.map(Into::into);
        let c = local.c.map(Into::into);
        let is_add: AB::Expr = local.is_add.into();
        let is_sub: AB::Expr = local.is_sub.into();
        let is_real = is_add.clone() + is_sub.clone();

        builder.assert_bool(is_add.clone());
        builder.assert_bool(is_sub.clone());
        builder.assert_bool(is_real.clone());

        // ADD: b + c = a; SUB: a + c = b.
        assert_wrapping_sum(builder, is_add.clone(), b.clone(), c.clone(), a.clone());
        assert_wrapping_sum(builder, is_sub.clone(), a.clone(), c.clone(), b.clone());

        // # Soundness
        // The result's limbs are in 0..2^16 whenever the row receives (the carry argument in
        // the module docs needs it, and the bus invariant asks it of every result).
        let [a_lo, a_hi] = a.clone();
        lookup_u16(builder, a_lo, is_real.clone());
        lookup_u16(builder, a_hi, is_real.clone());

        // # Soundness
        // Receives the CPU's `(op, a, b, c)` once per real row; the op id is 1 or 2 exactly
        // when the matching selector is set, and the constraints above fix `a` given `b, c`.
        let op = is_add * AluOp::Add.expr::<AB::Expr>() + is_sub * AluOp::Sub.expr::<AB::Expr>();
        receive_alu(builder, op, a, b, c, is_real);
    }
}

impl ProverAir for AddSubAir {
    fn name(&self) -> String {
        "add_sub".into()
    }
}
