//! The int8 matrix-product kernel: `C = A · B` with `i8` entries and `i32` sums.
//!
//! One source serves three users so that they do exactly the same work: the `MATMUL_I8`
//! handler, the native baseline of the benchmark, and the guest's plain-RISC-V twin, which
//! includes this file with `#[path]`. It therefore uses `core` only (and `std` for the
//! CPU feature check on x86-64 hosts, a path the guest does not compile).
//!
//! No crate is used: `gemm` and `matrixmultiply` have no int8 kernels (floats only), and
//! integer BLAS bindings would not build for the guest. The loop is the cache-friendly
//! i-k-j order, blocked so that the compiler vectorizes it:
//! - `ROWS` (4) rows of A are processed together, so each row of B that is loaded feeds
//!   several accumulator rows;
//! - columns are cut into tiles of `TILE` (256), so the accumulators (`ROWS × TILE` `i32`,
//!   4 KiB) stay on the stack and in L1 whatever `n` is;
//! - products are formed in `i16` (`|a · b| <= 2^14` fits) and widened once, which halves
//!   the vector width of the multiply.
//!
//! On x86-64 hosts an AVX2 copy of the same code is selected at run time; the generic copy
//! is what a build for the default target (SSE2 only) gets otherwise.

/// Rows of A (and C) computed together.
const ROWS: usize = 4;
/// Columns of B (and C) computed together.
const TILE: usize = 256;

/// Compute `C = A · B` for row-major `A` (`m × k`) and `B` (`k × n`), handing each finished
/// piece of C to `emit(row, column, values)`: `values` are `C[row][column..column + len]`.
/// Every entry of C is emitted exactly once, rows in order. With `k = 0`, C is all zeros.
///
/// Sums cannot overflow for `k <=` [`MATMUL_I8_MAX_K`](gluecp_abi::ecall::coprocessor::MATMUL_I8_MAX_K)
/// (`2^16 · 2^14 = 2^30`); beyond, they wrap.
///
/// # Panics
///
/// If `a.len() != m * k` or `b.len() != k * n` (callers check dimensions first).
pub fn matmul_i8_tiles(
    a: &[i8],
    b: &[i8],
    m: usize,
    k: usize,
    n: usize,
    mut emit: impl FnMut(usize, usize, &[i32]),
) {
    assert!(
        m.checked_mul(k) == Some(a.len()) && k.checked_mul(n) == Some(b.len()),
        "matmul_i8: operand sizes do not match {m}×{k}·{k}×{n}"
    );
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, the only requirement of `tiles_avx2`.
        unsafe { tiles_avx2(a, b, m, k, n, &mut emit) };
        return;
    }
    tiles(a, b, m, k, n, &mut emit);
}

/// [`matmul_i8_tiles`] writing into `c` (`m × n`, row-major).
///
/// # Panics
///
/// If a length does not match the dimensions.
pub fn matmul_i8(a: &[i8], b: &[i8], c: &mut [i32], m: usize, k: usize, n: usize) {
    assert!(
        m.checked_mul(n) == Some(c.len()),
        "matmul_i8: C has {} entries, not {m}×{n}",
        c.len()
    );
    matmul_i8_tiles(a, b, m, k, n, |row, column, values| {
        let start = row * n + column;
        c[start..start + values.len()].copy_from_slice(values);
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn tiles_avx2(
    a: &[i8],
    b: &[i8],
    m: usize,
    k: usize,
    n: usize,
    emit: &mut dyn FnMut(usize, usize, &[i32]),
) {
    tiles(a, b, m, k, n, emit);
}

#[inline(always)]
fn tiles(
    a: &[i8],
    b: &[i8],
    m: usize,
    k: usize,
    n: usize,
    emit: &mut dyn FnMut(usize, usize, &[i32]),
) {
    let full = m - m % ROWS;
    for row in (0..full).step_by(ROWS) {
        block::<ROWS>(a, b, row, k, n, emit);
    }
    for row in full..m {
        block::<1>(a, b, row, k, n, emit);
    }
}

/// Rows `row..row + R` of C, one column tile at a time.
#[inline(always)]
fn block<const R: usize>(
    a: &[i8],
    b: &[i8],
    row: usize,
    k: usize,
    n: usize,
    emit: &mut dyn FnMut(usize, usize, &[i32]),
) {
    let a_rows: [&[i8]; R] = core::array::from_fn(|r| &a[(row + r) * k..(row + r + 1) * k]);
    for column in (0..n).step_by(TILE) {
        let width = TILE.min(n - column);
        let mut acc = [[0i32; TILE]; R];
        let sums = acc.each_mut().map(|sums| &mut sums[..width]);
        for p in 0..k {
            let b_row = &b[p * n + column..p * n + column + width];
            let x: [i16; R] = core::array::from_fn(|r| i16::from(a_rows[r][p]));
            for (j, &y) in b_row.iter().enumerate() {
                for r in 0..R {
                    sums[r][j] = sums[r][j].wrapping_add(i32::from(x[r] * i16::from(y)));
                }
            }
        }
        for (r, sums) in sums.iter().enumerate() {
            emit(row + r, column, sums);
        }
    }
}
