//! The ed25519 chips' first pieces (no call reaches them yet: `ED25519_VERIFY`'s call table,
//! its SHA-512 feeder and its decoding checks are still to come).
//!
//! - [`curve`]: Ed25519's constants and affine arithmetic.
//! - [`mul`]: the `ed25519-mul` table, `[k] P` in 256 rows, on the complete twisted-Edwards
//!   addition law, so it has no exceptional case at all.

pub mod curve;
pub mod feeder;
pub mod mul;
pub mod verify;
