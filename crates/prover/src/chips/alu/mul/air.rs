//! The `mul` chip's constraints.

use core::borrow::Borrow;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;

use super::columns::{MulCols, NUM_MUL_COLS};
use super::product::{chunk_sums, eval_product};
use crate::bus::{AluOp, receive_alu};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// The `mul` chip: MUL, MULH, MULHSU and MULHU, one row per op (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct MulAir;

impl BaseAir<Val> for MulAir {
    fn width(&self) -> usize {
        NUM_MUL_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for MulAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &MulCols<AB::Var> = main.current_slice().borrow();
        let e = |v: AB::Var| -> AB::Expr { v.into() };

        let flags = [
            (local.is_mul, AluOp::Mul),
            (local.is_mulh, AluOp::Mulh),
            (local.is_mulhsu, AluOp::Mulhsu),
            (local.is_mulhu, AluOp::Mulhu),
        ];
        let mut real = AB::Expr::ZERO;
        let mut op = AB::Expr::ZERO;
        for (flag, id) in flags {
            builder.assert_bool(flag);
            real += flag.into();
            op += id.expr::<AB::Expr>() * flag.into();
        }
        builder.assert_bool(real.clone());
        builder.assert_bool(local.b_msb);
        builder.assert_bool(local.c_msb);

        let b = local.b.map(e);
        let c = local.c.map(e);
        let byte_pairs = [(0, 1), (2, 3)];
        for (i, j) in byte_pairs {
            lookup_byte_range(builder, b[i].clone(), b[j].clone(), real.clone());
            lookup_byte_range(builder, c[i].clone(), c[j].clone(), real.clone());
        }
        // 2 b3 - 256 b_msb is in 0..256 iff b_msb is b3's top bit (b3 a byte, b_msb boolean).
        let top =
            |byte: AB::Expr, msb: AB::Var| byte * AB::Expr::TWO - e(msb) * AB::Expr::from_u16(256);
        lookup_byte_range(
            builder,
            top(b[3].clone(), local.b_msb),
            top(c[3].clone(), local.c_msb),
            real.clone(),
        );

        // Sign extension: b for MULH and MULHSU, c for MULH (degree 2; the sums are degree 3).
        let b_neg = e(local.b_msb) * (e(local.is_mulh) + e(local.is_mulhsu));
        let c_neg = e(local.c_msb) * e(local.is_mulh);
        let product = local.product.map(e);
        for chunk in &product {
            lookup_u16(builder, chunk.clone(), real.clone());
        }
        eval_product(
            builder,
            chunk_sums(&b, &c, b_neg, c_neg),
            core::array::from_fn(|_| AB::Expr::ZERO),
            product.clone(),
            &local.carry,
            real.clone(),
        );

        // # Soundness
        // Receives `(op, a, b, c)` once per real row. `b`, `c` are the row's bytes (canonical by
        // the RANGE lookups), so they are the words the CPU sent; the product gadget proves
        // `product = B * C mod 2^64` with `B`, `C` sign-extended exactly as `op` requires, and
        // `a` is the low or the high half of it, with limbs below 2^16 (U16 lookups).
        let low = e(local.is_mul);
        let high = e(local.is_mulh) + e(local.is_mulhsu) + e(local.is_mulhu);
        let [p0, p1, p2, p3] = product;
        let limb = |bytes: &[AB::Expr; 4], i: usize| {
            bytes[i].clone() + bytes[i + 1].clone() * AB::Expr::from_u16(256)
        };
        receive_alu(
            builder,
            op,
            [low.clone() * p0 + high.clone() * p2, low * p1 + high * p3],
            [limb(&b, 0), limb(&b, 2)],
            [limb(&c, 0), limb(&c, 2)],
            real,
        );
    }
}

impl ProverAir for MulAir {
    fn name(&self) -> String {
        "mul".into()
    }
}
