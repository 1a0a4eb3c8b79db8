//! The secp256k1 coprocessors from a guest: the workload in both modes (SDK, and `k256`
//! compiled to RISC-V) gives the host's answer, the SDK's `verify`, `recover` and
//! `ecrecover` handle the edge cases as the host does, and bad calls stop the guest with a
//! bad-call error, never a host panic.

use super::common::*;
use gluecp_abi::codec::{Decode, Encode};
use gluecp_abi::ecall::coprocessor::{
    INVALID, INVALID_KEY, OK, SECP256K1_RECOVER, SECP256K1_VERIFY,
};
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::secp256k1::{WORKLOAD, recover, verify};
use gluecp_vm::VmError;
use k256::ecdsa::{Signature, SigningKey};
use sha3::Digest;

fn hex<const N: usize>(digits: &str) -> [u8; N] {
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

fn concat(a: &[u8; 32], b: &[u8; 32]) -> [u8; 64] {
    let mut out = [0; 64];
    out[..32].copy_from_slice(a);
    out[32..].copy_from_slice(b);
    out
}

#[test]
fn workload_in_both_modes_matches_native() {
    // Records 0 (valid), 1 (valid, high s) and 7 (invalid) of the benchmark input.
    let input = (WORKLOAD.input)();
    let records: Vec<u8> = [0, 1, 7]
        .iter()
        .flat_map(|&i| input[160 * i..160 * (i + 1)].to_vec())
        .collect();
    let expected = (WORKLOAD.native)(&records);
    assert_eq!(expected, [0, 0, 1]);
    for plain in [false, true] {
        assert_eq!(
            run(WORKLOAD.name, plain, &records).unwrap(),
            (0, expected.clone()),
            "plain {plain}"
        );
    }
}

fn signed(secret: u8, hash: [u8; 32]) -> ([u8; 64], [u8; 64], u8) {
    signed_by(&[secret; 32], hash)
}

fn signed_by(secret: &[u8; 32], hash: [u8; 32]) -> ([u8; 64], [u8; 64], u8) {
    let key = SigningKey::from_slice(secret).unwrap();
    let (signature, id) = key.sign_prehash_recoverable(&hash);
    let public = key.verifying_key().to_sec1_point(false).as_bytes()[1..]
        .try_into()
        .unwrap();
    (signature.to_bytes().into(), public, id.to_byte())
}

#[test]
fn sdk_verify_edge_cases_match_the_host_in_both_modes() {
    let hash = [0x11; 32];
    let (signature, public, _) = signed(2, hash);
    let (r, s) = Signature::from_slice(&signature).unwrap().split_scalars();
    let high_s = Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
    let n = hex::<32>("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    let r_bytes: [u8; 32] = signature[..32].try_into().unwrap();
    let mut off_curve = public;
    off_curve[63] ^= 1;
    let cases = [
        (signature, public, OK),
        (high_s.to_bytes().into(), public, OK),
        (concat(&[0; 32], &r_bytes), public, INVALID),
        (concat(&r_bytes, &n), public, INVALID),
        (signature, off_curve, INVALID_KEY),
    ];
    for (signature, key, status) in cases {
        assert_eq!(verify(&hash, &signature, &key), status);
        for plain in [false, true] {
            let body = (hash, signature, key).to_bytes();
            let (code, journal) = run("secp256k1_verify", plain, &body).unwrap();
            assert_eq!((code, journal), (0, status.to_bytes()), "plain {plain}");
        }
    }
}

fn guest_recover(hash: [u8; 32], signature: [u8; 64], id: u8) -> Option<[u8; 64]> {
    let body = (hash, signature, id).to_bytes();
    let (code, journal) = run("secp256k1_recover", false, &body).unwrap();
    assert_eq!(code, 0);
    let recovered = recover(&hash, &signature, u32::from(id));
    assert_eq!(journal, recovered.to_bytes(), "guest vs host");
    recovered
}

#[test]
fn sdk_recover() {
    let hash = [0x22; 32];
    let (signature, public, id) = signed(3, hash);
    assert_eq!(guest_recover(hash, signature, id), Some(public));
    assert_ne!(guest_recover(hash, signature, id ^ 1), Some(public));
    for bad_id in [4, 27, 255] {
        assert_eq!(guest_recover(hash, signature, bad_id), None);
    }
    assert_eq!(guest_recover(hash, [0; 64], id), None);
}

fn guest_ecrecover(hash: [u8; 32], v: u8, r: [u8; 32], s: [u8; 32]) -> Option<[u8; 20]> {
    let body = (hash, v, r, s).to_bytes();
    let (code, journal) = run("secp256k1_ecrecover", false, &body).unwrap();
    assert_eq!(code, 0);
    Option::<[u8; 20]>::from_bytes(&journal).expect("journal decodes")
}

fn address(key: &[u8; 64]) -> [u8; 20] {
    sha3::Keccak256::digest(key)[12..].try_into().unwrap()
}

#[test]
fn sdk_ecrecover_has_precompile_semantics() {
    // The private key 1 has the well-known address 0x7e5f…5bdf (Keccak-256 of the
    // generator's coordinates); a high s recovers the same signer with v flipped.
    let hash = [0x5a; 32];
    let (signature, _, id) = signed_by(
        &{
            let mut one = [0u8; 32];
            one[31] = 1;
            one
        },
        hash,
    );
    let (r, s): ([u8; 32], [u8; 32]) = (
        signature[..32].try_into().unwrap(),
        signature[32..].try_into().unwrap(),
    );
    let signer = hex::<20>("7e5f4552091a69125d5dfcb7b8c2659029395bdf");
    assert_eq!(guest_ecrecover(hash, 27 + id, r, s), Some(signer));
    let s_high = Signature::from_slice(&signature).unwrap().split_scalars().1;
    let s_high: [u8; 32] = (-*s_high).to_bytes().into();
    assert_eq!(
        guest_ecrecover(hash, 27 + (id ^ 1), r, s_high),
        Some(signer)
    );
    assert_ne!(guest_ecrecover(hash, 27 + (id ^ 1), r, s), Some(signer));
    for v in [0, 1, 26, 29, 255] {
        assert_eq!(guest_ecrecover(hash, v, r, s), None, "v = {v}");
    }
    // An r that is no point's x-coordinate (x^3 + 7 is not a square mod p) recovers nothing.
    let unrecoverable = (1u8..)
        .map(|x| {
            let mut r = [0u8; 32];
            r[31] = x;
            r
        })
        .find(|r| {
            let mut compressed = [2u8; 33];
            compressed[1..].copy_from_slice(r);
            k256::PublicKey::from_sec1_bytes(&compressed).is_err()
        })
        .expect("half of all x have no point");
    assert_eq!(guest_ecrecover(hash, 27, unrecoverable, s), None);
    assert_eq!(guest_ecrecover(hash, 28, unrecoverable, s), None);
    // A fresh key: the address is Keccak-256 of x ‖ y, last 20 bytes.
    let hash = [0x33; 32];
    let (signature, public, id) = signed(4, hash);
    let (r, s) = (
        signature[..32].try_into().unwrap(),
        signature[32..].try_into().unwrap(),
    );
    assert_eq!(guest_ecrecover(hash, 27 + id, r, s), Some(address(&public)));
    assert_eq!(guest_ecrecover(hash, 27, [0; 32], s), None);
}

/// A raw call `number` with `args`; its outcome.
fn raw(number: u32, args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run("raw_ecall", false, &(number, args).to_bytes())
}

#[track_caller]
fn assert_bad_call(number: u32, args: [u32; 4]) {
    match raw(number, args) {
        Err(VmError::BadEcall { call, .. }) => assert!(call.starts_with("secp256k1_"), "{call}"),
        other => panic!("{args:x?}: expected a bad secp256k1 call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Free memory in the middle of the heap: zeros, so the key (0, 0) is off the curve and
    // the signature (0, 0) out of range. Byte operands need no alignment.
    let free = 0x1000_0000;
    let (verify_call, recover_call) = (SECP256K1_VERIFY, SECP256K1_RECOVER);
    // The guest commits [a0, a1]; a0 is the status.
    let status = |number, args| raw(number, args).unwrap().1[..4].to_vec();
    assert_eq!(
        status(verify_call, [free, free + 1, free + 3, 0]),
        INVALID_KEY.to_bytes()
    );
    assert_eq!(
        status(recover_call, [free, free, 0, free + 5]),
        INVALID.to_bytes()
    );

    let bad = [0, MEM_END - 8, MEM_END, u32::MAX - 3];
    for addr in bad {
        assert_bad_call(verify_call, [addr, free, free, 0]);
        assert_bad_call(verify_call, [free, addr, free, 0]);
        assert_bad_call(verify_call, [free, free, addr, 0]);
        assert_bad_call(recover_call, [addr, free, 0, free]);
        assert_bad_call(recover_call, [free, addr, 0, free]);
        assert_bad_call(recover_call, [free, free, 0, addr]);
    }
    // Output into code, also when the recovery id or the signature is invalid.
    let code = program().entry();
    assert_bad_call(recover_call, [free, free, 0, code]);
    assert_bad_call(recover_call, [free, free, 7, code]);
    assert_bad_call(recover_call, [free, free, u32::MAX, MEM_END - 63]);
}
