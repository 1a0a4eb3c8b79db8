//! The program and byte tables, proved with a TEST requester AIR (standing in for the CPU and
//! the ALU chips) that looks up one instruction and one byte tuple per row.
//!
//! Honest traces verify; a lookup of anything the preprocessed tables do not hold, a corrupted
//! multiplicity, and a proof checked against another program's table are all rejected.

use std::borrow::Borrow;
use std::time::Instant;

use gluecp_prover::chips::byte::{BYTE_BUS, ByteAir, ByteLookups, ByteOp, NUM_BYTE_COLS, row_of};
use gluecp_prover::chips::program::{
    PROGRAM_TUPLE_LEN, ProgramAir, instruction_row, lookup_instruction, padding_row,
};
use gluecp_prover::harness::{ProverAir, VerifierPolicy, VerifyError, prove, verify};
use gluecp_prover::proof::PublicValues;
use gluecp_prover::{ProofParams, Val};
use gluecp_vm::{Instruction, decode};
use p3_air::{Air, BaseAir, WindowAccess};
use p3_batch_stark::BatchVerificationError;
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupError};
use p3_matrix::dense::RowMajorMatrix;

/// A requester row: one optional instruction fetch and one optional byte lookup.
#[repr(C)]
struct RequesterCols<T> {
    /// Looked up on `program` when `fetch` is 1.
    instruction: [T; PROGRAM_TUPLE_LEN],
    /// Boolean (`assert_bool`): the row looks `instruction` up once.
    fetch: T,
    /// `(op, a, b, c)`, looked up on `byte` when `byte_request` is 1.
    byte: [T; 4],
    /// Boolean (`assert_bool`): the row looks `byte` up once.
    byte_request: T,
}
const NUM_REQUESTER_COLS: usize = size_of::<RequesterCols<u8>>();
const FETCH: usize = PROGRAM_TUPLE_LEN;
const BYTE: usize = FETCH + 1;
const BYTE_REQUEST: usize = BYTE + 4;

impl<T> Borrow<RequesterCols<T>> for [T] {
    fn borrow(&self) -> &RequesterCols<T> {
        // SAFETY: `RequesterCols<T>` is `repr(C)` with only `T` fields and arrays of `T`, so a
        // row of exactly NUM_REQUESTER_COLS `T`s is one value; the assert checks the length.
        let (prefix, cols, suffix) = unsafe { self.align_to::<RequesterCols<T>>() };
        assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
        &cols[0]
    }
}

#[derive(Clone, Debug)]
enum TestAir {
    Program(ProgramAir),
    Byte(ByteAir),
    Requester,
}

impl BaseAir<Val> for TestAir {
    fn width(&self) -> usize {
        match self {
            Self::Program(air) => air.width(),
            Self::Byte(air) => air.width(),
            Self::Requester => NUM_REQUESTER_COLS,
        }
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        match self {
            Self::Program(air) => air.preprocessed_trace(),
            Self::Byte(air) => air.preprocessed_trace(),
            Self::Requester => None,
        }
    }
    fn preprocessed_width(&self) -> usize {
        match self {
            Self::Program(air) => air.preprocessed_width(),
            Self::Byte(air) => air.preprocessed_width(),
            Self::Requester => 0,
        }
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
    fn num_public_values(&self) -> usize {
        match self {
            Self::Requester => PublicValues::NUM_FIELD_ELEMENTS,
            _ => 0,
        }
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for TestAir {
    fn eval(&self, builder: &mut AB) {
        match self {
            Self::Program(air) => air.eval(builder),
            Self::Byte(air) => air.eval(builder),
            Self::Requester => {
                let main = builder.main();
                let local: &RequesterCols<AB::Var> = main.current_slice().borrow();
                builder.assert_bool(local.fetch);
                builder.assert_bool(local.byte_request);
                // # Soundness
                // Both counts are boolean, as their bound 1 requires. Nothing else is checked
                // here: it is the tables that must refuse tuples they do not hold.
                lookup_instruction(
                    builder,
                    local.instruction.map(Into::into),
                    local.fetch.into(),
                );
                BYTE_BUS.lookup_key(
                    builder,
                    local.byte,
                    Count::bounded(local.byte_request.into(), 1),
                );
            }
        }
    }
}

impl ProverAir for TestAir {
    fn name(&self) -> String {
        match self {
            Self::Program(air) => air.name(),
            Self::Byte(air) => air.name(),
            Self::Requester => "requester".into(),
        }
    }
}

const CODE_BASE: u32 = 0x1000;
const REQUESTER_ROWS: usize = 16;

/// Program A: six instructions (the table has 8 rows, 2 of them padding).
fn program_a() -> Vec<Instruction> {
    [
        0x0050_0093, // addi x1, x0, 5
        0xfff0_8113, // addi x2, x1, -1
        0x0020_81b3, // add  x3, x1, x2
        0x1234_52b7, // lui  x5, 0x12345
        0x0031_2223, // sw   x3, 4(x2)
        0x0000_0073, // ecall
    ]
    .map(decode)
    .to_vec()
}

/// Program B: program A with the first immediate changed (same shape, different table).
fn program_b() -> Vec<Instruction> {
    let mut program = program_a();
    program[0] = decode(0x0060_0093); // addi x1, x0, 6
    program
}

fn airs(program: &[Instruction]) -> [TestAir; 3] {
    [
        TestAir::Program(ProgramAir::new(CODE_BASE, program)),
        TestAir::Byte(ByteAir),
        TestAir::Requester,
    ]
}

/// Instruction indices executed, in order (instruction 2..=3 run twice).
const EXECUTED: [usize; 8] = [0, 1, 2, 3, 2, 3, 4, 5];

/// Byte lookups: one of each op, and a 16-bit range check.
const BYTE_REQUESTS: [(ByteOp, u8, u8); 5] = [
    (ByteOp::And, 0xf0, 0x3c),
    (ByteOp::And, 0x12, 0x81),
    (ByteOp::Xor, 0xff, 0x0f),
    (ByteOp::Range, 0x00, 0xff),
    (ByteOp::Range, 0xbe, 0xef), // 0xbeef as (high, low)
];

fn public_values() -> PublicValues {
    PublicValues {
        program_id: [3; 32],
        ..PublicValues::default()
    }
}

/// Honest traces for `program` (program table, byte table, requester).
fn traces(program: &[Instruction]) -> Vec<RowMajorMatrix<Val>> {
    let air = ProgramAir::new(CODE_BASE, program);
    let pc = |i: usize| CODE_BASE + 4 * i as u32;
    let mut requester = Val::zero_vec(REQUESTER_ROWS * NUM_REQUESTER_COLS);
    for (row, &i) in EXECUTED.iter().enumerate() {
        let cells = &mut requester[row * NUM_REQUESTER_COLS..][..NUM_REQUESTER_COLS];
        cells[..FETCH].copy_from_slice(&instruction_row(pc(i), &program[i]));
        cells[FETCH] = Val::ONE;
    }
    let mut bytes = ByteLookups::default();
    for (row, &(op, a, b)) in BYTE_REQUESTS.iter().enumerate() {
        let c = bytes.record(op, a, b);
        let cells = &mut requester[row * NUM_REQUESTER_COLS..][..NUM_REQUESTER_COLS];
        cells[BYTE..BYTE_REQUEST].copy_from_slice(&[op as u8, a, b, c].map(Val::from_u8));
        cells[BYTE_REQUEST] = Val::ONE;
    }
    // Rows that request nothing hold junk that must not reach either bus.
    for row in EXECUTED.len().max(BYTE_REQUESTS.len())..REQUESTER_ROWS {
        let cells = &mut requester[row * NUM_REQUESTER_COLS..][..NUM_REQUESTER_COLS];
        cells[0] = Val::from_u32(0xdead);
        cells[BYTE + 1] = Val::from_u32(300);
    }
    vec![
        air.generate_trace(EXECUTED.map(pc)),
        bytes.generate_trace(),
        RowMajorMatrix::new(requester, NUM_REQUESTER_COLS),
    ]
}

fn set(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    let width = trace.width;
    trace.values[row * width + col] = value;
}

/// Proves `traces` with `prover_program`'s table and verifies against `verifier_program`'s.
fn prove_and_verify_with(
    prover_program: &[Instruction],
    verifier_program: &[Instruction],
    traces: Vec<RowMajorMatrix<Val>>,
) -> Result<(), VerifyError> {
    // Soundness here rests on exact bus sums and openings, not on query count or grinding,
    // so the fast test params suffice (and keep the 2^16-row byte table quick).
    let params = ProofParams::insecure_for_tests();
    let envelope =
        prove(&airs(prover_program), traces, &public_values(), &params).expect("prover runs");
    let policy = VerifierPolicy {
        params,
        min_security_bits: 0.0,
    };
    verify(
        &airs(verifier_program),
        &envelope,
        &public_values(),
        &policy,
    )
    .map(|_| ())
}

fn prove_and_verify(traces: Vec<RowMajorMatrix<Val>>) -> Result<(), VerifyError> {
    prove_and_verify_with(&program_a(), &program_a(), traces)
}

fn assert_lookup_rejected(result: Result<(), VerifyError>) {
    assert!(
        matches!(
            result,
            Err(VerifyError::Stark(BatchVerificationError::Lookup(
                LookupError::TerminalSumNonZero
            )))
        ),
        "{result:?}"
    );
}

#[test]
fn honest_tables_verify() {
    let start = Instant::now();
    let result = prove_and_verify(traces(&program_a()));
    println!("prove + verify {:?}", start.elapsed());
    result.unwrap();
}

#[test]
fn instruction_with_a_wrong_immediate_is_rejected() {
    let mut t = traces(&program_a());
    // Row 0 fetches `addi x1, x0, 5`; claim `addi x1, x0, 7`.
    set(&mut t[2], 0, 5, Val::from_u32(7));
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn instruction_at_a_wrong_pc_is_rejected() {
    let mut t = traces(&program_a());
    // Row 2 fetches `add` at code_base + 8; claim it sits at code_base + 12.
    set(&mut t[2], 2, 0, Val::from_u32(CODE_BASE + 12));
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn padding_tuple_is_rejected() {
    let mut t = traces(&program_a());
    // An idle requester row fetches the padding tuple (all zero, no VALID flag).
    let row = REQUESTER_ROWS - 1;
    for (col, value) in padding_row().into_iter().enumerate() {
        set(&mut t[2], row, col, value);
    }
    set(&mut t[2], row, FETCH, Val::ONE);
    assert_lookup_rejected(prove_and_verify(t));
}

/// Documents the obligation the CPU inherits: the table alone does not stop a padding row
/// from being claimed if the prover also gives it a multiplicity. The bus balances and the
/// proof verifies; it is the CPU's job to look up only tuples carrying the `VALID` flag.
#[test]
fn padding_tuple_with_a_padding_multiplicity_balances_so_the_cpu_must_require_valid() {
    let mut t = traces(&program_a());
    let row = REQUESTER_ROWS - 1;
    for (col, value) in padding_row().into_iter().enumerate() {
        set(&mut t[2], row, col, value);
    }
    set(&mut t[2], row, FETCH, Val::ONE);
    set(&mut t[0], 7, 0, Val::ONE);
    prove_and_verify(t).unwrap();
}

#[test]
fn corrupted_program_multiplicity_is_rejected() {
    // A real row's count off by one, and a padding row given a count.
    for (row, value) in [(2, Val::ONE), (7, Val::ONE)] {
        let mut t = traces(&program_a());
        set(&mut t[0], row, 0, value);
        assert_lookup_rejected(prove_and_verify(t));
    }
}

#[test]
fn corrupted_byte_multiplicity_is_rejected() {
    let mut t = traces(&program_a());
    let cell = row_of(0xf0, 0x3c) * NUM_BYTE_COLS + ByteOp::And as usize;
    t[1].values[cell] = Val::ZERO;
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn and_with_a_wrong_result_is_rejected() {
    let mut t = traces(&program_a());
    // Row 0 asks AND(0xf0, 0x3c) = 0x30; claim 0x31 (the table's multiplicities stay honest).
    set(&mut t[2], 0, BYTE + 3, Val::from_u8(0x31));
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn non_byte_range_request_is_rejected() {
    let mut t = traces(&program_a());
    // Row 3 range-checks (0x00, 0xff); claim (256, 0xff) instead (as a u16 check this is
    // 256 * 256 + 255, a 17-bit value). No table row holds a = 256, so nothing balances it.
    set(&mut t[2], 3, BYTE + 1, Val::from_u32(256));
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn proof_for_another_program_is_rejected() {
    // Honest for program A, checked against program B's table: the verifier commits B's
    // preprocessed trace itself, so A's openings cannot match it.
    let result = prove_and_verify_with(&program_a(), &program_b(), traces(&program_a()));
    assert!(matches!(result, Err(VerifyError::Stark(_))), "{result:?}");
    // And the converse sanity check: B's own honest proof verifies against B.
    prove_and_verify_with(&program_b(), &program_b(), traces(&program_b())).unwrap();
}
