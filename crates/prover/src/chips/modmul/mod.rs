//! The `modmul` chip: 256-bit modular multiplication (`MODMUL256` = 0x103, reference
//! semantics in `gluecp_coprocessors::modmul`), `out = x y mod m` for any 256-bit `x`, `y`
//! and `m`, with status `INVALID` and `out = 0` when `m = 0`. One call is one row
//! ([`ModmulCols`], 493 columns).
//!
//! # The row
//!
//! The operands are 32 byte limbs each. With `m != 0` the row holds the quotient
//! `q = floor(x y / m)` (64 byte limbs, since `q < 2^512`) and proves, as polynomials in 256
//! ([`crate::chips::bigint`]),
//!
//! - `x y - q m - r = 0`, with 94 carries in `[-2^15, 2^15)`: every coefficient is a sum
//!   of at most 32 products of bytes minus as many, below `2^22` in absolute value, so the
//!   identity holds over the integers;
//! - `r + d + 1 - m = 0` with `d` bytes and 31 boolean carries (the top carry 0): `r < m`.
//!
//! So `r = x y mod m`. With `m = 0` (`m_zero`) neither holds; instead every limb of `m` and
//! of `r` is 0 (and the witnesses `q`, `d` and the carries are 0), and the status is `INVALID`. `m_zero` is 0 whenever `m != 0` since `r < m`
//! is then required, and 1 whenever `m = 0` since `r < 0` is impossible.
//!
//! # Buses
//!
//! | bus | tuple | count |
//! | --- | --- | --- |
//! | `exec` (receive) | `(clk, 0x103, out_lo, out_hi, m_zero, 0)` | `is_real` |
//! | `memory` | reads of `x11`, `x12`, `x13` (`a1..a3`) at slot 2 | `is_real` |
//! | `memory` | reads of x's, y's and m's words at slots 0, 1 and 2 ([`OPERAND_SLOTS`]); writes of out's at slot 3 | `is_real` |
//! | `byte` | every limb (two per lookup), the carries, the pointer checks, each access's timestamp difference | `is_real` |
//!
//! # Soundness
//!
//! - **The call.** Each real row receives one call (number fixed, status `m_zero`) and reads
//!   the three addresses from the argument registers. Each address is proven 4-aligned and
//!   in `[0x1000, 2^29 - 32]`, so no operand word is a register.
//! - **Aliasing.** The operands may alias one another, in whole or in part, as the VM allows:
//!   each operand has its own timestamp slot, so a word is accessed at most once per
//!   timestamp, and the write of out comes after every read. The CPU accesses only registers
//!   at slots 0, 1 and 3 of an `ecall`.
//! - **The words.** A word read is the little-endian composition of its four byte limbs,
//!   each range-checked, so the limbs are the memory's bytes; a word written is composed of
//!   range-checked bytes too (limbs below 2^16, the memory invariant).
//! - **The arithmetic**, above: `r = x y mod m` exactly when `m != 0`.
//!
//! Padding rows are all zero and send nothing: the gated relations are off, and the ungated
//! ones hold on zeros.
//!
//! # What is not proven
//!
//! An operand in the code range (the VM allows reading constants there): the chip's reads
//! carry the writable flag, so the executor refuses such a call with a clear error.

mod air;
mod columns;
mod trace;

pub use air::{ModmulAir, OPERAND_SLOTS};
pub use columns::{LIMBS, ModmulCols, NUM_CARRIES, NUM_MODMUL_COLS, Q_LIMBS, WORDS};
pub use trace::generate_trace;
