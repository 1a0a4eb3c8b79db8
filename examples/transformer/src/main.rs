//! A 2-layer int8 decoder-only transformer's forward pass: every matrix product on the
//! `MATMUL_I8` coprocessor, the rest (norms, softmax, masking, requantization) in the glue.
//!
//! Input: `(tokens: Vec<u16>, weights: Vec<u8>)`, the prompt and the weight blob. Journal:
//! `(model_id: [u8; 32], tokens: Vec<u16>, logits_keccak: [u8; 32], predictions:
//! Vec<u16>)`: Keccak-256 of the weights, the prompt, Keccak-256 of the `i32` logits
//! (little-endian, row-major) and the greedy next token at each position. The model is
//! shared with the host (`gluecp_showcase::transformer`), which checks the journal by
//! running the same code natively.
//!
//! A prompt that is empty, too long or has a token outside the vocabulary, and weights of
//! the wrong length, stop the guest with a panic (exit code 101) that says which.
#![no_std]
#![no_main]

extern crate alloc;

#[path = "../../../crates/showcase/src/transformer/model.rs"]
mod model;

use alloc::vec;
use alloc::vec::Vec;

use gluecp_guest::io;
use gluecp_guest::keccak::keccak256;
use gluecp_guest::matmul::matmul_i8_into;

use model::{Model, VOCAB, WEIGHTS_LEN};

gluecp_guest::entry!(main);

fn main() {
    let tokens: Vec<u16> = io::read();
    if let Err(error) = model::check_prompt(&tokens) {
        panic!("{error}");
    }
    let weights = read_weights();
    let model_id = keccak256(&weights);
    let model = Model::parse(as_i8(&weights)).unwrap_or_else(|error| panic!("{error}"));

    // Fresh heap memory is zero already: these allocations cost no clearing.
    let n = tokens.len();
    let mut logits = vec![0; n * VOCAB];
    model::forward(&model, &tokens, matmul_i8_into, &mut logits);

    let mut predictions = vec![0; n];
    model::argmax(&logits, &mut predictions);
    let logits_keccak = keccak256(&le_bytes(&logits));
    io::commit(&(model_id, tokens, logits_keccak, predictions));
}

/// The weight blob, read in one transfer (decoding a `Vec<u8>` reads byte by byte).
fn read_weights() -> Vec<u8> {
    let len = io::read::<u32>() as usize;
    if len != WEIGHTS_LEN {
        panic!("{}", model::InputError::WeightsLength(len));
    }
    let mut weights = vec![0; len];
    io::read_exact(&mut weights);
    if io::input_remaining() != 0 {
        panic!("{} bytes of input after the weights", io::input_remaining());
    }
    weights
}

fn as_i8(bytes: &[u8]) -> &[i8] {
    // SAFETY: `u8` and `i8` have the same size and alignment, and every bit pattern is a
    // valid value of both.
    unsafe { core::slice::from_raw_parts(bytes.as_ptr().cast(), bytes.len()) }
}

fn le_bytes(values: &[i32]) -> Vec<u8> {
    let mut bytes = vec![0; 4 * values.len()];
    for (bytes, value) in bytes.chunks_exact_mut(4).zip(values) {
        bytes.copy_from_slice(&value.to_le_bytes());
    }
    bytes
}
