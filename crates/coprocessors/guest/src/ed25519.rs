//! Ed25519: the `ed25519` workload (with the coprocessor, or with `ed25519-dalek` compiled
//! to RISC-V as the plain twin) and an entry point for the SDK's edge-case tests.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `ed25519` | records `key ‖ signature ‖ length (u32 LE) ‖ message` to the end | one status byte per record |
//! | `ed25519_verify` | `([u8; 32], [u8; 64], Vec<u8>)` | status `u32` (0 ok, 1 invalid) |
//!
//! `plain` picks `ed25519-dalek`'s `verify_strict` instead of the coprocessor.

use alloc::vec::Vec;
use ed25519_dalek::{Signature, VerifyingKey};
use gluecp_guest::{ed25519, io};

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "ed25519" => workload(plain),
        "ed25519_verify" => {
            let (key, signature, message): ([u8; 32], [u8; 64], Vec<u8>) = io::read();
            io::commit(&verify(&key, &signature, &message, plain));
        }
        _ => return false,
    }
    true
}

fn workload(plain: bool) {
    let input = io::read_to_end();
    let mut rest = input.as_slice();
    let mut statuses = Vec::new();
    while !rest.is_empty() {
        let (key, tail) = rest.split_first_chunk::<32>().expect("a key");
        let (signature, tail) = tail.split_first_chunk::<64>().expect("a signature");
        let (len, tail) = tail.split_first_chunk::<4>().expect("a message length");
        let (message, tail) = tail.split_at(u32::from_le_bytes(*len) as usize);
        statuses.push(verify(key, signature, message, plain) as u8);
        rest = tail;
    }
    io::commit_bytes(&statuses);
}

/// The `ED25519_VERIFY` status, from the coprocessor or from `ed25519-dalek` in RISC-V.
fn verify(key: &[u8; 32], signature: &[u8; 64], message: &[u8], plain: bool) -> u32 {
    let valid = if plain {
        VerifyingKey::from_bytes(key).is_ok_and(|key| {
            key.verify_strict(message, &Signature::from_bytes(signature))
                .is_ok()
        })
    } else {
        ed25519::verify(key, signature, message).is_ok()
    };
    u32::from(!valid)
}
