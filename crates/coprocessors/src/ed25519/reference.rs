//! Ed25519 verification in plain arithmetic, written for clarity rather than speed: affine
//! points on −x² + y² = 1 + d x² y² over p = 2^255 − 19 with the complete addition law,
//! `BigUint` numbers, inverses by Fermat's little theorem, SHA-512 from the `sha2` crate.
//! It follows RFC 8032 (sections 5.1.3 and 5.1.7) with `ed25519-dalek`'s `verify_strict`
//! rules, and the tests check the handler against it.
//!
//! Where `verify_strict` departs from the RFC's letter it is followed, since it is what the
//! handler does: a public key's `y` is reduced mod p rather than rejected when `y ≥ p`, and
//! `x = 0` with the sign bit set decodes (to x = 0) rather than failing; small-order `A` and
//! `R` are rejected; `R` must be the canonical encoding of `[s]B − [k]A`.

use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use num_bigint::BigUint;
use sha2::{Digest, Sha512};

/// The field prime p = 2^255 − 19.
fn p() -> BigUint {
    (BigUint::from(1u32) << 255u32) - 19u32
}

/// The order ℓ = 2^252 + 27742317777372353535851937790883648493 of the base point.
fn l() -> BigUint {
    (BigUint::from(1u32) << 252u32)
        + BigUint::parse_bytes(b"27742317777372353535851937790883648493", 10).expect("decimal")
}

/// The curve constant d = −121665 / 121666.
fn d() -> BigUint {
    let p = p();
    (&p - BigUint::from(121_665u32)) * inverse(&BigUint::from(121_666u32)) % &p
}

/// The base point B: y = 4/5, x even.
fn base() -> Point {
    let dec = |digits: &[u8]| BigUint::parse_bytes(digits, 10).expect("decimal");
    Point {
        x: dec(b"15112221349535400772501151409588531511454012693041857206046113283949847762202"),
        y: dec(b"46316835694926478169428394003475163141307993866256225615783033603165251855960"),
    }
}

/// An affine point (x, y), coordinates below p. The identity is (0, 1).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Point {
    x: BigUint,
    y: BigUint,
}

fn identity() -> Point {
    Point {
        x: BigUint::ZERO,
        y: BigUint::from(1u32),
    }
}

/// `a⁻¹ mod p` (a not divisible by p).
fn inverse(a: &BigUint) -> BigUint {
    let p = p();
    a.modpow(&(&p - 2u32), &p)
}

/// `−a mod p` (a < p).
fn neg(a: &BigUint) -> BigUint {
    (p() - a) % p()
}

/// The complete twisted Edwards addition law (a = −1): no special cases.
fn add(a: &Point, b: &Point) -> Point {
    let p = p();
    let t = d() * &a.x * &b.x % &p * &a.y * &b.y % &p;
    let x = (&a.x * &b.y + &b.x * &a.y) % &p * inverse(&((BigUint::from(1u32) + &t) % &p)) % &p;
    let y = (&a.y * &b.y + &a.x * &b.x) % &p * inverse(&((&p + 1u32 - &t) % &p)) % &p;
    Point { x, y }
}

/// `[k] P` by double-and-add.
fn mul(k: &BigUint, point: &Point) -> Point {
    let mut acc = identity();
    for i in (0..k.bits()).rev() {
        acc = add(&acc, &acc);
        if k.bit(i) {
            acc = add(&acc, point);
        }
    }
    acc
}

/// RFC 8032 5.1.3 decoding, with `verify_strict`'s leniency on `y ≥ p` and on the sign of
/// x = 0 (see the module documentation).
fn decode(bytes: &[u8; 32]) -> Option<Point> {
    let p = p();
    let sign = bytes[31] >> 7 == 1;
    let mut y_bytes = *bytes;
    y_bytes[31] &= 0x7F;
    let y = BigUint::from_bytes_le(&y_bytes) % &p;
    // x² = u / v with u = y² − 1, v = d y² + 1.
    let u = (&y * &y + &p - 1u32) % &p;
    let v = (d() * &y * &y + 1u32) % &p;
    // Candidate root x = u v³ (u v⁷)^((p − 5) / 8), then fix it up by √−1 if needed.
    let v3 = v.modpow(&BigUint::from(3u32), &p);
    let v7 = v.modpow(&BigUint::from(7u32), &p);
    let mut x = &u * &v3 % &p * (&u * &v7 % &p).modpow(&((&p - 5u32) / 8u32), &p) % &p;
    let vxx = &v * &x * &x % &p;
    if vxx == neg(&u) && vxx != u {
        let sqrt_minus_1 = BigUint::from(2u32).modpow(&((&p - 1u32) / 4u32), &p);
        x = x * sqrt_minus_1 % &p;
    } else if vxx != u {
        return None; // u / v is not a square: no point has this y
    }
    if x.bit(0) != sign {
        x = neg(&x);
    }
    Some(Point { x, y })
}

/// RFC 8032 5.1.2 encoding: y little-endian, the sign of x in the top bit.
fn encode(point: &Point) -> [u8; 32] {
    let mut out = [0u8; 32];
    let y = point.y.to_bytes_le();
    out[..y.len()].copy_from_slice(&y);
    out[31] |= u8::from(point.x.bit(0)) << 7;
    out
}

/// Whether `[8] P` is the identity: P lies in the torsion subgroup.
fn is_small_order(point: &Point) -> bool {
    mul(&BigUint::from(8u32), point) == identity()
}

/// The status `ED25519_VERIFY` must return.
pub fn verify(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> u32 {
    let (r_bytes, s_bytes) = signature.split_at(32);
    let s = BigUint::from_bytes_le(s_bytes);
    let (Some(a), Some(r)) = (decode(key), decode(r_bytes.try_into().expect("32 bytes"))) else {
        return INVALID;
    };
    if s >= l() || is_small_order(&a) || is_small_order(&r) {
        return INVALID;
    }
    // k = SHA-512(R ‖ A ‖ M) as a little-endian integer, mod ℓ.
    let digest = Sha512::new()
        .chain_update(r_bytes)
        .chain_update(key)
        .chain_update(message)
        .finalize();
    let k = BigUint::from_bytes_le(&digest) % l();
    let minus_a = Point {
        x: neg(&a.x),
        y: a.y,
    };
    // [s]B − [k]A must encode to exactly the signature's R bytes.
    if encode(&add(&mul(&s, &base()), &mul(&k, &minus_a))) == r_bytes {
        OK
    } else {
        INVALID
    }
}

/// The public key of a 32-byte secret (RFC 8032 5.1.5): `[a] B` with `a` the clamped low
/// half of SHA-512(secret).
pub fn public_key(secret: &[u8; 32]) -> [u8; 32] {
    let digest = Sha512::digest(secret);
    let mut a = [0u8; 32];
    a.copy_from_slice(&digest[..32]);
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    encode(&mul(&BigUint::from_bytes_le(&a), &base()))
}

/// `[k] B` encoded, for a little-endian scalar `k` (to build test signatures by hand).
pub fn base_mul(k: &[u8; 32]) -> [u8; 32] {
    encode(&mul(&BigUint::from_bytes_le(k), &base()))
}
