//! secp256k1's constants and the affine arithmetic the traces replay (with the slopes the
//! chips' relations take as witnesses).

use std::sync::LazyLock;

use num_bigint::BigUint;

use crate::chips::bigint::{Modulus, le_limbs};

/// The curve: `y^2 = x^3 + 7` over `F_p`, generator `G` of prime order `n` (cofactor 1).
pub struct Curve {
    pub p: Modulus,
    pub n: Modulus,
    pub g: Point,
}

/// An affine point (coordinates below p).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: BigUint,
    pub y: BigUint,
}

impl Point {
    /// The coordinates' little-endian bytes.
    pub fn limbs(&self) -> [[u8; 32]; 2] {
        [le_limbs(&self.x), le_limbs(&self.y)]
    }
}

/// secp256k1.
pub static CURVE: LazyLock<Curve> = LazyLock::new(|| {
    let hex = |h: &str| BigUint::parse_bytes(h.as_bytes(), 16).expect("hex");
    Curve {
        p: Modulus::from_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"),
        n: Modulus::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
        g: Point {
            x: hex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
            y: hex("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
        },
    }
});

impl Curve {
    /// `a^-1 mod p` (0 for 0).
    pub fn inv(&self, a: &BigUint) -> BigUint {
        let p = &self.p.value;
        a.modpow(&(p - 2u32), p)
    }

    /// `a - b mod p` for `a, b < p`.
    pub fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        let p = &self.p.value;
        (a + p - b) % p
    }

    /// `2 P` and the tangent's slope `3 x^2 / 2 y`.
    pub fn double(&self, a: &Point) -> (BigUint, Point) {
        let p = &self.p.value;
        let lambda = (3u32 * &a.x * &a.x) % p * self.inv(&((2u32 * &a.y) % p)) % p;
        let x = self.sub(&(&lambda * &lambda % p), &((2u32 * &a.x) % p));
        let y = self.sub(&(&lambda * self.sub(&a.x, &x) % p), &a.y);
        (lambda, Point { x, y })
    }

    /// `A + B` for `A != ±B` and the chord's slope (garbage, never a panic, if `A = ±B`).
    pub fn add(&self, a: &Point, b: &Point) -> (BigUint, Point) {
        let p = &self.p.value;
        let lambda = self.sub(&b.y, &a.y) * self.inv(&self.sub(&b.x, &a.x)) % p;
        let x = self.sub(&self.sub(&(&lambda * &lambda % p), &a.x), &b.x);
        let y = self.sub(&(&lambda * self.sub(&a.x, &x) % p), &a.y);
        (lambda, Point { x, y })
    }

    /// `[k] P` by the chips' schedule (least significant bit first), or why that schedule
    /// cannot compute it: the result is the point at infinity, or an addition meets `A = ±B`.
    pub fn mul(&self, k: &BigUint, point: &Point) -> Result<Point, &'static str> {
        let mut acc: Option<Point> = None;
        let mut base = point.clone();
        for i in 0..256 {
            if k.bit(i) {
                acc = Some(match acc {
                    None => base.clone(),
                    Some(a) if a.x == base.x => {
                        return Err("a scalar multiplication meets an exceptional addition");
                    }
                    Some(a) => self.add(&a, &base).1,
                });
            }
            base = self.double(&base).1;
        }
        acc.ok_or("a scalar multiplication by 0")
    }

    /// Whether `P` is on the curve with coordinates below p.
    pub fn contains(&self, a: &Point) -> bool {
        let p = &self.p.value;
        a.x < *p && a.y < *p && (&a.y * &a.y) % p == (&a.x * &a.x * &a.x + 7u32) % p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_has_order_n() {
        let c = &*CURVE;
        assert!(c.contains(&c.g));
        let n_minus_1 = &c.n.value - 1u32;
        let minus_g = c.mul(&n_minus_1, &c.g).expect("(n - 1) G");
        assert_eq!(minus_g.x, c.g.x);
        assert_eq!(minus_g.y, &c.p.value - &c.g.y);
        let two_g = c.mul(&BigUint::from(2u32), &c.g).unwrap();
        assert_eq!(two_g, c.double(&c.g).1);
        assert!(c.mul(&BigUint::ZERO, &c.g).is_err());
    }
}
