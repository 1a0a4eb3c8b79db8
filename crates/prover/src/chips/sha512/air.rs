//! The `sha512` and `sha512-k` tables' constraints (see the module docs of [`super`]).

use core::borrow::Borrow;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{NUM_SHA512_COLS, Sha512Cols};
use crate::chips::byte::{lookup_byte_range, lookup_u16};
use crate::config::Val;
use crate::harness::ProverAir;

/// Rounds per block.
pub const ROUNDS: usize = 80;

/// Blocks to compress: `(clk, index, H, W_0 .. W_15)` in 16-bit limbs, least significant
/// first within each word.
pub const BLOCK_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("sha512-block");
/// Their results: `(clk, index, H')`.
pub const DIGEST_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("sha512-digest");
/// The round constants: `(t, K_t)` in 16-bit limbs.
pub const K_BUS: LookupBus<'static> = LookupBus::new("sha512-k");

/// FIPS 180-4's round constants.
pub const K: [u64; ROUNDS] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// `x ⊕ y ⊕ z` of bits, as a polynomial (degree 3).
fn xor3<E: PrimeCharacteristicRing>(x: E, y: E, z: E) -> E {
    let two = E::TWO;
    x.clone() + y.clone() + z.clone()
        - (x.clone() * y.clone() + x.clone() * z.clone() + y.clone() * z.clone()) * two.clone()
        + x * y * z * two.double()
}

/// `x ⊕ y` of bits.
fn xor2<E: PrimeCharacteristicRing>(x: E, y: E) -> E {
    x.clone() + y.clone() - x * y * E::TWO
}

/// Limb `j` (16 bits) of a 64-bit value given by its bits.
fn pack16<E: PrimeCharacteristicRing>(bits: &[E], j: usize) -> E {
    E::sum((0..16).map(|i| bits[16 * j + i].clone() * E::from_u32(1 << i)))
}

/// The bit of `ROTR(x, r)` at `i`.
fn rotr<E: Clone>(bits: &[E], r: usize, i: usize) -> E {
    bits[(i + r) % 64].clone()
}

/// The bit of `SHR(x, r)` at `i` (`None`: 0).
fn shr<E: Clone>(bits: &[E], r: usize, i: usize) -> Option<E> {
    bits.get(i + r).cloned()
}

/// The `sha512` table.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha512Air;

impl BaseAir<Val> for Sha512Air {
    fn width(&self) -> usize {
        NUM_SHA512_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for Sha512Air {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &Sha512Cols<AB::Var> = main.current_slice().borrow();
        let nx: &Sha512Cols<AB::Var> = main.next_slice().borrow();
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let c = |v: u32| AB::Expr::from_u32(v);
        let one = AB::Expr::ONE;
        let bits = |v: &[AB::Var; 64]| v.map(e);
        let [real, first, last] = [l.is_real, l.first, l.last].map(e);
        for flag in [&real, &first, &last] {
            builder.assert_bool(flag.clone());
        }
        builder.assert_zero(first.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last.clone() * (one.clone() - real.clone()));
        let (a, b, cc, ee, f, g) = (
            bits(&l.a),
            bits(&l.b),
            bits(&l.c),
            bits(&l.e),
            bits(&l.f),
            bits(&l.g),
        );
        let (w1, w14) = (bits(&l.w1), bits(&l.w14));
        for v in [&a, &b, &cc, &ee, &f, &g, &w1, &w14] {
            for x in v.iter() {
                builder.assert_bool(x.clone());
            }
        }

        // The derived bits.
        for i in 0..64 {
            let s0 = xor3(rotr(&a, 28, i), rotr(&a, 34, i), rotr(&a, 39, i));
            builder.assert_eq(l.sig0[i], s0);
            let s1 = xor3(rotr(&ee, 14, i), rotr(&ee, 18, i), rotr(&ee, 41, i));
            builder.assert_eq(l.sig1[i], s1);
            let maj = a[i].clone() * b[i].clone()
                + a[i].clone() * cc[i].clone()
                + b[i].clone() * cc[i].clone()
                - a[i].clone() * b[i].clone() * cc[i].clone() * AB::Expr::TWO;
            builder.assert_eq(l.maj[i], maj);
            let small0 = match shr(&w1, 7, i) {
                Some(z) => xor3(rotr(&w1, 1, i), rotr(&w1, 8, i), z),
                None => xor2(rotr(&w1, 1, i), rotr(&w1, 8, i)),
            };
            builder.assert_eq(l.s0[i], small0);
            let small1 = match shr(&w14, 6, i) {
                Some(z) => xor3(rotr(&w14, 19, i), rotr(&w14, 61, i), z),
                None => xor2(rotr(&w14, 19, i), rotr(&w14, 61, i)),
            };
            builder.assert_eq(l.s1[i], small1);
        }
        for j in 0..4 {
            builder.assert_eq(pack16(&w1, j), l.w[1][j]);
            builder.assert_eq(pack16(&w14, j), l.w[14][j]);
        }

        // The round's sums, limb by limb.
        let ch: Vec<AB::Expr> = (0..64)
            .map(|i| ee[i].clone() * f[i].clone() + (one.clone() - ee[i].clone()) * g[i].clone())
            .collect();
        let (sig0, sig1, maj) = (bits(&l.sig0), bits(&l.sig1), bits(&l.maj));
        let radix = c(1 << 16);
        for j in 0..4 {
            let t1 = e(l.h[j]) + pack16(&sig1, j) + pack16(&ch, j) + e(l.k[j]) + e(l.w[0][j]);
            let carry_in = |carries: &[AB::Var; 4]| {
                if j == 0 {
                    AB::Expr::ZERO
                } else {
                    e(carries[j - 1])
                }
            };
            builder.assert_zero(
                real.clone()
                    * (e(l.new_e[j]) + e(l.carry_e[j]) * radix.clone()
                        - carry_in(&l.carry_e)
                        - e(l.d[j])
                        - t1.clone()),
            );
            builder.assert_zero(
                real.clone()
                    * (e(l.new_a[j]) + e(l.carry_a[j]) * radix.clone()
                        - carry_in(&l.carry_a)
                        - t1
                        - pack16(&sig0, j)
                        - pack16(&maj, j)),
            );
            lookup_u16(builder, e(l.new_a[j]), real.clone());
            lookup_u16(builder, e(l.new_e[j]), real.clone());
        }
        for pair in [l.carry_a, l.carry_e, l.w_carry].concat().chunks(2) {
            lookup_byte_range(builder, e(pair[0]), e(pair[1]), real.clone());
        }
        K_BUS.lookup_key(
            builder,
            core::iter::once(e(l.round)).chain(l.k.map(e)),
            Count::bounded(real.clone(), 1),
        );

        // Blocks: consecutive rows from round 0 to round 79.
        builder
            .when_first_row()
            .assert_eq(first.clone(), real.clone());
        builder
            .when_transition()
            .assert_zero((one.clone() - real.clone()) * e(nx.is_real));
        builder.assert_zero(real.clone() * (e(nx.first) - last.clone() * e(nx.is_real)));
        let cont = real.clone() - last.clone();
        builder.assert_zero(cont.clone() * (one.clone() - e(nx.is_real)));
        builder.assert_zero(first.clone() * e(l.round));
        builder.assert_zero(last.clone() * (e(l.round) - c(ROUNDS as u32 - 1)));
        builder.assert_zero(cont.clone() * (e(nx.round) - e(l.round) - one.clone()));
        builder.assert_zero(cont.clone() * (e(nx.clk) - e(l.clk)));
        builder.assert_zero(cont.clone() * (e(nx.index) - e(l.index)));
        for (n, h) in nx.hin.iter().flatten().zip(l.hin.iter().flatten()) {
            builder.assert_zero(cont.clone() * (e(*n) - e(*h)));
        }

        // The variables shift; the new a and e are the next row's bits.
        for i in 0..64 {
            builder.assert_zero(cont.clone() * (e(nx.b[i]) - a[i].clone()));
            builder.assert_zero(cont.clone() * (e(nx.c[i]) - b[i].clone()));
            builder.assert_zero(cont.clone() * (e(nx.f[i]) - ee[i].clone()));
            builder.assert_zero(cont.clone() * (e(nx.g[i]) - f[i].clone()));
        }
        let (na, ne) = (bits(&nx.a), bits(&nx.e));
        for j in 0..4 {
            builder.assert_zero(cont.clone() * (e(nx.d[j]) - pack16(&cc, j)));
            builder.assert_zero(cont.clone() * (e(nx.h[j]) - pack16(&g, j)));
            builder.assert_zero(cont.clone() * (pack16(&na, j) - e(l.new_a[j])));
            builder.assert_zero(cont.clone() * (pack16(&ne, j) - e(l.new_e[j])));
        }
        // The window shifts in W_{t+16} = σ1(W_{t+14}) + W_{t+9} + σ0(W_{t+1}) + W_t.
        let (s0, s1) = (bits(&l.s0), bits(&l.s1));
        for j in 0..4 {
            for i in 0..15 {
                builder.assert_zero(cont.clone() * (e(nx.w[i][j]) - e(l.w[i + 1][j])));
            }
            let carry_in = if j == 0 {
                AB::Expr::ZERO
            } else {
                e(l.w_carry[j - 1])
            };
            builder.assert_zero(
                cont.clone()
                    * (e(nx.w[15][j]) + e(l.w_carry[j]) * radix.clone()
                        - carry_in
                        - pack16(&s1, j)
                        - e(l.w[9][j])
                        - pack16(&s0, j)
                        - e(l.w[0][j])),
            );
        }

        // Round 0 starts from H; round 79 adds the final variables to H.
        let limbs16 = |v: &[AB::Expr]| -> [AB::Expr; 4] { core::array::from_fn(|j| pack16(v, j)) };
        let start = [
            limbs16(&a),
            limbs16(&b),
            limbs16(&cc),
            l.d.map(e),
            limbs16(&ee),
            limbs16(&f),
            limbs16(&g),
            l.h.map(e),
        ];
        let end = [
            l.new_a.map(e),
            limbs16(&a),
            limbs16(&b),
            limbs16(&cc),
            l.new_e.map(e),
            limbs16(&ee),
            limbs16(&f),
            limbs16(&g),
        ];
        for word in 0..8 {
            for j in 0..4 {
                builder.assert_zero(first.clone() * (start[word][j].clone() - e(l.hin[word][j])));
                let carry_in = if j == 0 {
                    AB::Expr::ZERO
                } else {
                    e(l.hout_carry[word][j - 1])
                };
                builder.assert_zero(
                    last.clone()
                        * (e(l.hout[word][j]) + e(l.hout_carry[word][j]) * radix.clone()
                            - carry_in
                            - e(l.hin[word][j])
                            - end[word][j].clone()),
                );
                builder.assert_bool(l.hout_carry[word][j]);
                builder.assert_zero((one.clone() - last.clone()) * e(l.hout[word][j]));
                builder.assert_zero((one.clone() - last.clone()) * e(l.hout_carry[word][j]));
                lookup_u16(builder, e(l.hout[word][j]), last.clone());
            }
        }

        let head = [e(l.clk), e(l.index)];
        BLOCK_BUS.receive(
            builder,
            head.iter()
                .cloned()
                .chain(l.hin.iter().flatten().map(|&v| e(v)))
                .chain(l.w.iter().flatten().map(|&v| e(v)))
                .collect::<Vec<_>>(),
            Count::bounded(first, 1),
        );
        DIGEST_BUS.send(
            builder,
            head.iter()
                .cloned()
                .chain(l.hout.iter().flatten().map(|&v| e(v)))
                .collect::<Vec<_>>(),
            Count::bounded(last, 1),
        );
    }
}

impl ProverAir for Sha512Air {
    fn name(&self) -> String {
        "sha512".into()
    }
}

/// The `sha512-k` table: row `t` provides `(t, K_t)` (preprocessed, 128 rows; rows from 80 on
/// provide `(t, 0)`, which no round can look up), with its multiplicity in the main trace.
#[derive(Clone, Copy, Debug, Default)]
pub struct KTableAir;

/// Rows of the `sha512-k` table.
pub const K_ROWS: usize = 128;

impl BaseAir<Val> for KTableAir {
    fn width(&self) -> usize {
        1
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        let mut values = Val::zero_vec(K_ROWS * 5);
        for (t, row) in values.chunks_exact_mut(5).enumerate() {
            row[0] = Val::from_usize(t);
            if let Some(k) = K.get(t) {
                for j in 0..4 {
                    row[1 + j] = Val::from_u32(((k >> (16 * j)) & 0xffff) as u32);
                }
            }
        }
        Some(RowMajorMatrix::new(values, 5))
    }

    fn preprocessed_width(&self) -> usize {
        5
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for KTableAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let row = prep.current_slice();
        let main = builder.main();
        let multiplicity = main.current_slice()[0];
        // Rows past the 80 constants provide `(t, 0, 0, 0, 0)` with `t >= 80`, which no round
        // looks up (a round is below 80).
        let key: Vec<AB::Expr> = row.iter().map(|&v| v.into()).collect();
        K_BUS.table_entry(builder, key, multiplicity);
    }
}

impl ProverAir for KTableAir {
    fn name(&self) -> String {
        "sha512-k".into()
    }
}
