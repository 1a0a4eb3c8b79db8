//! Keccak-f\[1600\] and Keccak-256 as FIPS 202 states them, written to be read, not to be
//! fast: the tests check the handler (and the `keccak` crate it calls) against it.
//!
//! Nothing is copied from an implementation's tables: the round constants come from the
//! spec's LFSR (`rc`, Algorithm 5) and the rotation offsets from rho's walk over `(x, y)`
//! (Algorithm 2). A lane is a `u64` whose bit `z` is the spec's `A[x, y, z]`.

/// Rounds of Keccak-f\[1600\]: 12 + 2ℓ with ℓ = log2(64).
const ROUNDS: usize = 24;

/// The lane `A[x, y]` of the state, `x, y` in `0..5`.
fn at(x: usize, y: usize) -> usize {
    x % 5 + 5 * (y % 5)
}

/// θ: XOR each bit with the parities of two neighbouring columns.
fn theta(a: &mut [u64; 25]) {
    let c: [u64; 5] = std::array::from_fn(|x| (0..5).fold(0, |p, y| p ^ a[at(x, y)]));
    for x in 0..5 {
        let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
        for y in 0..5 {
            a[at(x, y)] ^= d;
        }
    }
}

/// ρ: rotate lane `(x, y)` by `(t + 1)(t + 2) / 2`, walking `(x, y) → (y, 2x + 3y)` from
/// `(1, 0)`; lane `(0, 0)` stays.
fn rho(a: &mut [u64; 25]) {
    let (mut x, mut y) = (1, 0);
    for t in 0..24u32 {
        let offset = (t + 1) * (t + 2) / 2 % 64;
        a[at(x, y)] = a[at(x, y)].rotate_left(offset);
        (x, y) = (y, (2 * x + 3 * y) % 5);
    }
}

/// π: `A'[x, y] = A[x + 3y, x]`.
fn pi(a: &mut [u64; 25]) {
    let old = *a;
    for x in 0..5 {
        for y in 0..5 {
            a[at(x, y)] = old[at(x + 3 * y, x)];
        }
    }
}

/// χ: the only non-linear step, `A'[x, y] = A[x, y] ^ (!A[x + 1, y] & A[x + 2, y])`.
fn chi(a: &mut [u64; 25]) {
    let old = *a;
    for x in 0..5 {
        for y in 0..5 {
            a[at(x, y)] = old[at(x, y)] ^ (!old[at(x + 1, y)] & old[at(x + 2, y)]);
        }
    }
}

/// The spec's `rc(t)`: output bit of an LFSR with polynomial x⁸ + x⁶ + x⁵ + x⁴ + 1.
fn rc(t: usize) -> bool {
    let mut r: u16 = 0b1000_0000; // R[0] is the most significant of the 8 bits.
    for _ in 0..t % 255 {
        // R = 0 || R; R[0,4,5,6] ^= R[8]; truncate to R[0..8].
        let r8 = r & 1;
        r >>= 1;
        r ^= r8 * 0b1000_1110;
    }
    r & 0b1000_0000 != 0
}

/// ι: XOR the round constant into lane `(0, 0)`; its bit `2^j - 1` is `rc(j + 7 round)`.
fn iota(a: &mut [u64; 25], round: usize) {
    let constant = (0..=6).fold(0u64, |c, j| {
        c | u64::from(rc(j + 7 * round)) << ((1 << j) - 1)
    });
    a[0] ^= constant;
}

/// Keccak-f\[1600\]: 24 rounds of θ, ρ, π, χ, ι.
pub fn keccak_f(state: &mut [u64; 25]) {
    for round in 0..ROUNDS {
        theta(state);
        rho(state);
        pi(state);
        chi(state);
        iota(state, round);
    }
}

/// What one `KECCAK_F` call does: XOR `data` (a multiple of 8 bytes, at most 200) into the
/// start of the state as little-endian lanes, then permute.
pub fn absorb_permute(state: &mut [u64; 25], data: &[u8]) {
    assert!(data.len().is_multiple_of(8) && data.len() <= 200);
    for (lane, bytes) in state.iter_mut().zip(data.chunks_exact(8)) {
        *lane ^= u64::from_le_bytes(bytes.try_into().unwrap());
    }
    keccak_f(state);
}

/// Keccak-256: the sponge over Keccak-f\[1600\] with a 136-byte rate and the original
/// Keccak padding `0x01 … 0x80` (SHA3-256 would pad `0x06 … 0x80`).
pub fn keccak256(message: &[u8]) -> [u8; 32] {
    const RATE: usize = 136;
    let mut padded = message.to_vec();
    padded.push(0x01);
    padded.resize(padded.len().next_multiple_of(RATE), 0);
    *padded.last_mut().unwrap() |= 0x80;
    let mut state = [0u64; 25];
    for block in padded.chunks_exact(RATE) {
        absorb_permute(&mut state, block);
    }
    let mut out = [0; 32];
    for (bytes, lane) in out.chunks_exact_mut(8).zip(state) {
        bytes.copy_from_slice(&lane.to_le_bytes());
    }
    out
}
