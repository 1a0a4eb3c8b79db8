//! The `sha512` and `sha512-k` traces.

use core::borrow::BorrowMut;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::{K, K_ROWS, ROUNDS};
use super::columns::{NUM_SHA512_COLS, Sha512Cols};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::config::Val;

/// One block to compress: `H` and the message words `W_0 .. W_15` (big-endian words of the
/// block, as FIPS 180-4 reads them), identified by `(clk, index)`.
#[derive(Clone, Debug)]
pub struct BlockRequest {
    pub clk: u32,
    pub index: u32,
    pub h: [u64; 8],
    pub w: [u64; 16],
}

impl BlockRequest {
    /// `H` after this block.
    pub fn compress(&self) -> [u64; 8] {
        let mut state = self.h;
        let mut block = [0u8; 128];
        for (chunk, w) in block.chunks_exact_mut(8).zip(self.w) {
            chunk.copy_from_slice(&w.to_be_bytes());
        }
        sha2::compress512(&mut state, &[block.into()]);
        state
    }
}

fn limbs(x: u64) -> [Val; 4] {
    core::array::from_fn(|j| Val::from_u32(((x >> (16 * j)) & 0xffff) as u32))
}

fn bits(x: u64) -> [Val; 64] {
    core::array::from_fn(|i| Val::from_bool((x >> i) & 1 == 1))
}

/// The `sha512` trace for `blocks` (80 rows each), recording its byte lookups.
pub fn generate_trace(blocks: &[BlockRequest], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = (blocks.len() * ROUNDS).next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_SHA512_COLS), NUM_SHA512_COLS);
    let mut rows = trace.values.chunks_exact_mut(NUM_SHA512_COLS);
    for block in blocks {
        let mut w: Vec<u64> = block.w.to_vec();
        for t in 16..ROUNDS + 16 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w.push(
                s1.wrapping_add(w[t - 7])
                    .wrapping_add(s0)
                    .wrapping_add(w[t - 16]),
            );
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = block.h;
        for t in 0..ROUNDS {
            let row: &mut Sha512Cols<Val> = rows.next().expect("a row per round").borrow_mut();
            row.is_real = Val::ONE;
            row.first = Val::from_bool(t == 0);
            row.last = Val::from_bool(t == ROUNDS - 1);
            row.round = Val::from_usize(t);
            row.clk = Val::from_u32(block.clk);
            row.index = Val::from_u32(block.index);
            row.a = bits(a);
            row.b = bits(b);
            row.c = bits(c);
            row.e = bits(e);
            row.f = bits(f);
            row.g = bits(g);
            row.d = limbs(d);
            row.h = limbs(h);
            let sig0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let sig1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let ch = (e & f) ^ (!e & g);
            row.sig0 = bits(sig0);
            row.sig1 = bits(sig1);
            row.maj = bits(maj);
            // The sums limb by limb, with their carries.
            let t1_limb = |j: usize| -> u64 {
                let l = |x: u64| (x >> (16 * j)) & 0xffff;
                l(h) + l(sig1) + l(ch) + l(K[t]) + l(w[t])
            };
            let (mut ca, mut ce) = (0u64, 0u64);
            let mut carries_a = [0u64; 4];
            let mut carries_e = [0u64; 4];
            for j in 0..4 {
                let l = |x: u64| (x >> (16 * j)) & 0xffff;
                let se = l(d) + t1_limb(j) + ce;
                let sa = t1_limb(j) + l(sig0) + l(maj) + ca;
                ce = se >> 16;
                ca = sa >> 16;
                carries_e[j] = ce;
                carries_a[j] = ca;
            }
            let t1 = h
                .wrapping_add(sig1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let new_e = d.wrapping_add(t1);
            let new_a = t1.wrapping_add(sig0).wrapping_add(maj);
            row.new_a = limbs(new_a);
            row.new_e = limbs(new_e);
            row.carry_a = carries_a.map(Val::from_u64);
            row.carry_e = carries_e.map(Val::from_u64);
            for i in 0..16 {
                row.w[i] = limbs(w[t + i]);
            }
            row.w1 = bits(w[t + 1]);
            row.w14 = bits(w[t + 14]);
            let s0 = w[t + 1].rotate_right(1) ^ w[t + 1].rotate_right(8) ^ (w[t + 1] >> 7);
            let s1 = w[t + 14].rotate_right(19) ^ w[t + 14].rotate_right(61) ^ (w[t + 14] >> 6);
            row.s0 = bits(s0);
            row.s1 = bits(s1);
            let mut wc = 0u64;
            let mut w_carries = [0u64; 4];
            for (j, carry) in w_carries.iter_mut().enumerate() {
                let l = |x: u64| (x >> (16 * j)) & 0xffff;
                wc = (l(s1) + l(w[t + 9]) + l(s0) + l(w[t]) + wc) >> 16;
                *carry = wc;
            }
            row.w_carry = w_carries.map(Val::from_u64);
            row.k = limbs(K[t]);
            row.hin = block.h.map(limbs);
            let carries: Vec<u64> = carries_a
                .iter()
                .chain(&carries_e)
                .chain(&w_carries)
                .copied()
                .collect();
            for pair in carries.chunks(2) {
                bytes.record(ByteOp::Range, pair[0] as u8, pair[1] as u8);
            }
            for j in 0..4 {
                bytes.record_u16(((new_a >> (16 * j)) & 0xffff) as u16);
                bytes.record_u16(((new_e >> (16 * j)) & 0xffff) as u16);
            }
            if t == ROUNDS - 1 {
                let end = [new_a, a, b, c, new_e, e, f, g];
                for (word, (&start, &add)) in block.h.iter().zip(&end).enumerate() {
                    let out = start.wrapping_add(add);
                    row.hout[word] = limbs(out);
                    let mut carry = 0u64;
                    for j in 0..4 {
                        let l = |x: u64| (x >> (16 * j)) & 0xffff;
                        carry = (l(start) + l(add) + carry) >> 16;
                        row.hout_carry[word][j] = Val::from_u64(carry);
                        bytes.record_u16(l(out) as u16);
                    }
                }
            }
            h = g;
            g = f;
            f = e;
            e = new_e;
            d = c;
            c = b;
            b = a;
            a = new_a;
        }
    }
    trace
}

/// The `sha512-k` trace: each round constant looked up once per block.
pub fn k_table_trace(blocks: usize) -> RowMajorMatrix<Val> {
    let mut values = Val::zero_vec(K_ROWS);
    for v in values.iter_mut().take(ROUNDS) {
        *v = Val::from_usize(blocks);
    }
    RowMajorMatrix::new(values, 1)
}
