//! The input: a batch of signed transfers and the witnesses that let the guest check them
//! against the state roots. Integers are little-endian.
//!
//! | section | bytes |
//! | --- | --- |
//! | header | chain id `u32`, tree depth `u32` (1 to 32), keccak root (32 B), Poseidon2 root (8 `u32`) |
//! | batch | count `u32`, then each transfer: from `u32`, to `u32`, amount `u64`, nonce `u64`, scheme `u8`, signature |
//! | witnesses | per transfer, the sender's then the recipient's: account, keccak siblings, Poseidon2 siblings |
//!
//! - A signature is `r ‖ s ‖ v` (65 B, `v` the recovery id 0 or 1) for scheme 0,
//!   secp256k1, and `R ‖ s` (64 B) for scheme 1, ed25519. Both sign the transfer's
//!   *message*: the chain id followed by the transfer's first 24 bytes, the fields before
//!   the scheme (secp256k1 signs its keccak256, ed25519 the bytes themselves).
//! - An account is scheme `u8`, owner (32 B), balance `u64`, nonce `u64`: 49 bytes. The
//!   owner of a secp256k1 account is its Ethereum address, right-aligned in 32 zero-padded
//!   bytes; that of an ed25519 account is its public key. An all-zero owner is an empty
//!   slot.
//! - Siblings run from the leaf up, `depth` of each: 32-byte keccak digests, then 8
//!   canonical KoalaBear elements per Poseidon2 digest. The account's index in both trees
//!   is `from` or `to`. The sender's siblings are those of the state before the transfer,
//!   the recipient's those of the state after the sender's update.
//!
//! The batch section is what a rollup posts for data availability: the guest commits to
//! its keccak256. The witnesses are private.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use gluecp_guest::poseidon2::{self, Digest};

/// Length of the part of a transfer that is signed, after the chain id.
pub const BODY: usize = 24;
/// The signed message: chain id, then the transfer's body.
pub type Message = [u8; 4 + BODY];

/// The signature schemes; the discriminant is the tag byte in the input and the leaves.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Secp256k1 = 0,
    Ed25519 = 1,
}

impl Scheme {
    fn from_tag(tag: u8) -> Option<Scheme> {
        match tag {
            0 => Some(Scheme::Secp256k1),
            1 => Some(Scheme::Ed25519),
            _ => None,
        }
    }

    pub fn tag(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Scheme::Secp256k1 => "secp256k1",
            Scheme::Ed25519 => "ed25519",
        }
    }
}

/// The roots of the two state trees.
#[derive(Clone, Copy)]
pub struct Roots {
    pub keccak: [u8; 32],
    pub poseidon2: Digest,
}

/// One signed transfer, borrowed from the input.
pub struct Transfer<'a> {
    /// `from ‖ to ‖ amount ‖ nonce` as signed.
    pub body: &'a [u8; BODY],
    pub from: u32,
    pub to: u32,
    pub amount: u64,
    pub nonce: u64,
    pub signature: Signature<'a>,
}

pub enum Signature<'a> {
    Secp256k1 {
        signature: &'a [u8; 64],
        recovery_id: u8,
    },
    Ed25519 {
        signature: &'a [u8; 64],
    },
}

impl Signature<'_> {
    pub fn scheme(&self) -> Scheme {
        match self {
            Signature::Secp256k1 { .. } => Scheme::Secp256k1,
            Signature::Ed25519 { .. } => Scheme::Ed25519,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Account {
    pub scheme: Scheme,
    pub owner: [u8; 32],
    pub balance: u64,
    pub nonce: u64,
}

impl Account {
    /// The account's encoding in the input, which is also the preimage of its keccak leaf.
    pub fn encode(&self) -> [u8; 49] {
        let mut bytes = [0; 49];
        bytes[0] = self.scheme.tag();
        bytes[1..33].copy_from_slice(&self.owner);
        bytes[33..41].copy_from_slice(&self.balance.to_le_bytes());
        bytes[41..].copy_from_slice(&self.nonce.to_le_bytes());
        bytes
    }
}

/// An account and its authentication paths in both trees.
pub struct Witness<'a> {
    pub account: Account,
    pub keccak_siblings: &'a [[u8; 32]],
    pub poseidon2_siblings: Vec<Digest>,
}

pub struct Batch<'a> {
    pub chain_id: u32,
    pub roots: Roots,
    /// The batch section of the input, as posted.
    pub data: &'a [u8],
    pub transfers: Vec<Transfer<'a>>,
    /// Sender's and recipient's, per transfer.
    pub witnesses: Vec<[Witness<'a>; 2]>,
}

impl Transfer<'_> {
    pub fn message(&self, chain_id: u32) -> Message {
        let mut message = [0; 4 + BODY];
        message[..4].copy_from_slice(&chain_id.to_le_bytes());
        message[4..].copy_from_slice(self.body);
        message
    }
}

/// Split the input into its sections and fields, checking every length, tag, index and
/// field element; nothing is verified yet.
#[inline(never)]
pub fn parse_batch(input: &[u8]) -> Result<Batch<'_>, String> {
    let mut cursor = Cursor(input);
    let ended = |what: &str| format!("malformed batch: input ends inside {what}");
    let chain_id = cursor.u32().ok_or_else(|| ended("the header"))?;
    let depth = cursor.u32().ok_or_else(|| ended("the header"))?;
    if !(1..=32).contains(&depth) {
        return Err(format!(
            "malformed batch: tree depth {depth} is not between 1 and 32"
        ));
    }
    let keccak = *cursor.array::<32>().ok_or_else(|| ended("the header"))?;
    let poseidon2 = cursor
        .digest()
        .ok_or_else(|| ended("the header"))?
        .map_err(|()| String::from("malformed batch: the Poseidon2 root is not canonical"))?;

    let batch_start = cursor.0;
    let count = cursor.u32().ok_or_else(|| ended("the batch"))?;
    // Each transfer takes at least 89 bytes: do not trust the count for the allocation.
    let mut transfers = Vec::with_capacity((count as usize).min(input.len() / 89));
    for index in 0..count {
        let transfer = cursor
            .transfer()
            .ok_or_else(|| ended(&format!("transaction {index}")))?
            .map_err(|what| format!("malformed batch: transaction {index}: {what}"))?;
        for account in [transfer.from, transfer.to] {
            if u64::from(account) >> depth != 0 {
                return Err(format!(
                    "malformed batch: transaction {index}: account {account} is outside a tree of depth {depth}"
                ));
            }
        }
        transfers.push(transfer);
    }
    let data = &batch_start[..batch_start.len() - cursor.0.len()];

    let mut witnesses = Vec::with_capacity(transfers.len());
    for index in 0..count {
        let mut witness = || {
            cursor
                .witness(depth as usize)
                .ok_or_else(|| ended(&format!("the witnesses of transaction {index}")))?
                .map_err(|what| format!("malformed batch: transaction {index}: {what}"))
        };
        witnesses.push([witness()?, witness()?]);
    }
    if !cursor.0.is_empty() {
        return Err(format!(
            "malformed batch: {} bytes after the witnesses",
            cursor.0.len()
        ));
    }
    Ok(Batch {
        chain_id,
        roots: Roots { keccak, poseidon2 },
        data,
        transfers,
        witnesses,
    })
}

/// The unread input. Each read is `None` if the input ends first; a read that can also
/// find an invalid value returns a `Result` inside.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<&'a [u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(*self.array()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(*self.array()?))
    }

    fn digest(&mut self) -> Option<Result<Digest, ()>> {
        let bytes = self.array::<32>()?;
        let digest: Digest = core::array::from_fn(|i| {
            u32::from_le_bytes([
                bytes[4 * i],
                bytes[4 * i + 1],
                bytes[4 * i + 2],
                bytes[4 * i + 3],
            ])
        });
        Some(if digest.iter().all(|&x| x < poseidon2::P) {
            Ok(digest)
        } else {
            Err(())
        })
    }

    fn transfer(&mut self) -> Option<Result<Transfer<'a>, &'static str>> {
        let body = self.array::<BODY>()?;
        let mut fields = Cursor(body);
        let (from, to) = (fields.u32()?, fields.u32()?);
        let (amount, nonce) = (fields.u64()?, fields.u64()?);
        let signature = match Scheme::from_tag(self.u8()?) {
            Some(Scheme::Secp256k1) => Signature::Secp256k1 {
                signature: self.array()?,
                recovery_id: self.u8()?,
            },
            Some(Scheme::Ed25519) => Signature::Ed25519 {
                signature: self.array()?,
            },
            None => return Some(Err("unknown signature scheme")),
        };
        Some(Ok(Transfer {
            body,
            from,
            to,
            amount,
            nonce,
            signature,
        }))
    }

    fn witness(&mut self, depth: usize) -> Option<Result<Witness<'a>, &'static str>> {
        let tag = self.u8()?;
        let owner = *self.array::<32>()?;
        let (balance, nonce) = (self.u64()?, self.u64()?);
        let Some(scheme) = Scheme::from_tag(tag) else {
            return Some(Err("witness account has an unknown scheme"));
        };
        let keccak_siblings = self.take(32 * depth)?.as_chunks::<32>().0;
        let mut poseidon2_siblings = Vec::with_capacity(depth);
        for _ in 0..depth {
            match self.digest()? {
                Ok(digest) => poseidon2_siblings.push(digest),
                Err(()) => return Some(Err("a Poseidon2 sibling is not canonical")),
            }
        }
        Some(Ok(Witness {
            account: Account {
                scheme,
                owner,
                balance,
                nonce,
            },
            keccak_siblings,
            poseidon2_siblings,
        }))
    }
}
