//! Ways for a guest to stop early, chosen by the input.
//!
//! Input: `mode: u32`, then whatever that mode reads. Before acting, the guest commits
//! `mode` and prints `mode {mode}` to stdout, so a test can check output survives the stop.
//!
//! | mode | what happens | exit code |
//! | --- | --- | --- |
//! | 0 | `panic!("boom: {}", 42)` | 101 |
//! | 1 | allocate more than the heap holds | 101 |
//! | 2 | `io::read::<u64>()` past the end of the input | 101 |
//! | 3 | `io::read_exact` of 8 bytes past the end of the input | 101 |
//! | 4 | divide by zero | 101 |
//! | 5 | a panic whose message panics while being formatted | 101 |
//! | 6 | `exit(7)` | 7 |
#![no_std]
#![no_main]

extern crate alloc;

use core::fmt;
use core::hint::black_box;

use gluecp_guest::{io, println};

gluecp_guest::entry!(main);

/// A message that panics when printed.
struct Faulty;

impl fmt::Display for Faulty {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("inner panic")
    }
}

fn main() {
    let mode: u32 = io::read();
    io::commit(&mode);
    println!("mode {mode}");
    match mode {
        0 => panic!("boom: {}", 42),
        1 => {
            let huge = black_box(alloc::vec![1u8; black_box(600 << 20)]);
            io::commit(&huge[black_box(5)]);
        }
        2 => {
            let value: u64 = io::read();
            io::commit(&value);
        }
        3 => {
            let mut buf = [0u8; 8];
            io::read_exact(&mut buf);
        }
        4 => {
            let zero = black_box(0u32);
            io::commit(&(black_box(10u32) / zero));
        }
        5 => panic!("outer: {}", Faulty),
        6 => gluecp_guest::exit(7),
        _ => {}
    }
    // Only reached by an unknown mode, which the test does not use.
    io::commit(&u32::MAX);
}
