//! Every workload and test entry, with the coprocessor or as the plain-RISC-V twin (see
//! the library's documentation).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let name: String = io::read();
    let plain: bool = io::read();
    coprocessor_guest::dispatch(&name, plain);
}
