//! Big-integer relations over byte limbs: the building block of chips that prove arithmetic on
//! 256-bit numbers (the `modmul` chip; curve chips will use the same).
//!
//! A number is a vector of byte limbs, least significant first, each range-checked by its
//! chip. A relation between numbers is written as a polynomial in `X = 256` whose
//! coefficients are expressions of the limbs ([`poly_mul`], [`poly_sub`]): the relation holds
//! exactly when the polynomial vanishes at `X = 256`. [`assert_zero_at_256`] proves that with
//! one carry column per coefficient but the last: coefficient `i` plus the carry into it is
//! `256` times the carry out of it, and the last coefficient plus its carry in is 0.
//!
//! # Soundness
//!
//! Let `|coeff_i| < B` as an integer for every honest or dishonest assignment of the
//! range-checked limbs (the caller bounds it from the limb ranges), and let every carry be
//! range-checked to `[-2^15, 2^15)` ([`lookup_carry`]). Each constraint's value then lies
//! in `(-(B + 2^15 + 2^23), B + 2^15 + 2^23)`; when that is below `p / 2` (about `2^30`), the
//! field equation holds over the integers. Multiplying equation `i` by `256^i` and summing
//! telescopes the carries away: `sum_i coeff_i 256^i = 0` over the integers. So a caller
//! needs `B < 2^29`; with byte limbs a coefficient of a product of two 32-limb numbers is at
//! most `32 · 255^2 < 2^21`.
//!
//! Completeness: with `|coeff_i| < B` the honest carries satisfy
//! `|c_i| <= (B + |c_{i-1}|) / 256`, below `2^15` whenever `B < 2^22`.

use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;

use crate::chips::byte::{ByteLookups, lookup_u16};

/// The offset that maps a carry in `[-2^15, 2^15)` to a 16-bit lookup.
pub const CARRY_OFFSET: i64 = 1 << 15;

/// The product of two polynomials (coefficient vectors, least significant first).
pub fn poly_mul<E: PrimeCharacteristicRing>(a: &[E], b: &[E]) -> Vec<E> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    // Each output coefficient as one flat sum of products (a balanced expression tree is not
    // needed: the sums are at most 64 terms).
    (0..a.len() + b.len() - 1)
        .map(|k| {
            let lo = k.saturating_sub(b.len() - 1);
            let hi = k.min(a.len() - 1);
            E::sum((lo..=hi).map(|i| a[i].clone() * b[k - i].clone()))
        })
        .collect()
}

/// `a - b`, padded to the longer length.
pub fn poly_sub<E: PrimeCharacteristicRing>(a: &[E], b: &[E]) -> Vec<E> {
    (0..a.len().max(b.len()))
        .map(|i| {
            let x = a.get(i).cloned().unwrap_or(E::ZERO);
            let y = b.get(i).cloned().unwrap_or(E::ZERO);
            x - y
        })
        .collect()
}

/// Constrains `sum_i coeffs[i] 256^i = 0` whenever `gate` is 1, with `carries` (one fewer
/// than `coeffs`) as the carries between coefficients (see the module docs; the caller
/// range-checks the carries with [`lookup_carry`] and bounds the coefficients). The
/// constraints have degree `deg(gate) + max deg(coeffs)`.
///
/// # Panics
///
/// If `carries.len() + 1 != coeffs.len()`.
pub fn assert_zero_at_256<AB: InteractionBuilder>(
    builder: &mut AB,
    coeffs: Vec<AB::Expr>,
    carries: &[AB::Var],
    gate: AB::Expr,
) {
    assert_eq!(
        carries.len() + 1,
        coeffs.len(),
        "one carry per coefficient but the last"
    );
    let radix = AB::Expr::from_u32(256);
    let mut carry_in = AB::Expr::ZERO;
    for (i, coeff) in coeffs.into_iter().enumerate() {
        let carry_out = carries
            .get(i)
            .map_or(AB::Expr::ZERO, |&c| c.into() * radix.clone());
        builder.assert_zero(gate.clone() * (coeff + carry_in - carry_out));
        carry_in = carries.get(i).map_or(AB::Expr::ZERO, |&c| c.into());
    }
}

/// Range-checks a carry to `[-2^15, 2^15)` (one 16-bit lookup of `carry + 2^15`).
///
/// # Soundness
///
/// `count` as for [`lookup_u16`].
pub fn lookup_carry<AB: InteractionBuilder>(builder: &mut AB, carry: AB::Var, count: AB::Expr) {
    lookup_u16(
        builder,
        carry.into() + AB::Expr::from_u32(CARRY_OFFSET as u32),
        count,
    );
}

/// The honest carries of `coeffs` (integer coefficients whose value at 256 is 0), recording
/// their range checks in `bytes`. For coefficients whose value is not 0 the carries are those
/// of the division rounded toward minus infinity, and the last equation fails; a carry out of
/// range is not recorded (its lookup fails). Never panics on such input.
pub fn carries(coeffs: &[i64], bytes: &mut ByteLookups) -> Vec<i64> {
    let mut carry = 0i64;
    coeffs[..coeffs.len().saturating_sub(1)]
        .iter()
        .map(|&coeff| {
            carry = (coeff + carry).div_euclid(256);
            if let Ok(v) = u16::try_from(carry + CARRY_OFFSET) {
                bytes.record_u16(v);
            }
            carry
        })
        .collect()
}

/// An integer as a field element (two's complement by negation).
pub fn signed<F: PrimeCharacteristicRing>(value: i64) -> F {
    let magnitude = F::from_u64(value.unsigned_abs());
    if value < 0 { -magnitude } else { magnitude }
}

/// The integer product of two limb vectors, as polynomial coefficients.
pub fn poly_mul_int(a: &[u8], b: &[u8]) -> Vec<i64> {
    let mut out = vec![0i64; (a.len() + b.len()).saturating_sub(1)];
    for (i, &x) in a.iter().enumerate() {
        for (j, &y) in b.iter().enumerate() {
            out[i + j] += i64::from(x) * i64::from(y);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_of_a_true_relation_end_at_zero() {
        // 255 * 255 = 65025 = 0xfe01: coefficients (65025) minus (0x01, 0xfe).
        let coeffs = [65025 - 0x01, -0xfe];
        let mut bytes = ByteLookups::default();
        let c = carries(&coeffs, &mut bytes);
        assert_eq!(c, vec![254]);
        assert_eq!(coeffs[1] + c[0], 0);
    }

    #[test]
    fn signed_values_map_to_the_field() {
        use crate::Val;
        assert_eq!(signed::<Val>(-3) + Val::from_u32(3), Val::ZERO);
        assert_eq!(signed::<Val>(7), Val::from_u32(7));
    }
}

/// Byte limbs of a [`ModRelCols`] quotient: below `2^264`.
pub const MOD_Q_LIMBS: usize = 33;
/// Coefficients of a relation modulo a constant: the offset `K N` has up to 65 bytes.
pub const MOD_COEFFS: usize = 65;
/// Carries of a [`ModRelCols`] relation.
pub const MOD_CARRIES: usize = MOD_COEFFS - 1;

/// The witness of one relation `E ≡ 0 (mod N)` for a constant 256-bit `N`
/// ([`eval_mod_relation`]): `E + K N = q N` over the integers, with `q` in byte limbs and the
/// carries of that identity.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ModRelCols<T> {
    pub q: [T; MOD_Q_LIMBS],
    pub carry: [T; MOD_CARRIES],
}

/// Columns of a [`ModRelCols`].
pub const NUM_MOD_REL_COLS: usize = MOD_Q_LIMBS + MOD_CARRIES;

/// The witness of `a < N` for a constant `N` ([`eval_lt_const`]): `a + d + 1 = N` with `d` in
/// byte limbs and boolean carries.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct LtConstCols<T> {
    pub d: [T; 32],
    pub carry: [T; 31],
}

/// Columns of a [`LtConstCols`].
pub const NUM_LT_CONST_COLS: usize = 32 + 31;

/// A constant 256-bit modulus `N` and the offset `K N` that makes every relation's left side
/// non-negative: `K N` is the least multiple of `N` at least `4 · 2^512`, so any `E` above
/// `-4 · 2^512` (every relation here: at most three products of 256-bit numbers negated)
/// gives a quotient `q = (E + K N) / N` in `[0, 2^264)` when `E` is below `2^515`.
#[derive(Clone, Debug)]
pub struct Modulus {
    pub value: num_bigint::BigUint,
    pub limbs: [u8; 32],
    pub offset: num_bigint::BigUint,
    pub offset_limbs: [u8; MOD_COEFFS],
}

impl Modulus {
    /// The modulus with these little-endian bytes (its top byte nonzero: a 256-bit modulus).
    pub fn new(limbs: [u8; 32]) -> Self {
        use num_bigint::BigUint;
        assert_ne!(limbs[31], 0, "a 256-bit modulus");
        let value = BigUint::from_bytes_le(&limbs);
        let bound = BigUint::from(4u32) << 512;
        let k: BigUint = (&bound + &value - 1u32) / &value;
        let offset: BigUint = k * &value;
        let mut offset_limbs = [0; MOD_COEFFS];
        let bytes = offset.to_bytes_le();
        assert!(bytes.len() <= MOD_COEFFS, "offset of 65 bytes at most");
        offset_limbs[..bytes.len()].copy_from_slice(&bytes);
        Self {
            value,
            limbs,
            offset,
            offset_limbs,
        }
    }

    /// The modulus from its big-endian hexadecimal digits.
    pub fn from_hex(hex: &str) -> Self {
        let value = num_bigint::BigUint::parse_bytes(hex.as_bytes(), 16).expect("hex");
        let mut limbs = [0; 32];
        limbs.copy_from_slice(&le_limbs::<32>(&value));
        Self::new(limbs)
    }
}

/// `value`'s `N` least significant bytes, least significant first.
pub fn le_limbs<const N: usize>(value: &num_bigint::BigUint) -> [u8; N] {
    let mut out = [0; N];
    for (o, b) in out.iter_mut().zip(value.to_bytes_le()) {
        *o = b;
    }
    out
}

/// `a · c` for a polynomial of expressions and one of constant bytes.
pub fn poly_mul_const<E: PrimeCharacteristicRing>(a: &[E], c: &[u8]) -> Vec<E> {
    let mut out = vec![E::ZERO; a.len() + c.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, &k) in c.iter().enumerate() {
            if k != 0 {
                out[i + j] += x.clone() * E::from_u8(k);
            }
        }
    }
    out
}

/// Limb expressions of a column array.
pub fn exprs<AB: InteractionBuilder>(limbs: &[AB::Var]) -> Vec<AB::Expr> {
    limbs.iter().map(|&v| v.into()).collect()
}

/// Constrains `E ≡ 0 (mod N)` whenever `gate` is 1: `E + K N - q N = 0` as polynomials at
/// 256 ([`assert_zero_at_256`]). `e` holds `E`'s coefficients (at most [`MOD_COEFFS`]); the
/// carries are range-checked here with `count`, and `q`'s limbs pushed to `bytes` for the
/// caller's byte range checks.
///
/// # Soundness
///
/// Given `q`'s limbs bytes and `E`'s coefficients below `2^23` in absolute value (the
/// caller's bound: a coefficient of a product of two byte-limb numbers is below `2^21`), each
/// coefficient of the identity is below `2^23 + 2^21 + 2^8` (`q N` adds at most
/// `33 · 255^2`), so the identity holds over the integers ([`assert_zero_at_256`]):
/// `E = (q - K) N`, a multiple of `N`.
///
/// Completeness needs honest carries in `[-2^15, 2^15)`: `|carry| <= max|coefficient| / 255`,
/// so it holds when each coefficient's positive part (with the offset's byte) and its
/// negative part (with `q N`'s at most `32 · 255^2`) stay below `255 · 2^15 = 8,355,840`;
/// the callers note theirs.
#[allow(clippy::too_many_arguments)]
pub fn eval_mod_relation<AB: InteractionBuilder>(
    builder: &mut AB,
    e: Vec<AB::Expr>,
    modulus: &Modulus,
    cols: &ModRelCols<AB::Var>,
    gate: AB::Expr,
    count: AB::Expr,
    bytes: &mut Vec<AB::Expr>,
) {
    assert!(
        e.len() <= MOD_COEFFS,
        "a relation of 65 coefficients at most"
    );
    let q = exprs::<AB>(&cols.q);
    let qn = poly_mul_const(&q, &modulus.limbs);
    let mut poly = vec![AB::Expr::ZERO; MOD_COEFFS];
    for (p, x) in poly.iter_mut().zip(e) {
        *p += x;
    }
    for (p, &k) in poly.iter_mut().zip(&modulus.offset_limbs) {
        if k != 0 {
            *p += AB::Expr::from_u8(k);
        }
    }
    for (p, x) in poly.iter_mut().zip(qn) {
        *p -= x;
    }
    assert_zero_at_256(builder, poly, &cols.carry, gate);
    for &carry in &cols.carry {
        lookup_carry(builder, carry, count.clone());
    }
    bytes.extend(q);
}

/// The witness of `E ≡ 0 (mod N)` for `E` with integer coefficients `e`, recording the carry
/// lookups in `bytes` and returning `q`'s limbs (for the caller's byte checks). If `E` is not
/// a multiple of `N` or out of range, the witness fails the relation (no panic).
pub fn mod_relation_trace<F: PrimeCharacteristicRing>(
    e: &[i64],
    modulus: &Modulus,
    bytes: &mut ByteLookups,
) -> (ModRelCols<F>, [u8; MOD_Q_LIMBS]) {
    use num_bigint::{BigInt, Sign};
    let mut value = BigInt::ZERO;
    for &c in e.iter().rev() {
        value = (value << 8) + c;
    }
    let shifted = value + BigInt::from_biguint(Sign::Plus, modulus.offset.clone());
    let q = shifted
        .to_biguint()
        .map(|v| v / &modulus.value)
        .unwrap_or_default();
    let q_limbs = le_limbs::<MOD_Q_LIMBS>(&q);
    let mut poly = vec![0i64; MOD_COEFFS];
    for (p, &c) in poly.iter_mut().zip(e) {
        *p += c;
    }
    for (p, &k) in poly.iter_mut().zip(&modulus.offset_limbs) {
        *p += i64::from(k);
    }
    for (p, c) in poly.iter_mut().zip(poly_mul_int(&q_limbs, &modulus.limbs)) {
        *p -= c;
    }
    let carry = carries(&poly, bytes);
    let cols = ModRelCols {
        q: q_limbs.map(F::from_u8),
        carry: core::array::from_fn(|i| signed(carry[i])),
    };
    (cols, q_limbs)
}

/// All-zero [`ModRelCols`] (a relation switched off), recording the lookups of its zero
/// carries in `bytes` when `count` is 1.
pub fn mod_relation_zero<F: PrimeCharacteristicRing>(
    count: bool,
    bytes: &mut ByteLookups,
) -> ModRelCols<F> {
    if count {
        for _ in 0..MOD_CARRIES {
            bytes.record_u16(CARRY_OFFSET as u16);
        }
    }
    ModRelCols {
        q: core::array::from_fn(|_| F::ZERO),
        carry: core::array::from_fn(|_| F::ZERO),
    }
}

/// Constrains `a < N` whenever `gate` is 1: `a + d + 1 - N = 0` at 256 with boolean carries
/// (so no carry out of the top limb). `d`'s limbs are pushed to `bytes`.
pub fn eval_lt_const<AB: InteractionBuilder>(
    builder: &mut AB,
    a: &[AB::Expr],
    modulus: &Modulus,
    cols: &LtConstCols<AB::Var>,
    gate: AB::Expr,
    bytes: &mut Vec<AB::Expr>,
) {
    let mut poly: Vec<AB::Expr> = a
        .iter()
        .zip(&cols.d)
        .zip(&modulus.limbs)
        .map(|((a, &d), &n)| a.clone() + d.into() - AB::Expr::from_u8(n))
        .collect();
    poly[0] += AB::Expr::ONE;
    for &c in &cols.carry {
        builder.assert_bool(c);
    }
    assert_zero_at_256(builder, poly, &cols.carry, gate);
    bytes.extend(exprs::<AB>(&cols.d));
}

/// The witness of `a < N` (any `d` if not: the relation then fails), returning `d`'s limbs.
pub fn lt_const_trace<F: PrimeCharacteristicRing>(
    a: &[u8; 32],
    modulus: &Modulus,
) -> (LtConstCols<F>, [u8; 32]) {
    let value = num_bigint::BigUint::from_bytes_le(a);
    let d = if value < modulus.value {
        le_limbs::<32>(&(&modulus.value - value - 1u32))
    } else {
        [0; 32]
    };
    let mut poly: Vec<i64> = (0..32)
        .map(|i| i64::from(a[i]) + i64::from(d[i]) - i64::from(modulus.limbs[i]))
        .collect();
    poly[0] += 1;
    let carry = carries(&poly, &mut ByteLookups::default());
    let cols = LtConstCols {
        d: d.map(F::from_u8),
        carry: core::array::from_fn(|i| signed(carry[i])),
    };
    (cols, d)
}

/// Integer coefficient vectors: `a + b`, padded to the longer length.
pub fn int_add(a: &[i64], b: &[i64]) -> Vec<i64> {
    (0..a.len().max(b.len()))
        .map(|i| a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0))
        .collect()
}

/// The product of integer coefficient vectors.
pub fn int_mul(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = vec![0i64; (a.len() + b.len()).saturating_sub(1)];
    for (i, &x) in a.iter().enumerate() {
        for (j, &y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// `k · a` for integer coefficient vectors.
pub fn int_scale(a: &[i64], k: i64) -> Vec<i64> {
    a.iter().map(|&x| k * x).collect()
}

/// Byte limbs as integer coefficients.
pub fn int_limbs(a: &[u8]) -> Vec<i64> {
    a.iter().map(|&x| i64::from(x)).collect()
}
