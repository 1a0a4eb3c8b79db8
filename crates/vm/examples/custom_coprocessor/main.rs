//! Register your own coprocessor from a host program, without editing gluecp, and call it
//! from a guest.
//!
//! ```sh
//! cargo run --release -p gluecp-vm --example custom_coprocessor
//! ```
//!
//! The guest (`examples/custom-coprocessor-guest`) hashes its input with the coprocessor and
//! with the same CRC-32 in plain Rust, and commits both.

mod crc32;

use gluecp_vm::{Program, Registry, Vm};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let guest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/custom-coprocessor-guest");
    let elf = gluecp_build::build_guest(&guest)?;
    let program = Program::from_elf(&std::fs::read(elf)?)?;

    let mut registry = Registry::new();
    registry.register(crc32::CRC32, crc32::Crc32)?;

    let input = b"The quick brown fox jumps over the lazy dog".to_vec();
    let mut vm = Vm::with_coprocessors(&program, &registry);
    vm.set_input(input.clone());
    let exit = vm.run()?;
    let journal = vm.journal();
    let from_coprocessor = u32::from_le_bytes(journal[..4].try_into()?);
    let from_glue = u32::from_le_bytes(journal[4..8].try_into()?);
    println!("guest exit code {}, {} cycles", exit.code, exit.cycles);
    println!("crc32 via the coprocessor: {from_coprocessor:#010x}");
    println!("crc32 in plain RISC-V:     {from_glue:#010x}");
    println!("crc32 on the host:         {:#010x}", crc32::crc32(&input));
    Ok(())
}
