//! The n-th Fibonacci number, modulo 2^64.
//!
//! Input: `n` as a little-endian `u32`. Journal: `fib(n)` as a little-endian `u64`, with
//! `fib(0) = 0`, `fib(1) = 1` and wrapping addition (so `fib(n)` for `n > 93` is reduced).
#![no_std]
#![no_main]

use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let n: u32 = io::read();
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    io::commit(&a);
}
