//! {{name}}: a gluecp guest program.
//!
//! Input: `n` as a little-endian `u32`. Journal: the sum of squares `1² + 2² + … + n²`
//! as a little-endian `u64`.
//!
//! ```text
//! gluecp build .                  # prints the ELF path
//! gluecp run target/riscv32im-unknown-none-elf/release/{{name}} --input-hex 0a000000
//! ```
//!
//! The input is private to the run; the journal is the public output a proof commits to;
//! `println!` goes to the host's terminal and is not part of either.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use gluecp_guest::{io, println};

gluecp_guest::entry!(main);

fn main() {
    let n: u32 = io::read();
    let squares: Vec<u64> = (1..=u64::from(n)).map(|i| i * i).collect();
    let sum: u64 = squares.iter().sum();
    println!("the sum of the first {n} squares is {sum}");
    io::commit(&sum);
}
