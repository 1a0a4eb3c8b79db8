//! The `keccak` chip: the Keccak-f\[1600\] coprocessor (`KECCAK_F` = 0x100, reference semantics
//! in `gluecp_coprocessors::keccak`). One call is one permutation of `p3-keccak-air`, 24 rows;
//! the chip reuses `KeccakAir` unchanged (evaluated on the first 2,633 columns of each row
//! through [`PrefixBuilder`]) and adds 153 columns that tie the permutation to the call and to
//! guest memory, spreading the memory work over the 24 rows. The words a call absorbs are
//! XORed into the state by a second table, `keccak-absorb` (one row per absorbed word; from an
//! address that is not 4-aligned, `keccak-absorb-unaligned` with the bytes of
//! `keccak-absorb-word`), so that a pure permutation, or a state word not absorbed into, pays
//! nothing for the absorb.
//!
//! # The call
//!
//! `a0` = the 200-byte state (25 little-endian `u64` lanes, lane `x + 5 y` at `8 (x + 5 y)`,
//! 4-aligned), `a1` = bytes XORed into the start of the state before permuting, `a2` = their
//! length (a multiple of 8 up to 200; 0 = a pure permutation, `a1` ignored). Returns nothing
//! (`ret = a0`). State word `w` (0..50) is at `a0 + 4 w`; it is limb pair `2 (w % 2) + {0, 1}`
//! of lane `w / 2` in `p3-keccak-air`'s 16-bit limbs ([`word_limb`]).
//!
//! `a1` may have any alignment, as the ABI allows. **Not supported:** an absorb range
//! overlapping the state (it would access a word twice at the same timestamp; the executor
//! refuses such a call with a clear error).
//!
//! # Columns of `keccak` (per row, after `KeccakCols`)
//!
//! | columns | count | role |
//! | --- | --- | --- |
//! | `call`: `is_real, clk, a0[2], a1[2], a2, has_absorb, a1_rem[2]` | 10 | the call, constant over the permutation (`a1_rem`: the bits of `a1 mod 4`) |
//! | `rem` | 1 | absorb words still to read from this row on (`a2 / 4` on row 0) |
//! | `bit` | 1 | borrow / carry of the pointer check of rows 1..=4 and 7..=10, 0 elsewhere |
//! | `misc_value`, `misc_count` | 2 | the row's pointer check and its count (0 from row 11 on) |
//! | `out[50][2]` | 100 | the permutation's output words, constant over the permutation (`KeccakAir`'s output limbs on the last round) |
//! | `slots[3]`: `absorb, p[2], q[2], o[2], access[3], active, addr, absorb_addr` | 39 | word `3 r + k` in slot `k` of row `r` (rows 0..=16) |
//!
//! 2,786 columns in all (2,633 + 153), 24 rows per call; the trace is padded with permutations
//! of the zero state (`is_real = 0`, sending nothing) to a power of two, at least 4 rows.
//! Padding rows are not all-zero (Keccak's step flags and the zero state's rounds), but send
//! nothing. `KeccakAir`'s `export` flag marks row 23 of each real permutation.
//!
//! Both absorb tables start with the same 11 columns ([`AbsorbWordCols`]): `is_real, clk, addr,
//! P[2], Q[2]` and the low bytes of the limbs of `P` and `Q`. `keccak-absorb` has 18 columns
//! ([`AbsorbCols`]): those, `A[2]` with the low bytes of its limbs, and the read's access
//! columns; zero rows pad it to a power of two. A proof none of whose calls absorbs has no such
//! table.
//!
//! `keccak-absorb-unaligned` has 16 columns ([`UnalignedCols`]): the shared 11, `r` and the
//! four absorbed bytes `a[4]`.
//! `keccak-absorb-word` is a [`crate::chips::word_bytes`] table (19 columns): one row per word
//! an unaligned absorb reads (`a2 / 4 + 1` per call), providing its bytes. A proof none of
//! whose calls absorbs from an unaligned address has neither.
//!
//! # Buses
//!
//! Every access is at `ts = 4 clk + 2` (slot 2).
//!
//! | bus | table, row | tuple | count |
//! | --- | --- | --- | --- |
//! | `syscall` (receive) | `keccak`, export | `(clk, 0x100, a0_lo, a0_hi, a0_lo, a0_hi)` | `export` |
//! | `memory` | `keccak`, slot of `w` | receive `(a0 + 4 w, P_w, prev_ts)` (with the `prev_ts < ts` check), send `(a0 + 4 w, O_w, ts)` | `active` |
//! | `memory` | `keccak`, export | slots 0 and 1: read of `x11 = a1` and of `x12 = (a2, 0)` | `export` |
//! | `keccak-absorb` | `keccak` sends, slot of `w` | `(clk, a1 + 4 w, P_w, Q_w, r)`, `r = a1 mod 4` | `absorb` |
//! | `keccak-absorb` | `keccak-absorb` receives | the same, with `r = 0` | `is_real` |
//! | `memory` | `keccak-absorb` | read of `A` at `a1 + 4 w` | `is_real` |
//! | `byte` XOR | `keccak-absorb` | `P xor A = Q` on each of the 4 bytes | `is_real` |
//! | `keccak-absorb` | `keccak-absorb-unaligned` receives | the tuple, any `r` | `is_real` |
//! | `keccak-absorb-byte` | `keccak-absorb-unaligned` looks up | `(clk, a1 + 4 w + i, a_i)`, `i < 4` | `is_real` |
//! | `byte` XOR | `keccak-absorb-unaligned` | `P xor A = Q` on each of the 4 bytes | `is_real` |
//! | `memory`, `keccak-absorb-byte` | `keccak-absorb-word` | read of a word, its 4 bytes provided | see [`crate::chips::word_bytes`] |
//! | `byte` U16 | both, each access | the access's `diff_lo` | as the access |
//! | `byte` RANGE | `keccak` | `(diff_hi, diff_hi)` of slots 0 and 1 (`active + export`); `(diff_hi, 0)` of slot 2 (`active`) | |
//! | `byte` RANGE | `keccak-absorb` | `(diff_hi, 0)` of the read | `is_real` |
//! | `byte` U16 | `keccak`, rows 0..=10 | one pointer check per row ([`MiscCheck`]) | `is_real` (rows 0..=5), `has_absorb` (6..=10) |
//! | `byte` RANGE | `keccak-absorb-word` | its bytes, its address | see [`crate::chips::word_bytes`] |
//!
//! A state word's access is one [`crate::bus::memory_access_without_hi`] on its slot row: the
//! output it sends is held on every row of the permutation (`out`). Every lookup field and count
//! is a single column or a short expression in a few (`active`, `addr`, `absorb_addr`, `q`,
//! `o`, `misc_value`, `misc_count` are columns for that reason): `p3-lookup` re-evaluates each
//! one from its symbolic form on every row when it builds the LogUp columns and the quotient,
//! so a long sum of step flags there costs more than a column. The `keccak` chip has 16
//! interactions per row in 9 LogUp columns (with the absorb's XOR lookups and reads on every
//! row, as before `keccak-absorb`, it had 35 in 18).
//!
//! # Soundness
//!
//! - **The permutation.** `KeccakAir`'s constraints prove that row 23's output limbs are
//!   Keccak-f of the preimage held (constant) on every row, and range-check both (their limbs
//!   are sums of bits).
//! - **One call, one permutation.** `is_real` is boolean and constant over the permutation
//!   (transition constraints, off the last round), 0 on the last trace row (which is never a
//!   last round: `24 ∤ 2^k`), so a real permutation is complete. `export = is_real ·
//!   step_flags[23]`, so each real permutation receives exactly one call, and a padding one
//!   none; the call's `clk, a0, a1, a2` are the columns every row uses (constant). The number
//!   in the received tuple is the constant 0x100 and `ret = a0`.
//! - **Input state.** Each slot's `Q` is constrained to the preimage limbs of its word
//!   (selected by the step flags, which `KeccakAir` keeps one-hot). A word not absorbed
//!   (`active - absorb = 1`) has `Q = P`; an absorbed word sends `(clk, a1 + 4 w, P, Q, r)`.
//!   A `keccak-absorb` row receives it only with `r = 0`, so only for a 4-aligned `a1`, and
//!   then reads `A` at that (aligned) address and timestamp; a `keccak-absorb-unaligned` row
//!   receives any `r` and looks up the four bytes at `a1 + 4 w + i` at that `clk`, which
//!   `keccak-absorb-word` provides only as the bytes of guest words read at the call's
//!   timestamp. Either proves `P xor A = Q` byte-wise (the XOR lookups also prove every byte a
//!   byte). A row receives exactly one tuple, so it can neither serve a word the chip did not
//!   send nor leave one unserved. So the preimage is the received state XOR the absorbed
//!   words. Each of the 50 words is
//!   received exactly once (the schedule covers `w = 0..50` once), at its address, from its
//!   previous state.
//! - **Absorb.** `absorb` flags are boolean, a prefix in slot order (monotone within a row; a
//!   row that is not full leaves `rem` = its own count, so later rows absorb nothing), zero on
//!   slots without a word and on padding, and their total is `rem(row 0) = a2 / 4`; the `a2`
//!   read has high limb 0, so `a2 < 2^16` exactly, and `a2 / 8` is range-checked, so `a2` is a
//!   multiple of 8, at most 200, and exactly the first `a2 / 4` words are XORed with the words
//!   at `a1 + 4 w` (the others enter as they are).
//! - **Output.** `out` equals `KeccakAir`'s output limbs (range-checked) on every last-round
//!   row and is constant within a permutation (transition constraints off the last round), so
//!   on every row of a permutation it is that permutation's output; each slot's `O` is the
//!   `out` word its step flag selects, sent at `a0 + 4 w` and `ts` by the same access that
//!   received `P`. A wrong output claimed to memory cannot match them.
//! - **Pointers.** Rows 0..=4 prove `a0` 4-aligned, `a0 >= 0x1000` and `a0 + 200 <= 2^29`
//!   (a borrow / carry bit per pair of 16-bit checks: `lo - 0x1000 + 2^16 b` and `hi - b`,
//!   `lo + 199 - 2^16 c` and `8 (hi + c)`); rows 7..=10 the same bounds for `a1` and `a2` when
//!   `a2 > 0` (`has_absorb` = the first slot's `absorb`, constant); row 5 `a2 / 8`; row 6
//!   `(a1_lo - r) / 4` with `r = a1_rem[0] + 2 a1_rem[1]` (boolean bits, 0 without an
//!   absorb): a 16-bit value there means `a1_lo - r` is a multiple of 4 (were `a1_lo < r`,
//!   `(a1_lo - r) / 4` would be about `p / 4`), so `r = a1 mod 4`. The limbs are register
//!   values (below 2^16), so no check wraps the field. The absorb tables read at the
//!   addresses the chip sent, which are guest addresses in that range, as `word_bytes`
//!   requires.
//! - **Timestamps.** Each access proves `prev_ts < ts` by `diff_lo` (16-bit lookup) and
//!   `diff_hi` (byte); slots 0 and 1 share one `(Range, hi_0, hi_1)` lookup with count
//!   `active_0 + export`, which equals each one's access count (the two slots hold words on
//!   the same rows, and both read a register on the export row).
//! - **Argument registers.** On the export row no slot holds a word (`absorb = active = 0`),
//!   so slots 0 and 1 read `x11` and `x12` through their access: its count is `active +
//!   export` (boolean), its address `a0 + 4 w + export (11 - a0)` (resp. 12), `P` the call's
//!   `a1` (resp. `(a2, 0)`) and `O = P` when `export`.
//! - **Counts.** Every count is `export`, `absorb`, `active` (`= is_real` times a sum of one-hot
//!   step flags), `active + export`, `is_real`, or `misc_count` (`=` a sum of step flags times
//!   `is_real` or `has_absorb`): all boolean (the sums are of exclusive terms), each pinned to
//!   its expression by a constraint.

mod absorb;
mod air;
mod columns;
mod sub_builder;
mod trace;

pub use absorb::{
    ABSORB_BYTE_BUS, ABSORB_WORD_AIR, AbsorbWord, KeccakAbsorbAir, KeccakAbsorbUnalignedAir,
    generate_absorb_trace, generate_unaligned_trace,
};
pub use air::{
    ABSORB_BUS, ABSORB_TUPLE_LEN, KeccakChipAir, MiscCheck, NUM_MISC_CHECKS, REG_A1, REG_A2,
    word_limb,
};
pub use columns::{
    AbsorbCols, AbsorbWordCols, CallCols, KeccakChipCols, NUM_ABSORB_COLS, NUM_KECCAK_CHIP_COLS,
    NUM_UNALIGNED_COLS, NUM_WRAPPER_COLS, SLOTS, STATE_WORDS, SlotCols, UnalignedCols, slot_word,
};
pub use sub_builder::{PrefixBuilder, PrefixWindow};
pub use trace::{AbsorbWords, absorb_words, generate_trace};
