//! `gluecp`: create, build, run and benchmark guest programs.

mod bench;
mod demo;
mod disasm;
mod profile;
mod prove;
mod run;
mod scaffold;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gluecp",
    version,
    about = "A glue-and-coprocessor RISC-V virtual machine"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new guest crate at PATH that builds as it is.
    New {
        /// Directory to create (anywhere on disk).
        path: PathBuf,
    },
    /// Build a guest crate for riscv32im-unknown-none-elf; prints the ELF path last.
    Build {
        /// The guest crate's directory.
        path: PathBuf,
    },
    /// Run a guest ELF and show its exit code, cycles, journal and output.
    Run(run::RunArgs),
    /// Disassemble a guest ELF (the VM's decoded instructions, by function).
    Disasm(disasm::DisasmArgs),
    /// Where a run's cost goes: glue by instruction class, each coprocessor, each function.
    Profile(profile::ProfileArgs),
    /// Prove a run of a guest ELF (a STARK) and write the proof.
    Prove(prove::ProveArgs),
    /// Verify a proof: exit status 0 only for a valid proof of the expected statement.
    Verify(prove::VerifyArgs),
    /// The main job: build the bundled guest programs and run them.
    Demo,
    /// Measure the VM and the prover.
    Bench {
        #[command(subcommand)]
        suite: BenchSuite,
    },
}

#[derive(Subcommand)]
enum BenchSuite {
    /// Pure-glue workloads: MIPS, and the VM against the same Rust compiled natively.
    Glue(BenchArgs),
    /// Coprocessor workloads: native, VM with the coprocessor, VM in plain RISC-V.
    Coprocessors {
        #[command(flatten)]
        args: BenchArgs,
        /// Only the workloads whose name contains NAME.
        #[arg(long, value_name = "NAME")]
        only: Option<String>,
    },
    /// Proving: cycles/s on pure glue; Keccak-f through its chip, by p3-keccak-air alone and in
    /// plain RISC-V; keccak256 of 1 KiB with and without the chip.
    Prove {
        #[command(flatten)]
        args: BenchArgs,
        /// Small sizes and one repetition each: a smoke test.
        #[arg(long)]
        quick: bool,
    },
    /// One measurement of `bench prove`, in its own process (SPEC: the case as JSON).
    #[command(hide = true)]
    ProveCase { spec: String },
}

#[derive(Args)]
struct BenchArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    trace_spans_if_asked();
    match dispatch(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// With `GLUECP_TRACE=info` (or `debug`) in the environment, print the time each of the
/// prover's phases took (Plonky3's tracing spans: trace commitment, quotient, openings, FRI) to
/// standard error as they close.
fn trace_spans_if_asked() {
    use tracing_subscriber::fmt::format::FmtSpan;
    let level = match std::env::var("GLUECP_TRACE").as_deref() {
        Ok("debug") => tracing::Level::DEBUG,
        Ok("trace") => tracing::Level::TRACE,
        Ok(_) => tracing::Level::INFO,
        Err(_) => return,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .init();
}

fn dispatch(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::New { path } => {
            scaffold::new_guest(&path, &repo_root().join("crates/guest"))?;
            println!("created guest crate at {}", path.display());
            println!("build it with: gluecp build {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { path } => {
            let elf = build(&path)?;
            println!("{}", elf.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(args) => run::run(&args),
        Command::Disasm(args) => {
            disasm::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Profile(args) => {
            profile::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Prove(args) => prove::prove(&args),
        Command::Verify(args) => prove::verify(&args),
        Command::Demo => {
            demo::demo(&repo_root())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { suite } => {
            match suite {
                BenchSuite::Glue(args) => bench::glue::run(&repo_root(), args.json)?,
                BenchSuite::Coprocessors { args, only } => {
                    bench::coprocessors::run(&repo_root(), args.json, only.as_deref())?
                }
                BenchSuite::Prove { args, quick } => {
                    bench::prove::run(&repo_root(), args.json, quick)?
                }
                BenchSuite::ProveCase { spec } => bench::prove::run_case(&spec)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Build a guest crate (installing the RISC-V target first if needed).
pub(crate) fn build(path: &Path) -> anyhow::Result<PathBuf> {
    gluecp_build::build_guest(path)
        .with_context(|| format!("cannot build guest crate {}", path.display()))
}

/// The gluecp source tree this binary was built from (for the guest SDK and bundled guests).
pub(crate) fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}
