//! `gluecp profile`: where a run's cost goes, under several cost models.

use crate::run::{InputArgs, load};
use anyhow::{Context, bail};
use clap::Args;
use gluecp_profile::flamegraph;
use gluecp_profile::profile::{Profile, profile};
use gluecp_profile::report::{Model, render};
use gluecp_profile::schedule::GasSchedule;
use gluecp_vm::DEFAULT_MAX_CYCLES;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ProfileArgs {
    /// The guest ELF executable.
    elf: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// A cost model to show: instructions, time, prove, gas, or a gas schedule FILE.toml
    /// (which also selects gas). Repeat for several; default: all four, EVM-like gas.
    #[arg(long = "cost-model", value_name = "NAME|FILE")]
    cost_models: Vec<String>,
    /// Print one JSON object (schema `gluecp-profile/1`, see README) instead of tables.
    #[arg(long)]
    json: bool,
    /// Write a flame graph of the per-function attribution to OUT.svg.
    #[arg(long, value_name = "OUT.svg")]
    flamegraph: Option<PathBuf>,
    /// Write the folded stacks (`f;g;h weight` lines) to OUT.txt.
    #[arg(long, value_name = "OUT.txt")]
    folded: Option<PathBuf>,
    /// How many functions to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Stop the guest after this many instructions.
    #[arg(long, default_value_t = DEFAULT_MAX_CYCLES)]
    max_cycles: u64,
}

/// The models and the gas schedule the `--cost-model` flags select.
pub fn models(flags: &[String]) -> anyhow::Result<(Vec<Model>, GasSchedule)> {
    let mut models = Vec::new();
    let mut schedule = None;
    for flag in flags {
        let model = match Model::from_name(flag) {
            Some(model) => model,
            None if Path::new(flag).extension().is_some_and(|e| e == "toml") => {
                schedule = Some(GasSchedule::load(Path::new(flag))?);
                Model::Gas
            }
            None => bail!(
                "unknown cost model `{flag}`: use instructions, time, prove, gas or a FILE.toml gas schedule"
            ),
        };
        if !models.contains(&model) {
            models.push(model);
        }
    }
    if models.is_empty() {
        models = Model::ALL.to_vec();
    }
    Ok((models, schedule.unwrap_or_else(GasSchedule::evm)))
}

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    models: Vec<&'static str>,
    #[serde(flatten)]
    profile: &'a Profile,
}

/// JSON text of a profile (`gluecp-profile/1`).
pub fn json(profile: &Profile, models: &[Model]) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(&Json {
        schema: "gluecp-profile/1",
        models: models.iter().map(|m| m.name()).collect(),
        profile,
    })?)
}

pub fn run(args: &ProfileArgs) -> anyhow::Result<()> {
    let (models, schedule) = models(&args.cost_models)?;
    let program = load(&args.elf)?;
    let input = args.input.bytes()?;
    let registry = gluecp_coprocessors::builtins();
    let profile = profile(&program, &registry, &input, args.max_cycles, &schedule)
        .context("the guest stopped with an error")?;
    if args.json {
        println!("{}", json(&profile, &models)?);
    } else {
        println!(
            "profile of {} (program {}, exit code {}, {} cycles, {} input bytes)\n",
            args.elf.display(),
            &profile.program_id[..16],
            profile.exit_code,
            profile.cycles,
            profile.input_bytes
        );
        print!("{}", render(&profile, &models, args.top));
    }
    if let Some(path) = &args.folded {
        std::fs::write(path, flamegraph::folded(&profile))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.flamegraph {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let title = format!("gluecp profile: {}", args.elf.display());
        flamegraph::write_svg(&profile, &title, std::io::BufWriter::new(file))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("flame graph written to {}", path.display());
    }
    Ok(())
}
