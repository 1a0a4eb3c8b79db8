//! Poseidon2 over KoalaBear, width 16, in plain Rust: the specification the handler is
//! checked against, written from the Poseidon2 paper (eprint 2023/323) for reading, not
//! for speed. Elements are canonical `u32`s; the round constants are a parameter, which
//! the tests take from Plonky3's `default_koalabear_poseidon2_16` instance.
//!
//! The file uses only `core` because the coprocessor guest compiles it too, as the
//! plain-RISC-V twin of the benchmark (Plonky3 itself does not build for a target without
//! atomic compare-and-swap). That is also why a product is reduced with Montgomery
//! steps rather than `u64 % p`, which RV32 turns into a library call.

/// The KoalaBear prime, 2^31 - 2^24 + 1.
pub const P: u32 = 0x7f00_0001;
/// Elements in the state.
pub const WIDTH: usize = 16;
/// Elements a sponge absorbs per permutation, and the digest length.
pub const RATE: usize = 8;

/// The round constants of one Poseidon2 instance: 4 full rounds, 20 partial rounds
/// (constant added to element 0 only), 4 full rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundConstants {
    /// The first four full rounds.
    pub initial: [[u32; WIDTH]; 4],
    /// The partial rounds.
    pub internal: [u32; 20],
    /// The last four full rounds.
    pub terminal: [[u32; WIDTH]; 4],
}

/// The permutation: the external linear layer, 4 full rounds, 20 partial rounds, 4 full
/// rounds. A full round adds a constant to every element, cubes every element (the
/// S-box x^3, a bijection since gcd(3, p - 1) = 1) and applies the external layer; a
/// partial round does the first two to element 0 only and applies the internal layer.
pub fn permute(state: &mut [u32; WIDTH], constants: &RoundConstants) {
    external_linear_layer(state);
    for round in &constants.initial {
        full_round(state, round);
    }
    for &constant in &constants.internal {
        state[0] = sbox(add(state[0], constant));
        internal_linear_layer(state);
    }
    for round in &constants.terminal {
        full_round(state, round);
    }
}

/// Padding-free overwrite sponge, as Plonky3's `PaddingFreeSponge<_, 16, 8, 8>`: from the
/// zero state, each chunk of up to [`RATE`] elements overwrites the start of the state and
/// is followed by a permutation; the digest is the first [`RATE`] elements. The empty
/// input hashes to zeros, and inputs of different lengths can collide, so lengths must be
/// fixed by the protocol.
pub fn hash(input: &[u32], constants: &RoundConstants) -> [u32; RATE] {
    let mut state = [0; WIDTH];
    for chunk in input.chunks(RATE) {
        state[..chunk.len()].copy_from_slice(chunk);
        permute(&mut state, constants);
    }
    first_half(&state)
}

/// Two-to-one compression, as Plonky3's `TruncatedPermutation<_, 2, 8, 16>`: permute
/// `left || right` and keep the first [`RATE`] elements.
pub fn compress(
    left: &[u32; RATE],
    right: &[u32; RATE],
    constants: &RoundConstants,
) -> [u32; RATE] {
    let mut state = [0; WIDTH];
    state[..RATE].copy_from_slice(left);
    state[RATE..].copy_from_slice(right);
    permute(&mut state, constants);
    first_half(&state)
}

fn first_half(state: &[u32; WIDTH]) -> [u32; RATE] {
    let mut out = [0; RATE];
    out.copy_from_slice(&state[..RATE]);
    out
}

fn full_round(state: &mut [u32; WIDTH], constants: &[u32; WIDTH]) {
    for (element, &constant) in state.iter_mut().zip(constants) {
        *element = sbox(add(*element, constant));
    }
    external_linear_layer(state);
}

/// The 4×4 MDS matrix of the external layer (Plonky3's `MDSMat4`).
const M4: [[u32; 4]; 4] = [[2, 3, 1, 1], [1, 2, 3, 1], [1, 1, 2, 3], [3, 1, 1, 2]];

/// The external layer, the matrix `circ(2 M4, M4, M4, M4)` of the paper's section 5.1,
/// in its two steps (appendix B): apply `M4` to each chunk of four elements, then add to
/// each element the sum of the elements at the same position in every chunk.
fn external_linear_layer(state: &mut [u32; WIDTH]) {
    for chunk in state.chunks_exact_mut(4) {
        let x = [chunk[0], chunk[1], chunk[2], chunk[3]];
        for (out, row) in chunk.iter_mut().zip(&M4) {
            let sum: u64 = row
                .iter()
                .zip(&x)
                .map(|(&m, &v)| u64::from(m) * u64::from(v))
                .sum();
            *out = reduce(sum);
        }
    }
    let mut column_sums = [0; 4];
    for (i, &element) in state.iter().enumerate() {
        column_sums[i % 4] = add(column_sums[i % 4], element);
    }
    for (i, element) in state.iter_mut().enumerate() {
        *element = add(*element, column_sums[i % 4]);
    }
}

/// The diagonal `V` of the internal layer's matrix `1 + diag(V)` (1 the all-ones
/// matrix), Plonky3's choice for KoalaBear width 16:
/// `[-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/8, 1/2^24, -1/2^8, -1/8, -1/16, -1/2^24]`.
const INTERNAL_DIAGONAL: [u32; WIDTH] = {
    let half = inverse_power_of_two(1);
    [
        P - 2,
        1,
        2,
        half,
        3,
        4,
        P - half,
        P - 3,
        P - 4,
        inverse_power_of_two(8),
        inverse_power_of_two(3),
        inverse_power_of_two(24),
        P - inverse_power_of_two(8),
        P - inverse_power_of_two(3),
        P - inverse_power_of_two(4),
        P - inverse_power_of_two(24),
    ]
};

/// The internal layer: `s_i <- V_i s_i + sum(s)`.
fn internal_linear_layer(state: &mut [u32; WIDTH]) {
    let sum = state.iter().fold(0, |acc, &element| add(acc, element));
    for (element, &v) in state.iter_mut().zip(&INTERNAL_DIAGONAL) {
        *element = add(mul(*element, v), sum);
    }
}

fn sbox(x: u32) -> u32 {
    mul(mul(x, x), x)
}

const fn add(a: u32, b: u32) -> u32 {
    // a, b < p < 2^31: no overflow.
    let sum = a + b;
    if sum >= P { sum - P } else { sum }
}

const fn mul(a: u32, b: u32) -> u32 {
    reduce(a as u64 * b as u64)
}

/// `1 / 2^k mod p`.
const fn inverse_power_of_two(k: u32) -> u32 {
    let half = P.div_ceil(2); // (p + 1) / 2, the inverse of 2
    let mut result = 1;
    let mut i = 0;
    while i < k {
        result = mul(result, half);
        i += 1;
    }
    result
}

/// `-1/p mod 2^32`, by Newton's iteration for the inverse (each step doubles the correct
/// low bits; 5 steps reach 32 from the 1 bit that 1 gets right for odd p).
const P_NEG_INV: u32 = {
    let mut inverse: u32 = 1;
    let mut i = 0;
    while i < 5 {
        inverse = inverse.wrapping_mul(2u32.wrapping_sub(P.wrapping_mul(inverse)));
        i += 1;
    }
    inverse.wrapping_neg()
};

/// `2^64 mod p`.
const R_SQUARED: u64 = ((1u128 << 64) % P as u128) as u64;

/// `x mod p` for `x < p 2^32`: a Montgomery reduction gives `x / 2^32`, multiplying by
/// `2^64` and reducing again gives `x`.
const fn reduce(x: u64) -> u32 {
    montgomery_reduce(montgomery_reduce(x) as u64 * R_SQUARED)
}

/// `x / 2^32 mod p` for `x < p 2^32`: adding the multiple `m p` that clears the low 32
/// bits leaves an exact division by 2^32, with a result below 2p.
const fn montgomery_reduce(x: u64) -> u32 {
    let m = (x as u32).wrapping_mul(P_NEG_INV);
    let t = ((x + m as u64 * P as u64) >> 32) as u32;
    if t >= P { t - P } else { t }
}

#[cfg(test)]
mod field_tests {
    use super::*;

    #[test]
    fn reduce_matches_remainder() {
        let p = u64::from(P);
        let edges = [
            0,
            1,
            p - 1,
            p,
            p + 1,
            p * p - 1,
            (p << 32) - 1,
            u64::from(u32::MAX),
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let samples = (0..10_000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % (p << 32)
        });
        for x in edges.into_iter().chain(samples) {
            assert_eq!(u64::from(reduce(x)), x % p, "x = {x}");
        }
    }

    #[test]
    fn internal_diagonal_values() {
        assert_eq!(mul(INTERNAL_DIAGONAL[3], 2), 1);
        assert_eq!(mul(INTERNAL_DIAGONAL[11], 1 << 24), 1);
        assert_eq!(add(mul(INTERNAL_DIAGONAL[14], 16), 1), 0);
    }
}
