//! Generic prove / verify over a set of AIR tables linked by LogUp buses.
//!
//! Chips plug in by implementing [`ProverAir`] (usually one enum over all chips, since
//! `p3-batch-stark` takes one AIR type per batch). Chip order is part of the statement: the
//! verifier passes the same AIR list and the envelope's table names must match it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use p3_air::symbolic::AirLayout;
use p3_air::{Air, BaseAir, DebugConstraintBuilder};
use p3_batch_stark::folder::{
    ProverConstraintFolderWithLookups, VerifierConstraintFolderWithLookups,
};
use p3_batch_stark::symbolic::get_symbolic_constraints;
use p3_batch_stark::{
    BatchProof, BatchVerificationError, PcsError, ProverData, StarkInstance, prove_batch,
    verify_batch,
};
use p3_lookup::logup::LogUpGadget;
use p3_lookup::{InteractionSymbolicBuilder, Lookup};
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;

use crate::config::{Challenge, ParamsError, ProofParams, StarkConfig, Val};
use crate::proof::{
    PROOF_FORMAT_VERSION, ProofEnvelope, ProofFormatError, PublicValues, decode_inner, encode_inner,
};
use crate::security::{SecurityReport, TableShape, security_bits};

/// An AIR table the batch prover can prove and verify.
///
/// Implement `Air<AB>` generically for every `AB: p3_lookup::InteractionBuilder`; the bounds
/// below are the builders the prover, the verifier and the debug checker instantiate.
///
/// `num_public_values()` must be 0 (the table ignores them) or
/// [`PublicValues::NUM_FIELD_ELEMENTS`] (the table receives them, in the order
/// [`PublicValues::to_field_elements`] gives).
pub trait ProverAir:
    BaseAir<Val>
    + Clone
    + Sync
    + Air<InteractionSymbolicBuilder<Val, Challenge>>
    + for<'a> Air<ProverConstraintFolderWithLookups<'a, StarkConfig>>
    + for<'a> Air<VerifierConstraintFolderWithLookups<'a, StarkConfig>>
    + for<'a> Air<DebugConstraintBuilder<'a, Val, Challenge>>
{
    /// The table's name, as recorded in the proof envelope.
    fn name(&self) -> String;
}

/// What a verifier accepts: exactly these params, and at least this many conjectured bits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VerifierPolicy {
    pub params: ProofParams,
    pub min_security_bits: f64,
}

impl Default for VerifierPolicy {
    fn default() -> Self {
        Self {
            params: ProofParams::default(),
            min_security_bits: 100.0,
        }
    }
}

/// Why a proof could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ProveError {
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error("{airs} AIRs but {traces} traces")]
    TraceCount { airs: usize, traces: usize },
    #[error("no tables to prove")]
    NoTables,
    #[error("table {table}: trace has {got} columns, the AIR {expected}")]
    TraceWidth {
        table: String,
        expected: usize,
        got: usize,
    },
    #[error("table {table}: height {height} is not a power of two in 2..=2^{max_log}")]
    TraceHeight {
        table: String,
        height: usize,
        max_log: usize,
    },
    #[error("table {table}: {got} public values; a table takes 0 or {expected}")]
    PublicValueCount {
        table: String,
        expected: usize,
        got: usize,
    },
    #[error("no table takes the public values, so the proof would not be bound to them")]
    PublicValuesUnbound,
    #[error("table {table}: constraint degree {degree} exceeds {max} (log_blowup {log_blowup})")]
    ConstraintDegree {
        table: String,
        degree: usize,
        max: usize,
        log_blowup: usize,
    },
    #[error("proving backend failed: {0}")]
    Backend(String),
    #[error(transparent)]
    Format(#[from] ProofFormatError),
}

/// Why a proof was rejected.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Format(#[from] ProofFormatError),
    #[error("proof made with params {found:?}, the verifier requires {expected:?}")]
    ParamsMismatch {
        found: Box<ProofParams>,
        expected: Box<ProofParams>,
    },
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error("public value `{field}` differs from the expected one")]
    PublicValueMismatch { field: &'static str },
    #[error("proof lists tables {found:?}, the verifier expects {expected:?}")]
    TableMismatch {
        found: Vec<String>,
        expected: Vec<String>,
    },
    #[error("table {table}: height {height} is not a power of two in 2..=2^{max_log}")]
    TraceHeight {
        table: String,
        height: usize,
        max_log: usize,
    },
    #[error("the STARK proof's degrees do not match the envelope's table heights")]
    HeightMismatch,
    #[error("table {table}: constraint degree {degree} exceeds {max}")]
    ConstraintDegree {
        table: String,
        degree: usize,
        max: usize,
    },
    #[error("{bits:.1} bits of conjectured security ({binding} binds), policy requires {required}")]
    InsufficientSecurity {
        bits: f64,
        required: f64,
        binding: String,
    },
    #[error("envelope claims {claimed} bits, the verifier computes {computed}")]
    SecurityClaimMismatch { claimed: f64, computed: f64 },
    #[error("AIR set rejected: {0}")]
    Setup(String),
    #[error("STARK verification failed: {0:?}")]
    Stark(BatchVerificationError<PcsError<StarkConfig>>),
    #[error("STARK verifier panicked on malformed input")]
    VerifierPanicked,
}

/// Proves `traces` (one per AIR, same order) and wraps the proof in an envelope.
///
/// Refuses AIR sets whose constraint degree exceeds `params.max_constraint_degree()`. A
/// witness that violates a constraint or a bus still produces a proof; it is the verifier that
/// rejects it.
pub fn prove<A: ProverAir>(
    airs: &[A],
    traces: Vec<RowMajorMatrix<Val>>,
    public_values: &PublicValues,
    params: &ProofParams,
) -> Result<ProofEnvelope, ProveError> {
    let config = params.stark_config()?;
    if airs.is_empty() {
        return Err(ProveError::NoTables);
    }
    if airs.len() != traces.len() {
        return Err(ProveError::TraceCount {
            airs: airs.len(),
            traces: traces.len(),
        });
    }
    let mut log_heights = Vec::with_capacity(airs.len());
    for (air, trace) in airs.iter().zip(&traces) {
        if trace.width() != air.width() {
            return Err(ProveError::TraceWidth {
                table: air.name(),
                expected: air.width(),
                got: trace.width(),
            });
        }
        let height = trace.height();
        let log =
            log_height(height, params.max_log_trace_height).ok_or(ProveError::TraceHeight {
                table: air.name(),
                height,
                max_log: params.max_log_trace_height,
            })?;
        log_heights.push(log);
    }
    let public_inputs = assign_public_values(airs, public_values)?;

    let prover_data = tracing::info_span!("prover data")
        .in_scope(|| ProverData::from_airs_and_degrees(&config, airs, &log_heights))
        .map_err(|e| ProveError::Backend(format!("{e:?}")))?;
    let shapes = tracing::info_span!("table shapes")
        .in_scope(|| table_shapes(airs, &log_heights, &prover_data.common.lookups));
    if let Some(bad) = shapes
        .iter()
        .find(|s| s.max_constraint_degree > params.max_constraint_degree())
    {
        return Err(ProveError::ConstraintDegree {
            table: bad.name.clone(),
            degree: bad.max_constraint_degree,
            max: params.max_constraint_degree(),
            log_blowup: params.log_blowup,
        });
    }
    let report = security_bits(params, &shapes);

    let trace_refs: Vec<&RowMajorMatrix<Val>> = traces.iter().collect();
    let instances = StarkInstance::new_multiple(airs, &trace_refs, &public_inputs);
    let proof = prove_batch(&config, &instances, &prover_data)
        .map_err(|e| ProveError::Backend(format!("{e:?}")))?;
    Ok(ProofEnvelope {
        version: PROOF_FORMAT_VERSION,
        params: *params,
        security_bits: report.bits,
        public_values: *public_values,
        table_heights: airs
            .iter()
            .zip(&traces)
            .map(|(air, trace)| (air.name(), trace.height()))
            .collect(),
        proof: tracing::info_span!("encode proof").in_scope(|| encode_inner(&proof))?,
        input: Vec::new(),
        journal: Vec::new(),
        elf: Vec::new(),
    })
}

/// Decodes `bytes` and verifies them with [`verify`].
pub fn verify_bytes<A: ProverAir>(
    airs: &[A],
    bytes: &[u8],
    expected: &PublicValues,
    policy: &VerifierPolicy,
) -> Result<SecurityReport, VerifyError> {
    verify(airs, &ProofEnvelope::from_bytes(bytes)?, expected, policy)
}

/// Verifies `envelope` against the verifier's own AIR list, expected public values and policy.
/// Returns the security report the verifier computed (never the prover's claim).
pub fn verify<A: ProverAir>(
    airs: &[A],
    envelope: &ProofEnvelope,
    expected: &PublicValues,
    policy: &VerifierPolicy,
) -> Result<SecurityReport, VerifyError> {
    if envelope.version != PROOF_FORMAT_VERSION {
        return Err(ProofFormatError::Version {
            found: envelope.version,
            expected: PROOF_FORMAT_VERSION,
        }
        .into());
    }
    if envelope.params != policy.params {
        return Err(VerifyError::ParamsMismatch {
            found: Box::new(envelope.params),
            expected: Box::new(policy.params),
        });
    }
    let params = &policy.params;
    let config = params.stark_config()?;
    check_public_values(&envelope.public_values, expected)?;

    let names: Vec<String> = airs.iter().map(ProverAir::name).collect();
    let found: Vec<String> = envelope
        .table_heights
        .iter()
        .map(|(n, _)| n.clone())
        .collect();
    if names != found {
        return Err(VerifyError::TableMismatch {
            found,
            expected: names,
        });
    }
    let mut log_heights = Vec::with_capacity(airs.len());
    for (name, height) in &envelope.table_heights {
        let log = log_height(*height, params.max_log_trace_height).ok_or_else(|| {
            VerifyError::TraceHeight {
                table: name.clone(),
                height: *height,
                max_log: params.max_log_trace_height,
            }
        })?;
        log_heights.push(log);
    }
    let public_inputs =
        assign_public_values(airs, expected).map_err(|e| VerifyError::Setup(e.to_string()))?;

    let proof: BatchProof<StarkConfig> = decode_inner(&envelope.proof)?;
    if proof.degree_bits != log_heights {
        return Err(VerifyError::HeightMismatch);
    }

    let prover_data = ProverData::from_airs_and_degrees(&config, airs, &log_heights)
        .map_err(|e| VerifyError::Setup(format!("{e:?}")))?;
    let shapes = table_shapes(airs, &log_heights, &prover_data.common.lookups);
    if let Some(bad) = shapes
        .iter()
        .find(|s| s.max_constraint_degree > params.max_constraint_degree())
    {
        return Err(VerifyError::ConstraintDegree {
            table: bad.name.clone(),
            degree: bad.max_constraint_degree,
            max: params.max_constraint_degree(),
        });
    }
    let report = security_bits(params, &shapes);
    if envelope.security_bits.to_bits() != report.bits.to_bits() {
        return Err(VerifyError::SecurityClaimMismatch {
            claimed: envelope.security_bits,
            computed: report.bits,
        });
    }
    if report.bits.is_nan() || report.bits < policy.min_security_bits {
        return Err(VerifyError::InsufficientSecurity {
            bits: report.bits,
            required: policy.min_security_bits,
            binding: report.binding,
        });
    }

    // The verifier returns errors for every malformed proof we have tried; the guard keeps a
    // backend panic on some input we have not tried from escaping as a host crash.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        verify_batch(&config, airs, &proof, &public_inputs, &prover_data.common)
    }))
    .map_err(|_| VerifyError::VerifierPanicked)?;
    outcome.map_err(VerifyError::Stark)?;
    Ok(report)
}

/// The estimator's view of each table, measured from the AIR and its (packed) lookups.
pub fn table_shapes<A: ProverAir>(
    airs: &[A],
    log_heights: &[usize],
    lookups: &[impl AsRef<[Lookup<Val>]>],
) -> Vec<TableShape> {
    let gadget = LogUpGadget::new();
    airs.iter()
        .zip(log_heights)
        .zip(lookups)
        .map(|((air, &log_height), lookups)| {
            let lookups = lookups.as_ref();
            let (base, ext) = get_symbolic_constraints::<Val, Challenge, A, _>(
                air,
                AirLayout::from_air(air),
                lookups,
                &gadget,
            );
            let max_constraint_degree = base
                .iter()
                .map(|c| c.degree_multiple())
                .chain(ext.iter().map(|c| c.degree_multiple()))
                .max()
                .unwrap_or(0)
                .max(air.max_constraint_degree().unwrap_or(0));
            TableShape {
                name: air.name(),
                log_height,
                width: air.width(),
                preprocessed_width: air.preprocessed_width(),
                reads_next_row: !air.main_next_row_columns().is_empty()
                    || !air.preprocessed_next_row_columns().is_empty(),
                num_constraints: base.len() + ext.len(),
                max_constraint_degree,
                num_lookup_columns: lookups.len(),
                num_interactions: lookups.iter().map(|l| l.elements.len()).sum(),
                max_message_width: lookups
                    .iter()
                    .flat_map(|l| l.elements.iter().map(Vec::len))
                    .max()
                    .unwrap_or(0),
            }
        })
        .collect()
}

fn log_height(height: usize, max_log: usize) -> Option<usize> {
    (height >= 2 && height.is_power_of_two() && height.trailing_zeros() as usize <= max_log)
        .then(|| height.trailing_zeros() as usize)
}

fn assign_public_values<A: ProverAir>(
    airs: &[A],
    public_values: &PublicValues,
) -> Result<Vec<Vec<Val>>, ProveError> {
    let elements = public_values.to_field_elements();
    let assigned = airs
        .iter()
        .map(|air| match air.num_public_values() {
            0 => Ok(Vec::new()),
            PublicValues::NUM_FIELD_ELEMENTS => Ok(elements.clone()),
            got => Err(ProveError::PublicValueCount {
                table: air.name(),
                expected: PublicValues::NUM_FIELD_ELEMENTS,
                got,
            }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if assigned.iter().all(Vec::is_empty) {
        return Err(ProveError::PublicValuesUnbound);
    }
    Ok(assigned)
}

fn check_public_values(found: &PublicValues, expected: &PublicValues) -> Result<(), VerifyError> {
    let mismatch = if found.program_id != expected.program_id {
        Some("program_id")
    } else if found.input_commitment != expected.input_commitment {
        Some("input_commitment")
    } else if found.journal_commitment != expected.journal_commitment {
        Some("journal_commitment")
    } else if found.exit_code != expected.exit_code {
        Some("exit_code")
    } else {
        None
    };
    mismatch.map_or(Ok(()), |field| {
        Err(VerifyError::PublicValueMismatch { field })
    })
}
