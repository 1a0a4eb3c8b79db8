//! Stable numeric ids for [`Opcode`], as they appear in the program table and on the `program`
//! bus.
//!
//! The ids are part of the verifying key: a proof commits to them through the preprocessed
//! program table, so they are written out one by one here and never derived from the enum's
//! declaration order (reordering `Opcode` must not change a proof).
//!
//! | id | opcodes |
//! | --- | --- |
//! | 0 | `illegal` (reserved: also the id of every padding row) |
//! | 1..=10 | `add sub sll slt sltu xor srl sra or and` |
//! | 11..=19 | `addi slti sltiu xori ori andi slli srli srai` |
//! | 20..=27 | `mul mulh mulhsu mulhu div divu rem remu` |
//! | 28..=32 | `lb lh lw lbu lhu` |
//! | 33..=35 | `sb sh sw` |
//! | 36..=41 | `beq bne blt bge bltu bgeu` |
//! | 42..=45 | `jal jalr lui auipc` |
//! | 46..=48 | `fence ecall ebreak` |

use gluecp_vm::Opcode;

/// The id of [`Opcode::Illegal`] and of the program table's padding rows. The CPU never looks
/// up an instruction with this id (executing an illegal word traps before a row is proved).
pub const ILLEGAL_OPCODE_ID: u32 = 0;

/// Number of opcode ids in use (`0..NUM_OPCODE_IDS`).
pub const NUM_OPCODE_IDS: u32 = 49;

/// The stable id of `opcode` (see the module docs for the table).
pub const fn opcode_id(opcode: Opcode) -> u32 {
    use Opcode::*;
    match opcode {
        Illegal => ILLEGAL_OPCODE_ID,
        Add => 1,
        Sub => 2,
        Sll => 3,
        Slt => 4,
        Sltu => 5,
        Xor => 6,
        Srl => 7,
        Sra => 8,
        Or => 9,
        And => 10,
        Addi => 11,
        Slti => 12,
        Sltiu => 13,
        Xori => 14,
        Ori => 15,
        Andi => 16,
        Slli => 17,
        Srli => 18,
        Srai => 19,
        Mul => 20,
        Mulh => 21,
        Mulhsu => 22,
        Mulhu => 23,
        Div => 24,
        Divu => 25,
        Rem => 26,
        Remu => 27,
        Lb => 28,
        Lh => 29,
        Lw => 30,
        Lbu => 31,
        Lhu => 32,
        Sb => 33,
        Sh => 34,
        Sw => 35,
        Beq => 36,
        Bne => 37,
        Blt => 38,
        Bge => 39,
        Bltu => 40,
        Bgeu => 41,
        Jal => 42,
        Jalr => 43,
        Lui => 44,
        Auipc => 45,
        Fence => 46,
        Ecall => 47,
        Ebreak => 48,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every opcode, in mnemonic order of the VM's enum.
    const ALL: [Opcode; NUM_OPCODE_IDS as usize] = {
        use Opcode::*;
        [
            Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Addi, Slti, Sltiu, Xori, Ori, Andi,
            Slli, Srli, Srai, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu, Lb, Lh, Lw, Lbu, Lhu,
            Sb, Sh, Sw, Beq, Bne, Blt, Bge, Bltu, Bgeu, Jal, Jalr, Lui, Auipc, Fence, Ecall,
            Ebreak, Illegal,
        ]
    };

    #[test]
    fn ids_are_distinct_and_dense() {
        let mut seen = [false; NUM_OPCODE_IDS as usize];
        for opcode in ALL {
            let id = opcode_id(opcode) as usize;
            assert!(!seen[id], "{opcode:?} reuses id {id}");
            seen[id] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(opcode_id(Opcode::Illegal), ILLEGAL_OPCODE_ID);
    }

    #[test]
    fn ids_are_pinned() {
        // A change here changes every program's verifying key.
        assert_eq!(opcode_id(Opcode::Add), 1);
        assert_eq!(opcode_id(Opcode::Addi), 11);
        assert_eq!(opcode_id(Opcode::Mul), 20);
        assert_eq!(opcode_id(Opcode::Lw), 30);
        assert_eq!(opcode_id(Opcode::Sw), 35);
        assert_eq!(opcode_id(Opcode::Jal), 42);
        assert_eq!(opcode_id(Opcode::Ecall), 47);
        assert_eq!(opcode_id(Opcode::Ebreak), 48);
    }
}
