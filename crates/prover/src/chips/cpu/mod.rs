//! The CPU chip: one row per executed instruction.
//!
//! Each row fetches its instruction from the program table (bus `program`, with the `VALID`
//! flag), reads `rs1` and (unless the operand is the immediate) `rs2` and writes `rd` on the
//! memory bus, and hands its work to the chip that proves it: the ALU chips (bus `alu`), the
//! load/store chip (bus `lsu`) or a system-call chip (bus `syscall`). The row itself proves only
//! control flow: the pc chain, branches (`taken` from the comparison result), JAL/JALR targets
//! and links, and the halt, whose `a0` is the public exit code.
//!
//! | columns | what |
//! | --- | --- |
//! | `is_real, is_halt, clk, pc, next_pc` | the run |
//! | `op, rd, rs1, rs2, imm[2], aux, flags[9]` | the instruction, as the program table holds it ([`CpuInstruction`]) |
//! | `taken, b[2], c[2], a[2], rv[2], rd_prev[2]` | operands and results |
//! | `rs1_access, rs2_access, rd_access` (3 each) | previous timestamps and their range checks |
//!
//! 41 columns; 19 interactions per row (1 program, 6 memory, 9 byte, 1 each alu/lsu/syscall).
//!
//! # Soundness
//!
//! - The program lookup carries `VALID = is_real`, so every real row is an instruction the
//!   program holds at `pc`, with the verifier's own flags; flags are boolean and zero outside
//!   real rows, so padding sends and writes nothing.
//! - The pc chain starts at the entry (first row, `clk = 1`), follows `next_pc` on every real
//!   transition, and each `next_pc` is constrained by the row's control flags; a next pc
//!   outside the program has no program row to fetch, so only the halt may end the run.
//! - Real rows form a prefix ending in exactly one halt row (`is_halt = is_real - next`, the
//!   last row is padding), an ecall with `t0 = 0`, whose `a0` equals the public exit code.
//! - Register values come from the memory argument; results come from chips proving them and
//!   range-checking them (links `pc + 4` are range-checked here), so every value written keeps
//!   16-bit limbs. JALR targets are below 2^29 (an extra bound on `a_hi`), so the field never
//!   aliases a target.

mod air;
mod columns;
mod decode;
mod trace;

pub use air::CpuAir;
pub use columns::{CpuCols, NUM_CPU_COLS};
pub use decode::{CpuInstruction, flag};
pub use trace::{CpuEvent, generate_trace};
