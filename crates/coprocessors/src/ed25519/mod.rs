//! Ed25519 signature verification ([`Verify`], `ED25519_VERIFY`): RFC 8032 with the strict
//! rules of `ed25519-dalek`'s `verify_strict`.
//!
//! # Operands
//!
//! | `a0` | `a1` | `a2` | `a3` | result `a0` |
//! | --- | --- | --- | --- | --- |
//! | public key `A`, 32 B | signature `R ‖ s`, 64 B | message | message length (bytes) | `OK`, `INVALID` |
//!
//! All operands are byte strings in RFC 8032's encodings (any alignment). An empty message
//! may have any pointer. The signature is valid when `A` and `R` decode to curve points,
//! neither of small order, `s` is below the group order ℓ, and `[s]B − [k]A` encodes to
//! exactly the bytes of `R`, with `k = SHA-512(R ‖ A ‖ M) mod ℓ`. Encodings of `A` with
//! `y ≥ p` are reduced mod p (as `ed25519-dalek` does); see [`reference`] for the
//! statement in plain arithmetic.
//!
//! # Granularity: one call per verification
//!
//! A call is a whole verification, challenge hash included, not a point operation.
//! Point-level calls would pass affine points through guest memory and pay a field
//! inversion per call natively, which alone would miss the target of running within 1.3x
//! of native Rust; a whole verification is still provable by one chip — a fixed
//! double-and-add schedule over the 256 scalar bits, one row group per step, plus the final
//! checks — next to the SHA-512 of `R ‖ A ‖ M`, which stays inside the call so the guest
//! never handles the challenge.

#[cfg(test)]
pub(crate) mod reference;
#[cfg(test)]
mod tests;
mod workload;

pub use workload::WORKLOAD;

use ed25519_dalek::{Signature, VerifyingKey};
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_vm::{Call, CallError, Coprocessor, WorkCost};

/// `ED25519_VERIFY`.
pub struct Verify;

impl Coprocessor for Verify {
    fn name(&self) -> &'static str {
        "ed25519"
    }

    /// Per verification. Instructions: `ed25519-dalek` in plain RISC-V, 356.8 M for 100
    /// verifications of short messages. Cells: the prover's, for a message of up to 47 bytes
    /// (one SHA-512 block of `R ‖ A ‖ M`): the `ed25519-verify` row (3,611 columns), one
    /// `ed25519-block` row (457) and 80 `sha512` rows (1,030), and two scalar multiplications
    /// of 256 `ed25519-mul` rows (1,723); `gluecp-prover`'s tests keep this equal to its chips.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 3_568_348,
            cells: 968_644,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let key = call.read_array::<32>("public key", call.arg(0))?;
        let signature = call.read_array::<64>("signature", call.arg(1))?;
        // Borrowed straight from guest memory: no copy of the message.
        let status = verify(
            &key,
            &signature,
            call.read("message", call.arg(2), call.arg(3))?,
        );
        call.set_result(0, status);
        Ok(())
    }
}

/// The status of `ED25519_VERIFY` for these operands.
pub fn verify(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> u32 {
    let Ok(key) = VerifyingKey::from_bytes(key) else {
        return INVALID;
    };
    match key.verify_strict(message, &Signature::from_bytes(signature)) {
        Ok(()) => OK,
        Err(_) => INVALID,
    }
}
