//! The int8 decoder-only transformer that the guest runs and the host checks: `no_std`
//! source with no allocation and no floating point, included by the guest with `#[path]`
//! (this file, which brings in [`inference`], the forward pass). This file holds the shape,
//! the weight blob's layout and the input checks.
//!
//! Every matrix product goes through the [`MatMul`] function the caller passes (the
//! `MATMUL_I8` coprocessor in the guest, a plain loop on the host); the rest is the glue,
//! in fixed-point integers: embedding lookup, RMSNorm with an integer square root, causal
//! masking, softmax from an exponential table, requantization, ReLU, residual additions.
//!
//! Shape: [`LAYERS`] pre-norm blocks of width [`WIDTH`], [`HEADS`] attention heads,
//! an MLP of width [`HIDDEN`], [`VOCAB`] tokens, a context of [`MAX_TOKENS`].
//!
//! Numbers: activations are `i8` in units of 1/[`NORM_RMS`] (RMSNorm outputs have an RMS of
//! about `NORM_RMS`); the residual stream is `i32` in the same unit, bounded by
//! construction (each branch adds a clamped `i8`). A product's `i32` sums come back to `i8`
//! by a per-tensor scale `s`: `round(acc · s / 2^16)`, clamped to ±127. Norm gains are
//! `i8` with 64 meaning 1. Attention weights are `i8` with 128 meaning 1.
//!
//! Weight blob ([`WEIGHTS_LEN`] bytes; scales `u16` little-endian, matrices row-major `i8`
//! as `inputs × outputs`):
//!
//! | part | bytes |
//! | --- | --- |
//! | token embedding | `VOCAB × WIDTH` |
//! | position embedding | `MAX_TOKENS × WIDTH` |
//! | each layer: scales `qkv, score, out, up, down` | `5 × 2` |
//! | each layer: attention norm gains, `W_qkv`, `W_o` | `WIDTH + WIDTH × 3 WIDTH + WIDTH²` |
//! | each layer: MLP norm gains, `W_up`, `W_down` | `WIDTH + WIDTH × HIDDEN + HIDDEN × WIDTH` |
//! | final norm gains, `W_head` | `WIDTH + WIDTH × VOCAB` |
//!
//! `W_qkv`'s columns are Q, K and V, head `h` at `h · HEAD_DIM` in each. The `score` scale
//! turns a difference of two Q·K sums into softmax steps of 1/8 nat.

use core::fmt;

#[path = "inference.rs"]
pub mod inference;

pub use inference::{argmax, forward};

/// Tokens in the vocabulary.
pub const VOCAB: usize = 256;
/// Width of the residual stream.
pub const WIDTH: usize = 64;
/// Attention heads per layer.
pub const HEADS: usize = 4;
/// Width of one head.
pub const HEAD_DIM: usize = WIDTH / HEADS;
/// Width of the MLP's hidden layer.
pub const HIDDEN: usize = 4 * WIDTH;
/// Transformer blocks.
pub const LAYERS: usize = 2;
/// Longest prompt (the number of position embeddings).
pub const MAX_TOKENS: usize = 32;
/// RMS of a normalized activation, in `i8` units: the activations' fixed-point unit.
pub const NORM_RMS: i32 = 32;

const LAYER_SCALES: usize = 5;
const LAYER_LEN: usize = 2 * LAYER_SCALES
    + WIDTH
    + WIDTH * 3 * WIDTH
    + WIDTH * WIDTH
    + WIDTH
    + WIDTH * HIDDEN
    + HIDDEN * WIDTH;
/// Length of the weight blob.
pub const WEIGHTS_LEN: usize =
    VOCAB * WIDTH + MAX_TOKENS * WIDTH + LAYERS * LAYER_LEN + WIDTH + WIDTH * VOCAB;

/// `C = A · B` for row-major `A` (`m × k`), `B` (`k × n`), `C` (`m × n`), overwriting `C`:
/// the signature of `gluecp_guest::matmul::matmul_i8_into`. Arguments `(a, b, c, m, k, n)`.
pub type MatMul = fn(&[i8], &[i8], &mut [i32], usize, usize, usize);

/// A prompt or weight blob the model cannot take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    /// No tokens.
    EmptyPrompt,
    /// More tokens than position embeddings.
    PromptTooLong(usize),
    /// A token id outside the vocabulary.
    TokenOutOfRange { position: usize, token: u16 },
    /// A weight blob of the wrong length.
    WeightsLength(usize),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            InputError::EmptyPrompt => write!(f, "the prompt is empty: the model needs a token"),
            InputError::PromptTooLong(n) => {
                write!(
                    f,
                    "the prompt has {n} tokens, more than the context of {MAX_TOKENS}"
                )
            }
            InputError::TokenOutOfRange { position, token } => write!(
                f,
                "token {token} at position {position} is outside the vocabulary of {VOCAB}"
            ),
            InputError::WeightsLength(len) => {
                write!(
                    f,
                    "the weights are {len} bytes, this model has {WEIGHTS_LEN}"
                )
            }
        }
    }
}

/// Check that every token is in the vocabulary and that the prompt fits the context.
pub fn check_prompt(tokens: &[u16]) -> Result<(), InputError> {
    if tokens.is_empty() {
        return Err(InputError::EmptyPrompt);
    }
    if tokens.len() > MAX_TOKENS {
        return Err(InputError::PromptTooLong(tokens.len()));
    }
    match tokens.iter().position(|&t| usize::from(t) >= VOCAB) {
        Some(position) => Err(InputError::TokenOutOfRange {
            position,
            token: tokens[position],
        }),
        None => Ok(()),
    }
}

/// Per-tensor requantization scales of one block (`round(acc · s / 2^16)`).
#[derive(Clone, Copy, Debug)]
pub struct Scales {
    pub qkv: u16,
    /// Q·K sums to 1/8-nat softmax steps.
    pub score: u16,
    pub out: u16,
    pub up: u16,
    pub down: u16,
}

/// One transformer block's weights, borrowed from the blob.
pub struct Layer<'a> {
    pub scales: Scales,
    pub attention_norm: &'a [i8],
    pub w_qkv: &'a [i8],
    pub w_o: &'a [i8],
    pub mlp_norm: &'a [i8],
    pub w_up: &'a [i8],
    pub w_down: &'a [i8],
}

/// The whole model, borrowed from the blob.
pub struct Model<'a> {
    pub token_embedding: &'a [i8],
    pub position_embedding: &'a [i8],
    pub layers: [Layer<'a>; LAYERS],
    pub final_norm: &'a [i8],
    pub w_head: &'a [i8],
}

/// Reads the blob front to back; lengths were checked once, up front.
struct Cursor<'a>(&'a [i8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, len: usize) -> &'a [i8] {
        let (part, rest) = self.0.split_at(len);
        self.0 = rest;
        part
    }

    fn scale(&mut self) -> u16 {
        let bytes = self.take(2);
        u16::from_le_bytes([bytes[0] as u8, bytes[1] as u8])
    }

    fn layer(&mut self) -> Layer<'a> {
        let scales = Scales {
            qkv: self.scale(),
            score: self.scale(),
            out: self.scale(),
            up: self.scale(),
            down: self.scale(),
        };
        Layer {
            scales,
            attention_norm: self.take(WIDTH),
            w_qkv: self.take(WIDTH * 3 * WIDTH),
            w_o: self.take(WIDTH * WIDTH),
            mlp_norm: self.take(WIDTH),
            w_up: self.take(WIDTH * HIDDEN),
            w_down: self.take(HIDDEN * WIDTH),
        }
    }
}

impl<'a> Model<'a> {
    /// Split a weight blob (layout in the module documentation) into tensors.
    pub fn parse(blob: &'a [i8]) -> Result<Self, InputError> {
        if blob.len() != WEIGHTS_LEN {
            return Err(InputError::WeightsLength(blob.len()));
        }
        let mut cursor = Cursor(blob);
        Ok(Model {
            token_embedding: cursor.take(VOCAB * WIDTH),
            position_embedding: cursor.take(MAX_TOKENS * WIDTH),
            layers: [(); LAYERS].map(|()| cursor.layer()),
            final_norm: cursor.take(WIDTH),
            w_head: cursor.take(WIDTH * VOCAB),
        })
    }
}
