//! The one explicit list of built-in coprocessors. Dispatch, cost tables and (later) the
//! prover's chip list all come from it; its order is the call numbers' order.

use gluecp_abi::ecall::coprocessor::*;
use gluecp_vm::{Coprocessor, Registry};

/// A registry holding every built-in coprocessor under its call number.
pub fn builtins() -> Registry {
    let mut registry = Registry::new();
    let mut add = |number, coprocessor: Box<dyn Coprocessor>| {
        registry
            .register_boxed(number, coprocessor)
            .expect("built-in call numbers are distinct and above the system calls");
    };
    add(KECCAK_F, Box::new(crate::keccak::KeccakF));
    add(SHA256_COMPRESS, Box::new(crate::sha256::Sha256Compress));
    add(POSEIDON2_KOALABEAR16, Box::new(crate::poseidon2::Poseidon2));
    add(MODMUL256, Box::new(crate::modmul::ModMul256));
    add(SECP256K1_VERIFY, Box::new(crate::secp256k1::Verify));
    add(SECP256K1_RECOVER, Box::new(crate::secp256k1::Recover));
    add(ED25519_VERIFY, Box::new(crate::ed25519::Verify));
    add(BN254_ADD, Box::new(crate::bn254::Add));
    add(BN254_MUL, Box::new(crate::bn254::Mul));
    add(BN254_PAIRING, Box::new(crate::bn254::Pairing));
    add(MATMUL_I8, Box::new(crate::matmul::MatmulI8));
    registry
}
