//! secp256k1 ECDSA: the `secp256k1` workload (with the coprocessor, or with `k256` compiled
//! to RISC-V as the plain twin) and entry points for the SDK's edge-case tests.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `secp256k1` | 160-byte records `hash ‖ r ‖ s ‖ x ‖ y` to the end | one status byte per record |
//! | `secp256k1_verify` | `([u8; 32], [u8; 64], [u8; 64])` | status `u32` (0 ok, 1 invalid, 2 invalid key) |
//! | `secp256k1_recover` | `([u8; 32], [u8; 64], u8)` | `Option<[u8; 64]>` |
//! | `secp256k1_ecrecover` | `([u8; 32], u8, [u8; 32], [u8; 32])` | `Option<[u8; 20]>` |
//!
//! `plain` picks `k256` instead of the coprocessor for the workload and `secp256k1_verify`;
//! the recovery entries test the SDK only.

use alloc::vec::Vec;
use gluecp_guest::io;
use gluecp_guest::secp256k1::{self, Error};
use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{Signature, VerifyingKey};

/// Bytes per workload record: hash, signature, public key.
const RECORD: usize = 32 + 64 + 64;

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "secp256k1" => workload(plain),
        "secp256k1_verify" => {
            let (hash, signature, key): ([u8; 32], [u8; 64], [u8; 64]) = io::read();
            io::commit(&verify(&hash, &signature, &key, plain));
        }
        "secp256k1_recover" => {
            let (hash, signature, id): ([u8; 32], [u8; 64], u8) = io::read();
            io::commit(&secp256k1::recover(&hash, &signature, id));
        }
        "secp256k1_ecrecover" => {
            let (hash, v, r, s): ([u8; 32], u8, [u8; 32], [u8; 32]) = io::read();
            io::commit(&secp256k1::ecrecover(&hash, v, &r, &s));
        }
        _ => return false,
    }
    true
}

fn workload(plain: bool) {
    let input = io::read_to_end();
    let (records, rest) = input.as_chunks::<RECORD>();
    assert!(rest.is_empty(), "input is not whole {RECORD}-byte records");
    let statuses: Vec<u8> = records
        .iter()
        .map(|record| {
            let (hash, rest) = record.split_first_chunk::<32>().expect("32 <= 160");
            let (signature, key) = rest.split_first_chunk::<64>().expect("64 <= 128");
            let key = key.try_into().expect("64 bytes left");
            verify(hash, signature, key, plain) as u8
        })
        .collect();
    io::commit_bytes(&statuses);
}

/// The `SECP256K1_VERIFY` status, from the coprocessor or from `k256` in RISC-V.
fn verify(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64], plain: bool) -> u32 {
    let result = if plain {
        plain_verify(hash, signature, key)
    } else {
        secp256k1::verify(hash, signature, key)
    };
    match result {
        Ok(()) => 0,
        Err(Error::InvalidSignature) => 1,
        Err(Error::InvalidKey) => 2,
    }
}

/// What the coprocessor does, in plain RISC-V: `k256` with high s normalized.
fn plain_verify(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64]) -> Result<(), Error> {
    let mut sec1 = [0u8; 65];
    sec1[0] = 0x04;
    sec1[1..].copy_from_slice(key);
    let key = VerifyingKey::from_sec1_bytes(&sec1).map_err(|_| Error::InvalidKey)?;
    let signature = Signature::from_slice(signature).map_err(|_| Error::InvalidSignature)?;
    key.verify_prehash(hash, &signature.normalize_s())
        .map_err(|_| Error::InvalidSignature)
}
