//! secp256k1 ECDSA: signature verification ([`Verify`], `SECP256K1_VERIFY`) and public-key
//! recovery ([`Recover`], `SECP256K1_RECOVER`, the core of Ethereum's `ecrecover`).
//!
//! # Operands
//!
//! Every operand is a byte string (any alignment); numbers are big-endian, as in SEC 1.
//!
//! | call | `a0` | `a1` | `a2` | `a3` | result `a0` |
//! | --- | --- | --- | --- | --- | --- |
//! | `SECP256K1_VERIFY` | hash `z`, 32 B | signature `r ‖ s`, 64 B | key `x ‖ y`, 64 B | — | `OK`, `INVALID`, `INVALID_KEY` |
//! | `SECP256K1_RECOVER` | hash `z`, 32 B | signature `r ‖ s`, 64 B | recovery id (value) | out `x ‖ y`, 64 B | `OK`, `INVALID` |
//!
//! Verification checks the key first: a key that is not a curve point (a coordinate not
//! below p, or `y² ≠ x³ + 7`) gives `INVALID_KEY` whatever the signature. Then `r` and `s`
//! must lie in `[1, n)` and the ECDSA equation must hold; high-s signatures are valid
//! (standard ECDSA, not Bitcoin's low-s policy). Recovery takes recovery ids 0..=3 (bit 0:
//! `R.y` is odd; bit 1: `R.x = r + n`), accepts high s as Ethereum's precompile does, and
//! writes the output only on `OK`. Every pointer is validated before any arithmetic, so a
//! bad output pointer stops the guest even when the signature is invalid.
//!
//! # Granularity: one call per verification
//!
//! A call is a whole verification or recovery, not a point operation. Point-level calls
//! would pass affine points through guest memory and pay a field inversion per call natively,
//! which alone would miss the target of running within 1.3x of native Rust; a whole
//! verification is still provable by one chip — a fixed double-and-add schedule over the
//! 256 scalar bits, one row group per step, plus the final checks.
//!
//! The arithmetic is `k256`'s (RustCrypto), the crate the native baseline uses too;
//! [`reference`] is a plain big-integer restatement that the tests check it against.

#[cfg(test)]
pub(crate) mod reference;
#[cfg(test)]
mod tests;
mod workload;

pub use workload::WORKLOAD;

use gluecp_abi::ecall::coprocessor::{INVALID, INVALID_KEY, OK};
use gluecp_vm::{Call, CallError, Coprocessor, WorkCost};
use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};

/// `SECP256K1_VERIFY`: ECDSA verification of a prehashed message.
pub struct Verify;

impl Coprocessor for Verify {
    fn name(&self) -> &'static str {
        "secp256k1_verify"
    }

    /// Per verification. Instructions: `k256` in plain RISC-V, 388.5 M for 100 verifications.
    /// Cells: the prover's `secp256k1-verify` row (1,907 columns) and two scalar
    /// multiplications of 256 `secp256k1-mul` rows (1,016 columns), which `gluecp-prover`'s
    /// tests keep equal to its chips.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 3_884_957,
            cells: 522_099,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let hash = call.read_array::<32>("hash", call.arg(0))?;
        let signature = call.read_array::<64>("signature", call.arg(1))?;
        let key = call.read_array::<64>("public key", call.arg(2))?;
        call.set_result(0, verify(&hash, &signature, &key));
        Ok(())
    }
}

/// `SECP256K1_RECOVER`: the public key that makes a signature valid for a hash.
pub struct Recover;

impl Coprocessor for Recover {
    fn name(&self) -> &'static str {
        "secp256k1_recover"
    }

    /// Per recovery. `instructions` as for verification (a recovery is one more square root);
    /// `cells` is the prover's: a `secp256k1-recover` row (2,136 columns) and two scalar
    /// multiplications of 256 `secp256k1-mul` rows (1,016 columns), which `gluecp-prover`'s
    /// tests keep equal to its chips.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 3_884_957,
            cells: 522_328,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let hash = call.read_array::<32>("hash", call.arg(0))?;
        let signature = call.read_array::<64>("signature", call.arg(1))?;
        let out = call.arg(3);
        // Validate the output before computing, so the guest's fate does not hang on data.
        call.memory()
            .write_bytes(out, 64)
            .map_err(|error| CallError::Memory {
                operand: "output",
                error,
            })?;
        match recover(&hash, &signature, call.arg(2)) {
            Some(key) => {
                call.write("output", out, &key)?;
                call.set_result(0, OK);
            }
            None => call.set_result(0, INVALID),
        }
        Ok(())
    }
}

/// The status of `SECP256K1_VERIFY` for these operands.
pub fn verify(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64]) -> u32 {
    let Some(key) = verifying_key(key) else {
        return INVALID_KEY;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return INVALID;
    };
    // k256 enforces low s; (r, s) and (r, n - s) are equally valid ECDSA signatures.
    match key.verify_prehash(hash, &signature.normalize_s()) {
        Ok(()) => OK,
        Err(_) => INVALID,
    }
}

/// The key `x ‖ y` that `SECP256K1_RECOVER` returns, or `None` for `INVALID`.
pub fn recover(hash: &[u8; 32], signature: &[u8; 64], recovery_id: u32) -> Option<[u8; 64]> {
    let recovery_id = RecoveryId::from_byte(u8::try_from(recovery_id).ok()?)?;
    let signature = Signature::from_slice(signature).ok()?;
    // Unlike verification, k256's recovery takes high s as it is.
    let key = VerifyingKey::recover_from_prehash(hash, &signature, recovery_id).ok()?;
    let point = key.to_sec1_point(false);
    // An uncompressed SEC 1 point: 0x04 ‖ x ‖ y.
    point.as_bytes().get(1..)?.try_into().ok()
}

/// The key with coordinates `x ‖ y`, if that is a point of the curve.
fn verifying_key(key: &[u8; 64]) -> Option<VerifyingKey> {
    let mut sec1 = [0u8; 65];
    sec1[0] = 0x04;
    sec1[1..].copy_from_slice(key);
    VerifyingKey::from_sec1_bytes(&sec1).ok()
}
