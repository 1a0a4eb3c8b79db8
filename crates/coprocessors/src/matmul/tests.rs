//! Host-call tests of `MATMUL_I8`: the handler against the reference triple loop and the
//! kernel, on known answers, extreme values, seeded random shapes, and every bad operand.

use super::{MatmulI8, kernel, reference};
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::MATMUL_I8_MAX_K;
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CODE: u32 = 0x1000;
const DIMS: u32 = 0x10_0000;
const A: u32 = 0x20_0000;
const B: u32 = 0x400_0000;
const C: u32 = 0x800_0000;

fn memory() -> Memory {
    Memory::new(CODE, 0x1000)
}

fn put(memory: &mut Memory, addr: u32, bytes: &[u8]) {
    memory
        .write_bytes(addr, bytes.len() as u32)
        .unwrap()
        .copy_from_slice(bytes);
}

fn put_dims(memory: &mut Memory, [m, k, n]: [u32; 3]) {
    let bytes: Vec<u8> = [m, k, n].iter().flat_map(|d| d.to_le_bytes()).collect();
    put(memory, DIMS, &bytes);
}

fn execute(memory: &mut Memory, args: [u32; 4]) -> Result<(), CallError> {
    MatmulI8.execute(&mut Call::new(args, memory))
}

/// C through the handler, with the operands at the usual places.
fn multiply(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    let mut memory = memory();
    put(
        &mut memory,
        A,
        &a.iter().map(|&x| x as u8).collect::<Vec<_>>(),
    );
    put(
        &mut memory,
        B,
        &b.iter().map(|&x| x as u8).collect::<Vec<_>>(),
    );
    put(&mut memory, C, &vec![0xa5; 4 * m * n]); // stale contents must be overwritten
    put_dims(&mut memory, [m, k, n].map(|d| d as u32));
    execute(&mut memory, [C, A, B, DIMS]).expect("a valid call");
    let c = memory.read_bytes(C, 4 * (m * n) as u32).unwrap();
    c.chunks_exact(4)
        .map(|w| i32::from_le_bytes(w.try_into().unwrap()))
        .collect()
}

fn random_matrix(rng: &mut ChaCha8Rng, len: usize) -> Vec<i8> {
    (0..len).map(|_| rng.random()).collect()
}

#[test]
fn known_answer() {
    // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
    let c = multiply(&[1, 2, 3, 4, 5, 6], &[7, 8, 9, 10, 11, 12], 2, 3, 2);
    assert_eq!(c, [58, 64, 139, 154]);
    assert_eq!(multiply(&[-3], &[5], 1, 1, 1), [-15]);
}

#[test]
fn random_shapes_match_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x3a7);
    // Shapes around the kernel's 4-row blocks and 256-column tiles, 0 and 1 included.
    let sizes = [0, 1, 2, 3, 4, 5, 7, 9];
    for _ in 0..40 {
        let m = sizes[rng.random_range(0..sizes.len())];
        let k = rng.random_range(0..48);
        let n = [0, 1, 3, 17, 256, 257, 300][rng.random_range(0..7)];
        let a = random_matrix(&mut rng, m * k);
        let b = random_matrix(&mut rng, k * n);
        let want = reference::matmul_i8(&a, &b, m, k, n);
        assert_eq!(multiply(&a, &b, m, k, n), want, "{m}×{k}·{k}×{n}");
        let mut c = vec![7; m * n];
        kernel::matmul_i8(&a, &b, &mut c, m, k, n);
        assert_eq!(c, want, "kernel, {m}×{k}·{k}×{n}");
    }
}

#[test]
fn extreme_values_at_the_largest_k() {
    let k = MATMUL_I8_MAX_K as usize;
    // Row 0 of A is all -128, row 1 all 127; column 0 of B is all -128, column 1 all 127.
    let a: Vec<i8> = [-128i8, 127].iter().flat_map(|&x| vec![x; k]).collect();
    let b: Vec<i8> = (0..k).flat_map(|_| [-128i8, 127]).collect();
    let kk = k as i32;
    let want = [
        128 * 128 * kk,
        -128 * 127 * kk,
        -128 * 127 * kk,
        127 * 127 * kk,
    ];
    assert_eq!(multiply(&a, &b, 2, k, 2), want);
    assert_eq!(want[0], 1 << 30);
}

#[test]
fn empty_products() {
    // k = 0: C is all zeros; m = 0 or n = 0: nothing is written. Empty operands may have
    // any address (Rust's empty slices have dangling pointers).
    assert_eq!(multiply(&[], &[], 2, 0, 3), [0; 6]);
    assert_eq!(multiply(&[], &[1, 2], 0, 2, 1), Vec::<i32>::new());
    assert_eq!(multiply(&[1, 2], &[], 1, 2, 0), Vec::<i32>::new());
    let mut memory = memory();
    put_dims(&mut memory, [0, 0, 0]);
    execute(&mut memory, [1, 0, u32::MAX, DIMS]).expect("empty operands anywhere");
}

fn bad_call(dims: [u32; 3], args: [u32; 4]) -> CallError {
    let mut memory = memory();
    put_dims(&mut memory, dims);
    put(&mut memory, C, &[0x5a; 64]);
    let err = execute(&mut memory, args).unwrap_err();
    assert_eq!(
        memory.read_bytes(C, 64).unwrap(),
        [0x5a; 64],
        "C written by a bad call"
    );
    err
}

fn fault(err: &CallError) -> (&'static str, MemoryFault) {
    match err {
        CallError::Memory { operand, error } => (operand, error.fault),
        other => panic!("expected a memory error, got {other}"),
    }
}

fn invalid_operand(err: &CallError) -> &'static str {
    match err {
        CallError::Invalid { operand, .. } => operand,
        other => panic!("expected an invalid operand, got {other}"),
    }
}

#[test]
fn bad_pointers_are_refused() {
    let dims = [2, 3, 4];
    let ok = [C, A, B, DIMS];
    let with = |i: usize, value: u32| {
        let mut args = ok;
        args[i] = value;
        args
    };
    use MemoryFault::*;
    assert_eq!(fault(&bad_call(dims, with(3, 0))), ("dims", Unmapped));
    assert_eq!(
        fault(&bad_call(dims, with(3, DIMS + 2))),
        ("dims", Misaligned)
    );
    assert_eq!(
        fault(&bad_call(dims, with(3, MEM_END - 8))),
        ("dims", Unmapped)
    );
    assert_eq!(fault(&bad_call(dims, with(1, 0))), ("a", Unmapped));
    assert_eq!(
        fault(&bad_call(dims, with(1, MEM_END - 5))),
        ("a", Unmapped)
    );
    assert_eq!(
        fault(&bad_call(dims, with(2, MEM_END - 11))),
        ("b", Unmapped)
    );
    assert_eq!(fault(&bad_call(dims, with(2, u32::MAX))), ("b", Unmapped));
    assert_eq!(fault(&bad_call(dims, with(0, 0))), ("c", Unmapped));
    assert_eq!(fault(&bad_call(dims, with(0, C + 2))), ("c", Misaligned));
    assert_eq!(
        fault(&bad_call(dims, with(0, MEM_END - 28))),
        ("c", Unmapped)
    );
    assert_eq!(
        fault(&bad_call(dims, with(0, CODE + 0xff0))),
        ("c", WriteToCode)
    );
}

#[test]
fn overlapping_output_is_refused() {
    let dims = [2, 3, 4]; // A: 6 bytes, B: 12 bytes, C: 32 bytes
    assert_eq!(invalid_operand(&bad_call(dims, [C, C + 31, B, DIMS])), "c");
    assert_eq!(invalid_operand(&bad_call(dims, [C, A, C - 8, DIMS])), "c");
    // Adjacent is fine.
    let mut memory = memory();
    put_dims(&mut memory, dims);
    execute(&mut memory, [C, C + 32, C - 12, DIMS]).expect("adjacent operands");
}

#[test]
fn oversized_dimensions_are_refused() {
    let ok = [C, A, B, DIMS];
    let big = MAX_TRANSFER; // bytes in one operand at most
    assert_eq!(
        invalid_operand(&bad_call([1, MATMUL_I8_MAX_K + 1, 1], ok)),
        "dims"
    );
    assert_eq!(invalid_operand(&bad_call([big + 1, 1, 0], ok)), "a");
    assert_eq!(invalid_operand(&bad_call([0, 2, big], ok)), "b");
    assert_eq!(invalid_operand(&bad_call([big / 4, 0, 2], ok)), "c");
    assert_eq!(invalid_operand(&bad_call([u32::MAX, 0, u32::MAX], ok)), "c");
    assert_eq!(invalid_operand(&bad_call([1 << 16, 1 << 16, 0], ok)), "a");
}
