//! The CPU chip: one row per executed instruction.
//!
//! Each row fetches its instruction from the program table (bus `program`, with the `VALID`
//! flag), reads `rs1` and (unless the operand is the immediate) `rs2` and writes `rd` on the
//! memory bus, and hands its work to the chip that proves it on bus `exec`: an ALU chip, the
//! load/store chip or a system-call chip (one mutually exclusive group, one LogUp column). The
//! row itself proves only
//! control flow: the pc chain, branches (`taken` from the comparison result), JAL/JALR targets
//! and links, and the halt, whose `a0` is the public exit code.
//!
//! | columns | what |
//! | --- | --- |
//! | `is_real, is_halt, clk, pc` | the run |
//! | `op, rd, rs1, rs2, imm[2], aux, flags[10]` | the instruction, as the program table holds it ([`CpuInstruction`]) |
//! | `taken, b[2], c[2], a[2], rv[2], rd_prev[2]` | operands and results |
//! | `rs1_access, rs2_access, rd_access` (3 each) | previous timestamps and their range checks |
//!
//! 41 columns; 18 interactions per row in 9 LogUp columns (`tests/cpu_memory.rs::shape`): 1
//! program; 6 memory (3 columns); 8 byte (4 columns: the two limbs of an ADD result, JALR's
//! target bound, three 16-bit checks of timestamp differences, one byte-pair check of the rs1
//! and rs2 differences' high bytes, one of rd's); the `exec` group (one column, three messages).
//!
//! ADD (ADD, ADDI, LUI, AUIPC, JALR's target) is proven on the row itself: each limb of `a` is
//! the limb sum or the sum less 2^16, and range-checked.
//!
//! # Soundness
//!
//! - The program lookup carries `VALID = is_real`, so every real row is an instruction the
//!   program holds at `pc`, with the verifier's own flags; flags are boolean and zero outside
//!   real rows, so padding sends and writes nothing.
//! - The pc chain starts at the entry (first row, `clk = 1`); each real row constrains the next
//!   row's `pc` by its control flags; a next pc outside the program has no program row to
//!   fetch, so only the halt may end the run.
//! - Real rows form a prefix ending in exactly one halt row (`is_halt = is_real - next`, the
//!   last row is padding), an ecall with `t0 = 0`, whose `a0` equals the public exit code.
//! - Register values come from the memory argument; results come from chips proving them and
//!   range-checking them (links `pc + 4` are stated, in limbs, by the program table), so every
//!   value written keeps 16-bit limbs. JALR targets are below 2^29 (an extra bound on `a_hi`), so the field never
//!   aliases a target.

mod air;
mod columns;
mod decode;
mod trace;

pub use air::CpuAir;
pub use columns::{CpuCols, NUM_CPU_COLS};
pub use decode::{CpuInstruction, flag};
pub use trace::{CpuEvent, generate_trace};
