//! The cost model's per-instruction cells against the tables the prover really builds: over a
//! run that uses every ALU chip, the `lsu` chip and a Keccak-f call, the sum of
//! [`instruction_cells`] equals the real rows of the `cpu`, ALU and `lsu` tables times their
//! widths, and the Keccak call costs its chip's rows times its width.

#[path = "../../vm/tests/support/elf.rs"]
#[allow(dead_code)]
mod elf;
#[path = "../../vm/tests/support/encode.rs"]
#[allow(dead_code)]
mod encode;

use encode::Mnemonic::*;
use encode::encode;
use gluecp_abi::ecall::coprocessor::KECCAK_F;
use gluecp_prover::cost::{
    KECCAK_ABSORB_WORD_CELLS, KECCAK_PERMUTATION_CELLS, coprocessor_cells, instruction_cells,
};
use gluecp_prover::execute::execute;
use gluecp_prover::harness::ProverAir;
use gluecp_prover::machine::tables;
use gluecp_vm::Program;
use p3_air::BaseAir;

const ECALL: u32 = 0x0000_0073;
const CODE: u32 = 0x1000;

/// A loop over one instruction of each kind (every ALU chip, loads and stores, JAL, JALR,
/// FENCE), then a Keccak-f call on a zero state on the stack, then the halt.
fn program() -> Program {
    let (sp, ra, t0, t1, t2, s0) = (2, 1, 5, 6, 7, 8);
    let (a0, a1, a2, a3, a4, a5, a6, a7) = (10, 11, 12, 13, 14, 15, 16, 17);
    let (t3, t4, t5, t6) = (28, 29, 30, 31);
    let words = [
        encode(Addi, a0, 0, 0, 5),     // a0 = 5 (loop counter)
        encode(Addi, s0, sp, 0, -256), // s0 = a scratch buffer on the stack
        encode(Add, a1, a1, a0, 0),    // loop:
        encode(Sub, a2, a1, a0, 0),
        encode(Xor, a3, a1, a2, 0),
        encode(Slt, a4, a1, a2, 0),
        encode(Sll, a5, a1, a0, 0),
        encode(Mul, a6, a1, a0, 0),
        encode(Divu, a7, a1, a0, 0),
        encode(Rem, t1, a1, a0, 0),
        encode(Lui, t2, 0, 0, 0x1234_5000),
        encode(Sw, 0, s0, a1, 0),
        encode(Lbu, t4, s0, 0, 1),
        encode(Sh, 0, s0, a2, 2),
        encode(Lh, t5, s0, 0, 2),
        encode(Jal, ra, 0, 0, 8),   // skip the next instruction
        encode(Addi, t3, t3, 0, 1), // (skipped)
        encode(Auipc, t6, 0, 0, 0), // t6 = this pc
        encode(Jalr, 0, t6, 0, 12), // skip the next instruction
        encode(Addi, t3, t3, 0, 1), // (skipped)
        encode(Fence, 0, 0, 0, 0),
        encode(Addi, a0, a0, 0, -1),
        encode(Bne, 0, a0, 0, -80),     // back to loop
        encode(Addi, a0, sp, 0, -1024), // the Keccak state
        encode(Addi, a2, 0, 0, 0),      // absorb nothing
        encode(Addi, t0, 0, 0, KECCAK_F as i32),
        ECALL,
        encode(Addi, a0, 0, 0, 0), // exit code 0
        encode(Addi, t0, 0, 0, 0), // HALT
        ECALL,
    ];
    let elf = elf::write(CODE, &[elf::Segment::code(CODE, &words)], 4);
    Program::from_elf(&elf).expect("valid program")
}

#[test]
fn instruction_cells_are_the_real_rows_of_the_tables() {
    let program = program();
    let record = execute(&program, &gluecp_coprocessors::builtins(), &[]).expect("runs");
    assert_eq!(record.keccak.len(), 1, "one Keccak-f call");

    // What the profiler charges: each executed instruction's cells, looked up by pc.
    let charged: u64 = record
        .cpu
        .iter()
        .map(|e| instruction_cells(&program.instructions()[((e.pc - CODE) / 4) as usize]))
        .sum();

    // What the prover builds: real rows (one per event) times each table's width.
    let (chips, _) = tables(&program, &record);
    let real_rows = |name: &str| match name {
        "cpu" => record.cpu.len(),
        "add_sub" => record.alu[0].len(),
        "bitwise" => record.alu[1].len(),
        "lt" => record.alu[2].len(),
        "shift" => record.alu[3].len(),
        "mul" => record.alu[4].len(),
        "divrem" => record.alu[5].len(),
        "lsu" => record.lsu.len(),
        _ => 0,
    };
    let mut built = 0;
    let mut per_instruction_tables = Vec::new();
    let mut keccak_cells = 0;
    for chip in &chips {
        let name = ProverAir::name(chip);
        let rows = real_rows(&name);
        if rows > 0 {
            per_instruction_tables.push(name.clone());
        }
        built += (rows * chip.width()) as u64;
        if name == "keccak" {
            keccak_cells = (record.keccak.len() * 24 * chip.width()) as u64;
        }
        assert_ne!(name, "keccak-absorb", "the call absorbs nothing");
    }
    assert_eq!(
        per_instruction_tables,
        [
            "cpu", "add_sub", "bitwise", "lt", "shift", "mul", "divrem", "lsu"
        ],
        "the run uses every per-instruction table"
    );
    assert_eq!(charged, built);
    // A pure permutation: the `keccak` chip's rows only. (A call absorbing a Keccak-256 block,
    // which the profiler charges, adds 34 rows of `keccak-absorb`.)
    assert_eq!(
        KECCAK_PERMUTATION_CELLS * record.keccak.len() as u64,
        keccak_cells
    );
    assert_eq!(
        coprocessor_cells(KECCAK_F),
        Some(KECCAK_PERMUTATION_CELLS + 34 * KECCAK_ABSORB_WORD_CELLS)
    );
}
