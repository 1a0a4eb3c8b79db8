//! `x * y mod m` on 256-bit integers in plain Rust, the specification the handler is
//! checked against: the schoolbook 512-bit product of 32-bit limbs, then the remainder by
//! binary long division. Written for reading, not for speed.

/// Limbs of an operand: 32-bit words, least significant first.
pub const LIMBS: usize = 8;

/// A 256-bit integer as little-endian 32-bit limbs.
pub type U256 = [u32; LIMBS];

/// `x * y mod m`, or `None` when `m` = 0.
pub fn mulmod(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    if m.iter().all(|&limb| limb == 0) {
        return None;
    }
    Some(remainder(&product(x, y), m))
}

/// The full 512-bit product, 16 limbs: each `x_i y_j` lands at limb `i + j`, and the high
/// half of each 64-bit partial product carries into the next limb.
fn product(x: &U256, y: &U256) -> [u32; 2 * LIMBS] {
    let mut out = [0u32; 2 * LIMBS];
    for (i, &xi) in x.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &yj) in y.iter().enumerate() {
            // At most (2^32 - 1)^2 + 2 (2^32 - 1) = 2^64 - 1: no overflow.
            let t = u64::from(xi) * u64::from(yj) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + LIMBS] = carry as u32;
    }
    out
}

/// `n mod m` for `m` > 0, one bit of `n` at a time from the top: shift the running
/// remainder left, bring in the bit, subtract `m` if the remainder reached it. The
/// remainder stays below `m`, so after a shift it is below `2m` < 2^257: it needs one
/// limb more than `m`.
fn remainder(n: &[u32; 2 * LIMBS], m: &U256) -> U256 {
    let mut wide_m = [0u32; LIMBS + 1];
    wide_m[..LIMBS].copy_from_slice(m);
    let mut r = [0u32; LIMBS + 1];
    for bit in (0..32 * 2 * LIMBS).rev() {
        shift_left_one(&mut r, (n[bit / 32] >> (bit % 32)) & 1);
        if !less_than(&r, &wide_m) {
            subtract(&mut r, &wide_m);
        }
    }
    let mut out = [0; LIMBS];
    out.copy_from_slice(&r[..LIMBS]);
    out
}

fn shift_left_one(r: &mut [u32; LIMBS + 1], low_bit: u32) {
    let mut carry = low_bit;
    for limb in r.iter_mut() {
        let next = *limb >> 31;
        *limb = (*limb << 1) | carry;
        carry = next;
    }
}

/// Compare from the most significant limb down.
fn less_than(a: &[u32; LIMBS + 1], b: &[u32; LIMBS + 1]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` for `a >= b`, with a borrow rippling up.
fn subtract(a: &mut [u32; LIMBS + 1], b: &[u32; LIMBS + 1]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
}
