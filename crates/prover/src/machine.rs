//! Proving and verifying guest programs: the statement "program P, on an input with hash I,
//! halted with exit code E after writing journal J", and the tables that prove it.
//!
//! The proof lists its tables by name; the verifier rebuilds each one from what it knows (the
//! program, the input and journal bytes carried by the proof) and requires the tables every
//! run has. Optional tables (the ALU chips, loads/stores, Keccak-f, SHA-256, Poseidon2, modmul, matmul, user
//! chips) appear only when the run used them: an unused chip costs nothing.

use gluecp_vm::{Program, Registry};
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;
use sha2::{Digest, Sha256};

use crate::chips::byte::{ByteAir, ByteLookups};
use crate::chips::{
    Chip, alu, cpu, ed25519, image, io, keccak, lsu, matmul, memory, modmul, poseidon2, program,
    secp256k1, sha256, sha512, word_bytes,
};
use crate::config::{ProofParams, Val};
use crate::execute::{ExecuteError, ExecutionRecord, execute_with_chips};
use crate::harness::{ProveError, VerifierPolicy, VerifyError, prove, verify};
use crate::plugin::ChipRegistry;
use crate::proof::{ProofEnvelope, PublicValues};
use crate::security::SecurityReport;

/// Tables every proof holds, in order.
pub const REQUIRED_TABLES: [&str; 7] =
    ["program", "byte", "image", "memory", "cpu", "io", "io-data"];

/// Every table name, in the order a proof lists them.
pub const TABLE_ORDER: [&str; 34] = [
    "program",
    "byte",
    "image",
    "memory",
    "cpu",
    "io",
    "io-data",
    "add_sub",
    "bitwise",
    "lt",
    "shift",
    "mul",
    "divrem",
    "lsu",
    "keccak",
    "keccak-absorb",
    "keccak-absorb-unaligned",
    "keccak-absorb-word",
    "sha256",
    "sha256-word",
    "poseidon2",
    "modmul",
    "secp256k1-recover",
    "secp256k1-verify",
    "secp256k1-mul",
    "ed25519-verify",
    "ed25519-block",
    "ed25519-word",
    "sha512",
    "sha512-k",
    "ed25519-mul",
    "matmul",
    "matmul-mac",
    "matmul-word",
];

/// Why a program could not be proven.
#[derive(Debug, thiserror::Error)]
pub enum ProgramProveError {
    #[error(transparent)]
    Execute(#[from] ExecuteError),
    #[error(transparent)]
    Prove(#[from] ProveError),
}

/// What the prover reports besides the proof.
#[derive(Clone, Debug, Default)]
pub struct ProveStats {
    pub cycles: u64,
    /// `(table, height, width)` in proof order.
    pub tables: Vec<(String, usize, usize)>,
    pub execute_seconds: f64,
    pub trace_seconds: f64,
    pub prove_seconds: f64,
}

/// The statement's public values for `program`, `input`, `journal` and `exit_code`.
pub fn public_values(
    program: &Program,
    input: &[u8],
    journal: &[u8],
    exit_code: u32,
) -> PublicValues {
    PublicValues {
        program_id: program.id().0,
        input_commitment: commitment(input),
        journal_commitment: commitment(journal),
        exit_code,
    }
}

/// The commitment to an input or journal: SHA-256 of its bytes.
pub fn commitment(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub use crate::progress::Phase;

/// Runs `program` on `input` and proves the run. `progress` is told when each phase starts
/// (on the calling thread; see [`crate::progress`]).
pub fn prove_program(
    program: &Program,
    registry: &Registry,
    input: &[u8],
    params: &ProofParams,
    progress: &mut dyn FnMut(Phase),
) -> Result<(ProofEnvelope, ProveStats), ProgramProveError> {
    let no_chips = ChipRegistry::default();
    prove_program_with_chips(program, registry, &no_chips, input, params, progress)
}

/// [`prove_program`] with user coprocessors' chips ([`crate::plugin`]): `registry` runs their
/// calls, `user_chips` proves them.
pub fn prove_program_with_chips(
    program: &Program,
    registry: &Registry,
    user_chips: &ChipRegistry,
    input: &[u8],
    params: &ProofParams,
    progress: &mut dyn FnMut(Phase),
) -> Result<(ProofEnvelope, ProveStats), ProgramProveError> {
    let mut stats = ProveStats::default();
    progress(Phase::Execute);
    let start = std::time::Instant::now();
    let record = execute_with_chips(program, registry, user_chips, input)?;
    stats.cycles = record.cycles();
    stats.execute_seconds = start.elapsed().as_secs_f64();

    progress(Phase::Trace);
    let start = std::time::Instant::now();
    let (chips, traces) = tables_with_chips(program, &record, user_chips);
    stats.trace_seconds = start.elapsed().as_secs_f64();
    stats.tables = chips
        .iter()
        .zip(&traces)
        .map(|(chip, trace)| {
            use p3_air::BaseAir;
            (
                crate::harness::ProverAir::name(chip),
                trace.height(),
                chip.width(),
            )
        })
        .collect();

    let start = std::time::Instant::now();
    let public = public_values(program, &record.input, &record.journal, record.exit_code);
    let mut envelope = crate::progress::watch(progress, || prove(&chips, traces, &public, params))?;
    envelope.input = record.input;
    envelope.journal = record.journal;
    stats.prove_seconds = start.elapsed().as_secs_f64();
    Ok((envelope, stats))
}

/// Tables whose rows are independent (no transition constraints), so that a proof may hold
/// several instances of them: the prover splits their rows into power-of-two pieces to
/// commit less padding.
pub const SPLITTABLE_TABLES: [&str; 7] =
    ["add_sub", "bitwise", "lt", "shift", "mul", "divrem", "lsu"];

/// At most this many instances of one table in a proof (a splittable table's pieces: 2^22
/// rows take 11 at most).
pub const MAX_INSTANCES: usize = 16;

/// Padding worth another table: a piece is split off only if it saves more padding rows than
/// this (and than an eighth of the table). Each table adds fixed work and proof size (its
/// openings at every FRI query), so small savings are not worth it.
pub const MIN_SPLIT_SAVING: usize = 1 << 12;

/// The heights of the pieces proving `rows` rows of a splittable table: while padding the
/// rows left to a power of two would waste more than [`MIN_SPLIT_SAVING`] rows and an eighth
/// of the table, a piece of the largest power of two below them; then that power of two
/// (padded). No pieces for no rows. The heights sum to at least `rows`.
pub fn piece_heights(rows: usize) -> Vec<usize> {
    let mut heights = Vec::new();
    let mut left = rows;
    while left > 0 {
        let next = left.next_power_of_two();
        let waste = next - left;
        if waste <= MIN_SPLIT_SAVING.max(next / 8) {
            heights.push(next);
            break;
        }
        heights.push(next / 2);
        left -= next / 2;
    }
    heights
}

/// `events` cut into the pieces of [`piece_heights`].
fn split<T>(events: &[T]) -> Vec<&[T]> {
    let mut pieces = Vec::new();
    let mut rest = events;
    for height in piece_heights(events.len()) {
        let (piece, tail) = rest.split_at(height.min(rest.len()));
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

/// The tables proving `record`, in [`TABLE_ORDER`], unused optional chips left out, splittable
/// ones in pieces ([`piece_heights`]).
pub fn tables(
    program: &Program,
    record: &ExecutionRecord,
) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
    tables_with_chips(program, record, &ChipRegistry::default())
}

/// [`tables`], then the tables of the user chips whose calls `record` holds, in registration
/// order.
///
/// # Panics
///
/// If a user chip generates another number of traces than it has tables (a bug in the chip).
#[tracing::instrument(name = "generate traces", skip_all)]
pub fn tables_with_chips(
    program: &Program,
    record: &ExecutionRecord,
    user_chips: &ChipRegistry,
) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
    let mut bytes = ByteLookups::default();
    let mut chips = Vec::new();
    let mut traces = Vec::new();
    let mut add = |chip: Chip, trace: RowMajorMatrix<Val>| {
        chips.push(chip);
        traces.push(trace);
    };

    let program_air = program::ProgramAir::from_program(program);
    let program_trace = program_air.generate_trace(record.cpu.iter().map(|e| e.pc));
    let image_air = image::ImageAir::new(program);
    let image_trace = image_air.generate_trace();
    let memory_trace = memory::generate_trace(&record.memory, &mut bytes);
    let cpu_trace = cpu::generate_trace(&record.cpu, &mut bytes);
    let io_air = io::IoAir::for_program(program, &record.input, &record.journal);
    let io_trace = io_air.generate_trace(&record.io, &mut bytes);
    let io_data_air = io_air.data_air();
    let io_data_trace = io_data_air.generate_trace(&record.io);
    let mut optional: Vec<(Chip, RowMajorMatrix<Val>)> = Vec::new();
    let alu_chips: [Chip; 6] = [
        Chip::AddSub(alu::add_sub::AddSubAir),
        Chip::Bitwise(alu::bitwise::BitwiseAir),
        Chip::Lt(alu::lt::LtAir),
        Chip::Shift(alu::shift::ShiftAir),
        Chip::Mul(alu::mul::MulAir),
        Chip::DivRem(alu::divrem::DivRemAir),
    ];
    for (chip, events) in alu_chips.into_iter().zip(&record.alu) {
        for events in split(events) {
            let trace = alu_trace(&chip, events, &mut bytes);
            optional.push((chip.clone(), trace));
        }
    }
    for events in split(&record.lsu) {
        optional.push((Chip::Lsu(lsu::LsuAir), lsu_trace(events, &mut bytes)));
    }
    if !record.keccak.is_empty() {
        optional.push((
            Chip::Keccak(keccak::KeccakChipAir),
            keccak_trace(&record.keccak, &mut bytes),
        ));
        let absorbed = keccak::absorb_words(&record.keccak);
        if !absorbed.aligned.is_empty() {
            optional.push((
                Chip::KeccakAbsorb(keccak::KeccakAbsorbAir),
                keccak::generate_absorb_trace(&absorbed.aligned, &mut bytes),
            ));
        }
        if !absorbed.unaligned.is_empty() {
            optional.push((
                Chip::KeccakAbsorbUnaligned(keccak::KeccakAbsorbUnalignedAir),
                keccak::generate_unaligned_trace(&absorbed.unaligned, &mut bytes),
            ));
            optional.push((
                Chip::WordBytes(keccak::ABSORB_WORD_AIR),
                word_bytes::generate_trace(&absorbed.reads, false, &mut bytes),
            ));
        }
    }

    if !record.sha256.is_empty() {
        optional.push((
            Chip::Sha256(sha256::Sha256ChipAir),
            sha256::generate_trace(&record.sha256, &mut bytes),
        ));
        optional.push((
            Chip::WordBytes(sha256::SHA256_WORD_AIR),
            sha256::word_trace(&record.sha256, &mut bytes),
        ));
    }
    if !record.poseidon2.is_empty() {
        optional.push((
            Chip::Poseidon2(poseidon2::Poseidon2ChipAir::default()),
            poseidon2::generate_trace(&record.poseidon2, &mut bytes),
        ));
    }
    if !record.modmul.is_empty() {
        optional.push((
            Chip::Modmul(modmul::ModmulAir),
            modmul::generate_trace(&record.modmul, &mut bytes),
        ));
    }
    let (recoveries, verifications) = (&record.secp256k1_recover, &record.secp256k1_verify);
    if !recoveries.is_empty() {
        optional.push((
            Chip::Secp256k1Recover(secp256k1::recover::RecoverAir),
            secp256k1::recover::generate_trace(recoveries, &mut bytes),
        ));
    }
    if !verifications.is_empty() {
        optional.push((
            Chip::Secp256k1Verify(secp256k1::verify::VerifyAir),
            secp256k1::verify::generate_trace(verifications, &mut bytes),
        ));
    }
    if !recoveries.is_empty() || !verifications.is_empty() {
        let mut requests = secp256k1::recover::mul_requests(recoveries);
        requests.extend(secp256k1::verify::mul_requests(verifications));
        optional.push((
            Chip::Secp256k1Mul(secp256k1::mul::MulAir),
            secp256k1::mul::generate_trace(&requests, &mut bytes),
        ));
    }
    if !record.ed25519_verify.is_empty() {
        let calls = &record.ed25519_verify;
        optional.push((
            Chip::Ed25519Verify(ed25519::verify::VerifyAir),
            ed25519::verify::generate_trace(calls, &mut bytes),
        ));
        let (inputs, muls) = ed25519::verify::requests(calls);
        let (block_trace, blocks) = ed25519::feeder::generate_trace(&inputs, &mut bytes);
        optional.push((Chip::Ed25519Block(ed25519::feeder::BlockAir), block_trace));
        let reads: Vec<word_bytes::WordRead<'_>> = calls
            .iter()
            .flat_map(|call| {
                let (ptr, len) = (call.args[1].value, call.args[2].value);
                call.words[24..]
                    .iter()
                    .map(move |read| word_bytes::WordRead {
                        clk: call.clk,
                        access: read,
                        counts: core::array::from_fn(|k| {
                            u32::from((ptr..ptr + len).contains(&(read.addr + k as u32)))
                        }),
                    })
            })
            .collect();
        optional.push((
            Chip::WordBytes(ed25519::feeder::WORD_AIR),
            word_bytes::generate_trace(&reads, false, &mut bytes),
        ));
        optional.push((
            Chip::Sha512(sha512::Sha512Air),
            sha512::generate_trace(&blocks, &mut bytes),
        ));
        optional.push((
            Chip::Sha512K(sha512::KTableAir),
            sha512::k_table_trace(blocks.len()),
        ));
        optional.push((
            Chip::Ed25519Mul(ed25519::mul::EdMulAir),
            ed25519::mul::generate_trace(&muls, &mut bytes),
        ));
    }
    if !record.matmul.is_empty() {
        let calls = &record.matmul;
        optional.push((
            Chip::Matmul(matmul::MatmulCallAir),
            matmul::call_trace(calls, &mut bytes),
        ));
        optional.push((
            Chip::MatmulMac(matmul::MatmulMacAir),
            matmul::mac_trace(calls, &mut bytes),
        ));
        optional.push((
            Chip::WordBytes(matmul::MATMUL_WORD_AIR),
            matmul::word_trace(calls, &mut bytes),
        ));
    }

    for chip in user_chips.chips() {
        let Some(calls) = record.user.get(&chip.number()) else {
            continue;
        };
        let tables = chip.tables();
        let traces = chip.generate_traces(calls, &mut bytes);
        assert_eq!(
            traces.len(),
            tables.len(),
            "the chip for call {:#x} has {} tables but generated {} traces",
            chip.number(),
            tables.len(),
            traces.len()
        );
        for (table, trace) in tables.into_iter().zip(traces) {
            optional.push((Chip::User(table), trace));
        }
    }

    add(Chip::Program(program_air), program_trace);
    add(Chip::Byte(ByteAir), bytes.generate_trace());
    add(Chip::Image(image_air), image_trace);
    add(Chip::Memory(memory::MemoryAir), memory_trace);
    add(
        Chip::Cpu(cpu::CpuAir {
            entry: program.entry(),
        }),
        cpu_trace,
    );
    add(Chip::Io(io_air), io_trace);
    add(Chip::IoData(io_data_air), io_data_trace);
    for (chip, trace) in optional {
        add(chip, trace);
    }
    (chips, traces)
}

/// The chip named `name` for verifying a proof of `program` with this input and journal.
fn chip_named(
    name: &str,
    program: &Program,
    input: &[u8],
    journal: &[u8],
    user_chips: &ChipRegistry,
) -> Option<Chip> {
    Some(match name {
        "program" => Chip::Program(program::ProgramAir::from_program(program)),
        "byte" => Chip::Byte(ByteAir),
        "image" => Chip::Image(image::ImageAir::new(program)),
        "memory" => Chip::Memory(memory::MemoryAir),
        "cpu" => Chip::Cpu(cpu::CpuAir {
            entry: program.entry(),
        }),
        "io" => Chip::Io(io::IoAir::for_program(program, input, journal)),
        "io-data" => Chip::IoData(io::IoAir::for_program(program, input, journal).data_air()),
        "add_sub" => Chip::AddSub(alu::add_sub::AddSubAir),
        "bitwise" => Chip::Bitwise(alu::bitwise::BitwiseAir),
        "lt" => Chip::Lt(alu::lt::LtAir),
        "shift" => Chip::Shift(alu::shift::ShiftAir),
        "mul" => Chip::Mul(alu::mul::MulAir),
        "divrem" => Chip::DivRem(alu::divrem::DivRemAir),
        "lsu" => Chip::Lsu(lsu::LsuAir),
        "keccak" => Chip::Keccak(keccak::KeccakChipAir),
        "keccak-absorb" => Chip::KeccakAbsorb(keccak::KeccakAbsorbAir),
        "keccak-absorb-unaligned" => Chip::KeccakAbsorbUnaligned(keccak::KeccakAbsorbUnalignedAir),
        "keccak-absorb-word" => Chip::WordBytes(keccak::ABSORB_WORD_AIR),
        "sha256" => Chip::Sha256(sha256::Sha256ChipAir),
        "sha256-word" => Chip::WordBytes(sha256::SHA256_WORD_AIR),
        "poseidon2" => Chip::Poseidon2(poseidon2::Poseidon2ChipAir::default()),
        "modmul" => Chip::Modmul(modmul::ModmulAir),
        "secp256k1-recover" => Chip::Secp256k1Recover(secp256k1::recover::RecoverAir),
        "secp256k1-verify" => Chip::Secp256k1Verify(secp256k1::verify::VerifyAir),
        "secp256k1-mul" => Chip::Secp256k1Mul(secp256k1::mul::MulAir),
        "ed25519-verify" => Chip::Ed25519Verify(ed25519::verify::VerifyAir),
        "ed25519-block" => Chip::Ed25519Block(ed25519::feeder::BlockAir),
        "ed25519-word" => Chip::WordBytes(ed25519::feeder::WORD_AIR),
        "sha512" => Chip::Sha512(sha512::Sha512Air),
        "sha512-k" => Chip::Sha512K(sha512::KTableAir),
        "ed25519-mul" => Chip::Ed25519Mul(ed25519::mul::EdMulAir),
        "matmul" => Chip::Matmul(matmul::MatmulCallAir),
        "matmul-mac" => Chip::MatmulMac(matmul::MatmulMacAir),
        "matmul-word" => Chip::WordBytes(matmul::MATMUL_WORD_AIR),
        _ => return user_chips.table(name).map(Chip::User),
    })
}

/// What a verifier expects of a proof beyond the program.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    /// The journal the proof must show (any journal if `None`; the proof carries it).
    pub journal: Option<Vec<u8>>,
    /// The input the run must have read (any input if `None`; the proof carries it).
    pub input: Option<Vec<u8>>,
    /// The exit code the run must have halted with (any if `None`).
    pub exit_code: Option<u32>,
}

/// Verifies that `envelope` proves a run of `program`; returns the public values it proves
/// and the verifier's security report.
pub fn verify_program(
    program: &Program,
    envelope: &ProofEnvelope,
    expected: &Expected,
    policy: &VerifierPolicy,
) -> Result<(PublicValues, SecurityReport), VerifyError> {
    verify_program_with_chips(
        program,
        &ChipRegistry::default(),
        envelope,
        expected,
        policy,
    )
}

/// [`verify_program`] for proofs that may hold the tables of `user_chips` (after the
/// built-in tables, in registration order).
pub fn verify_program_with_chips(
    program: &Program,
    user_chips: &ChipRegistry,
    envelope: &ProofEnvelope,
    expected: &Expected,
    policy: &VerifierPolicy,
) -> Result<(PublicValues, SecurityReport), VerifyError> {
    if let Some(journal) = &expected.journal
        && journal != &envelope.journal
    {
        return Err(VerifyError::PublicValueMismatch {
            field: "journal_commitment",
        });
    }
    if let Some(input) = &expected.input
        && input != &envelope.input
    {
        return Err(VerifyError::PublicValueMismatch {
            field: "input_commitment",
        });
    }
    let exit_code = expected
        .exit_code
        .unwrap_or(envelope.public_values.exit_code);
    let public = public_values(program, &envelope.input, &envelope.journal, exit_code);

    let names: Vec<&str> = envelope
        .table_heights
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let user_tables = user_chips.table_names();
    let order = |name: &str| {
        TABLE_ORDER.iter().position(|n| *n == name).or_else(|| {
            user_tables
                .iter()
                .position(|n| n == name)
                .map(|i| TABLE_ORDER.len() + i)
        })
    };
    let splittable = |name: &str| SPLITTABLE_TABLES.contains(&name);
    let known_and_ordered = names.iter().all(|n| order(n).is_some())
        && names.windows(2).all(|w| {
            order(w[0]) < order(w[1]) || (w[0] == w[1] && splittable(w[0]))
        })
        // Ordered, so the instances of a table are consecutive.
        && names.chunk_by(|a, b| a == b).all(|run| run.len() <= MAX_INSTANCES);
    let has_required = REQUIRED_TABLES.iter().all(|r| names.contains(r));
    if !known_and_ordered || !has_required {
        return Err(VerifyError::TableMismatch {
            found: names.iter().map(|s| s.to_string()).collect(),
            expected: TABLE_ORDER
                .iter()
                .map(|s| s.to_string())
                .chain(user_tables.iter().cloned())
                .collect(),
        });
    }
    let chips: Vec<Chip> = names
        .iter()
        .map(|name| {
            chip_named(
                name,
                program,
                &envelope.input,
                &envelope.journal,
                user_chips,
            )
        })
        .collect::<Option<_>>()
        .expect("names checked above");
    let report = verify(&chips, envelope, &public, policy)?;
    Ok((public, report))
}

// Glue to the chips being built in parallel: one place to adapt their constructors.

fn alu_trace(
    chip: &Chip,
    events: &[crate::record::AluEvent],
    bytes: &mut ByteLookups,
) -> RowMajorMatrix<Val> {
    match chip {
        Chip::AddSub(_) => alu::add_sub::generate_trace(events, bytes),
        Chip::Bitwise(_) => alu::bitwise::generate_trace(events, bytes),
        Chip::Lt(_) => alu::lt::generate_trace(events, bytes),
        Chip::Shift(_) => alu::shift::generate_trace(events, bytes),
        Chip::Mul(_) => alu::mul::generate_trace(events, bytes),
        Chip::DivRem(_) => alu::divrem::generate_trace(events, bytes),
        _ => unreachable!("not an ALU chip"),
    }
}

fn lsu_trace(events: &[crate::record::LsuEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    lsu::generate_trace(events, bytes)
}

fn keccak_trace(
    events: &[crate::record::SyscallEvent],
    bytes: &mut ByteLookups,
) -> RowMajorMatrix<Val> {
    keccak::generate_trace(events, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_powers_of_two_covering_the_rows_with_little_padding() {
        assert!(piece_heights(0).is_empty());
        assert_eq!(piece_heights(1), [1]);
        assert_eq!(piece_heights(7_000), [8_192]);
        assert_eq!(piece_heights(141_920), [131_072, 8_192, 4_096]);
        assert_eq!(piece_heights(9_072), [8_192, 1_024]);
        assert_eq!(piece_heights(199_361), [131_072, 65_536, 4_096]);
        assert_eq!(piece_heights(1 << 20), [1 << 20]);
        for rows in (1..(1 << 22)).step_by(9_973) {
            let heights = piece_heights(rows);
            assert!(heights.iter().all(|h| h.is_power_of_two()));
            assert!(heights.len() <= MAX_INSTANCES);
            let total: usize = heights.iter().sum();
            assert!(total >= rows && total - rows <= MIN_SPLIT_SAVING.max(total / 8));
            let units = vec![(); rows];
            let pieces = split(&units);
            assert_eq!(pieces.iter().map(|p| p.len()).sum::<usize>(), rows);
            assert!(pieces.iter().zip(&heights).all(|(p, &h)| p.len() <= h));
        }
    }
}
