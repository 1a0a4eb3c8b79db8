//! The program table: every instruction of the program, as a preprocessed trace the verifier
//! rebuilds from the program, so that the CPU can only execute instructions the program holds.
//!
//! | trace | columns |
//! | --- | --- |
//! | preprocessed | `pc, opcode, rd, rs1, rs2, imm_lo, imm_hi` ([`ProgramPreprocessedCols`]) |
//! | main | `multiplicity` ([`ProgramCols`]) |
//!
//! Row `i` holds the instruction at `code_base + 4 i` of [`gluecp_vm::Program::instructions`];
//! the table is padded to a power of two with rows `(0, ILLEGAL_OPCODE_ID, 0, 0, 0, 0, 0)`.
//! Opcodes are numbered by [`opcode_id`].
//!
//! **Bus `program`** ([`PROGRAM_BUS`], a lookup bus): the table provides
//! `(pc, opcode_id, rd, rs1, rs2, imm_lo, imm_hi)` with `multiplicity`; the CPU looks up one
//! tuple per executed instruction ([`lookup_instruction`]).

mod air;
mod columns;
mod opcode;
mod trace;

pub use air::{PROGRAM_BUS, PROGRAM_TUPLE_LEN, ProgramAir, lookup_instruction};
pub use columns::{
    NUM_PROGRAM_COLS, NUM_PROGRAM_PREPROCESSED_COLS, ProgramCols, ProgramPreprocessedCols,
};
pub use opcode::{ILLEGAL_OPCODE_ID, NUM_OPCODE_IDS, opcode_id};
pub use trace::{instruction_row, padding_row};
