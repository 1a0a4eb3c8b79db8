//! The Ed25519 coprocessor from a guest: the workload in both modes (SDK, and
//! `ed25519-dalek` compiled to RISC-V) gives the host's answer, the SDK's `verify` handles
//! the edge cases as the host does, and bad calls stop the guest with a bad-call error,
//! never a host panic.

use super::common::*;
use ed25519_dalek::{Signer, SigningKey};
use gluecp_abi::codec::Encode;
use gluecp_abi::ecall::coprocessor::{ED25519_VERIFY, INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::ed25519::{WORKLOAD, verify};
use gluecp_vm::VmError;

fn hex<const N: usize>(digits: &str) -> [u8; N] {
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

/// The workload input's records, each as its bytes.
fn records(mut input: &[u8]) -> Vec<&[u8]> {
    let mut records = Vec::new();
    while !input.is_empty() {
        let len = u32::from_le_bytes(input[96..100].try_into().unwrap()) as usize;
        let (record, rest) = input.split_at(100 + len);
        records.push(record);
        input = rest;
    }
    records
}

#[test]
fn workload_in_both_modes_matches_native() {
    // Records 0 and 1 (valid) and 7 (altered message) of the benchmark input.
    let input = (WORKLOAD.input)();
    let all = records(&input);
    assert_eq!(all.len(), 100);
    let picked: Vec<u8> = [0, 1, 7].iter().flat_map(|&i| all[i].to_vec()).collect();
    let expected = (WORKLOAD.native)(&picked);
    assert_eq!(expected, [0, 0, 1]);
    for plain in [false, true] {
        let result = run(WORKLOAD.name, plain, &picked).unwrap();
        assert_eq!(result, (0, expected.clone()), "plain {plain}");
    }
}

#[test]
fn sdk_verify_edge_cases_match_the_host_in_both_modes() {
    // RFC 8032 section 7.1, test 2.
    let public = hex::<32>("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    let signature = hex::<64>(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
         085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    );
    // s + ℓ: the same equation, a non-canonical scalar.
    let mut malleated = signature;
    let order = hex::<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(malleated[32 + i]) + u16::from(order[i]) + carry;
        malleated[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    let identity = hex::<32>("0100000000000000000000000000000000000000000000000000000000000000");
    let key = SigningKey::from_bytes(&[6; 32]);
    let long: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
    let cases = [
        (public, signature, vec![0x72], OK),
        (public, signature, vec![0x73], INVALID),
        (public, malleated, vec![0x72], INVALID),
        (identity, signature, vec![0x72], INVALID),
        (
            key.verifying_key().to_bytes(),
            key.sign(&long).to_bytes(),
            long.clone(),
            OK,
        ),
        (
            key.verifying_key().to_bytes(),
            key.sign(&[]).to_bytes(),
            Vec::new(),
            OK,
        ),
    ];
    for (key, signature, message, status) in cases {
        assert_eq!(verify(&key, &signature, &message), status);
        let body = (key, signature, message).to_bytes();
        for plain in [false, true] {
            let (code, journal) = run("ed25519_verify", plain, &body).unwrap();
            assert_eq!((code, journal), (0, status.to_bytes()), "plain {plain}");
        }
    }
}

/// A raw `ED25519_VERIFY` call with `args`; its outcome.
fn raw(args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run("raw_ecall", false, &(ED25519_VERIFY, args).to_bytes())
}

#[track_caller]
fn assert_bad_call(args: [u32; 4]) {
    match raw(args) {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "ed25519"),
        other => panic!("{args:x?}: expected a bad ed25519 call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Free memory in the middle of the heap: zeros, which do not verify. Byte operands need
    // no alignment, and an empty message may have any pointer.
    let free = 0x1000_0000;
    let status = |args| raw(args).unwrap().1[..4].to_vec();
    assert_eq!(
        status([free + 1, free + 2, free + 3, 100]),
        INVALID.to_bytes()
    );
    assert_eq!(status([free, free, 0, 0]), INVALID.to_bytes());
    assert_eq!(status([free, free, u32::MAX, 0]), INVALID.to_bytes());

    for addr in [0, MEM_END - 8, MEM_END, u32::MAX - 3] {
        assert_bad_call([addr, free, free, 16]);
        assert_bad_call([free, addr, free, 16]);
        assert_bad_call([free, free, addr, 16]);
    }
    // Message lengths past the end of memory, or wrapping around the address space.
    assert_bad_call([free, free, free, MEM_END - free + 1]);
    assert_bad_call([free, free, free, u32::MAX]);
    assert_bad_call([free, free, MEM_END - 1, 2]);
}
