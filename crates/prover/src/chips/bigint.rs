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
