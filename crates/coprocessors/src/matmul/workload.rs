//! The `matmul` benchmark: one int8 product `C = A · B` of 256 × 256 by 256 × 256,
//! 16.8 million multiply-adds.
//!
//! Input: the dimensions `[m, k, n]` as 3 little-endian `u32`, then A (`m k` bytes) and B
//! (`k n` bytes) from a fixed xorshift stream. Output: C as `m n` little-endian `i32`.
//! Native Rust, the coprocessor and the guest's plain-RISC-V twin all run
//! [`kernel`](super::kernel), so the three columns of the bench compare like with like.

use super::kernel;
use crate::workload::Workload;

/// See the module documentation.
pub const WORKLOAD: Workload = Workload {
    name: "matmul",
    description: "int8 matmul 256×256×256",
    input,
    native,
};

/// The dimensions `[m, k, n]`.
const DIMS: [u32; 3] = [256, 256, 256];

fn input() -> Vec<u8> {
    let [m, k, n] = DIMS.map(|d| d as usize);
    let len = 12 + m * k + k * n;
    let mut bytes: Vec<u8> = DIMS.iter().flat_map(|d| d.to_le_bytes()).collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

fn native(input: &[u8]) -> Vec<u8> {
    let (dims, operands) = input.split_at(12);
    let [m, k, n] = [0, 1, 2].map(|i| {
        let word = dims[4 * i..4 * i + 4].try_into().expect("4 bytes");
        u32::from_le_bytes(word) as usize
    });
    let (a, b) = operands.split_at(m * k);
    let mut c = vec![0u8; 4 * m * n];
    kernel::matmul_i8_tiles(as_i8(a), as_i8(b), m, k, n, |row, column, values| {
        let start = 4 * (row * n + column);
        let dest = &mut c[start..start + 4 * values.len()];
        for (dest, value) in dest.chunks_exact_mut(4).zip(values) {
            dest.copy_from_slice(&value.to_le_bytes());
        }
    });
    c
}

/// The bytes as two's-complement `i8`, without a copy.
fn as_i8(bytes: &[u8]) -> &[i8] {
    // SAFETY: `i8` and `u8` have the same size and alignment and every bit pattern is valid
    // for both; the result borrows `bytes`.
    unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<i8>(), bytes.len()) }
}
