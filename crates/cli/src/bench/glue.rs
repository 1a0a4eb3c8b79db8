//! `gluecp bench glue`: how fast the glue runs ordinary Rust.
//!
//! Builds the `bench/glue-guest` program, then runs every workload of
//! [`gluecp_workloads::ALL`] at its default size twice over: inside the VM (input: the
//! workload's index and size as two little-endian `u32`s; journal: its `u64` checksum) and
//! natively in this process. The two checksums must agree. Each time is the best of
//! [`REPETITIONS`] runs; a VM run is timed from `Vm::new` to the guest's halt, so loading
//! the memory image counts, while building and parsing the ELF do not.
//!
//! Reported per workload: RV32IM instructions executed, VM seconds, MIPS (instructions per
//! VM second, in millions), native seconds, and the slowdown (VM over native); then totals
//! with the geometric-mean slowdown.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use gluecp_abi::codec::{Decode, Encode};
use gluecp_vm::{Program, Vm};
use gluecp_workloads::Workload;

use super::group_digits;
use serde::Serialize;

/// Runs per measurement; the fastest counts.
const REPETITIONS: usize = 3;
/// Once a workload's VM runs have taken this long, it gets no further repetitions, which
/// keeps the whole benchmark near a minute even with a slow (say, debug) VM build.
const VM_TIME_BUDGET: Duration = Duration::from_secs(8);
/// Cycle limit for one run: far above any default size, but a runaway guest still stops.
const MAX_CYCLES: u64 = 1 << 40;

/// One workload's results.
#[derive(Debug, Serialize)]
struct Measurement {
    name: &'static str,
    size: u32,
    instructions: u64,
    vm_seconds: f64,
    mips: f64,
    native_seconds: f64,
    slowdown: f64,
}

/// All workloads together.
#[derive(Debug, Serialize)]
struct Total {
    instructions: u64,
    vm_seconds: f64,
    mips: f64,
    native_seconds: f64,
    /// Geometric mean of the per-workload slowdowns.
    geomean_slowdown: f64,
}

/// The `--json` output.
#[derive(Debug, Serialize)]
struct Report {
    program_id: String,
    repetitions: usize,
    workloads: Vec<Measurement>,
    total: Total,
}

/// Run the glue benchmark of the repository at `repo_root` and print a table, or with
/// `json` one JSON object, on stdout (progress goes to stderr).
pub fn run(repo_root: &Path, json: bool) -> anyhow::Result<()> {
    let guest_dir = repo_root.join("bench/glue-guest");
    eprintln!("building {}", guest_dir.display());
    let elf_path = gluecp_build::build_guest(&guest_dir)
        .with_context(|| format!("building {}", guest_dir.display()))?;
    let elf =
        std::fs::read(&elf_path).with_context(|| format!("reading {}", elf_path.display()))?;
    let program =
        Program::from_elf(&elf).with_context(|| format!("loading {}", elf_path.display()))?;

    let mut workloads = Vec::with_capacity(gluecp_workloads::ALL.len());
    for (index, workload) in gluecp_workloads::ALL.iter().enumerate() {
        eprintln!("running {} (size {})", workload.name, workload.default_size);
        let index = u32::try_from(index).expect("fewer than 2^32 workloads");
        workloads.push(measure(&program, index, workload)?);
    }

    let report = Report {
        program_id: program.id().to_string(),
        repetitions: REPETITIONS,
        total: total(&workloads),
        workloads,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(())
}

/// Run `workload` (number `index` in the guest) in the VM and natively.
fn measure(program: &Program, index: u32, workload: &Workload) -> anyhow::Result<Measurement> {
    let (name, size) = (workload.name, workload.default_size);
    let input = (index, size).to_bytes();

    let mut vm_best = Duration::MAX;
    let mut vm_spent = Duration::ZERO;
    let mut vm_run = None;
    for _ in 0..REPETITIONS {
        let start = Instant::now();
        let mut vm = Vm::new(program);
        vm.set_input(input.clone());
        vm.set_max_cycles(MAX_CYCLES);
        let exit = vm
            .run()
            .with_context(|| format!("workload {name} in the VM"))?;
        let elapsed = start.elapsed();
        if exit.code != 0 {
            bail!(
                "workload {name} exited with code {} in the VM; guest stderr:\n{}",
                exit.code,
                String::from_utf8_lossy(vm.stderr())
            );
        }
        let checksum = u64::from_bytes(vm.journal())
            .map_err(|error| anyhow!("workload {name}: journal is not one u64: {error}"))?;
        vm_best = vm_best.min(elapsed);
        vm_spent += elapsed;
        vm_run = Some((exit.cycles, checksum));
        if vm_spent >= VM_TIME_BUDGET {
            break;
        }
    }
    let (instructions, vm_checksum) = vm_run.expect("REPETITIONS is at least one");

    let mut native_best = Duration::MAX;
    let mut native_checksum = 0;
    for _ in 0..REPETITIONS {
        let start = Instant::now();
        native_checksum = black_box((workload.run)(black_box(size)));
        native_best = native_best.min(start.elapsed());
    }
    ensure!(
        vm_checksum == native_checksum,
        "workload {name} (size {size}): VM checksum {vm_checksum:#018x} differs from native {native_checksum:#018x}"
    );

    let vm_seconds = vm_best.as_secs_f64();
    let native_seconds = native_best.as_secs_f64();
    Ok(Measurement {
        name,
        size,
        instructions,
        vm_seconds,
        mips: instructions as f64 / vm_seconds / 1e6,
        native_seconds,
        slowdown: vm_seconds / native_seconds,
    })
}

fn total(workloads: &[Measurement]) -> Total {
    let instructions = workloads.iter().map(|m| m.instructions).sum::<u64>();
    let vm_seconds = workloads.iter().map(|m| m.vm_seconds).sum::<f64>();
    let native_seconds = workloads.iter().map(|m| m.native_seconds).sum::<f64>();
    let log_slowdown = workloads.iter().map(|m| m.slowdown.ln()).sum::<f64>();
    Total {
        instructions,
        vm_seconds,
        mips: instructions as f64 / vm_seconds / 1e6,
        native_seconds,
        geomean_slowdown: (log_slowdown / workloads.len() as f64).exp(),
    }
}

/// The human-readable report.
fn table(report: &Report) -> String {
    let mut out = String::new();
    let row = |out: &mut String, cells: [&str; 7]| {
        let [name, size, instructions, vm, mips, native, slowdown] = cells;
        writeln!(
            out,
            "{name:<10} {size:>9} {instructions:>15} {vm:>9} {mips:>8} {native:>11} {slowdown:>9}"
        )
        .expect("writing to a String cannot fail");
    };
    row(
        &mut out,
        [
            "workload",
            "size",
            "instructions",
            "VM s",
            "MIPS",
            "native s",
            "slowdown",
        ],
    );
    for m in &report.workloads {
        row(
            &mut out,
            [
                m.name,
                &m.size.to_string(),
                &group_digits(m.instructions),
                &format!("{:.3}", m.vm_seconds),
                &format!("{:.1}", m.mips),
                &format!("{:.4}", m.native_seconds),
                &format!("{:.1}x", m.slowdown),
            ],
        );
    }
    let t = &report.total;
    row(
        &mut out,
        [
            "total",
            "",
            &group_digits(t.instructions),
            &format!("{:.3}", t.vm_seconds),
            &format!("{:.1}", t.mips),
            &format!("{:.4}", t.native_seconds),
            &format!("{:.1}x", t.geomean_slowdown),
        ],
    );
    writeln!(
        out,
        "\nbest of {} runs; total slowdown is the geometric mean; program {}",
        report.repetitions, report.program_id
    )
    .expect("writing to a String cannot fail");
    out
}
