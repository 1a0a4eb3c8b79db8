//! Making sure the toolchain can compile for the guest target.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::BuildError;

/// The stock Rust target guests are compiled for.
pub const TARGET: &str = "riscv32im-unknown-none-elf";

/// Install [`TARGET`] with `rustup target add` unless the current toolchain already has
/// it. Without rustup, succeeds only if the toolchain's sysroot already holds the target.
pub fn ensure_target() -> Result<(), BuildError> {
    ensure_target_in(None)
}

/// [`ensure_target`] for the toolchain selected in `dir` (a `rust-toolchain.toml` there
/// picks the toolchain the guest build will use).
pub(crate) fn ensure_target_in(dir: Option<&Path>) -> Result<(), BuildError> {
    let rustup = |args: &[&str]| {
        let mut command = Command::new("rustup");
        command.args(args);
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        command
    };
    let listed = match rustup(&["target", "list", "--installed"])
        .stderr(Stdio::inherit())
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return if sysroot_has_target(dir) {
                Ok(())
            } else {
                Err(BuildError::NoRustup { target: TARGET })
            };
        }
        Err(source) => {
            return Err(BuildError::Spawn {
                tool: "rustup",
                source,
            });
        }
    };
    if !listed.status.success() {
        return Err(BuildError::Rustup {
            args: "target list --installed".into(),
            status: listed.status,
        });
    }
    if String::from_utf8_lossy(&listed.stdout)
        .lines()
        .any(|line| line.trim() == TARGET)
    {
        return Ok(());
    }
    let status = rustup(&["target", "add", TARGET])
        .status()
        .map_err(|source| BuildError::Spawn {
            tool: "rustup",
            source,
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(BuildError::TargetInstall {
            target: TARGET,
            status,
        })
    }
}

/// Whether the `rustc` in `PATH` has the target's standard library (for toolchains
/// installed without rustup).
fn sysroot_has_target(dir: Option<&Path>) -> bool {
    let mut rustc = Command::new("rustc");
    rustc.args(["--print", "sysroot"]).stderr(Stdio::null());
    if let Some(dir) = dir {
        rustc.current_dir(dir);
    }
    let Ok(output) = rustc.output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&output.stdout);
    output.status.success()
        && Path::new(sysroot.trim())
            .join("lib/rustlib")
            .join(TARGET)
            .is_dir()
}
