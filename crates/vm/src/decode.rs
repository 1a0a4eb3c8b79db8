//! Decoding 32-bit words into [`Instruction`]s (RISC-V unprivileged spec, RV32I + M).
//!
//! Decoding is total: a word that is not an RV32IM instruction (compressed encodings, CSR
//! instructions, `fence.i`, reserved funct fields) becomes [`Opcode::Illegal`], which
//! traps only if it is executed.

use crate::instruction::{Instruction, Opcode};

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

const WORD_ECALL: u32 = 0x0000_0073;
const WORD_EBREAK: u32 = 0x0010_0073;

/// Decode one instruction word.
pub fn decode(word: u32) -> Instruction {
    use Opcode::*;
    let rd = ((word >> 7) & 31) as u8;
    let rs1 = ((word >> 15) & 31) as u8;
    let rs2 = ((word >> 20) & 31) as u8;
    let funct3 = (word >> 12) & 7;
    let funct7 = word >> 25;
    let make = |opcode, rd, rs1, rs2, imm| Instruction {
        opcode,
        rd,
        rs1,
        rs2,
        imm,
    };
    let illegal = Instruction::illegal(word);

    match word & 0x7f {
        OP_LUI => make(Lui, rd, 0, 0, imm_u(word)),
        OP_AUIPC => make(Auipc, rd, 0, 0, imm_u(word)),
        OP_JAL => make(Jal, rd, 0, 0, imm_j(word)),
        OP_JALR if funct3 == 0 => make(Jalr, rd, rs1, 0, imm_i(word)),
        OP_BRANCH => {
            let opcode = match funct3 {
                0 => Beq,
                1 => Bne,
                4 => Blt,
                5 => Bge,
                6 => Bltu,
                7 => Bgeu,
                _ => return illegal,
            };
            make(opcode, 0, rs1, rs2, imm_b(word))
        }
        OP_LOAD => {
            let opcode = match funct3 {
                0 => Lb,
                1 => Lh,
                2 => Lw,
                4 => Lbu,
                5 => Lhu,
                _ => return illegal,
            };
            make(opcode, rd, rs1, 0, imm_i(word))
        }
        OP_STORE => {
            let opcode = match funct3 {
                0 => Sb,
                1 => Sh,
                2 => Sw,
                _ => return illegal,
            };
            make(opcode, 0, rs1, rs2, imm_s(word))
        }
        OP_IMM => {
            let shamt = ((word >> 20) & 31) as i32;
            let (opcode, imm) = match (funct3, funct7) {
                (0, _) => (Addi, imm_i(word)),
                (2, _) => (Slti, imm_i(word)),
                (3, _) => (Sltiu, imm_i(word)),
                (4, _) => (Xori, imm_i(word)),
                (6, _) => (Ori, imm_i(word)),
                (7, _) => (Andi, imm_i(word)),
                (1, 0x00) => (Slli, shamt),
                (5, 0x00) => (Srli, shamt),
                (5, 0x20) => (Srai, shamt),
                _ => return illegal,
            };
            make(opcode, rd, rs1, 0, imm)
        }
        OP_REG => {
            let opcode = match (funct7, funct3) {
                (0x00, 0) => Add,
                (0x20, 0) => Sub,
                (0x00, 1) => Sll,
                (0x00, 2) => Slt,
                (0x00, 3) => Sltu,
                (0x00, 4) => Xor,
                (0x00, 5) => Srl,
                (0x20, 5) => Sra,
                (0x00, 6) => Or,
                (0x00, 7) => And,
                (0x01, 0) => Mul,
                (0x01, 1) => Mulh,
                (0x01, 2) => Mulhsu,
                (0x01, 3) => Mulhu,
                (0x01, 4) => Div,
                (0x01, 5) => Divu,
                (0x01, 6) => Rem,
                (0x01, 7) => Remu,
                _ => return illegal,
            };
            make(opcode, rd, rs1, rs2, 0)
        }
        // FENCE's fm/pred/succ/rs1/rd fields are ignored, as the spec requires; FENCE.I
        // (Zifencei) is not part of RV32IM.
        OP_MISC_MEM if funct3 == 0 => make(Fence, 0, 0, 0, 0),
        OP_SYSTEM if word == WORD_ECALL => make(Ecall, 0, 0, 0, 0),
        OP_SYSTEM if word == WORD_EBREAK => make(Ebreak, 0, 0, 0, 0),
        _ => illegal,
    }
}

fn imm_i(word: u32) -> i32 {
    (word as i32) >> 20
}

fn imm_s(word: u32) -> i32 {
    (((word as i32) >> 25) << 5) | ((word >> 7) & 0x1f) as i32
}

fn imm_b(word: u32) -> i32 {
    let sign = ((word as i32) >> 31) << 12;
    let bit11 = ((word >> 7) & 1) << 11;
    let bits10_5 = ((word >> 25) & 0x3f) << 5;
    let bits4_1 = ((word >> 8) & 0xf) << 1;
    sign | (bit11 | bits10_5 | bits4_1) as i32
}

fn imm_u(word: u32) -> i32 {
    (word & 0xffff_f000) as i32
}

fn imm_j(word: u32) -> i32 {
    let sign = ((word as i32) >> 31) << 20;
    let bits19_12 = word & 0x000f_f000;
    let bit11 = ((word >> 20) & 1) << 11;
    let bits10_1 = ((word >> 21) & 0x3ff) << 1;
    sign | (bits19_12 | bit11 | bits10_1) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(word: u32) -> String {
        decode(word).to_string()
    }

    // Words and expected text cross-checked with GNU objdump output.
    #[test]
    fn decodes_known_words() {
        assert_eq!(show(0x00a00513), "addi a0, zero, 10");
        assert_eq!(show(0xfff00293), "addi t0, zero, -1");
        assert_eq!(show(0x00b50533), "add a0, a0, a1");
        assert_eq!(show(0x40b50533), "sub a0, a0, a1");
        assert_eq!(show(0x02b50533), "mul a0, a0, a1");
        assert_eq!(show(0x02b54533), "div a0, a0, a1");
        assert_eq!(show(0x02b57533), "remu a0, a0, a1");
        assert_eq!(show(0x41f55513), "srai a0, a0, 31");
        assert_eq!(show(0x00112623), "sw ra, 12(sp)");
        assert_eq!(show(0xffc12083), "lw ra, -4(sp)");
        assert_eq!(show(0x000122b7), "lui t0, 0x12");
        assert_eq!(show(0x00000517), "auipc a0, 0x0");
        assert_eq!(show(0xfe050ee3), "beq a0, zero, -4");
        assert_eq!(show(0x008000ef), "jal ra, +8");
        assert_eq!(show(0x000080e7), "jalr ra, 0(ra)");
        assert_eq!(show(0x00000073), "ecall");
        assert_eq!(show(0x00100073), "ebreak");
        assert_eq!(show(0x0ff0000f), "fence");
    }

    #[test]
    fn immediates_sign_extend() {
        // jal zero, -2048*... : largest negative J offset
        assert_eq!(decode(0x8000006f).imm, -(1 << 20));
        // beq zero, zero, -4096
        assert_eq!(decode(0x80000063).imm, -4096);
        // sb zero, -1(zero)
        assert_eq!(decode(0xfe000fa3).imm, -1);
        assert_eq!(decode(0x7ff00013).imm, 2047);
        assert_eq!(decode(0x80000013).imm, -2048);
    }

    #[test]
    fn rejects_non_rv32im_words() {
        for word in [
            0x0000_0000, // all zeros: defined illegal
            0xffff_ffff,
            0x0000_4501, // compressed c.li
            0x3400_2573, // csrr a0, mscratch
            0x0000_100f, // fence.i
            0x0205_1513, // slli with shamt[5] set (RV64 only)
            0x0800_0533, // add with a bad funct7
            0x0000_3003, // ld (RV64)
            0x0000_3023, // sd (RV64)
            0x0000_2063, // branch funct3 = 2
            0x0000_1067, // jalr funct3 = 1
            0x0020_0073, // uret-like system word
        ] {
            assert_eq!(decode(word).opcode, Opcode::Illegal, "{word:#010x}");
        }
    }
}
