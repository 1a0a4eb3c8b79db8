//! 64- and 128-bit integer arithmetic, 32-bit `M` corner cases and soft-float.
//!
//! Input: a `Vec<(u64, u64)>` of operand pairs. Journal: [`work::Output`].
#![no_std]
#![no_main]

extern crate alloc;

mod work;

use alloc::vec::Vec;
use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let pairs: Vec<(u64, u64)> = io::read();
    io::commit(&work::run(&pairs));
}
