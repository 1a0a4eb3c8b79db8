//! The recursion workload, shared with the host test: it also compiles natively there, and
//! the VM's journal must equal the native result.

use core::hint::black_box;

/// What the guest commits: (naive fib, Ackermann, deep recursion).
pub type Output = (u64, u32, u64);

/// Run each recursive function on its input.
pub fn run((fib_n, ack_m, ack_n, depth): (u32, u32, u32, u32)) -> Output {
    (fib(fib_n), ackermann(ack_m, ack_n), deep(depth))
}

/// Fibonacci the exponential way: many short calls.
fn fib(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib(black_box(n - 1)).wrapping_add(fib(n - 2))
    }
}

/// The Ackermann function: recursion the compiler cannot turn into a loop.
fn ackermann(m: u32, n: u32) -> u32 {
    match (m, n) {
        (0, n) => n + 1,
        (m, 0) => ackermann(m - 1, 1),
        (m, n) => ackermann(m - 1, ackermann(m, n - 1)),
    }
}

/// One frame per level, each holding a buffer used after the recursive call returns, so
/// the stack really is `depth` frames deep.
#[inline(never)]
fn deep(depth: u32) -> u64 {
    if depth == 0 {
        return 0;
    }
    let mut frame = [0u64; 4];
    for (i, slot) in frame.iter_mut().enumerate() {
        *slot = u64::from(depth).wrapping_mul(i as u64 + 3);
    }
    let below = deep(black_box(depth - 1));
    black_box(&frame)
        .iter()
        .fold(below, |acc, x| acc.rotate_left(7) ^ x)
}
