//! Int8 matrix products: the `matmul` benchmark and the SDK checks of
//! `tests/guest_matmul.rs`.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `matmul` | `[m, k, n]` as 3 LE `u32`, A, B (rest of the input) | C, `m n` LE `i32` |
//! | `matmul_cases` | `Vec<(m, k, n, A: Vec<i8>, B: Vec<i8>)>` (`u32` dimensions) | each C as `Vec<i32>` |
//! | `matmul_raw` | `(dims: [u32; 3], [c, a, b]: [u32; 3])` | nothing |
//!
//! `matmul_raw` makes a raw `MATMUL_I8` call with the test's pointers and its dimensions in
//! guest memory, for negative tests that need particular dimensions (`raw_ecall` covers a
//! bad pointer to them).
//! With `plain`, both run the host's kernel (`src/matmul/kernel.rs`, included below)
//! compiled for RV32IM; without, `gluecp_guest::matmul`. A case whose lengths do not match
//! its dimensions makes the SDK panic, which the tests check too.

use alloc::vec;
use alloc::vec::Vec;
use gluecp_guest::{io, matmul};

#[path = "../../src/matmul/kernel.rs"]
mod kernel;

/// One `matmul_cases` product: `(m, k, n, A, B)`.
type Case = (u32, u32, u32, Vec<i8>, Vec<i8>);

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "matmul" => {
            let input = io::read_to_end();
            let (dims, operands) = input.split_at(12);
            let [m, k, n] = [0, 1, 2].map(|i| {
                u32::from_le_bytes([
                    dims[4 * i],
                    dims[4 * i + 1],
                    dims[4 * i + 2],
                    dims[4 * i + 3],
                ]) as usize
            });
            let (a, b) = operands.split_at(m * k);
            let (a, b) = (as_i8(a), as_i8(b));
            if plain {
                let mut c = vec![0u8; 4 * m * n];
                kernel::matmul_i8_tiles(a, b, m, k, n, |row, column, values| {
                    let start = 4 * (row * n + column);
                    let dest = &mut c[start..start + 4 * values.len()];
                    for (dest, value) in dest.chunks_exact_mut(4).zip(values) {
                        dest.copy_from_slice(&value.to_le_bytes());
                    }
                });
                io::commit_bytes(&c);
            } else {
                io::commit_bytes(as_bytes(&matmul::matmul_i8(a, b, m, k, n)));
            }
        }
        "matmul_cases" => {
            let cases: Vec<Case> = io::read();
            for (m, k, n, a, b) in cases {
                let [m, k, n] = [m, k, n].map(|d| d as usize);
                let c = if plain {
                    let mut c = vec![0; m * n];
                    kernel::matmul_i8(&a, &b, &mut c, m, k, n);
                    c
                } else {
                    // Through the in-place variant, over stale contents.
                    let mut c = vec![-1; m.saturating_mul(n)];
                    matmul::matmul_i8_into(&a, &b, &mut c, m, k, n);
                    c
                };
                io::commit(&c);
            }
        }
        "matmul_raw" => {
            let (dims, [c, a, b]): ([u32; 3], [u32; 3]) = io::read();
            // SAFETY: deliberately unchecked pointers, for negative tests; the VM validates
            // every one, and `dims` is a live, aligned array.
            unsafe {
                gluecp_guest::syscall::ecall(
                    gluecp_guest::abi::ecall::coprocessor::MATMUL_I8,
                    [c, a, b, dims.as_ptr() as u32],
                )
            };
        }
        _ => return false,
    }
    true
}

/// The bytes as two's-complement `i8`, without a copy.
fn as_i8(bytes: &[u8]) -> &[i8] {
    // SAFETY: `i8` and `u8` have the same size and alignment and every bit pattern is valid
    // for both; the result borrows `bytes`.
    unsafe { core::slice::from_raw_parts(bytes.as_ptr().cast(), bytes.len()) }
}

/// The words as their little-endian bytes (RV32 is little-endian), without a copy: an
/// element-by-element encoding would cost the glue more than the product's commit.
fn as_bytes(words: &[i32]) -> &[u8] {
    // SAFETY: any `i32` is 4 initialized bytes, `u8` has no alignment requirement, and the
    // result borrows `words`.
    unsafe { core::slice::from_raw_parts(words.as_ptr().cast(), 4 * words.len()) }
}
