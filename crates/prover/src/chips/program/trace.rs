//! Building the program table (preprocessed) and its multiplicity trace (main).

use std::sync::Arc;

use gluecp_vm::{Instruction, Program};
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::ProgramAir;
use super::columns::{NUM_PROGRAM_COLS, NUM_PROGRAM_PREPROCESSED_COLS};
use crate::chips::cpu::CpuInstruction;
use crate::config::Val;

/// The preprocessed row of `instruction` at `pc`, in column order.
pub fn instruction_row(pc: u32, instruction: &Instruction) -> [Val; NUM_PROGRAM_PREPROCESSED_COLS] {
    let row = CpuInstruction::new(pc, instruction);
    [
        pc,
        row.op,
        row.rd,
        row.rs1,
        row.rs2,
        row.imm & 0xffff,
        row.imm >> 16,
        row.aux,
        row.flags,
        row.link & 0xffff,
        row.link >> 16,
    ]
    .map(Val::from_u32)
}

/// The padding row: every field 0 (in particular no `VALID` flag).
pub fn padding_row() -> [Val; NUM_PROGRAM_PREPROCESSED_COLS] {
    [Val::ZERO; NUM_PROGRAM_PREPROCESSED_COLS]
}

impl ProgramAir {
    /// The table of `program`'s decoded code range.
    pub fn from_program(program: &Program) -> Self {
        Self::new(program.code_base(), program.instructions())
    }

    /// The table of `instructions` laid out from `code_base` (instruction `i` at
    /// `code_base + 4 i`), padded with [`padding_row`]s to a power of two (at least 2 rows).
    ///
    /// # Panics
    ///
    /// If the code range extends past `2^30`: every `pc` must be a canonical field element
    /// (below `p = 2^31 - 2^24 + 1`), and `2^30` keeps a margin. A loaded [`Program`] always
    /// lies below `MEM_END = 2^29`.
    pub fn new(code_base: u32, instructions: &[Instruction]) -> Self {
        let end = u64::from(code_base) + 4 * instructions.len() as u64;
        assert!(end <= 1 << 30, "code range ends at {end:#x}, beyond 2^30");
        let height = instructions.len().next_power_of_two().max(2);
        let mut values = Vec::with_capacity(height * NUM_PROGRAM_PREPROCESSED_COLS);
        for (i, instruction) in instructions.iter().enumerate() {
            values.extend(instruction_row(code_base + 4 * i as u32, instruction));
        }
        for _ in instructions.len()..height {
            values.extend(padding_row());
        }
        Self {
            code_base,
            num_instructions: instructions.len(),
            table: Arc::new(RowMajorMatrix::new(values, NUM_PROGRAM_PREPROCESSED_COLS)),
        }
    }

    /// The main trace: row `i`'s multiplicity is how often `executed_pcs` lists instruction `i`.
    ///
    /// # Panics
    ///
    /// If a pc is not an instruction of this program: the pcs come from an execution of this
    /// program, so that is a broken host invariant.
    pub fn generate_trace(
        &self,
        executed_pcs: impl IntoIterator<Item = u32>,
    ) -> RowMajorMatrix<Val> {
        let mut counts = vec![0u32; self.height()];
        for pc in executed_pcs {
            let offset = pc.wrapping_sub(self.code_base);
            let index = (offset / 4) as usize;
            assert!(
                offset % 4 == 0 && index < self.num_instructions,
                "executed pc {pc:#x} is not an instruction of the program"
            );
            counts[index] += 1;
        }
        let values = counts.into_iter().map(Val::from_u32).collect();
        RowMajorMatrix::new(values, NUM_PROGRAM_COLS)
    }
}

#[cfg(test)]
mod tests {
    use gluecp_vm::Opcode;
    use p3_matrix::Matrix;

    use super::*;
    use crate::chips::cpu::flag;

    #[test]
    fn rows_hold_the_instructions_then_padding() {
        let instructions = [
            Instruction {
                opcode: Opcode::Addi,
                rd: 1,
                rs1: 2,
                rs2: 0,
                imm: -2,
            },
            Instruction::illegal(0xdead_beef),
            Instruction {
                opcode: Opcode::Lui,
                rd: 5,
                rs1: 0,
                rs2: 0,
                imm: 0x1234_5000,
            },
        ];
        let air = ProgramAir::new(0x1000, &instructions);
        let table = air.table.as_ref();
        assert_eq!(table.height(), 4);
        let row = |i: usize| {
            table.values[i * NUM_PROGRAM_PREPROCESSED_COLS..][..NUM_PROGRAM_PREPROCESSED_COLS]
                .to_vec()
        };
        let v = |x: u32| Val::from_u32(x);
        let add_imm = flag::VALID | flag::ADD | flag::IMM | flag::WRITE_RD;
        assert_eq!(
            row(0),
            [
                v(0x1000),
                v(1),
                v(1),
                v(2),
                v(0),
                v(0xfffe),
                v(0xffff),
                v(0),
                v(add_imm),
                v(0),
                v(0)
            ]
        );
        // An illegal word is not VALID: no CPU row can claim it.
        assert_eq!(
            row(1),
            [
                v(0x1004),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0),
                v(0)
            ]
        );
        assert_eq!(
            row(2),
            [
                v(0x1008),
                v(1),
                v(5),
                v(0),
                v(0),
                v(0x5000),
                v(0x1234),
                v(0),
                v(add_imm),
                v(0),
                v(0)
            ]
        );
        assert_eq!(row(3), padding_row().to_vec());

        let trace = air.generate_trace([0x1000, 0x1008, 0x1000]);
        assert_eq!(trace.values, [v(2), v(0), v(1), v(0)]);
    }

    #[test]
    fn jal_and_jalr_state_their_link_unless_rd_is_x0() {
        let jal = |rd: u8| Instruction {
            opcode: Opcode::Jal,
            rd,
            rs1: 0,
            rs2: 0,
            imm: 8,
        };
        let jalr = |rd: u8| Instruction {
            opcode: Opcode::Jalr,
            rd,
            rs1: 1,
            rs2: 0,
            imm: 0,
        };
        let link = |pc: u32, instruction: Instruction| {
            let row = instruction_row(pc, &instruction);
            [
                row[NUM_PROGRAM_PREPROCESSED_COLS - 2],
                row[NUM_PROGRAM_PREPROCESSED_COLS - 1],
            ]
        };
        let v = |x: u32| Val::from_u32(x);
        assert_eq!(link(0x1_fffc, jal(1)), [v(0), v(2)]);
        assert_eq!(link(0x1_2344, jalr(5)), [v(0x2348), v(1)]);
        assert_eq!(link(0x1_2344, jal(0)), [v(0), v(0)]);
        assert_eq!(link(0x1_2344, jalr(0)), [v(0), v(0)]);
    }

    #[test]
    fn an_empty_program_still_has_two_rows() {
        assert_eq!(ProgramAir::new(0x1000, &[]).height(), 2);
    }

    #[test]
    #[should_panic(expected = "not an instruction")]
    fn an_unknown_pc_is_a_host_bug() {
        let air = ProgramAir::new(0x1000, &[Instruction::illegal(0)]);
        air.generate_trace([0x1004]);
    }
}
