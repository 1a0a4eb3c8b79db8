//! Recursive Length Prefix (RLP), Ethereum's encoding of transactions, decoded strictly.
//!
//! An item is a byte string or a list of items. Its first byte says which and how long:
//!
//! | first byte | item |
//! | --- | --- |
//! | `0x00..=0x7f` | that one byte, as a string |
//! | `0x80 + n`, n ≤ 55 | a string of the next n bytes |
//! | `0xb7 + k` | a string whose length is the next k bytes (big-endian), then the string |
//! | `0xc0 + n`, n ≤ 55 | a list whose items fill the next n bytes |
//! | `0xf7 + k` | a list whose payload length is the next k bytes, then the payload |
//!
//! Only the canonical (shortest) encoding of each item is accepted, as Ethereum clients do,
//! so that one transaction has one encoding and one hash.

use core::fmt;

/// Why bytes are not canonical RLP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// An item runs past the end of its enclosing bytes.
    Truncated,
    /// A longer encoding than needed: a length with leading zeros or under 56 in the long
    /// form, or a single byte below `0x80` wrapped as a string.
    NotCanonical,
    /// An integer with leading zero bytes or wider than its field.
    BadInteger,
    /// A string where a list was expected, or the other way round.
    WrongKind,
    /// Bytes left after the item.
    Trailing,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::Truncated => "an item runs past the end of the input",
            Error::NotCanonical => "an item is not in its shortest encoding",
            Error::BadInteger => "an integer has leading zeros or is too wide",
            Error::WrongKind => "a string and a list are swapped",
            Error::Trailing => "bytes follow the last item",
        })
    }
}

/// One decoded item: the payload of a string, or the concatenated encodings of a list's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'a> {
    Bytes(&'a [u8]),
    List(&'a [u8]),
}

/// Split the first item off `input`: the item and the bytes after it.
pub fn split(input: &[u8]) -> Result<(Item<'_>, &[u8]), Error> {
    let (&first, rest) = input.split_first().ok_or(Error::Truncated)?;
    let (is_list, payload_len, rest) = match first {
        0x00..=0x7f => return Ok((Item::Bytes(&input[..1]), rest)),
        0x80..=0xb7 => (false, usize::from(first - 0x80), rest),
        0xb8..=0xbf => {
            let (len, rest) = long_length(usize::from(first - 0xb7), rest)?;
            (false, len, rest)
        }
        0xc0..=0xf7 => (true, usize::from(first - 0xc0), rest),
        0xf8..=0xff => {
            let (len, rest) = long_length(usize::from(first - 0xf7), rest)?;
            (true, len, rest)
        }
    };
    let (payload, rest) = rest.split_at_checked(payload_len).ok_or(Error::Truncated)?;
    if is_list {
        return Ok((Item::List(payload), rest));
    }
    if payload_len == 1 && payload[0] < 0x80 {
        return Err(Error::NotCanonical);
    }
    Ok((Item::Bytes(payload), rest))
}

/// The length of a long-form item: `width` big-endian bytes, at least 56, no leading zero.
fn long_length(width: usize, input: &[u8]) -> Result<(usize, &[u8]), Error> {
    let (digits, rest) = input.split_at_checked(width).ok_or(Error::Truncated)?;
    // A guest has 32-bit lengths; anything longer cannot fit in memory anyway.
    if digits[0] == 0 || width > 4 {
        return Err(Error::NotCanonical);
    }
    let len = digits
        .iter()
        .fold(0usize, |n, &d| (n << 8) | usize::from(d));
    if len < 56 {
        return Err(Error::NotCanonical);
    }
    Ok((len, rest))
}

/// The items of a list that must be all of `input`.
pub fn list(input: &[u8]) -> Result<Items<'_>, Error> {
    match split(input)? {
        (Item::List(payload), []) => Ok(Items(payload)),
        (Item::List(_), _) => Err(Error::Trailing),
        (Item::Bytes(_), _) => Err(Error::WrongKind),
    }
}

/// An iterator-like cursor over a list's items.
pub struct Items<'a>(&'a [u8]);

impl<'a> Items<'a> {
    /// The bytes of the items not taken yet, still encoded.
    pub fn remaining(&self) -> &'a [u8] {
        self.0
    }

    /// The next item, which must be a string.
    pub fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let (item, rest) = split(self.0)?;
        self.0 = rest;
        match item {
            Item::Bytes(bytes) => Ok(bytes),
            Item::List(_) => Err(Error::WrongKind),
        }
    }

    /// The next item as an unsigned integer of at most `N` bytes, right-aligned in `[u8; N]`.
    pub fn uint<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let digits = self.bytes()?;
        if digits.len() > N || digits.first() == Some(&0) {
            return Err(Error::BadInteger);
        }
        let mut out = [0; N];
        out[N - digits.len()..].copy_from_slice(digits);
        Ok(out)
    }

    /// The next item as a `u64`.
    pub fn u64(&mut self) -> Result<u64, Error> {
        self.uint::<8>().map(u64::from_be_bytes)
    }

    /// Fail unless every item was taken.
    pub fn end(&self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Trailing)
        }
    }
}

/// The header of a list whose items' encodings take `payload_len` bytes: the bytes and how
/// many of them are used.
pub fn list_header(payload_len: usize) -> ([u8; 5], usize) {
    let mut header = [0; 5];
    if payload_len < 56 {
        header[0] = 0xc0 + payload_len as u8;
        return (header, 1);
    }
    let digits = (payload_len as u32).to_be_bytes();
    let skip = digits.iter().take_while(|&&d| d == 0).count();
    header[0] = 0xf7 + (4 - skip) as u8;
    header[1..1 + 4 - skip].copy_from_slice(&digits[skip..]);
    (header, 1 + 4 - skip)
}
