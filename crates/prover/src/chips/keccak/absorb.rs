//! The absorb tables: one row per word a `KECCAK_F` call absorbs (see the module doc of
//! [`super`]), receiving `(clk, addr, P, Q, r)` from the `keccak` chip's slot (`r = a1 mod 4`)
//! and proving `P xor A = Q` byte by byte for the word `A` at `addr`.
//!
//! - `keccak-absorb` serves the calls whose `a1` is 4-aligned (`r = 0`): it reads `A` at
//!   `addr` at the call's timestamp.
//! - `keccak-absorb-unaligned` serves the others: it looks `A`'s four bytes up at `addr + i`
//!   on the `keccak-absorb-byte` bus, provided by `keccak-absorb-word` (a
//!   [`crate::chips::word_bytes`] table, one row per guest word those calls read).
//!
//! A call that absorbs nothing (a pure permutation) has no row in either, and a proof without
//! such calls has no such table.

use core::borrow::{Borrow, BorrowMut};

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;

use super::air::{ABSORB_BUS, inv_const};
use super::columns::{AbsorbCols, NUM_ABSORB_COLS, NUM_UNALIGNED_COLS, UnalignedCols};
use crate::bus::{AccessCols, limbs, limbs_val, memory_access, slot, ts, ts_of};
use crate::chips::byte::{ByteLookups, ByteOp, lookup_byte_op};
use crate::chips::word_bytes::WordBytesAir;
use crate::config::Val;
use crate::harness::ProverAir;

/// The bytes of the words unaligned absorbs read, provided by `keccak-absorb-word` and looked
/// up by `keccak-absorb-unaligned`: `(clk, address, byte)`.
pub const ABSORB_BYTE_BUS: LookupBus<'static> = LookupBus::new("keccak-absorb-byte");

/// The `keccak-absorb-word` table: one row per guest word an unaligned absorb reads.
pub const ABSORB_WORD_AIR: WordBytesAir = WordBytesAir {
    name: "keccak-absorb-word",
    bus: ABSORB_BYTE_BUS,
    signed: false,
};

/// The `keccak-absorb` table's AIR.
#[derive(Clone, Debug, Default)]
pub struct KeccakAbsorbAir;

impl BaseAir<Val> for KeccakAbsorbAir {
    fn width(&self) -> usize {
        NUM_ABSORB_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for KeccakAbsorbAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &AbsorbCols<AB::Var> = main.current_slice().borrow();
        let count: AB::Expr = local.is_real.into();
        builder.assert_bool(local.is_real);

        ABSORB_BUS.receive(
            builder,
            [
                local.clk.into(),
                local.addr.into(),
                local.p[0].into(),
                local.p[1].into(),
                local.q[0].into(),
                local.q[1].into(),
                // Only aligned absorbs come here: their word is one aligned read.
                AB::Expr::ZERO,
            ],
            Count::bounded(count.clone(), 1),
        );
        // The absorbed word, read at the call's timestamp (the chip proved the address range).
        let a: [AB::Expr; 2] = [local.a[0].into(), local.a[1].into()];
        memory_access(
            builder,
            local.addr.into(),
            a.clone(),
            a,
            ts_of(local.clk.into(), slot::MEMORY),
            AB::Expr::ZERO,
            &local.access,
            count.clone(),
        );
        // P xor A = Q on each byte; the lookups also prove every byte a byte, so the limbs'
        // splits into bytes are unique.
        let inv256: AB::Expr = inv_const(256);
        let high = |v: AB::Var, low: AB::Var| (v - low) * inv256.clone();
        for j in 0..2 {
            lookup_byte_op(
                builder,
                ByteOp::Xor,
                local.p_low[j].into(),
                local.a_low[j].into(),
                local.q_low[j].into(),
                count.clone(),
            );
            lookup_byte_op(
                builder,
                ByteOp::Xor,
                high(local.p[j], local.p_low[j]),
                high(local.a[j], local.a_low[j]),
                high(local.q[j], local.q_low[j]),
                count.clone(),
            );
        }
    }
}

impl ProverAir for KeccakAbsorbAir {
    fn name(&self) -> String {
        "keccak-absorb".into()
    }
}

/// One absorbed word: the call's `clk`, the word's address, the state word before the call,
/// the absorbed word, and the read's previous timestamp (of the aligned read; unused by
/// `keccak-absorb-unaligned`, whose bytes come from `keccak-absorb-word`).
#[derive(Clone, Copy, Debug)]
pub struct AbsorbWord {
    pub clk: u32,
    pub addr: u32,
    pub p: u32,
    pub a: u32,
    pub prev_ts: u32,
}

/// The table's trace: one row per word, padded with zero rows to a power of two (at least 4).
/// Records the table's byte lookups in `bytes`.
pub fn generate_absorb_trace(words: &[AbsorbWord], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = words.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_ABSORB_COLS), NUM_ABSORB_COLS);
    for (word, row) in words
        .iter()
        .zip(trace.values.chunks_exact_mut(NUM_ABSORB_COLS))
    {
        let cols: &mut AbsorbCols<Val> = row.borrow_mut();
        let q = word.p ^ word.a;
        cols.is_real = Val::ONE;
        cols.clk = Val::from_u32(word.clk);
        cols.addr = Val::from_u32(word.addr);
        cols.p = limbs_val(word.p);
        cols.a = limbs_val(word.a);
        cols.q = limbs_val(q);
        for j in 0..2 {
            cols.p_low[j] = Val::from_u32(limbs(word.p)[j] & 0xff);
            cols.a_low[j] = Val::from_u32(limbs(word.a)[j] & 0xff);
            cols.q_low[j] = Val::from_u32(limbs(q)[j] & 0xff);
        }
        for (pb, ab) in word.p.to_le_bytes().into_iter().zip(word.a.to_le_bytes()) {
            bytes.record(ByteOp::Xor, pb, ab);
        }
        cols.access = AccessCols::new(word.prev_ts, ts(word.clk, slot::MEMORY)).to_field(bytes);
    }
    trace
}

/// The `keccak-absorb-unaligned` table's AIR (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct KeccakAbsorbUnalignedAir;

impl BaseAir<Val> for KeccakAbsorbUnalignedAir {
    fn width(&self) -> usize {
        NUM_UNALIGNED_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for KeccakAbsorbUnalignedAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &UnalignedCols<AB::Var> = main.current_slice().borrow();
        let count: AB::Expr = local.is_real.into();
        builder.assert_bool(local.is_real);

        ABSORB_BUS.receive(
            builder,
            [
                local.clk.into(),
                local.addr.into(),
                local.p[0].into(),
                local.p[1].into(),
                local.q[0].into(),
                local.q[1].into(),
                local.rem.into(),
            ],
            Count::bounded(count.clone(), 1),
        );
        // The absorbed bytes, at the call's timestamp (the chip proved the address range, so
        // they are guest bytes, as `keccak-absorb-word` requires).
        for (i, &a) in local.a.iter().enumerate() {
            ABSORB_BYTE_BUS.lookup_key(
                builder,
                [
                    local.clk.into(),
                    local.addr + AB::Expr::from_usize(i),
                    a.into(),
                ],
                Count::bounded(count.clone(), 1),
            );
        }
        // P xor A = Q on each byte; the lookups also prove every byte a byte, so the limbs'
        // splits into bytes are unique.
        let inv256: AB::Expr = inv_const(256);
        let high = |v: AB::Var, low: AB::Var| (v - low) * inv256.clone();
        for j in 0..2 {
            lookup_byte_op(
                builder,
                ByteOp::Xor,
                local.p_low[j].into(),
                local.a[2 * j].into(),
                local.q_low[j].into(),
                count.clone(),
            );
            lookup_byte_op(
                builder,
                ByteOp::Xor,
                high(local.p[j], local.p_low[j]),
                local.a[2 * j + 1].into(),
                high(local.q[j], local.q_low[j]),
                count.clone(),
            );
        }
    }
}

impl ProverAir for KeccakAbsorbUnalignedAir {
    fn name(&self) -> String {
        "keccak-absorb-unaligned".into()
    }
}

/// The `keccak-absorb-unaligned` trace of `words` (each absorbed from an unaligned `a1`): one
/// row per word, padded with zero rows to a power of two (at least 4). Records the table's
/// byte lookups in `bytes`.
pub fn generate_unaligned_trace(
    words: &[AbsorbWord],
    bytes: &mut ByteLookups,
) -> RowMajorMatrix<Val> {
    let height = words.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(
        Val::zero_vec(height * NUM_UNALIGNED_COLS),
        NUM_UNALIGNED_COLS,
    );
    for (word, row) in words
        .iter()
        .zip(trace.values.chunks_exact_mut(NUM_UNALIGNED_COLS))
    {
        let cols: &mut UnalignedCols<Val> = row.borrow_mut();
        let q = word.p ^ word.a;
        cols.is_real = Val::ONE;
        cols.clk = Val::from_u32(word.clk);
        cols.addr = Val::from_u32(word.addr);
        cols.rem = Val::from_u32(word.addr % 4);
        cols.p = limbs_val(word.p);
        cols.q = limbs_val(q);
        cols.a = word.a.to_le_bytes().map(Val::from_u8);
        for j in 0..2 {
            cols.p_low[j] = Val::from_u32(limbs(word.p)[j] & 0xff);
            cols.q_low[j] = Val::from_u32(limbs(q)[j] & 0xff);
        }
        for (pb, ab) in word.p.to_le_bytes().into_iter().zip(word.a.to_le_bytes()) {
            bytes.record(ByteOp::Xor, pb, ab);
        }
    }
    trace
}
