//! The `keccak` chip: the Keccak-f\[1600\] coprocessor (`KECCAK_F` = 0x100, reference semantics
//! in `gluecp_coprocessors::keccak`). One call is one permutation of `p3-keccak-air`, 24 rows;
//! the chip reuses `KeccakAir` unchanged (evaluated on the first 2,633 columns of each row
//! through [`PrefixBuilder`]) and adds 184 columns that tie the permutation to the call and to
//! guest memory, spreading the memory work over the 24 rows.
//!
//! # The call
//!
//! `a0` = the 200-byte state (25 little-endian `u64` lanes, lane `x + 5 y` at `8 (x + 5 y)`,
//! 4-aligned), `a1` = bytes XORed into the start of the state before permuting, `a2` = their
//! length (a multiple of 8 up to 200; 0 = a pure permutation, `a1` ignored). Returns nothing
//! (`ret = a0`). State word `w` (0..50) is at `a0 + 4 w`; it is limb pair `2 (w % 2) + {0, 1}`
//! of lane `w / 2` in `p3-keccak-air`'s 16-bit limbs ([`word_limb`]).
//!
//! **Not supported yet: an unaligned `a1`** (with `a2 > 0`; the ABI allows any alignment).
//! The chip requires `a1` 4-aligned (a range check fails otherwise) and [`generate_trace`]
//! panics on such a call. Also, an absorb range overlapping the state would access a word
//! twice at the same timestamp; the execution record cannot hold such a call either.
//!
//! # Columns (per row, after `KeccakCols`)
//!
//! | columns | count | role |
//! | --- | --- | --- |
//! | `call`: `is_real, clk, a0[2], a1[2], a2, has_absorb` | 8 | the call, constant over the permutation |
//! | `rem` | 1 | absorb words still to read from this row on (`a2 / 4` on row 0) |
//! | `bit` | 1 | borrow / carry of the pointer check of rows 1..=4 and 7..=10, 0 elsewhere |
//! | `misc_value`, `misc_count` | 2 | the row's pointer check and its count (0 from row 11 on) |
//! | `out[50][2]` | 100 | the permutation's output words, constant over the permutation (`KeccakAir`'s output limbs on the last round) |
//! | `slots[3]`: `absorb, a[2], p[2], q[2], o[2], p_low[2], a_low[2], q_low[2], state_access[3], absorb_access[3], active, addr, absorb_addr` | 72 | word `3 r + k` in slot `k` of row `r` (rows 0..=16) |
//!
//! 2,817 columns in all (2,633 + 184), 24 rows per call; the trace is padded with permutations
//! of the zero state (`is_real = 0`, sending nothing) to a power of two, at least 4 rows.
//! Padding rows are not all-zero (Keccak's step flags and the zero state's rounds), but send
//! nothing. `KeccakAir`'s `export` flag marks row 23 of each real permutation.
//!
//! # Buses
//!
//! Every access is at `ts = 4 clk + 2` (slot 2).
//!
//! | bus | row | tuple | count |
//! | --- | --- | --- | --- |
//! | `syscall` (receive) | export | `(clk, 0x100, a0_lo, a0_hi, a0_lo, a0_hi)` | `export` |
//! | `memory` | export | read of `x11 = a1` (slot 0's absorb access), of `x12 = (a2, 0)` (slot 1's) | `export` |
//! | `memory` | slot of `w` | receive `(a0 + 4 w, P_w, prev_ts)` (with the `prev_ts < ts` check), send `(a0 + 4 w, O_w, ts)` | `active` |
//! | `memory` | slot of `w` | read of `a1 + 4 w` = `A_w` | `absorb` |
//! | `byte` XOR | slot of `w` | `P xor A = Q` on each of the 4 bytes | `active` |
//! | `byte` U16 | slot, export | each access's `diff_lo` | as the access |
//! | `byte` RANGE | slot, export | `(diff_hi, diff_hi)` of a slot's two accesses | `active` (+ `export` in slots 0, 1) |
//! | `byte` U16 | rows 0..=10 | one pointer check per row ([`MiscCheck`]) | `is_real` (rows 0..=5), `has_absorb` (6..=10) |
//!
//! A state word's access is one [`crate::bus::memory_access_without_hi`] on its slot row: the
//! output it sends is held on every row of the permutation (`out`). Every lookup field and count
//! is a single column or a short expression in a few (`active`, `addr`, `absorb_addr`,
//! `misc_value`, `misc_count` are columns for that reason): `p3-lookup` re-evaluates each one
//! from its symbolic form on every row when it builds the LogUp columns and the quotient, so a
//! long sum of step flags there costs more than a column.
//!
//! # Soundness
//!
//! - **The permutation.** `KeccakAir`'s constraints prove that row 23's output limbs are
//!   Keccak-f of the preimage held (constant) on every row, and range-check both (bits).
//! - **One call, one permutation.** `is_real` is boolean and constant over the permutation
//!   (transition constraints, off the last round), 0 on the last trace row (which is never a
//!   last round: `24 ∤ 2^k`), so a real permutation is complete. `export = is_real ·
//!   step_flags[23]`, so each real permutation receives exactly one call, and a padding one
//!   none; the call's `clk, a0, a1, a2` are the columns every row uses (constant). The number
//!   in the received tuple is the constant 0x100 and `ret = a0`.
//! - **Input state.** Each slot's `Q` is constrained to the preimage limbs of its word
//!   (selected by the step flags, which `KeccakAir` keeps one-hot); the XOR lookups prove
//!   `P xor A = Q` byte-wise (and that `P`, `A`, `Q`'s bytes are bytes), so the preimage is
//!   the received state XOR the absorbed words. Each of the 50 words is received exactly once
//!   (the schedule covers `w = 0..50` once), at its address, from its previous state.
//! - **Absorb.** `absorb` flags are boolean, a prefix in slot order (monotone within a row; a
//!   row that is not full leaves `rem` = its own count, so later rows absorb nothing), zero on
//!   slots without a word and on padding, and their total is `rem(row 0) = a2 / 4`; the `a2`
//!   read has high limb 0, so `a2 < 2^16` exactly, and `a2 / 8` is range-checked, so `a2` is a
//!   multiple of 8, at most 200, and exactly the first `a2 / 4` words read `A` (the others
//!   have `A = 0`).
//! - **Output.** `out` equals `KeccakAir`'s output limbs (range-checked) on every last-round
//!   row and is constant within a permutation (transition constraints off the last round), so
//!   on every row of a permutation it is that permutation's output; each slot's `O` is the
//!   `out` word its step flag selects, sent at `a0 + 4 w` and `ts` by the same access that
//!   received `P`. A wrong output claimed to memory cannot match them. (Sending each word on
//!   its slot row, not all 50 on the last row, halves the chip's bus interactions: now 35 per
//!   row in 18 LogUp columns, against 93 in 48.)
//! - **Pointers.** Rows 0..=4 prove `a0` 4-aligned, `a0 >= 0x1000` and `a0 + 200 <= 2^29`
//!   (a borrow / carry bit per pair of 16-bit checks: `lo - 0x1000 + 2^16 b` and `hi - b`,
//!   `lo + 199 - 2^16 c` and `8 (hi + c)`); rows 6..=10 the same for `a1` and `a2` when
//!   `a2 > 0` (`has_absorb` = the first slot's `absorb`, constant); row 5 `a2 / 8`. The
//!   limbs are register values (below 2^16), so no check wraps the field.
//! - **Timestamps.** Each access proves `prev_ts < ts` by `diff_lo` (16-bit lookup) and
//!   `diff_hi` (byte); the two `diff_hi` of a slot share one `(Range, hi, hi, 0)` lookup with
//!   count `active` (slots 0 and 1: `active + export`), which is 1 whenever either access's
//!   count is (`absorb` implies `active`; `active` is 0 on the export row).
//! - **Argument registers.** On the export row no slot holds a word (`absorb = active = 0`),
//!   so slots 0 and 1 read `x11` and `x12` through their absorb access: its count is
//!   `absorb + export` (boolean), its address `a1 + 4 w + export (11 - a1)` (resp. 12), its
//!   value the call's `a1` (resp. `(a2, 0)`) when `export`, 0 when neither.
//! - **Counts.** Every count is `export`, `absorb`, `absorb + export`, `active` (`= is_real`
//!   times a sum of one-hot step flags), `active + export`, or `misc_count` (`=` a sum of step
//!   flags times `is_real` or `has_absorb`): all boolean (the sums are of exclusive terms),
//!   each pinned to its expression by a constraint.

mod air;
mod columns;
mod sub_builder;
mod trace;

pub use air::{KeccakChipAir, MiscCheck, NUM_MISC_CHECKS, REG_A1, REG_A2, word_limb};
pub use columns::{
    CallCols, KeccakChipCols, NUM_KECCAK_CHIP_COLS, NUM_WRAPPER_COLS, SLOTS, STATE_WORDS, SlotCols,
    slot_word,
};
pub use sub_builder::{PrefixBuilder, PrefixWindow};
pub use trace::generate_trace;
