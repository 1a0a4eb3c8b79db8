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
use super::columns::{
    AbsorbCols, AbsorbWordCols, NUM_ABSORB_COLS, NUM_UNALIGNED_COLS, UnalignedCols,
};
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
        let word = &local.word;
        // Only aligned absorbs come here (`r = 0`): their word is one aligned read.
        eval_word(
            builder,
            word,
            AB::Expr::ZERO,
            limb_bytes::<AB>(local.a, local.a_low),
        );
        // The absorbed word, read at the call's timestamp (the chip proved the address range).
        let a: [AB::Expr; 2] = [local.a[0].into(), local.a[1].into()];
        memory_access(
            builder,
            word.addr.into(),
            a.clone(),
            a,
            ts_of(word.clk.into(), slot::MEMORY),
            AB::Expr::ZERO,
            &local.access,
            word.is_real.into(),
        );
    }
}

/// The four bytes of a word held as limbs and their low bytes.
fn limb_bytes<AB: InteractionBuilder<F = Val>>(
    limbs: [AB::Var; 2],
    low: [AB::Var; 2],
) -> [AB::Expr; 4] {
    let high = |j: usize| (limbs[j] - low[j]) * inv_const::<AB::Expr>(256);
    [low[0].into(), high(0), low[1].into(), high(1)]
}

/// What both absorb tables prove of a row: `is_real` boolean, the tuple `(clk, addr, P, Q, r)`
/// received (count `is_real`), and `P xor A = Q` on each byte, for the absorbed word's bytes
/// `a`. The XOR lookups also prove every byte a byte, so the limbs' splits into bytes are
/// unique.
fn eval_word<AB: InteractionBuilder<F = Val>>(
    builder: &mut AB,
    w: &AbsorbWordCols<AB::Var>,
    r: AB::Expr,
    a: [AB::Expr; 4],
) {
    let count: AB::Expr = w.is_real.into();
    builder.assert_bool(w.is_real);
    ABSORB_BUS.receive(
        builder,
        [
            w.clk.into(),
            w.addr.into(),
            w.p[0].into(),
            w.p[1].into(),
            w.q[0].into(),
            w.q[1].into(),
            r,
        ],
        Count::bounded(count.clone(), 1),
    );
    for ((p, a), q) in limb_bytes::<AB>(w.p, w.p_low)
        .into_iter()
        .zip(a)
        .zip(limb_bytes::<AB>(w.q, w.q_low))
    {
        lookup_byte_op(builder, ByteOp::Xor, p, a, q, count.clone());
    }
}

/// The low bytes of a word's limbs.
fn low_bytes(v: u32) -> [Val; 2] {
    limbs(v).map(|limb| Val::from_u32(limb & 0xff))
}

/// The columns both absorb tables hold for `word` (`Q = P xor A`), with its XOR lookups
/// recorded.
fn word_cols(word: &AbsorbWord, bytes: &mut ByteLookups) -> AbsorbWordCols<Val> {
    let q = word.p ^ word.a;
    for (pb, ab) in word.p.to_le_bytes().into_iter().zip(word.a.to_le_bytes()) {
        bytes.record(ByteOp::Xor, pb, ab);
    }
    AbsorbWordCols {
        is_real: Val::ONE,
        clk: Val::from_u32(word.clk),
        addr: Val::from_u32(word.addr),
        p: limbs_val(word.p),
        q: limbs_val(q),
        p_low: low_bytes(word.p),
        q_low: low_bytes(q),
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
        cols.word = word_cols(word, bytes);
        cols.a = limbs_val(word.a);
        cols.a_low = low_bytes(word.a);
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
        let word = &local.word;
        let count: AB::Expr = word.is_real.into();
        eval_word(builder, word, local.rem.into(), local.a.map(Into::into));
        // The absorbed bytes, at the call's timestamp (the chip proved the address range, so
        // they are guest bytes, as `keccak-absorb-word` requires).
        for (i, &a) in local.a.iter().enumerate() {
            ABSORB_BYTE_BUS.lookup_key(
                builder,
                [
                    word.clk.into(),
                    word.addr + AB::Expr::from_usize(i),
                    a.into(),
                ],
                Count::bounded(count.clone(), 1),
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
        cols.word = word_cols(word, bytes);
        cols.rem = Val::from_u32(word.addr % 4);
        cols.a = word.a.to_le_bytes().map(Val::from_u8);
    }
    trace
}
