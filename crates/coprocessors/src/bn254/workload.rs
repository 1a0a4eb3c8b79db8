//! The `bn254` benchmark: 10 pairing checks of 2 pairs each, as a SNARK verifier or the
//! EVM's precompile 0x08 does them.
//!
//! Input: 10 pairing inputs of 384 bytes, `e(a P, b Q) · e(-(a b) P, Q)` for generators
//! P, Q and scalars a, b from a fixed xorshift stream; every third check uses `a b + 1`
//! instead, so it fails. Output: one byte per check, 1 if the product is one, else 0.
//! Native Rust, the coprocessor and the guest's plain-RISC-V twin all run
//! [`precompile::pairing`], so the three columns of the bench compare like with like.

use super::precompile::{self, PAIR_LEN};
use crate::workload::Workload;
use substrate_bn::{AffineG1, AffineG2, Fq, Fr, G1, G2, Group};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "bn254",
    description: "10 BN254 pairing checks",
    input,
    native,
};

/// Pairing checks in the input.
const CHECKS: usize = 10;

fn input() -> Vec<u8> {
    let mut x: u64 = 0x6a09_e667_f3bc_c908;
    let mut scalar = || {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_be_bytes());
        }
        Fr::from_slice(&bytes).expect("32 bytes")
    };
    let mut bytes = Vec::with_capacity(CHECKS * 2 * PAIR_LEN);
    for check in 0..CHECKS {
        let (a, b) = (scalar(), scalar());
        let ab = if check % 3 == 2 {
            a * b + Fr::one()
        } else {
            a * b
        };
        encode_pair(&mut bytes, G1::one() * a, G2::one() * b);
        encode_pair(&mut bytes, -(G1::one() * ab), G2::one());
    }
    bytes
}

fn native(input: &[u8]) -> Vec<u8> {
    input
        .chunks(2 * PAIR_LEN)
        .map(|check| match precompile::pairing(check) {
            Ok(one) => u8::from(one),
            Err(_) => 2,
        })
        .collect()
}

/// Append `g1 ‖ g2` in the precompile's encoding (both points finite here).
fn encode_pair(out: &mut Vec<u8>, g1: G1, g2: G2) {
    let mut fq = |value: Fq| {
        let mut bytes = [0u8; 32];
        value.to_big_endian(&mut bytes).expect("32 bytes");
        out.extend_from_slice(&bytes);
    };
    let g1 = AffineG1::from_jacobian(g1).expect("a finite point");
    fq(g1.x());
    fq(g1.y());
    let g2 = AffineG2::from_jacobian(g2).expect("a finite point");
    for coordinate in [g2.x(), g2.y()] {
        fq(coordinate.imaginary());
        fq(coordinate.real());
    }
}
