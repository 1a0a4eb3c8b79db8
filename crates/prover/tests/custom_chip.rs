//! A user coprocessor's chip, registered from outside gluecp (`examples/custom_chip`): the
//! CRC-32 guest proves and verifies with it; without it the prover refuses the run and the
//! verifier the proof; registering a taken number or name fails; every cell of the chip's
//! rows is bound.

#[path = "../../vm/examples/custom_coprocessor/crc32.rs"]
mod crc32;
#[path = "../examples/custom_chip/crc32_chip.rs"]
mod crc32_chip;

use std::path::Path;

use gluecp_prover::chips::Chip;
use gluecp_prover::execute::{ExecuteError, execute_with_chips};
use gluecp_prover::machine::{
    Expected, ProgramProveError, prove_program, prove_program_with_chips, public_values,
    tables_with_chips, verify_program, verify_program_with_chips,
};
use gluecp_prover::plugin::{ChipRegistry, RegisterError};
use gluecp_prover::testing::{corrupt, debug_check};
use gluecp_prover::{ProofParams, Val, VerifierPolicy, VerifyError};
use gluecp_vm::{Program, Registry};

use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;

fn guest() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/custom-coprocessor-guest");
    let elf = gluecp_build::build_guest(&dir).expect("the guest builds");
    Program::from_elf(&std::fs::read(elf).expect("reading the ELF")).expect("a valid program")
}

fn registries() -> (Registry, ChipRegistry) {
    let mut registry = Registry::new();
    registry
        .register(crc32::CRC32, crc32::Crc32)
        .expect("registers");
    let mut chips = ChipRegistry::new();
    chips.register(crc32_chip::Crc32Chip).expect("registers");
    (registry, chips)
}

fn journal(input: &[u8]) -> Vec<u8> {
    let crc = crc32::crc32(input).to_le_bytes();
    [crc, crc].concat()
}

#[test]
fn the_crc32_guest_proves_and_verifies_with_its_chip() {
    let program = guest();
    let (registry, chips) = registries();
    let policy = VerifierPolicy::default();
    for input in [
        &b"x"[..],
        b"The quick brown fox jumps over the lazy dog",
        &[0xa5; 200],
    ] {
        let (envelope, _) = prove_program_with_chips(
            &program,
            &registry,
            &chips,
            input,
            &ProofParams::default(),
            &mut |_| {},
        )
        .expect("proves");
        assert_eq!(envelope.journal, journal(input));
        let expected = Expected {
            journal: Some(journal(input)),
            input: Some(input.to_vec()),
            exit_code: Some(0),
        };
        verify_program_with_chips(&program, &chips, &envelope, &expected, &policy)
            .expect("verifies");
        // Another journal is rejected.
        let mut other = journal(input);
        other[0] ^= 1;
        let wrong = Expected {
            journal: Some(other),
            ..expected.clone()
        };
        assert!(verify_program_with_chips(&program, &chips, &envelope, &wrong, &policy).is_err());
        // A verifier that does not know the chip rejects the proof.
        assert!(matches!(
            verify_program(&program, &envelope, &expected, &policy),
            Err(VerifyError::TableMismatch { .. })
        ));
    }
}

#[test]
fn without_the_chip_the_run_is_refused() {
    let (registry, _) = registries();
    let result = prove_program(
        &guest(),
        &registry,
        b"abc",
        &ProofParams::default(),
        &mut |_| {},
    );
    assert!(matches!(
        result,
        Err(ProgramProveError::Execute(ExecuteError::Unsupported { .. }))
    ));
}

#[test]
fn a_call_the_chip_does_not_prove_is_refused() {
    // The chip's `record` refuses empty buffers.
    let (registry, chips) = registries();
    let result = prove_program_with_chips(
        &guest(),
        &registry,
        &chips,
        b"",
        &ProofParams::default(),
        &mut |_| {},
    );
    match result {
        Err(ProgramProveError::Execute(ExecuteError::Unsupported { what, .. })) => {
            assert!(what.contains("empty buffer"), "{what}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn taken_numbers_and_names_cannot_be_registered() {
    let (_, mut chips) = registries();
    assert!(matches!(
        chips.register(crc32_chip::Crc32Chip),
        Err(RegisterError::Number(0x1000))
    ));
    // A built-in chip's call, a system call.
    for number in [0x100, 0x102, 0x140, 0x4] {
        assert!(matches!(
            ChipRegistry::new().register(Renumbered(number)),
            Err(RegisterError::Number(n)) if n == number
        ));
    }
    // A free number whose tables clash with the CRC chip's.
    assert!(matches!(
        chips.register(Renumbered(0x2000)),
        Err(RegisterError::Name(name)) if name == "crc32"
    ));
}

/// The CRC chip under another call number.
struct Renumbered(u32);

impl gluecp_prover::plugin::CoprocessorChip for Renumbered {
    fn number(&self) -> u32 {
        self.0
    }
    fn tables(&self) -> Vec<gluecp_prover::plugin::UserTable> {
        crc32_chip::Crc32Chip.tables()
    }
    fn record(&self, call: &mut gluecp_prover::plugin::CallRecorder<'_>) -> Result<(), String> {
        crc32_chip::Crc32Chip.record(call)
    }
    fn generate_traces(
        &self,
        calls: &[gluecp_prover::record::SyscallEvent],
        bytes: &mut gluecp_prover::chips::byte::ByteLookups,
    ) -> Vec<RowMajorMatrix<Val>> {
        crc32_chip::Crc32Chip.generate_traces(calls, bytes)
    }
}

/// The debug prover's checks on a whole machine: `table`'s constraints, then every bus.
fn check(chips: &[Chip], traces: &[RowMajorMatrix<Val>], public: &[Val], table: usize) -> bool {
    debug_check(chips, traces, public, &[table]).is_ok()
}

#[test]
fn every_cell_of_the_chips_real_rows_is_bound() {
    let program = guest();
    let (registry, user_chips) = registries();
    let input = b"gluecp!";
    let record = execute_with_chips(&program, &registry, &user_chips, input).expect("runs");
    let (chips, traces) = tables_with_chips(&program, &record, &user_chips);
    let public = public_values(&program, &record.input, &record.journal, record.exit_code)
        .to_field_elements();
    let index = |name: &str| {
        chips
            .iter()
            .position(|c| gluecp_prover::harness::ProverAir::name(c) == name)
            .expect("the table")
    };
    assert!(
        check(&chips, &traces, &public, index("crc32")),
        "honest run"
    );
    // Every byte row of `crc32`, every word row of `crc32-word`.
    for (table, rows) in [
        ("crc32", input.len()),
        ("crc32-word", record.user[&0x1000][0].words.len()),
    ] {
        let t = index(table);
        for row in 0..rows {
            for col in 0..traces[t].width() {
                let mut bad = traces.clone();
                corrupt(&mut bad[t], row, col);
                assert!(
                    !check(&chips, &bad, &public, t),
                    "{table}: corrupting row {row} column {col} was not detected"
                );
            }
        }
    }
}
