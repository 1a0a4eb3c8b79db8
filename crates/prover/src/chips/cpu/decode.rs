//! What the CPU row of each instruction does, as the program table states it: the op sent on
//! the `exec` bus, the registers, the immediate, the jump target and the control flags.
//! The prover and the verifier derive it alike from the decoded program.

use gluecp_abi::ecall::{REG_ARGS, REG_CALL};
use gluecp_vm::{Instruction, Opcode};

use crate::bus::AluOp;

/// Control flags of a CPU row, one bit each in the program table's `flags` column.
pub mod flag {
    /// Sends `(op, a, b, c)` on the `exec` bus (every ALU op but the CPU's own [`ADD`]).
    pub const ALU: u32 = 1 << 0;
    /// `c` is the immediate (otherwise `c` is the value of `rs2`, read at slot 1).
    pub const IMM: u32 = 1 << 1;
    /// Sends the load/store tuple on the `exec` bus.
    pub const LSU: u32 = 1 << 2;
    /// Conditional branch to `aux` when `a` (a comparison) is 1, or 0 with [`NEG`].
    pub const BRANCH: u32 = 1 << 3;
    /// The branch is taken when the comparison is 0 (BNE, BGE, BGEU).
    pub const NEG: u32 = 1 << 4;
    /// JAL: jumps to `aux`, links `pc + 4`.
    pub const JAL: u32 = 1 << 5;
    /// JALR: jumps to `a & !1` (`a = rs1 + imm`, an [`ADD`]), links `pc + 4`.
    pub const JALR: u32 = 1 << 6;
    /// ECALL: `t0` in `b`, `a0` in `c`; sends on the `exec` bus unless it is the halt.
    pub const ECALL: u32 = 1 << 7;
    /// Writes `rd` (never set for `rd = x0`, so x0 stays 0).
    pub const WRITE_RD: u32 = 1 << 8;
    /// `a = b + c`, proven by the CPU row itself (ADD, ADDI, LUI, AUIPC, JALR's target): the
    /// commonest op, so it sends nothing on the `exec` bus.
    pub const ADD: u32 = 1 << 9;
    /// Set on every executable instruction; absent on padding rows and on words the VM traps
    /// on (illegal, EBREAK), so no CPU row can claim them. The highest bit.
    pub const VALID: u32 = 1 << 10;
    /// Number of flag bits.
    pub const COUNT: usize = 11;
}

/// The program table's view of one instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuInstruction {
    /// The [`AluOp`] id sent on the `exec` bus, or 0.
    pub op: u32,
    pub rd: u32,
    pub rs1: u32,
    pub rs2: u32,
    /// The immediate as a `u32` (for AUIPC: `pc + imm`, so that it runs as `0 + imm`).
    pub imm: u32,
    /// Branch and JAL target (`pc + imm`, wrapping); 0 otherwise.
    pub aux: u32,
    /// [`flag`] bits.
    pub flags: u32,
    /// The value JAL and JALR write to `rd`, `pc + 4`, when `rd` is not x0; 0 otherwise.
    pub link: u32,
}

impl CpuInstruction {
    /// The CPU row fields of `instruction` at `pc`.
    pub fn new(pc: u32, instruction: &Instruction) -> Self {
        use Opcode::*;
        let i = instruction;
        let imm = i.imm as u32;
        let (rd, rs1, rs2) = (u32::from(i.rd), u32::from(i.rs1), u32::from(i.rs2));
        let write = if rd == 0 { 0 } else { flag::WRITE_RD };
        let valid = flag::VALID;
        let alu_r = |op: AluOp| Self {
            op: op as u32,
            rd,
            rs1,
            rs2,
            flags: valid | flag::ALU | write,
            ..Self::default()
        };
        let alu_i = |op: AluOp, rs1: u32, imm: u32| Self {
            op: op as u32,
            rd,
            rs1,
            imm,
            flags: valid | flag::ALU | flag::IMM | write,
            ..Self::default()
        };
        // The CPU's own ADD: no ALU flag, so nothing is sent.
        let add = |this: Self| Self {
            flags: this.flags & !flag::ALU | flag::ADD,
            ..this
        };
        let branch = |op: AluOp, neg: u32| Self {
            op: op as u32,
            rs1,
            rs2,
            aux: pc.wrapping_add(imm),
            flags: valid | flag::ALU | flag::BRANCH | neg,
            ..Self::default()
        };
        let load = |op: AluOp| Self {
            op: op as u32,
            rd,
            rs1,
            imm,
            flags: valid | flag::LSU | flag::IMM | write,
            ..Self::default()
        };
        let store = |op: AluOp| Self {
            op: op as u32,
            rs1,
            rs2,
            imm,
            flags: valid | flag::LSU,
            ..Self::default()
        };
        match i.opcode {
            Add => add(alu_r(AluOp::Add)),
            Sub => alu_r(AluOp::Sub),
            Sll => alu_r(AluOp::Sll),
            Slt => alu_r(AluOp::Slt),
            Sltu => alu_r(AluOp::Sltu),
            Xor => alu_r(AluOp::Xor),
            Srl => alu_r(AluOp::Srl),
            Sra => alu_r(AluOp::Sra),
            Or => alu_r(AluOp::Or),
            And => alu_r(AluOp::And),
            Mul => alu_r(AluOp::Mul),
            Mulh => alu_r(AluOp::Mulh),
            Mulhsu => alu_r(AluOp::Mulhsu),
            Mulhu => alu_r(AluOp::Mulhu),
            Div => alu_r(AluOp::Div),
            Divu => alu_r(AluOp::Divu),
            Rem => alu_r(AluOp::Rem),
            Remu => alu_r(AluOp::Remu),
            Addi => add(alu_i(AluOp::Add, rs1, imm)),
            Slti => alu_i(AluOp::Slt, rs1, imm),
            Sltiu => alu_i(AluOp::Sltu, rs1, imm),
            Xori => alu_i(AluOp::Xor, rs1, imm),
            Ori => alu_i(AluOp::Or, rs1, imm),
            Andi => alu_i(AluOp::And, rs1, imm),
            Slli => alu_i(AluOp::Sll, rs1, imm),
            Srli => alu_i(AluOp::Srl, rs1, imm),
            Srai => alu_i(AluOp::Sra, rs1, imm),
            Lui => add(alu_i(AluOp::Add, 0, imm)),
            Auipc => add(alu_i(AluOp::Add, 0, pc.wrapping_add(imm))),
            Lb => load(AluOp::Lb),
            Lh => load(AluOp::Lh),
            Lw => load(AluOp::Lw),
            Lbu => load(AluOp::Lbu),
            Lhu => load(AluOp::Lhu),
            Sb => store(AluOp::Sb),
            Sh => store(AluOp::Sh),
            Sw => store(AluOp::Sw),
            Beq => branch(AluOp::Eq, 0),
            Bne => branch(AluOp::Eq, flag::NEG),
            Blt => branch(AluOp::Slt, 0),
            Bge => branch(AluOp::Slt, flag::NEG),
            Bltu => branch(AluOp::Sltu, 0),
            Bgeu => branch(AluOp::Sltu, flag::NEG),
            Jal => Self {
                rd,
                aux: pc.wrapping_add(imm),
                link: if rd == 0 { 0 } else { pc.wrapping_add(4) },
                flags: valid | flag::JAL | flag::IMM | write,
                ..Self::default()
            },
            Jalr => Self {
                op: AluOp::Add as u32,
                rd,
                rs1,
                imm,
                link: if rd == 0 { 0 } else { pc.wrapping_add(4) },
                flags: valid | flag::ADD | flag::IMM | flag::JALR | write,
                ..Self::default()
            },
            Fence => Self {
                flags: valid | flag::IMM,
                ..Self::default()
            },
            Ecall => Self {
                rd: REG_ARGS[0] as u32,
                rs1: REG_CALL as u32,
                rs2: REG_ARGS[0] as u32,
                flags: valid | flag::ECALL | flag::WRITE_RD,
                ..Self::default()
            },
            Ebreak | Illegal => Self::default(),
        }
    }

    /// Whether `bit` (a [`flag`]) is set.
    pub const fn has(&self, bit: u32) -> bool {
        self.flags & bit != 0
    }
}
