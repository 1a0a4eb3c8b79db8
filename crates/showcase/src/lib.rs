//! The bundled showcase programs, one per domain the glue-and-coprocessor idea comes from:
//!
//! | program | domain | glue | coprocessors |
//! | --- | --- | --- | --- |
//! | [`ens`] | blockchain | an ENS-style record update | Keccak, secp256k1 (`ecrecover`) |
//! | [`transformer`] | AI | a decoder-only transformer's control flow | int8 matmul |
//! | [`batch`] | zero knowledge | a rollup's batch checks | secp256k1, ed25519, Keccak, Poseidon2 |
//!
//! Each guest lives in `examples/NAME/`; this crate generates its deterministic input and
//! checks its journal against a host-side computation of the same result, for the tests
//! and for `gluecp demo`.

pub mod batch;
pub mod ens;
pub mod transformer;

/// One showcase program.
pub struct Showcase {
    /// Short name, e.g. `"ens"`.
    pub name: &'static str,
    /// What it shows, e.g. `"ENS record update (blockchain)"`.
    pub title: &'static str,
    /// The guest crate, relative to the repository root, e.g. `"examples/ens"`.
    pub guest_dir: &'static str,
    /// The deterministic input of the demo run.
    pub input: fn() -> Vec<u8>,
    /// Check a run's journal against the host's own computation for `input`; on success a
    /// one-line summary of what the guest proved (e.g. the new root).
    pub check: fn(input: &[u8], journal: &[u8]) -> Result<String, String>,
}

/// Every showcase, in the order the demo runs them.
pub const ALL: &[&Showcase] = &[&ens::SHOWCASE, &transformer::SHOWCASE, &batch::SHOWCASE];
