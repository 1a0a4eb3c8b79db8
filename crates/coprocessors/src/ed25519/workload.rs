//! The `ed25519` benchmark: 100 Ed25519 verifications of independent keys and messages.
//!
//! Input: 100 records `public key (32) ‖ signature (64) ‖ length (u32, little-endian) ‖
//! message`, messages of 32 to 144 bytes. Output: one status byte per record (0 = `OK`,
//! 1 = `INVALID`). Keys and messages are derived from SHA-512 of a label and an index, so
//! the input is the same on every machine; every tenth message is altered after signing,
//! so both outcomes are on the measured path.

use crate::workload::Workload;
use ed25519_dalek::{Digest, Sha512, Signer, SigningKey};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "ed25519",
    description: "100 ed25519 verifications",
    input,
    native,
};

/// Number of verifications.
const COUNT: u32 = 100;

/// SHA-512 of `label ‖ index` (little-endian): the workload's source of "random" bytes.
fn derive(label: &str, index: u32) -> [u8; 64] {
    Sha512::new()
        .chain_update(label)
        .chain_update(index.to_le_bytes())
        .finalize()
        .into()
}

fn input() -> Vec<u8> {
    let mut bytes = Vec::new();
    for i in 0..COUNT {
        let secret = derive("gluecp ed25519 key", i);
        let key = SigningKey::from_bytes(secret[..32].try_into().expect("64 >= 32 bytes"));
        let len = 32 + 16 * (i as usize % 8);
        let mut message: Vec<u8> = derive("gluecp ed25519 message", i)
            .into_iter()
            .cycle()
            .take(len)
            .collect();
        let signature = key.sign(&message);
        if i % 10 == 7 {
            message[3] ^= 1;
        }
        bytes.extend_from_slice(key.verifying_key().as_bytes());
        bytes.extend_from_slice(&signature.to_bytes());
        bytes.extend_from_slice(&(len as u32).to_le_bytes());
        bytes.extend_from_slice(&message);
    }
    bytes
}

/// Native Rust: `ed25519-dalek` strict verification of every record, as the handler does it.
fn native(input: &[u8]) -> Vec<u8> {
    Records(input)
        .map(|(key, signature, message)| super::verify(key, signature, message) as u8)
        .collect()
}

/// The records of a workload input: `(key, signature, message)`; stops at the first
/// truncated one.
pub(crate) struct Records<'a>(pub &'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = (&'a [u8; 32], &'a [u8; 64], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let (key, rest) = self.0.split_first_chunk::<32>()?;
        let (signature, rest) = rest.split_first_chunk::<64>()?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
        let (message, rest) = rest.split_at_checked(len)?;
        self.0 = rest;
        Some((key, signature, message))
    }
}
