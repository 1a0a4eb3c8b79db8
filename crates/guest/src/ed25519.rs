//! Ed25519 signature verification on the `ED25519_VERIFY` coprocessor.
//!
//! ```no_run
//! use gluecp_guest::ed25519;
//!
//! # let (public_key, signature) = ([0u8; 32], [0u8; 64]);
//! match ed25519::verify(&public_key, &signature, b"message") {
//!     Ok(()) => gluecp_guest::println!("valid"),
//!     Err(e) => gluecp_guest::println!("{e}"),
//! }
//! ```
//!
//! One call does the whole verification natively, the SHA-512 challenge hash included, so
//! the message is read where it lies and never copied by the glue. The rules are RFC 8032's
//! with `ed25519-dalek`'s `verify_strict`: `s` must be canonical (below the group order),
//! and keys and `R` of small order are rejected, so a signature cannot be malleated and a
//! weak key cannot sign every message.

use core::fmt;

use gluecp_abi::ecall::coprocessor::{ED25519_VERIFY, OK};

use crate::syscall::ecall;

/// [`verify`] rejected the signature: it does not verify, or the key or `R` does not
/// decode to a curve point, is of small order, or `s` is not canonical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid Ed25519 signature")
    }
}

impl core::error::Error for Error {}

/// Verify the Ed25519 signature `R ‖ s` of `message` under `public_key` (RFC 8032
/// encodings).
///
/// The key and the signature are copied to word-aligned buffers first: the prover's chip
/// reads them as whole words (the message may lie anywhere).
pub fn verify(public_key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> Result<(), Error> {
    let (public_key, signature) = (Aligned(*public_key), Aligned(*signature));
    let args = [
        public_key.0.as_ptr() as u32,
        signature.0.as_ptr() as u32,
        message.as_ptr() as u32,
        // A guest's `usize` is 32 bits: the length fits.
        message.len() as u32,
    ];
    // SAFETY: the call only reads 32 and 64 bytes at the local arrays and the
    // `message.len()` bytes of `message`.
    let [status, _] = unsafe { ecall(ED25519_VERIFY, args) };
    if status == OK { Ok(()) } else { Err(Error) }
}

/// A byte array at a 4-aligned address.
#[repr(C, align(4))]
struct Aligned<const N: usize>([u8; N]);
