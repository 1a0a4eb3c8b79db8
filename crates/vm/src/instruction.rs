//! The typed form of an RV32IM instruction.
//!
//! Every instruction is decoded once, by [`decode`](crate::decode), into an [`Instruction`]:
//! a flat opcode plus register indices and a sign-extended immediate. The executor, the
//! disassembler (`Display`), and later the profiler and trace generation all match on
//! [`Opcode`], so adding an instruction makes the compiler list every place it touches.

use core::fmt;

/// One RV32IM operation. Names follow the RISC-V unprivileged specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Opcode {
    // Register-register ALU (R-type).
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    // Register-immediate ALU (I-type); shift amounts are in `imm`.
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    // M extension.
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    // Loads: rd = mem[rs1 + imm].
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    // Stores: mem[rs1 + imm] = rs2.
    Sb,
    Sh,
    Sw,
    // Conditional branches to pc + imm.
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    // Jumps and upper immediates.
    Jal,
    Jalr,
    Lui,
    Auipc,
    // System.
    Fence,
    Ecall,
    Ebreak,
    /// A word that is not an RV32IM instruction; `imm` holds the raw word. Decoding never
    /// fails (data may sit in code segments); executing this traps.
    Illegal,
}

/// The instruction classes used by cost reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionClass {
    /// Integer arithmetic, logic, shifts, comparisons, `lui`, `auipc`.
    Alu,
    /// Multiplication, division and remainder (the M extension).
    MulDiv,
    /// Loads.
    Load,
    /// Stores.
    Store,
    /// Branches and jumps.
    Control,
    /// `ecall`, `ebreak`, `fence`, and illegal words.
    System,
}

impl Opcode {
    /// The lowercase mnemonic.
    pub const fn mnemonic(self) -> &'static str {
        use Opcode::*;
        match self {
            Add => "add",
            Sub => "sub",
            Sll => "sll",
            Slt => "slt",
            Sltu => "sltu",
            Xor => "xor",
            Srl => "srl",
            Sra => "sra",
            Or => "or",
            And => "and",
            Addi => "addi",
            Slti => "slti",
            Sltiu => "sltiu",
            Xori => "xori",
            Ori => "ori",
            Andi => "andi",
            Slli => "slli",
            Srli => "srli",
            Srai => "srai",
            Mul => "mul",
            Mulh => "mulh",
            Mulhsu => "mulhsu",
            Mulhu => "mulhu",
            Div => "div",
            Divu => "divu",
            Rem => "rem",
            Remu => "remu",
            Lb => "lb",
            Lh => "lh",
            Lw => "lw",
            Lbu => "lbu",
            Lhu => "lhu",
            Sb => "sb",
            Sh => "sh",
            Sw => "sw",
            Beq => "beq",
            Bne => "bne",
            Blt => "blt",
            Bge => "bge",
            Bltu => "bltu",
            Bgeu => "bgeu",
            Jal => "jal",
            Jalr => "jalr",
            Lui => "lui",
            Auipc => "auipc",
            Fence => "fence",
            Ecall => "ecall",
            Ebreak => "ebreak",
            Illegal => "illegal",
        }
    }

    /// The class this opcode is reported under.
    pub const fn class(self) -> InstructionClass {
        use Opcode::*;
        match self {
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addi | Slti | Sltiu
            | Xori | Ori | Andi | Slli | Srli | Srai | Lui | Auipc => InstructionClass::Alu,
            Mul | Mulh | Mulhsu | Mulhu | Div | Divu | Rem | Remu => InstructionClass::MulDiv,
            Lb | Lh | Lw | Lbu | Lhu => InstructionClass::Load,
            Sb | Sh | Sw => InstructionClass::Store,
            Beq | Bne | Blt | Bge | Bltu | Bgeu | Jal | Jalr => InstructionClass::Control,
            Fence | Ecall | Ebreak | Illegal => InstructionClass::System,
        }
    }
}

/// A decoded instruction. Fields an opcode does not use are zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instruction {
    /// The operation.
    pub opcode: Opcode,
    /// Destination register (0..32).
    pub rd: u8,
    /// First source register (0..32).
    pub rs1: u8,
    /// Second source register (0..32).
    pub rs2: u8,
    /// Sign-extended immediate: an offset, an ALU operand, a shift amount, the upper
    /// immediate already shifted left by 12, or the raw word of an illegal instruction.
    pub imm: i32,
}

impl Instruction {
    /// An illegal instruction carrying its raw word.
    pub const fn illegal(word: u32) -> Self {
        Instruction {
            opcode: Opcode::Illegal,
            rd: 0,
            rs1: 0,
            rs2: 0,
            imm: word as i32,
        }
    }
}

/// ABI name of register `index` (`zero`, `ra`, `sp`, ..., `t6`).
pub const fn register_name(index: u8) -> &'static str {
    const NAMES: [&str; 32] = [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4",
        "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4",
        "t5", "t6",
    ];
    NAMES[(index & 31) as usize]
}

/// Disassembly in the GNU `objdump` style (branch and jump offsets are relative).
impl fmt::Display for Instruction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Opcode::*;
        let m = self.opcode.mnemonic();
        let (rd, rs1, rs2) = (
            register_name(self.rd),
            register_name(self.rs1),
            register_name(self.rs2),
        );
        let imm = self.imm;
        match self.opcode {
            Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu
            | Mulhu | Div | Divu | Rem | Remu => write!(f, "{m} {rd}, {rs1}, {rs2}"),
            Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai => {
                write!(f, "{m} {rd}, {rs1}, {imm}")
            }
            Lb | Lh | Lw | Lbu | Lhu | Jalr => write!(f, "{m} {rd}, {imm}({rs1})"),
            Sb | Sh | Sw => write!(f, "{m} {rs2}, {imm}({rs1})"),
            Beq | Bne | Blt | Bge | Bltu | Bgeu => write!(f, "{m} {rs1}, {rs2}, {imm:+}"),
            Jal => write!(f, "{m} {rd}, {imm:+}"),
            Lui | Auipc => write!(f, "{m} {rd}, {:#x}", (imm as u32) >> 12),
            Fence | Ecall | Ebreak => f.write_str(m),
            Illegal => write!(f, "illegal {:#010x}", imm as u32),
        }
    }
}
