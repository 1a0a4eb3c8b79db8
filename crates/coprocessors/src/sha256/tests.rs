//! Host-call tests of `SHA256_COMPRESS`: FIPS 180-4 known answers, the handler against the
//! reference and `sha2` on seeded random inputs, and every bad operand.

use super::{Sha256Compress, reference};
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::Digest;

/// Read-only code occupies `[CODE, CODE + 0x1000)`.
const CODE: u32 = 0x1_0000;
const STATE: u32 = 0x10_0000;
const BLOCKS: u32 = 0x20_0000;

fn memory() -> Memory {
    Memory::new(CODE, 0x1000)
}

fn call(memory: &mut Memory, args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let mut call = Call::new(args, memory);
    Sha256Compress.execute(&mut call)?;
    Ok(call.results())
}

fn store_state(memory: &mut Memory, addr: u32, state: &[u32; 8]) {
    let bytes: Vec<u8> = state.iter().flat_map(|word| word.to_le_bytes()).collect();
    memory
        .write_bytes(addr, 32)
        .unwrap()
        .copy_from_slice(&bytes);
}

fn load_state(memory: &Memory, addr: u32) -> [u32; 8] {
    let bytes = memory.read_bytes(addr, 32).unwrap();
    std::array::from_fn(|i| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()))
}

/// One call compressing all of `blocks` (placed at `blocks_addr`) into `state`.
fn compress(state: &mut [u32; 8], blocks: &[u8], blocks_addr: u32) {
    assert!(blocks.len().is_multiple_of(64));
    let mut memory = memory();
    store_state(&mut memory, STATE, state);
    let len = blocks.len() as u32;
    memory
        .write_bytes(blocks_addr, len)
        .unwrap()
        .copy_from_slice(blocks);
    assert_eq!(
        call(&mut memory, [STATE, blocks_addr, len / 64, 0]),
        Ok([None; 2])
    );
    *state = load_state(&memory, STATE);
}

/// SHA-256 on the handler: every block of the padded message in one call.
fn sha256(message: &[u8]) -> [u8; 32] {
    let mut padded = message.to_vec();
    padded.push(0x80);
    padded.resize((padded.len() + 8).next_multiple_of(64) - 8, 0);
    padded.extend_from_slice(&(message.len() as u64 * 8).to_be_bytes());
    let mut state = reference::initial_state();
    compress(&mut state, &padded, BLOCKS + 1);
    let bytes: Vec<u8> = state.iter().flat_map(|word| word.to_be_bytes()).collect();
    bytes.try_into().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn constants_match_fips_180_4() {
    let h0 = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    assert_eq!(reference::initial_state(), h0);
}

#[test]
fn fips_180_4_known_answers() {
    let a_million_as = vec![b'a'; 1_000_000];
    let vectors: [(&[u8], &str); 5] = [
        (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        ),
        (
            b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
        ),
        (
            &a_million_as,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        ),
    ];
    for (message, digest) in vectors {
        assert_eq!(hex(&sha256(message)), digest, "{} bytes", message.len());
        assert_eq!(
            hex(&reference::sha256(message)),
            digest,
            "{} bytes",
            message.len()
        );
    }
}

#[test]
fn random_calls_match_reference_and_crate() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x7368_6132);
    for _ in 0..100 {
        let state: [u32; 8] = std::array::from_fn(|_| rng.random());
        let count = rng.random_range(0..6);
        let blocks: Vec<u8> = (0..64 * count).map(|_| rng.random()).collect();
        let mut ours = state;
        compress(&mut ours, &blocks, BLOCKS + rng.random_range(0..4));
        let mut spec = state;
        for block in blocks.as_chunks::<64>().0 {
            reference::compress(&mut spec, block);
        }
        let mut theirs = state;
        for block in blocks.chunks_exact(64) {
            sha2::compress256(&mut theirs, &[*GenericArrayBlock::from_slice(block)]);
        }
        assert_eq!(ours, spec, "{count} blocks");
        assert_eq!(ours, theirs, "{count} blocks");
    }
}

type GenericArrayBlock = sha2::digest::generic_array::GenericArray<u8, sha2::digest::consts::U64>;

#[test]
fn random_messages_hash_like_sha2_crate() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x7332_3536);
    let lens = [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000];
    let random_lens: Vec<usize> = (0..20).map(|_| rng.random_range(0..700)).collect();
    for len in lens.into_iter().chain(random_lens) {
        let message: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let expected: [u8; 32] = sha2::Sha256::digest(&message).into();
        assert_eq!(sha256(&message), expected, "{len} bytes");
        assert_eq!(reference::sha256(&message), expected, "{len} bytes");
    }
}

#[test]
fn zero_blocks_leave_the_state_and_ignore_the_pointer() {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[9; 8]);
    for blocks in [0, u32::MAX, CODE] {
        call(&mut memory, [STATE, blocks, 0, 0]).unwrap();
    }
    assert_eq!(load_state(&memory, STATE), [9; 8]);
}

#[test]
fn blocks_may_overlap_state_and_lie_in_code() {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[1; 8]);
    let block: Vec<u8> = memory.read_bytes(STATE, 64).unwrap().to_vec();
    call(&mut memory, [STATE, STATE, 1, 0]).unwrap();
    let mut expected = [1; 8];
    reference::compress(&mut expected, block.as_slice().try_into().unwrap());
    assert_eq!(load_state(&memory, STATE), expected);
    call(&mut memory, [STATE, CODE, 64, 0]).unwrap();
}

/// A bad call: the error names `operand`, and the state in memory is untouched.
#[track_caller]
fn assert_bad(args: [u32; 4], operand: &str) {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[5; 8]);
    let error = call(&mut memory, args).unwrap_err();
    let named = match &error {
        CallError::Memory { operand, .. } | CallError::Invalid { operand, .. } => *operand,
    };
    assert_eq!(named, operand, "{error}");
    assert_eq!(load_state(&memory, STATE), [5; 8]);
}

#[test]
fn bad_state_pointers_are_refused() {
    assert_bad([0, BLOCKS, 1, 0], "state");
    for misaligned in [STATE + 1, STATE + 2, STATE + 3] {
        assert_bad([misaligned, BLOCKS, 1, 0], "state");
    }
    assert_bad([MEM_END - 28, BLOCKS, 0, 0], "state");
    assert_bad([u32::MAX - 3, BLOCKS, 0, 0], "state");
    assert_bad([CODE, BLOCKS, 1, 0], "state");
    let mut memory = memory();
    let error = call(&mut memory, [CODE + 0x1000 - 4, BLOCKS, 0, 0]).unwrap_err();
    assert!(
        matches!(error, CallError::Memory { error, .. } if error.fault == MemoryFault::WriteToCode)
    );
}

#[test]
fn bad_blocks_and_counts_are_refused() {
    assert_bad([STATE, 0, 1, 0], "blocks");
    assert_bad([STATE, MEM_END - 127, 2, 0], "blocks");
    assert_bad([STATE, u32::MAX, 1, 0], "blocks");
    let most = MAX_TRANSFER / 64;
    // 64 × 2^26 wraps to 0 and 64 × (2^26 + 1) to 64: overflow must not pass as small.
    for count in [most + 1, 1 << 26, (1 << 26) + 1, u32::MAX] {
        assert_bad([STATE, BLOCKS, count, 0], "count");
    }
    // The largest count is accepted (a 16 MiB read of zero memory).
    call(&mut memory(), [STATE, BLOCKS, most, 0]).unwrap();
}

#[test]
fn work_counts_blocks() {
    let mut memory = memory();
    for (count, work) in [
        (0, 0),
        (1, 1),
        (256, 256),
        (MAX_TRANSFER / 64 + 1, 1),
        (u32::MAX, 1),
    ] {
        let call = Call::new([STATE, BLOCKS, count, 0], &mut memory);
        assert_eq!(Sha256Compress.work(&call), work, "{count} blocks");
    }
}
