//! The Keccak work in plain RISC-V: the twin of `chip` (see the library's documentation).
#![no_std]
#![no_main]

gluecp_guest::entry!(main);

fn main() {
    prove_guest::run(true);
}
