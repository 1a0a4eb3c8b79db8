//! Transformer forward pass (AI): a 2-layer int8 decoder-only transformer whose every
//! matrix product runs on the `MATMUL_I8` coprocessor, with norms, softmax, masking and
//! requantization in the glue. The model itself is [`model`], one `no_std` source that the
//! guest includes and this crate runs natively to check the guest's journal.
//!
//! **Input** (`gluecp_abi::codec`): `(tokens: Vec<u16>, weights: Vec<u8>)`, the prompt (1
//! to 32 token ids below 256; the demo's are the bytes of a sentence) and the weight blob
//! (layout in [`model`]). The weights are input rather than generated in the guest from a
//! seed: that is how a real model arrives, reading them is one `READ_INPUT` call, and the
//! guest commits their Keccak-256 (about a thousand `KECCAK_F` calls), so the journal names
//! the model that ran. Generating them in the guest would add about a million cycles of
//! random-number glue that has nothing to do with inference. Here they come from
//! [`weights::generate`] with a fixed seed.
//!
//! **Journal**: `(model_id: [u8; 32], tokens: Vec<u16>, logits_keccak: [u8; 32],
//! predictions: Vec<u16>)`: Keccak-256 of the weight blob, the prompt, Keccak-256 of the
//! `i32` logits (`tokens × 256`, row-major, little-endian), and the greedy next token
//! (argmax, first on a tie) at each position.

pub mod model;
pub mod weights;

#[cfg(test)]
mod tests;

use gluecp_abi::codec::{Decode, Encode};
use sha3::{Digest, Keccak256};

use crate::Showcase;
use model::{InputError, Model, VOCAB};

/// Seed of the demo's weights.
pub const DEMO_SEED: u64 = 2024;
/// The demo prompt: a byte-level tokenization, one token per byte.
pub const DEMO_PROMPT: &[u8; 32] = b"The glue runs the model; matmuls";

/// The transformer showcase.
pub const SHOWCASE: Showcase = Showcase {
    name: "transformer",
    title: "Transformer forward pass (AI)",
    guest_dir: "examples/transformer",
    input,
    check,
};

/// What the guest commits. See the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub model_id: [u8; 32],
    pub tokens: Vec<u16>,
    pub logits_keccak: [u8; 32],
    pub predictions: Vec<u16>,
}

impl Outcome {
    /// Run the model natively on `tokens` with `weights`.
    pub fn compute(tokens: &[u16], weights: &[u8]) -> Result<Self, InputError> {
        let logits = logits(tokens, weights)?;
        let bytes: Vec<u8> = logits.iter().flat_map(|l| l.to_le_bytes()).collect();
        let mut predictions = vec![0; tokens.len()];
        model::argmax(&logits, &mut predictions);
        Ok(Outcome {
            model_id: Keccak256::digest(weights).into(),
            tokens: tokens.to_vec(),
            logits_keccak: Keccak256::digest(&bytes).into(),
            predictions,
        })
    }

    /// The journal's encoding.
    pub fn to_journal(&self) -> Vec<u8> {
        let Outcome {
            model_id,
            tokens,
            logits_keccak,
            predictions,
        } = self;
        (model_id, tokens, logits_keccak, predictions).to_bytes()
    }

    /// Decode a journal.
    pub fn from_journal(journal: &[u8]) -> Result<Self, String> {
        let (model_id, tokens, logits_keccak, predictions) = Decode::from_bytes(journal)
            .map_err(|e| format!("the journal is not a transformer outcome: {e}"))?;
        Ok(Outcome {
            model_id,
            tokens,
            logits_keccak,
            predictions,
        })
    }
}

/// The logits (`tokens × VOCAB`, row-major) of the model with `weights` on `tokens`,
/// computed natively by the same code as the guest's.
pub fn logits(tokens: &[u16], weights: &[u8]) -> Result<Vec<i32>, InputError> {
    model::check_prompt(tokens)?;
    let blob: Vec<i8> = weights.iter().map(|&b| b as i8).collect();
    let model = Model::parse(&blob)?;
    let mut logits = vec![0; tokens.len() * VOCAB];
    model::forward(&model, tokens, matmul, &mut logits);
    Ok(logits)
}

/// The host's matrix product: a plain loop, independent of the coprocessor's kernel.
fn matmul(a: &[i8], b: &[i8], c: &mut [i32], m: usize, k: usize, n: usize) {
    assert!(a.len() == m * k && b.len() == k * n && c.len() == m * n && k > 0);
    c.fill(0);
    for (a, c) in a.chunks_exact(k).zip(c.chunks_exact_mut(n)) {
        for (&x, b) in a.iter().zip(b.chunks_exact(n)) {
            for (c, &y) in c.iter_mut().zip(b) {
                *c += i32::from(x) * i32::from(y);
            }
        }
    }
}

/// The guest's input for a prompt and a weight blob.
pub fn encode_input(tokens: &[u16], weights: &[u8]) -> Vec<u8> {
    (tokens, weights).to_bytes()
}

/// The demo input: [`DEMO_PROMPT`] with the weights of [`DEMO_SEED`].
pub fn input() -> Vec<u8> {
    let tokens: Vec<u16> = DEMO_PROMPT.iter().map(|&b| u16::from(b)).collect();
    encode_input(&tokens, &weights::generate(DEMO_SEED))
}

/// The outcome the guest must commit for `input`.
pub fn expected(input: &[u8]) -> Result<Outcome, String> {
    let (tokens, weights): (Vec<u16>, Vec<u8>) =
        Decode::from_bytes(input).map_err(|e| format!("not a transformer input: {e}"))?;
    Outcome::compute(&tokens, &weights).map_err(|e| e.to_string())
}

fn check(input: &[u8], journal: &[u8]) -> Result<String, String> {
    let expected = expected(input)?;
    let got = Outcome::from_journal(journal)?;
    let differ = |what: &str| Err(format!("the guest's {what} differs from the host's"));
    if got.model_id != expected.model_id {
        return differ("model id");
    }
    if got.tokens != expected.tokens {
        return differ("prompt");
    }
    if got.logits_keccak != expected.logits_keccak {
        return differ("logits hash");
    }
    if got.predictions != expected.predictions {
        return differ("next-token predictions");
    }
    let shown = got.predictions.len().min(8);
    Ok(format!(
        "{} tokens through model {}…: logits keccak {}…, greedy next tokens {:?}{}",
        got.tokens.len(),
        hex(&got.model_id[..4]),
        hex(&got.logits_keccak[..8]),
        &got.predictions[..shown],
        if shown < got.predictions.len() {
            " …"
        } else {
            ""
        },
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
