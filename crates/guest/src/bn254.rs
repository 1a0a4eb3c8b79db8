//! BN254 (alt_bn128) on the host: Ethereum's precompiles 0x06, 0x07 and 0x08 with exactly
//! the EVM's semantics (EIP-196, EIP-197), one `ecall` each.
//!
//! Encodings are the EVM's, every number 32 bytes big-endian: a G1 point is `x ‖ y` with
//! `(0, 0)` for the point at infinity; a G2 point is `x_im ‖ x_re ‖ y_im ‖ y_re`
//! (imaginary part first), all zero for infinity; a scalar is any 256-bit number.
//! Where the EVM call would fail — a coordinate not below p, a point off its curve, a G2
//! point outside the order-r subgroup, a pairing input whose length is not a multiple of
//! 192 — these functions return `None`.
//!
//! The EVM right-pads short input to 0x06 and 0x07 with zeros and ignores extra bytes;
//! these functions take exact lengths, so an EVM implementation pads (or cuts) first.
//!
//! ```no_run
//! use gluecp_guest::bn254::{self, Pair};
//!
//! // The BN254 G1 generator (1, 2) doubled.
//! let mut generator = [0u8; 64];
//! (generator[31], generator[63]) = (1, 2);
//! let two_g = bn254::g1_add_points(&generator, &generator).expect("valid points");
//! let mut two = [0u8; 32];
//! two[31] = 2;
//! assert_eq!(bn254::g1_mul_scalar(&generator, &two), Some(two_g));
//!
//! // The empty product of pairings is one.
//! assert_eq!(bn254::pairing_check_pairs(&[] as &[Pair]), Some(true));
//! ```

use crate::abi::ecall::coprocessor::{BN254_ADD, BN254_MUL, BN254_PAIRING, OK};
use crate::syscall::ecall;

/// A G1 point, `x ‖ y`.
pub type G1 = [u8; 64];
/// A G2 point, `x_im ‖ x_re ‖ y_im ‖ y_re`.
pub type G2 = [u8; 128];
/// A scalar, big-endian.
pub type Scalar = [u8; 32];

/// One input pair of a pairing check: 192 bytes, as precompile 0x08 reads them, so that a
/// slice of pairs is passed to the host without a copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Pair {
    /// The G1 point.
    pub g1: G1,
    /// The G2 point.
    pub g2: G2,
}

const _: () = assert!(core::mem::size_of::<Pair>() == 192 && core::mem::align_of::<Pair>() == 1);

/// Precompile 0x06: `x1 ‖ y1 ‖ x2 ‖ y2` to the sum `x ‖ y`.
pub fn g1_add(input: &[u8; 128]) -> Option<G1> {
    point_call(BN254_ADD, input)
}

/// Precompile 0x07: `x ‖ y ‖ s` to `s · (x, y)`.
pub fn g1_mul(input: &[u8; 96]) -> Option<G1> {
    point_call(BN254_MUL, input)
}

/// Precompile 0x08: whether the product of the pairings of the 192-byte pairs in `input`
/// is one. Empty input is the empty product: `Some(true)`.
pub fn pairing_check(input: &[u8]) -> Option<bool> {
    // SAFETY: the host only reads `input.len()` bytes at `input`.
    let [status, one] = unsafe {
        ecall(
            BN254_PAIRING,
            [input.as_ptr() as u32, input.len() as u32, 0, 0],
        )
    };
    (status == OK).then_some(one == 1)
}

/// `p + q`.
pub fn g1_add_points(p: &G1, q: &G1) -> Option<G1> {
    let mut input = [0u8; 128];
    input[..64].copy_from_slice(p);
    input[64..].copy_from_slice(q);
    g1_add(&input)
}

/// `s · p`.
pub fn g1_mul_scalar(p: &G1, s: &Scalar) -> Option<G1> {
    let mut input = [0u8; 96];
    input[..64].copy_from_slice(p);
    input[64..].copy_from_slice(s);
    g1_mul(&input)
}

/// [`pairing_check`] on typed pairs.
pub fn pairing_check_pairs(pairs: &[Pair]) -> Option<bool> {
    // SAFETY: `Pair` is 192 plain bytes with no padding (checked above), so the slice is
    // `192 · len` initialized bytes, borrowed for the call.
    let bytes = unsafe {
        core::slice::from_raw_parts(pairs.as_ptr().cast::<u8>(), core::mem::size_of_val(pairs))
    };
    pairing_check(bytes)
}

/// An add or mul call: `input` to a 64-byte output, `None` on status INVALID.
fn point_call(call: u32, input: &[u8]) -> Option<G1> {
    let mut output = [0u8; 64];
    // SAFETY: the host reads the call's fixed input length (the caller passes the array of
    // exactly that length) and writes 64 bytes to `output`, which we borrow mutably.
    let [status, _] = unsafe {
        ecall(
            call,
            [input.as_ptr() as u32, output.as_mut_ptr() as u32, 0, 0],
        )
    };
    (status == OK).then_some(output)
}
