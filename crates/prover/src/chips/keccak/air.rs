//! The `keccak` chip's constraints: `p3-keccak-air`'s `KeccakAir` on the row prefix, then the
//! call, the absorb and the memory accesses (see the module doc of [`super`]).

use core::borrow::Borrow;

use gluecp_abi::ecall::coprocessor::KECCAK_F;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_keccak_air::{KeccakAir, NUM_KECCAK_COLS, NUM_ROUNDS};
use p3_lookup::{Count, InteractionBuilder, PermutationCheckBus};

use super::columns::{KeccakChipCols, NUM_KECCAK_CHIP_COLS, SLOTS, slot_word};
use super::sub_builder::PrefixBuilder;
use crate::bus::{memory_access_without_hi, receive_syscall, slot as ts_slot, ts_of};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// Register read for the absorb pointer (`a1`).
pub const REG_A1: u32 = 11;
/// Register read for the absorb length (`a2`).
pub const REG_A2: u32 = 12;
/// The `keccak-absorb` bus: `(clk, a1 + 4 w, P, Q, r)` for each absorbed word `w`, with
/// `r = a1 mod 4`, sent by the `keccak` chip's slot and received by a table that proves
/// `Q = P xor A` for the word `A` at `a1 + 4 w`: `keccak-absorb` (`r = 0`, a word read) or
/// `keccak-absorb-unaligned` (any `r`, four byte lookups).
pub const ABSORB_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("keccak-absorb");
/// Width of an [`ABSORB_BUS`] tuple.
pub const ABSORB_TUPLE_LEN: usize = 7;

/// Lowest guest word address, [`crate::bus::MEM_START`].
const MEM_START: u32 = crate::bus::MEM_START;

/// The pointer-range checks of a call: one 16-bit lookup on each of rows `0..=10` of the
/// permutation (see [`MiscCheck`]).
pub const NUM_MISC_CHECKS: usize = 11;

/// What the 16-bit lookup of row `r < NUM_MISC_CHECKS` checks (`bit`: the row's `bit` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MiscCheck {
    /// `a0_lo / 4`: the state is 4-aligned.
    A0Aligned,
    /// `a0_lo - MEM_START + 2^16 bit` (`bit`: the borrow) ...
    A0LowerLo,
    /// ... and `a0_hi - bit`: `a0 >= MEM_START`.
    A0LowerHi,
    /// `a0_lo + 199 - 2^16 bit` (`bit`: the carry) ...
    A0UpperLo,
    /// ... and `8 (a0_hi + bit)`: `a0 + 199 < 2^29`.
    A0UpperHi,
    /// `a2 / 8`: the length is a multiple of 8.
    A2Multiple,
    /// `(a1_lo - r) / 4` (`r` = the call's `a1_rem` bits): `r = a1 mod 4`. Then, as the
    /// `A0*` checks, for `a1` and the length `a2`. All made only when `a2 > 0`.
    A1Word,
    A1LowerLo,
    A1LowerHi,
    A1UpperLo,
    A1UpperHi,
}

impl MiscCheck {
    /// The check of each row, in row order.
    pub const ALL: [Self; NUM_MISC_CHECKS] = [
        Self::A0Aligned,
        Self::A0LowerLo,
        Self::A0LowerHi,
        Self::A0UpperLo,
        Self::A0UpperHi,
        Self::A2Multiple,
        Self::A1Word,
        Self::A1LowerLo,
        Self::A1LowerHi,
        Self::A1UpperLo,
        Self::A1UpperHi,
    ];

    /// Whether the check is of the absorb range (made only when `a2 > 0`).
    pub const fn of_absorb(self) -> bool {
        matches!(
            self,
            Self::A1Word | Self::A1LowerLo | Self::A1LowerHi | Self::A1UpperLo | Self::A1UpperHi
        )
    }

    /// Whether this row's `bit` must equal the next row's (the pair `*Lo`, `*Hi`).
    pub const fn bit_carries(self) -> bool {
        matches!(
            self,
            Self::A0LowerLo | Self::A0UpperLo | Self::A1LowerLo | Self::A1UpperLo
        )
    }

    /// Whether the check reads the row's `bit`.
    pub const fn uses_bit(self) -> bool {
        !matches!(self, Self::A0Aligned | Self::A2Multiple | Self::A1Word)
    }

    /// The checked value from the pointer limbs `(lo, hi)`, `r = a1 mod 4`, the length and
    /// the row's `bit`.
    pub fn value<E: PrimeCharacteristicRing + From<Val>>(
        self,
        a0: [E; 2],
        a1: [E; 2],
        a1_rem: E,
        a2: E,
        bit: E,
    ) -> E {
        let two16 = E::from_u32(1 << 16);
        let quarter: E = inv_const(4);
        let eighth: E = inv_const(8);
        let [a0_lo, a0_hi] = a0;
        let [a1_lo, a1_hi] = a1;
        match self {
            Self::A0Aligned => a0_lo * quarter,
            Self::A0LowerLo => a0_lo - E::from_u32(MEM_START) + two16 * bit,
            Self::A0LowerHi => a0_hi - bit,
            Self::A0UpperLo => a0_lo + E::from_u32(199) - two16 * bit,
            Self::A0UpperHi => (a0_hi + bit) * E::from_u32(8),
            Self::A2Multiple => a2 * eighth,
            Self::A1Word => (a1_lo - a1_rem) * quarter,
            Self::A1LowerLo => a1_lo - E::from_u32(MEM_START) + two16 * bit,
            Self::A1LowerHi => a1_hi - bit,
            Self::A1UpperLo => a1_lo + a2 - E::ONE - two16 * bit,
            Self::A1UpperHi => (a1_hi + bit) * E::from_u32(8),
        }
    }
}

/// The field element `1 / n` as an expression.
pub(super) fn inv_const<E: PrimeCharacteristicRing + From<Val>>(n: u32) -> E {
    use p3_field::Field;
    E::from(Val::from_u32(n).inverse())
}

/// The Keccak-f coprocessor chip (`KECCAK_F`, call number 0x100).
#[derive(Clone, Debug, Default)]
pub struct KeccakChipAir;

impl BaseAir<Val> for KeccakChipAir {
    fn width(&self) -> usize {
        NUM_KECCAK_CHIP_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for KeccakChipAir {
    fn eval(&self, builder: &mut AB) {
        // The permutation: p3-keccak-air's own constraints on the prefix of the row.
        KeccakAir {}.eval(&mut PrefixBuilder::new(builder, NUM_KECCAK_COLS));

        let main = builder.main();
        let local: &KeccakChipCols<AB::Var> = main.current_slice().borrow();
        let next: &KeccakChipCols<AB::Var> = main.next_slice().borrow();
        let flags = local.keccak.step_flags;
        let flag = |r: usize| -> AB::Expr { flags[r].into() };
        let first: AB::Expr = flag(0);
        let last: AB::Expr = flag(NUM_ROUNDS - 1);
        let export: AB::Expr = local.keccak.export.into();
        let call = &local.call;
        let is_real: AB::Expr = call.is_real.into();
        let a0: AB::Expr = call.a0[0] + call.a0[1] * AB::Expr::from_u32(1 << 16);
        let a1: AB::Expr = call.a1[0] + call.a1[1] * AB::Expr::from_u32(1 << 16);
        let ts: AB::Expr = ts_of(call.clk.into(), ts_slot::MEMORY);

        // The call: constant over the permutation, real only where the trace says so.
        builder.assert_bool(call.is_real);
        builder.assert_bool(call.has_absorb);
        builder.assert_bool(local.bit);
        // `r = a1 mod 4` (with the `A1Word` check), 0 when nothing is absorbed.
        let a1_rem: AB::Expr = call.a1_rem[0] + call.a1_rem[1] * AB::Expr::TWO;
        for bit in call.a1_rem {
            builder.assert_bool(bit);
            builder
                .when(AB::Expr::ONE - call.has_absorb.into())
                .assert_zero(bit);
        }
        builder.when_last_row().assert_zero(call.is_real);
        // export (boolean and 0 off the last round: KeccakAir) marks the last round of a real
        // permutation, where the call is received: exactly one receive per real permutation.
        builder.assert_eq(export.clone(), is_real.clone() * last.clone());
        let constant: [(AB::Var, AB::Var); 10] = [
            (call.is_real, next.call.is_real),
            (call.clk, next.call.clk),
            (call.a0[0], next.call.a0[0]),
            (call.a0[1], next.call.a0[1]),
            (call.a1[0], next.call.a1[0]),
            (call.a1[1], next.call.a1[1]),
            (call.a2, next.call.a2),
            (call.has_absorb, next.call.has_absorb),
            (call.a1_rem[0], next.call.a1_rem[0]),
            (call.a1_rem[1], next.call.a1_rem[1]),
        ];
        {
            let within = builder.is_transition() * (AB::Expr::ONE - last.clone());
            let mut b = builder.when(within);
            for (l, n) in constant {
                b.assert_eq(l, n);
            }
            // The output words, constant over the permutation too.
            for (l, n) in local.out.iter().zip(&next.out) {
                b.assert_eq(l[0], n[0]);
                b.assert_eq(l[1], n[1]);
            }
        }
        // On the last round (of every permutation, padding too) they are KeccakAir's output.
        {
            let mut b = builder.when(last.clone());
            for (w, out) in local.out.iter().enumerate() {
                let (y, x, limb) = word_limb(w, 0);
                b.assert_eq(out[0], local.keccak.a_prime_prime_prime(y, x, limb));
                b.assert_eq(out[1], local.keccak.a_prime_prime_prime(y, x, limb + 1));
            }
        }

        // The absorb schedule: `absorb` flags form a prefix of the words (in slot order) of
        // length rem(first row) = a2 / 4.
        let sum_absorb: AB::Expr = local.slots.iter().map(|s| s.absorb.into()).sum();
        builder
            .when(first.clone())
            .assert_eq(local.rem * AB::Expr::from_u32(4), call.a2);
        builder
            .when(first.clone())
            .assert_eq(call.has_absorb, local.slots[0].absorb);
        builder
            .when(builder.is_transition() * (AB::Expr::ONE - last.clone()))
            .assert_eq(next.rem, local.rem - sum_absorb.clone());
        builder
            .when(last.clone())
            .assert_eq(local.rem, sum_absorb.clone());
        // A row that is not full ends the prefix.
        builder
            .when(AB::Expr::ONE - local.slots[SLOTS - 1].absorb.into())
            .assert_eq(local.rem, sum_absorb);
        for k in 0..SLOTS {
            builder.assert_bool(local.slots[k].absorb);
            if k > 0 {
                builder
                    .when(AB::Expr::ONE - local.slots[k - 1].absorb.into())
                    .assert_zero(local.slots[k].absorb);
            }
            builder
                .when(AB::Expr::ONE - slot_valid::<AB>(&flags, k))
                .assert_zero(local.slots[k].absorb);
        }
        builder
            .when(AB::Expr::ONE - is_real.clone())
            .assert_zero(local.slots[0].absorb);

        // The pointer ranges: one 16-bit lookup per row on rows 0..=10.
        let mut misc_value = AB::Expr::ZERO;
        let mut misc_count = AB::Expr::ZERO;
        for (r, check) in MiscCheck::ALL.into_iter().enumerate() {
            let value = check.value::<AB::Expr>(
                [call.a0[0].into(), call.a0[1].into()],
                [call.a1[0].into(), call.a1[1].into()],
                a1_rem.clone(),
                call.a2.into(),
                local.bit.into(),
            );
            misc_value += flag(r) * value;
            let enabled: AB::Expr = if check.of_absorb() {
                call.has_absorb.into()
            } else {
                is_real.clone()
            };
            misc_count += flag(r) * enabled;
            if check.bit_carries() {
                builder
                    .when(flag(r) * builder.is_transition())
                    .assert_eq(local.bit, next.bit);
            }
        }
        builder.assert_eq(local.misc_value, misc_value);
        builder.assert_eq(local.misc_count, misc_count);
        lookup_u16(builder, local.misc_value.into(), local.misc_count.into());
        // `bit` is 0 on the rows that do not use it (no free cell).
        let bit_rows: AB::Expr = MiscCheck::ALL
            .into_iter()
            .enumerate()
            .filter(|(_, check)| check.uses_bit())
            .map(|(r, _)| flag(r))
            .sum();
        builder
            .when(AB::Expr::ONE - bit_rows)
            .assert_zero(local.bit);

        // The word slots.
        let mut his: Vec<AB::Expr> = Vec::with_capacity(SLOTS);
        for k in 0..SLOTS {
            let slot = &local.slots[k];
            builder.assert_eq(slot.active, is_real.clone() * slot_valid::<AB>(&flags, k));
            // Word index of the slot on this row, Q = the preimage's word, O = the output's.
            let mut word = AB::Expr::ZERO;
            let mut q = [AB::Expr::ZERO, AB::Expr::ZERO];
            let mut o = [AB::Expr::ZERO, AB::Expr::ZERO];
            for r in 0..NUM_ROUNDS {
                if let Some(w) = slot_word(r, k) {
                    word += flag(r) * AB::Expr::from_usize(w);
                    let (y, x, limb) = word_limb(w, 0);
                    for j in 0..2 {
                        q[j] += flag(r) * local.keccak.preimage[y][x][limb + j].into();
                        o[j] += flag(r) * local.out[w][j].into();
                    }
                }
            }
            // On the export row, slots 0 and 1 (which hold no word there) read the argument
            // registers `x11 = a1` and `x12 = (a2, 0)` through their access: `P` is the
            // register's value and `O = P`.
            let reg: Option<(u32, [AB::Expr; 2])> = match k {
                0 => Some((REG_A1, [call.a1[0].into(), call.a1[1].into()])),
                1 => Some((REG_A2, [call.a2.into(), AB::Expr::ZERO])),
                _ => None,
            };
            for j in 0..2 {
                builder.assert_eq(slot.q[j], q[j].clone());
                let o = match reg {
                    Some(_) => o[j].clone() + export.clone() * slot.p[j],
                    None => o[j].clone(),
                };
                builder.assert_eq(slot.o[j], o);
                // A word not absorbed enters the permutation as it is.
                builder
                    .when(slot.active - slot.absorb)
                    .assert_eq(slot.q[j], slot.p[j]);
            }
            if let Some((_, value)) = &reg {
                for (j, v) in value.iter().enumerate() {
                    builder.when(export.clone()).assert_eq(slot.p[j], v.clone());
                }
            }
            let four_word = word * AB::Expr::from_u32(4);
            let addr = match &reg {
                Some((r, _)) => {
                    a0.clone()
                        + four_word.clone()
                        + export.clone() * (AB::Expr::from_u32(*r) - a0.clone())
                }
                None => a0.clone() + four_word.clone(),
            };
            builder.assert_eq(slot.addr, addr);
            builder.assert_eq(slot.absorb_addr, a1.clone() + four_word);
            // Boolean: `active` is 0 on the export row, where no slot holds a word.
            let count: AB::Expr = match reg {
                Some(_) => slot.active + export.clone(),
                None => slot.active.into(),
            };
            his.push(memory_access_without_hi(
                builder,
                slot.addr.into(),
                [slot.p[0].into(), slot.p[1].into()],
                [slot.o[0].into(), slot.o[1].into()],
                ts.clone(),
                AB::Expr::ZERO,
                &slot.access,
                count,
            ));
            // An absorbed word: `keccak-absorb` (or `keccak-absorb-unaligned`) proves
            // `Q = P xor A` for `A` at the address, at this call's timestamp.
            ABSORB_BUS.send(
                builder,
                [
                    call.clk.into(),
                    slot.absorb_addr.into(),
                    slot.p[0].into(),
                    slot.p[1].into(),
                    slot.q[0].into(),
                    slot.q[1].into(),
                    a1_rem.clone(),
                ],
                Count::bounded(slot.absorb.into(), 1),
            );
        }
        // The accesses' high timestamp bytes, two per lookup: slots 0 and 1 are counted
        // together (`active + export` for both: they hold words on the same rows), slot 2 alone.
        let [hi0, hi1, hi2]: [AB::Expr; SLOTS] = his.try_into().unwrap_or_else(|_| unreachable!());
        lookup_byte_range(builder, hi0, hi1, local.slots[0].active + export.clone());
        lookup_byte_range(builder, hi2, AB::Expr::ZERO, local.slots[2].active.into());

        // The export row: the call.
        receive_syscall(
            builder,
            [
                call.clk.into(),
                AB::Expr::from_u32(KECCAK_F),
                call.a0[0].into(),
                call.a0[1].into(),
                call.a0[0].into(),
                call.a0[1].into(),
            ],
            export.clone(),
        );
    }
}

/// `1` on the rows where slot `k` holds a word (a sum of step flags), else 0.
fn slot_valid<AB: AirBuilder>(flags: &[AB::Var; NUM_ROUNDS], k: usize) -> AB::Expr {
    (0..NUM_ROUNDS)
        .filter(|&r| slot_word(r, k).is_some())
        .map(|r| flags[r].into())
        .sum()
}

/// Where limb `j` (0 or 1) of state word `w` lives in `p3-keccak-air`'s `[y][x][limb]`
/// arrays: lane `w / 2 = x + 5 y`, 16-bit limb `2 (w % 2) + j`.
pub const fn word_limb(w: usize, j: usize) -> (usize, usize, usize) {
    let lane = w / 2;
    (lane / 5, lane % 5, 2 * (w % 2) + j)
}

impl ProverAir for KeccakChipAir {
    fn name(&self) -> String {
        "keccak".into()
    }
}
