//! The `shift` chip: SLL, SRL and SRA by `c & 31`, one row per op received on the `exec` bus.
//!
//! A shift by `sh = 8 m + k` (`k < 8`) is one multiplication by a small power of two and a
//! move by whole bytes: with `D = b * mult` as five bytes `product[0..5]`,
//!
//! - SLL multiplies by `mult = 2^k`: the result's byte `i` is `product[i - m]` (0 below 0);
//! - SRL multiplies by `mult = 2^(8 - k)` (so that `D = b 2^(8-k)` and `b >> sh` is `D >> (8 +
//!   8 m)`): the result's byte `i` is `product[i + 1 + m]` (0 above 4);
//! - SRA does as SRL on `b` sign-extended: for a negative `b`, `D` gains
//!   `2^32 (256 - mult)` (the extension's bits times `mult`, truncated to 40 bits) and the
//!   bytes above 4 are 255.
//!
//! Every product stays below `2^26`, far from `p`: a multiplier up to `2^8` on 16-bit limbs.
//!
//! | column | meaning |
//! | --- | --- |
//! | `b[2]`, `c[2]` | the operands' limbs |
//! | `bits[3]` | the bits of `k = sh & 7` |
//! | `pow` | `2^k` |
//! | `mult` | `pow` (SLL) or `256 / pow` (SRL, SRA) |
//! | `product[5]` | the bytes of `D` |
//! | `offset[8]` | one-hot: SLL by `m` bytes (`offset[m]`) or SRL/SRA by `m` bytes (`offset[4 + m]`); all 0 on padding rows |
//! | `is_sra` | the row is an SRA |
//! | `b_neg` | SRA: the sign bit of `b`; else 0 |
//!
//! 24 columns, 6 interactions per row. The result `a` has no columns: its bytes are
//! `sum_o offset[o] * (the byte offset o selects)`, degree 2, recomposed into the tuple's
//! limbs.
//!
//! **Bus `exec`** (receives, [`crate::bus::receive_alu`]): `(op, a_lo, a_hi, b_lo, b_hi, c_lo,
//! c_hi)` with `op = SLL is_left + SRL is_right + (SRA - SRL) is_sra`, where
//! `is_left = offset[0] + .. + offset[3]`, `is_right = offset[4] + .. + offset[7]`, count
//! `is_real = is_left + is_right`.
//! **Bus `byte`** (looks up, count `is_real`): `(U16, (c_lo - sh) / 32)`, `RANGE(product[0],
//! product[1])`, `RANGE(product[2], product[3])`, `RANGE(product[4], kappa)` with
//! `kappa = (b_lo mult - product[0] - 256 product[1]) / 2^16`; and with count `is_sra`,
//! `(U16, 2 (b_hi - 2^15 b_neg))`.
//!
//! # Soundness
//!
//! **Op and direction.** The offsets are boolean with a boolean sum, `is_sra` is boolean and
//! implies `is_right`, so a row receives at most one tuple, and its op id (0, 6, 7 or 8) fixes
//! the direction and `is_sra`.
//!
//! **Shift amount.** `bits` are boolean and `m` (from the one-hot offset) is in `0..4`, so
//! `sh = bits + 8 m` is in `0..32`. The lookup proves `q = (c_lo - sh) / 32` in `0..2^16`, so
//! `c_lo = sh + 32 q` over the integers (both sides below `2^22`): `sh = c_lo mod 32 = c mod 32`.
//!
//! **Multiplier.** On real rows `pow = (1 + s0)(1 + 3 s1)(1 + 15 s2) = 2^k`; `mult = pow`
//! (left) or `mult pow = 256` (right), so `mult = 2^(8 - k)`: exactly the multiplier above.
//!
//! **Product.** `b_lo mult = product[0] + 256 product[1] + 2^16 kappa` and
//! `b_hi mult + kappa + 2^16 b_neg (256 - mult) = product[2] + 256 product[3] + 2^16 product[4]`
//! with every `product` byte and `kappa` range-checked: both sides of each are below `2^26`, so
//! they hold over the integers, and base-256 digits are unique: the bytes are those of
//! `b * mult + 2^32 b_neg (256 - mult)`. On SRA rows the lookup of `2 (b_hi - 2^15 b_neg)` proves
//! `b_neg` is `b`'s top bit (the other value of the bit makes it `2x` with `x` in `[-2^15, 0)`
//! or `[2^15, 2^16)`, which lies in `[p - 2^16, p)` or `[2^16, 2^17)`, outside the table); on
//! other rows `b_neg = 0`.
//!
//! So every column of a receiving row is fixed by `(op, b, c)`, and the result's bytes, picked
//! from `product` or filled with `255 b_neg`, are `op(b, c)`'s bytes (hence its limbs are below
//! `2^16`). A tuple with any other `a` has no row to balance it.

mod air;
mod columns;
mod trace;

pub use air::ShiftAir;
pub use columns::{NUM_SHIFT_COLS, ShiftCols};
pub use trace::generate_trace;
