//! Heap allocation: growing `Vec`s, a `BTreeMap`, a `String`, and a large zeroed buffer.
//!
//! Input: `n: u32`. Journal: [`work::Output`] for `n`.
#![no_std]
#![no_main]

extern crate alloc;

mod work;

use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let n: u32 = io::read();
    io::commit(&work::run(n));
}
