//! The control columns shared by the scalar-multiplication tables (`secp256k1-mul`, and the
//! ed25519 chip's to come): a multiplication `[k] P` takes 256 consecutive rows, one per bit
//! of `k`, least significant first.
//!
//! # Soundness
//!
//! Real rows are a prefix of whole multiplications: the trace's first row starts one, a row
//! after a `last` row starts one (`first`), and a multiplication continues (`cont = real -
//! last`) onto a real row. `step` counts from 0 on a `first` row and must be 255 on a `last`
//! row; `pos` is `step mod 8`, one-hot, rotating from position 0. `clk` and `which` (the
//! request's identity on the table's buses) are constant across a multiplication. The
//! scalar's bytes sit in `krest`, from the current byte on: a byte starts as `krest[0]` in
//! `cur` and loses one bit per step (`cur = 2 cur' + bit`), down to its last bit at the byte's
//! end (`cur = bit`), where `krest` shifts down by a byte. Over the field, a byte `K` and bits
//! `b_j` with `K = sum b_j 2^j` are then integers (both below 256), so the 256 bits are
//! exactly `k`'s, given its bytes range-checked by the sender.

use p3_air::AirBuilder;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, PermutationCheckBus};

use crate::config::Val;

/// Rows per multiplication: one per scalar bit.
pub const STEPS: usize = 256;

/// A multiplication's control columns on one row (step `step`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ScheduleCols<T> {
    pub is_real: T,
    /// The multiplication's first row (step 0).
    pub first: T,
    /// Its last row (step 255).
    pub last: T,
    /// The requesting row's clock and which of its multiplications this is.
    pub clk: T,
    pub which: T,
    pub step: T,
    /// One-hot `step mod 8`.
    pub pos: [T; 8],
    /// The bits of the current scalar byte not yet consumed: `k_byte >> (step mod 8)`.
    pub cur: T,
    /// Bit `step` of `k`.
    pub bit: T,
    /// The scalar's bytes from the current one on (0 past the top).
    pub krest: [T; 32],
}

/// The expressions a table builds on: `real`, `first`, `last`, `cont` (the next row continues
/// this multiplication, degree 1) and `bit`.
pub struct Schedule<E> {
    pub real: E,
    pub first: E,
    pub last: E,
    pub cont: E,
    pub bit: E,
}

/// Constrains the schedule (see the module docs) on `l` with the next row `nx`.
pub fn eval_schedule<AB: InteractionBuilder>(
    builder: &mut AB,
    l: &ScheduleCols<AB::Var>,
    nx: &ScheduleCols<AB::Var>,
) -> Schedule<AB::Expr> {
    let c = |v: u32| AB::Expr::from_u32(v);
    let e = |v: AB::Var| -> AB::Expr { v.into() };
    let one = AB::Expr::ONE;
    let [real, first, last, bit] = [l.is_real, l.first, l.last, l.bit].map(e);
    for flag in [&real, &first, &last, &bit] {
        builder.assert_bool(flag.clone());
    }
    builder.assert_bool(l.which);
    for &p in &l.pos {
        builder.assert_bool(p);
    }
    builder.assert_zero(first.clone() * (one.clone() - real.clone()));
    builder.assert_zero(last.clone() * (one.clone() - real.clone()));
    builder.assert_eq(l.pos.iter().map(|&p| e(p)).sum::<AB::Expr>(), real.clone());

    // Real rows are a prefix of whole multiplications.
    builder
        .when_first_row()
        .assert_eq(first.clone(), real.clone());
    builder
        .when_transition()
        .assert_zero((one.clone() - real.clone()) * e(nx.is_real));
    builder.assert_zero(real.clone() * (e(nx.first) - last.clone() * e(nx.is_real)));
    let cont = real.clone() - last.clone();
    builder.assert_zero(cont.clone() * (one.clone() - e(nx.is_real)));

    // 256 steps, `pos` rotating from position 0.
    builder.assert_zero(first.clone() * e(l.step));
    builder.assert_zero(first.clone() * (one.clone() - e(l.pos[0])));
    builder.assert_zero(last.clone() * (e(l.step) - c(STEPS as u32 - 1)));
    builder.assert_zero(last.clone() * (one.clone() - e(l.pos[7])));
    builder.assert_zero(cont.clone() * (e(nx.step) - e(l.step) - one.clone()));
    builder.assert_zero(cont.clone() * (e(nx.clk) - e(l.clk)));
    builder.assert_zero(cont.clone() * (e(nx.which) - e(l.which)));
    for j in 0..8 {
        builder.assert_zero(cont.clone() * (e(nx.pos[(j + 1) % 8]) - e(l.pos[j])));
    }

    // The scalar's bits.
    let pos7 = e(l.pos[7]);
    builder.assert_zero(e(l.pos[0]) * (e(l.cur) - e(l.krest[0])));
    builder
        .assert_zero((real.clone() - pos7.clone()) * (e(l.cur) - e(nx.cur) * c(2) - bit.clone()));
    builder.assert_zero(pos7.clone() * (e(l.cur) - bit.clone()));
    for j in 0..32 {
        builder.assert_zero((real.clone() - pos7.clone()) * (e(nx.krest[j]) - e(l.krest[j])));
        let shifted = if j + 1 < 32 {
            e(l.krest[j + 1])
        } else {
            AB::Expr::ZERO
        };
        builder
            .assert_zero(pos7.clone() * (one.clone() - last.clone()) * (e(nx.krest[j]) - shifted));
    }
    Schedule {
        real,
        first,
        last,
        cont,
        bit,
    }
}

/// The control columns of step `step` of the multiplication by the scalar with bytes `k`
/// (least significant first) requested by `(clk, which)`.
pub fn fill_schedule(
    cols: &mut ScheduleCols<Val>,
    clk: u32,
    which: u32,
    k: &[u8; 32],
    step: usize,
) {
    cols.is_real = Val::ONE;
    cols.first = Val::from_bool(step == 0);
    cols.last = Val::from_bool(step == STEPS - 1);
    cols.clk = Val::from_u32(clk);
    cols.which = Val::from_u32(which);
    cols.step = Val::from_usize(step);
    cols.pos = core::array::from_fn(|j| Val::from_bool(j == step % 8));
    cols.cur = Val::from_u8(k[step / 8] >> (step % 8));
    cols.bit = Val::from_bool((k[step / 8] >> (step % 8)) & 1 == 1);
    cols.krest = core::array::from_fn(|j| Val::from_u8(k.get(step / 8 + j).copied().unwrap_or(0)));
}

/// A 256-bit number's byte limbs as 16 limbs of 16 bits (for the buses).
pub fn pack<E: PrimeCharacteristicRing>(limbs: &[E]) -> impl Iterator<Item = E> + '_ {
    limbs
        .chunks_exact(2)
        .map(|pair| pair[0].clone() + pair[1].clone() * E::from_u32(256))
}

/// The two buses of a multiplication table: requests `(clk, which, P.x, P.y, k)` and results
/// `(clk, which, [k] P)`, numbers as 16-bit limbs ([`pack`]).
#[derive(Clone, Debug)]
pub struct MulBuses {
    pub requests: PermutationCheckBus<'static>,
    pub results: PermutationCheckBus<'static>,
}

impl MulBuses {
    /// The requester's side: asks for `[k] P` as request `(clk, which)` and receives the
    /// result, `count` (boolean) times.
    #[allow(clippy::too_many_arguments)]
    pub fn request<AB: InteractionBuilder>(
        &self,
        builder: &mut AB,
        clk: AB::Expr,
        which: u32,
        point: [&[AB::Expr]; 2],
        k: &[AB::Expr],
        result: [&[AB::Expr]; 2],
        count: AB::Expr,
    ) {
        let head = [clk, AB::Expr::from_u32(which)];
        let request: Vec<AB::Expr> = head
            .iter()
            .cloned()
            .chain(pack(point[0]))
            .chain(pack(point[1]))
            .chain(pack(k))
            .collect();
        self.requests
            .send(builder, request, Count::bounded(count.clone(), 1));
        let answer: Vec<AB::Expr> = head
            .into_iter()
            .chain(pack(result[0]))
            .chain(pack(result[1]))
            .collect();
        self.results
            .receive(builder, answer, Count::bounded(count, 1));
    }

    /// The table's side: a multiplication's first row receives the request (`base` is `P`
    /// there, `krest` the scalar), its last row sends `result`.
    pub fn serve<AB: InteractionBuilder>(
        &self,
        builder: &mut AB,
        sched: &ScheduleCols<AB::Var>,
        base: [&[AB::Expr]; 2],
        result: [&[AB::Expr]; 2],
    ) {
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let head = [e(sched.clk), e(sched.which)];
        let krest: Vec<AB::Expr> = sched.krest.iter().map(|&v| e(v)).collect();
        let request: Vec<AB::Expr> = head
            .iter()
            .cloned()
            .chain(pack(base[0]))
            .chain(pack(base[1]))
            .chain(pack(&krest))
            .collect();
        self.requests
            .receive(builder, request, Count::bounded(e(sched.first), 1));
        let answer: Vec<AB::Expr> = head
            .into_iter()
            .chain(pack(result[0]))
            .chain(pack(result[1]))
            .collect();
        self.results
            .send(builder, answer, Count::bounded(e(sched.last), 1));
    }
}
