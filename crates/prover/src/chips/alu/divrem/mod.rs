//! The `divrem` chip: DIV, DIVU, REM and REMU, one row per op received on the `exec` bus.
//!
//! Each row holds the quotient `q` and the remainder `r` and proves
//! `q * c + r = b` over the integers (signed or unsigned as the op says) with the remainder
//! bound `|r| < |c|` and, for signed ops, `r = 0` or `r` of `b`'s sign; division by zero
//! (`q = 2^32 - 1`, `r = b`) and the signed overflow `i32::MIN / -1` (`q = i32::MIN`, `r = 0`)
//! are flagged cases. The product uses the `mul` chip's byte gadget
//! ([`crate::chips::alu::mul::product`]), so no partial sum wraps modulo p.
//!
//! | columns | count | constraint |
//! | --- | --- | --- |
//! | `is_div, is_divu, is_rem, is_remu` | 4 | boolean, sum boolean (`real`); `signed = is_div + is_rem` |
//! | `b[2]` | 2 | the dividend's limbs as received (range-checked by the bus invariant) |
//! | `c[4], q[4]` | 8 | bytes: 4 RANGE lookups |
//! | `r[2]` | 2 | 2 U16 lookups |
//! | `b_neg, c_neg, q_neg, r_neg` | 4 | 0 unless signed; top bits on signed rows: 1 RANGE + 2 U16 lookups (count `signed`) |
//! | `c_zero, overflow` | 2 | the two special cases, each pinning its inputs and its quotient |
//! | `carry[4].{low, high}` | 8 | product gadget carries: 4 RANGE lookups |
//! | `diff[2], borrow` | 3 | `|c| - |r| - 1` in limbs: 2 U16 lookups (count `real - c_zero`) |
//!
//! 33 columns; interactions per row: 15 on `byte` and 1 on `alu`.
//!
//! **Bus `exec`** ([`crate::bus::EXEC_BUS`]): receives `(op, a, b, c)` with count `real`, where
//! `op = 16 is_div + 17 is_divu + 18 is_rem + 19 is_remu`, `c = (c0 + 256 c1, c2 + 256 c3)`, and
//! `a = (q0 + 256 q1, q2 + 256 q3)` for DIV / DIVU, `(r_lo, r_hi)` for REM / REMU.
//! **Bus `byte`**: the lookups above.
//!
//! # Soundness
//!
//! On a real row one op flag is set, fixing the op id. The lookups make `c`, `q` canonical
//! bytes and `r`'s limbs 16-bit, so the received `c` and the sent `a` are the row's words with
//! limbs in range; `b` is received as is (the CPU's limbs are in range). On signed rows the
//! `*_neg` columns are the top bits (a boolean `s` with `2 x3 - 256 s` in `0..256`, or
//! `2 x_hi - 2^16 s` in `0..2^16`), on unsigned rows they are 0: so `B, C, Q, R`, the operands
//! extended to 64 bits with them, are the op's interpretation of the words. The product gadget
//! proves `Q C + R = B' (mod 2^64)` where `B'` is `B` except that its high half is 0 when
//! `overflow` is set. Both sides are below 2^63 in absolute value, so this is an integer
//! equation. Then:
//!
//! - `c_zero = 1` forces `c = 0` and `q = 2^32 - 1`; the product gives `r = b`: the RISC-V
//!   result. `c_zero` only on real rows keeps the bound's count `real - c_zero` in `{0, 1}`.
//! - `c_zero = 0`: the bound holds. `|c|` and `|r|` are formed limb by limb from the signs,
//!   `|c| - |r| - 1 = diff_lo + 2^16 diff_hi` holds over the integers (every term is below
//!   2^18, the borrow is in `{0, 1, 2}`), and both limbs are 16-bit, so `|r| < |c|`; in
//!   particular `c != 0`. For signed rows, `b_neg != r_neg` forces `r = 0`, so `r` is 0 or
//!   has `b`'s sign. Division with such a remainder is unique, so `q`, `r` are the truncated
//!   quotient and remainder, which RISC-V specifies, whenever that quotient is a 32-bit value.
//! - The truncated quotient fails to be a 32-bit value only for `i32::MIN / -1` (it is 2^31).
//!   There `overflow = 0` has no witness, and `overflow = 1` is allowed for exactly these inputs
//!   on a signed row; it turns the equation into `-Q + R = 2^31` with `|R| < 1`, so `r = 0` and
//!   `q = i32::MIN`: the RISC-V result. Set anywhere else it fails its pins.
//!
//! So a row receiving any other `a`, or `a` with a limb out of range, fails a constraint or a
//! lookup. Padding rows (all zero) have `real = 0`: they receive and look up nothing (the
//! bound's count `real - c_zero` is 0 too, as `c_zero` needs `real`) and satisfy every
//! constraint.

mod air;
mod columns;
mod trace;

pub use air::DivRemAir;
pub use columns::{DivRemCols, NUM_DIVREM_COLS};
pub use trace::generate_trace;
