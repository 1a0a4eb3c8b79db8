//! The ed25519 chips: signature verification (`ED25519_VERIFY` = 0x120, reference semantics
//! in `gluecp_coprocessors::ed25519`: RFC 8032 with `ed25519-dalek`'s `verify_strict` rules).
//!
//! # Tables
//!
//! | table | rows | role |
//! | --- | --- | --- |
//! | `ed25519-verify` | one per call ([`verify::VerifyCols`], 3,611 columns) | reads the key and the signature, decodes A, checks `s < ℓ`, reduces the challenge, asks for `[s] B` and `[k] A`, proves `R' = [s] B - [k] A` encodes to R's bytes, and neither A nor R' has small order |
//! | `ed25519-block` | one per SHA-512 block of `R ‖ A ‖ M` ([`feeder::BlockCols`], 457) | assembles the padded hash input ([`feeder`]) |
//! | `ed25519-word` | one per message word | the message's bytes at any alignment ([`crate::chips::word_bytes`]) |
//! | `sha512`, `sha512-k` | 80 per block; the round constants | SHA-512 compression ([`crate::chips::sha512`]) |
//! | `ed25519-mul` | 256 per scalar multiplication ([`mul::EdMulCols`], 1,723) | `[k] P` on the complete addition law ([`mul`]) |
//!
//! # Soundness of the call row
//!
//! - **The call.** A real row receives a call that returned OK, reads `a1..a3` (signature,
//!   message, length) and the key's and signature's words (4-aligned, inside memory); the
//!   message is empty or inside memory, its length below 2^24.
//! - **A.** The key's low 255 bits are `y_raw = ya + wrap p` with `ya < p` (dalek reduces `y`
//!   mod p); its top bit is `sign_a`. `x^2 (d y^2 + 1) = y^2 - 1` with `x < p` and `x`'s low
//!   bit `sign_a`: A is the point the key decodes to (a key whose `x` would be 0 is refused:
//!   such a point has small order, so the call returns INVALID).
//! - **Small order.** A point of the curve has order dividing 8 exactly when
//!   `y (y^2 - 1)(d y^4 + 2 y^2 - 1) = 0` (`y = ±1`: orders 1, 2; `y = 0`: order 4;
//!   the last factor: the points whose double has `y = 0`, order 8); the row proves that
//!   product invertible for A and for R'.
//! - **The challenge.** The digest of `R ‖ A ‖ M` comes from the call's last block
//!   (`ed25519-hash`); its 64 bytes are range-checked and `k ≡ digest (mod ℓ)` as a
//!   little-endian number. `s < ℓ`.
//! - **The equation.** `[s] B` and `[k] A` come from `ed25519-mul` (A on the curve by its
//!   decoding, B a constant). `R' = [s] B + (-[k] A)` by the complete addition law; `R'.y < p`
//!   equals R's low 255 bits and `R'.x < p` has parity R's top bit: R is exactly `R'`'s
//!   canonical encoding, as `verify_strict` requires.
//!
//! Refused with a clear error (never proven): calls that do not return OK, and a key or
//! signature that is not 4-aligned (the SDK copies them to aligned buffers).

pub mod curve;
pub mod feeder;
pub mod mul;
pub mod verify;
