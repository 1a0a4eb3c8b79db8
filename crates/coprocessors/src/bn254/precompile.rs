//! Ethereum's BN254 (alt_bn128) precompiles 0x06, 0x07 and 0x08 on `substrate-bn`, the
//! library revm uses, with the same decoding rules as revm and go-ethereum.
//!
//! One source serves three users so that they do the same work: the coprocessor handlers,
//! the native baseline of the benchmark, and the guest's plain-RISC-V twin, which includes
//! this file with `#[path]`. It therefore uses `core` and `alloc` only.
//!
//! Encodings (EIP-196, EIP-197), every number 32 bytes big-endian:
//! - a G1 point is `x || y`; `(0, 0)` is the point at infinity;
//! - a G2 point is `x_im || x_re || y_im || y_re` (imaginary part first); all zero is the
//!   point at infinity;
//! - a coordinate must be below the field modulus p, a point must be on its curve, and a
//!   G2 point must be in the order-r subgroup (G1 has cofactor 1); otherwise the whole
//!   precompile fails;
//! - a scalar is any 256-bit number (it acts modulo the group order r).
//!
//! The EVM right-pads short precompile input with zeros and ignores extra bytes of 0x06
//! and 0x07; these functions take exact lengths, so that padding is the caller's.

// A module-level `extern crate` works in the host crate (std) and in the guest (no_std).
extern crate alloc;

use alloc::vec::Vec;
use substrate_bn::{AffineG1, AffineG2, Fq, Fq2, Fr, G1, G2, Group, Gt};

/// Bytes of one pairing-check pair: a G1 point (64) then a G2 point (128).
pub const PAIR_LEN: usize = 192;

/// Why a precompile input is refused (the EVM call fails).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// A coordinate is not below the field modulus.
    NotInField,
    /// A point is not on its curve.
    NotOnCurve,
    /// A G2 point is on the curve but not in the order-r subgroup.
    NotInSubgroup,
    /// Pairing input whose length is not a multiple of [`PAIR_LEN`].
    Length,
}

/// Precompile 0x06: the sum of two G1 points, `x1 || y1 || x2 || y2` -> `x || y`.
pub fn add(input: &[u8; 128]) -> Result<[u8; 64], Invalid> {
    let p = read_g1(&input[..64])?;
    let q = read_g1(&input[64..])?;
    Ok(encode_g1(p + q))
}

/// Precompile 0x07: a G1 point times a scalar, `x || y || s` -> `x || y`.
pub fn mul(input: &[u8; 96]) -> Result<[u8; 64], Invalid> {
    let p = read_g1(&input[..64])?;
    // Reduces the 256-bit scalar modulo r; fails only on a slice that is not 32 bytes.
    let s = Fr::from_slice(&input[64..]).map_err(|_| Invalid::Length)?;
    Ok(encode_g1(p * s))
}

/// Precompile 0x08: whether `e(P1, Q1) · … · e(Pk, Qk) = 1` for the `k` pairs of `input`
/// (192 bytes each). Empty input is the empty product: `true`.
pub fn pairing(input: &[u8]) -> Result<bool, Invalid> {
    if !input.len().is_multiple_of(PAIR_LEN) {
        return Err(Invalid::Length);
    }
    let mut pairs = Vec::with_capacity(input.len() / PAIR_LEN);
    for pair in input.chunks_exact(PAIR_LEN) {
        let (g1, g2) = (read_g1(&pair[..64])?, read_g2(&pair[64..])?);
        // A pair with a point at infinity contributes e = 1; every pair is still checked.
        if !g1.is_zero() && !g2.is_zero() {
            pairs.push((g1, g2));
        }
    }
    Ok(substrate_bn::pairing_batch(&pairs) == Gt::one())
}

/// A 32-byte big-endian field element.
fn read_fq(bytes: &[u8]) -> Result<Fq, Invalid> {
    Fq::from_slice(bytes).map_err(|_| Invalid::NotInField)
}

fn read_g1(bytes: &[u8]) -> Result<G1, Invalid> {
    let (x, y) = (read_fq(&bytes[..32])?, read_fq(&bytes[32..64])?);
    if x.is_zero() && y.is_zero() {
        return Ok(G1::zero());
    }
    AffineG1::new(x, y)
        .map(G1::from)
        .map_err(|_| Invalid::NotOnCurve)
}

fn read_g2(bytes: &[u8]) -> Result<G2, Invalid> {
    let fq2 = |at: usize| -> Result<Fq2, Invalid> {
        let imaginary = read_fq(&bytes[at..at + 32])?;
        Ok(Fq2::new(read_fq(&bytes[at + 32..at + 64])?, imaginary))
    };
    let (x, y) = (fq2(0)?, fq2(64)?);
    if x.is_zero() && y.is_zero() {
        return Ok(G2::zero());
    }
    AffineG2::new(x, y)
        .map(G2::from)
        .map_err(|error| match error {
            substrate_bn::GroupError::NotInSubgroup => Invalid::NotInSubgroup,
            substrate_bn::GroupError::NotOnCurve => Invalid::NotOnCurve,
        })
}

/// `x || y` of an affine point; 64 zeros for the point at infinity.
fn encode_g1(point: G1) -> [u8; 64] {
    let mut out = [0u8; 64];
    if let Some(affine) = AffineG1::from_jacobian(point) {
        let (x, y) = out.split_at_mut(32);
        // Cannot fail: each half is exactly 32 bytes.
        let _ = affine.x().to_big_endian(x);
        let _ = affine.y().to_big_endian(y);
    }
    out
}
