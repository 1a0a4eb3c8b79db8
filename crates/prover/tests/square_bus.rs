//! Soundness of the harness on two TEST AIRs (not production chips): a sender table puts
//! `(x, y)` on the `square` bus for each real row; a receiver table of a different height
//! enforces `y = x * x` and receives `(x, y)` with multiplicity `mult`.

use std::borrow::Borrow;
use std::time::Instant;

use gluecp_prover::harness::{ProverAir, VerifierPolicy, VerifyError, prove, verify, verify_bytes};
use gluecp_prover::proof::{ProofEnvelope, ProofFormatError, PublicValues};
use gluecp_prover::{ProofParams, ProveError, Val};
use p3_air::{Air, BaseAir, WindowAccess};
use p3_batch_stark::{BatchProof, BatchVerificationError, VerificationError};
use p3_field::PrimeCharacteristicRing;
use p3_field::extension::BinomialExtensionField;
use p3_lookup::{Count, InteractionBuilder, LookupError, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

const SQUARE_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("square");

/// Sender row.
#[repr(C)]
struct SenderCols<T> {
    /// Sent as the first bus field.
    x: T,
    /// Sent as the second bus field.
    y: T,
    /// Boolean (`assert_bool`); the row sends `(x, y)` once when 1, nothing when 0.
    is_real: T,
}
const NUM_SENDER_COLS: usize = size_of::<SenderCols<u8>>();

/// Receiver row.
#[repr(C)]
struct ReceiverCols<T> {
    x: T,
    /// Constrained to `x * x` on every row (padding rows hold `0, 0`).
    y: T,
    /// Boolean (`assert_bool`); the row receives `(x, y)` once when 1.
    mult: T,
}
const NUM_RECEIVER_COLS: usize = size_of::<ReceiverCols<u8>>();

impl<T> Borrow<SenderCols<T>> for [T] {
    fn borrow(&self) -> &SenderCols<T> {
        // SAFETY: `SenderCols<T>` is `repr(C)` with only `T` fields, so it has `T`'s alignment
        // and a row of exactly NUM_SENDER_COLS `T`s is one `SenderCols<T>`; the assert checks it.
        let (prefix, cols, suffix) = unsafe { self.align_to::<SenderCols<T>>() };
        assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
        &cols[0]
    }
}

impl<T> Borrow<ReceiverCols<T>> for [T] {
    fn borrow(&self) -> &ReceiverCols<T> {
        // SAFETY: as for `SenderCols`.
        let (prefix, cols, suffix) = unsafe { self.align_to::<ReceiverCols<T>>() };
        assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
        &cols[0]
    }
}

#[derive(Clone, Copy, Debug)]
enum TestAir {
    Sender,
    Receiver,
    /// A degree-4 constraint, to check the degree guard.
    TooHighDegree,
}

impl<F> BaseAir<F> for TestAir {
    fn width(&self) -> usize {
        match self {
            Self::Sender => NUM_SENDER_COLS,
            Self::Receiver | Self::TooHighDegree => NUM_RECEIVER_COLS,
        }
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
    fn num_public_values(&self) -> usize {
        match self {
            Self::Sender => PublicValues::NUM_FIELD_ELEMENTS,
            Self::Receiver | Self::TooHighDegree => 0,
        }
    }
}

impl<AB: InteractionBuilder> Air<AB> for TestAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let row = main.current_slice();
        match self {
            Self::Sender => {
                let local: &SenderCols<AB::Var> = row.borrow();
                let (x, y, is_real) = (local.x, local.y, local.is_real);
                builder.assert_bool(is_real);
                // # Soundness
                // Sends `(x, y)` once per real row; only the receiver takes from `square`, and it
                // only takes tuples with `y = x * x`, so the bus balances only if every real
                // sender tuple is a square pair. `is_real` is boolean, so the bound 1 holds.
                SQUARE_BUS.send(builder, [x, y], Count::bounded(is_real.into(), 1));
            }
            Self::Receiver => {
                let local: &ReceiverCols<AB::Var> = row.borrow();
                let (x, y, mult) = (local.x, local.y, local.mult);
                builder.assert_bool(mult);
                builder.assert_eq(y, x * x);
                // # Soundness
                // Receives `(x, y)` with boolean multiplicity; `y = x * x` holds on every row.
                SQUARE_BUS.receive(builder, [x, y], Count::bounded(mult.into(), 1));
            }
            Self::TooHighDegree => {
                let local: &ReceiverCols<AB::Var> = row.borrow();
                let (x, y) = (local.x, local.y);
                builder.assert_eq(y, x * x * x * x);
            }
        }
    }
}

impl ProverAir for TestAir {
    fn name(&self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

const AIRS: [TestAir; 2] = [TestAir::Sender, TestAir::Receiver];
const SENDER_ROWS: usize = 1 << 9;
const RECEIVER_ROWS: usize = 1 << 8;
const CALLS: usize = 200;

fn public_values() -> PublicValues {
    PublicValues {
        program_id: [7; 32],
        input_commitment: [1; 32],
        journal_commitment: [2; 32],
        exit_code: 0,
    }
}

/// Honest traces: `CALLS` real sender rows, padding after; the receiver holds the same pairs.
fn traces() -> Vec<RowMajorMatrix<Val>> {
    let mut sender = Val::zero_vec(SENDER_ROWS * NUM_SENDER_COLS);
    let mut receiver = Val::zero_vec(RECEIVER_ROWS * NUM_RECEIVER_COLS);
    for i in 0..CALLS {
        let x = Val::from_usize(i + 3);
        sender[i * NUM_SENDER_COLS..][..3].copy_from_slice(&[x, x * x, Val::ONE]);
        receiver[i * NUM_RECEIVER_COLS..][..3].copy_from_slice(&[x, x * x, Val::ONE]);
    }
    // Padding sender rows hold junk that must not reach the bus.
    for i in CALLS..SENDER_ROWS {
        sender[i * NUM_SENDER_COLS..][..2].copy_from_slice(&[Val::from_usize(i), Val::TWO]);
    }
    vec![
        RowMajorMatrix::new(sender, NUM_SENDER_COLS),
        RowMajorMatrix::new(receiver, NUM_RECEIVER_COLS),
    ]
}

fn set(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    let width = trace.width;
    trace.values[row * width + col] = value;
}

fn prove_and_verify(traces: Vec<RowMajorMatrix<Val>>) -> Result<(), VerifyError> {
    let params = ProofParams::default();
    let envelope = prove(&AIRS, traces, &public_values(), &params).expect("prover runs");
    verify(
        &AIRS,
        &envelope,
        &public_values(),
        &VerifierPolicy::default(),
    )
    .map(|_| ())
}

#[test]
fn honest_proof_verifies_and_round_trips() {
    let params = ProofParams::default();
    let start = Instant::now();
    let envelope = prove(&AIRS, traces(), &public_values(), &params).unwrap();
    let proved = start.elapsed();
    let bytes = envelope.to_bytes().unwrap();
    let start = Instant::now();
    let report = verify_bytes(&AIRS, &bytes, &public_values(), &VerifierPolicy::default()).unwrap();
    println!(
        "prove {proved:?}, verify {:?}, {} bytes, {:.1} bits ({} binds)",
        start.elapsed(),
        bytes.len(),
        report.bits,
        report.binding
    );
    assert!(report.bits >= 100.0);
    assert_eq!(envelope.security_bits, report.bits);
    assert_eq!(
        envelope.table_heights,
        vec![
            ("sender".into(), SENDER_ROWS),
            ("receiver".into(), RECEIVER_ROWS)
        ]
    );
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

fn assert_constraint_rejected(result: Result<(), VerifyError>) {
    assert!(
        matches!(
            result,
            Err(VerifyError::Stark(BatchVerificationError::Verification(
                VerificationError::OodEvaluationMismatch { .. }
            )))
        ),
        "{result:?}"
    );
}

#[test]
fn cheating_sender_tuple_is_rejected() {
    let mut t = traces();
    set(&mut t[0], 5, 1, Val::from_u32(12345));
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn padding_row_flipped_to_real_is_rejected() {
    let mut t = traces();
    set(&mut t[0], CALLS + 1, 2, Val::ONE);
    assert_lookup_rejected(prove_and_verify(t));
}

#[test]
fn consistently_wrong_result_is_rejected_by_the_receiver() {
    let mut t = traces();
    let wrong = Val::from_u32(99);
    set(&mut t[0], 4, 1, wrong);
    set(&mut t[1], 4, 1, wrong);
    assert_constraint_rejected(prove_and_verify(t));
}

#[test]
fn corrupted_cell_is_rejected() {
    // A padding row of the receiver that breaks `y = x * x` without touching the bus.
    let mut t = traces();
    set(&mut t[1], RECEIVER_ROWS - 1, 1, Val::ONE);
    assert_constraint_rejected(prove_and_verify(t));
}

#[test]
fn corrupted_opening_in_the_proof_is_rejected() {
    let params = ProofParams::default();
    let mut envelope = prove(&AIRS, traces(), &public_values(), &params).unwrap();
    let mut proof: BatchProof<gluecp_prover::StarkConfig> =
        postcard::from_bytes(&envelope.proof).unwrap();
    proof.opened_values.instances[1]
        .base_opened_values
        .trace_local[0] += BinomialExtensionField::<Val, 4>::ONE;
    envelope.proof = postcard::to_allocvec(&proof).unwrap();
    let result = verify(
        &AIRS,
        &envelope,
        &public_values(),
        &VerifierPolicy::default(),
    );
    assert!(matches!(result, Err(VerifyError::Stark(_))), "{result:?}");
}

#[test]
fn wrong_public_values_are_rejected_with_the_field_named() {
    let params = ProofParams::default();
    let envelope = prove(&AIRS, traces(), &public_values(), &params).unwrap();
    let policy = VerifierPolicy::default();
    for (field, expected) in [
        (
            "program_id",
            PublicValues {
                program_id: [8; 32],
                ..public_values()
            },
        ),
        (
            "input_commitment",
            PublicValues {
                input_commitment: [0; 32],
                ..public_values()
            },
        ),
        (
            "journal_commitment",
            PublicValues {
                journal_commitment: [0; 32],
                ..public_values()
            },
        ),
        (
            "exit_code",
            PublicValues {
                exit_code: 1,
                ..public_values()
            },
        ),
    ] {
        let result = verify(&AIRS, &envelope, &expected, &policy);
        assert!(
            matches!(result, Err(VerifyError::PublicValueMismatch { field: f }) if f == field),
            "{result:?}"
        );
    }
    // Rewriting the envelope's values to match does not help: they are in the transcript.
    let forged_values = PublicValues {
        exit_code: 1,
        ..public_values()
    };
    let forged = ProofEnvelope {
        public_values: forged_values,
        ..envelope
    };
    let result = verify(&AIRS, &forged, &forged_values, &policy);
    assert!(matches!(result, Err(VerifyError::Stark(_))), "{result:?}");
}

#[test]
fn policy_refuses_weak_or_different_params() {
    let weak = ProofParams::insecure_for_tests();
    let envelope = prove(&AIRS, traces(), &public_values(), &weak).unwrap();
    let result = verify(
        &AIRS,
        &envelope,
        &public_values(),
        &VerifierPolicy::default(),
    );
    assert!(
        matches!(result, Err(VerifyError::ParamsMismatch { .. })),
        "{result:?}"
    );
    let weak_policy = VerifierPolicy {
        params: weak,
        min_security_bits: 100.0,
    };
    let result = verify(&AIRS, &envelope, &public_values(), &weak_policy);
    assert!(
        matches!(result, Err(VerifyError::InsufficientSecurity { .. })),
        "{result:?}"
    );
    let test_policy = VerifierPolicy {
        params: weak,
        min_security_bits: 0.0,
    };
    verify(&AIRS, &envelope, &public_values(), &test_policy).unwrap();
}

#[test]
fn prover_refuses_constraint_degree_above_the_blowup() {
    let airs = [TestAir::Sender, TestAir::TooHighDegree];
    let result = prove(&airs, traces(), &public_values(), &ProofParams::default());
    assert!(
        matches!(
            result,
            Err(ProveError::ConstraintDegree {
                degree: 4,
                max: 3,
                ..
            })
        ),
        "{result:?}"
    );
}

#[test]
fn every_flipped_or_truncated_byte_is_an_error_not_a_panic() {
    let weak = ProofParams::insecure_for_tests();
    let policy = VerifierPolicy {
        params: weak,
        min_security_bits: 0.0,
    };
    let envelope = prove(&AIRS, traces(), &public_values(), &weak).unwrap();
    let bytes = envelope.to_bytes().unwrap();
    verify_bytes(&AIRS, &bytes, &public_values(), &policy).unwrap();
    let start = Instant::now();
    let mut format_errors = 0;
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        match verify_bytes(&AIRS, &bad, &public_values(), &policy) {
            Ok(_) => panic!("flipping byte {i} of {} was accepted", bytes.len()),
            Err(VerifyError::Format(_)) => format_errors += 1,
            Err(_) => {}
        }
    }
    for len in (0..bytes.len()).step_by(7) {
        let result = verify_bytes(&AIRS, &bytes[..len], &public_values(), &policy);
        assert!(
            matches!(
                result,
                Err(VerifyError::Format(ProofFormatError::Decode(_)))
            ),
            "{len}"
        );
    }
    println!(
        "{} bytes, {format_errors} flips rejected at decoding, the rest at verification, {:?}",
        bytes.len(),
        start.elapsed()
    );
}

/// The serialized proof format is pinned: an accidental change to the envelope, its
/// encoding or the proof system shows here. After an intended change, bump
/// `PROOF_FORMAT_VERSION` and regenerate with `GLUECP_UPDATE_FIXTURES=1 cargo test -p
/// gluecp-prover --test square_bus proof_format_is_pinned`.
#[test]
fn proof_format_is_pinned() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/square_bus.proof");
    let params = ProofParams::insecure_for_tests();
    let envelope = prove(&AIRS, traces(), &public_values(), &params).unwrap();
    let bytes = envelope.to_bytes().unwrap();
    if std::env::var_os("GLUECP_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &bytes).unwrap();
    }
    let pinned =
        std::fs::read(&path).expect("the fixture exists (see this test's doc to regenerate)");
    assert!(
        bytes == pinned,
        "the proof format changed: {} bytes now, {} pinned",
        bytes.len(),
        pinned.len()
    );
    let policy = VerifierPolicy {
        params,
        min_security_bits: 0.0,
    };
    verify_bytes(&AIRS, &pinned, &public_values(), &policy).expect("the pinned proof verifies");
}
