//! SHA-256 as FIPS 180-4 states it, written to be read, not to be fast: the tests check
//! the handler (and `sha2`, which it calls) against it.
//!
//! The constants are computed from their definitions rather than copied: `K` holds the
//! first 32 bits of the fractional parts of the cube roots of the first 64 primes, the
//! initial hash value those of the square roots of the first 8 primes (§4.2.2, §5.3.3).

/// The first `N` primes.
fn primes<const N: usize>() -> [u64; N] {
    let mut primes = [0; N];
    let mut candidates = 2..;
    for p in &mut primes {
        *p = candidates
            .find(|&n: &u64| (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0))
            .unwrap();
    }
    primes
}

/// `floor(x^(1/k))` for `k` = 2 or 3, by bisection.
fn integer_root(x: u128, k: u32) -> u128 {
    let (mut low, mut high) = (0u128, 1u128 << (128 / k));
    while high - low > 1 {
        let mid = (low + high) / 2;
        if mid.pow(k) <= x {
            low = mid
        } else {
            high = mid
        }
    }
    low
}

/// First 32 bits of the fractional part of `p^(1/k)`: `floor((p · 2^(32k))^(1/k)) mod 2^32`.
fn fraction_bits(p: u64, k: u32) -> u32 {
    integer_root(u128::from(p) << (32 * k), k) as u32
}

/// The initial hash value `H(0)`.
pub fn initial_state() -> [u32; 8] {
    primes::<8>().map(|p| fraction_bits(p, 2))
}

/// The round constants `K0..K63`.
fn round_constants() -> [u32; 64] {
    primes::<64>().map(|p| fraction_bits(p, 3))
}

/// Compress one 64-byte block into `state` (§6.2.2).
pub fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    let k = round_constants();
    let big_sigma0 = |x: u32| x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22);
    let big_sigma1 = |x: u32| x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25);
    let sigma0 = |x: u32| x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3);
    let sigma1 = |x: u32| x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10);
    let ch = |x: u32, y: u32, z: u32| (x & y) ^ (!x & z);
    let maj = |x: u32, y: u32, z: u32| (x & y) ^ (x & z) ^ (y & z);

    // 1. The message schedule.
    let mut w = [0u32; 64];
    for t in 0..64 {
        w[t] = if t < 16 {
            u32::from_be_bytes(block[4 * t..4 * t + 4].try_into().unwrap())
        } else {
            sigma1(w[t - 2])
                .wrapping_add(w[t - 7])
                .wrapping_add(sigma0(w[t - 15]))
                .wrapping_add(w[t - 16])
        };
    }
    // 2.-3. Eight working variables through 64 rounds.
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for t in 0..64 {
        let t1 = h
            .wrapping_add(big_sigma1(e))
            .wrapping_add(ch(e, f, g))
            .wrapping_add(k[t])
            .wrapping_add(w[t]);
        let t2 = big_sigma0(a).wrapping_add(maj(a, b, c));
        (h, g, f, e) = (g, f, e, d.wrapping_add(t1));
        (d, c, b, a) = (c, b, a, t1.wrapping_add(t2));
    }
    // 4. The intermediate hash value.
    for (word, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(v);
    }
}

/// SHA-256 of a message: pad with `1`, zeros and the 64-bit bit length (§5.1.1), compress
/// every block, output the state big-endian.
pub fn sha256(message: &[u8]) -> [u8; 32] {
    let mut padded = message.to_vec();
    padded.push(0x80);
    padded.resize((padded.len() + 8).next_multiple_of(64) - 8, 0);
    padded.extend_from_slice(&(message.len() as u64 * 8).to_be_bytes());
    let mut state = initial_state();
    for block in padded.as_chunks::<64>().0 {
        compress(&mut state, block);
    }
    let mut out = [0; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}
