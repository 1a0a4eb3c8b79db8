//! The CPU, program, image, memory and byte tables on real runs of small hand-assembled
//! programs, with a stub standing in for the ALU chips (so these tests check the CPU's control
//! flow, register traffic and the memory argument, not the ALU).

#[path = "../../vm/tests/support/elf.rs"]
#[allow(dead_code)]
mod elf;
#[path = "../../vm/tests/support/encode.rs"]
#[allow(dead_code)]
mod encode;

use encode::Mnemonic::*;
use encode::encode;
use gluecp_prover::Val;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, limbs};
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::chips::{Chip, cpu, image, memory, program};
use gluecp_prover::execute::{ExecutionRecord, execute};
use gluecp_prover::testing::{corrupt, prove_and_verify_with};
use gluecp_vm::{Program, Registry};
use p3_matrix::dense::RowMajorMatrix;

const ECALL: u32 = 0x0000_0073;
const CODE: u32 = 0x1000;

/// fib(n) in a loop, then halt with the result as exit code.
fn fib_program(n: i32) -> Program {
    let words = [
        encode(Addi, 10, 0, 0, n),   // a0 = n
        encode(Addi, 11, 0, 0, 0),   // a1 = 0 (f0)
        encode(Addi, 12, 0, 0, 1),   // a2 = 1 (f1)
        encode(Beq, 0, 10, 0, 24),   // loop: if a0 == 0 goto done
        encode(Add, 13, 11, 12, 0),  // a3 = a1 + a2
        encode(Addi, 11, 12, 0, 0),  // a1 = a2
        encode(Addi, 12, 13, 0, 0),  // a2 = a3
        encode(Addi, 10, 10, 0, -1), // a0 -= 1
        encode(Jal, 0, 0, 0, -20),   // goto loop
        encode(Addi, 10, 11, 0, 0),  // done: a0 = a1
        encode(Addi, 5, 0, 0, 0),    // t0 = HALT
        ECALL,
    ];
    let elf = elf::write(CODE, &[elf::Segment::code(CODE, &words)], 4);
    Program::from_elf(&elf).expect("valid program")
}

/// The tables of a run, with an ALU stub receiving every ALU tuple.
fn tables(program: &Program, record: &ExecutionRecord) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
    let mut bytes = ByteLookups::default();
    let program_air = program::ProgramAir::from_program(program);
    let program_trace = program_air.generate_trace(record.cpu.iter().map(|e| e.pc));
    let image_air = image::ImageAir::new(program);
    let image_trace = image_air.generate_trace();
    let memory_trace = memory::generate_trace(&record.memory, &mut bytes);
    let cpu_trace = cpu::generate_trace(&record.cpu, &mut bytes);
    let alu = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
    let rows: Vec<(Vec<u32>, i32)> = record
        .alu
        .iter()
        .flatten()
        .map(|e| {
            let [a0, a1] = limbs(e.a);
            let [b0, b1] = limbs(e.b);
            let [c0, c1] = limbs(e.c);
            (vec![e.op as u32, 0, a0, a1, b0, b1, c0, c1, 0, 0], -1)
        })
        .collect();
    let alu_trace = alu.generate_trace(&rows);
    (
        vec![
            Chip::Program(program_air),
            Chip::Byte(ByteAir),
            Chip::Image(image_air),
            Chip::Memory(memory::MemoryAir),
            Chip::Cpu(cpu::CpuAir {
                entry: program.entry(),
            }),
            Chip::Stub(alu),
        ],
        vec![
            program_trace,
            bytes.generate_trace(),
            image_trace,
            memory_trace,
            cpu_trace,
            alu_trace,
        ],
    )
}

/// Proves and verifies with the run's exit code as the public one.
fn prove_and_verify(
    chips: &[Chip],
    traces: Vec<RowMajorMatrix<Val>>,
    exit_code: u32,
) -> Result<(), String> {
    let public = gluecp_prover::PublicValues {
        exit_code,
        ..Default::default()
    };
    prove_and_verify_with(chips, traces, &public)
}

fn run(n: i32) -> (Program, ExecutionRecord) {
    let program = fib_program(n);
    let record = execute(&program, &Registry::new(), &[]).expect("runs");
    (program, record)
}

#[test]
fn fibonacci_proves() {
    let (program, record) = run(10);
    assert_eq!(record.exit_code, 55);
    let (chips, traces) = tables(&program, &record);
    prove_and_verify(&chips, traces, 55).unwrap();
    let (chips, traces) = tables(&program, &record);
    assert!(
        prove_and_verify(&chips, traces, 56).is_err(),
        "wrong exit code accepted"
    );
}

#[test]
fn fibonacci_proves_with_the_real_alu_chips() {
    let (program, record) = run(12);
    let (chips, traces) = gluecp_prover::machine::tables(&program, &record);
    prove_and_verify(&chips, traces, record.exit_code).unwrap();
}

#[test]
fn every_cell_of_a_cpu_row_is_bound() {
    let (program, record) = run(3);
    let (chips, traces) = tables(&program, &record);
    prove_and_verify(&chips, traces.clone(), record.exit_code).expect("honest run verifies");
    let width = traces[4].width;
    // Row 2 is an ADDI (proven by the CPU row), row 3 a branch (not taken), row 4 the ADD of
    // the first iteration, row 8 a JAL.
    for row in [2, 3, 4, 8] {
        for col in 0..width {
            let mut t = traces.clone();
            corrupt(&mut t[4], row, col);
            assert!(
                prove_and_verify(&chips, t, record.exit_code).is_err(),
                "cpu row {row} column {col} corrupted and still verified"
            );
        }
    }
}

#[test]
fn every_cell_of_a_memory_row_is_bound() {
    let (program, record) = run(3);
    let (chips, traces) = tables(&program, &record);
    prove_and_verify(&chips, traces.clone(), record.exit_code).expect("honest run verifies");
    let width = traces[3].width;
    for row in [0, 3] {
        for col in 0..width {
            let mut t = traces.clone();
            corrupt(&mut t[3], row, col);
            assert!(
                prove_and_verify(&chips, t, record.exit_code).is_err(),
                "memory row {row} column {col} corrupted and still verified"
            );
        }
    }
}

mod hostile_proofs {
    use gluecp_prover::machine::{Expected, prove_program, verify_program};
    use gluecp_prover::{ProofEnvelope, ProofParams, VerifierPolicy};
    use gluecp_vm::Registry;

    use super::fib_program;

    fn policy() -> VerifierPolicy {
        VerifierPolicy {
            params: ProofParams::insecure_for_tests(),
            min_security_bits: 0.0,
        }
    }

    fn proof() -> Vec<u8> {
        let params = ProofParams::insecure_for_tests();
        let (envelope, _) =
            prove_program(&fib_program(6), &Registry::new(), &[], &params, &mut |_| {})
                .expect("proves");
        envelope.to_bytes().expect("encodes")
    }

    fn check(bytes: &[u8], program_n: i32, expected: &Expected) -> Result<(), String> {
        let envelope = ProofEnvelope::from_bytes(bytes).map_err(|e| e.to_string())?;
        verify_program(&fib_program(program_n), &envelope, expected, &policy())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn an_honest_program_proof_verifies_and_states_its_exit_code() {
        let bytes = proof();
        let exit = |code| Expected {
            exit_code: Some(code),
            ..Expected::default()
        };
        check(&bytes, 6, &exit(8)).unwrap();
        assert!(check(&bytes, 6, &exit(9)).is_err());
        let journal = Expected {
            journal: Some(vec![1]),
            ..Expected::default()
        };
        assert!(check(&bytes, 6, &journal).is_err());
    }

    #[test]
    fn a_proof_of_another_program_is_rejected() {
        assert!(check(&proof(), 7, &Expected::default()).is_err());
    }

    #[test]
    fn tampered_tables_and_bytes_are_rejected_without_a_panic() {
        let bytes = proof();
        let envelope = ProofEnvelope::from_bytes(&bytes).unwrap();
        for i in 0..envelope.table_heights.len() {
            let mut e = envelope.clone();
            e.table_heights[i].1 *= 2;
            assert!(check(&e.to_bytes().unwrap(), 6, &Expected::default()).is_err());
            let mut e = envelope.clone();
            e.table_heights.remove(i);
            assert!(check(&e.to_bytes().unwrap(), 6, &Expected::default()).is_err());
            // A second instance of a table (splittable tables may have several, but the proof
            // holds no data for this one).
            let mut e = envelope.clone();
            e.table_heights.insert(i, e.table_heights[i].clone());
            assert!(check(&e.to_bytes().unwrap(), 6, &Expected::default()).is_err());
        }
        let mut e = envelope.clone();
        e.input = vec![0; 4];
        assert!(check(&e.to_bytes().unwrap(), 6, &Expected::default()).is_err());
        let step = (bytes.len() / 150).max(1);
        for at in (0..bytes.len()).step_by(step) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x41;
            assert!(
                check(&flipped, 6, &Expected::default()).is_err(),
                "byte {at} flipped and still verified"
            );
        }
        assert!(check(&bytes[..bytes.len() / 2], 6, &Expected::default()).is_err());
    }
}

/// A program storing 7 to the data word at `DATA` and halting; with `data_is_code`, the word's
/// segment is executable instead, so `DATA` lies in the (read-only) code range.
fn store_program(data_is_code: bool) -> Program {
    const DATA: u32 = 0x2000;
    let words = [
        encode(Lui, 10, 0, 0, DATA as i32), // a0 = DATA
        encode(Addi, 11, 0, 0, 7),          // a1 = 7
        encode(Sw, 0, 10, 11, 0),           // mem[a0] = a1
        encode(Addi, 10, 0, 0, 0),          // a0 = 0 (exit code)
        encode(Addi, 5, 0, 0, 0),           // t0 = HALT
        ECALL,
    ];
    let data = if data_is_code {
        elf::Segment::code(DATA, &[0x0101_0101])
    } else {
        elf::Segment::data(DATA, 0x0101_0101u32.to_le_bytes().to_vec())
    };
    let elf = elf::write(CODE, &[elf::Segment::code(CODE, &words), data], 4);
    Program::from_elf(&elf).expect("valid program")
}

/// Stores into code: the VM traps, and a proof that pretends it did not is rejected. The
/// record comes from the program whose store target is data; the tables are built for the one
/// whose target is code (same instructions, so the CPU rows are unchanged), with the memory
/// cells the second image needs added and flagged as it flags them.
#[test]
fn a_store_into_code_is_rejected() {
    let writable = store_program(false);
    let read_only = store_program(true);
    assert!(
        execute(&read_only, &Registry::new(), &[]).is_err(),
        "the VM must trap on the store into code"
    );
    let record = execute(&writable, &Registry::new(), &[]).expect("runs");
    assert_eq!(record.lsu.len(), 1);
    let (chips, traces) = gluecp_prover::machine::tables(&writable, &record);
    prove_and_verify(&chips, traces, 0).expect("the honest run verifies");

    let code = image::read_only_words(&read_only);
    let initial = image::initial_memory(&read_only);
    let cheat = |memory_flag: bool, store_flag: bool| {
        let mut record = record.clone();
        for (&addr, &value) in &initial {
            if !record.memory.iter().any(|c| c.addr == addr) {
                record.memory.push(gluecp_prover::record::Cell {
                    addr,
                    in_image: true,
                    read_only: false,
                    init: value,
                    fin: value,
                    fin_ts: 0,
                });
            }
        }
        record.memory.sort_by_key(|c| c.addr);
        for cell in &mut record.memory {
            cell.read_only = code.contains(&cell.addr) && (memory_flag || cell.addr != 0x2000);
        }
        record.lsu[0].access.read_only = store_flag;
        let (chips, traces) = gluecp_prover::machine::tables(&read_only, &record);
        prove_and_verify(&chips, traces, 0)
    };
    // The cell is read-only as the image says, the store consumes a writable state.
    assert!(cheat(true, false).is_err(), "store into code accepted");
    // The store claims the read-only state (the lsu chip forbids that).
    assert!(
        cheat(true, true).is_err(),
        "store with a read-only flag accepted"
    );
    // The memory row claims the cell writable (the image says otherwise).
    assert!(
        cheat(false, false).is_err(),
        "code cell claimed writable accepted"
    );
}

/// A skipped instruction: the run of `a0 = 5; a0 += 1; halt(a0)` halts with 6. The cheat
/// executes the same program without its second instruction (a consistent run of registers,
/// memory and ALU, halting with 5) and places its rows at the original program's pcs, so every
/// fetched instruction is the program's own and only the pc step over the skipped one is wrong.
#[test]
fn a_skipped_instruction_is_rejected() {
    let program = |skip: bool| {
        let mut words = vec![encode(Addi, 10, 0, 0, 5)];
        if !skip {
            words.push(encode(Addi, 10, 10, 0, 1));
        }
        words.extend([encode(Addi, 5, 0, 0, 0), ECALL]);
        let elf = elf::write(CODE, &[elf::Segment::code(CODE, &words)], 4);
        Program::from_elf(&elf).expect("valid program")
    };
    let honest = program(false);
    let record = execute(&honest, &Registry::new(), &[]).expect("runs");
    assert_eq!(record.exit_code, 6);
    let (chips, traces) = gluecp_prover::machine::tables(&honest, &record);
    prove_and_verify(&chips, traces, 6).expect("the honest run verifies");

    let mut cheat = execute(&program(true), &Registry::new(), &[]).expect("runs");
    assert_eq!(cheat.exit_code, 5);
    for event in &mut cheat.cpu[1..] {
        event.pc += 4;
        event.next_pc += 4;
    }
    cheat.cpu[0].next_pc += 4;
    let (chips, traces) = gluecp_prover::machine::tables(&honest, &cheat);
    assert!(
        prove_and_verify(&chips, traces, 5).is_err(),
        "a run skipping an instruction verified"
    );
}

/// The CPU's cost per row: columns, LogUp columns after packing, degree (the figures the crate
/// docs and README quote).
#[test]
fn shape() {
    use gluecp_prover::ProofParams;
    use gluecp_prover::chips::cpu::NUM_CPU_COLS;
    use gluecp_prover::harness::table_shapes;
    use p3_batch_stark::ProverData;
    let config = ProofParams::insecure_for_tests().stark_config().unwrap();
    let airs = [Chip::Cpu(cpu::CpuAir { entry: CODE })];
    let data = ProverData::from_airs_and_degrees(&config, &airs, &[10]).unwrap();
    let shape = &table_shapes(&airs, &[10], &data.common.lookups)[0];
    println!("{shape:?}");
    assert_eq!(shape.width, NUM_CPU_COLS);
    assert_eq!(shape.width, 41);
    // The exclusive `exec` group counts its three messages.
    assert_eq!(shape.num_interactions, 18);
    assert_eq!(shape.num_lookup_columns, 9);
    assert!(shape.max_constraint_degree <= 3);
}
