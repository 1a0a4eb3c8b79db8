//! The gluecp prover: proves an execution of the RV32IM glue and its coprocessors as one batch
//! STARK (Plonky3 `p3-batch-stark`) whose tables are linked by LogUp buses (`p3-lookup`).
//!
//! # What exists now
//!
//! The foundation, with no production chips yet:
//!
//! - [`config`]: KoalaBear + degree-4 extension, Poseidon2 Merkle commitments, two-adic FRI,
//!   and the [`ProofParams`] that tune them (with the degree invariant: constraint degree at
//!   most `2^log_blowup + 1`, i.e. 3 by default, checked at proving and verifying time).
//! - [`security`]: the conjectured security of a batch, from `p3-security`'s estimator, with
//!   the binding term named.
//! - [`proof`]: the versioned [`ProofEnvelope`] (postcard on the wire) and the
//!   [`PublicValues`] a proof is about, with their field-element encoding.
//! - [`harness`]: generic [`prove`] / [`verify`] over any set of [`ProverAir`] tables, with a
//!   [`VerifierPolicy`] (exact params, minimum bits) and typed errors.
//!
//! - [`chips`]: the first lookup tables, each a folder with its columns, AIR and trace
//!   generation: [`chips::program`] (the decoded program as a preprocessed table, bus
//!   `program`) and [`chips::byte`] (byte range checks and bitwise ops, bus `byte`).
//!
//! # What comes next
//!
//! The remaining chips, each one vertical slice implementing [`ProverAir`] behind one enum: CPU
//! (one row per instruction, looking up `program` and `byte`), the ALU chips, memory (offline
//! memory checking), and one chip per coprocessor receiving its calls on a syscall bus. Then
//! continuations (segments linked by memory-state commitments).
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
//! Build with `RUSTFLAGS="-C target-cpu=native"` for benchmarks: without the vector features
//! proving is 6–7× slower. It is not set for the workspace so that binaries stay portable.

pub mod bus;
pub mod chips;
pub mod config;
pub mod execute;
pub mod harness;
pub mod machine;
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
