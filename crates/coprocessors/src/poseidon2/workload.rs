//! The `poseidon2` benchmark: 1,000 independent Poseidon2 hashes of 16-element messages,
//! 2,000 permutations.
//!
//! Input: [`MESSAGES`] messages of [`MESSAGE_LEN`] KoalaBear elements, canonical
//! little-endian `u32`s from a fixed xorshift stream, back to back. Output: their
//! digests, 8 little-endian `u32`s each, in order. The hash is Plonky3's
//! `PaddingFreeSponge<Poseidon2KoalaBear<16>, 16, 8, 8>`, the leaf hash of a Merkle tree
//! over rows of 16 elements; the guest computes it with `gluecp_guest::poseidon2::hash`
//! (plain: the reference of this folder, compiled into the guest).

use crate::workload::Workload;
use p3_field::PrimeField32;
use p3_koala_bear::{KoalaBear, default_koalabear_poseidon2_16};
use p3_symmetric::{CryptographicHasher, PaddingFreeSponge};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "poseidon2",
    description: "1,000 Poseidon2 hashes",
    input,
    native,
};

/// Number of messages hashed.
pub const MESSAGES: usize = 1_000;
/// Elements per message: two absorptions of 8.
pub const MESSAGE_LEN: usize = 16;

const P: u32 = 0x7f00_0001;

fn input() -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    (0..MESSAGES * MESSAGE_LEN)
        .flat_map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x % P).to_le_bytes()
        })
        .collect()
}

fn native(input: &[u8]) -> Vec<u8> {
    let sponge = PaddingFreeSponge::<_, 16, 8, 8>::new(default_koalabear_poseidon2_16());
    let mut digests = Vec::with_capacity(input.len() / 2);
    for message in input.as_chunks::<{ 4 * MESSAGE_LEN }>().0 {
        let elements = message
            .as_chunks::<4>()
            .0
            .iter()
            .map(|bytes| KoalaBear::new(u32::from_le_bytes(*bytes)));
        let digest: [KoalaBear; 8] = sponge.hash_iter(elements);
        for element in digest {
            digests.extend_from_slice(&element.as_canonical_u32().to_le_bytes());
        }
    }
    digests
}
