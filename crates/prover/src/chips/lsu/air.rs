//! The `lsu` chip's AIR: one load or store per row, received on `lsu`, one memory access.

use core::borrow::Borrow;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::InteractionBuilder;

use super::columns::{LsuCols, NUM_LSU_COLS};
use crate::bus::{MEM_START, lsu_message, memory_access, receive_lsu, slot, ts_of};
use crate::chips::byte::{ByteOp, lookup_byte_op, lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// The load/store chip (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct LsuAir;

impl BaseAir<Val> for LsuAir {
    fn width(&self) -> usize {
        NUM_LSU_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for LsuAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &LsuCols<AB::Var> = main.current_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };

        // ## Op flags
        let [byte, half, word, store, unsigned] = [
            local.is_byte,
            local.is_half,
            local.is_word,
            local.is_store,
            local.is_unsigned,
        ]
        .map(e);
        for flag in [&byte, &half, &word, &store, &unsigned] {
            builder.assert_bool(flag.clone());
        }
        let real = byte.clone() + half.clone() + word.clone();
        builder.assert_bool(real.clone());
        let byte_or_half = byte.clone() + half.clone();
        // A store is a real row; an unsigned op is a byte or half load.
        builder.assert_zero(store.clone() * (AB::Expr::ONE - real.clone()));
        builder
            .assert_zero(unsigned.clone() * (AB::Expr::ONE - byte_or_half.clone() + store.clone()));
        // The op id, injective on the flag combinations allowed above:
        // LB 32, LH 33, LW 34, LBU 35, LHU 36, SB 37, SH 38, SW 39.
        let op = real.clone() * c(32)
            + half.clone()
            + word.clone() * c(2)
            + unsigned.clone() * c(3)
            + store.clone() * c(5);

        // ## Address: addr = b + imm mod 2^32, limb by limb.
        let [o0, o1] = [local.o0, local.o1].map(e);
        let [carry_lo, carry_hi, low] = [local.carry_lo, local.carry_hi, local.low].map(e);
        for bit in [
            o0.clone(),
            o1.clone(),
            carry_lo.clone(),
            carry_hi.clone(),
            low.clone(),
        ] {
            builder.assert_bool(bit);
        }
        // Natural alignment: halves have o0 = 0, words o0 = o1 = 0 (the VM traps otherwise).
        builder.assert_zero(half.clone() * o0.clone());
        builder.assert_zero(word.clone() * (o0.clone() + o1.clone()));
        let addr_lo = e(local.b[0]) + e(local.imm[0]) - carry_lo.clone() * c(1 << 16);
        let addr_hi =
            e(local.b[1]) + e(local.imm[1]) + carry_lo.clone() - carry_hi.clone() * c(1 << 16);
        let byte0 = e(local.addr_byte0);
        let inv_256 = AB::Expr::from(Val::from_u32(256).inverse());
        let byte1 = (addr_lo.clone() - byte0.clone()) * inv_256;
        let offset = o0.clone() + o1.clone() * c(2);
        // The word holding the address, with `off = addr & 3` (the AND lookup below).
        let word_addr = addr_lo - offset.clone() + addr_hi.clone() * c(1 << 16);
        // MEM_START <= addr: with `low` (byte1 < 16) the high limb must be nonzero.
        const _: () = assert!(MEM_START == 16 << 8);
        let hi_inv = e(local.hi_inv);
        builder.assert_zero(low.clone() * (addr_hi.clone() * hi_inv.clone() - AB::Expr::ONE));
        builder.assert_zero((AB::Expr::ONE - low.clone()) * hi_inv);
        lookup_byte_op(builder, ByteOp::And, byte0, c(3), offset, real.clone());
        // low = 1 iff byte1 < 16: the second slot is byte1 - 16 or byte1 + 240.
        lookup_byte_range(
            builder,
            byte1.clone(),
            byte1 + low * c(256) - c(16),
            real.clone(),
        );
        lookup_u16(builder, addr_hi * c(8), real.clone());

        // ## The old word: the half S holding the accessed bytes, split at position p.
        let [prev_lo, prev_hi] = local.prev.map(e);
        let [new_lo, new_hi] = local.value.map(e);
        let sel = e(local.sel_byte);
        let other = e(local.other_byte);
        let [aux0, aux1] = [local.aux0, local.aux1].map(e);
        let sign = e(local.sign);
        let p = o0 + half.clone();
        let sel_weight = AB::Expr::ONE + p.clone() * c(255);
        let other_weight = c(256) - p * c(255);
        let half_old = prev_lo.clone() + o1.clone() * (prev_hi.clone() - prev_lo.clone());
        builder.assert_zero(
            half_old - sel.clone() * sel_weight.clone() - other.clone() * other_weight,
        );
        lookup_byte_range(builder, sel.clone(), other.clone(), real.clone());
        lookup_byte_range(builder, aux0.clone(), aux1.clone(), real.clone());

        // ## Loads: a = the selected byte/half/word, extended by `sign`.
        builder.assert_bool(sign.clone());
        // sign only on LB/LH: (1 - byte - half), unsigned and store are booleans, all zero.
        builder.assert_zero(
            sign.clone()
                * (AB::Expr::ONE - byte_or_half.clone() + unsigned.clone() + store.clone()),
        );
        let signed_load = byte_or_half.clone() * (AB::Expr::ONE - store.clone()) - unsigned.clone();
        // aux0 = 2 sel - 256 sign is a byte only if sign is sel's top bit.
        builder.assert_zero(
            signed_load.clone() * (aux0.clone() - sel.clone() * c(2) + sign.clone() * c(256)),
        );
        let not_store = AB::Expr::ONE - store.clone();
        // aux0, aux1 serve stores and the sign check only: zero elsewhere, so every cell of a
        // real row is determined.
        builder.assert_zero(not_store.clone() * aux1.clone());
        builder.assert_zero((not_store.clone() - signed_load.clone()) * aux0.clone());
        let loaded_lo = byte.clone() * sel.clone()
            + half.clone() * (other.clone() + sel.clone() * c(256))
            + word.clone() * prev_lo.clone()
            + sign.clone() * byte * c(0xff00);
        let loaded_hi = word.clone() * prev_hi.clone() + sign.clone() * c(0xffff);
        builder.assert_zero(not_store.clone() * (e(local.a[0]) - loaded_lo));
        builder.assert_zero(not_store.clone() * (e(local.a[1]) - loaded_hi));
        // A load (or padding) writes back what it read.
        builder.assert_zero(not_store.clone() * (new_lo.clone() - prev_lo.clone()));
        builder.assert_zero(not_store * (new_hi.clone() - prev_hi.clone()));

        // ## Stores: replace the selected byte/half (or the word) by the low bits of c.
        let [c_lo, c_hi] = local.c.map(e);
        // The half not holding the access is unchanged (bytes and halves).
        builder.assert_zero(
            (AB::Expr::ONE - word.clone())
                * ((AB::Expr::ONE - o1.clone()) * (new_hi.clone() - prev_hi.clone())
                    + o1 * (new_lo.clone() - prev_lo.clone())),
        );
        // c_lo's bytes: aux0 is the byte that lands on sel_byte's position (c's low byte for SB,
        // its high byte for SH, where sel_byte is S's high byte).
        builder.assert_zero(
            store.clone()
                * (c_lo.clone()
                    - aux0.clone() * (AB::Expr::ONE + half.clone() * c(255))
                    - aux1.clone() * (c(256) - half.clone() * c(255))),
        );
        // The change of the word, limb sum: for SB/SH the selected half changes by the new
        // bytes minus the old ones; for SW the word becomes c.
        let delta = (aux0.clone() - sel.clone()) * sel_weight
            + half * (aux1 - other)
            + word.clone() * (c_lo.clone() + c_hi - prev_lo.clone() - prev_hi.clone() - aux0 + sel);
        builder.assert_zero(
            store.clone()
                * (new_lo.clone() + new_hi.clone() - prev_lo.clone() - prev_hi.clone() - delta),
        );
        builder.assert_zero(store.clone() * word * (new_lo.clone() - c_lo));
        // A store passes `read_only = 0`, so it can only consume a writable cell's state: the
        // code range (read-only on the memory bus) cannot be written. Padding passes 0 too.
        let read_only = e(local.read_only);
        builder.assert_zero((store + AB::Expr::ONE - real.clone()) * read_only.clone());

        // ## Buses
        // # Soundness
        // `exec`: receives the CPU's `(op, clk, a, b, c, imm)` once per real row (`is_real`
        // boolean). The row proves `a` (loads) and the access below from `b`, `imm`, `c`.
        // `memory`: one access at ts = 4 clk + 2 (< 2^24 as clk < 2^22) to the aligned word
        // holding b + imm, receiving `prev` and sending `value` (limbs below 2^16, see
        // the module docs); `is_real` boolean, degree 1. `read_only` may be 1 only on a load,
        // which sends `value = prev`.
        let clk = e(local.clk);
        receive_lsu(
            builder,
            lsu_message(
                op,
                clk.clone(),
                local.a.map(e),
                local.b.map(e),
                local.c.map(e),
                local.imm.map(e),
            ),
            real.clone(),
        );
        memory_access(
            builder,
            word_addr,
            [prev_lo, prev_hi],
            [new_lo, new_hi],
            ts_of(clk, slot::MEMORY),
            read_only,
            &local.access,
            real,
        );
    }
}

impl ProverAir for LsuAir {
    fn name(&self) -> String {
        "lsu".into()
    }
}
