//! The program table: every instruction of the program, as a preprocessed trace the verifier
//! rebuilds from the program, so that the CPU can only execute instructions the program holds.
//!
//! | trace | columns |
//! | --- | --- |
//! | preprocessed | `pc, op, rd, rs1, rs2, imm_lo, imm_hi, aux, flags` ([`ProgramPreprocessedCols`]) |
//! | main | `multiplicity` ([`ProgramCols`]) |
//!
//! Row `i` holds the instruction at `code_base + 4 i` of [`gluecp_vm::Program::instructions`];
//! the table is padded to a power of two with all-zero rows. What each instruction's row holds
//! is [`crate::chips::cpu::CpuInstruction`]: the CPU's view of it (bus op, registers,
//! immediate, target, flags).
//!
//! **Bus `program`** ([`PROGRAM_BUS`], a lookup bus): the table provides
//! `(pc, op, rd, rs1, rs2, imm_lo, imm_hi, aux, flags)` with `multiplicity`; the CPU looks up one
//! tuple per executed instruction ([`lookup_instruction`]).

mod air;
mod columns;
mod trace;

pub use air::{PROGRAM_BUS, PROGRAM_TUPLE_LEN, ProgramAir, lookup_instruction};
pub use columns::{
    NUM_PROGRAM_COLS, NUM_PROGRAM_PREPROCESSED_COLS, ProgramCols, ProgramPreprocessedCols,
};
pub use trace::{instruction_row, padding_row};
