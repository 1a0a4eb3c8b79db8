//! Recursion: exponential Fibonacci, Ackermann, and a deep stack.
//!
//! Input: `(fib_n, ack_m, ack_n, depth)` as four `u32`s. Journal: [`work::Output`].
#![no_std]
#![no_main]

mod work;

use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let input = io::read();
    io::commit(&work::run(input));
}
