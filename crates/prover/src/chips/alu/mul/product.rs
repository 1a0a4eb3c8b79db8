//! The 64-bit product gadget shared by the `mul` and `divrem` chips: `x * y + addend = result
//! (mod 2^64)` for words `x`, `y` given as bytes (each optionally sign-extended to 64 bits), an
//! addend and a result given as four 16-bit chunks, with one range-checked carry per chunk.
//!
//! # Why bytes, and why the sums cannot wrap
//!
//! Products of 16-bit limbs reach 2^32 > p, so the operands are split into bytes. With the
//! sign extension (bytes 4..8 are `255 * neg`), byte column `k` of the convolution is
//! `T_k = sum_{i+j=k} X_i Y_j <= 8 * 255^2 < 2^19`, and chunk `m` (bits `16m..16m+16`) is
//! `S_m = T_{2m} + 256 T_{2m+1} <= 65025 * (7 + 256 * 8) < 2^27.1`. Each chunk is constrained as
//!
//! ```text
//! S_m + addend_m + carry_{m-1} = result_m + 2^16 carry_m
//! ```
//!
//! with `addend_m, result_m < 2^16` and `carry = low + 8 high` for bytes `low`, `high` (one
//! RANGE lookup), so `0 <= carry <= 2295`. Both sides are then integers below 2^28 < p, so the
//! field equation is an integer equation; summed with weights `2^{16m}` they give
//! `sum_{k<8} T_k 256^k + addend = result + 2^64 carry_3`, and the left sum is `X * Y` modulo
//! 2^64 (terms with `i + j >= 8` are multiples of 2^64). An honest carry is at most
//! `(2^27.1 + 2^16 + 2295) / 2^16 < 2041`, within range.

use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
use p3_lookup::InteractionBuilder;

use crate::chips::byte::{ByteLookups, ByteOp, lookup_byte_range};
use crate::config::Val;

/// One chunk's carry, `low + 8 high` with both bytes (a RANGE lookup of `(low, high)`).
/// The representation is not unique, and need not be: only the bound `carry <= 2295` matters.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct CarryCols<T> {
    pub low: T,
    pub high: T,
}

impl<T: Copy> CarryCols<T> {
    /// The carry as an expression.
    pub fn value<E: PrimeCharacteristicRing + From<T>>(&self) -> E {
        E::from(self.low) + E::from(self.high) * E::from_u8(8)
    }
}

/// The chunk sums `S_m = T_{2m} + 256 T_{2m+1}` of `X * Y`, where `X` is `x` (bytes, low first)
/// sign-extended with `x_neg` (`X_i = 255 x_neg` for `i >= 4`), likewise `Y`.
pub fn chunk_sums<E: PrimeCharacteristicRing>(
    x: &[E; 4],
    y: &[E; 4],
    x_neg: E,
    y_neg: E,
) -> [E; 4] {
    let mut t: [E; 8] = core::array::from_fn(|_| E::ZERO);
    for (i, xi) in x.iter().enumerate() {
        for (j, yj) in y.iter().enumerate() {
            t[i + j] += xi.clone() * yj.clone();
        }
    }
    // Extension bytes: X_i = 255 x_neg for i in 4..8 meets Y_j with i + j = k < 8, i.e. every
    // j <= k - 4 (and symmetrically). Extension times extension lands at k >= 8: dropped.
    let x_ext = x_neg * E::from_u8(255);
    let y_ext = y_neg * E::from_u8(255);
    for k in 4..8 {
        let y_prefix = y[..=(k - 4).min(3)].iter().cloned().sum::<E>();
        let x_prefix = x[..=(k - 4).min(3)].iter().cloned().sum::<E>();
        t[k] += x_ext.clone() * y_prefix + y_ext.clone() * x_prefix;
    }
    let [t0, t1, t2, t3, t4, t5, t6, t7] = t;
    let shift = E::from_u16(256);
    [
        t0 + t1 * shift.clone(),
        t2 + t3 * shift.clone(),
        t4 + t5 * shift.clone(),
        t6 + t7 * shift,
    ]
}

/// Constrains `S_m + addend_m + carry_{m-1} = result_m + 2^16 carry_m` for the four chunks and
/// range-checks the carries (one RANGE lookup each, `count` times).
///
/// # Soundness
///
/// `count` boolean, and 1 on every row where the relation matters; `addend` and `result`
/// chunks must be proven below 2^16 by the caller (see the module docs for the bound). The
/// constraints hold on every row (all-zero rows satisfy them).
pub fn eval_product<AB: InteractionBuilder>(
    builder: &mut AB,
    sums: [AB::Expr; 4],
    addend: [AB::Expr; 4],
    result: [AB::Expr; 4],
    carries: &[CarryCols<AB::Var>; 4],
    count: AB::Expr,
) {
    let radix = AB::Expr::from_u32(1 << 16);
    let mut carry_in = AB::Expr::ZERO;
    for (((sum, add), res), carry) in sums.into_iter().zip(addend).zip(result).zip(carries) {
        let carry_out: AB::Expr = carry.value();
        builder.assert_zero(sum + add + carry_in - res - carry_out.clone() * radix.clone());
        lookup_byte_range(builder, carry.low.into(), carry.high.into(), count.clone());
        carry_in = carry_out;
    }
}

/// [`chunk_sums`] on numbers: `x`, `y` bytes, `x_neg`, `y_neg` 0 or 1.
pub fn chunk_sums_u64(x: [u8; 4], y: [u8; 4], x_neg: bool, y_neg: bool) -> [u64; 4] {
    let ext = |neg: bool| if neg { 255u64 } else { 0 };
    let byte = |v: [u8; 4], neg: bool, i: usize| if i < 4 { u64::from(v[i]) } else { ext(neg) };
    let mut t = [0u64; 8];
    for i in 0..8 {
        for j in 0..8 - i {
            t[i + j] += byte(x, x_neg, i) * byte(y, y_neg, j);
        }
    }
    core::array::from_fn(|m| t[2 * m] + 256 * t[2 * m + 1])
}

/// Fills the carries for `sums + addend = result` (chunks) and records their lookups.
///
/// When the relation does not hold over the integers (a wrong claimed result), each carry is
/// still chosen to satisfy its chunk's field equation (dividing by 2^16 in the field); such a
/// carry is no small integer, so it is written as `low = carry, high = 0` and its lookup is not
/// recorded: the row then fails the byte bus, as a cheating prover's would.
pub fn fill_carries(
    sums: [u64; 4],
    addend: [u64; 4],
    result: [u64; 4],
    carries: &mut [CarryCols<Val>; 4],
    bytes: &mut ByteLookups,
) {
    let mut carry_in = Val::ZERO;
    let mut carry_in_int = Some(0u64);
    for m in 0..4 {
        let lhs = sums[m] + addend[m];
        let exact = carry_in_int.and_then(|k| {
            (lhs + k)
                .checked_sub(result[m])
                .filter(|d| d % (1 << 16) == 0)
                .map(|d| d >> 16)
        });
        let carry = match exact {
            Some(k) => Val::from_u64(k),
            None => {
                (Val::from_u64(lhs) + carry_in - Val::from_u64(result[m]))
                    * Val::from_u32(1 << 16).inverse()
            }
        };
        carries[m] = match exact.filter(|&k| k < 2048) {
            Some(k) => {
                let (low, high) = ((k & 7) as u8, (k >> 3) as u8);
                bytes.record(ByteOp::Range, low, high);
                CarryCols {
                    low: Val::from_u8(low),
                    high: Val::from_u8(high),
                }
            }
            None => CarryCols {
                low: carry,
                high: Val::ZERO,
            },
        };
        debug_assert!(
            carries[m].low.as_canonical_u32() < 256 || exact.is_none(),
            "honest carry out of range"
        );
        carry_in = carry;
        carry_in_int = exact;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunk sums reassemble to the (sign-extended) product modulo 2^64.
    #[test]
    fn chunk_sums_give_the_product() {
        let cases = [
            (0u32, 0u32, false, false),
            (u32::MAX, u32::MAX, true, true),
            (u32::MAX, u32::MAX, false, false),
            (0x8000_0000, u32::MAX, true, false),
            (0x1234_5678, 0x9abc_def0, false, true),
            (0x8765_4321, 0x9abc_def0, true, true),
        ];
        for (x, y, xn, yn) in cases {
            let sums = chunk_sums_u64(x.to_le_bytes(), y.to_le_bytes(), xn, yn);
            let total = sums
                .iter()
                .enumerate()
                .fold(0u128, |acc, (m, &s)| acc + (u128::from(s) << (16 * m)));
            let ext = |v: u32, n: bool| {
                if n {
                    v as i32 as i64 as u64
                } else {
                    u64::from(v)
                }
            };
            assert_eq!(total as u64, ext(x, xn).wrapping_mul(ext(y, yn)));
        }
    }
}
