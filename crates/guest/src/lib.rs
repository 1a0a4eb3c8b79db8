//! The gluecp guest SDK: what a stock-Rust program needs to run inside the gluecp VM.
//!
//! A guest is a `#![no_std]`, `#![no_main]` binary built for `riscv32im-unknown-none-elf`
//! (`gluecp build` does that). This crate gives it a runtime and a way to talk to the host:
//!
//! - [`entry!`] names the guest's `main`; the SDK's `_start` sets up the stack, calls it,
//!   and halts with exit code 0 when it returns;
//! - a bump-allocator heap ([`heap`]) so `alloc` (`Vec`, `String`, `BTreeMap`) works;
//! - a panic handler that prints `panicked at {location}: {message}` to the host's stderr
//!   and halts with exit code [`PANIC_EXIT_CODE`] (101, like a panicking Rust `main`);
//! - [`io`]: private input, the public journal, and [`print!`]/[`println!`]/[`eprint!`]/
//!   [`eprintln!`] to the host's stdout and stderr;
//! - [`syscall`]: the raw `ecall` wrappers, for coprocessor bindings built on top.
//!
//! ```no_run
//! gluecp_guest::entry!(main);
//!
//! fn main() {
//!     let n: u32 = gluecp_guest::io::read();
//!     gluecp_guest::println!("doubling {n}");
//!     gluecp_guest::io::commit(&(u64::from(n) * 2));
//! }
//! ```
//!
//! The crate also compiles for the host, so that workspace-wide checks and tests build;
//! there every system call panics, because only the VM can answer it.
#![no_std]

extern crate alloc;

pub mod heap;
pub mod io;
mod rt;
pub mod syscall;

// Coprocessor bindings, one module per coprocessor.
pub mod bigint;
pub mod bn254;
pub mod ed25519;
pub mod keccak;
pub mod matmul;
pub mod poseidon2;
pub mod secp256k1;
pub mod sha256;

/// The ABI shared with the host: call numbers, memory layout, codec.
pub use gluecp_abi as abi;
pub use gluecp_abi::codec::{Decode, DecodeError, Encode};
pub use rt::{PANIC_EXIT_CODE, exit};
