//! `gluecp prove` and `gluecp verify`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use gluecp_prover::machine::{Expected, Phase, prove_program, verify_program};
use gluecp_prover::{ProofEnvelope, ProofParams, VerifierPolicy};
use gluecp_vm::Program;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::run::{InputArgs, load};

#[derive(Args)]
pub struct ProveArgs {
    /// The guest ELF executable.
    elf: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// Where to write the proof.
    #[arg(long, value_name = "PROOF")]
    out: PathBuf,
    /// Leave the ELF out of the proof (the verifier must then be given `--program`).
    #[arg(long)]
    no_embed_program: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The proof file.
    proof: PathBuf,
    /// The program the proof must be about (default: the ELF the proof carries).
    #[arg(long, value_name = "ELF")]
    program: Option<PathBuf>,
    /// The journal the run must have committed.
    #[arg(long, value_name = "HEX")]
    journal_hex: Option<String>,
    /// The exit code the run must have halted with.
    #[arg(long, value_name = "CODE")]
    exit_code: Option<u32>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn prove(args: &ProveArgs) -> anyhow::Result<ExitCode> {
    let elf =
        std::fs::read(&args.elf).with_context(|| format!("cannot read {}", args.elf.display()))?;
    let program =
        Program::from_elf(&elf).with_context(|| format!("cannot load {}", args.elf.display()))?;
    let input = args.input.bytes()?;
    let registry = gluecp_coprocessors::builtins();
    let params = ProofParams::default();
    let started = Instant::now();
    let mut display = PhaseDisplay::new();
    let proved = prove_program(&program, &registry, &input, &params, &mut |p| display.on(p));
    display.finish(proved.is_ok());
    let (mut envelope, stats) = proved.context("proving failed")?;
    if !args.no_embed_program {
        envelope.elf = elf;
    }
    let bytes = envelope.to_bytes()?;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let total = started.elapsed().as_secs_f64();
    println!(
        "proved {} ({} cycles, exit code {})",
        args.elf.display(),
        stats.cycles,
        envelope.public_values.exit_code
    );
    println!(
        "{:<10} {:>10} {:>8} {:>14}",
        "table", "height", "width", "cells"
    );
    let mut cells = 0usize;
    for (name, height, width) in &stats.tables {
        cells += height * width;
        println!("{name:<10} {height:>10} {width:>8} {:>14}", height * width);
    }
    println!("{:<10} {:>10} {:>8} {cells:>14}", "total", "", "");
    println!(
        "proof: {} ({} bytes, STARK {} bytes), {:.1} bits of conjectured security",
        args.out.display(),
        bytes.len(),
        envelope.proof.len(),
        envelope.security_bits
    );
    println!(
        "time: {total:.2} s (execute {:.2} s, traces {:.2} s, prove {:.2} s): {:.0} cycles/s",
        stats.execute_seconds,
        stats.trace_seconds,
        stats.prove_seconds,
        stats.cycles as f64 / total
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct VerifyReport {
    valid: bool,
    reason: Option<String>,
    program_id: String,
    input_commitment: String,
    journal: String,
    exit_code: u32,
    security_bits: f64,
    params: ProofParams,
    verify_seconds: f64,
}

pub fn verify(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.proof)
        .with_context(|| format!("cannot read {}", args.proof.display()))?;
    let started = Instant::now();
    let outcome = (|| -> anyhow::Result<_> {
        let envelope = ProofEnvelope::from_bytes(&bytes).context("not a gluecp proof")?;
        let program = match &args.program {
            Some(path) => load(path)?,
            None if envelope.elf.is_empty() => {
                bail!("the proof carries no program: pass --program ELF")
            }
            None => Program::from_elf(&envelope.elf)
                .context("the proof's program is not a valid ELF")?,
        };
        let journal = args
            .journal_hex
            .as_deref()
            .map(|h| hex::decode(h.trim().trim_start_matches("0x")))
            .transpose()
            .context("--journal-hex is not valid hex")?;
        let expected = Expected {
            journal,
            input: None,
            exit_code: args.exit_code,
        };
        let (public, report) =
            verify_program(&program, &envelope, &expected, &VerifierPolicy::default())?;
        Ok((envelope, public, report))
    })();
    let seconds = started.elapsed().as_secs_f64();
    match outcome {
        Ok((envelope, public, report)) => {
            let r = VerifyReport {
                valid: true,
                reason: None,
                program_id: hex::encode(public.program_id),
                input_commitment: hex::encode(public.input_commitment),
                journal: hex::encode(&envelope.journal),
                exit_code: public.exit_code,
                security_bits: report.bits,
                params: envelope.params,
                verify_seconds: seconds,
            };
            if args.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("valid proof");
                println!("program id        {}", r.program_id);
                println!("input (sha-256)   {}", r.input_commitment);
                println!("journal           {}", r.journal);
                println!("exit code         {}", r.exit_code);
                let p = &r.params;
                println!(
                    "security          {:.1} bits conjectured ({} binds); log_blowup {}, {} queries, proof-of-work {}/{}/{}/{}/{} bits (query/batch/lookup/OOD/fold)",
                    r.security_bits,
                    report.binding,
                    p.log_blowup,
                    p.num_queries,
                    p.query_pow_bits,
                    p.batch_pow_bits,
                    p.lookup_pow_bits,
                    p.ood_pow_bits,
                    p.commit_pow_bits
                );
                println!("verified in       {:.3} s", seconds);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            if args.json {
                let r = serde_json::json!({ "valid": false, "reason": format!("{error:#}") });
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                eprintln!("INVALID proof: {error:#}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// Progress of `gluecp prove`, one line per phase: a live spinner with the elapsed time on a
/// terminal, plain lines otherwise; each line ends with the phase's time.
struct PhaseDisplay {
    terminal: bool,
    current: Option<(Phase, Instant, Option<ProgressBar>)>,
}

impl PhaseDisplay {
    fn new() -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
            current: None,
        }
    }

    fn label(phase: Phase) -> &'static str {
        match phase {
            Phase::Execute => "[1/5] execute",
            Phase::Trace => "[2/5] trace generation",
            Phase::Commit => "[3/5] commit traces and LogUp columns",
            Phase::Quotient => "[4/5] quotients (constraints)",
            Phase::Fri => "[5/5] FRI: fold, grind, query",
        }
    }

    fn on(&mut self, phase: Phase) {
        self.finish(true);
        let bar = self.terminal.then(|| {
            let bar = ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{msg:<40} {spinner} {elapsed}")
                    .expect("a valid template"),
            );
            bar.set_message(Self::label(phase));
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        self.current = Some((phase, Instant::now(), bar));
    }

    /// Ends the current phase's line: done with its time, or failed.
    fn finish(&mut self, ok: bool) {
        let Some((phase, start, bar)) = self.current.take() else {
            return;
        };
        let status = if ok {
            format!("done ({:.2} s)", start.elapsed().as_secs_f64())
        } else {
            "failed".to_owned()
        };
        let line = format!("{:<40} {status}", Self::label(phase));
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        eprintln!("{line}");
    }
}
