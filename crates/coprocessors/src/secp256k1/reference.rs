//! ECDSA over secp256k1 in plain arithmetic, written for clarity rather than speed: affine
//! points, `BigUint` numbers, inverses by Fermat's little theorem, double-and-add from the
//! top bit (SEC 1 v2, sections 2.2, 4.1.4 and 4.1.6). The tests check the `k256` handler
//! against it; a future AIR chip states the same computation as constraints.

use gluecp_abi::ecall::coprocessor::{INVALID, INVALID_KEY, OK};
use num_bigint::BigUint;

/// The field prime p = 2^256 − 2^32 − 977.
fn p() -> BigUint {
    hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F")
}

/// The group order n.
fn n() -> BigUint {
    hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")
}

/// The generator G.
fn g() -> Point {
    Point::Affine(
        hex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
        hex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"),
    )
}

fn hex(digits: &str) -> BigUint {
    BigUint::parse_bytes(digits.as_bytes(), 16).expect("a hex constant")
}

/// A point of y² = x³ + 7 over F_p.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Point {
    Infinity,
    Affine(BigUint, BigUint),
}

/// `a⁻¹ mod m` for prime m (a not divisible by m).
fn inverse(a: &BigUint, m: &BigUint) -> BigUint {
    a.modpow(&(m - 2u32), m)
}

/// `a − b mod m` for a, b < m.
fn sub(a: &BigUint, b: &BigUint, m: &BigUint) -> BigUint {
    (a + m - b) % m
}

/// Whether (x, y) satisfies the curve equation (x, y < p).
fn on_curve(x: &BigUint, y: &BigUint) -> bool {
    let p = p();
    (y * y) % &p == (x * x * x + 7u32) % &p
}

fn add(a: &Point, b: &Point) -> Point {
    let p = p();
    let (x1, y1, x2, y2) = match (a, b) {
        (Point::Infinity, q) | (q, Point::Infinity) => return q.clone(),
        (Point::Affine(x1, y1), Point::Affine(x2, y2)) => (x1, y1, x2, y2),
    };
    let slope = if x1 == x2 {
        if (y1 + y2) % &p == BigUint::ZERO {
            return Point::Infinity; // a = −b (or a doubling of a point with y = 0)
        }
        // Tangent: λ = 3x² / 2y.
        (BigUint::from(3u32) * x1 * x1 * inverse(&(BigUint::from(2u32) * y1), &p)) % &p
    } else {
        // Chord: λ = (y2 − y1) / (x2 − x1).
        (sub(y2, y1, &p) * inverse(&sub(x2, x1, &p), &p)) % &p
    };
    let x3 = sub(&((&slope * &slope) % &p), &((x1 + x2) % &p), &p);
    let y3 = sub(&((&slope * sub(x1, &x3, &p)) % &p), y1, &p);
    Point::Affine(x3, y3)
}

/// `[k] P` by double-and-add.
fn mul(k: &BigUint, point: &Point) -> Point {
    let mut acc = Point::Infinity;
    for i in (0..k.bits()).rev() {
        acc = add(&acc, &acc);
        if k.bit(i) {
            acc = add(&acc, point);
        }
    }
    acc
}

/// `(r, s)` if both lie in [1, n).
fn scalars(signature: &[u8; 64]) -> Option<(BigUint, BigUint)> {
    let n = n();
    let r = BigUint::from_bytes_be(&signature[..32]);
    let s = BigUint::from_bytes_be(&signature[32..]);
    let in_range = |v: &BigUint| *v != BigUint::ZERO && *v < n;
    (in_range(&r) && in_range(&s)).then_some((r, s))
}

/// The status `SECP256K1_VERIFY` must return.
pub fn verify(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64]) -> u32 {
    let (p, n) = (p(), n());
    let x = BigUint::from_bytes_be(&key[..32]);
    let y = BigUint::from_bytes_be(&key[32..]);
    if x >= p || y >= p || !on_curve(&x, &y) {
        return INVALID_KEY;
    }
    let Some((r, s)) = scalars(signature) else {
        return INVALID;
    };
    let z = BigUint::from_bytes_be(hash) % &n;
    let w = inverse(&s, &n);
    let u1 = (&z * &w) % &n;
    let u2 = (&r * &w) % &n;
    match add(&mul(&u1, &g()), &mul(&u2, &Point::Affine(x, y))) {
        Point::Affine(x, _) if &x % &n == r => OK,
        _ => INVALID,
    }
}

/// The key `SECP256K1_RECOVER` must return: Q = r⁻¹ (s R − z G), where R is the point with
/// x = r (+ n if bit 1 of the id) and y of the parity of bit 0.
pub fn recover(hash: &[u8; 32], signature: &[u8; 64], recovery_id: u32) -> Option<[u8; 64]> {
    let (p, n) = (p(), n());
    if recovery_id > 3 {
        return None;
    }
    let (r, s) = scalars(signature)?;
    let x = if recovery_id & 2 != 0 {
        &r + &n
    } else {
        r.clone()
    };
    if x >= p {
        return None;
    }
    // p ≡ 3 (mod 4), so a square root of a square c is c^((p+1)/4).
    let rhs = (&x * &x * &x + 7u32) % &p;
    let mut y = rhs.modpow(&((&p + 1u32) / 4u32), &p);
    if (&y * &y) % &p != rhs {
        return None;
    }
    if y.bit(0) != (recovery_id & 1 != 0) {
        y = &p - y;
    }
    let z = BigUint::from_bytes_be(hash) % &n;
    let r_inv = inverse(&r, &n);
    let u1 = (sub(&BigUint::ZERO, &z, &n) * &r_inv) % &n;
    let u2 = (&s * &r_inv) % &n;
    match add(&mul(&u1, &g()), &mul(&u2, &Point::Affine(x, y))) {
        Point::Infinity => None,
        Point::Affine(qx, qy) => {
            let mut out = [0u8; 64];
            out[..32].copy_from_slice(&be32(&qx));
            out[32..].copy_from_slice(&be32(&qy));
            Some(out)
        }
    }
}

/// `v` (< 2^256) as 32 big-endian bytes.
fn be32(v: &BigUint) -> [u8; 32] {
    let bytes = v.to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// The public key `x ‖ y` of secret `d`: [d] G.
pub fn public_key(d: &[u8; 32]) -> Option<[u8; 64]> {
    match mul(&BigUint::from_bytes_be(d), &g()) {
        Point::Infinity => None,
        Point::Affine(x, y) => {
            let mut out = [0u8; 64];
            out[..32].copy_from_slice(&be32(&x));
            out[32..].copy_from_slice(&be32(&y));
            Some(out)
        }
    }
}
