//! `gluecp bench coprocessors`: each coprocessor workload of
//! [`gluecp_coprocessors::workload::ALL`] measured three ways in one run — native Rust, the
//! VM calling the coprocessor, and the VM doing the same work in plain RISC-V (the guest's
//! twin) — with all three outputs checked equal.
//!
//! The VM runs two programs built from `crates/coprocessors/guest`: `with-coprocessors`,
//! which only calls the coprocessors (what a user would ship), and `coprocessor-guest`,
//! which also holds every plain-RISC-V twin and runs them when the header's `plain` flag
//! is set. VM times run from `Vm::new` to the guest's halt (loading the memory image and reading
//! the input included; building and parsing the ELF not). Native and coprocessor times are
//! the best of [`REPETITIONS`]; the plain-RISC-V twin, slow by design, stops repeating once
//! it has used [`PLAIN_BUDGET`].

use super::{best_of, best_of_timed, group_digits};
use anyhow::{Context, bail, ensure};
use gluecp_coprocessors::workload::{ALL, Workload};
use gluecp_vm::{Program, Registry, Vm};
use serde::Serialize;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Native and coprocessor runs take milliseconds: many repetitions steady the minimum.
const REPETITIONS: usize = 20;
const BUDGET: Duration = Duration::from_secs(5);
const PLAIN_BUDGET: Duration = Duration::from_secs(1);
const MAX_CYCLES: u64 = 1 << 40;

#[derive(Serialize)]
struct Measurement {
    name: &'static str,
    description: &'static str,
    /// Native Rust, seconds.
    native: f64,
    /// The VM with the coprocessor, seconds.
    vm_coprocessor: f64,
    /// The VM in plain RISC-V, seconds.
    vm_plain: f64,
    /// RV32IM instructions executed with the coprocessor (each call counts as one).
    cycles_coprocessor: u64,
    /// RV32IM instructions executed in plain RISC-V.
    cycles_plain: u64,
    /// `vm_coprocessor / native` (target: at most 1.3).
    overhead: f64,
    /// `vm_plain / vm_coprocessor`.
    speedup: f64,
}

/// Run the benchmark (workloads whose name contains `only`, if given) and print a table,
/// or with `json` one JSON object: `{"workloads": [...]}`.
pub fn run(repo_root: &Path, json: bool, only: Option<&str>) -> anyhow::Result<()> {
    let guest_dir = repo_root.join("crates/coprocessors/guest");
    eprintln!("building {}", guest_dir.display());
    let mut elfs = gluecp_build::build_guests(&guest_dir)
        .with_context(|| format!("cannot build {}", guest_dir.display()))?;
    let mut load = |name: &str| match elfs.remove(name) {
        Some(elf) => crate::run::load(&elf),
        None => bail!("{} has no binary `{name}`", guest_dir.display()),
    };
    let programs = Programs {
        coprocessor: load("with-coprocessors")?,
        plain: load("coprocessor-guest")?,
    };
    let registry = gluecp_coprocessors::builtins();

    let selected: Vec<&Workload> = ALL
        .iter()
        .copied()
        .filter(|w| only.is_none_or(|name| w.name.contains(name)))
        .collect();
    if selected.is_empty() {
        let names: Vec<_> = ALL.iter().map(|w| w.name).collect();
        bail!("no workload matches; workloads: {}", names.join(", "));
    }
    let mut measurements = Vec::new();
    for workload in selected {
        eprintln!("running {}", workload.description);
        measurements.push(measure(&programs, &registry, workload)?);
    }
    if json {
        #[derive(Serialize)]
        struct Report {
            workloads: Vec<Measurement>,
        }
        let report = Report {
            workloads: measurements,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&measurements));
    }
    Ok(())
}

/// The lean program for the coprocessor mode, the twin-laden one for plain RISC-V.
struct Programs {
    coprocessor: Program,
    plain: Program,
}

fn measure(
    programs: &Programs,
    registry: &Registry,
    workload: &Workload,
) -> anyhow::Result<Measurement> {
    let input = (workload.input)();
    let (native, expected) = best_of(REPETITIONS, BUDGET, || {
        Ok(black_box((workload.native)(black_box(&input))))
    })?;
    // Built before the clock starts: the native side gets its input for free too.
    let guest_inputs = [false, true].map(|plain| workload.guest_input(plain, &input));
    let run_vm = |plain: bool| -> anyhow::Result<(Duration, u64)> {
        let program = if plain {
            &programs.plain
        } else {
            &programs.coprocessor
        };
        let input = guest_inputs[usize::from(plain)].clone();
        let start = Instant::now();
        let mut vm = Vm::with_coprocessors(program, registry);
        vm.set_input(input);
        vm.set_max_cycles(MAX_CYCLES);
        let mode = if plain {
            "plain RISC-V"
        } else {
            "with the coprocessor"
        };
        let exit = vm
            .run()
            .with_context(|| format!("{} {mode}", workload.name))?;
        let elapsed = start.elapsed();
        ensure!(
            exit.code == 0,
            "{} {mode} exited with code {}: {}",
            workload.name,
            exit.code,
            String::from_utf8_lossy(vm.stderr())
        );
        ensure!(
            vm.journal() == expected.as_slice(),
            "{} {mode}: the guest's output differs from native Rust's",
            workload.name
        );
        Ok((elapsed, exit.cycles))
    };
    let (vm_coprocessor, cycles_coprocessor) =
        best_of_timed(REPETITIONS, BUDGET, || run_vm(false))?;
    let (vm_plain, cycles_plain) = best_of_timed(3, PLAIN_BUDGET, || run_vm(true))?;
    let (native, vm_coprocessor, vm_plain) = (
        native.as_secs_f64(),
        vm_coprocessor.as_secs_f64(),
        vm_plain.as_secs_f64(),
    );
    Ok(Measurement {
        name: workload.name,
        description: workload.description,
        native,
        vm_coprocessor,
        vm_plain,
        cycles_coprocessor,
        cycles_plain,
        overhead: vm_coprocessor / native,
        speedup: vm_plain / vm_coprocessor,
    })
}

fn table(measurements: &[Measurement]) -> String {
    let mut out = String::new();
    let mut row = |cells: [&str; 8]| {
        let [
            what,
            native,
            cp,
            plain,
            overhead,
            speedup,
            cyc_cp,
            cyc_plain,
        ] = cells;
        writeln!(
            out,
            "{what:<32} {native:>9} {cp:>9} {plain:>9} {overhead:>9} {speedup:>9} {cyc_cp:>13} {cyc_plain:>15}"
        )
        .expect("writing to a String cannot fail");
    };
    row([
        "workload",
        "native s",
        "VM+cp s",
        "VM RV s",
        "VM+cp/nat",
        "RV/VM+cp",
        "cycles VM+cp",
        "cycles RV",
    ]);
    for m in measurements {
        row([
            m.description,
            &format!("{:.4}", m.native),
            &format!("{:.4}", m.vm_coprocessor),
            &format!("{:.3}", m.vm_plain),
            &format!("{:.2}x", m.overhead),
            &format!("{:.0}x", m.speedup),
            &group_digits(m.cycles_coprocessor),
            &group_digits(m.cycles_plain),
        ]);
    }
    out.push_str(
        "\nnative: Rust on the host; VM+cp: the guest calling the coprocessor; VM RV: the same work\n\
         in plain RISC-V in the VM. Best of 20 (plain: of up to 3 within 1 s). Target VM+cp/nat <= 1.3x.\n",
    );
    out
}
