//! Host-call tests of `POSEIDON2_KOALABEAR16`: a pinned known answer, the handler against
//! the reference and the crate on seeded random states, the sponge and compression built
//! on the handler against `p3-symmetric`, non-canonical elements, and every bad operand.

use super::reference::{self, P, RATE, RoundConstants, WIDTH};
use super::{PERMUTATION, Poseidon2};
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use p3_field::PrimeField32;
use p3_koala_bear::{
    KOALABEAR_POSEIDON2_RC_16_EXTERNAL_FINAL, KOALABEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL,
    KOALABEAR_POSEIDON2_RC_16_INTERNAL, KoalaBear, Poseidon2KoalaBear,
};
use p3_symmetric::{
    CryptographicHasher, PaddingFreeSponge, Permutation, PseudoCompressionFunction,
    TruncatedPermutation,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// See [`pinned_known_answer`].
const PINNED: [u32; WIDTH] = [
    1259554834, 663463928, 1989430097, 476523442, 836740795, 1803459961, 1229318262, 2023956904,
    2054405130, 1556655036, 1455339712, 1471465890, 423337459, 353979748, 1203410294, 1592576868,
];

/// Read-only code occupies `[CODE, CODE + 0x1000)`.
const CODE: u32 = 0x1_0000;
const STATE: u32 = 0x10_0000;

/// The round constants of Plonky3's `default_koalabear_poseidon2_16`.
fn plonky3_constants() -> RoundConstants {
    let canonical = |row: &[KoalaBear; WIDTH]| row.map(|x| x.as_canonical_u32());
    RoundConstants {
        initial: KOALABEAR_POSEIDON2_RC_16_EXTERNAL_INITIAL.map(|row| canonical(&row)),
        internal: KOALABEAR_POSEIDON2_RC_16_INTERNAL.map(|x| x.as_canonical_u32()),
        terminal: KOALABEAR_POSEIDON2_RC_16_EXTERNAL_FINAL.map(|row| canonical(&row)),
    }
}

fn crate_permute(state: &[u32; WIDTH]) -> [u32; WIDTH] {
    let mut elements = state.map(KoalaBear::new);
    PERMUTATION.permute_mut(&mut elements);
    elements.map(|x| x.as_canonical_u32())
}

fn memory() -> Memory {
    Memory::new(CODE, 0x1000)
}

fn store(memory: &mut Memory, addr: u32, state: &[u32; WIDTH]) {
    let bytes: Vec<u8> = state.iter().flat_map(|x| x.to_le_bytes()).collect();
    memory
        .write_bytes(addr, 64)
        .unwrap()
        .copy_from_slice(&bytes);
}

fn load(memory: &Memory, addr: u32) -> [u32; WIDTH] {
    let bytes = memory.read_bytes(addr, 64).unwrap();
    std::array::from_fn(|i| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()))
}

fn call(memory: &mut Memory, args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let mut call = Call::new(args, memory);
    Poseidon2.execute(&mut call)?;
    Ok(call.results())
}

/// One call on `state`; returns the status.
fn handler_permute(state: &mut [u32; WIDTH]) -> u32 {
    let mut memory = memory();
    store(&mut memory, STATE, state);
    let [status, a1] = call(&mut memory, [STATE, 0, 0, 0]).unwrap();
    assert_eq!(a1, None);
    *state = load(&memory, STATE);
    status.unwrap()
}

fn random_state(rng: &mut ChaCha8Rng) -> [u32; WIDTH] {
    std::array::from_fn(|_| rng.random_range(0..P))
}

/// The permutation of the state `[0, 1, ..., 15]`, pinned when this coprocessor was
/// written (computed by the Plonky3 crate and by the reference, which agreed): if a
/// dependency update ever changes the instance, the prover's commitments and every guest's
/// Poseidon2 hashes change with it, and this test says so.
#[test]
fn pinned_known_answer() {
    let input: [u32; WIDTH] = std::array::from_fn(|i| i as u32);
    let expected = PINNED;
    let mut state = input;
    assert_eq!(handler_permute(&mut state), OK);
    assert_eq!(state, expected, "handler");
    assert_eq!(crate_permute(&input), expected, "crate");
    let mut state = input;
    reference::permute(&mut state, &plonky3_constants());
    assert_eq!(state, expected, "reference");
}

#[test]
fn random_states_match_reference_and_crate() {
    let constants = plonky3_constants();
    let mut rng = ChaCha8Rng::seed_from_u64(16);
    let edges = [
        [0; WIDTH],
        [P - 1; WIDTH],
        std::array::from_fn(|i| i as u32),
    ];
    let random = (0..100).map(|_| random_state(&mut rng));
    for input in edges.into_iter().chain(random) {
        let mut by_handler = input;
        assert_eq!(handler_permute(&mut by_handler), OK);
        let mut by_reference = input;
        reference::permute(&mut by_reference, &constants);
        assert_eq!(by_handler, crate_permute(&input), "input {input:?}");
        assert_eq!(by_reference, by_handler, "input {input:?}");
    }
}

/// The SDK's sponge, driven through the handler.
fn handler_hash(input: &[u32]) -> [u32; RATE] {
    let mut state = [0; WIDTH];
    for chunk in input.chunks(RATE) {
        state[..chunk.len()].copy_from_slice(chunk);
        assert_eq!(handler_permute(&mut state), OK);
    }
    state[..RATE].try_into().unwrap()
}

#[test]
fn sponge_and_compression_match_p3_symmetric() {
    let constants = plonky3_constants();
    let sponge = PaddingFreeSponge::<Poseidon2KoalaBear<16>, 16, 8, 8>::new(PERMUTATION.clone());
    let compression =
        TruncatedPermutation::<Poseidon2KoalaBear<16>, 2, 8, 16>::new(PERMUTATION.clone());
    let canonical = |digest: [KoalaBear; RATE]| digest.map(|x| x.as_canonical_u32());
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for len in (0..=33).chain([64, 100]) {
        let input: Vec<u32> = (0..len).map(|_| rng.random_range(0..P)).collect();
        let expected = canonical(sponge.hash_iter(input.iter().map(|&x| KoalaBear::new(x))));
        assert_eq!(handler_hash(&input), expected, "length {len}");
        assert_eq!(
            reference::hash(&input, &constants),
            expected,
            "length {len}"
        );
    }
    assert_eq!(reference::hash(&[], &constants), [0; RATE]);
    for _ in 0..20 {
        let left: [u32; RATE] = std::array::from_fn(|_| rng.random_range(0..P));
        let right: [u32; RATE] = std::array::from_fn(|_| rng.random_range(0..P));
        let expected =
            canonical(compression.compress([left.map(KoalaBear::new), right.map(KoalaBear::new)]));
        assert_eq!(reference::compress(&left, &right, &constants), expected);
        let mut state = [0; WIDTH];
        state[..RATE].copy_from_slice(&left);
        state[RATE..].copy_from_slice(&right);
        assert_eq!(handler_permute(&mut state), OK);
        assert_eq!(state[..RATE], expected);
    }
}

#[test]
fn non_canonical_elements_are_invalid_and_leave_state_untouched() {
    let mut rng = ChaCha8Rng::seed_from_u64(31);
    for position in 0..WIDTH {
        for bad in [P, P + 1, u32::MAX, 1 << 31] {
            let mut state = random_state(&mut rng);
            state[position] = bad;
            let before = state;
            assert_eq!(handler_permute(&mut state), INVALID);
            assert_eq!(state, before);
        }
    }
}

/// A bad call: the error names the state and is a memory fault of kind `fault`.
#[track_caller]
fn assert_bad(addr: u32, fault: MemoryFault) {
    let mut memory = memory();
    let error = call(&mut memory, [addr, 0, 0, 0]).unwrap_err();
    assert!(
        matches!(&error, CallError::Memory { operand: "state", error } if error.fault == fault),
        "{error}"
    );
}

#[test]
fn bad_state_pointers_are_refused() {
    assert_bad(0, MemoryFault::Unmapped);
    for misaligned in [STATE + 1, STATE + 2, STATE + 3, u32::MAX] {
        assert_bad(misaligned, MemoryFault::Misaligned);
    }
    assert_bad(MEM_END - 60, MemoryFault::Unmapped);
    assert_bad(MEM_END, MemoryFault::Unmapped);
    assert_bad(u32::MAX - 3, MemoryFault::Unmapped);
    assert_bad(CODE, MemoryFault::WriteToCode);
    assert_bad(CODE + 0x1000 - 4, MemoryFault::WriteToCode);
    // The last 64 bytes of memory are a valid state (all zero: canonical).
    let mut memory = memory();
    assert_eq!(
        call(&mut memory, [MEM_END - 64, 0, 0, 0]),
        Ok([Some(OK), None])
    );
}
