//! Running cargo for the guest target and collecting the binaries it produced.

use std::collections::BTreeMap;
use std::env;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::{BuildError, TARGET};

/// Variables an outer cargo (running a test or build script) or a host-oriented shell may
/// set that would break or redirect the guest build:
/// - host compiler flags (`-C target-cpu=native`, coverage, sanitizers) that do not apply to
///   RV32IM; the guest's own `.cargo/config.toml` flags still apply once these are gone;
/// - a forced `--target` or target directory (whose build lock an outer cargo may hold);
/// - a `rustc` path or wrapper picked for the host build (`clippy-driver` under `cargo
///   clippy`), which may not match the toolchain the guest resolves to;
/// - the outer jobserver, whose file descriptors the inner cargo does not inherit.
const SCRUBBED_ENV: &[&str] = &[
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "RUSTDOCFLAGS",
    "CARGO_ENCODED_RUSTDOCFLAGS",
    "CARGO_BUILD_TARGET",
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET_DIR",
    "RUSTC",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "CARGO_BUILD_RUSTC",
    "CARGO_BUILD_RUSTC_WRAPPER",
    "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
    "RUSTDOC",
    "CARGO_MAKEFLAGS",
    "MAKEFLAGS",
    "MFLAGS",
];

pub(crate) fn manifest_path(crate_dir: &Path) -> PathBuf {
    crate_dir.join("Cargo.toml")
}

/// `cargo build --release --target riscv32im-unknown-none-elf` for the manifest in
/// `crate_dir`, with a clean environment and JSON messages on stdout (diagnostics are
/// rendered to the inherited stderr).
pub(crate) fn command(crate_dir: &Path) -> Command {
    // The cargo that runs us (in a test or `cargo run`) matches the toolchain in use.
    let cargo = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(cargo);
    command
        .args(["build", "--release", "--target", TARGET])
        .arg("--manifest-path")
        .arg(manifest_path(crate_dir))
        .arg("--message-format=json-render-diagnostics");
    for var in SCRUBBED_ENV {
        command.env_remove(var);
    }
    command
}

/// Build and return the binaries by name (the caller checked the manifest exists).
pub(crate) fn build(crate_dir: &Path) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let manifest = manifest_path(crate_dir);
    let mut child = command(crate_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| BuildError::Spawn {
            tool: "cargo",
            source,
        })?;
    let stdout = child.stdout.take().expect("stdout is piped");
    // Read to the end before waiting, so a full pipe cannot stall cargo.
    let binaries = binaries(BufReader::new(stdout));
    let status = child.wait().map_err(|source| BuildError::Spawn {
        tool: "cargo",
        source,
    })?;
    if !status.success() {
        return Err(BuildError::Cargo { manifest, status });
    }
    binaries
}

/// The executables in cargo's `--message-format=json` stream, by target name.
pub(crate) fn binaries(messages: impl BufRead) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let mut binaries = BTreeMap::new();
    for line in messages.lines() {
        let line = line.map_err(|e| BuildError::Output(e.to_string()))?;
        // Anything that is not a JSON object (a wrapper's chatter) is not ours to read.
        if !line.starts_with('{') {
            continue;
        }
        let message: Value = serde_json::from_str(&line)
            .map_err(|e| BuildError::Output(format!("{e} in {line:?}")))?;
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let (Some(name), Some(path)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            binaries.insert(name.to_owned(), PathBuf::from(path));
        }
    }
    Ok(binaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_executables_only() {
        let stream = r#"{"reason":"compiler-artifact","target":{"name":"gluecp_guest","kind":["lib"]},"executable":null}
{"reason":"compiler-artifact","target":{"name":"fibonacci","kind":["bin"]},"executable":"/g/target/riscv32im-unknown-none-elf/release/fibonacci","fresh":true}
{"reason":"build-finished","success":true}
"#;
        let binaries = binaries(stream.as_bytes()).unwrap();
        assert_eq!(
            binaries.into_iter().collect::<Vec<_>>(),
            [(
                "fibonacci".to_owned(),
                PathBuf::from("/g/target/riscv32im-unknown-none-elf/release/fibonacci")
            )]
        );
    }

    #[test]
    fn rejects_broken_json() {
        assert!(matches!(
            binaries("{\"reason\":".as_bytes()),
            Err(BuildError::Output(_))
        ));
    }

    #[test]
    fn scrubs_outer_cargo_environment() {
        let command = command(Path::new("guest"));
        let removed: Vec<_> = command
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name.to_owned())
            .collect();
        for var in [
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_TARGET_DIR",
            "CARGO_MAKEFLAGS",
        ] {
            assert!(
                removed.iter().any(|name| name == var),
                "{var} leaks into the guest build"
            );
        }
        let args: Vec<_> = command.get_args().collect();
        assert!(args.contains(&TARGET.as_ref()));
        assert!(args.contains(&Path::new("guest/Cargo.toml").as_os_str()));
    }
}
