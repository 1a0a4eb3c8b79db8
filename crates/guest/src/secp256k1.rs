//! ECDSA over secp256k1 on the `SECP256K1_VERIFY` and `SECP256K1_RECOVER` coprocessors:
//! signature verification, public-key recovery and Ethereum's `ecrecover`.
//!
//! ```no_run
//! use gluecp_guest::secp256k1;
//!
//! # let (hash, signature, public_key) = ([0u8; 32], [0u8; 64], [0u8; 64]);
//! // Keys are uncompressed without the 0x04 prefix: x ‖ y, big-endian.
//! if secp256k1::verify(&hash, &signature, &public_key).is_ok() {
//!     gluecp_guest::println!("valid");
//! }
//! let (v, r, s) = (27, [1u8; 32], [2u8; 32]);
//! let signer: Option<[u8; 20]> = secp256k1::ecrecover(&hash, v, &r, &s);
//! ```
//!
//! Each function is one call doing a whole verification or recovery natively; numbers are
//! big-endian byte strings, as in SEC 1 and Ethereum. Verification is standard ECDSA:
//! signatures with a high `s` are valid, as they are for Ethereum's `ecrecover` (Bitcoin's
//! and Ethereum transactions' low-s rule is policy that a caller can add by checking `s`).

use core::fmt;

use gluecp_abi::ecall::coprocessor::{INVALID_KEY, OK, SECP256K1_RECOVER, SECP256K1_VERIFY};

use crate::syscall::ecall;

/// Why [`verify`] rejected a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// `r` or `s` is zero or not below the group order n, or the ECDSA equation fails.
    InvalidSignature,
    /// The public key is not a point of the curve (a coordinate not below p, or not on it).
    InvalidKey,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::InvalidSignature => "invalid secp256k1 signature",
            Error::InvalidKey => "invalid secp256k1 public key",
        })
    }
}

impl core::error::Error for Error {}

/// Verify the ECDSA signature `r ‖ s` of a 32-byte message hash under the public key
/// `x ‖ y` (uncompressed, without the 0x04 prefix).
///
/// The operands are copied to word-aligned buffers first: the prover's chip reads whole words.
pub fn verify(hash: &[u8; 32], signature: &[u8; 64], public_key: &[u8; 64]) -> Result<(), Error> {
    let (hash, signature, public_key) = (Aligned(*hash), Aligned(*signature), Aligned(*public_key));
    let args = [
        hash.0.as_ptr() as u32,
        signature.0.as_ptr() as u32,
        public_key.0.as_ptr() as u32,
        0,
    ];
    // SAFETY: the call only reads 32, 64 and 64 bytes at these local arrays.
    let [status, _] = unsafe { ecall(SECP256K1_VERIFY, args) };
    match status {
        OK => Ok(()),
        INVALID_KEY => Err(Error::InvalidKey),
        _ => Err(Error::InvalidSignature),
    }
}

/// The public key `x ‖ y` for which `r ‖ s` is a valid signature of `hash`, given the
/// recovery id (0..=3: bit 0 is the parity of `R.y`, bit 1 says `R.x = r + n`), or `None`
/// if there is none (`r` or `s` out of range, an id above 3, no such point).
///
/// The operands are copied to word-aligned buffers first (a few dozen cycles): the prover's
/// recovery chip reads whole words.
pub fn recover(hash: &[u8; 32], signature: &[u8; 64], recovery_id: u8) -> Option<[u8; 64]> {
    let hash = Aligned(*hash);
    let signature = Aligned(*signature);
    let mut key = Aligned([0u8; 64]);
    let args = [
        hash.0.as_ptr() as u32,
        signature.0.as_ptr() as u32,
        u32::from(recovery_id),
        key.0.as_mut_ptr() as u32,
    ];
    // SAFETY: the call reads 32 and 64 bytes at the local inputs and writes at most the
    // 64 bytes of `key`, which this function owns.
    let [status, _] = unsafe { ecall(SECP256K1_RECOVER, args) };
    (status == OK).then_some(key.0)
}

/// A byte array at a 4-aligned address.
#[repr(C, align(4))]
struct Aligned<const N: usize>([u8; N]);

/// Ethereum's `ecrecover` precompile (address 0x01): the address that signed `hash`, the
/// last 20 bytes of Keccak-256 of the recovered key `x ‖ y`. `v` must be 27 or 28 (the
/// precompile's 32-byte `v` word must be one of those with its upper 31 bytes zero, which
/// a caller holding the word checks before narrowing it to `u8`); `None` where the
/// precompile returns empty output.
pub fn ecrecover(hash: &[u8; 32], v: u8, r: &[u8; 32], s: &[u8; 32]) -> Option<[u8; 20]> {
    let recovery_id = match v {
        27 => 0,
        28 => 1,
        _ => return None,
    };
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(r);
    signature[32..].copy_from_slice(s);
    let key = recover(hash, &signature, recovery_id)?;
    let digest = crate::keccak::keccak256(&key);
    let mut address = [0u8; 20];
    address.copy_from_slice(&digest[12..]);
    Some(address)
}
