//! The `bitwise` chip: XOR, OR and AND, one row per op received on the `exec` bus, computed
//! byte by byte on the byte table.
//!
//! | column | meaning |
//! | --- | --- |
//! | `a[4]`, `b[4]`, `c[4]` | the bytes of the result and of the operands, least significant first |
//! | `is_xor`, `is_or`, `is_and` | op selectors (all 0 on padding rows) |
//!
//! 15 columns, 5 interactions per row (degree 3: the OR result is degree 2). The limbs on the `exec` bus are `x_lo = x[0] + 256 x[1]`,
//! `x_hi = x[2] + 256 x[3]`.
//!
//! **Bus `exec`** (receives, [`crate::bus::receive_alu`]): `(op, a_lo, a_hi, b_lo, b_hi, c_lo,
//! c_hi)` with `op = XOR is_xor + OR is_or + AND is_and`, count `is_xor + is_or + is_and`.
//! **Bus `byte`** (looks up): `(byte_op, b[i], c[i], r[i])` for `i` in `0..4`, with
//! `byte_op = Xor is_xor + And (is_or + is_and)` (the [`ByteOp`](crate::chips::byte::ByteOp)
//! ids; the table has no OR) and `r[i] = a[i]`, or `b[i] + c[i] - a[i]` for OR, same count.
//!
//! # Soundness
//!
//! The selectors are boolean with a boolean sum, so a row receives at most one tuple, and its
//! ALU op id (0, 3, 4 or 5) names the selector that is set, which also picks the byte op of
//! the four lookups. A lookup `(byte_op, x, y, z)` balances only against a byte-table row,
//! whose entries all have bytes `x`, `y` and `z = x byte_op y`; so `b[i]`, `c[i]` are bytes
//! and `a[i] = b[i] op c[i]` (for OR, `z = b[i] + c[i] - a[i] = b[i] & c[i]` gives
//! `a[i] = b[i] | c[i]`), a byte. Bytes make the limbs `x[0] + 256 x[1]`
//! exactly the 16-bit limbs with those bytes (no wrap mod `p`), so the received `b` and `c` are
//! the operands whose bytes were combined, and `a` (its limbs below `2^16`) is `b op c`. A
//! tuple with any other `a` has no row to balance it.

mod air;
mod columns;
mod trace;

pub use air::BitwiseAir;
pub use columns::{BitwiseCols, NUM_BITWISE_COLS};
pub use trace::generate_trace;
