//! `gluecp run`: execute a guest and report what it did.

use anyhow::{Context, bail};
use clap::Args;
use gluecp_vm::{DEFAULT_MAX_CYCLES, Program, Vm};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct RunArgs {
    /// The guest ELF executable.
    elf: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// Stop the guest after this many instructions.
    #[arg(long, default_value_t = DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
    /// Print one JSON object: exit_code, cycles, journal (hex), stdout, stderr, program_id.
    #[arg(long)]
    json: bool,
}

/// Where the guest's input bytes come from.
#[derive(Args)]
#[group(multiple = false)]
pub struct InputArgs {
    /// Read the input bytes from FILE.
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Take the input bytes from HEX (an optional 0x prefix is allowed).
    #[arg(long, value_name = "HEX")]
    input_hex: Option<String>,
}

impl InputArgs {
    pub fn bytes(&self) -> anyhow::Result<Vec<u8>> {
        match (&self.input, &self.input_hex) {
            (Some(path), _) => {
                std::fs::read(path).with_context(|| format!("cannot read input {}", path.display()))
            }
            (_, Some(text)) => {
                let text = text.trim();
                let text = text.strip_prefix("0x").unwrap_or(text);
                hex::decode(text).context("--input-hex is not valid hex")
            }
            (None, None) => Ok(Vec::new()),
        }
    }
}

/// Load an ELF file as a program.
pub fn load(path: &Path) -> anyhow::Result<Program> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Program::from_elf(&bytes).with_context(|| format!("cannot load {}", path.display()))
}

#[derive(Serialize)]
struct Report<'a> {
    program_id: String,
    exit_code: Option<u32>,
    cycles: u64,
    journal: String,
    stdout: String,
    stderr: String,
    error: Option<String>,
    pc: Option<u32>,
    seconds: f64,
    #[serde(skip)]
    journal_len: usize,
    #[serde(skip)]
    program: &'a Path,
}

pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let program = load(&args.elf)?;
    let input = args.input.bytes()?;
    let coprocessors = gluecp_coprocessors::builtins();
    let mut vm = Vm::with_coprocessors(&program, &coprocessors);
    vm.set_input(input);
    vm.set_max_cycles(args.max_cycles);
    let start = Instant::now();
    let outcome = vm.run();
    let seconds = start.elapsed().as_secs_f64();
    let (exit_code, error, pc) = match &outcome {
        Ok(exit) => (Some(exit.code), None, None),
        Err(e) => (None, Some(e.to_string()), Some(e.pc())),
    };
    let report = Report {
        program_id: program.id().to_string(),
        exit_code,
        cycles: vm.cycles(),
        journal: hex::encode(vm.journal()),
        stdout: String::from_utf8_lossy(vm.stdout()).into_owned(),
        stderr: String::from_utf8_lossy(vm.stderr()).into_owned(),
        error,
        pc,
        seconds,
        journal_len: vm.journal().len(),
        program: &args.elf,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_summary(&report);
    }
    Ok(match outcome {
        Ok(exit) if exit.code == 0 => ExitCode::SUCCESS,
        Ok(exit) => ExitCode::from(
            u8::try_from(exit.code)
                .ok()
                .filter(|&c| c != 0)
                .unwrap_or(1),
        ),
        Err(_) if args.json => ExitCode::from(2),
        Err(e) => bail!("guest stopped: {e}"),
    })
}

fn print_summary(report: &Report<'_>) {
    use std::io::Write;
    // The guest's own output first, on the matching streams.
    print!("{}", report.stdout);
    eprint!("{}", report.stderr);
    if !report.stdout.is_empty() && !report.stdout.ends_with('\n') {
        println!();
    }
    let mhz = report.cycles as f64 / report.seconds.max(1e-9) / 1e6;
    println!("── {} ──", report.program.display());
    println!("program id  {}", report.program_id);
    match report.exit_code {
        Some(code) => println!("exit code   {code}"),
        None => println!("stopped     {}", report.error.as_deref().unwrap_or("")),
    }
    println!(
        "cycles      {} ({:.3} s, {mhz:.0} MIPS)",
        report.cycles, report.seconds
    );
    println!(
        "journal     {} bytes: {}",
        report.journal_len,
        if report.journal.is_empty() {
            "-"
        } else {
            &report.journal
        }
    );
    let _ = std::io::stdout().flush();
}
