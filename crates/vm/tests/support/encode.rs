//! A small RV32IM assembler: one [`Mnemonic`] plus operands in, one instruction word out.
//!
//! Written from the RISC-V unprivileged specification (chapter "RV32I Base Integer
//! Instruction Set" and "M Extension"), independently of the VM's decoder, so that the
//! conformance test does not check the decoder against itself.

/// Every RV32IM instruction the conformance generator emits (all of RV32IM except
/// `ecall`/`ebreak`, which the generator uses only in the epilogue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mnemonic {
    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    Lb,
    Lh,
    Lw,
    Lbu,
    Lhu,
    Sb,
    Sh,
    Sw,
    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
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
    Fence,
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
}

use Mnemonic::*;

impl Mnemonic {
    /// All 46 mnemonics.
    pub const ALL: [Mnemonic; 46] = [
        Lui, Auipc, Jal, Jalr, Beq, Bne, Blt, Bge, Bltu, Bgeu, Lb, Lh, Lw, Lbu, Lhu, Sb, Sh, Sw,
        Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai, Add, Sub, Sll, Slt, Sltu, Xor, Srl,
        Sra, Or, And, Fence, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
    ];

    /// Register-register ALU operations (R-type), base and M extension.
    pub const ALU_REG: [Mnemonic; 18] = [
        Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem,
        Remu,
    ];
    /// Register-immediate ALU operations with a 12-bit immediate.
    pub const ALU_IMM: [Mnemonic; 6] = [Addi, Slti, Sltiu, Xori, Ori, Andi];
    /// Shifts by an immediate amount (0..=31).
    pub const SHIFT_IMM: [Mnemonic; 3] = [Slli, Srli, Srai];
    /// Conditional branches.
    pub const BRANCH: [Mnemonic; 6] = [Beq, Bne, Blt, Bge, Bltu, Bgeu];
    /// Loads.
    pub const LOAD: [Mnemonic; 5] = [Lb, Lh, Lw, Lbu, Lhu];
    /// Stores.
    pub const STORE: [Mnemonic; 3] = [Sb, Sh, Sw];

    /// Bytes accessed by a load or store, 0 for other instructions.
    pub fn access_size(self) -> i32 {
        match self {
            Lb | Lbu | Sb => 1,
            Lh | Lhu | Sh => 2,
            Lw | Sw => 4,
            _ => 0,
        }
    }
}

const OP_LUI: u32 = 0b011_0111;
const OP_AUIPC: u32 = 0b001_0111;
const OP_JAL: u32 = 0b110_1111;
const OP_JALR: u32 = 0b110_0111;
const OP_BRANCH: u32 = 0b110_0011;
const OP_LOAD: u32 = 0b000_0011;
const OP_STORE: u32 = 0b010_0011;
const OP_IMM: u32 = 0b001_0011;
const OP_REG: u32 = 0b011_0011;
const OP_MISC_MEM: u32 = 0b000_1111;
const OP_SYSTEM: u32 = 0b111_0011;

fn reg(r: u8) -> u32 {
    assert!(r < 32, "register x{r} does not exist");
    u32::from(r)
}

fn r_type(funct7: u32, rs2: u8, rs1: u8, funct3: u32, rd: u8, opcode: u32) -> u32 {
    funct7 << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode
}

fn i_type(imm: i32, rs1: u8, funct3: u32, rd: u8, opcode: u32) -> u32 {
    assert!(
        (-2048..=2047).contains(&imm),
        "I-immediate {imm} out of range"
    );
    (imm as u32 & 0xfff) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode
}

fn s_type(imm: i32, rs2: u8, rs1: u8, funct3: u32, opcode: u32) -> u32 {
    assert!(
        (-2048..=2047).contains(&imm),
        "S-immediate {imm} out of range"
    );
    let imm = imm as u32;
    (imm >> 5 & 0x7f) << 25
        | reg(rs2) << 20
        | reg(rs1) << 15
        | funct3 << 12
        | (imm & 0x1f) << 7
        | opcode
}

fn b_type(offset: i32, rs2: u8, rs1: u8, funct3: u32) -> u32 {
    assert!(
        (-4096..=4094).contains(&offset) && offset % 2 == 0,
        "branch offset {offset} out of range"
    );
    let imm = offset as u32;
    (imm >> 12 & 1) << 31
        | (imm >> 5 & 0x3f) << 25
        | reg(rs2) << 20
        | reg(rs1) << 15
        | funct3 << 12
        | (imm >> 1 & 0xf) << 8
        | (imm >> 11 & 1) << 7
        | OP_BRANCH
}

fn j_type(offset: i32, rd: u8) -> u32 {
    assert!(
        (-(1 << 20)..(1 << 20)).contains(&offset) && offset % 2 == 0,
        "jump offset {offset} out of range"
    );
    let imm = offset as u32;
    (imm >> 20 & 1) << 31
        | (imm >> 1 & 0x3ff) << 21
        | (imm >> 11 & 1) << 20
        | (imm >> 12 & 0xff) << 12
        | reg(rd) << 7
        | OP_JAL
}

/// Encode one instruction.
///
/// Operands not used by `mnemonic` are ignored. `imm` means, by format: the sign-extended
/// 12-bit immediate (I, S), the shift amount (shifts), the byte offset (branches, `jal`),
/// the 32-bit value whose low 12 bits must be zero (`lui`, `auipc`), and the
/// `fm|pred|succ` field (`fence`).
pub fn encode(mnemonic: Mnemonic, rd: u8, rs1: u8, rs2: u8, imm: i32) -> u32 {
    match mnemonic {
        Lui | Auipc => {
            assert_eq!(imm & 0xfff, 0, "upper immediate {imm:#x} has low bits set");
            let opcode = if mnemonic == Lui { OP_LUI } else { OP_AUIPC };
            imm as u32 | reg(rd) << 7 | opcode
        }
        Jal => j_type(imm, rd),
        Jalr => i_type(imm, rs1, 0, rd, OP_JALR),
        Beq | Bne | Blt | Bge | Bltu | Bgeu => {
            let funct3 = match mnemonic {
                Beq => 0,
                Bne => 1,
                Blt => 4,
                Bge => 5,
                Bltu => 6,
                _ => 7,
            };
            b_type(imm, rs2, rs1, funct3)
        }
        Lb | Lh | Lw | Lbu | Lhu => {
            let funct3 = match mnemonic {
                Lb => 0,
                Lh => 1,
                Lw => 2,
                Lbu => 4,
                _ => 5,
            };
            i_type(imm, rs1, funct3, rd, OP_LOAD)
        }
        Sb | Sh | Sw => {
            let funct3 = match mnemonic {
                Sb => 0,
                Sh => 1,
                _ => 2,
            };
            s_type(imm, rs2, rs1, funct3, OP_STORE)
        }
        Addi | Slti | Sltiu | Xori | Ori | Andi => {
            let funct3 = match mnemonic {
                Addi => 0,
                Slti => 2,
                Sltiu => 3,
                Xori => 4,
                Ori => 6,
                _ => 7,
            };
            i_type(imm, rs1, funct3, rd, OP_IMM)
        }
        Slli | Srli | Srai => {
            assert!((0..32).contains(&imm), "shift amount {imm} out of range");
            let (funct7, funct3) = match mnemonic {
                Slli => (0, 1),
                Srli => (0, 5),
                _ => (0b010_0000, 5),
            };
            r_type(funct7, imm as u8, rs1, funct3, rd, OP_IMM)
        }
        Fence => {
            assert!(
                (0..1 << 12).contains(&imm),
                "fence field {imm:#x} out of range"
            );
            (imm as u32) << 20 | OP_MISC_MEM
        }
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Mul | Mulh | Mulhsu | Mulhu
        | Div | Divu | Rem | Remu => {
            let (funct7, funct3) = match mnemonic {
                Add => (0, 0),
                Sub => (0b010_0000, 0),
                Sll => (0, 1),
                Slt => (0, 2),
                Sltu => (0, 3),
                Xor => (0, 4),
                Srl => (0, 5),
                Sra => (0b010_0000, 5),
                Or => (0, 6),
                And => (0, 7),
                Mul => (1, 0),
                Mulh => (1, 1),
                Mulhsu => (1, 2),
                Mulhu => (1, 3),
                Div => (1, 4),
                Divu => (1, 5),
                Rem => (1, 6),
                _ => (1, 7),
            };
            r_type(funct7, rs2, rs1, funct3, rd, OP_REG)
        }
    }
}

/// `ecall`.
pub const ECALL: u32 = OP_SYSTEM;

/// `lui rd, ..; addi rd, rd, ..`: two words that set `rd` to any 32-bit `value`.
pub fn li(rd: u8, value: u32) -> [u32; 2] {
    // addi sign-extends its 12 bits, so round the upper part up when bit 11 is set.
    let upper = value.wrapping_add(0x800) & 0xffff_f000;
    let lower = value.wrapping_sub(upper) as i32;
    [
        encode(Lui, rd, 0, 0, upper as i32),
        encode(Addi, rd, rd, 0, lower),
    ]
}
