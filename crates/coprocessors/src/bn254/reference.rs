//! A plain-Rust reference of the G1 precompiles (0x06, 0x07), written for clarity: affine
//! coordinates over Fp with big integers, the textbook chord-and-tangent formulas, and
//! double-and-add. Slow, and only for cross-checking the handlers.

use num_bigint::BigUint;

/// The base field modulus p of BN254.
pub fn p() -> BigUint {
    "21888242871839275222246405745257275088696311157297823662689037894645226208583"
        .parse()
        .expect("a decimal number")
}

/// A point of `y² = x³ + 3` over Fp; `None` is the point at infinity.
pub type Point = Option<(BigUint, BigUint)>;

/// Decode `x ‖ y` (big-endian); `None` if a coordinate is not below p or the point is not
/// on the curve. `(0, 0)` is the point at infinity.
pub fn decode(bytes: &[u8; 64]) -> Option<Point> {
    let p = p();
    let x = BigUint::from_bytes_be(&bytes[..32]);
    let y = BigUint::from_bytes_be(&bytes[32..]);
    if x >= p || y >= p {
        return None;
    }
    if x == BigUint::ZERO && y == BigUint::ZERO {
        return Some(None);
    }
    let on_curve = (&y * &y) % &p == (&x * &x * &x + 3u32) % &p;
    on_curve.then_some(Some((x, y)))
}

/// `x ‖ y` big-endian; 64 zeros for the point at infinity.
pub fn encode(point: &Point) -> [u8; 64] {
    let mut out = [0u8; 64];
    if let Some((x, y)) = point {
        for (half, value) in out.chunks_exact_mut(32).zip([x, y]) {
            let bytes = value.to_bytes_be();
            half[32 - bytes.len()..].copy_from_slice(&bytes);
        }
    }
    out
}

/// `a - b mod p` for `a, b < p`.
fn sub(a: &BigUint, b: &BigUint, p: &BigUint) -> BigUint {
    (a + p - b) % p
}

/// `1 / a mod p` by Fermat's little theorem (`a ≠ 0`).
fn inverse(a: &BigUint, p: &BigUint) -> BigUint {
    a.modpow(&(p - 2u32), p)
}

/// `P + Q`.
pub fn add(a: &Point, b: &Point) -> Point {
    let p = p();
    let (Some((x1, y1)), Some((x2, y2))) = (a, b) else {
        return a.clone().or_else(|| b.clone());
    };
    let slope = if x1 == x2 {
        if y1 != y2 || *y1 == BigUint::ZERO {
            return None; // P + (-P)
        }
        // Tangent: 3x² / 2y.
        (3u32 * x1 * x1) % &p * inverse(&(2u32 * y1 % &p), &p) % &p
    } else {
        // Chord: (y2 - y1) / (x2 - x1).
        sub(y2, y1, &p) * inverse(&sub(x2, x1, &p), &p) % &p
    };
    let x3 = sub(&sub(&(&slope * &slope % &p), x1, &p), x2, &p);
    let y3 = sub(&(&slope * sub(x1, &x3, &p) % &p), y1, &p);
    Some((x3, y3))
}

/// `s P` by double-and-add over the bits of `s`, most significant first. No reduction of
/// `s` is needed: every point of this curve has order dividing r.
pub fn mul(point: &Point, s: &[u8; 32]) -> Point {
    let s = BigUint::from_bytes_be(s);
    let mut acc: Point = None;
    for bit in (0..s.bits()).rev() {
        acc = add(&acc, &acc);
        if s.bit(bit) {
            acc = add(&acc, point);
        }
    }
    acc
}

/// Precompile 0x06 on the reference.
pub fn precompile_add(input: &[u8; 128]) -> Option<[u8; 64]> {
    let a = decode(input[..64].try_into().expect("64 bytes"))?;
    let b = decode(input[64..].try_into().expect("64 bytes"))?;
    Some(encode(&add(&a, &b)))
}

/// Precompile 0x07 on the reference.
pub fn precompile_mul(input: &[u8; 96]) -> Option<[u8; 64]> {
    let point = decode(input[..64].try_into().expect("64 bytes"))?;
    Some(encode(&mul(
        &point,
        input[64..].try_into().expect("32 bytes"),
    )))
}
