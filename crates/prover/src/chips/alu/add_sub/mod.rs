//! The `add_sub` chip: ADD and SUB, one row per op received on the `exec` bus.
//!
//! | column | meaning |
//! | --- | --- |
//! | `a[2]` | the result's limbs `(lo, hi)` |
//! | `b[2]`, `c[2]` | the operands' limbs |
//! | `is_add`, `is_sub` | op selectors (both 0 on padding rows) |
//!
//! 8 columns, 3 interactions per row.
//!
//! **Bus `exec`** (receives, [`crate::bus::receive_alu`]): `(op, a_lo, a_hi, b_lo, b_hi, c_lo,
//! c_hi)` with `op = ADD is_add + SUB is_sub`, count `is_add + is_sub`.
//! **Bus `byte`** (looks up): `(U16, a_lo)` and `(U16, a_hi)`, count `is_add + is_sub`.
//!
//! # Soundness
//!
//! The selectors are boolean with a boolean sum, so a row receives at most one tuple, and its
//! op id (0, 1 or 2) names the selector that is set: a row can only receive ADD with `is_add`
//! and SUB with `is_sub`. The operands are range-checked words (the bus invariant), and the
//! result's limbs are range-checked on `byte` whenever the row receives.
//!
//! An ADD row constrains the carries `k0 = (b_lo + c_lo - a_lo) / 2^16` and
//! `k1 = (b_hi + c_hi + k0 - a_hi) / 2^16` (field expressions, no columns) to be boolean. With
//! every limb in `0..2^16`, `b_lo + c_lo - a_lo` lies in `(-2^16, 2^17)`, far from any multiple
//! of `p`, so the field equation is the integer one, and likewise for the high limbs: together
//! `b + c = a + 2^32 k1` over the integers, which with `a < 2^32` leaves exactly one `a`, the
//! wrapped sum. A SUB row applies the same constraint to `a + c = b + 2^32 k1` (the roles of
//! `a` and `b` swapped), whose only solution is `a = b - c mod 2^32`. So a receiving row with
//! any other result fails a constraint or a range check; the CPU's tuple balances only against
//! such a row.

mod air;
mod columns;
mod trace;

pub use air::AddSubAir;
pub use columns::{AddSubCols, NUM_ADD_SUB_COLS};
pub use trace::generate_trace;
