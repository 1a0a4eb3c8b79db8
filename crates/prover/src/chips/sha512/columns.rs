//! The `sha512` table's columns.

use crate::chips::impl_row_borrow;

/// One round of one block (see the module docs of [`super`]). All 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Sha512Cols<T> {
    pub is_real: T,
    /// Round 0 of a block.
    pub first: T,
    /// Round 79 of a block.
    pub last: T,
    pub round: T,
    /// The block's call clock and index (its identity on the buses).
    pub clk: T,
    pub index: T,
    /// Working variables before the round: bits, least significant first.
    pub a: [T; 64],
    pub b: [T; 64],
    pub c: [T; 64],
    pub e: [T; 64],
    pub f: [T; 64],
    pub g: [T; 64],
    /// `d` and `h` as 16-bit limbs.
    pub d: [T; 4],
    pub h: [T; 4],
    /// `Σ0(a)`, `Σ1(e)`, `Maj(a, b, c)` bits.
    pub sig0: [T; 64],
    pub sig1: [T; 64],
    pub maj: [T; 64],
    /// The new `a` and `e` (16-bit limbs) and their sums' carries.
    pub new_a: [T; 4],
    pub new_e: [T; 4],
    pub carry_a: [T; 4],
    pub carry_e: [T; 4],
    /// `W_t .. W_{t+15}`, 16-bit limbs.
    pub w: [[T; 4]; 16],
    /// Bits of `W_{t+1}` and `W_{t+14}`, and `σ0(W_{t+1})`, `σ1(W_{t+14})`.
    pub w1: [T; 64],
    pub w14: [T; 64],
    pub s0: [T; 64],
    pub s1: [T; 64],
    /// Carries of `W_{t+16}`.
    pub w_carry: [T; 4],
    /// `K_t`, looked up.
    pub k: [T; 4],
    /// The chaining value the block started from.
    pub hin: [[T; 4]; 8],
    /// On the last row, `H` plus the final variables (0 elsewhere), and the carries.
    pub hout: [[T; 4]; 8],
    pub hout_carry: [[T; 4]; 8],
}

/// Width of the `sha512` table.
pub const NUM_SHA512_COLS: usize = size_of::<Sha512Cols<u8>>();

impl_row_borrow!(Sha512Cols);
