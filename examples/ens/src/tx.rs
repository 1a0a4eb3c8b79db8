//! The signed transaction: its RLP decoding, the hash its owner signs, and ENS names.
//!
//! A raw transaction is `rlp([chain_id, nonce, name, contenthash, v, r, s])`; integers are
//! big-endian without leading zeros (`chain_id` and `nonce` fit in 64 bits, `r` and `s` in
//! 256), `name` is the ENS name in ASCII and `contenthash` the new record's bytes. The
//! owner signs, in the manner of EIP-191 version `0x00` ("data with intended validator"),
//!
//! ```text
//! keccak256(0x19 ‖ 0x00 ‖ resolver address (20 bytes) ‖ rlp([chain_id, nonce, name, contenthash]))
//! ```
//!
//! so a signature is bound to one resolver contract, one chain and one nonce. `v` is 27 or
//! 28 and `s` is in the lower half of the group order (EIP-2), as Ethereum requires of
//! transactions, so that a signature has one encoding.

use core::fmt;

use gluecp_guest::keccak::{Keccak256, keccak256};

use crate::Word;
use crate::rlp;

/// The longest content hash accepted; two storage slots of data (IPFS and Swarm hashes are
/// 38 and 39 bytes).
pub const MAX_CONTENTHASH: usize = 64;
/// The longest ENS name accepted, as in DNS.
pub const MAX_NAME: usize = 255;

/// A decoded transaction, borrowing from the raw bytes.
pub struct Transaction<'a> {
    pub chain_id: u64,
    pub nonce: u64,
    pub name: &'a str,
    pub contenthash: &'a [u8],
    pub v: u8,
    pub r: Word,
    pub s: Word,
    /// The encodings of the four signed fields, as they lie in the raw transaction.
    signed_fields: &'a [u8],
}

/// Decode a raw transaction, or stop the guest saying what is wrong with it.
#[inline(never)]
pub fn decode_transaction(raw: &[u8]) -> Transaction<'_> {
    match decode(raw) {
        Ok(tx) => tx,
        Err(e) => panic!("malformed transaction: {e}"),
    }
}

fn decode(raw: &[u8]) -> Result<Transaction<'_>, TxError<'_>> {
    let mut items = rlp::list(raw)?;
    let all = items.remaining();
    let chain_id = items.u64()?;
    let nonce = items.u64()?;
    let name = items.bytes()?;
    let contenthash = items.bytes()?;
    let signed_fields = &all[..all.len() - items.remaining().len()];
    let v = items.uint::<1>()?[0];
    let r = items.uint::<32>()?;
    let s = items.uint::<32>()?;
    items.end()?;
    if contenthash.len() > MAX_CONTENTHASH {
        return Err(TxError::ContenthashTooLong(contenthash.len()));
    }
    Ok(Transaction {
        chain_id,
        nonce,
        name: normalized(name).ok_or(TxError::Name(name))?,
        contenthash,
        v,
        r,
        s,
        signed_fields,
    })
}

/// `name` as a string if it is a non-empty dot-separated sequence of non-empty labels of
/// `a-z`, `0-9` and `-`, at most [`MAX_NAME`] bytes: the ASCII names that ENS normalization
/// (UTS-46) leaves unchanged. Other names are refused rather than normalized here.
fn normalized(name: &[u8]) -> Option<&str> {
    let label_ok = |label: &[u8]| {
        !label.is_empty()
            && label
                .iter()
                .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    };
    if name.len() > MAX_NAME || !name.split(|&c| c == b'.').all(label_ok) {
        return None;
    }
    core::str::from_utf8(name).ok()
}

impl Transaction<'_> {
    /// The hash the owner signs (see the module documentation).
    pub fn signing_hash(&self, resolver: &[u8; 20]) -> Word {
        let (header, header_len) = rlp::list_header(self.signed_fields.len());
        let mut hasher = Keccak256::new();
        hasher.update(&[0x19, 0x00]);
        hasher.update(resolver);
        hasher.update(&header[..header_len]);
        hasher.update(self.signed_fields);
        hasher.finalize()
    }
}

/// ENS's `namehash`: `namehash("") = 0`, `namehash(label.rest) = keccak256(namehash(rest) ‖
/// keccak256(label))`, so a node identifies a name without revealing it.
#[inline(never)]
pub fn namehash(name: &str) -> Word {
    let mut node = [0u8; 64];
    for label in name.rsplit('.') {
        node[32..].copy_from_slice(&keccak256(label.as_bytes()));
        let parent = keccak256(&node);
        node[..32].copy_from_slice(&parent);
    }
    node[..32].try_into().expect("32 bytes")
}

/// What is wrong with a raw transaction.
enum TxError<'a> {
    Rlp(rlp::Error),
    Name(&'a [u8]),
    ContenthashTooLong(usize),
}

impl From<rlp::Error> for TxError<'_> {
    fn from(e: rlp::Error) -> Self {
        TxError::Rlp(e)
    }
}

impl fmt::Display for TxError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TxError::Rlp(e) => write!(
                f,
                "not rlp([chain_id, nonce, name, contenthash, v, r, s]): {e}"
            ),
            TxError::Name(name) => write!(
                f,
                "name {:?} is not a normalized ENS name (dot-separated labels of a-z, 0-9, '-')",
                alloc::string::String::from_utf8_lossy(name)
            ),
            TxError::ContenthashTooLong(len) => {
                write!(
                    f,
                    "content hash of {len} bytes, more than {MAX_CONTENTHASH}"
                )
            }
        }
    }
}
