//! The SHA-256 coprocessor from a guest: the SDK (`gluecp_guest::sha256`) and the plain
//! twin agree with the host's `sha2`, and bad `SHA256_COMPRESS` calls stop the guest with
//! a bad-call error, never a host panic.

use super::common::*;
use gluecp_abi::codec::Encode;
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::SHA256_COMPRESS;
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::sha256::WORKLOAD;
use gluecp_vm::VmError;
use sha2::Digest;

#[test]
fn workload_in_both_modes_matches_native() {
    let mut message: Vec<u8> = (0..2000u32).map(|i| (i * 7 + i / 13) as u8).collect();
    for len in [0, 55, 64, 2000] {
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
        (55, 2, 7),
        (56, 3, 64),
        (63, 1, 63),
        (64, 0, 65),
        (65, 2, 1),
        (119, 3, 200),
        (128, 1, 64),
        (700, 3, 100),
    ];
    for (len, offset, piece) in cases {
        let message = &message[..len];
        let body = (message.to_vec(), offset as u32, piece as u32).to_bytes();
        let (code, journal) = run("sha256_hash", false, &body).unwrap();
        assert_eq!(code, 0);
        let expected = sha2::Sha256::digest(message).to_vec();
        assert_eq!(journal, expected.repeat(3), "{len} bytes at +{offset}");
    }
}

#[test]
fn sdk_compresses_many_blocks_in_one_call() {
    let state: [u32; 8] = std::array::from_fn(|i| (i as u32 + 1) * 0x0101_0101);
    for count in [0, 1, 5] {
        let blocks: Vec<u8> = (0..64 * count).map(|i| (i * 3) as u8).collect();
        let body = (state, blocks.clone()).to_bytes();
        let (code, journal) = run("sha256_compress", false, &body).unwrap();
        assert_eq!(code, 0);
        let mut expected = state;
        for block in blocks.chunks_exact(64) {
            sha2::compress256(
                &mut expected,
                &[*sha2::digest::generic_array::GenericArray::from_slice(
                    block,
                )],
            );
        }
        assert_eq!(journal, expected.to_bytes(), "{count} blocks");
    }
    // The SDK refuses a partial block: a guest panic, not a bad call.
    let (code, _) = run("sha256_compress", false, &(state, vec![0u8; 65]).to_bytes()).unwrap();
    assert_eq!(code, PANIC_EXIT_CODE);
}

/// A raw `SHA256_COMPRESS` call with `args`; its outcome.
fn raw(args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run("raw_ecall", false, &(SHA256_COMPRESS, args).to_bytes())
}

#[track_caller]
fn assert_bad_call(args: [u32; 4]) {
    match raw(args) {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "sha256"),
        other => panic!("{args:x?}: expected a bad sha256 call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest: a valid state and blocks.
    let free = 0x1000_0000;
    assert_eq!(raw([free, 0, 0, 0]).unwrap(), (0, [free, 0].to_bytes()));
    assert_eq!(raw([free, free + 1, 2, 0]).unwrap().0, 0);

    assert_bad_call([0, 0, 0, 0]); // null state
    for misaligned in [free + 1, free + 2, free + 3] {
        assert_bad_call([misaligned, 0, 0, 0]);
    }
    assert_bad_call([MEM_END - 28, 0, 0, 0]); // state runs past the end of memory
    assert_bad_call([u32::MAX - 3, 0, 0, 0]); // state wraps around
    assert_bad_call([program().entry() & !3, 0, 0, 0]); // state in code
    assert_bad_call([free, 0, 1, 0]); // null blocks
    assert_bad_call([free, MEM_END - 64, 2, 0]); // blocks run past the end
    assert_bad_call([free, u32::MAX - 63, 1, 0]); // blocks wrap around
    // Counts whose byte length exceeds the limit, or wraps to 0 or 64 in 32 bits.
    for count in [MAX_TRANSFER / 64 + 1, 1 << 26, (1 << 26) + 1, u32::MAX] {
        assert_bad_call([free, free, count, 0]);
    }
}
