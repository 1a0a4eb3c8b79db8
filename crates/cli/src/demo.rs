//! `gluecp demo`: the main job. Builds the bundled guest programs and runs them.
//!
//! For now the demo runs the Fibonacci example; later issues add profiling, proving and
//! verifying, and the showcase programs.

use crate::run::load;
use anyhow::ensure;
use gluecp_abi::codec::{Decode, Encode};
use gluecp_vm::Vm;
use std::path::Path;
use std::time::Instant;

/// fib(n) with wrapping addition, computed on the host to check the guest.
fn fibonacci(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

pub fn demo(repo_root: &Path) -> anyhow::Result<()> {
    println!(
        "gluecp demo: build the bundled guest programs with stock rustc, run them in the VM\n"
    );
    let crate_dir = repo_root.join("examples/fibonacci");
    println!("building {} ...", crate_dir.display());
    let elf = crate::build(&crate_dir)?;
    let program = load(&elf)?;
    println!("fibonacci  program id {}\n", program.id());
    println!(
        "{:>10}  {:>22}  {:>12}  {:>8}  {:>6}",
        "n", "fib(n) (wrapping u64)", "cycles", "seconds", "MIPS"
    );
    for n in [10u32, 1_000, 1_000_000, 10_000_000] {
        let mut vm = Vm::new(&program);
        vm.set_input(n.to_bytes());
        let start = Instant::now();
        let exit = vm.run()?;
        let seconds = start.elapsed().as_secs_f64();
        ensure!(exit.code == 0, "fibonacci exited with code {}", exit.code);
        let value =
            u64::from_bytes(vm.journal()).map_err(|e| anyhow::anyhow!("bad journal: {e}"))?;
        ensure!(
            value == fibonacci(n),
            "guest computed fib({n}) = {value}, host {}",
            fibonacci(n)
        );
        let mips = exit.cycles as f64 / seconds / 1e6;
        println!(
            "{n:>10}  {value:>22}  {:>12}  {seconds:>8.3}  {mips:>6.0}",
            exit.cycles
        );
    }
    println!("\nevery result matches the host's computation.");
    Ok(())
}
