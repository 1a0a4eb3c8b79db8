//! The glue: an RV32IM virtual machine for guest programs compiled by stock Rust for
//! `riscv32im-unknown-none-elf`.
//!
//! ```text
//! ELF bytes ──Program::from_elf──▶ Program (validated segments, decoded code, ProgramId)
//!                                   │
//! input bytes ──────────────────▶ Vm::new ──run──▶ Exit { code, cycles }
//!                                                 + journal, stdout, stderr
//! ```
//!
//! - [`decode`] turns words into typed [`Instruction`]s once, at load time; the executor,
//!   the disassembler (`Display`) and later the profiler and the prover share that form.
//! - [`Vm`] executes RV32IM exactly as the RISC-V unprivileged spec defines it; `fence` is
//!   a no-op, `ecall` follows [`gluecp_abi::ecall`], `ebreak` stops with a typed error.
//! - Memory follows [`gluecp_abi::memory`]: misaligned loads and stores trap, and so do
//!   stores into code.
//! - Execution is deterministic: the same program and input give the same outputs and
//!   cycle count.
//! - Nothing a guest or an ELF file does makes the host panic: every failure is a
//!   [`LoadError`] or a [`VmError`] naming the pc and the cause.

pub mod coprocessor;
mod decode;
mod error;
mod executor;
mod instruction;
mod memory;
mod program;
mod syscall;
#[cfg(test)]
mod tests;

pub use coprocessor::{Call, CallError, Coprocessor, Registry, RegistryError, WorkCost};
pub use decode::decode;
pub use error::{LoadError, VmError};
pub use executor::{DEFAULT_MAX_CYCLES, Exit, NoObserver, Observer, Vm};
pub use instruction::{Instruction, InstructionClass, Opcode, register_name};
pub use memory::{Memory, MemoryError, MemoryFault};
pub use program::{MAX_CODE_BYTES, MAX_SEGMENTS, MAX_SYMBOLS, Program, ProgramId, Segment, Symbol};
pub use syscall::MAX_OUTPUT;
