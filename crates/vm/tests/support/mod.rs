//! Shared pieces of the VM's integration tests: an RV32IM assembler, an ELF32 writer and a
//! random program generator.

pub mod elf;
pub mod encode;
pub mod random_program;
