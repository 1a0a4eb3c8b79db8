//! The byte encoding of typed guest input and journal values.
//!
//! `gluecp_guest::io::read::<T>()` decodes the next input bytes as a `T`, and
//! `gluecp_guest::io::commit(&value)` appends the encoding of `value` to the journal; a
//! host builds inputs and reads journals with the same [`Encode`] and [`Decode`] traits.
//!
//! The encoding is deliberately plain, so that any language can produce and parse it:
//!
//! | type | bytes |
//! | --- | --- |
//! | `u8`..`u128`, `i8`..`i128` | fixed width, little-endian |
//! | `bool` | one byte, `0` or `1` (anything else is an error) |
//! | `[T; N]` | the `N` elements in order, no length |
//! | tuples `(A, B, ..)` | the fields in order |
//! | `Option<T>` | `0`, or `1` followed by the value |
//! | `Vec<T>`, `String`, `&[T]`, `&str` | `u32` little-endian element count, then the elements (UTF-8 bytes for strings) |
//!
//! So a `u32` input is its four little-endian bytes, and committing a `u64` appends eight.

#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};
use core::fmt;

/// Why bytes could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The input ended before the value did.
    UnexpectedEnd,
    /// A `bool` or `Option` tag byte other than 0 or 1.
    InvalidTag(u8),
    /// A string that is not UTF-8.
    InvalidUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnexpectedEnd => f.write_str("input ended before the value did"),
            DecodeError::InvalidTag(tag) => write!(f, "invalid tag byte {tag} (expected 0 or 1)"),
            DecodeError::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
        }
    }
}

impl core::error::Error for DecodeError {}

/// A source of bytes to decode from.
pub trait Reader {
    /// Fill `buf` entirely, or fail with [`DecodeError::UnexpectedEnd`].
    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), DecodeError>;
}

/// A sink of encoded bytes.
pub trait Writer {
    /// Append `bytes`.
    fn write_all(&mut self, bytes: &[u8]);
}

impl Reader for &[u8] {
    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), DecodeError> {
        let (head, tail) = self
            .split_at_checked(buf.len())
            .ok_or(DecodeError::UnexpectedEnd)?;
        buf.copy_from_slice(head);
        *self = tail;
        Ok(())
    }
}

#[cfg(feature = "alloc")]
impl Writer for Vec<u8> {
    fn write_all(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A value with a byte encoding (see the module documentation).
pub trait Encode {
    /// Append the encoding of `self` to `out`.
    fn encode<W: Writer + ?Sized>(&self, out: &mut W);

    /// The encoding of `self` as a new vector.
    #[cfg(feature = "alloc")]
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }
}

/// A value that can be decoded from its byte encoding (see the module documentation).
pub trait Decode: Sized {
    /// Read one value from `input`.
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError>;

    /// Decode a value that must use all of `bytes`.
    fn from_bytes(mut bytes: &[u8]) -> Result<Self, DecodeError> {
        let value = Self::decode(&mut bytes)?;
        if bytes.is_empty() {
            Ok(value)
        } else {
            Err(DecodeError::UnexpectedEnd)
        }
    }
}

macro_rules! int_codec {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
                out.write_all(&self.to_le_bytes());
            }
        }
        impl Decode for $t {
            fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
                let mut buf = [0u8; core::mem::size_of::<$t>()];
                input.read_exact(&mut buf)?;
                Ok(<$t>::from_le_bytes(buf))
            }
        }
    )*};
}
int_codec!(u8, u16, u32, u64, u128, i8, i16, i32, i64, i128);

impl Encode for bool {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        out.write_all(&[u8::from(*self)]);
    }
}

impl Decode for bool {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        match u8::decode(input)? {
            0 => Ok(false),
            1 => Ok(true),
            tag => Err(DecodeError::InvalidTag(tag)),
        }
    }
}

impl<T: Encode, const N: usize> Encode for [T; N] {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        self.iter().for_each(|item| item.encode(out));
    }
}

impl<T: Decode, const N: usize> Decode for [T; N] {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        let mut error = None;
        let array = core::array::from_fn(|_| match T::decode(input) {
            Ok(value) => Some(value),
            Err(e) => {
                error.get_or_insert(e);
                None
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(array.map(|item| item.expect("no error means every element decoded"))),
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        match self {
            None => out.write_all(&[0]),
            Some(value) => {
                out.write_all(&[1]);
                value.encode(out);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        match u8::decode(input)? {
            0 => Ok(None),
            1 => Ok(Some(T::decode(input)?)),
            tag => Err(DecodeError::InvalidTag(tag)),
        }
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        (**self).encode(out);
    }
}

fn encode_len<W: Writer + ?Sized>(len: usize, out: &mut W) {
    let len = u32::try_from(len).expect("encoded sequences are shorter than 2^32 elements");
    len.encode(out);
}

impl<T: Encode> Encode for [T] {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        encode_len(self.len(), out);
        self.iter().for_each(|item| item.encode(out));
    }
}

impl Encode for str {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        self.as_bytes().encode(out);
    }
}

#[cfg(feature = "alloc")]
impl<T: Encode> Encode for Vec<T> {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        self.as_slice().encode(out);
    }
}

#[cfg(feature = "alloc")]
impl<T: Decode> Decode for Vec<T> {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        let len = u32::decode(input)? as usize;
        // Do not trust the length for the allocation: a hostile prefix must not reserve 4 GiB.
        let mut items = Vec::with_capacity(len.min(4096));
        for _ in 0..len {
            items.push(T::decode(input)?);
        }
        Ok(items)
    }
}

#[cfg(feature = "alloc")]
impl Encode for String {
    fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
        self.as_str().encode(out);
    }
}

#[cfg(feature = "alloc")]
impl Decode for String {
    fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
        String::from_utf8(Vec::<u8>::decode(input)?).map_err(|_| DecodeError::InvalidUtf8)
    }
}

macro_rules! tuple_codec {
    ($($name:ident),+) => {
        impl<$($name: Encode),+> Encode for ($($name,)+) {
            #[allow(non_snake_case)]
            fn encode<W: Writer + ?Sized>(&self, out: &mut W) {
                let ($($name,)+) = self;
                $($name.encode(out);)+
            }
        }
        impl<$($name: Decode),+> Decode for ($($name,)+) {
            fn decode<R: Reader + ?Sized>(input: &mut R) -> Result<Self, DecodeError> {
                Ok(($($name::decode(input)?,)+))
            }
        }
    };
}
tuple_codec!(A);
tuple_codec!(A, B);
tuple_codec!(A, B, C);
tuple_codec!(A, B, C, D);
tuple_codec!(A, B, C, D, E);

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn integers_are_little_endian() {
        assert_eq!(7u32.to_bytes(), vec![7, 0, 0, 0]);
        assert_eq!(u64::from_bytes(&[1, 0, 0, 0, 0, 0, 0, 0]), Ok(1));
    }

    #[test]
    fn round_trips() {
        let value = (
            true,
            [1u16, 2],
            Some(vec![String::from("glue"), String::from("cp")]),
            -5i64,
        );
        let bytes = value.to_bytes();
        assert_eq!(Decode::from_bytes(&bytes), Ok(value));
    }

    #[test]
    fn rejects_bad_tags_and_short_input() {
        assert_eq!(bool::from_bytes(&[2]), Err(DecodeError::InvalidTag(2)));
        assert_eq!(u32::from_bytes(&[1, 2]), Err(DecodeError::UnexpectedEnd));
        assert_eq!(
            Vec::<u8>::from_bytes(&[0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::UnexpectedEnd)
        );
        assert_eq!(
            String::from_bytes(&[1, 0, 0, 0, 0xff]),
            Err(DecodeError::InvalidUtf8)
        );
    }
}
