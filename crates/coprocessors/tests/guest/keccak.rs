//! The Keccak coprocessor from a guest: the SDK (`gluecp_guest::keccak`) and the plain
//! twin agree with the host's `sha3`, and bad `KECCAK_F` calls stop the guest with a
//! bad-call error, never a host panic.

use super::common::*;
use gluecp_abi::codec::Encode;
use gluecp_abi::ecall::coprocessor::KECCAK_F;
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::keccak::WORKLOAD;
use gluecp_vm::VmError;
use sha3::Digest;

fn keccak256(message: &[u8]) -> Vec<u8> {
    sha3::Keccak256::digest(message).to_vec()
}

#[test]
fn workload_in_both_modes_matches_native() {
    let mut message: Vec<u8> = (0..2000u32).map(|i| (i * 7 + i / 13) as u8).collect();
    for len in [0, 135, 136, 2000] {
        message.truncate(len);
        for plain in [false, true] {
            let (code, journal) = run(WORKLOAD.name, plain, &message).unwrap();
            assert_eq!(code, 0);
            assert_eq!(
                journal,
                (WORKLOAD.native)(&message),
                "{len} bytes, plain {plain}"
            );
        }
    }
}

#[test]
fn sdk_hashes_any_length_alignment_and_split() {
    let message: Vec<u8> = (0..700u32).map(|i| (i * 31 + 5) as u8).collect();
    let cases = [
        (0, 0, 1),
        (1, 1, 1),
        (135, 2, 7),
        (136, 3, 136),
        (137, 1, 135),
        (271, 0, 200),
        (272, 2, 1),
        (700, 3, 137),
    ];
    for (len, offset, piece) in cases {
        let message = &message[..len];
        let body = (message.to_vec(), offset as u32, piece as u32).to_bytes();
        let (code, journal) = run("keccak_hash", false, &body).unwrap();
        assert_eq!(code, 0);
        assert_eq!(
            journal,
            keccak256(message).repeat(3),
            "{len} bytes at +{offset}"
        );
    }
}

#[test]
fn sdk_permutes_and_absorbs() {
    let state: [u64; 25] = std::array::from_fn(|i| (i as u64 + 1) * 0x0123_4567_89ab_cdef);
    for len in [0, 8, 136, 200] {
        let data: Vec<u8> = (0..len as u8).collect();
        let (code, journal) =
            run("keccak_permute", false, &(state, data.clone()).to_bytes()).unwrap();
        assert_eq!(code, 0);
        let mut expected = state;
        for (lane, bytes) in expected.iter_mut().zip(data.chunks_exact(8)) {
            *lane ^= u64::from_le_bytes(bytes.try_into().unwrap());
        }
        keccak::f1600(&mut expected);
        assert_eq!(journal, expected.to_bytes(), "absorbing {len} bytes");
    }
    // The SDK refuses a length the call cannot take: a guest panic, not a bad call.
    let (code, _) = run("keccak_permute", false, &(state, vec![0u8; 7]).to_bytes()).unwrap();
    assert_eq!(code, PANIC_EXIT_CODE);
}

/// A raw `KECCAK_F` call with `args`; its outcome.
fn raw(args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run("raw_ecall", false, &(KECCAK_F, args).to_bytes())
}

#[track_caller]
fn assert_bad_call(args: [u32; 4]) {
    match raw(args) {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "keccak"),
        other => panic!("{args:x?}: expected a bad keccak call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest: a valid state and data.
    let free = 0x1000_0000;
    assert_eq!(raw([free, 0, 0, 0]).unwrap(), (0, [free, 0].to_bytes()));
    assert_eq!(raw([free, free + 1, 136, 0]).unwrap().0, 0);

    assert_bad_call([0, 0, 0, 0]); // null state
    for misaligned in [free + 1, free + 2, free + 3] {
        assert_bad_call([misaligned, 0, 0, 0]);
    }
    assert_bad_call([MEM_END - 196, 0, 0, 0]); // state runs past the end of memory
    assert_bad_call([u32::MAX - 3, 0, 0, 0]); // state wraps around
    assert_bad_call([program().entry() & !3, 0, 0, 0]); // state in code
    assert_bad_call([free, 0, 8, 0]); // null data
    assert_bad_call([free, MEM_END - 8, 16, 0]); // data runs past the end
    assert_bad_call([free, u32::MAX - 7, 16, 0]); // data wraps around
    for len in [4, 201, 208, u32::MAX - 7] {
        assert_bad_call([free, free, len, 0]); // length not a multiple of 8 up to 200
    }
}
