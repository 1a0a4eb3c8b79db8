//! Builds gluecp guest programs with the stock Rust toolchain.
//!
//! A guest is an ordinary Cargo crate (or workspace) depending on `gluecp-guest`. Building
//! it is `cargo build --release --target riscv32im-unknown-none-elf`, plus care about the
//! environment: when this runs inside an outer cargo (a test, a build script), variables
//! meant for the host build (`RUSTFLAGS`, `CARGO_TARGET_DIR`, jobserver and wrapper
//! settings) must not leak into the guest build. The `cargo` module holds that logic, and
//! `target` the one-time `rustup target add`.
//!
//! No extra compiler or linker flags are needed: the target's defaults (static, `panic =
//! abort`, `rust-lld` with its default image base 0x10000 and the `_end` symbol) fit the
//! gluecp memory layout, and `gluecp-guest` supplies `_start`.

mod cargo;
mod error;
mod target;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::BuildError;
pub use target::{TARGET, ensure_target};

/// Build the guest crate at `crate_dir` (release, RV32IM) and return the path of its ELF.
///
/// `crate_dir` is the directory holding the guest's `Cargo.toml`; it may be its own
/// workspace or a member of one. Compiler errors go to this process's stderr.
pub fn build_guest(crate_dir: &Path) -> Result<PathBuf, BuildError> {
    let mut binaries = build_guests(crate_dir)?;
    match binaries.len() {
        1 => Ok(binaries.pop_first().expect("one binary").1),
        0 => Err(BuildError::NoBinary {
            manifest: cargo::manifest_path(crate_dir),
        }),
        _ => Err(BuildError::SeveralBinaries {
            manifest: cargo::manifest_path(crate_dir),
            names: binaries.into_keys().collect(),
        }),
    }
}

/// Build every binary of the guest crate or workspace at `crate_dir` (release, RV32IM) and
/// return their ELF paths by binary name. Installs the target first if it is missing.
pub fn build_guests(crate_dir: &Path) -> Result<BTreeMap<String, PathBuf>, BuildError> {
    let manifest = cargo::manifest_path(crate_dir);
    if !manifest.is_file() {
        return Err(BuildError::NoManifest(manifest));
    }
    target::ensure_target_in(Some(crate_dir))?;
    cargo::build(crate_dir)
}
