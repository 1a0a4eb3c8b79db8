//! The `secp256k1` benchmark: 100 ECDSA verifications of independent keys and messages.
//!
//! Input: 100 records of 160 bytes, `hash (32) ‖ r ‖ s (64) ‖ x ‖ y (64)`, as the
//! `SECP256K1_VERIFY` operands. Output: one status byte per record (0 = `OK`, 1 = `INVALID`,
//! 2 = `INVALID_KEY`). The records are derived from SHA-256 of a label and an index, so the
//! input is the same on every machine; every fourth signature is turned into its high-s
//! twin (still valid) and every tenth is made invalid, so both outcomes and both s halves
//! are on the measured path.

use crate::workload::Workload;
use k256::ecdsa::{Signature, SigningKey};
use k256::sha2::{Digest, Sha256};

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "secp256k1",
    description: "100 secp256k1 ECDSA verifications",
    input,
    native,
};

/// Bytes per record: hash, signature, public key.
pub const RECORD: usize = 32 + 64 + 64;
/// Number of verifications.
const COUNT: u32 = 100;

/// SHA-256 of `label ‖ index` (little-endian): the workload's source of "random" bytes.
fn derive(label: &str, index: u32) -> [u8; 32] {
    Sha256::new()
        .chain_update(label)
        .chain_update(index.to_le_bytes())
        .finalize()
        .into()
}

fn input() -> Vec<u8> {
    let mut bytes = Vec::with_capacity(COUNT as usize * RECORD);
    for i in 0..COUNT {
        // A SHA-256 output is a valid secret key but for a 2^-128 chance; retry past it.
        let key = (0..)
            .find_map(|attempt| {
                SigningKey::from_slice(&derive("gluecp secp256k1 key", i + attempt * COUNT)).ok()
            })
            .expect("some derived secret is below n");
        let hash = derive("gluecp secp256k1 message", i);
        let (mut signature, _) = key.sign_prehash_recoverable(&hash);
        if i % 4 == 1 {
            // k256 signs with low s; n - s makes an equally valid high-s signature.
            let (r, s) = signature.split_scalars();
            signature = Signature::from_scalars(r.to_bytes(), (-*s).to_bytes())
                .expect("r and n - s are in [1, n)");
        }
        let mut signature = signature.to_bytes();
        if i % 10 == 7 {
            signature[40] ^= 1;
        }
        let point = key.verifying_key().to_sec1_point(false);
        bytes.extend_from_slice(&hash);
        bytes.extend_from_slice(&signature);
        bytes.extend_from_slice(&point.as_bytes()[1..]);
    }
    bytes
}

/// Native Rust: k256 verification of every record, as the handler does it.
fn native(input: &[u8]) -> Vec<u8> {
    let (records, _) = input.as_chunks::<RECORD>();
    records
        .iter()
        .map(|record| {
            let (hash, signature, key) = split(record);
            super::verify(&hash, &signature, &key) as u8
        })
        .collect()
}

/// A record's hash, signature and key.
pub(crate) fn split(record: &[u8; RECORD]) -> ([u8; 32], [u8; 64], [u8; 64]) {
    let mut hash = [0; 32];
    let mut signature = [0; 64];
    let mut key = [0; 64];
    hash.copy_from_slice(&record[..32]);
    signature.copy_from_slice(&record[32..96]);
    key.copy_from_slice(&record[96..]);
    (hash, signature, key)
}
