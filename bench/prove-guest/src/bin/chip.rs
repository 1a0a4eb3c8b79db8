//! The Keccak work through the `KECCAK_F` coprocessor (see the library's documentation).
#![no_std]
#![no_main]

gluecp_guest::entry!(main);

fn main() {
    prove_guest::run(false);
}
