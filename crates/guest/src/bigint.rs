//! 256-bit unsigned integers and modular arithmetic on the `MODMUL256` coprocessor.
//!
//! [`U256`] holds a value as 8 little-endian `u32` words, the coprocessor's operand
//! layout, and converts from and to 32-byte big- and little-endian encodings. The
//! coprocessor does one thing, `x * y mod m` ([`mulmod`]); everything else here is glue
//! built on it: [`reduce`], [`addmod`], [`submod`], [`powmod`], [`invmod_prime`]. Every
//! modulus is arbitrary (any nonzero 256-bit value, not only odd or prime), operands
//! need not be reduced, and a zero modulus gives `None`.
//!
//! ```no_run
//! use gluecp_guest::bigint::{self, U256};
//!
//! // secp256k1's base field: 2^256 - 2^32 - 977.
//! let p = U256::from_be_bytes(&[
//!     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
//!     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
//!     0xff, 0xff, 0xfc, 0x2f,
//! ]);
//! let x = U256::from(7u32);
//! let x_cubed = bigint::powmod(&x, &U256::from(3u32), &p).unwrap();
//! let inverse = bigint::invmod_prime(&x, &p).unwrap();
//! assert_eq!(bigint::mulmod(&x, &inverse, &p), Some(U256::ONE));
//! # let _ = x_cubed;
//! ```

use crate::syscall::ecall;
use core::cmp::Ordering;
use core::fmt;
use gluecp_abi::codec::{Decode, DecodeError, Encode, Reader, Writer};
use gluecp_abi::ecall::coprocessor::{MODMUL256, OK};

/// A 256-bit unsigned integer: 8 `u32` words, least significant first (the
/// coprocessor's operand layout, so values are passed by address with no conversion).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[repr(C, align(4))]
pub struct U256([u32; 8]);

impl U256 {
    /// 0.
    pub const ZERO: U256 = U256([0; 8]);
    /// 1.
    pub const ONE: U256 = U256([1, 0, 0, 0, 0, 0, 0, 0]);
    /// 2^256 - 1.
    pub const MAX: U256 = U256([u32::MAX; 8]);

    /// From words, least significant first.
    pub const fn from_words(words: [u32; 8]) -> Self {
        U256(words)
    }

    /// The words, least significant first.
    pub const fn to_words(self) -> [u32; 8] {
        self.0
    }

    /// From 32 little-endian bytes.
    pub fn from_le_bytes(bytes: &[u8; 32]) -> Self {
        let mut words = [0; 8];
        for (word, chunk) in words.iter_mut().zip(bytes.as_chunks::<4>().0) {
            *word = u32::from_le_bytes(*chunk);
        }
        U256(words)
    }

    /// From 32 big-endian bytes (the EVM's and SEC 1's order).
    pub fn from_be_bytes(bytes: &[u8; 32]) -> Self {
        let mut words = [0; 8];
        for (word, chunk) in words.iter_mut().rev().zip(bytes.as_chunks::<4>().0) {
            *word = u32::from_be_bytes(*chunk);
        }
        U256(words)
    }

    /// 32 little-endian bytes.
    pub fn to_le_bytes(&self) -> [u8; 32] {
        let mut bytes = [0; 32];
        for (chunk, word) in bytes.as_chunks_mut::<4>().0.iter_mut().zip(&self.0) {
            *chunk = word.to_le_bytes();
        }
        bytes
    }

    /// 32 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut bytes = [0; 32];
        for (chunk, word) in bytes
            .as_chunks_mut::<4>()
            .0
            .iter_mut()
            .zip(self.0.iter().rev())
        {
            *chunk = word.to_be_bytes();
        }
        bytes
    }

    /// Whether the value is 0.
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 8]
    }

    /// Bit `index` (0 = least significant); false from 256 up.
    pub fn bit(&self, index: u32) -> bool {
        index < 256 && (self.0[(index / 32) as usize] >> (index % 32)) & 1 == 1
    }

    /// Number of significant bits: 0 for 0, 256 for values from 2^255.
    pub fn bits(&self) -> u32 {
        match self.0.iter().rposition(|&word| word != 0) {
            Some(top) => 32 * top as u32 + (32 - self.0[top].leading_zeros()),
            None => 0,
        }
    }

    /// `self + rhs` modulo 2^256, and whether it wrapped.
    pub fn overflowing_add(&self, rhs: &U256) -> (U256, bool) {
        let mut out = [0; 8];
        let mut carry = false;
        for ((out, &a), &b) in out.iter_mut().zip(&self.0).zip(&rhs.0) {
            let (sum, c1) = a.overflowing_add(b);
            let (sum, c2) = sum.overflowing_add(u32::from(carry));
            *out = sum;
            carry = c1 || c2;
        }
        (U256(out), carry)
    }

    /// `self - rhs` modulo 2^256, and whether it wrapped (`rhs > self`).
    pub fn overflowing_sub(&self, rhs: &U256) -> (U256, bool) {
        let mut out = [0; 8];
        let mut borrow = false;
        for ((out, &a), &b) in out.iter_mut().zip(&self.0).zip(&rhs.0) {
            let (difference, b1) = a.overflowing_sub(b);
            let (difference, b2) = difference.overflowing_sub(u32::from(borrow));
            *out = difference;
            borrow = b1 || b2;
        }
        (U256(out), borrow)
    }
}

impl From<u32> for U256 {
    fn from(value: u32) -> Self {
        U256([value, 0, 0, 0, 0, 0, 0, 0])
    }
}

impl From<u64> for U256 {
    fn from(value: u64) -> Self {
        U256([value as u32, (value >> 32) as u32, 0, 0, 0, 0, 0, 0])
    }
}

impl From<u128> for U256 {
    fn from(value: u128) -> Self {
        let word = |i: u32| (value >> (32 * i)) as u32;
        U256([word(0), word(1), word(2), word(3), 0, 0, 0, 0])
    }
}

/// The gluecp codec encodes a `U256` as its 32 little-endian bytes, like `[u32; 8]`, so a
/// host passes one as `[u32; 8]` (or any 32-byte little-endian encoding).
impl Encode for U256 {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        out.write_all(&self.to_le_bytes());
    }
}

impl Decode for U256 {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        let mut bytes = [0; 32];
        input.read_exact(&mut bytes)?;
        Ok(U256::from_le_bytes(&bytes))
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `0x` and 64 hex digits.
impl fmt::LowerHex for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0x")?;
        self.0
            .iter()
            .rev()
            .try_for_each(|word| write!(f, "{word:08x}"))
    }
}

impl fmt::Debug for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U256({self:x})")
    }
}

/// `x * y mod m`, one coprocessor call; `None` if `m` is 0.
pub fn mulmod(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    let mut out = U256::ZERO;
    // SAFETY: the call reads 32 bytes at each of x, y, m (4-byte aligned `U256`s we
    // borrow) and writes 32 bytes at `out`, a local we own.
    let [status, _] = unsafe {
        ecall(
            MODMUL256,
            [
                &raw mut out as u32,
                x as *const U256 as u32,
                y as *const U256 as u32,
                m as *const U256 as u32,
            ],
        )
    };
    (status == OK).then_some(out)
}

/// `x mod m`; `None` if `m` is 0.
pub fn reduce(x: &U256, m: &U256) -> Option<U256> {
    if x < m {
        Some(*x)
    } else {
        mulmod(x, &U256::ONE, m)
    }
}

/// `(x + y) mod m`, the sum taken at full precision (EVM `ADDMOD`); `None` if `m` is 0.
pub fn addmod(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    let (x, y) = (reduce(x, m)?, reduce(y, m)?);
    // x, y < m, so the sum is below 2m: one subtraction of m at most, needed when the
    // sum wrapped past 2^256 or reached m.
    let (sum, wrapped) = x.overflowing_add(&y);
    Some(if wrapped || sum >= *m {
        sum.overflowing_sub(m).0
    } else {
        sum
    })
}

/// `(x - y) mod m`, in `0..m`; `None` if `m` is 0.
pub fn submod(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    let (x, y) = (reduce(x, m)?, reduce(y, m)?);
    let (difference, borrowed) = x.overflowing_sub(&y);
    // On a borrow the difference is x - y + 2^256; adding m wraps it back to x - y + m.
    Some(if borrowed {
        difference.overflowing_add(m).0
    } else {
        difference
    })
}

/// `base^exponent mod m` by square-and-multiply, one or two coprocessor calls per bit of
/// the exponent; `None` if `m` is 0. `0^0` is 1 (mod m).
pub fn powmod(base: &U256, exponent: &U256, m: &U256) -> Option<U256> {
    let mut result = reduce(&U256::ONE, m)?;
    for index in (0..exponent.bits()).rev() {
        result = mulmod(&result, &result, m)?;
        if exponent.bit(index) {
            result = mulmod(&result, base, m)?;
        }
    }
    Some(result)
}

/// The inverse of `x` modulo a *prime* `p`, `x^(p - 2) mod p` (Fermat's little theorem);
/// `None` if `x` is 0 mod `p` or `p` is 0. For a composite `p` the result is meaningless:
/// check `mulmod(x, inverse, p) == Some(ONE)` where that matters.
pub fn invmod_prime(x: &U256, p: &U256) -> Option<U256> {
    let x = reduce(x, p)?;
    if x.is_zero() {
        return None;
    }
    let (exponent, _) = p.overflowing_sub(&U256::from(2u32));
    powmod(&x, &exponent, p)
}
