//! The built-in coprocessors: the heavy, structured work a guest hands off through the
//! `ecall` ABI.
//!
//! Each coprocessor is one folder — its call handler, its plain-Rust reference, its tests
//! and its benchmark workload (later its AIR chip too) — and one line in [`builtins`]. The
//! call numbers and operand layouts live in [`gluecp_abi::ecall::coprocessor`], shared with
//! the guest SDK (`gluecp_guest::{keccak, sha256, ...}`).
//!
//! | call | folder | what one call does |
//! | --- | --- | --- |
//! | `KECCAK_F` | [`keccak`] | Keccak-f\[1600\] permutation, optionally absorbing a block first |
//! | `SHA256_COMPRESS` | [`sha256`] | SHA-256 compression of n consecutive blocks |
//! | `POSEIDON2_KOALABEAR16` | [`poseidon2`] | Poseidon2 permutation, KoalaBear, width 16 |
//! | `MODMUL256` | [`modmul`] | 256-bit `x * y mod m` |
//! | `SECP256K1_VERIFY`, `SECP256K1_RECOVER` | [`secp256k1`] | ECDSA verification, key recovery |
//! | `ED25519_VERIFY` | [`ed25519`] | Ed25519 verification |
//! | `BN254_ADD`, `BN254_MUL`, `BN254_PAIRING` | [`bn254`] | EIP-196/197 precompiles |
//! | `MATMUL_I8` | [`matmul`] | int8 matrix product with int32 accumulation |
//!
//! ```
//! use gluecp_vm::{Program, Vm};
//! # fn run(program: &Program) -> Result<(), gluecp_vm::VmError> {
//! let coprocessors = gluecp_coprocessors::builtins();
//! let mut vm = Vm::with_coprocessors(program, &coprocessors);
//! vm.run()?;
//! # Ok(())
//! # }
//! ```

pub mod bn254;
pub mod ed25519;
pub mod keccak;
pub mod matmul;
pub mod modmul;
pub mod poseidon2;
pub mod secp256k1;
pub mod sha256;
pub mod workload;

mod registry;

pub use registry::builtins;
