//! The program table's columns.

use crate::chips::impl_row_borrow;

/// One instruction of the program, in the PREPROCESSED trace: the verifier rebuilds these
/// columns from the program it is given, so the prover cannot choose them.
///
/// Every column is one field of the tuple the table provides on the `program` bus
/// ([`super::PROGRAM_BUS`]); none takes part in any other constraint.
#[repr(C)]
pub struct ProgramPreprocessedCols<T> {
    /// Address of the instruction, `code_base + 4 i` (0 on padding rows). Canonical: code lies
    /// below `MEM_END = 2^29 < p` (and `ProgramAir::new` refuses code past 2^30).
    pub pc: T,
    /// The op sent on the `exec` bus ([`crate::bus::AluOp`] id), or 0.
    pub op: T,
    /// Destination register index, 0..32.
    pub rd: T,
    /// First source register index, 0..32.
    pub rs1: T,
    /// Second source register index, 0..32.
    pub rs2: T,
    /// Low 16 bits of the immediate, taken as a `u32` (two's complement).
    pub imm_lo: T,
    /// High 16 bits of the immediate, taken as a `u32`.
    pub imm_hi: T,
    /// Branch or JAL target (below 2^32; only ever compared with a canonical pc).
    pub aux: T,
    /// The [`crate::chips::cpu::flag`] bits, packed (`VALID` on every executable row only).
    pub flags: T,
    /// Low 16 bits of the link JAL and JALR write to `rd` (`pc + 4`; 0 for other instructions
    /// and for `rd = x0`).
    pub link_lo: T,
    /// High 16 bits of the link.
    pub link_hi: T,
}

/// Width of the program table's preprocessed trace.
pub const NUM_PROGRAM_PREPROCESSED_COLS: usize = size_of::<ProgramPreprocessedCols<u8>>();

/// The program table's main (prover-committed) trace.
#[repr(C)]
pub struct ProgramCols<T> {
    /// How many times the row's instruction was executed: the multiplicity with which the row's
    /// tuple is provided on the `program` bus. Unconstrained by the table itself; the bus forces
    /// it to equal the number of lookups of the tuple.
    pub multiplicity: T,
}

/// Width of the program table's main trace.
pub const NUM_PROGRAM_COLS: usize = size_of::<ProgramCols<u8>>();

impl_row_borrow!(ProgramPreprocessedCols);
impl_row_borrow!(ProgramCols);
