//! The `bitwise` chip's constraints and bus interactions.

use core::borrow::Borrow;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};

use super::columns::{BitwiseCols, NUM_BITWISE_COLS};
use crate::bus::{AluOp, receive_alu};
use crate::chips::byte::{BYTE_BUS, ByteOp};
use crate::config::Val;
use crate::harness::ProverAir;

/// The XOR/OR/AND chip (see the module docs for the columns and the soundness argument).
#[derive(Clone, Copy, Debug, Default)]
pub struct BitwiseAir;

impl BaseAir<Val> for BitwiseAir {
    fn width(&self) -> usize {
        NUM_BITWISE_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

/// The 16-bit limbs of a word given as bytes.
fn limbs_of_bytes<E: PrimeCharacteristicRing>(bytes: [E; 4]) -> [E; 2] {
    let [b0, b1, b2, b3] = bytes;
    let base = E::from_u32(256);
    [b0 + b1 * base.clone(), b2 + b3 * base]
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for BitwiseAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &BitwiseCols<AB::Var> = main.current_slice().borrow();
        let (is_xor, is_or, is_and): (AB::Expr, AB::Expr, AB::Expr) =
            (local.is_xor.into(), local.is_or.into(), local.is_and.into());
        let mut is_real = AB::Expr::ZERO;
        let mut alu_op = AB::Expr::ZERO;
        for (flag, op) in [
            (is_xor.clone(), AluOp::Xor),
            (is_or.clone(), AluOp::Or),
            (is_and, AluOp::And),
        ] {
            builder.assert_bool(flag.clone());
            is_real += flag.clone();
            alu_op += flag * op.expr::<AB::Expr>();
        }
        builder.assert_bool(is_real.clone());
        // XOR looks up XOR; OR and AND look up AND (the byte table has no OR).
        let byte_op = is_xor.clone() * ByteOp::Xor.id_expr::<AB::Expr>()
            + (is_real.clone() - is_xor) * ByteOp::And.id_expr::<AB::Expr>();

        // # Soundness
        // One byte-table lookup per byte: the table only holds byte operands with their true
        // result, so each lookup proves `b[i]`, `c[i]` bytes and its result. For XOR and AND the
        // result looked up is `a[i]`; for OR it is `b[i] + c[i] - a[i]`, which the lookup makes
        // `b[i] & c[i]`, so `a[i] = b[i] + c[i] - (b[i] & c[i]) = b[i] | c[i]` (a byte).
        for i in 0..4 {
            let (a, b, c): (AB::Expr, AB::Expr, AB::Expr) =
                (local.a[i].into(), local.b[i].into(), local.c[i].into());
            let result = a.clone() + is_or.clone() * (b.clone() + c.clone() - a.clone() - a);
            BYTE_BUS.lookup_key(
                builder,
                [byte_op.clone(), b, c, result],
                Count::bounded(is_real.clone(), 1),
            );
        }

        // # Soundness
        // Receives the CPU's `(op, a, b, c)` once per real row, with the limbs recomposed from
        // the looked-up bytes.
        receive_alu(
            builder,
            alu_op,
            limbs_of_bytes(local.a.map(Into::into)),
            limbs_of_bytes(local.b.map(Into::into)),
            limbs_of_bytes(local.c.map(Into::into)),
            is_real,
        );
    }
}

impl ProverAir for BitwiseAir {
    fn name(&self) -> String {
        "bitwise".into()
    }
}
