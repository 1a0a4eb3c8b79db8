//! Every coprocessor from a guest program: the SDK and the plain-RISC-V twin agree with the
//! host, and bad calls stop the guest with a typed error, never a host panic. One test
//! binary, one module per coprocessor.

mod common;

mod bn254;
mod ed25519;
mod keccak;
mod matmul;
mod modmul;
mod poseidon2;
mod secp256k1;
mod sha256;
