//! 256-bit modular multiplication ([`ModMul256`], `MODMUL256`): `x * y mod m` for any
//! 256-bit `x`, `y` and `m`, the core of big-integer field arithmetic and of EVM `MULMOD`.
//!
//! # Operands
//!
//! | `a0` | `a1` | `a2` | `a3` | results |
//! | --- | --- | --- | --- | --- |
//! | out, 32 B, written | x, 32 B | y, 32 B | m, 32 B | `a0`: status |
//!
//! Each operand is a 256-bit unsigned integer as 8 little-endian `u32` words, least
//! significant first (32 little-endian bytes), 4-byte aligned. `x` and `y` need not be
//! below `m`, and `out` may alias any input: every input is read before `out` is written.
//! The status is [`OK`], or [`INVALID`] when `m` = 0, in which case `out` is set to 0, as
//! EVM `MULMOD` defines it. A misaligned operand, one outside memory, or `out` in
//! read-only code is a bad call that stops the guest, whatever the values.
//!
//! # Granularity: one multiply-and-reduce per call
//!
//! A modular product is the unit a big-integer AIR proves per row (the 512-bit product
//! and its quotient are witnesses checked by limb-wise carries), and everything above it
//! is cheap glue: addition and subtraction mod `m` need a compare and a carry, and
//! exponentiation or inversion is a loop of products, so those live in the guest SDK
//! (`gluecp_guest::bigint`). The modulus is arbitrary (not only odd or prime), so the
//! handler uses a widening product and a division, `crypto-bigint`'s `mul_mod_vartime`,
//! rather than Montgomery arithmetic; "vartime" in the modulus is no concern for a VM.

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use crypto_bigint::{NonZero, U256};
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_vm::{Call, CallError, Coprocessor, WorkCost};

/// Words in one operand.
pub const WORDS: usize = 8;

/// `MODMUL256`.
pub struct ModMul256;

impl Coprocessor for ModMul256 {
    fn name(&self) -> &'static str {
        "modmul"
    }

    /// Per call. `instructions` is an estimate (schoolbook 8 × 8-limb product and long division
    /// in RV32IM); `cells` is the width of the prover's `modmul` row, which holds x, y, m, the
    /// quotient, the remainder, the carries and the accesses (`gluecp-prover` tests keep the
    /// two equal).
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 2_500,
            cells: 493,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let out = call.arg(0);
        let x = read(call, "x", call.arg(1))?;
        let y = read(call, "y", call.arg(2))?;
        let m = read(call, "m", call.arg(3))?;
        let (product, status) = match NonZero::new(m).into_option() {
            Some(m) => (x.mul_mod_vartime(&y, &m), OK),
            None => (U256::ZERO, INVALID),
        };
        let mut words = [0; WORDS];
        for (word, bytes) in words
            .iter_mut()
            .zip(product.to_le_bytes().as_slice().as_chunks::<4>().0)
        {
            *word = u32::from_le_bytes(*bytes);
        }
        call.write_words("out", out, &words)?;
        call.set_result(0, status);
        Ok(())
    }
}

/// The 256-bit operand at `addr`.
fn read(call: &Call<'_>, operand: &'static str, addr: u32) -> Result<U256, CallError> {
    let words = call.read_words::<WORDS>(operand, addr)?;
    let mut bytes = [0; 4 * WORDS];
    for (chunk, word) in bytes.as_chunks_mut::<4>().0.iter_mut().zip(words) {
        *chunk = word.to_le_bytes();
    }
    Ok(U256::from_le_slice(&bytes))
}
