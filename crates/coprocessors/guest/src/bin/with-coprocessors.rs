//! The workloads with the coprocessors only: the plain twins are not linked in (see the
//! library's documentation).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use gluecp_guest::io;

gluecp_guest::entry!(main);

fn main() {
    let name: String = io::read();
    let plain: bool = io::read();
    assert!(
        !plain,
        "this program has no plain-RISC-V twins; run coprocessor-guest"
    );
    coprocessor_guest::dispatch(&name, false);
}
