//! The forward pass of [`model`](super): its phases are `#[inline(never)]` functions, so a
//! profile of the guest attributes the glue to `embed`, `attention`, `softmax`, `mlp`,
//! `rms_norm` and `lm_head`, and the matrix products to the `MatMul` each one calls.

use super::{HEAD_DIM, HIDDEN, Layer, MAX_TOKENS, MatMul, Model, NORM_RMS, VOCAB, WIDTH};

/// Working memory of a forward pass, shared by the layers: zeroing it once costs the guest
/// less than zeroing fresh buffers in every phase.
struct Scratch {
    /// RMSNorm outputs, the matrix products' left operand.
    normed: [i8; MAX_TOKENS * WIDTH],
    /// `i32` sums of the QKV and MLP-up products.
    sums: [i32; MAX_TOKENS * HIDDEN],
    /// Their requantized values: Q, K, V rows, or the MLP's hidden layer.
    activations: [i8; MAX_TOKENS * HIDDEN],
    /// Per head: Q (`n × d`), Kᵀ (`d × n`) and V (`n × d`), gathered from the QKV rows.
    q: [i8; MAX_TOKENS * HEAD_DIM],
    k_t: [i8; MAX_TOKENS * HEAD_DIM],
    v: [i8; MAX_TOKENS * HEAD_DIM],
    /// Per head: Q·Kᵀ, the attention weights, and weights·V.
    scores: [i32; MAX_TOKENS * MAX_TOKENS],
    weights: [i8; MAX_TOKENS * MAX_TOKENS],
    mixed: [i32; MAX_TOKENS * HEAD_DIM],
    /// The heads' outputs side by side, the output projection's left operand.
    heads: [i8; MAX_TOKENS * WIDTH],
    /// A branch's output before it joins the residual stream.
    branch: [i32; MAX_TOKENS * WIDTH],
}

impl Scratch {
    const ZERO: Scratch = Scratch {
        normed: [0; MAX_TOKENS * WIDTH],
        sums: [0; MAX_TOKENS * HIDDEN],
        activations: [0; MAX_TOKENS * HIDDEN],
        q: [0; MAX_TOKENS * HEAD_DIM],
        k_t: [0; MAX_TOKENS * HEAD_DIM],
        v: [0; MAX_TOKENS * HEAD_DIM],
        scores: [0; MAX_TOKENS * MAX_TOKENS],
        weights: [0; MAX_TOKENS * MAX_TOKENS],
        mixed: [0; MAX_TOKENS * HEAD_DIM],
        heads: [0; MAX_TOKENS * WIDTH],
        branch: [0; MAX_TOKENS * WIDTH],
    };
}

/// Run the model on a checked prompt ([`check_prompt`](super::check_prompt)) and write the
/// next-token logits of every position into `logits` (`tokens.len() × VOCAB`, row-major).
///
/// # Panics
///
/// If the prompt was not checked or `logits` has the wrong length.
pub fn forward(model: &Model<'_>, tokens: &[u16], matmul: MatMul, logits: &mut [i32]) {
    let n = tokens.len();
    let mut scratch = Scratch::ZERO;
    let mut x = [0; MAX_TOKENS * WIDTH];
    let x = &mut x[..n * WIDTH];
    embed(model, tokens, x);
    for layer in &model.layers {
        attention(layer, x, &mut scratch, matmul);
        mlp(layer, x, &mut scratch, matmul);
    }
    lm_head(model, x, &mut scratch, matmul, logits);
}

/// Residual stream of each position: its token's embedding plus its position's.
#[inline(never)]
fn embed(model: &Model<'_>, tokens: &[u16], x: &mut [i32]) {
    let positions = model.position_embedding.chunks_exact(WIDTH);
    for ((&token, x), position) in tokens.iter().zip(x.chunks_exact_mut(WIDTH)).zip(positions) {
        let token = &model.token_embedding[usize::from(token) * WIDTH..][..WIDTH];
        for ((x, &t), &p) in x.iter_mut().zip(token).zip(position) {
            *x = i32::from(t) + i32::from(p);
        }
    }
}

/// Causal multi-head self-attention, added to the residual stream `x`.
#[inline(never)]
fn attention(layer: &Layer<'_>, x: &mut [i32], s: &mut Scratch, matmul: MatMul) {
    let n = x.len() / WIDTH;
    let normed = &mut s.normed[..n * WIDTH];
    rms_norm(x, layer.attention_norm, normed);
    let sums = &mut s.sums[..n * 3 * WIDTH];
    matmul(normed, layer.w_qkv, sums, n, WIDTH, 3 * WIDTH);
    let qkv = &mut s.activations[..n * 3 * WIDTH];
    requantize(sums, layer.scales.qkv, qkv);

    let (q, k_t, v) = (
        &mut s.q[..n * HEAD_DIM],
        &mut s.k_t[..n * HEAD_DIM],
        &mut s.v[..n * HEAD_DIM],
    );
    let (scores, weights) = (&mut s.scores[..n * n], &mut s.weights[..n * n]);
    let (mixed, heads) = (&mut s.mixed[..n * HEAD_DIM], &mut s.heads[..n * WIDTH]);
    for column in (0..WIDTH).step_by(HEAD_DIM) {
        for (i, row) in qkv.chunks_exact(3 * WIDTH).enumerate() {
            q[i * HEAD_DIM..][..HEAD_DIM].copy_from_slice(&row[column..][..HEAD_DIM]);
            v[i * HEAD_DIM..][..HEAD_DIM].copy_from_slice(&row[2 * WIDTH + column..][..HEAD_DIM]);
            for (d, &k) in row[WIDTH + column..][..HEAD_DIM].iter().enumerate() {
                k_t[d * n + i] = k;
            }
        }
        matmul(q, k_t, scores, n, HEAD_DIM, n);
        softmax(scores, n, layer.scales.score, weights);
        matmul(weights, v, mixed, n, n, HEAD_DIM);
        // The weights sum to 128: back to V's unit.
        for (out, mixed) in heads
            .chunks_exact_mut(WIDTH)
            .zip(mixed.chunks_exact(HEAD_DIM))
        {
            for (out, &sum) in out[column..][..HEAD_DIM].iter_mut().zip(mixed.iter()) {
                *out = clamp_i8((sum + 64) >> 7);
            }
        }
    }

    let projected = &mut s.branch[..n * WIDTH];
    matmul(heads, layer.w_o, projected, n, WIDTH, WIDTH);
    add_residual(x, projected, layer.scales.out);
}

/// Row `i` of the `n × n` `scores` becomes attention weights over positions `0..=i` (the
/// causal mask: later positions get 0), in units of 1/128.
#[inline(never)]
pub fn softmax(scores: &[i32], n: usize, scale: u16, weights: &mut [i8]) {
    let rows = scores.chunks_exact(n).zip(weights.chunks_exact_mut(n));
    for (i, (scores, weights)) in rows.enumerate() {
        let visible = &scores[..=i];
        let max = visible.iter().fold(i32::MIN, |max, &s| max.max(s));
        // e^(s - max) in Q16, from the table; the sum is at least EXP[0] = 2^16.
        let mut exp = [0u32; MAX_TOKENS];
        let mut sum = 0;
        for (e, &s) in exp.iter_mut().zip(visible) {
            // A product past 2^32 is past the table too: saturate.
            let steps = max.abs_diff(s).saturating_mul(u32::from(scale)) >> 16;
            *e = EXP.get(steps as usize).copied().unwrap_or(0);
            sum += *e;
        }
        // e · 2^31/sum / 2^24 = 128 e/sum, with e <= 2^16 and 2^31/sum <= 2^15.
        let reciprocal = (1u32 << 31) / sum;
        for (w, &e) in weights.iter_mut().zip(&exp[..=i]) {
            *w = ((e * reciprocal + (1 << 23)) >> 24).min(127) as i8;
        }
        weights[i + 1..].fill(0);
    }
}

/// The position-wise MLP (up, ReLU, down), added to the residual stream `x`.
#[inline(never)]
fn mlp(layer: &Layer<'_>, x: &mut [i32], s: &mut Scratch, matmul: MatMul) {
    let n = x.len() / WIDTH;
    let normed = &mut s.normed[..n * WIDTH];
    rms_norm(x, layer.mlp_norm, normed);
    let sums = &mut s.sums[..n * HIDDEN];
    matmul(normed, layer.w_up, sums, n, WIDTH, HIDDEN);
    let hidden = &mut s.activations[..n * HIDDEN];
    for (h, &sum) in hidden.iter_mut().zip(sums.iter()) {
        *h = requantize_one(sum, layer.scales.up).max(0); // ReLU
    }
    let down = &mut s.branch[..n * WIDTH];
    matmul(hidden, layer.w_down, down, n, HIDDEN, WIDTH);
    add_residual(x, down, layer.scales.down);
}

/// Final norm and the output projection: raw `i32` logits.
#[inline(never)]
fn lm_head(model: &Model<'_>, x: &[i32], s: &mut Scratch, matmul: MatMul, logits: &mut [i32]) {
    let n = x.len() / WIDTH;
    let normed = &mut s.normed[..n * WIDTH];
    rms_norm(x, model.final_norm, normed);
    matmul(normed, model.w_head, logits, n, WIDTH, VOCAB);
}

/// Scale each row of the residual stream to an RMS of [`NORM_RMS`] times its gain.
#[inline(never)]
fn rms_norm(x: &[i32], gain: &[i8], out: &mut [i8]) {
    for (x, out) in x.chunks_exact(WIDTH).zip(out.chunks_exact_mut(WIDTH)) {
        // |x| < 2^10 (see `add_residual`), so the sum of squares fits a u32.
        let sum_squares: u32 = x.iter().map(|&v| (v * v) as u32).sum();
        let rms = isqrt(sum_squares / WIDTH as u32);
        if rms == 0 {
            out.fill(0);
            continue;
        }
        // y = x · (gain/64) · NORM_RMS/rms, with NORM_RMS/rms in Q16.
        let factor = i64::from(((NORM_RMS as u32) << 16) / rms);
        for ((out, &v), &g) in out.iter_mut().zip(x).zip(gain) {
            // |y| <= 2^17 · 2^21 / 2^22: back to i32 before clamping.
            let y = (i64::from(v * i32::from(g)) * factor + (1 << 21)) >> 22;
            *out = clamp_i8(y as i32);
        }
    }
}

/// Add a branch's sums, requantized to the activation unit, to the residual stream. Each
/// addition is at most 127, so with embeddings of at most 2^8 and `2 · LAYERS` additions
/// the stream stays below 2^10.
fn add_residual(x: &mut [i32], sums: &[i32], scale: u16) {
    for (x, &sum) in x.iter_mut().zip(sums) {
        *x += i32::from(requantize_one(sum, scale));
    }
}

fn requantize(sums: &[i32], scale: u16, out: &mut [i8]) {
    for (out, &sum) in out.iter_mut().zip(sums) {
        *out = requantize_one(sum, scale);
    }
}

/// `round(sum · scale / 2^16)`, clamped to ±127. The product needs 64 bits, the shifted
/// value does not (`|sum| < 2^31`, `scale < 2^16`), and 32-bit clamping is cheaper.
fn requantize_one(sum: i32, scale: u16) -> i8 {
    clamp_i8(((i64::from(sum) * i64::from(scale) + (1 << 15)) >> 16) as i32)
}

fn clamp_i8(value: i32) -> i8 {
    value.clamp(-127, 127) as i8
}

/// Floor of the square root, digit by digit.
pub const fn isqrt(n: u32) -> u32 {
    let (mut rest, mut root) = (n, 0u32);
    let mut bit = 1u32 << 30;
    while bit > n {
        bit >>= 2;
    }
    while bit != 0 {
        if rest >= root + bit {
            rest -= root + bit;
            root = (root >> 1) + bit;
        } else {
            root >>= 1;
        }
        bit >>= 2;
    }
    root
}

/// Softmax steps covered by [`EXP`]: past 12 nats, e^-x · 2^16 rounds to 0.
const EXP_STEPS: usize = 96;
/// e^(-1/8) in Q32.
const EXP_STEP_Q32: u64 = 3_790_295_335;
/// `EXP[u]` = e^(-u/8) in Q16, by repeated multiplication in Q32 (no floats).
const EXP: [u32; EXP_STEPS] = {
    let mut table = [0; EXP_STEPS];
    let mut value: u64 = 1 << 32;
    let mut u = 0;
    while u < EXP_STEPS {
        table[u] = ((value + (1 << 15)) >> 16) as u32;
        value = (value * EXP_STEP_Q32 + (1 << 31)) >> 32;
        u += 1;
    }
    table
};

/// Index of each row's largest logit (the first, on a tie): the greedy next token.
pub fn argmax(logits: &[i32], predictions: &mut [u16]) {
    for (row, prediction) in logits.chunks_exact(VOCAB).zip(predictions) {
        let mut best = 0;
        for (token, &logit) in row.iter().enumerate() {
            if logit > row[best] {
                best = token;
            }
        }
        *prediction = best as u16;
    }
}
