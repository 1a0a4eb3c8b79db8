//! Int8 matrix products on the `MATMUL_I8` coprocessor: `C = A · B` with `i8` entries and
//! exact `i32` sums, the core of a quantized dense layer.
//!
//! Matrices are row-major slices: `A` is `m × k`, `B` is `k × n`, `C` is `m × n`. The host
//! computes the product natively and writes C straight into the guest's slice; bias,
//! rescaling and activation stay in the guest.
//!
//! ```no_run
//! use gluecp_guest::matmul::matmul_i8;
//!
//! let a: [i8; 6] = [1, 2, 3, 4, 5, 6]; // 2 × 3
//! let b: [i8; 6] = [7, 8, 9, 10, 11, 12]; // 3 × 2
//! assert_eq!(matmul_i8(&a, &b, 2, 3, 2), [58, 64, 139, 154]);
//! ```
//!
//! Limits of one call ([`MATMUL_I8`]): `k` at most [`MATMUL_I8_MAX_K`] (so no sum can
//! overflow), and at most [`MAX_TRANSFER`] bytes in each of A, B and C. Taller products are
//! split into calls by rows of A automatically; a B (or a row of C) above the limit is
//! refused with a panic.

use alloc::vec::Vec;

use crate::abi::ecall::MAX_TRANSFER;
use crate::abi::ecall::coprocessor::{MATMUL_I8, MATMUL_I8_MAX_K};
use crate::syscall::ecall;

/// `A · B` as a new `m × n` row-major matrix.
///
/// # Panics
///
/// If the slice lengths do not match the dimensions, or the product is beyond one call's
/// limits in `k`, B or a row of C (see the module documentation).
#[track_caller]
pub fn matmul_i8(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    let len = m
        .checked_mul(n)
        .unwrap_or_else(|| panic!("matmul_i8: {m}×{n} overflows"));
    // Fresh heap memory is already zero, so this allocation costs no clearing.
    let mut c = alloc::vec![0; len];
    matmul_i8_into(a, b, &mut c, m, k, n);
    c
}

/// `A · B` written into `c` (`m × n`, row-major), overwriting what it held.
///
/// # Panics
///
/// As [`matmul_i8`], and if `c.len() != m * n`.
#[track_caller]
pub fn matmul_i8_into(a: &[i8], b: &[i8], c: &mut [i32], m: usize, k: usize, n: usize) {
    check_len("A", a.len(), m, k);
    check_len("B", b.len(), k, n);
    check_len("C", c.len(), m, n);
    assert!(
        k <= MATMUL_I8_MAX_K as usize,
        "matmul_i8: k = {k} is above the coprocessor's limit {MATMUL_I8_MAX_K}"
    );
    let limit = MAX_TRANSFER as usize;
    assert!(
        b.len() <= limit,
        "matmul_i8: B ({k}×{n}) is above the {limit}-byte limit of one call; split it by columns"
    );
    assert!(
        4 * n <= limit,
        "matmul_i8: a row of C ({n} entries) is above the {limit}-byte limit of one call"
    );
    if c.is_empty() {
        return;
    }
    if k == 0 {
        c.fill(0);
        return;
    }
    // Rows per call: as many as keep A's and C's slices within the limit (at least one).
    let rows = limit / k.max(4 * n);
    for (a, c) in a.chunks(rows * k).zip(c.chunks_mut(rows * n)) {
        call(a, b, c, [c.len() / n, k, n]);
    }
}

#[track_caller]
fn check_len(name: &str, len: usize, rows: usize, columns: usize) {
    assert!(
        rows.checked_mul(columns) == Some(len),
        "matmul_i8: {name} has {len} entries, not {rows}×{columns}"
    );
}

/// One `MATMUL_I8` call on checked operands.
fn call(a: &[i8], b: &[i8], c: &mut [i32], [m, k, n]: [usize; 3]) {
    let dims = [m as u32, k as u32, n as u32];
    // SAFETY: the host reads `m k` bytes at `a`, `k n` at `b` and the 3 words at `dims`, and
    // writes `m n` words at `c`, which we borrow mutably (so it overlaps neither input);
    // `c` and `dims` are 4-byte aligned by their types.
    unsafe {
        ecall(
            MATMUL_I8,
            [
                c.as_mut_ptr() as u32,
                a.as_ptr() as u32,
                b.as_ptr() as u32,
                dims.as_ptr() as u32,
            ],
        );
    }
}
