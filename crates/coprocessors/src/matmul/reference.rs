//! The plain-Rust reference of `MATMUL_I8`: the textbook triple loop, for clarity only.

/// `C = A · B` for row-major `A` (`m × k`) and `B` (`k × n`), as `m × n` row-major `i32`.
pub fn matmul_i8(a: &[i8], b: &[i8], m: usize, k: usize, n: usize) -> Vec<i32> {
    assert_eq!(a.len(), m * k, "A is not {m}×{k}");
    assert_eq!(b.len(), k * n, "B is not {k}×{n}");
    let mut c = vec![0i32; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut sum = 0i64;
            for p in 0..k {
                sum += i64::from(a[i * k + p]) * i64::from(b[p * n + j]);
            }
            c[i * n + j] = i32::try_from(sum).expect("sums fit an i32 for k <= 2^16");
        }
    }
    c
}
