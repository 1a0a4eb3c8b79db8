//! The matmul coprocessor from a guest: the SDK (`gluecp_guest::matmul`) and the plain twin
//! agree with the textbook product, mismatched dimensions panic in the guest, and bad
//! `MATMUL_I8` calls stop the guest with a bad-call error, never a host panic.

use super::common::*;
use gluecp_abi::codec::Encode;
use gluecp_abi::ecall::coprocessor::MATMUL_I8;
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::matmul::WORKLOAD;
use gluecp_vm::VmError;

/// Run the guest on `name` (SDK mode unless `plain`) with `body` after the header; the
/// exit code, journal and stderr.
fn run(name: &str, plain: bool, body: &[u8]) -> Result<(u32, Vec<u8>, String), VmError> {
    run_outcome(name, plain, body).map(|o| (o.code, o.journal, o.stderr))
}

/// A deterministic `len`-entry matrix covering the whole `i8` range.
fn matrix(len: usize, seed: u32) -> Vec<i8> {
    (0..len as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761).wrapping_add(seed) >> 13) as i8)
        .collect()
}

fn textbook(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    let entry = |i: usize, j: usize| {
        (0..k)
            .map(|p| i32::from(a[i * k + p]) * i32::from(b[p * n + j]))
            .sum::<i32>()
    };
    (0..m * n).map(|ij| entry(ij / n, ij % n)).collect()
}

#[test]
fn workload_in_both_modes_matches_native() {
    for (m, k, n) in [(3, 5, 7), (5, 9, 260), (1, 1, 1), (2, 0, 3)] {
        let (a, b) = (matrix(m * k, 1), matrix(k * n, 2));
        let mut input: Vec<u8> = [m, k, n]
            .iter()
            .flat_map(|&d| (d as u32).to_le_bytes())
            .collect();
        input.extend(a.iter().chain(&b).map(|&x| x as u8));
        let native = (WORKLOAD.native)(&input);
        let want: Vec<u8> = textbook(&a, &b, m, k, n)
            .iter()
            .flat_map(|c| c.to_le_bytes())
            .collect();
        assert_eq!(native, want, "native {m}×{k}×{n}");
        for plain in [false, true] {
            let (code, journal, stderr) = run(WORKLOAD.name, plain, &input).unwrap();
            assert_eq!(code, 0, "{stderr}");
            assert_eq!(journal, want, "{m}×{k}×{n}, plain {plain}");
        }
    }
}

/// A `matmul_cases` product: `(m, k, n, A, B)`.
type Case = (u32, u32, u32, Vec<i8>, Vec<i8>);

#[test]
fn sdk_handles_edge_shapes_and_extremes() {
    let mut cases: Vec<Case> = Vec::new();
    for (m, k, n) in [
        (0, 0, 0),
        (0, 3, 2),
        (2, 3, 0),
        (3, 0, 2),
        (1, 1, 1),
        (4, 7, 1),
        (1, 7, 4),
    ] {
        cases.push((
            m,
            k,
            n,
            matrix((m * k) as usize, 3),
            matrix((k * n) as usize, 4),
        ));
    }
    // Extremes: (-128)·(-128) summed 1000 times, and the mixed signs.
    let k = 1000;
    let a: Vec<i8> = [-128i8, 127].iter().flat_map(|&x| vec![x; k]).collect();
    let b: Vec<i8> = (0..k).flat_map(|_| [-128i8, 127]).collect();
    cases.push((2, k as u32, 2, a, b));
    let mut want = Vec::new();
    for (m, k, n, a, b) in &cases {
        textbook(a, b, *m as usize, *k as usize, *n as usize).encode(&mut want);
    }
    for plain in [false, true] {
        let (code, journal, stderr) = run("matmul_cases", plain, &cases.to_bytes()).unwrap();
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(journal, want, "plain {plain}");
    }
    let k = k as i32;
    assert_eq!(
        textbook(&cases[7].3, &cases[7].4, 2, 1000, 2),
        [16384 * k, -16256 * k, -16256 * k, 16129 * k]
    );
}

#[test]
fn sdk_panics_on_mismatched_dimensions() {
    let cases = vec![(2u32, 3u32, 2u32, vec![0i8; 5], vec![0i8; 6])];
    let (code, _, stderr) = run("matmul_cases", false, &cases.to_bytes()).unwrap();
    assert_eq!(code, PANIC_EXIT_CODE);
    assert!(
        stderr.contains("matmul_i8: A has 5 entries, not 2×3"),
        "{stderr}"
    );
}

#[track_caller]
fn assert_bad_call(outcome: Result<(u32, Vec<u8>, String), VmError>) {
    match outcome {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "matmul"),
        other => panic!("expected a bad matmul call, got {other:?}"),
    }
}

/// A raw call with dimensions `dims` in guest memory and pointers `[c, a, b]`.
fn raw(dims: [u32; 3], pointers: [u32; 3]) -> Result<(u32, Vec<u8>, String), VmError> {
    run("matmul_raw", false, &(dims, pointers).to_bytes())
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest.
    let free = 0x1000_0000;
    let (c, a, b) = (free, free + 0x100, free + 0x200);
    let dims = [2, 3, 4]; // A: 6 bytes, B: 12 bytes, C: 32 bytes
    assert_eq!(raw(dims, [c, a, b]).unwrap().0, 0);
    assert_eq!(raw([0, 0, 0], [0, 0, 0]).unwrap().0, 0); // empty operands anywhere

    // The dimensions' own pointer, through `raw_ecall`.
    let raw_ecall = |dims_ptr: u32| {
        run(
            "raw_ecall",
            false,
            &(MATMUL_I8, [c, a, b, dims_ptr]).to_bytes(),
        )
    };
    assert_eq!(raw_ecall(free + 0x300).unwrap().0, 0); // zero dimensions there
    assert_bad_call(raw_ecall(0)); // null
    assert_bad_call(raw_ecall(free + 2)); // misaligned
    assert_bad_call(raw_ecall(MEM_END - 8)); // runs past the end of memory
    assert_bad_call(raw_ecall(u32::MAX - 3)); // wraps around

    assert_bad_call(raw(dims, [0, a, b])); // null C
    assert_bad_call(raw(dims, [c + 2, a, b])); // misaligned C
    assert_bad_call(raw(dims, [MEM_END - 16, a, b])); // C runs past the end
    assert_bad_call(raw(dims, [program().entry() & !3, a, b])); // C in code
    assert_bad_call(raw(dims, [c, 0, b])); // null A
    assert_bad_call(raw(dims, [c, MEM_END - 4, b])); // A runs past the end
    assert_bad_call(raw(dims, [c, a, u32::MAX - 7])); // B wraps around
    assert_bad_call(raw(dims, [c, c + 28, b])); // C overlaps A
    assert_bad_call(raw(dims, [c, a, c - 11])); // C overlaps B
    assert_bad_call(raw([1, 1 << 17, 1], [c, a, b])); // k above the limit
    assert_bad_call(raw([1 << 16, 1 << 16, 1], [c, a, b])); // m k overflows
    assert_bad_call(raw([1 << 13, 1, 1 << 13], [c, a, b])); // C above MAX_TRANSFER
}
