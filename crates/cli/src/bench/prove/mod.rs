//! `gluecp bench prove`: what proving costs, measured in one run.
//!
//! 1. **Pure glue.** The `sort` workload of `bench/glue-guest` (no coprocessor calls), sized
//!    so that its run fills a CPU table of 2^k rows (the largest size executing fewer than
//!    2^k instructions, found by running the VM), proven and verified: cycles per second,
//!    proof size, verify time, peak memory, trace cells.
//! 2. **Keccak-f\[1600\].** `bench/prove-guest` permuting one state N times through the
//!    `KECCAK_F` chip (`chip` program), the same N permutations proven by Plonky3's
//!    `KeccakAir` alone (one `p3-uni-stark` proof, our STARK configuration; and again as one
//!    `p3-batch-stark` table, the machine's prover, to show the framework's share), and the same
//!    permutations in plain RISC-V (`plain` program, the `keccak` crate's `f1600`). A guest's
//!    cost per permutation is its marginal cost, `(time(N) - time(0)) / N`, so the program's
//!    fixed cost (byte table, program and image tables, the rest of the run) is not charged
//!    to the permutations; `KeccakAir`'s is `time(N) / N`.
//! 3. **keccak256 of 1 KiB**, whole proofs: the SDK's hasher on the chip against the `sha3`
//!    crate in plain RISC-V.
//! 4. **Other coprocessors**, whole proofs, each against its plain-RISC-V twin doing the same
//!    work: an int8 matrix product (`bench/prove-guest`, the coprocessor's own kernel
//!    compiled for the guest as the twin), a Poseidon2 hash and a SHA-256 hash
//!    (`crates/coprocessors/guest`, with its plain-Rust reference and the `sha2` crate as the
//!    twins), and an ECDSA verification over secp256k1 (`k256` as the twin; full runs only,
//!    one proof each: the twin's takes tens of seconds); their journals must agree.
//!
//! Every measurement runs in a child process ([`case`]), so its peak memory is its own. Times
//! are wall-clock seconds, the best of a few runs (the Keccak cases' runs interleaved, round
//! by round, so that a stretch of load on the machine does not skew a difference); a
//! program's proving time counts executing, trace generation and proving (the summary
//! `gluecp prove` prints), not building the guest or loading the ELF. Every proof is serialized, decoded and verified, and every
//! journal checked: the glue checksum against native Rust, the Keccak states against the
//! `keccak` crate on the host, and both keccak256 digests against each other.

mod case;
mod report;

pub use case::run as run_case;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail, ensure};
use gluecp_abi::codec::Encode;
use gluecp_vm::{Program, Vm, VmError};

use case::{Case, Sample, spawn, spawn_interleaved};
use report::{GlueRun, Keccak256, KeccakF, PerPermutation, Report, Versus};

/// The glue workload proven (from [`gluecp_workloads::ALL`]).
const GLUE_WORKLOAD: &str = "sort";
/// `bench/prove-guest`'s operations (its `PERMUTE` and `KECCAK256`).
const PERMUTE: u32 = 0;
const KECCAK256: u32 = 1;
const MATMUL: u32 = 2;
/// The message hashed in part 3.
const MESSAGE_BYTES: usize = 1024;

/// Sizes and repetitions of one run of the benchmark.
struct Plan {
    /// Pure glue: prove runs of just under 2^k cycles for each k.
    glue_log_cycles: &'static [u32],
    glue_repetitions: usize,
    /// Keccak-f: through the chip and with `KeccakAir` alone. 24 rows per permutation, so
    /// `N = 2^k / 24` (rounded down) fills a table of 2^k rows: 85 for 2^11, 341 for 2^13, 1365
    /// for 2^15.
    permutations: &'static [usize],
    /// Keccak-f in plain RISC-V (about 16,500 instructions each), and its runs.
    twin_permutations: usize,
    twin_repetitions: usize,
    /// Runs of the other Keccak cases, interleaved (see [`spawn_interleaved`]).
    repetitions: usize,
    /// The int8 matrix product `[m, k, n]` proven through the chip and in plain RISC-V.
    matmul_dims: [u32; 3],
    /// Field elements of the Poseidon2 hash proven through the chip and in plain RISC-V.
    poseidon2_elements: usize,
    /// Bytes of the SHA-256 message proven through the chip and in plain RISC-V.
    sha256_bytes: usize,
    /// Whether to prove an ECDSA verification through the chips and in plain RISC-V (the
    /// twin runs about 3.9 million instructions: tens of seconds to prove).
    ecdsa: bool,
}

const FULL: Plan = Plan {
    glue_log_cycles: &[16, 18, 20],
    glue_repetitions: 2,
    permutations: &[85, 341, 1365],
    twin_permutations: 16,
    twin_repetitions: 2,
    // Sub-second proofs, on a machine shared with builds: many runs steady the minimum.
    repetitions: 5,
    matmul_dims: [16, 64, 16],
    poseidon2_elements: 64,
    sha256_bytes: 4096,
    ecdsa: true,
};

/// `--quick`: a smoke test of every part in seconds.
const QUICK: Plan = Plan {
    glue_log_cycles: &[10, 12],
    glue_repetitions: 1,
    permutations: &[2, 5],
    twin_permutations: 1,
    twin_repetitions: 1,
    repetitions: 1,
    matmul_dims: [2, 8, 2],
    poseidon2_elements: 8,
    sha256_bytes: 100,
    ecdsa: false,
};

/// Runs the benchmark from the repository at `repo_root`; prints a table, or with `json` one
/// JSON object (schema [`report::SCHEMA`]), on stdout. Progress goes to stderr.
pub fn run(repo_root: &Path, json: bool, quick: bool) -> anyhow::Result<()> {
    let plan = if quick { &QUICK } else { &FULL };
    let glue_dir = repo_root.join("bench/glue-guest");
    eprintln!("building {}", glue_dir.display());
    let glue_elf = gluecp_build::build_guest(&glue_dir)
        .with_context(|| format!("cannot build {}", glue_dir.display()))?;
    let keccak_dir = repo_root.join("bench/prove-guest");
    eprintln!("building {}", keccak_dir.display());
    let mut elfs = gluecp_build::build_guests(&keccak_dir)
        .with_context(|| format!("cannot build {}", keccak_dir.display()))?;
    let mut elf = |name: &str| match elfs.remove(name) {
        Some(path) => Ok(path),
        None => bail!("{} has no binary `{name}`", keccak_dir.display()),
    };
    let (chip_elf, plain_elf) = (elf("chip")?, elf("plain")?);

    let glue = glue(plan, &glue_elf)?;
    let keccak_f = keccak_f(plan, &chip_elf, &plain_elf)?;
    let keccak256 = keccak256(plan, &chip_elf, &plain_elf)?;
    let coprocessor_dir = repo_root.join("crates/coprocessors/guest");
    eprintln!("building {}", coprocessor_dir.display());
    let coprocessor_elf = gluecp_build::build_guests(&coprocessor_dir)
        .with_context(|| format!("cannot build {}", coprocessor_dir.display()))?
        .remove("coprocessor-guest")
        .with_context(|| {
            format!(
                "{} has no binary `coprocessor-guest`",
                coprocessor_dir.display()
            )
        })?;
    let mut coprocessors = vec![
        matmul(plan, &chip_elf, &plain_elf)?,
        poseidon2(plan, &coprocessor_elf)?,
        sha256(plan, &coprocessor_elf)?,
    ];
    if plan.ecdsa {
        coprocessors.push(ecdsa(&coprocessor_elf)?);
    }
    let repetitions = plan.repetitions.max(plan.glue_repetitions);
    let report = Report::new(quick, repetitions, glue, keccak_f, keccak256, coprocessors);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}

fn glue(plan: &Plan, elf: &Path) -> anyhow::Result<Vec<GlueRun>> {
    let program = crate::run::load(elf)?;
    let (index, workload) =
        gluecp_workloads::find(GLUE_WORKLOAD).expect("the glue workload exists");
    let mut runs = Vec::new();
    for &log in plan.glue_log_cycles {
        let size = calibrate(&program, index, 1 << log)?;
        eprintln!("proving {GLUE_WORKLOAD} (size {size}, under 2^{log} cycles)");
        let sample = spawn(&program_case(
            elf,
            &(index, size).to_bytes(),
            plan.glue_repetitions,
        ))?;
        let expected = hex::encode((workload.run)(size).to_bytes());
        ensure!(
            sample.journal_hex == expected,
            "{GLUE_WORKLOAD} (size {size}): the proven journal {} differs from native Rust's {expected}",
            sample.journal_hex
        );
        runs.push(GlueRun::new(log, size, sample));
    }
    Ok(runs)
}

/// The largest size of workload `index` whose run executes fewer than `limit` instructions
/// (so its CPU table, one row per instruction plus one, has `limit` rows).
fn calibrate(program: &Program, index: u32, limit: u64) -> anyhow::Result<u32> {
    // Some(cycles) below the limit, None at or above it.
    let cycles = |size: u32| -> anyhow::Result<Option<u64>> {
        let mut vm = Vm::new(program);
        vm.set_input((index, size).to_bytes());
        vm.set_max_cycles(limit - 1);
        match vm.run() {
            Ok(exit) if exit.code == 0 => Ok(Some(exit.cycles).filter(|&c| c < limit)),
            Ok(exit) => bail!("the glue guest exited with code {}", exit.code),
            Err(VmError::CycleLimit { .. }) => Ok(None),
            Err(e) => Err(e).context("running the glue guest"),
        }
    };
    ensure!(
        cycles(1)?.is_some(),
        "{GLUE_WORKLOAD} of size 1 already runs {limit} cycles or more"
    );
    let (mut fits, mut too_big) = (1u32, 2u32);
    while cycles(too_big)?.is_some() {
        fits = too_big;
        too_big = too_big
            .checked_mul(2)
            .context("no size reaches the limit")?;
    }
    while too_big - fits > 1 {
        let mid = fits + (too_big - fits) / 2;
        if cycles(mid)?.is_some() {
            fits = mid;
        } else {
            too_big = mid;
        }
    }
    Ok(fits)
}

fn keccak_f(plan: &Plan, chip_elf: &Path, plain_elf: &Path) -> anyhow::Result<KeccakF> {
    let permute = |elf: &Path, n: usize| program_case(elf, &(PERMUTE, n as u32).to_bytes(), 1);
    let ns = plan.permutations;
    // (case, runs, N): the chip's baseline and runs, KeccakAir's, the twin's baseline and run.
    let mut cases = vec![(permute(chip_elf, 0), plan.repetitions, 0)];
    cases.extend(
        ns.iter()
            .map(|&n| (permute(chip_elf, n), plan.repetitions, n)),
    );
    for batch in [false, true] {
        cases.extend(ns.iter().map(|&n| {
            let air = Case::KeccakAir {
                permutations: n,
                repetitions: 1,
                batch,
            };
            (air, plan.repetitions, n)
        }));
    }
    let twin_n = plan.twin_permutations;
    cases.push((permute(plain_elf, 0), plan.repetitions, 0));
    cases.push((permute(plain_elf, twin_n), plan.twin_repetitions, twin_n));

    let runs: Vec<(Case, usize)> = cases.iter().map(|(c, r, _)| (c.clone(), *r)).collect();
    let mut samples = spawn_interleaved(&runs, |round, rounds| {
        eprintln!(
            "proving Keccak-f (chip, p3-keccak-air, plain RISC-V; N = 0, {ns:?}, {twin_n}): round {round} of {rounds}"
        )
    })?;
    for ((case, _, n), sample) in cases.iter().zip(&samples) {
        if let Case::Program { elf, .. } = case {
            ensure!(
                sample.journal_hex == hex::encode(permuted(*n).to_bytes()),
                "{} after {n} permutations: the proven state differs from the keccak crate's",
                elf.display()
            );
        }
    }

    let twin = samples.pop().expect("the twin's run");
    let twin_baseline = samples.pop().expect("the twin's baseline");
    let air_batch = samples.split_off(1 + 2 * ns.len());
    let air = samples.split_off(1 + ns.len());
    let chip = samples.split_off(1);
    let chip_baseline = samples.pop().expect("the chip's baseline");
    let chip = ns
        .iter()
        .zip(chip)
        .map(|(&n, s)| PerPermutation::marginal(n, s, &chip_baseline))
        .collect();
    let whole = |samples: Vec<Sample>| {
        ns.iter()
            .zip(samples)
            .map(|(&n, s)| PerPermutation::whole(n, s))
            .collect()
    };
    let (air, air_batch) = (whole(air), whole(air_batch));
    let twin = PerPermutation::marginal(twin_n, twin, &twin_baseline);
    Ok(KeccakF::new(
        chip_baseline,
        chip,
        air,
        air_batch,
        twin_baseline,
        twin,
    ))
}

/// The guest's starting state after `n` permutations, by the `keccak` crate on the host.
fn permuted(n: usize) -> [u64; 25] {
    let mut state: [u64; 25] =
        core::array::from_fn(|i| (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    for _ in 0..n {
        keccak::f1600(&mut state);
    }
    state
}

fn keccak256(plan: &Plan, chip_elf: &Path, plain_elf: &Path) -> anyhow::Result<Keccak256> {
    let mut input = KECCAK256.to_bytes();
    input.extend((0..MESSAGE_BYTES).map(|i| (i * 31 + 7) as u8));
    let cases = [
        (program_case(chip_elf, &input, 1), plan.repetitions),
        (program_case(plain_elf, &input, 1), plan.repetitions),
    ];
    let [chip, twin]: [Sample; 2] = spawn_interleaved(&cases, |round, rounds| {
        eprintln!("proving keccak256 of {MESSAGE_BYTES} bytes (chip, plain RISC-V): round {round} of {rounds}")
    })?
    .try_into()
    .expect("two cases, two samples");
    ensure!(
        chip.journal_hex == twin.journal_hex,
        "keccak256: the chip's digest {} differs from the plain twin's {}",
        chip.journal_hex,
        twin.journal_hex
    );
    Ok(Keccak256::new(MESSAGE_BYTES, chip, twin))
}

/// An int8 matrix product of `plan.matmul_dims` through the chip and in plain RISC-V (the
/// host's kernel compiled for the guest), whole proofs.
fn matmul(plan: &Plan, chip_elf: &Path, plain_elf: &Path) -> anyhow::Result<Versus> {
    let [m, k, n] = plan.matmul_dims;
    let mut input = (MATMUL, plan.matmul_dims).to_bytes();
    input.extend((0..m * k + k * n).map(|i| (i.wrapping_mul(97) ^ 0x5a) as u8));
    let work = format!(
        "int8 matrix product {m}×{k}·{k}×{n} ({} multiply-accumulates)",
        m * k * n
    );
    let (chip, twin) = versus(plan, &work, (chip_elf, &input), (plain_elf, &input))?;
    Ok(Versus::new("matmul", work, chip, twin))
}

/// Poseidon2 sponge hashes of `plan.poseidon2_elements` field elements through the chip and
/// with the guest's plain-Rust reference (`crates/coprocessors/guest`), whole proofs.
fn poseidon2(plan: &Plan, elf: &Path) -> anyhow::Result<Versus> {
    let n = plan.poseidon2_elements;
    let elements: Vec<u32> = (0..n as u32)
        .map(|i| i.wrapping_mul(0x9e37_79b9) % 0x7f00_0001)
        .collect();
    let input = |plain: bool| {
        let mut input = ("poseidon2_hash", plain).to_bytes();
        input.extend(elements.to_bytes());
        input
    };
    let permutations = n.div_ceil(8);
    let plural = if permutations == 1 { "" } else { "s" };
    let work = format!("hash of {n} elements ({permutations} permutation{plural})");
    let (chip, twin) = versus(plan, &work, (elf, &input(false)), (elf, &input(true)))?;
    Ok(Versus::new("poseidon2", work, chip, twin))
}

/// SHA-256 of `plan.sha256_bytes` bytes through the chip and with the `sha2` crate compiled
/// for the guest (`crates/coprocessors/guest`), whole proofs.
fn sha256(plan: &Plan, elf: &Path) -> anyhow::Result<Versus> {
    let n = plan.sha256_bytes;
    let message: Vec<u8> = (0..n).map(|i| (i * 131 + 17) as u8).collect();
    let input = |plain: bool| {
        let mut input = ("sha256", plain).to_bytes();
        input.extend(&message);
        input
    };
    let work = format!("sha256 of {n} bytes ({} blocks)", n / 64 + 1);
    let (chip, twin) = versus(plan, &work, (elf, &input(false)), (elf, &input(true)))?;
    Ok(Versus::new("sha256", work, chip, twin))
}

/// An ECDSA verification over secp256k1 through the `secp256k1-verify` and `secp256k1-mul`
/// chips and with `k256` compiled for the guest (`crates/coprocessors/guest`), whole proofs,
/// one run each. The signature is made on the host with the prover's curve arithmetic.
fn ecdsa(elf: &Path) -> anyhow::Result<Versus> {
    use gluecp_prover::chips::secp256k1::curve::CURVE;
    use num_bigint::BigUint;
    let c = &*CURVE;
    let n = &c.n.value;
    let be32 = |v: &BigUint| -> [u8; 32] {
        let b = v.to_bytes_be();
        let mut out = [0u8; 32];
        out[32 - b.len()..].copy_from_slice(&b);
        out
    };
    let z = BigUint::from_bytes_be(b"gluecp bench prove: ECDSA hash..");
    let d = BigUint::from_bytes_be(b"gluecp bench prove: private key.");
    let k = BigUint::from_bytes_be(b"gluecp bench prove: nonce, once.");
    let r = c.mul(&k, &c.g).map_err(anyhow::Error::msg)?.x % n;
    let s = k.modpow(&(n - 2u32), n) * (&z + &r * &d) % n;
    let key = c.mul(&d, &c.g).map_err(anyhow::Error::msg)?;
    let signature: [u8; 64] = [be32(&r), be32(&s)].concat().try_into().expect("64 bytes");
    let public: [u8; 64] = [be32(&key.x), be32(&key.y)]
        .concat()
        .try_into()
        .expect("64 bytes");
    let input = |plain: bool| {
        let mut input = ("secp256k1_verify", plain).to_bytes();
        input.extend((be32(&z), signature, public).to_bytes());
        input
    };
    let work = "ECDSA verification (secp256k1)".to_owned();
    let (chip, twin) = versus_runs(1, &work, (elf, &input(false)), (elf, &input(true)))?;
    ensure!(
        chip.journal_hex == hex::encode(0u32.to_bytes()),
        "the signature made for the benchmark does not verify"
    );
    Ok(Versus::new("secp256k1", work, chip, twin).twin_name("k256"))
}

/// Proves `chip` and `twin` (an ELF and its input each), interleaved, and checks that their
/// journals agree.
fn versus(
    plan: &Plan,
    work: &str,
    chip: (&Path, &[u8]),
    twin: (&Path, &[u8]),
) -> anyhow::Result<(Sample, Sample)> {
    versus_runs(plan.repetitions, work, chip, twin)
}

/// [`versus`] with `runs` runs of each.
fn versus_runs(
    runs: usize,
    work: &str,
    chip: (&Path, &[u8]),
    twin: (&Path, &[u8]),
) -> anyhow::Result<(Sample, Sample)> {
    let cases = [
        (program_case(chip.0, chip.1, 1), runs),
        (program_case(twin.0, twin.1, 1), runs),
    ];
    let [chip, twin]: [Sample; 2] = spawn_interleaved(&cases, |round, rounds| {
        eprintln!("proving {work} (chip, plain RISC-V): round {round} of {rounds}")
    })?
    .try_into()
    .expect("two cases, two samples");
    ensure!(
        chip.journal_hex == twin.journal_hex,
        "{work}: the chip's journal {} differs from the plain twin's {}",
        chip.journal_hex,
        twin.journal_hex
    );
    Ok((chip, twin))
}

fn program_case(elf: &Path, input: &[u8], repetitions: usize) -> Case {
    Case::Program {
        elf: PathBuf::from(elf),
        input_hex: hex::encode(input),
        repetitions,
    }
}
