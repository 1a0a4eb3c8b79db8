//! Benchmark workloads: the same work done natively, in the VM with a coprocessor, and in
//! the VM in plain RISC-V (`gluecp bench coprocessors`).
//!
//! The guest `crates/coprocessors/guest` reads a header — the workload's [`name`](Workload::name)
//! as a `String` and a `bool` "plain" flag (gluecp codec) — followed by the bytes of
//! [`Workload::input`], does the work with the coprocessor (plain = false) or with a
//! plain-Rust implementation compiled into the guest (plain = true), and commits the bytes
//! that [`Workload::native`] returns for the same input. The bench checks all three agree.

use gluecp_abi::codec::Encode;

/// One benchmark workload.
pub struct Workload {
    /// Key the guest dispatches on, e.g. `"keccak256"`.
    pub name: &'static str,
    /// What is measured, e.g. `"keccak256 of 1 MiB"`.
    pub description: &'static str,
    /// The deterministic input (after the header).
    pub input: fn() -> Vec<u8>,
    /// Native Rust doing the same work on the same input; returns what the guest commits.
    pub native: fn(&[u8]) -> Vec<u8>,
}

impl Workload {
    /// The full guest input: header, then `input`.
    pub fn guest_input(&self, plain: bool, input: &[u8]) -> Vec<u8> {
        let mut bytes = (self.name, plain).to_bytes();
        bytes.extend_from_slice(input);
        bytes
    }
}

/// `len` bytes of a xorshift64 stream seeded with `seed`: deterministic, incompressible
/// input for the hash workloads.
pub fn xorshift_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// Every workload, in the order the bench reports them.
pub const ALL: &[&Workload] = &[
    &crate::keccak::WORKLOAD,
    &crate::sha256::WORKLOAD,
    &crate::poseidon2::WORKLOAD,
    &crate::secp256k1::WORKLOAD,
    &crate::ed25519::WORKLOAD,
    &crate::bn254::WORKLOAD,
    &crate::matmul::WORKLOAD,
];
