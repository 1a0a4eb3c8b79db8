//! Guest side of `gluecp bench prove`: the Keccak work whose proving cost the benchmark
//! measures, either through the `KECCAK_F` coprocessor (the `chip` program) or in plain
//! RISC-V (the `plain` program, its twin).
//!
//! Input, in the gluecp codec: `op: u32`, then
//!
//! | op | rest of the input | work | commits |
//! | --- | --- | --- | --- |
//! | [`PERMUTE`] | `n: u32` | `n` chained Keccak-f\[1600\] on a fixed starting state | the state, 200 B |
//! | [`KECCAK256`] | the message (all remaining bytes) | keccak256 of the message | its digest, 32 B |
//! | [`MATMUL`] | `[m, k, n]: [u32; 3]`, then A (`m k` bytes) and B (`k n` bytes) | the int8 product `C = A · B` | C, `4 m n` B (little-endian `i32`) |
//!
//! Both programs compute the same journal for the same input; the host checks that. Each is
//! built from [`run`] with a constant `plain`, so link-time optimization leaves the other
//! mode's code out: the `chip` program is what a user would ship, and the `plain` program
//! carries no coprocessor calls.
#![no_std]

extern crate alloc;

use alloc::vec;
use gluecp_guest::io;

/// `n` chained permutations of one state.
pub const PERMUTE: u32 = 0;
/// keccak256 of the rest of the input.
pub const KECCAK256: u32 = 1;
/// An int8 matrix product (`MATMUL_I8`, or in plain RISC-V the host's own kernel).
pub const MATMUL: u32 = 2;

#[path = "../../../crates/coprocessors/src/matmul/kernel.rs"]
mod kernel;

/// Runs the operation the input names, with the coprocessor or (`plain`) in plain RISC-V.
#[inline(always)]
pub fn run(plain: bool) {
    let op: u32 = io::read();
    match op {
        PERMUTE => {
            let n: u32 = io::read();
            // Any fixed state will do; distinct lanes keep the first rounds from being trivial.
            let mut state: [u64; 25] =
                core::array::from_fn(|i| (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            for _ in 0..n {
                if plain {
                    keccak::f1600(&mut state);
                } else {
                    gluecp_guest::keccak::keccak_f(&mut state);
                }
            }
            io::commit(&state);
        }
        KECCAK256 => {
            let mut message = vec![0; io::input_remaining()];
            io::read_exact(&mut message);
            let digest: [u8; 32] = if plain {
                use sha3::Digest;
                sha3::Keccak256::digest(&message).into()
            } else {
                gluecp_guest::keccak::keccak256(&message)
            };
            io::commit_bytes(&digest);
        }
        MATMUL => {
            let [m, k, n]: [u32; 3] = io::read();
            let [m, k, n] = [m, k, n].map(|d| d as usize);
            let mut operands = vec![0u8; m * k + k * n];
            io::read_exact(&mut operands);
            // SAFETY: `i8` and `u8` have the same layout; the slice borrows `operands`.
            let operands: &[i8] =
                unsafe { core::slice::from_raw_parts(operands.as_ptr().cast(), operands.len()) };
            let (a, b) = operands.split_at(m * k);
            let c = if plain {
                let mut c = vec![0; m * n];
                kernel::matmul_i8(a, b, &mut c, m, k, n);
                c
            } else {
                gluecp_guest::matmul::matmul_i8(a, b, m, k, n)
            };
            let bytes: alloc::vec::Vec<u8> = c.iter().flat_map(|x| x.to_le_bytes()).collect();
            io::commit_bytes(&bytes);
        }
        _ => panic!("unknown op {op}"),
    }
}
