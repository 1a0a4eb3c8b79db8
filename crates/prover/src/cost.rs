//! What a run costs the prover, in main-trace cells (rows × width), per executed instruction
//! and per coprocessor call: the figures the profiler's `prove` model charges.
//!
//! # What is counted
//!
//! - **An instruction**: its CPU row ([`NUM_CPU_COLS`]) plus its row in the chip that serves
//!   its op, as [`crate::execute`] routes it ([`CpuInstruction`]'s `op` and flags):
//!
//!   | instructions | serving chip |
//!   | --- | --- |
//!   | SUB | `add_sub` |
//!   | XOR(I), OR(I), AND(I) | `bitwise` |
//!   | SLT(I), SLTU, SLTIU; branches (EQ for BEQ/BNE, SLT for BLT/BGE, SLTU for BLTU/BGEU) | `lt` |
//!   | SLL(I), SRL(I), SRA(I) | `shift` |
//!   | MUL, MULH, MULHSU, MULHU | `mul` |
//!   | DIV, DIVU, REM, REMU | `divrem` |
//!   | loads and stores | `lsu` |
//!   | ADD(I), LUI, AUIPC, JALR (the target `rs1 + imm`), JAL, FENCE, ECALL | none: the CPU row only |
//!
//!   An `ecall`'s serving chip is the system call's: a coprocessor call's rows are charged to
//!   the coprocessor ([`coprocessor_cells`]); the `io` chip's rows for input and journal calls
//!   (a head row, a pointer row for `WRITE`, one row per word transferred) depend on the
//!   buffer's address and length, which the instruction does not show, and are left out.
//! - **A coprocessor call**: the rows of its chip, for coprocessors that have one.
//!
//! # What is not counted
//!
//! Nothing here grows with a single instruction in isolation, so none of it is charged:
//! LogUp auxiliary (permutation) columns, padding of each table to a power of two, the fixed
//! tables (the 2^16-row `byte` table, the `program` and `image` tables, the `io-data` table),
//! the `memory` chip's two rows per memory cell the run touches, and the `io` chip's rows
//! above. So the figures are a lower bound on a proof's committed cells, exact for what they
//! count: the sum over a run of [`instruction_cells`] equals the real (unpadded) rows of the
//! `cpu`, ALU and `lsu` tables times their widths (`tests/cost.rs`).

use gluecp_abi::ecall::coprocessor::{
    ED25519_VERIFY, KECCAK_F, MATMUL_I8, MODMUL256, POSEIDON2_KOALABEAR16, SECP256K1_RECOVER,
    SECP256K1_VERIFY, SHA256_COMPRESS,
};
use gluecp_vm::Instruction;
use p3_keccak_air::NUM_ROUNDS;

use crate::bus::AluOp;
use crate::chips::alu::{add_sub, bitwise, divrem, lt, mul, shift};
use crate::chips::cpu::{CpuInstruction, NUM_CPU_COLS, flag};
use crate::chips::ed25519::{
    feeder::NUM_BLOCK_COLS, mul::NUM_ED_MUL_COLS, verify::NUM_VERIFY_COLS as NUM_ED_VERIFY_COLS,
};
use crate::chips::keccak::{NUM_ABSORB_COLS, NUM_KECCAK_CHIP_COLS};
use crate::chips::lsu::NUM_LSU_COLS;
use crate::chips::matmul::{LANES, NUM_MATMUL_MAC_COLS};
use crate::chips::modmul::NUM_MODMUL_COLS;
use crate::chips::poseidon2::NUM_POSEIDON2_CHIP_COLS;
use crate::chips::secp256k1::{
    mul::NUM_MUL_COLS, mul::STEPS, recover::NUM_RECOVER_COLS, verify::NUM_VERIFY_COLS,
};
use crate::chips::sha256::NUM_SHA256_CHIP_COLS;
use crate::chips::sha512::{NUM_SHA512_COLS, ROUNDS as SHA512_ROUNDS};
use crate::execute::alu_chip;

/// Width of each ALU chip, in [`crate::execute::ALU_CHIP_OPS`] order.
pub const ALU_CHIP_WIDTHS: [usize; 6] = [
    add_sub::NUM_ADD_SUB_COLS,
    bitwise::NUM_BITWISE_COLS,
    lt::NUM_LT_COLS,
    shift::NUM_SHIFT_COLS,
    mul::NUM_MUL_COLS,
    divrem::NUM_DIVREM_COLS,
];

/// Rows of the `keccak` chip per `KECCAK_F` call: one permutation of `p3-keccak-air`.
pub const KECCAK_ROWS_PER_CALL: usize = NUM_ROUNDS;

/// Main-trace cells of one Keccak-f permutation: 24 rows of the `keccak` chip.
pub const KECCAK_PERMUTATION_CELLS: u64 = (KECCAK_ROWS_PER_CALL * NUM_KECCAK_CHIP_COLS) as u64;

/// Main-trace cells of one absorbed word: a row of the `keccak-absorb` table.
pub const KECCAK_ABSORB_WORD_CELLS: u64 = NUM_ABSORB_COLS as u64;

/// Words a Keccak-256 block absorbs (136 bytes), as every call of the SDK's hasher does.
pub const KECCAK256_BLOCK_WORDS: u64 = 34;

/// Main-trace cells of one `KECCAK_F` call that absorbs a Keccak-256 block, as the SDK's
/// hasher's calls do: the permutation and 34 absorbed words. A pure permutation costs
/// [`KECCAK_PERMUTATION_CELLS`]; each absorbed word adds [`KECCAK_ABSORB_WORD_CELLS`]. (A call
/// absorbing from an address that is not 4-aligned has its words in `keccak-absorb-unaligned`
/// instead, 16 columns each, and the words it reads in `keccak-absorb-word`, one more than it
/// absorbs: a block costs 35 more rows in two small tables, under 2% of the call.)
pub const KECCAK_CALL_CELLS: u64 =
    KECCAK_PERMUTATION_CELLS + KECCAK256_BLOCK_WORDS * KECCAK_ABSORB_WORD_CELLS;

/// Main-trace cells of one `MATMUL_I8` multiply-accumulate: a `matmul-mac` row holds
/// [`LANES`] of them (exact when `k` is a multiple of [`LANES`]; a dot product's last row may
/// hold fewer).
pub const MATMUL_MAC_CELLS: u64 = (NUM_MATMUL_MAC_COLS / LANES) as u64;

/// Main-trace cells of one `SECP256K1_RECOVER` call: its `secp256k1-recover` row and the
/// 2 × 256 `secp256k1-mul` rows of its two scalar multiplications.
pub const SECP256K1_RECOVER_CELLS: u64 = (NUM_RECOVER_COLS + 2 * STEPS * NUM_MUL_COLS) as u64;

/// Main-trace cells of one `SECP256K1_VERIFY` call: its `secp256k1-verify` row and the
/// 2 × 256 `secp256k1-mul` rows of its two scalar multiplications.
pub const SECP256K1_VERIFY_CELLS: u64 = (NUM_VERIFY_COLS + 2 * STEPS * NUM_MUL_COLS) as u64;

/// Main-trace cells of one `ED25519_VERIFY` call whose hash input `R ‖ A ‖ M` fits one
/// SHA-512 block (a message of up to 47 bytes): its `ed25519-verify` row, one `ed25519-block`
/// row and 80 `sha512` rows, and the 2 × 256 `ed25519-mul` rows of its two scalar
/// multiplications. Each further 128 bytes of message add a block; the message's word rows
/// (`ed25519-word`) are not counted, as SHA-256's block words are not.
pub const ED25519_VERIFY_CELLS: u64 = (NUM_ED_VERIFY_COLS
    + NUM_BLOCK_COLS
    + SHA512_ROUNDS * NUM_SHA512_COLS
    + 2 * STEPS * NUM_ED_MUL_COLS) as u64;

/// Main-trace cells one execution of `instruction` adds (see the module docs): its CPU row
/// plus its row in the chip serving its op. The pc does not matter (it changes only values).
pub fn instruction_cells(instruction: &Instruction) -> u64 {
    cpu_instruction_cells(&CpuInstruction::new(0, instruction))
}

/// [`instruction_cells`] of an instruction in the program table's form.
pub fn cpu_instruction_cells(instruction: &CpuInstruction) -> u64 {
    let op = AluOp::from_id(instruction.op);
    let serving = match op {
        Some(op) if instruction.has(flag::ALU) => ALU_CHIP_WIDTHS[alu_chip(op)],
        Some(_) if instruction.has(flag::LSU) => NUM_LSU_COLS,
        _ => 0,
    };
    (NUM_CPU_COLS + serving) as u64
}

/// Main-trace cells of one unit of work (one call) of coprocessor `number`, if the prover has
/// a chip for it; `None` for calls it cannot prove yet.
pub fn coprocessor_cells(number: u32) -> Option<u64> {
    match number {
        KECCAK_F => Some(KECCAK_CALL_CELLS),
        MATMUL_I8 => Some(MATMUL_MAC_CELLS),
        POSEIDON2_KOALABEAR16 => Some(NUM_POSEIDON2_CHIP_COLS as u64),
        SHA256_COMPRESS => Some(NUM_SHA256_CHIP_COLS as u64),
        MODMUL256 => Some(NUM_MODMUL_COLS as u64),
        SECP256K1_RECOVER => Some(SECP256K1_RECOVER_CELLS),
        SECP256K1_VERIFY => Some(SECP256K1_VERIFY_CELLS),
        ED25519_VERIFY => Some(ED25519_VERIFY_CELLS),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gluecp_vm::{Coprocessor, Opcode};
    use p3_air::BaseAir;

    use crate::chips::keccak::{KeccakAbsorbAir, KeccakChipAir};

    fn cells(opcode: Opcode) -> u64 {
        instruction_cells(&Instruction {
            opcode,
            rd: 1,
            rs1: 2,
            rs2: 3,
            imm: 4,
        })
    }

    #[test]
    fn keccak_work_cost_is_the_chip() {
        // The profiler's keccak row reads `WorkCost.cells`: it must be the chip's real cost.
        let width = BaseAir::<crate::Val>::width(&KeccakChipAir);
        assert_eq!(width, NUM_KECCAK_CHIP_COLS);
        let absorb_width = BaseAir::<crate::Val>::width(&KeccakAbsorbAir);
        assert_eq!(KECCAK_PERMUTATION_CELLS, (24 * width) as u64);
        assert_eq!(KECCAK_ABSORB_WORD_CELLS, absorb_width as u64);
        assert_eq!(KECCAK_CALL_CELLS, (24 * width + 34 * absorb_width) as u64);
        assert_eq!(coprocessor_cells(KECCAK_F), Some(KECCAK_CALL_CELLS));
        assert_eq!(
            gluecp_coprocessors::keccak::KeccakF.work_cost().cells,
            KECCAK_CALL_CELLS
        );
    }

    #[test]
    fn matmul_work_cost_is_the_chip() {
        assert_eq!(NUM_MATMUL_MAC_COLS % LANES, 0);
        assert_eq!(coprocessor_cells(MATMUL_I8), Some(MATMUL_MAC_CELLS));
        assert_eq!(
            gluecp_coprocessors::matmul::MatmulI8.work_cost().cells,
            MATMUL_MAC_CELLS
        );
    }

    #[test]
    fn poseidon2_work_cost_is_the_chip() {
        assert_eq!(
            coprocessor_cells(POSEIDON2_KOALABEAR16),
            Some(NUM_POSEIDON2_CHIP_COLS as u64)
        );
        assert_eq!(
            gluecp_coprocessors::poseidon2::Poseidon2.work_cost().cells,
            NUM_POSEIDON2_CHIP_COLS as u64
        );
    }

    #[test]
    fn modmul_work_cost_is_the_chip() {
        assert_eq!(coprocessor_cells(MODMUL256), Some(NUM_MODMUL_COLS as u64));
        assert_eq!(
            gluecp_coprocessors::modmul::ModMul256.work_cost().cells,
            NUM_MODMUL_COLS as u64
        );
    }

    #[test]
    fn secp256k1_recover_work_cost_is_the_chip() {
        assert_eq!(
            coprocessor_cells(SECP256K1_RECOVER),
            Some(SECP256K1_RECOVER_CELLS)
        );
        assert_eq!(
            gluecp_coprocessors::secp256k1::Recover.work_cost().cells,
            SECP256K1_RECOVER_CELLS,
            "recover {NUM_RECOVER_COLS}, mul {NUM_MUL_COLS}"
        );
    }

    #[test]
    fn secp256k1_verify_work_cost_is_the_chip() {
        assert_eq!(
            coprocessor_cells(SECP256K1_VERIFY),
            Some(SECP256K1_VERIFY_CELLS)
        );
        assert_eq!(
            gluecp_coprocessors::secp256k1::Verify.work_cost().cells,
            SECP256K1_VERIFY_CELLS,
            "verify {NUM_VERIFY_COLS}"
        );
    }

    #[test]
    fn ed25519_work_cost_is_the_chip() {
        assert_eq!(
            coprocessor_cells(ED25519_VERIFY),
            Some(ED25519_VERIFY_CELLS)
        );
        assert_eq!(
            gluecp_coprocessors::ed25519::Verify.work_cost().cells,
            ED25519_VERIFY_CELLS,
            "verify {NUM_ED_VERIFY_COLS}, block {NUM_BLOCK_COLS}, sha512 {NUM_SHA512_COLS}, mul {NUM_ED_MUL_COLS}"
        );
    }

    #[test]
    fn sha256_work_cost_is_the_chip() {
        assert_eq!(
            coprocessor_cells(SHA256_COMPRESS),
            Some(NUM_SHA256_CHIP_COLS as u64)
        );
        assert_eq!(
            gluecp_coprocessors::sha256::Sha256Compress
                .work_cost()
                .cells,
            NUM_SHA256_CHIP_COLS as u64
        );
    }

    #[test]
    fn each_instruction_pays_its_cpu_row_and_its_chip_row() {
        use Opcode::*;
        let cpu = NUM_CPU_COLS as u64;
        let with = |width: usize| cpu + width as u64;
        for (opcode, expected) in [
            (Add, cpu),
            (Addi, cpu),
            (Lui, cpu),
            (Auipc, cpu),
            (Jalr, cpu),
            (Sub, with(add_sub::NUM_ADD_SUB_COLS)),
            (Xori, with(bitwise::NUM_BITWISE_COLS)),
            (Sltiu, with(lt::NUM_LT_COLS)),
            (Beq, with(lt::NUM_LT_COLS)),
            (Bgeu, with(lt::NUM_LT_COLS)),
            (Srai, with(shift::NUM_SHIFT_COLS)),
            (Mulhsu, with(mul::NUM_MUL_COLS)),
            (Remu, with(divrem::NUM_DIVREM_COLS)),
            (Lbu, with(NUM_LSU_COLS)),
            (Sw, with(NUM_LSU_COLS)),
            (Jal, cpu),
            (Fence, cpu),
            (Ecall, cpu),
        ] {
            assert_eq!(cells(opcode), expected, "{opcode:?}");
        }
    }
}
