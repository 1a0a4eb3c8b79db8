//! One measurement of `gluecp bench prove`, made in a child process.
//!
//! Peak memory (`VmHWM`, the resident-set high-water mark) only ever grows within a process,
//! so the parent runs every [`Case`] as `gluecp bench prove-case SPEC` (a hidden subcommand of
//! the same executable, SPEC the case as JSON) and reads one [`Sample`] as JSON from its
//! stdout. The child's peak is then the peak of loading, executing, tracing, proving,
//! serializing and verifying that one case, repetitions included.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, ensure};
use gluecp_prover::machine::{Expected, prove_program, verify_program};
use gluecp_prover::{ProofEnvelope, ProofParams, VerifierPolicy};
use gluecp_vm::Program;
use p3_keccak_air::{KeccakAir, NUM_KECCAK_COLS};
use p3_matrix::Matrix;
use serde::{Deserialize, Serialize};

/// What one child process measures.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Case {
    /// Prove a run of the ELF at `elf` on `input_hex` with the gluecp prover, then verify it.
    Program {
        elf: PathBuf,
        input_hex: String,
        repetitions: usize,
    },
    /// Prove `permutations` Keccak-f\[1600\] with Plonky3's `KeccakAir` alone (one
    /// `p3-uni-stark` proof, the gluecp STARK configuration; with `batch`, one `p3-batch-stark`
    /// proof of the one table, as the gluecp machine is proven), then verify it.
    KeccakAir {
        permutations: usize,
        repetitions: usize,
        #[serde(default)]
        batch: bool,
    },
}

/// A trace's name and shape.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Table {
    pub name: String,
    pub height: usize,
    pub width: usize,
}

/// What a [`Case`] measured: the fastest repetition (by `total_s`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sample {
    /// Instructions executed (0 for `p3-keccak-air` alone).
    pub cycles: u64,
    /// Running the guest and recording it for the prover.
    pub execute_s: f64,
    /// Generating every table's trace.
    pub trace_s: f64,
    /// Committing, the quotient, the openings and FRI.
    pub prove_s: f64,
    /// From the program and input to the proof: the three phases above.
    pub total_s: f64,
    /// The serialized proof (for a program: the envelope, with input and journal, no ELF).
    pub proof_bytes: usize,
    /// Decoding and verifying the serialized proof.
    pub verify_s: f64,
    /// The child's resident-set high-water mark (`VmHWM`), where the OS reports one.
    pub peak_rss_bytes: Option<u64>,
    /// Main-trace cells, the sum of height × width over the tables.
    pub trace_cells: u64,
    pub tables: Vec<Table>,
    /// The run's journal, for the parent's checks.
    pub journal_hex: String,
    /// Repetitions made (the budget can cut them short).
    pub repetitions: usize,
    /// Conjectured security of the proof, in bits (for a program proof).
    pub security_bits: Option<f64>,
}

/// Repetitions stop once they have used this much wall time.
const BUDGET: Duration = Duration::from_secs(20);

/// Runs `case` in a child process of this executable and returns what it measured.
pub fn spawn(case: &Case) -> anyhow::Result<Sample> {
    let exe = std::env::current_exe().context("cannot find this executable to run a case")?;
    let spec = serde_json::to_string(case)?;
    let output = Command::new(&exe)
        .args(["bench", "prove-case", &spec])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    ensure!(
        output.status.success(),
        "measuring {} failed ({})",
        case.describe(),
        output.status
    );
    serde_json::from_slice(&output.stdout).with_context(|| {
        format!(
            "the child measuring {} printed no result: {}",
            case.describe(),
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Measures each `(case, runs)` `runs` times, one run per child process, round by round: every
/// case once per round (a case with fewer runs only in the first rounds). Keeps each case's
/// fastest run, with the highest peak memory of its runs. A stretch of load on a shared
/// machine then slows one run of every case instead of every run of one case, which matters
/// when cases are subtracted from each other.
pub fn spawn_interleaved(
    cases: &[(Case, usize)],
    mut progress: impl FnMut(usize, usize),
) -> anyhow::Result<Vec<Sample>> {
    let rounds = cases.iter().map(|(_, runs)| *runs).max().unwrap_or(0);
    let mut best: Vec<Option<Sample>> = vec![None; cases.len()];
    for round in 0..rounds {
        progress(round + 1, rounds);
        for ((case, runs), best) in cases.iter().zip(&mut best) {
            if round < *runs {
                let sample = spawn(case)?;
                *best = Some(match best.take() {
                    None => sample,
                    Some(other) => faster(other, sample),
                });
            }
        }
    }
    Ok(best
        .into_iter()
        .map(|b| b.expect("every case runs at least once"))
        .collect())
}

/// The faster of two runs of one case, with the peak memory and the repetitions of both.
fn faster(a: Sample, b: Sample) -> Sample {
    let peak = a.peak_rss_bytes.max(b.peak_rss_bytes);
    let repetitions = a.repetitions + b.repetitions;
    let mut fast = if b.total_s < a.total_s { b } else { a };
    fast.peak_rss_bytes = peak;
    fast.repetitions = repetitions;
    fast
}

impl Case {
    /// A short description for error messages.
    fn describe(&self) -> String {
        match self {
            Case::Program { elf, input_hex, .. } => {
                format!("{} on {} input bytes", elf.display(), input_hex.len() / 2)
            }
            Case::KeccakAir {
                permutations,
                batch,
                ..
            } => {
                let prover = if *batch {
                    "p3-batch-stark"
                } else {
                    "p3-uni-stark"
                };
                format!("{permutations} permutations with p3-keccak-air ({prover})")
            }
        }
    }
}

/// The child's side: measures the case `spec` (JSON) and prints its [`Sample`] as JSON.
pub fn run(spec: &str) -> anyhow::Result<()> {
    let case: Case = serde_json::from_str(spec).context("not a bench case")?;
    let sample = match &case {
        Case::Program {
            elf,
            input_hex,
            repetitions,
        } => {
            let input = hex::decode(input_hex).context("the case's input is not hex")?;
            program(elf, &input, *repetitions)?
        }
        Case::KeccakAir {
            permutations,
            repetitions,
            batch: false,
        } => keccak_air(*permutations, *repetitions)?,
        Case::KeccakAir {
            permutations,
            repetitions,
            batch: true,
        } => keccak_air_batch(*permutations, *repetitions)?,
    };
    println!("{}", serde_json::to_string(&sample)?);
    Ok(())
}

/// Runs `once` up to `repetitions` times (fewer once [`BUDGET`] is spent) and keeps the
/// fastest sample, then adds the peak memory of the whole process.
fn best(
    repetitions: usize,
    mut once: impl FnMut() -> anyhow::Result<Sample>,
) -> anyhow::Result<Sample> {
    let mut best: Option<Sample> = None;
    let mut spent = 0.0;
    let mut made = 0;
    while made < repetitions.max(1) {
        let sample = once()?;
        made += 1;
        spent += sample.total_s + sample.verify_s;
        if best.as_ref().is_none_or(|b| sample.total_s < b.total_s) {
            best = Some(sample);
        }
        if spent >= BUDGET.as_secs_f64() {
            break;
        }
    }
    let mut best = best.expect("at least one repetition ran");
    best.repetitions = made;
    best.peak_rss_bytes = peak_rss_bytes();
    Ok(best)
}

fn program(elf: &Path, input: &[u8], repetitions: usize) -> anyhow::Result<Sample> {
    let program = crate::run::load(elf)?;
    let registry = gluecp_coprocessors::builtins();
    let params = ProofParams::default();
    best(repetitions, || {
        let start = Instant::now();
        let (envelope, stats) = prove_program(&program, &registry, input, &params, &mut |_| {})
            .with_context(|| format!("proving {}", elf.display()))?;
        let total_s = start.elapsed().as_secs_f64();
        let bytes = envelope.to_bytes()?;
        let journal_hex = hex::encode(&envelope.journal);
        drop(envelope);
        let (verify_s, security_bits) = verify(&program, &bytes)?;
        let tables: Vec<Table> = stats
            .tables
            .into_iter()
            .map(|(name, height, width)| Table {
                name,
                height,
                width,
            })
            .collect();
        Ok(Sample {
            cycles: stats.cycles,
            execute_s: stats.execute_seconds,
            trace_s: stats.trace_seconds,
            prove_s: stats.prove_seconds,
            total_s,
            proof_bytes: bytes.len(),
            verify_s,
            peak_rss_bytes: None,
            trace_cells: cells(&tables),
            tables,
            journal_hex,
            repetitions: 1,
            security_bits: Some(security_bits),
        })
    })
}

/// Decodes and verifies a program proof; returns the seconds it took and the security bits.
fn verify(program: &Program, bytes: &[u8]) -> anyhow::Result<(f64, f64)> {
    let start = Instant::now();
    let envelope = ProofEnvelope::from_bytes(bytes)?;
    let (_, report) = verify_program(
        program,
        &envelope,
        &Expected::default(),
        &VerifierPolicy::default(),
    )
    .context("the proof does not verify")?;
    Ok((start.elapsed().as_secs_f64(), report.bits))
}

/// `permutations` Keccak-f proven by `KeccakAir` as Plonky3 ships it: its own trace
/// generator (24 rows per permutation, padded to a power of two with permutations of zero),
/// one `p3-uni-stark` proof with the configuration of [`ProofParams::default`].
fn keccak_air(permutations: usize, repetitions: usize) -> anyhow::Result<Sample> {
    let params = ProofParams::default();
    let config = params.stark_config()?;
    let air = KeccakAir {};
    let inputs = keccak_inputs(permutations);
    best(repetitions, || {
        let start = Instant::now();
        // Spare capacity for the low-degree extension, as Plonky3's own examples ask.
        let trace = p3_keccak_air::generate_trace_rows::<gluecp_prover::Val>(
            inputs.clone(),
            params.log_blowup,
        );
        let trace_s = start.elapsed().as_secs_f64();
        let height = trace.height();
        let proof = p3_uni_stark::prove(&config, &air, trace, &[])
            .map_err(|e| anyhow!("p3-keccak-air proof failed: {e:?}"))?;
        let total_s = start.elapsed().as_secs_f64();
        let bytes = postcard::to_allocvec(&proof)?;
        drop(proof);

        let start = Instant::now();
        let proof: p3_uni_stark::Proof<gluecp_prover::StarkConfig> = postcard::from_bytes(&bytes)?;
        p3_uni_stark::verify(&config, &air, &proof, &[])
            .map_err(|e| anyhow!("p3-keccak-air proof does not verify: {e:?}"))?;
        let verify_s = start.elapsed().as_secs_f64();
        Ok(air_sample(height, trace_s, total_s, bytes.len(), verify_s))
    })
}

/// `KeccakAir` as one table of `p3-batch-stark`, the prover of the gluecp machine.
#[derive(Clone)]
struct BatchKeccakAir;

impl<F> p3_air::BaseAir<F> for BatchKeccakAir {
    fn width(&self) -> usize {
        NUM_KECCAK_COLS
    }
}

impl<AB: p3_air::AirBuilder> p3_air::Air<AB> for BatchKeccakAir {
    fn eval(&self, builder: &mut AB) {
        p3_air::Air::eval(&KeccakAir {}, builder);
    }
}

/// [`keccak_air`] proven with `p3-batch-stark` (one table, no buses): the framework's own
/// share of the chip's cost over `KeccakAir` alone.
fn keccak_air_batch(permutations: usize, repetitions: usize) -> anyhow::Result<Sample> {
    use p3_batch_stark::{ProverData, StarkInstance, prove_batch, verify_batch};
    let params = ProofParams::default();
    let config = params.stark_config()?;
    let airs = [BatchKeccakAir];
    let inputs = keccak_inputs(permutations);
    let public: Vec<Vec<gluecp_prover::Val>> = vec![Vec::new()];
    best(repetitions, || {
        let start = Instant::now();
        let trace = p3_keccak_air::generate_trace_rows::<gluecp_prover::Val>(inputs.clone(), 0);
        let trace_s = start.elapsed().as_secs_f64();
        let height = trace.height();
        let data = ProverData::from_airs_and_degrees(&config, &airs, &[height.ilog2() as usize])
            .map_err(|e| anyhow!("p3-batch-stark setup failed: {e:?}"))?;
        let traces = [&trace];
        let instances = StarkInstance::new_multiple(&airs, &traces, &public);
        let proof = prove_batch(&config, &instances, &data)
            .map_err(|e| anyhow!("p3-keccak-air batch proof failed: {e:?}"))?;
        let total_s = start.elapsed().as_secs_f64();
        let bytes = postcard::to_allocvec(&proof)?;
        drop(proof);

        let start = Instant::now();
        let proof: p3_batch_stark::BatchProof<gluecp_prover::StarkConfig> =
            postcard::from_bytes(&bytes)?;
        verify_batch(&config, &airs, &proof, &public, &data.common)
            .map_err(|e| anyhow!("p3-keccak-air batch proof does not verify: {e:?}"))?;
        let verify_s = start.elapsed().as_secs_f64();
        Ok(air_sample(height, trace_s, total_s, bytes.len(), verify_s))
    })
}

/// A `KeccakAir`-alone measurement: one table of `height` rows.
fn air_sample(
    height: usize,
    trace_s: f64,
    total_s: f64,
    proof_bytes: usize,
    verify_s: f64,
) -> Sample {
    let tables = vec![Table {
        name: "keccak-air".into(),
        height,
        width: NUM_KECCAK_COLS,
    }];
    Sample {
        cycles: 0,
        execute_s: 0.0,
        trace_s,
        prove_s: total_s - trace_s,
        total_s,
        proof_bytes,
        verify_s,
        peak_rss_bytes: None,
        trace_cells: cells(&tables),
        tables,
        journal_hex: String::new(),
        repetitions: 1,
        security_bits: None,
    }
}

/// The `permutations` distinct starting states both `KeccakAir` cases prove.
fn keccak_inputs(permutations: usize) -> Vec<[u64; 25]> {
    (0..permutations as u64)
        .map(|p| core::array::from_fn(|i| (p * 25 + i as u64 + 1).wrapping_mul(0x9e37_79b9)))
        .collect()
}

fn cells(tables: &[Table]) -> u64 {
    tables.iter().map(|t| (t.height * t.width) as u64).sum()
}

/// This process's resident-set high-water mark, from `/proc/self/status` (Linux only).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parent hands a case to its child as JSON on the command line.
    #[test]
    fn cases_round_trip_through_json() {
        let case = Case::Program {
            elf: PathBuf::from("/tmp/guest"),
            input_hex: "00ff".into(),
            repetitions: 2,
        };
        let json = serde_json::to_string(&case).unwrap();
        assert!(json.contains(r#""kind":"program""#), "{json}");
        let Case::Program {
            elf,
            input_hex,
            repetitions,
        } = serde_json::from_str(&json).unwrap()
        else {
            panic!("{json} decoded to another kind of case");
        };
        assert_eq!(elf, PathBuf::from("/tmp/guest"));
        assert_eq!((input_hex.as_str(), repetitions), ("00ff", 2));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reads_the_peak_resident_set() {
        let peak = peak_rss_bytes().expect("Linux reports VmHWM");
        assert!(peak > 1 << 20, "{peak} bytes");
    }
}
