//! Differential conformance of the VM against QEMU's user-mode RISC-V emulator, an
//! independent RV32IM implementation.
//!
//! Each seeded random program (see `support::random_program`) runs twice: in the VM, ending
//! with `halt`, and in `qemu-riscv32`, ending with Linux `write` + `exit`. Both dump every
//! register into a scratch area and the two final scratch areas must be equal byte for
//! byte. A mismatch prints the seed, the program index, the differing registers and memory
//! and the disassembly of the random body.
//!
//! Environment:
//! - `GLUECP_CONFORMANCE_SEED`: seed (decimal or `0x` hex); default [`DEFAULT_SEED`].
//! - `GLUECP_CONFORMANCE_PROGRAMS`: number of programs; default [`PROGRAMS`].
//! - `GLUECP_CONFORMANCE_PROGRAM`: run only the program with this index (to reproduce).
//! - `GLUECP_SKIP_QEMU=1`: run the programs in the VM only, when QEMU is not installed.
//!   Otherwise a missing `qemu-riscv32` fails the test: run `scripts/install-test-deps.sh`.

#[allow(
    dead_code,
    reason = "each test binary uses a different part of the shared support code"
)]
mod support;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use gluecp_vm::{Program, Vm, register_name};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use support::encode::Mnemonic;
use support::random_program::{
    BASE_VALUE, DUMP_OFFSET, Epilogue, RandomProgram, SCRATCH_BASE, SCRATCH_SIZE, dumped_registers,
};

const DEFAULT_SEED: u64 = 0x676c_7565_6370; // "gluecp"
/// Programs per run; with [`BODY_LEN`] this is 125,000 random body instructions.
const PROGRAMS: usize = 250;
/// Random instructions per program body (at least).
const BODY_LEN: usize = 500;
/// Far more than any program needs: control flow only goes forward.
const MAX_CYCLES: u64 = 100_000;
const QEMU: &str = "qemu-riscv32";

struct Config {
    seed: u64,
    programs: usize,
    only: Option<usize>,
    skip_qemu: bool,
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value} is not a number")))
}

fn config() -> Config {
    Config {
        seed: env_number("GLUECP_CONFORMANCE_SEED").unwrap_or(DEFAULT_SEED),
        programs: env_number("GLUECP_CONFORMANCE_PROGRAMS").map_or(PROGRAMS, |n| n as usize),
        only: env_number("GLUECP_CONFORMANCE_PROGRAM").map(|n| n as usize),
        skip_qemu: std::env::var("GLUECP_SKIP_QEMU").is_ok_and(|v| v == "1"),
    }
}

/// Program `index` of the run with `seed`: each program has its own ChaCha stream, so any
/// one can be regenerated alone. R cycles through x1..x31, so every register is a
/// destination in most programs and the reserved base in some.
fn program(seed: u64, index: usize) -> RandomProgram {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index as u64);
    RandomProgram::generate(&mut rng, 1 + (index % 31) as u8, BODY_LEN)
}

/// The final scratch area and the cycle count after running `program` in the VM.
fn run_vm(program: &RandomProgram) -> Result<(Vec<u8>, u64), String> {
    let elf = program.elf(Epilogue::Vm);
    let loaded = Program::from_elf(&elf).map_err(|e| format!("VM refused the ELF: {e}"))?;
    let mut vm = Vm::new(&loaded);
    vm.set_max_cycles(MAX_CYCLES);
    let exit = vm
        .run()
        .map_err(|e| format!("VM stopped with an error: {e}"))?;
    if exit.code != 0 {
        return Err(format!("VM halted with exit code {}", exit.code));
    }
    let scratch = vm
        .memory()
        .read_bytes(SCRATCH_BASE, SCRATCH_SIZE)
        .map_err(|e| format!("cannot read the scratch area back: {e}"))?;
    Ok((scratch.to_vec(), exit.cycles))
}

/// The final scratch area after running `program` in QEMU.
fn run_qemu(program: &RandomProgram, index: usize) -> Result<Vec<u8>, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path: PathBuf = dir.join(format!("conformance-{}-{index}.elf", std::process::id()));
    std::fs::write(&path, program.elf(Epilogue::Linux)).map_err(|e| e.to_string())?;
    // QEMU's loader, like the kernel's, only runs files with an execute bit.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| e.to_string())?;
    let output = Command::new(QEMU).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let output = output.map_err(|e| format!("cannot run {QEMU}: {e}"))?;
    if !output.status.success() || output.stdout.len() != SCRATCH_SIZE as usize {
        return Err(format!(
            "{QEMU} exited with {} after writing {} bytes; stderr: {}",
            output.status,
            output.stdout.len(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output.stdout)
}

fn disassembly(program: &RandomProgram) -> String {
    let mut out = String::new();
    for (i, &word) in program.body.iter().enumerate() {
        let pc = program.body_addr() + 4 * i as u32;
        let _ = writeln!(out, "  {pc:#07x}: {word:08x}  {}", gluecp_vm::decode(word));
    }
    out
}

/// A human-readable account of how two final scratch areas differ.
fn difference(vm: &[u8], qemu: &[u8]) -> String {
    let mut out = String::new();
    let (vm_regs, qemu_regs) = (dumped_registers(vm), dumped_registers(qemu));
    for reg in 1..32 {
        if vm_regs[reg] != qemu_regs[reg] {
            let _ = writeln!(
                out,
                "  x{reg} ({}): vm {:#010x}, qemu {:#010x}",
                register_name(reg as u8),
                vm_regs[reg],
                qemu_regs[reg]
            );
        }
    }
    let dump = (BASE_VALUE - SCRATCH_BASE) as usize + DUMP_OFFSET as usize;
    let bytes: Vec<usize> = (0..dump).filter(|&i| vm[i] != qemu[i]).collect();
    for &i in bytes.iter().take(16) {
        let addr = SCRATCH_BASE + i as u32;
        let _ = writeln!(
            out,
            "  byte {addr:#x}: vm {:#04x}, qemu {:#04x}",
            vm[i], qemu[i]
        );
    }
    if bytes.len() > 16 {
        let _ = writeln!(out, "  ... {} differing bytes in all", bytes.len());
    }
    out
}

/// What running one program found.
struct Outcome {
    index: usize,
    /// `None` when the VM agrees with QEMU (or, with QEMU skipped, halts normally).
    failure: Option<String>,
    /// Instructions the VM executed.
    cycles: u64,
    counts: HashMap<Mnemonic, usize>,
}

fn check(seed: u64, index: usize, skip_qemu: bool) -> Outcome {
    let program = program(seed, index);
    let vm = run_vm(&program);
    let cycles = vm.as_ref().map_or(0, |(_, cycles)| *cycles);
    let qemu = if skip_qemu {
        None
    } else {
        Some(run_qemu(&program, index))
    };
    let problem = match (vm, qemu) {
        (Err(e), _) => Some(e),
        (Ok(_), None) => None,
        (Ok(_), Some(Err(e))) => Some(e),
        (Ok((vm, _)), Some(Ok(qemu))) => (vm != qemu).then(|| {
            format!(
                "final state differs (vm vs qemu):\n{}",
                difference(&vm, &qemu)
            )
        }),
    };
    let failure = problem.map(|problem| {
        format!(
            "seed {seed:#x}, program {index} (R = x{}): {problem}\nbody:\n{}",
            program.base_reg,
            disassembly(&program)
        )
    });
    Outcome {
        index,
        failure,
        cycles,
        counts: program.counts,
    }
}

fn qemu_available() -> bool {
    Command::new(QEMU)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn vm_matches_qemu_on_random_programs() {
    let config = config();
    if config.skip_qemu {
        println!("GLUECP_SKIP_QEMU=1: running the programs in the VM only, not against {QEMU}");
    } else {
        assert!(
            qemu_available(),
            "{QEMU} is not installed: run scripts/install-test-deps.sh \
             (or set GLUECP_SKIP_QEMU=1 to run without the differential check)"
        );
    }
    let indices: Vec<usize> = match config.only {
        Some(index) => vec![index],
        None => (0..config.programs).collect(),
    };
    println!(
        "conformance seed {:#x} (set GLUECP_CONFORMANCE_SEED to change), {} programs of {BODY_LEN} instructions",
        config.seed,
        indices.len()
    );

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let mut results: Vec<Outcome> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<usize> = indices.iter().copied().skip(t).step_by(threads).collect();
                scope.spawn(move || {
                    mine.into_iter()
                        .map(|i| check(config.seed, i, config.skip_qemu))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a conformance worker panicked"))
            .collect()
    });
    results.sort_by_key(|outcome| outcome.index);

    let mut counts: HashMap<Mnemonic, usize> = HashMap::new();
    for outcome in &results {
        for (&mnemonic, &n) in &outcome.counts {
            *counts.entry(mnemonic).or_default() += n;
        }
    }
    let total: usize = counts.values().sum();
    let executed: u64 = results.iter().map(|outcome| outcome.cycles).sum();
    println!("{total} random instructions generated, {executed} instructions executed by the VM");
    let failures: Vec<(usize, &String)> = results
        .iter()
        .filter_map(|outcome| Some((outcome.index, outcome.failure.as_ref()?)))
        .collect();
    if let Some((first, report)) = failures.first() {
        let failed: Vec<usize> = failures.iter().map(|(index, _)| *index).collect();
        panic!(
            "{} of {} programs failed: {failed:?} (seed {:#x}); reproduce one with \
             GLUECP_CONFORMANCE_SEED={:#x} GLUECP_CONFORMANCE_PROGRAM={first}; \
             the first:\n{report}",
            failures.len(),
            indices.len(),
            config.seed,
            config.seed
        );
    }
    if config.only.is_none() {
        let missing: Vec<_> = Mnemonic::ALL
            .iter()
            .filter(|m| !counts.contains_key(m))
            .collect();
        assert!(
            missing.is_empty(),
            "the generator never emitted {missing:?}"
        );
    }
}
