//! `gluecp disasm`: the decoded instructions of a guest, with its function names.

use crate::run::load;
use clap::Args;
use gluecp_profile::profile::demangle;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct DisasmArgs {
    /// The guest ELF executable.
    elf: PathBuf,
    /// Only the functions whose demangled name contains NAME.
    #[arg(long, value_name = "NAME")]
    function: Option<String>,
}

pub fn run(args: &DisasmArgs) -> anyhow::Result<()> {
    let program = load(&args.elf)?;
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "program {}  entry {:#010x}",
        program.id(),
        program.entry()
    )?;
    let mut current = None;
    for (i, instruction) in program.instructions().iter().enumerate() {
        let pc = program.code_base() + 4 * i as u32;
        let symbol = program.symbol_at(pc);
        let name = symbol.map(|s| demangle(&s.name));
        if let Some(filter) = &args.function
            && !name.as_deref().is_some_and(|n| n.contains(filter.as_str()))
        {
            continue;
        }
        if symbol.map(|s| s.addr) != current {
            current = symbol.map(|s| s.addr);
            writeln!(out, "\n{}:", name.as_deref().unwrap_or("[no symbol]"))?;
        }
        writeln!(out, "  {pc:08x}:  {instruction}")?;
    }
    Ok(())
}
