//! BN254 precompiles: the `bn254` benchmark and the SDK checks of `tests/guest_bn254.rs`.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `bn254` | pairing checks of 384 bytes (rest of the input) | a byte per check: 1, 0, or 2 if invalid |
//! | `bn254_ops` | `Vec<(op: u8, input: Vec<u8>)>`, op 0 add, 1 mul, 2 pairing | each result as `Option<Vec<u8>>` |
//!
//! `bn254_ops` results: the 64-byte point for add and mul, one byte 0/1 for a pairing;
//! `None` where the precompile fails. Add and mul inputs must be exactly 128 and 96 bytes.
//! With `plain`, both run the host's `src/bn254/precompile.rs` (included below) on
//! `substrate-bn` compiled for RV32IM; without, `gluecp_guest::bn254`: the benchmark
//! through `pairing_check`, `bn254_ops` through the typed helpers built on the others.

use alloc::vec::Vec;
use gluecp_guest::bn254::{self, Pair};
use gluecp_guest::io;

#[path = "../../src/bn254/precompile.rs"]
mod precompile;

/// Bytes of one benchmark check: two pairs.
const CHECK_LEN: usize = 2 * precompile::PAIR_LEN;

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "bn254" => {
            let input = io::read_to_end();
            let results: Vec<u8> = input
                .chunks(CHECK_LEN)
                .map(|check| {
                    let result = if plain {
                        precompile::pairing(check).ok()
                    } else {
                        bn254::pairing_check(check)
                    };
                    result.map_or(2, u8::from)
                })
                .collect();
            io::commit_bytes(&results);
        }
        "bn254_ops" => {
            let ops: Vec<(u8, Vec<u8>)> = io::read();
            for (op, input) in ops {
                let result = if plain {
                    op_plain(op, &input)
                } else {
                    op_sdk(op, &input)
                };
                io::commit(&result);
            }
        }
        _ => return false,
    }
    true
}

fn op_plain(op: u8, input: &[u8]) -> Option<Vec<u8>> {
    match op {
        0 => precompile::add(&exact(input)).ok().map(Vec::from),
        1 => precompile::mul(&exact(input)).ok().map(Vec::from),
        _ => precompile::pairing(input)
            .ok()
            .map(|one| alloc::vec![u8::from(one)]),
    }
}

/// The SDK's typed helpers, which exercise the byte-array functions underneath.
fn op_sdk(op: u8, input: &[u8]) -> Option<Vec<u8>> {
    match op {
        0 => {
            let input: [u8; 128] = exact(input);
            let (p, q) = input.split_at(64);
            bn254::g1_add_points(&exact(p), &exact(q)).map(Vec::from)
        }
        1 => {
            let input: [u8; 96] = exact(input);
            bn254::g1_mul_scalar(&exact(&input[..64]), &exact(&input[64..])).map(Vec::from)
        }
        _ if input.len().is_multiple_of(precompile::PAIR_LEN) => {
            let pairs: Vec<Pair> = input
                .chunks_exact(precompile::PAIR_LEN)
                .map(|pair| Pair {
                    g1: exact(&pair[..64]),
                    g2: exact(&pair[64..]),
                })
                .collect();
            bn254::pairing_check_pairs(&pairs).map(|one| alloc::vec![u8::from(one)])
        }
        _ => bn254::pairing_check(input).map(|one| alloc::vec![u8::from(one)]),
    }
}

#[track_caller]
fn exact<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes
        .try_into()
        .expect("an input of the operation's exact length")
}

/// The critical section `portable-atomic` needs for `substrate-bn`'s lazy statics: the
/// gluecp VM runs one hart without interrupts, so nothing can interleave and entering a
/// section needs no instruction at all.
struct SingleHart;

critical_section::set_impl!(SingleHart);

// SAFETY: with one hart and no interrupts, code between `acquire` and `release` cannot be
// interleaved with anything, which is all a critical section promises.
unsafe impl critical_section::Impl for SingleHart {
    unsafe fn acquire() -> critical_section::RawRestoreState {}
    unsafe fn release(_: critical_section::RawRestoreState) {}
}
