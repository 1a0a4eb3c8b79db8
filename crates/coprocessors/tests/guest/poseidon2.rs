//! The Poseidon2 coprocessor from a guest: the SDK (`gluecp_guest::poseidon2`) and the plain
//! twin (the reference with its own copy of the round constants) agree with Plonky3, a
//! non-canonical state is refused through the status and leaves the state untouched, and
//! bad `POSEIDON2_KOALABEAR16` calls stop the guest with a bad-call error.

use super::common::*;
use gluecp_abi::codec::{Decode, Encode};
use gluecp_abi::ecall::coprocessor::{OK, POSEIDON2_KOALABEAR16};
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::poseidon2::WORKLOAD;
use gluecp_vm::VmError;
use p3_field::PrimeField32;
use p3_koala_bear::{KoalaBear, Poseidon2KoalaBear, default_koalabear_poseidon2_16};
use p3_symmetric::{
    CryptographicHasher, PaddingFreeSponge, Permutation, PseudoCompressionFunction,
    TruncatedPermutation,
};

/// The KoalaBear prime.
const P: u32 = 0x7f00_0001;

/// Run `name` in both modes; both must succeed and commit the same journal, returned.
fn run_both(name: &str, body: &[u8]) -> Vec<u8> {
    let (code, journal) = run(name, false, body).unwrap();
    assert_eq!(code, 0, "{name} with the SDK");
    assert_eq!(
        run(name, true, body).unwrap(),
        (0, journal.clone()),
        "{name} plain"
    );
    journal
}

fn elements(values: &[u32]) -> Vec<KoalaBear> {
    values.iter().map(|&x| KoalaBear::new(x)).collect()
}

fn canonical<const N: usize>(elements: [KoalaBear; N]) -> [u32; N] {
    elements.map(|x| x.as_canonical_u32())
}

/// A deterministic sequence of canonical elements.
fn sequence(len: usize, seed: u32) -> Vec<u32> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x % P
        })
        .collect()
}

/// The benchmark's input format: elements as little-endian `u32`s, back to back.
fn le_bytes(elements: &[u32]) -> Vec<u8> {
    elements.iter().flat_map(|x| x.to_le_bytes()).collect()
}

#[test]
fn workload_in_both_modes_matches_native() {
    // Three messages, not the benchmark's thousand: tests run in debug builds.
    let input = le_bytes(&sequence(48, 7));
    assert_eq!(run_both(WORKLOAD.name, &input), (WORKLOAD.native)(&input));
    // With the SDK, more than one of the guest's 64-message batches.
    let input = le_bytes(&sequence(65 * 16, 9));
    let (code, journal) = run(WORKLOAD.name, false, &input).unwrap();
    assert_eq!((code, journal), (0, (WORKLOAD.native)(&input)));
}

#[test]
fn permutation_matches_plonky3() {
    let permutation = default_koalabear_poseidon2_16();
    let mut states: Vec<[u32; 16]> = vec![[0; 16], [P - 1; 16]];
    states.push(sequence(16, 3).try_into().unwrap());
    for state in states {
        let journal = run_both("poseidon2_permute", &state.to_bytes());
        let mut expected: [KoalaBear; 16] = elements(&state).try_into().unwrap();
        permutation.permute_mut(&mut expected);
        assert_eq!(journal, (true, canonical(expected)).to_bytes());
    }
}

#[test]
fn non_canonical_state_is_refused_and_untouched() {
    for (position, bad) in [(0, P), (7, u32::MAX), (15, 1 << 31)] {
        let mut state: [u32; 16] = sequence(16, 5).try_into().unwrap();
        state[position] = bad;
        let (code, journal) = run("poseidon2_permute", false, &state.to_bytes()).unwrap();
        assert_eq!(code, 0);
        assert_eq!(
            <(bool, [u32; 16])>::from_bytes(&journal),
            Ok((false, state))
        );
    }
    // `hash` panics on a non-canonical element.
    let (code, _) = run("poseidon2_hash", false, &vec![1, 2, P].to_bytes()).unwrap();
    assert_eq!(code, PANIC_EXIT_CODE);
}

#[test]
fn hash_matches_padding_free_sponge() {
    let sponge = PaddingFreeSponge::<Poseidon2KoalaBear<16>, 16, 8, 8>::new(
        default_koalabear_poseidon2_16(),
    );
    for len in [0, 1, 7, 8, 9, 16, 17, 24] {
        let input = sequence(len, 11 + len as u32);
        let journal = run_both("poseidon2_hash", &input.to_bytes());
        let expected: [KoalaBear; 8] = sponge.hash_iter(elements(&input));
        assert_eq!(journal, canonical(expected).to_bytes(), "length {len}");
    }
}

#[test]
fn compress_matches_truncated_permutation() {
    let compression = TruncatedPermutation::<Poseidon2KoalaBear<16>, 2, 8, 16>::new(
        default_koalabear_poseidon2_16(),
    );
    let values = sequence(16, 13);
    let (left, right): ([u32; 8], [u32; 8]) = (
        values[..8].try_into().unwrap(),
        values[8..].try_into().unwrap(),
    );
    let journal = run_both("poseidon2_compress", &(left, right).to_bytes());
    let expected = compression.compress([
        elements(&left).try_into().unwrap(),
        elements(&right).try_into().unwrap(),
    ]);
    assert_eq!(journal, canonical(expected).to_bytes());
}

/// A raw `POSEIDON2_KOALABEAR16` call with `args`; its outcome.
fn raw(args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run(
        "raw_ecall",
        false,
        &(POSEIDON2_KOALABEAR16, args).to_bytes(),
    )
}

#[track_caller]
fn assert_bad_call(args: [u32; 4]) {
    match raw(args) {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "poseidon2"),
        other => panic!("{args:x?}: expected a bad poseidon2 call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest: a zero (canonical) state.
    let free = 0x1000_0000;
    assert_eq!(raw([free, 7, 0, 0]).unwrap(), (0, [OK, 7].to_bytes()));

    assert_bad_call([0, 0, 0, 0]); // null state
    for misaligned in [free + 1, free + 2, free + 3] {
        assert_bad_call([misaligned, 0, 0, 0]);
    }
    assert_bad_call([MEM_END - 60, 0, 0, 0]); // state runs past the end of memory
    assert_bad_call([MEM_END, 0, 0, 0]); // state starts past the end
    assert_bad_call([u32::MAX - 3, 0, 0, 0]); // state wraps around
    assert_bad_call([program().entry() & !3, 0, 0, 0]); // state in code
}
