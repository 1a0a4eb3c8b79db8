//! The `sha256` chip: SHA-256 compression of consecutive blocks (`SHA256_COMPRESS` = 0x101,
//! reference semantics in `gluecp_coprocessors::sha256`). One row per block:
//! `p3-sha256-air`'s `Sha256Air` runs unchanged on the row's first columns (through
//! [`crate::chips::keccak::PrefixBuilder`]), followed by the call's columns
//! ([`Sha256CallCols`]); the blocks' bytes come from a [`crate::chips::word_bytes`] table,
//! `sha256-word`.
//!
//! # The call
//!
//! `a0` = the state `H0..H7` (8 little-endian `u32` words, 4-aligned), `a1` = the blocks
//! (message-order bytes, any alignment), `a2` = the number of blocks; the state is compressed
//! in place, nothing is returned (`ret = a0`). **Calls with no block are not proven yet** (the
//! executor refuses them with a clear error), nor calls whose blocks share a word with the
//! state.
//!
//! # Buses
//!
//! | bus | row | tuple | count |
//! | --- | --- | --- | --- |
//! | `exec` (receive) | first | `(clk, 0x101, a0_lo, a0_hi, a0_lo, a0_hi)` | `first` |
//! | `memory` | first | reads of `x11 = a1`, `x12 = a2`; receive `(a0 + 4 w, H_w, prev_ts)` | `first` |
//! | `memory` | last | send `(a0 + 4 w, H'_w, 4 clk + 2)` | `last` |
//! | `sha256-byte` | every | `(clk, block + 4 t + k, byte k of W_t)` for the 64 block bytes | `is_real` |
//! | `byte` | first | range checks of the pointers, the count and the timestamps | `first` |
//!
//! # Soundness
//!
//! - **The compression.** `Sha256Air` proves the row's output state bits are the
//!   compression of its input state limbs by its schedule, whose first 16 words' bits are
//!   the block (as big-endian words).
//! - **The call.** A call's rows are consecutive: `first` on the trace's first row or after a
//!   last row, `last` only at `rem = 0`, `rem` starting at `a2 - 1` and counting down (a
//!   count passing 0 would need about 2^31 rows), every real row before padding a last row.
//!   Over a call the clock and state address are constant, blocks are 64 bytes apart from
//!   `a1`, and each block's input state is the previous block's output (limbs packed from
//!   its bits). So the rows are exactly the call's `a2` compressions, chained.
//! - **Memory.** The first row receives each state word (the value in memory, with
//!   `prev_ts < ts`), the last row sends the final state as the word's new value: the two
//!   halves of one access at `ts`. Every block byte is looked up at its address at the
//!   call's timestamp on `sha256-byte`, which `sha256-word` rows provide from words read
//!   there. The state is 4-aligned in `[0x1000, 2^29 - 32]`, the blocks in `[0x1000, 2^29)`
//!   with `a2 < 2^18` (so `64 a2` is at most `MAX_TRANSFER` and nothing wraps): no address
//!   is a register.

mod air;
mod columns;
mod trace;

pub use air::{ARG_REGS, SHA256_BYTE_BUS, SHA256_WORD_AIR, Sha256ChipAir};
pub use columns::{NUM_SHA256_CHIP_COLS, Sha256CallCols, Sha256ChipCols};
pub use trace::{generate_trace, word_trace};
