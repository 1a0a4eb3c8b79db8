//! The `lt` chip: SLT, SLTU and EQ (`a = 1` if `b < c` signed, unsigned, or `b == c`; else 0),
//! one row per op received on the `exec` bus.
//!
//! | column | meaning |
//! | --- | --- |
//! | `b[2]`, `c[2]` | the operands' limbs |
//! | `a` | the result bit (`a_hi = 0` on the bus) |
//! | `diff[2]` | the limbs of `(b - c) mod 2^32` |
//! | `b_neg_or_inv` | SLT: the sign bit of `b`; EQ: the inverse of `diff[0] + diff[1]` (0 when `b = c`); else 0 |
//! | `c_neg` | SLT: the sign bit of `c`; else 0 |
//! | `is_slt`, `is_sltu`, `is_eq` | op selectors (all 0 on padding rows) |
//!
//! 12 columns, 5 interactions per row.
//!
//! **Bus `exec`** (receives, [`crate::bus::receive_alu`]): `(op, a, 0, b_lo, b_hi, c_lo, c_hi)`
//! with `op = SLT is_slt + SLTU is_sltu + EQ is_eq`, count `is_real = is_slt + is_sltu + is_eq`.
//! **Bus `byte`** (looks up): `(U16, diff[0])`, `(U16, diff[1])` with count `is_real`;
//! `(U16, 2 (b_hi - 2^15 b_neg))`, `(U16, 2 (c_hi - 2^15 c_neg))` with count `is_slt`.
//!
//! # Soundness
//!
//! The selectors are boolean with a boolean sum, so a row receives at most one tuple, and its
//! op id (0, 9, 10 or 11) names the selector that is set. `a` is boolean and `a_hi` is the
//! constant 0, so the result is a range-checked word.
//!
//! **The subtraction.** The borrows `w0 = (c_lo + diff_lo - b_lo) / 2^16` and
//! `w1 = (c_hi + diff_hi + w0 - b_hi) / 2^16` (field expressions) are boolean on every row, and
//! the `diff` limbs are range-checked on real rows. All limbs lie in `0..2^16`, so these field
//! equations are integer ones and `b + 2^32 w1 = c + diff`: `diff = (b - c) mod 2^32` and
//! `w1 = [b < c]` (unsigned), with no freedom left to the prover.
//!
//! **SLTU**: `a = w1`. **EQ**: `diff = 0` iff `b = c`, and as a sum of two limbs in `0..2^16`,
//! `s = diff_lo + diff_hi` is 0 in the field iff `diff = 0`. The constraints `a s = 0` and
//! `a + s inv = 1` force `a = 1` when `s = 0` and, when `s != 0`, `a = 0` (and then `inv` must
//! be `1/s`); `a inv = 0` fixes `inv = 0` when `b = c`. **SLT**: the lookup of
//! `2 (b_hi - 2^15 b_neg)` with `b_neg` boolean proves `b_neg = b_hi >> 15`: the bit's true value
//! gives an even number below `2^16`; the other gives `x` in `[-2^15, 0)` or `[2^15, 2^16)`, and
//! `2x` then lies in `[p - 2^16, p)` or `[2^16, 2^17)`, outside the table. Likewise for `c`.
//! Then `b <s c` equals `b_neg - c_neg + w1`: with equal signs the signed and unsigned orders
//! agree; `b` negative and `c` not gives `1 - 0 + 0`, and the reverse gives `0 - 1 + 1`.
//!
//! Each op thus fixes `a` from `b` and `c`; a tuple with another result has no row to balance
//! it. On the rows of other ops `b_neg_or_inv` and `c_neg` are constrained to 0.

mod air;
mod columns;
mod trace;

pub use air::LtAir;
pub use columns::{LtCols, NUM_LT_COLS};
pub use trace::generate_trace;
