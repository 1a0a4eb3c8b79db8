//! Prove a run that calls your own coprocessor: register it with the VM and its chip with the
//! prover, from a host program, without editing gluecp.
//!
//! ```sh
//! cargo run --release -p gluecp-prover --example custom_chip
//! ```
//!
//! The guest (`examples/custom-coprocessor-guest`) computes CRC-32 of its input through the
//! coprocessor (call 0x1000, `crates/vm/examples/custom_coprocessor/crc32.rs`) and in plain
//! Rust, and commits both; the chip (`crc32_chip.rs`) proves the coprocessor's calls.

#[path = "../../../vm/examples/custom_coprocessor/crc32.rs"]
mod crc32;
mod crc32_chip;

use std::path::Path;

use gluecp_prover::machine::{Expected, prove_program_with_chips, verify_program_with_chips};
use gluecp_prover::plugin::ChipRegistry;
use gluecp_prover::{ProofParams, VerifierPolicy};
use gluecp_vm::{Program, Registry};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let guest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/custom-coprocessor-guest");
    let elf = gluecp_build::build_guest(&guest)?;
    let program = Program::from_elf(&std::fs::read(elf)?)?;

    let mut registry = Registry::new();
    registry.register(crc32::CRC32, crc32::Crc32)?;
    let mut chips = ChipRegistry::new();
    chips.register(crc32_chip::Crc32Chip)?;

    let input = b"The quick brown fox jumps over the lazy dog".to_vec();
    let started = std::time::Instant::now();
    let (envelope, stats) = prove_program_with_chips(
        &program,
        &registry,
        &chips,
        &input,
        &ProofParams::default(),
        &mut |_| {},
    )?;
    println!(
        "proved {} cycles in {:.2} s; tables: {}",
        stats.cycles,
        started.elapsed().as_secs_f64(),
        stats
            .tables
            .iter()
            .map(|(name, height, _)| format!("{name} {height}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let expected = Expected {
        journal: Some(
            [
                crc32::crc32(&input).to_le_bytes(),
                crc32::crc32(&input).to_le_bytes(),
            ]
            .concat(),
        ),
        input: Some(input),
        exit_code: Some(0),
    };
    let policy = VerifierPolicy::default();
    verify_program_with_chips(&program, &chips, &envelope, &expected, &policy)?;
    println!(
        "verified: both CRC-32s are {:#010x}",
        crc32::crc32(b"The quick brown fox jumps over the lazy dog")
    );
    Ok(())
}
