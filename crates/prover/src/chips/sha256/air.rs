//! The `sha256` chip's constraints: `p3-sha256-air`'s `Sha256Air` on the row prefix, then the
//! call (see the module docs of [`super`]).

use core::borrow::Borrow;

use gluecp_abi::ecall::coprocessor::SHA256_COMPRESS;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_sha256_air::{BLOCK_WORDS, NUM_SHA256_COLS, STATE_WORDS, Sha256Air};

use super::columns::{NUM_SHA256_CHIP_COLS, Sha256CallCols, Sha256ChipCols};
use crate::bus::{
    MEM_END, MEM_START, memory_access, memory_access_split, receive_syscall, slot, ts_of,
};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::chips::keccak::PrefixBuilder;
use crate::chips::word_bytes::WordBytesAir;
use crate::config::Val;
use crate::harness::ProverAir;

/// The block bytes, provided by `sha256-word`, looked up by `sha256`:
/// `(clk, address, byte)`.
pub const SHA256_BYTE_BUS: LookupBus<'static> = LookupBus::new("sha256-byte");

/// The `sha256-word` table: one row per word of a call's blocks.
pub const SHA256_WORD_AIR: WordBytesAir = WordBytesAir {
    name: "sha256-word",
    bus: SHA256_BYTE_BUS,
    signed: false,
};

/// The argument registers a call reads: `a1` (the blocks), `a2` (their count).
pub const ARG_REGS: [u32; 2] = [11, 12];

/// The `sha256` chip (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256ChipAir;

/// Column index of `field` in a row.
macro_rules! col {
    ($($field:tt)*) => {
        core::mem::offset_of!(Sha256ChipCols<u8>, $($field)*)
    };
}

impl BaseAir<Val> for Sha256ChipAir {
    fn width(&self) -> usize {
        NUM_SHA256_CHIP_COLS
    }

    /// The transition constraints read the next row's call columns and input state only.
    fn main_next_row_columns(&self) -> Vec<usize> {
        let h_in = col!(compression.h_in);
        (h_in..h_in + 2 * STATE_WORDS)
            .chain(col!(call)..col!(call.a1))
            .collect()
    }
}

/// `sum_i bits[i] 2^i`, as a flat sum (a fold of doublings would share each partial sum
/// twice, a tree of 2^16 nodes that symbolic evaluation walks in full).
fn pack_le<AB: AirBuilder>(bits: &[AB::Var]) -> AB::Expr {
    bits.iter()
        .enumerate()
        .map(|(i, &bit)| bit.into() * AB::Expr::from_u32(1 << i))
        .sum()
}

/// The `[lo, hi]` limbs of a word given by its 32 little-endian bits.
fn pack<AB: AirBuilder>(bits: &[AB::Var]) -> [AB::Expr; 2] {
    [pack_le::<AB>(&bits[..16]), pack_le::<AB>(&bits[16..32])]
}

/// Byte `k` (0 = most significant) of a word given by its 32 little-endian bits: the byte at
/// offset `k` of the word's big-endian encoding in a block.
fn be_byte<AB: AirBuilder>(bits: &[AB::Var], k: usize) -> AB::Expr {
    let low = 8 * (3 - k);
    pack_le::<AB>(&bits[low..low + 8])
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for Sha256ChipAir {
    fn eval(&self, builder: &mut AB) {
        Sha256Air.eval(&mut PrefixBuilder::new(builder, NUM_SHA256_COLS));

        let main = builder.main();
        let row: &Sha256ChipCols<AB::Var> = main.current_slice().borrow();
        let next: &Sha256ChipCols<AB::Var> = main.next_slice().borrow();
        let call: &Sha256CallCols<AB::Var> = &row.call;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;

        let [real, first, last] = [call.is_real, call.first, call.last].map(e);
        for flag in [&real, &first, &last] {
            builder.assert_bool(flag.clone());
        }
        builder.assert_zero(first.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last.clone() * e(call.rem));
        // First-row-only columns are 0 elsewhere.
        let first_only = call
            .a1
            .iter()
            .chain(&call.count)
            .chain([&call.state_q])
            .chain(&call.bound_hi)
            .chain(
                call.args
                    .iter()
                    .flat_map(|a| [&a.prev_ts, &a.diff_lo, &a.diff_hi]),
            )
            .chain(
                call.state_access
                    .iter()
                    .flat_map(|a| [&a.prev_ts, &a.diff_lo, &a.diff_hi]),
            );
        for &col in first_only {
            builder.assert_zero((one.clone() - first.clone()) * e(col));
        }

        // Calls are runs of consecutive rows: the first row starts one, a row after a last
        // row starts one, real rows are a prefix, a real row before padding (or at the end)
        // is a last row. Within a call the state and clock are constant, blocks are 64 bytes
        // apart, `rem` counts down, and each block's input state is the previous output.
        builder.when_first_row().assert_eq(call.first, real.clone());
        builder
            .when_last_row()
            .assert_zero(real.clone() * (one.clone() - last.clone()));
        {
            let next_real = e(next.call.is_real);
            let mut t = builder.when_transition();
            t.assert_zero(next_real.clone() * (one.clone() - real.clone()));
            t.assert_zero(
                real.clone() * (one.clone() - next_real.clone()) * (one.clone() - last.clone()),
            );
            t.assert_eq(next.call.first, next_real.clone() * last.clone());
            let same = next_real * (one.clone() - last.clone());
            let rules = [
                (next.call.clk, e(call.clk)),
                (next.call.state[0], e(call.state[0])),
                (next.call.state[1], e(call.state[1])),
                (next.call.block, e(call.block) + c(64)),
                (next.call.rem, e(call.rem) - one.clone()),
            ];
            for (n, value) in rules {
                t.assert_zero(same.clone() * (e(n) - value));
            }
            for w in 0..STATE_WORDS {
                let out = pack::<AB>(&row.compression.h_out[w]);
                for (limb, value) in next.compression.h_in[w].iter().zip(out) {
                    t.assert_zero(same.clone() * (e(*limb) - value));
                }
            }
        }

        // The first row: the call, its registers, the ranges, the state words received.
        let [s_lo, s_hi] = call.state.map(e);
        receive_syscall(
            builder,
            [
                e(call.clk),
                c(SHA256_COMPRESS),
                s_lo.clone(),
                s_hi.clone(),
                s_lo.clone(),
                s_hi.clone(),
            ],
            first.clone(),
        );
        let ts = ts_of(e(call.clk), slot::MEMORY);
        for ((reg, value), access) in ARG_REGS
            .into_iter()
            .zip([call.a1, call.count])
            .zip(&call.args)
        {
            let value = value.map(e);
            memory_access(
                builder,
                c(reg),
                value.clone(),
                value,
                ts.clone(),
                AB::Expr::ZERO,
                access,
                first.clone(),
            );
        }
        let a1 = e(call.a1[0]) + e(call.a1[1]) * c(1 << 16);
        let count = e(call.count[0]) + e(call.count[1]) * c(1 << 16);
        builder.assert_zero(first.clone() * (e(call.block) - a1.clone()));
        builder.assert_zero(first.clone() * (e(call.rem) + one.clone() - count.clone()));
        // The state: 4-aligned, in [0x1000, 2^29 - 32]. The blocks: in [0x1000, 2^29) with
        // `count < 2^18` (so `64 count` is at most MAX_TRANSFER and does not wrap).
        builder.assert_zero(first.clone() * (s_lo.clone() - e(call.state_q) * c(4)));
        lookup_u16(builder, e(call.state_q), first.clone());
        lookup_u16(builder, s_hi.clone() * c(8), first.clone());
        lookup_u16(builder, e(call.a1[1]) * c(8), first.clone());
        lookup_u16(builder, e(call.count[1]) * c(1 << 14), first.clone());
        let state = s_lo + s_hi * c(1 << 16);
        let diffs = [
            state.clone() - c(MEM_START),
            c(MEM_END - 32) - state.clone(),
            a1.clone() - c(MEM_START),
            c(MEM_END) - a1 - count * c(64),
        ];
        for (diff, hi) in diffs.into_iter().zip(call.bound_hi) {
            lookup_u16(builder, diff - e(hi) * c(1 << 16), first.clone());
            lookup_u16(builder, e(hi) * c(8), first.clone());
        }
        // State word w: received on the first row (with `prev_ts < ts`), its new value sent
        // from the last row, so the two halves of one access at `ts`.
        for (w, access) in call.state_access.iter().enumerate() {
            let diff_hi = memory_access_split(
                builder,
                state.clone() + c(4 * w as u32),
                row.compression.h_in[w].map(e),
                pack::<AB>(&row.compression.h_out[w]),
                ts.clone(),
                AB::Expr::ZERO,
                access,
                [first.clone(), last.clone()],
            );
            lookup_byte_range(builder, diff_hi, AB::Expr::ZERO, first.clone());
        }

        // The block: word t of the compression's schedule is the big-endian word at
        // `block + 4 t`, its bytes looked up in memory at the call's timestamp.
        for t in 0..BLOCK_WORDS {
            for k in 0..4 {
                SHA256_BYTE_BUS.lookup_key(
                    builder,
                    [
                        e(call.clk),
                        e(call.block) + c((4 * t + k) as u32),
                        be_byte::<AB>(&row.compression.w[t], k),
                    ],
                    Count::bounded(real.clone(), 1),
                );
            }
        }
    }
}

impl ProverAir for Sha256ChipAir {
    fn name(&self) -> String {
        "sha256".into()
    }
}
