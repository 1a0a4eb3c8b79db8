//! Coprocessor workloads as a guest. The input starts with a header, the workload's name
//! (`String`) and a `plain` flag (`bool`), in the gluecp codec; each module reads the rest.
//! With `plain` false the module uses the coprocessor through the guest SDK, with `plain`
//! true a plain-Rust implementation compiled into the guest (the plain-RISC-V twin). See
//! `gluecp_coprocessors::workload`.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use gluecp_guest::io;

mod bn254;
mod ed25519;
mod keccak;
mod matmul;
mod modmul;
mod poseidon2;
mod secp256k1;
mod sha256;

gluecp_guest::entry!(main);

/// Each module's `run` handles the names it knows and returns whether it did.
const MODULES: &[fn(&str, bool) -> bool] = &[
    keccak::run,
    sha256::run,
    poseidon2::run,
    modmul::run,
    secp256k1::run,
    ed25519::run,
    bn254::run,
    matmul::run,
];

fn main() {
    let name: String = io::read();
    let plain: bool = io::read();
    if name == "raw_ecall" {
        raw_ecall();
    } else if !MODULES.iter().any(|run| run(&name, plain)) {
        panic!("unknown workload `{name}`");
    }
}

/// Negative tests: make the call `(number: u32, args: [u32; 4])` read from the input, with
/// whatever pointers the test chose, and commit the result registers.
fn raw_ecall() {
    let (number, args): (u32, [u32; 4]) = io::read();
    // SAFETY: deliberately unchecked; the VM validates every pointer, and a test that passes
    // a pointer into this guest's live data gets only what it asked for.
    let results = unsafe { gluecp_guest::syscall::ecall(number, args) };
    io::commit(&results);
}
