//! The CPU's columns.

use super::flag;
use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// Number of flag columns: every [`flag`] bit but `VALID`, which is `is_real`.
pub const NUM_FLAG_COLS: usize = flag::COUNT - 1;

/// One executed instruction (or a padding row after the halt).
#[repr(C)]
pub struct CpuCols<T> {
    /// 1 on executed instructions, then 0 to the end of the trace.
    pub is_real: T,
    /// 1 on the last real row only (`is_real - next.is_real`): the halting `ecall`.
    pub is_halt: T,
    /// Row number + 1 (timestamps are `4 clk + slot`).
    pub clk: T,
    /// The instruction's pc. The next row's `pc` is this row's successor (on the first padding
    /// row: the halt's `pc + 4`), constrained from this row.
    pub pc: T,
    /// The program table's fields for `pc` (see [`super::CpuInstruction`]).
    pub op: T,
    pub rd: T,
    pub rs1: T,
    pub rs2: T,
    pub imm: [T; 2],
    pub aux: T,
    /// The [`flag`] bits in bit order, without `VALID`.
    pub flags: [T; NUM_FLAG_COLS],
    /// Branches: whether taken. JALR: the low bit cleared from the target.
    pub taken: T,
    /// The `rs1` value.
    pub b: [T; 2],
    /// The second operand: the `rs2` value, or the immediate.
    pub c: [T; 2],
    /// The `alu`/`lsu` result.
    pub a: [T; 2],
    /// The value written to `rd` (for JAL and JALR the link `pc + 4`, which the program
    /// table states).
    pub rv: [T; 2],
    /// The value `rd` held before.
    pub rd_prev: [T; 2],
    pub rs1_access: AccessCols<T>,
    pub rs2_access: AccessCols<T>,
    pub rd_access: AccessCols<T>,
}

/// Width of the CPU trace.
pub const NUM_CPU_COLS: usize = size_of::<CpuCols<u8>>();

impl_row_borrow!(CpuCols);
