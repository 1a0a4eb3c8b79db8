//! The `shift` chip's constraints and bus interactions.

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::InteractionBuilder;

use super::columns::{NUM_SHIFT_COLS, ShiftCols};
use crate::bus::{AluOp, receive_alu};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// The SLL/SRL/SRA chip (see the module docs for the columns and the soundness argument).
#[derive(Clone, Copy, Debug, Default)]
pub struct ShiftAir;

impl BaseAir<Val> for ShiftAir {
    fn width(&self) -> usize {
        NUM_SHIFT_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// Which byte of `product` offset `offset` moves to the result's byte `i`: `Some(j)` for
/// `product[j]`, `None` for a vacated byte (0, or the sign fill of SRA).
pub const fn source_byte(offset: usize, i: usize) -> Option<usize> {
    if offset < 4 {
        // SLL by `offset` bytes.
        i.checked_sub(offset)
    } else {
        // SRL/SRA by `offset - 4` bytes, from `D = b 2^(8 - k)`.
        let j = i + 1 + (offset - 4);
        if j <= 4 { Some(j) } else { None }
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ShiftAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &ShiftCols<AB::Var> = main.current_slice().borrow();
        let [b_lo, b_hi] = local.b.map(Into::<AB::Expr>::into);
        let [c_lo, c_hi] = local.c.map(Into::<AB::Expr>::into);
        let [s0, s1, s2] = local.bits.map(Into::<AB::Expr>::into);
        let pow: AB::Expr = local.pow.into();
        let mult: AB::Expr = local.mult.into();
        let product = local.product.map(Into::<AB::Expr>::into);
        let offset = local.offset.map(Into::<AB::Expr>::into);
        let is_sra: AB::Expr = local.is_sra.into();
        let b_neg: AB::Expr = local.b_neg.into();
        let c = |x: u32| AB::Expr::from_u32(x);

        let is_left = offset[..4].iter().cloned().sum::<AB::Expr>();
        let is_right = offset[4..].iter().cloned().sum::<AB::Expr>();
        let is_real = is_left.clone() + is_right.clone();
        for flag in offset.iter().chain([&s0, &s1, &s2, &is_sra, &b_neg]) {
            builder.assert_bool(flag.clone());
        }
        builder.assert_bool(is_real.clone());
        builder.when(is_sra.clone()).assert_one(is_right.clone());
        builder.assert_zero(b_neg.clone() * (AB::Expr::ONE - is_sra.clone()));

        // pow = 2^k on real rows (0 on padding rows); mult = 2^k left, 2^(8-k) right.
        let two_k = (AB::Expr::ONE + s0.clone())
            * (AB::Expr::ONE + s1.clone() * c(3))
            * (AB::Expr::ONE + s2.clone() * c(15));
        builder.assert_eq(pow.clone(), is_real.clone() + two_k - AB::Expr::ONE);
        builder
            .when(is_left.clone())
            .assert_eq(mult.clone(), pow.clone());
        builder
            .when(is_right.clone())
            .assert_eq(mult.clone() * pow, c(256));

        // b * mult (+ 2^32 (256 - mult) for a negative SRA operand) = product, in two halves
        // joined by `kappa`.
        let inv_2_16: AB::Expr = Val::from_u32(1 << 16).inverse().into();
        let kappa =
            (b_lo.clone() * mult.clone() - product[0].clone() - product[1].clone() * c(256))
                * inv_2_16;
        builder.assert_eq(
            b_hi.clone() * mult.clone()
                + kappa.clone()
                + b_neg.clone() * (c(256) - mult) * c(1 << 16),
            product[2].clone() + product[3].clone() * c(256) + product[4].clone() * c(1 << 16),
        );

        // sh = k + 8 m must be c_lo mod 32.
        let m = (1..4)
            .map(|m| (offset[m].clone() + offset[4 + m].clone()) * c(m as u32))
            .sum::<AB::Expr>();
        let sh = s0 + s1 * c(2) + s2 * c(4) + m * c(8);
        let inv_32: AB::Expr = Val::from_u32(32).inverse().into();

        // # Soundness
        // `(c_lo - sh) / 32` below 2^16 proves `sh = c mod 32`; the product's bytes and
        // `kappa` are bytes, which makes the product constraint exact; on SRA rows `b_neg` is
        // `b`'s top bit (see the module docs). Emitted so that degree-1 lookups share columns.
        lookup_u16(builder, (c_lo.clone() - sh) * inv_32, is_real.clone());
        lookup_byte_range(
            builder,
            product[0].clone(),
            product[1].clone(),
            is_real.clone(),
        );
        lookup_byte_range(
            builder,
            product[2].clone(),
            product[3].clone(),
            is_real.clone(),
        );
        lookup_u16(
            builder,
            (b_hi.clone() - b_neg.clone() * c(1 << 15)) * c(2),
            is_sra.clone(),
        );
        lookup_byte_range(builder, product[4].clone(), kappa, is_real.clone());

        // The result's bytes, moved out of `product` by the offset; vacated bytes are 0, or
        // 255 for a negative SRA operand.
        let fill = b_neg * c(255);
        let a_bytes: [AB::Expr; 4] = core::array::from_fn(|i| {
            (0..8)
                .map(|o| {
                    let byte = match source_byte(o, i) {
                        Some(j) => product[j].clone(),
                        None if o < 4 => AB::Expr::ZERO,
                        None => fill.clone(),
                    };
                    offset[o].clone() * byte
                })
                .sum::<AB::Expr>()
        });
        let [a0, a1, a2, a3] = a_bytes;
        let a = [a0 + a1 * c(256), a2 + a3 * c(256)];

        // # Soundness
        // Receives the CPU's `(op, a, b, c)` once per real row; every column is fixed by
        // `(op, b, c)` (see the module docs), so `a` is the shift's result.
        let op = is_left * AluOp::Sll.expr::<AB::Expr>()
            + is_right * AluOp::Srl.expr::<AB::Expr>()
            + is_sra * (AluOp::Sra.expr::<AB::Expr>() - AluOp::Srl.expr::<AB::Expr>());
        receive_alu(builder, op, a, [b_lo, b_hi], [c_lo, c_hi], is_real);
    }
}

impl ProverAir for ShiftAir {
    fn name(&self) -> String {
        "shift".into()
    }
}
