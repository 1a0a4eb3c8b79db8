//! The allocation workload, shared with the host test: it also compiles natively there,
//! and the VM's journal must equal the native result.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Bytes in the large allocation: several MiB, far beyond any single stack frame.
pub const LARGE: usize = 6 << 20;

/// What the guest commits.
pub type Output = (u64, u64, (u32, u64), String, (u64, u32));

/// Grow collections to `n` elements in several patterns.
pub fn run(n: u32) -> Output {
    // One growing vector: every reallocation extends the most recent allocation.
    let mut squares = Vec::new();
    for i in 0..u64::from(n) {
        squares.push(i * i);
    }
    let squares_sum = squares.iter().fold(0u64, |sum, x| sum.wrapping_add(*x));

    // Two vectors growing in turn: reallocations have to move.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..n {
        a.push(i);
        b.push(u64::from(i).rotate_left(i % 64));
    }
    let interleaved = a
        .iter()
        .zip(&b)
        .fold(0u64, |acc, (x, y)| acc.rotate_left(5) ^ u64::from(*x) ^ y);

    // A map with insertions and removals.
    let mut map = BTreeMap::new();
    for i in 0..n {
        map.insert(i.wrapping_mul(2_654_435_761) % (n + 1), u64::from(i));
    }
    map.retain(|key, _| key % 3 != 0);
    let map_sum = map.values().sum::<u64>();

    // A string built from formatted pieces, with temporaries freed along the way.
    let mut text = String::new();
    for i in 0..n {
        let piece = alloc::format!("{i:x}");
        write!(text, "{piece},").expect("writing to a String cannot fail");
    }

    // A large zeroed allocation, touched sparsely.
    let mut large = alloc::vec![0u8; LARGE];
    for (i, byte) in large.iter_mut().enumerate().step_by(4093) {
        *byte = (i % 251) as u8;
    }
    let large_sum = large
        .iter()
        .step_by(4093)
        .map(|&x| u64::from(x))
        .sum::<u64>();
    let large_zero = large.iter().step_by(4096 + 7).filter(|&&x| x == 0).count() as u32;

    (
        squares_sum,
        interleaved,
        (map.len() as u32, map_sum),
        text,
        (large_sum, large_zero),
    )
}
