//! Poseidon2 over KoalaBear, width 16, on the `POSEIDON2_KOALABEAR16` coprocessor: the
//! instance of Plonky3's `default_koalabear_poseidon2_16()`, which gluecp's prover uses for
//! its Merkle commitments, so a guest can recompute or check such commitments cheaply.
//!
//! Field elements are `u32`s in canonical form, below [`P`] = 2^31 - 2^24 + 1. Every
//! function here panics on a non-canonical element (the coprocessor refuses it), except
//! [`try_permute`], which reports it. Reduce arbitrary data first, e.g. `x % P`.
//!
//! - [`permute`]: the permutation, one coprocessor call;
//! - [`hash`]: the padding-free sponge of Plonky3's
//!   `PaddingFreeSponge<Poseidon2KoalaBear<16>, 16, 8, 8>` (rate 8, capacity 8, 8-element
//!   digest), the hash of Merkle leaves;
//! - [`compress`]: Plonky3's `TruncatedPermutation<Poseidon2KoalaBear<16>, 2, 8, 16>`, the
//!   two-to-one compression of Merkle nodes.
//!
//! ```no_run
//! use gluecp_guest::poseidon2;
//!
//! let leaf = poseidon2::hash(&[1, 2, 3]);
//! let sibling = poseidon2::hash(&[4, 5, 6]);
//! let node = poseidon2::compress(&leaf, &sibling);
//! # let _ = node;
//! ```

use crate::syscall::ecall;
use core::fmt;
use gluecp_abi::ecall::coprocessor::{OK, POSEIDON2_KOALABEAR16};

/// The KoalaBear prime, 2^31 - 2^24 + 1.
pub const P: u32 = 0x7f00_0001;
/// Elements in the permutation's state.
pub const WIDTH: usize = 16;
/// Elements the sponge absorbs per permutation, and the length of a digest.
pub const RATE: usize = 8;

/// A digest: 8 canonical field elements.
pub type Digest = [u32; RATE];

/// The coprocessor refused a state: some element is not below [`P`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonCanonical;

impl fmt::Display for NonCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Poseidon2 state element is not below p = {P:#x}")
    }
}

impl core::error::Error for NonCanonical {}

/// Apply the permutation to `state` in place; on [`NonCanonical`] the state is untouched.
pub fn try_permute(state: &mut [u32; WIDTH]) -> Result<(), NonCanonical> {
    // SAFETY: `state` is 16 words we borrow mutably.
    unsafe { call(state.as_mut_ptr()) }
}

/// Apply the permutation to `state` in place.
///
/// # Panics
///
/// If an element of `state` is not below [`P`].
#[track_caller]
pub fn permute(state: &mut [u32; WIDTH]) {
    if let Err(error) = try_permute(state) {
        panic!("{error}");
    }
}

/// Hash `input` with the padding-free sponge: starting from the zero state, each chunk of
/// up to [`RATE`] elements overwrites the start of the state and is followed by a
/// permutation; the digest is the first [`RATE`] elements of the state.
///
/// Without padding, inputs of different lengths can collide (`[x]` and `[x, 0]` hash
/// alike) and the empty input hashes to zeros: use it where the protocol fixes the
/// length, as for the Merkle leaves of a matrix's rows.
///
/// # Panics
///
/// If an element of `input` is not below [`P`].
#[track_caller]
pub fn hash(input: &[u32]) -> Digest {
    let (blocks, rest) = input.as_chunks::<RATE>();
    let Some((first, blocks)) = blocks.split_first() else {
        let mut state = SpongeState::new(&[0; RATE], &[0; RATE]);
        state.absorb_last(rest);
        return state.rate;
    };
    let mut state = SpongeState::new(first, &[0; RATE]);
    state.permute();
    for block in blocks {
        state.rate = *block;
        state.permute();
    }
    state.absorb_last(rest);
    state.rate
}

/// Two-to-one compression: permute `left || right` and keep the first [`RATE`] elements.
///
/// # Panics
///
/// If an element of `left` or `right` is not below [`P`].
#[track_caller]
pub fn compress(left: &Digest, right: &Digest) -> Digest {
    let mut state = SpongeState::new(left, right);
    state.permute();
    state.rate
}

/// The state as the sponge sees it, rate then capacity: the same 64 bytes as a
/// `[u32; 16]`. Building it from two halves lets the compiler store the zero capacity
/// with eight instructions instead of calling `memset` for the whole state.
#[repr(C)]
struct SpongeState {
    rate: Digest,
    capacity: Digest,
}

impl SpongeState {
    fn new(rate: &Digest, capacity: &Digest) -> Self {
        SpongeState {
            rate: *rate,
            capacity: *capacity,
        }
    }

    /// Absorb a last, partial block (`rest` shorter than [`RATE`]) if there is one.
    #[track_caller]
    fn absorb_last(&mut self, rest: &[u32]) {
        if !rest.is_empty() {
            self.rate[..rest.len()].copy_from_slice(rest);
            self.permute();
        }
    }

    #[track_caller]
    fn permute(&mut self) {
        // SAFETY: `SpongeState` is `repr(C)` with two `[u32; 8]` fields, so it is 16 contiguous
        // words, which we borrow mutably.
        if let Err(error) = unsafe { call((self as *mut Self).cast()) } {
            panic!("{error}");
        }
    }
}

/// One `POSEIDON2_KOALABEAR16` call on the 16 words at `state`.
///
/// # Safety
///
/// `state` must point to 16 words that we may read and write.
unsafe fn call(state: *mut u32) -> Result<(), NonCanonical> {
    // SAFETY: the call reads and writes the 64 bytes at `state`, valid by the contract.
    let [status, _] = unsafe { ecall(POSEIDON2_KOALABEAR16, [state as u32, 0, 0, 0]) };
    if status == OK {
        Ok(())
    } else {
        Err(NonCanonical)
    }
}
