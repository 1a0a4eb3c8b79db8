//! Why a guest could not be built.

use std::io;
use std::path::PathBuf;
use std::process::ExitStatus;

/// A failed guest build or toolchain setup. Each variant names its cause.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `crate_dir/Cargo.toml` does not exist.
    #[error("no Cargo.toml at {0}")]
    NoManifest(PathBuf),
    /// A tool could not be started at all.
    #[error("cannot run `{tool}`: {source}")]
    Spawn {
        tool: &'static str,
        #[source]
        source: io::Error,
    },
    /// rustup is not installed and the toolchain lacks the target.
    #[error(
        "the Rust target {target} is not installed and rustup is not available to add it; \
         install rustup (https://rustup.rs) or a toolchain with {target}"
    )]
    NoRustup { target: &'static str },
    /// `rustup target add` failed.
    #[error("`rustup target add {target}` failed ({status})")]
    TargetInstall {
        target: &'static str,
        status: ExitStatus,
    },
    /// A rustup query failed.
    #[error("`rustup {args}` failed ({status})")]
    Rustup { args: String, status: ExitStatus },
    /// Cargo reported a failure; its diagnostics went to stderr.
    #[error("cargo build of {manifest} failed ({status}); the compiler errors are above")]
    Cargo {
        manifest: PathBuf,
        status: ExitStatus,
    },
    /// Cargo's JSON output could not be read.
    #[error("cannot read cargo's output: {0}")]
    Output(String),
    /// The build succeeded but produced no executable.
    #[error("building {manifest} produced no binary: is it a `[[bin]]` crate with a `main.rs`?")]
    NoBinary { manifest: PathBuf },
    /// The build produced several executables where one was expected.
    #[error("building {manifest} produced several binaries ({}); build them with `build_guests`", names.join(", "))]
    SeveralBinaries {
        manifest: PathBuf,
        names: Vec<String>,
    },
}
