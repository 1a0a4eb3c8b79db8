//! Host-call tests of `KECCAK_F`: known answers, the handler against the reference and the
//! `keccak`/`sha3` crates on seeded random inputs, and every bad operand.

use super::{KeccakF, reference};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha3::Digest;

/// Read-only code occupies `[CODE, CODE + 0x1000)`.
const CODE: u32 = 0x1_0000;
const STATE: u32 = 0x10_0000;
const DATA: u32 = 0x20_0000;

fn memory() -> Memory {
    Memory::new(CODE, 0x1000)
}

fn call(memory: &mut Memory, args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let mut call = Call::new(args, memory);
    KeccakF.execute(&mut call)?;
    Ok(call.results())
}

fn store_state(memory: &mut Memory, addr: u32, state: &[u64; 25]) {
    let bytes: Vec<u8> = state.iter().flat_map(|lane| lane.to_le_bytes()).collect();
    memory
        .write_bytes(addr, 200)
        .unwrap()
        .copy_from_slice(&bytes);
}

fn load_state(memory: &Memory, addr: u32) -> [u64; 25] {
    let bytes = memory.read_bytes(addr, 200).unwrap();
    std::array::from_fn(|i| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap()))
}

/// One call: absorb `data` (placed at `data_addr`) into `state` and permute.
fn absorb_permute(state: &mut [u64; 25], data: &[u8], data_addr: u32) {
    let mut memory = memory();
    store_state(&mut memory, STATE, state);
    let len = data.len() as u32;
    memory
        .write_bytes(data_addr, len)
        .unwrap()
        .copy_from_slice(data);
    assert_eq!(call(&mut memory, [STATE, data_addr, len, 0]), Ok([None; 2]));
    *state = load_state(&memory, STATE);
}

/// Keccak-256 on the handler, the way the guest SDK drives it.
fn keccak256(message: &[u8]) -> [u8; 32] {
    let mut padded = message.to_vec();
    padded.push(0x01);
    padded.resize(padded.len().next_multiple_of(136), 0);
    *padded.last_mut().unwrap() |= 0x80;
    let mut state = [0; 25];
    for block in padded.chunks_exact(136) {
        absorb_permute(&mut state, block, DATA + 3);
    }
    let bytes: Vec<u8> = state.iter().flat_map(|lane| lane.to_le_bytes()).collect();
    bytes[..32].try_into().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn permutation_of_zero_state_matches_known_answer() {
    // Keccak team's KeccakF-1600 intermediate values: lanes 0 and 1 of f(0).
    let permutations: [fn(&mut [u64; 25]); 2] =
        [reference::keccak_f, |state| absorb_permute(state, &[], 0)];
    for f in permutations {
        let mut state = [0; 25];
        f(&mut state);
        assert_eq!(state[..2], [0xF125_8F79_40E1_DDE7, 0x84D5_CCF9_33C0_478A]);
    }
}

#[test]
fn keccak256_known_answers() {
    let vectors: [(&[u8], &str); 3] = [
        (
            b"",
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        ),
        (
            b"abc",
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        ),
        (
            b"The quick brown fox jumps over the lazy dog",
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
        ),
    ];
    for (message, digest) in vectors {
        assert_eq!(hex(&keccak256(message)), digest);
        assert_eq!(hex(&reference::keccak256(message)), digest);
    }
}

#[test]
fn random_calls_match_reference_and_crate() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6b65_6363);
    for _ in 0..200 {
        let state: [u64; 25] = std::array::from_fn(|_| rng.random());
        let len = 8 * rng.random_range(0..=25);
        let data: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let mut ours = state;
        absorb_permute(&mut ours, &data, DATA + rng.random_range(0..8));
        let mut spec = state;
        reference::absorb_permute(&mut spec, &data);
        let mut theirs = state;
        for (lane, bytes) in theirs.iter_mut().zip(data.chunks_exact(8)) {
            *lane ^= u64::from_le_bytes(bytes.try_into().unwrap());
        }
        keccak::f1600(&mut theirs);
        assert_eq!(ours, spec, "absorbing {len} bytes");
        assert_eq!(ours, theirs, "absorbing {len} bytes");
    }
}

#[test]
fn random_messages_hash_like_sha3_crate() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6b32_3536);
    let lens = [0, 1, 7, 8, 135, 136, 137, 271, 272, 273, 1000];
    let random_lens: Vec<usize> = (0..20).map(|_| rng.random_range(0..700)).collect();
    for len in lens.into_iter().chain(random_lens) {
        let message: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let expected: [u8; 32] = sha3::Keccak256::digest(&message).into();
        assert_eq!(keccak256(&message), expected, "{len} bytes");
        assert_eq!(reference::keccak256(&message), expected, "{len} bytes");
    }
}

#[test]
fn pure_permutation_ignores_data_pointer() {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[7; 25]);
    for data in [0, u32::MAX, CODE] {
        call(&mut memory, [STATE, data, 0, 0]).unwrap();
    }
    let mut expected = [7; 25];
    (0..3).for_each(|_| keccak::f1600(&mut expected));
    assert_eq!(load_state(&memory, STATE), expected);
}

#[test]
fn data_may_overlap_state_and_lie_in_code() {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[3; 25]);
    // Absorbing the state into itself: the data is read before anything is written.
    call(&mut memory, [STATE, STATE, 200, 0]).unwrap();
    let mut expected = [0; 25];
    keccak::f1600(&mut expected);
    assert_eq!(load_state(&memory, STATE), expected);
    call(&mut memory, [STATE, CODE, 136, 0]).unwrap();
}

/// A bad call: the error names `operand`, and the state in memory is untouched.
#[track_caller]
fn assert_bad(args: [u32; 4], operand: &str) {
    let mut memory = memory();
    store_state(&mut memory, STATE, &[5; 25]);
    let error = call(&mut memory, args).unwrap_err();
    let named = match &error {
        CallError::Memory { operand, .. } | CallError::Invalid { operand, .. } => *operand,
    };
    assert_eq!(named, operand, "{error}");
    assert_eq!(load_state(&memory, STATE), [5; 25]);
}

#[test]
fn bad_state_pointers_are_refused() {
    assert_bad([0, DATA, 8, 0], "state");
    for misaligned in [STATE + 1, STATE + 2, STATE + 3] {
        assert_bad([misaligned, DATA, 8, 0], "state");
    }
    assert_bad([MEM_END - 196, DATA, 0, 0], "state");
    assert_bad([u32::MAX - 3, DATA, 0, 0], "state");
    assert_bad([CODE, DATA, 0, 0], "state");
    assert_bad([CODE + 0x1000 - 8, DATA, 0, 0], "state");
    let mut memory = memory();
    let error = call(&mut memory, [CODE + 4, 0, 0, 0]).unwrap_err();
    assert!(
        matches!(error, CallError::Memory { error, .. } if error.fault == MemoryFault::WriteToCode)
    );
}

#[test]
fn bad_data_and_lengths_are_refused() {
    assert_bad([STATE, 0, 8, 0], "data");
    assert_bad([STATE, MEM_END - 135, 136, 0], "data");
    assert_bad([STATE, u32::MAX, 8, 0], "data");
    for len in [1, 7, 137, 208, u32::MAX, u32::MAX - 7, 1 << 31] {
        assert_bad([STATE, DATA, len, 0], "length");
    }
}
