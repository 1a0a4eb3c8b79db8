//! Ed25519's curve, `-x^2 + y^2 = 1 + d x^2 y^2` over `F_p`, `p = 2^255 - 19`, and the affine
//! arithmetic the traces replay, with the intermediate products the chips' relations take as
//! witnesses.

use std::sync::LazyLock;

use num_bigint::BigUint;

use crate::chips::bigint::{Modulus, le_limbs};

/// An affine point (coordinates below p); the identity is `(0, 1)`.
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

    /// The identity, `(0, 1)`.
    pub fn identity() -> Self {
        Self {
            x: BigUint::ZERO,
            y: BigUint::from(1u32),
        }
    }
}

/// The curve's constants.
pub struct Curve {
    pub p: Modulus,
    /// The base point's prime order `ℓ = 2^252 + 27742317777372353535851937790883648493`.
    pub l: Modulus,
    /// `d = -121665 / 121666`.
    pub d: BigUint,
    pub d_limbs: [u8; 32],
    /// The base point: `y = 4/5`, `x` even.
    pub b: Point,
}

/// Ed25519.
pub static CURVE: LazyLock<Curve> = LazyLock::new(|| {
    let p_value = (BigUint::from(1u32) << 255u32) - 19u32;
    let l_value = (BigUint::from(1u32) << 252u32)
        + BigUint::parse_bytes(b"27742317777372353535851937790883648493", 10).expect("decimal");
    let inv = |a: &BigUint| a.modpow(&(&p_value - 2u32), &p_value);
    let d = (&p_value - 121_665u32) * inv(&BigUint::from(121_666u32)) % &p_value;
    let dec = |digits: &[u8]| BigUint::parse_bytes(digits, 10).expect("decimal");
    Curve {
        p: Modulus::new(le_limbs(&p_value)),
        l: Modulus::new(le_limbs(&l_value)),
        d_limbs: le_limbs(&d),
        d,
        b: Point {
            x: dec(
                b"15112221349535400772501151409588531511454012693041857206046113283949847762202",
            ),
            y: dec(
                b"46316835694926478169428394003475163141307993866256225615783033603165251855960",
            ),
        },
    }
});

/// The witnesses of one addition `P1 + P2 = P3`: `t = x1 x2`, `u = y1 y2`, `w = t u`,
/// `v = d w`, and the result.
#[derive(Clone, Debug)]
pub struct AddWitness {
    pub t: BigUint,
    pub u: BigUint,
    pub w: BigUint,
    pub v: BigUint,
    pub sum: Point,
}

/// The witnesses of one doubling `2 P`: `t = x^2`, `u = y^2`, `m = x y`, and the result.
#[derive(Clone, Debug)]
pub struct DoubleWitness {
    pub t: BigUint,
    pub u: BigUint,
    pub m: BigUint,
    pub double: Point,
}

impl Curve {
    fn modp(&self, a: BigUint) -> BigUint {
        a % &self.p.value
    }

    /// `a^-1 mod p` (0 for 0).
    pub fn inv(&self, a: &BigUint) -> BigUint {
        let p = &self.p.value;
        a.modpow(&(p - 2u32), p)
    }

    /// `a - b mod p` for `a, b < p`.
    pub fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        self.modp(a + &self.p.value - b)
    }

    /// The complete addition law: `x3 = (x1 y2 + y1 x2) / (1 + v)`, `y3 = (u + t) / (1 - v)`.
    pub fn add(&self, a: &Point, b: &Point) -> AddWitness {
        let t = self.modp(&a.x * &b.x);
        let u = self.modp(&a.y * &b.y);
        let w = self.modp(&t * &u);
        let v = self.modp(&self.d * &w);
        let x = self.modp(self.modp(&a.x * &b.y + &a.y * &b.x) * self.inv(&self.modp(&v + 1u32)));
        let y = self.modp(self.modp(&u + &t) * self.inv(&self.sub(&BigUint::from(1u32), &v)));
        AddWitness {
            t,
            u,
            w,
            v,
            sum: Point { x, y },
        }
    }

    /// Doubling for a point on the curve: `x' = 2 x y / (y^2 - x^2)`,
    /// `y' = (y^2 + x^2) / (2 - y^2 + x^2)`.
    pub fn double(&self, a: &Point) -> DoubleWitness {
        let t = self.modp(&a.x * &a.x);
        let u = self.modp(&a.y * &a.y);
        let m = self.modp(&a.x * &a.y);
        let x = self.modp(2u32 * &m * self.inv(&self.sub(&u, &t)));
        let y = self.modp(self.modp(&u + &t) * self.inv(&self.sub(&self.modp(&t + 2u32), &u)));
        DoubleWitness {
            t,
            u,
            m,
            double: Point { x, y },
        }
    }

    /// `[k] P` by the chips' schedule: least significant bit first, always adding `P`'s
    /// multiple or the identity.
    pub fn mul(&self, k: &BigUint, point: &Point) -> Point {
        let mut acc = Point::identity();
        let mut base = point.clone();
        for i in 0..256 {
            let addend = if k.bit(i) {
                base.clone()
            } else {
                Point::identity()
            };
            acc = self.add(&acc, &addend).sum;
            base = self.double(&base).double;
        }
        acc
    }

    /// Whether `P` is on the curve with coordinates below p.
    pub fn contains(&self, a: &Point) -> bool {
        let p = &self.p.value;
        let (x2, y2) = (self.modp(&a.x * &a.x), self.modp(&a.y * &a.y));
        a.x < *p && a.y < *p && self.sub(&y2, &x2) == self.modp(1u32 + &self.d * &x2 * &y2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_point_has_order_l() {
        let c = &*CURVE;
        assert!(c.contains(&c.b));
        assert_eq!(c.mul(&c.l.value, &c.b), Point::identity());
        let two = c.mul(&BigUint::from(2u32), &c.b);
        assert_eq!(two, c.add(&c.b, &c.b).sum);
        assert_eq!(two, c.double(&c.b).double);
        assert!(c.contains(&two));
    }
}
