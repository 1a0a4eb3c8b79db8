//! The `mul` chip: MUL, MULH, MULHSU and MULHU, one row per op received on the `exec` bus.
//!
//! The chip proves the whole 64-bit product `B * C mod 2^64` of the operands sign-extended as
//! the op requires (MULH: both, MULHSU: `b`, MULHU and MUL: neither), and returns its low half
//! (MUL) or its high half. The operands are split into bytes so that no partial sum wraps
//! modulo p ([`product`] gives the bound).
//!
//! | columns | count | constraint |
//! | --- | --- | --- |
//! | `is_mul, is_mulh, is_mulhsu, is_mulhu` | 4 | boolean, sum boolean (`real`) |
//! | `b[4], c[4]` | 8 | bytes: 4 RANGE lookups |
//! | `b_msb, c_msb` | 2 | top bits: 1 RANGE lookup of `(2 b3 - 256 b_msb, 2 c3 - 256 c_msb)` |
//! | `product[4]` | 4 | 16-bit chunks of the product: 4 U16 lookups |
//! | `carry[4].{low, high}` | 8 | one carry `low + 8 high` per chunk: 4 RANGE lookups |
//!
//! 26 columns; interactions per row: 13 on `byte` (count `real`) and 1 on `alu`.
//!
//! **Bus `exec`** ([`crate::bus::EXEC_BUS`]): receives `(op, a, b, c)` with count `real`, where
//! `op = 12 is_mul + 13 is_mulh + 14 is_mulhsu + 15 is_mulhu`, `b = (b0 + 256 b1, b2 + 256 b3)`
//! (likewise `c`), and `a = (product[0], product[1])` for MUL, `(product[2], product[3])`
//! otherwise. **Bus `byte`**: the lookups above.
//!
//! # Soundness
//!
//! A real row has exactly one op flag set (booleans with a boolean sum), which fixes the op id
//! it receives. The RANGE lookups make `b[i]`, `c[i]` bytes, so the limbs the row receives are
//! the canonical limbs of the words the CPU sent; `b_msb`, `c_msb` are their top bits (a
//! boolean `s` with `2 b3 - 256 s` in `0..256`). The sign extension used in the product
//! (`b_msb * (is_mulh + is_mulhsu)`, `c_msb * is_mulh`) is then exactly the one the op
//! specifies, and the product gadget (carries range-checked, chunks U16-checked, no sum
//! reaching p) proves `product = B * C mod 2^64` over the integers. Hence `a` is the op's
//! RISC-V result with both limbs below 2^16, and a row claiming any other `a` (or `a` with a
//! limb out of range) violates a constraint or a lookup. Padding rows (all zero) have
//! `real = 0`: they receive and look up nothing, and satisfy every constraint.

mod air;
mod columns;
pub mod product;
mod trace;

pub use air::MulAir;
pub use columns::{MulCols, NUM_MUL_COLS};
pub use trace::generate_trace;
