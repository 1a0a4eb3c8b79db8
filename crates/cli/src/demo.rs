//! `gluecp demo`: the main job. Builds the bundled guest programs with the stock toolchain,
//! runs each in the VM with its generated input, checks its journal against the host's own
//! computation, and profiles it: a compact cost table per program and the measured share of
//! cost spent in coprocessors. The programs whose calls all have chips (Fibonacci, and
//! Keccak-256 through the Keccak-f chip) are then proven and verified, and a tampered proof and
//! a wrong claimed journal are shown to be rejected.

use crate::run::load;
use anyhow::{Context, bail, ensure};
use gluecp_abi::codec::{Decode, Encode};
use gluecp_profile::profile::{Profile, profile, share};
use gluecp_profile::report::group;
use gluecp_profile::schedule::GasSchedule;
use gluecp_prover::machine::{Expected, prove_program, verify_program};
use gluecp_prover::{ProofEnvelope, ProofParams, VerifierPolicy};
use gluecp_showcase::Showcase;
use gluecp_vm::{Program, Registry, Vm};
use sha3::{Digest, Keccak256};
use std::path::Path;
use std::time::Instant;

/// fib(n) with wrapping addition, computed on the host to check the guest.
fn fibonacci(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

const FIBONACCI: Showcase = Showcase {
    name: "fibonacci",
    title: "Fibonacci (pure glue)",
    guest_dir: "examples/fibonacci",
    input: || 100_000u32.to_bytes(),
    check: |input, journal| {
        let n = u32::from_bytes(input).map_err(|e| e.to_string())?;
        let value = u64::from_bytes(journal).map_err(|e| e.to_string())?;
        if value == fibonacci(n) {
            Ok(format!("fib({n}) = {value} (wrapping u64), as on the host"))
        } else {
            Err(format!(
                "guest says fib({n}) = {value}, host {}",
                fibonacci(n)
            ))
        }
    },
};

/// The demo's message for the Keccak example: 1 KiB of deterministic bytes.
fn keccak_message() -> Vec<u8> {
    (0..1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

const KECCAK: Showcase = Showcase {
    name: "keccak",
    title: "Keccak-256 of 1 KiB (Keccak-f chip)",
    guest_dir: "examples/keccak",
    input: keccak_message,
    check: |input, journal| {
        let digest = Keccak256::digest(input);
        if journal == digest.as_slice() {
            Ok(format!(
                "keccak256 = {}, as on the host",
                hex::encode(&journal[..8]) + "…"
            ))
        } else {
            Err(format!(
                "guest says {}, host {}",
                hex::encode(journal),
                hex::encode(digest)
            ))
        }
    },
};

/// The programs the demo also proves: every call they make has a chip.
const PROVEN: &[&str] = &["fibonacci", "keccak", "ens", "transformer", "batch"];

pub fn demo(repo_root: &Path) -> anyhow::Result<()> {
    let programs: Vec<&Showcase> = [&FIBONACCI, &KECCAK]
        .into_iter()
        .chain(gluecp_showcase::ALL.iter().copied())
        .collect();
    println!("gluecp demo: build the bundled guest programs with stock rustc, run them in the VM,");
    println!("check their outputs on the host, profile where their cost goes, then prove and");
    println!("verify the runs whose every call has a chip.\n");
    let registry = gluecp_coprocessors::builtins();
    let schedule = GasSchedule::evm();
    let mut summary = Vec::new();
    let mut proofs = Vec::new();
    for (step, showcase) in programs.iter().enumerate() {
        println!(
            "[{}/{}] {} — building {}",
            step + 1,
            programs.len(),
            showcase.title,
            showcase.guest_dir
        );
        let started = Instant::now();
        let elf = crate::build(&repo_root.join(showcase.guest_dir))?;
        println!("      built in {:.1} s", started.elapsed().as_secs_f64());
        let profile = run_one(showcase, &elf, &registry, &schedule)
            .with_context(|| format!("demo program {}", showcase.name))?;
        summary.push((showcase.name, profile));
        if PROVEN.contains(&showcase.name) {
            proofs.push((showcase, elf));
        }
    }
    println!("summary: share of each program's cost spent in coprocessors");
    println!(
        "{:<12} {:>14} {:>10} {:>12} {:>10}",
        "program", "instructions", "time", "prove cells", "gas"
    );
    for (name, p) in &summary {
        let pct = |part: f64, whole: f64| format!("{:.1}%", 100.0 * share(part, whole));
        println!(
            "{name:<12} {:>14} {:>10} {:>12} {:>10}",
            pct(p.coprocessors.instructions, p.total.instructions),
            pct(p.coprocessors.seconds, p.total.seconds),
            pct(p.coprocessors.cells, p.total.cells),
            pct(p.gas.coprocessors, p.gas.execution),
        );
    }
    println!(
        "\n(instructions: coprocessor calls counted as the plain-RISC-V instructions they replace;"
    );
    let mut estimated: Vec<&str> = summary
        .iter()
        .flat_map(|(_, p)| p.rows.iter().filter(|r| r.cells_estimated))
        .map(|r| r.category.as_str())
        .collect();
    estimated.sort_unstable();
    estimated.dedup();
    println!(
        " prove cells: the prover's main-trace cells (rows × width of its chips, before padding) for"
    );
    let estimated = if estimated.is_empty() {
        "none here".to_owned()
    } else {
        estimated.join(", ")
    };
    println!(
        " the glue and the coprocessors it proves; estimates (*) for those without a chip yet:"
    );
    println!(" {estimated}; gas: the EVM-like schedule.)\n");

    for (i, (showcase, elf)) in proofs.iter().enumerate() {
        println!(
            "[prove {}/{}] {} — prove and verify",
            i + 1,
            proofs.len(),
            showcase.title
        );
        prove_one(showcase, elf, &registry)
            .with_context(|| format!("proving demo program {}", showcase.name))?;
    }
    Ok(())
}

/// Proves a run of `showcase`, verifies the proof against the host's expectations, and shows
/// that a flipped proof byte and a wrong claimed journal are rejected.
fn prove_one(showcase: &Showcase, elf: &Path, registry: &Registry) -> anyhow::Result<()> {
    let bytes = std::fs::read(elf).with_context(|| format!("cannot read {}", elf.display()))?;
    let program = Program::from_elf(&bytes)?;
    let input = (showcase.input)();
    let started = Instant::now();
    let (envelope, stats) = prove_program(
        &program,
        registry,
        &input,
        &ProofParams::default(),
        &mut |_| {},
    )?;
    let prove_seconds = started.elapsed().as_secs_f64();
    let encoded = envelope.to_bytes()?;
    let cells: usize = stats.tables.iter().map(|(_, h, w)| h * w).sum();
    println!(
        "      proved {} cycles in {:.2} s ({} cycles/s): {} tables, {} trace cells, proof {} KiB, {:.1} bits",
        group(stats.cycles),
        prove_seconds,
        group((stats.cycles as f64 / prove_seconds) as u64),
        stats.tables.len(),
        group(cells as u64),
        encoded.len() / 1024,
        envelope.security_bits
    );
    let expected = Expected {
        journal: Some(envelope.journal.clone()),
        input: Some(input.clone()),
        exit_code: Some(0),
    };
    (showcase.check)(&input, &envelope.journal)
        .map_err(|e| anyhow::anyhow!("the proof's journal is wrong: {e}"))?;
    let policy = VerifierPolicy::default();
    let started = Instant::now();
    let decoded = ProofEnvelope::from_bytes(&encoded)?;
    verify_program(&program, &decoded, &expected, &policy).context("the proof did not verify")?;
    println!(
        "      verified in {:.0} ms: this program, this input, this journal, exit code 0",
        started.elapsed().as_secs_f64() * 1e3
    );
    // A flipped byte inside the STARK proof, and a claim of another journal.
    let mut tampered = envelope.clone();
    let middle = tampered.proof.len() / 2;
    tampered.proof[middle] ^= 1;
    let flipped = verify_program(&program, &tampered, &expected, &policy);
    ensure!(flipped.is_err(), "a tampered proof verified");
    let mut other = envelope.journal.clone();
    if let Some(byte) = other.first_mut() {
        *byte ^= 1;
    }
    let wrong = verify_program(
        &program,
        &envelope,
        &Expected {
            journal: Some(other),
            ..expected
        },
        &policy,
    );
    ensure!(wrong.is_err(), "a proof verified for another journal");
    println!(
        "      rejected as it should be: a flipped proof byte ({}); another journal ({})",
        flipped.err().map(|e| e.to_string()).unwrap_or_default(),
        wrong.err().map(|e| e.to_string()).unwrap_or_default()
    );
    println!();
    Ok(())
}

fn run_one(
    showcase: &Showcase,
    elf: &Path,
    registry: &Registry,
    schedule: &GasSchedule,
) -> anyhow::Result<Profile> {
    let program = load(elf)?;
    let input = (showcase.input)();
    let mut vm = Vm::with_coprocessors(&program, registry);
    vm.set_input(input.clone());
    let started = Instant::now();
    let exit = vm.run()?;
    let seconds = started.elapsed().as_secs_f64();
    if exit.code != 0 {
        bail!(
            "exited with code {}: {}",
            exit.code,
            String::from_utf8_lossy(vm.stderr()).trim()
        );
    }
    let checked =
        (showcase.check)(&input, vm.journal()).map_err(|e| anyhow::anyhow!("wrong output: {e}"))?;
    println!(
        "      ran {} instructions in {:.1} ms; checked: {checked}",
        group(exit.cycles),
        seconds * 1e3
    );
    let profile = profile(&program, registry, &input, u64::MAX, schedule)?;
    ensure!(
        profile.cycles == exit.cycles,
        "the profiled run differs from the plain run"
    );
    print!("{}", compact_table(&profile));
    println!();
    Ok(profile)
}

/// Glue as one row, then each coprocessor: the instructions, time, cells and gas columns.
fn compact_table(p: &Profile) -> String {
    let mut out = String::new();
    let pct = |part: f64, whole: f64| format!("{:>5.1}%", 100.0 * share(part, whole));
    out += &format!(
        "      {:<22} {:>9} {:>14} {:>6} {:>10} {:>6} {:>13} {:>6} {:>11} {:>6}\n",
        "", "calls", "instructions", "", "time", "", "prove cells", "", "gas", ""
    );
    // `estimated`: the cells are a coprocessor's estimate (no prover chip yet), marked `*`.
    let mut line = |label: &str, calls: String, c: &gluecp_profile::profile::Costs, estimated| {
        out += &format!(
            "      {label:<22} {calls:>9} {:>14} {} {:>8.2}ms {} {:>12}{} {} {:>11} {}\n",
            group(c.instructions.round() as u64),
            pct(c.instructions, p.total.instructions),
            c.seconds * 1e3,
            pct(c.seconds, p.total.seconds),
            group(c.cells.round() as u64),
            if estimated { "*" } else { " " },
            pct(c.cells, p.total.cells),
            group(c.gas.round() as u64),
            pct(c.gas, p.total.gas),
        );
    };
    line("glue (RV32IM)", String::new(), &p.glue, false);
    for row in p.rows.iter().filter(|r| r.kind == "coprocessor") {
        line(
            &format!("[{}]", row.category),
            group(row.count),
            &row.cost,
            row.cells_estimated,
        );
    }
    let g = &p.gas;
    let regions: Vec<String> = g
        .regions
        .iter()
        .filter(|(_, gas)| *gas > 0.0)
        .map(|(name, gas)| format!("{name} {}", group(gas.round() as u64)))
        .collect();
    out += &format!(
        "      gas: {} = base {} + calldata {} + execution {} ({})\n",
        group(g.total.round() as u64),
        group(g.base.round() as u64),
        group(g.calldata.round() as u64),
        group(g.execution.round() as u64),
        regions.join(", ")
    );
    out += &format!(
        "      coprocessors: {:.1}% of the instructions-equivalent, {:.1}% of the time, {:.1}% of the cells, {:.1}% of execution gas\n",
        100.0 * share(p.coprocessors.instructions, p.total.instructions),
        100.0 * share(p.coprocessors.seconds, p.total.seconds),
        100.0 * share(p.coprocessors.cells, p.total.cells),
        100.0 * g.coprocessor_share,
    );
    out
}
