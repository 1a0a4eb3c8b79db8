//! The `poseidon2` chip's constraints: `p3-poseidon2-air`'s `Poseidon2Air` on the row prefix,
//! then the call (see the module docs of [`super`]).

use core::borrow::Borrow;

use gluecp_abi::ecall::coprocessor::POSEIDON2_KOALABEAR16;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_koala_bear::{
    GenericPoseidon2LinearLayersKoalaBear, KOALABEAR_POSEIDON2_HALF_FULL_ROUNDS,
    KOALABEAR_POSEIDON2_PARTIAL_ROUNDS_16, KOALABEAR_POSEIDON2_RC_16_EXTERNAL_FINAL,
    KOALABEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL, KOALABEAR_POSEIDON2_RC_16_INTERNAL,
    KOALABEAR_S_BOX_DEGREE,
};
use p3_lookup::InteractionBuilder;
use p3_poseidon2_air::{Poseidon2Air, RoundConstants};

use super::columns::{NUM_PERM_COLS, NUM_POSEIDON2_CHIP_COLS, Poseidon2ChipCols};
use crate::bus::{MEM_END, MEM_START, memory_access, receive_syscall, slot, ts_of};
use crate::chips::byte::lookup_u16;
use crate::chips::keccak::PrefixBuilder;
use crate::config::Val;
use crate::harness::ProverAir;

/// State width.
pub const WIDTH: usize = 16;
/// `x^3`, computed directly (degree 3, no register columns).
pub const SBOX_DEGREE: u64 = KOALABEAR_S_BOX_DEGREE;
pub const SBOX_REGISTERS: usize = 0;
pub const HALF_FULL_ROUNDS: usize = KOALABEAR_POSEIDON2_HALF_FULL_ROUNDS;
pub const PARTIAL_ROUNDS: usize = KOALABEAR_POSEIDON2_PARTIAL_ROUNDS_16;

/// `p3-poseidon2-air` for `default_koalabear_poseidon2_16()`, the permutation the
/// coprocessor runs (and the prover's Merkle trees use).
pub type PermutationAir = Poseidon2Air<
    Val,
    GenericPoseidon2LinearLayersKoalaBear,
    WIDTH,
    SBOX_DEGREE,
    SBOX_REGISTERS,
    HALF_FULL_ROUNDS,
    PARTIAL_ROUNDS,
>;

/// The round constants of `default_koalabear_poseidon2_16()`.
pub fn round_constants() -> RoundConstants<Val, WIDTH, HALF_FULL_ROUNDS, PARTIAL_ROUNDS> {
    RoundConstants::new(
        KOALABEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL,
        KOALABEAR_POSEIDON2_RC_16_INTERNAL,
        KOALABEAR_POSEIDON2_RC_16_EXTERNAL_FINAL,
    )
}

/// High limb of `0x7f00_0000`, the largest canonical value with a zero low limb
/// (`p = 0x7f00_0001`).
pub const TOP_HI: u32 = 0x7f00;

/// The `poseidon2` chip (see the module docs).
#[derive(Clone)]
pub struct Poseidon2ChipAir {
    permutation: std::sync::Arc<PermutationAir>,
}

impl core::fmt::Debug for Poseidon2ChipAir {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Poseidon2ChipAir")
    }
}

impl Default for Poseidon2ChipAir {
    fn default() -> Self {
        Self {
            permutation: std::sync::Arc::new(PermutationAir::new(round_constants())),
        }
    }
}

impl BaseAir<Val> for Poseidon2ChipAir {
    fn width(&self) -> usize {
        NUM_POSEIDON2_CHIP_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for Poseidon2ChipAir {
    fn eval(&self, builder: &mut AB) {
        self.permutation
            .eval(&mut PrefixBuilder::new(builder, NUM_PERM_COLS));

        let main = builder.main();
        let row: &Poseidon2ChipCols<AB::Var> = main.current_slice().borrow();
        let call = &row.call;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let real = e(call.is_real);
        builder.assert_bool(real.clone());

        // The call: number POSEIDON2_KOALABEAR16, `a0` = the state, status OK (0).
        let [a0_lo, a0_hi] = call.a0.map(e);
        receive_syscall(
            builder,
            [
                e(call.clk),
                c(POSEIDON2_KOALABEAR16),
                a0_lo.clone(),
                a0_hi.clone(),
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            real.clone(),
        );
        // The state: 4-aligned, in [0x1000, 2^29 - 64].
        builder.assert_eq(a0_lo.clone(), e(call.a0_q) * c(4));
        lookup_u16(builder, e(call.a0_q), real.clone());
        lookup_u16(builder, a0_hi.clone() * c(8), real.clone());
        let a0 = a0_lo + a0_hi * c(1 << 16);
        let diffs = [
            a0.clone() - c(MEM_START),
            c(MEM_END - 4 * WIDTH as u32) - a0.clone(),
        ];
        for (diff, hi) in diffs.into_iter().zip(call.bound_hi) {
            lookup_u16(builder, diff - e(hi) * c(1 << 16), real.clone());
            lookup_u16(builder, e(hi) * c(8), real.clone());
        }

        let outputs = &row.perm.ending_full_rounds[HALF_FULL_ROUNDS - 1].post;
        let ts = ts_of(e(call.clk), slot::MEMORY);
        for (w, word) in call.words.iter().enumerate() {
            let [in_lo, in_hi] = word.input.map(e);
            let [out_lo, out_hi] = word.output.map(e);
            // The permutation's input and output are the words' values, both canonical: a
            // word is below p exactly when its high limb is at most 0x7eff, or it is
            // 0x7f00_0000.
            builder.assert_zero(
                real.clone() * (e(row.perm.inputs[w]) - in_lo.clone() - in_hi.clone() * c(1 << 16)),
            );
            builder.assert_zero(
                real.clone() * (e(outputs[w]) - out_lo.clone() - out_hi.clone() * c(1 << 16)),
            );
            lookup_u16(builder, out_lo.clone(), real.clone());
            lookup_u16(builder, out_hi.clone(), real.clone());
            for (lo, hi, top) in [
                (&in_lo, &in_hi, word.input_top),
                (&out_lo, &out_hi, word.output_top),
            ] {
                let top = e(top);
                builder.assert_bool(top.clone());
                builder.assert_zero(top.clone() * (hi.clone() - c(TOP_HI)));
                builder.assert_zero(top.clone() * lo.clone());
                lookup_u16(
                    builder,
                    (AB::Expr::ONE - top) * (c(TOP_HI - 1) - hi.clone()),
                    real.clone(),
                );
            }
            memory_access(
                builder,
                a0.clone() + c(4 * w as u32),
                [in_lo, in_hi],
                [out_lo, out_hi],
                ts.clone(),
                AB::Expr::ZERO,
                &word.access,
                real.clone(),
            );
        }
    }
}

impl ProverAir for Poseidon2ChipAir {
    fn name(&self) -> String {
        "poseidon2".into()
    }
}
