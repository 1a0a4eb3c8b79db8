//! What every coprocessor's guest tests share: the guest program, built once per test
//! binary, and ways to run it.

use gluecp_abi::codec::Encode;
use gluecp_vm::{Program, Vm, VmError};
use std::path::Path;
use std::sync::OnceLock;

/// `gluecp_guest::PANIC_EXIT_CODE`: a guest that panics halts with it.
pub const PANIC_EXIT_CODE: u32 = 101;

/// The `coprocessor-guest` program (every workload and test entry, both modes).
pub fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let guest = Path::new(env!("CARGO_MANIFEST_DIR")).join("guest");
        let elf = gluecp_build::build_guests(&guest)
            .expect("guest builds")
            .remove("coprocessor-guest")
            .expect("the guest workspace has a coprocessor-guest binary");
        Program::from_elf(&std::fs::read(elf).unwrap()).expect("guest loads")
    })
}

/// How a run ended.
pub struct Outcome {
    /// The exit code.
    pub code: u32,
    /// The journal.
    pub journal: Vec<u8>,
    /// What the guest wrote to stderr.
    pub stderr: String,
}

/// Run the guest on entry `name` (coprocessor mode unless `plain`) with `body` after the
/// header, with the built-in coprocessors.
pub fn run_outcome(name: &str, plain: bool, body: &[u8]) -> Result<Outcome, VmError> {
    let coprocessors = gluecp_coprocessors::builtins();
    let mut vm = Vm::with_coprocessors(program(), &coprocessors);
    let mut input = (name, plain).to_bytes();
    input.extend_from_slice(body);
    vm.set_input(input);
    let exit = vm.run()?;
    Ok(Outcome {
        code: exit.code,
        journal: vm.journal().to_vec(),
        stderr: String::from_utf8_lossy(vm.stderr()).into_owned(),
    })
}

/// [`run_outcome`], as (exit code, journal).
pub fn run(name: &str, plain: bool, body: &[u8]) -> Result<(u32, Vec<u8>), VmError> {
    run_outcome(name, plain, body).map(|o| (o.code, o.journal))
}
