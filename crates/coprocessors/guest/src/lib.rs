//! Coprocessor workloads and tests as guest code. Every program's input starts with a
//! header, the workload's name (`String`) and a `plain` flag (`bool`), in the gluecp codec;
//! each module reads the rest. With `plain` false a module uses the coprocessor through the
//! guest SDK, with `plain` true a plain-Rust implementation compiled into the guest (the
//! plain-RISC-V twin). See `gluecp_coprocessors::workload`.
//!
//! Two programs are built from this library:
//! - `coprocessor-guest` (`src/main.rs`): both modes and the test entries;
//! - `with-coprocessors` (`src/bin/with-coprocessors.rs`): the coprocessor mode only. It
//!   passes a constant `false`, so link-time optimization drops the plain twins and the
//!   program is what a user would ship: the benchmark's "VM with coprocessor" runs it, so
//!   that loading a twin-laden image is not charged to the coprocessor.
#![no_std]

extern crate alloc;

use gluecp_guest::io;

mod bn254;
mod ed25519;
mod keccak;
mod matmul;
mod modmul;
mod poseidon2;
mod secp256k1;
mod sha256;

/// Run the workload or test entry `name`. Panics (exit code 101) on an unknown name.
#[inline(always)]
pub fn dispatch(name: &str, plain: bool) {
    // Direct calls rather than a table of function pointers, so that a constant `plain`
    // propagates into every module.
    let handled = name == "raw_ecall" && raw_ecall()
        || keccak::run(name, plain)
        || sha256::run(name, plain)
        || poseidon2::run(name, plain)
        || modmul::run(name, plain)
        || secp256k1::run(name, plain)
        || ed25519::run(name, plain)
        || bn254::run(name, plain)
        || matmul::run(name, plain);
    if !handled {
        panic!("unknown workload `{name}`");
    }
}

/// Bytes per input read while streaming a benchmark's message.
const CHUNK: usize = 16 << 10;

/// Feed the rest of the input to `consume`, [`CHUNK`] bytes at a time through one reused
/// buffer, so a long message touches few fresh guest pages.
fn stream_input(mut consume: impl FnMut(&[u8])) {
    let mut buffer = alloc::vec![0; CHUNK];
    loop {
        let len = io::input_remaining().min(CHUNK);
        if len == 0 {
            break;
        }
        io::read_exact(&mut buffer[..len]);
        consume(&buffer[..len]);
    }
}

/// Negative tests: make the call `(number: u32, args: [u32; 4])` read from the input, with
/// whatever pointers the test chose, and commit the result registers.
fn raw_ecall() -> bool {
    let (number, args): (u32, [u32; 4]) = io::read();
    // SAFETY: deliberately unchecked; the VM validates every pointer, and a test that passes
    // a pointer into this guest's live data gets only what it asked for.
    let results = unsafe { gluecp_guest::syscall::ecall(number, args) };
    io::commit(&results);
    true
}
