//! A deterministic stand-in for a trained model: int8 weights from a seeded xorshift
//! generator, with per-tensor scales calibrated from the weights themselves (integers
//! only), written in the blob layout of [`model`](super::model).

use super::model::inference::isqrt;
use super::model::{HEAD_DIM, HIDDEN, LAYERS, MAX_TOKENS, NORM_RMS, VOCAB, WEIGHTS_LEN, WIDTH};

/// `score` scale: Q·K sums are in units of `1/NORM_RMS²`, attention divides them by
/// `√HEAD_DIM`, and softmax counts steps of 1/8 nat: `2^16 · 8 / (NORM_RMS² · √HEAD_DIM)`.
const SCORE_SCALE: u16 = ((1 << 19) / (NORM_RMS * NORM_RMS * isqrt(HEAD_DIM as u32) as i32)) as u16;

/// xorshift64* (Vigna): small, fast and good enough for test weights.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // xorshift has a fixed point at 0; any other seed is a full-period start.
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `[-spread, spread]`, `spread` at most 127.
    fn uniform(&mut self, spread: u8) -> i8 {
        let width = 2 * u64::from(spread) + 1;
        (((self.next() >> 32) % width) as i32 - i32::from(spread)) as i8
    }

    /// `len` values in `[-spread, spread]`.
    fn tensor(&mut self, len: usize, spread: u8) -> Vec<i8> {
        (0..len).map(|_| self.uniform(spread)).collect()
    }

    /// A `k × n` weight matrix: the sum of two uniforms in ±63, roughly bell-shaped.
    fn matrix(&mut self, k: usize, n: usize) -> Vec<i8> {
        (0..k * n)
            .map(|_| self.uniform(63) + self.uniform(63))
            .collect()
    }

    /// Norm gains around 1 (64): 48..=80.
    fn gains(&mut self) -> Vec<i8> {
        (0..WIDTH).map(|_| 64 + self.uniform(16)).collect()
    }
}

/// The scale that maps `k`-term sums of inputs of RMS `NORM_RMS` with the weights `w` back
/// to about the same RMS: `2^16 / (√k · rms(w))`.
fn calibrate(w: &[i8], k: usize) -> u16 {
    let sum_squares: u64 = w
        .iter()
        .map(|&v| (i64::from(v) * i64::from(v)) as u64)
        .sum();
    let mean_square = (sum_squares / w.len() as u64) as u32;
    let norm = isqrt(k as u32 * mean_square).max(1);
    (65_536 / norm).min(u32::from(u16::MAX)) as u16
}

/// The weight blob for `seed` ([`WEIGHTS_LEN`] bytes).
pub fn generate(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut blob: Vec<i8> = Vec::with_capacity(WEIGHTS_LEN);
    blob.extend(rng.tensor(VOCAB * WIDTH, 64));
    blob.extend(rng.tensor(MAX_TOKENS * WIDTH, 16));
    for _ in 0..LAYERS {
        let attention_norm = rng.gains();
        let w_qkv = rng.matrix(WIDTH, 3 * WIDTH);
        let w_o = rng.matrix(WIDTH, WIDTH);
        let mlp_norm = rng.gains();
        let w_up = rng.matrix(WIDTH, HIDDEN);
        let w_down = rng.matrix(HIDDEN, WIDTH);
        let scales = [
            calibrate(&w_qkv, WIDTH),
            SCORE_SCALE,
            calibrate(&w_o, WIDTH),
            calibrate(&w_up, WIDTH),
            calibrate(&w_down, HIDDEN),
        ];
        blob.extend(scales.iter().flat_map(|s| s.to_le_bytes().map(|b| b as i8)));
        for tensor in [attention_norm, w_qkv, w_o, mlp_norm, w_up, w_down] {
            blob.extend(tensor);
        }
    }
    blob.extend(rng.gains());
    blob.extend(rng.matrix(WIDTH, VOCAB));
    debug_assert_eq!(blob.len(), WEIGHTS_LEN);
    blob.into_iter().map(|b| b as u8).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_in_range() {
        assert_eq!(SCORE_SCALE, 128);
        // Two uniforms in ±63: variance 2 · (127² - 1)/12 = 2688, √(64 · 2688) = 414.
        let w = Rng::new(1).matrix(WIDTH, WIDTH);
        assert!((150..=170).contains(&calibrate(&w, WIDTH)));
    }

    #[test]
    fn same_seed_same_weights() {
        assert_eq!(generate(7), generate(7));
        assert_ne!(generate(7), generate(8));
        assert_eq!(generate(7).len(), WEIGHTS_LEN);
    }
}
