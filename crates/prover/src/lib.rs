//! The gluecp prover: proves an execution of the RV32IM glue and its coprocessors as one batch
//! STARK (Plonky3 `p3-batch-stark`) whose tables are linked by LogUp buses (`p3-lookup`).
//!
//! # Layout
//!
//! - [`config`]: KoalaBear + degree-4 extension, Poseidon2 Merkle commitments, two-adic FRI,
//!   and the [`ProofParams`] that tune them (constraint degree at most `2^log_blowup + 1`, i.e.
//!   3 by default, checked at proving and verifying time); [`security`]: the conjectured
//!   security of a batch from `p3-security`'s estimator.
//! - [`proof`]: the versioned [`ProofEnvelope`] and the [`PublicValues`] a proof is about;
//!   [`harness`]: generic [`prove`] / [`verify`] over any set of [`ProverAir`] tables.
//! - [`bus`]: the contract between chips (bus tuples, the value invariant, timestamps);
//!   [`chips`]: one folder per table behind the [`chips::Chip`] enum.
//! - [`record`] and [`execute`]: the execution record, built from a VM run by an observer;
//!   [`machine`]: proving and verifying a program's run (the statement, the table set);
//!   [`plugin`]: chips for user coprocessors, registered by a host program.
//! - [`cost`]: the main-trace cells each executed instruction and each coprocessor call adds
//!   (the profiler's `prove` cost model).
//!
//! Runs longer than one proof holds (2^22 - 1 cycles) get an error: continuations (segments
//! linked by memory-state commitments) are not built yet.
//!
//! # Parameters and the bits they give
//!
//! | param | default |
//! | --- | --- |
//! | `log_blowup` | 1 (constraint degree ≤ 3) |
//! | `num_queries` | 100 |
//! | query / batch / lookup / OOD / per-fold proof-of-work | 16 / 16 / 12 / 8 / 8 bits |
//! | `max_log_arity`, `log_final_poly_len` | 1, 0 |
//! | `max_log_trace_height` | 22 |
//!
//! On a segment-sized shape (tables of 2^16..2^22 rows, up to a few hundred columns, plus a
//! 2,633-column Keccak table) these give about 104 bits of conjectured security, bound by the
//! batch-combination term (see `security::tests`, `cargo test -p gluecp-prover security --
//! --nocapture`). Reaching 128 bits needs a larger extension field.
//!
//! # Speed
//!
//! The workspace builds host code with `-C target-cpu=native` (`.cargo/config.toml`): without
//! the AVX2 / AVX-512 field and Poseidon2 code proving is about 4× slower (README). A binary built so runs
//! on the machine kind that built it; build without the flag for a portable one.

pub mod bus;
pub mod chips;
pub mod config;
pub mod cost;
pub mod execute;
pub mod harness;
pub mod machine;
pub mod plugin;
pub mod progress;
pub mod proof;
pub mod record;
pub mod security;
pub mod testing;

pub use config::{ProofParams, StarkConfig, Val};
pub use harness::{
    ProveError, ProverAir, VerifierPolicy, VerifyError, prove, verify, verify_bytes,
};
pub use proof::{PROOF_FORMAT_VERSION, ProofEnvelope, ProofFormatError, PublicValues};
pub use security::{SecurityReport, TableShape, security_bits};
