//! The `matmul` chip's constraints, one AIR per table (see the module docs of [`super`]).

use core::borrow::Borrow;

use gluecp_abi::ecall::coprocessor::MATMUL_I8;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus, PermutationCheckBus};

use super::columns::{
    LANES, MatmulCallCols, MatmulMacCols, NUM_MATMUL_CALL_COLS, NUM_MATMUL_MAC_COLS,
};
use crate::bus::{MEM_END, MEM_START, memory_access, receive_syscall, slot, ts_of};
use crate::chips::byte::lookup_u16;
use crate::chips::word_bytes::WordBytesAir;
use crate::config::Val;
use crate::harness::ProverAir;

/// The calls, from `matmul` to `matmul-mac`: `(clk, A, B, C, m, k, n)`.
pub const MATMUL_CALL_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("matmul-call");

/// The operand bytes, provided by `matmul-word`, looked up by `matmul-mac`:
/// `(clk, address, signed value)`.
pub const MATMUL_BYTE_BUS: LookupBus<'static> = LookupBus::new("matmul-byte");

/// The argument registers a call reads: `a1`, `a2`, `a3`.
pub const ARG_REGS: [u32; 3] = [11, 12, 13];

/// Largest `m`, `k` and `n` the chip proves.
pub const MAX_DIM: u32 = 1 << 11;

/// The `matmul` table: one row per call.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatmulCallAir;

/// The `matmul-mac` table: one row per multiply-accumulate.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatmulMacAir;

/// The `matmul-word` table: one row per operand word read, providing its signed bytes on
/// [`MATMUL_BYTE_BUS`].
pub const MATMUL_WORD_AIR: WordBytesAir = WordBytesAir {
    name: "matmul-word",
    bus: MATMUL_BYTE_BUS,
    signed: true,
};

impl BaseAir<Val> for MatmulCallAir {
    fn width(&self) -> usize {
        NUM_MATMUL_CALL_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl BaseAir<Val> for MatmulMacAir {
    fn width(&self) -> usize {
        NUM_MATMUL_MAC_COLS
    }
}

fn word<E: PrimeCharacteristicRing>(limbs: [E; 2]) -> E {
    let [lo, hi] = limbs;
    lo + hi * E::from_u32(1 << 16)
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for MatmulCallAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &MatmulCallCols<AB::Var> = main.current_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let limbs = |v: [AB::Var; 2]| -> [AB::Expr; 2] { v.map(Into::into) };

        let real = e(l.is_real);
        builder.assert_bool(real.clone());
        let [m, k, n] = [l.m, l.k, l.n].map(e);
        builder.assert_eq(l.mk, m.clone() * k.clone());
        builder.assert_eq(l.kn, k.clone() * n.clone());
        builder.assert_eq(l.mn, m.clone() * n.clone());
        let ts = ts_of(e(l.clk), slot::MEMORY);

        // The call: number MATMUL_I8, `a0` = C, returns nothing (`ret = a0`).
        let [c_lo, c_hi] = limbs(l.c);
        receive_syscall(
            builder,
            [
                e(l.clk),
                c(MATMUL_I8),
                c_lo.clone(),
                c_hi.clone(),
                c_lo,
                c_hi,
            ],
            real.clone(),
        );
        // The argument registers, then the three dimension words (high limbs 0).
        for ((reg, value), access) in ARG_REGS.into_iter().zip([l.a, l.b, l.d]).zip(&l.args) {
            memory_access(
                builder,
                c(reg),
                limbs(value),
                limbs(value),
                ts.clone(),
                AB::Expr::ZERO,
                access,
                real.clone(),
            );
        }
        let d = word(limbs(l.d));
        for (i, (dim, access)) in [&m, &k, &n].into_iter().zip(&l.dims).enumerate() {
            let value = [dim.clone(), AB::Expr::ZERO];
            memory_access(
                builder,
                d.clone() + c(4 * i as u32),
                value.clone(),
                value,
                ts.clone(),
                AB::Expr::ZERO,
                access,
                real.clone(),
            );
            // 1 <= dim <= 2^11: `dim` is a 16-bit limb, so `32 (dim - 1)` does not wrap.
            lookup_u16(builder, (dim.clone() - AB::Expr::ONE) * c(32), real.clone());
        }
        // C and the dimensions are 4-aligned.
        builder.assert_eq(l.c[0], e(l.c_q) * c(4));
        builder.assert_eq(l.d[0], e(l.d_q) * c(4));
        lookup_u16(builder, e(l.c_q), real.clone());
        lookup_u16(builder, e(l.d_q), real.clone());
        // Each operand lies in [MEM_START, MEM_END): `ptr_hi < 2^13` (so `ptr < 2^29` and no
        // sum below wraps), then `ptr - MEM_START` and `MEM_END - ptr - len` are in
        // `0..2^29`, each as `lo + 2^16 hi` with `lo` and `8 hi` 16-bit.
        let operands = [
            (l.c, e(l.mn) * c(4)),
            (l.a, e(l.mk)),
            (l.b, e(l.kn)),
            (l.d, c(12)),
        ];
        for (i, (ptr, len)) in operands.into_iter().enumerate() {
            lookup_u16(builder, e(ptr[1]) * c(8), real.clone());
            let x = word(limbs(ptr));
            let diffs = [x.clone() - c(MEM_START), c(MEM_END) - x - len];
            for (j, diff) in diffs.into_iter().enumerate() {
                let hi = e(l.bound_hi[2 * i + j]);
                lookup_u16(builder, diff - hi.clone() * c(1 << 16), real.clone());
                lookup_u16(builder, hi * c(8), real.clone());
            }
        }

        MATMUL_CALL_BUS.send(
            builder,
            [
                e(l.clk),
                word(limbs(l.a)),
                word(limbs(l.b)),
                word(limbs(l.c)),
                m,
                k,
                n,
            ],
            Count::bounded(real, 1),
        );
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for MatmulMacAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &MatmulMacCols<AB::Var> = main.current_slice().borrow();
        let nx: &MatmulMacCols<AB::Var> = main.next_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;

        let [real, start, last_p, last_j, last_i] =
            [l.is_real, l.start, l.last_p, l.last_j, l.last_i].map(e);
        for flag in [&real, &start, &last_p, &last_j, &last_i] {
            builder.assert_bool(flag.clone());
        }
        builder.assert_bool(l.out_neg);
        // start, last_p => real; last_i => last_j => last_p.
        builder.assert_zero(start.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last_p.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last_j.clone() * (one.clone() - last_p.clone()));
        builder.assert_zero(last_i.clone() * (one.clone() - last_j.clone()));
        // Lanes: lane 0 is active on real rows, the others form a prefix after it, all are
        // active before a dot product's last row, and on the last row `p_rem` is the number
        // of active lanes after lane 0 (so the row's terms end exactly at `k - 1`).
        let active: [AB::Expr; LANES] = core::array::from_fn(|t| {
            if t == 0 {
                real.clone()
            } else {
                e(l.active[t - 1])
            }
        });
        for t in 1..LANES {
            builder.assert_bool(active[t].clone());
            builder.assert_zero(active[t].clone() * (one.clone() - active[t - 1].clone()));
        }
        builder.assert_zero(
            (real.clone() - last_p.clone()) * (one.clone() - active[LANES - 1].clone()),
        );
        let lanes_after_0 = active[1..]
            .iter()
            .fold(AB::Expr::ZERO, |sum, a| sum + a.clone());
        builder.assert_zero(last_p.clone() * (e(l.p_rem) - lanes_after_0));
        // An inactive lane holds zeros, so the row's sum is the active terms'.
        for (t, flag) in active.iter().enumerate() {
            builder.assert_zero((one.clone() - flag.clone()) * e(l.a[t]));
            builder.assert_zero((one.clone() - flag.clone()) * e(l.b[t]));
        }
        let row_sum = |cols: &MatmulMacCols<AB::Var>| {
            (0..LANES).fold(AB::Expr::ZERO, |sum, t| sum + e(cols.a[t]) * e(cols.b[t]))
        };
        // A `last` flag needs its counter at 0.
        builder.assert_zero(last_j.clone() * e(l.j_rem));
        builder.assert_zero(last_i.clone() * e(l.i_rem));

        // The first row starts a call if real; a real row is followed by padding only after
        // the call's last row, and the trace ends with a call's last row or padding.
        builder.when_first_row().assert_eq(l.start, real.clone());
        builder.when_first_row().assert_eq(l.acc, row_sum(l));
        builder
            .when_last_row()
            .assert_zero(real.clone() * (one.clone() - last_i.clone()));
        let next_real = e(nx.is_real);
        {
            let mut t = builder.when_transition();
            t.assert_zero(next_real.clone() * (one.clone() - real.clone()));
            t.assert_zero(
                real.clone() * (one.clone() - next_real.clone()) * (one.clone() - last_i.clone()),
            );
            // The next row starts a call exactly when this one ended one.
            t.assert_eq(nx.start, next_real.clone() * last_i.clone());
            // The sum restarts after each dot product's last term.
            t.assert_zero(
                next_real.clone()
                    * (e(nx.acc) - row_sum(nx) - (one.clone() - last_p.clone()) * e(l.acc)),
            );

            // Within a call: the call's columns are constant.
            let same_call = next_real.clone() * (one.clone() - last_i.clone());
            for (a, b) in [
                (nx.clk, l.clk),
                (nx.k, l.k),
                (nx.n, l.n),
                (nx.b_base, l.b_base),
            ] {
                t.assert_zero(same_call.clone() * (e(a) - e(b)));
            }
            // Next term of the dot product (p + 1).
            let step = next_real.clone() * (one.clone() - last_p.clone());
            // Next column j + 1 in the same row i.
            let next_col = next_real.clone() * (last_p.clone() - last_j.clone());
            // Next row i + 1, column 0.
            let next_row = next_real * (last_j - last_i);
            let k_minus_1 = e(l.k) - one.clone();
            let rules: [(AB::Var, [AB::Expr; 3]); 7] = [
                // (next row's column, [after step, after next_col, after next_row])
                (nx.a_row, [e(l.a_row), e(l.a_row), e(l.a_row) + e(l.k)]),
                (
                    nx.b_col,
                    [e(l.b_col), e(l.b_col) + one.clone(), e(l.b_base)],
                ),
                (
                    nx.b_addr,
                    [
                        e(l.b_addr) + e(l.n) * c(LANES as u32),
                        e(l.b_col) + one.clone(),
                        e(l.b_base),
                    ],
                ),
                (
                    nx.c_addr,
                    [e(l.c_addr), e(l.c_addr) + c(4), e(l.c_addr) + c(4)],
                ),
                (
                    nx.p_rem,
                    [e(l.p_rem) - c(LANES as u32), k_minus_1.clone(), k_minus_1],
                ),
                (
                    nx.j_rem,
                    [e(l.j_rem), e(l.j_rem) - one.clone(), e(l.n) - one.clone()],
                ),
                (nx.i_rem, [e(l.i_rem), e(l.i_rem), e(l.i_rem) - one.clone()]),
            ];
            for (next, [after_step, after_col, after_row]) in rules {
                t.assert_zero(step.clone() * (e(next) - after_step));
                t.assert_zero(next_col.clone() * (e(next) - after_col));
                t.assert_zero(next_row.clone() * (e(next) - after_row));
            }
        }

        // A call's first row: the call's columns come from `matmul-call`, the counters and
        // addresses start at i = j = p = 0.
        builder.assert_zero(start.clone() * (e(l.b_col) - e(l.b_base)));
        builder.assert_zero(start.clone() * (e(l.b_addr) - e(l.b_base)));
        builder.assert_zero(start.clone() * (e(l.p_rem) - e(l.k) + one.clone()));
        builder.assert_zero(start.clone() * (e(l.j_rem) - e(l.n) + one.clone()));
        MATMUL_CALL_BUS.receive(
            builder,
            [
                e(l.clk),
                e(l.a_row),
                e(l.b_base),
                e(l.c_addr),
                e(l.i_rem) + one.clone(),
                e(l.k),
                e(l.n),
            ],
            Count::bounded(start, 1),
        );

        // The operands of lane t: A[i][p + t] at `a_row + p + t` (p = k - 1 - p_rem),
        // B[p + t][j] at `b_addr + t n`.
        let a_addr = e(l.a_row) + e(l.k) - one.clone() - e(l.p_rem);
        for (t, count) in active.into_iter().enumerate() {
            let t_expr = c(t as u32);
            MATMUL_BYTE_BUS.lookup_key(
                builder,
                [e(l.clk), a_addr.clone() + t_expr.clone(), e(l.a[t])],
                Count::bounded(count.clone(), 1),
            );
            MATMUL_BYTE_BUS.lookup_key(
                builder,
                [e(l.clk), e(l.b_addr) + e(l.n) * t_expr, e(l.b[t])],
                Count::bounded(count, 1),
            );
        }

        // The output word: acc = out_lo + 2^16 out_h - 2^26 out_neg (|acc| <= 2^25, so this
        // is an integer identity), written to C[i][j] on `last_p` rows.
        let [out_lo, out_h, out_neg] = [l.out_lo, l.out_h, l.out_neg].map(e);
        builder.assert_zero(
            last_p.clone()
                * (out_lo.clone() + out_h.clone() * c(1 << 16)
                    - out_neg.clone() * c(1 << 26)
                    - e(l.acc)),
        );
        // Rows that write nothing hold zeros there.
        let unused = [l.out_lo, l.out_h, l.out_neg, l.prev[0], l.prev[1]]
            .into_iter()
            .chain([l.access.prev_ts, l.access.diff_lo, l.access.diff_hi]);
        for col in unused {
            builder.assert_zero((one.clone() - last_p.clone()) * e(col));
        }
        lookup_u16(builder, out_lo.clone(), last_p.clone());
        // `out_h` and `64 out_h` 16-bit: `out_h < 2^10` as an integer (the second check alone
        // would admit `y / 64` for any 16-bit `y`, a field element whose high limb breaks the
        // memory bus's value invariant).
        lookup_u16(builder, out_h.clone(), last_p.clone());
        lookup_u16(builder, out_h.clone() * c(1 << 6), last_p.clone());
        let out_hi = out_h + out_neg * c((1 << 16) - (1 << 10));
        memory_access(
            builder,
            e(l.c_addr),
            l.prev.map(Into::into),
            [out_lo, out_hi],
            ts_of(e(l.clk), slot::MEMORY),
            AB::Expr::ZERO,
            &l.access,
            last_p,
        );
    }
}

impl ProverAir for MatmulCallAir {
    fn name(&self) -> String {
        "matmul".into()
    }
}

impl ProverAir for MatmulMacAir {
    fn name(&self) -> String {
        "matmul-mac".into()
    }
}
